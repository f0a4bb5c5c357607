"""Tools over the CV's history: versions, differences, undo and restore."""

from __future__ import annotations

from tools.cv_tools import changed
from tools.registry import ToolContext, ToolResult, tool


@tool(group="versions")
async def list_versions(ctx: ToolContext, limit: int = 20) -> ToolResult:
    """List the open CV's versions, newest first: number, who made it, what changed.

    Args:
        limit: How many versions to show.
    """
    versions = await ctx.cvs.history(ctx.current_cv_id(), limit=max(1, min(limit, 200)))
    lines = [
        f"v{v.number:<3} {v.created_at:%Y-%m-%d %H:%M}  {v.author:<9} {v.summary}{'  ← current' if v.is_head else ''}"
        for v in versions
    ]
    data = [
        {"number": v.number, "author": v.author, "summary": v.summary,
         "created_at": v.created_at.isoformat(), "current": v.is_head}
        for v in versions
    ]  # fmt: skip
    return ToolResult("\n".join(lines), data=data)


@tool(group="versions")
async def diff_versions(ctx: ToolContext, from_version: int, to_version: int | None = None) -> ToolResult:
    """Show what changed between two versions of the open CV.

    Args:
        from_version: The older version number.
        to_version: The newer version number; default: the current version.
    """
    lines = await ctx.cvs.diff(ctx.current_cv_id(), from_version, to_version)
    target = f"v{to_version}" if to_version else "now"
    if not lines:
        return ToolResult(f"No differences between v{from_version} and {target}.", data=[])
    return ToolResult(f"Changes from v{from_version} to {target}:\n" + "\n".join(lines), data=lines)


@tool(group="core")
async def undo(ctx: ToolContext) -> ToolResult:
    """Undo the last change to the open CV. The undone version stays in the history."""
    state, undone = await ctx.cvs.undo(ctx.current_cv_id(), author=ctx.author)
    return changed(state, f"Undid: {undone}")


@tool(group="versions")
async def restore_version(ctx: ToolContext, number: int) -> ToolResult:
    """Make an earlier version of the open CV current again (as a new version; nothing is lost).

    Args:
        number: The version number to restore (see list_versions).
    """
    return changed(await ctx.cvs.restore(ctx.current_cv_id(), number, author=ctx.author))
