"""tidings web: the analyst's desk (``tidings serve``).  ``create_app(db)`` builds the ASGI app."""
from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
