"""Speed plumbing: per-stage timings and the performance shortcuts that must not change output."""
from __future__ import annotations

import time
from pathlib import Path

from tidings.records import Article, Document
from tidings.registry import run_stages


class _Sleepy:
    """A stage that takes a known time per document."""

    def __init__(self, name: str, seconds: float) -> None:
        self.name, self.seconds = name, seconds

    def __call__(self, doc: Document) -> Document:
        time.sleep(self.seconds)
        return doc


class _Batched(_Sleepy):
    def pipe(self, docs):
        for d in docs:
            yield self(d)


def test_stage_timings_are_exclusive_of_upstream_stages() -> None:
    docs = [Document(article=Article(text=f"t{i}", id=f"d{i}")) for i in range(4)]
    timings: dict[str, float] = {}
    out = list(run_stages([_Batched("slow", 0.03), _Sleepy("fast", 0.005)], docs,
                          timings=timings))
    assert len(out) == 4
    assert 0.11 <= timings["slow"] < 0.3          # 4 x 30 ms, not counted again below
    assert 0.015 <= timings["fast"] < 0.1         # 4 x 5 ms, the slow stage subtracted
    assert timings["_input"] < 0.01


def test_no_timings_asked_none_kept() -> None:
    docs = [Document(article=Article(text="t", id="d"))]
    assert len(list(run_stages([_Sleepy("s", 0.0)], docs))) == 1


def test_pipeline_accumulates_timings_per_stage(pipeline) -> None:
    from tidings.pipeline import code_records
    arts = [Article(text="Kenya closed its border with Somalia on Monday.", id="s1",
                    published="2021-03-01")]
    got: dict[str, float] = {}
    recs = list(code_records(arts, pipeline=pipeline, timings=got))
    assert recs[0]["id"] == "s1"
    assert {"nlp", "actors", "events", "time", "places", "quotes", "dedup", "redate",
            "to_dict"} <= set(got)
    assert all(v >= 0 for v in got.values()) and got["nlp"] > 0


def test_worker_timings_come_back_with_the_records() -> None:
    from tidings.pipeline import code_records
    arts = [Article(text="Chile and Peru signed a fisheries accord in Lima.", id=f"w{i}",
                    published="2021-03-01") for i in range(3)]
    got: dict[str, float] = {}
    recs = list(code_records(arts, workers=2, batch_size=1, timings=got))
    assert [r["id"] for r in recs] == ["w0", "w1", "w2"]
    assert got["nlp"] > 0 and "to_dict" in got


def test_places_doc_text_memo_follows_the_doc(nlp) -> None:
    from tidings.places import doc_text
    a = nlp("Protesters gathered in Alexandria, Virginia.")
    b = nlp("Floods hit Porto Alegre, Brazil, on Friday.")
    for d in (a, b, a, a, b):
        assert doc_text(d) == d.text


def _omp_policy(env_value: str | None) -> str:
    import os
    import subprocess
    import sys
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if env_value is not None:
        env["OMP_WAIT_POLICY"] = env_value
    code = "import os, tidings.pipeline; print(os.environ.get('OMP_WAIT_POLICY'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_pipeline_lets_idle_math_threads_sleep_unless_told_otherwise() -> None:
    assert _omp_policy(None) == "PASSIVE"
    assert _omp_policy("ACTIVE") == "ACTIVE"


TEXTS = ["Peru recalled its ambassador to Chile after the border incident.",
         "recall | Peru recalled its ambassador to Chile",
         "Hundreds of farmers blocked the highway outside the capital on Tuesday to demand "
         "higher prices for milk, and police used tear gas to clear the road by nightfall.",
         "meet | ministers met"]


def test_encoder_precision_auto_follows_the_cpu_and_explicit_values_win(monkeypatch) -> None:
    import pytest

    from tidings import classify
    from tidings.errors import TidingsError
    monkeypatch.delenv(classify.ENCODER_DTYPE_ENV, raising=False)
    native = "bfloat16" if classify.native_bfloat16() else "float32"
    assert classify.encoder_precision() == native
    monkeypatch.setenv(classify.ENCODER_DTYPE_ENV, " Auto ")
    assert classify.encoder_precision() == native
    for value in ("float32", "bfloat16"):
        monkeypatch.setenv(classify.ENCODER_DTYPE_ENV, value)
        assert classify.encoder_precision() == value
        assert classify.encoder_precision("float32") == "float32"    # an argument wins
    monkeypatch.setenv(classify.ENCODER_DTYPE_ENV, "half")
    with pytest.raises(TidingsError) as exc:
        classify.embed(TEXTS)
    assert exc.value.code == "E025"


def test_float32_embeddings_are_sentence_transformers_own() -> None:
    """embed() runs the encoder's parts directly; it must compute what encode() computes."""
    import numpy as np

    from tidings import classify
    ref = classify._encoder().encode(TEXTS, normalize_embeddings=True, show_progress_bar=False)
    got = classify.embed(TEXTS, precision="float32")
    assert got.shape == (len(TEXTS), 384) and got.dtype == np.float32
    assert float(np.abs(got - ref).max()) < 1e-5


