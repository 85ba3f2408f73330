"""Read queries behind the web views: validated filters, event pages, facets, dyad series,
actor summaries, the actor network and map points.

Why a module of its own: the pages and the JSON API must agree on what a filter means, so both go
through :class:`Filters` and the functions here.  Every read goes through the public
:class:`Store` API (events, counts and the aggregate methods facets, dyad_counts, dated_events,
counterparts, quotes_by_speaker, place_counts, country_counts), so the web runs no SQL of its
own and a filter means the same in the table, the facets, the charts and the exports.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..errors import TidingsError
from ..store import ORDERS, Store

SORTS: dict[str, str] = {k: k for k in ORDERS}
FREQS = ("day", "week", "month")
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation",
              3: "verbal conflict", 4: "material conflict"}
MAX_PER_PAGE = 500


def _modalities() -> tuple[str, ...]:
    from ..records import MODALITIES
    return tuple(MODALITIES)


def _types() -> tuple[str, ...]:
    from ..records import PLOVER_TYPES
    return tuple(PLOVER_TYPES)


def all_modes() -> tuple[str, ...]:
    """Every PLOVER mode of any type (suggestions for the mode filter)."""
    from .. import ontology
    return tuple(sorted({m for t in _types() for m in ontology.modes(t)}))


def _date(value: str, what: str) -> str:
    """A YYYY-MM-DD date or E007 (the same message the CLI gives)."""
    try:
        return _dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise TidingsError("E007", value=value, what=what) from None


def _code(value: str) -> str:
    """An actor/country code as the store matches it (letters and digits, upper case)."""
    return re.sub(r"[^A-Z0-9]", "", value.upper())


@dataclass
class Filters:
    """One events view's filter, parsed from (and written back to) the URL query."""

    source: str = ""
    target: str = ""
    country: str = ""
    type: str = ""
    mode: str = ""
    modality: str = ""
    since: str = ""
    until: str = ""
    outlet: str = ""
    min_confidence: str = ""
    q: str = ""

    @classmethod
    def parse(cls, params: Any) -> "Filters":
        """Validate query parameters; unknown values raise coded errors (shown as HTTP 400)."""
        raw = {f.name: str(params.get(f.name) or "").strip()[:200] for f in fields(cls)}
        f = cls(**raw)
        for k in ("source", "target", "country"):
            if getattr(f, k) and not _code(getattr(f, k)):
                raise TidingsError("E042", value=getattr(f, k))
            setattr(f, k, _code(getattr(f, k)))
        if f.type:
            f.type = f.type.upper()
            if f.type not in _types():
                raise TidingsError("E043", what="event type", value=f.type,
                                   choices=", ".join(_types()))
        if f.modality:
            f.modality = f.modality.lower()
            if f.modality not in _modalities():
                raise TidingsError("E043", what="modality", value=f.modality,
                                   choices=", ".join(_modalities()))
        for k in ("since", "until"):
            if getattr(f, k):
                setattr(f, k, _date(getattr(f, k), k))
        if f.min_confidence:
            try:
                c = float(f.min_confidence)
            except ValueError:
                c = -1.0
            if not 0.0 <= c <= 1.0:
                raise TidingsError("E043", what="minimum confidence", value=f.min_confidence,
                                   choices="a number from 0 to 1")
            f.min_confidence = f"{c:g}"
        return f

    def store_kwargs(self) -> dict[str, Any]:
        """The keywords Store.events understands."""
        kw: dict[str, Any] = {k: getattr(self, k) or None for k in (
            "source", "target", "country", "type", "modality", "since", "until", "mode",
            "outlet")}
        kw["text"] = self.q or None
        kw["min_confidence"] = float(self.min_confidence) if self.min_confidence else None
        return kw

    def query(self) -> dict[str, str]:
        """The non-empty fields, for building URLs that keep this filter."""
        return {k: v for k, v in asdict(self).items() if v}


def count(store: Store, f: Filters) -> int:
    """How many merged events match ``f``."""
    return store.count_events(**f.store_kwargs())


