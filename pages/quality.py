"""Datenqualität / Data quality: the load history, the quarantine, the reconciliation per stop, the freshness."""

from __future__ import annotations

import streamlit as st

from etl import registry
from ui import components, data, formats, shell, state
from ui.data import quality
from ui.text import coded, t, tn

view = shell.view()
lang = view.lang
components.page_head(view, "page_quality", t("quality_intro", lang))


st.subheader(t("freshness", lang))
freshness = data.query("freshness").with_columns(coded("kind", lang))
components.table(
    freshness,
    {
        "kind": (t("kind", lang), "text"),
        "files": (t("files", lang), "int"),
        "last_loaded_at": (t("loaded_at", lang), "timestamp"),
        "latest_data": (t("latest_data", lang), "date"),
    },
    lang,
    key="freshness",
)

st.subheader(t("reconciliation", lang))
reconciliation = quality.reconciliation(view.districts, view.stops)
if reconciliation is not None:
    st.caption(t("reconciliation_help", lang))
if reconciliation is None:  # exact counts of every daily load: analysts only (docs/DISCLOSURE.md)
    st.info(t("reconciliation_analysts_only", lang), icon=":material/lock:")
elif reconciliation.height == 0:
    components.empty(view)
else:
    components.table(
        reconciliation,
        {
            "venue": (t("stop", lang), "text"),
            "district": (t("district", lang), "text"),
            # the stop's first day, headed as in the other stop tables ("Zeitraum" above one date promised a range)
            "start_date": (registry.kpi("stop", "start_date").label(lang), "date"),
            "in_visit_log": (t("in_visit_log", lang), "int"),
            "in_counts": (t("in_counts", lang), "int"),
            "difference": (t("difference", lang), "int"),
        },
        lang,
        key="reconciliation",
    )

watched = quality.inbox(lang)
if watched is not None:
    st.subheader(t("inbox", lang))
    st.markdown(
        t(
            "inbox_last_run",
            lang,
            folder=formats.plain(watched.folder),
            when=formats.timestamp(watched.last_run, lang),
        )
    )
    if watched.error:
        st.error(t("inbox_error", lang, error=formats.plain(watched.error)))
    if watched.refused_waiting:
        names = ", ".join(formats.plain(name) for name in watched.refused_waiting)
        st.warning(t("inbox_refused", lang, files=names), icon=":material/block:")
    if watched.passed_over:
        names = ", ".join(formats.plain(name) for name in watched.passed_over)
        st.warning(t("inbox_passed_over", lang, files=names), icon=":material/link_off:")
    if watched.still_being_written:
        st.caption(t("inbox_busy", lang, files=", ".join(formats.plain(n) for n in watched.still_being_written)))
    if watched.files.height:
        components.table(
            watched.files.with_columns(coded("status", lang)),
            {
                "file": (t("file", lang), "text"),
                "status": (t("status", lang), "text"),
                "message": (t("message", lang), "text"),
            },
            lang,
            key="inbox_files",
        )

st.subheader(t("load_history", lang))
history = quality.load_history(lang)
if history.height == 0:
    st.info(t("no_loads", lang))
else:
    history = history.with_columns(coded("status", lang), coded("kind", lang))
    components.table(
        history,
        {
            "loaded_at": (t("loaded_at", lang), "timestamp"),
            "file": (t("file", lang), "text"),
            "kind": (t("kind", lang), "text"),
            "status": (t("status", lang), "text"),
            "rows_read": (t("rows_read", lang), "int"),
            "rows_loaded": (t("rows_loaded", lang), "int"),
            "rows_replaced": (t("rows_replaced", lang), "int"),
            "rows_unchanged": (t("rows_unchanged", lang), "int"),
            "rows_quarantined": (t("rows_quarantined", lang), "int"),
            "message": (t("message", lang), "text"),
        },
        lang,
        key="load_history",
        height=components.fitted_height(history.height, 320),
    )

st.subheader(t("quarantine", lang))
if not view.access.row_level:
    st.info(t("analysts_only", lang), icon=":material/lock:")
else:
    files = data.query("quarantine", file="", search="")["file"].unique(maintain_order=True).to_list()
    left, right = st.columns(2)
    chosen_file = state.url_choice(
        left.selectbox,
        t("quarantine_filter_file", lang),
        ["", *files],
        key="q_file",
        words=lambda f, language: f or t("all", language),
        lang=lang,
        default="",
    )
    search = right.text_input(t("quarantine_search", lang), key="q_search", max_chars=200)
    quarantined = quality.quarantine(lang, chosen_file or "", search.strip())
    if quarantined.height == 0:
        st.info(t("nothing_quarantined", lang))
    else:
        st.caption(tn("rows", quarantined.height, lang, n=formats.number(quarantined.height, lang)))
        components.table(
            quarantined,
            {
                "file": (t("file", lang), "text"),
                "line": (t("line", lang), "text"),
                "reasons": (t("reasons", lang), "text"),
                "raw_values": (t("raw_values", lang), "text"),
            },
            lang,
            key="quarantine",
            height=components.fitted_height(quarantined.height, 360),
        )
        components.rows_download(
            quarantined.drop("loaded_at"),
            "quarantine",
            "csv-excel-de" if lang == "de" else "csv",
            t("download_quarantine", lang),
            key="q_download",
            sensitive=True,
            lang=lang,
        )
components.about(view)
