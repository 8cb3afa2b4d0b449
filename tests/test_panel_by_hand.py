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
    from etl.impact import _assemble
    from etl.impact.estimator import Design
    from etl.impact.results import Estimate

    panel = _read(tmp_path, ALWAYS)
    # 05 (first treated -1, before period 1) and 06 (first treated 1, the first period): cohort 0, never a control;
    # the others as in PANEL
    assert panel.cohort == [2, 3, None, None, 0, 0]
    assert panel.always_treated == ["05", "06"]
    assert [s.stop_id for s in panel.stops] == ["01", "02"]  # no stop of theirs to estimate
    report = _assemble(Estimate(panel, Design("universal")), "panel")
    # 02 (cohort: period 4, base period 3): its comparison units are those not yet treated in period 4, 03 and 04;
    # not 01 (treated from period 3) and never 05 or 06 (before, 05 would have counted as never treated)
    by_stop = {s["stop_id"]: s for s in report["by_stop"]}
    assert by_stop["02"]["controls"] == ["03", "04"]
    notes = {w["code"]: w for w in report["warnings"]}
    assert notes["always_treated"]["unit_ids"] == ["05", "06"]
    assert notes["always_treated"]["message"].startswith("05, 06: treated at or before the panel's first period")
