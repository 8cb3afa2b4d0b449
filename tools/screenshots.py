"""Screenshots of dashboard pages in headless Chromium (Debian's /usr/bin/chromium, driven by playwright).

Usage: python tools/screenshots.py (--url URL | --serve WAREHOUSE) OUT_DIR [PAGE ...] [--lang de|en]
PAGE is a page's URL path (overview, compare, uptake, services, export, quality); default: all six.
With --serve, the dashboard is started on WAREHOUSE (as `make run` starts it) for the screenshots.
Waits until each page's script has finished and Plotly has drawn, then saves OUT_DIR/<page>[-en].png.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = ("overview", "compare", "uptake", "services", "export", "quality")
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


def trim_bottom(path: Path, margin: int = 40) -> None:
    """Cut the empty space below the page's last content (the window is taller than most pages)."""
    from PIL import Image, ImageChops

    image = Image.open(path).convert("RGB")
    main = image.crop((image.width // 4, 0, image.width, image.height))  # right of the sidebar
    box = ImageChops.difference(main, Image.new("RGB", main.size, (255, 255, 255))).getbbox()
    if box:
        image.crop((0, 0, image.width, min(image.height, box[3] + margin))).save(path)


def shoot(url: str, out: Path, pages: list[str], lang: str, width: int, height: int) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for name in pages:
            query = "?lang=English" if lang == "en" else ""
            page.goto(f"{url.rstrip('/')}/{'' if name == 'overview' else name}{query}")
            settle(page)
            target = out / f"{name}{'-en' if lang == 'en' else ''}.png"
            page.screenshot(path=str(target), full_page=True)
            trim_bottom(target)
            written.append(target)
        browser.close()
    return written


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
    root = Path(__file__).resolve().parent.parent
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
        cwd=root,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="the running dashboard (e.g. http://localhost:8501)")
    parser.add_argument("--serve", type=Path, metavar="WAREHOUSE", help="start the dashboard on this warehouse")
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--lang", choices=["de", "en"], default="de")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=2400, help="the window height (Streamlit scrolls inside it)")
    args = parser.parse_args()
    if args.serve is None and args.url is None:
        parser.error("give --url of a running dashboard, or --serve WAREHOUSE")
    with serve(args.serve) if args.serve else contextlib.nullcontext(args.url) as url:
        for path in shoot(url, args.out, args.pages, args.lang, args.width, args.height):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
