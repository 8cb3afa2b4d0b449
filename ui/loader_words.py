"""The loader's messages and quarantine reasons in the interface's language.

etl.load and etl.validate write them in English, from a closed set of templates (the contract's rules, the
file-level refusals, the load summary). Here every template has its German twin; a message is translated part
by part (its parts are joined by "; "), each part matched as a whole. A part that matches no template stays as
it is (tests/test_loader_words.py checks that every message the loader makes has a twin).
"""

from __future__ import annotations

import re

from etl.validate import EXPECTED

COLUMN = r"(?P<col>[a-z_0-9]+)"
_DELIM = r"(?P<d>'.'|tab)"

_EXPECTED_DE = {
    "district": "ist kein Hamburger Bezirk",
    "date": "ist kein Datum (erwartet 2025-05-21 oder 21.05.2025)",
    "date_or_timestamp": "ist kein Datum (erwartet 2025-05-21, 21.05.2025 oder ein Zeitpunkt)",
    "timestamp": "ist kein Zeitpunkt (erwartet 2025-05-21T10:15:00, 2025-05-21 10:15 oder 21.05.2025 10:15)",
    "time": "ist keine Uhrzeit (erwartet 10:00)",
    "integer": "ist keine ganze Zahl",
    "decimal": "ist keine Zahl",
    "share": "ist kein Anteil (erwartet 0.245, 24,5 % oder 24.5%)",
}
_CHECKS_DE = {
    "must be 0 or more": "muss 0 oder mehr sein",
    "must be a whole number from 1 to 5": "muss eine ganze Zahl von 1 bis 5 sein",
    "must be more than 0 and at most 240": "muss größer als 0 und höchstens 240 sein",
    "must be more than 0": "muss größer als 0 sein",
    "must be between 0 and 1 (0 % to 100 %)": "muss zwischen 0 und 1 liegen (0 % bis 100 %)",
    "must not be before start_date": "darf nicht vor start_date liegen",
    "must be after opening_time": "muss nach opening_time liegen",
    "must not be more than started": "darf nicht größer als started sein",
}

