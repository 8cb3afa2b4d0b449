"""Chart builders: a small frame in, a Plotly figure out. No Streamlit calls, so they can be tested and reused.

Every time axis gets the stop periods as labelled bands, every uptake chart the national baseline as a
labelled reference line; numbers and dates follow the language. Each builder collects its traces, shapes and
annotations as plain dicts and makes the figure in one step: every Plotly update call validates the whole
figure again, which costs more than the page's queries.
"""

from __future__ import annotations

import datetime as dt
import html
import math

import plotly.graph_objects as go
import polars as pl
from plotly.colors import sample_colorscale

from etl.schema import DISTRICTS
from ui import formats
from ui.text import WEEKDAYS, code, t

BLUE, RED, GREY, LIGHT = "#1f5fa8", "#d52b1e", "#5f6b75", "#e8eef5"
# Six series colours, each at least 3:1 against white, chosen so that every pair stays apart (CIELAB ΔE ≥ 20) also
# as people with protanopia, deuteranopia or tritanopia see them (tests/test_accessibility.py simulates them).
# A seventh series and on repeats the colours with a dashed line or a hatched bar: never colour alone.
SERIES = ("#1f5fa8", "#d06925", "#30a677", "#6925d0", "#9c1c69", "#6b3a2e")
DASHES = ("solid", "dash", "dot")
HATCHES = ("", "/", ".")


