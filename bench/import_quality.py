"""CV import quality on the labelled corpus (bench/import_corpus/): per-field recall and precision, invented entries.

Every corpus file (each CV through every design of ours, as DOCX, and as HTML printed by Chromium in one- and
two-column layouts) goes through `app.imports.service.import_bytes` offline, and what comes back is compared
with the labels read from the CV's JSON (bench/import_corpus/labels.py says how values are compared).
- jobs and schools are paired with the labelled ones by their fields before they are compared;
- a skill is any skill group's name, keyword or flat skill (the structure does not matter, the names do);
- an invented entry is a job, school or skill that pairs with no label and whose text the source does not hold.
Self-checks of the scorer: `--oracle` imports as the labels themselves (must give 1.0 / 1.0 / 0), `--plain`
imports nothing (recall 0).

Run: .venv/bin/python bench/import_quality.py [--kinds classic,docx,chromium-2col] [--limit 20]
     [--show-failures 30] [--out /tmp/altoc-import-corpus] [--jobs 2] [--oracle | --plain] [--check]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_corpus.generate import COUNT, SEED, corpus  # noqa: E402
from bench.import_corpus.labels import Labels, labels_document, norm_text, read_labels  # noqa: E402
from bench.import_corpus.layouts import LAYOUTS  # noqa: E402
from bench.import_corpus.render import DEFAULT_OUT, KINDS, Item, ensure_corpus  # noqa: E402

TARGET_RECALL, TARGET_PRECISION = 0.97, 0.98
SCALARS = ("name", "email", "phone")
JOB_FIELDS = ("company", "position", "start", "end")
SCHOOL_FIELDS = ("institution", "area")
FIELDS = (*SCALARS, *(f"work.{f}" for f in JOB_FIELDS), *(f"education.{f}" for f in SCHOOL_FIELDS), "skills")


@dataclass
class Outcome:
    """One file's comparison: counts per (field, "labelled" | "predicted" | "correct"), invented entries, failures."""

    kind: str
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    invented: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def pair(wanted: list[Any], got: list[Any], fields: tuple[str, ...]) -> dict[int, int]:
    """Labelled entry index -> result entry index: the pairs with the most equal fields first, then the likest."""
    scored = []
    for i, w in enumerate(wanted):
        for j, g in enumerate(got):
            equal = sum(bool(getattr(w, f)) and getattr(w, f) == getattr(g, f) for f in fields)
            likeness = _similar(
                " ".join(getattr(w, f) for f in fields[:2]), " ".join(getattr(g, f) for f in fields[:2])
            )
            if equal or likeness >= 0.6:
                scored.append((equal + likeness, i, j))
    pairs: dict[int, int] = {}
    for _, i, j in sorted(scored, reverse=True):
        if i not in pairs and j not in pairs.values():
            pairs[i] = j
    return pairs


def _in_source(text: str, source: str) -> bool:
    """Word for word, or with the spaces left out: PDF text layers split words ("Zerti fi kat") and dates."""
    return not text or f" {text} " in f" {source} " or text.replace(" ", "") in source.replace(" ", "")


