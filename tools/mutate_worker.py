"""One Python process that runs pytest again and again, for `make mutate`'s mutants of .sql files (issue 33).

A mutant of an .sql file changes no Python: the warehouse and the pages read the .sql files from disk each time they
build a model or run a query. So the interpreter, pytest, DuckDB, polars and Streamlit need not be started again for
every mutant: tools/mutate.py writes the mutant into the project copy, sends this process the test ids on one line
of JSON on its standard input and reads pytest's exit code from the line this process writes back. Every run is a
fresh pytest session (the session and module fixtures — the hand-made warehouses — are built again from the
mutated files); before it, every cache the code under test or the tests keep is emptied (Streamlit's caches and
every `functools` cache of a module of the project), so nothing computed from an earlier mutant is read again.
pytest's own output goes to the file named in MUTATE_WORKER_LOG (or nowhere).

Most mutants do not change how a warehouse is built: those of ui/sql (the pages' queries), etl/sql/exports and
etl/sql/impact are read only after a load. So the worker keeps the warehouses the tests load (tests/helpers.load's
first load into a new file, and the demo) while the .sql files a load reads are those of the unmutated project
(their digest given in MUTATE_CLEAN_DIGEST), and hands a later session a copy instead of loading again: the same
file, the same report (every session uses the same --basetemp, so the tests' folders and paths are the same too).
A mutant of a file a load reads changes the digest and is loaded afresh.

    cd <project copy> && python -m tools.mutate_worker
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from io import StringIO
from pathlib import Path

PROJECT = Path.cwd().resolve()
NOT_LOADED = ("exports", "impact")  # etl/sql folders a load never reads


def loaded_digest(project: Path = PROJECT) -> str:
    """The digest of the .sql files a load or the demo build reads (etl/sql but exports/ and impact/)."""
    digest = hashlib.sha256()
    sql = project / "etl" / "sql"
    for path in sorted(sql.rglob("*.sql")):
        if path.relative_to(sql).parts[0] not in NOT_LOADED:
            digest.update(path.relative_to(sql).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Loads:
    """Warehouses loaded by an earlier session on the unmutated load SQL, handed out as copies."""

    def __init__(self, folder: Path, clean: str | None) -> None:
        self.folder, self.clean = folder, clean
        self.kept: dict[str, object] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def _key(self, *parts) -> str | None:
        if self.clean is None or loaded_digest() != self.clean:
            return None
        digest = hashlib.sha256(json.dumps([str(p) for p in parts]).encode())
        for part in parts:
            path = Path(str(part))
            files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
            for file in files:
                if file.is_file():
                    digest.update(str(file).encode() + b"\0" + file.read_bytes())
        return digest.hexdigest()

    def _hand_out(self, key: str | None, db: Path, make):
        """The result of `make()` that wrote `db`, from the kept copy when there is one."""
        if key is None or db.exists():
            return make()
        kept = self.folder / key
        if key in self.kept:
            shutil.copyfile(kept, db)
            return self.kept[key]
        result = make()
        if db.exists():
            shutil.copyfile(db, kept)
            self.kept[key] = result
        return result

    def install(self) -> None:
        sys.path.insert(0, str(PROJECT / "tests"))
        import helpers  # type: ignore[import-not-found]

        from etl import demo

        load_main = getattr(helpers.main, "__wrapped__", helpers.main)
        build_demo = getattr(demo.build_demo, "__wrapped__", demo.build_demo)

        def main(argv: list[str]) -> int:
            if not argv or argv[0] != "load" or "--db" not in argv:
                return load_main(argv)
            db = Path(argv[argv.index("--db") + 1])

            def make():
                out = StringIO()
                real = sys.stdout
                sys.stdout = out
                try:
                    status = load_main(argv)
                finally:
                    sys.stdout = real
                return status, out.getvalue()

            status, printed = self._hand_out(self._key(*argv), db, make)
            sys.stdout.write(printed)
            return status

        def built(db: Path, *args, **kwargs):
            return self._hand_out(
                self._key("demo", db, *args, *kwargs.items()), Path(db), lambda: build_demo(db, *args, **kwargs)
            )

        main.__wrapped__ = load_main  # type: ignore[attr-defined]
        built.__wrapped__ = build_demo  # type: ignore[attr-defined]
        helpers.main = main
        demo.build_demo = built  # type: ignore[assignment]


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
    work = Path(os.environ.get("MUTATE_WORKER_DIR", PROJECT.parent / "worker"))
    loads = Loads(work / "loads", os.environ.get("MUTATE_CLEAN_DIGEST"))
    loads.install()
    for line in sys.stdin:
        arguments = json.loads(line)
        empty_caches()
        code = pytest.main([f"--basetemp={work / 'tmp'}", *arguments])
        answer.write(json.dumps(int(code)) + "\n")
        answer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
