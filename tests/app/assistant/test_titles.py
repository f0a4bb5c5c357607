"""Chat titles: what a chat is about (its CV, its ATS check), never the first thing typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.assistant.titles import NEW_CHAT, chat_title, conversation_title, job_name
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


@pytest.mark.parametrize(
    ("title", "ad", "name"),
    [
        ("Backend Engineer", "Backend Engineer\n\nAbout us\nMonzo is hiring engineers.", "Backend Engineer at Monzo"),
        ("Backend Engineer", "Backend Engineer at Monzo\nLondon", "Backend Engineer at Monzo"),
        ("Data Analyst", "Company: Sky Betting & Gaming\nRole: Data Analyst", "Data Analyst at Sky Betting & Gaming"),
        ("Nurse", "About Leeds Teaching Hospitals\nWe are looking for a nurse.", "Nurse at Leeds Teaching Hospitals"),
        ("Nurse", "We are hiring a Nurse.\nThe team builds care plans.", "Nurse"),  # no company: none made up
        ("Developer", "Developer\nJoin us at our Berlin office.\nAbout the role", "Developer"),
        (None, "Monzo is hiring.", "Monzo"),
    ],
)
def test_a_job_is_named_by_its_title_and_company(title: str | None, ad: str, name: str) -> None:
    assert job_name(title, ad) == name


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
    assert await conversation_title(runtime, account, "web", "t1") == "ATS check: Senior Backend Engineer at PayCo"

    # A new chat carries on the CV (and the last check's fixes), but the check was not made in it.
    await say(service, "/show", thread_id="t2", **WEB)
    assert await conversation_title(runtime, account, "web", "t2") == "CV: Jane Doe"
