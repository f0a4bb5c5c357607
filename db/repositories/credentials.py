"""Password credentials for the web sign-in, and sign-ups waiting for their email link."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import EmailVerification, PasswordCredential


class CredentialRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_email(self, email: str, *, for_update: bool = False) -> PasswordCredential | None:
        query = select(PasswordCredential).where(PasswordCredential.email == email)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def for_user(self, user_id: uuid.UUID) -> PasswordCredential | None:
        query = select(PasswordCredential).where(PasswordCredential.user_id == user_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def verified_by_email(self, email: str) -> PasswordCredential | None:
        """The credential for `email` if its owner proved the address (opened a verification link)."""
        query = select(PasswordCredential).where(
            PasswordCredential.email == email, PasswordCredential.email_verified_at.is_not(None)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def add(
        self, user_id: uuid.UUID, email: str, password_hash: str, verified_at: datetime | None = None
    ) -> PasswordCredential:
        credential = PasswordCredential(
            user_id=user_id, email=email, password_hash=password_hash, email_verified_at=verified_at
        )
        self.session.add(credential)
        await self.session.flush()
        return credential

    async def add_pending(self, email: str, password_hash: str, token_hash: str, expires_at: datetime) -> None:
        self.session.add(
            EmailVerification(email=email, password_hash=password_hash, token_hash=token_hash, expires_at=expires_at)
        )
        await self.session.flush()

    async def claim_pending(self, token_hash: str, now: datetime) -> EmailVerification | None:
        """Mark the sign-up's link used if it is unused and unexpired (atomic: it works once); the sign-up, or None."""
        claimed = await self.session.execute(
            update(EmailVerification)
            .where(
                EmailVerification.token_hash == token_hash,
                EmailVerification.used_at.is_(None),
                EmailVerification.expires_at > now,
            )
            .values(used_at=now)
            .returning(EmailVerification)
        )
        return claimed.scalar_one_or_none()
