"""Event dedup: when are two event mentions the same real-world event?

Two places need the answer.  Inside one article, a lede and a later paragraph often tell the same
event twice; the ``("dedup", "within-article")`` stage (the pipeline's last) folds them into one
:class:`Event` and keeps the other spans in ``other_evidence``.  Across articles, forty outlets
report the same strike; :mod:`tidings.store` clusters their event mentions into one event.  Both
use :func:`match`, so the rules are written once and every merge carries a readable reason:

- same PLOVER ``type`` and the same ``modality`` (a denied attack is not the attack);
- source and target agree: same actor code, else same country, else both absent (and when
  both slots are absent, only two specific places within 100 km tie the mentions together);
  coders often leave one slot empty, so an empty slot may meet a filled one, but only when the
  other slot agrees, both dates are the same day and the evidence texts share most of their words
  (token Jaccard >= EMPTY_SLOT_MIN_JACCARD);
- dates agree: day-granular dates within ``window_days`` (default 1), a coarser date (month,
  week, year...) anywhere inside its period; a date taken from the publication day is only a guess,
  so inside one article it is not held against a date read from the text;
- places agree unless both are specific (city, province) and in different countries or more
  than 100 km apart; a country-level place is too coarse to keep two mentions apart.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from .records import Document, Event, Evidence
from .registry import registry

DAY = _dt.timedelta(days=1)
# two city-level places further apart than this are different places
MAX_PLACE_KM = 100.0
# how much confidence grows for each extra independent telling (capped at CONFIDENCE_CAP)
CONFIDENCE_BOOST = 0.05
CONFIDENCE_CAP = 0.99
# an empty actor slot merges with a filled one only when the evidence texts are this alike
# (word-set Jaccard); measured on the dedup corpus with benchmarks/bench_dedup.py
EMPTY_SLOT_MIN_JACCARD = 0.5

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{1,2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> _dt.date:
    """Last day of a month; month 13/14 roll into the next year (winter seasons)."""
    y, m = year + (month - 1) // 12, (month - 1) % 12 + 1
    nxt = _dt.date(y + (m // 12), m % 12 + 1, 1)
    return nxt - DAY


def _month_start(year: int, month: int) -> _dt.date:
    return _dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def date_interval(value: str | None) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day a TIMEX3-style date value can mean, or None if it names no period.

    ``2020-01-10`` -> that day; ``2020-01`` -> January; ``2020-W02``, ``2020-Q1``, ``2020-SU``,
    ``2020``, ``199X``; a datetime counts as its day.  References (``PAST_REF``) give None.
    """
    if not value:
        return None
    v = value.strip()
    try:
        if len(v) >= 10 and v[4] == "-" and v[7] == "-":
            d = _dt.date.fromisoformat(v[:10])
            return d, d
        if re.fullmatch(r"\d{4}-\d{2}", v):
            y, m = int(v[:4]), int(v[5:7])
            if not 1 <= m <= 12:
                return None
            return _month_start(y, m), _month_end(y, m)
        if (w := _WEEK_RE.match(v)):
            start = _dt.date.fromisocalendar(int(w.group(1)), int(w.group(2)), 1)
            return start, start + 6 * DAY
        if (q := _QUARTER_RE.match(v)):
            y, n = int(q.group(1)), int(q.group(2))
            return _month_start(y, 3 * n - 2), _month_end(y, 3 * n)
        if re.fullmatch(r"\d{4}-(SP|SU|FA|AU|WI)", v):
            a, b = _SEASONS[v[5:]]
            return _month_start(int(v[:4]), a), _month_end(int(v[:4]), b)
        if re.fullmatch(r"\d{4}", v):
            return _dt.date(int(v), 1, 1), _dt.date(int(v), 12, 31)
        if re.fullmatch(r"\d{3}X", v):
            return _dt.date(int(v[:3]) * 10, 1, 1), _dt.date(int(v[:3]) * 10 + 9, 12, 31)
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class EventKey:
    """What the merge rules look at, from an Event object or a contract Event dict."""

    type: str
    modality: str
    source_code: str | None
    source_country: str | None
    target_code: str | None
    target_country: str | None
    date_lo: _dt.date | None
    date_hi: _dt.date | None
    date_guessed: bool          # date came from the publication day, not the text
    loc_country: str | None
    loc_specific: bool          # a city or province, not just a country
    lat: float | None
    lon: float | None
    evidence: str | None = None     # the evidence text; only the empty-slot rule reads it

    @property
    def day_granular(self) -> bool:
        return self.date_lo is not None and self.date_lo == self.date_hi


