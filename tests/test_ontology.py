"""Integrity of the shipped ontology files and the conventions of EVENT_MAPPINGS.md."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from tidings import ontology as ont

DATA = Path(ont.__file__).resolve().parent / "data" / "ontology"


def _rows() -> list[dict[str, str]]:
    with open(DATA / "cameo.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_all_311_codes_present_and_unique() -> None:
    codes = [r["code"] for r in _rows()]
    assert len(codes) == 311
    assert len(set(codes)) == 311
    assert ont.all_cameo_codes() == codes
    roots = [c for c in codes if len(c) == 2]
    assert roots == [f"{i:02d}" for i in range(1, 21)]
    assert all(c.isdigit() and 2 <= len(c) <= 4 for c in codes)


def test_every_code_has_name_and_goldstein_in_range() -> None:
    for code in ont.all_cameo_codes():
        assert ont.cameo_name(code).strip(), code
        assert -10.0 <= ont.goldstein(code) <= 10.0, code


def test_types_modes_and_contexts_are_known() -> None:
    known_contexts = set(ont.contexts())
    for code in ont.all_cameo_codes():
        ptype, mode, ctx = ont.plover_of_cameo(code)
        if code[:2] in ("01", "02"):
            assert ptype is None and mode is None and ctx == [], code
            continue
        assert ptype in ont.PLOVER_TYPES, code
        assert mode is None or mode in ont.modes(ptype), (code, mode)
        assert set(ctx) <= known_contexts, (code, ctx)


def test_every_type_reachable_from_some_code() -> None:
    reached = {ont.plover_of_cameo(c)[0] for c in ont.all_cameo_codes()}
    assert set(ont.PLOVER_TYPES) <= reached


def test_plover_json_types_match_records() -> None:
    data = json.loads((DATA / "plover.json").read_text(encoding="utf-8"))
    assert tuple(data["types"]) == ont.PLOVER_TYPES
    assert len(ont.PLOVER_TYPES) == 16


@pytest.mark.parametrize("ptype", ont.PLOVER_TYPES)
def test_default_cameo_consistent_for_type_and_modes(ptype: str) -> None:
    assert ont.is_consistent(ptype, ont.default_cameo(ptype))
    for mode in ont.modes(ptype):
        assert ont.is_consistent(ptype, ont.default_cameo(ptype, mode)), mode
        assert ont.mode_definition(ptype, mode)
    assert len(ont.type_definition(ptype)) > 30


@pytest.mark.parametrize("code,quad", [
    ("01", 1), ("057", 1), ("0512", 1), ("06", 2), ("0874", 2), ("09", 3), ("112", 3),
    ("1385", 3), ("14", 4), ("163", 4), ("204", 4), ("2042", 4)])
def test_quad_class_by_root(code: str, quad: int) -> None:
    assert ont.quad_class(code) == quad


def test_quad_class_follows_root_for_every_code() -> None:
    for code in ont.all_cameo_codes():
        root = int(code[:2])
        want = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert ont.quad_class(code) == want, code


@pytest.mark.parametrize("code,ptype,mode", [
    ("163", "SANCTION", "discontinue"),     # manual beats the 2021 table (COERCE)
    ("1712", "ASSAULT", "destroy"),
    ("174", "COERCE", "deport"),
    ("175", "ASSAULT", None),
    ("191", "COERCE", "restrict"),
    ("192", "COERCE", "seize"),
    ("201", "ASSAULT", None),
    ("080", "CONCEDE", None),
    ("08", "CONCEDE", None),
    ("0813", "RETREAT", None),
    ("0874", "RETREAT", "disarm"),
    ("0871", "RETREAT", "ceasefire"),
    ("093", "ACCUSE", "investigate"),
    ("1121", "ACCUSE", "allege"),
    ("057", "SUPPORT", None),
    ("036", "AGREE", None),
    ("042", "CONSULT", "visit"),
    ("195", "ASSAULT", "aerial"),
    ("186", "ASSAULT", "targeted"),
    ("1322", "THREATEN", "restrict"),
    ("010", None, None),
    ("0214", None, None),
])
def test_spot_checks(code: str, ptype: str | None, mode: str | None) -> None:
    got_type, got_mode, _ = ont.plover_of_cameo(code)
    assert (got_type, got_mode) == (ptype, mode)


def test_accepted_alternatives() -> None:
    assert ont.is_consistent("COERCE", "163") and ont.is_consistent("SANCTION", "163")
    assert ont.is_consistent("CONCEDE", "0813") and ont.is_consistent("CONCEDE", "0814")
    assert ont.is_consistent("RETREAT", "080") and ont.is_consistent("RETREAT", "08")
    assert not ont.is_consistent("RETREAT", "081")
    assert not ont.is_consistent("AGREE", "057")
    assert not ont.is_consistent("COERCE", "1712")
    assert not ont.is_consistent("SANCTION", "010")
    assert not ont.is_consistent("AGREE", "999")
    assert ont.plover_alt("163") == "COERCE" and ont.plover_alt("164") is None


def test_goldstein_spot_values() -> None:
    assert ont.goldstein("190") == -10.0
    assert ont.goldstein("0874") == 10.0
    assert ont.goldstein("057") == 8.0
    assert ont.goldstein("04") == 1.0


def test_unlisted_subcode_falls_back_to_parent_then_root() -> None:
    assert ont.plover_of_cameo("0429") == ont.plover_of_cameo("042")
    assert ont.plover_of_cameo("1959")[0] == "ASSAULT"
    assert ont.plover_of_cameo("0899") == ont.plover_of_cameo("08")   # no 089: root
    assert ont.cameo_name("0429") == "Make a visit"
    with pytest.raises(KeyError):
        ont.plover_of_cameo("99")
    with pytest.raises(KeyError):
        ont.goldstein("x1")


def test_default_cameo_values() -> None:
    assert ont.default_cameo("REJECT") == "120"
    assert ont.default_cameo("CONSULT") == "040"
    assert ont.default_cameo("THREATEN") == "130"
    assert ont.default_cameo("SANCTION") == "160"
    assert ont.default_cameo("ASSAULT", "aerial") == "195"
    assert ont.default_cameo("COERCE", "deport") == "174"
    with pytest.raises(KeyError):
        ont.default_cameo("ASSAULT", "visit")
    with pytest.raises(KeyError):
        ont.default_cameo("FIGHT")


def test_modes_follow_current_manual() -> None:
    assert ont.modes("CONSULT") == ["visit", "third-party", "multilateral", "phone"]
    assert ont.modes("RETREAT") == ["withdraw", "release", "disarm", "ceasefire", "access",
                                    "resign"]
    assert ont.modes("REQUEST") == ont.modes("REJECT") == ["assist", "change", "yield", "meet"]
    assert ont.modes("AGREE") == []
    assert "assassinate" not in ont.modes("ASSAULT")


def test_contexts_and_sectors() -> None:
    ctx = ont.contexts()
    assert len(ctx) == len(set(ctx)) == 37
    assert {"military", "economic", "migration", "cbrn", "trafficking"} <= set(ctx)
    sectors = ont.sector_codes()
    for code in ("GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "OPP", "BUS", "MED", "REL",
                 "EDU", "NGO", "IGO", "CVL", "PTY", "LAB", "REF", "CRM", "JRN"):
        assert sectors[code], code
    assert all(len(c) == 3 and c.isupper() for c in sectors)


def test_names_from_reference_table() -> None:
    assert ont.cameo_name("195") == "Employ aerial weapons"
    assert ont.cameo_name("14") == "PROTEST"
    assert ont.cameo_name("2041") == "Use chemical, biological, or radiological weapons"


def test_tsv_matches_builder_output(shared: Path) -> None:
    """The committed TSV is exactly what the build script makes from the references."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_ontology", DATA / "build_ontology.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod          # dataclasses look their module up while building
    try:
        spec.loader.exec_module(mod)
    finally:
        del sys.modules[spec.name]
    built = mod.build(shared / "data" / "ontology")
    assert built == _rows()
