"""Judge the rows of an input file against the contract, in DuckDB: temp table `checked`.

The SQL is generated from etl.schema, so the rules exist once. Each row of `checked` stands for `_n`
identical rows of the file: for the kinds summed per key, the first pass groups identical rows (a
10-million-row file of single transactions has a few hundred thousand distinct rows, so every value is parsed
once per distinct row); the rows of a kind with a unique key (visits, stops) differ anyway and pass one by one;
when any row is bad, the loader judges again row by row with `_line` for the quarantine. `reasons` lists
every rule a row breaks as "column: what is wrong" (NULL: the row is valid); `raw` keeps the text of its
contract columns for the quarantine.
"""

from __future__ import annotations

from etl.schema import DISTRICTS, Column, Kind
from etl.sources import Source

NORMALISERS = {"age_band": "age_band_key"}  # the normaliser of a code column (parsers.sql); else code_key
PARSERS = {
    "district": "parse_district({x})",
    "date": "parse_date({x})",
    "date_or_timestamp": "parse_date_or_timestamp({x})",
    "timestamp": "parse_timestamp({x})",
    "time": "parse_time({x})",
    "integer": "parse_integer({x})",
    "decimal": "parse_decimal({x})",
    "share": "parse_share({x})",
}
EXPECTED = {
    "district": "is not a Hamburg district",
    "date": "is not a date (expected 2025-05-21 or 21.05.2025)",
    "date_or_timestamp": "is not a date (expected 2025-05-21, 21.05.2025 or a timestamp)",
    "timestamp": "is not a timestamp (expected 2025-05-21T10:15:00, 2025-05-21 10:15 or 21.05.2025 10:15)",
    "time": "is not a time of day (expected 10:00)",
    "integer": "is not a whole number",
    "decimal": "is not a number",
    "share": "is not a share (expected 0.245, 24,5 % or 24.5%)",
}


# The hours of the day in which a local time in Europe/Berlin can fail to exist (the clocks went forward from
# 00:00 in 1893, at 23:00 in 1916, at 02:00 or 03:00 since): tests/test_contract.py recomputes them from the time
# zone rules DuckDB has, 1800 to 2300.
GAP_HOURS = (0, 2, 3, 23)


