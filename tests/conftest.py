"""Shared fixtures: a fresh warehouse path per test, and running the CLI in-process or as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl.cli import main

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
