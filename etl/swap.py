"""Write the warehouse without ever changing it in place: build the new state in a copy, swap it in atomically.

DuckDB lets one process write a database file or many read it, not both. So a load never opens the
warehouse for writing: it copies the file to a private file beside it, writes there, checkpoints, and renames
the copy over the warehouse (`os.replace`, atomic on POSIX). Readers that hold the old file keep reading it
(its data stay on disk while it is open); a reader that opens the path afterwards gets the new state. A load
that dies at any moment (even SIGKILL) leaves only its private copy, which the next load removes; a load that
cannot write (full disk, read-only folder) stops with a clear error and leaves the warehouse as it was.
Loads queue behind each other on a lock file.

The replaced file is kept as a version in `versions/` (keep; this module alone writes there) and its name and
SHA-256 are recorded in the new state (table kept_versions): etl.versions rolls back only to such a version,
hashed again while it is copied.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import hmac
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import duckdb

from etl import warehouse

BLOCK = 1 << 20


class WarehouseNotWritten(Exception):
    """The new state could not be written (no space, read-only, …); the warehouse is unchanged."""


class SourceNotAsRecorded(Exception):
    """The kept version to swap back in is not the file that was recorded when it was kept; nothing changed."""


@contextlib.contextmanager
def new_version(
    db_path: Path, fresh: bool = False, source: Path | None = None, source_sha256: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a private copy of the warehouse (an empty one if `fresh`, a copy of `source` if given: a
    kept version, copied only when its content has the SHA-256 `source_sha256`); swapped in on success, the
    replaced file kept as a version (keep) and recorded with its SHA-256 in the new state (kept_versions).

    On an exception nothing changes but the removal of the copy; the exception goes on (a write failure as
    WarehouseNotWritten, a source that is not as recorded as SourceNotAsRecorded).
    """
    db_path = Path(os.path.abspath(db_path))
    folder = db_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _not_written(db_path, exc) from exc
    if not os.access(folder, os.W_OK):
        raise _not_written(db_path, OSError(errno.EROFS, "the folder is not writable"))
    copy = folder / f".{db_path.name}.new"
    with _exclusive(db_path):
        _remove(copy)  # what a killed load left behind
        try:
            replaced: Hashed | None = None
            if source is not None:
                _copy_as_recorded(db_path, source, copy, source_sha256)
            with _written(db_path):
                if source is None and db_path.exists() and not fresh:
                    replaced = copy_hashed(db_path, copy, follow_links=True)
                    if Path(f"{db_path}.wal").exists():  # written in place by another tool: its log belongs to it
                        shutil.copyfile(f"{db_path}.wal", f"{copy}.wal")
                elif keep_count() and db_path.exists():
                    replaced = copy_hashed(db_path, None, follow_links=True)
                con = warehouse.connect(copy) if copy.exists() else warehouse.start_new(copy)
            name = version_name(db_path) if replaced is not None and keep_count() else None
            try:
                with _written(db_path, os_errors=False):  # an OSError of the caller's is the caller's
                    yield con
                    if name is not None and replaced is not None:
                        _record(con, db_path, name, replaced, carry_over=source is not None or fresh)
                    con.sql("checkpoint")
            finally:
                con.close()
            with _written(db_path):
                _fsync(copy)
                if name is not None and replaced is not None:
                    keep(db_path, name, replaced)
                os.replace(copy, db_path)
                with contextlib.suppress(FileNotFoundError):  # the old file's log (copied in above) is not the new's
                    os.remove(f"{db_path}.wal")
                _fsync(folder)
        except BaseException:
            _remove(copy)
            raise


@dataclass(frozen=True)
class Hashed:
    """A file's SHA-256 and which file it was (device, inode, size, modification time): what was hashed."""

    sha256: str
    identity: tuple[int, int, int, int]


