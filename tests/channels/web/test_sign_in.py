"""Signing up, in and out of the web chat for real: `altoc serve` with a fake SMTP server and a fake OAuth
provider on loopback, driven by Chromium and by HTTP as the browser sends it."""

from __future__ import annotations

import asyncio
import re
import subprocess
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from channels.web.accounts import DATABASE_TROUBLE
from db.models import ChannelIdentity, PasswordCredential, User
from tests import webclient
from tests.channels.web.test_serve import get, spawn_serve, stop_serve
from tests.fakes.oauth_server import FakeOAuth
from tests.fakes.smtp_server import FakeSmtp
from tests.fakes.tcp_relay import TcpRelay
from tests.webclient import CHROMIUM, post_form, submit_sign_in, user_message

PASSWORD = "correct horse battery"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")


@dataclass
class Site:
    url: str
    smtp: FakeSmtp
    oauth: FakeOAuth


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        stop_serve(process)


@pytest.fixture(scope="module")
def site(pg_url: str, pg_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """`altoc serve` that sends email through a fake SMTP server and offers sign-in with a fake OAuth provider."""
    smtp, oauth = FakeSmtp().start(), FakeOAuth().start()
    env = {"ALTOC_SMTP_HOST": "127.0.0.1", "ALTOC_SMTP_PORT": str(smtp.port), "ALTOC_SMTP_SECURITY": "none"}
    process, url = spawn_serve(pg_data_dir, tmp_path_factory.mktemp("sign-in-cwd"), **env, **oauth.env())
    yield Site(url, smtp, oauth)
    stop(process)
    smtp.stop()
    oauth.stop()


def confirmed_account(site: Site, email: str, password: str = PASSWORD) -> None:
    """Sign up on our page, open the emailed link and confirm, as a person does."""
    before = len(site.smtp.messages)
    status, page = webclient.sign_up(site.url, email, password)
    assert status == 200 and "Check your inbox" in page, page
    link = site.smtp.wait_for(before + 1)[-1].link()
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["token"][0]
    status, page, _ = post_form(site.url + "/altoc/verify", {"token": token})
    assert status == 200 and "confirmed" in page, page


def sign_in(site: Site, email: str, password: str = PASSWORD) -> str:
    status, body, cookies = post_form(site.url + "/login", {"username": email, "password": password})
    assert status == 200, body
    return next(c.split(";", 1)[0] for c in cookies if c.startswith("access_token="))


async def count(db: Any, model: Any) -> int:
    async with db.session_scope() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def csp_violations(page: Any) -> list[str]:
    """Chromium reports every blocked load or script in the console: collect them."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


@pytest.mark.browser
@needs_chromium
async def test_oauth_sign_in_in_a_real_browser(browser: Any, site: Site, db: Any) -> None:
    """authorize → token → userinfo against the fake provider, then the chat. Before: every OAuth sign-in
    failed (our callback required an `id_token` Chainlit 2.12 does not pass) and came back to the login page."""

    site.oauth.user = {"sub": "olga-7", "email": "olga@example.com", "email_verified": True, "name": "Olga"}
    try:
        page = await browser.new_page()
        violations = csp_violations(page)
        await page.goto(site.url)
        await page.get_by_role("button", name=re.compile("generic", re.IGNORECASE)).click()
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)
        assert "offline guided mode" in await assistant.first.inner_text()
        await page.fill("#chat-input", "/help")
        await page.keyboard.press("Enter")
        await assistant.nth(1).wait_for(timeout=15_000)
        assert "/new" in await assistant.nth(1).inner_text()
        assert violations == []
    finally:
        await browser.close()
    assert [c for c in site.oauth.calls if c != "/favicon.ico"][-3:] == ["/authorize", "/token", "/userinfo"]
    async with db.session_scope() as session:
        identity = (await session.execute(select(ChannelIdentity))).scalar_one()
    assert (identity.channel, identity.external_id, identity.verified_email) == (
        "oauth:generic", "olga-7", "olga@example.com")  # fmt: skip


@pytest.mark.browser
@needs_chromium
async def test_sign_up_by_email_link_in_a_real_browser(browser: Any, site: Site, db: Any) -> None:
    """From the login page's link to our sign-up page, the emailed link, then the chat. Before: no sign-up; the
    first sign-in silently created the account for whatever email was typed."""

    email = "pia@example.com"
    try:
        page = await browser.new_page()
        violations = csp_violations(page)
        await page.goto(site.url)
        await page.click("#altoc-signup-link")
        await page.fill("#email", email)
        await page.fill("#password", PASSWORD)
        await page.fill("#password2", PASSWORD + "!")
        await page.click("button[type=submit]")
        await page.get_by_text("The two passwords differ").wait_for(timeout=10_000)
        await page.fill("#password", PASSWORD)
        await page.fill("#password2", PASSWORD)
        await page.click("button[type=submit]")
        await page.get_by_text("Check your inbox").wait_for(timeout=10_000)
        assert await count(db, User) == 0  # nothing until the link is opened

        # Signing in before confirming: the same answer as a wrong password.
        await page.goto(site.url + "/login")
        await submit_sign_in(page, email, PASSWORD)
        await page.get_by_text("Wrong email or password.").first.wait_for(timeout=10_000)

        mail = (await asyncio.to_thread(site.smtp.wait_for, 1))[-1]
        assert mail.recipients == [email]
        await page.goto(mail.link())
        await page.click("button[type=submit]")  # "Confirm my email"
        await page.get_by_text("is confirmed").wait_for(timeout=10_000)
        await page.get_by_role("link", name="Sign in").click()
        await submit_sign_in(page, email, PASSWORD)
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)
        assert violations == []
    finally:
        await browser.close()
    async with db.session_scope() as session:
        credential = (await session.execute(select(PasswordCredential))).scalar_one()
    assert credential.email == email and credential.email_verified_at is not None


async def test_a_second_sign_up_for_a_known_email_looks_the_same(site: Site, db: Any) -> None:
    """With email configured the page cannot tell whether an email has an account; the owner's inbox is told."""
    await asyncio.to_thread(confirmed_account, site, "quinn@example.com")
    before = len(site.smtp.messages)
    _, known = await asyncio.to_thread(webclient.sign_up, site.url, "quinn@example.com", "another long password")
    _, new = await asyncio.to_thread(webclient.sign_up, site.url, "rosa@example.com", "another long password")
    assert known.replace("quinn@", "X@") == new.replace("rosa@", "X@")
    to_known, _ = (await asyncio.to_thread(site.smtp.wait_for, before + 2))[before:]
    assert to_known.recipients == ["quinn@example.com"] and "already have one" in to_known.body
    await asyncio.to_thread(sign_in, site, "quinn@example.com")  # the old password still works


@pytest.mark.browser
@needs_chromium
async def test_an_unknown_email_is_refused_and_nothing_is_created(browser: Any, site: Site, db: Any) -> None:
    """Before: a typo'd email signed in to a brand-new, empty account."""

    try:
        page = await browser.new_page()
        await page.goto(site.url)
        await submit_sign_in(page, "typo@exmaple.com", PASSWORD)
        await page.get_by_text("Wrong email or password.").first.wait_for(timeout=10_000)
        await page.get_by_text("New here? Create an account below.").wait_for(timeout=10_000)  # the alert
        assert await page.locator("#email").is_visible()  # still on the sign-in form
    finally:
        await browser.close()
    assert await count(db, User) == 0


async def test_signing_out_ends_the_session(site: Site, db: Any) -> None:
    """Before: the cookie kept working for 15 days after sign-out (a copy of it, to anyone who had one)."""
    import socketio

    await asyncio.to_thread(confirmed_account, site, "sam@example.com")
    cookie = await asyncio.to_thread(sign_in, site, "sam@example.com")
    assert get(site.url + "/user", {"Cookie": cookie})[0] == 200
    open_chat = socketio.AsyncClient(reconnection=False)
    closed = asyncio.Event()
    open_chat.on("disconnect", closed.set)
    await open_chat.connect(
        site.url,
        socketio_path="/ws/socket.io",
        transports=["websocket"],
        headers={"Cookie": cookie},
        auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": str(uuid.uuid4()), "userEnv": "{}"},
        wait_timeout=5,
    )
    status, _, cleared = await asyncio.to_thread(post_form, site.url + "/logout", {}, {"Cookie": cookie})
    assert status == 200 and any(c.startswith("access_token=") for c in cleared)
    await asyncio.wait_for(closed.wait(), 10)  # the chat open with that session is closed by the server
    await open_chat.disconnect()
    status, _ = get(site.url + "/user", {"Cookie": cookie})  # the copy kept by an attacker
    assert status == 401
    client = socketio.AsyncClient(reconnection=False)
    thread = str(uuid.uuid4())
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(
            site.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": cookie},
            auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": thread, "userEnv": "{}"},
            wait_timeout=5,
        )
    await client.disconnect()
    # A new sign-in works again, over the websocket too.
    fresh = await asyncio.to_thread(sign_in, site, "sam@example.com")
    client = socketio.AsyncClient(reconnection=False)
    said: asyncio.Queue[str] = asyncio.Queue()
    client.on("new_message", lambda step: said.put_nowait(step["output"]) if step.get("type") == "assistant_message"
              else None)  # fmt: skip
    try:
        await client.connect(
            site.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": fresh},
            auth={"clientType": "webapp", "sessionId": str(uuid.uuid4()), "threadId": thread, "userEnv": "{}"},
            wait_timeout=5,
        )
        await client.emit("connection_successful")
        assert "offline guided mode" in await asyncio.wait_for(said.get(), 10)
        await client.emit("client_message", user_message(thread, "/help"))
        assert "/new" in await asyncio.wait_for(said.get(), 10)
    finally:
        await client.disconnect()


def test_pages_forbid_framing_and_foreign_scripts(site: Site) -> None:
    """The policy is also checked in the browser tests above: the chat works and Chromium reports no violation."""
    import gzip
    import urllib.request

    for path in ("/", "/login", "/altoc/sign-up"):
        request = urllib.request.Request(site.url + path, headers={"Accept-Encoding": "gzip"})  # as browsers ask
        with urllib.request.urlopen(request, timeout=5) as response:
            headers, page = response.headers, response.read()
        if headers["Content-Encoding"] == "gzip":
            page = gzip.decompress(page)
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, path
        assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0], path
        assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path
        if b"<script>" in page:  # Chainlit's inline scripts are allowed by their hash, nothing else
            assert "'sha256-" in policy, path


