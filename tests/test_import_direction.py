"""The house's arrows point down (issue 31): pages → ui → etl, the commands (cli.py, dashboard.py) on top. Every
module's imports are read from its syntax tree — also the lazy ones inside a function, which run just the same
when their line is reached — so no module has to be imported to be checked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("etl", "ui", "pages", "tools", "bench")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    files = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")]
    files += [p for p in ROOT.glob("*.py")]  # the commands and the app: cli.py, dashboard.py
    return {_module_name(p): p for p in files if ".venv" not in p.parts}


MODULES = _modules()


def _imported(name: str, path: Path) -> set[str]:
    """The project's modules that `name` imports: `import a.b` and `from a import b` name the module a.b when there
    is one, else a (the names then come from a's __init__); relative imports are resolved against the package."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:  # `import etl.load.x` of a name inside: the module it is in
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


# Every module's imports, read once for this file's tests (not when the file is collected: every worker of the
# test run collects every file, and reading the project's syntax trees takes a second).
GRAPH: dict[str, set[str]] = {}


@pytest.fixture(scope="module", autouse=True)
def _graph():
    GRAPH.update({name: _imported(name, path) for name, path in MODULES.items()})


def _layer(module: str) -> str:
    return module.split(".")[0]


def _offenders(lower: str, uppers: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if _layer(module) == lower
        for target in targets
        if _layer(target) in uppers
    )


def test_the_graph_sees_the_imports_it_should():
    # the reader itself, checked on imports known to be there: a graph that saw nothing would pass everything
    assert "etl.schema" in GRAPH["etl.load"]
    assert "ui.text" in GRAPH["ui.formats"] or "ui.text" in set().union(*GRAPH.values())
    assert any(_layer(t) == "ui" for t in GRAPH["dashboard"])
    assert len(MODULES) > 50


def test_no_module_under_etl_imports_ui_or_pages():
    assert _offenders("etl", ("ui", "pages", "cli", "dashboard")) == []


def test_ui_never_imports_pages():
    assert _offenders("ui", ("pages", "cli", "dashboard")) == []


def _circles() -> list[list[str]]:
    """Every strongly connected set of more than one module (Tarjan), each sorted: an import circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(GRAPH[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            members = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                members.append(member)
                if member == node:
                    break
            if len(members) > 1:
                circles.append(sorted(members))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return sorted(circles)


def test_the_circle_finder_finds_a_circle():
    saved = dict(GRAPH)
    try:
        GRAPH["etl.schema"] = GRAPH["etl.schema"] | {"etl.load"}  # etl.load imports etl.schema: now both ways
        assert any({"etl.schema", "etl.load"} <= set(circle) for circle in _circles())
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def test_no_import_circle_anywhere():
    # etl.swap and etl.versions imported each other until the versions folder moved into etl.swap (issue 31)
    assert _circles() == []
