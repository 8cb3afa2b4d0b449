"""Write the warehouse without ever changing it in place: build the new state in a copy, swap it in atomically.

DuckDB lets one process write a database file or many read it, not both. So a load never opens the
warehouse for writing: it copies the file to a private file beside it, writes there, checkpoints, and renames
the copy over the warehouse (`os.replace`, atomic on POSIX). Readers that hold the old file keep reading it
(its data stay on disk while it is open); a reader that opens the path afterwards gets the new state. A load
that dies at any moment (even SIGKILL) leaves only its private copy, which the next load removes; a load that
cannot write (full disk, read-only folder) stops with a clear error and leaves the warehouse as it was.
Loads queue behind each other on a lock file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import warehouse


class WarehouseNotWritten(Exception):
    """The new state could not be written (no space, read-only, …); the warehouse is unchanged."""


@contextlib.contextmanager
def new_version(db_path: Path, fresh: bool = False, source: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a private copy of the warehouse (an empty one if `fresh`, a copy of `source` if given: a
    kept version); swapped in on success, the replaced file kept as a version (keep).

    On an exception nothing changes but the removal of the copy; the exception goes on (a write failure as
    WarehouseNotWritten).
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
            with _written(db_path):
                if source is not None:
                    shutil.copyfile(source, copy)
                elif db_path.exists() and not fresh:
                    shutil.copyfile(db_path, copy)
                    if Path(f"{db_path}.wal").exists():  # written in place by another tool: its log belongs to it
                        shutil.copyfile(f"{db_path}.wal", f"{copy}.wal")
                con = warehouse.connect(copy)
            try:
                with _written(db_path, os_errors=False):  # an OSError of the caller's is the caller's
                    yield con
                    con.sql("checkpoint")
            finally:
                con.close()
            with _written(db_path):
                _fsync(copy)
                keep(db_path)
                os.replace(copy, db_path)
                with contextlib.suppress(FileNotFoundError):  # the old file's log (copied in above) is not the new's
                    os.remove(f"{db_path}.wal")
                _fsync(folder)
        except BaseException:
            _remove(copy)
            raise


DEFAULT_KEEP = 10
STAMP = "%Y%m%dT%H%M%S%fZ"


def keep_count() -> int:
    value = os.environ.get("DASHBOARD_KEEP_VERSIONS", "").strip()
    return int(value) if value.isdigit() else DEFAULT_KEEP


def folder(db_path: Path) -> Path:
    return Path(os.path.abspath(db_path)).parent / "versions"


def keep(db_path: Path) -> Path | None:
    """Keep the current warehouse file as a version (called under the load lock, before the swap); etl.versions
    lists the versions and rolls one back."""
    count = keep_count()
    if count == 0 or not db_path.exists():
        return None
    target = folder(db_path)
    target.mkdir(exist_ok=True)
    version = target / f"{db_path.stem}-{dt.datetime.now(dt.UTC).strftime(STAMP)}.duckdb"
    try:
        os.link(db_path, version)
    except OSError:  # a file system without hard links
        shutil.copyfile(db_path, version)
    for old in sorted(target.glob(f"{db_path.stem}-*.duckdb"))[:-count]:
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
