"""The interval arithmetic of the impact estimate (etl/impact/inference.py), worked out by hand on small placebo
sets: a cohort's scale, the leave-out standardised placebos, the pooled reference, the attainable level, the
multiplier and tail, an interval around its estimate, and the scale of a weighted sum of two cohorts.

Placebo set P (shifts 1..6, one period each): 3, -4, 0, 3, -4, 0; sum of squares 50.
Placebo set Q (shifts 1..3): 1, -1, 2; sum of squares 6.
"""

from __future__ import annotations

from math import sqrt

import numpy as np
import pytest

from etl.impact.inference import (
    Interval,
    Joint,
    Placebos,
    Reference,
    combined_scale,
    demeaned,
    draws_needed,
    joint_test,
    mde,
    normal_quantile,
    student_quantile,
    student_tail,
)
from etl.impact.validation_pretrend import standard_error

P = Placebos({1: 3.0, 2: -4.0, 3: 0.0, 4: 3.0, 5: -4.0, 6: 0.0}, span=1)
Q = Placebos({1: 1.0, 2: -1.0, 3: 2.0}, span=1)


def test_a_cohorts_scale_is_the_root_mean_square_of_at_least_six_placebos():
    assert P.scale == pytest.approx(sqrt(50 / 6))  # (9 + 16 + 0 + 9 + 16 + 0) / 6
    assert Q.scale is None  # three placebos: too few for a scale of its own
    assert Placebos(P.values, span=10).scale is None  # all six inside one window of 10 periods: one draw only
    assert Placebos(P.values, span=5).scale == pytest.approx(sqrt(50 / 6))  # shifts 1 and 6 lie 5 apart


def test_independent_draws_count_whole_windows():
    assert P.degrees_of_freedom == 6  # (6 - 1) / 1 + 1
    assert Placebos(P.values, span=2).degrees_of_freedom == 3.5  # (6 - 1) / 2 + 1
    assert Placebos(P.values, span=10).degrees_of_freedom == 1.5  # (6 - 1) / 10 + 1
    assert Placebos({}, span=1).degrees_of_freedom == 0.0


def test_each_placebo_is_standardised_by_the_others():
    # The nearest placebo lies 1 period before the real estimate, so only the placebo itself is left out.
    assert P.standardised() == pytest.approx(
        [3 / sqrt(41 / 5), -4 / sqrt(34 / 5), 0.0, 3 / sqrt(41 / 5), -4 / sqrt(34 / 5), 0.0]
    )
    assert Q.standardised() == pytest.approx([1 / sqrt(5 / 2), -1 / sqrt(5 / 2), 2 / sqrt(1)])
    # Shifts from 2 on: placebos nearer than 2 periods to one are left out with it.
    far = Placebos({2: 2.0, 3: 4.0, 4: 2.0, 5: 4.0}, span=1)
    # shift 2: others at 4, 5 -> (4 + 16) / 2; shift 5: at 2, 3 -> the same; shifts 3 and 4 have one other only
    assert far.standardised() == pytest.approx([2 / sqrt(10), 4 / sqrt(10)])


def test_the_pooled_reference_weighs_each_cohort_equally():
    reference = Reference.pooled([P, Q])
    assert reference.draws == 9  # 6 + 3 placebos
    # |z|: P's six with weight 1/12 each, Q's three with weight 1/6 each (each cohort 1/2 in all).
    pairs = sorted(zip(reference.z, reference.weights, strict=True))
    expected = sorted(
        [(3 / sqrt(41 / 5), 1 / 12), (4 / sqrt(34 / 5), 1 / 12), (0.0, 1 / 12)] * 2
        + [(1 / sqrt(5 / 2), 1 / 6), (1 / sqrt(5 / 2), 1 / 6), (2.0, 1 / 6)]
    )
    assert [z for z, _ in pairs] == pytest.approx([z for z, _ in expected])
    assert [w for _, w in pairs] == pytest.approx([w for _, w in expected])


def test_the_level_needs_enough_draws():
    assert (draws_needed(0.95), draws_needed(0.90), draws_needed(0.80)) == (39, 19, 9)
    assert Reference.pooled([P, Q]).level == 0.80  # 9 draws
    assert Reference.pooled([P]).level is None  # 6 draws: not even 80 %
    nineteen = Placebos({s: (-1.0) ** s * (1 + s % 3) for s in range(1, 20)}, span=1)
    assert Reference.pooled([nineteen]).level == 0.90


