"""Wirkung / Impact: per stop the pop-up's counted activations and the estimated change in the other channels,
the campaign total, what each estimate rests on, the pre-trend test, and a planner for the next stop."""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl import disclosure
from etl.schema import DISTRICTS
from ui import charts, components, data, formats, sentences, shell, state
from ui.data import impact
from ui.text import t, tn

view = shell.view()
lang = view.lang
components.page_head(view, "page_impact", t("impact_intro", lang))

outcome = state.url_choice(
    st.segmented_control,
    t("impact_outcome", lang),
    ["activations", "eid_transactions"],
    key="outcome",
    words=lambda o, language: t(f"outcome_{o}", language),
    lang=lang,
    default="activations",
    required=True,
)
with st.expander(t("impact_settings", lang), icon=":material/tune:"):
    base = state.url_choice(
        st.radio,
        t("impact_base", lang),
        ["mean", "universal"],
        key="impact_base",
        words=lambda b, language: t(f"base_{b}", language),
        lang=lang,
        default="mean",
        horizontal=True,
    )
    anticipation = st.radio(
        t("impact_anticipation", lang), [0, 1, 2], horizontal=True, key="impact_anticipation", bind="query-params"
    )
estimate = impact.estimate(outcome, base, anticipation)
report, by_stop = estimate.report, estimate.by_stop
if by_stop.height == 0:
    components.empty(view)
    st.stop()


def number(value, digits: int = 0) -> str:
    return formats.number(value, lang, digits)


def signed(value, digits: int = 0) -> str:
    return formats.DASH if value is None else ("+" if value > 0 else "") + number(value, digits)


if data.is_published():
    st.caption(t("published_activations_note", lang))
    if outcome == "activations":
        st.caption(t("published_direct_note", lang, minimum=disclosure.threshold()))
    if report["totals"].get("spillover") is not None:
        st.caption(t("published_spillover_note", lang, minimum=disclosure.threshold()))

# --- the summary ------------------------------------------------------------------------------------------------
for sentence in sentences.summary(report, outcome, lang):
    st.markdown(sentence)

# --- per stop: counted, estimated, together ---------------------------------------------------------------------
st.subheader(t("parts_title", lang) if outcome == "activations" else t("forest_title", lang))
st.markdown("\n".join(f"- {sentence}" for sentence in sentences.stop_sentences(by_stop, outcome, lang)))
if outcome == "activations":
    names = {part: t(f"part_{part}", lang) for part in ("direct", "indirect", "spillover", "total")}
    components.chart(
        charts.impact_parts(by_stop, lang, names),
        by_stop,
        {
            "label": (t("stop", lang), "text"),
            "direct": (names["direct"], "int"),
            "indirect": (names["indirect"], "int"),
            "indirect_low": (t("ci_low", lang), "int"),
            "indirect_high": (t("ci_high", lang), "int"),
            # the spill-over is a part of the total (where estimated): the parts in each row add up to the total
            **({"spillover": (names["spillover"], "int")} if by_stop["spillover"].is_not_null().any() else {}),
            "total": (names["total"], "int"),
            "total_low": (t("ci_low", lang), "int"),
            "total_high": (t("ci_high", lang), "int"),
        },
        view,
        "impact_parts",
        told="total",
    )
    st.subheader(t("forest_title", lang))
components.chart(
    charts.forest(by_stop.filter(pl.col("att").is_not_null()), lang, t("per_week_10000", lang)),
    by_stop,
    {
        "label": (t("stop", lang), "text"),
        "att": (t("effect", lang), "decimal2"),
        "ci_low": (t("ci_low", lang), "decimal2"),
        "ci_high": (t("ci_high", lang), "decimal2"),
        "mde": (t("mde", lang), "decimal2"),
        "identified_weeks": (t("weeks", lang), "int"),
        "breakdown_trend": (t("breakdown", lang), "decimal2"),
    },
    view,
    "forest",
    told="att",
)

# --- what each estimate rests on ----------------------------------------------------------------------------------
# folded and drawn only when opened, as the planner below: the page draws fast on a weak laptop (BENCHMARKS.md)
with st.expander(t("controls_title", lang), key="controls_section", on_change="rerun") as controls_section:
    if controls_section.open:
        st.caption(t("controls_help", lang))
        components.table(
            by_stop,
            {"label": (t("stop", lang), "text"), "controls": (t("controls", lang), "text")},
            lang,
            key="impact_controls",
        )
        left_out = impact.leave_one_out(estimate).with_columns(components.yes_no("outside", lang))
        components.table(
            left_out,
            {
                "label": (t("stop", lang), "text"),
                "left_out": (t("left_out", lang), "text"),
                "att": (t("effect", lang), "decimal2"),
                "outside": (t("outside", lang), "text"),
            },
            lang,
            key="impact_leave_one_out",
            height=240,
        )

