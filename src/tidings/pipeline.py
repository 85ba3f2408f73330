"""The pipeline: nlp -> actors -> events -> time -> places -> quotes -> dedup.

Stages are built by name from the registry (``components={"places": "gazetteer"}``), models are
loaded once per process, and documents stream through in batches.  ``code_records`` runs the
pipeline in N worker processes and yields contract article records (dicts), in input order.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .nlp import calm_threads
from .records import Article, Document
from .registry import DEFAULTS, STAGES, Stage, registry, run_stages

calm_threads()            # before any stage imports torch; spawned workers inherit it


class Pipeline:
    def __init__(self, components: dict[str, str] | None = None,
                 config: dict[str, dict[str, Any]] | None = None) -> None:
        names = dict(DEFAULTS)
        names.update(components or {})
        config = config or {}
        self.names = names
        self.stages: list[Stage] = [registry.get(s, names[s])(config.get(s, {})) for s in STAGES]
        # wall-clock seconds spent in each stage so far (the benchmark reports their shares)
        self.timings: dict[str, float] = {}

    def process(self, articles: Iterable[Article]) -> Iterator[Document]:
        docs = (Document(article=a) for a in articles)
        # the actors stage may re-code people by their event's date once events are dated
        redate = getattr(self.stages[STAGES.index("actors")], "date_events", None)
        for doc in run_stages(self.stages, docs, timings=self.timings):
            if redate is not None:
                t0 = time.perf_counter()
                doc = redate(doc)
                self.timings["redate"] = self.timings.get("redate", 0.0) + time.perf_counter() - t0
            yield doc

    def __call__(self, article: Article) -> Document:
        return next(iter(self.process([article])))

    def code_text(self, text: str, published: str | None = None, outlet: str | None = None,
                  id: str = "") -> Document:
        art = Article(text=text, published=published, outlet=outlet, id=id,
                      published_source="flag" if published else None,
                      outlet_source="flag" if outlet else None)
        return self(art)


# ---------------------------------------------------------------- worker processes

_WORKER_PIPE: Pipeline | None = None


def _init_worker(components: dict[str, str] | None, config: dict[str, Any] | None,
                 threads: int = 1) -> None:
    global _WORKER_PIPE
    try:                      # N workers on N cores: one math thread each, no oversubscription
        import torch
        torch.set_num_threads(threads)
    except ImportError:
        pass
    _WORKER_PIPE = Pipeline(components, config)


def _records(pipe: Pipeline, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
    """Contract records of coded articles; serialising them is timed as ``to_dict``."""
    for d in pipe.process(articles):
        t0 = time.perf_counter()
        rec = d.to_dict()
        pipe.timings["to_dict"] = pipe.timings.get("to_dict", 0.0) + time.perf_counter() - t0
        yield rec


def _work(batch: list[Article]) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """One batch in a worker: its records and the stage timings they cost."""
    assert _WORKER_PIPE is not None
    _WORKER_PIPE.timings.clear()
    return list(_records(_WORKER_PIPE, batch)), dict(_WORKER_PIPE.timings)


def _add(into: dict[str, float] | None, times: dict[str, float]) -> None:
    if into is not None:
        for k, v in times.items():
            into[k] = into.get(k, 0.0) + v


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def code_records(articles: Iterable[Article], workers: int = 1,
                 components: dict[str, str] | None = None,
                 config: dict[str, Any] | None = None, batch_size: int = 4,
                 pipeline: Pipeline | None = None,
                 timings: dict[str, float] | None = None) -> Iterator[dict[str, Any]]:
    """Code articles and yield contract article records, in input order.

    With ``timings``, the seconds each stage spent on these articles (summed over workers)
    are added to it.  Workers take ``batch_size`` articles at a time: small batches keep them
    equally busy to the end (80 articles in batches of 16 left one of two workers idle for a
    fifth of the run) and cost nothing measurable, since spaCy is as fast on 4 texts a batch as
    on 32."""
    if workers <= 1:
        pipe = pipeline or Pipeline(components, config)
        before = dict(pipe.timings)
        try:
            yield from _records(pipe, articles)
        finally:
            _add(timings, {k: v - before.get(k, 0.0) for k, v in pipe.timings.items()})
        return
    # spawn, not fork: a forked child of a process that has already run torch or spaCy can
    # deadlock on locks held by their thread pools; each worker loads the models once
    ctx = mp.get_context("spawn")
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ctx.Pool(workers, initializer=_init_worker,
                  initargs=(components, config, threads)) as pool:
        for out, times in pool.imap(_work, _batches(articles, batch_size)):
            _add(timings, times)
            yield from out


class Progress:
    """A small progress line on stderr: done/total, rate and ETA (only on a terminal or forced)."""

    def __init__(self, total: int | None, enabled: bool | None = None,
                 write: Callable[[str], Any] | None = None) -> None:
        self.total = total
        self.done = 0
        self.t0 = time.monotonic()
        self.last = 0.0
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.write = write or sys.stderr.write

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.5 and self.done != self.total):
            return
        self.last = now
        self.write("\r" + self.line(now))

    def line(self, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        el = max(now - self.t0, 1e-9)
        rate = self.done / el
        if self.total:
            left = (self.total - self.done) / rate if rate > 0 else 0.0
            return (f"coded {self.done}/{self.total} articles  {rate:.1f}/s  "
                    f"ETA {int(left // 60)}:{int(left % 60):02d}")
        return f"coded {self.done} articles  {rate:.1f}/s"

    def close(self) -> None:
        if self.enabled and self.done:
            self.write("\r" + self.line() + "\n")
