"""What a briefing says, as a document of blocks (headings, paragraphs, tiles, a figure, tables, lists) with every
figure already formatted in the briefing's language. The figures come from the same data layer (ui.data), the
same registry and the same sentences (ui.sentences) as the pages; the typesetter (ui.briefing.render) only lays
the blocks out.

A paragraph is a list of runs {"text", "bold"} made from the pages' Markdown sentences, so a venue's name is
always text, never markup."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import statistics

import polars as pl

from etl import disclosure, registry
from ui import formats, sentences
from ui.briefing import chart
from ui.data import impact, overview, stops, visitors
from ui.data.store import query
from ui.state import View
from ui.text import t, tn

STOP_COLUMNS = [
    "venue",
    "district",
    "start_date",
    "visits",
    "popup_activations",
    "conversion_rate",
    overview.RANKING,
    "cost_per_activation",
]
# the stop against the others: (KPI, a higher value is better)
COMPARED = [
    ("visits", True),
    ("popup_activations", True),
    ("conversion_rate", True),
    ("popup_activations_per_1000", True),
    ("visits_per_open_day", True),
    ("cost_per_activation", False),
]
NUMERIC = {"int", "share", "pp", "decimal", "eur"}


def runs(markdown: str) -> list[dict]:
    """A sentence of the pages (Markdown with **bold** and backslash escapes) as runs of plain text."""
    parts = re.split(r"(?<!\\)\*\*", markdown)
    return [{"text": re.sub(r"\\(.)", r"\1", part), "bold": index % 2 == 1} for index, part in enumerate(parts) if part]


def paragraph(markdown: str) -> dict:
    return {"kind": "paragraph", "runs": runs(markdown)}


def heading(text: str) -> dict:
    return {"kind": "heading", "text": text}


def _table(frame: pl.DataFrame, keys: list[str], lang: str) -> dict:
    kpis = [registry.kpi("stop", key) for key in keys]
    return {
        "kind": "table",
        "columns": [{"label": k.short(lang), "numeric": k.format in NUMERIC} for k in kpis],
        "rows": [[formats.kpi(row[k.key], k.format, lang) for k in kpis] for row in frame.iter_rows(named=True)],
    }


def _head(view: View, title: str, selection: str) -> list[dict]:
    lang, context = view.lang, view.context
    facts = [
        t("briefing_period", lang, start=formats.date(view.date_from, lang), end=formats.date(view.date_to, lang)),
        t("as_of", lang, date=formats.date(context.as_of, lang)),
        selection,
    ]
    blocks: list[dict] = [
        {"kind": "title", "text": title, "subtitle": t("app_subtitle", lang)},
        {"kind": "facts", "items": facts},
    ]
    if context.is_demo:
        blocks.append({"kind": "note", "runs": runs(t("demo_marker", lang))})
    return blocks


def _selection(view: View) -> str:
    lang = view.lang
    parts = []
    if view.districts:
        parts.append(f"{t('districts', lang)}: {', '.join(view.districts)}")
    if view.stops:
        venues = dict(query("stops").select("stop_id", "venue").iter_rows())
        parts.append(f"{t('stops', lang)}: {', '.join(venues.get(s, s) for s in view.stops)}")
    return t("briefing_selection", lang, what="; ".join(parts) if parts else t("briefing_everything", lang))


def _uptake_figure(view: View, area: str) -> dict | None:
    lang = view.lang
    series = query("uptake_pooled_series", **view.params(weekly=view.days > 500)).drop_nulls("uptake")
    if series.height < 2:
        return None
    first, last = series.row(0, named=True), series.row(-1, named=True)
    values = {
        "area": area,
        "start": formats.date(first["date"], lang),
        "start_value": formats.percent(first["uptake"], lang),
        "end": formats.date(last["date"], lang),
        "end_value": formats.percent(last["uptake"], lang),
        "baseline": formats.percent(view.context.baseline, lang),
    }
    return {
        "kind": "figure",
        "svg": chart.uptake(series, stops.bands(view), view.context.baseline, lang),
        "alt": t("briefing_chart_alt", lang, **values),
        "caption": t("briefing_chart_caption", lang, **values),
    }


def _definitions(lang: str, keys: list[tuple[str, str]]) -> list[dict]:
    items = [
        runs(f"**{registry.kpi(level, key).label(lang)}**: {registry.kpi(level, key).definition(lang)}")
        for level, key in keys
    ]
    return [{"kind": "small", "runs": item} for item in items]


def _footer(view: View, keys: list[tuple[str, str]]) -> list[dict]:
    lang = view.lang
    return [
        {"kind": "rule"},
        *_definitions(lang, keys),
        {"kind": "small", "runs": runs(registry.UPTAKE_NOTE[lang])},
        {
            "kind": "small",
            "runs": runs(
                f"**{t('sources', lang)}:** " + t("sources_text", lang, baseline_source=view.context.baseline_source)
            ),
        },
    ]


def campaign(view: View) -> dict:
    """The campaign briefing of the view's selection: tiles, uptake, all stops, the impact, the caveats."""
    lang = view.lang
    tiles = overview.tiles(view)
    area = t("area_selection", lang) if view.districts else t("area_hamburg", lang)
    blocks = _head(view, t("app_title", lang) + " – " + t("briefing_title", lang), _selection(view))
    blocks.append(heading(t("briefing_tiles", lang)))
    blocks.append(
        {
            "kind": "tiles",
            "items": [
                {"label": tile.label, "value": tile.value, "change": tile.change or t("briefing_no_change", lang)}
                for tile in sentences.tiles(tiles, view)
            ],
        }
    )
    blocks.append({"kind": "small", "runs": runs(sentences.comparison(tiles, view))})
    gap = sentences.baseline_gap(tiles, view)
    if gap is not None:
        blocks.append(paragraph(gap))
    figure = _uptake_figure(view, area)
    if figure is not None:
        blocks.append(heading(t("uptake_over_time_selection" if view.districts else "uptake_over_time", lang)))
        blocks.append(figure)

    stop_kpis = stops.stop_kpis(view)
    ranking = overview.ranking(stop_kpis)
    if stop_kpis.height:
        blocks.append(heading(t("stops_title", lang)))
        blocks.append(_table(ranking.stops, STOP_COLUMNS, lang))
        blocks.extend(paragraph(line) for line in sentences.ranking(ranking, lang))
        blocks.append({"kind": "small", "runs": runs(t("ranking_rule", lang))})

    estimate = impact.estimate("activations")
    caveats = []
    if estimate.by_stop.height:
        blocks.append(heading(_impact_scope(view)))
        if _is_narrowed(view):
            count = estimate.report["totals"]["stops"]
            note = tn("briefing_impact_scope_note", count, lang, stops=count)
            blocks.append({"kind": "small", "runs": runs(note)})
        blocks.extend(paragraph(s) for s in sentences.summary(estimate.report, "activations", lang))
        joint_text = sentences.pretrends(estimate.report, lang)
        if joint_text is not None:
            blocks.append(paragraph(joint_text))
        caveats = sentences.caveats(estimate.report, lang, estimate.names)
    if ranking.without_visits:
        venues = ", ".join(formats.plain(v) for v in ranking.without_visits)
        caveats.append(t("stops_without_visits", lang, venues=venues))
    if caveats:
        blocks.append(heading(t("caveats", lang)))
        blocks.append({"kind": "list", "items": [runs(c) for c in caveats]})
    keys = [
        ("campaign", "conversion_rate"),
        ("stop", overview.RANKING),
        ("stop", "cost_per_activation"),
        ("campaign", "national_baseline"),
    ]
    return _document(view, t("app_title", lang) + " – " + t("briefing_title", lang), blocks + _footer(view, keys))


