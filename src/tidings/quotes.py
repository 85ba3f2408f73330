"""The quotes stage: direct, partial and indirect quotes with their (coded) speakers.

Why two passes: quotation marks are found by a cheap character scan (straight and curly marks,
nested single marks, quotes that run over paragraphs), so the parse is only consulted to
*attribute* them - which cue verb governs the quote and who its subject is.  A second pass over
the parse finds reported speech without marks ("X said that ...", "according to X, ...", "A, X
said, B", "X noted the rule", "a poll shows that ...").

Attribution of a quoted stretch, in order: a cue verb opening the quote ('who "agreed that');
a cue after it ('"...," stated Ortagus', '"...," read a statement from X'); a dash and a
name signing it ('"..." ― Ana Ruiz'); a cue before it
('X said: "..."', partial quotes 'X said the plan was "dead"' become *mixed* quotes whose content
is the reported clause); else the verb governing a partial quote ('called for a "clean
economy"').  An interrupted quote and a cue-less follow-up quote join the attributed one (as in
PolNeAR, where one attribution spans '"a," he said. "b."').  Unattributed stretches (scare quotes,
titles of shows and books) are dropped.

Speakers are looked up in the actors stage's mentions (``doc.mention_at``), so a pronoun that the
actors stage resolved ("she added") gets the coded actor of its antecedent.  Events found inside a
quote's content get ``event.quote`` (an index into ``doc.quotes``); their actors are untouched.

Cue words are data: ``data/quotes/cues.tsv``.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from .errors import TidingsError
from .records import Actor, Document, Mention, Quote
from .registry import registry

# ---------------------------------------------------------------- cue lexicon


@dataclass(frozen=True)
class Cues:
    """The cue lexicon, split by how each kind of cue is matched."""

    verbs: frozenset[str]            # reporting-verb lemmas
    phrases: tuple[tuple[str, ...], ...]   # multi-word cues as lower-cased word tuples
    docverbs: frozenset[str]         # verbs that cue only with a document noun ("read")
    docnouns: frozenset[str]         # document nouns that can be speakers ("statement")
    claimnouns: frozenset[str]       # nouns taking a that-clause ("claims that ...")
    verbpreps: frozenset[tuple[str, str]] = frozenset()   # (verb lemma, preposition): "call for"
    objverbs: frozenset[str] = frozenset()    # verb cues whose direct object is the content
    toverbs: frozenset[str] = frozenset()     # verb cues whose to-infinitive is the content
    clauseverbs: frozenset[str] = frozenset()  # verbs reporting only a clause ("a poll shows that")


def _cue_rows(text: str, path: str) -> list[tuple[str, str, str]]:
    """Parse cues.tsv rows; a malformed row is an installation error (E022)."""
    rows: list[tuple[str, str, str]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if parts[0] == "cue":
            continue
        if len(parts) != 3:
            raise TidingsError("E022", path=path)
        rows.append((parts[0].strip().lower(), parts[1].strip(), parts[2].strip()))
    return rows


@functools.lru_cache(maxsize=4)
def load_cues(include_belief: bool = False) -> Cues:
    """Read the shipped cue lexicon; belief cues (think, want ...) only when asked for."""
    path = "data/quotes/cues.tsv"
    try:
        text = resources.files("tidings").joinpath(path).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        raise TidingsError("E022", path=path) from None
    by_type: dict[str, set[str]] = {}
    for cue, typ, cls in _cue_rows(text, path):
        if cls == "belief" and not include_belief:
            continue
        by_type.setdefault(typ, set()).add(cue)
    return Cues(verbs=frozenset(by_type.get("verb", ())),
                phrases=tuple(tuple(p.split()) for p in sorted(by_type.get("phrase", ()))),
                docverbs=frozenset(by_type.get("docverb", ())),
                docnouns=frozenset(by_type.get("docnoun", ())),
                claimnouns=frozenset(by_type.get("claimnoun", ())),
                verbpreps=frozenset(tuple(p.split()) for p in by_type.get("verbprep", ())
                                    if len(p.split()) == 2),
                objverbs=frozenset(by_type.get("objverb", ())),
                toverbs=frozenset(by_type.get("toverb", ())),
                clauseverbs=frozenset(by_type.get("clauseverb", ())))


# ---------------------------------------------------------------- quotation marks

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘"
CLOSE_SINGLE = "’"
_OPEN_CONTEXT = " \t\n([{—–-/"


@dataclass
class Marked:
    """A stretch of text between quotation marks: ``[open, close)`` includes the marks."""

    open: int            # position of the opening mark
    close: int           # position just after the closing mark (or the paragraph end)
    start: int           # content start (after the opening mark)
    end: int             # content end (before the closing mark)
    closed: bool = True


_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "by",
                          "with", "or", "is", "de"})


def looks_like_title(quoted: str) -> bool:
    """Title Case quoted text ('"State of the Union"', "''Hail, Caesar!''") names a work or a
    show, not words someone said."""
    words = re.findall(r"[^\W\d_][\w’'-]*", quoted)
    if not words:
        return True
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of paragraphs: blank-line separated blocks, else single lines."""
    sep = r"\n[ \t\xa0]*\n\s*" if re.search(r"\n[ \t\xa0]*\n", text) else r"\n\s*"
    out: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(sep, text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _is_opener(text: str, i: int) -> bool:
    """A straight mark opens when it follows a space/bracket and precedes a non-space."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_CONTEXT or before.isspace()) and not after.isspace()


def _is_closer(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    return not before.isspace()


def _starts_with_opener(text: str, start: int, end: int) -> bool:
    s = text[start:end].lstrip()
    return bool(s) and (s[0] in OPEN_DOUBLE or s[0] == '"')


def _scan_double(text: str, start: int, end: int,
                 open_at: int | None = None) -> tuple[list[Marked], int | None]:
    """Double-quoted stretches in one paragraph (``open_at``: a mark carried in from the
    previous paragraph); also returns the position of a mark still open at the end.  A quote in
    the other style of double marks inside a quote ('"about “Equal Justice” anymore"') is
    nested and is not a stretch of its own."""
    found: list[Marked] = []
    nested: str | None = None          # the style of an open nested quote: "curly" / "straight"
    outer = "curly" if open_at is not None and text[open_at] in OPEN_DOUBLE else "straight"
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN_DOUBLE:
            if open_at is not None and outer == "straight" and nested is None:
                nested = "curly"
            else:
                open_at, outer, nested = i, "curly", None
        elif ch in CLOSE_DOUBLE:
            if nested == "curly":
                nested = None
            elif open_at is not None:
                found.append(Marked(open_at, i + 1, open_at + 1, i))
                open_at, nested = None, None
        elif ch == '"':
            if nested == "straight" and _is_closer(text, i):
                nested = None
            elif open_at is not None and outer == "curly" and nested is None \
                    and _is_opener(text, i):
                nested = "straight"
            elif open_at is not None and _is_closer(text, i):
                found.append(Marked(open_at, i + 1, open_at + 1, i))
                open_at, nested = None, None
            elif _is_opener(text, i):
                open_at, outer, nested = i, "straight", None
    return found, open_at


def _scan_single(text: str, start: int, end: int, taken: list[Marked]) -> list[Marked]:
    """Single-quoted stretches outside double quotes; apostrophes (Iraq’s, don't) are skipped."""
    found: list[Marked] = []
    open_at: int | None = None
    i = start
    while i < end:
        inside = next((m for m in taken if m.open <= i < m.close), None)
        if inside is not None:
            i = inside.close
            open_at = None
            continue
        ch = text[i]
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in (OPEN_SINGLE, "'") and open_at is None and _is_opener(text, i) and after.isalnum():
            open_at = i
        elif ch in (CLOSE_SINGLE, "'") and open_at is not None and _is_closer(text, i) \
                and not after.isalnum() and i - open_at > 2:
            found.append(Marked(open_at, i + 1, open_at + 1, i))
            open_at = None
        i += 1
    return found


def find_marked(text: str) -> list[Marked]:
    """All quoted stretches, in text order.

    An opening mark left open at a paragraph's end continues into the next paragraph when that
    one starts with an opening mark (the news convention for multi-paragraph quotes); otherwise
    the quote is taken to end with its paragraph.
    """
    out: list[Marked] = []
    carry: int | None = None          # opening position of a quote running over paragraphs
    raw = text
    text = text.replace("\'\'", '"\u2060')   # two apostrophes as a double mark (NYT style)
    paras = paragraphs(text)
    for k, (ps, pe) in enumerate(paras):
        scan_from = ps
        if carry is not None:          # the continuing paragraph's own opening mark is skipped
            scan_from = ps + (len(text[ps:pe]) - len(text[ps:pe].lstrip())) + 1
        found, open_at = _scan_double(text, scan_from, pe, carry)
        carry = None
        out.extend(found)
        out.extend(_scan_single(text, scan_from, pe, found))
        if open_at is None:
            continue
        nxt = paras[k + 1] if k + 1 < len(paras) else None
        if nxt is not None and _starts_with_opener(text, *nxt):
            carry = open_at
        elif len(text[open_at + 1:pe].split()) >= 4:
            out.append(Marked(open_at, pe, open_at + 1, pe, closed=False))
    for m in out:                       # the second apostrophe belongs to the mark
        if raw[m.open:m.open + 2] == "\'\'":
            m.start = m.open + 2
        if m.closed and raw[m.close - 1:m.close + 1] == "\'\'":
            m.close += 1
    out.sort(key=lambda m: m.open)
    return [m for m in out if m.end > m.start]


# ---------------------------------------------------------------- attribution with the parse

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_COMP = ("ccomp",)
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "urge", "warn", "call", "accuse", "blame",
                              "criticize", "praise", "promise", "remind", "assure", "inform"})
