"""Every CV section declared once: one `SectionSpec` per JSON Resume section, next to its model.

A spec says what the rest of the project needs to know about a section — RenderCV's one class per
entry type, written as data — and everything reads it instead of keeping its own table:

- edits and diffs (app/cv/edit.py, app/cv/diff.py): the noun and the entry label in summaries;
- the chat text (app/cv/readable.py): `text`, `bullets`, `unit`/`count` for the outline;
- the page (app/render/document.py, i18n.py, templates/partials/): `layout`, `partial`, `order`,
  `academic_order`, `headings` in the five CV languages;
- the ATS analyser (app/ats/segments.py): `ats`, the fields it searches and what kind of text each is;
- the guided mode (app/assistant/guided/): `words` that name the section, `field_words`, `usage`, `one_line`;
- the tools (tools/cv_tools.py): one typed `add_*` tool per section, generated from `tool`.

Adding a section: its model class and its `Resume` field (and `SectionName`) in app/cv/model.py, one
`SectionSpec` in SECTIONS below, and a template partial only if none of app/render/templates/partials fits.
tests/app/cv/test_sections.py checks that every spec reaches every one of those places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from app.cv.model import (
    Award,
    Certificate,
    Education,
    Entry,
    Interest,
    Language,
    Project,
    Publication,
    Reference,
    Skill,
    Volunteer,
    Work,
)
from app.cv.parse import format_date, format_period
from app.errors import InvalidInput

CV_LANGUAGES = ("en", "de", "fr", "es", "uk")  # the languages a CV is rendered in (app/render/i18n.py)
AtsKind = Literal["title", "text", "bullet", "skills"]


class Page(Protocol):
    """Dates and words in the CV's language, as the renderer provides them to a section's layout."""

    def period(self, start: str | None, end: str | None) -> str: ...

    def date(self, value: str | None) -> str: ...

    def word(self, key: str) -> str: ...


@dataclass(frozen=True)
class Shown:
    """One entry as the page shows it: a title line (title, date), the line under it, then the body."""

    title: str = ""
    date: str = ""
    subtitle: str = ""
    url: str | None = None
    description: str = ""
    summary: str = ""
    bullets: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Group:
    """A labelled line of short items: 'Backend (Expert): Python, Go'."""

    label: str
    items: str


# What a layout makes of one entry: a full entry, a labelled group, one short inline item, or nothing.
Laid = Shown | Group | str | None


@dataclass(frozen=True)
class ToolText:
    """What the section's generated `add_*` tool tells the model (see tools/cv_tools.py)."""

    name: str
    description: str
    entry: str  # the `entry` argument's description
    group: str = "entries"  # the tool group offered with it (tools/registry.py TOOL_GROUPS)


@dataclass(frozen=True)
class SectionSpec:
    key: str  # the JSON Resume section name: "work"
    model: type[Entry]
    noun: str  # one entry in a sentence: "job"
    plural: str  # "jobs"
    label: Callable[[Mapping[str, Any]], str]  # how a person recognises an entry (its JSON form)
    text: Callable[[Any], str]  # one line of chat text for an entry (app/cv/readable.py)
    layout: Callable[[Any, Page], Laid]  # the entry on the page (app/render/document.py)
    order: int  # position on the page in most designs
    academic_order: int  # position in the academic design (education and publications first)
    headings: Mapping[str, str]  # the section's heading in each of CV_LANGUAGES
    tool: ToolText
    ats: tuple[tuple[str, AtsKind], ...]  # fields the ATS analyser reads, in reading order (() for none)
    bullets: str | None = None  # the list field holding achievement bullets, if the section has them
    partial: str = "entries"  # app/render/templates/partials/<partial>.html.j2
    words: tuple[str, ...] = ()  # what a person calls the section in the guided mode ("job", "experience")
    field_words: Mapping[str, str] = field(default_factory=dict)  # a person's word for a field -> JSON name
    usage: str | None = None  # the guided mode's example when "add <section>" comes without text
    one_line: tuple[str, str, str] | None = None  # "add award Best Paper, ACM, 2020": (title, by, date) fields
    unit: tuple[str, str] | None = None  # what the outline counts, when not entries: ("skill", "skills")
    count: Callable[[list[Any]], int] = len  # how many `unit`s the entries hold

    def counted(self, n: int) -> str:
        one, many = self.unit or (self.noun, self.plural)
        return f"{n} {one if n == 1 else many}"


