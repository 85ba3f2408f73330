"""Store schema 5 and the read API the web desk uses (mode/goldstein columns, outlet filter,
indexed actor prefixes, full text through article ids, aggregates, the cache token).

Runs on SQLite and (with TIDINGS_TEST_PG_URL) PostgreSQL through the ``url`` fixture of
test_store.py; every test writes its own small articles.
"""
from __future__ import annotations

import json
from typing import Any

import pytest

from test_store import url  # noqa: F401  (fixture)  # type: ignore[import-not-found]
from test_store_support import (article, event, filler_text,  # type: ignore[import-not-found]
                                place, store_at_version)
from tidings.errors import TidingsError
from tidings.store import Store, open_store


def _ev(aid: str, n: int, typ: str, src: str | None, tgt: str | None, date: str,
        mode: str | None = None, goldstein: float | None = None, **kw: Any) -> dict[str, Any]:
    e = event(aid, n, typ, src, tgt, date, f"evidence {aid} {n}", **kw)
    e["mode"], e["goldstein"] = mode, goldstein
    return e


@pytest.fixture
def desk(url: str) -> Any:  # noqa: F811
    """Four articles from three outlets: sanctions, a protest, an assault and a statement."""
    paris = place("Paris", "FRA", 48.85, 2.35)
    kyiv = place("Kyiv", "UKR", 50.45, 30.52)
    with open_store(url) as st:
        st.add_article(article("a1", "Sanctions on the grain exporters. " + filler_text(1),
                               "2021-03-02", "Lake Post",
                               [_ev("a1", 0, "SANCTION", "USAGOV", "RUSGOV", "2021-03-01",
                                    "economic", -5.5, location=paris)]))
        st.add_article(article("a2", "Crowds marched past the harbour. " + filler_text(2),
                               "2021-03-05", "Hill Times",
                               [_ev("a2", 0, "PROTEST", "UKR", "RUSMIL", "2021-03-04",
                                    "demonstrate", -2.0, location=kyiv)]))
        st.add_article(article("a3", "Shelling near the airport. " + filler_text(3),
                               "2021-03-09", "Lake Post",
                               [_ev("a3", 0, "ASSAULT", "RUSMIL", "UKRMIL", "2021-03-08",
                                    None, -10.0, location=kyiv),
                                _ev("a3", 1, "SANCTION", "USAMIL", "RUS", "2021-03-08",
                                    "economic", None)]))
        st.add_article(article("a4", "A minister spoke at the summit. " + filler_text(4),
                               "2021-03-12", "River Daily",
                               [_ev("a4", 0, "CONSULT", "FRAGOV", "UKRGOV", "2021-03-11",
                                    None, 1.0)]))
        yield st


def test_mode_and_goldstein_are_columns_filled_from_the_merged_record(desk: Store) -> None:
    rows = desk.db.query("SELECT type, mode, goldstein FROM events ORDER BY date_lo, type")
    assert [(r["type"], r["mode"], r["goldstein"]) for r in rows] == [
        ("SANCTION", "economic", -5.5), ("PROTEST", "demonstrate", -2.0),
        ("ASSAULT", None, -10.0), ("SANCTION", "economic", None), ("CONSULT", None, 1.0)]


def test_mode_filter(desk: Store) -> None:
    assert sorted(e["type"] for e in desk.events(mode="economic")) == ["SANCTION", "SANCTION"]
    assert desk.count_events(mode="economic") == 2
    assert desk.count_events(mode="economic,demonstrate") == 3
    assert desk.count_events(mode="nothing") == 0


def test_outlet_filter_keeps_events_the_outlet_reported(desk: Store) -> None:
    lake = desk.events(outlet="Lake Post", order="date")
    assert [(e["date"], e["type"]) for e in lake][0] == ("2021-03-01", "SANCTION")
    assert sorted(e["type"] for e in lake) == ["ASSAULT", "SANCTION", "SANCTION"]
    assert desk.count_events(outlet="Lake Post") == 3
    assert desk.count_events(outlet="River Daily", type="CONSULT") == 1
    assert desk.count_events(outlet="Nobody") == 0
    raw = desk.events(outlet="Hill Times", merged=False)
    assert [e["article_id"] for e in raw] == ["a2"]


