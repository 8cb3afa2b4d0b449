"""The message catalogs: every word the dashboard, the briefing and the exports for people show, per language.

The words live in gettext catalogs, `locale/<lang>/LC_MESSAGES/dashboard.po` (the files any translator's tool
opens), compiled to `dashboard.mo` by `make install` (tools/compile_catalogs.py). A message's id is its key
(`as_of`, `page_overview`, …), not the German sentence: the call sites name the key, so a German wording can change
without touching code or the other catalogs (docs/ARCHITECTURE.md argues it). A message context keeps apart what
shares a key: none for the dashboard's words, `code` for the data's codes (topics, outcomes, …), `column` for the
export tables' headings, `export` for how a missing value reads there, `status` for the dashboard's own codes
(load results, periods, …).

This module sits below ui/ (the exports of etl/ read the catalogs too) and knows nothing of Streamlit. A `.mo`
missing or older than its `.po` (a fresh clone before `make install`, a `.po` just edited or merged) is compiled
in memory from the `.po`, so the words are never stale.

A language is a folder under locale/ with its catalog; its name in the language menu is its own message
`language_name`. German and English come first, any other language after them in the order of their codes.
The pseudo-locale `PSEUDO` wraps every English word in «…»: the bypass test (tests/test_catalog_bypass.py) runs
the pages, the briefing and the exports in it, and every word not wrapped did not come from a catalog.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "dashboard"
SOURCE = ("de", "en")  # the languages the dashboard is written in; every other catalog is checked against them
PSEUDO = "qps"  # ISO 639's "reserved for local use" range (qaa–qtz): the bypass test's pseudo-locale
OPEN, CLOSE = "«", "»"


class Catalog:
    """One language's messages: `word(key)`, `plural(key, n)`, with or without a context. An unknown key raises
    KeyError (gettext would quietly show the key)."""

    def __init__(self, translations: gettext.GNUTranslations):
        self._messages: dict = translations._catalog  # type: ignore[attr-defined]
        self._plural = translations.plural  # type: ignore[attr-defined]

    def word(self, key: str, context: str | None = None) -> str:
        text = self._messages.get(_id(key, context))
        if text is None:
            # a plural message asked without a count (t instead of tn): the form for "some", as before plurals
            text = self._messages[(_id(key, context), self._plural(2))]
        return text

    def plural(self, key: str, n: int, context: str | None = None) -> str:
        return self._messages[(_id(key, context), self._plural(n))]

    def ids(self, context: str | None = None) -> list[str]:
        """The keys of a context (None: the dashboard's words)."""
        if not hasattr(self, "_keys"):
            self._keys: dict[str | None, dict[str, None]] = {}
            for entry in self._messages:
                name = entry[0] if isinstance(entry, tuple) else entry
                if name:  # not the header
                    own, _, key = name.rpartition("\x04")
                    self._keys.setdefault(own or None, {})[key] = None
        return list(self._keys.get(context, {}))


class _Pseudo(Catalog):
    """English with every word wrapped in «…»."""

    def __init__(self, english: Catalog):
        self._english = english

    def word(self, key: str, context: str | None = None) -> str:
        return OPEN + self._english.word(key, context) + CLOSE

    def plural(self, key: str, n: int, context: str | None = None) -> str:
        return OPEN + self._english.plural(key, n, context) + CLOSE

    def ids(self, context: str | None = None) -> list[str]:
        return self._english.ids(context)


def _id(key: str, context: str | None) -> str:
    return key if context is None else f"{context}\x04{key}"


def po_file(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> tuple[str, ...]:
    """The languages with a catalog: German and English first, then any other by its code."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return tuple([lang for lang in SOURCE if lang in found] + [lang for lang in found if lang not in SOURCE])


@functools.cache
def catalog(lang: str) -> Catalog:
    """The language's catalog; the pseudo-locale's is English wrapped; an unknown language gets English."""
    if lang == PSEUDO:
        return _Pseudo(catalog("en"))
    po = po_file(lang)
    if not po.exists():
        return catalog("en")
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return Catalog(gettext.GNUTranslations(compiled))
    return Catalog(gettext.GNUTranslations(io.BytesIO(compile_po(po))))


def compile_po(po: Path) -> bytes:
    """The `.mo` bytes of a `.po` file (Babel's reader and writer, as `pybabel compile` uses them)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        messages = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, messages, use_fuzzy=False)
    return compiled.getvalue()


def word(key: str, lang: str, context: str | None = None) -> str:
    return catalog(lang).word(key, context)


def plural(key: str, n: int, lang: str, context: str | None = None) -> str:
    return catalog(lang).plural(key, n, context)


def pairs(context: str) -> dict[str, tuple[str, str]]:
    """A context's words as (German, English) per key, in the catalog's order (for docs and tables)."""
    return {key: (word(key, "de", context), word(key, "en", context)) for key in catalog("de").ids(context)}
