"""The inbox: data files that arrive in a folder are loaded by themselves (`python -m etl watch INBOX`).

Each round loads every file of the inbox that has stopped changing (not modified for `settle` seconds; a file
still being written is left for the next round), all in one load, and then moves each to `processed/` (loaded,
or known already) or `refused/` with its load report beside it (`<name>.report.json`). Nothing is ever deleted;
a name that is taken gets the time appended. Restart-safe: a load is swapped in whole or not at all (etl.swap)
and the file is moved only after its load, so a crash leaves the file in the inbox and the warehouse as it
was; a file loaded just before a crash is recognised by its hash next time and moved on as "skipped".

Whoever may write the inbox may not steer the loader (issue 30): the inbox never follows a link. Only regular
files are read, each opened without following a link (O_NOFOLLOW) and checked to be a regular file on the open
descriptor, and copied from that descriptor into a private folder beside the warehouse; the loader reads the
copies only. A link, a folder, a pipe or a device in the inbox is passed over, left where it is and named in the
round's status. `processed/` and `refused/` must be folders of the inbox's own (never a link; a round stops
with an error otherwise), and every move and report is written relative to their open descriptors, never
through a link planted in them.

The last round is written beside the warehouse (`<warehouse>.inbox.json`) for the data-quality page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import shutil
import signal
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from etl import load, swap, warehouse
from etl.load import UsageError
from etl.swap import WarehouseNotWritten

PROCESSED, REFUSED = "processed", "refused"
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".filepart")
PRIVATE_PREFIX = ".inbox-round-"
STALE_PRIVATE = 24 * 3600  # a private folder older than a day is a killed round's
BLOCK = 1 << 20


class InboxRefused(Exception):
    """The inbox cannot be worked safely (a link where its own folder should be); nothing is loaded or moved."""


def status_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".inbox.json")


@contextlib.contextmanager
def _opened_folder(name: str | Path, dir_fd: int | None = None) -> Iterator[int]:
    fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | (os.O_NOFOLLOW if dir_fd is not None else 0), dir_fd=dir_fd)
    try:
        yield fd
    finally:
        os.close(fd)


def waiting(
    inbox_fd: int, settle: float, now: float | None = None
) -> tuple[list[str], dict[str, float], list[dict[str, str]]]:
    """The inbox's entries by name: (ready, still being written with the seconds until it counts as complete,
    passed over with the reason). Hidden files and partial downloads are none of these; a link or anything else
    that is not a regular file is passed over."""
    now = time.time() if now is None else now
    ready: list[str] = []
    busy: dict[str, float] = {}
    passed_over: list[dict[str, str]] = []
    with os.scandir(inbox_fd) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if name.startswith(".") or name.endswith(PARTIAL_SUFFIXES) or name in (PROCESSED, REFUSED):
                continue
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(status.st_mode):
                continue
            if not stat.S_ISREG(status.st_mode):
                reason = "a link" if stat.S_ISLNK(status.st_mode) else "not a regular file"
                passed_over.append({"file": name, "reason": f"{reason}: the inbox reads regular files only"})
                continue
            if now - status.st_mtime >= settle:
                ready.append(name)
            else:
                busy[name] = settle - max(0.0, now - status.st_mtime)
    return ready, busy, passed_over


def _own_folder(inbox_fd: int, inbox: Path, name: str, make: bool) -> int | None:
    """The open descriptor of the inbox's folder `name` (made first if `make`; None when missing and not made);
    refused when it is a link or a file."""
    if make:
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, dir_fd=inbox_fd)
    try:
        return os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=inbox_fd)
    except FileNotFoundError:
        return None
    except OSError as exc:  # ELOOP: a link; ENOTDIR: a file
        raise InboxRefused(
            f"{inbox / name}: not a folder of the inbox's own (a link or a file); nothing is loaded or moved "
            "until it is replaced by a folder"
        ) from exc


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def _copy_regular(inbox_fd: int, name: str, target: Path) -> tuple[int, int]:
    """Copy the inbox's regular file `name`, opened without following a link, to `target`; which file it was."""
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=inbox_fd)
    with os.fdopen(fd, "rb") as source:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(f"{name} is not a regular file")
        with open(target, "wb") as out:
            shutil.copyfileobj(source, out, BLOCK)
    return _identity(status)


