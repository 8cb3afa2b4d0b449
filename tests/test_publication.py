"""What roles below analyst are given (etl.publication, ui.data.published; docs/DISCLOSURE.md): the cell-key
method worked out by hand, each of issue 30's findings 1–4 attacked again, and the insider's linear programme over
all of a role's outputs across two consecutive loads and two periods a day apart (tests/attacker.py)."""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import polars as pl
import pytest
from attacker import Attacker
from helpers import ROOT, copy_of

from etl import disclosure, export, publication
from etl.schema import AGE_BANDS, DISTRICTS, OUTCOMES, TOPICS
from ui import access, sentences
from ui.access import Access

# --- the method, by hand --------------------------------------------------------------------------------------


def test_the_ptable_changes_a_count_by_its_cell_key():
    # keys 0-25: -2, 26-76: -1, 77-178: 0, 179-229: +1, 230-255: +2; never below 0
    assert [publication.change(10, k) for k in (0, 25, 26, 76, 77, 178, 179, 229, 230, 255)] == [
        -2,
        -2,
        -1,
        -1,
        0,
        0,
        1,
        1,
        2,
        2,
    ]
    assert publication.change(1, 0) == -1  # 1 - 2 would be below 0


def test_a_cell_is_perturbed_by_the_sum_of_its_record_keys_modulo_256_and_hidden_below_the_threshold():
    units = pl.DataFrame(
        {
            "age_band": ["16-29"] * 3 + ["65+"] * 5 + ["30-49"] * 4,
            "record_key": [10, 20, 250] + [100] * 5 + [40, 40, 40, 40],
        }
    )
    table = publication.perturbed(units, ["age_band"], {"age_band": ["16-29", "30-49", "50-64", "65+"]}, 3)
    # 16-29: 3 visits, key (10 + 20 + 250) % 256 = 24 -> -2 -> 1, below 3: hidden
    # 30-49: 4 visits, key 160 % 256 = 160 -> 0 -> 4
    # 50-64: no visits -> 0, below 3: hidden
    # 65+: 5 visits, key 500 % 256 = 244 -> +2 -> 7
    assert table.rows() == [("16-29", None, True), ("30-49", 4, False), ("50-64", None, True), ("65+", 7, False)]


def test_a_count_below_the_threshold_is_never_published_whatever_its_cell_key():
    # every cell key 0-255: a count of 1 or 2 goes to 0 (withheld); 3 may be shown as 3, 4 or 5 or withheld (1, 2)
    for key in range(publication.KEY_RANGE):
        assert [publication.table_change(count, key, 3) for count in (1, 2)] == [-1, -2]
        assert publication.table_change(3, key, 3) == publication.change(3, key)
    ptable = publication.ptable(3)
    assert (ptable[ptable["pcv"] < 3]["pcv"] + ptable[ptable["pcv"] < 3]["pvalue"] == 0).all()
    assert len(ptable) == 750 * 256
    units = pl.DataFrame({"band": ["a", "a", "b"], "record_key": [230, 255, 240]})  # keys that give +2
    table = publication.perturbed(units, ["band"], {"band": ["a", "b"]}, 3)
    assert table.rows() == [("a", None, True), ("b", None, True)]  # 2 and 1: never 4 or 3


QUIET_WEEKS = {1: dt.date(2025, 1, 6), 2: dt.date(2025, 1, 13), 3: dt.date(2025, 1, 20)}  # the weeks' Mondays


def quiet_week_attack(key: bytes, week_3: list[str], weekly_exact: bool = True) -> tuple[dict, dict]:
    """The attack of the quiet week: a stop's table by age, week 1 four visitors aged 65+ and six aged 30-49, week
    2 one visitor aged 65+, week 3 the visitors `week_3`. After each week's load the table as published: the weeks
    of the stop's published groups (publication.groups). The stop's weekly visits known exactly (`weekly_exact`,
    the audit's worst case) or as the dashboard gives them to roles below analyst since 2026-12-07: the stop's
    visits over its groups as one published cell (published.visits), and what the groups tell — a group that was
    added holds at least 3, its weeks before the last fewer, weeks not yet added fewer than 3. What the programme
    pins (a week's count, or what weeks 2 and 3 add, of 1 or 2) and the tables after each load."""
    bands = ["65+"] * 4 + ["30-49"] * 6 + ["65+"] + week_3
    week = [1] * 10 + [2] + [3] * len(week_3)
    visits = pl.DataFrame({"visit_id": [f"q{i}" for i in range(1, len(bands) + 1)], "week": week, "band": bands})
    units = publication.with_record_keys(visits, key)
    totals = {w: week.count(w) for w in QUIET_WEEKS}
    attacker = Attacker(3)
    if weekly_exact:
        for w, total in totals.items():
            attacker.exact([(w, "65+"), (w, "30-49")], total)
    tables = {}
    for upto in QUIET_WEEKS:  # the loads after weeks 1, 2 and 3
        closed = publication.groups([(QUIET_WEEKS[w], totals[w]) for w in QUIET_WEEKS if w <= upto], 3)
        last = max((w for w in QUIET_WEEKS if closed and QUIET_WEEKS[w] <= closed[-1][1]), default=0)
        counted = units.filter(pl.col("week") <= last)
        table = publication.perturbed(counted.select("band", "record_key"), ["band"], {"band": ["65+", "30-49"]}, 3)
        tables[upto] = {b: c for b, c, _ in table.iter_rows()}
        for band, count, _ in table.iter_rows():
            attacker.perturbed([(w, band) for w in range(1, last + 1)], count, noise=(band, last))
        if not weekly_exact:
            every = [(w, b) for w in range(1, last + 1) for b in ("65+", "30-49")]
            total = publication.perturbed(
                counted.select(cell=pl.lit("all"), record_key="record_key"), ["cell"], None, 3
            )
            attacker.perturbed(every, total["count"][0] if total.height else 0, noise=("all", last))
            for first, end, _ in closed:
                weeks = [w for w in QUIET_WEEKS if first <= QUIET_WEEKS[w] <= end]
                attacker.between([(w, b) for w in weeks for b in ("65+", "30-49")], 3, math.inf)
                for k in range(1, len(weeks)):
                    attacker.between([(w, b) for w in weeks[:k] for b in ("65+", "30-49")], 0, 2)
            waiting = [(w, b) for w in QUIET_WEEKS if last < w <= upto for b in ("65+", "30-49")]
            if waiting:
                attacker.between(waiting, 0, 2)
    cells = {}
    for band in ("65+", "30-49"):
        count = {w: sum(1 for x, y in zip(week, bands, strict=True) if x == w and y == band) for w in QUIET_WEEKS}
        cells.update({(w, band): ([(w, band)], count[w]) for w in (2, 3)})
        cells[("added", band)] = ([(2, band), (3, band)], count[2] + count[3])
    return attacker.pinned(cells), tables


def test_a_quiet_week_after_a_withheld_cell_of_4_does_not_give_its_one_visitor_away():
    # a stop's table by age: week 1 four visitors aged 65+ and six aged 30-49, week 2 one visitor aged 65+; the
    # stop's weekly visits are known exactly (10, then 1). Under the key "quiet0077" (found by sweeping 1,000
    # keys: 13 do this, ~1 % = 10 % for -2 x 10 % for +2): after week 1, 65+ = 4 gets -2 -> 2, withheld ("·":
    # at most 4); had the table counted week 2 on its own, 65+ = 5 would get +2 -> 7 (at least 5); 30-49 = 6 has
    # the same contributors both times: 7 and 7. So week 2 would add at least 5 - 4 = 1 aged 65+, and at most its
    # 1 visitor: pinned to 1. With a stop's weeks added only in groups of at least 3 visitors (publication.groups),
    # week 2's one visitor is held back: the table after week 2 is the table after week 1, nothing to subtract.
    units = publication.with_record_keys(
        pl.DataFrame({"visit_id": [f"q{i}" for i in range(1, 12)], "band": ["65+"] * 4 + ["30-49"] * 6 + ["65+"]}),
        b"quiet0077",
    )
    weekly = publication.perturbed(units.select("band", "record_key"), ["band"], {"band": ["65+", "30-49"]}, 3)
    assert {b: c for b, c, _ in weekly.iter_rows()} == {"65+": 7, "30-49": 7}  # the key still draws the attack
    pinned, tables = quiet_week_attack(b"quiet0077", [])
    assert tables[1] == tables[2] == {"65+": None, "30-49": 7}  # week 2 (1 visitor) held back
    assert tables[3] == tables[1]  # no week 3: held back for good (the stop's last visitor is never added)
    assert pinned == {}


