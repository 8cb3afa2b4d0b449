"""Snapshots that cannot be planted (issue 30, finding 6): the manifest carries an HMAC-SHA256 made with a key
outside the snapshot (DASHBOARD_SNAPSHOT_KEY_FILE), and restore refuses a manifest or a file that does not
verify, a name that is not a plain file name inside the snapshot folder, and an extra or a missing file, each
with a message naming the file. Each test is an attack that restored before and is now refused."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path

import duckdb
import pytest
from campaign import write_clean
from helpers import load, run_etl

from etl import snapshot
from etl.snapshot import SnapshotError


@pytest.fixture
def key_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "secrets" / "snapshot.key"
    path.parent.mkdir()
    path.write_text(secrets.token_hex(32))
    monkeypatch.setenv("DASHBOARD_SNAPSHOT_KEY_FILE", str(path))
    return path


@pytest.fixture
def folder(tmp_path, key_file) -> Path:
    db = tmp_path / "warehouse.duckdb"
    assert load(db, write_clean(tmp_path / "in"))[0] == 0
    out = tmp_path / "snapshot"
    snapshot.write(db, out)
    return out


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def rewrite(folder: Path, data: dict, key: bytes | None = None) -> None:
    """Write the manifest back; signed again only with `key` (the attacker has no key: the old HMAC stays)."""
    if key is not None:
        data["hmac_sha256"] = snapshot.mac(data, key)
    (folder / "manifest.json").write_text(json.dumps(data, indent=2))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(folder: Path, target: Path, *words: str) -> str:
    with pytest.raises(SnapshotError) as caught:
        snapshot.restore(folder, target)
    message = str(caught.value)
    assert all(word in message for word in words), message
    assert not target.exists()
    return message


def planted_visits(folder: Path) -> None:
    """An eighth visit put into raw_visits.parquet (a count the attacker wants the dashboard to show)."""
    path = folder / "raw_visits.parquet"
    con = duckdb.connect()
    try:
        con.sql(
            f"copy (select * from read_parquet('{path}') union all "
            f"(select * replace ('PLANTED' as visit_id) from read_parquet('{path}') limit 1)) "
            f"to '{folder / 'planted.parquet'}' (format parquet)"
        )
    finally:
        con.close()
    os.replace(folder / "planted.parquet", path)


@pytest.mark.slow
def test_a_tampered_file_with_its_hash_and_rows_recomputed_in_the_manifest_is_refused(folder, tmp_path):
    planted_visits(folder)
    data = manifest(folder)
    data["tables"]["raw_visits"]["sha256"] = sha256(folder / "raw_visits.parquet")
    data["tables"]["raw_visits"]["rows"] = 8  # 7 of the campaign + 1 planted
    rewrite(folder, data)  # the old HMAC: the attacker cannot make a new one
    refused(folder, tmp_path / "new.duckdb", "manifest.json", "HMAC does not verify")


@pytest.mark.slow
def test_a_manifest_signed_with_another_key_or_without_one_is_refused(folder, tmp_path):
    planted_visits(folder)
    data = manifest(folder)
    data["tables"]["raw_visits"]["sha256"] = sha256(folder / "raw_visits.parquet")
    rewrite(folder, data, key=secrets.token_bytes(32))
    refused(folder, tmp_path / "new.duckdb", "manifest.json", "HMAC does not verify")
    data.pop("hmac_sha256")
    rewrite(folder, data)
    refused(folder, tmp_path / "new.duckdb", "manifest.json", "no HMAC")


@pytest.mark.slow
def test_a_changed_file_under_an_authentic_manifest_is_refused_by_its_hash(folder, tmp_path):
    planted_visits(folder)
    refused(folder, tmp_path / "new.duckdb", "raw_visits.parquet", "SHA-256 differs")


@pytest.mark.parametrize(
    "name, reason",
    [
        ("../raw_visits.parquet", "a path"),  # a file beside the snapshot, outside its folder
        ("ABSOLUTE", "an absolute path"),
        ("raw_visit*.parquet", "a glob pattern"),  # read_parquet would expand it to other files
        ("raw_visits.parquet/../x.parquet", "a path"),
        ("manifest.json", "not a Parquet file name"),
    ],
)
@pytest.mark.slow
def test_a_name_that_is_not_a_plain_file_name_inside_the_folder_is_refused_even_when_signed(
    folder, tmp_path, key_file, name, reason
):
    # signed with the real key: the names are refused even then (a manifest made by a faulty or hostile tool)
    outside = tmp_path / "raw_visits.parquet"
    outside.write_bytes((folder / "raw_visits.parquet").read_bytes())
    name = str(outside) if name == "ABSOLUTE" else name
    data = manifest(folder)
    data["tables"]["raw_visits"]["file"] = name
    rewrite(folder, data, key=key_file.read_bytes().strip())
    refused(folder, tmp_path / "new.duckdb", repr(name), reason, "nothing is restored")


@pytest.mark.slow
def test_the_same_names_without_the_key_fail_the_hmac_first(folder, tmp_path):
    data = manifest(folder)
    data["tables"]["raw_visits"]["file"] = "../raw_visits.parquet"
    rewrite(folder, data)
    refused(folder, tmp_path / "new.duckdb", "manifest.json", "HMAC does not verify")


@pytest.mark.slow
def test_an_extra_file_and_a_missing_file_are_refused_by_name(folder, tmp_path):
    (folder / "extra.parquet").write_bytes((folder / "raw_visits.parquet").read_bytes())
    refused(folder, tmp_path / "new.duckdb", "extra.parquet", "not in the manifest")
    (folder / "extra.parquet").unlink()
    (folder / "quarantine.parquet").unlink()
    refused(folder, tmp_path / "new.duckdb", "quarantine.parquet", "missing")


@pytest.mark.slow
def test_a_link_in_place_of_a_file_or_of_the_manifest_is_refused(folder, tmp_path):
    # the link points at a file with exactly the listed content: still not read
    elsewhere = tmp_path / "elsewhere.parquet"
    os.replace(folder / "raw_visits.parquet", elsewhere)
    (folder / "raw_visits.parquet").symlink_to(elsewhere)
    refused(folder, tmp_path / "new.duckdb", "raw_visits.parquet", "not a regular file")
    (folder / "raw_visits.parquet").unlink()
    os.replace(elsewhere, folder / "raw_visits.parquet")
    os.replace(folder / "manifest.json", tmp_path / "manifest.json")
    (folder / "manifest.json").symlink_to(tmp_path / "manifest.json")
    refused(folder, tmp_path / "new.duckdb", "manifest.json", "not a regular file")


@pytest.mark.slow
def test_without_a_key_or_with_the_key_inside_the_snapshot_nothing_is_written_or_restored(
    folder, tmp_path, monkeypatch
):
    monkeypatch.delenv("DASHBOARD_SNAPSHOT_KEY_FILE")
    refused(folder, tmp_path / "new.duckdb", "DASHBOARD_SNAPSHOT_KEY_FILE")
    with pytest.raises(SnapshotError, match="no snapshot key"):
        snapshot.write(tmp_path / "warehouse.duckdb", tmp_path / "other")
    inside = folder / "snapshot.key"
    inside.write_text(secrets.token_hex(32))
    monkeypatch.setenv("DASHBOARD_SNAPSHOT_KEY_FILE", str(inside))
    refused(folder, tmp_path / "new.duckdb", "inside the snapshot")
    short = tmp_path / "short.key"
    short.write_text("0123456789")  # 10 bytes
    monkeypatch.setenv("DASHBOARD_SNAPSHOT_KEY_FILE", str(short))
    refused(folder, tmp_path / "new.duckdb", "10 bytes")


def test_the_restore_reads_the_copies_it_checked_not_the_files_again(folder):
    with snapshot.checked(folder) as (data, private):
        planted_visits(folder)  # changed after the check
        copy = private / "raw_visits.parquet"
        assert sha256(copy) == data["tables"]["raw_visits"]["sha256"] != sha256(folder / "raw_visits.parquet")


@pytest.mark.slow
def test_the_command_refuses_a_tampered_snapshot_with_exit_status_2_naming_the_file(folder, tmp_path):
    planted_visits(folder)
    data = manifest(folder)
    data["tables"]["raw_visits"]["sha256"] = sha256(folder / "raw_visits.parquet")
    rewrite(folder, data)
    result = run_etl("restore", folder, "--db", tmp_path / "new.duckdb")  # the key file comes with the environment
    assert result.returncode == 2 and "manifest.json" in result.stderr and "HMAC" in result.stderr
    assert not (tmp_path / "new.duckdb").exists()