def test_bfloat16_embeddings_point_the_same_way_as_float32() -> None:
    import numpy as np

    from tidings import classify
    full = classify.embed(TEXTS, precision="float32")
    half = classify.embed(TEXTS, precision="bfloat16")
    assert half.dtype == np.float32 and not np.array_equal(half, full)
    assert (half * full).sum(axis=1).min() > 0.9995         # unit vectors: cosine
    assert np.allclose(np.linalg.norm(half, axis=1), 1.0, atol=1e-5)


def test_an_embedding_does_not_depend_on_its_batch_companions() -> None:
    """Documents are embedded together: a text's vector must be the same alone, in another
    order, or padded next to a longer text, or coding would depend on the batch."""
    import numpy as np

    from tidings import classify
    for prec in ("float32", "bfloat16"):
        together = classify.embed(TEXTS, precision=prec)
        alone = np.vstack([classify.embed([t], precision=prec) for t in TEXTS])
        reverse = classify.embed(TEXTS[::-1], precision=prec)[::-1]
        small = classify.embed(TEXTS, batch_size=3, precision=prec)
        for other in (alone, reverse, small):
            assert np.array_equal(together, other), prec


def test_training_embeds_in_float32_whatever_the_environment(monkeypatch) -> None:
    import numpy as np

    from tidings import classify
    seen: list[str | None] = []
    real = classify.embed

    def spy(texts, batch_size=64, precision=None):
        seen.append(precision)
        return real(texts, batch_size, precision)

    monkeypatch.setenv(classify.ENCODER_DTYPE_ENV, "bfloat16")
    monkeypatch.setattr(classify, "embed", spy)
    from tidings import train
    x = train.features(["recall | Peru recalled"], ["Peru recalled its envoy."],
                       precision="float32")
    assert x.shape == (1, 768) and seen == ["float32"]
    src = Path(train.__file__).read_text(encoding="utf-8")
    assert 'features(texts, [e[3] for e in examples], precision="float32")' in src
    assert np.isfinite(x).all()


# Articles written for this test: each has lexicon events the classifier reviews (ambiguous
# triggers such as "attack", "strike", "hit"), a sports near-miss it should veto, and a
# sentence with no lexicon trigger for the fallback.
BATCH_ARTICLES = [
    "Rebel fighters attacked an army post near the northern border on Monday, killing four "
    "soldiers.\n\nThe visiting side attacked down the left wing in the second half.\n\n"
    "Nigeria's defence minister toured the damaged post on Tuesday.",
    "Dock workers went on strike in the port city to demand higher wages.\n\n"
    "The foreign minister of Chile met his Argentine counterpart in Santiago.\n\n"
    "The striker fired a shot over the bar before half time.",
    "Police in the capital detained a dozen protesters outside parliament.\n\n"
    "Thousands of teachers marched through Nairobi on Friday.\n\n"
    "The prime minister thanked the neighbouring country for its help after the floods.",
    "Kenya closed its border with Somalia after a wave of attacks.\n\n"
    "Ethiopia welcomed the ceasefire and sent aid to the region.\n\n"
    "Kenyan police rounded up hundreds of Somali refugees in Nairobi.",
]


def test_events_coded_in_a_batch_are_coded_as_alone() -> None:
    """The events stage embeds a group of documents in one pass: every document must come out
    exactly as it does when coded on its own (and in another group order)."""
    from tidings.pipeline import Pipeline, code_records

    arts = [Article(text=t, id=f"b{i}", published="2022-05-10")
            for i, t in enumerate(BATCH_ARTICLES)]
    pipe = Pipeline()
    stage = pipe.stages[[s.name for s in pipe.stages].index("events")]
    assert stage.classifier is not None and stage.batch_size > 1
    together = list(code_records(arts, pipeline=pipe))
    alone = [next(code_records([a], pipeline=pipe)) for a in arts]
    backwards = list(code_records(arts[::-1], pipeline=pipe))[::-1]
    # the classifier reviewed events in several documents of the group
    from tidings.classify import reviewable
    docs = [pipe(a) for a in arts]
    assert sum(any(reviewable(e) for e in d.events) for d in docs) >= 3
    assert together == alone == backwards


def test_events_stage_groups_documents_for_the_classifier(monkeypatch) -> None:
    from tidings import classify
    from tidings.pipeline import Pipeline, code_records

    calls: list[int] = []
    real = classify.embed

    def count(texts, batch_size=64, precision=None):
        calls.append(len(texts))
        return real(texts, batch_size, precision)

    monkeypatch.setattr(classify, "embed", count)
    arts = [Article(text=t, id=f"g{i}", published="2022-05-10")
            for i, t in enumerate(BATCH_ARTICLES)]
    list(code_records(arts, pipeline=Pipeline()))
    # one review pass and at most one fallback pass for the group, not two per document
    assert 1 <= len(calls) <= 2 < 2 * len(arts)
