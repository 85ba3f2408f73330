"""Run every `tidings evaluate` task on its dev sets and write the figures the README reports.

    python benchmarks/run_evals.py            # all tasks -> benchmarks/results/eval.json
    python benchmarks/run_evals.py events     # one task

Each entry records the exact command that reproduces it.  The sets are development sets (the
lexicons and rules were developed looking at their errors), except where ``note`` says
otherwise; see the README's evaluation section.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIDINGS = str(Path(sys.executable).with_name("tidings"))

RUNS = [
    ("events", "events", "events/plover_gsr.jsonl", "dev set: the lexicon was developed on its errors"),
    ("events-conflibert", "events", "events/conflibert_quad_train.jsonl",
     "not used for development: quad class of the most confident event"),
    ("actors", "actors", "events/plover_gsr.jsonl", "dev set"),
    ("dates", "dates", "dates/tempeval3_train.jsonl", "dev set"),
    ("places-geowebnews", "places", "geo/geowebnews.jsonl", "dev set"),
    ("places-lgl", "places", "geo/lgl.jsonl", "dev set"),
    ("quotes-dev", "quotes", "quotes/polnear_dev.jsonl", "dev split (rules developed on train)"),
    ("quotes-train", "quotes", "quotes/polnear_train.jsonl", "train split, developed on"),
]


def main() -> int:
    only = set(sys.argv[1:])
    out_path = HERE / "results" / "eval.json"
    results = json.loads(out_path.read_text()) if out_path.is_file() else {}
    for name, task, gold, note in RUNS:
        if only and name not in only and task not in only:
            continue
        cmd = [TIDINGS, "evaluate", task, gold, "--json", "--workers", "2"]
        t0 = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"{name}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        results[name] = {
            "command": "tidings " + " ".join(cmd[1:]),
            "note": note,
            "seconds": round(time.monotonic() - t0, 1),
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
            "summary": summary,
        }
        print(f"{name}: main {summary.get('main')} ({summary.get('main_metric', '')}) "
              f"in {results[name]['seconds']} s")
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
