"""Tailoring and cover letters on the database: variants per job, plans applied as versions, the person's
answers kept as evidence, page budgets, and letters with versions. Never commits (the caller's scope does)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from app.ats.analyze import analyze
from app.ats.guard import Dropped, Sources
from app.ats.job import JobRequirements
from app.ats.report import JobMatch
from app.ats.service import store_job, stored_requirements
from app.cv import edit
from app.cv.language import detect_language
from app.cv.service import CvService, CvState
from app.errors import AltocError, Conflict, InvalidInput, NotFound
from app.llm.base import ChatMessage, Provider, ProviderError
from app.tailor.fit import Fitted, fit_to_pages
from app.tailor.letter import Letter, compose_letter
from app.tailor.plan import Change, Relevance, TailorPlan, apply_changes, check_locked, job_title, plan_tailoring
from db.models import AuthorKind, CoverLetter, CoverLetterVersion, JobDescription
from db.repositories.ats import AtsReportRepository
from db.repositories.jobs import JobRepository
from db.repositories.letters import LetterRepository
from prompts import load_prompt

log = logging.getLogger(__name__)
NO_JOB = "Which job? Paste the job ad (or send it as a file), then ask again — or check the CV against it first (/ats)."


@dataclass(frozen=True)
class Job:
    """A stored job ad and what it asks for."""

    row: JobDescription
    requirements: JobRequirements

    @property
    def label(self) -> str:
        title = job_title(self.requirements) or self.row.title
        company = self.row.company
        return f"{title} at {company}" if title and company else title or company or "this job"


@dataclass(frozen=True)
class Tailored:
    state: CvState  # the variant, before the plan is applied
    job: Job
    plan: TailorPlan
    score: int  # the ATS score of the variant as it is now
    created: bool  # a new variant (False: the open one was already this job's)
    dropped: list[Dropped]  # what the guard left out of a model's summary


@dataclass(frozen=True)
class Applied:
    state: CvState
    applied: int
    before: int
    after: int


@dataclass(frozen=True)
class StoredLetter:
    letter: CoverLetter
    version: CoverLetterVersion
    content: Letter
    dropped: list[Dropped]


class TailorService:
    def __init__(
        self, session: AsyncSession, user_id: uuid.UUID, provider: Provider | None = None, today: date | None = None
    ) -> None:
        self.cvs = CvService(session, user_id)
        self.jobs = JobRepository(session, user_id)
        self.reports = AtsReportRepository(session, user_id)
        self.letters = LetterRepository(session, user_id)
        self.provider = provider
        self.today = today or date.today()

    # --- the job --------------------------------------------------------------------------------------

    async def job(self, cv_id: uuid.UUID, job_text: str | None = None, source: str | None = None) -> Job:
        """The ad given now (stored), else the variant's own job, else the last one this CV was checked against,
        else the person's latest ad."""
        if job_text is not None and job_text.strip():
            row, requirements = await store_job(self.jobs, job_text, source)
            return Job(row, requirements)
        cv = await self.cvs.resolve(cv_id)
        for job_id in (cv.job_id, await self._last_checked(cv_id)):
            found = await self.jobs.get(job_id) if job_id is not None else None
            if found is not None:
                return _job(found)
        latest = await self.jobs.list(limit=1)
        if latest:
            return _job(latest[0])
        raise NotFound(NO_JOB)

    async def _last_checked(self, cv_id: uuid.UUID) -> uuid.UUID | None:
        report = await self.reports.latest(cv_id, with_job=True)
        return report.job_id if report is not None else None

    # --- variants and plans ---------------------------------------------------------------------------

    async def variant(self, cv_id: uuid.UUID, job: Job) -> tuple[CvState, bool]:
        """The CV for this job: the open one when it is already this job's variant, else a new variant of its
        base (the base is read, never written)."""
        cv = await self.cvs.resolve(cv_id)
        if cv.job_id == job.row.id:
            return await self.cvs.load(cv.id), False
        base = await self.cvs.load(cv.base_cv_id or cv.id) if cv.base_cv_id else await self.cvs.load(cv.id)
        state = await self.cvs.create(
            base.version.data,
            author=AuthorKind.system,
            summary=f"Variant of CV {base.short_id} (version {base.version.number}) for {job.label}",
            base_cv_id=base.id,
            job_id=job.row.id,
        )
        return state, True

    async def short_variant(self, cv_id: uuid.UUID, pages: int) -> CvState:
        """A variant with no job, to trim to a page budget while the full CV keeps everything."""
        base = await self.cvs.load(cv_id)
        return await self.cvs.create(
            base.version.data,
            author=AuthorKind.system,
            summary=f"Variant of CV {base.short_id} (version {base.version.number}) to fit on {pages} page"
            + ("s" if pages != 1 else ""),
            base_cv_id=base.id,
        )

    async def tailor(self, cv_id: uuid.UUID, job: Job) -> Tailored:
        """A variant for the job and the plan that fits it (nothing is changed until the person chooses)."""
        state, created = await self.variant(cv_id, job)
        report = analyze(state.resume, job=job.requirements)
        assert report.job is not None
        summary, dropped = await self._model_summary(state, job, report.job)
        plan = plan_tailoring(state.resume, job.requirements, report.job, summary=summary, today=self.today)
        return Tailored(state, job, plan, report.score, created, dropped)

    async def _model_summary(self, state: CvState, job: Job, match: JobMatch) -> tuple[str | None, list[Dropped]]:
        """With a model: a summary written toward the job, every sentence checked against the CV."""
        if self.provider is None:
            return None, []
        facts = "\n".join(f"- {s.name}: {s.evidence}" for s in match.skills if s.found and s.evidence)
        prompt = load_prompt("tailor_summary").format(
            job=job.label, cv=_cv_text(state), evidenced=facts or "(none)", language=detect_language(state.resume)
        )
        try:
            reply = await self.provider.complete([ChatMessage("user", prompt)], [])
        except (ProviderError, AltocError) as exc:  # the offline summary stands in
            log.info("no model summary: %s", exc)
            return None, []
        sources = await self.sources(state, job, match)
        kept, dropped = sources.keep_supported(" ".join(reply.text.split()), detect_language(state.resume))
        return (kept or None), dropped

    async def sources(self, state: CvState, job: Job | None, match: JobMatch | None = None) -> Sources:
        """What a model-written sentence may claim: the CV, the person's answers, the job's title and company, and
        the ad's skills the ATS check found in the CV under other names."""
        answers = [item.get("answer", "") for item in await self.cvs.evidence(state.id)]
        about_job = [job.label, job.row.company or "", job.requirements.title or ""] if job else []
        shown = [s.name for s in match.skills if s.found] if match else []
        return Sources(state.resume, answers, about_job, today=self.today, shown=shown)

    async def apply(self, cv_id: uuid.UUID, changes: list[Change], job: Job) -> Applied:
        """The changes as one version of the variant, and the ATS score before and after."""
        state = await self.cvs.load(cv_id)
        before = analyze(state.resume, job=job.requirements).score
        tailored = apply_changes(state.resume, changes)
        noun = "change" if len(changes) == 1 else "changes"
        new = await self.cvs.replace(
            cv_id,
            tailored.to_json(),
            author=AuthorKind.assistant,
            summary=f"Tailored to {job.label}: {len(changes)} {noun}",
        )
        after = analyze(new.resume, job=job.requirements).score
        return Applied(new, len(changes), before, after)

    async def add_answer(self, cv_id: uuid.UUID, skill: str, question: str, answer: str) -> CvState:
        """The person says they have `skill`: it joins the skills, with their answer kept as its evidence."""
        answer = " ".join(answer.split())
        if not answer:
            raise InvalidInput("Tell me where and how you used it, or say no.")
        state = await self.cvs.load(cv_id)
        added = edit.add_skills(state.resume, [skill]).resume
        return await self.cvs.replace(
            cv_id,
            added.to_json(),
            author=AuthorKind.user,
            summary=f"Added {skill} (your answer is kept as its evidence)",
            evidence=[{"fact": skill, "question": question, "answer": answer[:1000]}],
        )

    async def fit(
        self, cv_id: uuid.UUID, pages: int, template: str, paper: str, job: Job | None
    ) -> tuple[CvState, Fitted]:
        """Trim the CV to `pages` pages of its PDF in `template`, least relevant and oldest bullets first."""
        state = await self.cvs.load(cv_id)
        relevance = Relevance(job.requirements) if job else (lambda text: 0.0)
        fitted = await asyncio.to_thread(
            fit_to_pages, state.resume, pages, template=template, paper=paper, relevance=relevance
        )
        if not fitted.removed:
            return state, fitted
        check_locked(state.resume, fitted.resume)
        removed = len(fitted.removed)
        summary = (
            f"Fitted on {pages} page{'s' if pages != 1 else ''}: left out {removed} item{'s' if removed != 1 else ''}"
        )
        new = await self.cvs.replace(cv_id, fitted.resume.to_json(), author=AuthorKind.assistant, summary=summary)
        return new, fitted

    # --- cover letters --------------------------------------------------------------------------------

    async def write_letter(self, cv_id: uuid.UUID, job: Job | None, language: str | None = None) -> StoredLetter:
        """A new letter (or a new version of this CV's letter for the job): by the model under the guard when
        there is one, else composed offline from the CV's and the ad's facts."""
        state = await self.cvs.load(cv_id)
        if not any(state.resume.section(section) for section in ("work", "projects", "volunteer", "education")):
            raise InvalidInput(
                "Your CV has nothing yet a letter could be built on: add a job, a project or your education first "
                "(/new asks for them), then /letter."
            )
        match = analyze(state.resume, job=job.requirements).job if job else None
        company = job.row.company if job else None
        title = job_title(job.requirements) if job else None
        letter = compose_letter(
            state.resume, match, company=company, job_title=title, language=language, today=self.today
        )
        dropped: list[Dropped] = []
        author = AuthorKind.system
        if self.provider is not None:
            written, dropped = await self._model_letter(state, job, letter, match)
            if written is not None:
                letter, author = written, AuthorKind.assistant
        return await self._store_letter(state, job, letter, author, dropped)

    async def _model_letter(
        self, state: CvState, job: Job | None, draft: Letter, match: JobMatch | None
    ) -> tuple[Letter | None, list[Dropped]]:
        prompt = load_prompt("cover_letter").format(
            job=job.label if job else "(no job ad: a general letter)",
            ad=job.row.text[:6000] if job else "",
            cv=_cv_text(state),
            draft="\n\n".join(draft.paragraphs),
            language=draft.language,
        )
        try:
            reply = await self.provider.complete([ChatMessage("user", prompt)], []) if self.provider else None
        except (ProviderError, AltocError) as exc:
            log.info("no model letter: %s", exc)
            return None, []
        if reply is None:
            return None, []
        sources = await self.sources(state, job, match)
        paragraphs: list[str] = []
        dropped: list[Dropped] = []
        for paragraph in (p.strip() for p in reply.text.split("\n\n")):
            kept, left_out = sources.keep_supported(" ".join(paragraph.split()), draft.language)
            dropped += left_out
            if kept:
                paragraphs.append(kept)
        written = draft.model_copy(update={"paragraphs": paragraphs})
        if not paragraphs or written.word_count() < 80:  # too little survived: the offline letter stands
            return None, dropped
        return written, dropped

    async def _store_letter(
        self, state: CvState, job: Job | None, letter: Letter, author: AuthorKind, dropped: list[Dropped]
    ) -> StoredLetter:
        row = await self.letters.for_cv(state.id, job.row.id if job else None)
        title = f"Cover letter — {job.label}" if job else "Cover letter"
        if row is None:
            row = await self.letters.create(state.id, job.row.id if job else None, title)
        summary = (
            "Written by the model, checked against your CV"
            if author is AuthorKind.assistant
            else "Composed from your CV"
        )
        version = await self.letters.add_version(row, letter.model_dump(mode="json"), author, summary)
        return StoredLetter(row, version, letter, dropped)

    async def latest_letter(self, cv_id: uuid.UUID) -> StoredLetter:
        row = await self.letters.latest(cv_id)
        version = await self.letters.head(row) if row else None
        if row is None or version is None:
            raise NotFound("There is no cover letter for this CV yet. /letter writes one.")
        return StoredLetter(row, version, Letter.model_validate(version.data), [])


def _job(row: JobDescription) -> Job:
    return Job(row, stored_requirements(row))


def choose(plan: TailorPlan, chosen: list[str]) -> list[Change]:
    """The changes named by number ("2") or id, in the plan's order; "all" is every one."""
    if not plan.changes:
        raise Conflict("That plan has no changes to apply.")
    words = [c.strip().lower() for c in chosen if c.strip()]
    if words == ["all"]:
        return list(plan.changes)
    picked = []
    for word in words:
        if word.isdigit() and 1 <= int(word) <= len(plan.changes):
            picked.append(plan.changes[int(word) - 1])
        elif (change := next((c for c in plan.changes if c.id == word), None)) is not None:
            picked.append(change)
        else:
            raise NotFound(f"No change {word} in the plan: it has {len(plan.changes)}. /tailor shows them again.")
    if not picked:
        raise InvalidInput("Which changes? For example /tailor apply 1 3, /tailor apply all or /tailor apply none.")
    ids = {change.id for change in picked}
    return [change for change in plan.changes if change.id in ids]


def _cv_text(state: CvState) -> str:
    from app.cv.readable import cv_to_text

    return cv_to_text(state.resume)
