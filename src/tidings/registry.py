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


def run_stages(stages: Iterable[Stage], docs: Iterable[Document]) -> Iterator[Document]:
    """Run documents through stages; a stage with ``pipe`` gets the stream (batched)."""
    stream: Iterable[Document] = docs
    for st in stages:
        pipe = getattr(st, "pipe", None)
        if pipe is not None:
            stream = pipe(stream)
        else:
            stream = map(st, stream)
    yield from stream


class NullStage:
    """A stage that does nothing: ``--component places=none`` switches a stage off."""

    def __init__(self, stage: str) -> None:
        self.name = stage

    def __call__(self, doc: Document) -> Document:
        return doc


for _stage in STAGES:
    if _stage != "nlp":
        registry.register(_stage, "none")(lambda config, _s=_stage: NullStage(_s))
