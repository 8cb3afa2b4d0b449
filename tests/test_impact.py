"""The impact estimate: hand-worked cells, agreement with the `differences` package, interval coverage by
simulation, and the command on the demo campaign."""

from __future__ import annotations

import datetime as dt
import json
import warnings

import numpy as np
import pandas as pd
import pytest
from helpers import run_etl

from etl import impact


def test_att_gt_by_hand():
    # 3 districts, 4 weeks. A treated from week 2, B from week 3, C never.
    y = np.array(
        [
            [1.0, 2.0, 6.0, 7.0],  # A
            [2.0, 2.5, 3.5, 9.0],  # B
            [0.0, 1.0, 2.0, 3.0],  # C
        ]
    )
    cells = impact.att_gt(y, [2, 3, None])
    assert cells.cohorts == [2, 3]
    a, b = cells.att
    # A, base week 1: week 2: (6-2) - mean(B: 3.5-2.5, C: 2-1) = 4 - 1 = 3; week 3: (7-2) - (C: 3-1) = 3
    # week 0 (pre): controls not yet treated by max(0, 1) = 1, so B and C: (1-2) - mean(2-2.5, 0-1) = -1 + 0.75
    assert a[0] == pytest.approx(-0.25)
    assert a[1] == 0
    assert a[2] == pytest.approx(3.0)
    assert a[3] == pytest.approx(3.0)
    # B, base week 2: week 3: (9-3.5) - (C: 3-2) = 4.5; week 1 (pre): controls later than B: C: (2.5-3.5) - (1-2) = 0
    assert b[3] == pytest.approx(4.5)
    assert b[1] == pytest.approx(0.0)
    assert b[0] == pytest.approx((2 - 3.5) - (0 - 2))


def test_a_cell_without_controls_is_null_not_extrapolated():
    y = np.arange(12.0).reshape(2, 6)
    cells = impact.att_gt(y, [2, 4])
    assert np.isnan(cells.att[0, 4]) and np.isnan(cells.att[0, 5])  # from week 4 on, nobody is untreated
    assert np.isnan(cells.att[1, 4])  # the last cohort never has a control after its start


def _simulated_panel(seed: int, units_per_cohort=(1, 1, 2, 1, 1), never: int = 1, weeks: int = 24):
    rng = np.random.default_rng(seed)
    cohorts = [5, 8, 11, 14, 18]
    cohort_of: list[int | None] = []
    for g, n in zip(cohorts, units_per_cohort, strict=True):
        cohort_of += [g] * n
    cohort_of += [None] * never
    n = len(cohort_of)
    y = rng.normal(0, 3, (n, 1)) + np.cumsum(rng.normal(0, 1, weeks))[None, :] + rng.normal(0, 1, (n, weeks))
    for i, g in enumerate(cohort_of):
        if g is not None:
            y[i, g:] += rng.uniform(1, 3)
    return y, cohort_of


@pytest.mark.parametrize(("seed", "never"), [(1, 1), (2, 2), (3, 0), (4, 0)])
def test_every_cell_equals_the_differences_package(seed, never):
    from differences import ATTgt

    y, cohort_of = _simulated_panel(seed, never=never)
    ours = impact.att_gt(y, cohort_of)
    rows = [
        (i, t + 1, y[i, t], np.nan if g is None else g + 1) for i, g in enumerate(cohort_of) for t in range(y.shape[1])
    ]
    frame = pd.DataFrame(rows, columns=["entity", "time", "y", "cohort"]).set_index(["entity", "time"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # without never-treated units, `differences` says how it copes
        model = ATTgt(data=frame, cohort_column="cohort", base_period="universal")
        model.fit("y", control_group="not_yet_treated", progress_bar=False)
        theirs = model.results()
    compared = 0
    for (cohort, _, time), row in theirs.iterrows():
        value = row.iloc[0]
        k = ours.cohorts.index(int(cohort) - 1)
        if np.isnan(value):
            continue
        assert ours.att[k, int(time) - 1] == pytest.approx(value, abs=1e-6), (cohort, time)
        compared += 1
    assert compared > 40


def _campaign(rng, effect=2.0, weeks=80):
    """Seven districts visited in a random order, four weeks each; a common trend, district levels, noise."""
    slots = [20, 30, 38, 46, 54, 62, 70]
    order = rng.permutation(7)
    y = rng.normal(0, 3, (7, 1)) + np.cumsum(rng.normal(0, 0.5, weeks))[None, :] + rng.normal(0, 1, (7, weeks))
    cohort: list[int | None] = [None] * 7
    stops = []
    for slot, unit in enumerate(order):
        g = slots[slot]
        cohort[unit] = g
        y[unit, g : g + 4] += effect
        stops.append(
            {
                "stop_id": f"s{slot}",
                "district": f"d{unit}",
                "cohort_index": g,
                "end_index": g + 3,
                "population_16plus": 10_000,
            }
        )
    calendar = [dt.date(2024, 1, 1) + dt.timedelta(weeks=i) for i in range(weeks)]
    return impact.Panel([f"d{i}" for i in range(7)], calendar, y, cohort, [10_000] * 7), stops


@pytest.mark.slow
def test_the_95_percent_intervals_cover_the_true_effect_in_about_95_percent_of_campaigns():
    rng = np.random.default_rng(20240923)
    by_stop, overall = [], []
    for _ in range(200):
        panel, stops = _campaign(rng)
        result = impact.estimate(panel, stops)
        by_stop += [s["ci_low"] <= 2.0 <= s["ci_high"] for s in result["by_stop"] if s["att"] is not None]
        overall.append(result["overall"]["ci_low"] <= 2.0 <= result["overall"]["ci_high"])
    assert 0.90 <= np.mean(by_stop) <= 0.99, np.mean(by_stop)
    assert 0.90 <= np.mean(overall) <= 0.99, np.mean(overall)


@pytest.mark.slow
def test_the_command_on_the_demo_campaign(tmp_path):
    db = tmp_path / "demo.duckdb"
    assert run_etl("demo", "--db", db).returncode == 0
    result = run_etl("impact", "--db", db, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["outcome", "method", "att_gt", "event_study", "by_stop", "overall", "pretrend", "warnings"]
    assert report["outcome"] == "activations"
    assert set(report["att_gt"][0]) == {"stop_id", "district", "cohort_week", "week", "att", "ci_low", "ci_high"}
    assert dt.date.fromisoformat(report["att_gt"][0]["week"]).weekday() == 0  # weeks as their Monday
    assert [e["event_week"] for e in report["event_study"]] == list(range(-8, 13))
    assert set(report["by_stop"][0]) == {
        "stop_id",
        "district",
        "att",
        "ci_low",
        "ci_high",
        "weeks",
        "extra",
        "extra_low",
        "extra_high",
    }
    # the demo's stops raise activations visibly: the overall interval lies above zero
    assert report["overall"]["ci_low"] > 0
    assert "no_never_treated" in {w["code"] for w in report["warnings"]}
    summary = run_etl("impact", "--db", db, "--outcome", "eid_transactions")
    assert summary.returncode == 0 and "eID" in summary.stdout
