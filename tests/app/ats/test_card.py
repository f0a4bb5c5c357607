"""The report card's props: skills in three groups with their evidence, findings numbered as the fixes that
`/fix N` and "apply N" take, plain JSON that a channel can store and draw."""

from __future__ import annotations

import json
from pathlib import Path

from app.ats import analyze, render_report_text
from app.ats.card import report_card
from app.ats.report import AtsReport, Finding, Fix, Location
from app.ats.service import _named
from app.cv.model import Resume

FIXTURES = Path(__file__).parents[3] / "bench" / "fixtures"
STRONG = Resume.model_validate(json.loads((FIXTURES / "ats_cv_backend_strong.json").read_text()))
BACKEND_AD = (FIXTURES / "ats_job_backend.txt").read_text()


def _fix(number: int) -> Fix:
    return Fix(
        id=f"fix{number}", kind="set_text", description=f"Rewrite bullet {number}", location=Location(section="work")
    )


def _report(findings: list[Finding]) -> AtsReport:
    return AtsReport(score=50, categories=[], findings=findings, summary="Score 50/100.")


def test_skills_come_in_three_groups_each_with_its_evidence() -> None:
    report = analyze(STRONG, BACKEND_AD)
    card = report_card(report, render_report_text(report))
    assert report.job is not None and card["skills"] is not None and card["title"] == "Senior Backend Engineer"
    skills = card["skills"]
    groups = {name: [s["name"] for s in skills[name]] for name in ("found", "missing", "nice_to_have")}
    assert groups["found"] == [s.name for s in report.job.skills if s.found]
    assert groups["missing"] == [s.name for s in report.job.skills if not s.found and s.importance == "required"]
    assert groups["nice_to_have"] == [s.name for s in report.job.skills if not s.found and s.importance == "preferred"]
    kafka = next(s for s in skills["found"] if s["name"] == "Apache Kafka")
    assert "Kafka consumers" in kafka["evidence"]  # the CV's own words, quoted
    rust = next(s for s in skills["nice_to_have"] if s["name"] == "Rust")
    assert rust["evidence"].startswith("Not named in your CV. Close:")  # a near-match is never "found"
    assert all(s["evidence"] for s in [*skills["found"], *skills["missing"], *skills["nice_to_have"]])
    # "Missing skill X" findings without a fix are the chips themselves, not lines again.
    assert not any(f["message"].startswith("Missing required skill") for f in card["findings"])
    assert json.loads(json.dumps(card)) == card  # plain JSON: stored with the message, drawn after a reload


def test_findings_carry_the_numbers_fix_n_applies_even_past_the_shown_ones() -> None:
    plain = [Finding.about("Bullets & wording", (k,), severity="tip", message=f"Tip {k}") for k in range(20)]
    fixed = [
        Finding.about("Bullets & wording", ("a",), severity="minor", message="Two fixes", fixes=[_fix(1), _fix(2)]),
        Finding.about("Bullets & wording", ("b",), severity="minor", message="One fix", fixes=[_fix(3)]),
    ]
    report = _report([plain[0], fixed[0], *plain[1:], fixed[1]])
    card = report_card(report, "text", max_findings=5)
    numbered = [(fix["number"], fix["description"]) for f in card["findings"] for fix in f["fixes"]]
    assert numbered == [(1, "Rewrite bullet 1"), (2, "Rewrite bullet 2"), (3, "Rewrite bullet 3")]
    for number, description in numbered:  # what the person types resolves to the fix the card names
        assert _named(report.fixes(), [str(number)])[0].description == description
    assert [f["message"] for f in card["findings"]] == ["Two fixes", "One fix", "Tip 0", "Tip 1", "Tip 2"]
    assert card["more_findings"] == 17 and card["skills"] is None and card["title"] is None


def test_a_general_skill_shown_by_a_specific_one_says_which_on_its_chip() -> None:
    from app.ats.job import JobRequirements

    bullet = "Moved the payment services to Docker and cut deploys to minutes"
    cv = Resume.model_validate({"basics": {"name": "Ana Lima"}, "work": [{"name": "X", "highlights": [bullet]}]})
    report = analyze(cv, job=JobRequirements(required=["containerization"]))
    card = report_card(report, render_report_text(report))
    assert card["skills"] is not None
    [chip] = card["skills"]["missing"]  # an ATS looks for the ad's word: the chip says who shows it, and to add it
    assert chip["evidence"] == f'Your CV shows it through Docker ("{bullet}") but never names containerization: add it.'


def test_a_skill_in_the_skills_section_says_so_on_its_chip() -> None:
    skills = [{"name": "Tools", "keywords": ["postgres"]}]
    cv = Resume.model_validate({"basics": {"name": "Ana Lima"}, "skills": skills})
    report = analyze(cv, "Data Engineer\nRequirements:\n- PostgreSQL\n- Python")
    card = report_card(report, render_report_text(report))
    assert card["skills"] is not None
    assert [c["evidence"] for c in card["skills"]["found"]] == ['Listed in your skills as "postgres".']
