"""``tidings code`` on bad input: one ``tidings: error E0..`` line per problem, no traceback, the
good inputs still coded, a non-zero exit when anything failed, and no partial rows in --db.

The runs use ``--component events=lexicon`` so they do not load the embedding classifier (these
tests are about input handling, not coding quality; spaCy is loaded once per process and cached).
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.cli import main
from tidings.store import open_store

FAST = ["--component", "events=lexicon"]
GOOD_TEXT = "Japan condemned North Korea on Friday after a missile test over the sea."
WIRE_TEXT = f"In Harbour Wire\n{GOOD_TEXT}\nSource\n"
HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Ministers meet on river dispute</title>
<meta property="og:site_name" content="Lakeside Daily">
<meta property="article:published_time" content="2022-03-15T08:00:00Z">
</head><body><article><h1>Ministers meet on river dispute</h1>
<p>Kazakhstan's foreign minister met his Kyrgyz counterpart in Bishkek on Monday to discuss
water sharing on the river that both countries depend on for irrigation.</p>
<p>The two governments agreed to set up a joint commission that will report before the summer
planting season, officials in both capitals said after the meeting ended.</p>
</article></body></html>
"""
RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Wire</title><link>http://example.invalid/</link>
<description>test feed</description>
<item><title>Chile and Peru</title><link>http://example.invalid/1</link><guid>item-1</guid>
<pubDate>Tue, 08 Mar 2022 10:00:00 GMT</pubDate>
<description>Chile held talks with Peru on fishing rights on Tuesday.</description></item>
<item><title>Bolivia</title><link>http://example.invalid/2</link><guid>item-2</guid>
<pubDate>Wed, 09 Mar 2022 11:00:00 GMT</pubDate>
<description>Bolivia condemned Paraguay over the border closure.</description></item>
</channel></rss>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return str(p)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, list[str]]:
    """(exit status, stdout, stderr lines) of ``tidings code ARGV``."""
    rc = main(["code", *argv])
    out, err = capsys.readouterr()
    return rc, out, [ln for ln in err.splitlines() if ln.strip()]


def records(out: str) -> list[dict]:
    return [json.loads(ln) for ln in out.splitlines() if ln.strip()]


def assert_clean_errors(err: list[str], codes: list[str]) -> None:
    """Each problem is exactly one line 'tidings: error E###: ...', in input order."""
    errors = [ln for ln in err if ln.startswith("tidings: error ")]
    assert [ln.split()[2].rstrip(":") for ln in errors] == codes, err
    assert not any("Traceback" in ln or ln.startswith("  File ") for ln in err), err


# ------------------------------------------------------------------ option errors (no coding)


def test_unknown_format_is_e010_before_anything_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    db = tmp_path / "x.db"
    rc, out, err = run(capsys, good, "--format", "xml", "--db", str(db))
    assert rc == 1 and out == ""
    assert err == ["tidings: error E010: unknown output format 'xml'. Choose one of: summary, "
                   "articles, jsonl, csv."]
    assert not db.exists()


@pytest.mark.parametrize("value", ["2021-02-30", "last week", "05/04/2021"])
def test_bad_published_is_e007(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               value: str) -> None:
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    db = tmp_path / "x.db"
    rc, out, err = run(capsys, good, "--published", value, "--db", str(db))
    assert rc == 1 and out == ""
    assert err == [f"tidings: error E007: {value!r} is not a valid date for --published. "
                   "Use YYYY-MM-DD, e.g. 2020-01-10."]
    assert not db.exists()


def test_unknown_component_and_bad_workers(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    rc, _, err = run(capsys, good, "--component", "events=magic")
    assert rc == 1 and len(err) == 1 and err[0].startswith("tidings: error E011: unknown events")
    rc, _, err = run(capsys, good, "--workers", "0")
    assert rc == 1 and err == ["tidings: error E012: --workers must be a whole number of at "
                               "least 1 (got '0')."]


# ------------------------------------------------------------------ bad files among good ones


def test_missing_file_among_good_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path, "a.txt", GOOD_TEXT)
    b = write(tmp_path, "b.txt", "Chile held talks with Peru on fishing rights on Tuesday.")
    missing = str(tmp_path / "gone.txt")
    rc, out, err = run(capsys, a, missing, b, "--format", "articles", "--published",
                       "2021-05-04", *FAST)
    assert rc == 1
    assert_clean_errors(err, ["E001"])
    assert err[0] == (f"tidings: error E001: {missing}: no such file or directory. Check the "
                      "path, or pass '-' to read standard input.")
    recs = records(out)
    assert [r["text"] for r in recs] == [GOOD_TEXT, "Chile held talks with Peru on fishing "
                                                    "rights on Tuesday."]
    assert all(r["published"] == "2021-05-04" for r in recs)


