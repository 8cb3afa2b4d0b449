"""Every figure of the impact report on a campaign big enough for intervals, worked out by hand.

Sixteen weeks (0..15), outcome per 10,000 residents 16+, one-week base ("universal": the week before the stop):

    A (20,000 residents): stop S1 in weeks 12-13; weeks 0..11 alternate 0, 1, 0, 1, ...; weeks 12..15: 11
    B (10,000 residents): stop S2 in weeks 14-15; weeks 0..13 alternate 0, 2, 0, 2, ...; weeks 14..15: 12
    C, D (never visited, 10,000 residents each): 0 every week

S1 (base week 11: A 1, B 2, C 0, D 0; controls B, C, D, not yet visited in weeks 12-13):
    week 12: A 11 - 1 = 10; B 0 - 2 = -2, C 0, D 0: mean -2/3  ->  10 + 2/3
    week 13: A 10; B 2 - 2 = 0: mean 0                          ->  10
    effect 31/3. Placebos (the same moved back s = 2..11 weeks, controls B, C, D): for even s the base week is
    odd (A 1, B 2), the weeks are even, odd: A -1, 0; B -2, 0: cells -1 + 2/3, 0: -1/6; for odd s: +1/6.
    Scale (root mean square) 1/6.
S2 (base week 13: B 2; controls C, D — A is visited already): weeks 14, 15: 12 - 2 = 10 -> effect 10.
    Placebos s = 2..13: even s: B -2, 0 -> -1; odd s: +1. Scale 1.
Every placebo divided by the scale of its cohort's others is -1 or +1, so the multiplier is 1 at any level; there
are 10 + 12 = 22 placebos: enough for 90 % (19), not for 95 % (39).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from etl.impact import planner
from etl.impact.estimator import Cohort, Design, att_gt
from etl.impact.inference import Placebos, Reference
from etl.impact.panel import Panel, Stop
from etl.impact.results import Estimate

WEEKS = 16


def _campaign(late_stop: bool = False, a_after: float = 11) -> Estimate:
    """The campaign above; with `late_stop`, D has a stop that starts in week 16, just after the data; `a_after`:
    A's value from week 12 (11 above)."""
    a = [w % 2 for w in range(12)] + [a_after] * 4
    b = [2 * (w % 2) for w in range(14)] + [12] * 2
    y = np.array([a, b, [0] * WEEKS, [0] * WEEKS], dtype=float)
    stops = [
        Stop("S1", "A", first=12, last=13, weight=20_000, direct_activations=30, direct_own_district=20),
        Stop("S2", "B", first=14, last=15, weight=10_000, direct_activations=5, direct_own_district=5),
    ]
    cohorts = [12, 14, None, WEEKS if late_stop else None]
    if late_stop:
        stops.append(Stop("S3", "D", first=WEEKS, last=WEEKS + 1, weight=10_000, direct_activations=7))
    panel = Panel(["A", "B", "C", "D"], list(range(WEEKS)), y, cohorts, [20_000, 10_000, 10_000, 10_000], stops)
    return Estimate(panel, Design("universal"))


@pytest.fixture(scope="module")
def estimate() -> Estimate:
    return _campaign()


def test_each_stops_effect_interval_and_extra(estimate):
    s1, s2 = estimate.by_stop()
    # S1: 31/3 +- 1 x 1/6; extra over 2 weeks x 20,000 / 10,000 = 4 units per unit of effect
    assert (s1["stop_id"], s1["weeks"], s1["identified_weeks"], s1["level"]) == ("S1", 2, 2, 0.90)
    assert (s1["att"], s1["ci_low"], s1["ci_high"]) == pytest.approx((31 / 3, 61 / 6, 63 / 6))
    assert (s1["extra"], s1["extra_low"], s1["extra_high"]) == pytest.approx((124 / 3, 122 / 3, 42))
    # direct (counted at the pop-up) 30 plus the indirect estimate, the interval shifted by the count
    assert s1["direct_activations"] == 30 and s1["direct_own_district"] == 20
    total = s1["extra_total"]
    assert (total["value"], total["ci_low"], total["ci_high"]) == pytest.approx((30 + 124 / 3, 30 + 122 / 3, 72))
    # S2: 10 +- 1; extra 2 weeks x 1 = 2 per unit: 20 (18 to 22); with 5 counted: 25 (23 to 27)
    assert (s2["att"], s2["ci_low"], s2["ci_high"], s2["level"]) == pytest.approx((10, 9, 11, 0.90))
    assert (s2["extra"], s2["extra_low"], s2["extra_high"]) == pytest.approx((20, 18, 22))
    total = s2["extra_total"]
    assert (total["value"], total["ci_low"], total["ci_high"]) == pytest.approx((25, 23, 27))


def test_the_stop_sentence_names_the_districts_residents_among_the_counted(estimate, monkeypatch):
    # Issue 33 (a sentence's "of them residents" showing all activations): the impact page's sentence for S1, made
    # from the report as the page makes it. S1 counted 30 at the pop-up, 20 of them A's residents (the panel's stop);
    # the other channels 124/3 = 41.3 -> +41 (122/3 = 40.7 to 42 -> +41 to +42) in 2 weeks; together 30 + 124/3 =
    # 71.3 -> 71. All 30 as A's residents would be the slip.
    import polars as pl

    from etl.impact import _assemble
    from ui import sentences
    from ui.data import impact as impact_data

    venues = pl.DataFrame({"stop_id": ["S1", "S2"], "venue": ["Markt", "Halle"]})
    monkeypatch.setattr(impact_data, "query", lambda name: venues)
    s1 = impact_data._by_stop(_assemble(estimate, "activations")).row(0, named=True)
    assert (
        "30 am Pop-Up gezählt (davon 20 von Einwohnern des Bezirks); in den anderen Kanälen des Bezirks geschätzt +41 "
        "(+41 bis +42) in 2 Wochen; zusammen 71."
    ) in sentences.stop_sentence(s1, "activations", "de")
    assert "30 counted at the pop-up (20 of them the district's residents)" in sentences.stop_sentence(
        s1, "activations", "en"
    )


def test_comparison_districts_leave_one_out_and_breakdown_trend(estimate):
    s1, s2 = estimate.by_stop()
    assert s1["controls"] == ["B", "C", "D"] and s2["controls"] == ["C", "D"]
    # S1 without B: controls 0 in both weeks -> 10; without C (or D): week 12 mean of B, D = -1 -> 11; week 13: 10
    assert {r["district"]: r["att"] for r in s1["leave_one_out"]} == pytest.approx({"B": 10, "C": 10.5, "D": 10.5})
    assert {r["district"]: r["att"] for r in s2["leave_one_out"]} == pytest.approx({"C": 10, "D": 10})
    # the trend per week that would bring the interval's lower end to 0: low / (mean stop week - base week)
    assert s1["breakdown_trend"] == pytest.approx((61 / 6) / (12.5 - 11))
    assert s2["breakdown_trend"] == pytest.approx(9 / (14.5 - 13))


def test_the_mean_effect_of_the_stops(estimate):
    overall = estimate.overall()
    # plain mean: (31/3 + 10) / 2 = 61/6. Placebo covariance at the common shifts 2..11: (-1/6)(-1) and
    # (1/6)(1) alike: 1/6. Variance 1/4 (1/36) + 1/4 (1) + 2 (1/4)(1/6) = 49/144: scale 7/12, multiplier 1.
    assert (overall["att"], overall["ci_low"], overall["ci_high"]) == pytest.approx(
        (61 / 6, 61 / 6 - 7 / 12, 61 / 6 + 7 / 12)
    )
    assert (overall["level"], overall["stops"]) == (0.90, 2)
    # weighted by residents 2/3, 1/3: 2/3 (31/3) + 1/3 (10) = 92/9; variance 4/9 (1/36) + 1/9 + 2 (2/9)(1/6)
    # = 64/324: scale 4/9
    weighted = overall["weighted_by_residents"]
    assert (weighted["att"], weighted["ci_low"], weighted["ci_high"]) == pytest.approx((92 / 9, 88 / 9, 96 / 9))


