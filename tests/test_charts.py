"""Chart builders (ui.charts): German numbers on the axes, date ticks that fit the span, bar labels with room."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ui import charts


def test_axes_write_numbers_in_full_with_the_languages_thousands_mark():
    figure = charts.bars(pl.DataFrame({"x": ["a", "b"], "y": [50_000, 127]}), "x", "y", "de")
    assert figure.layout.separators == ",."  # 50.000 in German
    assert figure.layout.yaxis.exponentformat == "none" and figure.layout.yaxis.separatethousands


def test_bar_labels_have_room_above_the_highest_bar():
    figure = charts.bars(pl.DataFrame({"x": ["a", "b"], "y": [127, 40]}), "x", "y", "de")
    low, high = figure.layout.yaxis.range
    assert low == 0 and high >= 127 * 1.15  # the label "127" above the bar is never cut


def test_time_axes_tick_days_on_short_periods_and_months_on_long_ones():
    series = pl.DataFrame(
        {
            "date": [dt.date(2025, 5, 21), dt.date(2025, 5, 31)],
            "uptake": [0.25, 0.26],
            "district": ["Hamburg", "Hamburg"],
        }
    )
    stops = pl.DataFrame(schema={"venue": pl.String, "start_date": pl.Date, "end_date": pl.Date})
    figure = charts.uptake_lines(series, stops, 0.25, "de", dt.date(2025, 5, 21), dt.date(2025, 5, 31))
    stops_by_range = {tuple(s.dtickrange): s.value for s in figure.layout.xaxis.tickformatstops}
    assert stops_by_range == {(None, "M1"): "%d.%m.", ("M1", None): "%m/%Y"}
