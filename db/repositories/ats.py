"""Stored ATS reports, linked to the CV version analysed (and the job ad, if any)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AtsReport


class AtsReportRepository:
    def __init__(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        self.session = session
        self.user_id = user_id

    async def add(
        self,
        cv_id: uuid.UUID,
        cv_version_id: uuid.UUID,
        job_id: uuid.UUID | None,
        score: int,
        report: dict[str, Any],
    ) -> AtsReport:
        row = AtsReport(
            id=uuid.uuid4(),
            user_id=self.user_id,
            cv_id=cv_id,
            cv_version_id=cv_version_id,
            job_id=job_id,
            score=score,
            report=report,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def get(self, report_id: uuid.UUID) -> AtsReport | None:
        query = select(AtsReport).where(AtsReport.id == report_id, AtsReport.user_id == self.user_id)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def latest(self, cv_id: uuid.UUID, *, with_job: bool = False) -> AtsReport | None:
        """The CV's latest check (`with_job`: the latest against a job ad)."""
        query = select(AtsReport).where(AtsReport.cv_id == cv_id, AtsReport.user_id == self.user_id)
        if with_job:
            query = query.where(AtsReport.job_id.is_not(None))
        query = query.order_by(AtsReport.created_at.desc()).limit(1)
        return (await self.session.execute(query)).scalar_one_or_none()
