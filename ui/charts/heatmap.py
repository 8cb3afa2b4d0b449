"""The heatmap: visits by hour and weekday."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from ui import formats
from ui.charts.look import figure
from ui.text import WEEKDAYS


def heatmap(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Visits by hour (rows) and weekday (columns); a hidden cell (column `hidden`) blank, its mark on hover."""
    first, last = (
        frame.select(pl.col("hour").min().alias("first"), pl.col("hour").max().alias("last")).row(0)
        if frame.height
        else (0, -1)
    )
    hours = list(range(first, last + 1))
    cells = {(r["weekday"], r["hour"]): r for r in frame.iter_rows(named=True)}
    hidden = formats.HIDDEN

    def cell(day: int, hour: int):
        row = cells.get((day, hour), {"visits": 0})
        return (None, hidden) if row.get("hidden") else (row["visits"], formats.number(row["visits"], lang))

    grid = [[cell(day, hour) for day in range(1, 8)] for hour in hours]
    trace = {
        "type": "heatmap",
        "z": [[z for z, _ in row] for row in grid],
        "text": [[text for _, text in row] for row in grid],
        "x": list(WEEKDAYS[lang]),
        "y": [f"{h:02d}:00" for h in hours],
        "colorscale": "Blues",
        "hovertemplate": "%{x} %{y}: %{text}<extra></extra>",
        "hoverongaps": True,
        "colorbar": {"thickness": 12},
    }
    return figure([trace], lang, height=360, legend=False, yaxis={"autorange": "reversed"})
