"""The places stage: one written sentence per resolution rule, event locations, the seed."""
from __future__ import annotations

import pytest

from tidings.places import GazetteerPlaces
from tidings.records import Actor, Article, Document, Event, Evidence, Mention, Place


@pytest.fixture(scope="module")
def stage() -> GazetteerPlaces:
    return GazetteerPlaces()


def code(nlp, stage, text: str, mentions: list[Mention] | None = None,
         events: list[Event] | None = None) -> Document:
    doc = Document(article=Article(text=text), doc=nlp(text))
    doc.mentions = mentions or []
    doc.events = events or []
    return stage(doc)


def place(doc: Document, text: str, nth: int = 0) -> Place:
    found = [p for p in doc.places if p.text == text]
    assert len(found) > nth, f"no place {text!r} in {[p.text for p in doc.places]}"
    return found[nth]


def test_country_names_are_countries(nlp, stage):
    doc = code(nlp, stage, "Talks between Iraq and Iran resumed on Monday.")
    assert (place(doc, "Iraq").country, place(doc, "Iraq").feature) == ("IRQ", "country")
    assert (place(doc, "Iran").country, place(doc, "Iran").feature) == ("IRN", "country")
    assert place(doc, "Iraq").geonames_id == "99237"


def test_ambiguous_city_follows_the_article_country(nlp, stage):
    us = code(nlp, stage, "Storms hit Louisiana and Mississippi overnight. In Alexandria, "
                          "crews cleared fallen trees from the roads.")
    alex = place(us, "Alexandria")
    assert (alex.country, alex.admin1, alex.feature) == ("USA", "Louisiana", "city")
    eg = code(nlp, stage, "Protesters gathered in Cairo and Giza on Friday. In Alexandria, "
                          "crowds marched along the waterfront.")
    assert place(eg, "Alexandria").country == "EGY"


def test_actor_countries_vote_for_the_article_country(nlp, stage):
    text = "Fire crews worked through the night in Alexandria."
    usa = Actor(text="the American", country="USA")
    mentions = [Mention(0, 4, "Fire", usa) for _ in range(20)]
    assert place(code(nlp, stage, text, mentions), "Alexandria").country == "USA"
    assert place(code(nlp, stage, text), "Alexandria").country == "EGY"


def test_state_after_comma_contains_the_city(nlp, stage):
    doc = code(nlp, stage, "The band played a concert in Paris, Texas, last week.")
    paris = place(doc, "Paris")
    assert (paris.country, paris.admin1, paris.feature) == ("USA", "Texas", "city")
    assert place(doc, "Texas").feature == "admin1"
    bare = code(nlp, stage, "The band played a concert in Paris last week.")
    assert place(bare, "Paris").country == "FRA"


def test_province_suffix_gives_admin1_and_bare_name_the_city(nlp, stage):
    doc = code(nlp, stage, "An air strike hit tunnels in Kirkuk province.")
    kp = place(doc, "Kirkuk province")
    assert (kp.country, kp.feature, kp.admin1) == ("IRQ", "admin1", "Kirkuk")
    city = code(nlp, stage, "Oil exports from Kirkuk fell sharply.")
    assert (place(city, "Kirkuk").country, place(city, "Kirkuk").feature) == ("IRQ", "city")


def test_aliases(nlp, stage):
    doc = code(nlp, stage, "Tankers left the Gulf while the U.S. sent ships. The drone strike "
                           "outside the Baghdad airport was condemned in the West Bank.")
    assert (place(doc, "Gulf").feature, place(doc, "Gulf").country) == ("other", None)
    assert (place(doc, "U.S.").country, place(doc, "U.S.").feature) == ("USA", "country")
    airport = place(doc, "Baghdad airport")
    assert (airport.country, airport.feature) == ("IRQ", "other")
    assert place(doc, "West Bank").country == "PSE"


def test_population_breaks_ties_without_context(nlp, stage):
    doc = code(nlp, stage, "The meeting was held in Birmingham.")
    assert place(doc, "Birmingham").country == "GBR"


def test_person_names_are_not_places(nlp, stage):
    doc = code(nlp, stage, "Michael Jordan spoke to reporters. Later Jordan said he was proud "
                           "of the Iraqi team.")
    assert [p.text for p in doc.places if "Jordan" in p.text] == []
    ok = code(nlp, stage, "Thousands of refugees arrived in Jordan.")
    assert place(ok, "Jordan").country == "JOR"
    assert not place(ok, "Jordan").adjectival


def test_demonyms_are_adjectival_places(nlp, stage):
    doc = code(nlp, stage, "Michael Jordan said he was proud of the Iraqi team. Syrian "
                           "forces and the Kurds met European diplomats near Latin American "
                           "traders.")
    iraqi = place(doc, "Iraqi")
    assert (iraqi.country, iraqi.feature, iraqi.adjectival) == ("IRQ", "country", True)
    assert place(doc, "Syrian").country == "SYR"
    assert place(doc, "Kurds").name == "Kurdistan"
    assert place(doc, "European").name == "Europe"
    # the longer form wins over the demonym inside it
    assert place(doc, "Latin American").name == "Latin America"
    assert [p.text for p in doc.places if p.text == "American"] == []


def test_languages_names_and_streets_are_not_demonyms(nlp, stage):
    doc = code(nlp, stage, "She speaks English at home. The shop on Frenchmen Street sold "
                           "books, said Paul English, a clerk.")
    assert [p.text for p in doc.places if p.adjectival] == []


def test_demonyms_are_not_event_locations(nlp, stage):
    text = "Syrian troops attacked the village on Monday."
    ev = _event(text, "attacked", 0)
    doc = code(nlp, stage, text, events=[ev])
    assert place(doc, "Syrian").adjectival
    assert ev.location is None


def test_dateline_is_a_place(nlp, stage):
    doc = code(nlp, stage, "BEIRUT (AP) \u2014 Officials met on Monday to discuss the budget.")
    beirut = place(doc, "BEIRUT")
    assert (beirut.country, beirut.feature) == ("LBN", "city")


def test_county_stands_in_with_its_state(nlp, stage):
    doc = code(nlp, stage, "Deputies in Walker County, Ga., arrested two men.")
    county = place(doc, "Walker County")
    assert (county.country, county.admin1, county.feature) == ("USA", "Georgia", "other")


def test_county_is_placed_at_its_own_point_in_the_article_state(nlp, stage):
    """The article's town of Texas says which Walker County; the county is then placed at its
    own point (county_points.tsv.gz), not at the town or the state's centre."""
    from tidings.places import county_point

    text = ("The burn ban in Walker County was lifted on Monday, Huntsville, Texas, fire "
            "officials said. Residents of Huntsville need a permit.")
    doc = code(nlp, stage, text)
    county = place(doc, "Walker County")
    assert (county.admin1, county.feature) == ("Texas", "other")
    pt = county_point("Walker", "Texas")
    assert pt is not None and (county.lat, county.lon) == (pt.lat, pt.lon)


def _event(doc_text: str, trigger: str, sentence: int) -> Event:
    s = doc_text.index(trigger)
    ev = Evidence(s, s + len(trigger), trigger)
    return Event(article_id="t", type="ASSAULT", evidence=ev, trigger=ev, sentence=sentence)


def test_event_location_from_locative_preposition(nlp, stage):
    text = ("Iraq and Iran traded accusations. Gunmen attacked a checkpoint in Kirkuk province "
            "on Monday, Iraq said.")
    ev = _event(text, "attacked", 1)
    code(nlp, stage, text, events=[ev])
    assert ev.location is not None
    assert (ev.location.text, ev.location.feature) == ("Kirkuk province", "admin1")


