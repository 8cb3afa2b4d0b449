"""The warehouse's own tables refuse a row without a value the contract requires, whatever writes to them.

The loader checks every row before it writes (tests/test_contract.py); these tests check the second line behind it:
the tables themselves (etl/sql/warehouse.sql), so that a slip in the loader or a hand-made repair cannot store a
stop without a district or a load without its counts, which every KPI would then have to guess about. The required
and optional columns are listed here by hand from docs/DATA_CONTRACT.md ("required") and the load history's
meaning, not read from the schema under test.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import campaign
import duckdb
import pytest
from campaign import write_clean
from helpers import load, page_query

from etl import warehouse

D = dt.date
# table -> a complete row (column -> value), and which of its columns may be empty
ROWS: dict[str, tuple[dict, set[str]]] = {
    "load_log": (
        {
            "load_id": 900,
            "file": "stops.csv",
            "path": "in/stops.csv",
            "sha256": "ab" * 32,
            "kind": "stops",
            "status": "loaded",
            "rows_read": 2,
            "rows_loaded": 2,
            "rows_replaced": 0,
            "rows_unchanged": 0,
            "rows_quarantined": 0,
            "message": "ok",
            "extra_columns": ["Bemerkung"],
            "format": "csv",
            "encoding": "utf-8",
            "delimiter": ",",
            "loaded_at": dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC),
        },
        # a refused file may have no hash, kind, format, ... but always its name, path, status, counts and time
        {"sha256", "kind", "message", "extra_columns", "format", "encoding", "delimiter"},
    ),
    "quarantine": (
        {"load_id": 900, "file": "visits.csv", "kind": "visits", "line": 5, "raw": "{}", "reasons": ["no stop"]},
        {"line", "raw"},  # a file refused whole has no line
    ),
    "raw_districts": (
        {"district": "Altona", "population_16plus": 20_000, "eid_share_at_start": 0.25, "load_id": 900},
        {"eid_share_at_start"},
    ),
    "raw_stops": (
        {
            "stop_id": "S9",
            "district": "Altona",
            "venue": "Mercado",
            "start_date": D(2025, 5, 21),
            "end_date": D(2025, 5, 31),
            "opening_time": dt.time(10, 0),
            "closing_time": dt.time(19, 0),
            "cost_eur": 100.0,
            "load_id": 900,
        },
        {"cost_eur"},  # opening and closing time have defaults in the contract, so the loader always fills them
    ),
    "raw_visits": (
        {
            "visit_id": "V9",
            "stop_id": "S9",
            "visited_at": dt.datetime(2025, 5, 21, 10, 0),
            "topic": "eid_activation",
            "outcome": "eid_activated",
            "service_id": "resident_parking",
            "age_band": "65+",
            "resident_district": "Altona",
            "satisfaction": 5,
            "duration_min": 12.5,
            "load_id": 900,
        },
        {"service_id", "age_band", "resident_district", "satisfaction", "duration_min"},
    ),
    "raw_activations": (
        {"date": D(2025, 5, 21), "district": "Altona", "channel": "popup", "activations": 2, "load_id": 900},
        set(),
    ),
    "raw_service_usage": (
        {
            "date": D(2025, 5, 21),
            "district": "Altona",
            "service_id": "resident_parking",
            "auth_method": "eid",
            "started": 3,
            "completed": 2,
            "load_id": 900,
        },
        set(),  # started and completed have defaults in the contract (1, = started)
    ),
}
CASES = [(table, column) for table, (row, _) in ROWS.items() for column in row]


@pytest.fixture(scope="module")
def empty(tmp_path_factory):
    db = tmp_path_factory.mktemp("tables") / "warehouse.duckdb"
    con = warehouse.connect(db)
    warehouse.initialise(con)
    con.close()
    return db


def _insert(db, table: str, row: dict) -> None:
    con = duckdb.connect(str(db))
    try:
        con.begin()
        names = ", ".join(row)
        marks = ", ".join(f"${n}" for n in row)
        con.sql(f"insert into {table} ({names}) values ({marks})", params=row)
        con.rollback()  # every case starts from the same empty tables
    finally:
        con.close()


@pytest.mark.parametrize(("table", "column"), CASES, ids=[f"{t}.{c}" for t, c in CASES])
@pytest.mark.slow
def test_a_required_value_cannot_be_left_empty_and_an_optional_one_can(empty, table, column):
    row, optional = ROWS[table]
    _insert(empty, table, row)  # the complete row is accepted
    if column in optional:
        _insert(empty, table, {**row, column: None})
    else:
        with pytest.raises(duckdb.ConstraintException, match=column):
            _insert(empty, table, {**row, column: None})


@pytest.mark.slow
def test_loads_are_numbered_from_one(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    assert load(db, write_clean(tmp_path / "in"))[0] == 0
    con = duckdb.connect(str(db), read_only=True)
    ids = [r[0] for r in con.sql("select load_id from load_log order by load_id").fetchall()]
    con.close()
    assert ids == [1, 2, 3, 4, 5]  # the five files of the campaign, one load each


def _key(db) -> list[tuple]:
    con = duckdb.connect(str(db))
    try:
        return con.sql("select value from warehouse_info where key = 'disclosure_key'").fetchall()
    finally:
        con.close()


def _one_stop(folder) -> Path:
    """A stops file of one stop (S1, Altona)."""
    folder.mkdir()
    path = folder / "stops.csv"
    path.write_text("stop_id,district,venue,start_date,end_date\nS1,Altona,Mercado,2025-05-21,2025-06-14\n")
    return path


def test_each_warehouse_makes_its_own_secret_disclosure_key_once_and_keeps_it(tmp_path):
    # etl/disclosure.py orders the extra hidden cells by this key: it must exist, be hard to guess (32 random bytes
    # from Python's secrets as hex, 64 characters), differ between warehouses, and survive the next initialise
    # unchanged (else a table's hidden cells would move between loads and a reader could difference them out)
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    for db in (first, second):
        con = warehouse.connect(db)
        warehouse.initialise(con)
        con.close()
    [(key,)] = _key(first)
    assert len(key) == 64 and set(key) <= set("0123456789abcdef")
    assert _key(second) != [(key,)]
    con = warehouse.connect(first)
    warehouse.initialise(con)
    con.close()
    assert _key(first) == [(key,)]
    # and it is the key the pages order their hidden cells by (ui/sql/disclosure_key.sql), not another setting
    assert page_query(first, "disclosure_key").rows() == [(key,)]
    # a load into a new warehouse starts from a copy of this process's empty one (warehouse.start_new): each such
    # warehouse has a key of its own too
    stops = _one_stop(tmp_path / "in")
    keys = set()
    for name in ("c", "d", "e"):
        assert load(tmp_path / f"{name}.duckdb", stops)[0] == 0
        [(made,)] = _key(tmp_path / f"{name}.duckdb")
        assert len(made) == 64 and set(made) <= set("0123456789abcdef")
        keys.add(made)
    assert len(keys | {key}) == 4


def test_a_content_hash_stored_the_old_way_is_repaired_to_the_hex_digest(tmp_path):
    # loads before 2026-11 stored "[<hash>, <size>]"; the next initialise keeps the 64 hex digits only, so that
    # the same file is recognised as loaded before. A hash already in the new form stays as it is.
    db = tmp_path / "warehouse.duckdb"
    con = warehouse.connect(db)
    warehouse.initialise(con)
    old, new = "ab" * 32, "cd" * 32
    for load_id, sha in ((900, f"[{old}, 1234]"), (901, new)):
        row = {**ROWS["load_log"][0], "load_id": load_id, "sha256": sha}
        con.sql(f"insert into load_log ({', '.join(row)}) values ({', '.join('$' + n for n in row)})", params=row)
    warehouse.initialise(con)
    assert con.sql("select load_id, sha256 from load_log order by load_id").fetchall() == [(900, old), (901, new)]
    con.close()


@pytest.mark.slow
def test_a_warehouse_built_with_the_published_visits_as_a_table_builds_again(tmp_path):
    # until 2026-12-06 published.stg_visits was a table copy of the visits; since, a view. A warehouse built by the
    # older code must build again (a `create or replace view` over a table fails), with the same 7 visits: the
    # hand-made campaign's visits all lie in complete weeks before the data's end
    db = tmp_path / "warehouse.duckdb"
    assert load(db, write_clean(tmp_path / "in"))[0] == 0
    con = warehouse.connect(db)
    try:
        con.sql("drop view published.stg_visits")
        con.sql("create table published.stg_visits as select * from main.stg_visits")
        warehouse.build(con)
        kind = con.sql(
            "select table_type from information_schema.tables where table_name = 'stg_visits' "
            "and table_schema = 'published'"
        ).fetchall()
        assert kind == [("VIEW",)]
        assert con.sql("select count(*) from published.stg_visits").fetchall() == [(7,)]
    finally:
        con.close()


MAIN_VIEWS = "select view_name from duckdb_views() where schema_name = 'main' and not internal"
MAIN_TABLES = "select table_name from duckdb_tables() where schema_name = 'main'"


def test_the_model_build_turns_a_model_that_was_a_table_into_the_view_it_is_now(campaign_warehouse, tmp_path):
    # a warehouse built by older code, in which mart_stops was a table (and mart_activations_daily a view): the
    # next model build drops each and makes it what its .sql file says now, with the hand-made campaign's 2 stops
    from helpers import copy_of

    db = copy_of(campaign_warehouse, tmp_path)
    with duckdb.connect(str(db)) as con:
        con.sql("drop view mart_stops")
        con.sql("create table mart_stops as select 1 as older")
        con.sql("drop table mart_activations_daily")
        con.sql("create view mart_activations_daily as select 1 as older")
        warehouse.build_models(con)
        views = {name for (name,) in con.sql(MAIN_VIEWS).fetchall()}
        tables = {name for (name,) in con.sql(MAIN_TABLES).fetchall()}
        assert "mart_stops" in views and "mart_stops" not in tables
        assert "mart_activations_daily" in tables and "mart_activations_daily" not in views
        assert con.sql("select count(*) from mart_stops").fetchall()[0][0] == 2
        assert con.sql("select count(*) from mart_activations_daily").fetchall()[0][0] > 0


def test_the_model_build_makes_again_a_view_or_macro_that_is_missing_from_a_current_warehouse(
    campaign_warehouse, tmp_path
):
    # the build leaves the views and table macros of a warehouse whose models this code built as they are (issue
    # 29), but one that is missing is made again: the hand-made campaign has 2 stops
    from helpers import copy_of

    db = copy_of(campaign_warehouse, tmp_path)
    with duckdb.connect(str(db)) as con:
        assert warehouse.models_are_current(con)
        con.sql("drop view mart_stops")
        con.sql("drop macro table mart_uptake_at")
        warehouse.build_models(con)
        assert con.sql("select count(*) from mart_stops").fetchall()[0][0] == 2
        assert "mart_uptake_at" in {
            name for (name,) in con.sql("select function_name from duckdb_functions()").fetchall()
        }


def _one_day_loaded_and_its_mart_emptied(tmp_path) -> tuple[Path, Path]:
    """A warehouse with one file loaded (2025-01-01: 3 pop-up activations in Altona) whose mart of daily
    activations was then emptied by hand; the warehouse and the file."""
    db = tmp_path / "w.duckdb"
    first = tmp_path / "a" / "activations.csv"
    first.parent.mkdir()
    first.write_text("date,district,channel,activations\n2025-01-01,Altona,popup,3\n")
    assert load(db, first)[0] == 0
    with duckdb.connect(str(db)) as con:
        con.sql("delete from mart_activations_daily")
    return db, first


@pytest.mark.slow
def test_a_load_that_writes_no_row_leaves_the_models_and_one_that_writes_builds_them(tmp_path):
    # 2025-01-01: 3 pop-up activations in Altona. The mart of daily activations is emptied by hand; loading the same
    # file again (skipped: a repeat), a file of another kind's name that is refused, and the first file read again
    # (--force: its row unchanged) write no row, so the mart stays empty (not built again, issue 29); a file with one
    # new day writes, and the mart holds both days again.
    db, first = _one_day_loaded_and_its_mart_emptied(tmp_path)
    refused = tmp_path / "b" / "notes.csv"
    refused.parent.mkdir()
    refused.write_text("date,district,channel,activations\n2025-01-02,Altona,popup,4\n")
    _, report = load(db, first, refused)
    assert [f["status"] for f in report["files"]] == ["skipped", "refused"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("select count(*) from mart_activations_daily").fetchall() == [(0,)]
    _, report = load(db, first, args=["--force"])  # read again: its one row is unchanged, nothing written
    assert [(f["status"], f["rows_unchanged"]) for f in report["files"]] == [("loaded", 1)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.sql("select count(*) from mart_activations_daily").fetchall() == [(0,)]
    second = tmp_path / "c" / "activations.csv"
    second.parent.mkdir()
    second.write_text("date,district,channel,activations\n2025-01-02,Altona,popup,4\n")
    assert load(db, second)[0] == 0
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql(
            "select date, sum(activations) from mart_activations_daily where district = 'Altona' "
            "and channel = 'popup' group by 1 order by 1"
        ).fetchall()
    assert rows == [(dt.date(2025, 1, 1), 3), (dt.date(2025, 1, 2), 4)]


# Each kind's campaign rows changed by hand: 1,000 people more per district, every stop a week longer, every visit
# again under a new id, one activation more per cell, 10 services started and 9 completed per row.
CHANGED_ROWS = {
    "districts": [(district, people + 1_000, share) for district, people, share in campaign.DISTRICT_FIGURES],
    "stops": [(*stop[:4], stop[4] + dt.timedelta(days=7), *stop[5:]) for stop in campaign.STOPS],
    "visits": [(f"W{visit[0]}", *visit[1:]) for visit in campaign.VISITS],
    "activations": [(*cell[:3], cell[3] + 1) for cell in campaign.ACTIVATIONS],
    "service_usage": [(*row[:4], 10, 9) for row in campaign.SERVICE_USAGE],
}
# What a load of each kind must build again: the materialised marts and the published schema that read its table.
BUILT_AGAIN = {
    "districts": {"mart_uptake_daily", "published"},
    "stops": {"mart_stop_days", "published"},
    "visits": {"published"},
    "activations": {"mart_activations_daily", "mart_uptake_daily", "published"},
    "service_usage": {"mart_service_usage_daily"},
}
MODEL_CONTENTS = """
    select schema_name, table_name from duckdb_tables() where schema_name = 'published' or table_name like 'mart_%'
    union all
    select schema_name, view_name from duckdb_views() where schema_name = 'published'
    order by all
