"""The quotes stage: one hand-written sentence per rule, plus the seed article."""
from __future__ import annotations

from pathlib import Path

import pytest

from tidings.quotes import Stage, find_marked, link_events, load_cues, looks_like_title
from tidings.records import Actor, Article, Document, Event, Evidence, Mention, Quote


@pytest.fixture(scope="module")
def stage() -> Stage:
    return Stage()


@pytest.fixture(scope="module")
def code(nlp, stage):
    """Run the quotes stage on a text; ``mentions`` stands in for the actors stage."""
    def run(text: str, mentions: list[tuple[str, Actor]] | None = None, nth: int = 0) -> Document:
        doc = Document(article=Article(text=text), doc=nlp(text))
        for surface, actor in mentions or []:
            start = _find(text, surface, nth)
            doc.mentions.append(Mention(start, start + len(surface), surface, actor))
        return stage(doc)
    return run


def _find(text: str, surface: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(surface, pos + 1)
    return pos


def _only(doc: Document) -> Quote:
    assert len(doc.quotes) == 1, [q.to_dict() for q in doc.quotes]
    return doc.quotes[0]


# ---------------------------------------------------------------- quotation marks (no parse)

def test_straight_and_curly_marks_give_the_content_inside():
    text = 'He said "we stay" and she said “we go”.'
    assert [text[m.start:m.end] for m in find_marked(text)] == ["we stay", "we go"]


def test_apostrophes_are_not_quotes():
    text = "The country’s leaders didn't back the players' union or Iraq’s plan."
    assert find_marked(text) == []


def test_single_marks_inside_double_marks_are_nested_not_separate():
    text = "“He told me ‘no deal’ twice,” the envoy said."
    spans = [text[m.start:m.end] for m in find_marked(text)]
    assert spans == ["He told me ‘no deal’ twice,"]


def test_straight_quote_nested_in_curly_one():
    text = '“They call it "the deal of the century" again,” she said.'
    assert [text[m.start:m.end] for m in find_marked(text)] == [
        'They call it "the deal of the century" again,']


def test_open_mark_continues_into_paragraph_starting_with_a_mark():
    text = "The mayor said:\n\n“The first part goes on\n\n“and the second part ends here.”\n\nNext."
    (m,) = find_marked(text)
    assert text[m.start:m.end] == "The first part goes on\n\n“and the second part ends here."
    assert m.closed


def test_open_mark_without_continuation_ends_with_its_paragraph():
    text = "The mayor said: “this sentence never closes its mark\n\nAn ordinary paragraph."
    (m,) = find_marked(text)
    assert text[m.start:m.end] == "this sentence never closes its mark"
    assert not m.closed


def test_two_apostrophes_work_as_a_double_mark():
    text = "''We will win,'' Mr. Lee said."
    (m,) = find_marked(text)
    assert text[m.start:m.end] == "We will win,"


def test_title_case_quotes_look_like_titles():
    assert looks_like_title("State of the Union")
    assert not looks_like_title("dead on arrival")


# ---------------------------------------------------------------- attribution

def test_straight_quote_with_post_posed_subject(code):
    q = _only(code('"We will not leave," the minister said.'))
    assert (q.text, q.kind, q.cue, q.speaker_text) == ("We will not leave,", "direct", "said",
                                                      "the minister")


def test_curly_quote_with_inverted_speaker(code):
    q = _only(code("“We will stay,” said Foreign Minister Ana Lopez."))
    assert (q.text, q.cue, q.speaker_text) == ("We will stay,", "said", "Foreign Minister Ana Lopez")


def test_stated_then_speaker(code):
    q = _only(code("“The talks are over for this year,” stated Ortagus."))
    assert (q.cue, q.speaker_text, q.kind) == ("stated", "Ortagus", "direct")


def test_multi_paragraph_quote_is_one_quote(code):
    text = ("The mayor said:\n\n“The first part goes on\n\n“and the second part ends here.”\n\n"
            "The council met later.")
    q = _only(code(text))
    assert q.text.startswith("The first part") and q.text.endswith("ends here.")
    assert q.speaker_text == "The mayor"


def test_partial_quote_inside_a_sentence_is_mixed(code):
    q = _only(code("The senator said the plan was “dead on arrival” and would fail in May."))
    assert q.kind == "mixed"
    assert q.text == "the plan was “dead on arrival” and would fail in May"
    assert (q.cue, q.speaker_text) == ("said", "The senator")


def test_according_to_gives_the_clause_and_the_source(code):
    q = _only(code("The army will withdraw by June, according to a defence ministry statement."))
    assert (q.kind, q.cue) == ("indirect", "according to")
    assert q.text == "The army will withdraw by June"
    assert q.speaker_text == "a defence ministry statement"


def test_said_that_is_indirect(code):
    q = _only(code("The prime minister said that the border would reopen next week."))
    assert (q.kind, q.text, q.speaker_text) == ("indirect", "the border would reopen next week",
                                                "The prime minister")


def test_told_reporters(code):
    q = _only(code("The general told reporters the troops would stay."))
    assert (q.cue, q.speaker_text, q.text) == ("told", "The general", "the troops would stay")


def test_read_a_statement_from(code):
    q = _only(code("“The meeting was productive,” read a statement from the foreign ministry."))
    assert (q.cue, q.speaker_text) == ("read", "the foreign ministry")


def test_read_the_statement(code):
    q = _only(code("“The meeting was productive,” read the joint statement."))
    assert (q.cue, q.speaker_text) == ("read", "the joint statement")


def test_pronoun_speaker_takes_the_actor_of_its_mention(code):
    roe = Actor(text="She", name="Jane Roe", code="USAGOV", country="USA", sector=["GOV"])
    q = _only(code("She added that the embassy would reopen in March.", [("She", roe)]))
    assert q.speaker_text == "She"
    assert q.speaker is roe


def test_pronoun_without_mention_keeps_the_previous_speaker(code):
    roe = Actor(text="Jane Roe", name="Jane Roe", code="USAGOV")
    doc = code("Jane Roe said the talks had failed. She added that the embassy would close.",
               [("Jane Roe", roe)])
    assert [q.speaker_text for q in doc.quotes] == ["Jane Roe", "She"]
    assert doc.quotes[1].speaker is roe


def test_relative_pronoun_speaker_resolves_to_the_noun_it_modifies(code):
    jens = Actor(text="Jens Stoltenberg", name="Jens Stoltenberg", code="IGOWSTNAT")
    text = "He called NATO chief Jens Stoltenberg, who “agreed that NATO could do more.”"
    q = _only(code(text, [("Jens Stoltenberg", jens)]))
    assert (q.cue, q.speaker_text) == ("agreed", "who")
    assert q.speaker is jens
    assert q.text == "NATO could do more."


def test_interrupted_quote_is_one_quote(code):
    q = _only(code("“We are ready,” the general said, “to defend the border at any cost.”"))
    assert q.text == "We are ready,” the general said, “to defend the border at any cost."
    assert q.speaker_text == "the general"


def test_follow_up_quote_joins_the_attributed_one(code):
    q = _only(code("“We lost,” Smith said. “We will be back next year.”"))
    assert q.text.endswith("back next year.")
    assert q.speaker_text == "Smith"


def test_participle_speaker_is_the_noun_it_modifies(code):
    q = _only(code("Lawmakers passed a resolution calling on the government to expel the troops."))
    assert (q.cue, q.speaker_text) == ("calling", "a resolution")


def test_claims_in_a_document_that(code):
    text = ("Contrary to claims in the draft resolution that the troops are not needed “after "
            "the victory,” the army said it would stay.")
    quotes = code(text).quotes
    claim = next(q for q in quotes if q.cue == "claims")
    assert claim.speaker_text == "the draft resolution"
    assert claim.text.startswith("the troops are not needed")


def test_partial_quote_under_a_non_reporting_verb_goes_to_its_subject(code):
    q = _only(code("Merkel described the deal as a “breakthrough for Europe” on Monday."))
    assert (q.kind, q.cue, q.speaker_text) == ("mixed", "described", "Merkel")
    assert q.text.startswith("the deal as a “breakthrough")


def test_beliefs_only_when_configured(code, nlp):
    text = "Officials believe that the ceasefire will hold."
    assert code(text).quotes == []
    doc = Document(article=Article(text=text), doc=nlp(text))
    (q,) = Stage(include_belief=True)(doc).quotes
    assert (q.kind, q.cue, q.speaker_text, q.text) == ("indirect", "believe", "Officials",
                                                       "the ceasefire will hold")


def test_scare_quote_without_a_speaker_is_not_a_quote(code):
    assert code("The so-called “peace plan” collapsed in March.").quotes == []


def test_title_in_quotes_is_not_a_quote(code):
    assert code("She appeared on “Meet the Press” in May.").quotes == []


def test_apostrophes_in_a_sentence_make_no_quote(code):
    assert code("The players' union rejected Iraq’s offer.").quotes == []


# ---------------------------------------------------------------- events point at quotes

def test_events_inside_a_quote_point_at_it():
    text = "“We will strike back,” the general said. Troops crossed the border."
    doc = Document(article=Article(text=text))
    doc.quotes = [Quote(start=1, end=20, text=text[1:20], kind="direct")]
    inside = Event(article_id="a", type="THREATEN", evidence=Evidence(0, 40, text[0:40]),
                   trigger=Evidence(9, 15, "strike"))
    outside = Event(article_id="a", type="ASSAULT", evidence=Evidence(41, 67, text[41:67]))
    src = Actor(text="the general")
    inside.source = src
    doc.events = [inside, outside]
    no_trigger = Event(article_id="a", type="THREATEN", evidence=Evidence(3, 20, text[3:20]))
    doc.events.append(no_trigger)
    link_events(doc)
    assert (inside.quote, outside.quote, no_trigger.quote) == (0, None, 0)
    assert inside.source is src                     # actors are never changed


# ---------------------------------------------------------------- the cue lexicon (data)

CUES = Path(__file__).resolve().parents[1] / "src" / "tidings" / "data" / "quotes" / "cues.tsv"


def test_cue_file_rows_are_well_formed_and_unique():
    rows = [line.split("\t") for line in CUES.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows[0] == ["cue", "type", "class"]
    body = rows[1:]
    assert all(len(r) == 3 for r in body)
    assert {r[1] for r in body} <= {"verb", "phrase", "docverb", "docnoun", "claimnoun", "verbprep", "objverb", "toverb", "clauseverb"}
    assert {r[2] for r in body} <= {"speech", "belief"}
    keys = [(r[0], r[1]) for r in body]
    assert len(keys) == len(set(keys))


def test_cue_lexicon_has_the_issue_cues():
    cues = load_cues()
    for verb in ("say", "state", "tell", "add", "warn", "insist", "announce", "write", "tweet",
                 "note", "stress", "argue", "claim", "deny", "reiterate", "underscore"):
        assert verb in cues.verbs, verb
    assert ("according", "to") in cues.phrases
    assert "read" in cues.docverbs and "statement" in cues.docnouns
    assert "think" not in cues.verbs and "think" in load_cues(include_belief=True).verbs


# ---------------------------------------------------------------- the seed article

def _by(doc: Document, **want: str) -> list[Quote]:
    return [q for q in doc.quotes if all((getattr(q, k) or "") == v for k, v in want.items())]


def _speaker_name(q: Quote) -> str:
    return " ".join(filter(None, [q.speaker_text, q.speaker.name if q.speaker else None,
                                  q.speaker.text if q.speaker else None]))


def test_seed_ortagus_twice_once_via_she_added(seed_doc):
    ortagus = [q for q in seed_doc.quotes if "Ortagus" in _speaker_name(q)]
    assert len(ortagus) >= 2
    added = _by(seed_doc, cue="added", speaker_text="She")
    assert added and "Ortagus" in _speaker_name(added[0])
    assert "increasing NATO’s role in Iraq" in added[0].text


def test_seed_stoltenberg_agreed(seed_doc):
    (q,) = _by(seed_doc, cue="agreed")
    assert "Stoltenberg" in _speaker_name(q)
    assert q.text.startswith("NATO could contribute more")


def test_seed_statements_read_out(seed_doc):
    (pm,) = _by(seed_doc, cue="read", speaker_text="the Prime Minister’s media office")
    assert pm.text.startswith("His Excellency asked")
    (us,) = _by(seed_doc, cue="read", speaker_text="the American statement")
    assert us.text.startswith("Secretary Pompeo reiterated")


def test_seed_coalition_press_release_and_parliament_claims(seed_doc):
    (coal,) = _by(seed_doc, cue="according to", speaker_text="a Coalition press release")
    assert "provided enhanced training" in coal.text
    (parl,) = _by(seed_doc, cue="claims", speaker_text="the Parliament resolution")
    assert parl.text.startswith("foreign troops are no longer needed")
    # the resolution the parliament voted for speaks for the parliament, both times
    (call,) = _by(seed_doc, cue="calling")
    assert call.text.startswith("to remove all foreign troops")
    assert [q.speaker.code if q.speaker else None for q in (call, parl)] == ["IRQLEG", "IRQLEG"]


# ---------------------------------------------------------------- documents as speakers

def _congress() -> Actor:
    return Actor(text="The Peruvian Congress", name="Peru", code="PERLEG", country="PER",
                 sector=["LEG"])


def test_document_takes_the_subject_that_voted_for_it(code):
    text = ("The Peruvian Congress met on Monday to vote for a resolution calling on the "
            "president to resign.")
    q = _only(code(text, [("The Peruvian Congress", _congress())]))
    assert (q.cue, q.speaker_text) == ("calling", "a resolution")
    assert q.speaker is not None and q.speaker.code == "PERLEG"


def test_document_of_a_partitive_subject(code):
    text = "Most of the Peruvian Congress voted for a resolution calling on the army to leave."
    q = _only(code(text, [("the Peruvian Congress", _congress())]))
    assert q.speaker is not None and q.speaker.code == "PERLEG"


def test_later_document_of_the_same_kind_keeps_its_issuer(code):
    text = ("The Peruvian Congress met on Monday to vote for a resolution calling on the "
            "president to resign. The resolution said that the economy was collapsing.")
    doc = code(text, [("The Peruvian Congress", _congress())])
    assert [q.cue for q in doc.quotes] == ["calling", "said"]
    assert doc.quotes[1].speaker is doc.quotes[0].speaker is not None


def test_a_document_of_another_kind_does_not_take_that_issuer(code):
    text = ("The Peruvian Congress met on Monday to vote for a resolution calling on the "
            "president to resign. A statement said that the economy was collapsing.")
    doc = code(text, [("The Peruvian Congress", _congress())])
    assert [(q.cue, q.speaker_text) for q in doc.quotes] == [("calling", "a resolution"),
                                                             ("said", "A statement")]
    assert doc.quotes[0].speaker is not None and doc.quotes[1].speaker is None


# ---------------------------------------------------------------- reported speech without a clause


def test_cue_set_off_by_commas_reports_the_clause_around_it(code):
    q = _only(code("The new bridge, the mayor said, will open to traffic in the spring."))
    assert (q.kind, q.cue, q.speaker_text) == ("indirect", "said", "the mayor")
    assert q.text == "The new bridge, the mayor said, will open to traffic in the spring"


def test_cue_set_off_by_commas_keeps_the_clause_after_it(code):
    text = "Farm incomes have fallen sharply, the minister said, because export prices collapsed."
    q = _only(code(text))
    assert q.speaker_text == "the minister"
    assert q.text.startswith("Farm incomes have fallen sharply") and q.text.endswith("collapsed")


def test_object_of_a_reporting_verb_is_its_content(code):
    q = _only(code("The senator acknowledged the weakness of her campaign."))
    assert (q.kind, q.cue, q.speaker_text, q.text) == (
        "indirect", "acknowledged", "The senator", "the weakness of her campaign")


def test_object_of_other_cue_verbs_is_no_report(code):
    # 'add' and 'confirm' are cues for clauses, but their objects are things, not statements
    assert code("The storm added fuel to the debate over the levees.").quotes == []
    assert code("Voters must confirm their address before the election.").quotes == []
    assert code("The governor claimed victory in the primary on Tuesday.").quotes == []
    assert code("The mayor pledged his support to the new candidate.").quotes == []


def test_addressee_is_no_content_but_a_predicate_on_it_is(code):
    assert code("The governor told reporters about the flood.").quotes == []
    q = _only(code("The union called the offer an insult to the workers."))
    assert (q.cue, q.speaker_text, q.text) == ("called", "The union",
                                               "the offer an insult to the workers")


def test_commitment_infinitive_is_the_content(code):
    q = _only(code("The company pledged to clean up the river by next year."))
    assert (q.cue, q.speaker_text, q.text) == ("pledged", "The company",
                                               "to clean up the river by next year")


def test_call_for_reports_the_object_of_for(code):
    q = _only(code("The teachers' union called for a freeze on new charter schools."))
    assert (q.cue, q.speaker_text, q.text) == ("called", "The teachers' union",
                                               "a freeze on new charter schools")


def test_objverbs_and_verbpreps_are_verb_cues():
    cues = load_cues()
    assert cues.objverbs and cues.objverbs <= cues.verbs
    assert cues.toverbs and cues.toverbs <= cues.verbs
    assert cues.verbpreps and {v for v, _ in cues.verbpreps} <= cues.verbs


def test_finding_verbs_report_a_finite_clause(code):
    q = _only(code("A new survey shows that most farmers oppose the tariff."))
    assert (q.kind, q.cue, q.speaker_text, q.text) == (
        "indirect", "shows", "A new survey", "most farmers oppose the tariff")
    q = _only(code("The audit found the agency had lost track of the funds."))
    assert (q.cue, q.speaker_text, q.text) == ("found", "The audit",
                                               "the agency had lost track of the funds")


def test_finding_verbs_without_a_finite_clause_report_nothing(code):
    assert code("Many voters find it hard to follow the debate.").quotes == []
    assert code("The photos show a crowd outside the court.").quotes == []


def test_finding_verbs_are_no_cues_for_quotation_marks():
    cues = load_cues()
    assert {"show", "find"} <= cues.clauseverbs
    assert not cues.clauseverbs & cues.verbs


def test_quote_signed_with_a_dash_and_a_name(code):
    text = ("“The new road has cut my commute in half.” ― Maria Lopez\n"
            "“Nobody asked us before they closed the clinic.” — Tom Baker, a farmer\n\n"
            "The council met on Monday.")
    quotes = code(text).quotes
    assert [(q.kind, q.speaker_text, q.text) for q in quotes] == [
        ("direct", "Maria Lopez", "The new road has cut my commute in half."),
        ("direct", "Tom Baker", "Nobody asked us before they closed the clinic.")]


def test_dash_after_a_title_is_no_signature(code):
    assert code("“Brave New World” – A Novel.\n\nHe left.").quotes == []
