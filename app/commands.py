"""Slash commands shared by every channel. Each one calls the same tools the agent uses."""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.events import Button
from app.turn import Turn

Handler = Callable[[Turn, list[str]], Awaitable[None]]

SHOW = Button("Show CV", "command", {"command": "/show"})
UNDO = Button("Undo", "command", {"command": "/undo"})
HISTORY = Button("History", "command", {"command": "/history"})


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    help: str
    handler: Handler


COMMANDS: dict[str, Command] = {}
# Commands of the guided interview; ConversationService sends them to GuidedInterview.command.
INTERVIEW_COMMANDS = {
    "new": "/new — start a new CV, step by step",
    "done": "/done — finish the current list (bullets, jobs...)",
    "skip": "/skip — skip the current question",
    "cancel": "/cancel — pause the interview (everything so far is kept)",
    "continue": "/continue — pick the interview up where it stopped",
}


def command(name: str, usage: str, help_text: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, usage, help_text, handler)
        return handler

    return register


def parse_command(text: str) -> tuple[str, list[str]] | None:
    """'/diff 3 5' -> ('diff', ['3', '5']); None when the text is not a command."""
    text = text.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    head, _, rest = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()  # Telegram sends /cmd@BotName in groups
    try:
        args = shlex.split(rest)
    except ValueError:
        args = rest.split()
    return name, args


def _number(args: list[str], position: int) -> int | None:
    if len(args) <= position:
        return None
    value = args[position].lstrip("v")
    return int(value) if value.isdigit() else None


@command("help", "/help", "what I can do and the commands")
async def cmd_help(turn: Turn, args: list[str]) -> None:
    lines = ["Commands:", INTERVIEW_COMMANDS["new"]] + [f"{c.usage} — {c.help}" for c in COMMANDS.values()]
    lines += [text for name, text in INTERVIEW_COMMANDS.items() if name != "new"]
    lines.append("")
    lines.append(
        "You can also just write: answer my questions, or say things like "
        '"change my phone to +48 600 123 456" or "remove the second job".'
    )
    await turn.say("\n".join(lines))


@command("show", "/show", "show the CV as it is now")
async def cmd_show(turn: Turn, args: list[str]) -> None:
    result = await turn.tool("get_cv", cv_id=args[0] if args else None)
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(HISTORY, UNDO)


@command("history", "/history", "list the versions of the CV")
async def cmd_history(turn: Turn, args: list[str]) -> None:
    result = await turn.tool("list_versions", limit=_number(args, 0) or 20)
    await turn.say(result.message if not result.ok else "Versions (newest first):\n" + result.message)


@command("undo", "/undo", "undo the last change (nothing is lost)")
async def cmd_undo(turn: Turn, args: list[str]) -> None:
    result = await turn.tool("undo")
    await turn.say(result.message)


@command("diff", "/diff N [M]", "what changed from version N (to M, or to now)")
async def cmd_diff(turn: Turn, args: list[str]) -> None:
    first = _number(args, 0)
    if first is None:
        await turn.say("Which version? For example /diff 3 (changes since version 3) or /diff 3 5.")
        return
    result = await turn.tool("diff_versions", from_version=first, to_version=_number(args, 1))
    await turn.say(result.message)


@command("restore", "/restore N", "make version N current again")
async def cmd_restore(turn: Turn, args: list[str]) -> None:
    number = _number(args, 0)
    if number is None:
        await turn.say("Which version? For example /restore 3. /history lists them.")
        return
    result = await turn.tool("restore_version", number=number)
    await turn.say(result.message)


@command("cvs", "/cvs", "list your CVs")
async def cmd_cvs(turn: Turn, args: list[str]) -> None:
    result = await turn.tool("list_cvs")
    await turn.say(result.message + ("\n\nOpen another one with /open ID." if result.data else ""))


@command("open", "/open ID", "open another of your CVs")
async def cmd_open(turn: Turn, args: list[str]) -> None:
    if not args:
        await turn.say("Which CV? /cvs lists them with their ids.")
        return
    result = await turn.tool("select_cv", cv_id=args[0])
    await turn.say(result.message)


EXPORT_FORMATS = {"pdf": "pdf", "docx": "docx", "word": "docx", "html": "html", "md": "md", "markdown": "md",
                  "json": "json"}  # fmt: skip
TEMPLATE_NAMES = ("classic", "modern", "compact", "academic")
LANGUAGE_CODES = ("en", "de", "fr", "es", "uk")


@command("export", "/export [design] [letter] [docx|json|md|html]", "download the CV as a PDF (or another format)")
async def cmd_export(turn: Turn, args: list[str]) -> None:
    if turn.ctx.state.cv_id is None:
        await turn.say("You have no CV yet. Start one with /new, or send a JSON Resume file.")
        return
    if not args:
        designs = [Button(name.title(), "command", {"command": f"/export {name}"}) for name in TEMPLATE_NAMES]
        others = [
            Button("US Letter", "command", {"command": "/export classic letter"}),
            Button("Word (DOCX)", "command", {"command": "/export docx"}),
            Button("JSON Resume", "command", {"command": "/export json"}),
        ]
        await turn.buttons(*designs, *others, text="Which design? (A4 paper; US Letter and other formats below.)")
        return
    options: dict[str, str] = {}
    for arg in (a.lower() for a in args):
        if arg in TEMPLATE_NAMES:
            options["template"] = arg
        elif arg in EXPORT_FORMATS:
            options["format"] = EXPORT_FORMATS[arg]
        elif arg in ("a4", "letter"):
            options["paper"] = arg
        elif arg in LANGUAGE_CODES:
            options["language"] = arg
        else:
            await turn.say(
                f"I don't know '{arg}'. Try /export modern, /export classic letter, /export docx or /export json "
                f"(languages: {', '.join(LANGUAGE_CODES)})."
            )
            return
    result = await turn.tool("export_cv", **options)
    if not result.ok:
        await turn.say(result.message)


@command("ats", "/ats", "check the CV against a job ad")
async def cmd_ats(turn: Turn, args: list[str]) -> None:
    await turn.say("The ATS check is coming soon. Meanwhile /show your CV or keep building it.")
