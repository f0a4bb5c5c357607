"""The CV laid out as a neutral document: what text appears, in which order, in every format.

PDF/HTML, DOCX and Markdown render this structure, and the parse-back check expects exactly its
fields in exactly its order, so the check and the layout can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.render.i18n import LANGUAGES, Language, format_date, format_period

if TYPE_CHECKING:
    from app.cv.model import Resume

DEFAULT_ORDER = (
    "work", "education", "skills", "projects", "volunteer", "certificates", "awards", "publications",
    "languages", "interests", "references",
)  # fmt: skip
ACADEMIC_ORDER = (
    "education", "publications", "awards", "work", "projects", "certificates", "volunteer", "skills",
    "languages", "interests", "references",
)  # fmt: skip
_SAFE_LINK = re.compile(r"^(https?://|mailto:|tel:)", re.I)


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None = None


@dataclass
class Entry:
    title: str = ""
    date: str = ""
    subtitle: str = ""
    link: Link | None = None
    description: str = ""
    summary: str = ""
    bullets: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def fields(self) -> list[str]:
        """In reading order: the title line (title, date), then the line under it, then the body."""
        link = self.link.text if self.link else ""
        values = [self.title, self.date, self.subtitle, link, self.description, self.summary]
        return [v for v in values if v] + self.bullets + self.extras


@dataclass
class Section:
    key: str
    heading: str
    entries: list[Entry] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)  # short items on one line: skills, languages
    groups: list[tuple[str, str]] = field(default_factory=list)  # "Backend (Expert): Python, Go"


@dataclass
class Document:
    name: str
    label: str
    contact: list[Link]
    summary: str
    summary_heading: str
    sections: list[Section]
    language: Language

    def expected_fields(self) -> list[str]:
        """Every piece of text a reader (or an ATS) must find, in reading order."""
        out = [self.name, self.label, *(c.text for c in self.contact)]
        if self.summary:
            out += [self.summary_heading, self.summary]
        for section in self.sections:
            out.append(section.heading)
            out += section.inline
            for label, items in section.groups:
                out += [label, items]
            for entry in section.entries:
                out += entry.fields()
        return [v for v in out if v]


def display_url(url: str) -> str:
    """'https://www.linkedin.com/in/maria/' -> 'linkedin.com/in/maria'."""
    text = re.sub(r"^(https?://)?(www\.)?", "", url.strip(), flags=re.I)
    return re.sub(r"^mailto:", "", text).rstrip("/")


def safe_link(url: str | None, text: str | None = None) -> Link | None:
    """A link annotation only for http(s), mailto and tel; anything else stays plain text."""
    if not url:
        return None
    return Link(text or display_url(url), url if _SAFE_LINK.match(url) else None)


def _join(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def build_document(resume: Resume, language: str, academic: bool = False) -> Document:
    lang = LANGUAGES[language]
    b = resume.basics
    contact: list[Link] = []
    if b:
        if b.email:
            contact.append(Link(b.email, f"mailto:{b.email}"))
        if b.phone:
            contact.append(Link(b.phone, "tel:" + re.sub(r"[^\d+]", "", b.phone)))
        if b.location:
            place = _join(b.location.city, b.location.region, b.location.countryCode)
            if place:
                contact.append(Link(place))
        for url in [b.url, *(p.url for p in b.profiles or [])]:
            link = safe_link(url)
            if link:
                contact.append(link)
        for profile in b.profiles or []:
            if not profile.url and profile.username:
                contact.append(Link(_join(profile.network, profile.username, sep=": ")))
    sections = [
        s for s in (_section(resume, key, lang) for key in (ACADEMIC_ORDER if academic else DEFAULT_ORDER)) if s
    ]
    return Document(
        name=(b.name if b and b.name else ""),
        label=(b.label if b and b.label else ""),
        contact=contact,
        summary=(b.summary if b and b.summary else ""),
        summary_heading=lang.headings["summary"],
        sections=sections,
        language=lang,
    )


def _section(resume: Resume, key: str, lang: Language) -> Section | None:
    section = Section(key, lang.headings[key])
    if key == "work":
        section.entries = [
            Entry(
                title=w.position or w.name or "",
                subtitle=_join(w.name if w.position else None, w.location),
                date=format_period(w.startDate, w.endDate, lang),
                link=safe_link(w.url),
                description=w.description or "",
                summary=w.summary or "",
                bullets=list(w.highlights or []),
            )
            for w in resume.work or []
        ]
    elif key == "volunteer":
        section.entries = [
            Entry(
                title=v.position or v.organization or "",
                subtitle=(v.organization or "") if v.position else "",
                date=format_period(v.startDate, v.endDate, lang),
                link=safe_link(v.url),
                summary=v.summary or "",
                bullets=list(v.highlights or []),
            )
            for v in resume.volunteer or []
        ]
    elif key == "education":
        section.entries = [
            Entry(
                title=_join(e.studyType, e.area, sep=", ") or e.institution or "",
                subtitle=(e.institution or "") if (e.studyType or e.area) else "",
                date=format_period(e.startDate, e.endDate, lang),
                link=safe_link(e.url),
                extras=[
                    x
                    for x in (
                        f"{lang.grade}: {e.score}" if e.score else "",
                        f"{lang.courses}: {', '.join(e.courses)}" if e.courses else "",
                    )
                    if x
                ],
            )
            for e in resume.education or []
        ]
    elif key == "projects":
        section.entries = [
            Entry(
                title=p.name or "",
                subtitle=_join(", ".join(p.roles or []), p.entity),
                date=format_period(p.startDate, p.endDate, lang),
                link=safe_link(p.url),
                summary=p.description or "",
                bullets=list(p.highlights or []),
                extras=[", ".join(p.keywords)] if p.keywords else [],
            )
            for p in resume.projects or []
        ]
    elif key == "awards":
        section.entries = [
            Entry(title=a.title or "", subtitle=a.awarder or "", date=format_date(a.date, lang) if a.date else "",
                  summary=a.summary or "")
            for a in resume.awards or []
        ]  # fmt: skip
    elif key == "certificates":
        section.entries = [
            Entry(title=c.name or "", subtitle=c.issuer or "", date=format_date(c.date, lang) if c.date else "",
                  link=safe_link(c.url))
            for c in resume.certificates or []
        ]  # fmt: skip
    elif key == "publications":
        section.entries = [
            Entry(title=p.name or "", subtitle=p.publisher or "",
                  date=format_date(p.releaseDate, lang) if p.releaseDate else "", link=safe_link(p.url),
                  summary=p.summary or "")
            for p in resume.publications or []
        ]  # fmt: skip
    elif key == "references":
        section.entries = [Entry(title=r.name or "", summary=r.reference or "") for r in resume.references or []]
    elif key == "skills":
        skills = resume.skills or []
        section.groups = [
            (f"{s.name or ''}{f' ({s.level})' if s.level else ''}:".lstrip(":"), ", ".join(s.keywords or []))
            for s in skills
            if s.keywords
        ]
        section.inline = [f"{s.name} ({s.level})" if s.level else s.name for s in skills if not s.keywords and s.name]
    elif key == "languages":
        section.inline = [
            f"{x.language} ({x.fluency})" if x.fluency else (x.language or "") for x in resume.languages or []
        ]
    elif key == "interests":
        interests = resume.interests or []
        section.groups = [(f"{i.name}:", ", ".join(i.keywords)) for i in interests if i.name and i.keywords]
        section.inline = [i.name for i in interests if i.name and not i.keywords]
    section.inline = [i for i in section.inline if i]
    section.entries = [e for e in section.entries if e.fields()]
    return section if section.entries or section.inline or section.groups else None
