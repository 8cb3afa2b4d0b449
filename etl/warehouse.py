"""The DuckDB warehouse: open it, create its tables, and (re)build reference data and the SQL models.

Layers: raw_* tables (loaded rows, written only by etl.load) -> stg_* views (rename and cast) ->
mart_* views and table macros (join and aggregate). Models are the .sql files in etl/sql, one per model.
"""

from __future__ import annotations

import atexit
import re
import secrets
import shutil
import tempfile
import threading
from pathlib import Path

import duckdb

from etl import publication, reference
from etl.config import SQL_DIR

# In dependency order: a model may use only the ones before it (and the KPI macros of macros.sql).
MODELS = (
    "staging/stg_districts",
    "staging/stg_stops",
    "staging/stg_visits",
    "staging/stg_activations",
    "staging/stg_service_usage",
    "marts/mart_stop_days",
    "marts/mart_stops",
    "marts/mart_visits",
    "marts/mart_services",
    "marts/mart_data_span",
    "marts/mart_freshness",
    "marts/mart_activations_daily",
    "marts/mart_service_usage_daily",
    "marts/mart_uptake_daily",
    "marts/mart_stop_kpis",
    "marts/mart_district_kpis",
    "marts/mart_uptake_at",
    "marts/mart_uptake_series",
    "marts/mart_campaign_kpis",
)
MEMORY_LIMIT = "1500MB"


