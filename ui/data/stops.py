"""The stops as the comparison page and the overview show them: every stop KPI of the selection, and the stops
normalised per open day, per 1,000 residents 16+ or per opening hour."""

from __future__ import annotations

import polars as pl

from etl import disclosure
from etl.export import Selection
from ui.data import published
from ui.data.store import exported, query
from ui.state import View

BASES = ("per_open_day", "per_1000", "per_hour")
# The stop table on the page: what answers "how did my stop do" first, the rest of the registry after it.
FIRST_COLUMNS = (
    "venue",
    "district",
    "start_date",
    "end_date",
    "visits",
    "popup_activations",
    "conversion_rate",
    "popup_activations_per_1000",
    "visits_per_open_day",
    "cost_per_activation",
    "uptake_lift_pp",
)
MEASURES = ("popup_activations", "visits")


def kpi_rows(selection: Selection) -> pl.DataFrame:
    """The rows of the export stop_kpis for the selection (etl.export); for a session below the analyst role
    with the stops' visits and pop-up activations as published and the KPIs made from them (ui.data.published)."""
    rows = exported("stop_kpis", selection)
    return published.with_counts(rows) if published.applies() else rows


def stop_rows() -> pl.DataFrame:
    """The stops (mart_stops: registry, open days, normalisations); for a session below the analyst role with the
    visits and pop-up activations as published and the normalisations made from them."""
    every = query("stops")
    return published.with_counts(every) if published.applies() else every


def stop_kpis(view: View) -> pl.DataFrame:
    """Every stop KPI (registry order) of the stops in the selection. A mean satisfaction of fewer ratings than
    the disclosure threshold is left out (etl.disclosure): with one or two ratings it would tell a rating."""
    rows = kpi_rows(view.selection())
    ratings = query("stops").select("stop_id", "satisfaction_ratings")
    return (
        rows.join(ratings, on="stop_id", how="left", maintain_order="left")
        .with_columns(
            avg_satisfaction=pl.when(pl.col("satisfaction_ratings") >= disclosure.threshold()).then(
                pl.col("avg_satisfaction")
            )
        )
        .drop("satisfaction_ratings")
    )


def normalised(kpis: pl.DataFrame, basis: str, measure: str) -> pl.DataFrame:
    """The stops of `kpis` with their `measure` (visits or pop-up activations) per open day, per 1,000 residents
    16+ of the stop's district, or per opening hour (mart_stops), as `normalised`; null where not defined."""
    suffix = {"per_open_day": "per_open_day", "per_1000": "per_1000", "per_hour": "per_hour"}[basis]
    stops = stop_rows().select("stop_id", normalised=pl.col(f"{measure}_{suffix}"))
    return kpis.join(stops, on="stop_id", maintain_order="left").select(
        "stop_id",
        (pl.col("venue") + " (" + pl.col("district") + ")").alias("label"),
        "district",
        measure,
        "normalised",
    )


def topics(stop_id: str, view: View) -> pl.DataFrame:
    """Visits of one stop by topic and outcome in the view's period: exact for an analyst, else as published
    (complete ISO weeks of the period, cell-key perturbed: ui.data.published)."""
    if published.applies():
        return published.topics(stop_id, view.date_from, view.date_to)
    return query("visits_by_topic", stop_id=stop_id, date_from=view.date_from, date_to=view.date_to)


def bands(view: View) -> pl.DataFrame:
    """The stops to shade on a time axis: those of the selected districts (every stop without a district filter)."""
    every = query("stops")
    return every.filter(pl.col("district").is_in(view.districts)) if view.districts else every


def table_columns() -> list[str]:
    """The stop KPIs in the order of the page's table."""
    from etl import registry

    return [*FIRST_COLUMNS, *(k for k in registry.keys("stop") if k not in FIRST_COLUMNS)]


def asked_services(view: View) -> pl.DataFrame:
    """The services people were helped with at the pop-up in the view's period and selection: exact for an
    analyst, else as published (complete ISO weeks, cell-key perturbed: ui.data.published)."""
    if published.applies():
        return published.asked_services(view.date_from, view.date_to, tuple(view.districts), tuple(view.stops))
    return query("asked_services", **view.params())
