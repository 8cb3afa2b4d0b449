"""Load input files into the warehouse exactly as DATA_CONTRACT.md says.

For each file: hash it in a thread while DuckDB reads it (same content loaded before: skipped, its read stopped
the moment the hash is known, nothing of it written), open it (sources),
judge every row (validate: first its distinct rows, then row by row with line numbers when any row is bad),
then in one transaction put the bad rows into the quarantine and merge the good ones into raw_<kind> by key (replace
semantics), and record the file in the load log. A file-level problem refuses the whole file; nothing of
it is written but its line in the load log.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from etl import diagnose, sources, swap, warehouse
from etl.schema import KIND_RANK, KINDS, Kind, kind_from_filename
from etl.sources import FileRefused, Source
from etl.validate import checked_sql, duplicate_keys_sql, q, unique_key_sql, valid_rows_sql
from etl.warehouse import scalar


@dataclass
class FileReport:
    file: str
    kind: str | None
    status: str  # loaded, refused, skipped
    rows_read: int = 0
    rows_loaded: int = 0
    rows_replaced: int = 0
    rows_unchanged: int = 0
    rows_quarantined: int = 0
    message: str = ""
    path: str = ""
    examples: list[str] = field(default_factory=list)  # the first quarantine reasons, for the human report

    def as_json(self) -> dict:
        data = asdict(self)
        for internal in ("path", "examples"):
            data.pop(internal)
        return data


class UsageError(Exception):
    """A path that does not exist, or a kind that does not exist: exit status 2."""


def collect(paths: list[str], kind_name: str | None) -> tuple[list[tuple[Path, Kind | None]], list[FileReport]]:
    """The files to load, in load order (districts, then stops, then the rest in the order given), and a report
    for every file of a folder that is passed over, with the reason.

    A folder contributes its data files (CSV, TSV, TXT, xlsx, Parquet) whose name matches a kind, in name order.
    """
    if kind_name is not None and kind_name not in KINDS:
        raise UsageError(f"unknown kind {kind_name!r}; choose one of {', '.join(KINDS)}")
    forced = KINDS[kind_name] if kind_name else None
    files: list[tuple[Path, Kind | None]] = []
    passed_over: list[FileReport] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.iterdir(), key=lambda p: p.name):
                kind = forced or kind_from_filename(child.name)
                reason = _passed_over(child, kind)
                if reason is None:
                    files.append((child, kind))
                else:
                    message = f"{child.name}: not loaded, {reason}"
                    passed_over.append(FileReport(child.name, None, "skipped", message=message, path=str(child)))
        elif path.is_file():
            files.append((path, forced or kind_from_filename(path.name)))
        else:
            raise UsageError(f"{given}: no such file or folder")
    return sorted(files, key=lambda f: KIND_RANK.get(f[1].name if f[1] else "", 2)), passed_over


def _passed_over(child: Path, kind: Kind | None) -> str | None:
    """Why a folder's entry is not loaded, or None when it is."""
    if child.is_dir():
        return "a folder (folders inside a folder are not read)"
    if child.name.startswith((".", "~$")):
        return "a hidden file or an office lock file"
    if not child.name.lower().endswith(DATA_SUFFIXES):
        return f"not a data file (the loader reads {', '.join(DATA_SUFFIXES)})"
    if kind is None:
        prefixes = ", ".join(p for k in KINDS.values() for p in k.prefixes)
        return f"the name matches no kind (it should start with one of {prefixes}; or give --kind)"
    return None


DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet")


def load_files(
    db_path: Path, paths: list[str], kind_name: str | None = None, strict: bool = False, force: bool = False
) -> list[FileReport]:
    """Load the files into a new version of the warehouse, swapped in when all of them are through (etl.swap)."""
    files, passed_over = collect(paths, kind_name)
    with swap.new_version(db_path) as con:
        return load_into(con, files, strict=strict, force=force) + passed_over


