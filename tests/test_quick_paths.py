"""Quick versions, for `make test-fast`, of paths whose thorough tests need a real tool and are marked slow: the
briefing (test_briefing.py reads it with poppler) and the demo (test_briefing, test_accessibility and
test_one_number use the whole demo warehouse). Each module under etl/ and ui/ has a fast test that runs it
(tools/fast_coverage.py checks that)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import copy_of

import cli
from etl import demo


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("de", [b"Kennzahlen im Zeitraum", b"Alle Standorte im Zeitraum", b"Was bei diesen Zahlen zu bedenken ist"]),
        ("en", [b"Key figures for the period", b"All stops in the period", b"What to keep in mind with these figures"]),
    ],
)
def test_the_briefing_is_a_tagged_pdf_in_the_chosen_language(campaign_warehouse, tmp_path, lang, headings):
    db = copy_of(campaign_warehouse, tmp_path)
    out = tmp_path / "briefing.pdf"
    assert cli.main(["briefing", "--db", str(db), "--out", str(out), "--lang", lang]) == 0
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-1.7")
    # the tagged structure names the document's language and its section headings (uncompressed in the file)
    assert re.findall(rb"/Lang\s*\(([^)]*)\)", pdf)[0] == lang.encode()
    titles = re.findall(rb"/Title\s*\(([^)]*)\)", pdf)
    assert all(heading in titles for heading in headings), titles


def test_the_demo_files_hold_the_two_bad_activation_rows_the_demo_shows_in_quarantine(tmp_path: Path):
    folder = demo.write_files(tmp_path / "demo")
    assert sorted(p.name for p in folder.iterdir()) == [
        "activations.csv",
        "bezirke.csv",
        "service_usage.parquet",
        "standorte.csv",
        "visits.csv",
    ]
    # etl/demo.py appends a 31 February and a negative count to the activations, as offices' files have them
    assert folder.joinpath("activations.csv").read_text(encoding="utf-8").splitlines()[-2:] == [
        "31.02.2025,Altona,citizen_office,12",
        "2025-03-03,Harburg,self_service,-4",
    ]
