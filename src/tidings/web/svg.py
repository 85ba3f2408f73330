"""Charts, network and map as inline SVG, drawn on the server.

Why server-side SVG: the pages must work offline and with scripts blocked, and a chart drawn in
Python can be unit-tested.  Every label goes through :func:`esc`; colours and coordinates are
numbers we compute.  Only SVG presentation attributes are used (no ``style=``), so the pages'
Content-Security-Policy can forbid inline styles.
"""
from __future__ import annotations

import math
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Any

QUAD_COLOURS = {1: "#2b8cbe", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26"}


def esc(value: Any) -> str:
    """Text or attribute value, escaped for HTML/SVG."""
    return escape("" if value is None else str(value), quote=True)


def goldstein_colour(g: float | None) -> str:
    """Red for conflict, grey for neutral, green for cooperation."""
    if g is None:
        return "#999999"
    if g < -1:
        return "#de2d26"
    if g > 1:
        return "#31a354"
    return "#888888"


def dyad_chart(periods: list[dict[str, Any]], width: int = 860, height: int = 320) -> str:
    """Bars: events per period (A->B dark, B->A light); line: mean Goldstein (-10..10)."""
    if not periods:
        return (f'<svg class="chart" viewBox="0 0 {width} 60" width="{width}" height="60" '
                'role="img"><text x="10" y="35">no dated events for this dyad</text></svg>')
    left, right, top, bottom = 50, 50, 20, 50
    w, h = width - left - right, height - top - bottom
    ymax = max(max(p["events"] for p in periods), 1)
    bw = w / len(periods)
    parts = [f'<svg class="chart" id="dyad-chart" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="dyad time series">']
    parts.append(f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" '
                 'stroke="#444"/>')
    mid = top + h / 2
    parts.append(f'<line x1="{left}" y1="{mid:.1f}" x2="{left + w}" y2="{mid:.1f}" '
                 'stroke="#bbb" stroke-dasharray="4 3"/>')
    for tick in _ticks(ymax):
        y = top + h - tick / ymax * h
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{tick}</text>')
    for g in (-10, 0, 10):
        y = top + h / 2 - g / 20 * h
        parts.append(f'<text x="{left + w + 6}" y="{y + 4:.1f}" font-size="11" '
                     f'fill="#7a3">{g:+d}</text>')
    step = max(1, math.ceil(len(periods) * 72 / w))     # ~72 px per date label
    line: list[str] = []
    runs: list[list[str]] = []
    for i, p in enumerate(periods):
        x = left + i * bw
        ab = p["a_to_b"] / ymax * h
        ba = p["b_to_a"] / ymax * h
        label = (f'{esc(p["period"])}: {p["events"]} events, mean Goldstein '
                 f'{"-" if p["goldstein"] is None else p["goldstein"]}')
        parts.append(f'<g class="bar" data-period="{esc(p["period"])}"><title>{label}</title>'
                     f'<rect x="{x + 1:.1f}" y="{top + h - ab:.1f}" width="{max(bw - 2, 1):.1f}" '
                     f'height="{ab:.1f}" fill="#3b6fb6"/>'
                     f'<rect x="{x + 1:.1f}" y="{top + h - ab - ba:.1f}" '
                     f'width="{max(bw - 2, 1):.1f}" height="{ba:.1f}" fill="#9ecae1"/></g>')
        if i % step == 0:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{top + h + 16}" font-size="10" '
                         f'text-anchor="middle">{esc(p["period"])}</text>')
        if p["goldstein"] is not None:
            y = top + h / 2 - p["goldstein"] / 20 * h
            line.append(f"{x + bw / 2:.1f},{y:.1f}")
            if i == 0 or periods[i - 1]["goldstein"] is None:
                runs.append([])
            runs[-1].append(line[-1])
    if line:
        # the line breaks over periods without events: no mean is not a mean of zero
        path = " ".join("M" + " L".join(run) for run in runs)
        parts.append(f'<path class="goldstein" d="{path}" fill="none" '
                     'stroke="#7a3" stroke-width="2"/>')
        for pt in line:
            cx, cy = pt.split(",")
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="#7a3"/>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="11">bars: events (dark A&#8594;B, '
                 'light B&#8594;A); line: mean Goldstein (right axis)</text></svg>')
    return "".join(parts)


def _ticks(ymax: int) -> list[int]:
    """Up to five round y-axis ticks from 0 to ymax."""
    step = max(1, math.ceil(ymax / 4))
    return list(range(0, ymax + 1, step))


