"""US counties and post-office towns (county_points.tsv.gz, post_towns.tsv.gz, built from
zipcodes): the tables' integrity, and one written sentence per resolution rule."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tidings.places import (Entry, GazetteerPlaces, Toponym, add_post_towns, county_key,
                            county_point, county_points, km, norm, post_town_lines, post_towns,
                            town_county)
from tidings.records import Article, Document, Place

GAZ = Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "gazetteer"


@pytest.fixture(scope="module")
def stage() -> GazetteerPlaces:
    return GazetteerPlaces()


def code(nlp, stage, text: str) -> Document:
    doc = Document(article=Article(text=text), doc=nlp(text))
    doc.mentions, doc.events = [], []
    return stage(doc)


def place(doc: Document, text: str) -> Place:
    found = [p for p in doc.places if p.text == text]
    assert found, f"no place {text!r} in {[p.text for p in doc.places]}"
    return found[0]


def us_states() -> dict[str, tuple[float, float]]:
    out = {}
    for ln in (GAZ / "admin1.tsv").read_text(encoding="utf-8").splitlines():
        r = ln.split("\t")
        if ln and not ln.startswith("#") and r[0] == "USA":
            out[r[2]] = (float(r[3]), float(r[4]))
    return out


# ---------------------------------------------------------------- the tables

def test_county_points_cover_every_state_near_its_centre():
    states = us_states()
    table = county_points()
    by_state: dict[str, int] = {}
    for key, per_state in table.items():
        assert key == county_key(key) and key, key
        for st, pt in per_state.items():
            assert st in states, st
            by_state[st] = by_state.get(st, 0) + 1
            lat, lon = states[st]
            # a county lies within its state (Alaska's boroughs are far from its centre)
            assert km(lat, lon, pt.lat, pt.lon) < (2000 if st in ("Alaska", "Hawaii") else 900), \
                (key, st)
            assert pt.zips >= 1
    assert set(by_state) == set(states)
    assert by_state["Texas"] >= 250 and by_state["Delaware"] == 3
    assert 3000 < sum(by_state.values()) < 3300


def test_county_keys_meet_spelling_variants():
    assert county_key("DeKalb") == county_key("De Kalb") == "dekalb"
    assert county_key("St. Clair") == county_key("Saint Clair") == county_key("St Clair")
    assert county_point("De Kalb", "Georgia") is not None
    assert county_point("Saint Louis", "Minnesota") is not None
    # an independent city never answers for the county of its name
    assert county_point("Richmond city", "Virginia") is not None
    richmond_county = county_point("Richmond", "Virginia")
    assert richmond_county is not None and richmond_county.name == "Richmond"


def test_county_point_is_inside_the_county():
    """Hall County, Georgia's point is near Gainesville, its seat, not the state's centre."""
    pt = county_point("Hall", "Georgia")
    assert pt is not None and km(pt.lat, pt.lon, 34.30, -83.82) < 30


def test_post_towns_are_sorted_with_their_county():
    lines = post_town_lines()
    assert lines == sorted(lines) and len(lines) > 25_000
    points = county_points()
    states = us_states()
    for ln in lines[::97]:
        key, state, name, county, lat, lon, n = ln.split("\t")
        assert key == norm(name) and state in states and int(n) >= 1
        assert not county or state in points.get(county, {}), ln
    kensington = {p.state: p for p in post_towns("Kensington")}
    assert kensington["Minnesota"].county == "douglas"
    assert post_towns("Harwinton")[0].county == "litchfield"
    assert post_towns("Nowhere Town Qq") == ()


def test_town_county_of_gazetteer_and_post_office_towns():
    alexandria = Entry("5016108", "city", "USA", "Minnesota", "Alexandria", 45.88, -95.38, 13000)
    assert town_county(alexandria) == "douglas"
    assert town_county(alexandria._replace(country="EGY", admin1="")) is None


def test_county_tables_are_what_the_build_writes():
    for name in ("county_points.tsv.gz", "post_towns.tsv.gz"):
        head = gzip.decompress((GAZ / name).read_bytes()).decode("utf-8").split("\n", 1)[0]
        assert head.startswith("#") and "zipcodes 3.0.0" in head and "CC BY" in head


# ---------------------------------------------------------------- hamlets as candidates

def _toponym(name: str, cands: list[Entry]) -> Toponym:
    t = Toponym(0, len(name), name, name)
    t.candidates, t.matched = cands, norm(name)
    return t


def test_hamlets_join_a_detected_name_but_not_beside_a_state_or_big_city():
    small = Entry("1", "city", "USA", "Maryland", "Kensington", 39.03, -77.08, 2200)
    t = _toponym("Kensington", [small])
    add_post_towns(t)
    states = {c.admin1 for c in t.candidates}
    assert {"Minnesota", "Kansas", "Maryland"} <= states
    assert len([c for c in t.candidates if c.admin1 == "Maryland"]) == 1   # not repeated
    # a state's name ("California", Kentucky is a post office) gets no hamlets
    state = Entry("A", "admin1", "USA", "California", "California", 37.0, -119.0, 0)
    t = _toponym("California", [state])
    add_post_towns(t)
    assert t.candidates == [state]
    # beside a big city, only a hamlet inside a county the article names
    denver = Entry("5419384", "city", "USA", "Colorado", "Denver", 39.74, -104.98, 700_000)
    t = _toponym("Denver", [denver])
    add_post_towns(t, frozenset())
    assert t.candidates == [denver]
    miami_in = next(p for p in post_towns("Denver") if p.state == "Indiana")
    add_post_towns(t, frozenset({(miami_in.county, "Indiana")}))
    assert [c.admin1 for c in t.candidates] == ["Colorado", "Indiana"]
    # nothing detected, nothing added
    t = _toponym("Kensington", [])
    add_post_towns(t)
    assert t.candidates == []


def test_hamlet_names_never_make_a_detection(nlp, stage):
    doc = code(nlp, stage, "Jordan Mayer scored twice as Clinton Lindsay watched the game.")
    assert not [p for p in doc.places if p.text in ("Mayer", "Lindsay")]


# ---------------------------------------------------------------- resolution

def test_a_county_goes_to_the_state_where_it_holds_the_article_towns(nlp, stage):
    doc = code(nlp, stage, "Deputies from the Douglas County Sheriff's Office searched homes "
                           "in Alexandria, Brandon and Kensington on Tuesday.")
    county = place(doc, "Douglas County")
    assert (county.admin1, county.feature) == ("Minnesota", "other")
    for town in ("Alexandria", "Brandon", "Kensington"):
        assert place(doc, town).admin1 == "Minnesota", town
    hamlet = place(doc, "Kensington")
    assert hamlet.feature == "city" and km(hamlet.lat, hamlet.lon, 45.82, -95.69) < 10


def test_a_county_and_a_town_inside_it_vote_for_its_state(nlp, stage):
    doc = code(nlp, stage, "The Walker County commissioners met in Huntsville on Monday to "
                           "discuss the new jail.")
    assert place(doc, "Walker County").admin1 == "Texas"
    assert place(doc, "Huntsville").admin1 == "Texas"


def test_a_lone_county_goes_to_its_largest_namesake_at_its_point(nlp, stage):
    doc = code(nlp, stage, "A fire destroyed a barn in Hall County on Sunday, officials said.")
    county = place(doc, "Hall County")
    assert county.admin1 == "Georgia" and km(county.lat, county.lon, 34.30, -83.82) < 30


def test_a_list_of_counties_stays_in_the_article_state(nlp, stage):
    """Hamilton, New York lies in a Madison County; the article's Ohio names (Ohio, and towns
    found only there) outweigh that one town and keep the list of counties in Ohio."""
    doc = code(nlp, stage, "Unemployment rose in Butler, Clark, Madison and Warren counties, "
                           "Ohio officials said; Hamilton, Xenia, Chillicothe and Zanesville "
                           "lost the most jobs.")
    assert {place(doc, c).admin1 for c in ("Butler", "Clark", "Madison", "Warren")} == {"Ohio"}


def test_a_state_named_outright_outweighs_a_town_in_another_states_county(nlp, stage):
    """Ohio, named once, weighs at least as much as Hamilton, New York (inside a Madison County):
    the list of counties stays in Ohio.  Without the state's name, the one town decides."""
    text = ("Unemployment rose in Butler, Clark, Madison and Warren counties, {}; "
            "Hamilton and Middletown lost the most jobs.")
    doc = code(nlp, stage, text.format("Ohio officials said"))
    assert {place(doc, c).admin1 for c in ("Butler", "Clark", "Madison", "Warren")} == {"Ohio"}
    doc = code(nlp, stage, text.format("officials said"))
    assert place(doc, "Madison").admin1 == "New York"


