"""The analyst's desk: a FastAPI app over a tidings event database.

Pages (server-rendered HTML, Jinja2 with autoescaping) and the JSON API behind them share the
query layer in :mod:`tidings.web.query`.  Safety is built in rather than bolted on: the database
is opened read-only unless coding is enabled, every page is sent with a Content-Security-Policy
that only allows our own scripts and styles (no inline script can run even if escaping failed),
request bodies over ``max_body`` bytes are refused with 413, and links from article data are
only made for http(s) URLs.  Nothing is loaded from outside: JS, CSS and map data are ours.
"""
from __future__ import annotations

import csv
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import TidingsError
from ..store import Store, open_store
from . import highlight, query, svg
from .query import Filters

MAX_BODY = 1_000_000
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class Guard:
    """ASGI middleware: security headers on every response, 413 for oversized bodies.

    The body is read (up to the limit) before the app sees it, so a chunked upload without a
    Content-Length cannot slip past the limit either.
    """

    def __init__(self, app: Any, max_body: int = MAX_BODY) -> None:
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secure(msg: dict[str, Any]) -> None:
            if msg["type"] == "http.response.start":
                msg["headers"] = list(msg.get("headers", [])) + SECURITY_HEADERS
            await send(msg)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._too_large(send_secure)
            return
        if scope["method"] in ("POST", "PUT", "PATCH"):
            body, ok = await self._read(receive)
            if not ok:
                await self._too_large(send_secure)
                return
            receive = self._replay(body)
        await self.app(scope, receive, send_secure)

    async def _read(self, receive: Receive) -> tuple[bytes, bool]:
        chunks, size = [], 0
        while True:
            msg = await receive()
            if msg["type"] == "http.disconnect":
                return b"", False
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return b"", False
            chunks.append(chunk)
            if not msg.get("more_body"):
                return b"".join(chunks), True

    @staticmethod
    def _replay(body: bytes) -> Receive:
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return receive

    async def _too_large(self, send: Send) -> None:
        body = json.dumps({"error": "413", "message":
                           f"request body larger than {self.max_body} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def safe_url(url: Any) -> str | None:
    """``url`` if it is an http(s) link, else None (no javascript:, data: or relative tricks)."""
    if not isinstance(url, str):
        return None
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def _templates() -> Any:
    import jinja2
    folder = resources.files("tidings") / "web" / "templates"
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                             autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url=_url, safe_url=safe_url, quad_names=query.QUAD_NAMES,
                       types=query._types(), modalities=query._modalities(),
                       all_modes=query.all_modes())
    return env


def _url(path: str, params: dict[str, Any] | None = None, **more: Any) -> str:
    """A local URL with a query string (values are URL-encoded; the template escapes it)."""
    q = {k: v for k, v in {**(params or {}), **more}.items() if v not in (None, "")}
    return path + ("?" + urlencode(q) if q else "")


class Desk:
    """Per-app state: the database location, one read connection per worker thread, and the
    pipeline (loaded on first use, only when coding is enabled)."""

    def __init__(self, db: str, allow_coding: bool) -> None:
        self.db, self.allow_coding = db, allow_coding
        self._local = threading.local()
        self._pipe: Any = None
        self._pipe_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._cache: OrderedDict[Any, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        open_store(db, readonly=True).close()      # fail now (coded error), not on first request
        # read the map's land cells in the background so the first /map is not slow
        threading.Thread(target=svg.land_cells, daemon=True).start()

    def store(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = open_store(self.db, readonly=True)
        return st

    def token(self) -> tuple[Any, ...]:
        """Changes whenever an article is stored or the events are rebuilt by ``recluster``
        (by us or another process), so cached aggregates are never stale."""
        return self.store().state_token()

    def cached(self, key: tuple[Any, ...], fn: Callable[[], Any], size: int = 256) -> Any:
        """``fn()`` remembered per key and database state: aggregates over 100k events read
        every event (facets, network, map), too slow to recompute on every page view."""
        full = (key, self.token())
        with self._cache_lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = fn()
        with self._cache_lock:
            self._cache[full] = value
            while len(self._cache) > size:
                self._cache.popitem(last=False)
        return value

    def code(self, text: str, title: str | None, published: str | None,
             outlet: str | None, url: str | None) -> tuple[str, bool]:
        """Run the pipeline on a pasted article and store it; (article id, newly stored)."""
        from ..pipeline import Pipeline
        from ..records import Article
        with self._pipe_lock:
            if self._pipe is None:
                self._pipe = Pipeline()
            art = Article(text=text, title=title or None, published=published or None,
                          outlet=outlet or None, url=url or None,
                          published_source="flag" if published else None,
                          outlet_source="flag" if outlet else None)
            record = self._pipe(art).to_dict()
        with self._write_lock, open_store(self.db) as st:
            added = st.add_article(record)
        return str(record["id"]), added


def create_app(db: str, allow_coding: bool = False, max_body: int = MAX_BODY) -> Any:
    """The ASGI app serving ``db``; ``allow_coding`` turns on the paste-an-article form."""
    desk = Desk(db, allow_coding)
    env = _templates()
    app = FastAPI(title="tidings", version=_version(),
                  description="Read-only JSON API over a tidings event database.",
                  docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    app.state.desk = desk
    static = resources.files("tidings") / "web" / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request_path=request.url.path,
                                             allow_coding=desk.allow_coding, **ctx)
        return HTMLResponse(html, status_code=status)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(TidingsError)
    async def _tidings_error(request: Request, exc: TidingsError) -> Any:
        status = 404 if exc.code in ("E051",) else 400
        if is_api(request):
            return JSONResponse({"error": exc.code, "message": exc.message}, status_code=status)
        return page(request, "error.html", status, title="Bad request",
                    message=f"{exc.code}: {exc.message}")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if is_api(request) or request.url.path == "/openapi.json":
            return JSONResponse({"error": str(exc.status_code), "message": exc.detail},
                                status_code=exc.status_code)
        return page(request, "error.html", exc.status_code, title=str(exc.status_code),
                    message=str(exc.detail))

    _pages(app, desk, page)
    _api(app, desk)
    threading.Thread(target=_warm, args=(desk,), daemon=True).start()
    return Guard(app, max_body) if max_body else app


def _version() -> str:
    from .. import __version__
    return __version__


def _paging(request: Request) -> tuple[str, int, int]:
    p = request.query_params
    try:
        page, per_page = int(p.get("page") or 1), int(p.get("per_page") or 50)
    except ValueError:
        raise TidingsError("E043", what="page", value=p.get("page"),
                           choices="a whole number") from None
    return p.get("sort") or "-date", page, per_page


# ------------------------------------------------------------------ cached aggregates

def _fkey(f: Filters) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(f.query().items()))


def _warm(desk: Desk) -> None:
    """Compute the unfiltered aggregates in the background at start-up, so the first visit
    to the events, network and map pages does not wait for them (about 3 s at 100k events)."""
    f = Filters()
    try:
        for fn in (_count, _facets, _network, _map):
            fn(desk, f)
        desk.cached(("stats",), desk.store().stats)
    except Exception:      # noqa: BLE001 - only an optimisation; requests compute on demand
        pass


FACET_TOP = 12


def _count(desk: Desk, f: Filters, all_facets: Any = None) -> int:
    """The number of events matching ``f``; from the untruncated facets when the caller has
    them (the type counts sum to it), which saves evaluating a costly filter twice."""
    if all_facets is not None:
        return int(desk.cached(("count", _fkey(f)),
                               lambda: sum(n for _, n in all_facets["type"])))
    return int(desk.cached(("count", _fkey(f)), lambda: query.count(desk.store(), f)))


def _all_facets(desk: Desk, f: Filters) -> Any:
    return desk.cached(("facets", _fkey(f)), lambda: query.facets(desk.store(), f, top=None))


def _facets(desk: Desk, f: Filters) -> Any:
    return {k: v[:FACET_TOP] for k, v in _all_facets(desk, f).items()}


def _network(desk: Desk, f: Filters) -> Any:
    return desk.cached(("network", _fkey(f)), lambda: query.network(desk.store(), f))


def _map(desk: Desk, f: Filters) -> Any:
    return desk.cached(("map", _fkey(f)), lambda: query.map_points(desk.store(), f))


def _actor(desk: Desk, code: str) -> Any:
    return desk.cached(("actor", code), lambda: query.actor_summary(desk.store(), code))


def _dyad(desk: Desk, a: str, b: str, freq: str, directed: bool, f: Filters) -> Any:
    return desk.cached(("dyad", a, b, freq, directed, _fkey(f)),
                       lambda: query.dyad_series(desk.store(), a, b, freq, directed, f))


# ------------------------------------------------------------------ pages

def _pages(app: FastAPI, desk: Desk, page: Callable[..., HTMLResponse]) -> None:
    @app.get("/", include_in_schema=False)
    def events_view(request: Request) -> HTMLResponse:
        f = Filters.parse(request.query_params)
        sort, pg, per_page = _paging(request)
        st = desk.store()
        all_facets = _all_facets(desk, f)
        res = query.events_page(st, f, sort, pg, per_page, total=_count(desk, f, all_facets))
        return page(request, "events.html", title="Events", f=f, fq=f.query(), res=res,
                    facets={k: v[:FACET_TOP] for k, v in all_facets.items()}, sort=sort,
                    per_page=res["per_page"])

    @app.get("/article/{article_id}", include_in_schema=False)
    def article_view(request: Request, article_id: str) -> HTMLResponse:
        art = desk.store().article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id!r} in this database")
        return page(request, "article.html", title=art.get("title") or art.get("id"), a=art,
                    segments=highlight.segments(art), selected=request.query_params.get("ev"),
                    actors=highlight.actors(art))

    @app.get("/actor/{code}", include_in_schema=False)
    def actor_view(request: Request, code: str) -> HTMLResponse:
        s = _actor(desk, code)
        return page(request, "actor.html", title=s["name"], s=s)

    @app.get("/dyad", include_in_schema=False)
    def dyad_view(request: Request) -> HTMLResponse:
        p = request.query_params
        a, b = (p.get("a") or "").strip(), (p.get("b") or "").strip()
        freq = p.get("freq") or "month"
        f = Filters.parse(p)
        series = _dyad(desk, a, b, freq, p.get("directed") == "1", f) if a and b else None
        chart = svg.dyad_chart(series["periods"]) if series else ""
        return page(request, "dyad.html", title="Dyad", a=a, b=b, freq=freq,
                    directed=p.get("directed") == "1", series=series, chart=chart,
                    freqs=query.FREQS, f=f)

    @app.get("/network", include_in_schema=False)
    def network_view(request: Request) -> HTMLResponse:
        f = Filters.parse(request.query_params)
        net = _network(desk, f)
        return page(request, "network.html", title="Network", f=f, net=net,
                    chart=svg.network_svg(net))

    @app.get("/map", include_in_schema=False)
    def map_view(request: Request) -> HTMLResponse:
        f = Filters.parse(request.query_params)
        pts = _map(desk, f)
        return page(request, "map.html", title="Map", f=f, pts=pts, chart=svg.map_svg(pts))

    @app.get("/docs", include_in_schema=False)
    def docs_view(request: Request) -> HTMLResponse:
        spec = app.openapi()
        ops = [(path, method.upper(), op.get("summary") or "", op.get("description") or "",
                [prm.get("name") for prm in op.get("parameters", [])])
               for path, item in spec["paths"].items() for method, op in item.items()]
        return page(request, "docs.html", title="API", ops=ops, spec_title=spec["info"]["title"])

    @app.get("/code", include_in_schema=False)
    def code_form(request: Request) -> HTMLResponse:
        return page(request, "code.html", title="Code an article", status=200 if
                    desk.allow_coding else 403, error=None, form={})

    @app.post("/code", include_in_schema=False)
    async def code_submit(request: Request) -> Any:
        if not desk.allow_coding:
            return page(request, "code.html", 403, title="Code an article", error=None, form={})
        raw = (await request.body()).decode("utf-8", "replace")
        form = {k: v[0] for k, v in parse_qs(raw).items()}
        try:
            aid, _ = await _run_code(desk, form)
        except TidingsError as exc:
            return page(request, "code.html", 400, title="Code an article",
                        error=f"{exc.code}: {exc.message}", form=form)
        return RedirectResponse(_url(f"/article/{aid}"), status_code=303)


async def _run_code(desk: Desk, data: dict[str, Any]) -> tuple[str, bool]:
    """Validate a pasted article and code it off the event loop."""
    from starlette.concurrency import run_in_threadpool
    text = str(data.get("text") or "").strip()
    if not text:
        raise TidingsError("E002", path="pasted article")
    published = str(data.get("published") or "").strip() or None
    if published:
        published = query._date(published, "published")
    return await run_in_threadpool(desk.code, text, _opt(data, "title"), published,
                                   _opt(data, "outlet"), _opt(data, "url"))


def _opt(data: dict[str, Any], key: str) -> str | None:
    v = str(data.get(key) or "").strip()
    return v[:2000] or None


# ------------------------------------------------------------------ JSON API

FILTER_DOC = ("Filters (all optional): source, target, country (ISO3 or actor code), type "
              "(PLOVER), mode, modality, since, until (YYYY-MM-DD), outlet, min_confidence, "
              "q (full-text).")


def _api(app: FastAPI, desk: Desk) -> None:
    @app.get("/api/stats", summary="Database counts and date range")
    def api_stats() -> dict[str, Any]:
        return dict(desk.cached(("stats",), desk.store().stats))

    @app.get("/api/events", summary="A page of merged events", description=FILTER_DOC +
             " sort: date, -date, mentions, confidence; page, per_page (max 500).")
    def api_events(request: Request) -> dict[str, Any]:
        f = Filters.parse(request.query_params)
        sort, pg, per_page = _paging(request)
        res = query.events_page(desk.store(), f, sort, pg, per_page, total=_count(desk, f))
        return {**res, "filters": f.query()}

    @app.get("/api/events/download", summary="All events of a filter as CSV or JSON",
             description=FILTER_DOC + " format: csv or json.")
    def api_download(request: Request, format: str = Query("csv")) -> StreamingResponse:
        f = Filters.parse(request.query_params)
        if format not in ("csv", "json"):
            raise TidingsError("E040", value=format, choices="csv, json")
        rows = query.iter_all(desk.store(), f, request.query_params.get("sort") or "-date")
        if format == "csv":
            return StreamingResponse(_csv(rows), media_type="text/csv; charset=utf-8",
                                     headers=_attachment("events.csv"))
        return StreamingResponse(_json_array(rows), media_type="application/json",
                                 headers=_attachment("events.json"))

    @app.get("/api/facets", summary="Counts of the filtered events by field",
             description=FILTER_DOC)
    def api_facets(request: Request) -> dict[str, Any]:
        f = Filters.parse(request.query_params)
        return {k: [{"value": v, "events": n} for v, n in vals]
                for k, vals in _facets(desk, f).items()}

    @app.get("/api/events/{event_id}", summary="One merged event (or a raw mention)")
    def api_event(event_id: str) -> dict[str, Any]:
        ev = desk.store().event(event_id)
        if ev is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return ev

    @app.get("/api/articles", summary="Stored articles, oldest first")
    def api_articles(q: str | None = None, limit: int = Query(50, ge=1, le=500),
                     offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        return desk.store().articles(limit=limit, offset=offset, text=q or None)

    @app.get("/api/articles/{article_id}", summary="The full coded article record")
    def api_article(article_id: str) -> dict[str, Any]:
        art = desk.store().article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return art

    @app.get("/api/actors/{code}", summary="An actor: events as source/target, counterparts, "
             "quotes")
    def api_actor(code: str) -> dict[str, Any]:
        return _actor(desk, code)

    @app.get("/api/dyad", summary="Events and mean Goldstein per period for a dyad",
             description="a, b: actors; freq: day, week or month; directed: 1 for A->B only. "
             + FILTER_DOC)
    def api_dyad(request: Request, a: str, b: str, freq: str = "month",
                 directed: int = 0) -> dict[str, Any]:
        f = Filters.parse(request.query_params)
        return _dyad(desk, a, b, freq, bool(directed), f)

    @app.get("/api/network", summary="Directed country dyads (busiest nodes)",
             description=FILTER_DOC)
    def api_network(request: Request) -> dict[str, Any]:
        return _network(desk, Filters.parse(request.query_params))

    @app.get("/api/map", summary="Event counts per place and per location country",
             description=FILTER_DOC)
    def api_map(request: Request) -> dict[str, Any]:
        return _map(desk, Filters.parse(request.query_params))

    @app.post("/api/code", summary="Code a pasted article and store it (needs --allow-coding)",
              description='JSON body: {"text": ..., "title", "published", "outlet", "url"}.')
    async def api_code(request: Request) -> JSONResponse:
        if not desk.allow_coding:
            raise HTTPException(403, "coding is disabled; start with tidings serve --allow-coding")
        try:
            data = json.loads(await request.body() or b"{}")
        except ValueError:
            raise HTTPException(400, "body must be a JSON object") from None
        if not isinstance(data, dict):
            raise HTTPException(400, "body must be a JSON object")
        aid, added = await _run_code(desk, data)
        return JSONResponse({"id": aid, "stored": added, "url": f"/article/{aid}"},
                            status_code=201 if added else 200)


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    w: csv.DictWriter[str] | None = None
    for ev in rows:
        flat = query.flat(ev)
        if w is None:
            w = csv.DictWriter(buf, fieldnames=list(flat), lineterminator="\n")
            w.writeheader()
        w.writerow(flat)
        if buf.tell() > 65536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if w is None:
        csv.DictWriter(buf, fieldnames=list(query.flat({})), lineterminator="\n").writeheader()
    yield buf.getvalue()


def _json_array(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    yield "["
    first = True
    for ev in rows:
        yield ("" if first else ",\n") + json.dumps(ev, ensure_ascii=False)
        first = False
    yield "]\n"
