"""`altoc serve` for real: a subprocess on a free port, attached to the test session's embedded PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import cliprocess, webclient
from tests.cliprocess import AltocPopen
from tests.webclient import CHROMIUM, free_port, submit_sign_in, user_message


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    port: int
    data_dir: Path
    cwd: Path
    home: Path


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
    process, url = spawn_serve(pg_data_dir, cwd, home=home)
    served = Served(process, url, int(url.rsplit(":", 1)[1]), pg_data_dir, cwd, home)
    yield served
    if process.poll() is None:
        stop_serve(process)


def sign_in(url: str, email: str = "ws-user@example.com", password: str = "correct horse battery") -> str:
    return webclient.sign_in(url, email, password)


async def first_answer(url: str, text: str, origin: str | None = None) -> tuple[str, str]:
    """Sign in, open a chat over Chainlit's websocket as the browser does; return (welcome, answer to `text`)."""
    import socketio

    cookie = await asyncio.to_thread(sign_in, url)
    client = socketio.AsyncClient(reconnection=False)
    said: asyncio.Queue[str] = asyncio.Queue()

    @client.on("new_message")
    async def on_new_message(step: dict[str, Any]) -> None:
        if step.get("type") == "assistant_message":
            await said.put(step["output"])

    thread_id = str(uuid.uuid4())
    try:  # a refused connection too closes the client's HTTP session (disconnect below)
        await client.connect(
            url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": cookie, **({"Origin": origin} if origin else {})},
            auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": thread_id, "userEnv": "{}"},
            wait_timeout=5,
        )
        await client.emit("connection_successful")
        welcome = await asyncio.wait_for(said.get(), 10)
        await client.emit("client_message", user_message(thread_id, text))
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