def _join(*parts: str | None, sep: str = ", ") -> str:
    return sep.join(p.strip() for p in parts if p and p.strip())


def _period(start: str | None, end: str | None) -> str:
    period = format_period(start, end)
    return f" ({period})" if period else ""


def _on(value: str | None) -> str:
    return f" ({format_date(value)})" if value else ""


def _first_of(noun: str, *keys: str) -> Callable[[Mapping[str, Any]], str]:
    def label(entry: Mapping[str, Any]) -> str:
        return next((str(entry[k]) for k in keys if entry.get(k)), f"untitled {noun}")

    return label


def _at(role: str, place: str, untitled: str) -> Callable[[Mapping[str, Any]], str]:
    """'Staff Engineer at PayFlow GmbH'."""
    return lambda e: " at ".join(str(p) for p in (e.get(role), e.get(place)) if p) or untitled


def _education_label(entry: Mapping[str, Any]) -> str:
    degree = " ".join(str(p) for p in (entry.get("studyType"), entry.get("area")) if p)
    return ", ".join(p for p in (degree, entry.get("institution")) if p) or "untitled education"


def _keyword_group(name: str | None, level: str | None, keywords: list[str] | None) -> Laid:
    """Skills and interests: a named group when it has keywords, else one inline item."""
    if keywords:
        return Group(f"{name or ''}{f' ({level})' if level else ''}:".lstrip(":"), ", ".join(keywords))
    if not name:
        return None
    return f"{name} ({level})" if level else name


def _headings(en: str, de: str, fr: str, es: str, uk: str) -> dict[str, str]:
    return dict(zip(CV_LANGUAGES, (en, de, fr, es, uk), strict=True))


_DATES = {"start": "startDate", "start date": "startDate", "end": "endDate", "end date": "endDate",
          "dates": "dates", "period": "dates", "years": "dates"}  # fmt: skip
_URL = {"url": "url", "link": "url", "website": "url"}

# fmt: off
WORK = SectionSpec(
    key="work",
    model=Work,
    noun="job",
    plural="jobs",
    label=_at("position", "name", "untitled job"),
    text=lambda w: (_join(w.position, w.name) or "Untitled job") + _period(w.startDate, w.endDate),
    layout=lambda w, page: Shown(
        title=w.position or w.name or "",
        subtitle=_join(w.name if w.position else None, w.location),
        date=page.period(w.startDate, w.endDate),
        url=w.url,
        description=w.description or "",
        summary=w.summary or "",
        bullets=list(w.highlights or []),
    ),
    order=0,
    academic_order=3,
    headings=_headings("Experience", "Berufserfahrung", "Expérience professionnelle", "Experiencia profesional",
                       "Досвід роботи"),
    tool=ToolText(
        "add_work_entry",
        "Add a job to the experience section. `name` is the company; omit endDate for a current job.",
        "The job: position, name (company), startDate, endDate, location, highlights (one achievement each).",
    ),
    ats=(("position", "title"), ("summary", "text"), ("description", "text"), ("highlights", "bullet")),
    bullets="highlights",
    words=("job", "jobs", "position", "role", "work", "experience", "work experience", "employer"),
    field_words={
        "title": "position", "job title": "position", "position": "position", "role": "position",
        "company": "name", "company name": "name", "employer": "name", "name": "name", "location": "location",
        "city": "location", "description": "summary", "summary": "summary", **_DATES, **_URL,
    },
)

