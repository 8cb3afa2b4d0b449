"""eID-Nutzung / eID uptake: estimated uptake per district over time, and the eID share of online transactions
before, during and after each stop."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import charts, components, data, shell
from ui.text import t

view = shell.view()
lang = view.lang
components.page_head(view, "page_uptake", t("uptake_intro", lang))

districts = len(view.districts) or 7
series = data.query("uptake_series", **view.params(weekly=view.days * (districts + 1) > 4000))
if series.height == 0:
    components.empty(view)
    st.stop()

st.subheader(t("uptake_by_district", lang))
area = t("area_selection", lang) if view.districts else t("area_hamburg", lang)
stops = data.query("stops")
shown_stops = stops.filter(pl.col("district").is_in(view.districts)) if view.districts else stops
figure = charts.uptake_lines(
    series, {"Σ": area}, shown_stops, view.context.baseline, lang, view.date_from, view.date_to
)
numbers = series.with_columns(district=pl.when(pl.col("district") == "Σ").then(pl.lit(area)).otherwise("district"))
components.chart(
    figure,
    numbers,
    {
        "date": (t("date", lang), "date"),
        "district": (t("district", lang), "text"),
        "uptake": (t("uptake", lang), "share"),
    },
    view,
    "uptake_districts",
)

st.subheader(t("eid_share_phases", lang))
kpis = data.exported("stop_kpis", view.selection())
if kpis.height == 0:
    components.empty(view)
else:
    components.chart(
        charts.phases(kpis, lang),
        kpis,
        {
            "venue": (t("stop", lang), "text"),
            "district": (t("district", lang), "text"),
            "eid_share_before": (t("before", lang), "share"),
            "eid_share_during": (t("during", lang), "share"),
            "eid_share_after": (t("after", lang), "share"),
        },
        view,
        "eid_share_phases",
    )

components.about(
    view,
    [
        ("stop", "uptake_before"),
        ("stop", "uptake_after"),
        ("stop", "eid_share_before"),
        ("stop", "eid_share_during"),
        ("stop", "eid_share_after"),
        ("campaign", "national_baseline"),
    ],
)
