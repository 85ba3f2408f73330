"""Integrity tests for the synthetic training corpus, part B (data/training/events_b.jsonl).

Part B holds own-words news sentences for the conflictual PLOVER types (ACCUSE, REJECT, THREATEN,
PROTEST, SANCTION, MOBILIZE, COERCE, ASSAULT) plus near-misses. A classifier trained on it learns
whatever mistakes it contains, so these tests check that every label points at real text, is a
valid PLOVER/CAMEO pairing, and that each covered type has enough asserted examples.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from tidings.records import MODALITIES, PLOVER_TYPES

CORPUS = (Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "training"
          / "events_b.jsonl")
COVERED = ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
KEYS = {"type", "mode", "cameo", "trigger", "source", "target", "source_text", "target_text",
        "modality"}


def _records() -> list[dict]:
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


RECORDS = _records()
EVENTS = [e for r in RECORDS for e in r["events"]]


def test_every_line_is_one_json_object() -> None:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert len(lines) == len(RECORDS) >= 1200


def test_record_shape() -> None:
    for r in RECORDS:
        assert set(r) == {"text", "published", "events", "tags"}, r["text"]
        assert isinstance(r["text"], str) and r["text"].strip() == r["text"] and r["text"]
        date.fromisoformat(r["published"])
        assert isinstance(r["tags"], list) and all(isinstance(t, str) for t in r["tags"])
        for e in r["events"]:
            assert set(e) == KEYS, r["text"]


def test_triggers_and_actor_texts_are_substrings() -> None:
    bad = []
    for r in RECORDS:
        for e in r["events"]:
            for k in ("trigger", "source_text", "target_text"):
                if e[k] is not None and e[k] not in r["text"]:
                    bad.append((r["text"], k, e[k]))
            if not e["trigger"]:
                bad.append((r["text"], "trigger", e["trigger"]))
    assert bad == []


def test_types_modalities_and_codes_are_valid() -> None:
    for e in EVENTS:
        assert e["type"] in PLOVER_TYPES
        assert e["modality"] in MODALITIES
        assert re.fullmatch(r"\d{2,4}", e["cameo"])
        for k in ("source", "target"):
            assert e[k] is None or re.fullmatch(r"[A-Z]{3}", e[k])


def test_cameo_consistent_with_type() -> None:
    ontology = pytest.importorskip("tidings.ontology")
    bad = [(e["type"], e["cameo"], e["trigger"]) for e in EVENTS
           if not ontology.is_consistent(e["type"], e["cameo"])]
    assert bad == []


def test_modes_belong_to_their_type() -> None:
    ontology = pytest.importorskip("tidings.ontology")
    bad = [(e["type"], e["mode"]) for e in EVENTS
           if e["mode"] is not None and e["mode"] not in ontology.modes(e["type"])]
    assert bad == []


def test_no_duplicate_texts() -> None:
    counts = Counter(r["text"] for r in RECORDS)
    assert [t for t, n in counts.items() if n > 1] == []


def test_enough_asserted_examples_per_type() -> None:
    asserted = Counter(e["type"] for e in EVENTS if e["modality"] == "asserted")
    assert {t: asserted[t] for t in COVERED if asserted[t] < 80} == {}


def test_near_misses_present_and_varied() -> None:
    near = [r for r in RECORDS if "near_miss" in r["tags"]]
    assert len(near) >= 250
    # near-misses include sentences with no event at all and non-asserted events
    assert sum(1 for r in near if not r["events"]) >= 80
    assert {e["modality"] for r in near for e in r["events"]} >= {
        "negated", "hypothetical", "future", "historical"}


def test_country_codes_exist() -> None:
    """Codes must be real ISO3 (a typo such as ALG for Algeria would silently teach wrong actors)."""
    table = CORPUS.parents[1] / "actors" / "countries.tsv"
    if not table.exists():
        pytest.skip("actors/countries.tsv not present")
    with table.open(encoding="utf-8") as f:
        known = {line.split("\t", 1)[0] for line in f}
    used = {c for e in EVENTS for c in (e["source"], e["target"]) if c}
    assert sorted(used - known) == []


def test_many_countries() -> None:
    codes = {c for e in EVENTS for c in (e["source"], e["target"]) if c}
    assert len(codes) >= 80


@pytest.mark.parametrize("needle,expected", [
    # a threat to impose sanctions is THREATEN, not SANCTION
    ("threatened to impose sanctions on Turkey", {"THREATEN"}),
    # refusing to withdraw is REJECT, never RETREAT
    ("refused to withdraw its troops from the Tigray", {"REJECT"}),
])
def test_rule_examples(needle: str, expected: set[str]) -> None:
    hits = [r for r in RECORDS if needle in r["text"]]
    assert len(hits) == 1
    assert {e["type"] for e in hits[0]["events"]} == expected