EDUCATION = SectionSpec(
    key="education",
    model=Education,
    noun="education entry",
    plural="education entries",
    unit=("school", "schools"),  # "2 jobs, 1 school and 14 skills"
    label=_education_label,
    text=lambda e: _join(_join(e.studyType, e.area, sep=" in "), e.institution, f"grade {e.score}" if e.score else "")
    + _period(e.startDate, e.endDate),
    layout=lambda e, page: Shown(
        title=_join(e.studyType, e.area) or e.institution or "",
        subtitle=(e.institution or "") if (e.studyType or e.area) else "",
        date=page.period(e.startDate, e.endDate),
        url=e.url,
        extras=[
            x
            for x in (
                f"{page.word('grade')}: {e.score}" if e.score else "",
                f"{page.word('courses')}: {', '.join(e.courses)}" if e.courses else "",
            )
            if x
        ],
    ),
    order=1,
    academic_order=0,
    headings=_headings("Education", "Ausbildung", "Formation", "Formación", "Освіта"),
    tool=ToolText(
        "add_education_entry",
        "Add a degree or course of study.",
        "institution, area (field of study), studyType (degree), startDate, endDate, score, courses.",
    ),
    ats=(("area", "text"), ("studyType", "text"), ("courses", "skills")),
    words=("education", "degree", "school", "university", "studies"),
    field_words={
        "school": "institution", "university": "institution", "institution": "institution", "name": "institution",
        "degree": "studyType", "field": "area", "field of study": "area", "major": "area", "subject": "area",
        "area": "area", "grade": "score", "score": "score", "gpa": "score", **_DATES, **_URL,
    },
)

SKILLS = SectionSpec(
    key="skills",
    model=Skill,
    noun="skill group",
    plural="skill groups",
    label=_first_of("skill group", "name"),
    text=lambda s: _join(s.name, ", ".join(s.keywords or []), sep=": ") + (f" ({s.level})" if s.level else ""),
    layout=lambda s, page: _keyword_group(s.name, s.level, s.keywords),
    order=2,
    academic_order=7,
    headings=_headings("Skills", "Kenntnisse", "Compétences", "Habilidades", "Навички"),
    tool=ToolText(
        "add_skill",
        "Add one skill, or a group of skills (name = group, keywords = the skills).",
        "name, level, keywords.",
    ),
    ats=(("name", "skills"), ("keywords", "skills")),
    partial="lines",
    words=("skill", "skills"),
    field_words={"name": "name", "level": "level"},
    usage="Which skills? For example: add skills: Kafka, Redis.",
    unit=("skill", "skills"),
    count=lambda skills: sum(max(1, len(s.keywords or [])) for s in skills),
)

LANGUAGES = SectionSpec(
    key="languages",
    model=Language,
    noun="language",
    plural="languages",
    label=_first_of("language", "language"),
    text=lambda x: _join(x.language, x.fluency, sep=" — "),
    layout=lambda x, page: f"{x.language} ({x.fluency})" if x.fluency else x.language,
    order=8,
    academic_order=8,
    headings=_headings("Languages", "Sprachen", "Langues", "Idiomas", "Мови"),
    tool=ToolText(
        "add_language", "Add a spoken language.", 'language and fluency, e.g. {"language": "German", "fluency": "B2"}.'
    ),
    ats=(("language", "skills"),),
    partial="lines",
    words=("language", "languages"),
    field_words={"name": "language", "language": "language", "level": "fluency", "fluency": "fluency"},
    usage="Which language? For example: add language French B1.",
)

PROJECTS = SectionSpec(
    key="projects",
    model=Project,
    noun="project",
    plural="projects",
    label=_first_of("project", "name"),
    text=lambda p: _join(p.name, p.description, sep=" — ") + _period(p.startDate, p.endDate),
    layout=lambda p, page: Shown(
        title=p.name or "",
        subtitle=_join(", ".join(p.roles or []), p.entity),
        date=page.period(p.startDate, p.endDate),
        url=p.url,
        summary=p.description or "",
        bullets=list(p.highlights or []),
        extras=[", ".join(p.keywords)] if p.keywords else [],
    ),
    order=3,
    academic_order=4,
    headings=_headings("Projects", "Projekte", "Projets", "Proyectos", "Проєкти"),
    tool=ToolText(
        "add_project", "Add a project.", "name, description, highlights, keywords, startDate, endDate, url, roles."
    ),
    ats=(("name", "text"), ("description", "text"), ("highlights", "bullet"), ("keywords", "skills")),
    bullets="highlights",
    words=("project", "projects"),
    field_words={
        "name": "name", "title": "name", "description": "description", "summary": "description", **_DATES, **_URL,
    },
)

