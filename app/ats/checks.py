"""Contact & sections, dates & chronology, length & layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.ats.match import _as_date
from app.ats.report import Finding, Fix, Location, stable_id
from app.cv.model import Resume
from app.cv.sections import entry_label

PENALTY = {"blocker": 45, "major": 20, "minor": 8, "tip": 3}


@dataclass(frozen=True)
class LayoutFacts:
    """What the exported PDF looked like: its page count and whether an ATS could read it back."""

    pages: int
    parse_ok: bool
    parse_summary: str
    template: str = "classic"


@dataclass
class CheckResult:
    score: int
    findings: list[Finding]
    summary: str
    skipped: list[str] = field(default_factory=list)


def _score(findings: list[Finding]) -> int:
    return max(0, 100 - sum(PENALTY[f.severity] for f in findings))


def check_contact(resume: Resume) -> CheckResult:
    category = "Contact & sections"
    b = resume.basics
    findings: list[Finding] = []

    def add(code: str, severity: str, message: str, field_name: str | None = None) -> None:
        location = {"section": "basics", "field": field_name} if field_name else {"section": code}
        findings.append(
            Finding.about(
                category,
                (code,),
                severity=severity,  # type: ignore[arg-type]
                message=message,
                location=location,
            )
        )

    if not (b and b.name):
        add("name", "blocker", "The CV has no name. An ATS files your application under it.", "name")
    if not (b and (b.email or b.phone)):
        add("contact", "blocker", "No email or phone: a recruiter who likes the CV cannot reach you.", "email")
    elif not b.email:
        add("email", "major", "No email address. Most ATS require one to create your candidate record.", "email")
    elif not b.phone:
        add("phone", "minor", "No phone number. Recruiters often call first.", "phone")
    if not (b and b.location and (b.location.city or b.location.countryCode)):
        add("location", "minor", "No location. Many ATS filter candidates by city or country.", "location")
    if not (b and (b.url or b.profiles)):
        add("links", "tip", "No LinkedIn or portfolio link. Recruiters usually look you up.", "profiles")
    if not resume.work:
        add("work", "major", "No work experience section. Add jobs, internships or substantial projects.")
    if not resume.skills:
        add("skills", "major", "No skills section. ATS keyword searches look there first.")
    if not resume.education:
        add("education", "minor", "No education section. Many ATS have a required education field.")
    if not (b and b.summary):
        add("summary", "minor", "No summary. Two or three sentences on top tell a recruiter who you are.", "summary")
    present = [s for s in ("work", "education", "skills") if getattr(resume, s)]
    return CheckResult(_score(findings), findings, f"standard sections: {', '.join(present) or 'none'}")


def _recency(entry: dict[str, str]) -> tuple[date, date]:
    """Sorts newest first when reversed: current roles (no end) first, then by end, then by start."""
    start = _as_date(entry["startDate"]) if entry.get("startDate") else date.min
    end = _as_date(entry["endDate"], end=True) if entry.get("endDate") else date.max
    return (end, start)


def check_dates(resume: Resume, today: date | None = None) -> CheckResult:
    category = "Dates & chronology"
    today = today or date.today()
    findings: list[Finding] = []
    document = resume.to_json()
    for section in ("work", "education"):
        entries: list[dict[str, str]] = document.get(section, [])
        for i, entry in enumerate(entries):
            label = entry_label(section, entry)
            if section == "work" and not entry.get("startDate"):
                findings.append(
                    Finding.about(
                        category,
                        ("no-start", section, i),
                        severity="major",
                        message=f"{label} has no start date. ATS compute your experience from dates.",
                        location={"section": section, "index": i, "field": "startDate"},
                    )
                )
            for key in ("startDate", "endDate"):
                if entry.get(key) and _as_date(entry[key]) > today:
                    findings.append(
                        Finding.about(
                            category,
                            ("future", section, i, key),
                            severity="major",
                            message=f"{label}: {entry[key]} is in the future.",
                            location={"section": section, "index": i, "field": key},
                            evidence=entry[key],
                        )
                    )
        dated = [e for e in entries if e.get("startDate") or e.get("endDate")]
        if len(dated) == len(entries) and len(entries) > 1:
            order = sorted(range(len(entries)), key=lambda k: _recency(entries[k]), reverse=True)
            if order != list(range(len(entries))):
                labels = [entry_label(section, entries[k]) for k in order]
                findings.append(
                    Finding.about(
                        category,
                        ("order", section, order),
                        severity="major" if section == "work" else "minor",
                        message=f"The {'jobs' if section == 'work' else 'education entries'} are not newest first. "
                        "Recruiters and ATS read the first entry as your current position.",
                        location={"section": section},
                        evidence=" → ".join(labels),
                        fixes=[
                            Fix(
                                id=stable_id("fix", "order", section, order),
                                kind="reorder",
                                description="Put them newest first: " + " → ".join(labels),
                                location=Location(section=section),
                                old=[entry_label(section, e) for e in entries],
                                new=order,
                            )
                        ],
                    )
                )
    findings += _gaps(document.get("work", []), today, category)
    count = len(findings)
    summary = f"{count} date issue{'s' if count != 1 else ''}" if findings else "dates valid"
    return CheckResult(_score(findings), findings, summary)


def _gaps(work: list[dict[str, str]], today: date, category: str) -> list[Finding]:
    spans = []
    for i, entry in enumerate(work):
        if entry.get("startDate"):
            end = _as_date(entry["endDate"], end=True) if entry.get("endDate") else today
            spans.append((_as_date(entry["startDate"]), end, i))
    spans.sort()
    findings: list[Finding] = []
    for (_, end_a, a), (start_b, end_b, b) in zip(spans, spans[1:], strict=False):
        months = (start_b.year - end_a.year) * 12 + start_b.month - end_a.month
        if months > 6:
            findings.append(
                Finding.about(
                    category,
                    ("gap", a, b),
                    severity="minor",
                    message=f"A gap of {months} months between {entry_label('work', work[a])} and "
                    f"{entry_label('work', work[b])}. A line on what you did then (study, travel, family) helps.",
                    location={"section": "work", "index": b},
                )
            )
        overlap = (min(end_a, end_b) - start_b).days // 30
        if overlap > 2 and work[a].get("endDate") and work[b].get("endDate"):
            findings.append(
                Finding.about(
                    category,
                    ("overlap", a, b),
                    severity="tip",
                    message=f"{entry_label('work', work[a])} and {entry_label('work', work[b])} overlap by about "
                    f"{overlap} months. If that's right (part-time, a side role), say so; otherwise check the dates.",
                    location={"section": "work", "index": b},
                )
            )
    return findings


def word_count(resume: Resume) -> int:
    from app.ats.segments import all_text

    return len(all_text(resume).split())


def check_layout(resume: Resume, layout: LayoutFacts | None) -> CheckResult:
    category = "Length & layout"
    findings: list[Finding] = []
    words = word_count(resume)
    if words < 150:
        findings.append(
            Finding.about(
                category,
                ("short",),
                severity="major",
                message=f"The CV has {words} words; most strong one-page CVs have 300–700.",
            )
        )
    elif words > 1300:
        findings.append(
            Finding.about(
                category,
                ("long",),
                severity="minor",
                message=f"The CV has {words} words; over about 1,000 recruiters start skimming.",
            )
        )
    skipped: list[str] = []
    summary = f"{words} words"
    if layout is None:
        skipped = ["page count", "PDF parse-back"]
    else:
        summary += f", {layout.pages} page{'s' if layout.pages != 1 else ''} ({layout.template})"
        if layout.pages > 2 and layout.template != "academic":
            findings.append(
                Finding.about(
                    category,
                    ("pages", layout.pages),
                    severity="minor",
                    message=f"{layout.pages} pages; aim for one or two.",
                )
            )
        if not layout.parse_ok:
            findings.append(
                Finding.about(
                    category,
                    ("parse",),
                    severity="blocker",
                    message=f"The exported PDF does not read back cleanly: {layout.parse_summary}",
                )
            )
        else:
            summary += ", the PDF parses cleanly"
    return CheckResult(_score(findings), findings, summary, skipped)
