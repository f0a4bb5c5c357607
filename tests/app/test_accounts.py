"""One person, two channels: /link codes join a Telegram account and a web account; nothing is lost."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.accounts import ALPHABET, AccountLinking, normalize_code
from app.ats.service import AtsService
from app.auth import AuthService, SignIn
from app.cv.service import CvService
from app.events import IncomingFile
from db.models import (
    AtsReport,
    ChannelIdentity,
    Conversation,
    Cv,
    LinkAttempt,
    LinkCode,
    Message,
    PasswordCredential,
    User,
)
from db.repositories.accounts import AccountRepository
from db.repositories.conversations import ConversationRepository
from db.repositories.users import UserRepository
from tests.conftest import say

FULL = Path(__file__).resolve().parents[1] / "fixtures" / "full_resume.json"
CODE = re.compile(r"\*\*([A-Z0-9]{4}-[A-Z0-9]{4})\*\*")
TG, WEB = {"channel": "telegram", "user": "1001"}, {"channel": "web", "user": "maria@example.com"}


@pytest.fixture
def service(db: Any, settings: Any) -> Any:
    """The offline ConversationService with the chats' names as `altoc serve` passes them (the registered channels)."""
    from app.assistant.conversation import ConversationService
    from channels.registry import display_names

    return ConversationService(db, settings, channel_names=display_names())


async def sign_up(session: Any, email: str, password: str) -> None:
    """A password account as the sign-up page makes it without SMTP (asked, then confirmed)."""
    asked = await AuthService(session).sign_up(email, password, verify_by_mail=False, base_url="http://localhost")
    await AuthService(session).confirm_sign_up(asked.confirm_token)


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
    changed = await say(service, "change my phone to +48 601 222 333", **TG)
    assert "+48 601 222 333" in changed.text, changed.text  # a second version, made in Telegram


async def count(db: Any, model: Any) -> int:
    async with db.session_scope() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_web_code_entered_in_telegram_joins_the_accounts(service: Any, db: Any) -> None:
    await telegram_user_with_a_cv(service)
    async with db.session_scope() as session:
        await sign_up(session, "maria@example.com", "a long enough password")
    await say(service, "hello from the browser", **WEB)
    code = await link_code(service, **WEB)

    linked = await say(service, f"/link {code.lower().replace('-', ' ')}", **TG)
    assert "Linked" in linked.text and "web chat" in linked.text
    assert "Maria Kowalska" in linked.text  # the CVs they now share

    # The web chat now sees the CV made in Telegram, with its history.
    shown = await say(service, "/show", **WEB)
    assert "Maria Kowalska" in shown.text and "Kafka" in shown.text and "+48 601 222 333" in shown.text
    history = await say(service, "/history", **WEB)
    assert "v2" in history.text and "v1" in history.text  # the import, then the skill added in Telegram
    assert history.text.index("v2") < history.text.index("v1") and "← current" in history.text
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
        signed_in = await AuthService(session).sign_in("maria@example.com", "a long enough password")
        assert isinstance(signed_in, SignIn) and signed_in.user_id == users[0].id

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
    own = (await say(service, f"/link {code}", **WEB)).text
    assert "own code" in own and "from your other chat (Telegram or terminal)." in own
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
    # Every attempt is recorded, and every failed one counts: a malformed code gets a format hint.
    other = {"channel": "telegram", "user": "3003"}
    for _ in range(4):
        assert "8 letters and digits" in (await say(service, "/link hello", **other)).text
    assert "own code" in (await say(service, f"/link {await link_code(service, **other)}", **other)).text
    assert "Too many wrong codes" in (await say(service, f"/link {code}", **other)).text
    async with db.session_scope() as session:
        attempts = (await session.execute(select(LinkAttempt.success))).scalars().all()
        assert attempts == [False] * 10  # the refusals while paused are not attempts: no code was tried

    async with db.session_scope() as session:
        await session.execute(text("UPDATE link_attempts SET created_at = created_at - interval '16 minutes'"))
    assert "Linked" in (await say(service, f"/link {code}", **TG)).text
    async with db.session_scope() as session:
        assert (await session.execute(select(func.count()).where(LinkAttempt.success))).scalar_one() == 1


async def test_two_password_accounts_are_not_joined(service: Any, db: Any) -> None:
    async with db.session_scope() as session:
        await sign_up(session, "a@example.com", "a long enough password")
        await sign_up(session, "b@example.com", "another long password")
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


JOB_AD = """Senior Backend Engineer
We are hiring a backend engineer. Requirements: 5+ years of Python, PostgreSQL, Kafka and Docker.
Nice to have: Kubernetes, AWS. Responsibilities: build and run our APIs."""


async def row_counts(db: Any) -> dict[str, int]:
    """Rows in every table of ours and of the web chat's history."""
    async with db.session_scope() as session:
        names = (
            await session.execute(
                text(
                    "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                    "WHERE schemaname IN ('public', 'chainlit') AND tablename <> 'alembic_version'"
                )
            )
        ).scalars()
        return {
            name: int((await session.execute(text(f"SELECT count(*) FROM {name}"))).scalar_one())  # noqa: S608
            for name in list(names)
        }


async def user_of(db: Any, channel: str, external_id: str) -> Any:
    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity(channel, external_id)
        assert user is not None
        return user.id


