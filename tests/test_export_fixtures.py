"""A small event database for export and analysis tests (no tests here, only helpers and the
``store`` and ``cli_db`` fixtures, which a test module imports to use).

The articles are contract article records written for these tests (own sentences, no published
text).  ``make_store(path)`` loads them into the real ``tidings.store`` when it is importable;
otherwise (or with ``TIDINGS_TEST_FAKE_STORE=1``) into :class:`FakeStore`, a tiny in-memory
stand-in that merges mentions with the same type, CAMEO code, actors and date the way the
store's API describes, so the tests state what a merge must produce either way.

Known facts the tests check:
- the USA->IRN SANCTION (CAMEO 163, Goldstein -8, quad 4) on 2020-01-10 is reported by two
  articles from two outlets: one merged event with num_mentions 2, num_articles 2, num_sources 2;
- IRQ->USA CONSULT (040, +1, quad 1) on 2020-01-09 in Baghdad;
- IRN->USA THREATEN (138, -7, quad 3) dated only "2020-02" (month), published 2020-02-03;
- IRN->USA ACCUSE (112, -2, quad 3) on 2020-02-03, negated (excluded from asserted queries);
- GBR->IRN CONSULT (040, +1, quad 1) on 2020-03-15, with no location.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tidings.records import stable_id


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


# --------------------------------------------------------------------------- fake store

def _matches(a: dict[str, Any] | None, want: str) -> bool:
    """The store's actor filter: a CAMEO code prefix, or a 3-letter ISO3 country."""
    if not a:
        return False
    w = want.upper()
    if (a.get("code") or "").upper().startswith(w):
        return True
    return len(w) == 3 and w.isalpha() and (a.get("country") or "").upper() == w


class FakeStore:
    """In-memory stand-in for ``tidings.store.Store`` with the documented query API."""

    def __init__(self) -> None:
        self._articles: dict[str, dict[str, Any]] = {}

    def __enter__(self) -> FakeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pass

    def add_article(self, record: dict[str, Any]) -> bool:
        if record["id"] in self._articles:
            return False
        self._articles[record["id"]] = record
        return True

    def article(self, id: str) -> dict[str, Any] | None:
        return self._articles.get(id)

    def _raw(self) -> list[dict[str, Any]]:
        out = []
        for art in self._articles.values():
            for ev in art["events"]:
                out.append(dict(ev, _published=art["published"], _outlet=art["outlet"]))
        return out

    def _merged(self) -> list[dict[str, Any]]:
        groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for ev in self._raw():
            key = (ev["type"], ev["cameo"], (ev["source"] or {}).get("code"),
                   (ev["target"] or {}).get("code"), ev["date"], ev["modality"])
            groups.setdefault(key, []).append(ev)
        merged = []
        for evs in groups.values():
            best = max(evs, key=lambda e: e["confidence"])
            pubs = sorted(e["_published"] for e in evs)
            m = {k: v for k, v in best.items() if not k.startswith("_") and k != "article_id"}
            m.update(id="m" + stable_id(*sorted(e["id"] for e in evs)),
                     num_mentions=len(evs), num_articles=len({e["article_id"] for e in evs}),
                     num_sources=len({e["_outlet"] for e in evs}),
                     first_seen=pubs[0], last_seen=pubs[-1],
                     mentions=[{"article_id": e["article_id"], "event_id": e["id"],
                                "evidence": e["evidence"]} for e in evs])
            merged.append(m)
        return merged

    def events(self, source: str | None = None, target: str | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               modality: str | None = None, country: str | None = None,
               text: str | None = None, min_confidence: float | None = None,
               limit: int | None = None, offset: int = 0, order: str = "date",
               merged: bool = True) -> list[dict[str, Any]]:
        evs = self._merged() if merged else [
            {k: v for k, v in e.items() if not k.startswith("_")} for e in self._raw()]
        out = []
        for e in evs:
            day = e["date"] or ""
            if source and not _matches(e["source"], source):
                continue
            if target and not _matches(e["target"], target):
                continue
            if type and e["type"] != type.upper():
                continue
            if since and day < since:
                continue
            if until and day[:len(until)] > until:
                continue
            if modality and e["modality"] != modality:
                continue
            if min_confidence is not None and e["confidence"] < min_confidence:
                continue
            if country and not (_matches(e["source"], country)
                                or _matches(e["target"], country)):
                continue
            if text and text.lower() not in e["evidence"]["text"].lower():
                continue
            out.append(e)
        out.sort(key=lambda e: (e["date"] or "", e["id"]))
        end = None if limit is None else offset + limit
        return out[offset:end]

    def count_events(self, **kw: Any) -> int:
        return len(self.events(**kw))

    def stats(self) -> dict[str, Any]:
        return {"articles": len(self._articles), "events": len(self._merged()),
                "mentions": len(self._raw())}


def make_store(path: str) -> Any:
    """A store at ``path`` (real when available) loaded with :func:`articles`."""
    use_fake = os.environ.get("TIDINGS_TEST_FAKE_STORE") == "1"
    store: Any
    if not use_fake:
        try:
            from tidings.store import open_store
        except ImportError:
            use_fake = True
    if use_fake:
        store = FakeStore()
    else:
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
def cli_db(store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database path the CLI can open: the real store's file, or (fake store) a placeholder
    file with the store handed over by patching how export and analysis open a database."""
    from tidings import analysis, export

    path = str(tmp_path / "events.db")
    if not os.path.exists(path):
        for module in (export, analysis):
            monkeypatch.setattr(module, "open_events_db", lambda db: (store, False))
        Path(path).touch()
    return path
