"""Applying accepted fixes (pure), and the guard that keeps fixes from inventing facts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from app.ats.links import without_links
from app.ats.report import Fix
from app.ats.segments import all_text
from app.ats.vocab import vocabulary
from app.cv import edit
from app.cv.model import Basics, Entry, Resume
from app.cv.sections import entry_label
from app.errors import Conflict, InvalidInput

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z][\w&'-]*")
E = TypeVar("E", bound=Entry)


def _names(text: str, corpus_words: frozenset[str]) -> list[str]:
    """Capitalised words the CV never uses (employers, titles, places), joined into phrases.

    A capitalised first word of a sentence counts only if it is not a verb form ("Led", "Relaunched").
    """
    from app.ats.wording import base_forms

    phrases: list[str] = []
    current: list[str] = []
    sentence_start = True
    for match in _WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()].rstrip()
        sentence_start = not before or before[-1] in ".!?:;"
        verbish = word.lower() in base_forms() or word.lower() in base_forms().values() or word.endswith("ed")
        new = word[0].isupper() and word.lower() not in corpus_words and not (sentence_start and verbish)
        if new:
            current.append(word)
        elif current:
            phrases.append(" ".join(current))
            current = []
    if current:
        phrases.append(" ".join(current))
    return phrases


@dataclass(frozen=True)
class _Stated:
    """What a CV's text states: its numbers, skills and words (read once for all the fixes of a report)."""

    low: str
    numbers: frozenset[str]
    skills: frozenset[str]
    words: frozenset[str]


@lru_cache(maxsize=4)
def _stated(corpus: str) -> _Stated:
    """A skill only in a link or an email address ("github.com/ana/react-app") is not stated."""
    prose = without_links(corpus)
    return _Stated(
        prose.lower(),
        frozenset(_NUMBER.findall(corpus)),
        frozenset(m.canonical for m in vocabulary().find(prose, skills_context=True)),
        frozenset(w.lower() for w in _WORD.findall(corpus)),
    )


def new_facts(resume: Resume, text: str) -> list[str]:
    """Numbers, skills and names in `text` that the CV does not state anywhere."""
    stated = _stated(all_text(resume))
    facts: list[str] = [n for n in _NUMBER.findall(text) if n not in stated.numbers]
    facts += [
        m.text for m in vocabulary().find(text) if m.canonical not in stated.skills and m.text.lower() not in stated.low
    ]
    for name in _names(text, stated.words):
        if not any(name in f or f in name for f in facts):
            facts.append(name)
    return list(dict.fromkeys(facts))


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
