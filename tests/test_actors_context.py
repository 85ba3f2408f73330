"""The actors stage: a role word with no country of its own takes one from its context.

Every sentence here was written for these tests.  Each test names the rule it expects in
``resolution.rule``, so a test fails when a different rule happens to give the same code.
"""
from __future__ import annotations

from typing import Any

import test_actors

from tidings.actors import resolve_text
from tidings.records import Mention

kb, code = test_actors.kb, test_actors.code      # shared fixtures: the KB and annotate()
actor = test_actors.actor                         # a mention's actor as a dict, by its text


def rule(a: dict[str, Any]) -> str:
    return (a.get("resolution") or {}).get("rule")


# ---------------------------------------------------------------- a place attached to the role

def test_a_domestic_role_takes_the_place_attached_to_it(code):
    ms = code("Nurses from Kenya walked off the job on Monday.")
    a = actor(ms, "Nurses")
    assert (a["code"], rule(a)) == ("KENMED", "role-place")


def test_customs_and_immigration_officers_are_government(code):
    # the codebook's CUSTOMS_OFFICIAL is GOV; a town places them in its country
    ms = code("Customs officers in Lagos seized 300 rifles from a ship.")
    a = actor(ms, "Customs officers")
    assert (a["code"], rule(a)) == ("NGAGOV", "role-place")
    ms = code("Immigration officials from Ghana met their Togolese counterparts.")
    a = actor(ms, "Immigration officials")
    assert (a["code"], rule(a)) == ("GHAGOV", "role-place")


def test_a_participle_attaches_the_place(code):
    ms = code("A newspaper based in Lima criticised the new tax.")
    a = actor(ms, "A newspaper")
    assert (a["code"], rule(a)) == ("PERJRN", "role-place")


def test_a_role_that_may_be_abroad_takes_only_where_it_comes_from(code):
    ms = code("Aid agencies fed refugees fleeing the fighting in Chad.")
    a = actor(ms, "refugees")
    assert (a["code"], rule(a)) == ("TCDREF", "role-place")
    # troops stationed somewhere are not that country's troops
    ms = code("Troops in Mali fired on a convoy.")
    a = actor(ms, "Troops")
    assert (a["code"], a["country"]) == ("---MIL", None)


def test_a_region_gives_its_country(code):
    ms = code("Darfur rebels ambushed a supply convoy.")
    assert actor(ms, "Darfur rebels")["code"] == "SDNREB"
    ms = code("The government of Sindh province banned the rally.")
    assert actor(ms, "The government")["code"] == "PAKGOV"
    ms = code("Chechen refugees camped outside the station.")
    assert actor(ms, "Chechen refugees")["code"] == "RUSREF"


def test_regions_in_the_knowledge_base(kb):
    assert resolve_text("Northern Ireland", kb=kb).country == "GBR"      # not Ireland
    assert resolve_text("East Jerusalem", kb=kb).country == "PSE"        # not Israel's capital
    assert resolve_text("Tibetan monks", kb=kb).code == "CHNREL"


# ---------------------------------------------------------------- the sentence and the article

def test_a_domestic_role_takes_the_place_its_clause_happens_in(code):
    ms = code("Prisoners rioted at a jail in Nairobi on Monday.")
    a = actor(ms, "Prisoners")
    assert (a["code"], rule(a)) == ("KENCVL", "sentence-place")


def test_the_sentences_state_actor_breaks_a_tie(code):
    ms = code("The Sudanese government accused rebels of breaking the truce, "
              "a Chadian mediator said.")
    a = actor(ms, "rebels")
    assert (a["code"], rule(a)) == ("SDNREB", "sentence-country")


def test_no_country_when_the_sentence_does_not_decide(code):
    ms = code("Rebels broke the truce, Chadian and Nigerian mediators said.")
    a = actor(ms, "Rebels")
    assert (a["code"], a["country"]) == ("---REB", None)


def test_a_titled_person_takes_the_sentences_country(code):
    ms = code("President Ruiz gave in to demands from the Bolivian opposition.")
    a = actor(ms, "President Ruiz")
    assert a["code"] == "BOLGOV"


def test_a_destination_is_not_the_articles_country(code):
    # "to Ecuador" is where the arms went; the court and the minister are Peruvian
    ms = code("A Peruvian court summoned former minister Luis Arce over arms sales to Ecuador.")
    a = actor(ms, "former minister Luis Arce")
    assert (a["country"], a["sector"]) == ("PER", ["ELI"])


# ---------------------------------------------------------------- other actors in the text

