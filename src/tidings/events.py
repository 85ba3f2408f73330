"""The events stage: candidate triggers from the parse, typed by lexicon (+ classifier), with
source, target, modality, CAMEO code, Goldstein, QuadClass, evidence and confidence.

How an event is found, in order:

1. **Candidates.**  Every verb whose lemma is in the trigger lexicon (``data/lexicon``) and every
   event noun ("withdrawal", "sanctions", "assassination", "launch of missiles").  A support verb
   ("carried out an attack", "imposed sanctions") hands its subject to its object noun.
2. **Typing.**  The most specific lexicon entry whose conditions hold on the trigger's dependents
   gives the CAMEO code and the PLOVER type/mode; the learned classifier (``tidings train``),
   when present, vetoes candidates it is confident are not political events (sports "attacks",
   metaphors) and breaks ties between readings.
3. **Roles.**  Source = subject (or passive "by"-agent, possessive of a noun trigger, "from X"),
   inherited through xcomp/conj/relative clauses; target = object, passive subject, dative, or
   the object of a preposition the trigger takes ("talks with", "sanctions on", "attack on").
   Actors come from ``Document.mentions`` (the actors stage); a first-person subject inside
   reported speech takes the reporting verb's subject.
4. **Modality.**  Negation, embedding under refuse/deny (negated), under request/offer/threat
   verbs (the content is not asserted), intention and modal verbs (future/hypothetical),
   conditionals (hypothetical) and dated background (historical).  Per the PLOVER manual,
   cooperative actions announced in the future tense are AGREE, and announced future retreats
   are CONCEDE.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .records import Actor, Document, Event, Evidence, Mention
from .registry import registry

# ------------------------------------------------------------------ lexicon


@dataclass(frozen=True)
class LexEntry:
    lemma: str
    pos: str                     # "V" or "N"
    conds: tuple[tuple[str, str], ...]
    cameo: str
    type: str                    # PLOVER type, or "-" (not an event: reporting verb etc.)
    mode: str | None
    role: str                    # "", "content", "negate", "report", "light"

    @property
    def specificity(self) -> int:
        return len(self.conds)

    def describe(self) -> str:
        conds = ";".join(f"{k}={v}" if v else k for k, v in self.conds)
        return f"{self.lemma}/{self.pos}" + (f"[{conds}]" if conds else "")


def _data_path(*parts: str) -> Any:
    return resources.files("tidings").joinpath("data", *parts)


def _read_tsv(*parts: str) -> list[dict[str, str]]:
    text = _data_path(*parts).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


class Lexicon:
    """Trigger lexicon: (lemma, pos) -> entries, most specific first."""

    def __init__(self, rows: Iterable[dict[str, str]], light: Iterable[str],
                 modality: dict[str, str]) -> None:
        self.entries: dict[tuple[str, str], list[LexEntry]] = {}
        for r in rows:
            conds = tuple(tuple(c.split("=", 1)) if "=" in c else (c, "")
                          for c in (r.get("cond") or "").split(";") if c)
            e = LexEntry(r["lemma"].lower(), r["pos"], conds, r["cameo"], r["type"],  # type: ignore[arg-type]
                         r.get("mode") or None, r.get("role") or "")
            self.entries.setdefault((e.lemma, e.pos), []).append(e)
        # most conditions first; among as many, those naming words ("prt=off;obj=strike") before
        # structural ones ("actorobj;noclause"): a phrasal verb is another verb
        for lst in self.entries.values():
            lst.sort(key=lambda e: (-e.specificity, -sum(1 for _, v in e.conds if v)))
        self.light = set(light)
        self.modality = modality
        self.noun_lemmas = {lem for (lem, pos) in self.entries if pos == "N"}

    def candidates(self, lemma: str, pos: str) -> list[LexEntry]:
        return self.entries.get((lemma, pos), [])


@functools.cache
def load_lexicon() -> Lexicon:
    rows = _read_tsv("lexicon", "triggers.tsv")
    light = [r["lemma"] for r in _read_tsv("lexicon", "light_verbs.tsv")]
    text = _data_path("lexicon", "modality.tsv").read_text(encoding="utf-8")
    modality = {}
    for ln in text.splitlines():
        if ln.strip() and not ln.startswith("#"):
            cue, kind = ln.split("\t")[:2]
            modality[cue] = kind
    return Lexicon(rows, light, modality)


# ------------------------------------------------------------------ syntax helpers

OBJ_DEPS = {"dobj", "obj", "attr", "oprd", "nsubjpass", "dative"}
SUBJ_DEPS = {"nsubj", "csubj", "expl"}
FIRST_PERSON = {"we", "i", "us", "our", "my"}
THIRD_PERSON = {"it", "they", "he", "she"}
RELATIVE = {"who", "which", "that", "whom", "whose"}
# a "who" clause is about a person or a group, never a date or a place: hung on one of these it
# was misattached (see EventCoder._antecedent); nor is an adverbial phrase's object ("on the
# phone", "at a news conference") its antecedent
PERSONAL_RELATIVE = {"who", "whom"}
NOT_A_WHO = {"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
             "QUANTITY"}
ADVERBIAL_PREPS = {"on", "at", "in", "during", "over", "by", "via", "through", "after",
                   "before"}
REPORT_LEMMAS = {"say", "state", "tell", "add", "announce", "declare", "stress", "reiterate",
                 "underscore", "note", "explain", "insist", "argue", "claim", "write", "tweet",
                 "read", "confirm"}
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_AGO_RE = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|"
                     r"several|many|some)(?:[- ]\w+)?\s+(years|decades)\s+ago\b", re.I)
# prepositions that introduce the target of a verb trigger, in order of preference
TARGET_PREPS = ("with", "on", "against", "at", "into", "to", "upon", "toward", "towards",
                "from", "in", "for", "over", "about")
# giving back what was taken: asked of whoever took or holds it
RETURN_NOUNS = {"return", "release", "handover", "restitution", "restoration", "repatriation",
                "freeing"}
# talks a concession can come out of ("called off the strike after talks with the government")
TALK_NOUNS = {"talk", "talks", "negotiation", "negotiations", "deliberation", "deliberations",
              "consultation", "consultations", "discussion", "discussions", "meeting",
              "meetings", "dialogue", "agreement", "deal"}
# verbs of taking by force: "confiscated weapons from armed groups" is done to whom it is taken from
TAKING_LEMMAS = {"confiscate", "seize", "expropriate", "requisition", "wrest", "impound"}
# event types whose compound actors act with each other (no separate recipient)
RECIPROCAL_TYPES = {"CONSULT", "AGREE", "COOPERATE"}
# clause openers that present an earlier event as background to the news
BACKGROUND_MARKS = {"after", "since", "following"}
# verbs whose object noun is a topic, not an event that happened
TOPIC_VERBS = {"discuss", "debate", "consider", "mention", "plan", "propose", "study", "weigh",
               "negotiate", "examine", "review", "explore", "address"}
# control verbs whose infinitive complement did happen ("began to withdraw")
ASSERTING_CONTROL = {"begin", "start", "continue", "manage", "proceed", "decide", "resume",
                     "go", "vote", "move", "act", "get", "come", "use", "help"}
NON_EVENT_ENTS = {"ORG", "EVENT", "WORK_OF_ART", "LAW", "DATE", "TIME", "FAC", "GPE", "NORP",
                  "PERSON", "PRODUCT"}
# nouns of travel: "arrived in Amman on a visit" visits the place's country
VISIT_NOUNS = {"visit", "trip", "tour", "mission"}
# pronouns by which an actor names itself or what is its own
OWN_PRONOUNS = {"its", "their", "his", "her", "it", "they", "itself", "themselves", "our", "we"}
# verb + preposition pairs whose object noun names what the subject does ("engaged in ethnic
# cleansing", "held civilians as human shields")
PREP_SUPPORT = {("in", "engage"), ("in", "participate"), ("as", "hold"), ("as", "use")}
# "in protest at ...", "in defiance of ...": what a protest act is aimed at
PROTEST_PURPOSE_NOUNS = {"protest", "defiance", "opposition", "response", "retaliation"}
# things that are written or voted rather than actors ("a resolution that aims to ...")
DOCUMENT_NOUNS = {"resolution", "bill", "law", "plan", "proposal", "draft", "motion", "report",
                  "statement", "letter", "decree", "agreement", "accord", "treaty", "deal",
                  "declaration", "document", "initiative", "measure", "amendment"}
# what is asked of the country one flees to ("sought asylum in Germany")
REFUGE_NOUNS = {"refuge", "asylum", "shelter", "sanctuary"}
# what two parties have with each other ("upgraded their ties")
MUTUAL_NOUNS = {"tie", "ties", "relation", "relations", "relationship", "cooperation"}
# nouns that count or group the people named by their "of" phrase ("thousands of ...")
PARTITIVE_NOUNS = {"thousand", "hundred", "dozen", "million", "score", "group", "number",
                   "crowd", "band", "handful", "majority", "some", "many", "most", "all",
                   "member", "members"}
# what two parties make together: compound actors that sign one face each other
PACT_NOUNS = {"agreement", "accord", "treaty", "pact", "deal", "memorandum", "protocol",
              "convention", "communique", "charter"}
# nouns of fighting the lexicon does not code as events of their own ("the defeat of ISIS")
COMBAT_NOUNS = {"defeat", "war", "battle", "struggle", "destruction", "elimination",
                "eradication"}
HOSTILE_AIM_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "SANCTION", "THREATEN"}
# hostile acts whose "in <place>" names where they fall, hence the target
HOSTILE_IN_TYPES = {"ASSAULT", "PROTEST", "MOBILIZE", "COERCE"}
# verbs whose agentless passive states the subject's own stance ("is opposed to")
STATIVE_PASSIVES = {"oppose", "commit", "dedicate", "determine", "resolve", "devote", "engage",
                    "involve"}
# retreats whose agentless passive subject is the one retreating ("were demobilized")
SELF_RETREAT_LEMMAS = {"demobilize", "demobilise", "disarm", "disband", "evacuate", "withdraw",
                       "pull"}
# sectors of the state's coercive arm
STATE_SECTORS = {"MIL", "COP", "SPY"}
# verbs that end something: the event noun they take existed before ("removing the sanctions
# on Burma", "ending the strike"): not a new event of this report
END_VERBS = {"remove", "lift", "end", "scrap", "drop", "revoke", "rescind", "repeal", "abolish",
             "terminate", "relax", "ease", "suspend", "cancel", "halt", "stop"}
# what an authority orders its own outlets, parties or firms to do when it shuts them down
# ("ordered the newspaper to suspend publication"): an administrative sanction (CAMEO 172)
CLOSURE_LEMMAS = {"suspend", "close", "shut", "halt", "stop", "cease", "disband", "dissolve"}
# verbs of meeting that, with no one met, tell a body in session ("the cabinet met Sunday")
MEET_LEMMAS = {"meet", "convene"}
# verbs of attempting: the complement was tried, not (necessarily) done
ATTEMPT_LEMMAS = {"attempt", "try"}
# force used "to disperse the demonstrators", "to stop the marchers": the people it is used on
FORCE_AIM_LEMMAS = {"disperse", "scatter", "repel", "repulse", "stop", "halt", "quell", "subdue",
                    "break", "push", "drive", "clear", "evict", "block"}
# "restrictions on its labour market for new members", "a ban on imports from China": the
# people or country a restriction falls on, named inside the phrase the restriction is on
RESTRICTED_PREPS = ("for", "from", "to", "with", "against")
# acts that voice a position; as a bare participle beside another act ("rioted, demanding ...")
# they say what that act was for
SPEECH_TYPES = {"REQUEST", "ACCUSE", "SUPPORT", "REJECT"}
INTENT_ADJ = {"willing", "ready", "prepared", "eager", "keen", "open"}
COOP_TYPES = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"}
# announced hostile acts become threats (CAMEO 13x) of the matching kind
THREAT_CAMEO = {"SANCTION": "1312", "ASSAULT": "138", "COERCE": "137", "MOBILIZE": "138",
                "PROTEST": "133"}
# "will X unless ...": the threat of the matching kind, beyond THREAT_CAMEO
CONDITIONAL_THREAT_CAMEO = {"RETREAT": "136", "CONCEDE": "136", "AID": "1311",
                            "COOPERATE": "1313", "CONSULT": "134"}
# "will not ..." cooperative acts become refusals (CAMEO 12x) of the matching kind
REFUSE_CAMEO = {"AGREE": "120", "CONSULT": "125", "SUPPORT": "120", "COOPERATE": "121",
                "AID": "122", "CONCEDE": "124", "RETREAT": "124"}


# dependency links that keep a trigger inside its governor's telling of the event ("shelled the
# town, killing 20", "killed one and wounded two", "killed 46 in an attack on a village"); a
# reported or relative clause ("and said they also opposed ...") is a telling of its own
FOLD_DEPS = {"conj", "advcl", "prep", "pobj", "pcomp", "dobj", "npadvmod"}


def _linked_within_clause(tok: Any, anc: Any) -> bool:
    cur = tok
    while cur.i != anc.i:
        if cur.dep_ not in FOLD_DEPS or cur.head == cur:
            return False
        cur = cur.head
    return True


# acts that, with no one named on the receiving end, fall on the actor's own country: a protest
# with no named target is against its own government; arrests, curfews, bans, lifted
# restrictions and called-off strikes apply at home
DOMESTIC_TYPES = {"PROTEST": "GOV", "COERCE": "", "CONCEDE": ""}


def _domestic_target(source: Actor, typ: str) -> Actor | None:
    code = (source.code or "")[:3]
    if not source.country or len(code) < 3 or not code.isalpha() or \
            code in ("IGO", "NGO", "IMG", "MNC"):
        return None
    sector = DOMESTIC_TYPES[typ]
    return Actor(text="", code=code + sector, country=source.country,
                 sector=[sector] if sector else [], kind="sector" if sector else "country",
                 resolution={"rule": "domestic-default", "from": "source"})


def _outside_clauses(tok: Any) -> list[Any]:
    """A token's subtree without the relative and participial clauses hanging off it."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(ch for ch in t.children if ch.dep_ not in ("relcl", "acl"))
    return sorted(out, key=lambda t: t.i)


