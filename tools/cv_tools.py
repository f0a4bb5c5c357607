"""Tools that read and edit the CV open in the conversation. Every edit writes one new version."""

from __future__ import annotations

from typing import Any

from app.cv import edit
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
    SectionName,
    Skill,
    Volunteer,
    Work,
)
from app.cv.parse import normalize_phone
from app.cv.readable import cv_to_text
from app.cv.service import CvState, Mutation
from app.errors import InvalidInput, NotFound
from tools.registry import ToolContext, ToolResult, tool


def changed(state: CvState, summary: str | None = None) -> ToolResult:
    """The result of an edit: what changed and the version it produced."""
    if not state.changed:
        return ToolResult("Nothing changed: the CV already says that.", data={"version": state.version.number})
    return ToolResult(
        f"{summary or state.version.summary} (version {state.version.number}).",
        data={"cv_id": str(state.id), "version": state.version.number},
    )


async def _edit(ctx: ToolContext, mutate: Mutation) -> ToolResult:
    return changed(await ctx.cvs.change(ctx.current_cv_id(), mutate, author=ctx.author))


@tool(group="core")
async def get_cv(ctx: ToolContext, cv_id: str | None = None) -> ToolResult:
    """Read a CV: the JSON Resume document and a readable outline with numbered entries.

    Args:
        cv_id: Another of the user's CVs (id or its first 8 characters); default: the open CV.
    """
    state = await ctx.cvs.load(cv_id, default=ctx.state.cv_id)
    return ToolResult(
        cv_to_text(state.resume),
        data={"cv_id": str(state.id), "version": state.version.number, "document": state.resume.to_json()},
    )


@tool(group="core")
async def create_cv(ctx: ToolContext, name: str | None = None, label: str | None = None) -> ToolResult:
    """Start a new, empty CV and open it in this conversation.

    Args:
        name: The person's full name, if known.
        label: Their professional headline, e.g. "Backend Engineer".
    """
    basics = {k: v for k, v in {"name": name, "label": label}.items() if v}
    state = await ctx.cvs.create({"basics": basics} if basics else {}, author=ctx.author)
    ctx.state.cv_id = state.id
    return ToolResult(f"Created a new CV {state.short_id} and opened it.", data={"cv_id": str(state.id)})


@tool(group="core")
async def list_cvs(ctx: ToolContext) -> ToolResult:
    """List the user's CVs, newest first, with ids and version counts."""
    rows = await ctx.cvs.list()
    if not rows:
        return ToolResult("You have no CV yet.", data=[])
    data = [
        {"id": str(cv.id), "short_id": str(cv.id)[:8], "title": cv.title, "versions": count,
         "open": cv.id == ctx.state.cv_id, "updated_at": cv.updated_at.isoformat()}
        for cv, count in rows
    ]  # fmt: skip
    lines = [
        f"{d['short_id']}  {d['title']}  ({d['versions']} versions){'  ← open' if d['open'] else ''}" for d in data
    ]
    return ToolResult("\n".join(lines), data=data)


@tool(group="core")
async def select_cv(ctx: ToolContext, cv_id: str) -> ToolResult:
    """Open another of the user's CVs in this conversation.

    Args:
        cv_id: The CV id or its first 8 characters (see list_cvs).
    """
    state = await ctx.cvs.load(cv_id)
    ctx.state.cv_id = state.id
    return ToolResult(f"Opened CV {state.short_id}: {state.cv.title}.", data={"cv_id": str(state.id)})


@tool(group="basics")
async def update_basics(
    ctx: ToolContext,
    name: str | None = None,
    label: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    url: str | None = None,
    city: str | None = None,
    region: str | None = None,
    country_code: str | None = None,
    address: str | None = None,
    postal_code: str | None = None,
) -> ToolResult:
    """Set contact details. Only the fields given change; an empty string "" removes a field.

    Args:
        name: Full name.
        label: Professional headline, e.g. "Staff Engineer".
        email: Email address.
        phone: Phone number, ideally with country code (+48 600 123 456).
        url: Personal website or portfolio.
        city: City.
        region: Region or state.
        country_code: Two-letter ISO country code, e.g. "PL".
        address: Street address (rarely needed on a CV).
        postal_code: Postal code.
    """
    changes: dict[str, Any] = {
        k: v for k, v in {"name": name, "label": label, "email": email, "url": url}.items() if v is not None
    }
    if phone is not None:
        changes["phone"] = normalize_phone(phone) if phone else ""
    location = {
        k: v
        for k, v in {
            "city": city, "region": region, "countryCode": country_code.upper() if country_code else country_code,
            "address": address, "postalCode": postal_code,
        }.items()
        if v is not None
    }  # fmt: skip
    if location:
        changes["location"] = location
    return await _edit(ctx, lambda doc: edit.update_basics(doc, changes))


