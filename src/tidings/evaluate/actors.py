"""Actor evaluation: country and sector accuracy of event sources and targets.

The counting follows the evaluation kit's actor scorer (``shared/eval/score_actors.py``), written
again here so ``tidings evaluate actors`` needs nothing outside the package:

- predicted events count only when asserted (modality absent or ``asserted``);
- every gold coding with a PLOVER type is a *coding*; it is *reached* when the sentence has a
  predicted event of an accepted type (``type`` or ``type_alt``);
- a reached coding is judged against its best such event: the pair (source, target) - or, for a
  reciprocal coding, also (target, source) - maximising (countries right, agents right);
- a side's country is right when the predicted actor's ``country`` equals the gold country
  (null equals null); its agent is judged only when the gold code carries one (``USAGOV`` ->
  GOV) and is right when the predicted code or sector list contains it;
- the main figure is the mean of source and target country accuracy over reached codings; also
  the share of predicted asserted events whose source has neither code nor country.

Which gold fields: the kit reads ``source_country`` / ``source_code`` (and ``target_*``) on each
gold coding.  ``fields="kit"`` (the default) does exactly that, so our figures equal the kit's.
Gold files that carry actors as lists instead (``plover_gsr.jsonl``: ``source: [{country, code,
sector}]``) have no such fields, so the kit compares every side with null; ``fields="lists"``
judges those files by their lists (right if the predicted country is any listed country; agent
right if any listed sector is predicted) and is reported alongside as ``lists``.

Beyond the kit: ``mentions`` - of the gold actor texts found in the sentence, the share
overlapped by a predicted mention, and by one with the gold country (independent of events).
"""
from __future__ import annotations

from typing import Any

DEFAULT_GOLD = "events/plover_gsr.jsonl"
# the coder runs only the stages actor scoring needs
COMPONENTS = {"time": "none", "places": "none", "quotes": "none", "dedup": "none"}
NOT_ASSERTED = frozenset({"negated", "hypothetical", "future", "historical"})


def _events_by_id(pred: list[dict[str, Any]]) -> dict[Any, list[dict[str, Any]]]:
    """Article records (with ``events``) or bare event records (with ``article_id``)."""
    out: dict[Any, list[dict[str, Any]]] = {}
    for r in pred:
        if "events" in r:
            out.setdefault(r.get("id"), []).extend(r["events"])
        else:
            out.setdefault(r.get("article_id"), []).append(r)
    return out


def _agents(code: str | None) -> set[str]:
    """The 3-letter agent codes after the country part: USAGOVMIL -> {GOV, MIL}."""
    code = code or ""
    return {code[i:i + 3] for i in range(3, len(code), 3)}


def _judge(actor: dict[str, Any] | None, countries: list[str | None],
           wanted: set[str]) -> tuple[bool, bool | None]:
    actor = actor or {}
    country_ok = (actor.get("country") or None) in countries
    have = _agents(actor.get("code")) | set(actor.get("sector") or [])
    return country_ok, (None if not wanted else bool(wanted & have))


def _gold_side(g: dict[str, Any], side: str, fields: str) -> tuple[list[str | None], set[str]]:
    """(acceptable countries, wanted agents) of one side of a gold coding."""
    if fields == "kit":
        return [g.get(f"{side}_country") or None], _agents(g.get(f"{side}_code"))
    items = g.get(side) or []
    if not items:
        return [None], set()
    countries = [a.get("country") or None for a in items]
    wanted = {s for a in items for s in (a.get("sector") or [])} | \
        {x for a in items for x in _agents(a.get("code"))}
    return countries, wanted


