"""How far apart a stop's placebos must lie once the spill-over is part of its total, worked out by hand.

A placebo of the whole computation (host cells, beta, the adjustment) spans the window of the longest stop that
beta rests on, so the spill-over's placebos have that span, and so has a stop's total (host + spill-over) even when
the stop itself is short: a scale needs placebos at least one such span apart (inference.Placebos.scale).

Twenty weeks (0..19), 10,000 residents 16+ in each district, one-week base ("universal": the week before a stop):

    S: stop SHORT in week 7 only;   weeks 0..6: 0, 1, 0, 1, 0, 1, 0; weeks 7..19: 10
    L: stop LONG in weeks 14..19;   weeks 0..13: 0; weeks 14..19: 10
    C1, C2: never visited, 0 every week

Exposure (visitors per 10,000 residents 16+): SHORT's visitors from C1 in week 7: 2; LONG's from C1 in each of
weeks 14..19: 1; nobody else's.

SHORT (base week 6; controls L, C1, C2, all 0): effect 10 - 0 = 10. Placebos s = 1..6 (s = 7 would need week -1):
    S(7 - s) - S(6 - s): -1, +1, -1, +1, -1, +1; span: weeks 6..7 = 2; scale (root mean square) 1.
LONG (base week 13; controls C1, C2, 0): effect 10 in each of its six weeks: 10. Placebos s = 6..13 (s <= 5 reaches
    week 14, its own treatment): all 0; span: weeks 13..19 = 7; 8 shifts, 7 apart: scale 0.
Reference: SHORT's placebos over the scale of its others (five of +-1: 1) are +-1, LONG's others have scale 0 and
    give none; |z| = 1 at every level. 6 + 8 = 14 placebos: 80 % (9 needed), not 90 % (19).
Spill-over: the comparison districts' changes are 0 in every week, so beta = 0 over the exposure's spread
    (week 7: exposures 0, 2, 0 around 2/3: 4/9 + 16/9 + 4/9 = 8/3; weeks 14..19: 1, 0 around 1/2: 6 x 1/2 = 3):
    17/3 > 0, so there is an estimate: 0, and at every shift 1..13 (SHORT valid at 1..6, LONG at 6..13) 0 too.
    Its placebos span the longest stop window: 7 (LONG's). 13 shifts, 12 apart: scale 0.
SHORT's total (host + spill-over) at common shifts: its own 1..6 (-1, +1, ...) x 1 week + 0 x its 2 visitors;
    span max(2, 7) = 7 but only 5 apart: no scale, so no interval for SHORT's total nor for the campaign's.
    (Read with SHORT's own span 2 it would get a scale of 1: 10 +- 1 and a campaign total of 70 +- 1.)
"""

from __future__ import annotations

import numpy as np
import pytest

from etl.impact.estimator import Design
from etl.impact.panel import Panel, Stop
from etl.impact.results import Estimate

WEEKS = 20


def _campaign(exposed: bool = True) -> Estimate:
    s = [w % 2 for w in range(7)] + [10] * (WEEKS - 7)
    long = [0] * 14 + [10] * (WEEKS - 14)
    y = np.array([s, long, [0] * WEEKS, [0] * WEEKS], dtype=float)
    stops = [
        Stop("SHORT", "S", first=7, last=7, weight=10_000, direct_activations=3, direct_own_district=3),
        Stop("LONG", "L", first=14, last=19, weight=10_000, direct_activations=4, direct_own_district=4),
    ]
    panel = Panel(["S", "L", "C1", "C2"], list(range(WEEKS)), y, [7, 14, None, None], [10_000] * 4, stops)
    if exposed:
        short, long_ = np.zeros((4, WEEKS)), np.zeros((4, WEEKS))
        short[2, 7] = 2.0  # C1's visitors to SHORT in week 7
        long_[2, 14:20] = 1.0  # C1's visitors to LONG in each of its weeks
        panel.exposure = {"SHORT": short, "LONG": long_}
    return Estimate(panel, Design("universal"))


def test_the_stops_own_placebos_and_intervals():
    estimate = _campaign()
    short, long_ = estimate.stops
    assert short.family.values == pytest.approx({1: -1, 2: 1, 3: -1, 4: 1, 5: -1, 6: 1})
    assert (short.family.span, short.family.scale) == (2, pytest.approx(1))
    assert long_.family.values == pytest.approx(dict.fromkeys(range(6, 14), 0.0))
    assert (long_.family.span, long_.family.scale) == (7, pytest.approx(0))
    rows = estimate.by_stop()
    # SHORT: 10 +- 1 x 1 at 80 %, mde (1 + 1) x 1 = 2; LONG: 10 +- 1 x 0
    assert (rows[0]["att"], rows[0]["ci_low"], rows[0]["ci_high"], rows[0]["level"]) == pytest.approx((10, 9, 11, 0.8))
    assert rows[0]["mde"] == pytest.approx(2)
    assert (rows[1]["att"], rows[1]["ci_low"], rows[1]["ci_high"], rows[1]["level"]) == pytest.approx((10, 10, 10, 0.8))