def _still(inbox_fd: int, name: str, identity: tuple[int, int]) -> bool:
    """Whether the inbox's entry `name` is still the file that was read (not replaced since)."""
    try:
        return _identity(os.stat(name, dir_fd=inbox_fd, follow_symlinks=False)) == identity
    except FileNotFoundError:
        return False


def _move(inbox_fd: int, name: str, folder_fd: int) -> str:
    """Move the inbox's entry `name` into the folder (never following a link); its new name there."""
    target = name
    with contextlib.suppress(FileNotFoundError):
        os.stat(target, dir_fd=folder_fd, follow_symlinks=False)
        stem, dot, suffix = name.rpartition(".")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = f"{stem}.{stamp}.{suffix}" if dot and stem else f"{name}.{stamp}"
    os.replace(name, target, src_dir_fd=inbox_fd, dst_dir_fd=folder_fd)
    return target


def _write_json_at(folder_fd: int, name: str, data: dict) -> None:
    """Write `name` in the folder through a new file of the writer's own: an entry planted under the partial
    name (a link into versions/, say) is removed, never written through; the rename replaces the entry itself."""
    partial = f"{name}.part"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(partial, dir_fd=folder_fd)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=folder_fd)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    os.replace(partial, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)


def _write_json(path: Path, data: dict) -> None:
    with _opened_folder(path.parent) as folder_fd:
        _write_json_at(folder_fd, path.name, data)


def _private_folder(db_path: Path) -> tempfile.TemporaryDirectory:
    """A private folder beside the warehouse for the round's copies (the loader's, like the warehouse); a killed
    round's folder is removed by a later round."""
    folder = Path(os.path.abspath(db_path)).parent
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(f"{PRIVATE_PREFIX}*"):
        with contextlib.suppress(OSError):
            if time.time() - leftover.lstat().st_mtime > STALE_PRIVATE and not leftover.is_symlink():
                shutil.rmtree(leftover)
    return tempfile.TemporaryDirectory(prefix=PRIVATE_PREFIX, dir=folder)


def _load(db_path: Path, copies: dict[str, str], inbox: Path) -> list[load.FileReport]:
    """Load the copies in one new version; the load history names each file by its place in the inbox."""
    files, passed_over = load.collect(list(copies), None)
    with swap.new_version(db_path) as con:
        reports = load.load_into(con, files, strict=False, force=False) + passed_over
        for copy, name in copies.items():
            con.sql(warehouse.sql_file("inbox_origin"), params={"copy": copy, "origin": str(inbox / name)})
    return reports


