"""The KPI registry: every figure of KPIS.md once, with its labels, plain-language definition and format.

`python -m etl kpis` and the stop KPI export take their keys and their order from here, the dashboard its
labels, table headings and the "About the data" notes; docs/KPIS.md is checked against it (tests/test_docs.py).
Formats: int, share (0..1, shown as percent), pp (percentage points), decimal, eur, date, text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kpi:
    key: str
    level: str  # campaign, stop, district
    format: str
    label_de: str
    label_en: str
    definition_de: str
    definition_en: str
    identity: bool = False  # names the thing (stop_id, venue, dates …) rather than measuring it

    def label(self, lang: str) -> str:
        return self.label_de if lang == "de" else self.label_en

    def short(self, lang: str) -> str:
        """A table column's heading: short where the label is long (the label is its tooltip)."""
        return SHORT.get(self.key, {}).get(lang) or self.label(lang)

    def definition(self, lang: str) -> str:
        return self.definition_de if lang == "de" else self.definition_en


def _k(key, level, format_, label_de, label_en, definition_de, definition_en, identity=False) -> Kpi:
    return Kpi(key, level, format_, label_de, label_en, definition_de, definition_en, identity)


STOP_KPIS = (
    _k(
        "stop_id",
        "stop",
        "text",
        "Standort-ID",
        "Stop ID",
        "Kennung des Standorts.",
        "Identifier of the stop.",
        identity=True,
    ),
    _k(
        "district",
        "stop",
        "text",
        "Bezirk",
        "District",
        "Bezirk des Standorts.",
        "District of the stop.",
        identity=True,
    ),
    _k(
        "venue",
        "stop",
        "text",
        "Ort",
        "Venue",
        "Einkaufszentrum des Standorts.",
        "Shopping centre of the stop.",
        identity=True,
    ),
    _k(
        "start_date",
        "stop",
        "date",
        "Beginn",
        "First day",
        "Erster Tag des Standorts.",
        "First day of the stop.",
        identity=True,
    ),
    _k(
        "end_date",
        "stop",
        "date",
        "Ende",
        "Last day",
        "Letzter Tag des Standorts.",
        "Last day of the stop.",
        identity=True,
    ),
    _k(
        "open_days",
        "stop",
        "int",
        "Öffnungstage",
        "Open days",
        "Tage von Beginn bis Ende, Montag bis Samstag, ohne Hamburger Feiertage.",
        "Days from first to last day, Monday to Saturday, without Hamburg's public holidays.",
    ),
    _k(
        "visits",
        "stop",
        "int",
        "Beratungen",
        "Visits",
        "Beratungen am Pop-Up (Besuchsprotokoll).",
        "Consultations at the pop-up (visit log).",
    ),
    _k(
        "visits_per_open_day",
        "stop",
        "decimal",
        "Beratungen je Öffnungstag",
        "Visits per open day",
        "Beratungen geteilt durch Öffnungstage.",
        "Visits divided by open days.",
    ),
    _k(
        "popup_activations",
        "stop",
        "int",
        "eID-Aktivierungen am Pop-Up",
        "Pop-up activations",
        "Beratungen mit dem Ergebnis „eID aktiviert“.",
        "Visits with the outcome “eID activated”.",
    ),
    _k(
        "conversion_rate",
        "stop",
        "share",
        "Aktivierungsquote",
        "Conversion rate",
        "eID-Aktivierungen am Pop-Up geteilt durch Beratungen.",
        "Pop-up activations divided by visits.",
    ),
    _k(
        "popup_activations_per_1000",
        "stop",
        "decimal",
        "eID-Aktivierungen am Pop-Up je 1.000 Einw. 16+",
        "Pop-up activations per 1,000 residents 16+",
        "eID-Aktivierungen am Pop-Up je 1.000 Einwohner ab 16 Jahren im Bezirk des Standorts: die Rangfolge der "
        "Standorte, gerecht zwischen großen und kleinen Bezirken.",
        "Pop-up activations per 1,000 residents aged 16 and over of the stop's district: the ranking of the stops, "
        "fair between large and small districts.",
    ),
    _k(
        "activations_during",
        "stop",
        "int",
        "Aktivierungen im Bezirk (während)",
        "District activations (during)",
        "Alle eID-Aktivierungen (alle Kanäle) der Einwohner des Bezirks vom ersten bis zum letzten Tag.",
        "All eID activations (every channel) of the district's residents from the first to the last day.",
    ),
    _k(
        "activations_before",
        "stop",
        "int",
        "Aktivierungen im Bezirk (davor)",
        "District activations (before)",
        "Dasselbe für den gleich langen Zeitraum direkt vor dem Standort.",
        "The same for the period of equal length just before the stop.",
    ),
    _k(
        "activations_per_1000_during",
        "stop",
        "decimal",
        "Aktivierungen je 1.000 Einw. 16+ (während)",
        "Activations per 1,000 residents 16+ (during)",
        "Aktivierungen während, je 1.000 Einwohner ab 16 Jahren.",
        "Activations during, per 1,000 residents aged 16 and over.",
    ),
    _k(
        "activations_per_1000_before",
        "stop",
        "decimal",
        "Aktivierungen je 1.000 Einw. 16+ (davor)",
        "Activations per 1,000 residents 16+ (before)",
        "Aktivierungen davor, je 1.000 Einwohner ab 16 Jahren.",
        "Activations before, per 1,000 residents aged 16 and over.",
    ),
    _k(
        "uptake_before",
        "stop",
        "share",
        "Geschätzte eID-Nutzung vorher",
        "Estimated eID uptake before",
        "Geschätzte eID-Nutzung im Bezirk am Tag vor dem Standort.",
        "Estimated eID uptake in the district on the day before the stop.",
    ),
    _k(
        "uptake_after",
        "stop",
        "share",
        "Geschätzte eID-Nutzung nachher",
        "Estimated eID uptake after",
        "Geschätzte eID-Nutzung im Bezirk 28 Tage nach dem letzten Tag (höchstens bis zum Datenstand).",
        "Estimated eID uptake in the district 28 days after the last day (at most up to the latest data).",
    ),
    _k(
        "uptake_lift_pp",
        "stop",
        "pp",
        "Anstieg der eID-Nutzung",
        "Uptake lift",
        "Nachher minus vorher, in Prozentpunkten.",
        "After minus before, in percentage points.",
    ),
    _k(
        "eid_share_before",
        "stop",
        "share",
        "eID-Anteil Onlinedienste (davor)",
        "eID share of online services (before)",
        "Anteil der mit eID begonnenen Online-Vorgänge im Bezirk in den 28 Tagen vor dem Standort.",
        "Share of online transactions started with the eID in the district in the 28 days before the stop.",
    ),
    _k(
        "eid_share_during",
        "stop",
        "share",
        "eID-Anteil Onlinedienste (während)",
        "eID share of online services (during)",
        "Derselbe Anteil vom ersten bis zum letzten Tag.",
        "The same share from the first to the last day.",
    ),
    _k(
        "eid_share_after",
        "stop",
        "share",
        "eID-Anteil Onlinedienste (danach)",
        "eID share of online services (after)",
        "Derselbe Anteil in den 28 Tagen nach dem letzten Tag.",
        "The same share in the 28 days after the last day.",
    ),
    _k(
        "completion_rate_during",
        "stop",
        "share",
        "Abschlussquote Onlinedienste (während)",
        "Completion rate of online services (during)",
        "Abgeschlossene geteilt durch begonnene Online-Vorgänge im Bezirk während des Standorts.",
        "Completed divided by started online transactions in the district during the stop.",
    ),
    _k(
        "avg_satisfaction",
        "stop",
        "decimal",
        "Zufriedenheit (1–5)",
        "Satisfaction (1–5)",
        "Mittlere Zufriedenheit der Beratungen, die eine Bewertung haben (im Dashboard erst ab 3 Bewertungen).",
        "Mean satisfaction of the visits that have a rating (in the dashboard from 3 ratings on).",
    ),
    _k(
        "cost_per_activation",
        "stop",
        "eur",
        "Kosten je Aktivierung",
        "Cost per activation",
        "Kosten des Standorts (Personal, Miete, Material) geteilt durch eID-Aktivierungen am Pop-Up.",
        "Cost of the stop (staff, rent, material) divided by pop-up activations.",
    ),
)

