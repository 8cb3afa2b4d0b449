"""Pieces every page uses: the page head, a chart with its numbers as a table, formatted tables, the
"About the data" notes and the friendly message for an empty selection.

Data is shown only through Streamlit's own text elements and tables (never as raw HTML), so text from a
file is always shown as text.
"""

from __future__ import annotations

import functools
import secrets
from typing import Literal

import polars as pl
import streamlit as st

from etl import export, registry, vocabulary
from ui import formats, sentences
from ui.state import View
from ui.text import coded, t

# The chart toolbar keeps "download as PNG" only: each further button was one more stop for keyboard users on every
# chart (a chart's numbers are in its table; drag to zoom and double-click to reset still work).
PLOTLY_CONFIG = {
    "displaylogo": False,
    "modeBarButtonsToRemove": [
        *("select2d", "lasso2d", "zoom2d", "pan2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d"),
        *("zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo"),
    ],
    "responsive": True,
}

# The page's own style (static CSS, no data in it). Captions in full colour: Streamlit draws them at 60 % opacity,
# 3.9:1 against white, below the 4.5:1 that WCAG 2.1 AA asks for text (axe-core found it); a focus ring that
# shows on every control reached by keyboard, and on a table's frame while the focus is in the table: on its canvas,
# whose own ring the frame cuts off, or on the cell of the canvas's screen-reader table that the grid focuses a
# moment after each key, which is not drawn at all (the grid marks the cell on the canvas). `:focus-within`, as
# Chromium 156 does not restyle `:has(:focus-visible)` when the focus moves inside a canvas. When printing,
# sidebar, toolbar, widgets and expanders are left out.
PAGE_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1; color: #595755; }
a:focus-visible, button:focus-visible, summary:focus-visible, [role="tab"]:focus-visible, [tabindex]:focus-visible,
input:focus-visible { outline: 3px solid #1f5fa8 !important; outline-offset: 2px; }
[data-testid="stDataFrameResizable"]:focus-within { outline: 3px solid #1f5fa8; outline-offset: 2px; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stExpander"],
  [data-testid="stDownloadButton"], [data-testid="stButtonGroup"], [data-testid="stRadio"],
  [data-testid="stSelectbox"], .stDeployButton { display: none !important; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"] { break-inside: avoid; }
}
</style>
"""


# The page's language for screen readers and the browser's own widgets (the date picker's month names and first
# weekday follow navigator.language), and in the sidebar's page links: Streamlit's links name the page only, so a
# page opened from one in a new tab, copied or bookmarked came up in German (a click is Streamlit's own and keeps
# the session's language anyway); one observer per page keeps them carrying ?lang=en (German, the default, none).
# A fixed script, the language code from a closed list, no data in it.
LANGUAGE_SCRIPT = """
<script>
(function (lang, locale) {
  document.documentElement.lang = lang;
  for (const name of ["language", "userLanguage"]) {
    Object.defineProperty(Navigator.prototype, name, {get() { return locale; }, configurable: true});
  }
  Object.defineProperty(Navigator.prototype, "languages", {get() { return [locale, lang]; }, configurable: true});
  window.__pageLang = lang;
  const carry = () => document.querySelectorAll('a[data-testid="stSidebarNavLink"]').forEach((link) => {
    const url = new URL(link.href, location.href);
    const chosen = window.__pageLang;
    if (chosen === "de") url.searchParams.delete("lang"); else url.searchParams.set("lang", chosen);
    if (url.href !== link.href) link.href = url.href;
  });
  carry();
  if (!window.__langLinks) {
    window.__langLinks = new MutationObserver(carry);
    const watched = {subtree: true, childList: true, attributes: true, attributeFilter: ["href"]};
    window.__langLinks.observe(document.body, watched);
  }
})("%s", "%s");
</script>
"""
LOCALES = {"de": "de-DE", "en": "en-GB"}


def language_of_page(lang: str) -> None:
    """Set the page's language (<html lang>) and the browser widgets' locale to the interface language."""
    st.html(LANGUAGE_SCRIPT % (lang, LOCALES.get(lang, lang)), unsafe_allow_javascript=True)


def page_head(view: View, title_key: str, intro: str | None = None) -> None:
    st.title(t(title_key, view.lang))
    context = view.context
    if context.is_demo:
        st.info(t("demo_marker", view.lang), icon=":material/science:")
    facts = [t("as_of", view.lang, date=formats.date(context.as_of, view.lang))]
    if context.last_loaded_at is not None:
        facts.append(t("last_load", view.lang, when=formats.timestamp(context.last_loaded_at, view.lang)))
    st.caption(" · ".join(facts))
    if intro:
        st.markdown(intro)


def published_stop_kpis_note(view: View) -> None:
    """For a session below the analyst role: the stops' visits and pop-up activations count complete ISO weeks
    (etl/sql/published/visits.sql), up to which day."""
    from ui.data import published

    if published.applies():
        until = formats.date(published.data_week_end(), view.lang)
        st.caption(t("published_stop_kpis_note", view.lang, until=until))


def empty(view: View) -> None:
    st.info(t("empty", view.lang), icon=":material/search_off:")


def _column_format(value_format: str, lang: str):
    return lambda value: formats.kpi(value, value_format, lang)


def table(
    frame: pl.DataFrame,
    columns: dict[str, tuple[str, str]],
    lang: str,
    *,
    key: str | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    pinned: tuple[str, ...] = (),
    helps: dict[str, str] | None = None,
) -> None:
    """A sortable table: columns {name: (label, format)}; values stay numbers, the display follows the language;
    the `pinned` columns stay in view when the table scrolls sideways; `helps` are the headings' tooltips."""
    styler = frame.select(list(columns)).to_pandas().style
    for name, (_, value_format) in columns.items():
        missing = formats.HIDDEN if value_format.startswith("protected") else formats.DASH
        styler = styler.format(_column_format(value_format, lang), subset=[name], na_rep=missing)
    labels = {
        name: st.column_config.Column(label, help=(helps or {}).get(name), pinned=name in pinned or None)
        for name, (label, _) in columns.items()
    }
    # a missing value as "–" ("·" in a table of protected counts, where a missing count is a withheld one): the
    # browser's table draws a missing cell as "None" whatever the Styler says, so its placeholder says it
    protected = any(value_format.startswith("protected") for _, value_format in columns.values())
    placeholder = formats.HIDDEN if protected else formats.DASH
    st.dataframe(styler, hide_index=True, key=key, height=height, column_config=labels, placeholder=placeholder)


ROW_HEIGHT = 35  # Streamlit's dataframe row (and heading) in pixels


def fitted_height(rows: int, most: int) -> int:
    """A table's height for `rows` rows and its heading, at most `most` (then it scrolls): a fixed height drew
    empty rows under a short table (the walk of issue 28: five loads over eight rows)."""
    return min(most, ROW_HEIGHT * (rows + 1) + 3)


def stop_table(
    frame: pl.DataFrame,
    keys: list[str],
    lang: str,
    *,
    key: str,
    extra: dict | None = None,
    short: bool = True,
    lead: dict | None = None,
) -> None:
    """A table of stops with the registry's (short) headings, the full label and definition as tooltips; `lead`
    columns first (a mark), `extra` ones last."""
    kpis = [registry.kpi("stop", k) for k in keys]
    columns = (
        (lead or {}) | {k.key: (k.short(lang) if short else k.label(lang), k.format) for k in kpis} | (extra or {})
    )
    helps = {k.key: f"{k.label(lang)}: {k.definition(lang)}" for k in kpis}
    table(frame, columns, lang, key=key, pinned=("venue",), helps=helps)


def preview(frame: pl.DataFrame, lang: str, *, key: str) -> None:
    """Rows of an export as people read them: the columns headed in words and codes in words (etl.vocabulary, as
    in the German-Excel CSV and the workbook), numbers, dates and times in the language's format, a missing value
    as "–" (never "None"), a service by its name in the language (not its id)."""
    frame = vocabulary.people_columns(frame, lang)
    frame = frame.with_columns(coded(c, lang) for c in vocabulary.CODED if c in frame.columns)
    formats_of = {
        name: "date"
        if dtype == pl.Date
        else "timestamp"
        if isinstance(dtype, pl.Datetime)
        else "int"
        if dtype.is_integer()
        else "decimal"
        if dtype.is_float()
        else "text"
        for name, dtype in frame.schema.items()
    }
    headings = {name: (vocabulary.column_label(name, lang), value_format) for name, value_format in formats_of.items()}
    table(frame, headings, lang, key=key)


def download(
    frame: pl.DataFrame,
    name: str,
    lang: str,
    label_key: str = "download_table",
    key: str | None = None,
    labels: dict[str, str] | None = None,
):
    """The frame as CSV (for German Excel in the German interface, headed by `labels` {column: heading} as on
    screen; plain CSV for programs in the English one, with the column names); in a protected table (column
    `hidden`, ui.data.visitors) the hidden counts carry the same mark as on screen."""
    form = "csv-excel-de" if lang == "de" else "csv"
    if "hidden" in frame.columns:
        mark = formats.HIDDEN
        frame = frame.with_columns(
            pl.when(pl.col("hidden")).then(pl.lit(mark)).otherwise(pl.col(c).cast(pl.String)).alias(c)
            for c in frame.columns
            if c not in ("hidden",) and frame.schema[c].is_integer()
        ).drop("hidden")
    if form in export.FOR_PEOPLE:
        frame = vocabulary.in_words(frame, lang).rename(_headings(frame.columns, labels or {}))
    st.download_button(
        t(label_key, lang),
        export.to_bytes(frame, form, lang),
        file_name=f"{name}{export.SUFFIX[form]}",
        mime=export.MIME[form],
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def _headings(columns: list[str], labels: dict[str, str]) -> dict[str, str]:
    """Column -> heading as on screen; a heading that repeats one before it gets a number ("Intervall von 2"), as
    a file's columns need names of their own."""
    headings: dict[str, str] = {}
    for column in columns:
        heading = labels.get(column, column)
        number = 2
        while heading in headings.values():
            heading, number = f"{labels.get(column, column)} {number}", number + 1
        headings[column] = heading
    return headings


def rows_download(
    frame: pl.DataFrame,
    name: str,
    form: str,
    label: str,
    *,
    key: str,
    sensitive: bool,
    primary: bool = False,
    lang: str = "de",
) -> None:
    """A download of rows in an export format (etl.export), written only when clicked. A `sensitive` one (visit
    rows, quarantined rows) carries a new token in its name on every run, so its address under /media differs
    from run to run and is dropped by Streamlit soon after. (No rerun on click: a rerun that replaces the button
    while its file is still being made revokes the request, and the click gives no file.)"""
    token = f"_{secrets.token_hex(4)}" if sensitive else ""
    st.download_button(
        label,
        functools.partial(export.to_bytes, frame, form, lang),
        file_name=f"{name}{token}{export.SUFFIX[form]}",
        mime=export.MIME[form],
        key=key,
        on_click="ignore",
        icon=":material/download:",
        type="primary" if primary else "secondary",
    )


def briefing_download(view: View, stop_id: str | None = None) -> None:
    """ "Briefing (PDF)": the same file as `python -m cli briefing` for this selection (or this stop), made when
    clicked."""
    from ui import briefing

    st.download_button(
        t("briefing_button", view.lang),
        functools.partial(briefing.pdf, view, stop_id),
        file_name=briefing.file_name(view, stop_id),
        mime="application/pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("briefing_help", view.lang, command=briefing.command_line(view, stop_id)),
        key=f"briefing_{stop_id or 'campaign'}",
    )


def chart(
    figure,
    numbers: pl.DataFrame,
    columns: dict[str, tuple[str, str]],
    view: View,
    name: str,
    finding: str = "",
    told: str | None = None,
) -> None:
    """A chart, its text alternative (one sentence with the main finding: `finding`, else worked out from the
    numbers, about the column `told` if the chart draws another than the table's last) and below it its numbers
    as a table (folded) with a CSV download."""
    # theme=None: the figure carries its own look (charts.TEMPLATE); Streamlit's theme costs a slow laptop time
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"chart_{name}", theme=None)
    finding = finding or sentences.chart_finding(numbers, columns, view.lang, told)
    if finding:
        st.caption(f"**{t('finding', view.lang)}:** {finding}")
    # drawn only when opened: a chart's table (thousands of cells for a daily series) cost more of the server's
    # time than the rest of the page, on every run, for a section most readers leave closed
    with st.expander(t("table_of_chart", view.lang), key=f"numbers_{name}", on_change="rerun") as section:
        if section.open:
            table(numbers, columns, view.lang, key=f"table_{name}")
            kept = [c for c in (*columns, "hidden") if c in numbers.columns]
            labels = {column: label for column, (label, _) in columns.items()}
            download(numbers.select(kept), name, view.lang, key=f"download_{name}", labels=labels)


def about(view: View, kpis: list[tuple[str, str]] | None = None, notes: list[str] | None = None) -> None:
    """ "Über die Daten / About the data": the definitions of what the page shows, sources, the last load."""
    lang = view.lang
    with st.expander(t("about", lang), icon=":material/info:"):
        st.markdown(f"**{t('definitions', lang)}**")
        lines = [
            f"- **{registry.kpi(level, key).label(lang)}**: {registry.kpi(level, key).definition(lang)}"
            for level, key in (kpis or [])
        ]
        lines += [f"- {note}" for note in [registry.UPTAKE_NOTE[lang], t("filter_rules", lang), *(notes or [])]]
        st.markdown("\n".join(lines))
        st.markdown(f"**{t('sources', lang)}**")
        st.markdown(t("sources_text", lang, baseline_source=view.context.baseline_source))
        facts = [t("as_of", lang, date=formats.date(view.context.as_of, lang))]
        if view.context.last_loaded_at is not None:
            facts.append(t("last_load", lang, when=formats.timestamp(view.context.last_loaded_at, lang)))
        st.caption(" · ".join(facts))


def yes_no(column: str, lang: str) -> pl.Expr:
    """A boolean column as "ja"/"nein" (yes/no)."""
    return pl.when(pl.col(column)).then(pl.lit(t("yes", lang))).otherwise(pl.lit(t("no", lang)))
