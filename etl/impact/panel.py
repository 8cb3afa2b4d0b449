"""The panel the impact estimate runs on: units x periods with one outcome each, and when each unit was treated.

Two sources: the warehouse (districts x whole ISO weeks, outcome per 10,000 residents 16+, treated from the
week of the district's first stop to the week of its last day), and any file an analyst brings
(`python -m etl impact --panel FILE`: columns unit, period, outcome, first_treated, optional last_treated and
weight). A missing value is NaN, never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from etl.config import FOLLOW_UP_DAYS, SQL_DIR

Period = dt.date | int


@dataclass
class Stop:
    """One treated unit's treatment: a stop of the pop-up (warehouse) or a treated unit (panel file)."""

    stop_id: str
    unit: str
    first: int  # index of the first treated period
    last: int  # index of the last treated period (the stop's last week)
    weight: float  # residents 16+ (outcomes are per 10,000 of them): the "extra" conversion
    direct_activations: int | None = None  # the pop-up's own activations over the stop's days (warehouse only)
    direct_own_district: int | None = None
    cost_eur: float | None = None  # the stop's cost (warehouse only; None where unknown)
    # why the stop has no estimate of its own although its pop-up activations count (NOT_ESTIMATED); None: it has one
    not_estimated: str | None = None


# Stops whose pop-up activations count but whose effect the panel cannot estimate (first and last are then -1):
NOT_ESTIMATED = {
    "partial_week": "too short to estimate: it began in the last, partial week of the data, so no whole week of it "
    "can be compared yet",
    "before_panel": "it began before the panel's first whole week: no week before it to compare with",
    "repeat": "its district was visited before: the district counts as visited from its first stop on, and a "
    "second stop is not a new treatment",
}


@dataclass
class Panel:
    """Outcome y[unit, period] (NaN: missing), each unit's cohort (index of its first treated period, None: never
    treated), and the stops (treatments) on it."""

    units: list[str]
    periods: list[Period]
    y: np.ndarray
    cohort: list[int | None]
    weight: list[float]
    stops: list[Stop]
    # what the panel left out (partial weeks: first and last day), for the warnings
    dropped: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    missing: list[tuple[str, Period]] = field(default_factory=list)  # unit-periods without data
    # units treated at or before the panel's first period: cohort 0, never a comparison unit, not estimable
    always_treated: list[str] = field(default_factory=list)
    # exposure of each unit to each stop per period: the stop's visitors living in the unit per 10,000 of its
    # residents 16+ (etl/sql/impact/exposure.sql); empty where the data carry no residence (a panel file)
    exposure: dict[str, np.ndarray] = field(default_factory=dict)
    # per stop, the share of its visits without a residence (exposure counts the others only)
    residence_missing: dict[str, float] = field(default_factory=dict)
    # units with a treatment in the calendar after the panel's last period (no comparison units for a plan)
    scheduled: list[str] = field(default_factory=list)
    # stops with data whose pop-up activations count but which have no estimate of their own (Stop.not_estimated)
    counted_only: list[Stop] = field(default_factory=list)

    def total_exposure(self) -> np.ndarray | None:
        """The exposure of each unit in each period to all stops together (None without exposure data)."""
        if not self.exposure:
            return None
        return np.sum(list(self.exposure.values()), axis=0)

    def period_text(self, index: int) -> str | int:
        period = self.periods[index]
        return period.isoformat() if isinstance(period, dt.date) else period


class PanelError(ValueError):
    """A panel file that cannot be used as it is; the message says why (file, column, row)."""


