"""ATS use cases on the database: analyse the open CV (storing the job ad and the report, finding
near-matches with pgvector) and apply accepted fixes as one new version."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from app.ats.analyze import RELATED_THRESHOLD, analyze
from app.ats.checks import LayoutFacts
from app.ats.fixes import apply_fixes
from app.ats.job import JobRequirements, extract_job
from app.ats.match import Related, cv_skill_hits, find_skill
from app.ats.report import AtsReport, Fix
from app.ats.rewrite import add_model_rewrites
from app.ats.segments import segments
from app.config import Settings
from app.cv.service import CvService, CvState
from app.embeddings import Embedder, get_offline_embedder
from app.errors import Conflict, InvalidInput, NotFound
from app.llm.base import Provider
from db.models import AtsReport as AtsReportRow
from db.models import AuthorKind, JobDescription
from db.repositories.ats import AtsReportRepository
from db.repositories.embeddings import EmbeddingRepository
from db.repositories.jobs import JobRepository


@dataclass(frozen=True)
class StoredReport:
    row: AtsReportRow
    report: AtsReport


@dataclass(frozen=True)
class AppliedFixes:
    state: CvState
    applied: int
    before: int
    after: StoredReport


async def store_job(jobs: JobRepository, job_text: str, source: str | None) -> tuple[JobDescription, JobRequirements]:
    """Read a job ad and keep it with what it asks for (its title and company too)."""
    job = extract_job(job_text)
    row = await jobs.add(
        job_text.strip(), title=job.title, source=source or "pasted", requirements=job.model_dump(), company=job.company
    )
    return row, job


def stored_requirements(row: JobDescription) -> JobRequirements:
    """What a stored ad asks for, as read when it was stored (read again if it was stored without)."""
    return JobRequirements.model_validate(row.requirements or extract_job(row.text).model_dump())


def embedder_for(settings: Settings) -> Embedder:
    """OpenAI embeddings when a real OpenAI key is configured; otherwise the offline model."""
    if settings.openai_api_key is not None and settings.openai_base_url is None:
        from app.embeddings import OpenAIEmbedder

        return OpenAIEmbedder(settings.openai_api_key.get_secret_value(), None)
    return get_offline_embedder()


class AtsService:
    def __init__(
        self, session: AsyncSession, user_id: uuid.UUID, settings: Settings, provider: Provider | None = None
    ) -> None:
        self.provider = provider
        self.session = session
        self.user_id = user_id
        self.settings = settings
        self.cvs = CvService(session, user_id)
        self.reports = AtsReportRepository(session, user_id)
        self.jobs = JobRepository(session, user_id)

    async def analyze(
        self, cv_id: uuid.UUID, job_text: str | None, *, source: str | None = None, job_id: uuid.UUID | None = None,
        template: str = "classic",
    ) -> StoredReport:  # fmt: skip
        """Analyse the CV's current version; the job ad (new text, or a stored one by id) is optional."""
        state = await self.cvs.load(cv_id)
        job: JobRequirements | None = None
        if job_text is not None:
            stored_job, job = await store_job(self.jobs, job_text, source)
            job_id = stored_job.id
        elif job_id is not None:
            row = await self.jobs.get(job_id)
            if row is None:
                raise NotFound("That job ad is no longer stored. Paste it again.")
            job = stored_requirements(row)
        layout = await asyncio.to_thread(_layout, state, template)
        related = await self._related(state, job) if job is not None else None
        report = analyze(state.resume, job=job, layout=layout, related=related)
        if self.provider is not None and job is not None:
            report = await add_model_rewrites(self.provider, state.resume, report)
        saved = await self.reports.add(state.id, state.version.id, job_id, report.score, report.to_json())
        return StoredReport(saved, report)

    async def _related(self, state: CvState, job: JobRequirements) -> dict[str, Related]:
        """Near-matches by vector search in pgvector, among the skills this CV version names."""
        hits = cv_skill_hits(segments(state.resume), job.skill_names)
        missing = [s for s in job.skill_names if not find_skill(s, hits)]
        if not missing or not hits:
            return {}
        embedder = embedder_for(self.settings)
        names = list(hits)
        vectors = await asyncio.to_thread(embedder.embed, names + missing)
        repo = EmbeddingRepository(self.session, self.user_id)
        owner = str(state.version.id)
        await repo.add_many(
            "cv_skill", owner, embedder.model_name, list(zip(names, vectors[: len(names)], strict=True))
        )
        related: dict[str, Related] = {}
        for skill, vector in zip(missing, vectors[len(names) :], strict=True):
            nearest = await repo.nearest(embedder.model_name, vector, owner_kind="cv_skill", owner_id=owner, limit=1)
            if nearest and nearest[0].similarity >= RELATED_THRESHOLD:
                hit = hits[nearest[0].text][0]
                related[skill] = Related(hit.segment.text, hit.segment.location)
        return related

    async def resolve_fixes(self, report_id: uuid.UUID | None, cv_id: uuid.UUID, fix_ids: list[str]) -> list[Fix]:
        """The fixes named by position ("2") or id in a check of `cv_id`."""
        await self.cvs.load(cv_id)  # the person's own CV, or NotFound
        stored = await self.load_report(report_id, cv_id)
        return _named(stored.report.fixes(), fix_ids)

    async def load_report(self, report_id: uuid.UUID | None, cv_id: uuid.UUID) -> StoredReport:
        row = await self.reports.get(report_id) if report_id else await self.reports.latest(cv_id)
        if row is None:
            raise NotFound("There is no ATS check to take fixes from yet. Run one with /ats.")
        return StoredReport(row, AtsReport.model_validate(row.report))

    async def apply(
        self,
        report_id: uuid.UUID | None,
        cv_id: uuid.UUID,
        fix_ids: list[str],
        *,
        confirm_new_facts: bool = False,
        rejected: Collection[str] = (),
    ) -> AppliedFixes:
        """Apply the chosen fixes ("all": every one not `rejected`) as one version, then check again."""
        state = await self.cvs.load(cv_id)
        stored = await self.load_report(report_id, cv_id)
        if stored.row.cv_id != cv_id:
            raise Conflict("That check was for another CV. Open it, or run /ats on this one.")
        available = stored.report.fixes()
        every = fix_ids == ["all"]
        chosen = [f for f in available if f.id not in rejected] if every else _named(available, fix_ids)
        if not chosen:
            raise InvalidInput("That check has no fixes left to apply.")
        unconfirmed = [f for f in chosen if f.needs_confirmation]
        if unconfirmed and not confirm_new_facts:
            if every:
                chosen = [f for f in chosen if not f.needs_confirmation]
                if not chosen:
                    raise Conflict(_confirm_message(unconfirmed))
            else:
                raise Conflict(_confirm_message(unconfirmed))
        if state.version.id != stored.row.cv_version_id:
            raise Conflict("The CV has changed since this check. Run the check again (/ats) to get fresh fixes.")
        fixed = apply_fixes(state.resume, chosen)
        noun = "fix" if len(chosen) == 1 else "fixes"
        new_state = await self.cvs.replace(
            cv_id, fixed.to_json(), author=AuthorKind.fix, summary=f"Applied {len(chosen)} ATS {noun}"
        )
        after = await self.analyze(cv_id, None, job_id=stored.row.job_id)
        return AppliedFixes(new_state, len(chosen), stored.report.score, after)


