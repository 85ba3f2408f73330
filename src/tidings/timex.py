"""The time stage: find time expressions and resolve them against the publication date.

An event that cannot be dated cannot be counted in a time series, so this stage does two jobs:

1. **Timexes.**  Precompiled regular expressions built from the lexicons in ``data/time/*.tsv``
   find candidate expressions; overlapping candidates are settled longest-first; each survivor is
   normalised to a TIMEX3 value (``2020-01-10``, ``2020-W02``, ``2020-Q1``, ``2020-SU``, ``199X``,
   ``PAST_REF``, ``P3D``, ``2020-01-10T14:30``) with its granularity (record contract).
2. **Event dates.**  Every event in ``doc.events`` gets the date of the timex attached to its clause,
   else the publication date (``date_source: "published"``), else None.

Anchoring rules (ours; each has a test in ``tests/test_timex.py``):

- a weekday is the most recent such day on or before publication; in a future-tense clause it is
  the next one on or after publication; ``last``/``next``/``this`` + weekday are explicit;
  "until/by/as soon as" + weekday is a coming day, unless the clause is in the past perfect
  ("had filed reports by Wednesday");
- a month-day without a year takes the year putting it nearest before publication in a past-tense
  clause, nearest after it in a future-tense clause, and simply the nearest otherwise; a bare month
  ("in February") likewise, at month granularity.  When the date hangs from a noun, an adjective
  or a deadline preposition ("the January 7 launch", "payable Dec. 7", "until Nov. 16") the
  verb's tense only weighs the choice (a date against the tense counts 2.5 times its distance);
- tense comes from the spaCy parse: the governing verb's auxiliaries (will/would/shall/'ll and
  modals mean future; a past-tense verb or auxiliary means past) and governors such as "is due
  to", "is expected to", "plans to"; an infinitive under another verb ("agreed to buy") has no
  tense, nor has a purpose infinitive ("invited them to a ceremony to mark it on March 12");
  "next"/"last"/"ago" inside the expression win over the verb.  Without a parse a short
  look-back for will/would/shall/"is due to" decides future;
- quarters are this year's unless not yet begun (then last year's, or this year's in a future
  clause); "the quarter" / "that quarter" / "a year earlier" follow the quarter under discussion;
  halves of a year ("the first half of 1990", "the last two quarters of 1989") are ``1990-H1``;
- "that year", "the following month" count from the last date written out in full;
- a clock time next to its day ("10 p.m. Wednesday") is one TIME ``2020-01-08T22:00``;
- ranges ("from 2003 until 2011", "1990-91", "between 2003 and 2011") become two DATE timexes
  with ``rule`` ``range-start`` / ``range-end``; durations stay durations (``P8Y``), except "one
  day" after a modal or a subject ("will one day be"), which is some day: ``FUTURE_REF``;
- with no publication date, explicit dates still resolve; month-days and months without a year get
  the TIMEX3 underspecified values ``XXXX-01-07`` / ``XXXX-02``; every other relative expression
  (weekdays, "yesterday", "this week", "two days ago", ...) gets ``PAST_REF`` / ``PRESENT_REF`` /
  ``FUTURE_REF`` by its direction and tense, with granularity ``reference``.

Event dates: a DURATION or SET never dates an event; nor does a ``*_REF`` or ``XXXX`` value.  A
range dates the event by its start (``invaded from 2003 until 2011`` -> ``2003``, granularity
year).  A TIME dates it by its day.  The timex must modify the trigger, its clause's verb or a
clause above it, or the clause a non-defining relative clause with no time of its own continues
(see :func:`_rank`); else, for a simple-past clause with no time of its own right after a
sentence of the same paragraph whose asserted event the text dates and which shares a
participant, that date (``date_rule: "continues-previous-sentence"``, see
:func:`continue_narrative_dates`); else the publication date (granularity day), else None.

API for other stages: :func:`find_timexes` (text, published, spaCy doc -> Timex list),
:func:`attach_event_dates` (fills each event's date fields from ``doc.timexes``) and
:func:`event_date_of` (the (date, granularity) a timex gives an event, or None).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any

from .errors import TidingsError
from .records import Document, Event, Timex
from .registry import registry

# ------------------------------------------------------------------------------------ lexicons


def _read_tsv(name: str) -> list[list[str]]:
    """Rows of a shipped ``data/time/<name>.tsv`` (comments and blank lines skipped)."""
    path = resources.files("tidings") / "data" / "time" / f"{name}.tsv"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise TidingsError("E022", path=str(path)) from None
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\n").split("\t"))
    return rows


@dataclass(frozen=True)
class Unit:
    """A calendar unit word: its TIMEX3 duration letter, multiplier and point granularity."""

    letter: str
    mult: int
    granularity: str

    @property
    def is_clock(self) -> bool:
        return self.granularity == "time"


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, tuple[str, int]]
    numbers: dict[str, str]
    units: dict[str, Unit]
    references: dict[str, str]
    relative_days: dict[str, tuple[int, str | None]]
    parts_of_day: dict[str, str]
    holidays: dict[str, str]
    sets: dict[str, str]
    sequence_words: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """All time lexicons, read once per process."""
    return Lexicon(
        months={r[0]: int(r[1]) for r in _read_tsv("months")},
        weekdays={r[0]: int(r[1]) for r in _read_tsv("weekdays")},
        seasons={r[0]: (r[1], int(r[2])) for r in _read_tsv("seasons")},
        numbers={r[0]: r[1] for r in _read_tsv("numbers")},
        units={r[0]: Unit(r[1], int(r[2]), r[3]) for r in _read_tsv("units")},
        references={r[0]: r[1] for r in _read_tsv("references")},
        relative_days={r[0]: (int(r[1]), None if r[2] == "-" else r[2])
                       for r in _read_tsv("relative_days")},
        parts_of_day={r[0]: r[1] for r in _read_tsv("parts_of_day")},
        holidays={r[0]: r[1] for r in _read_tsv("holidays")},
        sets={r[0]: r[1] for r in _read_tsv("sets")},
        sequence_words=frozenset(r[0] for r in _read_tsv("sequence_words")),
    )


def _alt(words: Iterator[str] | list[str], plural: bool = False) -> str:
    """A regex alternation of phrases, longest first, spaces matching any whitespace."""
    ws = sorted(set(words), key=len, reverse=True)
    parts = [r"\s+".join(re.escape(p) for p in w.split()) for w in ws]
    body = "|".join(parts)
    return f"(?:{body})" + ("s?" if plural else "")


# ------------------------------------------------------------------------------------ patterns

@dataclass(frozen=True)
class Patterns:
    """Every rule's compiled regex (built once from the lexicons)."""

    rules: tuple[tuple[str, re.Pattern[str]], ...]
    # a digit or any word some rule needs: rules only run in windows around these
    anchor: re.Pattern[str]


MODIFIERS = r"(?:(?P<mod>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|earlier|later)[\s-]+)?"
SPOKEN_YEAR = (r"nineteen[\s-]+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
               r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)"
               r"|two\s+thousand(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine))?")
REL = r"(?P<rel>this\s+past|this\s+coming|the\s+past|the\s+last|the\s+next|the\s+coming|the\s+previous|the\s+following|this|last|next|past|coming|previous)"


