"""A registry of pipeline components, so a stage can be swapped by name.

Each stage module registers its factories::

    from .registry import registry

    @registry.register("places", "gazetteer")
    def make_places(config: dict) -> Stage: ...

and ``Pipeline(components={"places": "gazetteer"})`` builds the stage by name.  A factory takes a
config dict and returns a callable ``Stage``: ``stage(document) -> document``.  A stage may also
offer ``pipe(documents) -> iterator`` for batched work (the nlp stage does).
"""
from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from .errors import TidingsError
from .records import Document

# The pipeline's stages in order; data flows one way through them.
STAGES: tuple[str, ...] = ("nlp", "actors", "events", "time", "places", "quotes", "dedup")
# The module that registers each stage's built-in components.
STAGE_MODULES: dict[str, str] = {
    "nlp": "tidings.nlp", "actors": "tidings.actors", "events": "tidings.events",
    "time": "tidings.timex", "places": "tidings.places", "quotes": "tidings.quotes",
    "dedup": "tidings.dedup",
}
DEFAULTS: dict[str, str] = {
    "nlp": "spacy", "actors": "kb", "events": "hybrid", "time": "anchored",
    "places": "gazetteer", "quotes": "rules", "dedup": "within-article",
}


class Stage(Protocol):
    name: str

    def __call__(self, doc: Document) -> Document: ...


Factory = Callable[[dict[str, Any]], Stage]


class Registry:
    def __init__(self) -> None:
        self._factories: dict[str, dict[str, Factory]] = {s: {} for s in STAGES}

    def register(self, stage: str, name: str) -> Callable[[Factory], Factory]:
        if stage not in self._factories:
            raise ValueError(f"unknown stage {stage!r}")

        def deco(factory: Factory) -> Factory:
            self._factories[stage][name] = factory
            return factory

        return deco

    def names(self, stage: str) -> list[str]:
        importlib.import_module(STAGE_MODULES[stage])
        return sorted(self._factories[stage])

    def get(self, stage: str, name: str) -> Factory:
        importlib.import_module(STAGE_MODULES[stage])
        try:
            return self._factories[stage][name]
        except KeyError:
            raise TidingsError("E011", stage=stage, name=name,
                               choices=", ".join(self.names(stage))) from None


registry = Registry()


class _Clocked:
    """An iterator that adds the wall time spent in its ``next`` to ``totals[i]``.

    Wrapped around each stage's output stream, it measures the stage *inclusive* of the
    stages upstream of it (a lazy stage pulls its input inside its own ``next``)."""

    def __init__(self, it: Iterable[Document], totals: list[float], i: int) -> None:
        self.it, self.totals, self.i = iter(it), totals, i

    def __iter__(self) -> "_Clocked":
        return self

    def __next__(self) -> Document:
        t0 = time.perf_counter()
        try:
            return next(self.it)
        finally:
            self.totals[self.i] += time.perf_counter() - t0


def run_stages(stages: Iterable[Stage], docs: Iterable[Document],
               timings: dict[str, float] | None = None) -> Iterator[Document]:
    """Run documents through stages; a stage with ``pipe`` gets the stream (batched).

    With ``timings``, the wall-clock seconds spent in each stage alone (upstream stages
    subtracted) are added to it under the stage's name, and ``_input`` gets the time spent
    producing the input documents."""
    stages = list(stages)
    names = ["_input"] + [getattr(st, "name", type(st).__name__) for st in stages]
    totals = [0.0] * len(names)              # inclusive seconds, per stage output stream
    stream: Iterable[Document] = docs
    if timings is not None:
        stream = _Clocked(stream, totals, 0)
    for k, st in enumerate(stages, start=1):
        pipe = getattr(st, "pipe", None)
        stream = pipe(stream) if pipe is not None else map(st, stream)
        if timings is not None:
            stream = _Clocked(stream, totals, k)
    try:
        yield from stream
    finally:
        if timings is not None:
            for k, name in enumerate(names):
                own = totals[k] - (totals[k - 1] if k else 0.0)
                timings[name] = timings.get(name, 0.0) + own


class NullStage:
    """A stage that does nothing: ``--component places=none`` switches a stage off."""

    def __init__(self, stage: str) -> None:
        self.name = stage

    def __call__(self, doc: Document) -> Document:
        return doc


for _stage in STAGES:
    if _stage != "nlp":
        registry.register(_stage, "none")(lambda config, _s=_stage: NullStage(_s))
