"""Linking the person's accounts in two channels into one."""

from __future__ import annotations

from app.accounts import AccountLinking, other_chats
from tools.registry import ToolContext, ToolResult, tool


@tool(
    consent="The assistant wants to create a link code for this account. Whoever enters that code in another "
    "chat gets your CVs and history. Create one only to link your own other chat (typing /link does the same).",
    group="accounts",
)
async def create_link_code(ctx: ToolContext) -> ToolResult:
    """Create a one-time code that links this chat's account with the person's account in another channel.

    The person sends "/link CODE" in their other chat within a few minutes.
    """
    minutes = ctx.settings.link_code_minutes
    issued = await AccountLinking(ctx.session, minutes).issue(ctx.user_id, ctx.channel)
    others = other_chats(ctx.channel_names, ctx.channel)
    where = f"In your other chat — {others} — send" if others else "In your other chat, send"
    return ToolResult(
        f"Your link code is **{issued.code}** (valid for {minutes} minutes, once). {where}:\n"
        f"/link {issued.code}\nBoth chats will then share your CVs and history.",
        data={"code": issued.code, "expires_at": issued.expires_at.isoformat()},
        secret=issued.code,
    )


@tool(
    consent="The assistant wants to link this chat with the account that made the code {code}: the two become one "
    "account, and whoever made that code sees your CVs and history. Confirm only if you made it yourself in "
    "your other chat (typing /link CODE does the same).",
    group="accounts",
)
async def link_account(ctx: ToolContext, code: str) -> ToolResult:
    """Link this chat's account with another channel's account, using the code /link gave there.

    Afterwards both chats see the same CVs and history.

    Args:
        code: The link code, e.g. "K7QF-3MZP".
    """
    linking = AccountLinking(ctx.session, ctx.settings.link_code_minutes, channel_names=ctx.channel_names)
    outcome = await linking.redeem(ctx.user_id, ctx.channel, code)
    if not outcome.ok:
        return ToolResult(outcome.message, ok=False)
    cvs = await ctx.cvs.list()
    if ctx.state.cv_id is None:
        ctx.state.cv_id = await ctx.cvs.latest_id()
    if not cvs:
        return ToolResult(outcome.message + " No CVs yet: /new starts one.")
    names = "; ".join(f"{cv.title} ({count} versions)" for cv, count in cvs[:5])
    return ToolResult(
        f"{outcome.message} Your CVs: {names}. /cvs lists them, /show shows the open one.",
        data={"cvs": [str(cv.id) for cv, _ in cvs]},
    )
