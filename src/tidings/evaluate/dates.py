"""Evaluation task ``dates``: TIMEX3 extraction and DATE value F1 against TempEval-3-style gold.

Written to give the same figures as ``shared/eval/score_timex.py`` on the same prediction file
(checked in ``tests/test_timex_eval.py``), in our own code:

- predictions and gold are paired by ``id`` (else identical ``text``); within an article, each gold
  timex is matched one-to-one, greedily, to the prediction with the largest character overlap
  (ties: smaller boundary distance, then gold order, then prediction order);
- ``extraction_relaxed`` counts overlapping pairs, ``extraction_strict`` identical spans;
- ``date`` (the main figure) is value F1 over gold ``DATE`` timexes: a match is right when the
  value agrees at the gold's granularity (our value is first cut to our own ``granularity``);
  non-calendar gold values (``PRESENT_REF``, ``1998-Q3``, ``199X``) need the same string.
  Precision's denominator is predictions matched to a gold DATE plus predictions matching no gold
  timex at all (those matched to DURATION/SET/TIME gold are left out).

Errors (``score(..., errors=N)``, ``tidings evaluate dates --errors N``): the first N of
``MISS`` (a gold DATE no prediction overlaps), ``VALUE`` (matched, value wrong) and ``EXTRA`` (a
prediction overlapping no gold timex: it counts against DATE precision), in article order.

Offsets: when the emitted text equals the gold text offsets are used as they are; when the gold
text occurs inside the emitted one (a prepended title) they are shifted and items outside it
dropped; otherwise the item's surface string is looked up nearest to its offset.  (The shared
scorer first tries a word-level alignment in that last case; our coder never changes the text, so
the simpler search is enough here.)
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from .common import as_int as _int, greedy_pairs as one_to_one

DEFAULT_GOLD = "dates/tempeval3_train.jsonl"
# only the stages timexes need: the parse (for tense) and the time stage itself
COMPONENTS = {"actors": "none", "events": "none", "places": "none", "quotes": "none", "dedup": "none"}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_DEPTH = {"year": 1, "month": 2, "day": 3}

Value = tuple[str, Any]          # (day|month|year|week|other|none, key)


# ------------------------------------------------------------------------------------ values

def read_value(raw: Any, predicted: bool) -> Value:
    """A TIMEX3 value as (granularity, comparable key)."""
    if raw is None:
        return ("none", None)
    v = str(raw).strip().upper()
    if predicted and re.match(r"^\d{4}-\d{2}-\d{2}T", v):
        v = v[:10]                                 # a predicted time counts as its day
    m = _DAY.match(v)
    if m:
        y, mo, d = (int(x) for x in m.groups())
        try:
            date(y, mo, d)
        except ValueError:
            return ("other", v)
        return ("day", (y, mo, d))
    m = _MONTH.match(v)
    if m:
        y, mo = int(m[1]), int(m[2])
        return ("month", (y, mo)) if 1 <= mo <= 12 else ("other", v)
    m = _YEAR.match(v)
    if m:
        return ("year", (int(m[1]),))
    m = _WEEK.match(v)
    if m and 1 <= int(m[2]) <= 53:
        return ("week", (int(m[1]), int(m[2])))
    return ("other", v)


def predicted_value(t: dict[str, Any]) -> Value:
    """Our value, cut to the granularity we claimed for it (a day claimed as "month" is a month)."""
    gran, key = read_value(t.get("value"), True)
    claimed = str(t.get("granularity") or "").strip().lower()
    if gran == "day" and claimed == "week":
        y, w, _ = date(*key).isocalendar()
        return ("week", (y, w))
    if gran == "day" and claimed in ("month", "year"):
        return (claimed, key[:_DEPTH[claimed]])
    if gran == "month" and claimed == "year":
        return ("year", key[:1])
    return (gran, key)


def canonical(raw: Any) -> str | None:
    """Upper-cased value string with week numbers zero-padded (``2000-W8`` -> ``2000-W08``)."""
    if raw is None:
        return None
    v = str(raw).strip().upper()
    m = _WEEK.match(v)
    return f"{m[1]}-W{int(m[2]):02d}" if m else v


def _thursday_year(y: int, w: int) -> int | None:
    try:
        return date.fromisocalendar(y, w, 4).year
    except ValueError:
        return None


def value_right(p: Value, g: Value, strict: bool = False,
                p_raw: Any = None, g_raw: Any = None) -> bool:
    """Is predicted value ``p`` right for gold ``g``, judged at the gold's granularity?"""
    if p_raw is not None and canonical(p_raw) == canonical(g_raw):
        return True
    pg, pk = p
    gg, gk = g
    if gg in ("other", "none"):
        return pg == "other" and pk is not None and pk == gk
    if strict:
        return p == g
    if gg in _DEPTH:
        n = _DEPTH[gg]
        if pg in _DEPTH:
            return len(pk) >= n and pk[:n] == gk
        return pg == "week" and gg == "year" and _thursday_year(*pk) == gk[0]
    if gg == "week":
        if pg == "week":
            return pk == gk
        return pg == "day" and tuple(date(*pk).isocalendar()[:2]) == gk
    return False


