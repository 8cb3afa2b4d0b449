"""The export tables' filters, row by row, worked out by hand on the hand-made campaign (tests/campaign.py) with two
more activation rows: a second channel on a pop-up day (23.09.2024 Hamburg-Mitte, citizen office, 9) and another
district during stop S1 (25.09.2024 Altona, citizen office, 6).

Stops: S1 Hamburg-Mitte 23.09.–05.10.2024, S2 Altona 21.05.–31.05.2025.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from campaign import write_clean
from helpers import load

from etl import export

D = dt.date
# all channels together, per day and district of residence (activations_total: what every role may download)
TOTALS = [
    (D(2024, 9, 9), "Hamburg-Mitte", 5),
    (D(2024, 9, 10), "Hamburg-Mitte", 4),
    (D(2024, 9, 22), "Hamburg-Mitte", 6),
    (D(2024, 9, 23), "Hamburg-Mitte", 11),  # pop-up 2 + citizen office 9
    (D(2024, 9, 25), "Altona", 6),
    (D(2024, 10, 5), "Hamburg-Mitte", 3),
    (D(2024, 10, 6), "Hamburg-Mitte", 7),
    (D(2024, 11, 2), "Hamburg-Mitte", 10),
    (D(2024, 11, 3), "Hamburg-Mitte", 100),
    (D(2025, 1, 15), "Wandsbek", 50),
    (D(2025, 5, 9), "Altona", 1),
    (D(2025, 5, 10), "Altona", 8),
    (D(2025, 5, 21), "Altona", 2),  # the two pop-up rows of one key, summed by the load
    (D(2025, 6, 10), "Altona", 4),
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    folder = write_clean(tmp_path_factory.mktemp("filters") / "in")
    with (folder / "activations.csv").open("a", encoding="utf-8") as file:
        file.write("2024-09-23,Hamburg-Mitte,citizen_office,9\n2024-09-25,Altona,citizen_office,6\n")
    db = folder.parent / "warehouse.duckdb"
    assert load(db, folder)[0] == 0
    connection = duckdb.connect(str(db), read_only=True)
    yield connection
    connection.close()


def rows(con, table: str, columns: list[str], **selection) -> list[tuple]:
    return export.frame(con, table, export.Selection(**selection)).select(columns).rows()


def test_activations_total_sums_the_channels_of_a_day(con):
    assert rows(con, "activations_total", ["date", "district", "activations"]) == TOTALS


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        # the period's first and last day count
        ({"date_from": D(2024, 9, 23), "date_to": D(2024, 10, 5)}, [TOTALS[3], TOTALS[4], TOTALS[5]]),
        ({"districts": ("Altona",)}, [TOTALS[4], *TOTALS[10:]]),
        ({"districts": ("Wandsbek", "Altona"), "date_from": D(2025, 1, 1)}, TOTALS[9:]),
        # a stop: its district's days from its first to its last day, not Altona's 25.09. during S1
        ({"stops": ("S1",)}, [TOTALS[3], TOTALS[5]]),
        ({"stops": ("S1", "S2")}, [TOTALS[3], TOTALS[5], TOTALS[12]]),
    ],
)
def test_activations_total_filters(con, selection, expected):
    assert rows(con, "activations_total", ["date", "district", "activations"], **selection) == expected


def test_activations_per_channel_filters(con):
    columns = ["date", "district", "channel", "activations"]
    assert rows(con, "activations", columns, stops=("S1",)) == [
        (D(2024, 9, 23), "Hamburg-Mitte", "citizen_office", 9),
        (D(2024, 9, 23), "Hamburg-Mitte", "popup", 2),
        (D(2024, 10, 5), "Hamburg-Mitte", "citizen_office", 3),
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
        ((D(2024, 10, 5), D(2025, 5, 20)), ["S1"]),  # starts on S1's last day, ends the day before S2
        ((D(2024, 10, 6), D(2025, 5, 20)), []),  # between the stops
        ((D(2025, 5, 31), D(2025, 12, 31)), ["S2"]),  # starts on S2's last day
    ],
)
def test_stop_kpis_keep_the_stops_that_overlap_the_period(con, period, stops):
    selection = {"date_from": period[0], "date_to": period[1]}
    assert [row[0] for row in rows(con, "stop_kpis", ["stop_id"], **selection)] == stops
