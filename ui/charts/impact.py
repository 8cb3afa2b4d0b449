"""The impact estimate's charts: the effect per stop (forest), the event study, observed and without the stop
(counterfactual), the parts of each stop's total, and the planner's power curve."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

from ui import formats
from ui.charts.look import BLUE, GREY, RED, SERIES, TEXT, as_text, banded, figure, guide, stop_bands

DOTTED = {"color": GREY, "width": 1, "dash": "dot"}  # a reference line: zero, 80 % power


def forest(by_stop: pl.DataFrame, lang: str, unit_label: str) -> go.Figure:
    """Each stop's effect with its 95 % interval (rows), and the zero line."""
    labels = by_stop["label"].to_list()
    att, low, high = by_stop["att"].to_list(), by_stop["ci_low"].to_list(), by_stop["ci_high"].to_list()
    trace = {
        "type": "scatter",
        "x": att,
        "y": labels,
        "mode": "markers",
        "marker": {"size": 11, "color": BLUE},
        "error_x": {
            "type": "data",
            "symmetric": False,
            "color": BLUE,
            "thickness": 2,
            "array": [None if h is None or a is None else h - a for a, h in zip(att, high, strict=True)],
            "arrayminus": [None if lo is None or a is None else a - lo for a, lo in zip(att, low, strict=True)],
        },
        "text": [
            f"{formats.number(a, lang, 2)} ({formats.number(lo, lang, 2)} – {formats.number(h, lang, 2)})"
            for a, lo, h in zip(att, low, high, strict=True)
        ],
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    zero = guide("x", 0, DOTTED)
    return figure(
        [trace],
        lang,
        height=max(260, 60 + 44 * len(labels)),
        legend=False,
        shapes=[zero],
        xaxis={"title": {"text": unit_label}},
        yaxis={"autorange": "reversed"},
    )


def event_study(frame: pl.DataFrame, lang: str, unit_label: str, week_label: str) -> go.Figure:
    """Effects by week relative to the stop's first week, with the 95 % band; week -1 is the base (0)."""
    known = frame.filter(pl.col("att").is_not_null())
    x = known["event_week"].to_list()
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": known["ci_high"].to_list(),
            "mode": "lines",
            "line": {"width": 0},
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": x,
            "y": known["ci_low"].to_list(),
            "mode": "lines",
            "line": {"width": 0},
            "fill": "tonexty",
            "fillcolor": "rgba(31,95,168,0.18)",
            "hoverinfo": "skip",
            "showlegend": False,
        },
        {
            "type": "scatter",
            "x": x,
            "y": known["att"].to_list(),
            "mode": "lines+markers",
            "line": {"color": BLUE, "width": 2.5},
            "marker": {"size": 6},
            "showlegend": False,
            "hovertemplate": "%{x}: %{y:.2f}<extra></extra>",
        },
    ]
    shapes = [
        guide("y", 0, DOTTED),
        guide("x", -0.5, {"color": RED, "width": 1, "dash": "dash"}),
    ]
    return figure(
        traces,
        lang,
        shapes=shapes,
        xaxis={"title": {"text": week_label}, "dtick": 2},
        yaxis={"title": {"text": unit_label}},
    )


def counterfactual(
    frame: pl.DataFrame, stops: pl.DataFrame, lang: str, names: dict[str, str], unit_label: str
) -> go.Figure:
    """Observed weekly outcome of a district against its estimated counterfactual, with its stop shaded; the y axis
    says the unit (`unit_label`, as the forest and event-study charts)."""
    traces = [
        {
            "type": "scatter",
            "x": frame["week"].to_list(),
            "y": frame["observed"].to_list(),
            "mode": "lines",
            "name": names["observed"],
            "line": {"color": BLUE, "width": 2.5},
        },
        {
            "type": "scatter",
            "x": frame["week"].to_list(),
            "y": frame["counterfactual"].to_list(),
            "mode": "lines",
            "name": names["counterfactual"],
            "line": {"color": GREY, "width": 2, "dash": "dash"},
        },
    ]
    start, last_week = frame.select(pl.col("week").min().alias("first"), pl.col("week").max().alias("last")).row(0)
    end = last_week + dt.timedelta(days=6)
    shapes, labels = stop_bands(stops, start, end)
    return figure(
        traces,
        lang,
        x_dates=True,
        shapes=shapes,
        annotations=labels,
        yaxis={"title": {"text": unit_label}},
        **banded(labels),
    )


