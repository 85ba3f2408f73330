"""Evaluation task ``quotes``: quoted-content span F1 and speaker accuracy on PolNeAR-style gold.

The figures follow ``shared/eval/score_quotes.py`` (same definitions, our own code):

- content overlap is a Jaccard over word tokens (``\\w+`` runs of the gold text).  Gold tokens are
  those inside the content pieces; tokens in the gap of a discontinuous content (the interrupting
  "..., he said, ...") are left out of the union, so a prediction may cover the gap or skip it;
- predictions and gold items are paired one-to-one per article, greedily by the highest overlap
  (a correct speaker breaks ties), separately at overlap >= 0.3 (main) and >= 0.8;
- a speaker is right when the predicted speaker span overlaps the gold Source span, or the
  predicted speaker text (or actor name/text) contains the gold source head word;
- ``subset`` keeps only some gold items (``quoted`` = direct + mixed, i.e. with quotation marks);
  predictions paired with gold outside the subset are not counted at all.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from .common import as_int, greedy_pairs as _pair

DEFAULT_GOLD = "quotes/polnear_dev.jsonl"
# only the stages quotes depend on: coding the dev set stays fast
COMPONENTS = {"events": "none", "time": "none", "places": "none", "dedup": "none"}
THRESHOLDS = (0.3, 0.8)
SUBSETS = ("all", "sourced", "quoted", "direct")
_WORD = re.compile(r"\w+")


def _int(x: Any) -> int | None:
    return as_int(x, parse_str=False)


class WordIndex:
    """Positions of the word tokens of a text, to turn a character span into token numbers."""

    def __init__(self, text: str) -> None:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        self.begins = [s for s, _ in spans]
        self.finishes = [e for _, e in spans]

    def tokens(self, start: int, end: int) -> set[int]:
        """Numbers of the word tokens that overlap [start, end)."""
        if end <= start:
            return set()
        first = bisect.bisect_right(self.finishes, start)
        last = bisect.bisect_left(self.begins, end)
        return set(range(first, last))


def keep_item(item: dict[str, Any], subset: str) -> bool:
    """Whether a gold item belongs to the evaluated subset."""
    if subset == "all":
        return True
    if subset == "sourced":
        return item.get("source_start") is not None
    if subset == "quoted":
        return item.get("kind_guess") in ("direct", "mixed")
    if subset == "direct":
        return item.get("kind_guess") == "direct"
    raise ValueError(f"unknown subset {subset!r}")


def head_word(item: dict[str, Any]) -> str | None:
    """The gold source's head word (precomputed, else the last word of the source text)."""
    if item.get("source_head"):
        return str(item["source_head"])
    words = _WORD.findall(item.get("source_text") or "")
    return words[-1] if words else None


def has_word(text: Any, word: str | None) -> bool:
    if not isinstance(text, str) or not text or not word:
        return False
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.IGNORECASE) is not None


class Placer:
    """Places emitted offsets on the gold text: as they are when the emitted text is the gold
    text, shifted when the gold text sits inside it (a prepended title), else by finding the
    item's surface string nearest to where its offset points."""

    def __init__(self, gold_text: str, pred_text: Any) -> None:
        self.gold = gold_text
        self.delta = 0
        self.search = False
        if isinstance(pred_text, str) and pred_text != gold_text:
            if gold_text and gold_text in pred_text:
                self.delta = pred_text.index(gold_text)
            else:
                self.search = True

    def place(self, start: Any, end: Any, surface: Any, search_missing: bool = True
              ) -> tuple[int, int] | None | str:
        """(start, end) on the gold text, None when it cannot be placed, "outside" when it lies in
        text that is not part of the gold (ignored)."""
        s, e = _int(start), _int(end)
        ok = s is not None and e is not None and e > s
        if ok and not self.search:
            assert s is not None and e is not None
            s, e = s - self.delta, e - self.delta
            if self.delta and (e <= 0 or s >= len(self.gold)):
                return "outside"
            s, e = max(0, s), min(len(self.gold), e)
            if s < e:
                return s, e
        if not ok and not search_missing:
            return None
        return self._find(surface, (s or 0) - self.delta)

    def _find(self, surface: Any, near: int) -> tuple[int, int] | None:
        if not isinstance(surface, str) or not surface.split():
            return None
        pattern = r"\s+".join(re.escape(w) for w in surface.split())
        hits = [(abs(m.start() - near), m.start(), m.end()) for m in re.finditer(pattern, self.gold)]
        return (min(hits)[1], min(hits)[2]) if hits else None


