"""Fit the skill filter (app/ats/judge.py) on labelled job ads; write app/ats/data/skill_filter.json.

`read_ad` proposes candidates for names no vocabulary knows (the tagger's spans, names written as names,
know-how phrases). Each is labelled a skill when it names one of its ad's labelled skills or acceptable
terms (bench/ats_quality.py's keys), not one otherwise; an L2-regularised logistic regression over
`judge.features` is fitted to them by full-batch gradient descent from zero (the same bytes every run). The
threshold is the probability at which a kept junk candidate costs `--cost` times a kept skill, cost / (1 +
cost): 0.5 by default; the 5-fold cross-validation by ad reports what it keeps on ads unseen. Only the
folders given are read: the default leaves bench/ats_ads_c (and any later set) for measuring. A few seconds.
  .venv/bin/python scripts/train_skill_filter.py                  # fit on bench/ats_ads and bench/ats_ads_b
  .venv/bin/python scripts/train_skill_filter.py --check          # the cross-validated figures only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.ats.job import read_ad  # noqa: E402
from app.ats.judge import FILTER_PATH, Candidate  # noqa: E402
from bench.ats_quality import name_keys, read_ads  # noqa: E402

Example = tuple[int, list[str], bool]  # (ad number, feature names, is a skill)


def examples(folders: list[Path]) -> list[Example]:
    out: list[Example] = []
    ads = [ad for folder in folders for ad in read_ads(folder)]
    for number, ad in enumerate(ads):
        wanted = set(ad.acceptable).union(*(label.keys for label in ad.skills))
        seen: list[tuple[Candidate, list[str]]] = []

        def record(candidate: Candidate, names: list[str], seen: list[tuple[Candidate, list[str]]] = seen) -> bool:
            seen.append((candidate, names))
            return True

        read_ad(ad.text, judge=record)
        out += [(number, names, bool(name_keys(c.text) & wanted)) for c, names in seen]
    return out


def fit(rows: list[Example], index: dict[str, int], l2: float, steps: int = 1500) -> np.ndarray:
    x = np.zeros((len(rows), len(index)))
    for row, (_, names, _) in enumerate(rows):
        for name in names:
            if name in index:
                x[row, index[name]] = 1.0
    y = np.array([skill for _, _, skill in rows], dtype=float)
    w = np.zeros(len(index))
    rate = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        w -= rate * (x.T @ (p - y) / len(rows) + l2 * w)
    return w


def probabilities(rows: list[Example], index: dict[str, int], w: np.ndarray) -> np.ndarray:
    z = np.array([sum(w[index[n]] for n in names if n in index) for _, names, _ in rows])
    return 1.0 / (1.0 + np.exp(-z))


def cross_validated(rows: list[Example], l2: float, folds: int = 5) -> np.ndarray:
    """Each candidate's probability from a model fitted on the other folds' ads."""
    out = np.zeros(len(rows))
    for fold in range(folds):
        train = [r for r in rows if r[0] % folds != fold]
        index = {name: i for i, name in enumerate(sorted({n for _, names, _ in train for n in names}))}
        w = fit(train, index, l2)
        held = [i for i, r in enumerate(rows) if r[0] % folds == fold]
        out[held] = probabilities([rows[i] for i in held], index, w)
    return out


def report(rows: list[Example], p: np.ndarray, threshold: float) -> str:
    y = np.array([skill for _, _, skill in rows])
    kept = p >= threshold
    return (
        f"threshold {threshold:.2f}: skills kept {int((kept & y).sum())}/{int(y.sum())}, "
        f"junk kept {int((kept & ~y).sum())}/{int((~y).sum())}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", nargs="+", default=["bench/ats_ads", "bench/ats_ads_b"])
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--cost", type=float, default=1.0, help="how much a kept junk candidate costs")
    parser.add_argument("--check", action="store_true", help="print the cross-validated figures only")
    parser.add_argument("--out", default=str(FILTER_PATH))
    args = parser.parse_args()
    rows = examples([ROOT / folder for folder in args.ads])
    y = np.array([skill for _, _, skill in rows])
    print(f"{len(rows)} candidates from {args.ads}: {int(y.sum())} skills, {int((~y).sum())} not")
    p = cross_validated(rows, args.l2)
    # where a kept junk candidate costs `cost` kept skills, for a calibrated model: a fixed point, so that the
    # filter does not swing with the flat optimum of a grid search over one small data set
    threshold = round(args.cost / (1 + args.cost), 2)
    print("keep all: " + report(rows, np.ones(len(rows)), 0.5))
    for t in sorted({0.3, 0.5, 0.7, threshold}):
        print(("chosen " if t == threshold else "") + report(rows, p, t))
    if args.check:
        return
    index = {name: i for i, name in enumerate(sorted({n for _, names, _ in rows for n in names}))}
    w = fit(rows, index, args.l2)
    weights = {name: round(float(w[i]), 4) for name, i in index.items() if abs(w[i]) >= 1e-4}
    Path(args.out).write_text(
        json.dumps({"threshold": threshold, "trained_on": args.ads, "weights": weights}, indent=1, sort_keys=True)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.out}: {len(weights)} weights")


if __name__ == "__main__":
    main()
