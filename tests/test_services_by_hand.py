"""The online-services page's tables, worked out by hand for periods that cut weeks and for districts other than
the hand-made campaign's Hamburg-Mitte (test_pages.py reads the page itself for that one).

Data: the hand-made campaign (tests/campaign.py: online services in Hamburg-Mitte 25.08.-03.11.2024) plus the
Wandsbek and Bergedorf rows of test_stop_kpis_edges_by_hand.py (MORE_USAGE), and four visits more in which people
were helped with a service, so that the services asked for at the pop-up have different counts.
"""

from __future__ import annotations

import datetime as dt

import pytest
from campaign import write_clean
from helpers import load, page_query
from test_stop_kpis_edges_by_hand import MORE_USAGE

D = dt.date
X = pytest.approx
# V5 (the campaign's own, S2 21.05.2025) asked about resident_parking
MORE_VISITS = """\
V8,S2,2025-05-22T11:00,service_help,resolved,good_conduct,30-49,Altona,4,10
V9,S2,2025-05-23T12:00,service_help,resolved,good_conduct,65+,Altona,,
V10,S2,2025-05-21T15:00,service_help,resolved,kita_voucher,30-49,Altona,,
V11,S1,2024-09-25T10:00,service_help,resolved,good_conduct,50-64,Hamburg-Mitte,,
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    more = {"service_usage": MORE_USAGE, "visits": MORE_VISITS}
    folder = write_clean(tmp_path_factory.mktemp("services") / "in", more)
    db = folder.parent / "warehouse.duckdb"
    status, report = load(db, folder)
    assert status == 0, report
    return db


WHOLE = {"date_from": D(2024, 8, 1), "date_to": D(2025, 6, 30)}


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        # most asked first, a tie by service id: good_conduct V8, V9, V11; kita_voucher V10; resident_parking V5
        ({}, [("good_conduct", 3), ("kita_voucher", 1), ("resident_parking", 1)]),
        ({"districts": ("Altona",)}, [("good_conduct", 2), ("kita_voucher", 1), ("resident_parking", 1)]),
        ({"stops": ("S1",)}, [("good_conduct", 1)]),
        # 22.-31.05.2025: V8, V9 (V5 and V10 are on 21.05., V11 in 2024)
        ({"date_from": D(2025, 5, 22), "date_to": D(2025, 5, 31)}, [("good_conduct", 2)]),
        # 21.-22.05.2025: V5, V10 (21.05.) and V8 (22.05.); not V9 of 23.05., the day after the period
        (
            {"date_from": D(2025, 5, 21), "date_to": D(2025, 5, 22)},
            [("good_conduct", 1), ("kita_voucher", 1), ("resident_parking", 1)],
        ),
    ],
)
def test_the_services_asked_for_at_the_pop_up(db, selection, expected):
    params = {**WHOLE, "districts": (), "stops": (), **selection}
    asked = page_query(db, "asked_services", **params)
    assert asked.select("service_id", "visits").rows() == expected
    if expected[0][0] == "good_conduct":
        assert asked.row(0)[1:3] == ("Führungszeugnis", "Certificate of good conduct")


# Wandsbek 16.12.2024-19.01.2025 (15.12. and later ones lie outside):
#   good_conduct: 16.12. 4, 12.01. 3, 15.01. 2, 19.01. 1 = 10 started, 10 completed, eID 0
#   resident_parking (eID): 16.12. 1, 12.01. 2, 19.01. 1 = 4, 4 completed
#   appointment_booking: 15.01. 4 started, 2 completed; kita_voucher (eID): 12.01. 1, 1
# most started first, a tie (4) by service id
TOP_WANDSBEK = [
    ("good_conduct", 10, 10, X(1.0), X(0.0)),
    ("appointment_booking", 4, 2, X(0.5), X(0.0)),
    ("resident_parking", 4, 4, X(1.0), X(1.0)),
    ("kita_voucher", 1, 1, X(1.0), X(1.0)),
]


@pytest.mark.parametrize(("limit", "districts"), [(10, ("Wandsbek",)), (3, ("Wandsbek",)), (10, ())])
def test_the_top_services_of_a_period(db, limit, districts):
    # with every district: the same (Mitte's rows end 03.11.2024, Bergedorf's begin 01.03.2025)
    top = page_query(
        db, "top_services", date_from=D(2024, 12, 16), date_to=D(2025, 1, 19), districts=districts, limit=limit
    )
    columns = ["service_id", "started", "completed", "completion_rate", "eid_share"]
    assert top.select(columns).rows() == TOP_WANDSBEK[:limit]


def test_the_eid_share_of_a_service_whose_started_and_completed_differ(db):
    # Hamburg-Mitte 23.09. - 03.11.2024: resident_parking 23.09. eID 4 started, 3 completed; 02.11. eID 2, 2;
    # 03.11. user name 50, 40 -> 56 started, 45 completed, of them by eID 4 + 2 = 6 started (5 completed): eID
    # share 6 / 56 (started by eID over all started; not 5 / 56, nor 6 / 45), completion 45 / 56. kita_voucher
    # 05.10. user name 4, 4 -> 0 / 4 by eID. appointment_booking 30.09. without counts, which the contract reads
    # as 1 started (started's default) and 1 completed (completed's default: = started), without eID -> 0 / 1.
    top = page_query(
        db, "top_services", date_from=D(2024, 9, 23), date_to=D(2024, 11, 3), districts=("Hamburg-Mitte",), limit=10
    )
    assert top.select("service_id", "started", "completed", "completion_rate", "eid_share").rows() == [
        ("resident_parking", 56, 45, X(45 / 56), X(6 / 56)),
        ("kita_voucher", 4, 4, X(1.0), X(0.0)),
        ("appointment_booking", 1, 1, X(1.0), X(0.0)),
    ]


def test_completion_by_way_of_signing_in(db):
    # Wandsbek 16.12.2024-19.01.2025: eID 1 + 2 + 1 + 1 = 5 started, 5 completed; user name: 10 + 4 = 14
    # started, 10 + 2 = 12 completed
    rows = page_query(db, "completion_by_auth", date_from=D(2024, 12, 16), date_to=D(2025, 1, 19), districts=())
    assert rows.rows() == [("eid", 5, 5, X(1.0)), ("username_password", 14, 12, X(12 / 14))]


@pytest.mark.parametrize(
    ("districts", "date_from", "date_to", "expected"),
    [
        # Mon 16.12.2024-Wed 15.01.2025: the week of 13.01. has 3 days in the period (a partial week)
        (
            ("Wandsbek",),
            D(2024, 12, 16),
            D(2025, 1, 15),
            [
                (D(2024, 12, 16), "eid", 1, 1, X(1 / 7), True),
                (D(2024, 12, 16), "username_password", 4, 4, X(4 / 7), True),
                (D(2025, 1, 6), "eid", 3, 3, X(3 / 7), True),  # 12.01.: resident_parking 2, kita_voucher 1
                (D(2025, 1, 6), "username_password", 3, 3, X(3 / 7), True),
                (D(2025, 1, 13), "username_password", 6, 4, X(6 / 3), False),  # 15.01.: 4 (2) + 2 (2)
            ],
        ),
        # Mon 13.01. - Sat 18.01.2025 (6 days of the week): 15.01.'s 4 (2) + 2 (2); not Sunday 19.01.'s, the day after
        (
            ("Wandsbek",),
            D(2025, 1, 13),
            D(2025, 1, 18),
            [(D(2025, 1, 13), "username_password", 6, 4, X(6 / 6), False)],
        ),
        # Thu 16.01. - Sun 19.01.2025 (4 days): 19.01.'s eID 1 and 1 without; not Wednesday 15.01.'s, the day before
        (
            ("Wandsbek",),
            D(2025, 1, 16),
            D(2025, 1, 19),
            [
                (D(2025, 1, 13), "eid", 1, 1, X(1 / 4), False),
                (D(2025, 1, 13), "username_password", 1, 1, X(1 / 4), False),
            ],
        ),
        # 01.-31.03.2025 and the data end on Mon 10.03.: Sat 01.03. and Sun 02.03. of the week of 24.02. lie in
        # the period, the week of 10.03. has one day of data; all districts: the same (only Bergedorf has rows)
        (
            ("Bergedorf",),
            D(2025, 3, 1),
            D(2025, 3, 31),
            [
                (D(2025, 2, 24), "username_password", 2, 2, X(2 / 2), False),
                (D(2025, 3, 3), "eid", 3, 3, X(3 / 7), True),  # 03.03. 1, 08.03. 2
                (D(2025, 3, 3), "username_password", 1, 0, X(1 / 7), True),
                (D(2025, 3, 10), "username_password", 5, 5, X(5 / 1), False),
            ],
        ),
    ],
)
def test_the_weekly_use_with_partial_weeks_at_either_edge(db, districts, date_from, date_to, expected):
    columns = ["week", "auth_method", "started", "completed", "started_per_day", "is_whole_week"]
    weekly = page_query(db, "usage_weekly", date_from=date_from, date_to=date_to, districts=districts)
    assert weekly.select(columns).rows() == expected
    if districts == ("Bergedorf",):
        every = page_query(db, "usage_weekly", date_from=date_from, date_to=date_to, districts=())
        assert every.select(columns).rows() == expected
