"""The actors stage: one sentence (written for these tests) per resolution rule."""
from __future__ import annotations

from typing import Any

import pytest

from tidings.actors import KBActors, annotate, load_kb, resolve_text
from tidings.records import Article, Document, Mention


@pytest.fixture(scope="module")
def kb():
    return load_kb(use_user=False)


@pytest.fixture(scope="module")
def code(nlp, kb):
    """Resolve a text on a date; returns its mentions."""
    def run(text: str, date: str | None = "2020-01-10") -> list[Mention]:
        return annotate(nlp(text), kb, date)
    return run


def at(mentions: list[Mention], text: str, nth: int = 0) -> Mention:
    """The longest mention whose text is ``text`` (the nth occurrence)."""
    hits = [m for m in mentions if m.text == text]
    assert len(hits) > nth, f"no mention {text!r} in {[m.text for m in mentions]}"
    return hits[nth]


def actor(mentions: list[Mention], text: str, nth: int = 0) -> dict[str, Any]:
    return at(mentions, text, nth).actor.to_dict()


# ---------------------------------------------------------------- knowledge-base phrases

def test_capital_metonyms_are_governments(code):
    ms = code("Washington rejected the plan, and Tehran said Moscow would stay quiet.")
    assert actor(ms, "Washington")["code"] == "USAGOV"
    assert actor(ms, "Tehran")["code"] == "IRNGOV"
    assert actor(ms, "Moscow")["country"] == "RUS"
    assert actor(ms, "Moscow")["sector"] == ["GOV"]
    assert at(ms, "Tehran").actor.resolution["rule"] == "capital-metonym"


def test_seat_of_government_institutions(code):
    ms = code("The Kremlin denied the report while the White House and the Pentagon stayed silent.")
    assert actor(ms, "The Kremlin")["code"] == "RUSGOV"
    assert actor(ms, "the White House")["code"] == "USAGOV"
    assert actor(ms, "the Pentagon")["code"] == "USAMIL"


def test_demonym_plus_role(code):
    ms = code("Iraqi officials met Shiite lawmakers from the Iraqi Parliament in Baghdad.")
    assert actor(ms, "Iraqi officials")["code"] == "IRQGOV"
    assert actor(ms, "the Iraqi Parliament")["code"] == "IRQLEG"
    assert actor(ms, "the Iraqi Parliament")["sector"] == ["LEG"]


def test_sector_word_before_an_official_noun_decides_the_sector(code):
    # "advisers" and "officials" are government words only when nothing says otherwise
    ms = code("Gunmen seized four Turkish civilian advisers, and Kenyan police officials met "
              "Nepali military advisers while Chilean officials waited.")
    assert actor(ms, "four Turkish civilian advisers")["code"] == "TURCVL"
    assert actor(ms, "Kenyan police officials")["code"] == "KENCOP"
    assert actor(ms, "Nepali military advisers")["code"] == "NPLMIL"
    assert actor(ms, "Chilean officials")["code"] == "CHLGOV"


def test_role_word_glued_to_held_names_the_holders(code):
    # "rebel-held territory": the rebels hold it, so they are the actor, with their demonym
    ms = code("Artillery hit Yemeni rebel-held villages and Peruvian police-controlled roads.")
    assert actor(ms, "Yemeni rebel")["code"] == "YEMREB"
    assert actor(ms, "Peruvian police")["code"] == "PERCOP"
    # a country before "-held" stays a modifier of its phrase: the phrase is not cut
    ms = code("Forces shelled the Russian-held town of Kherson.")
    assert actor(ms, "the Russian-held town")["resolution"]["backed_by"] == ["RUS"]


def test_role_without_country_takes_the_articles_country(code):
    ms = code("Shiite lawmakers voted on Sunday to expel foreign troops from Iraq, "
              "and protesters marched in Iraq.")
    a = actor(ms, "Shiite lawmakers")
    assert (a["country"], a["sector"]) == ("IRQ", ["LEG"])
    assert a["resolution"]["rule"] == "article-country"
    # troops are not domestic: no country is guessed for them
    assert actor(ms, "foreign troops")["country"] is None


