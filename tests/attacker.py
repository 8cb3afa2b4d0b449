"""An insider's linear programme over everything a role is given (docs/DISCLOSURE.md, "The audit over all
outputs"): the unknowns are the true counts of the smallest units the outputs are made of (a stop's visits per
day and category, its pop-up activations per day and district of residence), ≥ 0; every figure the role obtains
is a constraint on sums of them — exact (a stop's visits per day, told by its KPIs after each daily load), or
published with a perturbation of at most `publication.MAX_CHANGE` (one unknown noise per perturbed cell, the
same noise wherever the same cell is published again), or not published ("·": perturbed below the threshold).

A cell is **pinned** when the programme bounds it to between 1 and threshold − 1: the insider then knows that
one or two people share that combination (LP relaxation: bounds rounded inwards, as integer counts would be).
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import numpy as np

from etl import publication


class Attacker:
    def __init__(self, minimum: int) -> None:
        self.minimum = minimum
        self.atoms: dict[Hashable, int] = {}
        self.noises: dict[Hashable, int] = {}
        self.rows: list[tuple[dict[int, float], float, float]] = []  # coefficients, low, high

    def atom(self, key: Hashable) -> int:
        return self.atoms.setdefault(key, len(self.atoms))

    def _noise(self, key: Hashable) -> int:
        return self.noises.setdefault(key, len(self.noises))

    def exact(self, atoms: list[Hashable], value: float) -> None:
        """A figure the role sees exactly: the sum of these atoms."""
        self.rows.append(({self.atom(a): 1.0 for a in atoms}, value, value))

    def between(self, atoms: list[Hashable], low: float, high: float) -> None:
        """What the role can tell of a sum without seeing it: that it lies in [low, high] (e.g. weeks that the
        publication added as a group hold at least the threshold's number of visits)."""
        self.rows.append(({self.atom(a): 1.0 for a in atoms}, low, high))

    def perturbed(self, atoms: list[Hashable], value: int | None, noise: Hashable | None = None) -> None:
        """A published cell: the atoms' sum plus an unknown noise in [−MAX_CHANGE, MAX_CHANGE] (`noise` names it
        when the same cell's noise returns elsewhere); None: not published, the perturbed sum is below the
        threshold."""
        coefficients: dict[int, float] = {self.atom(a): 1.0 for a in atoms}
        column = -1 - self._noise(noise if noise is not None else ("cell", len(self.rows)))
        coefficients[column] = 1.0
        if value is None:
            self.rows.append((coefficients, 0.0, self.minimum - 1))
        else:
            self.rows.append((coefficients, value, value))

    def summed(self, parts: list[tuple[list[Hashable], Hashable]], value: int | None) -> None:
        """A published sum of perturbed cells (each part: its atoms and the name of its noise)."""
        coefficients: dict[int, float] = {}
        for atoms, noise in parts:
            for a in atoms:
                coefficients[self.atom(a)] = 1.0
            coefficients[-1 - self._noise(noise)] = 1.0
        self.rows.append((coefficients, 0.0, self.minimum - 1) if value is None else (coefficients, value, value))

    def _matrices(self):
        n_atoms, n_noise = len(self.atoms), len(self.noises)
        size = n_atoms + n_noise
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        for coefficients, low, high in self.rows:
            row = np.zeros(size)
            for column, value in coefficients.items():
                row[column if column >= 0 else n_atoms + (-1 - column)] = value
            if low == high:
                a_eq.append(row)
                b_eq.append(low)
            else:  # a bound at infinity is no bound
                a_ub.extend([r for r, bound in ((row, high), (-row, -low)) if math.isfinite(bound)])
                b_ub.extend([bound for bound in (high, -low) if math.isfinite(bound)])
        bounds = [(0, None)] * n_atoms + [(-publication.MAX_CHANGE, publication.MAX_CHANGE)] * n_noise
        return size, a_eq, b_eq, a_ub, b_ub, bounds

    def pinned(self, cells: dict[Hashable, tuple[list[Hashable], int]]) -> dict[Hashable, tuple[int, int]]:
        """Of `cells` (name: its atoms and true value), those whose true value lies between 1 and threshold − 1
        and that the programme bounds to that range: name -> (lowest, highest)."""
        from scipy.optimize import linprog  # here, not on import: every test worker collects the modules using this

        size, a_eq, b_eq, a_ub, b_ub, bounds = self._matrices()
        kwargs = {
            "A_eq": np.array(a_eq) if a_eq else None,
            "b_eq": np.array(b_eq) if b_eq else None,
            "A_ub": np.array(a_ub) if a_ub else None,
            "b_ub": np.array(b_ub) if b_ub else None,
            "bounds": bounds,
            "method": "highs",
        }
        candidates = {name: atoms for name, (atoms, truth) in cells.items() if 0 < truth < self.minimum}
        # Screening, exact: a feasible point of the programme in which a cell reaches the threshold (or is 0)
        # proves that its own highest (lowest) bound does too, so that cell needs no programme of its own.
        # Such points come from two shared programmes (all cells pushed up together, each only up to the
        # threshold; all pushed down); the cells they do not clear get their own programmes as before.
        reaching = self._reaching(candidates, size, kwargs, up=True)
        zero = self._reaching({n: a for n, a in candidates.items() if n not in reaching}, size, kwargs, up=False)
        found = {}
        for name, (atoms, truth) in cells.items():
            if not 0 < truth < self.minimum or name in reaching or name in zero:
                continue  # not between 1 and threshold - 1, or a feasible point clears it
            objective = np.zeros(size)
            for a in atoms:
                objective[self.atoms[a]] = 1.0
            high = linprog(-objective, **kwargs)
            assert high.status in (0, 3), high.message  # 3: unbounded above, nothing pinned
            highest = math.inf if high.status == 3 else math.floor(-high.fun + 1e-7)
            if highest >= self.minimum:
                continue
            low = linprog(objective, **kwargs)
            assert low.status == 0, low.message
            lowest = math.ceil(low.fun - 1e-7)
            if lowest >= 1:
                found[name] = (lowest, int(highest))
        return found

    def _reaching(self, candidates: dict[Hashable, list[Hashable]], size: int, kwargs: dict, up: bool) -> set:
        """The candidates some feasible point of the programme proves unpinned: `up`, those whose highest bound
        reaches the threshold (a point where the cell is at least the threshold: maximise the sum over cells of
        min(cell, threshold), with one capped helper variable per cell, repeated while it clears more); else
        those whose lowest bound is 0 (a point where the cell is 0: minimise the cells' sum). Cleared only as
        the cell's own programme would (the same rounding), so the screening never drops a pinned cell."""
        from scipy.optimize import linprog

        cleared: set = set()
        remaining = dict(candidates)
        while remaining:
            names = list(remaining)
            sums = np.zeros((len(names), size))
            for row, name in enumerate(names):
                for a in remaining[name]:
                    sums[row, self.atoms[a]] = 1.0
            if up:
                helpers = len(names)
                caps = np.hstack([-sums, np.eye(helpers)])  # helper - cell <= 0
                a_ub = caps if kwargs["A_ub"] is None else np.vstack([_padded(kwargs["A_ub"], helpers), caps])
                b_ub = np.concatenate([kwargs["b_ub"] if kwargs["b_ub"] is not None else [], np.zeros(helpers)])
                objective = np.concatenate([np.zeros(size), -np.ones(helpers)])
                bounds = kwargs["bounds"] + [(None, self.minimum)] * helpers
                a_eq = None if kwargs["A_eq"] is None else _padded(kwargs["A_eq"], helpers)
                result = linprog(
                    objective, A_eq=a_eq, b_eq=kwargs["b_eq"], A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs"
                )
            else:
                result = linprog(sums.sum(axis=0), **kwargs)
            if result.status != 0:
                return cleared  # no point to read (the cells' own programmes decide)
            values = sums @ result.x[:size]
            found = {
                name
                for name, value in zip(names, values, strict=True)
                if (math.floor(value + 1e-7) >= self.minimum if up else math.ceil(value - 1e-7) <= 0)
            }
            if not found:
                return cleared
            cleared |= found
            remaining = {n: a for n, a in remaining.items() if n not in found}
            if not up:
                return cleared  # the minimum of the sum puts every cell at its lowest jointly: once is enough
        return cleared


def _padded(matrix: np.ndarray, columns: int) -> np.ndarray:
    """The matrix with `columns` zero columns added on the right (helper variables it does not involve)."""
    return np.hstack([matrix, np.zeros((matrix.shape[0], columns))])
