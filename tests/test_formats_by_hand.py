"""ui.formats' less travelled paths, every expected text written out by hand: counts under disclosure control,
euros that round to zero, the registry's formats by name, Plotly's date format per language."""

from __future__ import annotations

import pytest

from ui import formats


def test_a_protected_count_and_its_share():
    # a count under disclosure control: null is withheld ("·"), a value is a plain count; its share likewise
    assert (formats.kpi(None, "protected", "de"), formats.kpi(1234, "protected", "de")) == ("·", "1.234")
    assert (formats.kpi(None, "protected_share", "en"), formats.kpi(0.248, "protected_share", "en")) == ("·", "24.8%")
    assert formats.kpi(0.248, "protected_share", "de") == "24,8 %"


@pytest.mark.parametrize(
    ("value", "kind", "lang", "text"),
    [
        (1234, "int", "de", "1.234"),
        (0.5, "share", "en", "50.0%"),
        (12.345, "decimal", "de", "12,3"),
        (12.345, "decimal2", "en", "12.35"),  # 12.345 is 12.34500000000000064 in binary: above the half
        ("Rathausmarkt", "text", "de", "Rathausmarkt"),
        (None, "text", "de", "–"),
    ],
)
def test_the_registry_formats_by_name(value, kind, lang, text):
    assert formats.kpi(value, kind, lang) == text


def test_euros_that_round_to_zero_show_no_sign_and_a_euro_is_a_euro():
    # -0.001 rounds to 0.00: "0,00 €", never "-0,00 €"; 0.001 is 0,00 € as well; 1 € stays 1,00 €
    assert formats.euro(-0.001, "de") == "0,00 €"
    assert formats.euro(0.001, "de") == "0,00 €"
    assert (formats.euro(1.0, "de"), formats.euro(1.0, "en")) == ("1,00 €", "€1.00")


def test_plotlys_date_format_per_language():
    # German: 21.05.2025; any other language: 21 May 2025
    assert (formats.plotly_date_format("de"), formats.plotly_date_format("en")) == ("%d.%m.%Y", "%d %b %Y")


def test_points_of_zero_have_no_sign():
    # "+" only for a rise: 0 is "0,00 Pp.", a rise of 0.5 "+0,50 Pp.", a fall "-0.50 pp"
    assert formats.points(0, "de") == "0,00 Pp."
    assert (formats.points(0.5, "de"), formats.points(-0.5, "en")) == ("+0,50 Pp.", "-0.50 pp")


def test_a_small_negative_share_shows_no_sign():
    # -0.000496 is -0.0496 %: 0,0 % to one decimal, without the "-" of a negative zero
    assert (formats.percent(-0.000496, "de"), formats.percent(-0.000496, "en")) == ("0,0 %", "0.0%")


def test_euros_in_whole_numbers():
    # the decimals asked for, not the currency's two: 1.234 € / €1,234
    assert (formats.euro(1234.4, "de", 0), formats.euro(1234.4, "en", 0)) == ("1.234 €", "€1,234")


def test_a_day_given_as_text_with_a_time():
    # the first ten characters are the day: 2025-05-21
    assert formats.date("2025-05-21T14:05:00", "de") == "21.05.2025"
    assert formats.date("2025-05-21T14:05:00", "en") == "21 May 2025"
