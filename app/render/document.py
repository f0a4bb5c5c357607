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
    what: str = ""  # the field in a sentence, for the parse-back check: "the email address"


@dataclass(frozen=True)
class Field:
    """One piece of text the page must show, and where it comes from in words a person knows."""

    text: str
    where: str


def short(text: str, limit: int = 40) -> str:
    """A field's text as a message quotes it: one line, at most `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    who: str = "an entry"  # the entry in a sentence: 'your job “Staff Engineer at PayFlow”'

    def fields(self) -> list[Field]:
        """In reading order: the title line (title, date), then the line under it, then the body."""
        named = [
            (self.title, "the title"),
            (self.date, "the dates"),
            (self.subtitle, "the line under the title"),
            (self.link.text if self.link else "", "the link"),
            (self.description, "the description"),
            (self.summary, "the summary"),
        ]
        out = [Field(text, f"{what} of {self.who}") for text, what in named if text]
        out += [Field(b, f"bullet {n} of {self.who}") for n, b in enumerate(self.bullets, 1)]
        return out + [Field(x, f"the line “{short(x)}” of {self.who}") for x in self.extras]


@dataclass
class Section:
    key: str
    heading: str
    partial: str = "entries"  # templates/partials/<partial>.html.j2
    entries: list[Entry] = field(default_factory=list)
    inline: list[str] = field(default_factory=list)  # short items on one line: skills, languages
    groups: list[tuple[str, str]] = field(default_factory=list)  # "Backend (Expert): Python, Go"
    noun: str = "item"  # one entry in a sentence: "job"

    def fields(self) -> list[Field]:
        out = [Field(self.heading, f"the heading “{self.heading}”")]
        out += [Field(item, f"the {self.noun} “{short(item)}”") for item in self.inline]
        for label, items in self.groups:
            if label:
                out.append(Field(label, f"the {self.noun} “{short(label.rstrip(':'))}”"))
            out.append(Field(items, f"the {self.noun} “{short(label.rstrip(':') or items)}”"))
        for entry in self.entries:
            out += entry.fields()
        return out


@dataclass
class Document:
    name: str
    label: str
    contact: list[Link]
    summary: str
    summary_heading: str
    sections: list[Section]
    language: Language

    def expected_fields(self) -> list[Field]:
        """Every piece of text a reader (or an ATS) must find, in reading order, each saying what it is."""
        out = [Field(self.name, "your name"), Field(self.label, "your headline")]
        out += [Field(c.text, c.what or f"the contact detail “{short(c.text)}”") for c in self.contact]
        if self.summary:
            heading = Field(self.summary_heading, f"the heading “{self.summary_heading}”")
            out += [heading, Field(self.summary, "your summary")]
        for section in self.sections:
            out += section.fields()
        return [f for f in out if f.text]


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
            contact.append(Link(b.email, f"mailto:{b.email}", "the email address"))
        if b.phone:
            contact.append(Link(b.phone, "tel:" + re.sub(r"[^\d+]", "", b.phone), "the phone number"))
        if b.location:
            place = _join(b.location.city, b.location.region, b.location.countryCode)
            if place:
                contact.append(Link(place, what="your location"))
        for url in [b.url, *(p.url for p in b.profiles or [])]:
            link = safe_link(url)
            if link:
                contact.append(Link(link.text, link.href, f"the link {short(link.text)}"))
        for profile in b.profiles or []:
            if not profile.url and profile.username:
                text = _join(profile.network, profile.username, sep=": ")
                contact.append(Link(text, what=f"your {profile.network or 'profile'} user name"))
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
    section = Section(spec.key, spec.headings[page.language.code], spec.partial, noun=spec.noun)
    for item in resume.section(spec.key):
        laid = spec.layout(item, page)
        if isinstance(laid, Shown):
            who = f"your {spec.noun} “{short(spec.label(item.model_dump(mode='json', exclude_none=True)))}”"
            entry = Entry(laid.title, laid.date, laid.subtitle, safe_link(laid.url), laid.description, laid.summary,
                          list(laid.bullets), list(laid.extras), who)  # fmt: skip
            if entry.fields():
                section.entries.append(entry)
        elif isinstance(laid, Group):
            section.groups.append((laid.label, laid.items))
        elif laid:
            section.inline.append(laid)
    return section if section.entries or section.inline or section.groups else None
