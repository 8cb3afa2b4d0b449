"""The planner's power at a level below 95 %, worked out by hand on a reference of three |z| values.

A reference with |z| = 1, 2, 4 weighted 0.50, 0.35, 0.15 and 9 pooled draws: 80 % is attainable (9 needed), 90 %
is not (19). Its quantiles (the first |z| whose cumulative weight reaches the level): cumulative 0.50, 0.85, 1.00,
so q(0.80) = 2, q(0.60) = 2, q(0.95) = 4. The interval of a stop planned today is then estimate +- 2 x scale.
"""

from __future__ import annotations

import numpy as np
import pytest

from etl.impact import planner
from etl.impact.inference import Reference


def _reference() -> Reference:
    return Reference(np.array([1.0, 2.0, 4.0]), np.array([0.50, 0.35, 0.15]), 9)


def test_the_reference_states_80_percent():
    reference = _reference()
    assert reference.level == 0.80
    assert (reference.multiplier(0.80), reference.multiplier(0.60), reference.multiplier(0.95)) == (2, 2, 4)
    # MDE / scale at 80 %: q(0.80) + q(0.60) = 2 + 2
    assert planner.factor(reference) == pytest.approx(4)


def test_power_at_the_level_the_reference_attains():
    # Z symmetric: +-1 (0.25 each), +-2 (0.175), +-4 (0.075). An effect of 3 with scale 3: |1 + Z| > 2 (the 80 %
    # multiplier) for Z = 2 (3), 4 (5), -4 (3), not for 1 (2, not above), -1 (0), -2 (1): 0.175 + 0.075 + 0.075.
    # (With the 95 % multiplier 4, which the reference cannot state, only Z = 4 would count: 0.075.)
    assert planner.power(3.0, 3.0, _reference()) == pytest.approx(0.325)
    # no effect: |Z| > 2 for Z = +-4 only: 0.15
    assert planner.power(0.0, 3.0, _reference()) == pytest.approx(0.15)