def q(identifier: str) -> str:
    """Quote an SQL identifier (the only way names enter generated SQL)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """An SQL string literal of a text that comes from the code (the schema), never from data."""
    return "'" + text.replace("'", "''") + "'"


def one_of(raw: str, values) -> str:
    """SQL: the text is one of the values. Written as a chain of comparisons: DuckDB turns `x in (...)` into a join
    that it works out for every row, also where a CASE would need it only for a few (issue 31)."""
    return "(" + " or ".join(f"{raw} = {literal(v) if isinstance(v, str) else int(v)}" for v in values) + ")"


def trimmed(cell: str) -> str:
    """SQL: the cell without the spaces around it, NULL when nothing is left. DuckDB's trim (spaces of Unicode's
    category Zs) looks at every character of the text; a text of ASCII characters alone (as many bytes as
    characters) whose first character comes after the space and whose last is not a space cannot change (the
    space is the only ASCII character of category Zs), and is taken as it is (issue 31; nearly every cell of a real
    file: two quick comparisons and a count, where looking at the last character costs twice that)."""
    return (
        f"case when {cell} >= '!' and not ({cell} like '% ') and strlen({cell}) = length({cell}) then {cell} "
        f"else nullif(trim({cell}), '') end"
    )


# A value written exactly in the contract's first form is its own parse (issue 31): the cell as it was read, not
# trimmed, is taken when it is one of the codes or district names, when it gives the same text written back in that
# form (a whole number), or when it has the first form's shape and strptime reads it (a timestamp: 19 ASCII
# characters, digits at both ends, the separators in their places; strptime checks the digits between them); such a
# cell has no spaces around it. Every other cell, and a cell whose quick reading gives NULL, is trimmed and goes
# through the parsers and normalisers. tests/test_contract.py checks that the two ways agree.
AS_WRITTEN = {
    "timestamp": (
        "{x} >= '0' and {x} < ':' and strlen({x}) = 19 and {x} like '____-__-__T__:__:__' "
        "and {x}[-1] between '0' and '9'",
        "try_strptime({x}, '%Y-%m-%dT%H:%M:%S')",
    ),
    "integer": ("cast(try_cast({x} as bigint) as varchar) = {x}", "try_cast({x} as bigint)"),
    "decimal": ("cast(try_cast({x} as bigint) as varchar) = {x}", "cast(try_cast({x} as bigint) as double)"),
}


def _as_written(column: Column, cell: str) -> tuple[str, str] | None:
    """(condition, value): SQL that is true when the untrimmed cell is written in the contract's first form, and
    its value then; None for a type without such a form."""
    if column.type == "code":
        return one_of(cell, column.codes), cell
    if column.type == "district":
        return one_of(cell, DISTRICTS), cell
    if column.type in AS_WRITTEN:
        condition, value = AS_WRITTEN[column.type]
        return condition.format(x=cell), value.format(x=cell)
    return None


def _parse(column: Column, raw: str, cell: str | None = None) -> str:
    """SQL: the value of the trimmed text `raw` (NULL when it has no accepted shape); with the untrimmed `cell`,
    a cell written in the contract's first form is taken without trimming and parsing it."""
    if column.type == "text":
        return raw
    if column.type == "code":
        normaliser = NORMALISERS.get(column.name, "code_key")
        normalised = f"{normaliser}({raw})"
        parsed = (
            f"case when {one_of(raw, column.codes)} then {raw} "
            f"when {one_of(normalised, column.codes)} then {normalised} end"
        )
    elif column.type == "district":
        parsed = f"case when {one_of(raw, DISTRICTS)} then {raw} else try_cast(parse_district({raw}) as varchar) end"
    else:
        parsed = f"try_cast({PARSERS[column.type].format(x=raw)} as {column.sql_type})"
    written = _as_written(column, cell) if cell is not None else None
    # the parsers only where the quick way gives nothing (COALESCE works out its second value for those rows alone)
    return f"coalesce(case when {written[0]} then {written[1]} end, {parsed})" if written else parsed


def _format_reason(column: Column, raw: str) -> str:
    expected = "is not one of " + ", ".join(column.codes) if column.type == "code" else EXPECTED[column.type]
    return f"{literal(column.name + ': ')} || '''' || left({raw}, 80) || ''' ' || {literal(expected)}"


def _rules(kind: Kind, raw_of: dict[str, str]) -> list[tuple[str, str]]:
    """One (condition, reason) per rule: SQL that is true when the row breaks the rule, and the reason's text."""
    rules = []
    for c in kind.columns:
        raw, value = raw_of[c.name], q(c.name)
        # raw is asked only where the value is missing (a cell in the contract's first form is never trimmed)
        if c.required:
            rules.append((f"{value} is null and {raw} is null", literal(c.name + ": missing (required)")))
        if c.type != "text":
            rules.append((f"{value} is null and {raw} is not null", _format_reason(c, raw)))
        if c.type == "timestamp":  # local time (Europe/Berlin): the hour skipped when the clocks go forward
            rules.append(  # only the hours in which Hamburg's clocks ever jumped need the time zone's rules
                (
                    f"{value} is not null and {one_of(f'hour({value})', GAP_HOURS)} "
                    f"and cast(cast({value} as timestamptz) as timestamp) <> {value}",
                    f"{literal(c.name + ': ')} || strftime({value}, '%Y-%m-%d %H:%M') || "
                    f"{literal(' does not exist in Hamburg: the clocks go forward from 02:00 to 03:00 that night')}",
                )
            )
        if c.check:
            rules.append(
                (
                    f"{value} is not null and not ({c.check.format(v=value)})",
                    f"{literal(c.name + ': ')} || cast({value} as varchar) || {literal(' ' + c.check_message)}",
                )
            )
    for rule in kind.row_rules:
        guard = " and ".join(f"{q(n)} is not null" for n in rule.columns)
        rules.append((f"{guard} and not ({rule.condition})", literal(rule.column + ": " + rule.message)))
    if kind.name == "visits":
        rules.extend(VISIT_STOP_RULES)
    return rules


