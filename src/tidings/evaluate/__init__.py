"""Evaluation tasks: run the coder over a gold set and score it like ``shared/eval`` does.

Each task is a module ``tidings.evaluate.<task>`` defining:

- ``DEFAULT_GOLD``: path of its default gold file relative to ``shared/data`` (str);
- ``score(gold: list[dict], pred: list[dict], **opts) -> dict``: figures from gold records and the
  coder's ``--format articles`` records (matched by ``id``); the main figure under ``"main"``;
- ``report(summary: dict) -> str``: a readable table of those figures.

``tidings evaluate TASK [GOLD]`` codes the gold file's texts (gold fields are stripped before
coding, never read by the coder) and prints ``report(score(...))``.
"""
from __future__ import annotations

TASKS: dict[str, str] = {
    "events": "tidings.evaluate.events",      # PLOVER types / triples / quad (score_sentences)
    "actors": "tidings.evaluate.actors",      # actor country and sector accuracy
    "dates": "tidings.evaluate.dates",        # TIMEX3 DATE value F1 (score_timex)
    "places": "tidings.evaluate.places",      # toponym detection / 161 km accuracy (score_geo)
    "quotes": "tidings.evaluate.quotes",      # quote span F1 / speaker accuracy (score_quotes)
}

import os
from pathlib import Path


def shared_dir() -> Path | None:
    """The project's ``shared/`` folder (gold data, scorers, seed), or None when absent.

    ``$TIDINGS_SHARED`` wins; else ``../shared`` beside the checkout or the working directory.
    """
    env = os.environ.get("TIDINGS_SHARED")
    cands = [Path(env)] if env else []
    here = Path(__file__).resolve()
    cands += [here.parents[3].parent / "shared", Path.cwd().parent / "shared",
              Path.cwd() / "shared"]
    for c in cands:
        if (c / "data").is_dir():
            return c
    return None
