"""The loader fuzzed with hypothesis: whatever the file, never a traceback, no row lost, valid rows loaded.

Three generators: bytes of any kind under every file name the loader accepts; valid activations files that
hypothesis damages row by row (binary bytes in a text column, rows in Windows-1252 beside UTF-8 ones, a cut
at any byte, extra columns); and zip archives posing as workbooks. The large cases (a 10-MB field, 3,000
columns, a real zip bomb) are fixed examples in test_contract.py, too slow to draw by the hundred.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pytest
from helpers import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.schema import CHANNELS, DISTRICTS

pytestmark = pytest.mark.slow  # many generated cases, each a real load

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["stops.csv", "visits.csv", "activations.csv", "service_usage.tsv", "stops.xlsx", "visits.parquet"]


def accounted(report: dict) -> bool:
    """Every row read is loaded, replaced, unchanged or quarantined."""
    return report["rows_read"] == (
        report["rows_loaded"] + report["rows_replaced"] + report["rows_unchanged"] + report["rows_quarantined"]
    )


def load_bytes(name: str, content: bytes) -> tuple[int, dict, list[tuple]]:
    """Load one file of this content into a new warehouse: the exit status, the file's report, the raw rows."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        db = Path(folder) / "w.duckdb"
        status, report = load(db, path)
        con = duckdb.connect(str(db), read_only=True)
        try:
            raw = con.sql("select date, district, channel, activations from raw_activations").fetchall()
        finally:
            con.close()
    (file,) = report["files"]
    return status, file, raw


@FUZZ
@given(name=st.sampled_from(NAMES), content=st.binary(max_size=3000))
def test_any_bytes_under_any_name(name, content):
    status, file, _ = load_bytes(name, content)
    assert status in (0, 1)
    assert accounted(file)
    assert file["status"] == "loaded" or file["message"]


@FUZZ
@given(
    name=st.sampled_from(["stops.xlsx", "activations.xlsx"]),
    members=st.lists(
        st.tuples(
            st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "x"]),
            st.binary(max_size=500),
        ),
        max_size=4,
        unique_by=lambda member: member[0],
    ),
)
def test_zip_archives_that_are_not_workbooks(name, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members:
            archive.writestr(member, content)
    status, file, _ = load_bytes(name, buffer.getvalue())
    assert status in (0, 1)
    assert accounted(file)


KEYS = st.tuples(
    st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)), st.sampled_from(DISTRICTS), st.sampled_from(CHANNELS)
)
# bytes that do not change a CSV's structure (no separator, quote or line break): "binary in a text column"
NOISE = st.binary(min_size=1, max_size=12).map(lambda b: bytes(c for c in b if c not in b',";\t\r\n') or b"\x00")
ROW = st.fixed_dictionaries(
    {
        "count": st.integers(0, 100_000),
        "damage": st.sampled_from(["none", "none", "none", "noise", "letters"]),
        "noise": NOISE,
        "encoding": st.sampled_from(["utf-8", "cp1252"]),
    }
)


@FUZZ
@given(
    keys=st.lists(KEYS, min_size=1, max_size=25, unique=True),
    rows=st.lists(ROW, min_size=25, max_size=25),
    extra_columns=st.integers(0, 40),
    cut=st.one_of(st.none(), st.floats(0.0, 1.0)),
)
def test_damaged_rows_cost_only_themselves(keys, rows, extra_columns, cut):
    """A valid activations file, damaged row by row: every undamaged row that is whole is loaded, exactly."""
    header = "date,district,channel,activations" + "".join(f",note{i}" for i in range(extra_columns))
    lines, expected = [header.encode()], {}
    for (date, district, channel), row in zip(keys, rows, strict=False):
        count = str(row["count"]).encode()
        if row["damage"] == "noise":  # binary inside the district column
            district_bytes = district.encode(row["encoding"]) + row["noise"]
        elif row["damage"] == "letters":  # not a number where a count belongs
            district_bytes, count = district.encode(row["encoding"]), b"12x"
        else:
            district_bytes = district.encode(row["encoding"])
        line = f"{date.isoformat()},".encode() + district_bytes + f",{channel},".encode() + count
        lines.append(line + b"," * extra_columns)
        if row["damage"] == "none":
            expected[len(lines)] = (date, district, channel, row["count"])
    content = b"\n".join(lines) + b"\n"
    if cut is not None:  # the file ends at any byte: only rows whose whole line survived are sure to load
        end = int(len(content) * cut)
        content = content[:end]
        whole = content.count(b"\n")
        expected = {line: row for line, row in expected.items() if line <= whole}
    status, file, raw = load_bytes("activations.csv", content)
    assert status in (0, 1)
    assert accounted(file)
    assert set(expected.values()) <= set(raw)
