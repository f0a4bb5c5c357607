"""Hard-skill extraction quality on SkillSpan dev (knowledge spans), which the vocabulary never saw.

Protocol: each dev posting is given whole, its sentences (tokens joined by single spaces) one per
line, as a job ad reaches the product (`--sentences`: each sentence alone).
- loose: a predicted span is correct if it overlaps a gold knowledge span; a gold span is found if a
  predicted span overlaps it (the usual partial-match scoring for skill spans);
- strict: character spans must be identical.
Run: .venv/bin/python bench/ats_skillspan.py [--extractor product|job|tagger|vocab|names] [--penalties 4 8 13]
     [--data ../shared/data/skillspan/train.json]  # `names` learnt nothing from SkillSpan: fair on train too
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.ats.job import read_ad  # noqa: E402
from app.ats.tagger import bio_spans, find_skills, skill_tagger  # noqa: E402
from app.ats.vocab import vocabulary  # noqa: E402


def gold_spans(tokens: list[str], tags: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The sentence as one text (tokens joined by spaces) and its tagged spans as character offsets."""
    text, placed = "", []
    for token in tokens:
        if text:
            text += " "
        placed.append((token, len(text), len(text) + len(token)))
        text += token
    return text, bio_spans(tags, placed)


def postings(path: Path, by_sentence: bool = False) -> list[list[dict]]:
    """The rows of each posting (source, idx) in file order; or each sentence alone."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if by_sentence:
        return [[row] for row in rows]
    grouped: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["source"], str(row["idx"])), []).append(row)
    return list(grouped.values())


Span = tuple[int, int]
Predict = Callable[[str], list[Span]]
Measured = tuple[Counter[str], dict[str, Counter[str]], Counter[str], Counter[str]]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def measure(predict: Predict, path: Path, by_sentence: bool = False) -> Measured:
    """Counts over all postings and by source, and the gold spans missed and false alarms by text."""
    totals: Counter[str] = Counter()
    by_source: dict[str, Counter[str]] = {}
    misses: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    for rows in postings(path, by_sentence=by_sentence):
        # The posting as one text, its sentences one per line, as a job ad reaches the product.
        sentences = [gold_spans(row["tokens"], row["tags_knowledge"]) for row in rows]
        found = predict("\n".join(text for text, _ in sentences))
        offset = 0
        for row, (text, gold) in zip(rows, sentences, strict=True):
            _, skill_spans = gold_spans(row["tokens"], row["tags_skill"])
            end = offset + len(text)
            predicted = [(max(a, offset) - offset, min(b, end) - offset) for a, b in found if a < end and offset < b]
            offset = end + 1
            counts = Counter(
                gold=len(gold),
                pred=len(predicted),
                pred_ok=sum(any(overlaps(p, g) for g in gold) for p in predicted),
                gold_found=sum(any(overlaps(g, p) for p in predicted) for g in gold),
                strict=len(set(gold) & set(predicted)),
                # false alarms inside a span SkillSpan marks as a *skill* ("shell scripting",
                # "data integration"): not a knowledge span, but not a stray word either
                in_skill=sum(
                    not any(overlaps(p, g) for g in gold) and any(overlaps(p, s) for s in skill_spans)
                    for p in predicted
                ),
            )
            totals.update(counts)
            by_source.setdefault(row["source"], Counter()).update(counts)
            misses.update(text[g[0] : g[1]] for g in gold if not any(overlaps(g, p) for p in predicted))
            false_alarms.update(text[p[0] : p[1]] for p in predicted if not any(overlaps(p, g) for g in gold))
    return totals, by_source, misses, false_alarms


def row(name: str, c: Counter[str]) -> str:
    precision = c["pred_ok"] / max(c["pred"], 1)
    recall = c["gold_found"] / max(c["gold"], 1)
    sp, sr = c["strict"] / max(c["pred"], 1), c["strict"] / max(c["gold"], 1)
    return f"| {name} | {c['gold']} | {precision:.2f} | {recall:.2f} | {sp:.2f} | {sr:.2f} |"


def predictor(extractor: str) -> Predict:
    if extractor == "job":
        return lambda text: [(s.start, s.end) for s in read_ad(text).skills]
    if extractor == "product":
        vocab = vocabulary()
        return lambda text: [(m.start, m.end) for m in find_skills(text, vocab)]
    if extractor == "tagger":
        tagger = skill_tagger()
        assert tagger is not None, "no model: run scripts/train_skill_tagger.py"
        names = vocabulary(include_skillspan=False)
        return lambda text: tagger.spans(text, names)
    # "vocab": every name the analyser knows; "names": O*NET and curated names only, nothing learnt
    # from SkillSpan, so it can be measured on train as fairly as on dev
    vocab = vocabulary(include_skillspan=extractor == "vocab")
    return lambda text: [(m.start, m.end) for m in vocab.find(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "skillspan" / "dev.json"))
    parser.add_argument("--show", type=int, default=0, help="print this many misses and false alarms")
    parser.add_argument("--sentences", action="store_true", help="each sentence alone, without its posting")
    parser.add_argument(
        "--extractor",
        choices=("product", "job", "tagger", "vocab", "names"),
        default="product",
        help="what job ads use (vocabulary filtered and extended by the tagger: find_skills), all that "
        "extract_job keeps (also what lines that plainly ask name; no degrees, no title), the tagger, the "
        "whole vocabulary, or its O*NET and curated names alone",
    )
    parser.add_argument(
        "--penalties",
        type=float,
        nargs="+",
        metavar="P",
        help="also print the whole-set figures at these O penalties (the shipped one is chosen on train)",
    )
    args = parser.parse_args()
    path = Path(args.data)
    totals, by_source, misses, false_alarms = measure(predictor(args.extractor), path, args.sentences)
    print(f"SkillSpan {path.stem}, knowledge spans (hard skills), extractor: {args.extractor}")
    print("| slice | gold spans | loose precision | loose recall | strict precision | strict recall |")
    print("|---|---|---|---|---|---|")
    print(row("all", totals))
    for source, counts in sorted(by_source.items()):
        print(row(source, counts))
    in_skill = totals["in_skill"]
    print(
        f"\n{in_skill} of the {totals['pred'] - totals['pred_ok']} false alarms lie inside SkillSpan skill spans; "
        f"counting those too, loose precision would be {(totals['pred_ok'] + in_skill) / max(totals['pred'], 1):.2f}."
    )
    if args.penalties:
        tagger = skill_tagger()
        assert tagger is not None and args.extractor in ("product", "job", "tagger"), "--penalties needs the tagger"
        shipped = tagger.o_penalty
        print(f"\nprecision against recall ({args.extractor}; the shipped O penalty, {shipped:g}, is chosen on train)")
        print("| O penalty | gold spans | loose precision | loose recall | strict precision | strict recall |")
        print("|---|---|---|---|---|---|")
        try:
            for penalty in args.penalties:
                tagger.o_penalty = penalty
                print(row(f"{penalty:g}", measure(predictor(args.extractor), path, args.sentences)[0]))
        finally:
            tagger.o_penalty = shipped
    if args.show:
        print("\nmost missed:", misses.most_common(args.show))
        print("most false alarms:", false_alarms.most_common(args.show))


if __name__ == "__main__":
    main()
