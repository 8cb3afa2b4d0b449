"""Intervals for panels with many units (python -m etl impact --panel): unit-level influence functions, clustered
by unit, for every aggregate (a cohort, the mean over treated units, the total, an event week).

Every aggregate is a weighted sum of group-time cells, each cell the weighted mean change (outcome minus its base)
of the cell's treated units minus the mean change of its comparison units:

    theta = sum_cells [ sum_{i treated} w_i D_it  -  W_c mean_{j in C(g,t)} D_jt ],   W_c = sum of the cell's w_i

Linearised around the cell means, each unit's contribution (its influence) is

    treated i:  w_i (D_it - weighted mean of the cell's treated D)
    control j:  - W_c (D_jt - mean_{C} D) / |C|

summed over every cell the unit takes part in (as treated unit of its own cohort and as a not-yet-treated
comparison of earlier cohorts), and SE(theta) = sqrt(sum_units influence^2): clustered by unit, the analytic
standard error of Callaway & Sant'Anna (2021, section 4) with the aggregation weights held fixed. The interval is
theta +- z(0.975) SE and the minimum detectable effect (z(0.975) + z(0.80)) SE.

It needs several treated units per cohort (a lone treated unit has no spread of its own to measure): the report
uses it when the panel has at least MIN_UNITS units and every cohort of the aggregate at least MIN_TREATED.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from etl.impact.estimator import Cohort, _quiet

MIN_UNITS = 30
MIN_TREATED = 2
LEVEL = 0.95
POWER = 0.80


def standard_error(n_units: int, terms: Iterable[tuple[Cohort, int, np.ndarray]]) -> float | None:
    """SE of sum over terms (cohort, period t, weights of the cohort's treated units) of the cells' weighted
    treated change minus the summed weight times the comparison units' mean change; None if no term counts."""
    influence = np.zeros(n_units)
    counted = False
    for cohort, t, weights in terms:
        with np.errstate(invalid="ignore"), _quiet():
            change = cohort.y[:, t] - np.nanmean(cohort.y[:, cohort.base], axis=1)
        treated = np.asarray(cohort.treated)
        values = change[treated]
        ok = np.isfinite(values) & (weights != 0)
        mask = cohort.controls(t) & np.isfinite(change)
        if not ok.any() or not mask.any():
            continue
        w = weights[ok]
        total = float(w.sum())
        centre = float((w * values[ok]).sum() / total)
        influence[treated[ok]] += w * (values[ok] - centre)
        controls = change[mask]
        influence[mask] -= total * (controls - controls.mean()) / controls.size
        counted = True
    return float(np.sqrt(np.sum(np.square(influence)))) if counted else None


def z(probability: float) -> float:
    from etl.impact.inference import normal_quantile

    return normal_quantile(probability)
