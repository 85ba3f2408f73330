"""The read stage on good and bad input: each problem is one coded InputError in the stream,
and the other inputs are still read.  No pipeline here (fast); ``test_cli.py`` checks the same
inputs through ``tidings code``.

All test documents are written here (tmp_path), in our own words.
"""
from __future__ import annotations

import builtins
import io
import json
import os
from pathlib import Path

import pytest

from tidings import read
from tidings.errors import InputError, TidingsError
from tidings.read import ReadOptions, iter_articles, parse_date, split_wire_text
from tidings.records import Article

HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Ministers meet on river dispute - Lakeside Daily</title>
<meta property="og:site_name" content="Lakeside Daily">
<meta property="article:published_time" content="2022-03-15T08:00:00Z">
</head><body><nav>Home | World | Sport</nav>
<article><h1>Ministers meet on river dispute</h1>
<p>Kazakhstan's foreign minister met his Kyrgyz counterpart in Bishkek on Monday to discuss
water sharing on the river that both countries depend on for irrigation.</p>
<p>The two governments agreed to set up a joint commission that will report before the summer
planting season, officials in both capitals said after the meeting ended.</p>
</article><footer>Copyright Lakeside Daily</footer></body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Wire</title><link>http://example.invalid/</link>
<description>test feed</description>
<item><title>Chile and Peru hold talks</title><link>http://example.invalid/1</link>
<guid>item-1</guid><pubDate>Tue, 08 Mar 2022 10:00:00 GMT</pubDate>
<description>Chile held talks with &lt;b&gt;Peru&lt;/b&gt; on fishing rights on Tuesday.</description></item>
<item><title>Bolivia protests</title><link>http://example.invalid/2</link><guid>item-2</guid>
<pubDate>Wed, 09 Mar 2022 11:00:00 GMT</pubDate>
<description>Bolivia condemned Paraguay over the border closure.</description></item>
</channel></rss>
"""

WIRE_TEXT = ("In Harbour Wire\n"
             "Japan condemned North Korea on Friday after a missile test over the sea.\n"
             "Source\n")


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return str(p)


def read_all(paths: list[str], **opts: str) -> list[Article | InputError]:
    return list(iter_articles(paths, ReadOptions(**opts)))


def errors_of(items: list[Article | InputError]) -> list[tuple[str, str]]:
    return [(e.code, e.message) for e in items if isinstance(e, InputError)]


def articles_of(items: list[Article | InputError]) -> list[Article]:
    return [a for a in items if isinstance(a, Article)]


# ------------------------------------------------------------------ bad files


def test_missing_file_is_e001_and_the_good_file_is_still_read(tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", "Peru recalled its ambassador to Chile.")
    missing = str(tmp_path / "nope.txt")
    items = read_all([missing, good])
    assert [type(i).__name__ for i in items] == ["InputError", "Article"]
    assert items[0].code == "E001" and missing in items[0].message
    assert items[1].text == "Peru recalled its ambassador to Chile."


def test_empty_and_blank_files_are_e002(tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.txt", "")
    blank = write(tmp_path, "blank.txt", "  \n\t\n")
    wire_only = write(tmp_path, "wire.txt", "In Harbour Wire\nSource\n")
    items = read_all([empty, blank, wire_only])
    assert [e[0] for e in errors_of(items)] == ["E002", "E002", "E002"]
    assert errors_of(items)[0][1].startswith(empty + ":")


def test_binary_file_is_e003(tmp_path: Path) -> None:
    binary = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (code, msg), = errors_of(read_all([binary]))
    assert code == "E003" and msg.startswith(binary)


def test_latin1_bytes_are_e004_with_the_byte_offset(tmp_path: Path) -> None:
    data = "Bogot\u00e1 condemned the attack.".encode("latin-1")
    bad = write(tmp_path, "latin.txt", data)
    (code, msg), = errors_of(read_all([bad]))
    assert code == "E004"
    assert "(byte 5)" in msg                     # the \xe1 of "Bogota"


def test_utf8_bom_is_not_an_error(tmp_path: Path) -> None:
    p = write(tmp_path, "bom.txt", "\ufeffQatar hosted talks between the two sides.".encode())
    (art,) = read_all([p])
    assert art.text == "Qatar hosted talks between the two sides."


def test_permission_denied_is_e008(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads anything, so the permission error is simulated by shadowing ``open``."""
    locked = write(tmp_path, "locked.txt", "Oman mediated between the two sides.")
    good = write(tmp_path, "good.txt", "Peru recalled its ambassador to Chile.")
    real_open = builtins.open

    def fake_open(path, *args, **kwargs):
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(read, "open", fake_open, raising=False)
    items = read_all([locked, good])
    assert errors_of(items) == [("E008", f"{locked}: permission denied. "
                                         "Check the file's permissions.")]
    assert len(articles_of(items)) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root can read a chmod 000 file; the monkeypatched test covers E008")
