"""The actors stage (placeholder, replaced by the knowledge-base resolver)."""
from __future__ import annotations

from typing import Any

from .records import Actor, Document, Mention
from .registry import registry


class KBActors:
    name = "actors"

    def __call__(self, doc: Document) -> Document:
        for ent in doc.doc.ents:
            if ent.label_ in ("GPE", "NORP", "ORG", "PERSON"):
                doc.mentions.append(Mention(ent.start_char, ent.end_char, ent.text,
                                            Actor(text=ent.text, name=ent.text)))
        return doc


@registry.register("actors", "kb")
def make_kb(config: dict[str, Any]) -> KBActors:
    return KBActors()
