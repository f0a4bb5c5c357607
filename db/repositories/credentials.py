"""Password credentials for the web sign-in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import PasswordCredential


class CredentialRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_email(self, email: str, *, for_update: bool = False) -> PasswordCredential | None:
        query = select(PasswordCredential).where(PasswordCredential.email == email)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def add(self, user_id: object, email: str, password_hash: str) -> PasswordCredential:
        credential = PasswordCredential(user_id=user_id, email=email, password_hash=password_hash)
        self.session.add(credential)
        await self.session.flush()
        return credential

    @staticmethod
    def record_failure(credential: PasswordCredential, lock_until: datetime | None) -> None:
        credential.failed_attempts += 1
        credential.locked_until = lock_until

    @staticmethod
    def record_success(credential: PasswordCredential) -> None:
        credential.failed_attempts = 0
        credential.locked_until = None