ARTIFACTS = Path(__file__).parents[3] / "test-artifacts"


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_a_returning_person_with_a_typo_is_told_and_finds_altoc_and_its_starters(
    browser: Any, server: Served, db: Any
) -> None:
    """A returning person mistypes their email: sign-in says there is no such account, sign-up asks before
    creating one; with the right email they are in Altoc (its name and logo, no Chainlit) with three starters,
    and the chat answers."""
    from sqlalchemy import select

    from db.models import PasswordCredential

    ARTIFACTS.mkdir(exist_ok=True)
    right, typo, password = "ana@example.com", "ana@exmaple.com", "correct horse battery"
    status, _ = await asyncio.to_thread(webclient.sign_up, server.url, right, password)  # her account, made earlier
    assert status == 200
    try:
        page = await browser.new_page(viewport={"width": 1280, "height": 800})
        await page.goto(server.url)
        await submit_sign_in(page, typo, password)
        await page.get_by_text("There is no account with this email. Check it for a typo").wait_for(timeout=10_000)
        assert await page.title() == "Altoc CV assistant"
        assert "chainlit" not in (await page.locator("body").inner_text()).lower()
        await page.screenshot(path=str(ARTIFACTS / "sign-in-1-no-account.png"))

        await page.click("#altoc-signup-link")
        await page.fill("#email", typo)
        await page.fill("#password", password)
        await page.fill("#password2", password)
        await page.click("button[type=submit]")
        question = f"No account for {typo} yet. Create a new account for {typo}?"
        await page.get_by_text(question).wait_for(timeout=10_000)
        await page.screenshot(path=str(ARTIFACTS / "sign-in-2-confirm-new-account.png"))

        await page.get_by_role("link", name="Sign in").click()  # not her email: back to sign-in, no account made
        await submit_sign_in(page, right, password)
        await page.locator('[data-step-type="assistant_message"]').first.wait_for(timeout=20_000)
        for label in ("Build my CV", "Check my CV against a job", "Import my CV"):  # they stay on screen
            await page.get_by_role("button", name=label).wait_for(timeout=20_000)
        header_logo = "el => getComputedStyle(el, '::after').backgroundImage"
        assert "/logo?theme=" in await page.locator("#header > div").first.evaluate(header_logo)
        status, logo = await asyncio.to_thread(get, server.url + "/logo?theme=light")
        assert status == 200 and ">Altoc</text>" in logo
        assert "chainlit" not in (await page.locator("body").inner_text()).lower()
        icon = await page.locator("link[rel=icon]").first.get_attribute("href")
        assert "Altoc" in (await asyncio.to_thread(get, server.url + str(icon)))[1]
        await page.screenshot(path=str(ARTIFACTS / "sign-in-3-altoc-starters.png"))
        assistant = page.locator('[data-step-type="assistant_message"]')
        assert "offline guided mode" in await assistant.first.inner_text()
        await page.fill("#chat-input", "/help")
        await page.keyboard.press("Enter")
        await assistant.nth(1).wait_for(timeout=15_000)
        assert "/new" in await assistant.nth(1).inner_text()
        await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)  # the turn has ended
    finally:
        await browser.close()
    async with db.session_scope() as session:
        assert list((await session.execute(select(PasswordCredential.email))).scalars()) == [right]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_a_newcomers_first_ten_minutes_in_a_real_browser(browser: Any, server: Served, db: Any) -> None:
    """The newcomer's path, end to end, as the person sees it (issue 15): sign up with a typo'd email and fix it,
    answer the interview in messy words, correct things in plain words, undo twice, export in two designs, check
    the CV against a pasted job ad, apply one fix and skip another, reload, and open a second chat. Screenshots
    of each step go to test-artifacts/newcomer-*.png."""
    from playwright.async_api import Page

    from app.render.check import pdf_text

    ARTIFACTS.mkdir(exist_ok=True)
    ad = (Path(__file__).parents[3] / "bench" / "fixtures" / "ats_job_backend.txt").read_text()
    right, typo, password = "jonas.weber@example.com", "jonas.weber@exmaple.com", "a long enough password"
    hosts: set[str] = set()

    say = webclient.say_in_page

    async def press(page: Page, label: str) -> str:
        """Press the last button named `label`; return the first new assistant message."""
        assistant = page.locator('[data-step-type="assistant_message"]')
        await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)
        before = await assistant.count()
        await page.get_by_role("button", name=label).last.click()
        await assistant.nth(before).wait_for(timeout=30_000)
        return await assistant.nth(before).inner_text()

    async def shot(page: Page, name: str) -> None:
        await page.screenshot(path=str(ARTIFACTS / f"newcomer-{name}.png"), full_page=True)

    async def download(page: Page, name: str) -> str:
        link = page.locator(f'a[download="{name}"]')
        await link.wait_for(timeout=30_000)
        async with page.expect_download() as info:
            await link.click()
        pdf = await asyncio.to_thread(Path(await (await info.value).path()).read_bytes)
        return " ".join(pdf_text(pdf))

    try:
        context = await browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        page = await context.new_page()
        page.on("request", lambda request: hosts.add(urllib.parse.urlsplit(request.url).hostname or ""))

        # 1. Sign up with a typo: asked before anything is created; "Change it" keeps the typed email.
        await page.goto(server.url + "/altoc/sign-up")
        for field, value in (("#email", typo), ("#password", password), ("#password2", password)):
            await page.fill(field, value)
        await page.click("button[type=submit]")
        await page.get_by_text(f"Create a new account for {typo}?").wait_for(timeout=10_000)
        await shot(page, "1-typo")
        await page.get_by_role("link", name="Change it").click()
        assert await page.input_value("#email") == typo
        for field, value in (("#email", right), ("#password", password), ("#password2", password)):
            await page.fill(field, value)
        await page.click("button[type=submit]")
        await page.get_by_role("button", name=f"Yes, create my account for {right}").click()
        await page.get_by_role("link", name="Go to sign-in").click()
        await submit_sign_in(page, right, password)
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)
        assert "offline guided mode" in await assistant.first.inner_text()

        # 2. The interview, answered as people type: tidied, and the assistant says what it changed.
        assert "full name" in (await say(page, "/new")).lower()
        await say(page, "jonas weber")
        assert "ext. 12" in await say(page, "jonas.weber@example.com, +49 30 1234567 ext. 12")
        await say(page, "Berlin")
        assert "Saved: Senior Backend Engineer" in await say(page, "senior backend engineer i guess")
        await say(page, "/skip")
        job = await say(page, "backend engineer at Sky Betting & Gaming, Leeds")
        assert "Backend Engineer at Sky Betting & Gaming in Leeds" in job, job
        await say(page, "February 2020, still there")
        await say(page, "Responsible for managing the payment services")
        await say(page, "Moved the payment services to Docker containers, cutting deploys to 5 minutes")
        await say(page, "/done")
        await say(page, "no")
        school = await say(page, "BSc Computer Science, University of Leeds, 2:1, 2015 - 2018")
        assert "grade 2:1" in school, school
        await say(page, "no")
        skills = await say(page, "python, postgres, k8s, and I'm ok at grpc lol")
        assert "Python, PostgreSQL, Kubernetes, gRPC" in skills and "'k8s' as Kubernetes" in skills, skills
        languages = await say(page, "native English and a bit of German")
        assert "German (Elementary, A2)" in languages, languages
        await say(page, "/skip")
        await shot(page, "2-interview")

        # 3. Corrections in plain words, then two undos that name what each reverted.
        left = await say(page, "actually I left Sky Betting in August 2025")
        assert "Aug 2025" in left, left
        both = await say(page, "remove grpc from skills and add Java")
        assert "gRPC" in both and "Java" in both, both
        first = await say(page, "/undo")
        second = await say(page, "/undo")
        assert "Undo: Undo" not in first + second
        # Each part of the two-part message was its own change: undone latest first, each named.
        assert first.startswith("Undid: Added the skill Java"), first
        assert second.startswith("Undid: Removed the skill gRPC"), second
        history = await say(page, "/history")
        assert "Undid: " in history and "{" not in history and "work[" not in history, history
        await shot(page, "3-corrections")

        # 4. Export in two designs, chosen from thumbnails; the file names carry the design.
        await say(page, "/export")
        assert await page.locator('img[alt="modern.png"], img[src*="modern"]').count() >= 1
        await page.get_by_role("button", name="Modern").last.click()
        modern = await download(page, "Jonas_Weber_CV_modern.pdf")
        await say(page, "/export classic")
        classic = await download(page, "Jonas_Weber_CV_classic.pdf")
        for text in (modern, classic):
            assert "Jonas Weber" in text and "Sky Betting & Gaming" in text and "Kubernetes" in text
        await shot(page, "4-export")

        # 5. The ATS check on a pasted ad: a card; apply one fix, skip another.
        assert "job ad" in (await say(page, "/ats")).lower()
        summary = await say(page, ad)
        assert summary.startswith("Score ") and "Senior Backend Engineer" in summary, summary
        card = page.locator(".ats-card").last
        score = await card.locator(".ats-score").inner_text()
        assert await card.locator('[role="meter"]').count() >= 4
        assert await card.locator(".ats-chip").count() >= 3
        python = card.locator(".ats-chip", has_text="Python").first
        evidence = await python.get_attribute("title")  # shown on hover
        assert evidence == "Listed in your skills.", evidence
        await python.click()  # and on a tap, under the chips
        assert await card.locator(".ats-evidence").inner_text() == f"Python — {evidence}"
        await shot(page, "5-ats")
        skipped = await press(page, "1. Skip")
        assert skipped.startswith("Left out:") and "Nothing was changed" in skipped, skipped
        applied = await press(page, "2. Apply")  # numbers stay those of the card
        assert "Applied 1 fix" in applied and "New score" in applied, applied
        await shot(page, "6-fixes")

        # 6. Reload: the chat comes back (card included) under a meaningful title; buttons or a hint.
        await page.reload()
        await assistant.first.wait_for(timeout=20_000)
        thread_link = page.locator('a[href^="/thread/"]').first
        await thread_link.wait_for(timeout=20_000)
        assert (await thread_link.inner_text()).strip() not in ("/new", "New chat", ""), "a raw title"
        await thread_link.click()
        await page.get_by_text("Applied 1 fix").first.wait_for(timeout=20_000)
        assert await page.locator(".ats-card .ats-score").first.inner_text() == score
        await page.get_by_text("Jonas_Weber_CV_classic.pdf").first.wait_for(timeout=20_000)
        preview = page.locator('img[src*="/altoc/files/"]').first  # through our owner-only file route
        await preview.wait_for(timeout=20_000)
        assert await preview.evaluate("img => img.complete && img.naturalWidth > 0")
        await shot(page, "7-resumed")

        # 7. A second chat names the CV that Show CV then shows.
        await page.goto(server.url)
        await assistant.first.wait_for(timeout=20_000)
        welcome = await assistant.first.inner_text()
        assert "Jonas Weber" in welcome, welcome
        shown = await say(page, "/show")
        assert shown.startswith("Jonas Weber") and "Sky Betting & Gaming" in shown, shown
        await shot(page, "8-second-chat")
    except BaseException:
        await shot(page, "failed")  # what the person saw when it went wrong
        raise
    finally:
        await browser.close()
    assert hosts <= {"127.0.0.1"}, f"requests to other hosts: {hosts - {'127.0.0.1'}}"


