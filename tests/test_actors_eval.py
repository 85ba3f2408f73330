"""The actors evaluation task: hand-computed figures, and agreement with the kit's scorer."""
from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tidings.evaluate import actors as ev


def _gold() -> list[dict[str, Any]]:
    return [
        {"id": "a", "text": "Iraqi soldiers attacked US troops.", "gold": [
            {"type": "ASSAULT", "type_alt": [], "reciprocal": False,
             "source_country": "IRQ", "source_code": "IRQMIL",
             "target_country": "USA", "target_code": "USA",
             "source": [{"text": "Iraqi soldiers", "country": "IRQ", "code": "IRQMIL",
                         "sector": ["MIL"]}],
             "target": [{"text": "US troops", "country": "USA", "code": "USAMIL",
                         "sector": ["MIL"]}]}]},
        {"id": "b", "text": "Protesters marched.", "gold": [
            {"type": "PROTEST", "type_alt": [], "reciprocal": False,
             "source_country": None, "source_code": "---CVL", "target_country": None,
             "target_code": None, "source": [], "target": []}]},
        {"id": "c", "text": "Hungarian and Romanian officials agreed.", "gold": [
            {"type": "AGREE", "type_alt": [], "reciprocal": True,
             "source_country": "HUN", "source_code": "HUNGOV",
             "target_country": "ROU", "target_code": "ROUGOV",
             "source": [{"text": "Hungarian", "country": "HUN", "code": "HUN",
                         "sector": ["GOV"]}],
             "target": [{"text": "Romanian", "country": "ROU", "code": "ROU",
                         "sector": ["GOV"]}]}]},
    ]


def _pred() -> list[dict[str, Any]]:
    def ev_(t: str, s: dict[str, Any] | None, g: dict[str, Any] | None,
            mod: str = "asserted") -> dict[str, Any]:
        return {"type": t, "source": s, "target": g, "modality": mod}
    return [
        {"id": "a", "text": "Iraqi soldiers attacked US troops.",
         "mentions": [{"start": 0, "end": 14, "text": "Iraqi soldiers",
                       "actor": {"country": "IRQ", "code": "IRQMIL"}}],
         "events": [ev_("ASSAULT", {"country": "IRQ", "code": "IRQGOV", "sector": ["GOV"]},
                        {"country": "USA", "code": "USA"})]},
        {"id": "b", "text": "Protesters marched.", "mentions": [],
         "events": [ev_("AGREE", None, None), ev_("PROTEST", None, None, "negated")]},
        {"id": "c", "text": "Hungarian and Romanian officials agreed.", "mentions": [],
         "events": [ev_("AGREE", {"country": "ROU", "code": "ROMGOV"},
                        {"country": "HUN", "code": "HUNGOV"})]},
    ]


def test_hand_computed_kit_figures():
    s = ev.score(_gold(), _pred())
    assert (s["codings"], s["reached"]) == (3, 2)
    assert (s["source_country_acc"], s["target_country_acc"], s["main"]) == (1.0, 1.0, 1.0)
    # a: MIL wanted, GOV predicted; c (reversed pair): GOV right
    assert s["source_agent_acc"] == 0.5
    assert s["target_agent_acc"] == 1.0        # a's target code USA carries no agent
    assert s["events"] == 3 and s["unresolved_source_share"] == 0.333
    # four gold actor texts occur in the sentences; only "Iraqi soldiers" has a mention
    assert s["mentions"] == {"gold_texts": 4, "covered": 0.25, "right_country": 0.25}


def test_list_fields_and_report():
    gold = _gold()
    for r in gold:                              # a gold file without the kit's fields
        for g in r["gold"]:
            for k in ("source_country", "source_code", "target_country", "target_code"):
                g.pop(k)
    s = ev.score(gold, _pred())
    assert s["gold_has_kit_fields"] is False
    assert s["source_country_acc"] == 0.0       # the kit compares with null
    assert s["lists"]["main"] == 1.0
    assert s["lists"]["source_agent_acc"] == 0.5
    text = ev.report(s)
    assert "by gold actor lists: country 1.000" in text


def test_agrees_with_the_kit(shared, tmp_path):
    kit = shared / "eval" / "score_actors.py"
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in _gold()) + "\n")
    pred.write_text("\n".join(json.dumps(r) for r in _pred()) + "\n")
    out = subprocess.run([sys.executable, str(kit), str(gold), str(pred)], check=False,
                         capture_output=True, text=True).stdout.splitlines()[0]
    theirs = json.loads(out)
    ours = ev.score(_gold(), _pred())
    for k, v in theirs.items():
        assert ours[k] == v, k


def test_reciprocal_compound_actor_allows_any_member_or_nothing_as_target():
    """"Jordan and Britain agreed": the gold lists both as source and no target; predicting
    either member (or nothing) as the target is right, a third country is not."""
    gold = [{"id": "r", "text": "Jordan and Britain agreed to hold joint drills.", "gold": [
        {"type": "AGREE", "type_alt": [], "reciprocal": True,
         "source": [{"text": "Jordan", "country": "JOR", "code": "JOR", "sector": []},
                    {"text": "Britain", "country": "GBR", "code": "GBR", "sector": ["GOV"]}],
         "target": []}]}]

    def run(target: dict[str, Any] | None) -> dict[str, Any]:
        pred = [{"id": "r", "events": [{"type": "AGREE", "modality": "asserted",
                                        "source": {"country": "JOR", "code": "JOR"},
                                        "target": target}]}]
        return ev.score(gold, pred)["lists"]

    assert run({"country": "GBR", "code": "GBRGOV", "sector": ["GOV"]})["target_country_acc"] == 1
    assert run(None)["target_country_acc"] == 1.0
    bad = run({"country": "FRA", "code": "FRA"})
    assert bad["target_country_acc"] == 0.0
    assert bad["errors"][0]["wrong"] == ["target_country", "target_agent"]
    # the agent is judged against the member with the predicted country: Jordan has none
    assert run(None)["source_agent_acc"] is None
    assert run({"country": "GBR", "code": "GBR"})["target_agent_acc"] == 0.0


def test_unresolved_named_counts_only_sides_the_gold_names():
    pred = _pred()
    pred[0]["events"][0]["target"] = None          # a: the gold names US troops; we have none
    pred[2]["events"][0]["source"] = {"text": "officials", "code": None, "country": None}
    s = ev.score(_gold(), pred, fields="lists")
    # b is not reached; c is reciprocal, so its best pairing swaps our sides (HUNGOV the
    # source) and its target may be nobody: only a's target and the sources of a and c count
    assert s["unresolved_named"] == {"source": 0.0, "target": 1.0}
    pred[0]["events"][0]["source"] = None
    s = ev.score(_gold(), pred, fields="lists")
    assert s["unresolved_named"] == {"source": 0.5, "target": 1.0}
    assert "ours is missing or uncoded: sources 0.5, targets 1.0" in ev.report(
        {**ev.score(_gold(), pred), "lists": s})