def test_the_campaign_total(estimate):
    totals = estimate.totals()
    # indirect: 4 (31/3) + 2 (10) = 184/3; variance 16/36 + 4 + 2 (4)(2)(1/6) = 64/9: scale 8/3
    indirect = totals["indirect"]
    assert (indirect["value"], indirect["ci_low"], indirect["ci_high"]) == pytest.approx((184 / 3, 176 / 3, 64))
    assert (indirect["level"], indirect["stops"], totals["stops"]) == (0.90, 2, 2)
    # direct 30 + 5 = 35, counted; together 35 + 184/3 with the indirect interval shifted by 35
    assert totals["direct_activations"] == 35
    together = totals["extra_total"]
    assert (together["value"], together["ci_low"], together["ci_high"]) == pytest.approx(
        (35 + 184 / 3, 35 + 176 / 3, 99)
    )


def test_every_estimate_says_what_it_could_have_shown(estimate):
    # Every |z| is 1, so q(0.90) = q(0.60) = 1 and MDE = (1 + 1) x scale = 2 x the scale of each estimate above.
    s1, s2 = estimate.by_stop()
    assert (s1["mde"], s1["mde_extra"], s1["indirect"]["mde"]) == pytest.approx((2 / 6, 4 * 2 / 6, 2 / 6))
    assert s1["extra_total"]["mde"] == pytest.approx(4 / 3)  # the count is observed: the indirect part's MDE
    assert (s2["mde"], s2["mde_extra"]) == pytest.approx((2, 2 * 2))  # scale 1; 2 weeks x 10,000 / 10,000
    overall = estimate.overall()
    assert overall["mde"] == pytest.approx(2 * 7 / 12)
    assert overall["weighted_by_residents"]["mde"] == pytest.approx(2 * 4 / 9)
    totals = estimate.totals()
    assert totals["indirect"]["mde"] == pytest.approx(2 * 8 / 3) and totals["extra_total"]["mde"] == pytest.approx(
        16 / 3
    )
    assert [r["mde"] for r in estimate.by_cohort()] == pytest.approx([1 / 3, 2])
    assert all("mde" in row for row in estimate.event_study())


def test_the_summary_says_what_each_estimate_could_have_shown(estimate):
    from etl.impact import _assemble, summary

    text = summary(_assemble(estimate, "panel"))
    # S1: 31/3 = 10.33 +- 1/6, MDE 1/3 = 0.33; S2 MDE 2; the mean over stops 7/6 = 1.17; the campaign 16/3 = 5
    assert "it could only have shown effects larger than 0.33 per week, either way (80 % power)" in text
    assert "it could only have shown effects larger than 2.00 per week" in text
    assert "weighted by residents: 10.22 (9.78 to 10.67); it could only have shown effects larger than 1.17" in text
    assert "it could only have shown effects larger than 5 in all" in text
    assert "no effect" not in text.lower()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_stop_whose_interval_contains_zero_is_never_called_without_effect(lang):
    from ui import sentences

    stop = {
        "label": "Mercado (Altona)",
        "direct": 600,
        "direct_own_district": 400,
        "att": 0.30,
        "ci_low": -0.18,
        "ci_high": 0.77,
        "indirect": 28.0,
        "indirect_low": -17.0,
        "indirect_high": 73.0,
        "identified_weeks": 4,
        "total": 628.0,
        "mde": 0.71,
        "mde_extra": 68.0,
        "spillover": -40.0,
        "spillover_low": -90.0,
        "spillover_high": 10.0,
        "spillover_districts": 6,
    }
    text = sentences.stop_sentence(stop, "activations", lang)
    if lang == "de":
        assert "In den 6 Bezirken, aus denen Besucher kamen, geschätzt -40 durch Übertragung (-90 bis +10)" in text
    else:
        assert "In the 6 districts that sent visitors, an estimated -40 by spill-over (-90 to +10)" in text
    if lang == "de":
        assert "Die Wirkung ist von null nicht zu unterscheiden – das heißt nicht, dass es keine gab." in text
        assert "Wirkungen von mehr als 0,71 je Woche und 10.000 Einwohner ab 16 (in beide Richtungen, 68 in" in text
        assert "keine Wirkung" not in text
    else:
        assert "the effect cannot be told apart from zero – which does not mean there was none." in text
        assert (
            "could only have shown effects larger than 0.71 per week and 10,000 residents 16+ (either way, 68" in text
        )
        assert "no effect" not in text.lower()
    significant = sentences.stop_sentence({**stop, "ci_low": 0.1}, "activations", lang)
    assert "0,71" in significant or "0.71" in significant
    assert "null nicht zu unterscheiden" not in significant and "told apart" not in significant


def test_by_cohort_equals_by_stop_with_one_district_per_cohort(estimate):
    rows = estimate.by_cohort()
    assert [(r["cohort"], r["units"]) for r in rows] == [(12, ["A"]), (14, ["B"])]
    assert [(r["att"], r["ci_low"], r["ci_high"]) for r in rows] == [
        pytest.approx((31 / 3, 61 / 6, 63 / 6)),
        pytest.approx((10, 9, 11)),
    ]


def test_a_stop_whose_count_is_unknown_has_no_campaign_count():
    estimate = _campaign()
    estimate.stops[1].stop.direct_activations = None
    totals = estimate.totals()
    assert totals["direct_activations"] is None  # one stop without a count: no campaign count, never a part sum
    assert totals["extra_total"]["value"] == pytest.approx(184 / 3)  # the indirect part alone


def test_the_event_study_weeks(estimate):
    rows = {r["event_week"]: r for r in estimate.event_study()}
    assert list(rows) == list(range(-8, 13))
    # week e of the stop: the mean over both stops of the effect in week (first week + e), each against its base
    # e = -2: S1 week 10: A 0 - 1 = -1, controls B 0 - 2, C, D 0: -1 + 2/3 = -1/3; S2 week 12: B 0 - 2 = -2,
    #         controls C, D: 0 -> -2; mean -7/6. e = -8 the same (the pattern repeats every two weeks).
    # e = -3: S1 week 9: A 0, B 0 -> 0; S2 week 11: B 0 -> 0.    e = -1: the base week itself, 0 by construction.
    # e = 0: (10 + 2/3 + 10) / 2; e = 1: 10 and 10; e = 2, 3: S1 alone (S2's weeks 16, 17 lie past the data): 10.
    expected = {-8: -7 / 6, -3: 0.0, -2: -7 / 6, -1: 0.0, 0: 31 / 3, 1: 10, 2: 10, 3: 10}
    assert {e: rows[e]["att"] for e in expected} == pytest.approx(expected)
    assert (rows[-1]["ci_low"], rows[-1]["ci_high"], rows[-1]["level"]) == (0.0, 0.0, None)
    # e = -3 is 0 as well, but not by construction: its placebos (weeks of one parity against each other) are all
    # 0, an interval of width 0 that states its level like any other week
    assert (rows[-3]["ci_low"], rows[-3]["ci_high"], rows[-3]["level"]) == (0.0, 0.0, 0.95)
    assert all(rows[e]["att"] is None for e in range(4, 13))  # no stop has a week 4 after its start
    # The interval of week 0: single-week placebos. S1 week 12 - s against 11 - s: A -1 or +1, B -2 or +2 (mean of
    # B, C, D: -2/3 or 2/3): -1/3 or +1/3, scale 1/3; S2 week 14 - s against 13 - s: -2 or +2, scale 2. At the
    # common shifts 1..11 the products are all 2/3. Variance 1/4 (1/9) + 1/4 (4) + 2 (1/4)(2/3) = 49/36: 7/6;
    # the multiplier is 1 again, and 199 single-week placebos are enough for 95 %.
    assert (rows[0]["ci_low"], rows[0]["ci_high"], rows[0]["level"]) == pytest.approx(
        (31 / 3 - 7 / 6, 31 / 3 + 7 / 6, 0.95)
    )
    # Week 1: placebos two weeks apart of an alternating series are all 0: an interval of width 0.
    assert (rows[1]["ci_low"], rows[1]["ci_high"]) == pytest.approx((10, 10))
    # Week -2: each cell's own placebos, S1 week 10 - s against 11 - s (+-1/3) and S2 week 12 - s against 13 - s
    # (+-2, controls C, D as in the real cell), the same parities as in week 0: 7/6 again, -7/6 +- 7/6.
    assert (rows[-2]["ci_low"], rows[-2]["ci_high"], rows[-2]["level"]) == pytest.approx((-7 / 3, 0.0, 0.95))
    # Week 2: S1 alone, week 14 against 11 with controls C, D; moved back s = 1, 2 it reaches into the stop, from
    # s = 3 on A changes by +1 (11 - s odd: 1 - 0) or -1, C and D by 0: scale 1, 10 +- 1.
    assert (rows[2]["ci_low"], rows[2]["ci_high"], rows[2]["level"]) == pytest.approx((9.0, 11.0, 0.95))
    # Week -8: S1's week 4 can move back by 1..4 weeks only: too few placebos for a scale, no interval.
    assert (rows[-8]["ci_low"], rows[-8]["ci_high"], rows[-8]["level"]) == (None, None, None)


