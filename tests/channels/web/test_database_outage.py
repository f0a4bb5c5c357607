"""The embedded PostgreSQL dies under `altoc serve` (its postmaster is killed): /health says so, turns in the web chat
and in Telegram say what happened, the server restarts it, and nothing stored before is lost. Each test runs its own
server and database (a data dir of its own), never the test session's."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests import webclient
from tests.channels.web.test_serve import get, spawn_serve
from tests.fakes.telegram_server import TOKEN, FakeTelegram
from tests.webclient import user_message

RESTARTING = "The database stopped answering; I am restarting it. Nothing was changed"


def kill_postmaster(data_dir: Path) -> int:
    """SIGKILL the embedded server's postmaster, as the OOM killer or a stray `kill -9` would."""
    pid = int((data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()[0])
    os.kill(pid, signal.SIGKILL)
    return pid


@contextmanager
def restarts_held_back() -> Iterator[None]:
    """While held, no process can (re)start an embedded server: pgserver's lock, which its start takes, is ours.
    The outage then lasts as long as the test needs to look at it."""
    from db.pgserver_internals import start_lock

    with start_lock():
        yield


class WebChat:
    """One signed-in browser tab, over Chainlit's websocket as the frontend speaks it."""

    def __init__(self, url: str, email: str) -> None:
        self.url, self.email = url, email
        self.thread_id = str(uuid.uuid4())
        self.said: asyncio.Queue[str] = asyncio.Queue()

    async def open(self) -> str:
        import socketio

        cookie = await asyncio.to_thread(webclient.sign_in, self.url, self.email, "correct horse battery")
        self.client = socketio.AsyncClient(reconnection=False)

        @self.client.on("new_message")
        async def on_new_message(step: dict[str, Any]) -> None:
            if step.get("type") == "assistant_message":
                await self.said.put(step["output"])

        await self.client.connect(
            self.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": cookie},
            auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": self.thread_id, "userEnv": "{}"},
            wait_timeout=5,
        )
        await self.client.emit("connection_successful")
        return await asyncio.wait_for(self.said.get(), 20)

    async def say(self, text: str) -> str:
        await self.client.emit("client_message", user_message(self.thread_id, text))
        return await asyncio.wait_for(self.said.get(), 20)

    async def close(self) -> None:
        if hasattr(self, "client"):  # opened
            await self.client.disconnect()


def wait_for_health(url: str, status: int, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        code, body = get(url + "/health")
        if code == status:
            return dict(json.loads(body))
        assert time.monotonic() < deadline, f"/health answered {code} {body}, not {status}, for {timeout} s"
        time.sleep(0.2)


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


@pytest.mark.slow
async def test_a_killed_database_is_reported_and_restarted(tmp_path: Path) -> None:
    telegram = FakeTelegram().start()
    data_dir = tmp_path / "data"
    process, url = spawn_serve(data_dir, tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=telegram.url)
    chat = WebChat(url, "outage@example.com")
    try:
        assert wait_for_health(url, 200) == {"status": "ok", "database": "ok"}
        assert "offline guided mode" in await chat.open()
        assert "full name" in (await chat.say("/new")).lower()
        telegram.send_text(701, "/new")
        telegram.wait_for(lambda: telegram.sent_to(701))

        with restarts_held_back():
            killed = kill_postmaster(data_dir)
            answer = await chat.say("Maria Kowalska")
            assert answer.startswith(RESTARTING), answer
            telegram.send_text(701, "Jan Nowak")
            told = telegram.wait_for(lambda: [m for m in telegram.sent_to(701) if RESTARTING in m.text])
            assert "send that again in a few seconds" in told[0].text
            status, body = get(url + "/health")
            assert status == 503
            reason = json.loads(body)
            assert reason == {"status": "unavailable", "reason": "the database is unreachable"}, reason

        assert wait_for_health(url, 200) == {"status": "ok", "database": "ok"}
        pid = int((data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()[0])
        assert pid != killed
        # The interview goes on where it was before the outage: its question, then the stored answer.
        assert "email" in (await chat.say("Maria Kowalska")).lower()
        assert "Maria Kowalska" in await chat.say("/show")
    finally:
        out, err = stop(process)
        await chat.close()
        telegram.stop()
    assert "the embedded PostgreSQL in" in err and "is running again" in err, err
    assert "Traceback" not in out + err


@pytest.mark.slow
def test_a_database_that_cannot_restart_ends_the_process_for_its_supervisor(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    process, url = spawn_serve(data_dir, tmp_path)
    try:
        assert wait_for_health(url, 200)["status"] == "ok"
        with restarts_held_back():
            kill_postmaster(data_dir)
            with (data_dir / "pgdata" / "postgresql.conf").open("a") as conf:
                conf.write("\nthis is not a setting\n")  # the server cannot start again
            # The killed postmaster's backends may answer for a moment longer: a probe sees 503 soon after.
            assert wait_for_health(url, 503, timeout=10)["status"] == "unavailable"
        process.wait(timeout=60)
    finally:
        out, err = stop(process)
    assert process.returncode == 3
    assert "could not be restarted" in err and "exiting so that altoc can be started again" in err, err
