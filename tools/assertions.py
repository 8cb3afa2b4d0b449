"""A pytest plugin that counts the assertions the suite ran and passed, also across xdist workers:

    pytest -p tools.assertions -o enable_assertion_pass_hook=true

It counts every executed `assert` of the test modules and conftest that passed (pytest rewrites those; an assert
in a loop counts once per pass), and says the total at the end; with ASSERTIONS_BY_FILE=<file> it also writes the
count per test file there (JSON), to find where a change of the total comes from. docs/TESTING.md compares the
count before and after a change to the suite."""

from __future__ import annotations

import collections
import json
import os

import pytest

passed: collections.Counter[str] = collections.Counter()


def pytest_assertion_pass(item, lineno, orig, expl) -> None:
    passed[item.nodeid.split("::")[0]] += 1


def pytest_sessionfinish(session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # an xdist worker: hand the counts to the controller
        output["assertions_passed"] = dict(passed)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    passed.update(getattr(node, "workeroutput", {}).get("assertions_passed", {}))


def pytest_terminal_summary(terminalreporter, config) -> None:
    if not hasattr(config, "workeroutput"):
        terminalreporter.write_line(f"assertions passed: {sum(passed.values())}")
        if os.environ.get("ASSERTIONS_BY_FILE"):
            with open(os.environ["ASSERTIONS_BY_FILE"], "w", encoding="utf-8") as out:
                json.dump(dict(sorted(passed.items())), out, indent=1)
