"""A chat's title, as a sidebar of past chats lists it: the CV it is about or the task it did ("CV: Jane Doe",
"ATS check: Backend Engineer"), never the first thing typed ("/new", a file name)."""

from __future__ import annotations

import re

from app.assistant.runtime import Runtime
from app.cv.service import CvService
from app.errors import AltocError
from app.state import ConversationState
from db.repositories.ats import AtsReportRepository
from db.repositories.conversations import ConversationRepository
from db.repositories.jobs import JobRepository
from db.repositories.users import UserRepository

NEW_CHAT = "New chat"  # until the chat is about a CV or a task
_MAX_CHARS = 80
# A company's name: capitalised words ("Monzo", "Sky Betting & Gaming").
_NAME = r"[A-Z][\w&.'-]*(?:\s+(?:(?:&|and|of)\s+)?[A-Z][\w&.'-]*){0,3}"
# Where an ad names its company: a field, "... at Monzo" in its first line, "Monzo is hiring", "About Monzo".
_COMPANY = (
    re.compile(rf"^(?:company|employer|organi[sz]ation)\s*[:\-–]\s*({_NAME})", re.IGNORECASE),
    re.compile(rf"\bat\s+({_NAME})\s*$"),
    re.compile(rf"^({_NAME})\s+(?:is hiring|is looking|are hiring|builds|is building|is an?)\b"),
    re.compile(rf"^About\s+({_NAME})\s*$"),
)
_NOT_A_COMPANY = {"we", "our", "the", "you", "this", "us", "about", "join"}


def company_in(ad: str) -> str | None:
    """The company an ad is from, when its first lines say it plainly; None rather than a guess."""
    lines = [line.strip() for line in ad.strip().splitlines() if line.strip()][:15]
    for n, line in enumerate(lines):
        for pattern in _COMPANY:
            if pattern is _COMPANY[1] and n > 0:  # "at Monzo" only in the title line
                continue
            match = pattern.search(line)
            if match and match.group(1).split()[0].lower() not in _NOT_A_COMPANY:
                return match.group(1).strip()
    return None


def job_name(title: str | None, ad: str) -> str | None:
    """ "Backend Engineer at Monzo": the job's title, with its company when the ad names it."""
    company = company_in(ad)
    if title and company and company.lower() not in title.lower():
        return f"{title} at {company}"
    return title or company


def chat_title(
    cv_name: str | None, has_cv: bool = True, checked_job: str | None = None, checked_here: bool = False
) -> str:
    """What the chat is about: an ATS check it ran (named by the job's title when there was an ad), else its
    CV (by the person's name once the CV has one)."""
    if checked_here:
        title = f"ATS check: {checked_job or cv_name or 'your CV'}"
    elif cv_name:
        title = f"CV: {cv_name}"
    else:
        title = "New CV" if has_cv else NEW_CHAT
    return title if len(title) <= _MAX_CHARS else title[: _MAX_CHARS - 1].rstrip() + "…"


async def conversation_title(runtime: Runtime, account: tuple[str, str], channel: str, thread_id: str) -> str:
    """The title of a channel's thread, from what its conversation holds now."""
    async with runtime.db.session_scope() as session:
        user = await UserRepository(session).find_by_identity(*account)
        conversation = await ConversationRepository(session, user.id).find(channel, thread_id) if user else None
        if user is None or conversation is None:
            return NEW_CHAT
        state = ConversationState.load(conversation.state)
        cv = None
        if state.cv_id is not None:
            try:
                cv = await CvService(session, user.id).load(state.cv_id)
            except AltocError:  # deleted meanwhile
                cv = None
        cv_name = cv.resume.basics.name if cv is not None and cv.resume.basics else None
        report = await AtsReportRepository(session, user.id).get(state.last_report_id) if state.last_report_id else None
        # A new chat carries on the last chat's state, its last check too: only a check run here names this one.
        checked_here = report is not None and report.created_at >= conversation.created_at
        job = await JobRepository(session, user.id).get(report.job_id) if report and report.job_id else None
        return chat_title(cv_name, cv is not None, job_name(job.title, job.text) if job else None, checked_here)