_PERSONAL = frozenset({"he", "she", "they", "we", "i", "it", "him", "her", "them"})
_RELATIVE = frozenset({"who", "which", "that"})
_SENT_END = frozenset({".", "!", "?"})
_WH_OBJECTS = frozenset({"what", "which", "that", "who", "whom", "this", "it", "so", "something",
                         "anything", "nothing", "everything"})
_SPEAKER_POS = frozenset({"PROPN", "NOUN", "PRON"})
# the links a document noun climbs to reach the clause that issued it: object, preposition,
# purpose ("met to vote for a resolution"); not ccomp (reported speech) nor nsubj
_ISSUED_DEPS = frozenset({"dobj", "pobj", "prep", "xcomp", "advcl", "conj"})


def _phrase_at(sdoc: Any, i: int, cues: Cues) -> int:
    """Length in tokens of a phrase cue starting at token i (0 if none)."""
    if i >= len(sdoc):
        return 0
    first = sdoc[i].lower_
    for ph in cues.phrases:
        n = len(ph)
        # the first word decides most tokens without building the phrase
        if ph and ph[0] == first and i + n <= len(sdoc) and \
                tuple(t.lower_ for t in sdoc[i:i + n]) == ph:
            return n
    return 0


def _docnoun_child(tok: Any, cues: Cues) -> Any | None:
    """The document noun a doc-verb takes ("read [a statement]")."""
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubj", "attr", "dep", "npadvmod") \
                and c.lemma_.lower() in cues.docnouns:
            return c
    return None


def is_cue(tok: Any, cues: Cues) -> bool:
    """Is this token a cue (verb lemma, doc verb with a document object, or phrase start)?"""
    lemma = tok.lemma_.lower()
    before = [t.lower_ for t in tok.doc[max(0, tok.i - 2):tok.i]]
    if before[-1:] in (["so"], ["so-"]) or before == ["so", "-"]:
        return False                           # "so-called"
    if tok.pos_ in ("VERB", "AUX") and lemma in cues.verbs:
        return not (lemma == "say" and tok.dep_ == "amod")
    if tok.pos_ == "VERB" and lemma in cues.docverbs:
        return _docnoun_child(tok, cues) is not None
    return _phrase_at(tok.doc, tok.i, cues) > 0


def _np_bounds(head: Any) -> tuple[int, int]:
    """Token span of a speaker noun phrase: its left part up to the head, plus name parts on the
    right (flat/compound), without relative clauses or appositions."""
    left = head.i
    for t in head.subtree:
        if t.i < left and t.dep_ not in ("punct", "cc", "prep", "relcl", "appos", "acl"):
            left = t.i
        if t.i >= head.i:
            break
    # never cross a comma or quote mark on the way left
    while left < head.i and any(head.doc[k].is_punct and head.doc[k].text not in ".'’"
                                for k in range(left, head.i)):
        left += 1
    right = head.i + 1
    while right < len(head.doc) and head.doc[right].head.i == head.i \
            and head.doc[right].dep_ in ("flat", "compound", "nummod"):
        right += 1
    return left, right


