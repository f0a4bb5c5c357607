"""JSON Resume (https://jsonresume.org/schema) in pydantic: every section and field, strict values.

Unknown fields are kept (`extra="allow"`) so import and export are lossless; dates must be
`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, emails and URLs must be real ones.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.cleantext import InvisibleOnly, clean_value

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_URL_RE = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s]*$|^mailto:[^\s@]+@[^\s@]+$", re.IGNORECASE)
_BARE_DOMAIN_RE = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)


def check_iso_date(value: str) -> str:
    """Accept YYYY, YYYY-MM or YYYY-MM-DD with a real month and day; "" (JSON Resume files' "not given") stays."""
    value = value.strip()
    if not value:
        return value
    match = _DATE_RE.match(value)
    if not match:
        raise ValueError("iso_date")
    year, month, day = match.groups()
    if not 1900 <= int(year) <= 2100:
        raise ValueError("iso_date_year")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError("iso_date_month")
    if day is not None:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError("iso_date_day") from None
    return value


def check_email(value: str) -> str:
    """A syntactically valid address; the original spelling is kept (no normalisation); "" stays."""
    from email_validator import EmailNotValidError, validate_email

    value = value.strip()
    if not value:
        return value
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise ValueError("email") from None
    return value


def repair_url(value: Any) -> Any:
    """`linkedin.com/in/maria` is what people type; `https://linkedin.com/in/maria` is the link it means.

    A CV keeps a link as it was written (JSON Resume files hold bare domains, and an import must give
    them back unchanged); the chat stores what a person types with its scheme, and pages link with it.
    """
    if isinstance(value, str):
        value = value.strip()
        if _BARE_DOMAIN_RE.match(value):
            return "https://" + value
    return value


def check_url(value: str) -> str:
    """An http(s), ftp or mailto link, or a bare domain with a path ("github.com/maria") as JSON Resume
    files write them; "" (JSON Resume files' "not given", as in its own sample) stays."""
    if value and not (_URL_RE.match(value) or _BARE_DOMAIN_RE.match(value)):
        raise ValueError("url")
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


IsoDate = Annotated[
    str,
    BeforeValidator(_strip),
    AfterValidator(check_iso_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "YYYY-MM, YYYY or YYYY-MM-DD",
        }
    ),
]
Email = Annotated[str, AfterValidator(check_email)]
Url = Annotated[str, BeforeValidator(_strip), AfterValidator(check_url)]