CAMPAIGN_KPIS = (
    _k("stops", "campaign", "int", "Standorte", "Stops", "Anzahl der Standorte.", "Number of stops."),
    _k(
        "districts_visited",
        "campaign",
        "int",
        "Besuchte Bezirke",
        "Districts visited",
        "Bezirke mit mindestens einem Standort.",
        "Districts with at least one stop.",
    ),
    _k("visits", "campaign", "int", "Beratungen", "Visits", "Beratungen aller Standorte.", "Visits of all stops."),
    _k(
        "popup_activations",
        "campaign",
        "int",
        "eID-Aktivierungen am Pop-Up",
        "Pop-up activations",
        "Beratungen aller Standorte mit dem Ergebnis „eID aktiviert“.",
        "Visits of all stops with the outcome “eID activated”.",
    ),
    _k(
        "conversion_rate",
        "campaign",
        "share",
        "Aktivierungsquote",
        "Conversion rate",
        "eID-Aktivierungen am Pop-Up geteilt durch Beratungen.",
        "Pop-up activations divided by visits.",
    ),
    _k(
        "national_baseline",
        "campaign",
        "share",
        "Bundesweiter Vergleichswert",
        "National baseline",
        "Anteil der Bevölkerung, der die eID nutzt (eGovernment MONITOR 2025).",
        "Share of the population that uses the eID (eGovernment MONITOR 2025).",
    ),
    _k(
        "as_of",
        "campaign",
        "date",
        "Datenstand",
        "Data as of",
        "Letzter Tag mit Aktivierungsdaten.",
        "Last day with activation data.",
    ),
    _k(
        "hamburg_uptake_start",
        "campaign",
        "share",
        "eID-Nutzung Hamburg zu Beginn",
        "Hamburg eID uptake at start",
        "Geschätzte eID-Nutzung in Hamburg am Tag vor dem ersten Standort.",
        "Estimated eID uptake in Hamburg on the day before the first stop.",
    ),
    _k(
        "hamburg_uptake_latest",
        "campaign",
        "share",
        "eID-Nutzung Hamburg aktuell",
        "Hamburg eID uptake now",
        "Geschätzte eID-Nutzung in Hamburg am Datenstand.",
        "Estimated eID uptake in Hamburg at the latest data.",
    ),
    _k(
        "districts_above_baseline",
        "campaign",
        "int",
        "Bezirke über dem Vergleichswert",
        "Districts above baseline",
        "Bezirke, deren geschätzte eID-Nutzung am Datenstand mindestens den bundesweiten Vergleichswert erreicht.",
        "Districts whose estimated eID uptake at the latest data is at least the national baseline.",
    ),
)

