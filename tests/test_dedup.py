"""Within-article dedup stage and the shared merge rules, on hand-built Documents."""
from __future__ import annotations

import datetime as dt

import pytest

from tidings import dedup
from tidings.records import Actor, Article, Document, Event, Evidence, Place
from tidings.registry import registry

TEXT = ("American drones struck an Iranian convoy near Baghdad on Friday, officials said. "
        "The weather was mild. Washington confirmed that its aircraft hit the Iranian vehicles "
        "on Friday. Iran denied that it had attacked any US base.")


def _actor(code: str) -> Actor:
    return Actor(text=code, name=code, code=code, country=code[:3], sector=[code[3:]])


def _ev(start: int, end: int, type: str = "ASSAULT", src: str = "USAMIL", tgt: str = "IRNMIL",
        date: str | None = "2020-01-03", conf: float = 0.5, modality: str = "asserted",
        date_source: str = "text", location: Place | None = None) -> Event:
    return Event(article_id="a1", type=type, evidence=Evidence(start, end, TEXT[start:end]),
                 source=_actor(src), target=_actor(tgt), date=date,
                 date_granularity="day" if date and len(date) == 10 else "month",
                 date_source=date_source, modality=modality, confidence=conf,
                 location=location)


LEDE = (0, 80)
LATER = (TEXT.index("Washington"), TEXT.index("vehicles") + len("vehicles on Friday."))
DENIAL = (TEXT.index("Iran denied"), len(TEXT))


def _doc(events: list[Event]) -> Document:
    return Document(article=Article(text=TEXT, id="a1", published="2020-01-04"), events=events)


def _stage():
    return registry.get("dedup", "within-article")({})


def test_same_event_told_twice_becomes_one_with_other_evidence() -> None:
    doc = _stage()(_doc([_ev(*LEDE, conf=0.6), _ev(*LATER, conf=0.8)]))
    assert len(doc.events) == 1
    ev = doc.events[0]
    assert ev.evidence.start == LATER[0]                     # the more confident telling is main
    assert [(e.start, e.end) for e in ev.other_evidence] == [LEDE]
    assert ev.confidence == pytest.approx(0.85)              # max, boosted once
    assert ev.to_dict()["other_evidence"][0]["text"].startswith("American drones")


def test_different_modality_type_or_actors_stay_apart() -> None:
    events = [_ev(*LEDE), _ev(*LATER, modality="negated"), _ev(*LATER, type="COERCE"),
              _ev(*LATER, tgt="IRQMIL"), _ev(*DENIAL, src="IRNMIL", tgt="USAMIL")]
    doc = _stage()(_doc(events))
    assert len(doc.events) == 5


def test_dates_two_days_apart_are_different_events() -> None:
    doc = _stage()(_doc([_ev(*LEDE, date="2020-01-03"), _ev(*LATER, date="2020-01-05")]))
    assert len(doc.events) == 2


def test_date_guessed_from_publication_does_not_block_merge_in_article() -> None:
    doc = _stage()(_doc([_ev(*LEDE, date="2020-01-01"),
                         _ev(*LATER, date="2020-01-04", date_source="published")]))
    assert len(doc.events) == 1


def test_three_tellings_keep_input_order_and_cap_confidence() -> None:
    other = _ev(*DENIAL, type="ACCUSE", src="IRNGOV", tgt="USAGOV")
    doc = _stage()(_doc([other, _ev(*LEDE, conf=0.97), _ev(*LATER, conf=0.9),
                         _ev(LATER[0], LATER[0] + 20, conf=0.4)]))
    assert [e.type for e in doc.events] == ["ACCUSE", "ASSAULT"]
    assert doc.events[1].confidence == 0.99
    assert len(doc.events[1].other_evidence) == 2


def test_single_event_untouched() -> None:
    ev = _ev(*LEDE, conf=0.42)
    doc = _stage()(_doc([ev]))
    assert doc.events == [ev] and ev.confidence == 0.42 and ev.other_evidence == []


# ------------------------------------------------------------------ rules

