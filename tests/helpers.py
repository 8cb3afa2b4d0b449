"""Helpers the tests share (plain functions; the fixtures are in conftest.py): run the command line in-process
or as a real process, read the tiles of a page in the browser, and the mark for tests that need Chromium."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import duckdb
import pytest

from etl import warehouse
from etl.cli import main
from tools.server import CHROMIUM, page_path, settle

ROOT = Path(__file__).resolve().parent.parent


def load(db: Path, *paths, args=()) -> tuple[int, dict]:
    """Run `python -m etl load --json` in-process; the exit status and the parsed report."""
    out = StringIO()
    with redirect_stdout(out):
        status = main(["load", "--db", str(db), "--json", *args, *map(str, paths)])
    return status, json.loads(out.getvalue())


def page_query(db: Path, name: str, **params):
    """A page's query (ui/sql/<name>.sql) as the dashboard runs it, as a polars frame."""
    con = warehouse.connect(db, read_only=True)
    try:
        return warehouse.query_file(con, ROOT / "ui" / "sql" / f"{name}.sql", params)
    finally:
        con.close()


def kpis(db: Path, *args) -> dict:
    """`python -m etl kpis` in-process, parsed."""
    out = StringIO()
    with redirect_stdout(out):
        assert main(["kpis", "--db", str(db), *args]) == 0
    return json.loads(out.getvalue())


def copy_of(warehouse: Path, folder: Path) -> Path:
    """A copy of a warehouse built once per test run (conftest: campaign_warehouse, demo_warehouse) in `folder`,
    for a test or module of its own to read or write."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(warehouse, folder / "warehouse.duckdb"))


EXTRA_VISIT = "visit_id,stop_id,visited_at,topic,outcome\nV8,S2,2025-05-23T10:00:00,eid_activation,eid_activated\n"


def load_one_visit_more(db: Path, path: Path, visit_id: str = "V8") -> Path:
    """Write the file `path` with one visit more (EXTRA_VISIT under `visit_id`) and load it into `db`: a second load,
    so the state before it is kept as a version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXTRA_VISIT.replace("V8", visit_id))
    assert load(db, path)[0] == 0
    return db


def visits(db: Path) -> int:
    """The number of visit rows in a warehouse, read without holding it open."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("select count(*) from raw_visits").fetchall()[0][0]
    finally:
        con.close()


def run_etl(*args, env=None) -> subprocess.CompletedProcess:
    """`python -m etl ...` as a real process, from the project root."""
    return subprocess.run(
        [sys.executable, "-m", "etl", *map(str, args)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300
    )


def run_cli(*args, env=None) -> subprocess.CompletedProcess:
    """`python -m cli ...` (the top-level command line: the data commands and the briefing) as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300
    )


def tiles(page) -> dict[str, str]:
    """The KPI tiles of a page in the browser: label -> value as shown."""
    labels = page.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return dict(zip([label.strip() for label in labels], [v.strip() for v in values], strict=True))


def switch_to(page, slug: str) -> None:
    """Go to another page of the dashboard by its link in the sidebar, as a reader does (the app stays loaded: about
    half the time of loading the page anew), and wait until it has settled."""
    from ui import shell  # Streamlit's import only for the browser tests

    number = [entry[-1] for entry in shell.PAGES].index(slug)
    page.locator('[data-testid="stSidebarNavLink"]').nth(number).click()
    page.wait_for_function("(path) => location.pathname.endsWith('/' + path)", arg=page_path(slug))
    settle(page)


def every_page_in_turn(page, base: str, query: str = ""):
    """Open every page of the dashboard in the sidebar's order: the first by its address (base + query, e.g.
    "?lang=en"), each next one by its link (switch_to). Yields each page's slug once it has settled; the page's
    language stays the first page's (asserted)."""
    from ui import shell

    language = None
    for number, (*_, slug) in enumerate(shell.PAGES):
        if number == 0:
            page.goto(f"{base}/{page_path(slug)}{query}")
            settle(page)
        else:
            switch_to(page, slug)
        shown = page.evaluate("document.documentElement.lang")
        language = language or shown
        assert shown == language, (slug, shown, language)
        yield slug


needs_chromium = pytest.mark.skipif(
    not shutil.which(CHROMIUM), reason="needs Debian's chromium (make test installs it)"
)

needs_calc = pytest.mark.skipif(
    not shutil.which("soffice"), reason="needs Debian's LibreOffice Calc (make test installs it)"
)

needs_nginx = pytest.mark.skipif(not shutil.which("nginx"), reason="needs Debian's nginx (make test installs it)")

# A test carrying one of these needs a program beside Python: tests/conftest.py marks it `external`, which the
# mutation runs leave out (they run every other test, slow ones included).
NEEDS_A_PROGRAM = (needs_chromium.mark, needs_calc.mark, needs_nginx.mark)


def open_in_calc(path: Path, out: Path, options: str = "") -> list[list[tuple[str, str]]]:
    """Open a file as LibreOffice Calc does (headless) and return its first sheet's cells as (type, text) per row:
    type "float", "string", "date", … as Calc stored it. `options`: Calc's CSV import filter options."""
    command = ["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile"]
    if options:
        command.append(f"--infilter=CSV:{options}")
    subprocess.run([*command, "--convert-to", "ods", "--outdir", str(out), str(path)], check=True, capture_output=True)
    return [[(kind, text) for kind, _, text in row] for row in ods_cells(out / f"{path.stem}.ods")]


def ods_cells(path: Path) -> list[list[tuple[str, str, str]]]:
    """The first sheet of a file Calc wrote (.ods): per row, (value type, stored value (a date's day, a number),
    shown text) per cell."""
    import html
    import re
    import zipfile

    content = zipfile.ZipFile(path).read("content.xml").decode()
    sheet = re.search(r"<table:table .*?</table:table>", content, re.DOTALL).group(0)
    rows = []
    for row in re.findall(r"<table:table-row.*?</table:table-row>", sheet, re.DOTALL):
        cells = []
        for attributes, body in re.findall(
            r"<table:table-cell([^>]*?)(?:/>|>(.*?)</table:table-cell>)", row, re.DOTALL
        ):
            repeat = re.search(r'table:number-columns-repeated="(\d+)"', attributes)
            kind = re.search(r'office:value-type="(\w+)"', attributes)
            value = re.search(r'office:(?:date-)?value="([^"]*)"', attributes)
            text = html.unescape(re.sub("<[^>]+>", "", body or ""))  # the shown text, not its XML ("&amp;")
            cell = (kind.group(1) if kind else "", value.group(1) if value else "", text)
            cells += [cell] * min(int(repeat.group(1)) if repeat else 1, 64)
        rows.append(cells)
    return rows


def stop_playwright_drivers() -> int:
    """Kill the playwright drivers (node) this test process started: every call waiting on one then fails at once
    with "connection closed", with the test's traceback at the line that waited."""
    me, stopped = str(os.getpid()), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()[1]
            program = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue  # a process that ended meanwhile
        if parent == me and b"playwright/driver" in program:
            os.kill(int(stat.parent.name), signal.SIGKILL)
            stopped += 1
    return stopped
