"""What a reader can add up adds up (issue 28): in the impact paragraph (briefing and impact page), the per-stop
sentences, the parts table, `etl impact`'s summary and its JSON, a total shown beside its parts is the sum of the
parts as shown, each estimated part rounded to a whole number first (etl.impact.results.shown_total,
docs/IMPACT_METHOD.md "Rounding: what is shown adds up"); and the campaign's parts are the stops' parts as shown,
summed. And the campaign sentence says whose count the pop-up activations are: the pop-up's own (its visits with
the outcome "eID activated"), not Hamburg Service's pop-up channel.

The demo's figures, worked out by hand from `python -m etl impact --json` (each stop: direct, indirect extra,
spill-over extra, rounded half to even):

    stop       direct  indirect           spill-over          total shown
    EP-2024    775     15.17  ->  +15     -135.91 -> -136     775 + 15 - 136 = 654
    MC-2025    600     18.72  ->  +19      -55.79 ->  -56     600 + 19 -  56 = 563
    EC-2025    531     36.09  ->  +36      -48.47 ->  -48     531 + 36 -  48 = 519
    HM-2025    609     34.39  ->  +34      -59.35 ->  -59     609 + 34 -  59 = 584
    WQ-2025    674      6.45  ->   +6      -65.09 ->  -65     674 +  6 -  65 = 615
    CCB-2025   430     12.87  ->  +13      -47.68 ->  -48     430 + 13 -  48 = 395
    PC-2026    493     (not estimable)                        493
    campaign   4,112   15+19+36+34+6+13 = +123   -136-56-48-59-65-48 = -412   4,112 + 123 - 412 = 3,823
               (= 654 + 563 + 519 + 584 + 615 + 395 + 493 = 3,823)

Before, the campaign's parts were rounded from their own sums: +124 (123.68) and -412 (-412.29) beside a total of
3,823 (3,823.39): 4,112 + 124 - 412 = 3,824, not 3,823.
"""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from helpers import copy_of

from cli import main
from etl.impact.results import shown_total
from tools.apptest import dashboard, like_a_running_server

# stop: (direct, indirect shown, spill-over shown, total shown), by hand above
STOPS = {
    "EP-2024": (775, 15, -136, 654),
    "MC-2025": (600, 19, -56, 563),
    "EC-2025": (531, 36, -48, 519),
    "HM-2025": (609, 34, -59, 584),
    "WQ-2025": (674, 6, -65, 615),
    "CCB-2025": (430, 13, -48, 395),
    "PC-2026": (493, None, None, 493),
}
CAMPAIGN = (4112, 123, -412, 3823)


def test_a_total_shown_is_the_sum_of_its_parts_as_shown():
    # 4,112 + 123.68 - 412.29 = 3,823.39 -> 3,823 unrounded; the parts as shown: 4,112 + 124 - 412 = 3,824
    assert shown_total(4112, (123.68, -412.29)) == 3824
    # each part rounded half to even, as every figure is shown (ui.formats): 2.5 -> 2, 0.5 -> 0, -1.5 -> -2
    assert shown_total(10, (2.5, 0.5, -1.5)) == 10 + 2 + 0 - 2
    # no count and no estimate: nothing to add; a missing estimate adds nothing
    assert shown_total(None, (3.4,)) == 3
    assert shown_total(7, (None,)) == 7


@pytest.fixture(scope="module")
def demo(demo_warehouse, tmp_path_factory) -> Path:
    return copy_of(demo_warehouse, tmp_path_factory.mktemp("adds_up"))


def _impact(db: Path, *args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["impact", "--db", str(db), *args]) == 0
    return out.getvalue()


