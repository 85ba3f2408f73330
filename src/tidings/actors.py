"""The actors stage: who is who, resolved offline from a knowledge base and explained.

Why rules and data, not a model: no entity-linking or coreference model is available offline, and
users must be able to read and extend every decision.  The stage works in three steps:

1. **Anchors.**  Two spaCy ``PhraseMatcher`` s (one case-sensitive for names and acronyms, one
   case-insensitive for role words), built once per process, find every knowledge-base name in the
   text: countries, demonyms, capitals, organisations, people and role words ("troops").
2. **Phrases.**  Anchors are grouped into the noun phrase around them (a contiguous run of names,
   modifiers and anchors ending at its head) and each phrase is composed into one
   :class:`~tidings.records.Actor`: a person with a title ("US Secretary of State Mike Pompeo"),
   an organisation ("the IRGC"), a sector of a country ("Iraqi officials"), a capital used for its
   government ("Washington"), or a country.
3. **Coreference by rules.**  Bare surnames of people introduced earlier, definite titles ("the PM"),
   descriptions ("the country", "the legislative body"), honorifics ("His Excellency"),
   possessives ("Pompeo's office") and pronouns are resolved against the mentions already seen;
   each resolution records its rule and antecedent.  An unresolvable pronoun gets no mention.

Every mention's actor carries ``resolution`` = ``{"rule": ..., ...}`` saying why.
``resolve_text(text, date)`` gives the same knowledge-base lookup for a bare name, without spaCy.
Conventions (bare country = country code with sector ``[]``; capital = government) are documented
in ``data/actors/README.md``.
"""
from __future__ import annotations

import csv
import datetime as _dt
import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import TidingsError
from .records import Actor, Document, Mention
from .registry import registry

DATA_DIR = Path(__file__).resolve().parent / "data" / "actors"
COUNTRY_KINDS = frozenset({"country", "demonym", "capital", "region"})
ORG_KINDS = frozenset({"igo", "ngo", "group", "institution", "org"})
# kinds whose Actor.kind is the same word; anchors of the country family become "country"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
BACKER_WORDS = frozenset({"led", "backed", "based", "sponsored", "funded", "allied", "aligned",
                          "supported", "controlled", "run", "held"})
# "rebel-held", "government-controlled": a role word before these names who holds the place
HOLDER_WORDS = frozenset({"held", "controlled", "run", "occupied", "dominated"})
DETERMINERS = frozenset({"the", "a", "an", "this", "these", "those", "that", "its", "their",
                         "his", "her"})
# modifiers that say a group is not the article country's own ("foreign troops")
FOREIGN_WORDS = frozenset({"foreign", "international", "multinational", "overseas", "allied",
                           "coalition", "western", "outside"})
CURRENCY_SIGNS = frozenset({"$", "\u00a3", "\u20ac"})
CURRENCY_WORDS = frozenset({"dollar", "dollars", "cents"})
# words before a title or name saying the person no longer holds the office ("former president")
FORMER_WORDS = frozenset({"former", "ex", "ousted", "deposed", "exiled", "toppled", "overthrown",
                          "late", "retired"})
# spaCy entity types that say capitalised words are not a person's name.  GPE/LOC/FAC are left
# out for now: the places stage drops a place entity that the actors stage calls a person, and
# its LGL figure depends on that ("Washington County" after a demonym-less title); see the report.
NOT_PERSON_ENTS = frozenset({"DATE", "TIME", "ORG", "NORP", "EVENT", "LAW", "PRODUCT",
                             "CARDINAL", "WORK_OF_ART", "LANGUAGE"})
# prepositions that make a capital a place ("in Algiers"), not its government
LOCATIVE_PREPS = frozenset({"in", "inside", "across", "throughout", "around", "near",
                            "outside", "within"})
# "anti-Syria journalist", "pro-Iranian group": the country is what the actor opposes or supports
STANCE_PREFIXES = frozenset({"anti", "pro"})
# a role word's place: "students throughout Indonesia", "a newspaper based in Beirut",
# "refugees fleeing the war in Liberia", "doctors from two American aid groups"
PLACE_PREPS = frozenset({"in", "inside", "within", "throughout", "across", "at", "from", "of",
                         "near", "around"})
PLACE_PARTICIPLES = frozenset({"based", "operating", "living", "stationed", "fleeing",
                               "deployed", "working", "gathered", "camped", "displaced"})
# a role that may be abroad (troops, refugees, officials) takes only the place it comes from
ORIGIN_PREPS = frozenset({"from", "of"})
ORIGIN_PARTICIPLES = frozenset({"fleeing", "displaced"})
# prepositions that make a country in the sentence the place where things happen
SCENE_PREPS = frozenset({"in", "inside", "within", "throughout", "across", "at", "near",
                         "outside"})
# "the regional capital Juba", "the provincial capital": a city of a country, not the seat of
# its national government, so no capital metonymy
SUBNATIONAL_CAPITAL = frozenset({"regional", "provincial", "state", "district", "county",
                                 "departmental", "prefectural", "municipal", "local",
                                 "administrative", "territorial", "cantonal"})
# a place name the actors KB does not know is given its gazetteer country when NER calls it a
# place and it is a city this big, the only country's place of that name, or in a country the
# text names; its people are then the actor (CVL), as for "towns" and "villages"
GAZ_BIG_CITY = 100_000
GAZ_PLACE_FEATURES = frozenset({"city", "admin1", "other"})
# nouns for a settled place: a demonym before one names where it is ("the Iraqi city of Basra")
PLACE_NOUNS = frozenset({"city", "town", "village", "port", "capital", "province", "region",
                         "district"})
# a direction or a community before a capital names a part of the city, not its government
# ("west Jerusalem", "mostly Christian eastern Beirut", "central Baghdad")
CITY_PART_WORDS = frozenset({
    "east", "eastern", "west", "western", "north", "northern", "south", "southern", "central",
    "northeast", "northeastern", "northwest", "northwestern", "southeast", "southeastern",
    "southwest", "southwestern", "downtown", "suburban", "outer", "inner", "old",
    "christian", "muslim", "moslem", "sunni", "shiite", "shia", "jewish", "arab", "druze",
    "catholic", "protestant", "kurdish", "hindu"})
# verbs whose object is a city's ground and people, not its government ("blockade Paris");
# (lemmas, with the past forms the tagger sometimes leaves unlemmatised)
SIEGE_VERBS = frozenset({"blockade", "besiege", "encircle", "surround", "shell", "bombard",
                         "cordon", "blockaded", "besieged", "shelled"})
# heads that make a sector word before them a group allied to the possessor ("its militia ally")
ALLY_WORDS = frozenset({"ally", "allies", "proxy", "proxies", "surrogate", "surrogates"})
# sectors of the state itself: a sentence's state actors say whose country it is
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
# titles of an office ("a minister", "the spokesman", "a general"): without a name or a country
# they are someone's office-holder, not a member of a sector the context can place
OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL"})
# words ending an organisation's name, never a person's ("Dalmatian Fishermen Association")
ORG_HEAD_WORDS = frozenset({"association", "union", "committee", "council", "party", "front",
                            "movement", "organization", "organisation", "federation", "league",
                            "company", "corporation", "agency", "institute", "university",
                            "school", "ministry", "commission", "society", "foundation",
                            "alliance", "coalition", "congress", "assembly", "court"})
# "thousands of Nigerians", "a group of refugees": a part or number of the actor after "of"
QUANTITY_HEADS = frozenset({"thousands", "hundreds", "dozens", "scores", "millions", "tens",
                            "group", "groups", "members", "some", "many", "most", "all",
                            "several", "handful", "number", "crowd", "crowds"})
PLEONASTIC_HEADS = frozenset({"be", "seem", "appear", "take", "happen", "rain", "remain", "matter",
                              "follow", "mean", "cost", "look"})


# ---------------------------------------------------------------- knowledge base


@dataclass(frozen=True, eq=False)
class Entry:
    """One knowledge-base item reachable by one or more names."""

    kb_id: str
    name: str
    kind: str                         # country|demonym|capital|igo|ngo|group|institution|person|role
    code: str | None = None
    country: str | None = None
    sector: tuple[str, ...] = ()
    start: str | None = None          # YYYY-MM-DD, persons (and user entries) only
    end: str | None = None
    role: str | None = None           # person: role text; role entry: title|group|body|generic
    flags: frozenset[str] = frozenset()
    source: str = "base"              # base | people | user
    titles: frozenset[str] = frozenset()   # person: title words that refer back to them

    def flag_value(self, key: str) -> str | None:
        for f in self.flags:
            if f.startswith(key + "="):
                return f.split("=", 1)[1]
        return None


@dataclass
class KB:
    """Names -> entries.  Names with a capital letter are matched case-sensitively."""

    exact: dict[str, list[Entry]] = field(default_factory=dict)
    lower: dict[str, list[Entry]] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)      # iso3 -> country entry
    by_cameo: dict[str, str] = field(default_factory=dict)         # CAMEO country code -> iso3
    coref: dict[str, dict[str, str]] = field(default_factory=dict)  # word -> row
    sectors: dict[str, str] = field(default_factory=dict)
    person_roles: dict[str, tuple[frozenset[str], bool]] = field(default_factory=dict)
    given_names: dict[str, str] = field(default_factory=dict)       # first name -> m | f
    # capital name -> other countries with a well-known city of that name ("Tripoli": LBN)
    homonyms: dict[str, list[str]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    version: int = 0

    def add(self, entry: Entry, names: Iterable[str]) -> None:
        self.entries.append(entry)
        for n in names:
            n = _clean_name(n)
            if not n:
                continue
            table = self.lower if n == n.lower() else self.exact
            key = n if table is self.exact else n.lower()
            bucket = table.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

    def override(self, names: Iterable[str]) -> None:
        """Drop base entries of the same kind family under these names (user entries win)."""
        for n in names:
            n = _clean_name(n)
            for table, key in ((self.exact, n), (self.lower, n.lower())):
                if key in table:
                    table[key] = [e for e in table[key] if e.source == "user"]
                    if not table[key]:
                        del table[key]

    def lookup(self, text: str) -> list[Entry]:
        """Entries whose name is exactly ``text`` (case-sensitive names first)."""
        t = _clean_name(text)
        return list(self.exact.get(t, [])) + list(self.lower.get(t.lower(), []))

    def cameo(self, iso3: str | None) -> str | None:
        if not iso3:
            return None
        c = self.countries.get(iso3)
        return c.code if c else iso3


def _clean_name(n: str) -> str:
    n = " ".join(n.replace("\u2019", "'").split())
    if n.lower().startswith("the ") and len(n) > 4:
        n = n[4:]
    return n


def _split(v: str | None) -> list[str]:
    return [x.strip() for x in (v or "").split("|") if x.strip()]


def _read_tsv(path: Path, required: bool = True) -> list[dict[str, str]]:
    """Rows of a TSV with a header line; '#' lines are comments."""
    if not path.exists():
        if required:
            raise TidingsError("E022", path=str(path))
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, (ln.split("\t") + [""] * len(header))[:len(header)]))
            for ln in lines[1:]]


def _read_commented_tsv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    """Rows of a headerless TSV whose column names are given (comments start with '#')."""
    if not path.exists():
        raise TidingsError("E022", path=str(path))
    out = []
    for ln in path.read_text(encoding="utf-8").splitlines():
        if not ln.strip() or ln.startswith("#"):
            continue
        parts = (ln.split("\t") + [""] * len(columns))[:len(columns)]
        out.append(dict(zip(columns, parts)))
    return out


def _load_countries(kb: KB, data: Path) -> None:
    for r in _read_tsv(data / "countries.tsv"):
        iso3, cameo = r["iso3"], r["cameo"] or r["iso3"]
        base = dict(country=iso3, kb_id=f"country:{iso3}")
        ent = Entry(name=r["name"], kind="country", code=cameo, **base)
        kb.countries[iso3] = ent
        kb.by_cameo[cameo] = iso3
        kb.add(ent, [r["name"], r["official_name"], *_split(r["aliases"])])
        kb.add(Entry(name=r["name"], kind="demonym", code=cameo, **base), _split(r["demonyms"]))
        kb.add(Entry(name=r["name"], kind="capital", code=cameo + "GOV", sector=("GOV",), **base),
               _split(r["capitals"]))


def _load_regions(kb: KB, data: Path) -> None:
    """Regions inside one country ("Darfur", "Sindh"): they give an actor its country."""
    path = data / "regions.tsv"
    if not path.exists():
        return
    for r in _read_commented_tsv(path, ["name", "country", "aliases", "demonyms"]):
        cty = kb.countries.get(r["country"])
        if cty is None:
            continue
        base = dict(country=cty.country, code=cty.code, kb_id=f"region:{r['name']}")
        kb.add(Entry(name=r["name"], kind="region", **base), [r["name"], *_split(r["aliases"])])
        kb.add(Entry(name=cty.name, kind="demonym", **base), _split(r["demonyms"]))


def _load_orgs(kb: KB, data: Path) -> None:
    cols = ["kb_id", "name", "code", "country", "sector", "kind", "aliases"]
    for r in _read_commented_tsv(data / "organizations.tsv", cols):
        ent = Entry(kb_id=r["kb_id"], name=r["name"], kind=r["kind"], code=r["code"] or None,
                    country=r["country"] or None, sector=tuple(_split(r["sector"])))
        kb.add(ent, [r["name"], *_split(r["aliases"])])


def _load_roles(kb: KB, data: Path) -> None:
    cols = ["phrase", "sector", "kind", "flags"]
    for r in _read_commented_tsv(data / "roles.tsv", cols):
        sector = () if r["sector"] in ("", "-") else (r["sector"],)
        ent = Entry(kb_id=f"role:{r['phrase']}", name=r["phrase"], kind="role", sector=sector,
                    role=r["kind"], flags=frozenset(_split(r["flags"])))
        kb.add(ent, [r["phrase"].lower()])


def _load_coref(kb: KB, data: Path) -> None:
    cols = ["word", "type", "target", "gender", "number"]
    for r in _read_commented_tsv(data / "coref.tsv", cols):
        kb.coref[r["word"]] = r
    for r in _read_tsv(data / "sectors.tsv"):
        kb.sectors[r["code"]] = r["label"]
    for r in _read_commented_tsv(data / "given_names.tsv", ["name", "gender"]):
        kb.given_names[r["name"]] = r["gender"]
    path = data / "capital_homonyms.tsv"
    if path.exists():
        for r in _read_commented_tsv(path, ["name", "country"]):
            kb.homonyms.setdefault(r["name"], []).append(r["country"])
    for r in _read_commented_tsv(data / "person_roles.tsv", ["role", "titles", "flags"]):
        kb.person_roles[r["role"]] = (frozenset(_split(r["titles"])), "head" in r["flags"])


