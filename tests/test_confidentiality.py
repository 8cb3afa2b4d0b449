"""The suppression audit on every table of people the dashboard shows (ui.data.visitors, the functions the pages
call): on the demo campaign and on a hand-made small stop of 19 visits, every hidden count is null in what the
page gets, no row or column of a table holds exactly one hidden cell, and every small count's range, worked out
from everything published about the stop, is at least the threshold wide (or the whole line is hidden)."""

from __future__ import annotations

import functools
import itertools
import random

import polars as pl
import pytest
from helpers import load, run_etl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from etl import disclosure
from etl.schema import AGE_BANDS, DISTRICTS

TABLES = {  # function of ui.data.visitors -> (count column, dimensions)
    "by_age": ("visits", ["age_band"]),
    "by_residence": ("visits", ["resident_district"]),
    "by_hour": ("visits", ["weekday", "hour"]),
    "popup_by_residence": ("activations", ["district"]),
}

# 19 visits: ages 4, 4, 2, 9 (none unknown) - the attack's table -, residence Harburg 17, Bergedorf 2, the hours
# spread so that the weekday x hour table has many small cells; pop-up activations by residence 1, 2 and 16.
SMALL_AGES = ["16-29"] * 4 + ["30-49"] * 4 + ["50-64"] * 2 + ["65+"] * 9
SMALL_HOMES = ["Harburg"] * 17 + ["Bergedorf"] * 2


def small_stop(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stops.csv").write_text(
        "stop_id,district,venue,start_date,end_date\nS9,Harburg,Phoenix-Center,2026-01-12,2026-01-17\n"
    )
    lines = ["visit_id,stop_id,visited_at,topic,outcome,age_band,resident_district"]
    for n, (age, home) in enumerate(zip(SMALL_AGES, SMALL_HOMES, strict=True)):
        lines.append(f"V{n},S9,2026-01-{12 + n % 6}T{10 + n % 4}:15:00,eid_activation,eid_activated,{age},{home}")
    (folder / "visits.csv").write_text("\n".join(lines) + "\n")
    (folder / "activations.csv").write_text(
        "date,district,channel,activations\n2026-01-12,Harburg,popup,16\n2026-01-13,Bergedorf,popup,2\n"
        "2026-01-14,Altona,popup,1\n"
    )
    return folder


