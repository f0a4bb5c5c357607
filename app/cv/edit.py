"""Pure edits of a JSON Resume document (a dict). Each returns a one-line summary for the version."""

from __future__ import annotations

from typing import Any

from app.cv.model import SECTION_MODELS, SECTION_NOUNS
from app.errors import InvalidInput, NotFound


def entry_label(section: str, entry: dict[str, Any]) -> str:
    """How a person recognises an entry: 'Staff Engineer at PayFlow GmbH', 'Python', 'English'."""
    if section == "work":
        parts = [entry.get("position"), entry.get("name")]
        return " at ".join(p for p in parts if p) or "untitled job"
    if section == "volunteer":
        parts = [entry.get("position"), entry.get("organization")]
        return " at ".join(p for p in parts if p) or "untitled role"
    if section == "education":
        degree = " ".join(p for p in (entry.get("studyType"), entry.get("area")) if p)
        parts = [degree, entry.get("institution")]
        return ", ".join(p for p in parts if p) or "untitled education"
    for key in ("name", "title", "language", "institution"):
        if entry.get(key):
            return str(entry[key])
    return f"untitled {SECTION_NOUNS.get(section, 'entry')}"


def _section_list(doc: dict[str, Any], section: str, create: bool = False) -> list[dict[str, Any]]:
    if section not in SECTION_MODELS:
        raise InvalidInput(f"There is no section called '{section}'. Sections: {', '.join(SECTION_MODELS)}.")
    items = doc.get(section)
    if items is None:
        items = []
        if create:
            doc[section] = items
    return items  # type: ignore[no-any-return]


def _check_index(items: list[Any], section: str, index: int) -> None:
    if not 0 <= index < len(items):
        noun = SECTION_NOUNS[section]
        if not items:
            raise NotFound(f"The CV has no {noun} entries yet.")
        raise NotFound(f"There is no {noun} number {index + 1}: the CV has {len(items)}.")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values so '' or [] never overwrite or pad a stored entry."""
    return {k: v for k, v in fields.items() if v is not None and v != "" and v != []}


def add_entry(doc: dict[str, Any], section: str, entry: dict[str, Any], index: int | None = None) -> str:
    items = _section_list(doc, section, create=True)
    entry = _clean(entry)
    if not entry:
        raise InvalidInput(f"The new {SECTION_NOUNS[section]} has no content.")
    if index is None or index >= len(items):
        items.append(entry)
    else:
        items.insert(max(index, 0), entry)
    return f"Added {SECTION_NOUNS[section]} {entry_label(section, entry)}"


def update_entry(doc: dict[str, Any], section: str, index: int, changes: dict[str, Any]) -> str:
    """Set the given fields; a field given as null or "" is removed from the entry."""
    items = _section_list(doc, section)
    _check_index(items, section, index)
    if not changes:
        raise InvalidInput("Nothing to change: name at least one field.")
    entry = dict(items[index])
    for key, value in changes.items():
        if value is None or value == "" or value == []:
            entry.pop(key, None)
        else:
            entry[key] = value
    items[index] = entry
    return f"Updated {SECTION_NOUNS[section]} {entry_label(section, entry)}: {', '.join(sorted(changes))}"


def remove_entry(doc: dict[str, Any], section: str, index: int) -> str:
    items = _section_list(doc, section)
    _check_index(items, section, index)
    removed = items.pop(index)
    if not items:
        doc.pop(section, None)
    return f"Removed {SECTION_NOUNS[section]} {entry_label(section, removed)}"


def move_entry(doc: dict[str, Any], section: str, index: int, new_index: int) -> str:
    items = _section_list(doc, section)
    _check_index(items, section, index)
    new_index = min(max(new_index, 0), len(items) - 1)
    entry = items.pop(index)
    items.insert(new_index, entry)
    return f"Moved {SECTION_NOUNS[section]} {entry_label(section, entry)} to position {new_index + 1}"


def update_basics(doc: dict[str, Any], changes: dict[str, Any]) -> str:
    """Merge contact details; `location` merges field by field, null/"" removes a field."""
    if not changes:
        raise InvalidInput("Nothing to change: name at least one contact field.")
    basics = dict(doc.get("basics") or {})
    for key, value in changes.items():
        if key == "location" and isinstance(value, dict):
            location = dict(basics.get("location") or {})
            for loc_key, loc_value in value.items():
                if loc_value is None or loc_value == "":
                    location.pop(loc_key, None)
                else:
                    location[loc_key] = loc_value
            if location:
                basics["location"] = location
            else:
                basics.pop("location", None)
        elif value is None or value == "" or value == []:
            basics.pop(key, None)
        else:
            basics[key] = value
    doc["basics"] = basics
    return "Updated contact details: " + ", ".join(sorted(changes))


def set_summary(doc: dict[str, Any], summary: str) -> str:
    basics = dict(doc.get("basics") or {})
    summary = summary.strip()
    if summary:
        basics["summary"] = summary
    else:
        basics.pop("summary", None)
    doc["basics"] = basics
    return "Set the summary" if summary else "Removed the summary"


def add_skills(doc: dict[str, Any], skills: list[str], group: str | None = None) -> str:
    """Add skills not listed yet (names and group keywords are compared case-insensitively)."""
    wanted = [s.strip() for s in skills if s and s.strip()]
    if not wanted:
        raise InvalidInput("Name at least one skill.")
    entries = doc.setdefault("skills", [])
    have = {str(e.get("name", "")).lower() for e in entries}
    have |= {str(k).lower() for e in entries for k in e.get("keywords", [])}
    new = list(dict.fromkeys(s for s in wanted if s.lower() not in have))
    if group:
        target = next((e for e in entries if str(e.get("name", "")).lower() == group.lower()), None)
        if target is None:
            entries.append({"name": group, "keywords": new})
        else:
            target["keywords"] = [*target.get("keywords", []), *new]
    else:
        entries.extend({"name": s} for s in new)
    if not entries:
        doc.pop("skills")
    return f"Added skills: {', '.join(new)}" if new else "No new skills"
