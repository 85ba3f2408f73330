"""`tidings code FILE --db` end to end: coding the same file twice stores nothing new."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.cli import main
from tidings.store import open_store

CORPUS = Path(__file__).resolve().parent / "data" / "dedup_corpus" / "articles.jsonl"


@pytest.mark.slow
def test_code_twice_into_db_adds_nothing(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    picked = [x for x in lines if json.loads(x)["id"] in {"s01a", "s01a-copy", "s08a", "s08b"}]
    src.write_text("\n".join(picked) + "\n", encoding="utf-8")
    db = str(tmp_path / "events.db")
    assert main(["code", str(src), "--db", db]) == 0
    assert "stored 3 article(s)" in capsys.readouterr().err         # the copy is not coded
    with open_store(db, readonly=True) as st:
        first = (st.stats(), st.events(merged=False))
    assert main(["code", str(src), "--db", db]) == 0
    assert "stored 0 article(s)" in capsys.readouterr().err
    with open_store(db, readonly=True) as st:
        assert (st.stats(), st.events(merged=False)) == first
        assert st.article("s01a-copy")["duplicate_of"] == "s01a"
