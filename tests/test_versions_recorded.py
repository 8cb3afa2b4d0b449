"""A rollback swaps back in only a version the warehouse itself kept (issue 30, finding 5): one whose SHA-256
the swap that kept it recorded in the warehouse (kept_versions), and only while the file still has that content.
Each test plants a warehouse file of the attacker's (7 + 1 visits) in versions/ the ways that worked before —
a newer name, a recorded name with other content, a link — and the rollback does not get it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from helpers import copy_of, load_one_visit_more, run_etl, visits

from etl import swap, versions

PLANTED = "warehouse-20991231T235959999999Z.duckdb"  # newer than every real version: the default rollback's pick


@pytest.fixture
def campaign(tmp_path, campaign_warehouse) -> Path:
    """The hand-made campaign (7 visits), then one load more (V8): one recorded version, the 7-visit state."""
    db = copy_of(campaign_warehouse, tmp_path / "data")
    return load_one_visit_more(db, tmp_path / "visits_extra.csv")


@pytest.fixture
def attackers(tmp_path, campaign_warehouse) -> Path:
    """A warehouse the attacker built elsewhere: the campaign and a ninth visit V9 that never happened."""
    db = copy_of(campaign_warehouse, tmp_path / "attacker")
    return load_one_visit_more(db, tmp_path / "attacker-in" / "visits_planted.csv", "V9")


@pytest.mark.slow
def test_the_swap_records_each_kept_version_with_its_hash(campaign):
    known = versions.recorded(campaign)
    (name,) = known
    kept = swap.folder(campaign) / name
    assert known[name] == swap.copy_hashed(kept, None).sha256 and visits(kept) == 7


def test_a_warehouse_of_an_older_release_has_recorded_nothing(tmp_path, campaign_warehouse):
    # issue 33: a warehouse made before versions were recorded has no table kept_versions: it recorded nothing (its
    # other tables are no record of versions, and reading the missing table is no answer)
    db = copy_of(campaign_warehouse, tmp_path)
    with duckdb.connect(str(db)) as con:
        con.sql("drop table kept_versions")
    assert versions.recorded(db) == {}


@pytest.mark.slow
def test_a_planted_newer_file_is_not_a_version(campaign, attackers):
    shutil.copyfile(attackers, swap.folder(campaign) / PLANTED)
    assert [v.name for v in versions.listing(campaign)] == list(versions.recorded(campaign))  # not listed
    listed = run_etl("versions", "--db", campaign)  # named as a stray, so that the operator sees it
    assert listed.returncode == 0 and PLANTED not in listed.stdout
    assert f"warning: {swap.folder(campaign) / PLANTED} is not a version this warehouse kept" in listed.stderr
    named = run_etl("rollback", PLANTED, "--db", campaign)
    assert named.returncode == 2 and PLANTED in named.stderr and "not a version this warehouse kept" in named.stderr
    assert visits(campaign) == 8  # unchanged
    newest = run_etl("rollback", "--db", campaign)  # the default: the newest version the warehouse kept
    assert newest.returncode == 0, newest.stderr
    assert visits(campaign) == 7  # the real state before V8, not the planted 9 visits


@pytest.mark.slow
def test_a_recorded_name_with_other_content_is_refused(campaign, attackers):
    (name,) = versions.recorded(campaign)
    kept = swap.folder(campaign) / name
    kept.unlink()
    shutil.copyfile(attackers, kept)  # the same name, the attacker's content
    result = run_etl("rollback", name, "--db", campaign)
    assert result.returncode == 2 and name in result.stderr and "not the one recorded" in result.stderr
    assert visits(campaign) == 8 and not list(campaign.parent.glob(".warehouse.duckdb.new*"))


@pytest.mark.slow
@pytest.mark.parametrize("target", ["attacker", "real"])
def test_a_link_in_versions_is_never_followed(campaign, attackers, tmp_path, target):
    # a link under a recorded name, to the attacker's file or even to a file with the recorded content
    (name,) = versions.recorded(campaign)
    kept = swap.folder(campaign) / name
    elsewhere = tmp_path / "elsewhere.duckdb"
    shutil.copyfile(attackers if target == "attacker" else kept, elsewhere)
    kept.unlink()
    kept.symlink_to(elsewhere)
    result = run_etl("rollback", name, "--db", campaign)
    assert result.returncode == 2 and name in result.stderr and "not a version this warehouse kept" in result.stderr
    assert visits(campaign) == 8
    os.symlink(attackers, swap.folder(campaign) / PLANTED)  # a link under a new name
    result = run_etl("rollback", PLANTED, "--db", campaign)
    assert result.returncode == 2 and PLANTED in result.stderr and visits(campaign) == 8


@pytest.mark.slow
def test_a_rollback_keeps_every_recorded_version_and_can_be_undone(campaign):
    (before,) = versions.recorded(campaign)
    versions.rollback(campaign)  # to the 7-visit state: a copy of a file that knew no versions
    known = versions.recorded(campaign)
    assert before in known and len(known) == 2  # carried over, and the 8-visit state kept by the rollback
    (with_extra,) = set(known) - {before}
    versions.rollback(campaign, with_extra)
    assert visits(campaign) == 8


def test_the_check_and_the_copy_are_one_read(tmp_path):
    # the swap copies a version while hashing it: a content other than the recorded one never reaches the copy
    source, copy = tmp_path / "v.duckdb", tmp_path / "copy"
    source.write_bytes(b"abc")
    abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # SHA-256 of "abc" (FIPS 180-2)
    assert swap.copy_hashed(source, copy).sha256 == abc and copy.read_bytes() == b"abc"
    refused = pytest.raises(swap.SourceNotAsRecorded, match="not the one recorded")
    with refused, swap.new_version(tmp_path / "w.duckdb", source=source, source_sha256="0" * 64):
        pass
    assert not (tmp_path / "w.duckdb").exists() and not list(tmp_path.glob(".w.duckdb.new*"))