def test_chmod_000_is_e008(tmp_path: Path) -> None:
    locked = write(tmp_path, "locked.txt", "Oman mediated between the two sides.")
    os.chmod(locked, 0)
    try:
        assert [e[0] for e in errors_of(read_all([locked]))] == ["E008"]
    finally:
        os.chmod(locked, 0o644)


def test_directory_without_articles_is_e009(tmp_path: Path) -> None:
    d = tmp_path / "nothing"
    d.mkdir()
    (d / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (code, msg), = errors_of(read_all([str(d)]))
    assert code == "E009" and msg.startswith(str(d))


def test_directory_is_walked_in_sorted_order_for_known_suffixes(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "b.txt").write_text("Chad closed its border with Sudan.", encoding="utf-8")
    (d / "a.txt").write_text("Niger reopened its border with Benin.", encoding="utf-8")
    (d / "sub" / "c.jsonl").write_text(json.dumps({"text": "Mali expelled a French envoy."}),
                                       encoding="utf-8")
    (d / "skip.csv").write_text("Togo,Ghana\n", encoding="utf-8")
    texts = [a.text for a in articles_of(read_all([str(d)]))]
    assert texts == ["Niger reopened its border with Benin.", "Chad closed its border with Sudan.",
                     "Mali expelled a French envoy."]


# ------------------------------------------------------------------ JSON Lines


def test_malformed_json_line_in_the_middle(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "r1", "text": "Laos signed a trade pact with Thailand."}),
             '{"id": "r2", "text": "unterminated',
             json.dumps({"id": "r3", "text": "Cambodia recalled its envoy from Bangkok."})]
    p = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = read_all([p])
    assert [a.id for a in articles_of(items)] == ["r1", "r3"]
    (code, msg), = errors_of(items)
    assert code == "E005"
    assert msg.startswith(f"{p}, line 2: malformed JSON (")
    assert [i.origin for i in articles_of(items)] == [f"{p}:1", f"{p}:3"]


def test_json_record_without_text_is_e006_naming_the_line(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "r1", "title": "no body here"}),
             json.dumps({"id": "r2", "text": "   "}),
             json.dumps(["not", "an", "object"]),
             json.dumps({"id": "r4", "text": "Fiji hosted Pacific leaders in Suva."})]
    p = write(tmp_path, "batch.jsonl", "\n".join(lines))
    items = read_all([p])
    errs = errors_of(items)
    assert [e[0] for e in errs] == ["E006", "E006", "E006"]
    assert errs[0][1] == (f"{p}, line 1: the record has no 'text' (a non-empty string is "
                          "required)")
    assert errs[1][1].startswith(f"{p}, line 2:")
    assert errs[2][1] == f"{p}, line 3: expected a JSON object"
    assert [a.id for a in articles_of(items)] == ["r4"]


def test_json_record_with_a_bad_date_is_e006(tmp_path: Path) -> None:
    p = write(tmp_path, "batch.jsonl",
              json.dumps({"text": "Peru recalled its envoy.", "published": "31/12/2021"}))
    (code, msg), = errors_of(read_all([p]))
    assert code == "E006"
    assert msg.startswith(f"{p}, line 1: '31/12/2021' is not a valid date")


def test_json_without_suffix_is_sniffed(tmp_path: Path) -> None:
    p = write(tmp_path, "records.dat", json.dumps({"id": "x", "text": "Iraq hosted Iran."}))
    (art,) = read_all([p])
    assert (art.id, art.text) == ("x", "Iraq hosted Iran.")


# ------------------------------------------------------------------ stdin, HTML, feeds, wire text


def test_stdin_dash_reads_the_stream() -> None:
    stream = io.BytesIO("Kenya deployed police officers to the border.".encode())
    (art,) = list(iter_articles(["-"], ReadOptions(published="2021-06-01"), stdin=stream))
    assert art.origin == "<stdin>"
    assert art.text == "Kenya deployed police officers to the border."
    assert (art.published, art.published_source) == ("2021-06-01", "flag")


