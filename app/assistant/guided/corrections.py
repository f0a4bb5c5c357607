"""Requests in plain words ("change my phone to …", "remove the second job"), carried out through the tools."""

from __future__ import annotations

import difflib
import re
from collections.abc import Awaitable, Callable
from typing import Any

from app.assistant.active_turn import ActiveTurn
from app.assistant.commands import Ats, Export, Fix, History, Letter, Show, Tailor, Undo, run_command
from app.assistant.commands import Fit as FitPages
from app.assistant.guided import questions as q
from app.assistant.guided.contact import FieldChange, field_change, field_removal, profile_username
from app.assistant.guided.readers import (
    bullet_text,
    capitalize_first,
    date_problem,
    parse_degree,
    parse_languages,
)
from app.assistant.guided.requests import ANY, Correction, EntryRef, Kind, Reading
from app.assistant.guided.sections import ENTRY_FIELDS, add_to_section, plain, with_notes
from app.cv.model import repair_url
from app.cv.parse import PRESENT_WORDS, format_date, format_period, parse_date, parse_period
from app.cv.sections import SECTIONS, bullet_sections, entry_label
from app.cv.tidy import tidy_list, title_case
from app.events import Button
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
    """ "apply all", "apply 1 and 3": a tailoring plan's changes while one waits for a choice, else the ATS fixes."""
    words = (correction.value or "").split()
    tailoring = turn.ctx.state.tailoring
    if tailoring is not None and not tailoring.asking and "reject" not in words:
        await run_command(turn, Tailor(apply=tuple(words)))
        return
    await run_command(turn, Fix.parse(words, ""))


async def _tailor(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, Tailor())


async def _letter(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, Letter())