def test_regime_and_possessive_country(code):
    ms = code("The Iranian regime rejected Iraq's caretaker government.")
    assert actor(ms, "The Iranian regime")["code"] == "IRNGOV"
    assert actor(ms, "Iraq's caretaker government")["code"] == "IRQGOV"
    assert actor(ms, "Iraq")["code"] == "IRQ"          # the possessor is a mention too


def test_coordinated_demonyms_give_one_mention_each(code):
    ms = code("Senior Hungarian and Romanian officials agreed on Wednesday.")
    assert actor(ms, "Hungarian")["code"] == "HUNGOV"
    assert actor(ms, "Romanian")["code"] == "ROMGOV"     # CAMEO's code for Romania
    assert actor(ms, "Romanian")["country"] == "ROU"
    whole = actor(ms, "Senior Hungarian and Romanian officials")
    assert whole["resolution"]["members"] == ["HUNGOV", "ROMGOV"]


def test_igo_and_armed_groups(code):
    ms = code("NATO condemned the attack, and the Houthis blamed the Islamic State.")
    nato = actor(ms, "NATO")
    assert (nato["code"], nato["country"]) == ("IGOWSTNAT", None)
    assert actor(ms, "the Houthis")["country"] == "YEM"
    assert actor(ms, "the Islamic State")["country"] is None


def test_irgc_with_possessor_and_acronym(code):
    ms = code("Iran's Islamic Revolutionary Guard Corps (IRGC) fired missiles.")
    assert actor(ms, "Iran's Islamic Revolutionary Guard Corps")["code"] == "IRNMIL"
    assert actor(ms, "IRGC")["code"] == "IRNMIL"


def test_backer_is_not_the_owner(code):
    ms = code("Iran-backed Popular Mobilization Forces attacked the base.")
    a = actor(ms, "Iran-backed Popular Mobilization Forces")
    assert a["country"] == "IRQ"
    assert a["resolution"]["backed_by"] == ["IRN"]


def test_bare_country_is_country_code_without_sector(code):
    ms = code("Iran said it would respond.")
    a = actor(ms, "Iran")
    assert (a["code"], a["country"], a["sector"]) == ("IRN", "IRN", [])


def test_protesters_without_country_have_sector_only(code):
    ms = code("Protesters blocked the road.")
    a = actor(ms, "Protesters")
    assert (a["country"], a["sector"]) == (None, ["CVL"])


def test_actor_modifying_a_noun_gets_its_own_mention(code):
    ms = code("Israeli army bulldozers demolished the houses.")
    assert actor(ms, "Israeli army")["code"] == "ISRMIL"


# ---------------------------------------------------------------- people

def test_person_with_title_is_remembered(code):
    ms = code("Foreign Office spokeswoman Talia Brennock said the talks failed. "
              "Later Brennock said she was hopeful.", date="2021-03-01")
    first = actor(ms, "Foreign Office spokeswoman Talia Brennock")
    assert first["name"] == "Talia Brennock"
    assert first["sector"] == ["GOV"]
    later = actor(ms, "Brennock")
    assert later["name"] == "Talia Brennock"
    assert later["resolution"]["rule"] == "remembered-person"


def test_country_title_introduces_unknown_person(code):
    ms = code("Ruritanian officials were absent. Iraqi Defence Minister Omar Qasrani visited "
              "the base. Qasrani said the troops would stay.", date="2020-01-10")
    a = actor(ms, "Qasrani")
    assert (a["country"], a["sector"], a["name"]) == ("IRQ", ["GOV"], "Omar Qasrani")


def test_appositive_title(code):
    ms = code("Adel Vasquez-Mora, the interior minister of Peru, spoke on Monday. "
              "Vasquez-Mora denied it.")
    a = actor(ms, "Vasquez-Mora")
    assert (a["country"], a["sector"]) == ("PER", ["GOV"])


def test_leader_change_across_dates(kb):
    from tidings.actors import Entry, pick_by_date
    old = Entry("p:a", "Ann Old", "person", code="USAGOV", country="USA", sector=("GOV",),
                start="2017-01-20", end="2021-01-20")
    assert pick_by_date([old], "2020-06-01")[1] == "in-office"
    assert pick_by_date([old], "2021-01-20")[1] == "former"     # ends are exclusive
    assert pick_by_date([old], "2010-01-01")[1] == "before-office"


