"""What the sign-in and sign-up routes answer, through HTTP as the browser sends it, on the real database: each
refusal has its own status, and Chainlit's page shows our sentence for that status; a new email becomes an
account only after a deliberate yes to "create a new account for x@y?"."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from db.models import PasswordCredential, User

# Chainlit imports traceloop, which still uses pydantic v1-style config.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:traceloop.*")
PASSWORD = "correct horse battery"


@pytest.fixture
async def client(
    chainlit_root: Path, db: Any, settings: Any, service: Any, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    """Our account routes on the test database (no SMTP), as `altoc serve` puts them before Chainlit."""
    from app.assistant.runtime import Runtime
    from channels.web.accounts import account_routes
    from channels.web.lifecycle import WEB_RUNTIME

    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", "a test secret that is long enough for HS256 signing")
    WEB_RUNTIME.install(Runtime(settings, db, None, service))
    app = FastAPI()
    app.router.routes.extend(account_routes())
    transport = httpx.ASGITransport(app=app, client=("10.9.8.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as http:
        yield http


async def accounts(db: Any) -> list[str]:
    async with db.session_scope() as session:
        return list((await session.execute(select(PasswordCredential.email))).scalars())


async def users(db: Any) -> int:
    async with db.session_scope() as session:
        return int((await session.execute(select(func.count()).select_from(User))).scalar_one())


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/login", data={"username": email, "password": password})


async def ask_to_sign_up(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post("/altoc/sign-up", data={"email": email, "password": password, "password2": password})


def confirm_token(page: str) -> str:
    found = re.search(r'action="/altoc/sign-up/confirm">\s*<input type="hidden" name="token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


async def page_says(client: httpx.AsyncClient, answer: httpx.Response) -> str:
    """What Chainlit's sign-in page shows for a failed sign-in: the translation keyed by the status text."""
    errors = (await client.get("/project/translations", params={"language": "en-US"})).json()
    return str(errors["translation"]["auth"]["login"]["errors"][HTTPStatus(answer.status_code).phrase])


async def test_a_new_email_becomes_an_account_only_after_a_yes(client: httpx.AsyncClient, db: Any) -> None:
    """Before: a typo'd email became a new, empty account at once. Now the page spells the email out and asks."""
    asked = await ask_to_sign_up(client, "Maria@Exmaple.com ")
    assert asked.status_code == 200
    assert "No account for maria@exmaple.com yet. Create a new account for maria@exmaple.com?" in asked.text
    assert "Yes, create my account for maria@exmaple.com" in asked.text
    assert 'href="/altoc/sign-up?email=maria%40exmaple.com"' in asked.text  # "Change it", the email kept
    assert await accounts(db) == [] and await users(db) == 0  # asking creates nothing

    token = confirm_token(asked.text)
    created = await client.post("/altoc/sign-up/confirm", data={"token": token})
    assert created.status_code == 200 and "Your account for maria@exmaple.com is ready" in created.text
    again = await client.post("/altoc/sign-up/confirm", data={"token": token})  # a second press, a reload
    assert again.status_code == 400 and "works once" in again.text
    assert await accounts(db) == ["maria@exmaple.com"] and await users(db) == 1

    taken = await ask_to_sign_up(client, "maria@exmaple.com", "another long password")
    assert taken.status_code == 400 and "already an account for maria@exmaple.com" in taken.text
    verify = await client.post("/altoc/verify", data={"token": token})  # not an emailed link: proves nothing
    assert verify.status_code == 400
    assert await accounts(db) == ["maria@exmaple.com"]


async def test_each_refusal_says_what_happened(client: httpx.AsyncClient, db: Any) -> None:
    token = confirm_token((await ask_to_sign_up(client, "maria@example.com")).text)
    await client.post("/altoc/sign-up/confirm", data={"token": token})

    typo = await sign_in(client, "maria@exmaple.com")
    assert typo.status_code == 404
    assert typo.json()["detail"] == (
        "There is no account for maria@exmaple.com. Check the email for a typo; if you are new here, create an account."
    )
    assert (await page_says(client, typo)).startswith("There is no account with this email. Check it for a typo")

    wrong = await sign_in(client, "maria@example.com", "not my password at all")
    assert wrong.status_code == 401 and wrong.json()["detail"].startswith("Wrong password for maria@example.com.")
    assert (await page_says(client, wrong)).startswith("Wrong password for this email.")

    short = await sign_in(client, "maria@example.com", "short")
    assert short.status_code == 422 and "too short" in short.json()["detail"]
    assert await page_says(client, short) == "That password is too short: passwords here have at least 10 characters."

    not_email = await sign_in(client, "maria.example.com")
    assert not_email.status_code == 400 and "not an email address" in await page_says(client, not_email)
    assert await users(db) == 1  # no refusal created anything


async def test_too_many_wrong_passwords_pause_sign_in_and_say_so(client: httpx.AsyncClient) -> None:
    token = confirm_token((await ask_to_sign_up(client, "ola@example.com")).text)
    await client.post("/altoc/sign-up/confirm", data={"token": token})
    for attempt in range(5):  # ACCOUNT_THROTTLE: five failures are free
        assert (await sign_in(client, "ola@example.com", f"wrong guess {attempt}")).status_code == 401
    paused = await sign_in(client, "ola@example.com")  # even the right password waits a moment
    assert paused.status_code == 429 and paused.headers["Retry-After"] == "1"
    assert paused.json()["detail"] == "Too many failed sign-ins. Wait 1 second, then try again."
    assert (await page_says(client, paused)).startswith("Too many failed sign-ins, so signing in is paused")


async def test_an_existing_email_signs_in(client: httpx.AsyncClient, db: Any) -> None:
    token = confirm_token((await ask_to_sign_up(client, "pia@example.com")).text)
    await client.post("/altoc/sign-up/confirm", data={"token": token})
    signed_in = await sign_in(client, " PIA@example.com", PASSWORD)
    assert signed_in.status_code == 200 and signed_in.json()["success"] is True
    assert signed_in.cookies.get("access_token")
    assert await users(db) == 1
