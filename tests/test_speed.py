"""Speed plumbing: per-stage timings and the performance shortcuts that must not change output."""
from __future__ import annotations

import time

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
    assert {"nlp", "actors", "events", "time", "places", "quotes", "dedup", "to_dict"} <= set(got)
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


def test_encoder_precision_is_float32_unless_bfloat16_is_asked(monkeypatch) -> None:
    import numpy as np
    import pytest

    from tidings import classify
    from tidings.errors import TidingsError
    texts = ["Peru recalled its ambassador to Chile after the border incident.",
             "recall | Peru recalled its ambassador to Chile"]
    monkeypatch.delenv(classify.ENCODER_DTYPE_ENV, raising=False)
    full = classify.embed(texts)
    monkeypatch.setenv(classify.ENCODER_DTYPE_ENV, "float32")
    assert np.array_equal(classify.embed(texts), full)
    monkeypatch.setenv(classify.ENCODER_DTYPE_ENV, "bfloat16")
    half = classify.embed(texts)
    assert half.dtype == np.float32 and not np.array_equal(half, full)
    assert float(np.abs(half - full).max()) < 0.01
    assert (half * full).sum(axis=1).min() > 0.999          # same direction (unit vectors)
    monkeypatch.setenv(classify.ENCODER_DTYPE_ENV, "half")
    with pytest.raises(TidingsError) as exc:
        classify.embed(texts)
    assert exc.value.code == "E025"
