"""What each stop changed: Callaway & Sant'Anna (2021) group-time effects on the district x ISO-week panel.

The method, for a reader who knows statistics (docs/IMPACT_METHOD.md has the long form):
- Panel: district x ISO week; outcome per 10,000 residents 16+ (eID activations of all channels, or online
  transactions started with the eID). A district's cohort g is the week of its first stop's start_date.
- ATT(g, t) = [mean over cohort g of Y(t) - Y(g-1)] - [mean over controls of Y(t) - Y(g-1)]: universal base
  period g-1; controls are the districts not yet treated, cohort > max(t, g-1), and never-visited ones. A cell
  without any control is null, never extrapolated. The cell t = g-1 is 0 by construction.
- Aggregations: per stop, the mean of its identified cells from its cohort week to the week of its end_date;
  an event study for event weeks -8 ... +12 (cohorts weighted by size); overall, the mean of all identified
  stop-week cells. Extra outcome units of a stop = effect x weeks x residents 16+ / 10,000.
- Inference: seven districts, one per cohort, make analytic and bootstrap standard errors meaningless (a single
  treated unit's own noise never shows up in them). The intervals use in-time placebos instead: every estimate
  is repeated on pre-period cells, where the true effect is zero, with the same shape (the same cells shifted
  back in time, for every cohort); the pooled placebo estimates are the distribution of the estimation error,
  and the 95 % interval is the estimate minus their 97.5 % and 2.5 % quantiles. tests/test_impact.py shows by
  simulation that these intervals cover the true effect in about 95 % of campaigns.
- Pre-trends: the pre-period event-study effects (-8 ... -2) and a joint test: the mean of their squares
  against the same statistic over placebo sets of pre-period cells; a warning when p < 0.10.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np

from etl.config import SQL_DIR

OUTCOMES = ("activations", "eid_transactions")
EVENT_WEEKS = range(-8, 13)
PRE_TREND_WEEKS = range(-8, -1)
ALPHA = 0.05
METHOD = (
    "Callaway & Sant'Anna (2021) ATT(g,t), no covariates, universal base period (week g-1), not-yet-treated and "
    "never-visited districts as controls; 95 % intervals from pooled in-time placebo estimates"
)


@dataclass
class Panel:
    """Outcome Y[unit, week] with the units' cohort week index (None: never visited)."""

    units: list[str]
    weeks: list[dt.date]
    y: np.ndarray
    cohort: list[int | None]
    population: list[int]


@dataclass
class Cells:
    """ATT(g, t) for every cohort g (rows, in week order) and week t (columns); NaN where not identified."""

    cohorts: list[int]  # week index of each cohort
    att: np.ndarray


def att_gt(y: np.ndarray, cohort: list[int | None]) -> Cells:
    """Group-time effects with a universal base period and not-yet-treated (plus never-treated) controls."""
    n_weeks = y.shape[1]
    never = n_weeks + 10**6
    g_of = np.array([never if c is None else c for c in cohort])
    cohorts = sorted({c for c in cohort if c is not None and 1 <= c < n_weeks})
    att = np.full((len(cohorts), n_weeks), np.nan)
    weeks = np.arange(n_weeks)
    for k, g in enumerate(cohorts):
        base = g - 1
        change = y - y[:, [base]]
        treated = g_of == g
        treated_mean = change[treated].mean(axis=0)
        control = (g_of[:, None] > np.maximum(weeks, base)[None, :]) & ~treated[:, None]
        n_control = control.sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            control_mean = (change * control).sum(axis=0) / n_control
        att[k] = np.where(n_control > 0, treated_mean - control_mean, np.nan)
    return Cells(cohorts, att)


def _interval(estimate: float, placebos: np.ndarray) -> tuple[float | None, float | None]:
    placebos = placebos[np.isfinite(placebos)]
    if not np.isfinite(estimate) or placebos.size < 2:
        return None, None
    low, high = np.quantile(placebos, [ALPHA / 2, 1 - ALPHA / 2])
    return float(estimate - high), float(estimate - low)


def _pre_cells(cells: Cells) -> list[tuple[int, int]]:
    """Every identified pre-period cell (t < g-1): its true effect is zero."""
    return [(k, t) for k, g in enumerate(cells.cohorts) for t in range(g - 1) if np.isfinite(cells.att[k, t])]


