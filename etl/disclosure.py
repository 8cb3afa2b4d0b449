"""Statistical disclosure control for counts of visits by person attributes (age band, district of residence,
hour, satisfaction), as official statistics publish them.

Primary suppression: a count of 1 up to threshold − 1 (default 3: counts of 1 and 2) is not shown, but as
"< 3". Secondary suppression: a table's lines (a row, a column; in a one-way table the whole table) add up to
totals that are published elsewhere (a stop's visits), so a line with a single suppressed cell would give it
away by subtraction. Each such line gets a second suppressed cell, the smallest other non-zero count (a zero
only if there is no other), and this is repeated until no line has exactly one, which in a two-way table can
spread over rows and columns. The tables are computed over fixed units (a stop as a whole, never a period
someone chose), so that two overlapping selections cannot be subtracted from each other.
"""

from __future__ import annotations

import itertools
import os

import polars as pl

DEFAULT_THRESHOLD = 3


def threshold() -> int:
    """The smallest count that is shown: DASHBOARD_MIN_COUNT, else 3."""
    value = os.environ.get("DASHBOARD_MIN_COUNT", "")
    return int(value) if value.strip().isdigit() and int(value) >= 1 else DEFAULT_THRESHOLD


def complete(frame: pl.DataFrame, count: str, categories: dict[str, list]) -> pl.DataFrame:
    """The table with every combination of the categories, missing ones as 0, in category order (a value that
    is not among the categories is kept, after them)."""
    grid = pl.DataFrame(
        list(itertools.product(*categories.values())), schema=list(categories), orient="row"
    ).with_columns(pl.col(c).cast(frame.schema[c]) for c in categories)
    return grid.join(
        frame, on=list(categories), how="full", coalesce=True, nulls_equal=True, maintain_order="left_right"
    ).with_columns(pl.col(count).fill_null(0))


def suppress(frame: pl.DataFrame, count: str, dims: list[str], minimum: int | None = None) -> pl.DataFrame:
    """The frame with a boolean column `hidden` (primary and secondary suppression, see above)."""
    minimum = threshold() if minimum is None else minimum
    values = frame[count].to_list()
    suppressed = [0 < v < minimum for v in values]
    keys = frame.select(dims).rows()
    lines: list[list[int]] = []
    for d in range(len(dims)):  # the cells that differ only in dimension d form a line
        groups: dict[tuple, list[int]] = {}
        for i, key in enumerate(keys):
            groups.setdefault(key[:d] + key[d + 1 :], []).append(i)
        lines.extend(groups.values())
    changed = any(suppressed)
    while changed:
        changed = False
        for line in lines:
            if sum(suppressed[i] for i in line) != 1:
                continue
            others = [i for i in line if not suppressed[i]]
            if not others:
                continue
            nonzero = [i for i in others if values[i] > 0]
            chosen = min(nonzero or others, key=lambda i: (values[i], i))
            suppressed[chosen] = True
            changed = True
    return frame.with_columns(hidden=pl.Series(suppressed, dtype=pl.Boolean))


def protect(frame: pl.DataFrame, count: str, categories: dict[str, list]) -> pl.DataFrame:
    """A table of counts completed over its categories (complete) and suppressed along all of them (suppress)."""
    return suppress(complete(frame, count, categories), count, list(categories))
