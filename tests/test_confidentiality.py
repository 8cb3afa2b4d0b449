"""The suppression audit on every table of people the dashboard shows (ui.data.visitors, the functions the pages
call): on the demo campaign and on a hand-made small stop of 19 visits, every hidden count is null in what the
page gets, no row or column of a table holds exactly one hidden cell, and every small count's range, worked out
from everything published about the stop, is at least the threshold wide (or the whole line is hidden)."""

from __future__ import annotations

import polars as pl
import pytest
from helpers import load, run_etl

from etl import disclosure
from etl.schema import AGE_BANDS, DISTRICTS

TABLES = {  # function of ui.data.visitors -> (count column, dimensions)
    "by_age": ("visits", ["age_band"]),
    "by_residence": ("visits", ["resident_district"]),
    "by_hour": ("visits", ["weekday", "hour"]),
    "popup_by_residence": ("activations", ["district"]),
}

# 19 visits: ages 4, 4, 2, 9 (none unknown) - the attack's table -, residence Harburg 17, Bergedorf 2, the hours
# spread so that the weekday x hour table has many small cells; pop-up activations by residence 1, 2 and 16.
SMALL_AGES = ["16-29"] * 4 + ["30-49"] * 4 + ["50-64"] * 2 + ["65+"] * 9
SMALL_HOMES = ["Harburg"] * 17 + ["Bergedorf"] * 2


def small_stop(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stops.csv").write_text(
        "stop_id,district,venue,start_date,end_date\nS9,Harburg,Phoenix-Center,2026-01-12,2026-01-17\n"
    )
    lines = ["visit_id,stop_id,visited_at,topic,outcome,age_band,resident_district"]
    for n, (age, home) in enumerate(zip(SMALL_AGES, SMALL_HOMES, strict=True)):
        lines.append(f"V{n},S9,2026-01-{12 + n % 6}T{10 + n % 4}:15:00,eid_activation,eid_activated,{age},{home}")
    (folder / "visits.csv").write_text("\n".join(lines) + "\n")
    (folder / "activations.csv").write_text(
        "date,district,channel,activations\n2026-01-12,Harburg,popup,16\n2026-01-13,Bergedorf,popup,2\n"
        "2026-01-14,Altona,popup,1\n"
    )
    return folder


@pytest.fixture(scope="module", params=["small", "demo"])
def warehouse(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    db = folder / "warehouse.duckdb"
    if request.param == "demo":
        assert run_etl("demo", "--db", db).returncode == 0
    else:
        assert load(db, small_stop(folder / "in"))[0] == 0
    return db


def audited(frame: pl.DataFrame, count: str, dims: list[str], truth: pl.DataFrame) -> None:
    """Check one protected table against its true counts."""
    minimum = disclosure.threshold()
    joined = frame.join(truth.rename({count: "true"}), on=dims, how="left", nulls_equal=True).with_columns(
        pl.col("true").fill_null(0)
    )
    assert joined.filter(pl.col("hidden"))[count].null_count() == joined["hidden"].sum()  # nothing hidden is sent
    assert joined.filter(~pl.col("hidden") & (pl.col("true") > 0) & (pl.col("true") < minimum)).height == 0
    table = disclosure.Table.of(joined, "true", dims)
    hidden = joined["hidden"].to_list()
    assert all(sum(hidden[c] for c in line) != 1 for line in table.lines)
    for cell, (low, high) in disclosure.audit(table, hidden).items():
        if 0 < table.values[cell] < minimum:
            lines_hidden = all(hidden[c] for line in table.lines_of(cell) for c in line)
            assert high - low >= minimum or lines_hidden, (dims, cell, low, high)


@pytest.mark.slow
def test_every_table_of_people_passes_the_audit(warehouse, monkeypatch):
    import duckdb

    monkeypatch.setenv("DASHBOARD_DB", str(warehouse))
    from ui.data import visitors

    con = duckdb.connect(str(warehouse), read_only=True)
    stops = [row[0] for row in con.sql("select stop_id from raw_stops").fetchall()]
    for stop_id in stops:
        truths = {
            "by_age": con.sql(
                "select age_band, count(*) as visits from raw_visits where stop_id = $s group by all",
                params={"s": stop_id},
            ).pl(),
            "by_residence": con.sql(
                "select resident_district, count(*) as visits from raw_visits where stop_id = $s group by all",
                params={"s": stop_id},
            ).pl(),
            "by_hour": con.sql(
                "select isodow(visited_at) as weekday, hour(visited_at) as hour, count(*) as visits "
                "from raw_visits where stop_id = $s group by all",
                params={"s": stop_id},
            ).pl(),
            "popup_by_residence": con.sql(
                "select a.district, sum(a.activations) as activations from raw_activations a join raw_stops s "
                "on a.date between s.start_date and s.end_date where s.stop_id = $s and a.channel = 'popup' "
                "group by all",
                params={"s": stop_id},
            ).pl(),
        }
        for name, (count, dims) in TABLES.items():
            frame = getattr(visitors, name)(stop_id)
            audited(frame, count, dims, truths[name].cast({count: pl.Int64}))
    con.close()


def test_the_small_stops_tables_hide_what_they_must():
    # the attack's age table (4, 4, 2, 9 of 19 visits; no unknown): the 2 and one more non-zero cell are hidden
    ages = pl.DataFrame({"age_band": AGE_BANDS, "visits": [4, 4, 2, 9]})
    result = disclosure.protect(ages, "visits", {"age_band": [*AGE_BANDS, None]}, key=b"k", table_id="S9/age")
    shut = dict(zip(result["age_band"], result["hidden"], strict=True))
    assert shut["50-64"] and sum(shut.values()) == 2 and not shut[None]
    homes = pl.DataFrame({"resident_district": ["Harburg", "Bergedorf"], "visits": [17, 2]})
    result = disclosure.protect(homes, "visits", {"resident_district": [*DISTRICTS, None]}, key=b"k")
    assert set(result.filter(pl.col("hidden"))["resident_district"]) == {"Harburg", "Bergedorf"}
