"""Web accounts that cannot be taken over: sign-up is explicit, emails are trusted only when proven, OAuth
identities are the provider's user ids, failed sign-ins slow down without locking, sessions end at sign-out."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.auth import WRONG_CREDENTIALS, AuthService, Refusal, SignIn
from app.errors import Conflict, InvalidInput
from app.events import IncomingFile
from app.mail import send_mail
from db.models import ChannelIdentity, PasswordCredential, User
from tests.conftest import say

FULL = Path(__file__).resolve().parents[1] / "fixtures" / "full_resume.json"
VICTIM = "maria@example.com"
PASSWORD = "a long enough password"
BASE = "http://localhost:8000"


async def count_users(db: Any) -> int:
    async with db.session_scope() as session:
        return int((await session.execute(select(func.count()).select_from(User))).scalar_one())


async def oauth(db: Any, subject: str, email: str | None, verified: bool = True) -> SignIn:
    async with db.session_scope() as session:
        return await AuthService(session).oauth_sign_in("generic", subject, email if verified else None, "Maria")


async def sign_up_now(db: Any, email: str, password: str = PASSWORD) -> Any:
    """A password account as the sign-up page makes it without SMTP: asked, confirmed, email not proven."""
    async with db.session_scope() as session:
        asked = await AuthService(session).sign_up(email, password, verify_by_mail=False, base_url=BASE)
        assert asked.confirm_token, asked
        return await AuthService(session).confirm_sign_up(asked.confirm_token)


async def sign_up_by_mail(db: Any, email: str, password: str = PASSWORD) -> Any:
    async with db.session_scope() as session:
        return await AuthService(session).sign_up(email, password, verify_by_mail=True, base_url=BASE)


async def confirm(db: Any, link: str) -> str:
    token = re.search(r"token=([\w-]+)", link)
    assert token, link
    async with db.session_scope() as session:
        return await AuthService(session).confirm_email(token.group(1))


async def sign_in(db: Any, email: str, password: str = PASSWORD, client: str | None = "10.0.0.1", **kw: Any) -> Any:
    async with db.session_scope() as session:
        return await AuthService(session).sign_in(email, password, client, **kw)


async def victim_with_a_cv(service: Any, db: Any) -> SignIn:
    """Maria signs in with OAuth (her provider vouches for her email) and imports her CV."""
    signed_in = await oauth(db, "maria-sub-1", VICTIM)
    sink = await say(service, files=(IncomingFile("cv.json", FULL.read_bytes()),), channel="web",
                     user="maria-sub-1", account_channel="oauth:generic")  # fmt: skip
    assert "Maria Kowalska" in sink.text or "mported" in sink.text
    return signed_in


async def test_a_password_on_an_oauth_accounts_email_gets_an_account_of_its_own(service: Any, db: Any) -> None:
    """The attacker types the victim's email and a password of their own: a separate, empty account.

    Before: the first password sign-in attached a new password to the account the OAuth sign-in had made
    for ("web", email), so the attacker then read the victim's CVs."""
    victim = await victim_with_a_cv(service, db)
    await sign_up_now(db, VICTIM, "attacker's own password")
    attacker = await sign_in(db, VICTIM, "attacker's own password")
    assert isinstance(attacker, SignIn) and attacker.user_id != victim.user_id
    shown = await say(service, "/show", channel="web", user=VICTIM)  # the attacker's browser
    assert "Maria Kowalska" not in shown.text
    assert "Maria Kowalska" in (await say(service, "/show", channel="web", user="maria-sub-1",
                                          account_channel="oauth:generic")).text  # fmt: skip


async def test_an_oauth_sign_in_does_not_join_a_password_account_whose_email_is_unproven(service: Any, db: Any) -> None:
    """The attacker registers the victim's email with a password first (no SMTP: nothing proves it); the victim
    then signs in with OAuth and gets an account of her own, so her CV never reaches the attacker."""
    await sign_up_now(db, VICTIM, "attacker's own password")
    attacker = await sign_in(db, VICTIM, "attacker's own password")
    assert isinstance(attacker, SignIn)
    victim = await victim_with_a_cv(service, db)
    assert victim.user_id != attacker.user_id
    assert "Maria Kowalska" not in (await say(service, "/show", channel="web", user=VICTIM)).text
    async with db.session_scope() as session:
        identities = (await session.execute(select(ChannelIdentity))).scalars().all()
        by_user = {(i.channel, i.external_id): i.user_id for i in identities}
    assert by_user == {("web", VICTIM): attacker.user_id, ("oauth:generic", "maria-sub-1"): victim.user_id}


