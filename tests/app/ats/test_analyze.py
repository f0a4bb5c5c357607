"""The analyser: scores that reflect the CV, findings that cite it, fixes that never invent facts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.ats import LayoutFacts, analyze, apply_fixes, extract_job, guard, new_facts, render_report_text
from app.ats.job import JobRequirements
from app.ats.report import Fix, Location
from app.cv.model import Resume
from app.embeddings import get_offline_embedder
from app.errors import Conflict

FIXTURES = Path(__file__).parents[3] / "bench" / "fixtures"
STRONG = Resume.model_validate(json.loads((FIXTURES / "ats_cv_backend_strong.json").read_text()))
WEAK = Resume.model_validate(json.loads((FIXTURES / "ats_cv_marketing.json").read_text()))
BACKEND_AD = (FIXTURES / "ats_job_backend.txt").read_text()


def test_report_has_the_documented_shape() -> None:
    report = analyze(STRONG, BACKEND_AD).to_json()
    assert set(report) >= {"score", "categories", "findings", "job"}
    assert 0 <= report["score"] <= 100
    names = [c["name"] for c in report["categories"]]
    assert names == ["Job match", "Contact & sections", "Bullets & wording", "Dates & chronology", "Length & layout"]
    assert all(c["status"] in ("pass", "warn", "fail", "skipped") for c in report["categories"])
    for finding in report["findings"]:
        assert set(finding) >= {"id", "category", "severity", "message", "location", "evidence", "fixes"}
        assert finding["severity"] in ("blocker", "major", "minor", "tip")
    skill = report["job"]["skills"][0]
    assert set(skill) >= {"name", "importance", "found", "evidence", "related"}


def test_a_cv_with_the_skills_scores_clearly_higher() -> None:
    strong, weak = analyze(STRONG, BACKEND_AD), analyze(WEAK, BACKEND_AD)
    assert strong.score >= weak.score + 30, (strong.score, weak.score)
    match = {s.name: s for s in strong.job.skills} if strong.job else {}
    assert match["PostgreSQL"].found and "PostgreSQL" in (match["PostgreSQL"].evidence or "")
    assert match["Apache Kafka"].found and "Kafka consumers" in (match["Apache Kafka"].evidence or "")
    assert match["CI/CD"].found  # "CI/CD pipelines" in a bullet
    assert not match["Rust"].found and match["Rust"].related  # Go is a family member: related, not found
    weak_match = {s.name: s for s in weak.job.skills} if weak.job else {}
    assert not any(s.found for s in weak_match.values() if s.importance == "required")


def test_related_is_never_found() -> None:
    report = analyze(WEAK, BACKEND_AD, embedder=get_offline_embedder())
    assert report.job is not None
    for skill in report.job.skills:
        if skill.related:
            assert not skill.found


def test_general_check_without_a_job_ad_skips_job_match() -> None:
    report = analyze(STRONG)
    assert report.job is None
    job_match = report.category("Job match")
    assert job_match is not None and job_match.status == "skipped"
    assert report.score >= 80


def test_wording_findings_cite_the_cv_and_offer_honest_rewrites() -> None:
    report = analyze(WEAK)
    by_evidence = {
        f.evidence: f for f in report.findings if f.category == "Bullets & wording" and "starts" in f.message
    }
    by_evidence |= {f.evidence: f for f in report.findings if "present tense" in f.message}
    responsible = by_evidence["Responsible for managing social media campaigns"]
    assert responsible.location == {"section": "work", "index": 0, "field": "highlights", "bullet": 0}
    assert responsible.fixes[0].new == "Managed social media campaigns"
    assert (
        by_evidence["I organised trade fairs in Paris and Milan"].fixes[0].new
        == "Organised trade fairs in Paris and Milan"
    )
    assert by_evidence["Manage a team of 4 designers"].fixes[0].new == "Managed a team of 4 designers"  # past role
    assert not by_evidence["Helped with the website relaunch"].fixes  # no honest rewrite without a model
    cliche = next(f for f in report.findings if "team player" in f.message)
    assert cliche.fixes[0].new == "Hard-working marketing manager, with a passion for brands."


def test_contact_dates_and_layout_checks() -> None:
    report = analyze(WEAK, layout=LayoutFacts(pages=3, parse_ok=False, parse_summary="2 fields missing"))
    messages = " | ".join(f.message for f in report.findings)
    assert "No phone number" in messages and "No education section" in messages
    assert "3 pages" in messages and "does not read back cleanly" in messages
    assert report.score <= 45  # a blocker caps the score
    unordered = Resume.model_validate(
        {
            "basics": {"name": "A", "email": "a@b.co"},
            "work": [
                {"name": "Old", "startDate": "2010-01", "endDate": "2012-01"},
                {"name": "New", "startDate": "2013-06"},
            ],
        }  # fmt: skip
    )
    dates = analyze(unordered)
    order = next(f for f in dates.findings if f.category == "Dates & chronology" and f.fixes)
    assert order.fixes[0].kind == "reorder" and order.fixes[0].new == [1, 0]
    assert any("gap of 17 months" in f.message for f in dates.findings)
    skipped = analyze(STRONG).category("Length & layout")
    assert skipped is not None and "page count, PDF parse-back skipped" in skipped.summary


def test_applying_fixes_is_pure_and_raises_the_score() -> None:
    before_json = WEAK.to_json()
    report = analyze(WEAK)
    safe = [f for f in report.fixes() if not f.needs_confirmation]
    fixed = apply_fixes(WEAK, safe)
    assert WEAK.to_json() == before_json  # the input is untouched; undo can restore it byte for byte
    assert analyze(fixed).score > report.score
    assert fixed.work and fixed.work[0].highlights and fixed.work[0].highlights[0] == "Managed social media campaigns"
    assert apply_fixes(WEAK, safe).to_json() == fixed.to_json()  # deterministic
    with pytest.raises(Conflict, match="changed since this check"):
        apply_fixes(fixed, safe)  # the old text is gone


def test_the_guard_flags_invented_skills_numbers_and_names() -> None:
    invented = Fix(
        id="x", kind="set_text", description="model rewrite",
        location=Location(section="work", index=0, field="highlights", bullet=3),
        old="Helped with the website relaunch",
        new="Led the website relaunch in React at Spotify, lifting conversions by 40%",
    )  # fmt: skip
    checked = guard(WEAK, invented)
    assert checked.needs_confirmation
    assert {"React", "Spotify", "40"} <= set(checked.new_facts)
    honest = invented.model_copy(update={"new": "Relaunched the website"})
    assert not guard(WEAK, honest).needs_confirmation
    assert new_facts(WEAK, "Organised trade fairs in Paris and Milan for 4 designers") == []


def test_title_fix_needs_confirmation() -> None:
    report = analyze(WEAK, BACKEND_AD)
    title = next(f for f in report.findings if "title" in f.message and f.fixes)
    assert title.fixes[0].needs_confirmation and "Senior Backend Engineer" in title.fixes[0].new_facts


def test_ids_are_stable_for_the_same_cv_and_ad() -> None:
    first, second = analyze(WEAK, BACKEND_AD), analyze(WEAK, BACKEND_AD)
    assert [f.id for f in first.findings] == [f.id for f in second.findings]
    assert [f.id for f in first.fixes()] == [f.id for f in second.fixes()]


def test_text_rendering_reads_like_the_workflow() -> None:
    text = render_report_text(analyze(STRONG, BACKEND_AD))
    assert text.startswith("Score ") and 'for "Senior Backend Engineer"' in text.splitlines()[0]
    assert "Job match" in text and "found: " in text and "missing: " in text


def test_extracted_job_can_be_reused() -> None:
    job = extract_job(BACKEND_AD)
    assert analyze(STRONG, job=job).score == analyze(STRONG, BACKEND_AD).score


def test_skills_no_list_knows_are_found_word_for_word() -> None:
    cv = STRONG.model_copy(deep=True)
    assert cv.work
    cv.work[0].highlights = [
        *(cv.work[0].highlights or []),
        "Led the schema designs of the ledger database",
        "Reconciled payment data for the auditors every quarter",
    ]
    job = JobRequirements(
        required=["schema design", "backend development", "query tuning", "Java", "data pipelines"],
        preferred=["Prometheus", "Observability"],
    )
    report = analyze(cv, job=job)
    assert report.job is not None
    skills = {s.name: s for s in report.job.skills}
    assert skills["schema design"].found and "schema designs of the ledger" in (skills["schema design"].evidence or "")
    # "Backend Engineer" shows backend development; the generic word is not needed, nor moved to the skills
    assert skills["backend development"].found
    assert not skills["query tuning"].found and not skills["Java"].found
    assert not skills["data pipelines"].found  # "payment data" is not "data" + a generic word like "Data engineer"
    moves = [f for f in report.findings if "appears in an achievement" in f.message]
    assert [f.message.split()[0] for f in moves].count("Prometheus") == 1  # found for Observability too, proposed once
    assert not [f for f in moves if f.message.startswith(("backend", "Backend"))]
    assert [f for f in moves if f.message.startswith("schema design")]  # a bullet's skill belongs in the list
    odd = analyze(cv, job=JobRequirements(required=["—", "Python"]))  # a stored ad with a stray name
    assert odd.job is not None and [s.found for s in odd.job.skills] == [False, True]


def test_missing_skills_without_a_near_match_read_as_one_line() -> None:
    ad = (FIXTURES / "ats_job_600_words.txt").read_text()
    report = analyze(STRONG, ad)
    text = render_report_text(report)
    missing = [s.name for s in report.job.skills if not s.found and not s.related] if report.job else []
    assert len(missing) > 12
    improve = text.split("What to improve:\n")[1].splitlines()
    required = [line for line in improve if line.startswith("! Missing required skills: ")]
    assert len(required) == 1 and all(name in required[0] for name in missing[:5])
    assert not [line for line in improve if line.startswith("! Missing required skill: ") and "Related" not in line]
    assert re.search(r"\[fix \d+: Add Prometheus to your skills\]", text)  # the fixes stay in sight, numbered


async def test_rewrites_name_the_skill_the_finding_is_about() -> None:
    from app.ats.report import AtsReport, Finding, JobMatch, JobSkill
    from app.ats.rewrite import add_model_rewrites
    from app.llm.scripted import ScriptedProvider, text_reply

    bullet = "Built the checkout API in Express serving 2M requests a day"
    cv = Resume.model_validate(
        {"basics": {"name": "Ana Lima"}, "work": [{"name": "Shop", "position": "Engineer", "highlights": [bullet]}]}
    )
    finding = Finding(
        id="f", category="Job match", severity="major", message="Missing required skill: Node.js. Related: …",
        location={"section": "work", "index": 0, "field": "highlights", "bullet": 0}, evidence=bullet, skill="Node.js",
    )  # fmt: skip
    job = JobMatch(title=None, skills=[JobSkill(name="Node.js", importance="required", found=False, related=bullet)])
    report = AtsReport(score=50, categories=[], findings=[finding], job=job)
    provider = ScriptedProvider(function=lambda messages: text_reply("NO"))
    provider.enqueue(text_reply("Built the checkout API in Node.js and Express serving 2M requests a day"))
    rewritten = await add_model_rewrites(provider, cv, report)
    assert rewritten.findings[0].fixes[0].description.startswith("Reword to name Node.js:")
    assert "Node.js" in provider.calls[0].messages[0].text


def test_the_education_finding_names_the_degree() -> None:
    report = analyze(WEAK, (FIXTURES / "ats_job_data_scientist.txt").read_text())
    messages = [f.message for f in report.findings if f.location == {"section": "education"}]
    assert messages[0].startswith("The ad mentions a master's degree; your CV shows no degree.")


def test_skills_are_named_as_the_ad_names_them() -> None:
    ad = "Growth Marketer\nRequirements:\n- 3+ years with a CRM (we use HubSpot)\n- SEO is a plus\n- Postgres and JS"
    report = analyze(WEAK, ad)
    assert report.job is not None
    skills = {s.name: s for s in report.job.skills}
    assert skills["CRM"].canonical == "Customer relationship management" and not skills["CRM"].found
    assert skills["SEO"].importance == "preferred" and skills["HubSpot"].canonical is None
    assert skills["Postgres"].canonical == "PostgreSQL" and skills["JS"].canonical == "JavaScript"
    missing = [f for f in report.findings if f.skill == "CRM"]
    assert missing and "Customer relationship management" not in render_report_text(report)
    # matched by any of its names: "AWS" on the CV is the ad's "Amazon Web Services", "Cassandra" its "Apache
    # Cassandra" (a vendor's name before the product), "Kubernetes" its "k8s"
    cv = Resume.model_validate(
        {"basics": {"name": "Ana Lima"}, "skills": [{"name": "Data", "keywords": ["Cassandra", "AWS"]}]}
    )
    vendors = analyze(cv, "Data Engineer\nRequirements:\n- Amazon Web Services and Apache Cassandra").job
    assert vendors is not None and [(s.name, s.found) for s in vendors.skills] == [
        ("Amazon Web Services", True),
        ("Apache Cassandra", True),  # as the ad says it
    ]
    strong = analyze(STRONG, "Backend Developer\nRequirements:\n- Go and k8s").job
    assert strong is not None and [(s.name, s.found) for s in strong.skills] == [("Go", True), ("k8s", True)]


def test_a_known_name_is_not_found_inside_another_known_name() -> None:
    cv = Resume.model_validate(
        {"basics": {"name": "Ana Lima"}, "skills": [{"name": "BI", "keywords": ["Looker Studio"]}]}
    )
    job = analyze(cv, "Data Analyst\nRequirements:\n- Looker and SQL").job
    assert job is not None and not next(s for s in job.skills if s.name == "Looker").found  # another product


@pytest.mark.parametrize(
    ("bullet", "skill", "named"),
    [
        ("Moved 40 TB to AWS S3", "AWS", True),
        ("Moved the cluster to Amazon EKS", "Kubernetes", False),
        ("Built reports in BigQuery", "GCP", False),
    ],
)
def test_a_specific_tool_shows_the_platform_it_belongs_to(bullet: str, skill: str, named: bool) -> None:
    """'AWS S3' names AWS, so a keyword search finds it; BigQuery shows GCP without the word, so the report
    says so and offers to add it."""
    cv = Resume.model_validate({"basics": {"name": "Ana Lima"}, "work": [{"name": "X", "highlights": [bullet]}]})
    report = analyze(cv, f"Developer\nRequirements:\n- {skill}")
    assert report.job is not None
    [found] = report.job.skills
    if named:
        assert (found.name, found.found, found.evidence) == (skill, True, bullet)
    else:
        assert (found.name, found.found, found.related) == (skill, False, bullet)
        assert found.shown_by and [f.new for f in report.fixes() if f.new == [skill]]


def test_a_cv_in_another_language_is_not_held_to_english_word_lists() -> None:
    bullets = [
        "Entwickelte einen Zahlungsdienst für 2 Mio. Transaktionen pro Tag",
        "Verantwortlich für die Migration zu Kubernetes und die Einführung von Terraform",
        "Ich habe das Team von 3 auf 8 Personen aufgebaut",
    ]
    cv = Resume.model_validate(
        {
            "basics": {"name": "Jonas Weber"},
            "work": [{"name": "PayCo", "position": "Entwickler", "highlights": bullets}],
        }
    )
    report = analyze(cv)
    wording = report.category("Bullets & wording")
    assert wording is not None and wording.summary.endswith("in German (verbs, pronouns, tenses and clichés skipped)")
    messages = [f.message for f in report.findings if f.category == "Bullets & wording"]
    assert not [m for m in messages if "action verb" in m or "pronoun" in m]  # "Entwickelte" is a verb, in German
    assert messages == ["1 of 3 bullets has no result in numbers (%, €, users, time saved). Recruiters and ATS "
                        "rankings favour measurable results."]  # fmt: skip
    english = analyze(STRONG).category("Bullets & wording")
    assert english is not None and "skipped" not in english.summary


def test_a_skill_moved_to_the_skills_section_keeps_the_words_the_cv_and_the_ad_share() -> None:
    bullet = "Migrated 30 services to Kubernetes on AWS"
    cv = Resume.model_validate({"basics": {"name": "Ana Lima"}, "work": [{"name": "X", "highlights": [bullet]}]})
    report = analyze(cv, "Platform Engineer\nRequirements:\n- AWS and k8s")
    moves = {f.message.split(" appears")[0]: f.fixes[0].new for f in report.findings if "appears in" in f.message}
    assert moves == {"AWS": ["AWS"], "k8s": ["Kubernetes"]}  # not "Amazon Web Services"; not "k8s" for "Kubernetes"
