"""A DATABASE_URL server that stops answering is reported, never "restarted": Altoc does not own it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.conversation import ConversationService
from db.session import EXTERNAL_UNAVAILABLE, Database, normalize_url
from tests.conftest import say


async def test_an_unreachable_database_url_is_reported_and_left_alone(tmp_path: Path, settings: Any) -> None:
    # A unix-socket folder with no server in it: what a turn meets when a managed PostgreSQL goes away.
    database = Database.connect(normalize_url(f"postgresql://postgres@/postgres?host={tmp_path}"))
    try:
        sink = await say(ConversationService(database, settings), "/help")
        assert sink.text == EXTERNAL_UNAVAILABLE
        assert "restarting" not in EXTERNAL_UNAVAILABLE and "nothing was changed" in EXTERNAL_UNAVAILABLE
        # The reason /health gives, to anyone who asks: no server address in it (that goes to the log).
        assert await database.ping() == "the database is unreachable"
        assert database._recovery is None  # no restart attempted: there is no server of ours to start
    finally:
        await database.close()
