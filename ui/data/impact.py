"""The impact estimate (etl.impact) for the impact page: the report, each stop with its venue, the event study,
per visited district its observed outcome against the estimated counterfactual, and the planner; cached per
warehouse version and design."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import cast

import polars as pl
import streamlit as st

from ui.data.store import Version, cursor, query, version


@dataclass(frozen=True)
class Impact:
    report: dict  # the JSON of `python -m etl impact --json`
    by_stop: pl.DataFrame  # one row per stop: label (venue, district), the effect, direct / indirect / total
    event_study: pl.DataFrame
    counterfactuals: dict[str, pl.DataFrame]  # per visited district: week, observed, counterfactual
    # per stop with a spill-over: the ISO weeks (Mondays) its visitors from other districts are counted in
    spill_weeks: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)

    @property
    def warning_codes(self) -> set[str]:
        return {w["code"] for w in self.report["warnings"]}

    def warning(self, code: str) -> dict | None:
        return next((w for w in self.report["warnings"] if w["code"] == code), None)

    @property
    def names(self) -> dict[str, str]:
        """stop_id: "venue (district)", for sentences that name stops."""
        return dict(self.by_stop.select("stop_id", "label").iter_rows())


def _by_stop(report: dict) -> pl.DataFrame:
    venues = dict(query("stops").select("stop_id", "venue").iter_rows())
    rows = [
        {
            "stop_id": s["stop_id"],
            "district": s["district"],
            "label": f"{venues.get(s['stop_id'], s['stop_id'])} ({s['district']})",
            "att": s["att"],
            "ci_low": s["ci_low"],
            "ci_high": s["ci_high"],
            "level": s["level"],
            "mde": s["mde"],
            "mde_extra": s["mde_extra"],
            "spillover": None if s.get("spillover") is None else s["spillover"]["extra"],
            "spillover_low": None if s.get("spillover") is None else s["spillover"]["extra_low"],
            "spillover_high": None if s.get("spillover") is None else s["spillover"]["extra_high"],
            "spillover_districts": 0 if s.get("spillover") is None else len(s["spillover"]["districts"]),
            "identified_weeks": s["identified_weeks"],
            "weeks": s["weeks"],
            "direct": s["direct_activations"],
            "direct_own_district": s["direct_own_district"],
            "indirect": s["extra"],
            "indirect_low": s["extra_low"],
            "indirect_high": s["extra_high"],
            # the total as shown beside its parts, so that they add up to it (etl.impact.results.shown_total)
            "total": s["extra_total"].get("shown", s["extra_total"]["value"]),
            "total_low": s["extra_total"]["ci_low"],
            "total_high": s["extra_total"]["ci_high"],
            "breakdown_trend": s["breakdown_trend"],
            "controls": ", ".join(s["controls"]),
            "leave_one_out": s["leave_one_out"],
            "not_estimated": s.get("not_estimated"),
        }
        for s in report["by_stop"]
    ]
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "stop_id": pl.String,
        "district": pl.String,
        "label": pl.String,
        **{k: pl.Float64 for k in ("att", "ci_low", "ci_high", "level", "mde", "mde_extra")},
        **{k: pl.Float64 for k in ("spillover", "spillover_low", "spillover_high")},
        "spillover_districts": pl.Int64,
        "identified_weeks": pl.Int64,
        "weeks": pl.Int64,
        "direct": pl.Int64,
        "direct_own_district": pl.Int64,
        **{k: pl.Float64 for k in ("indirect", "indirect_low", "indirect_high", "total", "total_low", "total_high")},
        "breakdown_trend": pl.Float64,
        "controls": pl.String,
        "leave_one_out": pl.List(pl.Struct({"district": pl.String, "att": pl.Float64})),
        "not_estimated": pl.String,
    }
    return pl.DataFrame(rows, schema=schema)


@st.cache_data(show_spinner=False, max_entries=16)
def _impact(outcome: str, base: str, anticipation: int, version_: Version) -> Impact:
    from etl import impact

    with cursor() as con:
        report, estimate = impact.report(con, outcome, impact.Design(base, anticipation=anticipation))
    visited = [s.stop.unit for s in estimate.stops]
    spilled = {s["stop_id"] for s in report["by_stop"] if s.get("spillover") is not None}
    return Impact(
        report,
        _by_stop(report),
        pl.DataFrame(report["event_study"], infer_schema_length=None),
        {unit: pl.DataFrame(estimate.counterfactual(unit), infer_schema_length=None) for unit in visited},
        {
            s.stop.stop_id: tuple(cast(dt.date, estimate.panel.periods[i]) for i in s.identified)  # Mondays
            for s in estimate.stops
            if s.stop.stop_id in spilled
        },
    )


def estimate(outcome: str, base: str = "mean", anticipation: int = 0) -> Impact:
    """The estimate, with each stop's pop-up activations by residents of its district (`direct_own_district`) as
    this session may be told them: null where the count or its complement (the stop's other pop-up activations)
    lies between 1 and threshold − 1, or the stop's visitors are not open to the session; for a role below
    analyst the published count (ui.data.published). So no sentence names a count a table would hide."""
    from ui.data import published

    found = _impact(outcome, base, anticipation, version())
    if published.applies():
        found = _direct_as_published(_spillover_as_published(found))
    return replace(found, by_stop=_own_district_as_shown(found.by_stop))


def _spillover_as_published(found: Impact) -> Impact:
    """For a role below analyst: each stop's spill-over in outcome units (beta × its visitors from other districts
    in its identified weeks) with the visitors as published (ui.data.published.visitors_from_elsewhere: one
    cell-key perturbed cell, None below the threshold) instead of their exact count, which the shown figures gave
    away (extra / beta, or the interval's width / beta's) and which grew by each week's visitors from load to load;
    the stop's total and the campaign's spill-over (all stops' visitors as one published cell) and total moved
    with it, and no figure made from a hidden count. Beta, the effects and their intervals are unchanged."""
    from ui.data import published

    if not found.spill_weeks:
        return found
    exact = {s["stop_id"]: s["spillover"] for s in found.report["by_stop"] if s.get("spillover") is not None}
    shown = {stop_id: published.visitors_from_elsewhere({stop_id: found.spill_weeks[stop_id]}) for stop_id in exact}

    def part(stop_id: str, key: str) -> float | None:  # beta's value or bound x the published visitors
        rate, visitors = exact.get(stop_id, {}).get(key), shown.get(stop_id)
        return None if rate is None or visitors is None else rate * visitors

    rows = found.by_stop.select("stop_id", "spillover", "total", "total_low", "total_high").iter_rows()
    moved: dict[str, list] = {
        k: [] for k in ("spillover", "spillover_low", "spillover_high", "total", "total_low", "total_high")
    }
    for stop_id, spill, *bounds in rows:
        new = part(stop_id, "att")
        for key, rate in (("spillover", "att"), ("spillover_low", "ci_low"), ("spillover_high", "ci_high")):
            moved[key].append(part(stop_id, rate))
        for key, value in zip(("total", "total_low", "total_high"), bounds, strict=True):
            if stop_id not in exact or value is None:
                moved[key].append(value)
            elif new is None:  # the spill-over's visitors are hidden: no total made from them
                moved[key].append(None)
            elif key == "total":  # as shown: the parts rounded first (etl.impact.results.shown_total)
                moved[key].append(value - round(spill) + round(new))
            else:
                moved[key].append(value + new - spill)
    by_stop = found.by_stop.with_columns(**{k: pl.Series(v, dtype=pl.Float64) for k, v in moved.items()})

    totals = dict(found.report["totals"])
    if totals.get("spillover") is not None:
        campaign = dict(totals["spillover"])
        visitors = published.visitors_from_elsewhere({s: found.spill_weeks[s] for s in exact})
        beta, first = campaign["att"], next(iter(exact.values()))
        spill = None if visitors is None else beta * visitors
        campaign.update(
            visitors=visitors,
            value=spill,
            shown=None if spill is None else round(spill),
            **{
                k: None if visitors is None or first[k] is None else first[k] * visitors
                for k in ("ci_low", "ci_high", "mde")
            },
        )
        total = dict(totals["extra_total"])
        for key in ("value", "ci_low", "ci_high", "shown"):  # the spill-over's part swapped: as shown, or its value
            which = "shown" if key == "shown" else "value"
            if total.get(key) is not None:
                total[key] = None if spill is None else total[key] - totals["spillover"][which] + campaign[which]
        totals.update(spillover=campaign, extra_total=total)
    report_stops = [
        {**s, "spillover": None} if s["stop_id"] in exact else s for s in found.report["by_stop"]
    ]  # the exact visitors are not handed on with the report
    return replace(found, report={**found.report, "by_stop": report_stops, "totals": totals}, by_stop=by_stop)


def _direct_as_published(found: Impact) -> Impact:
    """For a role below analyst: each stop's pop-up activations (`direct`) as published (ui.data.published:
    groups of complete weeks, cell-key perturbed, None below the threshold) instead of the exact count of every
    daily load, and every figure made from it moved with it — the stop's total and its interval (direct + the
    estimated extra), the campaign's pop-up activations (all stops' as one published cell), its total and its
    costs per activation (none where the campaign's count is not published). The estimates themselves (office and
    self-service channels) are unchanged. Being perturbed each, the stops' published counts need not add up to the
    campaign's (the page says the counts are published)."""
    from etl.impact.results import costs
    from ui.data import published

    shown = [
        None if direct is None else published.popup_activations(stop_id)
        for stop_id, direct in found.by_stop.select("stop_id", "direct").iter_rows()
    ]
    # a stop whose count is hidden gets no total either (counted + estimated, with the counted part untold)
    shift = pl.Series(shown, dtype=pl.Int64) - found.by_stop["direct"]
    by_stop = found.by_stop.with_columns(
        direct=pl.Series(shown, dtype=pl.Int64),
        **{part: pl.col(part) + shift for part in ("total", "total_low", "total_high")},
    )
    totals = dict(found.report["totals"])
    if totals.get("direct_activations") is not None:
        counted = [s for s, d in found.by_stop.select("stop_id", "direct").iter_rows() if d is not None]
        direct = published.campaign_popup_activations(counted)
        total = dict(totals["extra_total"])
        moved = None if direct is None else direct - totals["direct_activations"]
        for part in ("value", "ci_low", "ci_high", "shown"):  # no total where the counted part is not told
            total[part] = None if total.get(part) is None or moved is None else total[part] + moved
        totals.update(direct_activations=direct, extra_total=total)
        totals.update(costs(totals.get("cost_eur"), direct, total))
    return replace(found, report={**found.report, "totals": totals}, by_stop=by_stop)


