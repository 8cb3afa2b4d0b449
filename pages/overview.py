"""Überblick / Overview: the campaign's state at a glance for the Senatskanzlei, printable as a briefing."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from ui import charts, components, data, shell
from ui import format as fmt
from ui.text import t

view = shell.view()
lang = view.lang
context = view.context
components.page_head(
    view,
    "page_overview",
    t(
        "overview_intro",
        lang,
        start=fmt.date(view.date_from, lang),
        end=fmt.date(view.date_to, lang),
        days=fmt.number(view.days, lang),
    ),
)

totals = data.query("period_totals", **view.params()).row(0, named=True)
series_days = data.query("uptake_series", **view.params(weekly=view.days > 500))
if totals["visits"] == 0 and series_days.height == 0:
    components.empty(view)
    st.stop()

previous_from, previous_to = view.previous
has_previous = previous_to >= context.data_start
before = data.query("period_totals", **view.params(date_from=previous_from, date_to=previous_to)).row(0, named=True)
end_day = min(view.date_to, context.as_of) if context.as_of else view.date_to
uptake_end = data.query("uptake_at", day=end_day, districts=view.districts)
uptake_start = data.query("uptake_at", day=view.date_from - dt.timedelta(days=1), districts=view.districts)


def ratio(numerator, denominator):
    return None if not denominator or numerator is None else numerator / denominator


def above(frame: pl.DataFrame) -> int:
    return frame.filter((pl.col("district") != "Σ") & (pl.col("uptake") >= context.baseline)).height


def signed(value: float | None, formatter) -> str | None:
    if value is None or not has_previous:
        return None
    return ("+" if value > 0 else "") + formatter(value)


area = t("area_selection", lang) if view.districts else t("area_hamburg", lang)
total_end = uptake_end.filter(pl.col("district") == "Σ")["uptake"][0]
total_start = uptake_start.filter(pl.col("district") == "Σ")["uptake"][0]
conversion, conversion_before = (
    ratio(totals["popup_activations"], totals["visits"]),
    ratio(before["popup_activations"], before["visits"]),
)
cost, cost_before = (
    ratio(totals["cost_eur"], totals["costed_activations"]),
    ratio(before["cost_eur"], before["costed_activations"]),
)
previous_help = t("previous_help", lang, start=fmt.date(previous_from, lang), end=fmt.date(previous_to, lang))
n_districts = uptake_end.height - 1

row1, row2 = st.columns(3), st.columns(3)
row1[0].metric(
    t("tile_visits", lang),
    fmt.number(totals["visits"], lang),
    border=True,
    help=previous_help,
    delta=signed(totals["visits"] - before["visits"], lambda v: fmt.number(v, lang)),
)
row1[1].metric(
    t("tile_activations", lang),
    fmt.number(totals["popup_activations"], lang),
    border=True,
    help=previous_help,
    delta=signed(totals["popup_activations"] - before["popup_activations"], lambda v: fmt.number(v, lang)),
)
row1[2].metric(
    t("tile_conversion", lang),
    fmt.percent(conversion, lang),
    border=True,
    help=previous_help,
    delta=None
    if conversion is None or conversion_before is None
    else fmt.points(100 * (conversion - conversion_before), lang, 1),
)
row2[0].metric(
    t("tile_uptake", lang, area=area),
    fmt.percent(total_end, lang),
    border=True,
    delta=fmt.points(100 * (total_end - total_start), lang) if has_previous else None,
    help=t("tile_uptake_delta", lang, value=fmt.points(100 * (total_end - context.baseline), lang))
    + ". "
    + previous_help,
)
row2[1].metric(
    t("tile_above", lang),
    f"{above(uptake_end)} {t('of_districts', lang, n=n_districts)}",
    border=True,
    help=previous_help,
    delta=signed(above(uptake_end) - above(uptake_start), str),
)
row2[2].metric(
    t("tile_cost", lang),
    fmt.euro(cost, lang),
    border=True,
    delta_color="inverse",
    help=t("cost_help", lang) + " " + previous_help,
    delta=None
    if cost is None or cost_before is None or not has_previous
    else ("+" if cost > cost_before else "") + fmt.euro(cost - cost_before, lang),
)
gap = 100 * (total_end - context.baseline)
st.markdown(
    t(
        "baseline_gap_above" if gap >= 0 else "baseline_gap_below",
        lang,
        area=t("area_hamburg", lang) if not view.districts else t("area_selection", lang).capitalize(),
        gap=fmt.points(abs(gap), lang, signed=False),
        baseline=fmt.percent(context.baseline, lang),
    )
)

stops = data.query("stops")
stop_kpis = data.exported("stop_kpis", view.selection())
if stop_kpis.height:
    ranked = stop_kpis.with_columns(
        per_day=pl.col("popup_activations") / pl.when(pl.col("open_days") > 0).then(pl.col("open_days"))
    ).sort("per_day", descending=True, nulls_last=True)

    def sentence(key: str, row: dict) -> str:
        return t(
            key,
            lang,
            venue=fmt.plain(row["venue"]),
            district=row["district"],
            start=fmt.date(row["start_date"], lang),
            end=fmt.date(row["end_date"], lang),
            value=fmt.number(row["per_day"], lang, 1),
            conversion=fmt.percent(row["conversion_rate"], lang),
        )

    lines = [sentence("strongest", ranked.row(0, named=True))]
    if ranked.height > 1:
        lines.append(sentence("weakest", ranked.row(-1, named=True)))
    st.markdown("  \n".join(lines))
    st.caption(t("ranking_rule", lang))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("uptake_over_time_selection" if view.districts else "uptake_over_time", lang))
    hamburg = series_days.filter(pl.col("district") == "Σ")
    shown_stops = stops.filter(pl.col("district").is_in(view.districts)) if view.districts else stops
    figure = charts.uptake_lines(
        hamburg, {"Σ": area}, shown_stops, context.baseline, lang, view.date_from, view.date_to
    )
    components.chart(
        figure,
        hamburg,
        {"date": (t("date", lang), "date"), "uptake": (t("uptake", lang), "share")},
        view,
        "uptake_hamburg",
    )
with right:
    st.subheader(t("map_title", lang))
    metric = st.radio(
        t("map_metric", lang),
        ["uptake", "lift"],
        horizontal=True,
        key="map_metric",
        format_func=lambda m: t(f"map_{m}", lang),
    )
    everywhere_end = data.query("uptake_at", day=end_day, districts=())
    everywhere_start = data.query("uptake_at", day=view.date_from - dt.timedelta(days=1), districts=())
    values = (
        everywhere_end.filter(pl.col("district") != "Σ")
        .join(everywhere_start.select("district", uptake_start="uptake"), on="district")
        .with_columns(lift=100 * (pl.col("uptake") - pl.col("uptake_start")))
        .with_columns(value=pl.col("uptake") if metric == "uptake" else pl.col("lift"))
    )
    value_format = "share" if metric == "uptake" else "pp"
    figure = charts.district_map(
        values,
        data.boundaries(),
        lang,
        value_format,
        t(f"map_{metric}", lang),
        baseline=context.baseline if metric == "uptake" else None,
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