@pytest.mark.parametrize("value,lo,hi", [
    ("2020-01-10", "2020-01-10", "2020-01-10"),
    ("2020-01-10T14:30", "2020-01-10", "2020-01-10"),
    ("2020-02", "2020-02-01", "2020-02-29"),
    ("2020-W02", "2020-01-06", "2020-01-12"),
    ("2020-Q2", "2020-04-01", "2020-06-30"),
    ("2020-WI", "2020-12-01", "2021-02-28"),
    ("2020", "2020-01-01", "2020-12-31"),
    ("199X", "1990-01-01", "1999-12-31"),
])
def test_date_interval(value: str, lo: str, hi: str) -> None:
    assert dedup.date_interval(value) == (dt.date.fromisoformat(lo), dt.date.fromisoformat(hi))


@pytest.mark.parametrize("value", [None, "", "PAST_REF", "P3D", "2020-13", "soon"])
def test_date_interval_none(value: str | None) -> None:
    assert dedup.date_interval(value) is None


def _key(**kw: object) -> dedup.EventKey:
    ev = {"type": "PROTEST", "modality": "asserted",
          "source": {"code": "IRQCVL", "country": "IRQ"},
          "target": {"code": "IRQGOV", "country": "IRQ"}, "date": "2020-01-03",
          "date_source": "text", "location": None}
    ev.update(kw)
    return dedup.key_from_dict(ev, "2020-01-04")


def test_match_reasons() -> None:
    a = _key()
    assert dedup.match(a, _key()) == ("type+modality; source=code; target=code; "
                                      "date=same-day; place=unknown")
    assert dedup.match(a, _key(date="2020-01-04")).endswith("date=within-1d; place=unknown")
    assert dedup.match(a, _key(date="2020-01-05")) is None
    assert dedup.match(a, _key(date="2020-01-05"), window_days=2) is not None
    assert "source=country" in dedup.match(a, _key(source={"code": "IRQ", "country": "IRQ"}))
    assert dedup.match(a, _key(source=None)) is None
    assert dedup.match(_key(source=None), _key(source=None)).split("; ")[1] == "source=none"
    assert dedup.match(a, _key(date=None)).split("; ")[3] == "date=within-1d"  # published used


def test_mentions_without_any_actor_merge_only_at_the_same_spot() -> None:
    bag = {"country": "IRQ", "feature": "city", "lat": 33.34, "lon": 44.40}
    bare = {"source": None, "target": None}
    assert dedup.match(_key(**bare), _key(**bare)) is None
    assert dedup.match(_key(**bare, location=bag), _key(**bare, location=bag)) == (
        "type+modality; source=none; target=none; date=same-day; place=near")


def test_place_rules() -> None:
    bag = {"country": "IRQ", "feature": "city", "lat": 33.34, "lon": 44.40}
    near = {"country": "IRQ", "feature": "city", "lat": 33.30, "lon": 44.30}
    basra = {"country": "IRQ", "feature": "city", "lat": 30.51, "lon": 47.81}
    assert dedup.match(_key(location=bag), _key(location=near)).endswith("place=near")
    assert dedup.match(_key(location=bag), _key(location=basra)) is None
    assert dedup.match(_key(location=bag),
                       _key(location={"country": "SYR", "feature": "city"})) is None
    assert dedup.match(_key(location=bag),      # a country-level place is too coarse to veto
                       _key(location={"country": "SYR", "feature": "country"})).endswith(
        "place=coarse")
    assert dedup.match(_key(location=bag),
                       _key(location={"country": "IRQ", "feature": "country"})).endswith(
        "place=same-country")


def test_minhash_separates_copies_from_retellings() -> None:
    wire = ("Thousands of dock workers walked off the job at the port on Monday, the union said, "
            "halting container traffic for a second day as talks over pay broke down.")
    copy = "PORT CITY (Agency) - " + wire
    retold = ("A strike by port workers stopped container ships for a second day after pay "
              "negotiations collapsed, according to union leaders.")
    s = dedup.minhash(wire)
    assert dedup.estimated_jaccard(s, dedup.minhash(copy)) >= dedup.NEAR_DUP_JACCARD
    assert dedup.estimated_jaccard(s, dedup.minhash(retold)) < 0.2
    assert set(dedup.lsh_bands(s)) & set(dedup.lsh_bands(dedup.minhash(copy)))
    assert dedup.signature_from_hex(dedup.signature_hex(s)).tolist() == s.tolist()


