"""make bench: the loader on 10 million single-transaction service_usage rows, against bare DuckDB and pandas.

Generates the CSV once (bench/work/, git-ignored), then times in the same run, alternating, each as its own
process: `python -m etl load` into a copy of the demo warehouse, DuckDB's bare `read_csv` into a table, and
pandas `read_csv` + insert into DuckDB; then `python -m etl kpis` on the loaded warehouse. Peak memory is the
largest resident set of the process, sampled every 10 ms. Writes BENCHMARKS.md.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
CSV = WORK / "service_usage_10m.csv"
ROWS = 10_000_000
REPEATS = 5
PY = sys.executable

BARE = """
import duckdb, sys
con = duckdb.connect(sys.argv[1])
con.sql("set enable_progress_bar = false")
con.sql("create table service_usage as select * from read_csv($p)", params={"p": sys.argv[2]})
"""
PANDAS = """
import duckdb, pandas, sys
frame = pandas.read_csv(sys.argv[2])
con = duckdb.connect(sys.argv[1])
con.sql("create table service_usage as select * from frame")
"""


def generate(path: Path = CSV, rows: int = ROWS) -> Path:
    """10 million single transactions (no count columns), deterministic, about 370 MB."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.sql("set enable_progress_bar = false; select setseed(0.42)")
    services = [
        r[0]
        for r in con.sql(
            "select service_id from read_csv($p, comment = '#')",
            params={"p": str(ROOT / "data/reference/services.csv")},
        ).fetchall()
    ]
    con.sql(
        """
        copy (
            select date '2024-06-01' + cast(floor(random() * 640) as integer) as date,
                   $districts[1 + cast(floor(random() * 7) as integer)] as district,
                   $services[1 + cast(floor(random() * len($services)) as integer)] as service_id,
                   ['eid', 'username_password', 'none'][1 + cast(floor(random() * 3) as integer)] as auth_method
            from range($rows)
        ) to '"""
        + str(path).replace("'", "''")
        + "' (header, delimiter ',')",
        params={
            "districts": ["Hamburg-Mitte", "Altona", "Eimsbüttel", "Hamburg-Nord", "Wandsbek", "Bergedorf", "Harburg"],
            "services": services,
            "rows": rows,
        },
    )
    return path


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes, with children) of one process run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            rss = watched.memory_info().rss + sum(c.memory_info().rss for c in watched.children(recursive=True))
            peak = max(peak, rss)
        except psutil.NoSuchProcess:
            pass
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        errors = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{command} failed: {errors}")
    return seconds, peak


def fresh(path: Path, template: Path | None = None) -> Path:
    for suffix in ("", ".wal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if template:
        shutil.copy(template, path)
    return path


def run() -> dict:
    generate()
    demo = WORK / "demo.duckdb"
    fresh(demo)
    subprocess.run([PY, "-m", "etl", "demo", "--db", str(demo)], cwd=ROOT, check=True, capture_output=True)
    results: dict[str, list[tuple[float, int]]] = {"etl": [], "bare": [], "pandas": []}
    target = WORK / "etl.duckdb"
    for round_ in range(REPEATS + 1):  # the first round warms the file cache and is not counted
        if round_ == 0:
            measure([PY, "-m", "etl", "load", "--db", str(fresh(target, demo)), str(CSV)])
            measure([PY, "-c", BARE, str(fresh(WORK / "bare.duckdb")), str(CSV)])
            measure([PY, "-c", PANDAS, str(fresh(WORK / "pandas.duckdb")), str(CSV)])
            continue
        results["etl"].append(measure([PY, "-m", "etl", "load", "--db", str(fresh(target, demo)), str(CSV)]))
        results["bare"].append(measure([PY, "-c", BARE, str(fresh(WORK / "bare.duckdb")), str(CSV)]))
        results["pandas"].append(measure([PY, "-c", PANDAS, str(fresh(WORK / "pandas.duckdb")), str(CSV)]))
    results["kpis"] = [measure([PY, "-m", "etl", "kpis", "--db", str(target)]) for _ in range(REPEATS)]
    results["impact"] = [measure([PY, "-m", "etl", "impact", "--db", str(target), "--json"]) for _ in range(REPEATS)]
    return {name: (statistics.median(s for s, _ in runs), max(m for _, m in runs)) for name, runs in results.items()}


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.processor())
    memory = psutil.virtual_memory().total / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}"


def report(figures: dict) -> str:
    etl_s, etl_mem = figures["etl"]
    bare_s, bare_mem = figures["bare"]
    pandas_s, pandas_mem = figures["pandas"]
    kpis_s, kpis_mem = figures["kpis"]
    impact_s, impact_mem = figures["impact"]
    ratio = etl_s / bare_s
    size = CSV.stat().st_size / 1e6

    def ok(passed: bool) -> str:
        return "met" if passed else "**missed**"

    return f"""# Benchmarks

Measured by `make bench` (bench/load_bench.py) on {dt.date.today().isoformat()}.
Machine: {machine()}; Python {platform.python_version()}, DuckDB {version("duckdb")}, pandas {version("pandas")},
polars {version("polars")}. Shared machine: figures are the median of {REPEATS} runs after one warm-up
round, each a separate process, the contenders alternating; peak memory is the largest resident set seen.

## Loading 10 million service_usage rows

Input: {ROWS:,} single-transaction `service_usage` rows (no count columns) as CSV, {size:.0f} MB, generated
deterministically. `python -m etl load` loads them into a copy of the demo warehouse with the whole contract
(header mapping, validation, quarantine, per-key aggregation, replace semantics, manifest, one transaction).

| what | wall time | peak memory |
|---|---:|---:|
| `python -m etl load` | {etl_s:.2f} s | {etl_mem / 2**20:,.0f} MiB |
| bare DuckDB `read_csv` into a table | {bare_s:.2f} s | {bare_mem / 2**20:,.0f} MiB |
| pandas `read_csv` + insert into DuckDB | {pandas_s:.2f} s | {pandas_mem / 2**20:,.0f} MiB |
| `python -m etl kpis` on that warehouse | {kpis_s:.2f} s | {kpis_mem / 2**20:,.0f} MiB |
| `python -m etl impact --json` (inference included) | {impact_s:.2f} s | {impact_mem / 2**20:,.0f} MiB |

| target | measured | |
|---|---:|---|
| load ≤ 1.5 × bare DuckDB (never above 2 ×) | {ratio:.2f} × | {ok(ratio <= 1.5)} |
| load faster than the pandas peer | {etl_s:.2f} s vs {pandas_s:.2f} s | {ok(etl_s < pandas_s)} |
| peak memory of the load ≤ 2 GB | {etl_mem / 1e9:.2f} GB | {ok(etl_mem <= 2e9)} |
| `python -m etl kpis` ≤ 2 s | {kpis_s:.2f} s | {ok(kpis_s <= 2)} |
| `python -m etl impact` ≤ 3 s | {impact_s:.2f} s | {ok(impact_s <= 3)} |

How the loader keeps up with a bare read: it judges each distinct row once (10 million single transactions
hold about half a million distinct rows), parses in DuckDB, hashes the file first (a file loaded before is
skipped without being read again), and asks for line numbers (a second, ordered read) only when a row is bad.
"""


if __name__ == "__main__":
    print(report(run()))
