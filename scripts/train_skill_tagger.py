"""Train the skill tagger (app/ats/tagger.py) on SkillSpan train; write app/ats/data/skill_tagger.json.gz.

Deterministic (fixed seed; the same bytes every run). SkillSpan dev is never read here:
bench/ats_skillspan.py measures on it. Everything learnt from the training spans themselves (the span
lexicon, how often each word is inside a span) is computed out of fold (5 folds by posting) while
training, so the model learns how far to trust those signals on postings they have not seen — as at
run time. The O penalty (precision against recall) is chosen by 5-fold cross-validation by posting,
with the out-of-fold signals nested inside each split: the penalty where the worse of loose
precision and recall, pooled over the five held-out folds, is best. About 50 s on 2 cores (--check: 37 s).
  .venv/bin/python scripts/train_skill_tagger.py            # cross-validation, then the model
  .venv/bin/python scripts/train_skill_tagger.py --check    # only the cross-validation
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.build_skill_vocab import clean_span, keep_span  # noqa: E402

from app.ats.tagger import (  # noqa: E402
    TAGS,
    bio_spans,
    lexicon_tags,
    line_contexts,
    rate_tag,
    serialise,
    token_features,
    vocab_tags,
    word_rate_tags,
)
from app.ats.vocab import key_of, norm_token, tokens_of, vocabulary  # noqa: E402
from bench.ats_skillspan import gold_spans, overlaps  # noqa: E402

TRAIN = ROOT.parent / "shared" / "data" / "skillspan" / "train.json"
FOLDS = 5
EPOCHS = 12
SEED = 13
PENALTIES = (0.0, 4.0, 6.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 25.0)
PRUNE = 0.05  # averaged weights below this (per tag) are dropped from the shipped model
Example = tuple[list[list[str]], list[str], str, list[tuple[int, int]]]
Signals = tuple[frozenset[tuple[str, ...]], dict[str, str]]  # span lexicon, word rates


def load() -> list[dict]:
    return [json.loads(line) for line in TRAIN.read_text(encoding="utf-8").splitlines()]


def span_names(rows: list[dict]) -> list[str]:
    names: list[str] = []
    for row in rows:
        text, spans = gold_spans(row["tokens"], row["tags_knowledge"])
        for start, end in spans:
            name = clean_span(text[start:end].split())
            if keep_span(name):
                names.append(name)
    return names


def gold_tags(row: dict) -> tuple[str, list[tuple[int, int]], list[tuple[str, int, int]], list[str]]:
    text, spans = gold_spans(row["tokens"], row["tags_knowledge"])
    tokens = tokens_of(text)
    gold = ["O"] * len(tokens)
    for start, end in spans:
        inside = [i for i, (_, a, b) in enumerate(tokens) if a >= start and b <= end]
        for n, i in enumerate(inside):
            gold[i] = "B" if n == 0 else "I"
    return text, spans, tokens, gold


def word_rates(rows: list[dict]) -> dict[str, str]:
    """For each normalised word of the training postings, how often it is inside a knowledge span."""
    seen: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for row in rows:
        _, _, tokens, gold = gold_tags(row)
        for (surface, _, _), tag in zip(tokens, gold, strict=True):
            key = norm_token(surface)
            seen[key] += 1
            inside[key] += tag != "O"
    return {key: rate_tag(n, inside[key]) for key, n in seen.items()}


def signals(rows: list[dict]) -> Signals:
    return frozenset(k for k in (key_of(n) for n in span_names(rows)) if k), word_rates(rows)


def contexts(rows: list[dict]) -> dict[int, list[str]]:
    """Each row's line context (`line_contexts`) within its posting; rows are in posting order."""
    out: dict[int, list[str]] = {}
    postings: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        postings.setdefault((row["source"], str(row["idx"])), []).append(row)
    for posting in postings.values():
        lines = [" ".join(r["tokens"]) for r in posting]
        known = [bool(vocabulary(include_skillspan=False).find(line)) for line in lines]
        for row, context in zip(posting, line_contexts(lines, known), strict=True):
            out[id(row)] = context
    return out


def example(row: dict, learnt: Signals) -> Example:
    lexicon, rates = learnt
    vocab = vocabulary(include_skillspan=False)
    text, spans, tokens, gold = gold_tags(row)
    keys = [norm_token(t) for t, _, _ in tokens]
    features = token_features(
        text,
        tokens,
        vocab_tags(vocab.find(text), tokens),
        lexicon_tags(keys, lexicon, max(map(len, lexicon))),
        word_rate_tags(keys, rates),
        keys,
        CONTEXTS[id(row)],
    )
    return features, gold, text, spans


