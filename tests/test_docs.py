"""Docs that cannot drift, and the house rules that keep one definition per fact (datasette tests its docs the
same way): KPIS.md against the KPI registry, DATA_CONTRACT.md against the input schemas, every KPI formula in
one SQL file, no page that queries the warehouse or applies disclosure rules itself."""

from __future__ import annotations

import ast
import re

import pytest
from helpers import ROOT

from etl import registry
from etl.schema import KINDS

DOCS = ROOT / "docs"


def doc_table(text: str, heading: str) -> list[list[str]]:
    """The rows (cells as text) of the first Markdown table after a heading that starts with `heading`."""
    section = text[text.index(f"\n{heading}") :]
    rows = []
    for line in section.splitlines()[1:]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not set(cells[0]) <= {"-", ":"}:
                rows.append(cells)
        elif rows:
            break
    return rows[1:]  # without the header row


def names(cell: str) -> list[str]:
    return re.findall(r"`([a-z_0-9]+)`", cell)


@pytest.mark.parametrize(
    ("level", "heading"),
    [("stop", "## Stop level"), ("campaign", "## Campaign level"), ("district", "## District level (")],
)
def test_every_kpi_of_kpis_md_is_in_the_registry_in_its_order(level, heading):
    documented = [key for row in doc_table((DOCS / "KPIS.md").read_text(), heading) for key in names(row[0])]
    assert documented == list(registry.keys(level))


def test_the_json_keys_of_kpis_md_are_the_registry_keys():
    text = (DOCS / "KPIS.md").read_text()
    district_keys = re.search(r'\{"district", "population_16plus", "uptake_start", "uptake_latest"\}', text)
    assert district_keys and names(district_keys.group(0).replace('"', "`")) == list(registry.keys("district"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_column_of_data_contract_md_is_in_the_schema(kind):
    text = (DOCS / "DATA_CONTRACT.md").read_text()
    rows = doc_table(text, f"### {kind}")
    schema = KINDS[kind]
    assert [names(row[0])[0] for row in rows] == [c.name for c in schema.columns]
    for row, column in zip(rows, schema.columns, strict=True):
        assert names(row[1]) == list(column.aliases), column.name
        assert row[3].startswith("yes") == column.required, column.name


def test_the_file_kinds_and_prefixes_of_data_contract_md():
    rows = doc_table((DOCS / "DATA_CONTRACT.md").read_text(), "## File kinds")
    assert {names(row[0])[0]: names(row[2]) for row in rows} == {k.name: list(k.prefixes) for k in KINDS.values()}


SQL_FILES = [p for p in sorted((ROOT / "etl" / "sql").rglob("*.sql")) + sorted((ROOT / "ui" / "sql").glob("*.sql"))]


@pytest.mark.parametrize(
    "path", [p for p in SQL_FILES if p.name not in ("macros.sql", "parsers.sql")], ids=lambda p: p.name
)
def test_no_sql_file_but_the_kpi_macros_divides(path):
    code = "\n".join(line.split("--")[0] for line in path.read_text().splitlines())  # without comments
    code = re.sub(r"'[^']*'", "''", code)  # without string literals
    assert "/" not in code, f"{path.name}: a KPI formula belongs in etl/sql/macros.sql"


@pytest.mark.parametrize("path", sorted((ROOT / "ui" / "sql").glob("*.sql")), ids=lambda p: p.name)
def test_page_queries_read_marts_not_staging(path):
    assert not re.search(r"\b(stg|raw)_(districts|stops|visits|activations|service_usage)\b", path.read_text())


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_hold_layout_and_words_only(path):
    tree = ast.parse(path.read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert not {"duckdb", "etl.warehouse", "etl.disclosure.protect", "etl.disclosure.suppress"} & imported
    calls = {ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    assert not {c for c in calls if c.startswith(("disclosure.protect", "disclosure.suppress", "data.cursor"))}
    assert "map_elements" not in path.read_text()


def test_every_text_key_is_used():
    from etl import messages

    sources = [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("etl/briefing/*.py")]
    code = "\n".join(p.read_text() for p in sources)

    def used(key: str) -> bool:
        if re.search(rf"['\"]{re.escape(key)}['\"]", code):
            return True
        # a key built from a prefix and a code: t(f"role_{role}", ...) or t("caveat_" + code, ...)
        prefix = re.escape(key.split("_")[0])
        return bool(re.search(rf"f['\"]{prefix}_\{{|['\"]{prefix}_['\"]\s*\+", code))

    assert [key for key in messages.catalog("de").ids() if not used(key)] == []


def test_no_file_divides_a_kpi_by_hand_in_python():
    """Pages and the data layer take KPIs from SQL; no Python file recomputes conversion or uptake."""
    suspicious = re.compile(r"popup_activations\"?\]?\s*/|/\s*pl\.col\(\"visits\"\)|population_16plus\"?\]?\s*\)\s*/")
    found = [
        str(p.relative_to(ROOT))
        for p in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py")]
        if suspicious.search(p.read_text())
    ]
    assert found == []


def test_docs_name_files_that_exist():
    for doc in [ROOT / "README.md", *DOCS.glob("*.md")]:
        for link in re.findall(r"\]\(((?:docs/|\.\./)?[A-Za-z_./-]+\.(?:md|png|py|toml|example))\)", doc.read_text()):
            assert (doc.parent / link).exists() or (ROOT / link).exists(), f"{doc.name}: {link}"


@pytest.mark.parametrize(
    ("heading", "words"),
    [("## The codes and their words", "CODES"), ("## The columns and their headings", "COLUMNS")],
)
def test_exports_md_lists_every_word_of_the_vocabulary(heading, words):
    from etl import vocabulary

    rows = doc_table((DOCS / "EXPORTS.md").read_text(), heading)
    assert {re.findall(r"`([^`]+)`", row[0])[0]: (row[1], row[2]) for row in rows} == getattr(vocabulary, words)
