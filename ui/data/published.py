"""The one place where roles below analyst (senate, district) get counts of people (docs/DISCLOSURE.md).

Analysts see the exact tables (with the audited suppression of ui.data.visitors); a session below the analyst role
is given, instead:

- a stop's tables of who came (age bands, districts of residence, weekday × hour) over the **complete ISO weeks**
  of its visits, perturbed by the **cell-key method** (etl.publication, the ONS package) with record keys from the
  visit ids: a daily load changes them once a week, by a week's visitors and a perturbation nobody can undo;
- its pop-up activations by district of residence summed from the published (perturbed) daily counts;
- its visits by topic and outcome over the complete ISO weeks of the chosen period, perturbed the same way;
- a stop's visits and pop-up activations (the stop KPIs, the stop row, the impact page's counted activations:
  one figure) over its groups of complete weeks as one perturbed cell each, and the KPIs made from them;
- every figure made from activations (uptake, the all-activations export, the stop KPIs) from the published
  schema (ui.data.store routes the session's queries there).

The counts of people grow by **groups of weeks** (etl.publication.groups): a stop's complete weeks are added to its
tables, and to a period's tables, only in groups of at least the threshold's number of visitors (pop-up
activations for the table of them), so a quiet week of 1 or 2 visitors is held back until the weeks after it
complete the group, and no two publications (loads, periods) differ by 1 or 2 people.

A perturbed count below the threshold is not published ("·", `hidden`), whatever its true value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
import streamlit as st

from etl import disclosure, publication
from etl.schema import OUTCOMES, TOPICS
from ui.data.store import Version, is_published, query, version


def applies() -> bool:
    """Whether this session is given the published figures (every role below analyst)."""
    return is_published()


def week_end(day: dt.date) -> dt.date:
    """The Sunday that ends the last complete ISO week up to `day` (the day itself when it is a Sunday)."""
    return day - dt.timedelta(days=day.isoweekday() % 7)


def week_start(day: dt.date) -> dt.date:
    """The Monday that starts the first complete ISO week from `day` on (the day itself when it is a Monday)."""
    return day + dt.timedelta(days=(8 - day.isoweekday()) % 7)


def data_week_end() -> dt.date:
    """The end of the last complete ISO week of the measured data (ui/sql/published_until.sql; not the span of
    the data, which runs to the end of planned stops)."""
    until = query("published_until")["until"][0]
    return until if until is not None else dt.date.min


@st.cache_data(show_spinner=False, max_entries=32)
def _groups(until: dt.date, minimum: int, version_: Version) -> pl.DataFrame:
    weekly = query("published_stop_weeks", until=until)
    rows = []
    for (stop_id,), weeks in weekly.group_by("stop_id", maintain_order=True):
        for units in ("visits", "activations"):
            for first, last, count in publication.groups(list(weeks.select("monday", units).iter_rows()), minimum):
                rows.append((stop_id, units, first, last, count))
    schema = {"stop_id": pl.String, "units": pl.String, "first_day": pl.Date, "last_day": pl.Date, "count": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def groups(units: str = "visits") -> pl.DataFrame:
    """Every stop's published groups of complete weeks (etl.publication.groups) by `units` ("visits" or
    "activations"): stop_id, first_day (a Monday), last_day (a Sunday), count."""
    found = _groups(data_week_end(), disclosure.threshold(), version())
    return found.filter(pl.col("units") == units).drop("units")


def stop_until(stop_id: str, units: str = "visits") -> dt.date:
    """The last day a stop's tables count: the end of its last published group of weeks (dt.date.min: none)."""
    ends = groups(units).filter(pl.col("stop_id") == stop_id)["last_day"]
    return ends.max() if ends.len() else dt.date.min  # type: ignore[return-value]


