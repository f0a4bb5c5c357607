"""One handler per interview step: read the answer, store it through a tool, and say where to go next.

A handler returns a `Move`: on to a step with a confirmation in the stored form ("Saved: Mar 2021 – Present."),
or stay on the same step with a friendly re-ask when the answer can't be used — nothing is stored then.
"""

from __future__ import annotations

import re
from typing import Any

from app.assistant.active_turn import ActiveTurn
from app.assistant.guided import questions as q
from app.assistant.guided.flow import (
    AnswerHandler,
    Move,
    advance,
    ask_again,
    current_entry,
    interview_of,
    keep_in_date_order,
    period_changes,
    refused,
    remember_added,
    stay,
    update_current,
    waiting_step,
)
from app.assistant.guided.readers import (
    bullet_text,
    date_problem,
    degree_text,
    looks_like_name,
    parse_degree,
    parse_job_title,
    parse_place,
    parse_school,
    place_text,
    school_like,
    sentence,
    split_dates,
    tidy_name,
    yes_or_no,
)
from app.assistant.guided.steps import AFTER_LOOP, LOOP_START, SECTION_OF, Step
from app.cv.parse import PRESENT_WORDS, find_email, find_phone, format_date, format_period, parse_date
from app.cv.tidy import FILLER_NOTE, Tidied, tidy_headline, tidy_list
from app.cv.tidy_entries import split_company_location, split_grade, tidy_languages

# --- contact details ------------------------------------------------------------------------------


async def on_name(turn: ActiveTurn, text: str) -> Move:
    name = tidy_name(text)
    if not looks_like_name(name):
        return stay(q.REASK[Step.NAME])
    result = await turn.tool("update_basics", name=name)
    return advance(Step.CONTACT, f"Thanks, {name.split()[0]}.") if result.ok else refused(turn, result)


async def on_contact(turn: ActiveTurn, text: str) -> Move:
    step = waiting_step(turn)
    email, phone = find_email(text), find_phone(text)
    wanted = email if step == Step.EMAIL else phone if step == Step.PHONE else email or phone
    if wanted is None:
        typed = re.search(r"\S*@\S*", text)
        if typed and email is None:
            return ask_again(turn, q.BAD_EMAIL.format(value=typed.group(0)))
        return stay(q.REASK[step])
    fields = {k: v for k, v in (("email", email), ("phone", phone)) if v}
    result = await turn.tool("update_basics", **fields)
    if not result.ok:
        return refused(turn, result)
    saved = "Saved: " + ", ".join(f"{k} {v}" for k, v in fields.items()) + "."
    if step == Step.CONTACT and email is None:
        return advance(Step.EMAIL, saved)
    if step == Step.CONTACT and phone is None:
        return advance(Step.PHONE, saved)
    return advance(Step.LOCATION, saved)


async def on_location(turn: ActiveTurn, text: str) -> Move:
    place = parse_place(text)
    if not place.city and not place.country_code:
        return stay(q.REASK[Step.LOCATION])
    fields = {"city": place.city, "region": place.region, "country_code": place.country_code}
    result = await turn.tool("update_basics", **{k: v for k, v in fields.items() if v})
    return advance(Step.HEADLINE, f"Saved: {place_text(place)}.") if result.ok else refused(turn, result)


async def on_headline(turn: ActiveTurn, text: str) -> Move:
    tidied = tidy_headline(text)
    label = tidied.text
    if not label or len(label) > 100:
        return ask_again(turn, "A short title works best, like a job title.")
    result = await turn.tool("update_basics", label=label)
    return advance(Step.SUMMARY, f"Saved: {label}{tidied.said()}.") if result.ok else refused(turn, result)


async def on_summary(turn: ActiveTurn, text: str) -> Move:
    summary = sentence(text)
    if len(summary.split()) < 3:
        return ask_again(turn, "That's quite short for a summary.")
    result = await turn.tool("set_summary", summary=summary)
    return advance(Step.JOB, "Saved your summary.") if result.ok else refused(turn, result)


# --- jobs -----------------------------------------------------------------------------------------


def _job_next(entry: dict[str, Any], open_ended: bool) -> Step:
    if not entry.get("name"):
        return Step.JOB_COMPANY
    if not entry.get("startDate"):
        return Step.JOB_DATES
    return Step.JOB_END if open_ended else Step.JOB_BULLETS


async def on_job_title(turn: ActiveTurn, text: str) -> Move:
    rest, dates = split_dates(text)
    title = parse_job_title(rest)
    if not title.position:
        return stay(q.REASK[Step.JOB])
    changes, shown, open_ended = period_changes(dates)
    entry = {"position": title.position, "name": title.company, "location": title.location, **changes}
    result = await turn.tool("add_work_entry", entry={k: v for k, v in entry.items() if v})
    if not result.ok:
        return refused(turn, result)
    await remember_added(turn, "work")
    note = await keep_in_date_order(turn, "work") if changes else ""
    label = " at ".join(p for p in (title.position, _company_text(title.company, title.location)) if p)
    said = Tidied([], [FILLER_NOTE] if title.hedged else []).said()  # "engineer i guess at Acme"
    return advance(_job_next(entry, open_ended), f"Added: {label}{', ' + shown if shown else ''}{said}.{note}")