def series_line(i: int, width: float) -> dict:
    return {"width": width, "color": SERIES[i % len(SERIES)], "dash": DASHES[i // len(SERIES) % len(DASHES)]}


def series_marker(i: int) -> dict:
    hatch = HATCHES[i // len(SERIES) % len(HATCHES)]
    colour = SERIES[i % len(SERIES)]
    # fillmode "overlay": the colour stays the bar's ground and the hatch is drawn on it ("replace", Plotly's
    # default, drew only white lines on nothing: the seventh and eighth parts of a bar were invisible)
    pattern = {"shape": hatch, "fgcolor": "white", "solidity": 0.3, "fillmode": "overlay"}
    return {"color": colour, **({"pattern": pattern} if hatch else {})}


# One colour per district on every page (lines, bars, the map's labels), in the contract's order of districts: the
# series colours after BLUE (which stays Hamburg's or the selection's own line), a light purple and a near-black,
# all at least 3:1 against white and at least ΔE 20 apart from each other and from BLUE, also as people with
# protanopia, deuteranopia or tritanopia see them (tests/test_accessibility.py). An unknown district is a light
# grey with a hatch, told apart by the pattern as well as its colour.
DISTRICT_COLOURS = dict(zip(DISTRICTS, (*SERIES[1:], "#d860f8", "#1a1a1a"), strict=True))
UNKNOWN_COLOUR = "#b4b9be"
UNKNOWN_PATTERN = {"shape": "/", "fgcolor": GREY, "solidity": 0.25, "fillmode": "overlay"}


def district_colour(name: str | None) -> str:
    """The district's colour; the unknown district's grey for anything else (None, "unbekannt")."""
    return DISTRICT_COLOURS.get(name or "", UNKNOWN_COLOUR)


def district_marker(name: str | None) -> dict:
    """A bar part in the district's colour; the unknown district's grey with a hatch."""
    if name in DISTRICT_COLOURS:
        return {"color": DISTRICT_COLOURS[name]}
    return {"color": UNKNOWN_COLOUR, "pattern": dict(UNKNOWN_PATTERN)}


FONT = "Source Sans Pro, Arial, sans-serif"
TEXT = "#31333f"  # Streamlit's body text
# The look of every figure, carried by the figure itself: the dashboard draws it without Streamlit's chart theme,
# which the browser merged into every figure (about 0.1 s of browser CPU per switch to the compare page, measured
# with and without), and this small template replaces the 3.6 kB one Plotly would embed in each figure. Tick labels
# in GREY (5.5:1 on white) instead of the theme's #808495 (3.7:1).
_AXIS = {"automargin": True, "zeroline": False, "tickfont": {"color": GREY, "size": 12}, "ticks": ""}
TEMPLATE = {
    "layout": {
        "colorway": list(SERIES),
        "font": {"family": FONT, "size": 13, "color": TEXT},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
        "hoverlabel": {"bgcolor": "white", "bordercolor": "#cfd6dd", "font": {"family": FONT, "color": TEXT}},
        "legend": {"font": {"color": TEXT}},
    }
}
HAMBURG_LATITUDE = 53.55


def figure(
    traces: list[dict],
    lang: str,
    *,
    height: int = 380,
    y_share: bool = False,
    x_dates: bool = False,
    legend: bool = True,
    legend_below: bool = False,
    legend_traceorder: str | None = None,
    shapes: list[dict] | None = None,
    annotations: list[dict] | None = None,
    **extra,
) -> go.Figure:
    """The figure in the house style; data text in the traces shown as text (_as_text)."""
    traces = [{**trace, **{k: _as_text(trace[k]) for k in DATA_KEYS if k in trace}} for trace in traces]
    # numbers in full with the language's thousands mark (50.000, not 50k)
    plain = {"exponentformat": "none", "separatethousands": True}
    xaxis = {"showgrid": False, "linecolor": "#cfd6dd", **plain}
    yaxis = {"gridcolor": "#edf0f3", "zeroline": False, **plain}
    if y_share:
        yaxis["tickformat"] = ".1%"
    if x_dates:
        day, month = ("%d.%m.", "%m/%Y") if lang == "de" else ("%d %b", "%b %Y")
        xaxis.update(  # days on short periods, months on long ones: never the same month ticked twice
            tickformatstops=[
                {"dtickrange": [None, "M1"], "value": day},
                {"dtickrange": ["M1", None], "value": month},
            ],
            hoverformat=formats.plotly_date_format(lang),
        )
    xaxis.update(extra.pop("xaxis", {}))
    yaxis.update(extra.pop("yaxis", {}))
    layout = {
        "height": height,
        "separators": formats.plotly_separators(lang),
        "template": TEMPLATE,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10, "pad": 4},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "showlegend": legend,
        "legend": {
            "orientation": "h",
            "x": 0,
            **({"yanchor": "top", "y": -0.12} if legend_below else {"yanchor": "bottom", "y": 1.02}),
            **({"traceorder": legend_traceorder} if legend_traceorder else {}),
        },
        "xaxis": xaxis,
        "yaxis": yaxis,
        "shapes": shapes or [],
        "annotations": annotations or [],
        **extra,
    }
    return go.Figure(data=traces, layout=layout)


DATA_KEYS = ("x", "y", "labels", "customdata", "ids")


def _as_text(values):
    """Data values with Plotly's markup characters escaped: a venue named "<b>x</b>" shows as typed, not bold
    (Plotly reads a subset of HTML in every label, tick and hover text, and shows &lt; as <)."""
    if isinstance(values, str):
        return html.escape(values, quote=False)
    if isinstance(values, pl.Series):
        return _as_text(values.to_list()) if values.dtype in (pl.String, pl.Categorical, pl.Enum) else values
    if isinstance(values, list | tuple):
        return [_as_text(v) if isinstance(v, str | list | tuple) else v for v in values]
    return values


def stop_bands(stops: pl.DataFrame, start: dt.date, end: dt.date) -> tuple[list[dict], list[dict]]:
    """Shapes and labels that shade each stop's days within [start, end]."""
    shapes, labels = [], []
    for stop in stops.iter_rows(named=True):
        first, last = max(stop["start_date"], start), min(stop["end_date"], end)
        if first > last:
            continue
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": first,
                "x1": last + dt.timedelta(days=1),
                "y0": 0,
                "y1": 1,
                "fillcolor": LIGHT,
                "opacity": 0.9,
                "layer": "below",
                "line": {"width": 0},
            }
        )
        labels.append(
            {
                "x": first,
                "xref": "x",
                "y": 1,
                "yref": "paper",
                "text": _as_text(stop["venue"]),
                "showarrow": False,
                "textangle": -90,
                "xanchor": "left",
                "yanchor": "top",
                "font": {"size": 11, "color": GREY},
            }
        )
    return shapes, labels


