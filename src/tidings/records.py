"""Typed records that flow through the pipeline.

The field names and meanings of the output records are fixed by the record contract
(``shared/spec/records.md``).  Every record has ``to_dict()`` giving exactly the contract's JSON
shape (plus any extra fields we add; extra fields never rename or change a contract field).

Data flows one way: ``read`` builds an :class:`Article`; the pipeline wraps it in a
:class:`Document`; each stage reads what earlier stages wrote and adds its own part.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES: tuple[str, ...] = ("asserted", "negated", "hypothetical", "future", "historical")


def stable_id(*parts: str, length: int = 16) -> str:
    """A short, deterministic id from text parts (sha1 hex prefix)."""
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return h[:length]


@dataclass
class Article:
    """One input article.  ``text`` is what all offsets refer to."""

    text: str
    id: str = ""
    title: str | None = None
    published: str | None = None          # YYYY-MM-DD (or ISO datetime) or None
    outlet: str | None = None
    url: str | None = None
    # where published/outlet came from: "html", "feed", "header", "json", "flag" or None
    published_source: str | None = None
    outlet_source: str | None = None
    origin: str | None = None             # file name (and line) the article was read from

    def __post_init__(self) -> None:
        if not self.id:
            self.id = "a" + stable_id(self.title or "", self.text)

    @property
    def published_day(self) -> str | None:
        return self.published[:10] if self.published else None


@dataclass
class Actor:
    text: str
    name: str | None = None
    code: str | None = None
    country: str | None = None
    sector: list[str] = field(default_factory=list)
    kb_id: str | None = None
    kind: str | None = None               # country | igo | group | institution | person | sector
    # how the actor was resolved: {"rule": ..., "antecedent": ..., ...} (display / debugging)
    resolution: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text, "name": self.name, "code": self.code, "country": self.country,
            "sector": list(self.sector), "kb_id": self.kb_id,
        }
        if self.kind is not None:
            d["kind"] = self.kind
        if self.resolution is not None:
            d["resolution"] = self.resolution
        return d


@dataclass
class Mention:
    start: int
    end: int
    text: str
    actor: Actor

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "actor": self.actor.to_dict()}


@dataclass
class Timex:
    start: int
    end: int
    text: str
    type: str                     # DATE | TIME | DURATION | SET
    value: str
    granularity: str              # day | week | month | ... (see contract)
    # extra: the anchor rule used ("weekday-past", "explicit", ...)
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text,
                             "type": self.type, "value": self.value,
                             "granularity": self.granularity}
        if self.rule:
            d["rule"] = self.rule
        return d


@dataclass
class Place:
    start: int
    end: int
    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: str | None = None
    feature: str = "other"        # country | admin1 | city | other
    # the text names the place through an adjective or demonym ("Syrian forces", "Kurds")
    adjectival: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "name": self.name,
                "country": self.country, "admin1": self.admin1, "lat": self.lat,
                "lon": self.lon, "geonames_id": self.geonames_id, "feature": self.feature,
                "adjectival": self.adjectival}


@dataclass
class Quote:
    start: int
    end: int
    text: str
    kind: str                     # direct | indirect | mixed
    cue: str | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: Actor | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
                "cue": self.cue, "speaker_text": self.speaker_text,
                "speaker_start": self.speaker_start, "speaker_end": self.speaker_end,
                "speaker": self.speaker.to_dict() if self.speaker else None}


@dataclass
class Evidence:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Event:
    article_id: str
    type: str
    evidence: Evidence
    id: str = ""
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    cameo: str | None = None
    goldstein: float | None = None
    quad_class: int | None = None
    source: Actor | None = None
    target: Actor | None = None
    date: str | None = None
    date_granularity: str | None = None
    date_source: str | None = None        # "text" | "published"
    # extra: how a "text" date was reached when not from a time expression in the event's own
    # sentence ("continues-previous-sentence"); None otherwise
    date_rule: str | None = None
    location: Place | None = None
    # extra: "text" (a place tied to the event in its sentence) or "focus" (the article's
    # main place, when nothing in the sentence names one)
    location_source: str | None = None
    modality: str = "asserted"
    quote: int | None = None
    confidence: float = 0.5
    # extras (not in the contract but useful): trigger span and text, extra evidence spans
    trigger: Evidence | None = None
    other_evidence: list[Evidence] = field(default_factory=list)
    # which sentence of the article the event came from (index into the spaCy doc's sents)
    sentence: int | None = None
    # how it was coded: the lexicon entry ("impose/V[obj=sanction]") and any conversion rule
    rule: str | None = None

    def ensure_id(self) -> None:
        if not self.id:
            t = self.trigger or self.evidence
            self.id = "e" + stable_id(self.article_id, self.type, str(t.start), str(t.end),
                                      self.source.code or "" if self.source else "",
                                      self.target.code or "" if self.target else "")

    def to_dict(self) -> dict[str, Any]:
        self.ensure_id()
        d: dict[str, Any] = {
            "id": self.id, "article_id": self.article_id, "type": self.type, "mode": self.mode,
            "context": list(self.context), "cameo": self.cameo, "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "date": self.date, "date_granularity": self.date_granularity,
            "date_source": self.date_source,
            "location": self.location.to_dict() if self.location else None,
            "modality": self.modality, "evidence": self.evidence.to_dict(),
            "quote": self.quote, "confidence": round(float(self.confidence), 4),
        }
        if self.trigger is not None:
            d["trigger"] = self.trigger.to_dict()
        if self.other_evidence:
            d["other_evidence"] = [e.to_dict() for e in self.other_evidence]
        if self.rule:
            d["rule"] = self.rule
        if self.location_source:
            d["location_source"] = self.location_source
        if self.date_rule:
            d["date_rule"] = self.date_rule
        return d


@dataclass
class Document:
    """An article as it moves through the pipeline; each stage fills its own part."""

    article: Article
    doc: Any = None                       # spaCy Doc over article.text (set by the nlp stage)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    # free-form notes stages leave for later ones or for display (e.g. warnings)
    notes: list[str] = field(default_factory=list)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside the character span [start, end)."""
        return [m for m in self.mentions if m.start >= start and m.end <= end]

    def mention_at(self, start: int, end: int) -> Mention | None:
        """The longest mention overlapping the character span [start, end), if any."""
        best: Mention | None = None
        for m in self.mentions:
            if m.start < end and m.end > start:
                if best is None or (m.end - m.start) > (best.end - best.start):
                    best = m
        return best

    def trigger_token(self, ev: Event) -> Any:
        """The root token of the event's trigger in the spaCy Doc (None without a trigger)."""
        if ev.trigger is None or self.doc is None:
            return None
        span = self.doc.char_span(ev.trigger.start, ev.trigger.end, alignment_mode="expand")
        return span.root if span is not None else None

    def to_dict(self) -> dict[str, Any]:
        a = self.article
        for e in self.events:
            e.ensure_id()
        d: dict[str, Any] = {
            "id": a.id, "outlet": a.outlet, "url": a.url, "title": a.title,
            "published": a.published_day, "text": a.text,
            "mentions": [m.to_dict() for m in self.mentions],
            "timexes": [t.to_dict() for t in self.timexes],
            "places": [p.to_dict() for p in self.places],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
        }
        if a.published_source or a.outlet_source:
            d["metadata_source"] = {"published": a.published_source, "outlet": a.outlet_source}
        return d
