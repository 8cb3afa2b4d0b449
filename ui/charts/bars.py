"""Bars: simple bars (a highlighted one, hidden counts marked), shares of 100 % per stop, stacked bars, and the
eID share before, during and after each stop."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from ui import formats
from ui.charts.look import (
    BLUE,
    DISTRICT_COLOURS,
    GREY,
    RED,
    SERIES,
    TEXT,
    UNKNOWN_PATTERN,
    as_text,
    district_marker,
    figure,
    series_marker,
)
from ui.text import code


def shares(
    frame: pl.DataFrame, lang: str, categories: list[str], hidden_label: str, unknown: str | None = None
) -> go.Figure:
    """Each stop's visits split by category (age bands, districts of residence) as one bar of 100 %, the stops
    side by side; districts in their colours, the `unknown` category grey and hatched, the hidden cells together as
    one grey part marked "·"."""
    labels = frame["label"].unique(maintain_order=True).to_list()
    districts = any(category in DISTRICT_COLOURS for category in categories)  # residence: the districts' colours
    traces = []
    for i, category in enumerate(categories):
        part = {r["label"]: r["share"] for r in frame.filter(pl.col("category") == category).iter_rows(named=True)}
        values = [part.get(label) for label in labels]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "x": values,
                "y": labels,
                "name": category,
                "marker": district_marker(category) if districts or category == unknown else series_marker(i),
                "hovertemplate": f"{as_text(category)}<br>%{{y}}: %{{x:.1%}}<extra></extra>",
            }
        )
    hidden = dict(frame.select("label", "hidden_share").unique(maintain_order=True).iter_rows())
    traces.append(
        {
            "type": "bar",
            "orientation": "h",
            "x": [hidden.get(label) or None for label in labels],
            "y": labels,
            "name": hidden_label,
            "marker": {"color": "#d5dbe1", "pattern": {"shape": ".", "fgcolor": GREY, "fillmode": "overlay"}},
            "hovertemplate": f"{as_text(hidden_label)}<br>%{{y}}: %{{x:.1%}}<extra></extra>",
        }
    )
    return figure(
        traces,
        lang,
        height=max(260, 100 + 36 * len(labels)),
        barmode="stack",
        xaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis={"autorange": "reversed"},
        legend_traceorder="normal",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )


def bars(
    frame: pl.DataFrame,
    x: str,
    y: str,
    lang: str,
    *,
    highlight: str | set[str] | None = None,
    orientation: str = "v",
    value_format: str = "int",
    height: int = 340,
    district: str | None = None,
) -> go.Figure:
    """Simple bars; the bars whose label is `highlight` (one label or a set) are drawn in red; a hidden count
    (column `hidden`, ui.data.visitors) has no bar and the hidden mark as its label.

    With `district` (the column naming each bar's district) every bar is in its district's colour, the same on
    every page (DISTRICT_COLOURS; an unknown district grey with a hatch), and a highlighted bar is outlined."""
    labels, values = frame[x].to_list(), frame[y].to_list()
    marked = {highlight} if isinstance(highlight, str) else set(highlight or ())
    if "hidden" in frame.columns:
        value_format = "protected"
    text = [formats.kpi(v, value_format, lang) for v in values]
    marker: dict = {"color": [RED if label in marked else BLUE for label in labels]}
    if district is not None:
        parts = [district_marker(name) for name in frame[district].to_list()]
        marker = {
            "color": [part["color"] for part in parts],
            "pattern": {**UNKNOWN_PATTERN, "shape": [part.get("pattern", {}).get("shape", "") for part in parts]},
            "line": {"color": TEXT, "width": [3 if label in marked else 0 for label in labels]},
        }
    trace = {
        "type": "bar",
        "marker": marker,
        "text": text,
        "textposition": "outside",
        "cliponaxis": False,
    }
    value_axis: dict = {"tickformat": ".0%"} if value_format == "share" else {}
    known = [v for v in values if v is not None]
    if known:  # room for the labels outside the bars, so that none is cut at the edge
        top, bottom = max(float(max(known)), 0.0), min(float(min(known)), 0.0)
        value_axis["range"] = [bottom * 1.18, (top or 1) * 1.18]
    if orientation == "v":
        trace.update(x=labels, y=values, hovertemplate="%{x}: %{text}<extra></extra>")
        return figure([trace], lang, height=height, legend=False, yaxis=value_axis)
    trace.update(y=labels, x=values, orientation="h", hovertemplate="%{y}: %{text}<extra></extra>")
    return figure([trace], lang, height=height, legend=False, xaxis=value_axis, yaxis={"autorange": "reversed"})


def stacked(frame: pl.DataFrame, x: str, color: str, y: str, lang: str, *, height: int = 340) -> go.Figure:
    """Stacked bars of `y` by `x`, one colour per value of `color` (codes translated)."""
    traces = []
    for i, value in enumerate(frame[color].unique(maintain_order=True).to_list()):
        part = frame.filter(pl.col(color) == value)
        traces.append(
            {
                "type": "bar",
                "x": [code(v, lang) for v in part[x].to_list()],
                "y": part[y].to_list(),
                "name": code(value, lang),
                "marker": series_marker(i),
                "hovertemplate": f"{code(value, lang)}<br>%{{x}}: %{{y}}<extra></extra>",
            }
        )
    return figure(traces, lang, height=height, barmode="stack")


def phases(frame: pl.DataFrame, lang: str) -> go.Figure:
    """The eID share of online transactions before, during and after each stop: grouped bars, one row of three per
    stop, so that each share stands right of its bar in the chart's own type size (as upright columns the three
    numbers of a stop ran into each other and the stops' names were tilted at 1280 px)."""
    labels = [f"{r['venue']} ({r['district']})" for r in frame.iter_rows(named=True)]
    traces, known = [], []
    for phase, color in (("before", GREY), ("during", BLUE), ("after", SERIES[2])):
        values = frame[f"eid_share_{phase}"].to_list()
        known += [v for v in values if v is not None]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": labels,
                "x": values,
                "name": code(phase, lang),
                "marker": {"color": color},
                "text": [formats.percent(v, lang) for v in values],
                "textposition": "outside",
                "textfont": {"size": 12},
                "cliponaxis": False,
                "hovertemplate": f"%{{y}}: %{{text}}<extra>{code(phase, lang)}</extra>",
            }
        )
    top = max(known, default=0.0) or 0.01
    return figure(
        traces,
        lang,
        height=max(300, 90 + 66 * len(labels)),
        barmode="group",
        xaxis={"tickformat": ".0%", "range": [0, top * 1.18]},  # room for the shares right of the bars
        yaxis={"autorange": "reversed"},
    )
