"""The dashboard's access to the warehouse: one read-only connection, cached query results.

Every query is an .sql file in ui/sql (or an export of etl.export) run with bound parameters; results are
small, pre-aggregated polars frames, cached per warehouse version (etl.swap puts every load in a new file), so
a new load shows up without a restart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from etl import export, warehouse
from etl.config import warehouse_path
from ui import access

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
Version = tuple[int, int] | None


def database_path() -> Path:
    return warehouse_path()


def version() -> Version:
    """Changes whenever a load swaps a new warehouse file in (etl.swap): the file's inode and time."""
    try:
        status = database_path().stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_mtime_ns


@st.cache_resource(show_spinner=False, max_entries=2)
def _database(path: str, version_: Version) -> duckdb.DuckDBPyConnection:
    return warehouse.connect(Path(path), read_only=True)


def is_published() -> bool:
    """Whether this session is given the published figures (etl.publication): every role below analyst, and
    anyone whose role is not known."""
    viewer = access.current()
    return viewer is None or not viewer.row_level


def cursor(published_: bool = False) -> duckdb.DuckDBPyConnection:
    """A cursor of the shared read-only connection (one per query: Streamlit runs sessions in threads); with
    `published_` the published schema comes first on its search path, so every query and table macro reads the
    perturbed activations and the models made from them (etl.publication)."""
    con = warehouse.reader(_database(str(database_path()), version()).cursor())
    if published_:
        con.sql((SQL_DIR / "published_route.sql").read_text(encoding="utf-8"))
    return con


@st.cache_data(show_spinner=False, max_entries=512)
def _run(name: str, params: tuple, version_: Version, published_: bool) -> pl.DataFrame:
    with cursor(published_) as con:
        return warehouse.query_file(con, SQL_DIR / f"{name}.sql", dict(params))


def query(name: str, **params) -> pl.DataFrame:
    """The result of ui/sql/<name>.sql with the given parameters (lists as tuples), cached; for a session below
    the analyst role over the published schema."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _run(name, frozen, version(), is_published())


@st.cache_data(show_spinner=False, max_entries=128)
def _export(table: str, selection: export.Selection, version_: Version, published_: bool) -> pl.DataFrame:
    with cursor(published_) as con:
        return export.frame(con, table, selection)


def exported(table: str, selection: export.Selection) -> pl.DataFrame:
    """Exactly the rows an export of `table` with this selection writes (etl.export), cached; the row-level and
    visitor-attribute tables (etl.export.SENSITIVE) only for a session with the analyst role."""
    if table in export.SENSITIVE:
        viewer = access.current()
        if viewer is None or not viewer.row_level:
            raise PermissionError(f"the table {table!r} is open to the analyst role only")
    return _export(table, selection, version(), is_published())


@dataclass(frozen=True)
class Context:
    data_start: dt.date
    data_end: dt.date
    as_of: dt.date | None
    is_demo: bool
    last_loaded_at: dt.datetime | None
    baseline: float
    baseline_source: str
    models_fingerprint: str | None

    @property
    def is_current(self) -> bool:
        """Whether the warehouse's models come from this code (else `python -m etl build` is due)."""
        return self.models_fingerprint == warehouse.models_fingerprint()


def context() -> Context | None:
    """What the pages need to know about the warehouse; None when there is no warehouse or no data yet."""
    if not database_path().exists():
        return None
    row = query("context").row(0, named=True)
    if row["data_start"] is None:
        return None
    return Context(**row)


@st.cache_resource(show_spinner=False)
def boundaries() -> dict:
    """The district boundaries (reference data), read once."""
    from etl import reference

    return reference.district_boundaries()