VOLUNTEER = SectionSpec(
    key="volunteer",
    model=Volunteer,
    noun="volunteer role",
    plural="volunteer roles",
    label=_at("position", "organization", "untitled role"),
    text=lambda v: _join(v.position, v.organization) + _period(v.startDate, v.endDate),
    layout=lambda v, page: Shown(
        title=v.position or v.organization or "",
        subtitle=(v.organization or "") if v.position else "",
        date=page.period(v.startDate, v.endDate),
        url=v.url,
        summary=v.summary or "",
        bullets=list(v.highlights or []),
    ),
    order=4,
    academic_order=6,
    headings=_headings("Volunteering", "Ehrenamt", "Bénévolat", "Voluntariado", "Волонтерство"),
    tool=ToolText(
        "add_volunteer_entry",
        "Add volunteer work.",
        "organization, position, startDate, endDate, summary, highlights.",
        group="more_sections",
    ),
    ats=(("highlights", "bullet"),),
    bullets="highlights",
    words=("volunteering", "volunteer role", "volunteer work"),
    field_words={
        "title": "position", "position": "position", "role": "position", "organisation": "organization",
        "organization": "organization", "name": "organization", "company": "organization",
        "description": "summary", "summary": "summary", **_DATES, **_URL,
    },
    usage="Which role? For example: add volunteering: Mentor at Code for Poland, 2019 - 2022.",
)

AWARDS = SectionSpec(
    key="awards",
    model=Award,
    noun="award",
    plural="awards",
    label=_first_of("award", "title"),
    text=lambda a: _join(a.title, a.awarder) + _on(a.date),
    layout=lambda a, page: Shown(
        title=a.title or "", subtitle=a.awarder or "", date=page.date(a.date) if a.date else "", summary=a.summary or ""
    ),
    order=6,
    academic_order=2,
    headings=_headings("Awards", "Auszeichnungen", "Distinctions", "Premios", "Нагороди"),
    tool=ToolText("add_award", "Add an award.", "title, date, awarder, summary.", group="more_sections"),
    ats=(("title", "text"), ("summary", "text")),
    words=("award", "awards"),
    field_words={"title": "title", "name": "title", "awarder": "awarder", "issuer": "awarder", "date": "date",
                 "description": "summary", "summary": "summary"},
    usage="Which award? For example: add award Best Paper, ACM SIGMOD, 2020.",
    one_line=("title", "awarder", "date"),
)

CERTIFICATES = SectionSpec(
    key="certificates",
    model=Certificate,
    noun="certificate",
    plural="certificates",
    label=_first_of("certificate", "name"),
    text=lambda c: _join(c.name, c.issuer) + _on(c.date),
    layout=lambda c, page: Shown(
        title=c.name or "", subtitle=c.issuer or "", date=page.date(c.date) if c.date else "", url=c.url
    ),
    order=5,
    academic_order=5,
    headings=_headings("Certificates", "Zertifikate", "Certifications", "Certificaciones", "Сертифікати"),
    tool=ToolText("add_certificate", "Add a certificate.", "name, date, issuer, url.", group="more_sections"),
    ats=(("name", "text"),),
    words=("certificate", "certificates", "certification", "certifications"),
    field_words={"name": "name", "title": "name", "issuer": "issuer", "date": "date", **_URL},
    usage="Which certificate? For example: add certificate AWS Solutions Architect, Amazon, 2023.",
    one_line=("name", "issuer", "date"),
)

