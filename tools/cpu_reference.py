"""How fast this machine's CPU is right now: the seconds a fixed pure-Python loop takes, printed by `make test`
before and after the tests.

The machines here are shared: on 2026-12-06 the same kind of loop became 1.4 to 2 times slower within two hours,
and the suite's wall time moved with it (docs/TESTING.md). A time of `make test` compares with another only beside
this figure.
"""

from __future__ import annotations

import time

# At module level (a dictionary store per step, as much of the suite's work is), not in a function: a loop over
# local variables stayed at the same speed while the suite and this loop became 1.4 to 2 times slower.
LOOP = "total = 0\nfor i in range(5_000_000):\n    total += i * i % 7\n"


def seconds() -> float:
    start = time.perf_counter()
    exec(LOOP, {})
    return time.perf_counter() - start


if __name__ == "__main__":
    took = seconds()
    print(f"CPU reference: {took:.2f} s for a fixed loop (docs/TESTING.md lists the suite's times beside it)")
