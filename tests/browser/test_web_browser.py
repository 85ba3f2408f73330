"""The analyst's desk in a real browser: headless Chromium driven by Playwright.

A ``tidings serve`` subprocess serves a database of records written for tests (plus one
hostile article); the tests filter events, open an article, click an event to highlight its
sentence, open a dyad chart, and check that no request leaves the local server and no injected
script runs.  Screenshots go to test-artifacts/ (git-ignored).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} is missing (apt-get install -y chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, proc: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    end = time.time() + seconds
    while time.time() < end:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise RuntimeError(f"tidings serve exited: {err}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("tidings serve did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from tidings.store import open_store
    from tidings.web import synthetic
    db = tmp_path_factory.mktemp("browser") / "events.db"
    with open_store(str(db)) as st:
        for rec in synthetic.articles(40, seed=3):
            st.add_article(rec)
        st.add_article(synthetic.hostile_article())
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tidings", "serve", "--db", str(db),
                             "--port", str(port)], stderr=subprocess.PIPE)
    try:
        _wait(port, proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A fresh page recording every request URL and every dialog."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = ctx.new_page()
    pg.requests, pg.dialogs = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    local = [u for u in pg.requests if not u.startswith(server + "/")]
    ctx.close()
    assert local == [], f"requests left the local server: {local}"


def _shot(pg: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / name), full_page=False)


def test_filter_open_article_and_highlight_event(page: Any, server: str) -> None:
    page.goto(server + "/")
    assert page.locator("#events tbody tr").count() == 50
    page.select_option("select[name=type]", "SANCTION")
    page.click("#apply")
    page.wait_for_url("**/?*type=SANCTION*")
    assert "source=" not in page.url                  # empty fields stay out of shared URLs
    types = page.locator("#events tbody tr .type").all_inner_texts()
    assert types and set(types) == {"SANCTION"}
    _shot(page, "events-filtered.png")
    evidence = page.locator("#events tbody tr .article-link").first
    sentence = evidence.inner_text()
    evidence.click()
    page.wait_for_url("**/article/**")
    active = "".join(page.locator("#article-text .seg.active").all_inner_texts())
    assert active == sentence                          # ?ev= preselects the event's sentence
    cards = page.locator(".event-card")
    last = cards.nth(cards.count() - 1)
    ev_id = last.get_attribute("data-ev")
    last.click()
    active = page.locator("#article-text .seg.active")
    assert active.count() >= 1
    assert all(ev_id in (active.nth(i).get_attribute("data-ev") or "").split()
               for i in range(active.count()))
    assert "active" in (last.get_attribute("class") or "")
    assert page.evaluate("""() => { const r = document.querySelector('#article-text .seg.active')
        .getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }""")
    _shot(page, "article-highlight.png")


def test_dyad_chart(page: Any, server: str) -> None:
    from tidings.web import synthetic
    ev = synthetic.articles(40, seed=3)[0]["events"][0]
    a, b = ev["source"]["country"], ev["target"]["country"]
    page.goto(server + "/dyad")
    page.fill("input[name=a]", a)
    page.fill("input[name=b]", b)
    page.select_option("select[name=freq]", "week")
    page.click("#show")
    page.wait_for_selector("#dyad-chart")
    assert page.locator("#dyad-chart g.bar").count() >= 1
    assert page.locator("#dyad-chart path.goldstein").count() == 1
    assert "freq=week" in page.url
    _shot(page, "dyad.png")


def test_actor_network_map_and_docs(page: Any, server: str) -> None:
    page.goto(server + "/network")
    assert page.locator("#network circle").count() >= 5
    page.locator("#edges a").first.click()
    page.wait_for_url("**/actor/**")
    assert page.locator("#actor-name").inner_text()
    page.goto(server + "/map")
    assert page.locator("#map circle.country").count() >= 5
    _shot(page, "map.png")
    page.goto(server + "/docs")
    assert page.locator("#endpoints tbody tr").count() >= 8


def test_hostile_content_runs_no_script(page: Any, server: str) -> None:
    for path in ("/article/hostile1", "/?q=Ruritania", "/actor/RUR", "/api/articles/hostile1"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        page.mouse.move(20, 120)
        assert page.evaluate("() => typeof window.__pwned") == "undefined", path
    page.goto(server + "/article/hostile1")
    assert page.locator("#article-title").inner_text() == \
        "<script>window.__pwned=1</script>Hostile headline"
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    _shot(page, "hostile.png")


def test_shared_url_restores_filters_and_facets_narrow(page: Any, server: str) -> None:
    page.goto(server + "/?type=AID&since=2023-03-01&sort=date")
    assert page.locator("select[name=type]").input_value() == "AID"
    assert page.locator("input[name=since]").input_value() == "2023-03-01"
    dates = page.locator("#events tbody tr td.nowrap").all_inner_texts()
    assert dates == sorted(dates) and all(d >= "2023-03-01" for d in dates)
    facet = page.locator("#facets section:has(h3:text('source')) li a").first
    country = facet.inner_text()
    facet.click()
    page.wait_for_url(f"**source={country}**")
    assert "type=AID" in page.url and "since=2023-03-01" in page.url
    titles = page.locator("#events tbody tr td:nth-child(2) a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert titles and all(t.startswith(f"/actor/{country}") for t in titles)
    with page.expect_download() as dl:
        page.click("#dl-csv")
    lines = Path(dl.value.path()).read_text().splitlines()
    assert lines[0].startswith("id,date,") and len(lines) - 1 == int(
        page.locator("#total").inner_text().split()[0])