def load_into(con: duckdb.DuckDBPyConnection, files, *, strict: bool, force: bool) -> list[FileReport]:
    """Load the collected files over a connection open for writing, then rebuild reference data and models."""
    warehouse.initialise(con)
    con.sql(warehouse.sql_file("parsers"))
    reports = [load_file(con, path, kind, strict=strict, force=force) for path, kind in files]
    new_reference = warehouse.refresh_reference(con)
    # the models that read what the load wrote are built again: none if it wrote no row (every file a repeat, refused
    # or of rows all unchanged), all if the reference data are new (warehouse.build_models)
    written = frozenset(KINDS[r.kind].table for r in reports if r.kind and (r.rows_loaded or r.rows_replaced))
    changed = None if new_reference else written
    if changed is None or changed or not warehouse.models_are_current(con):
        warehouse.build_models(con, changed)
    return reports


def load_file(
    con: duckdb.DuckDBPyConnection, path: Path, kind: Kind | None, *, strict: bool, force: bool
) -> FileReport:
    report = FileReport(file=path.name, kind=kind.name if kind else None, status="refused", path=str(path))
    if kind is None:
        report.message = (
            f"{path.name}: refused, the name does not tell its kind (it should start with one of "
            f"{', '.join(p for k in KINDS.values() for p in k.prefixes)}); or give --kind"
        )
        _log(con, report, None, None)
        return report
    try:
        size = path.stat().st_size
    except OSError as exc:
        return _unreadable(con, report, path, exc)
    known = set() if force else _loaded_hashes(con)
    stop = _StopWhenSeen(con, known)
    hashing = sources.BackgroundHash(path, stop)  # while DuckDB reads the file
    if size < HASH_FIRST_BELOW:  # a small file is hashed in no time: a repeat is not even opened
        try:
            if hashing.result() in known:
                return _skipped(con, report, path, hashing.result())
        except OSError as exc:
            return _unreadable(con, report, path, exc)
    ids = _LoadId(con)
    with tempfile.TemporaryDirectory(prefix="etl-") as workdir:
        try:
            opened = _open(con, path, kind, size, Path(workdir))
            if isinstance(opened, Source) and not kind.is_aggregate:
                at_once = _load_at_once(con, Incoming(path, kind, opened, 0, strict, ""), report, ids, hashing, known)
                if at_once is not None:
                    con.unregister("xlsx_body")
                    return at_once
            judged = opened if isinstance(opened, Exception) else _read(con, path, kind, opened, Path(workdir), strict)
        finally:
            stop.done()
        try:
            sha256 = hashing.result()
        except OSError as exc:
            con.unregister("xlsx_body")
            return _unreadable(con, report, path, exc)
        try:
            if sha256 in known:  # nothing of this read is written
                return _skipped(con, report, path, sha256, ids())
            if isinstance(judged, Exception):
                raise judged
            source, rejects = judged
            _write(con, Incoming(path, kind, source, rejects, strict, sha256), report, ids())
        except FileRefused as exc:
            report = FileReport(file=path.name, kind=kind.name, status="refused", message=str(exc), path=str(path))
            _log(con, report, sha256, None, load_id=ids())
        except duckdb.Error as exc:
            _rollback(con)
            if swap.is_write_failure(exc):  # the warehouse, not the file: stop the whole load
                raise
            report = FileReport(
                file=path.name,
                kind=kind.name,
                status="refused",
                path=str(path),
                message=f"{path.name}: refused, could not be read ({_first_line(exc)})",
            )
            _log(con, report, sha256, None, load_id=ids())
        finally:
            con.unregister("xlsx_body")
    return report