def _pobj_of(tok: Any, preps: tuple[str, ...]) -> Any | None:
    """The object of a preposition child of tok ("statement [from] X" -> X)."""
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                               "QUANTITY"})


def _own_subject(verb: Any, cues: Cues, ok: Any) -> Any | None:
    """A verb's own subject (a document's source for "the statement from X said")."""
    for c in verb.children:
        if c.dep_ in _SUBJ and ok(c) and (c.pos_ in _SPEAKER_POS or c.lower_ in _RELATIVE) \
                and c.ent_type_ not in _NOT_SPEAKER_ENTS:
            if c.lemma_.lower() in cues.docnouns:
                return _pobj_of(c, ("from", "by")) or c
            return c
    return None


def _subject(verb: Any, cues: Cues, quoted: list[bool] | None = None) -> Any | None:
    """The speaker head of a cue verb: its subject, a subject inherited through conjunction or
    an open clause, a noun just before it that the parse missed, or the noun right after it
    ("stated Ortagus", "read a statement from X").  Tokens inside quotation marks (``quoted``)
    are never the speaker: the parse sometimes makes a quoted noun a second subject of the cue."""

    def ok(t: Any) -> bool:
        return quoted is None or not quoted[t.i]

    if verb.lemma_.lower() in cues.docverbs:
        noun = _docnoun_child(verb, cues)
        if noun is not None:
            return _pobj_of(noun, ("from", "by", "of")) or noun
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and ok(verb.head):
        return verb.head                       # 'a resolution calling on the government to ...'
    return (_own_subject(verb, cues, ok) or _inherited_subject(verb, cues, ok)
            or _subject_before(verb, ok) or _subject_after(verb, ok))


def _inherited_subject(verb: Any, cues: Cues, ok: Any) -> Any | None:
    """The subject of a governing verb: "went on to say", "began by saying", "... and said"."""
    up = verb
    for _ in range(4):
        if up.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "pobj", "prep", "acl") \
                or up.head.i == up.i:
            return None
        up = up.head
        subj = _own_subject(up, cues, ok)
        if subj is not None:
            return subj
    return None


def _subject_before(verb: Any, ok: Any) -> Any | None:
    """A noun just before the verb (past adverbs and auxiliaries) the parse did not link."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and verb.i - j <= 6 and (doc[j].is_punct or doc[j].pos_ in ("ADV", "AUX", "PART")):
        if doc[j].text in (".", ";", ":", "“", '"', "”"):
            return None
        j -= 1
    if j >= 0 and doc[j].pos_ in _SPEAKER_POS and ok(doc[j]) and doc[j].dep_ != "pobj" \
            and doc[j].ent_type_ not in _NOT_SPEAKER_ENTS:
        return doc[j]
    return None


def _subject_after(verb: Any, ok: Any) -> Any | None:
    """Inversion after a quote: '", said the minister', '", stated Ortagus'."""
    for c in verb.rights:
        if c.dep_ in ("dobj", "attr", "npadvmod", "dep", "appos", "oprd") \
                and c.pos_ in _SPEAKER_POS and c.i - verb.i <= 6 and ok(c):
            return c
    nxt = verb.i + 1
    if nxt >= len(verb.doc) or verb.doc[nxt].pos_ not in _SPEAKER_POS | {"DET"}:
        return None
    tok = verb.doc[nxt]
    while tok.pos_ == "DET" or (tok.head.i > tok.i and tok.head.i - verb.i <= 6
                                and tok.dep_ in ("compound", "amod", "poss", "det")):
        tok = tok.head
        if tok.i == verb.i:
            return None
    return tok if tok.pos_ in _SPEAKER_POS and tok.i > verb.i and ok(tok) else None


def _phrase_speaker(sdoc: Any, i: int, n: int) -> Any | None:
    """The object of "according to": the first noun head after the phrase."""
    to = sdoc[i + n - 1]
    for c in to.children:
        if c.dep_ == "pobj":
            return c
    j = i + n
    while j < len(sdoc) and j < i + n + 8:
        t = sdoc[j]
        if t.pos_ in _SPEAKER_POS and (t.head.i < i or t.head.i >= j and t.dep_ != "compound"
                                       and t.head.pos_ not in _SPEAKER_POS):
            return t
        if t.is_punct and t.text in ",.;:":
            break
        j += 1
    return None


def _noun_speaker(noun: Any) -> Any | None:
    """Who a claim noun belongs to: "Trump's claim", "claims in the resolution", "claim by X"."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    return _pobj_of(noun, ("by", "from", "in", "of"))


# ---------------------------------------------------------------- the finder


def _finite(clause: Any) -> bool:
    """A clause with its own subject and no infinitive marker ('that few voters care', not
    'it difficult to repeat')."""
    kids = list(clause.children)
    return clause.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl")
                                                  for c in kids) \
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)


def _tok_end(t: Any) -> int:
    return int(t.idx + len(t.text))


def _is_boundary(t: Any) -> bool:
    """Tokens that end a clause window: sentence-final punctuation and line breaks."""
    return t.text in _SENT_END or ("\n" in t.text and t.is_space)


@dataclass
class _Draft:
    """A quote under construction (character spans; token indices of speaker and cue)."""

    start: int
    end: int
    kind: str
    cue_i: tuple[int, int] | None = None      # token span of the cue
    speaker_head: Any = None                  # spaCy token
    marked: list[Marked] = field(default_factory=list)
    rule: str = ""                            # which rule made it (for debugging and tests)