async def test_nothing_of_the_issuer_is_lost(service: Any, db: Any, settings: Any) -> None:
    # The issuer: a web account with a password, a CV, a chat, a job ad, an ATS report and embeddings.
    async with db.session_scope() as session:
        await sign_up(session, "maria@example.com", "a long enough password")
    await say(service, files=(IncomingFile("cv.json", FULL.read_bytes()),), **WEB)
    await say(service, "hello from the browser", **WEB)
    web = await user_of(db, *WEB.values())
    async with db.session_scope() as session:
        web_cv = await CvService(session, web).latest_id()
        assert web_cv is not None
        await AtsService(session, web, settings).analyze(web_cv, JOB_AD, source="ad.txt")
    code = await link_code(service, **WEB)
    # The redeemer: a Telegram account with its own CV.
    await telegram_user_with_a_cv(service)
    tg = await user_of(db, *TG.values())

    before = await row_counts(db)
    assert all(before[f"public.{t}"] > 0 for t in ("job_descriptions", "ats_reports", "embeddings", "messages"))
    async with db.session_scope() as session:
        outcome = await AccountLinking(session, settings.link_code_minutes).redeem(tg, "telegram", code)
        assert outcome.ok and outcome.joined_user == web
    after = await row_counts(db)
    assert after == {**before, "public.users": before["public.users"] - 1,
                     "public.link_attempts": before["public.link_attempts"] + 1}  # fmt: skip

    async with db.session_scope() as session:
        for table, column in await AccountRepository(session).user_references():
            owners = (await session.execute(text(f"SELECT DISTINCT {column} FROM {table}"))).scalars().all()  # noqa: S608
            assert set(owners) <= {tg, None}, table
        # The web chat's conversation and its history are the joined account's now.
        chat = await ConversationRepository(session, tg).get_or_create("web", None)
        assert "hello from the browser" in [m.text for m in await ConversationRepository(session, tg).messages(chat)]
        assert len(await CvService(session, tg).list()) == 2
        assert (await CvService(session, tg).load(web_cv)).resume.to_json()["basics"]["name"] == "Maria Kowalska"
        assert (await session.execute(select(AtsReport.user_id))).scalars().all() == [tg]
    shown = await say(service, "/show", **WEB)  # the web chat still has its CV open
    assert "Maria Kowalska" in shown.text


async def test_every_reference_to_a_user_is_moved(db: Any) -> None:
    """Read from the database: a table added by a migration is moved too (update this list knowingly)."""
    async with db.session_scope() as session:
        references = await AccountRepository(session).user_references()
    assert references == [
        (f"public.{table}", "user_id")
        for table in ("ats_reports", "billing_events", "billing_ledger", "channel_identities", "conversations",
                      "cover_letters", "cvs", "embeddings", "job_descriptions",
                      "link_attempts", "link_codes", "model_usage", "password_credentials", "purchases",
                      "stripe_customers", "subscriptions", "web_sessions")
    ]  # fmt: skip


async def test_a_redeemer_without_a_cv_gets_the_other_cv_open(service: Any, db: Any) -> None:
    await say(service, files=(IncomingFile("cv.json", FULL.read_bytes()),), display_name="Maria K.", **WEB)
    code = await link_code(service, **WEB)
    linked = await say(service, f"/link {code}", **TG)  # the Telegram account's first message
    assert "Linked" in linked.text and "Maria Kowalska" in linked.text
    async with db.session_scope() as session:
        chat = (await session.execute(select(Conversation).where(Conversation.channel == "telegram"))).scalar_one()
        cv = (await session.execute(select(Cv))).scalar_one()
        assert chat.state["cv_id"] == str(cv.id)
        user = (await session.execute(select(User))).scalar_one()
        assert user.display_name == "Maria K."  # the redeemer had none: the other account's name stays
    assert "Maria Kowalska" in (await say(service, "/show", **TG)).text


async def test_a_turn_waiting_on_the_joined_account_follows_it(service: Any, db: Any, settings: Any) -> None:
    """A turn of the issuer that waited for its lock while /link moved everything goes to the joined account."""
    await say(service, files=(IncomingFile("cv.json", FULL.read_bytes()),), **WEB)
    code = await link_code(service, **WEB)
    await say(service, "hello", **TG)
    web, tg = await user_of(db, *WEB.values()), await user_of(db, *TG.values())
    async with db.session_scope() as session:
        await ConversationRepository(session, web).lock_user()  # the web account is mid-turn...
        waiting = asyncio.create_task(say(service, "/cvs", **WEB))  # ...and its next message waits
        for _ in range(200):
            async with db.session_scope() as probe:
                query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                if (await probe.execute(text(query))).scalar_one():
                    break
            await asyncio.sleep(0.01)
        else:
            pytest.fail("the web turn never waited for the lock")
        assert (await AccountLinking(session, settings.link_code_minutes).redeem(tg, "telegram", code)).ok
    answer = await asyncio.wait_for(waiting, 10)
    assert "Maria Kowalska" in answer.text and "went wrong" not in answer.text
    assert await count(db, User) == 1


async def test_link_is_a_command_even_mid_interview(service: Any, db: Any) -> None:
    assert "/link [CODE]" in (await say(service, "/help", **TG)).text
    await say(service, "/new", **TG)  # the guided interview now waits for a name
    async with db.session_scope() as session:
        step = (await session.execute(select(Conversation.state))).scalar_one()["interview"]["step"]
    code = await link_code(service, **TG)  # not taken for the name
    assert "Linked" in (await say(service, f"/link {code}", **WEB)).text
    async with db.session_scope() as session:
        states = (await session.execute(select(Conversation.channel, Conversation.state))).all()
        assert step is not None and dict(states)["telegram"]["interview"]["step"] == step  # still waiting