def _judging(
    kind: Kind, source: Source, rows: str, present: list[str], lazy: bool = False
) -> tuple[str, list[tuple[str, str]]]:
    """The common part of the judging queries: CTEs `rows` (the given SQL) … `judged` (every contract column
    parsed, defaulted, and joined to what the rules need), and the rules over `judged`. The trimmed text of each
    cell is a column `raw_<name>` of `cells`; if `lazy`, it is worked out only where it is asked for (a row that
    breaks a rule, a cell not in the contract's first form)."""
    if lazy:
        cells = "*"
        raw_of = {c.name: trimmed(source.cells[c.name]) for c in kind.columns if c.name in present}
    else:
        cells = "*, " + ", ".join(f"{trimmed(source.cells[name])} as {q('raw_' + name)}" for name in present)
        raw_of = {c.name: q("raw_" + c.name) for c in kind.columns if c.name in present}
    raw_of.update({c.name: "cast(null as varchar)" for c in kind.columns if c.name not in present})
    # Daily counts hold few distinct values per column (days, districts, services): parse each distinct value
    # once and join, rather than once per distinct row.
    looked_up = [c for c in kind.columns if c.name in present and c.type != "text"] if kind.is_aggregate else []
    lookups = "".join(
        f"{q('lk_' + c.name)} as (select raw, {_parse(c, 'raw')} as value "
        f"from (select distinct {raw_of[c.name]} as raw from cells)),\n"
        for c in looked_up
    )
    joins = " ".join(
        f"left join {q('lk_' + c.name)} on {q('lk_' + c.name)}.raw is not distinct from cells.{raw_of[c.name]}"
        for c in looked_up
    )
    parsed, deferred = [], []
    for c in kind.columns:
        cell = source.cells.get(c.name)
        value = f"{q('lk_' + c.name)}.value" if c in looked_up else _parse(c, raw_of[c.name], cell)
        if c.default is not None and c.default not in raw_of:  # a literal default, where the cell is empty
            value = f"case when ({value}) is not null then {value} when {raw_of[c.name]} is null then {c.default} end"
        parsed.append(f"{value} as {q(c.name)}")
        if c.default in raw_of:  # a default that names another column (completed = started), after its default
            deferred.append(
                f"case when {q(c.name)} is not null then {q(c.name)} when {raw_of[c.name]} is null "
                f"then {q(c.default)} end as {q(c.name)}"
            )
    replace = f"replace ({', '.join(deferred)})" if deferred else ""
    extra, join = VISIT_STOP_JOIN if kind.name == "visits" else ("", "")
    ctes = f"""
        rows as (
            {rows}
        ),
        cells as (
            select {cells} from rows
        ),
        {lookups}parsed as (
            select cells.*, {", ".join(parsed)} from cells {joins}
        ),
        defaulted as (
            select * {replace} from parsed
        ),
        judged as (
            select defaulted.*{extra} from defaulted {join}
        )"""
    return ctes, _rules(kind, raw_of)


def checked_sql(kind: Kind, source: Source, with_lines: bool, keep_raw: bool) -> str:
    """SQL that creates temp table `checked` from the source's relation (`raw` of every row if keep_raw)."""
    present = [c.name for c in kind.columns if c.name in source.cells]
    cell_list = ", ".join(source.cells[name] for name in present)
    nonempty = "coalesce(" + ", ".join(f"c{i}" for i in range(source.n_cells)) + ") is not null"
    if with_lines:
        rows = f"select {cell_list}, _line, 1 as _n from {source.relation_with_lines} where {nonempty}"
    elif not kind.is_aggregate:  # a unique key: its rows are all different (grouping 10 million costs memory)
        rows = f"select {cell_list}, cast(null as bigint) as _line, 1 as _n from {source.relation} where {nonempty}"
    else:  # identical rows grouped first; a group of empty rows is left out after (one test per group)
        cells = ", ".join(f"c{i}" for i in range(source.n_cells))
        rows = (
            f"select {cell_list}, cast(null as bigint) as _line, _n from (select {cells}, count(*) as _n "
            f"from {source.relation} group by all) where {nonempty}"
        )
    ctes, rules = _judging(kind, source, rows, present)
    reasons = ", ".join(f"case when {condition} then {reason} end" for condition, reason in rules)
    raw_json = ", ".join(f"{q(name)} := {q('raw_' + name)}" for name in present)
    return f"""
        create or replace temp table checked as
        with {ctes},
        reasoned as (
            select judged.*, list_filter([{reasons}], lambda r: r is not null) as _reasons from judged
        )
        select _line, _n, {", ".join(q(c.name) for c in kind.columns)},
               case when len(_reasons) > 0 then _reasons end as reasons,
               case when len(_reasons) > 0 or {keep_raw} then to_json(struct_pack({raw_json})) end as raw
        from reasoned
    """


