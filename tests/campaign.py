"""A small hand-made campaign, and the same campaign written in the forms offices really send.

The KPIs of this campaign are worked out by hand in test_kpis_hand.py. Every writer here produces the same
content: clean CSV, a German office export (; and Windows-1252, German headers, dates and numbers, other
district spellings, the schedule as .xlsx), Parquet, and split dirty files with a corrected re-export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

D = dt.date

# Round populations (100,000 in all) so that every uptake can be worked out on paper.
DISTRICT_FIGURES = [
    # district, population_16plus, eid_share_at_start (None: the national baseline 0.25)
    ("Hamburg-Mitte", 10_000, 0.20),
    ("Altona", 20_000, 0.25),
    ("Eimsbüttel", 10_000, None),
    ("Hamburg-Nord", 10_000, None),
    ("Wandsbek", 20_000, None),
    ("Bergedorf", 10_000, None),
    ("Harburg", 20_000, 0.30),
]

STOPS = [
    # stop_id, district, venue, start, end, opening, closing, cost_eur
    ("S1", "Hamburg-Mitte", "Europa-Passage", D(2024, 9, 23), D(2024, 10, 5), "10:00", "19:00", 1500.0),
    ("S2", "Altona", "Mercado", D(2025, 5, 21), D(2025, 5, 31), None, None, None),
]

VISITS = [
    # visit_id, stop_id, visited_at, topic, outcome, service_id, age_band, resident_district, satisfaction, duration
    (
        "V1",
        "S1",
        dt.datetime(2024, 9, 23, 10, 15),
        "eid_activation",
        "eid_activated",
        None,
        "65+",
        "Hamburg-Mitte",
        5,
        12.5,
    ),
    ("V2", "S1", dt.datetime(2024, 9, 24, 11, 0), "pin_reset", "resolved", None, "50-64", "Altona", 4, None),
    ("V3", "S1", dt.datetime(2024, 10, 2, 12, 0), "eid_activation", "eid_activated", None, "30-49", None, None, 20.0),
    (
        "V4",
        "S1",
        dt.datetime(2024, 10, 5, 18, 30),
        "eid_activation",
        "not_resolved",
        None,
        None,
        "Hamburg-Mitte",
        3,
        7.0,
    ),
    (
        "V5",
        "S2",
        dt.datetime(2025, 5, 21, 10, 0),
        "service_help",
        "resolved",
        "resident_parking",
        "16-29",
        "Altona",
        2,
        15.0,
    ),
    ("V6", "S2", dt.datetime(2025, 5, 31, 18, 0), "eid_activation", "eid_activated", None, "65+", "Altona", 5, 25.0),
    (
        "V7",
        "S2",
        dt.datetime(2025, 5, 22, 13, 0),
        "eid_activation",
        "eid_activated",
        None,
        "50-64",
        "Eimsbüttel",
        None,
        None,
    ),
]

ACTIVATIONS = [
    # date, district, channel, activations (two rows of one key in one file are summed: 2025-05-21 popup)
    (D(2024, 9, 9), "Hamburg-Mitte", "citizen_office", 5),
    (D(2024, 9, 10), "Hamburg-Mitte", "citizen_office", 4),
    (D(2024, 9, 22), "Hamburg-Mitte", "self_service", 6),
    (D(2024, 9, 23), "Hamburg-Mitte", "popup", 2),
    (D(2024, 10, 5), "Hamburg-Mitte", "citizen_office", 3),
    (D(2024, 10, 6), "Hamburg-Mitte", "citizen_office", 7),
    (D(2024, 11, 2), "Hamburg-Mitte", "self_service", 10),
    (D(2024, 11, 3), "Hamburg-Mitte", "self_service", 100),
    (D(2025, 1, 15), "Wandsbek", "citizen_office", 50),
    (D(2025, 5, 9), "Altona", "citizen_office", 1),
    (D(2025, 5, 10), "Altona", "citizen_office", 8),
    (D(2025, 5, 21), "Altona", "popup", 1),
    (D(2025, 5, 21), "Altona", "popup", 1),
    (D(2025, 6, 10), "Altona", "self_service", 4),
]

SERVICE_USAGE = [
    # date, district, service_id, auth_method, started, completed (None: the contract's defaults 1 / = started)
    (D(2024, 8, 25), "Hamburg-Mitte", "resident_parking", "eid", 100, 100),
    (D(2024, 8, 26), "Hamburg-Mitte", "resident_parking", "eid", 3, 3),
    (D(2024, 9, 1), "Hamburg-Mitte", "good_conduct", "username_password", 7, 5),
    (D(2024, 9, 23), "Hamburg-Mitte", "resident_parking", "eid", 4, 3),
    (D(2024, 9, 30), "Hamburg-Mitte", "appointment_booking", "none", None, None),
    (D(2024, 10, 5), "Hamburg-Mitte", "kita_voucher", "username_password", 4, 4),
    (D(2024, 11, 2), "Hamburg-Mitte", "resident_parking", "eid", 2, 2),
    (D(2024, 11, 3), "Hamburg-Mitte", "resident_parking", "username_password", 50, 40),
]

COLUMNS = {
    "districts": ["district", "population_16plus", "eid_share_at_start"],
    "stops": ["stop_id", "district", "venue", "start_date", "end_date", "opening_time", "closing_time", "cost_eur"],
    "visits": [
        "visit_id",
        "stop_id",
        "visited_at",
        "topic",
        "outcome",
        "service_id",
        "age_band",
        "resident_district",
        "satisfaction",
        "duration_min",
    ],
    "activations": ["date", "district", "channel", "activations"],
    "service_usage": ["date", "district", "service_id", "auth_method", "started", "completed"],
}
ROWS = {
    "districts": DISTRICT_FIGURES,
    "stops": STOPS,
    "visits": VISITS,
    "activations": ACTIVATIONS,
    "service_usage": SERVICE_USAGE,
}


def _iso(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(path: Path, header: list[str], rows, delimiter=",", encoding="utf-8", newline="\n", cell=_iso) -> Path:
    def quote(text: str) -> str:
        return f'"{text}"' if delimiter in text or '"' in text else text

    lines = [delimiter.join(header)] + [delimiter.join(quote(cell(v)) for v in row) for row in rows]
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def write_clean(folder: Path, more: dict[str, str] | None = None) -> Path:
    """The campaign as plain contract CSV: English headers, ISO dates, UTF-8, commas; `more`: kind -> CSV lines
    (without header) appended to that kind's file."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in ROWS.items():
        write_csv(folder / f"{kind}.csv", COLUMNS[kind], rows)
    for kind, lines in (more or {}).items():
        with (folder / f"{kind}.csv").open("a", encoding="utf-8") as file:
            file.write(lines)
    return folder


