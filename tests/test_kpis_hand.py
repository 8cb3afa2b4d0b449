"""The KPIs of the hand-made campaign (tests/campaign.py), worked out by hand here, and the same KPIs from
every form the campaign can arrive in.

Populations: Mitte 10,000 (s0 0.20), Altona 20,000 (s0 0.25), Eimsbüttel 10,000, Nord 10,000, Wandsbek 20,000,
Bergedorf 10,000 (all s0 = baseline 0.25), Harburg 20,000 (s0 0.30): 100,000 residents 16+ in all.
"""

from __future__ import annotations

import pytest
from campaign import write_clean, write_german, write_parquet, write_split_dirty
from helpers import kpis, load

X = pytest.approx

# --- S1: Hamburg-Mitte, Europa-Passage, Mon 23.09.2024 - Sat 05.10.2024, L = 13 days ---------------------------
# open days: 23-28 Sep (Mon-Sat, 6) + 30 Sep-5 Oct (Mon-Sat, 6) - 3 Oct (German Unity Day) = 11
# visits V1..V4 = 4; eid_activated: V1, V3 = 2; satisfaction 5, 4, 3 (V3 has none) -> 4.0
# A(Mitte): 9 Sep 5, 10 Sep 4, 22 Sep 6, 23 Sep 2, 5 Oct 3, 6 Oct 7, 2 Nov 10, 3 Nov 100
# during [23 Sep, 5 Oct] = 2 + 3 = 5; before [10 Sep, 22 Sep] = 4 + 6 = 10 (9 Sep lies one day outside)
# uptake_before = 0.20 + A(22 Sep)/10,000 = 0.20 + 15/10,000 = 0.2015
# uptake_after: e + F = 5 Oct + 28 = 2 Nov (before as_of 10 Jun 2025) -> A = 15 + 2 + 3 + 7 + 10 = 37 -> 0.2037
# usage, Mitte: before [26 Aug, 22 Sep]: eid 3 (26 Aug; 25 Aug's 100 is outside), password 7 -> 3/10
#   during [23 Sep, 5 Oct]: eid 4 (completed 3), none 1 (no counts: 1/1), password 4 (4) -> eid 4/9, done 8/9
#   after [6 Oct, 2 Nov]: eid 2 -> 2/2 = 1.0 (3 Nov's 50 is outside)
S1 = {
    "stop_id": "S1",
    "district": "Hamburg-Mitte",
    "venue": "Europa-Passage",
    "start_date": "2024-09-23",
    "end_date": "2024-10-05",
    "open_days": 11,
    "visits": 4,
    "visits_per_open_day": X(4 / 11),
    "popup_activations": 2,
    "conversion_rate": X(0.5),
    "popup_activations_per_1000": X(0.2),  # 1000 x 2 / 10,000 residents 16+ of Hamburg-Mitte
    "activations_during": 5,
    "activations_before": 10,
    "activations_per_1000_during": X(0.5),
    "activations_per_1000_before": X(1.0),
    "uptake_before": X(0.2015),
    "uptake_after": X(0.2037),
    "uptake_lift_pp": X(0.22),
    "eid_share_before": X(0.3),
    "eid_share_during": X(4 / 9),
    "eid_share_after": X(1.0),
    "completion_rate_during": X(8 / 9),
    "avg_satisfaction": X(4.0),
    "cost_per_activation": X(750.0),
}
# --- S2: Altona, Mercado, Wed 21.05.2025 - Sat 31.05.2025, L = 11 days, no cost --------------------------------
# open days: 21-24 May (4) + 26-28 May (3) + 30-31 May (2); 25 May Sunday, 29 May Ascension Day -> 9
# visits V5, V6, V7 = 3; eid_activated V6, V7 = 2; satisfaction 2, 5 -> 3.5
# A(Altona): 9 May 1, 10 May 8, 21 May 1 + 1 (summed in the file), 10 Jun 4
# during [21 May, 31 May] = 2; before [10 May, 20 May] = 8
# uptake_before = 0.25 + 9/20,000 = 0.25045
# uptake_after: e + F = 28 Jun, after as_of (10 Jun 2025) -> 10 Jun: A = 15 -> 0.25 + 15/20,000 = 0.25075
# no usage data for Altona: every share is null
S2 = {
    "stop_id": "S2",
    "district": "Altona",
    "venue": "Mercado",
    "start_date": "2025-05-21",
    "end_date": "2025-05-31",
    "open_days": 9,
    "visits": 3,
    "visits_per_open_day": X(1 / 3),
    "popup_activations": 2,
    "conversion_rate": X(2 / 3),
    "popup_activations_per_1000": X(0.1),  # 1000 x 2 / 20,000 residents 16+ of Altona
    "activations_during": 2,
    "activations_before": 8,
    "activations_per_1000_during": X(0.1),
    "activations_per_1000_before": X(0.4),
    "uptake_before": X(0.25045),
    "uptake_after": X(0.25075),
    "uptake_lift_pp": X(0.03),
    "eid_share_before": None,
    "eid_share_during": None,
    "eid_share_after": None,
    "completion_rate_during": None,
    "avg_satisfaction": X(3.5),
    "cost_per_activation": None,
}
# --- campaign -------------------------------------------------------------------------------------------------
# sum of s0 * P = 2,000 + 5,000 + 2,500 + 2,500 + 5,000 + 2,500 + 6,000 = 25,500
# start (22 Sep 2024): A = Mitte 15 -> 25,515 / 100,000 = 0.25515
# as_of 10 Jun 2025: A = Mitte 137, Altona 15, Wandsbek 50 = 202 -> 25,702 / 100,000 = 0.25702
# at as_of: Mitte 0.2137 (below), Altona 0.25075, Wandsbek 0.2525, Harburg 0.30, three at exactly 0.25 -> 6
CAMPAIGN = {
    "stops": 2,
    "districts_visited": 2,
    "visits": 7,
    "popup_activations": 4,
    "conversion_rate": X(4 / 7),
    "national_baseline": 0.25,
    "as_of": "2025-06-10",
    "hamburg_uptake_start": X(0.25515),
    "hamburg_uptake_latest": X(0.25702),
    "districts_above_baseline": 6,
}
DISTRICTS = [
    {"district": "Hamburg-Mitte", "population_16plus": 10_000, "uptake_start": X(0.2015), "uptake_latest": X(0.2137)},
    {"district": "Altona", "population_16plus": 20_000, "uptake_start": X(0.25), "uptake_latest": X(0.25075)},
    {"district": "Eimsbüttel", "population_16plus": 10_000, "uptake_start": X(0.25), "uptake_latest": X(0.25)},
    {"district": "Hamburg-Nord", "population_16plus": 10_000, "uptake_start": X(0.25), "uptake_latest": X(0.25)},
    {"district": "Wandsbek", "population_16plus": 20_000, "uptake_start": X(0.25), "uptake_latest": X(0.2525)},
    {"district": "Bergedorf", "population_16plus": 10_000, "uptake_start": X(0.25), "uptake_latest": X(0.25)},
    {"district": "Harburg", "population_16plus": 20_000, "uptake_start": X(0.30), "uptake_latest": X(0.30)},
]
EXPECTED = {"campaign": CAMPAIGN, "stops": [S1, S2], "districts": DISTRICTS}


