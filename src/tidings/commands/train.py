"""tidings train: rebuild the shipped event classifier from the committed training data."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "rebuild the event classifier from data/training (deterministic, CPU)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", help="folder of training JSON Lines (default: the package's)")
    p.add_argument("--out", help="model path without suffix (default: the package's model)")


def run(args: argparse.Namespace) -> int:
    from ..train import train

    card = train(out=Path(args.out) if args.out else None,
                 data_dir=Path(args.data) if args.data else None,
                 log=lambda m: print(m, file=sys.stderr))
    h = card["heldout"]
    print(f"trained on {card['sentences']} sentences ({card['examples']} examples); "
          f"held-out accuracy {h['accuracy']:.3f}, macro-F1 {h['macro_f1']:.3f}")
    return 0