def _told_before(events: list[Event], si: int, typ: str, source_code: str | None = None) -> bool:
    """Whether an asserted event of this type (by this source, if given) was coded from an
    earlier sentence of the article."""
    return any(ev.type == typ and ev.modality == "asserted" and ev.sentence is not None
               and ev.sentence < si and (source_code is None or (
                   ev.source is not None and ev.source.code == source_code))
               for ev in events)


def _retold(events: list[Event], si: int, tok: Any, typ: str, source: Actor | None,
            target: Actor | None) -> bool:
    """An event noun that points back to an event already told, a retelling, not a second event:
    - a definite noun with no actor of its own ("The drone strike assassination outside the
      airport was ...") after an asserted event of its type in an earlier sentence;
    - a noun owned by its source ("Abdul-Mahdi's demand"), with no date of its own, after an
      asserted event of its type by the same source: "there was no mention of Abdul-Mahdi's
      demand" retells the demand."""
    if source is None and target is None:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) \
            and _told_before(events, si, typ)
    if source is None or not source.code or not any(c.dep_ == "poss" for c in tok.children):
        return False
    if any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree):
        return False                    # "the regime's January 7 launch": its own time
    return _told_before(events, si, typ, source.code)


def _sentence_span(sent: Any) -> tuple[int, int]:
    """Character span of a sentence without the whitespace (paragraph breaks) that trails it."""
    text = sent.text
    return sent.start_char, sent.start_char + len(text.rstrip())


def _lemma(tok: Any) -> str:
    return tok.lemma_.lower()


def _with_conj(tok: Any) -> list[Any]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_with_conj(c))
    return out


def _in_relative(tok: Any, top: Any) -> bool:
    """Whether ``tok`` sits inside a relative clause below ``top`` ("assets the firms hold in
    the United States": the place where the firms hold them is not the sanction's target)."""
    cur = tok
    while cur.i != top.i and cur.head.i != cur.i:   # spaCy makes a new Token per access
        if cur.dep_ == "relcl":
            return True
        cur = cur.head
    return False


def _objects(tok: Any) -> list[Any]:
    """Object-like dependents of a trigger (with their conjuncts)."""
    objs: list[Any] = []
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    for c in tok.children:
        if c.dep_ in OBJ_DEPS and not (c.dep_ == "nsubjpass" and not passive):
            objs.extend(_with_conj(c))
    return objs


def _obj_lemmas(tok: Any) -> set[str]:
    """Lemmas naming what the trigger acts on: object heads, their modifiers, "of"/"in" objects."""
    out: set[str] = set()
    for o in _objects(tok):
        out.add(_lemma(o))
        out.add(o.text.lower())
        for c in o.children:
            if c.dep_ in ("compound", "amod", "nmod"):
                out.add(_lemma(c))
            if c.dep_ == "prep" and c.lemma_.lower() in ("of", "in"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.update(_lemma(x) for x in _with_conj(p))
    return out


def _infinitive(clause: Any) -> bool:
    """A clause with infinitival "to" ("urged Kenya [to reopen] ...")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _for_clause(clause: Any) -> bool:
    """An adverbial clause opened by "for" ("pushing hard [for the US to support] ...")."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for"
                                          for m in clause.children)


def _preps(tok: Any, repair: bool = False) -> list[tuple[str, Any]]:
    """(preposition, its object) of a token's prepositional phrases; with ``repair``, the
    object of a preposition the parser left bare (``_stranded_object``)."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent"):
            objs = [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
            out.append((c.lemma_.lower(), objs[0] if objs else
                        _stranded_object(c) if repair else None))
    return out


def _stranded_object(prep: Any) -> Any | None:
    """The object of a preposition the parser left with no dependents: the noun phrase right
    after it, made the subject of a following clause ("granted asylum to five officers holed up
    in ..."), or, before a coordinated verb, the phrase that ends that verb's clause ("opened
    ties with and an embassy in Tehran": shared by both)."""
    if any(True for _ in prep.children) or prep.i + 1 >= prep.sent.end:
        return None
    nxt = prep.doc[prep.i + 1]
    if nxt.pos_ == "CCONJ":
        conj = next((c for c in nxt.head.children if c.dep_ == "conj" and c.i > nxt.i), None)
        ends = [t for t in conj.subtree if t.dep_ in ("pobj", "dobj")
                and t.pos_ in ("NOUN", "PROPN")] if conj is not None else []
        return ends[-1] if ends else None
    for t in prep.sent:
        if t.i > prep.i and t.left_edge.i == nxt.i and t.pos_ in ("NOUN", "PROPN"):
            return t if t.dep_ in ("nsubj", "nsubjpass") else None
    return None


def _quantity_only(tok: Any) -> bool:
    """A number or amount as such ("on 12", "by 50 percent"), not "thousands of refugees"."""
    return tok.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY") or (
        tok.ent_type_ == "CARDINAL" and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in tok.children))


class Features:
    """What the lexicon conditions look at, computed once per candidate token."""

    def __init__(self, tok: Any, is_actor: Any) -> None:
        self.tok = tok
        self.objs = _obj_lemmas(tok)
        self.preps = _preps(tok)
        # "pushing hard for the US (to) support ...": a clause opened by "for" is what the
        # trigger's "for" asks for
        self.for_clause = any(_for_clause(c) for c in tok.children)
        self.prts = {c.lemma_.lower() for c in tok.children if c.dep_ == "prt"}
        self.comp = any(c.dep_ in ("xcomp", "ccomp") for c in tok.children)
        self.xcomp = any(c.dep_ == "xcomp" for c in tok.children)
        self.clause = any(c.dep_ in ("xcomp", "ccomp", "oprd") for c in tok.children)
        self.compounds = {c.lemma_.lower() for c in tok.children
                          if c.dep_ in ("compound", "amod", "nmod")}
        self.actorobj = any(is_actor(o) for o in _objects(tok))

    def holds(self, kind: str, arg: str) -> bool:
        vals = set(arg.split("|")) if arg else set()
        if kind == "obj":
            return bool(self.objs & vals)
        if kind == "prep":
            return any(p in vals for p, _ in self.preps) or ("for" in vals and self.for_clause)
        if kind == "pobj":
            prep, _, objs = arg.partition(":")
            want = set(objs.split("|"))
            for p, o in self.preps:
                if p == prep and o is not None and ("*" in want or _lemma(o) in want or any(
                        c.dep_ in ("compound", "amod") and _lemma(c) in want
                        for c in o.children)):
                    return True
            return False
        if kind == "prt":
            return bool(self.prts & vals)
        if kind == "noprt":
            return not self.prts & vals
        if kind == "comp":
            return self.comp
        if kind == "xcomp":
            return self.xcomp
        if kind == "noclause":
            return not self.clause
        if kind == "compound":
            return bool(self.compounds & vals)
        if kind == "actorobj":
            return self.actorobj
        if kind == "light":
            return self.tok.dep_ in ("dobj", "obj") and self.tok.head.lemma_.lower() in vals
        return False

    def match(self, entries: list[LexEntry]) -> LexEntry | None:
        for e in entries:
            if all(self.holds(k, a) for k, a in e.conds):
                return e
        return None


# ------------------------------------------------------------------ the coder


@dataclass
class Candidate:
    tok: Any
    entry: LexEntry
    noun: bool
    light_head: Any = None       # support verb governing a noun trigger
    roles: tuple[Any, Any] = (None, None)   # source and target tokens, once found
    dismissed: bool = False      # judged and found no event ("the cabinet met"): not re-asked


