"""Train the skill tagger (app/ats/tagger.py) on SkillSpan train; write app/ats/data/skill_tagger.json.gz.

Deterministic (fixed seed). SkillSpan dev is never read here: bench/ats_quality.py measures on it.
The SkillSpan-span feature is computed out of fold (5 folds by posting) while training, so the model
learns how much to trust a lexicon hit on postings the lexicon has not seen — as at run time.
  .venv/bin/python bench/train_skill_tagger.py            # held-out check on train, then the model
  .venv/bin/python bench/train_skill_tagger.py --check    # only the held-out check
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from app.ats.tagger import (  # noqa: E402
    TAGS,
    bio_spans,
    lexicon_tags,
    serialise,
    token_features,
    vocab_tags,
)
from app.ats.vocab import key_of, norm_token, tokens_of, vocabulary  # noqa: E402
from bench.ats_quality import gold_spans, overlaps  # noqa: E402
from bench.build_skill_vocab import clean_span, keep_span  # noqa: E402

TRAIN = ROOT.parent / "shared" / "data" / "skillspan" / "train.json"
FOLDS = 5
EPOCHS = 8
SEED = 13
PENALTIES = (0.0, 4.0, 8.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 18.0, 20.0, 25.0)
PRUNE = 0.05  # averaged weights below this (per tag) are dropped from the shipped model


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


def example(row: dict, lexicon: frozenset[tuple[str, ...]]) -> tuple[list[list[str]], list[str], str, list]:
    vocab = vocabulary(include_skillspan=False)
    text, spans = gold_spans(row["tokens"], row["tags_knowledge"])
    tokens = tokens_of(text)
    gold = ["O"] * len(tokens)
    for start, end in spans:
        inside = [i for i, (_, a, b) in enumerate(tokens) if a >= start and b <= end]
        for n, i in enumerate(inside):
            gold[i] = "B" if n == 0 else "I"
    keys = [norm_token(t) for t, _, _ in tokens]
    features = token_features(
        text, tokens, vocab_tags(vocab, text, tokens), lexicon_tags(keys, lexicon, max(map(len, lexicon)))
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


def train(examples: list[tuple[list[list[str]], list[str], str, list]], epochs: int) -> dict[str, list[float]]:
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


def evaluate(weights: dict[str, list[float]], examples: list, lexicon: frozenset, penalty: float = 0.0) -> Counter[str]:
    from app.ats.tagger import SkillTagger

    tagger = SkillTagger(weights, lexicon, penalty)
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
    return f"{name}: loose P {p:.2f} R {r:.2f}; strict P {sp:.2f} R {sr:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only the held-out check on train")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()
    rows = load()
    fold_of = [row["idx"] % FOLDS for row in rows]
    started = time.perf_counter()
    # Out-of-fold lexicon features for every training sentence.
    lexicons = []
    for fold in range(FOLDS):
        others = [row for row, f in zip(rows, fold_of, strict=True) if f != fold]
        lexicons.append(frozenset(k for k in (key_of(n) for n in span_names(others)) if k))
    examples = [example(row, lexicons[fold]) for row, fold in zip(rows, fold_of, strict=True)]
    print(f"features for {len(examples)} sentences in {time.perf_counter() - started:.1f} s")

    held = FOLDS - 1  # check: train on folds 0-3 (their own lexicons are out of fold), test on fold 4
    inner = [e for e, f in zip(examples, fold_of, strict=True) if f != held]
    test = [e for e, f in zip(examples, fold_of, strict=True) if f == held]
    weights = train(inner, args.epochs)
    # The O penalty where the worse of loose precision and recall is best on the held-out fold: the
    # target asks for both (recall >= 0.7 at precision >= 0.7).
    best = (-1.0, 0.0)
    for penalty in PENALTIES:
        counts = evaluate(weights, test, lexicons[held], penalty)
        print(describe(f"held-out train fold, {args.epochs} epochs, O penalty {penalty:g}", counts))
        best = max(best, (balanced(counts), penalty))
    penalty = best[1]
    print(f"O penalty chosen on the held-out fold: {penalty:g}")
    if args.check:
        return
    weights = train(examples, args.epochs)
    names = span_names(rows)
    serialise(weights, names, penalty)
    print(f"wrote the model: {len(weights)} features, {len(set(names))} lexicon spans")


if __name__ == "__main__":
    main()