def from_warehouse(con, outcome: str) -> Panel:
    """The districts x whole ISO weeks panel of `outcome` ("activations": channels citizen office and
    self-service; "eid_transactions"), with the stops; each district is treated from its first stop."""
    span = con.sql((SQL_DIR / "impact" / "span.sql").read_text(encoding="utf-8"), params={"outcome": outcome})
    first_day, last_day = span.fetchall()[0]
    rows = con.sql(
        (SQL_DIR / "impact" / "panel.sql").read_text(encoding="utf-8"),
        params={"outcome": outcome, "first_day": first_day, "last_day": last_day},
    )
    records = rows.fetchall()
    units = list(dict.fromkeys(r[1] for r in records))
    weeks = sorted({r[3] for r in records})
    position = {w: i for i, w in enumerate(weeks)}
    y = np.full((len(units), len(weeks)), np.nan)
    population: dict[str, float] = {}
    for _, district, people, week, value in records:
        if value is not None:
            y[units.index(district), position[week]] = value
        population[district] = float(people)
    stops, cohort, scheduled, counted_only = _stops(con, units, weeks, population, last_day)
    if outcome != "activations":  # no direct part: pop-up activations and the cost per extra activation are not
        for stop in stops + counted_only:  # in this outcome's units (adding them to transactions would mix two counts)
            stop.direct_activations = stop.direct_own_district = None
            stop.cost_eur = None
    panel = Panel(units, list(weeks), y, [cohort.get(u) for u in units], [population[u] for u in units], stops)
    panel.always_treated = [u for u in units if cohort.get(u) == 0]
    panel.scheduled = scheduled
    panel.counted_only = counted_only
    panel.exposure, panel.residence_missing = _exposure(con, units, weeks)
    panel.dropped = _dropped_weeks(first_day, last_day, weeks)
    panel.missing = [(units[i], weeks[t]) for i, t in np.argwhere(np.isnan(y))]
    return panel


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _stops(con, units: list[str], weeks: list[dt.date], population: dict[str, float], last_day: dt.date | None):
    """Each district's first stop as its treatment (a later stop in a district it has visited is not a new
    treatment), with the stop's first and last week as indices into the panel's weeks; and the stops with data
    (begun by the data's last day) that cannot be a treatment of their own, each with the reason (NOT_ESTIMATED):
    their pop-up activations still count."""
    position = {w: i for i, w in enumerate(weeks)}
    stops: list[Stop] = []
    counted_only: list[Stop] = []
    cohort: dict[str, int] = {}
    scheduled: list[str] = []
    query = (SQL_DIR / "impact" / "stops.sql").read_text(encoding="utf-8")
    records = con.sql(query, params={"follow_up_days": FOLLOW_UP_DAYS}).fetchall()
    for stop_id, district, start, end, direct, own, has_counts, cost in records:
        if district not in units:
            continue
        stop = Stop(
            stop_id,
            district,
            -1,
            -1,
            population[district],
            int(direct) if has_counts else None,
            int(own) if has_counts else None,
            None if cost is None else float(cost),
        )
        begun = last_day is not None and start <= last_day  # the data reach into the stop
        if district in cohort or district in scheduled:
            if begun:
                counted_only.append(replace(stop, not_estimated="repeat"))
            continue
        if weeks and _monday(start) < weeks[0]:  # visited before the panel's first whole week: always treated
            cohort[district] = 0  # never a comparison district, nothing to estimate (as a stop in the first week)
            counted_only.append(replace(stop, not_estimated="before_panel"))
            continue
        first = position.get(_monday(start))
        if first is None:  # the stop starts after the panel's whole weeks: not yet treated throughout
            scheduled.append(district)
            if begun:  # in the partial last week: its activations count, its effect has no whole week yet
                counted_only.append(replace(stop, not_estimated="partial_week"))
            continue
        cohort[district] = first
        stops.append(replace(stop, first=first, last=position.get(_monday(end), len(weeks) - 1)))
    return stops, cohort, scheduled, counted_only