def _person_entry(r: dict[str, Any], source: str, kb: KB) -> Entry:
    country = (r.get("country") or "").strip() or None
    sector = tuple(_split(r.get("sector"))) if isinstance(r.get("sector"), str) \
        else tuple(r.get("sector") or ())
    code = (r.get("code") or "").strip() or None
    org = (r.get("org") or "").strip()
    if not code and org:
        if re.fullmatch(r"[A-Z]{3,}", org):
            code = org                     # a CAMEO code ("IGOWSTNAT")
        else:
            orgs = [e for e in kb.lookup(org) if e.kind in ORG_KINDS]
            if orgs:
                code, country = orgs[0].code, country or orgs[0].country
    if not code and country:
        code = (kb.cameo(country) or country) + (sector[0] if sector else "")
    role = (r.get("role") or "").strip() or None
    if role == "igo_leader" and "GOV" not in sector:
        sector = sector + ("GOV",)        # the official heading an IGO's secretariat
    titles, head = kb.person_roles.get(role or "", (frozenset(), False))
    if role and role not in kb.person_roles:
        titles = frozenset({role.lower()})
    return Entry(kb_id=f"person:{r.get('person_id') or r.get('name')}", name=r["name"],
                 kind="person", code=code, country=country, sector=sector,
                 start=_norm_date(r.get("start"), False), end=_norm_date(r.get("end"), True),
                 role=role, flags=frozenset({"head"} if head else set()), source=source,
                 titles=titles)


def _norm_date(v: Any, is_end: bool) -> str | None:
    """YYYY / YYYY-MM / YYYY-MM-DD -> a full day; partial ends are generous (end of period)."""
    if v is None or str(v).strip() == "":
        return None
    v = str(v).strip()[:10]
    if len(v) == 4:
        return v + ("-12-31" if is_end else "-01-01")
    if len(v) == 7:
        return v + ("-31" if is_end else "-01")
    return v


def _load_people(kb: KB, data: Path) -> None:
    """people.tsv is written by another module; tolerate its absence."""
    path = data / "people.tsv"
    if not path.exists():
        return
    for r in _read_tsv(path, required=False):
        if not r.get("name"):
            continue
        ent = _person_entry(r, "people", kb)
        kb.add(ent, [r["name"], *_split(r.get("aliases"))])


def user_file(path: str | os.PathLike[str] | None = None) -> Path:
    """The user dictionary: ``path``, else ``$TIDINGS_ACTORS``, else ~/.config/tidings/actors.yaml."""
    if path:
        return Path(path)
    env = os.environ.get("TIDINGS_ACTORS")
    if env:
        return Path(env)
    return Path.home() / ".config" / "tidings" / "actors.yaml"


def read_user_file(path: Path) -> dict[str, list[dict[str, Any]]]:
    """{"actors": [...], "agents": [...]} from a YAML (or CSV of actors) user file."""
    if not path.exists():
        return {"actors": [], "agents": []}
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        for r in rows:
            for k in ("aliases", "sector"):
                r[k] = _split(r.get(k))
        return {"actors": rows, "agents": []}
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise TidingsError("E050", path=str(path), line=(mark.line + 1) if mark else 1,
                           msg=f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(data, dict):
        raise TidingsError("E050", path=str(path), line=1,
                           msg="expected a mapping with 'actors' and/or 'agents' lists")
    return {"actors": list(data.get("actors") or []), "agents": list(data.get("agents") or [])}


def _user_entry(r: dict[str, Any], kb: KB) -> Entry:
    code = (r.get("code") or "").strip().upper() or None
    sector = [s.upper() for s in (r.get("sector") or [])] if not isinstance(
        r.get("sector"), str) else _split(r["sector"].upper())
    country = (r.get("country") or "").strip().upper() or None
    kind = (r.get("kind") or "").strip() or None
    if code and not country and len(code) >= 3 and code[:3] in kb.by_cameo:
        country = kb.by_cameo[code[:3]]
    if code and not sector:
        sector = [code[i:i + 3] for i in range(3, len(code), 3)][:1] if country else \
            ([code[3:6]] if len(code) >= 6 and code[3:6] in kb.sectors else [])
    if kind is None:
        kind = "person" if " " in r["name"] and (r.get("start") or r.get("end")) else (
            "igo" if code and code.startswith("IGO") else "group" if not country else
            "institution" if sector else "country")
    return Entry(kb_id=f"user:{r['name']}", name=r["name"], kind=kind, code=code,
                 country=country, sector=tuple(sector),
                 start=_norm_date(r.get("start"), False), end=_norm_date(r.get("end"), True),
                 role=r.get("role"), source="user",
                 titles=frozenset(_split(str(r.get("titles") or r.get("role") or "").lower())))


def _load_user(kb: KB, path: Path) -> None:
    data = read_user_file(path)
    for r in data["agents"]:
        phrase = str(r.get("phrase") or r.get("name") or "").lower().replace("_", " ").strip()
        if not phrase:
            continue
        sector = str(r.get("sector") or "").upper()
        kb.override([phrase])
        kb.add(Entry(kb_id=f"role:{phrase}", name=phrase, kind="role",
                     sector=(sector,) if sector else (), role=r.get("kind") or "group",
                     source="user"), [phrase])
    seen: set[str] = set()
    for r in data["actors"]:
        if not r.get("name"):
            continue
        names = [str(r["name"]), *[str(a) for a in (r.get("aliases") or [])]]
        fresh = [n for n in names if n not in seen]
        kb.override(fresh)
        seen.update(fresh)
        kb.add(_user_entry(r, kb), names)


@functools.lru_cache(maxsize=8)
def _load_kb_cached(data: str, user: str, user_mtime: float) -> KB:
    kb = KB()
    d = Path(data)
    _load_countries(kb, d)
    _load_regions(kb, d)
    _load_orgs(kb, d)
    _load_roles(kb, d)
    _load_coref(kb, d)
    _load_people(kb, d)
    if user:
        _load_user(kb, Path(user))
    kb.version = hash((data, user, user_mtime))
    return kb


def load_kb(user: str | os.PathLike[str] | None = None, data_dir: Path | None = None,
            use_user: bool = True) -> KB:
    """The knowledge base (cached per process; reloaded when the user file changes)."""
    up = user_file(user) if use_user else None
    mtime = up.stat().st_mtime if up is not None and up.exists() else 0.0
    return _load_kb_cached(str(data_dir or DATA_DIR), str(up) if up and up.exists() else "",
                           mtime)


# ---------------------------------------------------------------- dates


def _today() -> str:
    return _dt.date.today().isoformat()


def _in_period(e: Entry, date: str) -> bool:
    """Is ``date`` in the entry's term?  Ends are exclusive (the day a leader leaves)."""
    return (not e.start or e.start <= date) and (not e.end or date < e.end)


def pick_by_date(entries: list[Entry], date: str | None) -> tuple[Entry | None, str]:
    """The entry valid on ``date``; for people out of office, their last role (as ELI)."""
    date = (date or _today())[:10]
    valid = [e for e in entries if _in_period(e, date)]
    if valid:
        # user entries first, then dated (more specific) ones
        valid.sort(key=lambda e: (e.source != "user", e.start is None and e.end is None))
        return valid[0], "in-office" if (valid[0].start or valid[0].end) else "kb"
    past = [e for e in entries if e.end and e.end <= date]
    if past:
        return max(past, key=lambda e: e.end or ""), "former"
    future = [e for e in entries if e.start and e.start > date]
    if future:
        return min(future, key=lambda e: e.start or ""), "before-office"
    return None, ""


# ---------------------------------------------------------------- dating actors by event

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}$")


@functools.lru_cache(maxsize=8)
def _rows_by_id_cached(version: int) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for e in _KB_BY_VERSION[version].entries:
        if e.kind == "person":
            out.setdefault(e.kb_id, []).append(e)
    return out


def _person_rows(kb: KB, kb_id: str) -> list[Entry]:
    _KB_BY_VERSION[kb.version] = kb
    return _rows_by_id_cached(kb.version).get(kb_id, [])


def actor_on(actor: Actor, date: str | None, kb: KB | None = None) -> Actor:
    """The same actor coded as of ``date`` (YYYY-MM-DD), e.g. an event's date.

    Only people with dated knowledge-base rows change: their role on that day replaces the one
    chosen for the publication date.  An event on the last day of a term (the day a leader was
    killed or left) still finds them in office.  What the text said wins over dates: someone
    called "former" stays former, and someone given a title ("President X") keeps it when the
    date falls outside all their terms.  Other actors (and undated or partial dates) are
    returned unchanged; the result is a new Actor, the input is not modified.
    """
    if actor is None or actor.kind != "person" or not actor.kb_id or not date or \
            not _DAY.match(date[:10]):
        return actor
    kb = kb or load_kb()
    rows = _person_rows(kb, actor.kb_id)
    if not any(e.start or e.end for e in rows):
        return actor
    said = (actor.resolution or {}).get("status")
    if said == "said-former":
        return actor
    day = date[:10]
    hit, status = pick_by_date(rows, day)
    if status != "in-office":
        last = [e for e in rows if e.end == day and (not e.start or e.start < day)]
        if last:
            hit, status = last[0], "in-office"
        elif said == "titled":
            return actor
    if hit is None:
        return actor
    old = dict(actor.resolution or {})
    a = _person_actor(hit, actor.text, kb, day, old.get("rule") or "kb-person", status=status)
    a.name = actor.name or a.name
    a.resolution = {**{k: v for k, v in old.items() if k != "status"},
                    **({"status": status} if status not in ("kb", "in-office") else {}),
                    "dated": day}
    return a


def date_event_actors(doc: Document, kb: KB | None = None) -> Document:
    """Re-code the people among events' sources and targets by each event's own date.

    The actors stage runs before event dates are known and codes people as of the publication
    date; the pipeline calls this once the time stage has dated the events.  Events dated by
    publication (or not at day precision) keep their actors."""
    for ev in doc.events:
        if ev.date_source != "text" or not ev.date or not _DAY.match(ev.date[:10]) or \
                ev.date[:10] == (doc.article.published_day or ""):
            continue
        if ev.source is not None and ev.source.kind == "person":
            ev.source = actor_on(ev.source, ev.date, kb)
        if ev.target is not None and ev.target.kind == "person":
            ev.target = actor_on(ev.target, ev.date, kb)
    return doc


# ---------------------------------------------------------------- actor building


def _actor(text: str, kb: KB, *, name: str | None, country: str | None, sector: list[str],
           kind: str, code: str | None = None, kb_id: str | None = None,
           rule: str, **why: Any) -> Actor:
    if code is None:
        prefix = kb.cameo(country) if country else ("---" if sector else None)
        code = (prefix + (sector[0] if sector and sector[0] not in ("IGO",) else "")) \
            if prefix else None
    res: dict[str, Any] = {"rule": rule}
    res.update({k: v for k, v in why.items() if v is not None})
    return Actor(text=text, name=name, code=code, country=country, sector=list(sector),
                 kb_id=kb_id, kind=kind, resolution=res)


def entry_actor(e: Entry, text: str, kb: KB, date: str | None, rule: str,
                **why: Any) -> Actor:
    """An Actor straight from one knowledge-base entry."""
    if e.kind == "person":
        return _person_actor(e, text, kb, date, rule, **why)
    if e.kind in ("country", "demonym", "region"):
        return _actor(text, kb, name=e.name, country=e.country, sector=[], kind="country",
                      code=e.code, kb_id=e.kb_id, rule=rule, **why)
    if e.kind == "capital":
        return _actor(text, kb, name=e.name, country=e.country, sector=["GOV"], kind="country",
                      code=e.code, kb_id=e.kb_id, rule=rule, **why)
    if e.kind == "role":
        return _actor(text, kb, name=None, country=None, sector=list(e.sector), kind="sector",
                      kb_id=e.kb_id, rule=rule, **why)
    return _actor(text, kb, name=e.name, country=e.country, sector=list(e.sector),
                  kind=e.kind if e.kind in ("igo", "group", "institution") else "group"
                  if e.kind == "ngo" else e.kind, code=e.code, kb_id=e.kb_id, rule=rule, **why)


def _person_actor(e: Entry, text: str, kb: KB, date: str | None, rule: str,
                  status: str = "kb", **why: Any) -> Actor:
    sector = list(e.sector)
    code = e.code
    if status in ("former", "said-former") and e.country:
        sector, code = ["ELI"], (kb.cameo(e.country) or e.country) + "ELI"
    elif status == "before-office":
        sector, code = [], kb.cameo(e.country) if e.country else None
    return _actor(text, kb, name=e.name, country=e.country, sector=sector, kind="person",
                  code=code, kb_id=e.kb_id, rule=rule, status=status if status != "kb" else None,
                  role=e.role, **why)


def _best(entries: list[Entry], date: str | None) -> tuple[Entry | None, str]:
    """Choose among entries of one name: persons by date; user entries win."""
    if not entries:
        return None, ""
    persons = [e for e in entries if e.kind == "person"]
    if persons and len(persons) == len(entries):
        return pick_by_date(persons, date)
    users = [e for e in entries if e.source == "user"]
    pool = users or entries
    dated = [e for e in pool if e.start or e.end]
    if dated:
        hit, status = pick_by_date(dated, date)
        if hit is not None and status == "in-office":
            return hit, status
        pool = [e for e in pool if not (e.start or e.end)] or pool
    order = {"institution": 0, "igo": 0, "ngo": 0, "group": 0, "person": 1, "country": 2,
             "region": 2, "capital": 3, "demonym": 4, "role": 5}
    return min(pool, key=lambda e: order.get(e.kind, 6)), "kb"


# ---------------------------------------------------------------- composition


@dataclass
class Anchor:
    start: int                  # token index
    end: int                    # token index (exclusive)
    entries: list[Entry]
    backer: bool = False        # "Iran" in "Iran-backed": not the actor's own country
    leads: bool = False         # "Vietnamese" in "Vietnamese-led forces": stands in for them
    stance: bool = False        # "Syria" in "anti-Syria journalist": what the actor opposes
    ethnic: bool = False        # "Albanian" in "ethnic Albanian guerrillas": not their state

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def first(self, kinds: Iterable[str]) -> Entry | None:
        ks = set(kinds)
        for e in self.entries:
            if e.kind in ks:
                return e
        return None


