"""Export merged events from the database in the formats analysts already load elsewhere.

Formats (columns documented in ``docs/formats.md``):

- ``plover``: PLOVER/POLECAT-style JSON Lines, one object per real-world event;
- ``gdelt``: the GDELT 2.0 event table, 61 tab-separated columns, no header row;
- ``cameo``: the Phoenix (PETRARCH) daily-file layout, 26 tab-separated columns, no header;
- ``csv``: one flat row per merged event, with a header (:data:`FLAT_COLUMNS`);
- ``parquet``: the same flat columns, typed, lists kept as Arrow lists.

Why this shape: the database may hold millions of events, so every writer takes one event at a
time and :func:`iter_events` pages through the store (``limit``/``offset``); and a crash or a
bad path must never leave a half-written file that looks complete, so output goes to a temporary
file beside the target that is renamed over it only when everything was written
(:func:`atomic_output`).
"""
from __future__ import annotations

import csv
import inspect
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import IO, Any, Protocol

from .errors import TidingsError

PAGE_SIZE = 5000   # events per query: bounded memory (~120 MB), few sorted scans
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class EventSource(Protocol):
    """What export and analysis need from a store (``tidings.store.Store`` provides it)."""

    def events(self, **kwargs: Any) -> list[dict[str, Any]]: ...

    def article(self, id: str) -> dict[str, Any] | None: ...


# --------------------------------------------------------------------------- store access

def open_events_db(db: str | EventSource) -> tuple[EventSource, bool]:
    """A read-only store for ``db`` (path, URL or an open store); True when we opened it."""
    if not isinstance(db, str):
        return db, False
    if "://" not in db and not os.path.exists(db):
        raise TidingsError("E035", path=db)
    from .store import open_store
    return open_store(db, readonly=True), True


def iter_events(store: EventSource, page_size: int = PAGE_SIZE,
                **filters: Any) -> Iterator[dict[str, Any]]:
    """Every event matching ``filters``, fetched a page at a time so memory stays flat.

    In order ``date``/``-date`` (the default is ``date``) of merged events, pages follow the
    store's keyset cursor (``after=`` the last id), so each page reads only itself from the sort
    index; an offset re-reads every earlier page and makes a full export quadratic.  Other
    orders, raw mentions and sources without keyset paging fall back to offsets.
    """
    filters = {k: v for k, v in filters.items() if v is not None}
    keyset = filters.get("order", "date") in ("date", "-date") and \
        filters.get("merged", True) and not filters.get("offset") and _takes_after(store)
    offset = 0
    after: str | None = None
    while True:
        if keyset and after is not None:
            page = store.events(limit=page_size, after=after, **filters)
        else:
            page = store.events(limit=page_size, offset=offset, **filters)
        yield from page
        if len(page) < page_size:
            return
        offset += page_size
        after = page[-1].get("id") if keyset else None
        keyset = keyset and after is not None


def _takes_after(store: EventSource) -> bool:
    """Whether ``store.events`` takes the keyset cursor ``after=`` (our Store does; a minimal
    EventSource need not)."""
    try:
        params = inspect.signature(store.events).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "after" or p.kind is p.VAR_KEYWORD for p in params)


def article_lookup(store: EventSource, cache_size: int = 4096
                   ) -> Callable[[str], dict[str, Any]]:
    """A cached ``article_id -> {"url", "outlet", "published"}`` (exports need only these)."""

    @lru_cache(maxsize=cache_size)
    def look(article_id: str) -> dict[str, Any]:
        art = store.article(article_id) or {}
        return {k: art.get(k) for k in ("url", "outlet", "published")}

    return look


# --------------------------------------------------------------------------- shared helpers

def event_day(ev: dict[str, Any]) -> str | None:
    """The event's day (YYYY-MM-DD) for day-based tables.

    The coded date when it names a whole day; otherwise (month, year, week or no date) the
    publication date of the earliest mentioning article, as GDELT dates events by the news.
    """
    d = ev.get("date")
    if isinstance(d, str) and DAY_RE.match(d[:10]):
        return d[:10]
    fs = ev.get("first_seen")
    if isinstance(fs, str) and DAY_RE.match(fs[:10]):
        return fs[:10]
    return None