def test_an_appositive_role_takes_the_apposed_actors_country(code):
    ms = code("The Kenyan Union of Teachers, the largest union in the country, "
              "called off its strike.")
    a = actor(ms, "the largest union")
    assert (a["code"], rule(a)) == ("KENLAB", "appositive-role")


def test_a_possessive_pronoun_owns_the_role(code):
    ms = code("Bosnian Serbs said their forces had left the town.")
    a = actor(ms, "their forces")
    assert (a["code"], rule(a)) == ("BIHMIL", "pronoun-possessor")
    ms = code("The United Nations said its peacekeepers would stay in the town.")
    a = actor(ms, "its peacekeepers")
    assert a["code"].startswith("IGOUNO") and {"IGO", "MIL"} <= set(a["sector"])


def test_members_of_an_igo_keep_their_sector(code):
    ms = code("UN peacekeepers patrolled the border on Sunday.")
    a = actor(ms, "UN peacekeepers")
    assert a["country"] is None and a["sector"] == ["IGO", "MIL"]


# ---------------------------------------------------------------- role words

def test_plural_occupation_nouns_are_sectors(code):
    ms = code("Chilean dockworkers walked out on Tuesday.")
    assert actor(ms, "Chilean dockworkers")["code"] == "CHLLAB"
    ms = code("Dock workers walked off the job at the port of Mombasa in Kenya on Monday.")
    assert actor(ms, "Dock workers")["code"] == "KENLAB"
    ms = code("Striking miners in Peru blocked a highway.")
    assert actor(ms, "Striking miners")["code"] == "PERLAB"


def test_a_sector_word_before_a_generic_group_decides(code):
    ms = code("Opposition groups in Malawi called a general strike.")
    a = actor(ms, "Opposition groups")
    assert (a["code"], rule(a)) == ("MWIOPP", "role-place")
    ms = code("Leaders of the Freedom opposition coalition postponed the march in Minsk.")
    assert actor(ms, "the Freedom opposition coalition")["code"] == "BLROPP"   # not an IGO


def test_activists_are_opposition(code):
    ms = code("Egyptian activists marched to the ministry.")
    assert actor(ms, "Egyptian activists")["code"] == "EGYOPP"


def test_military_title_abbreviations(code):
    ms = code("Lt. Gen. Henri Morel resigned as army chief of Haiti.")
    a = actor(ms, "Lt. Gen. Henri Morel")
    assert (a["code"], a["kind"]) == ("HTIMIL", "person")


def test_a_countrys_leader_holds_its_head_office(code):
    # Yasser Arafat is in the people table as the Palestinian head of state until 2004
    ms = code("Palestinian leader Yasser Arafat rejected the offer.", date="2020-01-10")
    a = actor(ms, "Palestinian leader Yasser Arafat")
    assert a["code"] == "PSEGOV" and (a["resolution"] or {}).get("status") == "titled"
    ms = code("Yasser Arafat rejected the offer.", date="2020-01-10")
    assert actor(ms, "Yasser Arafat")["code"] == "PSEELI"          # no title: former


def test_a_name_glued_into_a_longer_word_is_not_the_person(code):
    ms = code("The minister allowed the Shan-e-Mustafa rally to go ahead.")
    assert all(m.actor.kind != "person" for m in ms if "Mustafa" in m.text)


# ---------------------------------------------------------------- round two

def test_a_title_in_an_appositive_keeps_a_former_holder_in_office(code):
    # Kofi Annan left the UN in 2006; the text gives him the title, so he holds it here
    ms = code("The council rejected calls by Kofi Annan, UN secretary-general, for reform.",
              date="2020-01-10")
    a = actor(ms, "Kofi Annan")
    assert a["code"].startswith("IGOUNO") and "GOV" in a["sector"]


def test_they_under_a_reporting_verb_is_its_subject(code):
    ms = code("Fighters loyal to Iraq's militia chief said they shelled the base.")
    a = actor(ms, "they")
    assert (a["resolution"]["antecedent"], a["sector"]) == ("Fighters", ["REB"])


def test_a_demonym_conjoined_with_a_role_shares_the_role(code):
    ms = code("Police beat Sierra Leonean and Liberian refugees at the border.")
    a = actor(ms, "Sierra Leonean")
    assert (a["code"], rule(a)) == ("SLEREF", "elided-role")
    ms = code("Iran and Iraqi forces clashed.")
    assert actor(ms, "Iran")["code"] == "IRN"            # a country name is not elided


