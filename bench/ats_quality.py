"""ATS quality on labelled job ads, read as a job seeker reads the report.

Each folder of `bench/ats_ads/` (66 ads by three writers), `bench/ats_ads_b/` (26 by a fourth, measured before
anything was tuned on them), `bench/ats_ads_c/` (24 by a fifth, measured blind at the end of issue 16's first
session), `bench/ats_ads_d/` (30 by a sixth), `bench/ats_ads_e/` (24 by a seventh) and `bench/ats_ads_f/` (23
by an eighth, asked to label what the ad names rather than what the job implies), each measured blind in issue
16's second session, holds a job ad as a person pastes it (`ad.txt`), a paired CV (`cv.json`) and labels
(`labels.json`): every hard skill a recruiter would search for in the ad, with its importance, other correct
names for it, and a quote of the CV that shows it (or null); and the other skill-like terms the ad names that
a list may fairly include (`acceptable`). The real analysis (`extract_job` + `analyze`) runs on each pair, and
this prints:
- recall: the share of labelled skills the report lists (under the ad's name, another correct name,
  or the same vocabulary name);
- junk: the share of listed skills that are neither labelled nor acceptable ("delivery", "27001",
  "Pipelines" split from "Azure DevOps Pipelines");
- wrongly found: listed skills the report says the CV has, where the labels say it does not;
- and, as second views, evidence recall (labelled CV skills reported found), importance agreement,
  and the analysis time per ad.
The SkillSpan figures are `bench/ats_skillspan.py`.
The skill filter (app/ats/judge.py) is fitted on the first two sets only.
Run: .venv/bin/python bench/ats_quality.py [--ads DIR] [--show]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.ats.analyze import analyze  # noqa: E402
from app.ats.job import extract_job  # noqa: E402
from app.ats.report import JobSkill  # noqa: E402
from app.ats.vocab import key_of, vocabulary  # noqa: E402
from app.cv.model import Resume  # noqa: E402

ADS = ROOT / "bench" / "ats_ads"
Key = tuple[str, ...]


@dataclass
class Label:
    name: str
    importance: str
    keys: set[Key]
    cv: str | None


@dataclass
class Ad:
    name: str
    field: str
    language: str
    style: str
    text: str
    resume: Resume
    skills: list[Label]
    acceptable: set[Key]


def name_keys(*names: str) -> set[Key]:
    """The keys a name is known by: as written, and the vocabulary's name for it ("Postgres": PostgreSQL)."""
    vocab = vocabulary()
    keys = {key_of(name) for name in names}
    keys |= {key_of(canonical) for name in names if (canonical := vocab.canonical(name))}
    return keys - {()}


def read_ads(folder: Path) -> list[Ad]:
    """Every complete folder (labels are written last, so a folder without them is skipped)."""
    ads = []
    for path in sorted(p for p in folder.iterdir() if (p / "labels.json").exists()):
        labels = json.loads((path / "labels.json").read_text(encoding="utf-8"))
        skills = [
            Label(s["name"], s["importance"], name_keys(s["name"], *s.get("also", [])), s.get("cv"))
            for s in labels["skills"]
        ]
        ads.append(
            Ad(
                path.name,
                labels["field"],
                labels["language"],
                labels.get("style", ""),
                (path / "ad.txt").read_text(encoding="utf-8"),
                Resume.model_validate_json((path / "cv.json").read_text(encoding="utf-8")),
                skills,
                name_keys(*labels.get("acceptable", [])),
            )
        )
    return ads


def listed_keys(skill: JobSkill) -> set[Key]:
    return name_keys(skill.name, *([skill.canonical] if skill.canonical else []))


@dataclass
class Scored:
    counts: Counter[str] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)
    wrongly_found: list[str] = field(default_factory=list)
    evidence_missed: list[str] = field(default_factory=list)
    importance_wrong: list[str] = field(default_factory=list)


