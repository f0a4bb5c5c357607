"""One person, several channels: a short-lived one-time code joins a Telegram account and a web account.

`/link` in one chat issues a code (8 characters, shown as K7QF-3MZP, stored only as a hash, valid for
ALTOC_LINK_CODE_MINUTES, once); `/link K7QF-3MZP` in the other chat redeems it. The redeeming account
keeps its id and receives everything of the issuing one — channel identities, password, CVs with
their versions, conversations, job ads, ATS reports — so both chats then see the same CVs and history.
Wrong codes are rate limited per person.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.accounts import AccountRepository

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud or typed from a phone
CODE_LENGTH = 8
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class IssuedCode:
    code: str  # as shown: K7QF-3MZP
    expires_at: datetime


@dataclass(frozen=True)
class LinkOutcome:
    ok: bool
    message: str
    joined_user: uuid.UUID | None = None  # the account whose data moved in


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str | None:
    """'k7qf 3mzp', 'K7QF-3MZP' -> 'K7QF3MZP'; None when it cannot be one of our codes."""
    cleaned = re.sub(r"[\s\-_.]", "", raw).upper()
    if len(cleaned) != CODE_LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def other_chats(channel_names: Mapping[str, str], channel: str) -> str:
    """The chats other than `channel` by their display names ("Telegram or terminal"); "" when none is known."""
    names = [name for key, name in channel_names.items() if key != channel]
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def code_hash(code: str) -> str:
    return hashlib.sha256(f"altoc-link:{code}".encode()).hexdigest()


class AccountLinking:
    def __init__(
        self,
        session: AsyncSession,
        minutes: int,
        now: datetime | None = None,
        channel_names: Mapping[str, str] | None = None,
    ) -> None:
        self.repo = AccountRepository(session)
        self.lifetime = timedelta(minutes=minutes)
        self._now = now
        self.channel_names = dict(channel_names or {})  # {channel: display name}: how messages name chats

    @property
    def now(self) -> datetime:
        return self._now or datetime.now(UTC)

    async def issue(self, user_id: uuid.UUID, channel: str) -> IssuedCode:
        """A fresh code for `user_id` (earlier unused codes stop working)."""
        now = self.now
        await self.repo.void_unused_codes(user_id, now)
        code = new_code()
        await self.repo.add_code(user_id, code_hash(code), channel, now + self.lifetime)
        return IssuedCode(display_code(code), now + self.lifetime)

    async def redeem(self, user_id: uuid.UUID, channel: str, raw: str) -> LinkOutcome:
        """Join the code's account into `user_id`'s. Every outcome is a message.

        Every attempt is recorded in link_attempts; failed ones count towards the limit of
        MAX_FAILURES per FAILURE_WINDOW, and while it is reached even the right code is refused
        (those refusals are not recorded, so the pause ends when announced).
        """
        now = self.now
        failures, oldest = await self.repo.failures_since(user_id, now - FAILURE_WINDOW)
        if failures >= MAX_FAILURES and oldest is not None:
            wait = max(1, int((oldest + FAILURE_WINDOW - now).total_seconds() // 60) + 1)
            return LinkOutcome(
                False,
                f"Too many wrong codes. For your safety, linking is paused: try again in {wait} minute"
                f"{'s' if wait != 1 else ''}.",
            )
        try:
            async with self.repo.session.begin_nested():  # a refusal leaves no trace but the attempt
                outcome = await self._join(user_id, channel, raw, now)
        except _Refused as refused:
            await self.repo.record_attempt(user_id, False, now)
            left = MAX_FAILURES - failures - 1
            return LinkOutcome(False, refused.message + (f" ({left} tries left.)" if left <= 2 else ""))
        await self.repo.record_attempt(user_id, True, now)
        return outcome

    async def _join(self, user_id: uuid.UUID, channel: str, raw: str, now: datetime) -> LinkOutcome:
        code = normalize_code(raw)
        if code is None:
            raise _Refused(
                "A link code has 8 letters and digits, like K7QF-3MZP. Send /link CODE with the code you got."
            )
        digest = code_hash(code)
        found = await self.repo.find_code(digest)
        if found is not None and found.user_id == user_id:
            if found.channel == channel:
                others = other_chats(self.channel_names, channel)
                raise _Refused(
                    f"That is this chat's own code: send /link {display_code(code)} from your other chat"
                    + (f" ({others})." if others else ".")
                )
            raise _Refused("These chats are already linked: they share one account.")
        hint = " Send /link in your other chat for a new one."
        if found is None:
            raise _Refused("That code is not right." + hint)
        await self.repo.lock(found.user_id)  # the other account is not mid-turn while its rows move
        issuer = await self.repo.claim_code(digest, now)
        if issuer is None:
            if found.used_at is not None:
                raise _Refused("That code was already used (or replaced by a newer one)." + hint)
            minutes = int(self.lifetime.total_seconds() // 60)
            raise _Refused(f"That code has expired (codes last {minutes} minutes)." + hint)
        if await self.repo.has_password(issuer) and await self.repo.has_password(user_id):
            # Two web accounts with passwords: one would be lost. The claim is undone with the savepoint.
            raise _Refused(
                "Both accounts have their own password, so I can't join them. "
                "Link a chat without a password of its own to one of them instead."
            )
        other = self.channel_names.get(found.channel, "other")
        await self.repo.merge(issuer, user_id)
        return LinkOutcome(True, f"Linked: this chat and your {other} account are now one account.", issuer)


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
