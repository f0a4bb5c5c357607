"""Applying accepted fixes (pure), and the guard that keeps fixes from inventing facts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

from app.ats.guard import Sources
from app.ats.report import Fix
from app.cv import edit
from app.cv.language import detect_language
from app.cv.model import Basics, Entry, Resume
from app.cv.sections import entry_label
from app.errors import Conflict, InvalidInput

E = TypeVar("E", bound=Entry)


@lru_cache(maxsize=4)
def _sources(document: str) -> Sources:
    """What one CV states, read once for all the fixes of a report."""
    return Sources(Resume.model_validate_json(document))


def new_facts(resume: Resume, text: str) -> list[str]:
    """Numbers, skills and names in `text` that the CV does not state anywhere (the one guard: app/ats/guard.py)."""
    return _sources(resume.model_dump_json()).unsupported(text, detect_language(resume))


def guard(resume: Resume, fix: Fix) -> Fix:
    """The fix, marked `needs_confirmation` with the facts it would add that the person never stated."""
    texts: list[str] = []
    if fix.kind == "set_text" and isinstance(fix.new, str):
        texts.append(fix.new)
    elif fix.kind == "add_skills" and isinstance(fix.new, list):
        texts.extend(str(s) for s in fix.new)
    facts = [f for text in texts for f in new_facts(resume, text)]
    if not facts:
        return fix
    return fix.model_copy(update={"needs_confirmation": True, "new_facts": list(dict.fromkeys(facts))})


def apply_fixes(resume: Resume, fixes: Sequence[Fix]) -> Resume:
    """A new Resume with every fix applied, in order, and validated once; the input is never modified.

    A fix whose `old` value is no longer in the CV (it changed since the report) raises Conflict.
    """
    if not fixes:
        raise InvalidInput("No fixes to apply.")
    for fix in fixes:
        resume = _apply(resume, fix)
    return Resume.model_validate(edit.draft(resume))


_STALE = "The CV has changed since this check. Run the check again (/ats) to get fresh fixes."


def _apply(resume: Resume, fix: Fix) -> Resume:
    """The CV with one fix applied to a copy (not validated: apply_fixes validates the result once)."""
    where = fix.location
    if fix.kind == "add_skills":
        return edit.add_skills(resume, list(fix.new or [])).resume
    if fix.kind == "reorder":
        items = resume.section(where.section)
        order = list(fix.new or [])
        if sorted(order) != list(range(len(items))) or [entry_label(where.section, e) for e in items] != fix.old:
            raise Conflict(_STALE)
        return resume.model_copy(update={where.section: [items[k] for k in order]})
    if where.field is None:
        raise Conflict(_STALE)
    if where.section == "basics":
        basics = resume.basics or Basics()
        return resume.model_copy(update={"basics": _set_text(basics, where.field, where.bullet, fix)})
    items = resume.section(where.section)
    if where.index is None or not 0 <= where.index < len(items):
        raise Conflict(_STALE)
    items[where.index] = _set_text(items[where.index], where.field, where.bullet, fix)
    return resume.model_copy(update={where.section: items})


def _set_text(entry: E, field: str, bullet: int | None, fix: Fix) -> E:
    """`entry` with `field` (or its bullet number `bullet`) changed from `fix.old` to `fix.new`."""
    value = getattr(entry, field, None)
    if bullet is not None:
        values = list(value or [])
        if not 0 <= bullet < len(values) or values[bullet] != fix.old:
            raise Conflict(_STALE)
        values[bullet] = fix.new
        return edit.with_fields(entry, {field: values})
    if value != fix.old:
        raise Conflict(_STALE)
    return edit.with_fields(entry, {field: fix.new})