@functools.lru_cache(maxsize=1)
def patterns() -> Patterns:
    lx = load_lexicon()
    full = [w for w in lx.months if not any(o != w and o.startswith(w) and lx.months[o] == lx.months[w]
                                            for o in lx.months)]
    abbr = [w for w in lx.months if w not in full]
    month = r"(?P<month>" + _alt(full) + r"\b|" + _alt(abbr) + r"\b\.?)"
    wday = r"(?P<wday>" + _alt(lx.weekdays) + r")"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    year = r"(?P<year>(?:1[5-9]|20)\d\d)\b"
    yearx = r"(?:" + year + r"|(?P<sy>" + SPOKEN_YEAR + r"))"
    season = r"(?P<season>" + _alt(lx.seasons) + r")"
    num = r"(?P<num>\d{1,3}|" + _alt(lx.numbers) + r")"
    units = r"(?P<unit>" + _alt(lx.units) + r")s?"
    approx = r"(?:(?:about|nearly|almost|some|more\s+than|less\s+than|roughly|approximately|over|just|only|at\s+least)\s+)?"
    wprefix = r"(?:" + _alt(lx.weekdays) + r",?\s+)?"
    ryear = r"(?P<ryear>this|last|next)\s+year"
    rules: list[tuple[str, str]] = [
        ("iso", r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?:T(?P<hh>\d\d):(?P<mm>\d\d))?\b"),
        ("md_y", r"\b" + wprefix + MODIFIERS + month + r"\s+" + day + r",?\s+" + yearx),
        ("d_m_y", r"\b" + wprefix + day + r"\s+(?:of\s+)?" + month + r",?\s+" + year),
        ("md", r"\b" + wprefix + r"(?:(?P<rel>last|next|this\s+past|this\s+coming)\s+)?" + MODIFIERS + month
         + r"\s+" + day + r"(?![:.,]?\d)"),
        ("dm", r"\b" + wprefix + day + r"\s+(?:of\s+)?" + month),
        ("m_y", r"\b" + MODIFIERS + month + r",?\s+(?:of\s+)?" + yearx),
        ("m_ry", r"\b" + MODIFIERS + month + r"\s+(?:of\s+)?" + ryear),
        ("rel_month", r"\b" + REL + r"\s+" + month),
        ("month", r"\b" + MODIFIERS + month),
        ("weekday", r"\b(?:(?P<rel>last|next|this\s+past|this\s+coming|this|early|late|earlier|later)\s+)?"
         + wday + r"(?:\s+(?P<part>" + _alt(lx.parts_of_day) + r"))?\b"),
        ("rel_day", r"\b" + MODIFIERS + r"(?P<phrase>" + _alt(lx.relative_days) + r")\b"),
        ("anaphoric", r"\b(?:(?P<mod>earlier|later)\s+)?(?P<ana>that|the\s+same|the\s+following|the\s+previous|the\s+preceding)\s+(?P<unit>year|month)\b"),
        ("rel_unit", r"\b" + MODIFIERS + REL + r"\s+(?P<unit>week|weekend|month|year|quarter|decade|century)\b"),
        ("the_year", r"\b" + MODIFIERS + r"(?:the\s+(?:(?:current|full|calendar)\s+)?(?:fiscal\s+)?year\b(?!\s+(?:ago|earlier|before|later|old))(?!-)|(?P<yend>year[\s-]end|year's\s+end)\b)"),
        ("weekend", r"\b(?P<rel>the|this|last|next)\s+weekend\b"),
        # (longer alternatives first: the regex takes the first that matches)
        ("rel_quarter", r"\b(?P<phrase>the\s+(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)"
         r"|the\s+(?:latest|most\s+recent|last|recent|current)\s+(?:quarter|period)|the\s+quarter"
         r"|(?:that|the\s+same)\s+quarter"
         r"|(?:the\s+(?:comparable\s+|corresponding\s+)?)?year[\s-](?:ago|earlier)(?:\s+(?:quarter|period|third\s+quarter))?"
         r"|last\s+year's\s+(?:quarter|period)"
         r"|the\s+corresponding\s+period\s+last\s+year|a\s+year\s+(?:ago|earlier))\b"),
        ("ago", r"\b" + approx + num + r"\s+(?:or\s+so\s+)?" + units + r"\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|before|later|from\s+now|hence)\b"),
        ("vague_ago", r"\b(?:(?:several|a\s+few|many|some)\s+)?(?:years|months|weeks|days|decades)\s+ago\b"),
        ("duration", r"\b" + approx + r"(?:(?:the|each\s+of\s+the)\s+)?(?:(?P<rel>past|last|next|first|coming|previous|following)\s+)?"
         + num + r"[\s-]+" + units + r"(?:[\s-]+long)?\b(?![\s-]+old)"),
        ("vague_duration", r"\b(?:(?:the\s+)?(?:past|last|next|coming)\s+)?(?P<vague>recent|several|a\s+few|the\s+past\s+few|few|many)\s+"
         r"(?P<unit>(?:day|week|month|year|decade|quarter|hour|minute)s)\b"),
        ("quarter", r"\b(?:(?P<det>the|this|last|next)\s+)?(?:(?P<ry>this|last|next)\s+year's\s+)?(?:(?:fiscal|calendar)\s+)?"
         r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter"
         r"(?:\s+of\s+(?:(?:fiscal|calendar)\s+)?(?:" + year + r"|(?P<qry>this|last|next)\s+year))?\b"),
        ("year_quarter", r"\b(?:the\s+)?" + year + r"\s+(?:(?:fiscal|calendar)\s+)?(?:(?P<ord>first|second|third|fourth)[\s-]+)?(?:quarter|period)\b"),
        ("q_short", r"\b(?P<qn>Q[1-4])\s*(?:of\s+)?" + year),
        ("half", r"\b(?:the\s+)?(?:(?P<which>first|second|last|latter|1st|2nd)\s+half"
         r"|(?P<two>first|last)\s+two\s+quarters)\s+of\s+(?:(?:fiscal|calendar)\s+)?"
         r"(?:" + year + r"|(?P<hry>this|last|next)\s+year\b)"),
        ("season", r"\b(?:(?P<rel>this\s+past|this\s+coming|this|last|next|the\s+early|the\s+late|the|early|late|mid|past)[\s-]+)?"
         + season + r"(?:\s+(?:of\s+)?" + yearx + r")?\b"),
        ("decade", r"(?:\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?|(?<!\w))(?:(?P<c>1[5-9]|20)(?P<d>\d)0s|['’](?P<d2>\d)0s)\b"),
        ("slash_date", r"(?<![\d/])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/(?P<y>(?:19|20)?\d\d)(?![\d/])"),
        ("year_range", r"\b(?:(?P<pre>from|between)\s+)?(?P<y1>(?:1[5-9]|20)\d\d)(?:\s*(?:-|–|to|until|till|through|and)\s*|\s+)"
         r"(?P<y2>(?:1[5-9]|20)\d\d|\d\d)\b(?![\d,%])"),
        ("year", r"(?<![$£€#\d,.])\b" + MODIFIERS + r"(?:(?:fiscal|calendar)\s+)?" + year + r"(?![\d%]|,\d|\.\d)"),
        ("spoken_year", r"\b(?:the\s+year\s+)?(?P<sy>" + SPOKEN_YEAR + r")\b"),
        ("clock", r"\b(?P<hh>[01]?\d)(?::(?P<mm>[0-5]\d))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
         r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET)\b)?"),
        ("noon", r"\b(?P<noon>noon|midnight)\b"),
        ("reference", r"\b(?P<phrase>" + _alt(lx.references) + r")\b(?!-)"),
        ("set", r"\b(?P<phrase>" + _alt(lx.sets) + r"|(?:every|each)\s+(?P<unit>day|week|month|year|quarter|night))\b"),
        ("holiday", r"\b(?:(?P<rel>last|next|this)\s+)?(?P<hol>" + _alt(lx.holidays) + r")\b"),
        ("bare_units", r"\b(?:for|in|over)\s+(?P<span>(?P<unit>years|months|weeks|decades))\b"),
    ]
    return Patterns(tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in rules),
                    re.compile(r"\d|['’]\d|\b" + _alt(_anchor_words(lx)), re.IGNORECASE))


# words (as prefixes) one of which every rule's match contains, besides digits and lexicon words
_RULE_WORDS = ("year", "month", "week", "day", "night", "quarter", "period", "decade", "centur", "hour",
               "minute", "second", "fortnight", "noon", "midnight", "nineteen", "thousand", "every",
               "each", "fiscal", "q1", "q2", "q3", "q4")


def _anchor_words(lx: Lexicon) -> list[str]:
    """The first word of every lexicon phrase, plus the rules' own keywords."""
    words = set(_RULE_WORDS)
    for table in (lx.months, lx.weekdays, lx.seasons, lx.references, lx.relative_days,
                  lx.parts_of_day, lx.holidays, lx.sets, lx.units):
        for phrase in table:
            words.update(phrase.split())
    return sorted(w for w in words if w not in ("a", "an", "the", "at", "in", "this", "last", "more"))


