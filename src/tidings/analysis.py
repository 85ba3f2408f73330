"""Query and analyse the event database from Python: ``tidings.open("events.db")``.

``EventDB`` turns the store's merged events into pandas DataFrames (the flat columns of the CSV
export, see ``docs/formats.md``) and offers the few aggregates event-data users reach for first:
dyadic time series, QuadClass series, top actors and the actor network.  It also renders those
as a PNG chart and a self-contained HTML network (inline SVG, no scripts or links to fetch), so
the CLI's ``stats`` and ``plot`` commands are thin wrappers over this module.

Time series put each event on its :func:`tidings.export.event_day`: the coded date when it is a
whole day, else the earliest article's publication day.  Queries default to asserted events
(``modality="asserted"``): negated, hypothetical and future events did not happen.
"""
from __future__ import annotations

import html
import math
from collections.abc import Iterator
from typing import Any

from .errors import TidingsError
from .export import (FLAT_COLUMNS, EventSource, atomic_output, flat_row, iter_events,
                     open_events_db)

FREQS: tuple[str, ...] = ("D", "W", "M")
ROLES: tuple[str, ...] = ("source", "target", "any")
QUAD_NAMES: dict[int, str] = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict",
                              4: "material_conflict"}
NODE_KEYS: tuple[str, ...] = ("country", "actor")


