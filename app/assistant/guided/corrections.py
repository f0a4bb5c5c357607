"""Requests in plain words ("change my phone to …", "remove the second job"), carried out through the tools."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from app.assistant.active_turn import ActiveTurn
from app.assistant.commands import Ats, Export, Fix, History, Show, Undo, run_command
from app.assistant.guided import questions as q
from app.assistant.guided.contact import FieldChange, field_change, field_removal
from app.assistant.guided.readers import bullet_text, capitalize_first, date_problem
from app.assistant.guided.requests import Correction, EntryRef, Kind
from app.assistant.guided.sections import ENTRY_FIELDS, add_to_section, plain
from app.cv.model import repair_url
from app.cv.parse import PRESENT_WORDS, format_date, format_period, parse_date, parse_period
from app.cv.parse import split_list as split_items
from app.cv.sections import SECTIONS, bullet_sections, entry_label
from tools.registry import ToolResult

DATE_FIELDS = {"startDate", "endDate", "date", "releaseDate"}
Apply = Callable[[ActiveTurn, Correction, EntryRef | None], Awaitable[None]]


async def apply_correction(turn: ActiveTurn, correction: Correction, current: EntryRef | None = None) -> None:
    """Make the change (or show what was asked for) and say what was done, or why not.

    `current` is the entry the interview is filling: "remove the last bullet" means one of its bullets.
    """
    await APPLY[correction.kind](turn, correction, current)


async def _confirm(turn: ActiveTurn, result: ToolResult, confirmation: str) -> None:
    await turn.say(confirmation if result.ok else result.message)


async def _show(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, Show())


async def _undo(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, Undo())


async def _history(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, History())


async def _ats(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, Ats())


async def _fix(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, Fix.parse((correction.value or "").split(), ""))


async def _help(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await turn.say(q.OFFLINE_HELP)


async def _export(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    if correction.value in ("json", "json resume"):
        result = await turn.tool("export_json_resume")
        if not result.ok:
            await turn.say(result.message)
        return
    await run_command(turn, Export.parse([correction.value] if correction.value else [], ""))


# --- contact details ------------------------------------------------------------------------------


async def _set_field(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await _change(turn, field_change(correction.field or "", correction.value or ""))


async def _remove_field(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await _change(turn, field_removal(correction.field or ""))


async def _change(turn: ActiveTurn, change: FieldChange | str) -> None:
    if isinstance(change, str):
        await turn.say(change)
        return
    await _confirm(turn, await turn.tool(change.tool, **change.arguments), change.confirmation)


# --- entries --------------------------------------------------------------------------------------


async def _entries(turn: ActiveTurn, section: str) -> list[dict[str, Any]]:
    state = await turn.ctx.cvs.load(turn.ctx.current_cv_id())
    entries: list[dict[str, Any]] = state.resume.to_json().get(section, [])
    return entries


async def resolve(
    turn: ActiveTurn, ref: EntryRef | None, current: EntryRef | None
) -> tuple[str, int, dict[str, Any]] | None:
    """The entry a request is about, as (section, index, entry); None after saying why it isn't there."""
    ref = ref or current
    if ref is None:
        await turn.say("Which entry? For example 'the second job' or 'the PayFlow job'.")
        return None
    entries = await _entries(turn, ref.section)
    noun = SECTIONS[ref.section].noun
    if not entries:
        await turn.say(f"The CV has no {noun} entries yet.")
        return None
    listing = "; ".join(f"{i + 1}. {entry_label(ref.section, e)}" for i, e in enumerate(entries))
    if ref.index is not None:
        index = len(entries) - 1 if ref.index == -1 else ref.index
        if not 0 <= index < len(entries):
            await turn.say(f"There is no {noun} number {index + 1}. The CV has: {listing}.")
            return None
        return ref.section, index, entries[index]
    wanted = (ref.name or "").lower()
    labels = [entry_label(ref.section, e).lower() for e in entries]
    for matches in (lambda label: label == wanted, lambda label: wanted in label):
        found = [i for i, label in enumerate(labels) if matches(label)]
        if len(found) == 1:
            return ref.section, found[0], entries[found[0]]
        if len(found) > 1:
            await turn.say(f"More than one {noun} matches '{ref.name}'. Which number? The CV has: {listing}.")
            return None
    await turn.say(f"I couldn't find a {noun} called '{ref.name}'. The CV has: {listing}.")
    return None


