"""Event evaluation on sentence-level gold: PLOVER types, triples and 0-4 quad class.

The counting rules are those of the evaluation kit (``shared/eval/score_sentences.py`` and
``EVENT_MAPPINGS.md``), re-implemented here so that ``tidings evaluate`` needs no file outside
the package:

- only asserted events count (modality ``asserted`` or missing);
- **types**: per sentence, the set of predicted types vs the set of required gold types; a
  predicted ``type_alt`` of a gold event counts as that event's type; predictions of a gold
  event's ``optional_types`` that would otherwise be wrong are dropped first; main figure is
  macro-F1 over the types present in the gold;
- **triples**: a prediction matches a gold coding when its type is accepted and its source and
  target countries are allowed (reciprocal codings either way); F1 and extra events per gold;
- **quad**: the class of the most confident asserted event (CAMEO root, else PLOVER type), 0
  when there is none; macro-F1 over gold classes.
"""
from __future__ import annotations

import collections
from typing import Any

DEFAULT_GOLD = "events/plover_gsr.jsonl"

TYPE_PENTA = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 2, "COOPERATE": 2, "AID": 2,
              "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
              "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
LEGACY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS",
          "BUR": "MMR", "SER": "SRB", "GER": "DEU"}
# three-letter code prefixes that are not countries (IGOs, NGOs, bare sectors, regions)
NON_COUNTRY = frozenset(
    "IGO NGO IMG MNC ISM --- UAF REB GOV MIL LEG OPP CVL BUS MED EDU JRN COP SPY CRM REF ELI JUD "
    "LAB PTY REL HRI SEP INS AGR ENV SOC MOS CHR JEW BUD HIN SUN SHI INT WST EUR AFR ASA MEA SAM "
    "NAM CAU CAS SEA BLK BAL SAF WAF EAF CAF NAF".split())


# ------------------------------------------------------------------ reading events

def asserted(ev: dict[str, Any]) -> bool:
    m = ev.get("modality")
    return m is None or (isinstance(m, str) and (not m.strip() or m.strip().lower() == "asserted"))


def etype(ev: dict[str, Any]) -> str:
    t = ev.get("type")
    return str(t).strip().upper() if t else "?"


def _country(c: Any) -> str | None:
    if c is None or not str(c).strip():
        return None
    c = str(c).strip().upper()
    return LEGACY.get(c, c)


def actor_country(a: Any) -> str | None:
    """ISO3 of an actor: its ``country``, else its code's first three letters if a country."""
    if not isinstance(a, dict):
        return None
    c = _country(a.get("country"))
    if c:
        return c
    code = str(a.get("code") or "").strip().upper()
    if len(code) >= 3 and code[:3].isalpha() and code[:3] not in NON_COUNTRY:
        return LEGACY.get(code[:3], code[:3])
    return None


def penta(ev: dict[str, Any], scheme: str) -> int:
    code = str(ev.get("cameo") or "")
    if len(code) >= 2 and code[:2].isdigit() and 1 <= int(code[:2]) <= 20:
        r = int(code[:2])
        if r <= 2:
            return 0
        if r <= 5:
            return 1
        if r <= 8:
            return 2
        if r <= 13 or (r == 16 and scheme == "conflibert_penta"):
            return 3
        return 4
    t = etype(ev)
    if t == "SANCTION" and scheme == "conflibert_penta":
        return 3
    if t in TYPE_PENTA:
        return TYPE_PENTA[t]
    q = ev.get("quad_class")
    return int(q) if isinstance(q, int) and 1 <= q <= 4 else -1


# ------------------------------------------------------------------ gold codings

def accepts(g: dict[str, Any]) -> set[str]:
    if not g.get("type"):
        return set()
    return {str(g["type"]).upper()} | {str(t).upper() for t in g.get("type_alt") or []}


def _side(g: dict[str, Any], side: str) -> set[str | None] | None:
    if isinstance(g.get(side + "_countries"), list):
        return {_country(c) for c in g[side + "_countries"]}
    if side + "_country" in g:
        return {_country(g[side + "_country"])}
    if isinstance(g.get(side), list):
        return {actor_country(a) for a in g[side]} or {None}
    if isinstance(g.get(side), dict):
        return {actor_country(g[side])}
    return None


