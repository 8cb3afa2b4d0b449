"""A snapshot of the warehouse as Parquet files with a manifest, and the restore of one into an empty warehouse.

`python -m etl snapshot --out DIR` writes every raw table (what the loads kept), the load history, the
quarantine and the warehouse's own settings (its disclosure key, so that a restored warehouse withholds the same
cells) as one Parquet file each, then `manifest.json` with each file's rows and SHA-256: a folder with a
manifest is a complete snapshot. `python -m etl restore DIR --db NEW` checks every file against the manifest,
fills a new warehouse from them and rebuilds the reference data and the models: the same KPIs as the original.

The layout (one Parquet file per table, a manifest) is also what a larger deployment would put on object storage
for DuckDB or a distributed engine (Trino, Spark) to read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

from etl import swap, warehouse
from etl.schema import KINDS

FORMAT = "hamburg-dashboard-snapshot/1"
TABLES = (*(kind.table for kind in KINDS.values()), "load_log", "quarantine", "warehouse_info")
# rebuilt by `build` on restore from the code and the reference files, not carried over
REBUILT_SETTINGS = ("reference_fingerprint", "models_fingerprint")


class SnapshotError(Exception):
    """A snapshot that cannot be written or restored, with what is wrong."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write(db_path: Path, out: Path) -> dict:
    """Write the snapshot of the warehouse at `db_path` into the new or empty folder `out`; its manifest."""
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
            tables[table] = {"file": target.name, "rows": rows, "sha256": _sha256(target)}
    finally:
        con.close()
    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "source": str(Path(db_path).resolve()),
        "tables": tables,
    }
    partial = out / "manifest.json.part"
    partial.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(partial, out / "manifest.json")  # last: a folder with a manifest is complete
    return manifest


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def check(folder: Path) -> dict:
    """The snapshot's manifest after checking every file's hash and rows against it."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotError(f"{folder} has no manifest.json: not a (complete) snapshot") from exc
    if manifest.get("format") != FORMAT:
        raise SnapshotError(f"{folder}/manifest.json: unknown format {manifest.get('format')!r} (expected {FORMAT})")
    missing = [t for t in TABLES if t not in manifest["tables"]]
    if missing:
        raise SnapshotError(f"{folder}/manifest.json lists no file for {', '.join(missing)}")
    for table in TABLES:
        entry = manifest["tables"][table]
        path = folder / entry["file"]
        if not path.exists():
            raise SnapshotError(f"{path}: missing (the manifest lists it)")
        if _sha256(path) != entry["sha256"]:
            raise SnapshotError(f"{path}: its SHA-256 differs from the manifest's (changed or damaged)")
    return manifest


def restore(folder: Path, db_path: Path) -> dict:
    """Fill a new warehouse at `db_path` (none may exist there) from the snapshot in `folder`."""
    manifest = check(folder)
    if Path(db_path).exists():
        raise SnapshotError(f"{db_path} exists: a snapshot is restored into a new warehouse (give another --db)")
    with swap.new_version(db_path, fresh=True) as con:
        warehouse.initialise(con)
        con.sql("delete from warehouse_info")
        for table in TABLES:
            source = str(folder / manifest["tables"][table]["file"])
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
