"""The loader's messages and quarantine reasons in the interface's language.

etl.load and etl.validate write them in English, from a closed set of templates (the contract's rules, the
file-level refusals, the load summary). Here every template's English is a pattern with named parts, and its
words in every language are a message of the catalogs (context `loader`, the values as {placeholders}); a
message is translated part by part (its parts are joined by "; "), each part matched as a whole. A part that
matches no template stays as it is (tests/test_loader_words.py checks that every message the loader makes has a
template, and that the English catalog gives the loader's own text back).
"""

from __future__ import annotations

import re

from etl import messages
from etl.validate import EXPECTED

COLUMN = r"(?P<col>[a-z_0-9]+)"
_DELIM = r"(?P<d>'.'|tab)"

# the checks of etl.validate in English and their keys in the catalogs (`check_<key>`, `check_value_<key>`)
_CHECKS = {
    "must be 0 or more": "must_0_or_more",
    "must be a whole number from 1 to 5": "must_whole_number_from_1",
    "must be more than 0 and at most 240": "must_more_than_0_and",
    "must be more than 0": "must_more_than_0",
    "must be between 0 and 1 (0 % to 100 %)": "must_between_0_and_1",
    "must not be before start_date": "must_not_before_start_date",
    "must be after opening_time": "must_after_opening_time",
    "must not be more than started": "must_not_more_than_started",
}