async def test_proven_emails_join_one_account_in_either_order(db: Any) -> None:
    # Password first, proven by the link; then OAuth with the provider's verified email: one account.
    signed_up = await sign_up_by_mail(db, "ana@example.com")
    assert signed_up.mail.to == "ana@example.com" and "/altoc/verify?token=" in signed_up.mail.body
    assert await count_users(db) == 0  # nothing exists until the link is opened
    assert "confirmed" in await confirm(db, signed_up.mail.body)
    password = await sign_in(db, "ana@example.com")
    assert isinstance(password, SignIn)
    assert (await oauth(db, "ana-sub", "Ana@Example.com")).user_id == password.user_id
    # ...but not when the provider does not vouch for the email.
    assert (await oauth(db, "other-sub", "ana@example.com", verified=False)).user_id != password.user_id

    # OAuth first (verified), then a password sign-up whose link is opened: the same account.
    first = await oauth(db, "ben-sub", "ben@example.com")
    signed_up = await sign_up_by_mail(db, "ben@example.com")
    await confirm(db, signed_up.mail.body)
    ben = await sign_in(db, "ben@example.com")
    assert isinstance(ben, SignIn) and ben.user_id == first.user_id


async def test_an_unproven_password_account_is_never_joined(db: Any) -> None:
    await sign_up_now(db, "cy@example.com")  # without SMTP: the email is not proven
    password = await sign_in(db, "cy@example.com")
    assert isinstance(password, SignIn)
    assert (await oauth(db, "cy-sub", "cy@example.com")).user_id != password.user_id


async def test_sign_up_by_mail_answers_alike_for_new_and_known_emails(db: Any, settings: Any, fake_smtp: Any) -> None:
    """The page says the same; the email tells the inbox's owner which it was. Links work once."""
    await sign_up_now(db, "known@example.com")
    new = await sign_up_by_mail(db, "new@example.com")
    known = await sign_up_by_mail(db, "known@example.com", "someone else's password")
    assert new.message.replace("new@", "X@") == known.message.replace("known@", "X@")
    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": fake_smtp.port, "smtp_security": "none"})
    for outcome in (new, known):
        send_mail(smtp, outcome.mail.to, outcome.mail.subject, outcome.mail.body)
    to_new, to_known = fake_smtp.wait_for(2)
    assert to_new.recipients == ["new@example.com"] and to_new.link().startswith(f"{BASE}/altoc/verify?token=")
    assert to_known.recipients == ["known@example.com"] and "already have one" in to_known.body
    assert "token=" not in to_known.body  # nothing in it could change the known account
    assert isinstance(await sign_in(db, "known@example.com"), SignIn)  # its password is unchanged
    assert await sign_in(db, "new@example.com") == Refusal(WRONG_CREDENTIALS)  # not before the link
    await confirm(db, to_new.link())
    assert isinstance(await sign_in(db, "new@example.com"), SignIn)
    with pytest.raises(InvalidInput, match="work once"):
        await confirm(db, to_new.link())


async def test_sign_up_without_mail_says_when_the_email_is_taken(db: Any) -> None:
    """Without SMTP nothing can prove an email, so the page must say it is taken (docs/accounts.md)."""
    await sign_up_now(db, "dee@example.com")
    with pytest.raises(Conflict, match="already an account"):
        await sign_up_now(db, "dee@example.com", "another long password")
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        await sign_up_now(db, "eve@example.com", "short")
    with pytest.raises(InvalidInput, match="not an email address"):
        await sign_up_now(db, "eve.example.com")
    async with db.session_scope() as session:
        credential = (await session.execute(select(PasswordCredential))).scalar_one()
    assert credential.email == "dee@example.com" and credential.email_verified_at is None


async def test_signing_in_never_creates_an_account(db: Any) -> None:
    """Before: the first sign-in with an unknown email created it (a typo'd email became a new, empty account)."""
    assert await sign_in(db, "typo@exmaple.com") == Refusal(WRONG_CREDENTIALS)
    assert await count_users(db) == 0


