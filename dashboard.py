"""The dashboard's entry point: page config, language, shared filters, navigation.

Run with `make run` (or `streamlit run dashboard.py`). Pages hold layout and words only; the data comes
from ui.data, the charts from ui.charts, the words from ui.text.
"""

from __future__ import annotations

import streamlit as st

from ui import components, data, state
from ui.text import t

st.set_page_config(page_title="Hamburg – digital für dich", page_icon=":material/badge:", layout="wide")
st.html(components.PRINT_CSS)

lang = state.language()
PAGES = (
    ("pages/overview.py", "page_overview", ":material/dashboard:", "overview"),
    ("pages/compare.py", "page_compare", ":material/compare_arrows:", "compare"),
    ("pages/uptake.py", "page_uptake", ":material/trending_up:", "uptake"),
    ("pages/services.py", "page_services", ":material/apps:", "services"),
    ("pages/export.py", "page_export", ":material/download:", "export"),
    ("pages/quality.py", "page_quality", ":material/fact_check:", "quality"),
)
navigation = st.navigation(
    [st.Page(path, title=t(title, lang), icon=icon, url_path=slug, default=slug == "overview")
     for path, title, icon, slug in PAGES]
)
st.sidebar.markdown(f"**{t('app_title', lang)}**  \n{t('app_subtitle', lang)}")

context = data.context()
if context is None:
    st.title(t("app_title", lang))
    st.warning(t("no_warehouse", lang))
    st.stop()

view = state.sidebar_filters(lang, context)
state.store(view, lang)
if view is None:
    st.title(t("app_title", lang))
    st.info(t("bad_period", lang))
    st.stop()
navigation.run()
