"""Statistical disclosure control for counts of people by their attributes (visits and pop-up activations by age
band, district of residence, hour and weekday), as official statistics publish such tables.

- **Fixed units**: every table covers one stop as a whole, never a period someone chose, so that two
  overlapping selections cannot be subtracted from each other.
- **Primary suppression**: a count of 1 up to threshold − 1 (default 3: counts of 1 and 2) is hidden.
- **Secondary suppression, audited**: a table's lines (in a one-way table the table, in a two-way table every
  row and column) add up to totals that are published elsewhere (a stop's visits). After hiding, `audit` works
  out for every hidden cell the range of values consistent with everything published about the table (the
  shown cells, every line total, counts ≥ 0), with a linear programme (SciPy's HiGHS). More cells are hidden
  until every primary cell's range is at least `threshold` wide, or until there is nothing left to hide on its
  lines (a table whose total is itself below the threshold ends up hidden whole).
- **Which extra cells**: among the cells that could protect a primary cell, the choice follows a keyed
  pseudo-random order (HMAC of the table and cell under a secret key kept in the warehouse), not the smallest
  value: an attacker who knows a value-based rule can replay it and pin the hidden cells (a published
  "< 3, 4, < 3, 9, 0" of a 19-visit stop under "smallest other cell" gives exactly 4 and 2). The order is the
  same on every request, so that reloading a page never shows a different pattern to intersect.
- **One mark for every hidden cell** ("·", withheld), primary or secondary alike (ui.formats.hidden_mark).

What this cannot protect against: an attacker who holds the secret key (operators who hold the warehouse file,
who see the rows anyway), and knowledge from outside the dashboard (someone who knows they were one of two
visitors aged 16–29).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
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


@dataclass(frozen=True)
class Table:
    """A table of counts as the audit sees it: values, and its lines (the cells whose sum is published)."""

    values: list[int]
    lines: list[list[int]]

    @classmethod
    def of(cls, frame: pl.DataFrame, count: str, dims: list[str]) -> Table:
        keys = frame.select(dims).rows()
        lines: list[list[int]] = []
        for d in range(len(dims)):  # the cells that differ only in dimension d form a line
            groups: dict[tuple, list[int]] = {}
            for i, key in enumerate(keys):
                groups.setdefault(key[:d] + key[d + 1 :], []).append(i)
            lines.extend(groups.values())
        return cls([int(v) for v in frame[count].to_list()], lines)

    def lines_of(self, cell: int) -> list[list[int]]:
        return [line for line in self.lines if cell in line]


def audit(table: Table, hidden: list[bool]) -> dict[int, tuple[float, float]]:
    """For every hidden cell, the smallest and largest value consistent with the shown cells, every line's total
    and counts ≥ 0 (a linear programme; these tables' constraints are totally unimodular, so the bounds are the
    integer bounds)."""
    return dict(_ranges(table, hidden, [i for i, h in enumerate(hidden) if h]))


def _ranges(table: Table, hidden: list[bool], asked: list[int]) -> Iterator[tuple[int, tuple[float, float]]]:
    """The audited range of each cell in `asked` (hidden cells), one after the other, as they are worked out."""
    from scipy.optimize import linprog

    cells = [i for i, h in enumerate(hidden) if h]
    if not cells:
        return
    column = {cell: j for j, cell in enumerate(cells)}
    rows, totals = [], []
    for line in table.lines:
        in_line = [c for c in line if hidden[c]]
        if not in_line:
            continue
        row = np.zeros(len(cells))
        row[[column[c] for c in in_line]] = 1
        rows.append(row)
        totals.append(sum(table.values[c] for c in in_line))
    a_eq, b_eq = np.array(rows), np.array(totals, dtype=float)
    bounds = [(0, None)] * len(cells)
    for cell in asked:
        objective = np.zeros(len(cells))
        objective[column[cell]] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if low.fun is None or high.fun is None:  # the shown totals always admit the true table: cannot happen
            raise ValueError(f"disclosure audit: no solution ({low.message}; {high.message})")
        yield cell, (round(low.fun, 9), round(-high.fun, 9))


def _order(key: bytes, table_id: str, cell: int) -> bytes:
    """The cell's place in the keyed pseudo-random order of its table."""
    return hmac.new(key, f"{table_id}|{cell}".encode(), hashlib.sha256).digest()


def _first_exposed(table: Table, hidden: list[bool], minimum: int) -> int | None:
    """The first primary cell whose audited range is narrower than the threshold requires (the cells are worked
    out in order and the search stops there: one more cell gets hidden for it, and the table is audited again)."""
    primary = [c for c, h in enumerate(hidden) if h and 0 < table.values[c] < minimum]
    return next((c for c, (low, high) in _ranges(table, hidden, primary) if high - low < minimum), None)


def suppressed(table: Table, minimum: int, key: bytes = b"", table_id: str = "") -> list[bool]:
    """Which cells to hide: the primary cells, then more (see the module's notes) until the audit passes."""
    hidden = [0 < v < minimum for v in table.values]

    def candidates(cells: list[int]) -> list[int]:
        """Shown cells on the lines of `cells`, non-zero ones first, each group in the keyed order."""
        near = {c for cell in cells for line in table.lines_of(cell) for c in line if not hidden[c]}
        return sorted(near, key=lambda c: (table.values[c] == 0, _order(key, table_id, c)))

    primary = list(hidden)
    while True:
        # A line with one hidden cell gives it away by subtraction; a line whose hidden cells are all primary
        # tells anyone who knows the rule that each lies between 1 and threshold − 1. Either gets one more.
        weak = [
            line
            for line in table.lines
            if any(hidden[c] for c in line)
            and (sum(hidden[c] for c in line) == 1 or all(primary[c] for c in line if hidden[c]))
            and any(not hidden[c] for c in line)
        ]
        if weak:
            line = weak[0]
            choice = [c for c in candidates([c for c in line if hidden[c]]) if c in line]
            hidden[choice[0]] = True
            continue
        exposed = _first_exposed(table, hidden, minimum)
        if exposed is None:
            return hidden
        more = candidates([exposed]) or candidates([c for c, h in enumerate(hidden) if h])
        if not more:  # everything on its lines is hidden and still too narrow (a tiny table): stop
            return hidden
        hidden[more[0]] = True


def protect(
    frame: pl.DataFrame,
    count: str,
    categories: dict[str, list],
    *,
    key: bytes = b"",
    table_id: str = "",
    minimum: int | None = None,
) -> pl.DataFrame:
    """A table of counts completed over its categories, with a boolean column `hidden` (primary and audited
    secondary suppression along all of its dimensions). `key` and `table_id` fix the order in which extra cells
    are chosen (the warehouse's disclosure key and e.g. "<stop_id>/age")."""
    completed = complete(frame, count, categories)
    table = Table.of(completed, count, list(categories))
    hidden = suppressed(table, threshold() if minimum is None else minimum, key, table_id)
    return completed.with_columns(hidden=pl.Series(hidden, dtype=pl.Boolean))
