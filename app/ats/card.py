"""The report as a card: the plain JSON props every channel draws from (the web chat's element, Telegram's
message), built in one place so the fix numbers on every screen are the ones `/fix N` and "apply N" take."""

from __future__ import annotations

from typing import Literal, TypedDict

from app.ats.report import AtsReport, Finding, JobSkill, Severity, Status, status_for

MAX_FINDINGS = 12  # lines under the skills; the findings that carry a fix are always among them


class CardCategory(TypedDict):
    name: str
    score: int
    status: Status
    summary: str


class CardSkill(TypedDict):
    name: str
    importance: Literal["required", "preferred"]
    evidence: str  # what the CV says about it, in a sentence (shown on hover or tap)


class CardSkills(TypedDict):
    found: list[CardSkill]
    missing: list[CardSkill]  # required by the ad, not in the CV
    nice_to_have: list[CardSkill]  # preferred by the ad, not in the CV


class CardFix(TypedDict):
    number: int  # the number a person types: "apply 2", /fix 2
    description: str
    needs_confirmation: bool


class CardFinding(TypedDict):
    message: str
    severity: Severity
    fixes: list[CardFix]


class AtsCard(TypedDict):
    score: int
    status: Status
    title: str | None  # the job's title, when checked against an ad
    summary: str  # the report's first line ("Score 64/100 for …")
    categories: list[CardCategory]
    skills: CardSkills | None  # None for a check without a job ad
    findings: list[CardFinding]
    more_findings: int  # findings left out of `findings`
    text: str  # the whole report as plain text: the card's text alternative


def report_card(report: AtsReport, text: str, max_findings: int = MAX_FINDINGS) -> AtsCard:
    """The card's props for `report`; `text` is the same report in words (render_report_text)."""
    numbers = report.fix_numbers()
    listed = [f for f in report.findings if not _shown_as_chip(f)]
    # The ones with a fix first, so the numbers read 1, 2, 3 from the top; every one of them is kept.
    with_fix = [f for f in listed if f.fixes]
    without = [f for f in listed if not f.fixes][: max(max_findings - len(with_fix), 0)]
    findings = [_finding(f, numbers) for f in [*with_fix, *without]]
    return AtsCard(
        score=report.score,
        status=status_for(report.score),
        title=report.job.title if report.job else None,
        summary=report.summary,
        categories=[
            CardCategory(name=c.name, score=c.score, status=c.status, summary=c.summary) for c in report.categories
        ],
        skills=_skills(report.job.skills) if report.job else None,
        findings=findings,
        more_findings=len(listed) - len(findings),
        text=text,
    )


def _shown_as_chip(finding: Finding) -> bool:
    """A "missing skill" finding with nothing to apply says no more than its chip (and the chip's evidence)."""
    return finding.skill is not None and not finding.fixes


def _finding(finding: Finding, numbers: dict[str, int]) -> CardFinding:
    fixes = [
        CardFix(number=numbers[fix.id], description=fix.description, needs_confirmation=fix.needs_confirmation)
        for fix in finding.fixes
        if fix.id in numbers
    ]
    return CardFinding(message=finding.message, severity=finding.severity, fixes=fixes)


def _skills(skills: list[JobSkill]) -> CardSkills:
    groups = CardSkills(found=[], missing=[], nice_to_have=[])
    for skill in skills:
        name = skill.name
        if skill.found:
            said = skill.evidence or ""
            if (skill.location or {}).get("section") == "skills":
                evidence = "Listed in your skills" + (f' as "{said}".' if said and said != name else ".")
            elif said and skill.matched:
                evidence = f'In your CV as "{skill.matched}": "{said}"'
            elif said and said.casefold() != name.casefold():
                evidence = f'In your CV: "{said}"'
            else:
                evidence = f"{name} is named in your CV."
            groups["found"].append(CardSkill(name=name, importance=skill.importance, evidence=evidence))
            continue
        if skill.shown_by:  # the person has it through a more specific skill; the ad's word is missing
            why = f'Your CV shows it through {skill.shown_by} ("{skill.related}") but never names {name}: add it.'
        elif skill.related:
            why = f'Not named in your CV. Close: "{skill.related}" — if you have used {name}, say so there.'
        else:
            why = f"Not in your CV. If you have used {name}, name it where you used it."
        group = groups["missing" if skill.importance == "required" else "nice_to_have"]
        group.append(CardSkill(name=name, importance=skill.importance, evidence=why))
    return groups
