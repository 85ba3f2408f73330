"""tidings stats: summary tables over the event database (dyad series, QuadClass series,
top actors, actor network), printed as a table, CSV or JSON."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import TidingsError
from .filters import add_filter_arguments, filters_from

HELP = "tables over stored events: summary, dyad A B, quad, top-actors, network"
OUTPUTS = ("table", "csv", "json")
VIEWS = ("summary", "dyad", "quad", "top-actors", "network")


def _common(p: argparse.ArgumentParser, suppress: bool) -> None:
    """--db, --format and filters; on views they default to SUPPRESS so a value given before
    the view name is not overwritten (``stats --db X dyad A B`` and ``stats dyad A B --db X``)."""
    g = argparse.ArgumentParser(add_help=False)
    g.add_argument("--db", default=None, help="SQLite database file or postgresql:// URL")
    g.add_argument("--format", "-f", default="table", help="table (default), csv or json")
    add_filter_arguments(g)
    for act in g._actions:
        if suppress:
            act.default = argparse.SUPPRESS
        p._add_action(act)


def add_arguments(p: argparse.ArgumentParser) -> None:
    _common(p, suppress=False)
    sub = p.add_subparsers(dest="view", metavar="VIEW")
    s = sub.add_parser("summary", help="counts of articles, events and mentions")
    _common(s, True)
    d = sub.add_parser("dyad", help="events between two actors per period")
    d.add_argument("a", metavar="A", help="actor: ISO3 country, CAMEO code or name")
    d.add_argument("b", metavar="B")
    d.add_argument("--freq", default="M", help="D, W or M (default M)")
    d.add_argument("--directed", action="store_true", help="only A -> B events")
    _common(d, True)
    q = sub.add_parser("quad", help="QuadClass counts per period")
    q.add_argument("--freq", default="M", help="D, W or M (default M)")
    _common(q, True)
    t = sub.add_parser("top-actors", help="actors in most events")
    t.add_argument("-n", type=int, default=10, help="how many (default 10)")
    t.add_argument("--role", default="source", help="source (default), target or any")
    t.add_argument("--by", default="actor", help="actor (CAMEO code, default) or country")
    _common(t, True)
    n = sub.add_parser("network", help="directed dyads with counts and mean Goldstein")
    n.add_argument("--by", default="country", help="country (default) or actor")
    _common(n, True)


def emit(df: Any, fmt: str, out: Any = None) -> None:
    """Print a DataFrame as an aligned table, CSV or JSON records (dates as YYYY-MM-DD)."""
    import pandas as pd
    out = out or sys.stdout
    if df.index.name == "period":
        df = df.reset_index()
        df["period"] = df["period"].dt.strftime("%Y-%m-%d")
    if fmt == "csv":
        df.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        recs = json.loads(df.to_json(orient="records", date_format="iso"))
        out.write(json.dumps(recs, ensure_ascii=False, indent=1) + "\n")
    elif not len(df):
        out.write("no events\n")
    else:
        with pd.option_context("display.width", 200, "display.max_rows", 500,
                               "display.float_format", "{:.2f}".format):
            out.write(df.to_string(index=False) + "\n")


def _summary(stats: dict[str, Any], fmt: str) -> None:
    """The store's counts; nested counts (events_by_type) become one row each in tables."""
    if fmt == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=1, default=str))
        return
    import pandas as pd
    rows: list[tuple[str, Any]] = []
    for k, v in stats.items():
        if isinstance(v, dict):
            rows += [(f"{k}.{kk}", vv) for kk, vv in v.items()]
        else:
            rows.append((k, v))
    df = pd.DataFrame(rows, columns=["stat", "value"])
    if fmt == "csv":
        emit(df, fmt)
    else:
        width = max((len(r[0]) for r in rows), default=4)
        sys.stdout.write("".join(f"{k:<{width}}  {v}\n" for k, v in rows))


def run(args: argparse.Namespace) -> int:
    from ..analysis import EventDB
    if not args.db:
        raise TidingsError("E044")
    if args.format not in OUTPUTS:
        raise TidingsError("E010", value=args.format, choices=", ".join(OUTPUTS))
    view = args.view or "summary"
    filters = filters_from(args)
    modality = filters.pop("modality", "asserted")
    with EventDB(args.db) as edb:
        if view == "summary":
            _summary(edb.stats(), args.format)
        elif view == "dyad":
            emit(edb.dyad(args.a, args.b, freq=args.freq, directed=args.directed,
                          modality=modality, **filters), args.format)
        elif view == "quad":
            emit(edb.quad_series(args.freq, modality=modality, **filters), args.format)
        elif view == "top-actors":
            emit(edb.top_actors(args.n, role=args.role, by=args.by, modality=modality,
                                **filters), args.format)
        else:
            from ..analysis import edge_table
            emit(edge_table(edb.network(by=args.by, modality=modality, **filters)),
                 args.format)
    return 0
