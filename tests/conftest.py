"""Shared fixtures: the spaCy-backed pipeline is built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate import shared_dir

SHARED = shared_dir()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared/ folder with gold data and the seed article; tests skip without it."""
    if SHARED is None:
        pytest.skip("../shared/ is absent: tests that read published articles are skipped")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from tidings.pipeline import Pipeline
    return Pipeline()


@pytest.fixture(scope="session")
def nlp():
    from tidings.nlp import load_spacy
    return load_spacy()


@pytest.fixture(scope="session")
def seed_doc(shared, pipeline):
    """The flagship Rudaw article, coded once."""
    from tidings.read import ReadOptions, iter_articles
    path = shared / "seed" / "rudaw-2020-01-10.txt"
    art = next(iter(iter_articles([str(path)], ReadOptions(published="2020-01-10"))))
    return pipeline(art)