def test_people_table_dates_change_codes(code, kb):
    if not any(e.kind == "person" and e.name == "Donald Trump" for e in kb.entries):
        pytest.skip("people.tsv (written by another module) has no Donald Trump row")
    now = actor(code("Trump said the deal was dead.", date="2020-01-10"), "Trump")
    assert (now["code"], now["name"]) == ("USAGOV", "Donald Trump")
    out = actor(code("Donald Trump said the deal was dead.", date="2022-06-01"), "Donald Trump")
    assert out["sector"] == ["ELI"] and out["country"] == "USA"     # out of office: ELI
    # out of office and never named in full: a bare surname is not trusted
    assert code("Trump said the deal was dead.", date="2022-06-01") == []


# ---------------------------------------------------------------- coreference

def test_pronoun_carries_the_actor(code):
    ms = code("State Department spokesperson Rhea Kalloway spoke on Friday. "
              "She added that talks would continue.")
    she = actor(ms, "She")
    assert she["country"] == "USA" and she["name"] == "Rhea Kalloway"
    assert she["resolution"]["rule"].startswith("pronoun")
    assert she["resolution"]["antecedent_start"] == 0


def test_pronoun_gender_skips_the_wrong_person(code):
    ms = code("Iraqi spokesman Karim Dawoodi met Egyptian spokeswoman Laila Fahmy. "
              "She said the meeting went well.")
    assert actor(ms, "She")["country"] == "EGY"


def test_given_name_gender_blocks_the_wrong_pronoun(code):
    ms = code("Angela Brandt, the German chancellor, arrived. He said nothing.")
    assert actor(ms, "Angela Brandt")["country"] == "DEU"
    assert [m.text for m in ms if m.text == "He"] == []


def test_full_name_must_match_in_full(code):
    ms = code("Iraqi Defence Minister Omar Qasrani visited the base. Leila Qasrani, a teacher, "
              "watched.")
    assert [m.text for m in ms if "Leila" in m.text] == []


def test_stale_surname_without_full_name_is_not_the_kb_person(code, kb):
    if not any(e.kind == "person" and e.name == "Anders Fogh Rasmussen" for e in kb.entries):
        pytest.skip("people.tsv has no Anders Fogh Rasmussen row")
    ms = code("Rasmussen said the poll was close.", date="2016-09-01")
    assert ms == []
    ms = code("NATO chief Anders Fogh Rasmussen spoke. Rasmussen said more.", date="2012-01-01")
    assert actor(ms, "Rasmussen")["code"] == "IGOWSTNAT"


def test_unresolvable_pronoun_gets_no_mention(code):
    ms = code("He said nothing more.")
    assert ms == []


def test_pleonastic_it_is_not_resolved(code):
    ms = code("Iraq protested. It is unclear what comes next.")
    assert [m.text for m in ms] == ["Iraq"]


def test_possessive_office(code):
    ms = code("US Secretary of State Mike Pompeo spoke on Thursday. "
              "Pompeo's office issued a readout.")
    a = actor(ms, "Pompeo's office")
    assert (a["country"], a["sector"]) == ("USA", ["GOV"])
    assert a["resolution"]["rule"] == "possessive"


def test_the_pm_and_his_excellency(code):
    ms = code("Gareth Volsky, the prime minister of Iraq, spoke on Thursday. "
              "The PM asked for a plan. His Excellency repeated the request.")
    pm = actor(ms, "The PM")
    assert (pm["country"], pm["sector"]) == ("IRQ", ["GOV"])
    assert pm["resolution"]["rule"] == "definite-title"
    exc = actor(ms, "His Excellency")
    assert exc["country"] == "IRQ" and exc["resolution"]["rule"] == "honorific"


def test_the_country_and_the_legislative_body(code):
    ms = code("The Iraqi parliament voted on Sunday. The legislative body asked the US to leave "
              "the country.")
    body = actor(ms, "The legislative body")
    assert (body["country"], body["sector"]) == ("IRQ", ["LEG"])
    assert actor(ms, "the country")["resolution"]["rule"].startswith("description")


def test_title_before_person_conjunct_country(code):
    ms = code("Requests came from the Iraqi Parliament and Prime Minister.")
    a = actor(ms, "Prime Minister")
    assert (a["country"], a["sector"]) == ("IRQ", ["GOV"])


