"""The first words of a chat (web chat start, Telegram /start): the mode, and what to do next."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.assistant.runtime import Runtime
from app.cv.service import CvService
from app.state import ConversationState
from db.repositories.conversations import ConversationRepository
from db.repositories.users import UserRepository


@dataclass(frozen=True)
class Welcome:
    text: str
    has_cv: bool  # channels then offer [Show CV] [Continue]


def mode_label(runtime: Runtime) -> str:
    """The mode as the welcome and the console name it: offline guided mode, or the model in use."""
    return "offline guided mode" if runtime.provider is None else f"model: {runtime.provider.model}"


async def cv_a_new_chat_opens(
    runtime: Runtime, account: tuple[str, str], thread_id: str | None = None
) -> uuid.UUID | None:
    """The CV the chat has open, chosen as ConversationService chooses it: a chat that already has a conversation
    (a Telegram chat's /start) keeps its own state; a new conversation carries on the state of the person's latest
    one (ConversationRepository.get_or_create); a state without a CV opens the most recently changed one."""
    async with runtime.db.session_scope() as session:
        user = await UserRepository(session).find_by_identity(*account)
        if user is None:
            return None
        conversations = ConversationRepository(session, user.id)
        own = await conversations.find(account[0], thread_id) if thread_id is not None else None
        state = ConversationState.load(own.state if own is not None else await conversations.latest_state())
        return state.cv_id or await CvService(session, user.id).latest_id()


async def welcome(runtime: Runtime, account: tuple[str, str], thread_id: str | None = None) -> Welcome:
    lines = [f"Hi! I'm the Altoc CV assistant ({mode_label(runtime)})."]
    cvs = await runtime.call_tool(account, "list_cvs", needs_cv=False)
    if cvs.ok and cvs.data:
        # Name the CV that Show CV will show, not merely the newest one.
        opened = str(await cv_a_new_chat_opens(runtime, account, thread_id))
        shown = next((cv for cv in cvs.data if cv["id"] == opened), cvs.data[0])
        lines.append(f"You already have a CV: **{shown['title']}** ({shown['versions']} versions).")
        lines.append("Show it, or continue where you left off. /new starts another one, /help lists every command.")
        return Welcome("\n".join(lines), True)
    if runtime.provider is None:
        lines.append(
            "Type /new to build your CV step by step (it is saved after every answer), or send the CV you have "
            "(PDF, Word, LinkedIn export or JSON Resume) to import it. /help lists every command."
        )
    else:
        lines.append(
            "Tell me about your work in your own words, or type /new to go step by step. /help lists commands."
        )
    return Welcome("\n".join(lines), False)