def _data_rows(name: str) -> list[list[str]]:
    """Rows of a shipped TSV table under ``data/export`` (comments and header skipped)."""
    try:
        text = resources.files("tidings").joinpath("data", "export", name).read_text("utf-8")
    except OSError:
        raise TidingsError("E022", path=f"tidings/data/export/{name}") from None
    rows = [ln.split("\t") for ln in text.splitlines() if ln and not ln.startswith("#")]
    return rows[1:]


@lru_cache(maxsize=1)
def country_table() -> dict[str, tuple[str, str]]:
    """ISO3 -> (FIPS 10-4 code, country name), from ``data/export/iso3_fips.tsv``."""
    return {r[0]: (r[1], r[2]) for r in _data_rows("iso3_fips.tsv")}


def iso3_to_fips(iso3: str | None) -> str | None:
    """GDELT's Geo_CountryCode is FIPS 10-4, not ISO: ``IRQ`` -> ``IZ``."""
    if not iso3:
        return None
    hit = country_table().get(iso3.upper())
    return hit[0] if hit else None


def country_name(iso3: str | None) -> str | None:
    hit = country_table().get(iso3.upper()) if iso3 else None
    return hit[1] if hit else None


def _mentions(ev: dict[str, Any]) -> list[dict[str, Any]]:
    ms = ev.get("mentions")
    if ms:
        return list(ms)
    # an unmerged mention is its own single mention
    return [{"article_id": ev.get("article_id"), "event_id": ev.get("id"),
             "evidence": ev.get("evidence")}]


