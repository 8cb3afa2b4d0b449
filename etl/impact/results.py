"""The impact estimate as one JSON-ready report (python -m etl impact --json), computed on a Panel.

Keys: outcome, method, design, att_gt, event_study, by_stop, by_cohort, overall, totals, pretrend, warnings.
A stop's effect is the mean of its identified cells (its own weeks, while comparison districts remain); "extra"
converts it into outcome units over those weeks only (effect x identified weeks x residents 16+ / 10,000), never
extrapolated to weeks without a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from etl.impact import influence, spillover
from etl.impact.estimator import Cohort, Design
from etl.impact.inference import (
    Interval,
    Placebos,
    Reference,
    combined_scale,
    demeaned,
    draws_needed,
    joint_test,
    placebos,
)
from etl.impact.panel import Panel, Stop

EVENT_WEEKS = range(-8, 13)
PRE_TREND_WEEKS = 7  # pre-period cells before the base used by the trend test
PRETREND_ALPHA = 0.10
JOINT_SCENARIOS = 64  # sign draws of the random-sign trend behind the joint test's detectable trend
JOINT_SEED = 32
PER = 10_000


def _number(value) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


@dataclass
class StopEstimate:
    stop: Stop
    cohort: Cohort
    weeks: list[int]  # the stop's weeks in the panel
    identified: list[int]  # those with an estimate (comparison districts remain)
    att: float | None
    family: Placebos

    @property
    def extra_factor(self) -> float:
        """Outcome units per unit of effect: identified weeks x residents / 10,000."""
        return len(self.identified) * self.stop.weight / PER


class Estimate:
    """Every figure of the report, computed once from the panel and the design."""

    def __init__(self, panel: Panel, design: Design, *, cells: bool = True):
        self.panel, self.design = panel, design
        n = len(panel.periods)
        self.groups = sorted({c for c in panel.cohort if c is not None and 1 <= c < n})
        self.cohorts = {g: Cohort(panel.y, panel.cohort, g, design) for g in self.groups}
        self._families: dict[tuple, Placebos] = {}
        self.stops = [self._stop(s) for s in panel.stops if s.first in self.cohorts]
        self.spill = self._spillover()  # adjusts the stops' effects and placebos for their comparisons' exposure
        self.stop_reference = Reference.pooled([s.family for s in self.stops if s.att is not None])
        self.with_cells = cells
        # many units: the aggregates' intervals from unit-level influence functions (etl.impact.influence)
        self.unit_level = len(panel.units) >= influence.MIN_UNITS

    def _unit_interval(self, value: float | None, cells: dict[tuple[int, int], np.ndarray]) -> Interval | None:
        """The interval of a weighted sum of cells from unit-level influence functions, or None where the panel is
        too small for them (then the placebos give it)."""
        if not self.unit_level or not cells:
            return None
        if any(len(self.cohorts[g].treated) < influence.MIN_TREATED for g, _ in cells):
            return None
        terms = [(self.cohorts[g], t, w) for (g, t), w in cells.items()]
        se = influence.standard_error(len(self.panel.units), terms)
        return None if se is None else Interval.normal(value, se)

    def _mean_cells(self, cells: list[tuple[int, int]], weight: float = 1.0) -> dict[tuple[int, int], np.ndarray]:
        """Cells (g, t) whose treated units are averaged, each cell with `weight` in all."""
        out: dict[tuple[int, int], np.ndarray] = {}
        for g, t in cells:
            n = len(self.cohorts[g].treated)
            out[(g, t)] = out.get((g, t), np.zeros(n)) + weight / n
        return out

    @cached_property
    def cell_reference(self) -> Reference:
        """The pooled reference of single-cell estimates (event weeks, ATT(g, t) cells)."""
        n = len(self.panel.periods)
        return Reference.pooled([self._family(g, (g + e,)) for g in self.groups for e in EVENT_WEEKS if 0 <= g + e < n])

    # --- spill-over (etl.impact.spillover) --------------------------------------------------------------------
    def _spillover(self) -> Spill | None:
        exposure = self.panel.total_exposure()
        if exposure is None:
            return None
        units, parts = self.panel.units, {}
        for s in self.stops:
            if s.att is None:
                continue
            own = self.panel.exposure.get(s.stop.stop_id)
            host = units.index(s.stop.unit)
            visitors, districts = 0.0, []
            for j, unit in enumerate(units):
                count = 0.0 if own is None or j == host else float(own[j, s.identified].sum()) * self.panel.weight[j]
                if count > 0:
                    visitors += count / PER
                    districts.append(unit)
            parts[s.stop.stop_id] = spillover.StopExposure(
                s.cohort,
                s.identified,
                spillover.control_exposure(s.cohort, s.identified, exposure),
                visitors,
                districts,
            )
        fitted = spillover.fit(list(parts.values()), exposure)
        if fitted is None:
            return None
        beta, spread = fitted
        longest = max((p.cohort.g for p in parts.values()), default=1)
        betas = spillover.placebo_slopes(list(parts.values()), exposure, range(1, longest), spread)
        raw = {}
        for s in self.stops:
            part = parts.get(s.stop.stop_id)
            if part is None or s.att is None:
                continue
            raw[s.stop.stop_id] = s.att
            s.att = s.att + beta * part.control_exposure
            s.family = Placebos(
                {k: v + betas[k] * part.control_exposure for k, v in s.family.values.items() if k in betas},
                s.family.span,
            )
        span = max((s.family.span for s in self.stops if s.att is not None), default=1)
        return Spill(beta, betas, Placebos(dict(betas), span), parts, raw)

    def spill_family(self, s: StopEstimate) -> Placebos:
        """The placebos of the stop's spill-over in outcome units (beta x its visitors from other districts)."""
        if self.spill is None or s.stop.stop_id not in self.spill.parts:
            return Placebos({}, s.family.span)
        visitors = self.spill.parts[s.stop.stop_id].visitors
        return Placebos({k: b * visitors for k, b in self.spill.betas.items()}, self.spill.family.span)

    def total_family(self, s: StopEstimate) -> Placebos:
        """The placebos of the stop's estimated extra in all: host indirect + spill-over, at common shifts."""
        spill = self.spill_family(s).values
        if not spill:
            return Placebos({k: v * s.extra_factor for k, v in s.family.values.items()}, s.family.span)
        values = {k: v * s.extra_factor + spill[k] for k, v in s.family.values.items() if k in spill}
        return Placebos(values, max(s.family.span, self.spill.family.span if self.spill else 1))

    def spillover_of(self, s: StopEstimate) -> dict[str, Any] | None:
        """The stop's `spillover`: beta (per unit of exposure) with its interval and mde, the extra in outcome units
        with its interval, the districts it covers and the host adjustment."""
        if self.spill is None or s.stop.stop_id not in self.spill.parts:
            return None
        part = self.spill.parts[s.stop.stop_id]
        beta = Interval.around(self.spill.beta, self.spill.family.scale, self.stop_reference)

        def times(value: float | None) -> float | None:
            return None if value is None else value * part.visitors

        return {
            "att": self.spill.beta,
            "per": "extra outcome per 10,000 residents 16+ per visitor per 10,000 residents 16+ (per visitor)",
            "ci_low": beta.low,
            "ci_high": beta.high,
            "level": beta.level,
            "mde": beta.mde,
            "visitors": part.visitors,
            "extra": times(self.spill.beta),
            "extra_low": times(beta.low),
            "extra_high": times(beta.high),
            "mde_extra": times(beta.mde),
            "districts": part.districts,
            "control_exposure": part.control_exposure,
            "host_adjustment": self.spill.beta * part.control_exposure,
            "host_att_unadjusted": self.spill.raw.get(s.stop.stop_id),
        }

    def estimated_total(self, parts: list[StopEstimate]) -> tuple[float | None, Interval]:
        """sum over stops of host indirect extra + spill-over extra, with one interval from the placebos of the whole
        computation at common shifts."""
        known = [s for s in parts if s.att is not None]
        if not known:
            return None, Interval(None, None, None, None)
        visitors = {} if self.spill is None else {k: p.visitors for k, p in self.spill.parts.items()}
        beta = 0.0 if self.spill is None else self.spill.beta
        value = 0.0
        for s in known:
            value += (s.att or 0.0) * s.extra_factor + beta * visitors.get(s.stop.stop_id, 0.0)
        combined = combined_scale([self.total_family(s) for s in known], [1.0] * len(known))
        return value, Interval.around(value, None if combined is None else combined.scale, self.stop_reference)

    def _has_spill(self, s: StopEstimate) -> bool:
        return self.spill is not None and s.stop.stop_id in self.spill.parts

    # --- pieces ----------------------------------------------------------------------------------------------
    def _cohort_of(self, stop: Stop) -> Cohort:
        """The stop's own unit as the treated group (a cohort may hold several units in a panel file)."""
        unit = self.panel.units.index(stop.unit)
        cohort = self.cohorts[stop.first]
        if list(cohort.treated) == [unit]:
            return cohort
        return Cohort(self.panel.y, self.panel.cohort, stop.first, self.design, units=[unit])

    def _family(self, g: int, periods: tuple[int, ...], cohort: Cohort | None = None) -> Placebos:
        key = (g, periods, None if cohort is None else tuple(cohort.treated))
        if key not in self._families:
            self._families[key] = placebos(cohort or self.cohorts[g], periods)
        return self._families[key]

    def _stop(self, stop: Stop) -> StopEstimate:
        cohort = self._cohort_of(stop)
        weeks = list(range(stop.first, stop.last + 1))  # a stop's last week is in the panel (etl.impact.panel)
        effects = cohort.effects(weeks)
        identified = [t for t, v in zip(weeks, effects, strict=True) if np.isfinite(v)]
        att = float(np.mean([v for v in effects if np.isfinite(v)])) if identified else None
        family = self._family(stop.first, tuple(identified), cohort) if identified else Placebos({}, 0)
        return StopEstimate(stop, cohort, weeks, identified, att, family)

    def stop_interval(self, s: StopEstimate) -> Interval:
        return Interval.around(s.att, s.family.scale if s.att is not None else None, self.stop_reference)

    def combined(self, parts: list[tuple[StopEstimate, float]]) -> tuple[float | None, Interval]:
        """sum of weight x stop effect, with its interval from the stops' placebo covariance."""
        parts = [(s, w) for s, w in parts if s.att is not None]
        if not parts:
            return None, Interval(None, None, None, None)
        value = float(sum((s.att or 0.0) * w for s, w in parts))
        if self.unit_level:
            cells: dict[tuple[int, int], np.ndarray] = {}
            for s, w in parts:
                cohort = self.cohorts[s.stop.first]
                position = list(cohort.treated).index(self.panel.units.index(s.stop.unit))
                for t in s.identified:
                    cells.setdefault((s.stop.first, t), np.zeros(len(cohort.treated)))[position] += w / len(
                        s.identified
                    )
            unit_interval = self._unit_interval(value, cells)
            if unit_interval is not None:
                return value, unit_interval
        combined = combined_scale([s.family for s, _ in parts], [w for _, w in parts])
        return value, Interval.around(value, None if combined is None else combined.scale, self.stop_reference)

    # --- the report's sections ---------------------------------------------------------------------------------
    def by_stop(self) -> list[dict[str, Any]]:
        rows = []
        for s in self.stops:
            interval = self.stop_interval(s)
            factor = s.extra_factor
            indirect = {
                "att": _number(s.att),
                "ci_low": _number(interval.low),
                "ci_high": _number(interval.high),
                "level": interval.level,
                "mde": interval.mde,
                "extra": None if s.att is None else s.att * factor,
                "extra_low": None if interval.low is None else interval.low * factor,
                "extra_high": None if interval.high is None else interval.high * factor,
                "mde_extra": None if interval.mde is None or s.att is None else interval.mde * factor,
            }
            direct = s.stop.direct_activations
            rows.append(
                {
                    "stop_id": s.stop.stop_id,
                    "district": s.stop.unit,
                    "weeks": len(s.weeks),
                    "identified_weeks": len(s.identified),
                    **{
                        k: indirect[k]
                        for k in (
                            "att",
                            "ci_low",
                            "ci_high",
                            "level",
                            "mde",
                            "extra",
                            "extra_low",
                            "extra_high",
                            "mde_extra",
                        )
                    },
                    "breakdown_trend": self._breakdown(s, interval),
                    "controls": self._controls(s),
                    "leave_one_out": self._leave_one_out(s),
                    "direct_activations": direct,
                    "direct_own_district": s.stop.direct_own_district,
                    "indirect": indirect,
                    "spillover": self.spillover_of(s),
                    "extra_total": (total := self._stop_total(s, direct, indirect)),
                    **costs(s.stop.cost_eur, direct, total),
                    "not_estimated": None if s.att is not None else "no_comparison",
                }
            )
        return rows + [self._counted_only(stop) for stop in self.panel.counted_only]

    def _counted_only(self, stop: Stop) -> dict[str, Any]:
        """A stop whose pop-up activations count but which has no estimate of its own (Stop.not_estimated says
        why): no effect, no interval and so nothing it could have detected (mde None), its total the counted
        pop-up activations alone."""
        empty = dict.fromkeys(
            ("att", "ci_low", "ci_high", "level", "mde", "extra", "extra_low", "extra_high", "mde_extra")
        )
        total = _total(stop.direct_activations, empty)
        return {
            "stop_id": stop.stop_id,
            "district": stop.unit,
            "weeks": 0,
            "identified_weeks": 0,
            **empty,
            "breakdown_trend": None,
            "controls": [],
            "leave_one_out": [],
            "direct_activations": stop.direct_activations,
            "direct_own_district": stop.direct_own_district,
            "indirect": dict(empty),
            "spillover": None,
            "extra_total": total,
            **costs(stop.cost_eur, stop.direct_activations, total),
            "not_estimated": stop.not_estimated,
        }

    def _stop_total(self, s: StopEstimate, direct: int | None, indirect: dict[str, Any]) -> dict[str, Any]:
        """Direct + host indirect (+ spill-over where estimated), the interval of the estimated part from its own
        placebos (host and spill-over together)."""
        if not self._has_spill(s) or s.att is None:
            return _total(direct, {**indirect, "mde": indirect["mde_extra"]})
        value, interval = self.estimated_total([s])
        spill = self.spillover_of(s) or {}
        return _total(
            direct,
            {"extra": value, "extra_low": interval.low, "extra_high": interval.high, "mde": interval.mde},
            (indirect["extra"], spill.get("extra")),
        )

    def _control_units(self, s: StopEstimate) -> np.ndarray:
        """The panel indices of the units that compare with the stop in at least one of its identified weeks."""
        used = np.zeros(len(self.panel.units), dtype=bool)
        for t in s.identified:
            used |= s.cohort.controls(t) & np.isfinite(self.panel.y[:, t])
        return np.flatnonzero(used)

    def _controls(self, s: StopEstimate) -> list[str]:
        return [self.panel.units[i] for i in self._control_units(s)]

    def _leave_one_out(self, s: StopEstimate) -> list[dict[str, Any]]:
        """The stop's effect with each comparison district left out of every week's comparison."""
        units = self._control_units(s)
        out = []
        for i, effects in zip(units, s.cohort.effects_without_each(s.identified, units), strict=True):
            known = effects[np.isfinite(effects)]
            out.append({"district": self.panel.units[i], "att": float(known.mean()) if known.size else None})
        return out

    def _breakdown(self, s: StopEstimate, interval: Interval) -> float | None:
        """How large a linear trend per week of the stop's district against its comparison districts would have to
        be for the interval to reach zero (0: it already does). A trend of d per week biases the effect by
        d x (mean distance of the stop's weeks from the base weeks)."""
        if interval.low is None or interval.high is None or not s.identified:
            return None
        distance = float(np.mean(s.identified) - np.mean(s.cohort.base))
        # an interval that reaches zero already: the bound beyond zero is none, the quotient 0 or less
        return max(0.0, float((interval.low if interval.low > 0 else -interval.high) / distance))

    def by_cohort(self) -> list[dict[str, Any]]:
        rows = []
        for g in self.groups:
            members = [s for s in self.panel.stops if s.first == g]
            last = max(s.last for s in members) if members else g
            weeks = list(range(g, last + 1))
            effects = self.cohorts[g].effects(weeks)
            identified = tuple(t for t, v in zip(weeks, effects, strict=True) if np.isfinite(v))
            att = float(np.nanmean(effects)) if identified else None
            interval = (
                self._unit_interval(att, self._mean_cells([(g, t) for t in identified], 1 / len(identified)))
                if identified
                else None
            )
            if interval is None:
                scale = self._family(g, identified).scale if identified else None
                interval = Interval.around(att, scale, self.stop_reference)
            rows.append(
                {
                    "cohort": self.panel.period_text(g),
                    "units": [self.panel.units[i] for i in self.cohorts[g].treated],
                    "att": att,
                    "ci_low": _number(interval.low),
                    "ci_high": _number(interval.high),
                    "level": interval.level,
                    "mde": interval.mde,
                }
            )
        return rows

    def overall(self) -> dict[str, Any]:
        """The mean effect over the stops, as their plain mean and weighted by residents 16+."""
        known = [s for s in self.stops if s.att is not None]
        out: dict[str, Any] = {}
        for name, weights in (
            ("mean_of_stops", [1.0] * len(known)),
            ("weighted_by_residents", [s.stop.weight for s in known]),
        ):
            total = sum(weights)
            value, interval = self.combined([(s, w / total) for s, w in zip(known, weights, strict=True)])
            out[name] = {
                "att": value,
                "ci_low": interval.low,
                "ci_high": interval.high,
                "level": interval.level,
                "mde": interval.mde,
                "stops": len(known),
            }
        return {**out["mean_of_stops"], **{"weighted_by_residents": out["weighted_by_residents"]}}

    def totals(self) -> dict[str, Any]:
        """The campaign in outcome units: the pop-up's own activations at every stop (observed), the estimated
        change in the other channels over the stops' identified weeks (indirect; stops without an estimate add
        nothing), and both together."""
        known = [s for s in self.stops if s.att is not None]
        value, interval = self.combined([(s, s.extra_factor) for s in known])
        # the parts as shown are the stops' parts as shown, summed (shown_total): the campaign's figures add up to
        # the stops' in the list beside them, and its parts to its total
        host_parts = tuple((s.att or 0.0) * s.extra_factor for s in known)
        indirect = {
            "value": value,
            "shown": None if value is None else shown_total(0, host_parts),
            "ci_low": interval.low,
            "ci_high": interval.high,
            "level": interval.level,
            "mde": interval.mde,
            "stops": len(known),
        }
        every = [s.stop for s in self.stops] + self.panel.counted_only  # every stop's pop-up activations count
        directs = [stop.direct_activations for stop in every]
        direct = None if not directs or any(d is None for d in directs) else int(sum(d for d in directs if d))
        result: dict[str, Any] = {
            "stops": len(every),
            "direct_activations": direct,
            "indirect": indirect,
            "spillover": None,
            "extra_total": _total(
                direct,
                {"extra": value, "extra_low": interval.low, "extra_high": interval.high, "mde": interval.mde},
                host_parts,
            ),
        }
        if self.spill is not None and value is not None:
            spilled = [s for s in known if self._has_spill(s)]
            visitors = sum(self.spill.parts[s.stop.stop_id].visitors for s in spilled)
            rows = [r for r in (self.spillover_of(s) for s in spilled) if r is not None]
            first = rows[0] if rows else {}
            spill_parts = tuple(self.spill.beta * self.spill.parts[s.stop.stop_id].visitors for s in spilled)
            result["spillover"] = {
                "att": self.spill.beta,
                "visitors": visitors,
                "value": self.spill.beta * visitors,
                "shown": shown_total(0, spill_parts),
                "ci_low": None if first.get("ci_low") is None else first["ci_low"] * visitors,
                "ci_high": None if first.get("ci_high") is None else first["ci_high"] * visitors,
                "level": first.get("level"),
                "mde": None if first.get("mde") is None else first["mde"] * visitors,
                "districts": sorted({d for r in rows for d in r["districts"]}),
            }
            total, together = self.estimated_total(known)
            result["extra_total"] = _total(
                direct,
                {"extra": total, "extra_low": together.low, "extra_high": together.high, "mde": together.mde},
                host_parts + spill_parts,
            )
        spent = [stop.cost_eur for stop in every]
        cost = None if not spent or any(c is None for c in spent) else float(sum(c for c in spent if c is not None))
        result.update(costs(cost, direct, result["extra_total"]))
        return result

    def event_study(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        n = len(self.panel.periods)
        for e in EVENT_WEEKS:
            parts, cohorts = [], []
            for g in self.groups:
                if 0 <= g + e < n and np.isfinite(value := self.cohorts[g].effect(g + e)):
                    cohorts.append((g, g + e))
                    parts.append((value, g))
            if not parts:
                rows.append({"event_week": e, "att": None, "ci_low": None, "ci_high": None, "level": None, "mde": None})
                continue
            value = float(np.mean([v for v, _ in parts]))
            if all(abs(v) < 1e-12 for v, _ in parts) and e == -1 - self.design.anticipation:
                interval = Interval(0.0, 0.0, None, 0.0)  # the universal base week: 0 by construction
            else:
                unit_interval = self._unit_interval(value, self._mean_cells(cohorts, 1 / len(parts)))
                if unit_interval is not None:
                    interval = unit_interval
                else:
                    families = [self._family(g, (g + e,)) for _, g in parts]
                    combined = combined_scale(families, [1 / len(parts)] * len(parts))
                    scale = None if combined is None else combined.scale
                    interval = Interval.around(value, scale, self.cell_reference)
            rows.append(
                {
                    "event_week": e,
                    "att": value,
                    "ci_low": interval.low,
                    "ci_high": interval.high,
                    "level": interval.level,
                    "mde": interval.mde,
                }
            )
        return rows

    def att_gt(self) -> list[dict[str, Any]]:
        rows = []
        stop_of = {s.stop.first: s.stop.stop_id for s in self.stops}
        for g in self.groups:
            cohort = self.cohorts[g]
            effects = cohort.effects(range(len(self.panel.periods)))
            for t, value in enumerate(effects):
                if self.with_cells and np.isfinite(value) and t not in set(cohort.base):
                    unit_interval = self._unit_interval(float(value), self._mean_cells([(g, t)]))
                    interval = unit_interval or Interval.around(
                        float(value), self._family(g, (t,)).scale, self.cell_reference
                    )
                else:
                    interval = Interval(None, None, None, None)
                rows.append(
                    {
                        "stop_id": stop_of.get(g),
                        "district": ", ".join(self.panel.units[i] for i in cohort.treated),
                        "cohort": self.panel.period_text(g),
                        "period": self.panel.period_text(t),
                        "cohort_week": self.panel.period_text(g),
                        "week": self.panel.period_text(t),
                        "att": _number(value),
                        "ci_low": interval.low,
                        "ci_high": interval.high,
                        "mde": interval.mde,
                    }
                )
        return rows

    def pretrend(self) -> dict[str, Any]:
        """A test of a linear trend of the visited districts against their comparison districts before the stops:
        the cohorts' pre-period slopes (the cells in the PRE_TREND_WEEKS weeks before the base), tested against
        their own placebos around their mean (a trend the placebos share must not hide itself), with the
        smallest trend per week it detects with 80 % power at its 10 % level."""
        slopes, families = [], []
        for g in self.groups:
            cohort = self.cohorts[g]
            first_base = int(cohort.base.min())
            periods = np.arange(max(first_base - PRE_TREND_WEEKS, 0), first_base)
            cells = cohort.effects(periods)
            if np.isfinite(cells).sum() < 3:  # a slope needs three weeks at least
                continue
            keep = np.isfinite(cells)
            family = demeaned(_slope_placebos(cohort, periods[keep]))
            if family.scale is None:  # too little history before this cohort's pre-period to judge its slope
                continue
            slopes.append(float(np.polyfit(periods[keep], cells[keep], 1)[0]))
            families.append(family)
        empty = {
            "weeks": PRE_TREND_WEEKS,
            "slope": None,
            "p_value": None,
            "detectable_trend": None,
            "cohorts": 0,
            "joint": self.joint_pretrend(),
        }
        if not slopes:
            return empty
        combined = combined_scale(families, [1 / len(slopes)] * len(slopes))
        slope = float(np.mean(slopes))
        # placebos without any spread (a trend without noise: every placebo has the same slope) test nothing; a
        # spread of 1e-9 per week and 10,000 residents is rounding, not data
        if combined is None or combined.scale < 1e-9 * max(1.0, abs(slope)):
            return {**empty, "slope": slope, "cohorts": len(slopes)}
        # a two-sided test at 10 %: it detects a trend d with 80 % power when d / scale = t(0.95) + t(0.80)
        detectable = (combined.multiplier(1 - PRETREND_ALPHA) + combined.multiplier(0.60)) * combined.scale
        return {
            "weeks": PRE_TREND_WEEKS,
            "slope": slope,
            "p_value": combined.p_value(slope),
            "detectable_trend": detectable,
            "cohorts": len(slopes),
            "joint": empty["joint"],
        }

    def joint_pretrend(self, detectable: bool = True) -> dict[str, Any] | None:
        """The joint test over every pre-period cell (the PRE_TREND_WEEKS before each cohort's base) of every cohort:
        the mean of their squared studentised values against the same statistic at their common placebo shifts,
        each placebo studentised leaving itself out (etl.impact.inference.joint_test); and the trend it detects
        with 80 % power at its 10 % level: a differential trend of d per week of random sign per district (each
        district up or down alike, JOINT_SCENARIOS draws of the signs, fixed seed). Cohorts with the shortest
        history are left out, earliest first, until the cells share enough shifts for a 90 % statement (19).
        detectable=False skips the detectable trend (None): the simulations that only need the p-value."""
        cohorts = []
        for g in sorted(self.groups, reverse=True):  # the latest cohorts have the most history
            cohort = self.cohorts[g]
            first_base = int(cohort.base.min())
            periods = np.arange(max(first_base - PRE_TREND_WEEKS, 0), first_base)
            cells = cohort.effects(periods)
            found = [
                (float(v), family, self._trend_weights(cohort, int(t)))
                for t, v in zip(periods, cells, strict=True)
                if np.isfinite(v) and demeaned(family := self._family(g, (int(t),))).scale  # one it can studentise
            ]
            if found:  # a cohort counts with a cell the test can use
                cohorts.append(found)
        best = None
        studentisers: dict = {}  # each cell's placebos studentised once for every selection (self._family keeps them)
        for end in range(len(cohorts), 0, -1):
            # every cell found is one the test can studentise (above)
            kept = [cell for found in cohorts[:end] for cell in found]
            joint = joint_test([v for v, _, _ in kept], [f for _, f, _ in kept], studentisers)
            if joint is not None and joint.draws >= draws_needed(0.90):
                best = (joint, end, np.array([w for _, _, w in kept]))
                break
        if best is None:
            return None
        joint, end, weights = best
        signs = np.random.default_rng(JOINT_SEED).choice([-1.0, 1.0], size=(JOINT_SCENARIOS, len(self.panel.units)))
        return {
            "method": "mean of the squared studentised pre-period cells of every cohort (Wald, diagonal weights) "
            "against the same at common placebo shifts, each placebo studentised leaving itself out",
            "statistic": joint.statistic,
            "p_value": joint.p_value,
            "detectable_trend": joint.detectable(signs @ weights.T, PRETREND_ALPHA) if detectable else None,
            "cells": joint.cells,
            "cohorts": end,
            "draws": joint.draws,
        }

    def _trend_weights(self, cohort: Cohort, t: int) -> np.ndarray:
        """How cell (g, t) moves per unit of a trend of 1 per week in each unit: (t - the base weeks' mean) x (1 / its
        treated units for each of them, - 1 / its comparison units for each of those with a value in week t)."""
        weights = np.zeros(len(self.panel.units))
        distance = t - float(np.mean(cohort.base))
        weights[cohort.treated] = distance / len(cohort.treated)
        controls = cohort.controls(t) & np.isfinite(self.panel.y[:, t])
        if controls.any():
            weights[controls] = -distance / int(controls.sum())
        return weights

    def counterfactual(self, unit: str) -> list[dict[str, Any]]:
        """A treated unit's observed outcome per period and the estimated outcome without the treatment."""
        i = self.panel.units.index(unit)
        g = self.panel.cohort[i]
        if g is None or g not in self.cohorts:
            return []
        effects = self.cohorts[g].effects(range(len(self.panel.periods)))
        return [
            {
                "week": self.panel.periods[t],
                "observed": _number(self.panel.y[i, t]),
                "counterfactual": _number(self.panel.y[i, t] - effects[t]) if np.isfinite(effects[t]) else None,
            }
            for t in range(len(self.panel.periods))
        ]


@dataclass
class Spill:
    """The campaign's spill-over slope beta, its placebo values by shift, and the stops' exposures."""

    beta: float
    betas: dict[int, float]
    family: Placebos
    parts: dict[str, spillover.StopExposure]
    raw: dict[str, float]  # the stops' effects before the adjustment for their comparisons' exposure


def _slope_placebos(cohort: Cohort, periods: np.ndarray) -> Placebos:
    shifts = np.array(list(cohort.placebo_shifts()), dtype=int)
    values = {}
    if shifts.size:
        cells = cohort.placebos(periods, shifts)
        complete = np.all(np.isfinite(cells), axis=1)
        if complete.any():
            slopes = np.polyfit(periods, cells[complete].T, 1)[0]
            values = {int(s): float(b) for s, b in zip(shifts[complete], slopes, strict=True)}
    used = np.concatenate([periods, cohort.base])
    return Placebos(values, int(used.max() - used.min() + 1))


def costs(cost: float | None, direct: int | None, total: dict[str, Any]) -> dict[str, Any]:
    """The cost per pop-up activation (cost / the counted pop-up activations, the KPI cost_per_activation) and the
    cost per extra activation (cost / every extra activation: counted at the pop-up + estimated in the other
    channels + spill-over), each labelled for what it divides. The latter's interval divides the cost by the total's
    interval bounds; where the total's interval reaches zero or below, the cost per extra activation has no upper
    bound (None) and where the total itself is not above zero, no value."""
    per_popup = None if cost is None or not direct else cost / direct
    value = total.get("value")
    low, high = total.get("ci_low"), total.get("ci_high")
    per_extra = {
        "value": None if cost is None or value is None or value <= 0 else cost / value,
        "ci_low": None if cost is None or high is None or high <= 0 else cost / high,
        "ci_high": None if cost is None or low is None or low <= 0 else cost / low,
        "divides": "cost in EUR / extra activations in all (pop-up + other channels + spill-over)",
    }
    return {
        "cost_eur": cost,
        "cost_per_popup_activation": {
            "value": per_popup,
            "divides": "cost in EUR / activations counted at the pop-up (KPI cost_per_activation)",
        },
        "cost_per_extra": per_extra,
    }


def _total(direct: int | None, indirect: dict, parts: tuple[float | None, ...] = ()) -> dict[str, Any]:
    """Direct plus indirect extra: the direct count is observed, so the interval is the indirect one shifted.
    `parts`: the estimated parts the extra is the sum of (the indirect extra, and the spill-over where there is
    one), for the total as shown (`shown`)."""
    base = 0 if direct is None else direct
    if indirect.get("extra") is None:
        return {"value": direct, "shown": direct, "ci_low": None, "ci_high": None, "mde": None}
    return {
        "value": base + indirect["extra"],
        "shown": shown_total(direct, parts if parts else (indirect["extra"],)),
        "ci_low": None if indirect.get("extra_low") is None else base + indirect["extra_low"],
        "ci_high": None if indirect.get("extra_high") is None else base + indirect["extra_high"],
        "mde": indirect.get("mde"),  # the direct count is observed: the total detects what its indirect part does
    }


def shown_total(direct: int | None, parts: tuple[float | None, ...]) -> int:
    """A total as every reader is shown it beside its parts (pages, briefing, `etl impact`'s summary, the JSON's
    `shown`): the counted pop-up activations plus each stop's estimated part rounded to a whole number first (half
    to even, as ui.formats shows every figure), so that the parts as shown add up to it, and the campaign's to the
    stops' (docs/IMPACT_METHOD.md, "Rounding: what is shown adds up")."""
    return (direct or 0) + sum(round(part) for part in parts if part is not None)
