"""ATS analysis speed: a 2-page CV against a ~600-word job ad, in process (vocabulary and embedder
loaded) and as a cold `altoc ats --cv-file ... --job ...` process (which also exports and reads back
the PDF for the layout checks). Medians of N runs.

Run: .venv/bin/python bench/ats_speed.py [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CV = ROOT / "bench" / "fixtures" / "two_page_cv.json"
JOB = ROOT / "bench" / "fixtures" / "ats_job_600_words.txt"
ALTOC = Path(sys.executable).parent / "altoc"


def median_ms(run: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        from app.ats.vocab import tokens_of

        tokens_of.cache_clear()  # each run reads the ad as if new: its lines are not yet split into words
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    from app.ats import analyze, extract_job
    from app.cv.model import Resume
    from app.embeddings import get_offline_embedder

    resume = Resume.model_validate(json.loads(CV.read_text()))
    job_text = JOB.read_text()
    embedder = get_offline_embedder()
    analyze(resume, job_text, embedder=embedder)  # loads the vocabulary and warms the embedder
    full = median_ms(lambda: analyze(resume, job_text, embedder=embedder), args.runs)
    job = extract_job(job_text)
    reuse = median_ms(lambda: analyze(resume, job=job, embedder=embedder), args.runs)
    cli = [str(ALTOC), "ats", "--cv-file", str(CV), "--job", str(JOB), "--format", "json"]
    cold = median_ms(lambda: subprocess.run(cli, check=True, capture_output=True), max(3, args.runs // 2))

    print(f"ATS analysis of {CV.name} against {JOB.name} ({len(job_text.split())} words), medians")
    print("| measurement | median |")
    print("|---|---|")
    print(f"| in process: analyze(cv, job_text) incl. reading the ad | {full:.1f} ms |")
    print(f"| in process: analyze(cv, job=already read ad) | {reuse:.1f} ms |")
    print(f"| cold `altoc ats --cv-file --job --format json` (incl. PDF export and read-back) | {cold:.0f} ms |")


if __name__ == "__main__":
    main()
