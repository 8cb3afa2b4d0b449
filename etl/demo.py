"""A realistic, deterministic synthetic campaign, written as contract files and loaded like real data.

Seven stops from the pilot in the Europa-Passage (autumn 2024) to Harburg (early 2026); daily activations
of every district and channel and daily use of the catalogue's services from June 2024; visits with the
hour, weekday, topic, outcome and age patterns a pop-up in a shopping centre sees. The visited district
shows a visible but modest uplift during and after its stop. A few rows are deliberately bad so that the
quarantine has something to show. Everything comes from one seeded generator: same seed, same files.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import shutil
from pathlib import Path

import numpy as np
import polars as pl

from etl import load, reference, swap, warehouse
from etl.config import DEMO_DIR
from etl.schema import DISTRICTS

SEED = 20240923
DATA_START = dt.date(2024, 6, 1)
DATA_END = dt.date(2026, 3, 7)

# stop_id, district, venue, first day, last day, cost in EUR, mean visits on an open day
STOPS = (
    ("EP-2024", "Hamburg-Mitte", "Europa-Passage", dt.date(2024, 9, 23), dt.date(2024, 10, 19), 58_400, 70),
    ("MC-2025", "Altona", "Mercado", dt.date(2025, 5, 21), dt.date(2025, 6, 14), 51_200, 58),
    ("EC-2025", "Eimsbüttel", "Eidelstedt Center", dt.date(2025, 7, 14), dt.date(2025, 8, 9), 47_900, 44),
    ("HM-2025", "Hamburg-Nord", "Hamburger Meile", dt.date(2025, 8, 25), dt.date(2025, 9, 20), 49_300, 52),
    ("WQ-2025", "Wandsbek", "Wandsbek Quarree", dt.date(2025, 10, 6), dt.date(2025, 11, 1), 50_800, 60),
    ("CCB-2025", "Bergedorf", "CCB Bergedorf", dt.date(2025, 11, 17), dt.date(2025, 12, 13), 44_100, 38),
    ("PC-2026", "Harburg", "Phoenix-Center", dt.date(2026, 1, 12), dt.date(2026, 2, 7), 46_500, 44),
)
WEEKDAY_FACTOR = (0.8, 0.9, 0.95, 1.0, 1.15, 1.4, 0.0)  # Monday .. Sunday (closed)
HOUR_WEIGHTS = (0.07, 0.11, 0.14, 0.12, 0.10, 0.11, 0.13, 0.13, 0.09)  # 10:00 .. 18:00
TOPICS = {
    "eid_activation": 0.46,
    "pin_reset": 0.16,
    "ausweisapp_setup": 0.14,
    "service_help": 0.16,
    "general_info": 0.08,
}
OUTCOMES = {  # per topic: eid_activated, resolved, referred, not_resolved
    "eid_activation": (0.82, 0.0, 0.08, 0.10),
    "pin_reset": (0.55, 0.30, 0.10, 0.05),
    "ausweisapp_setup": (0.0, 0.80, 0.05, 0.15),
    "service_help": (0.0, 0.70, 0.20, 0.10),
    "general_info": (0.0, 0.90, 0.10, 0.0),
}
AGE_BANDS = {"16-29": 0.11, "30-49": 0.22, "50-64": 0.31, "65+": 0.36}  # older people over-represented
HELPED_SERVICES = (
    "resident_parking",
    "good_conduct",
    "residence_registration",
    "kita_voucher",
    "appointment_booking",
    "housing_benefit",
    "child_benefit",
    "vehicle_registration",
    "postal_vote",
    "registration_certificate",
)
# transactions per 100,000 residents 16+ on a weekday, and the share of them that need no sign-in
SERVICE_DEMAND = {
    "appointment_booking": (14.0, 0.85),
    "residence_registration": (6.0, 0.0),
    "resident_parking": (3.2, 0.0),
    "good_conduct": (2.6, 0.0),
    "kita_voucher": (2.0, 0.0),
    "registration_certificate": (2.4, 0.0),
    "traffic_fine_hearing": (2.2, 0.3),
    "postal_vote": (1.2, 0.6),
    "vehicle_registration": (2.0, 0.0),
    "bulky_waste": (2.5, 0.8),
    "noise_complaint": (0.8, 0.9),
    "housing_benefit": (1.1, 0.0),
    "child_benefit": (0.9, 0.0),
    "id_card_application": (1.5, 0.2),
    "passport_application": (1.0, 0.2),
    "eid_pin_reset": (0.9, 0.0),
    "dog_registration": (0.5, 0.0),
    "business_registration": (0.7, 0.0),
    "no_parking_zone": (0.9, 0.0),
    "birth_certificate": (0.6, 0.0),
}
DEFAULT_DEMAND = (0.3, 0.1)


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def _open_days(start: dt.date, end: dt.date, holidays: set[dt.date]) -> list[dt.date]:
    return [d for d in _days(start, end) if d.weekday() < 6 and d not in holidays]


def _campaign_lift(district: str, day: dt.date, during: float, after: float, decay_days: float) -> float:
    """Relative uplift of a district on a day: `during` while its stop runs, then decaying `after`."""
    lift = 0.0
    for _, stop_district, _, start, end, _, _ in STOPS:
        if stop_district != district or day < start:
            continue
        lift += during if day <= end else after * np.exp(-(day - end).days / decay_days)
    return lift


def make_visits(rng: np.random.Generator, population: dict[str, int], holidays: set[dt.date]) -> pl.DataFrame:
    others = np.array(DISTRICTS)
    rows = []
    for stop_id, district, _, start, end, _, mean_visits in STOPS:
        home_share = 0.55 if district == "Hamburg-Mitte" else 0.74  # the central Europa-Passage draws citywide
        weights = np.array([0 if d == district else population[d] for d in DISTRICTS], dtype=float)
        weights /= weights.sum()
        number = 0
        for day in _open_days(start, end, holidays):
            ramp = min(1.0, 0.7 + 0.1 * (day - start).days)  # word gets around in the first days
            count = rng.poisson(mean_visits * WEEKDAY_FACTOR[day.weekday()] * ramp)
            hours = rng.choice(np.arange(10, 19), size=count, p=HOUR_WEIGHTS)
            minutes = rng.integers(0, 60, size=count)
            topics = rng.choice(list(TOPICS), size=count, p=list(TOPICS.values()))
            for i in range(count):
                number += 1
                topic = str(topics[i])
                outcome = rng.choice(["eid_activated", "resolved", "referred", "not_resolved"], p=OUTCOMES[topic])
                if rng.random() < 0.05:
                    resident = None
                elif rng.random() < home_share:
                    resident = district
                else:
                    resident = str(rng.choice(others, p=weights))
                service = str(rng.choice(HELPED_SERVICES)) if topic == "service_help" or rng.random() < 0.1 else None
                satisfaction = (
                    None if rng.random() < 0.2 else int(rng.choice([1, 2, 3, 4, 5], p=[0.02, 0.04, 0.12, 0.35, 0.47]))
                )
                duration = float(
                    np.clip(round(rng.lognormal(np.log(16 if topic != "general_info" else 6), 0.45)), 3, 120)
                )
                age = None if rng.random() < 0.03 else str(rng.choice(list(AGE_BANDS), p=list(AGE_BANDS.values())))
                rows.append(
                    {
                        "visit_id": f"{stop_id}-{number:05d}",
                        "stop_id": stop_id,
                        "visited_at": dt.datetime.combine(day, dt.time(int(hours[i]), int(minutes[i]))),
                        "topic": topic,
                        "outcome": str(outcome),
                        "service_id": service,
                        "age_band": age,
                        "resident_district": resident,
                        "satisfaction": satisfaction,
                        "duration_min": duration,
                    }
                )
    return pl.DataFrame(rows)


def make_activations(
    rng: np.random.Generator, population: dict[str, int], holidays: set[dt.date], visits: pl.DataFrame
) -> pl.DataFrame:
    rows = []
    days = _days(DATA_START, DATA_END)
    for district in DISTRICTS:
        per_100k = population[district] / 100_000
        for day in days:
            years = (day - DATA_START).days / 365
            lift = 1 + _campaign_lift(district, day, during=0.16, after=0.12, decay_days=35)
            weekday = day.weekday()
            office_open = weekday < 5 and day not in holidays
            office = rng.poisson(4.2 * per_100k * (1 + 0.15 * years) * lift) if office_open else 0
            self_service = rng.poisson(1.6 * per_100k * (1 + 0.25 * years) * lift * (0.6 if weekday >= 5 else 1))
            for channel, count in (("citizen_office", office), ("self_service", self_service)):
                if count:
                    rows.append({"date": day, "district": district, "channel": channel, "activations": int(count)})
    popup = (
        visits.filter(pl.col("outcome") == "eid_activated")
        .join(pl.DataFrame({"stop_id": [s[0] for s in STOPS], "stop_district": [s[1] for s in STOPS]}), on="stop_id")
        .with_columns(
            date=pl.col("visited_at").dt.date(),
            district=pl.coalesce("resident_district", "stop_district"),
        )
        .group_by("date", "district")
        .agg(activations=pl.len().cast(pl.Int64))
        .with_columns(channel=pl.lit("popup"))
        .sort("date", "district")
    )
    # Two days where the activation count and the visit log disagree, as they do in real reporting.
    popup = popup.with_columns(
        activations=pl.when(pl.int_range(pl.len()) == 17)
        .then(pl.col("activations") + 2)
        .when(pl.int_range(pl.len()) == 140)
        .then(pl.col("activations") - 1)
        .otherwise(pl.col("activations"))
    )
    frame = pl.concat([pl.DataFrame(rows), popup.select("date", "district", "channel", "activations")])
    return frame.sort("date", "district", "channel")


def make_service_usage(rng: np.random.Generator, population: dict[str, int], services: list[str]) -> pl.DataFrame:
    days = _days(DATA_START, DATA_END)
    years = np.array([(d - DATA_START).days / 365 for d in days])[:, None]
    weekend = np.array([0.45 if d.weekday() >= 5 else 1.0 for d in days])[:, None]
    demand = np.array([SERVICE_DEMAND.get(s, DEFAULT_DEMAND)[0] for s in services])[None, :]
    anonymous = np.array([SERVICE_DEMAND.get(s, DEFAULT_DEMAND)[1] for s in services])[None, :]
    grid_days = np.repeat(np.array(days, dtype="datetime64[D]"), len(services))
    grid_services = np.tile(np.array(services), len(days))
    parts = []
    for district in DISTRICTS:
        lift = np.array([_campaign_lift(district, d, during=0.05, after=0.04, decay_days=40) for d in days])
        eid_share = np.minimum(0.19 + 0.05 * years + lift[:, None], 0.95)
        total = rng.poisson(demand * population[district] / 100_000 * weekend)
        none = rng.binomial(total, np.broadcast_to(anonymous, total.shape))
        eid = rng.binomial(total - none, np.broadcast_to(eid_share, total.shape))
        password = total - none - eid
        for method, started, completion in (
            ("eid", eid, 0.9),
            ("username_password", password, 0.79),
            ("none", none, 0.72),
        ):
            started = started.ravel()
            keep = started > 0
            parts.append(
                pl.DataFrame(
                    {
                        "date": grid_days[keep],
                        "district": district,
                        "service_id": grid_services[keep],
                        "auth_method": method,
                        "started": started[keep],
                        "completed": rng.binomial(started[keep], completion),
                    }
                )
            )
    return (
        pl.concat(parts)
        .with_columns(pl.col("date").cast(pl.Date))
        .sort("date", "district", "service_id", "auth_method")
    )


def _write_german_stops(path: Path) -> None:
    """The schedule as an office would send it: semicolons, Windows-1252, German headers and dates."""
    lines = ["Standort_ID;Bezirk;Ort;Beginn;Ende;Öffnet;Schließt;Kosten_EUR"]
    for stop_id, district, venue, start, end, cost, _ in STOPS:
        german_cost = f"{cost:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")  # 58.400,00
        lines.append(f"{stop_id};{district};{venue};{start:%d.%m.%Y};{end:%d.%m.%Y};10:00;19:00;{german_cost}")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


# Estimated share of residents 16+ using the eID before the campaign (invented for the demo, around the
# national 22 % of 2024), written as a districts file the way an office would: German headers, percentages.
DEMO_EID_SHARE_AT_START = {
    "Hamburg-Mitte": "21,4 %",
    "Altona": "24,6 %",
    "Eimsbüttel": "26,8 %",
    "Hamburg-Nord": "25,9 %",
    "Wandsbek": "22,3 %",
    "Bergedorf": "20,7 %",
    "Harburg": "19,5 %",
}


def _write_district_figures(path: Path, population: dict[str, int]) -> None:
    lines = ["Bezirk;Einwohner_16plus;eID_Anteil_Start"]
    lines += [f"{d};{population[d]};{DEMO_EID_SHARE_AT_START[d]}" for d in DISTRICTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _with_bad_rows(visits: pl.DataFrame) -> pl.DataFrame:
    """A handful of rows that break the contract, as real visit logs do."""
    text = visits.with_columns(
        pl.col("visited_at").dt.strftime("%Y-%m-%dT%H:%M:%S"), pl.col(pl.Int64, pl.Float64).cast(pl.String)
    )
    template = text.row(5, named=True)
    bad = [
        {
            **template,
            "visit_id": "MC-2025-90001",
            "stop_id": "MC-2025",
            "visited_at": "2025-05-23T11:00:00",
            "resident_district": "Altstadt",
        },
        {**template, "visit_id": "MC-2025-90002", "stop_id": "MC-2025", "visited_at": "2025-07-02T11:20:00"},
        {
            **template,
            "visit_id": "WQ-2025-90003",
            "stop_id": "WQ-2025",
            "visited_at": "2025-10-08T12:05:00",
            "satisfaction": "7",
        },
        {**template, "visit_id": "XY-2025-90004", "stop_id": "XY-2025", "visited_at": "2025-09-01T10:30:00"},
        {**template, "visit_id": "HM-2025-90005", "stop_id": "HM-2025", "visited_at": None},
        {
            **template,
            "visit_id": "EC-2025-90006",
            "stop_id": "EC-2025",
            "visited_at": "2025-07-15T14:00:00",
            "topic": "Beratung",
        },
    ]
    return pl.concat([text, pl.DataFrame(bad, schema=text.schema)])


def write_files(directory: Path = DEMO_DIR, seed: int = SEED) -> Path:
    """Write the demo campaign as contract files into `directory` (emptied first)."""
    rng = np.random.default_rng(seed)
    districts = reference.districts()
    population = dict(zip(districts["district"], districts["population_16plus"], strict=True))
    holidays = set(reference.hamburg_holidays()["date"].to_list())
    services = reference.services()["service_id"].to_list()

    visits = make_visits(rng, population, holidays)
    activations = make_activations(rng, population, holidays, visits)
    usage = make_service_usage(rng, population, services)

    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    _write_german_stops(directory / "standorte.csv")
    _with_bad_rows(visits).write_csv(directory / "visits.csv")
    bad_activations = pl.DataFrame(
        {
            "date": ["31.02.2025", "2025-03-03"],
            "district": ["Altona", "Harburg"],
            "channel": ["citizen_office", "self_service"],
            "activations": ["12", "-4"],
        }
    )
    pl.concat(
        [
            activations.with_columns(pl.col("date").cast(pl.String), pl.col("activations").cast(pl.String)),
            bad_activations,
        ]
    ).write_csv(directory / "activations.csv")
    usage.write_parquet(directory / "service_usage.parquet")
    _write_district_figures(directory / "bezirke.csv", population)
    return directory


def build_demo(db_path: Path, fresh: bool = True) -> list[load.FileReport]:
    """Write the demo files and load them into a new warehouse at db_path (swapped in), marked as demo data.

    Two demo builds at once (two terminals, or the tests' parallel workers) share data/demo: each holds a lock on
    it while it writes and reads the files, so neither reads a folder the other is emptying."""
    DEMO_DIR.parent.mkdir(parents=True, exist_ok=True)
    with open(DEMO_DIR.parent / ".demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        files, _ = load.collect([str(write_files())], None)
        with swap.new_version(db_path, fresh=fresh) as con:
            reports = load.load_into(con, files, strict=False, force=False)
            warehouse.mark_demo(con)
    return reports
