"""Every stop KPI, the districts' uptake and the campaign row of the edges campaign (test_campaign_edges_by_hand.py:
the hand-made campaign with stops S3 Wandsbek, S4 Bergedorf, S5 Hamburg-Mitte and more activations), worked out
by hand here, with more edges added:

- activations: a second channel on a day before the first stop (10.09.2024 Hamburg-Mitte, self-service 2 beside
  citizen office 4), so that the start uptake sums the channels of a day;
- e-service use in Wandsbek around S3 and in Bergedorf around S4: several services and ways of signing in on one
  day, a day on each edge of every window (the 28 days before a stop, the stop, the 28 days after) and one outside
  each, windows without any eID use, and a service the catalogue does not know (dog_licence);
- stops without visits (S3, S4, S5) and districts without any activation in a window (Bergedorf: none at all).

Residents 16+: Hamburg-Mitte 10,000 (s0 0.20), Altona 20,000 (0.25), Wandsbek 20,000, Bergedorf 10,000 (baseline
0.25), Harburg 20,000 (0.30); Eimsbüttel and Hamburg-Nord 10,000 each (0.25). Data end (last activation): 10.06.2025.
"""

from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pytest
from campaign import write_clean
from helpers import ROOT, kpis, load, page_query
from test_campaign_edges_by_hand import MORE_ACTIVATIONS, MORE_STOPS

X = pytest.approx
D = dt.date
EXTRA_ACTIVATIONS = "2024-09-10,Hamburg-Mitte,self_service,2\n"
MORE_USAGE = """\
2024-12-15,Wandsbek,resident_parking,eid,1000,1000
2024-12-16,Wandsbek,good_conduct,username_password,4,4
2024-12-16,Wandsbek,resident_parking,eid,1,1
2025-01-12,Wandsbek,resident_parking,eid,2,2
2025-01-12,Wandsbek,kita_voucher,eid,1,1
2025-01-12,Wandsbek,good_conduct,username_password,3,3
2025-01-15,Wandsbek,appointment_booking,username_password,4,2
2025-01-15,Wandsbek,good_conduct,username_password,2,2
2025-01-19,Wandsbek,resident_parking,eid,1,1
2025-01-19,Wandsbek,good_conduct,username_password,1,1
2025-02-15,Wandsbek,good_conduct,username_password,2,2
2025-02-15,Wandsbek,resident_parking,eid,1,1
2025-02-16,Wandsbek,resident_parking,eid,1000,1000
2025-03-01,Bergedorf,good_conduct,username_password,2,2
2025-03-03,Bergedorf,resident_parking,eid,1,1
2025-03-05,Bergedorf,good_conduct,username_password,1,0
2025-03-08,Bergedorf,resident_parking,eid,2,2
2025-03-10,Bergedorf,dog_licence,username_password,5,5
"""

# Activations per day and district of residence, all channels together:
# Mitte: 09.09. 5, 10.09. 4 + 2 = 6, 22.09. 6, 23.09. 2 + 9 = 11, 01.10. 4, 05.10. 3 + 1 = 4, 06.10. 7, 02.11. 10,
#        03.11. 100 (153 in all); Altona: 25.09. 6, 26.09. 3, 09.05. 1, 10.05. 8, 21.05. 2, 10.06. 4 (24);
# Wandsbek: 15.01. 50; Harburg: 04.03. 1; Bergedorf, Eimsbüttel, Hamburg-Nord: none.

