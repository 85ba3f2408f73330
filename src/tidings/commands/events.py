"""tidings events: list the merged (deduplicated) events of a database, filtered."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any, TextIO

from ..errors import TidingsError
from .filters import add_filter_arguments, filters_from

HELP = "list deduplicated events stored in a database (tidings code --db), with filters"
FORMATS = ("table", "jsonl", "csv")
ORDERS = ("date", "-date", "mentions", "confidence")
# merged-event columns added after the per-mention CSV columns
MERGED_COLUMNS = ("num_mentions", "num_articles", "num_sources", "first_seen", "last_seen")
MENTION_COLUMNS = ("merged_into", "merge_reason")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="database file or postgresql:// URL")
    add_filter_arguments(p, text=True)
    p.add_argument("--order", default="date", choices=ORDERS, help="sort order (default: date)")
    p.add_argument("--limit", type=int, default=None, help="at most N events")
    p.add_argument("--offset", type=int, default=0, help="skip the first N events")
    p.add_argument("--format", "-f", default="table",
                   help=f"output: {', '.join(FORMATS)} (default: table)")
    p.add_argument("--mentions", action="store_true",
                   help="list raw event mentions (one per article telling) instead of merged events")
    p.add_argument("--output", "-o", help="write to this file instead of standard output")


def _label(a: dict[str, Any] | None) -> str:
    if not a:
        return "-"
    return str(a.get("code") or a.get("country") or a.get("name") or a.get("text") or "?")


def table_lines(events: list[dict[str, Any]], mentions: bool) -> list[str]:
    """A readable table: one line per event, its evidence on the next."""
    head = f"{'date':<10} {'source':<10} {'type':<9} {'target':<10} {'modality':<12} " + (
        "merged into        reason" if mentions else "mentions articles sources  conf")
    lines = [head, "-" * len(head)]
    for ev in events:
        left = (f"{ev.get('date') or '?':<10} {_label(ev.get('source')):<10} {ev['type']:<9} "
                f"{_label(ev.get('target')):<10} {ev.get('modality') or '':<12} ")
        if mentions:
            lines.append(left + f"{ev.get('merged_into') or '-':<18} {ev.get('merge_reason') or ''}")
        else:
            lines.append(left + f"{ev.get('num_mentions', 0):>8} {ev.get('num_articles', 0):>8} "
                         f"{ev.get('num_sources', 0):>7} {ev.get('confidence', 0):5.2f}")
        text = ((ev.get("evidence") or {}).get("text") or "").replace("\n", " ")
        lines.append("    \u201c" + text[:100] + ("\u2026" if len(text) > 100 else "") + "\u201d")
    return lines


def write(events: list[dict[str, Any]], fmt: str, out: TextIO, mentions: bool) -> None:
    """Write events in one of FORMATS."""
    from .output import CSV_COLUMNS, event_row

    if fmt == "jsonl":
        for ev in events:
            out.write(json.dumps(ev, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        extra = MENTION_COLUMNS if mentions else MERGED_COLUMNS
        w = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS) + list(extra))
        w.writeheader()
        for ev in events:
            row = event_row(ev)
            row.update({k: ev.get(k) for k in extra})
            w.writerow(row)
    else:
        out.write("\n".join(table_lines(events, mentions)) + "\n")
        out.write(f"\n{len(events)} {'mention' if mentions else 'event'}(s)\n")


def run(args: argparse.Namespace) -> int:
    if args.format not in FORMATS:
        raise TidingsError("E010", value=args.format, choices=", ".join(FORMATS))
    filters = filters_from(args)
    from ..store import open_store

    with open_store(args.db, readonly=True) as st:
        events = st.events(**filters, limit=args.limit, offset=args.offset, order=args.order,
                           merged=not args.mentions)
    try:
        out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    except OSError as exc:
        raise TidingsError("E041", path=args.output, msg=exc.strerror or str(exc)) from None
    try:
        write(events, args.format, out, args.mentions)
    finally:
        if args.output:
            out.close()
    return 0
