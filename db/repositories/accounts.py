"""Link codes, link attempts, and joining two users into one (every row they own moves)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Base, LinkAttempt, LinkCode, PasswordCredential, User


def user_owned_tables() -> list[str]:
    """Every table with a `user_id` pointing at users.id (new tables are picked up automatically)."""
    return sorted(
        table.name
        for table in Base.metadata.sorted_tables
        if "user_id" in table.c and any(fk.column.table.name == "users" for fk in table.c.user_id.foreign_keys)
    )


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_code(self, user_id: uuid.UUID, code_hash: str, channel: str, expires_at: datetime) -> None:
        self.session.add(LinkCode(user_id=user_id, code_hash=code_hash, channel=channel, expires_at=expires_at))
        await self.session.flush()

    async def void_unused_codes(self, user_id: uuid.UUID, now: datetime) -> None:
        """A new code replaces the person's earlier ones."""
        await self.session.execute(
            update(LinkCode).where(LinkCode.user_id == user_id, LinkCode.used_at.is_(None)).values(used_at=now)
        )

    async def find_code(self, code_hash: str) -> LinkCode | None:
        return (
            await self.session.execute(select(LinkCode).where(LinkCode.code_hash == code_hash))
        ).scalar_one_or_none()

    async def claim_code(self, code_hash: str, now: datetime) -> uuid.UUID | None:
        """Mark the code used if it is unused and unexpired (atomic: one redeemer wins); its owner, or None."""
        claimed = await self.session.execute(
            update(LinkCode)
            .where(LinkCode.code_hash == code_hash, LinkCode.used_at.is_(None), LinkCode.expires_at > now)
            .values(used_at=now)
            .returning(LinkCode.user_id)
        )
        return claimed.scalar_one_or_none()

    async def record_attempt(self, user_id: uuid.UUID, success: bool, now: datetime) -> None:
        self.session.add(LinkAttempt(user_id=user_id, success=success, created_at=now))
        await self.session.flush()

    async def failures_since(self, user_id: uuid.UUID, since: datetime) -> tuple[int, datetime | None]:
        """How many wrong codes the person entered since `since`, and when the oldest of them was."""
        row = (
            await self.session.execute(
                select(func.count(), func.min(LinkAttempt.created_at)).where(
                    LinkAttempt.user_id == user_id, LinkAttempt.success.is_(False), LinkAttempt.created_at > since
                )
            )
        ).one()
        return int(row[0]), row[1]

    async def has_password(self, user_id: uuid.UUID) -> bool:
        query = select(PasswordCredential.id).where(PasswordCredential.user_id == user_id)
        return (await self.session.execute(query)).first() is not None

    async def lock(self, user_id: uuid.UUID) -> None:
        """The same per-user lock a turn takes: the other account is not mid-turn while its rows move."""
        key = uuid.UUID(str(user_id)).int & 0x7FFF_FFFF_FFFF_FFFF
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    async def merge(self, source: uuid.UUID, target: uuid.UUID) -> None:
        """Move every row of `source` to `target`, then delete `source` (nothing of it is lost)."""
        for table in user_owned_tables():
            await self.session.execute(
                text(f'UPDATE "{table}" SET user_id = :target WHERE user_id = :source'),  # noqa: S608 (names from our metadata)
                {"source": source, "target": target},
            )
        await self.session.execute(delete(User).where(User.id == source))
