"""Stops in the order a reader expects, worked out by hand on the hand-made campaign (tests/campaign.py) with three
stops added where an order by the wrong date, or a span of the wrong dates, shows (issue 33):

- S6 Hamburg-Mitte "Rathausmarkt" Tue 24.09. - Fri 27.09.2024 runs inside S1's days (Hamburg-Mitte, Mon 23.09. -
  Sat 05.10.2024): it starts after S1 but ends before it, so the stops ordered by their last day come in another
  order than by their first. One visit at S6 (V9, 25.09., a PIN reset, resolved): visits 1, pop-up activations 0.
  The data contract allows it (docs/DATA_CONTRACT.md: only end_date >= start_date; two stops of one district may
  run at once).
- S0 Eimsbüttel "Tibarg" Mon 19.08. - Sat 24.08.2024, before every other row of the data (the first, the online
  services' 25.08.2024): the data begin with its first day.
- S7 Bergedorf "Sachsentor" Mon 16.06. - Sat 21.06.2025, planned after every other row (the last, Altona's
  activations of 10.06.2025): the data run to its last day.

By first day (then stop id): S0 19.08.2024, S1 23.09.2024, S6 24.09.2024, S2 21.05.2025, S7 16.06.2025. By last day
it would be S0, S6 (27.09.), S1 (05.10.), S2, S7.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from campaign import write_clean
from helpers import ROOT, kpis, load
from streamlit.testing.v1 import AppTest

from etl import export, warehouse
from etl.impact import panel as impact_panel
from tools.apptest import like_a_running_server

D = dt.date
MORE_STOPS = """\
S0,Eimsbüttel,Tibarg,2024-08-19,2024-08-24,,,
S6,Hamburg-Mitte,Rathausmarkt,2024-09-24,2024-09-27,,,
S7,Bergedorf,Sachsentor,2025-06-16,2025-06-21,,,
"""
MORE_VISITS = "V9,S6,2024-09-25T14:00:00,pin_reset,resolved,,50-64,Hamburg-Mitte,4,\n"
BY_FIRST_DAY = ["S0", "S1", "S6", "S2", "S7"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = write_clean(tmp_path_factory.mktemp("order") / "in", {"stops": MORE_STOPS, "visits": MORE_VISITS})
    db = folder.parent / "warehouse.duckdb"
    assert load(db, folder)[0] == 0
    return db


@pytest.mark.slow
def test_the_command_line_lists_the_stops_by_their_first_day(db):
    assert [stop["stop_id"] for stop in kpis(db)["stops"]] == BY_FIRST_DAY
    # S6: 1 visit (V9), 0 activated -> conversion 0 / 1 = 0
    s6 = next(stop for stop in kpis(db)["stops"] if stop["stop_id"] == "S6")
    assert (s6["visits"], s6["popup_activations"], s6["conversion_rate"]) == (1, 0, 0.0)


def _stop_kpis(db, **selection) -> list[str]:
    con = warehouse.connect(db, read_only=True)
    try:
        return export.frame(con, "stop_kpis", export.Selection(**selection))["stop_id"].to_list()
    finally:
        con.close()


@pytest.mark.slow
def test_the_stop_kpis_export_lists_the_stops_by_their_first_day(db):
    assert _stop_kpis(db) == BY_FIRST_DAY
    # 24.09. - 27.09.2024: S1 (23.09. - 05.10.) and S6 overlap it; S1 began first
    assert _stop_kpis(db, date_from=D(2024, 9, 24), date_to=D(2024, 9, 27)) == ["S1", "S6"]


@pytest.mark.slow
def test_a_districts_treatment_is_its_stop_that_began_first(db):
    # Hamburg-Mitte's first stop is S1 (23.09.), not S6 (24.09., which ends first): S1 is the treatment and S6 a
    # repeat, counted only, with its pop-up count 0 (a visit logged, none activated: known to be 0, not unknown).
    # S0 lies before the panel's first whole week (the activations begin on Mon 09.09.2024): Eimsbüttel is treated
    # throughout, S0 counted only, without a count (no visit logged). S7 has not begun by the data's last day.
    con = duckdb.connect(str(db), read_only=True)
    try:
        panel = impact_panel.from_warehouse(con, "activations")
    finally:
        con.close()
    assert [(s.stop_id, s.unit) for s in panel.stops] == [("S1", "Hamburg-Mitte"), ("S2", "Altona")]
    assert [(s.stop_id, s.unit, s.not_estimated, s.direct_activations) for s in panel.counted_only] == [
        ("S0", "Eimsbüttel", "before_panel", None),
        ("S6", "Hamburg-Mitte", "repeat", 0),
    ]
    # S1's pop-up activations: V1 and V3 (V4 not resolved) = 2
    assert panel.stops[0].direct_activations == 2


@pytest.fixture
def sidebar(db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    with like_a_running_server():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        yield at


@pytest.mark.slow
def test_the_stop_filter_lists_the_stops_by_their_first_day(sidebar):
    # the filter's labels: venue · month of the first day
    assert sidebar.multiselect(key="stop").options == [
        "Tibarg · 08/2024",
        "Europa-Passage · 09/2024",
        "Rathausmarkt · 09/2024",
        "Mercado · 05/2025",
        "Sachsentor · 06/2025",
    ]


@pytest.mark.slow
def test_the_period_runs_from_the_first_stops_first_day_to_the_last_stops_last_day(sidebar):
    # the first row of any input is S0's first day (19.08.2024; its last, 24.08., lies before the services'
    # 25.08.); the last is S7's last day (21.06.2025; its first, 16.06., after the activations' 10.06.)
    period = sidebar.date_input(key="period")
    assert period.value == (D(2024, 8, 19), D(2025, 6, 21))
    assert (period.min, period.max) == (D(2024, 8, 19), D(2025, 6, 21))


@pytest.mark.slow
def test_the_reconciliation_lists_the_stops_by_their_first_day(sidebar):
    # the data-quality page's reconciliation, per stop: eID activations in the visit log against the pop-up counts
    # over the stop's days. S0, S6, S7: no activated visit, no pop-up count on their days (S6's 24.09. - 27.09.
    # leaves out S1's first day, the 23.09. with its 2) -> 0, 0, 0. S1: V1, V3 = 2 against 23.09.'s 2. S2: V6, V7
    # = 2 against 21.05.2025's 1 + 1 = 2.
    sidebar.switch_page("pages/quality.py").run()
    assert not sidebar.exception, [e.value for e in sidebar.exception]
    table = next(df.value for df in sidebar.dataframe if "in_visit_log" in df.value.columns)
    assert table[["venue", "in_visit_log", "in_counts", "difference"]].values.tolist() == [
        ["Tibarg", 0, 0, 0],
        ["Europa-Passage", 2, 2, 0],
        ["Rathausmarkt", 0, 0, 0],
        ["Mercado", 2, 2, 0],
        ["Sachsentor", 0, 0, 0],
    ]
