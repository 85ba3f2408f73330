"""The event database: articles, actor mentions, quotes, event mentions and merged events.

Why a database: forty outlets report one strike and a wire story is syndicated word for word; a
coder that only prints events counts forty strikes.  The store keeps GDELT's split - one
``event_mentions`` row per article mention (never deleted, with its evidence and full Event JSON)
and one ``events`` row per real-world event built by clustering mentions with the rules in
:mod:`tidings.dedup` (each mention records its ``merge_reason``).  ``recluster()`` rebuilds events
from mentions, so merging is reversible and loses nothing.

SQLite (WAL) is the embedded default; ``postgresql://`` URLs use the same code through psycopg 3.
Every write is one transaction, so a killed import leaves the database as it was before the
article.  Queries are parameterised; filters build SQL only from fixed fragments.

API (stable; exports and the web view build on it)::

    with open_store("events.db") as st:
        st.add_article(record)            # contract article record -> bool (False: already there)
        st.events(source="USA", type="ASSAULT", since="2020-01-01")
        st.events(limit=1000, after=last_id)   # keyset paging: O(page) however deep
        st.count_events(...); st.event(id); st.article(id); st.articles(); st.stats()
        st.recluster()
        # for readers that aggregate (the web desk): the same filters, one meaning
        st.where_clause(**filters); st.facets(**filters); st.dyad_counts(**filters)
        st.dated_events(**filters); st.counterparts(role, code); st.quotes_by_speaker(code)
        st.place_counts(**filters); st.country_counts(**filters); st.state_token()
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from . import dedup
from .errors import StoreError, TidingsError
from .records import stable_id

SQLITE_MAGIC = b"SQLite format 3\x00"
APP_NAME = "tidings"
ORDERS = {
    "date": "date_lo IS NULL, date_lo, id",
    "-date": "date_lo IS NULL, date_lo DESC, id",
    "mentions": "num_mentions DESC, date_lo, id",
    "confidence": "confidence DESC, date_lo, id",
}
MENTION_ORDERS = {
    "date": "date_lo IS NULL, date_lo, article_id, seq",
    "-date": "date_lo IS NULL, date_lo DESC, article_id, seq",
    "mentions": "date_lo, article_id, seq",
    "confidence": "confidence DESC, article_id, seq",
}
# facet name -> events column (Store.facets; "outlet" comes from event_mentions)
FACET_COLUMNS = {"type": "type", "modality": "modality", "source": "source_country",
                 "target": "target_country", "country": "location_country"}
# the oldest schema version our read queries work on unchanged (a read-only store opens it
# without migrating); raise it when a migration adds something events()/stats()... read.
# 5: the mode filter and the web aggregates read events.mode and events.goldstein
READABLE_SINCE = 5
# events spanning at most this many days (a day, a week, a month) are looked up as clustering
# candidates by a date_lo range bounded on both sides; longer ones (quarters, years) by date_span
SHORT_SPAN_DAYS = 31
# a stored article is a near-copy candidate only if it shares this many LSH bands with the new
# one: one shared band also catches texts that merely share boilerplate (~J^4 per band), and those
# grow with the database; two keep a Jaccard-0.8 copy at >99% (0.7 at ~92%) for far fewer checks
LSH_MIN_BANDS = 2
# a PostgreSQL advisory lock key: one writer at a time clusters events
_PG_LOCK = 7310247


def _migrations(dialect: str) -> list[tuple[int, str]]:
    """(version, sql) for the shipped migrations of a dialect, in order."""
    folder = resources.files("tidings") / "data" / "sql" / dialect
    out = []
    for f in folder.iterdir():
        m = re.match(r"(\d+)_.*\.sql$", f.name)
        if m:
            out.append((int(m.group(1)), f.read_text(encoding="utf-8")))
    return sorted(out)


def schema_version() -> int:
    """The schema version this tidings writes (the highest shipped migration)."""
    return _migrations("sqlite")[-1][0]


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (they end with ';' at the end of a line)."""
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*\n", body + "\n") if s.strip()]


# ------------------------------------------------------------------ backends

class _Backend:
    """The few things SQLite and PostgreSQL do differently."""

    dialect = ""
    label = ""

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError

    def has_table(self, name: str) -> bool:
        raise NotImplementedError

    def table_count(self) -> int:
        raise NotImplementedError

    def fts_filter(self, text: str) -> tuple[str, list[Any]]:
        """SQL testing ``a`` (an articles row) against a full-text query, and its params."""
        raise NotImplementedError

    def fts_article_ids(self, text: str) -> tuple[str, list[Any]]:
        """A SELECT of the ids of the articles matching a full-text query, and its params.

        The web and exports filter events by it through the indexed article_id of
        event_mentions, so only the matching articles' mentions are read.
        """
        fts, params = self.fts_filter(text)
        return f"SELECT a.id FROM articles a WHERE {fts}", params

    def prefix_filter(self, column: str, prefix: str) -> tuple[str, list[Any]]:
        """SQL matching codes in ``column`` that start with ``prefix`` (letters and digits)."""
        return f"{column} LIKE ?", [prefix + "%"]

    def index_article(self, rowid: int, title: str | None, text: str) -> None:
        """Add an article to the full-text index (a no-op where the index is automatic)."""

    def close(self) -> None:
        raise NotImplementedError