def _window_placebos(cells: Cells, pattern: list[tuple[int, int]], min_share: float = 0.5) -> np.ndarray:
    """The mean over `pattern` (cohort, offset from its cohort week) moved back by every shift into the pre-period:
    one placebo estimate per shift. A cohort whose moved cells are not all identified pre-period cells drops out
    of that shift; a shift counts while at least `min_share` of the pattern's cells remain."""
    values = []
    longest = max(cells.cohorts) if cells.cohorts else 0
    by_cohort: dict[int, list[int]] = {}
    for k, offset in pattern:
        by_cohort.setdefault(k, []).append(offset)
    for shift in range(1, longest + 1):
        kept = []
        for k, offsets in by_cohort.items():
            moved = [cells.cohorts[k] + o - shift for o in offsets]
            if all(0 <= t < cells.cohorts[k] - 1 and np.isfinite(cells.att[k, t]) for t in moved):
                kept += [cells.att[k, t] for t in moved]
        if kept and len(kept) >= min_share * len(pattern):
            values.append(np.mean(kept))
    return np.array(values)


def _pooled_placebos(cells: Cells, length: int) -> np.ndarray:
    """Placebo means over `length` consecutive pre-period weeks of one cohort, pooled over all cohorts."""
    pools = [_window_placebos(cells, [(k, o) for o in range(length)], min_share=1.0) for k in range(len(cells.cohorts))]
    return np.concatenate(pools) if pools else np.array([])


def estimate(panel: Panel, stops: list[dict]) -> dict:
    """Every cell, the event study, the effect of each stop and overall, with intervals and the pre-trend test."""
    cells = att_gt(panel.y, panel.cohort)
    index = {g: k for k, g in enumerate(cells.cohorts)}
    unit_of = {c: panel.units[i] for i, c in enumerate(panel.cohort) if c is not None}
    single_placebos = np.array([cells.att[k, t] for k, t in _pre_cells(cells)])

    rows = []
    for k, g in enumerate(cells.cohorts):
        for t, week in enumerate(panel.weeks):
            value = cells.att[k, t]
            low, high = (0.0, 0.0) if t == g - 1 else _interval(value, single_placebos)
            rows.append(
                {
                    "district": unit_of[g],
                    "cohort_week": panel.weeks[g],
                    "week": week,
                    "att": None if not np.isfinite(value) else float(value),
                    "ci_low": low,
                    "ci_high": high,
                }
            )

    event_study: list[dict[str, Any]] = []
    for e in EVENT_WEEKS:
        pattern = [
            (k, e)
            for k, g in enumerate(cells.cohorts)
            if 0 <= g + e < len(panel.weeks) and np.isfinite(cells.att[k, g + e])
        ]
        if not pattern:
            event_study.append({"event_week": e, "att": None, "ci_low": None, "ci_high": None})
            continue
        if e == -1:  # the base week: 0 by construction
            event_study.append({"event_week": e, "att": 0.0, "ci_low": 0.0, "ci_high": 0.0})
            continue
        value = float(np.mean([cells.att[k, cells.cohorts[k] + e] for k, _ in pattern]))
        shape = [(k, 0) for k, _ in pattern]  # the same cohorts, one cell each
        low, high = _interval(value, _window_placebos(cells, shape))
        event_study.append({"event_week": e, "att": value, "ci_low": low, "ci_high": high})

    by_stop, overall_cells = [], []
    for stop in stops:
        g = stop["cohort_index"]
        if g not in index:
            continue
        k = index[g]
        last = min(stop["end_index"], len(panel.weeks) - 1)
        identified = [t for t in range(g, last + 1) if np.isfinite(cells.att[k, t])]
        weeks = last - g + 1
        if identified:
            value = float(np.mean(cells.att[k, identified]))
            low, high = _interval(value, _pooled_placebos(cells, len(identified)))
        else:
            value, low, high = None, None, None
        scale = weeks * stop["population_16plus"] / 10_000
        by_stop.append(
            {
                "stop_id": stop["stop_id"],
                "district": stop["district"],
                "att": value,
                "ci_low": low,
                "ci_high": high,
                "weeks": weeks,
                "extra": None if value is None else value * scale,
                "extra_low": None if low is None else low * scale,
                "extra_high": None if high is None else high * scale,
            }
        )
        overall_cells += [(k, t - g) for t in identified]

    if overall_cells:
        value = float(np.mean([cells.att[k, cells.cohorts[k] + o] for k, o in overall_cells]))
        low, high = _interval(value, _window_placebos(cells, overall_cells))
        overall = {"att": value, "ci_low": low, "ci_high": high}
    else:
        overall = {"att": None, "ci_low": None, "ci_high": None}

    pretrend = _pretrend(cells, event_study)
    return {
        "cells": rows,
        "event_study": event_study,
        "by_stop": by_stop,
        "overall": overall,
        "pretrend": pretrend,
        "n_cohorts": len(cells.cohorts),
        "never_visited": [u for u, c in zip(panel.units, panel.cohort, strict=True) if c is None],
    }


