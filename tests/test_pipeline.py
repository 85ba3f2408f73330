"""The pipeline's skeleton: registry, stage swapping, records, progress, and the flagship article
end to end (read from ../shared at run time)."""
from __future__ import annotations

import json

import pytest

from tidings.errors import TidingsError
from tidings.pipeline import Pipeline, Progress
from tidings.records import Actor, Article, Document, Event, Evidence, Mention
from tidings.registry import STAGES, NullStage, registry


def test_stage_order_is_the_documented_one() -> None:
    assert STAGES == ("nlp", "actors", "events", "time", "places", "quotes", "dedup")


def test_every_stage_has_its_default_and_none() -> None:
    from tidings.registry import DEFAULTS
    for stage in STAGES:
        assert DEFAULTS[stage] in registry.names(stage)
        if stage != "nlp":
            assert "none" in registry.names(stage)


def test_unknown_component_is_a_user_error() -> None:
    with pytest.raises(TidingsError) as exc:
        Pipeline(components={"places": "mordecai"})
    assert exc.value.code == "E011" and "gazetteer" in exc.value.message


def test_swapping_a_stage_off() -> None:
    pipe = Pipeline(components={s: "none" for s in STAGES if s != "nlp"})
    assert all(isinstance(s, NullStage) for s in pipe.stages[1:])
    doc = pipe.code_text("Iran fired missiles at two bases in Iraq.", published="2020-01-08")
    assert doc.doc is not None and doc.events == [] and doc.mentions == []


def test_article_id_is_stable_and_content_derived() -> None:
    a, b = Article(text="Same text."), Article(text="Same text.")
    assert a.id == b.id and a.id.startswith("a")
    assert Article(text="Other text.").id != a.id
    assert Article(text="x", id="given").id == "given"


def test_records_serialise_to_the_contract_shape() -> None:
    actor = Actor(text="Iran", name="Iran", code="IRN", country="IRN", sector=["GOV"])
    ev = Event(article_id="a1", type="ASSAULT", evidence=Evidence(0, 10, "Iran fired"),
               cameo="190", source=actor, trigger=Evidence(5, 10, "fired"))
    doc = Document(article=Article(text="Iran fired.", id="a1", published="2020-01-08T10:00"),
                   mentions=[Mention(0, 4, "Iran", actor)], events=[ev])
    rec = doc.to_dict()
    assert set(rec) >= {"id", "outlet", "url", "title", "published", "text", "mentions",
                        "timexes", "places", "quotes", "events"}
    assert rec["published"] == "2020-01-08"
    e = rec["events"][0]
    assert set(e) >= {"id", "article_id", "type", "mode", "context", "cameo", "goldstein",
                      "quad_class", "source", "target", "date", "date_granularity",
                      "date_source", "location", "modality", "evidence", "quote", "confidence"}
    assert e["source"]["code"] == "IRN" and e["target"] is None and e["id"].startswith("e")
    json.dumps(rec)


def test_progress_line_reports_rate_and_eta() -> None:
    lines: list[str] = []
    p = Progress(4, enabled=True, write=lines.append)
    for _ in range(4):
        p.update()
    p.close()
    assert "coded 4/4 articles" in lines[-1] and "/s" in lines[-1] and "ETA" in lines[-1]


def test_worker_processes_give_the_same_records(pipeline) -> None:
    from tidings.pipeline import code_records
    arts = [Article(text="Turkey recalled its ambassador to Austria on Monday.", id="w1",
                    published="2021-03-01"),
            Article(text="Police arrested 12 protesters in Minsk on Sunday.", id="w2",
                    published="2021-03-01")]
    one = list(code_records(arts, pipeline=pipeline))
    two = list(code_records(arts, workers=2))
    assert [r["id"] for r in two] == ["w1", "w2"]
    assert [[e["type"] for e in r["events"]] for r in one] == \
        [[e["type"] for e in r["events"]] for r in two]


# ---------------------------------------------------------------- the flagship article

def _asserted(doc, typ, src=None, tgt=None):
    return [e for e in doc.events if e.type == typ and e.modality == "asserted"
            and (src is None or (e.source and e.source.country == src))
            and (tgt is None or (e.target and e.target.country == tgt))]


@pytest.mark.slow
def test_seed_main_events(seed_doc) -> None:
    d = seed_doc
    assert _asserted(d, "REJECT", "USA", "IRQ"), "the State Department's rejection"
    assert _asserted(d, "REQUEST", "IRQ"), "Iraq's request"
    assert _asserted(d, "CONSULT", "USA", "IRQ"), "Pompeo's call with Abdul-Mahdi"
    assert _asserted(d, "ASSAULT", "USA", "IRN"), "the killing of Soleimani"
    assert _asserted(d, "ASSAULT", "IRN", "IRQ"), "Iran's missile strike"
    assert _asserted(d, "ACCUSE", "USA", "IRN"), "the US condemnation"
    assert _asserted(d, "THREATEN", "USA", "IRQ"), "Trump's sanctions threat"
    assert _asserted(d, "SANCTION", "USA", "IRN"), "the new sanctions on Iran"
    assert _asserted(d, "REQUEST", "IRQ") and any(
        e.date == "2020-01-05" for e in _asserted(d, "REQUEST", "IRQ")), "parliament's vote"


@pytest.mark.slow
def test_seed_never_records_a_us_withdrawal(seed_doc) -> None:
    bad = [e for e in seed_doc.events if e.type in ("RETREAT", "CONCEDE")
           and e.modality == "asserted" and e.source and e.source.country == "USA"]
    assert not bad, [(e.trigger.text, e.rule) for e in bad]


@pytest.mark.slow
def test_seed_evidence_points_at_sentences(seed_doc) -> None:
    text = seed_doc.article.text
    for e in seed_doc.events:
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert e.evidence.start <= e.trigger.start < e.trigger.end <= e.evidence.end
        assert 0.0 <= e.confidence <= 1.0


@pytest.mark.slow
def test_seed_dates_resolved_against_publication(seed_doc) -> None:
    by_trigger = {e.trigger.text: e.date for e in seed_doc.events if e.modality == "asserted"}
    assert by_trigger.get("assassinated") == "2020-01-03"
    assert by_trigger.get("launch") == "2020-01-07"