@dataclass
class Tally:
    """Running counts over all articles."""

    tp: dict[float, int] = field(default_factory=lambda: {t: 0 for t in THRESHOLDS})
    pred: dict[float, int] = field(default_factory=lambda: {t: 0 for t in THRESHOLDS})
    gold: dict[float, int] = field(default_factory=lambda: {t: 0 for t in THRESHOLDS})
    ignored: dict[float, int] = field(default_factory=lambda: {t: 0 for t in THRESHOLDS})
    speaker: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("matched_with_source", "correct", "by_span", "by_head_only", "gold_with_source"), 0))
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)
    cue_compared: int = 0
    cue_agree: int = 0
    no_prediction: int = 0


def _gold_sets(words: WordIndex, items: list[dict[str, Any]]) -> tuple[list[set[int]], list[set[int]]]:
    """Per gold item: its content tokens, and the gap tokens of a discontinuous content."""
    content, gaps = [], []
    for it in items:
        pieces = it.get("content_pieces") or [[it["content_start"], it["content_end"]]]
        toks: set[int] = set()
        for s, e in pieces:
            toks |= words.tokens(s, e)
        content.append(toks)
        gaps.append(words.tokens(it["content_start"], it["content_end"]) - toks)
    return content, gaps


def _speaker_right(item: dict[str, Any], pred: tuple[Any, Any, dict[str, Any], set[int]]) -> tuple[bool, bool]:
    """(right, right by span overlap) for one prediction against a gold item with a Source."""
    _, sspan, q, _ = pred
    actor = q.get("speaker") if isinstance(q.get("speaker"), dict) else {}
    by_span = bool(sspan) and min(sspan[1], item["source_end"]) > max(sspan[0], item["source_start"])
    head = head_word(item)
    by_head = any(has_word(x, head) for x in (q.get("speaker_text"), actor.get("name"), actor.get("text")))
    return by_span or by_head, by_span


def _article(g: dict[str, Any], p: dict[str, Any] | None, subset: str, tally: Tally) -> None:
    """Score one article into the tally."""
    words = WordIndex(g["text"])
    items = g["gold"]
    content, gaps = _gold_sets(words, items)
    preds: list[tuple[Any, Any, dict[str, Any], set[int]]] = []
    if p is None:
        tally.no_prediction += 1
    else:
        placer = Placer(g["text"], p.get("text"))
        for q in p.get("quotes") or []:
            span = placer.place(q.get("start"), q.get("end"), q.get("text"))
            if span == "outside":
                continue
            sspan = placer.place(q.get("speaker_start"), q.get("speaker_end"), q.get("speaker_text"),
                                 search_missing=False)
            sspan = None if sspan == "outside" else sspan
            toks = words.tokens(*span) if isinstance(span, tuple) else set()
            preds.append((span, sspan, q, toks))
    keep = [keep_item(it, subset) for it in items]
    cache: dict[tuple[int, int], float] = {}

    def ov(gi: int, pi: int) -> float:
        if (gi, pi) not in cache:
            both = len(preds[pi][3] & content[gi])
            cache[gi, pi] = both / len((preds[pi][3] - gaps[gi]) | content[gi]) if both else 0.0
        return cache[gi, pi]

    pairs: dict[float, dict[int, int]] = {}
    for thr in THRESHOLDS:
        def value(gi: int, pi: int, thr: float = thr) -> tuple[float, int] | None:
            o = ov(gi, pi)
            if o < thr or o <= 0:
                return None
            right = items[gi].get("source_start") is not None and _speaker_right(items[gi], preds[pi])[0]
            return (o, int(right))
        pairs[thr] = m = _pair(len(items), len(preds), value)
        outside = sum(1 for gi in m if not keep[gi])
        tally.ignored[thr] += outside
        tally.pred[thr] += len(preds) - outside
        tally.gold[thr] += sum(keep)
        tally.tp[thr] += len(m) - outside
    _speakers_and_kinds(items, keep, preds, pairs[0.3], tally)


