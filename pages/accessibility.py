"""Erklärung zur Barrierefreiheit / Accessibility statement (BITV 2.0): the state of conformity that the tests
show, what is not yet accessible and why, the feedback contact (configured) and the enforcement procedure."""

from __future__ import annotations

import streamlit as st

from ui import access, formats, shell
from ui.text import t

view = shell.view()
lang = view.lang
st.title(t("page_accessibility", lang))
st.markdown(t("a11y_scope", lang))
st.subheader(t("a11y_state", lang))
st.markdown(t("a11y_state_text", lang))
st.subheader(t("a11y_tested", lang))
st.markdown(t("a11y_tested_text", lang))
st.subheader(t("a11y_limits", lang))
st.markdown(t("a11y_limits_text", lang))
st.subheader(t("a11y_feedback", lang))
contact = access.accessibility_contact()
lines = [formats.plain(contact[key]) for key in ("contact", "email", "phone") if key in contact]
st.markdown(t("a11y_feedback_text", lang) + "\n\n" + ("  \n".join(lines) or t("a11y_no_contact", lang)))
st.subheader(t("a11y_enforcement", lang))
st.markdown(
    t("a11y_enforcement_text", lang)
    + "\n\n"
    + (formats.plain(contact["enforcement"]) if "enforcement" in contact else t("a11y_no_contact", lang))
)
st.caption(t("a11y_prepared", lang))
