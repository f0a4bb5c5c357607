"""Job descriptions a user pasted or uploaded."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import JobDescription


class JobRepository:
    def __init__(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        self.session = session
        self.user_id = user_id

    async def add(
        self,
        text: str,
        *,
        title: str | None,
        source: str | None,
        requirements: dict[str, Any] | None,
        company: str | None = None,
    ) -> JobDescription:
        job = JobDescription(
            id=uuid.uuid4(),
            user_id=self.user_id,
            text=text,
            title=title,
            company=company[:300] if company else None,
            source=source,
            requirements=requirements,
        )
        self.session.add(job)
        await self.session.flush()
        return job

    async def get(self, job_id: uuid.UUID) -> JobDescription | None:
        query = select(JobDescription).where(JobDescription.id == job_id, JobDescription.user_id == self.user_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def get_many(self, job_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, JobDescription]:
        """This user's job ads among `job_ids`, by id (one query)."""
        if not job_ids:
            return {}
        query = select(JobDescription).where(JobDescription.id.in_(job_ids), JobDescription.user_id == self.user_id)
        return {job.id: job for job in (await self.session.execute(query)).scalars()}

    async def list(self, limit: int = 20) -> Sequence[JobDescription]:
        query = (
            select(JobDescription)
            .where(JobDescription.user_id == self.user_id)
            .order_by(JobDescription.created_at.desc())
            .limit(limit)
        )
        return (await self.session.execute(query)).scalars().all()