def stop_period(stop_id: str, date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The days of a stop a period's table counts: from the first to the last of the stop's published groups of
    weeks that lie wholly within the period's complete weeks (the first after the last: none)."""
    first, last = whole_weeks(date_from, date_to)
    inside = groups().filter(
        (pl.col("stop_id") == stop_id) & (pl.col("first_day") >= first) & (pl.col("last_day") <= last)
    )
    if inside.height == 0:
        return dt.date.max, dt.date.min
    return inside["first_day"].min(), inside["last_day"].max()  # type: ignore[return-value]


def _in_groups(units: pl.DataFrame, first: dt.date, last: dt.date) -> pl.DataFrame:
    """Of a period's visits (a column visit_id), those in a group of weeks of their stop that lies wholly within
    [first, last] (complete weeks)."""
    days = query("published_period_units", date_from=first, date_to=last)
    inside = groups().filter((pl.col("first_day") >= first) & (pl.col("last_day") <= last))
    admitted = days.join(inside, on="stop_id").filter(pl.col("visit_date").is_between("first_day", "last_day"))
    return units.filter(pl.col("visit_id").is_in(admitted["visit_id"].implode()))


def _secret() -> bytes:
    return query("disclosure_key")["disclosure_key"][0].encode()


@st.cache_data(show_spinner=False, max_entries=256)
def _stop_table(
    stop_id: str, categories: dict[str, list] | None, until: dt.date, minimum: int, version_: Version
) -> pl.DataFrame:
    dims = list(categories) if categories else ["weekday", "hour"]
    visits = query("stop_visits_published", stop_id=stop_id, until=until)
    units = publication.with_record_keys(visits, _secret())
    grid = categories or {"weekday": list(range(1, 8)), "hour": list(range(24))}
    table = publication.perturbed(units.select(*dims, "record_key"), dims, grid, minimum).rename({"count": "visits"})
    if categories is None:  # the hours from the first to the last with a published cell: read off the grid only
        shown = table.filter(~pl.col("hidden"))["hour"]
        if shown.len() == 0:
            return table.head(0)
        table = table.filter(pl.col("hour").is_between(shown.min(), shown.max()))
    return table


def stop_table(stop_id: str, categories: dict[str, list] | None) -> pl.DataFrame:
    """A stop's table of visits by `categories` ("hour": weekday × hour) as published: its published groups of
    complete ISO weeks, cell-key perturbed; columns as ui.data.visitors' tables (the count null where `hidden`)."""
    return _stop_table(stop_id, categories, stop_until(stop_id), disclosure.threshold(), version())


def popup_by_residence(stop_id: str, districts: list[str]) -> pl.DataFrame:
    """A stop's pop-up activations by district of residence, summed from the published daily counts (the
    session's queries read the published schema); a sum below the threshold is not published."""
    counts = query("popup_by_residence", stop_id=stop_id)
    grid = pl.DataFrame({"district": districts})
    table = grid.join(counts, on="district", how="left", maintain_order="left").with_columns(
        pl.col("activations").fill_null(0).cast(pl.Int64)
    )
    hidden = pl.col("activations") < disclosure.threshold()
    return table.with_columns(activations=pl.when(hidden).then(None).otherwise(pl.col("activations")), hidden=hidden)


def whole_weeks(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The complete ISO weeks of the period that lie within the data (the first may lie after the last: none)."""
    return week_start(date_from), min(week_end(date_to), data_week_end())


@st.cache_data(show_spinner=False, max_entries=256)
def _topics(stop_id: str, date_from: dt.date, date_to: dt.date, minimum: int, version_: Version) -> pl.DataFrame:
    visits = query("stop_topics_published", stop_id=stop_id, date_from=date_from, date_to=date_to)
    units = publication.with_record_keys(visits, _secret())
    table = publication.perturbed(
        units.select("topic", "outcome", "record_key"),
        ["topic", "outcome"],
        {"topic": list(TOPICS), "outcome": list(OUTCOMES)},
        minimum,
    )
    return table.filter(~pl.col("hidden")).select("topic", "outcome", visits="count")


def topics(stop_id: str, date_from: dt.date, date_to: dt.date) -> pl.DataFrame:
    """Visits of one stop by topic and outcome as published: over the stop's published groups of complete ISO
    weeks within the period (stop_period), cell-key perturbed, only the combinations published (a perturbed count
    of at least the threshold)."""
    first, last = stop_period(stop_id, date_from, date_to)
    if first > last:
        return pl.DataFrame(schema={"topic": pl.String, "outcome": pl.String, "visits": pl.Int64})
    return _topics(stop_id, first, last, disclosure.threshold(), version())


@dataclass(frozen=True)
class PeriodCounts:
    """A period's visits, pop-up activations and the activations that count towards cost per activation, as
    published: over the period's complete ISO weeks, of each stop only its published groups of weeks wholly
    within them, each cell-key perturbed (null: below the threshold)."""

    first: dt.date
    last: dt.date
    visits: int | None
    popup_activations: int | None
    costed_activations: int | None
    exact_costed_activations: int  # only to turn period_totals' cost per activation back into the cost


@st.cache_data(show_spinner=False, max_entries=256)
def _period_counts(
    first: dt.date, last: dt.date, districts: tuple, stops: tuple, minimum: int, version_: Version
) -> PeriodCounts:
    visits = query("period_visits_published", date_from=first, date_to=last, districts=districts, stops=stops)
    units = publication.with_record_keys(_in_groups(visits, first, last), _secret())
    return PeriodCounts(
        first,
        last,
        _keyed_cell(units, minimum),
        _keyed_cell(units.filter(pl.col("activated")), minimum),
        _keyed_cell(units.filter(pl.col("costed")), minimum),
        int(visits["costed"].sum() or 0),  # all the period's: period_totals' cost per activation counts them all
    )


def period_counts(date_from: dt.date, date_to: dt.date, districts: tuple, stops: tuple) -> PeriodCounts:
    """The period's counts as published (see PeriodCounts); none when it holds no complete week."""
    first, last = whole_weeks(date_from, date_to)
    return _period_counts(first, last, tuple(districts), tuple(stops), disclosure.threshold(), version())


@st.cache_data(show_spinner=False, max_entries=128)
def _asked_services(
    first: dt.date, last: dt.date, districts: tuple, stops: tuple, minimum: int, version_: Version
) -> pl.DataFrame:
    visits = query("asked_services_published", date_from=first, date_to=last, districts=districts, stops=stops)
    units = publication.with_record_keys(_in_groups(visits, first, last), _secret())
    table = publication.perturbed(units.select("service_id", "record_key"), ["service_id"], None, minimum)
    names = query("services").select("service_id", service_name_de="name_de", service_name_en="name_en")
    return (
        table.filter(~pl.col("hidden"))
        .join(names, on="service_id", how="left")
        .select("service_id", "service_name_de", "service_name_en", visits="count")
        .sort(["visits", "service_id"], descending=[True, False])
    )


def asked_services(date_from: dt.date, date_to: dt.date, districts: tuple, stops: tuple) -> pl.DataFrame:
    """The services people were helped with at the pop-up as published: the complete ISO weeks of the period (of
    each stop its published groups of weeks wholly within them), cell-key perturbed, only services with a
    published count."""
    first, last = whole_weeks(date_from, date_to)
    if first > last:
        first = last = dt.date.min  # no complete week: nothing
    return _asked_services(first, last, tuple(districts), tuple(stops), disclosure.threshold(), version())


@st.cache_data(show_spinner=False, max_entries=256)
def _own_district(stop_id: str, until: dt.date, minimum: int, version_: Version) -> int | None:
    visits = query("stop_own_district_published", stop_id=stop_id, until=until)
    units = publication.with_record_keys(visits, _secret())
    table = publication.perturbed(
        units.select("residence", "record_key"), ["residence"], {"residence": ["own", "other"]}, minimum
    )
    return table.filter(pl.col("residence") == "own")["count"][0]


def own_district_activations(stop_id: str) -> int | None:
    """A stop's pop-up activations by residents of its district as published (its groups of complete ISO weeks
    by pop-up activations, cell-key perturbed; None below the threshold): the impact sentence's "of them the district's residents"."""
    return _own_district(stop_id, stop_until(stop_id, "activations"), disclosure.threshold(), version())


def _keyed_cell(units: pl.DataFrame, minimum: int) -> int | None:
    """Visits with their record keys (a column record_key) counted as one cell, cell-key perturbed; None below
    the threshold."""
    cell = publication.perturbed(units.select(cell=pl.lit("all"), record_key="record_key"), ["cell"], {"cell": ["all"]}, minimum)
    return cell["count"][0]


def _one_cell(visits: pl.DataFrame, minimum: int) -> int | None:
    """The visits (a column visit_id) counted as one cell, cell-key perturbed; None below the threshold."""
    return _keyed_cell(publication.with_record_keys(visits.select("visit_id"), _secret()), minimum)


@st.cache_data(show_spinner=False, max_entries=256)
def _popup_activations(stop_id: str, until: dt.date, minimum: int, version_: Version) -> int | None:
    return _one_cell(query("stop_own_district_published", stop_id=stop_id, until=until), minimum)


def popup_activations(stop_id: str) -> int | None:
    """A stop's pop-up activations (its visits with outcome eid_activated) as published: its groups of complete ISO
    weeks by pop-up activations, cell-key perturbed, None below the threshold — the total of the two cells of
    own_district_activations (the same contributors). The impact page's "N counted at the pop-up"."""
    return _popup_activations(stop_id, stop_until(stop_id, "activations"), disclosure.threshold(), version())


@st.cache_data(show_spinner=False, max_entries=256)
def _visits(stop_id: str, until: dt.date, minimum: int, version_: Version) -> int | None:
    return _one_cell(query("stop_visits_published", stop_id=stop_id, until=until), minimum)


def visits(stop_id: str) -> int | None:
    """A stop's visits as published: its groups of complete ISO weeks by visits (the weeks its tables of who came
    count), as one cell, cell-key perturbed, None below the threshold."""
    return _visits(stop_id, stop_until(stop_id), disclosure.threshold(), version())


def with_counts(stops: pl.DataFrame) -> pl.DataFrame:
    """Rows of stops (the stop KPIs, mart_stops) with each stop's visits and pop-up activations as published
    (visits, popup_activations) and every figure of theirs made from them computed again by the KPI macros
    (ui/sql/stop_counts_published.sql): one number for a stop's visits and pop-up activations on every page, in
    the briefing and the export — the impact page's "N counted at the pop-up" included. A figure the exact rows
    leave empty (a stop without a visit log) stays empty."""
    ids = stops["stop_id"].to_list()
    if not ids:
        return stops
    counts = query(
        "stop_counts_published",
        stop_ids=ids,
        visits=[visits(s) for s in ids],
        popup_activations=[popup_activations(s) for s in ids],
    )
    replaced = [c for c in counts.columns if c != "stop_id" and c in stops.columns]
    joined = stops.join(counts.select("stop_id", *replaced), on="stop_id", how="left", suffix="_published")
    return joined.with_columns(
        pl.when(pl.col(c).is_not_null()).then(pl.col(f"{c}_published")).cast(stops.schema[c]).alias(c)
        for c in replaced
    ).select(stops.columns)


@st.cache_data(show_spinner=False, max_entries=64)
def _campaign_popup(stops: tuple, untils: tuple, minimum: int, version_: Version) -> int | None:
    parts = [query("stop_own_district_published", stop_id=s, until=u) for s, u in zip(stops, untils, strict=True)]
    return _one_cell(pl.concat(parts) if parts else pl.DataFrame(schema={"visit_id": pl.String}), minimum)


def campaign_popup_activations(stop_ids: list[str]) -> int | None:
    """The pop-up activations of these stops together as published: every stop's activations in its groups of
    complete weeks by pop-up activations, counted as one cell and cell-key perturbed, None below the threshold
    (the impact page's campaign figure; not the sum of the stops' published counts, whose hidden ones it would
    leave out)."""
    untils = tuple(stop_until(s, "activations") for s in stop_ids)
    return _campaign_popup(tuple(stop_ids), untils, disclosure.threshold(), version())


@st.cache_data(show_spinner=False, max_entries=256)
def _visitors_elsewhere(weeks_by_stop: tuple, minimum: int, version_: Version) -> int | None:
    parts = [query("stop_visitors_elsewhere_published", stop_id=s, weeks=list(w)) for s, w in weeks_by_stop]
    return _one_cell(pl.concat(parts) if parts else pl.DataFrame(schema={"visit_id": pl.String}), minimum)


def visitors_from_elsewhere(weeks_by_stop: dict[str, tuple[dt.date, ...]]) -> int | None:
    """The visitors from other districts of these stops in the given ISO weeks (Mondays) together, as published:
    one cell, cell-key perturbed (the same visits, the same figure), None below the threshold — what the impact
    page counts a spill-over in (beta × these visitors) for roles below analyst."""
    frozen = tuple(sorted((stop_id, tuple(weeks)) for stop_id, weeks in weeks_by_stop.items()))
    return _visitors_elsewhere(frozen, disclosure.threshold(), version())
