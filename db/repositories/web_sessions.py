"""Web sign-in sessions (server side) and the failed-attempt counters that slow down password guessing."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import EmailVerification, SignInThrottle, WebSession


class WebSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def start(self, user_id: uuid.UUID, expires_at: datetime) -> uuid.UUID:
        web_session = WebSession(id=uuid.uuid4(), user_id=user_id, expires_at=expires_at)
        self.session.add(web_session)
        await self.session.flush()
        return web_session.id

    async def is_active(self, session_id: uuid.UUID, now: datetime) -> bool:
        query = select(WebSession.id).where(
            WebSession.id == session_id, WebSession.revoked_at.is_(None), WebSession.expires_at > now
        )
        return (await self.session.execute(query)).first() is not None

    async def revoke(self, session_id: uuid.UUID, now: datetime) -> None:
        await self.session.execute(
            update(WebSession)
            .where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )


class ThrottleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock(self, keys: list[str], now: datetime) -> dict[str, SignInThrottle]:
        """The counters for `keys`, created if missing and locked until the transaction ends (in key order,
        so two attempts never deadlock): concurrent guesses are counted one after the other."""
        ordered = sorted(set(keys))
        await self.session.execute(
            insert(SignInThrottle)
            .values([{"key": key, "failures": 0, "last_failure_at": now} for key in ordered])
            .on_conflict_do_nothing(index_elements=["key"])
        )
        rows = await self.session.execute(
            select(SignInThrottle).where(SignInThrottle.key.in_(ordered)).order_by(SignInThrottle.key).with_for_update()
        )
        return {row.key: row for row in rows.scalars()}

    async def prune(self, before: datetime) -> None:
        """Forget counters, sessions and sign-up links that stopped mattering before `before` (a guesser trying
        random emails must not grow these tables for ever)."""
        await self.session.execute(delete(SignInThrottle).where(SignInThrottle.last_failure_at < before))
        await self.session.execute(delete(WebSession).where(WebSession.expires_at < before))
        await self.session.execute(delete(EmailVerification).where(EmailVerification.expires_at < before))
