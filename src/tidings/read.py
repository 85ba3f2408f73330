"""The read stage: files, directories, JSON Lines, HTML, feeds and stdin in; :class:`Article` out.

Metadata (publication date, outlet) is taken in this order of trust, and where it came from is
recorded on the article (``published_source`` / ``outlet_source``):

1. HTML metadata (trafilatura) or a feed entry's own date;
2. a leading ``In <Outlet>`` line in a plain-text file (the wire-digest convention of the seed);
3. JSON fields of a JSON Lines record;
4. the ``--published`` / ``--outlet`` flags (used where the document says nothing).

A trailing ``Source`` line (as in wire digests) is metadata, not text, and is cut off.

Problems with one input never stop the others: :func:`iter_articles` yields
:class:`~tidings.errors.InputError` objects in the stream for the caller to report.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, TidingsError
from .records import Article

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

_HEADER_RE = re.compile(r"\A\s*In ([A-Z][\w'&.\- ]{0,60})\s*\n")
_SOURCE_TAIL_RE = re.compile(r"[ \t]*\bSource\s*\Z")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class ReadOptions:
    published: str | None = None     # --published (fallback)
    outlet: str | None = None        # --outlet (fallback)


def parse_date(value: Any, what: str) -> str:
    """Validate a YYYY-MM-DD date or ISO datetime; return the string as given (normalised)."""
    if not isinstance(value, str):
        raise TidingsError("E007", value=value, what=what)
    v = value.strip()
    try:
        if _DATE_RE.match(v):
            _dt.date.fromisoformat(v)
            return v
        dt = _dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
        return dt.isoformat()
    except ValueError:
        raise TidingsError("E007", value=value, what=what) from None


def split_wire_text(raw: str) -> tuple[str, str | None]:
    """Cut a leading ``In <Outlet>`` line and a trailing ``Source`` word; return (text, outlet).

    The returned text is what offsets refer to.
    """
    outlet = None
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    m = _HEADER_RE.match(text)
    if m:
        outlet = m.group(1).strip()
        text = text[m.end():]
    text = _SOURCE_TAIL_RE.sub("", text.rstrip())
    return text.strip(), outlet


def _decode(path: str, data: bytes) -> str:
    if not data.strip():
        raise InputError("E002", path=path)
    if b"\x00" in data[:4096]:
        raise InputError("E003", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("E004", path=path, pos=exc.start) from None


def _title_and_body(text: str) -> tuple[str | None, str]:
    """A first short line followed by a blank line is taken as the headline (kept in the text)."""
    first, sep, _rest = text.partition("\n")
    if sep and len(first) < 200 and not first.rstrip().endswith((".", "\u201d", '"')):
        return first.strip(), text
    return None, text


def article_from_text(raw: str, opts: ReadOptions, origin: str) -> Article:
    text, outlet = split_wire_text(raw)
    if not text:
        raise InputError("E002", path=origin)
    title, text = _title_and_body(text)
    art = Article(text=text, title=title, origin=origin)
    if outlet:
        art.outlet, art.outlet_source = outlet, "header"
    _apply_flags(art, opts)
    return art


def _apply_flags(art: Article, opts: ReadOptions) -> None:
    if art.published is None and opts.published:
        art.published, art.published_source = opts.published, "flag"
    if art.outlet is None and opts.outlet:
        art.outlet, art.outlet_source = opts.outlet, "flag"


def article_from_html(raw: str, opts: ReadOptions, origin: str) -> Article:
    import trafilatura

    body = trafilatura.extract(raw, include_comments=False, include_tables=False,
                               favor_precision=True) or ""
    meta = trafilatura.extract_metadata(raw)
    if not body.strip():
        raise InputError("E006", path=origin, line="-",
                         msg="no article text found in this HTML page")
    text, _ = split_wire_text(body)
    art = Article(text=text, origin=origin)
    if meta is not None:
        art.title = meta.title or None
        art.url = meta.url or None
        if meta.date:
            try:
                art.published = parse_date(meta.date, "the HTML date")
                art.published_source = "html"
            except TidingsError:
                pass
        if meta.sitename:
            art.outlet, art.outlet_source = meta.sitename, "html"
    _apply_flags(art, opts)
    return art


def article_from_json(obj: Any, opts: ReadOptions, origin: str, line: int) -> Article:
    if not isinstance(obj, dict):
        raise InputError("E006", path=origin, line=line, msg="expected a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("E006", path=origin, line=line,
                         msg="the record has no 'text' (a non-empty string is required)")
    art = Article(text=text, id=str(obj["id"]) if obj.get("id") is not None else "",
                  title=obj.get("title") or None, url=obj.get("url") or None,
                  origin=f"{origin}:{line}")
    if obj.get("published"):
        try:
            art.published = parse_date(obj["published"], f"'published' in {origin}, line {line}")
        except TidingsError as exc:
            raise InputError("E006", path=origin, line=line, msg=exc.message) from None
        art.published_source = "json"
    if obj.get("outlet"):
        art.outlet, art.outlet_source = str(obj["outlet"]), "json"
    _apply_flags(art, opts)
    return art


def _feed_articles(raw: str, opts: ReadOptions, origin: str) -> Iterator[Article]:
    import feedparser

    feed = feedparser.parse(raw)
    outlet = (feed.feed.get("title") or None) if hasattr(feed, "feed") else None
    for i, e in enumerate(feed.entries, 1):
        body = e.get("summary") or e.get("description") or ""
        if e.get("content"):
            body = e["content"][0].get("value", body)
        body = re.sub(r"<[^>]+>", " ", body)
        body = re.sub(r"[ \t]+", " ", body).strip()
        if not body:
            continue
        art = Article(text=body, title=e.get("title") or None, url=e.get("link") or None,
                      id=str(e.get("id") or ""), origin=f"{origin}#{i}")
        parsed = e.get("published_parsed") or e.get("updated_parsed")
        if parsed:
            art.published = "%04d-%02d-%02d" % tuple(parsed[:3])
            art.published_source = "feed"
        if outlet:
            art.outlet, art.outlet_source = outlet, "feed"
        _apply_flags(art, opts)
        yield art


def _looks_like_html(raw: str) -> bool:
    head = raw[:2000].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def _looks_like_feed(raw: str) -> bool:
    head = raw[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def read_source(path: str, data: bytes, opts: ReadOptions) -> Iterator[Article | InputError]:
    """Articles (or errors) from one file's bytes."""
    try:
        raw = _decode(path, data)
    except InputError as exc:
        yield exc
        return
    suffix = Path(path).suffix.lower()
    stripped = raw.lstrip()
    if suffix in JSONL_SUFFIXES or (suffix not in ALL_SUFFIXES and stripped.startswith("{")):
        for n, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError("E005", path=path, line=n, msg=exc.msg)
                continue
            try:
                yield article_from_json(obj, opts, path, n)
            except InputError as exc:
                yield exc
        return
    try:
        if suffix in FEED_SUFFIXES or _looks_like_feed(raw):
            yield from _feed_articles(raw, opts, path)
        elif suffix in HTML_SUFFIXES or _looks_like_html(raw):
            yield article_from_html(raw, opts, path)
        else:
            yield article_from_text(raw, opts, path)
    except InputError as exc:
        yield exc


def expand_paths(inputs: Iterable[str]) -> Iterator[str | InputError]:
    """Files named on the command line; directories are walked for known suffixes (sorted)."""
    for p in inputs:
        if p == "-":
            yield p
            continue
        if os.path.isdir(p):
            found = sorted(str(f) for f in Path(p).rglob("*")
                           if f.is_file() and f.suffix.lower() in ALL_SUFFIXES)
            if not found:
                yield InputError("E009", path=p)
            yield from found
        elif not os.path.exists(p):
            yield InputError("E001", path=p)
        else:
            yield p


def iter_articles(inputs: Iterable[str], opts: ReadOptions | None = None,
                  stdin: Any = None) -> Iterator[Article | InputError]:
    """All articles from the inputs, in order, with errors in the stream (never raised)."""
    opts = opts or ReadOptions()
    for p in expand_paths(inputs):
        if isinstance(p, InputError):
            yield p
            continue
        if p == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            yield from read_source("<stdin>", data, opts)
            continue
        try:
            with open(p, "rb") as fh:
                data = fh.read()
        except PermissionError:
            yield InputError("E008", path=p)
            continue
        except OSError:
            yield InputError("E001", path=p)
            continue
        yield from read_source(p, data, opts)
