"""The event store: the same tests run on SQLite and (when TIDINGS_TEST_PG_URL is set) PostgreSQL."""
from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from test_store_support import (article, event, filler_text, place,  # type: ignore[import-not-found]
                                store_at_version, strike_article)
from tidings.errors import TidingsError
from tidings.store import Store, open_store, schema_version

PG_URL = os.environ.get("TIDINGS_TEST_PG_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a file, or a private PostgreSQL schema."""
    if request.param == "sqlite":
        yield str(tmp_path / "events.db")
        return
    if not PG_URL:
        pytest.skip("TIDINGS_TEST_PG_URL is unset: run `eval \"$(.ci/postgres.sh)\"` to test "
                    "the PostgreSQL backend")
    import psycopg
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    yield PG_URL + sep + "options=" + quote(f"-csearch_path={schema}")
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    with open_store(url) as st:
        yield st


def _strike_story(st: Store) -> None:
    """Three outlets report one US strike on Jan 3; a fourth reports a second strike on Jan 6."""
    st.add_article(strike_article("r1", "Reuters", "2020-01-04", "2020-01-03", filler_text(1)))
    st.add_article(strike_article("p1", "AP", "2020-01-04", "2020-01-03", filler_text(2), 0.8))
    st.add_article(strike_article("f1", "AFP", "2020-01-05", "2020-01-04", filler_text(3)))
    st.add_article(strike_article("b1", "BBC", "2020-01-07", "2020-01-06", filler_text(4)))


# ------------------------------------------------------------------ schema

def test_new_database_has_current_schema_version(store: Store) -> None:
    assert store.stats()["schema_version"] == schema_version() == 5
    if store.db.dialect == "sqlite":
        assert store.db.query("PRAGMA user_version")[0]["user_version"] == 5
        assert store.db.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"


def test_version_1_database_is_migrated_keeping_its_data(url: str) -> None:
    bag = place("Baghdad", "IRQ", 33.34, 44.40)
    old = event("old", 0, "PROTEST", "IRQ", "IRQGOV", "2020-01-03", "x", location=bag)
    with store_at_version(url, 1) as st, st.db.transaction():  # what version 1 wrote, row by row
        st.db.execute("INSERT INTO articles(id, published, text, text_hash, n_events, "
                      "record, added_at) VALUES ('old', '2020-01-04', 't', 'h', 1, '{}', "
                      "'2020-01-04')")
        st.db.execute("INSERT INTO event_mentions(id, article_id, seq, type, modality, "
                      "source_country, target_code, target_country, date_lo, date_hi, "
                      "location_country, lat, lon, confidence, published, record) VALUES "
                      "(?, 'old', 0, 'PROTEST', 'asserted', 'IRQ', 'IRQGOV', 'IRQ', "
                      "'2020-01-03', '2020-01-03', 'IRQ', 33.34, 44.4, 0.6, '2020-01-04', ?)",
                      [old["id"], json.dumps(old)])
    with open_store(url) as st:
        assert st.stats()["schema_version"] == 5
        row = st.db.query("SELECT location_feature FROM event_mentions")[0]
        assert row["location_feature"] == "city"                  # back-filled from the JSON
        st.recluster()
        st.add_article(article("new", filler_text(2), "2020-01-04", "B",
                               [event("new", 0, "PROTEST", "IRQ", "IRQGOV", "2020-01-03", "y",
                                      location=bag)]))
        assert [e["num_mentions"] for e in st.events()] == [2]


def test_sqlite_and_postgres_migrations_define_the_same_columns() -> None:
    from tidings.store import _migrations, _statements
    import re

    def columns(dialect: str) -> dict[str, list[str]]:
        out = {}
        for _, sql in _migrations(dialect):
            for st in _statements(sql):
                m = re.match(r"CREATE TABLE (\w+) \((.*)\)$", st, re.S)
                if m:
                    out[m.group(1)] = re.findall(r"(?:^|,)\s*(\w+) [A-Z]", m.group(2))
                m = re.match(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", st)
                if m:
                    out[m.group(1)].append(m.group(2))
        return out

    assert columns("sqlite") == columns("postgres")
    assert columns("sqlite")["event_mentions"][-1] == "location_feature"
    assert [v for v, _ in _migrations("sqlite")] == [v for v, _ in _migrations("postgres")]


def test_reopening_keeps_data(url: str) -> None:
    with open_store(url) as st:
        _strike_story(st)
    with open_store(url, readonly=True) as st:
        assert st.stats()["articles"] == 4
        assert st.count_events() == 2


# ------------------------------------------------------------------ articles and duplicates

def test_same_article_twice_adds_nothing(store: Store) -> None:
    rec = strike_article("r1", "Reuters", "2020-01-04", "2020-01-03", filler_text(1))
    assert store.add_article(rec) is True
    assert store.add_article(rec) is False
    s = store.stats()
    assert (s["articles"], s["event_mentions"], s["events"], s["duplicates"]) == (1, 1, 1, 0)


def test_syndicated_copy_under_new_id_is_linked_not_coded(store: Store) -> None:
    text = filler_text(7)
    store.add_article(strike_article("wire", "AP", "2020-01-04", "2020-01-03", text))
    copy = strike_article("copy", "Yahoo", "2020-01-04", "2020-01-03", text)
    copy["title"] = "A brand new headline"
    assert store.add_article(copy) is False
    assert store.stats()["event_mentions"] == 1
    got = store.article("copy")
    assert got is not None and got["duplicate_of"] == "wire" and got["outlet"] == "Yahoo"
    row = store.db.query("SELECT method, similarity FROM article_duplicates WHERE id = 'copy'")[0]
    assert (row["method"], row["similarity"]) == ("exact", 1.0)


def test_near_duplicate_with_edited_dateline_is_detected(store: Store) -> None:
    text = filler_text(8, words=120)
    store.add_article(strike_article("wire", "AP", "2020-01-04", "2020-01-03", text))
    edited = "WASHINGTON (Local Desk) - " + text.replace("Report number 8:", "Update:")
    assert store.add_article(strike_article("repost", "Local", "2020-01-04", "2020-01-03",
                                            edited)) is False
    row = store.db.query("SELECT method, similarity FROM article_duplicates WHERE id = 'repost'")
    assert row[0]["method"] == "minhash" and row[0]["similarity"] >= 0.7


def test_different_articles_are_not_duplicates(store: Store) -> None:
    for i in range(5):
        assert store.add_article(strike_article(f"x{i}", f"O{i}", "2020-01-04", "2020-01-03",
                                                filler_text(100 + i)))
    assert store.stats()["duplicates"] == 0


def test_article_round_trip_and_listing(store: Store) -> None:
    rec = strike_article("r1", "Reuters", "2020-01-04", "2020-01-03", filler_text(1))
    store.add_article(rec)
    assert store.article("r1") == rec
    assert store.article("nope") is None
    assert store.articles() == [{"id": "r1", "title": "Title of r1", "outlet": "Reuters",
                                 "published": "2020-01-04", "n_events": 1}]


def test_full_text_search_over_articles(store: Store) -> None:
    store.add_article(article("k1", "Dockers in Durban walked out over pay.", "2021-03-01", "X"))
    store.add_article(article("k2", "The senate passed the budget bill.", "2021-03-01", "Y"))
    assert [a["id"] for a in store.articles(text="durban")] == ["k1"]
    assert [a["id"] for a in store.articles(text='budget" (senate*')] == ["k2"]   # no FTS syntax


# ------------------------------------------------------------------ clustering

def test_mentions_of_one_strike_merge_across_outlets(store: Store) -> None:
    _strike_story(store)
    evs = store.events()
    assert [(e["num_mentions"], e["num_articles"], e["num_sources"]) for e in evs] == \
        [(3, 3, 3), (1, 1, 1)]
    first = evs[0]
    assert (first["first_seen"], first["last_seen"]) == ("2020-01-04", "2020-01-05")
    assert first["article_id"] == "p1" and first["confidence"] == 0.8   # best mention's fields
    reasons = {m["article_id"]: m["merge_reason"] for m in first["mentions"]}
    assert reasons["r1"] == "new"
    assert reasons["f1"] == ("type+modality; source=code; target=code; date=within-1d; "
                             "place=unknown")
    assert store.event(first["id"]) == first


def test_different_modality_or_type_or_target_do_not_merge(store: Store) -> None:
    base = ("USAMIL", "IRNMIL", "2020-01-03")
    variants = [("ASSAULT", "asserted", base), ("ASSAULT", "negated", base),
                ("COERCE", "asserted", base), ("ASSAULT", "asserted", ("USAMIL", "IRQMIL",
                                                                       "2020-01-03")),
                ("ASSAULT", "asserted", ("USAMIL", "IRNMIL", "2020-01-05"))]
    for i, (typ, mod, (s, t, d)) in enumerate(variants):
        store.add_article(article(f"v{i}", filler_text(200 + i), "2020-01-06", f"O{i}",
                                  [event(f"v{i}", 0, typ, s, t, d, "x", modality=mod)]))
    assert store.count_events() == 5


def test_country_level_match_and_coarse_dates(store: Store) -> None:
    store.add_article(article("m1", filler_text(11), "2020-01-10", "A",
                              [event("m1", 0, "SANCTION", "USAGOV", "IRN", "2020-01-08", "x")]))
    store.add_article(article("m2", filler_text(12), "2020-02-01", "B",
                              [event("m2", 0, "SANCTION", "USA", "IRNGOV", "2020-01", "y",
                                     granularity="month")]))
    [ev] = store.events()
    assert ev["num_mentions"] == 2
    assert ev["mentions"][1]["merge_reason"].startswith(
        "type+modality; source=country; target=country; date=within-period")


def test_places_far_apart_are_different_events(store: Store) -> None:
    bag = place("Baghdad", "IRQ", 33.34, 44.40)
    basra = place("Basra", "IRQ", 30.51, 47.81)
    for i, loc in enumerate([bag, basra, bag]):
        store.add_article(article(f"p{i}", filler_text(300 + i), "2020-01-04", f"O{i}",
                                  [event(f"p{i}", 0, "PROTEST", "IRQ", "IRQGOV", "2020-01-03",
                                         "z", location=loc)]))
    assert sorted(e["num_mentions"] for e in store.events()) == [1, 2]


def test_recluster_rebuilds_same_events_and_loses_no_mention(store: Store) -> None:
    _strike_story(store)
    before = [(e["id"], e["num_mentions"]) for e in store.events()]
    n_mentions = store.count_events(merged=False)
    store.recluster()
    assert [(e["id"], e["num_mentions"]) for e in store.events()] == before
    assert store.count_events(merged=False) == n_mentions == 4
    assert sum(e["num_mentions"] for e in store.events()) == 4


def test_recluster_with_wider_window_merges_more(url: str) -> None:
    with open_store(url) as st:
        _strike_story(st)
        assert st.count_events() == 2
    with open_store(url, window_days=3) as st:
        st.recluster()
        assert [e["num_mentions"] for e in st.events()] == [4]


# ------------------------------------------------------------------ queries

def test_filters(store: Store) -> None:
    _strike_story(store)
    store.add_article(article("q1", "Tehran rally against Washington.", "2020-01-08", "IRNA",
                              [event("q1", 0, "PROTEST", "IRNCVL", "USA", "2020-01-08", "rally",
                                     confidence=0.3)]))
    assert store.count_events() == 3
    assert store.count_events(source="USA") == 2
    assert store.count_events(source="usagov") == 0
    assert store.count_events(source="USAMIL", target="IRN") == 2
    assert store.count_events(target="USA") == 1
    assert store.count_events(type="PROTEST") == 1
    assert store.count_events(type="PROTEST,ASSAULT") == 3
    assert store.count_events(since="2020-01-05") == 2
    assert store.count_events(until="2020-01-04") == 1
    assert store.count_events(modality="negated") == 0
    assert store.count_events(country="IRN") == 3
    assert store.count_events(min_confidence=0.5) == 2
    assert store.count_events(text="Tehran") == 1
    assert store.count_events(text="Tehran", merged=False) == 1
    assert store.count_events(merged=False, source="USA") == 4
    assert [e["type"] for e in store.events(order="-date")] == ["PROTEST", "ASSAULT", "ASSAULT"]
    assert [e["num_mentions"] for e in store.events(order="mentions", limit=1)] == [3]
    assert len(store.events(offset=1)) == 2
    raw = store.events(merged=False, limit=2)
    assert {r["merged_into"] for r in raw} == {store.events()[0]["id"]}
    assert store.events(source="'; DROP TABLE events; --") == []
    assert store.count_events() == 3
    with pytest.raises(TidingsError) as ei:
        store.events(target="!!")
    assert ei.value.code == "E042"


def test_filter_values_cannot_inject_sql(store: Store) -> None:
    _strike_story(store)
    assert store.count_events(type="ASSAULT' OR '1'='1") == 0
    assert store.count_events(text="x'); DROP TABLE events; --") == 0
    assert store.count_events() == 2


# ------------------------------------------------------------------ errors

def _sha(path: Path) -> bytes:
    return path.read_bytes()


def test_not_a_database_file_is_refused_and_left_intact(tmp_path: Path) -> None:
    p = tmp_path / "notes.db"
    p.write_text("just some notes\n")
    with pytest.raises(TidingsError) as ei:
        open_store(str(p))
    assert ei.value.code == "E030"
    assert p.read_text() == "just some notes\n"


def test_foreign_sqlite_database_is_refused_and_left_intact(tmp_path: Path) -> None:
    p = tmp_path / "other.db"
    conn = sqlite3.connect(p)
    conn.execute("CREATE TABLE customers (name TEXT)")
    conn.commit()
    conn.close()
    before = _sha(p)
    with pytest.raises(TidingsError) as ei:
        open_store(str(p))
    assert ei.value.code == "E030"
    assert _sha(p) == before and not (tmp_path / "other.db-wal").exists()


def test_corrupted_database_gives_e030(tmp_path: Path) -> None:
    p = tmp_path / "events.db"
    with open_store(str(p)) as st:
        _strike_story(st)
    data = bytearray(p.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)           # trash the schema page
    p.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"events.db{suffix}").unlink(missing_ok=True)
    with pytest.raises(TidingsError) as ei:
        open_store(str(p))
    assert ei.value.code == "E030"


@pytest.mark.parametrize("readonly", [False, True], ids=["writable", "read-only"])
def test_newer_schema_is_refused_with_e031(tmp_path: Path, readonly: bool) -> None:
    """Neither migrated nor read: a read-only open does not relax the check."""
    p = tmp_path / "events.db"
    open_store(str(p)).close()
    conn = sqlite3.connect(p)
    conn.execute("UPDATE tidings_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(TidingsError) as ei:
        open_store(str(p), readonly=readonly)
    assert ei.value.code == "E031"
    assert "version 99 is newer than this tidings (5)" in ei.value.message


def test_missing_database_for_reading(tmp_path: Path) -> None:
    with pytest.raises(TidingsError) as ei:
        open_store(str(tmp_path / "absent.db"), readonly=True)
    assert ei.value.code == "E035"
    assert not (tmp_path / "absent.db").exists()


def test_unopenable_paths(tmp_path: Path) -> None:
    for bad in (str(tmp_path), str(tmp_path / "no" / "dir" / "x.db"), "mysql://h/db"):
        with pytest.raises(TidingsError) as ei:
            open_store(bad)
        assert ei.value.code == "E034"


def test_locked_database(tmp_path: Path) -> None:
    p = tmp_path / "events.db"
    open_store(str(p)).close()
    other = sqlite3.connect(p, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with open_store(str(p), timeout=0.2) as st:
            with pytest.raises(TidingsError) as ei:
                st.add_article(strike_article("r1", "R", "2020-01-04", "2020-01-03", "text"))
            assert ei.value.code == "E032"
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_disk_full_commits_nothing(tmp_path: Path) -> None:
    p = tmp_path / "events.db"
    with open_store(str(p)) as st:
        st.add_article(strike_article("r1", "R", "2020-01-04", "2020-01-03", filler_text(1)))
        pages = st.db.query("PRAGMA page_count")[0]["page_count"]
        st.db.execute(f"PRAGMA max_page_count = {pages}")        # the disk is now 'full'
        big = strike_article("big", "B", "2020-01-04", "2020-01-03", filler_text(2, words=40000))
        with pytest.raises(TidingsError) as ei:
            st.add_article(big)
        assert ei.value.code == "E033"
        assert st.stats()["articles"] == 1 and st.article("big") is None


def test_readonly_store_refuses_writes(url: str) -> None:
    open_store(url).close()
    with open_store(url, readonly=True) as st:
        with pytest.raises(TidingsError) as ei:
            st.add_article(strike_article("r1", "R", "2020-01-04", "2020-01-03", "t"))
        assert ei.value.code == "E034"


# ------------------------------------------------------------------ command

def test_events_command_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tidings.cli import main

    db = str(tmp_path / "events.db")
    with open_store(db) as st:
        _strike_story(st)
    assert main(["events", "--db", db, "--format", "jsonl"]) == 0
    recs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["num_mentions"] for r in recs] == [3, 1]
    assert {"num_articles", "num_sources", "first_seen", "last_seen", "mentions"} <= set(recs[0])
    assert main(["events", "--db", db, "--mentions", "-f", "csv", "--since", "2020-01-06"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].endswith("merged_into,merge_reason")
    assert main(["events", "--db", db, "--source", "USA", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "USAMIL" in out and "1 event(s)" in out
    assert main(["events", "--db", str(tmp_path / "none.db")]) == 1
    assert "E035" in capsys.readouterr().err


def test_readonly_path_with_uri_characters(tmp_path: Path) -> None:
    p = tmp_path / "odd ?#name.db"
    with open_store(str(p)) as st:
        _strike_story(st)
    with open_store(f"sqlite:///{p}", readonly=True) as st:
        assert st.count_events() == 2


# ------------------------------------------------------------------ paging, windows, old schemas

def _dated_and_undated(st: Store) -> list[str]:
    """Seven events on five days (two share a day) and two undated; their ids in 'date' order."""
    days = ["2020-03-05", "2020-03-01", "2020-03-03", "2020-03-01", "2020-03-09", None, None,
            "2020-03-07", "2020-03-02"]
    types = ["PROTEST", "ASSAULT", "AID", "ACCUSE", "THREATEN", "SANCTION", "COERCE",
             "CONSULT", "AGREE"]                 # all different: nothing merges
    for i, (d, typ) in enumerate(zip(days, types)):
        st.add_article(article(f"k{i}", filler_text(400 + i), None, f"O{i}",
                               [event(f"k{i}", 0, typ, "FRA", "IRN", d, "x")]))
    return [e["id"] for e in st.events(order="date")]


def test_keyset_pages_equal_offset_pages_in_both_orders(store: Store) -> None:
    ids = _dated_and_undated(store)
    assert len(ids) == 9 and store.events(order="date")[-1]["date"] is None
    for order in ("date", "-date"):
        full = [e["id"] for e in store.events(order=order)]
        got: list[str] = []
        after: str | None = None
        while True:
            page = [e["id"] for e in (store.events(order=order, limit=2, after=after) if after
                                      else store.events(order=order, limit=2))]
            got += page
            if len(page) < 2:
                break
            after = page[-1]
        assert got == full, order
    # the page after the first undated event holds only the second one
    assert [e["id"] for e in store.events(after=ids[7], limit=5)] == [ids[8]]
    # filters combine with the cursor
    assert [e["id"] for e in store.events(after=ids[0], until="2020-03-03")] == ids[1:4]


def test_keyset_cursor_misuse_is_refused(store: Store) -> None:
    ids = _dated_and_undated(store)
    with pytest.raises(ValueError):
        store.events(after="no-such-event")
    with pytest.raises(ValueError):
        store.events(after=ids[0], order="mentions")
    with pytest.raises(ValueError):
        store.events(after=ids[0], offset=2)


def test_date_pages_read_the_sort_index_not_a_sorted_copy(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "e.db")) as st:
        _dated_and_undated(st)
        first = st.events(limit=1)[0]["id"]
        plans = {
            "offset": st.db.query("EXPLAIN QUERY PLAN SELECT record FROM events ORDER BY "
                                  "date_lo IS NULL, date_lo, id LIMIT 2 OFFSET 3"),
            "keyset": st.db.query("EXPLAIN QUERY PLAN SELECT record FROM events WHERE "
                                  "(date_lo IS NULL) = FALSE AND (date_lo, id) > (?, ?) "
                                  "ORDER BY date_lo, id LIMIT 2", ["2020-03-01", first])}
    for name, plan in plans.items():
        detail = " ".join(r["detail"] for r in plan)
        assert "events_order_date" in detail and "TEMP B-TREE" not in detail, name


def test_month_and_year_events_still_found_as_candidates(store: Store) -> None:
    """A day mention joins a month-long event starting 3 weeks earlier, and a year-long one."""
    store.add_article(article("y1", filler_text(501), "2019-12-30", "A",
                              [event("y1", 0, "SANCTION", "USAGOV", "IRNGOV", "2019", "x",
                                     granularity="year")]))
    store.add_article(article("m1", filler_text(502), "2020-02-01", "B",
                              [event("m1", 0, "AID", "FRAGOV", "IRQGOV", "2020-01", "x",
                                     granularity="month")]))
    store.add_article(article("d1", filler_text(503), "2020-01-30", "C",
                              [event("d1", 0, "AID", "FRAGOV", "IRQGOV", "2020-01-29", "y")]))
    store.add_article(article("d2", filler_text(504), "2019-11-30", "D",
                              [event("d2", 0, "SANCTION", "USAGOV", "IRNGOV", "2019-11-29", "y")]))
    spans = {r["id"]: r["date_span"] for r in store.db.query("SELECT id, date_span FROM events")}
    assert sorted(spans.values()) == [30, 364]
    assert sorted(e["num_mentions"] for e in store.events()) == [2, 2]


def test_candidate_lookup_skips_events_of_other_actors(store: Store) -> None:
    from tidings import dedup

    for i, (s, t) in enumerate([("USAGOV", "IRNGOV"), ("FRAGOV", "IRNGOV"), (None, "IRNGOV")]):
        store.add_article(article(f"c{i}", filler_text(600 + i), "2020-01-04", f"O{i}",
                                  [event(f"c{i}", 0, "THREATEN", s, t, "2020-01-03", "x")]))
    key = dedup.key_from_dict(event("q", 0, "THREATEN", "USAGOV", "IRNGOV", "2020-01-03", "x"))
    members = store._candidates(key)
    got = {m.source_code for ms in members.values() for m in ms}
    assert got == {"USAGOV", None}                   # the French event is never read


def test_near_copy_needs_two_shared_bands(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """One shared LSH band (boilerplate) is not enough to compare signatures; two are."""
    import tidings.store as store_mod
    from tidings import dedup

    text = filler_text(9, words=120)
    store.add_article(strike_article("w", "AP", "2020-01-04", "2020-01-03", text))
    bands = dedup.lsh_bands(dedup.minhash(text))
    calls: list[int] = []
    real = dedup.estimated_jaccard
    monkeypatch.setattr(store_mod.dedup, "estimated_jaccard",
                        lambda a, b: calls.append(1) or real(a, b))
    one = [bands[0]] + ["0" * 16] * (len(bands) - 1)
    assert store._find_copy("nohash", dedup.minhash(text), one) is None and calls == []
    two = bands[:2] + ["0" * 16] * (len(bands) - 2)
    found = store._find_copy("nohash", dedup.minhash(text), two)
    assert found == ("w", 1.0, "minhash") and calls == [1]


def test_older_schema_opens_read_only_without_migrating(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import tidings.store as store_mod

    with store_at_version(url, 1):                      # a version-1 database
        pass
    monkeypatch.setattr(store_mod, "READABLE_SINCE", 1)
    with open_store(url, readonly=True) as st:          # readable as it is, and left as it is
        assert st.stats()["schema_version"] == 1
        assert st.events() == [] and st.count_events() == 0
    monkeypatch.undo()                    # the shipped READABLE_SINCE: 5 (web columns) > 1
    with pytest.raises(TidingsError) as ei:
        open_store(url, readonly=True)
    assert ei.value.code == "E036"
    assert "version 1 is older than this tidings (5)" in ei.value.message
    assert "writable" in ei.value.message
    with open_store(url) as st:                         # writable: migrated
        assert st.stats()["schema_version"] == 5
    with open_store(url, readonly=True) as st:
        assert st.stats()["schema_version"] == 5


def test_mention_with_empty_target_joins_the_event_and_recluster_agrees(store: Store) -> None:
    said = "Dock workers in Ruritania marched against the port ministry on Sunday"
    store.add_article(article("t1", filler_text(701), "2021-05-03", "A",
                              [event("t1", 0, "PROTEST", "FRALAB", "FRAGOV", "2021-05-02", said)]))
    store.add_article(article("t2", filler_text(702), "2021-05-03", "B",
                              [event("t2", 0, "PROTEST", "FRALAB", None, "2021-05-02",
                                     said.replace("Dock workers in", "") + " again")]))
    store.add_article(article("t3", filler_text(703), "2021-05-03", "C",
                              [event("t3", 0, "PROTEST", "FRALAB", None, "2021-05-02",
                                     "Farmers blocked roads")]))
    evs = store.events(order="mentions")
    assert [e["num_mentions"] for e in evs] == [2, 1]
    assert evs[0]["mentions"][1]["merge_reason"].endswith("target=empty; date=same-day; "
                                                          "place=unknown; evidence=0.67")
    before = sorted((e["id"], e["num_mentions"]) for e in evs)
    store.recluster()
    assert sorted((e["id"], e["num_mentions"]) for e in store.events()) == before