def _identity(status: os.stat_result) -> tuple[int, int, int, int]:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def _open_regular(path: Path, follow_links: bool = False) -> tuple[BinaryIO, os.stat_result]:
    """The regular file `path` opened for reading (a link not followed unless `follow_links`), checked on the
    open descriptor, and its status."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW))
    handle = os.fdopen(fd, "rb")
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        handle.close()
        raise OSError(errno.EINVAL, "not a regular file")
    return handle, status


def _hash_copy(handle: BinaryIO, status: os.stat_result, target: Path | None) -> Hashed:
    digest = hashlib.sha256()
    with handle, open(target, "wb") if target is not None else contextlib.nullcontext() as out:
        for block in iter(lambda: handle.read(BLOCK), b""):
            digest.update(block)
            if out is not None:
                out.write(block)
    return Hashed(digest.hexdigest(), _identity(status))


def copy_hashed(path: Path, target: Path | None, follow_links: bool = False) -> Hashed:
    """The SHA-256 of the regular file `path` (a link not followed unless `follow_links`), copied to `target` in
    the same read when one is given: what is hashed is what is copied."""
    return _hash_copy(*_open_regular(path, follow_links), target)


def _copy_as_recorded(db_path: Path, source: Path, copy: Path, sha256: str | None) -> None:
    """Copy the kept version `source` to `copy` if it is a regular file whose content has the recorded SHA-256."""
    try:
        opened = _open_regular(source)
    except OSError as exc:  # ELOOP: a link; EINVAL: not a regular file; or gone
        raise SourceNotAsRecorded(f"{source}: not a regular file that can be read ({exc.strerror or exc})") from exc
    with _written(db_path):  # writing the copy: a full disk is the warehouse's problem, not the version's
        found = _hash_copy(*opened, copy)
    if sha256 is None or not hmac.compare_digest(found.sha256, sha256):
        raise SourceNotAsRecorded(
            f"{source}: its content is not the one recorded when it was kept (SHA-256 {found.sha256[:12]}…, "
            f"recorded {(sha256 or 'none')[:12]}…)"
        )


def _record(con: duckdb.DuckDBPyConnection, db_path: Path, name: str, replaced: Hashed, carry_over: bool) -> None:
    """Write the version about to be kept into the new state's history (kept_versions). A state that is not a
    copy of the replaced one (a rollback's, a fresh one) first takes over the versions the replaced one knew."""
    warehouse.initialise(con)
    if carry_over:
        con.sql("attach $path as replaced (read_only)", params={"path": str(db_path)})
        try:
            if warehouse.scalar(con, warehouse.sql_file("kept_versions_known"), {"database": "replaced"}):
                con.sql(warehouse.sql_file("kept_versions_carry_over"))
        finally:
            con.sql("detach replaced")
    con.sql(
        warehouse.sql_file("kept_versions_record"),
        params={"name": name, "sha256": replaced.sha256, "size": replaced.identity[2]},
    )


DEFAULT_KEEP = 10
STAMP = "%Y%m%dT%H%M%S%fZ"


def keep_count() -> int:
    value = os.environ.get("DASHBOARD_KEEP_VERSIONS", "").strip()
    return int(value) if value.isdigit() else DEFAULT_KEEP


def folder(db_path: Path) -> Path:
    return Path(os.path.abspath(db_path)).parent / "versions"


def version_name(db_path: Path) -> str:
    return f"{db_path.stem}-{dt.datetime.now(dt.UTC).strftime(STAMP)}.duckdb"


def keep(db_path: Path, name: str, hashed: Hashed) -> Path:
    """Keep the current warehouse file as the version `name` (under the load lock, before the swap); etl.versions
    lists the versions and rolls one back. A hard link (a copy on a file system without them) when the file is
    still the one hashed; nothing when it was changed in place since (the record would not describe it)."""
    target = folder(db_path)
    target.mkdir(exist_ok=True)
    version = target / name
    if _identity(os.stat(db_path)) == hashed.identity:
        try:
            os.link(db_path, version)
        except OSError:  # a file system without hard links
            shutil.copyfile(db_path, version)
    else:  # changed in place since it was hashed: keep nothing rather than a version that is not as recorded
        return version
    for old in sorted(target.glob(f"{db_path.stem}-*.duckdb"))[: -keep_count()]:
        old.unlink()
    return version


@contextlib.contextmanager
def _written(db_path: Path, os_errors: bool = True) -> Iterator[None]:
    """Turn a failure to write the copy (OSError, or DuckDB's own write errors) into WarehouseNotWritten."""
    try:
        yield
    except OSError as exc:
        if not os_errors:
            raise
        raise _not_written(db_path, exc) from exc
    except duckdb.Error as exc:
        if not is_write_failure(exc):
            raise
        raise WarehouseNotWritten(
            f"could not write the warehouse {db_path}: {_first_line(exc)}; the warehouse is unchanged"
        ) from exc


WRITE_FAILURES = ("no space left", "file too large", "read-only file system", "could not write", "disk quota")


def is_write_failure(exc: BaseException) -> bool:
    """True when DuckDB failed to write its own files (the copy, its log, its spill files)."""
    return any(text in str(exc).lower() for text in WRITE_FAILURES)


@contextlib.contextmanager
def _exclusive(db_path: Path) -> Iterator[None]:
    """Hold the warehouse's lock file: one load at a time, the next one waits."""
    lock = Path(f"{db_path}.lock")
    try:
        handle = open(lock, "a")  # noqa: SIM115 - held for the block
    except OSError as exc:
        raise _not_written(db_path, exc) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another load of {db_path} to finish …", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _not_written(db_path: Path, exc: OSError) -> WarehouseNotWritten:
    reason = exc.strerror or str(exc)
    return WarehouseNotWritten(f"could not write the warehouse {db_path}: {reason}; the warehouse is unchanged")


def _remove(copy: Path) -> None:
    for suffix in ("", ".wal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{copy}{suffix}")
    shutil.rmtree(f"{copy}.tmp", ignore_errors=True)  # DuckDB's spill folder


def _fsync(path: Path) -> None:
    """Make the file (or the folder's entry) durable before and after the rename."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
