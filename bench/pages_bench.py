"""Page speed on the benchmark warehouse: 10 million service_usage rows (from load_bench) and 100,000 visits.

For each page: the script's time cold (caches emptied) and warm (run again), with Streamlit's AppTest in this
process, and the most points any chart of the page sends to the browser. Then a real server on the same
warehouse, every page opened twice in headless Chromium: the time until the page has finished, and the
server's peak memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil

from ui import shell

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
PAGES = tuple(path for path, *_ in shell.PAGES)
VISITS = 100_000
REPEATS = 3


def add_visits(db: Path, visits: int = VISITS) -> Path:
    """Write `visits` synthetic visits spread over the demo's stops as CSV and load them (python -m etl load)."""
    path = WORK / "visits_100k.csv"
    con = duckdb.connect(str(db), read_only=True)
    stops = con.sql("select stop_id, start_date, end_date from raw_stops order by start_date").fetchall()
    con.close()
    out = duckdb.connect()
    out.sql("set enable_progress_bar = false; select setseed(0.7)")
    per_stop = visits // len(stops)
    parts = [
        f"""select '{stop_id}-B' || lpad(cast(i as varchar), 6, '0') as visit_id, '{stop_id}' as stop_id,
                   strftime(timestamp '{start}' + to_days(cast(floor(random() * {(end - start).days + 1}) as integer))
                            + to_hours(10 + cast(floor(random() * 9) as integer))
                            + to_minutes(cast(floor(random() * 60) as integer)), '%Y-%m-%dT%H:%M:%S') as visited_at,
                   ['eid_activation', 'pin_reset', 'ausweisapp_setup', 'service_help', 'general_info'][
                       1 + cast(floor(random() * 5) as integer)] as topic,
                   ['eid_activated', 'resolved', 'referred', 'not_resolved'][1 + cast(floor(random() * 4) as integer)]
                       as outcome,
                   ['16-29', '30-49', '50-64', '65+'][1 + cast(floor(random() * 4) as integer)] as age_band,
                   1 + cast(floor(random() * 5) as integer) as satisfaction
            from range({per_stop}) as r(i)"""
        for stop_id, start, end in stops
    ]
    escaped = str(path).replace("'", "''")
    out.sql(f"copy ({' union all '.join(parts)}) to '{escaped}' (header, delimiter ',')")
    subprocess.run(
        [sys.executable, "-m", "etl", "load", "--db", str(db), "--kind", "visits", str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return db


def _chart_points(at) -> int:
    """The most data points one Plotly chart of the page sends (x values, or heatmap cells)."""
    most = 0
    for element in at.get("plotly_chart"):
        figure = json.loads(element.proto.spec)
        points = 0
        for trace in figure.get("data", []):
            if "z" in trace and isinstance(trace["z"], list):
                points += sum(len(row) if isinstance(row, list) else 1 for row in trace["z"])
            else:
                points += len(trace.get("x") or trace.get("y") or [])
        most = max(most, points)
    return most


def script_times(db: Path) -> dict[str, dict]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tools.apptest import like_a_running_server

    os.environ["DASHBOARD_DB"] = str(db)
    results = {}
    with like_a_running_server():
        for page in PAGES:
            cold, warm = [], []
            for _ in range(REPEATS):
                st.cache_data.clear()
                st.cache_resource.clear()
                at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
                if page != PAGES[0]:
                    at.switch_page(page)
                start = time.perf_counter()
                at.run()
                cold.append(time.perf_counter() - start)
                start = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - start)
                if at.exception:
                    raise RuntimeError(f"{page}: {at.exception[0].value}")
            results[page] = {
                "cold": statistics.median(cold),
                "warm": statistics.median(warm),
                "points": _chart_points(at),
            }
    return results


def browser_times(db: Path) -> tuple[dict[str, float], int]:
    """Each page opened in Chromium (second visit, as a user who comes back); the server's peak memory."""
    from playwright.sync_api import sync_playwright

    from tools.server import ARGS, CHROMIUM, serve, settle

    times: dict[str, float] = {}
    peak = 0
    with serve(db) as url, sync_playwright() as p:
        server = next(
            proc for proc in psutil.Process().children(recursive=True) if "streamlit" in " ".join(proc.cmdline())
        )
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1600})
        for _ in range(2):
            for name in PAGES:
                slug = Path(name).stem
                start = time.perf_counter()
                page.goto(f"{url}/{'' if slug == 'overview' else slug}")
                settle(page)
                times[slug] = time.perf_counter() - start - 0.8  # settle waits 0.8 s for Plotly to draw
                peak = max(peak, server.memory_info().rss)
        browser.close()
    return times, peak


def run(db: Path) -> dict:
    add_visits(db)
    scripts = script_times(db)
    pages, memory = browser_times(db)
    return {"scripts": scripts, "browser": pages, "memory": memory, "date": dt.date.today().isoformat()}


def report(figures: dict) -> str:
    def ok(passed: bool) -> str:
        return "met" if passed else "**missed**"

    lines = [
        "## Dashboard pages on 10 million service_usage rows and 100,000 visits",
        "",
        "Script time: the page's script run with Streamlit's AppTest, cold (every cache emptied) and warm (the same",
        f"view again), median of {REPEATS}. Browser: the page opened in headless Chromium until its script has",
        "finished (second visit). Points: the most data points one chart of the page sends to the browser.",
        "",
        "| page | script cold | script warm | browser | most points in a chart | targets (≤ 1 s cold, ≤ 300 ms warm, "
        "≤ 5,000 points) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for page, t in figures["scripts"].items():
        slug = Path(page).stem
        passed = t["cold"] <= 1 and t["warm"] <= 0.3 and t["points"] <= 5000
        lines.append(
            f"| {slug} | {t['cold'] * 1000:,.0f} ms | {t['warm'] * 1000:,.0f} ms | "
            f"{figures['browser'][slug]:.2f} s | {t['points']:,} | {ok(passed)} |"
        )
    memory = figures["memory"]
    lines += [
        "",
        f"Peak memory of the dashboard's server process over both rounds: {memory / 2**20:,.0f} MiB "
        f"(target < 1 GiB: {ok(memory < 2**30)}).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else WORK / "etl.duckdb"
    print(report(run(target)))
