"""Tools over the CV's history: versions, differences, undo, redo and restore — all said in plain words."""

from __future__ import annotations

from datetime import UTC, datetime

from app.cv.diff import Change, change_lines
from app.cv.service import CvState, VersionInfo
from tools.registry import ToolContext, ToolResult, tool

_LINES_SHOWN = 12  # a longer difference ends with "…and N more"; /diff shows all of it


def when(moment: datetime, now: datetime | None = None) -> str:
    """'just now', '5 minutes ago', '3 hours ago', else the date and time: '28 Nov 2026, 14:05 UTC'."""
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    if seconds < 12 * 3600:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def _by(author: str) -> str:
    """Who made a change, when not the person (an import or a fix says so in its summary)."""
    return " (by the assistant)" if author == "assistant" else ""


def history_text(versions: list[VersionInfo], now: datetime | None = None) -> str:
    """The versions, newest first, one line each, and how to use their numbers."""
    lines = [
        f"v{v.number} · {when(v.created_at, now)} · {v.summary}{_by(v.author)}{'  ← current' if v.is_head else ''}"
        for v in versions
    ]
    text = "Your CV's versions, newest first:\n" + "\n".join(lines)
    earlier = next((v.number for v in versions if not v.is_head), None)
    if earlier is not None:
        text += (
            f"\n\n/diff {earlier} shows what changed since version {earlier}; /restore {earlier} makes it current "
            "again (nothing is lost). /undo reverts the latest change."
        )
    return text


def changes_text(found: list[Change], limit: int = _LINES_SHOWN) -> str:
    """Change lines for a person, cut at `limit`."""
    lines = change_lines(found)
    if len(lines) > limit:
        lines = [*lines[:limit], f"…and {len(lines) - limit} more"]
    return "\n".join(lines)


async def _changed_by(ctx: ToolContext, state: CvState, headline: str, hint: str = "") -> ToolResult:
    """A step through the history: what it did, the version it wrote, and the lines that changed."""
    found = await ctx.cvs.diff(state.id, state.version.number - 1, state.version.number)
    message = f"{headline} (now version {state.version.number}).{hint}"
    if found:
        message += "\n" + changes_text(found)
    data = {"cv_id": str(state.id), "version": state.version.number, "changes": [c.as_dict() for c in found]}
    return ToolResult(message, data=data)


@tool(group="versions")
async def list_versions(ctx: ToolContext, limit: int = 20) -> ToolResult:
    """List the open CV's versions, newest first: number, when, what changed.

    Args:
        limit: How many versions to show.
    """
    versions = await ctx.cvs.history(ctx.current_cv_id(), limit=max(1, min(limit, 200)))
    data = [
        {"number": v.number, "author": v.author, "summary": v.summary,
         "created_at": v.created_at.isoformat(), "current": v.is_head}
        for v in versions
    ]  # fmt: skip
    return ToolResult(history_text(versions), data=data)


@tool(group="versions")
async def diff_versions(ctx: ToolContext, from_version: int, to_version: int | None = None) -> ToolResult:
    """Show what changed between two versions of the open CV.

    Args:
        from_version: The older version number.
        to_version: The newer version number; default: the current version.
    """
    found = await ctx.cvs.diff(ctx.current_cv_id(), from_version, to_version)
    target = f"version {to_version}" if to_version else "now"
    if not found:
        return ToolResult(f"Nothing changed between version {from_version} and {target}.", data=[])
    text = f"What changed from version {from_version} to {target}:\n" + changes_text(found, limit=len(found))
    return ToolResult(text, data=[c.as_dict() for c in found])


@tool(group="core")
async def undo(ctx: ToolContext) -> ToolResult:
    """Undo the latest change to the open CV; again to undo the one before. The undone version stays in the history."""
    state, name = await ctx.cvs.undo(ctx.current_cv_id(), author=ctx.author)
    return await _changed_by(ctx, state, f"Undid: {name}", " /redo brings it back.")


@tool(group="versions")
async def redo(ctx: ToolContext) -> ToolResult:
    """Bring back the change the latest undo reverted (after several undos, one at a time)."""
    state, name = await ctx.cvs.redo(ctx.current_cv_id(), author=ctx.author)
    return await _changed_by(ctx, state, f"Redid: {name}")


@tool(group="versions")
async def restore_version(ctx: ToolContext, number: int) -> ToolResult:
    """Make an earlier version of the open CV current again (as a new version; nothing is lost).

    Args:
        number: The version number to restore (see list_versions).
    """
    state = await ctx.cvs.restore(ctx.current_cv_id(), number, author=ctx.author)
    if not state.changed:
        return ToolResult(f"Version {number} is what the CV says now: nothing to restore.", data={"version": number})
    return await _changed_by(ctx, state, f"Restored version {number}", " /undo goes back.")
