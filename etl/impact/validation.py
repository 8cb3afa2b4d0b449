"""Validation of the impact estimate by simulation: campaigns like Hamburg's with a known effect, under noise that
holds the method's assumptions and noise that breaks them. `python -m etl.impact.validation` (make
validate-impact, also run by make bench) writes docs/IMPACT_VALIDATION.md.

A campaign: seven districts (Hamburg's residents 16+), each visited once in a random order for four weeks
(stops starting in weeks 20, 30, 38, 46, 54, 62, 70 of 80), a common random-walk trend, district levels, weekly
noise, and a true effect of 2 per week and 10,000 residents 16+ during each stop.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from etl.impact.estimator import Design
from etl.impact.panel import Panel, Stop
from etl.impact.results import Estimate

SLOTS = (20, 30, 38, 46, 54, 62, 70)
WEEKS = 80
EFFECT = 2.0
STOP_WEEKS = 4
POPULATION = (262_000, 239_000, 229_000, 275_000, 389_000, 114_000, 148_000)  # residents 16+, rounded
TARGET = (0.93, 0.97)
PRETREND_TARGET = (0.05, 0.15)


def campaign(
    rng: np.random.Generator,
    *,
    rho: float = 0.0,
    unequal: bool = False,
    dip: float = 0.0,
    trend: float = 0.0,
    effect: float = EFFECT,
) -> Panel:
    """One simulated campaign. rho: AR(1) noise; unequal: noise scaled by district size (small districts noisier,
    as rates per 10,000 of few residents are); dip: a fall in the week before each stop (people waiting for it);
    trend: a differential trend, districts visited earlier rising faster (trend x (6 - slot) per week)."""
    n = len(POPULATION)
    order = rng.permutation(n)
    noise = np.zeros((n, WEEKS))
    noise[:, 0] = rng.normal(0, 1, n)
    for t in range(1, WEEKS):
        noise[:, t] = rho * noise[:, t - 1] + rng.normal(0, np.sqrt(1 - rho**2), n)
    if unequal:
        noise *= np.sqrt(np.mean(POPULATION) / np.array(POPULATION))[:, None]
    y = rng.normal(0, 3, (n, 1)) + np.cumsum(rng.normal(0, 0.5, WEEKS))[None, :] + noise
    cohort: list[int | None] = [None] * n
    stops = []
    for slot, unit in enumerate(order):
        g = SLOTS[slot]
        cohort[unit] = g
        y[unit, g : g + STOP_WEEKS] += effect
        y[unit, g - 1] -= dip
        y[unit] += trend * (n - 1 - slot) * np.arange(WEEKS)
        stops.append(Stop(f"s{slot}", f"d{unit}", g, g + STOP_WEEKS - 1, POPULATION[unit]))
    weeks = [dt.date(2024, 1, 1) + dt.timedelta(weeks=i) for i in range(WEEKS)]
    return Panel([f"d{i}" for i in range(n)], list(weeks), y, cohort, list(map(float, POPULATION)), stops)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    assumptions_hold: bool
    rho: float = 0.0
    unequal: bool = False
    dip: float = 0.0
    trend: float = 0.0
    anticipation: int = 0


SCENARIOS = (
    Scenario("iid", "independent weekly noise", True),
    Scenario("ar_plus", "AR(1) noise, ρ = +0.5", True, rho=0.5),
    Scenario("ar_minus", "AR(1) noise, ρ = −0.5", True, rho=-0.5),
    Scenario("unequal", "noise scaled by district size", True, unequal=True),
    Scenario("dip", "a dip of 1.5 in the week before each stop, no anticipation setting", False, dip=1.5),
    Scenario("dip_anticipation", "the same dip, --anticipation 1", True, dip=1.5, anticipation=1),
    Scenario("trend", "differential trend: earlier districts rise 0.05 per week per slot faster", False, trend=0.05),
)


@dataclass
class Result:
    scenario: Scenario
    base: str
    campaigns: int
    stop_coverage: float
    stop_coverage_range: tuple[float, float]  # the lowest and highest coverage of a stop position
    stop_intervals: int
    overall_coverage: float
    weighted_coverage: float
    overall_intervals: int
    contains_estimate: float
    stop_width: float
    overall_width: float
    pretrend_warnings: float
    detectable_trend: float
    seconds: float

    @property
    def targets_met(self) -> bool:
        low, high = TARGET
        covered = all(low <= c <= high for c in (self.stop_coverage, self.overall_coverage, self.weighted_coverage))
        size = PRETREND_TARGET[0] <= self.pretrend_warnings <= PRETREND_TARGET[1]
        return covered and size and self.contains_estimate == 1.0


def simulate(scenario: Scenario, design: Design, campaigns: int, seeds: tuple[int, ...] = (1, 2, 3, 4)) -> Result:
    started = time.perf_counter()
    by_position: dict[str, list[bool]] = {}
    overall: list[bool] = []
    weighted: list[bool] = []
    contains: list[bool] = []
    warned: list[bool] = []
    stop_widths: list[float] = []
    overall_widths: list[float] = []
    detectable: list[float] = []
    for seed in seeds:
        rng = np.random.default_rng([seed, zlib.crc32(scenario.name.encode())])
        for _ in range(campaigns // len(seeds)):
            panel = campaign(rng, rho=scenario.rho, unequal=scenario.unequal, dip=scenario.dip, trend=scenario.trend)
            estimate = Estimate(panel, design, cells=False)
            for row in estimate.by_stop():
                if row["ci_low"] is None:
                    continue
                by_position.setdefault(row["stop_id"], []).append(row["ci_low"] <= EFFECT <= row["ci_high"])
                contains.append(row["ci_low"] <= row["att"] <= row["ci_high"])
                stop_widths.append(row["ci_high"] - row["ci_low"])
            result = estimate.overall()
            for target, row in ((overall, result), (weighted, result["weighted_by_residents"])):
                if row["ci_low"] is not None:
                    target.append(row["ci_low"] <= EFFECT <= row["ci_high"])
                    contains.append(row["ci_low"] <= row["att"] <= row["ci_high"])
            if result["ci_low"] is not None:
                overall_widths.append(result["ci_high"] - result["ci_low"])
            pretrend = estimate.pretrend()
            if pretrend["p_value"] is not None:
                warned.append(pretrend["p_value"] < 0.10)
                detectable.append(pretrend["detectable_trend"])
    every_stop = [c for covered in by_position.values() for c in covered]
    positions = [float(np.mean(c)) for c in by_position.values()]
    return Result(
        scenario,
        design.base,
        campaigns,
        float(np.mean(every_stop)),
        (min(positions), max(positions)),
        len(every_stop),
        float(np.mean(overall)),
        float(np.mean(weighted)),
        len(overall),
        float(np.mean(contains)),
        float(np.mean(stop_widths)),
        float(np.mean(overall_widths)),
        float(np.mean(warned)),
        float(np.median(detectable)),
        time.perf_counter() - started,
    )


def table(results: list[Result]) -> str:
    lines = [
        "| scenario | base | stop coverage (lowest–highest stop) | overall: mean / weighted | contains own "
        "estimate | width stop / overall | pre-trend warnings | detectable trend (80 %) | targets |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        verdict = ("met" if r.targets_met else "missed") if r.scenario.assumptions_hold else "assumption broken"
        lines.append(
            f"| {r.scenario.description} | {r.base} | {r.stop_coverage:.3f} ({r.stop_coverage_range[0]:.3f}–"
            f"{r.stop_coverage_range[1]:.3f}), n = {r.stop_intervals} | {r.overall_coverage:.3f} / "
            f"{r.weighted_coverage:.3f}, n = {r.overall_intervals} | {r.contains_estimate:.0%} | "
            f"{r.stop_width:.2f} / {r.overall_width:.2f} | {r.pretrend_warnings:.1%} | {r.detectable_trend:.3f} | "
            f"{verdict} |"
        )
    return "\n".join(lines)


def main(campaigns: int = 400) -> int:
    results = []
    for scenario in SCENARIOS:
        for design in (Design("mean", 4, scenario.anticipation), Design("universal", 1, scenario.anticipation)):
            results.append(simulate(scenario, design, campaigns))
            r = results[-1]
            print(
                f"{scenario.name:17} {design.base:9} stop {r.stop_coverage:.3f} overall {r.overall_coverage:.3f} "
                f"pretrend {r.pretrend_warnings:.3f} ({r.seconds:.0f} s)",
                flush=True,
            )
    text = report(results, campaigns)
    doc = Path(__file__).resolve().parents[2] / "docs" / "IMPACT_VALIDATION.md"
    # the sections the other validations write (between their <!-- markers -->) stay as they are
    old = doc.read_text(encoding="utf-8") if doc.exists() else ""
    tail = old[old.index("<!-- ") :] if "<!-- " in old else ""
    doc.write_text(text.rstrip("\n") + ("\n\n" + tail if tail else "\n"), encoding="utf-8")
    print(text)
    held = [r for r in results if r.scenario.assumptions_hold and r.base == "mean"]
    return 0 if all(r.targets_met for r in held) else 1


def report(results: list[Result], campaigns: int) -> str:
    default = [r for r in results if r.base == "mean"]
    held = [r for r in default if r.scenario.assumptions_hold]
    met = all(r.targets_met for r in held)
    mean_width = np.mean([r.stop_width for r in default if r.scenario.name == "iid"])
    universal_width = np.mean([r.stop_width for r in results if r.base == "universal" and r.scenario.name == "iid"])
    return f"""# Validation of the impact estimate

