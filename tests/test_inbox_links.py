"""The inbox never follows a link (issue 30, finding 5). Whoever may write the inbox planted a warehouse version
before: a link named `refused` (or `processed`) pointing at the versions folder made the round move a file of
theirs there, which `rollback` then swapped in; a link in `refused/` made the round write through it; a link in
the inbox made the loader read a file outside it. Each test plants one of these and the round now gives the
attacker nothing: no file in versions/, no read through the link, no planted state after a rollback."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest
from helpers import EXTRA_VISIT, copy_of, load_one_visit_more, run_etl, visits

from etl import inbox as etl_inbox
from etl import swap

PLANTED = "warehouse-20991231T235959999999Z.duckdb"  # newer than every real version: the default rollback's pick


def loads_of(db: Path, name: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("select count(*) from load_log where file = $f", params={"f": name}).fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture
def campaign(tmp_path, campaign_warehouse) -> Path:
    """The hand-made campaign (7 visits) and one load more (V8: 8 visits), so versions/ holds the 7-visit state."""
    db = copy_of(campaign_warehouse, tmp_path / "data")
    return load_one_visit_more(db, tmp_path / "visits_extra.csv")


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


@pytest.fixture
def attackers(tmp_path, campaign_warehouse) -> Path:
    """A warehouse file the inbox writer built: the campaign and a visit V9 that never happened (8 visits)."""
    db = copy_of(campaign_warehouse, tmp_path / "attacker")
    return load_one_visit_more(db, tmp_path / "attacker-in" / "visits_planted.csv", "V9")


def versions_folder(db: Path) -> set[str]:
    return {p.name for p in swap.folder(db).iterdir()}


@pytest.mark.parametrize("folder", ["refused", "processed"])
@pytest.mark.slow
def test_a_link_named_like_the_inbox_folders_to_the_versions_folder_plants_nothing(campaign, inbox, attackers, folder):
    before = versions_folder(campaign)
    (inbox / folder).symlink_to(swap.folder(campaign), target_is_directory=True)
    shutil.copyfile(attackers, inbox / PLANTED)  # refused by the loader (no kind): moved to refused/ before
    (inbox / "visits_extra2.csv").write_text(EXTRA_VISIT.replace("V8", "V10"))  # loaded: moved to processed/
    status = etl_inbox.run_once(inbox, campaign, settle=0)
    assert f"{inbox / folder}: not a folder of the inbox's own" in status["error"]
    assert versions_folder(campaign) == before  # nothing moved or written into versions/
    assert (inbox / PLANTED).exists() and (inbox / "visits_extra2.csv").exists()  # left in the inbox
    assert visits(campaign) == 8  # nothing loaded in a round that cannot move its files
    result = run_etl("watch", inbox, "--db", campaign, "--once", "--settle", "0")
    assert result.returncode == 1 and "not a folder of the inbox's own" in result.stderr
    rollback = run_etl("rollback", "--db", campaign)  # the newest version the warehouse kept: 7 visits
    assert rollback.returncode == 0 and visits(campaign) == 7


@pytest.mark.slow
@pytest.mark.parametrize("planted", ["notes.csv.report.json.part", "notes.csv.report.json"])
def test_a_link_planted_in_refused_is_never_written_through(campaign, inbox, planted):
    refused = inbox / "refused"
    refused.mkdir()
    target = swap.folder(campaign) / PLANTED  # does not exist: the write through the link would make it
    (refused / planted).symlink_to(target)
    (inbox / "notes.csv").write_text("a,b\n1,2\n")  # refused (no kind): its report is written in refused/
    status = etl_inbox.run_once(inbox, campaign, settle=0)
    assert status["error"] is None and [f["status"] for f in status["files"]] == ["refused"]
    assert not os.path.lexists(target)
    report = refused / "notes.csv.report.json"
    assert not report.is_symlink() and json.loads(report.read_text())["status"] == "refused"
    assert not os.path.lexists(refused / "notes.csv.report.json.part")


@pytest.mark.slow
@pytest.mark.parametrize("outside", ["secret", "version"])
def test_a_link_in_the_inbox_is_passed_over_not_read(campaign, inbox, tmp_path, outside):
    # a link named like a data file, to a file the loader may read but the inbox writer may not
    if outside == "secret":
        secret = tmp_path / "secret.csv"
        secret.write_text(EXTRA_VISIT.replace("V8", "SECRET"))
    else:
        secret = swap.folder(campaign) / sorted(versions_folder(campaign))[0]
    (inbox / "visits_link.csv").symlink_to(secret)
    status = etl_inbox.run_once(inbox, campaign, settle=0)
    assert status["files"] == [] and status["error"] is None
    assert status["passed_over"] == [
        {"file": "visits_link.csv", "reason": "a link: the inbox reads regular files only"}
    ]
    assert loads_of(campaign, "visits_link.csv") == 0 and visits(campaign) == 8  # never read
    assert (inbox / "visits_link.csv").is_symlink()  # left where it is, not moved


@pytest.mark.slow
def test_a_pipe_in_the_inbox_is_passed_over_without_waiting_for_it(campaign, inbox):
    os.mkfifo(inbox / "visits_pipe.csv")
    (inbox / "visits_extra2.csv").write_text(EXTRA_VISIT.replace("V8", "V10"))
    started = time.monotonic()
    status = etl_inbox.run_once(inbox, campaign, settle=0)
    assert time.monotonic() - started < 60  # a read of the pipe would wait for a writer for ever
    assert [f["file"] for f in status["files"]] == ["visits_extra2.csv"]
    assert status["passed_over"] == [
        {"file": "visits_pipe.csv", "reason": "not a regular file: the inbox reads regular files only"}
    ]
    assert visits(campaign) == 9


@pytest.mark.slow
def test_the_load_history_names_the_file_by_its_place_in_the_inbox(campaign, inbox):
    # the loader reads a private copy; the history still says where the file came from
    (inbox / "visits_extra2.csv").write_text(EXTRA_VISIT.replace("V8", "V10"))
    etl_inbox.run_once(inbox, campaign, settle=0)
    con = duckdb.connect(str(campaign), read_only=True)
    try:
        (path,) = con.sql("select path from load_log where file = 'visits_extra2.csv'").fetchall()[0]
    finally:
        con.close()
    assert path == str(inbox / "visits_extra2.csv")
    assert not list(campaign.parent.glob(".inbox-round-*"))  # the private copies are gone
