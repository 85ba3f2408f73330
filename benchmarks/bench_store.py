"""Loading speed and query times of the event store on synthetic article records.

Why: users load tens of thousands of articles and page through all their events; both must stay
flat as the database grows (a per-article cost that grows with the table size turns a 20k-article
import into hours).  Each size N is loaded into a fresh database under /tmp (nothing is cached in
the repository) from ``tidings.web.synthetic`` records (four events per article), through
``Store.add_article``; then we time a filtered count, a deep page by offset and the same page by
keyset cursor (``after=``).

    .venv/bin/python benchmarks/bench_store.py [--sizes 2000 20000] [--page 1000] [--db-dir /tmp]

writes benchmarks/results/store.json: command, machine, date, and for each N the articles/s of
every 1000-article slice, the count, deep-page and keyset-page times.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tidings.store import Store, open_store  # noqa: E402
from tidings.web import synthetic  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "store.json"
SLICE = 1000


def load(st: Store, n: int, seed: int = 5) -> list[float]:
    """Add ``n`` synthetic articles; articles/s of each SLICE-article slice."""
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    rates: list[float] = []
    t0 = time.perf_counter()
    for i in range(n):
        st.add_article(synthetic.article(i, rng, start, n_events=4))
        if (i + 1) % SLICE == 0 or i + 1 == n:
            t1 = time.perf_counter()
            rates.append(round(((i % SLICE) + 1) / (t1 - t0), 1))
            print(f"  {i + 1} articles: {rates[-1]} articles/s", file=sys.stderr)
            t0 = t1
    return rates


def _timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return round(time.perf_counter() - t0, 4), out


def queries(st: Store, page: int) -> dict[str, Any]:
    """Time a filtered count, a deep page by offset and the same page by keyset cursor."""
    total = st.count_events()
    flt = {"type": "SANCTION", "since": "2023-06-01", "until": "2023-12-31", "source": "KEN"}
    t_count, n_filtered = _timed(lambda: st.count_events(**flt))
    offset = max(0, (total * 9 // 10) // page * page)
    t_offset, by_offset = _timed(lambda: st.events(limit=page, offset=offset))
    prev = st.events(limit=1, offset=offset - 1)[0] if offset else None
    after = prev["id"] if prev else None
    t_keyset, by_keyset = _timed(lambda: st.events(limit=page, after=after)
                                 if after else st.events(limit=page))
    t_export, pages = _timed(lambda: _export_all(st, page))
    return {"events": total, "filter": flt, "filtered_count": n_filtered,
            "seconds_filtered_count": t_count, "page_size": page, "deep_offset": offset,
            "seconds_deep_page_offset": t_offset, "seconds_deep_page_keyset": t_keyset,
            "keyset_page_equals_offset_page": [e["id"] for e in by_offset]
            == [e["id"] for e in by_keyset],
            "seconds_export_all_keyset": t_export, "export_pages": pages}


def _export_all(st: Store, page: int) -> int:
    """Read every event page by page with the keyset cursor (what an export does)."""
    after: str | None = None
    pages = 0
    while True:
        rows = st.events(limit=page, after=after) if after else st.events(limit=page)
        pages += 1
        if len(rows) < page:
            return pages
        after = rows[-1]["id"]


def _commit() -> str | None:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--page", type=int, default=1000)
    ap.add_argument("--db-dir", default="/tmp", help="where the throw-away databases go")
    ap.add_argument("--output", default=str(RESULTS))
    args = ap.parse_args(argv)
    result: dict[str, Any] = {
        "command": " ".join(["benchmarks/bench_store.py",
                             *(argv if argv is not None else sys.argv[1:])]),
        "commit": _commit(),
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.processor() or platform.machine()},
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "backend": "sqlite", "runs": []}
    for n in args.sizes:
        with tempfile.TemporaryDirectory(dir=args.db_dir) as tmp:
            with open_store(str(Path(tmp) / "bench.db")) as st:
                t0 = time.perf_counter()
                rates = load(st, n)
                secs = time.perf_counter() - t0
                run = {"articles": n, "seconds_load": round(secs, 1),
                       "articles_per_s": round(n / secs, 1),
                       "articles_per_s_by_1000_slice": rates, **queries(st, args.page)}
        result["runs"].append(run)
        print(json.dumps({k: v for k, v in run.items()
                          if k != "articles_per_s_by_1000_slice"}), file=sys.stderr)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
