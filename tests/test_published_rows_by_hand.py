"""The visits the published figures count (ui/sql/*_published.sql), row by row on the hand-made campaign, worked out
by hand (issue 33): the cell-key method (ui.data.published, etl.publication) perturbs counts of exactly these rows
for roles below analyst, so a period's bound, a filter or a condition slipped here changes what those roles read.

The campaign's visits (tests/campaign.py): S1 Hamburg-Mitte (cost 1,500 EUR) V1 Mon 23.09.2024 eID activated, a
Hamburg-Mitte resident, 65+; V2 Tue 24.09. pin reset, Altona, 50-64; V3 Wed 02.10. activated, no residence, 30-49;
V4 Sat 05.10. 18:30 eID not resolved, Hamburg-Mitte, no age. S2 Altona (no cost) V5 Wed 21.05.2025 service help
with resident_parking, Altona, 16-29; V6 Sat 31.05. activated, Altona, 65+; V7 Thu 22.05. activated, Eimsbüttel.
"""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import page_query

D = dt.date
FIRST, LAST = D(2024, 1, 1), D(2025, 12, 31)


def _rows(db, name: str, **params) -> list[tuple]:
    return sorted(page_query(db, name, **params).rows())


def test_the_services_asked_rows(campaign_warehouse):
    def asked(date_from=FIRST, date_to=LAST, districts=(), stops=()):
        params = {"date_from": date_from, "date_to": date_to, "districts": districts, "stops": stops}
        return _rows(campaign_warehouse, "asked_services_published", **params)

    v5 = [("V5", "resident_parking")]
    assert asked() == v5  # the one visit with a service
    assert asked(D(2025, 5, 21), D(2025, 5, 21)) == v5  # its day alone
    assert asked(D(2025, 5, 14), D(2025, 5, 20)) == []  # the week that ends the day before
    assert asked(D(2025, 5, 22), D(2025, 5, 28)) == []  # the days that start the day after
    assert asked(districts=("Altona",)) == v5 and asked(districts=("Hamburg-Mitte",)) == []
    assert asked(stops=("S2",)) == v5 and asked(stops=("S1",)) == []


def test_the_period_visits_rows(campaign_warehouse):
    def visits(date_from=FIRST, date_to=LAST, districts=(), stops=()):
        params = {"date_from": date_from, "date_to": date_to, "districts": districts, "stops": stops}
        return _rows(campaign_warehouse, "period_visits_published", **params)

    # (visit, activated, costed): activations at S1 count towards cost per activation, S2's not (no cost)
    every = {
        "V1": ("V1", True, True),
        "V2": ("V2", False, False),
        "V3": ("V3", True, True),
        "V4": ("V4", False, False),
        "V5": ("V5", False, False),
        "V6": ("V6", True, False),
        "V7": ("V7", True, False),
    }
    assert visits() == list(every.values())
    assert visits(D(2024, 9, 24), D(2024, 10, 5)) == [every[v] for v in ("V2", "V3", "V4")]  # both days count
    assert visits(D(2024, 9, 23), D(2024, 10, 4)) == [every[v] for v in ("V1", "V2", "V3")]  # not 05.10.'s V4
    assert visits(districts=("Altona",)) == [every[v] for v in ("V5", "V6", "V7")]  # the stops in Altona: S2
    assert visits(stops=("S1",)) == [every[v] for v in ("V1", "V2", "V3", "V4")]


def test_one_stops_topic_rows(campaign_warehouse):
    def topics(date_from=FIRST, date_to=LAST, stop_id="S1"):
        params = {"stop_id": stop_id, "date_from": date_from, "date_to": date_to}
        return _rows(campaign_warehouse, "stop_topics_published", **params)

    v1 = ("V1", "eid_activation", "eid_activated")
    v2 = ("V2", "pin_reset", "resolved")
    v3 = ("V3", "eid_activation", "eid_activated")
    v4 = ("V4", "eid_activation", "not_resolved")
    assert topics() == [v1, v2, v3, v4]  # S1's visits only
    assert topics(D(2024, 9, 24), D(2024, 10, 5)) == [v2, v3, v4]
    assert topics(D(2024, 9, 23), D(2024, 10, 4)) == [v1, v2, v3]


@pytest.mark.slow
def test_one_stops_visitor_rows_up_to_a_week_end(campaign_warehouse):
    def visitors(until, stop_id="S1"):
        rows = page_query(campaign_warehouse, "stop_visits_published", stop_id=stop_id, until=until)
        return sorted(rows.select("visit_id", "age_band", "resident_district").rows())

    # up to Sun 29.09.2024: V1, V2; the week after adds V3 (02.10.) and V4 (05.10.)
    assert visitors(D(2024, 9, 29)) == [("V1", "65+", "Hamburg-Mitte"), ("V2", "50-64", "Altona")]
    assert visitors(D(2024, 10, 6)) == [
        ("V1", "65+", "Hamburg-Mitte"),
        ("V2", "50-64", "Altona"),
        ("V3", "30-49", None),
        ("V4", None, "Hamburg-Mitte"),
    ]
    assert [v for v, *_ in visitors(LAST, "S2")] == ["V5", "V6", "V7"]


def test_one_stops_activations_by_residence(campaign_warehouse):
    def residence(until, stop_id):
        return _rows(campaign_warehouse, "stop_own_district_published", stop_id=stop_id, until=until)

    # activated only: S1's V1 (a Hamburg-Mitte resident: own) and V3 (no residence: not the district's, other)
    assert residence(LAST, "S1") == [("V1", "own"), ("V3", "other")]
    assert residence(D(2024, 9, 29), "S1") == [("V1", "own")]  # V3 on 02.10. lies after
    assert residence(LAST, "S2") == [("V6", "own"), ("V7", "other")]  # Altona's V6, Eimsbüttel's V7


def test_one_stops_visits_by_topic_for_the_analyst(campaign_warehouse):
    # the unperturbed table the analyst reads (ui/sql/visits_by_topic.sql): S1's visits by topic and outcome
    def topics(date_from=FIRST, date_to=LAST):
        params = {"stop_id": "S1", "date_from": date_from, "date_to": date_to}
        return page_query(campaign_warehouse, "visits_by_topic", **params).rows()

    # V1, V3 activated, V4 not resolved (eid_activation), V2 pin reset; none of S2's
    assert topics() == [
        ("eid_activation", "eid_activated", 2),
        ("eid_activation", "not_resolved", 1),
        ("pin_reset", "resolved", 1),
    ]
    # 24.09. - 05.10.: V2, V3, V4 (both days count); 23.09. - 04.10.: V1, V2, V3 (not 05.10.'s V4)
    assert topics(D(2024, 9, 24), D(2024, 10, 5)) == [
        ("eid_activation", "eid_activated", 1),
        ("eid_activation", "not_resolved", 1),
        ("pin_reset", "resolved", 1),
    ]
    assert topics(D(2024, 9, 23), D(2024, 10, 4)) == [
        ("eid_activation", "eid_activated", 2),
        ("pin_reset", "resolved", 1),
    ]
