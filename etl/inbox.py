"""The inbox: data files that arrive in a folder are loaded by themselves (`python -m etl watch INBOX`).

Each round loads every file of the inbox that has stopped changing (not modified for `settle` seconds; a file
still being written is left for the next round), all in one load, and then moves each to `processed/` (loaded,
or known already) or `refused/` with its load report beside it (`<name>.report.json`). Nothing is ever deleted;
a name that is taken gets the time appended. Restart-safe: a load is swapped in whole or not at all (etl.swap)
and the file is moved only after its load, so a crash leaves the file in the inbox and the warehouse as it
was; a file loaded just before a crash is recognised by its hash next time and moved on as "skipped".

The last round is written beside the warehouse (`<warehouse>.inbox.json`) for the data-quality page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import time
from pathlib import Path

from etl.load import UsageError, load_files
from etl.swap import WarehouseNotWritten

PROCESSED, REFUSED = "processed", "refused"
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", ".filepart")


def status_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".inbox.json")


def waiting(inbox: Path, settle: float, now: float | None = None) -> tuple[list[Path], list[Path]]:
    """The inbox's files: (ready, still being written). Hidden files and partial downloads are neither."""
    now = time.time() if now is None else now
    ready: list[Path] = []
    busy: list[Path] = []
    for path in sorted(inbox.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.name.endswith(PARTIAL_SUFFIXES):
            continue
        (ready if now - path.stat().st_mtime >= settle else busy).append(path)
    return ready, busy


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    if target.exists():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{path.stem}.{stamp}{path.suffix}"
    os.replace(path, target)
    return target


def _write_json(path: Path, data: dict) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    os.replace(partial, path)


def run_once(inbox: Path, db_path: Path, settle: float = 10.0) -> dict:
    """One round over the inbox; what happened (also written to status_path(db_path)).

    The round's files are loaded in one call, so the loader orders their kinds (stops before the visits that
    name them) and the round is swapped in as one new version."""
    ready, busy = waiting(inbox, settle)
    done: list[dict] = []
    error = None
    try:
        reports = load_files(db_path, [str(path) for path in ready]) if ready else []
    except (UsageError, WarehouseNotWritten) as exc:  # the warehouse, not a file: the files stay for next round
        error, reports = str(exc), []
    for report in reports:
        path = Path(report.path)
        moved = _move(path, inbox / (REFUSED if report.status == "refused" else PROCESSED))
        _write_json(moved.with_name(moved.name + ".report.json"), report.as_json())
        done.append({"file": path.name, "status": report.status, "moved_to": str(moved), "message": report.message})
    refused = inbox / REFUSED
    status = {
        "inbox": str(inbox.resolve()),
        "last_run": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "files": done,
        "still_being_written": [p.name for p in busy],
        "refused_waiting": sorted(p.name for p in refused.glob("*") if not p.name.endswith(".json")),
        "error": error,
    }
    _write_json(status_path(db_path), status)
    return status


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
        if status["error"]:
            print(f"error: {status['error']}", file=sys.stderr, flush=True)
        if once or stopping:
            return 1 if status["error"] else 0
        deadline = time.monotonic() + interval
        while time.monotonic() < deadline and not stopping:
            time.sleep(min(1.0, interval))
        if stopping:
            return 0
