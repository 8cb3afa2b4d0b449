"""Export filters and the impact panel, row by row, worked out by hand on the hand-made campaign (tests/campaign.py)
with edges added:

- activations: a second channel on a pop-up day (23.09.2024 Hamburg-Mitte, citizen office 9), another district
  during stop S1 (25.09.2024 Altona, citizen office 6), visitors from Altona at S1 (26.09.2024 Altona, pop-up 3), two
  channels on one day (05.10.2024 Hamburg-Mitte, self-service 1 beside citizen office 3), a second pop-up day at
  S1 (01.10.2024 Hamburg-Mitte, pop-up 4), a Harburg resident at
  Bergedorf's stop (04.03.2025 Harburg, pop-up 1);
- stops: S3 Wandsbek "Quarree" 13.01.–18.01.2025 without any pop-up count, S4 Bergedorf "CCB" 03.03.–08.03.2025
  whose one pop-up activation is of another district's resident, S5 a second stop in Hamburg-Mitte
  07.04.–12.04.2025.

Stops: S1 Hamburg-Mitte 23.09.–05.10.2024, S3, S4, S5, S2 Altona 21.05.–31.05.2025. Residents 16+: Hamburg-Mitte
10,000, Altona, Wandsbek, Harburg 20,000, Bergedorf 10,000.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from campaign import write_clean
from helpers import load

from etl import export, warehouse
from etl.impact import panel as impact_panel

D = dt.date
MORE_ACTIVATIONS = """\
2024-09-23,Hamburg-Mitte,citizen_office,9
2024-09-25,Altona,citizen_office,6
2024-09-26,Altona,popup,3
2024-10-01,Hamburg-Mitte,popup,4
2024-10-05,Hamburg-Mitte,self_service,1
2025-03-04,Harburg,popup,1
"""
MORE_STOPS = """\
S3,Wandsbek,Quarree,2025-01-13,2025-01-18,,,
S4,Bergedorf,CCB,2025-03-03,2025-03-08,,,
S5,Hamburg-Mitte,Europa-Passage,2025-04-07,2025-04-12,,,
"""
# all channels together, per day and district of residence (activations_total: what every role may download)
TOTALS = {
    "09.09. Mitte": (D(2024, 9, 9), "Hamburg-Mitte", 5),
    "10.09. Mitte": (D(2024, 9, 10), "Hamburg-Mitte", 4),
    "22.09. Mitte": (D(2024, 9, 22), "Hamburg-Mitte", 6),
    "23.09. Mitte": (D(2024, 9, 23), "Hamburg-Mitte", 11),  # pop-up 2 + citizen office 9
    "25.09. Altona": (D(2024, 9, 25), "Altona", 6),
    "26.09. Altona": (D(2024, 9, 26), "Altona", 3),
    "01.10. Mitte": (D(2024, 10, 1), "Hamburg-Mitte", 4),
    "05.10. Mitte": (D(2024, 10, 5), "Hamburg-Mitte", 4),  # citizen office 3 + self-service 1
    "06.10. Mitte": (D(2024, 10, 6), "Hamburg-Mitte", 7),
    "02.11. Mitte": (D(2024, 11, 2), "Hamburg-Mitte", 10),
    "03.11. Mitte": (D(2024, 11, 3), "Hamburg-Mitte", 100),
    "15.01. Wandsbek": (D(2025, 1, 15), "Wandsbek", 50),
    "04.03. Harburg": (D(2025, 3, 4), "Harburg", 1),
    "09.05. Altona": (D(2025, 5, 9), "Altona", 1),
    "10.05. Altona": (D(2025, 5, 10), "Altona", 8),
    "21.05. Altona": (D(2025, 5, 21), "Altona", 2),  # the two pop-up rows of one key, summed by the load
    "10.06. Altona": (D(2025, 6, 10), "Altona", 4),
}


def totals(*names: str) -> list[tuple]:
    return [TOTALS[name] for name in names]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    more = {"activations": MORE_ACTIVATIONS, "stops": MORE_STOPS}
    folder = write_clean(tmp_path_factory.mktemp("edges") / "in", more)
    db = folder.parent / "warehouse.duckdb"
    assert load(db, folder)[0] == 0
    return db


@pytest.fixture(scope="module")
def con(db):
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def rows(con, table: str, columns: list[str], **selection) -> list[tuple]:
    return export.frame(con, table, export.Selection(**selection)).select(columns).rows()


# --- exports ----------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_activations_total_sums_the_channels_of_a_day(con):
    assert rows(con, "activations_total", ["date", "district", "activations"]) == list(TOTALS.values())


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        # the period's first and last day count
        (
            {"date_from": D(2024, 9, 23), "date_to": D(2024, 10, 5)},
            totals("23.09. Mitte", "25.09. Altona", "26.09. Altona", "01.10. Mitte", "05.10. Mitte"),
        ),
        (
            {"districts": ("Altona",)},
            totals(
                "25.09. Altona", "26.09. Altona", "09.05. Altona", "10.05. Altona", "21.05. Altona", "10.06. Altona"
            ),
        ),
        (
            {"districts": ("Wandsbek", "Altona"), "date_from": D(2025, 1, 1)},
            totals("15.01. Wandsbek", "09.05. Altona", "10.05. Altona", "21.05. Altona", "10.06. Altona"),
        ),
        # a stop: its district's days from its first to its last day, not Altona's days during S1
        ({"stops": ("S1",)}, totals("23.09. Mitte", "01.10. Mitte", "05.10. Mitte")),
        ({"stops": ("S1", "S2")}, totals("23.09. Mitte", "01.10. Mitte", "05.10. Mitte", "21.05. Altona")),
        ({"stops": ("S3",)}, totals("15.01. Wandsbek")),
        ({"stops": ("S4",)}, []),  # the Harburg resident's activation at Bergedorf's stop is Harburg's
        ({"stops": ("S5",)}, []),  # Hamburg-Mitte has no activation from 07.04. to 12.04.2025
    ],
)
def test_activations_total_filters(con, selection, expected):
    assert rows(con, "activations_total", ["date", "district", "activations"], **selection) == expected


def test_activations_per_channel_filters(con):
    columns = ["date", "district", "channel", "activations"]
    assert rows(con, "activations", columns, stops=("S1",)) == [
        (D(2024, 9, 23), "Hamburg-Mitte", "citizen_office", 9),
        (D(2024, 9, 23), "Hamburg-Mitte", "popup", 2),
        (D(2024, 10, 1), "Hamburg-Mitte", "popup", 4),
        (D(2024, 10, 5), "Hamburg-Mitte", "citizen_office", 3),
        (D(2024, 10, 5), "Hamburg-Mitte", "self_service", 1),
    ]
    assert rows(con, "activations", columns, channels=("citizen_office",), districts=("Altona",)) == [
        (D(2024, 9, 25), "Altona", "citizen_office", 6),
        (D(2025, 5, 9), "Altona", "citizen_office", 1),
        (D(2025, 5, 10), "Altona", "citizen_office", 8),
    ]


def test_service_usage_filters(con):
    columns = ["date", "district", "service_id", "auth_method", "started", "completed"]
    # S1: Hamburg-Mitte from 23.09. to 05.10.2024; appointment booking without counts: started 1, completed 1
    assert rows(con, "service_usage", columns, stops=("S1",)) == [
        (D(2024, 9, 23), "Hamburg-Mitte", "resident_parking", "eid", 4, 3),
        (D(2024, 9, 30), "Hamburg-Mitte", "appointment_booking", "none", 1, 1),
        (D(2024, 10, 5), "Hamburg-Mitte", "kita_voucher", "username_password", 4, 4),
    ]
    assert rows(con, "service_usage", columns, stops=("S2",)) == []  # no online-service rows in Altona
    assert rows(con, "service_usage", columns, services=("resident_parking",), channels=("username_password",)) == [
        (D(2024, 11, 3), "Hamburg-Mitte", "resident_parking", "username_password", 50, 40)
    ]


@pytest.mark.parametrize(
    ("period", "stops"),
    [
        ((D(2024, 9, 1), D(2024, 9, 23)), ["S1"]),  # ends on S1's first day
        ((D(2024, 10, 5), D(2025, 5, 20)), ["S1", "S3", "S4", "S5"]),  # starts on S1's last day, ends the day before S2
        ((D(2024, 10, 6), D(2025, 1, 12)), []),  # between S1 and S3
        ((D(2025, 1, 18), D(2025, 1, 18)), ["S3"]),  # S3's last day alone
        ((D(2025, 5, 31), D(2025, 12, 31)), ["S2"]),  # starts on S2's last day
    ],
)
def test_stop_kpis_keep_the_stops_that_overlap_the_period(con, period, stops):
    selection = {"date_from": period[0], "date_to": period[1]}
    assert [row[0] for row in rows(con, "stop_kpis", ["stop_id"], **selection)] == stops


# --- the impact panel -------------------------------------------------------------------------------------------
def test_the_activations_panel_by_hand(con):
    panel = impact_panel.from_warehouse(con, "activations")
    # every row of the source (pop-up too) spans Mon 09.09.2024 to Tue 10.06.2025: 39 whole weeks, 09.09.2024 to
    # 02.06.2025; the week of 09.06.2025 is partial and left out
    assert (panel.periods[0], panel.periods[-1], len(panel.periods)) == (D(2024, 9, 9), D(2025, 6, 2), 39)
    assert panel.dropped == [(D(2025, 6, 9), D(2025, 6, 10))]
    # citizen office and self-service only (the pop-up's own activations are counted, not estimated), per 10,000
    # residents 16+: Hamburg-Mitte (10,000) as counted, Altona and Wandsbek (20,000) halved
    week = {w: i for i, w in enumerate(panel.periods)}
    expected = {
        ("Hamburg-Mitte", D(2024, 9, 9)): 9.0,  # 5 + 4
        ("Hamburg-Mitte", D(2024, 9, 16)): 6.0,  # Sunday 22.09.
        ("Hamburg-Mitte", D(2024, 9, 23)): 9.0,  # citizen office 9, not the pop-up's 2
        ("Hamburg-Mitte", D(2024, 9, 30)): 11.0,  # 05.10.: 3 + 1, 06.10.: 7
        ("Hamburg-Mitte", D(2024, 10, 28)): 110.0,  # 10 + 100
        ("Altona", D(2024, 9, 23)): 3.0,  # 6 of 20,000; the pop-up's 3 on 26.09. left out
        ("Altona", D(2025, 5, 5)): 4.5,  # (1 + 8) of 20,000
        ("Wandsbek", D(2025, 1, 13)): 25.0,  # 50 of 20,000
    }
    found = {
        (unit, panel.periods[t]): float(panel.y[u, t])
        for u, unit in enumerate(panel.units)
        for t in range(len(panel.periods))
        if panel.y[u, t] == panel.y[u, t]  # not NaN: a district-week without rows stays missing, never 0
    }
    assert found == expected
    assert panel.weight[panel.units.index("Altona")] == 20_000
    # stops: the first week of each (S5, Hamburg-Mitte's second stop, is no new treatment), the pop-up's own
    # activations with the KPI's definition (KPIS.md popup_activations: the stop's visits with outcome eid_activated,
    # any residence; not the activations file's channel popup, whose extra rows here have no visit) and its
    # district's residents among them
    stops = [(s.stop_id, s.unit, s.first, s.last, s.direct_activations, s.direct_own_district) for s in panel.stops]
    assert stops == [
        # S1: V1 (Hamburg-Mitte resident) and V3 (no residence) activated: 2, of Hamburg-Mitte's residents 1
        ("S1", "Hamburg-Mitte", week[D(2024, 9, 23)], week[D(2024, 9, 30)], 2, 1),
        ("S3", "Wandsbek", week[D(2025, 1, 13)], week[D(2025, 1, 13)], None, None),  # no visit logged: unknown
        ("S4", "Bergedorf", week[D(2025, 3, 3)], week[D(2025, 3, 3)], None, None),  # no visit logged: unknown
        ("S2", "Altona", week[D(2025, 5, 19)], week[D(2025, 5, 26)], 2, 1),  # V6 (Altona), V7 (Eimsbüttel)
    ]
    cohorts = dict(zip(panel.units, panel.cohort, strict=True))
    assert {u: c for u, c in cohorts.items() if c is not None} == {
        "Hamburg-Mitte": 2,
        "Wandsbek": 18,  # 126 days after 09.09.2024
        "Bergedorf": 25,  # 175 days
        "Altona": 36,  # 252 days
    }


def test_the_exposure_of_each_district_to_each_stop_by_hand(con):
    # issue 33: the spill-over's exposure, per stop, ISO week and district of residence: visitors and activated
    # visits per 10,000 residents 16+ (Hamburg-Mitte, Eimsbüttel 10,000; Altona 20,000). S1 (weeks of 23.09. and
    # 30.09.2024): V1 Mitte activated, V2 Altona; V3 without residence (activated, on Mitte's row), V4 Mitte.
    # S2 (weeks of 19.05. and 26.05.2025): V5 Altona, V7 Eimsbüttel activated; V6 Altona activated.
    frame = warehouse.query_file(con, impact_panel.SQL_DIR / "impact" / "exposure.sql", {})
    columns = ["stop_id", "week", "district", "visitors", "activations", "visits_without_residence"]
    rates = ["visitors_per_10000", "activations_per_10000"]
    assert frame.select(*columns, *rates).rows() == [
        ("S1", D(2024, 9, 23), "Altona", 1, 0, 0, 0.5, 0.0),  # 1 of 20,000 -> 0.5
        ("S1", D(2024, 9, 23), "Hamburg-Mitte", 1, 1, 0, 1.0, 1.0),  # 1 of 10,000
        ("S1", D(2024, 9, 30), "Hamburg-Mitte", 1, 0, 1, 1.0, 0.0),  # V4; V3 counted apart
        ("S2", D(2025, 5, 19), "Altona", 1, 0, 0, 0.5, 0.0),
        ("S2", D(2025, 5, 19), "Eimsbüttel", 1, 1, 0, 1.0, 1.0),
        ("S2", D(2025, 5, 26), "Altona", 1, 1, 0, 0.5, 0.5),
    ]


@pytest.mark.slow
def test_a_stop_that_ends_after_the_data_ends_in_the_panels_last_week(tmp_path):
    # The hand-made campaign's activations end on Tue 10.06.2025: whole weeks 09.09.2024 to 02.06.2025 (indices 0
    # to 38). S6 in Eimsbüttel runs Mon 02.06. to Sat 14.06.2025: it starts in week 38 and its last week (09.06.)
    # is not in the panel, so it ends in the panel's last week, 38.
    more = {"stops": "S6,Eimsbüttel,Elbe,2025-06-02,2025-06-14,,,\n"}
    folder = write_clean(tmp_path / "in", more)
    assert load(tmp_path / "w.duckdb", folder)[0] == 0
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as connection:
        panel = impact_panel.from_warehouse(connection, "activations")
    assert (panel.periods[38], len(panel.periods)) == (D(2025, 6, 2), 39)
    s6 = next(s for s in panel.stops if s.stop_id == "S6")
    assert (s6.unit, s6.first, s6.last) == ("Eimsbüttel", 38, 38)


@pytest.mark.slow
def test_a_stop_that_begins_in_the_last_partial_week_counts_its_activations_without_an_estimate(tmp_path):
    # issue 28/32: S8 in Harburg runs Whit Monday 09.06. to Tue 10.06.2025, the data's last day: its week (09.06.)
    # is partial and not in the panel, so it has no whole week to estimate. Its two activated visits (V13, V14,
    # both Harburg residents) still count: in the list (reason partial_week, no effect, no interval, no mde) and in
    # the campaign's pop-up total: S1 2 (V1, V3) + S2 2 (V6, V7) + S8 2 = 6 (the KPI's popup_activations), 3 stops.
    more = {
        "stops": "S8,Harburg,Phoenix-Center,2025-06-09,2025-06-10,,,\n",
        "visits": "V13,S8,2025-06-09T10:00:00,eid_activation,eid_activated,,65+,Harburg,5,\n"
        "V14,S8,2025-06-10T17:45:00,eid_activation,eid_activated,,30-49,Harburg,,\n",
    }
    folder = write_clean(tmp_path / "in", more)
    assert load(tmp_path / "w.duckdb", folder)[0] == 0
    from etl import impact

    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as connection:
        panel = impact_panel.from_warehouse(connection, "activations")
        report, _ = impact.report(connection)
    assert [(s.stop_id, s.not_estimated, s.direct_activations, s.direct_own_district) for s in panel.counted_only] == [
        ("S8", "partial_week", 2, 2)
    ]
    assert "S8" not in [s.stop_id for s in panel.stops]  # not a treatment: Harburg stays a comparison district
    assert panel.cohort[panel.units.index("Harburg")] is None
    s8 = next(s for s in report["by_stop"] if s["stop_id"] == "S8")
    assert (s8["direct_activations"], s8["not_estimated"], s8["weeks"], s8["identified_weeks"]) == (
        2,
        "partial_week",
        0,
        0,
    )
    assert (s8["att"], s8["ci_low"], s8["mde"], s8["extra_total"]["value"]) == (None, None, None, 2)
    assert (report["totals"]["direct_activations"], report["totals"]["stops"]) == (6, 3)
    notes = {w["code"]: w for w in report["warnings"]}
    assert notes["counted_only_partial_week"]["stop_ids"] == ["S8"]
    assert "too short to estimate" in notes["counted_only_partial_week"]["message"]
    assert "S8" not in notes.get("not_estimable", {}).get("stop_ids", [])  # it has comparisons; it is too short


def test_a_second_stop_in_a_visited_district_is_counted_not_estimated(con):
    # S5 is Hamburg-Mitte's second stop (07.04.-12.04.2025): no new treatment, so no estimate of its own, but it is
    # in the list with its reason; no visit is logged at S5, so its pop-up count is unknown (None), not 0
    panel = impact_panel.from_warehouse(con, "activations")
    assert [(s.stop_id, s.unit, s.not_estimated, s.direct_activations) for s in panel.counted_only] == [
        ("S5", "Hamburg-Mitte", "repeat", None)
    ]


def test_the_eid_transactions_panel_by_hand(con):
    panel = impact_panel.from_warehouse(con, "eid_transactions")
    # online services from Sun 25.08.2024 to Sun 03.11.2024: the weeks 26.08. to 28.10.2024 (10); eID rows only:
    # 26.08. 3, 23.09. 4, 02.11. 2 (25.08.'s 100 lie in the partial week); Hamburg-Mitte has 10,000 residents 16+
    assert (panel.periods[0], panel.periods[-1], len(panel.periods)) == (D(2024, 8, 26), D(2024, 10, 28), 10)
    mitte = panel.units.index("Hamburg-Mitte")
    found = {panel.periods[t]: float(v) for t, v in enumerate(panel.y[mitte]) if v == v}
    assert found == {D(2024, 8, 26): 3.0, D(2024, 9, 23): 4.0, D(2024, 10, 28): 2.0}
    assert all(v != v for u, unit in enumerate(panel.units) if unit != "Hamburg-Mitte" for v in panel.y[u])
    # no direct part for transactions: the pop-up's activations (S1: 2) and its cost (1,500 EUR) are in other units,
    # never added to or divided by transactions (before issue 32 the command printed "pop-up 2, total ..." here)
    assert [(s.direct_activations, s.direct_own_district, s.cost_eur) for s in panel.stops] == [
        (None, None, None)
    ] * len(panel.stops)


@pytest.mark.parametrize(
    ("first_day", "last_day", "weeks"),
    [
        (D(2024, 9, 23), D(2024, 9, 29), [D(2024, 9, 23)]),  # Monday to Sunday: one whole week
        (D(2024, 9, 23), D(2024, 10, 12), [D(2024, 9, 23), D(2024, 9, 30)]),  # ends on a Saturday
        (D(2024, 9, 24), D(2024, 10, 6), [D(2024, 9, 30)]),  # starts on a Tuesday
        (D(2024, 9, 24), D(2024, 9, 29), []),  # no whole week
    ],
)
def test_the_panel_keeps_whole_weeks_only(con, first_day, last_day, weeks):
    params = {"outcome": "activations", "first_day": first_day, "last_day": last_day}
    frame = warehouse.query_file(con, impact_panel.SQL_DIR / "impact" / "panel.sql", params)
    assert sorted(set(frame["week"].to_list())) == weeks


def test_the_campaign_counts_districts_once(db):
    from helpers import kpis

    campaign = kpis(db)["campaign"]
    # five stops in four districts (Hamburg-Mitte twice); visits only at S1 (4) and S2 (3)
    assert (campaign["stops"], campaign["districts_visited"], campaign["visits"]) == (5, 4, 7)


# --- warehouses with some of the inputs ----------------------------------------------------------------------------
def _some_inputs(tmp_path, *kinds: str, stops: tuple[str, ...] = ("S1", "S2"), shares: dict | None = None):
    """A warehouse with the districts and the hand-made campaign's rows of `kinds` (of its stops only `stops`;
    `shares`: district -> eID share at start instead of the campaign's)."""
    from campaign import COLUMNS, ROWS, write_csv

    folder = tmp_path / "in"
    folder.mkdir()
    for kind in ("districts", *kinds):
        rows = [r for r in ROWS[kind] if r[0] in stops] if kind == "stops" else ROWS[kind]
        if kind == "districts" and shares:
            rows = [(d, p, shares.get(d, s)) for d, p, s in rows]
        write_csv(folder / f"{kind}.csv", COLUMNS[kind], rows)
    assert load(tmp_path / "w.duckdb", folder)[0] == 0
    return tmp_path / "w.duckdb"


