"""Loads beside readers, loads killed at any moment, loads onto a full or read-only disk (etl.swap).

Real processes throughout: `python -m etl load` started and killed with SIGKILL, a real Streamlit server read
by a real browser while loads swap new warehouse files in, and a tmpfs mounted in a private mount namespace
(`unshare`) as the full or read-only disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from campaign import write_clean
from helpers import ROOT, load, needs_chromium, run_etl, tiles

from bench.load_bench import generate
from tools.server import serve, settle

pytestmark = [pytest.mark.slow, pytest.mark.external]  # real processes, kills, a browser


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(db: Path, query: str) -> tuple:
    """The first row of a query on the warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(query).fetchall()[0]
    finally:
        con.close()


def count(db: Path, query: str) -> int:
    return rows(db, query)[0]


@pytest.fixture(scope="module")
def campaign_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("campaign")
    db = folder / "warehouse.duckdb"
    assert load(db, write_clean(folder / "in"))[0] == 0
    return db


@pytest.fixture(scope="module")
def usage_csv(tmp_path_factory) -> Path:
    """800,000 service_usage rows: a load of a few seconds, long enough to kill it at chosen moments."""
    return generate(tmp_path_factory.mktemp("usage") / "service_usage.csv", rows=800_000)


def test_a_load_while_another_process_reads_the_warehouse(tmp_path, campaign_db, usage_csv):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "open"  # the reader holds the warehouse open from here on
    result = run_etl("load", "--db", db, usage_csv)
    out, err = reader.communicate("loaded\n", timeout=120)  # it reads again once the load has ended
    assert result.returncode == 0, result.stderr
    assert reader.returncode == 0, err
    assert out.split() == ["8", "8"]  # it kept its view through the load (8 usage rows), no error
    assert count(db, "select count(*) from raw_service_usage") > 8


READER = """
import sys
from pathlib import Path
from etl import warehouse
con = warehouse.connect(Path(sys.argv[1]), read_only=True)
print("open", flush=True)
first = con.sql("select count(*) from raw_service_usage").fetchall()[0][0]
sys.stdin.readline()  # until the test says the load has ended (it waited 12 s: too short on a busy machine)
print(first, con.sql("select count(*) from raw_service_usage").fetchall()[0][0])
"""


USAGE = "select count(*), sum(started), sum(completed) from raw_service_usage"


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory, campaign_db, usage_csv) -> tuple[float, tuple]:
    """How long a whole load of usage_csv onto the campaign takes, and the usage rows it leaves."""
    db = tmp_path_factory.mktemp("whole") / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    started = time.perf_counter()
    assert run_etl("load", "--db", db, usage_csv).returncode == 0
    return time.perf_counter() - started, rows(db, USAGE)


@pytest.mark.parametrize("fraction", [0.05, 0.25, 0.5, 0.75, 0.95])
def test_a_load_killed_at_any_moment_leaves_the_warehouse_as_it_was(
    tmp_path, campaign_db, usage_csv, uninterrupted, fraction
):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    before = digest(db)
    duration, whole = uninterrupted

    process = subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), str(usage_csv)], cwd=ROOT)
    time.sleep(duration * fraction)
    process.send_signal(signal.SIGKILL)
    process.wait()
    if process.returncode == -signal.SIGKILL and digest(db) == before:  # not one byte changed
        assert count(db, "select count(*) from raw_service_usage") == 8
    elif process.returncode == -signal.SIGKILL:  # killed after the swap, while it tidied up: the whole load is in
        assert rows(db, USAGE) == whole
    else:  # it finished just before the kill: then the whole load is in
        assert process.returncode == 0
        assert count(db, "select count(*) from raw_service_usage") > 8

    again = run_etl("load", "--db", db, "--json", usage_csv)  # the next load works and cleans up
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["files"][0]["status"] in ("loaded", "skipped")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("warehouse")) == [
        "warehouse.duckdb",
        "warehouse.duckdb.lock",
    ]
    assert not list(tmp_path.glob(".warehouse.duckdb.new*"))
    assert rows(db, USAGE) == whole  # as if it had never been interrupted


