"""Barrier-free (BITV 2.0 / WCAG 2.1 AA): axe-core on every page in both languages, keyboard only, the page's
language, chart colours for colour-vision deficiencies, every chart's text alternative, the statement page.

The browser tests run Debian's Chromium against a real server on the demo campaign (it has every chart). The
colour checks compute contrast (WCAG 2.1) and simulate protanopia, deuteranopia and tritanopia (Machado, Oliveira
and Fernandes 2009, severity 1) here, independently of the code under test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import math

import polars as pl
import pytest
from helpers import copy_of, every_page_in_turn, needs_chromium

from tools.server import page_path, serve, settle
from ui import charts, sentences, shell

TITLES = {"de": "Überblick", "en": "Overview"}
SERIOUS = ("serious", "critical")
# Only violations are read: axe gives every node of a violation, one node of each other result type (passes were
# 1-2 MB per page, serialised, sent and parsed for nothing).
AXE_RULES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


# --- colours ------------------------------------------------------------------------------------------------------
def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> list[float]:
    return [_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]


def contrast(colour: str, background: str = "#ffffff") -> float:
    def luminance(c: str) -> float:
        r, g, b = _rgb(c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def lab(colour: str, vision: str) -> tuple[float, float, float]:
    """CIELAB (D65) of the colour as seen with the given vision."""
    rgb = [
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, _rgb(colour), strict=True)))) for row in SIMULATIONS[vision]
    ]
    x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_contrast_formula_on_known_pairs():
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#777777") == pytest.approx(4.48, abs=0.01)  # the classic just-below-AA grey


def test_every_chart_colour_has_3_to_1_against_white_and_text_colours_4_5_to_1():
    for colour in (*charts.SERIES, charts.BLUE, charts.RED):
        assert contrast(colour) >= 3.0, colour
    assert contrast(charts.GREY) >= 4.5  # notes and the stop bands' labels are text
    assert contrast(charts.GREY, charts.LIGHT) >= 4.5  # a stop band's label sits on the band
    # every chart's own text (the dashboard draws charts without Streamlit's theme, whose ticks were 3.7:1)
    template = charts.TEMPLATE["layout"]
    for axis in ("xaxis", "yaxis"):
        assert template[axis]["tickfont"]["color"] == charts.GREY
    assert contrast(template["font"]["color"]) >= 4.5 and contrast(template["legend"]["font"]["color"]) >= 4.5
    assert charts.bars(pl.DataFrame({"x": ["a"], "y": [1]}), "x", "y", "de").layout.template.layout.xaxis.automargin


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_series_colours_stay_apart_for_colour_vision_deficiencies(vision):
    for a, b in itertools.combinations(charts.SERIES, 2):
        assert math.dist(lab(a, vision), lab(b, vision)) >= 20, (vision, a, b)


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_district_colours_stay_apart_for_colour_vision_deficiencies(vision):
    # one colour per district on every page (issue 28): seven colours, and BLUE for Hamburg's own line beside them
    colours = [*charts.DISTRICT_COLOURS.values(), charts.BLUE]
    assert len(set(colours)) == 8
    for colour in charts.DISTRICT_COLOURS.values():
        assert contrast(colour) >= 3.0, colour
    for a, b in itertools.combinations(colours, 2):
        assert math.dist(lab(a, vision), lab(b, vision)) >= 20, (vision, a, b)
    # the unknown district: lighter than every district and hatched (charts.district_marker), not colour alone
    assert charts.district_marker(None)["pattern"]["shape"] == "/"


def test_a_seventh_series_is_told_apart_by_dash_or_hatch_not_colour():
    first, seventh = charts.series_line(0, 2), charts.series_line(len(charts.SERIES), 2)
    assert first["color"] == seventh["color"] and first["dash"] != seventh["dash"]
    assert "pattern" not in charts.series_marker(0) and charts.series_marker(len(charts.SERIES))["pattern"]["shape"]


# --- every chart's sentence ---------------------------------------------------------------------------------------
def test_the_finding_of_one_series_over_time():
    numbers = pl.DataFrame(
        {"date": [dt.date(2025, 3, 3), dt.date(2025, 3, 10), dt.date(2025, 3, 17)], "uptake": [0.25, 0.27, 0.26]}
    )
    columns = {"date": ("Datum", "date"), "uptake": ("eID-Nutzung", "share")}
    assert sentences.chart_finding(numbers, columns, "de") == (
        "eID-Nutzung: 25,0 % am 03.03.2025, 26,0 % am 17.03.2025; am höchsten 27,0 % am 10.03.2025."
    )


def test_the_finding_of_several_series_is_told_at_their_last_date():
    numbers = pl.DataFrame(
        {
            "date": [dt.date(2025, 3, 3)] * 3 + [dt.date(2025, 3, 10)] * 3,
            "district": ["Altona", "Harburg", "Wandsbek"] * 2,
            "uptake": [0.30, 0.20, 0.25, 0.21, 0.24, 0.22],
        }
    )
    columns = {"date": ("Date", "date"), "district": ("District", "text"), "uptake": ("eID uptake", "share")}
    assert sentences.chart_finding(numbers, columns, "en") == (
        "eID uptake on 10 Mar 2025: highest Harburg (24.0%), lowest Altona (21.0%)."
    )


def test_the_finding_names_a_stop_as_the_chart_does():
    # issue 28's walk: the phases chart labels "Phoenix-Center (Harburg)", its finding said "Phoenix-Center, Harburg"
    numbers = pl.DataFrame(
        {"venue": ["Mercado", "Phoenix-Center"], "district": ["Altona", "Harburg"], "after": [0.168, 0.215]}
    )
    columns = {"venue": ("Standort", "text"), "district": ("Bezirk", "text"), "after": ("danach", "share")}
    assert sentences.chart_finding(numbers, columns, "de") == (
        r"danach: am höchsten Phoenix\-Center (Harburg) (21,5 %), am niedrigsten Mercado (Altona) (16,8 %)."
    )  # the Markdown source of the caption: the data's "-" escaped


def test_the_finding_leaves_withheld_counts_out():
    numbers = pl.DataFrame({"age_band": ["16–29", "30–49", "50+"], "visits": [None, 12, 4]})
    columns = {"age_band": ("Altersgruppe", "text"), "visits": ("Beratungen", "protected")}
    assert sentences.chart_finding(numbers, columns, "de") == (
        r"Beratungen: am höchsten 30–49 (12), am niedrigsten 50\+ (4)."  # Markdown source of the caption
    )
    nothing = numbers.with_columns(pl.lit(None, pl.Int64).alias("visits"))
    assert sentences.chart_finding(nothing, columns, "de") == "Beratungen: keine Werte in dieser Auswahl."


def test_the_heatmaps_finding_names_the_busiest_hour_and_skips_hidden_cells():
    by_hour = pl.DataFrame(
        {"weekday": [6, 6, 2], "hour": [11, 14, 9], "visits": [None, 9, 5], "hidden": [True, False, False]}
    )
    assert sentences.busiest_hour(by_hour, "de") == "Die meisten Beratungen: Sa um 14:00 (9)."  # the tiles' word


# --- in the browser -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, demo_warehouse):
    db = copy_of(demo_warehouse, tmp_path_factory.mktemp("a11y"))
    with serve(db) as url:
        yield url


OPEN_CLOSED_SECTIONS = """() => {
  const closed = [...document.querySelectorAll('[data-testid="stExpander"] details:not([open])')];
  for (const section of closed) {
    section.setAttribute("data-opened-by-test", "");
    section.querySelector(":scope > summary").click();
  }
  return closed.length;
}"""


def open_every_section(page) -> None:
    """Open every folded section ("numbers of the chart", "about the data"), as a reader may: a click on each
    closed one's summary (all at once), until none is closed; then wait until the page has drawn them."""
    for _ in range(20):  # a section drawn only once another is open is opened in the next round
        if not page.evaluate(OPEN_CLOSED_SECTIONS):
            break
        page.wait_for_function(
            "() => !document.querySelector('details[data-opened-by-test]:not([open])')", timeout=60_000
        )
    settle(page)


