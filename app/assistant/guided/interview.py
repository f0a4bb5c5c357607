"""The guided interview: a deterministic state machine that fills the CV section by section.

Each step is a question waiting for an answer (`steps.Step`); its handler (`answers.HANDLERS`) stores the
answer through the tools — a new version each time — and names the next step. Requests in plain words
("change my phone to …", "remove the second job") work at any step and outside the interview.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from app.assistant.active_turn import ActiveTurn
from app.assistant.commands import SHOW, Ats, Export
from app.assistant.guided import questions as q
from app.assistant.guided.answers import HANDLERS
from app.assistant.guided.corrections import apply_correction, reading_correction
from app.assistant.guided.flow import Move, entries_of
from app.assistant.guided.readers import is_decline
from app.assistant.guided.requests import Correction, EntryRef, Kind, Reading, parse_correction
from app.assistant.guided.steps import ASKS_FOR, DONE_TO, ENTRY_STARTS, LOOP_START, SECTION_OF, SKIP_TO, Step, as_step
from app.assistant.guided.understand import parse_requests, understood_parts
from app.cv.model import Resume
from app.cv.readable import cv_outline
from app.cv.sections import entry_label
from app.events import Button
from app.state import InterviewState

ATS = Button("Check against a job ad", Ats())
EXPORT = Button("Export PDF", Export())
# "My name is …" while the name is asked is an answer; in prose (an achievement) only a sure request counts.
PROSE_STEPS = frozenset({Step.SUMMARY, Step.JOB_BULLETS, Step.PROJECT_DESCRIPTION})
# The first question of each part of the CV, and whether the CV already answers it: those are not asked.
ANSWERED: dict[Step, Callable[[Resume], bool]] = {
    Step.NAME: lambda r: bool(r.basics and r.basics.name),
    Step.CONTACT: lambda r: bool(r.basics and (r.basics.email or r.basics.phone)),
    Step.LOCATION: lambda r: bool(r.basics and r.basics.location),
    Step.HEADLINE: lambda r: bool(r.basics and r.basics.label),
    Step.SUMMARY: lambda r: bool(r.basics and r.basics.summary),
    Step.JOB: lambda r: bool(r.work),
    Step.SCHOOL: lambda r: bool(r.education),
    Step.SKILLS: lambda r: bool(r.skills),
    Step.LANGUAGES: lambda r: bool(r.languages),
    Step.PROJECT: lambda r: bool(r.projects),
}
GREETING = re.compile(r"^\s*(?:hi|hello|hey|hallo|good (?:morning|afternoon|evening))\b", re.I)
# Steps where "no" is an answer of its own rather than a pass.
OWN_NO = frozenset({Step.JOB_END, Step.MORE_JOBS, Step.MORE_SCHOOLS, Step.MORE_PROJECTS})


class GuidedInterview:
    """Offline guided mode: `/new` starts it, each answer is stored at once, `/cancel` pauses it."""

    async def command(self, turn: ActiveTurn, name: str, *, offline: bool) -> None:
        """/new, /done, /skip, /cancel, /continue."""
        interview = turn.ctx.state.interview
        step = as_step(interview.step)
        if name == "new":
            await self._new(turn, offline)
        elif name == "continue":
            await self._continue(turn)
        elif step is None:
            await turn.say(q.NOT_INTERVIEWING)
        elif name == "cancel":
            interview.paused, interview.step = (interview.resume_at if interview.detour else step), None
            interview.detour, interview.resume_at = False, None
            await turn.say(q.CANCELLED)
        elif name == "skip":
            await self.go(turn, SKIP_TO[step])
        elif step in DONE_TO:
            await self.go(turn, DONE_TO[step])
        else:
            await turn.say(f"{q.NOTHING_TO_FINISH} {self.question(interview)}")

    async def handle(self, turn: ActiveTurn, text: str) -> None:
        """Free text: a request in plain words, an answer to the waiting question, or a pointer to what to do."""
        state = turn.ctx.state
        interview = state.interview
        step = as_step(interview.step)
        if step is not None and interview.cv_id is not None and interview.cv_id != state.cv_id:
            interview.step = interview.paused = None
            interview.detour, interview.resume_at = False, None
            await turn.say(q.OTHER_CV)
            return
        corrections = parse_requests(text)
        if len(corrections) > 1 and step not in PROSE_STEPS:
            for number, each in enumerate(corrections, 1):
                await self._request(turn, each, step, ask=number == len(corrections))
            return
        correction = corrections[0] if len(corrections) == 1 else parse_correction(text)
        if correction is not None and self._is_request(correction, step):
            await self._request(turn, correction, step)
            return
        if correction is not None and correction.kind == Kind.SET_FIELD and correction.value:
            text = correction.value  # "my email is …" answering the email question
        if step is None:
            await self._outside(turn, text)
        elif step not in OWN_NO and is_decline(text):
            await self.go(turn, DONE_TO[step] if step in DONE_TO else SKIP_TO[step])
        else:
            await self.apply(turn, await HANDLERS[step](turn, text.strip()))

    # --- moving between steps ---------------------------------------------------------------------

    @staticmethod
    def question(interview: InterviewState) -> str:
        step = as_step(interview.step)
        return q.question(step, interview.detour) if step is not None else ""

    async def apply(self, turn: ActiveTurn, move: Move) -> None:
        if move.stay:
            await turn.say(move.said)
        else:
            await self.go(turn, move.to, move.said)

    async def go(self, turn: ActiveTurn, to: Step | None, said: str = "") -> None:
        """Move to `to` (None: the interview is complete), say `said` and ask the next question."""
        interview = turn.ctx.state.interview
        origin = as_step(interview.step)
        if interview.detour and (to is None or origin is None or SECTION_OF[to] != SECTION_OF[origin]):
            await self._end_detour(turn, said)
            return
        interview.step = to = await self._open_step(turn, to)
        if to is None:
            await self.finish(turn, f"{said} {q.INTERVIEW_DONE}", hint=True)
            return
        if to in ENTRY_STARTS:
            interview.entry = None
        await turn.say(f"{said} {q.question(to, interview.detour)}".strip())

    async def _end_detour(self, turn: ActiveTurn, said: str) -> None:
        interview = turn.ctx.state.interview
        back = as_step(interview.resume_at)
        interview.detour, interview.resume_at, interview.entry = False, None, None
        interview.step = back
        if back is None:
            await self.finish(turn, f"{said} {q.DETOUR_DONE}")
            return
        await turn.say(f"{said} Back to where we were: {q.question(back)}".strip())

    async def finish(self, turn: ActiveTurn, said: str = "", hint: bool = False) -> None:
        """The CV in one sentence and what to do next."""
        interview = turn.ctx.state.interview
        interview.step = interview.entry = None
        if hint:
            interview.paused = None
        state = await turn.ctx.cvs.load(turn.ctx.current_cv_id())
        await turn.say(f"{said} Your CV has {cv_outline(state.resume)}.".strip())
        if hint:
            await turn.say(q.NEXT_STEPS)
        await turn.buttons(SHOW, ATS, EXPORT)

    # --- commands ---------------------------------------------------------------------------------

    async def _new(self, turn: ActiveTurn, offline: bool) -> None:
        result = await turn.tool("create_cv")
        if not result.ok:
            await turn.say(result.message)
            return
        fresh = InterviewState(step=Step.NAME if offline else None, cv_id=turn.ctx.state.cv_id)
        turn.ctx.state.interview = fresh
        await turn.say(q.START if offline else q.ONLINE_NEW)

    async def _continue(self, turn: ActiveTurn) -> None:
        state = turn.ctx.state
        if state.cv_id is None:
            await turn.say(q.NO_CV)
            return
        interview = state.interview
        step = as_step(interview.step) or as_step(interview.paused) or await self._first_open_step(turn)
        interview.step, interview.paused, interview.cv_id = step, None, state.cv_id
        if step is None:
            await self.finish(turn, q.ALL_ANSWERED)
            return
        await turn.say(self.question(interview))

    async def _first_open_step(self, turn: ActiveTurn) -> Step | None:
        """Where an interview picks up on a CV built elsewhere (imported, or with a model)."""
        return await self._open_step(turn, Step.NAME)

    async def _open_step(self, turn: ActiveTurn, step: Step | None) -> Step | None:
        """`step`, or the first one after it whose part of the CV is still empty (no question twice)."""
        resume = (await turn.ctx.cvs.load(turn.ctx.current_cv_id())).resume
        while step is not None and step in ANSWERED and ANSWERED[step](resume):
            step = SKIP_TO[step]
        return step

    # --- requests in plain words ------------------------------------------------------------------

    @staticmethod
    def _is_request(correction: Correction, step: Step | None) -> bool:
        if correction.kind == Kind.SET_FIELD and step is not None and correction.field in ASKS_FOR.get(step, ()):
            return False
        target = correction.target
        if step is not None and target is not None and target.index is None and target.name is None:
            return SECTION_OF[step] != target.section  # "I left in 2018" while a job is asked about answers it
        return correction.certain or step not in PROSE_STEPS

    async def reading(self, turn: ActiveTurn, reading: Reading) -> None:
        """A pressed reading of an earlier request: apply it as if it had been said that way."""
        await self._request(turn, reading_correction(reading), as_step(turn.ctx.state.interview.step))

    async def _request(self, turn: ActiveTurn, correction: Correction, step: Step | None, ask: bool = True) -> None:
        if turn.ctx.state.cv_id is None:
            await turn.say(q.OFFLINE_HELP if correction.kind == Kind.HELP else q.NO_CV)
            return
        if correction.kind == Kind.ADD_ENTRY and correction.section in LOOP_START:
            await self._start_section(turn, correction.section, correction.value)
            return
        interview = turn.ctx.state.interview
        before = await self._current_entry(turn, step)
        await apply_correction(turn, correction, self._current_ref(interview, step))
        if step is None or not ask:
            return
        if before is not None and not await self._follow_current(turn, step, *before):
            section = SECTION_OF[step]
            interview.step, interview.entry = LOOP_START[section][1 if await self._count(turn, section) else 0], None
            await turn.say("The entry we were filling in is gone, so let's go on from there.")
        waiting = as_step(interview.step)
        again = q.AFTER_CHANGE.get(waiting) if waiting is not None and not interview.detour else None
        await turn.say(again or self.question(interview))

    async def _start_section(self, turn: ActiveTurn, section: str, first_answer: str | None) -> None:
        """'add a job' / 'add a project: X': fill one more entry, then return to where we were."""
        interview = turn.ctx.state.interview
        step = as_step(interview.step)
        if step is None or SECTION_OF[step] != section:
            interview.detour, interview.resume_at = True, step
        first = LOOP_START[section][0 if interview.detour or not await self._count(turn, section) else 1]
        interview.step, interview.entry, interview.cv_id = first, None, turn.ctx.state.cv_id
        if first_answer:
            await self.apply(turn, await HANDLERS[first](turn, first_answer))
        else:
            await turn.say(q.question(first, interview.detour))

    async def _outside(self, turn: ActiveTurn, text: str) -> None:
        state = turn.ctx.state
        if state.cv_id is None:
            await turn.say(q.NO_CV)
            return
        paused = f" {q.PAUSED_HINT}" if state.interview.paused is not None else ""
        if GREETING.match(text):
            await turn.say(f"Hi! {q.OFFLINE_HELP}{paused}")
            return
        understood, not_understood = understood_parts(text)
        if understood and not_understood:
            await turn.say(q.PART_NOT_UNDERSTOOD.format(parts="; ".join(f"'{p}'" for p in not_understood)))
            return
        await turn.say(f"{q.NOT_UNDERSTOOD}{paused}")

    # --- the entry being filled in, across a correction -------------------------------------------

    @staticmethod
    def _current_ref(interview: InterviewState, step: Step | None) -> EntryRef | None:
        if step is None or interview.entry is None or SECTION_OF[step] not in LOOP_START:
            return None
        return EntryRef(SECTION_OF[step], index=interview.entry)

    async def _count(self, turn: ActiveTurn, section: str) -> int:
        return len(await entries_of(turn, section))

    async def _current_entry(self, turn: ActiveTurn, step: Step | None) -> tuple[str, int] | None:
        """The label of the entry being filled in and how many entries its section has."""
        ref = self._current_ref(turn.ctx.state.interview, step)
        if ref is None or ref.index is None:
            return None
        entries = await entries_of(turn, ref.section)
        return (entry_label(ref.section, entries[ref.index]), len(entries)) if ref.index < len(entries) else None

    async def _follow_current(self, turn: ActiveTurn, step: Step, label: str, count: int) -> bool:
        """After a change, follow the entry being filled in (it may have moved); False if it is gone."""
        interview = turn.ctx.state.interview
        index = interview.entry
        labels = [entry_label(SECTION_OF[step], e) for e in await entries_of(turn, SECTION_OF[step])]
        if index is not None and index < len(labels) and labels[index] == label:
            return True
        if label in labels:  # moved, or one before it was removed
            interview.entry = labels.index(label)
            return True
        return index is not None and len(labels) == count and index < len(labels)  # edited in place