def _event_mean(cells: Cells, e: int, shift: int = 0) -> float | None:
    """Mean over cohorts of the pre-period cell e - shift weeks from the cohort week (None if none is identified)."""
    values = [
        cells.att[k, g + e - shift]
        for k, g in enumerate(cells.cohorts)
        if 0 <= g + e - shift < g - 1 and np.isfinite(cells.att[k, g + e - shift])
    ]
    return float(np.mean(values)) if values else None


def _pretrend(cells: Cells, event_study: list[dict]) -> dict:
    """Joint test of the pre-period event-study effects (-8 ... -2): the mean of their squares, against the same
    statistic on earlier stretches of the pre-period (every cohort shifted further back), where nothing happened."""
    weeks = [
        row["event_week"] for row in event_study if row["event_week"] in PRE_TREND_WEEKS and row["att"] is not None
    ]
    if not weeks:
        return {"event_weeks": [], "statistic": None, "p_value": None, "placebo_sets": 0}
    statistic = float(np.mean(np.square([_event_mean(cells, e) or 0.0 for e in weeks])))
    placebo = []
    for shift in range(1, max(cells.cohorts) + 1):
        means = [_event_mean(cells, e, shift) for e in weeks]
        known = [m for m in means if m is not None]
        if len(known) == len(means):
            placebo.append(float(np.mean(np.square(known))))
    p_value = (1 + sum(v >= statistic for v in placebo)) / (1 + len(placebo)) if placebo else None
    return {"event_weeks": weeks, "statistic": statistic, "p_value": p_value, "placebo_sets": len(placebo)}