# axe's run, given up with an error after 120 s: a promise the page never settles would otherwise hold the test
# (playwright's evaluate has no time limit) — a fresh run under load once stood still for ten minutes in this walk.
AXE_RUN = """(options) => Promise.race([
  axe.run(document, options).then((r) => r.violations),
  new Promise((_, fail) => setTimeout(() => fail(new Error('axe.run did not finish within 120 s')), 120000)),
])"""


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as drawn now (its script put into the page before each run, as
    axe-playwright-python does)."""
    from axe_playwright_python.base import AXE_SCRIPT

    page.evaluate(AXE_SCRIPT)
    return page.evaluate(AXE_RUN, AXE_RULES)


@needs_chromium
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_axe_finds_no_serious_or_critical_violation_on_any_page(browser, demo_server, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found = {}
    for slug in every_page_in_turn(page, demo_server, f"?lang={lang}"):
        assert page.evaluate("document.documentElement.lang") == lang, slug
        assert page.locator('[data-testid="stException"]').count() == 0, slug  # every page loads on the demo
        assert page.locator("h1").count() >= 1, slug
        tabs = page.locator('[data-testid="stTabs"] [role="tab"]')
        # not vacuous: the pages whose views share a place in tabs (only the chosen one is drawn) have them
        assert tabs.count() == {"compare": 5, "services": 3, "impact": 2}.get(slug, 0), slug
        for tab in range(max(tabs.count(), 1)):  # a tab's content is drawn only while it is chosen
            if tab:
                tabs.nth(tab).click()
                page.wait_for_function(
                    "(i) => document.querySelectorAll('[role=tab]')[i].ariaSelected === 'true'", arg=tab
                )
                settle(page)
            open_every_section(page)
            violations = axe_violations(page)
            serious = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations if v["impact"] in SERIOUS]
            if serious:
                found[f"{slug}, tab {tab + 1}"] = serious
    page.close()
    assert not found, found


# A control is reached when Tab has put the focus on it; the focus is visible when the control draws an outline
# or a ring (box-shadow) while focused. A table's canvas and the cells of its screen-reader table (the canvas's
# content, focused by the grid a moment after each key) are not drawn where a ring would show: their focus shows on
# the table's frame (the pixels are read in test_a_keyboard_user_in_a_table_sees_where_the_focus_is).
FOCUS_DRAWN = """(e) => {
  const s = getComputedStyle((e.closest('canvas') && e.closest('[data-testid="stDataFrameResizable"]')) || e);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""

MARK_FOCUS = """() => {
  const e = document.activeElement;
  window.__lastFocused = e;
  if (!e || e === document.body) return {done: false, visible: true, what: 'body'};
  const first = e.hasAttribute('data-kb');
  e.setAttribute('data-kb', '1');
  if (e.tagName === 'TD' && e.closest('canvas')) e.closest('canvas').setAttribute('data-kb-walked', '1');
  const visible = (FOCUS_DRAWN)(e);
  const what = (e.getAttribute('aria-label') || e.innerText || e.tagName).slice(0, 40);
  return {done: first && e.getAttribute('data-testid') === 'stSkipToContent', visible, what};
}""".replace("FOCUS_DRAWN", FOCUS_DRAWN)


# Where a person's next Tab finds the focus: moved on from where the last Tab found it, and in a table on a cell of
# its screen-reader table, not on the canvas, which hands it to the cell a moment after each key — the first time
# only: a table whose cells the walk was on before keeps its selected cell, and the focus on its canvas (the walk
# of 2026-12-07: on every such return the canvas held the focus for the whole 3 s, on every first visit it handed
# it on within 0.25 s).
MOVED_ON = """() => {
  const e = document.activeElement;
  return e !== window.__lastFocused
    && (!e || !e.closest('canvas') || e.tagName === 'TD' || !!e.closest('[data-kb-walked]'));
}"""


def tab_through(page, limit: int = 600) -> list[str]:
    """Tab through the whole page once (until the focus comes back to the first control); the controls that were
    focused without a visible focus. In a table each Tab waits, as a person is slow enough to, until the grid has
    handed the focus on: a walk faster than that met the canvas or the cells by chance, and under load it met cells
    it had not handed on yet and went from row to row (a run of 2026-12-07 did not come round in 600 presses)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    invisible = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        with contextlib.suppress(PlaywrightTimeout):  # a table without cells keeps the focus on its canvas
            page.wait_for_function(MOVED_ON, polling=50, timeout=3000)
        state = page.evaluate(MARK_FOCUS)
        if state["done"]:
            return invisible
        if not state["visible"] and not _drawn_within(page, seconds=3):
            invisible.append(state["what"])
    raise AssertionError(f"the focus did not come round again within {limit} presses of Tab")


def _drawn_within(page, seconds: float) -> bool:
    """Whether the focused control draws its focus within `seconds`: some controls draw it from a state the page
    sets on focus, a moment after the focus moved (seen under load: a stop's chip on the comparison page)."""
    try:
        page.wait_for_function(f"() => ({FOCUS_DRAWN})(document.activeElement)", polling=50, timeout=seconds * 1000)
        return True
    except Exception as error:  # playwright's TimeoutError: the focus stayed invisible
        if "Timeout" not in type(error).__name__:
            raise
        return False


def tab_to(page, selector: str, limit: int = 600) -> None:
    """Press Tab until the focus is on an element matching the selector (or inside it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && !!document.activeElement.closest(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@needs_chromium
@pytest.mark.slow
def test_tab_reaches_every_page_filter_and_download_with_a_visible_focus(browser, demo_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    for slug in every_page_in_turn(page, demo_server):
        page.evaluate("document.querySelectorAll('[data-kb]').forEach((e) => e.removeAttribute('data-kb'))")
        assert tab_through(page) == [], slug  # from the link of the page before (the sidebar stays), round once
        unreached = {
            "page links": '[data-testid="stSidebarNavLink"]:not([data-kb])',
            # a group of choices is one Tab stop; its choices are reached with the arrow keys (the test below)
            "language": '[data-testid="stSidebar"] [data-testid="stButtonGroup"]:not(:has(button[data-kb]))',
            "period": '[data-testid="stDateInputFieldsScroller"] [tabindex="0"]:not([data-kb])',
            "districts and stops": '[data-testid="stSidebar"] [data-testid="stMultiSelect"] input:not([data-kb])',
            "downloads": '[data-testid="stDownloadButton"] button:not([data-kb])',
            "folded sections": '[data-testid="stExpander"] summary:not([data-kb])',
        }
        for what, selector in unreached.items():  # of the controls drawn (Streamlit keeps zero-size copies)
            count = page.evaluate(
                "(s) => [...document.querySelectorAll(s)].filter(e => e.getBoundingClientRect().width > 0).length",
                selector,
            )
            assert count == 0, (slug, what)
        if slug == "overview":  # the counts above are not vacuous
            assert page.locator('[data-testid="stSidebarNavLink"][data-kb]').count() == len(shell.PAGES)
            assert page.locator('[data-testid="stDownloadButton"] button[data-kb]').count() >= 1
    page.close()


FOCUS_BLUE = (0x1F, 0x5F, 0xA8)  # ui/components.py PAGE_CSS


def ring_left_of(page, frame) -> int:
    """The pixels of the focus ring's colour in the strip where a ring around `frame` is drawn (3 px wide, 2 px
    outside its left edge), counted in a screenshot: what the user sees."""
    from io import BytesIO

    from PIL import Image

    box = frame.bounding_box()
    strip = {"x": box["x"] - 5, "y": box["y"] + 10, "width": 3, "height": box["height"] - 20}
    image = Image.open(BytesIO(page.screenshot(clip=strip))).convert("RGB")
    return sum(
        max(abs(a - b) for a, b in zip(pixel, FOCUS_BLUE, strict=True)) < 40 for pixel in image.get_flattened_data()
    )


@needs_chromium
@pytest.mark.slow
def test_a_keyboard_user_in_a_table_sees_where_the_focus_is(browser, demo_server):
    """In a table, Tab moves the grid's selection along the row; at a person's pace the grid then hands the focus
    from its canvas to the cell of its screen-reader table (after a debounce: the Tab walk above, fast, meets the
    canvas, and met the cells only when the machine was busy). Neither is drawn where a ring would show — the
    table's frame carries the ring in both states, read from the screen's pixels."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{demo_server}/{page_path('quality')}")
    settle(page)
    frame = page.locator('[data-testid="stDataFrameResizable"]').first
    assert ring_left_of(page, frame) == 0  # not focused: no ring (the count below is not the frame's border)
    tab_to(page, '[data-testid="data-grid-canvas"]')
    assert page.evaluate("document.activeElement.tagName") == "CANVAS"
    assert ring_left_of(page, frame) > 0.8 * (frame.bounding_box()["height"] - 20) * 3
    page.keyboard.press("Tab")  # the next cell of the row
    page.wait_for_function("document.activeElement.tagName === 'TD' && !!document.activeElement.closest('canvas')")
    assert ring_left_of(page, frame) > 0.8 * (frame.bounding_box()["height"] - 20) * 3
    page.close()


