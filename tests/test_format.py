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
