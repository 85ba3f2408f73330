"""Integrity of the hand-labelled dedup corpus, and the merge measured on its gold events."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from tidings.records import PLOVER_TYPES, MODALITIES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "dedup_corpus"


def _lines(name: str) -> list[dict]:
    return [json.loads(x) for x in (CORPUS / name).read_text(encoding="utf-8").splitlines() if x]


def test_articles_and_gold_line_up() -> None:
    arts, gold = _lines("articles.jsonl"), _lines("gold.jsonl")
    assert [a["id"] for a in arts] == [g["id"] for g in gold]
    assert len({a["id"] for a in arts}) == len(arts) == 42
    for a in arts:
        assert set(a) == {"id", "outlet", "published", "title", "text"}
        assert a["text"].strip() and a["outlet"] and len(a["published"]) == 10


def test_gold_labels_are_well_formed() -> None:
    ids = {g["id"] for g in _lines("gold.jsonl")}
    for g in _lines("gold.jsonl"):
        assert g["duplicate_of"] is None or g["duplicate_of"] in ids
        for e in g["events"]:
            assert e["type"] in PLOVER_TYPES and e["modality"] in MODALITIES
            assert e["source"][:3].isalpha() and e["target"][:3].isalpha()


def test_at_least_eight_stories_told_three_to_five_times() -> None:
    gold = _lines("gold.jsonl")
    per_story = Counter(e["event"] for g in gold if not g["duplicate_of"] for e in g["events"])
    stories = {k: n for k, n in per_story.items() if k.startswith("S")}
    assert len(stories) >= 8 and all(3 <= n <= 5 for n in stories.values())
    outlets = {}
    arts = {a["id"]: a for a in _lines("articles.jsonl")}
    for g in gold:
        for e in g["events"]:
            if not g["duplicate_of"]:
                outlets.setdefault(e["event"], set()).add(arts[g["id"]]["outlet"])
    assert all(len(outlets[s]) == n for s, n in stories.items())    # one telling per outlet


def test_merge_on_gold_events() -> None:
    """With perfect coding the rules split only S07's undated 'this week' telling (2 days late)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_dedup

    arts, gold = bench_dedup.load()
    res = bench_dedup.store_and_score(
        [bench_dedup.gold_record(a, gold[a["id"]]) for a in arts], gold, window_days=1)
    s = res["pairwise"]
    assert (s["true_pairs"], s["pred_pairs"], s["gold_pairs"]) == (44, 44, 47)
    assert s["precision"] == 1.0 and s["f1"] == 0.967
    assert res["article_dedup"]["found"] == ["s01a-copy", "s03a-repost"]
    wider = bench_dedup.store_and_score(
        [bench_dedup.gold_record(a, gold[a["id"]]) for a in arts], gold, window_days=2)
    assert wider["pairwise"]["recall"] == 1.0 and wider["pairwise"]["precision"] == 1.0
