"""The briefing's chart drawn as a static SVG from the same data as the overview's chart: Hamburg's (or the
selection's) estimated eID uptake over time, the stops as shaded bands, the national baseline as a dashed line.
Offline and without a browser; the typesetter embeds it with its text alternative."""

from __future__ import annotations

import datetime as dt
from html import escape

import polars as pl

from ui import formats

WIDTH, HEIGHT = 640, 250
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 40
FONT = "Libertinus Serif"
LINE, BAND, BASELINE, GRID, INK = "#1f4e79", "#dbe7f3", "#a33b20", "#d9d9d9", "#333333"


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round percentage steps (0.5, 1, 2, 5 points …) covering [low, high]."""
    span = max(high - low, 1e-4)
    step = next(s for s in (0.001, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1) if span / s <= count)
    first = int(low / step) * step
    ticks = []
    value = first
    while value <= high + 1e-12:
        if value >= low - 1e-12:
            ticks.append(round(value, 6))
        value += step
    return ticks


def _month_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    every = 1 if months <= 8 else 3 if months <= 24 else 6
    day = dt.date(start.year, start.month, 1)
    ticks = []
    while day <= end:
        if day >= start and (day.month - 1) % every == 0:
            ticks.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return ticks


def uptake(series: pl.DataFrame, bands: pl.DataFrame, baseline: float, lang: str) -> str:
    """The SVG text: `series` (date, uptake), `bands` (venue, start_date, end_date), baseline a share."""
    start, end = series["date"].min(), series["date"].max()
    assert isinstance(start, dt.date) and isinstance(end, dt.date)
    values = [v for v in series["uptake"].to_list() if v is not None]
    low = min([*values, baseline]) - 0.002
    high = max([*values, baseline]) + 0.002
    days = max((end - start).days, 1)

    def x(day) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (min(max(day, start), end) - start).days / days

    def y(share: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - share) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FONT}" font-size="11" fill="{INK}">'
    ]
    for band in bands.iter_rows(named=True):
        if band["end_date"] < start or band["start_date"] > end:
            continue
        x0, x1 = x(band["start_date"]), x(band["end_date"])
        parts.append(
            f'<rect x="{x0:.1f}" y="{TOP}" width="{max(x1 - x0, 1.5):.1f}" height="{HEIGHT - TOP - BOTTOM}" '
            f'fill="{BAND}"/>'
        )
    for tick in _ticks(low, high):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>')
        label = escape(formats.percent(tick, lang, 1))
        parts.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{label}</text>')
    for first in _month_ticks(start, end):
        label = escape(formats.month(first, lang))
        parts.append(
            f'<line x1="{x(first):.1f}" x2="{x(first):.1f}" y1="{HEIGHT - BOTTOM}" y2="{HEIGHT - BOTTOM + 4}" '
            f'stroke="{INK}"/><text x="{x(first):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{label}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(baseline):.1f}" y2="{y(baseline):.1f}" '
        f'stroke="{BASELINE}" stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    points = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in series.iter_rows() if v is not None)
    parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    axis = HEIGHT - BOTTOM
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis}" y2="{axis}" stroke="{INK}"/>')
    parts.append("</svg>")
    return "\n".join(parts)