def test_event_location_through_the_object(nlp, stage):
    text = "Iran launched missiles at two sites in Iraq."
    ev = _event(text, "launched", 0)
    code(nlp, stage, text, events=[ev])
    assert ev.location is not None and ev.location.text == "Iraq"


def test_event_location_falls_back_to_focus(nlp, stage):
    text = ("Iraq rejected the plan. Troops stayed in Iraq while envoys met in Geneva. "
            "Officials walked out of the talks on Tuesday.")
    ev = _event(text, "walked out", 2)
    code(nlp, stage, text, events=[ev])
    assert ev.location is not None
    assert (ev.location.name, ev.location.feature) == ("Iraq", "country")


def test_event_location_object_of_a_visit_and_not_an_actor(nlp, stage):
    text = "A NATO delegation visited the US. The US imposed sanctions against Iran."
    visit, sanction = _event(text, "visited", 0), _event(text, "imposed", 1)
    code(nlp, stage, text, events=[visit, sanction])
    assert visit.location is not None and visit.location.text == "US"
    # "against Iran" names the target, and "The US" the actor: the focus place is used
    assert sanction.location is not None and sanction.location.text == "US"


def test_seed_article(seed_doc):
    by_text: dict[str, set[tuple[str | None, str]]] = {}
    for p in seed_doc.places:
        by_text.setdefault(p.text, set()).add((p.country, p.feature))
    assert by_text["Baghdad"] == {("IRQ", "city")}
    assert by_text["Kirkuk province"] == {("IRQ", "admin1")}
    assert by_text["Iraq"] == {("IRQ", "country")}
    assert by_text["Iran"] == {("IRN", "country")}
    assert ("Baghdad airport" in by_text) and by_text["Baghdad airport"] == {("IRQ", "other")}


def test_place_inside_an_organisation_name(nlp, stage):
    doc = code(nlp, stage, "Officers from the Texas Department of Public Safety closed the road.")
    texas = place(doc, "Texas")
    assert (texas.country, texas.feature) == ("USA", "admin1")


def test_town_before_a_company_word_is_not_embedded(nlp, stage):
    doc = code(nlp, stage, "Shares of Toyota Motor Corporation rose on Monday.")
    assert [p.text for p in doc.places] == []


def test_dateline_on_a_later_line(nlp, stage):
    doc = code(nlp, stage, "Flood warning issued\n\nNAIROBI, Kenya \u2014 Heavy rain fell overnight.")
    assert (place(doc, "NAIROBI").country, place(doc, "NAIROBI").feature) == ("KEN", "city")


def test_institutions_are_not_places(nlp, stage):
    doc = code(nlp, stage, "The White House and the Kremlin traded statements about Ukraine.")
    assert [p.text for p in doc.places] == ["Ukraine"]


def test_state_abbreviation_after_a_town_is_a_place(nlp, stage):
    doc = code(nlp, stage, "The mill in Weirton, W.Va., closed on Friday.")
    wv = place(doc, "W.Va.")
    assert (wv.country, wv.feature, wv.name) == ("USA", "admin1", "West Virginia")
    assert place(doc, "Weirton").admin1 == "West Virginia"


def test_a_name_read_as_a_place_stays_one_in_the_article(nlp, stage):
    """One sense per discourse: later mentions of a place name are places too, except inside
    a person's full name."""
    doc = code(nlp, stage, "Floods reached Fargo on Monday. Fargo raised its goal for "
                           "sandbags, and Fargo officials asked for help.")
    assert len([p for p in doc.places if p.text == "Fargo"]) == 3
    doc = code(nlp, stage, "Crews worked in Jackson overnight. A statue of Andrew Jackson "
                           "was moved.")
    assert [p.start for p in doc.places if p.text == "Jackson"] == [doc.article.text.index(
        "Jackson")]


def test_town_before_a_word_of_local_life(nlp, stage):
    doc = code(nlp, stage, "A Crafton man is suing the station. Roselle police ticketed "
                           "drivers.")
    assert (place(doc, "Crafton").country, place(doc, "Crafton").feature) == ("USA", "city")
    assert place(doc, "Roselle").country == "USA"


def test_direction_word_before_a_known_place(nlp, stage):
    doc = code(nlp, stage, "Rain fell across North Texas on Monday.")
    p = [p for p in doc.places if "Texas" in p.text][0]
    assert (p.name, p.feature) == ("Texas", "admin1")


def test_dateline_after_a_headline_on_the_same_line(nlp, stage):
    doc = code(nlp, stage, "Man accused of threats. TORRINGTON -- The council met on Monday.")
    assert place(doc, "TORRINGTON").feature == "city"


def test_a_person_entity_that_is_only_the_place_does_not_hide_it(nlp):
    from spacy.tokens import Span

    from tidings.places import names_person

    doc = nlp("Michael Jordan met Tamil Nadu officials.")
    assert names_person(Span(doc, 1, 2), Span(doc, 0, 2, label="PERSON"))
    assert not names_person(Span(doc, 3, 5), Span(doc, 3, 5, label="PERSON"))


def test_a_country_name_is_not_a_small_namesake_town(nlp, stage):
    doc = code(nlp, stage, "Tariffs on China are a mistake, said a professor in Houston, "
                           "Texas. China will answer, he said.")
    assert {p.country for p in doc.places if p.text == "China"} == {"CHN"}


def test_small_towns_come_from_the_towns_file(nlp, stage):
    doc = code(nlp, stage, "The rodeo was held in Chiefland, Fla., on Saturday.")
    p = place(doc, "Chiefland")
    assert (p.country, p.admin1, p.feature) == ("USA", "Florida", "city")


def test_neighbouring_towns_count_as_context():
    from tidings.places import Context, gazetteer

    gaz = gazetteer()
    texas = next(e for e in gaz.lookup("Gainesville") if e.admin1 == "Texas")
    florida = next(e for e in gaz.lookup("Gainesville") if e.admin1 == "Florida")
    ctx = Context()
    ctx.towns = {"sherman": next(e for e in gaz.lookup("Sherman") if e.admin1 == "Texas"),
                 "denton": next(e for e in gaz.lookup("Denton") if e.admin1 == "Texas")}
    assert ctx.near(texas, "gainesville") > 0.5
    assert ctx.near(florida, "gainesville") == 0.0
    assert ctx.near(texas, "sherman") < ctx.near(texas, "gainesville")
    # the answers are memoised per context: a new set of towns (the next resolve pass)
    # must be asked afresh, not answered from the last pass's memo
    ctx.towns = {"ocala": next(e for e in gaz.lookup("Ocala") if e.admin1 == "Florida"),
                 "alachua": next(e for e in gaz.lookup("Alachua") if e.admin1 == "Florida")}
    assert ctx.near(texas, "gainesville") == 0.0
    assert ctx.near(florida, "gainesville") > 0.0


def test_a_name_s_candidates_share_one_count_of_the_votes():
    """``best`` counts the votes without the name's own once and scores every candidate
    against them: the shares must be those ``share`` works out by itself."""
    from tidings.places import Context, gazetteer

    gaz = gazetteer()
    georgia = [e for e in gaz.lookup("Georgia") if e.feature in ("country", "admin1")]
    ctx = Context()
    for e, w in ((georgia[0], 2.0), (georgia[1], 4.5)):
        ctx.add(e, w)
    ctx.country["FRA"] += 1.0
    for own in (None, georgia[0], georgia[1]):
        votes = ctx.votes(own, 3)
        for e in georgia:
            assert ctx.share(e, own, 3, votes) == ctx.share(e, own, 3)
    assert ctx.share(georgia[0], None)[0] != ctx.share(georgia[0], georgia[0], 3)[0]