def test_the_weeks_of_a_stop_are_published_in_groups_of_at_least_the_threshold():
    d = dt.date
    # weeks' Mondays and visitors: 10 | 1 | 0 (no visits) | 2 | 1 | 5 | 1 -> groups of >= 3: [10], [1 + 2], [1 + 5];
    # the last week's 1 is held back (no later week completes it)
    weeks = [
        (d(2025, 1, 6), 10),
        (d(2025, 1, 13), 1),
        (d(2025, 1, 20), 0),
        (d(2025, 1, 27), 2),
        (d(2025, 2, 3), 1),
        (d(2025, 2, 10), 5),
        (d(2025, 2, 17), 1),
    ]
    assert publication.groups(weeks, 3) == [
        (d(2025, 1, 6), d(2025, 1, 12), 10),
        (d(2025, 1, 13), d(2025, 2, 2), 3),
        (d(2025, 2, 3), d(2025, 2, 16), 6),
    ]
    # a later week never changes the groups of the weeks before it (the loads of two weeks agree on the first)
    for upto in range(len(weeks)):
        assert publication.groups(weeks[:upto], 3) == [g for g in publication.groups(weeks, 3) if g[1] < weeks[upto][0]]
    assert publication.groups([(d(2025, 1, 6), 2)], 3) == []  # a stop of 2 visitors: never added


@pytest.mark.xfail(strict=True, reason="docs/DISCLOSURE.md's residual risk: a group whose share of a category is told")
def test_a_group_of_three_after_a_quiet_week_does_not_tell_a_weeks_category():
    # the quiet week followed by week 3 with one visitor aged 65+ and one aged 30-49: weeks 2 and 3 are published
    # as one group of 3 (65+ 1 + 1, 30-49 1). Of 1,000 keys "quiet0000" ... "quiet0999", 39 let the programme
    # bound week 3's 65+ to 1 or 2 (measured, /tmp sweep of this function): under "quiet0020" the perturbations
    # bound what the group adds to 65+ below by its true 2, and week 2 holds only 1, so week 3 holds at least one
    # visitor aged 65+. Bounded noise beside exact weekly visits: groups of 3 do not close this.
    pinned, _ = quiet_week_attack(b"quiet0020", ["65+", "30-49"])
    assert pinned == {}


def test_with_what_the_dashboard_gives_the_quiet_weeks_group_of_three_tells_less():
    # The same attack with the information roles below analyst are given since 2026-12-07 (one number: a stop's
    # visits published over its groups, not exact per complete week): the key above no longer pins anything.
    # Of the keys "quiet0000" ... "quiet0999", one still lets the programme pin what weeks 2 and 3 add (measured,
    # /tmp sweep of quiet_week_attack with weekly_exact=False): under "quiet0338" (65+ 2, 30-49 1), below.
    assert quiet_week_attack(b"quiet0020", ["65+", "30-49"], weekly_exact=False)[0] == {}


@pytest.mark.xfail(strict=True, reason="docs/DISCLOSURE.md's residual risk: 1 key in 1,000 with published visits")
def test_with_what_the_dashboard_gives_one_key_in_a_thousand_still_tells_what_a_group_of_three_adds():
    pinned, _ = quiet_week_attack(b"quiet0338", ["65+", "30-49"], weekly_exact=False)
    assert pinned == {}


def test_the_same_contributors_get_the_same_perturbation_whatever_else_is_counted():
    secret = b"k"
    visits = pl.DataFrame({"visit_id": [f"v{i}" for i in range(30)], "band": ["a"] * 12 + ["b"] * 18})
    alone = publication.perturbed(publication.with_record_keys(visits, secret), ["band"], {"band": ["a", "b"]}, 3)
    more = pl.concat([visits, pl.DataFrame({"visit_id": ["w1", "w2"], "band": ["c", "c"]})]).reverse()
    again = publication.perturbed(publication.with_record_keys(more, secret), ["band"], {"band": ["a", "b"]}, 3)
    assert alone.equals(again)
    other_key = publication.perturbed(publication.with_record_keys(visits, b"other"), ["band"], None, 3)
    assert other_key["count"].is_not_null().all()  # 12 and 18 stay published, whatever the key


def test_a_daily_count_keeps_its_perturbation_from_load_to_load():
    cells = pl.DataFrame(
        {"date": [dt.date(2025, 1, 6)] * 2, "district": ["Altona"] * 2, "channel": ["popup", "citizen_office"]},
    ).with_columns(activations=pl.Series([1, 40]))
    first = publication.perturbed_counts(cells, b"k")
    later = publication.perturbed_counts(pl.concat([cells, cells.with_columns(date=dt.date(2025, 1, 7))]), b"k")
    assert first.equals(later.head(2))
    assert all(abs(p - t) <= 2 for p, t in zip(first["activations"], cells["activations"], strict=True))


# --- warehouses and roles ----------------------------------------------------------------------------------------


# A disclosure key fixed for the tests over a warehouse, so that a run is repeatable (each warehouse makes its own
# random key): before the small counts were never published, this one let the audit pin S2's counts of 1.
FIXED_KEY = "sweepkey0001"


def with_key(db, key: str) -> None:
    """Give the warehouse `db` this disclosure key and build its published schema again under it."""
    with duckdb.connect(str(db)) as con:
        con.sql("update warehouse_info set value = $k where key = 'disclosure_key'", params={"k": key})
        publication.build(con)


@pytest.fixture(scope="module", params=["campaign", "demo"])
def warehouse(request, tmp_path_factory):
    """A copy of the hand-made campaign's or the demo's warehouse (conftest) with the fixed key, only ever read."""
    built = request.getfixturevalue(f"{request.param}_warehouse")
    db = copy_of(built, tmp_path_factory.mktemp(request.param))
    with_key(db, FIXED_KEY)
    return db


@pytest.fixture
def as_role(warehouse, monkeypatch):
    """Switch the session's role (the data layer reads ui.access.current)."""
    monkeypatch.setenv("DASHBOARD_DB", str(warehouse))

    def switch(role: str, district: str | None = None) -> None:
        monkeypatch.setattr(access, "current", lambda: Access(role, district))

    switch("senate")
    return switch


def truth(db, sql: str, **params) -> pl.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(sql, params=params).pl()


