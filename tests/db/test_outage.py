"""A database that stops answering: the embedded one is restarted, a DATABASE_URL server only reported (Altoc does
not own it)."""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import psutil
import pytest
from sqlalchemy import text

from app.assistant.conversation import ConversationService
from app.errors import DatabaseUnavailable
from db.embedded import postmaster_alive
from db.session import EMBEDDED_UNAVAILABLE, EXTERNAL_UNAVAILABLE, Database, normalize_url, open_database
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


@pytest.mark.slow
async def test_a_killed_embedded_server_is_restarted_and_still_stopped_at_the_end(tmp_path: Path) -> None:
    """The postmaster is SIGKILLed (and left a zombie where PID 1 does not reap): the next session says so, the
    server comes back on the same data, and this process, its last user, still stops it when it closes."""
    database = open_database(None, tmp_path)
    async with database.session_scope() as session:
        await session.execute(text("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before')"))
    pgdata = tmp_path / "pgdata"
    killed = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    backends = psutil.Process(killed).children()
    os.kill(killed, signal.SIGKILL)
    # its backends notice the postmaster's death and leave; on a loaded machine that takes a moment, and till
    # then the pooled connection's backend would still answer
    psutil.wait_procs(backends, timeout=10)
    try:
        with pytest.raises(DatabaseUnavailable) as info:
            async with database.session_scope() as session:
                await session.execute(text("INSERT INTO kept VALUES ('during')"))
        assert info.value.message == EMBEDDED_UNAVAILABLE
        assert database._recovery is not None and await database._recovery is True
        async with database.session_scope() as session:
            assert (await session.execute(text("SELECT note FROM kept"))).scalars().all() == ["before"]
        restarted = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
        assert restarted != killed and postmaster_alive(pgdata)
    finally:
        await database.close()
    assert not postmaster_alive(pgdata), "the last user must stop the restarted server"
