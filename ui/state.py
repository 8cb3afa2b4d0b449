"""The shared view: language and filters (period, districts, stops), chosen in the sidebar and kept in the URL.

ui.shell draws the widgets once per run, bound to URL query parameters, so a copied link reopens the same view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from etl.export import Selection
from etl.schema import DISTRICTS
from ui import data, first_paint
from ui.access import Access
from ui.text import LANGUAGES, t

LANG = "_lang"  # the session's language
LANG_IN_URL = "_lang_in_url"  # the language this session last wrote into the URL


@dataclass(frozen=True)
class View:
    lang: str
    date_from: dt.date
    date_to: dt.date
    districts: tuple[str, ...]
    stops: tuple[str, ...]
    context: data.Context
    access: Access

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def previous(self) -> tuple[dt.date, dt.date]:
        """The period of equal length just before."""
        return self.date_from - dt.timedelta(days=self.days), self.date_from - dt.timedelta(days=1)

    def params(self, **extra) -> dict:
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "districts": self.districts,
            "stops": self.stops,
            **extra,
        }

    def selection(self, **extra) -> Selection:
        return Selection(self.date_from, self.date_to, self.districts, self.stops, **extra)


def language() -> str:
    """The language switch (German by default), kept in the URL as ?lang=en (a link may also say ?lang=English).

    Not a widget bound to the URL: a bound switch took its value from the URL alone, so a page switch (whose URL
    carries no ?lang) or a link with ?lang=en (not the switch's own word "English") fell back to German; and a
    switch set from code fell back to German on the next page. Here the session keeps the language (LANG, set by
    the switch's callback), a ?lang= that this session did not write itself sets it (a copied link, a reload), and
    every run gives it to the switch and writes it into the URL."""
    wanted = first_paint.language_in_url(st.query_params.get("lang"))  # as the server's first answer reads it
    if wanted is not None and wanted != st.session_state.get(LANG_IN_URL):
        st.session_state[LANG] = wanted
    lang = st.session_state.get(LANG, "de")
    st.session_state["lang"] = lang
    st.sidebar.segmented_control(
        t("language_switch", lang),
        list(LANGUAGES),
        format_func=lambda code: LANGUAGES[code],
        key="lang",
        required=True,
        on_change=_language_chosen,
    )
    if lang == "de":
        st.query_params.pop("lang", None)
    else:
        st.query_params["lang"] = lang
    st.session_state[LANG_IN_URL] = lang
    return lang


def _language_chosen() -> None:
    st.session_state[LANG] = st.session_state["lang"] or "de"


def url_choice(
    widget: Callable,
    label: str,
    options: Sequence,
    *,
    key: str,
    words: Callable,
    lang: str,
    default=None,
    several: bool = False,
    **kwargs,
):
    """A widget (radio, selectbox, segmented_control; a multiselect with `several`) whose choice lives in the URL
    as codes (?key=code, repeated for several), so that a link and a language switch keep it: Streamlit's own
    binding writes the option's words into the URL, which the other language no longer knows (the switch then
    showed no option chosen). `words(option, lang)` gives an option's words; a link may name an option by its code
    or by its words in either language. A ?key= that this session did not write itself (a copied link, a reload)
    sets the choice; every run writes it back (nothing when it is the default)."""
    written, stored = f"_url_{key}", f"_choice_{key}"
    widget_key = key if lang == "de" else f"{key}_{lang}"
    given = st.query_params.get_all(key)
    if given and given != st.session_state.get(written):
        known = {str(option): option for option in options}
        known |= {words(option, other): option for option in options for other in LANGUAGES}
        chosen = [known[value] for value in given if value in known]
        if chosen:
            st.session_state[stored] = chosen if several else chosen[0]
    if several:
        current = [v for v in st.session_state.get(stored, default or []) if v in options]
    else:
        current = st.session_state.get(stored, default)
        current = current if current in options else default
    # a widget of its own per language, given the session's choice: one widget whose words change under it kept
    # the old words as its value in the browser and showed nothing chosen after a language switch
    st.session_state[widget_key] = current

    def chosen_now() -> None:
        st.session_state[stored] = st.session_state[widget_key]

    value = widget(
        label, options, format_func=lambda option: words(option, lang), key=widget_key, on_change=chosen_now, **kwargs
    )
    st.session_state[stored] = value
    if several:
        values = [str(v) for v in value] if list(value) != list(default or []) else []
    else:
        values = [] if value is None or value == default else [str(value)]
    if values:
        st.query_params[key] = values if several else values[0]
    else:
        st.query_params.pop(key, None)
    st.session_state[written] = values
    return value


def url_tabs(codes: Sequence[str], *, key: str, words: Callable, lang: str, **kwargs):
    """Tabs (st.tabs) whose chosen tab lives in the URL as its code (?key=code, also read as its words in either
    language) and keeps across a language switch: each language draws tabs of their own, opened at the session's
    choice (Streamlit's own binding kept the tab's words, which the other language does not know). The first tab is
    the default and leaves the URL clean."""
    stored = f"_tab_{key}"
    given = st.query_params.get(key)
    known = {code: code for code in codes} | {words(code, other): code for code in codes for other in LANGUAGES}
    if given in known and given != st.session_state.get(f"_url_{key}"):
        st.session_state[stored] = known[given]
    current = st.session_state.get(stored, codes[0])
    redrawn_in(lang, key)  # opened at the session's choice
    labels = [words(code, lang) for code in codes]
    tabs = st.tabs(labels, key=key, default=words(current, lang), **kwargs)
    chosen = known.get(st.session_state.get(key) or "", current)
    st.session_state[stored] = chosen
    if chosen == codes[0]:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = chosen
    st.session_state[f"_url_{key}"] = None if chosen == codes[0] else chosen
    return tabs


def redrawn_in(lang: str, key: str) -> None:
    """Draw the widget `key` anew when the language changed since its last run: a widget whose words change under
    it kept the old language's words in the browser (the comparison page's "keinen Bezirk", the quality page's
    "alle" after a switch to English). Its choice comes back from the URL (bound widgets) or the session."""
    if st.session_state.get(f"_lang_{key}", lang) != lang:
        st.session_state.pop(key, None)
    st.session_state[f"_lang_{key}"] = lang


def stop_label(stop: dict) -> str:
    """A stop as the filter shows it and the URL keeps it: the same in both languages."""
    return f"{stop['venue']} · {stop['start_date']:%m/%Y}"


def sidebar_filters(lang: str, context: data.Context, viewer: Access) -> View | None:
    st.sidebar.subheader(t("filters", lang), help=t("filters_help", lang))
    period = st.sidebar.date_input(
        t("period", lang),
        value=(context.data_start, context.data_end),
        min_value=context.data_start,
        max_value=context.data_end,
        format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD",
        key="period",
        help=t("period_help", lang),
        bind="query-params",
    )
    districts = st.sidebar.multiselect(
        t("districts", lang),
        DISTRICTS,
        placeholder=t("all_districts", lang),
        key="district",
        bind="query-params",
        select_all=False,
    )
    stops = data.query("stops")
    labels = {row["stop_id"]: stop_label(row) for row in stops.iter_rows(named=True)}
    chosen = st.sidebar.multiselect(
        t("stops", lang),
        list(labels),
        format_func=lambda stop_id: labels.get(stop_id, stop_id),
        placeholder=t("all_stops", lang),
        key="stop",
        bind="query-params",
        select_all=False,
    )
    if not isinstance(period, tuple | list) or len(period) != 2:
        return None
    return View(lang, period[0], period[1], tuple(districts), tuple(chosen), context, viewer)
