"""The frame around every page: page config, language, navigation, shared filters.

dashboard.py calls `run_app()`; each page starts with `view = shell.view()`. Normally the view is the one
dashboard.py drew in this same script run. Streamlit runs a page file on its own while it still treats the
top-level `pages/` folder as an old-style page directory: in a new server process until the first
st.navigation call, so when the very first request is a link to a page. Then `view()` does what st.navigation
would have done (leave the old page mode) and reruns, so the page comes up inside the dashboard's navigation;
should that not happen, it draws the language switch and filters itself rather than fail.
"""

from __future__ import annotations

import threading

import streamlit as st

from ui import access, components, data, state
from ui.text import t

PAGES = (
    ("pages/overview.py", "page_overview", ":material/dashboard:", "overview"),
    ("pages/compare.py", "page_compare", ":material/compare_arrows:", "compare"),
    ("pages/uptake.py", "page_uptake", ":material/trending_up:", "uptake"),
    ("pages/impact.py", "page_impact", ":material/science:", "impact"),
    ("pages/services.py", "page_services", ":material/apps:", "services"),
    ("pages/export.py", "page_export", ":material/download:", "export"),
    ("pages/quality.py", "page_quality", ":material/fact_check:", "quality"),
)
_this_run = threading.local()


def _frame(lang: str) -> state.View:
    """The sidebar filters and the view they make; stops the page with a message when there is nothing to show
    (or nothing this session may see: ui.access)."""
    access.gate(lang)
    context = data.context()
    if context is None:
        st.title(t("app_title", lang))
        st.warning(t("no_warehouse", lang))
        st.stop()
    view = state.sidebar_filters(lang, context)
    if view is None:
        st.title(t("app_title", lang))
        st.info(t("bad_period", lang))
        st.stop()
    return view


def run_app() -> None:
    st.set_page_config(page_title="Hamburg – digital für dich", page_icon=":material/badge:", layout="wide")
    st.html(components.PRINT_CSS)
    lang = state.language()
    navigation = st.navigation(
        [
            st.Page(path, title=t(title, lang), icon=icon, url_path=slug, default=slug == "overview")
            for path, title, icon, slug in PAGES
        ],
        position="sidebar" if access.current() is not None else "hidden",  # no page list before sign-in
    )
    st.sidebar.markdown(f"**{t('app_title', lang)}**  \n{t('app_subtitle', lang)}")
    _follow_loads(lang)
    _this_run.view = _frame(lang)
    navigation.run()


def _follow_loads(lang: str) -> None:
    """Say so when a load has swapped a new warehouse in since this session's last run (its data show now).

    No timer reruns the page on its own: a fragment with run_every stalled a page switch that came at the
    same moment by a whole interval (seen in the 20-session benchmark), so new data appear with the next click.
    """
    current = data.version()
    if st.session_state.get("_warehouse_version", current) != current:
        st.toast(t("new_data", lang), icon=":material/update:")
    st.session_state["_warehouse_version"] = current


def view() -> state.View:
    """The view of this run (drawn by run_app, or here when the page runs on its own)."""
    current = getattr(_this_run, "view", None)
    _this_run.view = None
    if current is None:
        if not st.session_state.get("_left_old_page_mode"):
            from streamlit.runtime.pages_manager import PagesManager

            st.session_state["_left_old_page_mode"] = True
            PagesManager.uses_pages_directory = False  # what st.navigation does on its first call
            st.rerun()
        current = _frame(state.language())
    return current
