"""Bad input over the web chat's own wire (`altoc serve`, Chainlit's websocket and upload route): a clear answer."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import webclient
from tests.channels.web.test_serve import spawn_serve, stop_serve
from tests.webclient import user_message


@pytest.fixture(scope="module")
def web(pg_url: str, pg_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    cwd = tmp_path_factory.mktemp("bad-input-serve")
    process, url = spawn_serve(pg_data_dir, cwd)
    yield url
    stop_serve(process)


class Chat:
    """One signed-in chat over Chainlit's websocket, as the browser opens it."""

    def __init__(self, url: str, cookie: str) -> None:
        import socketio

        self.url, self.cookie = url, cookie
        self.client = socketio.AsyncClient(reconnection=False)
        self.said: asyncio.Queue[str] = asyncio.Queue()
        self.session_id, self.thread_id = str(uuid.uuid4()), str(uuid.uuid4())
        self.disconnected = asyncio.Event()

        @self.client.on("new_message")
        async def on_new_message(step: dict[str, Any]) -> None:
            if step.get("type") == "assistant_message":
                await self.said.put(step["output"])

        @self.client.on("disconnect")
        async def on_disconnect(*_: Any) -> None:
            self.disconnected.set()

    async def open(self) -> str:
        await self.client.connect(
            self.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": self.cookie},
            auth={"clientType": "webapp", "sessionId": self.session_id, "threadId": self.thread_id, "userEnv": "{}"},
            wait_timeout=5,
        )
        await self.client.emit("connection_successful")
        return await asyncio.wait_for(self.said.get(), 15)  # the welcome

    async def say(self, text: str) -> str:
        await self.client.emit("client_message", user_message(self.thread_id, text))
        return await self.answer()

    async def answer(self) -> str:
        getting = asyncio.ensure_future(self.said.get())
        closing = asyncio.ensure_future(self.disconnected.wait())
        done, pending = await asyncio.wait({getting, closing}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if getting in done:
            return getting.result()
        raise AssertionError("no answer: the connection was closed" if closing in done else "no answer in 30 s")


@pytest.fixture
async def chat(web: str, db: Any) -> AsyncIterator[Chat]:
    email = f"bad-{uuid.uuid4().hex[:8]}@example.com"
    cookie = await asyncio.to_thread(webclient.sign_in, web, email, "a long password")
    opened = Chat(web, cookie)
    await opened.open()
    try:
        yield opened
    finally:
        await opened.client.disconnect()


upload = webclient.upload_file


async def test_an_empty_upload_gets_a_clear_4xx(chat: Chat) -> None:
    status, body = await asyncio.to_thread(
        upload, chat.url, chat.cookie, chat.session_id, "empty.json", b"", "application/json"
    )
    assert 400 <= status < 500, (status, body)
    assert "empty.json is empty" in body
    status, body = await asyncio.to_thread(
        upload, chat.url, chat.cookie, chat.session_id, "cv.json", b'{"basics": {}}', "application/json"
    )
    assert status == 200, body  # a real file still goes through
    status, _ = await asyncio.to_thread(upload, chat.url, "", chat.session_id, "empty.json", b"", "application/json")
    assert status == 401  # our route in front keeps Chainlit's sign-in check


async def test_a_message_over_a_megabyte_is_answered_not_dropped(chat: Chat) -> None:
    # Over the limit but under the frame limit: the core's own answer, with the exact count.
    answer = await chat.say("x" * 30_000)
    assert "That message is 30,000 characters long; the limit is 20,000." in answer
    # Over the frame limit (Socket.IO used to close the connection at 1 MB): answered before Chainlit reads it.
    for size in (500_000, 2_000_000, 12_000_000):
        answer = await chat.say("x" * size)
        assert "That message is too long" in answer and "the limit is 20,000 characters" in answer
    assert "/new" in await chat.say("/help")  # the same connection still works
    assert not chat.disconnected.is_set()


async def test_nul_and_escape_sequences_in_a_message(chat: Chat, db: Any) -> None:
    from sqlalchemy import text

    answer = await chat.say("/new\x00")
    assert "went wrong" not in answer and "name" in answer.lower()
    answer = await chat.say("Olena\x00 Shevchenko\x1b]0;pwned\x07")
    assert "went wrong" not in answer and "Thanks, Olena." in answer
    assert "Olena Shevchenko" in await chat.say("/show")  # stored without the NUL and the escape
    # The chat history Chainlit keeps has the messages too (PostgreSQL refuses a NUL: it lost them).
    await asyncio.sleep(0.5)
    async with db.engine.connect() as conn:
        said = await conn.execute(
            text("SELECT output FROM chainlit.steps WHERE \"threadId\" = :t AND type = 'user_message'"),
            {"t": chat.thread_id},
        )
        kept = [row[0] for row in said]
    assert "/new" in kept and any(m.startswith("Olena Shevchenko") for m in kept), kept
