"""tidings plot: charts of stored events - a dyad or QuadClass series as PNG, the actor network
as self-contained HTML (inline SVG, nothing fetched from the web) or PNG."""
from __future__ import annotations

import argparse
import sys

from ..errors import TidingsError
from .filters import add_filter_arguments, filters_from

HELP = "plot a dyad or quad series (PNG) or the actor network (HTML or PNG)"


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", required=True, help="SQLite database file or postgresql:// URL")
    p.add_argument("--output", "-o", required=True, help="file to write (replaced atomically)")
    add_filter_arguments(p)


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="view", metavar="VIEW", required=True)
    d = sub.add_parser("dyad", help="events and mean Goldstein between two actors (PNG)")
    d.add_argument("a", metavar="A", help="actor: ISO3 country, CAMEO code or name")
    d.add_argument("b", metavar="B")
    d.add_argument("--freq", default="M", help="D, W or M (default M)")
    d.add_argument("--directed", action="store_true", help="only A -> B events")
    _common(d)
    q = sub.add_parser("quad", help="QuadClass counts per period (PNG)")
    q.add_argument("--freq", default="M", help="D, W or M (default M)")
    _common(q)
    n = sub.add_parser("network", help="actor network (.html self-contained, or .png)")
    n.add_argument("--by", default="country", help="country (default) or actor")
    n.add_argument("--min-count", type=int, default=1, dest="min_count",
                   help="drop dyads with fewer events (default 1)")
    _common(n)


def network_png(graph: object, path: str, title: str) -> None:
    """The network drawn with matplotlib (for reports that want an image)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    from ..analysis import _edge_colour
    from ..export import atomic_output
    fig, ax = plt.subplots(figsize=(9, 7))
    pos = nx.spring_layout(graph, seed=7)
    edges = list(graph.edges(data=True))           # type: ignore[attr-defined]
    nx.draw_networkx(graph, pos, ax=ax, node_color="#4a6fa5", font_color="white",
                     edge_color=[_edge_colour(d.get("goldstein")) for _, _, d in edges],
                     width=[1 + min(5, d.get("count", 1)) for _, _, d in edges], arrows=True)
    ax.set_title(title)
    ax.axis("off")
    try:
        with atomic_output(path, binary=True) as fh:
            fig.savefig(fh, format="png", dpi=100)
    finally:
        plt.close(fig)


def run(args: argparse.Namespace) -> int:
    from ..analysis import EventDB, network_html, series_png, write_text
    filters = filters_from(args)
    modality = filters.pop("modality", "asserted")
    out = args.output
    if out == "-":
        raise TidingsError("E041", path=out, msg="plots are files; pass -o FILE")
    with EventDB(args.db) as edb:
        if args.view == "dyad":
            df = edb.dyad(args.a, args.b, freq=args.freq, directed=args.directed,
                          modality=modality, **filters)
            cols = ["a_to_b", "b_to_a"] if not args.directed else ["events"]
            df = df.rename(columns={"a_to_b": f"{args.a} \u2192 {args.b}",
                                    "b_to_a": f"{args.b} \u2192 {args.a}"})
            cols = [c.replace("a_to_b", f"{args.a} \u2192 {args.b}")
                    .replace("b_to_a", f"{args.b} \u2192 {args.a}") for c in cols]
            arrow = "\u2192" if args.directed else "\u2194"
            series_png(df, out, f"{args.a} {arrow} {args.b}: events per period ({args.freq})",
                       columns=cols)
        elif args.view == "quad":
            series_png(edb.quad_series(args.freq, modality=modality, **filters), out,
                       f"Events by QuadClass per period ({args.freq})")
        else:
            g = edb.network(by=args.by, modality=modality, **filters)
            g.remove_edges_from([(s, t) for s, t, c in g.edges(data="count")
                                 if c < args.min_count])
            g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
            title = "tidings event network"
            if out.lower().endswith(".png"):
                network_png(g, out, title)
            else:
                write_text(out, network_html(g, title))
    print(f"tidings: wrote {out}", file=sys.stderr)
    return 0
