"""Numbers and dates as a German or an English reader expects them: 24,8 % / 24.8%, 1.234 / 1,234, 21.05.2025.

Plain functions of (value, lang); a missing value (None, NaN) is shown as "–", never as 0.
"""

from __future__ import annotations

import datetime as dt
import functools
import math

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names

from etl.messages import PSEUDO

DASH = "–"
# A count withheld by disclosure control (etl.disclosure), primary or secondary alike, marked as German official
# statistics mark it: "·" (geheim gehalten / withheld).
HIDDEN = "·"
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_DE_SHORT = ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sep.", "Okt.", "Nov.", "Dez.")


# The CLDR locale of a language: German as in Germany, English as in Britain (21 May 2025, not May 21, 2025); the
# pseudo-locale formats as English. Any other language: its own CLDR data (English where CLDR has none).
LOCALES = {"de": "de_DE", "en": "en_GB", PSEUDO: "en_GB"}


@functools.cache
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(LOCALES.get(lang, lang))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


@functools.cache
def weekdays(lang: str) -> tuple[str, ...]:
    """The days of the week, Monday first, abbreviated as written alone: Mo … So / Mon … Sun (CLDR)."""
    names = get_day_names("abbreviated", "stand-alone", locale(lang))
    return tuple(names[day] for day in range(7))  # CLDR's day 0 is Monday


def missing(value) -> bool:
    """None, NaN, or pandas' NaT (the last two are not equal to themselves)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value != value


def number(value, lang: str, decimals: int = 0) -> str:
    if missing(value):
        return DASH
    if round(value, decimals) == 0:  # "0,00", not "-0,00", for a negative zero or a small negative value
        value = 0
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def percent(share, lang: str, decimals: int = 1) -> str:
    """A share (0..1) as percent: 24,8 % in German, 24.8% in English."""
    if missing(share):
        return DASH
    value = number(100 * share, lang, decimals)
    return f"{value} %" if lang == "de" else f"{value}%"


def points(value, lang: str, decimals: int = 2, signed: bool = True) -> str:
    """Percentage points: +0,50 Pp. / +0.50 pp."""
    if missing(value):
        return DASH
    sign = "+" if signed and value > 0 else ""
    return f"{sign}{number(value, lang, decimals)} {'Pp.' if lang == 'de' else 'pp'}"


def euro(value, lang: str, decimals: int = 2) -> str:
    if missing(value):
        return DASH
    return f"{number(value, lang, decimals)} €" if lang == "de" else f"€{number(value, lang, decimals)}"


def date(value, lang: str) -> str:
    if missing(value):
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if lang == "de":
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def month(value: dt.date, lang: str) -> str:
    """A month on a time axis: "Sep. 2024" / "Sep 2024"."""
    names = MONTHS_DE_SHORT if lang == "de" else MONTHS_EN
    return f"{names[value.month - 1]} {value.year}"


def timestamp(value, lang: str) -> str:
    if missing(value):
        return DASH
    return f"{date(value, lang)} {value:%H:%M}"


def kpi(value, value_format: str, lang: str) -> str:
    """A value in the format the KPI registry gives it (int, share, pp, decimal, decimal2, eur, date, timestamp,
    text), or
    "protected": a count under disclosure control."""
    if value_format == "protected":  # a count under disclosure control: null means hidden (ui.data.visitors)
        return HIDDEN if missing(value) else number(value, lang)
    if value_format == "protected_share":  # the share of such a count
        return HIDDEN if missing(value) else percent(value, lang)
    formatter = {
        "int": number,
        "share": percent,
        "pp": points,
        "decimal": lambda v, lang: number(v, lang, 1),
        "decimal2": lambda v, lang: number(v, lang, 2),
        "eur": euro,
        "date": date,
        "timestamp": timestamp,
    }.get(value_format)
    if formatter is not None:
        return formatter(value, lang)
    return DASH if missing(value) else str(value)


def plotly_separators(lang: str) -> str:
    """Plotly's `separators`: decimal mark, then thousands mark."""
    return ",." if lang == "de" else ".,"


def plotly_date_format(lang: str) -> str:
    return "%d.%m.%Y" if lang == "de" else "%d %b %Y"


def plain(text) -> str:
    """Data text for a Markdown element: Markdown characters escaped, so it shows exactly as it is."""
    if missing(text):
        return DASH
    special = "\\`*_{}[]()<>#+-.!|~$"
    return "".join("\\" + ch if ch in special else ch for ch in str(text))