def _article_ids(ev: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for m in _mentions(ev):
        if m.get("article_id"):
            seen.setdefault(m["article_id"], None)
    return list(seen)


def _counts(ev: dict[str, Any]) -> tuple[int, int, int]:
    """(num_mentions, num_articles, num_sources); a raw mention counts once."""
    ms = _mentions(ev)
    n_m = ev.get("num_mentions") or len(ms)
    n_a = ev.get("num_articles") or len(_article_ids(ev)) or 1
    n_s = ev.get("num_sources") or 1
    return int(n_m), int(n_a), int(n_s)


def _sectors(actor: dict[str, Any]) -> list[str]:
    s = actor.get("sector") or []
    return [s] if isinstance(s, str) else [x for x in s if x]


def _clean(value: Any) -> str:
    """A cell for tab-separated output: None -> empty, no tabs or line breaks inside."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return re.sub(r"[\t\r\n]+", " ", str(value))


# --------------------------------------------------------------------------- flat rows

FLAT_COLUMNS: tuple[str, ...] = (
    "id", "type", "mode", "context", "cameo", "goldstein", "quad_class", "modality",
    "source_code", "source_country", "source_sector", "source_name",
    "target_code", "target_country", "target_sector", "target_name",
    "date", "date_granularity", "date_source", "day",
    "location_name", "location_country", "location_admin1", "location_feature",
    "lat", "lon", "geonames_id",
    "confidence", "evidence_text", "article_id",
    "num_mentions", "num_articles", "num_sources", "first_seen", "last_seen", "article_ids",
)
# columns holding lists (joined with ';' in CSV, Arrow lists in Parquet)
LIST_COLUMNS: frozenset[str] = frozenset({"context", "source_sector", "target_sector",
                                          "article_ids"})


def flat_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One merged event as a flat dict over :data:`FLAT_COLUMNS` (lists stay lists)."""
    src, tgt = ev.get("source") or {}, ev.get("target") or {}
    loc, evd = ev.get("location") or {}, ev.get("evidence") or {}
    n_m, n_a, n_s = _counts(ev)
    ids = _article_ids(ev)
    return {
        "id": ev.get("id"), "type": ev.get("type"), "mode": ev.get("mode"),
        "context": list(ev.get("context") or []), "cameo": ev.get("cameo"),
        "goldstein": ev.get("goldstein"), "quad_class": ev.get("quad_class"),
        "modality": ev.get("modality"),
        "source_code": src.get("code"), "source_country": src.get("country"),
        "source_sector": _sectors(src), "source_name": src.get("name"),
        "target_code": tgt.get("code"), "target_country": tgt.get("country"),
        "target_sector": _sectors(tgt), "target_name": tgt.get("name"),
        "date": ev.get("date"), "date_granularity": ev.get("date_granularity"),
        "date_source": ev.get("date_source"), "day": event_day(ev),
        "location_name": loc.get("name"), "location_country": loc.get("country"),
        "location_admin1": loc.get("admin1"), "location_feature": loc.get("feature"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "geonames_id": loc.get("geonames_id"),
        "confidence": ev.get("confidence"), "evidence_text": evd.get("text"),
        "article_id": ev.get("article_id") or (ids[0] if ids else None),
        "num_mentions": n_m, "num_articles": n_a, "num_sources": n_s,
        "first_seen": ev.get("first_seen"), "last_seen": ev.get("last_seen"),
        "article_ids": ids,
    }


# --------------------------------------------------------------------------- writers

class Writer(Protocol):
    binary: bool

    def write(self, ev: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


class CsvWriter:
    """Flat CSV with a header; list cells joined with ';'."""

    binary = False

    def __init__(self, out: IO[Any], store: EventSource) -> None:
        self._w = csv.DictWriter(out, fieldnames=list(FLAT_COLUMNS), lineterminator="\n")
        self._w.writeheader()

    def write(self, ev: dict[str, Any]) -> None:
        row = flat_row(ev)
        for c in LIST_COLUMNS:
            row[c] = ";".join(row[c])
        self._w.writerow(row)

    def close(self) -> None:
        pass


def parquet_schema() -> Any:
    """Explicit Arrow types, so an all-empty column still gets the right type."""
    import pyarrow as pa
    floats = {"goldstein", "lat", "lon", "confidence"}
    ints = {"quad_class", "num_mentions", "num_articles", "num_sources"}
    fields = []
    for c in FLAT_COLUMNS:
        if c in LIST_COLUMNS:
            t = pa.list_(pa.string())
        elif c in floats:
            t = pa.float64()
        elif c in ints:
            t = pa.int32()
        else:
            t = pa.string()
        fields.append(pa.field(c, t))
    return pa.schema(fields)


class ParquetWriter:
    """Flat columns (see :func:`parquet_schema`), written in row groups of one page each."""

    binary = True

    def __init__(self, out: IO[Any], store: EventSource, batch: int = PAGE_SIZE) -> None:
        import pyarrow.parquet as pq
        self._schema = parquet_schema()
        self._pq = pq.ParquetWriter(out, self._schema)
        self._rows: list[dict[str, Any]] = []
        self._batch = batch

    def write(self, ev: dict[str, Any]) -> None:
        row = flat_row(ev)
        if row["geonames_id"] is not None:
            row["geonames_id"] = str(row["geonames_id"])
        self._rows.append(row)
        if len(self._rows) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        if self._rows:
            self._pq.write_table(pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        self._flush()
        self._pq.close()


def _plover_actor(a: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not a:
        return []
    code = a.get("code")
    return [{
        "code": a.get("country") or (code[:3] if code else None),
        "sector": _sectors(a), "actor_code": code, "country": a.get("country"),
        "entity_text": a.get("text"), "identifier_id": a.get("kb_id"),
        "identifier_text": a.get("name"),
    }]


def _plover_loc(loc: dict[str, Any] | None) -> dict[str, Any] | None:
    if not loc:
        return None
    return {"placename": loc.get("name"), "text": loc.get("text"),
            "country": loc.get("country"), "admin1": loc.get("admin1"),
            "lat": loc.get("lat"), "lon": loc.get("lon"),
            "geonameid": loc.get("geonames_id"), "feature": loc.get("feature")}


def plover_record(ev: dict[str, Any], version: str = "") -> dict[str, Any]:
    """One merged event in PLOVER JSON field names (manual's table), plus POLECAT-style flat
    ``event_type``/``event_mode`` and our merge counts."""
    n_m, n_a, n_s = _counts(ev)
    ms = _mentions(ev)
    mode = ev.get("mode")
    return {
        "id": ev.get("id"), "date": event_day(ev), "event_date": ev.get("date"),
        "date_granularity": ev.get("date_granularity"), "date_source": ev.get("date_source"),
        "actor": _plover_actor(ev.get("source")),
        "recipient": _plover_actor(ev.get("target")),
        "event": [ev.get("type")], "event_type": ev.get("type"),
        "mode": [mode] if mode else [], "event_mode": mode,
        "context": list(ev.get("context") or []),
        "quad_code": ev.get("quad_class"), "event_scale": ev.get("goldstein"),
        "cameo": ev.get("cameo"), "modality": ev.get("modality"),
        "confidence": ev.get("confidence"),
        "event_loc": _plover_loc(ev.get("location")),
        "event_text": [((m.get("evidence") or {}).get("text")) for m in ms
                       if (m.get("evidence") or {}).get("text")]
        or ([ev["evidence"]["text"]] if (ev.get("evidence") or {}).get("text") else []),
        "evidence": ev.get("evidence"),
        "num_mentions": n_m, "num_articles": n_a, "num_sources": n_s,
        "first_seen": ev.get("first_seen"), "last_seen": ev.get("last_seen"),
        "article_ids": _article_ids(ev),
        "mentions": [{"article_id": m.get("article_id"), "event_id": m.get("event_id")}
                     for m in ms],
        "coder": f"tidings {version}".strip(),
    }


class PloverWriter:
    binary = False

    def __init__(self, out: IO[Any], store: EventSource) -> None:
        from . import __version__
        self._out, self._version = out, __version__

    def write(self, ev: dict[str, Any]) -> None:
        rec = plover_record(ev, self._version)
        self._out.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def close(self) -> None:
        pass


# GDELT 2.0 event table, in its shipped column order
_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                 "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long",
               "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{f}" for f in _ACTOR_FIELDS) + tuple(f"Actor2{f}" for f in _ACTOR_FIELDS)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{f}" for f in _GEO_FIELDS) + tuple(f"Actor2Geo_{f}" for f in _GEO_FIELDS)
    + tuple(f"ActionGeo_{f}" for f in _GEO_FIELDS) + ("DATEADDED", "SOURCEURL")
)
assert len(GDELT_COLUMNS) == 61
# a mention whose evidence starts this early is in the article's lead (GDELT's IsRootEvent)
LEAD_CHARS = 400
_GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


def gdelt_event_id(event_id: str | None) -> str:
    """GDELT ids are integers: a stable 60-bit number from our id (digits pass through)."""
    if not event_id:
        return ""
    if event_id.isdigit():
        return event_id
    import hashlib
    return str(int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16))


def _gdelt_actor(a: dict[str, Any] | None) -> list[str]:
    if not a:
        return [""] * 10
    code = a.get("code") or ""
    sectors = _sectors(a)[:3]
    group = code[-3:] if code.startswith(_GROUP_PREFIXES) and len(code) >= 6 else ""
    name = a.get("name") or ""
    return ([code, name.upper(), a.get("country") or "", group, "", "", ""]
            + sectors + [""] * (3 - len(sectors)))


def _gdelt_geo(loc: dict[str, Any] | None) -> list[str]:
    if not loc or not (loc.get("name") or loc.get("country")):
        return [""] * 8
    iso3 = loc.get("country")
    fips = iso3_to_fips(iso3) or ""
    feature = loc.get("feature") or "other"
    us = iso3 == "USA"
    gtype = {"country": 1, "admin1": 2 if us else 5}.get(feature, 3 if us else 4)
    admin1 = str(loc.get("admin1") or "")
    if feature == "country":
        adm1 = fips
    elif fips and re.fullmatch(r"[A-Z0-9]{1,3}", admin1):
        adm1 = fips + admin1
    else:
        adm1 = ""
    name = loc.get("name") or ""
    parts = [name]
    if admin1 and not re.fullmatch(r"[A-Z0-9]{1,3}", admin1):
        parts.append(admin1)             # an admin1 name, not a code
    parts.append(country_name(iso3) or "")
    full = ", ".join(dict.fromkeys(x for x in parts if x))
    lat, lon = loc.get("lat"), loc.get("lon")
    feat_id = loc.get("geonames_id") or (fips if feature == "country" else "")
    return [str(gtype), full, fips, adm1, "",
            "" if lat is None else f"{float(lat):.4f}", "" if lon is None else f"{float(lon):.4f}",
            str(feat_id)]


def gdelt_row(ev: dict[str, Any], source_url: str | None = None) -> list[str]:
    """The 61 GDELT 2.0 cells for one merged event (fill rules in docs/formats.md)."""
    day = event_day(ev)
    if day:
        y, m, d = int(day[:4]), int(day[5:7]), int(day[8:10])
        dates = [f"{y:04d}{m:02d}{d:02d}", f"{y:04d}{m:02d}", f"{y:04d}",
                 f"{y + (m * 30 + d) / 365:.4f}"]
    else:
        dates = ["", "", "", ""]
    cameo = str(ev.get("cameo") or "")
    n_m, n_a, n_s = _counts(ev)
    lead = any(((m.get("evidence") or {}).get("start") or 0) < LEAD_CHARS
               for m in _mentions(ev) if m.get("evidence"))
    gold = ev.get("goldstein")
    first = ev.get("first_seen") or ""
    added = first[:10].replace("-", "") + "000000" if DAY_RE.match(first[:10]) else ""
    cells = ([gdelt_event_id(ev.get("id"))] + dates
             + _gdelt_actor(ev.get("source")) + _gdelt_actor(ev.get("target"))
             + ["1" if lead else "0", cameo, cameo[:3], cameo[:2],
                "" if ev.get("quad_class") is None else str(ev["quad_class"]),
                "" if gold is None else f"{float(gold):.1f}", str(n_m), str(n_s), str(n_a), ""]
             + [""] * 8 + [""] * 8 + _gdelt_geo(ev.get("location"))
             + [added, source_url or ""])
    return [_clean(c) for c in cells]


class GdeltWriter:
    binary = False

    def __init__(self, out: IO[Any], store: EventSource) -> None:
        self._out, self._article = out, article_lookup(store)

    def write(self, ev: dict[str, Any]) -> None:
        ids = _article_ids(ev)
        url = self._article(ids[0]).get("url") if ids else None
        self._out.write("\t".join(gdelt_row(ev, url)) + "\n")

    def close(self) -> None:
        pass


# Phoenix daily files (PETRARCH output), in their shipped column order
PHOENIX_COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day",
    "SourceActorFull", "SourceActorEntity", "SourceActorRole", "SourceActorAttribute",
    "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "QuadClass", "GoldsteinScore", "Issues",
    "ActionLat", "ActionLong", "LocationName", "GeoCountryName", "GeoStateName",
    "SentenceID", "URLs", "NewsSources",
)
MAX_URLS = 20


def _phoenix_actor(a: dict[str, Any] | None) -> list[str]:
    if not a:
        return ["", "", "", ""]
    code = a.get("code") or ""
    sectors = _sectors(a)
    return [code, a.get("country") or code[:3], sectors[0] if sectors else "",
            sectors[1] if len(sectors) > 1 else ""]


def phoenix_row(ev: dict[str, Any], articles: list[dict[str, Any]]) -> list[str]:
    """The 26 Phoenix cells for one merged event; ``articles`` are its articles' metadata."""
    day = event_day(ev)
    dates = [day.replace("-", ""), day[:4], day[5:7], day[8:10]] if day else [""] * 4
    cameo = str(ev.get("cameo") or "")
    loc = ev.get("location") or {}
    best = _mentions(ev)[0]
    evd = best.get("evidence") or ev.get("evidence") or {}
    sentence_id = f"{best.get('article_id') or ''}:{evd.get('start', '')}"
    urls = [a["url"] for a in articles if a.get("url")]
    outlets = list(dict.fromkeys(a["outlet"] for a in articles if a.get("outlet")))
    gold = ev.get("goldstein")
    lat, lon = loc.get("lat"), loc.get("lon")
    cells = ([ev.get("id") or ""] + dates + _phoenix_actor(ev.get("source"))
             + _phoenix_actor(ev.get("target"))
             + [cameo, cameo[:2], "" if ev.get("quad_class") is None else str(ev["quad_class"]),
                "" if gold is None else f"{float(gold):.1f}", ";".join(ev.get("context") or []),
                "" if lat is None else f"{float(lat):.4f}",
                "" if lon is None else f"{float(lon):.4f}",
                loc.get("name") or "", country_name(loc.get("country")) or "",
                loc.get("admin1") or "", sentence_id, ";".join(urls), ";".join(outlets)])
    return [_clean(c) for c in cells]


class CameoWriter:
    binary = False

    def __init__(self, out: IO[Any], store: EventSource) -> None:
        self._out, self._article = out, article_lookup(store)

    def write(self, ev: dict[str, Any]) -> None:
        arts = [self._article(i) for i in _article_ids(ev)[:MAX_URLS]]
        self._out.write("\t".join(phoenix_row(ev, arts)) + "\n")

    def close(self) -> None:
        pass


WRITERS: dict[str, Callable[[IO[Any], EventSource], Writer]] = {
    "plover": PloverWriter, "gdelt": GdeltWriter, "cameo": CameoWriter,
    "csv": CsvWriter, "parquet": ParquetWriter,
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


# --------------------------------------------------------------------------- output

def _file_mode(target: str) -> int:
    """The mode a plainly created file would get (mkstemp's temp files are 0600): an existing
    target keeps its mode, a new one gets 0666 minus the umask."""
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def atomic_output(path: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A file that appears at ``path`` only if the block finishes; ``-`` is standard output.

    Written to a hidden temporary file in the same directory, then renamed over ``path``
    (same file system, so the rename is atomic); on any error the temporary file is removed.
    """
    if path == "-":
        yield sys.stdout.buffer if binary else sys.stdout
        return
    target = os.path.abspath(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part",
                                   dir=os.path.dirname(target))
    except OSError as exc:
        raise TidingsError("E041", path=path, msg=exc.strerror or str(exc)) from None
    try:
        with (os.fdopen(fd, "wb") if binary
              else os.fdopen(fd, "w", encoding="utf-8", newline="")) as fh:
            yield fh
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def export(db: str | EventSource, fmt: str, path: str, page_size: int = PAGE_SIZE,
           **filters: Any) -> int:
    """Write every merged event matching ``filters`` (``Store.events`` keywords) to ``path``
    in format ``fmt``; returns the number of events written."""
    if fmt not in WRITERS:
        raise TidingsError("E040", value=fmt, choices=", ".join(FORMATS))
    factory = WRITERS[fmt]
    binary = fmt == "parquet"
    if binary and path == "-":
        raise TidingsError("E041", path=path, msg="Parquet cannot be written to standard "
                           "output; pass -o FILE.parquet")
    store, opened = open_events_db(db)
    n = 0
    try:
        with atomic_output(path, binary=binary) as fh:
            writer = factory(fh, store)
            for ev in iter_events(store, page_size=page_size, **filters):
                writer.write(ev)
                n += 1
            writer.close()
    except BrokenPipeError:
        raise                       # `tidings export ... | head`: the CLI exits quietly
    except OSError as exc:
        raise TidingsError("E041", path=path, msg=exc.strerror or str(exc)) from None
    finally:
        if opened:
            getattr(store, "close", lambda: None)()
    return n