def _impact_scope(view: View) -> str:
    """The impact's heading with its scope: the impact is estimated over the whole campaign (the first stop's first
    day to the last stop's last day), whatever the briefing's selection."""
    every = query("stops")
    start, end = every["start_date"].min(), every["end_date"].max()
    lang = view.lang
    return t("briefing_impact_scope", lang, start=formats.date(start, lang), end=formats.date(end, lang))


def _is_narrowed(view: View) -> bool:
    """Whether the briefing shows less than the whole campaign (a period, districts or stops chosen)."""
    context = view.context
    whole = view.date_from <= context.data_start and view.date_to >= context.data_end
    return bool(view.districts or view.stops or not whole)


def _rank(values: list[float | None], value: float | None, higher_is_better: bool) -> str | None:
    known = [v for v in values if v is not None]
    if value is None or not known:
        return None
    better = sum(1 for v in known if (v > value if higher_is_better else v < value))
    return f"{better + 1}/{len(known)}"


def _compared(view: View, stop: dict, every: pl.DataFrame) -> dict:
    lang = view.lang
    others = every.filter((pl.col("stop_id") != stop["stop_id"]) & pl.col("has_visits"))
    rows = []
    for key, higher_is_better in COMPARED:
        kpi = registry.kpi("stop", key)
        values = [v for v in others[key].to_list() if v is not None]
        median = statistics.median(values) if values else None
        rank = _rank([*values, stop[key]], stop[key], higher_is_better) if stop["has_visits"] else None
        rows.append(
            [
                kpi.label(lang),
                formats.kpi(stop[key], kpi.format, lang),
                formats.kpi(median, kpi.format, lang),
                t("briefing_rank", lang, rank=rank) if rank else formats.DASH,
            ]
        )
    return {
        "kind": "table",
        "columns": [
            {"label": t("briefing_kpi", lang), "numeric": False},
            {"label": t("briefing_this_stop", lang), "numeric": True},
            {"label": tn("briefing_others_median", others.height, lang, n=others.height), "numeric": True},
            {"label": t("briefing_rank_heading", lang), "numeric": True},
        ],
        "rows": rows,
    }


