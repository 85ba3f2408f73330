"""Build ``countries.tsv`` once from country_converter's table plus our own additions.

Why a build script: the country table is generated, not typed by hand, so codes (ISO3, ISO2,
Gleditsch-Ward) come from a maintained source; demonyms, capitals and alternate names come from
``country_extras.tsv`` (our own list).  The package reads only the committed ``countries.tsv`` at
run time, never country_converter.  Re-run with::

    .venv/bin/python src/tidings/data/actors/build/build_countries.py
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "countries.tsv"

# Correlates of War state numbers equal Gleditsch-Ward numbers except for these states
# (GW keeps separate numbers for pre-unification/partition states).
COW_DIFFERENT_FROM_GW: dict[str, int] = {"DEU": 255, "SRB": 345, "YEM": 679, "VNM": 816}
# CAMEO country codes are ISO3 except for a few legacy TABARI codes.
CAMEO_DIFFERENT_FROM_ISO3: dict[str, str] = {"ROU": "ROM", "XKX": "KSV"}
COLUMNS = ["iso3", "cameo", "iso2", "cow", "gw", "name", "official_name", "kind", "aliases",
           "demonyms", "capitals"]


def _extras() -> dict[str, tuple[str, str, str]]:
    out: dict[str, tuple[str, str, str]] = {}
    for line in (HERE / "country_extras.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = (line.split("\t") + ["", "", ""])[:4]
        out[parts[0]] = (parts[1], parts[2], parts[3])
    return out


def _num(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    try:
        return str(int(float(v)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def build() -> list[dict[str, str]]:
    import country_converter as coco

    extras = _extras()
    rows: list[dict[str, str]] = []
    for _, r in coco.CountryConverter().data.iterrows():
        iso3 = str(r["ISO3"])
        if iso3 == "nan":
            continue
        dem, caps, alias = extras.get(iso3, ("", "", ""))
        gw = _num(r["GWcode"])
        state = bool(_num(r["UNmember"])) or iso3 in ("XKX", "TWN", "PSE", "VAT")
        names = [str(r["name_short"]), str(r["name_official"])]
        aliases = [a for a in alias.split("|") if a and a not in names]
        rows.append({
            "iso3": iso3, "cameo": CAMEO_DIFFERENT_FROM_ISO3.get(iso3, iso3),
            "iso2": str(r["ISO2"]), "gw": gw,
            "cow": str(COW_DIFFERENT_FROM_GW.get(iso3, gw)) if gw else "",
            "name": names[0], "official_name": names[1],
            "kind": "state" if state else "territory",
            "aliases": "|".join(aliases), "demonyms": dem, "capitals": caps,
        })
    rows.sort(key=lambda d: d["iso3"])
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
