"""A pytest plugin that counts the assertions the suite ran and passed, also across xdist workers:

    pytest -p tools.assertions -o enable_assertion_pass_hook=true

It counts every executed `assert` of the test modules and conftest that passed (pytest rewrites those; an assert
in a loop counts once per pass), and says the total at the end. docs/TESTING.md compares the count before and
after a change to the suite."""

from __future__ import annotations

import pytest

passed = 0


def pytest_assertion_pass(item, lineno, orig, expl) -> None:
    global passed
    passed += 1


def pytest_sessionfinish(session) -> None:
    output = getattr(session.config, "workeroutput", None)
    if output is not None:  # an xdist worker: hand the count to the controller
        output["assertions_passed"] = passed


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    global passed
    passed += getattr(node, "workeroutput", {}).get("assertions_passed", 0)


def pytest_terminal_summary(terminalreporter, config) -> None:
    if not hasattr(config, "workeroutput"):
        terminalreporter.write_line(f"assertions passed: {passed}")