@pytest.mark.parametrize(
    ("a_after", "att", "interval", "breakdown"),
    [
        # A at 2/3 from week 12: week 12 (2/3 - 1) + 2/3 = 1/3, week 13 -1/3: effect 0, interval -1/6..1/6
        # reaches zero already: no trend is needed to get there, 0
        (2 / 3, 0.0, (-1 / 6, 1 / 6), 0.0),
        # A at 0: week 12 -1 + 2/3 = -1/3, week 13 -1: effect -2/3, interval -5/6..-1/2: a trend of 1/2 over the
        # 1.5 weeks from the base (week 11) to the stop's mean week (12.5) reaches zero: 1/3 per week
        (0.0, -2 / 3, (-5 / 6, -1 / 2), 1 / 3),
        # A at 1: week 12 0 + 2/3, week 13 0: effect 1/3, interval 1/6..1/2 above zero, its low bound 1/6 reached
        # by a trend of 1/6 over 1.5 weeks: 1/9 per week
        (1.0, 1 / 3, (1 / 6, 1 / 2), 1 / 9),
    ],
)
def test_the_breakdown_trend_of_an_interval_at_or_below_zero(a_after, att, interval, breakdown):
    # S1's placebos (weeks before the stop) and the multiplier (1 at 90 %) are those of the campaign above
    s1 = _campaign(a_after=a_after).by_stop()[0]
    assert (s1["att"], s1["ci_low"], s1["ci_high"], s1["level"]) == pytest.approx((att, *interval, 0.90))
    assert s1["breakdown_trend"] == pytest.approx(breakdown)


def test_the_plan_for_a_one_week_stop_in_a_quiet_district(estimate):
    # Issue 32: the plan compares D only with the districts really left after the data: C (A and B are visited
    # already; before, they counted as comparison districts of D's planned stop too). So that C carries noise, here
    # C alternates 0, 1, 0, 1, ... (the reference is the campaign's above: every |z| is 1).
    panel = copy.deepcopy(estimate.panel)
    panel.y[2] = [w % 2 for w in range(WEEKS)]
    plan = planner.plan(panel, Design("universal"), estimate.stop_reference, "D", 1, effect=0.5)
    assert plan["controls"] == ["C"]
    # a one-week stop "after the data" (week 16) moved back s = 1..15 weeks: week 16 - s against 15 - s. D changes
    # by 0, C by -1 where 16 - s is even, +1 where odd: placebos +1 or -1, fifteen of them: scale 1.
    # MDE = (q(95 %) + q(60 %)) x scale = (1 + 1) x 1; in activations: x 1 week x 10,000 / 10,000.
    assert plan["mde"] == pytest.approx(2)
    assert plan["mde_extra"] == pytest.approx(2)
    assert plan["mde_by_weeks"][0] == {"weeks": 1, "mde": pytest.approx(2)}
    # power for half a scale: |0.5 + z| > 1 for z = +1 only, half of the symmetric placebos
    assert plan["power"] == pytest.approx(0.5)
    # the level the reference attains (the campaign's stops are at 90 %, see above): the plan used to say 0.95 whatever
    # the reference could attain (issue 32: the MDE is stated at the level the stop's interval will have)
    assert (plan["level"], plan["power_target"]) == (0.90, 0.80)
    curve = plan["power_curve"]
    assert len(curve) == 21 and curve[0] == {"effect": 0.0, "power": 0.0}  # no effect: never significant
    assert curve[-1]["power"] == pytest.approx(1.0)  # twice the MDE: |4 x ... + z| > 1 always


def test_the_plan_reads_the_districts_last_week():
    # A one-week stop planned right after the data (weeks 0..4, so week 5), one-week base: moved back s = 1..4
    # weeks it is week 5 - s against 4 - s. P 0, 1, 3, 6, 10; C 0 every week:
    #   s = 1: 10 - 6 = 4;  s = 2: 6 - 3 = 3;  s = 3: 3 - 1 = 2;  s = 4: 1 - 0 = 1
    # each placebo spans the stop's week and its base week: 2. (Reading week 3 for the last week would give 0 at s = 1.)
    y = np.array([[0.0, 1.0, 3.0, 6.0, 10.0], [0.0] * 5])
    panel = Panel(["P", "C"], list(range(5)), y, [None, None], [10_000, 10_000], [])
    family = planner.window_placebos(panel, Design("universal"), "P", 1)
    assert family.values == pytest.approx({1: 4.0, 2: 3.0, 3: 2.0, 4: 1.0})
    assert family.span == 2


# --- the planner on a district whose weeks alternate -------------------------------------------------------------
# P (20,000 residents) alternates 1, -1, 1, ... over weeks 0..9, C is 0; a stop planned right after the data (week
# 10), one-week base. An N-week window moved back s weeks, against the week before it, changes P by:
#   1 week:  +-2 (one week against its neighbour), s = 1..9: scale 2
#   2 weeks: +-2 and 0: mean +-1, s = 2..9: scale 1
#   3 weeks: +-2, 0, +-2: +-4/3, s = 3..9: scale 4/3
#   4 weeks: +-1, s = 4..9 (6 placebos, spanning 5 weeks, just enough): scale 1
#   5 weeks and more: 5 placebos or fewer: no scale
# The reference: |z| = 0.5, 1, 2, 3 equally weighted, 40 draws (enough for 95 %): its 95 % quantile is 3, its 60 %
# quantile (80 % power: 2 x 0.8 - 1) 2, so the MDE is (3 + 2) x scale.
def _alternating_panel() -> Panel:
    y = np.array([[1.0 if w % 2 == 0 else -1.0 for w in range(10)], [0.0] * 10])
    return Panel(["P", "C"], list(range(10)), y, [None, None], [20_000, 10_000], [])


def _alternating_plan(weeks: int, effect: float | None = None, reference: Reference | None = None) -> dict:
    return planner.plan(
        _alternating_panel(), Design("universal"), reference or _reference(40), "P", weeks, effect=effect
    )


def _reference(draws: int) -> Reference:
    """|z| = 0.5, 1, 2, 3 equally weighted, from `draws` placebos."""
    return Reference(np.array([0.5, 1.0, 2.0, 3.0]), np.full(4, 0.25), draws)


def test_the_plan_by_stop_length():
    plan = _alternating_plan(2)
    assert plan["mde"] == pytest.approx(5.0)
    assert plan["mde_extra"] == pytest.approx(5 * 2 * 20_000 / 10_000)  # per week and 10,000, over 2 weeks
    assert plan["power"] is None  # no effect asked for
    assert [b["weeks"] for b in plan["mde_by_weeks"]] == list(range(1, 13))  # 1 to 12 weeks
    assert [b["mde"] for b in plan["mde_by_weeks"]] == pytest.approx([10.0, 5.0, 20 / 3, 5.0] + [None] * 8)
    assert plan["warnings"] == []  # the one shorter stop (1 week: 10) would show less, not more
    # the power curve over 0..2 x MDE in 21 steps: at 5 (the 11th), |5 + z| > 3 for z = 0.5, 1, 2, 3 and -0.5, -1
    # (5 - 2 = 3 is not beyond): 6 of the 8 symmetric draws
    assert plan["power_curve"][10] == {"effect": 5.0, "power": pytest.approx(0.75)}


