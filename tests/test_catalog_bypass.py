"""No visible word bypasses the message catalogs: every page, the briefing's text and the export headings run in the
pseudo-locale (etl.messages.PSEUDO), whose every word comes wrapped in «…»; a word left outside «…» did not come
from a catalog.

What may stand outside «…», and why:
- numbers, dates and punctuation: figures are formatted by ui.formats (Babel) and are no words to translate;
- month and weekday names: CLDR's locale data (ui.formats via Babel), not ours to translate;
- the data's own words: venues, districts, stop and visit ids, the names and areas of the online services, the
  holidays and the baseline's source and label (reference data with a German and an English column each);
- each language's name in the language switch: shown in its own language, so that a reader finds it;
- file names in the load history (data), and the commands shown to copy (`st.code`: a program's syntax);
- the loader's messages and quarantine reasons on the data-quality page are matched part by part against
  their English templates (ui/loader_words.py); a part that matches none (none does: tests/test_loader_words.py)
  would stand as the loader wrote it.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import duckdb
import pytest
from babel.dates import get_day_names, get_month_names
from google.protobuf.message import Message
from helpers import ROOT, copy_of
from streamlit.testing.v1 import AppTest

from etl import export, messages, vocabulary
from etl.messages import CLOSE, OPEN, PSEUDO
from tools.apptest import like_a_running_server
from ui import formats, shell, text

PAGES = [path for path, *_ in shell.PAGES]
# the data's columns whose values are words of the data (see the module's docstring)
DATA_COLUMNS = {
    "raw_stops": ("venue", "district", "stop_id"),
    "ref_districts": ("district",),
    "raw_visits": ("visit_id",),
    "ref_services": ("service_id", "name_de", "name_en", "category_de", "category_en"),
    "ref_holidays": ("name_de", "name_en"),
    "ref_baseline": ("source", "label_de", "label_en"),
}
# table columns whose cells are not checked (the module's docstring)
UNCHECKED_CELLS = {"file"}
# proto fields that are no visible text (ids, kinds of element, icons, formats of a widget, parameter names)
NOT_SHOWN = {
    "id", "tag", "type", "icon", "format", "query_param_key", "deferred_file_id", "uuid", "default", "min", "max",
    "form_id", "config", "css_width", "url", "value", "raw_value", "raw_values", "key", "data", "step", "spec",
    "columns",
}  # fmt: skip
# plotly's keys whose strings are shown (titles, axis and legend words, hover text, category axes)
SHOWN_IN_CHARTS = {"text", "name", "hovertemplate", "ticktext", "hovertext", "texttemplate", "x", "y", "labels"}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, campaign_warehouse):
    return copy_of(campaign_warehouse, tmp_path_factory.mktemp("bypass"))


@pytest.fixture(scope="module")
def allowed(warehouse) -> set[str]:
    """The words that may stand outside «…» (the module's docstring)."""
    words: set[str] = set()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, columns in DATA_COLUMNS.items():
            for column in columns:
                for (value,) in con.sql(f'select distinct "{column}" from {table}').fetchall():
                    words |= set(_words(str(value)))
    cldr = formats.locale(PSEUDO)
    for width in ("abbreviated", "wide"):
        for context in ("format", "stand-alone"):
            words |= {w for name in get_month_names(width, context, cldr).values() for w in _words(name)}
            words |= {w for name in get_day_names(width, context, cldr).values() for w in _words(name)}
    words |= {w for lang in messages.languages() for w in _words(messages.word("language_name", lang))}
    return words


def report(found: dict[str, set[str]]) -> str:
    return "words outside the catalogs:\n" + "\n".join(f"{where}: {sorted(words)}" for where, words in found.items())


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def bare_words(shown: str) -> list[str]:
    """The words of a shown text that stand outside «…» (after markup, plotly's %{…} and Markdown escapes)."""
    shown = re.sub(r"<(script|style)\b.*?</\1>", " ", shown, flags=re.S)
    shown = re.sub(r"<[^>]+>|%\{[^}]*\}|:material/[a-z_]+:|&[a-z]+;", " ", shown).replace("\\", "")
    while True:
        inner = re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", shown)
        if inner == shown:
            break
        shown = inner
    return _words(shown)


def _proto_strings(message: Message, name: str):
    for field, value in message.ListFields():
        if field.name in NOT_SHOWN:
            continue
        items = value if hasattr(value, "__len__") and not isinstance(value, str | bytes | Message) else [value]
        for item in items:
            if isinstance(item, Message):
                yield from _proto_strings(item, f"{name}.{field.name}")
            elif isinstance(item, str):
                yield f"{name}.{field.name}", item


def _chart_strings(spec, where: str):
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in SHOWN_IN_CHARTS or key == "title":
                if isinstance(value, str):
                    yield f"{where}.{key}", value
                elif isinstance(value, list):
                    yield from ((f"{where}.{key}", v) for v in value if isinstance(v, str))
            if isinstance(value, dict | list):
                yield from _chart_strings(value, f"{where}.{key}")
    elif isinstance(spec, list):
        for item in spec:
            yield from _chart_strings(item, where)


def shown_strings(at: AppTest):
    """(where, text) of everything a reader sees on the page: every element's text fields, the charts' words,
    the tables' headings and their text cells."""

    def walk(node):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if isinstance(proto, Message) and kind != "Code":
            spec = getattr(proto, "spec", "")
            if isinstance(spec, str) and spec.startswith("{"):
                yield from _chart_strings(json.loads(spec), "chart")
            yield from _proto_strings(proto, kind)
            if kind == "Dataframe":
                columns = json.loads(proto.columns) if proto.columns else {}
                for column in columns.values():
                    for field in ("label", "help"):
                        if isinstance(column, dict) and column.get(field):
                            yield "Dataframe.heading", column[field]
                frame = node.value
                for column in frame.columns:
                    if not (isinstance(columns.get(column), dict) and columns[column].get("label")):
                        yield "Dataframe.heading", str(column)
                    if column in UNCHECKED_CELLS:
                        continue
                    if frame[column].dtype == object or str(frame[column].dtype).startswith("str"):
                        yield from ((f"Dataframe.cell[{column}]", str(v)) for v in frame[column].dropna().unique())
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    yield from walk(at._tree)


@pytest.fixture
def pseudo_app(warehouse, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(warehouse))
    monkeypatch.setitem(text.LANGUAGES, PSEUDO, text.t("language_name", PSEUDO))

    def open_page(page: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params["lang"] = PSEUDO
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        return at

    with like_a_running_server():
        yield open_page


def _unfold(at: AppTest) -> None:
    """Open what a reader opens: every chart's numbers and folded section (one more run)."""
    keys = set()

    def walk(node):
        proto = getattr(node, "proto", None)
        element_id = getattr(proto, "id", "") if isinstance(proto, Message) else ""
        if isinstance(element_id, str) and "-numbers_" in element_id:
            keys.add("numbers_" + element_id.split("-numbers_", 1)[1])
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for key in keys | {"controls_section", "plan_section", "profiles_section"}:
        at.session_state[key] = True
    at.run()


@pytest.mark.slow  # AppTest runs a page twice: 3-6 s a page
@pytest.mark.parametrize("page", PAGES)
def test_every_word_on_every_page_comes_from_the_catalogs(pseudo_app, allowed, page):
    at = pseudo_app(page)
    assert not at.exception, [e.value for e in at.exception]
    found = {}
    for unfolded in (False, True):
        if unfolded:
            _unfold(at)
            assert not at.exception, [e.value for e in at.exception]
        for where, shown in shown_strings(at):
            bare = [w for w in bare_words(shown) if w not in allowed]
            if bare:
                found.setdefault(where, set()).update(bare)
    assert not found, report(found)


@pytest.mark.slow  # every page once more per role (8 AppTest runs each)
@pytest.mark.parametrize(("role", "district"), [("senate", None), ("district", "Hamburg-Mitte")])
def test_every_word_a_role_below_analyst_sees_comes_from_the_catalogs(pseudo_app, allowed, monkeypatch, role, district):
    """Roles below analyst see other words: published figures' notes, their own district's limits."""
    from ui import access

    viewer = access.Access(role, district, "someone@hamburg.de")
    monkeypatch.setattr(access, "current", lambda: viewer)  # the data layer's reader
    monkeypatch.setattr(access, "gate", lambda lang: viewer)  # the page's (sign-in itself is tested elsewhere)
    found = {}
    for page in PAGES:
        at = pseudo_app(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        for where, shown in shown_strings(at):
            bare = [w for w in bare_words(shown) if w not in allowed]
            if bare:
                found.setdefault(f"{page}: {where}", set()).update(bare)
    assert not found, report(found)


@pytest.mark.slow  # every other option of every view switch: about 20 AppTest runs
def test_the_other_views_of_a_page_too(pseudo_app, allowed):
    """The views a page draws only when chosen (segmented controls and radios other than the language)."""
    found = {}
    for page in PAGES:
        at = pseudo_app(page)
        for widget in [*at.button_group, *at.radio]:
            if widget.key in (None, "lang"):
                continue
            for option in widget.options[1:]:
                at.session_state[widget.key] = option
                at.run()
                assert not at.exception, (page, widget.key, [e.value for e in at.exception])
                for where, shown in shown_strings(at):
                    bare = [w for w in bare_words(shown) if w not in allowed]
                    if bare:
                        found.setdefault(f"{page} {widget.key}={option}: {where}", set()).update(bare)
    assert not found, report(found)


def _document_strings(doc, where="briefing"):
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key in ("kind", "made", "lang", "numeric", "align"):
                continue
            if key == "runs":  # a paragraph cut into runs (bold, plain): one text, as a message is one
                yield f"{where}.runs", "".join(run.get("text", "") for run in value)
                continue
            yield from _document_strings(value, f"{where}.{key}")
    elif isinstance(doc, list):
        for item in doc:
            yield from _document_strings(item, where)
    elif isinstance(doc, str):
        yield where, doc


@pytest.mark.slow  # builds the briefing's content twice: 2-3 s each
@pytest.mark.parametrize("stop_id", [None, "S1"])
def test_every_word_of_the_briefing_comes_from_the_catalogs(warehouse, allowed, monkeypatch, stop_id):
    monkeypatch.setenv("DASHBOARD_DB", str(warehouse))
    from ui import access
    from ui.briefing import content
    from ui.data import store
    from ui.state import View

    with access.command_line():
        context = store.context()
        view = View(PSEUDO, context.data_start, context.data_end, (), (), context, access.Access("analyst"))
        doc = content.campaign(view) if stop_id is None else content.one_stop(view, stop_id)
    found = {}
    for where, shown in _document_strings(doc):
        bare = [w for w in bare_words(shown) if w not in allowed]
        if bare:
            found.setdefault(where, set()).update(bare)
    assert not found, report(found)


def test_every_heading_and_word_of_the_exports_for_people_comes_from_the_catalogs(allowed, tmp_path):
    import openpyxl
    import polars as pl

    frame = pl.DataFrame(
        {
            "visit_id": ["V1", "V2"],
            "visited_at": [dt.datetime(2025, 5, 21, 10), dt.datetime(2025, 5, 22, 11)],
            "topic": ["eid_activation", None],
            "outcome": ["eid_activated", "resolved"],
            "age_band": ["65+", "16-29"],
            "conversion_rate": [0.5, None],
        }
    )
    book = tmp_path / "export.xlsx"
    export.write(frame, book, "xlsx", PSEUDO)
    sheet = openpyxl.load_workbook(book).worksheets[0]
    assert sheet.title == f"{OPEN}Data{CLOSE}"
    assert all(cell.value.startswith(OPEN) for cell in sheet[1])  # the headings
    people = vocabulary.for_people(frame, PSEUDO)
    assert all(name.startswith(OPEN) and name.endswith(CLOSE) for name in people.columns), people.columns
    for column in people.select(pl.col(pl.String)).columns:
        for value in people[column].drop_nulls():
            assert [w for w in bare_words(value) if w not in allowed] == [], (column, value)