def network_svg(net: dict[str, Any], size: int = 640) -> str:
    """Nodes on a circle (sized by events); edges coloured by mean Goldstein, linking to dyads."""
    nodes = net["nodes"]
    if not nodes:
        return (f'<svg class="chart" viewBox="0 0 {size} 60" width="{size}" height="60" '
                'role="img"><text x="10" y="35">no dyads match this filter</text></svg>')
    c, r = size / 2, size / 2 - 70
    pos = {n["id"]: (c + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
                     c + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2))
           for i, n in enumerate(nodes)}
    maxw = max(e["count"] for e in net["edges"]) if net["edges"] else 1
    parts = [f'<svg class="chart" id="network" viewBox="0 0 {size} {size}" width="{size}" '
             f'height="{size}" role="img" aria-label="actor network">']
    for e in net["edges"]:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        sw = 1 + 5 * e["count"] / maxw
        href = f'/dyad?a={esc(e["source"])}&amp;b={esc(e["target"])}'
        title = f'{esc(e["source"])} &#8594; {esc(e["target"])}: {e["count"]} events'
        if x1 == x2 and y1 == y2:
            parts.append(f'<a href="{href}"><circle cx="{x1:.1f}" cy="{y1 - 14:.1f}" r="10" '
                         f'fill="none" stroke="{goldstein_colour(e["goldstein"])}" '
                         f'stroke-width="{sw:.1f}"><title>{title}</title></circle></a>')
            continue
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.12, (y1 + y2) / 2 - (x2 - x1) * 0.12
        parts.append(f'<a href="{href}"><path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} '
                     f'{x2:.1f},{y2:.1f}" fill="none" stroke="{goldstein_colour(e["goldstein"])}" '
                     f'stroke-opacity="0.7" stroke-width="{sw:.1f}"><title>{title}</title>'
                     '</path></a>')
    maxn = max(n["events"] for n in nodes)
    for n in nodes:
        x, y = pos[n["id"]]
        rad = 5 + 12 * math.sqrt(n["events"] / maxn)
        parts.append(f'<a href="/actor/{esc(n["id"])}"><circle cx="{x:.1f}" cy="{y:.1f}" '
                     f'r="{rad:.1f}" fill="#3b6fb6"><title>{esc(n["id"])}: {n["events"]} events'
                     f'</title></circle><text x="{x:.1f}" y="{y + rad + 12:.1f}" font-size="11" '
                     f'text-anchor="middle">{esc(n["id"])}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


@lru_cache(maxsize=1)
def country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon) from the shipped gazetteer's country points."""
    path = resources.files("tidings") / "data" / "gazetteer" / "country_points.tsv"
    out: dict[str, tuple[float, float]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, lat, lon = line.split("\t")[:3]
        out[iso] = (float(lat), float(lon))
    return out


@lru_cache(maxsize=1)
def land_cells(step: float = 2.0) -> tuple[tuple[float, float], ...]:
    """Grid cells (lat, lon of the cell corner) holding at least one gazetteer place.

    Drawn as dots, the ~70k shipped places trace the inhabited land well enough to read a
    world map without any outline data or tiles.
    """
    import gzip
    path = resources.files("tidings") / "data" / "gazetteer" / "gazetteer.tsv.gz"
    cells: set[tuple[float, float]] = set()
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            parts = line.split("\t")
            try:
                lat, lon = float(parts[5]), float(parts[6])
            except (IndexError, ValueError):
                continue
            cells.add((math.floor(lat / step) * step, math.floor(lon / step) * step))
    return tuple(sorted(cells))


def _land_path(width: int, height: int, step: float = 2.0) -> str:
    """One SVG path of small squares, one per land cell."""
    size = step / 360.0 * width
    out = []
    for lat, lon in land_cells(step):
        x, y = project(lat + step, lon, width, height)
        out.append(f"M{x:.1f} {y:.1f}h{size:.1f}v{size:.1f}h-{size:.1f}z")
    return f'<path class="land" d="{"".join(out)}" fill="#d3dbe2"/>'


def project(lat: float, lon: float, width: int, height: int) -> tuple[float, float]:
    """Equirectangular projection of (lat, lon) onto a width x height box."""
    return (lon + 180.0) / 360.0 * width, (90.0 - lat) / 180.0 * height


def map_svg(points: dict[str, Any], width: int = 900) -> str:
    """World map: land as grey cells from the gazetteer, event countries as blue circles and
    places as red dots, sized by event count."""
    height = width // 2
    parts = [f'<svg class="chart" id="map" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="map of event locations">',
             f'<rect width="{width}" height="{height}" fill="#eef4fa"/>']
    for lon in range(-180, 181, 30):
        x, _ = project(0, lon, width, height)
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="#d5e1ec"/>')
    for lat in range(-60, 61, 30):
        _, y = project(lat, 0, width, height)
        parts.append(f'<line x1="0" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#d5e1ec"/>')
    parts.append(_land_path(width, height))
    cps = country_points()
    maxc = max((c["n"] for c in points["countries"]), default=1)
    for c in points["countries"]:
        if c["country"] not in cps:
            continue
        x, y = project(*cps[c["country"]], width, height)
        rad = 4 + 16 * math.sqrt(c["n"] / maxc)
        parts.append(f'<a href="/?country={esc(c["country"])}"><circle class="country" '
                     f'cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}" fill="#3b6fb6" fill-opacity="0.45">'
                     f'<title>{esc(c["country"])}: {c["n"]} events</title></circle></a>')
    maxp = max((p["n"] for p in points["places"]), default=1)
    for p in points["places"]:
        x, y = project(float(p["lat"]), float(p["lon"]), width, height)
        rad = 2 + 6 * math.sqrt(p["n"] / maxp)
        parts.append(f'<circle class="place" cx="{x:.1f}" cy="{y:.1f}" r="{rad:.1f}" '
                     f'fill="#de2d26"><title>{esc(p["name"])} ({esc(p["country"])}): '
                     f'{p["n"]} events</title></circle>')
    parts.append("</svg>")
    return "".join(parts)
