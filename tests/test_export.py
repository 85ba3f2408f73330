"""Exports read back with the libraries users load them with; values checked per column."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tidings import export as ex
from tidings.errors import TidingsError

import test_export_fixtures as fixtures

store, cli_db = fixtures.store, fixtures.cli_db      # shared fixtures


def _one(rows: list[dict[str, Any]], **want: Any) -> dict[str, Any]:
    hits = [r for r in rows if all(r.get(k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, hits)
    return hits[0]


# --------------------------------------------------------------------------- gdelt

def test_gdelt_has_61_named_columns() -> None:
    assert len(ex.GDELT_COLUMNS) == 61
    assert ex.GDELT_COLUMNS[26] == "EventCode" and ex.GDELT_COLUMNS[-1] == "SOURCEURL"
    assert ex.GDELT_COLUMNS.index("ActionGeo_CountryCode") == 53


def test_gdelt_read_back_with_pandas(store: Any, tmp_path: Path) -> None:
    import pandas as pd
    out = tmp_path / "events.gdelt.tsv"
    n = ex.export(store, "gdelt", str(out))
    df = pd.read_csv(out, sep="\t", header=None, dtype=str, keep_default_na=False)
    assert df.shape == (n, 61) and n == 5
    df.columns = list(ex.GDELT_COLUMNS)
    sanc = df[df.EventCode == "163"].iloc[0]
    assert sanc.Day == "20200110" and sanc.MonthYear == "202001" and sanc.Year == "2020"
    assert sanc.FractionDate == f"{2020 + (30 + 10) / 365:.4f}"
    assert (sanc.Actor1Code, sanc.Actor1Name, sanc.Actor1CountryCode) == (
        "USAGOV", "UNITED STATES", "USA")
    assert sanc.Actor1Type1Code == "GOV" and sanc.Actor2CountryCode == "IRN"
    assert (sanc.EventBaseCode, sanc.EventRootCode, sanc.QuadClass) == ("163", "16", "4")
    assert float(sanc.GoldsteinScale) == -8.0
    # two articles from two outlets merged into one event
    assert (sanc.NumMentions, sanc.NumArticles, sanc.NumSources) == ("2", "2", "2")
    assert sanc.IsRootEvent == "1"          # art-1 reports it in its first sentence
    # action geo: Tehran, FIPS country code IR (not ISO3 IRN), GeoNames admin1 26
    assert (sanc.ActionGeo_Type, sanc.ActionGeo_CountryCode, sanc.ActionGeo_ADM1Code) == (
        "4", "IR", "IR26")
    assert sanc.ActionGeo_FullName == "Tehran, Iran"
    assert float(sanc.ActionGeo_Lat) == pytest.approx(35.6944)
    assert sanc.ActionGeo_FeatureID == "112931"
    assert sanc.Actor1Geo_FullName == "" and sanc.AvgTone == ""
    assert sanc.DATEADDED == "20200110000000"
    assert sanc.SOURCEURL == "https://news.example.org/art-1"
    assert sanc.GlobalEventID.isdigit()
    consult = df[(df.EventCode == "040") & (df.Actor1CountryCode == "IRQ")].iloc[0]
    assert (consult.EventRootCode, consult.QuadClass, consult.ActionGeo_CountryCode) == (
        "04", "1", "IZ")
    # a month-only date falls back to the publication day
    threat = df[df.EventCode == "138"].iloc[0]
    assert threat.Day == "20200203" and threat.ActionGeo_Type == ""


def test_gdelt_numeric_columns_parse_as_numbers(store: Any, tmp_path: Path) -> None:
    import pandas as pd
    out = tmp_path / "g.tsv"
    ex.export(store, "gdelt", str(out))
    df = pd.read_csv(out, sep="\t", header=None, names=list(ex.GDELT_COLUMNS))
    assert df.GoldsteinScale.dtype.kind == "f" and df.QuadClass.dtype.kind == "i"
    assert df.GlobalEventID.dtype.kind == "i"
    assert sorted(df.QuadClass.tolist()) == [1, 1, 3, 3, 4]


def test_gdelt_id_is_stable_and_fits_int64() -> None:
    a = ex.gdelt_event_id("e0123456789abcdef")
    assert a == ex.gdelt_event_id("e0123456789abcdef") and int(a) < 2 ** 63
    assert ex.gdelt_event_id("12345") == "12345"


def test_gdelt_geo_rules_for_us_and_country_places() -> None:
    state = {"name": "Texas", "country": "USA", "admin1": "TX", "feature": "admin1"}
    cells = dict(zip(ex.GDELT_COLUMNS[51:59], ex.gdelt_row({"location": state})[51:59]))
    assert cells["ActionGeo_Type"] == "2" and cells["ActionGeo_ADM1Code"] == "USTX"
    iraq = {"name": "Iraq", "country": "IRQ", "feature": "country"}
    cells = dict(zip(ex.GDELT_COLUMNS[51:59], ex.gdelt_row({"location": iraq})[51:59]))
    assert (cells["ActionGeo_Type"], cells["ActionGeo_FullName"],
            cells["ActionGeo_ADM1Code"], cells["ActionGeo_FeatureID"]) == ("1", "Iraq", "IZ",
                                                                           "IZ")


def test_gdelt_known_group_from_igo_code() -> None:
    nato = {"code": "IGOWSTNAT", "name": "NATO", "country": None, "sector": []}
    row = ex.gdelt_row({"source": nato, "cameo": "042"})
    assert row[5:9] == ["IGOWSTNAT", "NATO", "", "NAT"]


def test_cells_never_contain_tabs_or_newlines() -> None:
    a = {"code": "USAGOV", "name": "United\tStates\nof America", "sector": ["GOV"]}
    row = ex.gdelt_row({"source": a})
    assert row[6] == "UNITED STATES OF AMERICA"


# --------------------------------------------------------------------------- cameo / phoenix

def test_cameo_phoenix_layout(store: Any, tmp_path: Path) -> None:
    import pandas as pd
    out = tmp_path / "events.phoenix.tsv"
    ex.export(store, "cameo", str(out))
    df = pd.read_csv(out, sep="\t", header=None, dtype=str, keep_default_na=False)
    assert df.shape[1] == 26 == len(ex.PHOENIX_COLUMNS)
    df.columns = list(ex.PHOENIX_COLUMNS)
    sanc = df[df.EventCode == "163"].iloc[0]
    assert (sanc.Date, sanc.Year, sanc.Month, sanc.Day) == ("20200110", "2020", "01", "10")
    assert (sanc.SourceActorFull, sanc.SourceActorEntity, sanc.SourceActorRole) == (
        "USAGOV", "USA", "GOV")
    assert (sanc.TargetActorFull, sanc.EventRootCode, sanc.QuadClass) == ("IRNGOV", "16", "4")
    assert float(sanc.GoldsteinScore) == -8.0 and sanc.Issues == "economic"
    assert (sanc.LocationName, sanc.GeoCountryName) == ("Tehran", "Iran")
    assert sanc.URLs.split(";") == ["https://news.example.org/art-1",
                                    "https://news.example.org/art-2"]
    assert sanc.NewsSources.split(";") == ["Daily Test", "Other Wire"]
    uk = df[df.SourceActorFull == "GBRGOV"].iloc[0]
    assert (uk.SourceActorRole, uk.SourceActorAttribute) == ("GOV", "ELI")


# --------------------------------------------------------------------------- plover

def test_plover_jsonl_fields(store: Any, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    ex.export(store, "plover", str(out))
    recs = [json.loads(ln) for ln in out.read_text("utf-8").splitlines()]
    assert len(recs) == 5
    sanc = _one(recs, event_type="SANCTION")
    assert sanc["event"] == ["SANCTION"] and sanc["context"] == ["economic"]
    assert sanc["date"] == "2020-01-10" and sanc["quad_code"] == 4
    assert sanc["event_scale"] == -8.0 and sanc["cameo"] == "163"
    assert sanc["actor"][0]["code"] == "USA" and sanc["actor"][0]["actor_code"] == "USAGOV"
    assert sanc["actor"][0]["sector"] == ["GOV"] and sanc["recipient"][0]["code"] == "IRN"
    assert sanc["event_loc"]["placename"] == "Tehran" and sanc["event_loc"]["country"] == "IRN"
    assert sanc["num_mentions"] == 2 and sorted(sanc["article_ids"]) == ["art-1", "art-2"]
    assert len(sanc["event_text"]) == 2 and "sanctions on Iran" in sanc["event_text"][0]
    threat = _one(recs, event_type="THREATEN")
    assert threat["date"] == "2020-02-03" and threat["event_date"] == "2020-02"
    assert threat["date_granularity"] == "month" and threat["event_loc"] is None
    assert _one(recs, event_type="ACCUSE")["modality"] == "negated"


# --------------------------------------------------------------------------- csv / parquet

def test_csv_flat_rows(store: Any, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    ex.export(store, "csv", str(out))
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(ex.FLAT_COLUMNS)
    sanc = _one(rows, type="SANCTION")
    assert (sanc["source_country"], sanc["target_code"], sanc["quad_class"]) == (
        "USA", "IRNGOV", "4")
    assert sanc["num_mentions"] == "2" and sanc["num_sources"] == "2"
    assert sorted(sanc["article_ids"].split(";")) == ["art-1", "art-2"]
    uk = _one(rows, source_code="GBRGOV")
    assert uk["source_sector"] == "GOV;ELI" and uk["lat"] == ""


def test_csv_filters_pass_to_the_store(store: Any, tmp_path: Path) -> None:
    out = tmp_path / "asserted.csv"
    n = ex.export(store, "csv", str(out), modality="asserted", source="IRN")
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert n == 1 and [r["type"] for r in rows] == ["THREATEN"]


def test_parquet_types_and_values(store: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq
    out = tmp_path / "events.parquet"
    ex.export(store, "parquet", str(out), page_size=2)
    table = pq.read_table(out)
    assert table.num_rows == 5 and table.column_names == list(ex.FLAT_COLUMNS)
    assert str(table.schema.field("goldstein").type) == "double"
    ctx = table.schema.field("context").type
    assert ctx.num_fields == 1 and str(ctx.value_type) == "string"
    rows = table.to_pylist()
    sanc = _one(rows, type="SANCTION")
    assert sanc["goldstein"] == -8.0 and sanc["quad_class"] == 4 and sanc["num_mentions"] == 2
    assert sanc["source_sector"] == ["GOV"] and sanc["lat"] == pytest.approx(35.6944)
    assert _one(rows, type="THREATEN")["day"] == "2020-02-03"


# --------------------------------------------------------------------------- streaming, safety

class CountingStore:
    """Wraps a store and records the page sizes asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, []

    def events(self, **kw: Any) -> list[dict[str, Any]]:
        self.calls.append((kw.get("limit"), kw.get("offset"), kw.get("after")))
        return self.inner.events(**kw)

    def article(self, id: str) -> dict[str, Any] | None:
        return self.inner.article(id)


