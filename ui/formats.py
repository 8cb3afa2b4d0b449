"""Numbers and dates as a German or an English reader expects them: 24,8 % / 24.8%, 1.234 / 1,234, 21.05.2025 /
21 May 2025 — from CLDR's locale data through Babel, with the locale of the chosen language.

Plain functions of (value, lang); a missing value (None, NaN) is shown as "–", never as 0. Where CLDR would change
what the dashboard has always shown, the dashboard keeps its own (docs/ARCHITECTURE.md, "Formats"): a plain space,
not CLDR's no-break space, before "%" and "€" (the bytes of the briefing and the exports stay as they were);
English dates in CLDR's British order (en_GB: 21 May 2025) with CLDR's English month abbreviations ("Sep", where
en_GB has "Sept").
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_day_names
from babel.numbers import NumberPattern, parse_pattern

from etl.messages import PSEUDO, word

DASH = "–"
# A count withheld by disclosure control (etl.disclosure), primary or secondary alike, marked as German official
# statistics mark it: "·" (geheim gehalten / withheld).
HIDDEN = "·"
NO_BREAK = ("\u00a0", "\u202f")  # CLDR's no-break and narrow no-break spaces: shown as a plain space (see above)

# The CLDR locale of a language: German as in Germany, English as CLDR's "en" (month names "Sep") written in the
# British order of en_GB (DATE_PATTERNS); the pseudo-locale formats as English. Any other language: its own CLDR
# data (English where CLDR has none).
LOCALES = {"de": "de_DE", "en": "en", PSEUDO: "en"}
DATE_PATTERNS = {"en": "d MMM y", PSEUDO: "d MMM y"}  # en_GB's medium date; any other language: its own medium


@functools.cache
def locale(lang: str) -> Locale:
    """The language's CLDR locale; a variant named with gettext's modifier (`de@leicht`, Leichte Sprache) formats
    as its language."""
    try:
        return Locale.parse(LOCALES.get(lang) or lang.split("@")[0].replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@functools.cache
def weekdays(lang: str) -> tuple[str, ...]:
    """The days of the week, Monday first, abbreviated as written alone: Mo … So / Mon … Sun (CLDR)."""
    names = get_day_names("abbreviated", "stand-alone", locale(lang))
    return tuple(names[day] for day in range(7))  # CLDR's day 0 is Monday


def _plain_spaces(text: str) -> str:
    for space in NO_BREAK:
        text = text.replace(space, " ")
    return text


def _exact(value) -> Decimal:
    """The value as a Decimal, exactly (a float's binary value, not its shortest text), so that Babel rounds it as
    Python's own formatting always did: half to even on the exact value (2.675 → 2.67)."""
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    return Decimal(float(value))


def _digits(decimals: int) -> str:
    return "0." + "0" * decimals if decimals > 0 else "0"


@functools.cache
def _pattern(kind: str, lang: str, decimals: int) -> NumberPattern:
    """The locale's pattern of a kind (decimal, percent, currency) with `decimals` fraction digits, parsed once
    (Babel's format_* functions parse it on every call: ten times slower in a table of many cells)."""
    here = locale(lang)
    digits = "#,##" + _digits(decimals)
    if kind == "percent":
        return parse_pattern(here.percent_formats[None].pattern.replace("#,##0", digits, 1))
    if kind == "currency":
        return parse_pattern(here.currency_formats["standard"].pattern.replace("#,##0.00", digits, 1))
    return parse_pattern(digits)


def missing(value) -> bool:
    """None, NaN, or pandas' NaT (the last two are not equal to themselves)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value != value


def number(value, lang: str, decimals: int = 0) -> str:
    if missing(value):
        return DASH
    if round(value, decimals) == 0:  # "0,00", not "-0,00", for a negative zero or a small negative value
        value = 0
    return _pattern("decimal", lang, decimals).apply(_exact(value), locale(lang))


def percent(share, lang: str, decimals: int = 1) -> str:
    """A share (0..1) as percent: 24,8 % in German, 24.8% in English (the locale's percent pattern)."""
    if missing(share):
        return DASH
    if round(100 * share, decimals) == 0:
        share = 0
    return _plain_spaces(_pattern("percent", lang, decimals).apply(_exact(100 * share).scaleb(-2), locale(lang)))


def points(value, lang: str, decimals: int = 2, signed: bool = True) -> str:
    """Percentage points: +0,50 Pp. / +0.50 pp (CLDR has no unit for them: the catalog's `unit_points`)."""
    if missing(value):
        return DASH
    sign = "+" if signed and value > 0 else ""
    return word("unit_points", lang).format(value=sign + number(value, lang, decimals))


def euro(value, lang: str, decimals: int = 2) -> str:
    """Euros in the locale's currency pattern: 1.234,50 € / €1,234.50."""
    if missing(value):
        return DASH
    if round(value, decimals) == 0:
        value = 0
    pattern = _pattern("currency", lang, decimals)
    return _plain_spaces(pattern.apply(_exact(value), locale(lang), currency="EUR", currency_digits=False))


def date(value, lang: str) -> str:
    """A day: 21.05.2025 / 21 May 2025 (the locale's medium date)."""
    if missing(value):
        return DASH
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, DATE_PATTERNS.get(lang, "medium"), locale=locale(lang))


def month(value: dt.date, lang: str) -> str:
    """A month on a time axis: "Sept. 2024" / "Sep 2024" (CLDR's year-and-abbreviated-month)."""
    return format_date(value, locale(lang).datetime_skeletons["yMMM"].pattern, locale=locale(lang))


def timestamp(value, lang: str) -> str:
    """A day and the time of day: 21.05.2025 14:05 / 21 May 2025 14:05 (the locale's short time)."""
    if missing(value):
        return DASH
    return f"{date(value, lang)} {format_time(value.time(), 'HH:mm', locale=locale(lang))}"


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
    """Plotly's `separators`: decimal mark, then thousands mark (the locale's)."""
    symbols = locale(lang).number_symbols["latn"]
    return symbols["decimal"] + symbols["group"]


def plotly_date_format(lang: str) -> str:
    return "%d.%m.%Y" if lang == "de" else "%d %b %Y"


def plain(text) -> str:
    """Data text for a Markdown element: Markdown characters escaped, so it shows exactly as it is."""
    if missing(text):
        return DASH
    special = "\\`*_{}[]()<>#+-.!|~$"
    return "".join("\\" + ch if ch in special else ch for ch in str(text))