def test_actor_prefix_is_a_range_of_codes(desk: Store) -> None:
    assert sorted(e["source"]["code"] for e in desk.events(source="USA")) == ["USAGOV", "USAMIL"]
    assert [e["source"]["code"] for e in desk.events(source="usag")] == ["USAGOV"]
    assert [e["source"]["code"] for e in desk.events(source="RUSMIL")] == ["RUSMIL"]
    # a prefix does not reach the next code up (RUT...), and a country code matches the country
    assert desk.count_events(source="RUS") == 1 and desk.count_events(target="RUS") == 3
    assert desk.count_events(source="RUSMILX") == 0


def test_full_text_finds_the_events_of_matching_articles(desk: Store,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert sorted(e["type"] for e in desk.events(text="shelling")) == ["ASSAULT", "SANCTION"]
    assert desk.count_events(text="harbour crowds") == 1
    assert desk.count_events(text="nosuchword") == 0
    both = []
    for walk in (False, True):         # walking the sort index finds the same page
        monkeypatch.setattr(Store, "_walk_text", lambda *a, w=walk: w)
        both.append([e["id"] for e in desk.events(text="shelling", order="-date", limit=1)])
    assert both[0] == both[1] and len(both[0]) == 1


def test_walk_text_prefers_the_walk_for_broad_words_only(url: str) -> None:  # noqa: F811
    with open_store(url) as st:
        for i in range(20):
            word = "common" if i < 10 else "rare" if i == 10 else "other"
            st.add_article(article(f"w{i}", f"{word} words. " + filler_text(100 + i),
                                   "2021-01-01", "X", [_ev(f"w{i}", 0, "PROTEST", "FRA", None,
                                                           f"2021-01-{i + 1:02d}")]))
        if st.db.dialect != "sqlite":
            assert st._walk_text("common", "date", 1, 0) is False
            return
        assert st._walk_text("common", "date", 1, 0) is False      # 10 of 20 < 20 x page
        assert st._walk_text("common", "date", None, 0) is False
        st_rows = [e["id"] for e in st.events(text="common", order="date", limit=3)]
        assert len(st_rows) == 3


def test_where_clause_is_the_filter_events_uses(desk: Store) -> None:
    sql, params = desk.where_clause(type="SANCTION", outlet="Lake Post")
    n = desk.db.query(f"SELECT COUNT(*) AS n FROM events{sql}", params)[0]["n"]
    assert int(n) == desk.count_events(type="SANCTION", outlet="Lake Post") == 2
    assert desk.where_clause() == ("", [])
    with pytest.raises(TypeError):
        desk.where_clause(colour="red")


def test_facets(desk: Store) -> None:
    f = desk.facets()
    assert f["type"] == [("SANCTION", 2), ("ASSAULT", 1), ("CONSULT", 1), ("PROTEST", 1)]
    assert f["outlet"] == [("Lake Post", 3), ("Hill Times", 1), ("River Daily", 1)]
    assert f["country"] == [("UKR", 2), ("FRA", 1)]
    assert desk.facets(top=1, target="RUS")["source"] == [("USA", 2)]


def test_dyad_counts_and_dated_events(desk: Store) -> None:
    rows = desk.dyad_counts()
    assert rows[0] == {"s": "USA", "t": "RUS", "n": 2, "g": -5.5}
    assert {"s": "RUS", "t": "UKR", "n": 1, "g": -10.0} in rows
    dated = desk.dated_events(source="USA", target="RUS")
    assert sorted((r["date_lo"], r["goldstein"]) for r in dated) == [
        ("2021-03-01", -5.5), ("2021-03-08", None)]


def test_counterparts_quotes_places_countries(desk: Store, url: str) -> None:  # noqa: F811
    assert desk.counterparts("target", "RUS") == [
        {"code": "UKR", "country": "UKR", "events": 1},
        {"code": "USAGOV", "country": "USA", "events": 1},
        {"code": "USAMIL", "country": "USA", "events": 1}]
    with pytest.raises(ValueError):
        desk.counterparts("speaker", "RUS")
    places = desk.place_counts()
    assert [(p["name"], p["n"]) for p in places] == [("Kyiv", 2), ("Paris", 1)]
    assert [(p["name"], p["n"]) for p in desk.place_counts(type="ASSAULT")] == [("Kyiv", 1)]
    assert desk.country_counts() == [{"country": "UKR", "n": 2}, {"country": "FRA", "n": 1}]
    rec = article("q1", "He said it was over. " + filler_text(9), "2021-04-01", "X")
    rec["quotes"] = [{"start": 9, "end": 20, "text": "it was over", "kind": "indirect",
                      "speaker": {"code": "FRAGOV", "country": "FRA", "name": "France"},
                      "speaker_text": "He"}]
    desk.add_article(rec)
    got = desk.quotes_by_speaker("FRA")
    assert [(q["article_id"], q["record"]["text"]) for q in got] == [("q1", "it was over")]
    assert desk.quotes_by_speaker("FRAG") == got and desk.quotes_by_speaker("FRAM") == []
    with pytest.raises(TidingsError):
        desk.quotes_by_speaker("--")


def test_state_token_changes_on_import_and_recluster(desk: Store) -> None:
    t0 = desk.state_token()
    assert desk.state_token() == t0
    desk.recluster()
    t1 = desk.state_token()
    assert t1 != t0
    desk.add_article(article("z", filler_text(77), "2021-05-01", "X"))
    assert desk.state_token() not in (t0, t1)


def test_offset_pages_join_up(desk: Store) -> None:
    for order in ("date", "-date", "mentions", "confidence"):
        whole = [e["id"] for e in desk.events(order=order)]
        paged = [e["id"] for k in range(3) for e in desk.events(order=order, limit=2,
                                                                offset=2 * k)]
        assert paged == whole


def test_migration_5_back_fills_mode_and_goldstein(url: str) -> None:  # noqa: F811
    rec = {"id": "v1", "type": "COERCE", "mode": "seize", "goldstein": -7}
    with store_at_version(url, 4) as st, st.db.transaction():  # what version 4 wrote
        st.db.execute("INSERT INTO events(id, type, modality, num_mentions, num_articles, "
                      "num_sources, best_mention, record) VALUES ('v1', 'COERCE', "
                      "'asserted', 1, 1, 1, 'm', ?)", [json.dumps(rec)])
        st.db.execute("INSERT INTO events(id, type, modality, num_mentions, num_articles, "
                      "num_sources, best_mention, record) VALUES ('v2', 'COERCE', "
                      "'asserted', 1, 1, 1, 'm', ?)",
                      [json.dumps({"mode": "", "goldstein": "high"})])
    with open_store(url) as st:
        assert st.stats()["schema_version"] == 5
        rows = st.db.query("SELECT id, mode, goldstein FROM events ORDER BY id")
        assert [(r["id"], r["mode"], r["goldstein"]) for r in rows] == [
            ("v1", "seize", -7.0), ("v2", None, None)]


def test_sqlite_plans_use_the_new_indexes(tmp_path: Any) -> None:
    with open_store(str(tmp_path / "p.db")) as st:
        def plan(**kw: Any) -> str:
            sql, params = st.where_clause(**kw)
            rows = st.db.query(f"EXPLAIN QUERY PLAN SELECT id FROM events{sql}", params)
            return " | ".join(r["detail"] for r in rows)

        assert "events_source_code (source_code>? AND source_code<?)" in plan(source="USAG")
        assert "events_mode (mode=?)" in plan(mode="economic")
        assert "event_mentions_outlet (outlet=?)" in plan(outlet="Lake Post")
        sql, params = st.where_clause(text="shelling")
        rows = st.db.query(f"EXPLAIN QUERY PLAN SELECT type FROM {st._narrow()}{sql}", params)
        assert "COVERING INDEX events_covering" in " | ".join(r["detail"] for r in rows)
        rows = st.db.query("EXPLAIN QUERY PLAN SELECT id FROM events ORDER BY "
                           "num_mentions DESC, date_lo, id LIMIT 5")
        assert "events_order_mentions" in " | ".join(r["detail"] for r in rows)
