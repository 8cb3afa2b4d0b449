"""One constant, one place (issue 33): the national baseline, the thresholds, the channel and district lists are
defined once; a literal of the same value, or a near one, anywhere else in the code or the SQL fails this test.

The slip it catches: the baseline written a second time as a literal in one tile (0.25, or 0.24 after a careless
edit), the follow-up window written as 28 (or 27) in one query, the list of channels written out again in a query
so that a new channel is missed there.

Where a second literal is right (a value that only happens to be near, a demo generator's invented figures), it is
listed in ALLOWED with the reason; a list that must exist twice (the spellings the loader maps onto the district
names) is checked to hold exactly the same names.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from etl import config, disclosure, schema

ROOT = Path(__file__).resolve().parent.parent
CODE = [
    *sorted((ROOT / "etl").rglob("*.py")),
    *sorted((ROOT / "ui").rglob("*.py")),
    *sorted((ROOT / "pages").rglob("*.py")),
    ROOT / "dashboard.py",
    *[path for path in [ROOT / "cli.py"] if path.exists()],
]
SQL = [*sorted((ROOT / "etl" / "sql").rglob("*.sql")), *sorted((ROOT / "ui" / "sql").rglob("*.sql"))]
BASELINE = tomllib.loads((ROOT / "data" / "reference" / "baseline.toml").read_text(encoding="utf-8"))["share"]

# (file, literal as written) -> why it is not a second definition
ALLOWED = {
    ("etl/config.py", "28"): "the definition of FOLLOW_UP_DAYS",
    ("etl/disclosure.py", "3"): "the definition of DEFAULT_THRESHOLD",
    ("etl/schema.py", "districts"): "the definition of DISTRICTS",
    ("etl/schema.py", "channels"): "the definition of CHANNELS",
    # KPIS.md: eid_share_before is over the fixed 28 days [a - 28, a - 1], not the (configurable) follow-up F
    ("etl/sql/marts/mart_stop_kpis.sql", "28"): "the eID share before a stop: a fixed 28-day window (KPIS.md)",
    ("etl/sql/marts/mart_stop_kpis.sql", "28 #2"): "the same window, the eID count",
    ("etl/sql/parsers.sql", "districts"): "the spellings the contract accepts, mapped onto DISTRICTS (checked below)",
    # the impact panel's outcome: every channel but the pop-up (the pop-up is the treatment); written as the two
    # others so that a channel added to the contract is a decision here, not counted silently
    ("etl/sql/impact/panel.sql", "channels"): "the outcome channels of the impact panel (all but the pop-up)",
    ("etl/impact/results.py", "3"): "a slope needs three weeks: not a count shown to anyone",
    ("pages/services.py", "28"): "pixels per bar of a chart",
    ("ui/charts/look.py", "0.25"): "how much of a hatched bar part the hatch covers (Plotly's pattern solidity)",
    ("pages/services.py", "28 #2"): "pixels per bar of a chart",
    # how a share may be written in a file (24,5 % or 0.245): an example in a rule or a message, not the baseline
    ("etl/schema.py", "0 ≤ x ≤ 1 (also 24,5 % or 24.5%); empty "): "an example of a share in a file",
    ("etl/validate.py", "is not a share (expected 0.245, 24,5 % o"): "an example of a share in a file",
    ("ui/loader_words.py", "ist kein Anteil (erwartet 0.245, 24,5 % "): "an example of a share in a file",
    ("ui/formats.py", "Numbers and dates as a German or an Engl"): "the module's docstring: an example of a format",
    ("ui/formats.py", "A share (0..1) as percent: 24,8 % in Ger"): "a docstring: an example of a format",
}
# Whole files whose figures are their own: the demo generator invents a city (its shares, growth rates and
# weights are the demo's data, not the baseline), the impact simulation invents campaigns.
OWN_FIGURES = {"etl/demo.py", "etl/impact/validation.py"}


SHARE_TEXT = re.compile(r"(?<![\d.,])(0[.,]2[2-8]\d*|2[2-8]([.,]\d+)?\s?%)")  # 0.24, 0,25, 25 %, 24,5 %
NEAR_THRESHOLD = (disclosure.DEFAULT_THRESHOLD, disclosure.DEFAULT_THRESHOLD + 1)


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _near_baseline(value: float) -> bool:
    """A share within 0.03 of the baseline, or the same as a percentage (22 .. 28 %)."""
    return abs(value - BASELINE) <= 0.03


def _python_findings(path: Path) -> list[tuple[str, int, str]]:
    """(kind, line, literal) for every suspicious literal of a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) is float and _near_baseline(node.value):
            found.append(("baseline", node.lineno, repr(node.value)))
        if isinstance(node, ast.Constant) and type(node.value) is str and SHARE_TEXT.search(node.value):
            found.append(("baseline", node.lineno, node.value[:40]))
        if isinstance(node, ast.Constant) and type(node.value) is int and abs(node.value - config.FOLLOW_UP_DAYS) <= 1:
            found.append(("follow-up", node.lineno, str(node.value)))
        if isinstance(node, ast.Compare):  # a count compared with a literal near the disclosure threshold
            for side in [node.left, *node.comparators]:
                if isinstance(side, ast.Constant) and side.value in NEAR_THRESHOLD and type(side.value) is int:
                    found.append(("threshold", node.lineno, str(side.value)))
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            texts = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            for name, members in (("districts", schema.DISTRICTS), ("channels", schema.CHANNELS)):
                if len(texts & set(members)) >= 2:
                    found.append((name, node.lineno, name))
    return found