@dataclass
class Composed:
    """What a phrase says: its parts, before coreference."""

    countries: list[Entry] = field(default_factory=list)
    orgs: list[Entry] = field(default_factory=list)
    persons: list[Entry] = field(default_factory=list)
    roles: list[Entry] = field(default_factory=list)
    head: Entry | None = None
    backers: list[str] = field(default_factory=list)
    leader: Entry | None = None       # the country that leads a country-less group


def compose(parts: list[Anchor]) -> Composed:
    c = Composed()
    for a in parts:
        if a.stance or a.ethnic:
            continue
        if a.backer:
            e = a.first(COUNTRY_KINDS)
            if e and e.country:
                c.backers.append(e.country)
                if a.leads:
                    c.leader = e
            continue
        e = (a.first({"person"}) or a.first(ORG_KINDS) or a.first(COUNTRY_KINDS)
             or a.first({"role"}))
        if e is None:
            continue
        if e.kind == "person":
            c.persons.append(e)
        elif e.kind in ORG_KINDS:
            c.orgs.append(e)
        elif e.kind in COUNTRY_KINDS:
            c.countries.append(e)
        else:
            c.roles.append(e)
        c.head = e
    return c


def actor_from_parts(c: Composed, text: str, kb: KB, date: str | None,
                     name: str | None = None, focus: str | None = None) -> Actor | None:
    """The actor a phrase's anchors describe (no coreference); None if they describe none.

    ``name`` is an unknown person's name ending the phrase ("spokesperson Morgan Ortagus");
    ``focus`` is the article's main country, used for a domestic title without a country.
    """
    backed = {"backed_by": c.backers} if c.backers else {}
    head = c.head
    country = c.countries[-1] if c.countries else None
    if country is None and c.leader is not None:      # "Vietnamese-led forces"
        country, backed = c.leader, {"led_by": c.leader.country}
    role = c.roles[-1] if c.roles else None
    org = c.orgs[-1] if c.orgs else None
    if name is not None and (head is None or head.kind != "person"):
        if role is not None and not role.sector:      # "opposition leader Ana Ruiz"
            role = next((r for r in reversed(c.roles) if r.sector), role)
        if org is not None:
            a = entry_actor(org, text, kb, date, "titled-person-org", org=org.name)
            if role is not None and role.sector and not org.country and \
                    role.sector[0] not in a.sector:     # an official of an IGO or NGO
                a.sector = a.sector + [role.sector[0]]
        elif country is not None and role is not None and role.sector:
            a = _actor(text, kb, name=None, country=country.country, sector=list(role.sector),
                       kind="person", rule="titled-person", title=role.name)
        elif country is not None:
            a = _actor(text, kb, name=None, country=country.country, sector=[], kind="person",
                       rule="titled-person")
        elif role is not None and role.sector:
            a = _actor(text, kb, name=None, country=focus, sector=list(role.sector),
                       kind="person", rule="titled-person-article-country" if focus
                       else "titled-person", title=role.name)
        else:
            return None
        a.name, a.kind = name, "person"
        if role is not None:
            (a.resolution or {}).setdefault("title", role.name)
        return a
    if head is None:
        return None
    if head.kind == "person":
        hit, status = pick_by_date([e for e in c.persons if e.name == head.name] or [head], date)
        hit = hit or head
        return _person_actor(hit, text, kb, date, "kb-person", status=status)
    if head.kind in ORG_KINDS:
        return entry_actor(head, text, kb, date, "kb-org", **backed)
    if head.kind == "role" and not head.sector:
        sectored = [r for r in c.roles if r.sector]
        if sectored:                   # "rebel leaders", "opposition leader": the sector word
            head = role = sectored[-1]
    if head.kind == "role" and "yields" in head.flags:
        before = [r for r in c.roles[:-1] if r.sector and r.sector != head.sector]
        if before:                     # "civilian advisers", "military officials": the sector word
            head = role = before[-1]
    if head.kind == "role":
        if not head.sector:            # generic head ("statement", "office"): the modifier's actor
            inner = org or country
            if inner is None:
                return None
            if inner is country and "leads" in head.flags:     # "Palestinian leaders"
                return _actor(text, kb, name=country.name, country=country.country,
                              sector=["GOV"], kind="sector", rule="country-leaders",
                              role=head.name, **backed)
            a = entry_actor(inner, text, kb, date, "generic-head", head=head.name)
            return a
        if org is not None:
            a = entry_actor(org, text, kb, date, "org-member", role=head.name, **backed)
            if not org.country and head.sector[0] not in a.sector and head.sector[0] != "IGO":
                a.sector = a.sector + [head.sector[0]]    # "UN peacekeepers": IGO and MIL
            return a
        if country is not None:
            return _actor(text, kb, name=country.name, country=country.country,
                          sector=list(head.sector), kind="sector", rule="country-role",
                          role=head.name, **backed)
        led = next((e for e in reversed(c.persons) if e.country), None)
        if led is not None and head.role == "body" and head.sector == ("GOV",):
            # "the Bush administration", "the Netanyahu government"
            cty = kb.countries.get(led.country or "")
            return _actor(text, kb, name=cty.name if cty else None, country=led.country,
                          sector=list(head.sector), kind="sector", rule="person-body",
                          role=head.name, antecedent=led.name)
        return None                    # a bare role: resolved later (context or coreference)
    if head.kind == "capital":
        return entry_actor(head, text, kb, date, "capital-metonym")
    return entry_actor(head, text, kb, date, "country-name" if head.kind == "country"
                       else "region" if head.kind == "region" else "demonym")


# ---------------------------------------------------------------- public lookup

_WORD = re.compile(r"[\w][\w.'\u2019-]*|[^\w\s]")


def _ngram_anchors(words: list[str], kb: KB) -> list[Anchor]:
    out: list[Anchor] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + 8), i, -1):
            ents = kb.lookup(" ".join(words[i:j]))
            if ents:
                out.append(Anchor(i, j, ents))
                i = j
                break
        else:
            i += 1
    return out


def _drop_partial_name_words(words: list[str], anchors: list[Anchor]) -> list[Anchor]:
    """``_drop_partial_names`` on bare words: a person's alias inside a longer unknown name
    ("Haroon Rashid Aswad", "Tony Blair Smith") is not them.  A capitalised word next to the
    alias that no anchor covers is more name (the text is a name, so its first word is one too,
    where a sentence's first word need not be)."""
    return _drop_person_inside_name(
        anchors, len(words), lambda i: words[i][:1].isupper() and words[i][:1].isalpha())


def _drop_person_inside_name(anchors: list[Anchor], n: int, is_name: Callable[[int], bool],
                             glued: Callable[[Anchor], bool] = lambda a: False
                             ) -> list[Anchor]:
    """Drop person anchors with more name beside them: a neighbouring word no anchor covers
    that ``is_name``, or another person's anchor; or ``glued`` to the word before."""
    covered: dict[int, Anchor] = {i: a for a in anchors for i in range(a.start, a.end)}

    def foreign_name(i: int, a: Anchor) -> bool:
        if i < 0 or i >= n:
            return False
        other = covered.get(i)
        if other is None:
            return is_name(i)
        return other is not a and other.kinds == {"person"}

    return [a for a in anchors if not (a.kinds == {"person"} and (
        foreign_name(a.start - 1, a) or foreign_name(a.end, a) or glued(a)))]


def resolve_text(text: str, date: str | None = None, *, kb: KB | None = None) -> Actor | None:
    """Knowledge-base lookup of a bare name or short phrase ("Pompeo", "Iraqi officials").

    Used by `tidings actors show`; no spaCy.  ``date`` (YYYY-MM-DD) picks a person's role;
    today when None.  Returns None when nothing in the knowledge base matches.
    """
    kb = kb or load_kb()
    text = text.strip()
    if not text:
        return None
    hit, status = _best(kb.lookup(text), date)
    if hit is not None:
        if hit.kind == "person":
            return _person_actor(hit, text, kb, date, "kb-name", status=status)
        if hit.kind == "role":
            return None
        return entry_actor(hit, text, kb, date, "kb-name")
    words = [w.replace("\u2019", "'") for w in _WORD.findall(text)]
    words = [w for w in words if w.lower() not in ("'s", "the", "a", "an")]
    anchors = _drop_partial_name_words(words, _ngram_anchors(words, kb))
    if not anchors:
        return None
    c = compose(anchors)
    return actor_from_parts(c, text, kb, date)


# ---------------------------------------------------------------- spaCy matchers


@functools.lru_cache(maxsize=8)
def _matchers(kb_version: int, vocab_id: int, vocab: Any) -> tuple[Any, Any]:
    """Two PhraseMatchers over the KB's names, built once per KB and vocabulary."""
    import spacy
    from spacy.matcher import PhraseMatcher

    kb = _KB_BY_VERSION[kb_version]
    tok = spacy.blank("en", vocab=vocab).tokenizer
    exact = PhraseMatcher(vocab, attr="ORTH")
    lower = PhraseMatcher(vocab, attr="LOWER")
    for key in kb.exact:
        exact.add("E" + key, [tok(key)])
        if "'" in key:
            exact.add("E" + key, [tok(key.replace("'", "\u2019"))])
    for key in kb.lower:
        lower.add("L" + key, [tok(key)])
        if "." in key:      # "gen.": abbreviations tokenise as in text only when capitalised
            lower.add("L" + key, [tok(" ".join(w[:1].upper() + w[1:] for w in key.split()))])
        if "'" in key:
            lower.add("L" + key, [tok(key.replace("'", "\u2019"))])
    return exact, lower


_KB_BY_VERSION: dict[int, KB] = {}


def find_anchors(sdoc: Any, kb: KB) -> list[Anchor]:
    """Longest non-overlapping knowledge-base matches in a spaCy Doc."""
    _KB_BY_VERSION[kb.version] = kb
    exact, lower = _matchers(kb.version, id(sdoc.vocab), sdoc.vocab)
    strings = sdoc.vocab.strings
    cands: list[tuple[int, int, list[Entry]]] = []
    for m in (exact, lower):
        for match_id, s, e in m(sdoc):
            key = strings[match_id]
            table = kb.exact if key[0] == "E" else kb.lower
            ents = table.get(key[1:], [])
            if ents:
                cands.append((s, e, ents))
    # longest first; at equal length names (E) beat role words
    cands.sort(key=lambda t: (-(t[1] - t[0]), t[0],
                              all(x.kind == "role" for x in t[2])))
    taken = [False] * len(sdoc)
    out: list[Anchor] = []
    for s, e, ents in cands:
        if any(taken[s:e]):
            continue
        ents = _filter_by_ner(sdoc, s, e, ents)
        if not ents:
            continue
        for i in range(s, e):
            taken[i] = True
        out.append(Anchor(s, e, ents))
    out.sort(key=lambda a: a.start)
    return _drop_partial_names(sdoc, out)


def _drop_partial_names(sdoc: Any, anchors: list[Anchor]) -> list[Anchor]:
    """A person's alias inside a longer unknown name ("Haroon Rashid Aswad") is not them."""
    def is_name(i: int) -> bool:
        return _is_name_tok(sdoc[i]) and not sdoc[i].is_sent_start and \
            sdoc[i].ent_type_ in ("", "PERSON")

    def in_word(a: Anchor) -> bool:
        """"Shan-e-Mustafa": a name glued by a hyphen to the word before it."""
        if a.start < 2:
            return False
        h = sdoc[a.start - 1]
        return h.text in ("-", "\u2013") and not h.whitespace_ and \
            not sdoc[a.start - 2].whitespace_

    return _drop_person_inside_name(anchors, len(sdoc), is_name, in_word)


def _filter_by_ner(sdoc: Any, s: int, e: int, ents: list[Entry]) -> list[Entry]:
    """Drop country/capital readings inside a PERSON name ("Jordan Peterson")."""
    if any(sdoc[i].ent_type_ == "PERSON" for i in range(s, e)):
        span_is_person_name = sdoc[s].ent_type_ == "PERSON" and (
            sdoc[e - 1].ent_iob_ != "B" if e - s > 1 else True)
        whole = sdoc[s:e]
        ent = next((x for x in sdoc.ents if x.start <= s and x.end >= e), None)
        if span_is_person_name and ent is not None and ent.label_ == "PERSON" and \
                (ent.end - ent.start) > (whole.end - whole.start) and \
                sdoc[ent.end - 1].tag_ != "NNPS":     # "Bosnian Serbs" is no one's name
            ents = [x for x in ents if x.kind not in COUNTRY_KINDS]
    # a lower-case role word used as a verb ("to head", "will release") is no actor
    if all(x.kind == "role" for x in ents) and sdoc[e - 1].pos_ in ("VERB", "AUX"):
        return []
    return ents


# ---------------------------------------------------------------- phrases


@dataclass
class Phrase:
    start: int                      # token indices of the whole run
    end: int
    anchors: list[Anchor]
    name: tuple[int, int] | None = None   # unknown-name tokens at the end
    poss_split: int | None = None   # token index where the possessed part starts
    no_kb_person: bool = False      # the name is not the KB person it looks like
    sent: int = 0


def _is_name_tok(t: Any) -> bool:
    return t.tag_ in ("NNP", "NNPS") and t.text[:1].isupper()


def _root_modifier(t: Any) -> Any:
    while t.dep_ == "conj" and t.head.i < t.i:
        t = t.head
    return t


def _coordinates_premodifiers(sdoc: Any, i: int, anchored: list[Anchor | None]) -> bool:
    """Is token i ("and", "or", ",") inside a list of premodifiers ("Hungarian and Romanian")?"""
    if i == 0 or i + 1 >= len(sdoc):
        return False
    k = i - 1
    while k > 0 and sdoc[k].text in (",", "and", "or"):
        k -= 1
    prev = sdoc[k]
    root = _root_modifier(prev)
    if root.dep_ not in ("amod", "compound", "nmod", "npadvmod") or root.head.i <= i:
        return False
    nxt = i + 1
    while nxt < len(sdoc) and sdoc[nxt].text in (",", "and", "or"):
        nxt += 1
    a_prev, a_next = anchored[k], anchored[nxt] if nxt < len(sdoc) else None
    if a_prev is None or a_next is None:
        return False
    # "the US and Iran-backed forces": a country with its own article is a noun phrase
    if a_prev.first({"country"}) and a_prev.start > 0 and sdoc[a_prev.start - 1].lower_ == "the":
        return False
    return True


