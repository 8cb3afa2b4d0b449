"""Semantic mutants for `make mutate MUTATE_KIND=semantic` (issue 33): the slips a colleague makes at the places a
user reads a figure, not symbol swaps.

Operators (each mutant named `path:line: <operator>: <what>`):

- `date bound`: a date bound shifted by one day (`$date_to` -> `$date_to - 1`, `between a and b` -> `b + 1` or
  `a - 1`, `timedelta(days=n)` -> `n + 1`), and `between a and b` made half-open (`x >= a and x < b`);
- `day/month`: day and month swapped in a date format string (`%d.%m.%Y` -> `%m.%d.%Y`, `dd.mm.yyyy`);
- `constant`: the use of a named constant replaced by a nearby literal (`FOLLOW_UP_DAYS` -> 27, the baseline's
  share -> 0.24, `$follow_up_days` -> 27);
- `swap columns`: one reference to a column replaced by another of the same type (visits <-> popup_activations,
  start_date <-> end_date, started <-> completed, activations_during <-> activations_before, …);
- `drop predicate`: one conjunct of a WHERE (or a FILTER's WHERE) left out;
- `swap ratio`: numerator and denominator swapped (a ratio macro's two arguments, a Python `/`);
- `drop filter`: one keyword argument left out of a call that passes a filter on (Selection, params, query).

The mutants share tools/mutate.py's machinery (copy, map, outcomes, equivalents); only their generation is here.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterator
from pathlib import Path

# Where a semantic slip changes what a user reads: the KPI SQL, the page queries, the exports and the Python that
# turns figures into tiles, sentences, filters and files.
TARGETS = (
    "etl/sql",
    "ui/sql",
    "etl/export.py",
    "etl/kpis.py",
    "ui/data/overview.py",
    "ui/data/stops.py",
    "ui/sentences.py",
    "ui/state.py",
    "ui/formats.py",
    "ui/briefing/content.py",
)

# The test files that read each target, those that kill a mutant soonest (small hand-made campaigns) first: a
# semantic run without a map (tools/mutate.py) runs a mutant against the files of the longest prefix of its path,
# stopping at the first failure. The demo-sized and the flaky files (test_publication's attacker) are left out.
WAREHOUSE_TESTS = (
    "tests/test_kpis_hand.py",
    "tests/test_boundaries_by_hand.py",
    "tests/test_stop_kpis_edges_by_hand.py",
    "tests/test_stop_order_by_hand.py",
    "tests/test_slips.py",
    "tests/test_campaign_edges_by_hand.py",
    "tests/test_services_by_hand.py",
    "tests/test_quality_by_hand.py",
    "tests/test_warehouse_tables.py",
    "tests/test_impact_by_hand.py",
    "tests/test_export.py",
    "tests/test_pages.py",
)
PAGE_TESTS = (
    "tests/test_published_rows_by_hand.py",
    "tests/test_boundaries_by_hand.py",
    "tests/test_stop_order_by_hand.py",
    "tests/test_services_by_hand.py",
    "tests/test_quality_by_hand.py",
    "tests/test_disclosure.py",
    "tests/test_pages.py",
)
TESTS = {
    "etl/sql": WAREHOUSE_TESTS,
    "etl/sql/exports": (
        "tests/test_boundaries_by_hand.py",
        "tests/test_campaign_edges_by_hand.py",
        "tests/test_stop_order_by_hand.py",
        "tests/test_read_back.py",
        "tests/test_export.py",
    ),
    "etl/sql/impact": (
        "tests/test_impact_by_hand.py",
        "tests/test_campaign_edges_by_hand.py",
        "tests/test_stop_order_by_hand.py",
        "tests/test_impact.py",
    ),
    "etl/sql/parsers.sql": ("tests/test_contract.py", "tests/test_loader_words.py", "tests/test_read_back.py"),
    "etl/sql/kept_versions_known.sql": ("tests/test_versions_recorded.py", "tests/test_operations.py"),
    "ui/sql": PAGE_TESTS,
    "etl/export.py": (
        "tests/test_boundaries_by_hand.py",
        "tests/test_read_back.py",
        "tests/test_campaign_edges_by_hand.py",
        "tests/test_export.py",
    ),
    "etl/kpis.py": ("tests/test_boundaries_by_hand.py", "tests/test_kpis_hand.py", "tests/test_slips.py"),
    "ui": (
        "tests/test_boundaries_by_hand.py",
        "tests/test_format.py",
        "tests/test_services_by_hand.py",
        "tests/test_quality_by_hand.py",
        "tests/test_disclosure.py",
        "tests/test_pages.py",
    ),
    "ui/briefing": ("tests/test_briefing_content.py", "tests/test_pages.py"),
}


def tests_for(path: str) -> list[str]:
    """The test files a semantic mutant of `path` (relative to the project) runs against, without a map."""
    prefixes = [p for p in TESTS if path == p or path.startswith(p.rstrip("/") + "/")]
    return list(TESTS[max(prefixes, key=len)]) if prefixes else []


SQL_SKIP = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\"[^\"]*\"")
DATE_NAMES = r"\$date_from|\$date_to|\$day|start_date|end_date|as_of|after_date|data_end|data_start"
PAIRS = [
    ("visits", "popup_activations"),
    ("start_date", "end_date"),
    ("started", "completed"),
    ("activations_during", "activations_before"),
    ("uptake_before", "uptake_after"),
    ("cumulative_before", "cumulative_after"),
    ("eid_started", "started"),
    ("date_from", "date_to"),
    ("open_days_in_period", "open_days"),
]
RATIOS = r"ratio|conversion_rate|visits_per_open_day|cost_per_activation|eid_share|completion_rate|per_1000|per_10000"
CLAUSE_END = re.compile(
    r"\b(group\s+by|order\s+by|having|window|qualify|union|limit|select|from|join|left\s+join)\b|\)|;", re.IGNORECASE
)


def _free(skipped: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(a < end and start < b for a, b in skipped)


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _closing(text: str, start: int) -> int:
    """The index of the `)` that closes the parenthesis opened just before `start` (depth counted from 1)."""
    depth = 1
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _split_top(text: str, separator: re.Pattern) -> list[tuple[int, int]]:
    """Spans of `text` between top-level (parenthesis depth 0) matches of `separator`."""
    spans, depth, start, i = [], 0, 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            match = separator.match(text, i)
            segment = text[start:i].lower()
            pending_between = len(re.findall(r"\bbetween\b", segment)) > len(re.findall(r"\band\b", segment))
            word = separator.pattern[:1].isalpha()
            if match and not (word and i > 0 and text[i - 1].isalnum()) and not pending_between:
                spans.append((start, i))
                start = i = match.end()
                continue
        i += 1
    spans.append((start, len(text)))
    return spans


def sql_mutants(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, what, mutated text) of every semantic slip in an SQL file."""
    masked = SQL_SKIP.sub(lambda m: " " * len(m.group(0)), text)
    skipped = [m.span() for m in SQL_SKIP.finditer(text)]

    def edit(start: int, end: int, new: str) -> str:
        return text[:start] + new + text[end:]

    # date bound: a period's bound, a stop's day, compared: one day later or earlier
    for match in re.finditer(rf"(?<=[<>=]\s)\s*({DATE_NAMES})\b|(?<=[<>=])({DATE_NAMES})\b", masked):
        start, end = match.span(match.lastindex or 1)
        name = text[start:end]
        for sign in ("+", "-"):
            yield _line(text, start), f"date bound: {name} -> {name} {sign} 1", edit(start, end, f"({name} {sign} 1)")
    for match in re.finditer(r"(\S+)\s+between\s+", masked, flags=re.IGNORECASE):
        subject = match.group(1)
        rest_start = match.end()
        end_clause = CLAUSE_END.search(masked, rest_start)
        limit = end_clause.start() if end_clause else len(masked)
        low_and = re.search(r"\s+and\s+", masked[rest_start:limit], flags=re.IGNORECASE)
        if not low_and or subject.lower() in ("and", "or", "where", "(") or "(" in subject:
            continue
        low = (rest_start, rest_start + low_and.start())
        high_start = rest_start + low_and.end()
        after = re.search(r"\s+(and|or)\s+|\s*\)|\s*,|\s*\n|\s*$", masked[high_start:limit])
        high = (high_start, high_start + (after.start() if after else limit - high_start))
        low_text, high_text = text[low[0] : low[1]], text[high[0] : high[1]]
        if not high_text.strip():
            continue
        line = _line(text, match.start())
        yield line, f"date bound: between upper {high_text.strip()} + 1", edit(high[0], high[1], f"({high_text}) + 1")
        yield line, f"date bound: between lower {low_text.strip()} - 1", edit(low[0], low[1], f"({low_text}) - 1")
        half_open = f"{subject} >= {low_text} and {subject} < {high_text}"
        yield line, f"date bound: between -> half-open on {subject}", edit(match.start(), high[1], half_open)

    # day/month in a format string
    for match in re.finditer(r"'(?:[^']|'')*'", text):
        literal = match.group(0)
        if "%d" in literal and "%m" in literal:
            swapped = literal.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
            yield _line(text, match.start()), f"day/month: {literal} -> {swapped}", edit(*match.span(), swapped)

    # constant: the baseline's share and the follow-up window by a nearby literal
    nearby: tuple[tuple[str, str | None], ...] = (
        (r"\b(baseline\.share|select share)\b", None),
        (r"\bfollow_up_days\b(?!\s*:=)", "27"),
    )
    for pattern, fixed in nearby:
        for found in re.finditer(pattern, masked):
            if not _free(skipped, *found.span()):
                continue
            near = ("select 0.24" if found.group(0).startswith("select") else "0.24") if fixed is None else fixed
            yield _line(text, found.start()), f"constant: {found.group(0)} -> {near}", edit(*found.span(), near)

    # swap columns of the same type, one reference at a time
    for a, b in PAIRS:
        for old, other in ((a, b), (b, a)):
            for reference in re.finditer(rf"(?<![\w$])\$?{old}\b", masked):
                preceding = masked[: reference.start()].rstrip().lower()
                following = masked[reference.end() :].lstrip().lower()
                alias = re.search(r"\b(from|join)\s+[\w.]+$", preceding)  # `from mart_visits visits`
                if alias or preceding.endswith(("from", "join")) or following.startswith(("as (", "as(", "(", ".")):
                    continue  # a table, a CTE or its alias, not a column
                name = ("$" if reference.group(0).startswith("$") else "") + other
                yield (
                    _line(text, reference.start()),
                    f"swap columns: {reference.group(0)} -> {name}",
                    edit(*reference.span(), name),
                )

    # drop one predicate of a WHERE (also a FILTER's)
    for where in re.finditer(r"\bwhere\b", masked, flags=re.IGNORECASE):
        start = where.end()
        in_filter = masked[: where.start()].rstrip().endswith("(")
        clause_end = CLAUSE_END.search(masked, start)
        stop = _closing(masked, start) if in_filter else clause_end.start() if clause_end else len(masked)
        body = masked[start:stop]
        conjuncts = [(x, y) for x, y in _split_top(body, re.compile(r"and\b", re.IGNORECASE)) if body[x:y].strip()]
        if len(conjuncts) < 2:
            continue
        for k, (x0, y0) in enumerate(conjuncts):
            kept = [text[start + x : start + y].strip() for j, (x, y) in enumerate(conjuncts) if j != k]
            dropped = " ".join(text[start + x0 : start + y0].split())
            rest = " " + "\n      and ".join(kept) + ("\n" if not in_filter else "")
            yield _line(text, start + x0), f"drop predicate: {dropped[:60]}", edit(start, stop, rest)

    # swap a ratio's numerator and denominator
    for match in re.finditer(rf"\b({RATIOS})\(", masked):
        if not _free(skipped, *match.span()) or masked[: match.start()].rstrip().lower().endswith("macro"):
            continue
        inner_start = match.end()
        inner_end = _closing(masked, inner_start)
        args = _split_top(masked[inner_start:inner_end], re.compile(","))
        if len(args) != 2:
            continue
        first = text[inner_start + args[0][0] : inner_start + args[0][1]].strip()
        second = text[inner_start + args[1][0] : inner_start + args[1][1]].strip()
        yield (
            _line(text, match.start()),
            f"swap ratio: {match.group(1)}({first[:30]}, {second[:30]})",
            edit(inner_start, inner_end, f"{second}, {first}"),
        )


