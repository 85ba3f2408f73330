"""Synthetic contract article records for tests, demos and the web benchmark.

Why: web tests need a database with known content (exact evidence offsets, hostile titles) in
well under a second, and the benchmark needs 100k events without running the NLP pipeline.  The
sentences are generated from templates written for tidings; no published text is used.
"""
from __future__ import annotations

import datetime as _dt
import random
from typing import Any

COUNTRIES = [("KEN", "Kenya", -1.0, 38.0), ("SOM", "Somalia", 6.0, 48.0),
             ("ETH", "Ethiopia", 8.0, 38.0), ("SDN", "Sudan", 16.0, 30.0),
             ("BLR", "Belarus", 53.0, 28.0), ("LTU", "Lithuania", 56.0, 24.0),
             ("GEO", "Georgia", 42.0, 43.5), ("JPN", "Japan", 36.0, 138.0),
             ("PAK", "Pakistan", 30.0, 70.0), ("IND", "India", 22.0, 79.0),
             ("USA", "United States", 39.8, -98.5), ("BRA", "Brazil", -10.0, -55.0)]
# (PLOVER type, mode, CAMEO, Goldstein, QuadClass, verb phrase)
ACTS = [("CONSULT", "visit", "042", 1.9, 1, "held talks with"),
        ("AGREE", None, "057", 8.0, 1, "signed an agreement with"),
        ("AID", "economic", "071", 7.4, 2, "sent aid to"),
        ("REQUEST", None, "020", 3.0, 1, "asked for help from"),
        ("ACCUSE", None, "112", -2.0, 3, "accused"),
        ("THREATEN", None, "138", -7.0, 3, "threatened"),
        ("SANCTION", "economic", "163", -8.0, 4, "imposed sanctions on"),
        ("ASSAULT", "firearms", "190", -10.0, 4, "attacked")]
OUTLETS = ["Harbor Wire", "Lake Post", "Plains Daily", "Coast Herald"]


def actor(iso: str, name: str, role: str = "GOV") -> dict[str, Any]:
    """A contract Actor for a country's government (``role`` as the sector)."""
    return {"text": name, "name": name, "code": iso + role, "country": iso,
            "sector": [role], "kb_id": None}


def sentence_event(text: str, sentence: str, src: tuple[str, str], tgt: tuple[str, str],
                   act: tuple[Any, ...], day: str, place: tuple[str, str, float, float] | None,
                   idx: int, modality: str = "asserted") -> tuple[dict[str, Any], list[dict]]:
    """The Event for ``sentence`` (already in ``text``) and its two actor mentions."""
    start = text.index(sentence)
    typ, mode, cameo, gold, quad, verb = act
    s_act, t_act = actor(*src), actor(*tgt)
    s0 = start
    t0 = start + sentence.index(verb) + len(verb) + 1
    mentions = [{"start": s0, "end": s0 + len(src[1]), "text": src[1], "actor": s_act},
                {"start": t0, "end": t0 + len(tgt[1]), "text": tgt[1], "actor": t_act}]
    loc = None
    if place:
        loc = {"start": None, "end": None, "text": place[0], "name": place[0],
               "country": place[1], "admin1": None, "lat": place[2], "lon": place[3],
               "geonames_id": None, "feature": "city"}
    ev = {"id": f"e{idx}", "type": typ, "mode": mode, "context": [], "cameo": cameo,
          "goldstein": gold, "quad_class": quad, "source": s_act, "target": t_act,
          "date": day, "date_granularity": "day", "date_source": "published",
          "location": loc, "modality": modality,
          "evidence": {"start": start, "end": start + len(sentence), "text": sentence},
          "quote": None, "confidence": 0.8}
    return ev, mentions


def _word(rng: random.Random) -> str:
    """A random pronounceable-ish token (not a real word; only there to vary the text)."""
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))


def article(i: int, rng: random.Random, start: _dt.date, n_events: int = 4,
            days: int = 730) -> dict[str, Any]:
    """One synthetic article with ``n_events`` events between random country pairs."""
    day = (start + _dt.timedelta(days=rng.randrange(days))).isoformat()
    sentences, specs = [], []
    for k in range(n_events):
        a, b = rng.sample(COUNTRIES, 2)
        act = rng.choice(ACTS)
        s = f"{a[1]} {act[5]} {b[1]} on day {k + 1} of report {i}."
        sentences.append(s)
        specs.append((s, a, b, act))
    noise = " ".join(_word(rng) for _ in range(24))      # keeps articles apart for near-dup checks
    text = " ".join(sentences) + f" Officials said more talks were due. Filed notes: {noise}."
    events, mentions = [], []
    for k, (s, a, b, act) in enumerate(specs):
        ev, ms = sentence_event(text, s, (a[0], a[1]), (b[0], b[1]), act, day,
                                (a[1], a[0], a[2], a[3]), k)
        events.append(ev)
        mentions += ms
    return {"id": f"syn{i:07d}", "outlet": OUTLETS[i % len(OUTLETS)], "url": None,
            "title": f"Report {i}: {specs[0][1][1]} and {specs[0][2][1]}", "published": day,
            "text": text, "mentions": mentions, "timexes": [], "places": [], "quotes": [],
            "events": events}


def articles(n: int, seed: int = 7, n_events: int = 4) -> list[dict[str, Any]]:
    """``n`` synthetic articles (deterministic for a seed)."""
    rng = random.Random(seed)
    start = _dt.date(2023, 1, 1)
    return [article(i, rng, start, n_events) for i in range(n)]


HOSTILE_TITLE = "<script>window.__pwned=1</script>Hostile headline"
HOSTILE_TEXT = ('Ruritania <img src=x onerror="window.__pwned=1"> condemned Freedonia. '
                'A spokesman said "<script>alert(1)</script> we will not accept this" on Monday.')


def hostile_article() -> dict[str, Any]:
    """An article whose title, text, URL, actor names and quote all try to inject markup."""
    text = HOSTILE_TEXT
    sent = text[:text.index(".") + 1]
    src = {"text": "Ruritania", "name": "<b onmouseover=alert(1)>Ruritania</b>",
           "code": "RUR", "country": None, "sector": [], "kb_id": None}
    tgt = dict(src, text="Freedonia", name="Freedonia", code="FRE")
    q0 = text.index("<script>alert")
    quote = {"start": q0, "end": text.index(" on Monday") - 1, "text": text[q0:text.index(
        " on Monday") - 1], "kind": "direct", "cue": "said", "speaker_text": "A spokesman",
        "speaker_start": None, "speaker_end": None, "speaker": src}
    ev = {"id": "h1", "type": "ACCUSE", "mode": None, "context": [], "cameo": "112",
          "goldstein": -2.0, "quad_class": 3, "source": src, "target": tgt,
          "date": "2024-05-06", "date_granularity": "day", "date_source": "text",
          "location": None, "modality": "asserted",
          "evidence": {"start": 0, "end": len(sent), "text": sent}, "quote": None,
          "confidence": 0.9}
    return {"id": "hostile1", "outlet": "<i>Evil Outlet</i>", "url": "javascript:alert(1)",
            "title": HOSTILE_TITLE, "published": "2024-05-07", "text": text,
            "mentions": [{"start": 0, "end": 9, "text": "Ruritania", "actor": src}],
            "timexes": [], "places": [], "quotes": [quote], "events": [ev]}
