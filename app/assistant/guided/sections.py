"""The CV sections outside the interview's order: what their fields are called, and adding to them in one line."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from app.assistant.active_turn import ActiveTurn
from app.assistant.guided.readers import (
    LEVELS,
    capitalize_first,
    date_problem,
    parse_dated,
    parse_job_title,
    sentence,
    split_dates,
)
from app.cv.parse import format_date, format_period, parse_date, parse_period
from app.cv.sections import SECTIONS
from app.cv.tidy import Tidied, canonical_skill, tidy_list
from app.cv.tidy_entries import tidy_languages

# The words a person uses for an entry's fields, per section, and the JSON Resume field each one means.
ENTRY_FIELDS: dict[str, dict[str, str]] = {key: dict(spec.field_words) for key, spec in SECTIONS.items()}
_SKILL_LEVEL = re.compile(
    rf"^(?P<name>[^,;()]+?)\s*(?:\((?P<paren>[^)]+)\)|[:–—-]\s*(?:level\s+)?(?P<dash>{'|'.join(LEVELS)}|expert)"
    rf"|,?\s+(?:at\s+)?(?:level\s+)?(?P<word>expert|advanced|intermediate|beginner|basic)(?:\s+level)?)$",
    re.I,
)
Adder = Callable[[ActiveTurn, str], Awaitable[str]]


def plain(message: str) -> str:
    """A tool's message without its version number (the tool step shows it already)."""
    return re.sub(r" \(version \d+\)\.$", ".", message)


def skill_with_level(text: str) -> tuple[str, str] | None:
    """'Python (expert)' / 'Go - advanced' / 'Rust, beginner level' -> (name, level); anything else None."""
    match = _SKILL_LEVEL.match(text.strip().rstrip("."))
    if match is None:
        return None
    level = match.group("paren") or match.group("dash") or match.group("word")
    return match.group("name").strip(), capitalize_first(level.strip())


async def add_to_section(turn: ActiveTurn, section: str, text: str) -> str:
    """Add what `text` describes to `section` through its tool; returns what to tell the person."""
    text = text.strip()
    if not text:
        return SECTIONS[section].usage or "What should I add?"
    adder = ADDERS.get(section)
    return await (adder(turn, text) if adder else _one_line(turn, section, text))


def _shown(*parts: str | None) -> str:
    return ", ".join(p for p in parts if p)


async def _stored(turn: ActiveTurn, tool: str, entry: dict[str, Any], shown: str, noun: str) -> str:
    result = await turn.tool(tool, entry={k: v for k, v in entry.items() if v})
    return f"Added {noun}: {shown}." if result.ok else result.message


def _date_of(text: str | None) -> tuple[str | None, str | None]:
    """(ISO date, problem) of a typed date; (None, None) when nothing was typed."""
    if not text:
        return None, None
    problem = date_problem(text)
    return (None, problem) if problem else (parse_date(text), None)


async def _one_line(turn: ActiveTurn, section: str, text: str) -> str:
    """'Best Paper, ACM SIGMOD, 2020' into the section's (title, by, date) fields (SectionSpec.one_line)."""
    spec = SECTIONS[section]
    if spec.one_line is None:
        return f"The guided mode cannot add a {spec.noun} in one line yet; the assistant can, with an AI model."
    title, by, typed = parse_dated(text)
    if by:  # "…, from CNCF, 2024": the issuer is CNCF
        by = re.sub(r"^(?:issued\s+by|awarded\s+by|published\s+by|from|by)\s+", "", by, flags=re.I) or None
    date, problem = _date_of(typed)
    if problem:
        return f"{problem} Nothing was added."
    entry = dict(zip(spec.one_line, (capitalize_first(title), by, date), strict=True))
    shown = _shown(capitalize_first(title), by, format_date(date) if date else None)
    return await _stored(turn, spec.tool.name, entry, shown, spec.noun)


async def _volunteer(turn: ActiveTurn, text: str) -> str:
    role, dates = split_dates(text)
    problem = date_problem(dates or "")
    if problem:
        return f"{problem} Nothing was added."
    title = parse_job_title(role)
    period = parse_period(dates or "")
    # A volunteering entry has no place of its own: "Code for Poland, Warsaw" stays the organisation's name.
    organization = ", ".join(p for p in (title.company, title.location) if p)
    entry = {"position": title.position, "organization": organization, "startDate": period.start,
             "endDate": period.end}  # fmt: skip
    shown = _shown(" at ".join(p for p in (title.position, organization) if p), format_period(period.start, period.end))
    return await _stored(turn, SECTIONS["volunteer"].tool.name, entry, shown, "volunteering")


async def _interests(turn: ActiveTurn, text: str) -> str:
    tidied = tidy_list(text, skills=False)
    if not tidied.items:
        return SECTIONS["interests"].usage or "Which interests should I add?"
    for name in tidied.items:
        result = await turn.tool(SECTIONS["interests"].tool.name, entry={"name": name})
        if not result.ok:
            return result.message
    return f"Added interest{'s' if len(tidied.items) != 1 else ''}: {tidied.text}{tidied.said()}."


async def _reference(turn: ActiveTurn, text: str) -> str:
    name, colon, words = text.partition(":")
    entry = {"name": name.strip(), "reference": sentence(words)} if colon else {"reference": sentence(text)}
    return await _stored(
        turn, SECTIONS["references"].tool.name, entry, entry.get("name") or entry["reference"], "reference"
    )


async def _languages(turn: ActiveTurn, text: str) -> str:
    tidied = tidy_languages(text)
    if not tidied.languages:
        return SECTIONS["languages"].usage or "Which language should I add?"
    for language, fluency in tidied.languages:
        entry = {"language": language, "fluency": fluency} if fluency else {"language": language}
        result = await turn.tool(SECTIONS["languages"].tool.name, entry=entry)
        if not result.ok:
            return result.message
    return f"Added: {tidied.shown()}.{tidied.sentence()}"


async def _skills(turn: ActiveTurn, text: str) -> str:
    single = skill_with_level(text)
    if single is not None:
        name = canonical_skill(single[0])
        result = await turn.tool(SECTIONS["skills"].tool.name, entry={"name": name, "level": single[1]})
        return f"Added skill: {name} ({single[1]})." if result.ok else result.message
    tidied = tidy_list(text)
    if not tidied.items:
        return SECTIONS["skills"].usage or "Which skills should I add?"
    return with_notes(plain((await turn.tool("add_skills", skills=tidied.items)).message), tidied)


def with_notes(message: str, tidied: Tidied) -> str:
    """'Added skills: Python, Kubernetes.' + notes -> 'Added skills: Python, Kubernetes (I wrote 'k8s' as …).'"""
    if not tidied.notes or not message.endswith("."):
        return message
    return f"{message[:-1]}{tidied.said()}."


# Sections read in their own way; any other section is read as one line (`_one_line`).
ADDERS: dict[str, Adder] = {
    "volunteer": _volunteer,
    "interests": _interests,
    "references": _reference,
    "languages": _languages,
    "skills": _skills,
}