# --- S1 Hamburg-Mitte 23.09.-05.10.2024 (L = 13), 11 open days, 4 visits, 2 activated, 1,500 EUR ----------------
# during [23.09., 05.10.]: 11 + 4 + 4 = 19; before [10.09., 22.09.]: 6 + 6 = 12
# A(22.09.) = 5 + 6 + 6 = 17 -> 0.2017; after: 05.10. + 28 = 02.11.: 17 + 19 + 7 + 10 = 53 -> 0.2053 -> +0.36 pp
# e-service use as in test_kpis_hand.py (Mitte has no new rows)
S1 = {
    "stop_id": "S1",
    "district": "Hamburg-Mitte",
    "venue": "Europa-Passage",
    "start_date": "2024-09-23",
    "end_date": "2024-10-05",
    "open_days": 11,
    "visits": 4,
    "visits_per_open_day": X(4 / 11),
    "popup_activations": 2,
    "conversion_rate": X(0.5),
    "popup_activations_per_1000": X(0.2),
    "activations_during": 19,
    "activations_before": 12,
    "activations_per_1000_during": X(1.9),
    "activations_per_1000_before": X(1.2),
    "uptake_before": X(0.2017),
    "uptake_after": X(0.2053),
    "uptake_lift_pp": X(0.36),
    "eid_share_before": X(0.3),
    "eid_share_during": X(4 / 9),
    "eid_share_after": X(1.0),
    "completion_rate_during": X(8 / 9),
    "avg_satisfaction": X(4.0),
    "cost_per_activation": X(750.0),
}
# --- S3 Wandsbek Mon 13.01.-Sat 18.01.2025 (L = 6), 6 open days, no visits, no cost ------------------------------
# during: 15.01. 50 -> 2.5 per 1,000 of 20,000; before [07.01., 12.01.]: none
# A(12.01.) = 0 -> 0.25; after: 18.01. + 28 = 15.02.: 50 -> 0.25 + 50 / 20,000 = 0.2525 -> +0.25 pp
# use before [16.12., 12.01.]: 16.12. password 4 + eID 1; 12.01. eID 2 + eID 1 + password 3 -> eID 4 of 11
#   (15.12. outside)
# during [13.01., 18.01.]: 15.01. password 4 (2 completed) + password 2 (2) -> eID 0 of 6, completed 4 of 6
# after [19.01., 15.02.]: 19.01. eID 1 + password 1, 15.02. password 2 + eID 1 -> eID 2 of 5 (16.02. outside)
NO_VISITS = {
    "open_days": 6,
    "visits": 0,
    "visits_per_open_day": X(0.0),
    "popup_activations": 0,
    "conversion_rate": None,
    "popup_activations_per_1000": X(0.0),
    "avg_satisfaction": None,
    "cost_per_activation": None,
}
S3 = {
    "stop_id": "S3",
    "district": "Wandsbek",
    "venue": "Quarree",
    "start_date": "2025-01-13",
    "end_date": "2025-01-18",
    **NO_VISITS,
    "activations_during": 50,
    "activations_before": 0,
    "activations_per_1000_during": X(2.5),
    "activations_per_1000_before": X(0.0),
    "uptake_before": X(0.25),
    "uptake_after": X(0.2525),
    "uptake_lift_pp": X(0.25),
    "eid_share_before": X(4 / 11),
    "eid_share_during": X(0.0),
    "eid_share_after": X(0.4),
    "completion_rate_during": X(4 / 6),
}
# --- S4 Bergedorf Mon 03.03.-Sat 08.03.2025 (L = 6): no Bergedorf activation at all (04.03. is Harburg's) ---------
# uptake 0.25 before and after (05.04.): +0 pp; use before [03.02., 02.03.]: 01.03. password 2 -> eID 0 of 2;
# during [03.03., 08.03.]: 03.03. eID 1, 05.03. password 1 (none completed), 08.03. eID 2 -> eID 3 of 4, 3 of 4
# completed; after [09.03., 05.04.]: 10.03. dog_licence password 5 -> eID 0 of 5
S4 = {
    "stop_id": "S4",
    "district": "Bergedorf",
    "venue": "CCB",
    "start_date": "2025-03-03",
    "end_date": "2025-03-08",
    **NO_VISITS,
    "activations_during": 0,
    "activations_before": 0,
    "activations_per_1000_during": X(0.0),
    "activations_per_1000_before": X(0.0),
    "uptake_before": X(0.25),
    "uptake_after": X(0.25),
    "uptake_lift_pp": X(0.0),
    "eid_share_before": X(0.0),
    "eid_share_during": X(0.75),
    "eid_share_after": X(0.0),
    "completion_rate_during": X(0.75),
}
# --- S5 Hamburg-Mitte Mon 07.04.-Sat 12.04.2025 (L = 6; Good Friday is 18.04.): nothing during or before -----------
# A(06.04.) = A(10.05.) = 153 -> 0.20 + 153 / 10,000 = 0.2153 both; no e-service use in Mitte after 03.11.2024
S5 = {
    "stop_id": "S5",
    "district": "Hamburg-Mitte",
    "venue": "Europa-Passage",
    "start_date": "2025-04-07",
    "end_date": "2025-04-12",
    **NO_VISITS,
    "activations_during": 0,
    "activations_before": 0,
    "activations_per_1000_during": X(0.0),
    "activations_per_1000_before": X(0.0),
    "uptake_before": X(0.2153),
    "uptake_after": X(0.2153),
    "uptake_lift_pp": X(0.0),
    "eid_share_before": None,
    "eid_share_during": None,
    "eid_share_after": None,
    "completion_rate_during": None,
}
# --- S2 Altona 21.05.-31.05.2025 (L = 11), as in test_kpis_hand.py but Altona's 25.09./26.09. count before it -----
# A(20.05.) = 6 + 3 + 1 + 8 = 18 -> 0.25 + 18 / 20,000 = 0.2509; A(10.06.) = 24 -> 0.2512 -> +0.03 pp
S2 = {
    "stop_id": "S2",
    "district": "Altona",
    "venue": "Mercado",
    "start_date": "2025-05-21",
    "end_date": "2025-05-31",
    "open_days": 9,
    "visits": 3,
    "visits_per_open_day": X(1 / 3),
    "popup_activations": 2,
    "conversion_rate": X(2 / 3),
    "popup_activations_per_1000": X(0.1),
    "activations_during": 2,
    "activations_before": 8,
    "activations_per_1000_during": X(0.1),
    "activations_per_1000_before": X(0.4),
    "uptake_before": X(0.2509),
    "uptake_after": X(0.2512),
    "uptake_lift_pp": X(0.03),
    "eid_share_before": None,
    "eid_share_during": None,
    "eid_share_after": None,
    "completion_rate_during": None,
    "avg_satisfaction": X(3.5),
    "cost_per_activation": None,
}
# --- districts and campaign -------------------------------------------------------------------------------------
# start: the day before the first stop, 22.09.2024: A = Mitte 17 (10.09.'s two channels summed), nobody else
# latest (10.06.2025): Mitte 153, Altona 24, Wandsbek 50, Harburg 1 -> 0.30 + 1 / 20,000 = 0.30005
DISTRICTS = [
    {"district": "Hamburg-Mitte", "population_16plus": 10_000, "uptake_start": X(0.2017), "uptake_latest": X(0.2153)},
    {"district": "Altona", "population_16plus": 20_000, "uptake_start": X(0.25), "uptake_latest": X(0.2512)},
    {"district": "Eimsbüttel", "population_16plus": 10_000, "uptake_start": X(0.25), "uptake_latest": X(0.25)},
    {"district": "Hamburg-Nord", "population_16plus": 10_000, "uptake_start": X(0.25), "uptake_latest": X(0.25)},
    {"district": "Wandsbek", "population_16plus": 20_000, "uptake_start": X(0.25), "uptake_latest": X(0.2525)},
    {"district": "Bergedorf", "population_16plus": 10_000, "uptake_start": X(0.25), "uptake_latest": X(0.25)},
    {"district": "Harburg", "population_16plus": 20_000, "uptake_start": X(0.30), "uptake_latest": X(0.30005)},
]
# Hamburg: sum of s0 x P = 25,500; start + 17 -> 0.25517; latest + 228 -> 0.25728; at or above 0.25: all but Mitte
CAMPAIGN = {
    "stops": 5,
    "districts_visited": 4,
    "visits": 7,
    "popup_activations": 4,
    "conversion_rate": X(4 / 7),
    "national_baseline": 0.25,
    "as_of": "2025-06-10",
    "hamburg_uptake_start": X(0.25517),
    "hamburg_uptake_latest": X(0.25728),
    "districts_above_baseline": 6,
}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    more = {
        "activations": MORE_ACTIVATIONS + EXTRA_ACTIVATIONS,
        "stops": MORE_STOPS,
        "service_usage": MORE_USAGE,
    }
    folder = write_clean(tmp_path_factory.mktemp("stop-edges") / "in", more)
    db = folder.parent / "warehouse.duckdb"
    status, report = load(db, folder)
    assert status == 0, report
    return db


