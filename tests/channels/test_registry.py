"""Channels are registry entries: found in their packages, served when configured, named in the assistant's
words; a new one (here a test-only echo channel) needs its own module only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from channels import registry
from tests.channels.web.test_serve import first_answer, get
from tests.webclient import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def echo() -> Iterator[registry.Channel]:
    """The echo channel registered for one test (importing its module is all it takes)."""
    from tests.channels import echo_channel

    registry.register(echo_channel.ECHO)
    echo_channel.EVENTS.clear()
    yield echo_channel.ECHO
    registry.unregister("echo")


def test_the_channels_are_found_in_their_own_packages(settings: Any) -> None:
    assert [(c.name, c.display_name) for c in registry.registered()] == [
        ("web", "web chat"),
        ("telegram", "Telegram"),
        ("cli", "terminal"),
    ]
    assert registry.display_names() == {"web": "web chat", "telegram": "Telegram", "cli": "terminal"}
    assert [c.name for c in registry.served(settings)] == ["web"]  # no TELEGRAM_BOT_TOKEN; the terminal never
    with_bot = settings.model_copy(update={"telegram_bot_token": SecretStr("123:abc")})
    assert [c.name for c in registry.served(with_bot)] == ["web", "telegram"]


def test_a_registered_channel_is_served_and_named(echo: registry.Channel, settings: Any) -> None:
    assert echo in registry.served(settings)
    assert registry.display_names()["echo"] == "echo chat"


async def test_our_app_serves_a_channels_routes_and_runs_its_start_and_stop(
    echo: registry.Channel, settings: Any, pg_url: str
) -> None:
    """Our HTTP app alone (no Chainlit): /health, the channel's route behind the origin guard, its lifecycle."""
    from app.assistant.conversation import ConversationService
    from app.assistant.runtime import Runtime
    from channels.http.app import build_app
    from channels.web.lifecycle import WebRuntime
    from db.session import Database
    from tests.channels import echo_channel

    database = Database.connect(pg_url)  # its own engine: the app closes the runtime at shutdown
    source = WebRuntime()
    source.install(Runtime(settings, database, None, ConversationService(database, settings)))
    app = build_app(registry.Serving(settings, "127.0.0.1", 8000), [echo], runtime=source)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client,
    ):
        assert echo_channel.EVENTS == ["started"]
        assert (await client.get("/echo/hello")).text == "hello"
        assert (await client.get("/health")).json() == {"status": "ok", "database": "ok"}
        foreign = await client.get("/echo/hello", headers={"Origin": "http://evil.example"})
        assert foreign.status_code == 403
    assert echo_channel.EVENTS == ["started", "stopped"]


def test_altoc_serve_runs_a_channel_registered_from_a_test(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    """The real `altoc serve`, with the echo channel registered by importing its module first and nothing
    else changed: its route answers, it starts and stops with the server, the web chat still works, and the
    assistant names it among the chats."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    code = "import tests.channels.echo_channel\nfrom channels.cli.main import main\nraise SystemExit(main())\n"
    env = {
        **os.environ,
        "ALTOC_DATA_DIR": str(pg_data_dir),
        "ALTOC_LLM": "offline",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-c", code, "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while not _answers(url + "/health"):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "altoc serve did not answer /health within 60 s"
            time.sleep(0.05)
        assert get(url + "/echo/hello") == (200, "hello")
        assert get(url + "/login")[0] == 200  # the web chat (Chainlit) behind our routes
        import asyncio

        _, answer = asyncio.run(first_answer(url, "/link"))
        assert "echo chat" in answer, answer
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "echo channel started (cli, echo, telegram, web)" in err
    assert "echo channel stopped" in err


def _answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False
