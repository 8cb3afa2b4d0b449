"""The figures in words, in the interface's language (Markdown): the overview's tiles and comparison, the
ranking of stops, and the impact estimate (campaign total, each stop's counted, estimated and combined
activations, caveats). The pages and the briefing (ui.briefing) say the same thing in the same words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from ui import formats
from ui.data import overview
from ui.state import View
from ui.text import WEEKDAYS, t, tn


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    change: str | None  # signed, None when there is nothing to compare with
    help: str
    inverse: bool = False  # a fall is good news (cost)


def comparison(tiles: overview.Tiles, view: View) -> str:
    """What the tiles' changes compare with, or why there is nothing to compare with."""
    lang = view.lang
    if tiles.previous is None:
        return t("no_previous", lang, start=formats.date(view.context.data_start, lang))
    previous_from, previous_to = tiles.previous_period
    if view.days == 1:  # "dem Tag davor", not "den 1 Tagen davor"
        return t("compared_with_one_day", lang, start=formats.date(previous_from, lang))
    return t(
        "compared_with",
        lang,
        days=formats.number(view.days, lang),
        start=formats.date(previous_from, lang),
        end=formats.date(previous_to, lang),
    )


def _with_sign(value, formatter) -> str | None:
    if value is None:
        return None
    return ("+" if value > 0 else "") + formatter(value)


def tiles(tiles: overview.Tiles, view: View) -> list[Tile]:
    """The overview's six tiles: visits, pop-up activations, conversion, uptake, districts above the baseline,
    cost per activation."""
    lang = view.lang
    area = t("area_selection", lang) if view.districts else t("area_hamburg", lang)
    compared = comparison(tiles, view)
    current = tiles.current
    return [
        Tile(
            t("tile_visits", lang),
            formats.number(current.visits, lang),
            _with_sign(tiles.change("visits"), lambda v: formats.number(v, lang)),
            compared,
        ),
        Tile(
            t("tile_activations", lang),
            formats.number(current.popup_activations, lang),
            _with_sign(tiles.change("popup_activations"), lambda v: formats.number(v, lang)),
            compared,
        ),
        Tile(
            t("tile_conversion", lang),
            formats.percent(current.conversion_rate, lang),
            _with_sign(tiles.change("conversion_rate"), lambda v: formats.points(100 * v, lang, 1, signed=False)),
            compared,
        ),
        Tile(
            t("tile_uptake", lang, area=area),
            formats.percent(tiles.uptake_end.pooled, lang),
            _with_sign(tiles.uptake_change_pp, lambda v: formats.points(v, lang, signed=False)),
            t("tile_uptake_delta", lang, value=formats.points(tiles.baseline_gap_pp, lang)) + ". " + compared,
        ),
        Tile(
            t("tile_above", lang),
            f"{tiles.uptake_end.districts_above} {t('of_districts', lang, n=tiles.uptake_end.districts)}",
            _with_sign(tiles.above_change, str),
            compared,
        ),
        Tile(
            t("tile_cost", lang),
            formats.euro(current.cost_per_activation, lang),
            _with_sign(tiles.change("cost_per_activation"), lambda v: formats.euro(v, lang)),
            t("cost_help", lang) + " " + compared,
            inverse=True,
        ),
    ]


def baseline_gap(tiles: overview.Tiles, view: View) -> str | None:
    """How far the area's uptake lies above or below the national baseline; None without an uptake."""
    gap, lang = tiles.baseline_gap_pp, view.lang
    if gap is None:
        return None
    return t(
        "baseline_gap_above" if gap >= 0 else "baseline_gap_below",
        lang,
        area=t("area_hamburg", lang) if not view.districts else t("area_selection", lang).capitalize(),
        gap=formats.points(abs(gap), lang, signed=False),
        baseline=formats.percent(view.context.baseline, lang),
    )


def ranked(key: str, row: dict, lang: str) -> str:
    """The strongest or weakest stop ("strongest", "weakest") of overview.ranking in one sentence."""
    return t(
        key,
        lang,
        venue=formats.plain(row["venue"]),
        district=row["district"],
        start=formats.date(row["start_date"], lang),
        end=formats.date(row["end_date"], lang),
        value=formats.number(row[overview.RANKING], lang, 2),
        conversion=formats.percent(row["conversion_rate"], lang),
    )


