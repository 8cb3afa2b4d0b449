"""Every word the dashboard shows, from the message catalogs (etl/messages.py, locale/<lang>/LC_MESSAGES/): `t(key,
lang, **values)`, and `tn(key, count, lang, **values)` where a count chooses the plural form.

KPI labels and definitions come from etl.registry; codes of the data (topics, outcomes, channels, …) are
translated by `code()`. A new word: its key and words in locale/de/…/dashboard.po and locale/en/…/dashboard.po
(docs/ARCHITECTURE.md, "Words and languages").
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Mapping

from etl import messages
from ui.formats import weekdays

# The languages with a catalog, each named in its own words (German and English first).
LANGUAGES = {lang: messages.word("language_name", lang) for lang in messages.languages()}
PSEUDO = messages.PSEUDO  # the bypass test's pseudo-locale: every word wrapped in «…»
if os.environ.get("DASHBOARD_PSEUDO_LOCALE") == "1":  # to look at it: DASHBOARD_PSEUDO_LOCALE=1 make run, ?lang=qps
    LANGUAGES[PSEUDO] = messages.word("language_name", PSEUDO)


def t(key: str, lang: str, /, **values) -> str:
    """The key's words in the language, with the values put in; an unknown key raises KeyError."""
    text = messages.word(key, lang)
    return text.format(**values) if values else text


def tn(key: str, count: int, lang: str, /, **values) -> str:
    """A message with plural forms: the form the language uses for `count` (1 Tag / 2 Tage), the values put in."""
    return messages.plural(key, count, lang).format(**values)


def code(value, lang: str) -> str:
    """A code of the data (topic, outcome, channel, …) or of the dashboard (load results, …) in words; unknown
    codes stay as they are."""
    if value is None:
        return t("unknown", lang)
    return _codes(lang).get(value, value)


def coded(column: str, lang: str):
    """A polars expression: the column's codes in words (as `code`), unknown codes as they are."""
    import polars as pl

    words = _codes(lang)
    return pl.col(column).replace_strict(words, default=pl.col(column)).fill_null(t("unknown", lang)).alias(column)


@functools.cache
def _codes(lang: str) -> dict[str, str]:
    catalog = messages.catalog(lang)
    return {key: catalog.word(key, context) for context in ("code", "status") for key in catalog.ids(context)}


class _Weekdays(Mapping[str, tuple[str, ...]]):
    """The days of the week, Monday first, abbreviated as the language writes them alone (Mo / Mon): CLDR's, via
    Babel (ui.formats.weekdays)."""

    def __getitem__(self, lang: str) -> tuple[str, ...]:
        return weekdays(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


WEEKDAYS = _Weekdays()
