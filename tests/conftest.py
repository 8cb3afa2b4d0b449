"""Shared fixtures: a fresh warehouse path per test, running the CLI in-process or as a real process, and the
headless Chromium of the browser tests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from etl.cli import main
from tools.screenshots import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


def load(db: Path, *paths, args=()) -> tuple[int, dict]:
    """Run `python -m etl load --json` in-process; the exit status and the parsed report."""
    from contextlib import redirect_stdout
    from io import StringIO

    out = StringIO()
    with redirect_stdout(out):
        status = main(["load", "--db", str(db), "--json", *args, *map(str, paths)])
    return status, json.loads(out.getvalue())


def kpis(db: Path, *args) -> dict:
    from contextlib import redirect_stdout
    from io import StringIO

    out = StringIO()
    with redirect_stdout(out):
        assert main(["kpis", "--db", str(db), *args]) == 0
    return json.loads(out.getvalue())


def run_etl(*args, env=None) -> subprocess.CompletedProcess:
    """`python -m etl ...` as a real process, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300
    )


needs_chromium = pytest.mark.skipif(
    not shutil.which(CHROMIUM), reason="needs Debian's chromium (make test installs it)"
)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by playwright, for the tests of one module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def tiles(page) -> dict[str, str]:
    """The KPI tiles of a page in the browser: label -> value as shown."""
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip([label.strip() for label in labels], [v.strip() for v in values], strict=True))