def test_the_plans_power_is_at_the_5_percent_level():
    # Issue 33 (a planner's power at the wrong alpha). A reference whose 90 % and 95 % quantiles differ: |z| = 1, 2, 3,
    # 4 weighted 8, 4, 3, 1 sixteenths (exact in binary), 40 draws. Cumulative 8/16, 12/16, 15/16, 16/16: the 95 %
    # quantile is 4 (15/16 = 0.9375 < 0.95), the 90 % one 3, the 60 % one (80 % power) 2.
    reference = Reference(np.array([1.0, 2.0, 3.0, 4.0]), np.array([8.0, 4.0, 3.0, 1.0]) / 16, 40)
    # P's 2-week stop has scale 1 (above): MDE = (4 + 2) x 1 = 6 (at the 10 % level 3 + 2 = 5); over 2 weeks and
    # 20,000 residents: 6 x 2 x 2 = 24
    plan = _alternating_plan(2, effect=2.0, reference=reference)
    assert (plan["mde"], plan["mde_extra"]) == (pytest.approx(6.0), pytest.approx(24.0))
    # power for an effect of 2: |2 + Z| > 4 over Z = +-1, +-2, +-3, +-4 (each sign half the weight): only +3 (5) and
    # +4 (6) -> (3 + 1) / 32 = 0.125. At the 10 % level (beyond 3) +2 (4) would count too: (4 + 3 + 1) / 32 = 0.25.
    assert plan["power"] == pytest.approx(0.125)
    # on the curve: at the MDE (the 11th of 21 steps, 6): |6 + Z| > 4 for every +z and for -1 (5): (16 + 8) / 32
    assert plan["power_curve"][10] == {"effect": pytest.approx(6.0), "power": pytest.approx(0.75)}


def test_the_plan_names_a_shorter_stop_that_would_show_more():
    plan = _alternating_plan(3, effect=20 / 3)
    assert plan["mde"] == pytest.approx(20 / 3)
    # power for an effect of 20/3 over the scale 4/3, 5 scales: |5 + z| > 3 for 6 of the 8 draws, as above
    assert plan["power"] == pytest.approx(0.75)
    (warning,) = plan["warnings"]
    assert (warning["code"], warning["best_weeks"]) == ("longer_not_better", 2)  # 2 weeks: 5 < 20/3 (1 week: 10)


@pytest.mark.parametrize("weeks", [1, 4])
def test_the_plan_names_no_shorter_stop_when_none_would_show_more(weeks):
    # 1 week: no shorter stop (a longer one, 2 weeks, would show more, but that is not the warning's question);
    # 4 weeks: MDE 5, the 2-week stop's is 5 as well, not smaller
    assert _alternating_plan(weeks)["warnings"] == []


def test_the_plan_states_the_level_and_reference_the_stop_will_have_after_it():
    # Issue 32: the campaign so far has one stop with 13 placebos of +-1 (each over the root mean square of the others,
    # 1: |z| = 1): 13 draws, enough for 80 % (9) but not 90 % (19). The planned 2-week stop in P (the alternating
    # district above) has 8 placebos of +-1 (s = 2..9), |z| = 1 as well: after it the pool holds 13 + 8 = 21 draws,
    # enough for 90 %. So the plan states a 90 % level; every |z| is 1, so MDE = (1 + 1) x scale 1 = 2.
    so_far = [Placebos({s: (-1.0) ** s for s in range(1, 14)}, 2)]
    today = Reference.pooled(so_far)
    assert (today.draws, today.level) == (13, 0.80)
    planned = planner.window_placebos(_alternating_panel(), Design("universal"), "P", 2)
    after = planner.after_stop(so_far, planned)
    assert (after.draws, after.level, planner.factor(after)) == (21, 0.90, pytest.approx(2.0))
    plan = planner.plan(_alternating_panel(), Design("universal"), today, "P", 2, families=so_far)
    assert (plan["level"], plan["mde"]) == (0.90, pytest.approx(2.0))
    # without the families the plan keeps today's reference and its level
    assert planner.plan(_alternating_panel(), Design("universal"), today, "P", 2)["level"] == 0.80


def test_without_a_reference_level_there_is_no_plan():
    # 8 draws: not even 80 % (9) is attainable, although there are standardised placebos
    plan = planner.plan(_campaign().panel, Design("universal"), _reference(8), "D", 1)
    assert (plan["mde"], plan["warnings"]) == (None, [{"code": "not_enough_history"}])


def test_the_planning_history_leaves_out_a_stop_and_the_8_weeks_after_it():
    # P visited in weeks 2-3 of 0..13: weeks 2..11 left out (3 + 8 = 11), weeks 0, 1, 12, 13 kept; C untouched
    y = np.arange(28, dtype=float).reshape(2, 14)
    panel = Panel(["P", "C"], list(range(14)), y, [2, None], [10_000, 10_000], [Stop("S", "P", 2, 3, 10_000)])
    history = planner._history(panel)
    assert [w for w in range(14) if np.isnan(history[0, w])] == list(range(2, 12))
    assert history[0, [0, 1, 12, 13]].tolist() == [0.0, 1.0, 12.0, 13.0]
    assert history[1].tolist() == y[1].tolist()


def test_a_stop_after_the_last_week_is_not_estimated():
    estimate = _campaign(late_stop=True)
    assert estimate.groups == [12, 14]  # week 16 lies after the data (weeks 0..15)
    assert [row["stop_id"] for row in estimate.by_stop()] == ["S1", "S2"]
    # D stays a comparison district (not yet visited): S1's effect is unchanged
    assert estimate.by_stop()[0]["att"] == pytest.approx(31 / 3)


def test_the_default_design_is_the_mean_of_the_four_weeks_before_the_stop():
    # What the impact page and `python -m etl impact` use unless told otherwise. A visited from week 5, C never:
    #   A 0, 1, 2, 4, 8, 30;  C 0, 0, 0, 0, 0, 5
    # base: weeks 1-4 (the four just before week 5, no anticipation): A (1 + 2 + 4 + 8) / 4 = 3.75, C 0
    # week 5: (30 - 3.75) - (5 - 0) = 21.25
    # (five weeks 0-4 would give 30 - 3 - 5 = 22; three weeks 2-4: 30 - 14/3 - 5; anticipation 1, weeks 0-3:
    #  30 - 7/4 - 5 = 23.25 — each a different number)
    y = np.array([[0.0, 1.0, 2.0, 4.0, 8.0, 30.0], [0.0] * 5 + [5.0]])
    assert Cohort(y, [5, None], 5, Design()).effect(5) == pytest.approx(21.25)


def test_a_design_refuses_a_negative_anticipation_or_no_base_week_and_takes_one():
    with pytest.raises(ValueError, match="anticipation must be 0 or more"):
        Design("mean", 4, anticipation=-1)
    with pytest.raises(ValueError, match="base_weeks 1 or more"):
        Design("mean", 0)
    # one base week is allowed: A visited from week 2, C never; A 1, 3, 10; C 0, 2, 4
    # base week 1: week 2: (10 - 3) - (4 - 2) = 5
    y = np.array([[1.0, 3.0, 10.0], [0.0, 2.0, 4.0]])
    assert Cohort(y, [2, None], 2, Design("mean", 1)).effect(2) == pytest.approx(5.0)


def test_with_anticipation_a_district_whose_stop_is_a_week_away_is_no_control():
    # A visited from week 3, B from week 4, C never; anticipation 1 (a district reacts a week before its stop):
    #   A 0, 1, 5, 9, 9;  B 0, 0, 0, 6, 8;  C 0, 0, 0, 1, 2
    # A's base: the week before the anticipated week, week 3 - 1 - 1 = 1 (universal): A 1, B 0, C 0.
    # week 3: B's stop is one week away, so B already reacts and is no control: C only.
    #   (9 - 1) - (1 - 0) = 7   (with B: 8 - (6 + 1) / 2 = 4.5)
    # week 2 (anticipated): B and C are controls (both stops more than a week away):
    #   (5 - 1) - mean(0 - 0, 0 - 0) = 4
    y = np.array([[0.0, 1.0, 5.0, 9.0, 9.0], [0.0, 0.0, 0.0, 6.0, 8.0], [0.0, 0.0, 0.0, 1.0, 2.0]])
    cohort = Cohort(y, [3, 4, None], 3, Design("universal", anticipation=1))
    assert cohort.effect(3) == pytest.approx(7.0)
    assert cohort.effect(2) == pytest.approx(4.0)


