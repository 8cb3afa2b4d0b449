"""`python -m cli briefing`: the briefing of a selection written to a PDF, as the operator (every right; the
disclosure rules apply to what the briefing shows all the same). The data layer's Streamlit caches work without
a running server; cli.py silences their note that there is none before importing this."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2


def write(
    out: Path,
    db: Path,
    lang: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
    districts: list[str],
    filter_stops: list[str],
    stop_id: str | None,
) -> int:
    if not db.exists():
        print(f"error: no warehouse at {db} (make one: python -m etl demo, or python -m etl load)", file=sys.stderr)
        return EXIT_USAGE
    os.environ["DASHBOARD_DB"] = str(db.resolve())  # the data layer reads the warehouse the dashboard reads
    from ui import access, briefing
    from ui.data import store
    from ui.state import View

    context = store.context()
    if context is None:
        print(f"error: the warehouse {db} holds no data yet", file=sys.stderr)
        return EXIT_USAGE
    start = max(date_from or context.data_start, context.data_start)
    end = min(date_to or context.data_end, context.data_end)
    if start > end:
        print(
            f"error: the period {date_from} to {date_to} lies outside the data "
            f"({context.data_start} to {context.data_end})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with access.command_line():
        view = View(lang, start, end, tuple(districts), tuple(filter_stops), context, access.Access("analyst"))
        try:
            pdf = briefing.pdf(view, stop_id)
        except LookupError as error:
            if stop_id is None or type(error) is not LookupError:  # a KeyError (a missing word, a column) is a bug
                raise
            known = ", ".join(f"{s} ({venue})" for s, venue in store.query("stops").select("stop_id", "venue").rows())
            print(f"error: no stop {stop_id!r} in the period {start} to {end}; known stops: {known}", file=sys.stderr)
            return EXIT_USAGE
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".part")
    temporary.write_bytes(pdf)
    temporary.replace(out)
    print(f"briefing written to {out} ({len(pdf):,} bytes)", file=sys.stderr)
    return EXIT_OK