def run_once(inbox: Path, db_path: Path, settle: float = 10.0) -> dict:
    """One round over the inbox; what happened (also written to status_path(db_path)).

    The round's files are loaded in one call, so the loader orders their kinds (stops before the visits that
    name them) and the round is swapped in as one new version."""
    done: list[dict] = []
    error = None
    with contextlib.ExitStack() as stack:
        inbox_fd = stack.enter_context(_opened_folder(inbox))
        ready, busy, passed_over = waiting(inbox_fd, settle)
        folders: dict[str, int] = {}  # checked before the load, made when a file is moved there first

        def folder_of(name: str, make: bool) -> int | None:
            if name not in folders:
                opened = _own_folder(inbox_fd, inbox, name, make)
                if opened is None and make:  # removed again as soon as it was made
                    raise InboxRefused(f"{inbox / name}: could not be made; the file stays in the inbox")
                if opened is None:
                    return None
                folders[name] = opened
                stack.callback(os.close, opened)
            return folders[name]

        try:
            for name in (PROCESSED, REFUSED):
                folder_of(name, make=False)
        except InboxRefused as exc:
            error, ready = str(exc), []
        copies: dict[str, str] = {}  # the private copy -> the inbox's name
        identities: dict[str, tuple[int, int]] = {}
        if ready:
            private = Path(stack.enter_context(_private_folder(db_path)))
            for name in ready:
                try:
                    identities[name] = _copy_regular(inbox_fd, name, private / name)
                except OSError as exc:  # replaced by a link or something else since it was listed, or gone
                    passed_over.append({"file": name, "reason": f"not read: {exc.strerror or exc}"})
                    continue
                copies[str(private / name)] = name
        try:
            reports = _load(db_path, copies, inbox) if copies else []
        except (UsageError, WarehouseNotWritten) as exc:  # the warehouse, not a file: the files stay for next round
            error, reports = str(exc), []
        for report in reports:
            name = copies[report.path]
            if not _still(inbox_fd, name, identities[name]):  # replaced while it was loaded: the next round's
                passed_over.append({"file": name, "reason": "replaced while it was loaded; left for the next round"})
                continue
            folder = REFUSED if report.status == "refused" else PROCESSED
            try:
                folder_fd = folder_of(folder, make=True)
            except InboxRefused as exc:  # a link made there during the load: the file stays, nothing is followed
                error = str(exc)
                continue
            if folder_fd is None:  # cannot happen: made above
                continue
            moved = _move(inbox_fd, name, folder_fd)
            _write_json_at(folder_fd, f"{moved}.report.json", report.as_json())
            done.append(
                {
                    "file": name,
                    "status": report.status,
                    "moved_to": str(inbox / folder / moved),
                    "message": report.message,
                }
            )
        refused_fd = folders.get(REFUSED)
        listed = os.listdir(refused_fd) if refused_fd is not None else []
        refused_waiting = sorted(n for n in listed if not n.endswith(".json"))
    status = {
        "inbox": str(inbox.resolve()),
        "last_run": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files": done,
        "still_being_written": sorted(busy),
        "settles_in_s": {name: round(left, 1) for name, left in sorted(busy.items())},
        "settle_s": settle,
        "refused_waiting": refused_waiting,
        "passed_over": passed_over,
        "error": error,
    }
    _write_json(status_path(db_path), status)
    return status


# `watch --once` tells a cron job or systemd timer what happened by its exit status (README, docs/OPERATIONS.md)
DONE, ERROR, WAITS = 0, 1, 3  # 2: the inbox is not a folder (a usage error, as for every command)


def exit_status(status: dict) -> int:
    """ERROR when the round could not work the inbox or the warehouse, else WAITS when a file is still being
    written (the next round takes it), else DONE (refused files are reported and moved, not an error)."""
    if status["error"]:
        return ERROR
    return WAITS if status["still_being_written"] else DONE


def watch(inbox: Path, db_path: Path, interval: float, settle: float, once: bool) -> int:
    """Rounds every `interval` seconds until SIGTERM / Ctrl+C (a round in progress finishes its file)."""
    if not inbox.is_dir():
        print(f"error: the inbox {inbox} is not a folder", file=sys.stderr)
        return 2
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    while True:
        status = run_once(inbox, db_path, settle)
        for entry in status["files"]:
            print(f"{entry['status'].upper():8} {entry['file']} -> {entry['moved_to']}", flush=True)
        for entry in status["passed_over"]:
            print(f"{'PASSED':8} {entry['file']}: {entry['reason']}", flush=True)
        for name, left in status["settles_in_s"].items():
            print(
                f"{'WAITING':8} {name}: still being written; it is taken once unchanged for {settle:g} s, "
                f"in {math.ceil(left)} s at the earliest",
                flush=True,
            )
        if status["error"]:
            print(f"error: {status['error']}", file=sys.stderr, flush=True)
        if once or stopping:
            return exit_status(status)
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not stopping:
            time.sleep(min(1.0, interval))
        if stopping:
            return 0
