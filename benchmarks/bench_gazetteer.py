"""Measure the places gazetteer: load time, peak memory, lookups per second, stage speed,
and the load cost of the US county points and post-office towns.

The places stage loads ``data/gazetteer/gazetteer.tsv.gz`` once per process (and once per
worker), so its load time and memory are a fixed cost of every ``tidings code`` run; lookups
and the stage itself run per toponym / per article.

    .venv/bin/python benchmarks/bench_gazetteer.py [--repeat 5] [--no-stage]

writes benchmarks/results/gazetteer.json (command, machine, date, figures).  The stage figure
(articles/s of the places stage alone, spaCy parse excluded) uses GeoWebNews from ../shared
when present.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tidings.places import DATA, Gazetteer, GazetteerPlaces  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "gazetteer.json"
# names a news article typically looks up: countries, capitals, ambiguous towns, misses
NAMES = ["Iraq", "Baghdad", "Kirkuk", "Paris", "Alexandria", "Georgia", "Springfield",
         "United States", "Washington", "Erbil", "the Gulf", "Nowhere Town", "Deir ez-Zor",
         "London", "Texas", "Moscow", "Kyiv", "Gaza", "Lagos", "Columbus"]


def load_times(repeat: int) -> dict[str, Any]:
    """Load time of the name index, and of the first lookup, which also reads the small
    towns' file (towns.tsv.gz, searched by bisection: no index is built for it)."""
    times, firsts = [], []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        gaz = Gazetteer.load()
        t1 = time.perf_counter()
        gaz.lookup("Paris")
        times.append(t1 - t0)
        firsts.append(time.perf_counter() - t1)
    gc.collect()
    tracemalloc.start()
    gaz = Gazetteer.load()
    _, peak = tracemalloc.get_traced_memory()
    current, _ = tracemalloc.get_traced_memory()
    gaz.lookup("Paris")
    _, peak_all = tracemalloc.get_traced_memory()
    current_all, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    folder = ROOT / "src" / "tidings" / DATA
    towns = folder / "towns.tsv.gz"
    return {"file_bytes": (folder / "gazetteer.tsv.gz").stat().st_size,
            "towns_file_bytes": towns.stat().st_size if towns.exists() else 0,
            "places": len(gaz.entries), "towns": len(gaz.towns) if hasattr(gaz, "towns") else 0,
            "names_indexed": len(gaz.names), "load_s_median": round(statistics.median(times), 3),
            "load_s_min": round(min(times), 3),
            "first_lookup_s_median": round(statistics.median(firsts), 3),
            "peak_mb_during_load": round(peak / 2**20, 1),
            "resident_mb_after_load": round(current / 2**20, 1),
            "peak_mb_with_towns": round(peak_all / 2**20, 1),
            "resident_mb_with_towns": round(current_all / 2**20, 1), "_gaz": gaz}


def us_tables(repeat: int) -> dict[str, Any]:
    """Load time and memory of the US county points and post-office towns (read on the first
    US county or hamlet an article needs; not part of ``Gazetteer.load``)."""
    from tidings import places
    loaders = {"county_points": places.county_points, "post_towns": places.post_town_lines}
    out: dict[str, Any] = {}
    for name, load in loaders.items():
        times = []
        for _ in range(repeat):
            load.cache_clear()
            gc.collect()
            t0 = time.perf_counter()
            rows = load()
            times.append(time.perf_counter() - t0)
        load.cache_clear()
        gc.collect()
        tracemalloc.start()
        rows = load()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        n = sum(len(v) for v in rows.values()) if isinstance(rows, dict) else len(rows)
        out[name] = {"entries": n, "file_bytes": (ROOT / "src" / "tidings" / DATA / f"{name}.tsv.gz").stat().st_size,
                     "load_s_median": round(statistics.median(times), 3),
                     "peak_mb": round(peak / 2**20, 1), "resident_mb": round(current / 2**20, 1)}
    return out


def lookups_per_s(gaz: Gazetteer, seconds: float = 1.0) -> float:
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for name in NAMES:
            gaz.lookup(name)
        n += len(NAMES)
    return round(n / (time.perf_counter() - t0))


def stage_speed(gaz: Gazetteer) -> dict[str, Any] | None:
    """Articles/s of the places stage on pre-parsed GeoWebNews (parse time excluded)."""
    from tidings.evaluate import shared_dir
    from tidings.nlp import load_spacy
    from tidings.records import Article, Document

    sd = shared_dir()
    path = sd / "data" / "geo" / "geowebnews.jsonl" if sd else None
    if path is None or not path.is_file():
        return None
    recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x][:100]
    nlp = load_spacy()
    docs = [Document(article=Article(text=r["text"], id=r["id"]), doc=d)
            for r, d in zip(recs, nlp.pipe(r["text"] for r in recs))]
    stage = GazetteerPlaces(gaz)
    t0 = time.perf_counter()
    n_places = sum(len(stage(d).places) for d in docs)
    el = time.perf_counter() - t0
    return {"articles": len(docs), "places": n_places, "seconds": round(el, 3),
            "articles_per_s": round(len(docs) / el, 1), "data": "geowebnews.jsonl[:100]"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-stage", action="store_true", help="skip the stage speed (no spaCy)")
    args = ap.parse_args()
    res = load_times(args.repeat)
    gaz = res.pop("_gaz")
    res["lookups_per_s"] = lookups_per_s(gaz)
    res["us_tables"] = us_tables(args.repeat)
    if not args.no_stage:
        res["stage"] = stage_speed(gaz)
    out = {"command": "python " + " ".join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:]),
           "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
           "machine": {"cpu_count": os.cpu_count(), "platform": platform.platform(),
                       "python": platform.python_version()},
           "figures": res}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