# ---------------------------------------------------------------- API and stage

def test_resolve_text(kb):
    assert resolve_text("Washington", kb=kb).code == "USAGOV"
    assert resolve_text("Iraqi officials", kb=kb).code == "IRQGOV"
    assert resolve_text("NATO", kb=kb).code == "IGOWSTNAT"
    assert resolve_text("the State Department", kb=kb).country == "USA"
    assert resolve_text("a table", kb=kb) is None


def test_stage_fills_sorted_mentions_and_lookups(nlp):
    doc = Document(article=Article(text="Iraqi officials said NATO troops would stay.",
                                   published="2020-01-10"))
    doc.doc = nlp(doc.article.text)
    KBActors(use_user=False)(doc)
    starts = [m.start for m in doc.mentions]
    assert starts == sorted(starts)
    m = doc.mention_at(0, len("Iraqi officials"))
    assert m is not None and m.actor.code == "IRQGOV"
    assert doc.mention_at(21, 32).actor.code == "IGOWSTNAT"


def test_stage_is_registered():
    from tidings.registry import registry
    assert "kb" in registry.names("actors")


def test_seed_article(seed_doc):
    ms = seed_doc.mentions

    def first(text: str) -> dict[str, Any]:
        hits = [m for m in ms if m.text.replace("\xa0", " ") == text]
        assert hits, f"no mention {text!r}"
        return hits[0].actor.to_dict()

    for t in ("State Department spokesperson Morgan Ortagus", "Ortagus", "She",
              "The US State Department"):
        assert first(t)["country"] == "USA", t
    for t in ("The PM", "His Excellency", "Adil Abdul-Mahdi"):
        a = first(t)
        assert (a["country"], a["sector"]) == ("IRQ", ["GOV"]), t
    assert (first("Shiite lawmakers")["country"], first("Shiite lawmakers")["sector"]) == \
        ("IRQ", ["LEG"])
    assert first("IRGC")["code"] == "IRNMIL"
    assert first("NATO")["code"] == "IGOWSTNAT"


def test_led_forces_take_the_leading_country(code):
    ms = code("Vietnamese-led forces retook the village.")
    a = actor(ms, "Vietnamese-led forces")
    assert (a["country"], a["sector"]) == ("VNM", ["MIL"])


def test_country_with_article_is_not_a_premodifier(code):
    ms = code("Tension rose between the US and Iran-backed forces in Iraq.")
    assert actor(ms, "the US")["code"] == "USA"
    a = actor(ms, "Iran-backed forces")
    assert a["country"] is None and a["resolution"]["backed_by"] == ["IRN"]


def test_apostrophe_inside_a_country_name(code):
    ms = code("Talks with the Democratic People's Republic of Korea resumed.")
    assert actor(ms, "the Democratic People's Republic of Korea")["code"] == "PRK"


def test_title_with_of_country(code):
    ms = code("King Tarek of Morocco said he would host the meeting.")
    a = actor(ms, "King Tarek")
    assert (a["country"], a["sector"]) == ("MAR", ["GOV"])
    assert actor(ms, "he")["country"] == "MAR"


# ---------------------------------------------------------------- groups of people

def test_plural_demonym_is_civilians_of_that_country(code):
    ms = code("Hundreds of Liberians crossed into Ghana, and Ghanaian police met them.")
    a = actor(ms, "Liberians")
    assert (a["code"], a["sector"]) == ("LBRCVL", ["CVL"])
    assert a["resolution"]["rule"] == "demonym-people"
    assert actor(ms, "Ghanaian police")["code"] == "GHACOP"     # singular demonym: unchanged


def test_ethnic_groups_are_placed_where_the_text_puts_them(code):
    ms = code("Bosnian Croats asked for talks, while ethnic Hungarians marched in Serbia "
              "and the Albanians of southern Montenegro voted.")
    assert actor(ms, "Bosnian Croats")["code"] == "BIHCVL"       # not Croatia's
    hun = actor(ms, "ethnic Hungarians")
    assert (hun["country"], hun["sector"]) == ("SRB", ["CVL"])    # the article's country
    assert actor(ms, "the Albanians")["code"] == "MNECVL"        # "of southern Montenegro"


