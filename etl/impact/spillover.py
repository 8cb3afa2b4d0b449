"""Spill-over onto the districts that send visitors: an exposure-mapping difference in differences.

Exposure E_jt of district j in week t: the pop-up's visitors living in j per 10,000 of j's residents 16+ (the visit
log's residence; etl/sql/impact/exposure.sql). Following the exposure-mapping approach of Aronow & Samii (2017,
*Estimating average causal effects under general interference*, Annals of Applied Statistics 11(4)) in the
difference-in-differences form of Butts (2021, *Difference-in-differences estimation with spatial spillovers*,
arXiv:2105.03737), a not-yet-visited district's change in week t is

    D_jt = Y_jt - base_j = alpha_t + beta E_jt + e_jt

alpha_t: the change without any exposure (the counterfactual trend of the week), beta: the spill-over per unit of
exposure (extra activations per 10,000 residents per visitor per 10,000 residents, i.e. per visitor). beta is the
within-week least-squares slope over the comparison districts of every estimated stop's weeks (one beta for the
campaign). Then

- host effect, adjusted: the plain comparison (host change minus the comparison districts' mean change) removes
  alpha_t + beta x their mean exposure; adding beta x that mean exposure back gives the effect against a
  comparison without exposure;
- spill-over of a stop: beta x its visitors from other districts over its identified weeks (every touched
  district, the visited ones too), in outcome units.

Assumptions: (1) exposure mapping: a district's spill-over depends on the stop only through its exposure, linearly,
with the same beta at every stop and district; (2) parallel trends at zero exposure; (3) the exposure is measured:
visits without a residence count for no district (warning residence_missing), so beta is then overstated in size.
If (1) fails, e.g. word of mouth reaches districts that sent nobody, the comparison at "zero" exposure is itself
exposed and the host effect stays biased towards zero (towards the true sign of the exposure's effect).

The intervals come from the same placebos as every other estimate: the whole computation (host cells, beta, the
adjustment) repeated with the outcomes moved back by each shift, the exposure pattern kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.impact.estimator import Cohort, _quiet

MIN_SPREAD = 1e-9  # a sum of squared exposure deviations below this: no variation to learn beta from


@dataclass
class StopExposure:
    """What one stop contributes: its cohort and identified weeks, the comparison districts' mean exposure over
    those weeks, its visitors from other districts over them, and the districts they came from."""

    cohort: Cohort
    periods: list[int]
    control_exposure: float
    visitors: float
    districts: list[str]


def valid(cohort: Cohort, periods: list[int], shift: int) -> bool:
    """Whether the stop's weeks and base, moved back by `shift`, lie inside the panel and before its treatment."""
    if shift == 0:
        return True
    moved = np.asarray(periods) - shift
    base = cohort.base - shift
    return bool(
        base.min() >= 0 and moved.min() >= 0 and max(moved.max(), base.max()) < cohort.g - cohort.design.anticipation
    )


def slope_terms(cohort: Cohort, periods: list[int], exposure: np.ndarray, shift: int = 0) -> tuple[float, float]:
    """Sums of within-week cross products (change x exposure) and squares (exposure) over the comparison
    districts of the stop's weeks, the outcomes moved back by `shift` (the comparison districts and exposure as in
    the real weeks)."""
    with np.errstate(invalid="ignore"), _quiet():
        base = np.nanmean(cohort.y[:, cohort.base - shift], axis=1)
    sxy = sxx = 0.0
    for t in periods:
        change = cohort.y[:, t - shift] - base
        mask = cohort.controls(t) & np.isfinite(change)
        if mask.sum() < 2:
            continue
        d, e = change[mask], exposure[mask, t]
        sxy += float(np.sum((d - d.mean()) * (e - e.mean())))
        sxx += float(np.sum(np.square(e - e.mean())))
    return sxy, sxx


def fit(parts: list[StopExposure], exposure: np.ndarray, shift: int = 0) -> tuple[float, float] | None:
    """beta and the sum of squared exposure deviations it rests on (its precision), from the stops valid at this
    shift; None without any spread of exposure."""
    sxy = sxx = 0.0
    for part in parts:
        if valid(part.cohort, part.periods, shift):
            a, b = slope_terms(part.cohort, part.periods, exposure, shift)
            sxy, sxx = sxy + a, sxx + b
    return (sxy / sxx, sxx) if sxx > MIN_SPREAD else None


def placebo_slopes(parts: list[StopExposure], exposure: np.ndarray, shifts: range, spread: float) -> dict[int, float]:
    """beta at every shift, each rescaled to the precision of the real beta: a placebo from fewer stops (those
    still valid that far back) rests on less spread of exposure, and its error, larger by sqrt(spread / its
    spread), would widen every interval; times sqrt(its spread / spread) it has the real estimate's error scale."""
    out = {}
    for k in shifts:
        fitted = fit(parts, exposure, k)
        if fitted is not None:
            out[k] = fitted[0] * float(np.sqrt(fitted[1] / spread))
    return out


def control_exposure(cohort: Cohort, periods: list[int], exposure: np.ndarray) -> float:
    """The comparison districts' mean exposure, averaged over the stop's weeks."""
    means = []
    for t in periods:
        mask = cohort.controls(t) & np.isfinite(cohort.y[:, t])
        if mask.any():
            means.append(float(exposure[mask, t].mean()))
    return float(np.mean(means)) if means else 0.0