def compare(item_name: str, kind: str, want: Labels, got: Labels, source: Callable[[], str]) -> Outcome:
    """Count what the result found, missed and made up, against the labels."""
    out = Outcome(kind)
    counts = out.counts
    for name in SCALARS:
        w, g = getattr(want, name), getattr(got, name)
        counts[name, "labelled"] += bool(w)
        counts[name, "predicted"] += bool(g)
        counts[name, "correct"] += bool(w) and w == g
        if w != g:
            out.failures.append(f"{item_name}: {name}: wanted {w!r}, got {g!r}")
    sections: list[tuple[str, list[Any], list[Any], tuple[str, ...]]] = [
        ("work", want.jobs, got.jobs, JOB_FIELDS),
        ("education", want.schools, got.schools, SCHOOL_FIELDS),
    ]
    for section, wanted, found, fields in sections:
        pairs = pair(wanted, found, fields)
        for i, w in enumerate(wanted):
            g = found[pairs[i]] if i in pairs else None
            for f in fields:
                value = getattr(w, f)
                counts[f"{section}.{f}", "labelled"] += bool(value)
                ok = g is not None and bool(value) and value == getattr(g, f)
                counts[f"{section}.{f}", "correct"] += ok
                if value and not ok:
                    shown = "no entry" if g is None else repr(getattr(g, f))
                    out.failures.append(f"{item_name}: {section}[{i}].{f}: wanted {value!r}, got {shown}")
        for j, g in enumerate(found):
            for f in fields:
                counts[f"{section}.{f}", "predicted"] += bool(getattr(g, f))
            if j not in pairs.values():
                texts = [getattr(g, f) for f in fields[:2]]
                out.failures.append(f"{item_name}: {section}: extra entry {texts}")
                if not all(_in_source(t, source()) for t in texts):
                    out.invented.append(f"{item_name}: {section}: invented {texts}")
    wanted_skills, found_skills = set(want.skills), set(got.skills)
    counts["skills", "labelled"] += len(wanted_skills)
    counts["skills", "predicted"] += len(found_skills)
    counts["skills", "correct"] += len(wanted_skills & found_skills)
    for skill in want.skills:
        if skill not in found_skills:
            out.failures.append(f"{item_name}: skills: missed {skill!r}")
    for skill in got.skills:
        if skill not in wanted_skills:
            out.failures.append(f"{item_name}: skills: extra {skill!r}")
            if not _in_source(skill, source()):
                out.invented.append(f"{item_name}: skills: invented {skill!r}")
    return out


