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


# --- labels that do not collide (issue 28's walk, 1280 px) ----------------------------------------------------------
# Two stops, by hand: S1 counted 775, other channels +15.17 (-140 to +170), spill-over -135.91 (-573 to +301),
# together 654 (2 to 1,307); S2 counted 493, nothing estimated.
PARTS = pl.DataFrame(
    {
        "label": ["Europa-Passage (Hamburg-Mitte)", "Phoenix-Center (Harburg)"],
        "direct": [775, 493],
        "indirect": [15.17, None],
        "indirect_low": [-140.0, None],
        "indirect_high": [170.0, None],
        "spillover": [-135.91, None],
        "spillover_low": [-573.0, None],
        "spillover_high": [301.0, None],
        "total": [654.0, 493.0],
        "total_low": [2.0, None],
        "total_high": [1307.0, None],
    }
)
NAMES = {"direct": "counted", "indirect": "other channels", "spillover": "spill-over", "total": "together"}


def test_the_impact_parts_draw_the_spill_over_and_each_number_beyond_its_interval():
    figure = charts.impact_parts(PARTS, "en", NAMES)
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert [bar.name for bar in bars] == ["counted", "other channels", "spill-over", "together"]
    (numbers,) = [trace for trace in figure.data if trace.type == "scatter"]
    placed = dict(zip(numbers.text, zip(numbers.x, numbers.textposition, strict=True), strict=True))
    # a positive part's number right of the end of its interval, a negative one's left of its start (not on the
    # whisker, where "654" and "36" stood)
    assert placed[" 775"] == (775, "middle right") and placed[" 493"] == (493, "middle right")
    assert placed[" 15"] == (170.0, "middle right") and placed[" 654"] == (1307.0, "middle right")
    assert placed["-136 "] == (-573.0, "middle left")
    low, high = figure.layout.xaxis.range
    assert low < -573 and high > 1307  # room for the numbers beyond the ends
    # each number on its own bar's row: four rows per stop, none shared
    assert len(set(numbers.y)) == len(numbers.y) == 6


def test_the_impact_parts_without_spill_over_have_no_empty_spill_over_bars():
    figure = charts.impact_parts(PARTS.with_columns(pl.lit(None, pl.Float64).alias("spillover")), "en", NAMES)
    assert [t.name for t in figure.data if t.type == "bar"] == ["counted", "other channels", "together"]


def test_stop_labels_stand_above_the_plot_and_the_baseline_label_right_of_it():
    series = pl.DataFrame(
        {"date": [dt.date(2025, 5, 1), dt.date(2025, 7, 31)], "uptake": [0.24, 0.26], "district": ["Hamburg"] * 2}
    )
    stops = pl.DataFrame(
        {"venue": ["Eidelstedt Center"], "start_date": [dt.date(2025, 7, 14)], "end_date": [dt.date(2025, 8, 9)]}
    )
    figure = charts.uptake_lines(series, stops, 0.25, "de", dt.date(2025, 5, 1), dt.date(2025, 7, 31))
    label = next(a for a in figure.layout.annotations if a.text == "Eidelstedt Center")
    # upright, standing on the plot's top edge: above every line (it crossed the lines inside the plot)
    assert (label.yref, label.y, label.yanchor, label.textangle) == ("paper", 1, "bottom", -90)
    # room for it: "Eidelstedt Center", 17 characters at about half of 11 px each (93 px) + 12 px, above the 30 px
    assert figure.layout.margin.t == 30 + int(0.5 * 11 * 17) + 12 and figure.layout.height == 380 + 105
    assert figure.layout.legend.yanchor == "top" and figure.layout.legend.y < 0  # the legend below the plot
    baseline = next(a for a in figure.layout.annotations if a.text.startswith("Bundesweit"))
    # right of the plot (it sat inside, across the lines below 25 %), in two lines, with room kept for it
    assert (baseline.xref, baseline.x, baseline.xanchor) == ("paper", 1, "left")
    assert baseline.text == "Bundesweit<br>25,0 %" and figure.layout.margin.r >= 80


