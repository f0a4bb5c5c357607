"""The CV's text as located segments: what the analyser searches and cites as evidence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.ats.report import Location
from app.cv.model import Resume


@dataclass(frozen=True)
class Segment:
    text: str
    location: Location
    kind: str  # "title" | "text" | "bullet" | "skills"


def segments(resume: Resume) -> list[Segment]:
    return list(_segments(resume))


def _segments(resume: Resume) -> Iterator[Segment]:
    b = resume.basics
    if b:
        if b.label:
            yield Segment(b.label, Location(section="basics", field="label"), "title")
        if b.summary:
            yield Segment(b.summary, Location(section="basics", field="summary"), "text")
    for i, w in enumerate(resume.work or []):
        if w.position:
            yield Segment(w.position, Location(section="work", index=i, field="position"), "title")
        for field in ("summary", "description"):
            value = getattr(w, field)
            if value:
                yield Segment(value, Location(section="work", index=i, field=field), "text")
        for j, h in enumerate(w.highlights or []):
            yield Segment(h, Location(section="work", index=i, field="highlights", bullet=j), "bullet")
    for i, s in enumerate(resume.skills or []):
        if s.name:
            yield Segment(s.name, Location(section="skills", index=i, field="name"), "skills")
        for j, k in enumerate(s.keywords or []):
            yield Segment(k, Location(section="skills", index=i, field="keywords", bullet=j), "skills")
    for i, p in enumerate(resume.projects or []):
        for field in ("name", "description"):
            value = getattr(p, field)
            if value:
                yield Segment(value, Location(section="projects", index=i, field=field), "text")
        for j, h in enumerate(p.highlights or []):
            yield Segment(h, Location(section="projects", index=i, field="highlights", bullet=j), "bullet")
        for j, k in enumerate(p.keywords or []):
            yield Segment(k, Location(section="projects", index=i, field="keywords", bullet=j), "skills")
    for i, v in enumerate(resume.volunteer or []):
        for j, h in enumerate(v.highlights or []):
            yield Segment(h, Location(section="volunteer", index=i, field="highlights", bullet=j), "bullet")
    for i, e in enumerate(resume.education or []):
        for field in ("area", "studyType"):
            value = getattr(e, field)
            if value:
                yield Segment(value, Location(section="education", index=i, field=field), "text")
        for j, c in enumerate(e.courses or []):
            yield Segment(c, Location(section="education", index=i, field="courses", bullet=j), "skills")
    for i, certificate in enumerate(resume.certificates or []):
        if certificate.name:
            yield Segment(certificate.name, Location(section="certificates", index=i, field="name"), "text")
    for i, a in enumerate(resume.awards or []):
        for field in ("title", "summary"):
            value = getattr(a, field)
            if value:
                yield Segment(value, Location(section="awards", index=i, field=field), "text")
    for i, lang in enumerate(resume.languages or []):
        if lang.language:
            yield Segment(lang.language, Location(section="languages", index=i, field="language"), "skills")


def all_text(resume: Resume) -> str:
    """Every string the person wrote, for the fabrication guard."""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(resume.to_json())
    return "\n".join(out)
