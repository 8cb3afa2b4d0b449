"""Why a file's header was not found: what its first lines hold instead (issue 28, item 11).

Only called when a file is refused for a missing required column, never on the way of a file that loads. It
looks at the first lines for the contract's header: below a title row ("header found in line 3"), or split by
another delimiter ("line 1 has one column, separated by ','; the file seems to use '|'"). Each hint is one part
of the refusal's message (parts are joined by "; "), worded from a closed set that ui.loader_words translates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from etl.schema import Kind, normalise_header

LOOK_AT = 30  # lines: a title block is a few lines, never a page
SEEN_DELIMITERS = (",", ";", "\t", "|")  # the loader reads the first three; '|' is named when a file uses it


def shown(delimiter: str) -> str:
    """A delimiter as the message names it: ',' ';' '|' or 'tab'."""
    return "tab" if delimiter == "\t" else repr(delimiter)


def _columns_word(n: int) -> str:
    return "one column" if n == 1 else f"{n} columns"


def has_header(names: Sequence[str], kind: Kind) -> bool:
    """Whether these cells name every required column of the kind."""
    by_key = {key: col.name for col in kind.columns for key in col.header_keys}
    found = {by_key.get(normalise_header(str(n))) for n in names if n is not None}
    return all(c.name in found for c in kind.columns if c.required)


def _first_lines(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        return [line.rstrip("\r\n") for _, line in zip(range(LOOK_AT), f, strict=False)]


def csv_hints(path: Path, kind: Kind, delimiter: str, n_cells: int) -> list[str]:
    """Hints for a CSV file whose first line lacks a required column (read as split by `delimiter` into
    `n_cells` cells): where the header is, and which delimiter it uses."""
    for number, line in enumerate(_first_lines(path), start=1):
        for candidate in SEEN_DELIMITERS:
            cells = next(csv.reader(io.StringIO(line), delimiter=candidate), [])
            if not has_header(cells, kind):
                continue
            first = f"line 1 has {_columns_word(n_cells)}, separated by {shown(delimiter)}"
            if number > 1:
                found = f"header found in line {number}"
                if candidate != delimiter:
                    found += f", separated by {shown(candidate)}"
                return [first, found + f": delete the {_lines_word(number - 1)} above it"]
            seems = f"the file seems to use {shown(candidate)}"
            if candidate not in (",", ";", "\t"):
                seems += ", which the loader does not read: save it with ',' or ';'"
            return [first, seems]
    return []


def sheet_hints(rows: Sequence[Sequence[object]], kind: Kind) -> list[str]:
    """Hints for a sheet whose first row lacks a required column: the row that holds the header."""
    for number, row in enumerate(rows[:LOOK_AT], start=1):
        if number > 1 and has_header([("" if v is None else str(v)).strip() for v in row], kind):
            return [f"header found in line {number}: delete the {_lines_word(number - 1)} above it"]
    return []


def _lines_word(n: int) -> str:
    return "line" if n == 1 else f"{n} lines"


def line_delimiters(con, delimiter: str, n_cells: int) -> None:
    """Add `hint` to the malformed lines of a CSV file (temp table src_rejects): for a line that the header's
    delimiter does not split into the header's `n_cells` cells but another delimiter does, which one it seems to
    use (the rows of an office export saved with ';' under a header typed with ',')."""
    con.sql(
        """
        alter table src_rejects add column if not exists hint varchar;
        update src_rejects set hint = (
            select 'the line seems to use ' || case when d = e'\\t' then 'tab' else '''' || d || '''' end
                   || ' (the header uses ' || $shown || ')'
            from unnest([',', ';', e'\\t']) as t(d)
            where d <> $delim and len(string_split(line_text, d)) = $n
            limit 1
        )
        """,
        params={"delim": delimiter, "n": n_cells, "shown": shown(delimiter)},
    )
