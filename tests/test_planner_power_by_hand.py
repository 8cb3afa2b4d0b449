"""The planner's power at a level below 95 %, worked out by hand on a reference of three |z| values.

A reference with |z| = 1, 2, 4 weighted 0.50, 0.35, 0.15 and 9 pooled draws: 80 % is attainable (9 needed), 90 %
is not (19). Its quantiles (the first |z| whose cumulative weight reaches the level): cumulative 0.50, 0.85, 1.00,
so q(0.80) = 2, q(0.60) = 2, q(0.95) = 4. The interval of a stop planned today is then estimate +- 2 x scale.
"""

from __future__ import annotations

import numpy as np
import pytest

from etl.impact import planner
from etl.impact.estimator import Design
from etl.impact.inference import Placebos, Reference
from etl.impact.panel import Panel


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


# P alternates 1, -1, 1, ... over weeks 0..9, C is 0 (as in test_impact_by_hand); a stop planned right after the data
# (week 10), one-week base. An N-week window moved back s weeks, against the week before it, changes P by:
#   1 week:  +-2 (one week against its neighbour), s = 1..9: 9 placebos
#   2 weeks: +-2 and 0: mean +-1, s = 2..9: 8 placebos
#   4 weeks: +-1, s = 4..9: 6 placebos
#   5 weeks and more: 5 placebos or fewer (no scale)
def _alternating_panel() -> Panel:
    y = np.array([[1.0 if w % 2 == 0 else -1.0 for w in range(10)], [0.0] * 10])
    return Panel(["P", "C"], list(range(10)), y, [None, None], [20_000, 10_000], [])


def test_the_plan_states_the_reference_of_the_stop_length_asked_for():
    # The campaign so far: 11 placebos of +-1 (|z| = 1 each): 80 % (9 needed), not 90 % (19). A 2-week stop adds its
    # 8 placebos: 19 draws, 90 %; a 4-week stop would add 6: 17, still 80 %. Every |z| is 1: MDE = (1 + 1) x scale 1.
    so_far = [Placebos({s: (-1.0) ** s for s in range(1, 12)}, 2)]
    today = Reference.pooled(so_far)
    assert (today.draws, today.level) == (11, 0.80)
    plan = planner.plan(_alternating_panel(), Design("universal"), today, "P", 2, families=so_far)
    assert (plan["level"], plan["mde"]) == (0.90, pytest.approx(2.0))
    plan = planner.plan(_alternating_panel(), Design("universal"), today, "P", 4, families=so_far)
    assert (plan["level"], plan["mde"]) == (0.80, pytest.approx(2.0))
    # a 1-week stop: 9 placebos of +-2 (s = 1..9, each over its others' 2: |z| 1): 20 draws, 90 %; MDE 2 x 2 = 4
    # (a 12-week stop would add none: 11, 80 %)
    plan = planner.plan(_alternating_panel(), Design("universal"), today, "P", 1, families=so_far)
    assert (plan["level"], plan["mde"]) == (0.90, pytest.approx(4.0))


def test_a_plan_of_eleven_weeks_has_no_scale_but_a_level():
    # 11 weeks (10..20, base 9): a placebo needs s >= 11 to end before week 10 and s <= 9 to keep the base: none, so
    # no scale and no MDE; the lengths shown stay 1..12 and the level is today's (no families given): 40 draws, 95 %
    today = Reference(np.array([1.0]), np.array([1.0]), 40)
    plan = planner.plan(_alternating_panel(), Design("universal"), today, "P", 11)
    assert (plan["level"], plan["mde"], plan["power_curve"]) == (0.95, None, [])
    assert [b["weeks"] for b in plan["mde_by_weeks"]] == list(range(1, 13))
    assert plan["warnings"] == [{"code": "not_enough_history"}]
