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


# Installed into every page of a watched browser context (watch) before the app's own scripts: it counts, in the
# order they happen, the runs the page asks for (a BackMsg whose field is rerun_script, 11), the runs the server
# starts (a ForwardMsg session_status_changed, 9, with script_is_running, 2) and the runs that end
# (script_finished, 6, except FINISHED_EARLY_FOR_RERUN, 2: a chain goes on), and when the page last changed (the DOM
# or the WebSocket's traffic).
WATCH = """(() => {
  if (window.__settle) return;
  const s = (window.__settle = {seq: 0, asked: 0, started: 0, finished: 0, changed: performance.now()});
  const changed = () => { s.changed = performance.now(); };
  const bytes = (d) =>
    d instanceof ArrayBuffer ? new Uint8Array(d)
    : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : null;
  const fields = (b, from, to) => {  // the top-level fields of a protobuf message: [number, varint or [from, to]]
    const out = [];
    let i = from;
    const varint = () => {
      let x = 0, f = 1, c;
      do { c = b[i++]; x += (c & 0x7f) * f; f *= 128; } while (c & 0x80);
      return x;
    };
    while (i < to) {
      const tag = varint(), type = tag % 8;
      if (type === 0) out.push([Math.floor(tag / 8), varint()]);
      else if (type === 2) { const n = varint(); out.push([Math.floor(tag / 8), [i, i + n]]); i += n; }
      else if (type === 1) i += 8;
      else if (type === 5) i += 4;
      else break;
    }
    return out;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const b = bytes(data);
    if (b && fields(b, 0, b.length).some(([n]) => n === 11)) s.asked = ++s.seq;
    changed();
    return send.call(this, data);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        changed();
        const b = bytes(event.data);
        if (!b) return;
        for (const [n, v] of fields(b, 0, b.length)) {
          if (n === 6 && v !== 2) s.finished = ++s.seq;
          if (n === 9 && fields(b, v[0], v[1]).some(([m, x]) => m === 2 && x === 1)) s.started = ++s.seq;
        }
      });
    }
  };
  new MutationObserver((records) => {
    if (records.some((r) => !(r.attributeName || "").startsWith("data-kb"))) changed();
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
})()"""

# What settle waits for on a watched page: each condition that does not hold yet, by name (none: settled).
UNSETTLED = """(quiet) => {
  const s = window.__settle, app = document.querySelector('[data-testid="stApp"]'), open = [];
  if (!app) return ["the app's frame"];
  if (!(s.finished > s.asked)) open.push("the end of the run the page asked for");
  if (!(s.finished > s.started)) open.push("the end of the run the server started");
  if (app.getAttribute("data-test-script-state") !== "notRunning") open.push("the script state notRunning");
  if (document.querySelector('[data-testid="stSkeleton"]')) open.push("no skeleton");
  if (document.querySelector('[data-stale="true"]')) open.push("no element left over from the run before");
  const undrawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter((c) => c.offsetParent !== null && !c.querySelector(".main-svg"));
  if (undrawn.length) open.push(`${undrawn.length} chart(s) drawn`);
  const moving = document.getAnimations()
    .filter((a) => a.playState === "running" && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  if (moving.length) open.push(`${moving.length} animation(s) ended`);
  if (performance.now() - s.changed < quiet) open.push(`the page unchanged for ${quiet} ms`);
  return open;
}"""

QUIET_MS = 200


def watch(context_or_page) -> None:
    """Make every page a playwright browser context opens (or one page) tell settle when the app's runs end, from
    the next page loaded on."""
    context_or_page.add_init_script(WATCH)


def settle(page, timeout: float = 60) -> None:
    """Wait until the app has drawn everything: on a watched page (watch), until every run it asked for or the
    server started has ended, the script state is notRunning, no skeleton, left-over element, undrawn chart or
    animation is left and the page has not changed for QUIET_MS; on another page, until the script state is
    notRunning and no skeleton is left, plus 800 ms. A timeout names what was still missing."""
    end = time.time() + timeout
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout * 1000)
    if page.evaluate("!!window.__settle"):
        missing: list[str] = []
        while time.time() < end:
            try:
                page.wait_for_function(
                    f"() => ({UNSETTLED})({QUIET_MS}).length === 0",
                    polling=50,
                    timeout=max(1.0, min(5.0, end - time.time())) * 1000,
                )
                return
            except Exception as error:  # playwright's TimeoutError, or a navigation destroyed the context
                if "Timeout" not in type(error).__name__ and "context was destroyed" not in str(error):
                    raise
            try:
                missing = page.evaluate(f"({UNSETTLED})({QUIET_MS})")
            except Exception as error:
                if "context was destroyed" not in str(error):
                    raise
        raise TimeoutError(f"{page.url}: the page did not settle within {timeout:.0f} s; waited for {missing}")
    while time.time() < end:
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
        if state == "notRunning" and page.locator('[data-testid="stSkeleton"]').count() == 0:
            page.wait_for_timeout(800)
            return
        page.wait_for_timeout(150)
    raise TimeoutError(f"{page.url}: the script did not finish")


def page_path(slug: str) -> str:
    """A page's path in the dashboard's address: the overview, the default page (ui/shell.py), is the root."""
    return "" if slug == "overview" else slug


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