@needs_chromium
@pytest.mark.slow
def test_keyboard_alone_switches_page_filters_opens_a_table_and_downloads(browser, demo_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(demo_server)
    settle(page)
    # a page by its link: Tab to it, Enter
    tab_to(page, '[data-testid="stSidebarNavLink"][href$="/export"]')
    page.keyboard.press("Enter")
    page.wait_for_function("location.pathname.endsWith('/export')")
    settle(page)
    assert page.locator("h1").first.inner_text() == "Daten & Export"
    # a filter: type into the district chooser, Enter chooses, Escape closes the list
    tab_to(page, '[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    page.keyboard.type("Altona")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("location.search.includes('district=Altona')")
    settle(page)
    # the period by arrow keys: the start day one up; Escape closes the calendar and keeps the date
    # (Streamlit's date field drops a change when the focus leaves it by Tab: docs/ACCESSIBILITY.md)
    tab_to(page, '[data-testid="stDateInputFieldsScroller"]')
    before = page.evaluate("location.search")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Escape")
    page.wait_for_function("(before) => location.search !== before", arg=before)
    settle(page)
    # a download by Enter
    tab_to(page, '[data-testid="stDownloadButton"]')
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename
    # the language by arrow keys: Tab into the switch, the arrow to "English", Space chooses it
    tab_to(page, '[data-testid="stSidebar"] [data-testid="stButtonGroup"]')
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    page.wait_for_function("location.search.includes('lang=en')")
    settle(page)
    assert page.locator("h1").first.inner_text() == "Data & export"
    # back to the overview, a chart's numbers opened by Enter, its CSV by Space
    page.goto(f"{demo_server}/?lang=de")
    settle(page)
    tab_to(page, '[data-testid="stExpander"] summary')
    page.keyboard.press("Enter")
    page.wait_for_selector('[data-testid="stExpander"] details[open]')
    tab_to(page, '[data-testid="stExpander"] details[open] [data-testid="stDownloadButton"]')
    with page.expect_download() as download:
        page.keyboard.press("Space")
    assert download.value.path().read_bytes()
    context.close()
