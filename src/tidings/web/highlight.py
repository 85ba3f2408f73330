"""Cut an article's text into marked segments: event evidence, actor mentions and quotes.

Why segments rather than nested tags: evidence spans of two events can overlap each other and a
mention or quote can straddle an evidence boundary, so nesting HTML tags cannot express them.
Splitting the text at every span boundary gives flat pieces, each carrying the set of spans that
cover it; the template renders each piece as one escaped ``<span>`` with classes from a fixed set
and the covering event ids in ``data-ev`` (the page's script highlights an event by those ids).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Segment:
    """A run of text covered by the same spans."""

    text: str
    events: list[str] = field(default_factory=list)      # event ids whose evidence covers it
    quad: int | None = None                              # QuadClass of the first such event
    mention: dict[str, Any] | None = None                # the actor mention covering it, if any
    mention_start: bool = False                          # first piece of that mention
    quote: bool = False                                  # inside a quote's content

    @property
    def classes(self) -> str:
        """CSS classes; only fixed names (never text from the article)."""
        out = ["seg"]
        if self.events:
            out += ["ev", f"q{self.quad}" if self.quad in (1, 2, 3, 4) else "q0"]
        if self.mention is not None:
            out.append("mention")
        if self.quote:
            out.append("quote")
        return " ".join(out)


def _span(obj: dict[str, Any] | None, n: int) -> tuple[int, int] | None:
    """A valid (start, end) inside a text of length ``n``, or None for a broken offset."""
    if not obj:
        return None
    s, e = obj.get("start"), obj.get("end")
    if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e <= n:
        return None
    return s, e


def segments(article: dict[str, Any]) -> list[Segment]:
    """The article text as consecutive segments (their texts join back to the article text)."""
    text = article.get("text") or ""
    n = len(text)
    evs = [(sp, ev) for ev in article.get("events") or []
           if (sp := _span(ev.get("evidence"), n))]
    ments = [(sp, m) for m in article.get("mentions") or [] if (sp := _span(m, n))]
    quotes = [sp for q in article.get("quotes") or [] if (sp := _span(q, n))]
    cuts = {0, n}
    for (s, e), _ in evs + ments:
        cuts.update((s, e))
    for s, e in quotes:
        cuts.update((s, e))
    points = sorted(cuts)
    out: list[Segment] = []
    for lo, hi in zip(points, points[1:]):
        covering = [ev for (s, e), ev in evs if s <= lo and hi <= e]
        mention = next((m for (s, e), m in ments if s <= lo and hi <= e), None)
        seg = Segment(text=text[lo:hi], events=[str(ev.get("id")) for ev in covering],
                      quad=covering[0].get("quad_class") if covering else None,
                      mention=mention, mention_start=mention is not None and mention["start"] == lo,
                      quote=any(s <= lo and hi <= e for s, e in quotes))
        out.append(seg)
    return out


def actors(article: dict[str, Any]) -> list[tuple[dict[str, Any], int]]:
    """Coded actors mentioned in the article with how often, most mentioned first."""
    seen: dict[str, tuple[dict[str, Any], int]] = {}
    for m in article.get("mentions") or []:
        a = m.get("actor") or {}
        if a.get("code"):
            prev = seen.get(a["code"])
            seen[a["code"]] = (prev[0] if prev else a, (prev[1] if prev else 0) + 1)
    return sorted(seen.values(), key=lambda t: (-t[1], t[0]["code"]))
