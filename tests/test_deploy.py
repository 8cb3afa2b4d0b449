"""The deployment files (deploy/) as the city's IT would run them: the systemd unit passes `systemd-analyze
verify`, the nginx site passes `nginx -t`, and the dashboard behind that very nginx site (test ports, a
self-signed certificate) answers in Chromium over HTTPS with its WebSocket through the proxy; plain HTTP is sent
to HTTPS and Streamlit's metrics endpoint is closed."""

from __future__ import annotations

import http.client
import shutil
import ssl
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from campaign import write_clean
from helpers import ROOT, load, needs_chromium, needs_nginx, tiles

from tools.server import free_port, serve, settle, wait_until_answers

SITE = ROOT / "deploy" / "nginx" / "hamburg-dashboard.conf"
UNITS = [
    ROOT / "deploy" / "systemd" / name
    for name in ("hamburg-dashboard.service", "hamburg-inbox.service", "hamburg-inbox.timer")
]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_the_units_pass_systemd_analyze(tmp_path):
    # the units as installed in this checkout's place (the executables must exist for verify)
    units = [tmp_path / unit.name for unit in UNITS]
    for unit, installed in zip(UNITS, units, strict=True):
        installed.write_text(unit.read_text().replace("/srv/hamburg-dashboard", str(ROOT)))
    result = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True)
    problems = [line for line in result.stderr.splitlines() if any(unit.name in line for unit in UNITS)]
    assert result.returncode == 0 and not problems, result.stderr


def site_for_test(folder: Path, http: int, https: int, dashboard: int) -> Path:
    """deploy/nginx's site with this test's ports and certificate, inside a minimal nginx.conf of its own."""
    certificate = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
    certificate += ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")]
    subprocess.run(certificate, check=True, capture_output=True)
    site = SITE.read_text()
    for production, test in (
        ("listen [::]:80;", ""),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
        ("server 127.0.0.1:8501;", f"server 127.0.0.1:{dashboard};"),
        ("/etc/ssl/certs/hamburg-dashboard.pem", str(folder / "cert.pem")),
        ("/etc/ssl/private/hamburg-dashboard.key", str(folder / "key.pem")),
    ):
        assert production in site, production
        site = site.replace(production, test)
    (folder / "site.conf").write_text(site)
    temp = " ".join(
        f"{name}_temp_path {folder / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = folder / "nginx.conf"
    main.write_text(
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{ access_log {folder / 'access.log'}; {temp} include {folder / 'site.conf'}; }}\n"
    )
    return main


@needs_nginx
@needs_chromium
@pytest.mark.slow
def test_the_dashboard_behind_the_nginx_site_answers_over_https_with_websockets(tmp_path, browser):
    db = tmp_path / "warehouse.duckdb"
    assert load(db, write_clean(tmp_path / "in"))[0] == 0
    plain_port, https, dashboard = free_port(), free_port(), free_port()
    config = site_for_test(tmp_path, plain_port, https, dashboard)
    nginx = ["nginx", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)]
    checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with serve(db, port=dashboard):
        proxy = subprocess.Popen([*nginx, "-g", "daemon off;"], stderr=subprocess.PIPE)
        try:
            insecure = ssl.create_default_context()
            insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
            wait_until_answers(f"http://127.0.0.1:{dashboard}/_stcore/health", proxy, "the dashboard")
            url = f"https://localhost:{https}"
            health = urllib.request.urlopen(f"{url}/_stcore/health", context=insecure, timeout=10)
            assert health.status == 200
            with pytest.raises(urllib.error.HTTPError) as closed:
                urllib.request.urlopen(f"{url}/_stcore/metrics", context=insecure, timeout=10)
            assert closed.value.code == 404
            for path, lang in (("/", "de"), ("/compare?lang=en", "en")):  # issue 28 item 13, through the proxy
                asked = urllib.request.Request(f"{url}{path}", headers={"Accept-Encoding": "identity"})
                first = urllib.request.urlopen(asked, context=insecure, timeout=10).read().decode()
                assert f'<html lang="{lang}">' in first, path
            plain = http.client.HTTPConnection("localhost", plain_port, timeout=10)
            plain.request("GET", "/compare")
            answer = plain.getresponse()
            assert answer.status == 301 and answer.getheader("Location") == "https://localhost/compare"

            context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 1600})
            page = context.new_page()
            for path in ("", "compare"):  # the pages draw only over the WebSocket (/_stcore/stream) through nginx
                page.goto(f"{url}/{path}")
                settle(page)
                assert page.locator('[data-testid="stException"]').count() == 0
            page.goto(url)
            settle(page)
            assert tiles(page)["Beratungen"] == "7"
            context.close()
            access_log = (tmp_path / "access.log").read_text()
            assert '"GET /_stcore/stream HTTP/1.1" 101' in access_log  # the WebSocket upgrade went through
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
