"""The time stage: one written sentence per anchoring rule, with exact TIMEX3 values."""
from __future__ import annotations

import re
from datetime import date

import pytest

from tidings.records import Article, Document, Event, Evidence
from tidings.timex import attach_event_dates, find_timexes, holiday_date, load_lexicon

PUB = "2020-01-10"          # a Friday


@pytest.fixture(scope="module")
def tx(nlp):
    """text, published -> {timex text: (value, granularity)} using the spaCy parse for tense."""
    def run(text: str, published: str | None = PUB) -> dict[str, tuple[str, str]]:
        return {t.text: (t.value, t.granularity) for t in find_timexes(text, published, nlp(text))}
    return run


# ---------------------------------------------------------------- weekdays

def test_weekday_past_is_on_or_before_publication(tx):
    assert tx("The minister resigned on Thursday.")["Thursday"] == ("2020-01-09", "day")
    assert tx("Protesters marched through the capital on Friday.")["Friday"] == ("2020-01-10", "day")
    assert tx("Rebels shelled the town on Saturday.")["Saturday"] == ("2020-01-04", "day")


def test_weekday_future_clause_is_the_next_one(tx):
    assert tx("The council will vote on Tuesday.")["Tuesday"] == ("2020-01-14", "day")
    assert tx("The envoy is due to arrive on Monday.")["Monday"] == ("2020-01-13", "day")


def test_could_not_and_overtaken_plans_are_not_future(tx):
    # "could not be reached/located": a past failure, not a coming event
    assert tx("The mayor could not be reached on Wednesday.")["Wednesday"] == ("2020-01-08", "day")
    assert tx("Neither the mayor nor his aides could be located Wednesday.")["Wednesday"] == ("2020-01-08", "day")
    assert tx("Rain could fall on Wednesday.")["Wednesday"] == ("2020-01-15", "day")
    # a plan in the past perfect has been overtaken: the nearest day, not the next one
    assert tx("The ceasefire had been due to expire on Thursday.")["Thursday"] == ("2020-01-09", "day")
    assert tx("The offer had been set to expire on Jan. 14.")["Jan. 14"] == ("2020-01-14", "day")
    assert tx("The offer is set to expire on Thursday.")["Thursday"] == ("2020-01-16", "day")


def test_deadline_weekday_in_the_past_perfect_is_gone_by(tx):
    # "until/by" + weekday is a coming deadline, unless the clause tells it in the past perfect
    assert tx("Until Thursday, the police had not named a suspect.")["Thursday"] == ("2020-01-09", "day")
    assert tx("Twelve states had sent their reports by Wednesday.")["Wednesday"] == ("2020-01-08", "day")
    assert tx("The states must send their reports by Wednesday.")["Wednesday"] == ("2020-01-15", "day")


def test_weekday_with_last_and_next(tx):
    assert tx("He spoke last Friday.")["last Friday"] == ("2020-01-03", "day")
    assert tx("They meet next Wednesday.")["next Wednesday"] == ("2020-01-15", "day")


def test_weekday_with_part_of_day_is_a_time(tx):
    assert tx("Shots were fired on Wednesday night.")["Wednesday night"] == ("2020-01-08TNI", "time")


# ---------------------------------------------------------------- month and day

def test_month_day_past_tense_takes_the_nearest_past_year(tx):
    assert tx("Rebels seized the town on December 28.")["December 28"] == ("2019-12-28", "day")
    assert tx("Talks collapsed on March 3.")["March 3"] == ("2019-03-03", "day")


def test_month_day_future_tense_takes_the_nearest_future_year(tx):
    assert tx("Elections will be held on March 3.")["March 3"] == ("2020-03-03", "day")


def test_month_day_after_since_a_participle_or_a_progressive(tx):
    pub = "2020-02-10"
    # "since" points back, even from a present-perfect clause
    assert tx("Prices are at their highest level since June 1.", pub)["June 1"] == ("2019-06-01", "day")
    # a reduced relative in the past participle tells of something done: "the year ended March 31"
    assert tx("The mill earned $5 million in the year ended Aug. 31.", pub)["Aug. 31"] == ("2019-08-31", "day")
    assert tx("The index ended near its record high set on Aug. 6.", pub)["Aug. 6"] == ("2019-08-06", "day")
    assert tx("The summit planned for Aug. 6 was welcomed.", pub)["Aug. 6"] == ("2020-08-06", "day")
    # a progressive is present, whatever verb governs it: the nearest date
    assert tx("The bank said it is calling for redemption on Dec. 7 of all its notes.", "2019-11-30")["Dec. 7"] \
        == ("2019-12-07", "day")


