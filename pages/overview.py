"""Überblick / Overview: the campaign's state at a glance for the Senatskanzlei."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import charts, components, data, formats, shell
from ui.data import overview, stops
from ui.text import t

view = shell.view()
lang = view.lang
tiles = overview.tiles(view)
previous_from, previous_to = tiles.previous_period
comparison = (
    t(
        "compared_with",
        lang,
        days=formats.number(view.days, lang),
        start=formats.date(previous_from, lang),
        end=formats.date(previous_to, lang),
    )
    if tiles.previous is not None
    else t("no_previous", lang, start=formats.date(view.context.data_start, lang))
)
components.page_head(
    view,
    "page_overview",
    t("overview_intro", lang, start=formats.date(view.date_from, lang), end=formats.date(view.date_to, lang))
    + " "
    + comparison,
)
pooled_series = data.query("uptake_pooled_series", **view.params(weekly=view.days > 500))
if tiles.current.visits == 0 and pooled_series.height == 0:
    components.empty(view)
    st.stop()

area = t("area_selection", lang) if view.districts else t("area_hamburg", lang)
previous_help = comparison


def signed(value, formatter) -> str | None:
    """A change as the tile's delta: with its sign, None when there is nothing to compare with."""
    if value is None:
        return None
    return ("+" if value > 0 else "") + formatter(value)


row1, row2 = st.columns(3), st.columns(3)
row1[0].metric(
    t("tile_visits", lang),
    formats.number(tiles.current.visits, lang),
    border=True,
    help=previous_help,
    delta=signed(tiles.change("visits"), lambda v: formats.number(v, lang)),
)
row1[1].metric(
    t("tile_activations", lang),
    formats.number(tiles.current.popup_activations, lang),
    border=True,
    help=previous_help,
    delta=signed(tiles.change("popup_activations"), lambda v: formats.number(v, lang)),
)
row1[2].metric(
    t("tile_conversion", lang),
    formats.percent(tiles.current.conversion_rate, lang),
    border=True,
    help=previous_help,
    delta=signed(tiles.change("conversion_rate"), lambda v: formats.points(100 * v, lang, 1, signed=False)),
)
row2[0].metric(
    t("tile_uptake", lang, area=area),
    formats.percent(tiles.uptake_end.pooled, lang),
    border=True,
    delta=signed(tiles.uptake_change_pp, lambda v: formats.points(v, lang, signed=False)),
    help=t("tile_uptake_delta", lang, value=formats.points(tiles.baseline_gap_pp, lang)) + ". " + previous_help,
)
row2[1].metric(
    t("tile_above", lang),
    f"{tiles.uptake_end.districts_above} {t('of_districts', lang, n=tiles.uptake_end.districts)}",
    border=True,
    help=previous_help,
    delta=signed(tiles.above_change, str),
)
row2[2].metric(
    t("tile_cost", lang),
    formats.euro(tiles.current.cost_per_activation, lang),
    border=True,
    delta_color="inverse",
    help=t("cost_help", lang) + " " + previous_help,
    delta=signed(tiles.change("cost_per_activation"), lambda v: formats.euro(v, lang)),
)
gap = tiles.baseline_gap_pp
if gap is not None:
    st.markdown(
        t(
            "baseline_gap_above" if gap >= 0 else "baseline_gap_below",
            lang,
            area=t("area_hamburg", lang) if not view.districts else t("area_selection", lang).capitalize(),
            gap=formats.points(abs(gap), lang, signed=False),
            baseline=formats.percent(view.context.baseline, lang),
        )
    )

stop_kpis = stops.stop_kpis(view)
ranking = overview.ranking(stop_kpis)


def sentence(key: str, row: dict) -> str:
    return t(
        key,
        lang,
        venue=formats.plain(row["venue"]),
        district=row["district"],
        start=formats.date(row["start_date"], lang),
        end=formats.date(row["end_date"], lang),
        value=formats.number(row[overview.RANKING], lang, 2),
        conversion=formats.percent(row["conversion_rate"], lang),
    )


if ranking.strongest is not None:
    lines = [sentence("strongest", ranking.strongest)]
    if ranking.weakest is not None:
        lines.append(sentence("weakest", ranking.weakest))
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
metric = st.radio(
    t("map_metric", lang),
    ["uptake", "lift"],
    horizontal=True,
    key="map_metric",
    format_func=lambda m: t(f"map_{m}", lang),
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
)

st.caption(t("print_hint", lang))
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