def ranking(ranking: overview.Ranking, lang: str) -> list[str]:
    """The strongest and the weakest stop (none when nothing is ranked)."""
    if ranking.strongest is None:
        return []
    lines = [ranked("strongest", ranking.strongest, lang)]
    if ranking.weakest is not None:
        lines.append(ranked("weakest", ranking.weakest, lang))
    return lines


def _number(value, lang: str, digits: int = 0) -> str:
    return formats.number(value, lang, digits)


def _signed(value, lang: str, digits: int = 0) -> str:
    return formats.DASH if value is None else ("+" if value > 0 else "") + _number(value, lang, digits)


def _level(level, lang: str) -> str:
    return formats.DASH if level is None else formats.percent(level, lang, 0)


def summary(report: dict, outcome: str, lang: str) -> list[str]:
    """The campaign total, the mean effect per week and 10,000 residents 16+, and what the estimate cannot say."""
    totals, overall = report["totals"], report["overall"]
    indirect = totals["indirect"]
    sentences = []
    interval = indirect["level"] is not None and indirect["ci_low"] is not None
    values = {  # the parts and the total as shown: they add up (etl.impact.results.shown_total)
        "indirect": _signed(indirect.get("shown", indirect["value"]), lang),
        "low": _signed(indirect["ci_low"], lang),
        "high": _signed(indirect["ci_high"], lang),
        "level": _level(indirect["level"], lang),
        "estimated": indirect["stops"],
        "stops": totals["stops"],
    }
    if outcome == "activations" and totals["direct_activations"] is not None:
        sentence = t("campaign_direct", lang, direct=_number(totals["direct_activations"], lang))
        if indirect["value"] is None:
            sentence += " " + tn("campaign_indirect_not_estimable", totals["stops"], lang, stops=totals["stops"])
        else:
            total = totals["extra_total"]
            sentence += " " + tn(
                "campaign_indirect" if interval else "campaign_indirect_no_interval",
                totals["stops"],
                lang,
                **values,
                total=_number(total.get("shown", total["value"]), lang),
                total_low=_number(total["ci_low"], lang),
                total_high=_number(total["ci_high"], lang),
            )
            sentence += _mde_sentence("campaign_mde", indirect, lang, 0)
            spill = totals.get("spillover")
            if spill is not None:
                sentence += tn(
                    "campaign_spillover",
                    len(spill["districts"]),
                    lang,
                    districts=len(spill["districts"]),
                    value=_signed(spill.get("shown", spill["value"]), lang),
                    low=_signed(spill["ci_low"], lang),
                    high=_signed(spill["ci_high"], lang),
                    mde=_number(spill["mde"], lang),
                )
            per_extra = totals.get("cost_per_extra") or {}
            if per_extra.get("value") is not None:
                sentence += t(
                    "campaign_cost_per_extra",
                    lang,
                    value=formats.euro(per_extra["value"], lang),
                    low=formats.euro(per_extra["ci_low"], lang),
                    high=formats.euro(per_extra["ci_high"], lang),
                    per_popup=formats.euro(totals["cost_per_popup_activation"]["value"], lang),
                )
        sentences.append(sentence)
    elif indirect["value"] is not None:
        key = "campaign_total_transactions" if interval else "campaign_total_transactions_no_interval"
        sentence = tn(key, totals["stops"], lang, **values, unit=t(f"unit_{outcome}", lang))
        sentences.append(sentence + _mde_sentence("campaign_mde", indirect, lang, 0))
    weighted = overall["weighted_by_residents"]
    if overall["att"] is not None:
        sentences.append(
            t(
                "impact_per_week" if overall["ci_low"] is not None else "impact_per_week_no_interval",
                lang,
                att=_signed(overall["att"], lang, 2),
                low=_signed(overall["ci_low"], lang, 2),
                high=_signed(overall["ci_high"], lang, 2),
                weighted=_signed(weighted["att"], lang, 2),
                w_low=_signed(weighted["ci_low"], lang, 2),
                w_high=_signed(weighted["ci_high"], lang, 2),
            )
            + _mde_sentence("per_week_mde", overall, lang, 2)
        )
    sentences.append(t("impact_summary_limits", lang))
    return sentences


