"""Link codes, link attempts, and joining two users into one (every row they own moves)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import LinkAttempt, LinkCode, PasswordCredential, User
from db.repositories.conversations import ConversationRepository

# Every foreign key that points at users.id, read from the database itself: tables a migration
# added without an ORM model are found too. A forgotten one would be emptied by ON DELETE CASCADE.
_USER_REFERENCES = text(
    """
    SELECT format('%I.%I', ns.nspname, tbl.relname) AS table_name, quote_ident(att.attname) AS column_name
    FROM pg_constraint con
    JOIN pg_class tbl ON tbl.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = tbl.relnamespace
    JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
    WHERE con.contype = 'f' AND con.confrelid = CAST(:users AS regclass) AND cardinality(con.conkey) = 1
    ORDER BY 1, 2
    """
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
        """How many failed attempts the person made since `since`, and when the oldest of them was."""
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
        """The lock a turn of `user_id` holds (same key): that account is not mid-turn while its rows move."""
        await ConversationRepository(self.session, user_id).lock_user()

    async def user_references(self) -> list[tuple[str, str]]:
        """(table, column) of every foreign key to users.id, both quoted for SQL."""
        rows = await self.session.execute(_USER_REFERENCES, {"users": User.__tablename__})
        return [(row.table_name, row.column_name) for row in rows]

    async def merge(self, source: uuid.UUID, target: uuid.UUID) -> None:
        """Move every row of `source` to `target`, then delete `source` (nothing of it is lost)."""
        for table, column in await self.user_references():
            await self.session.execute(
                text(f"UPDATE {table} SET {column} = :target WHERE {column} = :source"),  # noqa: S608 (quoted catalog names)
                {"source": source, "target": target},
            )
        names = await self.session.execute(select(User.id, User.display_name).where(User.id.in_((source, target))))
        display = {row.id: row.display_name for row in names}
        if display.get(target) is None and display.get(source) is not None:
            await self.session.execute(update(User).where(User.id == target).values(display_name=display[source]))
        await self.session.execute(delete(User).where(User.id == source))
