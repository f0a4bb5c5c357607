"""The CV laid out as a neutral document: what text appears, in which order, in every format.

PDF/HTML, DOCX and Markdown render this structure, and the parse-back check expects exactly its
fields in exactly its order, so the check and the layout can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.cv.model import repair_url
from app.cv.sections import Group, SectionSpec, Shown, page_order
from app.render.i18n import LANGUAGES, Language, format_date, format_period

if TYPE_CHECKING:
    from app.cv.model import Resume

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
    partial: str = "entries"  # templates/partials/<partial>.html.j2
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
    """A link annotation only for http(s), mailto and tel (a bare "github.com/maria" links with https://);
    anything else stays plain text."""
    if not url:
        return None
    href = repair_url(url)
    return Link(text or display_url(url), href if _SAFE_LINK.match(href) else None)


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
    page = _Page(lang)
    sections = [s for s in (_section(resume, spec, page) for spec in page_order(academic)) if s]
    return Document(
        name=(b.name if b and b.name else ""),
        label=(b.label if b and b.label else ""),
        contact=contact,
        summary=(b.summary if b and b.summary else ""),
        summary_heading=lang.summary,
        sections=sections,
        language=lang,
    )


@dataclass(frozen=True)
class _Page:
    """Dates and words in the CV's language, for the sections' layouts (app/cv/sections.py `Page`)."""

    language: Language

    def period(self, start: str | None, end: str | None) -> str:
        return format_period(start, end, self.language)

    def date(self, value: str | None) -> str:
        return format_date(value, self.language)

    def word(self, key: str) -> str:
        return str(getattr(self.language, key))


def _section(resume: Resume, spec: SectionSpec, page: _Page) -> Section | None:
    """A section as its spec lays out each entry: full entries, labelled groups and short inline items."""
    section = Section(spec.key, spec.headings[page.language.code], spec.partial)
    for item in resume.section(spec.key):
        laid = spec.layout(item, page)
        if isinstance(laid, Shown):
            entry = Entry(laid.title, laid.date, laid.subtitle, safe_link(laid.url), laid.description, laid.summary,
                          list(laid.bullets), list(laid.extras))  # fmt: skip
            if entry.fields():
                section.entries.append(entry)
        elif isinstance(laid, Group):
            section.groups.append((laid.label, laid.items))
        elif laid:
            section.inline.append(laid)
    return section if section.entries or section.inline or section.groups else None
