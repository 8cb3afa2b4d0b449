"""Helpers the tests share (plain functions; the fixtures are in conftest.py): run the command line in-process
or as a real process, read the tiles of a page in the browser, and the mark for tests that need Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import pytest

from etl.cli import main
from tools.server import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent


def load(db: Path, *paths, args=()) -> tuple[int, dict]:
    """Run `python -m etl load --json` in-process; the exit status and the parsed report."""
    out = StringIO()
    with redirect_stdout(out):
        status = main(["load", "--db", str(db), "--json", *args, *map(str, paths)])
    return status, json.loads(out.getvalue())


def kpis(db: Path, *args) -> dict:
    """`python -m etl kpis` in-process, parsed."""
    out = StringIO()
    with redirect_stdout(out):
        assert main(["kpis", "--db", str(db), *args]) == 0
    return json.loads(out.getvalue())


def run_etl(*args, env=None) -> subprocess.CompletedProcess:
    """`python -m etl ...` as a real process, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300
    )


def tiles(page) -> dict[str, str]:
    """The KPI tiles of a page in the browser: label -> value as shown."""
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip([label.strip() for label in labels], [v.strip() for v in values], strict=True))


needs_chromium = pytest.mark.skipif(
    not shutil.which(CHROMIUM), reason="needs Debian's chromium (make test installs it)"
)