def _who_came(view: View, stop_id: str, total: int) -> list[dict]:
    """The stop's visitors by age band and by district of residence, protected: a hidden count is "·" and has
    no share, so nothing below the threshold appears in any form."""
    lang = view.lang
    blocks = []
    for title, frame, column in (
        ("age_bands", visitors.by_age(stop_id), "age_band"),
        ("residence", visitors.by_residence(stop_id), "resident_district"),
    ):
        rows = []
        for row in frame.iter_rows(named=True):
            hidden = row["hidden"]
            rows.append(
                [
                    t("unknown", lang) if row[column] is None else str(row[column]),
                    formats.HIDDEN if hidden else formats.number(row["visits"], lang),
                    formats.HIDDEN if hidden or not total else formats.percent(row["visits"] / total, lang),
                ]
            )
        blocks.append(
            {
                "kind": "table",
                "caption": t(title, lang),
                "columns": [
                    {"label": t("district" if column == "resident_district" else "age_band", lang), "numeric": False},
                    {"label": t("visits", lang), "numeric": True},
                    {"label": t("share", lang), "numeric": True},
                ],
                "rows": rows,
            }
        )
    return [
        {"kind": "columns", "items": blocks},
        {"kind": "small", "runs": runs(t("disclosure_note", lang, minimum=disclosure.threshold()))},
    ]


def one_stop(view: View, stop_id: str) -> dict:
    """The briefing on one stop for its district office: the stop against the others, who came (protected),
    its impact and the caveats. Raises PermissionError when the viewer may not see the stop's visitors."""
    lang = view.lang
    whole = dataclasses.replace(view, districts=(), stops=())  # the others: every stop, whatever the filter
    has_visits = query("stops").select("stop_id", "has_visits")
    every = stops.stop_kpis(whole).join(has_visits, on="stop_id", how="left", maintain_order="left")
    found = every.filter(pl.col("stop_id") == stop_id)
    if found.height == 0:
        raise LookupError(stop_id)
    stop = found.row(0, named=True)
    title = t("briefing_stop_title", lang, venue=stop["venue"])
    facts = tn(
        "briefing_stop_facts",
        stop["open_days"],
        lang,
        district=stop["district"],
        start=formats.date(stop["start_date"], lang),
        end=formats.date(stop["end_date"], lang),
        days=formats.number(stop["open_days"], lang),
    )
    blocks = _head(view, title, facts)
    blocks.append(heading(t("briefing_compared", lang)))
    blocks.append(_compared(view, stop, every))
    if not stop["has_visits"]:
        blocks.append(paragraph(t("stops_without_visits", lang, venues=formats.plain(stop["venue"]))))
    blocks.append(heading(t("briefing_who", lang)))
    blocks.extend(_who_came(view, stop_id, stop["visits"] or 0))

    estimate = impact.estimate("activations")
    row = estimate.by_stop.filter(pl.col("stop_id") == stop_id)
    blocks.append(heading(t("briefing_impact", lang)))
    if row.height:
        blocks.append(paragraph(sentences.stop_sentence(row.row(0, named=True), "activations", lang)))
    else:
        blocks.append(paragraph(t("briefing_no_impact", lang)))
    blocks.append(paragraph(t("impact_summary_limits", lang)))
    caveats = sentences.caveats(estimate.report, lang, estimate.names)
    if caveats:
        blocks.append(heading(t("caveats", lang)))
        blocks.append({"kind": "list", "items": [runs(c) for c in caveats]})
    keys = [
        ("stop", "conversion_rate"),
        ("stop", overview.RANKING),
        ("stop", "cost_per_activation"),
    ]
    return _document(view, title, blocks + _footer(view, keys))


def _document(view: View, title: str, blocks: list[dict]) -> dict:
    lang, context = view.lang, view.context
    made = context.last_loaded_at or dt.datetime.combine(context.data_end, dt.time(0), tzinfo=dt.UTC)
    return {
        "lang": lang,
        "title": title,
        "author": t("briefing_author", lang),
        "page": t("briefing_page", lang),
        "made": made.astimezone(dt.UTC).isoformat(),
        "blocks": blocks,
    }