def test_month_day_with_last_or_next(tx):
    assert tx("He was shot last Oct. 23 at his home.")["last Oct. 23"] == ("2019-10-23", "day")
    assert tx("The mayor said the vote is next March 3.")["next March 3"] == ("2020-03-03", "day")


def test_month_day_in_a_purpose_infinitive_is_not_told_in_the_main_verb_tense(tx):
    # "invited ... to mark it on Feb. 2": the marking comes after the inviting, so the past tense
    # of "invited" does not send the day a year back; the nearest Feb. 2 is the coming one
    text = "The president invited the envoys to a dinner on Feb. 2 to mark the treaty."
    assert tx(text)["Feb. 2"] == ("2020-02-02", "day")
    text = "The president invited the envoys to Paris to mark the treaty on Feb. 2."
    assert tx(text)["Feb. 2"] == ("2020-02-02", "day")
    assert tx("The envoys marked the treaty on Feb. 2.")["Feb. 2"] == ("2019-02-02", "day")


def test_month_day_under_a_noun_takes_the_nearest_year(tx):
    # "the January 7 attack": the verb's tense does not govern the date
    assert tx("Iran denied any role in the January 7 attack.")["January 7"] == ("2020-01-07", "day")


def test_bare_month_by_tense(tx):
    assert tx("The sanctions waiver will expire in February.")["February"] == ("2020-02", "month")
    assert tx("The waiver is due to expire in February.")["February"] == ("2020-02", "month")
    assert tx("The ceasefire collapsed in February.")["February"] == ("2019-02", "month")


def test_lowercase_may_and_march_are_not_months(tx):
    found = tx("Officials may march to the border, he said in May.")
    assert "may" not in found and "march" not in found
    assert found["May"] == ("2019-05", "month")


# ---------------------------------------------------------------- relative expressions

@pytest.mark.parametrize("sentence, text, value, gran", [
    ("The US imposed new sanctions this week.", "this week", "2020-W02", "week"),
    ("Troops withdrew last month.", "last month", "2019-12", "month"),
    ("Parliament voted earlier this year.", "earlier this year", "2020", "year"),
    ("The summit will be held next year.", "next year", "2021", "year"),
    ("The embassy was attacked yesterday.", "yesterday", "2020-01-09", "day"),
    ("The president speaks today.", "today", "2020-01-10", "day"),
    ("Leaders will meet tonight.", "tonight", "2020-01-10TNI", "time"),
    ("The border is now closed.", "now", "PRESENT_REF", "reference"),
    ("Militias recently moved north.", "recently", "PAST_REF", "reference"),
    ("The convoy left two days ago.", "two days ago", "2020-01-08", "day"),
    ("Ten raids took place in the past week.", "the past week", "2020-W02", "week"),
    ("Fighting flared three months ago.", "three months ago", "2019-10", "month"),
    ("They protested over the weekend.", "the weekend", "2020-W01-WE", "week"),
])
def test_relative_expressions(tx, sentence, text, value, gran):
    assert tx(sentence)[text] == (value, gran)


# ---------------------------------------------------------------- explicit dates

@pytest.mark.parametrize("sentence, text, value, gran", [
    ("It began on 10 January 2020.", "10 January 2020", "2020-01-10", "day"),
    ("It began on Jan. 10, 2020.", "Jan. 10, 2020", "2020-01-10", "day"),
    ("It began on 2020-01-10.", "2020-01-10", "2020-01-10", "day"),
    ("The war began in 2003.", "2003", "2003", "year"),
    ("It was signed in March 1996.", "March 1996", "1996-03", "month"),
    ("It was signed on Thursday, January 9, 2020.", "Thursday, January 9, 2020", "2020-01-09", "day"),
    ("Talks resumed at 2:30 p.m.", "2:30 p.m.", "2020-01-10T14:30", "time"),
])
def test_explicit_dates(tx, sentence, text, value, gran):
    assert tx(sentence)[text] == (value, gran)


def test_numbers_that_are_not_years(tx):
    found = tx("Resolution 2334 cost $1,995 and 2000 troops were sent.")
    assert "2334" not in found and "1,995" not in found


