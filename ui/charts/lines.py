"""Lines over time: the estimated uptake (Hamburg, the districts, the selection) and the online services' daily
use, each with the stops' bands."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl

from ui.charts.look import (
    BASELINE_ROOM,
    BLUE,
    DISTRICT_COLOURS,
    SERIES,
    as_text,
    banded,
    baseline_line,
    figure,
    series_line,
    stop_bands,
)
from ui.text import code


def uptake_lines(
    series: pl.DataFrame,
    stops: pl.DataFrame,
    baseline: float,
    lang: str,
    start: dt.date,
    end: dt.date,
    *,
    emphasised: str | None = None,
) -> go.Figure:
    """Estimated uptake over time, one line per value of `district` (the `emphasised` one drawn bold), stops
    shaded, baseline drawn."""
    traces = []
    for i, (key, part) in enumerate(series.partition_by("district", as_dict=True, maintain_order=True).items()):
        name = key[0]
        bold = name == emphasised
        traces.append(
            {
                "type": "scatter",
                "x": part["date"].to_list(),
                "y": part["uptake"].to_list(),
                "name": name,
                "mode": "lines",
                "line": {"width": 3.5, "color": BLUE} if bold else _district_line(name, i + 1),
                "hovertemplate": f"{as_text(name)}<br>%{{x}}: %{{y:.2%}}<extra></extra>",
            }
        )
    shapes, labels = stop_bands(stops, start, end)
    line, note = baseline_line(baseline, lang)
    return figure(
        traces,
        lang,
        y_share=True,
        x_dates=True,
        shapes=[*shapes, line],
        annotations=[*labels, note],
        **banded(labels, right=BASELINE_ROOM),
    )


def _district_line(name: str, i: int) -> dict:
    """A district's line in its colour (DISTRICT_COLOURS); any other series in the series colours."""
    return {"width": 1.8, "color": DISTRICT_COLOURS[name]} if name in DISTRICT_COLOURS else series_line(i, 1.8)


def usage_over_time(frame: pl.DataFrame, stops: pl.DataFrame, lang: str, start: dt.date, end: dt.date) -> go.Figure:
    """Started transactions per day (weekly mean), stacked by sign-in method, with the stop bands. A single week
    (a short period) is drawn as points on an axis of its days: as an area it was invisible, under ticks that
    named each day twice."""
    weeks = frame["week"].unique().to_list()
    single = len(weeks) == 1
    traces = []
    for i, method in enumerate(("eid", "username_password", "none")):
        part = frame.filter(pl.col("auth_method") == method)
        traces.append(
            {
                "type": "scatter",
                "x": part["week"].to_list(),
                "y": part["started_per_day"].to_list(),
                "name": code(method, lang),
                "mode": "lines+markers" if single else "lines",
                "marker": {"size": 9, "color": SERIES[i]},
                "stackgroup": "usage",
                "line": {"width": 0.5, "color": SERIES[i]},
                "hovertemplate": f"{code(method, lang)}<br>%{{x}}: %{{y:,.0f}}<extra></extra>",
            }
        )
    shapes, labels = stop_bands(stops, start, end)
    xaxis: dict = {}
    if single:  # a week's days around its one point, each day ticked once
        day = dt.timedelta(days=1)
        xaxis = {"range": [weeks[0] - day, weeks[0] + 7 * day], "dtick": day.total_seconds() * 1000}
    return figure(traces, lang, x_dates=True, shapes=shapes, annotations=labels, xaxis=xaxis, **banded(labels))
