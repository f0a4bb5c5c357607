"""Bad input through the real bot: NUL in a message or a JSON Resume, JSON nested 50,000 deep, invisible skills."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.assistant.conversation import ConversationService
from app.assistant.runtime import Runtime
from channels.telegram.bot import build_application, start, stop
from tests.channels.telegram.test_bot import exchange, telegram_settings, texts
from tests.fakes.telegram_server import FakeTelegram

WENT_WRONG = "went wrong"


@pytest.fixture
async def bot(db: Any, tmp_path: Path) -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram().start()
    settings = telegram_settings(tmp_path, fake.url, ALTOC_MAX_UPLOAD_BYTES=200_000)
    application = build_application(Runtime(settings, db, None, ConversationService(db, settings)))
    await start(application)
    try:
        yield fake
    finally:
        await stop(application)
        fake.stop()


async def test_nul_and_control_characters_in_messages_are_cleaned(bot: FakeTelegram) -> None:
    user = 901
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/new\x00"))
    assert WENT_WRONG not in texts(replies) and "name" in texts(replies).lower()
    replies = await exchange(bot, user, lambda: bot.send_text(user, "Maria\x00 Kowal\u200bska\x1b[2J"))
    assert WENT_WRONG not in texts(replies), texts(replies)
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/show"))
    assert "Maria Kowalska" in texts(replies) and "\x1b" not in texts(replies)


async def test_json_resume_with_nul_deep_nesting_or_invisible_skills(bot: FakeTelegram) -> None:
    user = 902
    nul = b'{"basics": {"name": "Maria\\u0000 Kowalska"}, "skills": [{"name": "Python\\u0000"}]}'
    replies = await exchange(bot, user, lambda: bot.send_document(user, "cv.json", nul, "application/json"))
    assert "Imported Maria Kowalska from cv.json as CV" in texts(replies), texts(replies)

    deep = ('{"basics": ' + "[" * 50_000 + "]" * 50_000 + "}").encode()
    replies = await exchange(bot, user, lambda: bot.send_document(user, "deep.json", deep, "application/json"))
    assert "deep.json is nested more than 64 levels deep" in texts(replies), texts(replies)

    invisible = json.dumps({"basics": {"name": "Olena"}, "skills": [{"name": "\u200b"}]}).encode()
    replies = await exchange(bot, user, lambda: bot.send_document(user, "zw.json", invisible, "application/json"))
    assert "skills[0].name has only invisible or control characters" in texts(replies), texts(replies)
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/cvs"))
    assert "Maria Kowalska" in texts(replies) and "Olena" not in texts(replies)  # nothing half-imported
