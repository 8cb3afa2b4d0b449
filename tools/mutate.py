"""make mutate: change the code in small, realistic ways and see whether the tests notice.

A mutant is one slip: a comparison turned (`<` for `<=`), a constant off by one, `and` for `or`, `+` for `-`, an
aggregate swapped (`min` for `max`), an outer join made inner, a condition negated. First the tests run once (every
test but those marked `external`, which need Chromium, LibreOffice or nginx: slow ones included, since a test leaves
`make test-fast` for its time, not because it checks less) and record which test runs which line and reads which
.sql file (tools/mutate_map.py). Each mutant is then written into a copy of the project and the tests that run the
changed code run against it (those of the nearest test files first, stopping at the first failure); it counts as
killed when a test fails or the run hangs, and as a survivor when they pass or when no test runs the code at all. A
survivor is either a gap in the tests or an equivalent mutant (one that cannot change any result); equivalent ones
are listed with their reason in
tests/mutants_equivalent.txt and left out of the score.

    python -m tools.mutate [--kind operator|semantic] [--only PATH ...] [--sample N] [--seed S] [--jobs J]
                           [--map FILE] [--outcomes FILE] [--report] [--write]

`--kind semantic` runs the semantic mutants of tools/semantic.py instead (a date bound shifted by a day, day and
month swapped in a format, a named constant replaced by a nearby literal, two columns swapped, a WHERE predicate
dropped, a ratio turned over, a filter argument dropped); their score is reported in a section of its own.

`--sample N` runs N mutants drawn at random (seeded) from all of them, an estimate of the score in minutes instead
of hours; `--map FILE` keeps the recorded map (and uses it as it is when the file exists); `--outcomes FILE` keeps
each outcome and resumes from it; `--report` runs nothing and reports what the outcomes file holds so far; `--write`
puts the score and the survivors into docs/TESTING.md.
"""

from __future__ import annotations

import argparse
import ast
import collections
import copy
import dataclasses
import functools
import json
import os
import random
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = (
    "etl/sql",
    "ui/sql",
    "etl/disclosure.py",
    "etl/validate.py",
    "etl/export.py",
    "etl/impact/estimator.py",
    "etl/impact/inference.py",
    "etl/impact/panel.py",
    "etl/impact/results.py",
    "etl/impact/planner.py",
    "etl/load.py",
    "ui/sentences.py",
)
# The tests nearest to each kind of file run first: a killed mutant then costs seconds, not the whole suite.
NEAREST = {
    "sql": [
        "test_kpis_hand",
        "test_stop_kpis_edges_by_hand",
        "test_quality_by_hand",
        "test_services_by_hand",
        "test_campaign_edges_by_hand",
        "test_impact_by_hand",
        "test_warehouse_tables",
        "test_slips",
        "test_pages",
        "test_export",
        "test_contract",
    ],
    "etl/disclosure.py": ["test_disclosure", "test_confidentiality", "test_pages"],
    "etl/validate.py": ["test_contract", "test_loader_words", "test_slips"],
    "etl/export.py": ["test_export", "test_pages"],
    "etl/impact": ["test_impact_by_hand", "test_inference_by_hand", "test_impact", "test_pages"],
    "etl/load.py": ["test_contract", "test_reliability", "test_operations", "test_slips"],
    "ui/sentences.py": ["test_sentences_by_hand", "test_impact_by_hand", "test_accessibility", "test_pages"],
}
EQUIVALENT = ROOT / "tests" / "mutants_equivalent.txt"
REPORT = ROOT / "docs" / "TESTING.md"
TESTS_TIMEOUT = 1800  # seconds for one run of the --tests files
START, END = "<!-- mutate:start -->", "<!-- mutate:end -->"
SEMANTIC_START, SEMANTIC_END = "<!-- mutate-semantic:start -->", "<!-- mutate-semantic:end -->"