def baseline_line(baseline: float, lang: str, axis: str = "y") -> tuple[dict, dict]:
    """The national baseline as a dashed red line with its label (horizontal, or vertical with axis='x')."""
    label = t("baseline", lang, value=formats.percent(baseline, lang))
    if axis == "y":
        line = {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": baseline, "y1": baseline}
        note = {"xref": "paper", "x": 1, "yref": "y", "y": baseline, "xanchor": "right", "yanchor": "top"}
    else:
        line = {"type": "line", "yref": "paper", "y0": 0, "y1": 1, "xref": "x", "x0": baseline, "x1": baseline}
        note = {"yref": "paper", "y": 1, "xref": "x", "x": baseline, "xanchor": "center", "yanchor": "bottom"}
    line["line"] = {"color": RED, "width": 1.5, "dash": "dash"}
    note.update(text=label, showarrow=False, font={"color": RED, "size": 12})
    return line, note


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
                "hovertemplate": f"{_as_text(name)}<br>%{{x}}: %{{y:.2%}}<extra></extra>",
            }
        )
    shapes, labels = stop_bands(stops, start, end)
    line, note = baseline_line(baseline, lang)
    return figure(traces, lang, y_share=True, x_dates=True, shapes=[*shapes, line], annotations=[*labels, note])


def _district_line(name: str, i: int) -> dict:
    """A district's line in its colour (DISTRICT_COLOURS); any other series in the series colours."""
    return {"width": 1.8, "color": DISTRICT_COLOURS[name]} if name in DISTRICT_COLOURS else series_line(i, 1.8)


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
        labels.append(_district_label(feature, f"{swatch}{_as_text(name)}<br>{formats.kpi(value, value_format, lang)}"))
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
    labels.append(_note(t("map_attribution", lang), x=0, y=0, size=10))
    scale = {"low": formats.kpi(low, value_format, lang), "high": formats.kpi(high, value_format, lang)}
    labels.append(_note(t("map_scale", lang, **scale), x=0, y=0.05, size=11))  # the colours' range, said
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


def _note(text: str, *, x: float, y: float, size: int = 11) -> dict:
    """A small grey note placed on the paper (not the data) of a figure."""
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": size, "color": GREY},
        "xanchor": "left",
        "yanchor": "bottom",
    }


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
                "hovertemplate": f"{_as_text(category)}<br>%{{y}}: %{{x:.1%}}<extra></extra>",
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
            "hovertemplate": f"{_as_text(hidden_label)}<br>%{{y}}: %{{x:.1%}}<extra></extra>",
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


def usage_over_time(frame: pl.DataFrame, stops: pl.DataFrame, lang: str, start: dt.date, end: dt.date) -> go.Figure:
    """Started transactions per day (weekly mean), stacked by sign-in method, with the stop bands."""
    traces = []
    for i, method in enumerate(("eid", "username_password", "none")):
        part = frame.filter(pl.col("auth_method") == method)
        traces.append(
            {
                "type": "scatter",
                "x": part["week"].to_list(),
                "y": part["started_per_day"].to_list(),
                "name": code(method, lang),
                "mode": "lines",
                "stackgroup": "usage",
                "line": {"width": 0.5, "color": SERIES[i]},
                "hovertemplate": f"{code(method, lang)}<br>%{{x}}: %{{y:,.0f}}<extra></extra>",
            }
        )
    shapes, labels = stop_bands(stops, start, end)
    return figure(traces, lang, x_dates=True, shapes=shapes, annotations=labels)