def key_from_dict(ev: dict[str, Any], published: str | None = None) -> EventKey:
    """Build the key of a contract Event dict; an undated event falls back to ``published``."""
    src, tgt, loc = ev.get("source") or {}, ev.get("target") or {}, ev.get("location") or {}
    iv = date_interval(ev.get("date"))
    guessed = ev.get("date_source") == "published"
    if iv is None and published:
        iv, guessed = date_interval(published[:10]), True
    return EventKey(
        type=ev.get("type") or "", modality=ev.get("modality") or "asserted",
        source_code=src.get("code") or None, source_country=src.get("country") or None,
        target_code=tgt.get("code") or None, target_country=tgt.get("country") or None,
        date_lo=iv[0] if iv else None, date_hi=iv[1] if iv else None, date_guessed=guessed,
        loc_country=loc.get("country") or None, loc_specific=loc.get("feature") in ("city", "admin1"),
        lat=loc.get("lat"), lon=loc.get("lon"),
        evidence=(ev.get("evidence") or {}).get("text") or None)


def key_from_event(ev: Event, published: str | None = None) -> EventKey:
    """Build the key of an Event object (the within-article stage works on these)."""
    return key_from_dict(ev.to_dict(), published)


def _actor_rule(code_a: str | None, country_a: str | None,
                code_b: str | None, country_b: str | None) -> str | None:
    """'code', 'country' or 'none' when two actor slots agree; None when they do not."""
    if code_a is None and country_a is None and code_b is None and country_b is None:
        return "none"
    if code_a and code_b and code_a == code_b:
        return "code"
    if country_a and country_b and country_a == country_b:
        return "country"
    return None


def evidence_similarity(a: str | None, b: str | None) -> float:
    """Jaccard similarity of the lower-cased word sets of two evidence texts (0 if one is empty)."""
    wa, wb = set(re.findall(r"\w+", (a or "").lower())), set(re.findall(r"\w+", (b or "").lower()))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def _empty_slot(code: str | None, country: str | None) -> bool:
    return code is None and country is None


def _relaxed_actors(a: EventKey, b: EventKey, src: str | None,
                    tgt: str | None) -> tuple[str, str, str] | None:
    """(source rule, target rule, evidence part) when one empty slot may meet a filled one.

    Why so strict: an empty slot says nothing about who acted, so only a telling that agrees on
    everything else - the other slot by code or country, the same day, much the same words -
    is taken as the same event.
    """
    if (src is None) == (tgt is None):
        return None                                   # both slots disagree, or neither does
    other = tgt if src is None else src
    if other not in ("code", "country"):
        return None
    if src is None:
        empty = (_empty_slot(a.source_code, a.source_country),
                 _empty_slot(b.source_code, b.source_country))
    else:
        empty = (_empty_slot(a.target_code, a.target_country),
                 _empty_slot(b.target_code, b.target_country))
    if empty[0] == empty[1]:
        return None                                   # two different filled actors
    if not (a.day_granular and b.day_granular and a.date_lo == b.date_lo):
        return None
    sim = evidence_similarity(a.evidence, b.evidence)
    if sim < EMPTY_SLOT_MIN_JACCARD:
        return None
    return (src or "empty", tgt or "empty", f"; evidence={sim:.2f}")


