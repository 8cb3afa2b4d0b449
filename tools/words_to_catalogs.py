"""Move words written as ("German", "English") pairs in Python into the message catalogs (etl/messages.py).

    python tools/words_to_catalogs.py [FILE …]

Reads each FILE's syntax tree (no import) and takes every dict literal of string pairs it finds — `TEXT = {…}`,
`TEXT.update({…})` and `CODES = {…}` in a ui/text.py of the old kind, `CODES`, `COLUMNS` and `MISSING` in an
etl/vocabulary.py of the old kind, the `_k(…)` words, `SHORT` and `UPTAKE_NOTE` of an etl/registry.py of the old
kind — into locale/de and locale/en. Without FILEs: ui/text.py and etl/vocabulary.py.
A key already in the catalogs keeps its place; its words are replaced when the file words it differently (said
on stdout); a plural message (edited by hand into the catalog) is kept as it is. So it can be run again on a
text.py merged from a branch that still added words the old way: the new words land in the catalogs, and the
pairs can then be deleted from the file.

Contexts: `TEXT` → none (the dashboard's words), vocabulary's `CODES` → `code`, `MISSING` → `export`, `COLUMNS`
→ `column`, text.py's own `CODES` → `status`; the registry's labels → `kpi_label`, definitions → `kpi_definition` (id
`level.key`), `SHORT` → `kpi_short`, `UPTAKE_NOTE` → `kpi_note` (id `uptake`).
"""

from __future__ import annotations

import ast
import datetime
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.messages import DOMAIN, po_file  # noqa: E402

HEADER = """\
# The dashboard's words (etl/messages.py). A message id is a key; the words are the message's string.
# {name} is a value put in by the program: keep it as it is, move it where the language wants it."""
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:[:!][^{}]*)?\}")


def _pairs(node: ast.Dict) -> dict[str, tuple[str, str]] | None:
    found: dict[str, tuple[str, str]] = {}
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:  # **other
            continue
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        try:
            words = ast.literal_eval(value)
        except ValueError:
            return None
        if isinstance(words, tuple) and len(words) == 2 and all(isinstance(w, str) for w in words):
            found[key.value] = words
        elif isinstance(words, dict) and set(words) == {"de", "en"}:
            found[key.value] = (words["de"], words["en"])
        else:
            return None
    return found


def words_of(path: Path) -> list[tuple[str | None, str, tuple[str, str]]]:
    """(context, key, (German, English)) of every pair-dict in the file, in the file's order."""
    tree = ast.parse(path.read_text())
    vocabulary = path.name == "vocabulary.py"
    found: list[tuple[str | None, str, tuple[str, str]]] = []
    if path.name == "registry.py":  # the KPI registry: _k(key, level, format, label_de, label_en, def_de, def_en)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_k" and len(node.args) >= 7:
                key, level, _, *words = (ast.literal_eval(a) for a in node.args[:7])
                found.append(("kpi_label", f"{level}.{key}", (words[0], words[1])))
                found.append(("kpi_definition", f"{level}.{key}", (words[2], words[3])))
    for statement in tree.body:
        node = statement.value if isinstance(statement, ast.Expr) else statement
        name, value = None, None
        if isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            name, value = getattr(target, "id", None), node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "update":
            name, value = getattr(node.func.value, "id", None), node.args[0] if node.args else None
        if name is None:
            continue
        if name == "UPTAKE_NOTE" and isinstance(value, ast.Dict):
            words = ast.literal_eval(value)
            found.append(("kpi_note", "uptake", (words["de"], words["en"])))
            continue
        if name == "MISSING" and isinstance(value, ast.Dict):
            words = ast.literal_eval(value)
            found.append(("export", "missing", (words["de"], words["en"])))
            continue
        if not isinstance(value, ast.Dict):
            continue
        context = {
            "TEXT": None,
            "COLUMNS": "column",
            "SHORT": "kpi_short",
            "LOADER": "loader",
            "CODES": "code" if vocabulary else "status",
        }.get(name, "?")
        pairs = _pairs(value)
        if context == "?" or not pairs:
            continue
        found += [(context, key, words) for key, words in pairs.items()]
    return found


def _load(lang: str) -> Catalog:
    po = po_file(lang)
    if po.exists():
        with po.open("rb") as source:
            return read_po(source, locale=lang)
    fixed = datetime.datetime(2026, 12, 6, tzinfo=datetime.UTC)  # no date that changes with every run
    return Catalog(
        locale=lang,
        domain=DOMAIN,
        project="Hamburg – digital für dich",
        version="1",
        header_comment=HEADER,
        creation_date=fixed,
        revision_date=fixed,
        language_team="Senatskanzlei Hamburg",
        fuzzy=False,
    )


def flags(text: str) -> set[str]:
    return {"python-brace-format"} if PLACEHOLDER.search(text) else set()


def main(files: list[Path]) -> None:
    catalogs = {lang: _load(lang) for lang in ("de", "en")}
    added = changed = 0
    for lang, catalog in catalogs.items():  # the language's own name in the language menu
        if catalog.get("language_name") is None:
            catalog.add("language_name", {"de": "Deutsch", "en": "English"}[lang])
    for path in files:
        for context, key, pair in words_of(path):
            for index, (lang, catalog) in enumerate(catalogs.items()):
                text = pair[index]
                old = catalog.get(key, context=context)
                if old is None:
                    catalog.add(key, text, context=context, flags=flags(text))
                    added += index == 0
                elif isinstance(old.id, tuple) or isinstance(old.string, tuple):
                    if text not in tuple(old.string or ()):
                        print(f"kept plural {lang} {context or ''}:{key}; the file words it {text!r}")
                elif old.string != text:
                    print(f"changed {lang} {context or ''}:{key}: {old.string!r} -> {text!r}")
                    old.string = text
                    old.flags = flags(text)
                    changed += 1
    for lang, catalog in catalogs.items():
        po = po_file(lang)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as out:
            write_po(out, catalog, width=120, omit_header=False, sort_output=False, no_location=True)
    print(f"{added} keys added, {changed} words changed")


if __name__ == "__main__":
    given = [Path(a) for a in sys.argv[1:]] or [ROOT / "ui" / "text.py", ROOT / "etl" / "vocabulary.py"]
    main(given)
