"""Chart builders: a small frame in, a Plotly figure out. No Streamlit calls, so they can be tested and reused.

Every time axis gets the stop periods as labelled bands, every uptake chart the national baseline as a
labelled reference line; numbers and dates follow the language.
"""

from __future__ import annotations

import datetime as dt
import math

import plotly.graph_objects as go
import polars as pl

from ui import format as fmt
from ui.text import WEEKDAYS, code, t

BLUE, RED, GREY, LIGHT = "#1f5fa8", "#d52b1e", "#7a8691", "#e8eef5"
SERIES = ("#1f5fa8", "#7cb342", "#2e8540", "#e07b00", "#6b3fa0", "#00838f", "#8d6e63", "#37474f", "#c2185b")
FONT = "Source Sans Pro, Arial, sans-serif"


def layout(
    fig: go.Figure, lang: str, *, height: int = 380, y_share: bool = False, x_dates: bool = False, legend: bool = True
) -> go.Figure:
    fig.update_layout(
        height=height,
        separators=fmt.plotly_separators(lang),
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(showgrid=False, linecolor="#cfd6dd")
    fig.update_yaxes(gridcolor="#edf0f3", zeroline=False)
    if y_share:
        fig.update_yaxes(tickformat=".1%")
    if x_dates:
        fig.update_xaxes(tickformat="%m/%Y" if lang == "de" else "%b %Y", hoverformat=fmt.plotly_date_format(lang))
    return fig


def add_stop_bands(fig: go.Figure, stops: pl.DataFrame, lang: str, start: dt.date, end: dt.date) -> go.Figure:
    """Shade each stop's days that fall in [start, end] and label the band with the venue."""
    for stop in stops.iter_rows(named=True):
        first, last = max(stop["start_date"], start), min(stop["end_date"], end)
        if first > last:
            continue
        fig.add_vrect(
            x0=first,
            x1=last + dt.timedelta(days=1),
            fillcolor=LIGHT,
            opacity=0.9,
            layer="below",
            line_width=0,
            annotation_text=stop["venue"],
            annotation_position="top left",
            annotation_font={"size": 11, "color": GREY},
            annotation_textangle=-90,
        )
    return fig


def add_baseline(fig: go.Figure, baseline: float, lang: str) -> go.Figure:
    fig.add_hline(
        y=baseline,
        line_dash="dash",
        line_color=RED,
        line_width=1.5,
        annotation_text=t("baseline", lang, value=fmt.percent(baseline, lang)),
        annotation_position="bottom right",
        annotation_font={"color": RED, "size": 12},
    )
    return fig


def uptake_lines(
    series: pl.DataFrame,
    names: dict[str, str],
    stops: pl.DataFrame,
    baseline: float,
    lang: str,
    start: dt.date,
    end: dt.date,
) -> go.Figure:
    """Estimated uptake over time, one line per series (column `district`), stops shaded, baseline drawn."""
    fig = go.Figure()
    for i, (key, part) in enumerate(series.partition_by("district", as_dict=True, maintain_order=True).items()):
        name = names.get(key[0], key[0])
        emphasised = key[0] == "Σ"
        fig.add_trace(
            go.Scatter(
                x=part["date"].to_list(),
                y=part["uptake"].to_list(),
                name=name,
                mode="lines",
                line={
                    "width": 3.5 if emphasised else 1.8,
                    "color": BLUE if emphasised else SERIES[(i + 1) % len(SERIES)],
                },
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.2%}}<extra></extra>",
            )
        )
    add_stop_bands(fig, stops, lang, start, end)
    add_baseline(fig, baseline, lang)
    return layout(fig, lang, y_share=True, x_dates=True)


