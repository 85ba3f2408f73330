"""tidings export: write the database's merged events as PLOVER JSONL, GDELT, Phoenix, CSV or
Parquet (columns in docs/formats.md)."""
from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import TidingsError

HELP = "export stored events as plover (JSONL), gdelt, cameo (Phoenix TSV), csv or parquet"


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The event filters shared by export, stats and plot (Store.events keywords)."""
    p.add_argument("--source", help="source actor: ISO3 country, CAMEO code or name")
    p.add_argument("--target", help="target actor: ISO3 country, CAMEO code or name")
    p.add_argument("--type", help="PLOVER event type, e.g. SANCTION")
    p.add_argument("--since", help="first event date, YYYY-MM-DD")
    p.add_argument("--until", help="last event date, YYYY-MM-DD")
    p.add_argument("--modality", help="asserted, negated, hypothetical, future or historical")
    p.add_argument("--country", help="events with this country as source or target")
    p.add_argument("--min-confidence", type=float, default=None, dest="min_confidence",
                   help="only events with at least this confidence (0-1)")


def filters_from(args: argparse.Namespace) -> dict[str, Any]:
    """Validated Store.events keywords from parsed arguments."""
    from ..read import parse_date
    from ..records import MODALITIES, PLOVER_TYPES
    f: dict[str, Any] = {k: getattr(args, k, None) for k in (
        "source", "target", "type", "since", "until", "modality", "country",
        "min_confidence")}
    for k in ("since", "until"):
        if f[k]:
            f[k] = parse_date(f[k], f"--{k}")
    if f["type"]:
        f["type"] = f["type"].upper()
        if f["type"] not in PLOVER_TYPES:
            raise TidingsError("E043", what="event type", value=f["type"], choices=", ".join(PLOVER_TYPES))
    if f["modality"] and f["modality"] not in MODALITIES:
        raise TidingsError("E043", what="modality", value=f["modality"], choices=", ".join(MODALITIES))
    return {k: v for k, v in f.items() if v is not None}


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
