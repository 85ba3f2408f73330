"""tidings evaluate: code a gold set and score it (figures agree with shared/eval)."""
from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import TidingsError
from ..evaluate import TASKS, shared_dir
from ..records import Article

HELP = "run the coder over a gold set and print precision, recall and F1"
INPUT_FIELDS = ("id", "text", "title", "published", "outlet", "url")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("task", help=f"what to score: {', '.join(TASKS)}")
    p.add_argument("gold", nargs="?", help="gold JSON Lines file (default: the task's dev set "
                   "in ../shared/data)")
    p.add_argument("--pred", help="score this prediction file (--format articles) instead of "
                   "coding the gold texts")
    p.add_argument("--save-pred", help="also write the predictions (--format articles) here")
    p.add_argument("--limit", type=int, help="only the first N gold records")
    p.add_argument("--workers", "-j", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("--errors", type=int, default=0, metavar="N",
                   help="also list the first N errors (tasks whose scorer lists them: dates)")
    p.add_argument("--component", action="append", default=[], metavar="STAGE=NAME",
                   help="swap a pipeline stage (as in tidings code)")


def _read_jsonl(path: str) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise TidingsError("E005", path=path, line=n, msg=exc.msg) from None
    return out


def resolve_gold(task_mod: Any, gold: str | None) -> str:
    if gold and os.path.isfile(gold):
        return gold
    sd = shared_dir()
    names = [gold] if gold else [task_mod.DEFAULT_GOLD]
    for n in names:
        if sd is not None and n and (sd / "data" / n).is_file():
            return str(sd / "data" / n)
    raise TidingsError("E023", path=gold or task_mod.DEFAULT_GOLD,
                       choices=", ".join(sorted(TASKS)))


def gold_articles(records: list[dict[str, Any]]) -> list[Article]:
    """Articles built from the input fields only: gold annotations are never seen by the coder."""
    arts = []
    for r in records:
        a = Article(text=r["text"], id=str(r["id"]), title=r.get("title"),
                    published=(r.get("published") or None), outlet=r.get("outlet"),
                    url=r.get("url"))
        if a.published:
            a.published_source = "json"
        arts.append(a)
    return arts


def predict(task_mod: Any, records: list[dict[str, Any]], workers: int,
            components: dict[str, str]) -> list[dict[str, Any]]:
    from ..pipeline import Progress, code_records

    comps = dict(getattr(task_mod, "COMPONENTS", {}))
    comps.update(components)
    progress = Progress(len(records))
    out = []
    for rec in code_records(gold_articles(records), workers=workers, components=comps or None):
        out.append(rec)
        progress.update()
    progress.close()
    return out


def _takes(fn: Any, name: str) -> bool:
    """Does ``fn`` accept the keyword ``name`` (by name or through ``**kwargs``)?"""
    params = inspect.signature(fn).parameters.values()
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


def run(args: argparse.Namespace) -> int:
    if args.task not in TASKS:
        raise TidingsError("E024", value=args.task, choices=", ".join(TASKS))
    mod = importlib.import_module(TASKS[args.task])
    from .code import _components

    gold_path = resolve_gold(mod, args.gold)
    gold = _read_jsonl(gold_path)
    if args.limit:
        gold = gold[: args.limit]
    if args.pred:
        pred = _read_jsonl(args.pred)
    else:
        pred = predict(mod, gold, args.workers, _components(args.component))
    if args.save_pred:
        Path(args.save_pred).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in pred), encoding="utf-8")
    opts = {"errors": args.errors} if args.errors and _takes(mod.score, "errors") else {}
    summary = mod.score(gold, pred, **opts)
    summary["gold"] = os.path.basename(gold_path)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{args.task} on {summary['gold']}")
        print(mod.report(summary))
    sys.stdout.flush()
    return 0