# ---------------------------------------------------------------- ranges, durations, decades, quarters, seasons

def test_range_is_kept_as_start_and_end_years():
    ts = find_timexes("The army occupied the region from 2003 until 2011.", PUB)
    assert [(t.text, t.value, t.granularity, t.rule) for t in ts] == [
        ("2003", "2003", "year", "range-start"), ("2011", "2011", "year", "range-end")]
    ts = find_timexes("Output fell in 1990-91.", PUB)
    assert [(t.value, t.rule) for t in ts] == [("1990", "range-start"), ("1991", "range-end")]


@pytest.mark.parametrize("sentence, text, value", [
    ("The siege lasted three days.", "three days", "P3D"),
    ("They agreed a two-year truce.", "two-year", "P2Y"),
    ("Talks went on for 18 months.", "18 months", "P18M"),
    ("It was the worst drought of the past five years.", "the past five years", "P5Y"),
])
def test_durations_stay_durations(tx, sentence, text, value):
    found = {t.text: t for t in find_timexes(sentence, PUB)}
    assert (found[text].type, found[text].value, found[text].granularity) == ("DURATION", value, "duration")


def test_decades(tx):
    assert tx("Sanctions were imposed in the 1990s.")["the 1990s"] == ("199X", "decade")
    assert tx("It dates from the late 1970s.")["the late 1970s"] == ("197X", "decade")


def test_quarters(tx):
    assert tx("Exports rose in the first quarter of 2020.")["the first quarter of 2020"] == ("2020-Q1", "quarter")
    assert tx("Third-quarter profits fell.", "2019-11-05")["Third-quarter"] == ("2019-Q3", "quarter")
    assert tx("Sales dropped in the fourth quarter.", "2020-02-10")["the fourth quarter"] == ("2019-Q4", "quarter")


def test_year_ago_follows_the_period_last_named(tx):
    text = ("The mill reported a third-quarter loss of $4 million, against a profit of $2 million a "
            "year earlier. For the nine months, it lost $9 million, compared with a profit of "
            "$5 million in the 2018 period. The year-ago results included a gain.")
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-11-05", None)]
    assert ts[:2] == [("third-quarter", "2019-Q3"), ("a year earlier", "2018-Q3")]
    assert ("the 2018 period", "2018") in ts        # after "the nine months": a year, not a quarter
    assert ("The year-ago", "2018") in ts


def test_year_ago_keeps_the_quarter_across_a_long_paragraph(tx):
    filler = ("The chief executive said the company had cut costs at its plants in Ohio and Texas, "
              "closed two warehouses, sold a trucking unit to a rival and renegotiated its debt with "
              "a group of banks led by a regional lender, steps that analysts had long urged. ") * 2
    text = "The maker posted a third-quarter profit of $3 million.\n\n" + filler + "\n\nSales fell from a year earlier."
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-11-05", None)]
    assert ("a year earlier", "2018-Q3") in ts


def test_last_year_in_a_quarterly_comparison_is_the_year_ago_quarter(tx):
    text = ("The insurer's third-quarter profit fell. Its life unit earned $24 million, compared with "
            "a loss of $3 million last year. Last year's results included a charge. Last year, it "
            "also sold a bank.")
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-11-05", None)]
    assert ts.count(("last year", "2018-Q3")) == 1 and ("Last year", "2018-Q3") in ts
    assert ("Last year", "2018") in ts                   # not a comparison: the year
    # a comparison of whole years stays a year
    text = ("Its third-quarter loss widened. Analysts expect earnings of $4 a share for this year, "
            "up from last year's $3.27.")
    assert ("last year", "2018") in [(t.text, t.value) for t in find_timexes(text, "2019-11-05", None)]


def test_the_latest_period_is_the_reported_quarter_under_discussion(tx):
    text = "The steelmaker posted a profit for the fiscal second quarter. The latest period included a gain."
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-10-26", None)]
    assert ("The latest period", "2019-Q2") in ts
    # a quarter still running cannot be the latest reported one
    text = "Its fourth-quarter results will suffer. In the latest quarter, profit rose."
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-10-30", None)]
    assert ("the latest quarter", "2019-Q3") in ts