# --- the German office export ---------------------------------------------------------------------------------
GERMAN_HEADERS = {
    "districts": ["Bezirk", "Einwohner 16plus", "eID-Anteil Start"],
    "stops": ["Standort_ID", "Bezirk", "Ort", "Beginn", "Ende", "Öffnet", "Schließt", "Kosten_EUR"],
    "visits": [
        "Besuch_ID",
        "Standort_ID",
        "Zeitpunkt",
        "Anliegen",
        "Ergebnis",
        "Dienst_ID",
        "Altersgruppe",
        "Wohnbezirk",
        "Zufriedenheit",
        "Dauer_Min",
        "Bemerkung",
    ],
    "activations": ["Datum", "Bezirk", "Kanal", "Anzahl"],
    "service_usage": ["Datum", "Bezirk", "Dienst_ID", "Anmeldung", "Begonnen", "Abgeschlossen"],
}
OTHER_SPELLINGS = {
    "Hamburg-Mitte": "Bezirk Hamburg-Mitte",
    "Altona": "02",
    "Eimsbüttel": "EIMSBUETTEL",
    "Hamburg-Nord": "Nord",
    "Wandsbek": "wandsbek",
    "Bergedorf": "6",
    "Harburg": "Bezirk Harburg",
}


def _german(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else str(value)).replace(".", ",")
    if isinstance(value, int) and value >= 1000:
        return f"{value:,}".replace(",", ".")  # 10.000: the German thousands separator in a count
    return OTHER_SPELLINGS.get(value, value) if isinstance(value, str) else str(value)