def score(ad: Ad, listed: list[JobSkill]) -> Scored:
    """One ad's counts, and the names behind each failure."""
    out = Scored()
    claimed: set[int] = set()
    keys = [listed_keys(skill) for skill in listed]
    for label in ad.skills:
        hits = [n for n, names in enumerate(keys) if names & label.keys]
        out.counts["labelled"] += 1
        if not hits:
            out.missed.append(label.name)
            continue
        claimed.update(hits)
        out.counts["recalled"] += 1
        skill = listed[hits[0]]
        if skill.importance == label.importance:
            out.counts["importance_same"] += 1
        else:
            out.importance_wrong.append(f"{label.name} ({skill.importance}, labelled {label.importance})")
        if label.cv is not None:
            out.counts["in_cv"] += 1
            if any(listed[n].found for n in hits):
                out.counts["in_cv_found"] += 1
            else:
                out.evidence_missed.append(label.name)
        elif any(listed[n].found for n in hits):
            out.wrongly_found.append(f"{label.name} ← {skill.evidence!r}")
    for n, skill in enumerate(listed):
        out.counts["listed"] += 1
        if n in claimed:
            continue
        if keys[n] & ad.acceptable:
            out.counts["acceptable"] += 1
        else:
            out.junk.append(skill.name)
    out.counts["junk"] = len(out.junk)
    out.counts["wrongly_found"] = len(out.wrongly_found)
    return out


def run(ad: Ad) -> tuple[Scored, float]:
    started = time.perf_counter()
    report = analyze(ad.resume, job=extract_job(ad.text))
    elapsed = time.perf_counter() - started
    assert report.job is not None
    return score(ad, report.job.skills), elapsed


def line(name: str, ads: int, c: Counter[str]) -> str:
    recall = c["recalled"] / max(c["labelled"], 1)
    junk = c["junk"] / max(c["listed"], 1)
    evidence = c["in_cv_found"] / max(c["in_cv"], 1)
    importance = c["importance_same"] / max(c["recalled"], 1)
    return (
        f"| {name} | {ads} | {c['labelled']} | {recall:.3f} | {c['listed']} | {junk:.1%} | {c['wrongly_found']} | "
        f"{evidence:.2f} | {importance:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ads", default=str(ADS), help="a folder of labelled ads (default: bench/ats_ads)")
    parser.add_argument("--show", action="store_true", help="print each ad's misses, junk and wrong finds")
    args = parser.parse_args()
    ads = read_ads(Path(args.ads))
    if not ads:
        sys.exit(f"no labelled ads in {args.ads}")
    vocabulary()
    run(ads[0])  # warm: the vocabulary, the tagger and the regular expressions load once per process
    totals: Counter[str] = Counter()
    by: dict[str, tuple[int, Counter[str]]] = {}
    times: list[float] = []
    for ad in ads:
        scored, elapsed = min((run(ad) for _ in range(3)), key=lambda result: result[1])
        times.append(elapsed)
        totals.update(scored.counts)
        for group in (f"field: {ad.field}", f"language: {ad.language}", f"style: {ad.style}"):
            count, counts = by.get(group, (0, Counter()))
            by[group] = (count + 1, counts + scored.counts)
        if args.show and (scored.missed or scored.junk or scored.wrongly_found or scored.evidence_missed):
            print(f"\n{ad.name}")
            for what, names in (
                ("missed", scored.missed),
                ("junk", scored.junk),
                ("wrongly found", scored.wrongly_found),
                ("in the CV, reported missing", scored.evidence_missed),
                ("importance", scored.importance_wrong),
            ):
                if names:
                    print(f"  {what}: {names}")
    print(f"\nATS quality on {len(ads)} labelled ads ({args.ads})")
    print("| slice | ads | labelled skills | recall | listed | junk | wrongly found | evidence recall | importance |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(line("all", len(ads), totals))
    for group, (count, counts) in sorted(by.items()):
        print(line(group, count, counts))
    print(
        f"\nanalysis per ad (extract_job + analyze, best of 3): median {statistics.median(times) * 1000:.1f} ms, "
        f"slowest {max(times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
