"""A panel file (`python -m etl impact --panel`), read cell by cell and worked out by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from etl.impact import panel as impact_panel

D = dt.date

# Units are codes with a leading zero (as district or county codes are): kept as written, not read as numbers.
# 01: treated in period 3 only (last_treated 3), 20,000 residents, no outcome in period 2 and a decimal comma;
# 02: treated from period 4 without last_treated (to the panel's end), no weight (10,000);
# 03: first treated in period 9, after the panel's periods 1..4: never treated here; 04: 0, never treated.
PANEL = """\
unit,period,outcome,first_treated,last_treated,weight
01,1,"1,5",3,3,20000
01,2,,3,3,20000
01,3,4,3,3,20000
01,4,5,3,3,20000
02,1,0,4,,
02,2,1,4,,
02,3,2,4,,
02,4,3,4,,
03,1,0,9,,
03,2,0,9,,
03,3,0,9,,
03,4,0,9,,
04,1,7,0,,
04,2,7,0,,
04,3,7,0,,
04,4,7,0,,
"""


def _read(folder, text: str, name: str = "weeks.csv"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return impact_panel.from_file(path)


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    return _read(tmp_path_factory.mktemp("panel"), PANEL)


def test_units_and_periods_as_written(panel):
    assert panel.units == ["01", "02", "03", "04"]
    assert panel.periods == [1, 2, 3, 4]


def test_outcomes_with_an_empty_cell_missing_not_zero(panel):
    first = panel.y[0].tolist()
    assert first[0] == 1.5 and math.isnan(first[1]) and first[2:] == [4.0, 5.0]
    assert panel.y[1:].tolist() == [[0.0, 1.0, 2.0, 3.0], [0.0] * 4, [7.0] * 4]
    assert panel.missing == [("01", 2)]


def test_treatments_cohorts_weights(panel):
    # cohorts are period indices: 01 from period 3 (index 2), 02 from period 4 (index 3); 03 and 04 never
    assert panel.cohort == [2, 3, None, None]
    assert panel.weight == [20_000, 10_000, 10_000, 10_000]
    # 01 ends with its last_treated, period 3 (index 2); 02 without one at the panel's last period, 4 (index 3)
    stops = [(s.stop_id, s.unit, s.first, s.last, s.weight) for s in panel.stops]
    assert stops == [("01", "01", 2, 2, 20_000), ("02", "02", 3, 3, 10_000)]


def test_weeks_written_as_date_and_time_are_their_mondays(tmp_path):
    # a spreadsheet may write a Monday as "2025-05-19 00:00:00": the date part counts
    panel = _read(tmp_path, "unit,period,outcome,first_treated\nA,2025-05-19 00:00:00,1,\nA,2025-05-26 00:00:00,2,\n")
    assert panel.periods == [D(2025, 5, 19), D(2025, 5, 26)]


def test_a_week_that_is_not_a_monday_is_named_by_its_line(tmp_path):
    # line 1 is the header: the Tuesday 20.05.2025 is on line 3
    text = "unit,period,outcome,first_treated\nA,2025-05-19,1,\nA,2025-05-20,2,\n"
    with pytest.raises(impact_panel.PanelError, match=r"weeks.csv line 3, column 'period': 2025-05-20 is not a Monday"):
        _read(tmp_path, text)


@pytest.mark.parametrize(
    ("first_day", "last_day", "weeks", "dropped"),
    [
        # Mon 02.06. to Sun 08.06.2025: one whole week, nothing left out
        (D(2025, 6, 2), D(2025, 6, 8), [D(2025, 6, 2)], []),
        # to Mon 09.06.: that Monday alone is a partial week, left out
        (D(2025, 6, 2), D(2025, 6, 9), [D(2025, 6, 2)], [(D(2025, 6, 9), D(2025, 6, 9))]),
        # from Sun 01.06.: that Sunday is the end of a partial week
        (D(2025, 6, 1), D(2025, 6, 8), [D(2025, 6, 2)], [(D(2025, 6, 1), D(2025, 6, 1))]),
        # Tue 03.06. to Sat 07.06.: no whole week, all of it left out
        (D(2025, 6, 3), D(2025, 6, 7), [], [(D(2025, 6, 3), D(2025, 6, 7))]),
    ],
)
def test_the_partial_weeks_the_warehouse_panel_leaves_out(first_day, last_day, weeks, dropped):
    assert impact_panel._dropped_weeks(first_day, last_day, weeks) == dropped


def test_a_file_that_is_no_panel_is_named_with_the_readers_reason(tmp_path):
    with pytest.raises(impact_panel.PanelError, match=r"^weeks\.parquet: cannot be read as a panel \(\S.*\)$"):
        _read(tmp_path, "not a parquet file", "weeks.parquet")


# 05 was treated in period 0, before the panel's first period 1; 06 in period 1, the first: both always treated.
ALWAYS = PANEL + "".join(f"05,{p},1,-1,,\n" for p in range(1, 5)) + "".join(f"06,{p},2,1,,\n" for p in range(1, 5))


def test_always_treated_units_are_named_and_never_a_comparison(tmp_path):
    panel = _read(tmp_path, ALWAYS)
    # 05 (first treated -1, before period 1) and 06 (first treated 1, the first period): cohort 0, never a control;
    # the others as in PANEL
    assert panel.cohort == [2, 3, None, None, 0, 0]
    assert panel.always_treated == ["05", "06"]
    assert [s.stop_id for s in panel.stops] == ["01", "02"]  # no stop of theirs to estimate
    report = _report(panel)
    # 02 (cohort: period 4, base period 3): its comparison units are those not yet treated in period 4, 03 and 04;
    # not 01 (treated from period 3) and never 05 or 06 (before, 05 would have counted as never treated)
    by_stop = {s["stop_id"]: s for s in report["by_stop"]}
    assert by_stop["02"]["controls"] == ["03", "04"]
    notes = {w["code"]: w for w in report["warnings"]}
    assert notes["always_treated"]["unit_ids"] == ["05", "06"]
    assert notes["always_treated"]["message"].startswith("05, 06: treated at or before the panel's first period")


def _two_weeks(folder, treated: list[tuple[int, int]], controls: list[int]):
    """Periods 1 and 2; the treated units (T1, T2, …: outcome in period 1, in period 2) treated from period 2, the
    comparison units (C01, C02, …) at 0 in period 1 and at the given outcome in period 2."""
    rows = ["unit,period,outcome,first_treated"]
    rows += [f"T{i},{p},{v},2" for i, pair in enumerate(treated, 1) for p, v in zip((1, 2), pair, strict=True)]
    rows += [f"C{j:02},{p},{v}," for j, change in enumerate(controls, 1) for p, v in ((1, 0), (2, change))]
    folder.mkdir(exist_ok=True)
    return _read(folder, "\n".join(rows) + "\n")


def _report(panel):
    from etl.impact import _assemble
    from etl.impact.estimator import Design
    from etl.impact.results import Estimate

    return _assemble(Estimate(panel, Design("universal")), "panel")


def test_thirty_units_give_the_aggregates_a_unit_level_interval_by_hand(tmp_path):
    # T1: 0 -> 3, T2: 0 -> 1 (changes 3 and 1, mean 2); 28 comparison units 0 -> +1 or -1, 14 each (mean 0): ATT 2.
    # 30 units (influence.MIN_UNITS) and 2 treated units (MIN_TREATED): influence functions, clustered by unit.
    # Mean over the treated units (weights 1/2, W = 1): T1 1/2 (3 - 2) = 1/2, T2 -1/2, each comparison unit
    # -(+-1 - 0) / 28: SE^2 = 1/4 + 1/4 + 28 / 28^2 = 15/28, SE = 0.7319251. z(0.975) = 1.959964, z(0.80) = 0.841621:
    #   2 +- 1.959964 x 0.7319251 = 0.5654533 ... 3.4345467, MDE 2.801585 x 0.7319251 = 2.0505504
    # The total over both stops (weights 1 each, W = 2): every influence doubles: 4, 1.1309065 ... 6.8690935,
    # MDE 4.1011008
    report = _report(_two_weeks(tmp_path, [(0, 3), (0, 1)], [1, -1] * 14))
    mean = {"att": 2.0, "ci_low": 0.5654533, "ci_high": 3.4345467, "mde": 2.0505504}
    for where, row in (
        ("overall", report["overall"]),
        ("cohort", report["by_cohort"][0]),
        ("event week 0", next(r for r in report["event_study"] if r["event_week"] == 0)),
        ("cell (cohort 2, period 2)", next(r for r in report["att_gt"] if r["period"] == 2)),
    ):
        assert {k: row[k] for k in mean} == pytest.approx(mean, abs=1e-6), where
    total = report["totals"]["indirect"]
    assert (total["value"], total["ci_low"], total["ci_high"], total["mde"]) == pytest.approx(
        (4.0, 1.1309065, 6.8690935, 4.1011008), abs=1e-6
    )
    assert "unit_inference" in {w["code"] for w in report["warnings"]}


def test_twenty_nine_units_or_a_lone_treated_unit_give_no_unit_level_interval(tmp_path):
    # one comparison unit fewer (27: 13 x +1, 13 x -1, one 0; still mean 0, ATT 2): below MIN_UNITS, so the
    # intervals come from placebos, and two periods give none
    fewer = _report(_two_weeks(tmp_path / "fewer", [(0, 3), (0, 1)], [1, -1] * 13 + [0]))
    assert fewer["overall"]["att"] == 2.0
    assert (fewer["overall"]["ci_low"], fewer["overall"]["mde"], fewer["by_cohort"][0]["ci_low"]) == (None,) * 3
    assert "unit_inference" not in {w["code"] for w in fewer["warnings"]}
    # 30 units but T1 alone treated (29 comparison units, mean 0): a cohort of one has no spread of its own to
    # measure (MIN_TREATED 2): no interval, though the panel is large enough for the warning
    alone = _report(_two_weeks(tmp_path / "alone", [(0, 3)], [1, -1] * 14 + [0]))
    assert alone["overall"]["att"] == 3.0
    assert (alone["overall"]["ci_low"], alone["overall"]["mde"], alone["by_cohort"][0]["ci_low"]) == (None,) * 3
    assert "unit_inference" in {w["code"] for w in alone["warnings"]}


def test_a_stop_of_two_weeks_weighs_each_week_by_half_in_the_unit_level_mean(tmp_path):
    # The 30 units above over three periods: T1 0, 3, 3; T2 0, 1, 1; the comparison units 0, +-1, +-1 (14 each).
    # Each of the two weeks has ATT 2; each stop's effect is the mean of its two weeks, the overall mean of the stops:
    # cell weights 1/2 (stop) x 1/2 (week) = 1/4 per treated unit and week. Influence summed over both weeks: T1
    # 2 x 1/4 (3 - 2) = 1/2, T2 -1/2, each comparison unit -2 x (1/2)(+-1)/28 = -+1/28: SE^2 = 15/28 as above,
    # so 2 +- 1.4345467 (a week weighed by 1 instead of 1/2 would make it four times as wide)
    rows = ["unit,period,outcome,first_treated"]
    for unit, after in (("T1", 3), ("T2", 1)):
        rows += [f"{unit},1,0,2", f"{unit},2,{after},2", f"{unit},3,{after},2"]
    for j, change in enumerate([1, -1] * 14, 1):
        rows += [f"C{j:02},1,0,", f"C{j:02},2,{change},", f"C{j:02},3,{change},"]
    report = _report(_read(tmp_path, "\n".join(rows) + "\n"))
    for row in (report["overall"], report["by_cohort"][0]):  # the mean of the stops, and of the cohort's weeks
        assert (row["att"], row["ci_low"], row["ci_high"]) == pytest.approx((2.0, 0.5654533, 3.4345467), abs=1e-6)


def test_an_event_week_of_two_cohorts_weighs_each_by_half(tmp_path):
    # 30 units, periods 1..3: cohort A (T1 0, 3, 3; T2 0, 1, 1) from period 2, cohort B (T3 0, 0, 4; T4 0, 0, 0) from
    # period 3, 26 never treated (0, +-1, +-1; 13 each).
    #   A in period 2 (base 1): changes 3, 1 (mean 2) against C +-1 and the not yet treated T3, T4 (0, 0): mean 0 -> 2
    #   B in period 3 (base 2): changes 4, 0 (mean 2) against C (+-1 - +-1 = 0): mean 0 -> 2
    # Event week 0, the mean of both (1/2 each, 1/4 per treated unit): A's cell T1 1/4 (3 - 2) = 1/4, T2 -1/4, each
    # of its 28 comparison units -(1/2)(D - 0)/28 (C: -+1/56, T3 and T4: 0); B's cell T3 1/4 (4 - 2) = 1/2, T4 -1/2,
    # its comparison units 0.
    #   SE^2 = 2 x 1/16 + 2 x 1/4 + 26 / 56^2 = 0.6332908, SE = 0.7957957: 2 +- 1.559730 = 0.4402691 ... 3.5597309
    rows = ["unit,period,outcome,first_treated"]
    for unit, values, first in (("T1", (0, 3, 3), 2), ("T2", (0, 1, 1), 2), ("T3", (0, 0, 4), 3), ("T4", (0, 0, 0), 3)):
        rows += [f"{unit},{p},{v},{first}" for p, v in zip((1, 2, 3), values, strict=True)]
    for j, change in enumerate([1, -1] * 13, 1):
        rows += [f"C{j:02},1,0,", f"C{j:02},2,{change},", f"C{j:02},3,{change},"]
    report = _report(_read(tmp_path, "\n".join(rows) + "\n"))
    week = next(r for r in report["event_study"] if r["event_week"] == 0)
    assert (week["att"], week["ci_low"], week["ci_high"]) == pytest.approx((2.0, 0.4402691, 3.5597309), abs=1e-6)