def _exposure(con, units: list[str], weeks: list[dt.date]) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Per stop, units x weeks of its visitors per 10,000 residents 16+ by district of residence, and the share of
    its visits without a residence (a stop whose visits carry no residence at all has no exposure array)."""
    records = con.sql((SQL_DIR / "impact" / "exposure.sql").read_text(encoding="utf-8")).fetchall()
    position = {w: i for i, w in enumerate(weeks)}
    row = {u: i for i, u in enumerate(units)}
    exposure: dict[str, np.ndarray] = {}
    counted: dict[str, list[int]] = {}
    for stop_id, _, week, district, _, visitors, _, without, per_10000, _ in records:
        known, unknown = counted.setdefault(stop_id, [0, 0])
        counted[stop_id] = [known + int(visitors), unknown + int(without)]
        if visitors and week in position and district in row and per_10000 is not None:
            array = exposure.setdefault(stop_id, np.zeros((len(units), len(weeks))))
            array[row[district], position[week]] += float(per_10000)
    missing = {s: unknown / (known + unknown) for s, (known, unknown) in counted.items() if known + unknown}
    return exposure, missing


def _dropped_weeks(first_day: dt.date | None, last_day: dt.date, weeks: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """The partial ISO weeks at either end of the data that the panel leaves out, as (first, last) days."""
    if first_day is None:
        return []
    dropped = []
    if not weeks or first_day < weeks[0]:
        end = (weeks[0] - dt.timedelta(days=1)) if weeks else last_day
        dropped.append((first_day, min(end, last_day)))
    if weeks and last_day > weeks[-1] + dt.timedelta(days=6):
        dropped.append((weeks[-1] + dt.timedelta(days=7), last_day))
    return dropped


# --- a panel file ---------------------------------------------------------------------------------------------
REQUIRED = ("unit", "period", "outcome", "first_treated")
DEFAULT_WEIGHT = 10_000.0


def from_file(path: Path) -> Panel:
    """A panel from CSV or Parquet: unit, period (an integer such as a year, or an ISO date of a week's Monday),
    outcome (a number), first_treated (same type as period; empty or 0: never treated), optional last_treated
    (default: the panel's last period) and weight (residents; default 10,000). Every unit-period once."""
    import polars as pl

    try:
        frame = pl.read_parquet(path) if path.suffix.lower() == ".parquet" else pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise PanelError(f"{path.name}: cannot be read as a panel ({str(exc).splitlines()[0]})") from exc
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise PanelError(f"{path.name}: column {', '.join(repr(c) for c in missing)} is missing from the header")
    text = frame.with_columns(pl.all().cast(pl.String).str.strip_chars())
    parse_period = _period_parser(path, text["period"].to_list())
    rows = text.to_dicts()
    units = list(dict.fromkeys(r["unit"] for r in rows))
    periods = sorted({parse_period(r["period"], "period", n) for n, r in enumerate(rows, start=2)})
    index = {p: i for i, p in enumerate(periods)}
    y = np.full((len(units), len(periods)), np.nan)
    seen: set[tuple[str, Period]] = set()
    first: dict[str, Period | None] = {}
    last: dict[str, Period | None] = {}
    weight: dict[str, float] = {}
    for line, row in enumerate(rows, start=2):
        unit, period = row["unit"], parse_period(row["period"], "period", line)
        if not unit:
            raise PanelError(f"{path.name} line {line}, column 'unit': empty")
        if (unit, period) in seen:
            raise PanelError(f"{path.name} line {line}: unit {unit!r} and period {row['period']!r} appear twice")
        seen.add((unit, period))
        value = None if row["outcome"] in (None, "") else _number(row["outcome"], path, line, "outcome")
        if value is not None:
            y[units.index(unit), index[period]] = value
        treated = row["first_treated"]
        first[unit] = None if treated in (None, "", "0") else parse_period(treated, "first_treated", line)
        end = row.get("last_treated")
        last[unit] = None if end in (None, "", "0") else parse_period(end, "last_treated", line)
        raw_weight = row.get("weight")
        given = _number(raw_weight, path, line, "weight") if raw_weight not in (None, "") else None
        weight[unit] = DEFAULT_WEIGHT if given is None else given
    stops: list[Stop] = []
    cohort: list[int | None] = []
    always: list[str] = []
    for unit in units:
        start = first[unit]
        if start is not None and start <= periods[0]:  # treated at or before the first period: never a control
            cohort.append(0)
            always.append(unit)
            continue
        if start is None or start > periods[-1]:  # never treated, or only after the panel: not yet treated
            cohort.append(None)
            continue
        start = min(p for p in periods if p >= start)  # a first period between two of the panel's: the next one
        end = last[unit] if last[unit] is not None else periods[-1]
        last_index = max(index[p] for p in periods if p <= end)
        cohort.append(index[start])
        stops.append(Stop(unit, unit, index[start], last_index, weight[unit]))
    panel = Panel(units, periods, y, cohort, [weight[u] for u in units], stops)
    panel.always_treated = always
    panel.missing = [(units[i], periods[t]) for i, t in np.argwhere(np.isnan(y))]
    return panel


def _number(text, path: Path, line: int, column: str) -> float:
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        raise PanelError(f"{path.name} line {line}, column {column!r}: {text!r} is not a number") from None
    if not np.isfinite(value):
        raise PanelError(f"{path.name} line {line}, column {column!r}: {text!r} is not a finite number")
    return value


def _period_parser(path: Path, values: list):
    """Periods are all integers, or all ISO dates of Mondays."""
    as_int = all(str(v).lstrip("-").isdigit() for v in values if v not in (None, ""))

    def parse(text, column: str, line: int) -> Period:
        try:
            if as_int:
                return int(text)
            day = dt.date.fromisoformat(str(text)[:10])
        except ValueError:
            kind = "an integer" if as_int else "an ISO date (2025-05-19)"
            raise PanelError(f"{path.name} line {line}, column {column!r}: {text!r} is not {kind}") from None
        if day.weekday() != 0:
            raise PanelError(f"{path.name} line {line}, column {column!r}: {text} is not a Monday (weeks by Monday)")
        return day

    return parse