def test_the_multiplier_and_tail_read_the_weighted_distribution():
    reference = Reference.pooled([P, Q])
    # |z| sorted with cumulative weight: 0, 0 (1/6), 0.632, 0.632 (1/2), 1.048, 1.048 (2/3), 1.534 (3/4),
    # 1.534 (5/6), 2 (1): the first at or above 0.8 is the second 1.534 = 4 / sqrt(6.8).
    assert reference.multiplier(0.80) == pytest.approx(4 / sqrt(34 / 5))
    assert reference.multiplier(0.45) == pytest.approx(1 / sqrt(5 / 2))  # the second 0.632 reaches 1/2
    assert reference.tail(1.0) == pytest.approx(4 / 12 + 1 / 6)  # 1.048 twice, 1.534 twice, 2
    assert reference.tail(-1.6) == pytest.approx(1 / 6)  # two-sided: |-1.6|, only the 2
    assert reference.tail(2.0) == pytest.approx(1 / 6)  # at or above


def test_an_interval_is_symmetric_around_its_estimate():
    reference = Reference.pooled([P, Q])
    half = 4 / sqrt(34 / 5) * 2.0
    interval = Interval.around(10.0, 2.0, reference)
    assert (interval.low, interval.high, interval.level, interval.scale) == pytest.approx(
        (10.0 - half, 10.0 + half, 0.80, 2.0)
    )
    assert Interval.around(None, 2.0, reference) == Interval(None, None, 0.80, 2.0)
    assert Interval.around(float("nan"), 2.0, reference) == Interval(None, None, 0.80, 2.0)
    assert Interval.around(10.0, None, reference) == Interval(None, None, None, None)
    assert Interval.around(10.0, 2.0, Reference.pooled([P])) == Interval(None, None, None, 2.0)


def test_the_minimum_detectable_effect_comes_from_the_intervals_own_reference():
    # With the reference of P and Q (level 80 %): q(0.80) = 4 / sqrt(34 / 5) (as above) and q(0.60): cumulative
    # weights 1/6 (the zeros), 1/2 (0.632 twice), 7/12 and 2/3 (3 / sqrt(41 / 5) twice): the first at or above 0.6
    # is the second 3 / sqrt(41 / 5). MDE = (4 / sqrt(6.8) + 3 / sqrt(8.2)) x scale 2 = (1.5339 + 1.0476) x 2.
    reference = Reference.pooled([P, Q])
    expected = (4 / sqrt(34 / 5) + 3 / sqrt(41 / 5)) * 2.0
    assert mde(2.0, reference) == pytest.approx(expected)
    assert expected == pytest.approx(5.163, abs=1e-3)
    assert Interval.around(10.0, 2.0, reference).mde == pytest.approx(expected)
    # an estimate whose interval reaches 0 (10 - 3.07 > 0 here; -1 +- 3.07 reaches it) still says what it could
    # have shown
    assert Interval.around(-1.0, 2.0, reference).mde == pytest.approx(expected)
    assert mde(2.0, Reference.pooled([P])) is None  # no attainable level: nothing to promise
    assert mde(None, reference) is None


def test_the_scale_of_two_cohorts_together_uses_their_placebo_covariance():
    from scipy.stats import t as student_t

    other = Placebos({1: 1.0, 2: 1.0, 3: -1.0, 4: -1.0, 5: 1.0, 6: -1.0}, span=1)  # scale 1
    together = combined_scale([P, other], [0.5, 0.5])
    assert together is not None
    # covariance at the six common shifts: (3 - 4 + 0 - 3 - 4 + 0) / 6 = -4/3
    # variance = 0.25 * 50/6 + 0.25 * 1 + 2 * 0.25 * (-4/3) = 5/3
    assert together.scale == pytest.approx(sqrt(5 / 3))
    # Satterthwaite: parts 0.25 * 50/6 = 25/12 and 0.25; df = (25/12 + 1/4)^2 / (((25/12)^2 + (1/4)^2) / 6)
    assert together.degrees_of_freedom == pytest.approx(4704 / 634)
    assert together.multiplier(0.95) == pytest.approx(student_t.ppf(0.975, 4704 / 634))
    assert together.p_value(sqrt(5 / 3)) == pytest.approx(2 * student_t.sf(1.0, 4704 / 634))
    # Fewer than six common shifts: uncorrelated, variance 0.25 * 50/6 + 0.25 * 1
    apart = Placebos({s + 3: v for s, v in other.values.items()}, span=1)
    uncorrelated = combined_scale([P, apart], [0.5, 0.5])
    assert uncorrelated is not None and uncorrelated.scale == pytest.approx(sqrt(0.25 * 50 / 6 + 0.25))
    assert combined_scale([P, Q], [0.5, 0.5]) is None  # Q has no scale
    assert combined_scale([], []) is None