def impact_parts(by_stop: pl.DataFrame, lang: str, names: dict[str, str]) -> go.Figure:
    """Per stop (rows): the pop-up's counted activations, the estimated change in the other channels with its
    interval (negative: displacement), the spill-over onto the districts visitors came from (where estimated), and
    all together with its interval: the parts as shown add up to the total shown. Each number stands beyond the end
    of its bar's interval (left of it for a negative part), never on a whisker or another bar."""
    labels = by_stop["label"].to_list()
    parts = [
        (part, color, low, high)
        for part, color, low, high in (
            ("direct", GREY, "", ""),
            ("indirect", SERIES[3], "indirect_low", "indirect_high"),
            ("spillover", SERIES[1], "spillover_low", "spillover_high"),
            ("total", BLUE, "total_low", "total_high"),
        )
        if part in ("direct", "total") or (part in by_stop.columns and by_stop[part].is_not_null().any())
    ]
    width = 0.8 / len(parts)
    texts: dict[str, list] = {"x": [], "y": [], "text": [], "textposition": []}
    traces, ends = [], [0.0]
    for k, (part, color, low, high) in enumerate(parts):
        values = by_stop[part].to_list()
        lows = by_stop[low].to_list() if low else [None] * len(values)
        highs = by_stop[high].to_list() if high else [None] * len(values)
        y = [i - 0.4 + width * (k + 0.5) for i in range(len(values))]
        shown = [formats.number(v, lang) for v in values]
        trace = {
            "type": "bar",
            "orientation": "h",
            "x": values,
            "y": y,
            "width": width * 0.9,
            "name": names[part],
            "marker": {"color": color},
            "customdata": [[label, text] for label, text in zip(labels, shown, strict=True)],
            "hovertemplate": f"%{{customdata[0]}}: %{{customdata[1]}}<extra>{as_text(names[part])}</extra>",
        }
        if low:
            trace["error_x"] = {
                "type": "data",
                "symmetric": False,
                "color": "#1b2733",
                "thickness": 1.5,
                "array": [None if h is None or v is None else h - v for v, h in zip(values, highs, strict=True)],
                "arrayminus": [None if lo is None or v is None else v - lo for v, lo in zip(values, lows, strict=True)],
            }
        traces.append(trace)
        for v, lo, hi, at, text in zip(values, lows, highs, y, shown, strict=True):
            if v is None:
                continue
            left = v < 0
            edge = min(v, lo if lo is not None else v) if left else max(v, hi if hi is not None else v)
            ends.append(edge)
            texts["x"].append(edge)
            texts["y"].append(at)
            texts["text"].append(f"{text} " if left else f" {text}")
            texts["textposition"].append("middle left" if left else "middle right")
    traces.append(
        {
            "type": "scatter",
            "mode": "text",
            **texts,
            "textfont": {"size": 12, "color": TEXT},
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    low_end, high_end = min(ends), max(ends)
    room = 0.14 * (high_end - low_end or 1)  # for the numbers beyond the ends
    return figure(
        traces,
        lang,
        height=max(300, 90 + (14 + 20 * len(parts)) * len(labels)),
        barmode="overlay",
        xaxis={"range": [low_end - (room if low_end < 0 else room / 4), high_end + room]},
        yaxis={
            "autorange": "reversed",
            "tickvals": list(range(len(labels))),
            "ticktext": as_text(labels),
            "showgrid": False,
        },
    )


def power_curve(points: list[dict], lang: str, effect_label: str, power_label: str) -> go.Figure:
    """Power against the size of the effect, with the 80 % line."""
    trace = {
        "type": "scatter",
        "x": [p["effect"] for p in points],
        "y": [p["power"] for p in points],
        "mode": "lines",
        "line": {"color": BLUE, "width": 2.5},
        "hovertemplate": "%{x:.2f}: %{y:.0%}<extra></extra>",
        "showlegend": False,
    }
    eighty = guide("y", 0.8, DOTTED)
    return figure(
        [trace],
        lang,
        height=300,
        legend=False,
        shapes=[eighty],
        xaxis={"title": {"text": effect_label}},
        yaxis={"title": {"text": power_label}, "tickformat": ".0%", "range": [0, 1.02]},
    )