@pytest.mark.slow
def test_clean_csv_gives_the_hand_worked_kpis(tmp_path, db):
    status, report = load(db, write_clean(tmp_path / "in"))
    assert status == 0, report
    assert kpis(db) == EXPECTED


@pytest.mark.slow
def test_every_key_of_kpis_md_and_no_other(tmp_path, db):
    load(db, write_clean(tmp_path / "in"))
    result = kpis(db)
    assert list(result) == ["campaign", "stops", "districts"]
    assert set(result["campaign"]) == set(CAMPAIGN)
    assert all(list(stop) == list(S1) for stop in result["stops"])
    assert all(list(d) == list(DISTRICTS[0]) for d in result["districts"])


@pytest.mark.slow
def test_follow_up_window_is_configurable(tmp_path, db):
    load(db, write_clean(tmp_path / "in"))
    # F = 1: S1's uptake_after at 6 Oct: A = 15 + 5 + 7 = 27 -> 0.2027; eid share after over [6 Oct, 6 Oct]: none
    stop = kpis(db, "--follow-up-days", "1")["stops"][0]
    assert stop["uptake_after"] == X(0.2027)
    assert stop["uptake_lift_pp"] == X(0.12)
    assert stop["eid_share_after"] is None


@pytest.mark.slow
def test_german_office_export_gives_identical_kpis(tmp_path, db):
    folder = write_german(tmp_path / "de")
    status, report = load(db, folder)
    assert status == 0, report
    assert [f["rows_quarantined"] for f in report["files"]] == [0] * 5
    assert kpis(db) == EXPECTED


@pytest.mark.slow
def test_german_export_reports_the_ignored_column(tmp_path, db):
    _, report = load(db, write_german(tmp_path / "de"))
    visits = next(f for f in report["files"] if f["kind"] == "visits")
    assert "ignored columns: Bemerkung" in visits["message"]


@pytest.mark.slow
def test_parquet_gives_identical_kpis(tmp_path, db):
    status, report = load(db, write_parquet(tmp_path / "pq"))
    assert status == 0, report
    assert kpis(db) == EXPECTED


@pytest.mark.slow
def test_split_dirty_files_with_a_corrected_reexport_give_identical_kpis(tmp_path, db):
    first, second = write_split_dirty(tmp_path / "first", tmp_path / "second")
    status, report = load(db, first)
    assert status == 0
    quarantined = {f["file"]: f["rows_quarantined"] for f in report["files"]}
    assert quarantined == {
        "districts.csv": 0,
        "stops.csv": 0,
        "activations_mitte.csv": 1,
        "activations_rest.csv": 0,
        "service_usage.csv": 1,
        "visits_1.csv": 1,
        "visits_2.csv": 1,
    }
    assert kpis(db)["stops"][0]["activations_before"] == 46  # the wrong count (40 instead of 4) is in

    status, report = load(db, second)
    assert status == 0
    (corrected,) = report["files"]
    # 8 Mitte rows: the 10 Sep one replaces the wrong value, the other 7 are unchanged
    assert (
        corrected["rows_read"],
        corrected["rows_loaded"],
        corrected["rows_replaced"],
        corrected["rows_unchanged"],
    ) == (8, 0, 1, 7)
    assert kpis(db) == EXPECTED


@pytest.mark.slow
def test_every_bad_row_of_the_dirty_files_is_quarantined_with_its_reason(tmp_path, db):
    import duckdb

    first, _ = write_split_dirty(tmp_path / "first", tmp_path / "second")
    load(db, first)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.sql("select file, line, reasons from quarantine order by file, line").fetchall()
    con.close()
    assert rows == [
        ("activations_mitte.csv", 10, ["district: 'Altstadt' is not a Hamburg district"]),
        ("service_usage.csv", 10, ["completed: must not be more than started"]),
        (
            "visits_1.csv",
            5,
            [
                "visited_at: '2024-13-40T10:00:00' is not a timestamp "
                "(expected 2025-05-21T10:15:00, 2025-05-21 10:15 or 21.05.2025 10:15)"
            ],
        ),
        ("visits_2.csv", 6, ["stop_id: 'S7' is not a loaded stop (load the stops first)"]),
    ]