async def _fit(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    await run_command(turn, FitPages(pages=int(correction.value or "1")))


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
    if correction.field == "title" and (jobs := await _entries(turn, "work")):  # "my title": headline or job title?
        value = correction.value or ""
        headline = Reading(change=Kind.SET_FIELD.value, field="label", value=value, section="basics", index=0)
        job = Reading(change=Kind.UPDATE_ENTRY.value, field="title", value=value, section="work", index=0)
        label = f"Set the title of {entry_label('work', jobs[0])}"
        text = "I'm not sure which title you mean, so nothing is changed yet. Did you mean:"
        await turn.buttons(Button(f"Set the headline to {value}"[:60], headline), Button(label[:60], job), text=text)
        return
    field = "label" if correction.field == "title" else correction.field or ""  # no jobs yet: the headline
    change = field_change(field, correction.value or "")
    if not isinstance(change, str) and change.tool == "set_profile":  # a new link: its user name, if one was kept
        basics = (await turn.ctx.cvs.load(turn.ctx.current_cv_id())).resume.to_json().get("basics", {})
        network = str(change.arguments["network"]).lower()
        kept = [p for p in basics.get("profiles", []) if str(p.get("network", "")).lower() == network]
        if kept and kept[0].get("username") and (name := profile_username(str(change.arguments["url"]))):
            change.arguments["username"] = name
    await _change(turn, change)


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


# Where a thing named without its section is looked for, in this order.
SEARCH_ORDER = ("work", "education", "volunteer", "projects", "certificates", "awards", "publications", "languages",
                "skills", "interests", "references")  # fmt: skip
Found = tuple[str, int, dict[str, Any]]


def _mentions(name: str, entry: dict[str, Any]) -> bool:
    """Whether `name` is a word or phrase of one of the entry's short text fields (not its bullets)."""
    pattern = re.compile(rf"(?<![\w]){re.escape(name.lower())}(?![\w])")
    values = [v for k, v in entry.items() if isinstance(v, str) and k not in ("summary", "description", "reference")]
    values += entry.get("keywords", []) if isinstance(entry.get("keywords"), list) else []
    if re.fullmatch(r"[A-Z]{2,6}", name.strip()):  # "the CKA": the initials of Certified Kubernetes Administrator
        initials = ["".join(w[0] for w in re.findall(r"[A-Za-z]+", str(v)) if w[0].isupper()) for v in values]
        if name.strip() in initials:
            return True
    return any(pattern.search(str(v).lower()) for v in values)


async def candidates(
    turn: ActiveTurn, ref: EntryRef, field: str | None = None, kind: Kind | None = None
) -> list[Found]:
    """Every entry `ref` may mean: by position, by name in its section, or by name in any section."""
    sections = [ref.section] if ref.section else list(SEARCH_ORDER)
    if field is not None and not ref.section:
        dated = ("end date", "start date", "dates", "date")
        sections = [s for s in sections if field in ENTRY_FIELDS.get(s, {}) or (field in dated and s in _ONE_DATE)
                    or (field == "entry" and s == "languages")]  # fmt: skip
    if kind in (Kind.ADD_BULLET, Kind.REMOVE_BULLET, Kind.SET_BULLET) and not ref.section:
        sections = [s for s in sections if SECTIONS[s].bullets]
    found: list[Found] = []
    for section in sections:
        entries = await _entries(turn, section)
        if ref.index is not None:
            index = len(entries) - 1 if ref.index == -1 else ref.index
            return [(section, index, entries[index])] if 0 <= index < len(entries) else []
        if ref.name is None:
            found += [(section, i, e) for i, e in enumerate(entries)]
            continue
        wanted = ref.name.lower()
        labels = [entry_label(section, e).lower() for e in entries]
        exact = [i for i, label in enumerate(labels) if label == wanted]
        near = exact or [i for i, e in enumerate(entries) if _mentions(ref.name, e)]
        found += [(section, i, entries[i]) for i in near]
    if not found and ref.name and ref.index is None:  # "Monzoo", "Delivero": one close name, and only one
        found = await _close_name(turn, ref.name, sections)
    if field in ("start date", "end date", "dates") and any(f[0] not in _ONE_DATE for f in found):
        found = [f for f in found if f[0] not in _ONE_DATE]  # "I started at PayFlow": the job, not its award
    named = [f for f in found if any(str(v).lower() == (ref.name or "").lower() for v in f[2].values())]
    return named if ref.name and len(named) == 1 else found


async def _close_name(turn: ActiveTurn, name: str, sections: list[str]) -> list[Found]:
    """The one entry whose label has a word (or words) spelled close to `name`; [] when none or several."""
    hits: list[Found] = []
    size = len(name.split())
    for section in sections:
        for index, entry in enumerate(await _entries(turn, section)):
            words = re.findall(r"[\w'-]+", entry_label(section, entry).lower())
            spans = [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
            if difflib.get_close_matches(name.lower(), spans, n=1, cutoff=0.8):
                hits.append((section, index, entry))
    return hits if len(hits) == 1 else []


async def resolve(
    turn: ActiveTurn, ref: EntryRef | None, current: EntryRef | None, correction: Correction | None = None
) -> Found | None:
    """The entry a request is about, as (section, index, entry); None after saying why not or offering readings."""
    ref = ref or current
    if ref is None:
        await turn.say("Which entry? For example 'the second job' or 'the PayFlow job'.")
        return None
    if (
        ref.section
        and ref.index is None
        and ref.name is None
        and current is not None
        and current.section == ref.section
    ):
        ref = current  # "the degree" while the interview fills a school: that school
    field = correction.field if correction is not None and correction.kind == Kind.UPDATE_ENTRY else None
    found = await candidates(turn, ref, field, correction.kind if correction is not None else None)
    if not found and ref.section and ref.name:  # "the Code Club role" when Code Club is a volunteer role
        found = await candidates(turn, EntryRef(ANY, name=ref.name), field, correction.kind if correction else None)
    if len(found) == 1:
        return found[0]
    noun = SECTIONS[ref.section].noun if ref.section else "entry"
    if not found:
        if ref.section and not await _entries(turn, ref.section):
            await turn.say(f"The CV has no {SECTIONS[ref.section].plural} yet.")
        elif ref.index is not None:
            entries = await _entries(turn, ref.section)
            listing = "; ".join(f"{i + 1}. {entry_label(ref.section, e)}" for i, e in enumerate(entries))
            await turn.say(f"There is no {noun} number {(len(entries) if ref.index == -1 else ref.index) + 1}. "
                           f"The CV has: {listing}.")  # fmt: skip
        else:
            await turn.say(f"I couldn't find '{ref.name}' in the CV, so nothing was changed.")
        return None
    if correction is not None:
        if correction.field == "end date":  # the jobs still going are the likely ones
            found.sort(key=lambda f: bool(f[2].get("endDate")))
            found = found[:2]
        await offer_readings(turn, correction, [found[0], found[-1]] if ref.name is None else found[:2])
    else:
        await turn.say(f"More than one {noun} could be meant. Which number?")
    return None


async def offer_readings(turn: ActiveTurn, correction: Correction, found: list[Found]) -> None:
    """Unsure which entry is meant: nothing changes, and the likely readings come back as buttons."""
    buttons = []
    for section, index, entry in found:
        label = f"{_verb(correction)} {entry_label(section, entry)}"
        reading = Reading(change=correction.kind.value, field=correction.field, value=correction.value,
                          section=section, index=index)  # fmt: skip
        buttons.append(Button(label if len(label) <= 60 else label[:59] + "…", reading))
    await turn.buttons(*buttons, text="I'm not sure which one you mean, so nothing is changed yet. Did you mean:")


def _verb(correction: Correction) -> str:
    words = {Kind.REMOVE_ENTRY: "Remove", Kind.MOVE_ENTRY: "Move", Kind.ADD_BULLET: "Add it to",
             Kind.REMOVE_BULLET: "Remove that bullet from", Kind.SET_BULLET: "Change that bullet of"}  # fmt: skip
    if correction.kind == Kind.UPDATE_ENTRY:
        return f"Set the {correction.field} of"
    return words.get(correction.kind, "Change")


def reading_correction(reading: Reading) -> Correction:
    """The correction a pressed reading stands for, with its entry named by position."""
    return Correction(
        Kind(reading.change), reading.field, reading.value, EntryRef(reading.section, index=reading.index)
    )


async def _remove_entry(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    ref = correction.target
    if ref is not None and ref.section in ("skills", "") and ref.name and await _remove_keyword(turn, ref.name):
        return
    found = await resolve(turn, ref, None, correction)
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
    found = await resolve(turn, correction.target, None, correction)
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
    found = await resolve(turn, correction.target, current, correction)
    if found is None:
        return
    section, index, entry = found
    word = correction.field or ""
    if section == "languages" and word == "entry":
        await _set_language(turn, index, entry, correction.value or "")
        return
    field = (
        ENTRY_FIELDS.get(section, {}).get(word) or _DATE_ONLY.get(word)
        if section in _ONE_DATE
        else ENTRY_FIELDS.get(section, {}).get(word)
    )
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
    if field == "fluency":
        level = value.upper() if re.fullmatch(r"[abc][12]\+?", value, re.I) else capitalize_first(value)
        return {field: level}, level
    if field == "studyType":
        degree = parse_degree(value).study_type or capitalize_first(value)
        return {field: degree}, degree
    if field == "position":
        return {field: title_case(value)}, title_case(value)
    return {field: capitalize_first(value)}, capitalize_first(value)


_ONE_DATE = ("certificates", "awards", "publications")  # sections with one date: "ended in 2023" is that date
_DATE_ONLY = {"end date": "date", "start date": "date", "dates": "date"}


async def _set_language(turn: ActiveTurn, index: int, entry: dict[str, Any], text: str) -> None:
    """'change language 3 to German A2': the whole entry."""
    read = parse_languages(text)
    if len(read) != 1:
        await turn.say("Which language and level? For example: change language 3 to German A2.")
        return
    language, fluency = read[0]
    changes = {"language": language, "fluency": fluency or ""}
    result = await turn.tool("update_entry", section="languages", index=index, changes=changes)
    shown = f"{language} ({fluency})" if fluency else language
    await _confirm(turn, result, f"Saved: {entry_label('languages', entry)} is now {shown}.")


# --- bullets --------------------------------------------------------------------------------------


async def _add_bullet(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    found = await resolve(turn, correction.target, current or EntryRef("work"), correction)
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
    if (correction.value or "").startswith("text:") and correction.target is None and current is None:
        await _remove_bullet_by_words(turn, correction)
        return
    found = await resolve(turn, correction.target, current or EntryRef("work"), correction)
    if found is None:
        return
    section, index, entry = found
    bullets: list[str] = list(entry.get("highlights", []))
    if (correction.value or "").startswith("text:"):
        matches = _bullets_about((correction.value or "")[5:], [(section, index, entry)])
        if len(matches) != 1:
            await turn.say(f"I couldn't tell which bullet of {entry_label(section, entry)} you mean; nothing changed.")
            return
        await _drop_bullet(turn, *matches[0])
        return
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
        tidied = tidy_list(correction.value or "")
        result = await turn.tool("add_skills", skills=tidied.items, group=correction.field)
        await turn.say(with_notes(plain(result.message), tidied) if result.ok else plain(result.message))
        return
    await turn.say(await add_to_section(turn, "skills", correction.value or ""))


async def _add_entry(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    if correction.section == "languages" and len(read := parse_languages(correction.value or "")) == 1:
        language, fluency = read[0]  # "I speak Spanish at C1 level" when Spanish is there: its level, not a second one
        held = [(i, e) for i, e in enumerate(await _entries(turn, "languages"))
                if str(e.get("language", "")).casefold() == language.casefold()]  # fmt: skip
        if held and fluency:
            await _set_language(turn, held[0][0], held[0][1], correction.value or "")
            return
        if held:
            await turn.say(f"{language} is already on your CV, so nothing was changed.")
            return
    await turn.say(await add_to_section(turn, correction.section or "", correction.value or ""))


def _stem(word: str) -> str:
    return word.lower()[:5] if len(word) > 5 else word.lower()


_SMALL = {"the", "a", "an", "of", "about", "with", "my", "on", "in", "at", "to", "for", "and", "one", "bullet"}


_UNIT = re.compile(r"(\d)([a-zA-Z])")


def _bullets_about(words: str, found: list[Found]) -> list[tuple[Found, int]]:
    """The bullets that hold every meaningful word of `words` (by its stem: 'mentoring' finds 'Mentored')."""
    words = _UNIT.sub(r"\1 \2", words)  # "the 900ms bullet" is the one with "900 ms"
    wanted = {_stem(w) for w in re.findall(r"[\w%']+", words) if w.lower() not in _SMALL}
    hits = []
    for where in found:
        for position, bullet in enumerate(where[2].get("highlights", [])):
            have = {_stem(w) for w in re.findall(r"[\w%']+", _UNIT.sub(r"\1 \2", bullet))}
            text = bullet.lower()
            if wanted and (wanted <= have or words.lower().strip() in text):
                hits.append((where, position))
    return hits


async def _remove_bullet_by_words(turn: ActiveTurn, correction: Correction) -> None:
    everything = [where for s in bullet_sections() for where in await candidates(turn, EntryRef(s.key))]
    matches = _bullets_about((correction.value or "")[5:], everything)
    if len(matches) == 1:
        await _drop_bullet(turn, *matches[0])
        return
    await turn.say("I couldn't tell which bullet you mean, so nothing was changed. Say which job, e.g. "
                   "'remove the second bullet of the Acme job'.")  # fmt: skip


async def _drop_bullet(turn: ActiveTurn, where: Found, position: int) -> None:
    section, index, entry = where
    bullets: list[str] = list(entry.get("highlights", []))
    removed = bullets.pop(position)
    result = await turn.tool("update_entry", section=section, index=index, changes={"highlights": bullets})
    await _confirm(turn, result, f'Removed "{removed}" from {entry_label(section, entry)}. /undo brings it back.')


async def _set_bullet(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    if (correction.field or "").startswith("text:"):
        await _set_bullet_by_words(turn, (correction.field or "")[5:], correction.value or "")
        return
    found = await resolve(turn, correction.target, current, correction)
    if found is None:
        return
    section, index, entry = found
    bullets: list[str] = list(entry.get("highlights", []))
    position = int(correction.field or "0")
    position = len(bullets) - 1 if position == -1 else position
    if not 0 <= position < len(bullets):
        await turn.say(f"{entry_label(section, entry)} has {len(bullets)} bullet{'s' if len(bullets) != 1 else ''}.")
        return
    bullets[position] = bullet_text(correction.value or "")
    result = await turn.tool("update_entry", section=section, index=index, changes={"highlights": bullets})
    await _confirm(turn, result, f'Saved: "{bullets[position]}" in {entry_label(section, entry)}.')


_FIGURE = re.compile(r"(?<![\w.])\d[\d.,]*(?:\s?(?:%|k|m|x|ms)(?![\w%]))?")


async def _set_bullet_by_words(turn: ActiveTurn, words: str, value: str) -> None:
    """'the 40% bullet should say 50%': a figure said is changed for the new one inside the one bullet holding it; a
    longer value ('… should read: Mentored six engineers') is the bullet's new text; anything else is asked about."""
    everything = [where for s in bullet_sections() for where in await candidates(turn, EntryRef(s.key))]
    matches = _bullets_about(words, everything)
    if len(matches) != 1:
        await turn.say("I couldn't tell which bullet you mean, so nothing was changed. Say which job, e.g. "
                       "'change the second bullet of the Acme job to …'.")  # fmt: skip
        return
    (section, index, entry), position = matches[0]
    bullets: list[str] = list(entry.get("highlights", []))
    inside = re.compile(rf"(?<!\w){re.escape(words.strip())}(?!\w)", re.I)
    figure = re.search(r"\d", words) and re.search(r"\d", value)  # "40%" -> "50%": a figure for a figure
    figures = _FIGURE.findall(bullets[position])
    if figure and len(value.split()) <= 2 and inside.search(bullets[position]):
        bullets[position] = inside.sub(value.strip(" ."), bullets[position], count=1)
    elif _FIGURE.fullmatch(value.strip()) and len(figures) == 1:  # "ledgerlite has 2k stars": its one figure
        bullets[position] = _FIGURE.sub(value.strip(), bullets[position], count=1)
    elif len(value.split()) > 2:
        bullets[position] = bullet_text(value)
    else:
        await turn.say(f'Should "{bullets[position]}" be reworded? Send the whole new line, e.g. "the '
                       f'{words} bullet should read: …". Nothing was changed.')  # fmt: skip
        return
    result = await turn.tool("update_entry", section=section, index=index, changes={"highlights": bullets})
    await _confirm(turn, result, f'Saved: "{bullets[position]}" in {entry_label(section, entry)}.')


# --- one value for another ------------------------------------------------------------------------

_DATE_LIKE = re.compile(r"^\s*(?:\w+\s+)?(?:19|20)\d\d(?:-\d\d)?\s*$")


async def _replace(turn: ActiveTurn, correction: Correction, current: EntryRef | None) -> None:
    """'replace Docker with Podman', 'it's Acme Corp, not Acme': the one place the CV holds the old value."""
    old, new = (correction.field or "").strip(), (correction.value or "").strip()
    resume = (await turn.ctx.cvs.load(turn.ctx.current_cv_id())).resume.to_json()
    places = _places(resume, old)
    if not places and (within := _within_places(resume, old, new)):  # "…, not Leeds": part of 'University of Leeds'
        new = within[0][3] if len(within) == 1 else new
        places = [p[:3] for p in within]
    if correction.target is not None and correction.target.name:  # "Acme — Backend Engineer → …": within Acme only
        name = correction.target.name
        places = [p for p in places if p[0] != "basics" and _mentions(name, resume[p[0]][p[1]])]
    if _DATE_LIKE.match(new) or not places:  # a date never replaces a name; nothing holds the old value
        await turn.say(f"I couldn't find '{old}' in the CV, so nothing was changed." if not places else
                       "I couldn't tell what to change there, so nothing was changed.")  # fmt: skip
        return
    if len(places) > 1:
        await turn.say(f"'{old}' is in more than one place in the CV; say which, e.g. 'change the company of "
                       "job 2 to …'. Nothing was changed.")  # fmt: skip
        return
    section, index, key = places[0]
    if section == "basics":
        await _change(turn, field_change({"label": "label", "name": "name"}.get(key, key), new))
        return
    entry = resume[section][index]
    if section == "languages":  # "French — B1 → B2": the level alone is said with its language
        await _set_language(turn, index, entry, f"{entry.get('language', '')} {new}" if key == "fluency" else new)
        return
    if key.startswith("highlights."):  # "change 'Shipped the billing API' to '…'"
        bullets = list(entry["highlights"])
        bullets[int(key.split(".")[1])] = bullet_text(new)
        changes: dict[str, Any] = {"highlights": bullets}
        shown = bullets[int(key.split(".")[1])]
    elif key.startswith("keywords."):
        keywords = list(entry["keywords"])
        keywords[int(key.split(".")[1])] = new
        changes = {"keywords": keywords}
        shown = new
    else:
        changes, shown = _entry_change(key, new)  # type: ignore[assignment]
        if changes is None:
            await turn.say(shown)
            return
    result = await turn.tool("update_entry", section=section, index=index, changes=changes)
    await _confirm(turn, result, f"Saved: {old} is now {shown}.")


def _places(resume: dict[str, Any], old: str) -> list[tuple[str, int, str]]:
    """Where the CV holds exactly `old` (ignoring case): basics fields, entry fields and skill keywords."""
    wanted = old.lower()
    basics = resume.get("basics", {})
    places = [("basics", 0, k) for k in ("name", "label") if str(basics.get(k, "")).lower() == wanted]
    places += [("basics", 0, "city")] if str(basics.get("location", {}).get("city", "")).lower() == wanted else []
    for section in SEARCH_ORDER:
        for index, entry in enumerate(resume.get(section, [])):
            for key, value in entry.items():
                if isinstance(value, str) and value.lower() == wanted and key not in DATE_FIELDS:
                    places.append((section, index, key))
            for position, keyword in enumerate(entry.get("keywords", []) if section == "skills" else []):
                if keyword.lower() == wanted:
                    places.append((section, index, f"keywords.{position}"))
            for position, bullet in enumerate(entry.get("highlights", [])):
                if bullet.lower().rstrip(".") == wanted.rstrip("."):
                    places.append((section, index, f"highlights.{position}"))
    return places


def _within_places(resume: dict[str, Any], old: str, new: str) -> list[tuple[str, int, str, str]]:
    """Where a short entry field holds `old` as a word or words, with the value it gets: 'Berlin, Germany' and
    'Munich' give 'Munich, Germany'; 'University of Leeds' and 'University of Manchester' give the new value said whole.
    """
    pattern = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)", re.I)
    places = []
    for section in SEARCH_ORDER:
        for index, entry in enumerate(resume.get(section, [])):
            for key, value in entry.items():
                if not isinstance(value, str) or key in DATE_FIELDS or key in _LONG or not pattern.search(value):
                    continue
                rest = set(re.findall(r"\w+", pattern.sub(" ", value).lower()))
                whole = rest <= set(re.findall(r"\w+", new.lower()))
                places.append((section, index, key, new if whole else pattern.sub(new, value, count=1)))
    return places


_LONG = ("summary", "description", "reference", "url", "name")  # a name is a thing's identity; long fields are prose


APPLY: dict[Kind, Apply] = {
    Kind.SHOW: _show,
    Kind.UNDO: _undo,
    Kind.HISTORY: _history,
    Kind.HELP: _help,
    Kind.EXPORT: _export,
    Kind.ATS: _ats,
    Kind.FIX: _fix,
    Kind.TAILOR: _tailor,
    Kind.LETTER: _letter,
    Kind.FIT: _fit,
    Kind.SET_FIELD: _set_field,
    Kind.REMOVE_FIELD: _remove_field,
    Kind.REMOVE_ENTRY: _remove_entry,
    Kind.MOVE_ENTRY: _move_entry,
    Kind.UPDATE_ENTRY: _update_entry,
    Kind.ADD_BULLET: _add_bullet,
    Kind.REMOVE_BULLET: _remove_bullet,
    Kind.ADD_SKILLS: _add_skills,
    Kind.ADD_ENTRY: _add_entry,
    Kind.SET_BULLET: _set_bullet,
    Kind.REPLACE: _replace,
}
