"""What each stop changed: Callaway & Sant'Anna (2021) group-time effects on a units x periods panel, with
intervals from placebos of the same estimator (docs/IMPACT_METHOD.md has the method, its assumptions and what it
cannot say; docs/IMPACT_VALIDATION.md the simulations behind the intervals).

- `report(con, outcome, design)`: the warehouse's districts x whole ISO weeks (python -m etl impact).
- `panel_report(path, design)`: any panel file (python -m etl impact --panel FILE).
- `plan(con, district, weeks, outcome, effect)`: the minimum detectable effect of a next stop (etl.impact.planner).
- `summary(report)`: the report in a few readable lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from etl.impact.estimator import BASES, Design
from etl.impact.panel import NOT_ESTIMATED, Panel, PanelError, from_file, from_warehouse
from etl.impact.results import Estimate

__all__ = ["BASES", "Design", "Estimate", "Panel", "PanelError", "panel_report", "plan", "report", "summary"]

OUTCOMES = ("activations", "eid_transactions")
OUTCOME_TEXT = {
    "activations": "weekly eID activations at citizen offices and by self-service (the pop-up's own are counted "
    "directly)",
    "eid_transactions": "weekly eID-authenticated online transactions",
    "panel": "the panel's outcome",
}


def method(design: Design) -> str:
    base = (
        "the week before the stop"
        if design.base == "universal"
        else f"the mean of the {design.base_weeks} weeks before the stop"
    )
    anticipation = f", {design.anticipation} week(s) of anticipation" if design.anticipation else ""
    return (
        f"Callaway & Sant'Anna (2021) ATT(g,t), no covariates, base: {base}{anticipation}; not-yet-visited and "
        "never-visited districts as controls; intervals from placebos of the same estimator moved back in time, "
        "scaled by each stop's own placebo spread"
    )


def report(con, outcome: str = "activations", design: Design | None = None) -> tuple[dict[str, Any], Estimate]:
    """The JSON of `python -m etl impact --json` for the warehouse, and the estimate behind it."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; choose one of {', '.join(OUTCOMES)}")
    design = design or Design()
    estimate = Estimate(from_warehouse(con, outcome), design)
    return _assemble(estimate, outcome), estimate


def plan(
    con,
    district: str,
    weeks: int,
    outcome: str = "activations",
    design: Design | None = None,
    effect: float | None = None,
) -> dict[str, Any]:
    """The planner's JSON (python -m etl impact plan): MDE and power of an N-week stop in a district."""
    from etl.impact import planner

    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; choose one of {', '.join(OUTCOMES)}")
    design = design or Design()
    estimate = Estimate(from_warehouse(con, outcome), design, cells=False)
    return {
        "outcome": outcome,
        **planner.plan(
            estimate.panel,
            design,
            estimate.stop_reference,
            district,
            weeks,
            effect,
            families=[s.family for s in estimate.stops if s.att is not None],  # the stop_reference's placebos
        ),
    }


def panel_report(path: Path, design: Design | None = None) -> tuple[dict[str, Any], Estimate]:
    """The same report for a panel file (raises PanelError with the file, line and column of a problem)."""
    estimate = Estimate(from_file(path), design or Design())
    return _assemble(estimate, "panel"), estimate


def _assemble(estimate: Estimate, outcome: str) -> dict[str, Any]:
    by_stop = estimate.by_stop()
    result: dict[str, Any] = {
        "outcome": outcome,
        "method": method(estimate.design),
        "design": {
            "base": estimate.design.base,
            "base_weeks": 1 if estimate.design.base == "universal" else estimate.design.base_weeks,
            "anticipation": estimate.design.anticipation,
        },
        "att_gt": estimate.att_gt(),
        "event_study": estimate.event_study(),
        "by_stop": by_stop,
        "by_cohort": estimate.by_cohort(),
        "overall": estimate.overall(),
        "totals": estimate.totals(),
        "pretrend": estimate.pretrend(),
    }
    result["warnings"] = warnings(estimate, result)
    return result


