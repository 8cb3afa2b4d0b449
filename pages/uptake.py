"""eID-Nutzung / eID uptake: estimated uptake per district over time, and the eID share of online transactions
before, during and after each stop."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import charts, components, data, shell
from ui.data import stops as stop_data
from ui.text import code, t

view = shell.view()
lang = view.lang
components.page_head(view, "page_uptake", t("uptake_intro", lang))
if data.is_published():
    st.caption(t("published_activations_note", lang))

districts = len(view.districts) or 7
weekly = view.days * (districts + 1) > 4000  # at most a few thousand points in the chart
by_district = data.query("uptake_series", **view.params(weekly=weekly))
if by_district.height == 0:
    components.empty(view)
    st.stop()

st.subheader(t("uptake_by_district", lang))
area = t("area_selection", lang) if view.districts else t("area_hamburg", lang)
pooled = data.query("uptake_pooled_series", **view.params(weekly=weekly)).with_columns(district=pl.lit(area))
numbers = pl.concat([pooled, by_district.select(pooled.columns)])
figure = charts.uptake_lines(
    numbers, stop_data.bands(view), view.context.baseline, lang, view.date_from, view.date_to, emphasised=area
)
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
kpis = stop_data.stop_kpis(view)
if kpis.height == 0:
    components.empty(view)
else:
    components.chart(
        charts.phases(kpis, lang),
        kpis,
        {
            "venue": (t("stop", lang), "text"),
            "district": (t("district", lang), "text"),
            # the legend's words (vorher, während, danach), so the table and "In Kürze" say what the chart says
            "eid_share_before": (code("before", lang), "share"),
            "eid_share_during": (code("during", lang), "share"),
            "eid_share_after": (code("after", lang), "share"),
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
