"""What the web tests and the web benchmarks share: a free port, Chromium's flags, and the shapes of
Chainlit's sign-in form and chat messages as its frontend sends them."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post_form(url: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> tuple[int, str, list[str]]:
    """POST a form as a browser does: (status, body, Set-Cookie headers), error statuses included."""
    body = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), response.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), exc.headers.get_all("Set-Cookie") or []


def upload_file(url: str, cookie: str, session_id: str, name: str, data: bytes, mime: str) -> tuple[int, str]:
    """POST a file to Chainlit's upload route the way its frontend does (multipart, field `file`): (status, body)."""
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
    head += f"Content-Type: {mime}\r\n\r\n"
    body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        f"{url}/project/file?session_id={session_id}",
        data=body,
        method="POST",
        headers={"Cookie": cookie, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def sign_up(url: str, email: str, password: str) -> tuple[int, str]:
    """Fill in our sign-up page and, without SMTP, answer yes to "create a new account for x@y?" (the account
    then exists); an existing account is no error."""
    status, page, _ = post_form(url + "/altoc/sign-up", {"email": email, "password": password, "password2": password})
    token = re.search(r'name="token" value="([^"]+)"', page)
    if status == 200 and token:
        status, page, _ = post_form(url + "/altoc/sign-up/confirm", {"token": token.group(1)})
    return status, page


def sign_in(url: str, email: str, password: str) -> str:
    """Sign up (if needed), then POST the sign-in form as the browser does; returns the session cookie
    ("access_token=...")."""
    status, page = sign_up(url, email, password)
    assert status == 200 or "already an account" in page, page
    status, body, cookies = post_form(url + "/login", {"username": email, "password": password})
    assert status == 200, (status, body)
    return next(c.split(";", 1)[0] for c in cookies if c.startswith("access_token="))


def user_message(thread_id: str, text: str) -> dict[str, Any]:
    """A `client_message` payload as Chainlit's frontend sends it."""
    message = {
        "id": str(uuid.uuid4()),
        "threadId": thread_id,
        "type": "user_message",
        "name": "User",
        "output": text,
        "createdAt": datetime.now(UTC).isoformat(),
    }
    return {"message": message, "fileReferences": None}


async def browser_sign_in(page: Any, url: str, email: str, password: str) -> None:
    """Sign up (if needed) as our sign-up page does, then sign in through Chainlit's form in the browser."""
    import asyncio

    status, answer = await asyncio.to_thread(sign_up, url, email, password)
    assert status == 200 or "already an account" in answer, answer
    await page.goto(url)
    await submit_sign_in(page, email, password)


async def submit_sign_in(page: Any, email: str, password: str) -> None:
    """Fill in and send the sign-in form the page shows, as a person does."""
    await page.fill("#email", email)
    await page.fill("#password", password)
    await page.click("button[type=submit]")


async def say_in_page(page: Any, text: str) -> str:
    """Send a message in the chat page and return the assistant's answer: every message of the turn, in order."""
    assistant = page.locator('[data-step-type="assistant_message"]')
    # The previous turn may still be finishing (its buttons, its end): Chainlit ignores Enter until then.
    await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)
    before = await assistant.count()
    await page.fill("#chat-input", text)
    await page.keyboard.press("Enter")
    await assistant.nth(before).wait_for(timeout=20_000)
    await page.locator("#stop-button").wait_for(state="detached", timeout=20_000)
    return "\n".join([await assistant.nth(i).inner_text() for i in range(before, await assistant.count())])