def test_a_placebo_moved_to_the_first_week_counts_and_one_reaching_the_stop_does_not():
    # A visited from week 5, C never (universal base: week 4). Six weeks 0..5:
    #   A 3, 0, 7, 1, 2, 9;  C 0, 0, 0, 0, 0, 0
    y = np.array([[3.0, 0.0, 7.0, 1.0, 2.0, 9.0], [0.0] * 6])
    cohort = Cohort(y, [5, None], 5, Design("universal"))
    # week 2 moved back 2 weeks is week 0, the base (week 4) moved alike is week 2: A 3 - 7 = -4, C 0: -4
    assert cohort.placebo([2], 2) == pytest.approx([-4.0])
    # a cell that, moved, still reaches the stop's first week is no placebo: week 5 moved by 0 is week 5 (NaN)
    assert np.isnan(cohort.placebo([5], 0)).all()
    # with anticipation 1 the base is week 3, and week 4 already counts as affected: week 5 moved back 1 is week 4
    # (NaN); moved back 2 it is week 3 with its base week 1: A 1 - 0 = 1, C 0: 1
    anticipating = Cohort(y, [5, None], 5, Design("universal", anticipation=1))
    assert np.isnan(anticipating.placebo([5], 1)).all()
    assert anticipating.placebo([5], 2) == pytest.approx([1.0])


def test_each_cell_of_the_campaign_with_its_interval(estimate):
    # S1's week 12 (controls B, C, D): 10 + 2/3 (above). Its placebos, the cell moved back s weeks with its base:
    #   even s: A 0 - 1 = -1, B 0 - 2 = -2, C, D 0: -1 + 2/3 = -1/3;  odd s: A 1 - 0, B 2 - 0: 1 - 2/3 = +1/3
    #   scale (root mean square) 1/3; every standardised placebo of every cell is -1, 0 or +1, so the multiplier
    #   is 1: 10 2/3 -/+ 1/3 = [10 1/3, 11].
    # S1's week 13: A 11 - 1 = 10, B 2 - 2 = 0: 10; every placebo pairs weeks of one parity (0): scale 0, [10, 10].
    # S2's week 12, two weeks before its stop (base 13; controls C, D): B 0 - 2 = -2; placebos: even s -2, odd s
    #   +2, scale 2: [-4, 0]. Its week 13 is its base: 0, without an interval.
    rows = {(r["stop_id"], r["week"]): r for r in estimate.att_gt()}
    assert [rows["S1", 12][k] for k in ("att", "ci_low", "ci_high")] == pytest.approx([32 / 3, 31 / 3, 11.0])
    assert [rows["S1", 13][k] for k in ("att", "ci_low", "ci_high")] == pytest.approx([10.0, 10.0, 10.0])
    assert [rows["S2", 12][k] for k in ("att", "ci_low", "ci_high")] == pytest.approx([-2.0, -4.0, 0.0])
    assert (rows["S2", 13]["att"], rows["S2", 13]["ci_low"], rows["S2", 13]["ci_high"]) == (0.0, None, None)
    assert rows["S1", 12]["district"] == "A" and rows["S2", 12]["cohort"] == 14


def test_two_stops_that_start_in_one_week_each_get_their_own_districts_effect():
    # A and B both visited from week 2 (stops SA, SB), C and D never; universal base: week 1.
    #   A 0, 0, 5, 5;  B 0, 0, 1, 1;  C 0, 0, 0, 0;  D 0, 0, 0, 2
    # SA: week 2: 5 - mean(C 0, D 0) = 5; week 3: 5 - mean(0, 2) = 4  ->  4.5
    # SB: week 2: 1 - 0 = 1;              week 3: 1 - 1 = 0           ->  0.5   (not the pair's mean, 2.5)
    y = np.array([[0, 0, 5, 5], [0, 0, 1, 1], [0, 0, 0, 0], [0, 0, 0, 2]], dtype=float)
    stops = [Stop("SA", "A", first=2, last=3, weight=10_000), Stop("SB", "B", first=2, last=3, weight=10_000)]
    panel = Panel(["A", "B", "C", "D"], list(range(4)), y, [2, 2, None, None], [10_000] * 4, stops)
    by_stop = {r["stop_id"]: r["indirect"]["att"] for r in Estimate(panel, Design("universal")).by_stop()}
    assert by_stop == pytest.approx({"SA": 4.5, "SB": 0.5})


def test_the_pre_trend_slope_over_the_seven_weeks_before_the_base():
    # A visited from week 30, C and D never; A grows 0.1 a week and alternates 0, 1 on top; C, D 0:
    #   A(w) = 0.1 w + (w mod 2) for w < 30.  Universal base: week 29 (A 3.9).
    # The seven weeks before the base, 22..28: cells 0.1 (t - 29) + (t mod 2) - 1, i.e. a line of slope 0.1 plus
    # -1, 0, -1, 0, -1, 0, -1, which is symmetric about week 25 and adds no slope: slope 0.1.
    # (Eight weeks, 21..28, would add (-2.5 - 0.5 + 1.5 + 3.5) x (-1) / 42 = -1/21.)
    a = [0.1 * w + w % 2 for w in range(30)] + [11.0, 11.0]
    y = np.array([a, [0.0] * 32, [0.0] * 32])
    stop = Stop("S1", "A", first=30, last=31, weight=10_000)
    panel = Panel(["A", "C", "D"], list(range(32)), y, [30, None, None], [10_000] * 3, [stop])
    trend = Estimate(panel, Design("universal")).pretrend()
    assert (trend["weeks"], trend["cohorts"]) == (7, 1)
    assert trend["slope"] == pytest.approx(0.1)
    # its placebos (the seven weeks moved back) all have the slope 0.1 as well: around their mean they do not
    # spread at all, so there is nothing to test the slope against: no p-value, no detectable trend (not a
    # p-value of 1e-55 from rounding noise)
    assert trend["p_value"] is None and trend["detectable_trend"] is None


def test_a_stop_in_the_panels_second_week_is_estimated_from_the_first():
    # A visited from week 1 (universal base: week 0), C never:  A 0, 5, 5;  C 0, 1, 2
    # week 1: (5 - 0) - (1 - 0) = 4;  week 2: (5 - 0) - (2 - 0) = 3
    groups, cells = att_gt(np.array([[0.0, 5.0, 5.0], [0.0, 1.0, 2.0]]), [1, None])
    assert groups == [1]
    assert cells[0, 1:] == pytest.approx([4.0, 3.0])


def test_a_district_without_an_estimated_stop_has_no_counterfactual():
    late = _campaign(late_stop=True)
    assert late.counterfactual("D") == []  # its stop starts after the data
    assert late.counterfactual("C") == []  # never visited
    assert [round(r["observed"], 9) for r in late.counterfactual("A")][11:13] == [1.0, 11.0]


def test_the_counterfactual_is_observed_minus_the_effect(estimate):
    # A (stop S1 from week 12, base week 11: A 1, B 2, C 0, D 0); the effect of week t against B, C, D (C, D only
    # from week 14, when B's stop begins):
    #   even t < 12: A 0 - 1 = -1, B 0 - 2 = -2: -1 - (-2/3) = -1/3  ->  without the stop 0 + 1/3 = 1/3
    #   odd t < 12:  A 1 - 1 = 0,  B 2 - 2 = 0:  0                    ->  1 - 0 = 1
    #   t = 12: 10 + 2/3 -> 11 - 32/3 = 1/3;  t = 13: 10 -> 1;  t = 14, 15: (11 - 1) - 0 = 10 -> 1
    rows = estimate.counterfactual("A")
    assert [r["week"] for r in rows] == list(range(WEEKS))
    assert [r["observed"] for r in rows] == [0.0, 1.0] * 6 + [11.0] * 4
    assert [r["counterfactual"] for r in rows] == pytest.approx([1 / 3, 1.0] * 7 + [1.0, 1.0])


