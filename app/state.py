"""Conversation state kept in `conversations.state`: which CV is open and where the interview stands."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class InterviewState(BaseModel):
    """Progress of the offline guided interview."""

    model_config = ConfigDict(extra="ignore")

    step: str | None = (
        None  # the question waiting for an answer (a `app.assistant.guided.steps.Step`); None: not interviewing
    )
    entry: int | None = None  # index of the job / education / project being filled in
    paused: str | None = None  # the step /cancel left, for /continue
    cv_id: uuid.UUID | None = None  # the CV the interview fills (another one may be opened meanwhile)
    detour: bool = False  # one section filled on request ("add a job"); when it ends, back to `resume_at`
    resume_at: str | None = None  # the step a detour returns to; None: nothing was pending


class PendingAction(BaseModel):
    """A tool call the model asked for that waits for the person's Confirm (tools/registry.py, consent)."""

    tool: str
    arguments: dict[str, Any]
    nonce: str  # random; the Confirm and Cancel buttons carry it
    expires_at: datetime


class ImportQuestion(BaseModel):
    """One piece an import was unsure of (app.imports.document.Uncertain), waiting to be asked."""

    path: str  # "work.0.startDate", "basics.name"
    value: str
    question: str


class ImportReview(BaseModel):
    """An import's questions, asked one at a time (app/assistant/imported.py); the first is the open one."""

    cv_id: uuid.UUID
    questions: list[ImportQuestion]
    correcting: bool = False  # the first question got a "no": the next message is the right value


class Tailoring(BaseModel):
    """A tailoring in progress (tools/tailor_tools.py): its plan waits for a choice, then its questions."""

    cv_id: uuid.UUID  # the variant (its job is the variant's own, `cvs.job_id`)
    plan: dict[str, Any]  # app.tailor.plan.TailorPlan as JSON
    pages: int | None = None  # the page budget asked for with it
    applied: list[str] = Field(default_factory=list)  # the plan's changes applied so far (their ids)
    questions: list[str] = Field(default_factory=list)  # what the ad asks for and the CV does not show
    asking: bool = False  # the changes were chosen and the first question is open: the next message answers it


class ConversationState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    cv_id: uuid.UUID | None = None
    interview: InterviewState = Field(default_factory=InterviewState)
    awaiting: str | None = None  # "job_ad": the next message is a job ad to check the CV against
    last_report_id: uuid.UUID | None = None  # the ATS check whose fixes /fix applies
    rejected_fixes: list[str] = Field(default_factory=list)  # fixes of that check the person turned down
    pending: PendingAction | None = None  # the one action awaiting the person's confirmation
    review: ImportReview | None = None  # an imported CV's uncertain pieces, being asked about
    tailoring: Tailoring | None = None  # a tailoring plan waiting for a choice, or its questions
    allowance_told: str | None = None  # the month ("2026-11") this chat was told the model allowance is used up

    @classmethod
    def load(cls, raw: dict[str, Any] | None) -> ConversationState:
        return cls.model_validate(raw or {})

    def dump(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
