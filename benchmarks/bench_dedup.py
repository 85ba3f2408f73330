"""Measure cross-article event dedup on tests/data/dedup_corpus (pairwise precision/recall/F1).

Two measurements, both through the real store (``open_store`` / ``add_article``):

- ``gold-mentions``: article records carrying the hand-coded events of gold.jsonl, so the figure
  measures the merge rules alone (what a perfect coder would give the store);
- ``pipeline``: the corpus coded by the real pipeline (``tidings code`` with the default stages),
  each coded event mention labelled with the gold event of its article that has the same type
  (else it is its own event).  ``pairwise`` scores the coded mentions; ``end_to_end_recall``
  divides the true merged pairs by all gold pairs, so events the coder missed count as misses.

Also: syndicated copies and re-posts found (article dedup precision/recall).

    .venv/bin/python benchmarks/bench_dedup.py [--skip-pipeline] [--window-days 1]
        [--empty-slot-jaccard 0.5]      # >1 turns the empty-actor-slot rule off (the "before")

writes benchmarks/results/dedup.json (command, machine, date, figures).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tidings import dedup  # noqa: E402
from tidings.dedup import pairwise_scores  # noqa: E402
from tidings.store import open_store  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "dedup_corpus"
RESULTS = ROOT / "benchmarks" / "results" / "dedup.json"


def load() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    arts = [json.loads(x) for x in (CORPUS / "articles.jsonl").read_text().splitlines() if x]
    gold = {g["id"]: g for g in map(json.loads,
                                    (CORPUS / "gold.jsonl").read_text().splitlines()) if g}
    return arts, gold


def _actor(code: str | None) -> dict[str, Any] | None:
    if not code:
        return None
    return {"text": code, "name": None, "code": code, "country": code[:3],
            "sector": [code[3:6]] if len(code) > 3 else [], "kb_id": None}


def gold_record(art: dict[str, Any], g: dict[str, Any]) -> dict[str, Any]:
    """The article as a contract record whose events are the hand-coded gold events."""
    events = []
    for i, e in enumerate(g["events"]):
        loc = ({"start": 0, "end": 0, "text": e["location"], "name": e["location"],
                "country": e["location"], "admin1": None, "lat": None, "lon": None,
                "geonames_id": None, "feature": "country"} if e.get("location") else None)
        events.append({
            "id": f"g{art['id']}-{i}", "article_id": art["id"], "type": e["type"], "mode": None,
            "context": [], "cameo": None, "goldstein": None, "quad_class": None,
            "source": _actor(e["source"]), "target": _actor(e["target"]),
            "date": e["date"] or art["published"], "date_granularity": "day",
            "date_source": "text" if e["date"] else "published", "location": loc,
            "modality": e["modality"], "evidence": {"start": 0, "end": 0, "text": ""},
            "quote": None, "confidence": 0.7, "gold_event": e["event"]})
    return {**art, "url": None, "mentions": [], "timexes": [], "places": [], "quotes": [],
            "events": events}


def store_and_score(records: list[dict[str, Any]], gold: dict[str, dict[str, Any]],
                    window_days: int) -> dict[str, Any]:
    """Add records to a fresh store; score its merge and its article dedup against gold."""
    with tempfile.TemporaryDirectory() as tmp, \
            open_store(str(Path(tmp) / "bench.db"), window_days=window_days) as st:
        t0 = time.perf_counter()
        added = {r["id"]: st.add_article(r) for r in records}
        secs = time.perf_counter() - t0
        raw = st.events(merged=False)
        stats = st.stats()
    pred, labels = [], []
    for m in raw:
        gold_events = gold[m["article_id"]]["events"]
        same = [e["event"] for e in gold_events if e["type"] == m["type"]]
        pred.append(m["merged_into"])
        labels.append(same[0] if same else f"extra:{m['article_id']}:{m['id']}")
    found = {i for i, ok in added.items() if not ok}
    true_dups = {i for i, g in gold.items() if g.get("duplicate_of")}
    gold_pairs_all = _gold_pairs(gold, exclude=true_dups)
    scores = pairwise_scores(pred, labels)
    return {
        "pairwise": scores,
        "end_to_end_recall": round(scores["true_pairs"] / gold_pairs_all, 4)
        if gold_pairs_all else 1.0,
        "gold_pairs_all": gold_pairs_all,
        "event_mentions": stats["event_mentions"], "events": stats["events"],
        "gold_events": len({e["event"] for g in gold.values() for e in g["events"]}),
        "article_dedup": {"found": sorted(found), "true": sorted(true_dups),
                          "precision": round(len(found & true_dups) / len(found), 4)
                          if found else 1.0,
                          "recall": round(len(found & true_dups) / len(true_dups), 4)
                          if true_dups else 1.0},
        "seconds_store": round(secs, 3),
    }


def _gold_pairs(gold: dict[str, dict[str, Any]], exclude: set[str]) -> int:
    from collections import Counter
    c = Counter(e["event"] for i, g in gold.items() if i not in exclude for e in g["events"])
    return sum(n * (n - 1) // 2 for n in c.values())


def code_corpus(arts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Code the corpus with the real pipeline (as ``tidings code FILE --format articles``)."""
    from tidings.pipeline import code_records
    from tidings.records import Article

    articles = [Article(text=a["text"], id=a["id"], title=a.get("title"),
                        published=a.get("published"), outlet=a.get("outlet"),
                        published_source="json", outlet_source="json") for a in arts]
    return list(code_records(articles))


def _commit() -> str | None:
    import subprocess
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-pipeline", action="store_true", help="only the gold-mentions figure")
    ap.add_argument("--window-days", type=int, default=1)
    ap.add_argument("--empty-slot-jaccard", type=float, default=dedup.EMPTY_SLOT_MIN_JACCARD,
                    help="evidence Jaccard for merging an empty actor slot with a filled one "
                         "(within and across articles); above 1 turns the rule off")
    ap.add_argument("--output", default=str(RESULTS))
    args = ap.parse_args(argv)
    dedup.EMPTY_SLOT_MIN_JACCARD = args.empty_slot_jaccard
    arts, gold = load()
    result: dict[str, Any] = {
        "command": " ".join([".venv/bin/python benchmarks/bench_dedup.py",
                             *(argv if argv is not None else sys.argv[1:])]),
        "commit": _commit(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine()},
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "corpus": {"articles": len(arts),
                   "real_world_events": len({e["event"] for g in gold.values()
                                             for e in g["events"]}),
                   "copies": sum(1 for g in gold.values() if g.get("duplicate_of"))},
        "window_days": args.window_days,
        "empty_slot_min_jaccard": args.empty_slot_jaccard,
    }
    result["gold_mentions"] = store_and_score(
        [gold_record(a, gold[a["id"]]) for a in arts], gold, args.window_days)
    if not args.skip_pipeline:
        t0 = time.perf_counter()
        coded = code_corpus(arts)
        result["pipeline"] = store_and_score(coded, gold, args.window_days)
        result["pipeline"]["seconds_coding"] = round(time.perf_counter() - t0, 2)
        result["pipeline"]["coded_events"] = sum(len(r["events"]) for r in coded)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")
    for mode in ("gold_mentions", "pipeline"):
        if mode in result:
            s = result[mode]["pairwise"]
            print(f"{mode:14} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
                  f"(mentions {s['items']}, events {result[mode]['events']}, "
                  f"end-to-end recall {result[mode]['end_to_end_recall']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
