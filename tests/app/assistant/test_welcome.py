"""The welcome names the CV the chat has open: the one Show CV then shows."""

from __future__ import annotations

from typing import Any

from app.assistant.runtime import Runtime
from app.assistant.welcome import welcome
from tests.conftest import say

ACCOUNT = ("telegram", "7001")


async def test_a_chat_with_its_own_conversation_names_its_own_cv(db: Any, settings: Any, service: Any) -> None:
    """Telegram's /start in a chat that already talks about one CV names that CV, though another chat of the
    same person opened a different one since."""
    runtime = Runtime(settings, db, None, service)
    for thread, name in (("100", "Ana Lima"), ("200", "Jan Nowak")):
        await say(service, "/new", user=ACCOUNT[1], channel=ACCOUNT[0], thread_id=thread)
        await say(service, name, user=ACCOUNT[1], channel=ACCOUNT[0], thread_id=thread)

    assert "Jan Nowak" in (await welcome(runtime, ACCOUNT, "300")).text  # a new chat carries on the latest one
    greeting = await welcome(runtime, ACCOUNT, "100")
    shown = (await say(service, "/show", user=ACCOUNT[1], channel=ACCOUNT[0], thread_id="100")).text
    assert "Ana Lima" in greeting.text and "Ana Lima" in shown and "Jan Nowak" not in greeting.text
