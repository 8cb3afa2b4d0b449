"""The KPIs of KPIS.md as one JSON-ready dict: campaign, stops (by start_date) and districts."""

from __future__ import annotations

import datetime as dt
import math

import duckdb

from etl import registry
from etl.config import FOLLOW_UP_DAYS

STOP_KEYS = registry.keys("stop")
CAMPAIGN_KEYS = registry.keys("campaign")
DISTRICT_KEYS = registry.keys("district")


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


def all_kpis(con: duckdb.DuckDBPyConnection, follow_up_days: int = FOLLOW_UP_DAYS) -> dict:
    """Every KPI of KPIS.md: the JSON of `python -m etl kpis`."""
    return {
        "campaign": _rows(con, "select * from mart_campaign_kpis", CAMPAIGN_KEYS)[0],
        "stops": _rows(
            con, "select * from mart_stop_kpis(follow_up_days := $f)", STOP_KEYS, params={"f": follow_up_days}
        ),
        "districts": _rows(con, "select * from mart_district_kpis", DISTRICT_KEYS),
    }
