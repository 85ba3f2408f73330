"""The ``tidings`` command line.

Each sub-command lives in ``tidings.commands.<name>`` and defines ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``.  Domain errors (:class:`TidingsError`) are
caught once, here: the user sees one line naming the input and what to do, and a non-zero exit.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from .errors import TidingsError

COMMANDS: tuple[str, ...] = (
    "code", "events", "export", "stats", "plot", "actors", "evaluate", "train", "serve",
)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="tidings",
        description="Code political events (PLOVER/CAMEO) from news text, offline.")
    parser.add_argument("--version", action="version", version=f"tidings {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"tidings.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"tidings.commands.{name}":
                continue            # command not built yet
            raise
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.add_arguments(p)
        p.set_defaults(_run=mod.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args) or 0)
    except TidingsError as exc:
        print(f"tidings: error {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("tidings: interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # output piped into e.g. `head`: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