class _LoadId:
    """The file's number in the load history, drawn once when first asked for (a file that tries the one-pass
    load and then goes the long way keeps its number: the history has no gaps)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con
        self._id: int | None = None

    def __call__(self) -> int:
        if self._id is None:
            self._id = int(scalar(self._con, "select nextval('load_id_seq')"))
        return self._id


# Below this size the hash comes first (a few milliseconds); above, it runs beside DuckDB's read, which it stops
# when the file turns out to be a repeat.
HASH_FIRST_BELOW = 64 * 2**20


def _skipped(con, report: FileReport, path: Path, sha256: str, load_id: int | None = None) -> FileReport:
    report.status = "skipped"
    report.message = f"{path.name}: the same content was loaded before; nothing changed"
    _log(con, report, sha256, None, load_id=load_id)
    return report


def _unreadable(con, report: FileReport, path: Path, exc: OSError) -> FileReport:
    report.message = f"{path.name}: refused, cannot read the file ({exc.strerror or exc})"
    _log(con, report, None, None)
    return report


def _open(con, path: Path, kind: Kind, size: int, workdir: Path):
    """The opened file (its header mapped), or the reason it cannot be (FileRefused, or DuckDB's error, an
    interruption included), which counts only if the file turns out not to be a repeat."""
    try:
        return sources.open_source(con, path, kind, size, workdir)
    except (FileRefused, duckdb.Error) as exc:
        return exc


def _read(con, path: Path, kind: Kind, source: Source, workdir: Path, strict: bool):
    """Judge the opened file: (the source, its malformed lines), or the reason it cannot be (as _open)."""
    try:
        return source, _judge(con, kind, source, path, workdir, strict)
    except (FileRefused, duckdb.Error) as exc:
        return exc


class _StopWhenSeen:
    """Called by the hashing thread with the file's digest: when the same content was loaded before, it stops
    DuckDB's read of the file at once (the file is skipped, so reading it further is wasted), but only while the
    file is being read (`done` is called before the next query of the load)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, known: set[str]) -> None:
        self._con, self._known = con, known
        self._lock = threading.Lock()
        self._reading = True

    def __call__(self, digest: str) -> None:
        with self._lock:
            if self._reading and digest in self._known:
                self._con.interrupt()

    def done(self) -> None:
        with self._lock:
            self._reading = False


def _judge(con, kind: Kind, source: Source, path: Path, workdir: Path, strict: bool) -> int:
    """Build temp table `checked`; the number of malformed CSV lines (in `src_rejects`).

    First over the file's distinct rows; again row by row with line numbers when a row is bad, a line is
    malformed, or a unique key comes twice. A CSV whose first 64 KB looked like UTF-8 but that holds other
    bytes further down is read again line by line (UTF-8 where valid, else Windows-1252).
    """
    rejects = _run_checked(con, kind, source, with_lines=False)
    if source.format == "csv" and rejects and source.encoding != "cp1252":
        encoding_errors = scalar(con, "select count(*) from src_rejects where error_type = 'INVALID ENCODING'")
        if encoding_errors:
            source = sources.open_csv(path, kind, path.name, workdir, encoding="cp1252")
            rejects = _run_checked(con, kind, source, with_lines=False)
    bad = scalar(con, "select count(*) from checked where reasons is not null")
    duplicates = 0 if kind.is_aggregate else scalar(con, duplicate_keys_sql(kind))
    if bad or rejects or duplicates:
        rejects = _run_checked(con, kind, source, with_lines=True, keep_raw=strict)
        if not kind.is_aggregate:
            con.sql(unique_key_sql(kind))
    return rejects


def _run_checked(con, kind: Kind, source: Source, with_lines: bool, keep_raw: bool = False) -> int:
    """Judge the source into temp table `checked`; with lines (the second pass, after a first one over the
    distinct rows found a bad row) every row carries its line and its raw values. The number of malformed lines."""
    con.sql("drop table if exists csv_reject_errors; drop table if exists csv_reject_scans")
    if with_lines and source.format != "csv":
        con.sql("create or replace temp table src_reject_offsets (good_before bigint, rejects_before bigint)")
    elif with_lines:  # the first pass left the malformed lines in src_rejects
        sources.line_offsets(con, sources.blank_lines(source.params["path"]))
    con.sql(checked_sql(kind, source, with_lines, keep_raw or with_lines), params=source.params)
    return sources.read_rejects(con) if source.format == "csv" else 0


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _rollback(con) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction was open
        con.sql("rollback")


