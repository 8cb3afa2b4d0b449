"""A snapshot of the warehouse as Parquet files with an authenticated manifest, and the restore of one into an
empty warehouse.

`python -m etl snapshot --out DIR` writes every raw table (what the loads kept), the load history, the
quarantine and the warehouse's own settings (its disclosure key, so that a restored warehouse withholds the same
cells) as one Parquet file each, then `manifest.json` with each file's rows and SHA-256 and an HMAC-SHA256 of the
whole manifest: a folder with a manifest is a complete snapshot. `python -m etl restore DIR --db NEW` checks the
manifest's HMAC, that the folder holds exactly the manifest and the files it lists (each a plain file name, a
regular file, not a link), and every file's SHA-256 and rows, reading each file once into a private copy (so
what is restored is what was checked), then fills a new warehouse from the copies and rebuilds the reference
data and the models: the same KPIs as the original.

The HMAC key lives outside every snapshot: a file of the deployment's secrets named by DASHBOARD_SNAPSHOT_KEY_FILE
(at least 32 bytes; docs/OPERATIONS.md, section 5). Whoever can write a backup volume but not read that file
cannot make a snapshot that restores: a changed file with its hash recomputed in the manifest fails the HMAC.

The layout (one Parquet file per table, a manifest) is also what a larger deployment would put on object storage
for DuckDB or a distributed engine (Trino, Spark) to read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from etl import swap, warehouse
from etl.schema import KINDS

FORMAT = "hamburg-dashboard-snapshot/2"
MANIFEST = "manifest.json"
MAC_FIELD = "hmac_sha256"
KEY_VARIABLE = "DASHBOARD_SNAPSHOT_KEY_FILE"
MIN_KEY_BYTES = 32
TABLES = (*(kind.table for kind in KINDS.values()), "load_log", "quarantine", "warehouse_info")
# rebuilt by `build` on restore from the code and the reference files, not carried over
REBUILT_SETTINGS = ("reference_fingerprint", "models_fingerprint")
GLOB_CHARACTERS = frozenset("*?[]{}")  # DuckDB's read_parquet expands these in a path
BLOCK = 1 << 20


class SnapshotError(Exception):
    """A snapshot that cannot be written or restored, with what is wrong."""


def key(snapshot_folder: Path) -> bytes:
    """The HMAC key from the file DASHBOARD_SNAPSHOT_KEY_FILE names; never one inside the snapshot."""
    named = os.environ.get(KEY_VARIABLE, "").strip()
    if not named:
        raise SnapshotError(
            f"no snapshot key: set {KEY_VARIABLE} to a file of the deployment's secrets that holds at least "
            f"{MIN_KEY_BYTES} random bytes (docs/OPERATIONS.md, section 5)"
        )
    path = Path(named).resolve()
    if path.is_relative_to(Path(snapshot_folder).resolve()):
        raise SnapshotError(f"{named}: the snapshot key lies inside the snapshot {snapshot_folder}; keep it apart")
    try:
        secret = path.read_bytes().strip()
    except OSError as exc:
        raise SnapshotError(f"{named}: cannot read the snapshot key ({exc.strerror or exc})") from exc
    if len(secret) < MIN_KEY_BYTES:
        raise SnapshotError(f"{named}: the snapshot key has {len(secret)} bytes, at least {MIN_KEY_BYTES} are needed")
    return secret


def mac(manifest: dict, secret: bytes) -> str:
    """HMAC-SHA256 of the manifest without its own MAC field, over its canonical JSON (sorted keys)."""
    body = {k: v for k, v in manifest.items() if k != MAC_FIELD}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()
    return hmac.new(secret, canonical, hashlib.sha256).hexdigest()


def write(db_path: Path, out: Path) -> dict:
    """Write the snapshot of the warehouse at `db_path` into the new or empty folder `out`; its manifest."""
    secret = key(out)
    if out.exists() and any(out.iterdir()):
        raise SnapshotError(f"{out} is not empty: a snapshot goes into a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)
    con = warehouse.connect(db_path, read_only=True)
    tables = {}
    try:
        for table in TABLES:
            target = out / f"{table}.parquet"
            # table names: the constants of TABLES; the path quoted (COPY takes no parameter for it)
            con.sql(f"copy (select * from {table}) to '{_quoted(target)}' (format parquet)")  # noqa: S608
            rows = con.table(table).count("*").fetchall()[0][0]
            with open(target, "rb") as handle:
                tables[table] = {"file": target.name, "rows": rows, "sha256": _digest(handle)}
    finally:
        con.close()
    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source": str(Path(db_path).resolve()),
        "tables": tables,
    }
    manifest[MAC_FIELD] = mac(manifest, secret)
    partial = out / f"{MANIFEST}.part"
    partial.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(partial, out / MANIFEST)  # last: a folder with a manifest is complete
    return manifest


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _digest(handle, copy_to=None) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(BLOCK), b""):
        digest.update(block)
        if copy_to is not None:
            copy_to.write(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _regular(folder: Path, name: str) -> Iterator:
    """The snapshot's file `name`, opened without following a link, refused unless it is a regular file."""
    try:
        fd = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise SnapshotError(f"{folder / name}: missing (the manifest lists it)") from exc
    except OSError as exc:  # ELOOP: a symbolic link
        raise SnapshotError(f"{folder / name}: not a regular file of the snapshot ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SnapshotError(f"{folder / name}: not a regular file of the snapshot")
        yield handle


def plain_name_problem(name: object) -> str | None:
    """Why a manifest's file name is not a plain file name inside the snapshot folder, or None."""
    if not isinstance(name, str) or not name:
        return "not a file name"
    if os.path.isabs(name) or name.startswith(("/", "\\")):
        return "an absolute path"
    if "/" in name or "\\" in name or name in (".", ".."):
        return "a path, not a plain file name inside the snapshot folder"
    if GLOB_CHARACTERS & set(name):
        return "a glob pattern, not a plain file name"
    if any(not c.isprintable() for c in name):
        return "holds a control character"
    if name == MANIFEST or not name.endswith(".parquet"):
        return "not a Parquet file name"
    return None


def _manifest(folder: Path, secret: bytes) -> dict:
    """The manifest after checking its HMAC, format, tables and file names."""
    where = folder / MANIFEST
    if not os.path.lexists(where):
        raise SnapshotError(f"{folder} has no {MANIFEST}: not a (complete) snapshot")
    with _regular(folder, MANIFEST) as handle:
        text = handle.read()
    try:
        manifest = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"{where}: not a manifest (not JSON: {exc})") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get(MAC_FIELD), str):
        raise SnapshotError(f"{where}: no HMAC; an unauthenticated manifest is not restored")
    if not hmac.compare_digest(manifest[MAC_FIELD], mac(manifest, secret)):
        raise SnapshotError(
            f"{where}: its HMAC does not verify with the snapshot key ({KEY_VARIABLE}): the manifest was changed "
            "or made with another key; nothing is restored"
        )
    if manifest.get("format") != FORMAT:
        raise SnapshotError(f"{where}: unknown format {manifest.get('format')!r} (expected {FORMAT})")
    tables = manifest.get("tables")
    if not isinstance(tables, dict):
        raise SnapshotError(f"{where} lists no tables")
    missing = [t for t in TABLES if t not in tables]
    if missing:
        raise SnapshotError(f"{where} lists no file for {', '.join(missing)}")
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise SnapshotError(f"{where} lists tables the warehouse does not have: {', '.join(unknown)}")
    names: dict[str, str] = {}
    for table in TABLES:
        entry = tables[table]
        name = entry.get("file") if isinstance(entry, dict) else None
        problem = plain_name_problem(name)
        if problem is not None or not isinstance(name, str):
            raise SnapshotError(f"{where}: the file {name!r} of {table} is {problem}; nothing is restored")
        if name in names:
            raise SnapshotError(f"{where}: the file {name!r} is listed for both {names[name]} and {table}")
        names[name] = table
        if not isinstance(entry.get("sha256"), str) or not isinstance(entry.get("rows"), int):
            raise SnapshotError(f"{where}: the entry of {name!r} has no SHA-256 or no rows")
    return manifest