# ------------------------------------------------------------------------------------ spans

class Locator:
    """Carries predicted offsets (into the emitted text) over to the gold text."""

    OUTSIDE = (-1, -1)

    def __init__(self, gold_text: str, pred_text: Any) -> None:
        self.gold = gold_text
        self.pred = pred_text if isinstance(pred_text, str) else None
        self.shift = 0
        self.exact = self.pred is None or self.pred == gold_text
        self.shifted = not self.exact and bool(gold_text) and gold_text in self.pred
        if self.shifted:
            self.shift = self.pred.index(gold_text)

    def span(self, item: dict[str, Any]) -> tuple[int, int] | None:
        s, e = _int(item.get("start")), _int(item.get("end"))
        ok = s is not None and e is not None and e > s
        if ok and (self.exact or self.shifted):
            s2, e2 = s - self.shift, e - self.shift
            if self.shifted and (e2 <= 0 or s2 >= len(self.gold)):
                return self.OUTSIDE
            s2, e2 = max(0, s2), min(len(self.gold), e2)
            if 0 <= s2 < e2 <= len(self.gold):
                return s2, e2
        return self._search(item.get("text"), (s or 0) - self.shift)

    def _search(self, surface: Any, hint: int) -> tuple[int, int] | None:
        if not isinstance(surface, str) or not surface.strip():
            return None
        rx = r"\s+".join(re.escape(w) for w in surface.split())
        hits = [(abs(m.start() - hint), m.start(), m.end()) for m in re.finditer(rx, self.gold)]
        return (min(hits)[1], min(hits)[2]) if hits else None


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


# ------------------------------------------------------------------------------------ scoring

def _pair(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    by_id: dict[str, dict[str, Any]] = {}
    by_text: dict[str, dict[str, Any]] = {}
    for p in pred:
        if p.get("id") is not None:
            by_id.setdefault(str(p["id"]), p)
        if isinstance(p.get("text"), str):
            by_text.setdefault(p["text"], p)
    return [(g, by_id.get(str(g.get("id"))) or by_text.get(g.get("text"))) for g in gold]


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]], **opts: Any) -> dict[str, Any]:
    """Extraction P/R/F1 (relaxed, strict) and DATE value F1 (the main figure)."""
    n = {"rel": 0, "strict": 0, "pred": 0, "gold": 0, "d_gold": 0, "d_matched": 0, "d_right": 0,
         "d_right_strict": 0, "d_pred": 0, "d_calendar": 0, "all_right": 0}
    by_gran: dict[str, dict[str, int]] = {}
    missing = 0
    errors: list[str] = []
    for g, p in _pair(gold, pred):
        if p is None:
            missing += 1
        golds = g["gold"]
        preds = _placed(g["text"], p)
        n["pred"] += len(preds)
        n["gold"] += len(golds)
        m = _match_relaxed(golds, preds)
        n["rel"] += len(m)
        n["strict"] += len(one_to_one(len(golds), len(preds), lambda gi, pi: (1,) if preds[pi][0] == (
            golds[gi]["start"], golds[gi]["end"]) else None))
        matched = set(m.values())
        n["d_pred"] += len(preds) - len(matched)
        for pi, (_, pt) in enumerate(preds):
            if pi not in matched:
                errors.append(f"EXTRA {g.get('id')} {pt.get('text')!r} pred={pt.get('value')} "
                              f"({pt.get('granularity')}) rule={pt.get('rule')}")
        for gi, gt in enumerate(golds):
            _score_gold(gt, preds[m[gi]][1] if gi in m else None, n, by_gran, errors, g.get("id"))
    date_f = _prf(n["d_right"], n["d_pred"], n["d_gold"])
    strict_f = _prf(n["d_right_strict"], n["d_pred"], n["d_gold"])
    return {
        "task": "dates", "main": {"name": "date_value_f1", "value": date_f["f1"]},
        "articles": len(gold), "articles_without_prediction": missing,
        "extraction_relaxed": _prf(n["rel"], n["pred"], n["gold"]),
        "extraction_strict": _prf(n["strict"], n["pred"], n["gold"]),
        "date": {"gold": n["d_gold"], "matched": n["d_matched"], "value_correct": n["d_right"],
                 "value_accuracy_on_matched": round(n["d_right"] / n["d_matched"], 4) if n["d_matched"] else 0.0,
                 "pred_considered": n["d_pred"], "value_p": date_f["p"], "value_r": date_f["r"],
                 "value_f1": date_f["f1"], "strict_value_f1": strict_f["f1"],
                 "attainable_recall": round(n["d_calendar"] / n["d_gold"], 4) if n["d_gold"] else 0.0,
                 "by_gold_granularity": by_gran},
        "value_f1_all_types": _prf(n["all_right"], n["pred"], n["gold"])["f1"],
        "errors": errors[: int(opts.get("errors", 0) or 0)],
    }


