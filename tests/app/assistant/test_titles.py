"""Chat titles: what a chat is about (its CV, its ATS check), never the first thing typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.assistant.titles import NEW_CHAT, chat_title, conversation_title
from tests.conftest import say

BACKEND_AD = (Path(__file__).parents[3] / "bench" / "fixtures" / "ats_job_backend.txt").read_text()
WEB = {"user": "jane@example.com", "channel": "web"}


@pytest.mark.parametrize(
    ("arguments", "title"),
    [
        ((None, False), NEW_CHAT),
        ((None, True), "New CV"),
        (("Jane Doe", True), "CV: Jane Doe"),
        (("Jane Doe", True, "Backend Engineer", True), "ATS check: Backend Engineer"),
        (("Jane Doe", True, None, True), "ATS check: Jane Doe"),  # a check without a job ad
        (("Jane Doe", True, "Backend Engineer", False), "CV: Jane Doe"),  # a check of an earlier chat
        (("J" * 120, True), "CV: " + "J" * 75 + "…"),
    ],
)
def test_a_title_says_what_the_chat_is_about(arguments: tuple[Any, ...], title: str) -> None:
    assert chat_title(*arguments) == title


async def test_a_chat_is_named_by_its_cv_then_by_its_check(service: Any, settings: Any, db: Any) -> None:
    from app.assistant.runtime import Runtime

    runtime = Runtime(settings, db, None, service)
    account = ("web", WEB["user"])
    assert await conversation_title(runtime, account, "web", "t1") == NEW_CHAT  # no conversation yet
    await say(service, "/new", thread_id="t1", **WEB)
    assert await conversation_title(runtime, account, "web", "t1") == "New CV"
    await say(service, "Jane Doe", thread_id="t1", **WEB)
    assert await conversation_title(runtime, account, "web", "t1") == "CV: Jane Doe"
    await say(service, "/ats " + BACKEND_AD, thread_id="t1", **WEB)
    assert await conversation_title(runtime, account, "web", "t1") == "ATS check: Senior Backend Engineer"

    # A new chat carries on the CV (and the last check's fixes), but the check was not made in it.
    await say(service, "/show", thread_id="t2", **WEB)
    assert await conversation_title(runtime, account, "web", "t2") == "CV: Jane Doe"
