"""Daten & Export / Data & export: filter, look at the rows, download exactly them (CSV, German Excel, Parquet)."""

from __future__ import annotations

import shlex

import streamlit as st

from etl import export
from etl.schema import AUTH_METHODS, CHANNELS, OUTCOMES, TOPICS
from ui import components, data, formats, shell, state
from ui.data import stops
from ui.text import LANGUAGES, code, t, tn

PREVIEW_ROWS = 200

view = shell.view()
lang = view.lang
components.page_head(view, "page_export", t("export_intro", lang))

# visit rows and activations by channel are for analysts only (ui.access); the others are counts per day or stop
tables = [name for name in export.TABLES if name not in export.SENSITIVE or view.access.row_level]
if len(tables) < len(export.TABLES):
    st.caption(t("analysts_only", lang))
table = state.url_choice(
    st.segmented_control,
    t("table", lang),
    tables,
    key="table",
    words=lambda name, language: t(f"table_{name}", language),
    lang=lang,
    default=tables[0],
    required=True,
)
filters = export.FILTERS[table]
services = data.query("services")
service_names = {
    # the reference data names each service in German and English; any other language reads the English name
    language: dict(zip(services["service_id"], services[f"name_{'de' if language == 'de' else 'en'}"], strict=True))
    for language in LANGUAGES
}
chosen: dict[str, tuple[str, ...]] = {}
shown = [f for f in ("services", "channels", "topics", "outcomes") if f in filters]
columns = st.columns(max(len(shown), 1))
for column, field in zip(columns, shown, strict=False):
    if field == "services":
        options, label, key = list(service_names[lang]), "services_filter", "service"
        words = lambda s, language: f"{service_names[language][s]} ({s})"  # noqa: E731
    elif field == "channels":
        sign_in = table == "service_usage"
        options, label = list(AUTH_METHODS if sign_in else CHANNELS), "sign_in_filter" if sign_in else "channels_filter"
        key = "sign_in" if sign_in else "channel"
        words = code
    else:
        options = list(TOPICS if field == "topics" else OUTCOMES)
        label, key = {"topics": "topics_filter", "outcomes": "outcomes_filter"}[field], field[:-1]
        words = code
    chosen[field] = tuple(
        state.url_choice(
            column.multiselect,
            t(label, lang),
            options,
            key=key,
            words=words,
            lang=lang,
            several=True,
            placeholder=t("all", lang),
            select_all=False,
        )
    )
selection = view.selection(**chosen)
if data.is_published():
    st.caption(t("published_activations_note", lang))
    if table == "stop_kpis":
        components.published_stop_kpis_note(view)
rows = stops.kpi_rows(selection) if table == "stop_kpis" else data.exported(table, selection)
st.markdown(f"**{tn('rows', rows.height, lang, n=formats.number(rows.height, lang))}**")
if rows.height == 0:
    components.empty(view)
    st.stop()

st.caption(tn("preview", min(PREVIEW_ROWS, rows.height), lang, n=formats.number(min(PREVIEW_ROWS, rows.height), lang)))
components.preview(rows.head(PREVIEW_ROWS), lang, key="preview")

name = f"{table}_{view.date_from:%Y%m%d}-{view.date_to:%Y%m%d}"
forms = ("xlsx", "csv-excel-de", "csv", "parquet")
highlighted = "xlsx" if lang == "de" else "csv"  # the primary button, and the format of the command below
labels = [t(f"download_{form.replace('-', '_')}", lang) for form in forms]
# each button as wide as its words ("Excel-Arbeitsmappe (.xlsx)" was cut off in four equal columns at 1280 px)
widths = [max(len(label), 10) for label in labels]
for column, form, label in zip(st.columns(widths), forms, labels, strict=True):
    with column:
        components.rows_download(
            rows,
            name,
            form,
            label,
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
