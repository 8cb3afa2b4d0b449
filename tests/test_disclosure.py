"""Disclosure control (etl.disclosure), with the suppressed cells worked out by hand beside each test, and on
the comparison page with a hand-made stop."""

from __future__ import annotations

import polars as pl
import pytest
from helpers import ROOT, load
from streamlit.testing.v1 import AppTest

from etl import disclosure
from tools.apptest import like_a_running_server


def hidden(frame: pl.DataFrame, *dims: str) -> list:
    rows = frame.filter(pl.col("hidden")).select(dims).rows()
    return [r[0] if len(dims) == 1 else r for r in rows]


def test_one_small_count_and_its_complement():
    # 30-49: 2 < 3 is suppressed; the stop's total (24) is published, so 2 = 24 - 5 - 10 - 7 would give it away:
    # the smallest other non-zero count, 16-29 with 5, is suppressed too. 50-64 and 65+ stay.
    ages = pl.DataFrame({"age_band": ["16-29", "30-49", "50-64", "65+"], "visits": [5, 2, 10, 7]})
    assert hidden(disclosure.suppress(ages, "visits", ["age_band"], 3), "age_band") == ["16-29", "30-49"]


def test_two_small_counts_protect_each_other():
    # 1 and 2 are both suppressed; from the total one learns only that they add up to 3: nothing more to hide.
    ages = pl.DataFrame({"age_band": ["a", "b", "c"], "visits": [1, 2, 9]})
    assert hidden(disclosure.suppress(ages, "visits", ["age_band"], 3), "age_band") == ["a", "b"]


def test_zeros_are_shown_unless_nothing_else_can_protect():
    # Only 2 visitors, all 65+: with the total (2) published, the single "< 3" is recoverable unless a zero
    # is hidden too; the first zero (16-29) is taken. A table without small counts hides nothing.
    ages = pl.DataFrame({"age_band": ["16-29", "30-49", "65+"], "visits": [0, 0, 2]})
    assert hidden(disclosure.suppress(ages, "visits", ["age_band"], 3), "age_band") == ["16-29", "65+"]
    big = pl.DataFrame({"age_band": ["a", "b"], "visits": [0, 3]})
    assert hidden(disclosure.suppress(big, "visits", ["age_band"], 3), "age_band") == []


def test_a_two_way_table_suppresses_a_rectangle():
    #           10:00 11:00 12:00
    #   Mon       1*    6     8        1 < 3: primary.
    #   Tue       7     9     4        column 10:00 has one hidden cell: its smallest other, Wed 5, goes too;
    #   Wed       5     3    10        row Mon: its smallest other, 6; row Wed (5 now hidden): its smallest, 3.
    # Hidden: Mon 10, Mon 11, Wed 10, Wed 11, two in every row and column they touch; with every row and column
    # total published, Mon 10 can be anything from 0 to 6 (a + b = 7, a + c = 6, b + d = 9, c + d = 8).
    cells = pl.DataFrame(
        {
            "weekday": [1, 1, 1, 2, 2, 2, 3, 3, 3],
            "hour": [10, 11, 12] * 3,
            "visits": [1, 6, 8, 7, 9, 4, 5, 3, 10],
        }
    )
    result = disclosure.suppress(cells, "visits", ["weekday", "hour"], 3)
    assert sorted(hidden(result, "weekday", "hour")) == [(1, 10), (1, 11), (3, 10), (3, 11)]


def test_the_threshold_is_configurable(monkeypatch):
    # threshold 5: 4 (a) and 3 (b) are below it; 9 stays.
    ages = pl.DataFrame({"age_band": ["a", "b", "c"], "visits": [4, 3, 9]})
    monkeypatch.setenv("DASHBOARD_MIN_COUNT", "5")
    assert disclosure.threshold() == 5
    assert hidden(disclosure.suppress(ages, "visits", ["age_band"]), "age_band") == ["a", "b"]
    monkeypatch.delenv("DASHBOARD_MIN_COUNT")
    assert hidden(disclosure.suppress(ages, "visits", ["age_band"]), "age_band") == []


def test_complete_keeps_values_outside_the_categories():
    frame = pl.DataFrame({"r": ["Altona", "Mars"], "visits": [4, 1]})
    completed = disclosure.complete(frame, "visits", {"r": ["Altona", "Harburg", None]})
    assert completed.rows() == [("Altona", 4), ("Harburg", 0), (None, 0), ("Mars", 1)]


# --- on the comparison page -------------------------------------------------------------------------------------
# One stop, 14 visits: age bands 16-29 x5, 30-49 x2, 50-64 x4, 65+ x3, none unknown; residence Altona x12,
# Harburg x2. Ages: 30-49 (2) primary, 65+ (3, the smallest other non-zero) secondary. Residence: Harburg (2)
# primary; the only other non-zero is Altona (12), hidden as its complement. Shown: "< 3".
AGES = ["16-29"] * 5 + ["30-49"] * 2 + ["50-64"] * 4 + ["65+"] * 3
HOMES = ["Altona"] * 12 + ["Harburg"] * 2


@pytest.fixture(scope="module")
def stop_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("disclosure")
    (folder / "stops.csv").write_text(
        "stop_id,district,venue,start_date,end_date\nS1,Altona,Mercado,2025-05-05,2025-05-16\n"
    )
    lines = ["visit_id,stop_id,visited_at,topic,outcome,age_band,resident_district"]
    for n, (age, home) in enumerate(zip(AGES, HOMES, strict=True)):
        lines.append(f"V{n},S1,2025-05-{5 + n % 5:02d}T{10 + n % 3}:15:00,general_info,resolved,{age},{home}")
    (folder / "visits.csv").write_text("\n".join(lines) + "\n")
    db = folder / "warehouse.duckdb"
    assert load(db, folder / "stops.csv", folder / "visits.csv")[0] == 0
    return db


@pytest.mark.parametrize(("lang", "mark"), [("de", "< 3"), ("en", "<3")])
def test_the_page_shows_suppressed_counts_as_less_than_3(stop_db, monkeypatch, lang, mark):
    monkeypatch.setenv("DASHBOARD_DB", str(stop_db))
    with like_a_running_server():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if lang == "en":
            at.query_params["lang"] = "English"
        at.run()
        at.switch_page("pages/compare.py").run()
    assert not at.exception
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    # a hidden cell's count never reaches the page: it is null in the data sent (the browser shows the mark)
    ages = tables[("age_band", "visits")]
    shown = dict(zip(ages["age_band"], ages["visits"], strict=True))
    unknown = "unbekannt" if lang == "de" else "unknown"
    assert {k: v for k, v in shown.items() if v == v} == {"16-29": 5, "50-64": 4, unknown: 0}
    assert {k for k, v in shown.items() if v != v} == {"30-49", "65+"}  # NaN: hidden
    homes = tables[("resident_district", "visits")]
    shown = dict(zip(homes["resident_district"], homes["visits"], strict=True))
    assert {k for k, v in shown.items() if v != v} == {"Altona", "Harburg"}
    assert {v for k, v in shown.items() if k not in ("Altona", "Harburg")} == {0}
    hours = tables[("weekday", "hour", "visits")]
    assert not ({1, 2} & {v for v in hours["visits"] if v == v})
    assert mark  # the mark itself is checked in the browser (test_confidentiality.py)
