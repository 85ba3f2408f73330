"""Web views and JSON API (tidings serve) over a small database of records written for tests.

No spaCy here: records are built by hand (tidings.web.synthetic) so offsets are known exactly.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tidings.store import open_store
from tidings.web import create_app, highlight, svg, synthetic
from tidings.web.app import safe_url
from tidings.web.query import Filters, period_start

HOSTILE_TITLE = synthetic.HOSTILE_TITLE
_hostile = synthetic.hostile_article


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with open_store(str(path)) as st:
        for rec in synthetic.articles(40, seed=3):
            assert st.add_article(rec)
        assert st.add_article(_hostile())
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return TestClient(create_app(db))


# ------------------------------------------------------------------ pure parts

def test_segments_split_at_every_span_and_join_back() -> None:
    art = _hostile()
    segs = highlight.segments(art)
    assert "".join(s.text for s in segs) == art["text"]
    first = segs[0]
    assert first.text == "Ruritania" and first.mention is not None and first.events == ["h1"]
    assert first.classes == "seg ev q3 mention"
    quoted = [s for s in segs if s.quote]
    assert "".join(s.text for s in quoted).startswith("<script>alert(1)</script>")
    assert all(not s.events for s in quoted)


def test_segments_ignore_broken_offsets() -> None:
    art = {"text": "abc", "events": [{"id": "x", "evidence": {"start": 2, "end": 9}}],
           "mentions": [{"start": "0", "end": 1}], "quotes": []}
    segs = highlight.segments(art)
    assert [s.text for s in segs] == ["abc"] and segs[0].events == []


def test_overlapping_evidence_marks_both_events() -> None:
    art = {"text": "one two three", "quotes": [], "mentions": [],
           "events": [{"id": "a", "quad_class": 1, "evidence": {"start": 0, "end": 7}},
                      {"id": "b", "quad_class": 4, "evidence": {"start": 4, "end": 13}}]}
    segs = highlight.segments(art)
    assert [(s.text, s.events) for s in segs] == [("one ", ["a"]), ("two", ["a", "b"]),
                                                   (" three", ["b"])]


def test_period_start() -> None:
    assert period_start("2024-05-08", "week") == "2024-05-06"      # a Wednesday -> Monday
    assert period_start("2024-05-08", "month") == "2024-05-01"
    assert period_start("2024-05-08", "day") == "2024-05-08"


def test_safe_url_allows_only_http() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,hi") is None
    assert safe_url("//evil.example/x") is None


def test_filters_validate() -> None:
    f = Filters.parse({"type": "sanction", "source": "ken", "since": "2024-01-02"})
    assert (f.type, f.source, f.since) == ("SANCTION", "KEN", "2024-01-02")
    with pytest.raises(Exception, match="E043"):
        Filters.parse({"type": "DANCE"})
    with pytest.raises(Exception, match="E007"):
        Filters.parse({"since": "yesterday"})
    with pytest.raises(Exception, match="E043"):
        Filters.parse({"min_confidence": "2"})


def test_map_projection_corners() -> None:
    assert svg.project(90, -180, 900, 450) == (0.0, 0.0)
    assert svg.project(0, 0, 900, 450) == (450.0, 225.0)
    assert "KEN" in svg.country_points()


def test_dyad_chart_escapes_and_draws_one_bar_per_period() -> None:
    periods = [{"period": "<x>", "events": 2, "a_to_b": 1, "b_to_a": 1, "goldstein": -3.0},
               {"period": "2024-02-01", "events": 0, "a_to_b": 0, "b_to_a": 0,
                "goldstein": None}]
    out = svg.dyad_chart(periods)
    assert out.count('<g class="bar"') == 2 and "<x>" not in out and "&lt;x&gt;" in out
    assert 'class="goldstein"' in out
    gap = svg.dyad_chart([dict(periods[0]), dict(periods[1]),
                          dict(periods[0], period="2024-03-01", goldstein=2.0)])
    d = re.search(r'class="goldstein" d="([^"]+)"', gap).group(1)     # type: ignore[union-attr]
    assert d.count("M") == 2 and "L" not in d          # no line drawn across the empty month


def test_map_draws_land_from_gazetteer() -> None:
    cells = svg.land_cells()
    assert (-2.0, 36.0) in cells            # Nairobi's cell (-1.3, 36.8)
    assert not any(-60 < lat < -50 and -140 < lon < -100 for lat, lon in cells)   # open Pacific
    out = svg.map_svg({"countries": [{"country": "KEN", "n": 3}], "places": []})
    assert out.count('class="country"') == 1 and 'href="/?country=KEN"' in out


# ------------------------------------------------------------------ pages and API

def test_events_page_lists_filtered_events(client: TestClient, db: str) -> None:
    with open_store(db, readonly=True) as st:
        want = st.count_events(type="SANCTION")
    r = client.get("/?type=SANCTION")
    assert r.status_code == 200
    assert f"{want} events" in r.text
    assert r.text.count('<tr class="q4"') == min(want, 50)
    assert 'option selected>SANCTION<' in r.text


def test_events_api_pages_and_sorts(client: TestClient) -> None:
    a = client.get("/api/events?per_page=5&sort=date").json()
    b = client.get("/api/events?per_page=5&sort=date&page=2").json()
    assert len(a["events"]) == 5 and a["total"] == 161
    dates = [e["date"] for e in a["events"] + b["events"]]
    assert dates == sorted(dates)
    assert not {e["id"] for e in a["events"]} & {e["id"] for e in b["events"]}
    desc = client.get("/api/events?per_page=500&sort=-date").json()["events"]
    assert [e["date"] for e in desc] == sorted((e["date"] for e in desc), reverse=True)
    assert len({e["id"] for e in desc}) == 161
    top = client.get("/api/events?per_page=500&sort=mentions").json()["events"]
    assert [e["num_mentions"] for e in top] == sorted((e["num_mentions"] for e in top),
                                                      reverse=True)


def test_mode_and_outlet_filters(client: TestClient) -> None:
    assert '<option value="firearms">' in client.get("/").text      # mode suggestions
    firearms = client.get("/api/events?mode=firearms&per_page=500").json()
    assert firearms["total"] > 0 and {e["mode"] for e in firearms["events"]} == {"firearms"}
    lake = client.get("/api/events?outlet=Lake Post&per_page=500").json()
    assert lake["total"] > 0
    arts = {e["article_id"] for e in lake["events"]}
    assert all(int(a[3:]) % 4 == 1 for a in arts)        # synthetic outlets rotate by index


def test_bad_filter_is_400_with_code(client: TestClient) -> None:
    r = client.get("/api/events?type=DANCE")
    assert r.status_code == 400 and r.json()["error"] == "E043"
    page = client.get("/?since=notadate")
    assert page.status_code == 400 and "E007" in page.text


def test_facets_count_the_filter(client: TestClient) -> None:
    f = client.get("/api/facets?source=KEN").json()
    assert f["source"] == [{"value": "KEN", "events": client.get(
        "/api/events?source=KEN").json()["total"]}]


def test_csv_download_matches_filter(client: TestClient) -> None:
    r = client.get("/api/events/download?format=csv&type=AID")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-disposition"].endswith('events.csv"')
    assert len(rows) == client.get("/api/events?type=AID").json()["total"]
    assert {row["type"] for row in rows} == {"AID"}
    js = client.get("/api/events/download?format=json&type=AID").json()
    assert len(js) == len(rows)


def test_article_page_marks_evidence_mentions_and_quotes(client: TestClient) -> None:
    rec = synthetic.articles(40, seed=3)[0]
    r = client.get(f"/article/{rec['id']}?ev=e1")
    assert r.status_code == 200
    ev = rec["events"][1]
    sent = ev["evidence"]["text"]
    m = re.search(r'<span class="seg ev q(\d)( mention)?" data-ev="e1"[^>]*>([^<]*)</span>', r.text)
    assert m and m.group(3) and m.group(3) in sent and int(m.group(1)) == ev["quad_class"]
    assert 'data-selected="e1"' in r.text
    assert f"from {ev['date_source']}" in r.text


def test_dyad_series_counts_both_directions(client: TestClient) -> None:
    ev = synthetic.articles(40, seed=3)[0]["events"][0]
    a, b = ev["source"]["country"], ev["target"]["country"]
    ab = client.get(f"/api/events?source={a}&target={b}").json()["total"]
    ba = client.get(f"/api/events?source={b}&target={a}").json()["total"]
    assert ab >= 1
    d = client.get(f"/api/dyad?a={a}&b={b}&freq=month").json()
    assert sum(p["a_to_b"] for p in d["periods"]) == ab
    assert sum(p["b_to_a"] for p in d["periods"]) == ba
    months = [p["period"] for p in d["periods"]]
    assert all(m.endswith("-01") for m in months) and months == sorted(months)
    page = client.get(f"/dyad?a={a}&b={b}&freq=week")
    assert page.status_code == 200 and 'id="dyad-chart"' in page.text


def test_actor_page_counts_and_quotes(client: TestClient) -> None:
    s = client.get("/api/actors/RUR").json()
    assert s["n_as_source"] == 1 and s["targets"][0]["code"] == "FRE"
    assert s["quotes"][0]["text"].startswith("<script>alert(1)")
    page = client.get("/actor/RUR").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_network_and_map(client: TestClient) -> None:
    net = client.get("/api/network").json()
    assert {"KEN", "SOM"} <= {n["id"] for n in net["nodes"]}
    total = sum(e["count"] for e in net["edges"])
    assert total == client.get("/api/events?per_page=1").json()["total"]
    assert {"source": "RUR", "target": "FRE", "count": 1, "goldstein": -2.0} in net["edges"]
    mp = client.get("/api/map").json()
    assert {c["country"] for c in mp["countries"]} <= {c[0] for c in synthetic.COUNTRIES}
    assert client.get("/map").text.count('class="country"') == len(mp["countries"])


def test_hostile_content_is_escaped_everywhere(client: TestClient) -> None:
    for url in ("/article/hostile1", "/", "/actor/RUR", "/?q=Ruritania"):
        body = client.get(url).text
        assert "<script>window" not in body and "<script>alert" not in body
        assert "<img src=x" not in body and "<b onmouseover" not in body
        assert 'href="javascript:' not in body
    art = client.get("/article/hostile1").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Hostile headline" in art
    assert "&lt;i&gt;Evil Outlet&lt;/i&gt;" in art


def test_security_headers_and_offline_docs(client: TestClient) -> None:
    r = client.get("/docs")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "/api/events/download" in r.text and "cdn" not in r.text.lower()
    spec = client.get("/openapi.json").json()
    assert "/api/dyad" in spec["paths"] and "/" not in spec["paths"]
    pages = [client.get(u).text for u in ("/", "/dyad", "/network", "/map", "/docs")]
    for body in pages:
        for src in re.findall(r'(?:src|href)="([^"]+)"', body):
            assert src.startswith(("/", "#")), src


def test_read_only_by_default(client: TestClient) -> None:
    r = client.post("/api/code", json={"text": "Kenya met Somalia."})
    assert r.status_code == 403
    assert client.get("/code").status_code == 403


def test_body_over_limit_is_413(db: str) -> None:
    c = TestClient(create_app(db, allow_coding=True, max_body=1000))
    r = c.post("/api/code", content=b"x" * 1001, headers={"content-type": "application/json"})
    assert r.status_code == 413
    c2 = TestClient(create_app(db))
    r2 = c2.post("/api/code", content=b"x" * 1_000_001)
    assert r2.status_code == 413


def test_unknown_article_is_404_page(client: TestClient) -> None:
    r = client.get("/article/nope")
    assert r.status_code == 404 and "no article" in r.text
    assert client.get("/api/articles/nope").status_code == 404


def test_serve_missing_db_is_E061(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tidings.cli import main
    missing = tmp_path / "none.db"
    assert main(["serve", "--db", str(missing)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tidings: error E061:") and str(missing) in err[0]
    assert not missing.exists()


def test_serve_busy_port_is_E060() -> None:
    import socket

    from tidings.commands.serve import check_bind
    from tidings.errors import TidingsError
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        with pytest.raises(TidingsError) as exc:
            check_bind("127.0.0.1", s.getsockname()[1])
    assert exc.value.code == "E060"


def test_synthetic_articles_are_deterministic() -> None:
    a, b = synthetic.articles(3, seed=5), synthetic.articles(3, seed=5)
    assert json.dumps(a) == json.dumps(b)
    ev = a[0]["events"][2]
    assert a[0]["text"][ev["evidence"]["start"]:ev["evidence"]["end"]] == ev["evidence"]["text"]


class _FakeDoc:
    def __init__(self, rec: dict[str, Any]) -> None:
        self.rec = rec

    def to_dict(self) -> dict[str, Any]:
        return self.rec


class _FakePipeline:
    """Stands in for the spaCy pipeline: one CONSULT event over the whole first sentence."""

    def __call__(self, art: Any) -> _FakeDoc:
        sent = art.text.split(".")[0] + "."
        ev, ments = synthetic.sentence_event(
            art.text, sent, ("KEN", "Kenya"), ("SOM", "Somalia"), synthetic.ACTS[0],
            art.published or "2024-01-01", None, 0)
        return _FakeDoc({"id": art.id, "title": art.title, "outlet": art.outlet, "url": art.url,
                         "published": art.published, "text": art.text, "mentions": ments,
                         "timexes": [], "places": [], "quotes": [], "events": [ev]})


def test_coding_form_and_api_store_the_article(tmp_path: Path) -> None:
    path = tmp_path / "code.db"
    with open_store(str(path)) as st:
        st.add_article(synthetic.articles(1)[0])
    app = create_app(str(path), allow_coding=True)
    app.app.state.desk._pipe = _FakePipeline()
    c = TestClient(app)
    before = c.get("/api/actors/KEN").json()["n_as_source"]          # cached from here on
    text = "Kenya held talks with Somalia in a test written for tidings. More text follows."
    r = c.post("/api/code", json={"text": text, "title": "<script>x</script>Talks",
                                  "published": "2024-02-03"})
    assert r.status_code == 201 and r.json()["stored"] is True
    aid = r.json()["id"]
    page = c.get(f"/article/{aid}")
    assert page.status_code == 200 and "&lt;script&gt;x&lt;/script&gt;Talks" in page.text
    assert 'data-ev="e0"' in page.text and "2024-02-03" in page.text
    assert c.get("/api/actors/KEN").json()["n_as_source"] == before + 1   # cache saw the import
    again = c.post("/api/code", json={"text": text, "title": "<script>x</script>Talks",
                                      "published": "2024-02-03"})
    assert again.status_code == 200 and again.json()["stored"] is False
    body = "title=Second&text=Kenya+held+talks+with+Somalia+again.+Then+more."
    form = c.post("/code", content=body,
                  headers={"content-type": "application/x-www-form-urlencoded"},
                  follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"].startswith("/article/a")
    empty = c.post("/api/code", json={"text": "  "})
    assert empty.status_code == 400 and empty.json()["error"] == "E002"
    with open_store(str(path), readonly=True) as st:
        assert st.stats()["articles"] == 3


def test_cached_aggregates_follow_a_recluster(tmp_path: Path) -> None:
    path = tmp_path / "recluster.db"
    with open_store(str(path)) as st:
        for rec in synthetic.articles(40, seed=3):
            st.add_article(rec)
    c = TestClient(create_app(str(path)))

    def total() -> int:
        return sum(f["events"] for f in c.get("/api/facets").json()["type"])

    assert total() == c.get("/api/events").json()["total"] == 160       # now cached
    with open_store(str(path), window_days=400) as st:   # a wider window merges six more
        st.recluster()
        assert st.count_events() == 154
    assert c.get("/api/events").json()["total"] == 154
    assert total() == 154