def _own_district_as_shown(by_stop: pl.DataFrame) -> pl.DataFrame:
    from etl import disclosure
    from ui.data import published, visitors

    minimum = disclosure.threshold()
    shown: list[int | None] = []
    for stop in by_stop.select("stop_id", "direct", "direct_own_district").iter_rows(named=True):
        if not visitors.may_see(stop["stop_id"]) or stop["direct_own_district"] is None:
            shown.append(None)
        elif published.applies():
            shown.append(published.own_district_activations(stop["stop_id"]))
        else:
            own, others = stop["direct_own_district"], (stop["direct"] or 0) - stop["direct_own_district"]
            shown.append(None if 0 < own < minimum or 0 < others < minimum else own)
    return by_stop.with_columns(direct_own_district=pl.Series(shown, dtype=pl.Int64))


def leave_one_out(impact: Impact) -> pl.DataFrame:
    """One row per stop and left-out comparison district: the estimate without it, and whether it leaves the
    stop's interval."""
    rows = []
    for stop in impact.by_stop.iter_rows(named=True):
        for entry in stop["leave_one_out"] or []:
            outside = (
                stop["ci_low"] is not None
                and entry["att"] is not None
                and not stop["ci_low"] <= entry["att"] <= stop["ci_high"]
            )
            rows.append(
                {"label": stop["label"], "left_out": entry["district"], "att": entry["att"], "outside": outside}
            )
    return pl.DataFrame(
        rows, schema={"label": pl.String, "left_out": pl.String, "att": pl.Float64, "outside": pl.Boolean}
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _plan(district: str, weeks: int, outcome: str, version_: Version) -> dict:
    from etl import impact
    from etl.impact.planner import PlanError

    with cursor() as con:
        try:
            return impact.plan(con, district, weeks, outcome)
        except PlanError as exc:  # no estimate can come from this plan: the page says why
            return {"district": district, "weeks": weeks, "mde": None, "refused": exc.code, "warnings": []}


def plan(district: str, weeks: int, outcome: str) -> dict:
    """The planner (etl.impact.planner): MDE, MDE by stop length and the power curve of a next stop."""
    return _plan(district, weeks, outcome, version())