WINDOW = 80     # characters either side of an anchor a match may reach (longest rule ~45)


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of text around anchor words: the only places a timex can be."""
    out: list[tuple[int, int]] = []
    for m in patterns().anchor.finditer(text):
        s, e = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# ------------------------------------------------------------------------------------ candidates

@dataclass
class Candidate:
    rule: str
    start: int
    end: int
    m: re.Match[str]


# words before a month name that make even "May"/"March" a date
_MONTH_CUES = frozenset("in since until till by last this next early late mid of from to through during before after "
                        "around between and or the".split())
# words before "a week", "a year" that make it a length of time
_DURATION_CUES = frozenset("for in within over after than about nearly almost half first past last next "
                           "of during least".split())
# words before a four-digit number that make it not a year
_NOT_YEAR_BEFORE = frozenset("resolution resolutions no no. number flight route highway article section chapter "
                             "room form model boeing airbus paragraph law decree order bill unit page pages".split())


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"([\w.']+)\W*$", text[max(0, pos - 30):pos])
    return m.group(1).lower() if m else ""


def _name_before(text: str, pos: int) -> bool:
    """Is ``pos`` right after a capitalised word inside a sentence (a name it continues)?
    Month, weekday, season and holiday words and sentence-initial words do not count."""
    m = re.search(r"(?:^|([.!?:;\"“”'`(\n]\s*)|\s)([A-Z][A-Za-z]+)\s$", text[max(0, pos - 40):pos])
    if m is None or m.group(1) is not None or m.start(2) == 0 and pos - 40 <= 0:
        return False
    w = m.group(2).lower()
    lx = load_lexicon()
    return not (w in lx.months or w.rstrip(".") in lx.months or w in lx.weekdays or w in lx.seasons
                or w in _NAME_EXCEPTIONS or any(h.split()[-1] == w for h in lx.holidays))


# capitalised words a date may follow without being part of a name
_NAME_EXCEPTIONS = frozenset("fiscal calendar since in on by until during from through and or the early late mid "
                             "year day eve".split())


def _capitalised(s: str) -> bool:
    return bool(s) and s[0].isupper()


def _plausible(c: Candidate, text: str) -> bool:
    """Reject candidates whose words are dates only when written as dates (capitals, cues)."""
    g = c.m.groupdict()
    if g.get("month") is not None:
        mw = c.m.group("month")
        if not _capitalised(mw):
            return False
        if c.rule == "month":
            low = mw.lower().rstrip(".")
            if low in ("may", "march", "mar", "jan", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "feb", "apr"):
                if low not in ("may", "march") and not mw.endswith("."):
                    return False            # bare abbreviations without a stop are too risky
                if c.m.group("mod") is None and _prev_word(text, c.start) not in _MONTH_CUES:
                    return False
    if g.get("wday") is not None and not _capitalised(c.m.group("wday")):
        return False
    if c.rule == "month" and re.match(r"\s+of\s+(?!(?:this|last|next|that)\b|(?:19|20)?\d\d\b|['’]\d\d)",
                                     text[c.end:c.end + 16], re.IGNORECASE):
        return False                     # "the March of the Mothers": a march, not the month
    if c.rule in ("noon", "rel_day") and _capitalised(c.m.group(0)) and _name_before(text, c.start):
        return False                     # "High Noon", "VOA Today": part of a title
    if c.rule == "year" and c.m.group("mod") is None and _name_before(text, c.start) \
            and not re.match(r"(?:fiscal|calendar)\b", c.m.group(0), re.IGNORECASE):
        return False                     # "Orion 1980", "Windows 95": part of a name
    if c.rule == "holiday" and not _capitalised(c.m.group("hol")):
        return False
    if c.rule == "season" and c.m.group("season").lower() == "fall":
        if c.m.group("rel") is None or c.m.group("rel").lower() == "the" and c.m.group("year") is None:
            return False
    if c.rule == "season" and c.m.group("rel") is None and c.m.group("year") is None:
        if _prev_word(text, c.start) not in ("in", "during", "over", "since", "until", "by", "through", "throughout"):
            return False
    if c.rule in ("year", "year_range"):
        if _prev_word(text, c.start) in _NOT_YEAR_BEFORE:
            return False
        y = c.m.group("year") if c.rule == "year" else c.m.group("y1")
        if c.rule == "year" and not 1900 <= int(y) <= 2049 and _prev_word(text, c.start) not in _MONTH_CUES:
            return False
    if c.rule == "year_range":
        y1 = int(c.m.group("y1"))
        y2s = c.m.group("y2")
        y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
        if not y1 < y2 <= y1 + 100:
            return False
        sep = text[c.m.end("y1"):c.m.start("y2")].strip().lower()
        if sep == "" or (sep == "and" and c.m.group("pre") is None):
            return False
    if c.rule in ("rel_unit", "duration") and c.m["unit"][0].isupper():
        return False                     # "This Week", "60 Minutes": programme titles
    if c.rule in ("duration", "rel_quarter", "rel_unit") and re.match(r"-|\s+of\b(?!\s+(?:19|20)\d\d)", text[c.end:c.end + 4]) \
            and re.search(r"quarters?$", c.m.group(0), re.I):
        return False                     # "three-quarters of its food", "quarter-to-quarter"
    if c.rule == "set" and c.m["unit"] is None and _adjectival(text, c.end):
        return False                     # "the Communist Party daily Granma", "daily volume"
    if c.rule == "duration" and c.m["num"].lower() in ("a", "an") and c.m["rel"] is None:
        # "$5 a year", "once a week": rates, not lengths; keep "for a year", "about a week"
        if not re.match(r"(?:about|nearly|almost|some|more|less|roughly|approximately|over|just|only|at)\b", c.m.group(0), re.I) \
                and _prev_word(text, c.start) not in _DURATION_CUES:
            return False
    if c.rule == "duration" and c.m["unit"].lower().startswith("second") and not re.match(r"\d", c.m["num"]) \
            and c.m["num"].lower() in ("a", "an"):
        return False                     # "a second day", "a second round": an ordinal
    if c.rule == "reference":
        ph = c.m.group("phrase").lower()
        after = text[c.end:c.end + 12].lower()
        if ph == "current" and re.match(r"\s+(account|affairs|events|prices|dollars|crisis|situation)", after):
            return False
        if ph == "future" and not re.match(r"\s+\w", after) and _prev_word(text, c.start) != "the":
            return False
        if ph == "the future" and re.match(r"\s+of\b", after):
            return False                 # "the future of our peoples": their fate, not a time
    return True


_AFTER_ADVERB = frozenset("since until for in at on by and or to from during through over with as basis "
                          "but so when while".split())


def _adjectival(text: str, end: int) -> bool:
    """Is the word at ``end`` followed by a word it could modify ("daily flights")?"""
    m = re.match(r"\s+([A-Za-z][\w'-]*)", text[end:end + 30])
    return bool(m) and m.group(1).lower() not in _AFTER_ADVERB


def find_candidates(text: str) -> list[Candidate]:
    """All rule matches, then the longest non-overlapping ones (earlier rule wins a tie)."""
    cands: list[tuple[int, int, int, Candidate]] = []
    windows = _windows(text)
    for order, (name, rx) in enumerate(patterns().rules):
        for m in (m for ws, we in windows for m in rx.finditer(text, ws, we)):
            s, e = m.span("span") if "span" in rx.groupindex else m.span()
            if e <= s:
                continue
            c = Candidate(name, s, e, m)
            if _plausible(c, text):
                cands.append((-(m.end() - m.start()), order, m.start(), c))
    cands.sort(key=lambda t: (t[0], t[1], t[2]))
    taken: list[Candidate] = []
    for _, _, _, c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


# ------------------------------------------------------------------------------------ tense

FUTURE_AUX = frozenset({"will", "'ll", "ll", "shall", "wo", "would", "'d", "sha"})
MODAL_FUTURE = frozenset({"may", "might", "could", "can", "should", "must", "ought"})
SCHEDULING_VERBS = frozenset({"plan", "schedule"})
# a participle of these names a coming event ("the summit planned for May", "the vote expected Monday")
PLANNING_VERBS = SCHEDULING_VERBS | {"expect", "slate", "propose", "intend"}
DEADLINE_PREPS = frozenset({"until", "till", "to", "through", "by", "before", "ahead", "effective"})
FUTURE_GOVERNORS = frozenset({"due", "expect", "expected", "schedule", "scheduled", "set", "go", "plan", "intend",
                              "aim", "slate", "slated", "poised", "likely", "prepare", "hope", "want", "threaten",
                              "vow", "pledge", "promise"})
NEXT_WORDS = re.compile(r"\b(next|coming|upcoming|following|from now|hence|later)\b", re.IGNORECASE)
PAST_WORDS = re.compile(r"\b(last|past|ago|earlier|previous)\b", re.IGNORECASE)
_FUTURE_TEXT = re.compile(r"\b(will|'ll|shall|would|(?:is|are)\s+(?:due|expected|scheduled|set|going)\s+to|plans?\s+to)\b",
                          re.IGNORECASE)


def _negated(v: Any) -> bool:
    """"could not be reached", "neither he nor his aides could be located"."""
    return any(c.dep_ == "neg" or (c.dep_.startswith("nsubj") and any(w.lower_ == "neither" for w in c.subtree))
               for c in v.children)


def _overtaken(auxes: set[str]) -> bool:
    """A plan told in the past perfect ("had been due to expire Friday", "had been set to expire
    Nov. 6"): it has been overtaken, so the day it names may be gone or still to come."""
    return bool(auxes & {"had", "'d"}) and not auxes & FUTURE_AUX


def _verb_tense(v: Any, depth: int = 0) -> str | None:
    """past | future | present for a verb token, from its auxiliaries and governor."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    lows = {a.lower_ for a in auxes}
    if lows & FUTURE_AUX:
        return "future"
    has_have = bool(lows & {"have", "has", "had", "'ve"})
    if lows & MODAL_FUTURE:
        if has_have or (lows & MODAL_FUTURE == {"could"} and _negated(v)):
            return "past"               # "could have ...", "could not be reached Wednesday"
        return "future"
    if v.lower_ in FUTURE_AUX:
        return "future"
    if v.lemma_.lower() in SCHEDULING_VERBS and not _overtaken(lows):
        return "future"
    if any(a.tag_ == "VBD" for a in auxes) or v.tag_ == "VBD" or (v.tag_ == "VBN" and has_have):
        return "past"
    if v.tag_ in ("VB", "VBG", "VBN") and v.dep_ in ("xcomp", "ccomp", "advcl", "conj", "acl", "relcl") and depth < 4:
        head = v.head
        if v.dep_ == "xcomp" and (head.lemma_.lower() in FUTURE_GOVERNORS or head.lower_ in FUTURE_GOVERNORS
                                  or (head.lemma_ == "be" and v.tag_ == "VB")):
            holders = [head, head.head] if head.dep_ == "acomp" else [head]     # "had been due to"
            if _overtaken({c.lower_ for h in holders for c in h.children if c.dep_ in ("aux", "auxpass")}):
                return None             # "had been due to expire Friday": unknown, the nearest
            return "future"             # "is due to expire", "planned to leave", "is to resume"
        if v.dep_ == "xcomp" and v.tag_ == "VB":
            return None                 # "agreed to buy ... in February": after the agreeing, unknown
        if v.dep_ == "advcl" and v.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            return None                 # "invited them to a ceremony to mark it on March 12": a purpose, after the inviting
        progressive = v.tag_ == "VBG" and lows & {"is", "are", "am", "'s", "'re"}
        if head.i != v.i and v.tag_ in ("VB", "VBG") and not progressive or v.dep_ == "conj":
            return _verb_tense(head, depth + 1)
    if v.tag_ in ("VBZ", "VBP") or lows & {"is", "are", "am", "'s", "'re"}:
        return "present"
    if v.tag_ == "VBN" and v.dep_ == "acl" and not lows and v.lemma_.lower() not in PLANNING_VERBS \
            and not any(c.dep_ == "xcomp" or c.lower_ == "for" for c in v.children):
        return "past"                   # "the year ended March 31", "the record set on Aug. 6"
    return None


_SINCE_AFTER = re.compile(r"\bsince\s+(?:(?:shortly|just|soon|right|immediately|long)\s+)?(?:after|before)\s+"
                          r"(?:(?:the|a|an|his|her|its|their|this|last)\s+)?$", re.IGNORECASE)


def clause_tense(sdoc: Any, start: int, end: int, text: str) -> tuple[str | None, bool]:
    """Tense of the clause governing the character span (the nearest verb above it), and
    whether the verb governs it directly (through prepositions only).  ``text`` is the parsed
    text (``sdoc.text``, passed in: spaCy rebuilds it on every access).

    "payable Dec. 7", "the January 7 launch", "until Nov. 16": the date hangs from an adjective
    or noun, or from a deadline preposition, so the verb's tense says little about it (weak).
    """
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, False
    root = span.root
    tok = root.head if root.head.i != root.i else root
    if _SINCE_AFTER.search(text[max(0, start - 60):start]):
        return "past", True             # "since shortly after the Oct. 23 slaying": gone by too
    # a date that is the verb's object or subject ("has set Nov. 10 as the deadline") is named,
    # not placed, by the verb: its tense only weighs the choice
    direct = not (tok.pos_ == "ADP" and tok.lower_ in DEADLINE_PREPS) and root.dep_ not in ("dobj", "nsubj", "nsubjpass")
    for _ in range(12):
        if tok.lower_ == "since" and tok.pos_ in ("ADP", "SCONJ"):
            return "past", True         # "since Oct. 23", "since the talks of Oct. 23": gone by
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT" or tok.head.i == tok.i:
            break
        if tok.pos_ != "ADP" and not (tok.i >= span.start and tok.i < span.end):
            direct = False
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None, False
    return _verb_tense(tok), direct


# ------------------------------------------------------------------------------------ calendar helpers

def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _easter(y: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = ((h + l_ - 7 * m + 114) % 31) + 1
    return date(y, month, day)


def holiday_date(rule: str, y: int) -> date | None:
    """The date of a holiday rule from ``holidays.tsv`` in year ``y``."""
    kind, _, arg = rule.partition(":")
    if kind == "fixed":
        mm, dd = arg.split("-")
        return _safe_date(y, int(mm), int(dd))
    if kind == "easter":
        return _easter(y) + timedelta(days=int(arg))
    if kind == "onafter":                     # the first such weekday on or after MM-DD
        md, wd = arg.split(":")
        mm, dd = md.split("-")
        start = _safe_date(y, int(mm), int(dd))
        return start + timedelta(days=(int(wd) - start.isoweekday()) % 7) if start else None
    if kind == "nth":
        mo, n, wd = (int(x) for x in arg.split(":"))
        if n > 0:
            first = date(y, mo, 1)
            return first + timedelta(days=(wd - first.isoweekday()) % 7 + 7 * (n - 1))
        ny, nm = _add_months(y, mo, 1)
        last = date(ny, nm, 1) - timedelta(days=1)
        return last - timedelta(days=(last.isoweekday() - wd) % 7)
    return None


# A weakly governed date against its verb's tense counts this many times its distance, so
# "declared a dividend payable Dec. 7" (in late October) still lands on the coming Dec. 7.
AGAINST_TENSE = 2.5


def _leaning(distance: int, tense: str | None) -> float:
    """Distance (signed: negative = before publication), weighted against the verb's tense."""
    if (tense == "past" and distance > 0) or (tense == "future" and distance < 0):
        return abs(distance) * AGAINST_TENSE
    return abs(distance)


def pick_year(pub: date, make: Callable[[int], date | None], tense: str | None,
              direct: bool = True) -> date | None:
    """Choose among last/this/next year's dates: nearest past in a past clause, nearest future in
    a future one, nearest overall otherwise; a weakly governed date (``direct`` False) only leans
    towards its verb's tense."""
    options = [d for d in (make(pub.year - 1), make(pub.year), make(pub.year + 1)) if d is not None]
    if not options:
        return None
    past = [d for d in options if d <= pub]
    fut = [d for d in options if d >= pub]
    if direct and tense == "past" and past:
        return max(past)
    if direct and tense == "future" and fut:
        return min(fut)
    return min(options, key=lambda d: (_leaning((d - pub).days, tense), d > pub))


def weekday_date(pub: date, wd: int, tense: str | None, rel: str | None) -> date:
    """The weekday's date: on/before publication by default, on/after it in a future clause."""
    back = (pub.isoweekday() - wd) % 7
    fwd = (wd - pub.isoweekday()) % 7
    rel = (rel or "").lower()
    if rel == "last" or rel == "this past":
        return pub - timedelta(days=back or 7)
    if rel == "next":
        return pub + timedelta(days=fwd or 7)
    if rel == "this coming":
        return pub + timedelta(days=fwd)
    if rel == "this":
        return pub + timedelta(days=wd - pub.isoweekday())
    if tense == "future":
        return pub + timedelta(days=fwd)
    return pub - timedelta(days=back)


SEASON_OF_MONTH = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU",
                   9: "FA", 10: "FA", 11: "FA"}
SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}


# ------------------------------------------------------------------------------------ resolution

@dataclass
class Context:
    """What a resolver needs: the text, the anchor, tense on demand and discourse state."""

    text: str
    pub: date | None
    sdoc: Any = None
    last_quarter: tuple[int, int] | None = None
    # (year, month or None) of the last absolute date written in the text, for "that year"
    last_absolute: tuple[int, int | None] | None = None
    _tense_cache: dict[tuple[int, int], tuple[str | None, bool]] = field(default_factory=dict)

    def tense(self, c: Candidate) -> str | None:
        """past | future | present | None for the clause of ``c``."""
        s = c.m.group(0)
        if NEXT_WORDS.search(s):
            return "future"
        if PAST_WORDS.search(s):
            return "past"
        return self._parsed(c)[0]

    def direct(self, c: Candidate) -> bool:
        """Does the clause's verb govern ``c`` directly (see :func:`clause_tense`)?"""
        return self._parsed(c)[1]

    def _parsed(self, c: Candidate) -> tuple[str | None, bool]:
        key = (c.start, c.end)
        if key not in self._tense_cache:
            self._tense_cache[key] = self._parse_tense(c.start, c.end)
        return self._tense_cache[key]

    def _parse_tense(self, start: int, end: int) -> tuple[str | None, bool]:
        if self.sdoc is not None:
            return clause_tense(self.sdoc, start, end, self.text)
        if _prev_word(self.text, start) == "since":
            return "past", True
        left = self.text[max(0, start - 80):start]
        left = re.split(r"[.!?;]\s", left)[-1]
        return ("future" if _FUTURE_TEXT.search(left) else None), True


def _ref_for(direction: int) -> str:
    return "PAST_REF" if direction < 0 else "FUTURE_REF" if direction > 0 else "PRESENT_REF"


def _tense_dir(t: str | None) -> int:
    return -1 if t == "past" else 1 if t == "future" else 0


Res = tuple[str, str, str] | None   # (type, value, granularity)


def _num(s: str) -> int | None:
    s = " ".join(s.lower().split())
    if s.isdigit():
        return int(s)
    v = load_lexicon().numbers.get(s)
    return int(v) if v is not None and v.isdigit() else None


def _unit(s: str) -> Unit:
    s = s.lower()
    lx = load_lexicon().units
    if s in lx:
        return lx[s]
    return lx["century"] if s == "centuries" else lx[s[:-1]]


def _duration_value(n: int | None, u: Unit) -> str:
    amount = "X" if n is None else str(n * u.mult)
    if u.letter == "Q":
        amount = "X" if n is None else str(n)
    return ("PT" if u.is_clock else "P") + amount + u.letter


def _month_num(s: str) -> int:
    return load_lexicon().months[s.lower().rstrip(".")]


def res_iso(c: Candidate, ctx: Context) -> Res:
    g = c.m
    d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    if d is None:
        return None
    if g["hh"]:
        return ("TIME", f"{d.isoformat()}T{g['hh']}:{g['mm']}", "time")
    return ("DATE", d.isoformat(), "day")


def res_full_date(c: Candidate, ctx: Context) -> Res:
    d = _safe_date(_year_of(c.m), _month_num(c.m["month"]), int(c.m["day"]))
    return ("DATE", d.isoformat(), "day") if d else None


def res_month_day(c: Candidate, ctx: Context) -> Res:
    mo, dd = _month_num(c.m["month"]), int(c.m["day"])
    if _safe_date(2000, mo, dd) is None:
        return None
    if ctx.pub is None:
        return ("DATE", f"XXXX-{mo:02d}-{dd:02d}", "day")
    rel = " ".join((c.m.groupdict().get("rel") or "").lower().split())
    if rel:         # "last Oct. 23", "next March 3": the nearest such day on that side
        tense = "past" if rel in ("last", "this past") else "future"
        d = pick_year(ctx.pub, lambda y: _safe_date(y, mo, dd), tense, True)
        return ("DATE", d.isoformat(), "day") if d else None
    d = pick_year(ctx.pub, lambda y: _safe_date(y, mo, dd), ctx.tense(c), ctx.direct(c))
    return ("DATE", d.isoformat(), "day") if d else None


def res_month_year(c: Candidate, ctx: Context) -> Res:
    return ("DATE", f"{_year_of(c.m):04d}-{_month_num(c.m['month']):02d}", "month")


def res_month_relyear(c: Candidate, ctx: Context) -> Res:
    if ctx.pub is None:
        return ("DATE", _ref_for({"this": 0, "last": -1, "next": 1}[c.m["ryear"].lower()]), "reference")
    y = ctx.pub.year + {"this": 0, "last": -1, "next": 1}[c.m["ryear"].lower()]
    return ("DATE", f"{y}-{_month_num(c.m['month']):02d}", "month")


