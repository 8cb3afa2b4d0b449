"""Überblick: the campaign's KPIs at a glance (minimal page of the foundation; the dashboard issue extends it)."""

from __future__ import annotations

import duckdb
import streamlit as st

from etl import kpis, warehouse
from etl.config import warehouse_path


@st.cache_resource
def connection() -> duckdb.DuckDBPyConnection:
    return warehouse.connect(warehouse_path(), read_only=True)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %".replace(".", ",")


def number(value: int | None) -> str:
    return "–" if value is None else f"{value:,}".replace(",", ".")


st.title("Hamburg – digital für dich")
try:
    con = connection()
except FileNotFoundError as exc:
    st.warning(f"Noch keine Daten geladen: {exc}")
    st.stop()

if warehouse.scalar(con, "select count(*) from warehouse_info where key = 'demo'"):
    st.info("Demodaten: synthetische Kampagne zur Vorführung, keine echten Zahlen.")
campaign = kpis.compute(con)["campaign"]
columns = st.columns(4)
columns[0].metric("Beratungen", number(campaign["visits"]))
columns[1].metric("eID-Aktivierungen am Pop-Up", number(campaign["popup_activations"]))
columns[2].metric("Quote", percent(campaign["conversion_rate"]))
columns[3].metric(
    "Geschätzte eID-Nutzung Hamburg",
    percent(campaign["hamburg_uptake_latest"]),
    help=f"Bundesweiter Vergleichswert: {percent(campaign['national_baseline'])}",
)
