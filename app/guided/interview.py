"""The guided interview (offline mode). Interface used by ConversationService; filled in below."""

from __future__ import annotations

from app.turn import Turn


class GuidedInterview:
    async def command(self, turn: Turn, name: str, args: list[str], *, offline: bool) -> None:
        """/new, /done, /skip, /cancel."""
        if name == "new":
            result = await turn.tool("create_cv")
            await turn.say(result.message + " What is your full name?")
            turn.ctx.state.interview.step = "name"
            return
        await turn.say(f"/{name} only means something during the guided interview. /new starts one.")

    async def handle(self, turn: Turn, text: str) -> None:
        """Free text in offline mode."""
        step = turn.ctx.state.interview.step
        if step == "name":
            result = await turn.tool("update_basics", name=text.strip())
            await turn.say(result.message)
            turn.ctx.state.interview.step = None
            return
        await turn.say("I'm in guided mode. Type /new to build a CV step by step, or /help.")