def test_the_pre_trend_test_against_its_placebos_in_closed_form():
    # A visited from week 17 (universal base: week 16), C and D never (0). A(w) = w^2 before the stop.
    # With C, D at 0 a cell is A(t) - A(16), and over a symmetric window of seven weeks centred on c the slope of
    # w^2 is exactly 2c (sum (x - c) x^2 = 2c sum (x - c)^2). The pre-period, weeks 9..15, centres on 12: slope 24.
    # Placebos: the window moved back s = 1..9 weeks (its base 16 - s stays in the panel): slopes 2 (12 - s).
    # Around their mean they spread like 2 s, s = 1..9: root mean square 2 sqrt((81 - 1) / 12) = sqrt(80/3).
    # Independent draws: shifts 1..9, each placebo spans weeks 9 - s..16 - s, 8 weeks: (9 - 1) / 8 + 1 = 2.
    # Student's t with 2 degrees of freedom has closed forms: sf(x) = (1 - x / sqrt(2 + x^2)) / 2 and
    # ppf(p) = (2p - 1) / sqrt(2 p (1 - p)).
    #   x = 24 / sqrt(80/3), x^2 = 21.6: p = 1 - sqrt(21.6 / 23.6) = 0.0433108
    #   detectable (10 % two-sided, 80 % power): (ppf(0.95) + ppf(0.80)) x sqrt(80/3)
    #     = (0.9 / sqrt(0.095) + 0.6 / sqrt(0.32)) x sqrt(80/3) = 20.55597
    a = [float(w * w) for w in range(17)] + [400.0, 400.0]
    y = np.array([a, [0.0] * 19, [0.0] * 19])
    panel = Panel(["A", "C", "D"], list(range(19)), y, [17, None, None], [10_000] * 3, [Stop("S1", "A", 17, 18, 1)])
    trend = Estimate(panel, Design("universal")).pretrend()
    assert trend["slope"] == pytest.approx(24.0)
    assert trend["p_value"] == pytest.approx(1 - (21.6 / 23.6) ** 0.5)
    scale = (80 / 3) ** 0.5
    assert trend["detectable_trend"] == pytest.approx((0.9 / 0.095**0.5 + 0.6 / 0.32**0.5) * scale)
    assert trend["cohorts"] == 1


def test_the_campaign_is_too_short_for_a_pre_trend_test(estimate):
    # S1's pre-period, weeks 4..10, has placebos at shifts 1..4 only (the window moved back must stay at or after
    # week 0): fewer than 6, no scale. S2's, weeks 6..12 (base 13), at shifts 1..6: six, but they lie closer together
    # (6 - 1 = 5) than one placebo spans (weeks 6..13, 8): not one independent pair, no scale. Nothing to report,
    # and no joint test either (its cells' placebos have no scale for the same reason; issue 32 added the key).
    assert estimate.pretrend() == {
        "weeks": 7,
        "slope": None,
        "p_value": None,
        "detectable_trend": None,
        "cohorts": 0,
        "joint": None,
    }


def test_with_anticipation_the_base_week_of_the_event_study_is_two_weeks_before():
    # anticipation 1, universal base: the base is the week before the anticipated week, e = -2: 0 by construction
    # (no level); e = -1 is an estimate like any other
    panel = _campaign().panel
    rows = {r["event_week"]: r for r in Estimate(panel, Design("universal", anticipation=1)).event_study()}
    assert (rows[-2]["att"], rows[-2]["ci_low"], rows[-2]["ci_high"], rows[-2]["level"]) == (0.0, 0.0, 0.0, None)
    assert rows[-1]["level"] is not None


def test_a_pre_trend_from_the_three_weeks_that_have_data():
    from scipy.stats import t as student_t

    # The w^2 campaign above with A's weeks 9..12 missing: the pre-period keeps weeks 13..15 (three, the least
    # for a slope), centred on 14: slope 2 x 14 = 28. Placebos: the three weeks and their base (16) moved back s
    # weeks must avoid the gap 9..12: s = 8..13 (s <= 7 puts the window or the base into the gap); slopes
    # 2 (14 - s), spread around their mean like 2 s, s = 8..13: root mean square 2 sqrt((36 - 1) / 12).
    # Each spans weeks 13 - s..16 - s (4): (13 - 8) / 4 + 1 = 2.25 independent draws.
    a = [float(w * w) for w in range(17)] + [400.0, 400.0]
    a[9:13] = [np.nan] * 4
    y = np.array([a, [0.0] * 19, [0.0] * 19])
    panel = Panel(["A", "C", "D"], list(range(19)), y, [17, None, None], [10_000] * 3, [Stop("S1", "A", 17, 18, 1)])
    trend = Estimate(panel, Design("universal")).pretrend()
    assert (trend["slope"], trend["cohorts"]) == (pytest.approx(28.0), 1)
    scale = 2 * (35 / 12) ** 0.5
    assert trend["p_value"] == pytest.approx(2 * student_t.sf(28 / scale, 2.25))


def test_a_placebo_family_spans_its_weeks_and_their_base():
    # S1: weeks 12 and 13 against base week 11: one placebo spans 3 weeks; S2: 14, 15 against 13 likewise
    estimate = _campaign()
    assert [s.family.span for s in estimate.stops] == [3, 3]
    # The event study pools single-week placebos of every cell at e = -8..12 in the panel: S1 weeks 4..15, S2
    # weeks 6..15. Week t of a stop starting in g moves back s weeks while it and its base (g - 1 - s) stay at or
    # after week 0 (s <= min(t, g - 1)) and before the stop (s >= max(t, g - 1) - g + 1):
    #   S1 (g 12): t = 4..11: 4 + 5 + ... + 11 = 60; t = 12..15: 11 + 10 + 9 + 8 = 38      -> 98
    #   S2 (g 14): t = 6..13: 6 + 7 + ... + 13 = 76; t = 14, 15: 13 + 12 = 25              -> 101
    # 199 in all
    assert estimate.cell_reference.draws == 199


def test_the_event_study_reaches_the_panels_first_week():
    # A visited from week 8 (universal base: week 7), C never: e = -8 is week 0.
    #   A 4, 0, 0, 0, 0, 0, 0, 1, 9;  C 1, 0, 0, 0, 0, 0, 0, 0, 0
    # week 0: (4 - 1) - (1 - 0) = 2
    y = np.array([[4.0, 0, 0, 0, 0, 0, 0, 1, 9], [1.0, 0, 0, 0, 0, 0, 0, 0, 0]])
    panel = Panel(["A", "C"], list(range(9)), y, [8, None], [10_000] * 2, [Stop("S1", "A", 8, 8, 1)])
    rows = {r["event_week"]: r for r in Estimate(panel, Design("universal")).event_study()}
    assert rows[-8]["att"] == pytest.approx(2.0)


def test_the_pre_trend_of_two_cohorts_is_their_mean_with_the_placebos_covariance():
    from scipy.stats import t as student_t

    # A visited from week 17 (A(w) = w^2 before), B from week 30 (B(w) = (w - 13)^2 throughout), C, D 0.
    # A's pre-period, weeks 9..15 against week 16, has B, C and D as controls (B's stop is far off): a cell is
    #   t^2 - 256 - ((t - 13)^2 - 9) / 3 = (2/3) t^2 + (26/3) t + const,  slope over a window centred on c:
    #   (4c + 26) / 3; c = 12: 74/3. Placebos s = 1..9: (4 (12 - s) + 26) / 3, around their mean -(4/3)(s - 5).
    # B's pre-period, 22..28 against 29, controls C and D: (t - 13)^2 - 256, slope 2 (25 - 13) = 24. Placebos
    #   s = 1..22: 2 (12 - s), around their mean -2 (s - 11.5).
    # Mean slope (74/3 + 24) / 2 = 73/3. Its scale, weights 1/2:
    #   A: (16/9) x mean (s - 5)^2 over 1..9 = (16/9)(20/3) = 320/27;  B: 4 x (22^2 - 1) / 12 = 161
    #   covariance at the nine common shifts: (8/3) x mean (s - 5)(s - 11.5) = (8/3)(60/9) = 160/9
    #   variance (320/27 + 161 + 2 x 160/9) / 4 = 5627/108
    # Independent draws: A (9 - 1) / 8 + 1 = 2, B (22 - 1) / 8 + 1 = 3.625 (each placebo spans 8 weeks);
    #   Satterthwaite: (80/27 + 40.25)^2 / ((80/27)^2 / 2 + 40.25^2 / 3.625)
    a = [float(w * w) for w in range(17)] + [400.0] * 15
    b = [float((w - 13) ** 2) for w in range(32)]
    y = np.array([a, b, [0.0] * 32, [0.0] * 32])
    stops = [Stop("SA", "A", 17, 18, 1), Stop("SB", "B", 30, 31, 1)]
    panel = Panel(["A", "B", "C", "D"], list(range(32)), y, [17, 30, None, None], [10_000] * 4, stops)
    trend = Estimate(panel, Design("universal")).pretrend()
    assert (trend["slope"], trend["cohorts"]) == (pytest.approx(73 / 3), 2)
    scale = (5627 / 108) ** 0.5
    df = (80 / 27 + 40.25) ** 2 / ((80 / 27) ** 2 / 2 + 40.25**2 / 3.625)
    assert trend["p_value"] == pytest.approx(2 * student_t.sf(73 / 3 / scale, df))
    detectable = (student_t.ppf(0.95, df) + student_t.ppf(0.80, df)) * scale
    assert trend["detectable_trend"] == pytest.approx(detectable)


