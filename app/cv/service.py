"""CV use cases on top of the repositories: every change validates the whole CV and writes a version."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.cv.diff import Change, changes, describe
from app.cv.edit import Edit, draft
from app.cv.model import STORED, Resume
from app.cv.validation import validate_document
from app.errors import Conflict, InvalidInput, NotFound
from db.models import AuthorKind, Cv, CvVersion
from db.repositories.cvs import CvRepository

Mutation = Callable[[Resume], Edit]  # an edit of app/cv/edit.py, or any function of that shape


@dataclass(frozen=True)
class CvState:
    """A CV and its current (head) version."""

    cv: Cv
    version: CvVersion
    resume: Resume
    changed: bool = True

    @property
    def id(self) -> uuid.UUID:
        return self.cv.id

    @property
    def short_id(self) -> str:
        return str(self.cv.id)[:8]


@dataclass(frozen=True)
class VersionInfo:
    number: int
    author: str
    summary: str
    created_at: datetime
    is_head: bool


def _title_for(resume: Resume) -> str:
    label = resume.basics.label if resume.basics and resume.basics.label else None
    return resume.display_name() + (f" — {label}" if label else "")


class CvService:
    """One user's CVs. Never commits: the caller's session scope owns the transaction."""

    def __init__(self, session: AsyncSession, user_id: uuid.UUID) -> None:
        self.repo = CvRepository(session, user_id)

    async def create(
        self,
        data: dict[str, Any] | None = None,
        *,
        author: AuthorKind,
        summary: str = "Created the CV",
        source_name: str | None = None,
        source_kind: str | None = None,
        base_cv_id: uuid.UUID | None = None,
        job_id: uuid.UUID | None = None,
    ) -> CvState:
        """A new CV with `data` as version 1; an imported one records the file's name and type, a variant
        the CV it was made from and the job it is for."""
        resume = validate_document(data or {}, intro="That CV is not valid")
        cv = await self.repo.create(
            _title_for(resume), source_name=source_name, source_kind=source_kind, base_cv_id=base_cv_id, job_id=job_id
        )
        version = await self.repo.add_version(cv, resume.to_json(), author, summary, undo_target_id=None)
        return CvState(cv, version, resume)

    async def resolve(self, ref: str | uuid.UUID | None, default: uuid.UUID | None = None) -> Cv:
        """The CV named by `ref` (full id or its first characters), else `default`, else the latest."""
        if ref is not None and str(ref).strip():
            return await self._by_ref(str(ref).strip())
        if default is not None:
            cv = await self.repo.get(default)
            if cv is not None:
                return cv
        cv = await self.repo.latest()
        if cv is None:
            raise NotFound("You have no CV yet. Start one with /new (or `altoc import FILE`).")
        return cv

    async def latest_id(self) -> uuid.UUID | None:
        """The user's most recently changed CV, if any."""
        cv = await self.repo.latest()
        return cv.id if cv is not None else None

    async def _by_ref(self, ref: str) -> Cv:
        try:
            full_id: uuid.UUID | None = uuid.UUID(ref)
        except ValueError:
            full_id = None
        if full_id is not None:
            cv = await self.repo.get(full_id)
        else:
            if len(ref) < 4 or not all(c in "0123456789abcdefABCDEF-" for c in ref):
                raise NotFound(f"'{ref}' is not a CV id. /cvs lists yours.")
            matches = await self.repo.find_by_prefix(ref)
            if len(matches) > 1:
                raise InvalidInput(f"More than one of your CVs starts with '{ref}'; give more characters.")
            cv = matches[0] if matches else None
        if cv is None:
            raise NotFound(f"No CV with id '{ref}' in your account.")
        return cv

    async def load(self, ref: str | uuid.UUID | None = None, default: uuid.UUID | None = None) -> CvState:
        cv = await self.resolve(ref, default)
        version = await self.repo.head(cv)
        if version is None:  # a CV always gets version 1 on creation; this is a broken row
            raise NotFound(f"CV {str(cv.id)[:8]} has no content.")
        return CvState(cv, version, Resume.model_validate(version.data, context=STORED))

    async def change(
        self, cv_id: uuid.UUID, mutate: Mutation, *, author: AuthorKind, validate_intro: str | None = None
    ) -> CvState:
        """Apply `mutate` to the head version's typed CV; validate the result once and store it if it changed."""
        cv = await self._locked(cv_id)
        head = await self._head(cv)
        # As stored, cleaned (app/cleantext.py): a value an older version kept blank no longer blocks every edit.
        edited = mutate(Resume.model_validate(head.data, context=STORED))
        return await self._store(cv, head, draft(edited.resume), None, author, validate_intro, edited.summary)

    async def replace(
        self,
        cv_id: uuid.UUID,
        data: dict[str, Any],
        *,
        author: AuthorKind,
        summary: str,
        evidence: list[dict[str, str]] | None = None,
    ) -> CvState:
        """Make `data` the CV's content, as a new version (validated like any change); `evidence` keeps the
        person's own answers that let a new fact in."""
        cv = await self._locked(cv_id)
        return await self._store(
            cv, await self._head(cv), data, summary, author, "That CV is not valid", evidence=evidence
        )

    async def _store(
        self,
        cv: Cv,
        head: CvVersion,
        document: dict[str, Any],
        summary: str | None,
        author: AuthorKind,
        intro: str | None,
        fallback: str = "Changed the CV",
        evidence: list[dict[str, str]] | None = None,
    ) -> CvState:
        """The one validation of an edited CV, then a new immutable version unless nothing changed.

        Without a `summary` of its own (an import's, an ATS fix's), a version is named by what changed,
        in the words /history, /undo and /diff use (app/cv/diff.py); `fallback` when none fit.
        """
        resume = validate_document(document, intro=intro or "That change does not fit the CV")
        data = resume.to_json()
        if data == head.data:
            return CvState(cv, head, resume, changed=False)
        summary = summary or describe(head.data, data) or fallback
        version = await self.repo.add_version(
            cv, data, author, summary, head.id, title=_title_for(resume), evidence=evidence
        )
        return CvState(cv, version, resume)

    async def undo(self, cv_id: uuid.UUID, *, author: AuthorKind = AuthorKind.user) -> tuple[CvState, str]:
        """Revert the latest of the person's changes still in effect, and name it.

        Undo and redo walk a stack: each version knows the state undo returns to (`undo_target_id`),
        the state redo brings back (`redo_target_id`) and, when undo or redo wrote it, the change it
        stands for (`change_id`). Twice in a row reverts the last two changes, each named as made;
        an undo is itself undone with /redo, and every step is a new version (nothing is lost).
        """
        cv = await self._locked(cv_id)
        head = await self._head(cv)
        if head.undo_target_id is None:
            raise Conflict("Nothing to undo: the CV is as it was first saved. /history lists its versions.")
        target = await self._version_by_id(cv, head.undo_target_id)
        name = await self._change_name(cv, head)
        if head.change_id is None and name.startswith("Undo: "):  # written before undo kept its stack
            name = describe(target.data, head.data) or name
        state = await self._repeat(
            cv,
            target,
            author,
            f"Undid: {name}",
            redo_target_id=head.id,
            change_id=target.change_id or (target.id if target.undo_target_id else None),
        )
        return state, name

    async def redo(self, cv_id: uuid.UUID, *, author: AuthorKind = AuthorKind.user) -> tuple[CvState, str]:
        """Bring back the change the latest undo reverted, and name it."""
        cv = await self._locked(cv_id)
        head = await self._head(cv)
        if head.redo_target_id is None:
            raise Conflict("Nothing to redo: /redo brings back what /undo just reverted.")
        target = await self._version_by_id(cv, head.redo_target_id)
        name = await self._change_name(cv, target)
        state = await self._repeat(
            cv,
            target,
            author,
            f"Redid: {name}",
            redo_target_id=target.redo_target_id,
            change_id=target.change_id or target.id,
        )
        return state, name

    async def _repeat(
        self,
        cv: Cv,
        target: CvVersion,
        author: AuthorKind,
        summary: str,
        *,
        redo_target_id: uuid.UUID | None,
        change_id: uuid.UUID | None,
    ) -> CvState:
        """A new version with `target`'s content and its place in the undo stack."""
        resume = Resume.model_validate(target.data, context=STORED)
        version = await self.repo.add_version(
            cv,
            target.data,
            author,
            summary,
            target.undo_target_id,
            title=_title_for(resume),
            redo_target_id=redo_target_id,
            change_id=change_id,
        )
        return CvState(cv, version, resume)

    async def _change_name(self, cv: Cv, version: CvVersion) -> str:
        """The summary of the person's change `version` stands for: never an "Undid: …" of its own."""
        if version.change_id is None:
            return version.summary
        return (await self._version_by_id(cv, version.change_id)).summary

    async def _version_by_id(self, cv: Cv, version_id: uuid.UUID) -> CvVersion:
        version = await self.repo.version_by_id(cv, version_id)
        if version is None:  # the foreign keys keep every version a version points at
            raise NotFound(f"CV {str(cv.id)[:8]} is missing a version its history points at.")
        return version

    async def restore(self, cv_id: uuid.UUID, number: int, *, author: AuthorKind = AuthorKind.user) -> CvState:
        """Make version `number`'s content current again, as a new version (undo returns here)."""
        cv = await self._locked(cv_id)
        head = await self._head(cv)
        target = await self.repo.version(cv, number)
        if target is None:
            raise NotFound(f"This CV has no version {number}. /history lists them.")
        if target.data == head.data:
            return CvState(cv, head, Resume.model_validate(head.data, context=STORED), changed=False)
        resume = Resume.model_validate(target.data, context=STORED)
        version = await self.repo.add_version(
            cv, target.data, author, f"Restored version {number}", head.id, title=_title_for(resume)
        )
        return CvState(cv, version, resume)

    async def history(self, cv_id: uuid.UUID, limit: int | None = 20) -> list[VersionInfo]:
        cv = await self.resolve(cv_id)
        versions = await self.repo.versions(cv, limit)
        return [
            VersionInfo(v.number, v.author_kind.value, v.summary, v.created_at, v.id == cv.head_version_id)
            for v in versions
        ]

    async def diff(self, cv_id: uuid.UUID, a: int, b: int | None = None) -> list[Change]:
        """Changes from version `a` to version `b` (default: the current one)."""
        cv = await self.resolve(cv_id)
        old = await self.repo.version(cv, a)
        new = await self.repo.head(cv) if b is None else await self.repo.version(cv, b)
        if old is None or new is None:
            missing = a if old is None else b
            raise NotFound(f"This CV has no version {missing}. /history lists them.")
        return changes(old.data, new.data)

    async def delete(self, cv_id: uuid.UUID) -> Cv:
        """Delete one CV and everything kept with it; a variant made from it becomes a CV of its own."""
        cv = await self._locked(cv_id)
        await self.repo.delete(cv)
        return cv

    async def variants(self, cv_id: uuid.UUID) -> list[Cv]:
        """The CVs made from this one (variants for jobs, trimmed copies), oldest first."""
        return list(await self.repo.variants(await self.resolve(cv_id)))

    async def evidence(self, cv_id: uuid.UUID) -> list[dict[str, str]]:
        """The person's answers that let facts into this CV (and into the CV it was made from)."""
        cv = await self.resolve(cv_id)
        answers = await self.repo.evidence(cv)
        if cv.base_cv_id is not None and (base := await self.repo.get(cv.base_cv_id)) is not None:
            answers = [*await self.repo.evidence(base), *answers]
        return answers

    async def list(self) -> list[tuple[Cv, int]]:
        """The user's CVs (newest first) with their version counts."""
        return [(cv, await self.repo.count_versions(cv)) for cv in await self.repo.list()]

    async def _locked(self, cv_id: uuid.UUID) -> Cv:
        cv = await self.repo.get(cv_id, for_update=True)
        if cv is None:
            raise NotFound(f"No CV with id '{cv_id}' in your account.")
        return cv

    async def _head(self, cv: Cv) -> CvVersion:
        head = await self.repo.head(cv)
        if head is None:
            raise NotFound(f"CV {str(cv.id)[:8]} has no content.")
        return head
