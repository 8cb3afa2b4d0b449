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
filters = export.FILTERS[table]
services = data.query("services")
service_names = dict(zip(services["service_id"], services["name_de" if lang == "de" else "name_en"], strict=True))
chosen: dict[str, tuple[str, ...]] = {}
shown = [f for f in ("services", "channels", "topics", "outcomes") if f in filters]
columns = st.columns(max(len(shown), 1))
for column, field in zip(columns, shown, strict=False):
    if field == "services":
        options, label, key = list(service_names), "services_filter", "service"
        label_of = lambda s: f"{service_names[s]} ({s})"  # noqa: E731
    elif field == "channels":
        sign_in = table == "service_usage"
        options, label = list(AUTH_METHODS if sign_in else CHANNELS), "sign_in_filter" if sign_in else "channels_filter"
        key = "sign_in" if sign_in else "channel"
        label_of = lambda c: code(c, lang)  # noqa: E731
    else:
        options = list(TOPICS if field == "topics" else OUTCOMES)
        label, key = {"topics": "topics_filter", "outcomes": "outcomes_filter"}[field], field[:-1]
        label_of = lambda c: code(c, lang)  # noqa: E731
    chosen[field] = tuple(
        column.multiselect(
            t(label, lang),
            options,
            format_func=label_of,
            placeholder=t("all", lang),
            key=key,
            bind="query-params",
            select_all=False,
        )
    )
selection = view.selection(**chosen)
if data.is_published():
    st.caption(t("published_activations_note", lang))
rows = data.exported(table, selection)
st.markdown(f"**{t('rows', lang, n=formats.number(rows.height, lang))}**")
if rows.height == 0:
    components.empty(view)
    st.stop()

st.caption(t("preview", lang, n=formats.number(min(PREVIEW_ROWS, rows.height), lang)))
components.preview(rows.head(PREVIEW_ROWS), lang, key="preview")

name = f"{table}_{view.date_from:%Y%m%d}-{view.date_to:%Y%m%d}"
forms = ("xlsx", "csv-excel-de", "csv", "parquet")
highlighted = "xlsx" if lang == "de" else "csv"  # the primary button, and the format of the command below
for column, form in zip(st.columns(len(forms)), forms, strict=True):
    with column:
        components.rows_download(
            rows,
            name,
            form,
            t(f"download_{form.replace('-', '_')}", lang),
            key=f"download_{form}",
            sensitive=table in export.SENSITIVE,
            primary=form == highlighted,
            lang=lang,
        )
st.caption(t("formula_note", lang))
st.markdown(t("cli_hint", lang))
st.code(
    shlex.join(export.command_line(table, selection, highlighted, f"{name}{export.SUFFIX[highlighted]}", lang)),
    language=None,
    wrap_lines=True,
)
components.about(view)