def load_panel(con: duckdb.DuckDBPyConnection, outcome: str) -> tuple[Panel, list[dict]]:
    """The panel and the stops (with their cohort and last week as indices into the panel's weeks)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; choose one of {', '.join(OUTCOMES)}")
    sql = (SQL_DIR / "impact" / "panel.sql").read_text(encoding="utf-8")
    rows = con.sql(sql, params={"outcome": outcome}).fetchall()
    units = list(dict.fromkeys(r[1] for r in rows))
    weeks = sorted({r[3] for r in rows})
    position = {w: i for i, w in enumerate(weeks)}
    y = np.zeros((len(units), len(weeks)))
    cohort: dict[str, int | None] = {}
    population: dict[str, int] = {}
    for _, district, people, week, cohort_week, value in rows:
        y[units.index(district), position[week]] = value
        cohort[district] = position.get(cohort_week) if cohort_week is not None else None
        population[district] = people
    stops = []
    for stop_id, district, start, end in con.sql(
        "select stop_id, district, start_date, end_date from stg_stops order by start_date, stop_id"
    ).fetchall():
        first = start - dt.timedelta(days=start.weekday())
        last = end - dt.timedelta(days=end.weekday())
        index = cohort.get(district)
        if index is not None and weeks and first == weeks[index]:  # the district's first stop
            stops.append(
                {
                    "stop_id": stop_id,
                    "district": district,
                    "cohort_index": position[first],
                    "end_index": position.get(last, len(weeks) - 1),
                    "population_16plus": population[district],
                }
            )
    panel = Panel(units, weeks, y, [cohort[u] for u in units], [population[u] for u in units])
    return panel, stops


WARNINGS = {
    "pretrend": "pre-trends: the pre-period effects are jointly unusual (p = {p:.3f}); the parallel-trends "
    "assumption is in doubt, read the effects with care",
    "no_never_treated": "no never-visited district: the last visited district has no control once it is visited, "
    "so its effect cannot be estimated, and late cohorts rest on few controls",
    "few_units": "only seven districts: every interval rests on placebo estimates from the pre-period, not on many "
    "independent units",
    "spillover": "spill-over: visitors from other districts (the central Europa-Passage above all) raise the "
    "control districts too, which biases effects towards zero",
    "anticipation": "anticipation: citywide posters before a stop can move outcomes in the base week; effects are "
    "measured against the week before each stop",
}


def _warning(code: str, **values) -> dict:
    """A warning as data: its code (the page words it in its language) and an English message."""
    return {"code": code, "message": WARNINGS[code].format(**values)}


def _warnings(result: dict) -> list[dict]:
    notes = []
    p = result["pretrend"]["p_value"]
    if p is not None and p < 0.10:
        notes.append(_warning("pretrend", p=p))
    if not result["never_visited"]:
        notes.append(_warning("no_never_treated"))
    if result["n_cohorts"] <= 7:
        notes.append(_warning("few_units"))
    notes += [_warning("spillover"), _warning("anticipation")]
    return notes


def counterfactual(panel: Panel, district: str) -> list[dict]:
    """For a visited district: observed outcome per week and the estimated counterfactual (observed - ATT(g, t))."""
    cells = att_gt(panel.y, panel.cohort)
    unit = panel.units.index(district)
    g = panel.cohort[unit]
    if g is None or g not in cells.cohorts:
        return []
    effects = cells.att[cells.cohorts.index(g)]
    return [
        {
            "week": week,
            "observed": float(panel.y[unit, t]),
            "counterfactual": float(panel.y[unit, t] - effects[t]) if np.isfinite(effects[t]) else None,
        }
        for t, week in enumerate(panel.weeks)
    ]


def run(con: duckdb.DuckDBPyConnection, outcome: str = "activations") -> tuple[dict, Panel]:
    """The JSON of `python -m etl impact --json`, and the panel it was estimated on."""
    panel, stops = load_panel(con, outcome)
    result = estimate(panel, stops)
    stop_of = {s["cohort_index"]: s["stop_id"] for s in stops}
    week_index = {w: i for i, w in enumerate(panel.weeks)}
    return {
        "outcome": outcome,
        "method": METHOD,
        "att_gt": [
            {
                "stop_id": stop_of.get(week_index[row["cohort_week"]]),
                "district": row["district"],
                "cohort_week": row["cohort_week"].isoformat(),
                "week": row["week"].isoformat(),
                "att": row["att"],
                "ci_low": row["ci_low"],
                "ci_high": row["ci_high"],
            }
            for row in result["cells"]
        ],
        "event_study": result["event_study"],
        "by_stop": result["by_stop"],
        "overall": result["overall"],
        "pretrend": result["pretrend"],
        "warnings": _warnings(result),
    }, panel


UNITS = {"activations": "eID activations", "eid_transactions": "eID-authenticated online transactions"}


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def summary(result: dict) -> str:
    """The estimate in a few readable lines (python -m etl impact without --json)."""
    unit = UNITS[result["outcome"]]
    lines = [f"Effect of the pop-up on weekly {unit} per 10,000 residents 16+", f"({result['method']})", ""]
    for stop in result["by_stop"]:
        lines.append(
            f"{stop['stop_id']:<10} {stop['district']:<14} {_number(stop['att']):>7} per week  "
            f"95 % interval {_number(stop['ci_low'])} to {_number(stop['ci_high'])}; "
            f"{stop['weeks']} weeks: {_number(stop['extra'], 0)} extra "
            f"({_number(stop['extra_low'], 0)} to {_number(stop['extra_high'], 0)})"
        )
    overall = result["overall"]
    lines += [
        "",
        f"overall: {_number(overall['att'])} per week (95 % interval {_number(overall['ci_low'])} to "
        f"{_number(overall['ci_high'])})",
    ]
    pretrend = result["pretrend"]
    if pretrend["p_value"] is not None:
        lines.append(
            f"pre-trends: joint test of event weeks {pretrend['event_weeks'][0]} to "
            f"{pretrend['event_weeks'][-1]}: p = {pretrend['p_value']:.3f}"
        )
    lines += ["", *[f"note: {w['message']}" for w in result["warnings"]]]
    return "\n".join(lines)
