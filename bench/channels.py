"""Channel round trips and Telegram under load, offline, embedded PostgreSQL in a temporary data dir.

1. web: `altoc serve` as a process; a signed-in Chainlit websocket client (what the browser speaks)
   sends /show for a 2-page CV; time from emit to the assistant's message arriving. Median of N.
2. telegram: the real PTB application long polling the fake Bot API server (tests/fakes); time from
   the update being offered to the fake server receiving sendMessage with the CV. Median of N.
3. load: U Telegram users at once, M messages each sent in a burst, the scripted provider (one tool
   call and a text per message): every message answered exactly once, in order per user.
Run: .venv/bin/python bench/channels.py [--messages 50] [--users 50] [--per-user 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This file is bench/channels.py: its folder must not shadow the `channels` package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from app.assistant.runtime import Runtime  # noqa: E402
from app.config import Settings  # noqa: E402
from app.llm.base import ChatMessage, LlmReply  # noqa: E402
from app.llm.scripted import ScriptedProvider, text_reply, tool_reply  # noqa: E402
from bench.serve_startup import EMAIL, sign_in, wait_for_health  # noqa: E402
from tests.fakes.telegram_server import TOKEN, FakeTelegram  # noqa: E402
from tests.webclient import free_port, user_message  # noqa: E402

RESUME = json.loads((ROOT / "tests" / "fixtures" / "full_resume.json").read_text(encoding="utf-8"))
NAME = RESUME["basics"]["name"]


def settings_for(data_dir: Path, **extra: Any) -> Settings:
    return Settings(_env_file=None, altoc_data_dir=data_dir, altoc_llm="offline", **extra)  # type: ignore[call-arg]


def describe(name: str, samples: Sequence[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"{name:<44} median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})")


# --- web -----------------------------------------------------------------------------------------


async def web_round_trips(url: str, messages: int) -> list[float]:
    import socketio

    cookie = await asyncio.to_thread(sign_in, url)
    client = socketio.AsyncClient(reconnection=False)
    said: asyncio.Queue[tuple[float, str]] = asyncio.Queue()

    @client.on("new_message")
    async def on_new_message(step: dict[str, Any]) -> None:
        if step.get("type") == "assistant_message":
            await said.put((time.perf_counter(), step["output"]))

    thread_id = str(uuid.uuid4())
    auth = {"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": thread_id, "userEnv": "{}"}
    await client.connect(
        url, socketio_path="/ws/socket.io", transports=["websocket"], headers={"Cookie": cookie}, auth=auth
    )
    timings: list[float] = []
    try:
        await client.emit("connection_successful")
        await asyncio.wait_for(said.get(), 30)  # the welcome
        for i in range(messages + 5):  # 5 warm-up messages
            start = time.perf_counter()
            await client.emit("client_message", user_message(thread_id, "/show"))
            while True:
                arrived, text = await asyncio.wait_for(said.get(), 30)
                if NAME in text:
                    break
            if i >= 5:
                timings.append((arrived - start) * 1000)
            await asyncio.sleep(0.05)  # let the message's buttons arrive before the next /show
            while not said.empty():
                said.get_nowait()
    finally:
        await client.disconnect()
    return timings


def bench_web(data_dir: Path, messages: int) -> list[float]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ALTOC_DATA_DIR": str(data_dir), "ALTOC_LLM": "offline"}
    command = [sys.executable, "-m", "channels.cli.main", "serve", "--port", str(port)]
    with tempfile.TemporaryDirectory() as cwd:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
        try:
            wait_for_health(url, process, time.perf_counter())
            sign_in(url)  # creates the account, so the CV can be imported into it
            asyncio.run(import_cv(data_dir, ("web", EMAIL)))
            return asyncio.run(web_round_trips(url, messages))
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)


async def import_cv(data_dir: Path, account: tuple[str, str]) -> None:
    runtime = Runtime.start(settings_for(data_dir), provider=None)
    try:
        result = await runtime.call_tool(account, "import_json_resume", {"document": RESUME}, needs_cv=False)
        assert result.ok, result.message
    finally:
        await runtime.close()


# --- telegram ------------------------------------------------------------------------------------


async def with_bot(data_dir: Path, fake: FakeTelegram, provider: Any, body: Any) -> Any:
    from channels.telegram.bot import build_application, start, stop

    settings = settings_for(data_dir, telegram_bot_token=TOKEN, telegram_api_base_url=fake.url)
    runtime = Runtime.start(settings, provider=provider)
    application = build_application(runtime)
    await start(application)
    try:
        return await body(runtime)
    finally:
        await stop(application)
        await runtime.close()


async def until(condition: Any, within: float = 60.0) -> None:
    deadline = time.perf_counter() + within
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for the bot")
        await asyncio.sleep(0.002)


def bench_telegram(data_dir: Path, messages: int) -> list[float]:
    fake = FakeTelegram().start()
    user = 4242

    async def body(runtime: Runtime) -> list[float]:
        result = await runtime.call_tool(
            ("telegram", str(user)), "import_json_resume", {"document": RESUME}, needs_cv=False
        )
        assert result.ok, result.message
        timings: list[float] = []
        for i in range(messages + 5):
            before = len(fake.sent_to(user))
            start = time.perf_counter()
            fake.send_text(user, "/show")
            await until(lambda before=before: any(NAME in s.text for s in fake.sent_to(user)[before:]))
            if i >= 5:
                timings.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.05)  # the keyboard under the CV
        return timings

    try:
        return asyncio.run(with_bot(data_dir, fake, None, body))
    finally:
        fake.stop()


def scripted_model(messages: Sequence[ChatMessage]) -> LlmReply:
    """One tool call per message, then an answer that names the message it answers."""
    asked = next(m.text for m in reversed(messages) if m.role == "user")
    if messages[-1].role == "tool":
        return text_reply(f"Answer to {asked}")
    return tool_reply("list_cvs")


def bench_load(data_dir: Path, users: int, per_user: int) -> None:
    fake = FakeTelegram().start()
    people = list(range(9000, 9000 + users))

    async def body(runtime: Runtime) -> float:
        start = time.perf_counter()
        for k in range(per_user):
            for person in people:
                fake.send_text(person, f"message {person}-{k}")
        await until(lambda: all(len(fake.sent_to(p)) >= per_user for p in people), within=300)
        elapsed = time.perf_counter() - start
        await asyncio.sleep(1.0)  # anything answered twice would show up now
        return elapsed

    try:
        elapsed = asyncio.run(with_bot(data_dir, fake, ScriptedProvider(function=scripted_model), body))
    finally:
        fake.stop()
    lost = duplicated = disordered = 0
    for person in people:
        answers = [s.text for s in fake.sent_to(person) if s.method == "sendMessage"]
        expected = [f"Answer to message {person}-{k}" for k in range(per_user)]
        lost += sum(e not in answers for e in expected)
        duplicated += sum(answers.count(e) > 1 for e in expected)
        disordered += [a for a in answers if a in expected] != expected
    total = users * per_user
    print(
        f"{users} Telegram users x {per_user} messages at once (scripted provider): {total} answered in "
        f"{elapsed:.1f} s ({total / elapsed:.0f} messages/s); lost {lost}, answered twice {duplicated}, "
        f"users with answers out of order {disordered}"
    )
    if lost or duplicated or disordered:
        raise SystemExit("load test failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="altoc-bench-") as tmp:
        data_dir = Path(tmp) / "data"
        print(f"channel round trips for /show of a 2-page CV ({args.messages} messages after 5 warm-up ones)")
        describe("web: websocket emit -> assistant message", bench_web(data_dir, args.messages))
        describe("telegram: update offered -> sendMessage", bench_telegram(data_dir, args.messages))
        bench_load(data_dir, args.users, args.per_user)


if __name__ == "__main__":
    main()