@pytest.fixture(scope="module", params=["small", "demo"])
def warehouse(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    db = folder / "warehouse.duckdb"
    if request.param == "demo":
        assert run_etl("demo", "--db", db).returncode == 0
    else:
        assert load(db, small_stop(folder / "in"))[0] == 0
    return db


def audited(frame: pl.DataFrame, count: str, dims: list[str], truth: pl.DataFrame) -> None:
    """Check one protected table against its true counts."""
    minimum = disclosure.threshold()
    joined = frame.join(truth.rename({count: "true"}), on=dims, how="left", nulls_equal=True).with_columns(
        pl.col("true").fill_null(0)
    )
    assert joined.filter(pl.col("hidden"))[count].null_count() == joined["hidden"].sum()  # nothing hidden is sent
    assert joined.filter(~pl.col("hidden") & (pl.col("true") > 0) & (pl.col("true") < minimum)).height == 0
    table = disclosure.Table.of(joined, "true", dims)
    hidden = joined["hidden"].to_list()
    assert all(sum(hidden[c] for c in line) != 1 for line in table.lines)
    for cell, (low, high) in disclosure.audit(table, hidden).items():
        if 0 < table.values[cell] < minimum:
            lines_hidden = all(hidden[c] for line in table.lines_of(cell) for c in line)
            assert high - low >= minimum or lines_hidden, (dims, cell, low, high)


@pytest.mark.slow
def test_every_table_of_people_passes_the_audit(warehouse, monkeypatch):
    import duckdb

    monkeypatch.setenv("DASHBOARD_DB", str(warehouse))
    from ui.data import visitors

    con = duckdb.connect(str(warehouse), read_only=True)
    stops = [row[0] for row in con.sql("select stop_id from raw_stops").fetchall()]
    for stop_id in stops:
        truths = {
            "by_age": con.sql(
                "select age_band, count(*) as visits from raw_visits where stop_id = $s group by all",
                params={"s": stop_id},
            ).pl(),
            "by_residence": con.sql(
                "select resident_district, count(*) as visits from raw_visits where stop_id = $s group by all",
                params={"s": stop_id},
            ).pl(),
            "by_hour": con.sql(
                "select isodow(visited_at) as weekday, hour(visited_at) as hour, count(*) as visits "
                "from raw_visits where stop_id = $s group by all",
                params={"s": stop_id},
            ).pl(),
            "popup_by_residence": con.sql(
                "select a.district, sum(a.activations) as activations from raw_activations a join raw_stops s "
                "on a.date between s.start_date and s.end_date where s.stop_id = $s and a.channel = 'popup' "
                "group by all",
                params={"s": stop_id},
            ).pl(),
        }
        for name, (count, dims) in TABLES.items():
            frame = getattr(visitors, name)(stop_id)
            audited(frame, count, dims, truths[name].cast({count: pl.Int64}))
    con.close()


def test_the_small_stops_tables_hide_what_they_must():
    # the attack's age table (4, 4, 2, 9 of 19 visits; no unknown): the 2 and one more non-zero cell are hidden
    ages = pl.DataFrame({"age_band": AGE_BANDS, "visits": [4, 4, 2, 9]})
    result = disclosure.protect(ages, "visits", {"age_band": [*AGE_BANDS, None]}, key=b"k", table_id="S9/age")
    shut = dict(zip(result["age_band"], result["hidden"], strict=True))
    assert shut["50-64"] and sum(shut.values()) == 2 and not shut[None]
    homes = pl.DataFrame({"resident_district": ["Harburg", "Bergedorf"], "visits": [17, 2]})
    result = disclosure.protect(homes, "visits", {"resident_district": [*DISTRICTS, None]}, key=b"k")
    assert set(result.filter(pl.col("hidden"))["resident_district"]) == {"Harburg", "Bergedorf"}


# --- a rule-aware attacker, on many tables ----------------------------------------------------------------------
ORDERS = list(itertools.permutations(range(5)))


def one_way_rule(values: list[int], order: tuple[int, ...], minimum: int = 3) -> tuple[bool, ...]:
    """etl.disclosure.suppressed for a one-way table with its total published, in closed form: there every hidden
    cell's audited range is [0, sum of the hidden cells] (checked against the real function below)."""
    hidden = [0 < v < minimum for v in values]
    primary = list(hidden)

    def candidates() -> list[int]:
        return sorted((c for c in range(5) if not hidden[c]), key=lambda c: (values[c] == 0, order.index(c)))

    while True:
        count = sum(hidden)
        if count and (count == 1 or all(primary[c] for c in range(5) if hidden[c])) and not all(hidden):
            hidden[candidates()[0]] = True
            continue
        width = sum(values[c] for c in range(5) if hidden[c])
        if not any(primary[c] and width < minimum for c in range(5)) or not candidates():
            return tuple(hidden)
        hidden[candidates()[0]] = True


def pinned(values: list[int], hidden: tuple[bool, ...], outcomes) -> bool:
    """Whether someone who sees the shown cells and the total, and knows which hidden sets the rule can make of a
    table (`outcomes`), can tell a hidden small count's exact value."""
    shown = {i: v for i, v in enumerate(values) if not hidden[i]}
    cells = [i for i in range(5) if hidden[i]]
    rest = sum(values) - sum(shown.values())
    seen: dict[int, set[int]] = {i: set() for i in cells if 0 < values[i] < 3}
    for combo in itertools.product(range(rest + 1), repeat=len(cells)):
        if sum(combo) == rest:
            table = [shown.get(i, 0) for i in range(5)]
            for i, v in zip(cells, combo, strict=True):
                table[i] = v
            if hidden in outcomes(table):
                for i in seen:
                    seen[i].add(table[i])
    return any(len(values_seen) < 2 for values_seen in seen.values())


@pytest.mark.slow
def test_no_small_count_can_be_pinned_by_someone_who_knows_the_rule(monkeypatch):
    # The insider test found 17 % of random five-cell tables with a 1 or 2 pinned under the old rule (13 % here);
    # the keyed order leaves the attacker every order a key could give, and none is pinned.
    rng = random.Random(20261122)
    for _ in range(200):  # the closed form is the real rule
        values = [rng.choice([0, 0, 1, 2, 3, 4, 5, 9]) for _ in range(5)]
        order = ORDERS[rng.randrange(120)]
        monkeypatch.setattr(disclosure, "_order", lambda key, table_id, cell, order=order: bytes([order.index(cell)]))
        assert tuple(disclosure.suppressed(disclosure.Table(values, [list(range(5))]), 3)) == one_way_rule(
            values, order
        )
    check = random.Random(7)
    for _ in range(100):  # _every_outcome's shortcut (one order per ranking of the candidates) loses no outcome
        table = tuple(check.choice([0, 0, 1, 2, 3, 4, 5, 9]) for _ in range(5))
        assert _every_outcome(list(table)) == {one_way_rule(list(table), order) for order in ORDERS}, table
    old = new = tables = 0
    while tables < 600:
        values = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 9, 12]) for _ in range(5)]
        if not any(0 < v < 3 for v in values):
            continue
        tables += 1
        old += pinned(values, _old_rule(values), lambda table: {_old_rule(table)})
        secret = ORDERS[rng.randrange(120)]
        new += pinned(values, one_way_rule(values, secret), _every_outcome)
    assert old / tables > 0.05 and new == 0