def _score_codings(gold: list[dict[str, Any]], events: dict[Any, list[dict[str, Any]]],
                   fields: str) -> dict[str, Any]:
    n = reached = 0
    src_c = tgt_c = 0
    agent = {"source": [0, 0], "target": [0, 0]}
    for r in gold:
        evs = [e for e in events.get(r.get("id"), [])
               if (e.get("modality") or "asserted") not in NOT_ASSERTED]
        for g in r.get("gold", []):
            if not g.get("type"):
                continue
            n += 1
            accepted = {g["type"], *g.get("type_alt", [])}
            cands = [e for e in evs if e.get("type") in accepted]
            if not cands:
                continue
            reached += 1
            s_gold, t_gold = _gold_side(g, "source", fields), _gold_side(g, "target", fields)
            best: tuple[tuple[int, int], bool, bool, bool | None, bool | None] | None = None
            for e in cands:
                pairs = [(e.get("source"), e.get("target"))]
                if g.get("reciprocal"):
                    pairs.append((e.get("target"), e.get("source")))
                for s, t in pairs:
                    sc, sa = _judge(s, *s_gold)
                    tc, ta = _judge(t, *t_gold)
                    key = (int(sc) + int(tc), int(sa or 0) + int(ta or 0))
                    if best is None or key > best[0]:
                        best = (key, sc, tc, sa, ta)
            assert best is not None
            _, sc, tc, sa, ta = best
            src_c += sc
            tgt_c += tc
            for side, v in (("source", sa), ("target", ta)):
                if v is not None:
                    agent[side][0] += int(v)
                    agent[side][1] += 1

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    out = {
        "codings": n, "reached": reached,
        "source_country_acc": ratio(src_c, reached) or 0.0,
        "target_country_acc": ratio(tgt_c, reached) or 0.0,
        "source_agent_acc": ratio(*agent["source"]),
        "target_agent_acc": ratio(*agent["target"]),
    }
    out["main"] = round((out["source_country_acc"] + out["target_country_acc"]) / 2, 3)
    return out


def _unresolved(gold: list[dict[str, Any]], events: dict[Any, list[dict[str, Any]]]
                ) -> dict[str, Any]:
    total = src = tgt = 0
    for r in gold:
        for e in events.get(r.get("id"), []):
            if (e.get("modality") or "asserted") in NOT_ASSERTED:
                continue
            total += 1
            s, t = e.get("source") or {}, e.get("target") or {}
            src += not (s.get("code") or s.get("country"))
            tgt += not (t.get("code") or t.get("country"))
    return {"events": total,
            "unresolved_source_share": round(src / total, 3) if total else None,
            "unresolved_target_share": round(tgt / total, 3) if total else None}


def _mention_coverage(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    by_id = {r.get("id"): r for r in pred if "mentions" in r}
    n = covered = right = 0
    for r in gold:
        p = by_id.get(r.get("id"))
        if p is None:
            continue
        text, mentions = p.get("text") or r.get("text", ""), p.get("mentions") or []
        for g in r.get("gold", []):
            for side in ("source", "target"):
                for a in g.get(side) or []:
                    t = a.get("text") or ""
                    i = text.find(t) if t else -1
                    if i < 0:
                        continue
                    n += 1
                    over = [m for m in mentions if m["start"] < i + len(t) and m["end"] > i]
                    covered += bool(over)
                    right += any((m.get("actor") or {}).get("country") == a.get("country")
                                 for m in over)
    return {"gold_texts": n,
            "covered": round(covered / n, 3) if n else None,
            "right_country": round(right / n, 3) if n else None}


def score(gold: list[dict[str, Any]], pred: list[dict[str, Any]], fields: str = "kit",
          **_: Any) -> dict[str, Any]:
    """Figures of ``shared/eval/score_actors.py`` (``fields="kit"``) plus list-based ones."""
    events = _events_by_id(pred)
    out = _score_codings(gold, events, fields)
    out.update(_unresolved(gold, events))
    has_kit_fields = any("source_country" in g for r in gold for g in r.get("gold", []))
    if not has_kit_fields or fields != "lists":
        out["lists"] = _score_codings(gold, events, "lists")
    out["gold_has_kit_fields"] = has_kit_fields
    out["mentions"] = _mention_coverage(gold, pred)
    return out


def report(summary: dict[str, Any]) -> str:
    s = summary
    lines = [
        f"actors: country accuracy {s['main']:.3f} (source {s['source_country_acc']}, "
        f"target {s['target_country_acc']}), agent {s['source_agent_acc']}/"
        f"{s['target_agent_acc']}, over {s['reached']}/{s['codings']} codings reached",
        f"unresolved sources {s['unresolved_source_share']}, targets "
        f"{s['unresolved_target_share']} (of {s['events']} asserted events)",
    ]
    if "lists" in s:
        li = s["lists"]
        note = "" if s.get("gold_has_kit_fields") else \
            " [gold has no source_country/source_code fields: the kit-style figures above " \
            "compare every side with null; these use the gold actor lists]"
        lines.append(f"by gold actor lists: country {li['main']:.3f} (source "
                     f"{li['source_country_acc']}, target {li['target_country_acc']}), agent "
                     f"{li['source_agent_acc']}/{li['target_agent_acc']}{note}")
    m = s.get("mentions") or {}
    if m.get("gold_texts"):
        lines.append(f"mentions: {m['covered']} of {m['gold_texts']} gold actor texts overlapped "
                     f"by a mention, {m['right_country']} by one with the gold country")
    return "\n".join(lines)
