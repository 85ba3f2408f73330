"""A small event database for export and analysis tests (no tests here, only helpers and the
``store`` and ``cli_db`` fixtures, which a test module imports to use).

The articles are contract article records written for these tests (own sentences, no published
text).  ``make_store(path)`` loads them into ``tidings.store``.

Known facts the tests check:
- the USA->IRN SANCTION (CAMEO 163, Goldstein -8, quad 4) on 2020-01-10 is reported by two
  articles from two outlets: one merged event with num_mentions 2, num_articles 2, num_sources 2;
- IRQ->USA CONSULT (040, +1, quad 1) on 2020-01-09 in Baghdad;
- IRN->USA THREATEN (138, -7, quad 3) dated only "2020-02" (month), published 2020-02-03;
- IRN->USA ACCUSE (112, -2, quad 3) on 2020-02-03, negated (excluded from asserted queries);
- GBR->IRN CONSULT (040, +1, quad 1) on 2020-03-15, with no location.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tidings.records import stable_id
from tidings.store import open_store


def actor(code: str, country: str | None, name: str, sector: list[str],
          text: str | None = None) -> dict[str, Any]:
    return {"text": text or name, "name": name, "code": code, "country": country,
            "sector": sector, "kb_id": None}


USA = actor("USAGOV", "USA", "United States", ["GOV"], "Washington")
IRN = actor("IRNGOV", "IRN", "Iran", ["GOV"], "Tehran")
IRQ = actor("IRQGOV", "IRQ", "Iraq", ["GOV"], "Baghdad")
GBR = actor("GBRGOV", "GBR", "United Kingdom", ["GOV", "ELI"], "London")

TEHRAN = {"start": 0, "end": 0, "text": "Tehran", "name": "Tehran", "country": "IRN",
          "admin1": "26", "lat": 35.6944, "lon": 51.4215, "geonames_id": "112931",
          "feature": "city"}
BAGHDAD = {"start": 0, "end": 0, "text": "Baghdad", "name": "Baghdad", "country": "IRQ",
           "admin1": "07", "lat": 33.3406, "lon": 44.4009, "geonames_id": "98182",
           "feature": "city"}


def _event(art_id: str, text: str, sentence: str, etype: str, cameo: str, gold: float,
           quad: int, src: dict[str, Any], tgt: dict[str, Any], date: str, gran: str,
           loc: dict[str, Any] | None, modality: str = "asserted", mode: str | None = None,
           context: list[str] | None = None, confidence: float = 0.8) -> dict[str, Any]:
    start = text.index(sentence)
    place = None
    if loc is not None:
        ps = text.find(loc["text"])
        place = dict(loc, start=ps, end=ps + len(loc["text"]))
    return {
        "id": "e" + stable_id(art_id, etype, str(start)), "article_id": art_id, "type": etype,
        "mode": mode, "context": context or [], "cameo": cameo, "goldstein": gold,
        "quad_class": quad, "source": src, "target": tgt, "date": date,
        "date_granularity": gran, "date_source": "text", "location": place,
        "modality": modality,
        "evidence": {"start": start, "end": start + len(sentence), "text": sentence},
        "quote": None, "confidence": confidence,
    }


def _article(aid: str, outlet: str, published: str, sentences: list[str],
             specs: list[tuple[Any, ...]]) -> dict[str, Any]:
    text = " ".join(sentences)
    events = [_event(aid, text, sentences[i], *rest) for i, *rest in specs]
    return {"id": aid, "outlet": outlet, "url": f"https://news.example.org/{aid}",
            "title": sentences[0][:40], "published": published, "text": text,
            "mentions": [], "timexes": [], "places": [], "quotes": [], "events": events}


def articles() -> list[dict[str, Any]]:
    """Four coded articles (contract records) with the events listed in the module doc."""
    a1 = _article("art-1", "Daily Test", "2020-01-10", [
        "The United States imposed sanctions on Iran on Friday, officials in Tehran said.",
        "Separately, Iraqi officials consulted Washington in Baghdad on Thursday.",
    ], [(0, "SANCTION", "163", -8.0, 4, USA, IRN, "2020-01-10", "day", TEHRAN, "asserted",
         None, ["economic"]),
        (1, "CONSULT", "040", 1.0, 1, IRQ, USA, "2020-01-09", "day", BAGHDAD)])
    # long filler first, so this mention is not in the lead
    filler = "Markets were calm for most of the week. " * 12
    a2 = _article("art-2", "Other Wire", "2020-01-11", [
        filler.strip(),
        "Washington imposed new sanctions on Iran on Friday, according to Tehran.",
    ], [(1, "SANCTION", "163", -8.0, 4, USA, IRN, "2020-01-10", "day", TEHRAN, "asserted",
         None, ["economic"], 0.9)])
    a3 = _article("art-3", "Daily Test", "2020-02-03", [
        "Iran threatened the United States with retaliation this month.",
        "Tehran did not accuse Washington of the attack on Monday.",
    ], [(0, "THREATEN", "138", -7.0, 3, IRN, USA, "2020-02", "month", None),
        (1, "ACCUSE", "112", -2.0, 3, IRN, USA, "2020-02-03", "day", None, "negated")])
    a4 = _article("art-4", "Third Post", "2020-03-15", [
        "British ministers held talks with Iranian envoys on Sunday.",
    ], [(0, "CONSULT", "040", 1.0, 1, GBR, IRN, "2020-03-15", "day", None)])
    return [a1, a2, a3, a4]


def make_store(path: str) -> Any:
    """The real store at ``path`` loaded with :func:`articles`."""
    store = open_store(path)
    for rec in articles():
        store.add_article(rec)
    return store


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Any]:
    """:func:`make_store` in the test's own folder, closed afterwards."""
    st = make_store(str(tmp_path / "events.db"))
    yield st
    st.close()


@pytest.fixture()
def cli_db(store: Any, tmp_path: Path) -> str:
    """The path of the :func:`store` fixture's database, for the CLI to open."""
    return str(tmp_path / "events.db")
