"""`altoc serve` start-up: seconds until /health (and the CPU seconds the server spent by then, a figure that
other load on the machine inflates less than wall time) and until the first answer to "/help", and idle memory.

The first answer includes signing in (the first sign-in of a run creates the account).
The first answer is timed in Debian chromium (playwright; launched before the clock starts) and over
Chainlit's websocket as a browser would speak it; each in its own fresh server process. Offline mode,
embedded PostgreSQL in temporary ALTOC_DATA_DIRs: medians of N cold starts (initdb) and N warm ones.
Run: .venv/bin/python bench/serve_startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import webclient  # noqa: E402
from tests.webclient import CHROMIUM, CHROMIUM_ARGS, free_port, user_message  # noqa: E402


@dataclass
class Sample:
    health: float  # s from spawning `altoc serve` to the first 200 from /health
    health_cpu: float  # CPU s (user + system) the serve process spent by then: load on the machine inflates it less
    answer: float  # s from spawning to the answer to /help on screen (or on the websocket)
    rss_app: float  # MB: altoc serve and its children, idle after that first answer
    rss_with_postgres: float  # MB: the same plus the embedded PostgreSQL's processes


def wait_for_health(url: str, process: subprocess.Popen[bytes], start: float) -> float:
    while True:
        if process.poll() is not None:
            raise SystemExit(f"altoc serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            pass
        if time.perf_counter() - start > 60:
            raise SystemExit("altoc serve did not answer /health within 60 s")
        time.sleep(0.01)


def rss_mb(serve: psutil.Process, pgdata: Path) -> tuple[float, float]:
    """RSS of the serve process tree, and of that tree plus every postgres process of `pgdata`."""
    tree = [serve, *serve.children(recursive=True)]
    app = [p for p in tree if not p.name().startswith("postgres")]
    postmaster = psutil.Process(int((pgdata / "postmaster.pid").read_text().split()[0]))
    postgres = [postmaster, *postmaster.children(recursive=True)]
    own = sum(p.memory_info().rss for p in app)
    return own / 2**20, (own + sum(p.memory_info().rss for p in postgres)) / 2**20


EMAIL, PASSWORD = "bench@example.com", "a long bench password"


def sign_in(url: str) -> str:
    return webclient.sign_in(url, EMAIL, PASSWORD)


async def ask_over_websocket(url: str) -> None:
    """Connect like the Chainlit frontend, wait for the welcome, send /help, wait for its answer."""
    import socketio

    client = socketio.AsyncClient(reconnection=False)
    said: asyncio.Queue[str] = asyncio.Queue()

    @client.on("new_message")
    async def on_new_message(step: dict[str, Any]) -> None:
        if step.get("type") == "assistant_message":
            await said.put(step["output"])

    cookie = await asyncio.to_thread(sign_in, url)
    thread_id = str(uuid.uuid4())
    auth = {"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": thread_id, "userEnv": "{}"}
    await client.connect(
        url, socketio_path="/ws/socket.io", transports=["websocket"], headers={"Cookie": cookie}, auth=auth
    )
    await client.emit("connection_successful")
    await asyncio.wait_for(said.get(), 30)
    await client.emit("client_message", user_message(thread_id, "/help"))
    answer = await asyncio.wait_for(said.get(), 30)
    assert "/new" in answer, answer
    await client.disconnect()


def ask_in_a_thread(url: str) -> None:
    """The websocket client on its own event loop (playwright's sync API owns this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, ask_over_websocket(url)).result()


def run_once(data_dir: Path, ask: Callable[[str], None]) -> Sample:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ALTOC_DATA_DIR": str(data_dir), "ALTOC_LLM": "offline"}
    command = [sys.executable, "-m", "channels.cli.main", "serve", "--port", str(port)]
    with tempfile.TemporaryDirectory() as cwd:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
        try:
            health = wait_for_health(url, process, start)
            health_cpu = sum(psutil.Process(process.pid).cpu_times()[:2])
            ask(url)
            answer = time.perf_counter() - start
            time.sleep(2)  # idle
            rss_app, rss_all = rss_mb(psutil.Process(process.pid), data_dir / "pgdata")
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)
    return Sample(health, health_cpu, answer, rss_app, rss_all)


def browser_asker() -> tuple[Callable[[str], None], Callable[[], None]] | None:
    """`ask(url)` driving one chromium (started now, outside the timed part), and a closer; None without one."""
    if not CHROMIUM.exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

    def ask(url: str) -> None:
        page = browser.new_page()
        try:
            status, answer = webclient.sign_up(url, EMAIL, PASSWORD)  # sign-in no longer creates accounts
            assert status == 200 or "already an account" in answer, answer
            page.goto(url)
            page.fill("#email", EMAIL)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            assistant = page.locator('[data-step-type="assistant_message"]')
            assistant.first.wait_for(timeout=30_000)
            page.fill("#chat-input", "/help")
            page.keyboard.press("Enter")
            assistant.nth(1).wait_for(timeout=30_000)
            assert "/new" in assistant.nth(1).inner_text()
        finally:
            page.close()

    def close() -> None:
        browser.close()
        playwright.stop()

    return ask, close


def report(name: str, samples: list[Sample]) -> None:
    def median(field: str) -> float:
        return float(statistics.median(getattr(s, field) for s in samples))

    print(
        f"{name:<24} /health {median('health'):5.2f} s (CPU {median('health_cpu'):4.2f} s)   "
        f"first answer {median('answer'):5.2f} s   "
        f"idle RSS {median('rss_app'):5.0f} MB (with PostgreSQL {median('rss_with_postgres'):5.0f} MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    askers: list[tuple[str, Callable[[str], None]]] = []
    browser = browser_asker()
    if browser is not None:
        askers.append(("browser (chromium)", browser[0]))
    else:
        print("(no /usr/bin/chromium or playwright: browser timing skipped)")
    askers.append(("websocket", ask_in_a_thread))
    try:
        with tempfile.TemporaryDirectory(prefix="altoc-bench-") as tmp:
            name, ask = askers[0]
            # A fresh data dir per cold run: initdb and every migration, as on a new machine.
            report(f"cold, {name}", [run_once(Path(tmp) / f"cold-{i}", ask) for i in range(args.runs)])
            data_dir = Path(tmp) / "cold-0"
            for name, ask in askers:
                report(f"warm, {name}", [run_once(data_dir, ask) for _ in range(args.runs)])
    finally:
        if browser is not None:
            browser[1]()
    print(f"(medians of {args.runs} runs; PostgreSQL RSS counts its shared buffers once per process)")


if __name__ == "__main__":
    main()