# The message of the error that stops valid_rows_sql at the first row that breaks the contract.
NOT_AT_ONCE = "issue 31: a row breaks the contract; the file is judged row by row"


def valid_rows_sql(kind: Kind, source: Source, insert: bool = True) -> str:
    """For a kind with a unique key: SQL that inserts every row of the source into raw_<kind> with load_id
    $load_id, and fails (error NOT_AT_ONCE) at the first row that breaks the contract: a file without a fault is
    judged and written in one pass, without a table of judged rows in between. A row whose cells are all empty is
    left out, as in checked_sql; such a row lacks a required cell, so that is asked only of rows that break a rule.
    Without `insert`, SQL that counts the same rows (bench/load_profile.py: the judging alone)."""
    assert not kind.is_aggregate and any(c.required for c in kind.columns)
    present = [c.name for c in kind.columns if c.name in source.cells]
    ctes, rules = _judging(kind, source, f"select * from {source.relation}", present, lazy=True)
    broken = " or ".join(f"({condition})" for condition, _ in rules)
    nonempty = "coalesce(" + ", ".join(f"c{i}" for i in range(source.n_cells)) + ") is not null"
    columns = ", ".join(q(c.name) for c in kind.columns)
    rows = f"""
        with {ctes}
        select {columns}, $load_id from judged
        where case when {broken} then (case when {nonempty} then error({literal(NOT_AT_ONCE)}) else false end)
                   else true end
    """
    return f"insert into {q(kind.table)} ({columns}, load_id) {rows}" if insert else f"select count(*) from ({rows})"


# Visits must name a loaded stop and fall within its dates: a join to the warehouse's stops.
VISIT_STOP_JOIN = (
    ", _stop.stop_id as _stop_id, _stop.start_date as _stop_start, _stop.end_date as _stop_end",
    "left join raw_stops as _stop on _stop.stop_id = defaulted.stop_id",
)
VISIT_STOP_RULES = (
    (
        "stop_id is not null and _stop_id is null",
        "'stop_id: ' || chr(39) || left(stop_id, 80) || chr(39) || ' is not a loaded stop (load the stops first)'",
    ),
    (
        "_stop_id is not null and cast(visited_at as date) not between _stop_start and _stop_end",
        "'visited_at: ' || strftime(visited_at, '%Y-%m-%d %H:%M') || ' is outside the dates of stop ' || _stop_id "
        "|| ' (' || _stop_start || ' to ' || _stop_end || ')'",
    ),
)


def duplicate_keys_sql(kind: Kind) -> str:
    """How many keys more than one valid row of the file holds (kinds with a unique key)."""
    key = ", ".join(q(k) for k in kind.key)
    return f"select count(*) from (select 1 from checked where reasons is null group by {key} having sum(_n) > 1)"


def unique_key_sql(kind: Kind) -> str:
    """For kinds whose key is unique: the first valid row of a key in the file is kept, later ones are not.

    Needs `_line` (the row-by-row pass).
    """
    key = ", ".join(q(k) for k in kind.key)
    shown = " || ', ' || ".join(f"cast({q(k)} as varchar)" for k in kind.key)
    again = literal(", ".join(kind.key) + ": ") + " || '''' || left(" + shown + ", 80) || '''"
    return f"""
        create or replace temp table checked as
        with ranked as (
            select *, row_number() over (partition by {key}, reasons is null order by _line) as _rank,
                   min(_line) over (partition by {key}, reasons is null) as _first_line
            from checked
        )
        select * exclude (_rank, _first_line) replace (
            case when reasons is null and _rank > 1
                 then [{again} appears again in this file (first on line ' || _first_line || ', which is kept)']
                 else reasons end as reasons)
        from ranked
    """
