"""The input schemas of the data contract, once: every column with its German alias, type, default and rule.

The loader builds its validation SQL from these definitions and the contract tests read them;
docs/DATA_CONTRACT.md is the human-readable twin, checked against them by tests/test_docs.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DISTRICTS: tuple[str, ...] = (
    "Hamburg-Mitte",
    "Altona",
    "Eimsbüttel",
    "Hamburg-Nord",
    "Wandsbek",
    "Bergedorf",
    "Harburg",
)
TOPICS = ("eid_activation", "pin_reset", "ausweisapp_setup", "service_help", "general_info")
OUTCOMES = ("eid_activated", "resolved", "referred", "not_resolved")
AGE_BANDS = ("16-29", "30-49", "50-64", "65+")
CHANNELS = ("popup", "citizen_office", "self_service")
AUTH_METHODS = ("eid", "username_password", "none")

# Column names that carry personal data; a file with any of them is refused whole (compared after
# normalise_header). Exact names, and fragments that are personal wherever they appear in a name.
PERSONAL_DATA_NAMES = frozenset(
    {
        "name",
        "vorname",
        "nachname",
        "familienname",
        "firstname",
        "lastname",
        "surname",
        "givenname",
        "fullname",
        "forename",
        "email",
        "mail",
        "emailadresse",
        "telefon",
        "telefonnummer",
        "tel",
        "phone",
        "phonenumber",
        "mobile",
        "handy",
        "adresse",
        "anschrift",
        "address",
        "strasse",
        "street",
        "hausnummer",
        "ausweisnummer",
        "idnumber",
        "idcardnumber",
        "passportnumber",
        "personalausweisnummer",
        "geburtsdatum",
        "geburtstag",
        "birthdate",
        "dateofbirth",
        "dob",
        "birthday",
    }
)
PERSONAL_DATA_FRAGMENTS = (
    "email",
    "telefon",
    "phone",
    "adresse",
    "address",
    "ausweisnummer",
    "geburt",
    "birth",
    "vorname",
    "nachname",
    "firstname",
    "lastname",
    "surname",
)


def normalise_header(text: str) -> str:
    """Header comparison key: case, surrounding spaces, umlauts and -/_/space differences are ignored."""
    key = text.strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        key = key.replace(umlaut, plain)
    return re.sub(r"[\s_\-]+", "", key)


def is_personal_data(header: str) -> bool:
    key = normalise_header(header)
    return key in PERSONAL_DATA_NAMES or any(fragment in key for fragment in PERSONAL_DATA_FRAGMENTS)


@dataclass(frozen=True)
class Column:
    """One column of an input file.

    type: text, district, date, date_or_timestamp, timestamp, time, integer, decimal, share or code.
    default: SQL literal used when the column is absent or the cell is empty (None: stays empty).
    check: SQL condition on the parsed value `{v}` that must hold; `check_message` says what it demands.
    """

    name: str
    aliases: tuple[str, ...]
    type: str
    required: bool
    sql_type: str
    default: str | None = None
    check: str | None = None
    check_message: str = ""
    codes: tuple[str, ...] = ()
    rule: str = ""

    @property
    def header_keys(self) -> tuple[str, ...]:
        return tuple(normalise_header(n) for n in (self.name, *self.aliases))


@dataclass(frozen=True)
class RowRule:
    """A rule over several columns of one row: `condition` is SQL over the parsed `columns`."""

    column: str
    columns: tuple[str, ...]
    condition: str
    message: str


@dataclass(frozen=True)
class Kind:
    """A kind of input file: how it is recognised, its columns, its key and how rows with one key combine."""

    name: str
    prefixes: tuple[str, ...]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    measures: tuple[str, ...] = ()  # summed per key inside one file (daily counts); empty: key is unique
    row_rules: tuple[RowRule, ...] = field(default_factory=tuple)
    description: str = ""

    @property
    def is_aggregate(self) -> bool:
        return bool(self.measures)

    @property
    def table(self) -> str:
        return f"raw_{self.name}"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _code(name, aliases, codes, required=True, rule=""):
    return Column(name, aliases, "code", required, "varchar", codes=codes, rule=rule or " / ".join(codes))


STOPS = Kind(
    name="stops",
    prefixes=("stops", "standorte"),
    description="one stop of the pop-up (a district, a venue, a date range)",
    key=("stop_id",),
    columns=(
        Column("stop_id", ("standort_id",), "text", True, "varchar", rule="unique; the key"),
        Column("district", ("bezirk",), "district", True, "varchar"),
        Column("venue", ("ort",), "text", True, "varchar", rule='e.g. "Mercado"'),
        Column("start_date", ("beginn",), "date", True, "date"),
        Column("end_date", ("ende",), "date", True, "date", rule="≥ start_date"),
        Column("opening_time", ("oeffnet",), "time", False, "time", default="TIME '10:00'"),
        Column("closing_time", ("schliesst",), "time", False, "time", default="TIME '19:00'", rule="> opening_time"),
        Column(
            "cost_eur",
            ("kosten_eur",),
            "decimal",
            False,
            "double",
            check="{v} >= 0",
            check_message="must be 0 or more",
            rule="≥ 0; staff, rent and material for the stop",
        ),
    ),
    row_rules=(
        RowRule("end_date", ("start_date", "end_date"), "end_date >= start_date", "must not be before start_date"),
        RowRule(
            "closing_time",
            ("opening_time", "closing_time"),
            "closing_time > opening_time",
            "must be after opening_time",
        ),
    ),
)

VISITS = Kind(
    name="visits",
    prefixes=("visits", "besuche"),
    description="one consultation at the pop-up (visit log)",
    key=("visit_id",),
    columns=(
        Column("visit_id", ("besuch_id",), "text", True, "varchar", rule="the key"),
        Column("stop_id", ("standort_id",), "text", True, "varchar", rule="must name a loaded stop"),
        Column("visited_at", ("zeitpunkt",), "timestamp", True, "timestamp", rule="within the stop's dates"),
        _code("topic", ("anliegen",), TOPICS),
        _code("outcome", ("ergebnis",), OUTCOMES),
        Column("service_id", ("dienst_id",), "text", False, "varchar", rule="the service helped with"),
        _code("age_band", ("altersgruppe",), AGE_BANDS, required=False),
        Column("resident_district", ("wohnbezirk",), "district", False, "varchar", rule="where the visitor lives"),
        Column(
            "satisfaction",
            ("zufriedenheit",),
            "integer",
            False,
            "bigint",
            check="{v} between 1 and 5",
            check_message="must be a whole number from 1 to 5",
            rule="1–5",
        ),
        Column(
            "duration_min",
            ("dauer_min",),
            "decimal",
            False,
            "double",
            check="{v} > 0 and {v} <= 240",
            check_message="must be more than 0 and at most 240",
            rule="> 0, ≤ 240",
        ),
    ),
)

ACTIVATIONS = Kind(
    name="activations",
    prefixes=("activations", "aktivierungen"),
    description="eID activations counted per day, district of residence and channel",
    key=("date", "district", "channel"),
    measures=("activations",),
    columns=(
        Column("date", ("datum",), "date", True, "date"),
        Column("district", ("bezirk",), "district", True, "varchar", rule="district of residence"),
        _code("channel", ("kanal",), CHANNELS),
        Column(
            "activations",
            ("aktivierungen", "anzahl"),
            "integer",
            False,
            "bigint",
            default="1",
            check="{v} >= 0",
            check_message="must be 0 or more",
            rule="≥ 0; a row without it counts one activation",
        ),
    ),
)

SERVICE_USAGE = Kind(
    name="service_usage",
    prefixes=("service_usage", "onlinedienste", "nutzung"),
    description="online-service transactions per day, district, service and authentication method",
    key=("date", "district", "service_id", "auth_method"),
    measures=("started", "completed"),
    columns=(
        Column("date", ("datum",), "date_or_timestamp", True, "date", rule="its date is used"),
        Column("district", ("bezirk",), "district", True, "varchar", rule="district of residence of the applicant"),
        Column("service_id", ("dienst_id",), "text", True, "varchar"),
        _code("auth_method", ("anmeldung",), AUTH_METHODS),
        Column(
            "started",
            ("begonnen",),
            "integer",
            False,
            "bigint",
            default="1",
            check="{v} >= 0",
            check_message="must be 0 or more",
            rule="≥ 0",
        ),
        Column(
            "completed",
            ("abgeschlossen",),
            "integer",
            False,
            "bigint",
            default="started",
            check="{v} >= 0",
            check_message="must be 0 or more",
            rule="0 ≤ completed ≤ started",
        ),
    ),
    row_rules=(
        RowRule("completed", ("started", "completed"), "completed <= started", "must not be more than started"),
    ),
)

DISTRICT_FIGURES = Kind(
    name="districts",
    prefixes=("districts", "bezirke"),
    description="reference figures of one district (replaces the shipped ones)",
    key=("district",),
    columns=(
        Column("district", ("bezirk",), "district", True, "varchar", rule="the key"),
        Column(
            "population_16plus",
            ("einwohner_16plus",),
            "integer",
            True,
            "bigint",
            check="{v} > 0",
            check_message="must be more than 0",
            rule="residents aged 16 and over",
        ),
        Column(
            "eid_share_at_start",
            ("eid_anteil_start",),
            "share",
            False,
            "double",
            check="{v} between 0 and 1",
            check_message="must be between 0 and 1 (0 % to 100 %)",
            rule="0 ≤ x ≤ 1 (also 24,5 % or 24.5%); empty = national baseline",
        ),
    ),
)

# The order in which the loader takes the kinds: districts, stops, then the rest in the order given.
KINDS: dict[str, Kind] = {k.name: k for k in (DISTRICT_FIGURES, STOPS, VISITS, ACTIVATIONS, SERVICE_USAGE)}
KIND_RANK = {"districts": 0, "stops": 1}


def kind_from_filename(filename: str) -> Kind | None:
    """The kind whose prefix the file name starts with (case-insensitive), the longest prefix winning."""
    name = filename.lower()
    matches = [(len(p), k) for k in KINDS.values() for p in k.prefixes if name.startswith(p)]
    return max(matches, key=lambda m: m[0])[1] if matches else None
