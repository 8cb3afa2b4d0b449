"""Exports: exactly the filtered rows, the three formats, and neutralised formula cells (hand-made campaign)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import duckdb
import polars as pl
import pytest
from helpers import copy_of, needs_calc, open_in_calc, run_etl

from etl import export


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, campaign_warehouse):
    return copy_of(campaign_warehouse, tmp_path_factory.mktemp("export"))


@pytest.fixture
def con(warehouse):
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("table", "selection", "expected"),
    [
        ("visits", export.Selection(), 7),
        ("visits", export.Selection(districts=("Altona",)), 3),  # V5, V6, V7
        ("visits", export.Selection(stops=("S1",), outcomes=("eid_activated",)), 2),  # V1, V3
        ("visits", export.Selection(date_from=dt.date(2024, 9, 24), date_to=dt.date(2024, 10, 2)), 2),  # V2, V3
        ("visits", export.Selection(services=("resident_parking",)), 1),  # V5
        ("activations", export.Selection(), 13),  # 14 rows, the two 21.05.2025 popup rows summed into one
        ("activations", export.Selection(channels=("popup",)), 2),
        ("activations", export.Selection(stops=("S1",)), 2),  # Mitte's days 23.09.-05.10.2024: 23.09. and 05.10.
        ("service_usage", export.Selection(date_from=dt.date(2024, 9, 23), date_to=dt.date(2024, 10, 5)), 3),
        ("service_usage", export.Selection(channels=("eid",)), 4),  # 25.08., 26.08., 23.09., 02.11.2024
        ("stop_kpis", export.Selection(districts=("Altona",)), 1),
        ("stop_kpis", export.Selection(date_from=dt.date(2025, 1, 1)), 1),
    ],
)
def test_exactly_the_filtered_rows(con, table, selection, expected):
    assert export.frame(con, table, selection).height == expected


def test_formula_cells_are_neutralised_and_numbers_stay_numbers():
    data = pl.DataFrame(
        {
            "text": ["=1+1", "+49 40", "-x", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"],
            "number": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        }
    )
    rows = list(csv.reader(io.StringIO(export.to_bytes(data, "csv").decode())))
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+49 40", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "plain", "a=b"]
    assert [r[1] for r in rows[1:]] == ["-1.5", "2.0", "-3.0", "4.0", "5.0", "6.0", "7.0", "8.0"]


def test_csv_for_german_excel():
    data = pl.DataFrame({"venue": ["Mercado"], "date": [dt.date(2025, 5, 21)], "share": [0.245]})
    content = export.to_bytes(data, "csv-excel-de")
    # a format for people: the contract's columns headed in words (venue: Ort, date: Datum; issue 28), others kept
    assert content == "\ufeffOrt;Datum;share\nMercado;21.05.2025;0,245\n".encode()


def test_parquet_keeps_types(con, tmp_path):
    path = tmp_path / "stops.parquet"
    export.write(export.frame(con, "stop_kpis", export.Selection()), path, "parquet")
    back = pl.read_parquet(path)
    assert back["stop_id"].to_list() == ["S1", "S2"]
    assert back.schema["start_date"] == pl.Date


@pytest.mark.slow
def test_the_command_line_export(warehouse, tmp_path):
    out = tmp_path / "visits.csv"
    result = run_etl(
        "export",
        "visits",
        "--db",
        warehouse,
        "--out",
        out,
        "--district",
        "altona",
        "--from",
        "21.05.2025",
        "--to",
        "2025-05-31",
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(r["visit_id"] for r in rows) == ["V5", "V6", "V7"]
    assert run_etl("export", "visits", "--db", warehouse, "--out", out, "--district", "Atlantis").returncode == 2


def test_values_that_look_like_sql_only_filter(con):
    hostile = export.Selection(districts=("Altona' or '1'='1",), stops=("S1'); drop table raw_visits; --",))
    assert export.frame(con, "visits", hostile).height == 0
    assert con.sql("select count(*) from raw_visits").fetchall() == [(7,)]


# --- what users open: a workbook, and the CSV in a German spreadsheet --------------------------------------------
def test_the_workbook_has_typed_columns_and_text_stays_text(con, tmp_path):
    import zipfile

    data = export.frame(con, "visits", export.Selection())
    path = tmp_path / "visits.xlsx"
    export.write(data.with_columns(pl.lit("=1+1").alias("note")), path, "xlsx")
    back = pl.read_excel(path)
    # a workbook is for people: columns headed in words, a missing text "keine Angabe" (issue 28)
    assert back.schema["Zeitpunkt"] == pl.Datetime
    assert back.schema["Zufriedenheit (1–5)"].is_numeric() and back.schema["Dauer (Minuten)"].is_float()
    # age bands in words (issue 28), rows by time: V1 65+, V2 50-64, V3 30-49, V4 none, V5 16-29 (21.05.2025),
    # V7 50-64 (22.05.), V6 65+ (31.05.)
    assert back["Altersgruppe"].to_list() == [
        "65 Jahre und älter",
        "50 bis 64 Jahre",
        "30 bis 49 Jahre",
        "keine Angabe",
        "16 bis 29 Jahre",
        "50 bis 64 Jahre",
        "65 Jahre und älter",
    ]
    assert back["note"][0] == "=1+1"  # a text that looks like a formula is text in the workbook
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


def test_the_workbook_keeps_texts_that_look_like_numbers_or_links_as_text_and_freezes_the_header(tmp_path):
    import zipfile

    data = pl.DataFrame({"stop_id": ["0123"], "venue": ["https://example.org"], "rate": [1 / 3]})
    path = tmp_path / "t.xlsx"
    export.write(data, path, "xlsx")
    back = pl.read_excel(path)
    assert back.row(0) == ("0123", "https://example.org", pytest.approx(1 / 3))  # the leading 0 kept, no link
    book = zipfile.ZipFile(path)
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "hyperlink" not in sheet
    assert "<cols>" in sheet and 'customWidth="1"' in sheet  # columns as wide as their contents
    assert 'topLeftCell="A2"' in sheet and 'ySplit="1"' in sheet and "xSplit" not in sheet  # the header row stays
    assert 'formatCode="#,##0.000000;' in book.read("xl/styles.xml").decode()  # decimals to 6 places


@pytest.mark.slow
@needs_calc
def test_the_german_excel_csv_stays_right_in_a_german_calc(con, tmp_path):
    # As a German user's Calc opens it: ; separator, UTF-8, German locale (1031), "detect special numbers" on
    # (which turned "65+" into the number 65 before). Age bands stay text, counts numbers, dates dates.
    path = tmp_path / "visits.csv"
    export.write(export.frame(con, "visits", export.Selection()), path, "csv-excel-de")
    rows = open_in_calc(path, tmp_path, "59,34,76,1,,1031,false,true")
    header = [text for _, text in rows[0]]
    # headed in words (a format for people, issue 28): Altersgruppe age_band, Zufriedenheit satisfaction, …
    names = {"age_band": "Altersgruppe", "satisfaction": "Zufriedenheit (1–5)", "visited_at": "Zeitpunkt"}
    names["duration_min"] = "Dauer (Minuten)"
    column = {key: header.index(name) for key, name in names.items()}
    body = [r for r in rows[1:] if len(r) > column["age_band"]]
    assert len(body) == 7
    ages = [r[column["age_band"]] for r in body if r[column["age_band"]][1]]
    # in words (issue 28: "65+" was written as the formula ="65+"); V4 has none
    words = {"65 Jahre und älter", "50 bis 64 Jahre", "30 bis 49 Jahre", "16 bis 29 Jahre", "keine Angabe"}
    assert {text for _, text in ages} == words
    assert '="' not in path.read_text(encoding="utf-8-sig")  # no formula anywhere
    assert {kind for kind, _ in ages} == {"string"}
    assert {r[column["satisfaction"]][0] for r in body if r[column["satisfaction"]][1]} == {"float"}
    assert {r[column["visited_at"]][0] for r in body} == {"date"}
    durations = [r[column["duration_min"]] for r in body if r[column["duration_min"]][1]]
    assert {kind for kind, _ in durations} == {"float"}  # the decimal comma read as a number
    assert 12.5 in {float(text.replace(",", ".")) for _, text in durations}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["visits", "--out", "v.csv", "--topic", "nope"], "unknown topic 'nope'; known: eid_activation, pin_reset"),
        (["visits", "--out", "v.csv", "--outcome", "gone"], "unknown outcome 'gone'; known: eid_activated"),
        (["activations", "--out", "a.csv", "--channel", "eid"], "unknown channel 'eid'; known: popup, citizen_office"),
        (["service_usage", "--out", "s.csv", "--channel", "popup"], "unknown channel 'popup'; known: eid, username"),
        (["visits", "--out", "v.csv", "--stop", "S9"], "unknown stop 'S9'; known: S1, S2"),
        (["visits", "--out", "v.csv", "--service", "x"], "unknown service 'x'; known:"),
        (["visits", "--out", "v.csv", "--district", "Atlantis"], "unknown district 'Atlantis'; known: Hamburg-Mitte"),
        (["stop_kpis", "--out", "k.csv", "--topic", "pin_reset"], "stop_kpis cannot be filtered by topic (--topic)"),
        (["visits", "--out", "v.csv", "--format", "xlsx"], "contradicts --format xlsx (use a .xlsx file)"),
        (["visits", "--out", "v.txt"], "the suffix .txt names no format"),
    ],
)
@pytest.mark.slow
def test_a_wrong_export_is_a_usage_error_naming_what_is_allowed(warehouse, tmp_path, args, message):
    args[args.index("--out") + 1] = str(tmp_path / args[args.index("--out") + 1])
    result = run_etl("export", *args, "--db", warehouse)
    assert result.returncode == 2
    assert message in result.stderr
    assert not list(tmp_path.iterdir())  # nothing written


@pytest.mark.parametrize(
    ("args", "rows"),
    [
        # eID activation that ended activated: V1, V3 (S1), V6, V7 (S2); V4 is eid_activation but not_resolved
        (["visits", "--topic", "eid_activation", "--outcome", "eid_activated"], 4),
        (["activations", "--channel", "popup"], 2),  # 23.09.2024 Mitte, 21.05.2025 Altona (1 + 1 summed)
        (["service_usage", "--channel", "eid", "--service", "resident_parking"], 4),  # 25.08., 26.08., 23.09., 02.11.
    ],
)
@pytest.mark.slow
def test_the_new_filters_on_the_command_line(warehouse, tmp_path, args, rows):
    out = tmp_path / "out.csv"
    assert run_etl("export", *args, "--out", out, "--db", warehouse).returncode == 0
    assert len(out.read_text().splitlines()) - 1 == rows


@pytest.mark.slow
def test_the_format_follows_the_suffix(warehouse, tmp_path):
    for name, magic in (("a.xlsx", b"PK"), ("a.parquet", b"PAR1"), ("a.csv", b"visit_id")):
        assert run_etl("export", "visits", "--out", tmp_path / name, "--db", warehouse).returncode == 0
        assert (tmp_path / name).read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("bericht.xlsx", None, "xlsx"),
        ("bericht.CSV", None, "csv"),
        ("bericht.csv", "csv-excel-de", "csv-excel-de"),  # the German Excel flavour is a .csv file
        ("bericht", "parquet", "parquet"),  # no suffix: the format given
        ("bericht.txt", "csv", "csv"),  # a suffix that names no format does not contradict one given
    ],
)
def test_the_format_given_or_named_by_the_suffix(name, fmt, expected):
    assert export.format_for(Path(name), fmt) == expected


def test_the_pages_command_line_names_every_filter_and_only_those_set():
    # what the export page prints under its download: the same rows by `python -m etl export`
    selection = export.Selection(
        date_from=dt.date(2024, 9, 1),
        date_to=dt.date(2024, 9, 30),
        districts=("Altona", "Hamburg-Mitte"),
        stops=("S1",),
    )
    assert export.command_line("visits", selection, "csv", "visits.csv") == [
        "python", "-m", "etl", "export", "visits", "--out", "visits.csv", "--format", "csv",
        "--from", "2024-09-01", "--to", "2024-09-30",
        "--district", "Altona", "--district", "Hamburg-Mitte", "--stop", "S1",
    ]  # fmt: skip
    only_end = export.Selection(date_to=dt.date(2025, 6, 10), channels=("popup",))
    assert export.command_line("activations", only_end, "xlsx", "a.xlsx")[-4:] == [
        "--to", "2025-06-10", "--channel", "popup",
    ]  # fmt: skip


# --- words for people, codes for programs (issue 28, etl.vocabulary; docs/EXPORTS.md) -------------------------------
ROWS = pl.DataFrame(
    {
        "visit_id": ["V1", "V2"],
        "topic": ["eid_activation", "pin_reset"],
        "outcome": ["eid_activated", None],
        "resident_district": [None, "Altona"],
        "satisfaction": [5, None],
    }
)


def test_the_formats_for_people_have_words_and_no_none_or_codes(tmp_path):
    german = export.to_bytes(ROWS, "csv-excel-de").decode("utf-8-sig")
    assert german == (
        "Beratungs-ID;Anliegen;Ergebnis;Wohnbezirk;Zufriedenheit (1–5)\n"
        "V1;eID aktivieren;eID aktiviert;keine Angabe;5\n"
        "V2;PIN zurücksetzen;keine Angabe;Altona;\n"
    )
    import openpyxl

    path = tmp_path / "v.xlsx"
    export.write(ROWS, path, "xlsx", "en")
    rows = list(openpyxl.load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert rows == [
        ("Visit ID", "Topic", "Outcome", "District of residence", "Satisfaction (1–5)"),
        ("V1", "eID activation", "eID activated", "not given", 5),
        ("V2", "PIN reset", "not given", "Altona", None),  # a missing number: an empty cell, the column numeric
    ]


def test_the_formats_for_programs_keep_the_codes_and_column_names(tmp_path):
    assert export.to_bytes(ROWS, "csv").decode() == (
        "visit_id,topic,outcome,resident_district,satisfaction\n"
        "V1,eid_activation,eid_activated,,5\n"
        "V2,pin_reset,,Altona,\n"
    )
    path = tmp_path / "v.parquet"
    export.write(ROWS, path, "parquet", "en")
    assert pl.read_parquet(path).equals(ROWS)


@pytest.mark.slow
def test_the_command_line_writes_english_words_when_asked(warehouse, tmp_path):
    out = tmp_path / "k.csv"
    result = run_etl("export", "stop_kpis", "--db", warehouse, "--out", out, "--format", "csv-excel-de", "--lang", "en")
    assert result.returncode == 0, result.stderr
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Stop ID;District;Venue;First day;Last day;Open days;Visits;")
    selection = export.Selection()
    assert export.command_line("visits", selection, "xlsx", "v.xlsx", "en")[-2:] == ["--lang", "en"]
    assert "--lang" not in export.command_line("visits", selection, "csv", "v.csv", "en")  # codes: no language
    assert "--lang" not in export.command_line("visits", selection, "xlsx", "v.xlsx", "de")  # German: the default


@pytest.mark.parametrize("fmt", export.FORMATS)
@pytest.mark.slow
def test_the_same_data_gives_the_same_bytes_in_every_format(con, fmt):
    # issue 28: an analyst checksums or diffs two exports; a workbook carried the clock (to the second) in its
    # document properties, so the second export is made in the next second
    import time

    data = export.frame(con, "visits", export.Selection())
    first = export.to_bytes(data, fmt)
    time.sleep(1.05 - time.time() % 1)
    assert export.to_bytes(data, fmt) == first


@pytest.mark.slow
@needs_calc
def test_a_text_that_looks_like_a_number_stays_text_in_calc_without_a_formula(tmp_path):
    # "0123" and "1.5" as texts: in German Calc with "detect special numbers" they became 123 and 1.5 (or a date);
    # an invisible word joiner in front keeps them text, and the file holds no formula
    path = tmp_path / "ids.csv"
    export.write(pl.DataFrame({"stop_id": ["0123", "1.5"], "visits": [3, 4]}), path, "csv-excel-de")
    content = path.read_text(encoding="utf-8-sig")
    assert "=" not in content and content.splitlines()[1] == "\u20600123;3"
    rows = open_in_calc(path, tmp_path, "59,34,76,1,,1031,false,true")
    assert [r[0] for r in rows[1:3]] == [("string", "\u20600123"), ("string", "\u20601.5")]
    assert [r[1][0] for r in rows[1:3]] == ["float", "float"]