@tool(group="basics")
async def set_profile(
    ctx: ToolContext, network: str, url: str | None = None, username: str | None = None
) -> ToolResult:
    """Add or replace an online profile (LinkedIn, GitHub...); one per network.

    Args:
        network: The network, e.g. "LinkedIn" or "GitHub".
        url: Link to the profile.
        username: The user name on that network.
    """

    def mutate(doc: dict[str, Any]) -> str:
        basics = doc.setdefault("basics", {})
        profiles = [p for p in basics.get("profiles", []) if str(p.get("network", "")).lower() != network.lower()]
        profile = {k: v for k, v in {"network": network, "url": url, "username": username}.items() if v}
        basics["profiles"] = [*profiles, profile]
        return f"Set the {network} profile"

    return await _edit(ctx, mutate)


@tool(group="basics")
async def remove_profile(ctx: ToolContext, network: str) -> ToolResult:
    """Remove an online profile (LinkedIn, GitHub...) from the CV.

    Args:
        network: The network, e.g. "LinkedIn".
    """

    def mutate(doc: dict[str, Any]) -> str:
        basics = doc.get("basics") or {}
        profiles = basics.get("profiles") or []
        kept = [p for p in profiles if str(p.get("network", "")).lower() != network.lower()]
        if len(kept) == len(profiles):
            names = ", ".join(str(p.get("network")) for p in profiles) or "none"
            raise NotFound(f"The CV has no {network} profile (profiles: {names}).")
        if kept:
            basics["profiles"] = kept
        else:
            basics.pop("profiles")
        return f"Removed the {network} profile"

    return await _edit(ctx, mutate)


@tool(group="basics")
async def set_summary(ctx: ToolContext, summary: str) -> ToolResult:
    """Set the professional summary at the top of the CV ("" removes it).

    Args:
        summary: Two to four sentences in the user's own words.
    """
    return await _edit(ctx, lambda doc: edit.set_summary(doc, summary))


async def _add(ctx: ToolContext, section: str, entry: Entry, index: int | None) -> ToolResult:
    data = entry.model_dump(mode="json", by_alias=True, exclude_none=True)
    return await _edit(ctx, lambda doc: edit.add_entry(doc, section, data, index))


_INDEX_DOC = "Where to insert (0 = first); default: at the end."


@tool(group="entries")
async def add_work_entry(ctx: ToolContext, entry: Work, index: int | None = None) -> ToolResult:
    """Add a job to the experience section. `name` is the company; omit endDate for a current job.

    Args:
        entry: The job: position, name (company), startDate, endDate, location, highlights (one achievement each).
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "work", entry, index)


@tool(group="entries")
async def add_education_entry(ctx: ToolContext, entry: Education, index: int | None = None) -> ToolResult:
    """Add a degree or course of study.

    Args:
        entry: institution, area (field of study), studyType (degree), startDate, endDate, score, courses.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "education", entry, index)


@tool(group="entries")
async def add_skill(ctx: ToolContext, entry: Skill, index: int | None = None) -> ToolResult:
    """Add one skill, or a group of skills (name = group, keywords = the skills).

    Args:
        entry: name, level, keywords.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "skills", entry, index)


@tool(group="entries")
async def add_skills(ctx: ToolContext, skills: list[str], group: str | None = None) -> ToolResult:
    """Add several skills at once, skipping ones the CV already lists.

    Args:
        skills: Skill names, e.g. ["Python", "PostgreSQL"].
        group: Put them in this named group (e.g. "Languages"); default: one entry per skill.
    """
    return await _edit(ctx, lambda doc: edit.add_skills(doc, skills, group))


@tool(group="entries")
async def add_language(ctx: ToolContext, entry: Language, index: int | None = None) -> ToolResult:
    """Add a spoken language.

    Args:
        entry: language and fluency, e.g. {"language": "German", "fluency": "B2"}.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "languages", entry, index)


