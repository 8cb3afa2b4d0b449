"""Running it unattended (issue 16): versions kept by every swap and the rollback to one of them, with real
processes (python -m etl …), including a rollback killed midway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from campaign import write_clean
from helpers import EXTRA_VISIT, ROOT, load, run_etl, visits


@pytest.fixture(autouse=True)
def snapshot_key(tmp_path, monkeypatch) -> None:
    """The deployment's snapshot key (issue 30: a snapshot's manifest is authenticated), outside the snapshots;
    the commands run here inherit the variable."""
    key = tmp_path / "secrets" / "snapshot.key"
    key.parent.mkdir()
    key.write_text("0f" * 32)
    monkeypatch.setenv("DASHBOARD_SNAPSHOT_KEY_FILE", str(key))


@pytest.fixture
def campaign(tmp_path) -> Path:
    db = tmp_path / "warehouse.duckdb"
    assert load(db, write_clean(tmp_path / "in"))[0] == 0
    return db


def history(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("select load_id, file, status from load_log order by load_id").fetchall()
    finally:
        con.close()


def kept(db: Path) -> list[str]:
    return sorted(p.name for p in (db.parent / "versions").glob("*.duckdb"))


@pytest.mark.slow
def test_a_load_keeps_the_state_before_and_a_rollback_brings_it_back_and_can_be_undone(tmp_path, campaign):
    extra = tmp_path / "visits_extra.csv"
    extra.write_text(EXTRA_VISIT)
    before = kept(campaign)
    assert run_etl("load", "--db", campaign, extra).returncode == 0
    assert visits(campaign) == 8
    (newest,) = sorted(set(kept(campaign)) - set(before))  # the state with 7 visits
    listed = run_etl("versions", "--db", campaign)
    assert listed.returncode == 0 and listed.stdout.splitlines()[0].startswith(newest)

    result = run_etl("rollback", "--db", campaign)  # default: the newest version
    assert result.returncode == 0, result.stderr
    assert visits(campaign) == 7
    last = history(campaign)[-1]
    assert last[1:] == (newest, "rolled_back")
    assert "visits_extra.csv" not in [file for _, file, _ in history(campaign)]  # the undone load is gone

    # the state with 8 visits is now a version itself: rolling forward is a rollback to it
    (with_extra,) = sorted(set(kept(campaign)) - set(before) - {newest})
    assert run_etl("rollback", with_extra, "--db", campaign).returncode == 0
    assert visits(campaign) == 8


@pytest.mark.slow
def test_only_the_newest_versions_are_kept(tmp_path, campaign):
    environment = {**os.environ, "DASHBOARD_KEEP_VERSIONS": "2"}
    for n in range(3):
        extra = tmp_path / f"visits_{n}.csv"
        extra.write_text(EXTRA_VISIT.replace("V8", f"W{n}"))
        assert run_etl("load", "--db", campaign, extra, env=environment).returncode == 0
    assert len(kept(campaign)) == 2


@pytest.mark.slow
def test_an_unknown_version_is_a_usage_error_naming_the_kept_ones(tmp_path, campaign):
    assert run_etl("rollback", "--db", campaign).returncode == 2  # nothing kept yet (one load so far)
    extra = tmp_path / "visits_extra.csv"
    extra.write_text(EXTRA_VISIT)
    assert run_etl("load", "--db", campaign, extra).returncode == 0
    result = run_etl("rollback", "no-such-version", "--db", campaign)
    assert result.returncode == 2
    assert "no version 'no-such-version'" in result.stderr and kept(campaign)[0] in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.3, 0.6, 0.9, 1.2])
def test_a_rollback_killed_midway_leaves_a_whole_warehouse(tmp_path, campaign, delay):
    extra = tmp_path / "visits_extra.csv"
    extra.write_text(EXTRA_VISIT)
    assert run_etl("load", "--db", campaign, extra).returncode == 0
    process = subprocess.Popen([sys.executable, "-m", "etl", "rollback", "--db", str(campaign)], cwd=ROOT)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert visits(campaign) in (7, 8)  # the state before or the state after, whole either way
    assert history(campaign)[-1][2] in ("loaded", "rolled_back")
    assert run_etl("rollback", "--db", campaign).returncode == 0  # and the next one works
    assert not list(tmp_path.glob(".warehouse.duckdb.new*"))  # what the killed one left is cleared


# --- snapshot and restore -----------------------------------------------------------------------------------------
def table(db: Path, query: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(query).pl().rows()
    finally:
        con.close()


@pytest.mark.slow
def test_a_snapshot_restored_into_a_new_warehouse_gives_the_same_kpis_history_and_hidden_cells(tmp_path, campaign):
    folder = tmp_path / "snapshot"
    assert run_etl("snapshot", "--db", campaign, "--out", folder).returncode == 0
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["raw_visits"]["rows"] == 7  # V1-V7 of the hand-made campaign
    restored = tmp_path / "restored" / "warehouse.duckdb"
    result = run_etl("restore", folder, "--db", restored)
    assert result.returncode == 0, result.stderr
    assert run_etl("kpis", "--db", restored).stdout == run_etl("kpis", "--db", campaign).stdout
    for query in (
        "select * from load_log order by load_id",
        "select * from quarantine order by load_id, line",
        "select value from warehouse_info where key = 'disclosure_key'",  # the same cells withheld
    ):
        assert table(restored, query) == table(campaign, query)
    # the next load continues the history
    extra = tmp_path / "visits_extra.csv"
    extra.write_text(EXTRA_VISIT)
    assert run_etl("load", "--db", restored, extra).returncode == 0
    ids = [row[0] for row in table(restored, "select load_id from load_log order by load_id")]
    assert ids == sorted(set(ids)) and len(ids) == len(table(campaign, "select * from load_log")) + 1


@pytest.mark.slow
def test_a_changed_snapshot_file_or_an_existing_target_is_refused(tmp_path, campaign):
    folder = tmp_path / "snapshot"
    assert run_etl("snapshot", "--db", campaign, "--out", folder).returncode == 0
    again = run_etl("snapshot", "--db", campaign, "--out", folder)
    assert again.returncode == 2 and "not empty" in again.stderr
    existing = run_etl("restore", folder, "--db", campaign)
    assert existing.returncode == 2 and "exists" in existing.stderr
    with open(folder / "raw_visits.parquet", "ab") as handle:
        handle.write(b"\0")
    damaged = run_etl("restore", folder, "--db", tmp_path / "new.duckdb")
    assert damaged.returncode == 2 and "raw_visits.parquet" in damaged.stderr and "SHA-256" in damaged.stderr
    assert not (tmp_path / "new.duckdb").exists()


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.8, 1.3])
def test_a_restore_killed_midway_leaves_no_warehouse_or_a_whole_one(tmp_path, campaign, delay):
    folder = tmp_path / "snapshot"
    assert run_etl("snapshot", "--db", campaign, "--out", folder).returncode == 0
    target = tmp_path / "restored.duckdb"
    process = subprocess.Popen([sys.executable, "-m", "etl", "restore", str(folder), "--db", str(target)], cwd=ROOT)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    if target.exists():  # swapped in before the kill: then whole
        assert run_etl("kpis", "--db", target).stdout == run_etl("kpis", "--db", campaign).stdout
    else:  # the next restore clears what the killed one left and works
        assert run_etl("restore", folder, "--db", target).returncode == 0
    assert not list(tmp_path.glob(".restored.duckdb.new*"))


# --- the inbox ----------------------------------------------------------------------------------------------------
def watch(inbox: Path, db: Path, *args: str) -> subprocess.CompletedProcess:
    return run_etl("watch", inbox, "--db", db, "--once", *args)


@pytest.mark.slow
def test_the_inbox_loads_finished_files_moves_them_on_with_their_report_and_leaves_files_being_written(
    tmp_path, campaign
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "visits_extra.csv").write_text(EXTRA_VISIT)
    (inbox / "notes.csv").write_text("a,b\n1,2\n")  # its name does not tell its kind: refused
    (inbox / ".hidden.csv").write_text(EXTRA_VISIT)  # hidden: not the inbox's business
    old = time.time() - 60
    for name in ("visits_extra.csv", "notes.csv"):
        os.utime(inbox / name, (old, old))
    (inbox / "visits_late.csv").write_text(EXTRA_VISIT.replace("V8", "V9"))  # just written: the next round's
    soon = time.time() + 3600  # still being written in both rounds, however slow the machine
    os.utime(inbox / "visits_late.csv", (soon, soon))
    result = watch(inbox, campaign, "--settle", "30")
    # exit 3: the round is done but a file waits (issue 28 item 12; was 0, which told a cron job nothing)
    assert result.returncode == 3, result.stderr
    assert "WAITING  visits_late.csv: still being written; it is taken once unchanged for 30 s" in result.stdout
    assert visits(campaign) == 8
    assert sorted(p.name for p in inbox.iterdir()) == [".hidden.csv", "processed", "refused", "visits_late.csv"]
    report = json.loads((inbox / "processed" / "visits_extra.csv.report.json").read_text())
    assert report["status"] == "loaded" and report["rows_loaded"] == 1
    refused = json.loads((inbox / "refused" / "notes.csv.report.json").read_text())
    assert refused["status"] == "refused" and "does not tell its kind" in refused["message"]
    status = json.loads(campaign.with_name("warehouse.duckdb.inbox.json").read_text())
    assert [(f["file"], f["status"]) for f in status["files"]] == [
        ("notes.csv", "refused"),
        ("visits_extra.csv", "loaded"),
    ]
    assert status["still_being_written"] == ["visits_late.csv"] and status["refused_waiting"] == ["notes.csv"]

    # the same file once more (sent again): known by its hash, moved on under a new name, nothing deleted
    (inbox / "visits_extra.csv").write_text(EXTRA_VISIT)
    os.utime(inbox / "visits_extra.csv", (old, old))
    assert watch(inbox, campaign, "--settle", "30").returncode == 3  # visits_late.csv still waits
    processed = {p.name for p in (inbox / "processed").iterdir() if p.suffix == ".csv"}
    assert len(processed) == 2 and "visits_extra.csv" in processed
    assert visits(campaign) == 8
    status = json.loads(campaign.with_name("warehouse.duckdb.inbox.json").read_text())
    assert [(f["file"], f["status"]) for f in status["files"]] == [("visits_extra.csv", "skipped")]  # not forced


@pytest.mark.slow
def test_the_inbox_loads_the_good_rows_of_a_file_and_quarantines_the_bad_ones(tmp_path, campaign):
    # unattended loads are not strict: a visit at an unknown stop (S9) is quarantined, the other one loads
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "visits_mixed.csv").write_text(EXTRA_VISIT + "V9,S9,2025-05-23T11:00:00,eid_activation,eid_activated\n")
    old = time.time() - 60
    os.utime(inbox / "visits_mixed.csv", (old, old))
    assert watch(inbox, campaign, "--settle", "30").returncode == 0
    report = json.loads((inbox / "processed" / "visits_mixed.csv.report.json").read_text())
    assert (report["status"], report["rows_loaded"], report["rows_quarantined"]) == ("loaded", 1, 1)
    assert visits(campaign) == 8  # the campaign's 7 and V8


@pytest.mark.slow
def test_a_round_loads_stops_before_the_visits_that_name_them_whatever_the_file_names(tmp_path, campaign):
    # "besuche_…" sorts before "standorte_…": loaded one by one, the visit would be quarantined (unknown stop)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "besuche_juli.csv").write_text(
        "visit_id,stop_id,visited_at,topic,outcome\nV20,S9,2025-07-02T10:00:00,eid_activation,eid_activated\n"
    )
    (inbox / "standorte_juli.csv").write_text(
        "stop_id,district,venue,start_date,end_date\nS9,Altona,Mercado,2025-07-01,2025-07-19\n"
    )
    assert watch(inbox, campaign, "--settle", "0").returncode == 0
    report = json.loads((inbox / "processed" / "besuche_juli.csv.report.json").read_text())
    assert report["rows_loaded"] == 1 and report["rows_quarantined"] == 0
    assert visits(campaign) == 8


@pytest.mark.slow
def test_a_file_loaded_just_before_a_crash_is_moved_on_as_known(tmp_path, campaign):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "visits_extra.csv").write_text(EXTRA_VISIT)
    assert run_etl("load", "--db", campaign, inbox / "visits_extra.csv").returncode == 0  # loaded, not yet moved
    assert watch(inbox, campaign, "--settle", "0").returncode == 0
    report = json.loads((inbox / "processed" / "visits_extra.csv.report.json").read_text())
    assert report["status"] == "skipped" and visits(campaign) == 8


@pytest.mark.slow
def test_a_watcher_killed_during_a_load_leaves_the_file_in_the_inbox_and_the_warehouse_as_it_was(tmp_path, campaign):
    from bench.load_bench import generate

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    generate(inbox / "service_usage_big.csv", rows=600_000)  # a load of a few seconds
    before = table(campaign, "select count(*) from raw_service_usage")
    process = subprocess.Popen(
        [sys.executable, "-m", "etl", "watch", str(inbox), "--db", str(campaign), "--settle", "0", "--interval", "1"],
        cwd=ROOT,
    )
    copy = tmp_path / ".warehouse.duckdb.new"  # the load's private copy (etl.swap): the load is under way
    for _ in range(600):
        if copy.exists() or process.poll() is not None:
            break
        time.sleep(0.05)
    time.sleep(0.3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (inbox / "service_usage_big.csv").exists() and not (inbox / "processed").exists()
    assert table(campaign, "select count(*) from raw_service_usage") == before
    result = watch(inbox, campaign, "--settle", "0")  # after a restart: loaded and moved
    assert result.returncode == 0, result.stderr
    assert (inbox / "processed" / "service_usage_big.csv").exists()
    assert table(campaign, "select count(*) from raw_service_usage") != before
