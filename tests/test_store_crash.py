"""Killing an import or a re-clustering at a random point leaves the database consistent.

A child process adds articles one by one (then re-clusters); it is SIGKILLed after a random delay,
a few times, and the import is re-run to the end.  Nothing may be lost or doubled, and the events
must equal those of an uninterrupted import.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_store import url  # noqa: F401  (the backend-parametrised fixture)  # type: ignore
from test_store_support import article, event, filler_text  # type: ignore[import-not-found]
from tidings.store import open_store

HERE = Path(__file__).resolve().parent
N_ARTICLES = 300
CHILD = """
import sys
sys.path.insert(0, {tests!r})
from test_store_crash import records
from tidings.store import open_store
with open_store({url!r}) as st:
    print("ready", flush=True)
    for rec in records():
        st.add_article(rec)
    for _ in range({reclusters}):
        st.recluster()
"""


def records() -> list[dict]:
    """N_ARTICLES articles, two events each; stories repeat so events merge across articles."""
    out = []
    for i in range(N_ARTICLES):
        aid = f"k{i:03d}"
        day = f"2020-02-{1 + (i % 7) * 3:02d}"
        evs = [event(aid, 0, "PROTEST", "FRACVL", "FRAGOV", day, f"protest {i}"),
               event(aid, 1, "ASSAULT", "RUSMIL", "UKRMIL", day, f"shelling {i}",
                     confidence=0.5 + (i % 5) / 10)]
        out.append(article(aid, filler_text(1000 + i), day, f"Outlet{i % 6}", evs))
    return out


def _run_child(url: str, reclusters: int, kill_after: float | None) -> None:
    code = CHILD.format(tests=str(HERE), url=url, reclusters=reclusters)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE.parent / "src"),
                                                       os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE)
    if kill_after is None:
        assert proc.wait(timeout=120) == 0
        return
    assert proc.stdout is not None
    proc.stdout.readline()                  # the store is open: the delay starts now
    time.sleep(kill_after)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()


def _check_consistent(url: str) -> list[tuple]:
    """Assert the invariants; return the events as comparable tuples."""
    with open_store(url, readonly=True) as st:
        s = st.stats()
        assert (s["articles"], s["duplicates"]) == (N_ARTICLES, 0)
        assert s["event_mentions"] == 2 * N_ARTICLES
        assert s["actor_mentions"] == N_ARTICLES
        q = st.db.query
        assert q("SELECT COUNT(*) AS n FROM event_mentions WHERE event_id IS NULL")[0]["n"] == 0
        bad = q("SELECT e.id FROM events e LEFT JOIN event_mentions m ON m.event_id = e.id "
                "GROUP BY e.id, e.num_mentions HAVING COUNT(m.id) <> e.num_mentions")
        assert bad == []
        if st.db.dialect == "sqlite":
            assert q("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
        return sorted((e["type"], e["date"], e["num_mentions"], e["num_sources"])
                      for e in st.events())


def test_killed_imports_lose_and_double_nothing(url: str, tmp_path: Path) -> None:  # noqa: F811
    rng = random.Random(4)
    for _ in range(5):
        _run_child(url, reclusters=3, kill_after=rng.uniform(0.0, 0.5))
    _run_child(url, reclusters=0, kill_after=None)          # finish the import
    _check_consistent(url)
    for _ in range(3):                                      # now kill re-clusterings
        _run_child(url, reclusters=50, kill_after=rng.uniform(0.1, 0.5))
    got = _check_consistent(url)

    clean = str(tmp_path / "clean.db")
    with open_store(clean) as st:
        for rec in records():
            st.add_article(rec)
        st.recluster()
    assert got == _check_consistent(clean)
    assert sum(n for _, _, n, _ in got) == 2 * N_ARTICLES
