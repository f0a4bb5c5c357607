"""What an import of a corpus file must find, read from the CV's JSON, and how values are compared.

Compared after normalising: case, Unicode form, whitespace and punctuation (but "+" and "#": C++, C#); phones
by their digits; dates as YYYY-MM or YYYY, at the precision the page printed (a layout that prints only years
is labelled with the year); a job without an end date ends "present".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

PRESENT = "present"


def norm_text(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value or "")).casefold()
    return " ".join(re.sub(r"[^\w+#]+", " ", text).replace("_", " ").split())


def norm_skill(value: Any) -> str:
    """A skill without its level in brackets: "Backend (Expert)" is "backend"."""
    return norm_text(re.sub(r"\s*\([^)]*\)\s*$", "", str(value or "")))


def norm_phone(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))


def norm_date(value: Any, year_only: bool = False) -> str:
    """ "2021-03-15" -> "2021-03"; "2021" -> "2021"; anything else (or nothing) -> ""."""
    match = re.match(r"^\s*(\d{4})(?:-(\d{1,2}))?", str(value or ""))
    if not match:
        return ""
    year, month = match.groups()
    return year if year_only or not month else f"{year}-{int(month):02d}"


def norm_end(value: Any, year_only: bool = False) -> str:
    return norm_date(value, year_only) or PRESENT


@dataclass(frozen=True)
class Job:
    company: str
    position: str
    start: str
    end: str


@dataclass(frozen=True)
class School:
    institution: str
    area: str


@dataclass
class Labels:
    """Normalised values; "" where the CV holds none (then that field is not counted)."""

    name: str = ""
    email: str = ""
    phone: str = ""
    jobs: list[Job] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)  # group names, their keywords and flat skills, once each


def _list(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def skill_names(document: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for skill in _list(document, "skills"):
        names += [norm_skill(skill.get("name"))] + [norm_skill(k) for k in skill.get("keywords") or []]
    return list(dict.fromkeys(n for n in names if n))


def read_labels(document: dict[str, Any], year_only: bool = False) -> Labels:
    """The labels of a CV document, or what an import returned read the same way (for comparison)."""
    basics = document.get("basics") if isinstance(document.get("basics"), dict) else {}
    assert isinstance(basics, dict)
    jobs = []
    for job in _list(document, "work"):
        start, end = job.get("startDate"), job.get("endDate")
        dated = bool(norm_date(start) or norm_date(end))
        jobs.append(
            Job(
                norm_text(job.get("name")),
                norm_text(job.get("position")),
                norm_date(start, year_only),
                norm_end(end, year_only) if dated else "",
            )
        )
    schools = [School(norm_text(s.get("institution")), norm_text(s.get("area"))) for s in _list(document, "education")]
    return Labels(
        name=norm_text(basics.get("name")),
        email=str(basics.get("email") or "").strip().casefold(),
        phone=norm_phone(basics.get("phone")),
        jobs=jobs,
        schools=schools,
        skills=skill_names(document),
    )


def labels_document(labels: Labels) -> dict[str, Any]:
    """The labels as a CV document: what a perfect import of the page returns (the scorer's oracle)."""
    return {
        "basics": {"name": labels.name, "email": labels.email, "phone": labels.phone},
        "work": [
            {"name": j.company, "position": j.position, "startDate": j.start}
            | ({"endDate": j.end} if j.end != PRESENT else {})
            for j in labels.jobs
        ],
        "education": [{"institution": s.institution, "area": s.area} for s in labels.schools],
        "skills": [{"name": s} for s in labels.skills],
    }
