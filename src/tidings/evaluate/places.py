"""Places evaluation: toponym detection and geocoding against GeoWebNews / LGL style gold.

The counting rules follow the evaluation kit's geo scorer (``shared/eval/score_geo.py``),
written again here so ``tidings evaluate places`` needs nothing outside the package:

- predictions are paired with gold articles by ``id`` (else by identical text); offsets are
  used as they are when the emitted text equals the gold text, shifted when the gold text sits
  inside the emitted one, and otherwise re-found by searching the place's surface string
  (nearest occurrence; the kit also tries a word alignment first, which only matters for
  coders that rewrite the text - ours never does);
- gold and predicted toponyms are matched one-to-one, greedily, larger character overlap
  first (then smaller boundary distance), any overlap counting;
- detection P/R/F1 over all gold toponyms; geocoding over gold toponyms with coordinates:
  the main figure is the share of them that are matched AND predicted within 161 km
  (haversine); also the share on matched ones, GeoNames-id agreement, mean / median error and
  the log-error AUC (unmatched or coordinate-less = 20039 km);
- ``types``: keep only gold items of those GeoWebNews types; predictions matching a dropped
  gold item are ignored.

One figure the kit does not compute: **country accuracy**, over matched grounded toponyms, the
share whose predicted ISO3 country equals the gold one (gold country from its ``country_name``,
else its GeoNames id in our gazetteer, else none when the gazetteer knows its name only as a
region, sea or continent of several countries ("Middle East"), else the nearest gazetteer
place within 100 km).
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from .common import as_int as _int

DEFAULT_GOLD = "geo/geowebnews.jsonl"
# the coder runs only the stages places needs (events / time / quotes / dedup are off)
COMPONENTS = {"events": "none", "time": "none", "quotes": "none", "dedup": "none"}
LITERAL_TYPES = ("Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier")
HALF_EARTH_KM = 20039.0
EARTH_RADIUS_KM = 6371.0088
WITHIN_KM = 161.0


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    la1, la2 = math.radians(a[0]), math.radians(b[0])
    dla, dlo = la2 - la1, math.radians(b[1] - a[1])
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _float(x: Any) -> float | None:
    if x is None or isinstance(x, bool):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def latlon(item: dict[str, Any]) -> tuple[float, float] | None:
    lat, lon = _float(item.get("lat")), _float(item.get("lon"))
    if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
        return None
    return lat, lon


def id_str(x: Any) -> str | None:
    if x is None or isinstance(x, bool):
        return None
    s = str(x).strip()
    s = s[:-2] if s.endswith(".0") else s
    return s or None


# ---------------------------------------------------------------- pairing and offsets

def pair(gold: list[dict[str, Any]], pred: list[dict[str, Any]]
         ) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each gold article with its prediction record (by id, else by identical text)."""
    by_id: dict[str, dict[str, Any]] = {}
    by_text: dict[str, dict[str, Any]] = {}
    for p in pred:
        if p.get("id") is not None and str(p["id"]) not in by_id:
            by_id[str(p["id"])] = p
        if isinstance(p.get("text"), str):
            by_text.setdefault(p["text"], p)
    return [(g, by_id.get(str(g.get("id"))) or by_text.get(g.get("text"))) for g in gold]


def place_spans(gold_text: str, rec: dict[str, Any]) -> list[tuple[tuple[int, int] | None,
                                                                   dict[str, Any]]]:
    """Predicted places with their span in the gold text (None: cannot be placed)."""
    text = rec.get("text")
    shift = 0
    same = not isinstance(text, str) or text == gold_text
    if not same and gold_text and gold_text in text:
        shift, same = text.index(gold_text), True
    out: list[tuple[tuple[int, int] | None, dict[str, Any]]] = []
    for p in rec.get("places") or []:
        s, e = _int(p.get("start")), _int(p.get("end"))
        ok = s is not None and e is not None and e > s
        if same and ok:
            assert s is not None and e is not None
            s, e = s - shift, e - shift
            if e <= 0 or s >= len(gold_text):
                continue                      # inside a prepended title: no gold there
            out.append(((max(0, s), min(len(gold_text), e)), p))
            continue
        out.append((find_surface(gold_text, p.get("text"), (s or 0) - shift), p))
    return out


def find_surface(text: str, surface: Any, near: int) -> tuple[int, int] | None:
    if not isinstance(surface, str) or not surface.strip():
        return None
    pat = r"\s+".join(re.escape(w) for w in surface.split())
    hits = [(abs(m.start() - near), m.start(), m.end()) for m in re.finditer(pat, text)]
    return (min(hits)[1], min(hits)[2]) if hits else None


