"""The shared view: language and filters (period, districts, stops), chosen in the sidebar and kept in the URL.

ui.shell draws the widgets once per run, bound to URL query parameters, so a copied link reopens the same view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from etl.export import Selection
from etl.schema import DISTRICTS
from ui import data
from ui.access import Access
from ui.text import LANGUAGES, t


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
    """The language switch (German by default), bound to ?lang= (which takes the code, de / en, as well as the
    name the switch shows)."""
    given = (st.query_params.get("lang") or "").strip().lower()
    if given in LANGUAGES and st.session_state.get("lang") != given:
        st.session_state["lang"] = given  # the switch then writes its own name (Deutsch, English) into the URL
    choice = st.sidebar.segmented_control(
        "Sprache / Language",
        list(LANGUAGES),
        default="de",
        format_func=lambda code: LANGUAGES[code],
        key="lang",
        bind="query-params",
        required=True,
    )
    return choice or "de"


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