def test_the_spillover_placebos_span_the_longest_stop():
    estimate = _campaign()
    spill = estimate.spill
    assert spill is not None and spill.beta == pytest.approx(0)
    assert spill.family.values == pytest.approx(dict.fromkeys(range(1, 14), 0.0))
    # the longest stop window beta rests on: LONG's weeks 13..19, 7 (not SHORT's 2, nor 1)
    assert (spill.family.span, spill.family.scale) == (7, pytest.approx(0))
    short, long_ = estimate.by_stop()
    # beta 0 +- 1 x 0; SHORT's visitors: C1 2 x 10,000 / 10,000 = 2; LONG's: C1 1 x 6 weeks = 6
    assert (short["spillover"]["ci_low"], short["spillover"]["ci_high"]) == pytest.approx((0, 0))
    assert (short["spillover"]["visitors"], short["spillover"]["districts"]) == (pytest.approx(2), ["C1"])
    assert (long_["spillover"]["visitors"], long_["spillover"]["districts"]) == (pytest.approx(6), ["C1"])


def test_a_short_stops_total_takes_the_span_of_the_spillover():
    estimate = _campaign()
    short, long_ = estimate.stops
    # SHORT: its placebos x 1 week x 10,000 / 10,000 + 0 x 2 visitors, at its shifts 1..6, 5 apart; span 7: no scale
    total = estimate.total_family(short)
    assert total.values == pytest.approx({1: -1, 2: 1, 3: -1, 4: 1, 5: -1, 6: 1})
    assert (total.span, total.scale) == (7, None)
    # LONG: 0 x 6 + 0 x 6 at 6..13, 7 apart, span 7: scale 0
    assert (estimate.total_family(long_).span, estimate.total_family(long_).scale) == (7, pytest.approx(0))
    rows = estimate.by_stop()
    # SHORT in all: 3 counted + 10 x 1 + 0 x 2 = 13, without an interval; LONG: 4 + 10 x 6 + 0 = 64, +- 0
    assert rows[0]["extra_total"] == {
        "value": pytest.approx(13),
        "shown": 13,
        "ci_low": None,
        "ci_high": None,
        "mde": None,
    }
    assert (rows[1]["extra_total"]["value"], rows[1]["extra_total"]["ci_low"]) == pytest.approx((64, 64))
    totals = estimate.totals()
    # the campaign: 7 counted + 10 + 60 + 0 = 77, no interval (SHORT's total has no scale); its host part alone
    # (without the spill-over's placebos): 70 +- 1 (covariance diag(1, 0), one common shift: uncorrelated)
    assert (totals["extra_total"]["value"], totals["extra_total"]["ci_low"], totals["extra_total"]["ci_high"]) == (
        pytest.approx(77),
        None,
        None,
    )
    indirect = totals["indirect"]
    assert (indirect["value"], indirect["ci_low"], indirect["ci_high"]) == pytest.approx((70, 69, 71))


def test_without_exposure_the_short_stop_keeps_its_own_span():
    estimate = _campaign(exposed=False)
    assert estimate.spill is None
    short, long_ = estimate.by_stop()
    # SHORT: 3 + (10 +- 1) x 1 = 13 (12 to 14); the campaign 7 + 70 +- 1 = 77 (76 to 78)
    assert (short["extra_total"]["value"], short["extra_total"]["ci_low"], short["extra_total"]["ci_high"]) == (
        pytest.approx((13, 12, 14))
    )
    assert (long_["extra_total"]["value"], long_["extra_total"]["ci_low"]) == pytest.approx((64, 64))
    totals = estimate.totals()["extra_total"]
    assert (totals["value"], totals["ci_low"], totals["ci_high"]) == pytest.approx((77, 76, 78))


def _two_stops_one_week(anticipation: int = 0) -> Estimate:
    """Seven weeks (0..6), 10,000 residents 16+ each, base: the week before (week 3, universal):

        H1: stop LONG3 in weeks 4..6, H2: stop ONE in week 4 (neither compares with the other: both visited from 4)
        A, C: 0 every week;  B: 0, 4, 0, 4 in weeks 0..3, then 8
        H1, H2: 0 in weeks 0..3, then 10

    Exposure (all stops together, per 10,000 residents 16+): A 2, B 4, C 0 in each of weeks 4..6 (ONE's visitors in
    week 4, LONG3's in weeks 5 and 6), the hosts 0."""
    b = [0, 4, 0, 4, 8, 8, 8]
    host = [0, 0, 0, 0, 10, 10, 10]
    y = np.array([host, host, [0] * 7, b, [0] * 7], dtype=float)
    stops = [
        Stop("LONG3", "H1", first=4, last=6, weight=10_000, direct_activations=0),
        Stop("ONE", "H2", first=4, last=4, weight=10_000, direct_activations=0),
    ]
    panel = Panel(["H1", "H2", "A", "B", "C"], list(range(7)), y, [4, 4, None, None, None], [10_000] * 5, stops)
    long3, one = np.zeros((5, 7)), np.zeros((5, 7))
    long3[2:4, 5:7] = [[2, 2], [4, 4]]  # A, B in weeks 5, 6
    one[2:4, 4] = [2, 4]  # A, B in week 4
    panel.exposure = {"LONG3": long3, "ONE": one}
    return Estimate(panel, Design("universal", anticipation=anticipation))