def build_phrases(sdoc: Any, anchors: list[Anchor]) -> list[Phrase]:
    """Group tokens into noun-phrase runs that contain an anchor or a capitalised name."""
    n = len(sdoc)
    anchored: list[Anchor | None] = [None] * n
    for a in anchors:
        for i in range(a.start, a.end):
            anchored[i] = a
    sent_of = [0] * n
    for k, s in enumerate(sdoc.sents):
        for i in range(s.start, s.end):
            sent_of[i] = k
    phrases: list[Phrase] = []
    i = 0
    while i < n:
        start = i
        j = i
        while j < n:
            t = sdoc[j]
            if j > start and sent_of[j] != sent_of[start]:
                break
            a = anchored[j]
            if a is not None:
                j = a.end
                if sdoc[j - 1].dep_ in ("nsubj", "dobj", "pobj", "nsubjpass", "conj", "appos",
                                        "ROOT", "attr") and not _continues(sdoc, j, anchored) \
                        and not (j < n and sdoc[j].text in (",", "and", "or") and
                                 _coordinates_premodifiers(sdoc, j, anchored)):
                    break
                continue
            low = t.lower_
            if t.is_space and j > start and "\n" not in t.text:
                j += 1
                continue
            if _is_name_tok(t) or t.tag_ == "POS" or t.text in ("-", "\u2013") and j > start:
                j += 1
                continue
            if j == start and low in DETERMINERS and t.dep_ in ("det", "poss"):
                j += 1
                continue
            if t.pos_ in ("ADJ", "NUM") or t.tag_ in ("JJ", "JJR", "JJS"):
                j += 1
                continue
            if t.dep_ == "amod" and t.tag_ in ("VBG", "VBN") and t.head.i > t.i:
                j += 1                  # "Algeria's leading activist", "the ruling party"
                continue
            if t.pos_ == "NOUN":
                if t.dep_ in ("npadvmod", "tmod", "advmod") and not anchored[j]:
                    break               # "today", "last week": not part of the phrase
                j += 1
                if t.head.i <= t.i or t.head.i >= n or sent_of[t.head.i] != sent_of[j - 1]:
                    break               # the phrase's head
                continue
            if low in BACKER_WORDS and j > start and sdoc[j - 1].text in ("-", "\u2013"):
                j += 1
                continue
            if t.text in (",", "and", "or") and j > start and \
                    _coordinates_premodifiers(sdoc, j, anchored):
                j += 1
                continue
            break
        if j == start:
            i += 1
            continue
        ph = _make_phrase(sdoc, start, j, anchored, sent_of[start])
        if ph is not None:
            phrases.append(ph)
        i = j
    return phrases


def _continues(sdoc: Any, j: int, anchored: list[Anchor | None]) -> bool:
    """After an anchor that looks like a phrase head, does the phrase go on?"""
    if j >= len(sdoc):
        return False
    t = sdoc[j]
    return (anchored[j] is not None or _is_name_tok(t) or t.tag_ == "POS"
            or t.text in ("-", "\u2013")) and t.dep_ not in ("punct",) or t.text in ("-", "\u2013")


def _make_phrase(sdoc: Any, start: int, end: int, anchored: list[Anchor | None],
                 sent: int) -> Phrase | None:
    # trim leading/trailing punctuation and coordinators
    while start < end and (sdoc[start].is_punct or sdoc[start].lower_ in ("and", "or")):
        start += 1
    while end > start and (sdoc[end - 1].is_punct or sdoc[end - 1].is_space or
                           sdoc[end - 1].lower_ in ("and", "or")):
        end -= 1
    if start >= end:
        return None
    for i in range(start, end - 2):     # "Albanian rebel-held territory": the holders
        a = anchored[i]
        if a is not None and a.end == i + 1 and a.first({"role"}) is not None and \
                a.first({"role"}).sector and sdoc[i + 1].text in ("-", "\u2013") and \
                sdoc[i + 2].lower_ in HOLDER_WORDS and a.first(COUNTRY_KINDS) is None:
            end = i + 1
            break
    anchors: list[Anchor] = []
    for i in range(start, end):
        a = anchored[i]
        if a is not None and (not anchors or anchors[-1] is not a):
            anchors.append(a)
    names_present = any(_is_name_tok(sdoc[i]) and anchored[i] is None for i in range(start, end))
    if not anchors and not names_present and sdoc[end - 1].lower_ not in _DESCRIPTION_HEADS:
        return None
    for a in anchors:   # "Iran-backed": the country backs, it does not own
        if a.end + 1 < end and sdoc[a.end].text in ("-", "\u2013") and \
                sdoc[a.end + 1].lower_ in BACKER_WORDS:
            a.backer = True
            a.leads = sdoc[a.end + 1].lower_ == "led"
        if a.start >= 2 and a.end < end and sdoc[a.start - 1].text in ("-", "\u2013") and \
                sdoc[a.start - 2].lower_ in STANCE_PREFIXES and a.first(COUNTRY_KINDS):
            a.stance = True
        if a.start >= 1 and sdoc[a.start - 1].lower_ == "ethnic" and a.first({"demonym"}):
            a.ethnic = True
    ph = Phrase(start, end, anchors, sent=sent)
    # unknown name at the end: trailing capitalised tokens outside anchors
    k = end
    while k > start and anchored[k - 1] is None and (
            _is_name_tok(sdoc[k - 1]) or (sdoc[k - 1].text in ("-",) and k - 1 > start
                                          and _is_name_tok(sdoc[k - 2]))):
        k -= 1
    if k < end:
        ph.name = (k, end)
        if k >= 2 and sdoc[k - 1].text in ("-", "\u2013") and not sdoc[k - 1].whitespace_ \
                and not sdoc[k - 2].whitespace_:
            ph.no_kb_person = True       # "Shan-e-Mustafa": part of a longer word
    for i in range(start, end):
        if sdoc[i].tag_ == "POS" and anchored[i] is None:     # not "People's" in a name
            ph.poss_split = i + 1
    return ph


_DESCRIPTION_HEADS: frozenset[str] = frozenset()


# ---------------------------------------------------------------- the stage


@dataclass
@dataclass
class _Seen:
    """A resolved mention with what coreference needs to know about it."""

    mention: Mention
    tok: int
    sent: int
    subject: bool
    person: bool
    gender: str | None
    plural: bool
    titles: frozenset[str]
    head_role: bool
    coordinated: bool = False
    pronoun: bool = False
    modifier: bool = False          # "Iraqi" in "Iraqi bases": no antecedent for "the country"


class KBActors:
    """The ``actors`` stage (registered as ``("actors", "kb")``)."""

    name = "actors"

    def __init__(self, user: str | None = None, use_user: bool = True) -> None:
        self.user = user
        self.use_user = use_user

    @property
    def kb(self) -> KB:
        return load_kb(self.user, use_user=self.use_user)

    def __call__(self, doc: Document) -> Document:
        if doc.doc is None:
            return doc
        doc.mentions = annotate(doc.doc, self.kb, doc.article.published_day)
        return doc

    def date_events(self, doc: Document) -> Document:
        """After the time stage: people in events re-coded by the event's date."""
        return date_event_actors(doc, self.kb)


@registry.register("actors", "kb")
def make_kb(config: dict[str, Any]) -> KBActors:
    return KBActors(user=config.get("user"), use_user=bool(config.get("use_user", True)))


def annotate(sdoc: Any, kb: KB, date: str | None) -> list[Mention]:
    """All actor mentions of one spaCy Doc, sorted by start (``date`` dates people's roles)."""
    global _DESCRIPTION_HEADS
    if not _DESCRIPTION_HEADS:
        _DESCRIPTION_HEADS = frozenset(w.split()[-1] for w, r in kb.coref.items()
                                       if r["type"] == "description")
    return _Resolver(sdoc, kb, date).run()


def _head_is_anchor(p: Phrase, head: Entry, anchors: list[Anchor]) -> bool:
    """Does the phrase end with an actor word (not "Iranian gas", "Baghdad airport")?"""
    return any(a.end == p.end and head in a.entries for a in anchors)


@functools.lru_cache(maxsize=8)
def _head_titles_cached(version: int) -> frozenset[str]:
    kb = _KB_BY_VERSION[version]
    return frozenset(k for k, v in kb.lower.items()
                     for e in v if e.kind == "role" and "head" in e.flags)


def _head_titles(kb: KB) -> frozenset[str]:
    """Role words naming a head of state or government (computed once per KB)."""
    _KB_BY_VERSION[kb.version] = kb
    return _head_titles_cached(kb.version)


def _gender(roles: Iterable[Entry]) -> str | None:
    return next((g for r in roles for g in ("m", "f") if g in r.flags), None)


