"""Wirkung / Impact: what each stop changed, estimated against the districts not yet visited, with intervals."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import charts, components, data, formats, shell
from ui.data import impact
from ui.text import t

view = shell.view()
lang = view.lang
components.page_head(view, "page_impact", t("impact_intro", lang))

outcome = st.segmented_control(
    t("impact_outcome", lang),
    ["activations", "eid_transactions"],
    default="activations",
    required=True,
    format_func=lambda o: t(f"outcome_{o}", lang),
    key="outcome",
    bind="query-params",
)
estimate = impact.estimate(outcome)
result, by_stop, counterfactuals = estimate.report, estimate.by_stop, estimate.counterfactuals
if by_stop.height == 0:
    components.empty(view)
    st.stop()
stops = data.query("stops")

# --- the plain-language summary ---------------------------------------------------------------------------------
overall = result["overall"]
unit = t(f"unit_{outcome}", lang)
if overall["att"] is not None:
    number = lambda v, d=2: formats.number(v, lang, d)  # noqa: E731
    above_zero = overall["ci_low"] is not None and overall["ci_low"] > 0
    key = "impact_summary_effect" if above_zero else "impact_summary_none"
    st.markdown(
        t(key, lang, att=number(overall["att"]), low=number(overall["ci_low"]), high=number(overall["ci_high"]))
    )
    estimated = by_stop.filter(pl.col("att").is_not_null())
    if above_zero and estimated.height:
        st.markdown(
            t(
                "impact_summary_extra",
                lang,
                extra=number(estimated["extra"].sum(), 0),
                unit=unit,
                low=number(estimated["extra_low"].sum(), 0),
                high=number(estimated["extra_high"].sum(), 0),
            )
        )
    st.markdown(t("impact_summary_limits", lang))

# --- forest plot ------------------------------------------------------------------------------------------------
st.subheader(t("forest_title", lang))
shown = by_stop.with_columns(pl.col("label").fill_null(pl.col("stop_id")))
components.chart(
    charts.forest(shown.filter(pl.col("att").is_not_null()), lang, t("per_week_10000", lang)),
    shown,
    {
        "label": (t("stop", lang), "text"),
        "att": (t("effect", lang), "decimal"),
        "ci_low": (t("ci_low", lang), "decimal"),
        "ci_high": (t("ci_high", lang), "decimal"),
        "weeks": (t("weeks", lang), "int"),
        "extra": (t("extra", lang), "int"),
    },
    view,
    "forest",
)
missing = shown.filter(pl.col("att").is_null())["label"].to_list()
if missing:
    st.caption(", ".join(missing) + ": " + t("not_estimable", lang))

# --- event study ------------------------------------------------------------------------------------------------
st.subheader(t("event_title", lang))
events = estimate.event_study
components.chart(
    charts.event_study(events, lang, t("per_week_10000", lang), t("event_week", lang)),
    events,
    {
        "event_week": (t("week", lang), "int"),
        "att": (t("effect", lang), "decimal"),
        "ci_low": (t("ci_low", lang), "decimal"),
        "ci_high": (t("ci_high", lang), "decimal"),
    },
    view,
    "event_study",
)
pretrend = result["pretrend"]
if pretrend["p_value"] is not None:
    p_value = formats.number(pretrend["p_value"], lang, 2)
    if pretrend["p_value"] < 0.10:
        st.warning(t("caveat_pretrend", lang, p=p_value))
    else:
        st.caption(t("pretrend_ok", lang, p=p_value))

# --- observed against counterfactual ----------------------------------------------------------------------------
st.subheader(t("counterfactual_title", lang))
districts = list(counterfactuals)
district = st.selectbox(t("chosen_district", lang), districts, key="impact_district")
series = counterfactuals[district]
components.chart(
    charts.counterfactual(
        series,
        stops.filter(pl.col("district") == district),
        lang,
        {"observed": t("observed", lang), "counterfactual": t("counterfactual", lang)},
    ),
    series,
    {
        "week": (t("week", lang), "date"),
        "observed": (t("observed", lang), "decimal"),
        "counterfactual": (t("counterfactual", lang), "decimal"),
    },
    view,
    "counterfactual",
)

# --- caveats and method -----------------------------------------------------------------------------------------
st.subheader(t("caveats", lang))
caveats = ["caveat_units"]
if "no_never_treated" in estimate.warning_codes:
    caveats.append("caveat_never")
caveats += ["caveat_spillover", "caveat_anticipation"]
st.markdown("\n".join(f"- {t(key, lang)}" for key in caveats))
st.caption(t("method_note", lang))
components.about(view)
