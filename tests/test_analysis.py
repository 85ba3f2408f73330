"""EventDB queries, aggregates and renderings on the small fixture database, with values."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tidings
from tidings import analysis as an
from tidings import export as ex
from tidings.errors import TidingsError

import test_export_fixtures as fixtures

store, cli_db = fixtures.store, fixtures.cli_db      # shared fixtures


@pytest.fixture()
def edb(store: Any) -> an.EventDB:
    return an.EventDB(store)


# --------------------------------------------------------------------------- events

def test_events_frame_defaults_to_asserted(edb: an.EventDB) -> None:
    df = edb.events()
    assert list(df.columns) == list(ex.FLAT_COLUMNS)
    assert sorted(df["type"]) == ["CONSULT", "CONSULT", "SANCTION", "THREATEN"]
    assert len(edb.events(modality=None)) == 5
    sanc = df[df["type"] == "SANCTION"].iloc[0]
    assert sanc["day"] == pd.Timestamp("2020-01-10") and sanc["num_mentions"] == 2
    assert df["goldstein"].dtype.kind == "f"


def test_events_filters(edb: an.EventDB) -> None:
    assert edb.events(source="USA")["type"].tolist() == ["SANCTION"]
    assert edb.events(target="USA", modality="negated")["cameo"].tolist() == ["112"]
    assert edb.events(type="CONSULT")["source_country"].tolist() == ["IRQ", "GBR"]


def test_tidings_open_takes_a_store(store: Any) -> None:
    with tidings.open(store) as db:
        assert isinstance(db, an.EventDB) and len(db.events()) == 4


# --------------------------------------------------------------------------- dyad

def test_dyad_monthly_undirected(edb: an.EventDB) -> None:
    df = edb.dyad("USA", "IRN", freq="M")
    assert list(df.index) == [pd.Timestamp("2020-01-01"), pd.Timestamp("2020-02-01")]
    assert df["events"].tolist() == [1, 1]
    assert df["goldstein"].tolist() == [-8.0, -7.0]
    assert df["a_to_b"].tolist() == [1, 0] and df["b_to_a"].tolist() == [0, 1]


def test_dyad_directed_and_all_modalities(edb: an.EventDB) -> None:
    d = edb.dyad("USA", "IRN", freq="M", directed=True)
    assert d["events"].tolist() == [1] and "b_to_a" not in d.columns
    allm = edb.dyad("IRN", "USA", freq="M", directed=True, modality=None)
    assert allm.loc[pd.Timestamp("2020-02-01"), "events"] == 2
    assert allm.loc[pd.Timestamp("2020-02-01"), "goldstein"] == -4.5


def test_dyad_daily_fills_gaps(edb: an.EventDB) -> None:
    d = edb.dyad("USA", "IRN", freq="D")
    assert len(d) == 25 and d["events"].sum() == 2            # 10 Jan .. 3 Feb
    assert d.loc[pd.Timestamp("2020-01-20"), "events"] == 0
    assert pd.isna(d.loc[pd.Timestamp("2020-01-20"), "goldstein"])


def test_dyad_weekly_periods_start_on_monday(edb: an.EventDB) -> None:
    d = edb.dyad("USA", "IRN", freq="W")
    assert d.index[0] == pd.Timestamp("2020-01-06")            # week of Fri 10 Jan


def test_dyad_unknown_actor_and_freq(edb: an.EventDB) -> None:
    with pytest.raises(TidingsError) as err:
        edb.dyad("USA", "XQZ")
    assert err.value.code == "E042"
    with pytest.raises(TidingsError) as err:
        edb.dyad("USA", "IRN", freq="Y")
    assert err.value.code == "E043"
    # known actors with no events between them: an empty series, not an error
    assert edb.dyad("IRQ", "GBR").empty


# --------------------------------------------------------------------------- quad, actors

def test_quad_series(edb: an.EventDB) -> None:
    q = edb.quad_series("M")
    assert list(q.columns) == ["verbal_coop", "material_coop", "verbal_conflict",
                               "material_conflict"]
    assert q.loc[pd.Timestamp("2020-01-01")].tolist() == [1, 0, 0, 1]
    assert q.loc[pd.Timestamp("2020-02-01")].tolist() == [0, 0, 1, 0]
    assert q.loc[pd.Timestamp("2020-03-01")].tolist() == [1, 0, 0, 0]
    assert edb.quad_series("M", source="IRN")["verbal_conflict"].tolist() == [1]


def test_top_actors(edb: an.EventDB) -> None:
    top = edb.top_actors(2, role="any")
    assert top["actor"].tolist() == ["IRNGOV", "USAGOV"]
    assert top["events"].tolist() == [3, 3]
    assert top["goldstein"].tolist() == pytest.approx([-14 / 3, -14 / 3])
    assert top.loc[0, "name"] == "Iran"
    src = edb.top_actors(10, role="source")
    assert src["actor"].tolist() == ["GBRGOV", "IRNGOV", "IRQGOV", "USAGOV"]
    by_country = edb.top_actors(1, role="target", by="country")
    assert by_country[["actor", "events"]].values.tolist() == [["IRN", 2]]
    with pytest.raises(TidingsError):
        edb.top_actors(role="witness")


def test_network(edb: an.EventDB) -> None:
    g = edb.network()
    assert sorted(g.nodes) == ["GBR", "IRN", "IRQ", "USA"]
    assert g.edges["USA", "IRN"]["count"] == 1 and g.edges["USA", "IRN"]["goldstein"] == -8.0
    assert g.edges["USA", "IRN"]["quad4"] == 1 and g.has_edge("IRN", "USA")
    assert g.nodes["USA"]["events"] == 3 and g.nodes["IRQ"]["name"] == "Iraq"
    allm = edb.network(modality=None)
    assert allm.edges["IRN", "USA"]["count"] == 2
    assert allm.edges["IRN", "USA"]["goldstein"] == -4.5
    assert allm.edges["IRN", "USA"]["quad3"] == 2
    table = an.edge_table(allm)
    assert table.iloc[0][["source", "target", "count"]].tolist() == ["IRN", "USA", 2]
    assert sorted(edb.network(by="actor").nodes) == ["GBRGOV", "IRNGOV", "IRQGOV", "USAGOV"]


# --------------------------------------------------------------------------- renderings

def test_series_png_is_a_png(edb: an.EventDB, tmp_path: Path) -> None:
    from PIL import Image
    out = tmp_path / "dyad.png"
    an.series_png(edb.dyad("USA", "IRN", freq="M"), str(out), "USA - IRN")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(out) as im:
        assert im.format == "PNG" and im.size[0] > 100 and im.size[1] > 100


def test_network_html_is_self_contained(edb: an.EventDB) -> None:
    page = an.network_html(edb.network(), "net")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert not re.search(r"https?://", page)
    assert "<script" not in page and "<link" not in page
    assert "USA \u2192 IRN: 1 event(s), mean Goldstein -8.0" in page
    assert page.count("<circle") == 4 and page.count('<path class="edge"') == 4
    assert "#c0392b" in page and "#27ae60" in page          # conflict and cooperation edges


def test_network_html_escapes_labels() -> None:
    import networkx as nx
    g = nx.DiGraph()
    g.add_edge("<b>", "A&B", count=1, goldstein=1.0)
    g.add_edge("A&B", "A&B", count=2, goldstein=-1.0)       # a domestic event: a loop
    page = an.network_html(g)
    assert page.count('<path class="edge"') == 2
    assert "&lt;b&gt;" in page and "A&amp;B" in page and "<b>" not in page


# --------------------------------------------------------------------------- CLI

def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from tidings.cli import main
    rc = main(argv)
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_cli_stats_dyad_csv(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(["stats", "--db", cli_db, "--format", "csv", "dyad", "USA", "IRN",
                       "--freq", "M"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rc == 0 and [r["period"] for r in rows] == ["2020-01-01", "2020-02-01"]
    assert [r["events"] for r in rows] == ["1", "1"] and rows[0]["goldstein"] == "-8.0"


def test_cli_stats_options_after_the_view(cli_db: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(["stats", "top-actors", "-n", "1", "--role", "any", "--db", cli_db,
                       "--format", "json"], capsys)
    recs = json.loads(out)
    assert rc == 0 and recs[0]["actor"] in ("IRNGOV", "USAGOV") and recs[0]["events"] == 3


def test_cli_stats_quad_table_and_network(cli_db: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(["stats", "--db", cli_db, "quad"], capsys)
    lines = out.splitlines()
    assert rc == 0 and lines[0].split() == ["period", "verbal_coop", "material_coop",
                                            "verbal_conflict", "material_conflict"]
    assert lines[1].split() == ["2020-01-01", "1", "0", "0", "1"]
    rc, out, _ = _run(["stats", "--db", cli_db, "--format", "json", "--modality", "negated",
                       "network"], capsys)
    assert json.loads(out) == [{"source": "IRN", "target": "USA", "count": 1,
                                "goldstein": -2.0, "quad1": 0, "quad2": 0, "quad3": 1,
                                "quad4": 0}]


def test_cli_stats_errors(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, _, err = _run(["stats", "dyad", "USA", "IRN"], capsys)
    assert rc == 1 and err.startswith("tidings: error E044")
    rc, _, err = _run(["stats", "--db", cli_db, "dyad", "USA", "IRN", "--freq", "Q"], capsys)
    assert rc == 1 and "E043" in err and "D, W, M" in err
    rc, _, err = _run(["stats", "--db", cli_db, "dyad", "USA", "ZZZ"], capsys)
    assert rc == 1 and "E042" in err and len(err.strip().splitlines()) == 1


def test_cli_plot_dyad_png_and_network_html(cli_db: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    png, page = tmp_path / "d.png", tmp_path / "n.html"
    rc, _, _ = _run(["plot", "dyad", "USA", "IRN", "--db", cli_db, "-o", str(png)], capsys)
    assert rc == 0 and png.read_bytes()[:4] == b"\x89PNG" and png.stat().st_size > 1000
    rc, _, _ = _run(["plot", "network", "--db", cli_db, "-o", str(page)], capsys)
    text = page.read_text("utf-8")
    assert rc == 0 and not re.search(r"(src|href)\s*=\s*[\"']?https?://", text)
    assert not re.search(r"https?://", text) and ">GBR</text>" in text


def test_cli_stats_summary_rows(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    rc, out, _ = _run(["stats", "--db", cli_db], capsys)
    rows = dict(line.split(None, 1) for line in out.splitlines())
    assert rc == 0 and rows["articles"] == "4" and rows["events"] == "5"
    rc, out, _ = _run(["stats", "--db", cli_db, "summary", "--format", "json"], capsys)
    assert json.loads(out)["articles"] == 4