def write_german(folder: Path) -> Path:
    """The campaign as an office sends it: ; and cp1252, CRLF, German everything, the schedule as .xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    districts = [(d, p, None if s is None else f"{s * 100:g} %".replace(".", ",")) for d, p, s in DISTRICT_FIGURES]
    write_csv(folder / "Bezirke.csv", GERMAN_HEADERS["districts"], districts, ";", "cp1252", "\r\n", _german)
    visits = [(*row, "Bürger kam zweimal") for row in VISITS]  # an extra column, ignored and reported
    write_csv(folder / "Besuche_Export.csv", GERMAN_HEADERS["visits"], visits, ";", "cp1252", "\r\n", _german)
    write_csv(folder / "Aktivierungen.csv", GERMAN_HEADERS["activations"], ACTIVATIONS, "\t", "cp1252", "\r\n", _german)
    write_csv(
        folder / "Nutzung Onlinedienste.csv",
        GERMAN_HEADERS["service_usage"],
        SERVICE_USAGE,
        ";",
        "cp1252",
        "\r\n",
        _german,
    )
    stops = pl.DataFrame(
        [[_german(v) if i in (1, 7) else v for i, v in enumerate(row)] for row in STOPS],
        schema=GERMAN_HEADERS["stops"],
        orient="row",
    )
    stops.write_excel(folder / "Standorte.xlsx")
    return folder


def write_parquet(folder: Path) -> Path:
    """The campaign as typed Parquet files."""
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in ROWS.items():
        frame = pl.DataFrame(rows, schema=COLUMNS[kind], orient="row", infer_schema_length=None)
        frame.write_parquet(folder / f"{kind}.parquet")
    return folder


def write_split_dirty(first: Path, second: Path) -> tuple[Path, Path]:
    """The campaign split over several files with bad rows and a wrong count, then a corrected re-export.

    Loading `first` then `second` must give the same KPIs as the clean campaign: bad rows are quarantined,
    the re-export replaces the wrong count, and its other rows are unchanged.
    """
    first.mkdir(parents=True, exist_ok=True)
    second.mkdir(parents=True, exist_ok=True)
    write_csv(first / "districts.csv", COLUMNS["districts"], DISTRICT_FIGURES)
    write_csv(first / "stops.csv", COLUMNS["stops"], STOPS)
    bad_visit = ("V99", "S1", "2024-13-40T10:00:00", "eid_activation", "eid_activated", None, None, None, None, None)
    write_csv(first / "visits_1.csv", COLUMNS["visits"], [*VISITS[:3], bad_visit])
    write_csv(first / "visits_2.csv", COLUMNS["visits"], [*VISITS[3:], ("V98", "S7", *VISITS[0][2:])])
    wrong = [
        (d, district, c, 40 if (d, c) == (D(2024, 9, 10), "citizen_office") else n) for d, district, c, n in ACTIVATIONS
    ]
    mitte = [row for row in wrong if row[1] == "Hamburg-Mitte"]
    write_csv(
        first / "activations_mitte.csv", COLUMNS["activations"], [*mitte, (D(2024, 9, 11), "Altstadt", "popup", 3)]
    )
    write_csv(first / "activations_rest.csv", COLUMNS["activations"], [r for r in wrong if r[1] != "Hamburg-Mitte"])
    write_csv(
        first / "service_usage.csv",
        COLUMNS["service_usage"],
        [*SERVICE_USAGE, (D(2024, 9, 24), "Hamburg-Mitte", "kita_voucher", "eid", 2, 5)],
    )
    write_csv(
        second / "activations_mitte_korrigiert.csv",
        COLUMNS["activations"],
        [r for r in ACTIVATIONS if r[1] == "Hamburg-Mitte"],
    )
    return first, second
