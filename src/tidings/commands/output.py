"""Writers for coded article records: readable summary, article JSON Lines, event JSON Lines, CSV."""
from __future__ import annotations

import csv
import json
from typing import Any, TextIO

CSV_COLUMNS = (
    "id", "article_id", "type", "mode", "cameo", "goldstein", "quad_class", "modality",
    "source_code", "source_country", "source_name", "target_code", "target_country",
    "target_name", "date", "date_granularity", "date_source", "location_name",
    "location_country", "lat", "lon", "confidence", "evidence_start", "evidence_end",
    "evidence_text",
)


def event_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One event flattened into CSV_COLUMNS."""
    src, tgt, loc = ev.get("source") or {}, ev.get("target") or {}, ev.get("location") or {}
    evd = ev.get("evidence") or {}
    return {
        "id": ev.get("id"), "article_id": ev.get("article_id"), "type": ev.get("type"),
        "mode": ev.get("mode"), "cameo": ev.get("cameo"), "goldstein": ev.get("goldstein"),
        "quad_class": ev.get("quad_class"), "modality": ev.get("modality"),
        "source_code": src.get("code"), "source_country": src.get("country"),
        "source_name": src.get("name"), "target_code": tgt.get("code"),
        "target_country": tgt.get("country"), "target_name": tgt.get("name"),
        "date": ev.get("date"), "date_granularity": ev.get("date_granularity"),
        "date_source": ev.get("date_source"), "location_name": loc.get("name"),
        "location_country": loc.get("country"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "confidence": ev.get("confidence"), "evidence_start": evd.get("start"),
        "evidence_end": evd.get("end"), "evidence_text": evd.get("text"),
    }


def _actor_label(a: dict[str, Any] | None) -> str:
    if not a:
        return "-"
    return a.get("code") or a.get("name") or a.get("text") or "?"


def summary_lines(rec: dict[str, Any]) -> list[str]:
    """A readable summary of one coded article record."""
    head = rec.get("title") or rec.get("id")
    meta = ", ".join(x for x in (rec.get("outlet"), rec.get("published") or "date unknown") if x)
    lines = [f"== {head} ({meta})"]
    evs = rec.get("events", [])
    if not evs:
        lines.append("   no events coded")
    for ev in evs:
        mark = "" if ev.get("modality") == "asserted" else f" [{ev.get('modality')}]"
        when = ev.get("date") or "?"
        where = (ev.get("location") or {}).get("name")
        lines.append(
            f"   {when:<10} {_actor_label(ev.get('source')):<10} {ev['type']:<9} "
            f"{_actor_label(ev.get('target')):<10} CAMEO {ev.get('cameo') or '-':<4} "
            f"conf {ev.get('confidence', 0):.2f}{mark}" + (f"  @ {where}" if where else ""))
        text = (ev.get("evidence") or {}).get("text", "").replace("\n", " ")
        ell = "\u2026" if len(text) > 110 else ""
        lines.append(f"              \u201c{text[:110]}{ell}\u201d")
    q = rec.get("quotes", [])
    if q:
        lines.append(f"   {len(q)} quote(s), {len(rec.get('mentions', []))} actor mention(s), "
                     f"{len(rec.get('timexes', []))} time expression(s), "
                     f"{len(rec.get('places', []))} place(s)")
    return lines


class EventWriter:
    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt, self.out = fmt, out
        self.n_articles = self.n_events = self.n_asserted = 0
        self._csv: Any = None
        if fmt == "csv":
            self._csv = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS))
            self._csv.writeheader()

    def write(self, rec: dict[str, Any]) -> None:
        self.n_articles += 1
        evs = rec.get("events", [])
        self.n_events += len(evs)
        self.n_asserted += sum(1 for e in evs if e.get("modality") == "asserted")
        if self.fmt == "articles":
            self.out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif self.fmt == "jsonl":
            for ev in evs:
                self.out.write(json.dumps(ev, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            for ev in evs:
                self._csv.writerow(event_row(ev))
        elif self.fmt == "summary":
            self.out.write("\n".join(summary_lines(rec)) + "\n")
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "summary":
            self.out.write(f"\n{self.n_articles} article(s), {self.n_events} event(s), "
                           f"{self.n_asserted} asserted\n")