def test_a_second_server_on_the_same_port_says_what_to_do(server: Served) -> None:
    result = cliprocess.run(
        "serve",
        "--port",
        str(server.port),
        cwd=server.cwd,
        env={**os.environ, "ALTOC_DATA_DIR": str(server.data_dir), "HOME": str(server.home)},
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


def spawn_serve(
    data_dir: Path, cwd: Path, home: Path | None = None, **extra_env: str
) -> tuple[subprocess.Popen[str], str]:
    """`altoc serve` offline on a free port (HOME: `home`, else `cwd`), once /health answers: (the process, its URL)."""
    port = free_port()
    env = {**os.environ, "ALTOC_DATA_DIR": str(data_dir), "ALTOC_LLM": "offline", "HOME": str(home or cwd), **extra_env}
    command = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    # Forked from a process that has imported the command line (tests/cliprocess.py): a second or more sooner.
    process = AltocPopen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"altoc serve exited with {process.returncode}:\n{out}{err}")
        try:
            if get(url + "/health")[0] == 200:
                return process, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("altoc serve did not answer /health within 60 s")
        time.sleep(0.05)


def stop_serve(process: subprocess.Popen[str]) -> None:
    """Ctrl-C, as a person stops it; killed if it has not ended within 15 s."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_stopping_before_any_page_is_quiet(pg_data_dir: Path, tmp_path: Path, db: Any) -> None:
    """SIGTERM (a service manager, a container stop) before anyone opened the chat: a clean exit."""
    process, _ = spawn_serve(pg_data_dir, tmp_path)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=15)
    assert "Traceback" not in stderr and "shutdown failed" not in stderr, stderr


def test_chainlit_imports_without_the_tracing_sdk_until_it_is_used(tmp_path: Path) -> None:
    """`defer_traceloop` (a start-up saving) keeps Literal AI's tracing working when it is used."""
    code = (
        "import sys\n"
        "from channels.web.chainlit_internals import defer_traceloop\n"
        "defer_traceloop()\n"
        "import chainlit, chainlit.server\n"
        "assert getattr(sys.modules['traceloop.sdk'], 'altoc_deferred', False), 'imported eagerly'\n"
        "from literalai.client import Traceloop\n"
        "assert callable(Traceloop.init)\n"
        "assert not getattr(sys.modules['traceloop.sdk'], 'altoc_deferred', False)\n"
        "from traceloop.sdk import Traceloop as Real\n"
        "assert Traceloop.init is Real.init\n"
    )
    # Importing chainlit writes its config into the app root: keep that out of the project.
    root = str(Path(__file__).resolve().parents[3])
    env = {**os.environ, "CHAINLIT_APP_ROOT": str(tmp_path), "PYTHONPATH": root}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stderr
