"""Exports of exactly the filtered rows, for the dashboard's download buttons and `python -m etl export`.

Formats: `csv` (comma, decimal point, UTF-8), `csv-excel-de` (semicolon, decimal comma, German dates, UTF-8
with BOM, so that German Excel opens it correctly), `xlsx` (a workbook with typed columns: numbers, dates, text)
and `parquet`. In both CSV forms a text cell that begins with =, +, -, @, tab or carriage return is neutralised
with a leading ' so that a spreadsheet never runs it as a formula; numbers stay numbers; in the German-Excel CSV
age bands are words and another text that a German spreadsheet would read as a number or a date gets an
invisible word joiner in front, so that it stays text (never a formula). In a workbook every text stays text
(never a formula, link or number).

The German-Excel CSV and the workbook are for people: their columns are headed in words and codes are words
(etl.vocabulary, German by default, `lang="en"` for English); plain CSV and Parquet are for programs and keep the
contract's column names and codes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from etl import messages, registry, vocabulary, warehouse
from etl.config import FOLLOW_UP_DAYS, SQL_DIR

TABLES = ("visits", "activations", "activations_total", "service_usage", "stop_kpis")
# The filters each table has, beside the period, districts and stops (etl/sql/exports/<table>.sql).
FILTERS: dict[str, tuple[str, ...]] = {
    "visits": ("services", "topics", "outcomes"),
    "activations": ("channels",),
    "activations_total": (),
    "service_usage": ("services", "channels"),
    "stop_kpis": (),
}
# Row-level or visitor-attribute tables: in the dashboard for the analyst role only (ui.access), generated when
# clicked and under a name of their own each time (README, "Statistical confidentiality").
SENSITIVE = ("visits", "activations")
FORMATS = ("csv", "csv-excel-de", "xlsx", "parquet")
# Formats people open in a spreadsheet: words (etl.vocabulary); the others are for programs: codes.
FOR_PEOPLE = ("csv-excel-de", "xlsx")
FORMULA_START = r"^[=+\-@\t\r]"
WORD_JOINER = "\u2060"  # invisible; keeps a text that looks like a number a text in a spreadsheet
EARLIEST, LATEST = dt.date.min, dt.date.max  # no date filter: every day
REPRODUCIBLE_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # a workbook's document date (the same bytes each time)


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


def _text_kept(data: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a German spreadsheet would read as a number, a date or a time (0123, 1.5, 12:00) with an
    invisible WORD JOINER (U+2060) in front, so that they stay text, without a formula (="0123" was blocked in
    many offices and read literally by every program). Age bands never need it: the formats for people write
    them in words ("65 Jahre und älter", etl.vocabulary); programs read the plain CSV."""
    looks = r"^\s*[-+]?[\d.,]+\s*[-+%/:.]?\s*[\d.,]*\s*[-+%]?\s*$"
    text = [name for name, dtype in data.schema.items() if dtype == pl.String]
    return data.with_columns(
        pl.when(pl.col(c).str.contains(looks)).then(pl.lit(WORD_JOINER) + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def _workbook(data: pl.DataFrame, target: Path | io.BytesIO, lang: str) -> None:
    """An xlsx workbook with one sheet (named in `lang`): numbers as numbers, dates as dates, every text as text."""
    import xlsxwriter

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(target, options) as book:
        # the same data, the same bytes: a fixed document date (xlsxwriter writes the clock's otherwise; its zip
        # entries carry a fixed date already), so that an analyst can checksum or diff two exports
        book.set_properties({"created": REPRODUCIBLE_DATE})
        data.write_excel(
            book,
            worksheet=messages.word("sheet", lang, "export"),
            dtype_formats={pl.Date: "dd.mm.yyyy", pl.Datetime: "dd.mm.yyyy hh:mm:ss"},
            float_precision=6,
            autofit=True,
            freeze_panes=(1, 0),
        )


def write(data: pl.DataFrame, target: Path | io.BytesIO, fmt: str, lang: str = "de") -> None:
    """`data` in `fmt`. The formats for people (FOR_PEOPLE) carry words in `lang` (etl.vocabulary: codes in
    words, "keine Angabe" for a missing text, columns headed in words); the formats for machines keep the codes."""
    if fmt in FOR_PEOPLE:
        data = vocabulary.for_people(data, lang)
    if fmt == "parquet":
        data.write_parquet(target)
    elif fmt == "csv":
        neutralise_formulas(data).write_csv(target)
    elif fmt == "csv-excel-de":
        german = _german_dates(_text_kept(neutralise_formulas(data)))
        german.write_csv(target, separator=";", decimal_comma=True, include_bom=True)
    elif fmt == "xlsx":
        _workbook(data, target, lang)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def to_bytes(data: pl.DataFrame, fmt: str, lang: str = "de") -> bytes:
    buffer = io.BytesIO()
    write(data, buffer, fmt, lang)
    return buffer.getvalue()


MIME = {
    "csv": "text/csv",
    "csv-excel-de": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
SUFFIX = {"csv": ".csv", "csv-excel-de": "_excel.csv", "xlsx": ".xlsx", "parquet": ".parquet"}
FORMAT_OF_SUFFIX = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}


class UsageError(ValueError):
    """An export asked for in a way that cannot be done; the message says what is allowed."""


def format_for(path: Path, fmt: str | None) -> str:
    """The export format: `fmt`, else the one the file's suffix names; a suffix that contradicts `fmt` is an
    error (csv-excel-de is a .csv file)."""
    suffix = path.suffix.lower()
    named = FORMAT_OF_SUFFIX.get(suffix)
    if fmt is None:
        if named is None:
            raise UsageError(
                f"{path.name}: the suffix {suffix or '(none)'} names no format; give --format "
                f"({', '.join(FORMATS)}) or a file ending in {', '.join(FORMAT_OF_SUFFIX)}"
            )
        return named
    expected = "csv" if fmt == "csv-excel-de" else fmt
    if named is not None and named != expected:
        wanted = next(s for s, f in FORMAT_OF_SUFFIX.items() if f == expected)
        raise UsageError(f"{path.name}: the suffix {suffix} contradicts --format {fmt} (use a {wanted} file)")
    return fmt


def check(table: str, selection: Selection, known: dict[str, tuple[str, ...]]) -> None:
    """Refuse filters the table does not have, and values that are not known (`known`: field -> known values)."""
    for field_name in ("services", "channels", "topics", "outcomes"):
        given = getattr(selection, field_name)
        if given and field_name not in FILTERS[table]:
            raise UsageError(f"the table {table} cannot be filtered by {field_name[:-1]} (--{field_name[:-1]})")
    for field_name, values in known.items():
        unknown = [v for v in getattr(selection, field_name) if v not in values]
        if unknown:
            raise UsageError(
                f"unknown {field_name[:-1]} {', '.join(repr(u) for u in unknown)}; known: {', '.join(values)}"
            )


def known_values(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, tuple[str, ...]]:
    """The values each filter of `table` knows: districts, the warehouse's stops and services, and the codes."""
    from etl.schema import AUTH_METHODS, CHANNELS, DISTRICTS, OUTCOMES, TOPICS

    stops = tuple(r[0] for r in con.sql("select stop_id from mart_stops order by start_date, stop_id").fetchall())
    services = tuple(r[0] for r in con.sql("select service_id from mart_services order by service_id").fetchall())
    channels = {"activations": CHANNELS, "service_usage": AUTH_METHODS}.get(table, ())
    return {
        "districts": DISTRICTS,
        "stops": stops,
        "services": services,
        "channels": channels,
        "topics": TOPICS,
        "outcomes": OUTCOMES,
    }


def command_line(table: str, selection: Selection, fmt: str, out: str, lang: str = "de") -> list[str]:
    """`python -m etl export` with every filter of the selection: it writes the same rows, byte for byte (in a
    format for people, in the language given: `--lang en` where it is not German)."""
    command = ["python", "-m", "etl", "export", table, "--out", out, "--format", fmt]
    if fmt in FOR_PEOPLE and lang != "de":
        command += ["--lang", lang]
    if selection.date_from is not None:
        command += ["--from", selection.date_from.isoformat()]
    if selection.date_to is not None:
        command += ["--to", selection.date_to.isoformat()]
    for option, values in (
        ("--district", selection.districts),
        ("--stop", selection.stops),
        ("--service", selection.services),
        ("--channel", selection.channels),
        ("--topic", selection.topics),
        ("--outcome", selection.outcomes),
    ):
        for value in values:
            command += [option, value]
    return command
