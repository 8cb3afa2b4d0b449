"""Intervals for the impact estimate from placebos of the same estimator, standardised per cohort.

With one district per cohort, analytic and bootstrap standard errors miss the treated district's own noise. Here
every estimate (a stop's mean effect, an event week, a single cell) is recomputed with the cohort's treatment
moved back in time by every shift that keeps it wholly before the real one (estimator.Cohort.placebo: same
treated unit, same controls, same distances to its own moved base). Those placebo values are the cohort's
estimation error when nothing happened.

- **Scale per cohort** (Ferman & Pinto 2019, in spirit): a cohort's placebos give its own error scale, the root
  mean square of its placebo values, so a small or noisy district gets a wider interval.
- **Shape pooled over cohorts**: each placebo divided by the scale of that cohort's other placebos (those that
  share no period with it, as the real estimate shares none with its scale), pooled with equal weight per cohort
  and made symmetric. Its |z| quantile is the multiplier: interval = estimate ± multiplier × scale. Symmetric, so
  every interval contains its own estimate.
- **Attainable level**: a stated level needs at least 2 / (1 − level) − 1 pooled placebo draws (39 for 95 %);
  with fewer the report states the highest of 95 / 90 / 80 % that is attainable, or none ("not enough history").
- **Several cohorts together** (overall effect, campaign total, event weeks): the estimate is a weighted sum of
  cohort estimates; its scale comes from the cohorts' placebo covariance at common shifts (the same calendar
  gaps between cohorts as in the real estimate), its multiplier from the same pooled reference. The pre-trend
  test uses Student's t with Satterthwaite's degrees of freedom instead (its size is then nominal:
  docs/IMPACT_VALIDATION.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from etl.impact.estimator import Cohort

LEVELS = (0.95, 0.90, 0.80)
MIN_SCALE_DRAWS = 6  # placebos a cohort needs for its own scale (and at least two that do not overlap)


def draws_needed(level: float) -> int:
    """2 / (1 - level) - 1, rounded up: 39 for 95 %, 19 for 90 %, 9 for 80 % (rounded first: in floating point
    1 - 0.9 is a little less than 0.1, and the bare ceiling asked for 20 and 10)."""
    return int(np.ceil(round(2 / (1 - level) - 1, 9)))


@dataclass
class Placebos:
    """One cohort's placebo values of one estimate, by shift, and how many periods one placebo spans."""

    values: dict[int, float]
    span: int

    @property
    def degrees_of_freedom(self) -> float:
        """How many independent draws the placebos hold: non-overlapping windows of `span` periods."""
        if not self.values:
            return 0.0
        return max((max(self.values) - min(self.values)) / self.span + 1, 1.0)

    @property
    def scale(self) -> float | None:
        """Root mean square of the placebo values; None with too few of them."""
        shifts = sorted(self.values)
        if len(shifts) < MIN_SCALE_DRAWS or shifts[-1] - shifts[0] < self.span:
            return None
        return float(np.sqrt(np.mean(np.square(list(self.values.values())))))

    def standardised(self) -> list[float]:
        """Each placebo over the scale of the cohort's other placebos, leaving out those nearer to it than the
        nearest placebo lies to the real estimate (as the real estimate is left out of its own scale)."""
        out: list[float] = []
        if not self.values:
            return out
        gap = min(self.values)
        shifts = np.fromiter(self.values, dtype=np.int64, count=len(self.values))
        squares = np.square(np.fromiter(self.values.values(), dtype=float, count=len(self.values)))
        apart = np.abs(shifts[:, None] - shifts[None, :]) >= gap  # row i: the placebos that count for the i-th
        for row, value in zip(apart, self.values.values(), strict=True):
            # the others' squares in the dict's order as one contiguous array, summed and divided by their count:
            # np.mean of the squares of the list of others, to the last bit
            others = squares[row]
            if others.size >= 2:
                rms = float(np.sqrt(np.add.reduce(others) / others.size))
                if rms > 0:
                    out.append(value / rms)
        return out