def test_counties_vote_for_the_states_that_have_them(nlp, stage):
    """No state is named: "Barrow County" exists only in Georgia, so the counties are in
    Georgia ("Clarke County" is in five states)."""
    doc = code(nlp, stage, "Teachers in Barrow County and Clarke County kept their jobs.")
    assert {(p.country, p.admin1) for p in doc.places if "County" in p.text} == {
        ("USA", "Georgia")}


def test_a_part_and_the_whole_are_decided_together():
    from tidings.places import Toponym, group_key

    part = Toponym(0, 17, "Northeast Georgia", "Northeast Georgia", matched="georgia")
    whole = Toponym(30, 37, "Georgia", "Georgia", matched="georgia")
    assert group_key(part) == group_key(whole)


def test_a_town_bearing_the_name_beats_an_alternate_name(nlp, stage):
    doc = code(nlp, stage, "The council of Rogersville met on Monday.")
    assert place(doc, "Rogersville").name == "Rogersville"


def test_official_country_names_and_hamlets_after_direction_words(nlp, stage):
    doc = code(nlp, stage, "The DPRK fired a missile. Order returned to a turbulent West "
                           "Wing.")
    assert place(doc, "DPRK").country == "PRK"
    assert [p.name for p in doc.places if p.name == "Wing"] == []


def test_the_dateline_outweighs_countries_named_as_actors(nlp, stage):
    text = ("KYIV, May 3 (Wire) - Police detained a protest leader on Friday. The United "
            "States criticised the arrest, and the U.S. embassy asked for his release.")
    ev = _event(text, "detained", 0)
    code(nlp, stage, text, events=[ev])
    assert ev.location is not None and ev.location.name == "Kyiv"


def test_a_named_street_or_building_is_placed_at_its_town(nlp, stage):
    text = ("Fire crews were called to Kettering Road in Northampton on Sunday. Patients at "
            "the Northampton General Hospital were moved, and the Northampton council met.")
    doc = code(nlp, stage, text)
    road = place(doc, "Kettering Road")
    town = place(doc, "Northampton")
    assert (road.feature, road.geonames_id, road.country) == ("other", None, town.country)
    assert (road.lat, road.lon) == (town.lat, town.lon)
    # a building named after a known town stays that town (no second, overlapping place)
    assert [p.text for p in doc.places if "Hospital" in p.text] == []


def test_a_building_takes_the_town_named_right_after_it(nlp, stage):
    text = ("The mayor of Tacoma spoke in Tacoma on Monday. A baker from the Blue Oven Bakery "
            "Center in Fresno won a prize.")
    doc = code(nlp, stage, text)
    bakery = [p for p in doc.places if "Center" in p.text]
    assert bakery and bakery[0].admin1 == "California"


def test_no_street_without_a_town_and_no_person_named_park(nlp, stage):
    assert [p.text for p in code(nlp, stage, "She walked down Maple Street on Monday.").places
            ] == []
    doc = code(nlp, stage, "In Seoul, former President Park Geun-hye was sentenced on Friday.")
    assert [p.text for p in doc.places] == ["Seoul"]


def test_a_place_entity_the_gazetteer_lacks_after_in_is_placed_at_the_main_town(nlp, stage):
    text = ("Chicago police said the stabbing happened in River North late on Friday. "
            "Chicago officials asked for calm.")
    doc = code(nlp, stage, text)
    rn = place(doc, "River North")            # NER calls it LOC; the gazetteer lacks it
    assert (rn.admin1, rn.country, rn.feature, rn.geonames_id) == ("Illinois", "USA", "other", None)


def test_northern_ireland_is_in_the_united_kingdom(nlp, stage):
    doc = code(nlp, stage, "Voters in Northern Ireland and in Ireland went to the polls.")
    assert (place(doc, "Northern Ireland").country, place(doc, "Ireland").country) == ("GBR", "IRL")


def test_a_name_before_a_word_only_towns_take_is_a_town_throughout(nlp, stage):
    doc = code(nlp, stage, "A Lebanon woman was charged on Monday. Officers in Lebanon said "
                           "she was released. An Indiana man was also charged.")
    assert {(p.country, p.feature) for p in doc.places if p.text == "Lebanon"} == {("USA", "city")}
    assert place(doc, "Indiana").feature == "admin1"
    doc = code(nlp, stage, "Officials in Lebanon said the border with Syria was closed.")
    assert place(doc, "Lebanon").country == "LBN"


def test_abbreviated_first_words_of_town_names(nlp, stage):
    doc = code(nlp, stage, "The fair in St. Paris, Ohio, opened on Monday near Mt. Pleasant, Iowa.")
    assert (place(doc, "St. Paris").name, place(doc, "St. Paris").admin1) == ("Saint Paris", "Ohio")
    assert (place(doc, "Mt. Pleasant").name, place(doc, "Mt. Pleasant").admin1) == (
        "Mount Pleasant", "Iowa")


def test_a_town_in_a_state_of_the_named_county_in_a_local_article(nlp, stage):
    doc = code(nlp, stage, "Residents of Paris and Henry County will vote on the school levy "
                           "on Tuesday. The Paris board backed it.")
    assert {(p.country, p.admin1) for p in doc.places if p.text == "Paris"} == {
        ("USA", "Tennessee")}
    assert place(doc, "Henry County").admin1 == "Tennessee"
    doc = code(nlp, stage, "Orange County officials flew to Paris and then to Germany.")
    assert place(doc, "Paris").country == "FRA"


def test_airports_and_former_or_short_country_names(nlp, stage):
    doc = code(nlp, stage, "Flights from Heathrow were cancelled. The Soviet Union once ruled "
                           "Latvia, and T&T backed the motion.")
    assert (place(doc, "Heathrow").country, place(doc, "Heathrow").feature) == ("GBR", "other")
    assert place(doc, "Soviet Union").country == "RUS"
    assert place(doc, "T&T").country == "TTO"


def test_a_wire_dateline_with_the_agency_after_an_earlier_story(nlp, stage):
    doc = code(nlp, stage, "He did not reply to requests. SAN DIEGO (AP) - The Navy said "
                           "on Monday that two ships would sail.")
    assert (place(doc, "SAN DIEGO").country, place(doc, "SAN DIEGO").admin1) == (
        "USA", "California")


def test_a_demonym_tagged_as_a_person_before_a_noun_is_still_adjectival(nlp):
    from spacy.tokens import Span

    text = "The mines were laid by Azerbaijani soldiers during the war."
    sdoc = nlp(text)
    i = next(t.i for t in sdoc if t.text == "Azerbaijani")
    sdoc.ents = [Span(sdoc, i, i + 1, label="PERSON")]
    doc = Document(article=Article(text=text), doc=sdoc)
    out = GazetteerPlaces()(doc)
    az = place(out, "Azerbaijani")
    assert (az.country, az.adjectival) == ("AZE", True)
    # a demonym inside a longer person's name is not a place
    text = "Reporter Anna Azerbaijani Smith wrote the story."
    sdoc = nlp(text)
    i = next(t.i for t in sdoc if t.text == "Anna")
    sdoc.ents = [Span(sdoc, i, i + 3, label="PERSON")]
    out = GazetteerPlaces()(Document(article=Article(text=text), doc=sdoc))
    assert [p.text for p in out.places] == []


