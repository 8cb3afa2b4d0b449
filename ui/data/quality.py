"""The data-quality page's tables: the load history and the quarantine, with the loader's messages and reasons in
the interface's language (ui.loader_words)."""

from __future__ import annotations

import polars as pl

from ui import loader_words
from ui.data.store import query


def load_history(lang: str) -> pl.DataFrame:
    history = query("load_history")
    return history.with_columns(loader_words.translated(history, "message", lang))


def quarantine(lang: str, file: str = "", search: str = "") -> pl.DataFrame:
    """Quarantined rows (of one file, with a reason that contains `search`; "" for all)."""
    rows = query("quarantine", file=file, search=search)
    return rows.with_columns(loader_words.translated(rows, "reasons", lang))