def test_more_role_words(code):
    ms = code("Officials in Minsk said Belarus's rulers would not yield.")
    assert actor(ms, "Belarus's rulers")["code"] == "BLRGOV"
    ms = code("The agency cut food rations to a Somali refugee camp in Kenya.")
    assert actor(ms, "a Somali refugee camp")["code"] == "SOMREF"
    ms = code("Kidnappers seized two engineers near Lagos, Nigerian police said.")
    a = actor(ms, "Kidnappers")
    assert a["code"] == "NGACRM"


# ---------------------------------------------------------------- round three

def test_associations_and_un_agencies(code, kb):
    ms = code("The Kenyan Farmers Association called on the ministry to cut fuel prices.")
    assert actor(ms, "The Kenyan Farmers Association")["code"] == "KENSOC"
    assert resolve_text("the International Labor Office", kb=kb).code == "IGOUNOILO"
    assert resolve_text("UNRWA", kb=kb).sector == ["IGO", "REF"]
    ms = code("Islamic fundamentalists in Cairo began a hunger strike.")
    assert actor(ms, "Islamic fundamentalists")["code"] == "EGYCVL"


def test_group_compounds(code):
    ms = code("A rebel group based in Chad claimed the attack.")
    a = actor(ms, "A rebel group")
    assert (a["code"], rule(a)) == ("TCDREB", "role-place")
    ms = code("Human rights groups condemned the arrests.")
    assert actor(ms, "Human rights groups")["sector"] == ["NGO"]


def test_places_in_the_sentence_are_not_its_parties(code):
    # "into Uganda" is where the driver went; the Kenyan driver makes the police Kenyan
    ms = code("Police in the capital said the Kenyan driver had crossed into Uganda.")
    a = actor(ms, "Police")
    assert (a["code"], rule(a)) == ("KENCOP", "sentence-country")


def test_a_titled_possessor_keeps_the_title(code):
    # Obama left office in 2017: "President Obama's" is the president's, not a former one's
    ms = code("President Obama's latest statement was welcomed.", date="2020-01-10")
    assert actor(ms, "President Obama's latest statement")["code"] == "USAGOV"
    # an unknown titled person as a possessor still gets a mention
    ms = code("President Kaunda's latest statement was welcomed in Lusaka.")
    assert actor(ms, "President Kaunda")["code"] == "ZMBGOV"


def test_historical_demonyms(code):
    ms = code("Kampuchean guerrillas attacked a border post.")
    assert actor(ms, "Kampuchean guerrillas")["code"] == "KHMREB"


def test_inferred_actor_countries_are_no_place_votes():
    # the places stage counts the countries of actor mentions as votes; a country the actors
    # stage inferred for a role word comes from other mentions and must not vote again
    from types import SimpleNamespace

    from tidings.places import actor_votes
    from tidings.records import Actor

    def m(start: int, country: str, rule: str) -> Mention:
        a = Actor(text="x", name=None, code=country, country=country, sector=[],
                  kb_id=None, kind="sector", resolution={"rule": rule})
        return Mention(start, start + 1, "x", a)
    doc = SimpleNamespace(mentions=[m(0, "KEN", "country-name"), m(5, "IRQ", "sentence-country"),
                                    m(9, "IRQ", "article-country"), m(12, "PER", "role-place")])
    assert actor_votes(doc, []) == ["KEN"]


def test_two_events_left_apart_in_one_sentence_are_not_folded(pipeline):
    # with "its foreign minister" coded as Chad's government both rejections have source TCD;
    # the within-article dedup must not fold the second (another trigger in the same sentence)
    doc = pipeline.code_text("Chad rejected the peace plan on Monday, and its foreign minister "
                             "said he also opposed the planned summit.", published="2021-05-04")
    rejects = [e for e in doc.events if e.type == "REJECT" and e.modality == "asserted"]
    assert len(rejects) == 2 and {e.source.country for e in rejects} == {"TCD"}


# ---------------------------------------------------------------- role words added in session 4

def test_a_singular_guerrilla_modifier_names_the_rebels(code):
    ms = code("Artillery hit Laotian guerrilla bases near the river.")
    assert actor(ms, "Laotian guerrilla")["code"] == "LAOREB"


def test_advisers_are_officials(code):
    ms = code("Rebels seized six Cuban advisers at a checkpoint.")
    assert actor(ms, "six Cuban advisers")["code"] == "CUBGOV"


