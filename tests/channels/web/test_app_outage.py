"""The web chat's welcome when the database does not answer: the person is told, not shown an empty chat."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from app.assistant.conversation import ConversationService
from app.assistant.runtime import Runtime
from db.session import EXTERNAL_UNAVAILABLE, Database, normalize_url
from tests.channels.web.test_app import browser, web  # noqa: F401  (the fixture, and the mocked browser session)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:traceloop.*")


async def test_the_welcome_says_the_database_stopped(web: ModuleType, tmp_path: Path, settings: Any) -> None:  # noqa: F811
    from channels.web.lifecycle import WEB_RUNTIME

    database = Database.connect(normalize_url(f"postgresql://postgres@/postgres?host={tmp_path}"))  # nobody there
    WEB_RUNTIME.install(Runtime(settings, database, None, ConversationService(database, settings)))
    try:
        async with browser() as page:
            await web.on_chat_start()
        assert page.messages == [EXTERNAL_UNAVAILABLE]
    finally:
        await database.close()
