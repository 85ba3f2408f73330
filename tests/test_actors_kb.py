"""Integrity of the actor knowledge base files (no spaCy needed)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tidings.actors import DATA_DIR, load_kb, resolve_text

CODE = re.compile(r"^[A-Z-]{3}(?:[A-Z0-9]{3})*$")


def rows(name: str, columns: list[str] | None = None) -> list[dict[str, str]]:
    lines = [ln for ln in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    if columns is None:
        return list(csv.DictReader(lines, delimiter="\t"))
    return [dict(zip(columns, (ln.split("\t") + [""] * len(columns))[:len(columns)]))
            for ln in lines]


@pytest.fixture(scope="module")
def sectors() -> set[str]:
    return {r["code"] for r in rows("sectors.tsv")}


@pytest.fixture(scope="module")
def countries() -> list[dict[str, str]]:
    return rows("countries.tsv")


def test_countries_table(countries):
    iso3 = [r["iso3"] for r in countries]
    assert len(iso3) == len(set(iso3)) == 250
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in iso3)
    states = [r for r in countries if r["kind"] == "state"]
    assert len(states) >= 195
    # every state has demonyms and a capital (the capital doubles as a metonym)
    assert [r["iso3"] for r in states if not r["demonyms"] or not r["capitals"]] == []
    by = {r["iso3"]: r for r in countries}
    assert (by["USA"]["cow"], by["USA"]["gw"]) == ("2", "2")
    assert (by["DEU"]["cow"], by["DEU"]["gw"]) == ("255", "260")
    assert by["IRQ"]["cow"] == "645" and by["IRN"]["gw"] == "630"
    assert by["ROU"]["cameo"] == "ROM"
    assert "Washington" in by["USA"]["capitals"].split("|")
    assert "Iraqi" in by["IRQ"]["demonyms"].split("|")


def test_countries_tsv_matches_its_build_script(countries):
    pytest.importorskip("country_converter")
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "build_countries", DATA_DIR / "build" / "build_countries.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.build() == countries


def test_organizations(sectors):
    cols = ["kb_id", "name", "code", "country", "sector", "kind", "aliases"]
    orgs = rows("organizations.tsv", cols)
    iso3 = {r["iso3"] for r in rows("countries.tsv")}
    ids = [r["kb_id"] for r in orgs]
    assert len(ids) == len(set(ids))
    for r in orgs:
        assert CODE.match(r["code"]), r
        assert r["country"] == "" or r["country"] in iso3, r
        assert r["kind"] in {"igo", "ngo", "group", "institution"}, r
        assert all(s in sectors for s in r["sector"].split("|") if s), r
        if r["kind"] == "igo":
            assert r["country"] == "" and r["code"].startswith("IGO"), r
    by = {r["kb_id"]: r for r in orgs}
    assert by["igo-nato"]["code"] == "IGOWSTNAT"
    assert (by["usa-state"]["code"], by["irn-irgc"]["code"]) == ("USAGOV", "IRNMIL")
    assert (by["grp-pmf"]["country"], by["grp-pmf"]["sector"]) == ("IRQ", "REB|MIL")


def test_roles_and_coref(sectors):
    roles = rows("roles.tsv", ["phrase", "sector", "kind", "flags"])
    phrases = [r["phrase"] for r in roles]
    assert len(phrases) == len(set(phrases))
    allowed_flags = {"head", "m", "f", "domestic", "plural", "leads", "scene", "acting", "yields"}
    for r in roles:
        assert r["phrase"] == r["phrase"].lower(), r
        assert r["sector"] == "-" or r["sector"] in sectors, r
        assert r["kind"] in {"title", "group", "body", "generic"}, r
        for f in r["flags"].split("|"):
            assert not f or f in allowed_flags or f.startswith("same="), r
    sect = {r["phrase"]: r["sector"] for r in roles}
    assert (sect["lawmakers"], sect["troops"], sect["spokesperson"], sect["protesters"]) == \
        ("LEG", "MIL", "GOV", "CVL")
    coref = rows("coref.tsv", ["word", "type", "target", "gender", "number"])
    for r in coref:
        assert r["type"] in {"pronoun", "description", "honorific"}, r
        assert r["gender"] in {"", "m", "f"} and r["number"] in {"sg", "pl"}, r


def test_capital_homonyms():
    rows_ = rows("capital_homonyms.tsv", ["name", "country"])
    iso3 = {r["iso3"] for r in rows("countries.tsv")}
    kb = load_kb(use_user=False)
    assert len({(r["name"], r["country"]) for r in rows_}) == len(rows_) >= 5
    for r in rows_:
        caps = [e for e in kb.lookup(r["name"]) if e.kind == "capital"]
        # each name is a capital, and the other country is a real one that is not its own
        assert caps and r["country"] in iso3 and r["country"] not in {e.country for e in caps}, r
    assert kb.homonyms["Tripoli"] == ["LBN"]


def test_regions():
    regions = rows("regions.tsv", ["name", "country", "aliases", "demonyms"])
    iso3 = {r["iso3"] for r in rows("countries.tsv")}
    kb = load_kb(use_user=False)
    names = [n for r in regions for n in [r["name"], *r["aliases"].split("|")] if n]
    assert len(names) == len(set(names)) and len(regions) >= 30
    for r in regions:
        assert r["country"] in iso3, r
        for n in [r["name"], *r["aliases"].split("|")]:
            if n:   # a region never shadows a country, capital or organisation name
                assert {e.kind for e in kb.lookup(n)} == {"region"}, (n, kb.lookup(n))
        for d in r["demonyms"].split("|"):
            if d:
                assert {(e.kind, e.country) for e in kb.lookup(d)} == {("demonym", r["country"])}
    by = {r["name"]: r["country"] for r in regions}
    assert (by["Darfur"], by["Northern Ireland"], by["Sindh"]) == ("SDN", "GBR", "PAK")
    # disputed regions are left out on purpose
    assert not {"Kashmir", "Crimea", "Golan Heights", "Western Sahara"} & set(names)


def test_person_roles_cover_people_table():
    known = {r["role"] for r in rows("person_roles.tsv", ["role", "titles", "flags"])}
    people = DATA_DIR / "people.tsv"
    if not people.exists():
        pytest.skip("people.tsv not present")
    used = {r["role"] for r in rows("people.tsv")}
    assert used <= known


def test_kb_lookup_without_user_file():
    kb = load_kb(use_user=False)
    assert {e.kind for e in kb.lookup("Iraq")} == {"country"}
    assert any(e.kind == "capital" and e.country == "IRQ" for e in kb.lookup("Baghdad"))
    assert resolve_text("the Kremlin", kb=kb).code == "RUSGOV"
    assert resolve_text("Knesset", kb=kb).code == "ISRLEG"
    assert resolve_text("Majlis", kb=kb).code == "IRNLEG"
    assert resolve_text("Daesh", kb=kb).kb_id == "grp-isis"


def test_build_script_is_committed():
    assert (DATA_DIR / "build" / "build_countries.py").is_file()
    assert (DATA_DIR / "README.md").read_text().count("countries.tsv") >= 1
    assert Path(DATA_DIR / "build" / "country_extras.tsv").is_file()


def test_given_names():
    names = rows("given_names.tsv", ["name", "gender"])
    assert len({r["name"] for r in names}) == len(names) >= 200
    assert {r["gender"] for r in names} == {"m", "f"}
    by = {r["name"]: r["gender"] for r in names}
    assert (by["Hillary"], by["Donald"], by["Angela"]) == ("f", "m", "f")
    assert "Morgan" not in by and "Kim" not in by       # unisex names are left out
