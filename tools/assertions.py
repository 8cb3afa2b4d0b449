"""A pytest plugin that counts the assertions the suite ran and passed, also across xdist workers:

    pytest -p tools.assertions -o enable_assertion_pass_hook=true

It counts every executed `assert` of the project's own test code that passed (the test modules, conftest and the
shared test modules pytest rewrites; an assert in a loop counts once per pass), and says the total at the end; with
ASSERTIONS_BY_FILE=<file> it also writes the count per test file there (JSON), to find where a change of the total
comes from. docs/TESTING.md compares the count before and after a change to the suite.

Only asserts in files under the run's root folder and outside any installed package count: pytest also rewrites
the packages of its plugins (hypothesis, xdist, anyio, ...), whose internal asserts would otherwise be counted —
about 100,000 per run from hypothesis alone, varying with the examples it draws, and none of them a check of ours."""

from __future__ import annotations

import collections
import functools
import json
import os
import sys
from pathlib import Path

import _pytest
import pluggy
import pytest

passed: collections.Counter[str] = collections.Counter()

# The frames between an assert and this hook: pytest's rewritten-assert helper and pluggy's hook call.
_PLUMBING = (os.path.dirname(_pytest.__file__), os.path.dirname(pluggy.__file__), __file__)


@functools.cache
def _is_ours(filename: str, root: Path) -> bool:
    path = Path(filename).resolve()
    return path.is_relative_to(root) and "site-packages" not in path.parts


def _asserting_file() -> str:
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PLUMBING):
        frame = frame.f_back
    return frame.f_code.co_filename


def pytest_assertion_pass(item, lineno, orig, expl) -> None:
    if _is_ours(_asserting_file(), item.config.rootpath):
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
