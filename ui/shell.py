"""The frame around every page: page config, language, navigation, shared filters.

dashboard.py calls `run_app()`, which draws the frame and keeps the view it makes in the session for the page
that runs next; each page starts with `view = shell.view()`.
"""

from __future__ import annotations

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
    ("pages/accessibility.py", "page_accessibility", ":material/accessibility:", "accessibility"),
)
VIEW_KEY = "_view"


def _frame(lang: str) -> state.View:
    """The sidebar filters and the view they make; stops the page with a message when there is nothing to show
    (or nothing this session may see: ui.access)."""
    viewer = access.gate(lang)
    context = data.context()
    if context is None:
        st.title(t("app_title", lang))
        st.warning(t("no_warehouse", lang))
        st.stop()
    if not context.is_current:
        st.title(t("app_title", lang))
        st.warning(t("stale_models", lang))
        st.stop()
    view = state.sidebar_filters(lang, context, viewer)
    if view is None:
        st.title(t("app_title", lang))
        st.info(t("bad_period", lang))
        st.stop()
    return view


def _navigation(lang: str):
    return st.navigation(
        [
            st.Page(path, title=t(title, lang), icon=icon, url_path=slug, default=slug == "overview")
            for path, title, icon, slug in PAGES
        ],
        position="sidebar" if access.current() is not None else "hidden",  # no page list before sign-in
    )


def run_app() -> None:
    st.set_page_config(page_title="Hamburg – digital für dich", page_icon=":material/badge:", layout="wide")
    st.html(components.PAGE_CSS)
    lang = state.language()
    components.language_of_page(lang)
    navigation = _navigation(lang)
    st.sidebar.markdown(f"**{t('app_title', lang)}**  \n{t('app_subtitle', lang)}")
    _follow_loads(lang)
    st.session_state[VIEW_KEY] = _frame(lang)
    navigation.run()


def _follow_loads(lang: str) -> None:
    """Say so when a load has swapped a new warehouse in since this session's last run (its data show now).

    No timer reruns the page on its own: a fragment with run_every stalled a page switch that came at the
    same moment by a whole interval (seen in the 20-session benchmark), so new data appear with the next click.
    """
    current = data.version()
    if st.session_state.get("_warehouse_version", current) != current:
        st.toast(t("new_data", lang), icon=":material/update:", duration="long")
    st.session_state["_warehouse_version"] = current


def view() -> state.View:
    """The view that dashboard.py drew in this run.

    A deep link (…/compare) as the very first request of a new server process runs the page file alone:
    Streamlit treats the top-level `pages/` folder as an old-style page folder until the app's first
    st.navigation call. Then the session has no view yet; calling st.navigation (the public way to leave that
    mode, as dashboard.py does on every run) and rerunning brings the page up inside the dashboard's frame.
    Both paths are tested (tests/test_browser.py: a deep link to a fresh server).
    """
    current = st.session_state.get(VIEW_KEY)
    if current is None:
        _navigation(state.language())
        st.rerun()
    return current
