"""The dumbbell: each stop's uptake before and after, with the baseline."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from ui.charts.look import BLUE, GREY, RED, baseline_line, figure
from ui.text import t


def dumbbell(stops: pl.DataFrame, baseline: float, lang: str, highlight: set[str] | None = None) -> go.Figure:
    """Uptake before and after each stop (one row per stop), with the baseline; the stops of `highlight`
    (districts) drawn in red. The legend sits below the chart, clear of the baseline's label."""
    labels = [f"{r['venue']} ({r['district']})" for r in stops.iter_rows(named=True)]
    marked = [d in (highlight or set()) for d in stops["district"].to_list()]
    traces = [
        {
            "type": "scatter",
            "x": [before, after],
            "y": [label, label],
            "mode": "lines",
            "showlegend": False,
            "line": {"color": "#f3b2ac" if mark else "#b8c4d0", "width": 4},
            "hoverinfo": "skip",
        }
        for label, before, after, mark in zip(
            labels, stops["uptake_before"], stops["uptake_after"], marked, strict=True
        )
    ]
    for column, color, key, symbol in (
        ("uptake_before", GREY, "before", "circle-open"),
        ("uptake_after", BLUE, "after", "circle"),
    ):
        traces.append(
            {
                "type": "scatter",
                "x": stops[column].to_list(),
                "y": labels,
                "mode": "markers",
                "name": t(key, lang),
                "marker": {
                    "size": 12,
                    "symbol": symbol,
                    "color": [RED if mark and key == "after" else color for mark in marked],
                    "line": {"width": 2, "color": color},
                },
                "hovertemplate": f"%{{y}}: %{{x:.2%}}<extra>{t(key, lang)}</extra>",
            }
        )
    line, note = baseline_line(baseline, lang, axis="x")
    return figure(
        traces,
        lang,
        height=max(280, 90 + 42 * len(labels)),
        shapes=[line],
        annotations=[note],
        xaxis={"tickformat": ".1%"},
        yaxis={"autorange": "reversed"},
        legend_below=True,
        margin={"l": 10, "r": 10, "t": 34, "b": 10},
    )
