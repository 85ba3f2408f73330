"""Integrity of the event lexicon (data/lexicon): every row well-formed and consistent with the
ontology, so no trigger can code an event whose CAMEO code contradicts its PLOVER type."""
from __future__ import annotations

import pytest

from tidings import ontology
from tidings.events import Lexicon, _read_tsv, load_lexicon
from tidings.records import PLOVER_TYPES

ROWS = _read_tsv("lexicon", "triggers.tsv")
COND_KINDS = {"obj", "prep", "prt", "noprt", "pobj", "comp", "xcomp", "noclause", "compound", "actorobj",
              "light"}
ROLES = {"", "content", "negate", "report", "light"}


def test_header_and_size() -> None:
    assert set(ROWS[0]) == {"lemma", "pos", "cond", "cameo", "type", "mode", "role"}
    assert len(ROWS) > 300


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['lemma']}/{r['pos']}/{r['cond']}")
def test_row(row: dict[str, str]) -> None:
    assert row["lemma"] == row["lemma"].lower().strip() and row["lemma"]
    assert row["pos"] in ("V", "N")
    assert (row["role"] or "") in ROLES
    for cond in filter(None, (row["cond"] or "").split(";")):
        kind = cond.split("=", 1)[0]
        assert kind in COND_KINDS, cond
    assert row["cameo"] in ontology.all_cameo_codes()
    if row["type"] == "-":
        assert row["cameo"][:2] in ("01", "02"), "non-events use statement codes"
        return
    assert row["type"] in PLOVER_TYPES
    assert ontology.is_consistent(row["type"], row["cameo"]), (
        f"{row['lemma']}: CAMEO {row['cameo']} is not {row['type']}")
    if row["mode"]:
        assert row["mode"] in ontology.modes(row["type"]), (row["type"], row["mode"])


def test_every_type_has_a_verb_trigger() -> None:
    typed = {r["type"] for r in ROWS if r["pos"] == "V"}
    assert set(PLOVER_TYPES) <= typed


def test_most_specific_entry_wins() -> None:
    lex = Lexicon([
        {"lemma": "impose", "pos": "V", "cond": "", "cameo": "172", "type": "COERCE"},
        {"lemma": "impose", "pos": "V", "cond": "obj=sanction", "cameo": "163",
         "type": "SANCTION"}], [], {})
    first = lex.candidates("impose", "V")[0]
    assert first.type == "SANCTION" and first.specificity == 1


def test_light_verbs_and_modality_cues_load() -> None:
    lex = load_lexicon()
    assert {"carry", "conduct", "impose"} <= lex.light
    assert lex.modality["if"] == "hypothetical" and lex.modality["will"] == "future"
    assert lex.modality["deny"] == "negated"


def test_ambiguous_lemmas_are_triggers() -> None:
    """Every lemma the classifier reviews must be a trigger the lexicon can propose."""
    from tidings.classify import ambiguous_lemmas
    triggers = {r["lemma"] for r in ROWS}
    amb = ambiguous_lemmas()
    assert len(amb) > 30 and amb <= triggers, sorted(amb - triggers)