@pytest.mark.slow
def test_every_stop_kpi_by_hand(db):
    assert kpis(db)["stops"] == [S1, S3, S4, S5, S2]


@pytest.mark.slow
def test_the_districts_uptake_sums_the_channels_of_a_day(db):
    assert kpis(db)["districts"] == DISTRICTS


@pytest.mark.slow
def test_the_campaign_row_by_hand(db):
    assert kpis(db)["campaign"] == CAMPAIGN


def test_services_are_the_catalogue_and_every_unknown_id_once(db):
    with (ROOT / "data" / "reference" / "services.csv").open(encoding="utf-8") as file:
        catalogue = [
            (row["service_id"], row["name_de"], row["name_en"])
            for row in csv.DictReader(line for line in file if not line.startswith("#"))
        ]
    con = duckdb.connect(str(db), read_only=True)
    services = con.sql("select service_id, name_de, name_en from mart_services").fetchall()
    con.close()
    assert sorted(services) == sorted([*catalogue, ("dog_licence", "dog_licence", "dog_licence")])


# --- what the pages read beside the KPIs ---------------------------------------------------------------------------
# mart_stops: S1 is open 10:00-19:00 (9 hours a day), 3 of its 4 visits rated; the other stops have the contract's
# default hours (10:00-19:00, 9 hours), S2 2 of 3 visits rated;
# a stop without a visit log has no visit figure at all (not 0: nothing was counted there)
NOTHING_COUNTED = {
    "has_visits": False,
    "satisfaction_ratings": 0,
    "visits": None,
    "popup_activations": None,
    "visits_per_open_day": None,
    "popup_activations_per_open_day": None,
    "visits_per_1000": None,
    "popup_activations_per_1000": None,
    "visits_per_hour": None,
    "popup_activations_per_hour": None,
}
STOPS_FOR_PAGES = [
    {
        "stop_id": "S1",
        "open_days": 11,
        "hours_per_day": X(9.0),
        "has_visits": True,
        "satisfaction_ratings": 3,
        "visits": 4,
        "popup_activations": 2,
        "visits_per_open_day": X(4 / 11),
        "popup_activations_per_open_day": X(2 / 11),
        "visits_per_1000": X(0.4),  # 1,000 x 4 / 10,000
        "popup_activations_per_1000": X(0.2),
        "visits_per_hour": X(4 / 99),  # 11 days x 9 hours
        "popup_activations_per_hour": X(2 / 99),
    },
    {"stop_id": "S3", "open_days": 6, "hours_per_day": X(9.0), **NOTHING_COUNTED},
    {"stop_id": "S4", "open_days": 6, "hours_per_day": X(9.0), **NOTHING_COUNTED},
    {"stop_id": "S5", "open_days": 6, "hours_per_day": X(9.0), **NOTHING_COUNTED},
    {
        "stop_id": "S2",
        "open_days": 9,
        "hours_per_day": X(9.0),
        "has_visits": True,
        "satisfaction_ratings": 2,
        "visits": 3,
        "popup_activations": 2,
        "visits_per_open_day": X(1 / 3),
        "popup_activations_per_open_day": X(2 / 9),
        "visits_per_1000": X(0.15),  # 1,000 x 3 / 20,000
        "popup_activations_per_1000": X(0.1),
        "visits_per_hour": X(3 / 81),  # 9 days x 9 hours
        "popup_activations_per_hour": X(2 / 81),
    },
]