def _named(available: list[Fix], refs: list[str]) -> list[Fix]:
    """The fixes `refs` name, in the check's order: "2" is the second fix as listed, buttons send ids."""
    wanted = {available[int(r) - 1].id if r.isdigit() and 0 < int(r) <= len(available) else r for r in refs}
    unknown = wanted - {f.id for f in available}
    numbers = sorted(r for r in refs if r.isdigit() and r in unknown)
    if numbers:
        count = f"it has {len(available)} fix{'es' if len(available) != 1 else ''}" if available else "it has none"
        raise NotFound(f"No fix {', '.join(numbers)} in the latest check: {count}. /ats shows them.")
    if unknown:  # a button from an earlier check: its ids mean nothing to the person
        raise NotFound("That fix was offered by an earlier check, and the CV has changed since. /ats checks it again.")
    return [f for f in available if f.id in wanted]


def _confirm_message(fixes: list[Fix]) -> str:
    facts = sorted({fact for fix in fixes for fact in fix.new_facts})
    return (
        "That change would add something your CV doesn't say yet: " + ", ".join(facts) + ". Only add it if it is "
        "true — then confirm (the button, or /fix ... confirm)."
    )


def _layout(state: CvState, template: str) -> LayoutFacts | None:
    """Export the CV the way the person would and read it back (None for a CV too empty to export)."""
    from app.render import render_cv

    try:
        rendered = render_cv(state.resume, "pdf", template=template)
    except InvalidInput:
        return None
    assert rendered.pages is not None and rendered.check is not None
    return LayoutFacts(rendered.pages, rendered.check.ok, rendered.check.summary(), template)
