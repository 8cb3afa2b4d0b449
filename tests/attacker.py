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
from scipy.optimize import linprog

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
            else:
                a_ub.extend([row, -row])
                b_ub.extend([high, -low])
        bounds = [(0, None)] * n_atoms + [(-publication.MAX_CHANGE, publication.MAX_CHANGE)] * n_noise
        return size, a_eq, b_eq, a_ub, b_ub, bounds

    def pinned(self, cells: dict[Hashable, tuple[list[Hashable], int]]) -> dict[Hashable, tuple[int, int]]:
        """Of `cells` (name: its atoms and true value), those whose true value lies between 1 and threshold − 1
        and that the programme bounds to that range: name -> (lowest, highest)."""
        size, a_eq, b_eq, a_ub, b_ub, bounds = self._matrices()
        kwargs = {
            "A_eq": np.array(a_eq) if a_eq else None,
            "b_eq": np.array(b_eq) if b_eq else None,
            "A_ub": np.array(a_ub) if a_ub else None,
            "b_ub": np.array(b_ub) if b_ub else None,
            "bounds": bounds,
            "method": "highs",
        }
        found = {}
        for name, (atoms, truth) in cells.items():
            if not 0 < truth < self.minimum:
                continue
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