class _Resolver:
    """Resolves one document: pass 1 remembers titled people, pass 2 walks in text order."""

    def __init__(self, sdoc: Any, kb: KB, date: str | None) -> None:
        self.sdoc, self.kb, self.date = sdoc, kb, date
        self.text: str = sdoc.text
        self.anchors = [a for a in find_anchors(sdoc, kb) if not self._currency(a)]
        self._read_homonyms()
        # tokens inside an anchor, and the countries anchors name: for the gazetteer look-ups
        # of place names the KB does not know
        self.anchored = {i for a in self.anchors for i in range(a.start, a.end)}
        self.named_all = self._named_countries(0, len(sdoc))
        self._gaz_iso: dict[tuple[int, int], str | None] = {}
        self._free_places_cache: list[tuple[Any, str]] | None = None
        self.phrases = build_phrases(sdoc, self.anchors)
        self._index = {id(p): k for k, p in enumerate(self.phrases)}
        self.full_named = {e.name for a in self.anchors if a.kinds == {"person"}
                           and " " in sdoc[a.start:a.end].text for e in a.entries}
        for p in self.phrases:
            self._demote_mistitled(p)
            self._demote_stale_surname(p)
        self.sent_of: list[int] = [0] * len(sdoc)
        for k, s in enumerate(sdoc.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = k
        # name or surname -> (actor, titles, gender) of people introduced in this article
        self.people: dict[str, tuple[Actor, frozenset[str], str | None]] = {}
        self.seen: list[_Seen] = []
        self.out: list[Mention] = []
        self._modifier_depth = 0          # > 0 while resolving an actor that modifies a noun
        self.focus = self._focus_country()
        self.head_titles = _head_titles(kb)

    # ---- helpers
    def _read_homonyms(self) -> None:
        """"Tripoli, the north Lebanese port": a capital's name that is also a city of another
        country is that city when its sentence (else its article) names the other country and
        never the capital's own; it is then a place of that country, not its government."""
        for a in self.anchors:
            cap = a.first({"capital"})
            others = self.kb.homonyms.get(self.sdoc[a.start:a.end].text) if cap else None
            if not others:
                continue
            sent = self.sdoc[a.start].sent
            for lo, hi in ((sent.start, sent.end), (0, len(self.sdoc))):
                named = self._named_countries(lo, hi, skip=a)
                if cap.country in named:
                    break
                hit = [c for c in others if c in named]
                if len(hit) == 1 and hit[0] in self.kb.countries:
                    cty = self.kb.countries[hit[0]]
                    a.entries = [Entry(kb_id=f"city:{cap.name}:{cty.country}", name=cty.name,
                                       kind="region", code=cty.code, country=cty.country)]
                    break

    def _named_countries(self, lo: int, hi: int, skip: Anchor | None = None) -> set[str]:
        """The countries that anchors starting in tokens [lo, hi) name (but ``skip``)."""
        return {e.country for b in self.anchors if b is not skip and lo <= b.start < hi
                for e in b.entries if e.kind in COUNTRY_KINDS and e.country}

    def _demote_mistitled(self, p: Phrase) -> None:
        """"King Hassan" is not the Jordanian PM Jafar Hassan: when a person matched by
        surname carries a title none of the KB's holders of that name has, treat the name as
        unknown (the title and context then code it)."""
        if not p.anchors or p.anchors[-1].end != p.end or p.anchors[-1].kinds != {"person"}:
            return
        last = p.anchors[-1]
        titles = {self.norm_title(e) for a in p.anchors[:-1] for e in a.entries
                  if e.kind == "role" and e.role == "title" and e.sector}
        if not titles:
            return
        held = {t for e in last.entries for t in e.titles}
        if not held or any(t in held or any(t in h.split() for h in held) for t in titles):
            return
        p.anchors = p.anchors[:-1]
        p.name = (last.start, last.end)
        p.no_kb_person = True

    def _demote_stale_surname(self, p: Phrase) -> None:
        """A bare surname ("Rasmussen") is a KB person only if they hold office on the date or
        their full name appears in the article: surnames of people out of office are too
        often someone else."""
        if not p.anchors or p.anchors[-1].end != p.end or p.anchors[-1].kinds != {"person"}:
            return
        last = p.anchors[-1]
        if " " in self.sdoc[last.start:last.end].text:
            return
        hit, status = _best(list(last.entries), self.date)
        if hit is None or status == "in-office" or hit.name in self.full_named:
            return
        titles = {self.norm_title(e) for a in p.anchors[:-1] for e in a.entries
                  if e.kind == "role" and e.role == "title" and e.sector}
        if titles and any(t in hit.titles for t in titles):
            return                        # "President Obama": the title confirms the person
        p.anchors = p.anchors[:-1]
        p.name = (last.start, last.end)
        p.no_kb_person = True

    def span_text(self, s: int, e: int) -> str:
        a, b = self.char_span(s, e)
        return self.text[a:b]

    def char_span(self, s: int, e: int) -> tuple[int, int]:
        return self.sdoc[s].idx, self.sdoc[e - 1].idx + len(self.sdoc[e - 1])

    def norm_title(self, e: Entry) -> str:
        return e.flag_value("same") or e.name

    def _focus_country(self) -> str | None:
        """The article's main country: the one most often used as a place ("in Iraq")."""
        counts: Counter[str] = Counter()
        for a in self.anchors:
            e = a.first(COUNTRY_KINDS)
            if e is None or e.kind == "demonym" or not e.country:
                continue
            t = self.sdoc[a.end - 1]
            # where things happen; not "to"/"into", which name destinations abroad
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "inside", "within",
                                                     "across", "throughout", "at"):
                counts[e.country] += 1
        if not counts:
            for a in self.anchors:
                e = a.first(COUNTRY_KINDS)
                if e is not None and e.country:
                    counts[e.country] += 1
        top = counts.most_common(2)
        if not top or (len(top) > 1 and top[0][1] == top[1][1]):
            return None                  # a tie: no main country (guessing one misleads places)
        return top[0][0]

    def _currency(self, a: Anchor) -> bool:
        """"US $50 million", "US dollars": a currency, not the country."""
        if not a.first(COUNTRY_KINDS):
            return False
        nxt = self.sdoc[a.end] if a.end < len(self.sdoc) else None
        return nxt is not None and (nxt.text in CURRENCY_SIGNS or nxt.lower_ in CURRENCY_WORDS)

    def emit(self, s: int, e: int, actor: Actor, titles: Iterable[str] = (),
             gender: str | None = None, record: bool = True, pronoun: bool = False) -> Mention:
        cs, ce = self.char_span(s, e)
        actor.text = self.text[cs:ce]
        m = Mention(cs, ce, actor.text, actor)
        self.out.append(m)
        if record:
            if gender is None and actor.kind == "person" and actor.name:
                gender = self.kb.given_names.get(actor.name.split()[0])
            head = self.sdoc[e - 1]
            root = head
            while root.dep_ == "conj" and root.head.i < root.i:
                root = root.head
            coordinated = head.dep_ == "conj" or any(c.dep_ == "conj" for c in head.children)
            plural = head.tag_ in ("NNS", "NNPS") or actor.kind == "group" or \
                head.lower_ in ("they", "them", "their")
            ts = frozenset(titles)
            self.seen.append(_Seen(m, e - 1, self.sent_of[e - 1], root.dep_ in SUBJECT_DEPS,
                                   actor.kind == "person", gender, plural, ts,
                                   bool(ts & self.head_titles), coordinated, pronoun,
                                   self._modifier_depth > 0))
        return m

    # ---- main
    def run(self) -> list[Mention]:
        self._register_people()
        items: list[tuple[int, str, Any]] = [(p.start, "phrase", p) for p in self.phrases]
        covered = {i for p in self.phrases for i in range(p.start, p.end)}
        for t in self.sdoc:
            row = self.kb.coref.get(t.lower_)
            if t.i not in covered and row is not None and row["type"] == "pronoun" and \
                    t.tag_ in ("PRP", "PRP$"):
                items.append((t.i, "pronoun", t))
        items.sort(key=lambda x: x[0])
        for _, kind, obj in items:
            if kind == "phrase":
                self._resolve_phrase(obj)
            else:
                self._resolve_pronoun(obj)
        self._quantities()
        self._gazetteer_places()
        self.out.sort(key=lambda m: (m.start, -m.end))
        return self.out

    def _quantities(self) -> None:
        """"Thousands of Nigerians", "a group of Chechen refugees": the head that counts an
        actor names that actor, so a mention spans from it to the actor's end."""
        by_end = {}
        for m in self.out:
            by_end.setdefault(m.end, []).append(m)
        covered = {(m.start, m.end) for m in self.out}
        for t in self.sdoc:
            if t.lower_ not in QUANTITY_HEADS or t.tag_ not in ("NNS", "NN", "DT", "JJ", "CD"):
                continue
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
            if obj is None:
                continue
            ms = [m for m in by_end.get(obj.idx + len(obj), [])
                  if m.start > t.idx and m.actor.country]
            if len(ms) != 1:
                continue
            start = t.left_edge.idx
            if (start, ms[0].end) in covered:
                continue
            a = replace(ms[0].actor, resolution={"rule": "quantity-of",
                                                 "antecedent": ms[0].text})
            a.text = self.text[start:ms[0].end]
            self.out.append(Mention(start, ms[0].end, a.text, a))

    # ---- pass 1: people introduced with a title, an appositive or from the KB
    def _register_people(self) -> None:
        for idx, p in enumerate(self.phrases):
            body = [a for a in p.anchors if p.poss_split is None or a.start >= p.poss_split]
            c = compose([a for a in body if p.name is None or a.end <= p.name[0]])
            if p.name is None and (c.head is None or c.head.kind != "person"):
                continue
            titles = {self.norm_title(r) for r in c.roles if r.sector}
            gender = _gender(c.roles)
            app = self._appositive(p, idx) or self._title_before(p, idx)
            if p.name is not None:
                name = self.span_text(*p.name)
                kb_hit, status = self._pick_person(
                    p, [x for x in self.kb.lookup(name) if x.kind == "person"
                        and not p.no_kb_person], app[1] if app else frozenset())
                if kb_hit is None and app is None and (
                        not any(r.sector for r in c.roles) and not self._looks_like_person(
                            *p.name) or self.sdoc[p.name[1] - 1].lower_ in ORG_HEAD_WORDS):
                    continue                  # "Iraqi Kurds", "Serbia Friday": not a person
                if kb_hit is not None:
                    actor: Actor | None = _person_actor(kb_hit, "", self.kb, self.date,
                                                        "kb-person", status=status)
                    titles |= kb_hit.titles
                else:
                    actor = self._unknown_titled(p, idx, c, name)
            else:
                assert c.head is not None
                kb_hit, status = self._pick_person(
                    p, [x for x in self.kb.lookup(c.head.name) if x.kind == "person"]
                    or [c.head], app[1] if app else frozenset())
                kb_hit = kb_hit or c.head
                name = kb_hit.name
                actor = _person_actor(kb_hit, "", self.kb, self.date, "kb-person", status=status)
                titles |= kb_hit.titles
            if app is not None:
                app_actor, app_titles, app_gender = app
                titles |= app_titles
                gender = gender or app_gender
                if app_actor is not None and (
                        actor is None or (not actor.country and app_actor.country) or
                        (actor.code or "").startswith("---")):
                    actor = replace(app_actor, name=name, kind="person")
                    actor.resolution = {"rule": "appositive-title",
                                        "title": ", ".join(sorted(app_titles))}
            if actor is not None:
                self._remember(name, actor, frozenset(titles), gender)

    def _unknown_titled(self, p: Phrase, idx: int, c: Composed, name: str) -> Actor | None:
        """A person the KB does not know, coded from what the phrase says: the title with its
        country ("Zambian President Kaunda"), the possessor's ("Lebanon's new President Elias
        Hrawi"), an "of" complement's ("King Hassan of Morocco"), else the article's or the
        sentence's country; "former"/"ousted" make them an elite (ELI)."""
        actor = actor_from_parts(c, "", self.kb, self.date, name=name,
                                 focus=self._person_focus(p)) if c.head is not None else None
        owner = self._possessor_actor(p) if p.poss_split is not None and \
            not c.countries and not c.orgs else None
        if owner is not None and owner.country and actor is not None:
            cty = self.kb.cameo(owner.country) or owner.country
            actor.country = owner.country
            actor.code = cty + (actor.sector[0] if actor.sector else "")
            actor.resolution = dict(actor.resolution or {}, rule="titled-person-possessor")
        of = self._of_complement(p, idx)
        if of is not None and of.country and (actor is None or not c.countries):
            role = next((r for r in reversed(c.roles) if r.sector), None)
            actor = _actor("", self.kb, name=name, country=of.country,
                           sector=list(role.sector) if role else list(of.sector),
                           kind="person", rule="titled-person-of", antecedent=of.name)
        if actor is not None and self._former(p):
            actor.sector = ["ELI"]
            actor.code = (self.kb.cameo(actor.country) or "---") + "ELI"
            actor.resolution = dict(actor.resolution or {}, status="said-former")
        return actor

    def _former(self, p: Phrase) -> bool:
        """"former president X", "Ousted President X", "ex-minister X": no longer in office."""
        end = p.name[0] if p.name is not None else p.end
        lo = max(p.start - 1, self.sdoc[p.start].sent.start)
        return any(self.sdoc[i].lower_ in FORMER_WORDS for i in range(lo, end))

    def _pick_person(self, p: Phrase, entries: list[Entry],
                     extra_titles: Iterable[str] = ()) -> tuple[Entry | None, str]:
        """A KB person's row for the date, corrected by what the phrase says: "former" makes
        them a former office holder; a title they held ("President Jacques Chirac") codes them
        in that office even when the date falls outside it - the text speaks of them holding it."""
        hit, status = _best(entries, self.date)
        if hit is None or hit.kind != "person":
            return hit, status
        if self._former(p):
            return hit, "said-former"
        if status in ("former", "before-office"):
            titles = {self.norm_title(e) for a in p.anchors for e in a.entries
                      if e.kind == "role" and e.role == "title" and e.sector}
            titles |= set(extra_titles)
            # a title inside the matched name itself ("President Bush" is one alias)
            said = " " + " ".join(t.lower_ for t in self.sdoc[p.start:p.end]) + " "
            # "Palestinian leader Yasser Arafat": a country's leader heads it
            leads = any(e.kind == "role" and "leads" in e.flags for a in p.anchors
                        for e in a.entries) and any(a.first(COUNTRY_KINDS) for a in p.anchors)
            match = [e for e in entries if e.kind == "person" and (
                titles & e.titles or any(f" {t} " in said for t in e.titles)
                or leads and "head" in e.flags)]
            if match:
                return max(match, key=lambda e: e.end or "9999"), "titled"
        return hit, status

    def _looks_like_person(self, s: int, e: int) -> bool:
        """Could the capitalised tokens s..e be a person's name (not "Kurds", "Friday")?"""
        toks = [self.sdoc[i] for i in range(s, e)]
        if toks[-1].tag_ == "NNPS":          # "Golan Heights", "Kurds": names are singular
            return False
        if any(t.ent_type_ == "PERSON" for t in toks) or toks[0].text in self.kb.given_names:
            return True
        return not any(t.ent_type_ in NOT_PERSON_ENTS for t in toks)

    def _remember(self, name: str, actor: Actor, titles: frozenset[str],
                  gender: str | None) -> None:
        keys = {name}
        if " " in name:
            keys.add(name.split()[-1])
        for k in keys:
            old = self.people.get(k)
            if old is None:
                self.people[k] = (actor, titles, gender)
            elif old[0].name == actor.name:
                self.people[k] = (old[0], old[1] | titles, old[2] or gender)

    def _next_phrase(self, p: Phrase, idx: int, gap: int) -> Phrase | None:
        if idx < 0:
            return None
        for q in self.phrases[idx + 1:idx + 3]:
            if q.start == p.end + gap:
                return q
        return None

    def _appositive(self, p: Phrase, idx: int) -> tuple[Actor, frozenset[str], str | None] | None:
        """", the current prime minister of Iraq's caretaker government" after a name."""
        if p.end >= len(self.sdoc) or self.sdoc[p.end].text != ",":
            return None
        q = self._next_phrase(p, idx, 1)
        if q is None or q.name is not None:
            return None
        roles = [e for a in q.anchors for e in a.entries if e.kind == "role"]
        if not roles:
            return None
        actor = self._phrase_actor(q, self._index[id(q)])
        if actor is None or not (actor.country or actor.code):
            return None
        titles = frozenset(self.norm_title(r) for r in roles if r.sector)
        return actor, titles, _gender(roles)

    def _title_before(self, p: Phrase, idx: int
                      ) -> tuple[Actor | None, frozenset[str], str | None] | None:
        """"Qatar's emir, Sheikh Hamad, ...": a titled phrase set off by a comma just before a
        name is the name's title, as an appositive after it is.  Not when the titled phrase is
        an object ("after meeting the prime minister, Smith said")."""
        named = p.name[0] == p.start if p.name is not None else bool(
            p.anchors and p.anchors[0].start == p.start and p.anchors[0].kinds == {"person"})
        if not named or idx <= 0 or p.start < 2 or self.sdoc[p.start - 1].text != ",":
            return None
        q = self.phrases[idx - 1]
        if q.end != p.start - 1 or q.name is not None or q.sent != p.sent or \
                self.sdoc[q.end - 1].dep_ in ("dobj", "pobj", "iobj", "conj"):
            return None
        if any(self.sdoc[i].text == "," for i in range(q.start, q.end)):
            return None
        roles = [e for a in q.anchors for e in a.entries if e.kind == "role"
                 and e.role == "title" and e.sector]
        if not roles or not self._head_is_title(q, roles):
            return None
        actor = self._phrase_actor(q, idx - 1)
        if actor is not None and not (actor.country or actor.code):
            actor = None           # the title alone still says which office the name holds
        return actor, frozenset(self.norm_title(r) for r in roles), _gender(roles)

    def _head_is_title(self, q: Phrase, roles: list[Entry]) -> bool:
        """Does the phrase end in one of the title words ("Jordan's king", not "the king's
        palace")?"""
        return any(a.end == q.end and any(e in roles for e in a.entries) for a in q.anchors)

    def _of_complement(self, p: Phrase, idx: int) -> Actor | None:
        """"the commander of Iran's IRGC": the actor after 'of'."""
        if p.end >= len(self.sdoc) or self.sdoc[p.end].lower_ != "of":
            return None
        q = self._next_phrase(p, idx, 1)
        if q is None:
            return None
        a = self._phrase_actor(q, self._index[id(q)])
        if a is None:        # "inhabitants of the Syrian Golan Heights": a place of a country
            start = q.poss_split if q.poss_split is not None else q.start
            c = compose([x for x in q.anchors if not x.backer and x.start >= start])
            if c.countries and not c.orgs and not c.persons and \
                    all(e.kind != "capital" for e in c.countries):
                a = entry_actor(c.countries[-1], self.span_text(q.start, q.end), self.kb,
                                self.date, "of-place")
        return a

    def _possessor_actor(self, p: Phrase) -> Actor | None:
        """The actor of the part before "'s" (from its anchors, a remembered name or a mention)."""
        if p.poss_split is None:
            return None
        e = p.poss_split - 1
        cs, ce = self.char_span(p.start, e)
        for s in reversed(self.seen):      # the possessor already resolved as a mention
            if (s.mention.start, s.mention.end) == (cs, ce) and not s.pronoun:
                return s.mention.actor
        c = compose([a for a in p.anchors if a.end <= e])
        name = self.span_text(*p.name) if p.name and p.name[1] <= e else None
        k = e
        while k > p.start and _is_name_tok(self.sdoc[k - 1]) and not any(
                a.start <= k - 1 < a.end for a in p.anchors):
            k -= 1
        if k < e:
            name = self.span_text(k, e)
            if name in self.people:
                return self.people[name][0]
        a = actor_from_parts(c, "", self.kb, self.date, name=name, focus=self.focus) \
            if c.head or name else None
        if a is not None and _head_ok(c, p, e):
            return a
        cs, ce = self.char_span(p.start, e)
        for s in reversed(self.seen):
            if s.mention.start >= cs and s.mention.end <= ce:
                return s.mention.actor
        return None

    def _phrase_actor(self, p: Phrase, idx: int) -> Actor | None:
        """A phrase's actor from its own anchors, its possessor and its 'of' complement."""
        start = p.poss_split if p.poss_split is not None else p.start
        body = [a for a in p.anchors if a.start >= start]
        c = compose(body)
        text = self.span_text(p.start, p.end)
        if c.head is None:
            return None
        if not _head_is_anchor(p, c.head, body):
            return None
        actor = actor_from_parts(c, text, self.kb, self.date)
        if actor is not None and not (c.head.kind == "role" and not c.countries and not c.orgs):
            return actor
        if c.head.kind == "role":
            inner = self._possessor_actor(p)
            rule = "possessive"
            if inner is None:
                inner, rule = self._of_complement(p, idx), "of-complement"
            if inner is not None:
                return self._derive(inner, c.head, text, rule)
        return actor

    def _derive(self, inner: Actor, role: Entry, text: str, rule: str) -> Actor:
        """A role of another actor: "Pompeo's office", "Iraq's government", "head of the PMF"."""
        why = {"rule": rule, "antecedent": inner.name or inner.text, "role": role.name}
        if inner.kind in ("igo", "group", "institution") or not inner.country or \
                not role.sector:
            a = replace(inner, text=text)
            if inner.kind == "person" and not role.sector:
                a.kind = "institution" if "office" in role.name else "person"
        else:
            a = _actor(text, self.kb, name=inner.name if inner.kind != "person" else
                       (self.kb.countries[inner.country].name
                        if inner.country in self.kb.countries else None),
                       country=inner.country, sector=list(role.sector), kind="sector",
                       rule=rule)
        a.resolution = why
        return a

    # ---- pass 2
    def _resolve_phrase(self, p: Phrase) -> None:
        idx = self._index.get(id(p), -1)
        if p.poss_split is not None:
            self._resolve_possessor(p)
        start = p.poss_split if p.poss_split is not None else p.start
        if start >= p.end:
            return
        if p.name is not None and p.name[0] >= start:
            if self._emit_person(p, self.span_text(*p.name)):
                return
        body = [a for a in p.anchors if a.start >= start]
        c = compose(body)
        if c.head is not None and c.head.kind == "person":
            self._emit_person(p, c.head.name)
            return
        people = self._demonym_people(p, body, idx)
        if people is not None:
            self.emit(p.start, p.end, people)
            return
        own = [a for a in body if not a.backer and not a.stance and not a.ethnic and
               (a.first(COUNTRY_KINDS) or a.first(ORG_KINDS))]
        if len(own) > 1 and c.head is not None and _head_is_anchor(p, c.head, body) and \
                self._coordinated(p, own, c):
            return
        if p.poss_split is None and self._resolve_description(p, c):
            return
        actor = self._phrase_actor(p, idx)
        if actor is None and c.head is not None and c.head.kind == "role" and \
                _head_is_anchor(p, c.head, body):
            role = c.head
            if not role.sector:          # "opposition groups": the sector word decides
                role = next((r for r in reversed(c.roles) if r.sector), role)
            actor = self._role_in_context(p, role, self.span_text(p.start, p.end))
        if actor is None and c.head is not None and not _head_is_anchor(p, c.head, body):
            actor = self._allied_role(p, body)
            if actor is None:
                self._resolve_modifier(p, body)
                return
        if actor is None:
            return
        last = self.sdoc[p.end - 1]
        if (actor.resolution or {}).get("rule") == "capital-metonym" and actor.country and \
                ((last.dep_ == "pobj" and last.head.lower_ in LOCATIVE_PREPS) or
                 self._subnational_capital(p) or self._city_part(p) or self._besieged(last)):
            # "a curfew in Algiers", "Muslim west Beirut", "blockaded Paris": the city and its
            # people, not the government
            actor.sector = ["CVL"]
            actor.code = (self.kb.cameo(actor.country) or actor.country) + "CVL"
            actor.resolution = {"rule": "capital-place"}
        if (actor.resolution or {}).get("rule") == "demonym" and actor.country:
            role = self._elided_role(last)
            if role is not None:       # "Sierra Leonean and Liberian refugees"
                cty = self.kb.cameo(actor.country) or actor.country
                actor.sector, actor.code, actor.kind = list(role.sector), cty + role.sector[0], \
                    "sector"
                actor.resolution = {"rule": "elided-role", "role": role.name}
        titles = [self.norm_title(r) for r in c.roles if r.role == "title"]
        if actor.kind == "person" and actor.name:
            known = self.people.get(actor.name)
            titles += list(known[1]) if known else []
        self.emit(p.start, p.end, actor, titles)

    def _city_part(self, p: Phrase) -> bool:
        """"west Jerusalem", "mostly Christian eastern Beirut", "central Baghdad": a part of
        the city named by a direction or by who lives there is a place, not the government."""
        cap = next((a for a in p.anchors if a.first({"capital"}) is not None), None)
        if cap is None:
            return False
        return any(self.sdoc[i].lower_ in CITY_PART_WORDS for i in range(p.start, cap.start))

    @staticmethod
    def _besieged(head: Any) -> bool:
        """"would blockade Paris", "Sarajevo was shelled": the city a siege or a bombardment
        falls on is its people and its streets, not its government."""
        return head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB" and \
            head.head.lemma_.lower() in SIEGE_VERBS

    def _allied_role(self, p: Phrase, body: list[Anchor]) -> Actor | None:
        """"Israel's militia ally in southern Lebanon", "their rebel allies": a sector word
        before "ally" or "proxy" is a group of that sector allied to the possessor, not the
        possessor's own; its country is the place attached to it ("in", "from"), else
        unknown."""
        last = self.sdoc[p.end - 1]
        if last.lower_ not in ALLY_WORDS or not body or body[-1].end != p.end - 1:
            return None
        role = body[-1].first({"role"})
        if role is None or not role.sector or role.sector[0] in ("IGO", "GOV") or \
                any(a.first(COUNTRY_KINDS) or a.first(ORG_KINDS) for a in body):
            return None               # "Iraqi militia allies": the demonym says whose
        # (a proxy is local to where it is: that is what sets it apart from its patron's forces)
        cty = self._attached_country(p, domestic=True)
        c = self.kb.countries.get(cty) if cty else None
        ally_of = self.span_text(p.start, p.poss_split - 1) if p.poss_split else None
        return _actor(self.span_text(p.start, p.end), self.kb, name=c.name if c else None,
                      country=cty, sector=list(role.sector), kind="sector",
                      rule="allied-role-place" if cty else "allied-role", role=role.name,
                      ally_of=ally_of)

    def _subnational_capital(self, p: Phrase) -> bool:
        """"the southern regional capital Juba", "Kandahar, the provincial capital": the word
        "capital" in the phrase or its appositive is modified by a sub-national level."""
        toks = list(self.sdoc[p.start:p.end])
        last = self.sdoc[p.end - 1]
        toks += [c for c in last.children if c.dep_ == "appos"]
        toks += [t for a in list(toks) if a.dep_ == "appos" for t in a.subtree]
        for t in toks:
            if t.lower_ == "capital" and t.i > 0 and \
                    self.sdoc[t.i - 1].lower_ in SUBNATIONAL_CAPITAL:
                return True
        return False

    def _gazetteer_places(self) -> None:
        """Place names (NER GPE/LOC) that no mention covers and the actors KB does not know:
        "shells hit Jericho", "a curfew in the town of Cizre" -- the place's people, coded with
        the gazetteer's country when one country is clear (see GAZ_BIG_CITY)."""
        taken = {i for m in self.out for i in range(*self._tok_span(m))}
        for ent in self.sdoc.ents:
            if ent.label_ not in ("GPE", "LOC") or any(i in taken for i in
                                                       range(ent.start, ent.end)):
                continue
            iso = self._gazetteer_place(ent)
            if iso is None:
                continue
            cty = self.kb.countries.get(iso)
            a = _actor("", self.kb, name=cty.name if cty else None, country=iso,
                       sector=["CVL"], kind="sector", rule="gazetteer-place", place=ent.text)
            self.emit(ent.start, ent.end, a, record=False)     # (resolution is over)

    def _gazetteer_place(self, ent: Any) -> str | None:
        """The gazetteer country of a place entity the actors KB does not know, when one is
        clear (see ``_gazetteer_country``); None for a modifier, a lower-case word, part of a
        longer name, or a name the gazetteer also has as a country.  Looked up once per
        entity and document."""
        key = (ent.start, ent.end)
        if key not in self._gaz_iso:
            self._gaz_iso[key] = self._lookup_gazetteer_place(ent)
        return self._gaz_iso[key]

    def _lookup_gazetteer_place(self, ent: Any) -> str | None:
        from .places import gazetteer       # public loader of the places stage's gazetteer
        root = ent.root
        if root.dep_ in ("compound", "amod", "poss") or root.tag_ == "POS" or \
                not ent.text[:1].isupper() or self._in_name(ent.start, ent.end):
            return None
        found = gazetteer().lookup(ent.text)
        cands = [c for c in found if c.feature in GAZ_PLACE_FEATURES]
        if not cands or any(c.feature == "country" for c in found):
            return None
        return self._gazetteer_country(cands, self.named_all)

    def _free_places(self) -> list[tuple[Any, str]]:
        """Place entities (GPE/LOC) no anchor covers, with the gazetteer country each has."""
        if self._free_places_cache is None:
            self._free_places_cache = [
                (ent, iso) for ent in self.sdoc.ents
                if ent.label_ in ("GPE", "LOC") and
                not any(i in self.anchored for i in range(ent.start, ent.end)) and
                (iso := self._gazetteer_place(ent)) is not None]
        return self._free_places_cache

    def _in_name(self, s: int, e: int) -> bool:
        """A proper noun right before or after the span: part of a longer name ("Kenzo
        Oshima" when NER cuts the surname off as a place)."""
        near = [self.sdoc[i] for i in (s - 1, e) if 0 <= i < len(self.sdoc)]
        return any(t.pos_ == "PROPN" and t.text[:1].isupper() for t in near)

    @staticmethod
    def _gazetteer_country(cands: list[Any], named: set[str]) -> str | None:
        countries = {c.country for c in cands if c.country}
        if len(countries) == 1:
            return next(iter(countries))
        in_text = countries & named
        if len(in_text) == 1:
            return next(iter(in_text))
        by_pop = sorted(cands, key=lambda c: -c.population)
        top = by_pop[0]
        rest = max((c.population for c in by_pop if c.country != top.country), default=0)
        if top.population >= GAZ_BIG_CITY and top.population >= 5 * rest and \
                (not in_text or top.country in in_text):
            return top.country
        return None

    def _tok_span(self, m: Mention) -> tuple[int, int]:
        span = self.sdoc.char_span(m.start, m.end, alignment_mode="expand")
        return (span.start, span.end) if span is not None else (0, 0)

    def _elided_role(self, head: Any) -> Entry | None:
        """A demonym standing alone before "and <demonym> <role>" ("Sierra Leonean and
        Liberian refugees", parsed as two conjoined nouns): the role word is shared."""
        if head.tag_ in ("NNS", "NNPS"):
            return None
        for c in head.children:
            if c.dep_ != "conj" or not any(x.dep_ == "amod" or x.dep_ == "compound"
                                           for x in c.children):
                continue
            for a in self.anchors:
                if a.start <= c.i < a.end:
                    r = a.first({"role"})
                    if r is not None and r.sector and r.sector[0] != "IGO" and \
                            r.role == "group" and a.end == c.i + 1:
                        return r
        return None

    def _demonym_people(self, p: Phrase, body: list[Anchor], idx: int) -> Actor | None:
        """A plural demonym naming people ("Liberians", "the Albanians of southern Serbia",
        "Bosnian Serbs", "ethnic Albanians"): civilians of a country.  The country is the
        nationality's, unless the phrase places an ethnic group elsewhere: a state before it
        ("Bosnian Serbs"), "of <country>" after it, or "ethnic" (then the article's country)."""
        if not body or body[-1].end != p.end or body[-1].stance or body[-1].backer:
            return None
        last = body[-1]
        e = last.first({"demonym"})
        word = self.span_text(last.start, last.end)
        if e is None or last.first({"country", "capital"}) or not word.endswith("s") or \
                not any(x.kind == "demonym" and x.country == e.country
                        for x in self.kb.lookup(word[:-1])):
            return None
        country, rule = e.country, "demonym-people"
        prev = body[-2] if len(body) > 1 else None
        pe = prev.first(COUNTRY_KINDS) if prev is not None and prev.end == last.start and \
            not prev.stance and not prev.backer else None
        of = self._of_complement(p, idx)
        if pe is not None and pe.country != e.country:
            country, rule = pe.country, "ethnic-group"
        elif of is not None and of.kind == "country" and of.country and of.country != e.country:
            country, rule = of.country, "ethnic-group"
        elif last.ethnic:
            country = self.focus if self.focus != e.country else None
            rule = "ethnic-group"
        cty = self.kb.countries.get(country or "")
        return _actor(self.span_text(p.start, p.end), self.kb, name=cty.name if cty else None,
                      country=country, sector=["CVL"], kind="sector", rule=rule, group=e.name)

    def _resolve_modifier(self, p: Phrase, body: list[Anchor]) -> None:
        """An actor phrase modifying another noun ("Israeli army bulldozers", "Palestinian homes")
        gets a mention of its own, so the events stage finds the actor inside the larger phrase."""
        last = next((a for a in reversed(body) if not a.backer and (
            a.first({"country", "demonym", "region"}) or a.first(ORG_KINDS) or
            any(e.kind == "role" and e.sector for e in a.entries))), None)
        if last is None or last.end >= p.end:
            return
        if all(e.kind == "role" for e in last.entries) and not any(
                a.first(COUNTRY_KINDS) or a.first(ORG_KINDS) for a in body if a.end <= last.end):
            return                        # a bare role word modifying a noun: too vague
        first = next(a for a in body if a.end <= last.end)
        start = p.start if p.poss_split is not None else first.start
        sub = Phrase(start, last.end, [a for a in p.anchors if a.end <= last.end],
                     poss_split=p.poss_split if p.poss_split and p.poss_split < last.end
                     else None, sent=p.sent)
        if sub.poss_split is not None:
            sub.poss_split = None if sub.poss_split >= sub.end else sub.poss_split
        self._modifier_depth += 1
        self._resolve_phrase(sub)
        self._modifier_depth -= 1

    def _resolve_possessor(self, p: Phrase) -> None:
        """The possessor ("Iraq" in "Iraq's caretaker government") is a mention of its own."""
        e = (p.poss_split or p.start) - 1
        if e <= p.start:
            return
        sub = Phrase(p.start, e, [a for a in p.anchors if a.end <= e], sent=p.sent)
        k = e
        while k > p.start and _is_name_tok(self.sdoc[k - 1]) and not any(
                a.start <= k - 1 < a.end for a in sub.anchors):
            k -= 1
        if k < e:
            sub.name = (k, e)
        self._resolve_phrase(sub)

    def _emit_person(self, p: Phrase, name: str) -> bool:
        """A person: from the KB (by date) or remembered from earlier in the article."""
        kb_hit, status = self._pick_person(p, [x for x in self.kb.lookup(name)
                                               if x.kind == "person" and not p.no_kb_person])
        known = self.people.get(name)       # a full name must match in full ("Chelsea Clinton")
        titled = known is not None and kb_hit is not None and known[0].name == kb_hit.name and \
            status in ("former", "before-office") and \
            (known[0].resolution or {}).get("status") == "titled"
        if known is not None and (kb_hit is None or known[0].name != kb_hit.name or titled):
            # "Kofi Annan, UN secretary-general": the appositive's title held in pass 1
            actor = replace(known[0], resolution=dict(known[0].resolution or {}))
            if known[0].name != name:
                actor.resolution = {"rule": "remembered-person", "antecedent": known[0].name}
            titles, gender = known[1], known[2]
        elif kb_hit is not None:
            actor = _person_actor(kb_hit, "", self.kb, self.date, "kb-person", status=status)
            titles = kb_hit.titles | (known[1] if known else frozenset())
            gender = known[2] if known else None
            self._phrase_country_wins(p, actor)
        else:
            # an unknown titled person not met in pass 1 (a possessor: "President Kaunda's
            # statement"): coded from the title, as pass 1 codes them
            start = p.poss_split if p.poss_split is not None else p.start
            c = compose([a for a in p.anchors if a.start >= start and p.name is not None
                         and a.end <= p.name[0]])
            if not any(r.sector and r.role == "title" for r in c.roles) or \
                    self.sdoc[p.end - 1].lower_ in ORG_HEAD_WORDS:
                return False
            made = self._unknown_titled(p, self._index.get(id(p), -1), c, name)
            if made is None:
                return False
            actor, titles, gender = made, frozenset(self.norm_title(r) for r in c.roles
                                                     if r.sector), _gender(c.roles)
        start = p.poss_split if p.poss_split is not None else p.start
        self.emit(start, p.end, actor, titles, gender)
        return True

    def _phrase_country_wins(self, p: Phrase, actor: Actor) -> None:
        """"Palestinian Prime Minister Ismail Haniyeh": when the KB row chosen for the date has
        no country, the country the text names (with its title's sector) is used."""
        if actor.country:
            return
        c = compose([a for a in p.anchors if not a.backer])
        if not c.countries:
            return
        cty = c.countries[-1]
        role = next((r for r in reversed(c.roles) if r.sector), None)
        sector = list(role.sector) if role else list(actor.sector)
        actor.country, actor.sector = cty.country, sector
        actor.code = (self.kb.cameo(cty.country) or "") + (sector[0] if sector else "")
        actor.resolution = dict(actor.resolution or {}, country_from_text=cty.country)

    def _coordinated(self, p: Phrase, own: list[Anchor], c: Composed) -> bool:
        """"Hungarian and Romanian officials", "the United States and Jordan"."""
        head = c.head
        assert head is not None
        if head.kind == "role" and not head.sector:
            return False
        members: list[str | None] = []
        first: Actor | None = None
        for a in own:
            e = a.first(ORG_KINDS) or a.first(COUNTRY_KINDS)
            assert e is not None
            if head.kind == "role" and e.kind in COUNTRY_KINDS:
                act = _actor("", self.kb, name=e.name, country=e.country,
                             sector=list(head.sector), kind="sector",
                             rule="coordinated-country-role", role=head.name)
            elif head.kind == "role":
                act = entry_actor(e, "", self.kb, self.date, "coordinated-org-role",
                                  role=head.name)
            else:
                act = entry_actor(e, "", self.kb, self.date, "coordinated")
            end = a.end if a is not own[-1] or head.kind == "role" else p.end
            self.emit(a.start, end if head.kind != "role" else a.end, act,
                      record=head.kind != "role")
            members.append(act.code)
            first = first or act
        if head.kind == "role" and first is not None:
            whole = replace(first)
            whole.resolution = dict(first.resolution or {}, members=members)
            self.emit(p.start, p.end, whole)
        return True

    def _role_in_context(self, p: Phrase, role: Entry, text: str) -> Actor | None:
        """A bare role: a conjunct's country, a title's holder, or the article's country."""
        head = self.sdoc[p.end - 1]
        if "acting" in role.flags and not self._acting(head):
            return None          # "fired four shell bombs": a weapon, not who attacked
        if head.dep_ == "conj":
            for s in reversed(self.seen):
                if s.tok == head.head.i and s.mention.actor.country:
                    inner = s.mention.actor
                    return _actor(text, self.kb, name=inner.name, country=inner.country,
                                  sector=list(role.sector), kind="sector",
                                  rule="conjunct-country", antecedent=inner.text, role=role.name)
        if role.role == "title" and self._is_definite(p):
            ant = self._title_antecedent(self.norm_title(role))
            if ant is not None:
                a = replace(ant[0], text=text)
                a.resolution = {"rule": "definite-title", "antecedent": ant[1],
                                "antecedent_start": ant[2], "title": role.name}
                return a
        if head.dep_ == "appos" and role.sector and role.sector[0] != "IGO":
            # "the Nigerian Union of Teachers, the umbrella union for ...": the apposed actor
            for s in reversed(self.seen):
                if s.tok == head.head.i and s.mention.actor.country:
                    inner = s.mention.actor
                    return _actor(text, self.kb, name=inner.name, country=inner.country,
                                  sector=list(role.sector), kind="sector", rule="appositive-role",
                                  antecedent=inner.text, role=role.name)
        owner = self._pronoun_owner(p)
        if owner is not None and role.sector:      # "their forces", "its peacekeepers"
            inner = owner.mention.actor
            return self._member(inner, role, text, "pronoun-possessor", inner.text)
        # "foreign troops"; the role word itself ("opposition coalition") does not count
        own = {i for a in p.anchors if role in a.entries for i in range(a.start, a.end)}
        foreign = any(self.sdoc[i].lower_ in FOREIGN_WORDS for i in range(p.start, p.end)
                      if i not in own)
        # "a journalist was killed in Beirut", "a missionary from Calgary": an occupation used
        # without a name is a member of its sector, placed like the plural ("journalists"); an
        # office of the state ("a minister", "the spokesman") is someone's, so it stays unknown
        occupation = role.role == "title" and bool(role.sector) and \
            role.sector[0] not in OFFICE_SECTORS
        if role.sector and role.sector[0] != "IGO" and (role.role != "title" or occupation) \
                and not foreign:
            cty, rule = self._context_country(p, "domestic" in role.flags,
                                              "scene" in role.flags)
            if cty is not None:
                c = self.kb.countries.get(cty)
                return _actor(text, self.kb, name=c.name if c else None, country=cty,
                              sector=list(role.sector), kind="sector", rule=rule,
                              role=role.name, backed_by=compose(p.anchors).backers or None)
        if role.sector and (role.role in ("group", "body") or occupation) and (
                "domestic" not in role.flags or "scene" in role.flags or foreign or not self.focus):
            backers = compose(p.anchors).backers
            return _actor(text, self.kb, name=None, country=None, sector=list(role.sector),
                          kind="sector", rule="role-only", role=role.name,
                          backed_by=backers or None)
        return None

    @staticmethod
    def _acting(head: Any) -> bool:
        """Is the phrase headed by ``head`` the one doing something: a verb's subject ("a
        roadside bomb killed two soldiers") or a passive's agent ("killed by a car bomb")?"""
        while head.dep_ == "conj":
            head = head.head
        if head.dep_ == "nsubj":
            return True
        return head.dep_ == "pobj" and head.head.dep_ == "agent"

    def _member(self, inner: Actor, role: Entry, text: str, rule: str, ant: str) -> Actor:
        """A role of an actor named elsewhere: its country with the role's sector; a
        country-less organisation keeps its code and adds the sector."""
        why = {"rule": rule, "antecedent": ant, "role": role.name}
        if inner.country and inner.kind != "person" or inner.country and role.sector:
            a = _actor(text, self.kb, name=inner.name if inner.kind != "person" else None,
                       country=inner.country, sector=list(role.sector), kind="sector",
                       rule=rule)
        else:
            a = replace(inner, text=text, sector=list(inner.sector) + [
                x for x in role.sector[:1] if x not in inner.sector and x != "IGO"])
        a.resolution = why
        return a

    def _pronoun_owner(self, p: Phrase) -> _Seen | None:
        """The antecedent of a possessive pronoun opening the phrase ("their forces")."""
        t = self.sdoc[p.start]
        row = self.kb.coref.get(t.lower_)
        if row is None or t.tag_ != "PRP$" or row["type"] != "pronoun":
            return None
        sent = self.sent_of[t.i]
        if row["target"] == "person" and t.lower_ != "her":
            return self._pronoun_person(t, row, sent)
        return self._pronoun_collective(t, row, sent)

    def _anchor_country(self, lo: int, hi: int) -> str | None:
        """The country of the first country, region, capital, demonym or organisation with a
        country among the anchors inside tokens lo..hi."""
        for a in self.anchors:
            if a.start < lo or a.end > hi or a.backer or a.stance or a.ethnic:
                continue
            e = a.first(COUNTRY_KINDS) or a.first(ORG_KINDS)
            if e is not None and e.country:
                return e.country
        return None

    def _attached_country(self, p: Phrase, domestic: bool = True) -> str | None:
        """A place attached to the phrase's head: "students throughout Indonesia", "a
        newspaper based in Beirut", "refugees fleeing the war in Liberia".  A role that may
        be abroad (``domestic`` False: troops, refugees) takes only where it comes from."""
        head = self.sdoc[p.end - 1]
        allowed = PLACE_PREPS if domestic else ORIGIN_PREPS
        verbs = PLACE_PARTICIPLES if domestic else ORIGIN_PARTICIPLES
        preps = []
        for c in head.children:
            if c.i < p.end:
                continue
            if c.dep_ == "prep" and c.lower_ in allowed:
                preps.append(c)
            elif c.dep_ == "acl" and c.lower_ in verbs:
                for cc in c.children:
                    if cc.dep_ == "prep" and cc.lower_ in PLACE_PREPS:
                        preps.append(cc)
                    elif cc.dep_ == "dobj":
                        preps += [x for x in cc.children
                                  if x.dep_ == "prep" and x.lower_ in PLACE_PREPS]
        for prep in preps:
            for o in prep.children:
                if o.dep_ == "pobj":
                    toks = [t.i for t in o.subtree]
                    cty = self._anchor_country(min(toks), max(toks) + 1) or \
                        self._gazetteer_country_in(min(toks), max(toks) + 1)
                    if cty is not None:
                        return cty
        return None

    def _gazetteer_country_in(self, lo: int, hi: int) -> str | None:
        """The country of the first place entity inside tokens lo..hi that no anchor covers
        and the gazetteer places ("a missionary from Calgary")."""
        return next((iso for ent, iso in self._free_places()
                     if lo <= ent.start and ent.end <= hi), None)

    @staticmethod
    def _clause(tok: Any) -> Any:
        """The verb heading the clause a token is in."""
        t = tok
        for _ in range(12):
            if t.pos_ in ("VERB", "AUX") or t.head is t:
                return t
            t = t.head
        return t

    def _scene(self, tok: Any, clause: Any) -> bool:
        """Is this token (a place name) where something in ``clause`` happens: "in Baku", "in
        East Timor's capital Dili", "in the West Bank city of Hebron"; not the place of another
        actor ("officials in Nairobi") or of another clause ("if war starts in Iraq")?"""
        t = tok
        for _ in range(4):
            prep = t.head
            if prep.lower_ == "of" and prep.head.lower_ == "outside":
                prep = prep.head          # "outside of the city": as "outside the city"
            if t.dep_ == "pobj" and prep.lower_ in SCENE_PREPS:
                owner = prep.head
                if owner.pos_ in ("NOUN", "PROPN", "PRON") and any(
                        q.start <= owner.i < q.end and q.anchors for q in self.phrases):
                    return False
                return self._clause(prep) == clause
            if t.dep_ in ("compound", "poss", "amod", "nmod", "appos"):
                t = t.head
            elif t.dep_ == "pobj" and t.head.lower_ == "of":
                t = t.head.head
            else:
                return False
        return False

    def _sentence_countries(self, p: Phrase) -> tuple[list[str], list[str], list[str]]:
        """Countries of the phrase's sentence: where things happen, all named, and those of
        the state's own actors ("the Sudanese government", "Turkish police")."""
        places: list[str] = []
        named: list[str] = []
        state: list[str] = []
        clause = self._clause(self.sdoc[p.end - 1])
        for a in self.anchors:
            if self.sent_of[a.start] != p.sent or p.start <= a.start < p.end or a.backer or \
                    a.stance or a.ethnic:
                continue
            e = a.first(COUNTRY_KINDS) or a.first(ORG_KINDS)
            if e is None or not e.country:
                continue
            last = self.sdoc[a.end - 1]
            if e.kind == "demonym" and last.dep_ == "amod" and last.head.lower_ in PLACE_NOUNS and \
                    self._scene(last, clause):
                places.append(e.country)          # "outside the Iraqi city of Basra"
            if e.kind in COUNTRY_KINDS and e.kind != "demonym":
                if self._scene(last, clause):
                    places.append(e.country)
                if last.dep_ == "pobj":
                    continue      # "a man back from Iraq": a place, not a party to the sentence
            named.append(e.country)
        # a town the KB does not know, where the clause happens ("shot dead in Kano")
        places += [iso for ent, iso in self._free_places()
                   if self.sent_of[ent.start] == p.sent and not p.start <= ent.start < p.end
                   and self._scene(ent.root, clause)]
        for q in self.phrases:
            if q.sent != p.sent or q is p:
                continue
            c = compose(q.anchors)
            if c.countries and any(r.sector and r.sector[0] in STATE_SECTORS for r in c.roles):
                state.extend(e.country or "" for e in c.countries)
            elif c.head is not None and c.head.kind == "capital" and c.head.country:
                state.append(c.head.country)
        return places, named, [x for x in state if x]

    def _context_country(self, p: Phrase, domestic: bool,
                         scene: bool = False) -> tuple[str | None, str]:
        """The country of a role word the phrase gives none: a place attached to it; the one
        place the sentence happens in; for domestic roles, the article's country, else the
        sentence's one country or its state actors' one country.  A ``scene`` role (a bomb,
        an explosion) takes only the place the text puts it in."""
        cty = self._attached_country(p, domestic)
        if cty is not None:
            return cty, "role-place"
        if not domestic:
            return None, ""
        places, named, state = self._sentence_countries(p)
        if len(set(places)) == 1:
            return places[0], "sentence-place"
        if scene:
            return None, ""
        if self.focus:
            return self.focus, "article-country"
        for pool in (named, state):
            if len(set(pool)) == 1:
                return pool[0], "sentence-country"
        return None, ""

    def _person_focus(self, p: Phrase) -> str | None:
        """The country for a titled person the text gives none ("President Dos Santos"): the
        article's, else the one country its sentence names, else its state actors' one."""
        if self.focus:
            return self.focus
        _places, named, state = self._sentence_countries(p)
        for pool in (named, state):
            if len(set(pool)) == 1:
                return pool[0]
        return None

    def _is_definite(self, p: Phrase) -> bool:
        return self.sdoc[p.start].lower_ == "the" or self.sdoc[p.start].text[:1].isupper()

    def _title_antecedent(self, title: str) -> tuple[Actor, str, int | None] | None:
        """The latest person holding ``title``; else one introduced later (cataphora)."""
        def holds(ts: frozenset[str]) -> bool:
            return any(title == t or title in t.split() for t in ts)
        for s in reversed(self.seen):
            if s.person and holds(s.titles):
                return s.mention.actor, s.mention.text, s.mention.start
        for name, (actor, titles, _g) in self.people.items():
            if " " in name and holds(titles):
                return actor, name, None
        return None

    def _resolve_description(self, p: Phrase, c: Composed) -> bool:
        """"the country", "the legislative body", "the group", "His Excellency"."""
        words = [self.sdoc[i].lower_ for i in range(p.start, p.end)]
        if c.countries or c.orgs or c.persons or len(words) > 3:
            return False
        if words[0] in ("his", "her") and " ".join(words) in self.kb.coref:
            key = " ".join(words)
        elif words[0] == "the" and len(words) > 1:
            key = " ".join(words[1:])
            if key not in self.kb.coref:
                return False
        else:
            return False
        row = self.kb.coref[key]
        if row["type"] not in ("description", "honorific"):
            return False
        ant = self._description_antecedent(row, p)
        text = self.span_text(p.start, p.end)
        rule = "honorific" if row["type"] == "honorific" else "description"
        if ant is None:
            if row["target"] == "kind:country" and self.focus:
                a = entry_actor(self.kb.countries[self.focus], text, self.kb, self.date,
                                "description-article-country", description=key)
                self.emit(p.start, p.end, a)
            return True
        inner = ant.mention.actor
        if row["target"] == "kind:country":
            cty = self.kb.countries.get(inner.country or "")
            a = entry_actor(cty, text, self.kb, self.date, rule) if cty else replace(inner)
        else:
            a = replace(inner, text=text)
        a.resolution = {"rule": rule, "antecedent": ant.mention.text,
                        "antecedent_start": ant.mention.start, "description": key}
        self.emit(p.start, p.end, a, ant.titles if rule == "honorific" else (), ant.gender)
        return True

    def _description_antecedent(self, row: dict[str, str], p: Phrase) -> _Seen | None:
        kind, _, val = row["target"].partition(":")
        window = [s for s in self.seen if s.sent >= p.sent - (6 if row["type"] == "honorific"
                                                              else 2)
                  and not s.pronoun and not s.modifier]
        if row["type"] == "honorific":
            for s in reversed(window):
                if s.person and s.head_role and (not row["gender"] or not s.gender or
                                                 s.gender == row["gender"]):
                    return s
            return None
        if kind == "kind" and val == "country":
            for pref in (lambda a: a.kind == "country", lambda a: a.kind != "person"):
                for s in reversed(window):
                    if s.mention.actor.country and pref(s.mention.actor):
                        return s
            return None
        for s in reversed(window):
            a = s.mention.actor
            if (kind == "kind" and a.kind == val) or (kind == "sector" and val in a.sector
                                                      and a.kind != "person"):
                return s
        return None

    # ---- pronouns
    def _resolve_pronoun(self, t: Any) -> None:
        row = self.kb.coref[t.lower_]
        sent = self.sent_of[t.i]
        if row["target"] == "person" and t.lower_ not in ("her",) or \
                (t.lower_ == "her"):
            ant = self._pronoun_person(t, row, sent)
        else:
            if t.dep_ not in ("nsubj", "nsubjpass", "poss"):
                return
            if t.lower_ == "it" and t.head.lemma_ in PLEONASTIC_HEADS:
                return
            ant = self._pronoun_collective(t, row, sent)
        if ant is None:
            return
        a = replace(ant.mention.actor, text=t.text)
        a.resolution = {"rule": "pronoun-last-subject" if ant.subject else "pronoun-last-mention",
                        "antecedent": ant.mention.text, "antecedent_start": ant.mention.start}
        self.emit(t.i, t.i + 1, a, ant.titles, ant.gender, pronoun=True)

    def _pronoun_person(self, t: Any, row: dict[str, str], sent: int) -> _Seen | None:
        g = row["gender"] or None
        cands = [s for s in self.seen if s.person and sent - 2 <= s.sent and s.tok < t.i
                 and (g is None or s.gender is None or s.gender == g) and s.mention.actor.code]
        if not cands:
            return None
        same = [s for s in cands if s.sent == sent]
        if same:
            subj = [s for s in same if s.subject]
            return subj[-1] if subj else same[-1]
        last = max(s.sent for s in cands)
        prev = [s for s in cands if s.sent == last]
        subj = [s for s in prev if s.subject]
        return subj[0] if subj else prev[-1]

    def _pronoun_collective(self, t: Any, row: dict[str, str], sent: int) -> _Seen | None:
        plural = row["number"] == "pl"
        cands = [s for s in self.seen if sent - 1 <= s.sent and s.tok < t.i
                 and s.mention.actor.code and not s.modifier and (not s.person or (plural and s.coordinated))]
        if plural:
            cands = [s for s in cands if s.plural or s.coordinated or s.mention.actor.kind in
                     ("country", "group", "igo", "institution")]
        else:
            cands = [s for s in cands if not s.plural and not s.person]
        if not cands:
            return None
        same = [s for s in cands if s.sent == sent]
        if same:
            said = self._reporting_subject(t, same)
            return said if said is not None else same[-1]
        subj = [s for s in cands if s.subject]
        return subj[0] if subj else cands[-1]

    def _reporting_subject(self, t: Any, cands: list[_Seen]) -> _Seen | None:
        """"Militants loyal to X said they attacked ...": a subject pronoun in a clause under
        a verb is that verb's subject, not the latest name before it."""
        if t.dep_ not in ("nsubj", "nsubjpass"):
            return None
        v = t.head
        if v.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or v.head.pos_ not in ("VERB", "AUX"):
            return None
        subj = next((c for c in v.head.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is None:
            return None
        for s in cands:
            lo = self.sdoc.char_span(s.mention.start, s.mention.end, alignment_mode="expand")
            if lo is not None and lo.start <= subj.i < lo.end:
                return s
        return None


def _head_ok(c: Composed, p: Phrase, end: int) -> bool:
    return c.head is not None and any(a.end == end and c.head in a.entries for a in p.anchors)


# ---------------------------------------------------------------- PETRARCH / TABARI dictionaries

_PET_CODE = re.compile(r"\[([^\]]+)\]")
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "de", "del", "da", "la", "le", "van", "von",
                        "der", "of", "the", "and", "for", "on", "in", "du", "des"})


