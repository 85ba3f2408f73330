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
Beyond the kit, the lists figures add ``unresolved_named``: of the reached codings whose gold names
an actor with a country on a side, the share where our best event has no coded actor there (the
kit's share also counts events that rightly have no target, "X resigned").

Which gold fields: the kit reads ``source_country`` / ``source_code`` (and ``target_*``) on each
gold coding.  ``fields="kit"`` (the default) does exactly that, so our figures equal the kit's.
Gold files that carry actors as lists instead (``plover_gsr.jsonl``: ``source: [{country, code,
sector}]``) have no such fields, so the kit compares every side with null; ``fields="lists"``
judges those files by their lists and is reported alongside as ``lists``: a side is a list of
members, each a (country, sectors) option; the country is right if it is any member's, and the
agent is judged against the sectors of the members with that country (of all members when none
has it; not judged when those members carry no sector).  For a ``reciprocal`` coding (a compound
actor, "Jordan and Britain agreed") with no separate target, the gold file's conversion notes
say any member - or nothing - is an allowed target (``target_countries``), so the target side's
options are the source members plus null.

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


Option = tuple[str | None, frozenset[str]]


def _judge(actor: dict[str, Any] | None, options: list[Option]) -> tuple[bool, bool | None]:
    """(country right, agent right or None when not judged) of one predicted side."""
    actor = actor or {}
    country = actor.get("country") or None
    same = [o for o in options if o[0] == country]
    have = _agents(actor.get("code")) | set(actor.get("sector") or [])
    wanted = set().union(*(o[1] for o in (same or options))) if options else set()
    return bool(same), (None if not wanted else bool(wanted & have))


def _gold_side(g: dict[str, Any], side: str, fields: str) -> list[Option]:
    """The acceptable (country, agents) options of one side of a gold coding."""
    if fields == "kit":
        return [(g.get(f"{side}_country") or None, frozenset(_agents(g.get(f"{side}_code"))))]
    items = g.get(side) or []
    if not items and side == "target" and g.get("reciprocal"):
        # a compound actor with no separate target: any member, or nothing
        return _gold_side(g, "source", fields) + [(None, frozenset())]
    if not items:
        return [(None, frozenset())]
    return [(a.get("country") or None,
             frozenset(a.get("sector") or []) | _agents(a.get("code"))) for a in items]


def _score_codings(gold: list[dict[str, Any]], events: dict[Any, list[dict[str, Any]]],
                   fields: str) -> dict[str, Any]:
    n = reached = 0
    src_c = tgt_c = 0
    agent = {"source": [0, 0], "target": [0, 0]}
    # reached codings whose gold names an actor on a side, and of those the ones our best
    # event leaves without an actor or with an uncoded one there
    named = {"source": [0, 0], "target": [0, 0]}
    errors: list[dict[str, Any]] = []
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
            best: tuple[Any, ...] | None = None
            for e in cands:
                pairs = [(e.get("source"), e.get("target"))]
                if g.get("reciprocal"):
                    pairs.append((e.get("target"), e.get("source")))
                for s, t in pairs:
                    sc, sa = _judge(s, s_gold)
                    tc, ta = _judge(t, t_gold)
                    key = (int(sc) + int(tc), int(sa or 0) + int(ta or 0))
                    if best is None or key > best[0]:
                        best = (key, sc, tc, sa, ta, s, t)
            assert best is not None
            _, sc, tc, sa, ta, s, t = best
            wrong = [k for k, v in (("source_country", sc), ("target_country", tc),
                                    ("source_agent", sa), ("target_agent", ta)) if v is False]
            if wrong and fields == "lists":     # kit-style figures list no errors
                errors.append({"id": r.get("id"), "type": g["type"], "wrong": wrong,
                               "gold_source": _show_gold(g.get("source")),
                               "gold_target": _show_gold(g.get("target")),
                               "pred_source": _show_pred(s), "pred_target": _show_pred(t)})
            src_c += sc
            tgt_c += tc
            for side, opts, a in (("source", s_gold, s), ("target", t_gold, t)):
                if all(country for country, _ in opts):       # no option of "nobody"
                    named[side][1] += 1
                    named[side][0] += not (a and (a.get("code") or a.get("country")))
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
    out["unresolved_named"] = {side: ratio(*named[side]) for side in named}
    if fields == "lists":          # kit-style figures on list gold would list everything
        out["errors"] = errors
    return out


def _show_gold(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [f"{a.get('text')!r} {a.get('country')}/{'|'.join(a.get('sector') or [])}"
            for a in items]


def _show_pred(a: dict[str, Any] | None) -> str | None:
    if not a:
        return None
    rule = (a.get("resolution") or {}).get("rule")
    return f"{a.get('text')!r} {a.get('code')} {a.get('country')}/" \
           f"{'|'.join(a.get('sector') or [])}" + (f" [{rule}]" if rule else "")


def _unresolved(gold: list[dict[str, Any]], events: dict[Any, list[dict[str, Any]]]
                ) -> dict[str, Any]:
    """Share of asserted events whose source (target) has neither code nor country; split into
    sides with no actor at all (the events stage attached none: no argument found, or an
    argument the actors stage gave no mention) and actors attached but not coded."""
    total = 0
    n = {"source": [0, 0], "target": [0, 0]}          # [no argument, uncoded actor]
    for r in gold:
        for e in events.get(r.get("id"), []):
            if (e.get("modality") or "asserted") in NOT_ASSERTED:
                continue
            total += 1
            for side in ("source", "target"):
                a = e.get(side)
                if not a:
                    n[side][0] += 1
                elif not (a.get("code") or a.get("country")):
                    n[side][1] += 1

    def share(k: int) -> float | None:
        return round(k / total, 3) if total else None

    return {"events": total,
            "unresolved_source_share": share(sum(n["source"])),
            "unresolved_target_share": share(sum(n["target"])),
            "unresolved_split": {f"{side}_{what}": share(n[side][i])
                                 for side in ("source", "target")
                                 for i, what in enumerate(("no_argument", "uncoded"))}}


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
    sp = s.get("unresolved_split") or {}
    if sp:
        lines.append(f"  of which no actor attached (no argument, or no mention on it): sources "
                     f"{sp['source_no_argument']}, targets {sp['target_no_argument']}; "
                     f"actor found but not coded: {sp['source_uncoded']}, {sp['target_uncoded']}")
    if "lists" in s:
        li = s["lists"]
        note = "" if s.get("gold_has_kit_fields") else \
            " [gold has no source_country/source_code fields: the kit-style figures above " \
            "compare every side with null; these use the gold actor lists]"
        lines.append(f"by gold actor lists: country {li['main']:.3f} (source "
                     f"{li['source_country_acc']}, target {li['target_country_acc']}), agent "
                     f"{li['source_agent_acc']}/{li['target_agent_acc']}{note}")
        lines.append(f"  {len(li.get('errors') or [])} reached codings with a wrong country or "
                     f"agent (listed under lists/errors with --json)")
        un = li.get("unresolved_named") or {}
        if un:
            lines.append(f"  where the gold names an actor, ours is missing or uncoded: sources "
                         f"{un['source']}, targets {un['target']}")
    m = s.get("mentions") or {}
    if m.get("gold_texts"):
        lines.append(f"mentions: {m['covered']} of {m['gold_texts']} gold actor texts overlapped "
                     f"by a mention, {m['right_country']} by one with the gold country")
    return "\n".join(lines)