def _date_rule(a: EventKey, b: EventKey, window_days: int, lenient_guess: bool) -> str | None:
    """How two dates agree ('same-day', 'within-Nd', 'within-period', 'guessed', 'none')."""
    if a.date_lo is None or b.date_lo is None:
        return "none" if a.date_lo is None and b.date_lo is None else None
    if lenient_guess and (a.date_guessed or b.date_guessed):
        return "guessed"
    assert a.date_hi is not None and b.date_hi is not None
    if a.day_granular and b.day_granular:
        gap = abs((a.date_lo - b.date_lo).days)
        if gap == 0:
            return "same-day"
        return f"within-{gap}d" if gap <= window_days else None
    if a.date_lo <= b.date_hi and b.date_lo <= a.date_hi:
        return "within-period"
    return None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _place_rule(a: EventKey, b: EventKey) -> str | None:
    """How two places agree ('unknown', 'coarse', 'same-country', 'near'); None if they do not.

    Only two specific places (city or province) can veto a merge: in different countries, or
    more than MAX_PLACE_KM apart.  A country-level place is too coarse to veto - coders often
    take it from a dateline or the first country named ('Washington' for a sanction on Iran).
    """
    if a.loc_country is None or b.loc_country is None:
        return "unknown"
    if a.loc_specific and b.loc_specific:
        if a.loc_country != b.loc_country:
            return None
        if None not in (a.lat, a.lon, b.lat, b.lon):
            if _km(a.lat, a.lon, b.lat, b.lon) > MAX_PLACE_KM:  # type: ignore[arg-type]
                return None
            return "near"
        return "same-country"
    return "same-country" if a.loc_country == b.loc_country else "coarse"


def match(a: EventKey, b: EventKey, window_days: int = 1,
          lenient_guess: bool = False) -> str | None:
    """The merge reason if ``a`` and ``b`` are the same real-world event, else None.

    The reason names the rule each field passed, e.g.
    ``type+modality; source=code; target=country; date=within-1d; place=unknown``; a merge of
    an empty slot with a filled one says ``source=empty`` and ends ``; evidence=0.62``.
    """
    if a.type != b.type or a.modality != b.modality:
        return None
    src = _actor_rule(a.source_code, a.source_country, b.source_code, b.source_country)
    tgt = _actor_rule(a.target_code, a.target_country, b.target_code, b.target_country)
    extra = ""
    if src is None or tgt is None:
        relaxed = _relaxed_actors(a, b, src, tgt)
        if relaxed is None:
            return None
        src, tgt, extra = relaxed
    date = _date_rule(a, b, window_days, lenient_guess)
    if date is None:
        return None
    place = _place_rule(a, b)
    if place is None:
        return None
    if src == "none" and tgt == "none" and place != "near":
        return None         # no actors at all: only the same spot can tie two tellings together
    return f"type+modality; source={src}; target={tgt}; date={date}; place={place}{extra}"


def reason_strength(reason: str) -> int:
    """Rank merge reasons so a mention joins the closest of several candidate events."""
    score = 0
    for part, pts in (("source=code", 4), ("target=code", 4), ("source=country", 2),
                      ("target=country", 2), ("date=same-day", 3), ("date=within", 1),
                      ("place=near", 2), ("place=same-country", 1)):
        if part in reason:
            score += pts
    return score


# ------------------------------------------------------------------ within-article stage

def _merge_into(keep: Event, other: Event) -> None:
    """Fold ``other`` into ``keep``: its evidence spans become ``keep.other_evidence``."""
    seen = {(keep.evidence.start, keep.evidence.end)}
    seen.update((e.start, e.end) for e in keep.other_evidence)
    for ev in [other.evidence, *other.other_evidence]:
        if (ev.start, ev.end) not in seen:
            keep.other_evidence.append(Evidence(ev.start, ev.end, ev.text))
            seen.add((ev.start, ev.end))
    keep.other_evidence.sort(key=lambda e: e.start)


def dedup_events(events: list[Event], published: str | None = None,
                 window_days: int = 1) -> list[Event]:
    """Fold repeated tellings of one event inside an article; keep the most confident as main.

    The kept event's confidence is the maximum of the group's, raised by CONFIDENCE_BOOST for each
    extra telling (capped), since a fact the article states twice is less likely a misreading.
    Output keeps the input order of the events that survive.
    """
    order = sorted(range(len(events)), key=lambda i: (-events[i].confidence, i))
    keys = {i: key_from_event(events[i], published) for i in order}
    kept: list[int] = []
    folded: dict[int, int] = {}
    def same_sentence_other_trigger(k: int, i: int) -> bool:
        # the events stage already folds the triggers of one telling in a sentence; two events
        # it left apart in one sentence ("Chad rejected the plan, and its minister opposed the
        # summit") are two events, not a retelling
        a, b = events[k], events[i]
        return (a.evidence.start, a.evidence.end) == (b.evidence.start, b.evidence.end) and \
            a.trigger is not None and b.trigger is not None and \
            (a.trigger.start, a.trigger.end) != (b.trigger.start, b.trigger.end)

    for i in order:
        host = next((k for k in kept
                     if match(keys[k], keys[i], window_days, lenient_guess=True)
                     and not same_sentence_other_trigger(k, i)), None)
        if host is None:
            kept.append(i)
        else:
            _merge_into(events[host], events[i])
            folded[host] = folded.get(host, 0) + 1
    for host, n in folded.items():
        ev = events[host]
        ev.confidence = max(ev.confidence, min(CONFIDENCE_CAP, ev.confidence + CONFIDENCE_BOOST * n))
    return [events[i] for i in sorted(kept)]