def _speakers_and_kinds(items: list[dict[str, Any]], keep: list[bool],
                        preds: list[tuple[Any, Any, dict[str, Any], set[int]]],
                        m: dict[int, int], tally: Tally) -> None:
    """Speaker accuracy, recall by kind and cue agreement over the pairs at 0.3."""
    for gi, it in enumerate(items):
        if not keep[gi]:
            continue
        kind = tally.kinds.setdefault(it.get("kind_guess") or "unknown", {"gold": 0, "matched": 0})
        kind["gold"] += 1
        sourced = it.get("source_start") is not None
        tally.speaker["gold_with_source"] += sourced
        if gi not in m:
            continue
        kind["matched"] += 1
        q = preds[m[gi]][2]
        gw = set(_WORD.findall((it.get("cue_text") or "").lower()))
        pw = set(_WORD.findall(q["cue"].lower())) if isinstance(q.get("cue"), str) else set()
        if gw and pw:
            tally.cue_compared += 1
            tally.cue_agree += bool(gw & pw)
        if not sourced:
            continue
        tally.speaker["matched_with_source"] += 1
        right, by_span = _speaker_right(it, preds[m[gi]])
        if right:
            tally.speaker["correct"] += 1
            tally.speaker["by_span" if by_span else "by_head_only"] += 1


def _prf(tp: int, pred: int, gold: int) -> dict[str, float | int]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": pred, "gold": gold}


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]], subset: str = "all",
          **opts: Any) -> dict[str, Any]:
    """Figures for predicted article records against gold records (paired by id, else text).

    The top level is for ``subset`` (as ``score_quotes.py --subset``); ``by_subset`` repeats the
    figures for the other subsets, so one run shows both the quoted-attribution figures (the
    quote extractor's target) and PolNeAR's wider ones (paraphrase and belief included)."""
    out = _score_subset(gold, pred, subset)
    out["by_subset"] = {s: _score_subset(gold, pred, s) for s in ("all", "quoted", "direct")
                        if s != subset}
    return out


def _score_subset(gold: list[dict[str, Any]], pred: list[dict[str, Any]], subset: str) -> dict[str, Any]:
    by_id = {str(p.get("id")): p for p in reversed(pred) if p.get("id") is not None}
    by_text = {p.get("text"): p for p in reversed(pred) if isinstance(p.get("text"), str)}
    tally = Tally()
    for g in gold:
        p = by_id.get(str(g.get("id"))) or by_text.get(g.get("text"))
        _article(g, p, subset, tally)
    out: dict[str, Any] = {}
    for thr in THRESHOLDS:
        out[f"content@{thr}"] = dict(_prf(tally.tp[thr], tally.pred[thr], tally.gold[thr]),
                                     ignored_pred=tally.ignored[thr])
    spk = dict(tally.speaker)
    acc = round(spk["correct"] / spk["matched_with_source"], 4) if spk["matched_with_source"] else 0.0
    e2e = round(spk["correct"] / spk["gold_with_source"], 4) if spk["gold_with_source"] else 0.0
    kinds = {k: dict(v, **{"recall@0.3": round(v["matched"] / v["gold"], 4) if v["gold"] else 0.0})
             for k, v in tally.kinds.items()}
    out.update({
        "main": {"name": "content_f1@0.3", "value": out["content@0.3"]["f1"], "speaker_accuracy": acc},
        "subset": subset, "articles": len(gold), "without_prediction": tally.no_prediction,
        "speaker": dict(spk, accuracy=acc, end_to_end=e2e), "by_kind": kinds,
        "cue_word_match_rate": round(tally.cue_agree / tally.cue_compared, 4) if tally.cue_compared else None,
    })
    return out


def report(summary: dict[str, Any]) -> str:
    """A readable table of the figures, one block per subset."""
    blocks = [_report_one(summary)]
    for sub in (summary.get("by_subset") or {}).values():
        blocks.append(_report_one(sub))
    return "\n\n".join(blocks)


def _report_one(summary: dict[str, Any]) -> str:
    lines = [f"quotes, subset {summary['subset']} ({summary['articles']} articles)",
             f"{'':14}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'pred':>7}{'gold':>7}"]
    for thr in THRESHOLDS:
        c = summary[f"content@{thr}"]
        lines.append(f"{'content@' + str(thr):14}{c['p']:8.3f}{c['r']:8.3f}{c['f1']:8.3f}"
                     f"{c['tp']:7d}{c['pred']:7d}{c['gold']:7d}")
    s = summary["speaker"]
    lines.append(f"speaker accuracy {s['accuracy']:.3f} on {s['matched_with_source']} matched "
                 f"(by span {s['by_span']}, by head word {s['by_head_only']}); "
                 f"end-to-end {s['end_to_end']:.3f}")
    kinds = ", ".join(f"{k} {v['recall@0.3']:.3f} ({v['matched']}/{v['gold']})"
                      for k, v in sorted(summary["by_kind"].items()))
    lines.append(f"recall@0.3 by kind: {kinds}")
    if summary.get("cue_word_match_rate") is not None:
        lines.append(f"cue word agreement {summary['cue_word_match_rate']:.3f}")
    return "\n".join(lines)