def test_dotted_state_abbreviations_standing_alone(nlp, stage):
    doc = code(nlp, stage, "S.C. House Republicans met on Monday, said Sen. Jane Doe, D-N.J., "
                           "who flew to D.C. on Tuesday. J.R. Smith scored twice.")
    assert place(doc, "S.C.").name == "South Carolina"
    assert place(doc, "N.J.").name == "New Jersey"
    assert place(doc, "D.C.").name == "Washington"
    assert [p.text for p in doc.places if p.text == "J.R."] == []


def test_a_capital_tagged_as_a_person_subject_is_the_city(nlp):
    from spacy.tokens import Span

    text = "Tbilisi says the separatists fired first."
    sdoc = nlp(text)
    sdoc.ents = [Span(sdoc, 0, 1, label="PERSON")]
    out = GazetteerPlaces()(Document(article=Article(text=text), doc=sdoc))
    assert place(out, "Tbilisi").country == "GEO"
    text = "Gainesville says the budget is tight."          # a town, not a world city
    sdoc = nlp(text)
    sdoc.ents = [Span(sdoc, 0, 1, label="PERSON")]
    out = GazetteerPlaces()(Document(article=Article(text=text), doc=sdoc))
    assert [p.text for p in out.places] == []


def test_la_is_los_angeles(nlp, stage):
    doc = code(nlp, stage, "Police in L.A. closed the road.")
    assert (place(doc, "L.A.").name, place(doc, "L.A.").admin1) == ("Los Angeles", "California")


def test_a_dateline_after_two_spaces_and_a_named_theatre(nlp, stage):
    doc = code(nlp, stage, 'He acted in his "personal capacity".  NEW DELHI: The court met. '
                           "The play opens at the Grand Lyric Theatre in New Delhi in May.")
    assert place(doc, "NEW DELHI").country == "IND"
    theatre = [p for p in doc.places if p.text.endswith("Theatre")]
    assert theatre and (theatre[0].country, theatre[0].feature) == ("IND", "other")


def test_the_state_that_can_hold_the_other_names_chooses_between_namesakes():
    """"Abilene" is in Texas and Kansas; "Emporia" only in Kansas and Virginia: the Texas
    reading is measured against the Kansas one, a big city never against a hamlet, and a
    state never against a town."""
    from tidings.places import Context, Toponym, cover_gap, gazetteer, name_states

    gaz = gazetteer()

    def top(name: str, start: int) -> Toponym:
        return Toponym(start, start + len(name), name, name, matched=name.lower(),
                       candidates=gaz.lookup(name))

    abilene, emporia = top("Abilene", 0), top("Emporia", 20)
    ctx = Context()
    ctx.cover = name_states([abilene, emporia])
    assert ctx.cover[("emporia", None, None)] == {("USA", "Kansas"): 0.5,
                                                  ("USA", "Virginia"): 0.5}
    kansas = next(e for e in abilene.candidates if e.admin1 == "Kansas")
    texas = next(e for e in abilene.candidates if e.admin1 == "Texas")
    assert cover_gap(kansas, abilene, ctx) == 0.0
    assert cover_gap(texas, abilene, ctx) == -0.5
    # a name in many states ("Springfield") says nothing about which one
    assert ("springfield", None, None) not in name_states([top("Springfield", 40)])
    boston = top("Boston", 0)
    ctx.cover = name_states([boston, top("Albany", 20), top("Oswego", 40)])
    big = max(boston.candidates, key=lambda e: e.population)
    assert big.admin1 == "Massachusetts" and cover_gap(big, boston, ctx) == 0.0
    state = next(e for e in gaz.lookup("Kansas") if e.feature == "admin1")
    assert cover_gap(state, top("Kansas", 0), ctx) == 0.0


def test_towns_outside_the_us_are_in_their_province_or_nation(nlp, stage):
    """A British nation or Canadian province named in the article counts for its towns."""
    doc = code(nlp, stage, "Students across England sat their exams; in Cambridge the results "
                           "came early.")
    assert (place(doc, "Cambridge").country, place(doc, "Cambridge").admin1) == ("GBR", "England")
    doc = code(nlp, stage, "Flooding hit Ontario and Quebec; in London the river rose two "
                           "metres and Toronto closed its parks.")
    assert (place(doc, "London").country, place(doc, "London").admin1) == ("CAN", "Ontario")


def test_a_county_no_us_state_has_is_the_british_or_irish_one(nlp, stage):
    doc = code(nlp, stage, "Lancashire County Council offered grants to small firms.")
    assert place(doc, "Lancashire County").country == "GBR"
    doc = code(nlp, stage, "Cavan County Council approved the plan for the town.")
    assert place(doc, "Cavan County").country == "IRL"
    doc = code(nlp, stage, "Laurel County deputies arrested two men.")
    assert place(doc, "Laurel County").admin1 == "Kentucky"
    doc = code(nlp, stage, "Saint Croix County deputies arrested two men.")
    assert place(doc, "Saint Croix County").admin1 == "Wisconsin"


def test_a_name_listed_with_states_is_a_state(nlp, stage):
    """"Washington" alone is the capital; listed with states it is the state."""
    doc = code(nlp, stage, "Wildfires burned in Oregon and Washington.")
    assert (place(doc, "Washington").feature, place(doc, "Washington").admin1) == (
        "admin1", "Washington")
    doc = code(nlp, stage, "Tech firms prefer western states such as California or Washington.")
    assert place(doc, "Washington").feature == "admin1"
    assert place(doc, "California").feature == "admin1"
    doc = code(nlp, stage, "The senator flew to Washington on Monday.")
    assert place(doc, "Washington").admin1 == "District of Columbia"


def test_a_possessive_county_is_still_the_county(nlp, stage):
    doc = code(nlp, stage, "Jobs fell in Indiana in March. Boone County's jobless rate rose, and "
                           "Boone County's mayors met.")
    found = [p for p in doc.places if p.text == "Boone County"]
    assert len(found) == 2 and all(p.admin1 == "Indiana" for p in found)


def test_a_saints_possessive_is_a_church_not_the_town(nlp, stage):
    doc = code(nlp, stage, "Pupils at St. Mary's walked to Paris, Texas, on Monday.")
    assert "St. Mary" not in [p.text for p in doc.places]


def test_counties_listed_before_counties(nlp, stage):
    doc = code(nlp, stage, "Flood warnings cover Clarke, Oconee and Oglethorpe counties in "
                           "Georgia this week.")
    for name in ("Clarke", "Oconee", "Oglethorpe"):
        p = place(doc, name)
        assert (p.country, p.admin1, p.feature) == ("USA", "Georgia", "other")


def test_a_legislators_home_after_the_party_letter(nlp, stage):
    doc = code(nlp, stage, "The bill was backed by Rep. Dana Quill, R-Elbow Lake, and Sen. Amos "
                           "Hart, DFL-Chisholm, at the Minnesota capitol.")
    assert place(doc, "Elbow Lake").admin1 == "Minnesota"
    assert place(doc, "Chisholm").admin1 == "Minnesota"
    # a letter that is not a party: no place
    assert "Lake" not in [p.text for p in code(nlp, stage, "He sang, A-Lake, loudly.").places]


def test_a_direction_word_alone_is_never_a_town(nlp, stage):
    doc = code(nlp, stage, "Officials in the North said the Metro squad found the car in Omaha.")
    assert [p.feature for p in doc.places if p.text in ("North", "Metro")] in ([], ["other"])


def test_an_unknown_sheriffs_office_does_not_hide_its_county(nlp, stage):
    doc = code(nlp, stage, "A fire destroyed a barn near Cambridge, Ohio. The Guernsey County "
                           "Sheriff's Office reported no injuries.")
    p = place(doc, "Guernsey County")
    assert (p.country, p.admin1) == ("USA", "Ohio")


