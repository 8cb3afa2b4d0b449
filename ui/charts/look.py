"""The house look every chart shares: the colours (series, districts, the unknown grey with its hatch), the
Plotly template, `figure()` (the layout in the language's number and date formats), and the two things every
time axis and every uptake chart carries: the stops' periods as labelled bands and the national baseline."""

from __future__ import annotations

import datetime as dt
import html

import plotly.graph_objects as go
import polars as pl

from etl.schema import DISTRICTS
from ui import formats
from ui.text import t

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
    """The figure in the house style; data text in the traces shown as text (as_text)."""
    traces = [{**trace, **{k: as_text(trace[k]) for k in DATA_KEYS if k in trace}} for trace in traces]
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


def as_text(values):
    """Data values with Plotly's markup characters escaped: a venue named "<b>x</b>" shows as typed, not bold
    (Plotly reads a subset of HTML in every label, tick and hover text, and shows &lt; as <)."""
    if isinstance(values, str):
        return html.escape(values, quote=False)
    if isinstance(values, pl.Series):
        return as_text(values.to_list()) if values.dtype in (pl.String, pl.Categorical, pl.Enum) else values
    if isinstance(values, list | tuple):
        return [as_text(v) if isinstance(v, str | list | tuple) else v for v in values]
    return values


BAND_LABEL_SIZE = 11


def stop_bands(stops: pl.DataFrame, start: dt.date, end: dt.date) -> tuple[list[dict], list[dict]]:
    """Shapes and labels that shade each stop's days within [start, end]. Each label stands upright above the plot
    (in the room `banded` makes for it), never across the lines or bars drawn in the band."""
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
                "text": as_text(stop["venue"]),
                "showarrow": False,
                "textangle": -90,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": BAND_LABEL_SIZE, "color": GREY},
            }
        )
    return shapes, labels


def banded(labels: list[dict], height: int = 380, right: int = 10) -> dict:
    """The layout of a chart with stop bands (`labels` from stop_bands): room above the plot for the upright
    labels (their longest, at about half the font size per character), the chart that much higher so the plot
    keeps its height, and the legend below the plot (above it would cross the labels); `right`: room on the right
    (a baseline's label)."""
    longest = max((len(label["text"]) for label in labels), default=0)
    room = int(0.5 * BAND_LABEL_SIZE * longest) + 12 if longest else 0
    return {
        "height": height + room,
        "legend_below": True,
        "margin": {"l": 10, "r": right, "t": 30 + room, "b": 10, "pad": 4},
    }


def guide(axis: str, at: float, line: dict) -> dict:
    """A line across the whole plot at `at` on the axis: horizontal for axis='y', vertical for axis='x'."""
    across = "x" if axis == "y" else "y"
    return {
        "type": "line",
        f"{across}ref": "paper",
        f"{across}0": 0,
        f"{across}1": 1,
        f"{axis}ref": axis,
        f"{axis}0": at,
        f"{axis}1": at,
        "line": dict(line),  # its own copy: a figure may restyle its shapes
    }


BASELINE_ROOM = 84  # px on the right of a plot for a horizontal baseline's label ("Bundesweit" / "25,0 %")


def baseline_line(baseline: float, lang: str, axis: str = "y") -> tuple[dict, dict]:
    """The national baseline as a dashed red line with its label (horizontal, its label right of the plot in two
    lines: give the figure BASELINE_ROOM on the right; or vertical with axis='x', its label above the plot)."""
    label = t("baseline", lang, value=formats.percent(baseline, lang))
    line = guide(axis, baseline, {"color": RED, "width": 1.5, "dash": "dash"})
    if axis == "y":  # in the room on the right of the plot (BASELINE_ROOM), never across a line
        label = label.replace(" ", "<br>", 1)
        note = {"xref": "paper", "x": 1, "yref": "y", "y": baseline, "xanchor": "left", "yanchor": "middle"}
    else:
        note = {"yref": "paper", "y": 1, "xref": "x", "x": baseline, "xanchor": "center", "yanchor": "bottom"}
    note.update(text=label, showarrow=False, font={"color": RED, "size": 12})
    return line, note


def note(text: str, *, x: float, y: float, size: int = 11) -> dict:
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
