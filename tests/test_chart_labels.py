"""Chart labels do not collide, as drawn by Chromium at 1280 px on the demo warehouse, in German and English (issue
28's walk): on the uptake page the stops' names stand above the plot and the national baseline's label right of it
(both crossed the district lines), and the shares of the before/during/after chart stand apart (as columns the
three shares of a stop ran into each other); on the impact page each number of the parts chart stands clear of
every other number and bar (they sat on the intervals' whiskers).

TEST_PORT: the port to serve on (for a session given a range of ports), else a free one."""

from __future__ import annotations

import os

import pytest
from helpers import copy_of, needs_chromium

from tools.server import serve, settle

pytestmark = [needs_chromium, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_warehouse):
    db = copy_of(demo_warehouse, tmp_path_factory.mktemp("labels"))
    with serve(db, port=int(os.environ.get("TEST_PORT", "0")) or None) as url:
        yield url


def _apart(a: dict, b: dict) -> bool:
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _open(browser, server: str, path: str, lang: str):
    page = browser.new_context(viewport={"width": 1280, "height": 2400}).new_page()
    page.goto(f"{server}/{path}" + ("?lang=en" if lang == "en" else ""))
    settle(page)
    return page


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_uptake_charts_labels_stand_clear(server, browser, lang):
    page = _open(browser, server, "uptake", lang)
    lines, phases = page.locator('[data-testid="stPlotlyChart"]').nth(0), page.locator('[data-testid="stPlotlyChart"]')
    phases = phases.nth(1)
    plot = lines.locator("rect.nsewdrag").first.bounding_box()
    notes = lines.locator("g.annotation")
    venues = ["Europa-Passage", "Mercado", "Eidelstedt Center", "Hamburger Meile", "Wandsbek Quarree"]
    venues += ["CCB Bergedorf", "Phoenix-Center"]
    boxes = {notes.nth(i).text_content(): notes.nth(i).bounding_box() for i in range(notes.count())}
    for venue in venues:  # the 7 demo stops, each named above the plot (1 px for anti-aliasing)
        assert boxes[venue]["y"] + boxes[venue]["height"] <= plot["y"] + 1, venue
    baseline = next(box for text, box in boxes.items() if text.startswith(("Bundesweit", "National")))
    assert baseline["x"] >= plot["x"] + plot["width"] - 1  # right of the plot, clear of every line
    named = [boxes[v] for v in venues]
    assert all(_apart(a, b) for i, a in enumerate(named) for b in named[i + 1 :])
    legend = lines.locator("g.legend").bounding_box()
    assert all(_apart(legend, box) for box in boxes.values())
    shares = [b for b in (t.bounding_box() for t in phases.locator("text.bartext").all()) if b]
    assert len(shares) == 21  # 7 stops x before, during, after
    assert all(_apart(a, b) for i, a in enumerate(shares) for b in shares[i + 1 :])
    assert min(b["height"] for b in shares) >= 12  # in the chart's 12 px, not shrunk to fit a column
    page.context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_impact_parts_numbers_stand_clear(server, browser, lang):
    page = _open(browser, server, "impact", lang)
    chart = page.locator('[data-testid="stPlotlyChart"]').nth(0)
    numbers = [b for b in (t.bounding_box() for t in chart.locator("g.textpoint text").all()) if b]
    # 6 estimated stops x counted, other channels, spill-over, together + Phoenix-Center's counted and together
    assert len(numbers) == 6 * 4 + 2
    assert all(_apart(a, b) for i, a in enumerate(numbers) for b in numbers[i + 1 :])
    bars = [b for b in (p.bounding_box() for p in chart.locator("g.point path").all()) if b and b["width"] > 0]
    assert all(_apart(number, bar) for number in numbers for bar in bars)
    page.context.close()
