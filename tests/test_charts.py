"""Chart builders (ui.charts): German numbers on the axes, date ticks that fit the span, bar labels with room."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
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


# --- one colour per district (issue 28) ---------------------------------------------------------------------------
DISTRICTS = ["Hamburg-Mitte", "Altona", "Eimsbüttel", "Hamburg-Nord", "Wandsbek", "Bergedorf", "Harburg"]


def _visible(marker) -> bool:
    """A bar part is seen: it has a colour, and a hatch is drawn over that colour (Plotly's default fill mode
    "replace" draws the hatch alone, and a white hatch on nothing is invisible)."""
    marker = go.bar.Marker(marker) if isinstance(marker, dict) else marker
    pattern = marker.pattern
    return bool(marker.color) and (not pattern or not pattern.shape or pattern.fillmode == "overlay")


def test_every_part_of_the_residence_profile_has_a_colour_harburg_and_unknown_included():
    # the compare page's "where visitors live": 7 districts and "unbekannt" (2 stops, one share each)
    categories = [*DISTRICTS, "unbekannt"]
    frame = pl.DataFrame(
        {
            "label": ["A"] * 8 + ["B"] * 8,
            "category": categories * 2,
            "share": [0.125] * 16,
            "hidden_share": [0.0] * 16,
        }
    )
    figure = charts.shares(frame, "de", categories, "verborgen", "unbekannt")
    parts = {trace.name: trace.marker for trace in figure.data}
    assert all(_visible(marker) for marker in parts.values()), {n: m.color for n, m in parts.items()}
    colours = [parts[name].color for name in categories]
    assert len(set(colours)) == 8  # every district its own colour, "unbekannt" another
    assert parts["Harburg"].color == charts.DISTRICT_COLOURS["Harburg"]
    assert parts["unbekannt"].pattern.shape == "/"  # the unknown district: grey and hatched, not colour alone


def test_an_unknown_age_band_is_the_unknown_grey_as_an_unknown_district():
    frame = pl.DataFrame({"label": ["A", "A"], "category": ["65+", "unbekannt"], "share": [0.5, 0.5]})
    frame = frame.with_columns(hidden_share=pl.lit(0.0))
    parts = {t.name: t.marker for t in charts.shares(frame, "de", ["65+", "unbekannt"], "verborgen", "unbekannt").data}
    assert parts["unbekannt"].color == charts.UNKNOWN_COLOUR and parts["unbekannt"].pattern.shape == "/"
    assert parts["65+"].color == charts.SERIES[0]


def test_a_seventh_and_eighth_category_are_drawn_in_colour():
    # age bands and anything else not a district: the series colours, hatched from the seventh on
    assert _visible(charts.series_marker(6)) is True
    marker = charts.series_marker(7)
    assert marker["pattern"]["fillmode"] == "overlay" and marker["color"]


def test_the_same_district_has_the_same_colour_in_lines_bars_and_the_map():
    series = pl.DataFrame(
        {
            "date": [dt.date(2025, 5, 21)] * 3,
            "uptake": [0.25, 0.26, 0.27],
            "district": ["Hamburg", "Harburg", "Altona"],
        }
    )
    stops = pl.DataFrame(schema={"venue": pl.String, "start_date": pl.Date, "end_date": pl.Date})
    lines = charts.uptake_lines(
        series, stops, 0.25, "de", dt.date(2025, 5, 21), dt.date(2025, 5, 31), emphasised="Hamburg"
    )
    colour = {trace.name: trace.line.color for trace in lines.data}
    assert colour["Harburg"] == charts.DISTRICT_COLOURS["Harburg"]
    assert colour["Altona"] == charts.DISTRICT_COLOURS["Altona"]
    assert colour["Hamburg"] == charts.BLUE and charts.BLUE not in charts.DISTRICT_COLOURS.values()
    square = {"type": "Polygon", "coordinates": [[[10.0, 53.5], [10.1, 53.5], [10.1, 53.6], [10.0, 53.5]]]}
    geojson = {
        "features": [
            {
                "properties": {"name": "Harburg"},
                "geometry": {**square, "type": "MultiPolygon", "coordinates": [square["coordinates"]]},
            }
        ]
    }
    values = pl.DataFrame({"district": ["Harburg"], "value": [0.25]})
    figure = charts.district_map(values, geojson, "de", "share", "eID-Nutzung")
    label = next(a.text for a in figure.layout.annotations if "Harburg" in a.text)
    assert charts.DISTRICT_COLOURS["Harburg"] in label  # the label's swatch in Harburg's colour


def test_bars_of_districts_are_in_the_districts_colours_and_the_highlight_is_outlined():
    # issue 28: "where visitors live" and "pop-up by residence" were blue bars with the highlight in red
    frame = pl.DataFrame({"district": ["Harburg", "Altona", "unbekannt"], "visits": [5, 3, 2]})
    figure = charts.bars(frame, "district", "visits", "de", highlight="Altona", orientation="h", district="district")
    marker = figure.data[0].marker
    assert list(marker.color) == [
        charts.DISTRICT_COLOURS["Harburg"],
        charts.DISTRICT_COLOURS["Altona"],
        charts.UNKNOWN_COLOUR,
    ]
    assert list(marker.pattern.shape) == ["", "", "/"]  # the unknown district hatched, not told by colour alone
    assert list(marker.line.width) == [0, 3, 0]  # Altona, the highlighted district, outlined
    assert charts.RED not in marker.color and charts.BLUE not in marker.color
