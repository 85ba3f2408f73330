"""The places evaluation task: figures on hand-made records, and agreement with the kit."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tidings.evaluate import places as P

TEXT = "Talks in Paris and Kirkuk ended. Officials flew to Lagos."


def gold() -> list[dict]:
    return [{"id": "a1", "text": TEXT, "gold": [
        {"start": 9, "end": 14, "text": "Paris", "lat": 48.85, "lon": 2.35, "geonames_id": "2988507",
         "type": "Literal", "group": "literal"},
        {"start": 19, "end": 25, "text": "Kirkuk", "lat": 35.47, "lon": 44.39, "type": "Literal",
         "group": "literal"},
        {"start": 51, "end": 56, "text": "Lagos", "lat": 6.45, "lon": 3.39, "type": "Metonymic",
         "group": "associative"},
        {"start": 0, "end": 5, "text": "Talks", "lat": None, "lon": None}]}]


def pred(text: str = TEXT, shift: int = 0) -> list[dict]:
    return [{"id": "a1", "text": text, "places": [
        {"start": 9 + shift, "end": 14 + shift, "text": "Paris", "lat": 48.86, "lon": 2.35,
         "geonames_id": "2988507", "country": "FRA"},
        {"start": 19 + shift, "end": 25 + shift, "text": "Kirkuk", "lat": 33.3, "lon": 44.4,
         "country": "IRQ"},                                     # ~240 km off: wrong at 161 km
        {"start": 33 + shift, "end": 42 + shift, "text": "Officials", "lat": 1.0, "lon": 1.0}]}]


def test_detection_and_geocoding_figures():
    s = P.score(gold(), pred())
    assert s["detection"] == {"p": 0.6667, "r": 0.5, "f1": 0.5714, "tp": 2, "pred": 3, "gold": 4}
    geo = s["geocoding"]
    assert (geo["gold_grounded"], geo["matched_grounded"]) == (3, 2)
    assert s["main"]["value"] == 0.3333                 # Paris right; Kirkuk far; Lagos missed
    assert geo["accuracy_161km_matched"] == 0.5
    assert geo["geonames_id_match_rate"] == 1.0 and geo["geonames_id_compared"] == 1
    assert geo["country_accuracy"] == 1.0 and geo["country_compared"] == 2
    assert s["by_group"]["literal"]["acc161"] == 1


def test_types_filter_ignores_predictions_on_dropped_gold():
    s = P.score(gold(), pred(), types=["Metonymic"])
    assert s["detection"]["gold"] == 1 and s["detection"]["tp"] == 0
    # Paris and Kirkuk matched dropped gold items: neither right nor wrong
    assert s["detection"]["pred"] == 1


def test_prepended_title_shifts_offsets():
    s = P.score(gold(), pred("Title\n\n" + TEXT, shift=7))
    assert s["main"]["value"] == 0.3333 and s["detection"]["tp"] == 2


def test_literal_summary_on_typed_gold():
    s = P.score(gold(), pred())
    assert s["literal"]["main"]["value"] == 0.5          # Paris of {Paris, Kirkuk}
    assert "literal uses only" in P.report(s)


def test_haversine():
    assert round(P.km_between((0.0, 0.0), (0.0, 1.0)), 1) == 111.2


def test_agrees_with_the_kit_scorer(shared, tmp_path):
    """Same figures as shared/eval/score_geo.py on a prediction file made from the gold
    (every other toponym kept, coordinates moved 1 degree north on every third)."""
    gpath = shared / "data" / "geo" / "geowebnews.jsonl"
    kit = shared / "eval" / "score_geo.py"
    if not gpath.is_file() or not kit.is_file():
        pytest.skip("geo gold or kit scorer absent")
    gold_recs = [json.loads(x) for x in gpath.read_text(encoding="utf-8").splitlines() if x][:40]
    preds = []
    for r in gold_recs:
        places = []
        for i, g in enumerate(r["gold"]):
            if i % 2:
                continue
            lat = g["lat"] + 1.0 if (g["lat"] is not None and i % 3 == 0) else g["lat"]
            places.append({"start": g["start"], "end": g["end"], "text": g["text"], "lat": lat,
                           "lon": g["lon"], "geonames_id": g.get("geonames_id")})
        preds.append({"id": r["id"], "text": r["text"], "places": places})
    gfile, pfile = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    gfile.write_text("".join(json.dumps(r) + "\n" for r in gold_recs), encoding="utf-8")
    pfile.write_text("".join(json.dumps(r) + "\n" for r in preds), encoding="utf-8")
    out = subprocess.run([sys.executable, str(kit), str(gfile), str(pfile)], cwd=kit.parent,
                         capture_output=True, text=True, check=True).stdout.splitlines()[0]
    theirs = json.loads(out)
    ours = P.score(gold_recs, preds)
    assert ours["main"] == theirs["main"]
    assert ours["detection"] == theirs["detection"]
    for k, v in theirs["geocoding"].items():
        assert ours["geocoding"][k] == v, k
    assert ours["by_type"] == theirs["by_type"]


def test_multi_country_region_has_no_gold_country():
    """A region of several countries ("Middle East") is not compared by country, even though
    its gold point lies in one of them; a town's point with no id still is (nearest town)."""
    country = P.GoldCountry()
    assert country({"text": "Middle East", "name": "Middle East", "lat": 33.1, "lon": 35.9}) is None
    assert country({"text": "Gulf", "name": "Persian Gulf", "lat": 27.0, "lon": 51.0}) is None
    assert country({"text": "Sidon", "name": "Sidon", "lat": 33.56, "lon": 35.37}) == "LBN"
    text = "Talks in the Middle East ended."
    gold = [{"id": "r", "text": text, "gold": [
        {"start": 13, "end": 24, "text": "Middle East", "name": "Middle East", "lat": 33.1,
         "lon": 35.9}]}]
    pred = [{"id": "r", "text": text, "places": [
        {"start": 13, "end": 24, "text": "Middle East", "lat": 29.0, "lon": 41.0,
         "country": None}]}]
    assert P.score(gold, pred)["geocoding"]["country_compared"] == 0