def _month_choice(pub: date, mo: int, tense: str | None, rel: str | None,
                  direct: bool = True) -> tuple[int, int]:
    rel = " ".join((rel or "").lower().split())
    cur = (pub.year, pub.month)
    this_y = (pub.year, mo)
    if rel in ("last", "the past", "this past", "past", "previous", "the last", "the previous"):
        return this_y if this_y < cur else (pub.year - 1, mo)
    if rel in ("next", "the next", "coming", "the coming", "this coming", "the following"):
        return this_y if this_y > cur else (pub.year + 1, mo)
    if rel == "this":
        return this_y
    if direct and tense == "past":
        return this_y if this_y <= cur else (pub.year - 1, mo)
    if direct and tense == "future":
        return this_y if this_y >= cur else (pub.year + 1, mo)
    opts = [(pub.year - 1, mo), this_y, (pub.year + 1, mo)]
    return min(opts, key=lambda ym: (_leaning((ym[0] - cur[0]) * 12 + ym[1] - cur[1], tense), ym > cur))


def res_month(c: Candidate, ctx: Context) -> Res:
    mo = _month_num(c.m["month"])
    rel = c.m.groupdict().get("rel")
    if ctx.pub is None:
        return ("DATE", f"XXXX-{mo:02d}", "month")
    y, m = _month_choice(ctx.pub, mo, ctx.tense(c), rel, ctx.direct(c))
    return ("DATE", f"{y}-{m:02d}", "month")


def res_weekday(c: Candidate, ctx: Context) -> Res:
    wd = load_lexicon().weekdays[c.m["wday"].lower()]
    rel = c.m["rel"]
    tense = ctx.tense(c)
    before = ctx.text[max(0, c.start - 40):c.start].lower()
    if re.search(r"\b(?:until|till|by|as soon as|no later than)\s+(?:[\d:.apm ]+(?:[a-z]{3}\s+)?)?$", before) \
            and not _past_perfect(ctx, c):
        # "until 9 a.m. Tuesday", "as soon as Tuesday": a deadline, a coming day; but "had filed
        # reports by Wednesday", "Until Thursday, they had not named him": a deadline gone by
        tense = "future"
    if rel and rel.lower() in ("early", "late", "earlier", "later"):
        rel = None
    if ctx.pub is None:
        d = {"last": -1, "this past": -1, "next": 1, "this coming": 1}.get((rel or "").lower(), _tense_dir(tense))
        return ("DATE", _ref_for(d if d else -1), "reference")
    d = weekday_date(ctx.pub, wd, tense, rel)
    part = c.m["part"]
    if part:
        return ("TIME", d.isoformat() + load_lexicon().parts_of_day[part.lower()], "time")
    return ("DATE", d.isoformat(), "day")


def _past_perfect(ctx: Context, c: Candidate) -> bool:
    """Is the clause governing ``c`` in the past perfect ("had filed", "had not been named"),
    with no future or modal auxiliary?  Needs the parse; without one, no."""
    tok = _token_at(ctx.sdoc, c.start, c.end) if ctx.sdoc is not None else None
    if tok is None:
        return False
    tok = _clause_verb(tok, include_self=True)
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    auxes = {a.lower_ for a in tok.children if a.dep_ in ("aux", "auxpass")}
    return "had" in auxes and not auxes & (FUTURE_AUX | MODAL_FUTURE)


def res_rel_day(c: Candidate, ctx: Context) -> Res:
    off, part = load_lexicon().relative_days[" ".join(c.m["phrase"].lower().split())]
    if ctx.pub is None:
        return ("DATE", _ref_for(off), "reference")
    d = ctx.pub + timedelta(days=off)
    if part:
        return ("TIME", d.isoformat() + part, "time")
    return ("DATE", d.isoformat(), "day")


_REL_DIR = {"this": 0, "last": -1, "next": 1, "past": -1, "coming": 1, "previous": -1, "following": 1,
            "this past": -1, "this coming": 1, "the past": -1, "the last": -1, "the next": 1, "the coming": 1,
            "the previous": -1, "the following": 1}


def _shift_unit(pub: date, unit: str, k: int) -> tuple[str, str]:
    """(value, granularity) of the calendar unit k steps from the one holding ``pub``."""
    if unit == "week":
        return _iso_week(pub + timedelta(weeks=k)), "week"
    if unit == "month":
        y, m = _add_months(pub.year, pub.month, k)
        return f"{y}-{m:02d}", "month"
    if unit == "quarter":
        q = (pub.month - 1) // 3 + k
        return f"{pub.year + q // 4}-Q{q % 4 + 1}", "quarter"
    if unit == "decade":
        return f"{(pub.year // 10 + k)}X", "decade"
    if unit == "century":
        return f"{pub.year // 100 + k}XX", "decade"
    return str(pub.year + k), "year"


def res_rel_unit(c: Candidate, ctx: Context) -> Res:
    rel = " ".join(c.m["rel"].lower().split())
    unit = c.m["unit"].lower()
    k = _REL_DIR[rel]
    if unit == "weekend":
        return _weekend(c, ctx, k)
    if ctx.pub is None:
        return ("DATE", _ref_for(k), "reference")
    if unit == "week" and rel in ("the past", "the last", "past"):
        k = 0          # "the past week" is the days just before publication: this ISO week
    if unit == "year" and rel == "last" and not c.m["mod"] and ctx.last_quarter \
            and _compared_in_quarter_talk(c, ctx):
        y, q = ctx.last_quarter        # "earnings of $33 million last year": the year-ago quarter
        return ("DATE", f"{y - 1}-Q{q}", "quarter")
    value, gran = _shift_unit(ctx.pub, unit, k)
    if unit == "quarter":
        q = value.split("-Q")
        _discuss_quarter(ctx, int(q[0]), int(q[1]), c.start)
    return ("DATE", value, gran)


_COMPARISON = re.compile(r"\b(?:compared|from|than|versus|vs\.|against|with)\b[^.;]*$", re.IGNORECASE)


def _compared_in_quarter_talk(c: Candidate, ctx: Context) -> bool:
    """Is "last year" a quarterly comparison: a quarter under discussion, and "last year's ..."
    or a figure compared ("from $5 million last year") in the same sentence?"""
    if _period_talk(ctx.text, c.start) != "quarter":
        return False
    if re.match(r"['’]s\b", ctx.text[c.end:c.end + 3]):
        return True
    return bool(_COMPARISON.search(ctx.text[max(0, c.start - 120):c.start]))


def _weekend(c: Candidate, ctx: Context, k: int | None) -> Res:
    if ctx.pub is None:
        return ("DATE", _ref_for(k or 0), "reference")
    if k is None:
        k = -1 if ctx.tense(c) != "future" else 1
    if k < 0:
        sat = ctx.pub - timedelta(days=(ctx.pub.isoweekday() - 6) % 7)
        if k < 0 and c.m.group(0).lower().startswith("last") and ctx.pub.isoweekday() >= 6:
            sat -= timedelta(days=7)
    elif k > 0:
        sat = ctx.pub + timedelta(days=(6 - ctx.pub.isoweekday()) % 7)
    else:
        sat = ctx.pub + timedelta(days=6 - ctx.pub.isoweekday())
    return ("DATE", _iso_week(sat) + "-WE", "week")


def res_the_year(c: Candidate, ctx: Context) -> Res:
    """"the year", "the current fiscal year": the publication year; "year-end": its last day
    (the previous year's in a past-tense clause: "up 5% since year-end")."""
    if ctx.pub is None:
        return ("DATE", "PRESENT_REF", "reference")
    if c.m["yend"]:
        y = ctx.pub.year - 1 if ctx.tense(c) == "past" and _prev_word(ctx.text, c.start) == "since" else ctx.pub.year
        return ("DATE", f"{y}-12-31", "day")
    return ("DATE", str(ctx.pub.year), "year")


def res_anaphoric(c: Candidate, ctx: Context) -> Res:
    """"that year", "the following month": relative to the last absolute date in the text."""
    if ctx.last_absolute is None:
        return None
    y, m = ctx.last_absolute
    k = {"that": 0, "the same": 0, "the following": 1, "the previous": -1, "the preceding": -1}[
        " ".join(c.m["ana"].lower().split())]
    if c.m["unit"].lower() == "year":
        return ("DATE", str(y + k), "year")
    if m is None:
        return None
    y2, m2 = _add_months(y, m, k)
    return ("DATE", f"{y2}-{m2:02d}", "month")


def res_weekend(c: Candidate, ctx: Context) -> Res:
    rel = c.m["rel"].lower()
    return _weekend(c, ctx, {"the": None, "this": 0, "last": -1, "next": 1}[rel])


def res_ago(c: Candidate, ctx: Context) -> Res:
    """"two days ago", "a year earlier": counted back (or on) from publication.  "10 days before
    the murder" counts from another event, which we cannot place: it stays a duration."""
    n = _num(c.m["num"])
    u = _unit(c.m["unit"])
    if c.m["dir"].lower() in ("before", "after") and re.match(r"\s+[\w'$]", ctx.text[c.end:c.end + 3]):
        return ("DURATION", _duration_value(n, u), "duration")
    direction = -1 if c.m["dir"].lower() in ("ago", "earlier", "before") else 1
    if ctx.pub is None or n is None:
        return ("DATE", _ref_for(direction), "reference")
    k = direction * n * u.mult
    if u.granularity in ("day", "time"):
        days = k if u.granularity == "day" else 0
        return ("DATE", (ctx.pub + timedelta(days=days)).isoformat(), "day")
    if u.letter == "W":
        return ("DATE", _iso_week(ctx.pub + timedelta(weeks=k)), "week")
    if u.letter == "M":
        y, m = _add_months(ctx.pub.year, ctx.pub.month, k)
        return ("DATE", f"{y}-{m:02d}", "month")
    if u.letter == "Q":
        return ("DATE", _shift_unit(ctx.pub, "quarter", k)[0], "quarter")
    return ("DATE", str(ctx.pub.year + k), "year")