def actors_match(ev: dict[str, Any], g: dict[str, Any]) -> bool:
    s_allowed, t_allowed = _side(g, "source"), _side(g, "target")
    if s_allowed is None and t_allowed is None:
        return True
    s_allowed = s_allowed if s_allowed is not None else {None}
    t_allowed = t_allowed if t_allowed is not None else {None}
    s, t = actor_country(ev.get("source")), actor_country(ev.get("target"))
    return (s in s_allowed and t in t_allowed) or (
        bool(g.get("reciprocal")) and s in t_allowed and t in s_allowed)


def tolerated(ev: dict[str, Any], gold: list[dict[str, Any]]) -> bool:
    t = etype(ev)
    for g in gold:
        opt = {str(x).upper() for x in g.get("optional_types") or []}
        if opt and ("*" in opt or t in opt) and actors_match(ev, g):
            return True
    return False


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _index(pred: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_id: dict[str, list[dict[str, Any]]] = {}
    for r in pred:
        if isinstance(r.get("events"), list):
            by_id.setdefault(str(r.get("id")), []).extend(r["events"])
        elif r.get("article_id") is not None:
            by_id.setdefault(str(r["article_id"]), []).append(r)
    return by_id


# ------------------------------------------------------------------ tasks

def score_types(records: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    tp: collections.Counter[str] = collections.Counter()
    fp: collections.Counter[str] = collections.Counter()
    fn: collections.Counter[str] = collections.Counter()
    support: collections.Counter[str] = collections.Counter()
    for rec in records:
        gold = [g for g in rec["gold"] if isinstance(g, dict)]
        required = [g for g in gold if g.get("type")]
        G = {str(g["type"]).upper() for g in required}
        accepted = set().union(*(accepts(g) for g in required)) if required else set()
        kept = [ev for ev in preds.get(str(rec["id"]), []) if asserted(ev)
                and not (etype(ev) not in accepted and tolerated(ev, gold))]
        P = {etype(ev) for ev in kept}
        for g in required:
            alts = (accepts(g) - {str(g["type"]).upper()}) & (P - G)
            if alts:
                P = (P - alts) | {str(g["type"]).upper()}
        support.update(G)
        for t in G | P:
            if t in G and t in P:
                tp[t] += 1
            elif t in P:
                fp[t] += 1
            else:
                fn[t] += 1
    per = {}
    for t in sorted(set(tp) | set(fp) | set(fn)):
        p, r, f = _prf(tp[t], fp[t], fn[t])
        per[t] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "support": support[t]}
    gold_types = [t for t in per if support[t]]
    mp, mr, mf = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    macro = sum(per[t]["f1"] for t in gold_types) / len(gold_types) if gold_types else 0.0
    return {"macro_f1": round(macro, 4), "micro_p": round(mp, 4), "micro_r": round(mr, 4),
            "micro_f1": round(mf, 4), "per_type": per, "main": round(macro, 4)}


def score_triples(records: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    n_gold = n_gold_hit = n_pred = n_ok = 0
    for rec in records:
        gold = [g for g in rec["gold"] if isinstance(g, dict)]
        req = [g for g in gold if g.get("type")]
        hits: set[int] = set()
        for ev in preds.get(str(rec["id"]), []):
            if not asserted(ev):
                continue
            h = [i for i, g in enumerate(req) if etype(ev) in accepts(g) and actors_match(ev, g)]
            if not h and tolerated(ev, gold):
                continue
            n_pred += 1
            n_ok += bool(h)
            hits.update(h)
        n_gold += len(req)
        n_gold_hit += len(hits)
    p = n_ok / n_pred if n_pred else 0.0
    r = n_gold_hit / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    extra = (n_pred - n_ok) / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "gold_codings": n_gold,
            "pred_events": n_pred, "extra_events": n_pred - n_ok,
            "extra_event_rate": round(extra, 4), "main": round(f, 4)}


def score_quad(records: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    tp: collections.Counter[int] = collections.Counter()
    fp: collections.Counter[int] = collections.Counter()
    fn: collections.Counter[int] = collections.Counter()
    support: collections.Counter[int] = collections.Counter()
    correct = 0
    for rec in records:
        scheme = rec.get("quad_scheme") or "standard"
        gq = int(rec["gold_quad"])
        alt = {int(x) for x in rec.get("gold_quad_alt") or []}
        evs = [ev for ev in preds.get(str(rec["id"]), []) if asserted(ev)]
        if evs:
            best = max(enumerate(evs), key=lambda ie: (float(ie[1].get("confidence") or 0.0),
                                                        -ie[0]))[1]
            pq = penta(best, scheme)
        else:
            pq = 0
        g_eff = pq if pq in alt else gq
        support[g_eff] += 1
        if pq == g_eff:
            correct += 1
            tp[pq] += 1
        else:
            fp[pq] += 1
            fn[g_eff] += 1
    per = {}
    for c in sorted(set(tp) | set(fp) | set(fn)):
        p, r, f = _prf(tp[c], fp[c], fn[c])
        per[str(c)] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
                       "support": support[c]}
    gold_classes = [str(c) for c in support if support[c]]
    macro = sum(per[c]["f1"] for c in gold_classes) / len(gold_classes) if gold_classes else 0.0
    return {"accuracy": round(correct / len(records), 4) if records else 0.0,
            "macro_f1": round(macro, 4), "per_class": per, "main": round(macro, 4)}


def modality_errors(records: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Share of gold non-asserted codings (if the gold marks modality) emitted as asserted."""
    n = wrong = 0
    for rec in records:
        for g in rec.get("gold") or []:
            m = g.get("modality") if isinstance(g, dict) else None
            if not m or m == "asserted":
                continue
            n += 1
            if any(asserted(ev) and etype(ev) in accepts(g) for ev in preds.get(str(rec["id"]), [])):
                wrong += 1
    return {"non_asserted_gold": n, "emitted_as_asserted": wrong,
            "rate": round(wrong / n, 4) if n else None}


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]], task: str = "auto",
          **_: Any) -> dict[str, Any]:
    live = [r for r in gold if not r.get("excluded") and "id" in r]
    preds = _index(pred)
    out: dict[str, Any] = {"sentences": len(live)}
    has_gold_lists = any(isinstance(r.get("gold"), list) for r in live)
    if task in ("auto", "types", "triples") and has_gold_lists:
        recs = [r for r in live if isinstance(r.get("gold"), list)]
        out["types"] = score_types(recs, preds)
        out["triples"] = score_triples(recs, preds)
        out["modality"] = modality_errors(recs, preds)
        out["main"] = out["types"]["main"] if task != "triples" else out["triples"]["main"]
        out["main_metric"] = "types macro-F1" if task != "triples" else "triple F1"
    qrecs = [r for r in live if r.get("gold_quad") is not None]
    if qrecs and task in ("auto", "quad"):
        out["quad"] = score_quad(qrecs, preds)
        if "main" not in out:
            out["main"], out["main_metric"] = out["quad"]["main"], "quad macro-F1"
    return out


def report(summary: dict[str, Any]) -> str:
    lines = [f"sentences: {summary['sentences']}"]
    if "types" in summary:
        t, tr = summary["types"], summary["triples"]
        lines.append(f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
        for k, v in t["per_type"].items():
            lines.append(f"{k:<10} {v['p']:>6.3f} {v['r']:>6.3f} {v['f1']:>6.3f} {v['support']:>5}")
        lines.append(f"types macro-F1 {t['macro_f1']:.3f}   micro-F1 {t['micro_f1']:.3f} "
                     f"(P {t['micro_p']:.3f} R {t['micro_r']:.3f})")
        lines.append(f"triples F1 {tr['f1']:.3f} (P {tr['p']:.3f} R {tr['r']:.3f})   "
                     f"extra events per gold {tr['extra_event_rate']:.3f} "
                     f"({tr['extra_events']}/{tr['gold_codings']})")
        m = summary.get("modality") or {}
        if m.get("rate") is not None:
            lines.append(f"non-asserted gold emitted as asserted: {m['emitted_as_asserted']}/"
                         f"{m['non_asserted_gold']} ({m['rate']:.3f})")
    if "quad" in summary:
        q = summary["quad"]
        lines.append(f"quad accuracy {q['accuracy']:.3f}   macro-F1 {q['macro_f1']:.3f}")
    return "\n".join(lines)
COMPONENTS = {"time": "none", "places": "none", "quotes": "none"}