def _entries(folder: Path, manifest: dict) -> None:
    """The folder holds exactly the manifest and the files it lists: an extra file is refused by name."""
    listed = {entry["file"] for entry in manifest["tables"].values()}
    try:
        present = set(os.listdir(folder))
    except OSError as exc:
        raise SnapshotError(f"{folder}: cannot list the snapshot ({exc.strerror or exc})") from exc
    extra = sorted(present - listed - {MANIFEST})
    if extra:
        named = ", ".join(str(folder / name) for name in extra)
        raise SnapshotError(f"{named}: not in the manifest (a snapshot holds its manifest and its files only)")
    missing = sorted(listed - present)
    if missing:
        named = ", ".join(str(folder / name) for name in missing)
        raise SnapshotError(f"{named}: missing (the manifest lists it)")


@contextlib.contextmanager
def checked(folder: Path) -> Iterator[tuple[dict, Path]]:
    """The verified manifest and a private folder with a copy of each file, made while its hash was checked: the
    restore reads these copies, so a file changed after the check is never read."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SnapshotError(f"{folder}: no such snapshot folder")
    manifest = _manifest(folder, key(folder))
    _entries(folder, manifest)
    with tempfile.TemporaryDirectory(prefix="etl-restore-") as private:
        for table in TABLES:
            entry = manifest["tables"][table]
            copy = Path(private) / f"{table}.parquet"
            with _regular(folder, entry["file"]) as handle, open(copy, "wb") as out:
                if not hmac.compare_digest(_digest(handle, copy_to=out), entry["sha256"]):
                    raise SnapshotError(
                        f"{folder / entry['file']}: its SHA-256 differs from the manifest's (changed or damaged)"
                    )
        yield manifest, Path(private)


def check(folder: Path) -> dict:
    """The snapshot's manifest after checking its HMAC, its folder and every file's hash against it."""
    with checked(folder) as (manifest, _):
        return manifest


def restore(folder: Path, db_path: Path) -> dict:
    """Fill a new warehouse at `db_path` (none may exist there) from the snapshot in `folder`."""
    if Path(db_path).exists():
        raise SnapshotError(f"{db_path} exists: a snapshot is restored into a new warehouse (give another --db)")
    with checked(folder) as (manifest, private), swap.new_version(db_path, fresh=True) as con:
        warehouse.initialise(con)
        con.sql("delete from warehouse_info")
        for table in TABLES:
            source = str(private / f"{table}.parquet")
            settings_only = table == "warehouse_info"
            con.sql(
                f"insert into {table} select * from read_parquet($source)"  # noqa: S608 - a name of TABLES
                + (" where not list_contains($rebuilt, key)" if settings_only else ""),
                params={"source": source, "rebuilt": list(REBUILT_SETTINGS)} if settings_only else {"source": source},
            )
            if not settings_only:
                rows = con.table(table).count("*").fetchall()[0][0]
                if rows != manifest["tables"][table]["rows"]:
                    raise SnapshotError(
                        f"{table}: {rows} rows restored, the manifest says {manifest['tables'][table]['rows']}"
                    )
        next_id = con.sql("select coalesce(max(load_id), 0) + 1 from load_log").fetchall()[0][0]
        con.sql(f"create or replace sequence load_id_seq start {int(next_id)}")
        warehouse.build(con)
    return manifest