def res_vague_ago(c: Candidate, ctx: Context) -> Res:
    return ("DATE", "PAST_REF", "reference")


# words right before "one day" that make it "some day" (a vague future), not a length of a day
_SOMEDAY_BEFORE = FUTURE_AUX | MODAL_FUTURE | frozenset("i you he she it we they who".split())


def res_duration(c: Candidate, ctx: Context) -> Res:
    n = _num(c.m["num"])
    u = _unit(c.m["unit"])
    if " ".join(c.m.group(0).lower().split()) == "one day" and _prev_word(ctx.text, c.start) in _SOMEDAY_BEFORE:
        return ("DATE", "FUTURE_REF", "reference")      # "Islam will one day be ...", "he might one day run"
    if "num" in c.m.groupdict() and n is None and c.m["num"].lower() in ("a", "an"):
        n = 1
    return ("DURATION", _duration_value(n, u), "duration")


def res_vague_duration(c: Candidate, ctx: Context) -> Res:
    if c.m["vague"].lower() == "recent" and not c.m.group(0).lower().startswith(("the", "past", "last", "next")):
        return ("DATE", "PAST_REF", "reference")     # "in recent years": a vague past, not a length
    return ("DURATION", _duration_value(None, _unit(c.m["unit"])), "duration")


def res_bare_units(c: Candidate, ctx: Context) -> Res:
    return ("DURATION", _duration_value(None, _unit(c.m["unit"])), "duration")


_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def res_quarter(c: Candidate, ctx: Context) -> Res:
    q = _ORD[c.m["ord"].lower()]
    if c.m["year"]:
        y = int(c.m["year"])
    elif ctx.pub is None:
        return ("DATE", f"XXXX-Q{q}", "quarter")
    else:
        ry = c.m["ry"] or c.m["qry"]
        det = (c.m["det"] or "").lower()
        if ry:
            y = ctx.pub.year + {"this": 0, "last": -1, "next": 1}[ry.lower()]
        elif det in ("last", "next"):
            pq = (ctx.pub.month - 1) // 3 + 1
            y = ctx.pub.year - (1 if q >= pq else 0) if det == "last" else ctx.pub.year + (1 if q <= pq else 0)
        else:
            # quarters are reported after they end: this year's unless it has not begun yet
            pq = (ctx.pub.month - 1) // 3 + 1
            y = ctx.pub.year if q <= pq or ctx.tense(c) == "future" else ctx.pub.year - 1
    _discuss_quarter(ctx, y, q, c.start)
    return ("DATE", f"{y}-Q{q}", "quarter")


def _discuss_quarter(ctx: Context, y: int, q: int, pos: int) -> None:
    """Make (y, q) the quarter under discussion, unless one already is and this one is named in
    passing ("after a flat second quarter", "a fourth-quarter charge": indefinite) or is a
    forecast while the one under discussion has been reported ("losses through the third quarter
    of 1990" in a report on 1989's third quarter)."""
    cur = ctx.last_quarter
    if cur is not None and ctx.pub is not None:
        if re.search(r"\b(?:a|an)\s+(?:[\w-]+\s+)?$", ctx.text[max(0, pos - 30):pos], re.IGNORECASE):
            return
        if _quarter_end(*cur) < ctx.pub <= _quarter_end(y, q):
            return
    ctx.last_quarter = (y, q)


def res_year_quarter(c: Candidate, ctx: Context) -> Res:
    """"the 1988 third quarter"; "the 1988 quarter/period" means the quarter under discussion."""
    y = int(c.m["year"])
    if c.m["ord"]:
        q = _ORD[c.m["ord"].lower()]
        _discuss_quarter(ctx, y, q, c.start)
    elif ctx.last_quarter and _period_talk(ctx.text, c.start) != "year":
        q = ctx.last_quarter[1]          # a comparison: the quarter under discussion stays
    else:
        return ("DATE", str(y), "year")
    return ("DATE", f"{y}-Q{q}", "quarter")


def res_half(c: Candidate, ctx: Context) -> Res:
    """"the first half of 1990", "the last two quarters of 1989": TIMEX3 ``1990-H1`` / ``1989-H2``
    (granularity ``quarter``, the nearest the contract has); a relative year needs publication."""
    if c.m["year"]:
        y = int(c.m["year"])
    elif ctx.pub is None:
        return ("DATE", _ref_for(_REL_DIR[c.m["hry"].lower()]), "reference")
    else:
        y = ctx.pub.year + _REL_DIR[c.m["hry"].lower()]
    which = (c.m["which"] or c.m["two"]).lower()
    return ("DATE", f"{y}-H{1 if which in ('first', '1st') else 2}", "quarter")


def res_q_short(c: Candidate, ctx: Context) -> Res:
    y, q = int(c.m["year"]), int(c.m["qn"][1])
    _discuss_quarter(ctx, y, q, c.start)
    return ("DATE", f"{y}-Q{q}", "quarter")