class EventCoder:
    name = "events"

    def __init__(self, classifier: Any = None, min_confidence: float = 0.0,
                 fallback_threshold: float = 0.8, background_clauses: bool = True,
                 batch_size: int = 8) -> None:
        self.lex = load_lexicon()
        self.batch_size = max(1, batch_size)
        self.background_clauses = background_clauses
        self.classifier = classifier
        self.min_confidence = min_confidence
        self.fallback_threshold = fallback_threshold

    # -------------------------------------------------------------- actors
    def _mention_index(self, doc: Document) -> dict[int, list[Mention]]:
        idx: dict[int, list[Mention]] = {}
        sdoc = doc.doc
        for m in doc.mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                idx.setdefault(t.i, []).append(m)
        return idx

    def _np_tokens(self, tok: Any) -> list[Any]:
        """The noun phrase of an argument: its subtree without clauses hanging off it."""
        out = [tok]
        for c in tok.children:
            if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "cc"):
                continue
            if c.dep_ == "conj":
                continue
            out.extend(self._np_tokens(c))
        return out

    def _actor_of(self, tok: Any | None, midx: dict[int, list[Mention]],
                  depth: int = 0) -> Actor | None:
        if tok is None or depth > 3:
            return None
        # relative pronoun: the noun the clause modifies
        if tok.lower_ in RELATIVE and tok.head.dep_ in ("relcl", "acl") or (
                tok.lower_ in RELATIVE and tok.head.head != tok.head):
            if tok.head.dep_ == "relcl":
                return self._actor_of(self._antecedent(tok), midx, depth + 1)
        ms = midx.get(tok.i)
        if not ms and (tok.ent_type_ == "CARDINAL" or _lemma(tok) in PARTITIVE_NOUNS):
            # "thousands of Nigerians from across the country", "a group of Kurdish
            # refugees": the people counted, not a place further down their phrase
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            inner = self._actor_of(p, midx, depth + 1)
                            if inner is not None:
                                return inner
        if ms and any(m.actor.country for m in ms):
            return self._pick(ms).actor
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        # (also a coded name modifying the head: "the Red Cross mission in Somalia")
        coded = [m for m in (ms or []) + [m for c in mods for m in midx.get(c.i, ())
                                          if not m.actor.country]
                 if m.actor.code and not m.actor.code.startswith("---")
                 and (m.text or "").lower() not in OWN_PRONOUNS]
        toks = sorted(self._np_tokens(tok), key=lambda t: t.i)
        found: list[Mention] = []
        for t in toks:
            for m in midx.get(t.i, []):
                if m not in found:
                    found.append(m)
        with_country = [m for m in found if m.actor.country]
        if with_country:
            # "delegations from Washington": the head has no country, its modifier does.  A
            # modifier of the head itself ("French mediation in talks with Syria, an aide to
            # Barak" is France's) wins over one deep in a prepositional chain
            named = [m for m in with_country if (m.text or "").lower() not in OWN_PRONOUNS]
            near = [m for m in named if any(m in midx.get(c.i, ()) for c in mods)]
            if coded and not near:
                # a coded head without a country (an IGO, an NGO: "the United Nations office
                # in Darfur") is its own actor; a place further down its phrase is not its own
                return self._pick(coded).actor
            return self._pick(near or named or with_country).actor
        if ms:
            return self._pick(ms).actor
        if found:
            return self._pick(found).actor
        return None

    @staticmethod
    def _antecedent(pron: Any) -> Any | None:
        """The noun a relative pronoun stands for: the noun its clause modifies, except where
        the parser hung a "who" clause on a date or a place after the person ("spoke with the
        minister on the phone on Wednesday, who agreed ...": a day or a country is no "who"),
        or on the subject across the subject's own verb.  Then the nearest noun before it, past
        dates, places and the objects of adverbial phrases ("on the phone", "at the prison"), is
        the antecedent."""
        noun = pron.head.head
        # (also a "who" clause after a comma hung on the subject across the subject's own verb:
        # "the president spoke with the minister on Tuesday, who agreed" is the minister's)
        across = noun.i < noun.head.i < pron.i and pron.i > 0 and \
            pron.doc[pron.i - 1].text == ","
        if pron.lower_ not in PERSONAL_RELATIVE or (noun.ent_type_ not in NOT_A_WHO and
                                                    not across):
            return noun
        for t in reversed(list(pron.sent)[:pron.i - pron.sent.start]):
            if t.pos_ not in ("NOUN", "PROPN", "PRON") or t.dep_ in (
                    "compound", "amod", "nmod", "poss", "npadvmod"):
                continue
            if t.ent_type_ in NOT_A_WHO:
                continue
            if t.dep_ == "pobj" and t.head.lower_ in ADVERBIAL_PREPS and t.ent_type_ not in (
                    "PERSON", "ORG", "NORP"):
                continue          # "on the phone", "a detainee at the prison at Guantanamo"
            return t
        return None

    def _actor_memo(self, midx: dict[int, list[Mention]]) -> Any:
        """``_actor_of`` for one event's tokens, each looked up once: the role finders ask
        about the same tokens again and again (object, target, refinement, the final actors)."""
        memo: dict[int | None, Actor | None] = {}

        def actor_of(tok: Any | None) -> Actor | None:
            key = None if tok is None else tok.i
            if key not in memo:
                memo[key] = self._actor_of(tok, midx)
            return memo[key]

        return actor_of

    @staticmethod
    def _pick(ms: list[Mention]) -> Mention:
        # the longest mention: "the US State Department" over "US"
        return max(ms, key=lambda m: (m.end - m.start, bool(m.actor.code)))

    def _subject(self, tok: Any) -> Any | None:
        for c in tok.children:
            if c.dep_ in SUBJ_DEPS:
                return c
        for c in tok.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None

    def _passive(self, tok: Any) -> bool:
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)

    def _stative(self, tok: Any) -> bool:
        """'Israel is opposed to ...', 'Vietnam is committed to ...': a stance told with a
        passive form and no agent; its grammatical subject holds the stance."""
        return _lemma(tok) in STATIVE_PASSIVES and self._passive(tok) and not any(
            c.dep_ == "agent" for c in tok.children)

    def _source_tok(self, tok: Any, depth: int = 0) -> Any | None:
        """The token naming the source of a verb trigger, climbing through control and
        coordination ("agreed to cooperate", "met and agreed", "who agreed", "a statement
        refusing requests")."""
        if depth > 4:
            return None
        if self._stative(tok):
            for c in tok.children:
                if c.dep_ in ("nsubjpass", "nsubj"):     # "Chile is opposed to ..."
                    return c
            for c in tok.children:
                if c.dep_ == "auxpass":                 # the subject hung on "is"
                    for s in c.children:
                        if s.dep_ in ("nsubj", "nsubjpass"):
                            return s
        if self._passive(tok):
            for c in tok.children:
                if c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p
            if _lemma(tok) in SELF_RETREAT_LEMMAS:
                for c in tok.children:
                    # "guerrillas have been demobilized": the ones who stand down
                    if c.dep_ == "nsubjpass":
                        return c
        else:
            for c in tok.children:
                if c.dep_ in SUBJ_DEPS:
                    return c
        head = tok.head
        if head == tok:
            return None
        if tok.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
            return self._source_tok(head.head, depth + 1)      # "X is willing to help"
        if tok.dep_ == "acomp" and _lemma(head) == "be":
            return self._subject(head)                          # "X is opposed to ..."
        if tok.dep_ == "xcomp" and self._passive(head) and not any(
                c.dep_ == "agent" for c in head.children):
            for c in head.children:      # "France is set to return ...": raised subject
                if c.dep_ == "nsubjpass":
                    return c
        if tok.dep_ == "conj" and self._passive(head) and not self._passive(tok) and (
                tok.tag_ != "VBN" or any(c.dep_ == "aux" for c in tok.children)):
            # "has been indicted by the court and will resign": the active conjunct's subject
            # is the passive head's subject, not its agent
            for c in head.children:
                if c.dep_ == "nsubjpass":
                    return c
        if tok.dep_ in ("xcomp", "conj", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX"):
            # "asked X to send": the object of the asking verb is the doer of the content
            if tok.dep_ == "xcomp":
                objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
                if objs and _lemma(head) in ("ask", "urge", "tell", "call", "press", "order",
                                             "invite", "allow", "force", "persuade", "help"):
                    return objs[0]
            return self._source_tok(head, depth + 1)
        if tok.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
            # "a statement refusing X": whoever issued the statement; "a resolution calling
            # on X" voted by Y: climb to the verb that governs the noun
            if head.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") or head.pos_ == "PROPN":
                return head
            cur = head
            for _ in range(4):
                if cur.head == cur:
                    break
                cur = cur.head
                if cur.pos_ in ("VERB", "AUX"):
                    return self._source_tok(cur, depth + 1)
            return head
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            if head.lower_ in ("against", "from") and tok.tag_ == "VBG":
                # "warned Kenya against closing the border", "barred the leaders from holding
                # rallies": the one warned or barred would do it
                obj = next((c for c in head.head.children if c.dep_ in ("dobj", "obj")), None)
                if obj is not None:
                    return obj
            return self._source_tok(head.head, depth + 1)
        return None

    def _target_tok(self, tok: Any, entry: LexEntry,
                    has_actor: Any = None) -> Any | None:
        """The token naming the target of a verb trigger.

        Passive subject, then the indirect object, then a preposition the event takes ("talks
        with", "fired at", "sanctions on"), then the direct object when it names an actor
        ("hosted the Japanese prime minister"), else a preposition inside the object phrase
        ("imposed a new wave of sanctions against Iran", "aid for Romania").
        """
        if self._passive(tok) and not self._stative(tok) and not (
                _lemma(tok) in SELF_RETREAT_LEMMAS and not any(
                    c.dep_ == "agent" for c in tok.children)):
            for c in tok.children:
                # "sanctions were imposed on Myanmar": a theme subject is not the target; nor
                # is an act something is blamed for ("the attack was blamed on Iran")
                if c.dep_ == "nsubjpass" and (has_actor is None or has_actor(c)) and not (
                        entry.type == "ACCUSE" and c.pos_ == "NOUN" and
                        _lemma(c) in self.lex.noun_lemmas):
                    return c
        for c in tok.children:
            if c.dep_ == "dative":
                return c
        # an object that is itself an actor ("invited Brazil to a summit in Buenos Aires")
        for c in tok.children:
            if c.dep_ in ("dobj", "obj") and c.ent_type_ in ("GPE", "NORP", "PERSON", "ORG") \
                    and has_actor is not None and has_actor(c):
                return c
        # a preposition's object is a target candidate unless it is a date ("on Tuesday");
        # one that names an actor beats one that does not
        # of two phrases with one preposition ("a curfew in the town of Cizre in southeastern
        # Turkey") the first that names a country, the nearer and narrower one; else the last
        preps: dict[str, Any] = {}
        for p, o in _preps(tok, repair=True):
            if o is None or _quantity_only(o) or (p == "for" and self._hostile_aim(o)):
                continue
            if p not in preps or has_actor is None or \
                    not self._country_of(preps[p], has_actor):
                preps[p] = o
        objs = self._direct_objects(tok)
        if has_actor is not None and not any(has_actor(o) for o in preps.values()):
            if objs and has_actor(objs[0]):
                preps = {}
        elif has_actor is not None and objs and entry.type in ("ASSAULT", "COERCE") and \
                self._coded(self._other_actor(objs[0], has_actor)):
            # "beat up Palestinian detainees on the West Bank with the knowledge of senior
            # officers": the people the act is done to, over a place or a bystander
            return objs[0]
        if entry.type == "ACCUSE" and has_actor is not None:
            # "complained to the UN over Israeli raids": the accused, not the addressee
            for p in ("against", "over", "about"):
                if p in preps and has_actor(preps[p]):
                    return preps[p]
        allowed = [p for p in TARGET_PREPS if p in preps and
                   self._prep_allowed(p, entry.type, _lemma(tok))]
        if "in" in preps and entry.type == "REQUEST" and any(
                _lemma(o) in REFUGE_NOUNS for o in objs):
            # "sought refuge in Germany": the country asked for shelter
            allowed.insert(0, "in")
        # "dispatched inspectors to the facilities in central Iran": a preposition whose object
        # names an actor beats an earlier one whose object does not
        if has_actor is not None:
            for p in allowed:
                if self._country_of(preps[p], has_actor):
                    return preps[p]
        for p in allowed:
            if has_actor is None or has_actor(preps[p]):
                return preps[p]
        if allowed:
            first = preps[allowed[0]]
            # "pledged aid to flood victims in Pakistan", "dispatched inspectors to the plant
            # in central Iran": an "in <place>" the parser hung on the verb right after an
            # object that names no actor says where that object is
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "in" and c.i == first.right_edge.i + 1:
                    place = next((q for q in c.children if q.dep_ == "pobj"), None)
                    if place is not None and self._country_of(place, has_actor):
                        return place
            return first
        if not objs:
            return self._hostile_in_adjuncts(tok, has_actor, entry.type)
        o = objs[0]
        a = self._other_actor(o, has_actor) if has_actor is not None else None
        names = has_actor is None or a is not None
        # an object the lexicon entry keys on ("launched artillery and rocket fire against
        # the camps") is what is done, not to whom, even when a sector word in it
        # ("artillery") reads as an actor with neither country nor code: a target named
        # inside it comes first
        theme = a is not None and not self._coded(a) and any(k == "obj" for k, _ in entry.conds)
        if names and not theme:
            return o
        # the object is a theme ("sanctions", "a curfew", "relations"): the target is named
        # inside it ("relations with Congo", "a curfew in Algiers", "aid for Romania")
        # "welcomed Reagan's statement", "denounced Serbia's suppression of ...": the possessor
        # of the object acts on or is acted upon
        for c in o.children:
            if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her", "our",
                                                    "my", "your") and has_actor(c):
                return c
        wanted = ("on", "against", "upon", "to", "at", "into", "with") + (
            ("for",) if entry.type in ("AID", "AGREE") else ()) + (
            ("in",) if entry.type in HOSTILE_IN_TYPES | {"CONCEDE", "RETREAT", "SANCTION"}
            else ()) + (
            # "rejected an offer from Kabul": the proposer
            ("from", "by") if entry.type == "REJECT" else ())
        for c in sorted(o.subtree, key=lambda t: abs(t.i - o.i)):
            if c.dep_ == "prep" and c.lemma_.lower() in wanted and not _in_relative(c, o):
                objs_in = [pp for pp in c.children if pp.dep_ == "pobj"] or [
                    x for x in (_stranded_object(c),) if x is not None]
                for pp in objs_in:
                    if pp.ent_type_ not in ("DATE", "TIME") and not (
                            c.lemma_.lower() == "for" and self._hostile_aim(pp)):
                        return pp
        if names:
            return o
        return self._hostile_in_adjuncts(tok, has_actor, entry.type)

    def _proposed_target(self, noun: Any, has_actor: Any) -> Any | None:
        """The target of the act a proposal noun proposes in an infinitive clause ("a call for
        its forces to be deployed in East Timor"), when it names a coded actor other than the
        proposer's own."""
        for v in noun.children:
            if v.dep_ not in ("acl", "relcl") or not _infinitive(v) or v.pos_ != "VERB":
                continue
            for entry in self.lex.candidates(_lemma(v), "V"):
                t = self._target_tok(v, entry, has_actor)
                if t is not None and self._coded(self._other_actor(t, has_actor)):
                    return t
        return None

    def _restricted_party(self, tok: Any, has_actor: Any) -> Actor | None:
        """"imposed restrictions on its labour market for new EU members", "a ban on imports
        from China": whom a restriction falls on when nothing else names a target - a "for"
        phrase on the verb, or the nearest for/from/to/with/against phrase inside what the
        restriction (or its object) is put "on", that names a coded actor."""
        for p, o in _preps(tok):
            if p == "for" and o is not None and o.ent_type_ not in ("DATE", "TIME") and \
                    not self._hostile_aim(o) and self._coded(self._other_actor(o, has_actor)):
                return self._other_actor(o, has_actor)
        for head in [tok] + self._direct_objects(tok):
            for p, phrase in _preps(head):
                if p != "on" or phrase is None:
                    continue
                for c in sorted(phrase.subtree, key=lambda t: abs(t.i - phrase.i)):
                    if c.dep_ == "prep" and c.lower_ in RESTRICTED_PREPS and \
                            not _in_relative(c, phrase):
                        for pp in c.children:
                            a = self._other_actor(pp, has_actor) if pp.dep_ == "pobj" else None
                            if self._coded(a):
                                return a
        return None

    @staticmethod
    def _allowed_subject(verb: Any, has_actor: Any) -> Any | None:
        """"allowed the opposition leader to hold a rally", "let the UN planes land": the one
        allowed is the subject the parser gave the infinitive complement."""
        for c in verb.children:
            if c.dep_ == "ccomp" and _infinitive(c):
                subj = next((s for s in c.children if s.dep_ == "nsubj" and s.i < c.i), None)
                if subj is not None and (has_actor is None or EventCoder._other_actor(
                        subj, has_actor) is not None):
                    return subj
        return None

    def _force_aim(self, tok: Any, has_actor: Any) -> Actor | None:
        """"opened fire to disperse the demonstrators", "used tear gas to stop the marchers":
        force used for such a purpose is used on the purpose's object."""
        for ch in tok.children:
            if ch.dep_ in ("advcl", "xcomp") and _infinitive(ch) and _lemma(ch) in FORCE_AIM_LEMMAS:
                for o in self._direct_objects(ch):
                    a = self._other_actor(o, has_actor)
                    if self._coded(a):
                        return a
        return None

    def _hostile_aim(self, noun: Any) -> bool:
        """A "for" phrase naming a hostile act ("equipment for the defeat of ISIS", "aid for
        the fight against the rebels") says what the help is for; the enemy inside it is not
        the one helped."""
        lem = _lemma(noun)
        return noun.pos_ == "NOUN" and (lem in COMBAT_NOUNS or any(
            e.type in HOSTILE_AIM_TYPES
            for e in self.lex.candidates(lem, "N") + self.lex.candidates(lem, "V")))

    def _purpose_target(self, heads: list[Any], has_actor: Any) -> Actor | None:
        voice = LexEntry("", "V", (), "", "ACCUSE", None, "")
        for h in heads:
            for ch in h.children:
                t_tok = None
                if ch.dep_ in ("advcl", "xcomp") and _infinitive(ch):
                    t_tok = self._refine_target(ch, voice, self._target_tok(ch, voice, has_actor),
                                                has_actor)
                elif ch.dep_ == "advcl" and ch.tag_ == "VBG" and self._subject(ch) is None:
                    # "rioted, joining demonstrators in demanding a referendum on independence
                    # from Indonesian rule": whom the voiced demand is aimed at
                    for v in [ch] + [pc for p in ch.children if p.dep_ == "prep"
                                     for pc in p.children if pc.dep_ == "pcomp"]:
                        if v.tag_ == "VBG" and any(
                                e.type in SPEECH_TYPES for e in self.lex.candidates(_lemma(v), "V")):
                            t_tok = self._refine_target(
                                v, voice, self._target_tok(v, voice, has_actor), has_actor)
                            break
                elif ch.dep_ == "prep" and ch.lower_ == "in":
                    for p in ch.children:
                        if p.dep_ == "pobj" and _lemma(p) in PROTEST_PURPOSE_NOUNS:
                            t_tok = next((o for q in p.children if q.dep_ == "prep" and q.lower_
                                          in ("of", "against", "at", "over", "to")
                                          for o in q.children if o.dep_ == "pobj"), None)
                actor = has_actor(t_tok)
                if actor is not None and actor.country is not None:
                    return actor
        return None

    @staticmethod
    def _holder(tok: Any, has_actor: Any) -> Any | None:
        """"demanded the return of property seized by the army", "the release of hostages
        held by the rebels": the return or release of something is asked of whoever the
        participle after that something says took or holds it."""
        if _lemma(tok) not in RETURN_NOUNS:
            return None
        for of in tok.children:
            if of.dep_ != "prep" or of.lower_ != "of":
                continue
            for thing in of.children:
                for c in thing.children if thing.dep_ == "pobj" else ():
                    if c.dep_ != "acl" or c.tag_ != "VBN":
                        continue
                    for ag in c.children:
                        for o in ag.children if ag.dep_ == "agent" else ():
                            if o.dep_ == "pobj" and has_actor(o) is not None:
                                return o
        return None

    @staticmethod
    def _settled_with(tok: Any, has_actor: Any) -> Actor | None:
        """"after talks with the government", "following negotiations with Kenya" hung on a
        concession's trigger: the party the talks were with, when it names a country."""
        for c in tok.children:
            if c.dep_ != "prep" or c.lower_ not in ("after", "following"):
                continue
            for talk in c.children:
                if talk.dep_ != "pobj" or _lemma(talk) not in TALK_NOUNS:
                    continue
                for w in talk.children:
                    if w.dep_ == "prep" and w.lower_ == "with":
                        for o in w.children:
                            a = has_actor(o) if o.dep_ == "pobj" else None
                            if a is not None and a.country:
                                return a
        return None

    @staticmethod
    def _other_actor(tok: Any, has_actor: Any) -> Actor | None:
        """The actor a phrase names, unless it is the source's own pronoun ("mobilized its
        reservists" names no one else)."""
        a = has_actor(tok)
        # ("strengthened its forces in Lebanon": the source's own forces are no one else)
        words = (a.text or "").lower().split() if a is not None else []
        return None if a is None or (words and words[0] in OWN_PRONOUNS) else a

    @staticmethod
    def _coded(a: Actor | None) -> bool:
        """An actor with a country, or with a code of its own (an IGO, an NGO: "the Red Cross
        mission"), not just a sector word ("---MIL")."""
        return a is not None and bool(a.country or (a.code and not a.code.startswith("---")))

    def _names_other(self, tok: Any, has_actor: Any) -> bool:
        return self._other_actor(tok, has_actor) is not None

    def _country_of(self, tok: Any, has_actor: Any) -> str | None:
        a = self._other_actor(tok, has_actor)
        return a.country if a is not None else None

    @staticmethod
    def _direct_objects(tok: Any) -> list[Any]:
        """The direct object, also where the parser missed it: "kidnapped up to 16 advisers"
        (a quantity after "up to"), "denounced as a crime Serbia's suppression of ..." (an
        object moved after an "as" phrase)."""
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        if objs:
            return objs
        for c in tok.children:
            if c.dep_ == "prt" and c.lower_ == "up":
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ == "to":
                        objs += [o for o in p.children if o.dep_ == "pobj" and any(
                            n.dep_ == "nummod" for n in o.children)]
            if c.dep_ == "prep" and c.lower_ == "as":
                pobjs = [p for p in c.children if p.dep_ == "pobj"]
                for k, p in enumerate(pobjs):
                    if k:
                        objs.append(p)       # "as a crime Serbia's treatment": a 2nd object
                    objs += [a for a in p.children if a.dep_ == "appos"]
        return objs

    @staticmethod
    def _hostile_in_adjuncts(tok: Any, has_actor: Any, typ: str = "") -> Any | None:
        """"mobilized reservists for a possible war against Iraq": an "against" phrase inside
        one of the trigger's prepositional phrases names whom the act is aimed at.  Not for
        help or cooperation ("sent supplies for the war against X" does not go to X)."""
        if has_actor is None or typ in COOP_TYPES:
            return None
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            for t in c.subtree:
                if t.dep_ == "prep" and t.lower_ == "against" and not _in_relative(t, c):
                    for pp in t.children:
                        if pp.dep_ == "pobj" and has_actor(pp):
                            return pp
        return None

    @staticmethod
    def _prep_allowed(p: str, typ: str, lemma: str = "") -> bool:
        if p == "from" and typ not in ("RETREAT", "SANCTION", "REQUEST") and not (
                typ == "COERCE" and lemma in TAKING_LEMMAS):
            return False
        if p == "for" and typ not in ("AID", "AGREE"):
            return False
        if p == "in" and typ not in ("ASSAULT", "PROTEST", "MOBILIZE", "COERCE", "CONCEDE"):
            return False
        if p in ("over", "about") and typ != "ACCUSE":
            return False
        return True

    def _refine_target(self, tok: Any, e: LexEntry, t_tok: Any | None,
                       has_actor: Any = None) -> Any | None:
        """Targets that live in the complement: "demanded that the US cancel ..." (the
        complement's subject), "offered to hand over to Britain" (the complement's target),
        "demanded the withdrawal of Serbian forces" (the requested act's agent)."""
        if t_tok is not None and e.type == "REJECT" and t_tok.pos_ == "NOUN" and not (
                has_actor is not None and t_tok.i in self._head_actor_ids(t_tok, has_actor)):
            # "rejected an offer from Kabul", "rejected Australia's ultimatum", "vetoed a
            # Security Council resolution": the proposer; "reneged on his commitment to the
            # people": the one it was made to
            for c in t_tok.children:
                if c.dep_ == "poss" and c.lower_ not in OWN_PRONOUNS:
                    return c
                if c.dep_ == "prep" and c.lemma_.lower() in ("from", "by"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p
            for c in t_tok.children:
                if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and \
                        has_actor is not None and has_actor(c):
                    return c
            if any(c.dep_ == "poss" and c.lower_ in OWN_PRONOUNS for c in t_tok.children):
                for c in t_tok.children:
                    if c.dep_ == "prep" and c.lemma_.lower() == "to":
                        for p in c.children:
                            if p.dep_ == "pobj" and (has_actor is None or has_actor(p)):
                                return p
        if e.type == "REJECT" and has_actor is not None and t_tok is None:
            # "rejected a call for its troops to be deployed in Ruritania": a proposal whose
            # proposer goes unnamed is rejected as to whom the proposed act is aimed at
            for o in self._direct_objects(tok):
                if _lemma(o) in self.lex.noun_lemmas and not any(
                        c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("from", "by"))
                        for c in o.children):
                    proposed = self._proposed_target(o, has_actor)
                    if proposed is not None:
                        return proposed
        if e.type in ("REQUEST", "ACCUSE") and has_actor is not None:
            # (ACCUSE: the voice of a purpose clause, "a strike to demand ...")
            for o in [t_tok] if t_tok is not None else self._direct_objects(tok):
                held = self._holder(o, has_actor)
                if held is not None:
                    return held
        if t_tok is not None and e.type in ("REQUEST", "REJECT", "ACCUSE") and \
                _lemma(t_tok) in self.lex.noun_lemmas:
            for c in t_tok.children:
                if c.dep_ == "poss" and c.lower_ not in OWN_PRONOUNS:
                    return c
                if c.dep_ == "prep" and c.lemma_.lower() == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return p
            # "insisted on its demands that Burundi's government grant ...": the complement's
            # subject is asked
            for c in t_tok.children:
                if c.dep_ in ("acl", "ccomp", "relcl") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                    subj = self._subject(c)
                    if subj is not None:
                        return subj
            return t_tok
        if t_tok is not None:
            return t_tok
        for c in tok.children:
            # "threatened to launch an offensive unless Baghdad accepted ...": the party the
            # condition is put to
            if c.dep_ == "xcomp" and e.type == "THREATEN":
                for a in c.children:
                    if a.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                                 for m in a.children):
                        subj = self._subject(a)
                        if subj is not None and (has_actor is None or has_actor(subj)):
                            return subj
            if (c.dep_ == "ccomp" or _for_clause(c)) and \
                    e.type in ("REQUEST", "THREATEN", "ACCUSE", "REJECT"):
                # ("pushing for the US to support ...": the one asked is the clause's subject)
                subj = self._subject(c)
                if subj is not None:
                    return subj
            if c.dep_ == "ccomp" and _infinitive(c):
                # "allowed the opposition leader to hold a rally", "urged Kenya to ..." parsed
                # with the person as the infinitive's subject: the one allowed or urged
                subj = next((s for s in c.children if s.dep_ == "nsubj" and s.i < c.i), None)
                if subj is not None and (has_actor is None or self._names_other(subj,
                                                                               has_actor)):
                    return subj
            if c.dep_ in ("xcomp", "ccomp"):
                inner = self._target_tok(c, LexEntry(_lemma(c), "V", (), "", e.type, None, ""),
                                         has_actor)
                if inner is not None:
                    return inner
                # "refused to allow the UN planes to land": the one not allowed
                inner = self._allowed_subject(c, has_actor)
                if inner is not None:
                    return inner
                for o in _objects(c):
                    for pc in o.children:
                        if pc.dep_ == "prep" and pc.lemma_.lower() in ("to", "for", "on",
                                                                       "against", "with"):
                            for pp in pc.children:
                                if pp.dep_ == "pobj":
                                    return pp
        if not self._direct_objects(tok):
            # "donated and personally delivered goods to the school": coordinated verbs that
            # share one object share its recipient
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > tok.i:
                    inner = self._target_tok(c, e, has_actor)
                    if inner is not None:
                        return inner
        return None

    @staticmethod
    def _head_actor_ids(tok: Any, has_actor: Any) -> set[int]:
        """{tok.i} when the token itself names an actor ("Brazil"), else empty."""
        return {tok.i} if tok.ent_type_ in ("GPE", "NORP", "PERSON", "ORG") and has_actor(tok) \
            else set()

    def _noun_roles(self, tok: Any, cand: Candidate, midx: dict[int, list[Mention]],
                    actor_of: Any) -> tuple[Any | None, Any | None]:
        src = tgt = None
        for c in tok.children:
            if c.dep_ == "poss":
                src = c
        if src is None:
            for c in tok.children:
                if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ", "NOUN") \
                        and c.ent_type_ in ("GPE", "NORP", "ORG"):
                    src = c
        for p, o in _preps(tok):
            if o is None or o.ent_type_ in ("DATE", "TIME"):
                continue
            if p in ("by", "from") and src is None:
                src = o
            elif p in ("on", "against", "at", "into", "with", "to", "toward", "towards",
                       "between") and tgt is None:
                tgt = o          # "a mediation effort between the Emirates and Saudi Arabia"
            elif p == "in" and tgt is None and cand.entry.type in HOSTILE_IN_TYPES and \
                    o.ent_type_ in ("GPE", "LOC") and o.i in midx:
                tgt = o          # "blockades in the West Bank": where a hostile act falls
            elif p == "of" and tgt is None:
                # "launch of missiles": "of" names the instrument; its own "at/into" names
                # the target ("launch of missiles into two sites in Iraq")
                inner = {pp: oo for pp, oo in _preps(o) if oo is not None}
                for q in ("on", "against", "at", "into", "toward"):
                    if q in inner:
                        tgt = inner[q]
                        break
                else:
                    if _lemma(o) not in ("missile", "rocket", "drone", "attack", "strike"):
                        tgt = o
        if tgt is not None and cand.entry.type == "ACCUSE" and actor_of(tgt) is None:
            # "an investigation into crimes committed by Croat forces": the accused is who
            # committed what is looked into
            for a in tgt.children:
                if a.dep_ == "acl":
                    tgt = next((p for ag in a.children if ag.dep_ == "agent"
                                for p in ag.children if p.dep_ == "pobj"), tgt)
        if src is None:
            # a possessor the parser missed: "the United States’ condemnation"
            for t in reversed(list(tok.doc[max(tok.sent.start, tok.i - 6):tok.i])):
                if t.pos_ in ("VERB", "AUX", "ADP", "SCONJ", "CCONJ") or t.dep_ == "det":
                    break
                if t.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") and t.ent_type_ != "DATE":
                    src = t
                    break
        if src is None and cand.light_head is not None:
            src = self._source_tok(cand.light_head)
        if tgt is None:
            # "its demand that Israel ease restrictions": the complement's subject
            for c in tok.children:
                if c.dep_ in ("ccomp", "acl", "relcl") and any(
                        m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                    tgt = self._subject(c)
                    if tgt is not None:
                        break
            else:
                c = self._detached_content(tok)
                if c is not None:
                    tgt = self._subject(c)
        if tgt is None and cand.light_head is not None and tok.dep_ == "pobj" and \
                (tok.head.lower_, _lemma(cand.light_head)) in PREP_SUPPORT:
            # "held thousands of refugees as human shields": the support verb's object
            for o in cand.light_head.children:
                if o.dep_ in ("dobj", "obj"):
                    tgt = o
        if tgt is None and cand.light_head is not None:
            # "made a formal request to Libya": the support verb carries the recipient
            # ("reimposed blockades in the West Bank": where a hostile act falls)
            wanted = ("to", "with", "on", "against", "between") + (
                ("in",) if cand.entry.type in HOSTILE_IN_TYPES
                or _lemma(cand.tok) in VISIT_NOUNS else ())
            # "remained on alert in the West Bank": not the noun itself; "staged rallies in
            # Gaza against the leader": whom it is aimed at over where it falls
            # ("made a formal request to Libya": "to" parsed as the verb's dative)
            dative = [("to", o) for d in cand.light_head.children if d.dep_ == "dative" and
                      d.pos_ == "ADP" for o in d.children if o.dep_ == "pobj"]
            found = [(p, o) for p, o in _preps(cand.light_head) + dative if o is not None and
                     p in wanted and o.ent_type_ not in ("DATE", "TIME") and o.i != tok.i]
            if found:
                tgt = next((o for p, o in found if p != "in"), found[0][1])
        if cand.entry.type == "ACCUSE" and (tgt is None or actor_of(tgt) is None):
            # "an investigation into allegations that the militia had seized the town": the
            # accused is the one the allegation's that-clause says acted
            heads = [tok] + ([cand.light_head] if cand.light_head is not None else [])
            for o in ([tgt] if tgt is not None else []) + [
                    o for h in heads for p, o in _preps(h) if p == "into" and o is not None]:
                said = next((a for a in o.children if a.dep_ in ("acl", "ccomp", "relcl") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in a.children)), None)
                subj = self._subject(said) if said is not None else None
                if subj is not None and actor_of(subj) is not None:
                    tgt = subj
                    break
        return src, tgt

    @staticmethod
    def _detached_content(tok: Any) -> Any | None:
        """The that-clause of a request noun that the parser hung on the noun's verb
        ("reiterated its demand today that Israel ease restrictions")."""
        if tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "obj"):
            return None
        for c in tok.head.children:
            if c.dep_ == "ccomp" and c.i > tok.i and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in c.children):
                return c
        return None

    # -------------------------------------------------------------- modality
    def _own_modality(self, tok: Any) -> str | None:
        """Modality from the trigger's own negation and auxiliaries."""
        for c in tok.children:
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in ("never", "no")):
                return "negated"
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass"):
                if c.lower_ in ("will", "'ll", "shall", "wo", "must", "would"):
                    return "future"
                if self.lex.modality.get(c.lower_) == "hypothetical":
                    return "hypothetical"
        return None

    @staticmethod
    def _future_aux(tok: Any) -> bool:
        return any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "wo", "would")
                   for c in tok.children)

    def _embedding(self, tok: Any, trig: dict[int, Candidate]) -> tuple[str, str] | None:
        """Modality imposed by governing words, walking up the tree: (modality, why).

        why: ``conditional`` (if/unless clause), ``refused`` (under reject/refuse/deny),
        ``content`` (what is requested/offered), ``threat`` (what is threatened), ``alleged``
        (what someone is accused or arrested for), ``intent`` (plan/want/ready to ...),
        ``warned`` (warned that X will ...).
        """
        def trig_type(t: Any) -> str:
            c = trig.get(t.i)
            return c.entry.type if c is not None else "-"

        cur = tok
        # an event noun reached only through object/preposition links ("rejected a request",
        # "conceded to demands from X"): a nominal mention of another event
        nominal = tok.pos_ == "NOUN"
        # passed through a that-clause or infinitive on a noun ("demanded an admission that
        # forces murdered officers"): the clause is the noun's content
        via_noun_clause = False
        # still at the trigger, or at a verb it is coordinated with ("called on Arabs to unite
        # and mobilize": "mobilize" stands where "unite" does)
        at_tok = True
        for _ in range(6):
            reached_by_objects = nominal
            head = cur.head
            if head == cur:
                return None
            dep = cur.dep_
            # "pushing for the US (to) support ...", "called on Arabs to unite": a clause of
            # purpose under a verb says what that verb asks for
            for_clause = _for_clause(cur) or dep == "advcl" and (
                # (the same parsed as "pushing [for the EU] [support ...]")
                cur.tag_ == "VB" and not any(a.dep_ in ("aux", "mark", "nsubj")
                                             for a in cur.children) and any(
                    p.dep_ == "prep" and p.lower_ == "for" and p.i < cur.i
                    for p in head.children))
            to_clause = dep == "advcl" and _infinitive(cur)
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "until")
                                      for c in cur.children):
                return ("hypothetical", "conditional")
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ == "before"
                                      for c in cur.children) and (
                    self._own_modality(head) in ("future", "hypothetical") or any(
                        c.dep_ == "aux" and c.lower_ in ("must", "should") for c in head.children)):
                # "must agree to changes before they demobilize": not yet done
                return ("hypothetical", "conditional")
            if dep == "conj":
                cur = head
                continue
            if dep == "pcomp" and cur.tag_ == "VBG" and head.dep_ == "prep" and \
                    head.head.pos_ == "NOUN" and head.head.i not in trig:
                # "a proposal for signing a trade pact", "the decision of sending troops": a
                # gerund on a noun says what the thing is about, not what was done
                return ("future", "content")
            refuser = head if dep in ("dobj", "obj") else head.head if (
                dep == "acl" and head.dep_ in ("dobj", "obj")) else None
            if refuser is not None and cur.tag_ == "VBG" and refuser.i in trig and (
                    trig[refuser.i].entry.role == "negate" or
                    trig[refuser.i].entry.type == "REJECT"):
                # "vetoed a resolution censuring X", "rejected a draft condemning X": the
                # censure never passed
                return ("negated", "refused")
            if dep == "ccomp":
                # "reiterated its demand today that Israel ease ...": what is demanded
                for d in head.children:
                    dc = trig.get(d.i)
                    if dc is not None and dc.noun and dc.entry.type == "REQUEST" and \
                            getattr(self._detached_content(d), "i", None) == cur.i:
                        return ("future", "content")
            if dep in ("relcl", "acl") and _infinitive(cur):
                # an infinitive on a noun is what the thing is for, not something done: "a
                # call for its forces to be deployed", "an invitation to attend a meeting"
                return ("future", "attempt" if _lemma(head) in ATTEMPT_LEMMAS else "content")
            hc_rel = trig.get(head.i)
            if dep == "relcl" and hc_rel is not None and hc_rel.noun and \
                    hc_rel.entry.type == trig_type(tok):
                # "two air raids last Friday in which 20 people were killed": the clause tells
                # the noun's own event, and shares its standing (here: what is complained of)
                return self._embedding(head, trig)
            if dep == "relcl":
                return None           # a relative clause describes an entity: its own modality
            hl = _lemma(head)
            hc = trig.get(head.i)
            clausal = dep in ("xcomp", "ccomp", "acl", "pcomp")
            if self._own_modality(head) == "negated" and dep in ("xcomp", "ccomp"):
                return ("negated", "refused")
            if dep == "xcomp" and head.pos_ == "ADJ" and hl in INTENT_ADJ:
                if any(a.dep_ == "aux" and a.lower_ in ("must", "should")
                       for a in head.head.children):
                    # "the US must be ready to mediate": what is asked of it
                    return ("future", "content")
                return ("future", "intent")
            if dep in ("dobj", "pobj") and cur.pos_ == "NOUN" and (
                    hl in TOPIC_VERBS or (hc is not None and hc.entry.type == "CONSULT")):
                return ("hypothetical", "topic")      # "discuss troop withdrawal"
            if dep in ("dobj", "obj") and cur.pos_ == "NOUN" and nominal and hc is None and \
                    hl in END_VERBS:
                # "removing the sanctions on Burma": the sanctions were there before
                return ("historical", "nested")
            if hc is not None and (clausal or dep in ("prep", "pobj", "dobj") or for_clause or (
                    to_clause and hc.entry.role == "content")):
                role, htype = hc.entry.role, hc.entry.type
                if role == "negate" and (clausal or (dep == "prep" and head.pos_ != "NOUN")):
                    return ("negated", "refused")
                if role == "content":
                    if htype == "THREATEN":
                        return ("hypothetical", "threat")
                    if clausal or dep == "prep" or via_noun_clause or for_clause or to_clause:
                        return ("future", "content")
                if htype in ("ACCUSE", "COERCE") and dep in ("pcomp", "prep", "pobj"):
                    return ("hypothetical", "alleged")
                if htype == "REQUEST" and head.pos_ == "NOUN" and dep in ("dobj", "pobj",
                                                                           "prep", "acl"):
                    return ("future", "content")
                if nominal and htype not in ("-", trig_type(tok)) and \
                        role not in ("light", "report") and dep in ("dobj", "pobj", "prep"):
                    # the event an act responds to or asks for is not a second event of this
                    # report: "demanded a truce" (what is asked: future), "rejected a request",
                    # "conceded to demands" (what was asked before: background)
                    if role == "content":
                        return ("future", "content")
                    return ("historical", "nested")
            if dep not in ("dobj", "pobj", "prep"):
                nominal = False
            if dep in ("acl", "ccomp") and head.pos_ == "NOUN":
                via_noun_clause = True
            if hc is None and hl in self.lex.modality and (clausal or dep in ("prep", "pobj") or (
                    dep in ("dobj", "obj") and cur.pos_ == "NOUN" and nominal)):
                # "is preparing a major offensive", "plans an attack": not yet done
                kind = self.lex.modality[hl]
                if kind == "negated":
                    return ("negated", "denied")
                if hl in ATTEMPT_LEMMAS:
                    return ("future", "attempt")
                if kind in ("future", "hypothetical") and (dep != "ccomp" or hl == "expect"):
                    # "the army prepared to resume shelling": readying a force is not a threat
                    return (kind, "preparation" if hl == "prepare" and head.pos_ == "VERB"
                            else "intent")
            if hl == "warn" and dep == "ccomp":
                return ("future", "warned")
            own = self._own_modality(head)
            if own in ("future", "hypothetical") and dep in ("xcomp", "prep", "pcomp"):
                return (own, "intent")
            if (at_tok or reached_by_objects) and dep in ("advcl", "xcomp", "acl") and (
                    dep == "advcl" or hl not in ASSERTING_CONTROL) \
                    and _infinitive(cur):
                # (also an event noun that is the object of the purpose verb: "blocked roads to
                # press their demands")
                # "visited the US to discuss ...", "began a hunger strike to protest ..."
                return ("future", "purpose")
            head_type = hc.entry.type if hc is not None else next(
                (e.type for e in self.lex.candidates(hl, "N")), "-") \
                if head.pos_ == "NOUN" else "-"
            if cur == tok and dep in ("advcl", "acl") and tok.tag_ == "VBG" and \
                    head_type not in ("-", trig_type(tok)) and \
                    trig_type(tok) in SPEECH_TYPES and self._subject(tok) is None:
                # "demonstrated, calling for independence", "blocked roads demanding ...":
                # the participle voices what the governing act is for; that act is the event
                return ("future", "purpose")
            if cur == tok and trig_type(tok) in SPEECH_TYPES and \
                    self._participle_host(tok, trig) not in ("-", trig_type(tok)):
                # "rioted ..., joining thousands of demonstrators in demanding a referendum":
                # the same, through a preposition and another bare participle
                return ("future", "purpose")
            cur = head
            at_tok = False
        return None

    def _participle_host(self, tok: Any, trig: dict[int, Candidate]) -> str:
        """The type of the coded act a subjectless participle hangs on, through "in"/"by"
        phrases and other bare participles ("rioted, joining demonstrators in demanding ...",
        "staged rallies, saying ..."); "-" when there is none."""
        cur = tok
        for _ in range(4):
            if cur.tag_ != "VBG" or cur.dep_ not in ("advcl", "acl", "pcomp") or \
                    self._subject(cur) is not None:
                return "-"
            head = cur.head
            if cur.dep_ == "pcomp":
                if head.dep_ != "prep":
                    return "-"
                head = head.head
            hc = trig.get(head.i)
            if hc is not None and hc.entry.type != "-":
                return hc.entry.type
            for o in head.children:           # a support verb's event noun ("staged rallies")
                oc = trig.get(o.i)
                if o.dep_ in ("dobj", "obj") and oc is not None and oc.entry.type != "-":
                    return oc.entry.type
            cur = head
        return "-"

    def _historical(self, tok: Any, published: str | None) -> bool:
        for c in tok.children:
            # "granted asylum to rebels who entered two years ago": a relative clause dates its
            # own event, not the trigger's
            if c.dep_ in ("advmod", "npadvmod", "prep") and _AGO_RE.search(
                    " ".join(t.text for t in _outside_clauses(c))):
                return True
        if not published:
            return False
        pub_year = int(published[:4])
        for t in tok.subtree:
            if t.head == tok or t.head.head == tok:
                if t.ent_type_ == "DATE" and t.dep_ in ("pobj", "npadvmod", "nummod", "pcomp"):
                    m = _YEAR_RE.search(t.text)
                    if m and int(m.group(1)) <= pub_year - 2:
                        return True
        return False

    def _in_description(self, tok: Any, midx: dict[int, list[Mention]]) -> bool:
        """A trigger inside a clause that describes a thing rather than reporting news: a
        relative clause on a noun that is not an actor ("a resolution that aims to tighten
        sanctions", "a grant to finance projects"), a where/when clause ("Serbia, where 24
        people were killed"), a past-participle modifier ("weapons seized last year", "the
        agreement signed in March").  What it tells is background to the sentence's news."""
        cur = tok
        for _ in range(6):
            head = cur.head
            if cur.dep_ == "ccomp" and _lemma(head) in REPORT_LEMMAS and head.dep_ == "relcl":
                cur = head          # "raids in which, it said, 20 people were killed"
                continue
            if head == cur or cur.dep_ in ("ccomp", "advcl", "parataxis"):
                return False
            if cur.dep_ == "relcl":
                if any(c.dep_ == "advmod" and c.lower_ in ("where", "when")
                       for c in cur.children):
                    return True
                if cur.i == tok.i and tok.tag_ in ("VBZ", "VBP") and not any(
                        c.dep_ in ("aux", "auxpass") for c in tok.children):
                    # "refugees, whom the authorities blame for the conflict": a present-tense
                    # clause on an actor tells a standing state of it, not this report's news
                    return True
                # ("a U.N. resolution that aims to tighten sanctions": the head is a document,
                # though an actor modifies it)
                return head.pos_ == "NOUN" and head.ent_type_ not in (
                    "GPE", "NORP", "ORG", "PERSON") and (
                    self._actor_of(head, midx) is None or (
                        head.i not in midx and _lemma(head) in DOCUMENT_NOUNS))
            if cur.dep_ == "acl" and cur.tag_ == "VBN" and head.pos_ in ("NOUN", "PROPN"):
                # a participle with an object of its own, or in a sentence with no main verb,
                # is a misparsed main verb ("Doctors from aid groups donated ... goods")
                return tok.sent.root.pos_ in ("VERB", "AUX") and not any(
                    c.dep_ in ("dobj", "obj") for t in _with_conj(cur) for c in t.children)
            cur = head
        return False

    def _describing_participle(self, tok: Any, midx: dict[int, list[Mention]]) -> bool:
        """A present participle that tells what an actor does, in a reduced relative clause
        on the actor's noun ("the international coalition fighting Islamic State", "militias
        backing the government"): it names who the actor is, not something done in this report.
        Only on a noun that names an actor, with no subject, auxiliary or time phrase of
        its own ("troops firing on protesters on Sunday" is news), in a sentence with a main
        verb, and only inside a prepositional phrase: a participle on the sentence's subject or
        object may carry the news the sentence reports."""
        head = tok.head
        if tok.dep_ != "acl" or tok.tag_ != "VBG" or head.pos_ not in ("NOUN", "PROPN"):
            return False
        if head.dep_ != "pobj" or tok.sent.root.pos_ not in ("VERB", "AUX"):
            return False
        if self._actor_of(head, midx) is None:
            return False
        if any(c.dep_ in ("nsubj", "aux", "auxpass", "mark") for c in tok.children):
            return False
        return not any(t.ent_type_ in ("DATE", "TIME") for t in tok.subtree)

    @staticmethod
    def _background(tok: Any) -> bool:
        """An event told in a perfect-tense relative clause or in an "after/since/following"
        clause is background to the sentence's news ("lifted a curfew in the province, where
        28 people have been killed"), not a new event of this report."""
        cur = tok
        for _ in range(4):
            if cur.dep_ == "relcl":
                return any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had")
                           for c in cur.children) or cur.tag_ == "VBD" and \
                    any(c.dep_ == "advmod" and c.lower_ in ("earlier", "previously", "once")
                        for c in cur.children)
            if cur.dep_ == "advcl":
                return any(c.dep_ == "mark" and c.lower_ in BACKGROUND_MARKS
                           for c in cur.children)
            if cur.dep_ == "pobj" and cur.head.lower_ in BACKGROUND_MARKS:
                return True
            if cur.head == cur or cur.dep_ in ("ccomp", "xcomp", "conj"):
                return False
            cur = cur.head
        return False

    # -------------------------------------------------------------- main
    def _candidates(self, sent: Any, midx: dict[int, list[Mention]]) -> dict[int, Candidate]:
        def is_actor(t: Any) -> bool:
            return t.i in midx or t.pos_ == "PROPN" or t.pos_ == "PRON" or any(
                x.i in midx for x in self._np_tokens(t))

        out: dict[int, Candidate] = {}
        for tok in sent:
            lem = _lemma(tok)
            if tok.dep_ == "amod":
                continue          # "the besieged town", "an occupying army": not an event
            if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "det" for c in tok.children) and \
                    tok.tag_ in ("VBN", "VBD"):
                continue          # "evacuated the wounded": people, not an act
            if tok.pos_ == "VERB" and tok.dep_ in ("dobj", "obj", "pobj") and any(
                    c.dep_ == "compound" for c in tok.children) and self.lex.candidates(lem, "N"):
                # a "verb" in an object's place with a noun modifier is a misparsed noun
                # ("would not meet hostage-takers demands to ...")
                e = Features(tok, is_actor).match(self.lex.candidates(lem, "N"))
                if e is not None:
                    out[tok.i] = Candidate(tok, e, noun=True)
            elif tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
                ents = self.lex.candidates(lem, "V")
                if ents:
                    e = Features(tok, is_actor).match(ents)
                    if e is not None:
                        out[tok.i] = Candidate(tok, e, noun=False)
            elif tok.pos_ == "NOUN" and tok.ent_type_ not in NON_EVENT_ENTS:
                if tok.dep_ == "compound" and {id(m) for m in midx.get(tok.i, ())} & {
                        id(m) for m in midx.get(tok.head.i, ())}:
                    continue      # "Kenyan riot police", "aid workers": part of an actor's name
                ents = self.lex.candidates(lem, "N")
                if ents:
                    e = Features(tok, is_actor).match(ents)
                    if e is not None:
                        out[tok.i] = Candidate(tok, e, noun=True)
        # support verbs hand the event to their object noun; a verb entry that names its
        # object ("impose sanctions") absorbs the noun
        for i, c in list(out.items()):
            if not c.noun:
                continue
            head = c.tok.head
            if c.tok.dep_ in ("dobj", "obj", "nsubjpass") and head.i in out:
                hc = out[head.i]
                if any(k == "obj" for k, _ in hc.entry.conds) and hc.entry.type != "-":
                    del out[i]
                    continue
            if c.tok.dep_ in ("dobj", "obj", "nsubjpass") and _lemma(head) in self.lex.light:
                c.light_head = head
                hc = out.get(head.i)
                if hc is not None and not any(k == "obj" for k, _ in hc.entry.conds):
                    del out[head.i]
        for i, c in list(out.items()):
            t = c.tok
            if c.noun and t.dep_ == "pobj" and t.head.lower_ == "in" and \
                    _lemma(t) in PROTEST_PURPOSE_NOUNS and not any(
                        ch.dep_ == "poss" for ch in t.children):
                host = t.head.head
                if any(j in out and j != i for j in [host.i] + [
                        o.i for o in host.children if o.dep_ in ("dobj", "obj")]):
                    # "staged a hunger strike in protest against ...": the phrase says what
                    # the strike is for; the strike is the protest
                    del out[i]
                    continue
            if not c.noun or c.light_head is not None:
                continue
            # "arrived in Amman on a visit", "left for talks": the verb's subject acts
            if t.dep_ == "pobj" and t.head.head.pos_ == "VERB" and t.head.head.i not in out \
                    and (t.head.lemma_.lower() in ("on", "for") or (t.head.lemma_.lower(), _lemma(
                        t.head.head)) in PREP_SUPPORT):
                c.light_head = t.head.head
            elif not self._noun_has_frame(t, midx):
                del out[i]
        return out

    def _noun_has_frame(self, tok: Any, midx: dict[int, list[Mention]]) -> bool:
        """An event noun is an event mention only with a frame of its own: an actor
        (possessive, actor modifier, by/from/on/against/with/of + actor) or as the subject of
        its clause ("the drone strike ... was"); a bare "talks" inside another phrase is not."""
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "NOUN" \
                and not any(c.dep_ == "poss" for c in tok.children):
            return False
        for c in tok.children:
            if c.dep_ == "poss":
                return True
            if c.dep_ in ("compound", "amod", "nmod") and (c.i in midx or c.ent_type_ in
                                                           ("GPE", "NORP", "ORG")):
                return True
            if c.dep_ == "prep" and c.lemma_.lower() in ("by", "from", "on", "against", "with",
                                                         "of", "into", "at", "between", "to"):
                for p in c.children:
                    if p.dep_ == "pobj" and any(t.i in midx or t.ent_type_ in
                                                ("GPE", "NORP", "ORG", "PERSON")
                                                for t in self._np_tokens(p)):
                        return True
        return tok.dep_ in ("nsubj", "nsubjpass", "ROOT") and tok.head.dep_ == "ROOT"

    def _voiced_beside(self, tok: Any, trig: dict[int, Candidate]) -> bool:
        """Whether a clause is the content of a subjectless reporting participle ("saying ...",
        "adding ...") that hangs on a coded act of another kind than a demand."""
        cur = tok
        for _ in range(3):
            if cur.dep_ not in ("ccomp", "conj") or cur.head == cur:
                return False
            cur = cur.head
            if _lemma(cur) in REPORT_LEMMAS and cur.tag_ == "VBG":
                return self._participle_host(cur, trig) not in ("-", "REQUEST")
        return False

    def _speaker_tok(self, tok: Any) -> Any | None:
        """Who voices an obligation: the subject of the nearest governing reporting verb, or of
        the verb issuing a statement noun ("issued a reminder that ...")."""
        cur = tok
        for _ in range(5):
            head = cur.head
            if head == cur:
                return None
            if head.pos_ == "VERB" and (_lemma(head) in REPORT_LEMMAS or _lemma(head) in (
                    "conclude", "warn", "demand", "insist", "reiterate", "declare", "say")):
                return self._subject(head) or self._source_tok(head)
            if head.pos_ == "NOUN" and head.dep_ in ("dobj", "obj") and head.head.pos_ == "VERB":
                return self._subject(head.head) or self._source_tok(head.head)
            cur = head
        return None


    def _obligation(self, doc: Document, sent: Any, si: int, tok: Any,
                    midx: dict[int, list[Mention]]) -> Event | None:
        """'X said Y must do Z' is a demand (CAMEO 10, PLOVER REQUEST) from X to Y."""
        from . import ontology

        sp = self._speaker_tok(tok)
        if sp is None:
            return None
        source = self._actor_of(sp, midx)
        target = self._actor_of(self._subject(tok), midx)
        neg = any(c.dep_ == "neg" for c in tok.children)
        cameo = "100"
        start, end = _sentence_span(sent)
        return Event(
            article_id=doc.article.id, type="REQUEST", mode=None,
            context=list(ontology.plover_of_cameo(cameo)[2]), cameo=cameo,
            goldstein=ontology.goldstein(cameo), quad_class=ontology.quad_class(cameo),
            source=source, target=target, modality="negated" if neg else "asserted", rule="must/obligation",
            evidence=Evidence(start, end, doc.article.text[start:end]),
            trigger=Evidence(tok.idx, tok.idx + len(tok.text), tok.text),
            confidence=0.6 + (0.1 if source else 0) + (0.1 if target else 0), sentence=si)

    def __call__(self, doc: Document) -> Document:
        return self._code([doc])[0]

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Documents in groups of ``batch_size``: the classifier embeds a group's clauses and
        sentences in one pass (larger matrix products, fewer calls; a document is coded the
        same as alone, since an embedding does not depend on its batch)."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= self.batch_size:
                yield from self._code(batch)
                batch = []
        if batch:
            yield from self._code(batch)

    def _code(self, docs: list[Document]) -> list[Document]:
        live = []
        judged: dict[int, set[int]] = {}
        for doc in docs:
            if doc.doc is not None:
                midx = self._mention_index(doc)
                judged[id(doc)] = self._lexicon_events(doc, midx)
                live.append((doc, midx))
        if self.classifier is not None:
            self.classifier.review_many([doc for doc, _ in live if doc.events])
            self._fallback_many(live, judged)
        for doc, _ in live:
            doc.events = self._fold_subordinate(doc.events, doc)
            doc.events = [e for e in doc.events if e.confidence >= self.min_confidence]
        return docs

    def _lexicon_events(self, doc: Document, midx: dict[int, list[Mention]]) -> set[int]:
        """Code the lexicon's events; returns the sentences whose main verb the lexicon
        judged to be no event (the classifier fallback does not ask about them again)."""
        sdoc = doc.doc
        published = doc.article.published_day
        judged: set[int] = set()
        for si, sent in enumerate(sdoc.sents):
            cands = self._candidates(sent, midx)
            for c in cands.values():
                if c.entry.type == "-":
                    continue
                ev = self._event(doc, sent, si, c, cands, midx, published)
                if c.dismissed and c.tok.i == sent.root.i:
                    judged.add(si)
                if ev is not None:
                    doc.events.append(ev)
                    doc.events.extend(self._conjunct_copies(ev, c, midx))
            for tok in sent:
                if tok.pos_ in ("VERB", "AUX") and any(
                        c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children):
                    ev = self._obligation(doc, sent, si, tok, midx)
                    if ev is not None and self._voiced_beside(tok, cands):
                        # "staged rallies against the leader, saying he must resign": what the
                        # rallies are for, not a second act of the protesters
                        ev.modality = "future"
                        ev.rule = f"{ev.rule} future:purpose"
                    if ev is not None:
                        doc.events.append(ev)
        return judged

    @staticmethod
    def _fold_subordinate(events: list[Event], doc: Document) -> list[Event]:
        """One event told with several triggers in one sentence is one event: "shelled Juba,
        killing 20 people", "killed one soldier and wounded two others", "killed 46 civilians
        in an attack on a village".  An asserted event whose trigger lies under the trigger of
        an asserted event of the same type in the same sentence, and whose actors do not
        contradict it, is folded into it (filling its empty slots)."""
        def same(a: Actor | None, b: Actor | None) -> bool:
            # an actor with no country ("20 people", "others") is a detail of the telling
            return a is None or b is None or a.code == b.code or a.country is None or \
                b.country is None or a.country == b.country

        live = [(ev, doc.trigger_token(ev)) for ev in events]
        dropped: set[int] = set()
        for j, (sub, st) in enumerate(live):
            if st is None or sub.modality != "asserted":
                continue
            for i, (main, mt) in enumerate(live):
                # "prisoners rioted, setting fire to their mattresses": the damage done in a
                # riot (CAMEO 145) is the riot's, not a second, armed act
                riot_damage = (main.cameo or "").startswith("145") and sub.cameo == "1712"
                if i == j or i in dropped or mt is None or main.modality != "asserted" or \
                        (main.type != sub.type and not riot_damage) or \
                        main.sentence != sub.sentence or mt.i == st.i:
                    continue
                # "the attacks have killed ...": the event noun that is the subject of the
                # act's verb names that act
                restated = st.pos_ == "NOUN" and st.dep_ in ("nsubj", "nsubjpass") and \
                    st.head.i == mt.i
                if not restated and (not mt.is_ancestor(st) or not _linked_within_clause(st, mt)):
                    continue
                if not (same(main.source, sub.source) and same(main.target, sub.target)):
                    continue
                # an empty slot, or one whose actor has no country ("five soldiers"), takes
                # the other telling's actor ("air strikes on Syria killed five soldiers")
                if sub.source is not None and (main.source is None or (
                        main.source.country is None and sub.source.country is not None)):
                    main.source = sub.source
                if sub.target is not None and (main.target is None or (
                        main.target.country is None and sub.target.country is not None)):
                    main.target = sub.target
                # the note goes before any "->TYPE" conversion, which must stay last
                note = f"+folded:{sub.trigger.text if sub.trigger else ''}"
                rule = main.rule or ""
                main.rule = rule.replace(" ->", f" {note} ->", 1) if " ->" in rule else \
                    f"{rule} {note}"
                dropped.add(j)
                break
        return [ev for k, (ev, _) in enumerate(live) if k not in dropped]

    def _conjunct_copies(self, ev: Event, c: Candidate,
                         midx: dict[int, list[Mention]]) -> list[Event]:
        """Compound actors: "France and Germany condemned ..." is one event per member
        (as PETRARCH codes them), each with its own actor and the same evidence."""
        s_tok, t_tok = c.roles
        out: list[Event] = []
        for side, tok in (("source", s_tok), ("target", t_tok)):
            if tok is None:
                continue
            seen = {getattr(ev, side).code} if getattr(ev, side) else set()
            members = _with_conj(tok)[1:4]
            # "Hungarian and Romanian officials": the modifiers are the members
            for m in tok.children:
                if m.dep_ in ("amod", "compound", "nmod"):
                    members.extend(_with_conj(m)[1:4])
            for conj in members:
                actor = self._member_actor(conj, midx)
                if actor is None or actor.code in seen:
                    continue
                seen.add(actor.code)
                other = ev.target if side == "source" else ev.source
                if other is not None and other.code == actor.code:
                    continue
                out.append(dataclasses.replace(ev, id="", **{side: actor},
                                               rule=f"{ev.rule} +conjunct"))
        # "Japan and South Korea held talks": members of a reciprocal event face each other;
        # so do those who "upgraded their ties"
        mutual = ev.type in RECIPROCAL_TYPES or any(
            o.dep_ in ("dobj", "obj") and (_lemma(o) in MUTUAL_NOUNS and any(
                p.dep_ == "poss" and p.lower_ == "their" for p in o.children) or
                _lemma(o) in PACT_NOUNS)       # "Chile and Peru signed a treaty"
            for o in c.tok.children)
        if mutual and ev.target is None and ev.source is not None:
            partners = [o for o in out if o.target is None and o.source is not None]
            if partners:
                first = partners[0]
                ev.target = first.source
                first.target = ev.source
        return out

    def _member_actor(self, tok: Any, midx: dict[int, list[Mention]]) -> Actor | None:
        """A member of a compound actor: its own mention, not the coordinated whole that also
        covers it ("Hungarian and Romanian officials": the member "Romanian" is Romania's)."""
        own = [m for m in midx.get(tok.i, []) if m.actor.country]
        if own:
            return min(own, key=lambda m: (m.end - m.start, not m.actor.code)).actor
        return self._actor_of(tok, midx)

    def _fallback_many(self, docs: list[tuple[Document, dict[int, list[Mention]]]],
                       judged: dict[int, set[int]] | None = None) -> None:
        """Ask the classifier about the main verb of sentences where the lexicon found no
        asserted event; code it when the model is confident (rule ``classifier``).  The
        documents' verbs are embedded in one pass."""
        from . import ontology

        work = []
        for doc, midx in docs:
            covered = {e.sentence for e in doc.events if e.modality == "asserted"} | (
                (judged or {}).get(id(doc), set()))
            roots = []
            for si, sent in enumerate(doc.doc.sents):
                r = sent.root
                subj = self._subject(r) if r.pos_ == "VERB" else None
                # only a main verb whose subject is a coded actor can be a political event
                if si not in covered and subj is not None and _lemma(r) not in REPORT_LEMMAS \
                        and _lemma(r) not in self.lex.modality and \
                        self._actor_of(subj, midx) is not None:
                    roots.append((si, sent, r))
            work.append((doc, midx, roots))
        if not any(roots for _, _, roots in work):
            return
        from .classify import clause_text
        probs = self.classifier.predict_texts(
            [clause_text(r) for _, _, roots in work for _, _, r in roots],
            [s.text for _, _, roots in work for _, s, _ in roots])
        k = 0
        for doc, midx, roots in work:
            published = doc.article.published_day
            for (si, sent, r), p in zip(roots, probs[k: k + len(roots)]):
                k_best = int(p.argmax())
                typ, conf = self.classifier.classes[k_best], float(p[k_best])
                if typ == "NONE" or conf < self.fallback_threshold:
                    continue
                entry = LexEntry(_lemma(r), "V", (), ontology.default_cameo(typ), typ, None, "")
                ev = self._event(doc, sent, si, Candidate(r, entry, noun=False), {}, midx,
                                 published)
                if ev is not None:
                    ev.rule = f"classifier:{typ}@{conf:.2f} {ev.modality}"
                    ev.confidence = round(conf * 0.8, 4)
                    doc.events.append(ev)
            k += len(roots)

    def _event(self, doc: Document, sent: Any, si: int, c: Candidate,
               cands: dict[int, Candidate], midx: dict[int, list[Mention]],
               published: str | None) -> Event | None:
        from . import ontology

        tok, e = c.tok, c.entry
        actor_of = self._actor_memo(midx)
        if c.noun:
            s_tok, t_tok = self._noun_roles(tok, c, midx, actor_of)
        else:
            s_tok, t_tok = self._source_tok(tok), self._target_tok(tok, e, actor_of)
        if not c.noun:
            t_tok = self._refine_target(tok, e, t_tok, actor_of)
        source = actor_of(s_tok)
        target = actor_of(t_tok)
        if target is None and t_tok is not None:
            # "broke off relations with Ruritania and Peru": a coordinated target whose first
            # member names no actor is the next member that does
            target = next((a for a in (actor_of(cj) for cj in _with_conj(t_tok)[1:])
                           if self._coded(a)), None)
        c.roles = (s_tok, t_tok)
        if source is None and s_tok is not None and s_tok.lower_ in THIRD_PERSON:
            # "the government announced that it is prepared to ...": an unresolved pronoun
            # subject of reported speech is the speaker
            sp = self._speaker_tok(tok)
            if sp is not None and sp.lower_ not in THIRD_PERSON | FIRST_PERSON:
                source = actor_of(sp)
        # reported speech: "we reject ..., the minister said"
        if s_tok is not None and s_tok.lower_ in FIRST_PERSON and (source is None):
            for t in sent:
                if _lemma(t) in REPORT_LEMMAS and t.pos_ == "VERB":
                    st = self._subject(t)
                    if st is not None and st.lower_ not in FIRST_PERSON:
                        source = actor_of(st)
                        break
        if source is not None and target is not None and (target.text or "").lower() in \
                OWN_PRONOUNS and (source.code == target.code or (
                    source.country is not None and source.country == target.country)):
            # "accepted a formula for ending its dispute": the actor's own pronoun is not
            # the other party
            target = None
        if source is not None and target is not None and source.code == target.code:
            if e.type in RECIPROCAL_TYPES:
                # one and the same entity on both sides of a meeting or an agreement ("a NATO
                # delegation visited the US to discuss NATO's role"): no one is met; the
                # target is a topic or a misresolved second party
                if source.kb_id is not None and source.kb_id == target.kb_id:
                    target = None
            elif source.country is not None and t_tok is not None and \
                    t_tok.ent_type_ not in ("GPE", "LOC"):
                # same actor on both sides of a conflict event: the target is a place or a
                # mistake
                target = None

        # a noun event takes the tense and negation of its support verb ("will hold talks",
        # "did not launch an attack")
        own = self._own_modality(c.light_head) if c.noun and c.light_head is not None else \
            None if c.noun else self._own_modality(tok)
        emb = self._embedding(tok, cands)
        modality, why = own or "asserted", "own"
        if emb is not None:
            if emb[0] == "negated" or modality == "asserted":
                modality, why = emb
            elif emb[0] == "hypothetical" and modality == "future":
                modality, why = emb
        if c.noun and modality == "asserted" and any(
                ch.dep_ == "det" and ch.lower_ == "no" for ch in tok.children):
            modality = "negated"
        if modality == "asserted" and self._historical(tok, published):
            modality, why = "historical", "dated"
        elif modality == "asserted" and self.background_clauses and self._background(tok):
            modality, why = "historical", "background"
        if not c.noun and modality != "negated" and self._describing_participle(tok, midx):
            # (before the conventions for announced acts: "pledged soldiers for the mission
            # fighting al-Shabaab" announces no attack)
            modality, why = "historical", "description"

        typ, mode, cameo = e.type, e.mode, e.cameo
        if cameo.startswith("144") and source is not None and \
                set(source.sector) & STATE_SECTORS:
            # CAMEO 144 is obstruction as protest; troops or police blocking a road restrict
            # movement (191)
            typ, mode, cameo = "COERCE", "restrict", "191"
        if why == "attempt" and typ == "ASSAULT" and modality == "future":
            # CAMEO codes an attempted attack as the attack (an attempted assassination: 185)
            modality = "asserted"
            if cameo == "186":
                cameo = "185"
        # CAMEO/PLOVER conventions for announced acts: an announced or intended cooperative
        # act is AGREE (a retreat: CONCEDE); an announced or intended hostile act is a THREAT;
        # "will not meet/accept/allow" is a refusal (REJECT)
        obliged = any(ch.dep_ == "aux" and ch.lower_ in ("must", "should")
                      for ch in tok.children) if not c.noun else False
        intent = not obliged and (
            (own == "future" and (emb is None or emb[1] in ("intent", "warned", "preparation")))
            or (modality == "future" and why in ("intent", "warned", "preparation")))
        unless = None if c.noun else next(
            (a for a in tok.children if a.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ == "unless" for m in a.children)), None)
        if unless is not None and (intent or own == "future") and typ != "THREATEN":
            # "will withdraw its force unless the president holds elections": an announced act
            # made conditional on the other side's conduct is a threat (CAMEO 13), put to the
            # party the condition names
            typ, mode, cameo, modality = "THREATEN", None, CONDITIONAL_THREAT_CAMEO.get(
                typ, THREAT_CAMEO.get(typ, "130")), "asserted"
            why = "unless"
            cond_subj = self._subject(unless)
            if target is None and cond_subj is not None:
                target = actor_of(cond_subj)
        elif intent and typ in COOP_TYPES - {"AGREE"}:
            # an announced concession ("will allow the refugees to return", "is prepared to lift
            # the ban") is an agreement to concede, as other announced cooperation
            if typ == "RETREAT":
                typ, mode, cameo = "CONCEDE", None, "080"
            else:
                typ, mode, cameo = "AGREE", None, "030"
            modality = "asserted"
        elif intent and emb is not None and emb[1] == "preparation" and \
                typ in ("ASSAULT", "MOBILIZE"):
            # "the army prepared to resume shelling", "is preparing an offensive": readying a
            # force for an attack shows force (CAMEO 15), it does not voice a threat
            typ, mode, cameo, modality = "MOBILIZE", None, "150", "asserted"
        elif intent and typ in THREAT_CAMEO:
            typ, mode, cameo, modality = "THREATEN", None, THREAT_CAMEO[typ], "asserted"
        elif own == "negated" and self._future_aux(tok) and typ in COOP_TYPES and emb is None:
            typ, mode, cameo, modality = "REJECT", None, REFUSE_CAMEO.get(typ, "120"), "asserted"

        if typ == "CONSULT" and not c.noun and _lemma(tok) in MEET_LEMMAS and target is None \
                and s_tok is not None and s_tok.tag_ in ("NN", "NNP") and not any(
                    ch.dep_ == "conj" for ch in s_tok.children) and not any(
                    ch.dep_ in ("dobj", "obj", "dative") for ch in tok.children) and not any(
                    p in ("with", "between", "among") for p, _ in _preps(tok)):
            # "the cabinet met on Sunday and decided ...": one body in session consults no one
            c.dismissed = True
            return None
        if typ == "REQUEST" and not c.noun and _lemma(tok) == "order" and source is not None \
                and target is not None and source.country and \
                source.country == target.country and any(
                    ch.dep_ == "xcomp" and _lemma(ch) in CLOSURE_LEMMAS for ch in tok.children):
            # "the government ordered the opposition newspaper to suspend publication": an
            # authority shutting down its own country's outlet imposes an administrative
            # sanction (CAMEO 172), it does not ask
            typ, mode, cameo = "COERCE", "restrict", "172"
        if target is None and typ == "PROTEST":
            # "began a hunger strike to protest against Sweden's decision", "blocked a road to
            # show their disapproval of US policies", "a strike in protest at the bill": the
            # protest is aimed at whom its stated purpose names
            target = self._purpose_target(
                [tok] + ([c.light_head] if c.light_head is not None else []), actor_of)
        if target is None and typ in ("ASSAULT", "COERCE"):
            target = self._force_aim(tok if c.light_head is None else c.light_head, actor_of) \
                or (self._force_aim(tok, actor_of) if c.light_head is not None else None)
        if target is None and e.type in ("SANCTION", "COERCE") and not c.noun:
            target = self._restricted_party(tok, actor_of)
        if target is None and typ in ("CONCEDE", "RETREAT"):
            # "called off the strike after talks with the government": a concession made at
            # the end of talks is made to the party the talks were with
            target = self._settled_with(tok, actor_of)
        if target is None and source is not None and typ in DOMESTIC_TYPES and \
                e.mode != "resign":
            # (a resignation is done to no one: "will resign" has no target)
            target = _domestic_target(source, typ)
        if modality == "asserted" and self._in_description(tok, midx):
            modality, why = "historical", "description"
        elif modality == "asserted" and c.noun and _retold(doc.events, si, tok, typ, source, target):
            modality, why = "historical", "retold"

        start, end = _sentence_span(sent)
        text = doc.article.text[start:end]
        trig = Evidence(tok.idx, tok.idx + len(tok.text), tok.text)
        p_type, _p_mode, contexts = ontology.plover_of_cameo(cameo)
        conf = 0.55 + 0.1 * min(e.specificity, 1) + (0.1 if source else 0.0) + \
            (0.1 if target else 0.0)
        ev = Event(
            article_id=doc.article.id, type=typ, mode=mode, context=list(contexts),
            cameo=cameo, goldstein=ontology.goldstein(cameo), quad_class=ontology.quad_class(cameo),
            source=source, target=target, modality=modality,
            evidence=Evidence(start, end, text), trigger=trig, confidence=min(conf, 0.95),
            sentence=si, rule=f"{e.describe()} {modality}:{why}" + (
                f" ->{typ}" if typ != e.type else ""),
        )
        return ev


@registry.register("events", "lexicon")
def make_lexicon(config: dict[str, Any]) -> EventCoder:
    return EventCoder(classifier=None)


@registry.register("events", "hybrid")
def make_hybrid(config: dict[str, Any]) -> EventCoder:
    from .classify import load_classifier

    return EventCoder(classifier=load_classifier(config.get("model")),
                      min_confidence=float(config.get("min_confidence", 0.0)),
                      fallback_threshold=float(config.get("fallback_threshold", 0.8)),
                      background_clauses=bool(config.get("background_clauses", True)),
                      batch_size=int(config.get("batch_size", 8)))
