"""The guided interview: a deterministic state machine that fills the CV section by section.

Each step names the question waiting for an answer; its handler stores the answer through the tools
(a new version each time) and moves on. Corrections in plain words work at any step and outside it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from app.commands import SHOW, UNDO
from app.cv.parse import (
    PRESENT_WORDS,
    find_email,
    find_phone,
    format_date,
    format_period,
    invalid_date_problem,
    parse_period,
    split_list,
)
from app.cv.text import cv_outline
from app.events import Button
from app.guided import questions as q
from app.guided.corrections import apply_correction
from app.guided.parsing import (
    bullet_text,
    capitalize_first,
    looks_like_name,
    parse_correction,
    parse_degree,
    parse_job_title,
    parse_languages,
    parse_place,
    tidy_name,
    title_case,
    yes_or_no,
)
from app.state import InterviewState
from app.turn import Turn
from tools.registry import ToolResult

Handler = Callable[["GuidedInterview", Turn, str], Awaitable[None]]
ATS = Button("Check against a job ad", "command", {"command": "/ats"})
EXPORT = Button("Export PDF", "command", {"command": "/export"})
# Where /skip goes from each step (loops end where their section ends).
SKIP_TO = {
    "name": "contact",
    "contact": "location",
    "contact_email": "location",
    "contact_phone": "location",
    "location": "headline",
    "headline": "summary",
    "summary": "job_title",
    "job_title": "edu_school",
    "job_company": "job_dates",
    "job_dates": "job_bullets",
    "job_bullets": "job_more",
    "job_more": "edu_school",
    "edu_school": "skills",
    "edu_degree": "edu_dates",
    "edu_dates": "edu_more",
    "edu_more": "skills",
    "skills": "languages",
    "languages": "project_name",
    "project_name": None,
    "project_description": "project_more",
    "project_more": None,
}
# Where /done goes: it ends the list being filled.
DONE_TO = {"job_bullets": "job_more", "job_more": "edu_school", "edu_more": "skills", "project_more": None}


class GuidedInterview:
    """Offline guided mode: `/new` starts it, each answer is stored at once, `/cancel` pauses it."""

    async def command(self, turn: Turn, name: str, args: list[str], *, offline: bool) -> None:
        """/new, /done, /skip, /cancel, /continue."""
        interview = turn.ctx.state.interview
        if name == "new":
            result = await turn.tool("create_cv")
            if not result.ok:
                await turn.say(result.message)
                return
            if not offline:
                interview.step = None
                await turn.say(q.ONLINE_NEW)
                return
            interview.step, interview.entry, interview.paused = "name", None, None
            await turn.say(q.START)
        elif name == "cancel":
            if interview.step is None:
                await turn.say(q.NOT_INTERVIEWING)
                return
            interview.paused, interview.step = interview.step, None
            await turn.say(q.CANCELLED)
        elif name == "continue":
            if turn.ctx.state.cv_id is None:
                await turn.say(q.NO_CV)
                return
            step = interview.step or interview.paused or await self._first_open_step(turn)
            interview.step, interview.paused = step, None
            if step is None:
                await self.finish(turn, "Every part of the interview is answered.")
                return
            await self.ask(turn)
        elif interview.step is None:
            await turn.say(q.NOT_INTERVIEWING)
        elif name == "skip":
            await self.go(turn, SKIP_TO.get(interview.step))
        elif interview.step in DONE_TO:
            await self.go(turn, DONE_TO[interview.step])
        else:
            await turn.say("Nothing to finish here — answer the question, or /skip it.")
            await self.ask(turn)

    async def handle(self, turn: Turn, text: str) -> None:
        """Free text in the offline mode: a correction, an answer, or a pointer to what to do."""
        interview = turn.ctx.state.interview
        correction = parse_correction(text)
        if correction is not None and not self._answers_question(interview, correction.field):
            if turn.ctx.state.cv_id is None:
                await turn.say(q.NO_CV)
                return
            await apply_correction(turn, correction)
            if interview.step is not None:
                await self.ask(turn)
            return
        if interview.step is None:
            await turn.say(q.OFFLINE_HELP if turn.ctx.state.cv_id is not None else q.NO_CV)
            return
        await STEPS[interview.step](self, turn, text.strip())

    @staticmethod
    def _answers_question(interview: InterviewState, field: str | None) -> bool:
        """'My name is Maria' while we ask for the name is the answer, not a correction."""
        asking = {"name": "name", "contact_email": "email", "contact_phone": "phone", "headline": "label"}
        return field is not None and asking.get(interview.step or "") == field

    async def ask(self, turn: Turn) -> None:
        step = turn.ctx.state.interview.step
        if step is not None:
            await turn.say(q.QUESTIONS[step])

    async def go(self, turn: Turn, step: str | None, confirmation: str = "") -> None:
        """Move to `step` (None: the interview is complete) and ask its question."""
        interview = turn.ctx.state.interview
        interview.step = step
        if step is None:
            await self.finish(turn, confirmation)
            return
        if step in ("job_title", "edu_school", "project_name"):
            interview.entry = None
        text = q.QUESTIONS[step]
        await turn.say(f"{confirmation} {text}".strip())

    async def finish(self, turn: Turn, confirmation: str = "") -> None:
        interview = turn.ctx.state.interview
        interview.step = interview.entry = interview.paused = None
        state = await turn.ctx.cvs.load(turn.ctx.current_cv_id())
        summary = f"Your CV has {cv_outline(state.resume)}."
        await turn.say(f"{confirmation} {summary}".strip())
        await turn.buttons(SHOW, ATS, EXPORT, UNDO)

    async def stored(self, turn: Turn, result: ToolResult) -> bool:
        """True if the tool stored the answer; otherwise the reason is shown and the question asked again."""
        if result.ok:
            return True
        await turn.say(result.message)
        await self.ask(turn)
        return False

    # --- steps ------------------------------------------------------------------------------------

    async def on_name(self, turn: Turn, text: str) -> None:
        name = tidy_name(text)
        if not looks_like_name(name):
            await turn.say(q.REASK["name"])
            return
        if await self.stored(turn, await turn.tool("update_basics", name=name)):
            await self.go(turn, "contact", f"Thanks, {name.split()[0]}.")

    async def on_contact(self, turn: Turn, text: str) -> None:
        email, phone = find_email(text), find_phone(text)
        step = turn.ctx.state.interview.step
        if step == "contact_email":
            phone = None
        elif step == "contact_phone":
            email = None
        if email is None and phone is None:
            await turn.say(q.REASK[step or "contact"])
            return
        fields = {k: v for k, v in (("email", email), ("phone", phone)) if v}
        if not await self.stored(turn, await turn.tool("update_basics", **fields)):
            return
        saved = "Saved: " + ", ".join(f"{k} {v}" for k, v in fields.items()) + "."
        if step == "contact" and email is None:
            await self.go(turn, "contact_email", saved)
        elif step == "contact" and phone is None:
            await self.go(turn, "contact_phone", saved)
        else:
            await self.go(turn, "location", saved)

    async def on_location(self, turn: Turn, text: str) -> None:
        place = parse_place(text)
        fields = {
            k: v for k, v in (("city", place.city), ("region", place.region), ("country_code", place.country_code)) if v
        }
        if not fields:
            await self.ask(turn)
            return
        if await self.stored(turn, await turn.tool("update_basics", **fields)):
            shown = ", ".join(v for v in (place.city, place.region, place.country_code) if v)
            await self.go(turn, "headline", f"Saved: {shown}.")

    async def on_headline(self, turn: Turn, text: str) -> None:
        label = title_case(text.strip().rstrip("."))
        if await self.stored(turn, await turn.tool("update_basics", label=label)):
            await self.go(turn, "summary", f"Saved: {label}.")

    async def on_summary(self, turn: Turn, text: str) -> None:
        summary = capitalize_first(text)
        if summary and summary[-1] not in ".!?":
            summary += "."
        if await self.stored(turn, await turn.tool("set_summary", summary=summary)):
            await self.go(turn, "job_title", "Saved your summary.")

    async def on_job_title(self, turn: Turn, text: str) -> None:
        title = parse_job_title(text)
        entry = {k: v for k, v in (("position", title.position), ("name", title.company)) if v}
        if not entry:
            await self.ask(turn)
            return
        if not await self.stored(turn, await turn.tool("add_work_entry", entry=entry)):
            return
        turn.ctx.state.interview.entry = await self._last_index(turn, "work")
        if title.company is None:
            await self.go(turn, "job_company")
        else:
            await self.go(turn, "job_dates", f"Added: {title.position} at {title.company}.")

    async def on_job_company(self, turn: Turn, text: str) -> None:
        company = text.strip().rstrip(".")
        if await self._update_entry(turn, "work", {"name": company}):
            await self.go(turn, "job_dates", f"Saved: {company}.")

    async def on_dates(self, turn: Turn, text: str) -> None:
        step = turn.ctx.state.interview.step or ""
        section = "work" if step == "job_dates" else "education"
        problem = invalid_date_problem(text)
        if problem:
            await turn.say(f"{problem} {q.QUESTIONS[step]}")
            return
        period = parse_period(text)
        if period.start is None:
            await turn.say(q.REASK[step])
            return
        changes = {"startDate": period.start, "endDate": period.end or ""}
        shown = format_period(period.start, period.end)
        if section == "education" and period.end is None and not PRESENT_WORDS.search(text):
            # A single year for a degree is when it was finished.
            changes, shown = {"startDate": "", "endDate": period.start}, format_date(period.start)
        if await self._update_entry(turn, section, changes):
            await self.go(turn, "job_bullets" if section == "work" else "edu_more", f"Saved: {shown}.")

    async def on_job_bullet(self, turn: Turn, text: str) -> None:
        bullet = bullet_text(text)
        if len(bullet) < 4:
            await turn.say("That's a bit short for an achievement. What did you do, and what came of it? (/done)")
            return
        index = turn.ctx.state.interview.entry or 0
        if await self.stored(turn, await turn.tool("add_bullet", index=index, text=bullet)):
            await turn.say(f'Added: "{bullet}" Next one, or /done.')

    async def on_more(self, turn: Turn, text: str) -> None:
        step = turn.ctx.state.interview.step or ""
        answer = yes_or_no(text)
        if answer is None:
            await turn.say(q.REASK["yes_no"])
            return
        following = {"job_more": ("job_title_next", "edu_school"), "edu_more": ("edu_school_next", "skills"),
                     "project_more": ("project_name", None)}[step]  # fmt: skip
        target = following[0] if answer else following[1]
        if target in ("job_title_next", "edu_school_next"):
            turn.ctx.state.interview.step = target.removesuffix("_next")
            turn.ctx.state.interview.entry = None
            await turn.say(q.QUESTIONS[target])
            return
        await self.go(turn, target)

    async def on_school(self, turn: Turn, text: str) -> None:
        institution = text.strip().rstrip(".")
        if not institution:
            await self.ask(turn)
            return
        if not await self.stored(turn, await turn.tool("add_education_entry", entry={"institution": institution})):
            return
        turn.ctx.state.interview.entry = await self._last_index(turn, "education")
        await self.go(turn, "edu_degree", f"Added: {institution}.")

    async def on_degree(self, turn: Turn, text: str) -> None:
        degree = parse_degree(text)
        changes = {k: v for k, v in (("studyType", degree.study_type), ("area", degree.area)) if v}
        if not changes:
            await self.ask(turn)
            return
        if await self._update_entry(turn, "education", changes):
            await self.go(turn, "edu_dates", f"Saved: {' '.join(changes.values())}.")

    async def on_skills(self, turn: Turn, text: str) -> None:
        skills = split_list(text)
        if not skills:
            await self.ask(turn)
            return
        if await self.stored(turn, await turn.tool("add_skills", skills=skills)):
            await self.go(turn, "languages", f"Saved {len(skills)} skill{'s' if len(skills) != 1 else ''}.")

    async def on_languages(self, turn: Turn, text: str) -> None:
        languages = parse_languages(text)
        if not languages:
            await self.ask(turn)
            return
        for language, fluency in languages:
            entry = {"language": language, **({"fluency": fluency} if fluency else {})}
            if not await self.stored(turn, await turn.tool("add_language", entry=entry)):
                return
        shown = ", ".join(f"{lang} ({level})" if level else lang for lang, level in languages)
        await self.go(turn, "project_name", f"Saved: {shown}.")

    async def on_project_name(self, turn: Turn, text: str) -> None:
        name = text.strip().rstrip(".")
        if not name:
            await self.ask(turn)
            return
        if not await self.stored(turn, await turn.tool("add_project", entry={"name": name})):
            return
        turn.ctx.state.interview.entry = await self._last_index(turn, "projects")
        await self.go(turn, "project_description", f"Added: {name}.")

    async def on_project_description(self, turn: Turn, text: str) -> None:
        description = bullet_text(text)
        if await self._update_entry(turn, "projects", {"description": description}):
            await self.go(turn, "project_more", "Saved.")

    # --- helpers ----------------------------------------------------------------------------------

    async def _update_entry(self, turn: Turn, section: str, changes: dict[str, str]) -> bool:
        index = turn.ctx.state.interview.entry
        if index is None:
            index = await self._last_index(turn, section)
        result = await turn.tool("update_entry", section=section, index=index, changes=changes)
        return await self.stored(turn, result)

    @staticmethod
    async def _first_open_step(turn: Turn) -> str | None:
        """Where an interview should pick up on a CV built elsewhere (imported, or with a model)."""
        resume = (await turn.ctx.cvs.load(turn.ctx.current_cv_id())).resume
        basics = resume.basics
        checks = [
            ("name", bool(basics and basics.name)),
            ("contact", bool(basics and (basics.email or basics.phone))),
            ("location", bool(basics and basics.location)),
            ("headline", bool(basics and basics.label)),
            ("summary", bool(basics and basics.summary)),
            ("job_title", bool(resume.work)),
            ("edu_school", bool(resume.education)),
            ("skills", bool(resume.skills)),
            ("languages", bool(resume.languages)),
            ("project_name", bool(resume.projects)),
        ]
        return next((step for step, done in checks if not done), None)

    @staticmethod
    async def _last_index(turn: Turn, section: str) -> int:
        state = await turn.ctx.cvs.load(turn.ctx.current_cv_id())
        return max(len(state.resume.section(section)) - 1, 0)


STEPS: dict[str, Handler] = {
    "name": GuidedInterview.on_name,
    "contact": GuidedInterview.on_contact,
    "contact_email": GuidedInterview.on_contact,
    "contact_phone": GuidedInterview.on_contact,
    "location": GuidedInterview.on_location,
    "headline": GuidedInterview.on_headline,
    "summary": GuidedInterview.on_summary,
    "job_title": GuidedInterview.on_job_title,
    "job_company": GuidedInterview.on_job_company,
    "job_dates": GuidedInterview.on_dates,
    "job_bullets": GuidedInterview.on_job_bullet,
    "job_more": GuidedInterview.on_more,
    "edu_school": GuidedInterview.on_school,
    "edu_degree": GuidedInterview.on_degree,
    "edu_dates": GuidedInterview.on_dates,
    "edu_more": GuidedInterview.on_more,
    "skills": GuidedInterview.on_skills,
    "languages": GuidedInterview.on_languages,
    "project_name": GuidedInterview.on_project_name,
    "project_description": GuidedInterview.on_project_description,
    "project_more": GuidedInterview.on_more,
}