def weeks(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    monday = first - dt.timedelta(days=first.isoweekday() - 1)
    found = []
    while monday <= last:
        found.append((monday, monday + dt.timedelta(days=6)))
        monday += dt.timedelta(days=7)
    return found


# --- finding 1: the observed series against the export of all activations -----------------------------------------


def popup_by_residence_per_week(db, as_role, role: str) -> tuple[int, int]:
    """The attack: per district and ISO week, all activations of the export minus the citizen-office and
    self-service ones (the impact page's observed series, as counts) = pop-up activations by district of
    residence. How many district-weeks with pop-up activations it gets exactly, of how many."""
    from ui.data import store

    as_role(role)
    everything = store.exported("activations_total", export.Selection())
    other = truth(
        db,
        "select date, district, sum(activations) as other from mart_activations_daily "
        "where channel <> 'popup' group by all",
    )  # the observed series is exact for every role (its model outputs give it away: it stays exact)
    popup = truth(
        db,
        "select date, district, sum(activations) as popup from mart_activations_daily "
        "where channel = 'popup' group by all",
    )
    week = pl.col("date").dt.truncate("1w")
    joined = (
        everything.with_columns(pl.col("activations").cast(pl.Int64))
        .join(other, on=["date", "district"], how="full", coalesce=True)
        .join(popup, on=["date", "district"], how="full", coalesce=True)
        .fill_null(0)
        .group_by(week.alias("week"), "district")
        .agg(pl.col("activations").sum(), pl.col("other").sum(), pl.col("popup").sum())
        .filter(pl.col("popup") > 0)
    )
    recovered = joined.filter(pl.col("activations") - pl.col("other") == pl.col("popup")).height
    return recovered, joined.height


@pytest.mark.slow
def test_finding_1_the_export_minus_the_observed_series_no_longer_gives_pop_up_activations_by_residence(
    warehouse, as_role
):
    exact, weeks_with_popup = popup_by_residence_per_week(warehouse, as_role, "analyst")
    assert weeks_with_popup > 0 and exact == weeks_with_popup  # the attack, as an analyst may: every one exactly
    recovered, _ = popup_by_residence_per_week(warehouse, as_role, "senate")
    # published: each day's count of each channel changed by up to 2 (a week: 7 days x up to 3 channels), so
    # the difference is the pop-up count plus an unknown sum of changes; it is right by chance only
    assert recovered < weeks_with_popup / 2 or weeks_with_popup < 4


# --- finding 4: the impact sentence names no hidden cell ----------------------------------------------------------


@pytest.mark.slow
def test_finding_4_the_impact_sentence_names_the_own_district_count_only_where_it_may_be_told(warehouse, as_role):
    from ui.data import impact, published, visitors

    minimum = disclosure.threshold()
    for role, district in (("analyst", None), ("senate", None), ("district", "Altona")):
        as_role(role, district)
        by_stop = impact.estimate("activations").by_stop
        as_role("analyst")
        exact = dict(impact.estimate("activations").by_stop.select("stop_id", "direct_own_district").iter_rows())
        as_role(role, district)
        for stop in by_stop.filter(pl.col("att").is_not_null()).iter_rows(named=True):
            sentence = sentences.stop_sentence(stop, "activations", "de")
            own, total = exact[stop["stop_id"]], stop["direct"]
            if not visitors.may_see(stop["stop_id"]):  # not open to this role: no number of its residents
                expected = None
            elif role == "analyst":  # the count and the stop's other pop-up activations: none between 1 and 2
                expected = None if 0 < own < minimum or 0 < total - own < minimum else own
            else:
                expected = published.own_district_activations(stop["stop_id"])
            assert stop["direct_own_district"] == expected
            assert ("Einwohnern" in sentence) == (expected is not None)


@pytest.mark.slow
def test_the_spill_over_no_longer_gives_the_exact_visitors_from_other_districts(warehouse, as_role, monkeypatch):
    # issue 30, a residual found in round 3: a stop's spill-over in activations is beta x its visitors from other
    # districts in its identified weeks; the page shows the spill-over (its table, its interval) and beta (the
    # caveat), so spill-over / beta gave every role that exact count, a new figure with every weekly load. An
    # analyst's still does (the count checked here against the visit log by plain SQL); a senate member's gives
    # the published count (one cell of those visits, cell-key perturbed), and her stop's total moves with it,
    # its parts as shown still adding up to it.
    from ui.data import impact, published, store

    as_role("analyst")
    analyst = impact.estimate("activations")
    spilled = analyst.by_stop.filter(pl.col("spillover").is_not_null())
    if spilled.height == 0:  # the hand-made campaign has no residence-based exposure to fit a slope on
        assert analyst.report["totals"].get("spillover") is None
        return
    beta = analyst.report["totals"]["spillover"]["att"]
    for stop in spilled.iter_rows(named=True):
        weeks = analyst.spill_weeks[stop["stop_id"]]
        exact = truth(
            warehouse,
            """select count(*) as n from stg_visits v join stg_stops s using (stop_id)
               where v.stop_id = $stop and v.resident_district is not null and v.resident_district <> s.district
                 and list_contains($weeks, cast(date_trunc('week', v.visit_date) as date))""",
            stop=stop["stop_id"],
            weeks=list(weeks),
        )["n"][0]
        assert exact > 0 and stop["spillover"] / beta == pytest.approx(exact)  # the attack, as an analyst may
        # the visits the published count is made of are these (ui/sql/stop_visitors_elsewhere_published.sql)
        counted = store.query("stop_visitors_elsewhere_published", stop_id=stop["stop_id"], weeks=list(weeks))
        assert counted.height == counted["visit_id"].n_unique() == exact
    as_role("senate")
    senate = impact.estimate("activations")
    assert senate.report["totals"]["spillover"]["att"] == beta  # the slope itself is not a count: unchanged
    rows = senate.by_stop.join(analyst.by_stop.select("stop_id", exact_spill="spillover"), on="stop_id")
    for stop in rows.filter(pl.col("exact_spill").is_not_null()).iter_rows(named=True):
        shown = published.visitors_from_elsewhere({stop["stop_id"]: senate.spill_weeks[stop["stop_id"]]})
        if shown is None:
            assert stop["spillover"] is None and stop["total"] is None
            continue
        assert stop["spillover"] / beta == pytest.approx(shown)
        if stop["direct"] is not None:
            assert stop["total"] == stop["direct"] + round(stop["indirect"]) + round(stop["spillover"])
    changed = rows.filter(pl.col("exact_spill").is_not_null() & (pl.col("spillover") != pl.col("exact_spill")))
    assert changed.height > 0  # perturbed: under the fixed key, not every count comes out unchanged
    campaign = senate.report["totals"]["spillover"]
    every = {s: senate.spill_weeks[s] for s in spilled["stop_id"]}
    assert campaign["visitors"] == published.visitors_from_elsewhere(every)  # (under the fixed key, as exact)
    assert campaign["value"] == pytest.approx(beta * campaign["visitors"])
    assert all(s["spillover"] is None for s in senate.report["by_stop"])  # the exact visitors are not handed on
    # and the page says so (a senate member's impact page; an analyst's has no such note)
    from streamlit.testing.v1 import AppTest

    from tools.apptest import like_a_running_server
    from ui.text import t

    note = t("published_spillover_note", "de", minimum=disclosure.threshold())
    for role in ("senate", "analyst"):
        as_role(role)
        monkeypatch.setattr(access, "gate", lambda lang, role=role: Access(role))
        with like_a_running_server():
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            at.run()
            at.switch_page("pages/impact.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert (note in " ".join(c.value for c in at.caption)) == (role == "senate")


@pytest.mark.slow
def test_a_stops_visits_and_pop_up_activations_are_one_number_for_every_role(warehouse, as_role):
    # "one name, one number": the stop KPIs (compare and overview tables, briefing, export), the stop row
    # (normalisations, shares of who came) and the impact page's "N am Pop-Up gezählt" give a stop's pop-up
    # activations as the same figure — exact for an analyst, published for a senate member or a district official
    # (before issue 30's last round the KPIs counted complete weeks exactly while the impact page perturbed them)
    from ui.data import impact, published, stops

    for role, district in (("analyst", None), ("senate", None), ("district", "Altona")):
        as_role(role, district)
        kpis = stops.kpi_rows(export.Selection()).select("stop_id", "visits", "popup_activations")
        row = stops.stop_rows().filter(pl.col("has_visits")).select("stop_id", "visits", "popup_activations")
        direct = impact.estimate("activations").by_stop.select("stop_id", popup_activations="direct")
        assert (
            kpis.join(row, on="stop_id", suffix="_row")
            .filter(
                pl.col("visits").ne_missing(pl.col("visits_row"))
                | pl.col("popup_activations").ne_missing(pl.col("popup_activations_row"))
            )
            .is_empty()
        ), role
        both = kpis.join(direct, on="stop_id", suffix="_impact")
        assert both.height == direct.height > 0
        assert (both["popup_activations"].eq_missing(both["popup_activations_impact"])).all(), role
        if role != "analyst":
            assert kpis["popup_activations"].to_list() == [published.popup_activations(s) for s in kpis["stop_id"]]
        # what is made of the counts, by KPIS.md's formulas over the stop's own figures (open days, opening hours
        # a day, residents 16+, cost), worked out here: the published counts give them for roles below analyst
        every = (
            stops.stop_rows()
            .filter(pl.col("has_visits"))
            .join(
                stops.kpi_rows(export.Selection()).select("stop_id", "conversion_rate", "cost_per_activation"),
                on="stop_id",
            )
        )

        def ratio(a, b):  # KPIS.md: a ratio with an empty or zero denominator is empty
            return None if a is None or not b else a / b

        for r in every.iter_rows(named=True):
            hours, visits, popup = r["open_days"] * r["hours_per_day"], r["visits"], r["popup_activations"]
            expected = {
                "visits_per_open_day": ratio(visits, r["open_days"]),
                "popup_activations_per_open_day": ratio(popup, r["open_days"]),
                "visits_per_1000": ratio(None if visits is None else 1000 * visits, r["population_16plus"]),
                "popup_activations_per_1000": ratio(None if popup is None else 1000 * popup, r["population_16plus"]),
                "visits_per_hour": ratio(visits, hours),
                "popup_activations_per_hour": ratio(popup, hours),
                "conversion_rate": ratio(popup, visits),
                "cost_per_activation": ratio(r["cost_eur"], popup),
            }
            for key, value in expected.items():
                assert (r[key] is None) if value is None else r[key] == pytest.approx(value), (role, r["stop_id"], key)


def test_finding_4_on_the_hand_made_campaign_a_single_residents_activation_is_not_named(
    campaign_warehouse, tmp_path, monkeypatch
):
    # S1 (Hamburg-Mitte): pop-up activations V1 (65+, Hamburg-Mitte) and V3 (no residence): of them 1 of the
    # district's residents, 1 < 3: the sentence names none, for an analyst as for the senate. The stop's 2
    # pop-up activations themselves: exact for the analyst; for the senate, since the counted activations are
    # published (groups of weeks of >= 3 activations, cell-key perturbed), none: 2 < 3 (None, "–")
    from ui.data import impact

    monkeypatch.setenv("DASHBOARD_DB", str(copy_of(campaign_warehouse, tmp_path)))
    for role, direct in (("analyst", 2), ("senate", None)):
        monkeypatch.setattr(access, "current", lambda role=role: Access(role))
        stops = {s["stop_id"]: s for s in impact.estimate("activations").by_stop.iter_rows(named=True)}
        assert stops["S1"]["direct"] == direct and stops["S1"]["direct_own_district"] is None
        assert "Einwohnern" not in sentences.stop_sentence(stops["S1"], "activations", "de")
        if direct is None:  # a total is counted + estimated: with the counted part untold, no total either
            assert [stops["S1"][part] for part in ("total", "total_low", "total_high")] == [None, None, None]


def test_finding_4_a_hidden_own_district_count_is_not_in_the_sentence():
    stop = {
        "label": "Mercado (Altona)",
        "direct": 7,
        "direct_own_district": None,  # hidden in the table (ui.data.impact)
        "indirect": 3.0,
        "indirect_low": 1.0,
        "indirect_high": 5.0,
        "identified_weeks": 4,
        "total": 10.0,
        "att": 0.5,
        "ci_low": 0.2,
        "ci_high": 0.8,
    }
    sentence = sentences.stop_sentence(stop, "activations", "de")
    assert "davon" not in sentence and "7 am Pop-Up gezählt;" in sentence


# --- findings 2 and 3, and the audit over all outputs ---------------------------------------------------------------


def stops_of(db) -> list[dict]:
    return truth(db, "select stop_id, district, start_date, end_date from mart_stops order by start_date").to_dicts()


def saturday_in(start: dt.date, end: dt.date) -> dt.date:
    """A Saturday within the stop (the load of the Sunday after completes a week: the table changes), else its
    first day."""
    day = start
    while day <= end and day.isoweekday() != 6:
        day += dt.timedelta(days=1)
    return day if day < end else start


TABLES = {
    # table: the visitors function, its category column(s), the truth's category, every category a day may have
    "age": ("by_age", "age_band", [*AGE_BANDS, None]),
    "residence": ("by_residence", "resident_district", [*DISTRICTS, None]),
    "hour": ("by_hour", "hour", None),  # weekday * 100 + hour, the day's weekday and any of its 24 hours
}
TRUTH = {
    "age": "age_band",
    "residence": "resident_district",
    "hour": "isodow(visit_date) * 100 + hour",
}


def categories_of(name: str, day: dt.date) -> list:
    if name == "hour":
        return [day.isoweekday() * 100 + h for h in range(24)]
    return TABLES[name][2]  # type: ignore[return-value]


def page_tables(stop: dict):
    """What a senate member's pages show of a stop, as `shown(kind, first, end, last)` -> {category: published
    count or None}: the tables of who came ("age", "residence", "hour" as weekday * 100 + hour; the end of the
    published weeks as the caller set it), topic x outcome and the services asked for the period [start, last].
    A category left out is withheld (a table's hours off the grid hold only withheld cells)."""
    from ui.data import published, visitors

    sid = stop["stop_id"]

    def shown(kind: str, first, end, last: dt.date) -> dict:
        if kind in TABLES:
            function, column, _ = TABLES[kind]
            table = getattr(visitors, function)(sid)
            return {
                (r["weekday"] * 100 + r["hour"] if kind == "hour" else r[column]): None if r["hidden"] else r["visits"]
                for r in table.iter_rows(named=True)
            }
        if kind == "topics":
            table = published.topics(sid, stop["start_date"], last)
            return {(r["topic"], r["outcome"]): r["visits"] for r in table.iter_rows(named=True)}
        table = published.asked_services(stop["start_date"], last, (), (sid,))
        return dict(table.select("service_id", "visits").iter_rows())

    return shown


def every_category(name: str) -> list:
    if name == "hour":
        return [w * 100 + h for w in range(1, 8) for h in range(24)]
    return TABLES[name][2]  # type: ignore[return-value]


def audit_stop(db, stop: dict, monkeypatch, minimum: int, shown=None, ask=None) -> dict:
    """Everything a senate member obtains about one stop across the load of day D and of day D + 1 and the
    periods [start, D] and [start, D + 1], in one linear programme per table; the pinned cells (counts of 1 up
    to `minimum` - 1: a day's, the week's a load adds, a table's). `shown`: what the pages show (page_tables,
    the default); `ask`: how the truth is read (`truth`, the default)."""
    from ui.data import published

    shown = shown or page_tables(stop)
    ask = ask or truth
    day = saturday_in(stop["start_date"], stop["end_date"])
    loads = [day, day + dt.timedelta(days=1)]
    sid = stop["stop_id"]
    totals = dict(ask(db, "select visit_date, count(*) from mart_visits where stop_id = $s group by all", s=sid).rows())
    original = published.data_week_end
    pinned = {}
    for name in TABLES:
        counts = ask(
            db,
            f"select visit_date, {TRUTH[name]} as category, count(*) as n from mart_visits "
            "where stop_id = $s group by all",
            s=sid,
        )
        value = {(d, c): n for d, c, n in counts.iter_rows()}
        attacker = Attacker(minimum)
        for d, total in totals.items():  # every day's visits, told by the stop's KPIs after each daily load
            attacker.exact([(d, c) for c in categories_of(name, d)], total)
        cells = {}
        covered = []  # after each load: the last day the stop's tables count (its published groups of weeks)
        for load_day in loads:
            until = published.week_end(load_day)
            monkeypatch.setattr(published, "data_week_end", lambda until=until: until)
            covered.append(published.stop_until(sid))
            table = shown(name, None, covered[-1], load_day)
            for category in every_category(name):
                atoms = [(d, category) for d in totals if d <= covered[-1]]
                attacker.perturbed(atoms, table.get(category), noise=(category, covered[-1]))
                cells[(load_day, category)] = (atoms, sum(value.get(a, 0) for a in atoms))
        monkeypatch.setattr(published, "data_week_end", original)
        earlier, later = covered
        for c in every_category(name):  # what the later load adds
            atoms = [(d, c) for d in totals if earlier < d <= later]
            cells[("added", c)] = (atoms, sum(value.get(a, 0) for a in atoms))
        for d in totals:  # and every day's count of each category
            for c in categories_of(name, d):
                cells[(d, c)] = ([(d, c)], value.get((d, c), 0))
        pinned.update({(name, *k): v for k, v in attacker.pinned(cells).items()})
    # topic x outcome and the services asked for [start, D] and [start, D + 1] (one day apart), with the real end
    # of the data and with the data as the loads of D and D + 1 left it
    topics_truth = ask(
        db, "select visit_date, topic, outcome, count(*) as n from mart_visits where stop_id = $s group by all", s=sid
    )
    value = {(d, (t, o)): n for d, t, o, n in topics_truth.iter_rows()}
    combinations = [(t, o) for t in TOPICS for o in OUTCOMES]
    pinned.update(audit_periods(stop, totals, loads, "topics", combinations, value, shown, monkeypatch, minimum))
    services_truth = ask(
        db, "select visit_date, service_id, count(*) as n from mart_visits where stop_id = $s group by all", s=sid
    )
    value = {(d, c): n for d, c, n in services_truth.iter_rows()}
    services = [*sorted(ask(db, "select service_id from ref_services")["service_id"]), None]  # None: no service
    pinned.update(audit_periods(stop, totals, loads, "services", services, value, shown, monkeypatch, minimum))
    return pinned


def published_caches() -> tuple:
    """The clear functions of ui.data.published's caches of perturbed tables."""
    from ui.data import published

    return (published._stop_table.clear, published._topics.clear, published._asked_services.clear)


def audit_periods(stop, totals, loads, name, categories, value, shown, monkeypatch, minimum) -> dict:
    """One linear programme over a table the role asks for a period (topics, services: `shown`; a category left
    out is withheld; None, the visits without a service, is never published) for the periods [start, D] and
    [start, D + 1], each with the real end of the data and as the loads of D and D + 1 left it, and every day's
    exact visits: the pinned cells (the periods', and every day's count of each category)."""
    from ui.data import published

    attacker = Attacker(minimum)
    for d, total in totals.items():
        attacker.exact([(d, c) for c in categories], total)
    cells = {}
    original = published.data_week_end
    asked = set()
    for loaded in (None, *loads):
        if loaded is not None:
            until = published.week_end(loaded)
            monkeypatch.setattr(published, "data_week_end", lambda until=until: until)
        for last in loads:
            first, end = published.stop_period(stop["stop_id"], stop["start_date"], last)  # its groups of weeks
            if first > end or (first, end) in asked:  # the same weeks: the same table (the same contributors)
                continue
            asked.add((first, end))
            table = shown(name, first, end, last)
            for c in categories:
                atoms = [(d, c) for d in totals if first <= d <= end]
                if c is not None:
                    attacker.perturbed(atoms, table.get(c), noise=(c, first, end))
                cells[(first, end, c)] = (atoms, sum(value.get(a, 0) for a in atoms))
        monkeypatch.setattr(published, "data_week_end", original)
    for d in totals:
        for c in categories:
            cells[(d, c)] = ([(d, c)], value.get((d, c), 0))
    return {(name, *k): v for k, v in attacker.pinned(cells).items()}


@pytest.mark.slow
def test_no_role_below_analyst_pins_a_small_count_by_combining_loads_periods_and_tables(
    warehouse, as_role, monkeypatch
):
    # findings 2 and 3 and the done-when audit: per stop, a senate member's tables of who came after the load of
    # a Saturday and of the Sunday after (a week completes: the tables change), the topic x outcome table and
    # the services asked for two periods a day apart (with the real end of the data and after either load), and
    # every day's exact visits: no count of 1 or 2 (a day's, a week's or a table's) is bounded to between 1 and
    # 2 — under FIXED_KEY (the warehouse fixture), a key that let it pin S2's counts of 1 before
    as_role("senate")
    for clear in (publication.ptable.cache_clear, *published_caches()):
        clear()  # nothing left from another test's method in this process
    for stop in stops_of(warehouse):
        assert audit_stop(warehouse, stop, monkeypatch, disclosure.threshold()) == {}, stop["stop_id"]


SWEPT_KEYS = 64


def swept_tables(db, stop: dict, keys: list[str], minimum: int) -> list:
    """What the pages would show of a stop under each of `keys` (as page_tables, one `shown` per key), worked
    out for all keys at once: the stop's visits stacked once per key, each with its record keys under that key,
    and counted by the method (publication.perturbed) with the key's number as one more dimension — each
    (key, cell) has the same contributors and so the same cell key as the page's cell under that key."""
    visits = truth(
        db,
        "select visit_id, visit_date, age_band, resident_district, isodow(visit_date) * 100 + hour as hour, topic, "
        "outcome, service_id from mart_visits where stop_id = $s",
        s=stop["stop_id"],
    )
    dims = {
        "age": ["age_band"],
        "residence": ["resident_district"],
        "hour": ["hour"],
        "topics": ["topic", "outcome"],
        "services": ["service_id"],
    }
    done: dict = {}

    def tables(kind: str, first, end) -> list[dict]:
        if (kind, first, end) not in done:
            rows = visits.filter(pl.col("visit_date") <= end)
            if first is not None:
                rows = rows.filter(pl.col("visit_date") >= first)
            if kind == "services":
                rows = rows.filter(pl.col("service_id").is_not_null())
            stacked = pl.concat(
                [publication.with_record_keys(rows, k.encode()).with_columns(key=pl.lit(i)) for i, k in enumerate(keys)]
            )
            categories = (
                None
                if kind == "services"  # as the page: only the services asked
                else {"key": list(range(len(keys)))} | {c: every_of(kind, c) for c in dims[kind]}
            )
            counted = publication.perturbed(
                stacked.select("key", *dims[kind], "record_key"), ["key", *dims[kind]], categories, minimum
            )
            per_key: list[dict] = [{} for _ in keys]
            for row in counted.filter(~pl.col("hidden")).iter_rows(named=True):
                category = tuple(row[c] for c in dims[kind]) if len(dims[kind]) > 1 else row[dims[kind][0]]
                per_key[row["key"]][category] = row["count"]
            done[(kind, first, end)] = per_key
        return done[(kind, first, end)]

    return [lambda kind, first, end, last, i=i: tables(kind, first, end)[i] for i in range(len(keys))]


def every_of(kind: str, column: str) -> list:
    if kind in TABLES:
        return every_category(kind)
    return list(TOPICS) if column == "topic" else list(OUTCOMES)


def sweep(db, keys: list[str], monkeypatch) -> tuple[dict, int]:
    """The audit of every stop of `db` under each of `keys` (audit_stop over swept_tables): what the programme pins
    under which key, and how many programmes ran (one per stop and distinct set of published tables)."""
    minimum = disclosure.threshold()
    monkeypatch.setenv("DASHBOARD_DB", str(db))  # the end of the data (read only)
    monkeypatch.setattr(access, "current", lambda: Access("senate"))
    facts: dict = {}

    def ask(db, sql, **params):  # the true counts, read once (they are the same under every key)
        question = (sql, tuple(sorted(params.items())))
        if question not in facts:
            facts[question] = truth(db, sql, **params)
        return facts[question]

    found, programmes = {}, 0
    for stop in stops_of(db):
        asked: list = []  # what the audit asks the pages for (the same under every key)

        def recorded(*question, asked=asked) -> dict:
            asked.append(question)
            return {}

        with monkeypatch.context() as recording:  # only the questions: nothing shown, no programme to solve
            recording.setattr(Attacker, "pinned", lambda self, cells: {})
            audit_stop(db, stop, monkeypatch, minimum, shown=recorded, ask=ask)
        audited: dict = {}  # everything shown -> what the programme pins
        for key, shown in zip(keys, swept_tables(db, stop, keys, minimum), strict=True):
            everything = repr([sorted(shown(*q).items(), key=repr) for q in asked])
            if everything not in audited:
                audited[everything] = audit_stop(db, stop, monkeypatch, minimum, shown=shown, ask=ask)
                programmes += 1
            if audited[everything]:
                found[(key, stop["stop_id"])] = audited[everything]
    return found, programmes


@pytest.mark.slow
def test_no_disclosure_key_lets_the_programme_pin_a_small_count_of_the_hand_made_campaign(
    campaign_warehouse, monkeypatch
):
    # the same audit under 64 disclosure keys (before, about 1 key in 5 let it pin S1's or S2's counts of 1: a
    # count of 1 with +2 shown as 3 in a week of 2 visits known exactly); the hand-made campaign's stops have
    # counts of 1 and 2 only, which are never published whatever the cell key (test above), so every key gives
    # the same tables and the programme runs once per distinct set of tables
    found, programmes = sweep(campaign_warehouse, [f"sweepkey{i:04d}" for i in range(SWEPT_KEYS)], monkeypatch)
    assert found == {}
    assert programmes >= 2  # the audit ran (once per stop and distinct set of tables)


DEMO_SWEPT_KEYS = 8


@pytest.mark.slow
def test_no_disclosure_key_lets_the_programme_pin_a_small_count_of_the_demo(demo_warehouse, monkeypatch):
    # the demo's audit (as test_no_role_below_analyst_pins_a_small_count_by_combining_loads_periods_and_tables)
    # under FIXED_KEY and 7 more keys at once: the demo's stops hold hundreds of visits a week, so every key gives
    # other tables and the programme runs once per stop and key (7 x 8); the truth is read once, the tables of
    # all keys are counted in one call (swept_tables), and the attacker's screening (shared programmes clear
    # most cells, tests/attacker.py) makes the eight keys cost about 33 s under load, less than one key's audit
    # took before the screening (92 s)
    keys = [FIXED_KEY, *(f"demokey{i:04d}" for i in range(1, DEMO_SWEPT_KEYS))]
    found, programmes = sweep(demo_warehouse, keys, monkeypatch)
    assert found == {}
    assert programmes == len(stops_of(demo_warehouse)) * DEMO_SWEPT_KEYS


@pytest.mark.slow
def test_findings_2_and_3_the_programme_pins_small_counts_of_tables_published_exactly(warehouse, as_role, monkeypatch):
    # the same programme over the exact tables an analyst sees would pin small counts: the test can find them
    as_role("senate")
    minimum = disclosure.threshold()
    monkeypatch.setattr(publication, "MAX_CHANGE", 0)  # the attacker knows every published count to be exact
    monkeypatch.setattr(publication, "change", lambda count, key: 0)
    monkeypatch.setattr(disclosure, "threshold", lambda: 0)  # and nothing is withheld
    caches = (publication.ptable.cache_clear, *published_caches())
    for clear in caches:
        clear()
    try:
        found = {}
        for stop in stops_of(warehouse):
            found.update(audit_stop(warehouse, stop, monkeypatch, minimum))
    finally:
        monkeypatch.undo()
        for clear in caches:
            clear()
    assert found  # published exactly, small counts come out of the tables and of the week a load adds


@pytest.mark.slow
def test_finding_3_period_tiles_a_day_apart_give_no_days_count(warehouse, as_role):
    from ui.data import published

    as_role("senate")
    for stop in stops_of(warehouse):
        day = saturday_in(stop["start_date"], stop["end_date"])
        for first, second in (
            (
                published.period_counts(stop["start_date"], day - dt.timedelta(days=1), (), ()),
                published.period_counts(stop["start_date"], day, (), ()),
            ),
        ):
            assert (first.visits, first.popup_activations) == (second.visits, second.popup_activations)
        topics = [published.topics(stop["stop_id"], stop["start_date"], day + dt.timedelta(days=k)) for k in (-1, 0)]
        assert topics[0].equals(topics[1])
        asked = [
            published.asked_services(stop["start_date"], day + dt.timedelta(days=k), (), (stop["stop_id"],))
            for k in (-1, 0)
        ]
        assert asked[0].equals(asked[1])


# --- finding 1 and the pop-up table in the programme: export, observed series, loads ------------------------------


def audit_popup(db, stop: dict, minimum: int, exact: bool = False) -> dict:
    """A senate member's view of a stop's pop-up activations by residence, in one linear programme: the table
    after the load of day D and of D + 1 (sums of published daily counts), the export of all activations per day
    and district over the stop's weeks (published), the observed series (office and self-service per district
    and ISO week, exact) and the stop's pop-up activations per day (exact, its KPIs after each load). With
    `exact`, the same outputs published without perturbation (the control). The pinned cells: a day's count per
    district, a week's (finding 1) and a table cell."""
    from ui.data import store, visitors

    channels = ("popup", "citizen_office", "self_service")
    day = saturday_in(stop["start_date"], stop["end_date"])
    span = weeks(stop["start_date"], stop["end_date"])
    first, last = span[0][0], span[-1][1]
    rows = truth(
        db,
        "select date, district, channel, activations from mart_activations_daily where date between $a and $b",
        a=first,
        b=last,
    )
    true = {(d, c, ch): int(n) for d, c, ch, n in rows.iter_rows()}
    stop_days = [
        stop["start_date"] + dt.timedelta(days=k) for k in range((stop["end_date"] - stop["start_date"]).days + 1)
    ]
    attacker = Attacker(minimum)
    popup = lambda d, c: ("popup", d, c)  # noqa: E731
    other = lambda d, c: ("other", d, c)  # noqa: E731
    for d in stop_days:  # the stop's pop-up activations per day (the popup channel over the stop's days)
        attacker.exact([popup(d, c) for c in DISTRICTS], sum(true.get((d, c, "popup"), 0) for c in DISTRICTS))
    days = [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]
    for monday, sunday in span:  # the observed series: office and self-service per district and week, exact
        for c in DISTRICTS:
            week = [d for d in days if monday <= d <= sunday]
            value = sum(true.get((d, c, ch), 0) for d in week for ch in channels[1:])
            attacker.exact([other(d, c) for d in week], value)
    for d in days:  # pop-up activations outside the stop's days are none of this stop's (the attacker knows them)
        if d not in stop_days:
            for c in DISTRICTS:
                attacker.exact([popup(d, c)], true.get((d, c, "popup"), 0))
    published_export = store.exported("activations_total", export.Selection(first, last))
    shown = {(d, c): int(n) for d, c, n in published_export.iter_rows()}
    for d in days:  # the export: every channel's published count of the day and district, summed
        for c in DISTRICTS:
            value = sum(true.get((d, c, ch), 0) for ch in channels) if exact else shown.get((d, c), 0)
            parts = [([popup(d, c)], ("popup", d, c)), ([other(d, c)], ("office", d, c)), ([], ("self", d, c))]
            attacker.summed(parts, value)
    published_daily = truth(
        db,
        "select date, district, activations from published.mart_activations_daily where channel = 'popup' "
        "and date between $a and $b",
        a=stop["start_date"],
        b=stop["end_date"],
    )
    daily = {(d, c): int(n) for d, c, n in published_daily.iter_rows()}
    table = visitors.popup_by_residence(stop["stop_id"])  # the page's table: the sum of the published days
    for row in table.iter_rows(named=True):
        expected = sum(n for (d, c), n in daily.items() if c == row["district"])
        assert row["hidden"] == (expected < minimum) and (row["hidden"] or row["activations"] == expected)
    cells = {}
    for load_day in (day, day + dt.timedelta(days=1)):  # the table after the load of day D and of D + 1
        for c in DISTRICTS:
            loaded = [d for d in stop_days if d <= load_day]
            exact_sum = sum(true.get((d, c, "popup"), 0) for d in loaded)
            value = exact_sum if exact else sum(daily.get((d, c), 0) for d in loaded)
            parts = [([popup(d, c)], ("popup", d, c)) for d in loaded]
            attacker.summed(parts, value if value >= minimum else None)
            cells[(load_day, c)] = ([popup(d, c) for d in loaded], exact_sum)
    for d in stop_days:
        for c in DISTRICTS:
            cells[(d, c)] = ([popup(d, c)], true.get((d, c, "popup"), 0))
    for monday, sunday in span:
        for c in DISTRICTS:
            week = [d for d in stop_days if monday <= d <= sunday]
            cells[("week", monday, c)] = ([popup(d, c) for d in week], sum(true.get((d, c, "popup"), 0) for d in week))
    return attacker.pinned(cells)


@pytest.mark.slow
def test_finding_1_no_pop_up_count_by_residence_is_pinned_by_export_series_and_tables(warehouse, as_role):
    as_role("senate")
    for stop in stops_of(warehouse):
        assert audit_popup(warehouse, stop, disclosure.threshold()) == {}, stop["stop_id"]


@pytest.mark.slow
def test_finding_1_the_programme_pins_pop_up_counts_when_the_export_is_exact(warehouse, as_role, monkeypatch):
    as_role("senate")
    monkeypatch.setattr(publication, "MAX_CHANGE", 0)
    found = {}
    for stop in stops_of(warehouse):
        found.update(audit_popup(warehouse, stop, disclosure.threshold(), exact=True))
    assert found


# --- the pages of a senate member and a district official ------------------------------------------------------------

SENATE_PAGES = [
    ("pages/overview.py", {}),
    ("pages/uptake.py", {}),
    ("pages/export.py", {}),
    ("pages/compare.py", {"stop_details": "Worüber"}),
    ("pages/compare.py", {"stop_details": "Wer kam", "profiles_section": True}),
    ("pages/impact.py", {"impact_over_time": "Beobachtet und ohne Standort"}),
    ("pages/services.py", {"services_details": "Am Pop-Up gefragt"}),
]
NOTES = {
    "pages/overview.py": "published_tiles_note",
    "pages/uptake.py": "published_activations_note",
    "pages/export.py": "published_activations_note",
    "pages/compare.py": "published_tables_note",
    "pages/impact.py": "published_activations_note",
    "pages/services.py": "published_asked_note",
}


@pytest.mark.parametrize("role", [("senate", None), ("district", "Hamburg-Mitte")])
@pytest.mark.parametrize(("page", "state"), SENATE_PAGES)
@pytest.mark.slow
def test_the_pages_of_roles_below_analyst_run_on_published_figures_and_say_so(
    campaign_warehouse, tmp_path, monkeypatch, page, state, role
):
    from streamlit.testing.v1 import AppTest

    from tools.apptest import like_a_running_server
    from ui.text import t

    monkeypatch.setenv("DASHBOARD_DB", str(copy_of(campaign_warehouse, tmp_path)))
    viewer = Access(*role)
    monkeypatch.setattr(access, "current", lambda: viewer)
    monkeypatch.setattr(access, "gate", lambda lang: viewer)
    with like_a_running_server():
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        for key, value in state.items():
            at.session_state[key] = value
        if state:
            at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    assert t(NOTES[page], "de", minimum=disclosure.threshold()) in captions
    # the stop KPIs count complete weeks: the campaign's last complete week ends on Sunday 08.06.2025
    stop_kpis_note = t("published_stop_kpis_note", "de", until="08.06.2025")
    assert (stop_kpis_note in captions) == (page in ("pages/overview.py", "pages/compare.py")), page
    # the counts of people grow by groups of weeks of at least the threshold's number of visits: said beside them
    groups_note = t("published_groups_note", "de", minimum=disclosure.threshold())
    assert (groups_note in captions) == (page in ("pages/overview.py", "pages/compare.py", "pages/services.py")), page


def test_the_published_weeks_end_with_the_last_complete_week_of_the_measured_data(
    campaign_warehouse, tmp_path, monkeypatch
):
    # the hand-made campaign: the last visit 31.05.2025, the last activations 10.06.2025 (a Tuesday): the last
    # complete ISO week ends on Sunday 08.06.2025 (stops' planned end dates never count)
    from ui.data import published

    monkeypatch.setenv("DASHBOARD_DB", str(copy_of(campaign_warehouse, tmp_path)))
    monkeypatch.setattr(access, "current", lambda: Access("senate"))
    assert published.data_week_end() == dt.date(2025, 6, 8)
    assert published.week_end(dt.date(2025, 6, 8)) == dt.date(2025, 6, 8)
    assert published.week_start(dt.date(2025, 6, 3)) == dt.date(2025, 6, 9)
    assert published.whole_weeks(dt.date(2025, 5, 21), dt.date(2025, 6, 30)) == (
        dt.date(2025, 5, 26),
        dt.date(2025, 6, 8),
    )


def test_the_hand_made_campaigns_weeks_are_published_in_groups_of_three(campaign_warehouse, tmp_path, monkeypatch):
    # S1: V1 Mon 23.09.2024, V2 Tue 24.09. (week of 23.09.: 2 visits), V3 Wed 02.10., V4 Sat 05.10. (week of
    # 30.09.: 2): one group 23.09.-06.10.2024 of 4. S2: V5 Wed 21.05.2025, V7 Thu 22.05. (week of 19.05.: 2), V6
    # Sat 31.05. (week of 26.05.: 1): one group 19.05.-01.06.2025 of 3. Pop-up activations: S1 V1, V3 and S2 V7,
    # V6 — 2 each, never a group of 3: nothing counted.
    from ui.data import published

    d = dt.date
    monkeypatch.setenv("DASHBOARD_DB", str(copy_of(campaign_warehouse, tmp_path)))
    monkeypatch.setattr(access, "current", lambda: Access("senate"))
    assert published.groups().rows() == [
        ("S1", d(2024, 9, 23), d(2024, 10, 6), 4),
        ("S2", d(2025, 5, 19), d(2025, 6, 1), 3),
    ]
    assert published.groups("activations").height == 0
    assert (published.stop_until("S1"), published.stop_until("S2")) == (d(2024, 10, 6), d(2025, 6, 1))
    assert published.stop_until("S2", "activations") == dt.date.min
    # a period counts a stop's groups that lie wholly within its complete weeks
    assert published.stop_period("S2", d(2025, 5, 19), d(2025, 6, 1)) == (d(2025, 5, 19), d(2025, 6, 1))
    assert published.stop_period("S2", d(2025, 5, 19), d(2025, 6, 7)) == (d(2025, 5, 19), d(2025, 6, 1))
    first, last = published.stop_period("S2", d(2025, 5, 19), d(2025, 5, 25))  # the group runs on to 01.06.
    assert first > last
    visits = pl.DataFrame({"visit_id": ["V1", "V2", "V3", "V4", "V5", "V6", "V7"]})
    assert published._in_groups(visits, d(2025, 5, 19), d(2025, 6, 1))["visit_id"].to_list() == ["V5", "V6", "V7"]
    assert published._in_groups(visits, d(2025, 5, 19), d(2025, 5, 25)).height == 0
    assert published._in_groups(visits, d(2024, 9, 23), d(2025, 6, 8))["visit_id"].to_list() == [
        "V1",
        "V2",
        "V3",
        "V4",
        "V5",
        "V6",
        "V7",
    ]
    assert published._in_groups(visits, d(2024, 9, 30), d(2025, 6, 8))["visit_id"].to_list() == ["V5", "V6", "V7"]


def test_a_visit_on_the_sunday_that_ends_a_period_and_its_group_is_counted(campaign_warehouse, tmp_path, monkeypatch):
    # the hand-made campaign with S2 running to Sunday 01.06.2025 and V6 moved from Sat 31.05. to that Sunday: S2's
    # group is still 19.05.-01.06.2025 of 3 (V5, V7 in the week of 19.05.; V6 in the week of 26.05.), and a period of
    # those two whole weeks holds all three — the Sunday is the period's last day and the group's (a bound that left
    # the last day out would drop V6)
    from etl import warehouse
    from ui.data import published

    d = dt.date
    db = copy_of(campaign_warehouse, tmp_path)
    with duckdb.connect(str(db)) as con:
        con.sql("update raw_stops set end_date = DATE '2025-06-01' where stop_id = 'S2'")
        con.sql("update raw_visits set visited_at = TIMESTAMP '2025-06-01 18:00:00' where visit_id = 'V6'")
        warehouse.build_models(con)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    monkeypatch.setattr(access, "current", lambda: Access("senate"))
    assert ("S2", d(2025, 5, 19), d(2025, 6, 1), 3) in published.groups().rows()
    visits = pl.DataFrame({"visit_id": ["V5", "V6", "V7"]})
    assert published._in_groups(visits, d(2025, 5, 19), d(2025, 6, 1))["visit_id"].to_list() == ["V5", "V6", "V7"]


# --- two real consecutive loads ------------------------------------------------------------------------------------


def as_loaded_until(built, folder, last: dt.date):
    """A copy of a warehouse as the daily load of `last` left it: every measured row after it taken out, the
    models (and the published schema) built again, the disclosure key kept."""
    from etl import warehouse

    db = copy_of(built, folder)
    with duckdb.connect(str(db)) as con:
        con.sql("delete from raw_visits where cast(visited_at as date) > $d", params={"d": last})
        con.sql("delete from raw_activations where date > $d", params={"d": last})
        con.sql("delete from raw_service_usage where date > $d", params={"d": last})
        warehouse.build_models(con)
    return db


@pytest.mark.slow
def test_two_consecutive_daily_loads_publish_the_same_tables_and_keep_every_daily_count(
    demo_warehouse, tmp_path, monkeypatch
):
    # the demo's last stop runs 12.01.-07.02.2026; the loads of Thursday 29.01. and Friday 30.01. both publish the
    # weeks up to Sunday 25.01.: every table of who came, topic x outcome and the tiles are the same after both;
    # the published daily activations of the days both hold are the same (the same contributors, the same
    # perturbation); only the pop-up table of the running stop grows, by the 30th's published counts. The impact
    # page's counted pop-up activations per stop: an analyst's grow by the 30th's activations at the running
    # stop (the attack); a senate member's are the same after both loads, and the reconciliation is not given
    from ui.data import impact, published, quality, store, visitors

    monkeypatch.setattr(access, "current", lambda: Access("senate"))
    seen = []
    analyst = []
    for last in (dt.date(2026, 1, 29), dt.date(2026, 1, 30)):
        monkeypatch.setenv("DASHBOARD_DB", str(as_loaded_until(demo_warehouse, tmp_path / last.isoformat(), last)))
        assert published.data_week_end() == dt.date(2026, 1, 25)
        stops = store.query("stops").select("stop_id", "start_date").rows()
        monkeypatch.setattr(access, "current", lambda: Access("analyst"))
        analyst.append(dict(impact.estimate("activations").by_stop.select("stop_id", "direct").iter_rows()))
        monkeypatch.setattr(access, "current", lambda: Access("senate"))
        seen.append(
            {
                "counted": dict(impact.estimate("activations").by_stop.select("stop_id", "direct").iter_rows()),
                "campaign": impact.estimate("activations").report["totals"]["direct_activations"],
                "reconciliation": quality.reconciliation((), ()),
                "tables": {
                    (s, name): getattr(visitors, name)(s)
                    for s, _ in stops
                    for name in ("by_age", "by_residence", "by_hour")
                },
                "topics": {s: published.topics(s, start, last) for s, start in stops},
                "tiles": published.period_counts(dt.date(2026, 1, 1), last, (), ()),
                "popup": {s: visitors.popup_by_residence(s) for s, _ in stops},
                "export": store.exported("activations_total", export.Selection(None, dt.date(2026, 1, 29))),
                "daily": truth(
                    store.database_path(),
                    "select * from published.mart_activations_daily where date = $d order by all",
                    d=dt.date(2026, 1, 30),
                ),
            }
        )
    before, after = seen
    assert all(before["tables"][k].equals(after["tables"][k]) for k in before["tables"])
    assert all(before["topics"][k].equals(after["topics"][k]) for k in before["topics"])
    assert before["tiles"] == after["tiles"]
    assert before["export"].equals(after["export"])
    assert before["daily"].height == 0 and after["daily"].height > 0
    on_the_30th = truth(
        store.database_path(),
        "select count(*) as n from mart_visits where stop_id = 'PC-2026' and visit_date = $d "
        "and outcome = 'eid_activated'",
        d=dt.date(2026, 1, 30),
    )["n"][0]
    assert on_the_30th > 0 and analyst[1]["PC-2026"] - analyst[0]["PC-2026"] == on_the_30th  # the attack
    assert before["counted"] == after["counted"] and before["counted"]["PC-2026"] is not None
    assert before["campaign"] == after["campaign"] and before["campaign"] is not None
    assert before["reconciliation"] is None and after["reconciliation"] is None
    running = [s for s in before["popup"] if not before["popup"][s].equals(after["popup"][s])]
    assert running == ["PC-2026"]  # the demo's last stop, running on the 30th
    added = after["daily"].filter(pl.col("channel") == "popup").select("district", added="activations")
    grown = (
        before["popup"]["PC-2026"]
        .join(after["popup"]["PC-2026"], on="district", suffix="_after")
        .join(added, on="district", how="left")
        .filter(~pl.col("hidden") & ~pl.col("hidden_after"))
    )
    assert grown.height > 0
    assert (grown["activations_after"] - grown["activations"] == grown["added"].fill_null(0)).all()


def stop_figures(stop_id: str) -> dict:
    """A stop's visits and pop-up activations as the session's stop KPIs (export stop_kpis, the compare and
    overview tables) and its stop row (normalisations) give them."""
    from ui.data import stops

    kpis = stops.kpi_rows(export.Selection()).filter(pl.col("stop_id") == stop_id)
    row = stops.stop_rows().filter(pl.col("stop_id") == stop_id)
    return {
        "kpis": kpis.select("visits", "popup_activations").row(0),
        "stops": row.select("visits", "popup_activations").row(0),
    }


@pytest.mark.slow
def test_a_running_stops_kpis_change_by_whole_weeks_only_for_roles_below_analyst(
    campaign_warehouse, tmp_path, monkeypatch
):
    # S2 (Altona) runs 21.-31.05.2025: V5 on Wed 21.05. (service help), V7 on Thu 22.05. (eID activated), V6 on
    # Sat 31.05. (eID activated). The loads of the 21st and the 22nd: an analyst sees (1, 0) and then (2, 1)
    # visits and pop-up activations — the 22nd's one visit and one activation. A senate member gets the stop's
    # groups of complete weeks of at least 3 (visits, resp. pop-up activations), cell-key perturbed: up to Sunday
    # 18.05. S2 has no complete week, and the load of the 31st completes the week 19.-25.05. with V5 and V7,
    # 2 visits and 1 activation, no group: "–" (None) after every load, in the KPIs as in the stop row. S1 (2024,
    # finished: the week of 23.09. V1, V2; of 30.09. V3, V4), the same after every load: for an analyst 4 visits
    # and 2 pop-up activations (V1, V3); for a senate member the two weeks make one group of 4 visits, published
    # perturbed (within 2 of 4, "–" if below 3), and the activations, 1 + 1, no group: "–" — as the impact page's
    # "– am Pop-Up gezählt" (test below): one number.
    from ui.data import published

    seen = {}
    for last in (dt.date(2025, 5, 21), dt.date(2025, 5, 22), dt.date(2025, 5, 31)):
        monkeypatch.setenv("DASHBOARD_DB", str(as_loaded_until(campaign_warehouse, tmp_path / last.isoformat(), last)))
        for role in ("analyst", "senate"):
            monkeypatch.setattr(access, "current", lambda role=role: Access(role))
            seen[(last, role)] = (stop_figures("S2"), stop_figures("S1"))
            if role == "senate":
                s1_visits = published.visits("S1")
                assert s1_visits is None or 3 <= s1_visits <= 6  # 4 ± 2, none below 3
    expected_s2 = {
        (dt.date(2025, 5, 21), "analyst"): (1, 0),
        (dt.date(2025, 5, 22), "analyst"): (2, 1),
        (dt.date(2025, 5, 31), "analyst"): (3, 2),
    }
    for key, (s2, s1) in seen.items():
        if key[1] == "analyst":
            # the stop row has no visits at all (None: no visit log yet) where the KPIs count 0
            assert s2 == {"kpis": expected_s2[key], "stops": expected_s2[key] if expected_s2[key][0] else (None, None)}
            assert s1 == {"kpis": (4, 2), "stops": (4, 2)}, key
        else:
            assert s2 == {"kpis": (None, None), "stops": (None, None)}, key
            assert s1 == {"kpis": (s1_visits, None), "stops": (s1_visits, None)}, key


@pytest.mark.slow
def test_the_impact_pages_counted_pop_up_activations_and_the_reconciliation_give_no_days_count(
    campaign_warehouse, tmp_path, monkeypatch
):
    # issue 30, the residual of round 3: S2 (Altona) runs 21.-31.05.2025: V5 on Wed 21.05. (service help), V7 on
    # Thu 22.05. (eID activated), V6 on Sat 31.05. (eID activated); S1 (2024, finished): V1 and V3 activated. The
    # attack: the impact page's "N am Pop-Up gezählt" per stop, the campaign's pop-up activations and the
    # data-quality reconciliation after the loads of the 21st and the 22nd. An analyst's differ by the 22nd's one
    # activation: S2 0 then 1, the campaign 2 + 0 = 2 then 2 + 1 = 3, the visit log's count 0 then 1. A senate
    # member: S1's 2 and S2's (at most) 2 activations never make a group of weeks of 3, so no stop has a
    # published count (None, "–"), nor has the campaign (its published cell holds none of the 4: None), after
    # both loads, and the reconciliation is not given (None).
    from ui.data import impact, quality

    seen = {}
    for last in (dt.date(2025, 5, 21), dt.date(2025, 5, 22)):
        monkeypatch.setenv("DASHBOARD_DB", str(as_loaded_until(campaign_warehouse, tmp_path / last.isoformat(), last)))
        for role in ("analyst", "senate"):
            monkeypatch.setattr(access, "current", lambda role=role: Access(role))
            found = impact.estimate("activations")
            stops = {s["stop_id"]: s for s in found.by_stop.iter_rows(named=True)}
            reconciled = quality.reconciliation((), ())
            logged = None if reconciled is None else reconciled.filter(pl.col("stop_id") == "S2")["in_visit_log"][0]
            seen[(last, role)] = (
                stops["S1"]["direct"],
                stops["S2"]["direct"],
                found.report["totals"]["direct_activations"],
                logged,
            )
            sentence = sentences.stop_sentence(stops["S2"], "activations", "de")
            assert ("– am Pop-Up gezählt" in sentence) == (role == "senate"), sentence
    assert seen == {
        (dt.date(2025, 5, 21), "analyst"): (2, 0, 2, 0),
        (dt.date(2025, 5, 22), "analyst"): (2, 1, 3, 1),
        (dt.date(2025, 5, 21), "senate"): (None, None, None, None),
        (dt.date(2025, 5, 22), "senate"): (None, None, None, None),
    }


@pytest.mark.slow
def test_the_reconciliation_is_for_analysts_only_and_the_impact_page_says_its_counts_are_published(
    campaign_warehouse, tmp_path, monkeypatch
):
    # the data-quality page: an analyst gets the reconciliation table (the hand-made campaign: S1 and S2, 2 in
    # the visit log and 2 in the counts each, test_pages), a senate member the sentence that it is for analysts
    # and no table; the impact page tells a senate member that its counted pop-up activations are published
    from streamlit.testing.v1 import AppTest

    from tools.apptest import like_a_running_server
    from ui.text import t

    monkeypatch.setenv("DASHBOARD_DB", str(copy_of(campaign_warehouse, tmp_path)))
    columns = ("venue", "district", "start_date", "in_visit_log", "in_counts", "difference")
    note = t("published_direct_note", "de", minimum=disclosure.threshold())
    seen = {}
    for role in ("analyst", "senate"):
        viewer = Access(role)
        monkeypatch.setattr(access, "current", lambda viewer=viewer: viewer)
        monkeypatch.setattr(access, "gate", lambda lang, viewer=viewer: viewer)
        with like_a_running_server():
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
            at.run()
            at.switch_page("pages/quality.py").run()
            assert not at.exception, [e.value for e in at.exception]
            tables = {tuple(d.value.columns): d.value for d in at.dataframe}
            reconciled = tables.get(columns)
            told = t("reconciliation_analysts_only", "de") in [i.value for i in at.info]
            at.switch_page("pages/impact.py").run()
            assert not at.exception, [e.value for e in at.exception]
            said = note in " ".join(c.value for c in at.caption)
        seen[role] = (None if reconciled is None else list(reconciled["in_visit_log"]), told, said)
    assert seen == {"analyst": ([2, 2], False, False), "senate": (None, True, True)}
