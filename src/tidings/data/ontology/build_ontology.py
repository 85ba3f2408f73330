"""Build ``cameo.tsv`` from the reference files in ``shared/data/ontology``.

Run once by a maintainer (``python src/tidings/data/ontology/build_ontology.py [SHARED_DIR]``);
the installed package never runs it and reads only the generated TSV.  The references are facts
(codes, names, Goldstein scores, the CAMEO->PLOVER table); this script applies, in one visible
place, the conventions of ``shared/eval/EVENT_MAPPINGS.md`` that the evaluation uses:

* CAMEO -> PLOVER type: exact row of ``CAMEO2PLOVER-2021.txt``, else the 3-digit parent, else
  the root's ``NN0`` row, else the root header.  Roots 01 and 02 get no type.
* Overrides where the current manual beats the 2021 table (the table's type stays accepted as
  ``plover_alt``): 163 -> SANCTION (alt COERCE); 0813/0814 -> RETREAT (alt CONCEDE);
  080 and bare 08 -> CONCEDE (alt RETREAT).
* Modes are renamed to the current manual's mode names (the 2021 table predates them); a table
  mode the manual no longer has becomes empty.  Contexts are renamed likewise.
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "cameo.tsv"

# Type overrides from EVENT_MAPPINGS.md section 2.3: code -> (type, accepted alternative).
TYPE_OVERRIDES: dict[str, tuple[str, str]] = {
    "163": ("SANCTION", "COERCE"),
    "0813": ("RETREAT", "CONCEDE"),
    "0814": ("RETREAT", "CONCEDE"),
    "080": ("CONCEDE", "RETREAT"),
    "08": ("CONCEDE", "RETREAT"),
}
# Mode set for a code when the current manual names the act differently from the 2021 table.
MODE_OVERRIDES: dict[str, str] = {
    "163": "discontinue",      # manual: international sanctions are SANCTION 'discontinue'
    "1712": "destroy",         # manual ASSAULT mode 'destroy' (EVENT_MAPPINGS section 1)
    "195": "aerial",           # 'employ aerial weapons' is the manual's 'aerial' mode
    "175": "",                 # the table put a context in the mode column
}
# Old table mode -> current manual mode, per type ("" = the manual has no such mode any more).
MODE_RENAMES: dict[tuple[str, str], str] = {
    ("THREATEN", "ban"): "restrict",
    ("THREATEN", "political"): "restrict",
    ("COERCE", "ban"): "restrict",
    ("ASSAULT", "assassinate"): "targeted",
    ("ASSAULT", "massacre"): "targeted",
    ("ASSAULT", "cleansing"): "",
    ("RETREAT", "ease"): "",
    ("RETREAT", "return"): "",
}
# Old table context -> current manual context name.
CONTEXT_RENAMES: dict[str, str] = {
    "democracy": "pro_democracy",
    "humanitarian": "human_security",
}
# Extra contexts where the table's mode column held a context (175).
EXTRA_CONTEXTS: dict[str, list[str]] = {"175": ["repression"]}
# Typos in the name table fixed for display (facts unchanged).
NAME_FIXES: dict[str, str] = {
    "2041": "Use chemical, biological, or radiological weapons",
}
NO_TYPE_ROOTS = ("01", "02")


@dataclass
class Row:
    type: str
    mode: str
    contexts: list[str]


def read_names(ref: Path) -> dict[str, str]:
    """CAMEO code -> name, in the reference file's order."""
    with open(ref / "cameo_codes.tsv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return {code.strip(): name.strip() for code, name in rows[1:]}


def read_goldstein(ref: Path) -> dict[str, float]:
    with open(ref / "cameo_goldstein.tsv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    return {code.strip(): float(score) for code, score in rows[1:]}


def read_table(ref: Path) -> dict[str, Row]:
    """Parse CAMEO2PLOVER-2021.txt; the first row of a repeated code wins (08 -> CONCEDE)."""
    table: dict[str, Row] = {}
    for line in (ref / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].strip()
        if not body or ":" not in body or body.startswith("~"):
            continue
        code, rest = (s.strip() for s in body.split(":", 1))
        if not code.isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        parts += [""] * (3 - len(parts))
        contexts = [c.strip() for c in parts[2].split(";") if c.strip()]
        table.setdefault(code, Row(parts[0], parts[1], contexts))
    return table


def lookup(code: str, table: dict[str, Row]) -> Row | None:
    """EVENT_MAPPINGS rule 1: exact code, 3-digit parent, root's NN0 row, root header."""
    for key in (code, code[:3], code[:2] + "0", code[:2]):
        if key in table:
            return table[key]
    return None


def code_row(code: str, table: dict[str, Row]) -> dict[str, str]:
    """The plover columns of one CAMEO code after overrides and renames."""
    empty = {"plover_type": "", "plover_mode": "", "plover_contexts": "", "plover_alt": ""}
    if code[:2] in NO_TYPE_ROOTS:
        return empty
    row = lookup(code, table)
    if row is None:
        raise SystemExit(f"no PLOVER row for CAMEO {code}")
    ptype, alt = TYPE_OVERRIDES.get(code, (row.type, ""))
    mode = MODE_OVERRIDES.get(code, MODE_RENAMES.get((ptype, row.mode), row.mode))
    contexts = [CONTEXT_RENAMES.get(c, c) for c in row.contexts] + EXTRA_CONTEXTS.get(code, [])
    return {"plover_type": ptype, "plover_mode": mode,
            "plover_contexts": ",".join(dict.fromkeys(contexts)), "plover_alt": alt}


def quad_class(code: str) -> int:
    """GDELT QuadClass from the CAMEO root."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def build(ref: Path) -> list[dict[str, str]]:
    names, scores, table = read_names(ref), read_goldstein(ref), read_table(ref)
    if set(names) != set(scores):
        raise SystemExit("name and Goldstein tables list different codes")
    out = []
    for code, name in names.items():
        out.append({"code": code, "name": NAME_FIXES.get(code, name),
                    "goldstein": f"{scores[code]:.1f}", "quad_class": str(quad_class(code)),
                    **code_row(code, table)})
    return out


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else HERE.parents[3].parent / "shared"
    rows = build(shared / "data" / "ontology")
    fields = ["code", "name", "goldstein", "quad_class", "plover_type", "plover_mode",
              "plover_contexts", "plover_alt"]
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} codes to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
