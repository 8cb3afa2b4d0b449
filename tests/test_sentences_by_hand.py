"""The overview's figures in words, as a reader sees them (ui/sentences.py): the six tiles, what their changes
compare with, the distance to the national baseline and the ranking of stops — each sentence written out by hand
from the German catalog (locale/de/LC_MESSAGES/dashboard.po) beside the test. The pages and the briefing show
these strings as they are; the page tests read them on the pages, these read each branch."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from ui import sentences
from ui.access import Access
from ui.data.overview import RANKING, Ranking, Tiles, Totals, Uptake
from ui.data.store import Context
from ui.state import View

D = dt.date
COST_HELP = (
    "Kosten der Standorte, anteilig nach Öffnungstagen im Zeitraum, geteilt durch die eID-Aktivierungen am Pop-Up."
)


OCTOBER = (D(2024, 10, 1), D(2024, 10, 31))
BEFORE = Totals(100, 50, 0.5, 60.0)
END = Uptake(0.263, 5, 7)


def _view(date_from=OCTOBER[0], date_to=OCTOBER[1], districts=(), lang="de") -> View:
    context = Context(D(2024, 9, 1), D(2025, 5, 31), None, False, None, 0.25, "Bund", None)
    return View(lang, date_from, date_to, tuple(districts), (), context, Access("analyst"))


def _tiles(previous: Totals | None = BEFORE, end=END) -> Tiles:
    # October 2024 (31 days) against the 31 days before: 31.08.2024 to 30.09.2024
    return Tiles(
        current=Totals(120, 48, 0.4, 52.5),
        previous=previous,
        previous_period=(D(2024, 8, 31), D(2024, 9, 30)),
        uptake_end=end,
        uptake_start=Uptake(0.25, 4, 7),
        baseline=0.25,
    )


COMPARED = "Veränderung gegenüber den 31 Tagen davor (31.08.2024 bis 30.09.2024)."


def test_the_six_tiles_with_their_changes_in_german():
    # visits 120 (+20 on 100), activations 48 (-2 on 50), conversion 40,0 % (-10,0 points on 50 %), uptake 26,3 %
    # (+1,30 points on 25,0 %; 1,30 points above the baseline of 25 %), 5 of 7 districts above it (+1 on 4),
    # cost 52,50 € (-7,50 € on 60 €; a fall is good news: inverse)
    assert sentences.tiles(_tiles(), _view()) == [
        sentences.Tile("Beratungen", "120", "+20", COMPARED),
        sentences.Tile("eID-Aktivierungen am Pop-Up", "48", "-2", COMPARED),
        sentences.Tile("Aktivierungsquote", "40,0 %", "-10,0 Pp.", COMPARED),
        sentences.Tile("Geschätzte eID-Nutzung Hamburg", "26,3 %", "+1,30 Pp.", "+1,30 Pp. ggü. Bund. " + COMPARED),
        sentences.Tile("Bezirke über dem Vergleichswert", "5 von 7", "+1", COMPARED),
        sentences.Tile("Kosten je Aktivierung", "52,50 €", "-7,50 €", COST_HELP + " " + COMPARED, inverse=True),
    ]


def test_a_change_of_zero_has_no_sign_and_a_selection_names_itself():
    # the same figures before and after: "0", not "+0"; districts chosen: the uptake tile says "Auswahl"
    same = _tiles(previous=Totals(120, 48, 0.4, 52.5))
    shown = sentences.tiles(same, _view(districts=["Altona"]))
    assert [tile.change for tile in shown[:3]] == ["0", "0", "0,0 Pp."]
    assert shown[3].label == "Geschätzte eID-Nutzung Auswahl"
    assert [tile.inverse for tile in shown] == [False] * 5 + [True]


def test_without_the_period_before_the_tiles_say_why_and_show_no_change():
    # the 31 days before 01.10.2024 start on 31.08.2024, before the data (01.09.2024): nothing to compare with
    why = (
        "Keine Veränderung angezeigt: Der gleich lange Zeitraum davor liegt ganz oder teilweise vor dem Beginn der "
        "Daten am 01.09.2024. Für einen Vergleich einen kürzeren oder späteren Zeitraum wählen."
    )
    assert sentences.comparison(_tiles(previous=None), _view()) == why
    shown = sentences.tiles(_tiles(previous=None), _view())
    assert [tile.change for tile in shown] == [None] * 6
    assert shown[0].help == why


def test_one_day_is_compared_with_the_day_before():
    one_day = _view(date_from=D(2024, 10, 1), date_to=D(2024, 10, 1))
    tiles = _tiles()
    tiles = Tiles(tiles.current, tiles.previous, (D(2024, 9, 30), D(2024, 9, 30)), tiles.uptake_end,
                  tiles.uptake_start, tiles.baseline)  # fmt: skip
    assert sentences.comparison(tiles, one_day) == "Veränderung gegenüber dem Tag davor (30.09.2024)."
    two_days = _view(date_from=D(2024, 10, 1), date_to=D(2024, 10, 2))
    assert (
        sentences.comparison(tiles, two_days) == "Veränderung gegenüber den 2 Tagen davor (30.09.2024 bis 30.09.2024)."
    )


@pytest.mark.parametrize(
    ("pooled", "districts", "expected"),
    [
        (0.263, (), "Hamburg liegt 1,30 Pp. über dem bundesweiten Vergleichswert von 25,0 %."),
        (0.24, ("Altona",), "Auswahl liegt 1,00 Pp. unter dem bundesweiten Vergleichswert von 25,0 %."),
        (0.25, (), "Hamburg liegt 0,00 Pp. über dem bundesweiten Vergleichswert von 25,0 %."),  # on it: "über"
        (None, (), None),  # no uptake: no sentence
    ],
)
def test_the_distance_to_the_national_baseline(pooled, districts, expected):
    tiles = _tiles(end=Uptake(pooled, 0, 7))
    assert sentences.baseline_gap(tiles, _view(districts=districts)) == expected


def _ranked(*rows) -> Ranking:
    ranked = pl.DataFrame(
        [
            {
                "venue": venue,
                "district": district,
                "start_date": D(2024, 9, 23),
                "end_date": D(2024, 10, 19),
                RANKING: value,
                "conversion_rate": rate,
            }
            for venue, district, value, rate in rows
        ]
    )
    return Ranking(stops=ranked, ranked=ranked, without_visits=[])


def test_the_strongest_and_the_weakest_stop():
    both = sentences.ranking(_ranked(("Mercado", "Altona", 3.456, 0.5), ("Phoenix-Center", "Harburg", 0.5, 0.25)), "de")
    assert both == [
        "**Stärkster Standort:** Mercado (Altona, 23.09.2024–19.10.2024) mit 3,46 eID-Aktivierungen am Pop-Up je "
        "1.000 Einwohner ab 16 (Quote 50,0 %).",
        "**Schwächster Standort:** Phoenix\\-Center (Harburg, 23.09.2024–19.10.2024) mit 0,50 eID-Aktivierungen am "
        "Pop-Up je 1.000 Einwohner ab 16 (Quote 25,0 %).",
    ]
    # one stop ranked: the strongest only (it is not also the weakest); none: no sentence
    assert sentences.ranking(_ranked(("Mercado", "Altona", 3.456, 0.5)), "de") == [both[0]]
    empty = Ranking(pl.DataFrame(), pl.DataFrame(), [])
    assert sentences.ranking(empty, "de") == []


# --- the impact estimate's summary (ui/sentences.py summary, pretrends) -------------------------------------------
LIMITS = (
    "Was die Schätzung nicht sagt: ob die Wirkung über die Wochen der Standorte hinaus anhält, und wie viel davon "
    "Plakate beitragen."
)


def _report(interval: bool = True, per_week: bool = True, joint: dict | None = None) -> dict:
    """A report as etl.impact writes it: 120 counted at the pop-up, +35.4 estimated in the other channels for 2 of
    3 stops (90 % interval 10.2 to 60.7, MDE 40.3), together 155 (130.2 to 180.7); per week +1.234 (0.2 to 2.3),
    weighted +1.1 (0.1 to 2.0), MDE 1.5. Without `interval`: the level is known but no interval came out."""
    low, high = (10.2, 60.7) if interval else (None, None)
    return {
        "totals": {
            "stops": 3,
            "direct_activations": 120,
            "indirect": {"value": 35.4, "shown": 35, "ci_low": low, "ci_high": high, "level": 0.9, "stops": 2,
                         "mde": 40.3},
            "extra_total": {"value": 155.4, "shown": 155, "ci_low": 130.2 if interval else None,
                            "ci_high": 180.7 if interval else None},
            "spillover": None,
            "cost_per_extra": None,
        },
        "overall": {
            "att": 1.234 if per_week else None, "ci_low": 0.2, "ci_high": 2.3, "mde": 1.5,
            "weighted_by_residents": {"att": 1.1, "ci_low": 0.1, "ci_high": 2.0},
        },
        "pretrend": {"joint": joint},
    }  # fmt: skip


DIRECT = (
    "**Kampagne:** Das Pop-Up selbst zählte **120** eID-Aktivierungen (seine Beratungen mit dem Ergebnis „eID "
    "aktiviert“)."
)
CAMPAIGN_MDE = " Erkennbar (mit 80 % Wahrscheinlichkeit) wären insgesamt erst mehr als 40 zusätzliche."


def test_the_campaign_in_words_with_its_interval_and_what_it_could_detect():
    # the shown parts (+35, 155) add up; the bounds rounded to whole activations (+10, +61; 130, 181); per week
    # with two decimals; every estimate followed by its minimum detectable effect
    assert sentences.summary(_report(), "activations", "de") == [
        DIRECT
        + " In den anderen Kanälen der besuchten Bezirke kamen in den Wochen der Standorte geschätzt **+35** hinzu "
        "(+10 bis +61, 90 %-Intervall; schätzbar für 2 von 3 Standorten). Zusammen: **155** (130 bis 181)."
        + CAMPAIGN_MDE,
        "Je Woche und 10.000 Einwohner ab 16: im Mittel der Standorte **+1,23** (+0,20 bis +2,30), nach Einwohnern "
        "gewichtet **+1,10** (+0,10 bis +2,00). Im Mittel der Standorte erkennbar (mit 80 % Wahrscheinlichkeit) wären "
        "Wirkungen von mehr als 1,50 je Woche.",
        LIMITS,
    ]


def test_a_level_without_an_interval_is_told_as_no_interval_yet_and_no_mean_no_sentence():
    assert sentences.summary(_report(interval=False, per_week=False), "activations", "de") == [
        DIRECT
        + " In den anderen Kanälen der besuchten Bezirke kamen in den Wochen der Standorte geschätzt **+35** hinzu "
        "(noch ohne Intervall; schätzbar für 2 von 3 Standorten). Zusammen: **155**." + CAMPAIGN_MDE,
        LIMITS,
    ]


def test_another_outcome_is_told_in_its_unit_without_the_pop_ups_count():
    # eID transactions: the pop-up's own count (in the report for every outcome) is no part of this outcome
    assert sentences.summary(_report(per_week=False), "eid_transactions", "de") == [
        "**Kampagne:** In den Wochen der Standorte geschätzt **+35** zusätzliche Online-Vorgänge mit eID (+10 bis "
        "+61, 90 %-Intervall; schätzbar für 2 von 3 Standorten)." + CAMPAIGN_MDE,
        LIMITS,
    ]


def test_the_joint_pretrend_test_in_words():
    assert sentences.pretrends(_report(), "de") is None  # no joint test: no sentence
    found = {"cells": 12, "p_value": 0.4567, "detectable_trend": 0.2014}
    assert sentences.pretrends(_report(joint=found), "de") == (
        "Vortrends, gemeinsamer Test über 12 Wochen vor den Standorten (Abweichungen verschiedener Richtung heben "
        "sich nicht auf): p = 0,46. Er erkennt einen Trend ab 0,201 je Woche mit zufälliger Richtung je Bezirk mit "
        "80 % Wahrscheinlichkeit; kleinere kann er übersehen."
    )
    unknown = {"cells": 1, "p_value": 0.05, "detectable_trend": None}
    assert sentences.pretrends(_report(joint=unknown), "de") == (
        "Vortrends, gemeinsamer Test über 1 Woche vor den Standorten: p = 0,05; wie groß ein Trend sein müsste, "
        "damit er ihn erkennt, lässt sich nicht angeben."
    )


# --- one stop of the impact estimate (stop_sentence) ----------------------------------------------------------------
LABEL = "**Mercado \\(Altona\\):**"  # the venue as data text: Markdown's brackets escaped
STOP_MDE = (
    " Dieser Standort hätte nur Wirkungen von mehr als 1,23 je Woche und 10.000 Einwohner ab 16 (in beide Richtungen, "
    "10 in seinen Wochen) mit 80 % Wahrscheinlichkeit zeigen können."
)


def _stop(**changes) -> dict:
    """A row of ui.data.impact's by_stop: 30 counted (20 of them residents), -4.4 in the other channels (-9.6 to
    +0.8) over 2 weeks, together 25.6; -1.1 per week (-2.4 to +0.2); spill-over +3.2 (+1.2 to +5.4) in 1 district;
    MDE 1.234 per week, 9.7 in its weeks."""
    return {
        "label": "Mercado (Altona)", "direct": 30, "direct_own_district": 20, "indirect": -4.4,
        "indirect_low": -9.6, "indirect_high": 0.8, "identified_weeks": 2, "total": 25.6, "att": -1.1,
        "ci_low": -2.4, "ci_high": 0.2, "not_estimated": None, "spillover": 3.2, "spillover_low": 1.2,
        "spillover_high": 5.4, "spillover_districts": 1, "mde": 1.234, "mde_extra": 9.7, **changes,
    }  # fmt: skip


def test_a_stop_with_displacement_spill_over_an_interval_around_0_and_its_mde():
    assert sentences.stop_sentence(_stop(), "activations", "de") == (
        f"{LABEL} 30 am Pop-Up gezählt (davon 20 von Einwohnern des Bezirks); in den anderen Kanälen des Bezirks "
        "geschätzt -4 (-10 bis +1) in 2 Wochen; zusammen 26."
        " Weniger als am Pop-Up gezählt: Ein Teil hätte sich sonst im Kundenzentrum oder selbst aktivieren lassen "
        "(Verlagerung)."
        " In dem 1 Bezirk, aus dem Besucher kamen, geschätzt +3 durch Übertragung (+1 bis +5); im „zusammen“ "
        "enthalten."
        " Das Intervall enthält 0: Die Wirkung ist von null nicht zu unterscheiden – das heißt nicht, dass es keine "
        "gab." + STOP_MDE
    )


def test_a_stop_whose_interval_lies_above_0_without_spill_over_or_its_residents():
    # 1 week (singular), the residents' cell not shown to the viewer (None), no spill-over: none of those sentences
    stop = _stop(direct_own_district=None, indirect=7.6, indirect_low=2.4, indirect_high=12.1, identified_weeks=1,
                 total=37.6, att=2.0, ci_low=0.5, ci_high=3.5, spillover=None)  # fmt: skip
    assert sentences.stop_sentence(stop, "activations", "de") == (
        f"{LABEL} 30 am Pop-Up gezählt; in den anderen Kanälen des Bezirks geschätzt +8 (+2 bis +12) in 1 Woche; "
        "zusammen 38." + STOP_MDE
    )
    assert sentences.stop_sentence(stop, "eid_transactions", "de") == (
        f"{LABEL} geschätzt +8 zusätzliche Online-Vorgänge mit eID (+2 bis +12) in 1 Woche." + STOP_MDE
    )


def test_a_stop_without_an_estimate_says_why_and_nothing_of_what_an_estimate_would_add():
    none = {"att": None, "ci_low": None, "ci_high": None, "indirect": None, "indirect_low": None,
            "indirect_high": None, "total": 30}  # fmt: skip
    # the spill-over and the MDE stay in the row (a later week may give them) but belong to an estimate
    assert sentences.stop_sentence(_stop(**none, not_estimated="partial_week"), "activations", "de") == (
        f"{LABEL} 30 am Pop-Up gezählt; zu kurz für eine Schätzung der anderen Kanäle: Der Standort begann in der "
        "letzten, angebrochenen Woche der Daten, von ihm gibt es noch keine ganze Woche zum Vergleich."
    )
    assert sentences.stop_sentence(_stop(**none), "activations", "de") == (
        f"{LABEL} 30 am Pop-Up gezählt; die Veränderung in den anderen Kanälen ist nicht schätzbar (keine "
        "Vergleichsbezirke mehr)."
    )


def test_an_interval_that_ends_at_0_contains_it_and_displacement_is_a_word_for_activations_only():
    not_distinguishable = " Das Intervall enthält 0: Die Wirkung ist von null nicht zu unterscheiden"
    for low, high in ((0.0, 3.5), (-2.4, 0.0)):  # 0 as a bound is inside the interval
        assert not_distinguishable in sentences.stop_sentence(_stop(ci_low=low, ci_high=high), "activations", "de")
    # fewer eID transactions than without the stop: told as a number, not as a shift away from the citizen offices
    fewer = sentences.stop_sentence(_stop(spillover=None, mde=None), "eid_transactions", "de")
    assert fewer == (
        f"{LABEL} geschätzt -4 zusätzliche Online-Vorgänge mit eID (-10 bis +1) in 2 Wochen." + not_distinguishable
        + " – das heißt nicht, dass es keine gab."
    )  # fmt: skip


def test_a_table_without_a_figure_or_without_anything_to_name_a_row_by_has_no_finding():
    # a figure but neither a date nor a text column; text but no figure: nothing to tell
    assert sentences.chart_finding(pl.DataFrame({"visits": [3, 4]}), {"visits": ("Beratungen", "int")}, "de") == ""
    names_only = pl.DataFrame({"district": ["Altona"], "note": ["x"]})
    columns = {"district": ("Bezirk", "text"), "note": ("Hinweis", "text")}
    assert sentences.chart_finding(names_only, columns, "de") == ""


def test_an_estimate_of_exactly_0_is_no_displacement():
    stop = _stop(indirect=0.0, indirect_low=-5.2, indirect_high=5.2, total=30.0, spillover=None, mde=None)
    assert "Verlagerung" not in sentences.stop_sentence(stop, "activations", "de")
    assert "Verlagerung" in sentences.stop_sentence({**stop, "indirect": -0.1}, "activations", "de")


def test_a_row_is_named_by_its_text_columns_joined_unless_it_is_a_stop():
    # two text columns that are not venue and district: "Altona, 16–29", not "Altona (16–29)"
    numbers = pl.DataFrame({"district": ["Altona", "Harburg"], "age_band": ["16–29", "30–49"], "visits": [5, 9]})
    columns = {"district": ("Bezirk", "text"), "age_band": ("Alter", "text"), "visits": ("Beratungen", "int")}
    assert sentences.chart_finding(numbers, columns, "de") == (
        "Beratungen: am höchsten Harburg, 30–49 (9), am niedrigsten Altona, 16–29 (5)."
    )
    # a stop without its district (a missing cell) is named by its venue alone
    stops = pl.DataFrame({"venue": ["Mercado", "Phoenix"], "district": [None, "Harburg"], "visits": [5, 9]})
    columns = {"venue": ("Standort", "text"), "district": ("Bezirk", "text"), "visits": ("Beratungen", "int")}
    assert sentences.chart_finding(stops, columns, "de") == (
        "Beratungen: am höchsten Phoenix (Harburg) (9), am niedrigsten Mercado (5)."
    )


def test_nothing_estimable_for_the_campaign_and_a_zero_without_a_sign():
    report = _report(per_week=False)
    report["totals"]["indirect"] = {**report["totals"]["indirect"], "value": None, "shown": None, "mde": None}
    assert sentences.summary(report, "activations", "de")[0] == (
        DIRECT + " Was sich in den anderen Kanälen der besuchten Bezirke verändert hat, ist noch für keinen der 3 "
        "Standorte schätzbar."
    )
    report["totals"]["stops"] = 1
    assert sentences.summary(report, "activations", "de")[0].endswith(
        "ist für den einzigen Standort noch nicht schätzbar."
    )
    zero = _report(per_week=False)
    zero["totals"]["indirect"] = {
        **zero["totals"]["indirect"],
        "value": 0.2,
        "shown": 0,
        "ci_low": -20.3,
        "ci_high": 20.7,
    }
    assert "geschätzt **0** hinzu (-20 bis +21, 90 %-Intervall;" in sentences.summary(zero, "activations", "de")[0]
    # a stop without an estimate of eID transactions says so, as for activations
    none = {"att": None, "ci_low": None, "ci_high": None, "indirect": None, "total": 30}
    assert sentences.stop_sentence(_stop(**none), "eid_transactions", "de") == (
        f"{LABEL} 30 am Pop-Up gezählt; die Veränderung in den anderen Kanälen ist nicht schätzbar (keine "
        "Vergleichsbezirke mehr)."
    )


def test_the_caveats_in_words():
    def warning(code, **values):  # as etl.impact.warning writes them: the code, an English message, the values
        return {"code": code, "message": "(English)", **values}

    report = {
        "warnings": [
            warning("no_interval", stops="S1, S2", stop_ids=["S1", "S2"]),
            warning("pretrend", slope=0.1, p=0.0345),
            warning("pretrend_joint", cells=12, p=0.081),
            warning("missing_weeks", count=1234),
            warning("missing_weeks", count=1),
            warning("residence_partial", stops="S2", stop_ids=["S2"], share=0.1),
            warning("not_enough_history", draws=22, needed=39, level=0.9, stated=95),
            warning("partial_weeks", weeks="…", ranges=[["2025-06-02", "2025-06-04"], ["2025-06-09", "2025-06-09"]]),
            warning("always_treated", units="05, 06", unit_ids=["05", "06"]),
            warning("spillover", beta=0.0123, extra=45.6, unit="activations", outcome="activations"),
        ]
    }
    said = sentences.caveats(report, "de", names={"S1": "Mercado (Altona)"})
    assert said[:9] == [
        "Mercado \\(Altona\\), S2: zu wenig Vorgeschichte vor dem Standort für ein eigenes Intervall.",
        "Vortrends: Die besuchten Bezirke entwickelten sich schon vor den Standorten anders als ihre "
        "Vergleichsbezirke (p = 0,03); die Annahme paralleler Entwicklungen ist fraglich.",
        "Vortrends: In den Wochen vor den Standorten lagen die besuchten Bezirke schon deutlich neben ihren "
        "Vergleichsbezirken (gemeinsamer Test über 12 Wochen, p = 0,08); die Annahme paralleler Entwicklungen ist "
        "fraglich.",
        "1.234 Bezirks-Wochen ohne Daten zählen als fehlend, nicht als 0.",
        "1 Bezirks-Woche ohne Daten zählt als fehlend, nicht als 0.",
        "S2: Bei 10 % der Besuche oder mehr fehlt der Wohnbezirk; die Übertragung je Besucher ist dort eher zu groß "
        "geschätzt, ihre Summe nicht.",
        "Noch zu wenig Vorgeschichte für 95-%-Intervalle (22 Schein-Schätzungen, 39 nötig); die Intervalle sind "
        "90 %-Intervalle.",
        "Angebrochene Wochen am Rand der Daten bleiben außen vor: 02.06.2025–04.06.2025; 09.06.2025.",
        "05, 06: schon zu Beginn der Daten behandelt (immer behandelt): Ihre Wirkung ist nicht schätzbar, und sie "
        "dienen nie als Vergleich.",
    ]
    assert said[9].startswith(
        "Übertragung: Die Wirkung auf die Bezirke, aus denen Besucher kamen, ist aus ihrer Besucherzahl je 10.000 "
        "Einwohner geschätzt (+0,012 eID-Aktivierungen je Besucher aus einem anderen Bezirk);"
    )


def test_of_equal_figures_the_first_row_is_named():
    numbers = pl.DataFrame({"district": ["Altona", "Bergedorf", "Eimsbüttel"], "visits": [5, 5, 3]})
    columns = {"district": ("Bezirk", "text"), "visits": ("Beratungen", "int")}
    assert sentences.chart_finding(numbers, columns, "de") == (
        "Beratungen: am höchsten Altona (5), am niedrigsten Eimsbüttel (3)."
    )


def test_a_rise_of_the_conversion_rate_carries_one_plus():
    rise = _tiles(previous=Totals(100, 50, 0.35, 60.0))
    assert sentences.tiles(rise, _view())[2].change == "+5,0 Pp."  # 40 % against 35 %: not "++5,0 Pp."


def test_the_busiest_hour_of_equal_ones_is_the_first_and_a_cell_of_unknown_hiding_counts():
    # two hours with 9 visits: the first in the table is named; a cell whose "hidden" flag is missing is not hidden
    by_hour = pl.DataFrame(
        {"weekday": [2, 6, 3], "hour": [9, 14, 10], "visits": [9, 9, 12], "hidden": [False, False, True]}
    )
    assert sentences.busiest_hour(by_hour, "de") == "Die meisten Beratungen: Di um 09:00 (9)."
    unknown = by_hour.with_columns(pl.Series("hidden", [False, False, None], pl.Boolean))
    assert sentences.busiest_hour(unknown, "de") == "Die meisten Beratungen: Mi um 10:00 (12)."
