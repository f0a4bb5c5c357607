"""An honest ATS report: the score follows the ad's skills, a specific skill shows the general one (and says
so), links are no evidence, and fix N is the same fix in the text, on the buttons and when applied."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.ats import analyze, extract_job, new_facts, render_report_text
from app.ats.job import JobRequirements
from app.ats.report_text import render_fix_list
from app.cv.model import Resume
from bench.ats_score_honesty import BASE_CV, cv_with

FIXTURES = Path(__file__).parents[3] / "bench" / "fixtures"
WEAK = json.loads((FIXTURES / "ats_cv_marketing.json").read_text())


@pytest.mark.parametrize("ad", ["ats_job_backend.txt", "ats_job_nurse.txt", "ats_job_accountant.txt"])
def test_the_score_follows_the_share_of_the_ads_skills(ad: str) -> None:
    job = extract_job((FIXTURES / ad).read_text())
    scores = []
    for share in (0.0, 0.5, 1.0):
        chosen = [
            *job.required[: round(share * len(job.required))],
            *job.preferred[: round(share * len(job.preferred))],
        ]
        scores.append(analyze(Resume.model_validate(cv_with([job.as_written(s) for s in chosen])), job=job).score)
    none, half, every = scores
    assert none <= 30 and 30 < half <= 70 and every >= 80, scores
    assert none < half < every
    assert analyze(Resume.model_validate(BASE_CV)).score >= 90  # the same clean CV, checked without an ad


def test_tidy_contact_and_dates_do_not_carry_a_cv_that_matches_nothing() -> None:
    strong = Resume.model_validate(json.loads((FIXTURES / "ats_cv_backend_strong.json").read_text()))
    report = analyze(strong, (FIXTURES / "ats_job_teacher.txt").read_text())
    assert report.job is not None and not any(s.found for s in report.job.skills)
    assert all(c.score >= 80 for c in report.categories if c.name != "Job match")
    assert report.score <= 20


@pytest.mark.parametrize(
    ("general", "specific"),
    [
        ("containerization", "Docker"),
        ("container orchestration", "Kubernetes"),
        ("caching", "Redis"),
        ("async programming", "asyncio"),
        ("relational databases", "PostgreSQL"),
        ("SQL", "PostgreSQL"),
        ("front-end frameworks", "React"),
        ("cloud platforms", "Amazon Web Services"),
        ("automated testing", "pytest"),
        ("Infrastructure as code", "Terraform"),
        ("accounting software", "Xero"),
        ("electronic health records", "Epic"),
        ("design tools", "Figma"),
        ("email marketing", "Klaviyo"),
    ],
)
def test_a_specific_skill_shows_the_general_one_and_says_which(general: str, specific: str) -> None:
    bullet = f"Cut the release time by 30% with {specific} and a lot of care"
    cv = Resume.model_validate({"basics": {"name": "Ana Lima"}, "work": [{"name": "X", "highlights": [bullet]}]})
    report = analyze(cv, job=JobRequirements(required=[general]))
    assert report.job is not None
    [skill] = report.job.skills
    # an ATS searching for the ad's word does not find it: not found, but the report says who shows it and
    # offers to add the word, on the CV's own evidence
    assert (skill.found, skill.shown_by, skill.related) == (False, specific, bullet)
    assert f"{general} (required; your CV shows it through {specific}, unnamed)" in render_report_text(report)
    [fix] = [f for f in report.fixes() if f.kind == "add_skills"]
    assert fix.new == [general] and specific in fix.description


@pytest.mark.parametrize(
    ("general", "specific"),
    [
        ("interaction design", "Figma"),
        ("distributed systems", "Kubernetes"),
        ("REST APIs", "Postman"),
        ("marketing attribution", "Google Analytics 4"),
        ("special educational needs", "Makaton"),
        ("Python", "Django"),
        ("DevOps", "Docker"),
    ],
)
def test_a_tool_merely_used_in_an_area_does_not_show_it(general: str, specific: str) -> None:
    bullet = f"Cut the release time by 30% with {specific} and a lot of care"
    cv = Resume.model_validate({"basics": {"name": "Ana Lima"}, "work": [{"name": "X", "highlights": [bullet]}]})
    report = analyze(cv, job=JobRequirements(required=[general]))
    assert report.job is not None
    [skill] = report.job.skills
    assert (skill.found, skill.shown_by) == (False, None)


def test_the_hierarchy_reads_one_way_and_through_the_ads_wording() -> None:
    cv = Resume.model_validate(
        {"basics": {"name": "Ana Lima"}, "skills": [{"name": "Ops", "keywords": ["Containerization", "Amazon S3"]}]}
    )
    ad = "Platform Engineer\nRequirements:\n- Docker\n- Cloud computing"
    skills = {s.name.lower(): s for s in (analyze(cv, ad).job or pytest.fail()).skills}
    assert not skills["docker"].found  # the general word on a CV shows no particular tool
    assert skills["cloud computing"].shown_by == "Amazon S3"  # S3 -> AWS -> cloud


def test_a_product_named_like_a_word_counts_only_as_written() -> None:
    job = JobRequirements(required=["collaboration tools"])
    word = Resume.model_validate(
        {"basics": {"name": "A"}, "work": [{"name": "X", "highlights": ["Cut slack in 4 plans"]}]}
    )
    tool = Resume.model_validate({"basics": {"name": "A"}, "skills": [{"name": "Tools", "keywords": ["Slack"]}]})
    assert not (analyze(word, job=job).job or pytest.fail()).skills[0].found
    assert (analyze(tool, job=job).job or pytest.fail()).skills[0].shown_by == "Slack"


def test_links_and_email_addresses_are_not_evidence() -> None:
    cv = Resume.model_validate(
        {
            "basics": {
                "name": "Ana Lima",
                "email": "ana@react.dev",
                "url": "https://github.com/ana/react-app",
                "summary": "Code at github.com/ana/react-app, demo on https://kubernetes-demo.io/docker and "
                "ana.dev/redis. Write to ana@terraform.io.",
            },
            "work": [{"name": "X", "highlights": ["Shipped www.aws-tools.com/python in 2 weeks"]}],
            "skills": [{"name": "Links", "keywords": ["gitlab.com/ana/postgresql", "Go"]}],
        }
    )
    ad = "Developer\nRequirements:\n- React, Redis, Docker, Kubernetes, Terraform, AWS, Python, PostgreSQL\n- Go"
    report = analyze(cv, ad)
    assert report.job is not None
    assert [s.name for s in report.job.skills if s.found] == ["Go"]
    assert "React" in new_facts(cv, "Built the front end in React")  # a fix adding React still asks first
    # the same words outside a link are evidence; a product whose name is a host name stays one
    plain = Resume.model_validate({"basics": {"name": "A", "summary": "React and ASP.NET apps, hosted on AWS."}})
    found = analyze(plain, "Developer\nRequirements:\n- React, ASP.NET, AWS").job
    assert found is not None and all(s.found for s in found.skills)


def _numbered(text: str) -> dict[int, str]:
    return {int(n): d for n, d in re.findall(r"\[fix (\d+): (.+?)\]", text)}


def test_fix_numbers_in_the_text_are_the_numbers_applied() -> None:
    report = analyze(Resume.model_validate(WEAK), (FIXTURES / "ats_job_backend.txt").read_text())
    fixes = report.fixes()
    assert len(fixes) >= 4
    for limit in (12, 1):  # however short the list, every fix is in it, under its own number
        shown = _numbered(render_report_text(report, max_findings=limit))
        assert shown == {n: f.description for n, f in enumerate(fixes, 1)}
    assert report.fix_numbers() == {f.id: n for n, f in enumerate(fixes, 1)}
    left = render_fix_list(report, rejected={fixes[0].id})
    assert left.splitlines()[0] == f"2. {fixes[1].description}"  # a skipped fix keeps the others' numbers


async def test_fix_n_applies_the_fix_shown_as_n_and_the_next_numbers_are_shown(service: Any, db: Any) -> None:
    from app.events import ButtonsEvent, IncomingFile
    from tests.conftest import say

    await say(service, files=(IncomingFile("weak.json", json.dumps(WEAK).encode()),))
    checked = await say(service, "/ats general")
    shown = _numbered(checked.text)
    buttons = [b.label for event in checked.of_type(ButtonsEvent) for b in event.buttons]
    for number, description in list(shown.items())[:6]:
        label = next(b for b in buttons if b.startswith(f"{number}. ") and not b.endswith("Skip"))
        assert description[:40] in label
    applied = await say(service, "/fix 2")
    assert "Applied 1 fix" in applied.text
    # the check ran again: its fixes are listed and offered under their new numbers, and the one applied
    # is the one the text called 2
    listed = dict(re.findall(r"^(\d+)\. (.+)$", applied.text.split("What I can still fix:\n")[1], re.M))
    assert list(listed) == [str(n) for n in range(1, len(listed) + 1)]
    assert set(listed.values()) == set(shown.values()) - {shown[2]}
    again = [b.label for event in applied.of_type(ButtonsEvent) for b in event.buttons]
    assert all(any(b.startswith(f"{n}. ") for b in again) for n in list(listed)[:6])
