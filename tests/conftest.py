"""Fixtures the tests share: a fresh warehouse path per test, and the headless Chromium of the browser tests
(helpers.py has the plain helper functions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.server import ARGS, CHROMIUM


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by playwright, for the tests of one module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