@functools.cache
def _every_outcome_of(table: tuple[int, ...]) -> frozenset[tuple[bool, ...]]:
    # the rule reads the order only among the cells not hidden from the start (its candidates): orders that rank
    # those alike give the same hidden set, so one order per ranking of them (24 instead of 120 with one small count)
    small = [c for c in range(5) if 0 < table[c] < 3]
    rankings = {tuple(c for c in order if c not in small) for order in ORDERS}
    return frozenset(one_way_rule(list(table), (*ranking, *small)) for ranking in rankings)


def _every_outcome(table: list[int]) -> frozenset[tuple[bool, ...]]:
    """The hidden sets the rule can make of a table under every key's order (the attacker's candidates recur
    across tables: each is worked out once)."""
    return _every_outcome_of(tuple(table))


def _old_rule(values: list[int]) -> tuple[bool, ...]:
    """The rule before: the smallest other non-zero cell, first on ties."""
    hidden = [0 < v < 3 for v in values]
    if sum(hidden) == 1:
        others = [i for i in range(5) if not hidden[i]]
        hidden[min([i for i in others if values[i]] or others, key=lambda i: (values[i], i))] = True
    return tuple(hidden)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 12), min_size=4, max_size=4), min_size=3, max_size=5),
    st.binary(min_size=1, max_size=8),
)
# a table whose first extra cells leave the 1 of the last row pinned while every cell on its own row and column is
# already hidden: the next extra cell must come from another hidden cell's lines (a search found it; stopping there
# would publish the 1 as lying between 0 and 2)
@example(rows=[[0, 2, 1, 1], [8, 0, 5, 4], [4, 4, 5, 1]], key=b"k")
@pytest.mark.slow
def test_no_row_or_column_of_a_two_way_table_ends_with_exactly_one_hidden_cell(rows, key):
    cells = pl.DataFrame(
        [(r, c, v) for r, row in enumerate(rows) for c, v in enumerate(row)],
        schema=["weekday", "hour", "visits"],
        orient="row",
    )
    result = disclosure.protect(
        cells, "visits", {"weekday": list(range(len(rows))), "hour": [0, 1, 2, 3]}, key=key, table_id="t"
    )
    table = disclosure.Table.of(result, "visits", ["weekday", "hour"])
    hidden = result["hidden"].to_list()
    assert all((0 < v < 3 and h) or not 0 < v < 3 for v, h in zip(table.values, hidden, strict=True))
    assert all(sum(hidden[c] for c in line) != 1 for line in table.lines)
    # every small count can lie anywhere in a range of at least 3 — unless the whole table is hidden (a table too
    # small to protect any other way)
    for cell, (low, high) in disclosure.audit(table, hidden).items():
        if 0 < table.values[cell] < 3:
            assert high - low >= 3 or all(hidden)
