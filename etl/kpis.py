"""The KPIs of KPIS.md as one JSON-ready dict: campaign, stops (by start_date) and districts."""

from __future__ import annotations

import datetime as dt
import math

import duckdb

from etl.config import FOLLOW_UP_DAYS

STOP_KEYS = (
    "stop_id",
    "district",
    "venue",
    "start_date",
    "end_date",
    "open_days",
    "visits",
    "visits_per_open_day",
    "popup_activations",
    "conversion_rate",
    "activations_during",
    "activations_before",
    "activations_per_1000_during",
    "activations_per_1000_before",
    "uptake_before",
    "uptake_after",
    "uptake_lift_pp",
    "eid_share_before",
    "eid_share_during",
    "eid_share_after",
    "completion_rate_during",
    "avg_satisfaction",
    "cost_per_activation",
)
CAMPAIGN_KEYS = (
    "stops",
    "districts_visited",
    "visits",
    "popup_activations",
    "conversion_rate",
    "national_baseline",
    "as_of",
    "hamburg_uptake_start",
    "hamburg_uptake_latest",
    "districts_above_baseline",
)
DISTRICT_KEYS = ("district", "population_16plus", "uptake_start", "uptake_latest")


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _rows(con: duckdb.DuckDBPyConnection, query: str, keys: tuple[str, ...], params=None) -> list[dict]:
    relation = con.sql(query, params=params)
    names = relation.columns
    return [{key: _json_value(row[names.index(key)]) for key in keys} for row in relation.fetchall()]


def compute(con: duckdb.DuckDBPyConnection, follow_up_days: int = FOLLOW_UP_DAYS) -> dict:
    return {
        "campaign": _rows(con, "select * from mart_campaign_kpis", CAMPAIGN_KEYS)[0],
        "stops": _rows(
            con, "select * from mart_stop_kpis(follow_up_days := $f)", STOP_KEYS, params={"f": follow_up_days}
        ),
        "districts": _rows(con, "select * from mart_district_kpis", DISTRICT_KEYS),
    }
