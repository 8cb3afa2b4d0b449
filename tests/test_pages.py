"""Every page in German and English with Streamlit's AppTest, on the hand-made campaign (tests/campaign.py).

The expected tiles are worked out in test_kpis_hand.py's notes; the ones a filter changes are worked out here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from campaign import write_clean
from helpers import ROOT, load
from streamlit.testing.v1 import AppTest

from tools.apptest import like_a_running_server
from ui import shell

PAGES = [path for path, *_ in shell.PAGES]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("campaign")
    db = folder / "warehouse.duckdb"
    status, _ = load(db, write_clean(folder / "in"))
    assert status == 0
    return db


@pytest.fixture
def app(warehouse, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(warehouse))

    def open_page(page: str = "pages/overview.py", lang: str = "de", **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if lang == "en":
            at.query_params["lang"] = "English"
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        return at

    with like_a_running_server():
        yield open_page


def tiles(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(app, page, lang):
    at = app(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a title"


def test_overview_tiles_show_the_hand_worked_numbers_in_german(app):
    # whole data span (25.08.2024 - 10.06.2025): visits 7, activations 4, 4/7 = 57,1 %, Hamburg uptake at the last
    # activation day 0.25702 = 25,7 %, 6 of 7 districts at or above 25 %, S1's 1,500 EUR / its 2 activations
    at = app()
    assert tiles(at) == {
        "Beratungen": "7",
        "eID-Aktivierungen am Pop-Up": "4",
        "Aktivierungsquote": "57,1 %",
        "Geschätzte eID-Nutzung Hamburg": "25,7 %",
        "Bezirke über dem Vergleichswert": "6 von 7",
        "Kosten je Aktivierung": "750,00 €",
    }


def test_overview_tiles_in_english(app):
    at = app(lang="en")
    assert tiles(at) == {
        "Visits": "7",
        "Pop-up eID activations": "4",
        "Conversion rate": "57.1%",
        "Estimated eID uptake Hamburg": "25.7%",
        "Districts above the baseline": "6 of 7",
        "Cost per activation": "€750.00",
    }


def test_a_district_filter_changes_the_tiles_as_worked_out(app):
    # Altona: S2's visits V5-V7 = 3, activated V6, V7 = 2 -> 66,7 %; Altona's uptake on 10.06.2025:
    # 0.25 + 15/20,000 = 0.25075 -> 25,1 %; 1 of 1 district at or above 25 %; S2 has no cost -> "–"
    at = app()
    at.multiselect(key="district").set_value(["Altona"]).run()
    assert tiles(at) == {
        "Beratungen": "3",
        "eID-Aktivierungen am Pop-Up": "2",
        "Aktivierungsquote": "66,7 %",
        "Geschätzte eID-Nutzung Auswahl": "25,1 %",
        "Bezirke über dem Vergleichswert": "1 von 1",
        "Kosten je Aktivierung": "–",
    }


def test_a_period_filter_changes_the_tiles_and_compares_with_the_period_before(app):
    # 23.09.-05.10.2024 (13 days): V1-V4 = 4 visits, 2 activated; the 13 days before hold no visit: +4.
    # Hamburg uptake on 05.10.2024: (25,500 + Mitte's 5+4+6+2+3 = 20) / 100,000 = 25,52 % -> 25,5 %
    at = app()
    at.date_input(key="period").set_value((dt.date(2024, 9, 23), dt.date(2024, 10, 5))).run()
    metrics = {m.label: m for m in at.metric}
    assert metrics["Beratungen"].value == "4"
    assert metrics["Beratungen"].delta == "+4"
    assert metrics["eID-Aktivierungen am Pop-Up"].value == "2"
    assert metrics["Geschätzte eID-Nutzung Hamburg"].value == "25,5 %"


def test_the_url_restores_the_filters(app):
    at = app(district=["Altona"], period=["2025-05-01", "2025-06-10"])
    assert at.multiselect(key="district").value == ["Altona"]
    assert tiles(at)["Beratungen"] == "3"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_empty_selection_shows_a_friendly_message(app, lang):
    at = app("pages/compare.py", lang, district=["Bergedorf"])
    assert not at.exception
    message = {"de": "Für diese Auswahl gibt es keine Daten", "en": "There is no data for this selection"}[lang]
    assert any(message in info.value for info in at.info)


def test_compare_page_lists_every_stop_kpi(app):
    at = app("pages/compare.py")
    table = at.dataframe[0].value
    assert list(table["stop_id"]) == ["S1", "S2"]
    assert list(table["open_days"]) == [11, 9]


def test_export_page_counts_exactly_the_filtered_rows(app):
    at = app("pages/export.py", district=["Altona"])
    assert any("3 Zeilen" in m.value for m in at.markdown)
    at.multiselect(key="topic").set_value(["service_help"]).run()
    assert any("1 Zeilen" in m.value for m in at.markdown)


def test_quality_page_shows_the_load_history(app):
    at = app("pages/quality.py", lang="en")
    history = next(df.value for df in at.dataframe if "rows_read" in df.value.columns)
    assert sorted(history["rows_read"]) == sorted([7, 14, 8, 2, 7])  # districts, activations, usage, stops, visits


def test_demo_marker_only_for_demo_data(app):
    assert not any("Demodaten" in info.value for info in app().info)


def test_a_mean_satisfaction_of_fewer_than_3_ratings_is_not_shown(app):
    # S1: ratings 5, 4, 3 (V1, V2, V4) -> 4.0 shown; S2: ratings 2, 5 (V5, V6) -> two ratings, left out
    at = app("pages/compare.py")
    table = next(d.value for d in at.dataframe if "avg_satisfaction" in d.value.columns)
    shown = dict(zip(table["stop_id"], table["avg_satisfaction"], strict=True))
    assert shown["S1"] == 4.0
    assert shown["S2"] != shown["S2"] or shown["S2"] is None  # missing (NaN or None)
