"""Earlier states of the warehouse, kept by every swap, and the rollback to one of them.

Each swap keeps the file it replaces as a dated version in `versions/` beside the warehouse (etl.swap, which
owns the folder: this module only reads it and swaps a version back in): a hard link to the old file, so keeping
costs no copy and no time. The newest N are kept (DASHBOARD_KEEP_VERSIONS, default 10; 0 keeps none).
`python -m etl versions` lists them with their last loads; `python -m etl rollback [VERSION]` swaps one back in
as a new state (readers follow as after a load), writes the rollback into the load history, and keeps the state
it replaced as a version in its turn, so a rollback can be undone the same way.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import duckdb

from etl import swap, warehouse
from etl.swap import STAMP, folder


@dataclass(frozen=True)
class Version:
    name: str
    path: Path
    created: dt.datetime
    size: int
    loads: list[dict]  # the version's last entries of the load history, newest first
    sha256: str  # its content's hash, recorded by the swap that kept it


def recorded(db_path: Path) -> dict[str, str]:
    """The versions the warehouse recorded when they were kept: name -> SHA-256 (empty for a warehouse of an
    older release, whose versions were not recorded)."""
    if not Path(db_path).exists():
        return {}
    con = warehouse.connect(db_path, read_only=True)
    try:
        if not warehouse.scalar(con, warehouse.sql_file("kept_versions_known"), {"database": "warehouse"}):
            return {}
        return {name: sha256 for name, sha256 in con.sql(warehouse.sql_file("kept_versions")).fetchall()}
    finally:
        con.close()


def listing(db_path: Path, loads: int = 3) -> list[Version]:
    """The kept versions, newest first, each with its last `loads` entries of the load history: the regular
    files of versions/ that the warehouse recorded when it kept them (anything else there is no version)."""
    known = recorded(db_path)
    found = []
    for path in sorted(folder(db_path).glob(f"{db_path.stem}-*.duckdb"), reverse=True):
        stamp = path.stem.removeprefix(f"{db_path.stem}-")
        try:
            created = dt.datetime.strptime(stamp, STAMP).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
        status = path.lstat()
        if path.name not in known or not stat.S_ISREG(status.st_mode):
            continue
        con = warehouse.connect(path, read_only=True)
        try:
            history = con.sql(
                "select load_id, file, status, loaded_at from load_log order by load_id desc limit $n",
                params={"n": loads},
            ).pl()
        finally:
            con.close()
        found.append(Version(path.name, path, created, status.st_size, history.to_dicts(), known[path.name]))
    return found


def strays(db_path: Path) -> list[Path]:
    """The entries of versions/ that are no version of this warehouse (not recorded, or not a regular file):
    never listed or rolled back; named by `python -m etl versions` so that an operator sees them."""
    versions_folder = folder(db_path)
    if not versions_folder.is_dir():
        return []
    known = recorded(db_path)
    return sorted(
        path for path in versions_folder.iterdir() if path.name not in known or not stat.S_ISREG(path.lstat().st_mode)
    )


class NoSuchVersion(LookupError):
    pass


class VersionRefused(NoSuchVersion):
    """A file in versions/ that the warehouse did not keep, or no longer the file it kept."""


def rollback(db_path: Path, name: str | None = None) -> Version:
    """Swap the version `name` (default: the newest) in as the warehouse's new state.

    Only a version the warehouse recorded when it kept it, and only when its content still has the recorded
    SHA-256: the file is checked while it is copied, and the copy is what is swapped in."""
    kept = listing(db_path, loads=1)
    chosen = kept[0] if name is None and kept else next((v for v in kept if name in (v.name, v.path.stem)), None)
    if chosen is None:
        stranger = _unrecorded(db_path, name)
        if stranger is not None:
            raise VersionRefused(
                f"{stranger}: not a version this warehouse kept (a regular file whose name and SHA-256 it recorded in "
                "its load history when it kept it); refused, the warehouse is unchanged"
            )
        if not kept:
            raise NoSuchVersion(f"no versions of {db_path} in {folder(db_path)}")
        names = ", ".join(v.name for v in kept)
        raise NoSuchVersion(f"no version {name!r} of {db_path}; kept: {names}")
    try:
        with swap.new_version(db_path, source=chosen.path, source_sha256=chosen.sha256) as con:
            _note(con, chosen)
    except swap.SourceNotAsRecorded as exc:
        raise VersionRefused(f"{exc}; refused, the warehouse is unchanged") from exc
    return chosen


def _unrecorded(db_path: Path, name: str | None) -> Path | None:
    """The entry of versions/ that `name` names (a plain name, with or without .duckdb), if there is one."""
    if not name or name != Path(name).name or name in (".", ".."):
        return None
    for candidate in (name, f"{name}.duckdb"):
        path = folder(db_path) / candidate
        if os.path.lexists(path):
            return path
    return None


def _note(con: duckdb.DuckDBPyConnection, chosen: Version) -> None:
    load_id = con.sql("select nextval('load_id_seq')").fetchall()[0][0]
    last = chosen.loads[0]["load_id"] if chosen.loads else None
    message = f"rolled back to the version {chosen.name} (kept {chosen.created:%Y-%m-%d %H:%M:%S} UTC)"
    if last is not None:
        message += f"; its last load was load {last}, every later load is undone"
    con.sql(
        """insert into load_log (load_id, file, path, status, rows_read, rows_loaded, rows_replaced, rows_unchanged,
                                 rows_quarantined, message)
           values ($load_id, $file, $path, 'rolled_back', 0, 0, 0, 0, 0, $message)""",
        params={"load_id": load_id, "file": chosen.name, "path": str(chosen.path), "message": message},
    )