# --- Python ---------------------------------------------------------------------------------------------------------
# calls whose keyword arguments are filters with a default (a missing one widens the selection, it is no error)
FILTER_CALLS = {"Selection", "selection", "params", "replace"}
CONSTANTS = {"FOLLOW_UP_DAYS": 28, "DEFAULT_THRESHOLD": 3, "PER": 10_000}


def _named(tree: ast.Module) -> dict[str, float]:
    """Module-level numeric constants of this file, with those the project shares."""
    found: dict[str, float] = dict(CONSTANTS)
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            number = node.value.value if isinstance(node.value, ast.Constant) else None
            if isinstance(number, int | float) and not isinstance(number, bool) and node.targets[0].id.isupper():
                found[node.targets[0].id] = number
    return found


def python_mutants(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, end line, what, mutated source) of every semantic slip in a Python file."""
    tree = ast.parse(text)
    named = _named(tree)
    definitions = {id(n.targets[0]) for n in tree.body if isinstance(n, ast.Assign)}
    nodes = list(ast.walk(tree))

    def mutated(index: int, change) -> str:
        copied = copy.deepcopy(tree)
        node = list(ast.walk(copied))[index]
        change(node, copied)
        return ast.unparse(copied) + "\n"

    def replace(node: ast.AST, tree_: ast.Module, new: ast.AST) -> None:
        for parent in ast.walk(tree_):
            for field, value in ast.iter_fields(parent):
                if value is node:
                    setattr(parent, field, new)
                elif isinstance(value, list):
                    for i, item in enumerate(value):
                        if item is node:
                            value[i] = new

    for index, node in enumerate(nodes):
        line, end = getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or getattr(node, "lineno", 0)
        # day/month in a format string
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            swapped = None
            if "%d" in value and "%m" in value:
                swapped = value.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
            elif re.search(r"dd\.mm|DD\.MM", value):
                swapped = re.sub(r"(dd|DD)\.(mm|MM)", lambda m: f"{m.group(2)}.{m.group(1)}", value)
            if swapped is not None:

                def swap(n, _t, s=swapped):
                    n.value = s

                yield line, end, f"day/month: {value!r} -> {swapped!r}", mutated(index, swap)
        # date bound: timedelta(days=n) by one day more or less
        if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "timedelta":
            for k, keyword in enumerate(node.keywords):
                if keyword.arg == "days":
                    for sign, op in (("+", ast.Add()), ("-", ast.Sub())):

                        def shift(n, _t, k=k, op=op):
                            n.keywords[k].value = ast.BinOp(n.keywords[k].value, op, ast.Constant(1))

                        yield line, end, f"date bound: timedelta(days=…) {sign} 1", mutated(index, shift)
        # constant: a named constant's use replaced by a nearby literal
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in named and id(node) not in definitions and isinstance(getattr(node, "ctx", None), ast.Load):
            number = named[name]
            literal = number + 1 if isinstance(number, int) else round(number * 0.96, 6)

            def to_literal(n, t, literal=literal):
                replace(n, t, ast.Constant(literal))

            yield line, end, f"constant: {name} -> {literal}", mutated(index, to_literal)
        # swap ratio: a / b -> b / a
        paths = any(isinstance(n, ast.JoinedStr) or isinstance(getattr(n, "value", None), str) for n in ast.walk(node))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and not paths:

            def flip(n, _t):
                n.left, n.right = n.right, n.left

            yield line, end, f"swap ratio: {ast.unparse(node)[:50]}", mutated(index, flip)
        # drop filter: one keyword argument of a call that passes filters on
        if isinstance(node, ast.Call):
            called = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if called in FILTER_CALLS:
                for k, keyword in enumerate(node.keywords):
                    if keyword.arg is None:
                        continue

                    def drop(n, _t, k=k):
                        del n.keywords[k]

                    yield line, end, f"drop filter: {called}({keyword.arg}=…)", mutated(index, drop)


def mutants(path: Path, text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, end line, what, mutated text) of every semantic slip of a file."""
    if path.suffix == ".sql":
        for line, what, source in sql_mutants(text):
            yield line, line, what, source
    else:
        yield from python_mutants(text)