def test_the_stops_as_the_pages_read_them(db):
    frame = page_query(db, "stops").select(list(STOPS_FOR_PAGES[0]))
    assert frame.to_dicts() == STOPS_FOR_PAGES


# Mitte, cumulative: 09.09. 5, 10.09. 11, 22.09. 17, 23.09. 28 (and 28 until 01.10.); Altona: 25.09. 6
@pytest.mark.parametrize(
    ("weekly", "days"),
    [
        # the last day of each week in 09.09.-25.09.2024 (Sundays 15.09. and 22.09.), and the period's last day
        (True, [D(2024, 9, 15), D(2024, 9, 22), D(2024, 9, 25)]),
        (False, [D(2024, 9, 9) + dt.timedelta(days=n) for n in range(17)]),
    ],
)
def test_the_uptake_series_every_day_or_at_each_weeks_end(db, weekly, days):
    series = page_query(
        db,
        "uptake_series",
        date_from=D(2024, 9, 9),
        date_to=D(2024, 9, 25),
        weekly=weekly,
        districts=("Hamburg-Mitte", "Altona"),
    )
    rows = {(r["district"], r["date"]): r["uptake"] for r in series.to_dicts()}
    assert sorted(rows) == sorted((district, day) for district in ("Hamburg-Mitte", "Altona") for day in days)
    assert rows["Hamburg-Mitte", D(2024, 9, 22)] == X(0.2017)
    assert rows["Hamburg-Mitte", D(2024, 9, 25)] == X(0.2028)
    assert rows["Altona", D(2024, 9, 25)] == X(0.2503)  # 0.25 + 6 / 20,000
    # no district chosen: all seven, each on the same days (Harburg has no activation then: 0.30 throughout)
    every = page_query(
        db, "uptake_series", date_from=D(2024, 9, 9), date_to=D(2024, 9, 25), weekly=weekly, districts=()
    )
    assert every.height == 7 * len(days)
    assert every.filter(district="Harburg")["uptake"].to_list() == [X(0.30)] * len(days)
    if weekly:
        assert rows["Hamburg-Mitte", D(2024, 9, 15)] == X(0.2011)
        # both together: s0 x P = 2,000 + 5,000 = 7,000 of 30,000 residents; 25.09.: + 28 + 6
        pooled = page_query(
            db,
            "uptake_pooled_series",
            date_from=D(2024, 9, 9),
            date_to=D(2024, 9, 25),
            weekly=True,
            districts=("Hamburg-Mitte", "Altona"),
        )
        assert pooled.rows() == [
            (D(2024, 9, 15), X(7_011 / 30_000)),
            (D(2024, 9, 22), X(7_017 / 30_000)),
            (D(2024, 9, 25), X(7_034 / 30_000)),
        ]