def _loaded_hashes(con) -> set[str]:
    """The content hashes of the files loaded so far (one short text per file ever loaded)."""
    return {h for (h,) in con.sql("select distinct sha256 from load_log where status = 'loaded'").fetchall()}


def _incoming_sql(kind: Kind) -> str:
    """The valid rows of the file as they would stand in raw_<kind>, with how many file rows each one holds."""
    key = ", ".join(q(k) for k in kind.key)
    values = [c.name for c in kind.columns if c.name not in kind.key]
    if kind.is_aggregate:
        sums = ", ".join(f"sum({q(m)} * _n) as {q(m)}" for m in kind.measures)
        return f"select {key}, {sums}, sum(_n) as _rows from checked where reasons is null group by {key}"
    return f"select {key}, {', '.join(q(v) for v in values)}, _n as _rows from checked where reasons is null"


@dataclass(frozen=True)
class Incoming:
    """A judged file (temp table `checked`) on its way into the warehouse."""

    path: Path
    kind: Kind
    source: Source
    rejects: int  # malformed CSV lines (temp table src_rejects)
    strict: bool
    sha256: str


def _write(con, incoming: Incoming, report: FileReport, load_id: int) -> None:
    """One transaction: the quarantine, then (unless --strict refuses the file) the merge by key, the load log.
    Fills in the report's counts, status and message."""
    report.rows_read = scalar(con, "select coalesce(sum(_n), 0) from checked") + incoming.rejects
    bad = scalar(con, "select count(*) from checked where reasons is not null") + incoming.rejects
    refused = incoming.strict and bad > 0
    con.sql("begin transaction")
    try:
        report.rows_quarantined = _quarantine(con, incoming, load_id, refused)
        if refused:
            report.message = (
                f"{incoming.path.name}: refused under --strict, {bad} of {report.rows_read} rows break the "
                "contract; every row of the file is in the quarantine"
            )
        else:
            counts = _merge(con, incoming.kind, load_id)
            report.rows_loaded, report.rows_replaced, report.rows_unchanged = counts
            report.status = "loaded"
            summed = _summed(con) if incoming.kind.is_aggregate else (0, 0)
            report.message = _summary(report, incoming.source, incoming.kind, summed)
        report.examples = _examples(con, incoming.path.name, load_id)
        _log(con, report, incoming.sha256, incoming.source, load_id=load_id)
        con.sql("commit")
    except BaseException:
        _rollback(con)
        raise