def test_towns_villages_and_homes_are_their_residents(code):
    ms = code("Soldiers shelled the Bosnian town of Tuzla and burned Croatian homes.")
    assert actor(ms, "the Bosnian town")["code"] == "BIHCVL"
    assert actor(ms, "Croatian homes")["code"] == "HRVCVL"
    ms = code("Militiamen looted a village in northern Chad on Sunday.")
    a = actor(ms, "a village")
    assert (a["code"], rule(a)) == ("TCDCVL", "role-place")


def test_a_town_takes_no_country_from_other_actors(code):
    # 'scene': the town is not where the Kenyan troops come from, nor the article's country
    ms = code("Kenyan troops left the town of Dhobley after a week of clashes.")
    a = actor(ms, "the town")
    assert (a["code"], a["country"], a["sector"]) == ("---CVL", None, ["CVL"])


def test_an_explosion_that_acts_is_an_unidentified_armed_actor(code):
    ms = code("A roadside bomb killed four Afghan police officers in Kandahar on Monday.")
    a = actor(ms, "A roadside bomb")
    assert (a["code"], rule(a)) == ("AFGUAF", "sentence-place")
    ms = code("Two Kenyan soldiers were killed by a car bomb near the Somali town of Kismayo.")
    a = actor(ms, "a car bomb")
    assert (a["code"], rule(a)) == ("SOMUAF", "sentence-place")
    # outside of the Iraqi city of ...: the demonym names where the city is
    ms = code("Two Danish soldiers were killed by a landmine outside of the Afghan city of Herat.")
    assert actor(ms, "a landmine")["code"] == "AFGUAF"
    # no place in the text: no country guessed from the victims
    ms = code("A car bomb killed three Turkish soldiers on Friday.")
    a = actor(ms, "A car bomb")
    assert (a["code"], a["country"]) == ("---UAF", None)


def test_a_bomb_fired_or_found_is_no_actor(code):
    ms = code("Syrian jets dropped bombs on Idlib, and police found a bomb in Damascus.")
    assert not [m for m in ms if "bomb" in m.text]


def test_a_capital_named_like_a_city_of_the_country_the_text_names(code):
    # Tripoli is also Lebanon's northern port: with Lebanon named and Libya not, it is that city
    ms = code("Rival militias clashed in Tripoli overnight, Lebanese police said.")
    a = actor(ms, "Rival militias")
    assert (a["code"], rule(a)) == ("LBNREB", "sentence-place")
    assert actor(ms, "Tripoli")["country"] == "LBN"
    # Libya named (or nothing named): the capital
    ms = code("Rival militias clashed in Tripoli overnight, Libyan police said.")
    assert actor(ms, "Rival militias")["code"] == "LBYREB"
    ms = code("Tripoli rejected the proposal on Monday.")
    assert actor(ms, "Tripoli")["code"] == "LBYGOV"


def test_jewish_settlers_are_israeli_civilians(code):
    ms = code("Jewish settlers in the hills near Nablus uprooted olive trees.")
    assert actor(ms, "Jewish settlers")["code"] == "ISRCVL"


def test_administrators_are_officials(code):
    ms = code("Rebels burned the offices of the Congolese administrators of the province.")
    assert actor(ms, "the Congolese administrators")["code"] == "CODGOV"


def test_a_former_unknown_titled_possessor_is_said_former(code):
    # the possessor is coded in pass 2 (it is no person phrase of its own in pass 1); "former"
    # must leave the same mark as for any other person, which actor_on reads
    ms = code("Former President Kaunda's farm was raided in Lusaka.")
    a = actor(ms, "Former President Kaunda")
    assert (a["code"], a["resolution"].get("status")) == ("ZMBELI", "said-former")
    ms = code("Former President Kaunda spoke in Lusaka.")
    a = actor(ms, "Former President Kaunda")
    assert (a["code"], a["resolution"].get("status")) == ("ZMBELI", "said-former")


def test_a_title_set_off_before_a_name_is_its_title(code, kb):
    # Hamad bin Khalifa was emir 1995-2013: on a later date he is a former emir, unless the text
    # gives him the title - here in a phrase before his name
    ms = code("Qatar's emir, Sheikh Hamad, welcomed the envoy.", date="2020-01-10")
    a = actor(ms, "Sheikh Hamad")
    assert (a["code"], a["resolution"].get("status")) == ("QATGOV", "titled")
    ms = code("Sheikh Hamad welcomed the envoy.", date="2020-01-10")
    assert actor(ms, "Sheikh Hamad")["code"] == "QATELI"
    # a title that is an object before the comma is someone else's
    ms = code("After meeting the king, Sheikh Hamad welcomed the envoy.", date="2020-01-10")
    assert actor(ms, "Sheikh Hamad")["code"] == "QATELI"


