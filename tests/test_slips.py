"""The slips a mutation test found unguarded (issue 18), each pinned to a value worked out by hand beside it.

The hand-made campaign (tests/campaign.py): residents 16+ 100,000 in all; eID shares at the start Mitte 0.20
(10,000), Altona 0.25 (20,000), Harburg 0.30 (20,000), the other four the national 0.25 (10,000, 10,000, 20,000,
10,000). Sum of s0 * P = 2,000 + 5,000 + 2,500 + 2,500 + 5,000 + 2,500 + 6,000 = 25,500. Activations (all
channels, cumulative up to and including a day): Mitte 5 (9 Sep 2024), 4 (10 Sep), 6 (22 Sep), 2 (23 Sep, pop-up),
3 (5 Oct), 7 (6 Oct), 10 (2 Nov), 100 (3 Nov); Wandsbek 50 (15 Jan 2025); Altona 1 (9 May), 8 (10 May), 2 (21 May,
pop-up, two rows summed), 4 (10 Jun).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from campaign import write_clean
from helpers import load, page_query

D = dt.date


@pytest.fixture(scope="module")
def campaign(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("slips")
    db = folder / "warehouse.duckdb"
    assert load(db, write_clean(folder / "in"))[0] == 0
    return db


# --- 1. Hamburg's uptake is weighted by residents, not a mean of district shares ----------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # 22 Sep 2024: A = 5 + 4 + 6 = 15 -> 25,515 / 100,000 (a mean of the seven shares would give 0.25 + …)
        (D(2024, 9, 22), 0.25515),
        # 23 Sep 2024: + 2 pop-up activations in Mitte that day -> 25,517 / 100,000
        (D(2024, 9, 23), 0.25517),
        # 21 May 2025: Mitte 137, Wandsbek 50, Altona 1 + 8 + 2 = 11 -> 25,698 / 100,000
        (D(2025, 5, 21), 0.25698),
    ],
)
def test_hamburgs_uptake_on_named_days_is_weighted_by_residents(campaign, day, expected):
    series = page_query(
        campaign, "uptake_pooled_series", date_from=D(2024, 9, 1), date_to=D(2025, 6, 10), districts=(), weekly=False
    )
    value = dict(series.select("date", "uptake").iter_rows())[day]
    assert value == pytest.approx(expected, abs=1e-12)


# --- 2. "as of" a day includes that day -------------------------------------------------------------------------
@pytest.mark.slow
def test_the_uptake_as_of_a_day_includes_the_activations_of_that_day(campaign):
    # 23 Sep 2024 is the day of 2 pop-up activations in Mitte: 0.20 + (15 + 2) / 10,000 = 0.2017 (without the day:
    # 0.2015); Hamburg 25,517 / 100,000 (without: 25,515)
    pooled = page_query(campaign, "uptake_pooled_at", day=D(2024, 9, 23), districts=())
    assert pooled["uptake"][0] == pytest.approx(0.25517, abs=1e-12)
    by_district = page_query(campaign, "uptake_at", day=D(2024, 9, 23), districts=())
    uptake = dict(by_district.select("district", "uptake").iter_rows())
    assert uptake["Hamburg-Mitte"] == pytest.approx(0.2017, abs=1e-12)
    assert uptake["Altona"] == pytest.approx(0.25, abs=1e-12)


# --- 3. a period that cuts a stop: its cost in proportion to open days, Saturdays included -------------------------
def test_the_cost_of_a_period_that_cuts_a_stop_counts_saturdays_as_open_days(campaign):
    # S1 (1,500 €) is open 23 Sep - 5 Oct 2024, Monday to Saturday without 3 Oct (a holiday): 6 + 5 = 11 days.
    # The period 23-28 Sep (Monday to Saturday) holds 6 of them: 1,500 x 6 / 11 = 818.1818… €, for the one pop-up
    # activation of the period (V1 on 23 Sep): 818.18 € per activation. Without Saturdays: 1,500 x 5 / 11 = 681.82.
    totals = page_query(
        campaign, "period_totals", date_from=D(2024, 9, 23), date_to=D(2024, 9, 28), districts=(), stops=()
    ).row(0, named=True)
    assert totals["visits"] == 2  # V1 (23 Sep), V2 (24 Sep)
    assert totals["popup_activations"] == 1
    assert totals["cost_per_activation"] == pytest.approx(1500 * 6 / 11, abs=1e-9)
    # 23 Sep - 2 Oct: 6 + 3 open days (Mon 30 Sep - Wed 2 Oct), 1,500 x 9 / 11 = 1,227.27 € for the two activations
    # V1 and V3 (V2 ended without one): 613.64 € each
    totals = page_query(
        campaign, "period_totals", date_from=D(2024, 9, 23), date_to=D(2024, 10, 2), districts=(), stops=()
    ).row(0, named=True)
    assert (totals["visits"], totals["popup_activations"]) == (3, 2)
    assert totals["cost_eur"] == pytest.approx(1500 * 9 / 11, abs=1e-9)
    assert totals["cost_per_activation"] == pytest.approx(1500 * 9 / 11 / 2, abs=1e-9)
    # a single day, the Saturday 28 Sep: 1,500 / 11 of the cost and no activation -> no cost per activation
    saturday = page_query(
        campaign, "period_totals", date_from=D(2024, 9, 28), date_to=D(2024, 9, 28), districts=(), stops=()
    ).row(0, named=True)
    assert saturday["visits"] == 0 and saturday["cost_per_activation"] is None


@pytest.mark.slow
def test_the_cost_of_a_period_adds_the_shares_of_every_costed_stop(tmp_path):
    # S2 (Altona, Wed 21 - Sat 31 May 2025) given a cost of 900 €: open Monday to Saturday without Ascension Day
    # (29 May): 21-24, 26-28, 30, 31 = 9 days.
    folder = write_clean(tmp_path / "in")
    stops = folder / "stops.csv"
    stops.write_text(stops.read_text().replace("2025-05-31,,,", "2025-05-31,,,900"))
    db = tmp_path / "warehouse.duckdb"
    assert load(db, folder)[0] == 0

    def totals(date_from, date_to):
        return page_query(db, "period_totals", date_from=date_from, date_to=date_to, districts=(), stops=()).row(
            0, named=True
        )

    # the whole campaign: 1,500 + 900 = 2,400 € for V1, V3 (S1) and V6, V7 (S2): 600 € per activation
    whole = totals(D(2024, 9, 1), D(2025, 6, 30))
    assert (whole["cost_eur"], whole["popup_activations"]) == (pytest.approx(2400), 4)
    assert whole["cost_per_activation"] == pytest.approx(600)
    # 21-24 May: 4 of S2's 9 days, 900 x 4 / 9 = 400 €, for V7 (22 May; V5 on 21 May ended without one)
    part = totals(D(2025, 5, 21), D(2025, 5, 24))
    assert (part["visits"], part["popup_activations"]) == (2, 1)
    assert part["cost_per_activation"] == pytest.approx(400)


# --- 5. the district of residence: every spelling the contract allows, and one it refuses --------------------------
@pytest.mark.slow
def test_the_residence_district_takes_every_spelling_of_the_contract_and_refuses_others(tmp_path, campaign):
    db = tmp_path / "warehouse.duckdb"
    db.write_bytes(campaign.read_bytes())
    spellings = {
        "R1": ("altona", "Altona"),
        "R2": ("Hamburg Mitte", "Hamburg-Mitte"),
        "R3": ("Bezirk Eimsbuettel", "Eimsbüttel"),
        "R4": ("Nord", "Hamburg-Nord"),
        "R5": ("05", "Wandsbek"),
        "R6": ("BERGEDORF", "Bergedorf"),
        "R7": ("7", "Harburg"),
        "R8": ("", None),  # not given: allowed, the column is optional
    }
    lines = ["visit_id,stop_id,visited_at,topic,outcome,resident_district"]
    lines += [f"{vid},S1,2024-09-25T12:00:00,general_info,resolved,{text}" for vid, (text, _) in spellings.items()]
    lines.append("R9,S1,2024-09-25T12:00:00,general_info,resolved,Altstadt")
    visits = tmp_path / "visits_residence.csv"
    visits.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load(db, visits)
    con = duckdb.connect(str(db), read_only=True)
    try:
        loaded = dict(con.sql("select visit_id, resident_district from raw_visits where visit_id like 'R%'").fetchall())
        quarantined = con.sql("select line, reasons from quarantine where file like '%residence%'").fetchall()
    finally:
        con.close()
    assert loaded == {vid: official for vid, (_, official) in spellings.items()}
    assert quarantined == [(10, ["resident_district: 'Altstadt' is not a Hamburg district"])]


# --- 6. personal data: a header that only contains a forbidden word refuses the file ------------------------------
@pytest.mark.parametrize("header", ["Kontakt-E-Mail", "Geburtsjahr", "Nachname_Kind", "Telefon privat", "Wohnadresse"])
@pytest.mark.slow
def test_a_header_that_contains_a_personal_data_word_refuses_the_file(tmp_path, campaign, header):
    db = tmp_path / "warehouse.duckdb"
    db.write_bytes(campaign.read_bytes())
    visits = tmp_path / "visits_personal.csv"
    visits.write_text(
        f"visit_id,stop_id,visited_at,topic,outcome,{header}\nP1,S1,2024-09-25T12:00:00,general_info,resolved,x@y.de\n",
        encoding="utf-8",
    )
    status, report = load(db, visits)
    (file,) = report["files"]
    assert status == 1 and file["status"] == "refused" and header in file["message"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.sql("select count(*) from raw_visits where visit_id = 'P1'").fetchall() == [(0,)]
        assert "x@y.de" not in str(con.sql("select * from quarantine").fetchall())
    finally:
        con.close()
