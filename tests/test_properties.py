"""Property tests: splitting a campaign over files or loading it twice gives the same warehouse, and for
every file rows read = loaded + replaced + unchanged + quarantined."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pytest
from helpers import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow  # many generated cases, each a real load

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DATES = st.sampled_from(["2025-01-01", "02.01.2025", "2025-01-03", "31.02.2025", ""])
DISTRICTS = st.sampled_from(["Altona", "02", "Bezirk Harburg", "Mitte", "Altstadt", ""])
CHANNELS = st.sampled_from(["popup", "citizen_office", "self_service", "post"])
COUNTS = st.sampled_from(["1", "7", "1.234", "", "-2", "x"])
ROW = st.tuples(DATES, DISTRICTS, CHANNELS, COUNTS)
VISIT = st.tuples(
    st.integers(1, 30),
    st.sampled_from(["2024-09-24 10:00", "2024-12-01 10:00", "kaputt"]),
    st.sampled_from(["general_info", "pin_reset", "??"]),
    st.sampled_from(["S1", "S2"]),
)

HEADER = "date,district,channel,activations"
STOPS = "stop_id,district,venue,start_date,end_date\nS1,Altona,Mercado,2024-09-23,2024-10-19\n"


def _csv(rows) -> str:
    return HEADER + "\n" + "".join(",".join(r) + "\n" for r in rows)


def _warehouse(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(con.sql(f"select * exclude (load_id) from {table}").fetchall(), key=repr)
            for table in ("raw_stops", "raw_visits", "raw_activations", "raw_service_usage", "raw_districts")
        }
    finally:
        con.close()


def _key(row) -> tuple:
    """The contract key a row would have if valid, in a form that is the same for every spelling."""
    date, district, channel, _ = row
    day = {"02.01.2025": "2025-01-02"}.get(date, date)
    official = {"02": "Altona", "Bezirk Harburg": "Harburg", "Mitte": "Hamburg-Mitte"}.get(district, district)
    return day, official, channel


@SETTINGS
@given(rows=st.lists(ROW, max_size=25), parts=st.integers(1, 4), seed=st.randoms(use_true_random=False))
def test_a_campaign_split_over_files_by_key_gives_the_same_warehouse(rows, parts, seed):
    keys = sorted({_key(r) for r in rows})
    part_of = {k: seed.randrange(parts) for k in keys}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        whole, split = tmp / "whole.duckdb", tmp / "split.duckdb"
        (tmp / "one").mkdir()
        (tmp / "one" / "activations.csv").write_text(_csv(rows))
        (tmp / "many").mkdir()
        for p in range(parts):
            (tmp / "many" / f"activations_{p}.csv").write_text(_csv([r for r in rows if part_of[_key(r)] == p]))
        load(whole, tmp / "one")
        load(split, tmp / "many")
        assert _warehouse(whole) == _warehouse(split)


@SETTINGS
@given(rows=st.lists(ROW, max_size=25), visits=st.lists(VISIT, max_size=20))
def test_loading_twice_gives_the_same_warehouse(rows, visits):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "w.duckdb"
        (tmp / "stops.csv").write_text(STOPS)
        (tmp / "activations.csv").write_text(_csv(rows))
        (tmp / "visits.csv").write_text(
            "visit_id,stop_id,visited_at,topic,outcome\n"
            + "".join(f"v{n},{stop},{at},{topic},resolved\n" for n, at, topic, stop in visits)
        )
        load(db, tmp)
        once = _warehouse(db)
        status, report = load(db, tmp)
        assert status == 0 and {f["status"] for f in report["files"]} == {"skipped"}
        assert _warehouse(db) == once
        status, report = load(db, tmp, args=["--force"])  # read again: every valid row is unchanged
        assert all(f["rows_loaded"] == f["rows_replaced"] == 0 for f in report["files"])
        assert _warehouse(db) == once


@SETTINGS
@given(files=st.lists(st.lists(ROW, max_size=15), min_size=1, max_size=4), strict=st.booleans())
def test_every_row_read_is_loaded_replaced_unchanged_or_quarantined(files, strict):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "w.duckdb"
        for i, rows in enumerate(files):
            (tmp / f"activations_{i}.csv").write_text(_csv(rows) + ("2025-01-01,Altona\n" if i % 2 else ""))
        _, report = load(db, tmp, args=["--strict"] if strict else [])
        for f in report["files"]:
            if f["status"] == "skipped":
                continue
            assert f["rows_read"] == f["rows_loaded"] + f["rows_replaced"] + f["rows_unchanged"] + f["rows_quarantined"]
        con = duckdb.connect(str(db), read_only=True)
        quarantined = dict(con.sql("select load_id, count(*) from quarantine group by 1").fetchall())
        logged = con.sql("select load_id, rows_quarantined from load_log where status <> 'skipped'").fetchall()
        con.close()
        assert all(quarantined.get(load_id, 0) == n for load_id, n in logged)
