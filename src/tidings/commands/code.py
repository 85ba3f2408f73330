"""tidings code: read articles, code events, print them and/or store them."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from ..errors import InputError, TidingsError
from ..read import ReadOptions, iter_articles, parse_date
from ..records import Article

HELP = "code articles (.txt, .html, .jsonl, feeds, directories or - for stdin) into events"
FORMATS = ("summary", "articles", "jsonl", "csv")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="article files, directories, or - for standard input")
    p.add_argument("--published", help="publication date (YYYY-MM-DD) where the document has none")
    p.add_argument("--outlet", help="outlet name where the document has none")
    p.add_argument("--format", "-f", default=None,
                   help=f"output: {', '.join(FORMATS)} (default: summary, or none with --db)")
    p.add_argument("--db", help="also store into this SQLite database (or postgresql:// URL)")
    p.add_argument("--output", "-o", help="write output to this file instead of standard output")
    p.add_argument("--workers", "-j", default="1", help="worker processes (default 1)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress line on stderr (default: when stderr is a terminal)")
    p.add_argument("--component", action="append", default=[], metavar="STAGE=NAME",
                   help="swap a pipeline stage by registered name, e.g. --component places=none")


def _components(specs: list[str]) -> dict[str, str]:
    from ..registry import STAGES
    out: dict[str, str] = {}
    for s in specs:
        stage, sep, name = s.partition("=")
        if not sep or stage not in STAGES:
            raise TidingsError("E011", stage=stage or "?", name=name or s,
                               choices="STAGE=NAME with STAGE one of " + ", ".join(STAGES))
        out[stage] = name
    return out


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("none" if args.db else "summary")
    if fmt not in FORMATS + ("none",):
        raise TidingsError("E010", value=fmt, choices=", ".join(FORMATS))
    try:
        workers = int(args.workers)
        if workers < 1:
            raise ValueError
    except ValueError:
        raise TidingsError("E012", value=args.workers) from None
    published = parse_date(args.published, "--published") if args.published else None
    components = _components(args.component)
    # fail early on unknown component names, before reading anything
    from ..registry import registry
    for stage, name in components.items():
        registry.get(stage, name)

    opts = ReadOptions(published=published, outlet=args.outlet)
    errors: list[InputError] = []

    def articles() -> Iterator[Article]:
        for item in iter_articles(args.inputs, opts):
            if isinstance(item, InputError):
                errors.append(item)
                print(f"tidings: error {item.code}: {item.message}", file=sys.stderr)
                continue
            yield item

    arts = list(articles())
    from ..pipeline import Progress, code_records
    from .output import EventWriter

    progress = Progress(len(arts), enabled=args.progress)
    store = None
    if args.db:
        from ..store import open_store
        store = open_store(args.db)
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    writer = EventWriter(fmt, out)
    stored = skipped = 0
    try:
        for rec in code_records(arts, workers=workers, components=components or None):
            if store is not None:
                if store.add_article(rec):
                    stored += 1
                else:
                    skipped += 1
            writer.write(rec)
            progress.update()
        writer.close()
    finally:
        progress.close()
        if store is not None:
            store.close()
        if args.output:
            out.close()
    if store is not None:
        print(f"tidings: stored {stored} article(s) in {args.db}"
              + (f", {skipped} already there" if skipped else ""), file=sys.stderr)
    if not arts and not errors:
        print("tidings: no articles found in the inputs.", file=sys.stderr)
    return 1 if errors else 0

