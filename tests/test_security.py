"""Hardening: XSRF protection on (and refusing a request without the token on a real server), a Streamlit with
the known security fixes, no secret in the repository, the real secrets file ignored by git."""

from __future__ import annotations

import re
import subprocess
import tomllib
import urllib.error
import urllib.request

import pytest
from helpers import ROOT, copy_of, needs_chromium

from tools.server import serve

SECRETS = {
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "an AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "a GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    "a Slack token": re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}"),
    "a Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "a password or secret in the clear": re.compile(
        r"""(?i)\b(client_secret|cookie_secret|password|passwd|api_key|secret_key|token)\b\s*[=:]\s*["']([^"'\s]{8,})["']"""
    ),
}
# placeholders in the example file, and values a test makes at run time ({secrets.token_hex(16)} in an f-string)
PLACEHOLDER = re.compile(r"^(<.*>|\{.*\}|.*(change|example|replace|your-|xxxx).*)$", re.IGNORECASE)


def tracked_files() -> list:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:  # not a git checkout (an unpacked archive): every file but the virtual env
        return [p for p in ROOT.rglob("*") if p.is_file() and ".venv" not in p.parts and ".git" not in p.parts]
    return [ROOT / name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


def test_no_secret_in_the_repository():
    found = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # images, workbooks
        for what, pattern in SECRETS.items():
            for match in pattern.finditer(text):
                value = match.group(match.lastindex) if match.lastindex else match.group(0)
                if match.lastindex and PLACEHOLDER.match(value):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not found, found


def test_the_scan_finds_what_it_looks_for():
    # the patterns, checked on made-up values (split, so that this file does not hold one)
    samples = ["AKIA" + "ABCDEFGHIJKLMNOP", "gh" + "p_" + "a" * 36, 'client_secret = "' + "s3cr3t-value-123" + '"']
    assert all(any(p.search(s) for p in SECRETS.values()) for s in samples)
    assert PLACEHOLDER.match("<the client secret from the identity provider>")
    assert not PLACEHOLDER.match("s3cr3t-value-123")


def test_the_real_secrets_file_is_not_tracked():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=ROOT)
    assert ignored.returncode == 0
    assert (ROOT / ".streamlit" / "secrets.toml.example").exists()


def test_xsrf_protection_is_on():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True


@pytest.fixture(scope="module")
def server(tmp_path_factory, campaign_warehouse):
    """The dashboard on a copy of the hand-made campaign, for the tests of this module (they only read)."""
    with serve(copy_of(campaign_warehouse, tmp_path_factory.mktemp("security"))) as url:
        yield url


@pytest.mark.slow
def test_a_request_without_the_xsrf_token_is_refused(server):
    request = urllib.request.Request(f"{server}/_stcore/upload_file/session/file", data=b"x", method="PUT")
    try:
        urllib.request.urlopen(request, timeout=10)
        status, body = 200, b""
    except urllib.error.HTTPError as exc:
        status, body = exc.code, exc.read()
    assert status == 403
    assert b"XSRF" in body


@pytest.mark.slow
@needs_chromium
def test_without_sign_in_a_page_opened_under_another_host_name_shows_no_data(server):
    # DNS rebinding: a website the local user visits makes the browser resolve its own name (evil.example) to
    # 127.0.0.1 and reads the dashboard as same-origin. The browser then sends "Host: evil.example:<port>".
    from playwright.sync_api import sync_playwright

    from tools.server import ARGS, CHROMIUM, settle

    with sync_playwright() as p:
        port = server.rsplit(":", 1)[1]
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=[*ARGS, "--host-resolver-rules=MAP evil.example 127.0.0.1"]
        )
        page = browser.new_page()
        for path in ["", "export", "compare?lang=English"]:
            page.goto(f"http://evil.example:{port}/{path}")
            settle(page)
            assert page.locator('[data-testid="stAlert"]').count() == 1, path
            assert "evil.example" in page.locator('[data-testid="stAlert"]').inner_text()
            assert page.locator('[data-testid="stMetric"]').count() == 0, path
            assert page.locator('[data-testid="stDownloadButton"]').count() == 0, path
            assert page.locator('[data-testid="stDataFrame"]').count() == 0, path
        page.goto(f"http://127.0.0.1:{port}/")  # the same server under its own name shows the data
        settle(page)
        assert page.locator('[data-testid="stMetric"]').count() == 6
        browser.close()


def test_local_host_names():
    from ui.access import is_local_host

    assert all(is_local_host(h) for h in ["localhost:8501", "127.0.0.1:8501", "[::1]:8501", "LOCALHOST", "127.0.0.1"])
    assert not any(
        is_local_host(h)
        for h in [None, "", "evil.example:8501", "localhost.evil.example", "127.0.0.1.nip.io:8501", "[::2]:8501"]
    )
