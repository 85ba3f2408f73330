"""CAMEO and PLOVER lookups, read lazily from ``data/ontology`` (cameo.tsv, plover.json).

Why a module of its own: every stage that writes or checks an event needs the same answers
(which PLOVER type a CAMEO code belongs to, its Goldstein score and quad class, the typical CAMEO
code of a type), and the evaluation's conventions (``shared/eval/EVENT_MAPPINGS.md``) must be
applied identically everywhere.  The knowledge lives in the data files; this module only reads
and indexes them, once (``functools.cache``).

CAMEO codes are strings ("01", "080", "0874"): leading zeros matter.  A 4-digit code that is
not listed falls back to its 3-digit parent, then to its root, for every lookup.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import TidingsError
from .records import PLOVER_TYPES

__all__ = [
    "PLOVER_TYPES", "cameo_name", "goldstein", "quad_class", "plover_of_cameo", "default_cameo",
    "modes", "contexts", "sector_codes", "type_definition", "is_consistent", "all_cameo_codes",
    "plover_alt",
]

DATA = Path(__file__).resolve().parent / "data" / "ontology"


@dataclass(frozen=True)
class CameoCode:
    """One row of cameo.tsv."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_contexts: tuple[str, ...]
    plover_alt: str | None


def _read_text(name: str) -> str:
    """A shipped data file's text; a missing file means a broken install (E022)."""
    path = DATA / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise TidingsError("E022", path=path) from None


@cache
def _cameo() -> dict[str, CameoCode]:
    rows = csv.DictReader(_read_text("cameo.tsv").splitlines(), delimiter="\t")
    table: dict[str, CameoCode] = {}
    for r in rows:
        table[r["code"]] = CameoCode(
            code=r["code"], name=r["name"], goldstein=float(r["goldstein"]),
            quad_class=int(r["quad_class"]), plover_type=r["plover_type"] or None,
            plover_mode=r["plover_mode"] or None,
            plover_contexts=tuple(c for c in r["plover_contexts"].split(",") if c),
            plover_alt=r["plover_alt"] or None)
    return table


@cache
def _plover() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_read_text("plover.json"))
    return data


def _row(code: str) -> CameoCode:
    """The listed row for ``code``: exact, else its 3-digit parent, else its root."""
    key = str(code).strip()
    table = _cameo()
    for cand in (key, key[:3], key[:2]):
        if len(cand) >= 2 and cand.isdigit() and cand in table:
            return table[cand]
    raise KeyError(f"unknown CAMEO code {code!r}")


def _type(plover_type: str) -> dict[str, Any]:
    try:
        entry: dict[str, Any] = _plover()["types"][plover_type]
    except KeyError:
        raise KeyError(f"unknown PLOVER type {plover_type!r}") from None
    return entry


def all_cameo_codes() -> list[str]:
    """Every CAMEO code (roots and sub-codes), in CAMEO order."""
    return list(_cameo())


def cameo_name(code: str) -> str:
    """The CAMEO name of ``code`` (of its nearest listed ancestor for unlisted sub-codes)."""
    return _row(code).name


def goldstein(code: str) -> float:
    """Goldstein conflict/cooperation score, -10 (most hostile) to +10."""
    return _row(code).goldstein


def quad_class(code: str) -> int:
    """GDELT QuadClass by CAMEO root: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    return _row(code).quad_class


def plover_of_cameo(code: str) -> tuple[str | None, str | None, list[str]]:
    """(type, mode, contexts) of a CAMEO code; type None for roots 01 and 02."""
    row = _row(code)
    return row.plover_type, row.plover_mode, list(row.plover_contexts)


def plover_alt(code: str) -> str | None:
    """The other type the evaluation also accepts for this code (163 -> COERCE), or None."""
    return _row(code).plover_alt


def is_consistent(plover_type: str, cameo: str) -> bool:
    """Whether a CAMEO code may carry this PLOVER type: its own type or its accepted alternative."""
    try:
        row = _row(cameo)
    except KeyError:
        return False
    return plover_type is not None and plover_type in (row.plover_type, row.plover_alt)


def default_cameo(plover_type: str, mode: str | None = None) -> str:
    """The most typical CAMEO code for a type, or for a type and one of its modes."""
    entry = _type(plover_type)
    if mode:
        if mode not in entry["modes"]:
            raise KeyError(f"{plover_type} has no mode {mode!r}")
        return str(entry["modes"][mode]["default_cameo"])
    return str(entry["default_cameo"])


def modes(plover_type: str) -> list[str]:
    """The current PLOVER manual's mode names for a type (empty for types without modes)."""
    return list(_type(plover_type)["modes"])


def mode_definition(plover_type: str, mode: str) -> str:
    """Short definition of one mode."""
    return str(_type(plover_type)["modes"][mode]["definition"])


def type_definition(plover_type: str) -> str:
    """One-line definition of a PLOVER type."""
    return str(_type(plover_type)["definition"])


def contexts() -> list[str]:
    """The PLOVER context names."""
    return list(_plover()["contexts"])


def sector_codes() -> dict[str, str]:
    """PLOVER/CAMEO sector (agent) codes -> short description."""
    return dict(_plover()["sectors"])