def test_a_street_named_after_a_town_is_not_the_town(nlp, stage):
    doc = code(nlp, stage, "Police in St. Louis closed Hampton Avenue on Friday after a crash "
                           "near Tower Grove Park in St. Louis.")
    assert "Hampton" not in [p.text for p in doc.places]


def test_rivers_lakes_and_mountains_the_gazetteer_lacks_are_placed_at_the_main_town(nlp, stage):
    text = ("Fargo braced for floods on Monday. The Red River rose a foot overnight, and boats "
            "were moved from Lake Ashby to Fargo.")
    doc = code(nlp, stage, text)
    fargo = place(doc, "Fargo")
    for name in ("Red River", "Lake Ashby"):
        p = place(doc, name)
        assert (p.feature, p.geonames_id, p.lat, p.lon) == ("other", None, fargo.lat, fargo.lon)


def test_a_named_creek_still_hides_the_town_it_is_named_after(nlp, stage):
    doc = code(nlp, stage, "Crews in Omaha cleared the Madison Creek apartments on Monday.")
    assert "Madison" not in [p.text for p in doc.places]


def test_a_venue_after_at_is_placed_at_its_town(nlp, stage):
    text = ("Nashville police said the winning ticket was sold at Quickway Fuel in Nashville. "
            "Crowds gathered at Bellwood Tavern on Friday.")
    doc = code(nlp, stage, text)
    town = place(doc, "Nashville")
    shop = place(doc, "Quickway Fuel")
    assert (shop.feature, shop.admin1) == ("other", town.admin1)
    # a person after "at" is not a venue
    doc = code(nlp, stage, "In Nashville, the crowd shouted at Mary Quill on Friday.")
    assert "Mary Quill" not in [p.text for p in doc.places]


def test_a_surname_of_a_person_the_article_names_is_not_a_town(nlp, stage):
    text = ("Voters in Columbus re-elected Judge Haywood Turner on Tuesday. Turner won 61 "
            "percent, and Turner thanked Columbus voters.")
    doc = code(nlp, stage, text)
    assert "Turner" not in [p.text for p in doc.places]
    assert place(doc, "Columbus").country == "USA"


def test_a_division_code_is_a_place_only_where_the_article_is_in_that_division(nlp, stage):
    text = ("Nelson, British Columbia, opened a ServiceDesk BC office on Monday. ServiceDesk BC "
            "helps miners.")
    doc = code(nlp, stage, text)
    codes = [p for p in doc.places if p.text == "BC"]
    assert len(codes) == 2 and all((p.country, p.feature) == ("CAN", "admin1") for p in codes)
    # the same code in an article elsewhere, or an English word in capitals, is no place
    doc = code(nlp, stage, "Omaha opened a ServiceDesk BC office. WE ARE IN OMAHA, he said.")
    assert [p.text for p in doc.places if p.text in ("BC", "IN")] == []


def test_a_bare_coast_and_a_university_without_its_town_are_not_sites(nlp, stage):
    text = ("Economists in Beijing met on Monday. A professor at Hartfield University said the "
            "West Coast ports were busy.")
    doc = code(nlp, stage, text)
    assert [p.text for p in doc.places if p.feature == "other"] == []
    doc = code(nlp, stage, "A researcher at Hartfield University in Houston spoke in Houston.")
    uni = place(doc, "Hartfield University")
    assert uni.admin1 == "Texas"


def test_a_name_the_model_cuts_in_pieces_is_read_whole(nlp, stage):
    """'Trinidad and Tobago' (Trinidad GPE + Tobago PERSON) is the country, 'Boa Vista' the
    Brazilian city, not the town Trinidad or a Californian Vista."""
    doc = code(nlp, stage, "The minister said that Trinidad and Tobago failed to attend the "
                           "meeting in Washington.")
    assert place(doc, "Trinidad and Tobago").country == "TTO"
    assert not [p for p in doc.places if p.text == "Trinidad"]
    doc = code(nlp, stage, "Many migrants are now living in Boa Vista, the capital of Roraima.")
    assert place(doc, "Boa Vista").country == "BRA"
    doc = code(nlp, stage, "Tickets are sold in Washington, D.C., and the U.S. Virgin Islands.")
    assert place(doc, "U.S. Virgin Islands").country == "VIR"


def test_a_town_at_the_end_of_a_longer_name_is_not_read_alone(nlp, stage):
    """'a South Side man': not the town Side (Turkey) before a word of local life; 'a
    Crafton man' still is the town."""
    doc = code(nlp, stage, "A South Side man has been charged with murder in the stabbing.")
    assert not [p for p in doc.places if p.text == "Side"]
    doc = code(nlp, stage, "A Crafton man was arrested by state police on Tuesday.")
    assert place(doc, "Crafton").country == "USA"


def test_hyphenated_county_name_is_one_place(nlp, stage):
    doc = code(nlp, stage, "A teacher at a school in southwest Miami-Dade was arrested.")
    p = place(doc, "Miami-Dade")
    assert (p.country, p.name) == ("USA", "Miami-Dade County")
    assert not [p for p in doc.places if p.text == "Dade"]


def test_datelines_with_en_dash_two_places_and_a_county(nlp, stage):
    doc = code(nlp, stage, "ST. LOUIS \u2013 Police announced an arrest in a burglary case.")
    assert place(doc, "ST. LOUIS").admin1 == "Missouri"
    doc = code(nlp, stage, "TIJUANA & SAN DIEGO, March 29, 2018 -- The two cities agreed "
                           "to repair the pipes.")
    assert place(doc, "TIJUANA").country == "MEX"
    assert place(doc, "SAN DIEGO").admin1 == "California"
    doc = code(nlp, stage, "HORRY COUNTY, SC (WMBF) - A homeless man found a new home.")
    assert place(doc, "HORRY COUNTY").admin1 == "South Carolina"


def test_rivers_islands_and_regions_from_our_table(nlp, stage):
    doc = code(nlp, stage, "Her family lives on Oahu, and the dispute over the Cauvery "
                           "divides Karnataka and Tamil Nadu.")
    assert (place(doc, "Oahu").country, place(doc, "Oahu").feature) == ("USA", "other")
    assert place(doc, "Cauvery").country == "IND"


def test_the_west_is_a_region_not_a_direction(nlp, stage):
    doc = code(nlp, stage, "Diplomats were expelled from both the West and Russia, and "
                           "Western governments acted together; the West Bank stayed calm.")
    assert place(doc, "West").name == "Western Europe"
    western = place(doc, "Western")
    assert (western.name, western.adjectival) == ("Western Europe", True)
    assert place(doc, "West Bank").country == "PSE"
    doc = code(nlp, stage, "Officials in the Western Cape met on Friday.")
    assert not [p for p in doc.places if p.text == "Western"]


def test_british_road_numbers_are_placed_in_a_british_article(nlp, stage):
    doc = code(nlp, stage, "A cyclist was hurt in a crash on the A120 near Coggeshall in "
                           "Essex. Traffic was sent along the A12 instead.")
    road = place(doc, "A120")
    assert (road.country, road.feature) == ("GBR", "other")
    assert place(doc, "A12").country == "GBR"
    doc = code(nlp, stage, "The Samsung A40 went on sale in Dallas, Texas on Friday.")
    assert not [p for p in doc.places if p.text == "A40"]


