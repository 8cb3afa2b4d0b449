"""Exports of exactly the filtered rows, for the dashboard's download buttons and `python -m etl export`.

Formats: `csv` (comma, decimal point, UTF-8), `csv-excel-de` (semicolon, decimal comma, German dates, UTF-8
with BOM, so that German Excel opens it correctly) and `parquet`. In both CSV forms a text cell that begins
with =, +, -, @, tab or carriage return is neutralised with a leading ' so that a spreadsheet never runs it
as a formula; numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from etl import registry, warehouse
from etl.config import FOLLOW_UP_DAYS, SQL_DIR

TABLES = ("visits", "activations", "activations_total", "service_usage", "stop_kpis")
# Row-level or visitor-attribute tables: in the dashboard for the analyst role only (ui.access), generated when
# clicked and under a name of their own each time (README, "Statistical confidentiality").
SENSITIVE = ("visits", "activations")
FORMATS = ("csv", "csv-excel-de", "parquet")
FORMULA_START = r"^[=+\-@\t\r]"
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


@dataclass(frozen=True)
class Selection:
    """What an analyst filtered; an empty list means no filter on that field."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    districts: tuple[str, ...] = field(default_factory=tuple)
    stops: tuple[str, ...] = field(default_factory=tuple)
    services: tuple[str, ...] = field(default_factory=tuple)
    channels: tuple[str, ...] = field(default_factory=tuple)  # activation channels and authentication methods
    topics: tuple[str, ...] = field(default_factory=tuple)
    outcomes: tuple[str, ...] = field(default_factory=tuple)
    follow_up_days: int = FOLLOW_UP_DAYS

    def params(self) -> dict:
        return {
            "date_from": self.date_from or EARLIEST,
            "date_to": self.date_to or LATEST,
            "districts": list(self.districts),
            "stops": list(self.stops),
            "services": list(self.services),
            "channels": list(self.channels),
            "topics": list(self.topics),
            "outcomes": list(self.outcomes),
            "follow_up_days": self.follow_up_days,
        }


def frame(con: duckdb.DuckDBPyConnection, table: str, selection: Selection) -> pl.DataFrame:
    """The filtered rows of an export table (every value bound as a parameter)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    result = warehouse.query_file(con, SQL_DIR / "exports" / f"{table}.sql", selection.params())
    if table == "stop_kpis":
        result = result.select(registry.keys("stop"))
    return result


def neutralise_formulas(data: pl.DataFrame) -> pl.DataFrame:
    """A leading ' for text cells that a spreadsheet would read as a formula."""
    text = [name for name, dtype in data.schema.items() if dtype == pl.String]
    return data.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def _german_dates(data: pl.DataFrame) -> pl.DataFrame:
    return data.with_columns(
        [pl.col(n).dt.strftime("%d.%m.%Y") for n, t in data.schema.items() if t == pl.Date]
        + [pl.col(n).dt.strftime("%d.%m.%Y %H:%M:%S") for n, t in data.schema.items() if isinstance(t, pl.Datetime)]
    )


def write(data: pl.DataFrame, target: Path | io.BytesIO, fmt: str) -> None:
    if fmt == "parquet":
        data.write_parquet(target)
    elif fmt == "csv":
        neutralise_formulas(data).write_csv(target)
    elif fmt == "csv-excel-de":
        german = neutralise_formulas(_german_dates(data))
        german.write_csv(target, separator=";", decimal_comma=True, include_bom=True)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_bytes(data: pl.DataFrame, fmt: str) -> bytes:
    buffer = io.BytesIO()
    write(data, buffer, fmt)
    return buffer.getvalue()


MIME = {"csv": "text/csv", "csv-excel-de": "text/csv", "parquet": "application/vnd.apache.parquet"}
SUFFIX = {"csv": ".csv", "csv-excel-de": "_excel.csv", "parquet": ".parquet"}