Written by `make validate-impact` (`python -m etl.impact.validation`) on {dt.date.today().isoformat()}.
{campaigns} simulated campaigns per scenario and base, in four seeds: seven districts with Hamburg's residents
16+, visited once each in a random order for four weeks (stops from week 20 to week 70 of 80), a common
random-walk trend, district levels and weekly noise; the true effect is {EFFECT:g} per week and 10,000
residents 16+ during each stop. The last district visited has no comparison district left, so six stops per
campaign have an estimate. Coverage: the share of 95 % intervals that contain the true effect.

{table(results)}

**Headline**: where the method's assumptions hold (independent, autocorrelated or unequal noise; a dip before
the stops with `--anticipation 1`), the default estimate's 95 % intervals cover the true effect in
{min(r.stop_coverage for r in held):.1%}–{max(r.stop_coverage for r in held):.1%} of stops and
{min(r.overall_coverage for r in held):.1%}–{max(r.overall_coverage for r in held):.1%} of campaigns overall
(targets {TARGET[0]:.0%}–{TARGET[1]:.0%}: {"met" if met else "missed"}); every interval contains its own estimate;
the pre-trend test warns in {min(r.pretrend_warnings for r in held):.1%}–{max(r.pretrend_warnings for r in held):.1%}
of campaigns without a trend (nominal 10 %, target 5–15 %).

**The default base.** The mean of the four weeks before a stop is the default: its intervals are
{1 - mean_width / universal_width:.0%} narrower than those of the one-week ("universal") base under independent
noise, and a dip in the week before the stops moves it far less (rows "dip"). The universal base stays available
(`--base universal`); its ATT(g, t) equal those of the `differences` and `moderndid` packages.

**Where an assumption fails** the table says so: a dip before the stops without the anticipation setting biases
the estimate (the one-week base most); under a differential trend the placebos, being the same estimator, carry
the same trend, so the intervals widen rather than mislead, and the pre-trend test warns more often. The
"detectable trend" column is the differential trend per week that the test finds with 80 % power, as the page
reports it.
"""


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 400))