def test_demeaned_placebos_keep_their_spread():
    centred = demeaned(P)  # mean -1/3
    assert centred.values == pytest.approx({1: 10 / 3, 2: -11 / 3, 3: 1 / 3, 4: 10 / 3, 5: -11 / 3, 6: 1 / 3})
    assert centred.span == 1


def test_satterthwaite_weighs_each_cohorts_draws_by_its_part_of_the_variance():
    # R: eight placebos of +-1, each spanning 2 weeks: (8 - 1) / 2 + 1 = 4.5 independent draws, scale 1.
    # Parts of the variance: 0.25 x 50/6 = 25/12 (P, 6 draws) and 0.25 x 1 = 1/4 (R, 4.5 draws):
    #   df = (25/12 + 1/4)^2 / ((25/12)^2 / 6 + (1/4)^2 / 4.5) = (49/9) / (625/864 + 12/864) = 96/13
    # (with two cohorts of equal draws the formula cannot tell a part from its inverse; here it can)
    r = Placebos({s: (-1.0) ** s for s in range(1, 9)}, span=2)
    assert r.degrees_of_freedom == 4.5 and r.scale == 1.0
    together = combined_scale([P, r], [0.5, 0.5])
    assert together is not None and together.degrees_of_freedom == pytest.approx(96 / 13)


def test_a_scale_needs_placebos_one_span_apart_wherever_they_start():
    # six placebos at shifts 6..11 lie 11 - 6 = 5 weeks apart: not one independent pair when each spans 8 weeks,
    # one when each spans 5
    assert Placebos({s: 1.0 for s in range(6, 12)}, span=8).scale is None
    assert Placebos({s: 1.0 for s in range(6, 12)}, span=5).scale == 1.0


def test_a_family_with_one_standardised_placebo_still_counts():
    # shifts 3, 6, 7: the nearest placebo lies 3 weeks from the real estimate, so each placebo's scale leaves out
    # those nearer than 3 weeks to it: 3 keeps 6 and 7 (rms sqrt((36 + 64) / 2) = sqrt(50)), 6 and 7 keep one
    # other only (too few): one standardised placebo, 5 / sqrt(50)
    family = Placebos({3: 5.0, 6: 6.0, 7: -8.0}, span=1)
    assert family.standardised() == pytest.approx([5 / sqrt(50)])
    reference = Reference.pooled([family])
    assert list(reference.z) == pytest.approx([5 / sqrt(50)]) and reference.draws == 3
    assert Reference.pooled([]).draws == 0 and Reference.pooled([Placebos({}, 1)]).draws == 0


def test_placebos_that_do_not_vary_have_scale_0_and_one_degree_of_freedom():
    zeros = Placebos({s: 0.0 for s in range(1, 7)}, span=1)
    together = combined_scale([zeros], [1.0])
    assert together is not None and (together.scale, together.degrees_of_freedom) == (0.0, 1.0)