def test_export_pages_through_the_store(store: Any, tmp_path: Path) -> None:
    counting = CountingStore(store)
    n = ex.export(counting, "plover", str(tmp_path / "p.jsonl"), page_size=2)
    assert n == 5
    # pages after the first follow the keyset cursor (the last id of the page before)
    ids = [e["id"] for e in store.events(order="date")]
    assert counting.calls == [(2, 0, None), (2, None, ids[1]), (2, None, ids[3])]


class OffsetOnlyStore:
    """An EventSource whose events() takes no keyset cursor: paged by offset."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, []

    def events(self, limit: int | None = None, offset: int = 0,
               order: str = "date") -> list[dict[str, Any]]:
        self.calls.append((limit, offset))
        return self.inner.events(limit=limit, offset=offset, order=order)

    def article(self, id: str) -> dict[str, Any] | None:
        return self.inner.article(id)


def test_export_pages_by_offset_without_keyset(store: Any, tmp_path: Path) -> None:
    plain = OffsetOnlyStore(store)
    assert ex.export(plain, "plover", str(tmp_path / "p.jsonl"), page_size=2) == 5
    assert plain.calls == [(2, 0), (2, 2), (2, 4)]


def test_keyset_export_equals_offset_export(store: Any) -> None:
    by_offset = [e["id"] for e in ex.iter_events(OffsetOnlyStore(store), page_size=2)]
    by_key = [e["id"] for e in ex.iter_events(store, page_size=2)]
    assert by_key == by_offset == [e["id"] for e in store.events(order="date")]
    desc = [e["id"] for e in ex.iter_events(store, page_size=2, order="-date")]
    assert desc == [e["id"] for e in store.events(order="-date")]


class FailingStore(CountingStore):
    def events(self, **kw: Any) -> list[dict[str, Any]]:
        if kw.get("offset") or kw.get("after"):
            raise RuntimeError("database went away")
        return super().events(**kw)


def test_failed_export_leaves_no_file(store: Any, tmp_path: Path) -> None:
    out = tmp_path / "half.csv"
    out.write_text("old content\n")
    with pytest.raises(RuntimeError):
        ex.export(FailingStore(store), "csv", str(out), page_size=2)
    assert out.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unknown_format_and_unwritable_path(store: Any, tmp_path: Path) -> None:
    with pytest.raises(TidingsError) as err:
        ex.export(store, "xml", str(tmp_path / "x"))
    assert err.value.code == "E040" and "gdelt" in err.value.message
    with pytest.raises(TidingsError) as err:
        ex.export(store, "csv", str(tmp_path / "no" / "such" / "dir.csv"))
    assert err.value.code == "E041"


def test_missing_database_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(TidingsError) as err:
        ex.export(str(tmp_path / "nothing.db"), "csv", str(tmp_path / "x.csv"))
    assert err.value.code == "E035"


# --------------------------------------------------------------------------- data table

def test_fips_table_integrity() -> None:
    table = ex.country_table()
    assert len(table) >= 240
    fips = [f for f, _ in table.values()]
    assert all(len(f) == 2 and f.isupper() for f in fips)
    assert all(len(k) == 3 and k.isupper() for k in table)
    # FIPS codes that differ from ISO alpha-2: the reason the table exists
    assert [ex.iso3_to_fips(c) for c in ("IRQ", "DEU", "GBR", "ISR", "USA", "PSE")] == [
        "IZ", "GM", "UK", "IS", "US", "WE"]
    assert ex.iso3_to_fips("XXX") is None and ex.country_name("IRN") == "Iran"


# --------------------------------------------------------------------------- CLI

def test_cli_export_writes_file(cli_db: str, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    from tidings.cli import main
    out = tmp_path / "cli.tsv"
    assert main(["export", "--db", cli_db, "--format", "gdelt", "-o", str(out)]) == 0
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == 5 and all(len(ln.split("\t")) == 61 for ln in lines)
    assert "5 event(s)" in capsys.readouterr().err


def test_cli_bad_format_prints_one_line(cli_db: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from tidings.cli import main
    assert main(["export", "--db", cli_db, "--format", "xml", "-o",
                 str(tmp_path / "x")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tidings: error E040")


def test_cli_unmerged_gives_one_row_per_mention(cli_db: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from tidings.cli import main
    out = tmp_path / "mentions.csv"
    assert main(["export", "--db", cli_db, "-f", "csv", "--unmerged", "--type", "sanction",
                 "-o", str(out)]) == 0
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["article_id"] for r in rows) == ["art-1", "art-2"]
    assert [r["num_mentions"] for r in rows] == ["1", "1"]


def test_formats_doc_names_every_column() -> None:
    doc = Path(__file__).resolve().parents[1] / "docs" / "formats.md"
    text = doc.read_text("utf-8")
    for col in ex.FLAT_COLUMNS:
        assert f"`{col}`" in text, col
    # repeated blocks (target actor, Actor2, Actor geo) are documented once with a range row
    for col in ex.PHOENIX_COLUMNS[:9] + ex.PHOENIX_COLUMNS[13:]:
        assert col in text, col
    for col in ex.GDELT_COLUMNS[:15] + ex.GDELT_COLUMNS[25:35] + ex.GDELT_COLUMNS[51:]:
        assert col in text, col


def test_written_file_gets_normal_permissions(store: Any, tmp_path: Path) -> None:
    out = tmp_path / "perm.csv"
    old = os.umask(0o022)
    try:
        ex.export(store, "csv", str(out))
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    out.chmod(0o600)
    ex.export(store, "csv", str(out))            # replacing keeps the file's mode
    assert out.stat().st_mode & 0o777 == 0o600
