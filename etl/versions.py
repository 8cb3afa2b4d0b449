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


def listing(db_path: Path, loads: int = 3) -> list[Version]:
    """The kept versions, newest first, each with its last `loads` entries of the load history."""
    found = []
    for path in sorted(folder(db_path).glob(f"{db_path.stem}-*.duckdb"), reverse=True):
        stamp = path.stem.removeprefix(f"{db_path.stem}-")
        try:
            created = dt.datetime.strptime(stamp, STAMP).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
        con = warehouse.connect(path, read_only=True)
        try:
            history = con.sql(
                "select load_id, file, status, loaded_at from load_log order by load_id desc limit $n",
                params={"n": loads},
            ).pl()
        finally:
            con.close()
        found.append(Version(path.name, path, created, path.stat().st_size, history.to_dicts()))
    return found


class NoSuchVersion(LookupError):
    pass


def rollback(db_path: Path, name: str | None = None) -> Version:
    """Swap the version `name` (default: the newest) in as the warehouse's new state."""
    kept = listing(db_path, loads=1)
    if not kept:
        raise NoSuchVersion(f"no versions of {db_path} in {folder(db_path)}")
    chosen = kept[0] if name is None else next((v for v in kept if name in (v.name, v.path.stem)), None)
    if chosen is None:
        names = ", ".join(v.name for v in kept)
        raise NoSuchVersion(f"no version {name!r} of {db_path}; kept: {names}")
    with swap.new_version(db_path, source=chosen.path) as con:
        _note(con, chosen)
    return chosen


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
