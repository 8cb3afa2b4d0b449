"""The data-quality page's figures and what every page says about the last load, worked out by hand on a warehouse
with a history: the hand-made campaign split over dirty files and corrected (tests/campaign.py write_split_dirty),
then a later round, then a file loaded again (skipped) and a file refused for a personal-data column.

Loads, oldest first (each file is one load; within a round districts, stops, then the rest by name):
  round 1: districts.csv, stops.csv, activations_mitte.csv (1 row quarantined: Altstadt, line 10),
           activations_rest.csv, service_usage.csv (1: completed > started, line 10),
           visits_1.csv (1: impossible timestamp, line 5), visits_2.csv (1: unknown stop S7, line 6)
  round 2: activations_mitte_korrigiert.csv
  round 3: stops_2.csv (S3 Wandsbek 13.-18.01.2025, no visits), activations_nachtrag.csv
  round 4: activations_mitte_korrigiert.csv again -> skipped; visits_kontakt.csv -> refused (E-Mail column)
"""

from __future__ import annotations

import datetime as dt

import pytest
from campaign import write_clean, write_split_dirty
from helpers import load, page_query

from etl import warehouse

# Pop-up counts beside the campaign's own (S1 2 on 23.09.2024, S2 1 + 1 on 21.05.2025): one the day before S1 and
# one the day after it (neither in S1's days), Eimsbüttel residents on two days during S2 (3 and 1; the counts are by
# residence: they count towards S2 in Altona), and a citizen-office count during S1 (not the pop-up channel).
NACHTRAG = """\
date,district,channel,activations
2024-09-22,Hamburg-Mitte,popup,1
2024-10-06,Hamburg-Mitte,popup,1
2024-09-24,Hamburg-Mitte,citizen_office,5
2025-05-25,Eimsbüttel,popup,3
2025-05-30,Eimsbüttel,popup,1
"""
STOPS_2 = "stop_id,district,venue,start_date,end_date\nS3,Wandsbek,Quarree,2025-01-13,2025-01-18\n"
KONTAKT = """\
visit_id,stop_id,visited_at,topic,outcome,E-Mail
V50,S1,2024-09-23T10:00,eid_activation,eid_activated,a@b.de
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quality")
    first, second = write_split_dirty(tmp / "first", tmp / "second")
    later = tmp / "later"
    later.mkdir()
    (later / "stops_2.csv").write_text(STOPS_2, encoding="utf-8")
    (later / "activations_nachtrag.csv").write_text(NACHTRAG, encoding="utf-8")
    refused = tmp / "refused"
    refused.mkdir()
    (refused / "visits_kontakt.csv").write_text(KONTAKT, encoding="utf-8")
    db = tmp / "warehouse.duckdb"
    for folder, status in ((first, 0), (second, 0), (later, 0), (second, 0), (refused, 1)):
        assert load(db, folder)[0] == status
    return db


def loaded_at(db, file: str, status: str = "loaded") -> dt.datetime:
    """When the load of `file` with this status ran (the load log's own clock; one such load per file here)."""
    con = warehouse.connect(db, read_only=True)
    try:
        query = "select loaded_at from load_log where file = $file and status = $status"
        times = con.sql(query, params={"file": file, "status": status}).pl()["loaded_at"]
    finally:
        con.close()
    assert len(times) == 1
    return times[0]


@pytest.mark.slow
def test_the_load_history_lists_every_attempt_newest_first(db):
    history = page_query(db, "load_history")
    assert history.select("file", "status", "rows_read", "rows_quarantined").rows() == [
        ("visits_kontakt.csv", "refused", 0, 0),
        ("activations_mitte_korrigiert.csv", "skipped", 0, 0),
        ("activations_nachtrag.csv", "loaded", 5, 0),
        ("stops_2.csv", "loaded", 1, 0),
        ("activations_mitte_korrigiert.csv", "loaded", 8, 0),
        ("visits_2.csv", "loaded", 5, 1),  # V4-V7 and V98
        ("visits_1.csv", "loaded", 4, 1),  # V1-V3 and V99
        ("service_usage.csv", "loaded", 9, 1),  # the campaign's 8 and one with completed > started
        ("activations_rest.csv", "loaded", 6, 0),  # Altona 5 rows (two of one key are summed) and Wandsbek
        ("activations_mitte.csv", "loaded", 9, 1),  # 8 Mitte rows and Altstadt
        ("stops.csv", "loaded", 2, 0),
        ("districts.csv", "loaded", 7, 0),
    ]


@pytest.mark.slow
def test_freshness_counts_only_the_loads_that_loaded(db):
    # visits: 2 files (the refused one is not a load of data), last visits_2.csv; activations: mitte, rest,
    # korrigiert, nachtrag = 4 (the skipped repeat is not counted), last the nachtrag; stops: 2 files, the latest
    # stop still ends 31.05.2025 (S2); the latest activation day 10.06.2025 (Altona), online services 03.11.2024
    freshness = page_query(db, "freshness")
    assert freshness.select("kind", "files", "latest_data").rows() == [
        ("stops", 2, dt.date(2025, 5, 31)),
        ("visits", 2, dt.date(2025, 5, 31)),
        ("activations", 4, dt.date(2025, 6, 10)),
        ("service_usage", 1, dt.date(2024, 11, 3)),
        ("districts", 1, None),
    ]
    assert freshness["last_loaded_at"].to_list() == [
        loaded_at(db, "stops_2.csv"),
        loaded_at(db, "visits_2.csv"),
        loaded_at(db, "activations_nachtrag.csv"),
        loaded_at(db, "service_usage.csv"),
        loaded_at(db, "districts.csv"),
    ]


def test_the_last_load_every_page_names_is_the_last_one_that_loaded(db):
    # the skipped repeat and the refused file came later, but loaded nothing
    context = page_query(db, "context").row(0, named=True)
    assert context["last_loaded_at"] == loaded_at(db, "activations_nachtrag.csv")
    assert context["last_loaded_at"] < loaded_at(db, "visits_kontakt.csv", "refused")
    assert (context["data_start"], context["data_end"], context["is_demo"]) == (
        dt.date(2024, 8, 25),  # the first online-service row
        dt.date(2025, 6, 10),
        False,
    )


# Quarantined rows, newest load first, then by line: visits_2.csv (line 6), visits_1.csv (5), service_usage.csv
# (10), activations_mitte.csv (10)
ALL_QUARANTINED = [("visits_2.csv", 6), ("visits_1.csv", 5), ("service_usage.csv", 10), ("activations_mitte.csv", 10)]


@pytest.mark.parametrize(
    ("file", "search", "expected"),
    [
        ("", "", ALL_QUARANTINED),
        ("visits_1.csv", "", [("visits_1.csv", 5)]),
        ("", "LOADED STOP", [("visits_2.csv", 6)]),  # "is not a loaded stop", in any case
        ("", "not", ALL_QUARANTINED),  # every reason says what is not
        ("service_usage.csv", "started", [("service_usage.csv", 10)]),
        ("visits_1.csv", "started", []),  # both conditions at once
    ],
)
def test_the_quarantine_of_one_file_or_with_a_reason(db, file, search, expected):
    rows = page_query(db, "quarantine", file=file, search=search)
    assert rows.select("file", "line").rows() == expected
    assert rows["loaded_at"].to_list() == [loaded_at(db, f) for f, _ in expected]


def test_a_quarantined_row_shows_its_reasons_and_raw_values(db):
    rows = {r["file"]: r for r in page_query(db, "quarantine", file="", search="").to_dicts()}
    assert rows["activations_mitte.csv"]["reasons"] == "district: 'Altstadt' is not a Hamburg district"
    assert '"Altstadt"' in rows["activations_mitte.csv"]["raw_values"]
    assert rows["visits_2.csv"]["kind"] == "visits"


# Reconciliation (pop-up counts of all districts over the stop's days against the visit log's "eID activated"):
# S1 23.09.-05.10.2024: log V1, V3 = 2; counts 2 on 23.09. (22.09. and 06.10. lie outside, 24.09. is the citizen
# office) = 2 -> 0. S3 13.-18.01.2025: no visits, no pop-up count -> 0, 0, 0. S2 21.-31.05.2025: log V6, V7 = 2;
# counts 1 + 1 on 21.05. and Eimsbüttel's 3 on 25.05. and 1 on 30.05. = 6 -> 4 more counted than logged.
RECONCILIATION = [
    ("S1", "Hamburg-Mitte", 2, 2, 0),
    ("S3", "Wandsbek", 0, 0, 0),
    ("S2", "Altona", 2, 6, 4),
]


@pytest.mark.parametrize(
    ("districts", "stops", "expected"),
    [
        ((), (), RECONCILIATION),
        (("Altona", "Wandsbek"), (), RECONCILIATION[1:]),
        ((), ("S1", "S2"), [RECONCILIATION[0], RECONCILIATION[2]]),
        (("Altona",), ("S1",), []),
    ],
)
def test_the_reconciliation_per_stop(db, districts, stops, expected):
    rows = page_query(db, "reconciliation", districts=districts, stops=stops)
    columns = ["stop_id", "district", "in_visit_log", "in_counts", "difference"]
    assert rows.select(columns).rows() == expected


def test_a_kind_never_loaded_is_listed_with_no_files(tmp_path):
    # only the districts and the stops loaded: the other kinds still have their row, with 0 files and no dates
    folder = write_clean(tmp_path / "in")
    db = tmp_path / "warehouse.duckdb"
    assert load(db, folder / "districts.csv", folder / "stops.csv")[0] == 0
    freshness = page_query(db, "freshness")
    assert freshness.select("kind", "files", "latest_data").rows() == [
        ("stops", 1, dt.date(2025, 5, 31)),
        ("visits", 0, None),
        ("activations", 0, None),
        ("service_usage", 0, None),
        ("districts", 1, None),
    ]
    assert freshness["last_loaded_at"].is_null().to_list() == [False, True, True, True, False]


def test_a_demo_warehouse_says_so(db, tmp_path):
    demo = tmp_path / "demo.duckdb"
    demo.write_bytes(db.read_bytes())
    con = warehouse.connect(demo)
    warehouse.mark_demo(con)
    con.close()
    assert page_query(demo, "context")["is_demo"].to_list() == [True]
    assert page_query(db, "context")["is_demo"].to_list() == [False]


# Pop-up activations over a stop's days by district of residence (the compare page's "who came"): S1 23.09.-05.10.2024
# Hamburg-Mitte 2 (23.09.; 22.09. and 06.10. lie outside); S2 21.-31.05.2025 Altona 1 + 1, Eimsbüttel 3 + 1;
# S3 none. The citizen-office count of 24.09. is another channel.
@pytest.mark.parametrize(
    ("stop", "expected"),
    [("S1", [("Hamburg-Mitte", 2)]), ("S2", [("Altona", 2), ("Eimsbüttel", 4)]), ("S3", [])],
)
def test_pop_up_activations_of_a_stop_by_residence(db, stop, expected):
    assert sorted(page_query(db, "popup_by_residence", stop_id=stop).rows()) == expected