PHRASES: list[tuple[str, str]] = [
    # quarantine reasons
    (rf"{COLUMN}: missing \(required\)", "{col}: fehlt (Pflichtfeld)"),
    *[
        (rf"{COLUMN}: (?P<raw>'.*') {re.escape(english)}", f"{{col}}: {{raw}} {_EXPECTED_DE[kind]}")
        for kind, english in EXPECTED.items()
    ],
    (rf"{COLUMN}: (?P<raw>'.*') is not one of (?P<codes>.+)", "{col}: {raw} ist nicht einer der Werte {codes}"),
    *[
        (rf"{COLUMN}: (?P<value>.*) {re.escape(english)}", f"{{col}}: {{value}} {german}")
        for english, german in _CHECKS_DE.items()
    ],
    *[(rf"{COLUMN}: {re.escape(english)}", f"{{col}}: {german}") for english, german in _CHECKS_DE.items()],
    (
        r"stop_id: (?P<raw>'.*') is not a loaded stop \(load the stops first\)",
        "stop_id: {raw} ist kein geladener Standort (zuerst die Standorte laden)",
    ),
    (
        r"visited_at: (?P<ts>\S+ \S+) is outside the dates of stop (?P<stop>.+) \((?P<a>\S+) to (?P<b>\S+)\)",
        "visited_at: {ts} liegt außerhalb der Tage des Standorts {stop} ({a} bis {b})",
    ),
    (
        r"visited_at: (?P<ts>\S+ \S+) does not exist in Hamburg: the clocks go forward from 02:00 to 03:00 that night",
        "visited_at: {ts} gibt es in Hamburg nicht: in dieser Nacht wird die Uhr von 02:00 auf 03:00 vorgestellt",
    ),
    (
        r"(?P<keys>[a-z_, ]+): (?P<raw>'.*') appears again in this file \(first on line (?P<line>\d+), which is kept\)",
        "{keys}: {raw} kommt in dieser Datei noch einmal vor (zuerst in Zeile {line}, die übernommen wird)",
    ),
    (r"line: not a well-formed CSV line \((?P<error>.*)\)", "Zeile: keine gültige CSV-Zeile ({error})"),
    (
        rf"the line seems to use {_DELIM} \(the header uses (?P<h>'.'|tab)\)",
        "die Zeile scheint {d} als Trennzeichen zu verwenden (die Kopfzeile {h})",
    ),
    (
        r"not loaded: --strict refused the file because other rows break the contract",
        "nicht geladen: --strict hat die Datei abgelehnt, weil andere Zeilen gegen die Regeln verstoßen",
    ),
    # the load summary
    (
        r"(?P<new>\d+) new, (?P<replaced>\d+) replaced, (?P<unchanged>\d+) unchanged",
        "{new} neu, {replaced} ersetzt, {unchanged} unverändert",
    ),
    (r"(?P<n>\d+) quarantined", "{n} zurückgehalten"),
    (
        r"(?P<rows>\d+) rows with the same (?P<key>[a-z_, ]+) summed into (?P<keys>\d+)",
        "{rows} Zeilen mit gleichem Schlüssel ({key}) zu {keys} zusammengezählt",
    ),
    (r"ignored columns: (?P<columns>.*)", "nicht verwendete Spalten: {columns}"),
    # file-level messages
    (r"(?P<file>.+): the same content was loaded before", "{file}: derselbe Inhalt wurde schon geladen"),
    (r"nothing changed", "nichts geändert"),
    (
        r"(?P<file>.+): not loaded, a folder \(folders inside a folder are not read\)",
        "{file}: nicht geladen, ein Ordner (Unterordner werden nicht gelesen)",
    ),
    (
        r"(?P<file>.+): not loaded, a hidden file or an office lock file",
        "{file}: nicht geladen, eine versteckte Datei oder eine Sperrdatei von Office",
    ),
    (
        r"(?P<file>.+): not loaded, not a data file \(the loader reads (?P<suffixes>.+)\)",
        "{file}: nicht geladen, keine Datendatei (gelesen werden {suffixes})",
    ),
    (
        r"(?P<file>.+): not loaded, the name matches no kind \(it should start with one of (?P<prefixes>.+)",
        "{file}: nicht geladen, der Name passt zu keiner Dateiart (er sollte mit einem von {prefixes} beginnen",
    ),
    (r"or give --kind\)", "oder --kind angeben)"),
    (
        r"(?P<file>.+): refused, the name does not tell its kind \(it should start with one of (?P<prefixes>.+)\)",
        "{file}: abgelehnt, der Name verrät die Dateiart nicht (er sollte mit einem von {prefixes} beginnen)",
    ),
    (r"or give --kind", "oder --kind angeben"),
    (
        r"(?P<file>.+): refused, cannot read the file \((?P<error>.*)\)",
        "{file}: abgelehnt, die Datei lässt sich nicht lesen ({error})",
    ),
    (
        r"(?P<file>.+): refused under --strict, (?P<bad>\d+) of (?P<read>\d+) rows break the contract",
        "{file}: mit --strict abgelehnt, {bad} von {read} Zeilen verstoßen gegen die Regeln",
    ),
    (r"every row of the file is in the quarantine", "alle Zeilen der Datei sind zurückgehalten"),
    (
        r"(?P<file>.+): refused, could not be read \((?P<error>.*)\)",
        "{file}: abgelehnt, konnte nicht gelesen werden ({error})",
    ),
    (
        r"(?P<file>.+): refused, column (?P<names>.+) looks like personal data",
        "{file}: abgelehnt, die Spalte {names} sieht nach personenbezogenen Daten aus",
    ),
    (
        r"the warehouse takes no names, addresses, e-mail, phone, ID-card numbers or birth dates",
        "das Datenlager nimmt keine Namen, Adressen, E-Mail-Adressen, Telefonnummern, Ausweisnummern oder Geburtsdaten",
    ),
    (
        r"(?P<file>.+): refused, column (?P<column>'.*') appears twice \(as (?P<a>'.*') and (?P<b>'.*')\)",
        "{file}: abgelehnt, die Spalte {column} kommt zweimal vor (als {a} und {b})",
    ),
    (
        r"(?P<file>.+): refused, required column (?P<listed>.+) is missing from the header",
        "{file}: abgelehnt, die Pflichtspalte {listed} fehlt in der Kopfzeile",
    ),
    # what the first lines of a file refused for a missing column hold instead (etl.diagnose)
    (rf"line 1 has one column, separated by {_DELIM}", "Zeile 1 hat eine Spalte, getrennt durch {d}"),
    (rf"line 1 has (?P<n>\d+) columns, separated by {_DELIM}", "Zeile 1 hat {n} Spalten, getrennt durch {d}"),
    *[
        (
            rf"header found in line (?P<line>\d+){by}: delete the {lines} above it",
            f"Kopfzeile in Zeile {{line}} gefunden{by_de}: {lines_de} darüber löschen",
        )
        for by, by_de in (("", ""), (rf", separated by {_DELIM}", ", getrennt durch {d}"))
        for lines, lines_de in (("line", "die Zeile"), (r"(?P<n>\d+) lines", "die {n} Zeilen"))
    ],
    (
        rf"the file seems to use {_DELIM}, which the loader does not read: save it with ',' or ';'",
        "die Datei scheint {d} als Trennzeichen zu verwenden, das der Lader nicht liest: "
        "bitte mit ',' oder ';' speichern",
    ),
    (rf"the file seems to use {_DELIM}", "die Datei scheint {d} als Trennzeichen zu verwenden"),
    (r"(?P<file>.+): refused, the file has no header line", "{file}: abgelehnt, die Datei hat keine Kopfzeile"),
    (r"(?P<file>.+): refused, the file is empty", "{file}: abgelehnt, die Datei ist leer"),
    (r"(?P<file>.+): refused, the first sheet is empty", "{file}: abgelehnt, das erste Tabellenblatt ist leer"),
    (
        r"(?P<file>.+): refused, not a readable Excel workbook \((?P<reason>.*)\)",
        "{file}: abgelehnt, keine lesbare Excel-Arbeitsmappe ({reason})",
    ),
    (
        r"(?P<file>.+): refused, not a readable Parquet file \((?P<reason>.*)\)",
        "{file}: abgelehnt, keine lesbare Parquet-Datei ({reason})",
    ),
    (
        r"(?P<file>.+): refused, the workbook would unpack to (?P<mb>\S+) MB \((?P<ratio>\S+) times its size\)",
        "{file}: abgelehnt, die Arbeitsmappe würde sich auf {mb} MB entpacken (das {ratio}-Fache ihrer Größe)",
    ),
    (r"that is not an office export", "das ist kein Export aus einem Büroprogramm"),
    (
        r"(?P<file>.+): refused, old Excel \.xls files are not supported",
        "{file}: abgelehnt, alte Excel-Dateien (.xls) werden nicht unterstützt",
    ),
    (r"save as \.xlsx or CSV", "bitte als .xlsx oder CSV speichern"),
    # a rollback (etl.versions)
    (
        r"rolled back to the version (?P<name>\S+) \(kept (?P<when>[^)]+) UTC\)",
        "zurückgesetzt auf die Version {name} (aufbewahrt {when} UTC)",
    ),
    (
        r"its last load was load (?P<load>\d+), every later load is undone",
        "ihr letzter Ladevorgang war Nr. {load}, alle späteren sind rückgängig gemacht",
    ),
]
_COMPILED = [(re.compile(pattern, re.DOTALL), template) for pattern, template in PHRASES]


def _part(text: str) -> str | None:
    for pattern, template in _COMPILED:
        match = pattern.fullmatch(text)
        if match:
            return template.format(**match.groupdict())
    return None


def translate(message: str | None, lang: str) -> str | None:
    """A loader message or quarantine reason in the interface's language (English as written)."""
    if message is None or lang != "de":
        return message
    return "; ".join(_part(part) or part for part in message.split("; "))


def is_translated(message: str) -> bool:
    """Whether every part of the message has a German twin (for the tests)."""
    return all(_part(part) is not None for part in message.split("; "))


def translated(frame, column: str, lang: str):
    """A polars expression: the frame's column of loader messages in the interface's language (each distinct
    message translated once)."""
    import polars as pl

    words = {m: translate(m, lang) for m in frame[column].unique().to_list() if m is not None}
    return pl.col(column).replace_strict(words, default=pl.col(column), return_dtype=pl.String).alias(column)
