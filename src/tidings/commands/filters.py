"""Event filters shared by the commands that read the database (events, export, stats, plot)."""
from __future__ import annotations

import argparse
from typing import Any

from ..errors import TidingsError


def add_filter_arguments(p: argparse.ArgumentParser, text: bool = False) -> None:
    """The event filters shared by events, export, stats and plot (Store.events keywords)."""
    p.add_argument("--source", help="source actor: ISO3 country, CAMEO code or name")
    p.add_argument("--target", help="target actor: ISO3 country, CAMEO code or name")
    p.add_argument("--type", help="PLOVER event type(s), comma-separated, e.g. ASSAULT,COERCE")
    p.add_argument("--since", help="first event date, YYYY-MM-DD")
    p.add_argument("--until", help="last event date, YYYY-MM-DD")
    p.add_argument("--modality", help="asserted, negated, hypothetical, future or historical")
    p.add_argument("--country", help="events with this country as source or target")
    p.add_argument("--min-confidence", type=float, default=None, dest="min_confidence",
                   help="only events with at least this confidence (0-1)")
    if text:
        p.add_argument("--text", help="only events from articles matching this full-text search")


def filters_from(args: argparse.Namespace) -> dict[str, Any]:
    """Validated Store.events keywords from parsed arguments."""
    from ..read import parse_date
    from ..records import MODALITIES, PLOVER_TYPES
    f: dict[str, Any] = {k: getattr(args, k, None) for k in (
        "source", "target", "type", "since", "until", "modality", "country",
        "min_confidence", "text")}
    for k in ("since", "until"):
        if f[k]:
            f[k] = parse_date(f[k], f"--{k}")
    if f["type"]:
        f["type"] = f["type"].upper().replace(" ", "")
        for t in f["type"].split(","):
            if t not in PLOVER_TYPES:
                raise TidingsError("E043", what="event type", value=t,
                                   choices=", ".join(PLOVER_TYPES))
    if f["modality"] and f["modality"] not in MODALITIES:
        raise TidingsError("E043", what="modality", value=f["modality"], choices=", ".join(MODALITIES))
    return {k: v for k, v in f.items() if v is not None}
