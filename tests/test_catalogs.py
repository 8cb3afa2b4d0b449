"""The message catalogs (etl/messages.py, locale/<lang>/LC_MESSAGES/dashboard.po): complete in every language,
the same placeholders everywhere, plural forms where a count is shown."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from etl import messages
from ui.text import t, tn

ROOT = Path(__file__).resolve().parent.parent


def catalog(lang: str) -> dict:
    """(context, key) → the message's forms (one, or one per plural form) and whether it is fuzzy."""
    with messages.po_file(lang).open("rb") as source:
        po = read_po(source)
    found = {}
    for message in po:
        if not message.id:
            continue  # the header
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        found[(message.context, key)] = {"forms": forms, "plural": message.pluralizable, "fuzzy": message.fuzzy}
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


LANGS = messages.languages()


def test_german_and_english_have_catalogs():
    assert set(messages.SOURCE) <= set(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalog_has_every_message_of_the_others_and_no_other(lang):
    reference = set(catalog("de")) | set(catalog("en"))
    assert set(catalog(lang)) == reference


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_words_and_the_same_placeholders_as_in_german(lang):
    german, own = catalog("de"), catalog(lang)
    for entry, message in own.items():
        assert not message["fuzzy"], entry
        assert all(form.strip() for form in message["forms"]), entry
        wanted = set().union(*(placeholders(f) for f in german[entry]["forms"]))
        got = set().union(*(placeholders(f) for f in message["forms"]))
        assert got == wanted, (lang, entry)
        # the form for "many" names every value; a singular may say "one" in words instead of {n}
        assert placeholders(message["forms"][-1]) == wanted, (lang, entry)


@pytest.mark.parametrize("lang", LANGS)
def test_a_plural_message_is_plural_in_every_language_with_all_its_forms(lang):
    german, own = catalog("de"), catalog(lang)
    with messages.po_file(lang).open("rb") as source:
        forms = read_po(source).num_plurals
    for entry, message in own.items():
        assert message["plural"] == german[entry]["plural"], (lang, entry)
        if message["plural"]:
            assert len(message["forms"]) == forms, (lang, entry)


def test_a_plural_message_is_never_asked_without_its_count():
    """t() on a plural message would show the form for "many" whatever the count ("1 Tage")."""
    code = "\n".join(p.read_text() for p in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py")])
    plural = [key for (context, key), m in catalog("de").items() if m["plural"] and context is None]
    assert plural
    asked = [key for key in plural if re.search(rf"\bt\(\s*[\"']{re.escape(key)}[\"']", code)]
    assert asked == []


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [("de", 1, "1 Zeile"), ("de", 2, "2 Zeilen"), ("de", 0, "0 Zeilen"), ("en", 1, "1 row"), ("en", 21, "21 rows")],
)
def test_a_count_chooses_the_plural_form(lang, count, expected):
    assert tn("rows", count, lang, n=str(count)) == expected


def test_an_unknown_key_fails_loudly_and_an_unknown_language_reads_english():
    with pytest.raises(KeyError):
        t("no_such_key", "de")
    assert t("filters", "xx") == "Selection"


def test_the_pseudo_locale_wraps_every_word_of_english():
    assert t("as_of", messages.PSEUDO, date="1 May 2025") == "«Data as of 1 May 2025»"
    assert tn("rows", 1, messages.PSEUDO, n="1") == "«1 row»"


def test_a_stale_compiled_catalog_is_not_read(tmp_path, monkeypatch):
    """A .mo older than its .po (a .po just edited or merged) is compiled again in memory."""
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "dashboard.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "filters"\nmsgstr "Alt"\n')
    (folder / "dashboard.mo").write_bytes(messages.compile_po(po))
    po.write_text(po.read_text().replace('"Alt"', '"Neu"'))
    import os

    os.utime(folder / "dashboard.mo", (0, 0))
    monkeypatch.setattr(messages, "LOCALE_DIR", tmp_path)
    messages.catalog.cache_clear()
    try:
        assert messages.word("filters", "de") == "Neu"
    finally:
        messages.catalog.cache_clear()


def test_a_third_language_is_a_catalog_in_its_folder_and_nothing_else(tmp_path, monkeypatch):
    """docs/ARCHITECTURE.md, "How to add a language", steps 1-3 with a French catalog made from the English one:
    the language is found, named in its own words, counts by its own plural rule and formats by its CLDR locale."""
    import shutil

    from ui import formats

    for lang in messages.SOURCE:
        shutil.copytree(messages.LOCALE_DIR / lang, tmp_path / lang, ignore=shutil.ignore_patterns("*.mo"))
    french = tmp_path / "fr" / "LC_MESSAGES" / "dashboard.po"
    french.parent.mkdir(parents=True)
    text = messages.po_file("en").read_text(encoding="utf-8")
    text = text.replace('"Language: en\\n"', '"Language: fr\\n"')
    text = re.sub(r'"Plural-Forms: [^"]*"', r'"Plural-Forms: nplurals=2; plural=(n > 1);\\n"', text)
    text = text.replace('msgid "language_name"\nmsgstr "English"', 'msgid "language_name"\nmsgstr "Français"')
    text = text.replace('msgstr[0] "{n} row"\nmsgstr[1] "{n} rows"', 'msgstr[0] "{n} ligne"\nmsgstr[1] "{n} lignes"')
    french.write_text(text, encoding="utf-8")
    monkeypatch.setattr(messages, "LOCALE_DIR", tmp_path)
    messages.catalog.cache_clear()
    try:
        assert messages.languages() == ("de", "en", "fr")
        assert messages.word("language_name", "fr") == "Français"
        # French counts 0 and 1 as one (plural=(n > 1)); English says "0 rows"
        assert [tn("rows", n, "fr", n=str(n)) for n in (0, 1, 2)] == ["0 ligne", "1 ligne", "2 lignes"]
        assert tn("rows", 0, "en", n="0") == "0 rows"
        # CLDR's French: a space between thousands (shown as a plain space), decimal comma, "21 mai 2025"
        assert formats.number(1234.5, "fr", 1).replace("\u202f", " ") == "1 234,5"
        assert formats.date(dt.date(2025, 5, 21), "fr") == "21 mai 2025"
    finally:
        messages.catalog.cache_clear()


def test_no_message_without_its_thing_and_no_thing_without_its_message():
    """The KPI registry's, the loader's and the exports' messages match what they word, both ways."""
    from etl import registry
    from ui import loader_words

    catalog = messages.catalog("en")
    kpis = {f"{level}.{key}" for level in ("campaign", "stop", "district") for key in registry.keys(level)}
    assert set(catalog.ids("kpi_label")) == kpis
    assert set(catalog.ids("kpi_definition")) == kpis
    assert set(catalog.ids("kpi_short")) <= {key.split(".", 1)[1] for key in kpis}
    assert set(catalog.ids("loader")) == {key for _, key in loader_words.PHRASES}