def test_ethnic_and_religious_communities(code):
    ms = code("Some 5,000 Syrian Kurds fled north; Shiites in the capital protested in Iraq.")
    assert actor(ms, "5,000 Syrian Kurds")["code"] == "SYRCVL"
    a = actor(ms, "Shiites")
    assert (a["country"], a["sector"]) == ("IRQ", ["CVL"])


def test_ethnic_modifier_is_not_the_groups_state(code):
    ms = code("Ethnic Serb militants operating in Kosovo laid down their arms.")
    a = actor(ms, "Ethnic Serb militants")
    assert a["country"] != "SRB" and a["sector"] == ["REB"]


def test_unknown_capitalised_words_are_not_a_person(code):
    ms = code("The Dalmatian Fishermen Association wrote to Croatian officials.")
    assert all(m.actor.kind != "person" for m in ms)
    assert actor(ms, "Croatian officials")["code"] == "HRVGOV"


def test_stance_prefix_is_not_the_actors_country(code):
    ms = code("An anti-Iran columnist and a pro-Russia lawmaker argued.")
    assert all(m.actor.country not in ("IRN", "RUS") for m in ms
               if m.text.endswith(("columnist", "lawmaker")))


def test_currency_is_not_the_country(code):
    ms = code("Officials misused US $20 million in funds, Kenyan auditors said.")
    assert not any(m.text == "US" for m in ms)


def test_person_named_administration(code, kb):
    if not any(e.kind == "person" and e.name == "George W. Bush" for e in kb.entries):
        pytest.skip("people.tsv has no George W. Bush row")
    ms = code("The Bush administration warned Ankara on Monday.", date="2003-02-01")
    assert actor(ms, "The Bush administration")["code"] == "USAGOV"


def test_igo_officials_are_officials(code):
    ms = code("Arab League Secretary General Farid Qamari and the Security Council met.")
    a = actor(ms, "Arab League Secretary General Farid Qamari")
    assert a["code"] == "IGOMEAARL" and a["sector"] == ["IGO", "GOV"]
    assert "GOV" in actor(ms, "the Security Council")["sector"]


# ---------------------------------------------------------------- what the text says about office

def test_title_in_text_codes_the_office_outside_the_dates(code, kb):
    if not any(e.kind == "person" and e.name == "Joe Biden" for e in kb.entries):
        pytest.skip("people.tsv has no Joe Biden row")
    # by the date he is out of office; the text calls him president
    a = actor(code("President Joe Biden spoke to reporters.", date="2030-01-01"),
              "President Joe Biden")
    assert (a["code"], a["resolution"]["status"]) == ("USAGOV", "titled")
    b = actor(code("Joe Biden spoke to reporters.", date="2030-01-01"), "Joe Biden")
    assert b["code"] == "USAELI"                                  # no title: former


def test_former_in_text_codes_elite(code, kb):
    a = actor(code("Former president Tomas Varga denied the charges.", date="2020-01-10"),
              "Former president Tomas Varga")
    assert a["sector"] == ["ELI"] and a["resolution"]["status"] == "said-former"
    if any(e.kind == "person" and e.name == "Joe Biden" for e in kb.entries):
        b = actor(code("Ousted President Joe Biden spoke.", date="2022-01-10"),
                  "Ousted President Joe Biden")
        assert b["code"] == "USAELI"                              # in office by date, not by text


# ---------------------------------------------------------------- coding people by event date

def test_actor_on_recodes_a_person_for_another_date(code, kb):
    from tidings.actors import actor_on
    if not any(e.kind == "person" and e.name == "Joe Biden" for e in kb.entries):
        pytest.skip("people.tsv has no Joe Biden row")
    a = at(code("Joe Biden met Iraqi officials.", date="2021-03-01"), "Joe Biden").actor
    assert a.code == "USAGOV"
    # before his presidency: vice president (GOV); after it: ELI; partial dates: unchanged
    assert actor_on(a, "2015-05-01", kb).resolution["dated"] == "2015-05-01"
    assert actor_on(a, "2026-05-01", kb).code == "USAELI"
    assert actor_on(a, "2026-05", kb) is a
    assert a.code == "USAGOV"                                    # the input is not modified


