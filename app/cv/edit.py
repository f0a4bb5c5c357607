"""Pure edits of a CV: each takes the typed Resume and returns an `Edit` — a changed copy and a one-line summary.

The input is never modified: a copy shares what did not change and replaces what did. Nothing is
validated here, field by field; the service validates the edited CV once, as a whole
(app/cv/service.py), so an edit never half-applies and an error names its place
("work[0].endDate: use YYYY-MM ...") before anything is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from app.cv.model import Basics, Entry, Location, Profile, Resume, Skill
from app.cv.sections import SectionSpec, bullet_sections, entry_label, spec
from app.errors import InvalidInput, NotFound

E = TypeVar("E", bound=Entry)


@dataclass(frozen=True)
class Edit:
    """An edited copy of the CV (not validated yet) and what changed, for the version's summary."""

    resume: Resume
    summary: str


def draft(resume: Resume) -> dict[str, Any]:
    """An edited CV, not validated yet, as the JSON document its one validation checks."""
    return resume.model_dump(mode="json", by_alias=True, exclude_none=True, warnings=False)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def with_fields(model: E, changes: Mapping[str, Any]) -> E:
    """A copy of `model` with `changes` set; a field given as None, "" or [] is removed. Not validated."""
    return model.model_copy(update={key: None if _empty(value) else value for key, value in changes.items()})


def is_blank(model: Entry) -> bool:
    return not model.model_dump(exclude_none=True, warnings=False)


def _with_section(resume: Resume, section: str, items: list[Any]) -> Resume:
    """The CV with `section` holding `items`; an emptied section disappears, as in an imported file."""
    return resume.model_copy(update={section: items or None})


def _check_index(items: list[Any], section: SectionSpec, index: int) -> None:
    if not 0 <= index < len(items):
        if not items:
            raise NotFound(f"The CV has no {section.noun} entries yet.")
        raise NotFound(f"There is no {section.noun} number {index + 1}: the CV has {len(items)}.")


def new_entry(section: SectionSpec, entry: Entry | Mapping[str, Any]) -> Entry:
    """`entry` as the section's model, without empty values; refused when nothing is left."""
    if isinstance(entry, Mapping):
        typed: Entry = with_fields(section.model(), entry)
    elif isinstance(entry, section.model):
        typed = with_fields(entry, {k: None for k, v in entry.model_dump(warnings=False).items() if _empty(v)})
    else:
        raise InvalidInput(f"A {section.noun} entry is expected, not a {type(entry).__name__}.")
    if is_blank(typed):
        raise InvalidInput(f"The new {section.noun} has no content.")
    return typed


def add_entry(resume: Resume, section: str, entry: Entry | Mapping[str, Any], index: int | None = None) -> Edit:
    found = spec(section)
    typed = new_entry(found, entry)
    items = resume.section(section)
    if index is None or index >= len(items):
        items.append(typed)
    else:
        items.insert(max(index, 0), typed)
    return Edit(_with_section(resume, section, items), f"Added {found.noun} {entry_label(section, typed)}")


def update_entry(resume: Resume, section: str, index: int, changes: Mapping[str, Any]) -> Edit:
    """Set the given fields; a field given as null or "" is removed from the entry."""
    found = spec(section)
    items = resume.section(section)
    _check_index(items, found, index)
    if not changes:
        raise InvalidInput("Nothing to change: name at least one field.")
    items[index] = with_fields(items[index], changes)
    summary = f"Updated {found.noun} {entry_label(section, items[index])}: {', '.join(sorted(changes))}"
    return Edit(_with_section(resume, section, items), summary)


def add_bullet(resume: Resume, section: str, index: int, text: str) -> Edit:
    """One more achievement bullet on an entry of a section that has them (jobs, volunteering, projects)."""
    bullet = " ".join(text.split())
    if not bullet:
        raise InvalidInput("The bullet is empty.")
    found = spec(section)
    if found.bullets is None:
        names = [s.key for s in bullet_sections()]
        raise InvalidInput(f"Bullets belong to {', '.join(names[:-1])} or {names[-1]} entries.")
    items = resume.section(section)
    _check_index(items, found, index)
    bullets = list(getattr(items[index], found.bullets) or [])
    items[index] = with_fields(items[index], {found.bullets: [*bullets, bullet]})
    return Edit(
        _with_section(resume, section, items), f"Added a bullet to {found.noun} {entry_label(section, items[index])}"
    )


