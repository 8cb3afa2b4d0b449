"""Standorte vergleichen / Compare stops: every stop KPI, normalised comparisons, before/after, and who was reached."""

from __future__ import annotations

import polars as pl
import streamlit as st

from etl import disclosure, registry
from etl.schema import AGE_BANDS, DISTRICTS
from ui import access, charts, components, data, shell
from ui import format as fmt
from ui.text import code, t

view = shell.view()
lang = view.lang
components.page_head(view, "page_compare", t("compare_intro", lang))

kpis = data.exported("stop_kpis", view.selection())
if kpis.height == 0:
    components.empty(view)
    st.stop()

st.subheader(t("all_kpis", lang))
columns = {k.key: (k.label(lang), k.format) for k in registry.STOP_KPIS}
components.table(kpis, columns, lang, key="stop_kpis_table")
components.download(kpis, "stop_kpis", lang, key="stop_kpis_download")

# --- normalised comparison --------------------------------------------------------------------------------------
st.subheader(t("normalised", lang))
stops = data.query("stops").select("stop_id", "opening_time", "closing_time")
population = data.query("districts").select("district", "population_16plus")
hours = (pl.col("closing_time").cast(pl.Int64) - pl.col("opening_time").cast(pl.Int64)) / 3.6e12  # ns -> hours
compared = (
    kpis.join(stops, on="stop_id")
    .join(population, on="district")
    .with_columns(label=pl.col("venue") + " (" + pl.col("district") + ")", hours_per_day=hours)
)
left, right = st.columns(2)
basis = left.segmented_control(
    t("normalisation", lang),
    ["per_open_day", "per_1000", "per_hour"],
    default="per_open_day",
    format_func=lambda k: t(k, lang),
    key="basis",
    required=True,
)
measure = right.segmented_control(
    t("value", lang),
    ["visits", "popup_activations"],
    default="popup_activations",
    format_func=lambda k: t("norm_" + ("visits" if k == "visits" else "activations"), lang),
    key="measure",
    required=True,
)
denominator = {
    "per_open_day": pl.col("open_days"),
    "per_1000": pl.col("population_16plus") / 1000,
    "per_hour": pl.col("open_days") * pl.col("hours_per_day"),
}[basis]
compared = compared.with_columns(normalised=pl.col(measure) / pl.when(denominator > 0).then(denominator))
figure = charts.bars(compared, "label", "normalised", lang, value_format="decimal")
components.chart(
    figure,
    compared,
    {
        "label": (t("stop", lang), "text"),
        measure: (t("value", lang), "int"),
        "normalised": (f"{t(basis, lang)}", "decimal"),
    },
    view,
    "normalised",
)

# --- before and after -------------------------------------------------------------------------------------------
st.subheader(t("before_after", lang))
figure = charts.dumbbell(kpis, view.context.baseline, lang)
components.chart(
    figure,
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

# --- one stop in detail -----------------------------------------------------------------------------------------
st.subheader(t("chosen_stop", lang))
viewer = access.current()
labels = {
    r["stop_id"]: f"{r['venue']} ({r['district']}, {fmt.date(r['start_date'], lang)})"
    for r in kpis.iter_rows(named=True)
    if viewer.sees_visitors_of(r["district"])
}
if viewer.role == "district":
    st.caption(t("own_district_only", lang, district=viewer.district))
if not labels:
    components.empty(view)
    components.about(view, [("stop", k.key) for k in registry.STOP_KPIS[5:]])
    st.stop()
chosen = st.selectbox(t("stop", lang), list(labels), format_func=labels.get, key="chosen_stop")
district = kpis.filter(pl.col("stop_id") == chosen)["district"][0]
st.caption(t("disclosure_note", lang, minimum=disclosure.threshold()))
by_hour = data.query("visits_by_hour", stop_id=chosen)
if by_hour.height == 0:
    components.empty(view)
else:
    hours = list(range(by_hour["hour"].min(), by_hour["hour"].max() + 1))
    by_hour = disclosure.protect(by_hour, "visits", {"weekday": list(range(1, 8)), "hour": hours})
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('by_hour_weekday', lang)}**")
        components.chart(
            charts.heatmap(by_hour, lang),
            components.protected(by_hour.filter((pl.col("visits") > 0) | pl.col("suppressed")), "visits", lang),
            {
                "weekday": (t("weekday", lang), "int"),
                "hour": (t("hour", lang), "int"),
                "visits": (t("visits", lang), "text"),
            },
            view,
            "by_hour",
        )
    with right:
        st.markdown(f"**{t('topics_outcomes', lang)}**")
        topics = data.query("visits_by_topic", stop_id=chosen, date_from=view.date_from, date_to=view.date_to)
        components.chart(
            charts.stacked(topics, "topic", "outcome", "visits", lang),
            topics.with_columns(
                topic=pl.col("topic").map_elements(lambda v: code(v, lang), return_dtype=pl.String),
                outcome=pl.col("outcome").map_elements(lambda v: code(v, lang), return_dtype=pl.String),
            ),
            {
                "topic": (t("topic", lang), "text"),
                "outcome": (t("outcome", lang), "text"),
                "visits": (t("visits", lang), "int"),
            },
            view,
            "topics",
        )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('age_bands', lang)}**")
        ages = disclosure.protect(
            data.query("visits_by_age", stop_id=chosen), "visits", {"age_band": [*AGE_BANDS, None]}
        ).with_columns(age_band=pl.col("age_band").fill_null(t("unknown", lang)))
        components.chart(
            charts.bars(ages, "age_band", "visits", lang),
            components.protected(ages, "visits", lang),
            {"age_band": (t("age_band", lang), "text"), "visits": (t("visits", lang), "text")},
            view,
            "ages",
        )
    with right:
        st.markdown(f"**{t('residence', lang)}**")
        residence = disclosure.protect(
            data.query("visits_by_residence", stop_id=chosen).drop("district_id"),
            "visits",
            {"resident_district": [*DISTRICTS, None]},
        ).with_columns(resident_district=pl.col("resident_district").fill_null(t("unknown", lang)))
        components.chart(
            charts.bars(residence, "resident_district", "visits", lang, highlight=district, orientation="h"),
            components.protected(residence, "visits", lang),
            {"resident_district": (t("district", lang), "text"), "visits": (t("visits", lang), "text")},
            view,
            "residence",
        )

components.about(view, [("stop", k.key) for k in registry.STOP_KPIS[5:]])