def match(gold: list[dict[str, Any]], spans: list[tuple[int, int] | None]) -> dict[int, int]:
    """Greedy one-to-one matching: larger overlap first, then closer boundaries."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, sp in enumerate(spans):
            if sp is None:
                continue
            ov = min(g["end"], sp[1]) - max(g["start"], sp[0])
            if ov > 0:
                near = -abs(g["start"] - sp[0]) - abs(g["end"] - sp[1])
                cands.append((-ov, -near, gi, pi))
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _, _, gi, pi in cands:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out[gi] = pi
    return out


# ---------------------------------------------------------------- gold countries

class GoldCountry:
    """ISO3 country of a gold toponym, looked up in our own gazetteer."""

    def __init__(self) -> None:
        from ..places import gazetteer, norm

        gaz = gazetteer()
        self.norm = norm
        self.by_id = gaz.by_id
        self.keys = gaz.names
        self.entry = gaz.entry
        self.names = {norm(e.name): e.country for e in gaz.entries if e.feature == "country"}
        for key, idx in gaz.names.items():
            for i in idx:
                if gaz.entry(i).feature == "country":
                    self.names.setdefault(key, gaz.entry(i).country)
        self.grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for e in gaz.entries:
            if e.feature == "city" and e.country:
                self.grid.setdefault((int(e.lat // 1), int(e.lon // 1)), []).append(
                    (e.lat, e.lon, e.country))

    def __call__(self, g: dict[str, Any]) -> str | None:
        if g.get("country_name"):
            c = self.names.get(self.norm(str(g["country_name"])))
            if c:
                return c
        e = self.by_id.get(id_str(g.get("geonames_id")) or "")
        if e is not None:
            return e.country or None          # continents and seas have no country
        if self.countryless(g):
            return None
        pt = latlon(g)
        return self.nearest(pt) if pt else None

    def countryless(self, g: dict[str, Any]) -> bool:
        """The gold names a place that lies in several countries ("Middle East", "Korean
        Peninsula", "Persian Gulf"): every gazetteer place of its name (or of its text) is a
        region, sea or continent without a country.  Its point falls in one of them, but the
        nearest town's country is not the place's, so no country is compared."""
        for name in (g.get("name"), g.get("text")):
            if not isinstance(name, str) or not name.strip():
                continue
            idx = self.keys.get(self.norm(name))
            if idx:
                return all(not self.entry(i).country and self.entry(i).feature == "other"
                           for i in idx)
        return False

    def nearest(self, pt: tuple[float, float], within: float = 100.0) -> str | None:
        best: tuple[float, str] | None = None
        cy, cx = int(pt[0] // 1), int(pt[1] // 1)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for lat, lon, c in self.grid.get((cy + dy, cx + dx), ()):
                    d = km_between(pt, (lat, lon))
                    if d <= within and (best is None or d < best[0]):
                        best = (d, c)
        return best[1] if best else None


# ---------------------------------------------------------------- scoring

def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred,
            "gold": n_gold}


def _median(xs: list[float]) -> float | None:
    if not xs:
        return None
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _auc(errs: list[float]) -> float | None:
    if not errs:
        return None
    return round(sum(math.log1p(e) for e in errs) / (len(errs) * math.log(HALF_EARTH_KM)), 4)


class Tally:
    """Running counts over all articles."""

    def __init__(self, country_of: Callable[[dict[str, Any]], str | None]) -> None:
        self.country_of = country_of
        self.n_pred = self.n_gold = self.tp = 0
        self.grounded = self.right = self.matched = 0
        self.id_total = self.id_same = self.no_coords = 0
        self.country_total = self.country_same = 0
        self.errs_matched: list[float] = []
        self.errs_all: list[float] = []
        self.breakdown: dict[str, dict[str, dict[str, int]]] = {"by_type": {}, "by_group": {}}

    def article(self, gold: list[dict[str, Any]], spans: list[tuple[int, int] | None],
                preds: list[dict[str, Any]], keep: set[str] | None) -> None:
        m = match(gold, spans)
        dropped = {gi for gi, g in enumerate(gold) if keep is not None and g.get("type") not in keep}
        self.n_pred += len(spans) - sum(1 for gi in m if gi in dropped)
        for gi, g in enumerate(gold):
            if gi not in dropped:
                self.gold_item(g, preds[m[gi]] if gi in m else None)

    def gold_item(self, g: dict[str, Any], p: dict[str, Any] | None) -> None:
        self.n_gold += 1
        boxes = [self.breakdown[k].setdefault(str(g[f]), {"gold": 0, "detected": 0,
                                                          "grounded": 0, "acc161": 0})
                 for k, f in (("by_type", "type"), ("by_group", "group")) if g.get(f)]
        for b in boxes:
            b["gold"] += 1
            b["detected"] += p is not None
        self.tp += p is not None
        gpt = latlon(g)
        if gpt is None:
            return
        self.grounded += 1
        for b in boxes:
            b["grounded"] += 1
        if p is None:
            self.errs_all.append(HALF_EARTH_KM)
            return
        self.matched += 1
        ppt = latlon(p)
        if ppt is None:
            self.no_coords += 1
            err = HALF_EARTH_KM
        else:
            err = km_between(gpt, ppt)
            self.errs_matched.append(err)
        self.errs_all.append(err)
        if ppt is not None and err <= WITHIN_KM:
            self.right += 1
            for b in boxes:
                b["acc161"] += 1
        if id_str(g.get("geonames_id")):
            self.id_total += 1
            self.id_same += id_str(p.get("geonames_id")) == id_str(g.get("geonames_id"))
        gc = self.country_of(g)
        if gc:
            self.country_total += 1
            self.country_same += (p.get("country") or None) == gc

    def summary(self) -> dict[str, Any]:
        main = round(self.right / self.grounded, 4) if self.grounded else 0.0
        for part in self.breakdown.values():
            for b in part.values():
                b["recall"] = round(b["detected"] / b["gold"], 4) if b["gold"] else 0.0
                b["acc161_all"] = round(b["acc161"] / b["grounded"], 4) if b["grounded"] \
                    else None
        out: dict[str, Any] = {
            "main": {"name": "accuracy_161km_all", "value": main},
            "detection": _prf(self.tp, self.n_pred, self.n_gold),
            "geocoding": {
                "gold_grounded": self.grounded, "matched_grounded": self.matched,
                "accuracy_161km_all": main,
                "accuracy_161km_matched": round(self.right / self.matched, 4)
                if self.matched else 0.0,
                "geonames_id_match_rate": round(self.id_same / self.id_total, 4)
                if self.id_total else None,
                "geonames_id_compared": self.id_total,
                "matched_pred_without_coords": self.no_coords,
                "mean_error_km": round(sum(self.errs_matched) / len(self.errs_matched), 1)
                if self.errs_matched else None,
                "median_error_km": round(_median(self.errs_matched) or 0.0, 1)
                if self.errs_matched else None,
                "auc_matched": _auc(self.errs_matched + [HALF_EARTH_KM] * self.no_coords),
                "auc_all": _auc(self.errs_all),
                "country_accuracy": round(self.country_same / self.country_total, 4)
                if self.country_total else None,
                "country_compared": self.country_total,
            },
        }
        out.update({k: v for k, v in self.breakdown.items() if v})
        return out


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]],
          types: list[str] | tuple[str, ...] | None = None, **opts: Any) -> dict[str, Any]:
    """Figures for ``--format articles`` predictions against geo gold records."""
    keep = set(types) if types else None
    tally = Tally(GoldCountry())
    missing = 0
    for g, p in pair(gold, pred):
        if p is None:
            missing += 1
        spanned = place_spans(g["text"], p) if p is not None else []
        tally.article(g.get("gold") or [], [s for s, _ in spanned], [x for _, x in spanned],
                      keep)
    out = tally.summary()
    out["articles"] = {"gold_articles": len(gold), "gold_without_prediction": missing}
    out["types_filter"] = sorted(keep) if keep else None
    typed = any(g.get("type") for r in gold for g in r.get("gold") or [])
    if keep is None and typed:
        # GeoWebNews: also the literal uses only (adjectives and metonymy are actors to us)
        lit = score(gold, pred, types=LITERAL_TYPES)
        out["literal"] = {"types": list(LITERAL_TYPES), "main": lit["main"],
                          "detection": lit["detection"],
                          "accuracy_161km_matched": lit["geocoding"]["accuracy_161km_matched"],
                          "country_accuracy": lit["geocoding"]["country_accuracy"]}
    return out


def report(summary: dict[str, Any]) -> str:
    det, geo = summary["detection"], summary["geocoding"]
    lines = [
        f"accuracy@161km (all grounded gold)  {geo['accuracy_161km_all']:.3f}  "
        f"over {geo['gold_grounded']} toponyms",
        f"detection  P {det['p']:.3f}  R {det['r']:.3f}  F1 {det['f1']:.3f}  "
        f"(tp {det['tp']}, pred {det['pred']}, gold {det['gold']})",
        f"on matched: accuracy@161km {geo['accuracy_161km_matched']:.3f}  "
        f"country {fmt(geo['country_accuracy'])}  geonames id {fmt(geo['geonames_id_match_rate'])}",
        f"error km: median {fmt(geo['median_error_km'], 1)}  mean {fmt(geo['mean_error_km'], 1)}"
        f"  AUC(all) {fmt(geo['auc_all'])}",
    ]
    lit = summary.get("literal")
    if lit:
        ld = lit["detection"]
        lines.append(f"literal uses only: accuracy@161km {lit['main']['value']:.3f}  "
                     f"detection F1 {ld['f1']:.3f} (P {ld['p']:.3f} R {ld['r']:.3f})  "
                     f"country {fmt(lit['country_accuracy'])}")
    for key in ("by_group", "by_type"):
        for name, b in sorted(summary.get(key, {}).items()):
            lines.append(f"  {name:<22} gold {b['gold']:>5}  recall {b['recall']:.3f}  "
                         f"acc@161 {fmt(b['acc161_all'])}")
    return "\n".join(lines)


def fmt(x: float | None, nd: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"
