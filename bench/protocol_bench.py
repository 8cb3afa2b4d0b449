"""Capacity measured on the server: many sessions over Streamlit's own WebSocket protocol, no browsers.

One dashboard server (as `make run` starts it) on the benchmark warehouse (10 million service_usage rows,
100,000 visits). Each simulated reader opens a WebSocket to /_stcore/stream as the browser does, asks for the
dashboard (half of them with a district filter in the address, a quarter in English), then switches to another
page of the navigation every 10–30 s, as a reader would. A page time is from sending the request (a
`rerun_script` message naming the page) until the server reports the page's script finished; an error is an
exception box, a script that did not finish, a lost connection or no answer within 60 s. The load generator
parses every message the server sends (so it also pays for what the server writes) and runs in a process of its
own with a lower priority than the server, as it would on a machine of its own.

Levels of 20, 50 and 100 sessions, each against a freshly started server; while the target holds (p95 ≤ 1 s, no
errors) 150, 200, 300 and 400 follow, to find the knee. What this does not measure: the browser's own drawing (see the
page benchmark and the informative browser run).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psutil
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
LEVELS = (20, 50, 100)
MORE = (150, 200, 300, 400)  # only while the target holds, to find the knee
ARRIVAL = 30  # seconds over which a level's sessions arrive
SECONDS = 120  # measured once all have arrived
THINK = (10, 30)  # seconds on a page before the next switch
TIMEOUT = 60
TARGET_SESSIONS, TARGET_P95 = 50, 1.0
DISTRICTS = ["Altona", "Eimsbüttel", "Hamburg-Nord", "Wandsbek", "Bergedorf", "Harburg", "Hamburg-Mitte"]
FINISHED, EARLY_FOR_RERUN = ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_EARLY_FOR_RERUN


class PageError(Exception):
    """The page did not come out whole: an exception box or a script that did not finish."""


async def show(connection, query: str, page_hash: str, lang: str) -> list[tuple[str, str]]:
    """Ask for one page as the browser does and read until its script has finished; the navigation's pages
    (hash, path) when the server sent them."""
    request = BackMsg()
    request.rerun_script.query_string = query
    request.rerun_script.page_script_hash = page_hash
    request.rerun_script.context_info.locale = "de-DE" if lang == "de" else "en-GB"
    request.rerun_script.context_info.timezone = "Europe/Berlin"
    await connection.send(request.SerializeToString())
    pages: list[tuple[str, str]] = []
    while True:
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(connection.recv(), TIMEOUT))
        kind = message.WhichOneof("type")
        if kind == "navigation":
            pages = [(p.page_script_hash, p.url_pathname) for p in message.navigation.app_pages]
        elif kind == "delta" and message.delta.new_element.WhichOneof("type") == "exception":
            raise PageError(message.delta.new_element.exception.message.splitlines()[0])
        elif kind == "script_finished" and message.script_finished != EARLY_FOR_RERUN:
            if message.script_finished != FINISHED:
                raise PageError(f"script ended with status {message.script_finished}")
            return pages


async def reader(url: str, number: int, sessions: int, steady: float, until: float, figures: dict) -> None:
    rng = random.Random(number)
    await asyncio.sleep(number * ARRIVAL / sessions)
    lang = "en" if number % 4 == 3 else "de"
    query = "&".join(
        part for part in (f"district={rng.choice(DISTRICTS)}" if number % 2 else "", "lang=en" * (lang == "en")) if part
    )
    where = "overview"
    try:
        async with websockets.connect(
            url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit")],
            origin=websockets.Origin(url),
            max_size=None,
        ) as connection:
            start = time.perf_counter()
            pages = await show(connection, query, "", lang)
            figures["first"].append(time.perf_counter() - start)
            current = pages[0][0]
            while time.perf_counter() < until:
                await asyncio.sleep(rng.uniform(*THINK))
                current, where = rng.choice([page for page in pages if page[0] != current])
                start = time.perf_counter()
                await show(connection, query, current, lang)
                if start >= steady:
                    figures["pages"].append(time.perf_counter() - start)
    except (PageError, TimeoutError, websockets.ConnectionClosed, OSError) as exc:
        figures["errors"].append(f"session {number} on {where or 'overview'}: {type(exc).__name__} {exc}")


async def _readers(url: str, sessions: int, seconds: float) -> dict:
    figures: dict = {"sessions": sessions, "first": [], "pages": [], "errors": []}
    steady = time.perf_counter() + ARRIVAL
    until = steady + seconds
    await asyncio.gather(*(reader(url, n, sessions, steady, until, figures) for n in range(sessions)))
    return figures


def _generate(url: str, sessions: int, seconds: float, results) -> None:
    """The load generator, a process of its own that yields to the server (nice 10), as on a machine of its own."""
    with contextlib.suppress(PermissionError):
        os.nice(10)
    results.put(asyncio.run(_readers(url, sessions, seconds)))


def _level(db: Path, sessions: int, seconds: float) -> dict:
    from tools.server import serve

    spawn = multiprocessing.get_context("spawn")
    with serve(db) as url:
        server = next(p for p in psutil.Process().children(recursive=True) if "streamlit" in " ".join(p.cmdline()))
        cpu_before, started = sum(server.cpu_times()[:2]), time.perf_counter()
        results = spawn.Queue()
        generator = spawn.Process(target=_generate, args=(url, sessions, seconds, results))
        generator.start()
        peak = 0
        while results.empty() and generator.is_alive():
            peak = max(peak, server.memory_info().rss)
            time.sleep(1)
        figures = results.get(timeout=60)
        generator.join()
        figures["cpu"] = (sum(server.cpu_times()[:2]) - cpu_before) / (time.perf_counter() - started)
    figures["memory"] = peak
    return figures


def passes(figures: dict) -> bool:
    return bool(figures["pages"]) and percentile(figures["pages"], 0.95) <= TARGET_P95 and not figures["errors"]


def run(db: Path, levels: tuple[int, ...] = LEVELS, more: tuple[int, ...] = MORE, seconds: float = SECONDS) -> list:
    results: list[dict] = []
    for sessions in levels + more:
        if sessions in more and not passes(results[-1]):
            break
        results.append(_level(db, sessions, seconds))
        print(f"protocol bench: {sessions} sessions done", file=sys.stderr, flush=True)
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def knee(results: list[dict]) -> str:
    for earlier, level in zip([None, *results], results, strict=False):
        if not passes(level):
            held = f"{earlier['sessions']} sessions held it" if earlier else "no level held it"
            return f"{level['sessions']} sessions are the first level beyond p95 1 s or with errors ({held})"
    return f"above {results[-1]['sessions']} sessions: every level measured held p95 ≤ 1 s without errors"


def report(results: list[dict], seconds: float = SECONDS) -> str:
    lines = [
        "## Sessions over the WebSocket protocol (capacity of the server)",
        "",
        "Simulated readers speak Streamlit's own protocol to one dashboard server on the warehouse above, without "
        f"browsers: each arrives within the first {ARRIVAL} s, opens the dashboard (half with a district filter, "
        f"a quarter in English), then switches page every {THINK[0]}–{THINK[1]} s; measured for "
        f"{seconds:.0f} s once all have arrived, a fresh server per level (bench/protocol_bench.py). "
        "A page time runs from the request until the server reports the page's script finished.",
        "",
        "| sessions | pages | median | p95 | max | first load p95 | errors | server CPU | peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level in results:
        times, first = level["pages"], level["first"]
        figures = (
            f"{statistics.median(times):.2f} s | {percentile(times, 0.95):.2f} s | {max(times):.2f} s"
            if times
            else "– | – | –"
        )
        lines.append(
            f"| {level['sessions']} | {len(times):,} | {figures} | "
            f"{percentile(first, 0.95):.2f} s | {len(level['errors'])} | {level['cpu']:.0%} of a core | "
            f"{level['memory'] / 2**20:,.0f} MiB |"
            if first
            else f"| {level['sessions']} | 0 | – | – | – | – | {len(level['errors'])} | – | – |"
        )
    at_target = next((level for level in results if level["sessions"] == TARGET_SESSIONS), None)
    errors = [error for level in results for error in level["errors"]]
    lines += [
        "",
        f"- The knee: {knee(results)}.",
        f"- Target: {TARGET_SESSIONS} sessions with p95 ≤ {TARGET_P95:.0f} s and no errors: "
        + ("met" if at_target and passes(at_target) else "**missed**")
        + ".",
    ]
    if errors:
        lines.append(f"- Errors (first five): {'; '.join(errors[:5])}.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "work" / "etl.duckdb"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else SECONDS
    levels = tuple(int(n) for n in sys.argv[3].split(",")) if len(sys.argv) > 3 else LEVELS
    print(report(run(target, levels, MORE if len(sys.argv) <= 3 else (), seconds), seconds))