class Stage:
    """Pipeline stage: the same event told twice in one article becomes one Event."""

    name = "dedup"

    def __init__(self, window_days: int = 1) -> None:
        self.window_days = window_days

    def __call__(self, doc: Document) -> Document:
        if len(doc.events) > 1:
            doc.events = dedup_events(doc.events, doc.article.published_day, self.window_days)
        return doc


@registry.register("dedup", "within-article")
def make(config: dict[str, Any]) -> Stage:
    return Stage(window_days=int(config.get("window_days", 1)))


# ------------------------------------------------------------------ near-duplicate articles
# A syndicated wire story or a re-post with a new headline must not be coded twice.  MinHash over
# word 3-shingles estimates the Jaccard similarity of two texts; LSH bands (16 bands of 4 rows)
# find candidates with an index lookup, so the check stays cheap as the database grows.

NUM_PERM = 64
LSH_BANDS = 16
SHINGLE = 3
NEAR_DUP_JACCARD = 0.7          # estimated Jaccard at or above this is a near-duplicate
_SEEDS = np.random.default_rng(20240611).integers(0, 2**63 - 1, size=NUM_PERM, dtype=np.uint64)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)


def _mix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a well-mixed 64-bit hash, so each seed acts as a random permutation.

    (A plain ``a*x + b mod p`` with small ``a`` barely reorders small ``x`` and made unrelated
    texts look alike.)  uint64 arithmetic wraps, which is what the finaliser wants.
    """
    with np.errstate(over="ignore"):
        z = (z ^ (z >> _S30)) * _M1
        z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


def normalise_text(text: str) -> str:
    """Lower-cased words joined by single spaces: what 'the same text' means for exact copies."""
    return " ".join(re.findall(r"\w+", text.lower()))


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The set of k-word shingles of a text (its words when it has fewer than k)."""
    words = normalise_text(text).split()
    if len(words) < k:
        return set(words)
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def minhash(text: str) -> np.ndarray:
    """A NUM_PERM-long MinHash signature (numpy uint64 array) of the text's shingles."""
    sh = shingles(text)
    if not sh:
        return np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    x = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(),
                                    "little") for s in sh), dtype=np.uint64, count=len(sh))
    return _mix64(x[:, None] ^ _SEEDS[None, :]).min(axis=0)


def lsh_bands(sig: np.ndarray) -> list[str]:
    """One short hash per band of the signature; two texts sharing a band are candidates."""
    rows = NUM_PERM // LSH_BANDS
    return [hashlib.blake2b(sig[b * rows:(b + 1) * rows].tobytes(), digest_size=8).hexdigest()
            for b in range(LSH_BANDS)]


def signature_hex(sig: np.ndarray) -> str:
    return bytes(sig.astype("<u8").tobytes()).hex()


def signature_from_hex(value: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(value), dtype="<u8").astype(np.uint64)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The share of MinHash slots two signatures agree on (an estimate of shingle Jaccard)."""
    return float((a == b).mean())


# ------------------------------------------------------------------ measuring a merge

def pairwise_scores(pred: list[str], gold: list[str]) -> dict[str, float | int]:
    """Pairwise precision/recall/F1 of a clustering: item i is in cluster pred[i], truly gold[i].

    A pair of items counts as merged when they share a cluster; precision is the share of merged
    pairs that are truly one event, recall the share of true pairs that were merged.
    """
    from collections import Counter

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    pred_pairs = pairs(Counter(pred))
    gold_pairs = pairs(Counter(gold))
    tp = pairs(Counter(zip(pred, gold)))
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"items": len(pred), "pred_pairs": pred_pairs, "gold_pairs": gold_pairs,
            "true_pairs": tp, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