class QuoteFinder:
    """Finds quotes in one parsed document (see the module docstring for the two passes)."""

    def __init__(self, document: Document, cues: Cues) -> None:
        self.d = document
        self.text = document.article.text
        self.sdoc = document.doc
        self.cues = cues
        self.used_cues: set[int] = set()
        self.marked = find_marked(self.text)
        self.starts = [t.idx for t in self.sdoc]
        self.ends = [_tok_end(t) for t in self.sdoc]
        self.in_marks = [False] * len(self.sdoc)
        self.owned = [False] * len(self.sdoc)     # tokens of quotes already attributed
        for m in self.marked:
            span = self.sdoc.char_span(m.open, m.close, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.in_marks[t.i] = True

    # -------------------------------------------------------- token helpers

    def _first_after(self, pos: int) -> int:
        """Index of the first token starting at or after char pos."""
        return bisect.bisect_left(self.starts, pos)

    def _last_before(self, pos: int) -> int:
        """Index of the last token ending at or before char pos (-1 if none)."""
        return bisect.bisect_right(self.ends, pos) - 1

    def _cue_len(self, t: Any) -> int:
        """Token length of a cue starting at t (0 when t is no cue)."""
        if self.in_marks[t.i] or t.i in self.used_cues:
            return 0
        n = _phrase_at(self.sdoc, t.i, self.cues)
        if n:
            return n
        if t.pos_ == "NOUN" and t.lemma_.lower() in self.cues.claimnouns:
            if t.dep_ == "pobj" and t.head.head.i != t.head.i and is_cue(t.head.head, self.cues):
                return 0                        # 'said in a statement that ...': the verb cues
            return 1 if self._claim_clause(t) is not None else 0
        return 1 if is_cue(t, self.cues) else 0

    def _speaker_for(self, i: int, n: int) -> Any | None:
        t = self.sdoc[i]
        if n > 1 or t.lower_ == "according":
            return _phrase_speaker(self.sdoc, i, n)
        if t.pos_ in ("NOUN", "PROPN"):
            return _noun_speaker(t)
        return _subject(t, self.cues, self.in_marks)

    # -------------------------------------------------------- direct quotes

    def _post_cue(self, m: Marked) -> tuple[int, int, int] | None:
        """A cue right after the closing mark: (cue token, length, gap end token)."""
        if self.text[m.start:m.end].rstrip()[-1:] == "." and m.closed:
            return None                  # '"... withdrawal." Trump said' starts a new sentence
        i = self._first_after(m.close)
        ends_open = self.text[m.start:m.end].rstrip()[-1:] in (",", "?", "!", "—", "-")
        for k in range(i, min(i + 30, len(self.sdoc))):
            t = self.sdoc[k]
            if _is_boundary(t) or (self.in_marks[k] and k > i):
                return None
            n = self._cue_len(t)
            if n:
                return k, n, i
            if t.pos_ == "VERB" or (t.pos_ == "AUX" and t.dep_ != "aux"):
                # '"...," he continued': right after a quote any verb with a subject reports it
                if ends_open and t.pos_ == "VERB" and not self.in_marks[k] \
                        and t.i not in self.used_cues \
                        and _subject(t, self.cues, self.in_marks) is not None:
                    return k, 1, i
                return None
        return None

    def _window_start(self, m: Marked) -> int:
        """First token of the clause window before a quote (back to a sentence end, a line
        break - unless the previous paragraph ends with a colon - or another quote)."""
        j = self._last_before(m.open)
        while j >= 0:
            t = self.sdoc[j]
            if self.in_marks[j] and self.owned[j]:
                break
            if _is_boundary(t):
                if "\n" in t.text and j > 0 and self.sdoc[j - 1].text == ":":
                    j -= 1
                    continue
                break
            j -= 1
        return j + 1

    def _pre_cue(self, m: Marked, w0: int) -> tuple[int, int] | None:
        """The nearest cue before the opening mark inside the clause window; before a colon
        ('Trump went even further: "..."') the clause's verb, or the colon after a bare name."""
        last = self._last_before(m.open)
        j = last
        while j >= w0:
            n = self._cue_len(self.sdoc[j])
            if n:
                return j, n
            j -= 1
        while last >= w0 and self.sdoc[last].is_space:
            last -= 1
        if last < w0 or self.sdoc[last].text not in (":", ","):
            return None
        verbs = [t for t in self.sdoc[w0:last] if t.pos_ == "VERB" and not self.in_marks[t.i]
                 and t.i not in self.used_cues
                 and _subject(t, self.cues, self.in_marks) is not None]
        if verbs:
            return verbs[-1].i, 1
        if self.sdoc[last].text == ":" and last > w0 and self.sdoc[last - 1].pos_ == "PROPN":
            return last, 1
        return None

    def _governs(self, cue: Any, m: Marked) -> bool:
        """Is the quote inside the cue's syntactic domain (the cue is an ancestor of one of the
        quote's tokens, or both hang off the same clause)?"""
        span = self.sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        if cue.pos_ == "NOUN":
            clause = self._claim_clause(cue)
        else:
            clause = self._complement(cue)
        for t in span:
            if cue in t.ancestors or (clause is not None
                                      and (t == clause or clause in t.ancestors)):
                return True
        return False

    def _after_cue(self, k: int, n: int, stop_at_that: bool = False,
                   keep: int | None = None) -> int:
        """First token of the content after a cue: past its prepositional phrases, addressee,
        time words and the 'that' ("said [in a statement] [Friday] that ...").  A phrase that
        holds character position ``keep`` (a quote's start) is entered, not skipped: 'called
        for [a redoubling of efforts toward a "clean economy"]'."""
        j = k + n
        while j < len(self.sdoc):
            t = self.sdoc[j]
            if stop_at_that and t.lower_ == "that":
                break
            if t.is_punct or t.is_space or t.lower_ == "that":
                j += 1
            elif t.head.i == k and t.dep_ in ("prep", "dative", "npadvmod", "advmod", "agent") \
                    or (t.head.i == k and t.dep_ == "dobj"
                        and self.sdoc[k].lemma_.lower() in _ADDRESSEE_VERBS):
                end = t.right_edge.i + 1
                if keep is not None and end < len(self.sdoc) and \
                        self.sdoc[t.left_edge.i].idx <= keep < self.sdoc[end - 1].idx:
                    j = j + 1 if t.dep_ in ("prep", "agent") else j
                    break
                j = max(j + 1, end)
            else:
                break
        return min(j, len(self.sdoc) - 1)

    def _pre_wins(self, pre: tuple[int, int], m: Marked) -> bool:
        """With cues on both sides, the one before wins when the quote sits in its clause (by
        the parse, or by an explicit 'that': 'claims in X that ... "quote," Y detailed')."""
        k, n = pre
        nxt = k + n
        while nxt < len(self.sdoc) and self.sdoc[nxt].dep_ == "prep":
            nxt = self.sdoc[nxt].right_edge.i + 1
        if self.sdoc[k].pos_ == "NOUN" and self._claim_clause(self.sdoc[k]) is not None:
            return True
        if nxt < len(self.sdoc) and self.sdoc[nxt].lower_ == "that":
            return True
        return self._governs(self.sdoc[k], m)

    def _inner_cue(self, m: Marked) -> _Draft | None:
        """A quote that opens with its own cue verb, its subject just before the mark:
        'Stoltenberg, who "agreed that NATO could ..."'."""
        span = self.sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) < 3:
            return None
        first = span[0]
        if not is_cue(first, self.cues) or first.pos_ != "VERB":
            return None
        subj = next((c for c in first.children if c.dep_ in _SUBJ and c.i < first.i
                     and not self.in_marks[c.i]), None)
        if subj is None:
            return None
        k = first.i + 1
        while k < span.end and (self.sdoc[k].lower_ == "that" or self.sdoc[k].is_punct):
            k += 1
        if k >= span.end:
            return None
        return _Draft(int(self.sdoc[k].idx), m.end, "direct", (first.i, first.i + 1), subj,
                      marked=[m], rule="inner")

    def _dash_signed(self, m: Marked) -> _Draft | None:
        """A quote signed with a dash and a name at the end of its line ('“...” ― Ana Ruiz',
        '“...” — Ana Ruiz, a nurse'): the convention of quote round-ups and epigraphs."""
        if not m.closed:
            return None
        after = self.text[m.close:m.close + 80]
        sig = re.match(r"[ \t\xa0]*[―—–][ \t\xa0]*", after)
        if sig is None:
            return None
        k = self._first_after(m.close + sig.end())
        names = []
        while k < len(self.sdoc) and self.sdoc[k].pos_ == "PROPN" and not self.in_marks[k]:
            names.append(self.sdoc[k])
            k += 1
        if not names or len(names) > 4:
            return None
        rest = self.text[_tok_end(names[-1]):_tok_end(names[-1]) + 200]
        if not re.match(r"[ \t\xa0]*(,|\n|$)", rest):
            return None
        dash = self._last_before(m.close + sig.end())
        return _Draft(m.start, m.end, "direct", (dash, dash + 1), names[-1], marked=[m],
                      rule="dash-signed")

    def _direct(self, m: Marked) -> _Draft | None:
        """Attribute one marked stretch: a post-posed cue, else a pre-posed one, else a cue
        verb opening the quote, else the verb governing a partial quote."""
        w0 = self._window_start(m)
        lead_words = [t for t in self.sdoc[w0:self._last_before(m.open) + 1]
                      if not t.is_punct and not t.is_space]
        inner = self._inner_cue(m) or self._dash_signed(m)
        if inner is not None:
            return inner
        pre = self._pre_cue(m, w0)
        post = self._post_cue(m)
        if post is not None and not (pre is not None and self._pre_wins(pre, m)):
            if lead_words and looks_like_title(self.text[m.start:m.end]):
                return None              # 'Sunday on CNN's "State of the Union," X said ...'
            return self._post_draft(m, post, lead_words)
        if pre is None:
            return self._governing(m) if lead_words else None
        k, n = pre
        between = self.text[_tok_end(self.sdoc[k + n - 1]):m.open].strip()
        direct = between == "" or between[-1:] in ":," or between.lower() == "that"
        if not direct and not (self._pre_wins(pre, m) or len(between.split()) <= 3):
            return self._governing(m)
        speaker = (self._speaker_for(k, n) if self.sdoc[k].pos_ != "PUNCT"
                   else self._colon_speaker(k))
        end = m.end if between[-1:] == ":" else self._clause_end(m)
        if direct:
            return _Draft(m.start, end, "direct" if end == m.end else "mixed", (k, k + n), speaker,
                          marked=[m], rule="pre-direct")
        cstart = min(self._content_start(k, n, m), m.start)
        return _Draft(cstart, end, "mixed", (k, k + n), speaker, marked=[m], rule="pre-mixed")

    def _content_start(self, k: int, n: int, m: Marked) -> int:
        """Where the content of a partial quote begins: its reported clause when the quote lies
        in it ('told a town hall [that waterboarding is "peanuts"]'), else the words after the
        cue and its adjuncts."""
        cue = self.sdoc[k]
        clause = self._claim_clause(cue) if cue.pos_ == "NOUN" else self._complement(cue)
        if clause is not None and clause.left_edge.idx <= m.open <= _tok_end(clause.right_edge):
            first = clause.left_edge
            while first.i < clause.i and (first.lower_ == "that" or first.is_punct):
                first = self.sdoc[first.i + 1]
            return int(first.idx)
        return int(self.sdoc[self._after_cue(k, n, keep=m.open)].idx)

    def _post_draft(self, m: Marked, post: tuple[int, int, int], lead_words: list[Any]) -> _Draft:
        """A quote with its cue after it; words before the quote or between it and the
        attribution make it a partial ('mixed') quote covering them."""
        k, n, g0 = post
        end = m.end
        lead_words = [t for t in lead_words if "\n" not in self.text[t.idx:m.open]]
        commas = [t for t in self.sdoc[g0:k] if t.text in ",—–-" and t.i > g0]
        if commas and any(not t.is_punct for t in self.sdoc[g0:commas[-1].i]):
            end = int(commas[-1].idx)           # '"x" activities, officials said'
        kind = "mixed" if lead_words or end != m.end else "direct"
        start = int(lead_words[0].idx) if lead_words else m.start
        return _Draft(start, end, kind, (k, k + n), self._speaker_for(k, n), marked=[m],
                      rule="post")

    def _colon_speaker(self, k: int) -> Any | None:
        """'Michael P. McDonald: "..."' - the name before a colon speaks."""
        j = k - 1
        while j >= 0 and self.sdoc[j].pos_ == "PROPN":
            j -= 1
        return self.sdoc[k - 1] if j < k - 1 else None

    def _governing(self, m: Marked) -> _Draft | None:
        """A partial quote with no reporting verb ('She called for a "clean energy economy"'):
        PolNeAR attributes it to the subject of the verb governing it, the content being that
        verb's argument holding the quote."""
        span = self.sdoc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0 or looks_like_title(self.text[m.start:m.end]):
            return None
        tok = span.root
        child = tok
        while tok.head.i != tok.i:
            child, tok = tok, tok.head
            if self.in_marks[tok.i]:
                continue
            if child.dep_ in ("prep", "advcl", "npadvmod") \
                    and child.lower_ not in ("about", "of", "for", "as", "to", "against", "into"):
                return None                     # 'on CNN's "State of the Union"': a setting
            if tok.pos_ == "AUX" or tok.lemma_ in ("be", "have") or tok.i in self.used_cues:
                return None
            if tok.pos_ == "VERB":
                subj = _subject(tok, self.cues, self.in_marks)
                if subj is None:
                    return None
                toks = list(child.subtree)
                if child.dep_ == "prep":         # 'described [the deal] as a "breakthrough"'
                    toks += [t for c in tok.children if c.dep_ == "dobj" and c.i < child.i
                             for t in c.subtree]
                arg = self._span_of(toks)
                if arg is None:
                    return None
                start, end = min(arg[0], m.start), max(arg[1], m.end)
                return _Draft(start, end, "mixed", (tok.i, tok.i + 1), subj, marked=[m],
                              rule="governing")
        return None

    def _clause_end(self, m: Marked) -> int:
        """Where a clause holding a quote ends: the quote end when a sentence end (or a
        comma or colon) follows it, else the end of the sentence (before its final stop)."""
        if self.text[m.start:m.end].rstrip()[-1:] in _SENT_END | {",", ";", ":"} or not m.closed:
            return m.end
        i = self._first_after(m.close)
        if i >= len(self.sdoc) or self.sdoc[i].text in (",", ":", ";") \
                or _is_boundary(self.sdoc[i]):
            return m.end
        k = i
        while k < len(self.sdoc) and not _is_boundary(self.sdoc[k]):
            k += 1
        last = self.sdoc[k - 1]
        while last.i > i and (last.is_punct or last.is_space):
            last = self.sdoc[last.i - 1]
        return max(m.end, _tok_end(last))

    def _gap_is_attribution(self, a: int, b: int) -> bool:
        """Is the text between two quoted stretches (chars [a, b)) only an attribution - short,
        in one paragraph, with no verb except a used cue and verbs hanging off it - so the
        second stretch goes on the first one's quote ('"a," he said, adding ... "b."')?"""
        gap = self.text[a:b]
        if b - a > 200 or gap.count("\n\n") > 1 \
                or ("\n" in gap and gap.rstrip(" \t\xa0")[-1:] != "\n"):
            return False                 # across a break only to a paragraph opening with a quote
        toks = self.sdoc[self._first_after(a):self._last_before(b) + 1]
        words = [t for t in toks if not t.is_punct and not t.is_space]
        if len(words) > 30:
            return False
        for t in words:
            if t.pos_ == "VERB" and t.i not in self.used_cues \
                    and not any(x.i in self.used_cues for x in t.ancestors):
                return False
        return True

    def direct_quotes(self) -> list[_Draft]:
        """Attribute every quoted stretch; an interrupted quote ('"a," he said, "b"') and a
        follow-up quote without a cue of its own ('"a," he said. "b."') join the first one, as
        do whole-paragraph quotes with no cue just before an attributed quote paragraph, and a
        stretch inside an earlier quote's content belongs to it.  Stretches with no cue at all
        (scare quotes, titles) are left out."""
        drafts: list[_Draft] = []
        pending: list[Marked] = []          # unattributed whole-paragraph quotes just before
        marked = self.marked
        i = 0
        while i < len(marked):
            if drafts and marked[i].open < drafts[-1].end:
                drafts[-1].marked.append(marked[i])
                drafts[-1].end = max(drafts[-1].end, marked[i].end)
                i += 1
                continue
            d = self._direct(marked[i])
            if d is None:
                pending = self._still_pending(pending, marked[i])
                i += 1
                continue
            if d.cue_i is not None:
                self.used_cues.update(range(*d.cue_i))
            if pending and d.start == marked[i].start and \
                    self.text[pending[-1].close:marked[i].open].strip() == "":
                d.start = pending[0].start        # the attribution ends a run of quote paragraphs
                d.marked = pending + d.marked
            pending = []
            self._own(marked[i])
            j = i + 1
            while j < len(marked) and self._gap_is_attribution(max(d.end, d.marked[-1].close),
                                                               marked[j].open):
                if self._direct(marked[j]) is not None:
                    break
                d.end = max(d.end, marked[j].end)
                d.marked.append(marked[j])
                self._own(marked[j])
                j += 1
            drafts.append(d)
            for mk in d.marked:
                self._own(mk)
            i = j
        return drafts

    def _whole_paragraph(self, m: Marked) -> bool:
        """Is the quoted stretch a paragraph of its own?"""
        before = self.text[max(0, m.open - 200):m.open]
        after = self.text[m.close:m.close + 200]
        return before.rstrip(" \t\xa0")[-1:] in ("\n", "") and \
            after.lstrip(" \t\xa0.,")[:1] in ("\n", "")

    def _still_pending(self, pending: list[Marked], m: Marked) -> list[Marked]:
        """Extend the run of unattributed quote paragraphs with m, or start a new run."""
        if not self._whole_paragraph(m) or len(self.text[m.start:m.end].split()) < 5:
            return []
        if pending and self.text[pending[-1].close:m.open].strip() != "":
            return [m]
        return pending + [m]

    def _own(self, m: Marked) -> None:
        span = self.sdoc.char_span(m.open, m.close, alignment_mode="expand")
        for t in span if span is not None else ():
            self.owned[t.i] = True

    # -------------------------------------------------------- reported speech without marks

    def _complement(self, cue: Any) -> Any | None:
        """The clause a reporting verb introduces (its ccomp; an open clause for tell/ask/urge)."""
        for c in cue.children:
            if c.dep_ == "ccomp":
                return c
        if cue.lemma_.lower() in _ADDRESSEE_VERBS:
            for c in cue.children:
                if c.dep_ == "xcomp":
                    return c
        j = self._after_cue(cue.i, 1, stop_at_that=True)
        t = self.sdoc[j]
        if t.lower_ == "that" and t.dep_ == "mark" and t.head.i > t.i:
            return t.head                 # 'stated in a press conference that ...' mis-attached
        return None

    def _parenthetical(self, cue: Any) -> tuple[int, int] | None:
        """A cue set off by commas inside the clause it reports ('A, he said, B', 'A, Graham
        said, since B'): the parse hangs it on that clause (parataxis); the content is the
        clause around it, the interrupting cue left out."""
        if cue.dep_ != "parataxis" or cue.head.i == cue.i or cue.pos_ != "VERB" \
                or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in cue.children):
            return None
        inner = [x.i for x in cue.subtree if not x.is_punct]
        left, right = min(inner), max(inner)
        before = self.sdoc[left - 1] if left > 0 else None
        after = self.sdoc[right + 1] if right + 1 < len(self.sdoc) else None
        if before is None or before.text not in (",", "—", "–", "--") or after is None \
                or not (after.text in (",", "—", "–", "--") or _is_boundary(after)):
            return None
        toks = [x for x in cue.head.subtree if not left <= x.i <= right]
        if not any(x.i < left and not x.is_punct for x in toks):
            return None
        return self._span_of(toks)

    def _object(self, cue: Any) -> tuple[int, int] | None:
        """What a reporting verb reports when it has no clause: its direct object ('noted the
        rule', 'called the charges unsubstantiated'), the infinitive of a commitment ('agreed to
        clean up the mines', 'vowed to appeal') or the object of its preposition cue
        ('called for a moratorium'; cues.tsv type verbprep).  Objects count only for the verbs
        listed as objverb (a verb's object is often no report: 'added fuel', 'confirm their
        address', 'claimed victory'), infinitives only for those listed as toverb ('pledged to
        appeal', not 'pledged his support'); an addressee ('told reporters') is no content unless a
        predicate on it follows ('called X a hoax'); a relative or question word as the object
        is left to its clause."""
        if cue.pos_ != "VERB" or cue.dep_ in ("amod", "acl", "relcl") and cue.tag_ == "VBN":
            return None
        lemma = cue.lemma_.lower()
        kids = list(cue.children)
        for c in kids:
            if c.dep_ == "prep" and (lemma, c.lower_) in self.cues.verbpreps:
                objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                if objs:
                    return self._span_of(list(objs[0].subtree))
        takes_object = lemma in self.cues.objverbs
        for c in kids:
            if lemma in self.cues.toverbs and c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") and any(
                    g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
                return self._span_of(list(c.subtree))
        dobj = next((c for c in kids if c.dep_ == "dobj"), None)
        if dobj is None or dobj.lower_ in _WH_OBJECTS or dobj.tag_ in ("WDT", "WP") \
                or self.in_marks[dobj.i]:
            return None
        more = [t for c in kids if c.i > dobj.i and c.dep_ in ("oprd", "ccomp")
                for t in c.subtree]             # 'called [the charges] [unsubstantiated]'
        if not more and (not takes_object or lemma in _ADDRESSEE_VERBS):
            return None                         # 'added fuel', 'told reporters': not what
        return self._span_of(list(dobj.subtree) + more)

    def _span_of(self, toks: list[Any]) -> tuple[int, int] | None:
        """Character span of tokens, trimmed of edge punctuation and a leading 'that'."""
        toks = sorted(toks, key=lambda t: t.i)
        while toks and (toks[0].is_punct or toks[0].is_space or
                        (toks[0].lower_ == "that" and toks[0].dep_ == "mark")):
            toks = toks[1:]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks = toks[:-1]
        if not toks:
            return None
        return int(toks[0].idx), _tok_end(toks[-1])

    def _according(self, t: Any, n: int) -> tuple[int, int] | None:
        """Content of "according to X": the rest of its sentence (the longer side of it when
        the phrase sits inside, as the source usually follows what it is quoted for)."""
        skip = {x.i for x in t.subtree} | set(range(t.i, t.i + n))
        sent = t.sent
        toks = [x for x in sent if x.i not in skip]
        if toks and t.i > sent.start:          # "A, according to X, B": keep the side of A
            toks = [x for x in toks if x.i < t.i] if t.i - sent.start > sent.end - t.i \
                else toks
        return self._span_of(toks)

    def _claim_clause(self, noun: Any) -> Any | None:
        """The that-clause of a claim noun: its child, or (when the parse attached the clause
        elsewhere) the clause whose 'that' directly follows the noun's phrase."""
        for c in noun.children:
            if c.dep_ in ("acl", "ccomp", "relcl") and any(
                    g.dep_ == "mark" and g.lower_ == "that" for g in c.children):
                return c
        nxt = noun.right_edge.i + 1
        if nxt < len(self.sdoc) and self.sdoc[nxt].lower_ == "that" \
                and self.sdoc[nxt].dep_ == "mark":
            return self.sdoc[nxt].head
        return None

    def indirect_quotes(self, taken: list[_Draft]) -> list[_Draft]:
        """Reported speech: "X said (that) ...", "X told reporters ...", "according to X, ...",
        "claims in X that ..."; content that overlaps a quote already found is skipped."""
        out: list[_Draft] = []
        spans = [(d.start, d.end) for d in taken]
        for t in self.sdoc:
            if self.in_marks[t.i] or t.i in self.used_cues:
                continue
            n = self._cue_len(t)
            span: tuple[int, int] | None = None
            if n and (n > 1 or t.lower_ == "according"):
                span = self._according(t, n)
            elif n:
                comp = self._complement(t)
                span = (self._span_of(list(comp.subtree)) if comp is not None
                        else self._parenthetical(t) or self._object(t))
            elif t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.cues.clauseverbs:
                comp = next((c for c in t.children if c.dep_ == "ccomp" and _finite(c)), None)
                span = self._span_of(list(comp.subtree)) if comp is not None else None
                n = 1 if span else 0
            elif t.pos_ == "NOUN" and t.lemma_.lower() in self.cues.claimnouns:
                clause = self._claim_clause(t)
                span = self._span_of(list(clause.subtree)) if clause is not None else None
                n = 1 if span else 0
            if span is None or span[1] - span[0] < 3:
                continue
            if any(s < span[1] and span[0] < e for s, e in spans):
                continue
            kind = "mixed" if any(span[0] <= m.start < span[1] for m in self.marked) else "indirect"
            out.append(_Draft(span[0], span[1], kind, (t.i, t.i + n), self._speaker_for(t.i, n),
                              rule="indirect"))
            spans.append(span)
            self.used_cues.update(range(t.i, t.i + n))
        return out

    # -------------------------------------------------------- speakers and records

    def _speaker_tokens(self, head: Any) -> tuple[int, int]:
        if head.pos_ == "PRON" or head.lower_ in _RELATIVE:
            return int(head.i), int(head.i) + 1
        return _np_bounds(head)

    def _mention_for(self, head: Any, start: int, end: int) -> Mention | None:
        """The actors stage's mention for a speaker: one covering its head word, else the
        longest one overlapping the speaker span."""
        h0, h1 = int(head.idx), _tok_end(head)
        inside = [m for m in self.d.mentions_in(start, end) if m.start <= h0 and h1 <= m.end]
        if inside:
            return max(inside, key=lambda m: m.end - m.start)
        return self.d.mention_at(h0, h1) or self.d.mention_at(start, end)

    def _antecedent(self, head: Any, before: int, recent: Actor | None,
                    issued: dict[str, Actor]) -> Actor | None:
        """A speaker the actors stage left unresolved: a relative pronoun takes the noun it
        modifies (or the nearest mention before it in the sentence); a personal pronoun takes
        the last coded speaker (news reports keep a speaker across sentences); a document
        ("the resolution") takes its issuer, else the speaker of the last document of that
        kind ("issued" maps document nouns to them)."""
        low = head.lower_
        if low in _RELATIVE:
            verb = head.head
            if verb.dep_ == "relcl":
                m = self.d.mention_at(int(verb.head.idx), _tok_end(verb.head))
                if m is not None:
                    return m.actor
            sent_start = int(head.sent.start_char)
            cands = [m for m in self.d.mentions if sent_start <= m.start and m.end <= before]
            return max(cands, key=lambda m: m.end).actor if cands else None
        if low in _PERSONAL:
            return recent
        if head.lemma_.lower() in self.cues.docnouns:
            return self._issuer(head) or issued.get(head.lemma_.lower())
        if head.pos_ == "PROPN":             # a surname alone: "Ortagus" after "Morgan Ortagus"
            for m in reversed(self.d.mentions):
                if m.start < before and m.text.split()[-1:] == [head.text]:
                    return m.actor
        return None

    def _issuer(self, noun: Any) -> Actor | None:
        """Who put out a document that has no actor of its own: the subject of the clause it
        is the object or purpose of ("parliament met to vote for a resolution calling ...",
        "the ministry issued a statement saying ...").  The climb stops at reported speech and
        at a clause the document is itself the subject of."""
        tok = noun
        while tok.dep_ in _ISSUED_DEPS and tok.head.i != tok.i:
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                for c in tok.children:
                    if c.dep_ != "nsubj":
                        continue
                    part = _pobj_of(c, ("of",))         # "most of the parliament voted ..."
                    if c.pos_ in _SPEAKER_POS or part is not None:
                        for subj in (c, part) if part is not None else (c,):
                            s0, s1 = _np_bounds(subj)
                            m = self._mention_for(subj, int(self.sdoc[s0].idx),
                                                  _tok_end(self.sdoc[s1 - 1]))
                            if m is not None:
                                return m.actor
                    return None
        return None

    def records(self, drafts: list[_Draft]) -> list[Quote]:
        """Turn drafts into contract Quotes (sorted), resolving speakers to actors."""
        out: list[Quote] = []
        recent: Actor | None = None
        issued: dict[str, Actor] = {}             # document noun -> its last coded speaker
        for d in sorted(drafts, key=lambda d: d.start):
            cue = None
            if d.cue_i is not None:
                c0, c1 = d.cue_i
                cue = self.text[self.sdoc[c0].idx:_tok_end(self.sdoc[c1 - 1])]
            q = Quote(start=d.start, end=d.end, text=self.text[d.start:d.end], kind=d.kind, cue=cue)
            head = d.speaker_head
            if head is not None:
                s0, s1 = self._speaker_tokens(head)
                q.speaker_start = int(self.sdoc[s0].idx)
                q.speaker_end = _tok_end(self.sdoc[s1 - 1])
                q.speaker_text = self.text[q.speaker_start:q.speaker_end]
                m = self._mention_for(head, q.speaker_start, q.speaker_end)
                q.speaker = (m.actor if m is not None
                             else self._antecedent(head, q.speaker_start, recent, issued))
                if q.speaker is not None and head.lemma_.lower() in self.cues.docnouns:
                    issued[head.lemma_.lower()] = q.speaker
            if q.speaker is not None:
                recent = q.speaker
            out.append(q)
        return out

    def run(self) -> list[Quote]:
        drafts = self.direct_quotes()
        drafts += self.indirect_quotes(drafts)
        self.drafts = sorted(drafts, key=lambda d: d.start)
        return self.records(drafts)


def link_events(document: Document) -> None:
    """Point each event whose trigger (or evidence start) lies inside a quote at that quote."""
    for ev in document.events:
        pos = ev.trigger.start if ev.trigger is not None else ev.evidence.start
        for k, q in enumerate(document.quotes):
            if q.start <= pos < q.end:
                ev.quote = k
                break


class Stage:
    """The quotes stage: ``stage(document) -> document`` filling ``document.quotes``."""

    name = "quotes"

    def __init__(self, include_belief: bool = False) -> None:
        self.cues = load_cues(include_belief)

    def __call__(self, doc: Document) -> Document:
        if doc.doc is None:
            return doc
        doc.quotes = QuoteFinder(doc, self.cues).run()
        link_events(doc)
        return doc


@registry.register("quotes", "rules")
def make(config: dict[str, Any]) -> Stage:
    """``config``: ``include_belief`` (default False) also reports beliefs and wishes ("X thinks
    that ...", PolNeAR's wider notion of attribution) as indirect quotes."""
    return Stage(include_belief=bool(config.get("include_belief", False)))
