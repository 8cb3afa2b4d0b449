"""The district map: Hamburg's seven districts coloured by a figure, labelled, with its colour bar."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl
from plotly.colors import sample_colorscale

from ui import formats
from ui.charts.look import RED, as_text, district_colour, figure, note
from ui.text import t

HAMBURG_LATITUDE = 53.55


def district_map(
    values: pl.DataFrame,
    geojson: dict,
    lang: str,
    value_format: str,
    title: str,
    baseline: float | None = None,
) -> go.Figure:
    """The seven districts coloured by `value` (share or percentage points), drawn as filled shapes on plain axes
    (no map tiles or world outlines to fetch); boundaries from the reference data. With a `baseline` (uptake),
    districts at or above it get a red outline and a hatch pattern, explained in the legend (not by colour alone)."""
    by_name = dict(zip(values["district"].to_list(), values["value"].to_list(), strict=True))
    known = [v for v in by_name.values() if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    if value_format == "pp":  # a rise starts at no rise: a difference of 0.19 points never fills the whole scale
        low, high = min(low, 0.0), max(high, 0.0)
    traces, labels = [], []
    for feature in geojson["features"]:
        name = feature["properties"]["name"]
        value = by_name.get(name)
        shapes = _district_shapes(feature, _map_colour(value, low, high), value, value_format, lang, baseline)
        traces += shapes
        swatch = f'<span style="color:{district_colour(name)}">■</span> '  # the district's colour, as on every page
        labels.append(_district_label(feature, f"{swatch}{as_text(name)}<br>{formats.kpi(value, value_format, lang)}"))
    traces.append(_colour_bar(low, high, title, value_format))
    if baseline is not None:
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "name": t("map_above_baseline", lang, value=formats.percent(baseline, lang)),
                "line": {"color": RED, "width": 2.5},
                "showlegend": True,
                "hoverinfo": "skip",
            }
        )
    labels.append(note(t("map_attribution", lang), x=0, y=0, size=10))
    scale = {"low": formats.kpi(low, value_format, lang), "high": formats.kpi(high, value_format, lang)}
    labels.append(note(t("map_scale", lang, **scale), x=0, y=0.05, size=11))  # the colours' range, said
    return figure(
        traces,
        lang,
        height=480,
        legend=baseline is not None,
        annotations=labels,
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x", "scaleratio": 1 / math.cos(math.radians(HAMBURG_LATITUDE))},
    )


def _map_colour(value: float | None, low: float, high: float) -> str:
    if value is None:
        return "#eeeeee"
    return sample_colorscale("Blues", [0.15 + 0.85 * (value - low) / ((high - low) or 1.0)])[0]


def _district_shapes(
    feature: dict, colour: str, value: float | None, value_format: str, lang: str, baseline: float | None
) -> list[dict]:
    """One filled outline per polygon of a district; a red outline when it is at or above the baseline."""
    name = feature["properties"]["name"]
    above = baseline is not None and value is not None and value >= baseline
    outline = {"color": RED, "width": 2.5} if above else {"color": "white", "width": 1.5}
    pattern = {"shape": "/", "bgcolor": colour, "fgcolor": "rgba(255,255,255,0.65)", "size": 9, "solidity": 0.2}
    return [
        {
            "type": "scatter",
            "x": [p[0] for p in polygon[0]],
            "y": [p[1] for p in polygon[0]],
            "fill": "toself",
            "fillcolor": colour,
            **({"fillpattern": pattern} if above else {}),
            "mode": "lines",
            "hoveron": "fills",
            "line": outline,
            "name": name,
            "text": f"{name}: {formats.kpi(value, value_format, lang)}",
            "hoverinfo": "text",
            "showlegend": False,
        }
        for polygon in feature["geometry"]["coordinates"]
    ]


# Labels moved off their district (pixels, with a leader line) where two narrow neighbours would overlap.
LABEL_OFFSETS = {"Eimsbüttel": (-75, -55), "Hamburg-Nord": (20, -80)}


def _district_label(feature: dict, text: str) -> dict:
    """The district's name and value at the area-weighted centre of its largest polygon (the mean of its outline
    points would lean towards its most detailed border), or off it with a leader line (LABEL_OFFSETS)."""
    rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]]
    ring = max(rings, key=lambda r: abs(_signed_area(r)))
    area = _signed_area(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    offset = LABEL_OFFSETS.get(feature["properties"]["name"])
    return {
        "x": cx / (6 * area),
        "y": cy / (6 * area),
        "showarrow": offset is not None,
        **({"ax": offset[0], "ay": offset[1], "arrowcolor": "#1b2733", "arrowwidth": 1} if offset else {}),
        "text": text,
        "font": {"size": 11, "color": "#1b2733"},
        "bgcolor": "rgba(255,255,255,0.85)",
    }


def _signed_area(ring: list) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def _colour_bar(low: float, high: float, title: str, value_format: str) -> dict:
    """An invisible trace that carries the map's colour bar."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "showlegend": False,
        "hoverinfo": "skip",
        "marker": {
            "colorscale": [[0, sample_colorscale("Blues", [0.15])[0]], [1, sample_colorscale("Blues", [1.0])[0]]],
            "cmin": low,
            "cmax": high,
            "color": [low],
            "showscale": True,
            "colorbar": {
                "title": {"text": title, "side": "right"},
                "thickness": 12,
                "tickformat": ".1%" if value_format == "share" else ".2f",
            },
        },
    }
