"""A catalog entry marked fuzzy (a translator's tool's "needs review") is not shown: the key stays unknown."""

from __future__ import annotations

import gettext
import io

from etl import messages

PO = (
    'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
    'msgid "filters"\nmsgstr "Filter"\n\n'
    '#, fuzzy\nmsgid "as_of"\nmsgstr "Stand (ungeprüft)"\n'
)


def test_a_fuzzy_entry_is_left_out_of_the_compiled_catalog(tmp_path):
    po = tmp_path / "dashboard.po"
    po.write_text(PO, encoding="utf-8")
    compiled = messages.Catalog(gettext.GNUTranslations(io.BytesIO(messages.compile_po(po))))
    assert compiled.word("filters") == "Filter"
    assert compiled.ids() == ["filters"]  # "as_of" (fuzzy) is not among the catalog's keys
