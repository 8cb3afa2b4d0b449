"""Group-time effects after Callaway & Sant'Anna (2021), and the very same computation moved back in time.

For a cohort g (the units first treated in period g) and a period t:

    ATT(g, t) = mean_{i in g} [Y_it - base_i] - mean_{j in C(g, t)} [Y_jt - base_j]

- base_i: the unit's outcome in the base period(s): the single period g-1-a ("universal" base), or the mean of
  the `base_weeks` periods ending there ("mean" base); a = the anticipation setting (periods before g in which
  the treatment may already act: posters, announcements).
- C(g, t): the units not yet treated in period max(t, g-1-a) + a, plus the never treated (not-yet-treated
  controls), without the cohort itself. A unit-period that is missing (NaN) drops out of its mean; a cell
  without a treated value or without any control is NaN, never extrapolated.

With the universal base and a = 0 this is exactly ATT(g, t) of Callaway & Sant'Anna with not-yet-treated
controls (tests: the `differences` and `moderndid` packages, to 1e-6).

`Cohort.placebo(weeks, shift)` computes the same average over `weeks` with everything moved `shift` periods
back: the same treated units, the same control units per cell, the same distances to the (moved) base. Where
that lies wholly before the cohort's treatment, the true effect is zero, so its value is pure estimation error
of exactly the reported estimator (etl.impact.inference).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

BASES = ("mean", "universal")


@dataclass(frozen=True)
class Design:
    base: str = "mean"
    base_weeks: int = 4  # with base "mean"
    anticipation: int = 0

    def __post_init__(self):
        if self.base not in BASES:
            raise ValueError(f"unknown base {self.base!r}; choose one of {', '.join(BASES)}")
        if self.anticipation < 0 or self.base_weeks < 1:
            raise ValueError("anticipation must be 0 or more and base_weeks 1 or more")

    def base_periods(self, g: int) -> np.ndarray:
        """The base periods of cohort g (indices, possibly negative when the panel starts too late)."""
        last = g - 1 - self.anticipation
        width = 1 if self.base == "universal" else self.base_weeks
        return np.arange(last - width + 1, last + 1)


class Cohort:
    """One cohort's group-time effects on a panel, and their placebos."""

    def __init__(self, y: np.ndarray, cohort: list[int | None], g: int, design: Design, units: list[int] | None = None):
        self.y, self.g, self.design = y, g, design
        n_units = y.shape[0]
        self.first = np.array([np.inf if c is None else c for c in cohort])  # a district never visited: never
        self.treated = np.array(units) if units is not None else np.flatnonzero(self.first == g)
        self.base = design.base_periods(g)
        self.base_last = int(self.base[-1])
        in_panel = self.base[self.base >= 0]
        self.valid = in_panel.size == self.base.size  # the whole base lies inside the panel
        is_treated = np.zeros(n_units, dtype=bool)
        is_treated[self.treated] = True
        self.others = ~is_treated
        self._moved_bases: dict[bytes, np.ndarray] = {}  # _moved_base_values by shifts

    def controls(self, t: int, excluded: tuple[int, ...] = ()) -> np.ndarray:
        """Boolean mask of the control units of cell (g, t)."""
        limit = max(t, self.base_last) + self.design.anticipation
        mask = self.others & (self.first > limit)
        if excluded:
            mask[list(excluded)] = False
        return mask

    @cached_property
    def _base_values(self) -> np.ndarray:
        with np.errstate(invalid="ignore"), _quiet():
            return np.nanmean(self.y[:, self.base], axis=1)

    def effect(self, t: int, excluded: tuple[int, ...] = ()) -> float:
        """ATT(g, t); NaN where not identified."""
        return float(self.effects([t], excluded)[0])

    def effects(self, periods, excluded: tuple[int, ...] = ()) -> np.ndarray:
        """ATT(g, t) for each t in `periods`."""
        periods = np.asarray(periods, dtype=int)
        if not self.valid or periods.size == 0:
            return np.full(periods.size, np.nan)
        return _difference(*self._cells(periods, excluded), self.treated)

    def effects_without_each(self, periods, units) -> np.ndarray:
        """`effects(periods, excluded=(u,))` for each unit u of `units` (units x periods), from one set of sums: a
        control's change taken back out of its column's sum and count (a panel of 500 counties has 355 controls
        for each of 191 treated units; one `effects` per control took 12 of the 13 s of `impact --panel`)."""
        periods, units = np.asarray(periods, dtype=int), np.asarray(units, dtype=int)
        if not self.valid or periods.size == 0:
            return np.full((units.size, periods.size), np.nan)
        treated_mean, values, usable = _parts(*self._cells(periods), self.treated)
        with np.errstate(invalid="ignore", divide="ignore"):
            control_mean = (values.sum(axis=0) - values[units]) / (usable.sum(axis=0) - usable[units])
        return treated_mean[None, :] - control_mean  # NaN where no other control is usable (0 / 0)

    def _cells(self, periods: np.ndarray, excluded: tuple[int, ...] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Each unit's change from its base in `periods`, and the control masks of those cells (units x periods)."""
        change = self.y[:, periods] - self._base_values[:, None]
        return change, np.stack([self.controls(int(t), excluded) for t in periods], axis=1)

    def placebo(self, periods, shift: int, excluded: tuple[int, ...] = ()) -> np.ndarray:
        """The cells of `periods` computed `shift` periods earlier (base moved alike, controls as in the real
        cells); NaN where the moved cell leaves the panel or reaches into the cohort's (anticipated) treatment."""
        return self.placebos(periods, [shift], excluded)[0]

    def placebos(self, periods, shifts, excluded: tuple[int, ...] = ()) -> np.ndarray:
        """`placebo` for every shift at once: an array shifts x periods."""
        periods, shifts = np.asarray(periods, dtype=int), np.asarray(shifts, dtype=int)
        moved = periods[None, :] - shifts[:, None]
        base = self.base[None, :] - shifts[:, None]
        outside = (base.min(axis=1) < 0) | (moved.min(axis=1) < 0)
        outside |= np.maximum(moved.max(axis=1), base.max(axis=1)) >= self.g - self.design.anticipation
        last = self.y.shape[1] - 1  # outside cells are read anywhere in the panel, then made NaN
        moved = np.clip(moved, 0, last)
        change = self.y[:, moved] - self._moved_base_values(shifts)[:, :, None]  # units x shifts x periods
        masks = np.stack([self.controls(int(t), excluded) for t in periods], axis=1)  # units x periods
        cells = _difference(change, masks[:, None, :], self.treated)  # shifts x periods
        cells[outside] = np.nan
        return cells

    def _moved_base_values(self, shifts: np.ndarray) -> np.ndarray:
        """Each unit's base moved back by each shift: units x shifts (the same for every period of a placebo, so
        computed once per set of shifts; callers only read it)."""
        key = shifts.tobytes()
        if key not in self._moved_bases:
            base = np.clip(self.base[None, :] - shifts[:, None], 0, self.y.shape[1] - 1)
            with np.errstate(invalid="ignore"), _quiet():
                self._moved_bases[key] = np.nanmean(self.y[:, base], axis=2)
        return self._moved_bases[key]

    def placebo_shifts(self) -> range:
        """Every shift a placebo could have: 1 to g - 1 weeks back. `placebos` makes NaN of those that leave the
        panel or reach into the (anticipated) treatment, and the callers drop them."""
        return range(1, self.g)


def _difference(change: np.ndarray, masks: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """mean over treated of change minus mean over each column's control mask of change (NaN-aware; units on the
    first axis)."""
    treated_mean, values, usable = _parts(change, masks, treated)
    with np.errstate(invalid="ignore", divide="ignore"):
        return treated_mean - values.sum(axis=0) / usable.sum(axis=0)  # NaN where no control is usable (0 / 0)


def _parts(change: np.ndarray, masks: np.ndarray, treated: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The treated units' mean change, and each unit's change where it is a usable control (else 0) with the mask
    of those cells: what a difference sums."""
    with np.errstate(invalid="ignore", divide="ignore"), _quiet():
        treated_mean = np.nanmean(change[treated], axis=0)
    usable = masks & np.isfinite(change)
    return treated_mean, np.where(usable, change, 0.0), usable


class _quiet:
    """Silence numpy's "mean of empty slice" (an all-missing column is NaN on purpose)."""

    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore", category=RuntimeWarning)

    def __exit__(self, *exc):
        self._catch.__exit__(*exc)


def att_gt(
    y: np.ndarray, cohort: list[int | None], design: Design = Design("universal")
) -> tuple[list[int], np.ndarray]:
    """ATT(g, t) for every cohort g (rows, in period order) and period t (columns); NaN where not identified."""
    n_periods = y.shape[1]
    groups = sorted({c for c in cohort if c is not None and 1 <= c < n_periods})
    cells = np.full((len(groups), n_periods), np.nan)
    for k, g in enumerate(groups):
        cells[k] = Cohort(y, cohort, g, design).effects(range(n_periods))
    return groups, cells