# (the English of a part as a pattern, the key of its message in the catalogs, context "loader")
PHRASES: list[tuple[str, str]] = [
    # quarantine reasons
    (rf"{COLUMN}: missing \(required\)", "missing_required"),
    *[(rf"{COLUMN}: (?P<raw>'.*') {re.escape(english)}", f"expected_{kind}") for kind, english in EXPECTED.items()],
    (rf"{COLUMN}: (?P<raw>'.*') is not one of (?P<codes>.+)", "not_one"),
    *[(rf"{COLUMN}: (?P<value>.*) {re.escape(english)}", f"check_value_{key}") for english, key in _CHECKS.items()],
    *[(rf"{COLUMN}: {re.escape(english)}", f"check_{key}") for english, key in _CHECKS.items()],
    (
        r"stop_id: (?P<raw>'.*') is not a loaded stop \(load the stops first\)",
        "stop_id_not_loaded_stop",
    ),
    (
        r"visited_at: (?P<ts>\S+ \S+) is outside the dates of stop (?P<stop>.+) \((?P<a>\S+) to (?P<b>\S+)\)",
        "visited_at_outside_dates_stop",
    ),
    (
        r"visited_at: (?P<ts>\S+ \S+) does not exist in Hamburg: the clocks go forward from 02:00 to 03:00 that night",
        "visited_at_does_not_exist",
    ),
    (
        r"(?P<keys>[a-z_, ]+): (?P<raw>'.*') appears again in this file \(first on line (?P<line>\d+), which is kept\)",
        "appears_again_this_first_on",
    ),
    (r"line: not a well-formed CSV line \((?P<error>.*)\)", "line_not_well_formed_csv"),
    (
        rf"the line seems to use {_DELIM} \(the header uses (?P<h>'.'|tab)\)",
        "line_seems_use_header_uses",
    ),
    (
        r"not loaded: --strict refused the file because other rows break the contract",
        "not_loaded_strict_refused_because",
    ),
    # the load summary
    (
        r"(?P<new>\d+) new, (?P<replaced>\d+) replaced, (?P<unchanged>\d+) unchanged",
        "new_replaced_unchanged",
    ),
    (r"(?P<n>\d+) quarantined", "quarantined"),
    (
        r"(?P<rows>\d+) rows with the same (?P<key>[a-z_, ]+) summed into (?P<keys>\d+)",
        "rows_with_same_summed_into",
    ),
    (r"ignored columns: (?P<columns>.*)", "ignored_columns"),
    # file-level messages
    (r"(?P<file>.+): the same content was loaded before", "same_content_was_loaded_before"),
    (r"nothing changed", "nothing_changed"),
    (
        r"(?P<file>.+): not loaded, a folder \(folders inside a folder are not read\)",
        "not_loaded_folder_folders_inside",
    ),
    (
        r"(?P<file>.+): not loaded, a hidden file or an office lock file",
        "not_loaded_hidden_or_an",
    ),
    (
        r"(?P<file>.+): not loaded, not a data file \(the loader reads (?P<suffixes>.+)\)",
        "not_loaded_not_data_loader",
    ),
    (
        r"(?P<file>.+): not loaded, the name matches no kind \(it should start with one of (?P<prefixes>.+)",
        "not_loaded_name_matches_no",
    ),
    (r"or give --kind\)", "or_give_kind"),
    (
        r"(?P<file>.+): refused, the name does not tell its kind \(it should start with one of (?P<prefixes>.+)\)",
        "refused_name_does_not_tell",
    ),
    (r"or give --kind", "or_give_kind_2"),
    (
        r"(?P<file>.+): refused, cannot read the file \((?P<error>.*)\)",
        "refused_cannot_read",
    ),
    (
        r"(?P<file>.+): refused under --strict, (?P<bad>\d+) of (?P<read>\d+) rows break the contract",
        "refused_under_strict_rows_break",
    ),
    (r"every row of the file is in the quarantine", "every_row_quarantine"),
    (
        r"(?P<file>.+): refused, could not be read \((?P<error>.*)\)",
        "refused_could_not_read",
    ),
    (
        r"(?P<file>.+): refused, column (?P<names>.+) looks like personal data",
        "refused_column_looks_like_personal",
    ),
    (
        r"the warehouse takes no names, addresses, e-mail, phone, ID-card numbers or birth dates",
        "warehouse_takes_no_names_addresses",
    ),
    (
        r"(?P<file>.+): refused, column (?P<column>'.*') appears twice \(as (?P<a>'.*') and (?P<b>'.*')\)",
        "refused_column_appears_twice_as",
    ),
    (
        r"(?P<file>.+): refused, required column (?P<listed>.+) is missing from the header",
        "refused_required_column_missing_from",
    ),
    # what the first lines of a file refused for a missing column hold instead (etl.diagnose)
    (rf"line 1 has one column, separated by {_DELIM}", "line_1_has_one_column"),
    (rf"line 1 has (?P<n>\d+) columns, separated by {_DELIM}", "line_1_has_columns_separated"),
    *[
        (
            rf"header found in line (?P<line>\d+){by}: delete the {lines} above it",
            f"header_found{by_key}{lines_key}",
        )
        for by, by_key in (("", ""), (rf", separated by {_DELIM}", "_separated"))
        for lines, lines_key in (("line", "_line"), (r"(?P<n>\d+) lines", "_lines"))
    ],
    (
        rf"the file seems to use {_DELIM}, which the loader does not read: save it with ',' or ';'",
        "seems_use_which_loader_does",
    ),
    (rf"the file seems to use {_DELIM}", "seems_use"),
    (r"(?P<file>.+): refused, the file has no header line", "refused_has_no_header_line"),
    (r"(?P<file>.+): refused, the file is empty", "refused_empty"),
    (r"(?P<file>.+): refused, the first sheet is empty", "refused_first_sheet_empty"),
    (
        r"(?P<file>.+): refused, not a readable Excel workbook \((?P<reason>.*)\)",
        "refused_not_readable_excel_workbook",
    ),
    (
        r"(?P<file>.+): refused, not a readable Parquet file \((?P<reason>.*)\)",
        "refused_not_readable_parquet",
    ),
    (
        r"(?P<file>.+): refused, the workbook would unpack to (?P<mb>\S+) MB \((?P<ratio>\S+) times its size\)",
        "refused_workbook_would_unpack_mb",
    ),
    (r"that is not an office export", "that_not_an_office_export"),
    (
        r"(?P<file>.+): refused, old Excel \.xls files are not supported",
        "refused_old_excel_xls_files",
    ),
    (r"save as \.xlsx or CSV", "save_as_xlsx_or_csv"),
    # a rollback (etl.versions)
    (
        r"rolled back to the version (?P<name>\S+) \(kept (?P<when>[^)]+) UTC\)",
        "rolled_back_version_kept_utc",
    ),
    (
        r"its last load was load (?P<load>\d+), every later load is undone",
        "last_load_was_load_every",
    ),
]
_COMPILED = [(re.compile(pattern, re.DOTALL), key) for pattern, key in PHRASES]


def _part(text: str, lang: str) -> str | None:
    for pattern, key in _COMPILED:
        match = pattern.fullmatch(text)
        if match:
            return messages.word(key, lang, "loader").format(**match.groupdict())
    return None


def translate(message: str | None, lang: str) -> str | None:
    """A loader message or quarantine reason in the interface's language (English as the loader wrote it)."""
    if message is None or lang == "en":
        return message
    return in_language(message, lang)


def in_language(message: str, lang: str) -> str:
    """The message worded from the language's catalog part by part (a part without a template as it is); in
    English it must give the loader's own text back (tests/test_loader_words.py)."""
    return "; ".join(_part(part, lang) or part for part in message.split("; "))


def is_translated(message: str) -> bool:
    """Whether every part of the message has a template (and so its German twin; for the tests)."""
    return all(_part(part, "de") is not None for part in message.split("; "))


def translated(frame, column: str, lang: str):
    """A polars expression: the frame's column of loader messages in the interface's language (each distinct
    message translated once)."""
    import polars as pl

    words = {m: translate(m, lang) for m in frame[column].unique().to_list() if m is not None}
    return pl.col(column).replace_strict(words, default=pl.col(column), return_dtype=pl.String).alias(column)
