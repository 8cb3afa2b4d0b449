"""The data-quality page's tables: the load history and the quarantine, with the loader's messages and reasons in
the interface's language (ui.loader_words)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import polars as pl

from etl import inbox as etl_inbox
from ui import loader_words
from ui.data.store import database_path, is_published, query


def load_history(lang: str) -> pl.DataFrame:
    history = query("load_history")
    return history.with_columns(loader_words.translated(history, "message", lang))


def quarantine(lang: str, file: str = "", search: str = "") -> pl.DataFrame:
    """Quarantined rows (of one file, with a reason that contains `search`; "" for all)."""
    rows = query("quarantine", file=file, search=search)
    return rows.with_columns(loader_words.translated(rows, "reasons", lang))


def reconciliation(districts: tuple[str, ...], stops: tuple[str, ...]) -> pl.DataFrame | None:
    """Per stop, the visit log's pop-up activations against the pop-up channel's counts — exact counts of every
    daily load, so for analysts only (None for a role below analyst: a stop's count from one load to the next is
    that day's activations at the stop; docs/DISCLOSURE.md)."""
    if is_published():
        return None
    return query("reconciliation", districts=districts, stops=stops)


@dataclass(frozen=True)
class Inbox:
    """The last round of the inbox (python -m etl watch), from the file it writes beside the warehouse."""

    folder: str
    last_run: dt.datetime  # Hamburg time
    files: pl.DataFrame  # file, status, message (in the interface's language) of the last round
    refused_waiting: list[str]  # files in refused/ that nobody has taken away yet
    still_being_written: list[str]
    error: str | None
    passed_over: list[str]  # entries of the inbox that are not regular files (links, …): not read, left in place


def inbox(lang: str) -> Inbox | None:
    """None when no inbox has ever run for this warehouse."""
    try:
        status = json.loads(etl_inbox.status_path(database_path()).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    files = pl.DataFrame(
        [{k: entry.get(k) for k in ("file", "status", "message")} for entry in status["files"]],
        schema={"file": pl.String, "status": pl.String, "message": pl.String},
    )
    return Inbox(
        status["inbox"],
        dt.datetime.fromisoformat(status["last_run"]).astimezone(ZoneInfo("Europe/Berlin")),
        files.with_columns(loader_words.translated(files, "message", lang)),
        status.get("refused_waiting", []),
        status.get("still_being_written", []),
        status.get("error"),
        [entry["file"] for entry in status.get("passed_over", [])],
    )