def _fts5_query(text: str) -> str:
    """Words of a user's search as an FTS5 query of quoted terms (no FTS syntax gets through)."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or '""'


class _SQLite(_Backend):
    dialect = "sqlite"

    def __init__(self, path: Path, readonly: bool, timeout: float = 5.0) -> None:
        self.path, self.label, self.readonly = path, str(path), readonly
        try:
            if readonly:
                uri = path.resolve().as_uri() + "?mode=ro"     # percent-encodes '?', '#'...
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)
            else:
                self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=timeout)
            self.conn.row_factory = sqlite3.Row
        except sqlite3.Error as exc:
            raise StoreError("E034", url=str(path), msg=str(exc)) from None

    def set_wal(self) -> None:
        """Write-ahead logging: readers never block the writer, and a crash cannot tear a write."""
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, tuple(params)).fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.conn.executemany(sql, [tuple(r) for r in rows])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def has_table(self, name: str) -> bool:
        return bool(self.query("SELECT 1 FROM sqlite_master WHERE name = ?", [name]))

    def table_count(self) -> int:
        return len(self.query("SELECT name FROM sqlite_master WHERE type = 'table'"))

    def fts_filter(self, text: str) -> tuple[str, list[Any]]:
        return ("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
                [_fts5_query(text)])

    def fts_article_ids(self, text: str) -> tuple[str, list[Any]]:
        # from the FTS index straight to the article ids (rowid lookups, no scan of articles)
        return ("SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
                "WHERE articles_fts MATCH ?", [_fts5_query(text)])

    def prefix_filter(self, column: str, prefix: str) -> tuple[str, list[Any]]:
        # SQLite's LIKE is case-insensitive and so cannot use the (binary) index on the code;
        # codes are upper case, so a range [prefix, prefix with its last character + 1) can
        return f"({column} >= ? AND {column} < ?)", [prefix, _next_prefix(prefix)]

    def index_article(self, rowid: int, title: str | None, text: str) -> None:
        self.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                     [rowid, title or "", text])

    def close(self) -> None:
        self.conn.close()


class _Postgres(_Backend):
    dialect = "postgres"

    def __init__(self, url: str, readonly: bool) -> None:
        import psycopg
        from psycopg.rows import dict_row

        self.label = re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)   # no password in messages
        self.readonly = readonly
        try:
            self.conn = psycopg.connect(url, row_factory=dict_row, autocommit=True,
                                        connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError("E034", url=self.label, msg=str(exc).strip().splitlines()[0]) from None
        if readonly:
            self.conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self.conn.execute(self._sql(sql), tuple(params)).fetchall())

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), [tuple(r) for r in rows])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            if not self.readonly:
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK,))
            yield

    def has_table(self, name: str) -> bool:
        return bool(self.query("SELECT to_regclass(?) IS NOT NULL AS ok", [name])[0]["ok"])

    def table_count(self) -> int:
        return len(self.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))

    def fts_filter(self, text: str) -> tuple[str, list[Any]]:
        return ("to_tsvector('english', coalesce(a.title, '') || ' ' || a.text) "
                "@@ plainto_tsquery('english', ?)", [text])

    def close(self) -> None:
        self.conn.close()


# ------------------------------------------------------------------ opening

def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    if url.startswith("sqlite://"):
        return Path(url[len("sqlite://"):])
    if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        return None
    return Path(url)


def _check_sqlite_file(path: Path, readonly: bool) -> None:
    """Refuse, before SQLite touches it, a file that is not an SQLite database at all."""
    if path.is_dir():
        raise StoreError("E034", url=str(path), msg="is a directory")
    if not path.exists():
        if readonly:
            raise StoreError("E035", path=str(path))
        if not path.parent.exists():
            raise StoreError("E034", url=str(path), msg=f"folder {path.parent} does not exist")
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError("E034", url=str(path), msg=exc.strerror or str(exc)) from None
    if head and head != SQLITE_MAGIC:
        raise StoreError("E030", path=str(path))


def open_store(url_or_path: str, readonly: bool = False, window_days: int = 1,
               timeout: float = 5.0) -> "Store":
    """Open (creating or migrating when writable) a tidings database.

    ``url_or_path``: a file path, ``sqlite:///path`` or ``postgresql://user:pw@host/db``;
    ``window_days``: how far apart two day-precise mentions of one event may be;
    ``timeout``: seconds to wait for another writer before E032 (SQLite).
    Errors are :class:`StoreError` with codes E030-E035; a file that is not ours is never changed.
    """
    url = str(url_or_path)
    path = _sqlite_path(url)
    backend: _Backend
    if path is not None:
        _check_sqlite_file(path, readonly)
        backend = _SQLite(path, readonly, timeout)
    elif url.startswith(("postgresql://", "postgres://")):
        backend = _Postgres(url, readonly)
    else:
        raise StoreError("E034", url=url, msg="use a file path, sqlite:///path or postgresql://...")
    try:
        return Store(backend, readonly=readonly, window_days=window_days)
    except BaseException:
        backend.close()
        raise


def _translate(exc: Exception, label: str) -> TidingsError:
    """A database driver error as the user-facing StoreError it stands for."""
    msg = str(exc)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        return StoreError("E032", path=label)
    if "disk is full" in low or "no space" in low or type(exc).__name__ == "DiskFull":
        return StoreError("E033", path=label)
    if "not a database" in low or "malformed" in low or "no such table" in low \
            or "no such column" in low or "undefinedtable" in type(exc).__name__.lower():
        return StoreError("E030", path=label)
    return StoreError("E034", url=label, msg=msg.strip().splitlines()[0] if msg else repr(exc))


def _driver_errors() -> tuple[type[BaseException], ...]:
    errs: list[type[BaseException]] = [sqlite3.Error]
    with contextlib.suppress(ImportError):
        import psycopg
        errs.append(psycopg.Error)
    return tuple(errs)


# ------------------------------------------------------------------ helpers

def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def _day(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _number(value: Any) -> float | None:
    """A JSON number as a float column value; anything else (missing, text, bool) as NULL."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _iso(d: _dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _next_prefix(prefix: str) -> str:
    """The smallest string above every string starting with ``prefix`` (byte order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _actor_filter(db: _Backend, column: str, value: str) -> tuple[str, list[Any]]:
    """``source``/``target`` filter: an ISO3 country (USA), or an actor code or its prefix."""
    v = re.sub(r"[^A-Z0-9]", "", str(value).upper())
    if not v:
        raise TidingsError("E042", value=value)
    cond, params = db.prefix_filter(f"{column}_code", v)
    if len(v) == 3 and v.isalpha():
        cond += f" OR {column}_country = ?"
        params.append(v)
    return "(" + cond + ")", params


def _as_list(value: str | Sequence[str]) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


class Store:
    """A tidings event database; open it with :func:`open_store`."""

    def __init__(self, backend: _Backend, readonly: bool = False, window_days: int = 1) -> None:
        self.db = backend
        self.readonly = readonly
        self.window_days = window_days
        self._guard(self._prepare)

    # -------------------------------------------------------------- setup

    def _guard(self, fn: Any, *args: Any) -> Any:
        """Run ``fn`` turning driver errors into coded StoreErrors."""
        try:
            return fn(*args)
        except TidingsError:
            raise
        except _driver_errors() as exc:
            raise _translate(exc, self.db.label) from None

    def _version(self) -> int:
        rows = self.db.query("SELECT key, value FROM tidings_meta")
        meta = {r["key"]: r["value"] for r in rows}
        if meta.get("app") != APP_NAME or "schema_version" not in meta:
            raise StoreError("E030", path=self.db.label)
        try:
            return int(meta["schema_version"])
        except ValueError:
            raise StoreError("E030", path=self.db.label) from None

    def _prepare(self) -> None:
        """Check the database is ours and current; create or migrate it when writable."""
        fresh = not self.db.has_table("tidings_meta")
        if fresh and self.db.table_count() > 0:
            raise StoreError("E030", path=self.db.label)      # someone else's database
        if fresh and self.readonly:
            raise StoreError("E030", path=self.db.label)
        current = 0 if fresh else self._version()
        supported = schema_version()
        if current > supported:
            raise StoreError("E031", path=self.db.label, found=current, supported=supported)
        if isinstance(self.db, _SQLite) and not self.readonly:
            self.db.set_wal()
        if current < supported:
            if self.readonly:
                self._check_readable(current, supported)
            else:
                self._migrate(current)

    def _check_readable(self, current: int, supported: int) -> None:
        """Let a read-only store use an older schema when our read queries work on it.

        Reading never migrates (the file may be another user's, or on a read-only disk), and the
        migrations since READABLE_SINCE only add what writing needs (columns for clustering,
        indexes), so such a database is read as it is, only without the newer indexes' speed.
        An older one gets E036: open it once writable to upgrade it.
        """
        if current < READABLE_SINCE:
            raise StoreError("E036", path=self.db.label, found=current, supported=supported)

    def _migrate(self, current: int) -> None:
        """Apply every shipped migration above ``current``, all in one transaction."""
        with self.db.transaction():
            for version, sql in _migrations(self.db.dialect):
                if version <= current:
                    continue
                for stmt in _statements(sql):
                    self.db.execute(stmt)
                for k, v in (("app", APP_NAME), ("schema_version", str(version))):
                    self.db.execute("DELETE FROM tidings_meta WHERE key = ?", [k])
                    self.db.execute("INSERT INTO tidings_meta(key, value) VALUES (?, ?)", [k, v])
                if self.db.dialect == "sqlite":
                    self.db.execute(f"PRAGMA user_version = {int(version)}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------------- writing

    def add_article(self, record: dict[str, Any]) -> bool:
        """Store one contract article record (and cluster its events) in one transaction.

        Returns False, adding nothing to the articles or events, when the same id is stored or the
        text is an exact or near copy of a stored article; a copy under a new id is linked to its
        original in ``article_duplicates`` (so it is counted, not coded twice).
        """
        if self.readonly:
            raise StoreError("E034", url=self.db.label, msg="opened read-only")
        return bool(self._guard(self._add_article, record))

    def _add_article(self, rec: dict[str, Any]) -> bool:
        text = rec.get("text") or ""
        aid = str(rec.get("id") or "a" + stable_id(rec.get("title") or "", text))
        norm = dedup.normalise_text(text)
        text_hash = stable_id(norm, length=40)
        sig = dedup.minhash(text)
        bands = dedup.lsh_bands(sig)
        with self.db.transaction():
            if self.db.query("SELECT 1 FROM articles WHERE id = ?", [aid]) or \
                    self.db.query("SELECT 1 FROM article_duplicates WHERE id = ?", [aid]):
                return False
            original = self._find_copy(text_hash, sig, bands)
            if original is not None:
                orig_id, sim, method = original
                self.db.execute(
                    "INSERT INTO article_duplicates(id, duplicate_of, outlet, url, title, "
                    "published, similarity, method, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [aid, orig_id, rec.get("outlet"), rec.get("url"), rec.get("title"),
                     _day(rec.get("published")), sim, method, _now()])
                return False
            self._insert_article(aid, rec, text_hash, sig, bands)
            touched = self._insert_event_mentions(aid, rec)
            for ev_id in sorted(touched):
                self._refresh_event(ev_id)
        return True

    def _find_copy(self, text_hash: str, sig: Any,
                   bands: list[str]) -> tuple[str, float, str] | None:
        """(original id, similarity, method) of a stored article this text copies, if any."""
        rows = self.db.query("SELECT id FROM articles WHERE text_hash = ? ORDER BY rowid LIMIT 1",
                             [text_hash])
        if rows:
            return rows[0]["id"], 1.0, "exact"
        cond = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
        params: list[Any] = [x for i, h in enumerate(bands) for x in (i, h)]
        cands = self.db.query(
            "SELECT a.id, a.minhash FROM articles a JOIN (SELECT article_id FROM article_lsh "
            f"WHERE {cond} GROUP BY article_id HAVING COUNT(*) >= ?) l ON l.article_id = a.id "
            "ORDER BY a.rowid", params + [LSH_MIN_BANDS])
        best: tuple[str, float, str] | None = None
        for c in cands:
            sim = dedup.estimated_jaccard(sig, dedup.signature_from_hex(c["minhash"]))
            if sim >= dedup.NEAR_DUP_JACCARD and (best is None or sim > best[1]):
                best = (c["id"], round(sim, 4), "minhash")
        return best

    def _insert_article(self, aid: str, rec: dict[str, Any], text_hash: str, sig: Any,
                        bands: list[str]) -> None:
        text = rec.get("text") or ""
        stored = dict(rec)
        stored["id"] = aid
        events = rec.get("events") or []
        self.db.execute(
            "INSERT INTO articles(id, outlet, url, title, published, text, text_hash, minhash, "
            "n_events, record, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [aid, rec.get("outlet"), rec.get("url"), rec.get("title"), _day(rec.get("published")),
             text, text_hash, dedup.signature_hex(sig), len(events),
             json.dumps(stored, ensure_ascii=False), _now()])
        rowid = self.db.query("SELECT rowid FROM articles WHERE id = ?", [aid])[0]["rowid"]
        self.db.index_article(rowid, rec.get("title"), text)
        self.db.executemany("INSERT INTO article_lsh(band, hash, article_id) VALUES (?, ?, ?)",
                            [(i, h, aid) for i, h in enumerate(bands)])
        self.db.executemany(
            "INSERT INTO mentions(article_id, idx, start_char, end_char, text, code, country, "
            "name, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, m.get("start"), m.get("end"), m.get("text"),
              (m.get("actor") or {}).get("code"), (m.get("actor") or {}).get("country"),
              (m.get("actor") or {}).get("name"), json.dumps(m.get("actor") or {}))
             for i, m in enumerate(rec.get("mentions") or [])])
        self.db.executemany(
            "INSERT INTO quotes(article_id, idx, start_char, end_char, text, kind, speaker_code, "
            "speaker_country, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(aid, i, q.get("start"), q.get("end"), q.get("text"), q.get("kind"),
              (q.get("speaker") or {}).get("code"), (q.get("speaker") or {}).get("country"),
              json.dumps(q, ensure_ascii=False))
             for i, q in enumerate(rec.get("quotes") or [])])

    def _insert_event_mentions(self, aid: str, rec: dict[str, Any]) -> set[str]:
        """Store the article's event mentions and give each its event; return touched events."""
        published = _day(rec.get("published"))
        touched: set[str] = set()
        for seq, ev in enumerate(rec.get("events") or []):
            ev = dict(ev)
            ev["article_id"] = aid
            ev.setdefault("id", "e" + stable_id(aid, str(seq)))
            if self.db.query("SELECT 1 FROM event_mentions WHERE article_id = ? AND id = ?",
                             [aid, ev["id"]]):
                ev["id"] = f"{ev['id']}-{seq}"        # a coder bug gave two events one id
            key = dedup.key_from_dict(ev, published)
            ev_id, reason = self._assign(key)
            if ev_id is None:
                ev_id = "v" + stable_id(aid, ev["id"])
                reason = "new"
                self._insert_event_stub(ev_id, key)
            self._insert_mention_row(aid, seq, ev, key, rec, ev_id, reason)
            touched.add(ev_id)
        return touched

    def _insert_event_stub(self, ev_id: str, key: dedup.EventKey) -> None:
        """An events row for a new cluster; _refresh_event fills in the figures.

        The actors and dates are set now, so a later mention of the same article finds the new
        event through the candidate lookup (which filters on them) before the refresh.
        """
        self.db.execute(
            "INSERT INTO events(id, type, modality, source_code, source_country, target_code, "
            "target_country, date_lo, date_hi, date_span, num_mentions, num_articles, "
            "num_sources, best_mention, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, '', '{}')",
            [ev_id, key.type, key.modality, key.source_code, key.source_country,
             key.target_code, key.target_country, _iso(key.date_lo), _iso(key.date_hi),
             _span(key.date_lo, key.date_hi)])

    def _insert_mention_row(self, aid: str, seq: int, ev: dict[str, Any], key: dedup.EventKey,
                            rec: dict[str, Any], ev_id: str, reason: str) -> None:
        loc = ev.get("location") or {}
        self.db.execute(
            "INSERT INTO event_mentions(id, article_id, seq, type, modality, source_code, "
            "source_country, target_code, target_country, date, date_granularity, date_lo, "
            "date_hi, location_country, location_name, location_feature, lat, lon, confidence, "
            "outlet, published, evidence_text, event_id, merge_reason, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [ev["id"], aid, seq, key.type, key.modality, key.source_code, key.source_country,
             key.target_code, key.target_country, ev.get("date"), ev.get("date_granularity"),
             _iso(key.date_lo), _iso(key.date_hi), loc.get("country"), loc.get("name"),
             loc.get("feature"), loc.get("lat"), loc.get("lon"),
             float(ev.get("confidence") or 0.0),
             rec.get("outlet"), _day(rec.get("published")),
             (ev.get("evidence") or {}).get("text"), ev_id, reason,
             json.dumps(ev, ensure_ascii=False)])

    # -------------------------------------------------------------- clustering

    def _candidates(self, key: dedup.EventKey) -> dict[str, list[dedup.EventKey]]:
        """Stored events of the same type and modality whose dates come near ``key``'s.

        Only index ranges near the key are read, so the lookup costs the same in a large
        database as in a small one: a short event (SHORT_SPAN_DAYS or less) starts at most that
        long before the key's window, so its date_lo is bounded on both sides; long events are few
        and found by date_span.  (``date_lo <= end`` alone read every earlier event of the type.)
        Events whose best mention names a different actor cannot take the key (every member must
        match) and are skipped in SQL.  Members are read as their distinct merge keys (columns,
        not JSON): an event told by forty outlets the same way costs one key, not forty.
        """
        base = (f"SELECT DISTINCT m.event_id, {_KEY_COLUMNS} FROM events e "
                "JOIN event_mentions m ON m.event_id = e.id WHERE e.type = ? AND e.modality = ?")
        actors, actor_params = _actor_prefilter(key)
        out: dict[str, list[dedup.EventKey]] = {}
        for cond, params in self._window_conditions(key):
            rows = self.db.query(base + cond + actors,
                                 [key.type, key.modality, *params, *actor_params])
            for r in rows:
                out.setdefault(r["event_id"], []).append(_key_from_row(r))
        return out

    def _window_conditions(self, key: dedup.EventKey) -> list[tuple[str, list[Any]]]:
        """SQL conditions (and params) on ``e`` for events whose dates can meet ``key``'s."""
        if key.date_lo is None or key.date_hi is None:
            return [(" AND e.date_lo IS NULL", [])]
        w = _dt.timedelta(days=self.window_days)
        end, start = _iso(key.date_hi + w), _iso(key.date_lo - w)
        earliest = _iso(key.date_lo - w - _dt.timedelta(days=SHORT_SPAN_DAYS))
        return [(" AND e.date_lo >= ? AND e.date_lo <= ? AND e.date_hi >= ? "
                 "AND e.date_span <= ?", [earliest, end, start, SHORT_SPAN_DAYS]),
                (" AND e.date_span > ? AND e.date_lo <= ? AND e.date_hi >= ?",
                 [SHORT_SPAN_DAYS, end, start])]

    def _assign(self, key: dedup.EventKey) -> tuple[str | None, str]:
        return choose_event(key, self._candidates(key), self.window_days)

    def _refresh_event(self, ev_id: str) -> None:
        """Recompute an event's figures and merged record from its mentions."""
        rows = self.db.query(
            "SELECT id, article_id, outlet, published, confidence, date_lo, date_hi, "
            "merge_reason, record FROM event_mentions WHERE event_id = ? "
            "ORDER BY published IS NULL, published, article_id, seq", [ev_id])
        if not rows:
            self.db.execute("DELETE FROM events WHERE id = ?", [ev_id])
            return
        merged = merged_record(ev_id, rows)
        los = [r["date_lo"] for r in rows if r["date_lo"]]
        his = [r["date_hi"] for r in rows if r["date_hi"]]
        src, tgt = merged.get("source") or {}, merged.get("target") or {}
        lo, hi = (min(los) if los else None), (max(his) if his else None)
        self.db.execute(
            "UPDATE events SET source_code = ?, source_country = ?, target_code = ?, "
            "target_country = ?, date = ?, date_granularity = ?, date_lo = ?, date_hi = ?, "
            "date_span = ?, location_country = ?, confidence = ?, num_mentions = ?, "
            "num_articles = ?, num_sources = ?, first_seen = ?, last_seen = ?, best_mention = ?, "
            "mode = ?, goldstein = ?, record = ? WHERE id = ?",
            [src.get("code") or None, src.get("country") or None, tgt.get("code") or None,
             tgt.get("country") or None, merged.get("date"), merged.get("date_granularity"),
             lo, hi, _span(lo, hi), (merged.get("location") or {}).get("country"),
             merged["confidence"], merged["num_mentions"], merged["num_articles"],
             merged["num_sources"], merged["first_seen"], merged["last_seen"],
             merged["best_mention"], merged.get("mode") or None, _number(merged.get("goldstein")),
             json.dumps(merged, ensure_ascii=False), ev_id])

    def recluster(self) -> None:
        """Rebuild every event from the stored mentions (one transaction; mentions are kept)."""
        if self.readonly:
            raise StoreError("E034", url=self.db.label, msg="opened read-only")
        self._guard(self._recluster)

    def _recluster(self) -> None:
        with self.db.transaction():
            rows = self.db.query(
                f"SELECT m.article_id, m.id, {_KEY_COLUMNS} FROM event_mentions m "
                "JOIN articles a ON a.id = m.article_id "
                "ORDER BY m.published IS NULL, m.published, a.rowid, m.seq")
            self.db.execute("UPDATE event_mentions SET event_id = NULL, merge_reason = NULL")
            self.db.execute("DELETE FROM events")
            # buckets by type, modality and the source's country (or code): two mentions that
            # merge under the strict rule share all three (for consistently resolved actors);
            # the empty-slot rule needs the same day, so those candidates come from a by-day map
            buckets: dict[tuple[str, str, str | None], dict[str, list[dedup.EventKey]]] = {}
            by_day: dict[tuple[str, str, Any], list[str]] = {}
            spans: dict[str, tuple[Any, Any]] = {}
            members: dict[str, list[dedup.EventKey]] = {}
            for r in rows:
                key = _key_from_row(r)
                bucket = buckets.setdefault(
                    (key.type, key.modality, key.source_country or key.source_code), {})
                near = {k: v for k, v in bucket.items() if _near(spans[k], key, self.window_days)}
                if key.day_granular:
                    near.update({k: members[k] for k in
                                 by_day.get((key.type, key.modality, key.date_lo), [])
                                 if spans[k] == (key.date_lo, key.date_hi)})
                ev_id, reason = choose_event(key, near, self.window_days)
                if ev_id is None:
                    ev_id, reason = "v" + stable_id(r["article_id"], r["id"]), "new"
                    self._insert_event_stub(ev_id, key)
                    bucket[ev_id], spans[ev_id] = [], (key.date_lo, key.date_hi)
                    members[ev_id] = bucket[ev_id]
                    if key.day_granular:
                        by_day.setdefault((key.type, key.modality, key.date_lo), []).append(ev_id)
                members[ev_id].append(key)
                lo, hi = spans[ev_id]
                if key.date_lo is not None and lo is not None:
                    spans[ev_id] = (min(lo, key.date_lo), max(hi, key.date_hi))
                self.db.execute("UPDATE event_mentions SET event_id = ?, merge_reason = ? "
                                "WHERE article_id = ? AND id = ?",
                                [ev_id, reason, r["article_id"], r["id"]])
            for ev_id in spans:
                self._refresh_event(ev_id)
            self._bump_generation()

    def _bump_generation(self) -> None:
        """Count event rebuilds in tidings_meta, so readers' caches (state_token) see them."""
        rows = self.db.query("SELECT value FROM tidings_meta WHERE key = 'events_generation'")
        n = int(rows[0]["value"]) + 1 if rows else 1
        self.db.execute("DELETE FROM tidings_meta WHERE key = 'events_generation'")
        self.db.execute("INSERT INTO tidings_meta(key, value) VALUES ('events_generation', ?)",
                        [str(n)])

    def state_token(self) -> tuple[Any, ...]:
        """Changes whenever the events may have changed: an article stored (by any process) or
        the events rebuilt by ``recluster``.  Cheap (three index lookups); caches key on it."""
        r = self._guard(self.db.query,
                        "SELECT (SELECT MAX(rowid) FROM articles) AS a, "
                        "(SELECT COUNT(*) FROM article_duplicates) AS d, "
                        "(SELECT value FROM tidings_meta WHERE key = 'events_generation') AS g")[0]
        return (r["a"], r["d"], r["g"])

    # -------------------------------------------------------------- reading

    def _where(self, merged: bool, source: str | None, target: str | None,
               type: str | Sequence[str] | None, since: str | None, until: str | None,
               modality: str | Sequence[str] | None, country: str | None, text: str | None,
               min_confidence: float | None, mode: str | Sequence[str] | None = None,
               outlet: str | None = None, text_walk: bool = False) -> tuple[str, list[Any]]:
        """WHERE clause and params of a filter.  ``text_walk``: test the full-text match per
        event (EXISTS) instead of building the set of matching events first; see _walk_text."""
        conds: list[str] = []
        params: list[Any] = []
        for side, value in (("source", source), ("target", target)):
            if value:
                c, p = _actor_filter(self.db, side, value)
                conds.append(c)
                params += p
        for col, val in (("type", type), ("modality", modality)):
            if val:
                vals = [v.upper() if col == "type" else v.lower() for v in _as_list(val)]
                conds.append(f"{col} IN ({', '.join('?' for _ in vals)})")
                params += vals
        if mode:
            vals = _as_list(mode)
            col = "mode" if merged else self._json_text("mode")
            conds.append(f"{col} IN ({', '.join('?' for _ in vals)})")
            params += vals
        if since:
            conds.append("date_hi >= ?")
            params.append(str(since)[:10])
        if until:
            conds.append("date_lo <= ?")
            params.append(str(until)[:10])
        if country:
            c = str(country).upper()
            conds.append("(source_country = ? OR target_country = ? OR location_country = ?)")
            params += [c, c, c]
        if min_confidence is not None:
            conds.append("confidence >= ?")
            params.append(float(min_confidence))
        if outlet:
            conds.append("id IN (SELECT event_id FROM event_mentions WHERE outlet = ?)" if merged
                         else "outlet = ?")
            params.append(str(outlet))
        if text:
            ids, p = self.db.fts_article_ids(text)
            if not merged:
                conds.append(f"article_id IN ({ids})")
            elif text_walk:
                conds.append("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = events.id "
                             f"AND m.article_id IN ({ids}))")
            else:
                conds.append(f"id IN (SELECT m.event_id FROM event_mentions m WHERE m.article_id "
                             f"IN ({ids}))")
            params += p
        return (" WHERE " + " AND ".join(conds)) if conds else "", params

    def _json_text(self, name: str) -> str:
        """SQL reading a top-level text field of a row's JSON record (raw mentions only)."""
        if self.db.dialect == "sqlite":
            return f"json_extract(record, '$.{name}')"
        return f"(record::json ->> '{name}')"

    def where_clause(self, merged: bool = True, **filters: Any) -> tuple[str, list[Any]]:
        """The ``WHERE ...`` (or "") and params selecting what ``events(**filters)`` returns.

        For readers that aggregate over the ``events`` (or ``event_mentions``) table with their
        own SQL and must agree with ``events`` on what a filter means.  Keywords are those of
        :meth:`events` (limit, order and the like are ignored); unknown ones raise TypeError.
        """
        keys = ("source", "target", "type", "since", "until", "modality", "country", "text",
                "min_confidence", "mode", "outlet")
        paging = {"limit", "offset", "order", "after", "merged"}
        unknown = set(filters) - set(keys) - paging
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return self._where(merged, *(filters.get(k) for k in keys))

    def events(self, source: str | None = None, target: str | None = None,
               type: str | Sequence[str] | None = None, since: str | None = None,
               until: str | None = None, modality: str | Sequence[str] | None = None,
               country: str | None = None, text: str | None = None,
               min_confidence: float | None = None, limit: int | None = None, offset: int = 0,
               order: str = "date", merged: bool = True,
               after: str | None = None, mode: str | Sequence[str] | None = None,
               outlet: str | None = None) -> list[dict[str, Any]]:
        """Merged events (``tidings events --format jsonl`` records), or raw mentions.

        ``source``/``target``: ISO3 country or actor code (prefix); ``type``/``modality``/
        ``mode``: one value or several (list or comma list); ``since``/``until``: YYYY-MM-DD,
        inclusive; ``country``: source, target or place country; ``text``: full-text search of
        the articles; ``outlet``: events (mentions) reported by that outlet.
        ``after``: keyset cursor, the id of the last event of the previous page (merged events,
        order ``date`` or ``-date``, no offset): the page starts right after it, reading only
        the page from the sort index, where an offset re-reads everything before it.
        """
        orders = ORDERS if merged else MENTION_ORDERS
        if order not in orders:
            raise ValueError(f"order must be one of {sorted(orders)}")
        others = (source, target, type, since, until, modality, country, min_confidence, mode,
                  outlet)
        walk = merged and bool(text) and after is None and not any(others) and \
            self._guard(self._walk_text, str(text), order, limit, offset)
        where, params = self._where(merged, source, target, type, since, until, modality,
                                    country, text, min_confidence, mode, outlet, walk)
        if after is not None:
            if not merged or order not in ("date", "-date") or offset:
                raise ValueError("after= pages merged events in order 'date' or '-date' only, "
                                 "without offset")
            return self._guard(self._events_after, where, params, order, limit, after)
        if merged:
            return self._guard(self._events_page, where, params, order, limit, offset)
        sql = f"SELECT record, event_id, merge_reason FROM event_mentions{where} " \
              f"ORDER BY {orders[order]}"
        sql, params = self._limit(sql, params, limit, offset)
        out = []
        for r in self._guard(self.db.query, sql, params):
            d = json.loads(r["record"])
            d["merged_into"], d["merge_reason"] = r["event_id"], r["merge_reason"]
            out.append(d)
        return out

    def _walk_text(self, text: str, order: str, limit: int | None, offset: int) -> bool:
        """Whether a page of a full-text search is found faster by walking the sort index and
        testing each event than by building the set of every matching event and sorting it.

        A broad word (matched by 40% of the articles) fills a page after a few hundred events
        of the walk (20 ms at 100k events, where building the set takes 170 ms); a rare word
        would walk the whole table.  So: walk (SQLite) when the share of matching articles
        predicts the page within the first twentieth of the events.
        """
        if self.db.dialect != "sqlite" or limit is None or order not in ("date", "-date"):
            return False
        ids, params = self.db.fts_article_ids(text)
        r = self.db.query(f"SELECT (SELECT COUNT(*) FROM ({ids}) x) AS hits, "
                          "(SELECT MAX(rowid) FROM articles) AS arts, "
                          "(SELECT MAX(rowid) FROM events) AS evs", params)[0]
        if not r["arts"] or not r["evs"]:
            return False
        share = float(r["hits"]) / float(r["arts"])
        return share * float(r["evs"]) >= 20.0 * (int(limit) + int(offset))

    def _limit(self, sql: str, params: list[Any], limit: int | None,
               offset: int) -> tuple[str, list[Any]]:
        """``sql`` with LIMIT/OFFSET clauses for the dialect."""
        params = list(params)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        if offset:
            sql += (" LIMIT -1" if limit is None and self.db.dialect == "sqlite" else "")
            sql += " OFFSET ?"
            params.append(int(offset))
        return sql, params

    def _events_page(self, where: str, params: list[Any], order: str, limit: int | None,
                     offset: int) -> list[dict[str, Any]]:
        """A page of merged events by a deferred join: sort and cut the narrow id list (from
        the sort index where there is one), then read only the page's JSON records; sorting
        whole rows drags every record through the sorter (5x slower at 100k events)."""
        inner, params = self._limit(f"SELECT id FROM events{where} ORDER BY {ORDERS[order]}",
                                    params, limit, offset)
        outer = ", ".join(_qualify(c.strip()) for c in ORDERS[order].split(","))
        rows = self.db.query(f"SELECT e.record FROM ({inner}) k JOIN events e ON e.id = k.id "
                             f"ORDER BY {outer}", params)
        return [json.loads(r["record"]) for r in rows]

    def _events_after(self, where: str, params: list[Any], order: str, limit: int | None,
                      after: str) -> list[dict[str, Any]]:
        """A keyset page: dated events after the cursor by (date_lo, id), then the undated.

        Each part is one index range read in order ((date_lo IS NULL), date_lo, id); written
        as two queries because SQLite sorts instead when the ORDER BY starts with the constant
        NULL flag or the condition is one OR.
        """
        rows = self.db.query("SELECT date_lo FROM events WHERE id = ?", [after])
        if not rows:
            raise ValueError(f"after={after!r} is not a stored event id")
        lo = rows[0]["date_lo"]
        glue = " AND " if where else " WHERE "
        parts: list[tuple[str, list[Any], str]] = []
        if lo is not None:
            if order == "date":
                cond, p, by = "(date_lo, id) > (?, ?)", [lo, after], "date_lo, id"
            else:
                cond, p, by = "date_lo <= ? AND (date_lo < ? OR id > ?)", [lo, lo, after], \
                    "date_lo DESC, id"
            parts.append((f"(date_lo IS NULL) = FALSE AND {cond}", p, by))
            parts.append(("date_lo IS NULL", [], "id"))
        else:
            parts.append(("date_lo IS NULL AND id > ?", [after], "id"))
        out: list[dict[str, Any]] = []
        for cond, p, by in parts:
            sql = f"SELECT record FROM events{where}{glue}{cond} ORDER BY {by}"
            extra: list[Any] = []
            if limit is not None:
                sql += " LIMIT ?"
                extra = [int(limit) - len(out)]
            out += [json.loads(r["record"]) for r in self.db.query(sql, [*params, *p, *extra])]
            if limit is not None and len(out) >= limit:
                break
        return out

    def count_events(self, source: str | None = None, target: str | None = None,
                     type: str | Sequence[str] | None = None, since: str | None = None,
                     until: str | None = None, modality: str | Sequence[str] | None = None,
                     country: str | None = None, text: str | None = None,
                     min_confidence: float | None = None, merged: bool = True,
                     mode: str | Sequence[str] | None = None, outlet: str | None = None,
                     **_ignored: Any) -> int:
        """How many events (or mentions) ``events`` would return without limit/offset."""
        where, params = self._where(merged, source, target, type, since, until, modality,
                                    country, text, min_confidence, mode, outlet)
        table = "events" if merged else "event_mentions"
        rows = self._guard(self.db.query, f"SELECT COUNT(*) AS n FROM {table}{where}", params)
        return int(rows[0]["n"])

    # -------------------------------------------------------------- aggregates (web desk)

    def facets(self, top: int | None = 12, **filters: Any) -> dict[str, list[tuple[str, int]]]:
        """Counts of the filtered merged events by type, modality, source/target country,
        location country and outlet: the ``top`` values of each (all when None), most frequent
        first.  Every event has a type, so with ``top=None`` the type counts sum to the total.

        One statement: the filter is evaluated once into a materialised set every facet groups.
        """
        return self._guard(self._facets, top, filters)

    def _facets(self, top: int | None, filters: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
        sql, params = self.where_clause(**filters)
        cols = ", ".join(sorted(set(FACET_COLUMNS.values())))
        parts = [f"SELECT '{name}' AS f, {col} AS v, COUNT(*) AS n FROM sel GROUP BY {col}"
                 for name, col in FACET_COLUMNS.items()]
        parts.append("SELECT 'outlet' AS f, m.outlet AS v, COUNT(DISTINCT m.event_id) AS n "
                     "FROM event_mentions m JOIN sel ON sel.id = m.event_id "
                     "WHERE m.outlet IS NOT NULL GROUP BY m.outlet")
        rows = self.db.query(f"WITH sel AS MATERIALIZED (SELECT id, {cols} FROM "
                             f"{self._narrow()}{sql}) "
                             + " UNION ALL ".join(parts), params)
        out: dict[str, list[tuple[str, int]]] = {n: [] for n in (*FACET_COLUMNS, "outlet")}
        for r in rows:
            if r["v"]:
                out[r["f"]].append((r["v"], int(r["n"])))
        return {k: sorted(v, key=lambda t: (-t[1], t[0]))[:top] for k, v in out.items()}

    def _narrow(self) -> str:
        """``events`` read through its narrow covering index (SQLite): aggregates that visit
        many events then never touch the wide rows with their JSON records (2-3x faster for a
        full-text, outlet or mode filter; an index scan of 100k events costs ~25 ms).  Every
        filter and aggregate column is in the index, so any WHERE of _where can use it."""
        return "events INDEXED BY events_covering" if self.db.dialect == "sqlite" else "events"

    def dyad_counts(self, **filters: Any) -> list[dict[str, Any]]:
        """Directed dyads of the filtered events: ``s``, ``t`` (country, else actor code), ``n``
        events and ``g`` mean Goldstein (None when no event has one), busiest first."""
        sql, params = self.where_clause(**filters)
        key_s = "COALESCE(source_country, source_code)"
        key_t = "COALESCE(target_country, target_code)"
        cond = f"{sql} {'AND' if sql else 'WHERE'} {key_s} IS NOT NULL AND {key_t} IS NOT NULL"
        rows = self._guard(self.db.query,
                           f"SELECT {key_s} AS s, {key_t} AS t, COUNT(*) AS n, "
                           f"AVG(goldstein) AS g FROM {self._narrow()}{cond} "
                           f"GROUP BY {key_s}, {key_t} "
                           "ORDER BY n DESC, s, t", params)
        return [{"s": r["s"], "t": r["t"], "n": int(r["n"]),
                 "g": float(r["g"]) if r["g"] is not None else None} for r in rows]

    def dated_events(self, **filters: Any) -> list[dict[str, Any]]:
        """``id``, ``date_lo`` and ``goldstein`` of every filtered event with a date (the dyad
        time series counts them per period)."""
        sql, params = self.where_clause(**filters)
        cond = f"{sql} {'AND' if sql else 'WHERE'} date_lo IS NOT NULL"
        return self._guard(self.db.query,
                           f"SELECT id, date_lo, goldstein FROM events{cond}", params)

    def counterparts(self, role: str, code: str, limit: int = 20) -> list[dict[str, Any]]:
        """Who ``code`` acts on (role ``source``) or is acted on by (role ``target``): the
        other side's ``code``, ``country`` and number of ``events``, most first."""
        if role not in ("source", "target"):
            raise ValueError("role must be 'source' or 'target'")
        other = "target" if role == "source" else "source"
        sql, params = self.where_clause(**{role: code})
        rows = self._guard(
            self.db.query,
            f"SELECT {other}_code AS c, {other}_country AS k, COUNT(*) AS n FROM events{sql} "
            f"AND {other}_code IS NOT NULL GROUP BY {other}_code, {other}_country "
            "ORDER BY n DESC, c LIMIT ?", params + [int(limit)])
        return [{"code": r["c"], "country": r["k"], "events": int(r["n"])} for r in rows]

    def quotes_by_speaker(self, code: str, limit: int = 25) -> list[dict[str, Any]]:
        """Quotes whose speaker's code starts with ``code`` (or, for an ISO3 code, whose
        speaker is of that country), newest article first: ``article_id``, ``title``,
        ``published`` and the stored quote ``record`` (parsed)."""
        v = re.sub(r"[^A-Z0-9]", "", str(code).upper())
        if not v:
            raise TidingsError("E042", value=code)
        cond, params = self.db.prefix_filter("q.speaker_code", v)
        if len(v) == 3 and v.isalpha():
            cond += " OR q.speaker_country = ?"
            params.append(v)
        rows = self._guard(
            self.db.query,
            "SELECT q.article_id, q.record, a.title, a.published FROM quotes q "
            f"JOIN articles a ON a.id = q.article_id WHERE {cond} "
            "ORDER BY a.published DESC, q.article_id, q.idx LIMIT ?", params + [int(limit)])
        return [{"article_id": r["article_id"], "title": r["title"], "published": r["published"],
                 "record": json.loads(r["record"])} for r in rows]

    def place_counts(self, top: int = 300, **filters: Any) -> list[dict[str, Any]]:
        """Filtered events per mentioned place with coordinates: ``name``, ``country``, mean
        ``lat``/``lon`` and ``n`` events, most first."""
        sql, params = self.where_clause(**filters)
        # unfiltered, every clustered mention counts: no need to look each one up in events
        which = f"event_id IN (SELECT id FROM events{sql})" if sql else "event_id IS NOT NULL"
        rows = self._guard(
            self.db.query,
            "SELECT location_name AS name, location_country AS country, AVG(lat) AS lat, "
            "AVG(lon) AS lon, COUNT(DISTINCT event_id) AS n FROM event_mentions WHERE lat IS NOT "
            f"NULL AND lon IS NOT NULL AND {which} "
            "GROUP BY location_name, location_country ORDER BY n DESC, name LIMIT ?",
            params + [int(top)])
        return [dict(r, n=int(r["n"])) for r in rows]

    def country_counts(self, **filters: Any) -> list[dict[str, Any]]:
        """Filtered events per location ``country`` (``n``), most first."""
        sql, params = self.where_clause(**filters)
        cond = f"{sql} {'AND' if sql else 'WHERE'} location_country IS NOT NULL"
        rows = self._guard(self.db.query,
                           "SELECT location_country AS country, COUNT(*) AS n FROM "
                           f"{self._narrow()}{cond} "
                           "GROUP BY location_country ORDER BY n DESC, country", params)
        return [dict(r, n=int(r["n"])) for r in rows]

    def event(self, id: str) -> dict[str, Any] | None:
        """One merged event by id (or, given a mention id, that raw mention)."""
        rows = self._guard(self.db.query, "SELECT record FROM events WHERE id = ?", [id])
        if rows:
            return json.loads(rows[0]["record"])
        rows = self._guard(self.db.query, "SELECT record, event_id, merge_reason FROM "
                           "event_mentions WHERE id = ? ORDER BY article_id LIMIT 1", [id])
        if not rows:
            return None
        d = json.loads(rows[0]["record"])
        d["merged_into"], d["merge_reason"] = rows[0]["event_id"], rows[0]["merge_reason"]
        return d

    def article(self, id: str) -> dict[str, Any] | None:
        """The stored article record; a known copy gives its original's record + ``duplicate_of``."""
        rows = self._guard(self.db.query, "SELECT record FROM articles WHERE id = ?", [id])
        if rows:
            return json.loads(rows[0]["record"])
        dup = self._guard(self.db.query, "SELECT * FROM article_duplicates WHERE id = ?", [id])
        if not dup:
            return None
        orig = self.article(dup[0]["duplicate_of"]) or {}
        orig.update({k: dup[0][k] for k in ("id", "outlet", "url", "title", "published")})
        orig["duplicate_of"] = dup[0]["duplicate_of"]
        orig["similarity"] = dup[0]["similarity"]
        return orig

    def articles(self, limit: int | None = None, offset: int = 0,
                 text: str | None = None) -> list[dict[str, Any]]:
        """Stored articles (id, title, outlet, published, n_events), oldest first."""
        sql = "SELECT a.id, a.title, a.outlet, a.published, a.n_events FROM articles a"
        params: list[Any] = []
        if text:
            fts, params = self.db.fts_filter(text)
            sql += f" WHERE {fts}"
        sql += " ORDER BY a.published IS NULL, a.published, a.rowid"
        sql, params = self._limit(sql, params, limit, offset)
        return self._guard(self.db.query, sql, params)

    def stats(self) -> dict[str, Any]:
        """Counts and date range of the database (for ``tidings stats`` and the web view)."""
        return self._guard(self._stats)

    def _stats(self) -> dict[str, Any]:
        q = self.db.query
        one = lambda sql: q(sql)[0]["n"]  # noqa: E731
        by_type = {r["type"]: int(r["n"]) for r in
                   q("SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY type")}
        span = q("SELECT MIN(published) AS lo, MAX(published) AS hi FROM articles")[0]
        return {
            "backend": self.db.dialect, "schema_version": self._version(),
            "articles": int(one("SELECT COUNT(*) AS n FROM articles")),
            "duplicates": int(one("SELECT COUNT(*) AS n FROM article_duplicates")),
            "outlets": int(one("SELECT COUNT(DISTINCT outlet) AS n FROM articles")),
            "actor_mentions": int(one("SELECT COUNT(*) AS n FROM mentions")),
            "quotes": int(one("SELECT COUNT(*) AS n FROM quotes")),
            "event_mentions": int(one("SELECT COUNT(*) AS n FROM event_mentions")),
            "events": int(one("SELECT COUNT(*) AS n FROM events")),
            "first_published": span["lo"], "last_published": span["hi"],
            "events_by_type": by_type,
        }


# ------------------------------------------------------------------ pure helpers

_KEY_COLUMNS = ", ".join(f"m.{c}" for c in (
    "type", "modality", "source_code", "source_country", "target_code", "target_country",
    "date_lo", "date_hi", "location_country", "location_feature", "lat", "lon",
    "evidence_text"))


def _qualify(term: str) -> str:
    """An ORDER BY term (``date_lo IS NULL``, ``id``) with its column qualified by ``e.``."""
    col, _, rest = term.partition(" ")
    return f"e.{col} {rest}".rstrip()


def _span(lo: Any, hi: Any) -> int | None:
    """Days from an event's first to its last possible day (dates or ISO strings)."""
    if not lo or not hi:
        return None
    return (_dt.date.fromisoformat(str(hi)[:10]) - _dt.date.fromisoformat(str(lo)[:10])).days


def _actor_prefilter(key: dedup.EventKey) -> tuple[str, list[Any]]:
    """SQL keeping only events whose (best mention's) actors could match ``key``'s.

    A necessary condition of :func:`dedup.match` for each slot the key fills: the event's slot
    has the same code or country, or is empty (an empty slot may merge under the relaxed rule).
    """
    conds: list[str] = []
    params: list[Any] = []
    for side, code, country in (("source", key.source_code, key.source_country),
                                ("target", key.target_code, key.target_country)):
        if code is None and country is None:
            continue
        conds.append(f"(e.{side}_code = ? OR e.{side}_country = ? OR "
                     f"(e.{side}_code IS NULL AND e.{side}_country IS NULL))")
        params += [code, country]
    return "".join(" AND " + c for c in conds), params


def _key_from_row(r: dict[str, Any]) -> dedup.EventKey:
    """The merge key of a stored mention, from its columns (dates already resolved on insert)."""
    def day(v: Any) -> _dt.date | None:
        return _dt.date.fromisoformat(str(v)[:10]) if v else None

    return dedup.EventKey(
        type=r["type"], modality=r["modality"], source_code=r["source_code"],
        source_country=r["source_country"], target_code=r["target_code"],
        target_country=r["target_country"], date_lo=day(r["date_lo"]), date_hi=day(r["date_hi"]),
        date_guessed=False, loc_country=r["location_country"],
        loc_specific=r["location_feature"] in ("city", "admin1"), lat=r["lat"], lon=r["lon"],
        evidence=r["evidence_text"])


def _near(span: tuple[Any, Any], key: dedup.EventKey, window_days: int) -> bool:
    """Could an event spanning ``span`` (date_lo, date_hi) match ``key`` on dates at all?"""
    lo, hi = span
    if lo is None or key.date_lo is None:
        return lo is None and key.date_lo is None
    w = _dt.timedelta(days=window_days)
    return bool(lo <= key.date_hi + w and hi >= key.date_lo - w)


def choose_event(key: dedup.EventKey, candidates: dict[str, list[dedup.EventKey]],
                 window_days: int = 1) -> tuple[str | None, str]:
    """The candidate event ``key`` belongs to, and why; (None, "") when it is a new event.

    A mention joins an event only if it matches every mention already in it (complete link:
    dates cannot drift day by day through a chain); among several, the strongest reason wins,
    then the larger event, then the smaller id (deterministic).
    """
    best: tuple[int, int, str] | None = None
    best_reason = ""
    for ev_id, members in candidates.items():
        reasons = [dedup.match(m, key, window_days) for m in members]
        if not members or any(r is None for r in reasons):
            continue
        reason = reasons[0] or ""
        rank = (dedup.reason_strength(reason), len(members), ev_id)
        if best is None or (rank[0], rank[1]) > (best[0], best[1]) or \
                ((rank[0], rank[1]) == (best[0], best[1]) and ev_id < best[2]):
            best, best_reason = rank, reason
    return (best[2], best_reason) if best else (None, "")


def merged_record(ev_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The merged event record from its mention rows (ordered by publication).

    Its Event fields are the best mention's (highest confidence; earliest on ties), with the
    event's own id and the highest confidence; plus the contract's counts and mention list.
    """
    _, _, best = max((float(r["confidence"] or 0.0), -i, r) for i, r in enumerate(rows))
    rec = json.loads(best["record"])
    out: dict[str, Any] = dict(rec)
    out["id"] = ev_id
    out["confidence"] = round(max(float(r["confidence"] or 0.0) for r in rows), 4)
    pubs = [r["published"] for r in rows if r["published"]]
    out["num_mentions"] = len(rows)
    out["num_articles"] = len({r["article_id"] for r in rows})
    out["num_sources"] = len({r["outlet"] or "article:" + r["article_id"] for r in rows})
    out["first_seen"] = min(pubs) if pubs else None
    out["last_seen"] = max(pubs) if pubs else None
    out["best_mention"] = best["id"]
    out["mentions"] = [{"article_id": r["article_id"], "event_id": r["id"],
                        "evidence": json.loads(r["record"]).get("evidence"),
                        "merge_reason": r["merge_reason"]} for r in rows]
    return out
