"""The KPI registry: every figure of KPIS.md once, with its format; its labels, short table headings and
plain-language definitions are in the message catalogs (etl/messages.py; contexts `kpi_label`, `kpi_definition`
with the id `level.key`, `kpi_short` with the key).

`python -m etl kpis` and the stop KPI export take their keys and their order from here, the dashboard its
labels, table headings and the "About the data" notes; docs/KPIS.md is checked against it (tests/test_docs.py).
Formats: int, share (0..1, shown as percent), pp (percentage points), decimal, eur, date, text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from etl import messages


@dataclass(frozen=True)
class Kpi:
    key: str
    level: str  # campaign, stop, district
    format: str
    identity: bool = False  # names the thing (stop_id, venue, dates …) rather than measuring it

    def label(self, lang: str) -> str:
        return messages.word(f"{self.level}.{self.key}", lang, "kpi_label")

    def short(self, lang: str) -> str:
        """A table column's heading: short where the label is long (the label is its tooltip)."""
        catalog = messages.catalog(lang)
        if self.key in catalog.ids("kpi_short"):
            return catalog.word(self.key, "kpi_short")
        return self.label(lang)

    def definition(self, lang: str) -> str:
        return messages.word(f"{self.level}.{self.key}", lang, "kpi_definition")


def _k(key: str, level: str, format_: str, identity: bool = False) -> Kpi:
    return Kpi(key, level, format_, identity)


STOP_KPIS = (
    _k("stop_id", "stop", "text", identity=True),
    _k("district", "stop", "text", identity=True),
    _k("venue", "stop", "text", identity=True),
    _k("start_date", "stop", "date", identity=True),
    _k("end_date", "stop", "date", identity=True),
    _k("open_days", "stop", "int"),
    _k("visits", "stop", "int"),
    _k("visits_per_open_day", "stop", "decimal"),
    _k("popup_activations", "stop", "int"),
    _k("conversion_rate", "stop", "share"),
    _k("popup_activations_per_1000", "stop", "decimal"),
    _k("activations_during", "stop", "int"),
    _k("activations_before", "stop", "int"),
    _k("activations_per_1000_during", "stop", "decimal"),
    _k("activations_per_1000_before", "stop", "decimal"),
    _k("uptake_before", "stop", "share"),
    _k("uptake_after", "stop", "share"),
    _k("uptake_lift_pp", "stop", "pp"),
    _k("eid_share_before", "stop", "share"),
    _k("eid_share_during", "stop", "share"),
    _k("eid_share_after", "stop", "share"),
    _k("completion_rate_during", "stop", "share"),
    _k("avg_satisfaction", "stop", "decimal"),
    _k("cost_per_activation", "stop", "eur"),
)

CAMPAIGN_KPIS = (
    _k("stops", "campaign", "int"),
    _k("districts_visited", "campaign", "int"),
    _k("visits", "campaign", "int"),
    _k("popup_activations", "campaign", "int"),
    _k("conversion_rate", "campaign", "share"),
    _k("national_baseline", "campaign", "share"),
    _k("as_of", "campaign", "date"),
    _k("hamburg_uptake_start", "campaign", "share"),
    _k("hamburg_uptake_latest", "campaign", "share"),
    _k("districts_above_baseline", "campaign", "int"),
)

DISTRICT_KPIS = (
    _k("district", "district", "text"),
    _k("population_16plus", "district", "int"),
    _k("uptake_start", "district", "share"),
    _k("uptake_latest", "district", "share"),
)


class _UptakeNote(Mapping[str, str]):
    """How the estimated uptake is worked out, in words, per language (`UPTAKE_NOTE[lang]`)."""

    def __getitem__(self, lang: str) -> str:
        return messages.word("uptake", lang, "kpi_note")

    def __iter__(self) -> Iterator[str]:
        return iter(messages.languages())

    def __len__(self) -> int:
        return len(messages.languages())


UPTAKE_NOTE = _UptakeNote()


BY_KEY = {(k.level, k.key): k for k in (*STOP_KPIS, *CAMPAIGN_KPIS, *DISTRICT_KPIS)}


def keys(level: str) -> tuple[str, ...]:
    return tuple(k.key for k in {"stop": STOP_KPIS, "campaign": CAMPAIGN_KPIS, "district": DISTRICT_KPIS}[level])


def kpi(level: str, key: str) -> Kpi:
    return BY_KEY[(level, key)]
