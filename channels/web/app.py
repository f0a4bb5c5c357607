"""The Chainlit web chat: sign-in, a welcome, then every message, upload and button press is a turn for
ConversationService. History is kept in our database (channels.web.history)."""

from __future__ import annotations

import logging
from pathlib import Path

import chainlit as cl

import channels.web.history  # noqa: F401  (registers the data layer)
from app.assistant.commands import CONTINUE, SHOW, Ats, CommandArgs, Help, New
from app.assistant.runtime import Runtime
from app.assistant.titles import conversation_title
from app.assistant.welcome import cv_a_new_chat_opens, welcome
from app.errors import AltocError
from app.events import Action, Button, IncomingFile, UserTurn
from channels.web.auth import web_account
from channels.web.chainlit_internals import after_thread_resumed, show_unkept
from channels.web.history import name_chat
from channels.web.lifecycle import WEB_RUNTIME
from channels.web.sink import BUTTON_ACTION, ChainlitSink, action_for, press_from

log = logging.getLogger(__name__)
CHANNEL = "web"
TITLE_KEY = "altoc_title"  # the chat's title as last given, in Chainlit's user session


# The three things people come for, one click each (the README names them). Chainlit shows its starters only
# until the chat's first message, and the welcome is one, so they come again as the welcome's buttons.
STARTERS: tuple[tuple[str, CommandArgs], ...] = (
    ("Build my CV", New()),
    ("Check my CV against a job", Ats()),
    ("Import my CV", Help(topic="import")),  # asks for the file and names the formats
)
STARTER_BUTTONS = tuple(Button(label, command) for label, command in STARTERS)


@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    """The starters on Chainlit's empty chat: each sends the command its button does."""
    return [cl.Starter(label=label, message=command.as_text()) for label, command in STARTERS]


@cl.on_chat_start
async def on_chat_start() -> None:
    """Greet the person: which mode, what to type first, and their CV if they already have one."""
    runtime = await _runtime()
    account = web_account(cl.context.session.user)
    if runtime is None or account is None:
        return
    try:
        greeting = await welcome(runtime, account)
    except AltocError as exc:  # the database stopped answering: say so instead of a blank chat
        await cl.Message(content=exc.message).send()
        return
    buttons = (SHOW, CONTINUE) if greeting.has_cv else STARTER_BUTTONS
    await cl.Message(content=greeting.text, actions=[action_for(button) for button in buttons]).send()


@cl.on_chat_resume
async def on_chat_resume(thread: cl.types.ThreadDict) -> None:
    """A thread reopened from the history (or the page reloaded): its messages are back, but not their buttons
    (Chainlit keeps no actions): say so, with the commands to type, and offer fresh buttons that work, once
    the page shows the thread."""

    async def welcome_back() -> None:  # shown on this page, not stored: each reload would add one
        await show_unkept(cl.Message(content=RESUMED), await _resume_buttons())

    after_thread_resumed(welcome_back)


RESUMED = (
    "Welcome back. The buttons of earlier messages do not come back after a reload: type /show to see your "
    "CV, /continue to carry on with the questions, or /help for every command."
)


async def _resume_buttons() -> list[cl.Action]:
    runtime = await _runtime()
    account = web_account(cl.context.session.user)
    if runtime is None or account is None:
        return []
    try:
        has_cv = await cv_a_new_chat_opens(runtime, account) is not None
    except AltocError:
        return []
    return [action_for(SHOW), action_for(CONTINUE)] if has_cv else []


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """A message typed in the browser, with any files attached to it."""
    files = [_incoming(element) for element in message.elements or [] if getattr(element, "path", None)]
    await _send_turn(text=message.content, files=tuple(f for f in files if f is not None))


@cl.action_callback(BUTTON_ACTION)
async def on_action(action: cl.Action) -> None:
    """A click on a button the assistant offered: its typed action goes back to the core."""
    press = press_from(action)
    if press is None:
        await cl.Message(content="That button is no longer available. /help lists what I can do.").send()
        return
    await _send_turn(button=press)


def _incoming(element: object) -> IncomingFile | None:
    """An uploaded file as the core sees it. Chainlit already enforced type and size; the core sniffs again."""
    path = Path(str(getattr(element, "path", "")))
    try:
        data = path.read_bytes()
    except OSError:
        log.warning("uploaded file vanished: %s", path)
        return None
    return IncomingFile(name=str(getattr(element, "name", path.name)), data=data, mime=getattr(element, "mime", None))


async def _send_turn(text: str = "", button: Action | None = None, files: tuple[IncomingFile, ...] = ()) -> None:
    runtime = await _runtime()
    account = web_account(cl.context.session.user)
    if runtime is None:
        return
    if account is None:
        await cl.Message(content="Please sign in first.").send()
        return
    turn = UserTurn(
        channel=CHANNEL,
        external_user_id=account[1],
        account_channel=account[0],
        display_name=getattr(cl.context.session.user, "display_name", None),
        thread_id=cl.context.session.thread_id,
        text=text,
        button=button,
        files=files,
    )
    sink = ChainlitSink()
    try:
        await runtime.service.handle(turn, sink)
    finally:
        await sink.flush()
    await _title_chat(runtime, account)


async def _title_chat(runtime: Runtime, account: tuple[str, str]) -> None:
    """Name the chat by what it is about now (its CV, its ATS check), when that changed."""
    thread_id = cl.context.session.thread_id
    try:
        title = await conversation_title(runtime, account, CHANNEL, thread_id)
    except AltocError:  # the database stopped answering: the turn already said so
        return
    if title == cl.user_session.get(TITLE_KEY):
        return
    cl.user_session.set(TITLE_KEY, title)
    await name_chat(thread_id, title)


async def _runtime() -> Runtime | None:
    """The process's runtime, or None after telling the person why it could not start."""
    try:
        return await WEB_RUNTIME.get()
    except AltocError as exc:
        await cl.Message(content=f"The assistant could not start: {exc.message}").send()
        return None