@dataclasses.dataclass(frozen=True)
class Mutant:
    path: str  # relative to the project
    line: int
    what: str  # "<= -> <"
    make: Callable[[], str]  # the whole mutated file, made only when the mutant runs (Python: a copy of the tree)
    end: int = 0  # the last line of the changed expression (Python), 0: the same as `line`

    @property
    def source(self) -> str:
        return self.make()

    @property
    def name(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


# --- SQL ------------------------------------------------------------------------------------------------------------
SQL_SKIP = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\"[^\"]*\"")  # comments, texts and quoted names stay as they are
SQL_SWAPS = [
    (r"<=", "<"),
    (r">=", ">"),
    (r"(?<![<>!=:])<(?![=>])", "<="),
    (r"(?<![<>!=:=-])>(?![=])", ">="),
    (r"(?<![<>!=:])=(?![=>])", "<>"),
    (r"<>|!=", "="),
    (r"\band\b", "or"),
    (r"\bor\b", "and"),
    (r"\bmin\(", "max("),
    (r"\bmax\(", "min("),
    (r"\bsum\(", "max("),
    (r"\bcount\(\s*distinct\b", "count("),
    (r"\bleft join\b", "join"),
    (r"\bis not null\b", "is null"),
    (r"\bis null\b", "is not null"),
    (r"\bnot\s+", ""),
    (r"(?<![\w.])(\d+)(?![\w.])", None),  # an integer, one up
    (r"(?<=\s)\+(?=\s)", "-"),
    (r"(?<=\s)-(?=\s)", "+"),
    (r"(?<=\s)\*(?=\s)", "/"),
    (r"(?<=\s)/(?=\s)", "*"),
    (r"\bdesc\b", "asc"),
]


def sql_mutants(path: Path) -> Iterator[Mutant]:
    text = path.read_text(encoding="utf-8")
    skipped = [m.span() for m in SQL_SKIP.finditer(text)]

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in skipped)

    for pattern, replacement in SQL_SWAPS:
        for match in re.finditer(pattern, text, flags=re.IGNORECASE):
            start, end = match.span()
            if not free(start, end) or _star(text, start, end) or _exists_constant(text, start, replacement):
                continue
            new = str(int(match.group(1)) + 1) if replacement is None else replacement
            line = text.count("\n", 0, start) + 1
            yield Mutant(
                rel(path),
                line,
                f"{match.group(0).strip()} -> {new.strip() or '(removed)'}",
                functools.partial(str, text[:start] + new + text[end:]),
            )


def _star(text: str, start: int, end: int) -> bool:
    """Whether this `*` means "every column" (`select *`, `* exclude (...)`), not a product."""
    if text[start:end] != "*":
        return False
    before, after = text[:start].rstrip().lower(), text[end:].lstrip().lower()
    columns = before.endswith(("select", "distinct", ",", "("))
    return columns or after.startswith(("from", "exclude", "replace", ")", ","))


def _exists_constant(text: str, start: int, replacement: str | None) -> bool:
    """Whether this integer is the constant of `exists (select 1 ...)`: only whether rows exist matters."""
    return replacement is None and text[:start].rstrip().lower().endswith("select")


# --- Python ---------------------------------------------------------------------------------------------------------
COMPARE = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
BINARY = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.FloorDiv,
    ast.Pow: ast.Mult,
}
BOOLEAN = {ast.And: ast.Or, ast.Or: ast.And}
SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.And: "and",
    ast.Or: "or",
}


