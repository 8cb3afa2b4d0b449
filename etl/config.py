"""Paths of the project, anchored at its root, and where the warehouse lives."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "data" / "reference"
DEMO_DIR = ROOT / "data" / "demo"
DEFAULT_DB = ROOT / "data" / "warehouse.duckdb"
SQL_DIR = Path(__file__).resolve().parent / "sql"
FOLLOW_UP_DAYS = 28
HOLIDAY_YEARS = range(2015, 2041)


def warehouse_path(cli_value: str | os.PathLike | None = None) -> Path:
    """--db, else the environment variable DASHBOARD_DB, else data/warehouse.duckdb."""
    value = cli_value or os.environ.get("DASHBOARD_DB")
    return Path(value) if value else DEFAULT_DB
