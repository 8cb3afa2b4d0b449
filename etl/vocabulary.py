"""The words of the data for people: the codes of the data (topics, outcomes, channels, ways of signing in) and the
export tables' columns in German and English, and how a missing value reads.

Formats for people (the German-Excel CSV and the xlsx workbook) carry these words; formats for machines (plain
CSV, Parquet, the JSON of `python -m etl kpis`) keep the codes and column names of the data contract. Both the
exports (etl.export) and the dashboard (ui.text) read them here, so a code reads the same on a page and in a
spreadsheet. docs/EXPORTS.md lists the two side by side.
"""

from __future__ import annotations

import polars as pl

from etl import registry

LANGS = ("de", "en")
MISSING = {"de": "keine Angabe", "en": "not given"}

CODES: dict[str, tuple[str, str]] = {
    "eid_activation": ("eID aktivieren", "eID activation"),
    "pin_reset": ("PIN zurücksetzen", "PIN reset"),
    "ausweisapp_setup": ("AusweisApp einrichten", "AusweisApp set-up"),
    "service_help": ("Hilfe bei Onlinedienst", "Help with a service"),
    "general_info": ("Allgemeine Information", "General information"),
    "eid_activated": ("eID aktiviert", "eID activated"),
    "resolved": ("gelöst", "resolved"),
    "referred": ("weitergeleitet", "referred"),
    "not_resolved": ("nicht gelöst", "not resolved"),
    "popup": ("Pop-Up", "pop-up"),
    "citizen_office": ("Kundenzentrum", "customer centre"),
    "self_service": ("Selbst (online/PIN-Brief)", "self-service"),
    "eid": ("eID", "eID"),
    "username_password": ("Benutzername/Passwort", "username/password"),
    "none": ("ohne Anmeldung", "no sign-in"),
}
# the columns whose values are codes of CODES
CODED = ("topic", "outcome", "channel", "auth_method")

# Every column of the export tables other than the stop KPIs (whose words are the KPI registry's).
COLUMNS: dict[str, tuple[str, str]] = {
    "visit_id": ("Beratungs-ID", "Visit ID"),
    "stop_id": ("Standort-ID", "Stop ID"),
    "venue": ("Ort", "Venue"),
    "district": ("Bezirk", "District"),
    "visited_at": ("Zeitpunkt", "Time"),
    "topic": ("Anliegen", "Topic"),
    "outcome": ("Ergebnis", "Outcome"),
    "service_id": ("Onlinedienst-ID", "Service ID"),
    "service_name_de": ("Onlinedienst", "Service (German name)"),
    "service_name_en": ("Onlinedienst (englischer Name)", "Service"),
    "category_de": ("Bereich", "Area (German name)"),
    "category_en": ("Bereich (englischer Name)", "Area"),
    "age_band": ("Altersgruppe", "Age band"),
    "resident_district": ("Wohnbezirk", "District of residence"),
    "satisfaction": ("Zufriedenheit (1–5)", "Satisfaction (1–5)"),
    "duration_min": ("Dauer (Minuten)", "Duration (minutes)"),
    "date": ("Datum", "Date"),
    "channel": ("Kanal", "Channel"),
    "activations": ("eID-Aktivierungen", "eID activations"),
    "auth_method": ("Anmeldung", "Sign-in"),
    "started": ("Begonnen", "Started"),
    "completed": ("Abgeschlossen", "Completed"),
}


def _index(lang: str) -> int:
    return LANGS.index(lang)


def code_label(value: str | None, lang: str) -> str:
    """A code in words; a missing one as MISSING; an unknown code as it is."""
    if value is None:
        return MISSING[lang]
    pair = CODES.get(value)
    return value if pair is None else pair[_index(lang)]


def column_label(name: str, lang: str) -> str:
    """A column's heading for people: the KPI registry's label for a stop KPI, else COLUMNS, else the name."""
    if name in COLUMNS:
        return COLUMNS[name][_index(lang)]
    if name in registry.keys("stop"):
        return registry.kpi("stop", name).label(lang)
    return name


def for_people(data: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The frame as people read it: codes in words, a missing text as "keine Angabe" / "not given" (a missing
    number stays an empty cell, so the column stays numeric), the columns headed in words."""
    words = {key: pair[_index(lang)] for key, pair in CODES.items()}
    text = [name for name, dtype in data.schema.items() if dtype == pl.String]

    def words_of(column: str) -> pl.Expr:
        value = pl.col(column)
        return value.replace_strict(words, default=value) if column in CODED else value

    return data.with_columns(words_of(c).fill_null(MISSING[lang]).alias(c) for c in text).rename(
        {name: column_label(name, lang) for name in data.columns}
    )
