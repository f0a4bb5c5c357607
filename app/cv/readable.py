"""The CV as readable text (light Markdown) for chat replies: /show, get_cv, the terminal."""

from __future__ import annotations

from app.cv.model import Resume
from app.cv.parse import format_date, format_period


def _join(*parts: str | None, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def cv_to_text(resume: Resume, numbered: bool = True) -> str:
    """Every section a person filled, in the order a recruiter reads it."""
    lines: list[str] = []
    b = resume.basics
    if b:
        lines.append(f"**{b.name or 'Your name'}**" + (f" — {b.label}" if b.label else ""))
        loc = b.location
        place = _join(loc.city, loc.region, loc.countryCode, sep=", ") if loc else ""
        contact = _join(b.email, b.phone, place, b.url)
        if contact:
            lines.append(contact)
        for profile in b.profiles or []:
            lines.append(_join(profile.network, profile.url or profile.username, sep=": "))
        if b.summary:
            lines += ["", "**Summary**", b.summary]

    def heading(title: str) -> None:
        lines.extend(["", f"**{title}**"])

    def num(i: int) -> str:
        return f"{i + 1}. " if numbered else "- "

    if resume.work:
        heading("Experience")
        for i, w in enumerate(resume.work):
            title = _join(w.position, w.name, sep=", ")
            lines.append(f"{num(i)}{title or 'Untitled job'}" + _period(w.startDate, w.endDate))
            lines.extend(f"   • {h}" for h in w.highlights or [])
    if resume.education:
        heading("Education")
        for i, e in enumerate(resume.education):
            degree = _join(e.studyType, e.area, sep=" in ")
            lines.append(f"{num(i)}{_join(degree, e.institution, sep=', ')}" + _period(e.startDate, e.endDate))
    if resume.skills:
        heading("Skills")
        for i, s in enumerate(resume.skills):
            keywords = ", ".join(s.keywords or [])
            lines.append(f"{num(i)}{_join(s.name, keywords, sep=': ')}" + (f" ({s.level})" if s.level else ""))
    if resume.languages:
        heading("Languages")
        for i, lang in enumerate(resume.languages):
            lines.append(f"{num(i)}{_join(lang.language, lang.fluency, sep=' — ')}")
    if resume.projects:
        heading("Projects")
        for i, p in enumerate(resume.projects):
            lines.append(f"{num(i)}{_join(p.name, p.description, sep=' — ')}" + _period(p.startDate, p.endDate))
            lines.extend(f"   • {h}" for h in p.highlights or [])
    if resume.volunteer:
        heading("Volunteering")
        for i, v in enumerate(resume.volunteer):
            lines.append(f"{num(i)}{_join(v.position, v.organization, sep=', ')}" + _period(v.startDate, v.endDate))
    for title, items in (
        ("Awards", [(_join(a.title, a.awarder, sep=", "), a.date) for a in resume.awards or []]),
        ("Certificates", [(_join(c.name, c.issuer, sep=", "), c.date) for c in resume.certificates or []]),
        (
            "Publications",
            [(_join(p.name, p.publisher, sep=", "), p.releaseDate) for p in resume.publications or []],
        ),
    ):
        if items:
            heading(title)
            lines.extend(f"{num(i)}{text}" + (f" ({format_date(d)})" if d else "") for i, (text, d) in enumerate(items))
    if resume.interests:
        heading("Interests")
        lines.extend(
            f"{num(i)}{_join(x.name, ', '.join(x.keywords or []), sep=': ')}" for i, x in enumerate(resume.interests)
        )
    if resume.references:
        heading("References")
        lines.extend(f"{num(i)}{_join(r.name, r.reference, sep=': ')}" for i, r in enumerate(resume.references))
    text = "\n".join(lines).strip()
    return text or "The CV is still empty."


def _period(start: str | None, end: str | None) -> str:
    period = format_period(start, end)
    return f" ({period})" if period else ""


def cv_outline(resume: Resume) -> str:
    """'contact details, a summary, 2 jobs, education and 14 skills' — what the CV has so far."""
    parts: list[str] = []
    b = resume.basics
    if b and (b.email or b.phone):
        parts.append("contact details")
    if b and b.summary:
        parts.append("a summary")
    counts = [
        (len(resume.work or []), "job", "jobs"),
        (len(resume.education or []), "education entry", "education entries"),
        (sum(max(1, len(s.keywords or [])) for s in resume.skills or []), "skill", "skills"),
        (len(resume.languages or []), "language", "languages"),
        (len(resume.projects or []), "project", "projects"),
    ]
    parts += [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    if not parts:
        return "nothing yet"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
