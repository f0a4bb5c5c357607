"""Corrections in plain words ("change my phone to ...", "remove the second job"), applied through tools."""

from __future__ import annotations

from typing import Any

from app.cv.edit import entry_label
from app.cv.model import SECTION_NOUNS
from app.cv.parse import find_email, find_phone
from app.guided.parsing import Correction, parse_place, tidy_name
from app.turn import Turn

PROFILE_NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub"}


async def apply_correction(turn: Turn, correction: Correction) -> None:
    """Make the change and say what was done (or why not)."""
    if correction.kind == "undo":
        await turn.say((await turn.tool("undo")).message)
    elif correction.kind == "show":
        await turn.say((await turn.tool("get_cv")).message)
    elif correction.kind == "add_skills":
        from app.cv.parse import split_list

        await turn.say((await turn.tool("add_skills", skills=split_list(correction.value or ""))).message)
    elif correction.kind == "set_field":
        await _set_field(turn, correction.field or "", correction.value or "")
    elif correction.kind == "remove_field":
        await _remove_field(turn, correction.field or "")
    else:
        await _remove_entry(turn, correction)


async def _set_field(turn: Turn, field: str, value: str) -> None:
    value = value.strip().rstrip(".") if field not in ("summary",) else value.strip()
    if field == "email":
        email = find_email(value)
        if email is None:
            await turn.say(f"'{value}' isn't an email address I can use (e.g. maria@example.com).")
            return
        result = await turn.tool("update_basics", email=email)
    elif field == "phone":
        phone = find_phone(value)
        if phone is None:
            await turn.say(f"I couldn't find a phone number in '{value}' (e.g. +48 600 123 456).")
            return
        result = await turn.tool("update_basics", phone=phone)
    elif field == "name":
        result = await turn.tool("update_basics", name=tidy_name(value))
    elif field == "location":
        place = parse_place(value)
        result = await turn.tool(
            "update_basics", city=place.city or "", region=place.region or "", country_code=place.country_code or ""
        )
    elif field == "summary":
        result = await turn.tool("set_summary", summary=value)
    elif field in PROFILE_NETWORKS:
        result = await turn.tool("set_profile", network=PROFILE_NETWORKS[field], url=value)
    else:
        result = await turn.tool("update_basics", **{field: value})
    await turn.say(result.message)


async def _remove_field(turn: Turn, field: str) -> None:
    if field == "summary":
        result = await turn.tool("set_summary", summary="")
    elif field == "location":
        result = await turn.tool("update_basics", city="", region="", country_code="", address="", postal_code="")
    elif field in PROFILE_NETWORKS:
        await turn.say(f'To remove the {PROFILE_NETWORKS[field]} profile, say "change my {field} to" a new link.')
        return
    else:
        result = await turn.tool("update_basics", **{field: ""})
    await turn.say(result.message)


async def _remove_entry(turn: Turn, correction: Correction) -> None:
    section = correction.section or "work"
    state = await turn.ctx.cvs.load(turn.ctx.current_cv_id())
    entries: list[dict[str, Any]] = state.resume.to_json().get(section, [])
    noun = SECTION_NOUNS.get(section, "entry")
    if not entries:
        await turn.say(f"The CV has no {noun} entries.")
        return
    if correction.index is not None:
        index = len(entries) - 1 if correction.index == -1 else correction.index
        result = await turn.tool("remove_entry", section=section, index=index)
        await turn.say(result.message)
        return
    wanted = (correction.name or "").lower()
    for index, entry in enumerate(entries):
        if wanted and wanted in entry_label(section, entry).lower():
            await turn.say((await turn.tool("remove_entry", section=section, index=index)).message)
            return
    if section == "skills":  # a skill inside a group: drop just that keyword
        for index, entry in enumerate(entries):
            keywords = entry.get("keywords", [])
            if any(k.lower() == wanted for k in keywords):
                kept = [k for k in keywords if k.lower() != wanted]
                result = await turn.tool("update_entry", section=section, index=index, changes={"keywords": kept})
                await turn.say(result.message)
                return
    names = ", ".join(entry_label(section, e) for e in entries)
    await turn.say(f"I couldn't find a {noun} called '{correction.name}'. The CV has: {names}.")