def test_the_unit_level_standard_error_by_hand():
    # Periods 0, 1, 2; base: period 0 (universal). T1, T2 treated from period 1 (cohort 1); L treated from period 2
    # (not yet treated in period 1: a comparison unit there); C never treated.
    #   T1: 0, 3, .   T2: 0, 1, .   L: 0, 1, 5   C: 0, -1, 0
    # ATT(1, 1): treated changes 3, 1 (mean 2), comparison changes L 1, C -1 (mean 0): 2.
    # Influence (weights 1/2 each, W = 1): T1 1/2 (3 - 2) = 1/2, T2 -1/2, L -(1 - 0) / 2 = -1/2, C +1/2:
    # SE = sqrt(4 x 1/4) = 1.
    import numpy as np

    from etl.impact import influence
    from etl.impact.estimator import Cohort, Design

    nan = float("nan")
    y = np.array([[0, 3, nan], [0, 1, nan], [0, 1, 5], [0, -1, 0]], dtype=float)
    first = [1, 1, 2, None]
    one = Cohort(y, first, 1, Design("universal"))
    assert one.effect(1) == 2
    assert influence.standard_error(4, [(one, 1, np.array([0.5, 0.5]))]) == pytest.approx(1.0)
    # With L's own cell added, ATT(2, 2): L 5 - 1 = 4 against C 0 - (-1) = 1: 3, treated alone (no spread of its
    # own), C its only comparison (no spread either): the sum of both cells has influence T1 1/2, T2 -1/2, L -1/2
    # (period 1 as comparison; 0 as treated of a cohort of one), C 1/2 + 0: still SE 1. Clustered by unit: L's
    # two roles add before squaring.
    two = Cohort(y, first, 2, Design("universal"))
    assert two.effect(2) == 3
    terms = [(one, 1, np.array([0.5, 0.5])), (two, 2, np.array([1.0]))]
    assert influence.standard_error(4, terms) == pytest.approx(1.0)
    # weights 1 each (a total, not a mean): W = 2, every influence doubles: SE 2
    assert influence.standard_error(4, [(one, 1, np.array([1.0, 1.0]))]) == pytest.approx(2.0)
    assert influence.standard_error(4, []) is None


def test_a_normal_interval_and_its_mde():
    # z(0.975) = 1.959964, z(0.80) = 0.841621: estimate 2, SE 1 -> 2 +- 1.959964, MDE 2.801585
    interval = Interval.normal(2.0, 1.0)
    assert (interval.low, interval.high, interval.level, interval.mde) == pytest.approx(
        (2 - 1.959964, 2 + 1.959964, 0.95, 2.801585), abs=1e-6
    )
    assert Interval.normal(None, 1.0) == Interval(None, None, None, 1.0)


def test_the_quantiles_and_tail_are_scipy_stats_own_to_the_last_bit():
    from scipy.stats import norm
    from scipy.stats import t as student_t

    # inference computes them with scipy.special (scipy.stats costs half a second of import at every `etl impact`);
    # scipy.stats is the reference, every figure equal (==, not approx), edge cases (q 0 or 1, df 0 or infinite,
    # an infinite or undefined argument) handed to scipy.stats itself
    for q in (1e-12, 0.05, 0.5, 0.6, 0.8, 0.9, 0.95, 0.975, 1 - 1e-12, 0.0, 1.0, -0.5, 1.5):
        expected = float(norm.ppf(q))
        assert normal_quantile(q) == expected or (np.isnan(expected) and np.isnan(normal_quantile(q)))
        for df in (1.0, 1.7, 2.25, 4704 / 634, 30.0, 99.5, 100.0, 1e6, np.inf, 0.0, -1.0):
            expected = float(student_t.ppf(q, df))
            assert student_quantile(q, df) == expected or (np.isnan(expected) and np.isnan(student_quantile(q, df)))
    for x in (0.0, 0.3, 1.0, 28 / 3, 1e3, -2.0, np.inf, -np.inf, np.nan):
        for df in (1.0, 2.25, 4704 / 634, 1e6, np.inf, 0.0):
            expected = float(student_t.sf(x, df))
            assert student_tail(x, df) == expected or (np.isnan(expected) and np.isnan(student_tail(x, df)))