def test_a_killed_load_right_after_it_made_its_copy(tmp_path, campaign_db, usage_csv):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    before = digest(db)
    process = subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), str(usage_csv)], cwd=ROOT)
    copy = tmp_path / ".warehouse.duckdb.new"
    for _ in range(3000):
        if copy.exists():
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert copy.exists()  # the kill left the half-made copy behind …
    assert digest(db) == before  # … and the warehouse untouched
    assert run_etl("load", "--db", db, usage_csv).returncode == 0
    assert not copy.exists()


def _namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--map-root-user", "--mount", "sh", "-c", "mount -t tmpfs -o size=1m none /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not _namespaces_work(), reason="needs unshare and tmpfs mounts")

ON_A_SMALL_DISK = """
set -e
mount -t tmpfs -o size={size} none {mnt}
cp {db} {mnt}/warehouse.duckdb
before=$(sha256sum {mnt}/warehouse.duckdb | cut -d' ' -f1)
{remount}
set +e
{python} -m etl load --db {mnt}/warehouse.duckdb {csv} > {out}/stdout 2> {out}/stderr
echo $? > {out}/status
after=$(sha256sum {mnt}/warehouse.duckdb | cut -d' ' -f1)
[ "$before" = "$after" ] && echo same > {out}/unchanged
ls -a {mnt} > {out}/files
{python} -m etl kpis --db {mnt}/warehouse.duckdb > {out}/kpis
"""


def _load_on_a_small_disk(tmp_path, db, csv, size: str, read_only: bool) -> dict:
    mnt, out = tmp_path / "disk", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    script = ON_A_SMALL_DISK.format(
        size=size,
        mnt=mnt,
        db=db,
        csv=csv,
        out=out,
        python=sys.executable,
        remount=f"mount -o remount,ro {mnt}" if read_only else "",
    )
    subprocess.run(["unshare", "--map-root-user", "--mount", "bash", "-c", script], cwd=ROOT, check=True, timeout=300)
    return {p.name: p.read_text() for p in out.iterdir()}


@needs_mounts
def test_a_full_disk_gives_a_clear_error_and_leaves_the_warehouse(tmp_path, campaign_db, usage_csv):
    room = campaign_db.stat().st_size * 2 + 2 * 2**20  # the copy fits, the 800,000 rows do not
    result = _load_on_a_small_disk(tmp_path, campaign_db, usage_csv, str(room), read_only=False)
    assert result["status"].strip() == "1"
    assert "error: could not write the warehouse" in result["stderr"]
    assert "No space left on device" in result["stderr"]
    assert "the warehouse is unchanged" in result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert result.get("unchanged") == "same\n"
    assert ".warehouse.duckdb.new" not in result["files"]  # nothing left behind to fill the disk
    assert json.loads(result["kpis"])  # and the old warehouse still answers


@needs_mounts
def test_a_full_disk_before_the_copy(tmp_path, campaign_db, usage_csv):
    room = campaign_db.stat().st_size + 64 * 1024  # not even room for the copy
    result = _load_on_a_small_disk(tmp_path, campaign_db, usage_csv, str(room), read_only=False)
    assert result["status"].strip() == "1"
    assert "No space left on device; the warehouse is unchanged" in result["stderr"]
    assert result.get("unchanged") == "same\n"


@needs_mounts
def test_a_read_only_target_gives_a_clear_error_and_leaves_the_warehouse(tmp_path, campaign_db, usage_csv):
    result = _load_on_a_small_disk(tmp_path, campaign_db, usage_csv, "64m", read_only=True)
    assert result["status"].strip() == "1"
    assert "error: could not write the warehouse" in result["stderr"]
    assert "Read-only file system" in result["stderr"] or "not writable" in result["stderr"]
    assert "Traceback" not in result["stderr"]
    assert result.get("unchanged") == "same\n"
    assert json.loads(result["kpis"])


