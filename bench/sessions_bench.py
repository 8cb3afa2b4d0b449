"""A few readers in real browsers: 4 Chromium sessions on the benchmark warehouse for a few minutes (informative).

The browsers share the machine's two cores with the server, so this measures the browsers as much as the server;
the server's capacity is measured over the WebSocket protocol without browsers (bench/protocol_bench.py).

One real dashboard server (as `make run` starts it) on the warehouse of load_bench and pages_bench (10 million
service_usage rows, 100,000 visits); one headless Chromium with separate sessions (browser contexts, each a
window of its own), each behaving like a reader: it arrives (one every 8 s), opens the dashboard (with a
district filter in the URL half the time), then moves through the pages by the sidebar navigation, reading
each page for 10–30 s. A page time is from the click until the page's script has finished and no placeholder
is left, as the browser reports it; the figures count the minutes when all are there. Errors: any
exception box, error message, script error or timeout in any session.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psutil

from ui import shell
from ui.text import t

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 4
SECONDS = 180
RAMP = 8  # seconds between two sessions' arrivals
THINK = (10, 30)  # seconds a reader spends on a page before the next click
SLUGS = [slug for *_, slug in shell.PAGES]
TITLES = {slug: t(title, "de") for _, title, _, slug in shell.PAGES}
DISTRICTS = ["Altona", "Eimsbüttel", "Hamburg-Nord", "Wandsbek", "Bergedorf", "Harburg", "Hamburg-Mitte"]

# A click has done its work when the address is the target page's, the page's title is the target's, the
# script has finished and no placeholder is left (the title changes only when the new page's run draws it).
DONE = """([path, title]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const heading = document.querySelector('h1');
  return location.pathname === path && heading && heading.innerText.trim() === title
      && app.getAttribute('data-test-script-state') === 'notRunning'
      && !document.querySelector('[data-testid="stSkeleton"]');
}"""
FIRST_DONE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
      && document.querySelector('h1') && !document.querySelector('[data-testid="stSkeleton"]');
}"""
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


async def session(browser, url: str, number: int, steady: float, until: float, results: dict) -> None:
    rng = random.Random(number)
    await asyncio.sleep(number * RAMP)  # users arrive one after another, not in the same instant
    # a context of its own: its own window (Chromium throttles the tabs of a window that are not in front)
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.on("pageerror", lambda error: results["errors"].append(f"session {number}: script error {error}"))
    try:
        query = f"?district={rng.choice(DISTRICTS)}" if number % 2 else ""
        start = time.perf_counter()
        await page.goto(f"{url}/{query}")
        await page.wait_for_function(FIRST_DONE, polling=50, timeout=120_000)
        results["first"].append(time.perf_counter() - start)
        current = "overview"
        while time.perf_counter() < until:
            await asyncio.sleep(rng.uniform(*THINK))
            target = rng.choice([slug for slug in SLUGS if slug != current])
            start = time.perf_counter()
            await page.locator('[data-testid="stSidebarNavLink"]').nth(SLUGS.index(target)).click()
            path = "/" if target == "overview" else f"/{target}"
            await page.wait_for_function(DONE, arg=[path, TITLES[target]], polling=100, timeout=120_000)
            if start >= steady:  # all sessions have arrived
                results["pages"].append((target, time.perf_counter() - start))
            current = target
            if await page.locator(ERRORS).count():
                results["errors"].append(f"session {number}: error on {target}")
    except Exception as exc:  # a timeout or a lost connection counts as an error of the run
        results["errors"].append(f"session {number}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()


async def _run(db: Path, sessions: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    from tools.server import ARGS, CHROMIUM, serve

    results: dict = {"first": [], "pages": [], "errors": []}
    with serve(db) as url:
        server = next(p for p in psutil.Process().children(recursive=True) if "streamlit" in " ".join(p.cmdline()))
        # The browsers stand for the users' own computers but share this machine's 2 cores with the server under
        # test: this process and the browser it starts yield to the server (nice 10), as a load generator on a
        # machine of its own would.
        os.nice(10)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            steady = time.perf_counter() + sessions * RAMP
            until = steady + seconds
            peak = 0

            async def watch_memory() -> None:
                nonlocal peak
                while time.perf_counter() < until:
                    peak = max(peak, server.memory_info().rss)
                    await asyncio.sleep(1)

            await asyncio.gather(
                watch_memory(), *(session(browser, url, n, steady, until, results) for n in range(sessions))
            )
            await browser.close()
        results["cpu_server"] = sum(server.cpu_times()[:2])
    results["memory"] = peak
    return results


def run(db: Path, sessions: int = SESSIONS, seconds: float = SECONDS) -> dict:
    return asyncio.run(_run(db, sessions, seconds))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(figures: dict, sessions: int = SESSIONS, seconds: float = SECONDS) -> str:
    times = [t for _, t in figures["pages"]]
    first = figures["first"]
    p95 = percentile(times, 0.95) if times else float("inf")
    lines = [
        f"## {sessions} sessions in real browsers (informative)",
        "",
        f"{sessions} headless Chromium sessions on one dashboard server and the warehouse above, for "
        f"{seconds / 60:.0f} minutes after the last has arrived (one every {RAMP} s): each opens the dashboard, then "
        f"clicks through the pages in the sidebar, reading each for {THINK[0]}–{THINK[1]} s "
        f"(bench/sessions_bench.py). The {sessions} browser windows, the server and the benchmark share the machine's "
        f"2 cores: the server used {figures['cpu_server']:.0f} s of CPU time in all, the browsers most of the rest.",
        "",
        "| what | count | median | p95 | max |",
        "|---|---:|---:|---:|---:|",
        f"| page after a click | {len(times):,} | {statistics.median(times):.2f} s | {p95:.2f} s | {max(times):.2f} s |"
        if times
        else "| page after a click | 0 | – | – | – |",
        f"| first load of the dashboard | {len(first)} | {statistics.median(first):.2f} s | "
        f"{percentile(first, 0.95):.2f} s | {max(first):.2f} s |"
        if first
        else "| first load of the dashboard | 0 | – | – | – |",
        "",
        f"- Errors: {len(figures['errors'])}"
        + ("" if not figures["errors"] else f" ({'; '.join(figures['errors'][:5])})"),
        f"- Peak memory of the server: {figures['memory'] / 2**20:,.0f} MiB.",
        "- No target: a browser's own drawing on a reader's computer is in the page benchmark above, the server's "
        "capacity in the protocol benchmark below.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "work" / "etl.duckdb"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else SECONDS
    print(report(run(target, seconds=seconds), seconds=seconds))