def test_the_phases_are_rows_with_their_shares_in_the_charts_type_size():
    frame = pl.DataFrame(
        {
            "venue": ["Mercado", "Phoenix-Center"],
            "district": ["Altona", "Harburg"],
            "eid_share_before": [0.161, 0.184],
            "eid_share_during": [0.194, 0.217],
            "eid_share_after": [0.168, 0.215],
        }
    )
    figure = charts.phases(frame, "de")
    assert {bar.orientation for bar in figure.data} == {"h"}  # a row per stop: no tilted names, numbers side by side
    assert {bar.textfont.size for bar in figure.data} == {12}
    assert list(figure.data[2].text) == ["16,8 %", "21,5 %"]
    assert figure.layout.xaxis.range[1] >= 0.217 * 1.15  # room right of the longest bar for "21,7 %"


def test_a_single_week_of_online_use_is_drawn_as_points_on_its_days():
    week = dt.date(2024, 6, 3)
    frame = pl.DataFrame(
        {
            "week": [week] * 3,
            "auth_method": ["eid", "username_password", "none"],
            "started_per_day": [102.6, 413.1, 245.0],
        }
    )
    stops = pl.DataFrame(schema={"venue": pl.String, "start_date": pl.Date, "end_date": pl.Date})
    figure = charts.usage_over_time(frame, stops, "de", week, week + dt.timedelta(days=6))
    assert {trace.mode for trace in figure.data} == {"lines+markers"}  # as an area a single week drew nothing
    assert figure.layout.xaxis.dtick == 86_400_000  # one tick a day (02.06. was ticked twice)
    assert list(figure.layout.xaxis.range) == [dt.date(2024, 6, 2), dt.date(2024, 6, 10)]


def test_the_counterfactual_says_its_unit_on_the_y_axis():
    # the forest and event-study charts said "je Woche und 10.000 Einw. 16+"; the counterfactual had no y title
    weeks = [dt.date(2025, 5, 5), dt.date(2025, 5, 12)]
    frame = pl.DataFrame({"week": weeks, "observed": [3.0, 5.0], "counterfactual": [3.0, 3.5]})
    stops = pl.DataFrame(
        {"venue": ["Mercado"], "district": ["Altona"], "start_date": [weeks[1]], "end_date": [dt.date(2025, 5, 18)]}
    )
    names = {"observed": "beobachtet", "counterfactual": "ohne Pop-Up"}
    figure = charts.counterfactual(frame, stops, "de", names, "je Woche und 10.000 Einw. 16+")
    assert figure.layout.yaxis.title.text == "je Woche und 10.000 Einw. 16+"


# --- the compare page's dumbbell ------------------------------------------------------------------------------------
def test_the_dumbbell_joins_each_stops_before_and_after_and_marks_the_highlighted_district_red():
    stops = pl.DataFrame(
        {
            "venue": ["Elbe-Einkaufszentrum", "Sachsentor"],
            "district": ["Altona", "Bergedorf"],
            "uptake_before": [0.20, 0.25],
            "uptake_after": [0.22, 0.30],
        }
    )
    figure = charts.dumbbell(stops, 0.24, "de", highlight={"Bergedorf"})
    lines = [trace for trace in figure.data if trace.mode == "lines"]
    assert [(trace.y, trace.x) for trace in lines] == [
        (("Elbe-Einkaufszentrum (Altona)",) * 2, (0.20, 0.22)),
        (("Sachsentor (Bergedorf)",) * 2, (0.25, 0.30)),
    ]
    after = next(trace for trace in figure.data if trace.mode == "markers" and trace.name == "nachher")
    assert list(after.x) == [0.22, 0.30] and list(after.marker.color) == [charts.BLUE, charts.RED]
    assert figure.layout.height == 280  # 90 + 42 per stop is less than the least height
