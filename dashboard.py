"""Entry point of the dashboard: page config, navigation, and the warehouse connection for every page."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Hamburg – digital für dich", page_icon="🪪", layout="wide")

navigation = st.navigation([st.Page("pages/overview.py", title="Überblick", icon="📊", default=True)])
navigation.run()
