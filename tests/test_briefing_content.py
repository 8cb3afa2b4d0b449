"""What the briefing will say, read from the document it renders (ui/briefing/content.py) without rendering the PDF
(issue 33): fast, so that `make test-fast` and the semantic mutants read it too; test_briefing.py reads the PDF
itself (pdftotext, slow). Figures worked out by hand on the hand-made campaign (tests/campaign.py)."""

from __future__ import annotations

import json

import pytest

from ui import access
from ui.briefing import content
from ui.data import store
from ui.state import View


@pytest.fixture
def document(campaign_warehouse, monkeypatch):
    """The briefing's document (the campaign's, or one stop's) for a selection, as `python -m cli briefing` makes
    it (the operator, every right)."""
    monkeypatch.setenv("DASHBOARD_DB", str(campaign_warehouse))

    def make(stop_id: str | None = None, districts: tuple[str, ...] = (), stops: tuple[str, ...] = ()) -> dict:
        context = store.context()
        assert context is not None
        with access.command_line():
            view = View("de", context.data_start, context.data_end, districts, stops, context, access.Access("analyst"))
            return content.campaign(view) if stop_id is None else content.one_stop(view, stop_id)

    return make


def _tables(document: dict) -> list[dict]:
    return [block for block in document["blocks"] if block.get("kind") == "table"]


# S1 Hamburg-Mitte 23.09. - 05.10.2024: 4 visits, 2 activated (V1, V3), 10,000 residents, 1,500 EUR; open 13 days
# less Sunday 29.09. and the holiday 03.10. = 11. S2 Altona 21.05. - 31.05.2025: 3 visits, 2 activated (V6, V7),
# 20,000 residents, no cost; open 11 days less Sunday 25.05. and Ascension Day 29.05. = 9.
COMPARED = [
    ["Beratungen", "4", "3", "1/2"],  # S2's 3 fewer
    ["eID-Aktivierungen am Pop-Up", "2", "2", "1/2"],  # a tie: none better
    ["Aktivierungsquote", "50,0 %", "66,7 %", "2/2"],  # 2/4 against 2/3
    ["eID-Aktivierungen am Pop-Up je 1.000 Einw. 16+", "0,2", "0,1", "1/2"],  # 2/10,000 x 1,000 against 2/20,000
    ["Beratungen je Öffnungstag", "0,4", "0,3", "1/2"],  # 4/11 = 0.36 against 3/9 = 0.33
    ["Kosten je Aktivierung", "750,00 €", "–", "1/1"],  # 1,500 / 2; S2 has no cost
]


@pytest.mark.slow
@pytest.mark.parametrize(
    "selection",
    [{}, {"districts": ("Hamburg-Mitte",)}, {"stops": ("S1",)}],
    ids=["everything", "its-district", "itself"],
)
def test_a_stop_briefing_compares_with_every_other_stop_whatever_the_filter(document, selection):
    # the stop against the others: S2 as well when the selection holds only S1's district or S1 itself
    compared = _tables(document("S1", **selection))[0]
    assert compared["columns"][2]["label"] == "der 1 andere"  # one other stop: its value, no median
    assert compared["rows"] == COMPARED


def test_the_campaign_briefing_draws_the_uptake_over_the_period(document):
    # 09.09.2024 - 10.06.2025 (275 days: daily points, weekly only beyond 500): Hamburg 25,500 + 5 (09.09.) =
    # 25,505 of 100,000 -> 25,5 % on the first day; 25,500 + all 202 activations on the last -> 25,702 -> 25,7 %
    text = json.dumps(document(), ensure_ascii=False)
    assert "von 25,5 % am 09.09.2024 auf 25,7 % am 10.06.2025" in text
