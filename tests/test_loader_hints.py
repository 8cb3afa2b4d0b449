"""A file refused for a "missing column" says what its first lines hold instead (issue 28, item 11): a title row
above the header ("header found in line 3"), a delimiter the loader does not read ('|'), rows saved with ';'
under a header typed with ','. Each hint names the file and the line, in the CLI, the load history, the refusal
record and the quarantine, and has its German twin for the data-quality page. The files are written as offices
write them (Windows-1252, CRLF, a title block with empty cells)."""

from __future__ import annotations

import duckdb
import pytest
from helpers import load

from etl.cli import main
from ui import loader_words

STOPS_HEADER = "stop_id;district;venue;start_date;end_date;opening_time;closing_time;cost_eur"
MISSING = (
    "refused, required column 'stop_id' (or 'standort_id'), 'district' (or 'bezirk'), 'venue' (or 'ort'), "
    "'start_date' (or 'beginn'), 'end_date' (or 'ende') is missing from the header"
)

FILES = {
    # Excel de-DE "CSV (Trennzeichen-getrennt)" of a sheet with a title and an empty line above the table:
    # the title row has the table's 8 cells, 7 of them empty
    "stops_title.csv": (
        "Standortplanung Pop-up-Büros 2025;;;;;;;\r\n;;;;;;;\r\n"
        + STOPS_HEADER
        + "\r\nS1;Altona;Mercado;24.03.2025;05.04.2025;10:00;19:00;1000\r\n"
    ).encode("cp1252"),
    # a title line without any delimiter, the header typed with ','
    "stops_one_title.csv": (
        b"Standorte\nstop_id,district,venue,start_date,end_date\nS1,Altona,Mercado,2025-03-24,2025-04-05\n"
    ),
    # an export from a database tool that separates with '|'
    "stops_pipe.csv": b"stop_id|district|venue|start_date|end_date\nS1|Altona|Mercado|2025-03-24|2025-04-05\n",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hints")
    for name, content in FILES.items():
        (folder / name).write_bytes(content)
    db = folder / "warehouse.duckdb"
    status, report = load(db, *(folder / name for name in FILES))
    return db, status, {f["file"]: f for f in report["files"]}


def test_a_title_block_above_the_header_is_found_and_named(loaded):
    _, status, files = loaded
    assert status == 1  # a file was refused
    # line 1 "Standortplanung Pop-up-Büros 2025;;;;;;;" splits at ';' into 8 cells; the header is line 3
    assert files["stops_title.csv"]["message"] == (
        f"stops_title.csv: {MISSING}; line 1 has 8 columns, separated by ';'; "
        "header found in line 3: delete the 2 lines above it"
    )
    # "Standorte" has no delimiter at all: one column (the loader reads it with ','); the header is line 2
    assert files["stops_one_title.csv"]["message"] == (
        f"stops_one_title.csv: {MISSING}; line 1 has one column, separated by ','; "
        "header found in line 2: delete the line above it"
    )


def test_a_delimiter_the_loader_does_not_read_is_named(loaded):
    _, _, files = loaded
    assert files["stops_pipe.csv"]["message"] == (
        f"stops_pipe.csv: {MISSING}; line 1 has one column, separated by ','; "
        "the file seems to use '|', which the loader does not read: save it with ',' or ';'"
    )


def test_the_hints_are_in_the_load_history_and_in_german(loaded):
    db, _, files = loaded
    con = duckdb.connect(str(db), read_only=True)
    logged = dict(con.sql("select file, message from load_log where status = 'refused'").fetchall())
    con.close()
    assert logged == {name: files[name]["message"] for name in FILES}
    assert loader_words.translate(logged["stops_title.csv"], "de") == (
        "stops_title.csv: abgelehnt, die Pflichtspalte 'stop_id' (or 'standort_id'), 'district' (or 'bezirk'), "
        "'venue' (or 'ort'), 'start_date' (or 'beginn'), 'end_date' (or 'ende') fehlt in der Kopfzeile; "
        "Zeile 1 hat 8 Spalten, getrennt durch ';'; Kopfzeile in Zeile 3 gefunden: die 2 Zeilen darüber löschen"
    )
    assert loader_words.translate(logged["stops_one_title.csv"], "de").endswith(
        "Zeile 1 hat eine Spalte, getrennt durch ','; Kopfzeile in Zeile 2 gefunden: die Zeile darüber löschen"
    )
    assert loader_words.translate(logged["stops_pipe.csv"], "de").endswith(
        "; die Datei scheint '|' als Trennzeichen zu verwenden, das der Lader nicht liest: "
        "bitte mit ',' oder ';' speichern"
    )


def test_a_title_row_in_a_workbook_is_found(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Standortplanung 2025"])
    sheet.append(["stop_id", "district", "venue", "start_date", "end_date"])
    sheet.append(["S1", "Altona", "Mercado", "2025-03-24", "2025-04-05"])
    book.save(tmp_path / "stops.xlsx")
    status, report = load(tmp_path / "warehouse.duckdb", tmp_path / "stops.xlsx")
    assert status == 1
    message = report["files"][0]["message"]
    assert message == f"stops.xlsx: {MISSING}; header found in line 2: delete the line above it"
    assert loader_words.translate(message, "de").endswith("; Kopfzeile in Zeile 2 gefunden: die Zeile darüber löschen")


def test_rows_saved_with_another_delimiter_say_so_in_the_quarantine_and_the_cli(tmp_path, capsys):
    path = tmp_path / "stops.csv"
    # the header typed by hand with ',', the rows pasted from an office export with ';' (8 cells each)
    path.write_bytes(
        b"stop_id,district,venue,start_date,end_date,opening_time,closing_time,cost_eur\r\n"
        b"S1;Altona;Mercado;2025-03-24;2025-04-05;10:00;19:00;1000\r\n"
        b"S2,Harburg,Phoenix-Center,2025-04-07,2025-04-19,10:00,19:00,1200\r\n"
    )
    db = tmp_path / "warehouse.duckdb"
    assert main(["load", "--db", str(db), str(path)]) == 0
    out = capsys.readouterr().out
    hint = "the line seems to use ';' (the header uses ',')"
    assert f"stops.csv line 2, line: not a well-formed CSV line (Expected Number of Columns: 8 Found: 1); {hint}" in out
    con = duckdb.connect(str(db), read_only=True)
    rows = con.sql("select file, line, reasons from quarantine").fetchall()
    con.close()
    malformed = "line: not a well-formed CSV line (Expected Number of Columns: 8 Found: 1)"
    assert rows == [("stops.csv", 2, [malformed, hint])]
    german = "die Zeile scheint ';' als Trennzeichen zu verwenden (die Kopfzeile ',')"
    assert loader_words.translate(hint, "de") == german
