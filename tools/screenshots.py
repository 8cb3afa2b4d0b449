"""Screenshots of dashboard pages in headless Chromium (Debian's /usr/bin/chromium, driven by playwright).

Usage: python tools/screenshots.py URL OUT_DIR [PAGE ...] [--lang de|en] [--width 1440] [--height 2400]
PAGE is a page's URL path (overview, compare, uptake, services, export, quality); default: all six.
Waits until each page's script has finished and Plotly has drawn, then saves OUT_DIR/<page>[-en].png.
"""

from __future__ import annotations

import argparse
import sys
import time
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
            written.append(target)
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", nargs="*", default=list(PAGES))
    parser.add_argument("--lang", choices=["de", "en"], default="de")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=2400, help="the window height (Streamlit scrolls inside it)")
    args = parser.parse_args()
    for path in shoot(args.url, args.out, args.pages, args.lang, args.width, args.height):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
