"""Every KPI and every export of the boundary campaign (tests/boundary_campaign.py), worked out by hand (issue 33):
stops that start or end on a Sunday, a holiday, the first or the last day of the data; a period of one day;
a previous period across a month end and a leap day; stops that overlap a period by one day at either end.

Residents 16+ (tests/campaign.py): Wandsbek 20,000 (s0 0.25), Altona 20,000 (0.25), Harburg 20,000 (0.30), the
others 40,000 more; sum of s0 x P = 25,500 of 100,000. Activations, all channels, per district:
Wandsbek 25.02. 2, 29.02. 3, 02.03. 4, 03.03. 5 (14); Altona 28.03. 6, 29.03. 7, 30.03. 1, 01.04. 8, 02.04. 9 (31);
Harburg 14.04. 10, 15.04. 11, 21.04. 12 (33). All: 78. Data: 25.02. - 21.04.2024.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from boundary_campaign import write_boundaries
from helpers import ROOT, kpis, load, page_query
from streamlit.testing.v1 import AppTest

from etl import export, publication, warehouse
from tools.apptest import dashboard, like_a_running_server
from ui import access
from ui.access import Access

X = pytest.approx
D = dt.date


@pytest.fixture(scope="module")
def boundaries(tmp_path_factory):
    folder = tmp_path_factory.mktemp("boundaries")
    db = folder / "warehouse.duckdb"
    assert load(db, write_boundaries(folder / "in"))[0] == 0
    return db


# --- stop KPIs ----------------------------------------------------------------------------------------------------
# B1 Wandsbek Sun 25.02. - Sat 02.03.2024: L = 25..29 Feb (5) + 1, 2 Mar (2) = 7; open 26.02. - 02.03. = 6 (the
#   Sunday is closed). Visits W1, W2, W3 = 3, activated W1, W2 = 2. During [25.02., 02.03.]: 2 + 3 + 4 = 9 (the
#   Sunday's 2 and the last day's 4 both inside); before [18.02., 24.02.]: none = 0. Uptake before: 0.25 + 0 =
#   0.25; after: 02.03. + 28 = 30.03. (before the data end 21.04.): 2 + 3 + 4 + 5 = 14 -> 0.25 + 14/20,000 = 0.2507,
#   lift 100 x 0.0007 = 0.07 pp. 600 EUR / 2 = 300 EUR. Satisfaction (5 + 4 + 3) / 3 = 4. e-services: none before
#   or during; after [03.03., 30.03.]: 5 started by eID on 03.03. -> 5/5 = 1.0.
# B2 Altona Fri 29.03. (Good Friday) - Mon 01.04.2024 (Easter Monday): L = 29, 30, 31 Mar, 1 Apr = 4; open only
#   Sat 30.03. = 1. Visit A1 activated: 1 of 1. During: 7 + 1 + 8 = 16 (both holidays inside); before [25.03.,
#   28.03.]: 6. Uptake before 0.25 + 6/20,000 = 0.2503; after: 01.04. + 28 = 29.04., cut to the data end 21.04.:
#   6 + 16 + 9 = 31 -> 0.25155, lift 100 x 0.00125 = 0.125 pp. 100 EUR / 1. e-services: the 28 days before
#   [01.03., 28.03.]: Altona's 1 without eID on 01.03. -> 0/1 = 0.0; none during or after.
# B3 Harburg Mon 15.04. - Sun 21.04.2024 (the last day of the data): L = 7, open Mon - Sat = 6. Visits H1
#   (activated), H2 = 2 -> 1/2. During: 11 + 12 = 23; before [08.04., 14.04.]: 10. Uptake before 0.30 +
#   10/20,000 = 0.3005; after: 21.04. (the data end): 0.30 + 33/20,000 = 0.30165, lift 0.115 pp. e-services: the
#   28 days before [18.03., 14.04.]: eID 1 of 1 + 3 = 4 started -> 0.25 (the 100 of 17.03. lie outside; inside they
#   would give 101/104); during [15.04., 21.04.]: eID 2 of 2 + 2 = 4 -> 0.5, completed (2 + 1) / 4 = 0.75; after
#   [22.04., 19.05.]: no use -> none. 700 EUR / 1. Satisfaction (4 + 2) / 2 = 3.
STOPS = {
    "B1": {
        "length_days": 7,
        "open_days": 6,
        "visits": 3,
        "visits_per_open_day": 3 / 6,
        "popup_activations": 2,
        "conversion_rate": 2 / 3,
        "popup_activations_per_1000": 1000 * 2 / 20_000,  # 0.1
        "activations_during": 9,
        "activations_before": 0,
        "activations_per_1000_during": 1000 * 9 / 20_000,  # 0.45
        "activations_per_1000_before": 0.0,
        "uptake_before": 0.25,
        "uptake_after": 0.2507,
        "uptake_lift_pp": 0.07,
        "eid_share_before": None,
        "eid_share_during": None,
        "eid_share_after": 1.0,
        "completion_rate_during": None,
        "avg_satisfaction": 4.0,
        "cost_per_activation": 300.0,
    },
    "B2": {
        "length_days": 4,
        "open_days": 1,
        "visits": 1,
        "visits_per_open_day": 1.0,
        "popup_activations": 1,
        "conversion_rate": 1.0,
        "popup_activations_per_1000": 1000 * 1 / 20_000,  # 0.05
        "activations_during": 16,
        "activations_before": 6,
        "activations_per_1000_during": 1000 * 16 / 20_000,  # 0.8
        "activations_per_1000_before": 1000 * 6 / 20_000,  # 0.3
        "uptake_before": 0.2503,
        "uptake_after": 0.25155,
        "uptake_lift_pp": 0.125,
        "eid_share_before": 0.0,
        "eid_share_during": None,
        "eid_share_after": None,
        "completion_rate_during": None,
        "avg_satisfaction": 5.0,
        "cost_per_activation": 100.0,
    },
    "B3": {
        "length_days": 7,
        "open_days": 6,
        "visits": 2,
        "visits_per_open_day": 2 / 6,
        "popup_activations": 1,
        "conversion_rate": 0.5,
        "popup_activations_per_1000": 0.05,
        "activations_during": 23,
        "activations_before": 10,
        "activations_per_1000_during": 1000 * 23 / 20_000,  # 1.15
        "activations_per_1000_before": 1000 * 10 / 20_000,  # 0.5
        "uptake_before": 0.3005,
        "uptake_after": 0.30165,
        "uptake_lift_pp": 0.115,
        "eid_share_before": 0.25,
        "eid_share_during": 0.5,
        "eid_share_after": None,
        "completion_rate_during": 0.75,
        "avg_satisfaction": 3.0,
        "cost_per_activation": 700.0,
    },
}
AFTER_DATES = {"B1": D(2024, 3, 30), "B2": D(2024, 4, 21), "B3": D(2024, 4, 21)}  # end + 28, cut to 21.04.


def _same(actual: dict, expected: dict) -> None:
    for key, value in expected.items():
        assert actual[key] == (value if value is None else X(value, abs=1e-12)), key


@pytest.mark.slow
@pytest.mark.parametrize("stop_id", list(STOPS))
def test_every_stop_kpi_at_the_edges(boundaries, stop_id):
    con = warehouse.connect(boundaries, read_only=True)
    try:
        stops = warehouse.query_file(
            con, ROOT / "etl" / "sql" / "exports" / "stop_kpis.sql", export.Selection().params()
        ).filter(stop_id=stop_id)
    finally:
        con.close()
    _same(stops.row(0, named=True), STOPS[stop_id])
    assert stops["uptake_after_date"][0] == AFTER_DATES[stop_id]


@pytest.mark.slow
def test_the_command_line_kpis_at_the_edges(boundaries):
    result = kpis(boundaries)
    for stop in result["stops"]:
        _same(stop, {k: v for k, v in STOPS[stop["stop_id"]].items() if k != "length_days"})
    # 3 stops in 3 districts, 6 visits, 4 activated (W1, W2, A1, H1) -> 2/3. Hamburg on the day before B1 (24.02.,
    # before the data): 25,500 / 100,000 = 0.255; latest (21.04.): 25,500 + 78 = 25,578 -> 0.25578. At or above
    # 0.25 on 21.04.: all but Hamburg-Mitte (0.20) = 6.
    campaign = result["campaign"]
    assert (campaign["stops"], campaign["districts_visited"], campaign["visits"]) == (3, 3, 6)
    assert campaign["popup_activations"] == 4
    assert campaign["conversion_rate"] == X(2 / 3)
    assert campaign["as_of"] == "2024-04-21"
    assert campaign["hamburg_uptake_start"] == X(0.255, abs=1e-12)
    assert campaign["hamburg_uptake_latest"] == X(0.25578, abs=1e-12)
    assert campaign["districts_above_baseline"] == 6


# --- the period's totals (the overview's tiles) ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("date_from", "date_to", "visits", "activations", "cost", "per_activation"),
    [
        # one day, the leap day 29.02.: W2, activated; B1's cost for 1 of its 6 open days = 600 / 6 = 100 EUR
        (D(2024, 2, 29), D(2024, 2, 29), 1, 1, 100.0, 100.0),
        # one day, Sunday 25.02., the first day of the data and B1's first day: closed, no visit, 0 of 6 open days
        (D(2024, 2, 25), D(2024, 2, 25), 0, 0, 0.0, None),
        # one day, Sunday 21.04., the last day of the data and B3's last day: closed -> 0 of 6 days
        (D(2024, 4, 21), D(2024, 4, 21), 0, 0, 0.0, None),
        # 02.03. - 29.03.: B1's last day (Sat, open: 600 / 6 = 100 EUR, W3 not activated) and B2's first day
        # (Good Friday, closed: 100 x 0 / 1 = 0) -> 1 visit, 0 activations, 100 EUR, no cost per activation
        (D(2024, 3, 2), D(2024, 3, 29), 1, 0, 100.0, None),
        # 01.04. - 15.04.: B2's last day (Easter Monday, closed: 0) and B3's first day (open: 700 / 6 = 116.67 EUR,
        # H1 activated) -> 1 visit, 1 activation, 116.67 EUR each
        (D(2024, 4, 1), D(2024, 4, 15), 1, 1, 700 / 6, 700 / 6),
        # 30.03. - 15.04.: B2's one open day (100 EUR, A1) and B3's first (700 / 6, H1): (100 + 116.67) / 2 = 108.33
        (D(2024, 3, 30), D(2024, 4, 15), 2, 2, 100 + 700 / 6, (100 + 700 / 6) / 2),
        # 27.02. - 29.02. (the previous period of 01.03. - 03.03.): W2 on the leap day, 3 of B1's 6 open days
        (D(2024, 2, 27), D(2024, 2, 29), 1, 1, 300.0, 300.0),
        # 01.03. - 03.03.: W3 (02.03.), 2 of B1's open days (Fri, Sat) = 200 EUR, no activation
        (D(2024, 3, 1), D(2024, 3, 3), 1, 0, 200.0, None),
    ],
)
def test_the_period_totals_at_the_edges(boundaries, date_from, date_to, visits, activations, cost, per_activation):
    totals = page_query(boundaries, "period_totals", date_from=date_from, date_to=date_to, districts=(), stops=()).row(
        0, named=True
    )
    assert (totals["visits"], totals["popup_activations"]) == (visits, activations)
    assert totals["cost_eur"] == X(cost, abs=1e-9)
    assert totals["cost_per_activation"] == (None if per_activation is None else X(per_activation, abs=1e-9))


@pytest.mark.parametrize(
    ("day", "pooled", "wandsbek"),
    [
        # the first day of the data: 25,500 + 2 = 25,502; Wandsbek 0.25 + 2/20,000 = 0.2501
        (D(2024, 2, 25), 0.25502, 0.2501),
        # the leap day: + 3 -> 25,505; Wandsbek 0.25 + 5/20,000 = 0.25025
        (D(2024, 2, 29), 0.25505, 0.25025),
        # 01.03.: nothing new since the leap day
        (D(2024, 3, 1), 0.25505, 0.25025),
        # the last day of the data: 25,578; Wandsbek 0.25 + 14/20,000 = 0.2507
        (D(2024, 4, 21), 0.25578, 0.2507),
    ],
)
def test_the_uptake_as_of_an_edge_day(boundaries, day, pooled, wandsbek):
    at = page_query(boundaries, "uptake_pooled_at", day=day, districts=())
    assert at["uptake"][0] == X(pooled, abs=1e-12)
    by_district = dict(page_query(boundaries, "uptake_at", day=day, districts=()).select("district", "uptake").rows())
    assert by_district["Wandsbek"] == X(wandsbek, abs=1e-12)


# --- every export, filtered to periods whose edges are the campaign's edges ---------------------------------------
def _export(db, table: str, **selection):
    con = warehouse.connect(db, read_only=True)
    try:
        return export.frame(con, table, export.Selection(**selection))
    finally:
        con.close()


def test_the_visits_export_at_the_edges(boundaries):
    # 29.02. only: W2; 02.03. - 29.03.: W3 (B1's last day) and nothing of B2 (its first day has no visit);
    # 30.03. - 15.04.: A1 and H1 (B3's first day, 10:00)
    assert _export(boundaries, "visits", date_from=D(2024, 2, 29), date_to=D(2024, 2, 29))["visit_id"].to_list() == [
        "W2"
    ]
    assert _export(boundaries, "visits", date_from=D(2024, 3, 2), date_to=D(2024, 3, 29))["visit_id"].to_list() == [
        "W3"
    ]
    chosen = _export(boundaries, "visits", date_from=D(2024, 3, 30), date_to=D(2024, 4, 15))
    assert chosen["visit_id"].to_list() == ["A1", "H1"]
    # 27.02. - 01.03.: W2 only, with a visit on the day before (W1, 26.02.) and on the day after (W3, 02.03.)
    assert _export(boundaries, "visits", date_from=D(2024, 2, 27), date_to=D(2024, 3, 1))["visit_id"].to_list() == [
        "W2"
    ]
    # the stop filter: B1's visits whatever the period
    assert _export(boundaries, "visits", stops=("B1",))["visit_id"].to_list() == ["W1", "W2", "W3"]


def test_the_activation_exports_at_the_edges(boundaries):
    # 29.02. - 02.03.: Wandsbek pop-up 3 (29.02.) and 4 (02.03.); 01.03. has none
    rows = _export(boundaries, "activations", date_from=D(2024, 2, 29), date_to=D(2024, 3, 2)).rows()
    assert rows == [(D(2024, 2, 29), "Wandsbek", "popup", 3), (D(2024, 3, 2), "Wandsbek", "popup", 4)]
    # 03.03. - 28.03.: Wandsbek 5 (03.03.) and Altona 6 (28.03.), not 02.03.'s 4 or 29.03.'s 7 on the days around
    rows = _export(boundaries, "activations", date_from=D(2024, 3, 3), date_to=D(2024, 3, 28)).rows()
    assert rows == [(D(2024, 3, 3), "Wandsbek", "citizen_office", 5), (D(2024, 3, 28), "Altona", "citizen_office", 6)]
    rows = _export(boundaries, "activations_total", date_from=D(2024, 3, 3), date_to=D(2024, 3, 28)).rows()
    assert rows == [(D(2024, 3, 3), "Wandsbek", 5), (D(2024, 3, 28), "Altona", 6)]
    # the stop filter B2 keeps Altona's days 29.03. - 01.04.: 7 (self-service), 1 (pop-up), 8 (self-service), not
    # the 6 of the day before or the 9 of the day after
    rows = _export(boundaries, "activations", stops=("B2",)).rows()
    assert [(r[0], r[3]) for r in rows] == [(D(2024, 3, 29), 7), (D(2024, 3, 30), 1), (D(2024, 4, 1), 8)]
    # the channel filter: only pop-up, B3 -> 11 on its first day
    rows = _export(boundaries, "activations", stops=("B3",), channels=("popup",)).rows()
    assert rows == [(D(2024, 4, 15), "Harburg", "popup", 11)]
    # all channels together, 14.04. - 21.04.: Harburg 10, 11, 12 on the day before, the first and the last day
    rows = _export(boundaries, "activations_total", date_from=D(2024, 4, 14), date_to=D(2024, 4, 21)).rows()
    assert rows == [(D(2024, 4, 14), "Harburg", 10), (D(2024, 4, 15), "Harburg", 11), (D(2024, 4, 21), "Harburg", 12)]


def test_the_service_usage_export_at_the_edges(boundaries):
    # B3's 28 days before, 18.03. - 14.04.: the rows of both edges, not the 100 of 17.03.
    rows = _export(boundaries, "service_usage", date_from=D(2024, 3, 18), date_to=D(2024, 4, 14))
    assert rows.select("date", "started").rows() == [(D(2024, 3, 18), 1), (D(2024, 4, 14), 3)]
    # the stop filter B3: its first and last day; the channel (sign-in) filter eID: only the first
    rows = _export(boundaries, "service_usage", stops=("B3",))
    assert rows.select("date", "auth_method", "started", "completed").rows() == [
        (D(2024, 4, 15), "eid", 2, 2),
        (D(2024, 4, 21), "username_password", 2, 1),
    ]
    assert _export(boundaries, "service_usage", stops=("B3",), channels=("eid",))["date"].to_list() == [D(2024, 4, 15)]
    # B1's days (25.02. - 02.03.) had no e-service use in Wandsbek; the day after (03.03.) is not one of them, nor
    # Altona's use on 01.03. (another district)
    assert _export(boundaries, "service_usage", stops=("B1",)).is_empty()


@pytest.mark.parametrize(
    ("date_from", "date_to", "stops"),
    [
        (D(2024, 3, 2), D(2024, 3, 29), ["B1", "B2"]),  # B1's last day, B2's first day: both overlap by one day
        (D(2024, 3, 3), D(2024, 3, 28), []),  # the days between them: none
        (D(2024, 4, 21), D(2024, 4, 21), ["B3"]),  # the last day of the data, B3's last day
        (D(2024, 2, 25), D(2024, 2, 25), ["B1"]),  # the first day of the data, B1's first day
    ],
)
def test_the_stop_kpis_export_keeps_the_stops_that_overlap_the_period(boundaries, date_from, date_to, stops):
    assert _export(boundaries, "stop_kpis", date_from=date_from, date_to=date_to)["stop_id"].to_list() == stops


def test_the_pop_up_counts_over_a_stops_days_reach_its_last_day(boundaries):
    # B1 25.02. - 02.03.2024: the pop-up's counted activations on the leap day (3) and on its last day, Sat 02.03. (4):
    # 7, all Wandsbek residents; the visit log has 2 activated (W1, W2): 5 more counted than logged. B2: 1 counted
    # (30.03.), 1 logged (A1). B3 15.04. - 21.04.: 11 on its first day, 1 logged (H1): 10 more.
    assert page_query(boundaries, "popup_by_residence", stop_id="B1").rows() == [("Wandsbek", 7)]
    assert page_query(boundaries, "popup_by_residence", stop_id="B3").rows() == [("Harburg", 11)]
    reconciliation = page_query(boundaries, "reconciliation", districts=(), stops=())
    assert reconciliation.select("stop_id", "in_visit_log", "in_counts", "difference").rows() == [
        ("B1", 2, 7, 5),
        ("B2", 1, 1, 0),
        ("B3", 1, 11, 10),
    ]


# --- the overview as the reader sees it -----------------------------------------------------------------------------
@pytest.fixture
def overview(boundaries, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(boundaries))

    def open_page(period: tuple[str, str], lang: str = "de") -> AppTest:
        at = dashboard(lang)
        at.date_input(key="period").set_value(tuple(D.fromisoformat(day) for day in period)).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    with like_a_running_server():
        yield open_page


def _texts(at: AppTest) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.slow
def test_the_overview_compares_with_the_days_before_across_the_leap_day(overview):
    # 01.03. - 03.03.2024 (3 days): the 3 days before are 27.02. - 29.02. (over the month end, with the leap day).
    # Visits: W3 now, W2 then -> 1, change 0; activations: 0 now, 1 (W2) then -> -1. Hamburg on 03.03.: 25,500 +
    # 14 = 25,514 -> 25,5 %. Cost: 2 of B1's 6 open days = 200 EUR for no activation -> "–".
    at = overview(("2024-03-01", "2024-03-03"))
    metrics = {m.label: m for m in at.metric}
    assert (metrics["Beratungen"].value, metrics["Beratungen"].delta) == ("1", "0")
    assert (metrics["eID-Aktivierungen am Pop-Up"].value, metrics["eID-Aktivierungen am Pop-Up"].delta) == ("0", "-1")
    assert metrics["Geschätzte eID-Nutzung Hamburg"].value == "25,5 %"
    assert metrics["Kosten je Aktivierung"].value == "–"
    assert "Veränderung gegenüber den 3 Tagen davor (27.02.2024 bis 29.02.2024)." in _texts(at)


@pytest.mark.slow
def test_the_overview_of_one_day_compares_with_the_day_before(overview):
    # 29.02.2024 alone: W2, activated -> 1, 1, 100,0 %; the day before, 28.02., had none: +1, +1. Cost: 1 of B1's
    # 6 open days, 600 / 6 = 100 EUR for 1 activation. Hamburg on 29.02.: 25,505 -> 25,5 %.
    at = overview(("2024-02-29", "2024-02-29"))
    metrics = {m.label: m for m in at.metric}
    assert (metrics["Beratungen"].value, metrics["Beratungen"].delta) == ("1", "+1")
    assert (metrics["eID-Aktivierungen am Pop-Up"].value, metrics["eID-Aktivierungen am Pop-Up"].delta) == ("1", "+1")
    assert metrics["Aktivierungsquote"].value == "100,0 %"
    assert metrics["Kosten je Aktivierung"].value == "100,00 €"
    assert "Veränderung gegenüber dem Tag davor (28.02.2024)." in _texts(at)
    english = overview(("2024-02-29", "2024-02-29"), lang="en")
    assert "Change against the day before (28 Feb 2024)." in _texts(english)


@pytest.mark.slow
def test_the_overview_of_the_first_day_has_nothing_to_compare_with(overview):
    # 25.02.2024, the first day of the data: the day before lies before the data -> no change shown
    at = overview(("2024-02-25", "2024-02-25"))
    assert "Keine Veränderung angezeigt" in _texts(at)
    assert {m.label: m.value for m in at.metric}["Beratungen"] == "0"


@pytest.mark.slow
def test_the_overview_says_below_for_a_selection_below_the_baseline(overview):
    # Hamburg on 21.04.2024: 25,578 / 100,000 = 25.578 % -> 0.578 pp above 25 %; Hamburg-Mitte alone: 0.20 and no
    # activation -> 5 pp below (a gap taken as a distance would say "über" for both)
    at = overview(("2024-02-25", "2024-04-21"))
    assert "Hamburg liegt " in _texts(at) and "über dem bundesweiten Vergleichswert" in _texts(at)
    at.multiselect(key="district").set_value(["Hamburg-Mitte"]).run()
    assert "unter dem bundesweiten Vergleichswert" in _texts(at)
    assert "über dem bundesweiten Vergleichswert" not in _texts(at)
    assert {m.label: m.value for m in at.metric}["Geschätzte eID-Nutzung Auswahl"] == "20,0 %"


@pytest.mark.slow
def test_the_uptake_tile_rises_from_the_day_before_the_period(overview):
    # Altona, 29.03. - 01.04.2024 (B2): from the day before, 28.03. (0.25 + 6/20,000 = 0.2503), to 01.04. (6 + 7 + 1
    # + 8 = 22 -> 0.25 + 22/20,000 = 0.2511 -> 25,1 %): +0.0008 = +0,08 Pp. From 27.03. it would be +0,11 (the 6 of
    # 28.03. counted in the rise), from 29.03. itself +0,04 or +0,05 (Good Friday's 7 left out).
    at = overview(("2024-03-29", "2024-04-01"))
    at.multiselect(key="district").set_value(["Altona"]).run()
    tile = {m.label: m for m in at.metric}["Geschätzte eID-Nutzung Auswahl"]
    assert (tile.value, tile.delta) == ("25,1 %", "+0,08 Pp.")


@pytest.mark.slow
def test_the_date_picker_shows_the_day_before_the_month_in_german(overview):
    # what the browser draws in the period's field: 25.02.2024 in German (day, month, year), 2024-02-25 in English
    # (AppTest does not draw the field; the format it is given is what the reader's browser shows)
    assert overview(("2024-03-01", "2024-03-03")).date_input(key="period").proto.format == "DD.MM.YYYY"
    english = overview(("2024-03-01", "2024-03-03"), lang="en")
    assert english.date_input(key="period").proto.format == "YYYY-MM-DD"


@pytest.mark.slow
def test_the_uptake_charts_hover_shows_the_day_before_the_month_in_german(overview):
    # the hover label of a day on the overview's uptake chart, in the format the page gives Plotly (its directives
    # are strftime's): 29.02.2024 in German, day before month (a month-first format would show 02.29.2024)
    def hover(at: AppTest) -> str:
        spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith("uptake_hamburg"))
        return D(2024, 2, 29).strftime(spec["layout"]["xaxis"]["hoverformat"])

    assert hover(overview(("2024-02-26", "2024-03-03"))) == "29.02.2024"
    assert hover(overview(("2024-02-26", "2024-03-03"), lang="en")) == "29 Feb 2024"


@pytest.fixture
def published_overview(overview, monkeypatch):
    """The overview as a senate member reads it (published figures, ui.data.published), with a perturbation known
    by hand: every count of 1 or more published one higher (the ptable's +1 for every cell key), and counts from
    1 on shown (DASHBOARD_MIN_COUNT=1, an office's setting), so that the few visits of the campaign are shown."""
    from ui.data import published

    senate = Access("senate")
    monkeypatch.setattr(access, "current", lambda: senate)
    monkeypatch.setattr(access, "gate", lambda lang: senate)
    monkeypatch.setattr(publication, "change", lambda count, cell_key: 1)
    monkeypatch.setenv("DASHBOARD_MIN_COUNT", "1")
    caches = (
        published._period_counts,
        published._stop_table,
        published._topics,
        published._asked_services,
        published._own_district,
    )
    for cached in caches:
        cached.clear()
    publication.ptable.cache_clear()
    yield overview
    for cached in caches:  # nothing perturbed by hand is left for a later test
        cached.clear()
    publication.ptable.cache_clear()


@pytest.mark.parametrize(
    ("period", "tiles"),
    [
        # Tue 27.02. - Sun 21.04.2024: published over its complete ISO weeks, Mon 04.03. - Sun 21.04. (the data's
        # last complete week ends 21.04.): visits A1, H1, H2 = 3, activated A1, H1 = 2, both at costed stops = 2;
        # published 4, 3 and 3. Conversion 3 / 4 = 75,0 %. The cost over the same weeks: B2's 100 EUR (its one open
        # day) + B3's 700 EUR (6 of 6 open days) = 800 EUR (period_totals: 800 / 2 = 400 EUR per exact activation,
        # x 2), over the 3 published costed activations: 266,67 EUR. Over the whole period from 27.02. the cost
        # would take in B1's 5 of 6 open days (500 EUR) and W2: 1,300 / 3 x 2 / 3 = 288,89 EUR.
        (("2024-02-27", "2024-04-21"), ("4", "3", "75,0 %", "266,67 €")),
        # Mon 26.02. - Sat 20.04.2024: complete weeks Mon 26.02. - Sun 14.04.: W1, W2, W3, A1 = 4 visits, W1, W2,
        # A1 = 3 activated, all costed; published 5, 4, 4. Conversion 4 / 5 = 80,0 %. Cost: B1's 600 EUR (6 of 6
        # days) + B2's 100 = 700 EUR, over 4: 175,00 EUR. Up to 20.04. it would take in B3's 6 open days (700 EUR)
        # and H1: 1,400 / 4 x 3 / 4 = 262,50 EUR.
        (("2024-02-26", "2024-04-20"), ("5", "4", "80,0 %", "175,00 €")),
    ],
)
@pytest.mark.slow
def test_the_published_tiles_count_whole_weeks_by_hand(published_overview, period, tiles):
    at = published_overview(period)
    metrics = {m.label: m.value for m in at.metric}
    names = ("Beratungen", "eID-Aktivierungen am Pop-Up", "Aktivierungsquote", "Kosten je Aktivierung")
    assert tuple(metrics[name] for name in names) == tiles


def numbers_of(at: AppTest, page: str, section: tuple[str, str], chart: str, column: str):
    """On `page`, the section chosen (`section`: the widget's key and the option) and the numbers of its `chart`
    unfolded, as a reader does it: the table of numbers with `column`."""
    at.switch_page(page).run()
    at.session_state[section[0]] = section[1]
    at.run()
    at.session_state[f"numbers_{chart}"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return next(df.value for df in at.dataframe if column in df.value.columns)


@pytest.mark.slow
def test_the_services_page_shows_started_and_completed_by_sign_in(overview):
    # B3's days 15.04. - 21.04.2024, the chart's table of numbers: eID 2 started, 2 completed (15.04.) -> 100 %;
    # username/password 2 started, 1 completed (21.04.) -> 50 %
    at = overview(("2024-04-15", "2024-04-21"))
    table = numbers_of(
        at, "pages/services.py", ("services_details", "Abschlussquote nach Anmeldeart"), "completion", "completion_rate"
    )
    rows = table[["started", "completed", "completion_rate"]].values.tolist()
    assert rows == [[2, 2, 1.0], [2, 1, 0.5]]


@pytest.mark.slow
def test_the_compare_page_shows_a_stops_topics_on_the_edges_of_the_period(overview):
    # B1 (the one stop in 29.02. - 02.03.2024), its visits by topic and outcome in the period: W2 on the leap day
    # (eID activation, activated) and W3 on B1's last day (PIN reset, resolved): 1 each; W1 of 26.02. lies before.
    # The German words of the catalog: eid_activation "eID aktivieren", eid_activated "eID aktiviert", pin_reset
    # "PIN zurücksetzen", resolved "gelöst".
    at = overview(("2024-02-29", "2024-03-02"))
    table = numbers_of(at, "pages/compare.py", ("stop_details", "Worüber"), "topics", "outcome")
    assert table[["topic", "outcome", "visits"]].values.tolist() == [
        ["eID aktivieren", "eID aktiviert", 1],
        ["PIN zurücksetzen", "gelöst", 1],
    ]


# --- the services page's queries on the edges of B3's window before ---------------------------------------------
def test_the_top_services_on_the_edges_of_a_window(boundaries):
    # 18.03. - 14.04.: good_conduct 3 started, 3 completed (14.04., no eID) and resident_parking 1 of 1 by eID
    # (18.03.); not the 100 of 17.03. nor the 2 of 15.04. Completion 3/3 and 1/1, eID share 0/3 and 1/1.
    top = page_query(
        boundaries, "top_services", date_from=D(2024, 3, 18), date_to=D(2024, 4, 14), districts=(), limit=10
    )
    assert top.select("service_id", "started", "completed", "completion_rate", "eid_share").rows() == [
        ("good_conduct", 3, 3, 1.0, 0.0),
        ("resident_parking", 1, 1, 1.0, 1.0),
    ]
    # Altona used no e-service: nothing
    altona = page_query(
        boundaries, "top_services", date_from=D(2024, 3, 18), date_to=D(2024, 4, 14), districts=("Altona",), limit=10
    )
    assert altona.height == 0


def test_the_completion_by_sign_in_during_a_stop(boundaries):
    # B3, 15.04. - 21.04.: eID 2 started, 2 completed -> 1.0; username/password 2 started, 1 completed -> 0.5
    rows = page_query(boundaries, "completion_by_auth", date_from=D(2024, 4, 15), date_to=D(2024, 4, 21), districts=())
    assert rows.rows() == [("eid", 2, 2, 1.0), ("username_password", 2, 1, 0.5)]
    # the day before alone, 14.04.: good_conduct 3 of 3 without eID
    rows = page_query(boundaries, "completion_by_auth", date_from=D(2024, 4, 14), date_to=D(2024, 4, 14), districts=())
    assert rows.rows() == [("username_password", 3, 3, 1.0)]
    assert page_query(
        boundaries, "completion_by_auth", date_from=D(2024, 4, 15), date_to=D(2024, 4, 21), districts=("Altona",)
    ).is_empty()


def test_the_uptake_series_over_the_leap_day(boundaries):
    # 26.02. - 01.03.2024, every day: Hamburg 25,500 + 2 (25.02.) = 25,502 until the leap day's 3 -> 25,505
    series = page_query(
        boundaries, "uptake_pooled_series", date_from=D(2024, 2, 26), date_to=D(2024, 3, 1), districts=(), weekly=False
    )
    assert series["date"].to_list() == [D(2024, 2, 26), D(2024, 2, 27), D(2024, 2, 28), D(2024, 2, 29), D(2024, 3, 1)]
    assert series["uptake"].to_list() == X([0.25502, 0.25502, 0.25502, 0.25505, 0.25505], abs=1e-12)
    # weekly, 26.02. - 13.03.: the Sundays 03.03. (+ 4 + 5 -> 25,514) and 10.03., then the period's last day 13.03.
    weekly = page_query(
        boundaries, "uptake_pooled_series", date_from=D(2024, 2, 26), date_to=D(2024, 3, 13), districts=(), weekly=True
    )
    assert weekly["date"].to_list() == [D(2024, 3, 3), D(2024, 3, 10), D(2024, 3, 13)]
    assert weekly["uptake"].to_list() == X([0.25514] * 3, abs=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("start", "lift"),
    [
        # 26.02. - 03.03.: Wandsbek from 25.02. (0.25 + 2/20,000 = 0.2501) to 03.03. (0.25 + 14/20,000 = 0.2507):
        # +0.06 pp (from 24.02., before the data, it would be +0.07)
        ("2024-02-26", 0.06),
        # 29.02. - 03.03.: from 28.02. (still 0.2501) -> +0.06 pp (from the leap day itself, 0.25025: +0.045)
        ("2024-02-29", 0.06),
    ],
)
def test_the_district_map_rises_from_the_day_before_the_period(overview, start, lift):
    at = overview((start, "2024-03-03"))
    at.session_state["numbers_district_map"] = True
    at.run()
    table = next(df.value for df in at.dataframe if "lift" in df.value.columns)
    wandsbek = table[table["district"] == "Wandsbek"].iloc[0]
    assert (float(wandsbek["uptake"]), float(wandsbek["lift"])) == (X(0.2507, abs=1e-9), X(lift, abs=1e-9))
    assert float(table[table["district"] == "Harburg"].iloc[0]["lift"]) == 0.0  # 0.30 both days