def _company_text(company: str | None, location: str | None) -> str | None:
    """'Sky Betting & Gaming in Leeds': a company and its place as confirmed (the place in its own field)."""
    return f"{company} in {location}" if company and location else company


async def on_job_company(turn: ActiveTurn, text: str) -> Move:
    company, location = split_company_location(text.strip().rstrip("."))
    if not company:
        return stay(q.QUESTIONS[Step.JOB_COMPANY])
    changes = {"name": company, **({"location": location} if location else {})}
    result = await update_current(turn, "work", changes)
    if not result.ok:
        return refused(turn, result)
    return advance(
        _job_next({**(await current_entry(turn, "work")), "name": company}, False),
        f"Saved: {_company_text(company, location)}.",
    )


async def on_job_dates(turn: ActiveTurn, text: str) -> Move:
    problem = date_problem(text)
    if problem:
        return ask_again(turn, problem)
    changes, shown, open_ended = period_changes(text)
    if not changes:
        return stay(q.REASK[Step.JOB_DATES])
    result = await update_current(turn, "work", changes)
    if not result.ok:
        return refused(turn, result)
    note = await keep_in_date_order(turn, "work")
    if open_ended:
        return advance(Step.JOB_END, f"Saved: started {format_date(changes['startDate'])}.{note}")
    return advance(Step.JOB_BULLETS, f"Saved: {shown}.{note}")


async def on_job_end(turn: ActiveTurn, text: str) -> Move:
    start = (await current_entry(turn, "work")).get("startDate")
    if PRESENT_WORDS.search(text) or yes_or_no(text) is True:
        return advance(Step.JOB_BULLETS, f"Saved: {format_period(start, None)}.")
    problem = date_problem(text)
    if problem:
        return ask_again(turn, problem)
    end = parse_date(text)
    if end is None:
        return stay("When did you leave? Month and year, e.g. June 2023." if yes_or_no(text) is False else
                    q.REASK[Step.JOB_END])  # fmt: skip
    result = await update_current(turn, "work", {"endDate": end})
    return advance(Step.JOB_BULLETS, f"Saved: {format_period(start, end)}.") if result.ok else refused(turn, result)


async def on_job_bullet(turn: ActiveTurn, text: str) -> Move:
    bullet = bullet_text(text)
    if len(bullet.split()) < 2 or not re.search(r"[^\W\d]{3}", split_dates(bullet)[0]):
        return stay(q.REASK[Step.JOB_BULLETS])
    index = interview_of(turn).entry
    result = await turn.tool("add_bullet", index=index if index is not None else 0, text=bullet)
    return stay(f'Added: "{bullet}" Next one, or /done.') if result.ok else refused(turn, result)


async def on_more(turn: ActiveTurn, text: str) -> Move:
    section = SECTION_OF[waiting_step(turn)]
    first, following = LOOP_START[section]
    answer = yes_or_no(text)
    if answer is None:
        # Straight to the next one ("Developer at Acme, 2015 - 2017") is a yes with its answer.
        if (section == "work" and parse_job_title(split_dates(text)[0]).company) or (
            section == "education" and school_like(text)
        ):
            interview_of(turn).step, interview_of(turn).entry = following, None
            return await HANDLERS[following](turn, text)
        return ask_again(turn, q.YES_NO)
    return advance(following if answer else AFTER_LOOP[section])


# --- education ------------------------------------------------------------------------------------


def _school_next(entry: dict[str, Any]) -> Step:
    if not entry.get("studyType") and not entry.get("area"):
        return Step.DEGREE
    if not entry.get("startDate") and not entry.get("endDate"):
        return Step.EDU_DATES
    return Step.MORE_SCHOOLS


async def on_school(turn: ActiveTurn, text: str) -> Move:
    school = parse_school(text)
    if not school.institution:
        return stay(q.QUESTIONS[Step.SCHOOL])
    changes, shown, _ = period_changes(school.dates, single_is_end=True)
    entry = {"institution": school.institution, "studyType": school.degree.study_type, "area": school.degree.area,
             "score": school.grade, **changes}  # fmt: skip
    result = await turn.tool("add_education_entry", entry={k: v for k, v in entry.items() if v})
    if not result.ok:
        return refused(turn, result)
    await remember_added(turn, "education")
    note = await keep_in_date_order(turn, "education") if changes else ""
    shown = ", ".join(
        p for p in (degree_text(*school.degree), school.institution, _grade_text(school.grade), shown) if p
    )
    return advance(_school_next(entry), f"Added: {shown}.{note}")