def _exposed(exposure_a: float = 2.0, exposure_b: float = 4.0) -> Estimate:
    """Host H (stop S in period 2, 10 counted at the pop-up), never visited A, B, C; 10,000 residents 16+ each;
    base: period 1 (universal). Outcomes 0 in periods 0 and 1; in period 2: H 5, A 1, B 2, C 0. Stop S's visitors
    per 10,000 residents 16+ in period 2: H 10 (its own), A `exposure_a`, B `exposure_b`, C 0."""
    y = np.array([[0, 0, 5], [0, 0, 1], [0, 0, 2], [0, 0, 0]], dtype=float)
    stops = [Stop("S", "H", first=2, last=2, weight=10_000, direct_activations=10, direct_own_district=6)]
    panel = Panel(["H", "A", "B", "C"], [0, 1, 2], y, [2, None, None, None], [10_000] * 4, stops)
    exposure = np.zeros((4, 3))
    exposure[:, 2] = [10, exposure_a, exposure_b, 0]
    panel.exposure = {"S": exposure}
    return Estimate(panel, Design("universal"))


def test_spillover_onto_the_districts_that_sent_visitors_by_hand():
    # Comparison districts in period 2: A, B, C with changes 1, 2, 0 (mean 1) and exposure 2, 4, 0 (mean 2).
    # beta = sum (D - 1)(E - 2) / sum (E - 2)^2 = (0 x 0 + 1 x 2 + (-1)(-2)) / (0 + 4 + 4) = 4 / 8 = 1/2 per unit of
    # exposure (per visitor). The plain comparison: 5 - 1 = 4; it removed beta x the comparison's mean exposure
    # 1/2 x 2 = 1 too much: the host effect against no exposure is 4 + 1 = 5 (= 5 - alpha, alpha = 1 - 1/2 x 2 = 0).
    estimate = _exposed()
    (stop,) = estimate.by_stop()
    assert stop["att"] == pytest.approx(5)
    spill = stop["spillover"]
    assert spill["att"] == pytest.approx(0.5)
    assert (spill["host_att_unadjusted"], spill["host_adjustment"]) == pytest.approx((4, 1))
    # visitors from other districts in the stop's week: A 2 x 10,000 / 10,000 + B 4 = 6; spill-over 1/2 x 6 = 3;
    # H's own 10 are its direct channel, C sent nobody
    assert (spill["visitors"], spill["extra"], spill["districts"]) == (pytest.approx(6), pytest.approx(3), ["A", "B"])
    # the stop in all: 10 counted + host 5 x 1 week x 10,000 / 10,000 + spill-over 3 = 18
    assert stop["extra"] == pytest.approx(5) and stop["extra_total"]["value"] == pytest.approx(18)
    totals = estimate.totals()
    assert totals["spillover"]["value"] == pytest.approx(3) and totals["spillover"]["districts"] == ["A", "B"]
    assert totals["indirect"]["value"] == pytest.approx(5) and totals["extra_total"]["value"] == pytest.approx(18)
    # one placebo only (shift 1: every change 0, beta 0): too little history for any interval, claimed nowhere
    assert stop["ci_low"] is None and spill["ci_low"] is None and totals["extra_total"]["ci_low"] is None


def test_a_district_that_sent_one_visitor_is_touched():
    # A's exposure 1 per 10,000 residents 16+ with 10,000 residents: one visitor; it counts as a touched district
    spill = _exposed(1.0, 4.0).by_stop()[0]["spillover"]
    assert spill["districts"] == ["A", "B"] and spill["visitors"] == pytest.approx(5)


def test_a_stops_total_placebos_add_its_spill_over_placebos_at_common_shifts():
    # S of the exposed campaign with 20,000 residents 16+: 1 identified week x 20,000 / 10,000 = extra factor 2; 6
    # visitors from other districts. With host placebos 2, -1, 4 at shifts 1, 2, 3 and beta placebos 0.5, -0.25 at
    # shifts 1, 2, the total's placebos are host x 2 + beta x 6 at the shifts both have: 4 + 3 = 7, -2 - 1.5 = -3.5
    # (shift 3 has no beta); their span the longer of the two (3). Without a spill-over: host x 2 at every shift.
    import dataclasses

    estimate = _exposed()
    (stop,) = estimate.stops
    stop.stop.weight = 20_000
    stop.family = Placebos({1: 2.0, 2: -1.0, 3: 4.0}, span=1)
    betas = {1: 0.5, 2: -0.25}
    estimate.spill = dataclasses.replace(estimate.spill, betas=betas, family=Placebos(betas, span=3))
    total = estimate.total_family(stop)
    assert (total.values, total.span) == ({1: 7.0, 2: -3.5}, 3)
    estimate.spill = None
    alone = estimate.total_family(stop)
    assert (alone.values, alone.span) == ({1: 4.0, 2: -2.0, 3: 8.0}, 1)


def test_the_campaigns_spill_over_interval_is_betas_times_every_visitor_from_other_districts():
    # The campaign's spill-over is beta times the visitors from other districts of every stop (6 here), and so are
    # its interval and MDE: with beta's interval 0.1 to 0.9 and MDE 0.7 (set here; the exposed campaign itself has
    # one placebo only, too few for an interval) the campaign's is 0.6 to 5.4 with MDE 4.2.
    estimate = _exposed()
    own = estimate.spillover_of
    estimate.spillover_of = lambda s: {**own(s), "ci_low": 0.1, "ci_high": 0.9, "level": 0.8, "mde": 0.7}
    spill = estimate.totals()["spillover"]
    assert (spill["value"], spill["ci_low"], spill["ci_high"], spill["level"], spill["mde"]) == pytest.approx(
        (3.0, 0.6, 5.4, 0.8, 4.2)
    )


def test_without_a_spread_of_exposure_there_is_no_spillover_estimate():
    # A and B equally exposed (3 each), C 0: beta = (0 x 1 + 1 x 1 + (-1)(-2)) / (1 + 1 + 4) = 3 / 6 = 1/2 still;
    # with A and B and C all at 2: no spread, no beta, the plain comparison stands (4) and no spill-over
    assert _exposed(3.0, 3.0).by_stop()[0]["spillover"]["att"] == pytest.approx(0.5)
    flat = _exposed(2.0, 2.0)
    flat.panel.exposure["S"][3, 2] = 2.0
    flat = Estimate(flat.panel, Design("universal"))
    (stop,) = flat.by_stop()
    assert stop["spillover"] is None and stop["att"] == pytest.approx(4)
    assert flat.totals()["spillover"] is None


def test_a_panel_without_residence_has_no_spillover(estimate):
    assert all(row["spillover"] is None for row in estimate.by_stop()) and estimate.totals()["spillover"] is None


@pytest.mark.parametrize("lang", ["de", "en"])
def test_spillover_and_missing_residence_are_warned_with_their_codes(lang):
    from etl.impact import _assemble
    from ui import sentences

    report = _assemble(_exposed(), "activations")
    notes = {w["code"]: w for w in report["warnings"]}
    assert notes["spillover"]["beta"] == pytest.approx(0.5) and notes["spillover"]["extra"] == pytest.approx(3)
    assert "residence_missing" not in notes
    caveats = " ".join(sentences.caveats(report, lang))
    # the unit is the outcome's word (unit_activations), so eID transactions are not called activations (issue 32)
    assert ("+0,500 eID-Aktivierungen je Besucher" if lang == "de" else "+0.500 eID activations per visitor") in caveats
    assert sentences.summary(report, "activations", lang)  # the campaign sentence with the spill-over
    older = _exposed()
    older.panel.exposure = {}  # an older visit log without residence
    older.panel.residence_missing = {}
    notes = {w["code"] for w in _assemble(Estimate(older.panel, Design("universal")), "activations")["warnings"]}
    assert "residence_missing" in notes and "spillover" not in notes
    partial = _exposed()
    partial.panel.residence_missing = {"S": 0.25}  # a quarter of S's visits without a residence
    notes = {w["code"]: w for w in _assemble(partial, "activations")["warnings"]}
    assert notes["residence_partial"]["stop_ids"] == ["S"] and notes["residence_partial"]["share"] == 0.25
    expected = "S: Bei 25 % der Besuche" if lang == "de" else "S: 25% of the visits"
    assert sentences.caveats({"warnings": [notes["residence_partial"]]}, lang)[0].startswith(expected)


