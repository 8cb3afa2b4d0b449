"""The reference data shipped in data/reference: districts, services, the national baseline, holidays.

polars and holidays are imported where they are used: a load that finds the reference data unchanged
needs neither.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from etl.config import HOLIDAY_YEARS, REFERENCE_DIR


def districts(directory: Path = REFERENCE_DIR):
    import polars as pl

    return pl.read_csv(
        directory / "districts.csv",
        comment_prefix="#",
        schema_overrides={"district_id": pl.String, "eid_share_at_start": pl.Float64},
    )


def services(directory: Path = REFERENCE_DIR):
    import polars as pl

    return pl.read_csv(directory / "services.csv", comment_prefix="#")


def baseline(directory: Path = REFERENCE_DIR) -> dict:
    """The national baseline's configuration: share (0..1), year, source and labels."""
    config = tomllib.loads((directory / "baseline.toml").read_text(encoding="utf-8"))
    share = config["share"]
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ValueError(f"{directory / 'baseline.toml'}: share must be a number between 0 and 1, not {share!r}")
    return config


def hamburg_holidays(years=HOLIDAY_YEARS):
    """Public holidays in Hamburg (holidays package, Germany, subdivision HH), in German and English."""
    import holidays
    import polars as pl

    german = holidays.country_holidays("DE", subdiv="HH", years=years, language="de")
    english = holidays.country_holidays("DE", subdiv="HH", years=years, language="en_US")
    days = sorted(german)
    return pl.DataFrame(
        {"date": days, "name_de": [german[d] for d in days], "name_en": [english[d] for d in days]},
        schema={"date": pl.Date, "name_de": pl.String, "name_en": pl.String},
    )


def district_boundaries(directory: Path = REFERENCE_DIR) -> dict:
    return json.loads((directory / "hamburg-districts.geojson").read_text(encoding="utf-8"))


def fingerprint(directory: Path = REFERENCE_DIR) -> str:
    """A hash of the reference files and of the holidays package version: changes when either does."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256(version("holidays").encode())
    for name in ("districts.csv", "services.csv", "baseline.toml"):
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()
