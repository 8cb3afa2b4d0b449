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

from etl.schema import Column, Kind
from etl.sources import Source

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


def q(identifier: str) -> str:
    """Quote an SQL identifier (the only way names enter generated SQL)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """An SQL string literal of a text that comes from the code (the schema), never from data."""
    return "'" + text.replace("'", "''") + "'"


def _parse(column: Column, raw: str) -> str:
    if column.type == "text":
        return raw
    if column.type == "code":
        normaliser = "age_band_key" if column.name == "age_band" else "code_key"
        codes = ", ".join(literal(c) for c in column.codes)
        return f"case when {normaliser}({raw}) in ({codes}) then {normaliser}({raw}) end"
    return f"try_cast({PARSERS[column.type].format(x=raw)} as {column.sql_type})"


def _format_reason(column: Column, raw: str) -> str:
    expected = "is not one of " + ", ".join(column.codes) if column.type == "code" else EXPECTED[column.type]
    return f"{literal(column.name + ': ')} || '''' || left({raw}, 80) || ''' ' || {literal(expected)}"


def _reasons(kind: Kind, raw_of: dict[str, str]) -> list[str]:
    """One SQL expression per rule: the reason text when the row breaks it, else NULL."""
    reasons = []
    for c in kind.columns:
        raw, value = raw_of[c.name], q(c.name)
        if c.required:
            reasons.append(f"case when {raw} is null then {literal(c.name + ': missing (required)')} end")
        if c.type != "text":
            reasons.append(f"case when {raw} is not null and {value} is null then {_format_reason(c, raw)} end")
        if c.type == "timestamp":  # local time (Europe/Berlin): the hour skipped when the clocks go forward
            reasons.append(
                f"case when {value} is not null and cast(cast({value} as timestamptz) as timestamp) <> {value} "
                f"then {literal(c.name + ': ')} || strftime({value}, '%Y-%m-%d %H:%M') || "
                f"{literal(' does not exist in Hamburg: the clocks go forward from 02:00 to 03:00 that night')} end"
            )
        if c.check:
            reasons.append(
                f"case when {value} is not null and not ({c.check.format(v=value)}) then "
                f"{literal(c.name + ': ')} || cast({value} as varchar) || {literal(' ' + c.check_message)} end"
            )
    for rule in kind.row_rules:
        guard = " and ".join(f"{q(n)} is not null" for n in rule.columns)
        reasons.append(
            f"case when {guard} and not ({rule.condition}) then {literal(rule.column + ': ' + rule.message)} end"
        )
    return reasons


def checked_sql(kind: Kind, source: Source, with_lines: bool, keep_raw: bool) -> str:
    """SQL that creates temp table `checked` from the source's relation (`raw` of every row if keep_raw)."""
    present = [c.name for c in kind.columns if c.name in source.cells]
    cell_list = ", ".join(source.cells[name] for name in present)
    nonempty = "coalesce(" + ", ".join(f"c{i}" for i in range(source.n_cells)) + ") is not null"
    if with_lines:
        rows = f"select {cell_list}, _line, 1 as _n from {source.relation_with_lines} where {nonempty}"
    elif not kind.is_aggregate:  # a unique key: its rows are all different (grouping 10 million costs memory)
        rows = f"select {cell_list}, cast(null as bigint) as _line, 1 as _n from {source.relation} where {nonempty}"
    else:
        rows = (
            f"select {cell_list}, cast(null as bigint) as _line, count(*) as _n "
            f"from {source.relation} where {nonempty} group by all"
        )
    trimmed = ", ".join(f"nullif(trim({source.cells[name]}), '') as {q('raw_' + name)}" for name in present)

    raw_of = {c.name: (q("raw_" + c.name) if c.name in present else "cast(null as varchar)") for c in kind.columns}
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
        value = f"{q('lk_' + c.name)}.value" if c in looked_up else _parse(c, raw_of[c.name])
        if c.default is not None and c.default not in raw_of:  # a literal default
            value = f"case when {raw_of[c.name]} is null then {c.default} else {value} end"
        parsed.append(f"{value} as {q(c.name)}")
        if c.default in raw_of:  # a default that names another column (completed = started), after its default
            deferred.append(
                f"case when {raw_of[c.name]} is null then {q(c.default)} else {q(c.name)} end as {q(c.name)}"
            )
    replace = f"replace ({', '.join(deferred)})" if deferred else ""
    reasons, join = _reasons(kind, raw_of), ""
    if kind.name == "visits":
        reasons, join = [*reasons, *VISIT_STOP_REASONS], VISIT_STOP_JOIN
    raw_json = ", ".join(f"{q(name)} := {q('raw_' + name)}" for name in present)
    return f"""
        create or replace temp table checked as
        with rows as (
            {rows}
        ),
        cells as (
            select _line, _n, {trimmed} from rows
        ),
        {lookups}parsed as (
            select cells.*, {", ".join(parsed)} from cells {joins}
        ),
        defaulted as (
            select * {replace} from parsed
        ),
        judged as (
            select defaulted.*, list_filter([{", ".join(reasons)}], lambda r: r is not null) as _reasons
            from defaulted {join}
        ),
        final as (
            select _line, _n, {", ".join(q(c.name) for c in kind.columns)},
                   case when len(_reasons) > 0 then _reasons end as reasons,
                   case when len(_reasons) > 0 or {keep_raw} then to_json(struct_pack({raw_json})) end as raw
            from judged
        )
        select * from final
    """


# Visits must name a loaded stop and fall within its dates: a join to the warehouse's stops.
VISIT_STOP_JOIN = "left join raw_stops as _stop on _stop.stop_id = defaulted.stop_id"
VISIT_STOP_REASONS = (
    "case when defaulted.stop_id is not null and _stop.stop_id is null then 'stop_id: ' || chr(39) "
    "|| left(defaulted.stop_id, 80) || chr(39) || ' is not a loaded stop (load the stops first)' end",
    "case when _stop.stop_id is not null and cast(visited_at as date) not between _stop.start_date "
    "and _stop.end_date then 'visited_at: ' || strftime(visited_at, '%Y-%m-%d %H:%M') "
    "|| ' is outside the dates of stop ' || _stop.stop_id || ' (' || _stop.start_date || ' to ' "
    "|| _stop.end_date || ')' end",
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
