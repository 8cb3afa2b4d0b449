"""The overview's figures as typed results: the KPI tiles with their change against the period before, the
districts for the map, the stops ranked. Everything is computed here or in SQL; the page only lays it out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from ui.data import published
from ui.data.store import is_published, query
from ui.state import View


@dataclass(frozen=True)
class Totals:
    """Visits, pop-up activations and cost of a period (ui/sql/period_totals.sql)."""

    visits: int | None  # None: below the threshold as published (ui.data.published)
    popup_activations: int | None
    conversion_rate: float | None
    cost_per_activation: float | None

    @classmethod
    def of(cls, view: View, date_from: dt.date, date_to: dt.date) -> Totals:
        """The period's totals: exact for an analyst; else as published, over the period's complete ISO weeks
        and cell-key perturbed (ui.data.published), so that two periods a day apart give no day's count."""
        if is_published():
            return cls.published(view, date_from, date_to)
        row = query("period_totals", **view.params(date_from=date_from, date_to=date_to)).row(0, named=True)
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})

    @classmethod
    def published(cls, view: View, date_from: dt.date, date_to: dt.date) -> Totals:
        counts = published.period_counts(date_from, date_to, tuple(view.districts), tuple(view.stops))
        if counts.first > counts.last:
            return cls(0, 0, None, None)
        row = query("period_totals", **view.params(date_from=counts.first, date_to=counts.last)).row(0, named=True)
        cost = (row["cost_per_activation"] or 0) * counts.exact_costed_activations
        visits, activations = counts.visits, counts.popup_activations
        return cls(
            visits,
            activations,
            activations / visits if visits and activations is not None else None,
            cost / counts.costed_activations if row["cost_per_activation"] and counts.costed_activations else None,
        )


@dataclass(frozen=True)
class Uptake:
    """Estimated uptake of the selection (all districts: Hamburg) on a day, and how many districts reach the
    national baseline."""

    pooled: float | None
    districts_above: int
    districts: int

    @classmethod
    def on(cls, view: View, day: dt.date) -> Uptake:
        by_district = query("uptake_at", day=day, districts=view.districts)
        pooled = query("uptake_pooled_at", day=day, districts=view.districts)["uptake"][0]
        above = by_district.filter(pl.col("uptake") >= view.context.baseline).height
        return cls(pooled, above, by_district.height)


def _difference(now, before):
    return None if now is None or before is None else now - before


@dataclass(frozen=True)
class Tiles:
    """The overview's six tiles for the view's period, and the same for the period before (None: no data)."""

    current: Totals
    previous: Totals | None
    previous_period: tuple[dt.date, dt.date]
    uptake_end: Uptake
    uptake_start: Uptake
    baseline: float

    def change(self, name: str):
        """Now minus before for a field of Totals; None without a previous period or a value."""
        if self.previous is None:
            return None
        return _difference(getattr(self.current, name), getattr(self.previous, name))

    @property
    def uptake_change_pp(self) -> float | None:
        if self.previous is None:
            return None
        change = _difference(self.uptake_end.pooled, self.uptake_start.pooled)
        return None if change is None else 100 * change

    @property
    def above_change(self) -> int | None:
        return None if self.previous is None else self.uptake_end.districts_above - self.uptake_start.districts_above

    @property
    def baseline_gap_pp(self) -> float | None:
        """How far the selection's uptake at the end of the period lies above (+) or below (−) the baseline."""
        return None if self.uptake_end.pooled is None else 100 * (self.uptake_end.pooled - self.baseline)


def tiles(view: View) -> Tiles:
    previous_from, previous_to = view.previous
    # a comparison only with a period that lies wholly within the data: a period before the data would show
    # every change as everything, a clipped one would compare periods of different length
    has_previous = previous_from >= view.context.data_start
    end_day = min(view.date_to, view.context.as_of) if view.context.as_of else view.date_to
    return Tiles(
        current=Totals.of(view, view.date_from, view.date_to),
        previous=Totals.of(view, previous_from, previous_to) if has_previous else None,
        previous_period=(previous_from, previous_to),
        uptake_end=Uptake.on(view, end_day),
        uptake_start=Uptake.on(view, view.date_from - dt.timedelta(days=1)),
        baseline=view.context.baseline,
    )


def district_values(view: View, metric: str) -> pl.DataFrame:
    """Every district's uptake at the end of the period, its rise over the period (percentage points), and the
    chosen metric ("uptake" or "lift") as `value`, for the map."""
    end_day = min(view.date_to, view.context.as_of) if view.context.as_of else view.date_to
    end = query("uptake_at", day=end_day, districts=())
    start = query("uptake_at", day=view.date_from - dt.timedelta(days=1), districts=())
    return (
        end.select("district_id", "district", "uptake")
        .join(start.select("district", uptake_start="uptake"), on="district")
        .with_columns(lift=100 * (pl.col("uptake") - pl.col("uptake_start")))
        .with_columns(value=pl.col(metric if metric == "uptake" else "lift"))
        .sort("district_id")
    )


RANKING = "popup_activations_per_1000"


@dataclass(frozen=True)
class Ranking:
    """The stops of the selection by pop-up activations per 1,000 residents 16+ of their district (fair between
    large and small districts), strongest first; stops without a visit log are not ranked."""

    stops: pl.DataFrame  # every stop of the selection, with has_visits
    ranked: pl.DataFrame
    without_visits: list[str]  # venues of stops whose visit log is not loaded

    @property
    def strongest(self) -> dict | None:
        return self.ranked.row(0, named=True) if self.ranked.height else None

    @property
    def weakest(self) -> dict | None:
        return self.ranked.row(-1, named=True) if self.ranked.height > 1 else None


def ranking(stop_kpis: pl.DataFrame) -> Ranking:
    has_visits = query("stops").select("stop_id", "has_visits")
    stops = stop_kpis.join(has_visits, on="stop_id", how="left", maintain_order="left")
    ranked = stops.filter(pl.col("has_visits")).sort(RANKING, descending=True, nulls_last=True)
    return Ranking(stops, ranked, stops.filter(~pl.col("has_visits"))["venue"].to_list())
