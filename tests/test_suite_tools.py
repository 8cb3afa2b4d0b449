"""The suite's own tools: `make count-assertions` (tools/assertions.py) counts the asserts of our own test code
that passed, and nothing else (the counts below are worked out by hand from the little suite the test writes); a
browser test that stands still has its playwright driver stopped, and nothing else (tests/conftest.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import stop_playwright_drivers

ROOT = Path(__file__).resolve().parents[1]

SUITE = {
    "helper_checks.py": """
def positive(x):
    assert x > 0
""",
    "conftest.py": """
import pytest
pytest.register_assert_rewrite("helper_checks")
""",
    "test_loops.py": """
from helper_checks import positive

def test_a_loop_counts_every_pass():
    for i in range(1, 4):
        assert i < 10          # 3 passes
        positive(i)            # 3 more, in the shared helper

def test_a_failed_assert_does_not_count():
    assert 1 == 1              # 1
    assert 1 == 2              # fails: not counted
""",
    "test_drawn.py": """
from hypothesis import given, settings, strategies as st

@settings(max_examples=5, database=None, derandomize=True)
@given(st.integers(min_value=0, max_value=10**6))
def test_examples_drawn_by_hypothesis(x):
    assert x >= 0              # once per example; hypothesis's own asserts (rewritten too) are not ours
""",
}


@pytest.mark.slow
def test_the_count_is_of_our_asserts_only(tmp_path):
    for name, text in SUITE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    by_file = tmp_path / "by_file.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "ASSERTIONS_BY_FILE": str(by_file),
        "PYTEST_ADDOPTS": "",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tools.assertions",
            "-o",
            "enable_assertion_pass_hook=true",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(tmp_path),
            "-c",
            os.devnull,
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 failed, 2 passed" in run.stdout, run.stdout + run.stderr
    assert json.loads(by_file.read_text(encoding="utf-8")) == {"test_drawn.py": 5, "test_loops.py": 7}
    assert "assertions passed: 12" in run.stdout


def test_a_test_that_stands_still_loses_its_playwright_driver_and_nothing_else():
    driver = subprocess.Popen(["bash", "-c", "exec -a /x/playwright/driver/node sleep 60"])
    bystander = subprocess.Popen(["bash", "-c", "exec -a /x/streamlit sleep 60"])
    try:
        deadline = time.time() + 10
        while b"playwright/driver" not in Path(f"/proc/{driver.pid}/cmdline").read_bytes():
            assert time.time() < deadline  # bash has not become the "driver" yet
            time.sleep(0.01)
        assert stop_playwright_drivers() == 1
        assert driver.wait(timeout=10) == -signal.SIGKILL
        assert bystander.poll() is None
        assert stop_playwright_drivers() == 0
    finally:
        for process in (driver, bystander):
            process.kill()
            process.wait()