def _check(value: str, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise TidingsError("E043", what=what, value=value, choices=", ".join(choices))
    return value


def actor_key(row: dict[str, Any] | Any, role: str, by: str = "actor") -> str | None:
    """The label an actor is grouped under: its CAMEO code (or country with ``by="country"``),
    falling back to the other and then to its name, so unresolved actors still count."""
    code, country, name = row[f"{role}_code"], row[f"{role}_country"], row[f"{role}_name"]
    order = (country, code, name) if by == "country" else (code, country, name)
    for v in order:
        if isinstance(v, str) and v:
            return v
    return None


class EventDB:
    """Read-only analysis view over an event database (path, postgresql:// URL or a store)."""

    def __init__(self, db: str | EventSource, page_size: int = 5000) -> None:
        self._store, self._owned = open_events_db(db)
        self._page = page_size

    # context manager, so notebooks can `with tidings.open(db) as edb:`
    def __enter__(self) -> EventDB:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owned:
            getattr(self._store, "close", lambda: None)()
            self._owned = False

    def stats(self) -> dict[str, Any]:
        """The store's own summary (article, event and mention counts...)."""
        fn = getattr(self._store, "stats", None)
        return dict(fn()) if fn else {}

    # ------------------------------------------------------------------ rows

    def iter_rows(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Flat rows of matching merged events, streamed a page at a time."""
        for ev in iter_events(self._store, page_size=self._page, **filters):
            yield flat_row(ev)

    def events(self, source: str | None = None, target: str | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               modality: str | None = "asserted", **filters: Any) -> Any:
        """Matching merged events as a DataFrame with the flat export columns; ``day`` is a
        datetime (NaT when unknown).  Other ``Store.events`` keywords pass through."""
        import pandas as pd
        rows = list(self.iter_rows(source=source, target=target, type=type, since=since,
                                   until=until, modality=modality, **filters))
        df = pd.DataFrame(rows, columns=list(FLAT_COLUMNS))
        df["day"] = pd.to_datetime(df["day"], errors="coerce", format="%Y-%m-%d")
        for c in ("goldstein", "lat", "lon", "confidence"):
            df[c] = pd.to_numeric(df[c], errors="coerce")
        for c in ("quad_class", "num_mentions", "num_articles", "num_sources"):
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
        return df

    def known_actor(self, actor: str) -> bool:
        """Whether any stored event (any modality) has ``actor`` as source or target."""
        return any(self._store.events(**{role: actor, "limit": 1, "offset": 0})
                   for role in ("source", "target"))

    def _require_actors(self, *actors: str) -> None:
        """Raise E042 for an actor no event mentions: most likely a typo, not a quiet dyad."""
        for a in actors:
            if not self.known_actor(a):
                raise TidingsError("E042", value=a)

    # ------------------------------------------------------------------ series

    @staticmethod
    def _periods(df: Any, freq: str) -> Any:
        """Each row's period start (Timestamp) at ``freq``."""
        return df["day"].dt.to_period(freq).dt.start_time

    @staticmethod
    def _full_index(stamps: Any, freq: str) -> Any:
        """Every period from the first to the last, so gaps show as zero counts."""
        import pandas as pd
        if len(stamps) == 0:
            return pd.DatetimeIndex([], name="period")
        rng = pd.period_range(stamps.min(), stamps.max(), freq=freq)
        return pd.DatetimeIndex(rng.start_time, name="period")

    def dyad(self, a: str, b: str, freq: str = "D", directed: bool = False,
             modality: str | None = "asserted", **filters: Any) -> Any:
        """Events between actors ``a`` and ``b`` per period: ``events`` (count) and
        ``goldstein`` (mean); undirected also splits ``a_to_b`` / ``b_to_a`` counts."""
        import pandas as pd
        _check(freq, FREQS, "freq")
        fwd = self.events(source=a, target=b, modality=modality, **filters)
        fwd["direction"] = "a_to_b"
        parts = [fwd]
        if not directed:
            rev = self.events(source=b, target=a, modality=modality, **filters)
            rev["direction"] = "b_to_a"
            parts.append(rev[~rev["id"].isin(fwd["id"])])
        df = pd.concat(parts, ignore_index=True) if len(parts) > 1 else fwd
        if not len(df):
            self._require_actors(a, b)
        df = df[df["day"].notna()]
        df = df.assign(period=self._periods(df, freq))
        g = df.groupby("period")
        out = pd.DataFrame({"events": g.size(), "goldstein": g["goldstein"].mean()})
        if not directed:
            for d in ("a_to_b", "b_to_a"):
                out[d] = df[df["direction"] == d].groupby("period").size()
        out = out.reindex(self._full_index(df["period"], freq))
        count_cols = [c for c in out.columns if c != "goldstein"]
        out[count_cols] = out[count_cols].fillna(0).astype(int)
        out.index.name = "period"
        return out

    def quad_series(self, freq: str = "M", source: str | None = None,
                    target: str | None = None, modality: str | None = "asserted",
                    **filters: Any) -> Any:
        """QuadClass counts per period: columns verbal_coop, material_coop, verbal_conflict,
        material_conflict (QuadClass 1-4)."""
        import pandas as pd
        _check(freq, FREQS, "freq")
        df = self.events(source=source, target=target, modality=modality, **filters)
        df = df[df["day"].notna() & df["quad_class"].notna()]
        df = df.assign(period=self._periods(df, freq))
        out = (df.groupby(["period", "quad_class"]).size().unstack(fill_value=0)
               if len(df) else pd.DataFrame())
        out = out.reindex(columns=list(QUAD_NAMES), fill_value=0)
        out = out.reindex(self._full_index(df["period"], freq), fill_value=0)
        out.columns = [QUAD_NAMES[int(c)] for c in out.columns]
        out.index.name = "period"
        return out.astype(int)

    # ------------------------------------------------------------------ actors

    def top_actors(self, n: int = 10, role: str = "source", by: str = "actor",
                   modality: str | None = "asserted", **filters: Any) -> Any:
        """The ``n`` actors in most events as ``role`` (source, target or any): columns actor,
        name, country, events, goldstein (mean).  An event counts once per actor."""
        import pandas as pd
        _check(role, ROLES, "role")
        _check(by, NODE_KEYS, "by")
        df = self.events(modality=modality, **filters)
        roles = ("source", "target") if role == "any" else (role,)
        parts = [pd.DataFrame({"id": df["id"], "actor": self._key_column(df, r, by),
                               "name": df[f"{r}_name"], "country": df[f"{r}_country"],
                               "goldstein": df["goldstein"]}) for r in roles]
        cols = ["actor", "name", "country", "events", "goldstein"]
        a = pd.concat(parts, ignore_index=True).dropna(subset=["actor"])
        if not len(a):
            return pd.DataFrame(columns=cols)
        a = a.drop_duplicates(["id", "actor"])
        g = a.groupby("actor")
        out = pd.DataFrame({"name": g["name"].first(), "country": g["country"].first(),
                            "events": g.size(), "goldstein": g["goldstein"].mean()}
                           ).reset_index()
        out = out.sort_values(["events", "actor"], ascending=[False, True]).head(n)
        return out[cols].reset_index(drop=True)

    @staticmethod
    def _key_column(df: Any, role: str, by: str) -> Any:
        """:func:`actor_key` for a whole frame at once."""
        order = ("country", "code", "name") if by == "country" else ("code", "country", "name")
        cols = [df[f"{role}_{c}"] for c in order]
        key = cols[0].mask(cols[0] == "")
        for c in cols[1:]:
            key = key.fillna(c.mask(c == ""))
        return key

    def network(self, since: str | None = None, until: str | None = None, by: str = "country",
                modality: str | None = "asserted", **filters: Any) -> Any:
        """Directed actor network: nodes are countries (``by="country"``, falling back to the
        actor code) or actor codes; edge ``count``, mean ``goldstein`` and ``quad1``-``quad4``
        counts; node ``events`` (in any role) and ``name``.  Events lacking either actor are
        left out (no dyad)."""
        import networkx as nx
        _check(by, NODE_KEYS, "by")
        graph = nx.DiGraph()
        sums: dict[tuple[str, str], list[float]] = {}
        for row in self.iter_rows(since=since, until=until, modality=modality, **filters):
            s, t = actor_key(row, "source", by), actor_key(row, "target", by)
            if not s or not t:
                continue
            for key, r in ((s, "source"), (t, "target")):
                if key not in graph:
                    graph.add_node(key, name=row[f"{r}_name"] or key, events=0)
            graph.nodes[s]["events"] += 1
            if t != s:
                graph.nodes[t]["events"] += 1
            if not graph.has_edge(s, t):
                graph.add_edge(s, t, count=0, goldstein=None,
                               **{f"quad{q}": 0 for q in QUAD_NAMES})
            e = graph.edges[s, t]
            e["count"] += 1
            if row["quad_class"] in QUAD_NAMES:
                e[f"quad{row['quad_class']}"] += 1
            if row["goldstein"] is not None:
                sums.setdefault((s, t), []).append(float(row["goldstein"]))
        for (s, t), vals in sums.items():
            graph.edges[s, t]["goldstein"] = round(sum(vals) / len(vals), 3)
        return graph


def edge_table(graph: Any) -> Any:
    """A network's edges as a DataFrame (source, target, count, goldstein, quad1-4)."""
    import pandas as pd
    cols = ["source", "target", "count", "goldstein"] + [f"quad{q}" for q in QUAD_NAMES]
    rows = [{"source": s, "target": t, **d} for s, t, d in graph.edges(data=True)]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["count", "source", "target"], ascending=[False, True, True]
                          ).reset_index(drop=True)


# ---------------------------------------------------------------------------- rendering

def series_png(df: Any, path: str, title: str, columns: list[str] | None = None) -> None:
    """A PNG chart of a period-indexed frame: stacked bars of count ``columns`` and, when the
    frame has ``goldstein``, its mean on a second panel.  Written atomically."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cols = columns or [c for c in df.columns if c != "goldstein"]
    has_g = "goldstein" in df.columns
    fig, axes = plt.subplots(2 if has_g else 1, 1, figsize=(9, 6 if has_g else 4),
                             sharex=True, squeeze=False)
    ax = axes[0][0]
    x = list(range(len(df)))
    bottom = [0.0] * len(df)
    for c in cols:
        vals = [float(v) for v in df[c].fillna(0)]
        ax.bar(x, vals, bottom=bottom, label=c)
        bottom = [b + v for b, v in zip(bottom, vals)]
    ax.set_ylabel("events")
    ax.set_title(title)
    if len(cols) > 1:
        ax.legend(fontsize="small")
    if has_g:
        g = axes[1][0]
        g.plot(x, df["goldstein"].astype(float), marker="o")
        g.axhline(0, color="grey", linewidth=0.8)
        g.set_ylim(-10.5, 10.5)
        g.set_ylabel("mean Goldstein")
    last = axes[-1][0]
    step = max(1, len(df) // 12)
    last.set_xticks(x[::step])
    last.set_xticklabels([p.strftime("%Y-%m-%d") for p in df.index[::step]], rotation=45,
                         ha="right", fontsize="small")
    if not len(df):
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    try:
        with atomic_output(path, binary=True) as fh:
            fig.savefig(fh, format="png", dpi=100)
    finally:
        plt.close(fig)


def _edge_colour(goldstein: float | None) -> str:
    """Red for conflict, green for cooperation, grey when unknown or neutral."""
    if goldstein is None or abs(goldstein) < 0.5:
        return "#888888"
    return "#c0392b" if goldstein < 0 else "#27ae60"


def _edge_path(a: tuple[float, float], b: tuple[float, float], ra: float, rb: float) -> str:
    """SVG path for a directed edge: bent to its right so A->B and B->A do not overlap, and
    trimmed to the node circles so the arrow head touches the target; a self-loop (domestic
    events, USA->USA) is a small loop above the node."""
    (x1, y1), (x2, y2) = a, b
    if math.hypot(x2 - x1, y2 - y1) < 1e-6:
        return (f"M{x1 - ra / 2:.1f},{y1 - ra:.1f} C{x1 - 3 * ra:.1f},{y1 - 4 * ra:.1f} "
                f"{x1 + 3 * ra:.1f},{y1 - 4 * ra:.1f} {x1 + ra / 2:.1f},{y1 - ra:.1f}")
    dx, dy = x2 - x1, y2 - y1
    # control point: the midpoint pushed sideways by 15% of the length
    cx, cy = (x1 + x2) / 2 - dy * 0.15, (y1 + y2) / 2 + dx * 0.15

    def toward(px_: float, py_: float, qx: float, qy: float, r: float) -> tuple[float, float]:
        d = math.hypot(qx - px_, qy - py_) or 1.0
        return px_ + (qx - px_) * r / d, py_ + (qy - py_) * r / d

    sx, sy = toward(x1, y1, cx, cy, ra)
    ex, ey = toward(x2, y2, cx, cy, rb + 2)
    return f"M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}"


def network_html(graph: Any, title: str = "tidings event network", width: int = 900,
                 height: int = 650) -> str:
    """The network as one self-contained HTML page: inline SVG (no scripts, no external
    links), edges coloured by mean Goldstein and sized by count, hover titles with figures."""
    import networkx as nx
    esc = html.escape
    pad = 60
    pos = nx.spring_layout(graph, seed=7) if len(graph) else {}
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]

    def px(node: str) -> tuple[float, float]:
        x, y = pos[node]
        sx = (x - min(xs)) / ((max(xs) - min(xs)) or 1)
        sy = (y - min(ys)) / ((max(ys) - min(ys)) or 1)
        return pad + sx * (width - 2 * pad), pad + sy * (height - 2 * pad)

    biggest = max((d.get("events", 1) for _, d in graph.nodes(data=True)), default=1)
    radius = {n: 6 + 14 * math.sqrt(d.get("events", 1) / biggest)
              for n, d in graph.nodes(data=True)}
    top = max((d.get("count", 1) for _, _, d in graph.edges(data=True)), default=1)
    parts = []
    for s, t, d in graph.edges(data=True):
        w = 1 + 5 * math.log1p(d.get("count", 1)) / math.log1p(top)
        tip = (f"{s} \u2192 {t}: {d.get('count', 0)} event(s), mean Goldstein "
               f"{d.get('goldstein')}")
        parts.append(f'<path class="edge" d="{_edge_path(px(s), px(t), radius[s], radius[t])}" '
                     f'stroke="{_edge_colour(d.get("goldstein"))}" stroke-width="{w:.1f}" '
                     f'marker-end="url(#arrow)"><title>{esc(tip)}</title></path>')
    for n, d in graph.nodes(data=True):
        x, y = px(n)
        r = radius[n]
        tip = f"{d.get('name') or n} ({n}): {d.get('events', 0)} event(s)"
        parts.append(f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
                     f'<title>{esc(tip)}</title></circle>'
                     f'<text x="{x:.1f}" y="{y - r - 4:.1f}">{esc(str(n))}</text></g>')
    empty = '' if len(graph) else (f'<text x="{width / 2}" y="{height / 2}">'
                                   'no events to draw</text>')
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}</title><style>"
        "body{font-family:sans-serif;margin:1em}"
        "svg{border:1px solid #ddd;background:#fff}"
        ".node circle{fill:#4a6fa5;stroke:#fff;stroke-width:1.5}"
        ".node:hover circle{fill:#f39c12}"
        "text{font-size:12px;text-anchor:middle;fill:#222}"
        ".edge{fill:none;stroke-opacity:0.75}.edge:hover{stroke-opacity:1}"
        "</style></head><body>"
        f"<h1>{esc(title)}</h1>"
        f"<p>{graph.number_of_nodes()} actors, {graph.number_of_edges()} directed dyads. "
        "Edge colour: mean Goldstein (red conflict, green cooperation); width: event count."
        "</p>"
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" '
        'fill="#555"/></marker></defs>'
        + "".join(parts) + empty + "</svg></body></html>\n")


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_output(path) as fh:
        fh.write(text)