def test_peacekeeping_forces_and_elders(code):
    ms = code("The rebels opposed the deployment of a regional peacekeeping force.")
    a = actor(ms, "a regional peacekeeping force")
    assert (a["code"], a["country"]) == ("---MIL", None)
    ms = code("Tribal elders met Somali officials in Baidoa.")
    assert actor(ms, "Tribal elders")["code"] == "SOMELI"


def test_a_number_or_group_of_an_actor_is_that_actor(code):
    ms = code("Thousands of Ghanaians from across the region marched in Accra.")
    a = actor(ms, "Thousands of Ghanaians")
    assert (a["code"], rule(a)) == ("GHACVL", "quantity-of")
    ms = code("A group of Eritrean refugees began a hunger strike.")
    assert actor(ms, "A group of Eritrean refugees")["code"] == "ERIREF"
    # the counted phrase must end where the actor's mention ends
    ms = code("Dozens of Kenyan police stations were closed.")
    assert not [m for m in ms if m.text.startswith("Dozens")]


def test_nato_is_a_military_alliance(code):
    ms = code("NATO said it would tighten the blockade.")
    a = actor(ms, "NATO")
    assert (a["code"], a["country"], a["sector"]) == ("IGOWSTNAT", None, ["IGO", "MIL"])


def test_cold_war_presidents_by_date(code):
    ms = code("President Reagan's statement was welcomed in Bonn.", date="1986-03-01")
    assert actor(ms, "President Reagan's statement")["code"] == "USAGOV"
    ms = code("Ronald Reagan spoke.", date="1995-03-01")     # out of office: a former president
    assert actor(ms, "Ronald Reagan")["code"] == "USAELI"


# ---------------------------------------------------------------- occupations and organisations

def test_an_extremist_organisation_takes_the_place_it_is_in(code):
    ms = code("The cabinet banned a small extremist organization in Corsica last week.")
    a = actor(ms, "a small extremist organization")
    assert (a["code"], rule(a)) == ("FRAREB", "role-place")
    ms = code("Police in Oslo raided the offices of a terrorist organisation.")
    assert actor(ms, "a terrorist organisation")["sector"] == ["REB"]


def test_an_occupation_without_a_name_is_its_sector_placed_by_context(code):
    # where it comes from: a town only the gazetteer knows
    ms = code("A Mormon missionary from Brisbane was detained at the airport.")
    a = actor(ms, "A Mormon missionary")
    assert (a["code"], rule(a)) == ("AUSREL", "role-place")
    # where the clause happens
    ms = code("A veteran journalist was shot dead in Kano on Friday.")
    a = actor(ms, "A veteran journalist")
    assert (a["code"], rule(a)) == ("NGAJRN", "sentence-place")
    # nowhere: the sector alone
    ms = code("A missionary was released on Monday.")
    a = actor(ms, "A missionary")
    assert (a["code"], a["country"], rule(a)) == ("---REL", None, "role-only")


def test_an_office_without_a_name_is_not_placed_by_context(code):
    # "a minister", "a senator": someone's office-holder, whose country the scene does not say
    ms = code("A minister was shot dead in Kano on Friday.")
    assert not [m for m in ms if m.text == "A minister" and m.actor.country == "NGA"]


def test_a_sector_word_before_ally_is_a_group_allied_to_the_possessor(code):
    ms = code("Gunmen ambushed a convoy of Syria's militia allies in northern Lebanon.")
    a = actor(ms, "Syria's militia allies")
    assert (a["code"], rule(a), a["resolution"]["ally_of"]) == \
        ("LBNREB", "allied-role-place", "Syria")
    # placed nowhere: the sector alone, never the possessor's country
    ms = code("Ethiopia's militia proxies crossed the river.")
    a = actor(ms, "Ethiopia's militia proxies")
    assert (a["code"], a["country"], rule(a)) == ("---REB", None, "allied-role")
    # a demonym says whose they are: not an alliance reading
    ms = code("Iraqi militia allies of the government crossed the river.")
    assert not [m for m in ms if (m.actor.resolution or {}).get("rule", "").startswith("allied")]


def test_military_police_and_paramilitaries(code):
    # the codebook's MILITARY_POLICE is military first; PARAMILITARY is its own sector
    ms = code("Bolivian military police detained two miners.")
    assert actor(ms, "Bolivian military police")["code"] == "BOLMIL"
    ms = code("Colombian paramilitaries burned a village.")
    assert actor(ms, "Colombian paramilitaries")["code"] == "COLPRM"
