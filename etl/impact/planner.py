"""Planning the next stop: the smallest effect a stop of N weeks in a district would show at 80 % power and the
level its interval will have (the minimum detectable effect), and the power for a given effect, from the same
placebo machinery.

The district's own history gives the noise of an N-week estimate: the estimator run on every N-week window of
its past as if a stop had started there (its own stop weeks and the 8 weeks after every stop of a district
left out, where its effect may linger), against all other districts. The spread of those placebo estimates,
with the pooled placebo shape of the campaign's stops (etl.impact.inference), gives

    MDE = (q(level) + q(0.60)) x scale,   power(effect) = P(|effect / scale + Z| > q(level)),

with Z drawn from the pooled, symmetric standardised placebos (q: quantiles of |Z|) **as they will be after the
stop**: the campaign's stops' placebos together with the planned stop's own (its placebos are those of the planned
window, computed on the same history), and the level the stop's interval will have then (95 % once the pooled
draws allow it; early in a campaign 90 or 80 %). Planning with today's reference instead overstated the MDE of the
second stop (80 % attainable before it, 90 % after it: detection 0.875 at the stated MDE in simulation).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from etl.impact.estimator import Cohort, Design
from etl.impact.inference import Placebos, Reference, placebos
from etl.impact.panel import Panel

AFTER_WEEKS = 8  # weeks after a stop left out of the planning history (its effect may linger)
POWER = 0.80
LEVEL = 0.95
LONGEST = 12


class PlanError(ValueError):
    """A plan from which no estimate can come; the message says why in one sentence, `code` names the reason
    (visited, scheduled, no_comparison) for the page's words."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def comparisons(panel: Panel, district: str) -> list[str]:
    """The comparison districts that will really be left for a stop in `district` right after the data: neither
    visited already nor with a stop in the calendar. Raises PlanError when the district itself was visited or is
    in the calendar, or when no comparison district is left."""
    i = panel.units.index(district)
    if panel.cohort[i] is not None:
        raise PlanError(
            "visited",
            f"{district} has been visited already: a new stop there is no new treatment, so no estimate of its effect "
            "can come from it",
        )
    if district in panel.scheduled:
        raise PlanError("scheduled", f"{district} already has a stop in the calendar: plan that one, not another")
    left = [u for j, u in enumerate(panel.units) if j != i and panel.cohort[j] is None and u not in panel.scheduled]
    if not left:
        raise PlanError(
            "no_comparison",
            f"no comparison district is left for a stop in {district}: every other district has been visited or has "
            "a stop in the calendar, so its effect cannot be estimated",
        )
    return left


def _history(panel: Panel) -> np.ndarray:
    """The outcomes with every district's stop weeks and the AFTER_WEEKS after them left out."""
    y = panel.y.copy()
    for stop in panel.stops:
        i = panel.units.index(stop.unit)
        y[i, stop.first : stop.last + AFTER_WEEKS + 1] = np.nan
    return y


def window_placebos(
    panel: Panel, design: Design, district: str, weeks: int, controls: list[str] | None = None
) -> Placebos:
    """The placebo estimates of an N-week stop in the district over its whole history, against `controls` (the
    comparison districts left on the planned date; default: every other district)."""
    unit = panel.units.index(district)
    n = len(panel.periods)
    kept = set(panel.units if controls is None else controls)
    first: list[int | None] = [None if (u in kept or j == unit) else 0 for j, u in enumerate(panel.units)]
    cohort = Cohort(_history(panel), first, n, design, units=[unit])
    return placebos(cohort, range(n, n + weeks))


def power(effect: float, scale: float, reference: Reference) -> float:
    """The probability that the interval of an estimate with this scale excludes zero when the effect is real."""
    z = np.concatenate([reference.z, -reference.z])
    w = np.concatenate([reference.weights, reference.weights]) / 2
    critical = reference.multiplier(reference.level or LEVEL)
    return float(w[np.abs(effect / scale + z) > critical].sum())


def after_stop(families: list[Placebos], planned: Placebos) -> Reference:
    """The pooled reference the stop's interval will have once it has happened: the campaign's stops' placebos and
    the planned stop's own (etl.impact.inference.Reference.pooled)."""
    return Reference.pooled([*families, planned] if planned.values else families)


def factor(reference: Reference) -> float | None:
    """(q(level) + q(2 POWER - 1)) at the reference's attainable level: MDE / scale (None: no interval possible)."""
    level = reference.level
    if level is None:
        return None
    return reference.multiplier(level) + reference.multiplier(2 * POWER - 1)


def plan(
    panel: Panel,
    design: Design,
    reference: Reference,
    district: str,
    weeks: int,
    effect: float | None = None,
    families: list[Placebos] | None = None,
) -> dict[str, Any]:
    """The minimum detectable effect (per week and 10,000 residents 16+, and in outcome units over the stop) of
    an N-week stop in the district; its power for `effect`; MDE by stop length 1..12 weeks; a power curve.
    `reference`: the campaign's pooled reference today; `families`: the stops' placebos behind it — given, the plan
    uses the reference as it will be after the stop (after_stop), else `reference` as it is."""
    if district not in panel.units:
        raise ValueError(f"unknown district {district!r}; choose one of {', '.join(panel.units)}")
    controls = comparisons(panel, district)  # raises PlanError when no estimate can come from the plan
    if reference.level is None:  # also when it has no placebos
        return {"district": district, "weeks": weeks, "mde": None, "warnings": [{"code": "not_enough_history"}]}
    weight = panel.weight[panel.units.index(district)]
    by_weeks: list[dict[str, Any]] = []
    afters: list[Reference] = []  # per stop length, the reference its interval will have
    for length in range(1, max(LONGEST, weeks) + 1):
        planned = window_placebos(panel, design, district, length, controls)
        afters.append(reference if families is None else after_stop(families, planned))
        scale, times = planned.scale, factor(afters[-1])
        by_weeks.append(
            {"weeks": length, "mde": None if scale is None or times is None else times * scale, "scale": scale}
        )
    chosen = by_weeks[weeks - 1]
    scale, mde, reference = chosen["scale"], chosen["mde"], afters[weeks - 1]
    result: dict[str, Any] = {
        "district": district,
        "weeks": weeks,
        "level": reference.level,
        "power_target": POWER,
        "mde": mde,
        "mde_extra": None if mde is None else mde * weeks * weight / 10_000,
        "effect": effect,
        "power": None if effect is None or scale is None else power(effect, scale, reference),
        "controls": controls,
        "mde_by_weeks": [{"weeks": b["weeks"], "mde": b["mde"]} for b in by_weeks],
        "power_curve": [],
        "warnings": [],
    }
    if scale is not None and mde is not None:
        result["power_curve"] = [
            {"effect": e, "power": power(e, scale, reference)} for e in np.linspace(0, 2 * mde, 21).tolist()
        ]
        shorter = [(b["mde"], b["weeks"]) for b in by_weeks[: weeks - 1] if b["mde"] is not None and b["mde"] < mde]
        if shorter:
            best = dict(zip(("mde", "weeks"), min(shorter), strict=True))
            result["warnings"].append(
                {
                    "code": "longer_not_better",
                    "best_weeks": best["weeks"],
                    "message": f"in {district} a stop of {best['weeks']} weeks would show a smaller effect "
                    f"({best['mde']:.2f}) than one of {weeks} weeks: the weekly figures drift, so weeks further "
                    "from the base weeks add more noise than averaging removes",
                }
            )
    else:
        result["warnings"].append({"code": "not_enough_history"})
    return result
