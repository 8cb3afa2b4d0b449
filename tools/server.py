"""The dashboard as a real server for tests, benchmarks and screenshots, and the headless Chromium that reads
it: start it as `make run` does (serve), wait until it answers, and wait until a page has finished drawing
(settle). Nothing here imports playwright: a page object is handed in."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent


def settle(page, timeout: float = 60) -> None:
    """Wait until the app reports that its script is not running and no skeleton is left."""
    end = time.time() + timeout
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    while time.time() < end:
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
        if state == "notRunning" and page.locator('[data-testid="stSkeleton"]').count() == 0:
            page.wait_for_timeout(800)
            return
        page.wait_for_timeout(150)
    raise TimeoutError(f"{page.url}: the script did not finish")


def wait_until_answers(url: str, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    """Wait until `url` answers; fail when `process` (which serves it) has ended or a minute has passed."""
    for _ in range(int(seconds * 10)):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {seconds:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(warehouse: Path, *options: str, port: int | None = None):
    """The dashboard on `warehouse`, started as `make run` starts it (plus Streamlit `options`), on `port` or a
    free port of localhost, for as long as the block runs."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "localhost",
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, "DASHBOARD_DB": str(warehouse.resolve())},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        wait_until_answers(f"{url}/_stcore/health", process, "the dashboard")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # still busy answering: stop it
            process.kill()
            process.wait()