@pytest.mark.parametrize(
    ("day", "mitte", "harburg", "hamburg"),
    [
        (D(2024, 9, 1), 0.20, 0.30, 0.255),  # before the first activation (09.09.2024): the shares at the start
        (D(2024, 9, 10), 0.2011, 0.30, 0.25511),
        (D(2025, 7, 1), 0.2153, 0.30005, 0.25728),  # after the last day with data (10.06.2025): that day's values
    ],
)
def test_the_uptake_on_a_day_before_within_and_after_the_data(db, day, mitte, harburg, hamburg):
    uptake = dict(page_query(db, "uptake_at", day=day, districts=()).select("district", "uptake").iter_rows())
    assert len(uptake) == 7
    assert (uptake["Hamburg-Mitte"], uptake["Harburg"]) == (X(mitte), X(harburg))
    assert page_query(db, "uptake_pooled_at", day=day, districts=())["uptake"].to_list() == [X(hamburg)]


# The compare page's "about what" for one stop: S1 V1, V3 eID activation -> activated, V4 -> not resolved, V2 PIN
# reset -> resolved; 23.09.-02.10.2024 holds V1, V2, V3; S2: V6, V7 activated, V5 help with a service -> resolved
@pytest.mark.parametrize(
    ("stop", "date_to", "expected"),
    [
        (
            "S1",
            D(2024, 10, 5),
            [
                ("eid_activation", "eid_activated", 2),
                ("eid_activation", "not_resolved", 1),
                ("pin_reset", "resolved", 1),
            ],
        ),
        ("S1", D(2024, 10, 2), [("eid_activation", "eid_activated", 2), ("pin_reset", "resolved", 1)]),
        ("S2", D(2025, 5, 31), [("eid_activation", "eid_activated", 2), ("service_help", "resolved", 1)]),
    ],
)
def test_a_stops_visits_by_topic_and_outcome(db, stop, date_to, expected):
    topics = page_query(db, "visits_by_topic", stop_id=stop, date_from=D(2024, 9, 23), date_to=date_to)
    assert topics.rows() == expected
