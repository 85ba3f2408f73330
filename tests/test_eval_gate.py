"""Evaluation gate (trafilatura's eval_gate is the model): each dev-set figure must stay at or
above its pinned floor in ``tests/eval_floors.json``, and each lower-is-better figure (extra
events per gold event, unresolved actor shares) at or below its pinned ceiling.

Raise a floor when results improve (to the new figure, rounded down to 0.01), lower a ceiling
(to the new figure, rounded up to 0.01); never move either the other way silently: that needs a
commit that says why.  Skipped when ``../shared`` is absent.
"""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from tidings.evaluate import TASKS

FLOORS = {k: v for k, v in json.loads(
    (Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8")).items()
    if not k.startswith("_")}


def _get(summary: dict, path: str) -> float:
    cur = summary
    for part in path.split("/"):
        cur = cur[part]
    return float(cur)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_eval_gate(name: str, shared: Path) -> None:
    from tidings.commands.evaluate import _read_jsonl, predict, resolve_gold

    spec = FLOORS[name]
    task = spec["task"]
    mod = importlib.import_module(TASKS[task])
    gold_path = resolve_gold(mod, spec.get("gold"))
    gold = _read_jsonl(gold_path)
    if spec.get("limit"):
        gold = gold[: spec["limit"]]
    pred = predict(mod, gold, workers=2, components={})
    summary = mod.score(gold, pred)
    failures = []
    for key, floor in spec["floors"].items():
        value = _get(summary, key)
        if value + 1e-9 < floor:
            failures.append(f"{name} {key} = {value:.4f} < floor {floor:.4f}")
    for key, ceiling in spec.get("ceilings", {}).items():
        value = _get(summary, key)
        if value - 1e-9 > ceiling:
            failures.append(f"{name} {key} = {value:.4f} > ceiling {ceiling:.4f}")
    assert not failures, "; ".join(failures)
