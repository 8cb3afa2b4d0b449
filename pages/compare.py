"""Standorte vergleichen / Compare stops: every stop KPI, normalised comparisons, before/after, and who came."""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl import disclosure, registry
from etl.schema import AGE_BANDS, DISTRICTS
from ui import charts, components, data, sentences, shell, state
from ui.data import stops, visitors
from ui.text import WEEKDAYS, coded, t

view = shell.view()
lang = view.lang
components.page_head(view, "page_compare", t("compare_intro", lang))
MEASURE_KPIS = [("stop", k.key) for k in registry.STOP_KPIS if not k.identity]

kpis = stops.stop_kpis(view)
if kpis.height == 0:
    components.empty(view)
    st.stop()

districts_here = sorted(set(kpis["district"].to_list()), key=list(DISTRICTS).index)
own = view.access.district if view.access.district in districts_here else None
highlighted = state.url_choice(
    st.selectbox,
    t("highlight", lang),
    ["", *districts_here],
    key="highlight",
    words=lambda d, language: d or t("highlight_none", language),
    lang=lang,
    default=own or "",
)
marked = {highlighted} if highlighted else set()

st.subheader(t("all_kpis", lang))
components.published_stop_kpis_note(view)
# the highlighted district's stops are marked in the table as in the charts (in words, not by colour alone)
marks = kpis.with_columns(
    highlighted=pl.when(pl.col("district").is_in(list(marked)))
    .then(pl.lit(t("highlighted_mark", lang)))
    .otherwise(pl.lit(""))
)
lead = {"highlighted": (t("highlighted", lang), "text")} if marked else None
components.stop_table(marks, stops.table_columns(), lang, key="stop_kpis_table", short=False, lead=lead)
components.download(kpis.select(stops.table_columns()), "stop_kpis", lang, key="stop_kpis_download")

# --- stops compared, normalised, and before and after: one tab drawn at a time ------------------------------------
# every chart costs a weak laptop about 0.4 s to draw; all of them at once took the page over 2 s (BENCHMARKS.md)
normalised_tab, before_after_tab = state.url_tabs(
    ["normalised", "before_after_tab"], key="compare_view", words=t, lang=lang, on_change="rerun"
)
if normalised_tab.open:
    with normalised_tab:
        # one above the other: side by side, "je Öffnungsstunde" was cut off at 1280 px (issue 28's walk)
        left, right = st.container(), st.container()
        basis = state.url_choice(
            left.segmented_control,
            t("normalisation", lang),
            list(stops.BASES),
            key="basis",
            words=lambda k, language: t(k, language),
            lang=lang,
            default="per_open_day",
            required=True,
        )
        measure = state.url_choice(
            right.segmented_control,
            t("value", lang),
            list(stops.MEASURES),
            key="measure",
            words=lambda k, language: t("norm_" + k, language),
            lang=lang,
            default="popup_activations",
            required=True,
        )
        compared = stops.normalised(kpis, basis, measure)
        components.chart(
            charts.bars(
                compared,
                "label",
                "normalised",
                lang,
                value_format="decimal",
                highlight=set(compared.filter(pl.col("district").is_in(marked))["label"].to_list()),
                district="district",
            ),
            compared,
            {
                "label": (t("stop", lang), "text"),
                measure: (t("value", lang), "int"),
                "normalised": (t(basis, lang), "decimal"),
            },
            view,
            "normalised",
        )
if before_after_tab.open:
    with before_after_tab:
        st.markdown(f"**{t('before_after', lang)}**")
        components.chart(
            charts.dumbbell(kpis, view.context.baseline, lang, highlight=marked),
            kpis,
            {
                "venue": (t("stop", lang), "text"),
                "district": (t("district", lang), "text"),
                "uptake_before": (t("before", lang), "share"),
                "uptake_after": (t("after", lang), "share"),
                "uptake_lift_pp": (registry.kpi("stop", "uptake_lift_pp").label(lang), "pp"),
            },
            view,
            "before_after",
        )

# --- who came, stops side by side -----------------------------------------------------------------------------
# folded, drawn only when opened (as the one stop's tabs other than the chosen one): all of the page's charts at
# once take a weak laptop more than 2 s to draw (BENCHMARKS.md)
st.caption(t("disclosure_note", lang, minimum=disclosure.threshold()))
if data.is_published():
    st.caption(t("published_tables_note", lang, minimum=disclosure.threshold()))
    st.caption(t("published_groups_note", lang, minimum=disclosure.threshold()))
if view.access.role == "district":
    st.caption(t("own_district_only", lang, district=view.access.district))