def petrarch_name(raw: str) -> str:
    """"ABDUL-MAHDI_" -> "Abdul-Mahdi", "NATO_" -> "NATO", "AL-QAEDA" -> "al-Qaeda"."""
    words = raw.strip().strip("_").replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 5 and "-" not in words[0]:
        return words[0].upper()            # short single words are acronyms (NATO, PKK, UN)
    out = []
    for k, w in enumerate(words):
        parts = []
        for j, piece in enumerate(w.lower().split("-")):
            keep_low = piece in _PARTICLES and (k > 0 or j == 0 and "-" in w)
            parts.append(piece if keep_low else piece[:1].upper() + piece[1:])
        out.append("-".join(parts))
    return " ".join(out)


def _petrarch_date(v: str) -> str | None:
    """PETRARCH dates are YYMMDD (or YYYYMMDD); two-digit years below 50 are 20YY."""
    v = v.strip()
    if re.fullmatch(r"\d{8}", v):
        return f"{v[:4]}-{v[4:6]}-{v[6:]}"
    if re.fullmatch(r"\d{6}", v):
        yy = int(v[:2])
        return f"{2000 + yy if yy < 50 else 1900 + yy}-{v[2:4]}-{v[4:]}"
    return None


def _petrarch_code(body: str) -> dict[str, Any] | None:
    """"IRQGOV 181025-200507" / "USAGOV >090120" / "USAELI <090120" -> code and dates."""
    parts = body.split()
    if not parts:
        return None
    out: dict[str, Any] = {"code": parts[0].upper()}
    if len(parts) > 1:
        d = parts[1]
        if d.startswith(">"):
            out["start"] = _petrarch_date(d[1:])
        elif d.startswith("<"):
            out["end"] = _petrarch_date(d[1:])
        elif "-" in d:
            a, b = d.split("-", 1)
            out["start"], out["end"] = _petrarch_date(a), _petrarch_date(b)
    return {k: v for k, v in out.items() if v}