def test_every_kind_of_bad_file_is_one_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    empty = write(tmp_path, "empty.txt", "")
    binary = write(tmp_path, "blob.txt", b"\x00\x01\x02\x03binary\x00" * 8)
    latin = write(tmp_path, "latin.txt", "Bogot\u00e1 protested.".encode("latin-1"))
    nodir = tmp_path / "emptydir"
    nodir.mkdir()
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    rc, out, err = run(capsys, empty, binary, latin, str(nodir), good, "--format", "jsonl",
                       *FAST)
    assert rc == 1
    assert_clean_errors(err, ["E002", "E003", "E004", "E009"])
    assert f"{latin}: not valid UTF-8 text (byte 5)" in err[2]
    # the good file is still coded: its events are printed
    evs = records(out)
    assert evs and {e["article_id"] for e in evs} == {evs[0]["article_id"]}
    assert any(e["type"] == "ACCUSE" and e["source"]["country"] == "JPN" for e in evs)


def test_malformed_jsonl_line_in_the_middle(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps({"id": "r1", "text": "Laos signed a trade pact with Thailand."}),
             "{not json}",
             json.dumps({"id": "r3", "title": "a record without text"}),
             json.dumps({"id": "r4", "text": "Cambodia recalled its envoy from Bangkok."})]
    p = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    rc, out, err = run(capsys, p, "--format", "articles", *FAST)
    assert rc == 1
    assert_clean_errors(err, ["E005", "E006"])
    assert err[0].startswith(f"tidings: error E005: {p}, line 2: malformed JSON (")
    assert err[1].startswith(f"tidings: error E006: {p}, line 3: the record has no 'text'")
    assert [r["id"] for r in records(out)] == ["r1", "r4"]


def test_directory_input_is_walked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path / "in"
    d.mkdir()
    write(d, "b.txt", "Chad closed its border with Sudan.")
    write(d, "a.txt", GOOD_TEXT)
    rc, out, err = run(capsys, str(d), "--format", "articles", *FAST)
    assert rc == 0 and err == []
    assert [r["text"] for r in records(out)] == [GOOD_TEXT, "Chad closed its border with Sudan."]


def test_no_articles_at_all_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rss = write(tmp_path, "empty.xml", '<?xml version="1.0"?><rss version="2.0"><channel>'
                                       "<title>Quiet Wire</title></channel></rss>")
    rc, out, err = run(capsys, rss, "--format", "articles", *FAST)
    assert rc == 0 and out == ""
    assert err == ["tidings: no articles found in the inputs."]


# ------------------------------------------------------------------ formats and metadata


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(GOOD_TEXT.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    rc, out, err = run(capsys, "-", "--format", "articles", "--published", "2021-05-04", *FAST)
    assert rc == 0 and err == []
    (rec,) = records(out)
    assert rec["text"] == GOOD_TEXT and rec["published"] == "2021-05-04"
    assert rec["metadata_source"] == {"published": "flag", "outlet": None}


def test_wire_header_and_source_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, "wire.txt", WIRE_TEXT)
    rc, out, err = run(capsys, p, "--format", "articles", "--outlet", "Flag Outlet",
                       "--published", "2021-05-04", *FAST)
    assert rc == 0 and err == []
    (rec,) = records(out)
    assert rec["text"] == GOOD_TEXT                 # neither "In Harbour Wire" nor "Source"
    assert rec["outlet"] == "Harbour Wire"
    assert rec["metadata_source"] == {"published": "flag", "outlet": "header"}
    # nothing was coded from the header: every mention and event lies in the article body
    assert all("Harbour" not in m["text"] for m in rec["mentions"])
    assert all(e["evidence"]["text"] in GOOD_TEXT for e in rec["events"])


