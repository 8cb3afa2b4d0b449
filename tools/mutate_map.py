"""Which test runs which code: a pytest plugin for `make mutate` (`-p tools.mutate_map`, with MUTATE_MAP=<file>).

During one run of the tests (all but external ones) it records, per test, the lines of etl/ and ui/ that run
(coverage.py, one dynamic context per test and one per fixture, so a test also owns what its fixtures did, even when
a session fixture was set up for an earlier test) and the .sql files that are read, in this process and in the Python
processes the tests start (the command-line tests). A mutant then needs to run only the tests that run the
changed line or read the changed file: seconds instead of the whole suite. Streamlit's caches are emptied before
every test, so that a test that would read a cached result records the code that computes it.

The map is written to MUTATE_MAP as JSON:
    {"lines": {path: {line: [context, ...]}}, "reads": {context: [path, ...]},
     "tests": {node id: {"fixtures": [...], "seconds": s}}}
with paths relative to the project; a context is a test's node id or "fixture:<name>".
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import coverage
import pytest

ROOT = Path(__file__).resolve().parent.parent
STARTUP = """\
import os, pathlib
import coverage
_cov = coverage.process_startup() or coverage.Coverage.current()  # coverage's own .pth may have started it
if _cov is not None:
    _cov.switch_context(os.environ.get("MUTATE_CONTEXT", ""))
    _read_text = pathlib.Path.read_text
    def _recording(self, *args, **kwargs):
        if self.suffix == ".sql":
            with open(os.environ["MUTATE_READS"], "a", encoding="utf-8") as log:
                log.write(os.environ.get("MUTATE_CONTEXT", "") + "\\t" + str(self.resolve()) + "\\n")
        return _read_text(self, *args, **kwargs)
    pathlib.Path.read_text = _recording
"""


class Recorder:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.work = Path(tempfile.mkdtemp(prefix="mutate-map-"))
        self.rc = self.work / "coveragerc"
        sources = f"\n    {ROOT / 'etl'}\n    {ROOT / 'ui'}"
        self.rc.write_text(f"[run]\nparallel = True\ndata_file = {self.work / 'coverage'}\nsource ={sources}\n")
        (self.work / "startup").mkdir()
        (self.work / "startup" / "sitecustomize.py").write_text(STARTUP, encoding="utf-8")
        self.reads_log = self.work / "reads.tsv"
        self.reads_log.touch()
        os.environ["COVERAGE_PROCESS_START"] = str(self.rc)
        os.environ["MUTATE_READS"] = str(self.reads_log)
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(self.work / "startup"), str(ROOT), os.environ.get("PYTHONPATH")])
        )
        self.context = ""
        self.tests: dict[str, dict] = {}
        self.coverage = coverage.Coverage(config_file=str(self.rc))
        self.coverage.start()
        original = pathlib.Path.read_text
        recorder = self

        def recording(path: pathlib.Path, *args, **kwargs):
            if path.suffix == ".sql":
                with recorder.reads_log.open("a", encoding="utf-8") as log:
                    log.write(f"{recorder.context}\t{path.resolve()}\n")
            return original(path, *args, **kwargs)

        pathlib.Path.read_text = recording  # type: ignore[method-assign,assignment]

    def switch(self, context: str) -> None:
        self.context = context
        os.environ["MUTATE_CONTEXT"] = context
        self.coverage.switch_context(context)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        previous = self.context
        self.switch(f"fixture:{fixturedef.argname}")
        yield
        self.switch(previous)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
        self.tests[item.nodeid] = {"fixtures": sorted(item.fixturenames), "seconds": 0.0}
        self.switch(item.nodeid)
        yield
        self.switch("")

    def pytest_runtest_logreport(self, report) -> None:
        if report.nodeid in self.tests:
            self.tests[report.nodeid]["seconds"] += report.duration

    def write(self) -> None:
        self.coverage.stop()
        self.coverage.save()
        combined = coverage.Coverage(config_file=str(self.rc))
        combined.combine()
        data = combined.get_data()
        lines: dict[str, dict[int, list[str]]] = {}
        for measured in data.measured_files():
            path = Path(measured)
            if path.is_relative_to(ROOT):
                by_line = data.contexts_by_lineno(measured)
                lines[path.relative_to(ROOT).as_posix()] = {n: sorted(c) for n, c in by_line.items()}
        reads: dict[str, set[str]] = defaultdict(set)
        for row in self.reads_log.read_text(encoding="utf-8").splitlines():
            context, _, file = row.partition("\t")
            if Path(file).is_relative_to(ROOT):
                reads[context].add(Path(file).relative_to(ROOT).as_posix())
        self.out.write_text(
            json.dumps({"lines": lines, "reads": {c: sorted(f) for c, f in reads.items()}, "tests": self.tests}),
            encoding="utf-8",
        )


def pytest_configure(config: pytest.Config) -> None:
    out = os.environ.get("MUTATE_MAP")
    if not out:
        print("tools.mutate_map: set MUTATE_MAP=<file> to record the map", file=sys.stderr)
        return
    config.pluginmanager.register(Recorder(Path(out)), "mutate-map-recorder")


def pytest_unconfigure(config: pytest.Config) -> None:
    recorder = config.pluginmanager.get_plugin("mutate-map-recorder")
    if recorder is not None:
        recorder.write()