with st.expander(t("profiles_title", lang), key="profiles_section", on_change="rerun") as profiles_section:
    if profiles_section.open:
        for profile, categories in (
            ("age", [*AGE_BANDS, t("unknown", lang)]),
            ("residence", [*DISTRICTS, t("unknown", lang)]),
        ):
            with st.container():
                st.markdown(f"**{t('age_bands' if profile == 'age' else 'residence', lang)}**")
                profile_shares = visitors.shares(kpis, profile).with_columns(
                    pl.col("category").fill_null(t("unknown", lang))
                )
                if profile_shares.height == 0:
                    components.empty(view)
                    continue
                components.chart(
                    charts.shares(profile_shares, lang, categories, t("hidden_part", lang), t("unknown", lang)),
                    profile_shares,
                    {
                        "label": (t("stop", lang), "text"),
                        "category": (t("age_band" if profile == "age" else "district", lang), "text"),
                        "share": (t("share", lang), "protected_share"),
                    },
                    view,
                    f"shares_{profile}",
                )

# --- one stop in detail -----------------------------------------------------------------------------------------
st.subheader(t("chosen_stop", lang))
open_stops = visitors.visible_stops(kpis)
if open_stops.height == 0:
    components.empty(view)
    components.about(view, MEASURE_KPIS)
    st.stop()
# the same words in both languages: the choice is kept in the link (?chosen_stop=) and across a language switch
labels = {r["stop_id"]: f"{state.stop_label(r)} ({r['district']})" for r in open_stops.iter_rows(named=True)}
chosen: str = st.selectbox(
    t("stop", lang), list(labels), format_func=lambda s: labels[s], key="chosen_stop", bind="query-params"
)
district = open_stops.filter(pl.col("stop_id") == chosen)["district"][0]
components.briefing_download(view, chosen)
by_hour = visitors.by_hour(chosen)
protected_count = (t("visits", lang), "protected")
if by_hour.height == 0:
    components.empty(view)
else:
    # only the chosen tab is drawn: each chart a weak laptop draws costs it about 0.4 s (BENCHMARKS.md)
    when, what, who = state.url_tabs(
        ["tab_when", "tab_what", "tab_who"], key="stop_details", words=t, lang=lang, on_change="rerun"
    )
    if when.open:
        with when:
            st.markdown(f"**{t('by_hour_weekday', lang)}**")
            components.chart(
                charts.heatmap(by_hour, lang),
                # the day and hour in words ("Mo", "10:00"), as the chart shows them, not the codes 1 and 10
                by_hour.filter((pl.col("visits") > 0) | pl.col("hidden")).with_columns(
                    pl.col("weekday").replace_strict(dict(enumerate(WEEKDAYS[lang], start=1)), return_dtype=pl.String),
                    pl.format("{}:00", pl.col("hour").cast(pl.String).str.zfill(2)).alias("hour"),
                ),
                {
                    "weekday": (t("weekday", lang), "text"),
                    "hour": (t("hour", lang), "text"),
                    "visits": protected_count,
                },
                view,
                "by_hour",
                finding=sentences.busiest_hour(by_hour, lang),
            )
    if what.open:
        with what:
            st.markdown(f"**{t('topics_outcomes', lang)}**")
            topics = stops.topics(chosen, view)
            components.chart(
                charts.stacked(topics, "topic", "outcome", "visits", lang),
                topics.with_columns(coded("topic", lang), coded("outcome", lang)),
                {
                    "topic": (t("topic", lang), "text"),
                    "outcome": (t("outcome", lang), "text"),
                    "visits": (t("visits", lang), "int"),
                },
                view,
                "topics",
            )
    if who.open:
        with who:
            left, right = st.columns(2)
            with left:
                st.markdown(f"**{t('age_bands', lang)}**")
                ages = visitors.by_age(chosen).with_columns(pl.col("age_band").fill_null(t("unknown", lang)))
                components.chart(
                    charts.bars(ages, "age_band", "visits", lang),
                    ages,
                    {"age_band": (t("age_band", lang), "text"), "visits": protected_count},
                    view,
                    "ages",
                )
            with right:
                st.markdown(f"**{t('residence', lang)}**")
                residence = visitors.by_residence(chosen).with_columns(
                    pl.col("resident_district").fill_null(t("unknown", lang))
                )
                components.chart(
                    charts.bars(
                        residence,
                        "resident_district",
                        "visits",
                        lang,
                        highlight=district,
                        orientation="h",
                        district="resident_district",
                    ),
                    residence,
                    {"resident_district": (t("district", lang), "text"), "visits": protected_count},
                    view,
                    "residence",
                )

            st.markdown(f"**{t('popup_residence', lang)}**")
            popup = visitors.popup_by_residence(chosen)
            components.chart(
                charts.bars(
                    popup, "district", "activations", lang, highlight=district, orientation="h", district="district"
                ),
                popup,
                # the activation counts' channel, not the visit log's pop-up activations of the tiles (they differ by a
                # few: the data-quality page reconciles them), so not under the tiles' name
                {"district": (t("district", lang), "text"), "activations": (t("in_counts", lang), "protected")},
                view,
                "popup_residence",
            )

components.about(view, MEASURE_KPIS)
