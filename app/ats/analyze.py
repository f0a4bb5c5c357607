"""The analysis: five categories, an overall score (led by the job match, capped by blockers), findings with
guarded fixes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.ats.checks import CheckResult, LayoutFacts, check_contact, check_dates, check_layout
from app.ats.fixes import guard
from app.ats.job import JobRequirements, extract_job
from app.ats.match import Hit, Related, cv_skill_hits, find_skill, match_job
from app.ats.report import AtsReport, Category, status_for
from app.ats.segments import Segment, segments
from app.ats.wording import check_wording
from app.cv.model import Resume

if TYPE_CHECKING:
    from app.embeddings import Embedder

# How much each check counts in the CV's own quality (a check without a job ad is that alone).
WEIGHTS = {"Bullets & wording": 20, "Contact & sections": 15, "Dates & chronology": 15, "Length & layout": 10}
# With a job ad the match sets the score and the CV's quality scales it by up to this share: tidy contact
# details, dates and layout cannot carry a CV that shows none of the ad's skills (at most 20 then).
QUALITY_SHARE = 0.4
BLOCKER_CAP = 45
RELATED_THRESHOLD = 0.7  # cosine; below it the offline model pairs unrelated tools (Kafka~Kubernetes 0.5)


def related_by_embedding(
    embedder: Embedder, missing: Sequence[str], hits: dict[str, list[Hit]], threshold: float = RELATED_THRESHOLD
) -> dict[str, Related]:
    """For each missing skill, the closest skill the CV does name, if it is close enough (never 'found')."""
    names = list(hits)
    if not missing or not names:
        return {}
    wanted = embedder.embed(list(missing))
    have = embedder.embed(names)
    similarity = wanted @ have.T
    out: dict[str, Related] = {}
    for row, skill in enumerate(missing):
        best = int(similarity[row].argmax())
        if similarity[row, best] >= threshold:
            hit = hits[names[best]][0]
            out[skill] = Related(hit.segment.text, hit.segment.location)
    return out


def overall_score(categories: Sequence[Category]) -> int:
    """The CV's own quality (the weighted checks); with a job match, that match scaled by the quality."""
    scored = {c.name: c.score for c in categories if c.status != "skipped"}
    total = sum(w for name, w in WEIGHTS.items() if name in scored)
    quality = sum(w * scored[name] for name, w in WEIGHTS.items() if name in scored) / total if total else 100.0
    if "Job match" not in scored:
        return round(quality)
    return round(scored["Job match"] * (1 - QUALITY_SHARE + QUALITY_SHARE * quality / 100))


def analyze(
    resume: Resume,
    job_text: str | None = None,
    *,
    layout: LayoutFacts | None = None,
    embedder: Embedder | None = None,
    related: dict[str, Related] | None = None,
    job: JobRequirements | None = None,
) -> AtsReport:
    """Check a CV (against a job ad when given). `related` comes from a vector search done by the caller
    (pgvector); without it, `embedder` finds near-matches in memory."""
    if job is None and job_text is not None:
        job = extract_job(job_text)
    parts: list[Segment] = segments(resume)
    hits = cv_skill_hits(parts, job.skill_names if job else ())
    categories: list[Category] = []
    findings = []
    job_match = None
    if job is not None:
        if related is None and embedder is not None:
            missing = [s for s in job.skill_names if not find_skill(s, hits)]
            related = related_by_embedding(embedder, missing, hits)
        result = match_job(resume, job, parts, hits, related)
        job_match = result.job
        found = sum(s.found for s in result.job.skills)
        summary = f"{found} of {len(result.job.skills)} skills found" if result.job.skills else "no skills in the ad"
        if result.score is None:
            categories.append(Category(name="Job match", score=0, status="skipped", summary="nothing in the ad to "
                                       "check against (no skills, title, years or degree)"))  # fmt: skip
        else:
            categories.append(Category(name="Job match", score=result.score, status=status_for(result.score),
                                       summary=summary))  # fmt: skip
        findings += result.findings
    else:
        categories.append(Category(name="Job match", score=0, status="skipped", summary="no job ad given"))
    checks: list[tuple[str, CheckResult]] = [
        ("Contact & sections", check_contact(resume)),
        ("Dates & chronology", check_dates(resume)),
    ]
    checks.insert(1, ("Bullets & wording", check_wording(resume)))
    checks.append(("Length & layout", check_layout(resume, layout)))
    for name, check in checks:
        summary = check.summary + (f" ({', '.join(check.skipped)} skipped)" if check.skipped else "")
        categories.append(Category(name=name, score=check.score, status=status_for(check.score), summary=summary))
        findings += check.findings
    findings = [f.model_copy(update={"fixes": [guard(resume, fix) for fix in f.fixes]}) for f in findings]
    order = {"blocker": 0, "major": 1, "minor": 2, "tip": 3}
    findings.sort(key=lambda f: order[f.severity])
    score = overall_score(categories)
    if any(f.severity == "blocker" for f in findings):
        score = min(score, BLOCKER_CAP)
    title = f' for "{job.title}"' if job and job.title else ""
    return AtsReport(
        score=score,
        categories=categories,
        findings=findings,
        job=job_match,
        summary=f"Score {score}/100{title}.",
    )
