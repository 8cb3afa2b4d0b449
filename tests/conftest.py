"""Fixtures the tests share: a fresh warehouse path per test; the hand-made campaign's and the demo's warehouses,
each built once per test process and copied by the tests that use them; and the headless Chromium of the browser
tests (helpers.py has the plain helper functions)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

# The shared test modules' asserts get pytest's messages and are counted by `make count-assertions`, as the test
# files' own (an assert moved from a test file into a helper must not drop out of the count).
pytest.register_assert_rewrite("helpers", "campaign", "boundary_campaign", "attacker")

from helpers import stop_playwright_drivers  # noqa: E402

from tools.server import ARGS, CHROMIUM, watch  # noqa: E402


def pytest_collection_modifyitems(items) -> None:
    """A test that needs Chromium, LibreOffice or nginx (helpers.needs_chromium, needs_calc, needs_nginx) is also
    marked `external`: the mutation runs (tools/mutate.py) run every test but those.

    The test files run longest first (the seconds of tests/durations.json; a file not in it first of all, as it
    may be long): `make test` hands whole files to its workers in this order, so that the last ones handed out are
    short and neither worker waits long for the other at the end. Within a file the order stays as written."""
    from helpers import NEEDS_A_PROGRAM

    for item in items:
        if any(mark in NEEDS_A_PROGRAM for mark in item.iter_markers("skipif")):
            item.add_marker(pytest.mark.external)
    seconds = json.loads((Path(__file__).parent / "durations.json").read_text(encoding="utf-8"))
    items.sort(key=lambda item: -seconds.get(item.path.name, float("inf")))


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(folder, db)` run once per test run: the first xdist worker that asks builds the warehouse into the run's
    shared temporary folder under a lock, the others wait for it and take the same file (each test copies it
    before writing). Without xdist the run is one process and builds it once as well."""
    import fcntl

    run = tmp_path_factory.getbasetemp()  # a worker's is a folder inside the run's (xdist's --basetemp)
    folder = (run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run) / name
    folder.mkdir(exist_ok=True)
    db = folder / "warehouse.duckdb"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".built").exists():
            build(folder, db)
            (folder / ".built").touch()
    return db


@pytest.fixture(scope="session")
def campaign_warehouse(tmp_path_factory) -> Path:
    """The hand-made campaign (tests/campaign.py, clean CSV) loaded once per test run. Never write to it:
    take `copy_of(campaign_warehouse, folder)`."""

    def build(folder: Path, db: Path) -> None:
        from campaign import write_clean
        from helpers import load

        status, report = load(db, write_clean(folder / "in"))
        assert status == 0, report

    return built_once(tmp_path_factory, "campaign_once", build)


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    """The demo warehouse (what `python -m etl demo` builds, built in-process) once per test run. Never write
    to it: take a copy."""

    def build(folder: Path, db: Path) -> None:
        from etl import demo

        demo.build_demo(db)

    return built_once(tmp_path_factory, "demo_once", build)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


class WatchedBrowser:
    """A playwright browser whose new contexts and pages tell `tools.server.settle` when the app's runs end, so that
    settle waits for that instead of a fixed time, and prefer reduced motion (a user's setting: the same content
    without animations; Chromium drew a quarter less and the pages settled a quarter sooner). Everything else is the
    browser's own; a test may pass reduced_motion="no-preference"."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**{"reduced_motion": "reduce", **options})
        watch(context)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**{"reduced_motion": "reduce", **options})
        watch(page)
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


# A browser test that waits longer than this on one call has stood still, not slowed down: the longest browser test
# takes about 100 s on a busy machine. Playwright's evaluate and keyboard have no time limit of their own, and a
# fresh run of 2026-12-07 stood still for 17 minutes in the Tab walk, idle, until the worker was killed by hand.
STANDS_STILL = 600


@pytest.fixture(autouse=True)
def no_test_stands_still_in_the_browser():
    """A test still running after STANDS_STILL seconds has its playwright driver stopped, so that it fails where
    it waited and the run goes on, instead of holding `make test` until CI's limit."""
    stopped = []
    timer = threading.Timer(STANDS_STILL, lambda: stopped.append(stop_playwright_drivers()))
    timer.daemon = True
    timer.start()
    yield
    timer.cancel()
    if stopped and stopped[0]:
        pytest.fail(f"the test waited on the browser for more than {STANDS_STILL} s; its playwright driver was stopped")


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by playwright, for the tests of one module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield WatchedBrowser(chromium)
        chromium.close()
