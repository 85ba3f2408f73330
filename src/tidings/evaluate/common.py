"""Helpers shared by the evaluation tasks (offset parsing, one-to-one pairing)."""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


def as_int(x: Any, parse_str: bool = True) -> int | None:
    """An integer offset from JSON (int, integral float, or digit string); else None."""
    if isinstance(x, bool):
        return None
    if isinstance(x, int):
        return x
    if isinstance(x, float) and x.is_integer():
        return int(x)
    if parse_str and isinstance(x, str) and re.fullmatch(r"-?\d+", x.strip()):
        return int(x)
    return None


def greedy_pairs(n_gold: int, n_pred: int,
                 score: Callable[[int, int], tuple[Any, ...] | None]) -> dict[int, int]:
    """Greedy one-to-one matching, best score first (ties: gold index, then prediction index).

    ``score(gi, pi)`` returns a tuple compared lexicographically, or None; pairs whose first
    element is not positive are never matched.
    """
    pairs = []
    for gi in range(n_gold):
        for pi in range(n_pred):
            sc = score(gi, pi)
            if sc is not None and sc[0] > 0:
                pairs.append((tuple(-x for x in sc), gi, pi))
    pairs.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out[gi] = pi
    return out
