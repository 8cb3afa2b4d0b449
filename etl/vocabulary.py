"""The words of the data for people: the codes of the data (topics, outcomes, channels, ways of signing in) and the
export tables' columns in every language, and how a missing value reads — from the message catalogs
(etl/messages.py: contexts `code`, `column`, `export`).

Formats for people (the German-Excel CSV and the xlsx workbook) carry these words; formats for machines (plain
CSV, Parquet, the JSON of `python -m etl kpis`) keep the codes and column names of the data contract. Both the
exports (etl.export) and the dashboard (ui.text) read them here, so a code reads the same on a page and in a
spreadsheet. docs/EXPORTS.md lists the two side by side.
"""

from __future__ import annotations

import functools

import polars as pl

from etl import messages, registry

LANGS = messages.SOURCE

# the columns whose values are codes of CODES
CODED = ("topic", "outcome", "channel", "auth_method", "age_band")


def __getattr__(name: str) -> dict:
    """CODES, COLUMNS and MISSING as (German, English) per key, read from the catalogs when first asked."""
    if name == "CODES":
        return messages.pairs("code")
    if name == "COLUMNS":
        return messages.pairs("column")
    if name == "MISSING":
        return {lang: missing(lang) for lang in LANGS}
    raise AttributeError(name)


def missing(lang: str) -> str:
    """A missing text: "keine Angabe" / "not given"."""
    return messages.word("missing", lang, "export")


@functools.cache
def _codes(lang: str) -> dict[str, str]:
    catalog = messages.catalog(lang)
    return {key: catalog.word(key, "code") for key in catalog.ids("code")}


def code_label(value: str | None, lang: str) -> str:
    """A code in words; a missing one as MISSING; an unknown code as it is."""
    if value is None:
        return missing(lang)
    return _codes(lang).get(value, value)


def column_label(name: str, lang: str) -> str:
    """A column's heading for people: the KPI registry's label for a stop KPI, else COLUMNS, else the name."""
    catalog = messages.catalog(lang)
    if name in catalog.ids("column"):
        return catalog.word(name, "column")
    if name in registry.keys("stop"):
        return registry.kpi("stop", name).label(lang)
    return name


def for_people(data: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The frame as people read it: a service by its name (people_columns), codes in words, a missing text as
    "keine Angabe" / "not given" (a missing number stays an empty cell, so the column stays numeric), the columns
    headed in words."""
    data = people_columns(data, lang)
    return in_words(data, lang).rename({name: column_label(name, lang) for name in data.columns})


def _own(lang: str) -> str:
    """The reference data's language for `lang`: it names services and areas in German and English; any other
    language reads the English name (docs/ARCHITECTURE.md)."""
    return "de" if lang == "de" else "en"


def people_columns(data: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The columns people read: a service by its name and its area in their language ("Briefwahlantrag",
    "Wahlen"), not by its id (`postal_vote`) and not in the other language as well; formats for programs keep
    the id and both languages' names (docs/EXPORTS.md). A frame without the name in `lang` keeps its columns."""
    own = _own(lang)
    other = "en" if own == "de" else "de"
    dropped = []
    if f"service_name_{own}" in data.columns:
        dropped += ["service_id", f"service_name_{other}"]
    if f"category_{own}" in data.columns:
        dropped.append(f"category_{other}")
    return data.drop([name for name in dropped if name in data.columns])


def in_words(data: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The values as people read them (codes in words, "keine Angabe" for a missing text); the column names kept."""
    words = _codes(lang)
    text = [name for name, dtype in data.schema.items() if dtype == pl.String]

    def words_of(column: str) -> pl.Expr:
        value = pl.col(column)
        return value.replace_strict(words, default=value) if column in CODED else value

    return data.with_columns(words_of(c).fill_null(missing(lang)).alias(c) for c in text)
