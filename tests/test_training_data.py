"""Integrity of the synthetic training corpus, part A (data/training/events_a.jsonl)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tidings import ontology as ont
from tidings.records import MODALITIES

PATH = Path(ont.__file__).resolve().parent / "data" / "training" / "events_a.jsonl"
PART_A_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST")
EVENT_KEYS = {"type", "mode", "cameo", "trigger", "source", "target", "source_text",
              "target_text", "modality"}


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(PATH.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {n} is blank"
        out.append(json.loads(line))
    return out


def _events(records: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(r["text"], e) for r in records for e in r["events"]]


def test_size_and_no_duplicate_texts(records: list[dict[str, Any]]) -> None:
    texts = [r["text"] for r in records]
    assert len(texts) >= 1200
    dupes = [t for t, c in Counter(texts).items() if c > 1]
    assert dupes == []


def test_record_shape(records: list[dict[str, Any]]) -> None:
    for r in records:
        assert set(r) == {"text", "published", "events", "tags"}, r["text"]
        assert isinstance(r["tags"], list)
        for t in r["tags"]:       # plain identifiers: catches event text pasted into tags
            assert isinstance(t, str) and t.replace("_", "").isalnum(), (r["text"], t)
        assert len(r["published"]) == 10 and r["published"][4] == "-", r["text"]
        for e in r["events"]:
            assert set(e) == EVENT_KEYS, r["text"]


def test_spans_are_substrings(records: list[dict[str, Any]]) -> None:
    for text, e in _events(records):
        assert e["trigger"] and e["trigger"] in text, (text, e["trigger"])
        for key in ("source_text", "target_text"):
            assert e[key] is None or e[key] in text, (text, e[key])


def test_types_modes_modalities_valid(records: list[dict[str, Any]]) -> None:
    for text, e in _events(records):
        assert e["type"] in ont.PLOVER_TYPES, text
        assert e["modality"] in MODALITIES, text
        assert e["mode"] is None or e["mode"] in ont.modes(e["type"]), (text, e["mode"])
        for key in ("source", "target"):
            c = e[key]
            assert c is None or (len(c) == 3 and c.isalpha() and c.isupper()), (text, c)


def test_cameo_consistent_with_type(records: list[dict[str, Any]]) -> None:
    bad = [(t, e["type"], e["cameo"]) for t, e in _events(records)
           if not ont.is_consistent(e["type"], e["cameo"])]
    assert bad == []


@pytest.mark.parametrize("ptype", PART_A_TYPES)
def test_at_least_80_asserted_per_type(records: list[dict[str, Any]], ptype: str) -> None:
    n = sum(1 for _, e in _events(records) if e["type"] == ptype and e["modality"] == "asserted")
    assert n >= 80


def test_near_misses_and_non_asserted_present(records: list[dict[str, Any]]) -> None:
    near = [r for r in records if "near_miss" in r["tags"]]
    assert len(near) >= 250
    assert sum(1 for r in records if not r["events"]) >= 100
    modality = Counter(e["modality"] for _, e in _events(records))
    for m in ("negated", "hypothetical", "future", "historical"):
        assert modality[m] >= 15, m


def test_many_countries(records: list[dict[str, Any]]) -> None:
    countries = {e[k] for _, e in _events(records) for k in ("source", "target") if e[k]}
    assert len(countries) >= 80


def test_no_event_sentences_have_no_events_only_when_tagged(records: list[dict[str, Any]]) -> None:
    """An empty event list is a deliberate negative example, so it must say why (a tag)."""
    for r in records:
        if not r["events"]:
            assert "no_event" in r["tags"], r["text"]


def test_country_codes_known_to_actor_table(records: list[dict[str, Any]]) -> None:
    """Codes must be ones the actor stage can produce (its country table), e.g. XKX for Kosovo."""
    table = PATH.parents[1] / "actors" / "countries.tsv"
    if not table.exists():
        pytest.skip("actors/countries.tsv not present")
    known = {line.split("\t", 1)[0] for line in table.read_text(encoding="utf-8").splitlines()}
    unknown = {e[k] for _, e in _events(records) for k in ("source", "target")
               if e[k] and e[k] not in known}
    assert unknown == set()


@pytest.mark.parametrize("text,ptype,modality", [
    ("Kenya and Somalia signed a maritime security agreement in Nairobi on Tuesday.",
     "SUPPORT", "asserted"),
    ("Russia is not planning to withdraw its troops from the Transnistria region, the Kremlin "
     "spokesman said.", "RETREAT", "negated"),
    ("Jordan and Israel signed a peace treaty in 1994 that still governs their water-sharing "
     "arrangements.", "SUPPORT", "historical"),
])
def test_spot_checks(records: list[dict[str, Any]], text: str, ptype: str, modality: str) -> None:
    rec = next(r for r in records if r["text"] == text)
    assert [(e["type"], e["modality"]) for e in rec["events"]] == [(ptype, modality)]


def test_sports_attack_is_no_event(records: list[dict[str, Any]]) -> None:
    sports = [r for r in records if "sports" in r["tags"]]
    assert len(sports) >= 30
    assert all(r["events"] == [] for r in sports)