def test_a_container_that_is_a_toponym_too_is_the_state(nlp, stage):
    """'Tacoma, Washington' is the state holding Tacoma, even in an article that also
    names the capital."""
    doc = code(nlp, stage, "A baker from Tacoma, Washington shared tips. The Florida chef "
                           "from Miami Beach and a Fresno, Calif. baker joined her.")
    assert place(doc, "Washington").feature == "admin1"



def test_a_name_before_its_county_is_a_place_there(nlp, stage):
    """'Knockhill, Fife': a site NER did not call a place, reported at the region after the
    comma, which is a place too; a town of that name inside it is the town.  Not a person's
    surname or a title before a longer name."""
    doc = code(nlp, stage, "The 2018 calendar. 9/10 June: Oulton Park, Cheshire. 25/26 August: "
                           "Knockhill, Fife. 15/16 September: Silverstone, Northamptonshire.")
    knock = place(doc, "Knockhill")
    assert (knock.country, knock.feature) == ("GBR", "other")
    assert place(doc, "Fife").name == "Fife"
    assert place(doc, "Cheshire").country == "GBR"
    assert (place(doc, "Silverstone").country, place(doc, "Silverstone").feature) == \
        ("GBR", "city")
    doc = code(nlp, stage, "He met the Managing Director, Niger Delta Development Commission.")
    assert not [p for p in doc.places if p.text == "Managing Director"]


def test_a_town_owning_a_site_is_a_place(nlp, stage):
    doc = code(nlp, stage, "A new campus has opened at Derry\u2019s Altnagelvin Hospital in "
                           "Northern Ireland.")
    assert place(doc, "Derry").country == "GBR"
    assert place(doc, "Altnagelvin Hospital").admin1 == "Northern Ireland"
    doc = code(nlp, stage, "Patients were taken to Walker's Memorial Hospital after the crash.")
    assert not [p for p in doc.places if p.text == "Walker"]


def test_two_countries_in_one_entity_are_both_places(nlp, stage):
    doc = code(nlp, stage, "It would cut unemployment in countries such as Cyprus, Greece "
                           "Italy or Spain.")
    assert place(doc, "Greece").country == "GRC"
    assert place(doc, "Italy").country == "ITA"


def test_an_ap_the_latest_dateline(nlp, stage):
    doc = code(nlp, stage, "OKLAHOMA CITY The Latest on teachers rallying for higher pay "
                           "(all times local):")
    assert place(doc, "OKLAHOMA CITY").admin1 == "Oklahoma"


def test_the_home_state_is_the_one_the_other_names_point_at():
    """Local news never names its state: "Hazleton" (Iowa or Pennsylvania), "Scranton" (four
    states) and "Luzerne County" (only Pennsylvania) each have a Pennsylvania reading, so an
    article naming them is at home there; a name of one state counts fully, one found in
    FOCUS_STATES states not at all, and the name being decided leaves its own votes out."""
    from tidings.places import (FOCUS_STATES, Context, Toponym, gazetteer, group_key,
                                name_reach, specificity)

    gaz = gazetteer()
    assert specificity(1) == 1.0 and specificity(FOCUS_STATES) == 0.0
    assert 0 < specificity(10) < specificity(3) < 1

    def named(text: str, hint: str | None = None) -> Toponym:
        t = Toponym(0, len(text), text, text, hint=hint, candidates=gaz.lookup(text))
        t.matched = t.key.lower()
        return t

    lebanon = named("Lebanon")
    tops = [named("Hazleton"), named("Scranton"), named("Luzerne", "county"), lebanon]
    ctx = Context()
    ctx.reach = name_reach(tops)
    assert ctx.home(group_key(lebanon)) == ("USA", "Pennsylvania")
    # the name being decided does not vote for itself; one other name is not enough
    ctx.reach = name_reach([named("Luzerne", "county"), lebanon])
    assert ctx.home(group_key(lebanon)) is None
    assert ctx.home(("county", "luzerne")) is None
    # a state's name points at the state only, not at the towns named after it
    assert set(name_reach([named("Oregon")])[group_key(named("Oregon"))]) == {("USA", "Oregon")}
    # a name that may be a country says nothing about the state
    assert name_reach([lebanon]) == {}


def test_a_named_us_county_votes_for_the_united_states():
    from tidings.places import Context, Toponym, county_votes

    ctx = Context()
    county_votes([Toponym(0, 15, "Luzerne County", "Luzerne", hint="county")], ctx)
    assert ctx.country["USA"] == 1.0 and ctx.admin1[("USA", "Pennsylvania")] == 1.0
    ctx = Context()
    county_votes([Toponym(0, 17, "Atlantis County", "Atlantis", hint="county")], ctx)
    assert not ctx.country


def test_a_town_an_organisation_name_ends_in_after_in(nlp, stage):
    doc = code(nlp, stage, "Students at Holy Cross Lutheran School in Lombard won the essay prize.")
    p = place(doc, "Lombard")
    assert (p.country, p.admin1) == ("USA", "Illinois")
    # only a town at the end of the name, after "in": "the Bank of Lombard Street" is no town
    doc = code(nlp, stage, "The Holy Cross Lutheran School Board met on Monday.")
    assert [p.text for p in doc.places if p.feature == "city"] == []


def test_a_side_of_town_is_a_part_of_the_town(nlp, stage):
    """"the South Side" is not Side (Turkey), nor "North Side" the alternate name of a
    Californian town: it is placed like a street, at the article's town."""
    for side in ("South Side", "North Side"):
        doc = code(nlp, stage, f"Chicago police added patrols on the {side} on Friday.")
        p = place(doc, side)
        assert (p.country, p.admin1, p.feature) == ("USA", "Illinois", "other")


def test_an_article_or_former_before_a_county_is_not_its_name(nlp, stage):
    doc = code(nlp, stage, "An Olmsted County deputy stopped the car near Stewartville. "
                           "Former Pickens County commissioner Joe Hall spoke on Monday.")
    counties = [p.text for p in doc.places if "County" in p.text]
    assert counties == ["Olmsted County", "Pickens County"]
    assert place(doc, "Olmsted County").admin1 == "Minnesota"


def test_state_and_province_demonyms_are_adjectival_places(nlp, stage):
    doc = code(nlp, stage, "Ohioans and Ontarians crossed Lake Erie on Sunday; a Sinhalese "
                           "family sailed with them.")
    for text, admin1, country in (("Ohioans", "Ohio", "USA"), ("Ontarians", "Ontario", "CAN"),
                                  ("Sinhalese", None, "LKA")):
        p = place(doc, text)
        assert (p.admin1, p.country, p.adjectival) == (admin1, country, True)
    # a newspaper named like a demonym is not one: only the plural is listed
    doc = code(nlp, stage, "The Tennessean reported that Tennesseans paid more.")
    assert [p.text for p in doc.places] == ["Tennesseans"]


def test_a_small_town_name_used_for_a_speaker_is_a_person_throughout(nlp, stage):
    doc = code(nlp, stage, "Officers stopped the truck near the ranch, according to Taylor. "
                           "Taylor said the driver fled.")
    assert [p.text for p in doc.places] == []
    doc = code(nlp, stage, "The theater reopened in 1950, Robertson said. Robertson bought it later.")
    assert [p.text for p in doc.places] == []
    # a city speaking through its people stays a place
    doc = code(nlp, stage, "Residents of Gainesville, Florida, marched on Monday. Gainesville "
                           "says no to the plan, a leader said.")
    assert [p.text for p in doc.places if p.text == "Gainesville"] == ["Gainesville"] * 2


