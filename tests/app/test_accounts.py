"""One person, two channels: /link codes join a Telegram account and a web account; nothing is lost."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.accounts import ALPHABET, normalize_code
from app.auth import AuthService
from app.events import IncomingFile
from db.models import ChannelIdentity, Conversation, Cv, LinkCode, Message, PasswordCredential, User
from tests.conftest import say

FULL = Path(__file__).resolve().parents[1] / "fixtures" / "full_resume.json"
CODE = re.compile(r"\*\*([A-Z0-9]{4}-[A-Z0-9]{4})\*\*")
TG, WEB = {"channel": "telegram", "user": "1001"}, {"channel": "web", "user": "maria@example.com"}


async def link_code(service: Any, **who: Any) -> str:
    sink = await say(service, "/link", **who)
    match = CODE.search(sink.text)
    assert match, sink.text
    assert "/link " + match.group(1) in sink.text and "10 minutes" in sink.text
    return match.group(1)


async def telegram_user_with_a_cv(service: Any) -> None:
    cv = IncomingFile("cv.json", FULL.read_bytes())
    sink = await say(service, files=(cv,), **TG)
    assert "Maria Kowalska" in sink.text or "mported" in sink.text
    await say(service, "add skills: Kafka", **TG)


async def count(db: Any, model: Any) -> int:
    async with db.session_scope() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_web_code_entered_in_telegram_joins_the_accounts(service: Any, db: Any) -> None:
    await telegram_user_with_a_cv(service)
    async with db.session_scope() as session:
        await AuthService(session).sign_in_or_up("maria@example.com", "a long enough password")
    await say(service, "hello from the browser", **WEB)
    code = await link_code(service, **WEB)

    linked = await say(service, f"/link {code.lower().replace('-', ' ')}", **TG)
    assert "Linked" in linked.text and "web chat" in linked.text
    assert "Maria Kowalska" in linked.text  # the CVs they now share

    # The web chat now sees the CV made in Telegram, with its history.
    shown = await say(service, "/show", **WEB)
    assert "Maria Kowalska" in shown.text and "Kafka" in shown.text
    history = await say(service, "/history", **WEB)
    assert "v2" in history.text or "2" in history.text
    async with db.session_scope() as session:
        users = (await session.execute(select(User))).scalars().all()
        assert len(users) == 1
        identities = {(i.channel, i.external_id) for i in (await session.execute(select(ChannelIdentity))).scalars()}
        assert identities == {("telegram", "1001"), ("web", "maria@example.com")}
        conversations = (await session.execute(select(Conversation))).scalars().all()
        assert {c.channel for c in conversations} == {"telegram", "web"}
        assert all(c.user_id == users[0].id for c in conversations)
        texts = [m.text for m in (await session.execute(select(Message))).scalars()]
        assert "hello from the browser" in texts  # the web history came along
        credential = (await session.execute(select(PasswordCredential))).scalar_one()
        assert credential.user_id == users[0].id  # the password still signs in, to the joined account
        signed_in = await AuthService(session).sign_in_or_up("maria@example.com", "a long enough password")
        assert signed_in is not None and signed_in.user_id == users[0].id

    # A second code between the same two chats: already one account.
    again = await link_code(service, **WEB)
    assert "already linked" in (await say(service, f"/link {again}", **TG)).text


async def test_a_telegram_code_entered_on_the_web_keeps_both_cvs(service: Any, db: Any) -> None:
    await telegram_user_with_a_cv(service)
    document = json.loads(FULL.read_text())
    document["basics"]["name"] = "Maria K. (web draft)"
    await say(service, files=(IncomingFile("web.json", json.dumps(document).encode()),), **WEB)
    code = await link_code(service, **TG)
    linked = await say(service, f"/link {code}", **WEB)
    assert "Telegram" in linked.text
    cvs = (await say(service, "/cvs", **TG)).text
    assert "Maria Kowalska" in cvs and "web draft" in cvs
    assert await count(db, Cv) == 2 and await count(db, User) == 1


async def test_codes_are_single_use_expire_and_are_not_ones_own(service: Any, db: Any) -> None:
    await telegram_user_with_a_cv(service)
    code = await link_code(service, **WEB)
    assert "own code" in (await say(service, f"/link {code}", **WEB)).text
    assert "Linked" in (await say(service, f"/link {code}", **TG)).text

    # Reused by somebody else: refused, and that person's account is untouched.
    reused = await say(service, f"/link {code}", channel="telegram", user="2002")
    assert "already used" in reused.text
    assert await count(db, User) == 2

    # Expired.
    fresh = await link_code(service, channel="web", user="other@example.com")
    async with db.session_scope() as session:
        await session.execute(text("UPDATE link_codes SET expires_at = now() - interval '1 minute'"))
    expired = await say(service, f"/link {fresh}", channel="telegram", user="2002")
    assert "expired" in expired.text and "10 minutes" in expired.text
    assert await count(db, User) == 3

    # A new code replaces the earlier one.
    first = await link_code(service, channel="web", user="other@example.com")
    second = await link_code(service, channel="web", user="other@example.com")
    assert "already used" in (await say(service, f"/link {first}", channel="telegram", user="2002")).text
    assert "Linked" in (await say(service, f"/link {second}", channel="telegram", user="2002")).text
    async with db.session_scope() as session:
        hashes = (await session.execute(select(LinkCode.code_hash))).scalars().all()
        assert all(first.replace("-", "") not in h and len(h) == 64 for h in hashes)  # stored hashed


async def test_wrong_codes_are_rate_limited(service: Any, db: Any) -> None:
    code = await link_code(service, **WEB)
    wrong = "".join(reversed(code.replace("-", "")))
    wrong = wrong if wrong != code.replace("-", "") else "ABCDEFGH"
    for attempt in range(5):
        answer = await say(service, f"/link {wrong}", **TG)
        assert "not right" in answer.text, (attempt, answer.text)
    assert "2 tries left" not in answer.text  # the last one said 0
    blocked = await say(service, f"/link {code}", **TG)  # even the right code, now
    assert "Too many wrong codes" in blocked.text and "15 minutes" in blocked.text
    assert await count(db, User) == 2
    # A malformed code is not a guess and is not counted; it gets a format hint.
    assert "8 letters and digits" in (await say(service, "/link hello", channel="telegram", user="3003")).text

    async with db.session_scope() as session:
        await session.execute(text("UPDATE link_attempts SET created_at = created_at - interval '16 minutes'"))
    assert "Linked" in (await say(service, f"/link {code}", **TG)).text


async def test_two_password_accounts_are_not_joined(service: Any, db: Any) -> None:
    async with db.session_scope() as session:
        await AuthService(session).sign_in_or_up("a@example.com", "a long enough password")
        await AuthService(session).sign_in_or_up("b@example.com", "another long password")
    code = await link_code(service, channel="web", user="a@example.com")
    refused = await say(service, f"/link {code}", channel="web", user="b@example.com")
    assert "own password" in refused.text
    assert await count(db, User) == 2
    # The code was not spent: a Telegram chat can still use it.
    assert "Linked" in (await say(service, f"/link {code}", **TG)).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("K7QF-3MZP", "K7QF3MZP"), ("k7qf 3mzp", "K7QF3MZP"), (" k7qf3mzp ", "K7QF3MZP"), ("K7QF-3MZ", None),
     ("K7QF-3MZO", None), ("hello", None), ("", None)],
)  # fmt: skip
def test_codes_are_read_forgivingly(raw: str, expected: str | None) -> None:
    assert normalize_code(raw) == expected


def test_the_alphabet_has_no_look_alikes() -> None:
    assert not set("01OIL") & set(ALPHABET)
