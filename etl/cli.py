"""The data commands: python -m etl load | kpis | export | impact | demo | build, and for operations
watch (the inbox) | versions | rollback | snapshot | restore (docs/OPERATIONS.md). The briefing is made by the
dashboard's data layer and words (ui.briefing), so it is a command of the top-level `python -m cli`, which offers
every command here as well: nothing under etl/ imports ui/ (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from etl import messages
from etl.config import FOLLOW_UP_DAYS, warehouse_path
from etl.schema import KINDS

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


DB_HELP = "the warehouse file (default: $DASHBOARD_DB, else data/warehouse.duckdb)"


def parser(
    prog: str = "python -m etl", description: str | None = __doc__, only: str | None = None
) -> tuple[argparse.ArgumentParser, Any]:
    """The parser of the data commands and its set of commands, to which the top-level cli adds the briefing.

    `only`: the command about to run. The options of `impact` and `export` come from their modules (numpy,
    polars), which the other commands, a load above all, should not pay for: they are added only when wanted."""
    top = argparse.ArgumentParser(prog=prog, description=description)
    commands = top.add_subparsers(dest="command", required=True)
    db_help = DB_HELP

    load = commands.add_parser("load", help="load input files or folders into the warehouse")
    load.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders whose files are named by kind")
    load.add_argument("--db", help=db_help)
    load.add_argument("--kind", choices=list(KINDS), help="the kind of every file given (else from its name)")
    load.add_argument("--strict", action="store_true", help="refuse a whole file when any row is bad")
    load.add_argument("--json", action="store_true", help="print the load report as one JSON object")
    load.add_argument("--force", action="store_true", help="load files even if the same content was loaded before")

    kpis = commands.add_parser("kpis", help="print every KPI of KPIS.md as JSON")
    kpis.add_argument("--db", help=db_help)
    kpis.add_argument(
        "--follow-up-days",
        type=_non_negative,
        default=FOLLOW_UP_DAYS,
        metavar="N",
        help=f"the follow-up window F in days (default {FOLLOW_UP_DAYS})",
    )

    demo = commands.add_parser("demo", help="write the synthetic demo campaign to data/demo and load it")
    demo.add_argument("--db", help=db_help)
    demo.add_argument("--keep", action="store_true", help="load into the existing warehouse instead of a new one")

    build = commands.add_parser("build", help="refresh reference data and the SQL models of the warehouse")
    build.add_argument("--db", help=db_help)
    build.add_argument(
        "--if-stale", action="store_true", help="only when the warehouse was built by other code (after an upgrade)"
    )

    if only in (None, "impact"):
        _impact_parser(commands, db_help)

    inbox = commands.add_parser("watch", help="load every new file of an inbox folder, then move it on")
    inbox.add_argument("inbox", metavar="INBOX", help="the folder files arrive in")
    inbox.add_argument("--db", help=db_help)
    inbox.add_argument("--interval", type=float, default=60, metavar="SECONDS", help="between rounds (default 60)")
    inbox.add_argument(
        "--settle", type=float, default=10, metavar="SECONDS", help="a file unchanged this long is complete (10)"
    )
    inbox.add_argument("--once", action="store_true", help="one round, then stop (for a systemd timer or cron)")

    listed = commands.add_parser("versions", help="list the kept earlier states of the warehouse")
    listed.add_argument("--db", help=db_help)
    back = commands.add_parser("rollback", help="swap a kept earlier state back in (default: the newest)")
    back.add_argument("version", nargs="?", help="a name from `python -m etl versions` (default: the newest)")
    back.add_argument("--db", help=db_help)

    snap = commands.add_parser(
        "snapshot",
        help="write every raw table and the load history as Parquet + a manifest signed with the key in the file "
        "DASHBOARD_SNAPSHOT_KEY_FILE names",
    )
    snap.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")
    snap.add_argument("--db", help=db_help)
    restore = commands.add_parser("restore", help="fill a new warehouse from a snapshot folder")
    restore.add_argument("snapshot", metavar="DIR", help="a folder written by `python -m etl snapshot`")
    restore.add_argument("--db", help=db_help + " (must not exist yet)")

    if only in (None, "export"):
        _export_parser(commands, db_help)
    return top, commands


def _impact_parser(commands, db_help: str) -> None:
    impact = commands.add_parser(
        "impact", help="what each stop changed (python -m etl impact plan …: plan the next stop)"
    )
    _impact_options(impact, db_help)
    impact.add_argument("--panel", type=Path, metavar="FILE", help="estimate on a panel file (CSV or Parquet) instead")
    impact.add_argument("--json", action="store_true", help="print the whole estimate as one JSON object")
    planning = impact.add_subparsers(dest="impact_command")
    plan = planning.add_parser("plan", help="minimum detectable effect and power of a next stop")
    _impact_options(plan, db_help)
    plan.add_argument("--district", required=True, help="the district of the next stop")
    plan.add_argument("--weeks", type=_positive, required=True, metavar="N", help="how many weeks the stop stays")
    plan.add_argument("--effect", type=float, metavar="X", help="the power for this effect (per week and 10,000)")
    plan.add_argument("--json", action="store_true", help="print the plan as one JSON object")


def _export_parser(commands, db_help: str) -> None:
    from etl.export import FORMATS, TABLES

    export = commands.add_parser("export", help="write exactly the filtered rows of a table to a file")
    export.add_argument("table", choices=list(TABLES))
    export.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    export.add_argument(
        "--format",
        choices=list(FORMATS),
        help="csv, csv-excel-de (; and decimal comma, UTF-8 with BOM), xlsx or parquet (default: from the suffix of "
        "--out: .csv, .xlsx, .parquet)",
    )
    export.add_argument(
        "--lang",
        choices=list(messages.languages()),  # every language with a catalog (etl.messages)
        default="de",
        help="words of the formats for people (csv-excel-de, xlsx): column headings and codes (default de)",
    )
    export.add_argument("--db", help=db_help)
    export.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE", help="first day (2025-05-21)")
    export.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE", help="last day (2025-06-14)")
    for option, meta, what in (
        ("--district", "D", "a district"),
        ("--stop", "S", "a stop_id"),
        ("--service", "ID", "a service_id"),
        ("--channel", "C", "an activation channel or a sign-in method"),
        ("--topic", "T", "a topic of the visit"),
        ("--outcome", "O", "an outcome of the visit"),
    ):
        export.add_argument(option, action="append", default=[], metavar=meta, help=f"{what} (repeatable)")


def parse_date(text: str):
    import datetime as dt

    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (2025-05-21 or 21.05.2025)")


def _impact_options(parser: argparse.ArgumentParser, db_help: str) -> None:
    from etl.impact.estimator import BASES, Design

    default = Design()
    parser.add_argument("--db", help=db_help)
    parser.add_argument(
        "--outcome",
        choices=["activations", "eid_transactions"],
        default="activations",
        help="weekly eID activations at citizen offices and by self-service (default; the pop-up's own are "
        "counted directly) or eID-authenticated online transactions, per 10,000 residents 16+",
    )
    parser.add_argument(
        "--base",
        choices=BASES,
        default=default.base,
        help="the base: the mean of the weeks before the stop (default) or the one week before (universal); "
        "see docs/IMPACT_VALIDATION.md",
    )
    parser.add_argument(
        "--base-weeks", type=_positive, default=default.base_weeks, metavar="N", help="weeks of the mean base (4)"
    )
    parser.add_argument(
        "--anticipation", type=_non_negative, default=0, metavar="WEEKS", help="weeks before a stop already affected"
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _print_load_report(reports) -> None:
    """One line per file with its counts; the message where it says more than the counts; the first quarantine
    reasons (at most five rows per file), and how many more there are and where to see them."""
    for r in reports:
        counts = (
            f"read {r.rows_read}, loaded {r.rows_loaded}, replaced {r.rows_replaced}, "
            f"unchanged {r.rows_unchanged}, quarantined {r.rows_quarantined}"
        )
        print(f"{r.status.upper():8} {r.file} ({r.kind or 'unknown kind'}): {counts}")
        extra = r.message.split("; ", 1)[1] if r.status == "loaded" and "; " in r.message else ""
        if r.status != "loaded" or extra:
            print(f"         {extra or r.message}")
        for example in r.examples:
            print(f"         quarantined: {example}")
        more = r.rows_quarantined - len(r.examples)
        if r.examples and more > 0:
            print(
                f"         … and {more:,} more quarantined rows: all of them on the dashboard's data-quality page "
                "(Datenqualität → Zurückgehaltene Zeilen, filter by file)"
            )


def _load(args) -> int:
    from etl.load import UsageError, load_files
    from etl.swap import WarehouseNotWritten

    try:
        reports = load_files(warehouse_path(args.db), args.paths, args.kind, strict=args.strict, force=args.force)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WarehouseNotWritten as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    if args.json:
        print(json.dumps({"files": [r.as_json() for r in reports]}, ensure_ascii=False, indent=2))
    else:
        _print_load_report(reports)
    return EXIT_REFUSED if any(r.status == "refused" for r in reports) else EXIT_OK


def _read_only(db: str | None):
    """A read-only connection to the warehouse, or None (with the reason on stderr) when there is none."""
    from etl import warehouse

    try:
        return warehouse.connect(warehouse_path(db), read_only=True)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def _kpis(args) -> int:
    from etl import kpis

    con = _read_only(args.db)
    if con is None:
        return EXIT_USAGE
    try:
        print(json.dumps(kpis.all_kpis(con, args.follow_up_days), ensure_ascii=False, indent=2))
    finally:
        con.close()
    return EXIT_OK


def _demo(args) -> int:
    from etl import demo
    from etl.swap import WarehouseNotWritten

    try:
        reports = demo.build_demo(warehouse_path(args.db), fresh=not args.keep)
    except WarehouseNotWritten as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    _print_load_report(reports)
    return EXIT_OK


def _build(args) -> int:
    from etl import swap, warehouse

    if args.if_stale:
        path = warehouse_path(args.db)
        if not path.exists():
            return EXIT_OK
        con = warehouse.connect(path, read_only=True)
        try:
            current = warehouse.models_are_current(con)
        finally:
            con.close()
        if current:
            return EXIT_OK
    try:
        with swap.new_version(warehouse_path(args.db)) as con:
            warehouse.build(con)
    except swap.WarehouseNotWritten as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"warehouse {warehouse_path(args.db)}: reference data and models rebuilt")
    return EXIT_OK


def _export(args) -> int:
    from etl import export

    try:
        fmt = export.format_for(Path(args.out), args.format)
    except export.UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    con = _read_only(args.db)
    if con is None:
        return EXIT_USAGE
    try:
        districts = [official_district(name) or name for name in args.district]
        selection = export.Selection(
            args.date_from,
            args.date_to,
            tuple(districts),
            tuple(args.stop),
            tuple(args.service),
            tuple(args.channel),
            tuple(args.topic),
            tuple(args.outcome),
        )
        export.check(args.table, selection, export.known_values(con, args.table))
        data = export.frame(con, args.table, selection)
    except export.UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        con.close()
    export.write(data, Path(args.out), fmt, args.lang)
    print(f"{args.table}: {data.height} rows written to {args.out} ({fmt})", file=sys.stderr)
    return EXIT_OK


def _watch(args) -> int:
    from etl import inbox

    return inbox.watch(Path(args.inbox), warehouse_path(args.db), args.interval, args.settle, args.once)


def _versions(args) -> int:
    from etl import versions

    path = warehouse_path(args.db)
    kept = versions.listing(path)
    for stray in versions.strays(path):
        print(f"warning: {stray} is not a version this warehouse kept; ignored, never rolled back", file=sys.stderr)
    if not kept:
        print(f"no versions of {path} kept in {versions.folder(path)}", file=sys.stderr)
        return EXIT_OK
    for version in kept:
        last = "; ".join(f"load {e['load_id']} {e['status']} {e['file']}" for e in version.loads) or "no loads"
        print(f"{version.name}  {version.created:%Y-%m-%d %H:%M:%S} UTC  {version.size / 2**20:,.1f} MiB  {last}")
    return EXIT_OK


def _rollback(args) -> int:
    from etl import swap, versions

    path = warehouse_path(args.db)
    try:
        chosen = versions.rollback(path, args.version)
    except versions.NoSuchVersion as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except swap.WarehouseNotWritten as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"warehouse {path}: rolled back to {chosen.name}; the state before is kept as a version", file=sys.stderr)
    return EXIT_OK


def _snapshot(args) -> int:
    from etl import snapshot

    try:
        manifest = snapshot.write(warehouse_path(args.db), Path(args.out))
    except (snapshot.SnapshotError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    rows = sum(entry["rows"] for entry in manifest["tables"].values())
    print(f"snapshot of {warehouse_path(args.db)} in {args.out}: {len(manifest['tables'])} tables, {rows:,} rows")
    return EXIT_OK


def _restore(args) -> int:
    from etl import snapshot, swap

    try:
        snapshot.restore(Path(args.snapshot), warehouse_path(args.db))
    except snapshot.SnapshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except swap.WarehouseNotWritten as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"warehouse {warehouse_path(args.db)}: restored from {args.snapshot}")
    return EXIT_OK


def _briefing_moved(rest: list[str]) -> int:
    print(
        "error: the briefing is a command of the top-level command line now: "
        + " ".join(["python -m cli briefing", *rest]),
        file=sys.stderr,
    )
    return EXIT_USAGE


def official_district(name: str) -> str | None:
    from etl.schema import DISTRICTS

    return next((d for d in DISTRICTS if d.lower() == name.strip().lower()), None)


def _impact(args) -> int:
    from etl import impact

    design = impact.Design(args.base, args.base_weeks, args.anticipation)
    if args.impact_command == "plan":
        return _plan(args, design)
    if args.panel is not None:
        try:
            result, _ = impact.panel_report(args.panel, design)
        except (impact.PanelError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_REFUSED if isinstance(exc, impact.PanelError) else EXIT_USAGE
    else:
        con = _read_only(args.db)
        if con is None:
            return EXIT_USAGE
        try:
            result, _ = impact.report(con, args.outcome, design)
        finally:
            con.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        print(impact.summary(result))
    return EXIT_OK


def _plan(args, design) -> int:
    from etl import impact
    from etl.schema import DISTRICTS

    district = next((d for d in DISTRICTS if d.lower() == args.district.strip().lower()), None)
    if district is None:
        print(f"error: {args.district!r} is not a Hamburg district ({', '.join(DISTRICTS)})", file=sys.stderr)
        return EXIT_USAGE
    con = _read_only(args.db)
    if con is None:
        return EXIT_USAGE
    from etl.impact.planner import PlanError

    try:
        result = impact.plan(con, district, args.weeks, args.outcome, design, args.effect)
    except PlanError as exc:
        print(f"{exc}.", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        con.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    if result["mde"] is None:
        print(f"{district}: not enough history yet to plan a stop of {args.weeks} weeks")
        return EXIT_OK
    print(
        f"{district}, a stop of {args.weeks} weeks: it would show an effect of {result['mde']:.2f} per week and "
        f"10,000 residents 16+ (about {result['mde_extra']:,.0f} over the stop) with 80 % power at the 5 % level"
    )
    if result["power"] is not None:
        print(f"power for an effect of {args.effect:g}: {result['power']:.0%}")
    for note in result["warnings"]:
        if "message" in note:
            print(f"note: {note['message']}")
    return EXIT_OK


COMMANDS = {
    "load": _load,
    "kpis": _kpis,
    "demo": _demo,
    "build": _build,
    "export": _export,
    "impact": _impact,
    "watch": _watch,
    "versions": _versions,
    "rollback": _rollback,
    "snapshot": _snapshot,
    "restore": _restore,
}


def run(args: argparse.Namespace) -> int:
    """Run a parsed data command."""
    return COMMANDS[args.command](args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    top, commands = parser(only=argv[0] if argv[:1] and argv[0] in COMMANDS else None)
    commands.add_parser("briefing", help="moved: python -m cli briefing (the briefing needs the dashboard's layer)")
    if argv[:1] == ["briefing"]:
        return _briefing_moved(argv[1:])
    return run(top.parse_args(argv))