def source_text(item: Item, data: bytes) -> str:
    """What the file shows and what its CV holds, normalised: an entry found here was read, not made up."""
    if item.kind == "docx":
        import io

        import docx

        document = docx.Document(io.BytesIO(data))
        texts = [p.text for p in document.paragraphs]
        texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    else:
        from app.render.check import pdf_text

        texts = pdf_text(data)

    def strings(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [str(value)]

    return norm_text(" ".join(texts + strings(item.cv.document)))


def labels_for(item: Item) -> Labels:
    """The labels at the precision the file's layout prints dates in."""
    layout = LAYOUTS.get(item.kind)
    return read_labels(item.cv.document, year_only=layout is not None and layout.job_dates == "year")


def run_one(item: Item, mode: str) -> Outcome:
    """Import one file (or stand in for the import, in the self-check modes) and compare."""
    data = item.path.read_bytes()
    want = labels_for(item)
    start = time.perf_counter()
    error = ""
    try:
        if mode == "oracle":
            document = labels_document(want)
        elif mode == "plain":
            document = {}
        else:
            from app.imports.service import import_bytes

            document = import_bytes(item.filename, data).document
    except Exception as exc:  # a failed import scores as an empty CV, and is listed
        document, error = {}, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    text: list[str] = []

    def source() -> str:
        if not text:
            text.append(source_text(item, data))
        return text[0]

    outcome = compare(item.filename, item.kind, want, read_labels(document), source)
    outcome.error, outcome.seconds = error, seconds
    if error:
        outcome.failures.insert(0, f"{item.filename}: import failed: {error}")
    return outcome


def _ratio(correct: int, total: int) -> str:
    return f"{correct / total:.3f}" if total else "—"


def totals(outcomes: list[Outcome]) -> tuple[int, int, int]:
    labelled = sum(n for o in outcomes for (_, what), n in o.counts.items() if what == "labelled")
    predicted = sum(n for o in outcomes for (_, what), n in o.counts.items() if what == "predicted")
    correct = sum(n for o in outcomes for (_, what), n in o.counts.items() if what == "correct")
    return labelled, predicted, correct


def report(outcomes: list[Outcome], kinds: list[str], show_failures: int) -> bool:
    """Print the tables; True when every target is met."""
    by_field: Counter[tuple[str, str]] = Counter()
    for outcome in outcomes:
        by_field.update(outcome.counts)
    print("| field | labelled | found | correct | recall | precision |")
    print("|---|---|---|---|---|---|")
    for name in FIELDS:
        labelled, predicted, correct = (by_field[name, w] for w in ("labelled", "predicted", "correct"))
        print(f"| {name} | {labelled} | {predicted} | {correct} | {_ratio(correct, labelled)} "
              f"| {_ratio(correct, predicted)} |")  # fmt: skip
    labelled, predicted, correct = totals(outcomes)
    invented = sum(len(o.invented) for o in outcomes)
    print(f"| **all fields** | {labelled} | {predicted} | {correct} | **{_ratio(correct, labelled)}** "
          f"| **{_ratio(correct, predicted)}** |")  # fmt: skip
    print()
    print("| rendering | files | recall | precision | invented | failed imports | median import |")
    print("|---|---|---|---|---|---|---|")
    grouped: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        grouped[outcome.kind].append(outcome)
    for kind in kinds:
        group = grouped.get(kind, [])
        k_labelled, k_predicted, k_correct = totals(group)
        median = statistics.median(o.seconds for o in group) * 1000 if group else 0.0
        print(f"| {kind} | {len(group)} | {_ratio(k_correct, k_labelled)} | {_ratio(k_correct, k_predicted)} "
              f"| {sum(len(o.invented) for o in group)} | {sum(bool(o.error) for o in group)} "
              f"| {median:.0f} ms |")  # fmt: skip
    print()
    print("Recall by field and rendering:")
    print(f"| field | {' | '.join(kinds)} |")
    print(f"|---|{'---|' * len(kinds)}")
    for name in FIELDS:
        cells = []
        for kind in kinds:
            counts: Counter[tuple[str, str]] = Counter()
            for outcome in grouped.get(kind, []):
                counts.update(outcome.counts)
            cells.append(_ratio(counts[name, "correct"], counts[name, "labelled"]))
        print(f"| {name} | {' | '.join(cells)} |")
    recall = correct / labelled if labelled else 0.0
    precision = correct / predicted if predicted else 0.0
    met = recall >= TARGET_RECALL and precision >= TARGET_PRECISION and invented == 0
    print()
    print(f"Targets: field recall ≥ {TARGET_RECALL} (now {recall:.3f}), precision ≥ {TARGET_PRECISION} "
          f"(now {precision:.3f}), invented entries 0 (now {invented}): {'met' if met else 'NOT met'}")  # fmt: skip
    for line in [i for o in outcomes for i in o.invented]:
        print(f"  {line}")
    if show_failures:
        failures = [f for o in outcomes for f in o.failures]
        print(f"\nFailures: {len(failures)}, the first {min(show_failures, len(failures))}:")
        for line in failures[:show_failures]:
            print(f"  {line}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated, of: {', '.join(KINDS)}")
    parser.add_argument("--limit", type=int, default=0, help="only the first N CVs (the fixtures come first)")
    parser.add_argument("--count", type=int, default=COUNT, help="generated CVs in the corpus")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the corpus's files are cached")
    parser.add_argument("--show-failures", type=int, default=0, metavar="N")
    parser.add_argument("--jobs", type=int, default=2, help="files imported side by side")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--oracle", action="store_true", help="self-check: import as the labels (scores 1.0)")
    mode.add_argument("--plain", action="store_true", help="self-check: import nothing (recall 0)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    run_mode = "oracle" if args.oracle else "plain" if args.plain else "import"
    if run_mode == "import":
        try:
            from app.imports.service import import_bytes  # noqa: F401
        except ImportError as exc:
            raise SystemExit(f"The importer is not there yet ({exc}); --oracle and --plain check the scorer.") from None

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    cvs = corpus(SEED, args.count)
    if args.limit:
        cvs = cvs[: args.limit]
    start = time.perf_counter()
    items = ensure_corpus(cvs, args.out, kinds)
    prepared = time.perf_counter() - start
    start = time.perf_counter()
    with ProcessPoolExecutor(max(1, args.jobs)) as pool:
        outcomes = list(pool.map(run_one, items, [run_mode] * len(items), chunksize=4))
    scored = time.perf_counter() - start
    languages = Counter(cv.language for cv in cvs)
    print(f"CV import quality ({run_mode}): {len(cvs)} CVs ({', '.join(f'{n} {k}' for k, n in languages.items())}) "
          f"× {len(kinds)} renderings = {len(items)} files; corpus ready in {prepared:.1f} s, "
          f"imported and scored in {scored:.1f} s")  # fmt: skip
    met = report(outcomes, kinds, args.show_failures)
    if args.check and not met:
        sys.exit(1)


if __name__ == "__main__":
    main()
