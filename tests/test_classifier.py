"""The shipped event classifier (data/models/event_clf): it must be the model ``tidings train``
builds from the committed training corpus, and it must read sentences we wrote for these tests
(none of them is a training sentence) the way the corpus conventions say."""
from __future__ import annotations

import json

import numpy as np
import pytest

from tidings.classify import NONE, clause_text, data_hash, load_classifier
from tidings.records import PLOVER_TYPES
from tidings.train import is_heldout, read_examples, training_files


@pytest.fixture(scope="module")
def clf():
    model = load_classifier()
    assert model is not None, "no shipped classifier: run `tidings train`"
    return model


def test_model_was_trained_on_the_committed_files_it_names(clf) -> None:
    """Editing a training file without retraining leaves a stale model: the card's data hash
    must be the hash of the files it names, as committed. (A new part may be committed before
    the model trained on it is shipped; `tidings train` then picks it up.)"""
    names = clf.card["training_files"]
    by_name = {p.name: p for p in training_files()}
    assert names and set(names) <= set(by_name)
    paths = [by_name[n] for n in names]
    assert clf.card["data_sha256_16"] == data_hash(paths)
    assert clf.card["sentences"] == len(read_examples(paths))


def test_model_shape_and_classes(clf) -> None:
    assert sorted(clf.classes) == sorted([*PLOVER_TYPES, NONE])
    assert clf.coef.shape == (len(clf.classes), 768)
    assert clf.intercept.shape == (len(clf.classes),)
    assert np.isfinite(clf.coef).all() and np.isfinite(clf.intercept).all()


def test_heldout_figures_recorded_and_above_floor(clf) -> None:
    h = clf.card["heldout"]
    assert set(h["per_label_f1"]) == set(clf.classes)
    # floor for the shipped model on the held-out synthetic split (raise it, never lower it)
    assert h["macro_f1"] >= 0.71 and h["accuracy"] >= 0.69


def test_heldout_split_is_a_fifth_of_every_part() -> None:
    for p in training_files():
        recs = read_examples([p])
        share = sum(is_heldout(r["text"]) for r in recs) / len(recs)
        assert 0.15 <= share <= 0.25, (p.name, share)


def test_probabilities_are_distributions(clf) -> None:
    x = np.random.default_rng(0).normal(size=(3, 768)).astype(np.float32)
    p = clf.proba(x)
    assert p.shape == (3, len(clf.classes))
    assert np.allclose(p.sum(axis=1), 1.0) and (p >= 0).all()


# Sentences written for this test; the clause is the trigger's, as the coder builds it.
CASES = [
    ("The home side attacked relentlessly after the break and equalised in the 80th minute.",
     "attacked", NONE),
    ("Copper retreated from its record high as Chinese demand cooled.", "retreated", NONE),
    ("Artillery from the rebel side shelled the outskirts of the provincial capital overnight.",
     "shelled", "ASSAULT"),
    ("The interior ministry detained forty student leaders before the planned march.",
     "detained", "COERCE"),
    ("The foreign ministers of the two neighbours met in the border town to discuss water.",
     "met", "CONSULT"),
    ("The cabinet expelled three embassy staff, giving them two days to leave.",
     "expelled", "SANCTION"),
]


@pytest.fixture(scope="module")
def nlp():
    from tidings.nlp import load_spacy

    return load_spacy()


@pytest.mark.parametrize("text,trigger,label", CASES)
def test_reads_our_sentences(clf, nlp, text: str, trigger: str, label: str) -> None:
    training = {r["text"] for r in read_examples(training_files())}
    assert text not in training
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    p = clf.predict_texts([clause_text(tok)], [tok.sent.text])[0]
    assert clf.classes[int(p.argmax())] == label, json.dumps(
        dict(zip(clf.classes, np.round(p, 2).tolist())))