class Perceptron:
    """Averaged perceptron with lazy averaging (Collins 2002; the usual timestamp trick)."""

    def __init__(self) -> None:
        self.w: dict[str, list[float]] = {}
        self.total: dict[str, list[float]] = {}
        self.stamp: dict[str, list[int]] = {}
        self.clock = 0

    def score(self, features: list[str]) -> list[float]:
        scores = [0.0, 0.0, 0.0]
        for f in features:
            w = self.w.get(f)
            if w is not None:
                scores[0] += w[0]
                scores[1] += w[1]
                scores[2] += w[2]
        return scores

    def update(self, features: list[str], truth: int, guess: int) -> None:
        for f in features:
            w = self.w.setdefault(f, [0.0, 0.0, 0.0])
            total = self.total.setdefault(f, [0.0, 0.0, 0.0])
            stamp = self.stamp.setdefault(f, [0, 0, 0])
            for tag, delta in ((truth, 1.0), (guess, -1.0)):
                total[tag] += (self.clock - stamp[tag]) * w[tag]
                stamp[tag] = self.clock
                w[tag] += delta

    def averaged(self) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for f, w in self.w.items():
            total, stamp = self.total[f], self.stamp[f]
            avg = [(total[t] + (self.clock - stamp[t]) * w[t]) / max(self.clock, 1) for t in range(3)]
            if max(abs(a) for a in avg) >= PRUNE:
                out[f] = [round(a, 3) for a in avg]
        return out


def step_features(token: list[str], previous: str) -> list[str]:
    return [*token, f"t-1={previous}", f"t-1={previous}|{token[1]}"]


def train(examples: list[Example], epochs: int) -> dict[str, list[float]]:
    model = Perceptron()
    order = list(range(len(examples)))
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(order)
        for index in order:
            features, gold, _, _ = examples[index]
            previous = "<s>"
            for token, truth in zip(features, gold, strict=True):
                model.clock += 1
                feats = step_features(token, previous)
                scores = model.score(feats)
                if previous in ("O", "<s>"):
                    scores[1] = float("-inf")
                guess = max(range(3), key=scores.__getitem__)
                gold_index = TAGS.index(truth)
                if guess != gold_index:
                    model.update(feats, gold_index, guess)
                previous = truth  # teacher forcing (training on its own guesses did worse on the held-out fold)
    return model.averaged()


def evaluate(weights: dict[str, list[float]], examples: list[Example], penalty: float = 0.0) -> Counter[str]:
    from app.ats.tagger import SkillTagger

    tagger = SkillTagger(weights, frozenset(), penalty)  # the examples carry their features already
    counts: Counter[str] = Counter()
    for features, _gold, text, spans in examples:
        tokens = tokens_of(text)
        predicted = bio_spans(tagger.tag(features), tokens)
        counts["gold"] += len(spans)
        counts["pred"] += len(predicted)
        counts["pred_ok"] += sum(any(overlaps(p, g) for g in spans) for p in predicted)
        counts["gold_found"] += sum(any(overlaps(g, p) for p in predicted) for g in spans)
        counts["strict"] += len(set(spans) & set(predicted))
    return counts


def balanced(c: Counter[str]) -> float:
    return min(c["pred_ok"] / max(c["pred"], 1), c["gold_found"] / max(c["gold"], 1))


def describe(name: str, c: Counter[str]) -> str:
    p, r = c["pred_ok"] / max(c["pred"], 1), c["gold_found"] / max(c["gold"], 1)
    sp, sr = c["strict"] / max(c["pred"], 1), c["strict"] / max(c["gold"], 1)
    return f"{name}: loose P {p:.3f} R {r:.3f}; strict P {sp:.3f} R {sr:.3f}"


ROWS: list[dict] = []
CONTEXTS: dict[int, list[str]] = {}


def fold_of(row: dict) -> int:
    return int(row["idx"]) % FOLDS


def others(excluded: set[int]) -> list[dict]:
    return [row for row in ROWS if fold_of(row) not in excluded]


def cross_validate(args: tuple[int, int]) -> dict[float, Counter[str]]:
    """Train on four folds and measure on the fifth. The training folds' span signals come from the
    other training folds only, the held-out fold's from all four training folds: nothing of the
    held-out postings reaches the model."""
    held, epochs = args
    learnt = {fold: signals(others({fold, held})) for fold in range(FOLDS) if fold != held}
    inner = [example(row, learnt[fold_of(row)]) for row in ROWS if fold_of(row) != held]
    weights = train(inner, epochs)
    outer = signals(others({held}))
    test = [example(row, outer) for row in ROWS if fold_of(row) == held]
    return {penalty: evaluate(weights, test, penalty) for penalty in PENALTIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only the cross-validation on train")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()
    ROWS[:] = load()
    CONTEXTS.update(contexts(ROWS))
    started = time.perf_counter()
    with Pool(2) as pool:
        folds = pool.map(cross_validate, [(held, args.epochs) for held in range(FOLDS)])
    pooled = {penalty: sum((fold[penalty] for fold in folds), Counter()) for penalty in PENALTIES}
    for penalty, counts in pooled.items():
        print(describe(f"5-fold CV on train, {args.epochs} epochs, O penalty {penalty:g}", counts))
    # The target asks for both (recall >= 0.7 at precision >= 0.7): the worse of the two decides.
    penalty = max(PENALTIES, key=lambda p: (balanced(pooled[p]), -p))
    print(f"O penalty chosen by cross-validation: {penalty:g} ({time.perf_counter() - started:.0f} s)")
    if args.check:
        return
    learnt = {fold: signals(others({fold})) for fold in range(FOLDS)}
    examples = [example(row, learnt[fold_of(row)]) for row in ROWS]
    weights = train(examples, args.epochs)
    names = span_names(ROWS)
    serialise(weights, names, penalty, word_rates(ROWS))
    print(f"wrote the model: {len(weights)} features, {len(set(names))} lexicon spans")


if __name__ == "__main__":
    main()