async def test_unknown_and_known_emails_get_the_same_answer_for_the_same_work(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One scrypt run either way (a dummy hash for unknown emails), so timing does not tell which emails exist."""
    await sign_up_now(db, "fay@example.com")
    runs: list[int] = []
    real = hashlib.scrypt

    def counted(*args: Any, **kwargs: Any) -> bytes:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(hashlib, "scrypt", counted)
    wrong_password = await sign_in(db, "fay@example.com", "not the password!")
    assert len(runs) == 1
    unknown = await sign_in(db, "nobody@example.com", "not the password!")
    assert len(runs) == 2
    assert wrong_password == unknown == Refusal(WRONG_CREDENTIALS)


async def test_failed_sign_ins_slow_down_but_never_lock_the_account(db: Any) -> None:
    """Anyone can fail on anyone's email. Before: five wrong passwords locked the account for 15 minutes,
    even for its owner with the right password. Now the wait per account stays short (at most 30 s)."""
    await sign_up_now(db, "gus@example.com")
    start = datetime.now(UTC)
    for i in range(40):  # a guesser from many addresses, one attempt each, as fast as allowed
        now = start + timedelta(seconds=31 * i)
        answer = await sign_in(db, "gus@example.com", f"guess number {i}", client=f"10.1.0.{i}", now=now)
        assert answer == Refusal(WRONG_CREDENTIALS), (i, answer)
    now = start + timedelta(seconds=31 * 39 + 1)  # the owner, a second after the last guess
    waiting = await sign_in(db, "gus@example.com", client="192.168.7.7", now=now)
    assert isinstance(waiting, Refusal) and waiting.retry_after is not None and 1 <= waiting.retry_after <= 30
    assert "Wait" in waiting.message
    owner = await sign_in(db, "gus@example.com", client="192.168.7.7", now=now + timedelta(seconds=31))
    assert isinstance(owner, SignIn)


async def test_a_guessing_address_waits_longer_and_longer(db: Any) -> None:
    start = datetime.now(UTC)
    waits = []
    for i in range(14):  # a different email each time: only the address ties the guesses together
        answer = await sign_in(db, f"user{i}@example.com", client="203.0.113.9", now=start)
        if answer.retry_after is not None:
            waits.append(answer.retry_after)
            start += timedelta(seconds=answer.retry_after)
            answer = await sign_in(db, f"user{i}@example.com", client="203.0.113.9", now=start)
        assert answer == Refusal(WRONG_CREDENTIALS)
    assert waits == [1, 2, 4, 8]  # after ten free failures: 1 s, 2 s, 4 s, 8 s ...
    other = await sign_in(db, "user0@example.com", client="198.51.100.1", now=start)
    assert other == Refusal(WRONG_CREDENTIALS)  # another address is not slowed down


async def test_a_session_ends_at_sign_out(db: Any) -> None:
    await sign_up_now(db, "hal@example.com")
    signed_in = await sign_in(db, "hal@example.com")
    assert isinstance(signed_in, SignIn)
    async with db.session_scope() as session:
        assert await AuthService(session).session_is_active(signed_in.session_id)
        await AuthService(session).sign_out(signed_in.session_id)
    async with db.session_scope() as session:
        assert not await AuthService(session).session_is_active(signed_in.session_id)
        later = datetime.now(UTC) + timedelta(days=16)  # and none outlives its 15 days
        other = await AuthService(session).sign_in("hal@example.com", PASSWORD)
        assert isinstance(other, SignIn)
        assert not await AuthService(session).session_is_active(other.session_id, now=later)


async def test_a_proven_email_of_an_account_with_a_password_gets_an_account_of_its_own(db: Any) -> None:
    """One password per account: a second proven email of an account that has one starts a new account."""
    kim = await oauth(db, "kim-sub", "kim@example.com")
    await confirm(db, (await sign_up_by_mail(db, "kim@example.com")).mail.body)
    await oauth(db, "kim-sub", "kim.new@example.com")  # the provider now vouches for another address
    await confirm(db, (await sign_up_by_mail(db, "kim.new@example.com")).mail.body)
    first, second = await sign_in(db, "kim@example.com"), await sign_in(db, "kim.new@example.com")
    assert isinstance(first, SignIn) and isinstance(second, SignIn)
    assert first.user_id == kim.user_id != second.user_id