def test_a_saints_name_inside_a_site_is_not_a_town(nlp, stage):
    """'St George's Chapel' hides George (South Africa); only a town opening the site's name
    with its possessive is the owner ('Derry's ...')."""
    doc = code(nlp, stage, "The wedding takes place on 19 May in St George\u2019s Chapel at "
                           "Windsor Castle.")
    assert not [p for p in doc.places if p.text == "George"]


def test_a_state_named_with_state_outside_the_us(nlp, stage):
    doc = code(nlp, stage, "The Benue State Commissioner for Health said the victims were "
                           "mostly children.")
    assert place(doc, "Benue State").feature == "admin1"
    doc = code(nlp, stage, "Most of the Mississippi State team ended up in the final.")
    assert not [p for p in doc.places if p.text == "Mississippi State"]


def test_a_division_the_gazetteer_lacks_is_placed_at_its_namesake_seat(nlp, stage):
    doc = code(nlp, stage, "They are containing the insurgency in Mount Chaambi, Kasserine "
                           "governorate.")
    p = place(doc, "Kasserine governorate")
    assert (p.country, p.name) == ("TUN", "Kasserine")


def test_a_region_of_several_countries_is_not_a_hamlet_of_its_name(nlp, stage):
    doc = code(nlp, stage, "Officials in Baltimore, Maryland, said hopes for peace had spread "
                           "over the Middle East.")
    p = place(doc, "Middle East")
    assert (p.country, p.feature) == (None, "other")


def test_car_makers_and_olympic_are_not_places(nlp, stage):
    doc = code(nlp, stage, "A 1992 Toyota Corolla hit a Honda near the Olympic pool in Dayton, Ohio.")
    assert [p.text for p in doc.places] == ["Dayton", "Ohio"]


def test_a_hamlet_known_only_outside_the_home_state_is_placed_at_a_home_town():
    """The gazetteer has Orient, New York, but not the Ohio hamlet: in an article at home in
    Ohio that names Urbana, "Orient" is reported at Urbana; a name with a reading in the
    home state, or one of a sizeable town, is left alone."""
    from tidings.places import Context, Toponym, gazetteer, home_stand_in

    gaz = gazetteer()
    urbana = next(e for e in gaz.lookup("Urbana") if e.admin1 == "Ohio")
    ctx = Context()
    ctx.reach = {"a": {("USA", "Ohio"): 1.0}, "b": {("USA", "Ohio"): 1.0}}
    ctx.mentioned = [urbana]
    orient_ny = Toponym(0, 6, "Orient", "Orient", matched="orient",
                        candidates=[e for e in gaz.lookup("Orient") if e.admin1 == "New York"])
    orient_ny.choice = orient_ny.candidates[0]
    home_stand_in(orient_ny, ctx)
    assert (orient_ny.choice, orient_ny.local) == (urbana, True)
    albany = Toponym(0, 6, "Albany", "Albany", matched="albany",
                     candidates=[e for e in gaz.lookup("Albany") if e.admin1 == "New York"])
    albany.choice = albany.candidates[0]
    home_stand_in(albany, ctx)
    assert albany.choice.admin1 == "New York" and not albany.local


def test_country_cues_count_local_news_conventions():
    from tidings.places import country_cues
    us = country_cues("The sheriff's office closed Interstate 40 after the crash, and state "
                      "Sen. Jane Doe (R-Ocilla) asked the county commissioners for a review.")
    assert us["USA"] >= 4 and us["GBR"] == 0
    uk = country_cues("The case went to Crown Court after councillors raised the council tax.")
    assert uk["GBR"] >= 3 and uk["USA"] == 0
    assert not country_cues("The town said on Monday that the meeting was held.")


def test_us_local_news_conventions_choose_the_us_namesake(nlp, stage):
    # no state is named: the sheriff's office and the interstate say the article is American
    us = code(nlp, stage, "MANSFIELD - The sheriff's office said the crash closed two lanes of "
                          "Interstate 20 on Monday. Deputies asked drivers to avoid the area "
                          "while the county commissioners met in Mansfield.")
    assert place(us, "Mansfield").country == "USA"
    bare = code(nlp, stage, "The crash closed two lanes on Monday. Drivers were asked to "
                            "avoid the area while the council met in Mansfield.")
    assert place(bare, "Mansfield").country == "GBR"


def test_british_local_news_conventions_choose_the_british_namesake(nlp, stage):
    uk = code(nlp, stage, "A man from Lancaster appeared at the Crown Court on Monday after "
                          "councillors complained that the council tax had been misspent.")
    assert place(uk, "Lancaster").country == "GBR"
    bare = code(nlp, stage, "A man from Lancaster was praised on Monday after neighbors "
                            "complained that the money had been misspent.")
    assert place(bare, "Lancaster").country == "USA"


def test_state_conventions_choose_the_state_namesake(nlp, stage):
    # a county judge heads a Texas county: Walker County and Huntsville are the Texas ones
    tx = code(nlp, stage, "The burn ban for Walker County ended on Monday after the county "
                          "judge met the Huntsville fire chief.")
    assert place(tx, "Huntsville").admin1 == "Texas"
    cue = code(nlp, stage, "The burn ban ended on Monday after the county judge met the "
                           "Huntsville fire chief.")
    assert place(cue, "Huntsville").admin1 == "Texas"
    bare = code(nlp, stage, "The burn ban ended on Monday after officials met the Huntsville "
                            "fire chief.")
    assert place(bare, "Huntsville").admin1 == "Alabama"
    # (with "Walker County" named the county's towns decide without a cue: Huntsville, Texas
    # lies in Walker County, Texas; see test_places_counties.py)


def test_state_cues_name_the_states_having_the_convention():
    from tidings.places import state_cues
    found = state_cues("The first selectman and the selectmen met on Monday.")
    assert {st for states in found.values() for st in states} >= {"Connecticut", "Maine"}
    assert any(states == ("Connecticut",) for states in found.values())
    assert not state_cues("The town said on Monday that the meeting was held.")


def test_a_name_after_of_is_a_place_after_a_person_an_age_a_direction_or_a_place_noun(nlp, stage):
    doc = code(nlp, stage, "Deputies in South Carolina said Maria Lopez, 34, of Ravenel was "
                           "driving.")
    assert place(doc, "Ravenel").admin1 == "South Carolina"
    doc = code(nlp, stage, "Her cousin Dana Reyes of Grovetown was not hurt, Georgia police said.")
    assert place(doc, "Grovetown").admin1 == "Georgia"
    doc = code(nlp, stage, "Sandbags were filled north of Moorhead, Minn.")
    assert place(doc, "Moorhead").admin1 == "Minnesota"
    doc = code(nlp, stage, "He was born in the small village of Flumeri in Italy.")
    assert place(doc, "Flumeri").country == "ITA"


def test_a_name_after_of_without_a_cue_is_not_read_as_a_place(nlp, stage):
    doc = code(nlp, stage, "The works of Grovetown Brown were shown in Atlanta, Georgia.")
    assert "Grovetown" not in [p.text for p in doc.places]


def test_a_town_before_its_office_court_or_department_is_a_place(nlp, stage):
    doc = code(nlp, stage, "A Torrington man was arraigned in Bantam Superior Court on Tuesday.")
    assert place(doc, "Bantam").admin1 == "Connecticut"
    doc = code(nlp, stage, "The Byesville Volunteer Fire Department answered a call in Ohio.")
    assert place(doc, "Byesville").admin1 == "Ohio"
    doc = code(nlp, stage, "Ludlow Town Hall will be closed on Monday, Massachusetts officials "
                           "said.")
    assert place(doc, "Ludlow").admin1 == "Massachusetts"


