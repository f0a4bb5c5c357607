"""ConversationService: bad input gets a clear answer and leaves stored data intact."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.assistant.commands import COMMANDS, History
from app.events import action_from
from db.models import Message, User
from tests.conftest import say


async def _count(db: Any, model: Any) -> int:
    async with db.session_scope() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_one_megabyte_message_is_refused_and_nothing_stored(service: Any, db: Any) -> None:
    sink = await say(service, "x" * 1_048_576)
    assert "1,048,576 characters long; the limit is 20,000" in sink.text
    assert "upload it as a file" in sink.text
    assert await _count(db, Message) == 0 and await _count(db, User) == 0


async def test_unknown_command(service: Any) -> None:
    sink = await say(service, "/frobnicate now")
    assert sink.text.startswith("I don't know the command /frobnicate. The commands are /new, /show, /export")
    assert all(f"/{name}" in sink.text for name in COMMANDS) and "/help says what each does" in sink.text


async def test_help_lists_every_command(service: Any) -> None:
    text = (await say(service, "/help")).text
    for command in ("/new", "/show", "/history", "/undo", "/export", "/ats", "/help"):
        assert command in text


async def test_commands_without_a_cv_explain_what_to_do(service: Any) -> None:
    for command in ("/show", "/undo", "/history", "/export"):
        text = (await say(service, command)).text
        assert "no CV" in text or "No CV" in text, (command, text)


async def test_ats_needs_a_cv_first(service: Any) -> None:
    assert "You have no CV yet" in (await say(service, "/ats")).text


async def test_buttons_run_commands_and_stale_buttons_are_explained(service: Any) -> None:
    await say(service, "/new")
    sink = await say(service, button=History())
    assert "Your CV's versions, newest first" in sink.text
    assert action_from("apply_fix", {"id": "nope"}) is None  # a kind of button that does not exist (any more)
    assert action_from("fix", {"id": "nope"}) is None  # an argument the command does not take


async def test_empty_message(service: Any) -> None:
    assert "did not get any text" in (await say(service, "   ")).text


async def test_every_turn_is_stored_with_the_reply(service: Any, db: Any) -> None:
    await say(service, "/help")
    async with db.session_scope() as session:
        rows = list((await session.execute(select(Message).order_by(Message.id))).scalars())
    assert [r.role for r in rows] == ["user", "assistant"]
    assert rows[0].text == "/help" and "Commands:" in rows[1].text


async def test_users_are_kept_apart(service: Any) -> None:
    await say(service, "/new", user="alice")
    sink = await say(service, "/show", user="bob")
    assert "no CV" in sink.text
