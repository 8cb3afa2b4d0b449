"""Where the loader's time goes beyond a bare read: `python -m bench.load_profile FILE [--kind KIND]`.

Loads FILE into a copy of the demo warehouse (bench/work/demo.duckdb, made by the load benchmark) in this process
with every phase of etl.load timed (wall seconds, and the process's CPU seconds to see what waited), after a bare
DuckDB `read_csv` of the same file into a new table for comparison. Informative: BENCHMARKS.md quotes a run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from etl import load, publication, sources, validate, warehouse

WORK = Path(os.environ.get("BENCH_WORK") or Path(__file__).resolve().parent / "work")
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


def floor(path: Path, kind_name: str | None) -> None:
    """What no loader of the contract can do without: read every cell as text (the contract judges the text),
    and for a kind summed per key group identical rows (the aggregation the contract asks for)."""
    from etl.schema import KINDS, kind_from_filename

    kind = KINDS[kind_name] if kind_name else kind_from_filename(path.name)
    assert kind is not None
    con = duckdb.connect()
    con.sql("set enable_progress_bar = false")
    source = sources.open_source(con, path, kind, path.stat().st_size, WORK)
    cells = ", ".join(f"c{i}" for i in range(source.n_cells))
    if kind.is_aggregate:
        label, query = (
            "floor: read every cell as text, group identical rows",
            (f"select count(*) from (select {cells}, count(*) from {source.relation} group by all)"),
        )
        with phase(label):
            con.sql(query, params=source.params).fetchall()
        con.close()
        return
    # a kind with a unique key: every row is written, so the floor is reading every cell as text into a table
    target = WORK / "profile-floor.duckdb"
    target.unlink(missing_ok=True)
    con.close()
    con = duckdb.connect(str(target))
    con.sql("set enable_progress_bar = false")
    with phase("floor: read every cell as text into a table"):
        con.sql(f"create table t as select {cells} from {source.relation}", params=source.params)
        con.close()
    target.unlink(missing_ok=True)
    unchecked(kind, source)
    con = duckdb.connect()
    con.sql("set enable_progress_bar = false; set TimeZone = 'Europe/Berlin'")
    con.sql(warehouse.sql_file("parsers"))
    con.sql(f"attach '{WORK / 'demo.duckdb'}' as demo (read_only); use demo")
    load.one_pass_settings(con, large=True)  # as the loader judges
    with phase("validation alone: read every cell, judge every row, write nothing"):
        con.sql(validate.valid_rows_sql(kind, source, insert=False), params={**source.params, "load_id": 0}).fetchall()
    con.close()


def unchecked(kind, source) -> None:
    """The floor of a loader that writes typed rows: every cell read as text and typed by its contract's first form
    alone (no trimming, no other spelling, no rule, no stop), inserted into a raw table as the loader inserts."""
    target = WORK / "profile-unchecked.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    con.sql("set enable_progress_bar = false")
    con.sql(f"attach '{WORK / 'demo.duckdb'}' as demo (read_only)")
    con.sql(f"create table t as select * from demo.{validate.q(kind.table)} limit 0")
    values = []
    for column in kind.columns:
        cell = source.cells.get(column.name, "null")
        first_form = validate.AS_WRITTEN.get(column.type)
        values.append(first_form[1].format(x=cell) if first_form and column.name in source.cells else cell)
    load.one_pass_settings(con, large=True)
    with phase("floor: read every cell as text, type it by its first form unchecked, insert"):
        con.sql(f"insert into t select {', '.join(values)}, 0 from {source.relation}", params=source.params)
        con.close()
    target.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--kind")
    args = parser.parse_args()
    bare(args.file)
    floor(args.file, args.kind)
    db = WORK / "profile.duckdb"
    shutil.copyfile(WORK / "demo.duckdb", db)
    for module, name, label in (
        (sources, "sha256", "hash the file"),
        (sources, "open_source", "open: header, delimiter, encoding"),
        (load, "_load_at_once", "unique key: judge every row and insert it in one pass, keys twice, keys held before"),
        (load, "_run_checked", "judge: read, group identical rows, parse, check (temp table checked)"),
        (load, "_quarantine", "quarantine"),
        (load, "_merge", "merge by key (replace semantics)"),
        (load, "_log", "load log (manifest)"),
        (warehouse, "initialise", "warehouse tables (idempotent)"),
        (warehouse, "refresh_reference", "reference data"),
        (warehouse, "build_models", "models (views, materialised marts), published schema included"),
        (publication, "build", "  of which the published (perturbed) activations, issue 30"),
    ):
        timed(module, name, label)
    with phase("python -m etl load, in all (but the imports)"):
        reports = load.load_files(db, [str(args.file)], args.kind)
    for name, wall, cpu in TIMES:
        print(f"{wall:7.2f} s wall {cpu:7.2f} s cpu  {name}")
    print(reports[0].message, file=sys.stderr)


if __name__ == "__main__":
    main()
