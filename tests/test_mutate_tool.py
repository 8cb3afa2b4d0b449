"""make mutate's own bookkeeping: each mutant is kept in the outcomes file and the equivalents list by its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import mutate


def test_every_mutant_has_a_name_of_its_own():
    names = [m.name for m in mutate.all_mutants([])]
    assert len(names) == len(set(names))


def test_the_same_slip_twice_on_a_line_is_numbered(tmp_path, monkeypatch):
    monkeypatch.setattr(mutate, "ROOT", tmp_path)
    sql = tmp_path / "q.sql"
    sql.write_text("select 1\nwhere a = 1 and b = 2 and c = 3\n", encoding="utf-8")
    names = [m.name for m in mutate.all_mutants(["q.sql"]) if "and -> or" in m.name]
    assert names == ["q.sql:2: and -> or", "q.sql:2: and -> or #2"]
    assert Path(sql).read_text(encoding="utf-8").count("and") == 2  # the file itself is never changed


# --- the semantic operators (tools/semantic.py, issue 33) -------------------------------------------------------
def _sql(text: str) -> dict[str, str]:
    from tools import semantic

    return {what: source for _, what, source in semantic.sql_mutants(text)}


@pytest.mark.slow
def test_every_semantic_mutant_has_a_name_of_its_own():
    names = [m.name for m in mutate.all_mutants([], "semantic")]
    assert len(names) == len(set(names))
    assert not [name for name in names if "\n" in name]  # one line each in the outcomes and equivalents files
    operators = {name.split(": ")[1] for name in names}
    assert operators == {
        "date bound",
        "day/month",
        "constant",
        "swap columns",
        "drop predicate",
        "swap ratio",
        "drop filter",
    }


def test_the_semantic_sql_operators():
    query = (
        "select conversion_rate(popup_activations, visits) as rate\n"
        "from mart_visits visits\n"
        "where visits.visit_date between $date_from and $date_to and visits.district = 'Altona'\n"
        "order by 1\n"
    )
    mutants = _sql(query)
    assert (
        "visits.visit_date between $date_from and ($date_to) + 1" in mutants["date bound: between upper $date_to + 1"]
    )
    assert (
        "visits.visit_date >= $date_from and visits.visit_date < $date_to"
        in mutants["date bound: between -> half-open on visits.visit_date"]
    )
    assert (
        "conversion_rate(visits, popup_activations)"
        in mutants["swap ratio: conversion_rate(popup_activations, visits)"]
    )
    dropped = mutants["drop predicate: visits.district = 'Altona'"]
    assert "between $date_from and $date_to" in dropped and "Altona" not in dropped
    assert "conversion_rate(visits, visits)" in mutants["swap columns: popup_activations -> visits"]
    assert "from mart_visits visits" in mutants["swap columns: popup_activations -> visits"]
    assert _sql("select strftime(d, '%d.%m.%Y')\n")["day/month: '%d.%m.%Y' -> '%m.%d.%Y'"].count("%m.%d.%Y") == 1
    assert "28 -> " not in " ".join(_sql("select mart(follow_up_days := 28)\n"))  # a parameter's default stays


def test_the_semantic_python_operators():
    from tools import semantic

    source = (
        "FOLLOW_UP_DAYS = 28\n"
        "def f(view, a, b):\n"
        "    view.selection(date_from=a, channels=b)\n"
        "    return a / b, dt.timedelta(days=FOLLOW_UP_DAYS), day.strftime('%d.%m.%Y')\n"
    )
    whats = [what for _, _, what, _ in semantic.python_mutants(source)]
    assert "constant: FOLLOW_UP_DAYS -> 29" in whats
    assert "swap ratio: a / b" in whats
    assert "drop filter: selection(channels=…)" in whats
    assert "date bound: timedelta(days=…) + 1" in whats
    assert "day/month: '%d.%m.%Y' -> '%m.%d.%Y'" in whats
    assert not any("FOLLOW_UP_DAYS = 29" in s for _, _, _, s in semantic.python_mutants(source))