def placebos(cohort: Cohort, periods, weights=None, excluded: tuple[int, ...] = ()) -> Placebos:
    """The placebo values of the (weighted) mean of the cohort's cells in `periods`."""
    periods = np.asarray(list(periods), dtype=int)
    shifts = np.array(list(cohort.placebo_shifts()), dtype=int)
    values = {}
    if shifts.size:
        cells = cohort.placebos(periods, shifts, excluded)
        complete = np.all(np.isfinite(cells), axis=1)
        means = np.average(np.where(complete[:, None], cells, 0.0), axis=1, weights=weights)
        values = {int(s): float(m) for s, m, ok in zip(shifts, means, complete, strict=True) if ok}
    used = np.concatenate([periods, cohort.base])
    return Placebos(values, int(used.max() - used.min() + 1))


@dataclass(frozen=True)
class Reference:
    """The pooled, symmetric distribution of standardised placebos of one kind of estimate."""

    z: np.ndarray  # |z| values
    weights: np.ndarray
    draws: int

    @classmethod
    def pooled(cls, families: list[Placebos]) -> Reference:
        parts = [(np.abs(z), len(z)) for z in (f.standardised() for f in families)]
        parts = [(z, n) for z, n in parts if n > 0]
        if not parts:
            return cls(np.array([]), np.array([]), 0)
        z = np.concatenate([p for p, _ in parts])
        weights = np.concatenate([np.full(n, 1 / n) for _, n in parts])
        return cls(z, weights / weights.sum(), sum(len(f.values) for f in families))

    @property
    def level(self) -> float | None:
        """The highest of LEVELS with enough draws; None when not even 80 % is attainable."""
        return next((level for level in LEVELS if self.draws >= draws_needed(level)), None)

    @cached_property
    def _sorted(self) -> tuple[np.ndarray, np.ndarray]:
        """|z| in ascending order and the cumulative weights in that order (sorted once, not at every interval)."""
        order = np.argsort(self.z)
        return self.z[order], np.cumsum(self.weights[order])

    def multiplier(self, level: float) -> float:
        """The `level` quantile of |z| (weighted)."""
        z, cumulative = self._sorted
        position = int(np.searchsorted(cumulative, level))  # the weights sum to 1, a level is at most 0.95
        return float(z[position])

    def tail(self, statistic: float) -> float:
        """The weighted share of |z| at or above |statistic| (a two-sided p-value)."""
        return float(self.weights[self.z >= abs(statistic)].sum()) if self.z.size else float("nan")


# The normal and Student's t quantiles and tail as scipy.stats computes them for a plain (finite, in-range)
# argument: its norm.ppf(q) is scipy.special.ndtri(q) x 1 + 0, its t.ppf(q, df) stdtrit(df, q) x 1 + 0 and its
# t.sf(x, df) stdtr(df, -x) (scipy/stats/_continuous_distns.py, _distn_infrastructure.py) -- the same figures to the
# last bit, without importing scipy.stats (about 0.5 s of CPU at every `python -m etl impact`, scipy.special a
# third of it). Any other argument goes to scipy.stats itself, edge cases and all.
def normal_quantile(q: float) -> float:
    """scipy.stats.norm.ppf(q)."""
    if 0 < q < 1:
        from scipy.special import ndtri

        return float(ndtri(q))
    from scipy.stats import norm

    return float(norm.ppf(q))


def student_quantile(q: float, df: float) -> float:
    """scipy.stats.t.ppf(q, df)."""
    if 0 < q < 1 and 0 < df < np.inf:
        from scipy.special import stdtrit

        return float(stdtrit(df, q))
    from scipy.stats import t

    return float(t.ppf(q, df))


def student_tail(x: float, df: float) -> float:
    """scipy.stats.t.sf(x, df)."""
    if np.isfinite(x) and 0 < df < np.inf:
        from scipy.special import stdtr

        return float(stdtr(df, -x))
    from scipy.stats import t

    return float(t.sf(x, df))