def _load_at_once(con, incoming: Incoming, report: FileReport, ids: _LoadId, hashing, known: set[str]):
    """A kind with a unique key in one pass (issue 31): every row judged and inserted into raw_<kind> as it is
    read, in the file's transaction; then the keys the file holds twice and the keys already in the warehouse are
    found by key alone. The filled-in report (loaded, or skipped as a repeat), or None when the file has to be
    judged row by row (a row breaks the contract, a line is malformed, a key comes twice, the read failed): then
    nothing of this pass is written and the long way (_judge, _write) reports the file."""
    kind, source, load_id = incoming.kind, incoming.source, ids()
    con.sql("begin transaction")
    try:
        one_pass_settings(con, incoming.path.stat().st_size >= IN_ANY_ORDER_FROM)
        inserted = scalar(con, valid_rows_sql(kind, source), {**source.params, "load_id": load_id})
        reset_one_pass_settings(con)
        faults = sources.read_rejects(con) if source.format == "csv" else 0
        maybe_held = False
        if not faults:
            keys = _KeyHashes(con, kind, load_id) if inserted >= SORTED_HASHES_FROM else None
            faults = keys.twice() if keys else _twice(con, kind, load_id)
            maybe_held = not faults and (keys.maybe_held() if keys else True)
        if maybe_held:
            con.sql(_held_before_sql(kind), params={"load_id": load_id})
        sha256 = hashing.result()
        if faults or sha256 in known:
            _rollback(con)
            return _skipped(con, report, incoming.path, sha256, load_id) if sha256 in known else None
        replaced, unchanged = 0, 0
        if maybe_held:
            counted = con.sql("select count(*) filter (not same), count(*) filter (same) from held").fetchall()
            replaced, unchanged = counted[0]
        if replaced or unchanged:  # the older row of a replaced key goes, the newer of an unchanged one
            key_match = " and ".join(f"t.{q(k)} = h.{q(k)}" for k in kind.key)
            con.sql(
                f"delete from {q(kind.table)} t using held h "
                f"where {key_match} and t.load_id = case when h.same then $load_id else h.held_by end",
                params={"load_id": load_id},
            )
        report.rows_read, report.rows_replaced, report.rows_unchanged = inserted, replaced, unchanged
        report.rows_loaded, report.status = inserted - replaced - unchanged, "loaded"
        report.message = _summary(report, source, kind, (0, 0))
        _log(con, report, sha256, source, load_id=load_id)
        con.sql("commit")
        return report
    except (duckdb.Error, OSError) as exc:
        _rollback(con)
        reset_one_pass_settings(con)
        if isinstance(exc, duckdb.Error) and swap.is_write_failure(exc):
            raise
    with contextlib.suppress(OSError):  # stopped because the file is a repeat?
        if hashing.result() in known:
            return _skipped(con, report, incoming.path, hashing.result(), load_id)
    return None


IN_ANY_ORDER_FROM = 64 * 2**20


def one_pass_settings(con, large: bool) -> None:
    """The settings of the one-pass insert (bench/load_profile.py times the judging alone with them too).

    The rows of a raw table are a set (one per key): a large file is inserted by all threads without keeping the
    file's order, which saves DuckDB putting the threads' batches back in order. And DuckDB's common-subexpression
    optimizer is off: it would work out every cell's trimmed text (which the judging asks for only where a cell is
    not in the contract's first form or a row breaks a rule) for every row, before the CASE that makes it lazy
    (EXPLAIN ANALYZE, issue 31: a third of the judging's CPU time beyond the read)."""
    if large:
        con.sql("set preserve_insertion_order = false")
    con.sql("set disabled_optimizers = 'common_subexpressions'")


def reset_one_pass_settings(con) -> None:
    con.sql("reset preserve_insertion_order")
    con.sql("reset disabled_optimizers")


# From this many rows on, the keys' hashes are sorted in numpy (below, importing numpy takes longer than it saves).
SORTED_HASHES_FROM = 1_000_000


def _twice(con, kind: Kind, load_id: int) -> int:
    """How many keys the rows just inserted (load `load_id`) hold more than once. First by the keys' 64-bit hashes
    (a hash table of 8-byte numbers, not of the key texts: less memory and time for 10 million keys); only when two
    rows share a hash are the keys themselves compared (the same key always has the same hash)."""
    key = ", ".join(q(k) for k in kind.key)
    shared = scalar(
        con,
        f"select count(*) - count(distinct hash({key})) from {q(kind.table)} where load_id = $load_id",
        {"load_id": load_id},
    )
    return scalar(con, _twice_sql(kind), {"load_id": load_id}) if shared else 0