def district_map(values: pl.DataFrame, geojson: dict, lang: str, value_format: str, title: str) -> go.Figure:
    """The seven districts coloured by `value` (share or percentage points), drawn as filled shapes on plain axes
    (no map tiles or world outlines to fetch); boundaries from the reference data."""
    from plotly.colors import sample_colorscale

    by_name = dict(zip(values["district"].to_list(), values["value"].to_list(), strict=True))
    known = [v for v in by_name.values() if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    span = (high - low) or 1.0
    fig = go.Figure()
    for feature in geojson["features"]:
        name = feature["properties"]["name"]
        value = by_name.get(name)
        color = "#eeeeee" if value is None else sample_colorscale("Blues", [0.15 + 0.85 * (value - low) / span])[0]
        label = f"{name}: {fmt.kpi(value, value_format, lang)}"
        xs_all, ys_all = [], []
        for polygon in feature["geometry"]["coordinates"]:
            ring = polygon[0]
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            xs_all += xs
            ys_all += ys
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    fill="toself",
                    fillcolor=color,
                    mode="lines",
                    hoveron="fills",
                    line={"color": "white", "width": 1.5},
                    name=name,
                    text=label,
                    hoverinfo="text",
                    showlegend=False,
                )
            )
        fig.add_annotation(
            x=sum(xs_all) / len(xs_all),
            y=sum(ys_all) / len(ys_all),
            showarrow=False,
            text=f"{name}<br>{fmt.kpi(value, value_format, lang)}",
            font={"size": 11, "color": "#1b2733"},
            bgcolor="rgba(255,255,255,0.6)",
        )
    fig.add_trace(
        go.Scatter(  # carries the colour bar
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
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
        )
    )
    fig.add_annotation(
        text=t("map_attribution", lang),
        x=0,
        y=0,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 10, "color": GREY},
        xanchor="left",
        yanchor="bottom",
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(53.55)))
    fig.update_layout(
        height=440,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        separators=fmt.plotly_separators(lang),
        font={"family": FONT},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return fig


def dumbbell(stops: pl.DataFrame, baseline: float, lang: str) -> go.Figure:
    """Uptake before and after each stop (one row per stop), with the baseline."""
    labels = [f"{r['venue']} ({r['district']})" for r in stops.iter_rows(named=True)]
    fig = go.Figure()
    for label, before, after in zip(labels, stops["uptake_before"], stops["uptake_after"], strict=True):
        fig.add_trace(
            go.Scatter(
                x=[before, after],
                y=[label, label],
                mode="lines",
                line={"color": "#b8c4d0", "width": 4},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    for column, color, key in (("uptake_before", GREY, "before"), ("uptake_after", BLUE, "after")):
        fig.add_trace(
            go.Scatter(
                x=stops[column].to_list(),
                y=labels,
                mode="markers",
                name=t(key, lang),
                marker={"size": 12, "color": color},
                hovertemplate="%{y}: %{x:.2%}<extra>" + t(key, lang) + "</extra>",
            )
        )
    fig.add_vline(
        x=baseline,
        line_dash="dash",
        line_color=RED,
        line_width=1.5,
        annotation_text=t("baseline", lang, value=fmt.percent(baseline, lang)),
        annotation_font={"color": RED, "size": 12},
        annotation_position="top",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=".1%")
    return layout(fig, lang, height=max(260, 60 + 42 * len(labels)))


def bars(
    frame: pl.DataFrame,
    x: str,
    y: str,
    lang: str,
    *,
    highlight: str | None = None,
    orientation: str = "v",
    value_format: str = "int",
    color: str = BLUE,
    height: int = 340,
) -> go.Figure:
    """Simple bars; the bar whose label equals `highlight` is drawn in red."""
    labels, values = frame[x].to_list(), frame[y].to_list()
    colors = [RED if label == highlight else color for label in labels]
    text = [fmt.kpi(v, value_format, lang) for v in values]
    trace = (
        go.Bar(
            x=labels,
            y=values,
            marker_color=colors,
            text=text,
            textposition="outside",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
        if orientation == "v"
        else go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=colors,
            text=text,
            textposition="outside",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig = go.Figure(trace)
    if orientation == "h":
        fig.update_yaxes(autorange="reversed")
    if value_format == "share":
        (fig.update_yaxes if orientation == "v" else fig.update_xaxes)(tickformat=".0%")
    fig.update_traces(cliponaxis=False)
    return layout(fig, lang, height=height, legend=False)


def heatmap(frame: pl.DataFrame, lang: str) -> go.Figure:
    """Visits by hour (rows) and weekday (columns)."""
    hours = list(range(int(frame["hour"].min()), int(frame["hour"].max()) + 1)) if frame.height else []
    lookup = {(r["weekday"], r["hour"]): r["visits"] for r in frame.iter_rows(named=True)}
    z = [[lookup.get((day, hour), 0) for day in range(1, 8)] for hour in hours]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(WEEKDAYS[lang]),
            y=[f"{h:02d}:00" for h in hours],
            colorscale="Blues",
            hovertemplate="%{x} %{y}: %{z}<extra></extra>",
            colorbar={"thickness": 12},
        )
    )
    fig.update_yaxes(autorange="reversed")
    return layout(fig, lang, height=360, legend=False)


def stacked(
    frame: pl.DataFrame, x: str, color: str, y: str, lang: str, *, height: int = 340, x_labels: bool = True
) -> go.Figure:
    """Stacked bars of `y` by `x`, one colour per value of `color` (codes translated)."""
    fig = go.Figure()
    for i, value in enumerate(frame[color].unique(maintain_order=True).to_list()):
        part = frame.filter(pl.col(color) == value)
        fig.add_trace(
            go.Bar(
                x=[code(v, lang) for v in part[x].to_list()] if x_labels else part[x].to_list(),
                y=part[y].to_list(),
                name=code(value, lang),
                marker_color=SERIES[i % len(SERIES)],
                hovertemplate=f"{code(value, lang)}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    return layout(fig, lang, height=height)


def usage_over_time(frame: pl.DataFrame, stops: pl.DataFrame, lang: str, start: dt.date, end: dt.date) -> go.Figure:
    """Started transactions per day (weekly mean), stacked by sign-in method, with the stop bands."""
    fig = go.Figure()
    for i, method in enumerate(("eid", "username_password", "none")):
        part = frame.filter(pl.col("auth_method") == method)
        fig.add_trace(
            go.Scatter(
                x=part["week"].to_list(),
                y=part["started_per_day"].to_list(),
                name=code(method, lang),
                mode="lines",
                stackgroup="usage",
                line={"width": 0.5, "color": SERIES[i]},
                hovertemplate=f"{code(method, lang)}<br>%{{x}}: %{{y:,.0f}}<extra></extra>",
            )
        )
    add_stop_bands(fig, stops, lang, start, end)
    return layout(fig, lang, x_dates=True)


def phases(frame: pl.DataFrame, lang: str) -> go.Figure:
    """The eID share of online transactions before, during and after each stop (grouped bars)."""
    fig = go.Figure()
    labels = [f"{r['venue']} ({r['district']})" for r in frame.iter_rows(named=True)]
    for i, phase in enumerate(("before", "during", "after")):
        values = frame[f"eid_share_{phase}"].to_list()
        fig.add_trace(
            go.Bar(
                x=labels,
                y=values,
                name=code(phase, lang),
                marker_color=(GREY, BLUE, SERIES[2])[i],
                text=[fmt.percent(v, lang) for v in values],
                textposition="outside",
                hovertemplate="%{x}: %{text}<extra>" + code(phase, lang) + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_traces(cliponaxis=False)
    return layout(fig, lang, y_share=True)