def remove_entry(resume: Resume, section: str, index: int) -> Edit:
    found = spec(section)
    items = resume.section(section)
    _check_index(items, found, index)
    removed = items.pop(index)
    return Edit(_with_section(resume, section, items), f"Removed {found.noun} {entry_label(section, removed)}")


def move_entry(resume: Resume, section: str, index: int, new_index: int) -> Edit:
    found = spec(section)
    items = resume.section(section)
    _check_index(items, found, index)
    new_index = min(max(new_index, 0), len(items) - 1)
    entry = items.pop(index)
    items.insert(new_index, entry)
    summary = f"Moved {found.noun} {entry_label(section, entry)} to position {new_index + 1}"
    return Edit(_with_section(resume, section, items), summary)


def _basics(resume: Resume) -> Basics:
    return resume.basics or Basics()


def update_basics(resume: Resume, changes: Mapping[str, Any]) -> Edit:
    """Merge contact details; `location` merges field by field, null/"" removes a field."""
    if not changes:
        raise InvalidInput("Nothing to change: name at least one contact field.")
    fields = dict(changes)
    basics = _basics(resume)
    if isinstance(fields.get("location"), Mapping):
        location = with_fields(basics.location or Location(), fields["location"])
        fields["location"] = None if is_blank(location) else location
    basics = with_fields(basics, fields)
    return Edit(resume.model_copy(update={"basics": basics}), "Updated contact details: " + ", ".join(sorted(changes)))


def set_summary(resume: Resume, summary: str) -> Edit:
    summary = summary.strip()
    basics = with_fields(_basics(resume), {"summary": summary})
    return Edit(resume.model_copy(update={"basics": basics}), "Set the summary" if summary else "Removed the summary")


def _other_profiles(basics: Basics, network: str) -> list[Profile]:
    return [p for p in basics.profiles or [] if str(p.network or "").lower() != network.lower()]


def set_profile(resume: Resume, network: str, url: str | None = None, username: str | None = None) -> Edit:
    """Add or replace the profile on `network` (one per network)."""
    basics = _basics(resume)
    profile = with_fields(Profile(), {"network": network, "url": url, "username": username})
    basics = with_fields(basics, {"profiles": [*_other_profiles(basics, network), profile]})
    return Edit(resume.model_copy(update={"basics": basics}), f"Set the {network} profile")


def remove_profile(resume: Resume, network: str) -> Edit:
    basics = _basics(resume)
    profiles = basics.profiles or []
    kept = _other_profiles(basics, network)
    if len(kept) == len(profiles):
        names = ", ".join(str(p.network) for p in profiles) or "none"
        raise NotFound(f"The CV has no {network} profile (profiles: {names}).")
    basics = with_fields(basics, {"profiles": kept})
    return Edit(resume.model_copy(update={"basics": basics}), f"Removed the {network} profile")


def add_skills(resume: Resume, skills: list[str], group: str | None = None) -> Edit:
    """Add skills not listed yet (names and group keywords are compared case-insensitively)."""
    wanted = [s.strip() for s in skills if s and s.strip()]
    if not wanted:
        raise InvalidInput("Name at least one skill.")
    entries: list[Skill] = resume.section("skills")
    have = {str(e.name or "").lower() for e in entries} | {k.lower() for e in entries for k in e.keywords or []}
    firsts: dict[str, str] = {}
    for skill in wanted:
        if skill.lower() not in have:
            firsts.setdefault(skill.lower(), skill)  # "Rust" and "rust" in one request: one skill
    new = list(firsts.values())
    if group:
        at = next((i for i, e in enumerate(entries) if str(e.name or "").lower() == group.lower()), None)
        if at is None:
            entries.append(with_fields(Skill(), {"name": group, "keywords": new}))
        else:
            entries[at] = with_fields(entries[at], {"keywords": [*(entries[at].keywords or []), *new]})
    else:
        entries.extend(with_fields(Skill(), {"name": s}) for s in new)
    summary = f"Added skills: {', '.join(new)}" if new else "No new skills"
    return Edit(_with_section(resume, "skills", entries), summary)