def _docstring(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    return isinstance(parent, ast.Expr) and isinstance(node, ast.Constant) and isinstance(node.value, str)


def _slots(tree: ast.Module) -> list[tuple[int, int, str]]:
    """(index of the node in ast.walk order, operand index, description) of every place a slip can go."""
    slots = []
    for index, node in enumerate(ast.walk(tree)):
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in COMPARE:
                    slots.append((index, k, f"{SYMBOL[type(op)]} -> {SYMBOL[COMPARE[type(op)]]}"))
        elif isinstance(node, ast.BinOp) and type(node.op) in BINARY:
            slots.append((index, 0, f"{SYMBOL[type(node.op)]} -> {SYMBOL[BINARY[type(node.op)]]}"))
        elif isinstance(node, ast.BoolOp):
            slots.append((index, 0, f"{SYMBOL[type(node.op)]} -> {SYMBOL[BOOLEAN[type(node.op)]]}"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            slots.append((index, 0, "not x -> x"))
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            slots.append((index, 0, f"{node.value} -> {node.value + 1}"))
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            slots.append((index, 0, f"{node.value} -> {not node.value}"))
    return slots


def _mutate(tree: ast.Module, index: int, operand: int) -> ast.Module:
    """The tree with the slip at slot (index, operand) of `_slots`."""
    target = list(ast.walk(tree))[index]
    if isinstance(target, ast.Compare):
        target.ops[operand] = COMPARE[type(target.ops[operand])]()
    elif isinstance(target, ast.BinOp):
        target.op = BINARY[type(target.op)]()
    elif isinstance(target, ast.BoolOp):
        target.op = BOOLEAN[type(target.op)]()
    elif isinstance(target, ast.UnaryOp):  # `not x` -> `x`
        for parent in ast.walk(tree):
            for field, value in ast.iter_fields(parent):
                if value is target:
                    setattr(parent, field, target.operand)
                elif isinstance(value, list) and any(item is target for item in value):
                    value[[id(item) for item in value].index(id(target))] = target.operand
    elif isinstance(target, ast.Constant) and type(target.value) is int:
        target.value += 1
    elif isinstance(target, ast.Constant):
        target.value = not target.value
    return tree


def python_mutants(path: Path) -> Iterator[Mutant]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    nodes = list(ast.walk(tree))
    annotations = {id(n) for node in nodes for a in _annotations(node) for n in ast.walk(a)}
    for index, operand, what in _slots(tree):
        node = nodes[index]
        if id(node) in annotations or _docstring(node, parents):
            continue
        line = getattr(node, "lineno", 0)
        make = functools.partial(_mutated_source, tree, index, operand)
        yield Mutant(rel(path), line, what, make, getattr(node, "end_lineno", None) or line)


def _mutated_source(tree: ast.Module, index: int, operand: int) -> str:
    return ast.unparse(_mutate(copy.deepcopy(tree), index, operand)) + "\n"


def _annotations(node: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
        found.append(node.annotation)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
        found.append(node.returns)
    return found


# --- running --------------------------------------------------------------------------------------------------------
def rel(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def all_mutants(only: list[str], kind: str = "operator") -> list[Mutant]:
    from tools import semantic

    targets = semantic.TARGETS if kind == "semantic" else TARGETS
    files: list[Path] = []
    for target in only or targets:
        path = ROOT / target
        if path.is_dir():  # its .sql files and the Python targets in it
            files += sorted(path.rglob("*.sql")) + [
                ROOT / t for t in targets if t.endswith(".py") and t.startswith(f"{target.rstrip('/')}/")
            ]
        else:
            files.append(path)
    mutants = []
    for path in files:
        if kind == "semantic":
            mutants += [
                Mutant(rel(path), line, what, functools.partial(str, source), end)
                for line, end, what, source in semantic.mutants(path, path.read_text(encoding="utf-8"))
            ]
        else:
            mutants += list(sql_mutants(path) if path.suffix == ".sql" else python_mutants(path))
    return _numbered(mutants)


def _numbered(mutants: list[Mutant]) -> list[Mutant]:
    """The same slip twice on one line (two `and`s, two `True`s) gets a number from the second on, so that every
    mutant has a name of its own in the outcomes file and in the equivalents list."""
    seen: collections.Counter[str] = collections.Counter()
    numbered = []
    for mutant in mutants:
        seen[mutant.name] += 1
        n = seen[mutant.name]
        numbered.append(mutant if n == 1 else dataclasses.replace(mutant, what=f"{mutant.what} #{n}"))
    return numbered


@dataclasses.dataclass(frozen=True)
class TestMap:
    """Which test runs which line and reads which .sql file (tools/mutate_map.py records it)."""

    lines: dict[str, dict[str, list[str]]]  # path -> line -> contexts (a test's node id, or "fixture:<name>")
    reads: dict[str, list[str]]  # context -> .sql files read
    tests: dict[str, dict]  # node id -> {"fixtures": [...], "seconds": s}

    @classmethod
    def load(cls, path: Path) -> TestMap:
        return cls(**json.loads(path.read_text(encoding="utf-8")))

    def contexts(self, mutant: Mutant) -> set[str]:
        if mutant.path.endswith(".sql"):
            return {context for context, files in self.reads.items() if mutant.path in files}
        by_line = self.lines.get(mutant.path, {})
        found = set().union(*(by_line.get(str(n), []) for n in range(mutant.line, max(mutant.end, mutant.line) + 1)))
        if not found - {""}:  # run only on import (a module's constant, a default value): whoever runs the module
            found = set().union(*by_line.values())
        return found - {""}

    def tests_for(self, mutant: Mutant) -> list[str]:
        """The tests that run the mutated code, those of the nearest test files first, quick ones first."""
        contexts = self.contexts(mutant)
        chosen = [
            node
            for node, test in self.tests.items()
            if node in contexts or any(f"fixture:{name}" in contexts for name in test["fixtures"])
        ]
        key = "sql" if mutant.path.endswith(".sql") else next((k for k in NEAREST if mutant.path.startswith(k)), "")
        near = [f"tests/{name}.py" for name in NEAREST.get(key, [])]

        def order(node: str) -> tuple[int, float]:
            file = node.partition("::")[0]
            return (near.index(file) if file in near else len(near), self.tests[node]["seconds"])

        return sorted(chosen, key=order)

    def seconds(self, tests: list[str]) -> float:
        return sum(self.tests[node]["seconds"] for node in tests)


def copy_project(into: Path) -> Path:
    """The project's files as a fresh clone has them (tracked or not ignored), without the environment."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    project = into / "project"
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (ROOT / name).is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")  # the deployment tests look for the project's interpreter
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)  # the security tests ask git what it ignores
    return project


def run_tests(project: Path, tests: list[str], timeout: float, test_map: Path | None = None) -> str:
    """'killed', 'survived' or 'timeout' (counted as killed: a hanging page is a failure a user sees); with
    `test_map`, the run also records which test runs which code into that file (tools/mutate_map.py)."""
    command = [sys.executable, "-m", "pytest", "-q", "-m", "not external", "-p", "no:cacheprovider", "-o", "addopts="]
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    if test_map is None:
        command.append("-x")
    else:
        command += ["-p", "tools.mutate_map"]
        env["MUTATE_MAP"] = str(test_map)
    try:
        done = subprocess.run([*command, *tests], cwd=project, capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode == 0:
        return "survived"
    # a failure, or an error while collecting: the mutant broke an import (with node ids given, pytest calls a
    # module it cannot import a usage error, 4)
    broke_import = done.returncode == 4 and b"ERROR collecting" in done.stdout
    if done.returncode in (1, 2, 3) or broke_import:
        if test_map is not None:
            print(done.stdout.decode()[-3000:], file=sys.stderr)
        return "killed"
    raise RuntimeError(f"pytest ended with {done.returncode}:\n{done.stdout.decode()[-2000:]}")


class Worker:
    """A tools.mutate_worker process in one project copy: pytest run again and again in one interpreter, for the
    mutants of .sql files (no Python changes, so nothing needs importing again; each run is a fresh session)."""

    ARGUMENTS = ("-q", "-x", "-m", "not external", "-p", "no:cacheprovider", "-o", "addopts=")

    def __init__(self, project: Path) -> None:
        from tools.mutate_worker import loaded_digest

        self.project = project
        self.process: subprocess.Popen | None = None
        self.clean = loaded_digest(project)  # of the unmutated load SQL, taken before any mutant is written

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def run(self, tests: list[str], timeout: float) -> str:
        """'killed', 'survived' or 'timeout', as run_tests."""
        if self.process is None or self.process.poll() is not None:
            env = os.environ | {
                "PYTHONDONTWRITEBYTECODE": "1",
                "MUTATE_WORKER_LOG": str(self.project.parent / "worker.log"),
                "MUTATE_WORKER_DIR": str(self.project.parent / "worker"),
                "MUTATE_CLEAN_DIGEST": self.clean,
            }
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tools.mutate_worker"],
                cwd=self.project,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps([*self.ARGUMENTS, *tests]) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.stop()
            return "timeout"
        answer = self.process.stdout.readline()
        if not answer:  # the process died (a crash in a library): this mutant again in a process of its own
            self.stop()
            return run_tests(self.project, tests, timeout)
        code = json.loads(answer)
        if code == 0:
            return "survived"
        if code in (1, 2, 3):
            return "killed"
        raise RuntimeError(f"pytest ended with {code}; see {self.project.parent / 'worker.log'}")


def equivalent() -> dict[str, str]:
    """tests/mutants_equivalent.txt: `path:line: what  # reason`, one per line."""
    if not EQUIVALENT.exists():
        return {}
    reasons = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition("  # ")
            reasons[name.strip()] = reason.strip()
    return reasons


def recorded_map(project: Path, keep: Path | None, tmp: Path) -> TestMap | None:
    """The test map kept in `keep`, or recorded afresh by running the tests (None when they fail)."""
    if keep and keep.exists():
        return TestMap.load(keep)
    recorded = keep.resolve() if keep else tmp / "test-map.json"
    print("the tests (all but external ones), recording which test runs which code ...", flush=True)
    if run_tests(project, ["tests"], timeout=7200, test_map=recorded) != "survived":
        return None
    return TestMap.load(recorded)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=[], help="files or folders (default: every target)")
    parser.add_argument(
        "--kind",
        choices=("operator", "semantic"),
        default="operator",
        help="operator mutants (symbols swapped) or semantic ones (tools/semantic.py); each has its own report",
    )
    parser.add_argument("--sample", type=int, default=0, help="run this many mutants drawn at random")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="write the result into docs/TESTING.md")
    parser.add_argument(
        "--report",
        action="store_true",
        help="run nothing: the result of the mutants the --outcomes file holds so far, and how many are still to run",
    )
    parser.add_argument(
        "--operator", nargs="*", default=[], help="only these semantic operators (as named before the colon)"
    )
    parser.add_argument("--map", type=Path, help="keep the test map in this file; an existing one is used as it is")
    parser.add_argument(
        "--tests",
        nargs="*",
        default=[],
        help="run every mutant against these test files instead of the tests that run its code (no map): a "
        "first pass that settles most mutants quickly; its survivors are run again without --tests",
    )
    parser.add_argument(
        "--outcomes",
        type=Path,
        help="keep each mutant's outcome in this file, updated as the run goes; a mutant killed in an earlier run "
        "with this file, or one that survived it and is listed as equivalent, is not run again (resume a run, or "
        "run the survivors again after adding tests)",
    )
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="run only the mutants the --outcomes file holds as survivors (after adding tests for them)",
    )
    parser.add_argument(
        "--no-check",
        action="store_true",
        help="semantic mutants by the table of test files: skip the run without a mutant that shows those files pass "
        "(only when they were just run clean on this code)",
    )
    args = parser.parse_args(argv)
    earlier = json.loads(args.outcomes.read_text(encoding="utf-8")) if args.outcomes and args.outcomes.exists() else {}

    from tools import semantic

    mutants = all_mutants(args.only, args.kind)
    if args.operator:  # semantic operators by name ("date bound", "swap columns", …)
        mutants = [m for m in mutants if m.what.split(":")[0] in args.operator]
    if args.survivors:  # only those the outcomes file holds as survivors (run again after adding tests)
        mutants = [m for m in mutants if earlier.get(m.name) in ("survived", "not run")]
    if args.kind == "semantic":  # the column swaps last: the other slips first when a run cannot finish
        mutants.sort(key=lambda m: m.what.startswith("swap columns"))
    total = len(mutants)
    if args.sample and args.sample < total:
        mutants = sorted(random.Random(args.seed).sample(mutants, args.sample), key=lambda m: (m.path, m.line))
    reasons = equivalent()
    if args.report:
        so_far = [(m, earlier[m.name]) for m in mutants if m.name in earlier]
        text = summary(so_far, total, args, pending=[m for m in mutants if m.name not in earlier])
        print(text)
        if args.write:
            write_report(text, args.kind)
        return 0

    def settled(mutant: Mutant) -> bool:  # killed before, or survived before and explained as equivalent
        outcome = earlier.get(mutant.name)
        return outcome in ("killed", "timeout") or (outcome == "survived" and mutant.name in reasons)

    done = [(m, earlier[m.name]) for m in mutants if settled(m)]
    mutants = [m for m in mutants if not settled(m)]
    print(f"{len(mutants) + len(done)} of {total} mutants, {len(done)} settled in an earlier run", flush=True)

    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        projects = [copy_project(Path(tmp) / str(j)) for j in range(args.jobs)]
        # without a mutant the tests must pass, or every mutant would count as killed
        workers = {project: Worker(project) for project in projects}
        by_table = args.kind == "semantic" and not args.tests and not args.map
        if by_table:  # the test files of tools/semantic.TESTS, by the mutated file's path
            test_map = None
            union = sorted({test for m in mutants for test in semantic.tests_for(m.path)})
            ready = args.no_check or not union or workers[projects[0]].run(union, TESTS_TIMEOUT) == "survived"
        elif args.tests:
            test_map = None
            ready = run_tests(projects[0], args.tests, timeout=TESTS_TIMEOUT) == "survived"
        else:
            test_map = recorded_map(projects[0], args.map, Path(tmp))
            ready = test_map is not None
        if not ready:
            print("the tests fail without any mutant: fix them first", file=sys.stderr)
            return 2
        free = list(projects)

        def one(mutant: Mutant) -> tuple[Mutant, str]:
            if test_map:
                tests = test_map.tests_for(mutant)
            else:
                tests = semantic.tests_for(mutant.path) if by_table else args.tests
            if not tests:
                return mutant, "not run"  # no test runs this code: a survivor by definition
            project = free.pop()
            target = project / mutant.path
            original = target.read_bytes()
            try:
                target.write_text(mutant.source, encoding="utf-8")
                timeout = 60 + 3 * test_map.seconds(tests) if test_map else TESTS_TIMEOUT
                if mutant.path.endswith(".sql"):  # no Python changed: run in the project's long-lived worker
                    return mutant, workers[project].run(tests, timeout)
                return mutant, run_tests(project, tests, timeout=timeout)
            finally:
                target.write_bytes(original)
                free.append(project)

        results: list[tuple[Mutant, str]] = list(done)
        with ThreadPoolExecutor(args.jobs) as pool:
            for n, (mutant, outcome) in enumerate(pool.map(one, mutants), 1):
                results.append((mutant, outcome))
                print(f"[{n}/{len(mutants)}] {outcome:8} {mutant.name}", flush=True)
                if args.outcomes:
                    earlier[mutant.name] = outcome
                    args.outcomes.write_text(json.dumps(earlier, indent=0), encoding="utf-8")
        for worker in workers.values():
            worker.stop()

    text = summary(results, total, args)
    print(text)
    if args.write:
        write_report(text, args.kind)
    return 0


def _area(mutant: Mutant) -> str:
    return mutant.path if mutant.path.endswith(".py") else "/".join(mutant.path.split("/")[:2]) + "/"


def summary(
    results: list[tuple[Mutant, str]], total: int, args: argparse.Namespace, pending: list[Mutant] | None = None
) -> str:
    reasons = equivalent()
    by_area: dict[str, list[int]] = {}
    survivors, explained = [], []
    for mutant in pending or []:
        by_area.setdefault(_area(mutant), [0, 0, 0, 0])[3] += 1
    for mutant, outcome in results:
        counts = by_area.setdefault(_area(mutant), [0, 0, 0, 0])  # killed, survived, equivalent, not run yet
        if outcome in ("survived", "not run") and mutant.name in reasons:
            counts[2] += 1
            explained.append(f"- `{mutant.name}`: {reasons[mutant.name]}")
        elif outcome in ("survived", "not run"):
            counts[1] += 1
            survivors.append(f"- `{mutant.name}`" + (" (no test runs this code)" if outcome == "not run" else ""))
        else:
            counts[0] += 1
    killed = sum(c[0] for c in by_area.values())
    counted = killed + sum(c[1] for c in by_area.values())
    if pending:
        drawn = (
            f"{len(results)} of {total} so far ({len(pending)} not run yet; the run is resumed with the same outcomes "
            "file)"
        )
    elif args.sample:
        drawn = f"a random sample of {len(results)} (seed {args.seed}) of {total}"
    else:
        drawn = f"all {total}"
    lines = [
        f"Mutants run: {drawn}, on {time.strftime('%Y-%m-%d')}. Score: **{killed} of {counted} killed "
        f"({killed / max(counted, 1):.1%})**, equivalent mutants left out.",
        "",
        "| Where | killed | survived | equivalent | score | not run yet |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for area, (k, s, e, p) in sorted(by_area.items()):
        score = f"{k / (k + s):.0%}" if k + s else "–"
        lines.append(f"| {area} | {k} | {s} | {e} | {score} | {p} |")
    lines += [
        "",
        "Survivors (a test is missing, or the mutant is equivalent and belongs in tests/mutants_equivalent.txt):",
        "",
        *(survivors or ["- none"]),
    ]
    if explained:
        lines += ["", "Equivalent (with the reason):", "", *explained]
    return "\n".join(lines)


def write_report(text: str, kind: str = "operator") -> None:
    start, end = (SEMANTIC_START, SEMANTIC_END) if kind == "semantic" else (START, END)
    report = REPORT.read_text(encoding="utf-8")
    head, _, rest = report.partition(start)
    _, _, tail = rest.partition(end)
    REPORT.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