def test_before_the_first_stop_the_campaign_has_no_start_uptake(tmp_path):
    from helpers import kpis

    # Bergedorf starts at 0.245 here, just below the national 0.25 (and above 0.24): it has no activation
    campaign = kpis(_some_inputs(tmp_path, "activations", shares={"Bergedorf": 0.245}))["campaign"]
    assert (campaign["stops"], campaign["visits"], campaign["conversion_rate"]) == (0, 0, None)
    assert campaign["hamburg_uptake_start"] is None  # no stop: no campaign start
    # Hamburg today: shares at start x residents: Mitte 0.20 x 10,000 + Altona 0.25 x 20,000 + Harburg 0.30 x
    # 20,000 + Bergedorf 0.245 x 10,000 + the national 0.25 for Eimsbüttel, Nord (10,000 each) and Wandsbek (20,000)
    # = 2,000 + 5,000 + 6,000 + 2,450 + 2,500 + 2,500 + 5,000 = 25,450; plus every activation (202) over 100,000
    assert campaign["hamburg_uptake_latest"] == pytest.approx((25_450 + 202) / 100_000)
    # at or above 0.25: all but Mitte (0.20 + 137 / 10,000) and Bergedorf (0.245, no activation); Eimsbüttel and
    # Nord exactly at 0.25 count
    assert campaign["districts_above_baseline"] == 5


