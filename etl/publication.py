"""What roles below analyst (senate, district) are given of counts of people: the cell-key method of the
statistical offices, with the Office for National Statistics' package `cell-key-perturbation` (docs/DISCLOSURE.md).

- **Record keys**: every unit counted (a visit) has a record key from 0 to 255, the HMAC of the
  warehouse's secret disclosure key and the unit's identity (a visit: its `visit_id`). A cell's key is the sum of
  its units' record keys modulo 256 (activations come as daily counts per district and channel, without units of
  their own: such a cell's key is the HMAC of the cell and its count), so **the same contributors always get the
  same perturbation**: a cell looked at again after a load, or in a period that adds nothing to it, shows the
  same figure; a cell with other contributors gets a perturbation that cannot be told from its neighbour's.
- **The perturbation table** (`ptable`): by the cell key, a count of 1 or more gets −2, −1, 0, +1 or +2 (with
  chances 10 %, 20 %, 40 %, 20 %, 10 %; never below 0). A perturbed count below the threshold (3) is not
  published at all ("·"), so a shown figure lies at most 2 from the count and a hidden one stands for 0 to 4.
  In a table of people, a count below the threshold (1 or 2) always goes to 0, whatever its cell key: it is
  never shown, so a shown cell always holds at least the threshold's number of people (a 1 shown as 3 beside
  a stop's exact total of 2 visits would give the 1 away; docs/DISCLOSURE.md). Daily activation counts, which
  are summed, keep the plain table (`change`).
- **Whole weeks**: the tables are worked out over complete ISO weeks only (ui.data.published), so a daily load
  changes them once a week, by seven days' visitors and a new perturbation. The end of the last complete week
  is worked out here once per build (published.week_end), and the visits up to it (published.stg_visits)
  shadow the exact ones on the published search path: the stops' visits and pop-up activations (stop KPIs) of
  a running stop change by whole weeks too.
- **Groups of weeks** (`groups`, applied by ui.data.published): a stop's weeks are added to its tables only in
  groups of at least the threshold's number of units (visitors; pop-up activations for the tables of them): a
  quiet week is held back until the weeks after it bring the group to the threshold, so no difference of two
  publications (loads, periods) is a group of 1 or 2 people. A stop's last weeks that never reach it are never
  added.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import io
import itertools
import re
from functools import cache
from typing import TYPE_CHECKING

import duckdb

from etl.config import SQL_DIR

if TYPE_CHECKING:  # polars only where a table of people is perturbed: a load (build) runs without it
    import polars as pl

KEY_RANGE = 256  # record and cell keys 0 … 255
MAX_CHANGE = 2  # the largest perturbation of a published count
# The ptable's perturbation by cell key: the first 26 of 256 keys −2, the next 51 −1, 102 keep the count, 51 +1,
# 26 +2 (about 10 %, 20 %, 40 %, 20 %, 10 %; mean 0).
STEPS = ((26, -2), (77, -1), (179, 0), (230, 1), (KEY_RANGE, 2))
MAX_PCV = 750  # the package's ptable covers counts 1 … 750 and reuses 501 … 750 above
SCHEMA = "published"
NULL_MARK = "\0"  # a category that is not recorded, as the package's pandas tables carry it
# The models that read activations, copied into the published schema over the perturbed daily counts (the table
# macros mart_uptake_at, mart_uptake_series and mart_stop_kpis need no copy: a macro reads whatever the session's
# search path finds first, ui.data.store).
MODELS = ("marts/mart_uptake_daily", "marts/mart_district_kpis", "marts/mart_campaign_kpis", "marts/mart_stops")
# Worked out before the copies: the end of the last complete ISO week, and the visits up to it (published.stg_visits
# shadows the exact visits, so the stops' visits and pop-up activations change by whole weeks only).
WEEKS = ("published/week_end", "published/visits")


def record_key(secret: bytes, unit: str) -> int:
    """A unit's record key: the HMAC-SHA256 of its identity under the secret, as a number from 0 to 255."""
    return hmac.new(secret, unit.encode(), hashlib.sha256).digest()[0] % KEY_RANGE


def change(count: int, cell_key: int) -> int:
    """The perturbation the ptable gives a count with this cell key (never taking the count below 0)."""
    step = next(value for bound, value in STEPS if cell_key < bound)
    return max(step, -count)


def table_change(count: int, cell_key: int, minimum: int) -> int:
    """The perturbation of a cell of a table of people: a count below the threshold always goes to 0 (it is
    never published, whatever its key); any other count as `change`."""
    return -count if count < minimum else change(count, cell_key)


@cache
def ptable(minimum: int):
    """The perturbation table of tables of people in the package's form (pandas: pcv, ckey, pvalue): counts
    below `minimum` to 0, the others by `change`."""
    import pandas as pd

    rows = [
        (pcv, ckey, table_change(pcv, ckey, minimum))
        for pcv, ckey in itertools.product(range(1, MAX_PCV + 1), range(KEY_RANGE))
    ]
    return pd.DataFrame(rows, columns=["pcv", "ckey", "pvalue"])


