"""Tools that read and edit the CV open in the conversation. Every edit writes one new version."""

from __future__ import annotations

from typing import Any, cast

from app.ats.guard import Sources
from app.cv import edit
from app.cv.language import detect_language
from app.cv.model import Entry, SectionName
from app.cv.parse import normalize_phone
from app.cv.readable import cv_to_text
from app.cv.sections import SECTIONS, SectionSpec
from app.cv.service import CvState, Mutation
from db.models import AuthorKind
from db.repositories.jobs import JobRepository
from tools.registry import ToolContext, ToolFunction, ToolGroup, ToolResult, tool


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
    """List the user's CVs, newest first, with ids and version counts; each job's variants under their CV."""
    rows = await ctx.cvs.list()
    if not rows:
        return ToolResult("You have no CV yet.", data=[])
    jobs = await JobRepository(ctx.session, ctx.user_id).get_many({cv.job_id for cv, _ in rows if cv.job_id})
    data = []
    for cv, count in rows:
        job = jobs.get(cv.job_id) if cv.job_id else None
        data.append(
            {"id": str(cv.id), "short_id": str(cv.id)[:8], "title": cv.title, "versions": count,
             "open": cv.id == ctx.state.cv_id, "updated_at": cv.updated_at.isoformat(),
             "base_cv_id": str(cv.base_cv_id) if cv.base_cv_id else None,
             "job": job_label(job.title, job.company) if job else None}
        )  # fmt: skip
    ids = {d["id"] for d in data}
    lines = []
    for d in data:
        if d["base_cv_id"] in ids:
            continue  # shown under its base
        lines.append(_cv_line(d))
        lines += ["    ↳ " + _cv_line(v) for v in data if v["base_cv_id"] == d["id"]]
    return ToolResult("\n".join(lines), data=data)


def job_label(title: str | None, company: str | None) -> str:
    """ "Data Engineer at Acme", or whichever of the two the ad names."""
    if title and company:
        return f"{title} at {company}"
    return title or company or "a job"


def _cv_line(d: dict[str, Any]) -> str:
    what = f"for {d['job']}" if d["job"] else d["title"]
    return f"{d['short_id']}  {what}  ({d['versions']} versions){'  ← open' if d['open'] else ''}"


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
    return await _edit(ctx, lambda resume: edit.update_basics(resume, changes))


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
    return await _edit(ctx, lambda resume: edit.set_profile(resume, network, url, username))


@tool(group="basics")
async def remove_profile(ctx: ToolContext, network: str) -> ToolResult:
    """Remove an online profile (LinkedIn, GitHub...) from the CV.

    Args:
        network: The network, e.g. "LinkedIn".
    """
    return await _edit(ctx, lambda resume: edit.remove_profile(resume, network))


@tool(group="basics")
async def set_summary(ctx: ToolContext, summary: str) -> ToolResult:
    """Set the professional summary at the top of the CV ("" removes it).

    Args:
        summary: Two to four sentences in the user's own words.
    """
    if ctx.author is AuthorKind.assistant and summary.strip():  # a model's summary: only what the CV or they say
        state = await ctx.cvs.load(ctx.current_cv_id())
        sources = Sources(state.resume, evidence=[ctx.said])
        summary, dropped = sources.keep_supported(summary, detect_language(state.resume))
        if dropped:
            claims = ", ".join(sorted({claim for d in dropped for claim in d.claims}))
            if not summary:
                return ToolResult(f"Not saved: the summary claims what the CV doesn't say ({claims}).", ok=False)
            result = await _edit(ctx, lambda resume: edit.set_summary(resume, summary))
            result.message += f" Left out what the CV doesn't say: {claims}."
            return result
    return await _edit(ctx, lambda resume: edit.set_summary(resume, summary))


_INDEX_DOC = "Where to insert (0 = first); default: at the end."


def section_tool(section: SectionSpec) -> ToolFunction:
    """The section's typed `add_*` tool: the model fills in the section's own model (its JSON schema)."""

    async def add(ctx: ToolContext, entry: Entry, index: int | None = None) -> ToolResult:
        return await _edit(ctx, lambda resume: edit.add_entry(resume, section.key, entry, index))

    add.__name__ = add.__qualname__ = section.tool.name
    add.__doc__ = f"{section.tool.description}\n\nArgs:\n    entry: {section.tool.entry}\n    index: {_INDEX_DOC}\n"
    add.__annotations__ = {"ctx": ToolContext, "entry": section.model, "index": int | None, "return": ToolResult}
    return add


for _section in SECTIONS.values():
    tool(section_tool(_section), group=cast(ToolGroup, _section.tool.group))


@tool(group="entries")
async def add_skills(ctx: ToolContext, skills: list[str], group: str | None = None) -> ToolResult:
    """Add several skills at once, skipping ones the CV already lists.

    Args:
        skills: Skill names, e.g. ["Python", "PostgreSQL"].
        group: Put them in this named group (e.g. "Languages"); default: one entry per skill.
    """
    return await _edit(ctx, lambda resume: edit.add_skills(resume, skills, group))


@tool(group="edit")
async def add_bullet(ctx: ToolContext, index: int, text: str, section: SectionName = "work") -> ToolResult:
    """Add one achievement bullet (a highlight) to an entry, e.g. to the first job.

    Args:
        index: The entry's index in its section (0 = first).
        text: The achievement in the user's words; numbers help.
        section: work (default), volunteer or projects.
    """
    return await _edit(ctx, lambda resume: edit.add_bullet(resume, section, index, text))


@tool(group="edit")
async def update_entry(ctx: ToolContext, section: SectionName, index: int, changes: dict[str, Any]) -> ToolResult:
    """Change fields of one entry; a field set to null or "" is removed. Lists (highlights) are replaced whole.

    Args:
        section: The section, e.g. "work".
        index: The entry's index in the section (0 = first).
        changes: Field names of that section (JSON Resume names) and their new values.
    """
    return await _edit(ctx, lambda resume: edit.update_entry(resume, section, index, changes))


@tool(group="edit")
async def remove_entry(ctx: ToolContext, section: SectionName, index: int) -> ToolResult:
    """Remove one entry from a section (undo brings it back).

    Args:
        section: The section, e.g. "work".
        index: The entry's index in the section (0 = first).
    """
    return await _edit(ctx, lambda resume: edit.remove_entry(resume, section, index))


@tool(group="edit")
async def move_entry(ctx: ToolContext, section: SectionName, index: int, to_index: int) -> ToolResult:
    """Move an entry to another position in its section.

    Args:
        section: The section, e.g. "work".
        index: The entry's current index (0 = first).
        to_index: Its new index (0 = first).
    """
    return await _edit(ctx, lambda resume: edit.move_entry(resume, section, index, to_index))