WARNINGS = {
    "pretrend": "pre-trends: the visited districts already moved apart from their comparison districts before the "
    "stops (slope {slope:.3f} per week, p = {p:.3f}); the parallel-trends assumption is in doubt",
    "pretrend_joint": "pre-trends: the pre-period weeks of the visited districts already lay apart from their "
    "comparison districts (joint test over {cells} cells, p = {p:.3f}); the parallel-trends assumption is in doubt",
    "not_enough_history": "not enough history yet for a {stated} % interval: {draws} placebo draws, {needed} needed; "
    "intervals are stated at {level:.0%}",
    "no_intervals_yet": "not enough history yet for any interval: {draws} placebo draws, {needed} needed for a "
    "{stated} % interval; the estimates are given without one",
    "no_interval": "{stops}: too little history before the stop for an interval of its own",
    "not_estimable": "{stops}: not estimable (no comparison district left in its weeks)",
    **{
        f"counted_only_{reason}": "{stops}: no estimate of its own — " + why + "; its pop-up activations count in the "
        "list and in the total, its effect in the other channels is not estimated"
        for reason, why in NOT_ESTIMATED.items()
    },
    "no_never_treated": "no never-visited district: the last visited district has no comparison once it is "
    "visited, and late stops rest on few comparison districts",
    "few_units": "only {units} districts: every interval rests on placebo estimates from before the stops, not on "
    "many independent units",
    "leave_one_out": "{stops}: the estimate moves outside its interval when one comparison district is left out "
    "({districts}); it rests on that district",
    "displacement": "{stops}: the other channels lost activations (the whole interval lies below zero): people who "
    "would have activated at a citizen office or by themselves did so at the pop-up instead (displacement)",
    "partial_weeks": "partial weeks left out: {weeks}",
    "always_treated": "{units}: treated at or before the panel's first period (always treated): no effect of "
    "theirs can be estimated, and they are never used as comparison units",
    "unit_inference": "the intervals of the aggregates (cohorts, mean over treated units, total, event weeks) come "
    "from unit-level influence functions clustered by unit ({units} units); a single treated unit's effect has "
    "an interval only where its own history gives placebos",
    "missing_weeks": "{count} district-weeks without any data are missing (not counted as 0)",
    "spillover": "spill-over onto the districts that sent visitors is estimated from their exposure (visitors per "
    "10,000 residents 16+; exposure mapping after Butts 2021): {beta:+.3f} {unit} per visitor from another "
    "district, {extra:,.0f} in all; host effects are compared against no exposure. Assumed: the spill-over is "
    "linear in exposure and alike at every stop and district; word of mouth reaching districts that sent nobody "
    "would still bias host effects towards zero",
    "residence_missing": "the visit log carries no residence: spill-over is not estimated, and the comparison "
    "districts are assumed untouched by the stops — if visitors came from them, host effects are biased towards "
    "zero under word of mouth and away from zero under displacement",
    "residence_partial": "{stops}: {share:.0%} of the visits or more without a residence; exposure counts the others "
    "only (the spill-over per visitor is then overstated in size, its total is not)",
    "anticipation": "anticipation: if posters moved outcomes before a stop, set --anticipation",
}


RESIDENCE_SHARE = 0.10  # a stop with this share of visits without a residence or more is named


def warning(code: str, **values) -> dict[str, Any]:
    """A warning as data: its code and values (the page words it in its language) and an English message."""
    return {"code": code, "message": WARNINGS[code].format(**values), **values}