"""


def _contents(db) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        names = con.sql(MODEL_CONTENTS).fetchall()
        return {(s, t): con.sql(f'select * from "{s}"."{t}" order by all').fetchall() for s, t in names}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(CHANGED_ROWS))
def test_a_load_builds_again_what_reads_its_table_and_that_is_what_a_whole_build_gives(
    kind, campaign_warehouse, tmp_path, monkeypatch
):
    from helpers import copy_of

    from etl import publication

    db = copy_of(campaign_warehouse, tmp_path)
    before = _contents(db)
    built = []
    create = duckdb.DuckDBPyConnection.sql

    def watched(con, query, *args, **kwargs):
        made = re.match(r"create or replace table (mart_\w+)", query)
        built.extend([made.group(1)] if made else [])
        return create(con, query, *args, **kwargs)

    monkeypatch.setattr(duckdb.DuckDBPyConnection, "sql", watched)
    build = publication.build
    monkeypatch.setattr(publication, "build", lambda con: (built.append("published"), build(con)))
    path = campaign.write_csv(tmp_path / f"{kind}.csv", campaign.COLUMNS[kind], CHANGED_ROWS[kind])
    status, report = load(db, path)
    assert status == 0 and report["files"][0]["status"] == "loaded", report
    assert set(built) == BUILT_AGAIN[kind]
    monkeypatch.undo()
    after = _contents(db)
    assert after != before  # the load changed what the models show
    with duckdb.connect(str(db)) as con:
        warehouse.build_models(con)  # every table and the published schema
    assert _contents(db) == after


@pytest.mark.slow
def test_a_new_warehouse_is_made_whatever_became_of_the_blank_it_is_copied_from(tmp_path, monkeypatch):
    # the first new warehouse of a process starts empty and makes no blank; the second makes it and is its copy; a
    # blank removed since (a cleaner of the temporary folder) is made again; one that cannot be made (no room
    # there) leaves the new warehouse to start empty. Each time a load into it gives the one stop.
    monkeypatch.setattr(warehouse._Blank, "path", None)
    monkeypatch.setattr(warehouse._Blank, "new_warehouses", 0)
    stops = _one_stop(tmp_path / "in")

    def loaded(name: str) -> list[tuple]:
        assert load(tmp_path / f"{name}.duckdb", stops)[0] == 0
        with duckdb.connect(str(tmp_path / f"{name}.duckdb"), read_only=True) as con:
            return con.sql("select stop_id from mart_stops").fetchall()

    assert loaded("first") == [("S1",)] and warehouse._Blank.path is None
    assert loaded("second") == [("S1",)] and warehouse._Blank.path.exists()
    warehouse._Blank.path.unlink()
    assert loaded("third") == [("S1",)] and warehouse._Blank.path.exists()

    def no_room():
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(warehouse, "_make_blank", no_room)
    warehouse._Blank.path.unlink()
    assert loaded("fourth") == [("S1",)] and warehouse._Blank.path is None


@pytest.mark.slow
def test_a_load_that_writes_no_row_into_a_warehouse_of_older_code_builds_its_models(tmp_path):
    # 2025-01-01: 3 pop-up activations in Altona. The warehouse is made to look built by older code (its models'
    # fingerprint another) with its mart of daily activations emptied; loading the same file again writes no row,
    # but the models are not this code's, so they are built again: the mart holds the 3 again.
    db, first = _one_day_loaded_and_its_mart_emptied(tmp_path)
    with duckdb.connect(str(db)) as con:
        con.sql("update warehouse_info set value = 'older code' where key = 'models_fingerprint'")
    _, report = load(db, first)
    assert [f["status"] for f in report["files"]] == ["skipped"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert warehouse.models_are_current(con)
        assert con.sql("select sum(activations) from mart_activations_daily").fetchall() == [(3,)]