def test_the_cost_per_extra_activation_beside_the_cost_per_popup_activation():
    from etl.impact.results import costs

    # S of the exposed campaign with a cost of 180 EUR: 10 counted at the pop-up -> 18 EUR each; 18 extra in all
    # (10 + host 5 + spill-over 3) -> 10 EUR per extra activation
    estimate = _exposed()
    estimate.stops[0].stop.cost_eur = 180.0
    (stop,) = estimate.by_stop()
    assert stop["cost_per_popup_activation"]["value"] == pytest.approx(18)
    assert stop["cost_per_extra"]["value"] == pytest.approx(10)
    assert (
        "pop-up" in stop["cost_per_popup_activation"]["divides"] and "spill-over" in stop["cost_per_extra"]["divides"]
    )
    totals = estimate.totals()
    assert (totals["cost_eur"], totals["cost_per_extra"]["value"]) == pytest.approx((180, 10))
    # the interval divides the cost by the total's bounds: 100 / 40 = 2.5 to 100 / 10 = 10 around 100 / 20 = 5; a
    # total whose interval reaches below zero leaves the cost per extra activation without an upper bound
    bounded = costs(100.0, 4, {"value": 20.0, "ci_low": 10.0, "ci_high": 40.0})["cost_per_extra"]
    assert (bounded["value"], bounded["ci_low"], bounded["ci_high"]) == pytest.approx((5, 2.5, 10))
    open_ended = costs(100.0, 4, {"value": 20.0, "ci_low": -5.0, "ci_high": 40.0})["cost_per_extra"]
    assert (open_ended["ci_low"], open_ended["ci_high"]) == (pytest.approx(2.5), None)
    assert costs(None, 4, {"value": 20.0})["cost_per_extra"]["value"] is None  # no cost data: no figure
    assert costs(100.0, 4, {"value": -3.0})["cost_per_extra"]["value"] is None  # no extra activation to pay for
    # a total of exactly 0, or bounds at exactly 0: nothing to divide by (no figure, no bound), never a division by 0
    nothing = costs(100.0, 4, {"value": 0.0, "ci_low": 0.0, "ci_high": 0.0})["cost_per_extra"]
    assert (nothing["value"], nothing["ci_low"], nothing["ci_high"]) == (None, None, None)
    # below one extra activation but above 0 (half of one, 0.25 to 1): 100 / 0.5 = 200, 100 / 1 = 100, 100 / 0.25 = 400
    half = costs(100.0, 4, {"value": 0.5, "ci_low": 0.25, "ci_high": 1.0})["cost_per_extra"]
    assert (half["value"], half["ci_low"], half["ci_high"]) == (200.0, 100.0, 400.0)


def test_a_stop_without_a_comparison_district_says_why_and_one_with_an_estimate_needs_no_reason():
    rows = {r["stop_id"]: r for r in _campaign().by_stop()}
    assert rows["S1"]["not_estimated"] is None and rows["S2"]["not_estimated"] is None
    # H and A both visited from period 2, no other district: nothing to compare with, no estimate, and why
    y = np.array([[0, 0, 5], [0, 0, 1]], dtype=float)
    stops = [
        Stop("S", "H", first=2, last=2, weight=10_000, direct_activations=10),
        Stop("T", "A", first=2, last=2, weight=10_000, direct_activations=4),
    ]
    both = Estimate(Panel(["H", "A"], [0, 1, 2], y, [2, 2], [10_000] * 2, stops), Design("universal")).by_stop()
    assert [(r["stop_id"], r["att"], r["not_estimated"]) for r in both] == [
        ("S", None, "no_comparison"),
        ("T", None, "no_comparison"),
    ]


def test_the_trend_weights_of_a_pre_period_cell_by_hand():
    # T1 and T2 visited from week 3 (base week 2), C1-C3 never: a trend of 1 per week in every district moves the
    # cell of week 0 by (0 - 2) x (1/2 for each visited district, -1/3 for each comparison district with a value):
    # T1, T2 -1; C1-C3 +2/3. The joint pre-trend test's detectable trend rests on these weights.
    stops = [
        Stop("S1", "T1", first=3, last=3, weight=10_000, direct_activations=1),
        Stop("S2", "T2", first=3, last=3, weight=10_000, direct_activations=1),
    ]
    units = ["T1", "T2", "C1", "C2", "C3"]
    panel = Panel(units, [0, 1, 2, 3], np.zeros((5, 4)), [3, 3, None, None, None], [10_000] * 5, stops)
    estimate = Estimate(panel, Design("universal"))
    assert estimate._trend_weights(estimate.cohorts[3], 0) == pytest.approx([-1, -1, 2 / 3, 2 / 3, 2 / 3])


@pytest.mark.parametrize(
    ("a_from", "b_from", "draws"),
    [
        (10, 35, 27),  # A's cells (weeks 2..8) share 2 shifts with B's: too few, B alone on 27 draws
        (10, 27, 19),  # B's cells from week 19: exactly the 19 draws a 90 % statement needs
        (2, 35, 27),  # A's only cell, week 0, has no placebo: it never takes part, and A does not count
    ],
)
def test_the_joint_pretrend_test_leaves_out_the_earliest_cohort_until_the_cells_share_enough_shifts(
    a_from, b_from, draws
):
    # 40 weeks: A visited in two weeks from `a_from` (base a_from - 1), B in two weeks from `b_from`, C and D never;
    # A alternates 0, 1, B 0, 2 before their stops. A cell of the 7 weeks before a cohort's base can move back as far
    # as it lies from week 0: A's (weeks 2..8 from week 10) share 2 placebo shifts — fewer than the 19 a 90 % statement
    # needs — so A is left out; B's cells (from b_from - 8) share the shifts 1..b_from - 8. A cohort counts in the
    # report only with a cell the test can use: the test rests on B alone and says so (1 cohort).
    weeks = 40
    y = np.zeros((4, weeks))
    y[0] = [w % 2 for w in range(weeks)]
    y[0, a_from:] = 11
    y[1] = [2 * (w % 2) for w in range(weeks)]
    y[1, b_from:] = 12
    stops = [
        Stop("SA", "A", first=a_from, last=a_from + 1, weight=10_000, direct_activations=1),
        Stop("SB", "B", first=b_from, last=b_from + 1, weight=10_000, direct_activations=1),
    ]
    panel = Panel(["A", "B", "C", "D"], list(range(weeks)), y, [a_from, b_from, None, None], [10_000] * 4, stops)
    joint = Estimate(panel, Design("universal")).joint_pretrend(detectable=False)
    assert joint is not None and (joint["cohorts"], joint["draws"]) == (1, draws)


def test_the_campaign_has_a_cost_only_when_every_stop_has_one():
    # S1 cost 100 EUR, S2's cost unknown: the campaign's cost is unknown (100 alone would understate it, and the
    # cost per activation with it); with S2's 50 EUR it is 150
    estimate = _campaign()
    by_id = {s.stop.stop_id: s.stop for s in estimate.stops}
    by_id["S1"].cost_eur = 100.0
    assert estimate.totals()["cost_eur"] is None
    by_id["S2"].cost_eur = 50.0
    assert estimate.totals()["cost_eur"] == 150.0


@pytest.mark.parametrize(
    ("district", "code", "sentence"),
    [
        ("A", "visited", "A has been visited already: a new stop there is no new treatment"),
        ("D", "scheduled", "D already has a stop in the calendar"),
    ],
)
def test_a_plan_from_which_no_estimate_can_come_says_why(estimate, district, code, sentence):
    panel = copy.deepcopy(estimate.panel)
    panel.scheduled = ["D"]  # a stop in D's calendar after the data
    with pytest.raises(planner.PlanError, match=sentence) as refused:
        planner.plan(panel, Design("universal"), estimate.stop_reference, district, 2)
    assert refused.value.code == code
    # C with D in the calendar and A, B visited: no comparison district left
    with pytest.raises(planner.PlanError, match="no comparison district is left for a stop in C") as refused:
        planner.plan(panel, Design("universal"), estimate.stop_reference, "C", 2)
    assert refused.value.code == "no_comparison"
