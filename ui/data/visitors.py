"""Who came to a stop (age bands, districts of residence, hours and weekdays): counts of person attributes,
only ever handed out protected (etl.disclosure) and only to a viewer who may see that stop's visitors (ui.access).

Every table is over the stop as a whole (never a chosen period), completed over its categories, and comes with
a boolean column `hidden`; a hidden cell's count is null here already, so no page can show it by mistake.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl import disclosure
from etl.schema import AGE_BANDS, DISTRICTS
from ui import access
from ui.data import published
from ui.data import stops as stops_data
from ui.data.store import Version, query, version

WEEKDAYS = list(range(1, 8))


def visible_stops(stops: pl.DataFrame) -> pl.DataFrame:
    """The stops (rows of `stops`, with a column `district`) whose visitors this session may see."""
    viewer = access.current()
    allowed = [d for d in DISTRICTS if viewer is not None and viewer.sees_visitors_of(d)]
    return stops.filter(pl.col("district").is_in(allowed))


def _check(stop_id: str) -> None:
    stops = query("stops").filter(pl.col("stop_id") == stop_id)
    viewer = access.current()
    if stops.height != 1 or viewer is None or not viewer.sees_visitors_of(stops["district"][0]):
        raise PermissionError(f"the visitors of stop {stop_id!r} are not open to this session")


def may_see(stop_id: str) -> bool:
    """Whether this session may see who came to the stop."""
    try:
        _check(stop_id)
    except PermissionError:
        return False
    return True


def _protected(frame: pl.DataFrame, count: str, categories: dict[str, list], table_id: str) -> pl.DataFrame:
    key = query("disclosure_key")["disclosure_key"][0].encode()
    table = disclosure.protect(frame, count, categories, key=key, table_id=table_id)
    return table.with_columns(pl.when(pl.col("hidden")).then(None).otherwise(pl.col(count)).alias(count))


# table: its page query, the count, the categories (the hours: from the first to the last visited one)
TABLES: dict[str, tuple[str, str, dict[str, list] | None]] = {
    "age": ("visits_by_age", "visits", {"age_band": [*AGE_BANDS, None]}),
    "residence": ("visits_by_residence", "visits", {"resident_district": [*DISTRICTS, None]}),
    "hour": ("visits_by_hour", "visits", None),
    "popup_residence": ("popup_by_residence", "activations", {"district": list(DISTRICTS)}),
}


@st.cache_data(show_spinner=False, max_entries=256)
def _table(name: str, stop_id: str, minimum: int, version_: Version) -> pl.DataFrame:
    """A stop's protected table, worked out once per warehouse version and threshold (the audit's linear
    programmes are the dearest thing a page does; the result depends on nothing else)."""
    sql, count, categories = TABLES[name]
    counts = query(sql, stop_id=stop_id)
    if categories is None:
        if counts.height == 0:
            return counts.with_columns(hidden=pl.lit(False))
        first, last = counts.select(pl.col("hour").min().alias("first"), pl.col("hour").max().alias("last")).row(0)
        categories = {"weekday": WEEKDAYS, "hour": list(range(first, last + 1))}
    return _protected(counts, count, categories, f"{stop_id}/{name}")


def _protected_table(name: str, stop_id: str) -> pl.DataFrame:
    """The table for this session: exact with audited suppression for an analyst, else as published."""
    _check(stop_id)
    if published.applies():
        if name == "popup_residence":
            return published.popup_by_residence(stop_id, list(DISTRICTS))
        return published.stop_table(stop_id, TABLES[name][2])
    return _table(name, stop_id, disclosure.threshold(), version())


def by_age(stop_id: str) -> pl.DataFrame:
    """Visits of the stop by age band (null: not recorded)."""
    return _protected_table("age", stop_id)


def by_residence(stop_id: str) -> pl.DataFrame:
    """Visits of the stop by district of residence (null: not recorded)."""
    return _protected_table("residence", stop_id)


def by_hour(stop_id: str) -> pl.DataFrame:
    """Visits of the stop by ISO weekday (1 = Monday) and hour; every hour from the first to the last visited."""
    return _protected_table("hour", stop_id)


def popup_by_residence(stop_id: str) -> pl.DataFrame:
    """Pop-up eID activations over the stop's days by the district of residence (the activation counts of the
    channel popup): a visitor attribute like the visits by residence, under the same rules."""
    return _protected_table("popup_residence", stop_id)


PROFILES = {"age": (by_age, "age_band"), "residence": (by_residence, "resident_district")}


def shares(stops: pl.DataFrame, profile: str) -> pl.DataFrame:
    """For each stop of `stops` whose visitors this session may see: the share of its visits in each category of
    the profile ("age" or "residence"), from the protected table (a hidden count has no share: null, `hidden`),
    and `hidden_share`, what the hidden cells make up together (so the bar still adds up to 100 %)."""
    table_of, column = PROFILES[profile]
    visits = dict(stops_data.stop_rows().select("stop_id", "visits").iter_rows())
    parts = []
    for stop in visible_stops(stops).iter_rows(named=True):
        total = visits.get(stop["stop_id"]) or 0
        if not total:
            continue
        table = table_of(stop["stop_id"]).rename({column: "category"})
        shown = table.with_columns(share=pl.col("visits") / total)
        hidden_share = max(0.0, 1 - (shown["share"].sum() or 0.0))  # published counts may add up to more
        parts.append(
            shown.select(
                pl.lit(stop["stop_id"]).alias("stop_id"),
                pl.lit(f"{stop['venue']} ({stop['district']})").alias("label"),
                pl.col("category").cast(pl.String),
                "share",
                "hidden",
                pl.lit(hidden_share if table["hidden"].any() else 0.0).alias("hidden_share"),
            )
        )
    schema = {
        "stop_id": pl.String,
        "label": pl.String,
        "category": pl.String,
        "share": pl.Float64,
        "hidden": pl.Boolean,
        "hidden_share": pl.Float64,
    }
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)
