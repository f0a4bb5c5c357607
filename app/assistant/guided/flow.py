"""What step handlers share: the `Move` they return, and the entry of a list being filled in."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from app.assistant.active_turn import ActiveTurn
from app.assistant.guided import questions as q
from app.assistant.guided.readers import date_problem
from app.assistant.guided.steps import Step, as_step
from app.cv.parse import PRESENT_WORDS, format_date, format_period, parse_period
from app.state import InterviewState
from tools.registry import ToolResult


@dataclass(frozen=True)
class Move:
    """Where the interview goes after an answer. `stay`: the same step, after saying `said` (which re-asks)."""

    to: Step | None = None
    said: str = ""
    stay: bool = False


def advance(to: Step | None, said: str = "") -> Move:
    return Move(to, said)


def stay(said: str) -> Move:
    return Move(None, said, stay=True)


AnswerHandler = Callable[[ActiveTurn, str], Awaitable[Move]]


def interview_of(turn: ActiveTurn) -> InterviewState:
    return turn.ctx.state.interview


def waiting_step(turn: ActiveTurn) -> Step:
    step = as_step(interview_of(turn).step)
    assert step is not None, "a step handler runs only while a step is waiting"
    return step


def ask_again(turn: ActiveTurn, problem: str) -> Move:
    """Stay on the step: the problem, then the question again."""
    return stay(f"{problem} {q.question(waiting_step(turn), interview_of(turn).detour)}")


def refused(turn: ActiveTurn, result: ToolResult) -> Move:
    """A tool said no (an end date before the start...): show why and ask again; nothing was stored."""
    return ask_again(turn, result.message)


async def entries_of(turn: ActiveTurn, section: str) -> list[dict[str, Any]]:
    state = await turn.ctx.cvs.load(turn.ctx.current_cv_id())
    entries: list[dict[str, Any]] = state.resume.to_json().get(section, [])
    return entries


async def current_entry(turn: ActiveTurn, section: str) -> dict[str, Any]:
    entries = await entries_of(turn, section)
    index = interview_of(turn).entry
    return entries[index] if index is not None and 0 <= index < len(entries) else {}


async def remember_added(turn: ActiveTurn, section: str) -> None:
    """Remember the entry just added (the last one) as the one being filled in."""
    interview_of(turn).entry = len(await entries_of(turn, section)) - 1


async def update_current(turn: ActiveTurn, section: str, changes: dict[str, Any]) -> ToolResult:
    index = interview_of(turn).entry
    if index is None:  # an interview saved by an older version: the entry filled last
        index = max(len(await entries_of(turn, section)) - 1, 0)
        interview_of(turn).entry = index
    return await turn.tool("update_entry", section=section, index=index, changes=changes)


def _date_key(entry: dict[str, Any]) -> str | None:
    value = entry.get("startDate") or entry.get("endDate")
    return str(value) if value else None


async def keep_in_date_order(turn: ActiveTurn, section: str) -> str:
    """Newest first: move the entry just dated below the newer ones (through move_entry). Returns a note or ""."""
    entries = await entries_of(turn, section)
    index = interview_of(turn).entry
    if index is None or not 0 <= index < len(entries) or (mine := _date_key(entries[index])) is None:
        return ""
    others = [e for i, e in enumerate(entries) if i != index]
    target = 0
    for other in others:
        key = _date_key(other)
        if key is not None and key < mine:
            break
        target += 1
    if target == index:
        return ""
    result = await turn.tool("move_entry", section=section, index=index, to_index=target)
    if not result.ok:
        return ""
    interview_of(turn).entry = target
    return " I put it in date order, newest first."


def period_changes(text: str | None, single_is_end: bool = False) -> tuple[dict[str, str], str, bool]:
    """(changes, shown, open-ended) for typed dates; single_is_end: a lone year is when it ended (a degree)."""
    if not text or date_problem(text):
        return {}, "", False
    period = parse_period(text)
    if period.start is None:
        return {}, "", False
    present = bool(PRESENT_WORDS.search(text) or re.search(r"\bsince\b", text, re.I))
    if single_is_end and period.end is None and not present:
        return {"startDate": "", "endDate": period.start}, f"finished {format_date(period.start)}", False
    changes = {"startDate": period.start, "endDate": period.end or ""}
    return changes, format_period(period.start, period.end), period.end is None and not present
