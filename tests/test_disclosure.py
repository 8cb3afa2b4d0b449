"""Disclosure control (etl.disclosure), with the suppressed cells worked out by hand beside each test, and on
the comparison page with a hand-made stop."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from helpers import load

from etl import disclosure
from tools.apptest import dashboard, like_a_running_server
from ui import formats


def hidden(frame: pl.DataFrame, *dims: str) -> list:
    rows = frame.filter(pl.col("hidden")).select(dims).rows()
    return [r[0] if len(dims) == 1 else r for r in rows]


def one_way(values: list[int]) -> disclosure.Table:
    return disclosure.Table(values, [list(range(len(values)))])


def hidden_cells(values: list[int], key: bytes = b"test-key", minimum: int = 3) -> set[int]:
    return {i for i, h in enumerate(disclosure.suppressed(one_way(values), minimum, key, "t")) if h}


def test_one_small_count_gets_one_more_cell_of_its_line():
    # ages 5, 2, 10, 7 of a stop with 24 visits (published): the 2 is hidden; with it alone, 24 - 5 - 10 - 7 gives
    # it away, so exactly one other, non-zero cell is hidden too (which one: the key's order). Then the audit: the
    # two hidden cells add up to 2 + v (v = 5, 10 or 7), so the 2 could be anything from 0 to 2 + v >= 7.
    cells = hidden_cells([5, 2, 10, 7])
    assert 1 in cells and len(cells) == 2
    (other,) = cells - {1}
    values = [5, 2, 10, 7]
    ranges = disclosure.audit(one_way(values), [i in cells for i in range(4)])
    assert ranges == {1: (0, 2 + values[other]), other: (0, 2 + values[other])}


def test_two_small_counts_get_a_third_because_each_would_be_known_to_lie_between_1_and_2():
    # 1 and 2 hidden, 9 shown, total 12: a + b = 3. Someone who knows that only counts of 1 or 2 are hidden
    # first learns that both lie in [1, 2]. So the 9 is hidden too: then a + b + c = 12, a in [0, 12].
    assert hidden_cells([1, 2, 9]) == {0, 1, 2}


def test_a_table_whose_total_is_below_the_threshold_is_hidden_whole():
    # 2 visitors, both 65+: hiding the 2 and any zero leaves a + b = 2, so the 2 is at most 2 wide; nothing can
    # make it 3 wide. Every cell is hidden.
    assert hidden_cells([0, 0, 2]) == {0, 1, 2}
    assert hidden_cells([0, 3]) == set()  # no small count: nothing hidden


def test_a_range_exactly_as_wide_as_the_threshold_is_enough():
    # 1 and 2 are both small: hidden together each would be known to lie between 1 and 2, so one zero more is
    # hidden (the keyed order picks which). Then a + b + c = 3: each lies anywhere in 0-3, a range of 3 —
    # enough at threshold 3, and the other zero stays shown.
    shut = hidden_cells([1, 0, 0, 2])
    assert len(shut) == 3 and {0, 3} <= shut


@pytest.mark.slow
def test_the_published_attack_no_longer_pins_the_hidden_cells(monkeypatch):
    # The attack: ages 4, 4, 2, 9, 0 of a 19-visit stop were published as "< 3, 4, < 3, 9, 0" (the old rule hid
    # the smallest other cell, first on ties, and marked it "< 3"): hidden sum 6, the "< 3" at most 2, the other
    # at most 4 (else the shown 4 would have been taken) - so exactly 4 and 2. Now the table is published with the
    # warehouse's secret key; the attacker knows the rule but not the key, so tries every order a key could give
    # and every table that would then be published the same way.
    values, total = [4, 4, 2, 9, 0], 19
    published = hidden_cells(values, b"the warehouse's secret")
    shown = {i: values[i] for i in range(5) if i not in published}
    rest = total - sum(shown.values())
    possible: dict[int, set[int]] = {i: set() for i in published}
    for order in itertools.permutations(range(5)):
        monkeypatch.setattr(disclosure, "_order", lambda key, table_id, cell, order=order: bytes([order.index(cell)]))
        for combo in itertools.product(range(rest + 1), repeat=len(published)):
            candidate = dict(shown) | dict(zip(sorted(published), combo, strict=True))
            if sum(combo) == rest and hidden_cells([candidate[i] for i in range(5)]) == published:
                for i in published:
                    possible[i].add(candidate[i])
    assert 2 in published and len(published) == 2
    assert len(possible[2]) >= 2 and max(possible[2]) >= 3  # the 2 is not pinned, nor known to be small
    assert formats.kpi(None, "protected", "de") == formats.kpi(None, "protected", "en") == "·"  # one mark for all


def test_a_two_way_table_hides_until_no_row_or_column_gives_a_cell_away():
    #           10:00 11:00 12:00
    #   Mon       1*    6     8        1 < 3: primary. Row and column totals are published (the weekday totals
    #   Tue       7     9     4        can be summed from the period tables). The audit must give the 1 a range
    #   Wed       5     3    10        at least 3 wide, and no row or column may hold exactly one hidden cell.
    cells = pl.DataFrame(
        {
            "weekday": [1, 1, 1, 2, 2, 2, 3, 3, 3],
            "hour": [10, 11, 12] * 3,
            "visits": [1, 6, 8, 7, 9, 4, 5, 3, 10],
        }
    )
    result = disclosure.protect(cells, "visits", {"weekday": [1, 2, 3], "hour": [10, 11, 12]}, key=b"k")
    table = disclosure.Table.of(result, "visits", ["weekday", "hour"])
    shut = result["hidden"].to_list()
    assert shut[0]
    assert all(sum(shut[c] for c in line) != 1 for line in table.lines)
    low, high = disclosure.audit(table, shut)[0]
    assert high - low >= 3


def three_by_three(monkeypatch, values: list[int]) -> disclosure.Table:
    """A 3 x 3 table (cells 0-8 row by row) whose keyed order is replaced by the cell's number, so that every
    choice of an extra cell can be followed by hand."""
    monkeypatch.setattr(disclosure, "_order", lambda key, table_id, cell: bytes([cell]))
    frame = pl.DataFrame({"r": [0, 0, 0, 1, 1, 1, 2, 2, 2], "c": [0, 1, 2] * 3, "n": values})
    return disclosure.Table.of(frame, "n", ["r", "c"])


def test_a_pinned_cell_whose_own_lines_are_all_hidden_gets_the_cell_that_frees_it_and_no_more(monkeypatch):
    # The keyed order replaced by the cell's number, so that every choice can be followed by hand:
    #        c0 c1 c2         cells 0-8 row by row; 1 < 3 at cells 1 and 4 (primary). Lines: columns, then rows.
    #   r0    0  1* 3         Weak lines, each gets the first shown cell of the line among the candidates
    #   r1    0  1* 8         (non-zero first): column 1 -> 7 (5); row 0 -> 2 (3); column 2 -> 5 (8);
    #   r2    5  5  8         row 2 -> 6 (5); column 0 -> 0 (0). Hidden: 0, 1, 2, 4, 5, 6, 7; shown: 3 (0), 8 (8).
    # Audit: row 2 c6 + c7 = 10 and column 0 c0 + c6 = 5 give c7 >= 5, so column 1 (c1 + c4 + c7 = 7) leaves
    # c1 + c4 <= 2: both 1s pinned to 0-2. Cell 1's own lines are all hidden, so the extra cell comes from the
    # lines of all hidden cells, non-zero first: the 8 of cell 8. Now c7 may be 0 and c1 ranges over 0-4 (row 0):
    # done. Cell 3 (a 0) stays shown — taking the candidates of both pinned cells at once would hide it too.
    table = three_by_three(monkeypatch, [0, 1, 3, 0, 1, 8, 5, 5, 8])
    shut = disclosure.suppressed(table, 3)
    assert [i for i, h in enumerate(shut) if not h] == [3]
    assert all(high - low >= 3 for low, high in disclosure.audit(table, shut).values())


def test_a_count_at_the_threshold_may_end_known_and_gets_no_protection_of_its_own(monkeypatch):
    # The order replaced by cell numbers. 2 and 1 are small (cells 5 and 8).
    #        c0 c1 c2     Weak lines in turn: column 2 -> 2 (the 3); row 0 -> 0; column 0 -> 3; row 2 -> 7 (4);
    #   r0    0  0  3     column 1 -> 4 (6). Shown: the zeros 1 and 6. Audit: column 0 gives c0 = c3 = 0, so row 0
    #   r1    0  6  2*    gives c2 = 3 exactly; c5 + c8 = 3 with c5 anywhere in 0-3 and c8 = 3 - c5: both small
    #   r2    0  4  1*    counts range over 3. The 3 is known, but 3 is not below the threshold: nothing more hidden.
    table = three_by_three(monkeypatch, [0, 0, 3, 0, 6, 2, 0, 4, 1])
    shut = disclosure.suppressed(table, 3)
    assert [i for i, h in enumerate(shut) if not h] == [1, 6]
    ranges = disclosure.audit(table, shut)
    assert ranges[2] == (3, 3) and ranges[5] == (0, 3) and ranges[8] == (0, 3)


def test_zeros_that_would_pin_a_hidden_count_exactly_get_the_whole_table_hidden():
    #          c0 c1 c2     The 2 is small. Its column, its row, then the 4 of its row and the 0 below that are
    #   r0      4  3  2*    hidden (each line with one hidden cell gets one more). Row 1 then says c3 + c5 = 0:
    #   r1      0  4  0     both zeros are known, so c0 = 4 and the 2 is known exactly. More cells are hidden for
    # it, but its column total is 2: it can never range over 3, so in the end every cell is hidden, whatever the key.
    frame = pl.DataFrame({"r": [0, 0, 0, 1, 1, 1], "c": [0, 1, 2] * 2, "visits": [4, 3, 2, 0, 4, 0]})
    result = disclosure.protect(frame, "visits", {"r": [0, 1], "c": [0, 1, 2]}, key=b"k", table_id="t")
    assert result["hidden"].all()


def test_the_same_key_gives_the_same_pattern_on_every_request():
    values = [5, 2, 10, 7, 6, 8]
    assert len({frozenset(hidden_cells(values, b"one")) for _ in range(5)}) == 1
    patterns = {frozenset(hidden_cells(values, bytes([k]))) for k in range(40)}
    assert len(patterns) > 1  # the key, not the values, decides which extra cell


def test_the_threshold_is_configurable(monkeypatch):
    # threshold 5: 4 (a) and 3 (b) are below it and both primary, so the 9 is hidden too; at 3 nothing is.
    ages = pl.DataFrame({"age_band": ["a", "b", "c"], "visits": [4, 3, 9]})
    monkeypatch.setenv("DASHBOARD_MIN_COUNT", "5")
    assert disclosure.threshold() == 5
    assert hidden(disclosure.protect(ages, "visits", {"age_band": ["a", "b", "c"]}), "age_band") == ["a", "b", "c"]
    monkeypatch.delenv("DASHBOARD_MIN_COUNT")
    assert hidden(disclosure.protect(ages, "visits", {"age_band": ["a", "b", "c"]}), "age_band") == []


@pytest.mark.parametrize(("setting", "expected"), [("1", 1), ("2", 2), (" 4 ", 4), ("0", 3), ("-2", 3), ("drei", 3)])
def test_the_threshold_takes_any_whole_number_from_1_and_falls_back_to_3(monkeypatch, setting, expected):
    # 1 means "show every count" (a deliberate choice for open data); 0, negative or not a number: the default
    monkeypatch.setenv("DASHBOARD_MIN_COUNT", setting)
    assert disclosure.threshold() == expected


def test_the_lines_of_a_two_way_table_are_its_columns_and_its_rows():
    # cells 0-5 of a 2 x 3 table row by row; a published total is a line: each column (the cells that differ only
    # in the row), then each row
    frame = pl.DataFrame({"r": [0, 0, 0, 1, 1, 1], "c": [0, 1, 2] * 2, "n": [1, 2, 3, 4, 5, 6]})
    table = disclosure.Table.of(frame, "n", ["r", "c"])
    assert table.lines == [[0, 3], [1, 4], [2, 5], [0, 1, 2], [3, 4, 5]]
    assert table.values == [1, 2, 3, 4, 5, 6]
    assert table.lines_of(4) == [[1, 4], [3, 4, 5]]


def test_complete_keeps_values_outside_the_categories():
    frame = pl.DataFrame({"r": ["Altona", "Mars"], "visits": [4, 1]})
    completed = disclosure.complete(frame, "visits", {"r": ["Altona", "Harburg", None]})
    assert completed.rows() == [("Altona", 4), ("Harburg", 0), (None, 0), ("Mars", 1)]


def test_complete_counts_a_missing_value_as_the_category_not_recorded():
    # None (e.g. an age band nobody recorded) is a category of its own: its count lands in its cell, not beside it
    frame = pl.DataFrame({"r": ["Altona", None], "visits": [4, 2]})
    completed = disclosure.complete(frame, "visits", {"r": ["Altona", "Harburg", None]})
    assert completed.rows() == [("Altona", 4), ("Harburg", 0), (None, 2)]


# --- on the comparison page -------------------------------------------------------------------------------------
# One stop, 14 visits: age bands 16-29 x5, 30-49 x2, 50-64 x4, 65+ x3, none unknown; residence Altona x12,
# Harburg x2. Ages: 30-49 (2) primary, 65+ (3, the smallest other non-zero) secondary. Residence: Harburg (2)
# primary; the only other non-zero is Altona (12), hidden as its complement. Shown: "< 3".
AGES = ["16-29"] * 5 + ["30-49"] * 2 + ["50-64"] * 4 + ["65+"] * 3
HOMES = ["Altona"] * 12 + ["Harburg"] * 2


@pytest.fixture(scope="module")
def stop_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("disclosure")
    (folder / "stops.csv").write_text(
        "stop_id,district,venue,start_date,end_date\nS1,Altona,Mercado,2025-05-05,2025-05-16\n"
    )
    lines = ["visit_id,stop_id,visited_at,topic,outcome,age_band,resident_district"]
    for n, (age, home) in enumerate(zip(AGES, HOMES, strict=True)):
        lines.append(f"V{n},S1,2025-05-{5 + n % 5:02d}T{10 + n % 3}:15:00,general_info,resolved,{age},{home}")
    (folder / "visits.csv").write_text("\n".join(lines) + "\n")
    db = folder / "warehouse.duckdb"
    assert load(db, folder / "stops.csv", folder / "visits.csv")[0] == 0
    return db


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_page_never_sends_a_hidden_count(stop_db, monkeypatch, lang):
    # Ages: 5, 2, 4, 3, 0 (unknown): the 2 (30-49) is hidden, and exactly one other non-zero cell with it (the
    # warehouse key's order decides which); zeros stay. Residence: Harburg 2 is hidden, and its only non-zero
    # partner Altona 12 with it. A hidden count is null in the data the page sends (the browser shows "·").
    monkeypatch.setenv("DASHBOARD_DB", str(stop_db))
    with like_a_running_server():
        at = dashboard(lang)
        at.switch_page("pages/compare.py").run()
        for chart in ("ages", "residence", "by_hour"):  # a chart's numbers are drawn when the reader opens them
            at.session_state[f"numbers_{chart}"] = True
        at.run()  # the first tab: when and about what
        tables = {tuple(d.value.columns): d.value for d in at.dataframe}
        at.session_state["stop_details"] = "Wer kam" if lang == "de" else "Who came"
        at.run()  # the second tab: who came
        tables |= {tuple(d.value.columns): d.value for d in at.dataframe}
    assert not at.exception
    ages = dict(zip(*(tables[("age_band", "visits")][c] for c in ("age_band", "visits")), strict=True))
    unknown = "unbekannt" if lang == "de" else "unknown"
    hidden_ages = {k for k, v in ages.items() if v != v}
    assert "30-49" in hidden_ages and len(hidden_ages) == 2 and unknown not in hidden_ages
    assert {k: v for k, v in ages.items() if k not in hidden_ages} == {
        k: v for k, v in {"16-29": 5, "50-64": 4, "65+": 3, unknown: 0}.items() if k not in hidden_ages
    }
    homes = tables[("resident_district", "visits")]
    shown = dict(zip(homes["resident_district"], homes["visits"], strict=True))
    assert {k for k, v in shown.items() if v != v} == {"Altona", "Harburg"}
    assert {v for k, v in shown.items() if k not in ("Altona", "Harburg")} == {0}
    hours = tables[("weekday", "hour", "visits")]
    assert not ({1, 2} & {v for v in hours["visits"] if v == v})
