"""tidings actors: look up, explain and extend the actor knowledge base.

The shipped base (``tidings/data/actors``) is read-only; users add or override entries in their
own dictionary, a YAML file (default ``~/.config/tidings/actors.yaml``, or ``$TIDINGS_ACTORS``, or
``--file``) that the actors stage reads on top of the base.  ``import-petrarch`` converts
PETRARCH/TABARI actor and agent dictionaries into that file.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from ..errors import TidingsError

HELP = "look up how names resolve to actors, and add your own actors (user dictionary)"
KINDS = ("country", "igo", "ngo", "group", "institution", "person", "role")
_CODE = re.compile(r"^[A-Z-]{3}(?:[A-Z0-9]{3})*$")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--file", help="user dictionary (default $TIDINGS_ACTORS or "
                   "~/.config/tidings/actors.yaml)")
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = sub.add_parser("add", help="add an actor (or a dated role of a person) to the user file")
    a.add_argument("name")
    a.add_argument("--code", required=True, help="CAMEO-style code, e.g. USAGOV, IGOWSTNAT")
    a.add_argument("--country", help="ISO3 country (default: from the code's first three letters)")
    a.add_argument("--sector", action="append", default=[], help="sector (repeatable): GOV, MIL...")
    a.add_argument("--kind", choices=KINDS, help="what the name is (default: guessed)")
    a.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    a.add_argument("--start", help="first day of this role (YYYY-MM-DD)")
    a.add_argument("--end", help="day the role ended (YYYY-MM-DD, exclusive)")
    a.add_argument("--role", help="the role's title, e.g. 'prime minister' (lets 'the PM' refer back)")
    ls = sub.add_parser("list", help="list knowledge-base entries")
    ls.add_argument("--kind", choices=KINDS + ("demonym", "capital"))
    ls.add_argument("--search", help="only names containing this text (any case)")
    ls.add_argument("--user", action="store_true", help="only entries from the user file")
    ls.add_argument("--limit", type=int, default=200)
    sh = sub.add_parser("show", help="show how a name resolves, and why")
    sh.add_argument("name")
    sh.add_argument("--date", help="resolve as of this day (YYYY-MM-DD; default today)")
    rm = sub.add_parser("remove", help="remove a name from the user file")
    rm.add_argument("name")
    im = sub.add_parser("import-petrarch", help="import a PETRARCH/TABARI actor or agent "
                        "dictionary into the user file")
    im.add_argument("path")
    im.add_argument("--type", choices=("auto", "actors", "agents"), default="auto")


def run(args: argparse.Namespace) -> int:
    from ..actors import user_file

    path = user_file(args.file)
    return {"add": _add, "list": _list, "show": _show, "remove": _remove,
            "import-petrarch": _import}[args.action](args, path)


# ---------------------------------------------------------------- user file i/o


def _read(path: Path) -> dict[str, list[dict[str, Any]]]:
    from ..actors import read_user_file

    return read_user_file(path)


def _write(path: Path, data: dict[str, list[dict[str, Any]]]) -> None:
    """Write the user file atomically (a crash never leaves half a dictionary)."""
    import yaml

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        body = {k: v for k, v in data.items() if v}
        tmp.write_text("# tidings user actor dictionary (edit freely; see 'tidings actors -h')\n"
                       + yaml.safe_dump(body, sort_keys=False, allow_unicode=True),
                       encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise TidingsError("E041", path=str(path), msg=exc.strerror or str(exc)) from None


def _check_date(v: str | None, what: str) -> str | None:
    from ..read import parse_date

    if v is None:
        return None
    d = parse_date(v, what)
    return d[:10] if d else None


def _kb(path: Path) -> Any:
    from ..actors import load_kb

    return load_kb(path)


# ---------------------------------------------------------------- actions


def _add(args: argparse.Namespace, path: Path) -> int:
    code = args.code.strip().upper()
    if not _CODE.match(code):
        raise TidingsError("E042", value=args.code)
    kb = _kb(path)
    country = (args.country or "").strip().upper() or None
    if country and country not in kb.countries:
        raise TidingsError("E042", value=args.country)
    sectors = [s.upper() for x in args.sector for s in x.split("|") if s]
    for s in sectors:
        if s not in kb.sectors:
            raise TidingsError("E042", value=s)
    entry: dict[str, Any] = {"name": args.name.strip(), "code": code}
    for k, v in (("country", country), ("sector", sectors or None), ("kind", args.kind),
                 ("aliases", args.alias or None), ("role", args.role),
                 ("start", _check_date(args.start, "--start")),
                 ("end", _check_date(args.end, "--end"))):
        if v:
            entry[k] = v
    data = _read(path)
    data["actors"].append(entry)
    _write(path, data)
    print(f"added {entry['name']!r} -> {code} to {path}")
    return 0


def _list(args: argparse.Namespace, path: Path) -> int:
    kb = _kb(path)
    needle = (args.search or "").lower()
    rows = []
    seen: set[tuple[str, str, str | None]] = set()
    for table in (kb.exact, kb.lower):
        for key, entries in table.items():
            for e in entries:
                if args.kind and e.kind != args.kind or args.user and e.source != "user":
                    continue
                if needle and needle not in key.lower() and needle not in e.name.lower():
                    continue
                k = (key, e.kb_id, e.start)
                if k in seen:
                    continue
                seen.add(k)
                rows.append((key, e))
    rows.sort(key=lambda r: (r[1].kind, r[0].lower()))
    for key, e in rows[:args.limit]:
        code = e.code or ("/".join(e.sector) if e.sector else "-")
        dates = f" {e.start or '…'}..{e.end or '…'}" if (e.start or e.end) else ""
        print(f"{key}\t{e.kind}\t{code}\t{e.country or '-'}\t{e.name}{dates}\t{e.source}")
    if len(rows) > args.limit:
        print(f"... {len(rows) - args.limit} more (use --limit or --search)")
    return 0


def _show(args: argparse.Namespace, path: Path) -> int:
    from ..actors import resolve_text

    kb = _kb(path)
    date = _check_date(args.date, "--date")
    actor = resolve_text(args.name, date, kb=kb)
    if actor is None:
        raise TidingsError("E051", value=args.name)
    print(f"{args.name!r} -> {actor.code or '-'}  country={actor.country or '-'}  "
          f"sector={','.join(actor.sector) or '-'}  kind={actor.kind}  name={actor.name!r}")
    res = actor.resolution or {}
    print("  rule: " + ", ".join(f"{k}={v}" for k, v in res.items()))
    entries = kb.lookup(args.name)
    for e in entries:
        dates = f" {e.start or '…'}..{e.end or '…'}" if (e.start or e.end) else ""
        print(f"  entry: {e.kind} {e.code or '-'} {e.country or '-'} {e.name}{dates} "
              f"[{e.source}]")
    return 0


def _remove(args: argparse.Namespace, path: Path) -> int:
    data = _read(path)
    before = len(data["actors"]) + len(data["agents"])
    name = args.name.strip()
    data["actors"] = [r for r in data["actors"] if r.get("name") != name]
    data["agents"] = [r for r in data["agents"] if r.get("phrase") != name.lower()]
    if len(data["actors"]) + len(data["agents"]) == before:
        raise TidingsError("E051", value=name)
    _write(path, data)
    print(f"removed {name!r} from {path}")
    return 0


def _import(args: argparse.Namespace, path: Path) -> int:
    from ..actors import parse_petrarch

    src = Path(args.path)
    if not src.is_file():
        raise TidingsError("E001", path=str(src))
    actors, agents = parse_petrarch(src, args.type)
    data = _read(path)
    have = {(r.get("name"), r.get("code"), r.get("start"), r.get("end")) for r in data["actors"]}
    new_actors = [r for r in actors
                  if (r["name"], r["code"], r.get("start"), r.get("end")) not in have]
    have_ag = {r.get("phrase") for r in data["agents"]}
    new_agents = [r for r in agents if r["phrase"] not in have_ag]
    data["actors"].extend(new_actors)
    data["agents"].extend(new_agents)
    _write(path, data)
    print(f"imported {len(new_actors)} actor entries and {len(new_agents)} agent phrases "
          f"from {src} into {path}")
    return 0
