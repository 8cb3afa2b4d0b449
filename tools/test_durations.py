"""The seconds each test file took in one `make test`, from pytest's JUnit XML, written to tests/durations.json.

`make test` hands whole test files to its two workers, the longest first (tests/conftest.py orders the files by
this table); a long file handed out last leaves one worker idle while the other finishes it. Rerun after adding or
slowing down tests:

    PYTEST_ADDOPTS=--junitxml=/tmp/junit.xml make test && python -m tools.test_durations /tmp/junit.xml
"""

from __future__ import annotations

import argparse
import collections
import json
import xml.etree.ElementTree as ET
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "tests" / "durations.json"


def seconds_per_file(junit: Path) -> dict[str, float]:
    """Seconds per test file (set-up, call and tear-down of its tests), longest first."""
    seconds: dict[str, float] = collections.defaultdict(float)
    for case in ET.parse(junit).getroot().iter("testcase"):
        module = case.get("classname", "").split(".")
        # classname is "tests.test_x" or "tests.test_x.TestClass": the file is the part that starts with test_
        name = next((part for part in module if part.startswith("test_")), None)
        if name:
            seconds[f"{name}.py"] += float(case.get("time", 0))
    return {name: round(s, 1) for name, s in sorted(seconds.items(), key=lambda item: -item[1])}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("junit", type=Path, help="the JUnit XML of one `make test` (pytest --junitxml)")
    parser.add_argument("--out", type=Path, default=TABLE)
    args = parser.parse_args(argv)
    table = seconds_per_file(args.junit)
    args.out.write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(f"{len(table)} files, {sum(table.values()):.0f} s in all; the longest: {next(iter(table.items()))}")


if __name__ == "__main__":
    main()