def perturbed(units: pl.DataFrame, dims: list[str], categories: dict[str, list] | None, minimum: int) -> pl.DataFrame:
    """The table of `units` (one row per unit: the dims and `record_key`) counted by `dims`, perturbed by the
    cell-key method and completed over `categories` (a missing cell counts 0): a column `count` (null when not
    published: the perturbed count is below `minimum`) and `hidden`."""
    import polars as pl
    from cell_key_perturbation.create_perturbed_table import create_perturbed_table

    if units.height:
        # the package groups with pandas, which drops null keys: every key as text, null as an explicit marker
        data = units.select(*(pl.col(c).cast(pl.String).fill_null(NULL_MARK) for c in dims), "record_key").to_pandas(
            use_pyarrow_extension_array=False
        )
        with contextlib.redirect_stdout(io.StringIO()):  # the package prints its checks
            table = create_perturbed_table(
                data=data, ptable=ptable(minimum), geog=[], tab_vars=dims, record_key="record_key", threshold=minimum
            )
        counted = pl.from_pandas(table[[*dims, "count"]].astype({"count": "float64"})).select(
            *(pl.col(c).replace(NULL_MARK, None).cast(units.schema[c]) for c in dims),
            pl.col("count").cast(pl.Int64),
        )
    else:
        counted = pl.DataFrame(schema={**{c: units.schema[c] for c in dims}, "count": pl.Int64})
    if categories:
        grid = pl.DataFrame(list(itertools.product(*categories.values())), schema=list(categories), orient="row")
        grid = grid.with_columns(pl.col(c).cast(units.schema[c]) for c in categories)
        counted = grid.join(counted, on=dims, how="left", nulls_equal=True, maintain_order="left")
    return counted.with_columns(hidden=pl.col("count").is_null())


def with_record_keys(visits: pl.DataFrame, secret: bytes) -> pl.DataFrame:
    """Visits (a column `visit_id`) with their record keys."""
    import polars as pl

    keys = [record_key(secret, f"visit|{v}") for v in visits["visit_id"].to_list()]
    return visits.with_columns(record_key=pl.Series(keys, dtype=pl.Int64))


def groups(weeks: list[tuple[dt.date, int]], minimum: int) -> list[tuple[dt.date, dt.date, int]]:
    """A stop's complete ISO weeks (their Monday and how many units they hold, in order) in the groups they are
    published in: each group runs from its first week's Monday to the Sunday of the week that brings its units
    to at least `minimum`; the weeks after the last such week form no group (held back: a later week may
    complete it). Greedy from the stop's first week, so the groups of a stop's first weeks never change when
    later weeks come in: (first Monday, last Sunday, units) per group."""
    found: list[tuple[dt.date, dt.date, int]] = []
    first: dt.date | None = None
    units = 0
    for monday, count in weeks:
        if count <= 0:
            continue
        first = monday if first is None else first
        units += count
        if units >= minimum:
            found.append((first, monday + dt.timedelta(days=6), units))
            first, units = None, 0
    return found


def cell_key(secret: bytes, cell: str, count: int) -> int:
    """The cell key of a count delivered as a number (an activation count per day, district and channel), whose
    units have no identity of their own: the HMAC of the cell and its count, 0 … 255. The same day's same count
    always gets the same key; one unit more, another (as a sum of record keys would), at one HMAC per cell."""
    return record_key(secret, f"{cell}|{count}")


def perturbed_count(day, district: str, channel: str, count: int, secret: bytes) -> int:
    """A daily activation count perturbed by the ptable under its cell key; a count of 0 stays 0."""
    return count + change(count, cell_key(secret, f"activations|{day}|{district}|{channel}", count)) if count else 0


def perturbed_counts(cells: pl.DataFrame, secret: bytes) -> pl.DataFrame:
    """Daily activation counts (date, district, channel, activations) with each count perturbed."""
    import polars as pl

    rows = cells.select("date", "district", "channel", "activations").iter_rows()
    values = [perturbed_count(day, district, channel, count, secret) for day, district, channel, count in rows]
    return cells.select("date", "district", "channel").with_columns(activations=pl.Series(values, dtype=pl.Int64))


def is_built(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the published schema holds everything build makes (the perturbed activations, the week's end, the
    published visits and the copied models)."""
    made = {"mart_activations_daily", "week_end", "stg_visits", *(model.split("/")[-1] for model in MODELS)}
    found = con.sql(
        "select table_name from duckdb_tables() where schema_name = $schema "
        "union all select view_name from duckdb_views() where schema_name = $schema",
        params={"schema": SCHEMA},
    ).fetchall()
    return made <= {name for (name,) in found}


def build(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)build the published schema at the end of the model build: the perturbed daily activations as
    published.mart_activations_daily, then published copies of the models that read them (same SQL, with the
    published schema first on the search path)."""
    cells = con.sql((SQL_DIR / "published" / "activation_cells.sql").read_text(encoding="utf-8")).fetchall()
    secret = (cells[0][4] if cells else "").encode()
    days = [cell[0] for cell in cells]
    districts = [cell[1] for cell in cells]
    channels = [cell[2] for cell in cells]
    published = [perturbed_count(cell[0], cell[1], cell[2], cell[3], secret) for cell in cells]
    con.sql((SQL_DIR / "published" / "schema.sql").read_text(encoding="utf-8"))
    con.sql(
        (SQL_DIR / "published" / "activations_daily.sql").read_text(encoding="utf-8"),
        params={"days": days, "districts": districts, "channels": channels, "activations": published},
    )
    for step in WEEKS:
        con.sql((SQL_DIR / f"{step}.sql").read_text(encoding="utf-8"))
    database = con.sql("select current_database()").fetchall()[0][0]
    con.sql(f"set search_path = '{database}.{SCHEMA},{database}.main'")
    try:
        for model in MODELS:
            name = model.split("/")[-1]
            body = (SQL_DIR / f"{model}.sql").read_text(encoding="utf-8")
            if re.match(r"--\s*parameters:", body):
                raise ValueError(f"{model}: a table macro needs no published copy")
            con.sql(f"create or replace table {SCHEMA}.{name} as {body}")
    finally:
        con.sql("reset search_path")
