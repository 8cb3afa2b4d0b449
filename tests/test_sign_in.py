"""Sign-in with OpenID Connect against a real provider process (oidc-provider-mock), and what each role sees.

The provider is started by the test; the dashboard as `make run` starts it, with a secrets file (generated
here, random secrets) naming the provider and the allowlist. A browser signs in through the provider's form.
"""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest
from campaign import write_clean
from helpers import load, needs_chromium

from tools.server import free_port, serve, settle, wait_until_answers

pytestmark = [needs_chromium, pytest.mark.slow]

SENATE, ANALYST, ALTONA, OUTSIDER = "senat@sk.test", "analyse@stat.test", "bezirk@altona.test", "jemand@else.test"


@pytest.fixture(scope="module")
def provider():
    """A real OpenID Connect provider process on localhost."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://localhost:{port}"
    try:
        wait_until_answers(f"{url}/.well-known/openid-configuration", process, "the OpenID Connect provider")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, provider):
    folder = tmp_path_factory.mktemp("signin")
    db = folder / "warehouse.duckdb"
    assert load(db, write_clean(folder / "in"))[0] == 0
    port = free_port()
    settings = folder / "secrets.toml"
    settings.write_text(
        f"""
[auth]
server_metadata_url = "{provider}/.well-known/openid-configuration"
client_id = "dashboard"
client_secret = "{secrets.token_hex(16)}"
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"

[roles]
senate = ["{SENATE}"]
analyst = ["{ANALYST}"]

[roles.district]
"{ALTONA}" = "Altona"
"""
    )
    with serve(db, "--secrets.files", str(settings), port=port) as url:
        yield url


def signed_in(browser, dashboard: str, email: str):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True).new_page()
    page.goto(dashboard)
    settle(page)
    page.get_by_role("button", name="Anmelden").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{dashboard}/**")
    settle(page)
    return page


def metrics(page) -> int:
    return page.locator('[data-testid="stMetric"]').count()


def test_before_sign_in_nothing_is_shown(browser, dashboard):
    page = browser.new_context().new_page()
    for path in ["", "compare", "export", "quality"]:
        page.goto(f"{dashboard}/{path}")
        settle(page)
        assert page.get_by_role("button", name="Anmelden").count() == 1, path
        assert metrics(page) == 0 and page.locator('[data-testid="stDownloadButton"]').count() == 0, path
        assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0, path
    page.context.close()


def test_someone_not_on_the_allowlist_sees_nothing_and_downloads_nothing(browser, dashboard):
    page = signed_in(browser, dashboard, OUTSIDER)
    assert "keinen Zugang" in page.locator('[data-testid="stAlert"]').inner_text()
    for path in ["", "compare", "export", "quality"]:
        page.goto(f"{dashboard}/{path}")
        settle(page)
        assert "keinen Zugang" in page.locator('[data-testid="stAlert"]').inner_text(), path
        assert metrics(page) == 0 and page.locator('[data-testid="stDownloadButton"]').count() == 0, path
        assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0, path
    page.context.close()


def test_the_senate_sees_the_pages_but_no_single_rows(browser, dashboard):
    page = signed_in(browser, dashboard, SENATE)
    assert metrics(page) > 0
    assert "Senatskanzlei" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.goto(f"{dashboard}/export")
    settle(page)
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("eID-Aktivierungen", exact=True).count() == 1
    assert main.get_by_text("Beratungen", exact=True).count() == 0  # the table of visit rows is not offered
    page.goto(f"{dashboard}/quality")
    settle(page)
    assert "nur für die Rolle Analyse" in page.inner_text("body")
    page.context.close()


def test_a_district_official_sees_who_came_for_the_own_district_only(browser, dashboard):
    page = signed_in(browser, dashboard, ALTONA)
    page.goto(f"{dashboard}/compare")
    settle(page)
    assert "Ihres Bezirks (Altona)" in page.inner_text("body")
    chooser = page.locator('[data-testid="stSelectbox"]').filter(has_text="Standort")
    # the first stop (S1, Europa-Passage in Hamburg-Mitte, the default for everyone else) is not offered
    assert chooser.locator("input").input_value() == "Mercado (Altona, 21.05.2025)"
    page.context.close()
    page = signed_in(browser, dashboard, SENATE)
    page.goto(f"{dashboard}/compare")
    settle(page)
    chooser = page.locator('[data-testid="stSelectbox"]').filter(has_text="Standort")
    assert chooser.locator("input").input_value() == "Europa-Passage (Hamburg-Mitte, 23.09.2024)"
    page.context.close()


def test_an_analyst_downloads_the_visit_rows(browser, dashboard):
    page = signed_in(browser, dashboard, ANALYST)
    page.goto(f"{dashboard}/export")
    settle(page)
    assert page.locator('[data-testid="stMain"]').get_by_text("Beratungen", exact=True).count() == 1
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV", exact=True).click()
    assert download.value.path().read_text(encoding="utf-8").startswith("visit_id,")
    page.goto(f"{dashboard}/quality")
    settle(page)
    assert "nur für die Rolle Analyse" not in page.inner_text("body")
    page.context.close()


def test_roles_from_the_allowlist():
    from ui.access import Access, role_of

    roles = {"senate": ["Senat@SK.test"], "analyst": ["a@x.test", "senat@sk.test"], "district": {"b@x.test": "Altona"}}
    assert role_of("senat@sk.test", roles) == ("analyst", None)  # listed twice: the stronger role
    assert role_of(" B@X.test ", roles) == ("district", "Altona")
    assert role_of("c@x.test", roles) is None and role_of(None, roles) is None
    altona = Access("district", "Altona", "b@x.test")
    assert altona.sees_visitors_of("Altona") and not altona.sees_visitors_of("Harburg") and not altona.row_level
    assert Access("senate").sees_visitors_of("Harburg") and not Access("senate").row_level
    assert Access("analyst").row_level