def test_the_joint_pre_trend_test_studentises_each_placebo_like_a_real_value():
    # Issue 32 replaced the sup-t test (placebos studentised by a scale that contained them: false alarms 12.5 %).
    # Two pre-period cells. A's placebos +-1 at shifts 1..8 (-1 at odd shifts; span 1), B's 5 +- 2 at shifts 1..10
    # (3 at odd shifts, 7 at even ones: a trend every placebo shares, 5, cancels around their mean).
    # Real values 3 (A) and 5 (B), each over its placebos' scale around their mean x sqrt(df / (df - 1)):
    #   A: scale 1, df 8: t^2 = 9 / (8/7) = 7.875;  B: scale 2, df 10: t^2 = 25 / (4 x 10/9) = 5.625
    #   statistic = mean of the squares = (7.875 + 5.625) / 2 = 6.75
    # Each placebo at a common shift (1..8) as a null draw: minus the mean of the cell's placebos apart from it (span
    # 1: all the others, n of them), over the others' scale x sqrt(df' / (df' - 1)) x sqrt(1 + 1/n) (df' the others'
    # independent draws: (last - first) / span + 1):
    #   A (n = 7): |value - others' mean| = 8/7 (k = 1: -1 - 1/7), others' mean square around their mean 48/49:
    #      z^2 = (64/49) / ((48/49)(df' / (df' - 1))(8/7)) = (7/6)(df' - 1)/df':
    #      df' 7 at k = 1, 8 (the ends) -> 1.0; df' 8 at k = 2..7 -> 49/48
    #   B (n = 9): |value - others' mean| = 20/9 (k = 1: 3 - 47/9), others' mean square 2880/729:
    #      z^2 = (400/81) / ((2880/729)(df' / (df' - 1))(10/9)) = 1.125 (df' - 1)/df':
    #      df' 9 at k = 1 -> 1.0; df' 10 at k = 2..8 -> 81/80
    #   null: k = 1: 1.0; k = 2..7: (49/48 + 81/80) / 2 = 61/60; k = 8: (1 + 81/80) / 2 = 161/160
    # every one below 6.75: p = (1 + 0) / (1 + 8)
    a = Placebos({k: (-1.0) ** k for k in range(1, 9)}, span=1)
    b = Placebos({k: 5 + 2 * (-1.0) ** k for k in range(1, 11)}, span=1)  # shifts 9, 10: B only, not common
    joint = joint_test([3.0, 5.0], [a, b])
    assert joint is not None
    assert (joint.statistic, joint.p_value, joint.draws, joint.cells) == pytest.approx((6.75, 1 / 9, 8, 2))
    assert joint.null == pytest.approx(sorted([1.0, *[61 / 60] * 6, 161 / 160]))
    # deviations of opposite sign do not cancel: -3 in A counts as 3
    assert joint_test([-3.0, -5.0], [a, b]).statistic == pytest.approx(6.75)  # type: ignore[union-attr]
    # values no larger than their placebos: A 0, B 1 -> (0 + 1 / (4 x 10/9)) / 2 = 9/80, below every null value
    assert joint_test([0.0, 1.0], [a, b]).p_value == pytest.approx(1.0)  # type: ignore[union-attr]
    assert joint_test([], []) is None
    # with 8 shifts no statistic reaches p < 0.10 (at best 1/9): nothing is detectable
    assert joint.detectable(np.ones((1, 2)), 0.10) is None
    # the studentised placebos kept across selections of the same families (joint_pretrend tries fewer and fewer
    # cohorts): A alone after A and B gives A's figures above (t^2 7.875; null 1.0 at k = 1, 8 and 49/48 at
    # k = 2..7; p 1/9), exactly as without them
    kept: dict = {}
    assert joint_test([3.0, 5.0], [a, b], kept).null == pytest.approx(joint.null)  # type: ignore[union-attr]
    alone = joint_test([3.0], [a], kept)
    assert alone is not None
    assert (alone.statistic, alone.p_value, alone.draws, alone.cells) == pytest.approx((7.875, 1 / 9, 8, 1))
    assert alone.null == pytest.approx(sorted([1.0, *[49 / 48] * 6, 1.0]))
    assert np.array_equal(alone.null, joint_test([3.0], [a]).null)  # type: ignore[union-attr]