def warnings(estimate: Estimate, result: dict[str, Any]) -> list[dict[str, Any]]:
    notes = []
    pretrend = result["pretrend"]
    if pretrend["p_value"] is not None and pretrend["p_value"] < 0.10:
        notes.append(warning("pretrend", p=pretrend["p_value"], slope=pretrend["slope"]))
    joint = pretrend.get("joint")
    if joint is not None and joint["p_value"] < 0.10:
        notes.append(warning("pretrend_joint", p=joint["p_value"], cells=joint["cells"]))
    level = estimate.stop_reference.level
    if level != 0.95:
        from etl.impact.inference import draws_needed

        history = {"stated": 95, "draws": estimate.stop_reference.draws, "needed": draws_needed(0.95)}
        if level is None:
            notes.append(warning("no_intervals_yet", **history))
        else:
            notes.append(warning("not_enough_history", **history, level=level))
    by_stop = result["by_stop"]
    for code, selected in (
        ("not_estimable", [s["stop_id"] for s in by_stop if s["not_estimated"] == "no_comparison"]),
        ("no_interval", [s["stop_id"] for s in by_stop if s["att"] is not None and s["ci_low"] is None]),
    ):
        if selected:
            notes.append(warning(code, stops=", ".join(selected), stop_ids=selected))
    for reason in NOT_ESTIMATED:  # stops whose pop-up activations count without an estimate of their own
        selected = [s["stop_id"] for s in by_stop if s["not_estimated"] == reason]
        if selected:
            notes.append(warning(f"counted_only_{reason}", stops=", ".join(selected), stop_ids=selected))
    for s in by_stop:
        moved = [
            d["district"]
            for d in s["leave_one_out"]
            if s["ci_low"] is not None and d["att"] is not None and not s["ci_low"] <= d["att"] <= s["ci_high"]
        ]
        if moved:
            notes.append(
                warning("leave_one_out", stops=s["stop_id"], stop_ids=[s["stop_id"]], districts=", ".join(moved))
            )
    # displacement only where the interval supports it (wholly below zero), not on any negative point estimate
    below = [
        s["stop_id"]
        for s in by_stop
        if s["direct_activations"] is not None and s["ci_high"] is not None and s["ci_high"] < 0
    ]
    if below:
        notes.append(warning("displacement", stops=", ".join(below), stop_ids=below))
    if estimate.panel.dropped:
        ranges = [[first.isoformat(), last.isoformat()] for first, last in estimate.panel.dropped]
        notes.append(warning("partial_weeks", weeks="; ".join(f"{a} to {b}" for a, b in ranges), ranges=ranges))
    if estimate.panel.always_treated:
        named = estimate.panel.always_treated
        notes.append(warning("always_treated", units=", ".join(named), unit_ids=named))
    if estimate.unit_level:
        notes.append(warning("unit_inference", units=len(estimate.panel.units)))
    if estimate.panel.missing:
        notes.append(warning("missing_weeks", count=len(estimate.panel.missing)))
    if all(c is not None for c in estimate.panel.cohort):
        notes.append(warning("no_never_treated"))
    if len(estimate.panel.units) <= 10:
        notes.append(warning("few_units", units=len(estimate.panel.units)))
    if result["outcome"] != "panel":
        spill = result["totals"].get("spillover")
        if spill is not None:
            unit = "activations" if result["outcome"] == "activations" else "eID transactions"
            notes.append(
                warning("spillover", beta=spill["att"], extra=spill["shown"], unit=unit, outcome=result["outcome"])
            )
        elif not estimate.panel.exposure:
            notes.append(warning("residence_missing"))
        partial = [s for s, share in estimate.panel.residence_missing.items() if share >= RESIDENCE_SHARE]
        if partial:
            share = min(estimate.panel.residence_missing[s] for s in partial)
            notes.append(warning("residence_partial", stops=", ".join(partial), stop_ids=partial, share=share))
        if estimate.design.anticipation == 0:
            notes.append(warning("anticipation"))
    return notes


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def detectable(mde: float | None, unit: str, digits: int = 2) -> str:
    """What an estimate could have shown, in words: its minimum detectable effect (80 % power at its level). An
    interval that contains zero says the effect is not distinguishable from zero, never that there is none."""
    if mde is None:
        return "what it could have shown is unknown (no interval)"
    return f"it could only have shown effects larger than {_number(mde, digits)} {unit}, either way (80 % power)"