def sql_file(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file; for writing only through etl.swap, which writes a private copy.

    A read-only connection is a database instance of its own with the file attached: it keeps reading the file
    it opened while a load swaps a new one in, and opening the path again gives the new file (duckdb.connect
    would return the instance it already has open for that path, the old file).
    """
    if read_only:
        if not Path(path).exists():
            raise FileNotFoundError(f"no warehouse at {path}; load data first (python -m etl load, or make demo)")
        con = duckdb.connect(":memory:", config={"memory_limit": MEMORY_LIMIT})
        con.sql("attach $path as warehouse (read_only)", params={"path": str(path)})
        return reader(con)
    con = duckdb.connect(str(path), config={"memory_limit": MEMORY_LIMIT})
    con.sql("set TimeZone = 'Europe/Berlin'; set enable_progress_bar = false")
    return con


class _Blank:
    """The empty warehouse (tables, reference data, models) this process copies its new warehouses from."""

    path: Path | None = None
    new_warehouses = 0
    lock = threading.Lock()


def start_new(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to a new warehouse at `path`, with a disclosure key of its own.

    The second and every later new warehouse of a process is a copy of an empty warehouse made once (at the
    second), so that a load into it builds only what it wrote, not every view and macro: a third of a second each
    time in a process that makes many, the tests (issue 29); a command that makes one warehouse makes no blank.
    Reference data or SQL changed since are built again by their fingerprints, as in any warehouse. Where the blank
    cannot be made or copied (no room in the temporary folder, its file removed), the warehouse starts empty."""
    copied = _copied_from_blank(path)
    con = connect(path)
    if copied:
        con.sql("delete from warehouse_info where key = 'disclosure_key'")
        initialise(con)  # makes the key anew
    return con


def _copied_from_blank(path: Path) -> bool:
    with _Blank.lock:
        _Blank.new_warehouses += 1
        if _Blank.new_warehouses < 2:
            return False
        try:
            if _Blank.path is None or not _Blank.path.exists():
                _Blank.path = _make_blank()
            shutil.copyfile(_Blank.path, path)
            return True
        except (OSError, duckdb.Error):
            _Blank.path = None
            Path(path).unlink(missing_ok=True)
            return False


def _make_blank() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="etl-blank-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    con = connect(folder / "blank.duckdb")
    try:
        build(con)
        con.sql("checkpoint")
    finally:
        con.close()
    return folder / "blank.duckdb"


def reader(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Set up a read-only connection, or a cursor of one (a cursor starts with defaults: Streamlit's threads)."""
    con.sql("use warehouse")
    con.sql("set TimeZone = 'Europe/Berlin'; set enable_progress_bar = false")
    return con


def initialise(con: duckdb.DuckDBPyConnection) -> None:
    """Create the warehouse's tables if they are missing, and its secret disclosure key (idempotent)."""
    con.sql(sql_file("warehouse"))
    con.sql(sql_file("new_disclosure_key"), params={"key": secrets.token_hex(32)})


def refresh_reference(con: duckdb.DuckDBPyConnection, directory: Path | None = None, force: bool = False) -> bool:
    """Copy the reference files into ref_* tables, so that KPIs follow the files an administrator edits; whether
    it did.

    Skipped when the files are the ones copied last time (their fingerprint is kept in warehouse_info).
    """
    kwargs = {"directory": directory} if directory else {}
    current = reference.fingerprint(**kwargs)
    stored = con.sql("select value from warehouse_info where key = 'reference_fingerprint'").fetchall()
    if stored == [(current,)] and not force:
        return False
    districts = reference.districts(**kwargs)  # noqa: F841 - read by the SQL below
    services = reference.services(**kwargs)  # noqa: F841
    holidays = reference.hamburg_holidays()  # noqa: F841
    config = reference.baseline(**kwargs)
    con.sql("create or replace table ref_districts as select * from districts order by district_id")
    con.sql("create or replace table ref_services as select * from services")
    con.sql("create or replace table ref_holidays as select * from holidays")
    con.sql(
        "create or replace table ref_baseline as select cast($share as double) as share, "
        "cast($year as integer) as year, $source as source, $label_de as label_de, $label_en as label_en",
        params={k: config[k] for k in ("share", "year", "source", "label_de", "label_en")},
    )
    con.sql("insert or replace into warehouse_info values ('reference_fingerprint', $f)", params={"f": current})
    return True


def models_fingerprint() -> str:
    """A hash of the SQL that defines the macros and models: a warehouse built by other code has another."""
    import hashlib

    digest = hashlib.sha256()
    published = sorted(f"published/{path.stem}" for path in (SQL_DIR / "published").glob("*.sql"))
    for name in ("macros", *MODELS, *published):
        digest.update(name.encode() + b"\0" + sql_file(name).encode())
    digest.update(Path(publication.__file__).read_bytes())  # the published schema's method and ptable
    return digest.hexdigest()


def models_are_current(con: duckdb.DuckDBPyConnection, fingerprint: str | None = None) -> bool:
    """Whether the warehouse's macros and models were built from this code's SQL (whose models_fingerprint the
    caller may have worked out already)."""
    stored = con.sql("select value from warehouse_info where key = 'models_fingerprint'").fetchall()
    return stored == [(fingerprint or models_fingerprint(),)]


# The views, tables and table macros of the main schema by name (a model that changed between view and table is
# dropped first; one that is already what this code makes of it is not made again).
EXISTING_MODELS = """
    select view_name, 'view' from duckdb_views() where schema_name = 'main' and not internal
    union all
    select table_name, 'table' from duckdb_tables() where schema_name = 'main'
    union all
    select function_name, 'macro' from duckdb_functions()
    where schema_name = 'main' and function_type = 'table_macro' and not internal
"""


def stored_inputs() -> dict[str, frozenset[str]]:
    """The stored tables (raw_*, ref_*) that each model reads, itself or through the models before it, by the
    names its SQL mentions outside comments; under "published", those the published schema reads (its SQL files
    and the models etl.publication copies)."""
    inputs: dict[str, frozenset[str]] = {}

    def read_by(sql: str) -> frozenset[str]:
        names = set(re.findall(r"\w+", re.sub(r"--[^\n]*", "", sql).lower()))
        stored = {name for name in names if name.startswith(("raw_", "ref_"))}
        return frozenset(stored.union(*(inputs[name] for name in names if name in inputs)))

    for model in MODELS:
        inputs[model.split("/")[-1]] = read_by(sql_file(model))
    published = [read_by(path.read_text(encoding="utf-8")) for path in (SQL_DIR / "published").glob("*.sql")]
    copied = [inputs[model.split("/")[-1]] for model in publication.MODELS]
    inputs["published"] = frozenset().union(*published, *copied)
    return inputs


def build_models(con: duckdb.DuckDBPyConnection, changed: frozenset[str] | None = None) -> None:
    """(Re)create the KPI macros (macros.sql) and every staging and mart model from its .sql file.

    A model is a view; one whose file starts with `-- parameters: ...` a table macro; one whose file starts with
    `-- materialized: table` a table (the large daily marts the pages read). Views and macros depend on the SQL
    alone: in a warehouse whose models this code built (models_are_current) they are not made again (issue 29).
    There, given the stored tables a load `changed` (raw_visits, …), only the materialised tables and the
    published schema that read one of them (stored_inputs) are built again: a load of service usage leaves the
    activations' marts and their perturbation as they are (issue 31). `changed` None: every table.
    """
    fingerprint = models_fingerprint()
    current = models_are_current(con, fingerprint)
    if not current:
        con.sql(sql_file("macros"))
        changed = None
    inputs = stored_inputs()

    def stale(name: str) -> bool:
        return changed is None or not inputs[name].isdisjoint(changed)

    kinds = dict(con.sql(EXISTING_MODELS).fetchall())
    for model in MODELS:
        name = model.split("/")[-1]
        body = sql_file(model)
        parameters = re.match(r"--\s*parameters:\s*(.+)", body)
        kind = "macro" if parameters else "table" if re.match(r"--\s*materialized:\s*table", body) else "view"
        if current and kinds.get(name) == kind and (kind != "table" or not stale(name)):
            continue
        if parameters:
            con.sql(f"create or replace macro {name}({parameters.group(1)}) as table {body}")
        elif kind == "table":
            if kinds.get(name) == "view":
                con.sql(f"drop view {name}")
            con.sql(f"create or replace table {name} as {body}")
        else:
            if kinds.get(name) == "table":
                con.sql(f"drop table {name}")
            con.sql(f"create or replace view {name} as {body}")
    if stale("published") or not publication.is_built(con):
        publication.build(con)
    con.sql("insert or replace into warehouse_info values ('models_fingerprint', $f)", params={"f": fingerprint})


def build(con: duckdb.DuckDBPyConnection) -> None:
    initialise(con)
    refresh_reference(con, force=True)
    build_models(con)


def mark_demo(con: duckdb.DuckDBPyConnection) -> None:
    """Record that this warehouse holds the synthetic demo campaign (the dashboard shows a marker)."""
    con.sql("insert or replace into warehouse_info values ('demo', 'true')")


LIST_PARAMETERS = ("districts", "stops", "services", "channels", "topics", "outcomes")


def query_file(con: duckdb.DuckDBPyConnection, path: Path, params: dict):
    """The result (a polars frame) of an .sql file, binding the parameters it names ($name) and no others.

    The filter lists (districts, stops, …) are typed as text lists, so that an empty list means "no filter".
    """
    sql = path.read_text(encoding="utf-8")
    used = set(re.findall(r"\$(\w+)", sql))
    for name in LIST_PARAMETERS:
        sql = sql.replace(f"${name}", f"cast(${name} as varchar[])")
    bound = {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items() if k in used}
    return con.sql(sql, params=bound).pl()


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: dict | None = None):
    """The single value a query returns."""
    return con.sql(query, params=params).fetchall()[0][0]