def test_the_spillover_placebos_rest_on_the_stops_valid_at_each_shift():
    # Exposure in each week 4..6 around its mean 2: A 0, B +2, C -2 (squares 8); a week's cross product with the
    # comparison's changes d: 2 d_B - 2 d_C = 2 d_B (C is 0).
    # Real: LONG3 weeks 4..6, d_B = 8 - 4 = 4 each: 3 x 8 = 24 over 3 x 8 = 24; ONE week 4: 8 over 8.
    #   beta = (24 + 8) / (24 + 8) = 1 on a spread of 32.
    # Shift k moves the outcomes back k weeks (exposure as in the real weeks). ONE (week 4 - k, base 3 - k) is valid
    # for k = 1..3; LONG3 (weeks 4..6 - k, base 3 - k) needs 6 - k < 4 and 3 - k >= 0: k = 3 only.
    #   k = 1: ONE alone, d_B = B3 - B2 = 4: 8 / 8 = 1, on a spread of 8: x sqrt(8 / 32) = 1/2 -> 1/2
    #   k = 2: ONE alone, d_B = B2 - B1 = -4: -1 x 1/2 -> -1/2
    #   k = 3: both, base week 0: ONE d_B = B1 - B0 = 4 -> 8; LONG3 d_B = 4, 0, 4 (weeks 1..3) -> 16;
    #          (8 + 16) / 32 = 3/4 on the whole spread -> 3/4
    estimate = _two_stops_one_week()
    assert estimate.spill is not None and estimate.spill.beta == pytest.approx(1)
    assert estimate.spill.betas == pytest.approx({1: 0.5, 2: -0.5, 3: 0.75})
    long3, one = estimate.by_stop()
    # Host change 10, the comparison's mean change (0 + 4 + 0) / 3 = 4/3 in each week: plain 26/3; the comparison's
    # mean exposure 2 in each week: adjusted by beta x 2 = 2: 32/3 (10 - alpha, alpha = 4/3 - 1 x 2 = -2/3)
    assert (long3["att"], one["att"]) == pytest.approx((32 / 3, 32 / 3))
    assert (long3["spillover"]["host_att_unadjusted"], long3["spillover"]["host_adjustment"]) == pytest.approx(
        (26 / 3, 2)
    )
    # visitors from other districts: LONG3 A 2 x 2 weeks + B 4 x 2 = 12; ONE 2 + 4 = 6; spill-over 1 x each
    assert (long3["spillover"]["visitors"], long3["spillover"]["extra"]) == pytest.approx((12, 12))
    # LONG3 in all: 0 counted + host 32/3 x 3 weeks = 32 + spill-over 12 = 44, shown as its parts rounded: 32 + 12
    assert (long3["extra_total"]["value"], long3["extra_total"]["shown"]) == (pytest.approx(44), 44)
    assert (one["spillover"]["visitors"], one["spillover"]["extra"], one["spillover"]["districts"]) == (
        pytest.approx(6),
        pytest.approx(6),
        ["A", "B"],
    )
    # the stops' placebos, adjusted like the real effect (+ beta_k x 2):
    #   ONE, shift k: H2 0 minus the comparison's mean change (B[4 - k] - B[3 - k]) / 3:
    #     k = 1: -4/3 + 1/2 x 2 = -1/3;  k = 2: +4/3 - 1 = 1/3;  k = 3: -4/3 + 3/2 = 1/6
    #   LONG3, shift 3 (weeks 1..3, base 0): -(4 + 0 + 4) / 3 / 3 = -8/9, + 3/4 x 2 = 11/18
    by_id = {s.stop.stop_id: s for s in estimate.stops}
    assert by_id["ONE"].family.values == pytest.approx({1: -1 / 3, 2: 1 / 3, 3: 1 / 6})
    assert by_id["LONG3"].family.values == pytest.approx({3: 11 / 18})


def test_a_spillover_placebo_stays_clear_of_the_anticipated_week():
    # One week of anticipation: the base is week 2 (B 0) and a placebo must end before week 3. Real: d_B = 8 - 0 in
    # weeks 4..6: LONG3 3 x 16 = 48, ONE 16, over 32: beta 2.
    # ONE (week 4 - k, base 2 - k) needs 4 - k < 3 and 2 - k >= 0: k = 2 only (week 2, base week 0: d_B = 0 - 0: 0);
    # LONG3 would need 6 - k < 3 and k <= 2: never. Shifts 1 and 3 have no stop and no placebo slope.
    estimate = _two_stops_one_week(anticipation=1)
    assert estimate.spill is not None and estimate.spill.beta == pytest.approx(2)
    assert estimate.spill.betas == pytest.approx({2: 0.0})