def test_cookies_are_secure_behind_https(site: Site, db: Any) -> None:
    """ALTOC_SECURE_COOKIES=auto: Secure when the request came over HTTPS (here: a proxy's X-Forwarded-Proto,
    which uvicorn trusts from 127.0.0.1), not on plain http://localhost (the browser would drop it)."""
    confirmed_account(site, "tia@example.com")
    form = {"username": "tia@example.com", "password": PASSWORD}
    _, _, plain = post_form(site.url + "/login", form)
    _, _, behind_https = post_form(site.url + "/login", form, {"X-Forwarded-Proto": "https"})
    assert plain and all("secure" not in c.lower().split("; ") for c in plain)
    assert behind_https and all("Secure" in c.split("; ") for c in behind_https)


@pytest.fixture
def relay(pg_url: str, pg_data_dir: Path) -> Iterator[TcpRelay]:
    """The session's database reached through a relay the test can cut."""
    socket_file = next((pg_data_dir / "pgdata").glob(".s.PGSQL.*[0-9]"))
    relay = TcpRelay(str(socket_file)).start()
    yield relay
    relay.stop()


@needs_chromium
@pytest.mark.browser
async def test_sign_in_says_when_the_database_is_down(browser: Any, relay: TcpRelay, tmp_path: Path, db: Any) -> None:
    """Before: a failing database answered "wrong email or password" (the callback's error was swallowed)."""

    database_url = f"postgresql://postgres@127.0.0.1:{relay.port}/postgres"
    process, url = spawn_serve(tmp_path / "data", tmp_path, DATABASE_URL=database_url)
    try:
        await asyncio.to_thread(webclient.sign_in, url, "uma@example.com", PASSWORD)  # works while it is up
        relay.cut()
        status, body, _ = await asyncio.to_thread(
            post_form, url + "/login", {"username": "uma@example.com", "password": PASSWORD}
        )
        assert status == 503 and "trouble reaching its database" in body, body
        try:
            page = await browser.new_page()
            await page.goto(url + "/login")
            await submit_sign_in(page, "uma@example.com", PASSWORD)
            # The form's alert (our translation of "Service Unavailable"); Chainlit's toast with the status
            # text in front ("Service Unavailable: ...") is hidden on the sign-in form (public/altoc.css).
            await page.get_by_text(DATABASE_TROUBLE, exact=True).wait_for(timeout=10_000)
            toast = page.get_by_text("Service Unavailable: " + DATABASE_TROUBLE)
            await toast.wait_for(state="attached", timeout=10_000)
            assert not await toast.is_visible()
            assert await page.get_by_text("Wrong email or password").count() == 0
        finally:
            await browser.close()
    finally:
        stop(process)
