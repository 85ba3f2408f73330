"""tidings export: write the database's merged events as PLOVER JSONL, GDELT, Phoenix, CSV or
Parquet (columns in docs/formats.md)."""
from __future__ import annotations

import argparse
import sys

from ..errors import TidingsError

from .filters import add_filter_arguments, filters_from

HELP = "export stored events as plover (JSONL), gdelt, cameo (Phoenix TSV), csv or parquet"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ..export import FORMATS
    p.add_argument("--db", required=True, help="SQLite database file or postgresql:// URL")
    p.add_argument("--format", "-f", required=True, metavar="FORMAT",
                   help=f"one of: {', '.join(FORMATS)}")
    p.add_argument("--output", "-o", default="-",
                   help="output file (written atomically); - for standard output")
    p.add_argument("--page-size", type=int, default=5000, dest="page_size",
                   help="events fetched per database query (memory stays bounded)")
    p.add_argument("--unmerged", action="store_true",
                   help="one row per event mention in an article instead of per merged event")
    add_filter_arguments(p)


def run(args: argparse.Namespace) -> int:
    from .. import export as ex
    if args.format not in ex.FORMATS:
        raise TidingsError("E040", value=args.format, choices=", ".join(ex.FORMATS))
    filters = filters_from(args)
    if args.unmerged:
        filters["merged"] = False
    n = ex.export(args.db, args.format, args.output, page_size=max(1, args.page_size),
                  **filters)
    where = "standard output" if args.output == "-" else args.output
    print(f"tidings: exported {n} event(s) as {args.format} to {where}", file=sys.stderr)
    return 0
