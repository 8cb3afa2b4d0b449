"""make mutate's own bookkeeping: each mutant is kept in the outcomes file and the equivalents list by its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import mutate


@pytest.mark.slow
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
