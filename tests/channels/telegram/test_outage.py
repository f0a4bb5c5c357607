"""Telegram's /start when the database does not answer: the person is told, instead of no answer at all."""

from __future__ import annotations

from pathlib import Path

from app.assistant.conversation import ConversationService
from app.assistant.runtime import Runtime
from channels.telegram.bot import build_application, start, stop
from db.session import EXTERNAL_UNAVAILABLE, Database, normalize_url
from tests.channels.telegram.test_bot import exchange, telegram_settings
from tests.fakes.telegram_server import FakeTelegram


async def test_start_says_the_database_stopped(tmp_path: Path) -> None:
    fake = FakeTelegram().start()
    settings = telegram_settings(tmp_path, fake.url)
    database = Database.connect(normalize_url(f"postgresql://postgres@/postgres?host={tmp_path}"))  # nobody there
    application = build_application(Runtime(settings, database, None, ConversationService(database, settings)))
    await start(application)
    try:
        answers = await exchange(fake, 901, lambda: fake.send_text(901, "/start"))
        assert [a.text for a in answers] == [EXTERNAL_UNAVAILABLE]
    finally:
        await stop(application)
        await database.close()
        fake.stop()
