"""Tailoring and cover letters, offline, on labelled (CV, job ad) pairs.

`bench/tailoring_pairs/` holds 24 pairs in 12 fields and five languages, written by a writer who never read the
code: a CV (`cv.json`), a job ad (`ad.txt`) and labels (`labels.json`): the company and job title the ad names,
the ad's skills the CV evidences (with the CV's words), the ones it does not show (`absent`), whether the CV has
evidence to surface (a skill only in a bullet, under other words, or a relevant bullet not first), and the page
budget a person would ask for. For each pair the real code runs as `altoc tailor` does, without the database:
the plan (`plan_tailoring`), every change applied (`apply_changes`), then the cover letter (`compose_letter`).

It prints, per pair and in total:
- the ATS score before and after tailoring (target: up wherever the CV has evidence to surface, never down);
- facts added without evidence: claims in the tailored CV or the letter that the CV does not state
  (`app.ats.guard`), and `absent` skills that appear (target 0);
- the letter: its words (150-300), whether it names the company and the role;
- time per tailoring and per letter (median of --runs runs; target <= 200 ms each);
- with --pages: the page budget, met or not, and the renders' time (a PDF render is hundreds of ms).
Run: .venv/bin/python bench/tailoring.py [--pairs DIR] [--runs 5] [--pages]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.ats.analyze import analyze  # noqa: E402
from app.ats.guard import Sources  # noqa: E402
from app.ats.job import extract_job  # noqa: E402
from app.ats.segments import all_text  # noqa: E402
from app.cv.language import detect_language  # noqa: E402
from app.cv.model import Resume  # noqa: E402
from app.render import count_pages  # noqa: E402
from app.tailor.fit import fit_to_pages  # noqa: E402
from app.tailor.letter import Letter, compose_letter  # noqa: E402
from app.tailor.plan import Relevance, apply_changes, job_title, plan_tailoring  # noqa: E402

PAIRS = ROOT / "bench" / "tailoring_pairs"
TODAY = date(2026, 11, 29)  # fixed, so the figures do not move with the calendar


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@dataclass
class Row:
    pair: str
    surface: bool  # the labels say the CV has evidence to surface
    before: int
    after: int
    added: list[str]  # claims without evidence, in the tailored CV or the letter, and `absent` skills that appear
    words: int
    company: bool  # the letter names the company
    company_right: bool  # the company read from the ad is the labelled one
    role: bool
    tailor_ms: float
    letter_ms: float
    pages: str = ""
    fits: bool = True
    fit_s: float = 0.0


def measure(folder: Path, runs: int, pages: bool) -> Row:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    resume = Resume.model_validate(json.loads((folder / "cv.json").read_text(encoding="utf-8")))
    job = extract_job((folder / "ad.txt").read_text(encoding="utf-8"))
    before = analyze(resume, job=job)
    assert before.job is not None
    match = before.job
    title = job_title(job)

    def tailor() -> Resume:
        return apply_changes(resume, plan_tailoring(resume, job, match, today=TODAY).changes)

    def letter() -> Letter:
        return compose_letter(resume, match, company=job.company, job_title=title, today=TODAY)

    tailored, written = tailor(), letter()
    language = detect_language(resume)
    found = [s.name for s in match.skills if s.found]
    sources = Sources(resume, about_job=[job.company or "", title or "", job.title or ""], today=TODAY, shown=found)
    body = " ".join(written.paragraphs)
    now, then = (json.dumps(r.to_json(), ensure_ascii=False).lower() for r in (tailored, resume))
    absent = [a for a in labels["absent"] if a.lower() in now and a.lower() not in then]
    row = Row(
        pair=folder.name,
        surface=labels["has_evidence_to_surface"],
        before=before.score,
        after=analyze(tailored, job=job).score,
        added=sources.unsupported(all_text(tailored), language) + sources.unsupported(body, language) + absent,
        words=written.word_count(),
        company=bool(job.company) and (job.company or "") in body,
        company_right=(job.company or "").lower() == labels["company"].lower(),
        role=bool(title) and (title or "") in body,
        tailor_ms=_median_ms(tailor, runs),
        letter_ms=_median_ms(letter, runs),
    )
    if pages:
        start = time.perf_counter()
        fitted = fit_to_pages(tailored, labels["pages"], relevance=Relevance(job))
        row.pages = f"{fitted.pages_before}->{count_pages(fitted.resume)}/{labels['pages']}"
        row.fits, row.fit_s = fitted.fits, time.perf_counter() - start
    return row


def report(rows: list[Row], pages: bool) -> None:
    for row in rows:
        fit = f"  pages {row.pages}{'' if row.fits else ' (not met)'}  {row.fit_s:.1f} s" if pages else ""
        print(
            f"{row.pair:<20} score {row.before:>3} -> {row.after:>3}  added {len(row.added)}  "
            f"letter {row.words} words{'' if row.company else ' (no company)'}  "
            f"{row.tailor_ms:.0f} ms / {row.letter_ms:.0f} ms{fit}"
        )
        for claim in row.added:
            print(f"{'':<20} added without evidence: {claim}")
    surfacing = [r for r in rows if r.surface]
    n = len(rows)
    print()
    print(f"pairs: {n} ({len(surfacing)} with evidence to surface)")
    up, down = sum(r.after > r.before for r in surfacing), sum(r.after < r.before for r in rows)
    print(f"ATS score up: {up}/{len(surfacing)} of the pairs with evidence to surface; down: {down}/{n}")
    print(f"mean score: {statistics.mean(r.before for r in rows):.1f} -> {statistics.mean(r.after for r in rows):.1f}")
    print(f"facts added without evidence: {sum(len(r.added) for r in rows)}")
    words = sum(150 <= r.words <= 300 for r in rows)
    print(
        f"letters of 150-300 words: {words}/{n}; naming the company: {sum(r.company for r in rows)}/{n} (read right "
        f"from the ad: {sum(r.company_right for r in rows)}/{n}); naming the role: {sum(r.role for r in rows)}/{n}"
    )
    tailor_ms, letter_ms = statistics.median(r.tailor_ms for r in rows), statistics.median(r.letter_ms for r in rows)
    worst = max(max(r.tailor_ms, r.letter_ms) for r in rows)
    print(f"time per tailoring: median {tailor_ms:.1f} ms; letter: median {letter_ms:.1f} ms; slowest {worst:.1f} ms")
    if pages:
        fit_s = statistics.median(r.fit_s for r in rows)
        print(f"page budget met: {sum(r.fits for r in rows)}/{n}; fit time median {fit_s:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", action="store_true", help="also fit each tailored CV to its page budget")
    args = parser.parse_args()
    folders = sorted(p for p in args.pairs.iterdir() if (p / "labels.json").is_file())
    report([measure(folder, args.runs, args.pages) for folder in folders], args.pages)


if __name__ == "__main__":
    main()
