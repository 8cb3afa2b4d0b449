"""Does the quick loop (`make test-fast`) exercise every module under etl/ and ui/?

    python -m tools.fast_coverage

runs the fast tests once under coverage (in one process; code run in a subprocess is not counted) and lists, per
module, how many lines inside its functions ran. A module counts as exercised when at least one line inside one of
its functions or methods ran — importing it is not enough. Exits 1 and names the modules that are not exercised.
docs/TESTING.md says how the quick loop was checked with it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("etl", "ui")


def function_lines(path: Path) -> set[int]:
    """The line numbers of the statements inside the functions and methods of a module."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for statement in node.body:
                lines.update(range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
    return lines


def main() -> int:
    data = ROOT / ".venv" / "fast.coverage"
    command = [sys.executable, "-m", "coverage", "run", f"--data-file={data}", "--source", ",".join(LAYERS)]
    tests = ["-m", "pytest", "-m", "not slow", "-q", "-n", "0", "-p", "no:cacheprovider", "-o", "addopts="]
    subprocess.run([*command, *tests], cwd=ROOT, check=False)

    import coverage

    measured = coverage.Coverage(data_file=str(data))
    measured.load()
    lines = measured.get_data()
    executed = {Path(name).resolve(): set(lines.lines(name) or ()) for name in lines.measured_files()}
    missing = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            inside = function_lines(path)
            ran = len(inside & executed.get(path.resolve(), set()))
            print(f"{ran:5d} of {len(inside):5d} lines in functions ran  {path.relative_to(ROOT)}")
            if inside and not ran:
                missing.append(str(path.relative_to(ROOT)))
    if missing:
        print("not exercised by a fast test:", *missing, sep="\n  ")
        return 1
    print("every module under etl/ and ui/ with functions is exercised by a fast test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
