"""Integrity of the synthetic training corpus (src/tidings/data/training/events_*.jsonl).

The classifier learns whatever mistakes the corpus contains, so every part is held to the same
(strictest) checks: record shape, spans that are whole-word substrings, valid and mutually
consistent PLOVER type / mode / CAMEO / modality, real country codes, tags that say why a
sentence has no event or is a near-miss, and the conventions the training README states.
Per-part figures (size, covered types, near-miss counts) follow the README's description of
each part; the cross-part checks cover the corpus as the trainer sees it (all parts together).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tidings import ontology
from tidings.records import MODALITIES, PLOVER_TYPES

TRAINING = Path(ontology.__file__).resolve().parent / "data" / "training"
COUNTRIES = TRAINING.parent / "actors" / "countries.tsv"
RECORD_KEYS = {"text", "published", "events", "tags"}
EVENT_KEYS = {"type", "mode", "cameo", "trigger", "source", "target", "source_text",
              "target_text", "modality"}
SPAN_KEYS = ("trigger", "source_text", "target_text")
NON_ASSERTED = ("negated", "hypothetical", "future", "historical")

A_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST")
B_TYPES = ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")

# What the README says each part holds.  min_asserted: asserted events per covered type.
PARTS: dict[str, dict[str, Any]] = {
    "events_a.jsonl": {"min_records": 1200, "min_asserted": dict.fromkeys(A_TYPES, 80),
                       "min_near_miss": 250, "min_no_event": 100, "min_countries": 120,
                       # "No political event" kinds and the contrast/modality tags it lists
                       "promised_tags": {"sports", "business", "metaphor", "weather",
                                         "economic_stats", "statement", "appointment",
                                         "election", "misc", "contrast_pair", "future_retreat",
                                         "declared_ceasefire", "party_calls_for_peace",
                                         "third_party_calls", "withdrawn_demand",
                                         "conditional", "negated", "historical", "future"}},
    "events_b.jsonl": {"min_records": 1200, "min_asserted": dict.fromkeys(B_TYPES, 110),
                       "min_near_miss": 250, "min_no_event": 80, "min_countries": 120,
                       # sports, disasters and metaphors; labour strikes; economic talk
                       "promised_tags": {"sports", "disaster", "metaphor", "labour",
                                         "economic"}},
    "events_c.jsonl": {"min_records": 2000,
                       # every type, most for the weakest held-out ones
                       "min_asserted": {**dict.fromkeys(PLOVER_TYPES, 50),
                                        "AGREE": 150, "CONCEDE": 150},
                       "min_near_miss": 250, "min_no_event": 400, "min_countries": 120,
                       "promised_tags": {"sports", "business", "markets", "country_team",
                                         "metaphor", "weather", "disaster", "accident", "crime",
                                         "economic_stats", "appointment", "election",
                                         "statement", "misc", "contrast_pair", "dateline"}},
}
# no-event kinds the README promises across the corpus, each with at least this many sentences
NO_EVENT_KINDS = ("sports", "business", "markets", "country_team", "metaphor", "weather",
                  "disaster", "accident", "crime", "economic_stats", "statement", "appointment",
                  "election", "misc")
MIN_PER_NO_EVENT_KIND = 10
# every PLOVER type across the corpus: 80 in its own part (A or B) plus 50 in part C
MIN_ASSERTED_PER_TYPE = 130


def _read(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in
            (TRAINING / name).read_text(encoding="utf-8").splitlines() if line.strip()]


RECORDS = {name: _read(name) for name in PARTS}
ALL = [r for recs in RECORDS.values() for r in recs]


@pytest.fixture(params=sorted(PARTS), ids=lambda n: n.split(".")[0])
def part(request: pytest.FixtureRequest) -> str:
    return request.param


def _events(records: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(r["text"], e) for r in records for e in r["events"]]


def test_every_training_file_is_checked() -> None:
    """A new part must be added to PARTS (with what the README says it holds)."""
    assert sorted(p.name for p in TRAINING.glob("*.jsonl")) == sorted(PARTS)


# ---- per part: record level ------------------------------------------------------------------

def test_every_line_is_one_json_object(part: str) -> None:
    lines = (TRAINING / part).read_text(encoding="utf-8").splitlines()
    bad = [n for n, line in enumerate(lines, 1)
           if not line.strip() or not isinstance(json.loads(line), dict)]
    assert bad == []
    assert len(lines) >= PARTS[part]["min_records"]


def test_record_shape(part: str) -> None:
    bad = []
    for r in RECORDS[part]:
        text = r.get("text")
        problems = []
        if set(r) != RECORD_KEYS:
            problems.append(f"keys {sorted(r)}")
        if not isinstance(text, str) or not text or text.strip() != text:
            problems.append("text empty or padded")
        pub = r.get("published")
        if not (isinstance(pub, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub)):
            problems.append(f"published {pub!r}")
        else:
            try:
                date.fromisoformat(pub)
            except ValueError:
                problems.append(f"published {pub!r}")
        tags = r.get("tags")
        # non-empty plain identifiers: catches event text pasted into tags
        if not isinstance(tags, list) or not tags or not all(
                isinstance(t, str) and t.replace("_", "").isalnum() for t in tags):
            problems.append(f"tags {tags!r}")
        if not isinstance(r.get("events"), list):
            problems.append("events not a list")
        else:
            problems += [f"event keys {sorted(e)}" for e in r["events"]
                         if not isinstance(e, dict) or set(e) != EVENT_KEYS]
        if problems:
            bad.append((text, problems))
    assert bad == []


def test_no_duplicate_texts_within_part(part: str) -> None:
    counts = Counter(r["text"] for r in RECORDS[part])
    assert [t for t, n in counts.items() if n > 1] == []


# ---- per part: event labels -------------------------------------------------------------------

def test_spans_are_whole_word_substrings(part: str) -> None:
    """The trainer labels the FIRST occurrence of a trigger, so it must be the intended one:
    a trigger or actor text that first occurs inside a longer word ("Niger" in "Nigeria")
    would label the wrong tokens."""
    bad = []
    for text, e in _events(RECORDS[part]):
        if not e["trigger"]:
            bad.append((text, "trigger", e["trigger"]))
        for k in SPAN_KEYS:
            s = e[k]
            if s is None:
                continue
            i = text.find(s) if isinstance(s, str) and s else -1
            if i < 0 or (i > 0 and text[i - 1].isalnum()) or \
                    (i + len(s) < len(text) and text[i + len(s)].isalnum()):
                bad.append((text, k, s))
    assert bad == []


def test_types_modes_modalities_valid(part: str) -> None:
    bad = [(text, e["type"], e["mode"], e["modality"]) for text, e in _events(RECORDS[part])
           if e["type"] not in PLOVER_TYPES or e["modality"] not in MODALITIES
           or (e["mode"] is not None and e["mode"] not in ontology.modes(e["type"]))]
    assert bad == []


def test_cameo_valid_and_consistent_with_type(part: str) -> None:
    bad = [(text, e["type"], e["cameo"]) for text, e in _events(RECORDS[part])
           if not (isinstance(e["cameo"], str) and re.fullmatch(r"\d{2,4}", e["cameo"]))
           or not ontology.is_consistent(e["type"], e["cameo"])]
    assert bad == []


def test_country_codes_known_to_actor_table(part: str) -> None:
    """ISO3 codes the actor stage can produce (its country table, e.g. XKX for Kosovo): a typo
    such as ALG for Algeria would silently teach wrong actors."""
    known = {line.split("\t", 1)[0]
             for line in COUNTRIES.read_text(encoding="utf-8").splitlines()[1:]}
    used = {e[k] for _, e in _events(RECORDS[part]) for k in ("source", "target")
            if e[k] is not None}
    assert sorted(c for c in used if not (isinstance(c, str)
                                          and re.fullmatch(r"[A-Z]{3}", c) and c in known)) == []
    assert len(used) >= PARTS[part]["min_countries"]


# ---- per part: tags and near-misses -----------------------------------------------------------

def test_no_event_exactly_when_tagged(part: str) -> None:
    """An empty event list is a deliberate negative example: always tagged no_event and
    near_miss, and a no_event tag never sits on a sentence with events."""
    bad = [(r["text"], r["tags"]) for r in RECORDS[part]
           if (not r["events"]) != ("no_event" in r["tags"])
           or (not r["events"] and "near_miss" not in r["tags"])]
    assert bad == []


def test_non_asserted_events_are_tagged_near_miss(part: str) -> None:
    bad = [r["text"] for r in RECORDS[part]
           if any(e["modality"] != "asserted" for e in r["events"])
           and "near_miss" not in r["tags"]]
    assert bad == []


def test_sports_sentences_have_no_events(part: str) -> None:
    """Sports senses of event verbs are never events (politics around sport is tagged
    sports_politics instead)."""
    sports = [r for r in RECORDS[part] if "sports" in r["tags"]]
    assert len(sports) >= 30
    assert [r["text"] for r in sports if r["events"]] == []


def test_near_misses_present_and_varied(part: str) -> None:
    recs, spec = RECORDS[part], PARTS[part]
    assert sum(1 for r in recs if "near_miss" in r["tags"]) >= spec["min_near_miss"]
    assert sum(1 for r in recs if not r["events"]) >= spec["min_no_event"]
    modality = Counter(e["modality"] for _, e in _events(recs))
    assert {m: modality[m] for m in NON_ASSERTED if modality[m] < 15} == {}
    tags = Counter(t for r in recs for t in r["tags"])
    assert sorted(t for t in spec["promised_tags"] if tags[t] == 0) == []


def test_enough_asserted_examples_per_covered_type(part: str) -> None:
    asserted = Counter(e["type"] for _, e in _events(RECORDS[part])
                       if e["modality"] == "asserted")
    short = {t: asserted[t] for t, n in PARTS[part]["min_asserted"].items() if asserted[t] < n}
    assert short == {}


# ---- across parts -----------------------------------------------------------------------------

def test_no_duplicate_texts_across_parts() -> None:
    seen: dict[str, str] = {}
    clashes = []
    for name, recs in RECORDS.items():
        for text in {r["text"] for r in recs}:
            if text in seen:
                clashes.append((seen[text], name, text))
            seen[text] = name
    assert clashes == []


def test_every_plover_type_covered_across_parts() -> None:
    asserted = Counter(e["type"] for _, e in _events(ALL) if e["modality"] == "asserted")
    assert {t: asserted[t] for t in PLOVER_TYPES if asserted[t] < MIN_ASSERTED_PER_TYPE} == {}
    # every type is also seen negated, hypothetical, future or historical somewhere
    non_asserted = {e["type"] for _, e in _events(ALL) if e["modality"] != "asserted"}
    assert sorted(set(PLOVER_TYPES) - non_asserted) == []


def test_near_miss_kinds_covered_across_parts() -> None:
    kinds = Counter(t for r in ALL if not r["events"] for t in r["tags"])
    assert {k: kinds[k] for k in NO_EVENT_KINDS if kinds[k] < MIN_PER_NO_EVENT_KIND} == {}
    # each contrast tag names a real type, and most types have a contrast somewhere
    contrast = {t.removeprefix("contrast_").upper() for r in ALL for t in r["tags"]
                if t.startswith("contrast_") and t != "contrast_pair"}
    assert contrast <= set(PLOVER_TYPES)
    assert len(contrast) >= len(PLOVER_TYPES) // 2


# ---- conventions the README states, on sentences we wrote -------------------------------------

@pytest.mark.parametrize("name,needle,expected", [
    ("events_a.jsonl", "Kenya and Somalia signed a maritime security agreement in Nairobi on "
     "Tuesday.", [("SUPPORT", "asserted")]),
    ("events_a.jsonl", "Russia is not planning to withdraw its troops from the Transnistria "
     "region, the Kremlin spokesman said.", [("RETREAT", "negated")]),
    ("events_a.jsonl", "Jordan and Israel signed a peace treaty in 1994 that still governs their "
     "water-sharing arrangements.", [("SUPPORT", "historical")]),
    # a threat to impose sanctions is THREATEN, not SANCTION
    ("events_b.jsonl", "threatened to impose sanctions on Turkey", [("THREATEN", "asserted")]),
    # refusing to withdraw is REJECT, never RETREAT
    ("events_b.jsonl", "refused to withdraw its troops from the Tigray", [("REJECT", "asserted")]),
    ("events_c.jsonl", "Turkey refused to pull its troops out of northern Iraq",
     [("REJECT", "asserted")]),
    # a threat to act is THREATEN; the act itself is its own type
    ("events_c.jsonl", "Poland threatened to close its border with Belarus entirely.",
     [("THREATEN", "asserted")]),
    ("events_c.jsonl", "Poland closed two border crossings with Belarus", [("COERCE", "asserted")]),
    # a call for talks is REQUEST; talks held are CONSULT
    ("events_c.jsonl", "Seoul called for a summit with Tokyo", [("REQUEST", "asserted")]),
    ("events_c.jsonl", "Seoul and Tokyo held a summit", [("CONSULT", "asserted")]),
    # a denied withdrawal is a negated RETREAT plus the denial (REJECT)
    ("events_c.jsonl", "Russia denied that its troops had withdrawn from the Kherson region",
     [("REJECT", "asserted"), ("RETREAT", "negated")]),
    # a pledge of aid is AGREE; aid delivered is AID
    ("events_c.jsonl", "Washington pledged another $2 billion in military aid to Kyiv.",
     [("AGREE", "asserted")]),
    ("events_c.jsonl", "Germany delivered more Iris-T air defence systems to Ukraine.",
     [("AID", "asserted")]),
    # sports and market senses of event verbs are not events
    ("events_c.jsonl", "The visitors attacked down the left wing", []),
    ("events_c.jsonl", "The Japanese yen retreated from a two-week high", []),
    # background from decades before the story is historical
    ("events_c.jsonl", "Iraq invaded Kuwait in August 1990", [("ASSAULT", "historical")]),
    # a conditional act is hypothetical
    ("events_c.jsonl", "If the Houthis seized another ship", [("COERCE", "hypothetical")]),
    # ending a strike is CONCEDE (CAMEO 082 ease political dissent) in every part
    ("events_a.jsonl", "Opposition parties in Togo called off the planned general strike",
     [("AGREE", "asserted"), ("CONCEDE", "asserted")]),
    ("events_b.jsonl", "Truckers in Brazil called off their strike",
     [("CONCEDE", "asserted"), ("CONCEDE", "asserted")]),
])
def test_convention_examples(name: str, needle: str,
                             expected: list[tuple[str, str]]) -> None:
    hits = [r for r in RECORDS[name] if needle in r["text"]]
    assert len(hits) == 1, needle
    assert sorted((e["type"], e["modality"]) for e in hits[0]["events"]) == expected