# --- over time: the effect by week since each stop began, and observed against estimated-without ------------------
# one tab drawn at a time: every chart costs a weak laptop about 0.4 s to draw (BENCHMARKS.md)
event_tab, counterfactual_tab = state.url_tabs(
    ["event_tab", "counterfactual_tab"], key="impact_over_time", words=t, lang=lang, on_change="rerun"
)
if event_tab.open:
    with event_tab:
        st.markdown(f"**{t('event_title', lang)}**")
        events = estimate.event_study
        components.chart(
            charts.event_study(events, lang, t("per_week_10000", lang), t("event_week", lang)),
            events,
            {
                "event_week": (t("week", lang), "int"),
                "att": (t("effect", lang), "decimal2"),
                "ci_low": (t("ci_low", lang), "decimal2"),
                "ci_high": (t("ci_high", lang), "decimal2"),
            },
            view,
            "event_study",
        )
        pretrend = report["pretrend"]
        if pretrend["p_value"] is not None:
            text = t(
                "pretrend_result",
                lang,
                slope=signed(pretrend["slope"], 3),
                p=number(pretrend["p_value"], 2),
                detectable=number(pretrend["detectable_trend"], 3),
            )
            (st.warning if pretrend["p_value"] < 0.10 else st.markdown)(text)
        joint_text = sentences.pretrends(report, lang)
        if joint_text is not None:
            joint = pretrend["joint"]
            (st.warning if joint["p_value"] < 0.10 else st.markdown)(joint_text)
        if pretrend["p_value"] is not None:
            st.caption(
                t("sensitivity", lang, column=t("breakdown", lang), detectable=number(pretrend["detectable_trend"], 3))
            )
if counterfactual_tab.open:
    with counterfactual_tab:
        st.markdown(f"**{t('counterfactual_title', lang)}**")
        counterfactuals = estimate.counterfactuals
        district = st.selectbox(
            t("chosen_district", lang), list(counterfactuals), key="impact_district", bind="query-params"
        )
        series = counterfactuals[district]
        components.chart(
            charts.counterfactual(
                series,
                data.query("stops").filter(pl.col("district") == district),
                lang,
                {"observed": t("observed", lang), "counterfactual": t("counterfactual", lang)},
                t("per_week_10000", lang),
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

# --- caveats ----------------------------------------------------------------------------------------------------
st.subheader(t("caveats", lang))
st.markdown("\n".join(f"- {sentence}" for sentence in sentences.caveats(report, lang, estimate.names)))
base_text = t(f"base_{report['design']['base']}", lang)
st.caption(t("method_note", lang, base=base_text))

# --- planning the next stop ---------------------------------------------------------------------------------------
with st.expander(t("plan_title", lang), key="plan_section", on_change="rerun") as plan_section:
    if plan_section.open:
        st.markdown(t("plan_intro", lang))
        left, right = st.columns(2)
        plan_district = left.selectbox(
            t("chosen_district", lang), list(DISTRICTS), key="plan_district", bind="query-params"
        )
        weeks = right.slider(t("plan_weeks", lang), 1, 12, 4, key="plan_weeks", bind="query-params")
        plan = impact.plan(plan_district, weeks, outcome)
        if plan.get("refused"):
            st.info(t(f"plan_{plan['refused']}", lang, district=plan_district))
        elif plan["mde"] is None:
            st.info(t("plan_none", lang, district=plan_district))
        else:
            st.markdown(
                tn(
                    "plan_result",
                    weeks,
                    lang,
                    weeks=weeks,
                    district=plan_district,
                    mde=number(plan["mde"], 2),
                    extra=number(plan["mde_extra"]),
                    level=formats.percent(plan["level"], lang, 0),
                )
            )
            longer = next((w for w in plan["warnings"] if w["code"] == "longer_not_better"), None)
            if longer:
                st.caption(
                    tn("plan_longer", longer["best_weeks"], lang, district=plan_district, best=longer["best_weeks"])
                )
            left, right = st.columns(2)
            with left:
                st.markdown(f"**{t('power_curve', lang)}**")
                curve = pl.DataFrame(plan["power_curve"])
                components.chart(
                    charts.power_curve(plan["power_curve"], lang, t("per_week_10000", lang), t("power", lang)),
                    curve,
                    {"effect": (t("effect", lang), "decimal2"), "power": (t("power", lang), "share")},
                    view,
                    "power_curve",
                )
            with right:
                st.markdown(f"**{t('mde_by_weeks', lang)}**")
                by_weeks = pl.DataFrame(plan["mde_by_weeks"]).with_columns(pl.col("weeks").cast(pl.String))
                components.chart(
                    charts.bars(by_weeks, "weeks", "mde", lang, value_format="decimal", highlight=str(weeks)),
                    by_weeks,
                    {"weeks": (t("weeks", lang), "text"), "mde": (t("mde", lang), "decimal2")},
                    view,
                    "mde_by_weeks",
                )

components.about(view)