def test_a_state_named_only_as_a_visitors_home_does_not_take_the_county(nlp, stage):
    """Richmond, Kentucky lies in Madison County, and Louisiana has a Madison Parish; "a
    Louisiana man ... of Sulphur, La." is where a visitor comes from, so the county stays with
    the article's Kentucky town."""
    text = ("Richmond police said traffic on the interstate stopped for an hour; the driver was "
            "held in the Madison County Detention Center. {}")
    visitor = "A Louisiana man, John Roe, 22, of Sulphur, La., was cited in Richmond."
    doc = code(nlp, stage, text.format(visitor))
    assert place(doc, "Madison County").admin1 == "Kentucky"


def test_a_state_named_like_a_big_city_is_not_named_outright(nlp, stage):
    """"Washington officials" are more often the capital's: the name does not pull Clark County
    to Washington state (the county-list rule needs a name that is only the state's)."""
    doc = code(nlp, stage, "Crews cleared roads in Clark and Madison counties, Washington "
                           "officials said; Hamilton was spared.")
    assert place(doc, "Clark").admin1 != "Washington"


def test_a_bare_county_name_of_the_home_state_is_the_county(nlp, stage):
    """"Kanawha" is a hamlet in Iowa for the gazetteer; beside West Virginia's towns it is
    Kanawha County, placed at the county's point (not at Charleston's)."""
    doc = code(nlp, stage, "The Kanawha sheriff said deputies from Charleston, Beckley and "
                           "Huntington, W.Va., searched the area.")
    kanawha = place(doc, "Kanawha")
    pt = county_point("Kanawha", "West Virginia")
    assert kanawha.admin1 == "West Virginia" and pt is not None
    assert (kanawha.lat, kanawha.lon) == (pt.lat, pt.lon)


def test_a_home_state_hamlet_gets_its_own_point(nlp, stage):
    doc = code(nlp, stage, "Volunteers from Harwinton and Torrington, Conn., cleaned the river "
                           "banks on Saturday.")
    harwinton = place(doc, "Harwinton")
    assert harwinton.admin1 == "Connecticut" and harwinton.feature == "city"
    assert km(harwinton.lat, harwinton.lon, 41.77, -73.07) < 5


def test_county_lists_reads_each_listed_county():
    # written for this test: a list before "counties", one entry with a word before the
    # county's name ("Small Hitchcock": only its last word is a county's name)
    from tidings.places import county_lists

    text = ("Rain fell on Small Hitchcock and Hayes counties, and on Clarke, Madison and "
            "Oconee counties.")
    found = county_lists(text)
    assert [(t.text, t.hint) for t in found] == [
        ("Hitchcock", "county"), ("Hayes", "county"), ("Clarke", "county"),
        ("Madison", "county"), ("Oconee", "county")]
    assert all(text[t.start:t.end] == t.text == t.key for t in found)
