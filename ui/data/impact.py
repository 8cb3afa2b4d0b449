"""The impact estimate (etl.impact) for the impact page: the report, each stop with its venue, and per visited
district its observed outcome against the estimated counterfactual; cached per warehouse version."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st

from ui.data.store import Version, cursor, query, version


@dataclass(frozen=True)
class Impact:
    report: dict  # the JSON of `python -m etl impact --json`
    by_stop: pl.DataFrame  # report["by_stop"] with a `label`: venue (district)
    event_study: pl.DataFrame
    counterfactuals: dict[str, pl.DataFrame]  # per visited district: week, observed, counterfactual

    @property
    def warning_codes(self) -> set[str]:
        return {w["code"] for w in self.report["warnings"]}


@st.cache_data(show_spinner=False, max_entries=8)
def _impact(outcome: str, version_: Version) -> Impact:
    from etl import impact

    with cursor() as con:
        report, panel = impact.run(con, outcome)
    venues = dict(query("stops").select("stop_id", "venue").iter_rows())
    by_stop = pl.DataFrame(report["by_stop"], infer_schema_length=None)
    if by_stop.height:
        by_stop = by_stop.with_columns(
            label=pl.col("stop_id").replace_strict(venues, default=pl.col("stop_id")) + " (" + pl.col("district") + ")"
        )
    visited = [u for u, c in zip(panel.units, panel.cohort, strict=True) if c is not None]
    return Impact(
        report,
        by_stop,
        pl.DataFrame(report["event_study"], infer_schema_length=None),
        {unit: pl.DataFrame(impact.counterfactual(panel, unit), infer_schema_length=None) for unit in visited},
    )


def estimate(outcome: str) -> Impact:
    return _impact(outcome, version())