def test_a_compared_period_does_not_change_the_quarter_under_discussion(tx):
    text = ("Sales rose in the fiscal first quarter, above the 2018 period. Costs fell in the quarter.")
    found = tx(text, "2019-10-20")
    assert found["the 2018 period"] == ("2018-Q1", "quarter")
    assert found["the quarter"] == ("2019-Q1", "quarter")


def test_a_quarter_named_in_passing_does_not_replace_the_one_under_discussion(tx):
    text = ("The brewer's third-quarter profit rose 8%. After a weak second quarter, sales recovered. "
            "The company expects a fourth-quarter charge. Costs fell from a year earlier.")
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-11-05", None)]
    assert ("second quarter", "2019-Q2") in ts and ("fourth-quarter", "2019-Q4") in ts
    assert ("a year earlier", "2018-Q3") in ts
    # the first quarter named sets the discussion even when indefinite
    ts = [(t.text, t.value) for t in find_timexes("It posted a third-quarter loss, against a profit a year earlier.",
                                                  "2019-11-05", None)]
    assert ("a year earlier", "2018-Q3") in ts


def test_halves_of_a_year(tx):
    assert tx("Output fell in the first half of 2019.")["the first half of 2019"] == ("2019-H1", "quarter")
    assert tx("Profits will recover in the second half of this year.")["the second half of this year"] == (
        "2020-H2", "quarter")
    assert tx("Sales slowed through the first two quarters of 2018.")["the first two quarters of 2018"] == (
        "2018-H1", "quarter")
    assert tx("Costs rose in the last half of fiscal 2017.")["the last half of fiscal 2017"] == ("2017-H2", "quarter")


def test_that_quarter_is_the_quarter_under_discussion(tx):
    text = "The refiner posted a loss for the third quarter. Results for that quarter included a charge."
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-11-05", None)]
    assert ("that quarter", "2019-Q3") in ts


def test_one_day_after_a_modal_or_subject_is_some_day(tx):
    assert tx("The party will one day govern alone.")["one day"] == ("FUTURE_REF", "reference")
    assert tx("She hopes she one day returns home.")["one day"] == ("FUTURE_REF", "reference")
    assert tx("The strike lasted one day.")["one day"] == ("P1D", "duration")
    assert tx("He was in office for one day.")["one day"] == ("P1D", "duration")


def test_then_current_is_a_past_reference(tx):
    found = tx("Holders could buy shares at half the then current price.")
    assert found["then current"] == ("PAST_REF", "reference")
    assert tx("The then-current rules applied.")["then-current"] == ("PAST_REF", "reference")
    assert tx("The current rules apply.")["current"] == ("PRESENT_REF", "reference")


def test_seasons(tx):
    assert tx("The offensive began last summer.")["last summer"] == ("2019-SU", "season")
    assert tx("Talks resume this spring.")["this spring"] == ("2020-SP", "season")
    assert tx("Fighting peaked in the summer of 2014.")["the summer of 2014"] == ("2014-SU", "season")


def test_holidays():
    assert holiday_date("nth:11:4:4", 2019) == date(2019, 11, 28)     # Thanksgiving
    assert holiday_date("easter:0", 2020) == date(2020, 4, 12)
    ts = {t.text: t.value for t in find_timexes("Shops closed at Christmas.", PUB)}
    assert ts["Christmas"] == "2019-12-25"


# ---------------------------------------------------------------- no publication date

def test_without_published_absolute_dates_resolve_relative_ones_are_references(tx):
    found = tx("On January 7 rebels attacked; the war began in 2003 and talks ended on 10 January 2020.", None)
    assert found["January 7"] == ("XXXX-01-07", "day")
    assert found["2003"] == ("2003", "year")
    assert found["10 January 2020"] == ("2020-01-10", "day")
    assert tx("The envoy arrived on Friday.", None)["Friday"] == ("PAST_REF", "reference")
    assert tx("The envoy will arrive on Friday.", None)["Friday"] == ("FUTURE_REF", "reference")
    assert tx("Prices rose this week.", None)["this week"] == ("PRESENT_REF", "reference")
    assert tx("Prices rose yesterday.", None)["yesterday"] == ("PAST_REF", "reference")


def test_without_parse_future_comes_from_a_look_back():
    ts = {t.text: t.value for t in find_timexes("The council will vote on Tuesday.", PUB)}
    assert ts["Tuesday"] == "2020-01-14"


# ---------------------------------------------------------------- lexicon integrity