def pretrends(report: dict, lang: str) -> str | None:
    """The joint pre-trend test in words: its p-value and the trend of random sign per district it would detect
    (etl.impact results pretrend.joint); None without a joint test."""
    joint = report["pretrend"].get("joint")
    if joint is None:
        return None
    values = {"cells": joint["cells"], "p": _number(joint["p_value"], lang, 2)}
    if joint.get("detectable_trend") is None:
        return tn("pretrend_joint_result_no_power", joint["cells"], lang, **values)
    detectable = _number(joint["detectable_trend"], lang, 3)
    return tn("pretrend_joint_result", joint["cells"], lang, **values, detectable=detectable)


def _mde_sentence(key: str, estimate: dict, lang: str, digits: int) -> str:
    """What an estimate could have shown (its minimum detectable effect), or nothing when it has none."""
    mde = estimate.get("mde")
    return "" if mde is None else t(key, lang, mde=_number(mde, lang, digits))


def _contains_zero(low, high) -> bool:
    return low is not None and high is not None and low <= 0 <= high


def stop_sentence(stop: dict, outcome: str, lang: str) -> str:
    """One stop (a row of ui.data.impact's by_stop): counted at the pop-up, estimated in the other channels,
    together; or the effect on transactions."""
    values = {
        "label": formats.plain(stop["label"]),
        "direct": _number(stop["direct"], lang),
        "own": _number(stop["direct_own_district"], lang),
        "indirect": _signed(stop["indirect"], lang),
        "low": _signed(stop["indirect_low"], lang),
        "high": _signed(stop["indirect_high"], lang),
        "weeks": stop["identified_weeks"],
        "total": _number(stop["total"], lang),
    }
    counted_only = {  # a stop counted without an estimate of its own: say why
        "partial_week": "stop_sentence_partial_week",
        "before_panel": "stop_sentence_before_panel",
        "repeat": "stop_sentence_repeat",
    }
    if outcome != "activations":
        key = "stop_sentence_transactions" if stop["att"] is not None else "stop_sentence_none"
    elif stop["att"] is None:  # no comparison left, or a stop counted without an estimate of its own
        key = counted_only.get(stop.get("not_estimated") or "", "stop_sentence_none")
    else:  # the district's residents among them only when the viewer's table shows that cell (ui.data.impact)
        key = "stop_sentence" if stop["direct_own_district"] is not None else "stop_sentence_unsplit"
    # an estimate names its weeks (a plural message); a stop without one names none
    sentence = tn(key, stop["identified_weeks"], lang, **values) if stop["att"] is not None else t(key, lang, **values)
    if outcome == "activations" and stop["indirect"] is not None and stop["indirect"] < 0:
        sentence += t("stop_sentence_displacement", lang)
    if stop["att"] is not None and stop.get("spillover") is not None:
        sentence += tn(
            "stop_spillover",
            stop["spillover_districts"],
            lang,
            districts=stop["spillover_districts"],
            value=_signed(stop["spillover"], lang),
            low=_signed(stop["spillover_low"], lang),
            high=_signed(stop["spillover_high"], lang),
        )
    if stop["att"] is not None and _contains_zero(stop["ci_low"], stop["ci_high"]):
        sentence += t("stop_not_distinguishable", lang)
    if stop["att"] is not None and stop.get("mde") is not None:
        extra = _number(stop.get("mde_extra"), lang)
        sentence += t("stop_mde", lang, mde=_number(stop["mde"], lang, 2), extra=extra)
    return sentence


def stop_sentences(by_stop: pl.DataFrame, outcome: str, lang: str) -> list[str]:
    return [stop_sentence(stop, outcome, lang) for stop in by_stop.iter_rows(named=True)]


def _days(first: str, last: str, lang: str) -> str:
    """A range of ISO days in the language's format ("01.06.2024–02.06.2024"), one day alone if it is one."""
    days = [formats.date(dt.date.fromisoformat(day), lang) for day in dict.fromkeys((first, last))]
    return "–".join(days)


