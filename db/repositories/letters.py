"""Cover letters and their immutable versions, always scoped by the owning user."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuthorKind, CoverLetter, CoverLetterVersion


class LetterRepository:
    def __init__(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        self.session = session
        self.user_id = user_id

    async def create(self, cv_id: uuid.UUID, job_id: uuid.UUID | None, title: str) -> CoverLetter:
        letter = CoverLetter(id=uuid.uuid4(), user_id=self.user_id, cv_id=cv_id, job_id=job_id, title=title[:300])
        self.session.add(letter)
        await self.session.flush()
        return letter

    async def for_cv(self, cv_id: uuid.UUID, job_id: uuid.UUID | None) -> CoverLetter | None:
        """The letter for this CV and job (a new one is a new version of it)."""
        query = select(CoverLetter).where(CoverLetter.user_id == self.user_id, CoverLetter.cv_id == cv_id)
        query = query.where(CoverLetter.job_id == job_id if job_id else CoverLetter.job_id.is_(None))
        return (await self.session.execute(query.limit(1))).scalar_one_or_none()

    async def latest(self, cv_id: uuid.UUID) -> CoverLetter | None:
        query = (
            select(CoverLetter)
            .where(CoverLetter.user_id == self.user_id, CoverLetter.cv_id == cv_id)
            .order_by(CoverLetter.updated_at.desc())
            .limit(1)
        )
        return (await self.session.execute(query)).scalar_one_or_none()

    async def head(self, letter: CoverLetter) -> CoverLetterVersion | None:
        if letter.head_version_id is None:
            return None
        return await self.session.get(CoverLetterVersion, letter.head_version_id)

    async def add_version(
        self, letter: CoverLetter, data: dict[str, Any], author: AuthorKind, summary: str
    ) -> CoverLetterVersion:
        """Append a version and make it the head."""
        last = await self.session.execute(
            select(func.max(CoverLetterVersion.number)).where(CoverLetterVersion.letter_id == letter.id)
        )
        version = CoverLetterVersion(
            id=uuid.uuid4(),
            letter_id=letter.id,
            number=(last.scalar() or 0) + 1,
            data=data,
            author_kind=author,
            summary=summary[:500],
        )
        self.session.add(version)
        await self.session.flush()
        letter.head_version_id = version.id
        await self.session.flush()
        return version