def events_page(store: Store, f: Filters, sort: str = "-date", page: int = 1,
                per_page: int = 50, total: int | None = None) -> dict[str, Any]:
    """One page of merged events plus the total (counted unless given), for the table and
    ``/api/events``."""
    if sort not in SORTS:
        raise TidingsError("E043", what="sort order", value=sort, choices=", ".join(SORTS))
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    if total is None:
        total = count(store, f)
    rows = store.events(**f.store_kwargs(), order=sort, limit=per_page,
                        offset=(page - 1) * per_page)
    pages = max(1, -(-total // per_page))
    return {"total": total, "page": page, "per_page": per_page, "pages": pages, "sort": sort,
            "events": rows}


def iter_all(store: Store, f: Filters, sort: str = "-date", batch: int = 2000,
             cap: int = 1_000_000) -> Any:
    """Every matching event, a batch at a time (downloads): by keyset cursor for the date
    orders (each batch reads only itself), by offset for the others."""
    if sort not in SORTS:
        raise TidingsError("E043", what="sort order", value=sort, choices=", ".join(SORTS))
    batch = max(1, min(batch, MAX_PER_PAGE))
    seen = 0
    after: str | None = None
    while seen < cap:
        if sort in ("date", "-date"):
            chunk = store.events(**f.store_kwargs(), order=sort, limit=batch, after=after)
        else:
            chunk = store.events(**f.store_kwargs(), order=sort, limit=batch, offset=seen)
        yield from chunk[:cap - seen]
        seen += len(chunk)
        if len(chunk) < batch:
            return
        after = chunk[-1]["id"]


def facets(store: Store, f: Filters, top: int | None = 12) -> dict[str, list[tuple[str, int]]]:
    """Counts of the filtered events by type, modality, countries and outlet (top values)."""
    return store.facets(top=top, **f.store_kwargs())


def flat(ev: dict[str, Any]) -> dict[str, Any]:
    """An event as one flat row (table, CSV download)."""
    src, tgt = ev.get("source") or {}, ev.get("target") or {}
    loc = ev.get("location") or {}
    return {
        "id": ev.get("id"), "date": ev.get("date"), "date_source": ev.get("date_source"),
        "type": ev.get("type"), "mode": ev.get("mode"), "cameo": ev.get("cameo"),
        "quad_class": ev.get("quad_class"), "goldstein": ev.get("goldstein"),
        "modality": ev.get("modality"),
        "source_code": src.get("code"), "source_name": src.get("name"),
        "source_country": src.get("country"),
        "target_code": tgt.get("code"), "target_name": tgt.get("name"),
        "target_country": tgt.get("country"),
        "location": loc.get("name"), "location_country": loc.get("country"),
        "confidence": ev.get("confidence"), "num_mentions": ev.get("num_mentions"),
        "num_sources": ev.get("num_sources"), "article_id": ev.get("article_id"),
        "evidence": (ev.get("evidence") or {}).get("text"),
    }


# ------------------------------------------------------------------ dyads and series

def period_start(day: str, freq: str) -> str:
    """The first day of the day/week (Monday)/month ``day`` falls in."""
    d = _dt.date.fromisoformat(day[:10])
    if freq == "week":
        d -= _dt.timedelta(days=d.weekday())
    elif freq == "month":
        d = d.replace(day=1)
    return d.isoformat()


def _next_period(day: str, freq: str) -> str:
    d = _dt.date.fromisoformat(day)
    if freq == "day":
        return (d + _dt.timedelta(days=1)).isoformat()
    if freq == "week":
        return (d + _dt.timedelta(days=7)).isoformat()
    return (d.replace(day=28) + _dt.timedelta(days=4)).replace(day=1).isoformat()


def dyad_series(store: Store, a: str, b: str, freq: str = "month", directed: bool = False,
                f: Filters | None = None, max_periods: int = 2000) -> dict[str, Any]:
    """Events between ``a`` and ``b`` per period: count, A->B, B->A and mean Goldstein.

    Periods with no events are listed with zero counts (and no mean) so gaps show on the chart.
    """
    if freq not in FREQS:
        raise TidingsError("E043", what="period", value=freq, choices=", ".join(FREQS))
    a, b = _code(a), _code(b)
    for v in (a, b):
        if not v:
            raise TidingsError("E042", value=v)
    base = f or Filters()
    rows: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    directions = [("a_to_b", a, b)] + ([] if directed else [("b_to_a", b, a)])
    for label, s, t in directions:
        g = Filters(**{**asdict(base), "source": s, "target": t})
        for r in store.dated_events(**g.store_kwargs()):
            if r["id"] in seen:
                continue
            seen.add(r["id"])
            p = rows.setdefault(period_start(r["date_lo"], freq),
                                {"events": 0, "a_to_b": 0, "b_to_a": 0, "gsum": 0.0, "gn": 0})
            p["events"] += 1
            p[label] += 1
            if r["goldstein"] is not None:
                p["gsum"] += float(r["goldstein"])
                p["gn"] += 1
    return {"a": a, "b": b, "freq": freq, "directed": directed,
            "periods": _fill(rows, freq, max_periods)}


def _fill(rows: dict[str, dict[str, Any]], freq: str, max_periods: int) -> list[dict[str, Any]]:
    """Periods from first to last with gaps as zeros (capped so a typo'd range stays small)."""
    if not rows:
        return []
    out = []
    cur, last = min(rows), max(rows)
    while cur <= last and len(out) < max_periods:
        p = rows.get(cur, {"events": 0, "a_to_b": 0, "b_to_a": 0, "gsum": 0.0, "gn": 0})
        out.append({"period": cur, "events": p["events"], "a_to_b": p["a_to_b"],
                    "b_to_a": p["b_to_a"],
                    "goldstein": round(p["gsum"] / p["gn"], 3) if p["gn"] else None})
        cur = _next_period(cur, freq)
    return out


# ------------------------------------------------------------------ actors

def actor_summary(store: Store, code: str, limit: int = 25) -> dict[str, Any]:
    """An actor's page: counts and latest events as source and target, counterparts, quotes."""
    code = _code(code)
    if not code:
        raise TidingsError("E042", value=code)
    out: dict[str, Any] = {"code": code}
    for role, other in (("source", "target"), ("target", "source")):
        out[f"n_as_{role}"] = store.count_events(**{role: code})
        out[f"as_{role}"] = store.events(**{role: code}, limit=limit, order="-date")
        out[f"{other}s"] = store.counterparts(role, code, limit=20)
    out["name"] = _actor_name(out, code)
    out["quotes"] = quotes_by(store, code, limit)
    return out


def _actor_name(summary: dict[str, Any], code: str) -> str:
    """The canonical name the coded events give the actor (the code when none does)."""
    for role in ("source", "target"):
        for ev in summary[f"as_{role}"]:
            a = ev.get(role) or {}
            if a.get("code") == code and a.get("name"):
                return str(a["name"])
    return code


def quotes_by(store: Store, code: str, limit: int = 25) -> list[dict[str, Any]]:
    """Quotes whose speaker is ``code`` (or an actor code starting with it / its country)."""
    out = []
    for r in store.quotes_by_speaker(code, limit):
        q = r["record"]
        out.append({"article_id": r["article_id"], "title": r["title"],
                    "published": r["published"], "text": q.get("text"), "kind": q.get("kind"),
                    "speaker": (q.get("speaker") or {}).get("name") or q.get("speaker_text")})
    return out


# ------------------------------------------------------------------ network and map

def network(store: Store, f: Filters, top: int = 30) -> dict[str, Any]:
    """Directed country (or actor) dyads with counts and mean Goldstein, the ``top`` busiest
    nodes only (a readable picture, not a hairball)."""
    rows = store.dyad_counts(**f.store_kwargs())
    weight: dict[str, int] = {}
    for r in rows:
        weight[r["s"]] = weight.get(r["s"], 0) + int(r["n"])
        if r["t"] != r["s"]:
            weight[r["t"]] = weight.get(r["t"], 0) + int(r["n"])
    nodes = sorted(weight, key=lambda k: (-weight[k], k))[:top]
    keep = set(nodes)
    edges = [{"source": r["s"], "target": r["t"], "count": int(r["n"]),
              "goldstein": round(float(r["g"]), 3) if r["g"] is not None else None}
             for r in rows if r["s"] in keep and r["t"] in keep]
    return {"nodes": [{"id": n, "events": weight[n]} for n in nodes], "edges": edges}


def map_points(store: Store, f: Filters, top: int = 300) -> dict[str, Any]:
    """Event counts per place with coordinates (city/admin1) and per location country."""
    kw = f.store_kwargs()
    return {"places": store.place_counts(top, **kw), "countries": store.country_counts(**kw)}