def _grade_text(grade: str | None) -> str | None:
    """How a kept grade is confirmed: 'grade 2:1'."""
    return f"grade {grade}" if grade else None


async def on_degree(turn: ActiveTurn, text: str) -> Move:
    rest, grade = split_grade(text)
    degree = parse_degree(rest)
    changes = {k: v for k, v in (("studyType", degree.study_type), ("area", degree.area), ("score", grade)) if v}
    if not changes:
        return stay(q.QUESTIONS[Step.DEGREE])
    result = await update_current(turn, "education", changes)
    if not result.ok:
        return refused(turn, result)
    shown = ", ".join(p for p in (degree_text(*degree), _grade_text(grade)) if p)
    return advance(_school_next({**(await current_entry(turn, "education")), **changes}), f"Saved: {shown}.")


async def on_edu_dates(turn: ActiveTurn, text: str) -> Move:
    text, grade = split_grade(text)
    problem = date_problem(text)
    if problem:
        return ask_again(turn, problem)
    changes, shown, _ = period_changes(text, single_is_end=True)
    if not changes:
        return stay(q.REASK[Step.EDU_DATES])
    result = await update_current(turn, "education", {**changes, **({"score": grade} if grade else {})})
    if not result.ok:
        return refused(turn, result)
    note = await keep_in_date_order(turn, "education")
    shown = ", ".join(p for p in (shown, _grade_text(grade)) if p)
    return advance(Step.MORE_SCHOOLS, f"Saved: {shown}.{note}")


# --- skills, languages, projects ------------------------------------------------------------------


async def on_skills(turn: ActiveTurn, text: str) -> Move:
    skills = tidy_list(text)
    if not skills.items:
        return stay(q.REASK[Step.SKILLS])
    result = await turn.tool("add_skills", skills=skills.items)
    if not result.ok:
        return refused(turn, result)
    return advance(Step.LANGUAGES, f"Saved your skills: {skills.text}{skills.said()}.")


async def on_languages(turn: ActiveTurn, text: str) -> Move:
    tidied = tidy_languages(text)
    if not tidied.languages:
        return stay(q.REASK[Step.LANGUAGES])
    for language, fluency in tidied.languages:
        entry = {"language": language, **({"fluency": fluency} if fluency else {})}
        result = await turn.tool("add_language", entry=entry)
        if not result.ok:
            return refused(turn, result)
    return advance(Step.PROJECT, f"Saved: {tidied.shown()}.{tidied.sentence()}")


async def on_project_name(turn: ActiveTurn, text: str) -> Move:
    # "ledgerlite — a double-entry ledger library" gives the description too.
    parts = re.split(r"\s*[:–—]\s*|\s+-\s+", text.strip(), maxsplit=1)
    name = parts[0].strip().rstrip(".")
    description = parts[1].strip() if len(parts) > 1 else ""
    if not name:
        return stay(q.QUESTIONS[Step.PROJECT])
    entry = {"name": name, **({"description": sentence(description)} if description else {})}
    result = await turn.tool("add_project", entry=entry)
    if not result.ok:
        return refused(turn, result)
    await remember_added(turn, "projects")
    if description:
        return advance(Step.MORE_PROJECTS, f"Added: {name} — {entry['description']}")
    return advance(Step.PROJECT_DESCRIPTION, f"Added: {name}.")


async def on_project_description(turn: ActiveTurn, text: str) -> Move:
    description = bullet_text(text)
    result = await update_current(turn, "projects", {"description": description})
    return advance(Step.MORE_PROJECTS, f'Saved: "{description}"') if result.ok else refused(turn, result)


HANDLERS: dict[Step, AnswerHandler] = {
    Step.NAME: on_name,
    Step.CONTACT: on_contact,
    Step.EMAIL: on_contact,
    Step.PHONE: on_contact,
    Step.LOCATION: on_location,
    Step.HEADLINE: on_headline,
    Step.SUMMARY: on_summary,
    Step.JOB: on_job_title,
    Step.NEXT_JOB: on_job_title,
    Step.JOB_COMPANY: on_job_company,
    Step.JOB_DATES: on_job_dates,
    Step.JOB_END: on_job_end,
    Step.JOB_BULLETS: on_job_bullet,
    Step.MORE_JOBS: on_more,
    Step.SCHOOL: on_school,
    Step.NEXT_SCHOOL: on_school,
    Step.DEGREE: on_degree,
    Step.EDU_DATES: on_edu_dates,
    Step.MORE_SCHOOLS: on_more,
    Step.SKILLS: on_skills,
    Step.LANGUAGES: on_languages,
    Step.PROJECT: on_project_name,
    Step.NEXT_PROJECT: on_project_name,
    Step.PROJECT_DESCRIPTION: on_project_description,
    Step.MORE_PROJECTS: on_more,
}