POWER = 0.80  # the power at which the minimum detectable effect (mde) is stated


def mde(scale: float | None, reference: Reference) -> float | None:
    """The minimum detectable effect of an estimate with this scale: the smallest true effect whose interval (at the
    reference's attainable level) excludes zero with probability POWER, from the same standardised placebos as the
    interval: (q(level) + q(2 POWER - 1)) x scale, q the quantiles of |Z| (Z symmetric, so q(2 POWER - 1) of |Z| is
    the POWER quantile of Z; the chance that the interval reaches beyond zero on the wrong side is neglected)."""
    level = reference.level
    if scale is None or level is None or not np.isfinite(scale):
        return None
    return float((reference.multiplier(level) + reference.multiplier(2 * POWER - 1)) * scale)


@dataclass(frozen=True)
class Interval:
    low: float | None
    high: float | None
    level: float | None
    scale: float | None
    mde: float | None = None  # the minimum detectable effect at this scale (etl.impact.inference.mde)

    @classmethod
    def around(cls, estimate: float | None, scale: float | None, reference: Reference) -> Interval:
        level = reference.level
        if estimate is None or not np.isfinite(estimate) or scale is None or level is None:
            return cls(None, None, level if scale is not None else None, scale)
        detectable = mde(scale, reference)
        half = reference.multiplier(level) * scale
        return cls(estimate - half, estimate + half, level, scale, detectable)

    @classmethod
    def normal(cls, estimate: float | None, se: float | None, level: float = 0.95) -> Interval:
        """estimate +- z((1 + level) / 2) x se, with the mde (z((1 + level) / 2) + z(POWER)) x se: for an estimate
        whose standard error comes from many independent units (etl.impact.influence)."""
        if estimate is None or se is None or not np.isfinite(estimate) or not np.isfinite(se):
            return cls(None, None, None, se)
        critical = normal_quantile(0.5 + level / 2)
        half = critical * se
        return cls(estimate - half, estimate + half, level, se, (critical + normal_quantile(POWER)) * se)


@dataclass(frozen=True)
class Combined:
    """The scale of a weighted sum of cohort estimates and its Satterthwaite degrees of freedom."""

    scale: float
    degrees_of_freedom: float

    def multiplier(self, level: float) -> float:
        return student_quantile(0.5 + level / 2, self.degrees_of_freedom)

    def p_value(self, statistic: float) -> float:
        return float(2 * student_tail(abs(statistic) / self.scale, self.degrees_of_freedom))


def combined_scale(families: list[Placebos], weights: list[float]) -> Combined | None:
    """The scale of sum_k weight_k * estimate_k from the cohorts' placebo covariance at common shifts (a pair
    with fewer than MIN_SCALE_DRAWS common shifts counts as uncorrelated), with Satterthwaite's degrees of
    freedom from each cohort's independent placebo draws; None if any cohort has no scale."""
    scales = [f.scale for f in families]
    if not families or any(s is None for s in scales):
        return None
    k = len(families)
    covariance = np.diag(np.square(np.array(scales, dtype=float)))
    for a in range(k):
        for b in range(a + 1, k):
            common = sorted(set(families[a].values) & set(families[b].values))
            if len(common) >= MIN_SCALE_DRAWS:
                cross = np.mean([families[a].values[s] * families[b].values[s] for s in common])
                covariance[a, b] = covariance[b, a] = cross
    eigenvalues, vectors = np.linalg.eigh(covariance)  # the nearest covariance that is one (no negative variance)
    covariance = vectors @ np.diag(np.clip(eigenvalues, 0, None)) @ vectors.T
    w = np.asarray(weights, dtype=float)
    variance = float(max(w @ covariance @ w, 0.0))
    parts = np.square(w) * np.square(np.array(scales, dtype=float))
    dfs = np.array([f.degrees_of_freedom for f in families])
    denominator = float(np.sum(np.square(parts) / dfs))
    df = float(np.sum(parts) ** 2 / denominator) if denominator > 0 else 1.0
    return Combined(float(np.sqrt(variance)), max(df, 1.0))


