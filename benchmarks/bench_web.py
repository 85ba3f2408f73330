"""Response times of the web views and JSON API (tidings serve) on a 100k-event database.

The database is built once from synthetic article records (tidings.web.synthetic: four events
per article, stored through ``Store.add_article``) and cached under /tmp, so later runs start
at once.  A real ``tidings serve`` subprocess answers; each URL is requested once to warm up,
then ``--repeat`` times over one keep-alive connection; the first (cold) time, median and p95
are reported in ms.  Aggregates (facets, network, map, dyad, actor) are cached per database
state by the server (the unfiltered ones computed in the background at start-up, which the
benchmark waits 15 s for), so for filtered views the cold time is the honest first visit.

    .venv/bin/python benchmarks/bench_web.py [--events 100000] [--repeat 20] [--db PATH]

writes benchmarks/results/web.json (command, machine, date, figures, URLs over the target).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tidings.store import open_store  # noqa: E402
from tidings.web import synthetic  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "web.json"
TARGET_MS = 300.0


def build(path: Path, events: int, seed: int = 11) -> dict[str, Any]:
    """Store synthetic articles until the database holds ``events`` merged events.

    The random stream is seeded by the number of articles already stored, so a resumed build
    writes new articles rather than near-copies the store would (rightly) refuse.
    """
    t0 = time.time()
    start = dt.date(2023, 1, 1)
    with open_store(str(path)) as st:
        stats = st.stats()
        i = stats["articles"] + stats["duplicates"]
        rng = random.Random(seed * 1_000_003 + i)
        while stats["events"] < events:
            for _ in range(500):
                st.add_article(synthetic.article(i, rng, start, n_events=4))
                i += 1
            stats = st.stats()
            print(f"  {stats['events']} events, {stats['event_mentions']} mentions, "
                  f"{time.time() - t0:.0f}s", file=sys.stderr)
    return {"seconds": round(time.time() - t0, 1), **{k: stats[k] for k in (
        "articles", "duplicates", "event_mentions", "events", "first_published",
        "last_published")}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def urls(db: Path) -> dict[str, str]:
    """The pages and API calls to time (ids taken from the database itself)."""
    with open_store(str(db), readonly=True) as st:
        art = st.articles(limit=1, offset=1000)[0]["id"]
        ev = st.events(limit=1, order="mentions")[0]["id"]
    f = "type=SANCTION&since=2023-06-01&until=2023-12-31"
    return {
        "page: events (first page)": "/",
        "page: events, type+dates": f"/?{f}",
        "page: events, dyad filter": "/?source=KEN&target=SOM",
        "page: events, full text": "/?q=sanctions",
        "page: events, mode": "/?mode=economic",
        "page: events, outlet": "/?outlet=Lake+Post",
        "page: events, sorted by mentions": "/?sort=mentions",
        "page: events, page 1000": "/?page=1000",
        "page: article": f"/article/{art}",
        "page: actor": "/actor/KEN",
        "page: dyad (week)": "/dyad?a=KEN&b=SOM&freq=week",
        "page: network": "/network",
        "page: map": "/map",
        "page: api docs": "/docs",
        "api: events": "/api/events",
        "api: events, type+dates": f"/api/events?{f}",
        "api: facets": "/api/facets",
        "api: event": f"/api/events/{ev}",
        "api: article": f"/api/articles/{art}",
        "api: actor": "/api/actors/KEN",
        "api: dyad (month)": "/api/dyad?a=KEN&b=SOM",
        "api: network": "/api/network",
        "api: map": "/api/map",
        "api: stats": "/api/stats",
    }


def measure(base: str, targets: dict[str, str], repeat: int) -> dict[str, Any]:
    import httpx
    out: dict[str, Any] = {}
    with httpx.Client(base_url=base, timeout=120) as c:
        for name, url in targets.items():
            t = time.perf_counter()
            r = c.get(url)
            first = (time.perf_counter() - t) * 1000     # cold: before the aggregate cache
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                r = c.get(url)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            out[name] = {"url": url, "status": r.status_code, "bytes": len(r.content),
                         "first_ms": round(first, 1),
                         "median_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[min(len(times) - 1,
                                                   int(round(0.95 * (len(times) - 1))))], 1)}
            print(f"{first:8.1f} {out[name]['median_ms']:8.1f} {out[name]['p95_ms']:8.1f}  {name}",
                  file=sys.stderr)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--db", default=None, help="cached database (default /tmp/...)")
    args = ap.parse_args()
    db = Path(args.db or f"/tmp/tidings-bench-web-{args.events}.db")
    built = build(db, args.events)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tidings", "serve", "--db", str(db),
                             "--port", str(port)], cwd=ROOT, env=dict(os.environ))
    try:
        for _ in range(300):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        time.sleep(15.0)          # the server loads map land cells and unfiltered aggregates

        res = measure(f"http://127.0.0.1:{port}", urls(db), args.repeat)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    slow = sorted(k for k, v in res.items() if v["median_ms"] > TARGET_MS)
    slow_first = sorted(k for k, v in res.items() if v["first_ms"] > TARGET_MS)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    report = {
        "command": "python benchmarks/bench_web.py " + " ".join(sys.argv[1:]),
        "commit": commit,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.machine(), "cpus": os.cpu_count()},
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "database": {"path": str(db), **built},
        "repeat": args.repeat, "target_ms": TARGET_MS,
        "note": "first_ms: the first request for a URL (cold: aggregates not yet cached); "
                "median/p95 over the repeats that follow",
        "over_target": slow, "first_request_over_target": slow_first, "results": res,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}; over {TARGET_MS:.0f} ms: {', '.join(slow) or 'none'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
