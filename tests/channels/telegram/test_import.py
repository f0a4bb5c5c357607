"""A CV sent to the real bot as a document is imported and opened (bad files: tests/app/assistant/)."""

from __future__ import annotations

import json
from typing import Any

from tests.channels.telegram.test_bad_input import bot  # noqa: F401  (the fixture)
from tests.channels.telegram.test_bot import exchange, texts
from tests.fakes.telegram_server import FakeTelegram
from tests.import_files import full_pdf


async def test_a_pdf_document_becomes_a_cv(bot: FakeTelegram) -> None:  # noqa: F811
    user = 931
    replies = await exchange(bot, user, lambda: bot.send_document(user, "Maria CV.pdf", full_pdf(), "application/pdf"))
    assert "Imported Maria Kowalska from Maria CV.pdf" in texts(replies), texts(replies)
    if "I am unsure of" not in texts(replies):  # else the buttons come after the questions (tests/app/assistant)
        keyboards: list[Any] = [r.params["reply_markup"] for r in replies if "reply_markup" in r.params]
        markup = keyboards[-1] if isinstance(keyboards[-1], dict) else json.loads(keyboards[-1])
        labels = [button["text"] for row in markup["inline_keyboard"] for button in row]
        assert labels == ["Show CV", "Export PDF", "Check against a job"]

    replies = await exchange(bot, user, lambda: bot.send_text(user, "/show"))
    assert "Maria Kowalska" in texts(replies)  # opened in this chat
