"""Chart builders: a small frame in, a Plotly figure out. No Streamlit calls, so they can be tested and reused.

Every time axis gets the stop periods as labelled bands, every uptake chart the national baseline as a
labelled reference line; numbers and dates follow the language. Each builder collects its traces, shapes and
annotations as plain dicts and makes the figure in one step: every Plotly update call validates the whole
figure again, which costs more than the page's queries.

One module per kind of chart, where a reader looks for it; the pages call them all as `charts.<name>`:
- `look`: the house look every chart shares (colours, template, `figure()`, stop bands, baseline line);
- `lines`: lines over time (uptake, online services);
- `bars`: bars, shares of 100 %, stacked bars, before/during/after;
- `dumbbell`: each stop's uptake before and after;
- `heatmap`: visits by hour and weekday;
- `map`: the district map;
- `impact`: the impact estimate's charts (forest, event study, counterfactual, parts, power curve).
"""

from __future__ import annotations

from ui.charts.bars import bars, phases, shares, stacked
from ui.charts.dumbbell import dumbbell
from ui.charts.heatmap import heatmap
from ui.charts.impact import counterfactual, event_study, forest, impact_parts, power_curve
from ui.charts.lines import uptake_lines, usage_over_time
from ui.charts.look import (
    BLUE,
    DASHES,
    DATA_KEYS,
    DISTRICT_COLOURS,
    FONT,
    GREY,
    HATCHES,
    LIGHT,
    RED,
    SERIES,
    TEMPLATE,
    TEXT,
    UNKNOWN_COLOUR,
    UNKNOWN_PATTERN,
    as_text,
    baseline_line,
    district_colour,
    district_marker,
    figure,
    note,
    series_line,
    series_marker,
    stop_bands,
)
from ui.charts.map import HAMBURG_LATITUDE, LABEL_OFFSETS, district_map

__all__ = [
    "BLUE",
    "DASHES",
    "DATA_KEYS",
    "DISTRICT_COLOURS",
    "FONT",
    "GREY",
    "HAMBURG_LATITUDE",
    "HATCHES",
    "LABEL_OFFSETS",
    "LIGHT",
    "RED",
    "SERIES",
    "TEMPLATE",
    "TEXT",
    "UNKNOWN_COLOUR",
    "UNKNOWN_PATTERN",
    "as_text",
    "bars",
    "baseline_line",
    "counterfactual",
    "district_colour",
    "district_map",
    "district_marker",
    "dumbbell",
    "event_study",
    "figure",
    "forest",
    "heatmap",
    "impact_parts",
    "note",
    "phases",
    "power_curve",
    "series_line",
    "series_marker",
    "shares",
    "stacked",
    "stop_bands",
    "uptake_lines",
    "usage_over_time",
]
