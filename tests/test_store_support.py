"""Builders of contract article records for the store tests, and a store as an older release
wrote it (no tests here).

Records are built by hand so the store and the cross-article clustering can be tested before the
event coder is finished; every field follows shared/spec/records.md.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

COUNTRIES = {"USA": "United States", "IRN": "Iran", "IRQ": "Iraq", "ZAF": "South Africa",
             "FRA": "France", "RUS": "Russia", "UKR": "Ukraine"}


def actor(code: str | None) -> dict[str, Any] | None:
    """An Actor dict from a CAMEO code; the first three letters are the country."""
    if code is None:
        return None
    country = code[:3] if code[:3] in COUNTRIES else None
    sector = [code[3:6]] if len(code) >= 6 else []
    return {"text": code, "name": COUNTRIES.get(code[:3], code), "code": code,
            "country": country, "sector": sector, "kb_id": None}


def place(name: str, country: str, lat: float | None = None, lon: float | None = None,
          feature: str = "city") -> dict[str, Any]:
    return {"start": 0, "end": len(name), "text": name, "name": name, "country": country,
            "admin1": None, "lat": lat, "lon": lon, "geonames_id": None, "feature": feature}


def event(article_id: str, n: int, type: str, source: str | None, target: str | None,
          date: str | None, evidence: str, granularity: str = "day", modality: str = "asserted",
          confidence: float = 0.6, location: dict[str, Any] | None = None,
          date_source: str = "text") -> dict[str, Any]:
    return {"id": f"e{article_id}-{n}", "article_id": article_id, "type": type, "mode": None,
            "context": [], "cameo": None, "goldstein": None, "quad_class": None,
            "source": actor(source), "target": actor(target), "date": date,
            "date_granularity": granularity if date else None,
            "date_source": date_source if date else None, "location": location,
            "modality": modality, "evidence": {"start": 0, "end": len(evidence), "text": evidence},
            "quote": None, "confidence": confidence}


def article(id: str, text: str, published: str | None, outlet: str | None,
            events: list[dict[str, Any]] | None = None, title: str | None = None) -> dict[str, Any]:
    return {"id": id, "outlet": outlet, "url": None, "title": title or f"Title of {id}",
            "published": published, "text": text,
            "mentions": [{"start": 0, "end": 4, "text": "Iran", "actor": actor("IRN")}],
            "timexes": [], "places": [], "quotes": [], "events": events or []}


def strike_article(id: str, outlet: str, published: str, date: str, text: str,
                   confidence: float = 0.6) -> dict[str, Any]:
    """An article reporting the US strike on an Iranian target (the running example)."""
    return article(id, text, published, outlet,
                   [event(id, 0, "ASSAULT", "USAMIL", "IRNMIL", date, text[:60],
                          confidence=confidence)])


def filler_text(seed: int, words: int = 60) -> str:
    """A distinct, deterministic text (so articles are not near-duplicates of each other)."""
    vocab = ("harbour ministry council rain lorry grain tariff border vote senate bridge rally "
             "court budget railway clinic market winter drought pipeline envoy summit ferry "
             "mayor factory treaty census river airport school tower garden").split()
    rng = random.Random(seed)
    out = [rng.choice(vocab) for _ in range(words)]
    return f"Report number {seed}: " + " ".join(out) + "."



@contextmanager
def store_at_version(url: str, version: int) -> Iterator[Any]:
    """``open_store(url)`` as a tidings that ships only the first ``version`` schema migrations,
    to write what an older release wrote; the shipped migrations are back afterwards."""
    import tidings.store as store_mod

    shipped = store_mod._migrations
    store_mod._migrations = lambda d: shipped(d)[:version]
    try:
        with store_mod.open_store(url) as st:
            assert st.stats()["schema_version"] == version
            yield st
    finally:
        store_mod._migrations = shipped
