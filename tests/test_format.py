"""German and English number and date formats, worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from ui import format as fmt


@pytest.mark.parametrize(
    ("function", "value", "de", "en"),
    [
        (fmt.percent, 0.248, "24,8 %", "24.8%"),
        (fmt.percent, 0.25075, "25,1 %", "25.1%"),
        (fmt.number, 1234, "1.234", "1,234"),
        (fmt.number, 1234567, "1.234.567", "1,234,567"),
        (fmt.euro, 750, "750,00 €", "€750.00"),
        (fmt.euro, 12345.5, "12.345,50 €", "€12,345.50"),
        (fmt.points, 0.5, "+0,50 Pp.", "+0.50 pp"),
        (fmt.points, -1.25, "-1,25 Pp.", "-1.25 pp"),
        (fmt.date, dt.date(2025, 5, 21), "21.05.2025", "21 May 2025"),
        (fmt.date, "2024-09-23", "23.09.2024", "23 Sep 2024"),
    ],
)
def test_formats(function, value, de, en):
    assert function(value, "de") == de
    assert function(value, "en") == en


@pytest.mark.parametrize("missing", [None, float("nan")])
def test_a_missing_value_is_a_dash_never_zero(missing):
    for function in (fmt.percent, fmt.number, fmt.euro, fmt.points, fmt.date):
        assert function(missing, "de") == "–"


def test_number_with_decimals():
    assert fmt.number(33.7391, "de", 1) == "33,7"
    assert fmt.number(33.7391, "en", 1) == "33.7"


def test_markdown_characters_in_data_are_shown_as_text():
    assert fmt.plain("*bold* [link](javascript:alert(1))") == r"\*bold\* \[link\]\(javascript:alert\(1\)\)"
