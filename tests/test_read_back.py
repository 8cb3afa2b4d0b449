"""Every export format read back with the tool its reader opens it with (issue 33): openpyxl for the workbook (a
date cell holds the right day and shows day before month), LibreOffice Calc in German for the German-Excel CSV
(one conversion of all files for the module), pyarrow for Parquet. The campaign is tests/boundary_campaign.py;
the values are worked out in test_boundaries_by_hand.py (a visit on the leap day, activations on a stop's edges).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from boundary_campaign import write_boundaries
from helpers import load, needs_calc, ods_cells

from etl import export, vocabulary, warehouse

D = dt.date
# What each table is read back with: a selection whose edges are the campaign's, and the rows expected, by hand.
SELECTIONS = {
    # 29.02. - 02.03.: W2 (29.02. 12:00) and W3 (02.03. 18:00)
    "visits": export.Selection(date_from=D(2024, 2, 29), date_to=D(2024, 3, 2)),
    # Wandsbek pop-up: 3 on the leap day, 4 on 02.03. (B1's last day)
    "activations": export.Selection(date_from=D(2024, 2, 29), date_to=D(2024, 3, 2)),
    # Altona around B2 (28.03. - 02.04.): 6, 7, 1, 8, 9
    "activations_total": export.Selection(date_from=D(2024, 3, 28), date_to=D(2024, 4, 2), districts=("Altona",)),
    # Harburg's e-service use in B3's 28 days before (18.03. - 14.04.): 1 (eID), 3
    "service_usage": export.Selection(date_from=D(2024, 3, 18), date_to=D(2024, 4, 14)),
    # B1 and B2 overlap 02.03. - 29.03. by one day each
    "stop_kpis": export.Selection(date_from=D(2024, 3, 2), date_to=D(2024, 3, 29)),
}
# table -> (date column, its values in order)
DATES = {
    "visits": ("visited_at", [dt.datetime(2024, 2, 29, 12, 0), dt.datetime(2024, 3, 2, 18, 0)]),
    "activations": ("date", [D(2024, 2, 29), D(2024, 3, 2)]),
    "activations_total": ("date", [D(2024, 3, 28), D(2024, 3, 29), D(2024, 3, 30), D(2024, 4, 1), D(2024, 4, 2)]),
    "service_usage": ("date", [D(2024, 3, 18), D(2024, 4, 14)]),
    "stop_kpis": ("start_date", [D(2024, 2, 25), D(2024, 3, 29)]),
}
# table -> (a number column, its values in order), by hand (test_boundaries_by_hand.py)
NUMBERS = {
    "visits": ("satisfaction", [4, 3]),
    "activations": ("activations", [3, 4]),
    "activations_total": ("activations", [6, 7, 1, 8, 9]),
    "service_usage": ("started", [1, 3]),
    "stop_kpis": ("cost_per_activation", [300.0, 100.0]),  # 600 / 2, 100 / 1
}


@pytest.fixture(scope="module")
def frames(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("read_back")
    db = folder / "warehouse.duckdb"
    assert load(db, write_boundaries(folder / "in"))[0] == 0
    con = warehouse.connect(db, read_only=True)
    try:
        return {table: export.frame(con, table, selection) for table, selection in SELECTIONS.items()}
    finally:
        con.close()


def _day_before_month(number_format: str) -> bool:
    """Whether a spreadsheet number format shows the day, then the month, then the year (German order)."""
    lowered = number_format.lower()
    day, month, year = lowered.find("dd"), lowered.find("mm"), lowered.find("yyyy")
    return 0 <= day < month < year


@pytest.mark.parametrize("table", list(SELECTIONS))
def test_the_workbook_read_with_openpyxl(frames, table):
    book = openpyxl.load_workbook(io.BytesIO(export.to_bytes(frames[table], "xlsx")))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    date_column, days = DATES[table]
    # formats for people head their columns in words (issue 28): find the column by its German heading
    cells = [row[header.index(vocabulary.column_label(date_column, "de"))] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == [
        day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time()) for day in days
    ]
    assert all(cell.is_date for cell in cells)
    assert all(_day_before_month(cell.number_format) for cell in cells), {c.number_format for c in cells}
    number_column, numbers = NUMBERS[table]
    heading = vocabulary.column_label(number_column, "de")
    values = [row[header.index(heading)].value for row in sheet.iter_rows(min_row=2)]
    assert values == pytest.approx(numbers)
    assert all(isinstance(v, int | float) for v in values)


@pytest.mark.parametrize("table", list(SELECTIONS))
def test_the_parquet_file_read_with_pyarrow(frames, table):
    read = pq.read_table(io.BytesIO(export.to_bytes(frames[table], "parquet")))
    date_column, days = DATES[table]
    kind = str(read.schema.field(date_column).type)
    assert kind.startswith("timestamp") if date_column == "visited_at" else kind == "date32[day]"
    assert read.column(date_column).to_pylist() == days
    number_column, numbers = NUMBERS[table]
    assert read.column(number_column).to_pylist() == pytest.approx(numbers)


def test_the_day_before_month_check_sees_a_month_first_format():
    assert _day_before_month("dd.mm.yyyy") and _day_before_month("dd.mm.yyyy hh:mm:ss")
    assert not _day_before_month("mm.dd.yyyy") and not _day_before_month("yyyy-mm-dd")


@pytest.mark.parametrize("table", list(SELECTIONS))
def test_the_german_excel_csv_writes_day_before_month(frames, table):
    # the fast twin of the Calc test below: the text a German spreadsheet parses, 29.02.2024 (the leap day cannot
    # be read month first) and 02.03.2024 (month first it would be 3 February)
    text = export.to_bytes(frames[table], "csv-excel-de").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    date_column, days = DATES[table]
    shown = [row[rows[0].index(vocabulary.column_label(date_column, "de"))] for row in rows[1:]]
    assert shown == [f"{day:%d.%m.%Y %H:%M:%S}" if isinstance(day, dt.datetime) else f"{day:%d.%m.%Y}" for day in days]


# --- the German-Excel CSV in LibreOffice Calc, German locale ------------------------------------------------------
CALC_OPTIONS = "59,34,76,1,,1031,false,true"  # separator ;, quote ", UTF-8, from line 1, German (1031)


@pytest.fixture(scope="module")
def calc(frames, tmp_path_factory) -> dict[str, list[list[tuple[str, str, str]]]]:
    """Every table's German-Excel CSV opened in Calc by one conversion: table -> rows of (type, value, text)."""
    folder = tmp_path_factory.mktemp("calc")
    paths = []
    for table, data in frames.items():
        path = folder / f"{table}.csv"
        export.write(data, path, "csv-excel-de")
        paths.append(path)
    command = ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile"]
    command += [f"--infilter=CSV:{CALC_OPTIONS}", "--convert-to", "ods", "--outdir", str(folder / "ods")]
    subprocess.run([*command, *map(str, paths)], check=True, capture_output=True, timeout=300)
    return {table: _cells(folder / "ods" / f"{table}.ods") for table in frames}


