"""No two modules of the project import each other, directly or round a longer circle (issue 31: etl/swap.py and
etl/versions.py did). Every import counts, also one inside a function: it is a dependency all the same."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

PACKAGES = ("etl", "ui", "pages", "tools")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    found.update({module_name(p): p for p in ROOT.glob("*.py")})
    return found


def imports(path: Path, known: dict[str, Path]) -> set[str]:
    """The project's modules that the file imports (`from etl import swap` is etl.swap when that is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & known.keys()
            found.update(submodules or {node.module})
    return {name for name in found if name in known}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every module that can reach itself again, with one such way round."""
    found = []
    for start in sorted(graph):
        way: dict[str, str] = {}
        todo = [start]
        while todo:
            here = todo.pop()
            for there in sorted(graph[here]):
                if there == start:
                    back, node = [start], here
                    while node != start:
                        back.append(node)
                        node = way[node]
                    found.append([start, *reversed(back[1:]), start])
                    todo.clear()
                    break
                if there not in way:
                    way[there] = here
                    todo.append(there)
    return found


def test_no_import_circle():
    known = modules()
    graph = {name: imports(path, known) - {name} for name, path in known.items()}
    found = circles(graph)
    assert not found, "\n".join(" -> ".join(c) for c in found)


def test_the_circle_finder_finds_a_circle():
    found = circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert found == [["a", "b", "c", "a"], ["b", "c", "a", "b"], ["c", "a", "b", "c"]]  # d only leads into it
    assert circles({"a": {"b"}, "b": set()}) == []
