"""The tailoring plan: it moves and brings forward what the CV says, never invents, never touches locked facts."""

from __future__ import annotations

import pytest

from app.ats.analyze import analyze
from app.ats.guard import Sources
from app.ats.job import extract_job
from app.ats.segments import all_text
from app.cv.model import Resume
from app.errors import Conflict
from app.tailor.plan import Change, apply_changes, check_locked, job_title, plan_tailoring

AD = """Senior Data Engineer (m/f/d) at Tidewater Logistics

Tidewater Logistics moves 2 million parcels a week across Europe.

Requirements:
- Strong Python and SQL
- Experience with Apache Airflow and PostgreSQL
- Kafka for event streaming
- Terraform for infrastructure as code

Nice to have: dbt, Snowflake
"""

CV = {
    "basics": {
        "name": "Ana Silva",
        "label": "Data Engineer",
        "email": "ana@example.com",
        "phone": "+351 912 345 678",
        "location": {"city": "Porto", "countryCode": "PT"},
        "summary": "Team player who loves mentoring. Data engineer who builds reliable pipelines in Python.",
    },
    "work": [
        {
            "name": "Northwind Traders",
            "position": "Data Engineer",
            "startDate": "2020-01",
            "highlights": [
                "Mentored two junior analysts",
                "Ran the team's weekly demo",
                "Built Airflow pipelines that cut report time by 40%",
                "Migrated 120 jobs to Postgres with zero downtime",
            ],
        },
        {
            "name": "Contoso",
            "position": "Data Analyst",
            "startDate": "2016-03",
            "endDate": "2019-12",
            "highlights": ["Wrote monthly reports", "Modelled sales data in dbt on Snowflake"],
        },
    ],
    "education": [{"institution": "University of Porto", "studyType": "BSc", "area": "Computer Science"}],
    "skills": [{"name": "Python"}, {"name": "SQL"}, {"name": "Excel"}],
}


@pytest.fixture(scope="module")
def plan() -> tuple[Resume, object, object]:
    resume = Resume.model_validate(CV)
    job = extract_job(AD)
    report = analyze(resume, job=job)
    assert report.job is not None
    return resume, job, plan_tailoring(resume, job, report.job)


def test_the_plan_moves_the_relevant_bullets_first_and_names_the_reason(plan) -> None:  # type: ignore[no-untyped-def]
    resume, _, tailoring = plan
    bullets = next(c for c in tailoring.changes if c.kind == "bullets" and c.index == 0)
    assert bullets.new[0].startswith(("Built Airflow", "Migrated 120 jobs"))
    assert sorted(bullets.new) == sorted(bullets.old)  # moved, never rewritten
    assert "Airflow" in bullets.reason or "PostgreSQL" in bullets.reason
    assert any(line.startswith("1. ") for line in bullets.diff())


def test_skills_the_cv_shows_elsewhere_come_forward_in_the_ads_words(plan) -> None:  # type: ignore[no-untyped-def]
    _, _, tailoring = plan
    skills = next(c for c in tailoring.changes if c.kind == "skills")
    names = [item["name"] for item in skills.new]
    assert "PostgreSQL" in names  # the CV says "Postgres" in a bullet
    assert names.index("PostgreSQL") < names.index("Excel")
    assert not {"Kafka", "Terraform"} & set(names)  # not shown by the CV: asked, never added


def test_what_the_cv_lacks_becomes_questions_not_changes(plan) -> None:  # type: ignore[no-untyped-def]
    _, _, tailoring = plan
    assert "Kafka" in tailoring.gaps and "Terraform" in tailoring.gaps
    changed_text = " ".join(str(c.new) for c in tailoring.changes)
    assert "Kafka" not in changed_text and "Terraform" not in changed_text


def test_the_headline_never_claims_a_seniority_the_cv_does_not(plan) -> None:  # type: ignore[no-untyped-def]
    resume, job, tailoring = plan
    assert job_title(job) == "Senior Data Engineer"
    headline = next(c for c in tailoring.changes if c.kind == "headline")
    assert "Senior" not in headline.new
    assert headline.new.startswith("Data Engineer")


def test_applying_every_change_adds_no_fact_the_cv_did_not_state(plan) -> None:  # type: ignore[no-untyped-def]
    resume, job, tailoring = plan
    tailored = apply_changes(resume, tailoring.changes)
    assert Sources(resume).unsupported(all_text(tailored)) == []
    assert analyze(tailored, job=job).score > analyze(resume, job=job).score


def test_a_subset_applies_just_those_changes(plan) -> None:  # type: ignore[no-untyped-def]
    resume, _, tailoring = plan
    skills = next(c for c in tailoring.changes if c.kind == "skills")
    tailored = apply_changes(resume, [skills])
    assert tailored.basics == resume.basics
    assert tailored.work == resume.work
    assert tailored.skills != resume.skills


def test_a_change_that_rewrites_a_bullet_or_a_locked_field_is_refused(plan) -> None:  # type: ignore[no-untyped-def]
    resume, _, tailoring = plan
    bullets = next(c for c in tailoring.changes if c.kind == "bullets")
    forged = bullets.model_copy(update={"new": ["Led a Kafka migration at Google", *bullets.old[1:]]})
    with pytest.raises(Conflict):
        apply_changes(resume, [forged])
    renamed = resume.model_copy(deep=True)
    assert renamed.work is not None
    renamed.work[0].name = "Google"
    with pytest.raises(Conflict, match="locked"):
        check_locked(resume, renamed)


def test_a_stale_plan_is_refused(plan) -> None:  # type: ignore[no-untyped-def]
    resume, _, tailoring = plan
    headline: Change = next(c for c in tailoring.changes if c.kind == "headline")
    changed = resume.model_copy(deep=True)
    assert changed.basics is not None
    changed.basics.label = "Analytics Engineer"
    with pytest.raises(Conflict, match="changed since"):
        apply_changes(changed, [headline])


def test_plans_read_cvs_in_other_languages() -> None:
    cv = {
        "basics": {"name": "Jonas Weber", "label": "Softwareentwickler"},
        "work": [
            {
                "name": "Nordlicht AG",
                "position": "Softwareentwickler",
                "startDate": "2018-01",
                "highlights": ["Betreuung der Kunden im Support", "Entwicklung von REST-APIs mit Java und Spring Boot"],
            }
        ],
        "skills": [{"name": "Scrum"}],
    }
    ad = "Java-Entwickler (m/w/d)\n\nIhr Profil:\n- Java und Spring Boot\n- REST-APIs\n- Kubernetes\n"
    resume = Resume.model_validate(cv)
    job = extract_job(ad)
    report = analyze(resume, job=job)
    assert report.job is not None
    tailoring = plan_tailoring(resume, job, report.job)
    summary = next(c for c in tailoring.changes if c.kind == "summary")
    assert "Praktische Erfahrung mit Java" in summary.new
    assert "Kubernetes" in tailoring.gaps
    assert Sources(resume).unsupported(all_text(apply_changes(resume, tailoring.changes)), "de") == []
