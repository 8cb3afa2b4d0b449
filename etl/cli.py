"""The command line: python -m etl load | kpis | export | impact | demo | build."""

from __future__ import annotations

import argparse
import json
import sys

from etl.config import FOLLOW_UP_DAYS, warehouse_path
from etl.schema import KINDS

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    from etl.export import TABLES

    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    db_help = "the warehouse file (default: $DASHBOARD_DB, else data/warehouse.duckdb)"

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

    impact = commands.add_parser("impact", help="what each stop changed: group-time effects with intervals")
    impact.add_argument("--db", help=db_help)
    impact.add_argument(
        "--outcome",
        choices=["activations", "eid_transactions"],
        default="activations",
        help="weekly eID activations (default) or eID-authenticated online transactions, per 10,000 residents 16+",
    )
    impact.add_argument("--json", action="store_true", help="print the whole estimate as one JSON object")

    export = commands.add_parser("export", help="write exactly the filtered rows of a table to a file")
    export.add_argument("table", choices=list(TABLES))
    export.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    export.add_argument(
        "--format",
        choices=["csv", "csv-excel-de", "parquet"],
        default="csv",
        help="csv (default), csv-excel-de (; and decimal comma, UTF-8 with BOM) or parquet",
    )
    export.add_argument("--db", help=db_help)
    export.add_argument("--from", dest="date_from", type=_date, metavar="DATE", help="first day (2025-05-21)")
    export.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last day (2025-06-14)")
    export.add_argument("--district", action="append", default=[], metavar="D", help="a district (repeatable)")
    export.add_argument("--stop", action="append", default=[], metavar="S", help="a stop_id (repeatable)")
    export.add_argument("--service", action="append", default=[], metavar="ID", help="a service_id (repeatable)")
    return parser


def _date(text: str):
    import datetime as dt

    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"{text!r} is not a date (2025-05-21 or 21.05.2025)")


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _print_load_report(reports) -> None:
    for r in reports:
        counts = (
            f"read {r.rows_read}, loaded {r.rows_loaded}, replaced {r.rows_replaced}, "
            f"unchanged {r.rows_unchanged}, quarantined {r.rows_quarantined}"
        )
        print(f"{r.status.upper():8} {r.file} ({r.kind or 'unknown kind'}): {counts}")
        if r.status != "loaded" or (r.message and "ignored" in r.message):
            print(f"         {r.message}")
        for example in r.examples:
            print(f"         quarantined: {example}")


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

    try:
        with swap.new_version(warehouse_path(args.db)) as con:
            warehouse.build(con)
    except swap.WarehouseNotWritten as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"warehouse {warehouse_path(args.db)}: reference data and models rebuilt")
    return EXIT_OK


def _export(args) -> int:
    from pathlib import Path

    from etl import export
    from etl.schema import DISTRICTS

    districts = []
    for name in args.district:
        official = next((d for d in DISTRICTS if d.lower() == name.strip().lower()), None)
        if official is None:
            print(f"error: {name!r} is not a Hamburg district ({', '.join(DISTRICTS)})", file=sys.stderr)
            return EXIT_USAGE
        districts.append(official)
    con = _read_only(args.db)
    if con is None:
        return EXIT_USAGE
    try:
        selection = export.Selection(
            args.date_from, args.date_to, tuple(districts), tuple(args.stop), tuple(args.service)
        )
        data = export.frame(con, args.table, selection)
    finally:
        con.close()
    export.write(data, Path(args.out), args.format)
    print(f"{args.table}: {data.height} rows written to {args.out} ({args.format})", file=sys.stderr)
    return EXIT_OK


def _impact(args) -> int:
    from etl import impact

    con = _read_only(args.db)
    if con is None:
        return EXIT_USAGE
    try:
        result, _ = impact.run(con, args.outcome)
    finally:
        con.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(impact.summary(result))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"load": _load, "kpis": _kpis, "demo": _demo, "build": _build, "export": _export, "impact": _impact}
    return commands[args.command](args)