def test_html_metadata_beats_published_flag(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, "page.html", HTML_PAGE)
    rc, out, err = run(capsys, p, "--format", "articles", "--published", "2020-01-01",
                       "--outlet", "Flag Outlet", *FAST)
    assert rc == 0 and err == []
    (rec,) = records(out)
    assert rec["published"] == "2022-03-15" and rec["outlet"] == "Lakeside Daily"
    assert rec["title"] == "Ministers meet on river dispute"
    assert rec["metadata_source"] == {"published": "html", "outlet": "html"}
    assert "joint commission" in rec["text"]


def test_rss_feed_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, "wire.xml", RSS_FEED)
    rc, out, err = run(capsys, p, "--format", "articles", "--published", "2020-01-01", *FAST)
    assert rc == 0 and err == []
    recs = records(out)
    assert [(r["id"], r["published"], r["outlet"]) for r in recs] == [
        ("item-1", "2022-03-08", "Harbour Wire"), ("item-2", "2022-03-09", "Harbour Wire")]


def test_json_metadata_beats_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [json.dumps({"id": "j1", "text": GOOD_TEXT, "published": "2019-07-01"}),
             json.dumps({"id": "j2", "text": "Chad closed its border with Sudan."})]
    p = write(tmp_path, "batch.jsonl", "\n".join(lines))
    rc, out, _ = run(capsys, p, "--format", "articles", "--published", "2021-05-04", *FAST)
    assert rc == 0
    assert [(r["id"], r["published"], r["metadata_source"]["published"])
            for r in records(out)] == [("j1", "2019-07-01", "json"), ("j2", "2021-05-04", "flag")]


# ------------------------------------------------------------------ --db


def test_db_keeps_only_good_articles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, "good.txt", GOOD_TEXT)
    bad = write(tmp_path, "bad.txt", b"\xff\xfe\x00\x00garbage")
    lines = [json.dumps({"id": "r1", "text": "Laos signed a trade pact with Thailand."}),
             '{"id": "r2", "text": "cut off',
             json.dumps({"id": "r3", "text": "Cambodia recalled its envoy from Bangkok."})]
    batch = write(tmp_path, "batch.jsonl", "\n".join(lines))
    db = str(tmp_path / "store.db")
    rc, out, err = run(capsys, good, bad, batch, "--db", db, "--published", "2021-05-04", *FAST)
    assert rc == 1 and out == ""
    assert_clean_errors(err, ["E003", "E005"])
    assert err[-1] == f"tidings: stored 3 article(s) in {db}"
    store = open_store(db)
    try:
        stats = store.stats()
        assert stats["articles"] == 3
        ids = [a["id"] for a in store.articles()]
        assert len(ids) == 3 and {"r1", "r3"} <= set(ids) and "r2" not in ids
        assert stats["events"] >= 1
        n_events = stats["events"]
    finally:
        store.close()
    # a second run stores nothing new and adds no rows
    rc, _, err = run(capsys, good, "--db", db, "--published", "2021-05-04", *FAST)
    assert rc == 0 and err == [f"tidings: stored 0 article(s) in {db}, 1 already there"]
    store = open_store(db)
    try:
        assert (store.stats()["articles"], store.stats()["events"]) == (3, n_events)
    finally:
        store.close()


def test_db_with_only_bad_input_has_no_articles(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    empty = write(tmp_path, "empty.txt", "")
    db = str(tmp_path / "store.db")
    rc, _, err = run(capsys, empty, "--db", db, *FAST)
    assert rc == 1
    assert_clean_errors(err, ["E002"])
    store = open_store(db)
    try:
        assert (store.stats()["articles"], store.stats()["events"]) == (0, 0)
    finally:
        store.close()


# ------------------------------------------------------------------ the real entry point


def test_exit_status_and_one_line_from_a_subprocess(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.txt")
    proc = subprocess.run([sys.executable, "-m", "tidings", "code", missing, *FAST],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1
    assert proc.stdout.strip() == "0 article(s), 0 event(s), 0 asserted"
    lines = proc.stderr.strip().splitlines()
    assert lines == [f"tidings: error E001: {missing}: no such file or directory. Check the "
                     "path, or pass '-' to read standard input."]
