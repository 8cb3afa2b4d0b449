"""Überblick / Overview: the campaign's state at a glance for the Senatskanzlei."""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl import disclosure
from ui import charts, components, data, formats, sentences, shell, state
from ui.data import overview, stops
from ui.text import t

view = shell.view()
lang = view.lang
tiles = overview.tiles(view)
comparison = sentences.comparison(tiles, view)
components.page_head(
    view,
    "page_overview",
    t("overview_intro", lang, start=formats.date(view.date_from, lang), end=formats.date(view.date_to, lang))
    + " "
    + comparison,
)
components.briefing_download(view)
if data.is_published():
    st.caption(t("published_tiles_note", lang, minimum=disclosure.threshold()))
    st.caption(t("published_groups_note", lang, minimum=disclosure.threshold()))
    components.published_stop_kpis_note(view)
pooled_series = data.query("uptake_pooled_series", **view.params(weekly=view.days > 500))
if tiles.current.visits == 0 and pooled_series.height == 0:
    components.empty(view)
    st.stop()

area = t("area_selection", lang) if view.districts else t("area_hamburg", lang)
for column, tile in zip([*st.columns(3), *st.columns(3)], sentences.tiles(tiles, view), strict=True):
    column.metric(
        tile.label,
        tile.value,
        border=True,
        help=tile.help,
        delta=tile.change,
        delta_color="inverse" if tile.inverse else "normal",
    )
gap = sentences.baseline_gap(tiles, view)
if gap is not None:
    st.markdown(gap)

stop_kpis = stops.stop_kpis(view)
ranking = overview.ranking(stop_kpis)
lines = sentences.ranking(ranking, lang)
if lines:
    st.markdown("  \n".join(lines))
    st.caption(t("ranking_rule", lang))
if ranking.without_visits:
    st.caption(t("stops_without_visits", lang, venues=", ".join(formats.plain(v) for v in ranking.without_visits)))
if stop_kpis.height:
    st.subheader(t("stops_title", lang))
    compact = ranking.stops.with_columns(
        note=pl.when(pl.col("has_visits")).then(pl.lit("")).otherwise(pl.lit(t("no_visit_data", lang)))
    )
    keys = ["venue", "district", "start_date", "visits", "popup_activations", "conversion_rate"]
    keys += [overview.RANKING, "cost_per_activation"]
    note = {"note": (t("note", lang), "text")} if ranking.without_visits else None
    components.stop_table(compact, keys, lang, key="overview_stops", extra=note)

st.subheader(t("uptake_over_time_selection" if view.districts else "uptake_over_time", lang))
figure = charts.uptake_lines(
    pooled_series.with_columns(district=pl.lit(area)),
    stops.bands(view),
    view.context.baseline,
    lang,
    view.date_from,
    view.date_to,
    emphasised=area,
)
components.chart(
    figure,
    pooled_series,
    {"date": (t("date", lang), "date"), "uptake": (t("uptake", lang), "share")},
    view,
    "uptake_hamburg",
)
st.subheader(t("map_title", lang))
metric = state.url_choice(
    st.radio,
    t("map_metric", lang),
    ["uptake", "lift"],
    key="map_metric",
    words=lambda m, language: t(f"map_{m}", language),
    lang=lang,
    default="uptake",
    horizontal=True,
)
values = overview.district_values(view, metric)
figure = charts.district_map(
    values,
    data.boundaries(),
    lang,
    "share" if metric == "uptake" else "pp",
    t(f"map_{metric}", lang),
    baseline=view.context.baseline if metric == "uptake" else None,
)
components.chart(
    figure,
    values,
    {
        "district": (t("district", lang), "text"),
        "uptake": (t("map_uptake", lang), "share"),
        "lift": (t("map_lift", lang), "pp"),
    },
    view,
    "district_map",
    told=metric,  # the sentence under the map is about the metric shown
)

components.about(
    view,
    [
        ("campaign", "visits"),
        ("campaign", "popup_activations"),
        ("campaign", "conversion_rate"),
        ("campaign", "national_baseline"),
        ("campaign", "districts_above_baseline"),
        ("stop", "cost_per_activation"),
    ],
    [t("cost_help", lang)],
)