@pytest.mark.slow
def test_the_json_and_the_summary_say_the_totals_as_shown(demo):
    report = json.loads(_impact(demo, "--json"))
    for stop in report["by_stop"]:
        direct, indirect, spill, total = STOPS[stop["stop_id"]]
        assert stop["direct_activations"] == direct
        assert (None if stop["extra"] is None else round(stop["extra"])) == indirect
        assert (None if stop["spillover"] is None else round(stop["spillover"]["extra"])) == spill
        assert stop["extra_total"]["shown"] == total, stop["stop_id"]
    totals = report["totals"]
    direct, indirect, spill, total = CAMPAIGN
    assert totals["direct_activations"] == direct
    assert (totals["indirect"]["shown"], totals["spillover"]["shown"]) == (indirect, spill)
    assert totals["extra_total"]["shown"] == total
    # the full precision stays beside it (JSON numbers keep it: KPIS.md); it rounds to another number here
    assert round(totals["indirect"]["value"]) == 124 and round(totals["extra_total"]["value"]) == 3823
    summary = _impact(demo)
    assert "campaign: 123 extra in the estimated channels" in summary
    assert "pop-up 4,112, spill-over -412, together 3,823 (" in summary
    assert "pop-up 775, spill-over -136, total 654 (" in summary  # a stop's line names its spill-over too
    assert "-412 in all" in summary  # the spill-over note


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_impact_page_adds_up_and_names_the_pop_ups_own_count(demo, monkeypatch, lang):
    monkeypatch.setenv("DASHBOARD_DB", str(demo))
    with like_a_running_server():
        at = dashboard(lang, timeout=120)
        at.switch_page("pages/impact.py").run()
        at.session_state["numbers_impact_parts"] = True
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    if lang == "de":
        assert "**Kampagne:** Das Pop-Up selbst zählte **4.112** eID-Aktivierungen (seine Beratungen mit dem " in text
        assert "geschätzt **+123** hinzu" in text and "Zusammen: **3.823** (" in text
        assert "geschätzt -412 (" in text  # the spill-over, "in „Zusammen“ enthalten"
        assert "**Europa-Passage (Hamburg-Mitte):** 775 am Pop-Up gezählt" in text
        assert "geschätzt +15 (" in text and "zusammen 654." in text and "geschätzt -136 durch Übertragung" in text
    else:
        assert "**Campaign:** the pop-up itself counted **4,112** eID activations (its visits with the outcome " in text
        assert "**+123**" in text and "Together: **3,823** (" in text and "an estimated -412 (" in text
    campaign = next(m.value for m in at.markdown if m.value.startswith(("**Kampagne:**", "**Campaign:**")))
    assert "Hamburg Service" not in campaign  # the count is the pop-up's own, not Hamburg Service's channel
    parts = next(d.value for d in at.dataframe if "spillover" in d.value.columns)
    for row in parts.to_dict("records"):
        expected = next(v for k, v in STOPS.items() if row["label"].startswith(_venue(k)))
        direct, indirect, spill, total = expected
        assert row["direct"] == direct and row["total"] == total
        as_shown = [None if row[c] != row[c] or row[c] is None else round(row[c]) for c in ("indirect", "spillover")]
        assert as_shown == [indirect, spill], row
        shown = [row["direct"]] + [round(row[c]) for c in ("indirect", "spillover") if row[c] == row[c]]
        assert sum(shown) == row["total"], row  # the row adds up as shown
    assert parts["total"].sum() == CAMPAIGN[3]  # the stops' totals add up to the campaign's


def _venue(stop_id: str) -> str:
    return {
        "EP-2024": "Europa-Passage",
        "MC-2025": "Mercado",
        "EC-2025": "Eidelstedt Center",
        "HM-2025": "Hamburger Meile",
        "WQ-2025": "Wandsbek Quarree",
        "CCB-2025": "CCB Bergedorf",
        "PC-2026": "Phoenix-Center",
    }[stop_id]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs Debian's poppler-utils (make test installs it)")
def test_the_briefings_impact_paragraph_adds_up(demo, tmp_path):
    import subprocess

    pdf = tmp_path / "briefing.pdf"
    assert main(["briefing", "--db", str(demo), "--out", str(pdf)]) == 0
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Das Pop-Up selbst zählte 4.112 eID-Aktivierungen" in text
    assert "Hamburg Service 4.112" not in text and "zählte Hamburg Service" not in text
    assert "geschätzt +123 hinzu" in text and "Zusammen: 3.823 (" in text and "geschätzt -412 (" in text
