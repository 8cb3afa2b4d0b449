"""Onlinedienste / Online services: use by sign-in method over time, top services, completion, and what people
asked about at the pop-up."""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl import disclosure
from ui import charts, components, data, formats, sentences, shell, state
from ui.data import stops as stop_data
from ui.text import coded, t

view = shell.view()
lang = view.lang
components.page_head(view, "page_services", t("services_intro", lang))
name = "service_name_de" if lang == "de" else "service_name_en"

weekly = data.query("usage_weekly", **view.params())
if weekly.height == 0:
    components.empty(view)
    st.stop()

st.subheader(t("usage_over_time", lang))
numbers = weekly.with_columns(
    coded("auth_method", lang),
    components.yes_no("is_whole_week", lang).alias("whole"),
)
whole_weeks = weekly.filter(pl.col("is_whole_week"))
drawn = {
    "week": (t("week", lang), "date"),
    "auth_method": (t("auth_method", lang), "text"),
    "started": (t("started", lang), "int"),
    "completed": (t("completed", lang), "int"),
    "started_per_day": (t("per_day", lang), "decimal"),
}
components.chart(
    charts.usage_over_time(whole_weeks, stop_data.bands(view), lang, view.date_from, view.date_to),
    numbers,
    drawn | {"whole": (t("whole_week", lang), "text")},
    view,
    "usage_weekly",
    # the sentence tells what is drawn: whole weeks, named by their sign-in method
    finding=sentences.chart_finding(numbers.filter(pl.col("is_whole_week")), drawn, lang),
)
partial = weekly.filter(~pl.col("is_whole_week"))["week"].unique().sort().to_list()
if partial:
    st.caption(t("partial_weeks_left_out", lang, weeks=", ".join(formats.date(w, lang) for w in partial)))

# the three views below share one place, and only the chosen tab is drawn: every chart costs a weak laptop about
# 0.4 s to draw, and four at once took the page over 2 s (BENCHMARKS.md)
top_tab, completion_tab, asked_tab = state.url_tabs(
    ["top_services", "completion_by_auth", "asked_services_tab"],
    key="services_details",
    words=t,
    lang=lang,
    on_change="rerun",
)
if top_tab.open:
    with top_tab:
        limit = st.slider(t("top_n", lang), 5, 25, 10, key="top_n", bind="query-params")
        top = data.query("top_services", **view.params(limit=limit))
        components.chart(
            charts.bars(top, name, "started", lang, orientation="h", height=60 + 28 * top.height),
            top,
            {
                name: (t("service", lang), "text"),
                "started": (t("started", lang), "int"),
                "completion_rate": (t("completion_rate", lang), "share"),
                "eid_share": (t("eid_share", lang), "share"),
            },
            view,
            "top_services",
            told="started",
        )
if completion_tab.open:
    with completion_tab:
        completion = data.query("completion_by_auth", **view.params()).with_columns(
            coded("auth_method", lang).alias("label")
        )
        components.chart(
            charts.bars(completion, "label", "completion_rate", lang, value_format="share"),
            completion,
            {
                "label": (t("auth_method", lang), "text"),
                "started": (t("started", lang), "int"),
                "completed": (t("completed", lang), "int"),
                "completion_rate": (t("completion_rate", lang), "share"),
            },
            view,
            "completion",
        )
if asked_tab.open:
    with asked_tab:
        st.markdown(f"**{t('asked_services', lang)}**")
        if data.is_published():
            st.caption(t("published_asked_note", lang, minimum=disclosure.threshold()))
            st.caption(t("published_groups_note", lang, minimum=disclosure.threshold()))
        asked = stop_data.asked_services(view)
        if asked.height == 0:
            components.empty(view)
        else:
            components.chart(
                charts.bars(asked, name, "visits", lang, orientation="h", height=60 + 28 * asked.height),
                asked,
                {name: (t("service", lang), "text"), "visits": (t("visits", lang), "int")},
                view,
                "asked",
            )

components.about(view, [("stop", "eid_share_during"), ("stop", "completion_rate_during")])
