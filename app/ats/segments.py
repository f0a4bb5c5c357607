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


# What the analyser reads of each section, in reading order: (field, kind, is a list).
_FIELDS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "basics": (("label", "title", False), ("summary", "text", False)),
    "work": (("position", "title", False), ("summary", "text", False), ("description", "text", False),
             ("highlights", "bullet", True)),
    "skills": (("name", "skills", False), ("keywords", "skills", True)),
    "projects": (("name", "text", False), ("description", "text", False), ("highlights", "bullet", True),
                 ("keywords", "skills", True)),
    "volunteer": (("highlights", "bullet", True),),
    "education": (("area", "text", False), ("studyType", "text", False), ("courses", "skills", True)),
    "certificates": (("name", "text", False),),
    "awards": (("title", "text", False), ("summary", "text", False)),
    "languages": (("language", "skills", False),),
}  # fmt: skip


def _segments(resume: Resume) -> Iterator[Segment]:
    for section, fields in _FIELDS.items():
        value = getattr(resume, section)
        entries = [(None, value)] if section == "basics" else list(enumerate(value or []))
        for index, entry in entries:
            if entry is None:
                continue
            for field, kind, is_list in fields:
                content = getattr(entry, field)
                if is_list:
                    for bullet, item in enumerate(content or []):
                        yield Segment(item, Location(section=section, index=index, field=field, bullet=bullet), kind)
                elif content:
                    yield Segment(content, Location(section=section, index=index, field=field), kind)


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