def _sql_findings(path: Path) -> list[tuple[str, int, str]]:
    text = path.read_text(encoding="utf-8")
    code = re.sub(r"--[^\n]*", lambda m: " " * len(m.group(0)), text)  # comments out, positions kept
    found = []

    def line(pos: int) -> int:
        return code.count("\n", 0, pos) + 1

    unquoted = re.sub(r"'(?:[^']|'')*'", lambda m: " " * len(m.group(0)), code)
    for match in re.finditer(r"(?<![\w.])(\d+\.\d+|\d+)(?![\w.])", unquoted):
        value = float(match.group(1))
        if "." in match.group(1) and _near_baseline(value):
            found.append(("baseline", line(match.start()), match.group(1)))
        if "." not in match.group(1) and abs(value - config.FOLLOW_UP_DAYS) <= 1:
            found.append(("follow-up", line(match.start()), match.group(1)))
    for match in re.finditer(r"(?:[<>]=?|=)\s*(\d+)(?![\w.])", unquoted):
        if int(match.group(1)) in (disclosure.DEFAULT_THRESHOLD, disclosure.DEFAULT_THRESHOLD + 1):
            found.append(("threshold", line(match.start()), match.group(1)))
    quoted = [(m.start(), m.group(1)) for m in re.finditer(r"'((?:[^']|'')*)'", code)]
    for name, members in (("districts", schema.DISTRICTS), ("channels", schema.CHANNELS)):
        hits = [pos for pos, value in quoted if value in members]
        if len({value for _, value in quoted if value in members}) >= 2:
            found.append((name, line(hits[0]), name))
    return found


def test_every_constant_is_written_once():
    offending = []
    for path in [*CODE, *SQL]:
        rel = _rel(path)
        if rel in OWN_FIGURES:
            continue
        findings = _sql_findings(path) if path.suffix == ".sql" else _python_findings(path)
        seen: dict[str, int] = {}
        for kind, line, literal in findings:
            key = literal if kind not in ("districts", "channels") else kind
            seen[key] = seen.get(key, 0) + 1
            name = key if seen[key] == 1 else f"{key} #{seen[key]}"
            if (rel, name) not in ALLOWED:
                offending.append(f"{rel}:{line}: {kind}: {literal!r}")
    assert offending == [], "a constant written again as a literal (use the named one):\n" + "\n".join(offending)


def test_the_district_spellings_map_onto_exactly_the_districts():
    # parsers.sql maps every spelling the contract accepts onto an official name: those names are DISTRICTS
    text = (ROOT / "etl" / "sql" / "parsers.sql").read_text(encoding="utf-8")
    targets = set(re.findall(r"then '([^']+)'", text)) & set(schema.DISTRICTS) | {
        name for name in re.findall(r"then '([^']+)'", text) if name[0].isupper()
    }
    assert targets == set(schema.DISTRICTS)


def test_the_scanner_sees_the_slips_it_is_for(tmp_path):
    # the slip of issue 33 (the baseline again in one tile, a little off) and its relatives, each seen
    tile = tmp_path / "tile.py"
    tile.write_text(
        "gap = uptake - 0.24\n"
        "label = 'über 25 %'\n"
        "window = 27\n"
        "shown = count >= 3\n"
        "CHANNELS = ('popup', 'self_service')\n",
        encoding="utf-8",
    )
    kinds = sorted(kind for kind, _, _ in _python_findings(tile))
    assert kinds == ["baseline", "baseline", "channels", "follow-up", "threshold"]
    query = tmp_path / "q.sql"
    query.write_text(
        "select uptake - 0.25 from t where d between a - 29 and a and n >= 3 -- 0.25 in a comment is fine\n"
        "and channel in ('citizen_office', 'self_service')\n",
        encoding="utf-8",
    )
    assert sorted(kind for kind, _, _ in _sql_findings(query)) == ["baseline", "channels", "follow-up", "threshold"]