def test_empty_stdin_is_e002() -> None:
    (err,) = list(iter_articles(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(err, InputError) and err.code == "E002" and "<stdin>" in err.message


def test_html_page_body_title_date_and_outlet(tmp_path: Path) -> None:
    p = write(tmp_path, "page.html", HTML_PAGE)
    (art,) = read_all([p], published="2020-01-01", outlet="Flag Outlet")
    assert "Kazakhstan's foreign minister met his Kyrgyz counterpart" in art.text
    assert "joint commission" in art.text
    assert "Home | World" not in art.text and "Copyright" not in art.text
    assert art.title == "Ministers meet on river dispute"
    # the page's own metadata wins over the flags
    assert (art.published, art.published_source) == ("2022-03-15", "html")
    assert (art.outlet, art.outlet_source) == ("Lakeside Daily", "html")


def test_html_without_body_is_e006(tmp_path: Path) -> None:
    p = write(tmp_path, "empty.html", "<html><head><title>x</title></head><body></body></html>")
    (code, _msg), = errors_of(read_all([p]))
    assert code == "E006"


def test_rss_feed_entries_are_articles(tmp_path: Path) -> None:
    p = write(tmp_path, "wire.xml", RSS_FEED)
    arts = read_all([p], published="2020-01-01", outlet="Flag Outlet")
    assert [a.id for a in arts] == ["item-1", "item-2"]
    assert arts[0].text == "Chile held talks with Peru on fishing rights on Tuesday."
    assert [(a.published, a.published_source) for a in arts] == [
        ("2022-03-08", "feed"), ("2022-03-09", "feed")]
    assert {(a.outlet, a.outlet_source) for a in arts} == {("Harbour Wire", "feed")}
    assert [a.origin for a in arts] == [f"{p}#1", f"{p}#2"]
    assert arts[1].url == "http://example.invalid/2"


def test_wire_header_gives_the_outlet_and_is_not_text(tmp_path: Path) -> None:
    p = write(tmp_path, "wire.txt", WIRE_TEXT)
    (art,) = read_all([p], outlet="Flag Outlet", published="2021-02-05")
    assert art.text == "Japan condemned North Korea on Friday after a missile test over the sea."
    assert (art.outlet, art.outlet_source) == ("Harbour Wire", "header")
    assert (art.published, art.published_source) == ("2021-02-05", "flag")


def test_split_wire_text_keeps_source_inside_the_text() -> None:
    text, outlet = split_wire_text("In Harbour Wire\r\nThe Source of the leak was unknown.\r\n"
                                   "Source")
    assert outlet == "Harbour Wire"
    assert text == "The Source of the leak was unknown."


def test_text_without_header_takes_the_flags(tmp_path: Path) -> None:
    p = write(tmp_path, "plain.txt", "Oman mediated between Iran and the United States.")
    (art,) = read_all([p], outlet="Flag Outlet", published="2021-02-05")
    assert (art.outlet, art.outlet_source) == ("Flag Outlet", "flag")
    assert (art.published, art.published_source) == ("2021-02-05", "flag")
    (bare,) = read_all([p])
    assert (bare.outlet, bare.published, bare.published_source) == (None, None, None)


def test_json_fields_win_over_flags_and_flags_fill_the_gaps(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "j1", "text": "Peru recalled its envoy.",
                         "published": "2019-07-01", "outlet": "Andes Post"}),
             json.dumps({"id": "j2", "text": "Chile recalled its envoy."})]
    p = write(tmp_path, "batch.jsonl", "\n".join(lines))
    a1, a2 = read_all([p], published="2021-02-05", outlet="Flag Outlet")
    assert (a1.published, a1.published_source, a1.outlet, a1.outlet_source) == (
        "2019-07-01", "json", "Andes Post", "json")
    assert (a2.published, a2.published_source, a2.outlet, a2.outlet_source) == (
        "2021-02-05", "flag", "Flag Outlet", "flag")


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize("value", ["2021-13-01", "2021-02-30", "yesterday", "04/05/2021",
                                   "2021-5-4", ""])
def test_parse_date_rejects_bad_dates(value: str) -> None:
    with pytest.raises(TidingsError) as exc:
        parse_date(value, "--published")
    assert exc.value.code == "E007"
    assert exc.value.message == (f"{value!r} is not a valid date for --published. "
                                 "Use YYYY-MM-DD, e.g. 2020-01-10.")


def test_parse_date_accepts_days_and_iso_datetimes() -> None:
    assert parse_date("2021-05-04", "x") == "2021-05-04"
    assert parse_date(" 2021-05-04 ", "x") == "2021-05-04"
    assert parse_date("2021-05-04T10:30:00Z", "x") == "2021-05-04T10:30:00+00:00"
    with pytest.raises(TidingsError):
        parse_date(20210504, "x")


def test_every_input_error_is_one_line_naming_its_input(tmp_path: Path) -> None:
    paths = [write(tmp_path, "e.txt", ""), write(tmp_path, "b.txt", b"\x00\x01" * 10),
             write(tmp_path, "l.txt", b"caf\xe9\nsecond line"),
             write(tmp_path, "j.jsonl", '{"text": \n{"id": 1}\n'),
             str(tmp_path / "missing.txt")]
    errs = [i for i in read_all(paths) if isinstance(i, InputError)]
    assert [e.code for e in errs] == ["E002", "E003", "E004", "E005", "E006", "E001"]
    for err, path in zip(errs, paths[:3] + paths[3:4] * 2 + paths[4:]):
        assert "\n" not in err.message and err.message.startswith(path), err.message
