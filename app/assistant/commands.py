"""Slash commands shared by every channel. Each one calls the same tools the agent uses."""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.assistant.active_turn import ActiveTurn
from app.events import Button

Handler = Callable[[ActiveTurn, list[str]], Awaitable[None]]

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


@dataclass(frozen=True)
class ParsedCommand:
    name: str
    args: list[str]
    raw: str  # everything after the command word, line breaks kept


def parse_command(text: str) -> ParsedCommand | None:
    """'/diff 3 5' -> diff ['3', '5']; None when the text is not a command."""
    text = text.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    parts = text[1:].split(None, 1)
    if not parts:
        return None
    name = parts[0].split("@", 1)[0].lower()  # Telegram sends /cmd@BotName in groups
    rest = parts[1] if len(parts) > 1 else ""
    try:
        args = shlex.split(rest)
    except ValueError:
        args = rest.split()
    return ParsedCommand(name, args, rest)


def _number(args: list[str], position: int) -> int | None:
    if len(args) <= position:
        return None
    value = args[position].lstrip("v")
    return int(value) if value.isdigit() else None


@command("help", "/help", "what I can do and the commands")
async def cmd_help(turn: ActiveTurn, args: list[str]) -> None:
    if args and args[0].lower() == "import":
        await turn.say(
            "To import a CV, send it as a JSON Resume file (.json, https://jsonresume.org) — drag it into the "
            "chat or attach it. Importing PDF and Word CVs is not available yet: /new builds the CV step by step "
            "in about ten minutes."
        )
        return
    lines = ["Commands:", INTERVIEW_COMMANDS["new"]] + [f"{c.usage} — {c.help}" for c in COMMANDS.values()]
    lines += [text for name, text in INTERVIEW_COMMANDS.items() if name != "new"]
    lines.append("")
    lines.append(
        "You can also just write: answer my questions, or say things like "
        '"change my phone to +48 600 123 456" or "remove the second job".'
    )
    await turn.say("\n".join(lines))


@command("show", "/show", "show the CV as it is now")
async def cmd_show(turn: ActiveTurn, args: list[str]) -> None:
    result = await turn.tool("get_cv", cv_id=args[0] if args else None)
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(HISTORY, UNDO)


@command("history", "/history", "list the versions of the CV")
async def cmd_history(turn: ActiveTurn, args: list[str]) -> None:
    result = await turn.tool("list_versions", limit=_number(args, 0) or 20)
    await turn.say(result.message if not result.ok else "Versions (newest first):\n" + result.message)


@command("undo", "/undo", "undo the last change (nothing is lost)")
async def cmd_undo(turn: ActiveTurn, args: list[str]) -> None:
    result = await turn.tool("undo")
    await turn.say(result.message)


@command("diff", "/diff N [M]", "what changed from version N (to M, or to now)")
async def cmd_diff(turn: ActiveTurn, args: list[str]) -> None:
    first = _number(args, 0)
    if first is None:
        await turn.say("Which version? For example /diff 3 (changes since version 3) or /diff 3 5.")
        return
    result = await turn.tool("diff_versions", from_version=first, to_version=_number(args, 1))
    await turn.say(result.message)


@command("restore", "/restore N", "make version N current again")
async def cmd_restore(turn: ActiveTurn, args: list[str]) -> None:
    number = _number(args, 0)
    if number is None:
        await turn.say("Which version? For example /restore 3. /history lists them.")
        return
    result = await turn.tool("restore_version", number=number)
    await turn.say(result.message)


@command("cvs", "/cvs", "list your CVs")
async def cmd_cvs(turn: ActiveTurn, args: list[str]) -> None:
    result = await turn.tool("list_cvs")
    await turn.say(result.message + ("\n\nOpen another one with /open ID." if result.data else ""))


@command("open", "/open ID", "open another of your CVs")
async def cmd_open(turn: ActiveTurn, args: list[str]) -> None:
    if not args:
        await turn.say("Which CV? /cvs lists them with their ids.")
        return
    result = await turn.tool("select_cv", cv_id=args[0])
    await turn.say(result.message)