async def _remove_entry(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    ref = correction.target
    if ref is not None and ref.section == "skills" and ref.name and await _remove_keyword(turn, ref.name):
        return
    found = await resolve(turn, ref, None)
    if found is None:
        return
    section, index, entry = found
    result = await turn.tool("remove_entry", section=section, index=index)
    done = f"Removed {entry_label(section, entry)} from your skills." if section == "skills" else plain(result.message)
    await _confirm(turn, result, f"{done} /undo brings it back.")


async def _remove_keyword(turn: ActiveTurn, name: str) -> bool:
    """'remove skill Go' where Go sits inside a skill group: drop just that keyword."""
    for index, entry in enumerate(await _entries(turn, "skills")):
        keywords = entry.get("keywords", [])
        if str(entry.get("name", "")).lower() != name.lower() and any(k.lower() == name.lower() for k in keywords):
            kept = [k for k in keywords if k.lower() != name.lower()]
            result = await turn.tool("update_entry", section="skills", index=index, changes={"keywords": kept})
            await _confirm(turn, result, f"Removed {name} from {entry.get('name', 'your skills')}.")
            return True
    return False


async def _move_entry(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    found = await resolve(turn, correction.target, None)
    if found is None:
        return
    section, index, _ = found
    size = len(await _entries(turn, section))
    where = correction.value or "0"
    target = {"up": index - 1, "down": index + 1, "-1": size - 1}.get(where)
    target = min(max(int(where) if target is None else target, 0), size - 1)
    if target == index:
        await turn.say(f"It's already {'first' if index == 0 else 'there'}.")
        return
    result = await turn.tool("move_entry", section=section, index=index, to_index=target)
    await turn.say(plain(result.message))


async def _update_entry(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    found = await resolve(turn, correction.target, None)
    if found is None:
        return
    section, index, entry = found
    word = correction.field or ""
    field = ENTRY_FIELDS.get(section, {}).get(word)
    if field is None:
        known = ", ".join(sorted(ENTRY_FIELDS.get(section, {})))
        await turn.say(f"A {SECTIONS[section].noun} has no '{word}'. You can change: {known}.")
        return
    value = (correction.value or "").strip().rstrip(".")
    changes, shown = _entry_change(field, value)
    if changes is None:
        await turn.say(shown)
        return
    result = await turn.tool("update_entry", section=section, index=index, changes=changes)
    await _confirm(turn, result, f"Saved: the {word} of {entry_label(section, entry)} is now {shown}.")


def _entry_change(field: str, value: str) -> tuple[dict[str, Any] | None, str]:
    """The changes for one entry field and how they are shown back, or (None, why not)."""
    if field in DATE_FIELDS or field == "dates":
        problem = date_problem(value)
        if problem:
            return None, f"{problem} Try again, e.g. June 2023."
    if field == "dates":
        period = parse_period(value)
        if period.start is None:
            return None, f"I couldn't read dates in '{value}' (e.g. 2017 – 2021)."
        return {"startDate": period.start, "endDate": period.end or ""}, format_period(period.start, period.end)
    if field == "endDate" and PRESENT_WORDS.search(value):
        return {"endDate": ""}, "Present"
    if field in DATE_FIELDS:
        date = parse_date(value)
        if date is None:
            return None, f"I couldn't read a date in '{value}' (e.g. June 2023)."
        return {field: date}, format_date(date)
    if field == "url":
        url = repair_url(value)
        return {field: url}, url
    return {field: capitalize_first(value)}, capitalize_first(value)


# --- bullets --------------------------------------------------------------------------------------


async def _add_bullet(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    found = await resolve(turn, correction.target, current or EntryRef("work", index=0))
    if found is None:
        return
    section, index, entry = found
    if SECTIONS[section].bullets is None:
        names = [s.plural for s in bullet_sections()]
        await turn.say(f"Bullets belong to {', '.join(names[:-1])} and {names[-1]}.")
        return
    bullet = bullet_text(correction.value or "")
    result = await turn.tool("add_bullet", index=index, text=bullet, section=section)
    await _confirm(turn, result, f'Added to {entry_label(section, entry)}: "{bullet}"')


async def _remove_bullet(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    found = await resolve(turn, correction.target, current or EntryRef("work", index=0))
    if found is None:
        return
    section, index, entry = found
    bullets: list[str] = list(entry.get("highlights", []))
    position = int(correction.value or "-1")
    position = len(bullets) - 1 if position == -1 else position
    if not 0 <= position < len(bullets):
        await turn.say(f"{entry_label(section, entry)} has {len(bullets)} bullet{'s' if len(bullets) != 1 else ''}.")
        return
    removed = bullets.pop(position)
    result = await turn.tool("update_entry", section=section, index=index, changes={"highlights": bullets})
    await _confirm(turn, result, f'Removed "{removed}" from {entry_label(section, entry)}. /undo brings it back.')


# --- adding ---------------------------------------------------------------------------------------


async def _add_skills(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    if correction.field:  # "add skills to Backend: Go, Rust"
        result = await turn.tool("add_skills", skills=split_items(correction.value or ""), group=correction.field)
        await turn.say(plain(result.message))
        return
    await turn.say(await add_to_section(turn, "skills", correction.value or ""))


async def _add_entry(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await turn.say(await add_to_section(turn, correction.section or "", correction.value or ""))


APPLY: dict[Kind, Apply] = {
    Kind.SHOW: _show,
    Kind.UNDO: _undo,
    Kind.HISTORY: _history,
    Kind.HELP: _help,
    Kind.EXPORT: _export,
    Kind.ATS: _ats,
    Kind.FIX: _fix,
    Kind.SET_FIELD: _set_field,
    Kind.REMOVE_FIELD: _remove_field,
    Kind.REMOVE_ENTRY: _remove_entry,
    Kind.MOVE_ENTRY: _move_entry,
    Kind.UPDATE_ENTRY: _update_entry,
    Kind.ADD_BULLET: _add_bullet,
    Kind.REMOVE_BULLET: _remove_bullet,
    Kind.ADD_SKILLS: _add_skills,
    Kind.ADD_ENTRY: _add_entry,
}
