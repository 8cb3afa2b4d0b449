"""Where the loader's time goes beyond a bare read: `python -m bench.load_profile FILE [--kind KIND]`.

Loads FILE into a copy of the demo warehouse (bench/work/demo.duckdb, made by the load benchmark) in this process
with every phase of etl.load timed (wall seconds, and the process's CPU seconds to see what waited), after a bare
DuckDB `read_csv` of the same file into a new table for comparison. Informative: BENCHMARKS.md quotes a run.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import load, sources, warehouse

WORK = Path(__file__).resolve().parent / "work"
TIMES: list[tuple[str, float, float]] = []


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        TIMES.append((name, time.perf_counter() - wall, time.process_time() - cpu))


def timed(module, name: str, label: str) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        with phase(label):
            return original(*args, **kwargs)

    setattr(module, name, wrapper)


def bare(path: Path) -> None:
    target = WORK / "profile-bare.duckdb"
    target.unlink(missing_ok=True)
    with phase("bare read_csv into a table (for comparison)"):
        con = duckdb.connect(str(target))
        con.sql("set enable_progress_bar = false")
        con.sql("create table t as select * from read_csv($p)", params={"p": str(path)})
        con.close()
    target.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--kind")
    args = parser.parse_args()
    bare(args.file)
    db = WORK / "profile.duckdb"
    shutil.copyfile(WORK / "demo.duckdb", db)
    for module, name, label in (
        (sources, "sha256", "hash the file"),
        (sources, "open_source", "open: header, delimiter, encoding"),
        (load, "_run_checked", "judge: read, group identical rows, parse, check (temp table checked)"),
        (load, "_quarantine", "quarantine"),
        (load, "_merge", "merge by key (replace semantics)"),
        (load, "_log", "load log (manifest)"),
        (warehouse, "initialise", "warehouse tables (idempotent)"),
        (warehouse, "refresh_reference", "reference data"),
        (warehouse, "build_models", "models (views, materialised marts)"),
    ):
        timed(module, name, label)
    with phase("python -m etl load, in all (but the imports)"):
        reports = load.load_files(db, [str(args.file)], args.kind)
    for name, wall, cpu in TIMES:
        print(f"{wall:7.2f} s wall {cpu:7.2f} s cpu  {name}")
    print(reports[0].message, file=sys.stderr)


if __name__ == "__main__":
    main()