@command("link", "/link [CODE]", "link this chat with your account in another chat (same CVs in both)")
async def cmd_link(turn: ActiveTurn, args: list[str]) -> None:
    if not turn.raw_args.strip():
        result = await turn.tool("create_link_code")
        await turn.say(result.message, secret=result.secret)
        return
    result = await turn.tool("link_account", code=turn.raw_args.strip())
    await turn.say(result.message)
    if result.ok and result.data:
        await turn.buttons(SHOW)


EXPORT_FORMATS = {"pdf": "pdf", "docx": "docx", "word": "docx", "html": "html", "md": "md", "markdown": "md",
                  "json": "json"}  # fmt: skip
TEMPLATE_NAMES = ("classic", "modern", "compact", "academic")
LANGUAGE_CODES = ("en", "de", "fr", "es", "uk")


@command("export", "/export [design] [letter] [docx|json|md|html]", "download the CV as a PDF (or another format)")
async def cmd_export(turn: ActiveTurn, args: list[str]) -> None:
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


@command("ats", "/ats [general]", "check the CV against a job ad (paste or upload it next) or in general")
async def cmd_ats(turn: ActiveTurn, args: list[str]) -> None:
    if turn.ctx.state.cv_id is None:
        await turn.say("You have no CV yet. Start one with /new, or send a JSON Resume file.")
        return
    if args and args[0].lower() == "general":
        await run_ats(turn, None)
    elif args:
        await run_ats(turn, turn.raw_args)
    else:
        turn.ctx.state.awaiting = "job_ad"
        await turn.say(
            "Paste the job ad as your next message (or send it as a PDF, Word or text file). "
            "/ats general checks the CV without one."
        )


async def run_ats(turn: ActiveTurn, job_text: str | None, source: str | None = None) -> None:
    """Run the check and show it with a button per fix (the ones adding facts ask for confirmation)."""
    turn.ctx.state.awaiting = None
    result = await turn.tool("analyze_cv", job_text=job_text, source=source)
    await turn.say(result.message)
    if not result.ok:
        return
    fixes = result.data["fix_list"][:6]
    buttons = []
    for number, fix in enumerate(fixes, 1):
        description = fix["description"] if len(fix["description"]) <= 48 else fix["description"][:47] + "…"
        if fix["needs_confirmation"]:
            label = f"{number}. Confirm & apply: {description} (adds {', '.join(fix['new_facts'])})"
            buttons.append(Button(label, "command", {"command": f"/fix {fix['id']} confirm"}))
        else:
            buttons.append(Button(f"{number}. Apply: {description}", "command", {"command": f"/fix {fix['id']}"}))
        buttons.append(Button(f"{number}. Skip", "command", {"command": f"/fix {fix['id']} reject"}))
    if sum(not f["needs_confirmation"] for f in result.data["fix_list"]) > 1:
        buttons.append(Button("Apply all", "command", {"command": "/fix all"}))
    buttons.append(Button("Export PDF", "command", {"command": "/export"}))
    await turn.buttons(*buttons)


@command(
    "fix", "/fix N|ID|all [confirm|reject]", "apply fixes from the last ATS check (as one change), or turn one down"
)
async def cmd_fix(turn: ActiveTurn, args: list[str]) -> None:
    ids = [a for a in args if a.lower() not in ("confirm", "reject")]
    if not ids:
        await turn.say("Which fix? For example /fix 1, /fix 1 3, /fix all, or /fix 2 reject — /ats lists them.")
        return
    if any(a.lower() == "reject" for a in args):
        if "all" in (i.lower() for i in ids):
            await turn.say("To turn every fix down, just leave them: nothing changes until you apply one.")
            return
        rejected = await turn.tool("reject_fixes", fix_ids=ids)
        await turn.say(rejected.message)
        if rejected.ok:
            await turn.buttons(Button("Apply the others", "command", {"command": "/fix all"}), SHOW)
        return
    result = await turn.tool("apply_fixes", fix_ids=ids, confirm_new_facts=any(a.lower() == "confirm" for a in args))
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(UNDO, SHOW)
