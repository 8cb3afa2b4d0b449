"""The briefing (python -m cli briefing) as a user starts it: a new process each time, on the demo warehouse and
on the benchmark warehouse (10 million service_usage rows); median of three. Targets: ≤ 5 s and ≤ 10 s."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
REPEATS = 3


def _seconds(db: Path, *args: str) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        command = [sys.executable, "-m", "cli", "briefing", "--db", str(db), "--out", str(WORK / "briefing.pdf")]
        subprocess.run([*command, *args], cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(big: Path) -> dict:
    demo = WORK / "demo.duckdb"
    subprocess.run([sys.executable, "-m", "etl", "demo", "--db", str(demo)], cwd=ROOT, check=True, capture_output=True)
    return {
        "demo": _seconds(demo),
        "demo_stop": _seconds(demo, "--stop", "MC-2025"),
        "big": _seconds(big),
    }


def report(figures: dict) -> str:
    def ok(passed: bool) -> str:
        return "met" if passed else "**missed**"

    return "\n".join(
        [
            "## The briefing PDF",
            "",
            f"`python -m cli briefing` as a new process, from start to the written file (median of {REPEATS}).",
            "",
            "| warehouse | briefing | time | target |",
            "|---|---|---:|---|",
            f"| demo | campaign | {figures['demo']:.1f} s | ≤ 5 s: {ok(figures['demo'] <= 5)} |",
            f"| demo | one stop | {figures['demo_stop']:.1f} s | ≤ 5 s: {ok(figures['demo_stop'] <= 5)} |",
            f"| 10 million rows | campaign | {figures['big']:.1f} s | ≤ 10 s: {ok(figures['big'] <= 10)} |",
            "",
        ]
    )
