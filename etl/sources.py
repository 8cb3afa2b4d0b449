"""Read one input file (CSV, .xlsx or Parquet) into a DuckDB temp table of text cells, with line numbers.

The result, table `src`, has `_line` (the line of the CSV file, the row of the sheet, the row of the
Parquet file) and one VARCHAR column per contract column found in the header, trimmed, empty cells NULL.
Rows that are not well-formed CSV go to `src_rejects` with their line and text. Nothing here judges the
values: that is validate.py's job.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.schema import Kind, is_personal_data, normalise_header
from etl.warehouse import scalar

CHUNK = 8 * 1024 * 1024
DELIMITERS = (",", ";", "\t")


class FileRefused(Exception):  # noqa: N818 - the domain word: the file is refused, not an error in us
    """The whole file cannot be loaded; the message says why, naming the file and column."""


@dataclass
class Scan:
    """What one pass over the bytes of a file tells: its content hash and, for text, its encoding."""

    sha256: str
    size: int
    encoding: str  # utf-8, utf-8-sig or cp1252


@dataclass
class Source:
    """What reading a file found: the columns it has, the ones ignored, and how it was read."""

    columns: list[str]
    extra_columns: list[str]
    rows: int
    rejects: int
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def scan(path: Path) -> Scan:
    """Hash the file and find its text encoding in one pass (UTF-8 if every byte sequence is valid UTF-8)."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = True
    size = 0
    with open(path, "rb") as f:
        head = b""
        while chunk := f.read(CHUNK):
            if not size:
                head = chunk[:3]
            size += len(chunk)
            digest.update(chunk)
            if is_utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    is_utf8 = False
        if is_utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                is_utf8 = False
    encoding = ("utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8") if is_utf8 else "cp1252"
    return Scan(digest.hexdigest(), size, encoding)