def demeaned(family: Placebos) -> Placebos:
    """The placebos around their own mean (for testing a trend that the placebos share)."""
    if not family.values:
        return family
    centre = float(np.mean(list(family.values.values())))
    return Placebos({s: v - centre for s, v in family.values.items()}, family.span)


def _inflation(family: Placebos) -> float:
    """sqrt(df / (df - 1)): how much wider a value's spread is than that of placebos around their own mean."""
    df = family.degrees_of_freedom
    return float(np.sqrt(df / (df - 1))) if df > 1 else 1.0


@dataclass(frozen=True)
class Joint:
    """A joint test that many estimates (every pre-period cell of every cohort) are all zero: the mean of their
    squared studentised values (a Wald statistic with diagonal weights) against the same statistic at every placebo
    shift that all of them have, each placebo studentised like a real value (leave one out: see joint_test)."""

    statistic: float
    p_value: float
    draws: int
    cells: int
    null: np.ndarray  # the statistic at each common shift, sorted
    placebo: np.ndarray  # shifts x cells: the studentised placebos (each a null draw of the real values' t)
    scales: np.ndarray  # cells: what each real value is divided by

    def critical(self, alpha: float) -> float:
        """The statistic must exceed this to give p < alpha: p = (1 + null at or above it) / (1 + draws)."""
        allowed = int(np.ceil(round(alpha * (self.draws + 1) - 1, 9))) - 1  # null values at or above it that still do
        if allowed < 0:  # too few shifts: even the largest statistic has p = 1 / (1 + draws) >= alpha
            return float("inf")
        return float(self.null[self.draws - 1 - allowed]) if allowed < self.draws else float("-inf")

    def power(self, shift: np.ndarray, alpha: float) -> float:
        """The share of rejections when the real values move by `shift` (draws x cells, one row per scenario), each
        row added to every studentised placebo in turn."""
        moved = self.placebo[None, :, :] + (shift / self.scales)[:, None, :]
        return float(np.mean(np.mean(np.square(moved), axis=2) > self.critical(alpha)))

    def detectable(self, trend: np.ndarray, alpha: float, power: float = 0.80) -> float | None:
        """The smallest d for which the test rejects with probability `power` when the real values move by d x
        `trend` (scenarios x cells: e.g. trends of random sign per district); None when even 1,000 x the largest
        placebo scale is not enough (a trend that moves no cell)."""
        if not np.isfinite(self.critical(alpha)):
            return None
        high = float(np.max(self.scales)) / max(float(np.max(np.abs(trend))), 1e-300)
        limit = high * 1e3
        while self.power(high * trend, alpha) < power:
            high *= 2
            if high > limit:
                return None
        low = 0.0
        for _ in range(40):  # bisection to a relative 1e-12 of the start
            middle = (low + high) / 2
            low, high = (middle, high) if self.power(middle * trend, alpha) < power else (low, middle)
        return high


