"""The quotes stage (placeholder)."""
from __future__ import annotations

from typing import Any

from .records import Document
from .registry import registry


class Stage:
    name = "quotes"

    def __call__(self, doc: Document) -> Document:
        return doc


@registry.register("quotes", "rules")
def make(config: dict[str, Any]) -> Stage:
    return Stage()