PUBLICATIONS = SectionSpec(
    key="publications",
    model=Publication,
    noun="publication",
    plural="publications",
    label=_first_of("publication", "name"),
    text=lambda p: _join(p.name, p.publisher) + _on(p.releaseDate),
    layout=lambda p, page: Shown(
        title=p.name or "",
        subtitle=p.publisher or "",
        date=page.date(p.releaseDate) if p.releaseDate else "",
        url=p.url,
        summary=p.summary or "",
    ),
    order=7,
    academic_order=1,
    headings=_headings("Publications", "Publikationen", "Publications", "Publicaciones", "Публікації"),
    tool=ToolText(
        "add_publication", "Add a publication.", "name, publisher, releaseDate, url, summary.", group="more_sections"
    ),
    ats=(),
    words=("publication", "publications", "paper"),
    field_words={"name": "name", "title": "name", "publisher": "publisher", "date": "releaseDate",
                 "description": "summary", "summary": "summary", **_URL},
    usage="Which publication? For example: add publication Scaling ledgers, ACM Queue, 2022.",
    one_line=("name", "publisher", "releaseDate"),
)

INTERESTS = SectionSpec(
    key="interests",
    model=Interest,
    noun="interest",
    plural="interests",
    label=_first_of("interest", "name"),
    text=lambda x: _join(x.name, ", ".join(x.keywords or []), sep=": "),
    layout=lambda x, page: _keyword_group(x.name, None, x.keywords) if x.name else None,
    order=9,
    academic_order=9,
    headings=_headings("Interests", "Interessen", "Centres d'intérêt", "Intereses", "Інтереси"),
    tool=ToolText("add_interest", "Add an interest.", "name and keywords.", group="more_sections"),
    ats=(),
    partial="lines",
    words=("interest", "interests", "hobby", "hobbies"),
    field_words={"name": "name"},
    usage="Which interests? For example: add interests: chess, climbing.",
)

REFERENCES = SectionSpec(
    key="references",
    model=Reference,
    noun="reference",
    plural="references",
    label=_first_of("reference", "name"),
    text=lambda r: _join(r.name, r.reference, sep=": "),
    layout=lambda r, page: Shown(title=r.name or "", summary=r.reference or ""),
    order=10,
    academic_order=10,
    headings=_headings("References", "Referenzen", "Références", "Referencias", "Рекомендації"),
    tool=ToolText("add_reference", "Add a reference.", "name and the reference text.", group="more_sections"),
    ats=(),
    words=("reference", "references"),
    field_words={"name": "name"},
    usage="Which reference? For example: add reference Jan Nowak: Maria led our payments team.",
)

# In the order chat text lists them and the tools are offered; the page has its own `order`.
SECTIONS: dict[str, SectionSpec] = {
    s.key: s
    for s in (WORK, EDUCATION, SKILLS, LANGUAGES, PROJECTS, VOLUNTEER, AWARDS, CERTIFICATES, PUBLICATIONS,
              INTERESTS, REFERENCES)
}
# fmt: on


def spec(section: str) -> SectionSpec:
    """The section's spec; a clear error for a name that is no section."""
    found = SECTIONS.get(section)
    if found is None:
        raise InvalidInput(f"There is no section called '{section}'. Sections: {', '.join(SECTIONS)}.")
    return found


def page_order(academic: bool = False) -> list[SectionSpec]:
    """The sections in the order a design lays them out."""
    return sorted(SECTIONS.values(), key=lambda s: s.academic_order if academic else s.order)


def bullet_sections() -> list[SectionSpec]:
    """The sections whose entries carry achievement bullets."""
    return [s for s in SECTIONS.values() if s.bullets]


def entry_label(section: str, entry: Mapping[str, Any] | Entry) -> str:
    """How a person recognises an entry: 'Staff Engineer at PayFlow GmbH', 'Python', 'English'."""
    data = entry.model_dump(exclude_none=True, warnings=False) if isinstance(entry, Entry) else entry
    found = SECTIONS.get(section)
    return found.label(data) if found else _first_of("entry", "name", "title")(data)