DISTRICT_KPIS = (
    _k(
        "district",
        "district",
        "text",
        "Bezirk",
        "District",
        "Amtlicher Name des Bezirks.",
        "Official name of the district.",
    ),
    _k(
        "population_16plus",
        "district",
        "int",
        "Einwohner 16+",
        "Residents 16+",
        "Einwohner ab 16 Jahren (Statistikamt Nord, 31.12.2024, geschätzt aus den unter 18-Jährigen).",
        "Residents aged 16 and over (Statistikamt Nord, 31 Dec 2024, estimated from the under-18s).",
    ),
    _k(
        "uptake_start",
        "district",
        "share",
        "eID-Nutzung zu Beginn",
        "eID uptake at start",
        "Geschätzte eID-Nutzung am Tag vor dem ersten Standort.",
        "Estimated eID uptake on the day before the first stop.",
    ),
    _k(
        "uptake_latest",
        "district",
        "share",
        "eID-Nutzung aktuell",
        "eID uptake now",
        "Geschätzte eID-Nutzung am Datenstand.",
        "Estimated eID uptake at the latest data.",
    ),
)

UPTAKE_NOTE = {
    "de": "Geschätzte eID-Nutzung = Anteil der Einwohner ab 16 mit eID zu Kampagnenbeginn (sonst der bundesweite "
    "Vergleichswert) plus alle seitdem gezählten Aktivierungen je Einwohner ab 16. Eine Schätzung: jede "
    "Aktivierung zählt als neue Nutzerin oder neuer Nutzer.",
    "en": "Estimated eID uptake = share of residents 16+ using the eID at the start of the campaign (else the "
    "national baseline) plus every activation counted since, per resident 16+. An estimate: every activation "
    "counts as a new user.",
}

# Column headings for tables of stops, where the full label would push the figures out of view.
SHORT = {
    "popup_activations": {"de": "Aktivierungen", "en": "Activations"},
    "conversion_rate": {"de": "Quote", "en": "Conversion"},
    "popup_activations_per_1000": {"de": "je 1.000 Einw.", "en": "per 1,000 res."},
    "visits_per_open_day": {"de": "Beratungen je Tag", "en": "Visits per day"},
    "cost_per_activation": {"de": "Kosten je Akt.", "en": "Cost per act."},
    "uptake_lift_pp": {"de": "Anstieg Nutzung", "en": "Uptake lift"},
    "activations_during": {"de": "Akt. Bezirk (während)", "en": "District act. (during)"},
    "activations_before": {"de": "Akt. Bezirk (davor)", "en": "District act. (before)"},
    "activations_per_1000_during": {"de": "je 1.000 (während)", "en": "per 1,000 (during)"},
    "activations_per_1000_before": {"de": "je 1.000 (davor)", "en": "per 1,000 (before)"},
    "uptake_before": {"de": "Nutzung vorher", "en": "Uptake before"},
    "uptake_after": {"de": "Nutzung nachher", "en": "Uptake after"},
    "eid_share_before": {"de": "eID-Anteil davor", "en": "eID share before"},
    "eid_share_during": {"de": "eID-Anteil während", "en": "eID share during"},
    "eid_share_after": {"de": "eID-Anteil danach", "en": "eID share after"},
    "completion_rate_during": {"de": "Abschlussquote", "en": "Completion"},
}

BY_KEY = {(k.level, k.key): k for k in (*STOP_KPIS, *CAMPAIGN_KPIS, *DISTRICT_KPIS)}


def keys(level: str) -> tuple[str, ...]:
    return tuple(k.key for k in {"stop": STOP_KPIS, "campaign": CAMPAIGN_KPIS, "district": DISTRICT_KPIS}[level])


def kpi(level: str, key: str) -> Kpi:
    return BY_KEY[(level, key)]
