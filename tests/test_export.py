"""Exports: exactly the filtered rows, the three formats, and neutralised formula cells (hand-made campaign)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import duckdb
import polars as pl
import pytest
from campaign import write_clean
from helpers import load, run_etl

from etl import export


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    db = folder / "warehouse.duckdb"
    assert load(db, write_clean(folder / "in"))[0] == 0
    return db


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
    assert content == "\ufeffvenue;date;share\nMercado;21.05.2025;0,245\n".encode()


def test_parquet_keeps_types(con, tmp_path):
    path = tmp_path / "stops.parquet"
    export.write(export.frame(con, "stop_kpis", export.Selection()), path, "parquet")
    back = pl.read_parquet(path)
    assert back["stop_id"].to_list() == ["S1", "S2"]
    assert back.schema["start_date"] == pl.Date


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