def _cells(path: Path) -> list[list[tuple[str, str, str]]]:
    """The first sheet's rows that show anything: (value type, stored value, shown text) per cell."""
    return [row for row in ods_cells(path) if any(text for _, _, text in row)]


@pytest.mark.slow
@needs_calc
@pytest.mark.parametrize("table", list(SELECTIONS))
def test_the_german_excel_csv_read_by_calc(calc, table):
    rows = calc[table]
    header = [text for _, _, text in rows[0]]
    date_column, days = DATES[table]
    cells = [row[header.index(vocabulary.column_label(date_column, "de"))] for row in rows[1:]]
    assert {kind for kind, _, _ in cells} == {"date"}, cells  # Calc took each for a date
    # ... of the right day (a month-first date would be read as another day, or not as a date at all)
    assert [value for _, value, _ in cells] == [day.isoformat() for day in days]
    number_column, numbers = NUMBERS[table]
    values = [row[header.index(vocabulary.column_label(number_column, "de"))] for row in rows[1:]]
    assert {kind for kind, _, _ in values} == {"float"}
    assert [float(value) for _, value, _ in values] == pytest.approx(numbers)


# --- a service by its name in the formats for people (issue 28) ----------------------------------------------------
# service_usage, 18.03. - 14.04.2024 (SELECTIONS): Harburg's resident_parking by eID on 18.03. and good_conduct by
# username/password on 14.04.; their names and areas from data/reference/services.csv, the sign-in in words (EXPORTS.md)
SERVICES_FOR_PEOPLE = {
    "de": [
        ("Onlinedienst", "Bereich", "Anmeldung"),
        ("Bewohnerparkausweis", "Verkehr", "eID"),
        ("Führungszeugnis", "Ordnung & Recht", "Benutzername/Passwort"),
    ],
    "en": [
        ("Service", "Area", "Sign-in"),
        ("Resident parking permit", "Transport", "eID"),
        ("Certificate of good conduct", "Public order & law", "username/password"),
    ],
}
# what people are not shown: the id column, the other language's name and area, and the ids themselves
NOT_FOR_PEOPLE = {
    "de": ("Onlinedienst-ID", "Onlinedienst (englischer Name)", "Bereich (englischer Name)"),
    "en": ("Service ID", "Service (German name)", "Area (German name)"),
}


def _service_columns(header: list, rows: list[list]) -> list[tuple]:
    """The service, area and sign-in columns, by the German or English heading."""
    wanted = [h for h in header if h in {"Onlinedienst", "Bereich", "Anmeldung", "Service", "Area", "Sign-in"}]
    return [tuple(wanted)] + [tuple(row[header.index(h)] for h in wanted) for row in rows]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_workbook_names_each_service_in_the_readers_language(frames, lang):
    book = openpyxl.load_workbook(io.BytesIO(export.to_bytes(frames["service_usage"], "xlsx", lang)))
    header, *rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert _service_columns(header, rows) == SERVICES_FOR_PEOPLE[lang]
    assert not set(NOT_FOR_PEOPLE[lang]) & set(header), header
    assert not {"resident_parking", "good_conduct"} & {cell for row in rows for cell in row}


def test_the_formats_for_programs_keep_the_service_ids_and_both_names(frames):
    text = export.to_bytes(frames["service_usage"], "csv").decode()
    header, first = text.splitlines()[:2]
    assert header.startswith("date,district,service_id,service_name_de,service_name_en,category_de,category_en,")
    assert first.startswith("2024-03-18,Harburg,resident_parking,Bewohnerparkausweis,Resident parking permit,")


@pytest.mark.slow
@needs_calc
def test_the_german_excel_csv_names_each_service_in_calc(calc):
    header, *rows = [[text for _, _, text in row] for row in calc["service_usage"]]
    assert _service_columns(header, rows) == SERVICES_FOR_PEOPLE["de"]
    assert not set(NOT_FOR_PEOPLE["de"]) & set(header), header
    assert not {"resident_parking", "good_conduct"} & {cell for row in rows for cell in row}