@tool(group="entries")
async def add_project(ctx: ToolContext, entry: Project, index: int | None = None) -> ToolResult:
    """Add a project.

    Args:
        entry: name, description, highlights, keywords, startDate, endDate, url, roles.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "projects", entry, index)


@tool(group="more_sections")
async def add_volunteer_entry(ctx: ToolContext, entry: Volunteer, index: int | None = None) -> ToolResult:
    """Add volunteer work.

    Args:
        entry: organization, position, startDate, endDate, summary, highlights.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "volunteer", entry, index)


@tool(group="more_sections")
async def add_award(ctx: ToolContext, entry: Award, index: int | None = None) -> ToolResult:
    """Add an award.

    Args:
        entry: title, date, awarder, summary.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "awards", entry, index)


@tool(group="more_sections")
async def add_certificate(ctx: ToolContext, entry: Certificate, index: int | None = None) -> ToolResult:
    """Add a certificate.

    Args:
        entry: name, date, issuer, url.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "certificates", entry, index)


@tool(group="more_sections")
async def add_publication(ctx: ToolContext, entry: Publication, index: int | None = None) -> ToolResult:
    """Add a publication.

    Args:
        entry: name, publisher, releaseDate, url, summary.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "publications", entry, index)


@tool(group="more_sections")
async def add_interest(ctx: ToolContext, entry: Interest, index: int | None = None) -> ToolResult:
    """Add an interest.

    Args:
        entry: name and keywords.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "interests", entry, index)


@tool(group="more_sections")
async def add_reference(ctx: ToolContext, entry: Reference, index: int | None = None) -> ToolResult:
    """Add a reference.

    Args:
        entry: name and the reference text.
        index: Where to insert (0 = first); default: at the end.
    """
    return await _add(ctx, "references", entry, index)


@tool(group="edit")
async def add_bullet(ctx: ToolContext, index: int, text: str, section: SectionName = "work") -> ToolResult:
    """Add one achievement bullet (a highlight) to an entry, e.g. to the first job.

    Args:
        index: The entry's index in its section (0 = first).
        text: The achievement in the user's words; numbers help.
        section: work (default), volunteer or projects.
    """
    bullet = " ".join(text.split())
    if not bullet:
        raise InvalidInput("The bullet is empty.")
    if section not in ("work", "volunteer", "projects"):
        raise InvalidInput("Bullets belong to work, volunteer or projects entries.")

    def mutate(doc: dict[str, Any]) -> str:
        items = doc.get(section) or []
        highlights = list(items[index].get("highlights", [])) if 0 <= index < len(items) else []
        summary = edit.update_entry(doc, section, index, {"highlights": [*highlights, bullet]})
        return summary.split(":")[0].replace("Updated", "Added a bullet to")

    return await _edit(ctx, mutate)


@tool(group="edit")
async def update_entry(ctx: ToolContext, section: SectionName, index: int, changes: dict[str, Any]) -> ToolResult:
    """Change fields of one entry; a field set to null or "" is removed. Lists (highlights) are replaced whole.

    Args:
        section: The section, e.g. "work".
        index: The entry's index in the section (0 = first).
        changes: Field names of that section (JSON Resume names) and their new values.
    """
    return await _edit(ctx, lambda doc: edit.update_entry(doc, section, index, changes))


@tool(group="edit")
async def remove_entry(ctx: ToolContext, section: SectionName, index: int) -> ToolResult:
    """Remove one entry from a section (undo brings it back).

    Args:
        section: The section, e.g. "work".
        index: The entry's index in the section (0 = first).
    """
    return await _edit(ctx, lambda doc: edit.remove_entry(doc, section, index))


@tool(group="edit")
async def move_entry(ctx: ToolContext, section: SectionName, index: int, to_index: int) -> ToolResult:
    """Move an entry to another position in its section.

    Args:
        section: The section, e.g. "work".
        index: The entry's current index (0 = first).
        to_index: Its new index (0 = first).
    """
    return await _edit(ctx, lambda doc: edit.move_entry(doc, section, index, to_index))
