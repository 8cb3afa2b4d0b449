"""German and English number and date formats, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from ui import formats


@pytest.mark.parametrize(
    ("function", "value", "de", "en"),
    [
        (formats.percent, 0.248, "24,8 %", "24.8%"),
        (formats.percent, 0.25075, "25,1 %", "25.1%"),
        (formats.number, 1234, "1.234", "1,234"),
        (formats.number, 1234567, "1.234.567", "1,234,567"),
        (formats.euro, 750, "750,00 €", "€750.00"),
        (formats.euro, 12345.5, "12.345,50 €", "€12,345.50"),
        (formats.points, 0.5, "+0,50 Pp.", "+0.50 pp"),
        (formats.points, -1.25, "-1,25 Pp.", "-1.25 pp"),
        (formats.points, -0.001, "0,00 Pp.", "0.00 pp"),  # rounds to zero: no "-0,00"
        (formats.number, -0.0, "0", "0"),  # a negative zero (e.g. -1 x 0) is shown as 0
        (formats.percent, -0.00001, "0,0 %", "0.0%"),
        (formats.date, dt.date(2025, 5, 21), "21.05.2025", "21 May 2025"),
        (formats.date, "2024-09-23", "23.09.2024", "23 Sep 2024"),
    ],
)
def test_formats(function, value, de, en):
    assert function(value, "de") == de
    assert function(value, "en") == en


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_missing_value_is_a_dash_never_zero(missing):
    for function in (formats.percent, formats.number, formats.euro, formats.points, formats.date):
        assert function(missing, "de") == "–"


def test_number_with_decimals():
    assert formats.number(33.7391, "de", 1) == "33,7"
    assert formats.number(33.7391, "en", 1) == "33.7"


def test_markdown_characters_in_data_are_shown_as_text():
    assert formats.plain("*bold* [link](javascript:alert(1))") == r"\*bold\* \[link\]\(javascript:alert\(1\)\)"


def test_babel_rounds_the_exact_value_half_to_even_as_python_always_did():
    # 2.675 is stored as 2.67499999999999982236431605997495353221893310546875 -> 2,67 (not 2,68 from the text
    # "2.675"); 0.125 is exact: half to even -> 0,12; 2.5 -> 2 and 3.5 -> 4
    assert formats.number(2.675, "de", 2) == "2,67"
    assert formats.number(0.125, "en", 2) == "0.12"
    assert (formats.number(2.5, "de"), formats.number(3.5, "de")) == ("2", "4")


def test_a_plain_space_before_percent_and_euro_not_cldrs_no_break_space():
    for text in (formats.percent(0.5, "de"), formats.euro(1, "de")):
        assert "\u00a0" not in text and "\u202f" not in text
    assert formats.percent(0.5, "de") == "50,0 %"


def test_where_cldr_changed_what_we_showed():
    # English puts the minus before the currency sign (was "€-2.50"); German months are CLDR's: "Sept." (was "Sep.")
    assert formats.euro(-2.5, "en") == "-€2.50"
    assert formats.euro(-2.5, "de") == "-2,50 €"
    assert formats.month(dt.date(2024, 9, 1), "de") == "Sept. 2024"
    assert formats.month(dt.date(2024, 9, 1), "en") == "Sep 2024"
    assert formats.month(dt.date(2025, 3, 1), "de") == "März 2025"


def test_weekdays_monday_first_and_the_time_of_day():
    assert formats.weekdays("de") == ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
    assert formats.weekdays("en") == ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    assert formats.timestamp(dt.datetime(2025, 5, 21, 9, 5), "de") == "21.05.2025 09:05"
    assert formats.timestamp(dt.datetime(2025, 5, 21, 14, 5), "en") == "21 May 2025 14:05"
    assert formats.plotly_separators("de") == ",." and formats.plotly_separators("en") == ".,"


def test_a_language_variant_formats_as_its_language():
    # Leichte Sprache as a catalog of its own (de@leicht) writes numbers and dates as German does
    assert formats.number(1234.5, "de@leicht", 1) == "1.234,5"
    assert formats.date(dt.date(2025, 5, 21), "de@leicht") == "21.05.2025"
    assert formats.number(1234.5, "xx", 1) == "1,234.5"  # a language CLDR does not know: English
