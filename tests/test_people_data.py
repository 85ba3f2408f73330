"""Integrity tests for the people-with-roles table (src/tidings/data/actors/people.tsv).

The table is hand-written knowledge, so these tests guard what a typo or a slipped date would
break: the exact columns, the closed role list, ISO3 country codes, dates that parse and run
forwards, no two holders of the same single-holder office at once, and a few spot checks of who
held an office on a given day.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

PEOPLE = Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "actors" / "people.tsv"
HEADER = ["person_id", "name", "aliases", "country", "role", "sector", "org", "start", "end",
          "notes"]
ROLES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister",
         "interior_minister", "finance_minister", "igo_leader", "group_leader", "spokesperson",
         "other"}
SINGLE_HOLDER = ("head_of_state", "head_of_government", "foreign_minister", "defence_minister")
SECTORS = {"GOV", "MIL", "REB", "IGO", "SPY", "JUD", "OPP", "PTY", "COP"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _rows() -> list[dict[str, str]]:
    with PEOPLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def lower_bound(value: str) -> date:
    """The earliest day a (possibly partial) date can mean: '2021-09' -> 2021-09-01."""
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def holders(country: str, role: str, day: str) -> set[str]:
    """Names holding ``role`` for ``country`` on ``day`` (end day exclusive)."""
    d = date.fromisoformat(day)
    out = set()
    for r in ROWS:
        if r["country"] != country or r["role"] != role:
            continue
        if lower_bound(r["start"]) <= d and (not r["end"] or d < lower_bound(r["end"])):
            out.add(r["name"])
    return out


def test_header_is_exact() -> None:
    first = PEOPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.split("\t") == HEADER


def test_enough_rows() -> None:
    assert len(ROWS) >= 600


def test_every_line_has_ten_columns() -> None:
    for n, line in enumerate(PEOPLE.read_text(encoding="utf-8").splitlines(), 1):
        assert line.count("\t") == 9, f"line {n}: {line!r}"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['person_id']}:{r['role']}:{r['start']}")
def test_row_fields(row: dict[str, str]) -> None:
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["person_id"])
    assert row["name"].strip() == row["name"] and row["name"]
    assert row["role"] in ROLES
    assert row["country"] == "" or re.fullmatch(r"[A-Z]{3}", row["country"])
    assert row["sector"] in SECTORS
    assert all(a.strip() for a in row["aliases"].split("|")) or row["aliases"] == ""
    assert DATE_RE.match(row["start"]), row["start"]
    lower_bound(row["start"])  # raises on an impossible month or day
    if row["end"]:
        # an end must be at least a month so "still in office on day X" is answerable
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", row["end"]), row["end"]
        assert lower_bound(row["start"]) <= lower_bound(row["end"])
    if row["role"] in ("igo_leader", "group_leader"):
        assert row["org"], "IGO and group leaders name their organisation"
    if row["role"] == "group_leader":
        assert row["country"] == ""


def test_person_id_has_one_name() -> None:
    names: dict[str, set[str]] = defaultdict(set)
    for r in ROWS:
        names[r["person_id"]].add(r["name"])
    assert {k: v for k, v in names.items() if len(v) > 1} == {}


def test_no_duplicate_rows() -> None:
    keys = [(r["person_id"], r["country"], r["role"], r["start"]) for r in ROWS]
    assert len(keys) == len(set(keys))


def test_single_holder_offices_do_not_overlap() -> None:
    """Two people in one country's single-holder office at once is a date error, unless both
    rows are marked 'shared' (rival governments, co-leaders)."""
    groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for r in ROWS:
        if r["role"] in SINGLE_HOLDER and r["country"]:
            groups[(r["country"], r["role"])].append(r)
    clashes = []
    far_future = date(2100, 1, 1)
    for (country, role), rows in groups.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if "shared" in a["notes"] and "shared" in b["notes"]:
                    continue
                a0, b0 = lower_bound(a["start"]), lower_bound(b["start"])
                a1 = lower_bound(a["end"]) if a["end"] else far_future
                b1 = lower_bound(b["end"]) if b["end"] else far_future
                overlap = (min(a1, b1) - max(a0, b0))
                if overlap > timedelta(days=31):
                    clashes.append((country, role, a["name"], a["start"], b["name"], b["start"]))
    assert clashes == []


def test_one_leader_per_organisation_at_a_time() -> None:
    """"The ISIS leader" on a given day must have one answer: sub-group leaders are 'other', and
    offices that legitimately coexist (EU Commission and Council presidents) are marked shared."""
    by_org: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in ROWS:
        if r["role"] in ("group_leader", "igo_leader"):
            by_org[r["org"]].append(r)
    clashes = []
    far_future = date(2100, 1, 1)
    for org, rows in by_org.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if "shared" in a["notes"] and "shared" in b["notes"]:
                    continue
                a1 = lower_bound(a["end"]) if a["end"] else far_future
                b1 = lower_bound(b["end"]) if b["end"] else far_future
                if min(a1, b1) - max(lower_bound(a["start"]), lower_bound(b["start"])) > \
                        timedelta(days=31):
                    clashes.append((org, a["name"], b["name"]))
    assert clashes == []


@pytest.mark.parametrize("country,role,day,name", [
    ("USA", "head_of_state", "2020-01-10", "Donald Trump"),
    ("USA", "head_of_state", "2022-01-10", "Joe Biden"),
    ("USA", "head_of_state", "2026-01-10", "Donald Trump"),
    ("USA", "foreign_minister", "2020-01-10", "Mike Pompeo"),
    ("USA", "defence_minister", "2020-01-10", "Mark Esper"),
    ("IRQ", "head_of_government", "2020-01-10", "Adil Abdul-Mahdi"),
    ("IRQ", "head_of_state", "2020-01-10", "Barham Salih"),
    ("IRN", "head_of_state", "2020-01-10", "Ali Khamenei"),
    ("IRN", "head_of_government", "2020-01-10", "Hassan Rouhani"),
    ("IRN", "foreign_minister", "2020-01-10", "Mohammad Javad Zarif"),
    ("GBR", "head_of_government", "2020-01-10", "Boris Johnson"),
    ("GBR", "head_of_state", "2020-01-10", "Elizabeth II"),
    ("GBR", "head_of_state", "2023-01-10", "Charles III"),
    ("DEU", "head_of_government", "2020-01-10", "Angela Merkel"),
    ("RUS", "foreign_minister", "2020-01-10", "Sergey Lavrov"),
    ("RUS", "head_of_government", "2010-06-01", "Vladimir Putin"),
    ("ISR", "head_of_government", "2022-01-10", "Naftali Bennett"),
    ("SYR", "head_of_state", "2015-06-01", "Bashar al-Assad"),
    ("SAU", "head_of_government", "2023-01-10", "Mohammed bin Salman"),
    ("TUR", "head_of_government", "2020-01-10", "Recep Tayyip Erdoğan"),
    ("EGY", "head_of_state", "2012-10-01", "Mohamed Morsi"),
    ("JPN", "head_of_government", "2020-01-10", "Shinzo Abe"),
    ("USA", "head_of_state", "1985-06-01", "Ronald Reagan"),
    ("USA", "head_of_government", "1974-08-09", "Gerald Ford"),
    ("USA", "head_of_state", "1963-11-21", "John F. Kennedy"),
])
def test_spot_checks(country: str, role: str, day: str, name: str) -> None:
    assert holders(country, role, day) == {name}


@pytest.mark.parametrize("org,day,name", [
    ("IGOUNO", "2020-01-10", "António Guterres"),
    ("IGOWSTNAT", "2020-01-10", "Jens Stoltenberg"),
    ("LBNREBHEZ", "2020-01-10", "Hassan Nasrallah"),
    ("IMGMUSISI", "2018-01-10", "Abu Bakr al-Baghdadi"),
    ("PSEREBHMS", "2020-01-10", "Ismail Haniyeh"),
])
def test_leader_spot_checks(org: str, day: str, name: str) -> None:
    d = date.fromisoformat(day)
    found = {r["name"] for r in ROWS if r["org"] == org and r["role"] in ("igo_leader", "group_leader")
             and lower_bound(r["start"]) <= d and (not r["end"] or d < lower_bound(r["end"]))}
    assert found == {name}


def test_org_codes_match_the_organisation_table() -> None:
    """A CAMEO-style org code must be the one organizations.tsv uses, so that "Stoltenberg" and
    "NATO" code to the same actor."""
    table = PEOPLE.parent / "organizations.tsv"
    if not table.exists():
        pytest.skip("organizations.tsv not present")
    with table.open(encoding="utf-8") as f:
        codes = {line.split("\t")[2] for line in f if not line.startswith("#") and line.count("\t") >= 2}
    used = {r["org"] for r in ROWS if re.fullmatch(r"[A-Z]{3,}", r["org"])}
    assert sorted(used - codes) == []


def test_aliases_include_surname_forms() -> None:
    by_id = {r["person_id"]: r for r in ROWS}
    assert "Pompeo" in by_id["mike-pompeo"]["aliases"].split("|")
    assert {"Abdul-Mahdi", "Adil Abdul Mahdi", "Adel Abdul Mahdi"} <= set(
        by_id["adil-abdul-mahdi"]["aliases"].split("|"))


def test_coverage_of_required_countries() -> None:
    """Every G20 and MENA state in scope has at least a head of state or government row."""
    required = ("ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA "
                "IRN IRQ SYR ISR PSE JOR LBN ARE QAT KWT BHR OMN YEM EGY LBY TUN DZA MAR").split()
    have = {r["country"] for r in ROWS if r["role"] in ("head_of_state", "head_of_government")}
    assert [c for c in required if c not in have] == []