def test_actor_on_leader_change(code, kb):
    from tidings.actors import actor_on
    rows = [e for e in kb.entries if e.kind == "person" and e.name in ("Donald Trump",
                                                                        "Joe Biden")]
    if len({e.name for e in rows}) < 2:
        pytest.skip("people.tsv lacks the 2021 US leader change")
    # an article of 2021-03 tells of events before and after the change on 2021-01-20
    trump = at(code("Donald Trump spoke.", date="2021-03-01"), "Donald Trump").actor
    assert trump.code == "USAELI"
    assert actor_on(trump, "2021-01-05", kb).code == "USAGOV"     # still president then
    assert actor_on(trump, "2021-01-25", kb).code == "USAELI"
    biden = at(code("Joe Biden spoke.", date="2021-03-01"), "Joe Biden").actor
    assert actor_on(biden, "2021-01-25", kb).code == "USAGOV"


def test_actor_on_keeps_office_on_the_last_day_and_the_texts_word(code, kb):
    from tidings.actors import Entry, KB, actor_on, _person_actor
    k = KB()
    row = Entry("person:x", "Kaveh Darab", "person", code="IRNMIL", country="IRN",
                sector=("MIL",), start="2010-01-01", end="2020-01-03")
    k.add(row, ["Kaveh Darab"])
    k.countries = load_kb(use_user=False).countries
    k.version = -12345
    later = _person_actor(row, "Kaveh Darab", k, "2020-01-10", "kb-person", status="former")
    assert later.code == "IRNELI"
    assert actor_on(later, "2020-01-03", k).code == "IRNMIL"     # killed that day, in office
    said = _person_actor(row, "Kaveh Darab", k, "2015-01-10", "kb-person",
                         status="said-former")
    assert actor_on(said, "2015-01-10", k).code == "IRNELI"      # "former" in the text wins


def test_pipeline_codes_people_by_the_event_date(pipeline, kb):
    if not any(e.kind == "person" and e.name == "Donald Trump" for e in kb.entries):
        pytest.skip("people.tsv has no Donald Trump row")
    doc = pipeline.code_text("Donald Trump met Iraqi officials in Baghdad on January 5, 2021.",
                             published="2021-03-01")
    evs = [e for e in doc.events if e.source is not None and e.source.name == "Donald Trump"]
    assert evs, [(e.type, e.source) for e in doc.events]
    assert all(e.date == "2021-01-05" for e in evs)
    assert {e.source.code for e in evs} == {"USAGOV"}
    assert at(doc.mentions, "Donald Trump").actor.code == "USAELI"   # the mention: by publication


def test_title_inside_a_persons_alias_confirms_the_office(code, kb):
    if not kb.lookup("President Bush"):
        pytest.skip("people.tsv has no 'President Bush' alias")
    a = actor(code("President Bush threatened Russia with sanctions.", date="2030-01-01"),
              "President Bush")
    assert a["code"] == "USAGOV" and a["resolution"]["status"] == "titled"


def test_country_leaders_are_its_government(code):
    ms = code("Palestinian leaders warned Jordanian opposition leaders.")
    assert actor(ms, "Palestinian leaders")["code"] == "PSEGOV"
    assert actor(ms, "Jordanian opposition leaders")["code"] == "JOROPP"


def test_people_of_a_place_named_with_a_country_adjective(code):
    ms = code("Residents of the Syrian Golan Heights marched, and Iraqi towns were shelled; "
              "US and Russian negotiators met a Saudi businessman.")
    a = actor(ms, "Residents")
    assert (a["country"], a["sector"]) == ("SYR", ["CVL"])
    assert all(m.actor.kind != "person" for m in ms)
    assert actor(ms, "Iraqi towns")["code"] == "IRQCVL"
    assert actor(ms, "US and Russian negotiators")["sector"] == ["GOV"]
    assert actor(ms, "a Saudi businessman")["code"] == "SAUBUS"


def test_capital_as_a_place_is_its_people(code):
    ms = code("The army imposed a curfew in Nairobi after Moscow protested to Nairobi.")
    a = actor(ms, "Nairobi")
    assert (a["code"], a["resolution"]["rule"]) == ("KENCVL", "capital-place")
    assert actor(ms, "Moscow")["code"] == "RUSGOV"
    assert actor(ms, "Nairobi", 1)["code"] == "KENGOV"              # "protested to Nairobi"