@pytest.mark.slow
def test_with_one_stop_the_campaign_starts_at_it(tmp_path):
    from helpers import kpis

    campaign = kpis(_some_inputs(tmp_path, "activations", "stops", stops=("S1",)))["campaign"]
    # S1 starts on 23.09.2024: 25,500 + the activations before that day (5 + 4 + 6) over 100,000
    assert (campaign["stops"], campaign["hamburg_uptake_start"]) == (1, pytest.approx((25_500 + 15) / 100_000))


@pytest.mark.parametrize(
    ("kinds", "span"),
    [
        (("activations",), (D(2024, 9, 9), D(2025, 6, 10), D(2025, 6, 10))),
        (("stops",), (D(2024, 9, 23), D(2025, 5, 31), None)),  # S1's first day to S2's last; no activation data
        (("stops", "visits"), (D(2024, 9, 23), D(2025, 5, 31), None)),  # visits lie within their stops' days
        (("service_usage",), (D(2024, 8, 25), D(2024, 11, 3), None)),
        (("activations", "service_usage"), (D(2024, 8, 25), D(2025, 6, 10), D(2025, 6, 10))),
    ],
)
@pytest.mark.slow
def test_the_data_span_over_whichever_inputs_are_loaded(tmp_path, kinds, span):
    with duckdb.connect(str(_some_inputs(tmp_path, *kinds)), read_only=True) as connection:
        assert connection.sql("select data_start, data_end, as_of from mart_data_span").fetchall() == [span]
