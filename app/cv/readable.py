"""The CV as readable text (light Markdown) for chat replies: /show, get_cv, the terminal."""

from __future__ import annotations

from app.cv.model import Resume
from app.cv.sections import SECTIONS

_COMPACT_CHARS = 40  # a section whose every item is this short is listed on one line


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

    for spec in SECTIONS.values():
        entries = resume.section(spec.key)
        if not entries:
            continue
        lines.extend(["", f"**{spec.headings['en']}**"])
        texts = [spec.text(entry) for entry in entries]
        if spec.partial == "lines" and not spec.bullets and all(len(t) <= _COMPACT_CHARS for t in texts):
            # Skills, languages, interests: short items on one line, as on the page, not one line each.
            lines.append(" · ".join(texts))
            continue
        for i, entry in enumerate(entries):
            lines.append(f"{f'{i + 1}. ' if numbered else '- '}{spec.text(entry)}")
            if spec.bullets:
                lines.extend(f"   • {bullet}" for bullet in getattr(entry, spec.bullets) or [])
    text = "\n".join(lines).strip()
    return text or "The CV is still empty."


def cv_outline(resume: Resume) -> str:
    """'contact details, a summary, 2 jobs, education and 14 skills' — what the CV has so far."""
    parts: list[str] = []
    b = resume.basics
    if b and (b.email or b.phone):
        parts.append("contact details")
    if b and b.summary:
        parts.append("a summary")
    parts += [spec.counted(n) for spec in SECTIONS.values() if (n := spec.count(resume.section(spec.key)))]
    if not parts:
        return "nothing yet"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
