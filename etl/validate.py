"""Judge every row of `src` against the contract, in DuckDB: table `checked` with typed values and reasons.

The SQL is generated from etl.schema, so the rules exist once. For each row, `reasons` lists every rule
it breaks as "column: what is wrong" (empty: the row is valid); `raw` keeps the text of its contract
columns for the quarantine.
"""

from __future__ import annotations

from etl.schema import Column, Kind

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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parse(column: Column, raw: str) -> str:
    if column.type == "text":
        return raw
    if column.type == "code":
        normaliser = "age_band_key" if column.name == "age_band" else "code_key"
        codes = ", ".join(_literal(c) for c in column.codes)
        return f"case when {normaliser}({raw}) in ({codes}) then {normaliser}({raw}) end"
    return f"try_cast({PARSERS[column.type].format(x=raw)} as {column.sql_type})"


def _format_reason(column: Column, raw: str) -> str:
    if column.type == "code":
        expected = "is not one of " + ", ".join(column.codes)
    else:
        expected = EXPECTED[column.type]
    return f"{_literal(column.name + ': ')} || '''' || left({raw}, 80) || ''' ' || {_literal(expected)}"


def checked_sql(kind: Kind, present: list[str]) -> str:
    """SQL that creates temp table `checked` from `src` (which has the columns in `present`)."""
    raw_of = {c.name: (f"src.{q(c.name)}" if c.name in present else "cast(null as varchar)") for c in kind.columns}
    parsed = []
    for c in kind.columns:
        value = _parse(c, raw_of[c.name])
        if c.default is not None and c.default not in raw_of:  # a literal default
            value = f"case when {raw_of[c.name]} is null then {c.default} else {value} end"
        parsed.append(f"{value} as {q(c.name)}")
    for c in kind.columns:  # defaults that name another column (completed = started), after that one's default
        if c.default in raw_of:
            parsed_col = f"case when {q('raw_' + c.name)} is null then {q(c.default)} else {q(c.name)} end"
            parsed.append(f"{parsed_col} as {q(c.name)}")

    reasons = []
    for c in kind.columns:
        raw, value = f"raw_{c.name}", q(c.name)
        if c.required:
            reasons.append(f"case when {q(raw)} is null then {_literal(c.name + ': missing (required)')} end")
        if c.type != "text":
            reasons.append(f"case when {q(raw)} is not null and {value} is null then {_format_reason(c, q(raw))} end")
        if c.check:
            condition = c.check.format(v=value)
            reasons.append(
                f"case when {value} is not null and not ({condition}) then "
                f"{_literal(c.name + ': ')} || cast({value} as varchar) || {_literal(' ' + c.check_message)} end"
            )
    for rule in kind.row_rules:
        names = [c.name for c in kind.columns if c.name in rule.condition]
        guard = " and ".join(f"{q(n)} is not null" for n in names)
        reasons.append(f"case when {guard} and not ({rule.condition}) then {_literal(rule.column + ': ' + rule.message)} end")

    raw_columns = ", ".join(f"{raw_of[c.name]} as {q('raw_' + c.name)}" for c in kind.columns)
    raw_json = ", ".join(f"{q(c.name)} := {q('raw_' + c.name)}" for c in kind.columns if c.name in present)
    first = ", ".join(parsed[: len(kind.columns)])
    second = ", ".join(parsed[len(kind.columns):])
    return f"""
        create or replace temp table checked as
        with parsed as (
            select src._line, {raw_columns}, {first}
            from src
        ),
        defaulted as (
            select * {"replace (" + second + ")" if second else ""}
            from parsed
        ),
        judged as (
            select *, list_filter([{", ".join(reasons)}], lambda r: r is not null) as reasons
            from defaulted
        ),
        final as (
            select * exclude ({", ".join(q("raw_" + c.name) for c in kind.columns)}),
                   to_json(struct_pack({raw_json})) as raw
            from judged
        )
        select * from final
    """


def visits_stop_sql() -> str:
    """Visits must name a loaded stop and fall within its dates."""
    return """
        create or replace temp table checked as
        select c.* replace (
            list_concat(c.reasons, list_filter([
                case when c.stop_id is not null and s.stop_id is null
                     then 'stop_id: ''' || left(c.stop_id, 80) || ''' is not a loaded stop (load the stops first)' end,
                case when s.stop_id is not null and cast(c.visited_at as date) not between s.start_date and s.end_date
                     then 'visited_at: ' || strftime(c.visited_at, '%Y-%m-%d %H:%M') || ' is outside the dates of stop '
                          || s.stop_id || ' (' || s.start_date || ' to ' || s.end_date || ')' end
            ], lambda r: r is not null)) as reasons)
        from checked c
        left join raw_stops s on s.stop_id = c.stop_id
    """


def unique_key_sql(kind: Kind) -> str:
    """For kinds whose key is unique: the first valid row of a key in the file is kept, later ones are not."""
    key = ", ".join(q(k) for k in kind.key)
    shown = " || ', ' || ".join(f"cast({q(k)} as varchar)" for k in kind.key)
    label = ", ".join(kind.key)
    return f"""
        create or replace temp table checked as
        with ranked as (
            select *, row_number() over (partition by {key}, len(reasons) = 0 order by _line) as _rank,
                   min(_line) over (partition by {key}, len(reasons) = 0) as _first_line
            from checked
        )
        select * exclude (_rank, _first_line) replace (
            case when len(reasons) = 0 and _rank > 1
                 then [{_literal(label + ": ")} || '''' || left({shown}, 80) || ''' appears again in this file '
                       || '(first on line ' || _first_line || ', which is kept)']
                 else reasons end as reasons)
        from ranked
    """