def _plural(phrase: str) -> str:
    w = phrase.split()
    last = w[-1]
    if last.endswith("man"):
        last = last[:-3] + "men"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        last = last + "es"
    else:
        last = last + "s"
    return " ".join(w[:-1] + [last])


def _parse_agents(lines: list[tuple[int, str]], path: Path) -> list[dict[str, Any]]:
    subs: dict[str, list[str]] = {}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, line in lines:
        if "=" in line and line.lstrip().startswith("!"):
            key, _, vals = line.partition("=")
            subs[key.strip()] = [v.strip() for v in vals.split(",") if v.strip()]
            continue
        m = re.search(r"\[~?([A-Z]{3,})\]", line)
        if not m:
            raise TidingsError("E050", path=str(path), line=n,
                               msg="expected 'PHRASE [~CODE]' in an agents dictionary")
        sector = m.group(1)[:3]
        head = line[:m.start()]
        alts = re.findall(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", " ", head).split("#")[0].strip()
        forms = [head] + [a.strip() for a in alts if a.strip()]
        for form in forms:
            expanded = [form]
            for key, vals in subs.items():
                if key in form:
                    expanded = [f.replace(key, v) for f in expanded for v in vals]
            for f in expanded:
                phrase = f.replace("_", " ").strip().lower()
                phrase = " ".join(phrase.split())
                if not phrase or "!" in phrase:
                    continue
                auto_plural = not alts and " of " not in f" {phrase} " and len(expanded) == 1
                for ph in (phrase, _plural(phrase)) if auto_plural else (phrase,):
                    if ph not in seen:
                        seen.add(ph)
                        out.append({"phrase": ph, "sector": sector})
    return out


def _parse_actors(lines: list[tuple[int, str]], path: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current is None:
            return
        codes = current["codes"] or []
        if not codes:
            raise TidingsError("E050", path=str(path), line=current["line"],
                               msg=f"actor {current['name']!r} has no [CODE]")
        for c in codes:
            row: dict[str, Any] = {"name": current["name"], **c}
            if current["aliases"]:
                row["aliases"] = list(current["aliases"])
            out.append(row)

    for n, line in lines:
        s = line.strip()
        if s.startswith("+"):
            if current is None:
                raise TidingsError("E050", path=str(path), line=n,
                                   msg="a '+' synonym line must follow an actor name")
            current["aliases"].append(petrarch_name(_PET_CODE.sub("", s[1:]).strip()))
            continue
        if s.startswith("["):
            if current is None:
                raise TidingsError("E050", path=str(path), line=n,
                                   msg="a [CODE] line must follow an actor name")
            c = _petrarch_code(s.strip("[]"))
            if c:
                current["codes"].append(c)
            continue
        flush()
        name_part = _PET_CODE.split(s)[0].strip()
        if not name_part or not re.match(r"[A-Za-z0-9]", name_part):
            raise TidingsError("E050", path=str(path), line=n,
                               msg="expected 'NAME_ [CODE]', '+SYNONYM' or '[CODE dates]'")
        codes = [c for c in (_petrarch_code(b) for b in _PET_CODE.findall(s)) if c]
        current = {"name": petrarch_name(name_part), "aliases": [], "codes": codes, "line": n}
    flush()
    return out


def parse_petrarch(path: Path, kind: str = "auto") -> tuple[list[dict[str, Any]],
                                                            list[dict[str, Any]]]:
    """Read a PETRARCH/TABARI dictionary: (actor entries, agent phrases) for the user file.

    Actors: ``NAME_ [CODE]`` lines, ``+SYNONYM`` lines and dated ``[CODE YYMMDD-YYMMDD]`` lines.
    Agents: ``PHRASE [~CODE]`` lines with ``!SET! = A, B`` substitution sets and ``{PLURAL}``
    forms; regular plurals are added as PETRARCH does.  ``#`` starts a comment.
    """
    try:
        raw = path.read_text(encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise TidingsError("E004", path=str(path), pos=exc.start) from None
    lines = []
    for n, line in enumerate(raw.splitlines(), 1):
        body = line.split("#", 1)[0].rstrip()
        if body.strip() and body.strip() != "~":
            lines.append((n, body))
    if kind == "auto":
        kind = "agents" if any("[~" in ln for _, ln in lines) else "actors"
    if kind == "agents":
        return [], _parse_agents(lines, path)
    return _parse_actors(lines, path), []