def phases(frame: pl.DataFrame, lang: str) -> go.Figure:
    """The eID share of online transactions before, during and after each stop (grouped bars)."""
    labels = [f"{r['venue']} ({r['district']})" for r in frame.iter_rows(named=True)]
    traces = []
    for phase, color in (("before", GREY), ("during", BLUE), ("after", SERIES[2])):
        values = frame[f"eid_share_{phase}"].to_list()
        traces.append(
            {
                "type": "bar",
                "x": labels,
                "y": values,
                "name": code(phase, lang),
                "marker": {"color": color},
                "text": [formats.percent(v, lang) for v in values],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": f"%{{x}}: %{{text}}<extra>{code(phase, lang)}</extra>",
            }
        )
    return figure(traces, lang, y_share=True, barmode="group")


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
    zero = {
        "type": "line",
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "xref": "x",
        "x0": 0,
        "x1": 0,
        "line": {"color": GREY, "width": 1, "dash": "dot"},
    }
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
        {
            "type": "line",
            "xref": "paper",
            "x0": 0,
            "x1": 1,
            "yref": "y",
            "y0": 0,
            "y1": 0,
            "line": {"color": GREY, "width": 1, "dash": "dot"},
        },
        {
            "type": "line",
            "yref": "paper",
            "y0": 0,
            "y1": 1,
            "xref": "x",
            "x0": -0.5,
            "x1": -0.5,
            "line": {"color": RED, "width": 1, "dash": "dash"},
        },
    ]
    return figure(
        traces,
        lang,
        shapes=shapes,
        xaxis={"title": {"text": week_label}, "dtick": 2},
        yaxis={"title": {"text": unit_label}},
    )


def counterfactual(frame: pl.DataFrame, stops: pl.DataFrame, lang: str, names: dict[str, str]) -> go.Figure:
    """Observed weekly outcome of a district against its estimated counterfactual, with its stop shaded."""
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
    return figure(traces, lang, x_dates=True, shapes=shapes, annotations=labels)


def impact_parts(by_stop: pl.DataFrame, lang: str, names: dict[str, str]) -> go.Figure:
    """Per stop (rows): the pop-up's counted activations, the estimated change in the other channels with its
    interval (negative: displacement), and both together with its interval."""
    labels = by_stop["label"].to_list()
    traces = []
    for part, color, low, high in (
        ("direct", GREY, "", ""),
        ("indirect", SERIES[3], "indirect_low", "indirect_high"),
        ("total", BLUE, "total_low", "total_high"),
    ):
        values = by_stop[part].to_list()
        trace = {
            "type": "bar",
            "orientation": "h",
            "x": values,
            "y": labels,
            "name": names[part],
            "marker": {"color": color},
            "text": [formats.number(v, lang) for v in values],
            "textposition": "outside",
            "cliponaxis": False,
            "hovertemplate": f"%{{y}}: %{{text}}<extra>{_as_text(names[part])}</extra>",
        }
        if low:
            lows, highs = by_stop[low].to_list(), by_stop[high].to_list()
            trace["error_x"] = {
                "type": "data",
                "symmetric": False,
                "color": "#1b2733",
                "thickness": 1.5,
                "array": [None if h is None or v is None else h - v for v, h in zip(values, highs, strict=True)],
                "arrayminus": [None if lo is None or v is None else v - lo for v, lo in zip(values, lows, strict=True)],
            }
        traces.append(trace)
    return figure(
        traces,
        lang,
        height=max(300, 80 + 70 * len(labels)),
        barmode="group",
        yaxis={"autorange": "reversed"},
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
    eighty = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "yref": "y",
        "y0": 0.8,
        "y1": 0.8,
        "line": {"color": GREY, "width": 1, "dash": "dot"},
    }
    return figure(
        [trace],
        lang,
        height=300,
        legend=False,
        shapes=[eighty],
        xaxis={"title": {"text": effect_label}},
        yaxis={"title": {"text": power_label}, "tickformat": ".0%", "range": [0, 1.02]},
    )
