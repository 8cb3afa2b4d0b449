"""The briefing: a tagged, accessible PDF (PDF/UA-1) of the campaign or of one stop, for the Senatskanzlei to hand
on. `python -m cli briefing` and the pages' "Briefing (PDF)" downloads call `pdf` with the same view and get the
same bytes (the document's date is the warehouse's last load, not the clock).

content.py decides what it says (from ui.data, the registry and ui.sentences), chart.py draws the uptake chart
as SVG, briefing.typ lays it out; Typst (the `typst` package, fonts built in, no network) typesets it."""

from __future__ import annotations

import datetime as dt
import json
import shlex
import tempfile
from pathlib import Path

import typst

from ui.briefing import content
from ui.state import View

TEMPLATE = Path(__file__).resolve().parent / "briefing.typ"


def document(view: View, stop_id: str | None = None) -> dict:
    """The briefing's content: the campaign in the view's selection, or one stop."""
    return content.campaign(view) if stop_id is None else content.one_stop(view, stop_id)


def render(doc: dict) -> bytes:
    """The PDF of a document (content.campaign / content.one_stop): tagged, PDF/UA-1, fonts embedded."""
    with tempfile.TemporaryDirectory(prefix="briefing-") as folder:
        root = Path(folder)
        (root / "briefing.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        (root / "briefing.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        made = dt.datetime.fromisoformat(doc["made"])
        return typst.compile(
            str(root / "briefing.typ"),
            root=str(root),
            ignore_system_fonts=True,  # the same fonts, and so the same file, on every machine
            pdf_standards=["ua-1"],
            timestamp=int(made.timestamp()),
        )


def pdf(view: View, stop_id: str | None = None) -> bytes:
    return render(document(view, stop_id))


def file_name(view: View, stop_id: str | None = None) -> str:
    what = f"standort-{stop_id}" if stop_id else "kampagne"
    return f"briefing-{what}-{view.date_from:%Y%m%d}-{view.date_to:%Y%m%d}-{view.lang}.pdf"


def command_line(view: View, stop_id: str | None = None) -> str:
    """The command that writes the same file as the page's download."""
    args = ["python", "-m", "cli", "briefing", "--out", file_name(view, stop_id), "--lang", view.lang]
    args += ["--from", view.date_from.isoformat(), "--to", view.date_to.isoformat()]
    for district in view.districts:
        args += ["--district", district]
    for stop in view.stops:
        args += ["--filter-stop", stop]
    if stop_id:
        args += ["--stop", stop_id]
    return shlex.join(args)