def res_rel_quarter(c: Candidate, ctx: Context) -> Res:
    """"the quarter", "the year-ago quarter", "a year earlier": the quarter under discussion."""
    ph = " ".join(c.m["phrase"].lower().split())
    year_back = "year" in ph and ("ago" in ph or "earlier" in ph or "last year" in ph)
    if ctx.pub is None:
        return ("DATE", "PAST_REF", "reference")
    if ph in ("a year ago", "a year earlier"):
        if ctx.last_quarter and _period_talk(ctx.text, c.start) == "quarter":
            y, q = ctx.last_quarter
            return ("DATE", f"{y - 1}-Q{q}", "quarter")
        return ("DATE", str(ctx.pub.year - 1), "year")
    if re.match(r"(?:the\s+)?year[\s-]", ph) and ph.split()[-1] in ("year-ago", "year-earlier", "ago", "earlier"):
        if not ctx.last_quarter:
            return ("DATE", str(ctx.pub.year - 1), "year")
        if _period_talk(ctx.text, c.start) == "year":      # "for the nine months ... year-earlier"
            return ("DATE", str(ctx.last_quarter[0] - 1), "year")
    ref = ctx.last_quarter
    if any(w in ph for w in ("latest", "most recent", "recent")) and ref is not None \
            and _quarter_end(*ref) >= ctx.pub:
        ref = None          # "the latest quarter" has been reported: a quarter still running is not it
    if "current" in ph:
        ref = (ctx.pub.year, (ctx.pub.month - 1) // 3 + 1)
    if ref is None:
        pq = (ctx.pub.month - 1) // 3          # last completed quarter, 0-based from this year's Q1
        ref = (ctx.pub.year, pq) if pq > 0 else (ctx.pub.year - 1, 4)
    y, q = ref
    if year_back:
        return ("DATE", f"{y - 1}-Q{q}", "quarter")
    ctx.last_quarter = (y, q)
    return ("DATE", f"{y}-Q{q}", "quarter")


# what a "year-ago" comparison is about: the last period named before it (a quarter, or a
# span of a year or more: "the nine months", "the first half", "the full year")
_QUARTER_PERIOD = r"quarter|(?:three|3)[\s-]+months?"
_YEAR_PERIOD = (r"(?:nine|six|twelve|9|6|12)[\s-]+months?|(?:first|second|last)\s+half|full[\s-]+year"
                r"|for\s+the\s+(?:fiscal\s+)?year\b|year[\s-]+to[\s-]+date|for\s+this\s+year\b(?!['’])")
_PERIOD_TALK = re.compile(rf"\b(?:(?P<q>{_QUARTER_PERIOD})|(?P<y>{_YEAR_PERIOD}))", re.IGNORECASE)


PERIOD_REACH = 1500      # characters: the last few paragraphs


def _quarter_end(y: int, q: int) -> date:
    ny, nm = _add_months(y, 3 * q, 1)
    return date(ny, nm, 1) - timedelta(days=1)


def _period_talk(text: str, pos: int) -> str | None:
    """"quarter" or "year": the kind of period last named in the paragraphs before ``pos``
    ("For the nine months, net rose ... from $5 million a year earlier": the year)."""
    last = None
    for m in _PERIOD_TALK.finditer(text, max(0, pos - PERIOD_REACH), pos):
        last = "quarter" if m["q"] else "year"
    return last


def res_season(c: Candidate, ctx: Context) -> Res:
    code, _ = load_lexicon().seasons[c.m["season"].lower()]
    if c.m["year"] or c.m["sy"]:
        return ("DATE", f"{_year_of(c.m)}-{code}", "season")
    if ctx.pub is None:
        return ("DATE", f"XXXX-{code}", "season")
    rel = " ".join((c.m["rel"] or "").lower().split())
    now = SEASON_ORDER[SEASON_OF_MONTH[ctx.pub.month]]
    want = SEASON_ORDER[code]
    y = ctx.pub.year
    if rel in ("last", "this past", "past"):
        y = y if want < now else y - 1
    elif rel in ("next", "this coming"):
        y = y if want > now else y + 1
    elif rel != "this":
        tense = ctx.tense(c)
        if tense == "future":
            y = y if want >= now else y + 1
        elif tense == "past":
            y = y if want <= now else y - 1
    return ("DATE", f"{y}-{code}", "season")


def res_decade(c: Candidate, ctx: Context) -> Res:
    if c.m["c"]:
        return ("DATE", f"{c.m['c']}{c.m['d']}X", "decade")
    d2 = int(c.m["d2"])
    century = 19 if ctx.pub is None or d2 * 10 > ctx.pub.year % 100 else ctx.pub.year // 100
    return ("DATE", f"{century}{d2}X", "decade")


def res_slash_date(c: Candidate, ctx: Context) -> Res:
    """"7/8/07": month/day/year, the US order of the wires we read."""
    y = int(c.m["y"])
    if y < 100 and ctx.pub is None:
        y += 2000 if y <= 30 else 1900
    elif y < 100:
        # the century putting it nearest publication, at most a year after it ("12/31/98"
        # written in 1999 is 1998, in 2001 1998 too; "1/5/02" written in 2001 is 2002)
        y += ctx.pub.year // 100 * 100
        if y > ctx.pub.year + 1:
            y -= 100
    d = _safe_date(y, int(c.m["m"]), int(c.m["d"]))
    return ("DATE", d.isoformat(), "day") if d else None


def res_year(c: Candidate, ctx: Context) -> Res:
    return ("DATE", c.m["year"], "year")


_SPOKEN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
           "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def _year_of(m: re.Match[str]) -> int:
    """The year of a match: four digits, or spoken ("nineteen ninety-six", "two thousand")."""
    if m.groupdict().get("year"):
        return int(m["year"])
    words = re.split(r"[\s-]+", m["sy"].lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + (_SPOKEN.get(words[-1], 0) if len(words) > 2 else 0)
    return 1900 + sum(_SPOKEN[w] for w in words[1:])


def res_spoken_year(c: Candidate, ctx: Context) -> Res:
    return ("DATE", str(_year_of(c.m)), "year")


def res_clock(c: Candidate, ctx: Context) -> Res:
    hh = int(c.m["hh"])
    if not 1 <= hh <= 12:
        return None
    pm = c.m["ampm"].lower().startswith("p")
    hh = hh % 12 + (12 if pm else 0)
    t = f"T{hh:02d}:{int(c.m['mm'] or 0):02d}"
    if ctx.pub is None:
        return ("TIME", "XXXX-XX-XX" + t, "time")
    return ("TIME", ctx.pub.isoformat() + t, "time")


def res_noon(c: Candidate, ctx: Context) -> Res:
    t = "T12:00" if c.m["noon"].lower() == "noon" else "T24:00"
    return ("TIME", (ctx.pub.isoformat() if ctx.pub else "XXXX-XX-XX") + t, "time")


def res_reference(c: Candidate, ctx: Context) -> Res:
    value = load_lexicon().references[" ".join(c.m["phrase"].lower().split())]
    return ("DATE", value, "reference")


def res_set(c: Candidate, ctx: Context) -> Res:
    if c.m["unit"]:
        u = _unit(c.m["unit"])
        return ("SET", _duration_value(1, u), "duration")
    return ("SET", load_lexicon().sets[c.m["phrase"].lower()], "duration")


def res_holiday(c: Candidate, ctx: Context) -> Res:
    rule = load_lexicon().holidays[" ".join(c.m["hol"].lower().split())]
    if ctx.pub is None:
        return ("DATE", "XXXX-XX-XX" if not rule.startswith("fixed") else "XXXX-" + rule[6:], "day")
    rel = (c.m["rel"] or "").lower()
    tense = {"last": "past", "next": "future"}.get(rel) or ctx.tense(c)
    d = pick_year(ctx.pub, lambda y: holiday_date(rule, y), tense, bool(rel) or ctx.direct(c))
    if d is not None and rel == "last" and d == ctx.pub:
        d = holiday_date(rule, ctx.pub.year - 1)
    return ("DATE", d.isoformat(), "day") if d else None


RESOLVERS: dict[str, Callable[[Candidate, Context], Res]] = {
    "iso": res_iso, "md_y": res_full_date, "d_m_y": res_full_date, "md": res_month_day,
    "dm": res_month_day, "m_y": res_month_year, "m_ry": res_month_relyear, "rel_month": res_month,
    "month": res_month, "weekday": res_weekday, "rel_day": res_rel_day, "rel_unit": res_rel_unit,
    "weekend": res_weekend, "the_year": res_the_year, "anaphoric": res_anaphoric, "ago": res_ago, "vague_ago": res_vague_ago, "duration": res_duration,
    "vague_duration": res_vague_duration, "quarter": res_quarter, "q_short": res_q_short, "half": res_half, "year_quarter": res_year_quarter,
    "rel_quarter": res_rel_quarter, "season": res_season, "decade": res_decade, "year": res_year,
    "slash_date": res_slash_date,
    "spoken_year": res_spoken_year, "clock": res_clock, "noon": res_noon, "reference": res_reference,
    "set": res_set, "holiday": res_holiday, "bare_units": res_bare_units,
}


def _range_timexes(c: Candidate, ctx: Context) -> list[Timex]:
    """"from 2003 until 2011" -> two year timexes, marked as the range's start and end."""
    y1 = c.m["y1"]
    y2s = c.m["y2"]
    y2 = y2s if len(y2s) == 4 else str((int(y1) // 100) * 100 + int(y2s))
    return [Timex(c.m.start("y1"), c.m.end("y1"), y1, "DATE", y1, "year", rule="range-start"),
            Timex(c.m.start("y2"), c.m.end("y2"), y2s, "DATE", y2, "year", rule="range-end")]


def parse_published(published: str | None) -> date | None:
    """The publication day as a date (None when absent or unreadable)."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def find_timexes(text: str, published: str | None = None, sdoc: Any = None) -> list[Timex]:
    """Time expressions in ``text`` with TIMEX3 values anchored on ``published``.

    ``sdoc`` (a spaCy Doc over ``text``) lets tense come from the parse; without it a short
    look-back for will/would/shall/"is due to" decides future, else tense is unknown.
    """
    ctx = Context(text=text, pub=parse_published(published), sdoc=sdoc)
    out: list[Timex] = []
    for c in find_candidates(text):
        if c.rule == "year_range":
            out.extend(_range_timexes(c, ctx))
            ctx.last_absolute = (int(out[-2].value), None)
            continue
        r = RESOLVERS[c.rule](c, ctx)
        if r is None:
            continue
        typ, value, gran = r
        out.append(Timex(c.start, c.end, text[c.start:c.end], typ, value, gran, rule=c.rule))
        if c.rule in ABSOLUTE_RULES or (c.rule in CALENDAR_RULES and value[:1].isdigit()):
            ctx.last_absolute = (int(value[:4]), int(value[5:7]) if value[4:5] == "-" and value[5:7].isdigit() else None)
    return merge_clock_times(out, text)


# rules whose value is written out in full in the text (not anchored on publication)
ABSOLUTE_RULES = frozenset({"iso", "md_y", "d_m_y", "m_y", "year", "spoken_year", "q_short", "year_quarter",
                            "slash_date"})


# rules resolving to a calendar day or month ("in March", "on Oct. 12"): anchors for "the
# following month" as good as a date written in full
CALENDAR_RULES = frozenset({"md", "dm", "month", "rel_month", "m_ry"})


DAY_VALUE = re.compile(r"^(?:\d{4}|XXXX)-\d\d-\d\d")
_CLOCK_THEN_DAY = re.compile(r"^\s*,?\s*(?:on\s+)?$")
_DAY_THEN_CLOCK = re.compile(r"^\s*,?\s*(?:at\s+)?$")


def merge_clock_times(ts: list[Timex], text: str) -> list[Timex]:
    """"10 p.m. Wednesday", "Friday at noon": one TIME on that day, not a time plus a date."""
    out: list[Timex] = []
    i = 0
    while i < len(ts):
        a = ts[i]
        b = ts[i + 1] if i + 1 < len(ts) else None
        merged = None
        if b is not None:
            gap = text[a.end:b.start]
            if a.rule in ("clock", "noon") and DAY_VALUE.match(b.value) and _CLOCK_THEN_DAY.match(gap):
                merged = (b.value[:10], a.value[a.value.index("T"):])
            elif b.rule in ("clock", "noon") and DAY_VALUE.match(a.value) and _DAY_THEN_CLOCK.match(gap):
                merged = (a.value[:10], b.value[b.value.index("T"):])
        if merged is None:
            out.append(a)
            i += 1
            continue
        out.append(Timex(a.start, b.end, text[a.start:b.end], "TIME", merged[0] + merged[1], "time",
                         rule="datetime"))
        i += 2
    return out


# ------------------------------------------------------------------------------------ event dates

CALENDAR_VALUE = re.compile(r"^\d{4}(?:-(?:\d\d(?:-\d\d)?|W\d\d(?:-WE)?|Q[1-4]|SP|SU|FA|WI))?$|^\d{3}X$")


def event_date_of(t: Timex) -> tuple[str, str] | None:
    """(date, granularity) an event may take from a timex, or None (durations, sets, *_REF)."""
    if t.type in ("DURATION", "SET"):
        return None
    if t.type == "TIME":
        day = t.value[:10]
        return (day, "day") if re.match(r"^\d{4}-\d\d-\d\d$", day) else None
    if CALENDAR_VALUE.match(t.value):
        return t.value, t.granularity
    return None


def _token_at(sdoc: Any, start: int, end: int) -> Any:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _clause_verb(tok: Any, include_self: bool) -> Any:
    """The nearest verb at or above ``tok`` (its clause's head), or the sentence root."""
    t = tok if include_self else tok.head
    for _ in range(20):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def _attachment(tok: Any) -> Any:
    """The first word above ``tok`` that is not a preposition: what the timex modifies."""
    t = tok
    for _ in range(10):
        if t.head.i == t.i:
            return t
        t = t.head
        if t.pos_ != "ADP":
            return t
    return t


def _rank(t: Timex, trig: Any, sdoc: Any) -> int | None:
    """How closely a timex belongs to the event's trigger (lower is closer; None: not at all).

    0: it modifies the trigger itself ("attacked on Friday", "the Friday attack");
    1: it modifies the verb of the trigger's clause ("imposed sanctions ... this week" for a
       nominal trigger "sanctions");
    2: it modifies a clause above the trigger's, reached through complement, adverbial or
       coordinated clauses only ("released a statement on Friday refusing ...");
    3: the trigger's clause is a relative clause with no time of its own that continues the
       clause the timex modifies, or hangs on the timex itself ("spoke with him on Wednesday,
       who agreed ...", see ``_relative_host``).
    A timex hanging from another noun or adjective ("the January 7 launch", "payable Dec. 7") or
    from another verb's clause (a relative clause, a sibling clause) dates that, not the event.
    """
    span = sdoc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    if span.start <= trig.i < span.end:
        return 0
    head = _attachment(span.root)
    if head.i == trig.i:
        return 0
    if head.pos_ not in ("VERB", "AUX"):
        return None
    trig_verb = _clause_verb(trig, include_self=True)
    if head.i == trig_verb.i:
        return 1
    v = trig_verb
    rank = 2
    for _ in range(20):
        if v.dep_ == "relcl":
            # a relative clause with no time of its own happens when the clause it continues
            # happens: "spoke with him on Wednesday, who agreed ...", never "a man who had
            # attacked ..." (a restrictive clause describes its noun, a past perfect goes back)
            found = _relative_host(v, span)
            if found is None:
                return None
            on_timex, v = found
            if on_timex:
                return 3
            rank = 3
            if v.i == head.i:
                return rank
            if v.pos_ not in ("VERB", "AUX"):
                return None
            continue
        if v.head.i == v.i:
            return None
        if v.dep_ == "acl":
            # a participle on a noun ("a statement refusing ...", "a resolution calling on
            # ...") happens when the clause that governs the noun happens
            v = v.head
            while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
                v = v.head
            if v.i == head.i:
                return rank
            continue
        v = v.head
        if v.i == head.i:
            return rank
    return None


def _relative_host(rel: Any, timex: Any) -> tuple[bool, Any] | None:
    """Whether a relative clause hangs on the time expression itself, and the verb of the clause
    it continues the narrative of (that of the noun it is on), or None when the clause may
    tell of another time: a defining clause ("the man who attacked ..."; unless it hangs on
    the time expression itself, "on Wednesday who agreed"), a clause told before its host's verb
    ("The envoy, who criticised the plan, met ..."), a past perfect ("who had attacked"), or a
    tense that differs from its host clause's ("who says", "who will go")."""
    noun = rel.head
    if rel.i < noun.i:
        return None
    on_timex = timex.start <= noun.i < timex.end
    first = min(t.i for t in rel.subtree)
    doc = rel.doc
    if not on_timex and not (first > 0 and doc[first - 1].text in (",", "—", "–", "(")):
        return None
    auxes = {c.lower_ for c in rel.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"had", "'d"}:
        return None
    host = _clause_verb(noun, include_self=False)
    if rel.i < host.i:
        return None                     # "The envoy, who criticised the plan, met ...": background
    tense = _verb_tense(rel)
    if tense is None or tense != _verb_tense(host):
        return None
    return on_timex, host


def choose_timex(ev: Event, doc: Document, sent: tuple[int, int] | None) -> Timex | None:
    """The timex that dates ``ev``: governed by its trigger, else its clause, else its sentence."""
    lo, hi = sent if sent else (ev.evidence.start, ev.evidence.end)
    cands = [t for t in doc.timexes if t.start >= lo and t.end <= hi and event_date_of(t) is not None
             and t.rule != "range-end"]
    if not cands:
        return None
    sdoc = doc.doc
    tr = ev.trigger
    if sdoc is None or tr is None:
        anchor = tr.start if tr else ev.evidence.start
        return min(cands, key=lambda t: abs(t.start - anchor))
    trig = _token_at(sdoc, tr.start, tr.end)
    if trig is None:
        return None
    ranked = [(r, abs(t.start - tr.start), t) for t in cands if (r := _rank(t, trig, sdoc)) is not None]
    if not ranked:
        return None
    return min(ranked, key=lambda x: (x[0], x[1]))[2]


def _sentence_bounds(ev: Event, bounds: list[tuple[int, int]] | None) -> tuple[int, int] | None:
    """Character span of the event's sentence among ``bounds`` (every sentence's span, listed
    once per document; None when the document was not parsed)."""
    if bounds is None:
        return None
    if ev.sentence is not None and 0 <= ev.sentence < len(bounds):
        return bounds[ev.sentence]
    for start, end in bounds:
        if start <= ev.evidence.start < end:
            return start, end
    return None


def attach_event_dates(doc: Document) -> None:
    """Give every event a date, its granularity and where it came from ("text"/"published")."""
    pub = doc.article.published_day
    bounds = [(s.start_char, s.end_char) for s in doc.doc.sents] if doc.doc is not None else None
    for ev in doc.events:
        t = choose_timex(ev, doc, _sentence_bounds(ev, bounds))
        got = event_date_of(t) if t is not None else None
        if got is not None:
            ev.date, ev.date_granularity = got
            ev.date_source = "text"
        elif parse_published(pub) is not None:
            ev.date, ev.date_granularity, ev.date_source = pub, "day", "published"
        else:
            ev.date = ev.date_granularity = ev.date_source = None
    if bounds is not None:
        continue_narrative_dates(doc, bounds)


def _participants(ev: Event) -> set[str]:
    return {a.code for a in (ev.source, ev.target) if a is not None and a.code}


def _simple_past(trig: Any) -> bool:
    """The trigger's clause is told in the simple past ("The PM told Pompeo ..."): no perfect,
    no modal or future, no present."""
    v = _clause_verb(trig, include_self=True)
    lows = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}
    if lows & ({"have", "has", "had", "'ve", "'d"} | FUTURE_AUX | MODAL_FUTURE):
        return False
    return _verb_tense(v) == "past"


def _paragraph_break(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether a line break separates two sentences (spaCy may keep the blank line in either)."""
    end = before[0] + len(text[before[0]:before[1]].rstrip())
    seg = text[after[0]:after[1]]
    start = after[0] + len(seg) - len(seg.lstrip())
    return "\n" in text[end:start]


def continue_narrative_dates(doc: Document, bounds: list[tuple[int, int]]) -> None:
    """An event told in the simple past with no time of its own, in the sentence right after one
    whose asserted event the text dates, in the same paragraph and with a participant in common,
    continues that narrative and takes its date: "Pompeo spoke with Abdul-Mahdi on Thursday. The
    PM told Pompeo to send a delegation." -> the telling was Thursday.  The date stays
    ``date_source: "text"`` (it is written in the text) and ``date_rule`` says it was carried
    over.  Not when the event's clause has a time expression of its own (even one that cannot
    date an event: "now"; a date on another noun, "a resolution on Sunday", is not its own) or
    the sentence a word that moves the story on ("later", ``sequence_words.tsv``), when the earlier sentence's dated events disagree, or when the date
    is after publication."""
    pub = parse_published(doc.article.published_day)
    text = doc.article.text
    sdoc = doc.doc
    moves_on = load_lexicon().sequence_words
    by_sent: dict[int, list[Event]] = {}
    for ev in doc.events:
        k = ev.sentence
        if k is None:
            k = next((i for i, (lo, hi) in enumerate(bounds) if lo <= ev.evidence.start < hi), None)
        if k is not None:
            by_sent.setdefault(k, []).append(ev)
    for k, evs in by_sent.items():
        if k == 0 or _paragraph_break(text, bounds[k - 1], bounds[k]):
            continue
        dated = [e for e in by_sent.get(k - 1, ())
                 if e.date_source == "text" and e.modality == "asserted" and e.date]
        if len({(e.date, e.date_granularity) for e in dated}) != 1:
            continue
        day = dated[0].date
        if pub is not None and day > pub.isoformat():
            continue
        shared = set().union(*(_participants(e) for e in dated))
        todo = [ev for ev in evs if ev.date_source != "text" and ev.trigger is not None
                and _participants(ev) & shared]
        lo, hi = bounds[k]
        if not todo or any(t.lower_ in moves_on
                           for t in sdoc.char_span(lo, hi, alignment_mode="expand") or ()):
            continue
        own = [t for t in doc.timexes if t.start >= lo and t.end <= hi]
        for ev in todo:
            trig = _token_at(sdoc, ev.trigger.start, ev.trigger.end)
            if trig is None or not _simple_past(trig) or any(_rank(t, trig, sdoc) is not None for t in own):
                continue                # a time of its own, even one that dates nothing ("now")
            ev.date, ev.date_granularity = day, dated[0].date_granularity
            ev.date_source, ev.date_rule = "text", "continues-previous-sentence"


# ------------------------------------------------------------------------------------ stage

class Stage:
    """The ``time`` stage: ``doc.timexes`` and each event's date fields."""

    name = "time"

    def __call__(self, doc: Document) -> Document:
        doc.timexes = find_timexes(doc.article.text, doc.article.published, doc.doc)
        attach_event_dates(doc)
        return doc


@registry.register("time", "anchored")
def make(config: dict[str, Any]) -> Stage:
    load_lexicon()
    patterns()
    return Stage()
