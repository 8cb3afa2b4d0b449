"""How fast this machine's CPU is right now: the seconds a fixed pure-Python loop takes, printed by `make test`
before and after the tests.

The machines here are shared: on 2026-12-06 the same loop took 0.75 to 1.3 s within one hour, and the suite's
wall time moved with it (docs/TESTING.md). A time of `make test` is only comparable with another beside this figure.
"""

from __future__ import annotations

import time

REFERENCE = 0.75  # seconds on a quiet machine here (AMD EPYC, 2026-12-06)


def seconds() -> float:
    start = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i * i % 7
    return time.perf_counter() - start


if __name__ == "__main__":
    took = seconds()
    print(f"CPU reference: {took:.2f} s for a fixed loop ({took / REFERENCE:.2f} x a quiet machine here)")
