"""The quotes evaluation task: hand-made gold/prediction pairs with known figures, and the same
figures as shared/eval/score_quotes.py on one file (when shared/ is present)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tidings.evaluate.quotes import WordIndex, has_word, score

TEXT = ("The minister said the talks had failed. “We will try again,” she said, “next year.” "
        "Critics believe the plan is dead.")


def _gold_item(content: str, source: str | None, kind: str, pieces: list[str] | None = None,
               head: str | None = None) -> dict:
    s = TEXT.index(content)
    e = s + len(content)
    item = {"content_start": s, "content_end": e, "content_text": content,
            "content_pieces": [[TEXT.index(p), TEXT.index(p) + len(p)] for p in pieces]
            if pieces else [[s, e]],
            "source_start": None, "source_end": None, "source_text": None, "source_head": head,
            "cue_text": "said", "kind_guess": kind}
    if source:
        item["source_start"] = TEXT.index(source)
        item["source_end"] = item["source_start"] + len(source)
        item["source_text"] = source
    return item


GOLD = [{"id": "g1", "text": TEXT, "gold": [
    _gold_item("the talks had failed", "The minister", "indirect", head="minister"),
    _gold_item("“We will try again,” she said, “next year.”", "she", "direct",
               pieces=["“We will try again,”", "“next year.”"], head="she"),
    _gold_item("the plan is dead", "Critics", "indirect", head="Critics"),
]}]


def _quote(content: str, speaker: str | None, cue: str = "said") -> dict:
    s = TEXT.index(content)
    q = {"start": s, "end": s + len(content), "text": content, "kind": "direct", "cue": cue,
         "speaker_text": speaker, "speaker_start": None, "speaker_end": None, "speaker": None}
    if speaker:
        q["speaker_start"] = TEXT.index(speaker)
        q["speaker_end"] = q["speaker_start"] + len(speaker)
    return q


PRED = [{"id": "g1", "text": TEXT, "quotes": [
    _quote("the talks had failed", "The minister"),
    _quote("We will try again,", "she"),          # skips the interruption and the second piece
    _quote("The minister said", None),            # spurious: overlaps nothing in the gold
]}]


def test_word_index_counts_tokens_overlapping_a_span():
    w = WordIndex("a bb, ccc")
    assert w.tokens(0, 1) == {0}
    assert w.tokens(1, 6) == {1}
    assert w.tokens(3, 9) == {1, 2}


def test_head_word_match_is_whole_word():
    assert has_word("Prime Minister Lee", "Lee")
    assert not has_word("Leeds council", "Lee")


def test_all_subset_figures():
    s = score(GOLD, PRED)
    c = s["content@0.3"]
    # pred 2 covers 4 of the 6 piece tokens; the gap tokens (she, said) do not count
    assert (c["tp"], c["pred"], c["gold"]) == (2, 3, 3)
    assert s["speaker"]["accuracy"] == 1.0
    assert s["content@0.8"]["tp"] == 1
    assert s["by_kind"]["direct"] == {"gold": 1, "matched": 1, "recall@0.3": 1.0}


def test_quoted_subset_ignores_predictions_matched_outside_it():
    s = score(GOLD, PRED, subset="quoted")
    c = s["content@0.3"]
    assert (c["tp"], c["pred"], c["gold"], c["ignored_pred"]) == (1, 2, 1, 1)
    assert s["by_subset"]["all"]["content@0.3"]["tp"] == 2


def test_wrong_speaker_is_counted():
    pred = [{"id": "g1", "text": TEXT, "quotes": [_quote("the talks had failed", "Critics")]}]
    s = score(GOLD, pred)
    assert s["speaker"]["matched_with_source"] == 1
    assert s["speaker"]["correct"] == 0


def test_missing_prediction_record_scores_as_empty():
    s = score(GOLD, [])
    assert s["content@0.3"]["r"] == 0.0
    assert s["without_prediction"] == 1


def test_same_figures_as_the_shared_scorer(shared, tmp_path):
    scorer = shared / "eval" / "score_quotes.py"
    if not scorer.is_file():
        pytest.skip("shared scorer absent")
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("".join(json.dumps(r) + "\n" for r in GOLD), encoding="utf-8")
    p.write_text("".join(json.dumps(r) + "\n" for r in PRED), encoding="utf-8")
    for subset in ("all", "quoted"):
        out = subprocess.run([sys.executable, str(scorer), str(g), str(p), "--subset", subset],
                             capture_output=True, text=True, check=True).stdout.splitlines()
        theirs = json.loads(out[0])
        ours = score(GOLD, PRED, subset=subset)
        for key in ("content@0.3", "content@0.8"):
            assert {k: ours[key][k] for k in ("p", "r", "f1", "tp", "pred", "gold")} == \
                {k: theirs[key][k] for k in ("p", "r", "f1", "tp", "pred", "gold")}
        assert ours["speaker"]["accuracy"] == theirs["speaker"]["accuracy"]
