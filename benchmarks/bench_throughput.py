"""Throughput of `tidings code` against the bare spaCy pipeline on the same texts.

Builds a corpus of ~700-word articles from our own training sentences (deterministic), then runs,
each in a fresh process so that peak memory is its own:

- ``spacy-1``: ``nlp.pipe`` over the texts with the same model (the floor: parsing and NER);
- ``tidings-1``: the full pipeline (all stages, classifier included) in one process, with one
  torch thread (one core, as spaCy's own matrix maths uses);
- ``spacy-2``: ``nlp.pipe(n_process=2)``, the fair baseline for
- ``tidings-2``: the full pipeline with two worker processes.  Both multi-process rates are
  counted from the first record the workers return, so that start-up and model loading are
  reported as load time.

The classifier's encoder runs at its default precision (``auto``: bfloat16 on CPUs with
bfloat16 units, else float32); ``tidings-1+fp32`` / ``+bf16`` force one.

Model loading is excluded from the rates (each run warms up on one article first) and reported
separately.  Each tidings run reports the wall-clock share of every stage (``stage_shares``,
from ``Pipeline.timings``); one-process runs also report CPU milliseconds per article, which a
shared machine disturbs less than wall time.  Results go to ``benchmarks/results/throughput.json``
with the command, machine and date; compare the ratios (tidings-N against spacy-N), not the
absolute times.

    python benchmarks/bench_throughput.py [--articles 40] [--words 700] [--modes spacy-1,tidings-1]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
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
procs = int(mode.split("+")[0].split("-")[1])
arts = [json.loads(l) for l in open(path, encoding="utf-8")]


def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


t0 = time.perf_counter()
stages = {}
if mode.startswith("spacy"):
    from tidings.nlp import load_spacy
    nlp = load_spacy()
    list(nlp.pipe([arts[0]["text"]]))
    texts = [a["text"] for a in arts]
    if procs == 1:
        load = time.perf_counter() - t0
        c1, t1 = cpu(), time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        n_done = len(arts)
    else:
        # the worker processes start inside pipe: count from the first parsed text, as below
        n_done, t1 = 0, None
        for _ in nlp.pipe(texts, batch_size=4, n_process=procs):
            if t1 is None:
                c1, t1 = cpu(), time.perf_counter()
                load = t1 - t0
                continue
            n_done += 1
else:
    import torch
    from tidings.pipeline import Pipeline, code_records
    from tidings.records import Article
    items = [Article(text=a["text"], id=a["id"], published=a["published"]) for a in arts]
    if procs == 1:
        # one core, like the bare spaCy run (spaCy's matrix maths is single-threaded)
        torch.set_num_threads(1)
        pipe = Pipeline()
        list(code_records(items[:1], pipeline=pipe))
        load = time.perf_counter() - t0
        c1, t1 = cpu(), time.perf_counter()
        for r in code_records(items, pipeline=pipe, timings=stages):
            pass
        n_done = len(arts)
    else:
        # workers load their models after they start: count from the first coded record
        n_done, t1 = 0, None
        for r in code_records(items, workers=procs, batch_size=4, timings=stages):
            if t1 is None:
                c1, t1 = cpu(), time.perf_counter()
                load = t1 - t0
                continue
            n_done += 1
el = time.perf_counter() - t1
cpu_s = cpu() - c1          # children's CPU is counted once they have exited
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
tot = sum(stages.values()) or 1.0
print(json.dumps({"mode": mode, "articles": n_done, "seconds": round(el, 2),
                  "articles_per_s": round(n_done / el, 2),
                  # one process only: worker processes' CPU includes their model loading
                  "cpu_ms_per_article": round(1000 * cpu_s / n_done, 1) if procs == 1 else None,
                  "load_seconds": round(load, 2), "peak_rss_mb": round(rss / 1024, 1),
                  "stage_seconds": {k: round(v, 2) for k, v in stages.items()},
                  "stage_shares": {k: round(v / tot, 3) for k, v in stages.items()}}))
"""


def run_child(mode: str, corpus: Path) -> dict:
    env = {**os.environ, "TQDM_DISABLE": "1"}
    if mode.endswith("+bf16"):                 # the classifier's encoder precision
        env["TIDINGS_ENCODER_DTYPE"] = "bfloat16"
    elif mode.endswith("+fp32"):
        env["TIDINGS_ENCODER_DTYPE"] = "float32"
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(corpus)], check=True,
                         capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def ratios(runs: dict[str, dict]) -> dict[str, dict[str, float]]:
    """tidings-N against spacy-N: the same texts, the same number of processes."""
    out = {}
    for m, r in runs.items():
        base = runs.get("spacy-" + m.split("+")[0].split("-")[1])
        if m.startswith("tidings") and base:
            out[m] = {"by_rate": round(base["articles_per_s"] / r["articles_per_s"], 2)}
            if r["cpu_ms_per_article"] and base["cpu_ms_per_article"]:
                out[m]["by_cpu"] = round(r["cpu_ms_per_article"] / base["cpu_ms_per_article"], 2)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--words", type=int, default=700)
    ap.add_argument("--modes", default="spacy-1,tidings-1,spacy-2,tidings-2",
                    help="runs, comma-separated: spacy-N (bare nlp.pipe) or tidings-N, with N "
                         "processes; tidings-N+bf16 / +fp32 run the classifier's encoder in bfloat16 / "
                         "float32 (default: auto, bfloat16 where the CPU has bfloat16 units)")
    ap.add_argument("--out", default=str(HERE / "results" / "throughput.json"))
    a = ap.parse_args()
    arts = build_corpus(a.articles, a.words)
    corpus = Path("/tmp/tidings-bench-corpus.jsonl")
    corpus.write_text("".join(json.dumps(x) + "\n" for x in arts), encoding="utf-8")
    words = sum(len(x["text"].split()) for x in arts)
    runs = {m: run_child(m, corpus) for m in a.modes.split(",")}
    result = {
        "command": "python benchmarks/bench_throughput.py " + " ".join(sys.argv[1:]),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_avg_at_start": os.getloadavg()},
        "corpus": {"articles": len(arts), "words": words,
                   "mean_words": round(words / len(arts))},
        "runs": runs,
        "ratios": ratios(runs),
        "note": "ratios: bare spaCy with the same number of processes / tidings, by rate and by "
                "CPU time per article (1.0 = as fast as parsing alone); stage_shares: wall-clock "
                "share of each stage (to_dict: building the output records)",
    }
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
