"""The CV's text as located segments: what the analyser searches and cites as evidence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.ats.report import Location
from app.cv.model import Entry, Resume
from app.cv.sections import SECTIONS, AtsKind


@dataclass(frozen=True)
class Segment:
    text: str
    location: Location
    kind: AtsKind


def segments(resume: Resume) -> list[Segment]:
    return list(_segments(resume))


_BASICS: tuple[tuple[str, AtsKind], ...] = (("label", "title"), ("summary", "text"))


def _segments(resume: Resume) -> Iterator[Segment]:
    """The headline and summary, then each section's `ats` fields (app/cv/sections.py), entry by entry."""
    if resume.basics is not None:
        yield from _fields(resume.basics, "basics", None, _BASICS)
    for spec in SECTIONS.values():
        if spec.ats:
            for index, entry in enumerate(resume.section(spec.key)):
                yield from _fields(entry, spec.key, index, spec.ats)


def _fields(
    entry: Entry, section: str, index: int | None, fields: tuple[tuple[str, AtsKind], ...]
) -> Iterator[Segment]:
    for field, kind in fields:
        content = getattr(entry, field)
        if isinstance(content, list):
            for bullet, item in enumerate(content):
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
