"""Open one input file (CSV, .xlsx or Parquet) as an SQL relation of text cells c0..cN, one per header column.

Nothing here judges values (that is validate.py's job) and nothing is materialised: the file is read by
DuckDB when the validation query runs. `Source.relation` is the plain relation (fast, parallel);
`Source.relation_with_lines` adds `_line`, the line of the CSV file (the row of the sheet, the row of the
Parquet file), which the loader asks for only when a row needs it for the quarantine.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl import diagnose
from etl.schema import Kind, is_personal_data, normalise_header
from etl.warehouse import scalar

CHUNK = 8 * 1024 * 1024
DELIMITERS = (",", ";", "\t")


class FileRefused(Exception):
    """The whole file cannot be loaded; the message says why, naming the file and column."""


class MissingColumn(FileRefused):
    """A required column is missing from the header (etl.diagnose then says what the first lines hold)."""


@dataclass
class Source:
    """An opened input file: which cell holds which contract column, and the SQL that reads it."""

    cells: dict[str, str]  # contract column -> cell column (c0, c1, ...) of the relation
    n_cells: int
    extra_columns: list[str]
    format: str
    relation: str
    relation_with_lines: str
    params: dict = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None


def sha256(path: Path) -> tuple[str, int]:
    """The file's content hash and size."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            size += len(chunk)
            digest.update(chunk)
    return digest.hexdigest(), size


