"""Every message and quarantine reason the loader writes has its German wording on the data-quality page
(ui.loader_words): files that break every rule of the contract and every file-level refusal are loaded, and each
message of the load history and each reason of the quarantine is translated as a whole."""

from __future__ import annotations

import duckdb
import pytest
from helpers import load

from ui import loader_words

FILES = {
    "stops.csv": (
        "stop_id,district,venue,start_date,end_date,opening_time,closing_time,cost_eur,notes\n"
        "S1,Altona,Mercado,2025-03-24,2025-04-05,10:00,19:00,1000,x\n"
        "S2,Atlantis,X,2025-13-01,2025-01-01,25:00,09:00,-5,x\n"
        "S3,Altona,Y,2025-05-10,2025-05-01,10:00,09:00,,x\n"
        "S1,Altona,Mercado,2025-03-24,2025-04-05,10:00,19:00,1000,x\n"
        ",Altona,,,,,,,\n"
    ),
    "visits.csv": (
        "visit_id,stop_id,visited_at,topic,outcome,age_band,resident_district,satisfaction,duration_min\n"
        "V1,S1,2025-03-30 02:30,pin_reset,resolved,65+,Altona,5,10\n"
        "V2,S9,2025-03-25 10:00,pin_reset,resolved,,,,\n"
        "V3,S1,2025-06-01 10:00,pin_reset,resolved,,,,\n"
        "V4,S1,morgen,fax,gone,99+,Mars,7,500\n"
        "V5,S1,2025-03-25 10:00,pin_reset,resolved,,,,0\n"
        'V6,"S1,broken\n'
    ),
    "activations.csv": (
        "date,district,channel,activations\n2025-03-25,Altona,popup,2\n2025-03-25,Altona,popup,3\n"
        "2025-03-26,Altona,popup,x\n2025-03-27,Altona,popup,-1\n"
    ),
    "service_usage.csv": "date,district,service_id,auth_method,started,completed\n2025-03-25,Altona,a,eid,2,5\n",
    "districts.csv": "district,population_16plus,eid_share_at_start\nAltona,0,1.5\nHarburg,12.5,x\n",
    "stops_personal.csv": "stop_id,district,venue,start_date,end_date,Nachname_Kind\n",
    "stops_twice.csv": "stop_id,standort_id,district,venue,start_date,end_date\n",
    "stops_missing.csv": "stop_id,district\n",
    "stops_empty.csv": "",
    "stops_old.xls": "\xd0\xcf\x11\xe0 not really",
    "stops_broken.xlsx": "PK not a zip",
    "stops_broken.parquet": "PAR1 not parquet",
    "Standortplanung 2025.csv": "a\n",
    "notes.pdf": "x",
}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("words")
    inbox = folder / "in"
    inbox.mkdir()
    for name, text in FILES.items():
        (inbox / name).write_bytes(text.encode("latin-1") if name.endswith(".xls") else text.encode())
    (inbox / "sub").mkdir()
    db = folder / "warehouse.duckdb"
    _, report = load(db, inbox)
    _, again = load(db, inbox / "service_usage.csv", inbox / "stops_old.xls")  # loaded before: skipped; an .xls
    (folder / "strict").mkdir()
    (folder / "strict" / "activations.csv").write_text("date,district,channel\n2025-01-01,Mars,popup\n")
    load(db, folder / "strict", args=["--strict"])
    return db, [f["message"] for f in report["files"] + again["files"]]


@pytest.mark.slow
def test_every_load_message_has_its_german_twin(warehouse):
    db, report_messages = warehouse
    con = duckdb.connect(str(db), read_only=True)
    logged = [r[0] for r in con.sql("select message from load_log").fetchall()]
    con.close()
    messages = set(logged + report_messages)
    for kind in (
        "looks like personal data",
        "appears twice",
        "is missing from the header",
        "the file is empty",
        "old Excel .xls files",
        "not a readable Excel workbook",
        "not a readable Parquet file",
        "refused under --strict",
        "not loaded, a folder",
        "not a data file",
        "the name matches no kind",
        "the same content was loaded before",
        "summed into",
        "ignored columns",
    ):
        assert any(kind in m for m in messages), kind
    untranslated = [m for m in messages if not loader_words.is_translated(m)]
    assert untranslated == []


@pytest.mark.slow
def test_every_quarantine_reason_has_its_german_twin(warehouse):
    db, _ = warehouse
    con = duckdb.connect(str(db), read_only=True)
    reasons = [r[0] for r in con.sql("select distinct unnest(reasons) from quarantine").fetchall()]
    con.close()
    assert len(reasons) >= 25
    assert [r for r in reasons if not loader_words.is_translated(r)] == []


def test_a_reason_in_german_and_in_english():
    reason = "district: 'Atlantis' is not a Hamburg district; satisfaction: 7 must be a whole number from 1 to 5"
    assert loader_words.translate(reason, "de") == (
        "district: 'Atlantis' ist kein Hamburger Bezirk; satisfaction: 7 muss eine ganze Zahl von 1 bis 5 sein"
    )
    assert loader_words.translate(reason, "en") == reason


@pytest.mark.slow
def test_the_english_catalog_gives_the_loaders_own_words_back(warehouse):
    """The catalogs word each template's parts in every language; the English one must be the loader's text."""
    db, report_messages = warehouse
    con = duckdb.connect(str(db), read_only=True)
    logged = [r[0] for r in con.sql("select message from load_log").fetchall()]
    reasons = [r[0] for r in con.sql("select distinct unnest(reasons) from quarantine").fetchall()]
    con.close()
    every = {m for m in logged + report_messages + reasons if m is not None}
    assert len(every) >= 40
    assert [m for m in every if loader_words.in_language(m, "en") != m] == []
