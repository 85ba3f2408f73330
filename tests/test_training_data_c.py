"""Integrity tests for the synthetic training corpus, part C (data/training/events_c.jsonl).

Part C adds own-words sentences for every PLOVER type, weighted towards the types the classifier
confused most on the held-out split (AGREE, CONCEDE, RETREAT, AID, COERCE and the NONE class),
and towards near-misses: sports and market senses of event verbs, metaphors, weather and
accidents, threats vs. acts, calls for talks vs. talks held, denials, conditionals and
historical background. A classifier trained on it learns whatever mistakes it contains, so
these tests check every label and the conventions the corpus README states.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from tidings import ontology
from tidings.records import MODALITIES, PLOVER_TYPES

TRAINING = Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "training"
CORPUS = TRAINING / "events_c.jsonl"
KEYS = {"type", "mode", "cameo", "trigger", "source", "target", "source_text", "target_text",
        "modality"}


def _records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


RECORDS = _records(CORPUS)
EVENTS = [e for r in RECORDS for e in r["events"]]


def test_every_line_is_one_json_object() -> None:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert len(lines) == len(RECORDS) >= 2000


def test_record_shape() -> None:
    for r in RECORDS:
        assert set(r) == {"text", "published", "events", "tags"}, r["text"]
        assert isinstance(r["text"], str) and r["text"].strip() == r["text"] and r["text"]
        date.fromisoformat(r["published"])
        assert isinstance(r["tags"], list) and r["tags"], r["text"]
        for t in r["tags"]:       # plain identifiers: catches event text pasted into tags
            assert isinstance(t, str) and t.replace("_", "").isalnum(), (r["text"], t)
        for e in r["events"]:
            assert set(e) == KEYS, r["text"]


def test_spans_are_whole_word_substrings() -> None:
    """The trainer labels the FIRST occurrence of a trigger, so it must be the intended one:
    a trigger or actor text that first occurs inside a longer word ("Niger" in "Nigeria")
    would label the wrong tokens."""
    bad = []
    for r in RECORDS:
        text = r["text"]
        for e in r["events"]:
            if not e["trigger"]:
                bad.append((text, "trigger", e["trigger"]))
            for k in ("trigger", "source_text", "target_text"):
                s = e[k]
                if s is None:
                    continue
                i = text.find(s)
                if i < 0 or (i > 0 and text[i - 1].isalnum()) or \
                        (i + len(s) < len(text) and text[i + len(s)].isalnum()):
                    bad.append((text, k, s))
    assert bad == []


def test_types_modalities_and_codes_are_valid() -> None:
    for e in EVENTS:
        assert e["type"] in PLOVER_TYPES
        assert e["modality"] in MODALITIES
        assert re.fullmatch(r"\d{2,4}", e["cameo"])
        for k in ("source", "target"):
            assert e[k] is None or re.fullmatch(r"[A-Z]{3}", e[k])


def test_cameo_consistent_with_type() -> None:
    bad = [(e["type"], e["cameo"], e["trigger"]) for e in EVENTS
           if not ontology.is_consistent(e["type"], e["cameo"])]
    assert bad == []


def test_modes_belong_to_their_type() -> None:
    bad = [(e["type"], e["mode"]) for e in EVENTS
           if e["mode"] is not None and e["mode"] not in ontology.modes(e["type"])]
    assert bad == []


def test_no_duplicate_texts_within_or_across_parts() -> None:
    counts = Counter(r["text"] for r in RECORDS)
    assert [t for t, n in counts.items() if n > 1] == []
    others = {r["text"] for p in sorted(TRAINING.glob("events_*.jsonl")) if p != CORPUS
              for r in _records(p)}
    assert sorted(set(counts) & others) == []


def test_every_type_has_enough_asserted_examples() -> None:
    asserted = Counter(e["type"] for e in EVENTS if e["modality"] == "asserted")
    assert {t: asserted[t] for t in PLOVER_TYPES if asserted[t] < 50} == {}
    # the weakest held-out types get the most new examples
    assert min(asserted["AGREE"], asserted["CONCEDE"]) >= 150


def test_near_misses_present_and_varied() -> None:
    no_event = [r for r in RECORDS if not r["events"]]
    assert len(no_event) >= 400
    assert all({"no_event", "near_miss"} <= set(r["tags"]) for r in no_event)
    tags = Counter(t for r in no_event for t in r["tags"])
    for kind in ("sports", "business", "markets", "metaphor", "weather", "economic_stats"):
        assert tags[kind] >= 10, kind
    modal = Counter(e["modality"] for e in EVENTS)
    assert all(modal[m] >= 15 for m in ("negated", "hypothetical", "future", "historical"))


def test_non_asserted_events_are_tagged_near_miss() -> None:
    bad = [r["text"] for r in RECORDS
           if any(e["modality"] != "asserted" for e in r["events"])
           and "near_miss" not in r["tags"]]
    assert bad == []


def test_country_codes_exist_and_are_many() -> None:
    table = TRAINING.parent / "actors" / "countries.tsv"
    with table.open(encoding="utf-8") as f:
        known = {line.split("\t", 1)[0] for line in f}
    used = {c for e in EVENTS for c in (e["source"], e["target"]) if c}
    assert sorted(used - known) == []
    assert len(used) >= 120


@pytest.mark.parametrize("needle,expected", [
    # a threat to act is THREATEN; the act itself is its own type
    ("Poland threatened to close its border with Belarus entirely.", {("THREATEN", "asserted")}),
    ("Poland closed two border crossings with Belarus", {("COERCE", "asserted")}),
    # a call for talks is REQUEST; talks held are CONSULT
    ("Seoul called for a summit with Tokyo", {("REQUEST", "asserted")}),
    ("Seoul and Tokyo held a summit", {("CONSULT", "asserted")}),
    # a denied withdrawal is a negated RETREAT plus the denial (REJECT)
    ("Russia denied that its troops had withdrawn from the Kherson region",
     {("RETREAT", "negated"), ("REJECT", "asserted")}),
    # refusing to withdraw is REJECT, never RETREAT
    ("Turkey refused to pull its troops out of northern Iraq", {("REJECT", "asserted")}),
    # a pledge of aid is AGREE; aid delivered is AID
    ("Washington pledged another $2 billion in military aid to Kyiv.", {("AGREE", "asserted")}),
    ("Germany delivered more Iris-T air defence systems to Ukraine.", {("AID", "asserted")}),
    # sports and market senses of event verbs are not events
    ("The visitors attacked down the left wing", set()),
    ("The Japanese yen retreated from a two-week high", set()),
    # background from decades before the story is historical
    ("Iraq invaded Kuwait in August 1990", {("ASSAULT", "historical")}),
    # a conditional act is hypothetical
    ("If the Houthis seized another ship", {("COERCE", "hypothetical")}),
])
def test_rule_examples(needle: str, expected: set[tuple[str, str]]) -> None:
    hits = [r for r in RECORDS if r["text"].startswith(needle)]
    assert len(hits) == 1
    assert {(e["type"], e["modality"]) for e in hits[0]["events"]} == expected