def _placed(text: str, p: dict[str, Any] | None) -> list[tuple[tuple[int, int] | None, dict[str, Any]]]:
    if p is None:
        return []
    loc = Locator(text, p.get("text"))
    out = []
    for t in p.get("timexes") or []:
        sp = loc.span(t)
        if sp != Locator.OUTSIDE:
            out.append((sp, t))
    return out


def _match_relaxed(golds: list[dict[str, Any]], preds: list[Any]) -> dict[int, int]:
    def sc(gi: int, pi: int) -> tuple[int, ...] | None:
        sp = preds[pi][0]
        if sp is None:
            return None
        g = golds[gi]
        ov = min(g["end"], sp[1]) - max(g["start"], sp[0])
        if ov <= 0:
            return None
        return (ov, -abs(g["start"] - sp[0]) - abs(g["end"] - sp[1]))
    return one_to_one(len(golds), len(preds), sc)


def _score_gold(gt: dict[str, Any], pt: dict[str, Any] | None, n: dict[str, int],
                by_gran: dict[str, dict[str, int]], errors: list[str], doc_id: Any) -> None:
    gv = read_value(gt.get("value"), False)
    if pt is not None and canonical(pt.get("value")) == canonical(gt.get("value")):
        n["all_right"] += 1
    if gt.get("type") != "DATE":
        return
    b = by_gran.setdefault(gv[0], {"gold": 0, "matched": 0, "correct": 0})
    b["gold"] += 1
    n["d_gold"] += 1
    if gv[0] in ("day", "month", "year", "week"):
        n["d_calendar"] += 1
    if pt is None:
        errors.append(f"MISS  {doc_id} {gt['text']!r} gold={gt.get('value')}")
        return
    n["d_pred"] += 1
    n["d_matched"] += 1
    b["matched"] += 1
    pv = predicted_value(pt)
    if value_right(pv, gv, p_raw=pt.get("value"), g_raw=gt.get("value")):
        n["d_right"] += 1
        b["correct"] += 1
    else:
        errors.append(f"VALUE {doc_id} {gt['text']!r} gold={gt.get('value')} pred={pt.get('value')} "
                      f"({pt.get('granularity')}) pred_text={pt.get('text')!r}")
    if value_right(pv, gv, strict=True, p_raw=pt.get("value"), g_raw=gt.get("value")):
        n["d_right_strict"] += 1


def report(summary: dict[str, Any]) -> str:
    """A small table of the figures (dev set: say so when quoting them)."""
    d = summary["date"]
    er, es = summary["extraction_relaxed"], summary["extraction_strict"]
    lines = [
        f"dates: {summary['articles']} articles ({summary['articles_without_prediction']} without prediction)",
        f"{'':24}{'P':>8}{'R':>8}{'F1':>8}",
        f"{'DATE value':24}{d['value_p']:>8.3f}{d['value_r']:>8.3f}{d['value_f1']:>8.3f}",
        f"{'extraction (relaxed)':24}{er['p']:>8.3f}{er['r']:>8.3f}{er['f1']:>8.3f}",
        f"{'extraction (strict)':24}{es['p']:>8.3f}{es['r']:>8.3f}{es['f1']:>8.3f}",
        f"DATE strict-value F1 {d['strict_value_f1']:.3f}; value accuracy on matched "
        f"{d['value_accuracy_on_matched']:.3f}; gold DATE {d['gold']} (attainable recall "
        f"{d['attainable_recall']:.3f}); all-types value F1 {summary['value_f1_all_types']:.3f}",
    ]
    for e in summary.get("errors") or []:
        lines.append("  " + e)
    return "\n".join(lines)