def caveats(report: dict, lang: str, names: dict[str, str] | None = None) -> list[str]:
    """Every warning of the estimate (etl.impact WARNINGS codes) as a sentence; a stop by its name in `names`
    (stop_id: "venue (district)"), else by its id."""
    sentences = []
    for note in report["warnings"]:
        values = {k: v for k, v in note.items() if k not in ("code", "message")}
        if "stop_ids" in values:
            values["stops"] = ", ".join(formats.plain((names or {}).get(i, i)) for i in values.pop("stop_ids"))
        if "unit_ids" in values:
            values["units"] = ", ".join(formats.plain(u) for u in values.pop("unit_ids"))
        if note["code"] == "spillover":  # in the outcome's unit: activations, or eID transactions
            values["beta"] = _signed(values["beta"], lang, 3)
            values["unit"] = t(f"unit_{values.pop('outcome', 'activations')}", lang)
        if note["code"] == "residence_partial":
            values["share"] = formats.percent(values["share"], lang, 0)
        if note["code"] in ("pretrend", "pretrend_joint"):
            values["p"] = _number(values["p"], lang, 2)
        if note["code"] == "missing_weeks":
            values["count"] = _number(values["count"], lang)
        if note["code"] == "not_enough_history":
            values["level"] = _level(values["level"], lang)
        if note["code"] == "partial_weeks":  # the days in the language's format, not the message's ISO text
            values["weeks"] = "; ".join(_days(a, b, lang) for a, b in values.pop("ranges"))
        counted = {"missing_weeks": "count", "pretrend_joint": "cells"}.get(note["code"])  # a plural message's count
        if counted is None:
            sentences.append(t("caveat_" + note["code"], lang, **values))
        else:
            sentences.append(tn("caveat_" + note["code"], note[counted], lang, **values))
    return sentences


NUMERIC_FORMATS = ("int", "share", "pp", "decimal", "decimal2", "eur", "protected", "protected_share")


def chart_finding(
    numbers: pl.DataFrame, columns: dict[str, tuple[str, str]], lang: str, told: str | None = None
) -> str:
    """A chart's text alternative: one sentence with its main finding, from the numbers of its table.

    The figure told is the column `told` (what the chart draws), else the table's last numeric column; a row is
    named by its text columns. Over time for one
    series: first, last and highest value; over time for several: the highest and lowest at the last date; without
    time: the highest and lowest row. Hidden (withheld) values are left out, never guessed."""
    when = next((c for c, (_, f) in columns.items() if f == "date"), None)
    names = [c for c, (_, f) in columns.items() if f == "text"]
    value = told or next((c for c, (_, f) in reversed(columns.items()) if f in NUMERIC_FORMATS), None)
    if value is None or (when is None and not names):
        return ""
    label, value_format = columns[value]
    present = pl.col(value).is_not_null()
    if numbers.schema[value].is_float():
        present &= pl.col(value).is_not_nan()
    rows = numbers.filter(present)
    if rows.is_empty():
        return t("finding_none", lang, label=label)

    def shown(row: dict) -> str:
        return formats.kpi(row[value], value_format, lang)

    if when is not None and not names:
        rows = rows.sort(when)
        first, last = rows.row(0, named=True), rows.row(-1, named=True)
        top = rows.sort(value, descending=True).row(0, named=True)
        return t(
            "finding_trend",
            lang,
            label=label,
            first=shown(first),
            first_date=formats.date(first[when], lang),
            last=shown(last),
            last_date=formats.date(last[when], lang),
            top=shown(top),
            top_date=formats.date(top[when], lang),
        )

    def named(row: dict) -> str:
        parts = [formats.plain(row[c]) for c in names if row[c] is not None]
        if names[:2] == ["venue", "district"] and len(parts) == 2:  # a stop as the charts name it: "Mercado (Altona)"
            return f"{parts[0]} ({parts[1]})"
        return ", ".join(parts)

    at = ""
    if when is not None:
        rows = rows.filter(pl.col(when) == rows[when].max())
        at = t("finding_on", lang, date=formats.date(rows[when].max(), lang))
    ordered = rows.sort(value, descending=True, maintain_order=True)
    high, low = ordered.row(0, named=True), ordered.row(-1, named=True)
    if ordered.height == 1:
        return t("finding_one", lang, label=label, at=at, name=named(high), value=shown(high))
    return t(
        "finding_range",
        lang,
        label=label,
        at=at,
        high=named(high),
        high_value=shown(high),
        low=named(low),
        low_value=shown(low),
    )


def busiest_hour(by_hour: pl.DataFrame, lang: str) -> str:
    """The heatmap's text alternative: the weekday and hour with the most visits (hidden cells left out)."""
    shown = by_hour.filter(~pl.col("hidden").fill_null(False) & pl.col("visits").is_not_null())
    if shown.is_empty():
        return ""
    top = shown.sort("visits", descending=True, maintain_order=True).row(0, named=True)
    return t(
        "finding_busiest",
        lang,
        weekday=WEEKDAYS[lang][top["weekday"] - 1],
        hour=f"{top['hour']:02d}:00",
        visits=formats.number(top["visits"], lang),
    )