class _KeyHashes:
    """The 64-bit hashes of the keys just inserted (load `load_id`), sorted: a first look for a key that comes twice
    and for keys the warehouse held before. Two rows with the same key have the same hash, so where no two hashes
    are equal no key comes twice, and where no older row's hash is among them no key was held before; only when
    hashes meet are the keys themselves compared (issue 31: sorting 10 million hashes in numpy takes a third of the
    CPU time of DuckDB's distinct count of them)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, kind: Kind, load_id: int) -> None:
        import numpy as np  # here: a load of a few rows does without it

        self._np = np
        self._con, self._kind, self._load_id = con, kind, load_id
        self._new = np.sort(self._hashes("load_id = $load_id"))

    def _hashes(self, where: str):
        key = ", ".join(q(k) for k in self._kind.key)
        query = f"select hash({key}) as h from {q(self._kind.table)} where {where}"
        return self._con.sql(query, params={"load_id": self._load_id}).fetchnumpy()["h"]

    def twice(self) -> int:
        """How many keys the new rows hold more than once."""
        if not (self._new[1:] == self._new[:-1]).any():
            return 0
        return scalar(self._con, _twice_sql(self._kind), {"load_id": self._load_id})

    def maybe_held(self) -> bool:
        """Whether an older row's key hash is among the new rows' (its key may then be held before)."""
        older = self._hashes("load_id <> $load_id")
        if not len(older) or not len(self._new):
            return False
        at = self._np.minimum(self._np.searchsorted(self._new, older), len(self._new) - 1)
        return bool((self._new[at] == older).any())


def _twice_sql(kind: Kind) -> str:
    """How many keys the rows just inserted (load $load_id) hold more than once."""
    key = ", ".join(q(k) for k in kind.key)
    return (
        f"select count(*) from (select 1 from {q(kind.table)} where load_id = $load_id "
        f"group by {key} having count(*) > 1)"
    )


def _held_before_sql(kind: Kind) -> str:
    """Temp table `held`: the keys of the rows just inserted (load $load_id) that the warehouse held before, the
    load that brought the older row, and whether the two rows are the same. The older rows are the side the
    semi-join hashes (a large file's rows are only looked up), so a file of new keys costs one probe per row."""
    table = q(kind.table)
    key_match = " and ".join(f"t.{q(k)} = i.{q(k)}" for k in kind.key)
    values = [c.name for c in kind.columns if c.name not in kind.key]
    same = " and ".join(f"t.{q(v)} is not distinct from i.{q(v)}" for v in values) or "true"
    keys = ", ".join(f"i.{q(k)}" for k in kind.key)
    return f"""
        create or replace temp table held as
        with older as (select * from {table} where load_id <> $load_id)
        select {keys}, t.load_id as held_by, {same} as same
        from (select * from {table} i where load_id = $load_id
              and exists (select 1 from older t where {key_match})) i
        join older t on {key_match}
    """


def _quarantine(con, incoming: Incoming, load_id: int, refused: bool) -> int:
    """Put the file's bad rows (every row, when --strict refuses it) and malformed lines into the quarantine."""
    params = {"load_id": load_id, "file": incoming.path.name, "kind": incoming.kind.name}
    if refused:
        not_loaded = "['not loaded: --strict refused the file because other rows break the contract']"
        reasons, rows = f"coalesce(reasons, {not_loaded})", "true"
    else:
        reasons, rows = "reasons", "reasons is not null"
    con.sql(
        f"insert into quarantine select $load_id, $file, $kind, _line, raw, {reasons} from checked where {rows}",
        params=params,
    )
    if incoming.rejects:
        diagnose.line_delimiters(con, incoming.source.params["delim"], incoming.source.n_cells)
        con.sql(
            """insert into quarantine
               select $load_id, $file, $kind, _line, to_json({'line': line_text}),
                      list_filter(['line: not a well-formed CSV line (' || error_message || ')', hint],
                                  lambda x: x is not null)
               from src_rejects""",
            params=params,
        )
    return scalar(con, "select count(*) from quarantine where load_id = $id", {"id": load_id})


def _summed(con) -> tuple[int, int]:
    """Rows of the file that shared a key with another and were summed: (rows, the keys they were summed into)."""
    rows, keys = con.sql("select coalesce(sum(_rows), 0), count(*) from incoming where _rows > 1").fetchall()[0]
    return int(rows), int(keys)


def _merge(con, kind: Kind, load_id: int) -> tuple[int, int, int]:
    """Merge the file's valid rows into raw_<kind> by key (replace semantics); rows loaded, replaced, unchanged."""
    table = q(kind.table)
    key_match = " and ".join(f"t.{q(k)} = i.{q(k)}" for k in kind.key)
    values = [c.name for c in kind.columns if c.name not in kind.key]
    same = " and ".join(f"t.{q(v)} is not distinct from i.{q(v)}" for v in values) or "true"
    # A kind summed per key has few incoming rows (a table of them is cheap and read four times); a kind with a
    # unique key may bring 10 million, which a view joins as they are read. After the delete below the view
    # calls the replaced rows "loaded" (their key is gone): the insert takes both, as it should.
    materialised, incoming = ("table", "incoming") if kind.is_aggregate else ("view", "incoming_unique")
    con.sql(
        f"""create or replace temp {materialised} {incoming} as
            select i.*, case when t.{q(kind.key[0])} is null then 'loaded'
                             when {same} then 'unchanged' else 'replaced' end as _action
            from ({_incoming_sql(kind)}) i
            left join {table} t on {key_match}"""
    )
    counts = dict(con.sql(f"select _action, sum(_rows) from {incoming} group by _action").fetchall())
    con.sql(f"delete from {table} t using {incoming} i where {key_match} and i._action = 'replaced'")
    columns = ", ".join(q(c.name) for c in kind.columns)
    con.sql(
        f"insert into {table} ({columns}, load_id) "
        f"select {columns}, $load_id from {incoming} where _action <> 'unchanged'",
        params={"load_id": load_id},
    )
    return int(counts.get("loaded", 0)), int(counts.get("replaced", 0)), int(counts.get("unchanged", 0))


def _examples(con, filename: str, load_id: int) -> list[str]:
    """The first five quarantined rows of the file with their reasons, for the human report."""
    rows = con.sql(
        "select line, reasons from quarantine where load_id = $id order by line nulls last limit 5",
        params={"id": load_id},
    ).fetchall()
    return [f"{filename} line {line}, {'; '.join(reasons)}" for line, reasons in rows]


def _summary(report: FileReport, source: Source, kind: Kind, summed: tuple[int, int]) -> str:
    parts = [f"{report.rows_loaded} new, {report.rows_replaced} replaced, {report.rows_unchanged} unchanged"]
    if report.rows_quarantined:
        parts.append(f"{report.rows_quarantined} quarantined")
    if summed[0]:
        parts.append(f"{summed[0]} rows with the same {', '.join(kind.key)} summed into {summed[1]}")
    if source.extra_columns:
        parts.append("ignored columns: " + ", ".join(source.extra_columns))
    return "; ".join(parts)


def _log(con, report: FileReport, sha256: str | None, source: Source | None, load_id: int | None = None) -> None:
    """Record the file in the load history (inside the file's transaction when it loads)."""
    if load_id is None:
        load_id = scalar(con, "select nextval('load_id_seq')")
    con.sql(
        """insert into load_log (load_id, file, path, sha256, kind, status, rows_read, rows_loaded, rows_replaced,
                                 rows_unchanged, rows_quarantined, message, extra_columns, format, encoding,
                                 delimiter)
           values ($load_id, $file, $path, $sha256, $kind, $status, $read, $loaded, $replaced, $unchanged,
                   $quarantined, $message, $extra, $format, $encoding, $delimiter)""",
        params={
            "load_id": load_id,
            "file": report.file,
            "path": os.path.abspath(report.path),
            "sha256": sha256,
            "kind": report.kind,
            "status": report.status,
            "read": report.rows_read,
            "loaded": report.rows_loaded,
            "replaced": report.rows_replaced,
            "unchanged": report.rows_unchanged,
            "quarantined": report.rows_quarantined,
            "message": report.message,
            "extra": source.extra_columns if source else [],
            "format": source.format if source else None,
            "encoding": source.encoding if source else None,
            "delimiter": source.delimiter if source else None,
        },
    )