def test_a_building_named_like_a_town_without_an_office_word_is_not_a_town(nlp, stage):
    doc = code(nlp, stage, "Students gathered at Jefferson Hall in Athens, Georgia, on Friday.")
    assert "Jefferson" not in [p.text for p in doc.places]


def test_a_county_before_a_sheriff_or_circuit_court_is_the_county(nlp, stage):
    doc = code(nlp, stage, "A Charleston man admitted in Kanawha Circuit Court on Monday that he "
                           "fired the shots, West Virginia prosecutors said.")
    p = place(doc, "Kanawha")
    assert (p.country, p.admin1) == ("USA", "West Virginia")


def test_a_town_coordinated_with_a_town_is_a_place(nlp, stage):
    doc = code(nlp, stage, "Sales tax receipts rose in Lamar County, Texas. Paris and Roxton "
                           "both reported gains.")
    assert place(doc, "Roxton").admin1 == "Texas"


def test_people_listed_with_a_town_are_not_towns(nlp, stage):
    doc = code(nlp, stage, "In Houston, Mason, Devon and the driver were hurt.")
    assert "Devon" not in [p.text for p in doc.places]


def test_datelines_without_spaces_mixed_case_triple_dashes_and_latin1_dashes(nlp, stage):
    doc = code(nlp, stage, "Board passes budget. FALLS VILLAGE\u2014The board voted on Monday.")
    assert place(doc, "FALLS VILLAGE").admin1 == "Connecticut"
    doc = code(nlp, stage, "Ward meets. DeKALB \u2013 Residents of the fourth ward met in Illinois.")
    assert place(doc, "DeKALB").admin1 == "Illinois"
    doc = code(nlp, stage, "Governor rejects aid. COLUMBIA --- South Carolina lawmakers met.")
    assert place(doc, "COLUMBIA").admin1 == "South Carolina"
    doc = code(nlp, stage, "Fire hits homes. TEGA CAY \x97 Local firefighters in South Carolina "
                           "fought a blaze.")
    assert place(doc, "TEGA CAY").admin1 == "South Carolina"
    doc = code(nlp, stage, "A new report. BEIRUT: \"Life is hard,\" a Lebanese refugee said.")
    assert place(doc, "BEIRUT").country == "LBN"


def test_twin_towns_joined_by_a_hyphen_are_both_places(nlp, stage):
    doc = code(nlp, stage, "The team beat Watertown-Mayer Lutheran on Friday night.")
    assert (place(doc, "Watertown").admin1, place(doc, "Mayer").admin1) == ("Minnesota",
                                                                              "Minnesota")


def test_a_route_between_big_cities_or_a_double_surname_is_not_a_twin_town(nlp, stage):
    doc = code(nlp, stage, "The Amsterdam-London train was full. Ambassador Anthony "
                           "Phillips-Spencer spoke.")
    assert "Ohio" not in [p.admin1 for p in doc.places]
    assert "Spencer" not in [p.text for p in doc.places]


def test_counties_written_co_in_a_range_and_in_a_list_about_counties(nlp, stage):
    doc = code(nlp, stage, "Loudon Co. man dies in wreck near Knoxville, Tennessee.")
    assert place(doc, "Loudon Co.").admin1 == "Tennessee"
    doc = code(nlp, stage, "Trucks overturned from Ellsworth to Riley counties in Kansas.")
    assert place(doc, "Riley").admin1 == "Kansas"
    doc = code(nlp, stage, "In Nebraska, the three largest counties, Douglas, Lancaster and "
                           "Sarpy, grew by 14,000 people.")
    assert [place(doc, n).admin1 for n in ("Douglas", "Lancaster", "Sarpy")] == ["Nebraska"] * 3


def test_a_company_written_co_and_a_list_of_towns_are_not_counties(nlp, stage):
    doc = code(nlp, stage, "Crane Co., of Chicago, bought the plant in Texas.")
    assert "Crane Co." not in [p.text for p in doc.places]
    doc = code(nlp, stage, "Lincoln, Omaha and Kearney lie in three counties of Nebraska.")
    assert "county" not in [p.feature for p in doc.places if p.text == "Lincoln"]


def test_a_party_home_in_brackets_and_a_state_abbreviation_without_its_dot(nlp, stage):
    doc = code(nlp, stage, "State Rep. Jay Roberts (R-Ocilla) filed the bill in Georgia.")
    assert place(doc, "Ocilla").admin1 == "Georgia"
    doc = code(nlp, stage, "Speaker Nancy Pelosi, D-Calif, told colleagues to wait.")
    assert place(doc, "Calif").admin1 == "California"


def test_a_hamlet_of_several_words_after_in_is_a_place_even_if_ner_calls_it_an_organisation(nlp, stage):
    doc = code(nlp, stage, "Drivers safety course offered in Parkers Prairie. The course "
                           "costs $20.")
    assert place(doc, "Parkers Prairie").admin1 == "Minnesota"


def test_a_town_after_a_group_number_or_an_organisation_and_of(nlp, stage):
    doc = code(nlp, stage, "Pack 136 of Madison collected food for the pantry in Norfolk, Neb.")
    assert place(doc, "Madison").admin1 == "Nebraska"
    doc = code(nlp, stage, "He manages Georgia Modular Systems, of Fitzgerald, a maker of homes.")
    assert place(doc, "Fitzgerald").admin1 == "Georgia"


def test_a_hamlet_named_like_a_word_after_an_organisation_and_of_is_not_a_place(nlp, stage):
    doc = code(nlp, stage, "The grant came from the West Virginia Division of Highways.")
    assert "Highways" not in [p.text for p in doc.places]


def test_a_big_town_outside_any_entity_is_a_place_unless_the_article_uses_it_as_a_word(nlp, stage):
    from tidings.places import bare_towns, gazetteer
    from tidings.records import Article, Document

    def bare(text: str) -> list[str]:
        doc = Document(article=Article(text=text), doc=nlp(text))
        return [t.text for t in bare_towns(doc.doc, gazetteer(), doc)]

    assert bare("It was the Nice of the east, where the majority can earn money.") == ["Nice"]
    assert bare("Police held firm. The police chief said the team played well.") == []


def test_a_town_before_a_hyphen_and_initials_is_the_town(nlp, stage):
    doc = code(nlp, stage, "The Panthers beat Watertown-ML on Friday to win the Minnesota "
                           "section title.")
    assert place(doc, "Watertown").admin1 == "Minnesota"
    from tidings.places import gazetteer, town_initials
    assert town_initials("He joined the ACLU-NJ and Ford-UAW talks.", gazetteer()) == []


def test_a_headline_run_of_capitals_ending_in_a_city_does_not_make_the_city_a_person(nlp, stage):
    text = ("Freemason Bogdanov Joins Sochi Mayor Race. Bogdanov on Wednesday became the latest "
            "entry into the crowded Sochi mayoral election.")
    doc = code(nlp, stage, text)
    assert any(p.text == "Sochi" and p.start > text.index(".") and p.country == "RUS"
               for p in doc.places)


def test_school_committee_points_at_massachusetts(nlp, stage):
    # a "school committee" is Massachusetts' (and Rhode Island's) school board
    ma = code(nlp, stage, "Two candidates won seats on the Amherst School Committee on Tuesday, "
                          "and the Amherst voters also chose a new town clerk.")
    assert place(ma, "Amherst", 0).admin1 == "Massachusetts"
    bare = code(nlp, stage, "Two candidates won seats on the Amherst board on Tuesday, "
                            "and the Amherst voters also chose a new town clerk.")
    assert place(bare, "Amherst", 0).admin1 != "Massachusetts"
