"""Throughput of `tidings code` against the bare spaCy pipeline on the same texts.

Builds a corpus of ~700-word articles from our own training sentences (deterministic), then runs,
each in a fresh process so that peak memory is its own:

- ``spacy``: ``nlp.pipe`` over the texts with the same model (the floor: parsing and NER);
- ``tidings-1``: the full pipeline (all stages, classifier included) in one process;
- ``tidings-2``: the same with two worker processes (rate counted from the first record the
  workers return, so that their start-up and model loading is reported as load time).

Model loading is excluded from the rates (each run warms up on one article first) and reported
separately.  Results go to ``benchmarks/results/throughput.json`` with the command, machine and
date; compare the ratios, not the absolute times (the machine may be shared).

    python benchmarks/bench_throughput.py [--articles 40] [--words 700]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def build_corpus(n: int, words: int) -> list[dict[str, str]]:
    sents = []
    for p in sorted((ROOT / "src/tidings/data/training").glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                sents.append(json.loads(line)["text"])
    arts, cur, count, k = [], [], 0, 0
    i = 0
    while len(arts) < n:
        s = sents[i % len(sents)]
        i += 7                      # stride so that articles mix topics
        cur.append(s)
        count += len(s.split())
        if count >= words:
            k += 1
            paras = [" ".join(cur[j:j + 3]) for j in range(0, len(cur), 3)]
            arts.append({"id": f"bench-{k:04d}", "text": "\n\n".join(paras),
                         "published": "2021-06-15"})
            cur, count = [], 0
    return arts


CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
arts = [json.loads(l) for l in open(path, encoding="utf-8")]
t0 = time.perf_counter()
if mode == "spacy":
    from tidings.nlp import load_spacy
    nlp = load_spacy()
    list(nlp.pipe([arts[0]["text"]]))
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    for _ in nlp.pipe([a["text"] for a in arts], batch_size=16):
        pass
else:
    workers = int(mode.split("-")[1])
    from tidings.pipeline import Pipeline, code_records
    from tidings.records import Article
    items = [Article(text=a["text"], id=a["id"], published=a["published"]) for a in arts]
    if workers == 1:
        pipe = Pipeline()
        list(code_records(items[:1], pipeline=pipe))
        load = time.perf_counter() - t0
        t1 = time.perf_counter()
        n_ev = sum(len(r["events"]) for r in code_records(items, pipeline=pipe))
    else:
        # workers load their models after they start: count from the first coded record
        n_ev, n_done, t1 = 0, 0, None
        for r in code_records(items, workers=workers, batch_size=4):
            if t1 is None:
                t1 = time.perf_counter()
                load = t1 - t0
                continue
            n_ev += len(r["events"])
            n_done += 1
        arts = arts[:n_done]
el = time.perf_counter() - t1
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"mode": mode, "articles": len(arts), "seconds": round(el, 2),
                  "articles_per_s": round(len(arts) / el, 2), "load_seconds": round(load, 2),
                  "peak_rss_mb": round(rss / 1024, 1)}))
"""


def run_child(mode: str, corpus: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(corpus)], check=True,
                         capture_output=True, text=True, env={**os.environ, "TQDM_DISABLE": "1"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--words", type=int, default=700)
    ap.add_argument("--out", default=str(HERE / "results" / "throughput.json"))
    a = ap.parse_args()
    arts = build_corpus(a.articles, a.words)
    corpus = Path("/tmp/tidings-bench-corpus.jsonl")
    corpus.write_text("".join(json.dumps(x) + "\n" for x in arts), encoding="utf-8")
    words = sum(len(x["text"].split()) for x in arts)
    runs = {m: run_child(m, corpus) for m in ("spacy", "tidings-1", "tidings-2")}
    base = runs["spacy"]["articles_per_s"]
    result = {
        "command": "python benchmarks/bench_throughput.py " + " ".join(sys.argv[1:]),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_avg_at_start": os.getloadavg()},
        "corpus": {"articles": len(arts), "words": words,
                   "mean_words": round(words / len(arts))},
        "runs": runs,
        "ratios": {m: round(base / r["articles_per_s"], 2) for m, r in runs.items()},
        "note": "ratio = bare spaCy rate / this rate (1.0 = as fast as parsing alone)",
    }
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
