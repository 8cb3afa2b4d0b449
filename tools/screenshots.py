"""Screenshots of dashboard pages in headless Chromium (Debian's /usr/bin/chromium, driven by playwright).

Usage: python tools/screenshots.py (--url URL | --serve WAREHOUSE) OUT_DIR [PAGE ...] [--lang de|en]
PAGE is a page's URL path (overview, compare, uptake, impact, services, export, quality); default: every page.
With --serve, the dashboard is started on WAREHOUSE (as `make run` starts it) for the screenshots.
Waits until each page's script has finished and Plotly has drawn, then saves OUT_DIR/<page>[-en].png.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the project's packages

from tools.server import ARGS, CHROMIUM, page_path, serve, settle
from ui.shell import PAGES as SHELL_PAGES

PAGES = tuple(slug for *_, slug in SHELL_PAGES)


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
            page.goto(f"{url.rstrip('/')}/{page_path(name)}{query}")
            settle(page)
            target = out / f"{name}{'-en' if lang == 'en' else ''}.png"
            page.screenshot(path=str(target), full_page=True)
            trim_bottom(target)
            written.append(target)
        browser.close()
    return written


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
