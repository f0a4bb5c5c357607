"""`altoc serve` for real: a subprocess on a free port, attached to the test session's embedded PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    port: int
    data_dir: Path
    cwd: Path
    home: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture(scope="module")
def server(pg_url: str, pg_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`altoc serve` in an empty cwd and HOME, offline, on the session's data dir (so it attaches to its database)."""
    cwd, home = tmp_path_factory.mktemp("serve-cwd"), tmp_path_factory.mktemp("serve-home")
    port = free_port()
    env = {**os.environ, "ALTOC_DATA_DIR": str(pg_data_dir), "ALTOC_LLM": "offline", "HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "channels.cli.main", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    served = Served(process, f"http://127.0.0.1:{port}", port, pg_data_dir, cwd, home)
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            stdout, stderr = process.communicate()
            pytest.fail(f"altoc serve exited with {process.returncode}:\n{stdout}{stderr}")
        try:
            if get(served.url + "/health")[0] == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("altoc serve did not answer /health within 30 s")
        time.sleep(0.05)
    yield served
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def first_answer(url: str, text: str, origin: str | None = None) -> tuple[str, str]:
    """Open a chat over Chainlit's websocket as the browser does; return (welcome, answer to `text`)."""
    import socketio

    client = socketio.AsyncClient(reconnection=False)
    said: asyncio.Queue[str] = asyncio.Queue()

    @client.on("new_message")
    async def on_new_message(step: dict[str, Any]) -> None:
        if step.get("type") == "assistant_message":
            await said.put(step["output"])

    thread_id = str(uuid.uuid4())
    await client.connect(
        url,
        socketio_path="/ws/socket.io",
        transports=["websocket"],
        headers={"Origin": origin} if origin else {},
        auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": thread_id, "userEnv": "{}"},
        wait_timeout=5,
    )
    try:
        await client.emit("connection_successful")
        welcome = await asyncio.wait_for(said.get(), 10)
        message = {
            "id": str(uuid.uuid4()),
            "threadId": thread_id,
            "type": "user_message",
            "name": "User",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(),
        }
        await client.emit("client_message", {"message": message, "fileReferences": None})
        return welcome, await asyncio.wait_for(said.get(), 10)
    finally:
        await client.disconnect()


def test_serves_the_chat_from_the_data_dir(server: Served) -> None:
    status, page = get(server.url + "/")
    assert status == 200
    assert "<title>Altoc CV assistant</title>" in page
    assert "fonts.googleapis.com/css2" not in page  # public/theme.json: system fonts, no outside request
    config = (server.data_dir / "web" / ".chainlit" / "config.toml").read_text()
    assert f'allow_origins = ["http://localhost:{server.port}", "http://127.0.0.1:{server.port}"]' in config
    assert (server.data_dir / "web" / "public" / "theme.json").is_file()
    assert list(server.cwd.iterdir()) == []  # no .chainlit/, .files/ or chainlit.md where it was started
    assert list(server.home.iterdir()) == []


async def test_other_sites_and_host_names_are_refused(server: Served) -> None:
    assert get(server.url + "/health", {"Origin": "http://evil.example"})[0] == 403
    assert get(server.url + "/health", {"Host": f"evil.example:{server.port}"})[0] == 403  # DNS rebinding
    assert (
        get(server.url + "/health", {"Origin": f"http://localhost:{server.port}", "Host": f"localhost:{server.port}"})[
            0
        ]
        == 200
    )
    import socketio

    with pytest.raises(socketio.exceptions.ConnectionError):
        await first_answer(server.url, "/help", origin="http://evil.example")


async def test_a_turn_over_the_websocket(server: Served, db: Any) -> None:
    welcome, answer = await first_answer(server.url, "/help")
    assert "offline guided mode" in welcome
    assert "/new" in answer


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_help_in_a_real_browser(server: Served, db: Any) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(server.url)
            assistant = page.locator('[data-step-type="assistant_message"]')
            await assistant.first.wait_for(timeout=15_000)
            assert "offline guided mode" in await assistant.first.inner_text()
            await page.fill("#chat-input", "/help")
            await page.keyboard.press("Enter")
            await assistant.nth(1).wait_for(timeout=15_000)
            assert "/new" in await assistant.nth(1).inner_text()
        finally:
            await browser.close()


def test_a_second_server_on_the_same_port_says_what_to_do(server: Served) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "channels.cli.main", "serve", "--port", str(server.port)],
        cwd=server.cwd,
        env={**os.environ, "ALTOC_DATA_DIR": str(server.data_dir), "HOME": str(server.home)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert f"port {server.port} is in use; try `make run PORT={server.port + 1}`" in result.stderr
    assert "Traceback" not in result.stderr


async def test_ctrl_c_stops_it_and_leaves_the_session_database_running(server: Served, database: Any) -> None:
    """Last in this file: it ends the server. Only the subprocess's own handle on PostgreSQL goes."""
    from sqlalchemy import text

    server.process.send_signal(signal.SIGINT)
    stdout, stderr = await asyncio.to_thread(server.process.communicate, timeout=15)
    assert server.process.returncode == 0, stderr
    assert f"Altoc CV assistant on http://localhost:{server.port} (offline guided mode)" in stdout
    assert "Traceback" not in stderr
    handles = json.loads((server.data_dir / "pgdata" / ".handle_pids.json").read_text())
    assert server.process.pid not in handles
    assert os.getpid() in handles
    async with database.engine.connect() as conn:
        assert (await conn.execute(text("SELECT 1"))).scalar() == 1
    assert list(server.cwd.iterdir()) == []
