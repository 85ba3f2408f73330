"""The ``dates`` evaluation task: our scoring agrees with shared/eval/score_timex.py."""
from __future__ import annotations

import json
import subprocess
import sys

from tidings.evaluate import dates

TEXT = "Rebels attacked on Friday. Talks lasted two weeks and ended in March. Now, in 1998, calm."
# gold spans written for this text: Friday, two weeks, March, Now, 1998
GOLD = [{"id": "g1", "text": TEXT, "published": "1998-03-20", "gold": [
    {"start": 19, "end": 25, "text": "Friday", "type": "DATE", "value": "1998-03-20"},
    {"start": 40, "end": 49, "text": "two weeks", "type": "DURATION", "value": "P2W"},
    {"start": 63, "end": 68, "text": "March", "type": "DATE", "value": "1998-03"},
    {"start": 70, "end": 73, "text": "Now", "type": "DATE", "value": "PRESENT_REF"},
    {"start": 78, "end": 82, "text": "1998", "type": "DATE", "value": "1998-W12"},
]}, {"id": "g2", "text": "Nothing happened.", "published": None, "gold": []}]
PRED = [{"id": "g1", "text": TEXT, "timexes": [
    {"start": 16, "end": 25, "text": "on Friday", "value": "1998-03-20", "granularity": "day"},
    {"start": 40, "end": 49, "text": "two weeks", "value": "P2W", "granularity": "duration"},
    {"start": 63, "end": 68, "text": "March", "value": "1998-03-02", "granularity": "month"},
    {"start": 70, "end": 73, "text": "Now", "value": "present_ref", "granularity": "reference"},
    {"start": 78, "end": 82, "text": "1998", "value": "1998", "granularity": "year"},
    {"start": 0, "end": 6, "text": "Rebels", "value": "1998", "granularity": "year"},
]}]


def test_value_rules():
    assert dates.value_right(dates.read_value("1998-03-20", True), dates.read_value("1998-W12", False))
    assert not dates.value_right(dates.read_value("1998", True), dates.read_value("1998-03", False))
    assert dates.value_right(dates.predicted_value({"value": "1998-03-02", "granularity": "month"}),
                             dates.read_value("1998-03", False))
    assert dates.canonical("2000-W8") == "2000-W08"


def test_figures_by_hand():
    s = dates.score(GOLD, PRED)
    # DATE gold 4; matched 4 (all right but "1998" vs the gold week); spurious "Rebels" counts
    assert s["date"]["value_correct"] == 3
    assert s["date"]["pred_considered"] == 5
    assert s["main"]["value"] == round(2 * 0.6 * 0.75 / (0.6 + 0.75), 4)
    assert s["extraction_strict"]["tp"] == 4 and s["extraction_relaxed"]["tp"] == 5


def test_agrees_with_shared_scorer(shared, tmp_path):
    scorer = shared / "eval" / "score_timex.py"
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("".join(json.dumps(r) + "\n" for r in GOLD))
    p.write_text("".join(json.dumps(r) + "\n" for r in PRED))
    out = subprocess.run([sys.executable, str(scorer), str(g), str(p)], capture_output=True, text=True)
    theirs = json.loads(out.stdout.splitlines()[0])
    ours = dates.score(GOLD, PRED)
    for key in ("extraction_relaxed", "extraction_strict"):
        assert ours[key] == theirs[key]
    for key in ("value_f1", "value_p", "value_r", "strict_value_f1", "attainable_recall", "value_correct",
                "pred_considered", "by_gold_granularity"):
        assert ours["date"][key] == theirs["date"][key], key
    assert ours["value_f1_all_types"] == theirs["value_f1_all_types"]


def test_report_names_the_main_figure():
    text = dates.report(dates.score(GOLD, PRED))
    assert "DATE value" in text and "0.667" in text


def test_errors_list_misses_wrong_values_and_extras():
    s = dates.score(GOLD, PRED, errors=10)
    assert any(e.startswith("VALUE g1 '1998'") for e in s["errors"])
    assert any(e.startswith("EXTRA g1 'Rebels'") for e in s["errors"])
    assert dates.score(GOLD, PRED)["errors"] == []


def test_evaluate_command_lists_errors(tmp_path, capsys):
    from tidings.cli import main

    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("".join(json.dumps(r) + "\n" for r in GOLD))
    p.write_text("".join(json.dumps(r) + "\n" for r in PRED))
    assert main(["evaluate", "dates", str(g), "--pred", str(p), "--errors", "5"]) == 0
    out = capsys.readouterr().out
    assert "EXTRA g1 'Rebels'" in out and "VALUE g1 '1998'" in out