def test_the_joint_tests_detectable_trend():
    # One cell, 19 placebo draws whose studentised values are z = 0.1, 0.2, ..., 1.9, scale 1: p < 0.10 needs
    # (1 + null values at or above) / 20 < 0.10, so the statistic must exceed the largest null value, 1.9^2. A trend
    # d moves the cell by d: it rejects where (z + d)^2 > 1.9^2, i.e. z > 1.9 - d. 80 % power needs 16 of the 19
    # (15/19 = 0.79 < 0.8): z = 0.4 must pass, 0.4 > 1.9 - d: d > 1.5. The detectable trend is 1.5 (from above).
    z = np.arange(1, 20) / 10
    joint = Joint(0.0, 1.0, 19, 1, np.sort(z**2), z[:, None], np.array([1.0]))
    assert joint.critical(0.10) == pytest.approx(1.9**2)
    assert joint.power(np.array([[1.5001]]), 0.10) == pytest.approx(16 / 19)
    assert joint.power(np.array([[1.4999]]), 0.10) == pytest.approx(15 / 19)
    assert joint.detectable(np.array([[1.0]]), 0.10) == pytest.approx(1.5, abs=1e-6)
    # a trend of random sign: half the scenarios move the cell down: -d rejects where z - d < -1.9
    assert joint.detectable(np.array([[1.0], [-1.0]]), 0.10) == pytest.approx(
        # 80 % of 38 (the two scenarios x 19 draws) = 30.4: up 19 (d > 1.8) + down 12 (z - d < -1.9 for z < d - 1.9,
        # 12 of them: z <= 1.2 -> d > 3.1): 31 >= 30.4; at d just above 3.0, down only 11 (z <= 1.1) + 19 = 30 < 30.4
        3.1,
        abs=1e-6,
    )


def test_the_joint_tests_p_value_rule_with_27_placebo_shifts():
    # The simulated campaigns of make validate-impact have 27 common shifts. p = (1 + null values at or above the
    # statistic) / (1 + 27) < 0.10 needs 1 + count < 2.8: at most one null value at or above it, so the statistic
    # must exceed the second largest null value. Null values 1, 2, ..., 27: the critical value is 26.
    # Under exchangeable placebos the rule warns in 2/28 = 7.1 % of campaigns, not 10 %: the slack of the discrete
    # rule (docs/IMPACT_VALIDATION.md, "The joint pre-trend test").
    # One cell, scale 1, its studentised placebos sqrt(1), ..., sqrt(27) (so the null values are 1..27).
    #   No trend: only the row sqrt(27) has a square above 26: power 1/27 (each row is compared with a critical
    #   value that contains its own unmoved value, so this is below 2/28: the detectable trend errs on the large side).
    #   Trend 0.2: (sqrt(k) + 0.2)^2 > 26 <=> sqrt(k) > sqrt(26) - 0.2 = 4.89902: k = 25, 26, 27 (sqrt(24) = 4.89898
    #   falls short): 3/27.
    null = np.arange(1.0, 28.0)
    joint = Joint(0.0, 1.0, 27, 1, null, np.sqrt(null)[:, None], np.array([1.0]))
    assert joint.critical(0.10) == pytest.approx(26.0)
    assert joint.power(np.array([[0.0]]), 0.10) == pytest.approx(1 / 27)
    assert joint.power(np.array([[0.2]]), 0.10) == pytest.approx(3 / 27)


def test_the_joint_tests_critical_value_at_the_edge_of_too_few_shifts():
    # p = (1 + null values at or above the statistic) / (1 + draws) < 0.05. With 20 shifts the smallest p is
    # 1/21 = 0.0476 < 0.05: a statistic above the largest null value (20 of the null values 1..20) rejects. With 19
    # shifts the smallest p is 1/20 = 0.05, not below 0.05: no statistic rejects, the critical value is infinite.
    twenty = Joint(0.0, 1.0, 20, 1, np.arange(1.0, 21.0), np.ones((20, 1)), np.array([1.0]))
    assert twenty.critical(0.05) == 20.0
    nineteen = Joint(0.0, 1.0, 19, 1, np.arange(1.0, 20.0), np.ones((19, 1)), np.array([1.0]))
    assert nineteen.critical(0.05) == float("inf")


def test_the_monte_carlo_standard_error_of_a_share():
    # sqrt(p (1 - p) / n): 0.1 of 1000 -> sqrt(0.09 / 1000) = 0.0094868; 0.5 of 100 -> sqrt(0.25 / 100) = 0.05;
    # 0.8 of 200 -> sqrt(0.16 / 200) = 0.0282843
    assert standard_error(0.1, 1000) == pytest.approx(0.0094868, abs=1e-7)
    assert standard_error(0.5, 100) == pytest.approx(0.05)
    assert standard_error(0.8, 200) == pytest.approx(0.0282843, abs=1e-7)
    assert np.isnan(standard_error(0.5, 0))
