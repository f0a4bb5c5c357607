"""CVs and their immutable versions, always scoped by the owning user."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuthorKind, Cv, CvVersion


class CvRepository:
    def __init__(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        self.session = session
        self.user_id = user_id

    async def create(
        self,
        title: str,
        source_name: str | None = None,
        source_kind: str | None = None,
        *,
        base_cv_id: uuid.UUID | None = None,
        job_id: uuid.UUID | None = None,
    ) -> Cv:
        cv = Cv(
            id=uuid.uuid4(),
            user_id=self.user_id,
            title=title,
            source_name=source_name,
            source_kind=source_kind,
            base_cv_id=base_cv_id,
            job_id=job_id,
        )
        self.session.add(cv)
        await self.session.flush()
        return cv

    async def get(self, cv_id: uuid.UUID, *, for_update: bool = False) -> Cv | None:
        query = select(Cv).where(Cv.id == cv_id, Cv.user_id == self.user_id)
        if for_update:
            query = query.with_for_update()
        return (await self.session.execute(query)).scalar_one_or_none()

    async def find_by_prefix(self, prefix: str) -> builtins.list[Cv]:
        """This user's CVs whose id starts with `prefix` (people type the first 8 characters)."""
        query = select(Cv).where(Cv.user_id == self.user_id, cast(Cv.id, String).startswith(prefix.lower()))
        return list((await self.session.execute(query.limit(2))).scalars())

    async def list(self) -> Sequence[Cv]:
        query = select(Cv).where(Cv.user_id == self.user_id).order_by(Cv.updated_at.desc(), Cv.id)
        return (await self.session.execute(query)).scalars().all()

    async def latest(self) -> Cv | None:
        query = select(Cv).where(Cv.user_id == self.user_id).order_by(Cv.updated_at.desc()).limit(1)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def head(self, cv: Cv) -> CvVersion | None:
        if cv.head_version_id is None:
            return None
        return await self.session.get(CvVersion, cv.head_version_id)

    async def add_version(
        self,
        cv: Cv,
        data: dict[str, Any],
        author: AuthorKind,
        summary: str,
        undo_target_id: uuid.UUID | None,
        title: str | None = None,
        *,
        redo_target_id: uuid.UUID | None = None,
        change_id: uuid.UUID | None = None,
        evidence: builtins.list[dict[str, str]] | None = None,
    ) -> CvVersion:
        """Append a version and make it the head. The caller holds the CV row lock."""
        last = await self.session.execute(select(func.max(CvVersion.number)).where(CvVersion.cv_id == cv.id))
        version = CvVersion(
            id=uuid.uuid4(),
            cv_id=cv.id,
            number=(last.scalar() or 0) + 1,
            data=data,
            author_kind=author,
            summary=summary[:500],
            undo_target_id=undo_target_id,
            redo_target_id=redo_target_id,
            change_id=change_id,
            evidence=evidence,
        )
        self.session.add(version)
        await self.session.flush()
        cv.head_version_id = version.id
        if title:
            cv.title = title[:200]
        await self.session.flush()
        return version

    async def version(self, cv: Cv, number: int) -> CvVersion | None:
        query = select(CvVersion).where(CvVersion.cv_id == cv.id, CvVersion.number == number)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def version_by_id(self, cv: Cv, version_id: uuid.UUID) -> CvVersion | None:
        query = select(CvVersion).where(CvVersion.cv_id == cv.id, CvVersion.id == version_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def versions(self, cv: Cv, limit: int | None = None) -> Sequence[CvVersion]:
        """Newest first."""
        query = select(CvVersion).where(CvVersion.cv_id == cv.id).order_by(CvVersion.number.desc())
        if limit:
            query = query.limit(limit)
        return (await self.session.execute(query)).scalars().all()

    async def count_versions(self, cv: Cv) -> int:
        query = select(func.count()).select_from(CvVersion).where(CvVersion.cv_id == cv.id)
        return int((await self.session.execute(query)).scalar_one())

    async def delete(self, cv: Cv) -> None:
        """Delete a CV with its versions, checks and letters (the foreign keys cascade); its variants stay."""
        await self.session.delete(cv)
        await self.session.flush()

    async def variants(self, cv: Cv) -> Sequence[Cv]:
        query = select(Cv).where(Cv.user_id == self.user_id, Cv.base_cv_id == cv.id).order_by(Cv.created_at)
        return (await self.session.execute(query)).scalars().all()

    async def evidence(self, cv: Cv) -> builtins.list[dict[str, str]]:
        """The person's answers kept with this CV's versions, oldest first."""
        query = (
            select(CvVersion.evidence)
            .where(CvVersion.cv_id == cv.id, CvVersion.evidence.is_not(None))
            .order_by(CvVersion.number)
        )
        return [item for rows in (await self.session.execute(query)).scalars() for item in rows or []]