def test_two_loads_at_once_queue_and_both_arrive(tmp_path, campaign_db):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    files = []
    for n, district in enumerate(["Bergedorf", "Harburg"]):
        path = tmp_path / f"activations_{n}.csv"
        path.write_text(f"date,district,channel,activations\n2026-01-0{n + 1},{district},popup,{n + 1}\n")
        files.append(path)
    loads = [
        subprocess.Popen(
            [sys.executable, "-m", "etl", "load", "--db", str(db), str(f)], cwd=ROOT, stderr=subprocess.PIPE
        )
        for f in files
    ]
    assert [p.wait(timeout=120) for p in loads] == [0, 0]
    assert count(db, "select count(*) from raw_activations where date >= '2026-01-01'") == 2


# --- the running dashboard while loads swap new files in ------------------------------------------------------


@needs_chromium
def test_the_dashboard_keeps_answering_through_loads_and_shows_the_new_data(tmp_path, campaign_db, browser):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    extra = tmp_path / "visits_extra.csv"
    extra.write_text(
        "visit_id,stop_id,visited_at,topic,outcome\nV8,S2,2025-05-23T10:00:00,eid_activation,eid_activated\n"
    )
    pages = ["", "compare", "uptake", "services", "export", "quality", "impact"]
    with serve(db) as url:
        watcher = browser.new_page(viewport={"width": 1400, "height": 1600})
        watcher.goto(url)
        settle(watcher)
        assert tiles(watcher)["Beratungen"] == "7"

        reader = browser.new_page(viewport={"width": 1400, "height": 1600})
        inodes = {db.stat().st_ino}
        loads = [subprocess.Popen([sys.executable, "-m", "etl", "load", "--db", str(db), str(extra)], cwd=ROOT)]
        visited = 0
        while visited < 14 or any(process.poll() is None for process in loads):
            if all(process.poll() is not None for process in loads) and len(loads) < 4:  # load again and again
                loads.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "etl", "load", "--force", "--db", str(db), str(extra)], cwd=ROOT
                    )
                )
            path = pages[visited % len(pages)]
            reader.goto(f"{url}/{path}")
            settle(reader)
            assert reader.locator('[data-testid="stException"]').count() == 0, path
            assert reader.locator('[data-testid="stAlertContentError"]').count() == 0, path
            inodes.add(db.stat().st_ino)
            visited += 1
        assert [process.wait() for process in loads] == [0, 0, 0, 0]
        assert len(inodes) >= 3  # the pages were read while new files were swapped in

        # the page opened before the loads shows the new visit with its next run (a click), with a notice
        watcher.locator('[data-testid="stSidebarNavLink"]').nth(1).click()
        watcher.locator('[data-testid="stToast"]', has_text="Neue Daten geladen").wait_for(timeout=30_000)
        settle(watcher)
        watcher.locator('[data-testid="stSidebarNavLink"]').nth(0).click()
        settle(watcher)
        assert tiles(watcher)["Beratungen"] == "8"
        watcher.close()
        reader.close()


def test_build_and_demo_swap_too(tmp_path, campaign_db):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    inode = db.stat().st_ino
    con = duckdb.connect(str(db), read_only=True)  # a reader holds the file open in this process
    try:
        assert run_etl("build", "--db", db).returncode == 0
        assert db.stat().st_ino != inode
        assert con.sql("select count(*) from raw_visits").fetchall() == [(7,)]
    finally:
        con.close()
    assert os.path.exists(db)


def test_a_warehouse_written_in_place_by_another_tool_keeps_its_log(tmp_path, campaign_db):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(campaign_db, db)
    con = duckdb.connect(str(db))  # another tool writes in place and leaves its write-ahead log behind
    con.sql("pragma disable_checkpoint_on_shutdown; set checkpoint_threshold = '1GB'")
    con.sql("delete from raw_visits where visit_id = 'V7'")
    con.close()
    assert Path(f"{db}.wal").exists()
    extra = tmp_path / "activations_more.csv"
    extra.write_text("date,district,channel,activations\n2026-01-01,Harburg,popup,1\n")
    assert load(db, extra)[0] == 0
    assert not Path(f"{db}.wal").exists()  # merged into the new file, the old log gone
    assert count(db, "select count(*) from raw_visits") == 6  # the other tool's change is kept