class _Studentiser:
    """Each placebo of one family as a null draw of a real value's t: centred on the mean of the cell's placebos
    that share no week with it (|shift difference| >= span; a trend every placebo shares cancels, and a mean of
    placebos that overlap it would pull it towards itself) and divided like a real value by the scale of the cell's
    other placebos around their own mean x sqrt(df / (df - 1)), times sqrt(1 + 1 / n) for the mean of the n
    placebos taken off. None without a scale or with fewer than two placebos apart from it.

    Called shift after shift, each shift computed once: the family's shifts and values as arrays, each shift's
    others and those apart from it picked from them (in the dict's order, as contiguous arrays: each mean is their
    sum over their count as np.mean computes it, every figure the same to the last bit as over the lists of
    demeaned(others).scale and _inflation(others))."""

    def __init__(self, family: Placebos):
        self.family = family
        self.shifts = np.fromiter(family.values, dtype=np.int64, count=len(family.values))
        self.values = np.fromiter(family.values.values(), dtype=float, count=len(family.values))
        self.ordered = sorted(family.values)  # the others' first and last shift without sorting them each time
        self.done: dict[int, tuple[float, float] | None] = {}

    def __call__(self, shift: int) -> tuple[float, float] | None:
        if shift not in self.done:
            self.done[shift] = self._studentise(shift)
        return self.done[shift]

    def _studentise(self, shift: int) -> tuple[float, float] | None:
        span = self.family.span
        others = self.values[self.shifts != shift]
        apart = self.values[np.abs(self.shifts - shift) >= span]
        rest = [k for k in (self.ordered[:2] + self.ordered[-2:]) if k != shift]  # the others' ends among these
        if others.size < MIN_SCALE_DRAWS or not rest or max(rest) - min(rest) < span or apart.size < 2:
            return None  # demeaned(others).scale is None, or too few placebos apart
        centred = others - float(np.add.reduce(others) / others.size)  # demeaned(others)
        scale = float(np.sqrt(np.add.reduce(np.square(centred)) / centred.size))
        if scale <= 0:
            return None
        df = max((max(rest) - min(rest)) / span + 1, 1.0)  # others.degrees_of_freedom
        inflation = float(np.sqrt(df / (df - 1))) if df > 1 else 1.0  # _inflation(others)
        centre = float(np.add.reduce(apart) / apart.size)
        return self.family.values[shift] - centre, scale * inflation * float(np.sqrt(1 + 1 / apart.size))


def joint_test(
    values: list[float], families: list[Placebos], studentisers: dict[int, _Studentiser] | None = None
) -> Joint | None:
    """The joint test of `values` (e.g. every pre-period cell of every cohort) against their placebos.

    Each real value is studentised by the scale of its placebos around their own mean (a trend that the placebos
    share, as a linear pre-trend does, must not hide itself) times sqrt(df / (df - 1)) (the real value is not
    demeaned); the statistic is the mean of the squares, so deviations of different sign in different districts
    cannot cancel. Its null distribution: the same statistic at every shift that all the estimates have (one
    resampling for all cells, keeping their correlation), each placebo studentised LIKE A REAL VALUE, by the scale
    of the cell's other placebos (leave one out; _Studentiser). Studentising a placebo by a scale that
    contains it (as the sup-t test before did) makes its null too narrow (false alarms 12.5 % at a nominal 10 %).
    p = (1 + count at or above the statistic) / (1 + shifts). None without estimates or common shifts.
    `studentisers`: kept by a caller that tests several selections of the same families (by id: the families must
    outlive it), so that each placebo is studentised once."""
    kept = []
    for v, f in zip(values, families, strict=True):
        centred = demeaned(f)
        if centred.scale is not None and centred.scale > 0:
            kept.append((v, f, centred.scale * _inflation(f)))
    if not kept:
        return None
    common = sorted(set.intersection(*(set(f.values) for _, f, _ in kept)))
    rows = []
    known = {} if studentisers is None else studentisers
    for _, f, _ in kept:
        if id(f) not in known:
            known[id(f)] = _Studentiser(f)
    chosen = [known[id(f)] for _, f, _ in kept]
    for k in common:
        row = [studentise(k) for studentise in chosen]
        if all(r is not None for r in row):
            rows.append([r[0] / r[1] for r in row if r is not None])
    if not rows:
        return None
    scales = np.array([s for _, _, s in kept])
    statistic = float(np.mean(np.square(np.array([v for v, _, _ in kept]) / scales)))
    placebo = np.array(rows)
    null = np.sort(np.mean(np.square(placebo), axis=1))
    exceed = int(np.sum(null >= statistic))
    return Joint(statistic, (1 + exceed) / (1 + len(null)), len(null), len(kept), null, placebo, scales)
