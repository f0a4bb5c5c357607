"""The Chainlit web chat: a welcome, then every message and button press is a turn for ConversationService."""

from __future__ import annotations

import chainlit as cl

from app.commands import SHOW
from app.errors import AltocError
from app.events import ButtonPress, UserTurn
from app.runtime import LOCAL_ACCOUNT_CHANNEL, LOCAL_USER, Runtime
from channels.web.lifecycle import WEB_RUNTIME, mode_label
from channels.web.sink import BUTTON_ACTION, ChainlitSink, action_for, press_from

CHANNEL = "web"
CONTINUE_ACTION = "continue"
# Until sign-in lands, the web chat is the person at this computer: the same account as `altoc chat`.
ACCOUNT = (LOCAL_ACCOUNT_CHANNEL, LOCAL_USER)


@cl.on_app_startup
async def on_app_startup() -> None:
    """Have the runtime ready before the first page: `altoc serve` started it already, `chainlit run` did not."""
    await WEB_RUNTIME.get()


@cl.on_app_shutdown
async def on_app_shutdown() -> None:
    """Release the database here: Chainlit ends the process with os._exit, so atexit never runs."""
    await WEB_RUNTIME.close()


@cl.on_chat_start
async def on_chat_start() -> None:
    """Greet the person: which mode, what to type first, and their CV if they already have one."""
    runtime = await _runtime()
    if runtime is None:
        return
    lines = [f"Hi! I'm the Altoc CV assistant ({mode_label(runtime)})."]
    cvs = await runtime.call_tool(ACCOUNT, "list_cvs", needs_cv=False)
    if cvs.ok and cvs.data:
        latest = cvs.data[0]
        lines.append(f"You already have a CV: **{latest['title']}** ({latest['versions']} versions).")
        lines.append("Show it, or continue where you left off. /new starts another one, /help lists every command.")
        actions = [action_for(SHOW), cl.Action(name=CONTINUE_ACTION, label="Continue", payload={})]
        await cl.Message(content="\n".join(lines), actions=actions).send()
        return
    if runtime.provider is None:
        lines.append(
            "Type /new to build your CV step by step: it is saved after every answer. /help lists every command."
        )
    else:
        lines.append(
            "Tell me about your work in your own words, or type /new to go step by step. /help lists commands."
        )
    await cl.Message(content="\n".join(lines)).send()


@cl.on_message
async def on_message(message: cl.Message) -> None:
    """A message typed in the browser."""
    await _send_turn(text=message.content)


@cl.action_callback(BUTTON_ACTION)
async def on_action(action: cl.Action) -> None:
    """A click on a button the assistant offered: goes back to the core as a ButtonPress."""
    press = press_from(action)
    if press is None:
        await cl.Message(content="That button is no longer available. /help lists what I can do.").send()
        return
    await _send_turn(button=press)


@cl.action_callback(CONTINUE_ACTION)
async def on_continue(action: cl.Action) -> None:
    """[Continue] on the welcome: nothing to run, the conversation already carries on where it stopped."""
    await cl.Message(content="Go ahead: answer where we stopped, tell me what to change, or /show the CV.").send()


async def _send_turn(text: str = "", button: ButtonPress | None = None) -> None:
    runtime = await _runtime()
    if runtime is None:
        return
    turn = UserTurn(
        channel=CHANNEL,
        external_user_id=LOCAL_USER,
        account_channel=LOCAL_ACCOUNT_CHANNEL,
        thread_id=cl.context.session.thread_id,
        text=text,
        button=button,
    )
    sink = ChainlitSink()
    try:
        await runtime.service.handle(turn, sink)
    finally:
        await sink.flush()


async def _runtime() -> Runtime | None:
    """The process's runtime, or None after telling the person why it could not start."""
    try:
        return await WEB_RUNTIME.get()
    except AltocError as exc:
        await cl.Message(content=f"The assistant could not start: {exc.message}").send()
        return None
