"""tidings: news in, coded political events out (PLOVER/CAMEO), offline."""
from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "open", "Pipeline"]


def __getattr__(name: str) -> Any:
    # lazy: importing tidings must not load spaCy or torch
    if name == "Pipeline":
        from .pipeline import Pipeline
        return Pipeline
    raise AttributeError(name)


def open(db: str) -> Any:  # noqa: A001 - the documented API is tidings.open(db)
    """Open an event database for querying: ``tidings.open("events.db").events(source="USA")``."""
    from .analysis import EventDB
    return EventDB(db)
