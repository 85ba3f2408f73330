"""Our event scorer (tidings.evaluate.events) must give the kit's figures on the same file."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.evaluate import events as E


def _ev(typ, src=None, tgt=None, modality="asserted", cameo=None, conf=0.5):
    return {"type": typ, "modality": modality, "cameo": cameo, "confidence": conf,
            "source": {"country": src} if src else None,
            "target": {"country": tgt} if tgt else None}


GOLD = [
    {"id": "s1", "gold": [{"type": "REJECT", "type_alt": [], "source_countries": ["USA"],
                           "target_countries": ["IRQ"]}]},
    {"id": "s2", "gold": [{"type": "AGREE", "type_alt": ["SUPPORT"],
                           "source_countries": ["HUN", "ROU"], "target_countries": [None],
                           "reciprocal": True}]},
    {"id": "s3", "gold": [{"type": "ASSAULT", "type_alt": [], "source_countries": ["IRN"],
                           "target_countries": ["IRQ"]}]},
]
PRED = [
    {"id": "s1", "events": [_ev("REJECT", "USA", "IRQ"), _ev("REQUEST", "IRQ")]},
    {"id": "s2", "events": [_ev("SUPPORT", "ROU"), _ev("ASSAULT", modality="negated")]},
    {"id": "s3", "events": [_ev("ASSAULT", "IRN", "USA")]},
]


def test_hand_computed_figures() -> None:
    s = E.score(GOLD, PRED)
    # types: REJECT tp, REQUEST fp, AGREE tp (via alt SUPPORT), ASSAULT tp
    assert s["types"]["per_type"]["REJECT"]["f1"] == 1.0
    assert s["types"]["per_type"]["REQUEST"]["p"] == 0.0
    assert s["types"]["macro_f1"] == 1.0          # over gold types only
    # triples: s1 REJECT ok, REQUEST extra; s2 SUPPORT ROU->None ok (alt, reciprocal);
    # s3 wrong target
    assert s["triples"]["pred_events"] == 4 and s["triples"]["extra_events"] == 2
    assert s["triples"]["r"] == round(2 / 3, 4)


def test_agrees_with_the_kit(shared: Path, tmp_path: Path, pipeline) -> None:
    from tidings.commands.evaluate import gold_articles
    gold_path = shared / "data" / "events" / "plover_gsr.jsonl"
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines()][:60]
    pred = [d.to_dict() for d in pipeline.process(gold_articles(gold))]
    pf = tmp_path / "pred.jsonl"
    pf.write_text("".join(json.dumps(r) + "\n" for r in pred), encoding="utf-8")
    gf = tmp_path / "gold.jsonl"
    gf.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    ours = E.score(gold, pred)
    for task, key in (("types", "macro_f1"), ("triples", "f1")):
        out = subprocess.run([sys.executable, str(shared / "eval" / "score_sentences.py"),
                              str(gf), str(pf), "--task", task], capture_output=True, text=True)
        kit = json.loads(out.stdout.splitlines()[0])
        assert kit["main"] == pytest.approx(ours[task][key], abs=1e-4), task
