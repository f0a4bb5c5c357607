"""ATS score honesty: for each job ad in bench/fixtures, one clean CV from another field with 0 %, 50 % and
100 % of the ad's skills in its skills section, and the scores the analyser gives them. A CV with none of
an ad's skills must score low (≤ 30), half of them mid (35–70) and all of them high (≥ 80).

Run: .venv/bin/python bench/ats_score_honesty.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "bench" / "fixtures"
SHARES = (0.0, 0.5, 1.0)
BANDS = {0.0: (0, 30), 0.5: (35, 70), 1.0: (80, 100)}

# Clean (contact, summary, dated newest-first work with measurable bullets, a degree, a skills section) and
# about none of the ads' fields: only the skills section changes between the three CVs of an ad.
BASE_CV = {
    "basics": {
        "name": "Sam Okafor",
        "label": "Fleet Operations Coordinator",
        "email": "sam.okafor@example.com",
        "phone": "+44 7700 900123",
        "location": {"city": "Leeds", "countryCode": "GB"},
        "profiles": [{"network": "LinkedIn", "username": "samokafor", "url": "https://linkedin.com/in/samokafor"}],
        "summary": "Fleet operations coordinator with nine years of keeping 60 vans on the road for a regional "
        "parcel carrier. I plan routes, negotiate with suppliers and cut costs without cutting service.",
    },
    "work": [
        {
            "name": "Northway Parcels",
            "position": "Fleet Operations Coordinator",
            "startDate": "2019-03",
            "highlights": [
                "Cut fuel spend by 14% a year by re-planning 40 delivery routes",
                "Negotiated tyre and servicing contracts with 6 suppliers, saving £85k a year",
                "Trained 12 new drivers on the depot's safety checks, with zero lost-time incidents in 2023",
            ],
        },
        {
            "name": "Dale Haulage",
            "position": "Transport Planner",
            "startDate": "2016-01",
            "endDate": "2019-02",
            "highlights": [
                "Scheduled 300 collections a week across 3 depots, raising on-time pickups from 88% to 96%",
                "Reduced empty running by 20% by pairing return loads with regional customers",
            ],
        },
    ],
    "education": [
        {"institution": "University of Leeds", "area": "Geography", "studyType": "Master", "endDate": "2015-09"}
    ],
    "skills": [{"name": "Operations", "keywords": ["Route planning", "Fleet scheduling", "Supplier negotiation"]}],
}


def cv_with(skills: list[str]) -> dict[str, object]:
    """The base CV with `skills` added to its skills section, as the ad writes them."""
    cv = {**BASE_CV, "skills": [*BASE_CV["skills"], {"name": "From the ad", "keywords": skills}]}  # type: ignore[list-item]
    return cv if skills else BASE_CV


def _share(share: float, names: list[str]) -> int:
    """How many of `names` make `share` of them, halves rounded up (5 names at 50 % is 3)."""
    return int(share * len(names) + 0.5)


def main() -> int:
    from app.ats import analyze, extract_job
    from app.cv.model import Resume

    print("ATS score honesty: a clean CV from another field with a share of each ad's skills in its skills section")
    print("(overall score, and the job-match category in brackets; found = the ad's skills the analyser found)")
    print()
    print("| job ad | skills asked (required + preferred) | 0 % | 50 % | 100 % |")
    print("|---|---|---|---|---|")
    ok = True
    for path in sorted(FIXTURES.glob("ats_job_*.txt")):
        job = extract_job(path.read_text(encoding="utf-8"))
        cells = []
        previous = -1
        for share in SHARES:
            chosen = job.required[: _share(share, job.required)] + job.preferred[: _share(share, job.preferred)]
            report = analyze(Resume.model_validate(cv_with([job.as_written(s) for s in chosen])), job=job)
            assert report.job is not None
            found = sum(s.found for s in report.job.skills)
            match = report.category("Job match")
            low, high = BANDS[share]
            holds = low <= report.score <= high and report.score > previous
            ok &= holds
            previous = report.score
            cells.append(
                f"{report.score} ({match.score if match else '-'}; found {found}/{len(report.job.skills)})"
                + ("" if holds else " ✗")
            )
        asked = f"{len(job.required)} + {len(job.preferred)}"
        print(f"| {path.stem.removeprefix('ats_job_')} | {asked} | " + " | ".join(cells) + " |")
    general = analyze(Resume.model_validate(BASE_CV))
    print()
    print(f"The same CV checked without an ad: {general.score}/100.")
    print(f"Bands (0 %: ≤ 30, 50 %: 35–70, 100 %: ≥ 80, rising): {'all hold' if ok else 'NOT ALL HOLD (✗)'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