def test_lexicons_are_complete_and_well_formed():
    lx = load_lexicon()
    assert sorted(set(lx.months.values())) == list(range(1, 13))
    assert sorted(lx.weekdays.values()) == list(range(1, 8))
    assert {code for code, _ in lx.seasons.values()} == {"SP", "SU", "FA", "WI"}
    assert set(lx.references.values()) <= {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
    assert all(re.fullmatch(r"PT?\d+[DWMYH]", v) for v in lx.sets.values())
    assert all(v == "X" or v.isdigit() for v in lx.numbers.values())
    assert set(lx.parts_of_day.values()) <= {"TMO", "TAF", "TEV", "TNI"}
    assert all(part is None or part in {"TMO", "TAF", "TEV", "TNI"} for _, part in lx.relative_days.values())
    for name, rule in lx.holidays.items():
        assert holiday_date(rule, 2021) is not None, name
    assert lx.sequence_words and all(w == w.lower() and " " not in w for w in lx.sequence_words)


# ---------------------------------------------------------------- event dates

def _doc(nlp, text: str, published: str | None, triggers: list[str]) -> Document:
    sdoc = nlp(text)
    doc = Document(article=Article(text=text, published=published), doc=sdoc)
    sents = list(sdoc.sents)
    for word in triggers:
        s = text.index(word)
        k = next(i for i, se in enumerate(sents) if se.start_char <= s < se.end_char)
        doc.events.append(Event(article_id="a", type="ASSAULT",
                                evidence=Evidence(sents[k].start_char, sents[k].end_char, sents[k].text),
                                trigger=Evidence(s, s + len(word), word), sentence=k))
    doc.timexes = find_timexes(text, published, sdoc)
    attach_event_dates(doc)
    return doc


def test_event_takes_the_timex_of_its_own_clause(nlp):
    doc = _doc(nlp, "The US imposed sanctions on Iran on Thursday, and Iran will respond next week.",
               PUB, ["imposed", "respond"])
    got = [(e.date, e.date_granularity, e.date_source) for e in doc.events]
    assert got == [("2020-01-09", "day", "text"), ("2020-W03", "week", "text")]


def test_event_without_timex_takes_publication_date_or_none(nlp):
    doc = _doc(nlp, "Iraq condemned the strike.", PUB, ["condemned"])
    assert (doc.events[0].date, doc.events[0].date_granularity, doc.events[0].date_source) == (
        PUB, "day", "published")
    doc = _doc(nlp, "Iraq condemned the strike.", None, ["condemned"])
    assert (doc.events[0].date, doc.events[0].date_granularity, doc.events[0].date_source) == (None, None, None)


def test_event_range_gives_its_start_and_duration_gives_nothing(nlp):
    doc = _doc(nlp, "The US occupied Iraq from 2003 until 2011.", PUB, ["occupied"])
    assert (doc.events[0].date, doc.events[0].date_granularity) == ("2003", "year")
    doc = _doc(nlp, "Rebels besieged the city for three days.", PUB, ["besieged"])
    assert doc.events[0].date_source == "published"


def test_event_ignores_a_timex_of_another_verbs_clause(nlp):
    doc = _doc(nlp, "Iran condemned the strike that killed the general on Wednesday.", PUB,
               ["condemned", "killed"])
    assert [e.date for e in doc.events] == [PUB, "2020-01-08"]
    assert [e.date_source for e in doc.events] == ["published", "text"]


def test_non_defining_relative_clause_takes_the_date_of_the_clause_it_continues(nlp):
    # hung on the verb's object, after a comma: the narrative goes on
    doc = _doc(nlp, "The minister met the envoy on Tuesday, who promised more aid.", PUB, ["met", "promised"])
    assert [(e.date, e.date_source) for e in doc.events] == [("2020-01-07", "text"), ("2020-01-07", "text")]
    doc = _doc(nlp, "On Monday the army shelled the town, which killed six civilians.", PUB, ["shelled", "killed"])
    assert [e.date for e in doc.events] == ["2020-01-06", "2020-01-06"]
    # the parser hangs the clause on the day itself ("on Wednesday, who agreed")
    doc = _doc(nlp, "The premier talked with the Turkish envoy by phone on Wednesday, who agreed that "
               "talks should resume.", PUB, ["talked", "agreed"])
    assert [(e.date, e.date_source) for e in doc.events] == [("2020-01-08", "text"), ("2020-01-08", "text")]


def test_relative_clause_that_may_tell_of_another_time_keeps_the_publication_date(nlp):
    # a past perfect goes back before the clause it hangs on
    doc = _doc(nlp, "Police arrested a man on Tuesday, who had attacked the embassy.", PUB, ["attacked"])
    assert (doc.events[0].date, doc.events[0].date_source) == (PUB, "published")
    # a clause told before its host's verb is background
    doc = _doc(nlp, "The envoy, who criticised the plan, met the president on Tuesday.", PUB, ["criticised"])
    assert (doc.events[0].date, doc.events[0].date_source) == (PUB, "published")
    # another tense: the day of the meeting is not the day of the signing
    doc = _doc(nlp, "The minister met the envoy on Tuesday, who says he will sign the accord.", PUB, ["sign"])
    assert (doc.events[0].date, doc.events[0].date_source) == (PUB, "published")
    # its own time wins
    doc = _doc(nlp, "The envoy, who arrived on Sunday, met the president on Tuesday.", PUB, ["arrived", "met"])
    assert [e.date for e in doc.events] == ["2020-01-05", "2020-01-07"]


def _narrative(nlp, text: str, events: list[tuple[str, str | None, str | None]],
               published: str | None = PUB) -> Document:
    """Events given as (trigger word, source code, target code); each word's first occurrence."""
    from tidings.records import Actor
    sdoc = nlp(text)
    doc = Document(article=Article(text=text, published=published), doc=sdoc)
    sents = list(sdoc.sents)
    for word, src, tgt in events:
        s = text.index(word)
        k = next(i for i, se in enumerate(sents) if se.start_char <= s < se.end_char)
        doc.events.append(Event(article_id="a", type="CONSULT",
                                evidence=Evidence(sents[k].start_char, sents[k].end_char, sents[k].text),
                                trigger=Evidence(s, s + len(word), word), sentence=k,
                                source=Actor(text=src, code=src) if src else None,
                                target=Actor(text=tgt, code=tgt) if tgt else None))
    doc.timexes = find_timexes(text, published, sdoc)
    attach_event_dates(doc)
    return doc


def test_simple_past_sentence_continues_the_dated_sentence_before_it(nlp):
    doc = _narrative(nlp, "The foreign minister spoke with the Turkish envoy on Tuesday. The minister "
                     "asked him to reopen the border crossing.",
                     [("spoke", "JORGOV", "TURGOV"), ("asked", "JORGOV", "TURGOV")])
    got = [(e.date, e.date_source, e.date_rule) for e in doc.events]
    assert got == [("2020-01-07", "text", None), ("2020-01-07", "text", "continues-previous-sentence")]
    assert doc.events[1].to_dict()["date_rule"] == "continues-previous-sentence"
    assert "date_rule" not in doc.events[0].to_dict()


def test_narrative_date_passes_over_a_date_on_another_noun(nlp):
    doc = _narrative(nlp, "The foreign minister spoke with the Turkish envoy on Tuesday. The minister "
                     "asked him to honour the accord signed on Sunday.",
                     [("spoke", "JORGOV", "TURGOV"), ("asked", "JORGOV", "TURGOV")])
    assert [e.date for e in doc.events] == ["2020-01-07", "2020-01-07"]


def test_narrative_date_is_not_carried_when_the_story_moves_on(nlp):
    two = "The foreign minister spoke with the Turkish envoy on Tuesday."
    # another paragraph
    doc = _narrative(nlp, two + "\n\nThe minister asked him to reopen the border crossing.",
                     [("spoke", "JORGOV", "TURGOV"), ("asked", "JORGOV", "TURGOV")])
    assert doc.events[1].date_source == "published"
    # no participant in common
    doc = _narrative(nlp, two + " Rebels attacked a police post in the south.",
                     [("spoke", "JORGOV", "TURGOV"), ("attacked", "SYRREB", "SYRCOP")])
    assert doc.events[1].date_source == "published"
    # a perfect, a present, a future: not the same moment of the story
    for second, word in (("The minister has asked him to reopen the crossing.", "asked"),
                         ("The minister wants him to reopen the crossing.", "wants"),
                         ("The minister will ask him to reopen the crossing.", "ask")):
        doc = _narrative(nlp, two + " " + second, [("spoke", "JORGOV", "TURGOV"), (word, "JORGOV", "TURGOV")])
        assert doc.events[1].date_source == "published", second
    # a time expression of its own, even one that dates nothing, or a word that moves on
    for second in ("Now the minister asked him to reopen the crossing.",
                   "Later the minister asked him to reopen the crossing."):
        doc = _narrative(nlp, two + " " + second, [("spoke", "JORGOV", "TURGOV"), ("asked", "JORGOV", "TURGOV")])
        assert doc.events[1].date != "2020-01-07", second


def test_narrative_date_needs_one_agreed_date_before_it(nlp):
    doc = _narrative(nlp, "The minister met the envoy on Tuesday and spoke with the king on Wednesday. "
                     "The minister asked them to reopen the crossing.",
                     [("met", "JORGOV", "TURGOV"), ("spoke", "JORGOV", "JORROY"), ("asked", "JORGOV", "TURGOV")])
    assert [e.date for e in doc.events[:2]] == ["2020-01-07", "2020-01-08"]
    assert doc.events[2].date_source == "published"


# ---------------------------------------------------------------- the seed article

def _check_seed_timexes(timexes: list) -> None:
    found: dict[str, list[tuple[str, str]]] = {}
    for t in timexes:
        found.setdefault(t.text, []).append((t.value, t.granularity))
    assert set(found["Friday"]) == {("2020-01-10", "day")}
    assert set(found["Thursday"]) == {("2020-01-09", "day")}
    assert set(found["Wednesday"]) == {("2020-01-08", "day")}
    assert set(found["Sunday"]) == {("2020-01-05", "day")}
    assert found["January 7"] == [("2020-01-07", "day")]
    assert found["January 3"] == [("2020-01-03", "day")]
    assert found["this week"] == [("2020-W02", "week")]
    assert found["February"] == [("2020-02", "month")]
    rng = [(t.text, t.rule) for t in timexes if t.rule in ("range-start", "range-end")]
    assert rng == [("2003", "range-start"), ("2011", "range-end")]


def test_seed_article_timexes(seed_doc):
    """Through the whole pipeline (the shared fixture)."""
    _check_seed_timexes(seed_doc.timexes)
    assert all(e.date_source in ("text", "published") for e in seed_doc.events)


def test_seed_article_timexes_time_stage_only(shared, nlp):
    """The same checks with only the parse and this stage, so other stages cannot mask them."""
    from tidings.read import ReadOptions, iter_articles
    art = next(iter(iter_articles([str(shared / "seed" / "rudaw-2020-01-10.txt")],
                                  ReadOptions(published="2020-01-10"))))
    _check_seed_timexes(find_timexes(art.text, art.published, nlp(art.text)))


# ---------------------------------------------------------------- compounds and anaphora

def test_clock_time_and_its_day_are_one_time():
    ts = find_timexes("The deadline was extended until 9 a.m. EST Tuesday.", PUB)
    assert [(t.text, t.type, t.value, t.granularity) for t in ts] == [
        ("9 a.m. EST Tuesday", "TIME", "2020-01-14T09:00", "time")]
    ts = find_timexes("Guards opened fire on Wednesday at 10 p.m.", PUB)
    assert [(t.text, t.value) for t in ts] == [("Wednesday at 10 p.m.", "2020-01-08T22:00")]


def test_anaphoric_year_follows_the_last_written_date():
    ts = {t.text: t.value for t in find_timexes(
        "He was promoted on May 22, 1995, and the following year he left.", PUB)}
    assert ts["the following year"] == "1996"


def test_anaphoric_month_follows_a_resolved_month(tx):
    found = tx("In October, the board hired a new chief. The following month, the company was sold.")
    assert found["October"] == ("2019-10", "month")
    assert found["The following month"] == ("2019-11", "month")


def test_year_end_is_the_last_day_of_the_year(tx):
    assert tx("The merger should close by year-end.")["year-end"] == ("2020-12-31", "day")
    assert tx("New rules should be in place by year's end.")["year's end"] == ("2020-12-31", "day")


def test_an_ordinal_quarter_followed_by_of_an_amount_is_a_date(tx):
    found = tx("The bank posted a loss for the third quarter of $226 million.", "2019-11-05")
    assert found["the third quarter"] == ("2019-Q3", "quarter")
    found = tx("It reported net income for the fiscal second-quarter of $8 million.", "2019-11-05")
    assert found["the fiscal second-quarter"] == ("2019-Q2", "quarter")


def test_not_time_expressions(tx):
    found = tx("The Communist Party daily Granma said Iraq imports three-quarters of its food.")
    assert found == {}
    assert tx("Protests continue almost daily.")["daily"] == ("P1D", "duration")


def test_event_ignores_a_timex_that_modifies_another_noun(nlp):
    doc = _doc(nlp, "Washington repeated its condemnation of the January 7 missile launch.", PUB,
               ["condemnation", "launch"])
    assert [(e.date, e.date_source) for e in doc.events] == [(PUB, "published"), ("2020-01-07", "text")]


def test_two_digit_slash_year_takes_the_century_nearest_publication(tx):
    assert tx("The election is set for 12/31/98.", "1999-10-20")["12/31/98"] == ("1998-12-31", "day")
    assert tx("The note was dated 12/31/98.", "2001-03-02")["12/31/98"] == ("1998-12-31", "day")
    assert tx("The vote is set for 1/5/02.", "2001-11-20")["1/5/02"] == ("2002-01-05", "day")


def test_since_above_the_date_makes_it_past(tx):
    # the date hangs from a noun inside "since ... after": a point gone by, whatever the verb
    text = "Police have been searching for him since shortly after the Oct. 23 shooting."
    assert tx(text, "2020-05-06")["Oct. 23"] == ("2019-10-23", "day")


def test_slash_dates_decade_apostrophes_and_ordinal_second(tx):
    found = tx("The deal, signed 7/8/07, recalled the ’80s; it was a second round.", "2008-02-13")
    assert found["7/8/07"] == ("2007-07-08", "day")
    assert found["the ’80s"] == ("198X", "decade")
    assert "a second" not in found


def test_a_forecast_quarter_does_not_replace_the_reported_one(tx):
    text = ("The steelmaker's third-quarter profit fell. Analysts think it will lose money through "
            "the third quarter of 2020. In the year-ago period, it earned $100 million.")
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-10-26", None)]
    assert ("the third quarter of 2020", "2020-Q3") in ts
    assert ("the year-ago period", "2018-Q3") in ts


def test_words_that_continue_a_name_are_not_dates(tx):
    assert "1980" not in tx("He founded a venture called Orion 1980 in Budapest.")
    assert "Today" not in tx("This report was for VOA Today.")
    assert "Noon" not in tx("The poster showed a scene from the film High Noon.")
    assert "March" not in tx("Mothers led the March of the Combatant Mothers in Havana.")
    # but a sentence may open with them, and a month may be "of" a year
    assert tx("Today, rebels fired on the town.")["Today"] == ("2020-01-10", "day")
    assert tx("Prices rose in March of last year.")["March of last year"] == ("2019-03", "month")
    assert tx("They met in Geneva in 1980.")["1980"] == ("1980", "year")
    assert tx("Sales in Fiscal 1989 rose.")["Fiscal 1989"] == ("1989", "year")


def test_the_quarter_a_year_ago_is_one_expression(tx):
    text = "The bank lost money in the third quarter. For the quarter a year ago, it earned $16 million."
    ts = [(t.text, t.value) for t in find_timexes(text, "2019-10-26", None)]
    assert ("the quarter a year ago", "2018-Q3") in ts and len(ts) == 2


def test_reference_phrases(tx):
    assert tx("Rates should stay low in the short term.")["the short term"] == ("FUTURE_REF", "reference")
    assert tx("The talks will resume at a later date.")["a later date"] == ("FUTURE_REF", "reference")
    assert tx("Margins should widen in coming quarters.")["coming quarters"] == ("FUTURE_REF", "reference")
    assert tx("Sales fell, unlike in past years.")["past years"] == ("PAST_REF", "reference")
    # "the future of X" is X's fate, not a time
    assert "the future" not in tx("Trade is vital to the future of both nations.")
    assert tx("Prices may rise in the future.")["the future"] == ("FUTURE_REF", "reference")


def test_us_election_day():
    assert holiday_date("onafter:11-02:2", 1998) == date(1998, 11, 3)    # Tuesday after the first Monday
    assert holiday_date("onafter:11-02:2", 2020) == date(2020, 11, 3)
    assert holiday_date("onafter:11-02:2", 2021) == date(2021, 11, 2)
    ts = {t.text: t.value for t in find_timexes("The campaign runs until Election Day.", "2020-10-20")}
    assert ts["Election Day"] == "2020-11-03"
