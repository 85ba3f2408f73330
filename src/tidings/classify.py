"""Learned event classifier (trained by ``tidings train``); placeholder until the model exists."""
from __future__ import annotations

from typing import Any


def load_classifier(path: str | None = None) -> Any:
    return None
