"""Daten & Export / Data & export: filter, look at the rows, download exactly them (CSV, German Excel, Parquet)."""

from __future__ import annotations

import shlex

import streamlit as st

from etl import export
from etl.schema import AUTH_METHODS, CHANNELS, OUTCOMES, TOPICS
from ui import components, data, formats, shell
from ui.text import code, t

PREVIEW_ROWS = 200

view = shell.view()
lang = view.lang
components.page_head(view, "page_export", t("export_intro", lang))

# visit rows and activations by channel are for analysts only (ui.access); the others are counts per day or stop
tables = [name for name in export.TABLES if name not in export.SENSITIVE or view.access.row_level]
if len(tables) < len(export.TABLES):
    st.caption(t("analysts_only", lang))
table = st.segmented_control(
    t("table", lang),
    tables,
    default=tables[0],
    required=True,
    format_func=lambda name: t(f"table_{name}", lang),
    key="table",
    bind="query-params",
)
services = data.query("services")
service_names = dict(zip(services["service_id"], services["name_de" if lang == "de" else "name_en"], strict=True))
columns = st.columns(4)
chosen_services = columns[0].multiselect(
    t("services_filter", lang),
    list(service_names),
    format_func=lambda s: f"{service_names[s]} ({s})",
    placeholder=t("all", lang),
    key="service",
    bind="query-params",
    disabled=table not in ("visits", "service_usage"),
)
chosen_channels = columns[1].multiselect(
    t("channels_filter", lang),
    [*CHANNELS, *AUTH_METHODS],
    format_func=lambda c: code(c, lang),
    placeholder=t("all", lang),
    key="channel",
    bind="query-params",
    disabled=table not in ("activations", "service_usage"),
)
chosen_topics = columns[2].multiselect(
    t("topics_filter", lang),
    TOPICS,
    format_func=lambda c: code(c, lang),
    placeholder=t("all", lang),
    key="topic",
    bind="query-params",
    disabled=table != "visits",
)
chosen_outcomes = columns[3].multiselect(
    t("outcomes_filter", lang),
    OUTCOMES,
    format_func=lambda c: code(c, lang),
    placeholder=t("all", lang),
    key="outcome",
    bind="query-params",
    disabled=table != "visits",
)

selection = view.selection(
    services=tuple(chosen_services) if table in ("visits", "service_usage") else (),
    channels=tuple(chosen_channels) if table in ("activations", "service_usage") else (),
    topics=tuple(chosen_topics) if table == "visits" else (),
    outcomes=tuple(chosen_outcomes) if table == "visits" else (),
)
rows = data.exported(table, selection)
st.markdown(f"**{t('rows', lang, n=formats.number(rows.height, lang))}**")
if rows.height == 0:
    components.empty(view)
    st.stop()

st.caption(t("preview", lang, n=formats.number(min(PREVIEW_ROWS, rows.height), lang)))
st.dataframe(rows.head(PREVIEW_ROWS), hide_index=True, key="preview")

name = f"{table}_{view.date_from:%Y%m%d}-{view.date_to:%Y%m%d}"
buttons = st.columns(3)
for column, form, label in zip(
    buttons, ("csv", "csv-excel-de", "parquet"), ("download_csv", "download_excel", "download_parquet"), strict=True
):
    with column:
        components.rows_download(
            rows,
            name,
            form,
            t(label, lang),
            key=f"download_{form}",
            sensitive=table in export.SENSITIVE,
            primary=(form == "csv-excel-de" and lang == "de") or (form == "csv" and lang == "en"),
        )
st.caption(t("formula_note", lang))

command = [
    "python",
    "-m",
    "etl",
    "export",
    table,
    "--out",
    f"{name}.csv",
    "--from",
    view.date_from.isoformat(),
    "--to",
    view.date_to.isoformat(),
]
for district in view.districts:
    command += ["--district", district]
for stop in view.stops:
    command += ["--stop", stop]
for service in selection.services:
    command += ["--service", service]
st.markdown(t("cli_hint", lang))
st.code(shlex.join(command), language="bash")
components.about(view)