class BackgroundHash:
    """The file's sha256, worked out in a thread of its own while DuckDB reads the file (hashlib and DuckDB both
    let go of the interpreter while they work, so the two run side by side). `on_hashed` is called with the hex
    digest as soon as it is known, from that thread."""

    def __init__(self, path: Path, on_hashed: Callable[[str], None]) -> None:
        self._path, self._on_hashed = path, on_hashed
        self._digest: str | None = None
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name="sha256", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._digest = sha256(self._path)[0]
        except OSError as exc:
            self._error = exc
            return
        self._on_hashed(self._digest)

    def result(self) -> str:
        """The hex digest, once the thread has finished; the OSError of reading the file, if there was one."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._digest is not None
        return self._digest


def _utf8_prefix(path: Path, nbytes: int = 1 << 16) -> str | None:
    """utf-8-sig or utf-8 when the file's first bytes are UTF-8 (a cut multi-byte sequence at the end is fine)."""
    with open(path, "rb") as f:
        head = f.read(nbytes)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def transcode_cp1252(path: Path, workdir: Path) -> Path:
    """A UTF-8 copy of a file that is not all UTF-8, line by line: a line stays as it is when it is valid UTF-8
    (an office file mixed from two sources), else it is read as Windows-1252 (bytes that cp1252 leaves undefined
    as Latin-1). So "Eimsbüttel" comes out right in every line."""
    target = workdir / "transcoded.csv"
    with open(path, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
        for line in src:
            for encoding in ("utf-8", "cp1252", "latin-1"):
                try:
                    out.write(line.decode(encoding))
                    break
                except UnicodeDecodeError:
                    continue
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


def map_header(names: list[str], kind: Kind, filename: str) -> tuple[dict[str, str], list[str]]:
    """Match header names to contract columns: {column: cell}, plus the names that are ignored.

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
                f"{filename}: refused, column {column!r} appears twice (as {names[found[column]]!r} and {name!r})"
            )
        found[column] = position
    missing = [c.name for c in kind.columns if c.required and c.name not in found]
    if missing:
        german = {c.name: c.aliases[0] for c in kind.columns}
        listed = ", ".join(f"{m!r} (or {german[m]!r})" for m in missing)
        raise MissingColumn(f"{filename}: refused, required column {listed} is missing from the header")
    return {column: f"c{position}" for column, position in found.items()}, extra


def open_csv(path: Path, kind: Kind, filename: str, workdir: Path, encoding: str | None = None) -> Source:
    """CSV with , ; or tab (detected), UTF-8 (with or without BOM) or Windows-1252, CRLF or LF.

    The encoding is judged from the first 64 KB; the loader asks again with encoding="cp1252" (line by line:
    UTF-8 where valid, else Windows-1252) when DuckDB finds bytes that are not UTF-8 further down.
    """
    encoding = encoding or _utf8_prefix(path) or "cp1252"
    readable = transcode_cp1252(path, workdir) if encoding == "cp1252" else path
    header = _header_line(readable)
    if not header.strip():
        raise FileRefused(f"{filename}: refused, the file has no header line")
    delimiter, names = _split_header(header.rstrip("\r\n"))
    try:
        cells, extra = map_header(names, kind, filename)
    except MissingColumn as exc:
        hints = diagnose.csv_hints(readable, kind, delimiter, len(names))
        raise MissingColumn("; ".join([str(exc), *hints])) from None
    n = len(names)
    # A line may hold 20 MB (a 10 MB field loads); DuckDB's buffers would then be 16 times that (305 MiB each, a
    # few per read: most of a large load's peak memory, and few pieces to share among threads), so they are set
    # to 32 MiB, the size they have by default and more than the longest line (issue 31).
    scan = (
        "read_csv($path, delim = $delim, quote = '\"', escape = '\"', header = true, auto_detect = false, "
        "columns = $columns, ignore_errors = true, store_rejects = true, max_line_size = 20000000, "
        "buffer_size = 33554432, rejects_table = 'csv_reject_errors', rejects_scan = 'csv_reject_scans')"
    )
    # DuckDB numbers good records among themselves; the rejects before a record put it on its file line.
    with_lines = (
        f"(select r.*, r._record + 1 + coalesce(b.rejects_before, 0) as _line "
        f"from (select *, ordinality as _record from {scan} with ordinality) r "
        f"asof left join src_reject_offsets b on r._record > b.good_before)"
    )
    return Source(
        cells,
        n,
        extra,
        "csv",
        scan,
        with_lines,
        {"path": str(readable), "delim": delimiter, "columns": {f"c{i}": "VARCHAR" for i in range(n)}},
        encoding,
        delimiter,
    )


def blank_lines(path: str) -> list[int]:
    """The numbers of the empty lines of a text file (the CSV reader skips them, so the records after them would
    otherwise be reported a line too early; a line of spaces is a malformed line of its own, not skipped)."""
    with open(path, "rb") as f:
        return [number for number, line in enumerate(f, start=1) if line in (b"\n", b"\r\n", b"\r")]


def read_rejects(con: duckdb.DuckDBPyConnection) -> int:
    """Keep the malformed lines of the last CSV scan in `src_rejects` (one row per line); their number."""
    con.sql(
        """
        create or replace temp table src_rejects as
        select distinct on (line) line as _line, error_type, error_message,
               left(trim(csv_line, e'\r\n'), 2000) as line_text
        from csv_reject_errors
        order by line, column_idx
        """
    )
    return scalar(con, "select count(*) from src_rejects")


def line_offsets(con: duckdb.DuckDBPyConnection, blanks: list[int]) -> None:
    """`src_reject_offsets`: for the good records of a CSV scan, how many lines were skipped before them (the
    malformed lines of `src_rejects` and the blank lines), so that each record gets the line an editor shows."""
    con.sql(
        """
        create or replace temp table src_reject_offsets as
        with skipped as (
            select _line from src_rejects
            union
            select unnest(cast($blanks as bigint[])) as _line
        )
        select good_before, max(rejects_before) as rejects_before
        from (select _line - row_number() over (order by _line) - 1 as good_before,
                     row_number() over (order by _line) as rejects_before
              from skipped)
        group by good_before
        """,
        params={"blanks": blanks},
    )


MAX_UNPACKED = 512 * 1024 * 1024  # an office workbook unpacks to a few MB; this is far beyond any real one
MAX_RATIO = 200


def _refuse_zip_bomb(path: Path, filename: str) -> None:
    """An .xlsx is a zip archive: refuse one that would unpack to more than 512 MB or packs unnaturally tight."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileRefused(f"{filename}: refused, not a readable Excel workbook (not a zip archive: {exc})") from exc
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED or unpacked / packed > MAX_RATIO:
        raise FileRefused(
            f"{filename}: refused, the workbook would unpack to {unpacked / 2**20:,.0f} MB "
            f"({unpacked / packed:,.0f} times its size); that is not an office export"
        )


def open_xlsx(con, path: Path, kind: Kind, filename: str) -> Source:
    """The first sheet of an .xlsx workbook, header in the first row; every cell read as text."""
    import fastexcel
    import polars as pl

    _refuse_zip_bomb(path, filename)
    try:
        sheet = fastexcel.read_excel(str(path)).load_sheet(0, dtypes="string", header_row=None)
        frame = sheet.to_polars()
    except Exception as exc:  # fastexcel raises its own error types for every kind of broken workbook
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise FileRefused(f"{filename}: refused, not a readable Excel workbook ({reason})") from exc
    if frame.height == 0:
        raise FileRefused(f"{filename}: refused, the first sheet is empty")
    names = [("" if v is None else str(v)).strip() for v in frame.row(0)]
    try:
        cells, extra = map_header(names, kind, filename)
    except MissingColumn as exc:
        hints = diagnose.sheet_hints(frame.head(diagnose.LOOK_AT).rows(), kind)
        raise MissingColumn("; ".join([str(exc), *hints])) from None
    body = frame.slice(1).rename({old: f"c{i}" for i, old in enumerate(frame.columns)})
    # Dates in a workbook are date cells; as text they carry a midnight time that the contract does not.
    body = body.with_columns(pl.all().str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1"))
    body = body.with_row_index("_line", offset=2)
    con.register("xlsx_body", body)
    return Source(cells, len(names), extra, "xlsx", "(select * exclude (_line) from xlsx_body)", "xlsx_body")


def _parquet_text(name: str, type_: str) -> str:
    """SQL that renders a typed Parquet column as the text a CSV would have held."""
    col = '"' + name.replace('"', '""') + '"'
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


def open_parquet(con, path: Path, kind: Kind, filename: str) -> Source:
    try:
        schema = con.sql("describe select * from read_parquet($p)", params={"p": str(path)}).fetchall()
    except duckdb.Error as exc:
        raise FileRefused(f"{filename}: refused, not a readable Parquet file ({exc})") from exc
    names = [row[0] for row in schema]
    cells, extra = map_header(names, kind, filename)
    texts = ", ".join(f"{_parquet_text(name, type_)} as c{i}" for i, (name, type_, *_) in enumerate(schema))
    return Source(
        cells,
        len(names),
        extra,
        "parquet",
        f"(select {texts} from read_parquet($path))",
        f"(select {texts}, file_row_number + 1 as _line from read_parquet($path, file_row_number = true))",
        {"path": str(path)},
    )


def open_source(con, path: Path, kind: Kind, size: int, workdir: Path) -> Source:
    """Open the file by its format (from its name, else its first bytes)."""
    filename = path.name
    if size == 0:
        raise FileRefused(f"{filename}: refused, the file is empty")
    with open(path, "rb") as f:
        magic = f.read(4)
    suffix = path.suffix.lower()
    if suffix == ".parquet" or magic == b"PAR1":
        return open_parquet(con, path, kind, filename)
    if suffix in (".xlsx", ".xlsm") or magic == b"PK\x03\x04":
        return open_xlsx(con, path, kind, filename)
    if suffix == ".xls" or magic == b"\xd0\xcf\x11\xe0":
        raise FileRefused(f"{filename}: refused, old Excel .xls files are not supported; save as .xlsx or CSV")
    return open_csv(path, kind, filename, workdir)
