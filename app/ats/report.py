"""The ATS report: an overall score, category scores, and findings that cite the CV and carry fixes."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, Field

Severity = Literal["blocker", "major", "minor", "tip"]
Status = Literal["pass", "warn", "fail", "skipped"]


def stable_id(*parts: object) -> str:
    """A short id that is the same for the same content, so a stored report's ids stay valid."""
    digest = hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return digest[:10]


class Location(BaseModel):
    """Where in the CV: section, entry index, field, bullet index (0-based)."""

    section: str
    index: int | None = None
    field: str | None = None
    bullet: int | None = None

    def describe(self) -> str:
        where = self.section
        if self.index is not None:
            where += f"[{self.index}]"
        if self.field:
            where += f".{self.field}"
        if self.bullet is not None:
            where += f"[{self.bullet}]"
        return where


class Fix(BaseModel):
    """A proposed edit of the CV. `old` must still be there when it is applied."""

    id: str
    kind: Literal["set_text", "reorder", "add_skills"]
    description: str
    location: Location
    old: Any = None
    new: Any = None
    needs_confirmation: bool = False
    new_facts: list[str] = Field(default_factory=list)  # what the fix would add that the CV does not say


class Finding(BaseModel):
    id: str
    category: str
    severity: Severity
    message: str
    location: dict[str, Any] | None = None
    evidence: str | None = None
    fixes: list[Fix] = Field(default_factory=list)
    skill: str | None = None  # the job ad's skill a "missing skill" finding is about

    @classmethod
    def about(cls, category: str, key: tuple[object, ...], **fields: Any) -> Finding:
        """A finding whose id is the same for the same category and key, so a stored report's ids stay valid."""
        return cls(id=stable_id(category, *key), category=category, **fields)


class Category(BaseModel):
    name: str
    score: int
    status: Status
    summary: str = ""


class JobSkill(BaseModel):
    name: str  # as the ad says it
    canonical: str | None = None  # the vocabulary's name, where the ad says it otherwise ("CRM")
    importance: Literal["required", "preferred"]
    found: bool
    evidence: str | None = None
    related: str | None = None
    location: dict[str, Any] | None = None
    shown_by: str | None = None  # the CV's more specific skill that shows this one ("Docker" for containerization)
    matched: str | None = None  # the CV's words for it where they differ ("PostgreSQL" for the ad's "Postgres")
    listed: bool = False  # the CV's skills section names it (found only in prose, a skills search may miss it)


class JobMatch(BaseModel):
    title: str | None
    skills: list[JobSkill]
    years_required: int | None = None
    years_in_cv: float | None = None
    education: str | None = None
    soft_skills: list[JobSkill] = Field(default_factory=list)


class AtsReport(BaseModel):
    score: int
    categories: list[Category]
    findings: list[Finding]
    job: JobMatch | None = None
    summary: str = ""

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def fixes(self) -> list[Fix]:
        """Every fix, in the findings' order: fix N is the N-th (1-based), wherever it is shown or applied."""
        return [fix for finding in self.findings for fix in finding.fixes]

    def fix_numbers(self) -> dict[str, int]:
        """Each fix's id -> its number (the one numbering the text, the buttons and "/fix N" share)."""
        return {fix.id: number for number, fix in enumerate(self.fixes(), 1)}

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)


def status_for(score: int) -> Status:
    return "pass" if score >= 80 else "warn" if score >= 55 else "fail"