def _transcode_to_utf8(path: Path, workdir: Path) -> Path:
    """Write a UTF-8 copy of a Windows-1252 file (bytes cp1252 leaves undefined are read as Latin-1)."""
    target = workdir / "transcoded.csv"
    with open(path, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
        while chunk := src.read(CHUNK):
            try:
                out.write(chunk.decode("cp1252"))
            except UnicodeDecodeError:
                out.write(chunk.decode("latin-1"))
    return target


def _header_line(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        return f.readline()


def _split_header(line: str) -> tuple[str, list[str]]:
    """The delimiter (the one of , ; tab that splits the header into most fields) and the header names."""
    best = (",", [line])
    for delimiter in DELIMITERS:
        fields = next(csv.reader(io.StringIO(line), delimiter=delimiter), [""])
        if len(fields) > len(best[1]):
            best = (delimiter, fields)
    delimiter, names = best
    return delimiter, [n.strip() for n in names]


def map_header(names: list[str], kind: Kind, filename: str) -> tuple[dict[str, int], list[str]]:
    """Match header names to contract columns: {column: position}, plus the names that are ignored.

    Refuses the file for personal-data columns, a column given twice, or a missing required column.
    """
    personal = [n for n in names if n and is_personal_data(n)]
    if personal:
        raise FileRefused(
            f"{filename}: refused, column {', '.join(repr(p) for p in personal)} looks like personal data; "
            "the warehouse takes no names, addresses, e-mail, phone, ID-card numbers or birth dates"
        )
    by_key = {key: col.name for col in kind.columns for key in col.header_keys}
    found: dict[str, int] = {}
    extra: list[str] = []
    for position, name in enumerate(names):
        column = by_key.get(normalise_header(name))
        if column is None:
            if name:
                extra.append(name)
            continue
        if column in found:
            raise FileRefused(
                f"{filename}: refused, column {column!r} appears twice "
                f"(as {names[found[column]]!r} and {name!r})"
            )
        found[column] = position
    missing = [c.name for c in kind.columns if c.required and c.name not in found]
    if missing:
        german = {c.name: c.aliases[0] for c in kind.columns}
        listed = ", ".join(f"{m!r} (or {german[m]!r})" for m in missing)
        raise FileRefused(f"{filename}: refused, required column {listed} is missing from the header")
    return found, extra


def _cell(position: int) -> str:
    return f"nullif(trim(c{position}), '')"


def _create_src(con: duckdb.DuckDBPyConnection, relation: str, found: dict[str, int], n_columns: int) -> int:
    """Turn a relation of positional text columns c0..cN (plus _line) into `src`; drop rows with no value."""
    selected = ", ".join(f'{_cell(pos)} as "{col}"' for col, pos in found.items())
    any_value = " or ".join(f"{_cell(i)} is not null" for i in range(n_columns)) or "false"
    con.sql(f"create or replace temp table src as select _line, {selected} from {relation} where {any_value}")
    return scalar(con, "select count(*) from src")


def read_csv(con, path: Path, kind: Kind, filename: str, encoding: str, workdir: Path) -> Source:
    """CSV with , ; or tab (detected), UTF-8 (with or without BOM) or Windows-1252, CRLF or LF."""
    readable = _transcode_to_utf8(path, workdir) if encoding == "cp1252" else path
    header = _header_line(readable)
    if not header.strip():
        raise FileRefused(f"{filename}: refused, the file has no header line")
    delimiter, names = _split_header(header.rstrip("\r\n"))
    found, extra = map_header(names, kind, filename)
    n = len(names)
    con.sql("drop table if exists src_raw; drop table if exists src_rejects")
    con.sql(
        """
        create temp table src_raw as
        select row_number() over () as _row, *
        from read_csv($path, delim = $delim, quote = '"', escape = '"', header = true,
                      auto_detect = false, columns = $columns,
                      ignore_errors = true, store_rejects = true, max_line_size = 20000000,
                      rejects_table = 'csv_reject_errors', rejects_scan = 'csv_reject_scans')
        """,
        params={
            "path": str(readable),
            "delim": delimiter,
            "columns": {f"c{i}": "VARCHAR" for i in range(n)},
        },
    )
    con.sql(
        """
        create temp table src_rejects as
        select distinct on (line) line as _line, error_type, error_message,
               left(trim(csv_line, e'\r\n'), 2000) as line_text
        from csv_reject_errors
        order by line, column_idx
        """
    )
    rejects = scalar(con, "select count(*) from src_rejects")
    if rejects:
        # DuckDB numbers good rows among themselves; put them back on the file's lines around the rejects.
        con.sql(
            """
            create or replace temp table src_raw as
            with bad as (select _line - row_number() over (order by _line) - 1 as good_before from src_rejects)
            select r.* exclude (_row),
                   r._row + 1 + (select count(*) from bad where bad.good_before < r._row) as _line
            from src_raw r
            """
        )
    else:
        con.sql("create or replace temp table src_raw as select * exclude (_row), _row + 1 as _line from src_raw")
    con.sql("drop table if exists csv_reject_errors; drop table if exists csv_reject_scans")
    rows = _create_src(con, "src_raw", found, n)
    con.sql("drop table src_raw")
    return Source(list(found), extra, rows, rejects, "csv", encoding, delimiter)


def read_xlsx(con, path: Path, kind: Kind, filename: str) -> Source:
    """The first sheet of an .xlsx workbook, header in the first row; every cell read as text."""
    import fastexcel
    import polars as pl

    try:
        sheet = fastexcel.read_excel(str(path)).load_sheet(0, dtypes="string", header_row=None)
        frame = sheet.to_polars()
    except Exception as exc:  # fastexcel raises its own error types for every kind of broken workbook
        raise FileRefused(f"{filename}: refused, not a readable Excel workbook ({exc})") from exc
    if frame.height == 0:
        raise FileRefused(f"{filename}: refused, the first sheet is empty")
    names = [("" if v is None else str(v)).strip() for v in frame.row(0)]
    found, extra = map_header(names, kind, filename)
    body = frame.slice(1).rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    # Dates in a workbook are date cells; as text they carry a midnight time that the contract does not.
    body = body.with_columns(pl.all().str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1"))
    body = body.with_row_index("_line", offset=2)
    con.register("xlsx_body", body)
    rows = _create_src(con, "xlsx_body", found, len(names))
    con.unregister("xlsx_body")
    return Source(list(found), extra, rows, 0, "xlsx")


def _parquet_text(name: str, type_: str) -> str:
    """SQL that renders a typed Parquet column as the text a CSV would have held."""
    col = f'"{name}"'
    if type_ in ("FLOAT", "DOUBLE") or type_.startswith("DECIMAL"):
        return (
            f"case when {col} = trunc({col}) and abs({col}) < 1e15 then cast(cast({col} as bigint) as varchar) "
            f"else cast({col} as varchar) end"
        )
    if type_.startswith("TIMESTAMP WITH TIME ZONE"):
        return f"strftime(timezone('Europe/Berlin', {col}), '%Y-%m-%d %H:%M:%S')"
    if type_.startswith("TIMESTAMP"):
        return f"strftime({col}, '%Y-%m-%d %H:%M:%S')"
    return f"cast({col} as varchar)"


def read_parquet(con, path: Path, kind: Kind, filename: str) -> Source:
    try:
        schema = con.sql("describe select * from read_parquet($p)", params={"p": str(path)}).fetchall()
    except duckdb.Error as exc:
        raise FileRefused(f"{filename}: refused, not a readable Parquet file ({exc})") from exc
    names = [row[0] for row in schema]
    found, extra = map_header(names, kind, filename)
    texts = ", ".join(f"{_parquet_text(name, type_)} as c{i}" for i, (name, type_, *_) in enumerate(schema))
    con.sql(
        f"create or replace temp table parquet_body as "
        f"select row_number() over () as _line, {texts} from read_parquet($p)",
        params={"p": str(path)},
    )
    rows = _create_src(con, "parquet_body", found, len(names))
    con.sql("drop table parquet_body")
    return Source(list(found), extra, rows, 0, "parquet")


def read_source(con, path: Path, kind: Kind, scanned: Scan) -> Source:
    """Dispatch on the file's format (by its name, else by its first bytes)."""
    filename = path.name
    if scanned.size == 0:
        raise FileRefused(f"{filename}: refused, the file is empty")
    with open(path, "rb") as f:
        magic = f.read(4)
    suffix = path.suffix.lower()
    with tempfile.TemporaryDirectory(prefix="etl-") as workdir:
        if suffix == ".parquet" or magic == b"PAR1":
            return read_parquet(con, path, kind, filename)
        if suffix in (".xlsx", ".xlsm") or magic == b"PK\x03\x04":
            return read_xlsx(con, path, kind, filename)
        if suffix == ".xls":
            raise FileRefused(f"{filename}: refused, old Excel .xls files are not supported; save as .xlsx or CSV")
        return read_csv(con, path, kind, filename, scanned.encoding, Path(workdir))
