"""The whole command line, on top of the layers: `python -m cli <command>`. Every data command of `python -m etl`
(load, kpis, export, impact, demo, build, watch, versions, rollback, snapshot, restore) and `briefing`, which is
made by the dashboard's own data layer and words (ui.briefing): this module wires etl and ui together, so that
nothing under etl/ has to import ui/ (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from etl import cli as etl_cli
from etl import messages
from etl.config import warehouse_path


def _briefing_options(commands) -> None:
    briefing = commands.add_parser(
        "briefing", help="write the briefing PDF (campaign, or one stop with --stop) of a selection"
    )
    briefing.add_argument("--out", required=True, metavar="FILE", help="the PDF to write")
    briefing.add_argument("--db", help=etl_cli.DB_HELP)
    languages = list(messages.languages())  # every language with a catalog
    briefing.add_argument("--lang", choices=languages, default="de", help="language (default: de)")
    briefing.add_argument(
        "--from", dest="date_from", type=etl_cli.parse_date, metavar="DATE", help="first day (default: data start)"
    )
    briefing.add_argument(
        "--to", dest="date_to", type=etl_cli.parse_date, metavar="DATE", help="last day (default: data end)"
    )
    briefing.add_argument("--district", action="append", default=[], metavar="D", help="a district (repeatable)")
    briefing.add_argument(
        "--filter-stop", action="append", default=[], metavar="S", help="only these stops (the sidebar's filter)"
    )
    briefing.add_argument("--stop", metavar="S", help="a stop_id: the one-stop briefing for its district office")


def _briefing(args: argparse.Namespace) -> int:
    for api in ("cache_data_api", "cache_resource_api"):  # "no runtime found": the caches work without one
        logging.getLogger(f"streamlit.runtime.caching.{api}").disabled = True
    from ui.briefing import command

    districts = []
    for name in args.district:
        official = etl_cli.official_district(name)
        if official is None:
            print(f"error: unknown district {name!r}", file=sys.stderr)
            return etl_cli.EXIT_USAGE
        districts.append(official)
    return command.write(
        Path(args.out),
        warehouse_path(args.db),
        args.lang,
        args.date_from,
        args.date_to,
        districts,
        args.filter_stop,
        args.stop,
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    only = argv[0] if argv[:1] and argv[0] in etl_cli.COMMANDS else None
    top, commands = etl_cli.parser(prog="python -m cli", description=__doc__, only=only)
    _briefing_options(commands)
    args = top.parse_args(argv)
    return _briefing(args) if args.command == "briefing" else etl_cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
