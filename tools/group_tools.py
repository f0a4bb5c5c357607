"""`use_tools`: the always-offered way for the model to reach a group of tools it is not offered this step.

The groups open on this turn's own context (`ToolContext.opened`): another person's turn never sees them.
"""

from __future__ import annotations

from tools.registry import ALWAYS, TOOL_GROUPS, ToolContext, ToolGroup, ToolResult, tool


async def use_tools(ctx: ToolContext, groups: list[ToolGroup]) -> ToolResult:
    opened = [g for g in dict.fromkeys(groups) if g != ALWAYS]
    ctx.opened.update(opened)
    what = "; ".join(f"{g} ({TOOL_GROUPS[g]})" for g in opened) or "nothing new"
    return ToolResult(f"Opened for the rest of this turn: {what}. Their tools are yours from the next step.")


use_tools.__doc__ = (
    "Get more tools for the rest of this turn, when the person asks for something the tools you have "
    "cannot do. Groups: " + "; ".join(f"{name}: {what}" for name, what in TOOL_GROUPS.items() if name != ALWAYS) + "."
    "\n\nArgs:\n    groups: The groups to open."
)
tool(group=ALWAYS)(use_tools)