class Entry(BaseModel):
    """Base of every JSON Resume object: unknown fields survive, assignment is validated."""

    model_config = ConfigDict(extra="allow", validate_assignment=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _clean_text(cls, data: Any, info: ValidationInfo) -> Any:
        """Every string, known field or not, without control or invisible characters (app/cleantext.py).

        A value of nothing but such characters (a zero-width-space skill) is refused; in a CV read back
        from storage (context STORED) it is kept empty instead, so an old CV still opens.
        """
        if not isinstance(data, dict):
            return data
        try:
            return clean_value(data)
        except InvisibleOnly as exc:
            if info.context == STORED:
                return clean_value(data, lenient=True)
            raise PydanticCustomError(
                "invisible_only",
                "{field} has only invisible or control characters (such as a zero-width space); "
                "write it in visible letters",
                {"field": exc.path},
            ) from None


STORED = {"stored": True}  # validation context of a CV read from the database


class DatedEntry(Entry):
    """An entry with an optional period (declared by each subclass where it reads best);
    an absent endDate means "to the present"."""

    @model_validator(mode="after")
    def _end_not_before_start(self) -> Self:
        start, end = getattr(self, "startDate", None), getattr(self, "endDate", None)
        if start and end and _date_key(end) < _date_key(start):
            raise ValueError("end_before_start")
        return self


def _date_key(value: str) -> tuple[int, int, int]:
    parts = [int(p) for p in value.split("-")]
    # Compare a bare year as its first month/day so "2021" .. "2021-06" is not "before".
    return (parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


class Location(Entry):
    address: str | None = None
    postalCode: str | None = None
    city: str | None = Field(default=None, examples=["Warsaw"])
    countryCode: str | None = Field(default=None, examples=["PL"])
    region: str | None = None


class Profile(Entry):
    network: str | None = Field(default=None, examples=["LinkedIn"])
    username: str | None = None
    url: Url | None = None


class Basics(Entry):
    name: str | None = Field(default=None, examples=["Maria Kowalska"])
    label: str | None = Field(default=None, description="Headline, e.g. 'Staff Engineer'")
    image: Url | None = None
    email: Email | None = Field(default=None, examples=["maria@example.com"])
    phone: str | None = Field(default=None, examples=["+48 600 123 456"])
    url: Url | None = None
    summary: str | None = None
    location: Location | None = None
    profiles: list[Profile] | None = None


class Work(DatedEntry):
    name: str | None = Field(default=None, description="Company name", examples=["PayFlow GmbH"])
    location: str | None = None
    description: str | None = None
    position: str | None = Field(default=None, examples=["Staff Engineer"])
    url: Url | None = None
    startDate: IsoDate | None = Field(default=None, examples=["2021-03"])
    endDate: IsoDate | None = Field(default=None, description="Empty while current", examples=["2023-11"])
    summary: str | None = None
    highlights: list[str] | None = Field(default=None, description="Achievements, one per bullet")


class Volunteer(DatedEntry):
    organization: str | None = None
    position: str | None = None
    url: Url | None = None
    startDate: IsoDate | None = Field(default=None, examples=["2021-03"])
    endDate: IsoDate | None = Field(default=None, description="Empty while current", examples=["2023-11"])
    summary: str | None = None
    highlights: list[str] | None = None


class Education(DatedEntry):
    institution: str | None = Field(default=None, examples=["University of Warsaw"])
    url: Url | None = None
    area: str | None = Field(default=None, examples=["Computer Science"])
    studyType: str | None = Field(default=None, examples=["Bachelor"])
    startDate: IsoDate | None = Field(default=None, examples=["2021-03"])
    endDate: IsoDate | None = Field(default=None, description="Empty while current", examples=["2023-11"])
    score: str | None = None
    courses: list[str] | None = None


class Award(Entry):
    title: str | None = None
    date: IsoDate | None = None
    awarder: str | None = None
    summary: str | None = None


class Certificate(Entry):
    name: str | None = None
    date: IsoDate | None = None
    url: Url | None = None
    issuer: str | None = None


class Publication(Entry):
    name: str | None = None
    publisher: str | None = None
    releaseDate: IsoDate | None = None
    url: Url | None = None
    summary: str | None = None


class Skill(Entry):
    name: str | None = Field(default=None, examples=["Backend", "Python"])
    level: str | None = Field(default=None, examples=["Expert"])
    keywords: list[str] | None = Field(default=None, examples=[["Python", "Go", "PostgreSQL"]])


class Language(Entry):
    language: str | None = Field(default=None, examples=["English"])
    fluency: str | None = Field(default=None, examples=["Fluent (C1)"])


class Interest(Entry):
    name: str | None = None
    keywords: list[str] | None = None


class Reference(Entry):
    name: str | None = None
    reference: str | None = None


class Project(DatedEntry):
    name: str | None = None
    description: str | None = None
    highlights: list[str] | None = None
    keywords: list[str] | None = None
    startDate: IsoDate | None = Field(default=None, examples=["2021-03"])
    endDate: IsoDate | None = Field(default=None, description="Empty while current", examples=["2023-11"])
    url: Url | None = None
    roles: list[str] | None = None
    entity: str | None = None
    type: str | None = None


class Meta(Entry):
    canonical: Url | None = None
    version: str | None = None
    lastModified: str | None = None


# The sections of a Resume; each one is declared in app/cv/sections.py (tests check the two agree).
SectionName = Literal[
    "work",
    "volunteer",
    "education",
    "awards",
    "certificates",
    "publications",
    "skills",
    "languages",
    "interests",
    "references",
    "projects",
]


class Resume(Entry):
    """A whole CV. Sections absent from an imported document stay absent on export."""

    schema_: str | None = Field(default=None, alias="$schema")
    basics: Basics | None = None
    work: list[Work] | None = None
    volunteer: list[Volunteer] | None = None
    education: list[Education] | None = None
    awards: list[Award] | None = None
    certificates: list[Certificate] | None = None
    publications: list[Publication] | None = None
    skills: list[Skill] | None = None
    languages: list[Language] | None = None
    interests: list[Interest] | None = None
    references: list[Reference] | None = None
    projects: list[Project] | None = None
    meta: Meta | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON Resume document (aliases such as `$schema`, no empty values)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def to_json_bytes(self) -> bytes:
        """The document as a pretty-printed UTF-8 JSON Resume file."""
        import json

        return (json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    def section(self, name: str) -> list[Any]:
        return list(getattr(self, name) or [])

    def display_name(self) -> str:
        return (self.basics.name if self.basics and self.basics.name else None) or "Untitled CV"