def test_minhash_keeps_unrelated_texts_from_a_small_vocabulary_apart() -> None:
    # 150 texts from one 30-word vocabulary share almost no 3-word shingles (true Jaccard < 0.02);
    # a weak hash family (a*x+b with small a) once rated one such pair 0.92 alike
    import itertools

    from test_store_support import filler_text  # type: ignore[import-not-found]

    sigs = [dedup.minhash(filler_text(1000 + i)) for i in range(150)]
    worst = max(dedup.estimated_jaccard(a, b) for a, b in itertools.combinations(sigs, 2))
    assert worst < 0.2


def test_pairwise_scores() -> None:
    # gold: {a,b,c} one event, {d} another; pred merged a+b and c+d
    s = dedup.pairwise_scores(["x", "x", "y", "y"], ["E1", "E1", "E1", "E2"])
    assert (s["pred_pairs"], s["gold_pairs"], s["true_pairs"]) == (2, 3, 1)
    assert (s["precision"], s["recall"], s["f1"]) == (0.5, 0.3333, 0.4)
    assert dedup.pairwise_scores(["a", "b"], ["E", "F"])["f1"] == 1.0   # nothing to merge


# ------------------------------------------------------------------ empty actor slot

def _slot_key(src: str | None, tgt: str | None, date: str = "2021-05-02", evidence: str = "",
         gran: str = "day") -> dedup.EventKey:
    def act(code: str | None) -> dict | None:
        return {"code": code, "country": code[:3]} if code else None
    return dedup.key_from_dict({"type": "PROTEST", "modality": "asserted", "source": act(src),
                                "target": act(tgt), "date": date, "date_granularity": gran,
                                "date_source": "text", "evidence": {"text": evidence}})


SAID_A = "Dock workers in Ruritania marched against the port ministry on Sunday"
SAID_B = "Ruritania dock workers marched against the port ministry on Sunday, unions said"


def test_evidence_similarity_is_word_set_jaccard() -> None:
    assert dedup.evidence_similarity("the strike in Durban", "The strike, in durban!") == 1.0
    assert dedup.evidence_similarity("a b c d", "a b x y") == pytest.approx(2 / 6)
    assert dedup.evidence_similarity("", "a b") == 0.0
    assert dedup.evidence_similarity(SAID_A, SAID_B) == pytest.approx(10 / 13)


def test_empty_target_merges_with_filled_one_on_same_day_and_similar_words() -> None:
    reason = dedup.match(_slot_key("RURLAB", "RURGOV", evidence=SAID_A), _slot_key("RURLAB", None,
                                                                          evidence=SAID_B))
    assert reason == ("type+modality; source=code; target=empty; date=same-day; "
                      "place=unknown; evidence=0.77")


@pytest.mark.parametrize("other", [
    _slot_key("RURLAB", None, date="2021-05-03", evidence=SAID_B),        # next day
    _slot_key("RURLAB", None, date="2021-05", gran="month", evidence=SAID_B),   # not day-precise
    _slot_key("RURLAB", None, evidence="Dock workers in Ruritania went home early"),  # other words
    _slot_key("FRELAB", None, evidence=SAID_B),                          # the other slot disagrees
    _slot_key(None, None, evidence=SAID_B),                               # both slots empty
    _slot_key("RURLAB", "FREGOV", evidence=SAID_B),                       # two different targets
])
def test_empty_slot_rule_needs_everything_else_to_agree(other: dedup.EventKey) -> None:
    assert dedup.match(_slot_key("RURLAB", "RURGOV", evidence=SAID_A), other) is None


def test_empty_source_on_both_sides_of_the_pair_is_symmetric() -> None:
    a = _slot_key(None, "RURGOV", evidence=SAID_A)
    b = _slot_key("RURLAB", "RURGOV", evidence=SAID_B)
    assert dedup.match(a, b) == dedup.match(b, a) is not None
    assert "source=empty; target=code" in (dedup.match(a, b) or "")
