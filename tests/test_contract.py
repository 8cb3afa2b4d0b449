"""One test (or a few) per rule of DATA_CONTRACT.md, each with its expected values written out by hand."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import polars as pl
import pytest
from helpers import load, run_etl

STOPS_HEADER = "stop_id,district,venue,start_date,end_date"
STOP_S1 = "S1,Hamburg-Mitte,Europa-Passage,2024-09-23,2024-10-19"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def rows(db: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(query).fetchall()
    finally:
        con.close()


def reasons(db: Path) -> list[tuple]:
    return rows(db, "select line, reasons from quarantine order by load_id, line")


@pytest.mark.slow
def test_three_delimiters_and_three_encodings_read_the_same(tmp_path, db):
    text = (
        "stop_id{d}district{d}venue{d}start_date{d}end_date\r\n"
        "S1{d}Eimsbüttel{d}Mühlenkamp – Ecke{d}2025-07-14{d}2025-08-09\r\n"
    )
    cases = [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "cp1252"), (";", "latin-1")]
    for i, (delimiter, encoding) in enumerate(cases):
        venue = "Mühlenkamp – Ecke" if encoding != "latin-1" else "Mühlenkamp Ecke"
        content = text.format(d=delimiter).replace("Mühlenkamp – Ecke", venue)
        one_db = tmp_path / f"w{i}.duckdb"
        status, report = load(one_db, write(tmp_path / str(i), "stops.csv", content, encoding))
        assert status == 0, report
        assert rows(one_db, "select district, venue from raw_stops") == [("Eimsbüttel", venue)], (delimiter, encoding)


@pytest.mark.slow
def test_quoted_fields_with_delimiters_and_lf_line_ends(tmp_path, db):
    path = write(tmp_path, "stops.csv", f'{STOPS_HEADER}\n"S1","Altona","Mercado, Ottensen",2025-05-21,"2025-06-14"\n')
    load(db, path)
    assert rows(db, "select venue, end_date from raw_stops") == [("Mercado, Ottensen", dt.date(2025, 6, 14))]


def test_headers_by_german_alias_case_spaces_and_separators(tmp_path, db):
    path = write(
        tmp_path,
        "standorte.csv",
        " STANDORT-ID ;bezirk;Ort; Beginn;ENDE;oeffnet;Schließt;kosten eur\n"
        "S1;Altona;Mercado;21.05.2025;14.06.2025;09:30;18:00;1.234,50\n",
    )
    status, _ = load(db, path)
    assert status == 0
    assert rows(db, "select * exclude (load_id) from raw_stops") == [
        ("S1", "Altona", "Mercado", dt.date(2025, 5, 21), dt.date(2025, 6, 14), dt.time(9, 30), dt.time(18, 0), 1234.5)
    ]


@pytest.mark.parametrize(
    ("spelling", "official"),
    [
        ("Hamburg-Mitte", "Hamburg-Mitte"),
        ("Hamburg Mitte", "Hamburg-Mitte"),
        ("Bezirk Hamburg-Mitte", "Hamburg-Mitte"),
        ("Mitte", "Hamburg-Mitte"),
        ("HAMBURG-MITTE", "Hamburg-Mitte"),
        ("1", "Hamburg-Mitte"),
        ("01", "Hamburg-Mitte"),
        ("altona", "Altona"),
        ("02", "Altona"),
        ("Eimsbüttel", "Eimsbüttel"),
        ("Eimsbuettel", "Eimsbüttel"),
        ("3", "Eimsbüttel"),
        ("Hamburg-Nord", "Hamburg-Nord"),
        ("HamburgNord", "Hamburg-Nord"),
        ("Nord", "Hamburg-Nord"),
        ("04", "Hamburg-Nord"),
        ("Bezirk Wandsbek", "Wandsbek"),
        ("5", "Wandsbek"),
        ("Bergedorf", "Bergedorf"),
        ("06", "Bergedorf"),
        ("harburg", "Harburg"),
        ("7", "Harburg"),
    ],
)
@pytest.mark.slow
def test_every_district_spelling_of_the_contract(tmp_path, db, spelling, official):
    load(db, write(tmp_path, "activations.csv", f"date,district,channel\n2025-01-02,{spelling},popup\n"))
    assert rows(db, "select district from raw_activations") == [(official,)]


@pytest.mark.parametrize("spelling", ["Altstadt", "8", "00", "Hamburg", "Mitte-Nord", "Bezirk"])
@pytest.mark.slow
def test_anything_else_is_not_a_district(tmp_path, db, spelling):
    load(db, write(tmp_path, "activations.csv", f"date,district,channel\n2025-01-02,{spelling},popup\n"))
    assert reasons(db) == [(2, [f"district: '{spelling}' is not a Hamburg district"])]


@pytest.mark.slow
def test_integer_counts_take_the_german_thousands_separator_only_in_that_shape(tmp_path, db):
    text = (
        "date;district;channel;activations\n"
        "2025-01-01;Altona;popup;1.234\n"  # 1234
        "2025-01-02;Altona;popup;12.345.678\n"  # 12345678
        "2025-01-03;Altona;popup;17\n"
        "2025-01-04;Altona;popup;1,234\n"  # not an integer count
        "2025-01-05;Altona;popup;12.5\n"  # not an integer count
        "2025-01-06;Altona;popup;1.23\n"
    )  # not the thousands shape
    load(db, write(tmp_path, "activations.csv", text))
    assert rows(db, "select date, activations from raw_activations order by date") == [
        (dt.date(2025, 1, 1), 1234),
        (dt.date(2025, 1, 2), 12_345_678),
        (dt.date(2025, 1, 3), 17),
    ]
    assert reasons(db) == [
        (5, ["activations: '1,234' is not a whole number"]),
        (6, ["activations: '12.5' is not a whole number"]),
        (7, ["activations: '1.23' is not a whole number"]),
    ]


@pytest.mark.slow
def test_decimals_with_point_or_comma(tmp_path, db):
    text = (
        f"{STOPS_HEADER},cost_eur\n"
        "A,Altona,x,2025-01-01,2025-01-02,1234.56\n"
        'B,Altona,x,2025-01-01,2025-01-02,"1234,56"\n'
        "C,Altona,x,2025-01-01,2025-01-02,1.5\n"
        "D,Altona,x,2025-01-01,2025-01-02,zwölf\n"
    )
    load(db, write(tmp_path, "stops.csv", text))
    assert rows(db, "select stop_id, cost_eur from raw_stops order by stop_id") == [
        ("A", 1234.56),
        ("B", 1234.56),
        ("C", 1.5),
    ]
    assert reasons(db) == [(5, ["cost_eur: 'zwölf' is not a number"])]


@pytest.mark.slow
def test_dates_iso_and_german_and_impossible_ones(tmp_path, db):
    text = (
        "date,district,channel\n2025-05-21,Altona,popup\n22.05.2025,Altona,popup\n"
        "31.02.2025,Altona,popup\n2025-13-01,Altona,popup\n05/23/2025,Altona,popup\n"
    )
    load(db, write(tmp_path, "activations.csv", text))
    assert rows(db, "select date from raw_activations order by date") == [
        (dt.date(2025, 5, 21),),
        (dt.date(2025, 5, 22),),
    ]
    expected = "is not a date (expected 2025-05-21 or 21.05.2025)"
    assert reasons(db) == [
        (4, [f"date: '31.02.2025' {expected}"]),
        (5, [f"date: '2025-13-01' {expected}"]),
        (6, [f"date: '05/23/2025' {expected}"]),
    ]


@pytest.mark.slow
def test_timestamps_in_every_accepted_form_are_local_berlin_time(tmp_path, db):
    load(db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))
    text = (
        "visit_id,stop_id,visited_at,topic,outcome\n"
        "a,S1,2024-09-23T10:15:00,general_info,resolved\n"
        "b,S1,2024-09-23 10:15,general_info,resolved\n"
        "c,S1,23.09.2024 10:15,general_info,resolved\n"
        "d,S1,2024-09-23T08:15:00Z,general_info,resolved\n"  # UTC: 10:15 in Berlin (summer time)
        "e,S1,2024-09-23T10:15:00+02:00,general_info,resolved\n"
        "f,S1,2024-09-23,general_info,resolved\n"  # a date is not a timestamp
        "g,S1,02.10.2024 10:15:30,general_info,resolved\n"  # German with seconds: 2 October, not 10 February
    )
    load(db, write(tmp_path, "visits.csv", text))
    ten_fifteen = dt.datetime(2024, 9, 23, 10, 15)
    assert rows(db, "select visit_id, visited_at from raw_visits order by visit_id") == [
        *((v, ten_fifteen) for v in "abcde"),
        ("g", dt.datetime(2024, 10, 2, 10, 15, 30)),
    ]
    assert reasons(db)[0][0] == 7


@pytest.mark.slow
def test_service_usage_date_may_be_a_timestamp(tmp_path, db):
    text = (
        "datum,bezirk,dienst_id,anmeldung\n"
        "21.05.2025 10:15,Altona,kita_voucher,eid\n2025-05-21T23:59:00,Altona,kita_voucher,eid\n"
    )
    load(db, write(tmp_path, "nutzung.csv", text))
    assert rows(db, "select date, started, completed from raw_service_usage") == [(dt.date(2025, 5, 21), 2, 2)]


def test_missing_required_column_refuses_the_file_and_names_it(tmp_path, db):
    bad = write(tmp_path, "visits.csv", "visit_id,stop_id,topic,outcome\nv,S1,general_info,resolved\n")
    good = write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n")
    status, report = load(db, bad, good)
    assert status == 1
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file["stops.csv"]["status"] == "loaded"
    refused = by_file["visits.csv"]
    assert refused["status"] == "refused" and refused["rows_loaded"] == 0
    assert (
        refused["message"]
        == "visits.csv: refused, required column 'visited_at' (or 'zeitpunkt') is missing from the header"
    )
    assert rows(db, "select count(*) from raw_visits") == [(0,)]


@pytest.mark.parametrize(
    "column",
    [
        "Name",
        "Vorname",
        "E-Mail",
        "email",
        "Telefon",
        "Adresse",
        "Ausweisnummer",
        "Geburtsdatum",
        "first_name",
        "phone",
        "address",
        "date_of_birth",
    ],
)
@pytest.mark.slow
def test_personal_data_columns_refuse_the_file_and_nothing_of_it_is_kept(tmp_path, db, column):
    load(db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))
    text = (
        f"visit_id,stop_id,visited_at,topic,outcome,{column}\n"
        "v1,S1,2024-09-23 10:00,general_info,resolved,Erika Mustermann\n"
    )
    status, report = load(db, write(tmp_path, "visits.csv", text))
    assert status == 1
    (file,) = report["files"]
    assert file["status"] == "refused" and "personal data" in file["message"] and column in file["message"]
    everything = json.dumps(rows(db, "select * from quarantine") + rows(db, "select * from raw_visits"), default=str)
    assert "Mustermann" not in everything


@pytest.mark.slow
def test_defaults_of_optional_columns(tmp_path, db):
    load(db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))
    load(
        db,
        write(tmp_path, "activations.csv", "date,district,channel\n2025-01-02,Altona,popup\n2025-01-02,Altona,popup\n"),
    )
    load(
        db,
        write(
            tmp_path,
            "service_usage.csv",
            "date,district,service_id,auth_method,started\n2025-01-02,Altona,x,eid,5\n2025-01-02,Altona,x,eid,\n",
        ),
    )
    assert rows(db, "select opening_time, closing_time, cost_eur from raw_stops") == [(dt.time(10), dt.time(19), None)]
    assert rows(db, "select activations from raw_activations") == [(2,)]  # two rows, one activation each
    assert rows(db, "select started, completed from raw_service_usage") == [(6, 6)]  # 5/5 + 1/1


@pytest.mark.parametrize(
    ("kind", "header", "row", "reason"),
    [
        ("stops", STOPS_HEADER, "S,Altona,x,2025-05-21,2025-05-20", "end_date: must not be before start_date"),
        (
            "stops",
            f"{STOPS_HEADER},opening_time,closing_time",
            "S,Altona,x,2025-05-21,2025-05-22,19:00,10:00",
            "closing_time: must be after opening_time",
        ),
        (
            "stops",
            f"{STOPS_HEADER},cost_eur",
            "S,Altona,x,2025-05-21,2025-05-22,-5",
            "cost_eur: -5.0 must be 0 or more",
        ),
        ("stops", STOPS_HEADER, ",Altona,x,2025-05-21,2025-05-22", "stop_id: missing (required)"),
        (
            "activations",
            "date,district,channel",
            "2025-01-01,Altona,post",
            "channel: 'post' is not one of popup, citizen_office, self_service",
        ),
        (
            "activations",
            "date,district,channel,activations",
            "2025-01-01,Altona,popup,-1",
            "activations: -1 must be 0 or more",
        ),
        (
            "service_usage",
            "date,district,service_id,auth_method,started,completed",
            "2025-01-01,Altona,x,eid,2,3",
            "completed: must not be more than started",
        ),
        (
            "service_usage",
            "date,district,service_id,auth_method",
            "2025-01-01,Altona,x,bankid",
            "auth_method: 'bankid' is not one of eid, username_password, none",
        ),
        ("districts", "district,population_16plus", "Altona,0", "population_16plus: 0 must be more than 0"),
        (
            "districts",
            "district,population_16plus,eid_share_at_start",
            "Altona,1000,120 %",
            "eid_share_at_start: 1.2 must be between 0 and 1 (0 % to 100 %)",
        ),
    ],
)
@pytest.mark.slow
def test_row_rules_quarantine_with_the_column_and_reason(tmp_path, db, kind, header, row, reason):
    status, report = load(db, write(tmp_path, f"{kind}.csv", f"{header}\n{row}\n"))
    assert status == 0
    assert reasons(db) == [(2, [reason])]
    assert report["files"][0]["rows_quarantined"] == 1


@pytest.mark.slow
def test_visit_rules_and_every_reason_of_a_row(tmp_path, db):
    load(db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))
    text = (
        "visit_id,stop_id,visited_at,topic,outcome,age_band,satisfaction,duration_min\n"
        "v1,S1,2024-09-24 10:00,eid_activation,eid_activated,65+,5,240\n"
        "v2,S1,2024-10-20 10:00,eid_activation,eid_activated,,,\n"
        "v3,S9,2024-09-24 10:00,eid_activation,eid_activated,,,\n"
        "v4,S1,2024-09-24 10:00,chat,done,15-20,6,0\n"
        "v5,S1,2024-09-24 10:00,PIN-Reset,Not Resolved,16–29,1,0.5\n"
    )
    load(db, write(tmp_path, "visits.csv", text))
    assert reasons(db) == [
        (3, ["visited_at: 2024-10-20 10:00 is outside the dates of stop S1 (2024-09-23 to 2024-10-19)"]),
        (4, ["stop_id: 'S9' is not a loaded stop (load the stops first)"]),
        (
            5,
            [
                "topic: 'chat' is not one of eid_activation, pin_reset, ausweisapp_setup, service_help, general_info",
                "outcome: 'done' is not one of eid_activated, resolved, referred, not_resolved",
                "age_band: '15-20' is not one of 16-29, 30-49, 50-64, 65+",
                "satisfaction: 6 must be a whole number from 1 to 5",
                "duration_min: 0.0 must be more than 0 and at most 240",
            ],
        ),
    ]
    assert rows(db, "select visit_id, topic, outcome, age_band from raw_visits order by 1") == [
        ("v1", "eid_activation", "eid_activated", "65+"),
        ("v5", "pin_reset", "not_resolved", "16-29"),
    ]


@pytest.mark.slow
def test_quarantine_keeps_file_line_and_raw_values(tmp_path, db):
    load(db, write(tmp_path, "activations.csv", "Datum;Bezirk;Kanal;Anzahl;Notiz\n2025-01-01;Altstadt;popup;3;x\n"))
    ((file, kind, line, raw),) = rows(db, "select file, kind, line, raw from quarantine")
    assert (file, kind, line) == ("activations.csv", "activations", 2)
    assert json.loads(raw) == {"date": "2025-01-01", "district": "Altstadt", "channel": "popup", "activations": "3"}


# A large file's keys are first compared by their hashes sorted in numpy, a small file's by DuckDB (etl.load,
# issue 31): each test of keys held before or twice runs both ways.
BOTH_WAYS_OF_FINDING_KEYS = pytest.mark.parametrize("sorted_hashes_from", [0, 1_000_000], ids=["numpy", "duckdb"])


@pytest.mark.slow
@BOTH_WAYS_OF_FINDING_KEYS
def test_unique_keys_replace_on_a_later_load_and_report_it(tmp_path, db, monkeypatch, sorted_hashes_from):
    monkeypatch.setattr("etl.load.SORTED_HASHES_FROM", sorted_hashes_from)
    load(
        db, write(tmp_path / "a", "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\nS2,Altona,Mercado,2025-05-21,2025-06-14\n")
    )
    _, report = load(
        db,
        write(
            tmp_path / "b",
            "stops.csv",
            f"{STOPS_HEADER}\n{STOP_S1}\nS2,Altona,Mercado,2025-05-21,2025-06-21\nS3,Harburg,Phoenix,2026-01-12,2026-02-07\n",
        ),
    )
    (file,) = report["files"]
    assert (file["rows_read"], file["rows_loaded"], file["rows_replaced"], file["rows_unchanged"]) == (3, 1, 1, 1)
    assert rows(db, "select stop_id, end_date from raw_stops order by 1") == [
        ("S1", dt.date(2024, 10, 19)),
        ("S2", dt.date(2025, 6, 21)),
        ("S3", dt.date(2026, 2, 7)),
    ]


@pytest.mark.slow
@BOTH_WAYS_OF_FINDING_KEYS
def test_a_unique_key_twice_in_one_file_keeps_the_first(tmp_path, db, monkeypatch, sorted_hashes_from):
    monkeypatch.setattr("etl.load.SORTED_HASHES_FROM", sorted_hashes_from)
    _, report = load(
        db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\nS1,Altona,Mercado,2025-05-21,2025-06-14\n")
    )
    assert report["files"][0]["rows_loaded"] == 1 and report["files"][0]["rows_quarantined"] == 1
    assert rows(db, "select district from raw_stops") == [("Hamburg-Mitte",)]
    assert reasons(db) == [(3, ["stop_id: 'S1' appears again in this file (first on line 2, which is kept)"])]


@pytest.mark.slow
def test_daily_counts_sum_inside_a_file_and_a_later_file_replaces(tmp_path, db):
    header = "date,district,channel,activations\n"
    load(
        db,
        write(
            tmp_path / "a",
            "activations.csv",
            header + "2025-01-01,Altona,popup,3\n2025-01-01,02,popup,4\n2025-01-02,Altona,popup,1\n",
        ),
    )
    assert rows(db, "select date, activations from raw_activations order by 1") == [
        (dt.date(2025, 1, 1), 7),
        (dt.date(2025, 1, 2), 1),
    ]
    _, report = load(
        db, write(tmp_path / "b", "activations.csv", header + "2025-01-01,Altona,popup,5\n2025-01-02,Altona,popup,1\n")
    )
    assert rows(db, "select date, activations from raw_activations order by 1") == [
        (dt.date(2025, 1, 1), 5),
        (dt.date(2025, 1, 2), 1),
    ]
    (file,) = report["files"]
    assert (file["rows_loaded"], file["rows_replaced"], file["rows_unchanged"]) == (0, 1, 1)


@pytest.mark.slow
def test_same_content_again_is_skipped_and_changes_nothing(tmp_path, db):
    path = write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n")
    load(db, path)
    before = rows(db, "select * from raw_stops")
    copy = write(tmp_path / "elsewhere", "standorte_kopie.csv", path.read_text())
    status, report = load(db, copy)
    assert status == 0
    assert report["files"][0]["status"] == "skipped"
    assert rows(db, "select * from raw_stops") == before


@pytest.mark.slow
def test_strict_refuses_a_file_with_any_bad_row(tmp_path, db):
    path = write(
        tmp_path, "activations.csv", "date,district,channel\n2025-01-01,Altona,popup\n2025-01-01,Altstadt,popup\n"
    )
    status, report = load(db, path, args=["--strict"])
    assert status == 1
    (file,) = report["files"]
    assert file["status"] == "refused" and file["rows_loaded"] == 0
    assert file["rows_read"] == file["rows_quarantined"] == 2
    assert rows(db, "select count(*) from raw_activations") == [(0,)]
    status, report = load(db, path)  # without --strict the same file loads its good row
    assert status == 0 and report["files"][0]["rows_loaded"] == 1


@pytest.mark.slow
def test_strict_refuses_a_file_whose_only_fault_is_a_malformed_line(tmp_path, db):
    # line 3 has a fourth field: 1 of 3 rows breaks the contract, and --strict keeps all 3 in the quarantine
    text = "date,district,channel\n2025-01-01,Altona,popup\n2025-01-02,Altona,popup,extra\n2025-01-03,Altona,popup\n"
    status, report = load(db, write(tmp_path, "activations.csv", text), args=["--strict"])
    (file,) = report["files"]
    assert (status, file["status"]) == (1, "refused")
    assert (file["rows_read"], file["rows_loaded"], file["rows_quarantined"]) == (3, 0, 3)
    assert "refused under --strict, 1 of 3 rows break the contract" in file["message"]


@pytest.mark.slow
def test_strict_loads_a_file_without_a_fault(tmp_path, db):
    path = write(tmp_path, "activations.csv", "date,district,channel\n2025-01-01,Altona,popup\n")
    status, report = load(db, path, args=["--strict"])
    (file,) = report["files"]
    assert (status, file["status"], file["rows_loaded"], file["rows_quarantined"]) == (0, "loaded", 1, 0)


@pytest.mark.slow
def test_kinds_are_loaded_districts_then_stops_then_the_rest(tmp_path, db):
    visits = write(
        tmp_path,
        "besuche.csv",
        "besuch_id,standort_id,zeitpunkt,anliegen,ergebnis\nv1,S1,2024-09-24 10:00,general_info,resolved\n",
    )
    stops = write(tmp_path, "standorte.csv", f"{STOPS_HEADER}\n{STOP_S1}\n")
    districts = write(tmp_path, "bezirke.csv", "bezirk,einwohner_16plus\nAltona,1000\n")
    status, report = load(db, visits, stops, districts)
    assert status == 0
    assert [f["kind"] for f in report["files"]] == ["districts", "stops", "visits"]
    assert report["files"][2]["rows_loaded"] == 1


@pytest.mark.slow
def test_a_folder_loads_its_matching_files_in_name_order(tmp_path, db):
    folder = tmp_path / "in"
    write(folder, "activations_b.csv", "date,district,channel,activations\n2025-01-01,Altona,popup,2\n")
    write(folder, "Activations_a.csv", "date,district,channel,activations\n2025-01-01,Altona,popup,1\n")
    write(folder, "notes.txt", "not a data file")
    write(folder, "activations_readme.pdf", "not a data file either")
    write(folder, "~$activations_c.xlsx", "Excel's lock file")
    write(folder, "Standortplanung 2025.csv", "stop_id\nS1\n")
    _, report = load(db, folder)
    loaded = [f["file"] for f in report["files"] if f["status"] == "loaded"]
    assert loaded == ["Activations_a.csv", "activations_b.csv"]
    assert rows(db, "select activations from raw_activations") == [(2,)]  # b replaces a
    # every other file of the folder is named, with why it was not loaded
    passed_over = {f["file"]: f["message"] for f in report["files"] if f["status"] == "skipped"}
    assert set(passed_over) == {
        "notes.txt",
        "activations_readme.pdf",
        "~$activations_c.xlsx",
        "Standortplanung 2025.csv",
    }
    assert "the name matches no kind" in passed_over["Standortplanung 2025.csv"]
    assert "not a data file" in passed_over["activations_readme.pdf"]
    assert "lock file" in passed_over["~$activations_c.xlsx"]
    assert "the name matches no kind" in passed_over["notes.txt"]


@pytest.mark.slow
def test_a_name_without_kind_is_refused_unless_kind_is_given(tmp_path, db):
    path = write(tmp_path, "export_2025.csv", "date,district,channel\n2025-01-01,Altona,popup\n")
    status, report = load(db, path)
    assert status == 1 and "--kind" in report["files"][0]["message"]
    status, report = load(db, path, args=["--kind", "activations"])
    assert status == 0 and report["files"][0]["rows_loaded"] == 1


@pytest.mark.slow
def test_malformed_csv_lines_are_quarantined_with_their_line(tmp_path, db):
    text = (
        "date,district,channel,activations\n2025-01-01,Altona,popup,1\n2025-01-02,Altona,popup,1,99\n"
        "2025-01-03,Altona\n2025-01-04,Harburg,popup,1\n"
    )
    _, report = load(db, write(tmp_path, "activations.csv", text))
    (file,) = report["files"]
    assert (file["rows_read"], file["rows_loaded"], file["rows_quarantined"]) == (4, 2, 2)
    assert [line for line, _ in reasons(db)] == [3, 4]
    assert all(r[0].startswith("line: not a well-formed CSV line") for _, r in reasons(db))
    assert rows(db, "select date from raw_activations order by 1") == [(dt.date(2025, 1, 1),), (dt.date(2025, 1, 4),)]


def test_a_bad_row_after_a_malformed_line_has_its_own_line_number(tmp_path, db):
    text = "date,district,channel\n2025-01-01,Altona,popup,x\n2025-01-02,Altona,popup\n2025-01-03,Altstadt,popup\n"
    load(db, write(tmp_path, "activations.csv", text))
    assert [line for line, _ in reasons(db)] == [2, 4]


@pytest.mark.slow
def test_empty_file_is_refused_and_a_header_alone_loads_nothing(tmp_path, db):
    status, report = load(db, write(tmp_path / "a", "stops.csv", ""))
    assert status == 1 and report["files"][0]["message"] == "stops.csv: refused, the file is empty"
    status, report = load(db, write(tmp_path / "b", "stops.csv", STOPS_HEADER + "\n"))
    assert status == 0 and report["files"][0]["rows_read"] == 0


@pytest.mark.slow
def test_a_refused_or_empty_file_reports_no_row_in_any_count(tmp_path, db):
    # nothing of a refused file is read, and a header alone holds no row: by hand, every count of the report is 0
    counts = ("rows_read", "rows_loaded", "rows_replaced", "rows_unchanged", "rows_quarantined")
    _, refused = load(db, write(tmp_path / "a", "stops.csv", ""))
    _, header_alone = load(db, write(tmp_path / "b", "stops.csv", STOPS_HEADER + "\n"))
    for report in (refused, header_alone):
        assert [report["files"][0][c] for c in counts] == [0, 0, 0, 0, 0]
    # a file that goes the long way (line 3 names no district): 2 rows read, S1 new, S2 quarantined, none held before
    _, long_way = load(
        db, write(tmp_path / "c", "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\nS2,Atlantis,x,2025-01-01,2025-01-02\n")
    )
    assert [long_way["files"][0][c] for c in counts] == [2, 1, 0, 0, 1]


@pytest.mark.slow
def test_xlsx_first_sheet_with_date_cells_and_german_text(tmp_path, db):
    frame = pl.DataFrame(
        {
            "Standort_ID": ["S1"],
            "Bezirk": ["Bezirk Eimsbüttel"],
            "Ort": ["Eidelstedt Center"],
            "Beginn": [dt.date(2025, 7, 14)],
            "Ende": ["09.08.2025"],
            "Kosten_EUR": [47900.5],
        }
    )
    frame.write_excel(tmp_path / "Standorte.xlsx")
    status, report = load(db, tmp_path / "Standorte.xlsx")
    assert status == 0, report
    assert rows(db, "select district, start_date, end_date, cost_eur from raw_stops") == [
        ("Eimsbüttel", dt.date(2025, 7, 14), dt.date(2025, 8, 9), 47900.5)
    ]


@pytest.mark.slow
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, db):
    status, report = load(db, write(tmp_path, "stops.xlsx", "PK\x03\x04 this is not a zip"))
    assert status == 1 and "not a readable Excel workbook" in report["files"][0]["message"]


@pytest.mark.slow
def test_parquet_with_typed_columns(tmp_path, db):
    pl.DataFrame(
        {"date": [dt.date(2025, 1, 1)], "district": ["Altona"], "channel": ["popup"], "activations": [3.0]}
    ).write_parquet(tmp_path / "activations.parquet")
    load(db, tmp_path / "activations.parquet")
    assert rows(db, "select date, district, activations from raw_activations") == [(dt.date(2025, 1, 1), "Altona", 3)]


def test_unknown_service_id_is_kept_under_its_id(tmp_path, db):
    load(
        db,
        write(
            tmp_path, "service_usage.csv", "date,district,service_id,auth_method\n2025-01-01,Altona,neuer_dienst,eid\n"
        ),
    )
    assert rows(db, "select service_id, service_name_de from mart_service_usage_daily") == [
        ("neuer_dienst", "neuer_dienst")
    ]


@pytest.mark.slow
def test_a_failure_inside_the_transaction_leaves_the_warehouse_as_it_was(tmp_path, db, monkeypatch):
    from etl import load as load_module

    def broken_log(*args, **kwargs):
        raise duckdb.IOException("disk full (simulated)")

    assert load(db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))[0] == 0
    before = db.read_bytes()
    path = write(
        tmp_path, "activations.csv", "date,district,channel\n2025-01-01,Altona,popup\n2025-01-01,Altstadt,popup\n"
    )
    monkeypatch.setattr(load_module, "_log", broken_log)
    with pytest.raises(duckdb.IOException):
        load(db, path)
    monkeypatch.undo()
    assert db.read_bytes() == before  # not a byte changed
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "activations.csv",
        "stops.csv",
        "warehouse.duckdb",
        "warehouse.duckdb.lock",
    ]
    status, report = load(db, path)  # and the next load works
    assert status == 0 and report["files"][0]["rows_loaded"] == 1
    assert rows(db, "select count(*) from raw_activations") == [(1,)]


@pytest.mark.slow
def test_exit_status_2_for_usage_errors(tmp_path):
    assert run_etl("load", "--db", tmp_path / "w.duckdb", tmp_path / "missing.csv").returncode == 2
    assert run_etl("load").returncode == 2
    assert run_etl("kpis", "--db", tmp_path / "missing.duckdb").returncode == 2


@pytest.mark.slow
def test_human_report_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "activations.csv", "date,district,channel\n2025-01-01,Altstadt,popup\n")
    result = run_etl("load", "--db", tmp_path / "w.duckdb", path)
    assert result.returncode == 0
    assert "activations.csv line 2, district: 'Altstadt' is not a Hamburg district" in result.stdout


@pytest.mark.slow
def test_warehouse_path_from_the_environment(tmp_path):
    path = write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n")
    target = tmp_path / "from_env.duckdb"
    result = run_etl("load", path, env={**os.environ, "DASHBOARD_DB": str(target)})
    assert result.returncode == 0, result.stderr
    assert rows(target, "select stop_id from raw_stops") == [("S1",)]


@pytest.mark.slow
def test_import_etl_leaves_streamlit_out(tmp_path):
    import subprocess
    import sys

    code = "import sys, etl, etl.load, etl.kpis, etl.demo, etl.cli; print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.slow
def test_a_csv_load_imports_neither_polars_nor_numpy(tmp_path):
    # issue 31: half a second of a 10-million-row load went into importing them for the export's and the
    # impact's options; a load of a CSV needs neither (the reference files are unchanged here: a new warehouse
    # reads them with polars once, so the load goes into a warehouse that has them)
    import subprocess
    import sys

    path = tmp_path / "stops.csv"
    path.write_text("stop_id,district,venue,start_date,end_date\nS1,Altona,a,2025-01-01,2025-01-02\n")
    target = tmp_path / "w.duckdb"
    assert run_etl("load", "--db", target, path).returncode == 0
    code = (
        "import sys; from etl.cli import main; main(['load', '--db', sys.argv[1], '--force', sys.argv[2]]); "
        "print(sorted(m for m in ('polars', 'numpy', 'pandas', 'pyarrow') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target), str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


@pytest.mark.slow
def test_mixed_encodings_in_one_file_come_out_right_early_and_late(tmp_path, db):
    header = "stop_id;district;venue;start_date;end_date\n"
    early = (
        header.encode()
        + "A;Eimsbüttel;a;2025-01-01;2025-01-02\n".encode()
        + b"B;Eimsb\xfcttel;b;2025-01-01;2025-01-02\n"
    )
    filler = "".join(f"F{i};Altona;v;2025-01-01;2025-01-02\n" for i in range(5000)).encode()  # past the first 64 KB
    late = (
        header.encode()
        + filler
        + b"C;Eimsb\xfcttel;c;2025-01-01;2025-01-02\n"
        + "D;Eimsbüttel;d;2025-01-01;2025-01-02\n".encode()
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "stops.csv").write_bytes(early)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "stops.csv").write_bytes(late)
    load(db, tmp_path / "a")
    load(db, tmp_path / "b")
    assert rows(db, "select stop_id, district from raw_stops where stop_id in ('A', 'B', 'C', 'D') order by 1") == [
        ("A", "Eimsbüttel"),
        ("B", "Eimsbüttel"),
        ("C", "Eimsbüttel"),
        ("D", "Eimsbüttel"),
    ]


@pytest.mark.slow
def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, db):
    import zipfile

    with zipfile.ZipFile(tmp_path / "stops.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 50_000_000)
    status, report = load(db, tmp_path / "stops.xlsx")
    assert status == 1 and "would unpack to" in report["files"][0]["message"]


@pytest.mark.parametrize(
    "content",
    [bytes(range(256)) * 20, b"\xff\xfe\x00\x00", b"stop_id,district,venue,start_date,end_date\nS1,Altona,Mer"],
)
@pytest.mark.slow
def test_random_or_truncated_bytes_never_end_in_a_traceback(tmp_path, content):
    path = tmp_path / "stops.csv"
    path.write_bytes(content)
    result = run_etl("load", "--db", tmp_path / "w.duckdb", "--json", path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    (file,) = json.loads(result.stdout)["files"]
    assert (
        file["rows_read"]
        == file["rows_loaded"] + file["rows_replaced"] + file["rows_unchanged"] + file["rows_quarantined"]
    )


@pytest.mark.slow
def test_a_10_mb_field_and_thousands_of_columns_still_load_the_valid_rows(tmp_path, db):
    header = "stop_id,district,venue,start_date,end_date"
    big = f"{header}\nS1,Altona,{'x' * 10_000_000},2025-01-01,2025-01-02\nS2,Altona,ok,2025-01-01,2025-01-02\n"
    wide = (
        header
        + "".join(f",extra{i}" for i in range(3000))
        + "\nS3,Harburg,w,2025-01-01,2025-01-02"
        + ",1" * 3000
        + "\n"
    )
    load(db, write(tmp_path / "a", "stops.csv", big))
    load(db, write(tmp_path / "b", "stops.csv", wide))
    assert rows(db, "select stop_id, length(venue) from raw_stops order by 1") == [
        ("S1", 10_000_000),
        ("S2", 2),
        ("S3", 1),
    ]


def test_text_that_looks_like_html_is_kept_as_text(tmp_path, db):
    load(
        db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\nS1,Altona,<script>alert(1)</script>,2025-01-01,2025-01-02\n")
    )
    assert rows(db, "select venue from raw_stops") == [("<script>alert(1)</script>",)]


def test_the_load_log_keeps_the_files_sha256_hex_digest(tmp_path, db):
    import hashlib

    path = write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n")
    load(db, path)
    assert rows(db, "select sha256 from load_log") == [(hashlib.sha256(path.read_bytes()).hexdigest(),)]


@pytest.mark.slow
def test_a_file_loaded_before_is_skipped_without_being_read_again(tmp_path, db, monkeypatch):
    from etl import sources

    path = write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n")
    assert load(db, path)[0] == 0
    monkeypatch.setattr(sources, "open_source", lambda *a, **k: pytest.fail("the file was parsed again"))
    status, report = load(db, path)
    assert status == 0 and report["files"][0]["status"] == "skipped"


@pytest.mark.slow
def test_a_large_file_loaded_before_has_its_read_stopped_once_its_hash_is_known(tmp_path, db, monkeypatch):
    # issue 31: a large file is hashed beside DuckDB's read; when it is a repeat, the read is stopped and nothing
    # of it is written. Here the hash takes a second and the "read" would take hours.
    import time

    from etl import load as loader
    from etl import sources

    path = write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n")
    assert load(db, path)[0] == 0
    monkeypatch.setattr(loader, "HASH_FIRST_BELOW", 0)
    hash_file = sources.sha256
    monkeypatch.setattr(sources, "sha256", lambda p: (time.sleep(1), hash_file(p))[1])

    def endless_read(con, *args):
        con.sql("select max(hash(i)) from range(10_000_000_000_000) t(i)").fetchall()

    monkeypatch.setattr(sources, "open_source", endless_read)
    started = time.monotonic()
    status, report = load(db, path)
    assert status == 0 and report["files"][0]["status"] == "skipped"
    assert time.monotonic() - started < 60
    # the first load and this one in the history; the stop S1 once
    assert rows(db, "select status from load_log order by load_id") == [("loaded",), ("skipped",)]
    assert rows(db, "select stop_id from raw_stops") == [("S1",)]


def test_values_written_as_the_contract_writes_them_parse_to_themselves():
    # issue 31: the loader takes a code or a district written exactly so without running its normaliser; that is
    # the same only if the normaliser gives each of them back unchanged
    from etl import warehouse
    from etl.schema import DISTRICTS, KINDS
    from etl.validate import NORMALISERS

    con = duckdb.connect()
    con.sql(warehouse.sql_file("parsers"))
    for kind in KINDS.values():
        for column in kind.columns:
            if column.type == "code":
                normaliser = NORMALISERS.get(column.name, "code_key")
                parsed = con.sql(f"select {normaliser}(unnest($codes))", params={"codes": list(column.codes)})
                assert [v for (v,) in parsed.fetchall()] == list(column.codes), column.name
    parsed = con.sql("select parse_district(unnest($names))", params={"names": list(DISTRICTS)}).fetchall()
    assert [v for (v,) in parsed] == list(DISTRICTS)


@pytest.mark.slow
def test_the_gap_hours_hold_every_local_time_that_does_not_exist_in_hamburg():
    # issue 31: the loader asks the time zone's rules only for times in GAP_HOURS; this finds, from the rules
    # DuckDB has, every hour from 1800 to 2300 after which the clocks jumped within three hours, then every minute
    # of those windows that does not exist in Europe/Berlin (1893: 00:00, 1916: 23:00, 1940-: 02:00, 1947: 03:00)
    from etl.validate import GAP_HOURS

    con = duckdb.connect()
    con.sql("set TimeZone = 'Europe/Berlin'")
    found = con.sql(
        """
        with windows as (
            select h from range(timestamp '1800-01-01', timestamp '2300-01-01', interval 1 hour) t(h)
            where epoch(cast(h + interval 3 hour as timestamptz)) - epoch(cast(h as timestamptz)) <> 10800
        ),
        minutes as (select h + to_minutes(m) as ts from windows, range(0, 240) r(m))
        select distinct hour(ts) from minutes where cast(cast(ts as timestamptz) as timestamp) <> ts order by 1
        """
    ).fetchall()
    assert found and {h for (h,) in found} <= set(GAP_HOURS)


def test_line_numbers_are_the_ones_an_editor_shows_after_blank_lines(tmp_path, db):
    # line 1 header, 2 good, 3 empty, 4 bad, 5 empty, 6 only spaces (a malformed line), 7 bad, 8 empty, 9 bad
    text = (
        "date,district,channel,activations\n2025-01-01,Altona,popup,1\n\n2025-01-02,Atlantis,popup,1\n"
        "\n   \n2025-01-03,Altona,fax,1\n\n2025-01-04,Altona,popup,-1\n"
    )
    load(db, write(tmp_path, "activations.csv", text))
    found = reasons(db)
    assert [line for line, _ in found] == [4, 6, 7, 9]
    assert found[1][1][0].startswith("line: not a well-formed CSV line")


@pytest.mark.slow
def test_a_quarantined_duplicate_shows_its_raw_values(tmp_path, db):
    text = f"{STOPS_HEADER}\n{STOP_S1}\nS1,Altona,Mercado,2025-05-21,2025-06-14\n"
    load(db, write(tmp_path, "stops.csv", text))
    ((line, raw, why),) = rows(db, "select line, raw, reasons from quarantine")
    assert line == 3 and "appears again in this file (first on line 2" in why[0]
    assert json.loads(raw) == {
        "stop_id": "S1",
        "district": "Altona",
        "venue": "Mercado",
        "start_date": "2025-05-21",
        "end_date": "2025-06-14",
    }


def test_rows_with_the_same_key_that_were_summed_are_reported(tmp_path, db):
    # 27 + 27 on one key, and a single row: 3 rows read, 2 keys; "2 rows … summed into 1"
    text = (
        "date,district,channel,activations\n2025-01-01,Altona,popup,27\n2025-01-01,Altona,popup,27\n"
        "2025-01-02,Altona,popup,1\n"
    )
    _, report = load(db, write(tmp_path, "activations.csv", text))
    (file,) = report["files"]
    assert file["rows_read"] == 3 and file["rows_loaded"] == 3
    assert "2 rows with the same date, district, channel summed into 1" in file["message"]
    assert rows(db, "select activations from raw_activations order by date") == [(54,), (1,)]


@pytest.mark.slow
def test_the_command_line_shows_five_reasons_and_says_how_many_more(tmp_path, db):
    text = "date,district,channel,activations\n" + "".join(f"2025-01-{d:02d},Atlantis,popup,1\n" for d in range(1, 9))
    result = run_etl("load", "--db", db, write(tmp_path, "activations.csv", text))
    lines = result.stdout.splitlines()
    assert sum("quarantined: activations.csv line" in line for line in lines) == 5
    assert any("… and 3 more quarantined rows" in line and "Datenqualität" in line for line in lines)


@pytest.mark.parametrize(
    ("visited_at", "loaded", "hour"),
    [
        ("2025-10-26 02:30", True, 2),  # the hour that repeats on the last Sunday of October: local 02:30
        ("2025-10-26T00:30:00Z", True, 2),  # its first pass (UTC 00:30 = CEST 02:30)
        ("2025-10-26T01:30:00Z", True, 2),  # its second pass (UTC 01:30 = CET 02:30)
        ("2025-03-30 02:30", False, None),  # does not exist: clocks go from 02:00 to 03:00
        ("2025-03-30 03:30", True, 3),
    ],
)
@pytest.mark.slow
def test_visits_at_the_clock_changes(tmp_path, db, visited_at, loaded, hour):
    stops = write(tmp_path, "stops.csv", f"{STOPS_HEADER}\nS9,Altona,Mercado,2025-03-29,2025-10-27\n")
    visits = write(
        tmp_path, "visits.csv", f"visit_id,stop_id,visited_at,topic,outcome\nV1,S9,{visited_at},pin_reset,resolved\n"
    )
    load(db, stops, visits)
    if loaded:
        assert rows(db, "select hour(visited_at), cast(visited_at as date) from raw_visits") == [
            (hour, dt.date.fromisoformat(visited_at[:10]))
        ]
    else:
        assert rows(db, "select count(*) from raw_visits") == [(0,)]
        assert reasons(db) == [
            (
                2,
                [
                    "visited_at: 2025-03-30 02:30 does not exist in Hamburg: the clocks go forward from 02:00 to 03:00 "
                    "that night"
                ],
            )
        ]


def test_the_message_of_a_file_of_single_rows_names_no_sums(tmp_path, db):
    # stops are single rows, never summed by key: the message is the counts alone
    status, report = load(db, write(tmp_path, "standorte.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))
    assert (status, report["files"][0]["message"]) == (0, "1 new, 0 replaced, 0 unchanged")


def test_a_file_gone_before_it_is_read_is_refused_with_the_systems_reason(tmp_path):
    # collected, then moved away by someone else before the loader reads it
    from etl import load as loader
    from etl import warehouse
    from etl.schema import KINDS

    con = duckdb.connect()
    warehouse.initialise(con)
    report = loader.load_file(con, tmp_path / "aktivierungen.csv", KINDS["activations"], strict=False, force=False)
    assert (report.status, report.message) == (
        "refused",
        "aktivierungen.csv: refused, cannot read the file (No such file or directory)",
    )


VISITS_HEADER = "visit_id,stop_id,visited_at,topic,outcome,satisfaction,duration_min"


@pytest.mark.slow
def test_a_visit_file_without_a_fault_is_judged_and_written_in_one_pass(tmp_path, db, monkeypatch):
    # issue 31: rows of a kind with a unique key go straight into raw_visits as they are judged; the long way
    # (a table of judged rows, then the merge) is not taken. Second file: V1 the same (unchanged), V2 with
    # another outcome (replaced), V3 new -> 1 new, 1 replaced, 1 unchanged, as the long way counts them.
    from etl import load as loader

    load(db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))
    monkeypatch.setattr(loader, "_judge", lambda *a, **k: pytest.fail("judged row by row"))
    first = "V1,S1,2024-09-24T10:00:00,pin_reset,resolved,5,12\nV2,S1,2024-09-24T11:00:00,pin_reset,resolved,4,7.5\n"
    status, report = load(db, write(tmp_path / "a", "visits.csv", f"{VISITS_HEADER}\n{first}"))
    assert status == 0 and report["files"][0]["rows_loaded"] == 2
    second = (
        "V1,S1,2024-09-24T10:00:00,pin_reset,resolved,5,12\n"
        "V2,S1,2024-09-24T11:00:00,pin_reset,referred,4,7.5\n"
        "V3,S1,2024-09-25 09:30,eid_activation,eid_activated,,\n"
    )
    _, report = load(db, write(tmp_path / "b", "visits.csv", f"{VISITS_HEADER}\n{second}"))
    (file,) = report["files"]
    assert (file["rows_read"], file["rows_loaded"], file["rows_replaced"], file["rows_unchanged"]) == (3, 1, 1, 1)
    assert rows(db, "select visit_id, outcome, satisfaction, duration_min, load_id from raw_visits order by 1") == [
        ("V1", "resolved", 5, 12.0, 2),  # unchanged: the row of the first visit file stays
        ("V2", "referred", 4, 7.5, 3),  # replaced by the second file's row
        ("V3", "eid_activated", None, None, 3),
    ]
    assert rows(db, "select load_id, status from load_log order by 1") == [(1, "loaded"), (2, "loaded"), (3, "loaded")]


@pytest.mark.slow
def test_a_fault_found_in_the_one_pass_sends_the_file_the_long_way_under_the_same_load_number(tmp_path, db):
    # issue 31: line 3 names no loaded stop, line 4 repeats V1: nothing of the one-pass insert is kept, the file
    # is judged row by row (V1 loaded, lines 3 and 4 quarantined), and the load history has no gap (1, 2)
    load(db, write(tmp_path, "stops.csv", f"{STOPS_HEADER}\n{STOP_S1}\n"))
    text = (
        f"{VISITS_HEADER}\nV1,S1,2024-09-24T10:00:00,pin_reset,resolved,5,12\n"
        "V2,S9,2024-09-24T11:00:00,pin_reset,resolved,4,7\nV1,S1,2024-09-24T12:00:00,pin_reset,resolved,3,9\n"
    )
    _, report = load(db, write(tmp_path, "visits.csv", text))
    (file,) = report["files"]
    assert (file["rows_read"], file["rows_loaded"], file["rows_quarantined"]) == (3, 1, 2)
    assert rows(db, "select visit_id, satisfaction from raw_visits") == [("V1", 5)]
    assert [line for line, _ in reasons(db)] == [3, 4]
    assert rows(db, "select load_id from load_log order by 1") == [(1,), (2,)]


@pytest.mark.parametrize(
    ("cell", "visited_at", "satisfaction", "duration_min"),
    [
        ("2025-05-21T10:15:00", dt.datetime(2025, 5, 21, 10, 15), None, None),
        ("0999-01-02T03:04:05", dt.datetime(999, 1, 2, 3, 4, 5), None, None),
        ("999-01-02T03:04:05", None, None, None),  # the contract's year has four digits
        ("2025-02-30T10:00:00", None, None, None),
        # the first form's shape with a space or a tab where a digit belongs: none of the contract's forms
        ("2025-05-21T 9:15:00", None, None, None),
        ("2025-05-21T10: 5:00", None, None, None),
        ("2025-05-21T10:15:0 ", None, None, None),
        ("2025-05-21T10:15:0\t", None, None, None),
        ("2025- 5-21T10:15:00", None, None, None),
        ("2025-05-21T10:15:00Z", dt.datetime(2025, 5, 21, 12, 15), None, None),  # UTC, in Hamburg's summer time
        ("2025-05-21 10:15:00", dt.datetime(2025, 5, 21, 10, 15), None, None),  # the second form, by the parser
        ("12", None, 12, 12.0),
        ("-0", None, 0, 0.0),  # not written back as itself: the parser's way, which reads it as 0
        ("007", None, 7, 7.0),
        ("+5", None, None, None),
        ("1.234", None, 1234, 1.234),  # a German thousands separator, or a decimal point
        ("9223372036854775808", None, None, 9223372036854775808.0),  # beyond bigint: a number, not a whole one
    ],
)
def test_a_cell_in_the_contracts_first_form_parses_as_the_parser_reads_it(cell, visited_at, satisfaction, duration_min):
    # issue 31: timestamps and numbers written exactly in the contract's first form are taken without the
    # regular expressions; each value here is worked out by hand from DATA_CONTRACT.md's formats
    from etl import warehouse
    from etl.schema import VISITS
    from etl.validate import _parse

    con = duckdb.connect()
    con.sql(warehouse.sql_file("parsers"))
    for name, expected in (("visited_at", visited_at), ("satisfaction", satisfaction), ("duration_min", duration_min)):
        column = VISITS.column(name)
        both = con.sql(f"select {_parse(column, '$x', '$x')}, {_parse(column, '$x')}", params={"x": cell}).fetchall()
        assert both == [(expected, expected)], (name, cell)


@pytest.mark.parametrize("cell", ["Altona", " Altona", "Altona ", "Altona\u00a0", "\u2009Altona", "Altona\t", "", "  "])
def test_a_cell_is_trimmed_as_duckdbs_trim_does_with_or_without_spaces(cell):
    # issue 31: the loader trims only a cell that does not begin and end with a visible ASCII character; the
    # result is the trim of every cell (spaces of category Zs, not tabs), empty -> NULL
    from etl.validate import trimmed

    expected = {"Altona\t": "Altona\t", "": None, "  ": None}.get(cell, "Altona")
    assert duckdb.connect().sql(f"select {trimmed('$x')}", params={"x": cell}).fetchall() == [(expected,)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Eimsbüttel", "Eimsbüttel"),  # not ASCII: trimmed the long way, nothing to take away
        ("Eimsbüttel ", "Eimsbüttel"),
        ("\u3000Eimsbüttel\u00a0", "Eimsbüttel"),  # ideographic and no-break space: category Zs
        ("Altona\u200b", "Altona\u200b"),  # a zero-width space is not of category Zs: kept
        ("A", "A"),
        ("A ", "A"),
        ("%", "%"),  # the LIKE pattern's wildcard as a cell
        ("Altona %", "Altona %"),
        ("\x7fA ", "\x7fA"),  # DEL is ASCII but comes after '~'; the space after it goes
        ("\u00a0", None),
    ],
)
def test_a_cell_of_other_characters_than_ascii_is_trimmed_the_long_way(cell, expected):
    # issue 31: the quick way takes a cell as it is only when it is all ASCII, begins after the space and does not
    # end with one; every other cell is trimmed by DuckDB's trim (spaces of category Zs); by hand from that rule
    from etl.validate import trimmed

    assert duckdb.connect().sql(f"select {trimmed('$x')}", params={"x": cell}).fetchall() == [(expected,)]