def summary(result: dict[str, Any]) -> str:
    """The estimate in a few readable lines (python -m etl impact without --json)."""
    lines = [f"Effect of the pop-up on {OUTCOME_TEXT[result['outcome']]}, per 10,000 residents 16+", result["method"]]
    lines.append("")
    for stop in result["by_stop"]:
        level = "" if stop["level"] is None else f"{stop['level']:.0%} "
        line = (
            f"{stop['stop_id']:<10} {stop['district']:<14} {_number(stop['att']):>7} per week  "
            f"{level}interval {_number(stop['ci_low'])} to {_number(stop['ci_high'])}; "
            f"{stop['identified_weeks']} of {stop['weeks']} weeks: {_number(stop['extra'], 0)} "
            f"({_number(stop['extra_low'], 0)} to {_number(stop['extra_high'], 0)})"
        )
        if stop["att"] is not None:
            line += f"; {detectable(stop['mde'], 'per week')}"
        elif stop["not_estimated"] in NOT_ESTIMATED:
            line += f"; not estimated: {NOT_ESTIMATED[stop['not_estimated']]}"
        if stop["direct_activations"] is not None:
            total, spill = stop["extra_total"], stop.get("spillover")
            line += f"; pop-up {stop['direct_activations']:,}"
            if spill is not None:
                line += f", spill-over {_number(spill['extra'], 0)}"
            # the total as shown: the parts as shown add up to it (results.shown_total)
            line += (
                f", total {_number(total['shown'], 0)} "
                f"({_number(total['ci_low'], 0)} to {_number(total['ci_high'], 0)})"
            )
        lines.append(line)
    overall, weighted = result["overall"], result["overall"]["weighted_by_residents"]
    lines += [
        "",
        f"mean over stops: {_number(overall['att'])} per week ({_number(overall['ci_low'])} to "
        f"{_number(overall['ci_high'])}); weighted by residents: {_number(weighted['att'])} "
        f"({_number(weighted['ci_low'])} to {_number(weighted['ci_high'])}); "
        f"{detectable(overall['mde'], 'per week')}",
    ]
    totals = result["totals"]
    if totals["indirect"]["value"] is not None:
        lines.append(
            # the parts and totals as shown: they add up, the campaign's to the stops' (results.shown_total)
            f"campaign: {_number(totals['indirect']['shown'], 0)} extra in the estimated channels "
            f"({_number(totals['indirect']['ci_low'], 0)} to {_number(totals['indirect']['ci_high'], 0)}; "
            f"{detectable(totals['indirect']['mde'], 'in all', 0)})"
            + (
                f", pop-up {totals['direct_activations']:,}"
                + (
                    ""
                    if totals.get("spillover") is None
                    else f", spill-over {_number(totals['spillover']['shown'], 0)}"
                )
                + f", together {_number(totals['extra_total']['shown'], 0)} "
                f"({_number(totals['extra_total']['ci_low'], 0)} to {_number(totals['extra_total']['ci_high'], 0)})"
                if totals["direct_activations"] is not None
                else ""
            )
        )
    per_extra = totals.get("cost_per_extra") or {}
    if per_extra.get("value") is not None:
        lines.append(
            "cost per extra activation (cost / pop-up + other channels + spill-over): "
            f"{_number(per_extra['value'])} EUR "
            f"({_number(per_extra['ci_low'])} to {_number(per_extra['ci_high'])}); cost per pop-up activation "
            f"(cost / pop-up count): {_number(totals['cost_per_popup_activation']['value'])} EUR"
        )
    spill = totals.get("spillover")
    if spill is not None:
        lines.append(
            f"spill-over onto {len(spill['districts'])} districts that sent visitors: {_number(spill['att'], 3)} per "
            f"visitor from another district ({_number(spill['visitors'], 0)} visitors): {_number(spill['shown'], 0)} "
            f"({_number(spill['ci_low'], 0)} to {_number(spill['ci_high'], 0)}; "
            f"{detectable(spill['mde'], 'in all', 0)})"
        )
    pretrend = result["pretrend"]
    if pretrend["p_value"] is not None:
        lines.append(
            f"pre-trends: slope {_number(pretrend['slope'], 3)} per week, p = {pretrend['p_value']:.3f}; a trend of "
            f"{_number(pretrend['detectable_trend'], 3)} per week would be detected with 80 % power"
        )
    joint = pretrend.get("joint")
    if joint is not None:
        lines.append(
            f"pre-trends, joint test over {joint['cells']} pre-period weeks of {joint['cohorts']} cohorts: "
            f"mean squared t {_number(joint['statistic'])}, p = {joint['p_value']:.3f} ({joint['draws']} placebo "
            "shifts); "
            + (
                "the trend it would detect is unknown"
                if joint.get("detectable_trend") is None
                else f"a trend of {_number(joint['detectable_trend'], 3)} per week of random sign per district would "
                "be detected with 80 % power"
            )
        )
    lines += ["", *[f"note: {w['message']}" for w in result["warnings"]]]
    return "\n".join(lines)