def test_participle_modifiers_stay_in_the_phrase(code):
    ms = code("Omar Benali, Tunisia's leading rights activist, began a hunger strike.")
    # activists are opposition (OPP), as CAMEO codes them
    assert actor(ms, "Tunisia's leading rights activist")["code"] == "TUNOPP"
    assert actor(ms, "Omar Benali")["code"] == "TUNOPP"            # by the appositive


def test_named_person_takes_the_sector_word_not_leader(code):
    ms = code("Police in Kenya arrested opposition leader Wanjiru Kamau on Friday.")
    a = actor(ms, "opposition leader Wanjiru Kamau")
    assert (a["country"], a["sector"]) == ("KEN", ["OPP"])


def test_tied_countries_give_no_article_country(code):
    # two countries, neither a state actor here: no guessed country (with "The Sudanese
    # government" in the sentence its state actor decides: test_actors_context.py)
    ms = code("Rebels accused Sudanese and Chadian traders of breaking the truce.")
    a = actor(ms, "Rebels")
    assert (a["code"], a["country"]) == ("---REB", None)      # the sector, no guessed country


def test_domestic_role_with_no_country_in_sight_keeps_its_sector(code):
    ms = code("The government rejected the plan on Monday.")
    a = actor(ms, "The government")
    assert (a["code"], a["country"], a["sector"]) == ("---GOV", None, ["GOV"])


def test_titled_person_of_a_possessor_country(code):
    ms = code("Syria sent envoys to Lebanon's new President Karim Haddad, and Chad's ambassador "
              "Idriss Mahamat left.")
    a = actor(ms, "new President Karim Haddad")
    assert (a["code"], a["resolution"]["rule"]) == ("LBNGOV", "titled-person-possessor")
    assert actor(ms, "ambassador Idriss Mahamat")["country"] == "TCD"


def test_subnational_capital_is_a_city_not_the_government(code):
    ms = code("Rebels shelled the southern regional capital Juba on Sunday.")
    a = actor(ms, "the southern regional capital Juba")
    assert (a["sector"], a["resolution"]["rule"]) == (["CVL"], "capital-place")
    ms = code("Rebels shelled the capital Juba on Sunday.")
    assert actor(ms, "Juba")["sector"] == ["GOV"]


def test_unknown_city_takes_its_gazetteer_country(code):
    ms = code("Gunmen attacked Kirkuk and Mosul on Monday.")
    for city in ("Kirkuk", "Mosul"):
        a = actor(ms, city)
        assert (a["code"], a["resolution"]["rule"]) == ("IRQCVL", "gazetteer-place")
    # a name shared by small towns of several countries: the country the text names decides
    ms = code("Soldiers fired shells at targets in Jericho in the West Bank.")
    assert actor(ms, "Jericho")["country"] == "PSE"
    ms = code("Soldiers fired shells at targets in Jericho, witnesses said.")
    assert all(m.text != "Jericho" for m in ms)
    # a surname NER cut off as a place is not a place
    ms = code("Kenzo Oshima, the relief coordinator, demanded access.")
    assert all(m.text != "Oshima" for m in ms)


def test_part_of_a_capital_is_a_place_not_the_government(code):
    ms = code("Mostly Muslim west Beirut came under fire overnight.")
    a = actor(ms, "Muslim west Beirut")
    assert (a["code"], a["resolution"]["rule"]) == ("LBNCVL", "capital-place")
    ms = code("Downtown Nairobi was quiet on Sunday.")
    assert actor(ms, "Downtown Nairobi")["code"] == "KENCVL"
    # the bare capital as a subject is still its government
    ms = code("Nairobi was quiet on the proposal.")
    assert actor(ms, "Nairobi")["code"] == "KENGOV"


def test_a_besieged_or_blockaded_capital_is_a_place(code):
    ms = code("Striking truckers vowed to blockade Madrid next week.")
    a = actor(ms, "Madrid")
    assert (a["code"], a["resolution"]["rule"]) == ("ESPCVL", "capital-place")
    ms = code("Khartoum was shelled for a third night.")
    assert actor(ms, "Khartoum")["code"] == "SDNCVL"
    # a verb of dealing with the government keeps the metonym
    ms = code("The union vowed to lobby Madrid next week.")
    assert actor(ms, "Madrid")["code"] == "ESPGOV"
