"""One Python process that runs pytest again and again, for `make mutate`'s mutants of .sql files (issue 33).

A mutant of an .sql file changes no Python: the warehouse and the pages read the .sql files from disk each time they
build a model or run a query. So the interpreter, pytest, DuckDB, polars and Streamlit need not be started again for
every mutant: tools/mutate.py writes the mutant into the project copy, sends this process the test ids on one line
of JSON on its standard input and reads pytest's exit code from the line this process writes back. Every run is a
fresh pytest session (the session and module fixtures — the hand-made warehouses — are built again from the
mutated files); before it, every cache the code under test or the tests keep is emptied (Streamlit's caches and
every `functools` cache of a module of the project), so nothing computed from an earlier mutant is read again.
pytest's own output goes to the file named in MUTATE_WORKER_LOG (or nowhere).

    cd <project copy> && python -m tools.mutate_worker
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

PROJECT = Path.cwd().resolve()


def empty_caches() -> None:
    """Streamlit's caches and every functools cache of a module loaded from the project."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if not file or not Path(file).resolve().is_relative_to(PROJECT) or ".venv" in Path(file).parts:
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and hasattr(value, "cache_info"):
                clear()


def main() -> int:
    import pytest

    answer = os.fdopen(os.dup(sys.stdout.fileno()), "w")  # the protocol's channel; fd 1 becomes pytest's log
    log = os.open(os.environ.get("MUTATE_WORKER_LOG", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    os.dup2(log, sys.stdout.fileno())
    os.dup2(log, sys.stderr.fileno())
    sys.path.insert(0, str(PROJECT))
    for line in sys.stdin:
        arguments = json.loads(line)
        empty_caches()
        code = pytest.main(arguments)
        answer.write(json.dumps(int(code)) + "\n")
        answer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
