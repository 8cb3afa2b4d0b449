"""Every export format read back with the tool its reader opens it with (issue 33): openpyxl for the workbook (a
date cell holds the right day and shows day before month), LibreOffice Calc in German for the German-Excel CSV
(one conversion of all files for the module), pyarrow for Parquet. The campaign is tests/boundary_campaign.py;
the values are worked out in test_boundaries_by_hand.py (a visit on the leap day, activations on a stop's edges).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from boundary_campaign import write_boundaries
from helpers import load, needs_calc

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
    """The first sheet: per row, (value type, stored value (a date's day, a number), shown text) per cell."""
    content = zipfile.ZipFile(path).read("content.xml").decode()
    sheet = re.search(r"<table:table .*?</table:table>", content, re.DOTALL).group(0)
    rows = []
    for row in re.findall(r"<table:table-row.*?</table:table-row>", sheet, re.DOTALL):
        cells = []
        for attributes, body in re.findall(
            r"<table:table-cell([^>]*?)(?:/>|>(.*?)</table:table-cell>)", row, re.DOTALL
        ):
            repeat = re.search(r'table:number-columns-repeated="(\d+)"', attributes)
            kind = re.search(r'office:value-type="(\w+)"', attributes)
            value = re.search(r'office:(?:date-)?value="([^"]*)"', attributes)
            text = re.sub("<[^>]+>", "", body or "")
            cell = (kind.group(1) if kind else "", value.group(1) if value else "", text)
            cells += [cell] * min(int(repeat.group(1)) if repeat else 1, 64)
        rows.append(cells)
    return [r for r in rows if any(text for _, _, text in r)]


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
