"""The one registry of slash commands, shared by every channel; each one calls the same tools the agent uses.

A command is its typed arguments (a `CommandArgs` subclass whose `kind` is the command's name) plus one
`@command` (or `guided`) line with its usage and help. From this registry come the commands people type,
`/help`, the Telegram menu and the buttons: a button carries the command's typed arguments, never text.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from pydantic import field_validator

from app.assistant.active_turn import ActiveTurn
from app.ats.card import report_card
from app.ats.job import looks_like_job_ad
from app.ats.report import AtsReport
from app.billing.catalogue import STARS_CHANNEL, Item, catalogue
from app.errors import InvalidInput
from app.events import Action, AtsReportEvent, Button, Picture
from app.imports.service import looks_like_pasted_cv
from app.render import FORMATS, LANGUAGES, PAPERS
from app.render.designs import DESIGNS

FORMAT_ALIASES = {"word": "docx", "markdown": "md"}  # words people use for a format of app.render.FORMATS


class CommandArgs(Action):
    """A command's typed arguments; the subclass's `kind` is the command's name.

    Typed text becomes arguments through `parse`; a button carries them as they are; `words` gives them
    back as the person would type them (the CLI shows that next to a button).
    """

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        """The arguments from what followed the command: `words` split shell-style, `raw` as typed."""
        return cls()

    def words(self) -> list[str]:
        """The arguments as typed text (`parse` of these words gives the same arguments back)."""
        return []

    def as_text(self) -> str:
        return " ".join([f"/{self.kind}", *self.words()])


Args = TypeVar("Args", bound=CommandArgs)
Handler = Callable[[ActiveTurn, Any], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    help: str
    args: type[CommandArgs]
    # None for the steps of the guided interview, which ConversationService hands to GuidedInterview.command.
    handler: Handler | None


COMMANDS: dict[str, Command] = {}


def _register(args: type[CommandArgs], usage: str, help_text: str, handler: Handler | None) -> None:
    name = args.kind
    if not name or name in COMMANDS:
        raise ValueError(f"command {name!r}: each command needs its own name")
    COMMANDS[name] = Command(name, f"/{name} {usage}".strip(), help_text, args, handler)


TypedHandler = Callable[[ActiveTurn, Args], Awaitable[None]]


def command(args: type[Args], usage: str, help_text: str) -> Callable[[TypedHandler[Args]], TypedHandler[Args]]:
    """Register the decorated handler as the command `args.kind`; `usage` is what may follow the name."""

    def register(handler: TypedHandler[Args]) -> TypedHandler[Args]:
        _register(args, usage, help_text, handler)
        return handler

    return register


def guided(args: type[CommandArgs], help_text: str) -> None:
    """Register a command of the guided interview (its handling lives in app/assistant/guided/interview.py)."""
    _register(args, "", help_text, None)


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


def command_args(parsed: ParsedCommand) -> CommandArgs:
    """The typed arguments of a typed command; InvalidInput names the real commands when it is not one."""
    found = COMMANDS.get(parsed.name)
    if found is None:
        raise InvalidInput(
            f"I don't know the command /{parsed.name}. The commands are {', '.join('/' + n for n in COMMANDS)}; "
            "/help says what each does."
        )
    return found.args.parse(parsed.args, parsed.raw)


async def run_command(turn: ActiveTurn, args: CommandArgs) -> None:
    """Run a command of this module on behalf of the person (a plain-words request in the guided mode)."""
    handler = COMMANDS[args.kind].handler
    if handler is None:
        raise InvalidInput(f"{args.as_text()} belongs to the guided interview: type it to use it.")
    await handler(turn, args)


def _number(words: list[str], position: int) -> int | None:
    if len(words) <= position:
        return None
    value = words[position].lstrip("v")
    return int(value) if value.isdigit() else None


def _first(words: list[str]) -> str | None:
    return words[0] if words else None


# --- arguments --------------------------------------------------------------------------------------


class New(CommandArgs):
    kind = "new"


class _OneCv(CommandArgs):
    """A command about one CV, named by its id (the open one when none is given)."""

    cv_id: str | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(cv_id=_first(words))

    def words(self) -> list[str]:
        return [self.cv_id] if self.cv_id else []


class Show(_OneCv):
    kind = "show"


class Export(CommandArgs):
    """Any of a design, a paper size, a language and a format, in any order; none: the design is asked."""

    kind = "export"
    template: str | None = None
    paper: str | None = None
    language: str | None = None
    format: str | None = None

    @field_validator("template")
    @classmethod
    def _design(cls, value: str | None) -> str | None:
        return _one_of(value, tuple(DESIGNS))

    @field_validator("paper")
    @classmethod
    def _paper(cls, value: str | None) -> str | None:
        return _one_of(value, PAPERS)

    @field_validator("language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        return _one_of(value, LANGUAGES)

    @field_validator("format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        return _one_of(value, FORMATS)

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        options: dict[str, str] = {}
        for word in (w.lower() for w in words):
            field = next((name for name, values in EXPORT_CHOICES.items() if word in values), None)
            if field is not None:
                options[field] = word
            elif word in FORMAT_ALIASES:
                options["format"] = FORMAT_ALIASES[word]
            else:
                raise InvalidInput(f"I don't know '{word}'. {export_hint()}")
        return cls(**options)

    def words(self) -> list[str]:
        return [w for w in (self.template, self.paper, self.language, self.format) if w is not None]


EXPORT_CHOICES: dict[str, Collection[str]] = {
    "template": DESIGNS.keys(),
    "paper": PAPERS,
    "language": LANGUAGES,
    "format": FORMATS,
}


def export_hint() -> str:
    return (
        f"Try /export modern, /export classic letter or /export docx (designs: {', '.join(DESIGNS)}; "
        f"paper: {', '.join(PAPERS)}; languages: {', '.join(LANGUAGES)}; formats: {', '.join(FORMATS)})."
    )


def _one_of(value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"not one of {', '.join(allowed)}")
    return value


class Ats(CommandArgs):
    """`/ats general` checks the CV on its own; `/ats <job ad>` against the ad; `/ats` asks for the ad next."""

    kind = "ats"
    general: bool = False
    job_text: str | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        if words and words[0].lower() == "general":
            return cls(general=True)
        return cls(job_text=raw if raw.strip() else None)

    def words(self) -> list[str]:
        return ["general"] if self.general else [self.job_text] if self.job_text else []


class Fix(CommandArgs):
    """Fixes of the last ATS check by id or list position (or "all"), to apply, apply adding facts, or turn down."""

    kind = "fix"
    ids: tuple[str, ...] = ()
    confirm: bool = False
    reject: bool = False

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        flags = {w.lower() for w in words}
        ids = tuple(w for w in words if w.lower() not in ("confirm", "reject"))
        return cls(ids=ids, confirm="confirm" in flags, reject="reject" in flags)

    def words(self) -> list[str]:
        return [*self.ids, *(["confirm"] if self.confirm else []), *(["reject"] if self.reject else [])]


class Tailor(CommandArgs):
    """`/tailor [pages N] [ad]` makes a variant for the job and its plan; `/tailor apply 1 3|all|none` chooses.

    A button applies one change (`one`) and leaves the others on offer, as `/tailor pick N` does; `apply` is the
    whole choice.
    """

    kind = "tailor"
    apply: tuple[str, ...] = ()
    one: bool = False
    pages: int | None = None
    job_text: str | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        if words and words[0].lower() in ("apply", "accept", "pick"):
            chosen = [w.strip(",").lower() for w in words[1:] if w.strip(",").lower() not in ("and", "&")]
            return cls(apply=tuple(chosen) or ("",), one=words[0].lower() == "pick")
        pages = None
        if len(words) >= 2 and words[0].lower() in ("pages", "page") and words[1].isdigit():
            pages = int(words[1])
            raw = raw.split(words[1], 1)[1]
        return cls(pages=pages, job_text=raw.strip() or None)

    def words(self) -> list[str]:
        if self.apply:
            return ["pick" if self.one else "apply", *self.apply]
        pages = ["pages", str(self.pages)] if self.pages else []
        return [*pages, *([self.job_text] if self.job_text else [])]


class Letter(CommandArgs):
    """`/letter` writes the cover letter for the job (a new version when there is one); `/letter pdf|docx|md
    [design]` downloads it."""

    kind = "letter"
    format: str | None = None
    template: str | None = None

    @field_validator("format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        return _one_of(value, LETTER_FORMATS)

    @field_validator("template")
    @classmethod
    def _design(cls, value: str | None) -> str | None:
        return _one_of(value, tuple(DESIGNS))

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        options: dict[str, str] = {}
        for word in (w.lower() for w in words):
            word = FORMAT_ALIASES.get(word, word)
            if word in LETTER_FORMATS:
                options["format"] = word
            elif word in DESIGNS:
                options["template"] = word
            else:
                raise InvalidInput(
                    f"I don't know '{word}'. Try /letter, or /letter pdf, /letter pdf modern, /letter docx, /letter md."
                )
        if "template" in options and "format" not in options:
            options["format"] = "pdf"
        return cls(**options)

    def words(self) -> list[str]:
        return [w for w in (self.format, self.template) if w]


LETTER_FORMATS = ("pdf", "docx", "md")


class Fit(CommandArgs):
    """`/fit 1 [design] [a4|letter]`: the open CV (as a variant) on that many pages."""

    kind = "fit"
    pages: int | None = None
    template: str = "classic"
    paper: str = "a4"

    @field_validator("template")
    @classmethod
    def _design(cls, value: str) -> str:
        return _one_of(value, tuple(DESIGNS)) or "classic"

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        options: dict[str, Any] = {}
        for word in (w.lower() for w in words):
            if word.isdigit():
                options["pages"] = int(word)
            elif word in DESIGNS:
                options["template"] = word
            elif word in PAPERS:
                options["paper"] = word
            elif word not in ("page", "pages", "on"):
                raise InvalidInput(f"I don't know '{word}'. Try /fit 1, /fit 2 modern or /fit 1 classic letter.")
        return cls(**options)

    def words(self) -> list[str]:
        return [str(self.pages or ""), self.template, self.paper]


class Delete(CommandArgs):
    kind = "delete"
    cv_id: str | None = None
    confirm: bool = False

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        ids = [w for w in words if w.lower() != "confirm"]
        return cls(cv_id=ids[0] if ids else None, confirm=any(w.lower() == "confirm" for w in words))

    def words(self) -> list[str]:
        return [*([self.cv_id] if self.cv_id else []), *(["confirm"] if self.confirm else [])]


class Undo(CommandArgs):
    kind = "undo"


class Redo(CommandArgs):
    kind = "redo"


class History(CommandArgs):
    kind = "history"
    limit: int | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(limit=_number(words, 0))

    def words(self) -> list[str]:
        return [str(self.limit)] if self.limit is not None else []


class Diff(CommandArgs):
    kind = "diff"
    first: int | None = None
    second: int | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(first=_number(words, 0), second=_number(words, 1))

    def words(self) -> list[str]:
        return [str(n) for n in (self.first, self.second) if n is not None]


class Restore(CommandArgs):
    kind = "restore"
    number: int | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(number=_number(words, 0))

    def words(self) -> list[str]:
        return [str(self.number)] if self.number is not None else []


class Cvs(CommandArgs):
    kind = "cvs"


class Open(_OneCv):
    kind = "open"


class Link(CommandArgs):
    kind = "link"
    code: str | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(code=raw.strip() or None)

    def words(self) -> list[str]:
        return [self.code] if self.code else []


class Plan(CommandArgs):
    kind = "plan"
    manage: bool = False

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(manage=bool(words) and words[0].lower() in ("manage", "portal", "cancel", "invoices"))

    def words(self) -> list[str]:
        return ["manage"] if self.manage else []


class Buy(CommandArgs):
    kind = "buy"
    item: str | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(item=words[0].lower() if words else None)

    def words(self) -> list[str]:
        return [self.item] if self.item else []


class Help(CommandArgs):
    kind = "help"
    topic: str | None = None

    @classmethod
    def parse(cls, words: list[str], raw: str) -> Self:
        return cls(topic=words[0].lower() if words else None)

    def words(self) -> list[str]:
        return [self.topic] if self.topic else []


class Done(CommandArgs):
    kind = "done"


class Skip(CommandArgs):
    kind = "skip"


class Cancel(CommandArgs):
    kind = "cancel"


class Continue(CommandArgs):
    kind = "continue"


# --- the buttons offered most ------------------------------------------------------------------------

SHOW = Button("Show CV", Show())
UNDO = Button("Undo", Undo())
HISTORY = Button("History", History())
CONTINUE = Button("Continue", Continue())
NO_CV = "You have no CV yet. Start one with /new, or send your CV as a file (PDF, Word, LinkedIn export, JSON)."


# --- the commands, in the order /help and the Telegram menu show them ---------------------------------

guided(New, "start a new CV, step by step")


@command(Show, "", "show the CV as it is now")
async def cmd_show(turn: ActiveTurn, args: Show) -> None:
    result = await turn.tool("get_cv", cv_id=args.cv_id)
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(HISTORY, UNDO)


@command(
    Export,
    f"[{'|'.join(DESIGNS)}] [{'|'.join(PAPERS)}] [{'|'.join(LANGUAGES)}] [{'|'.join(FORMATS)}]",
    "download the CV as a PDF (or another format)",
)
async def cmd_export(turn: ActiveTurn, args: Export) -> None:
    if turn.ctx.state.cv_id is None:
        await turn.say(NO_CV)
        return
    if args == Export():
        designs = [Button(design.title(), Export(template=design)) for design in DESIGNS]
        others = [
            Button("US Letter", Export(template="classic", paper="letter")),
            Button("Word (DOCX)", Export(format="docx")),
            Button("JSON Resume", Export(format="json")),
        ]
        question = "Which design? (A4 paper; US Letter and other formats below.)"
        thumbnails = [
            Picture(f"{name}.png", png, f"{name.title()}: {design.description}")
            for name, design in DESIGNS.items()
            if (png := design.thumbnail()) is not None
        ]
        if thumbnails:  # the buttons go with the pictures
            await turn.pictures(*thumbnails, text=question)
            question = ""
        await turn.buttons(*designs, *others, text=question)
        return
    result = await turn.tool("export_cv", **args.arguments())
    if not result.ok:
        await turn.say(result.message)


@command(Ats, "[general]", "check the CV against a job ad (paste or upload it next) or in general")
async def cmd_ats(turn: ActiveTurn, args: Ats) -> None:
    if turn.ctx.state.cv_id is None:
        await turn.say(NO_CV)
        return
    if args.general or args.job_text:
        await run_ats(turn, args.job_text)
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
    if not result.ok:
        await turn.say(result.message)
        return
    card = report_card(AtsReport.model_validate(result.data), result.message)
    await turn.report(AtsReportEvent(result.message, card=dict(card)))
    await turn.buttons(*fix_buttons(result.data["fix_list"]), Button("Export PDF", Export()))


def fix_buttons(fix_list: list[dict[str, Any]], apply_all: str = "Apply all") -> list[Button]:
    """Apply and Skip for each fix on offer (the first six), numbered as the report's text numbers them."""
    buttons = []
    for fix in fix_list[:6]:
        number = fix["number"]
        description = fix["description"] if len(fix["description"]) <= 48 else fix["description"][:47] + "…"
        if fix["needs_confirmation"]:
            label = f"{number}. Confirm & apply: {description} (adds {', '.join(fix['new_facts'])})"
            buttons.append(Button(label, Fix(ids=(fix["id"],), confirm=True)))
        else:
            buttons.append(Button(f"{number}. Apply: {description}", Fix(ids=(fix["id"],))))
        buttons.append(Button(f"{number}. Skip", Fix(ids=(fix["id"],), reject=True)))
    if sum(not f["needs_confirmation"] for f in fix_list) > 1:
        buttons.append(Button(apply_all, Fix(ids=("all",))))
    return buttons


@command(Fix, "N|ID|all [confirm|reject]", "apply fixes from the last ATS check (as one change), or turn one down")
async def cmd_fix(turn: ActiveTurn, args: Fix) -> None:
    if not args.ids:
        await turn.say("Which fix? For example /fix 1, /fix 1 3, /fix all, or /fix 2 reject — /ats lists them.")
        return
    if args.reject:
        if "all" in (i.lower() for i in args.ids):
            await turn.say("To turn every fix down, just leave them: nothing changes until you apply one.")
            return
        rejected = await turn.tool("reject_fixes", fix_ids=list(args.ids))
        await turn.say(rejected.message)
        if rejected.ok:
            await turn.buttons(*fix_buttons(rejected.data["fix_list"], "Apply the others"), SHOW)
        return
    result = await turn.tool("apply_fixes", fix_ids=list(args.ids), confirm_new_facts=args.confirm)
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(*fix_buttons((result.data or {}).get("fix_list", [])), UNDO, SHOW)


@command(
    Tailor, "[pages N] | apply N…|all|none | pick N", "make a variant of the CV for the job and show what I'd change"
)
async def cmd_tailor(turn: ActiveTurn, args: Tailor) -> None:
    state = turn.ctx.state
    if state.cv_id is None:
        await turn.say(NO_CV)
        return
    if args.apply:
        if args.apply == ("",):
            await turn.say("Which changes? For example /tailor apply 1 3, /tailor apply all or /tailor apply none.")
            return
        await apply_tailoring(turn, list(args.apply), one=args.one)
        return
    await run_tailor(turn, args.job_text, pages=args.pages)


async def run_tailor(
    turn: ActiveTurn, job_text: str | None, source: str | None = None, pages: int | None = None
) -> None:
    """Tailor the open CV to the ad given (or the last one), and offer its changes as buttons."""
    state = turn.ctx.state
    state.awaiting = None
    result = await turn.tool("tailor_cv", job_text=job_text, pages=pages, source=source)
    if not result.ok and job_text is None and "Which job?" in result.message:
        state.awaiting = "tailor_job"
        await turn.say("Paste the job ad as your next message (or send it as a file), and I'll tailor the CV to it.")
        return
    await turn.say(result.message)
    if result.ok and result.data["changes"]:
        await turn.buttons(*tailor_buttons(result.data["changes"]))
    elif result.ok:
        await apply_tailoring(turn, ["none"])


BUTTON_LABEL = 48  # characters of a button's label; a phone shows about this many in a full-width Telegram button


def short_label(label: str, limit: int = BUTTON_LABEL) -> str:
    """`label`, cut at a word and marked "…" when longer than `limit` (the text above says it in full)."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:“\"'(") + "…"


def tailor_buttons(changes: list[dict[str, Any]]) -> list[Button]:
    """Apply all, one button per change (the first six), and None."""
    buttons = [Button("Apply all", Tailor(apply=("all",)))]
    for number, change in enumerate(changes[:6], 1):
        label = short_label(f"{number}. Apply: {change['where']}")
        buttons.append(Button(label, Tailor(apply=(change["id"],), one=True)))
    return [*buttons, Button("None", Tailor(apply=("none",)))]


async def apply_tailoring(turn: ActiveTurn, chosen: list[str], *, one: bool = False) -> None:
    result = await turn.tool("apply_tailoring", changes=chosen, one=one)
    await turn.say(result.message)
    left = (result.data or {}).get("left") if result.ok else None
    if left:
        buttons = [
            Button(short_label(f"Apply: {change['where']}"), Tailor(apply=(change["id"],), one=True)) for change in left
        ]
        await turn.buttons(*buttons, Button("Done", Tailor(apply=("none",))))
    elif result.ok and turn.ctx.state.tailoring is None:
        await turn.buttons(Button("Cover letter", Letter()), Button("Export PDF", Export()), SHOW)


async def answer_tailoring(turn: ActiveTurn, text: str) -> bool:
    """The answer to an open tailoring question ("Have you used Kafka?"); /cancel stops the questions.

    Only the person's own words reach the tool, so only they can let a new fact in."""
    tailoring = turn.ctx.state.tailoring
    if tailoring is None or not tailoring.asking:
        return False
    if looks_like_job_ad(text) or looks_like_pasted_cv(text):  # a new ad or a CV, not an answer: stop asking
        turn.ctx.state.tailoring = None
        await turn.say("I'll leave the questions about the last job there; nothing was added.")
        return False
    if text == "cancel":
        turn.ctx.state.tailoring = None
        await turn.say("No more questions about the job; nothing else was added.")
        return True
    result = await turn.tool("answer_tailoring_question", answer="no" if text == "skip" else text)
    await turn.say(result.message)
    return True


@command(Letter, f"[pdf|docx|md] [{'|'.join(DESIGNS)}]", "write the cover letter for the job; /letter pdf downloads it")
async def cmd_letter(turn: ActiveTurn, args: Letter) -> None:
    if turn.ctx.state.cv_id is None:
        await turn.say(NO_CV)
        return
    if args.format:
        result = await turn.tool("export_cover_letter", format=args.format, template=args.template or "classic")
        if not result.ok:
            await turn.say(result.message)
        return
    result = await turn.tool("write_cover_letter")
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(
            Button("Letter as PDF", Letter(format="pdf")),
            Button("Letter as Word", Letter(format="docx")),
            Button("Letter as Markdown", Letter(format="md")),
        )


@command(Fit, "N [design] [a4|letter]", "fit the CV on N pages (as a variant; the full CV keeps everything)")
async def cmd_fit(turn: ActiveTurn, args: Fit) -> None:
    if turn.ctx.state.cv_id is None:
        await turn.say(NO_CV)
        return
    if args.pages is None:
        await turn.say("On how many pages? For example /fit 1, or /fit 2 modern.")
        return
    result = await turn.tool("fit_to_pages", pages=args.pages, template=args.template, paper=args.paper)
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(Button("Export PDF", Export(template=args.template, paper=args.paper)), UNDO)


@command(Delete, "ID", "delete one of your CVs (a variant or any other), after you confirm")
async def cmd_delete(turn: ActiveTurn, args: Delete) -> None:
    if not args.cv_id:
        await turn.say("Which CV? /cvs lists them with their ids; then /delete ID.")
        return
    if not args.confirm:
        cv = await turn.ctx.cvs.resolve(args.cv_id)
        await turn.buttons(
            Button("Delete", Delete(cv_id=str(cv.id)[:8], confirm=True)),
            Button("Keep it", Show()),
            text=f"Delete CV {str(cv.id)[:8]} ({cv.title}) with all its versions? This cannot be undone.",
        )
        return
    result = await turn.tool("delete_cv", cv_id=args.cv_id)
    await turn.say(result.message)


@command(Undo, "", "undo your latest change; again for the one before (nothing is lost)")
async def cmd_undo(turn: ActiveTurn, args: Undo) -> None:
    result = await turn.tool("undo")
    await turn.say(result.message)
    if result.ok:
        await turn.buttons(Button("Redo", Redo()), UNDO, SHOW)


@command(Redo, "", "bring back what /undo just reverted")
async def cmd_redo(turn: ActiveTurn, args: Redo) -> None:
    result = await turn.tool("redo")
    await turn.say(result.message)


@command(History, "", "list the versions of the CV, with what each changed")
async def cmd_history(turn: ActiveTurn, args: History) -> None:
    result = await turn.tool("list_versions", limit=args.limit or 20)
    await turn.say(result.message)


@command(Diff, "N [M]", "what changed from version N (to M, or to now)")
async def cmd_diff(turn: ActiveTurn, args: Diff) -> None:
    if args.first is None:
        await turn.say("Which version? For example /diff 3 (changes since version 3) or /diff 3 5.")
        return
    result = await turn.tool("diff_versions", from_version=args.first, to_version=args.second)
    await turn.say(result.message)


@command(Restore, "N", "make version N current again")
async def cmd_restore(turn: ActiveTurn, args: Restore) -> None:
    if args.number is None:
        await turn.say("Which version? For example /restore 3. /history lists them.")
        return
    result = await turn.tool("restore_version", number=args.number)
    await turn.say(result.message)


@command(Cvs, "", "list your CVs")
async def cmd_cvs(turn: ActiveTurn, args: Cvs) -> None:
    result = await turn.tool("list_cvs")
    await turn.say(result.message + ("\n\nOpen another one with /open ID." if result.data else ""))


@command(Open, "ID", "open another of your CVs")
async def cmd_open(turn: ActiveTurn, args: Open) -> None:
    if not args.cv_id:
        await turn.say("Which CV? /cvs lists them with their ids.")
        return
    result = await turn.tool("select_cv", cv_id=args.cv_id)
    await turn.say(result.message)


@command(Link, "[CODE]", "link this chat with your account in another chat (same CVs in both)")
async def cmd_link(turn: ActiveTurn, args: Link) -> None:
    if args.code is None:
        result = await turn.tool("create_link_code")
        await turn.say(result.message, secret=result.secret)
        return
    result = await turn.tool("link_account", code=args.code)
    await turn.say(result.message)
    if result.ok and result.data:
        await turn.buttons(SHOW)


@command(Plan, "[manage]", "your plan, this month's model use and your credits; manage: card, cancel, invoices")
async def cmd_plan(turn: ActiveTurn, args: Plan) -> None:
    if args.manage:
        result = await turn.tool("manage_billing")
        await turn.say(result.message)
        return
    result = await turn.tool("show_plan")
    await turn.say(result.message)
    if turn.ctx.settings.billing_enabled:
        buttons = [Button("Buy", Buy())]
        if turn.ctx.settings.stripe_enabled and turn.ctx.channel != STARS_CHANNEL:
            buttons.append(Button("Manage billing", Plan(manage=True)))
        await turn.buttons(*buttons)


@command(Buy, "[ITEM]", "the monthly plan and credit packs (when payments are set up)")
async def cmd_buy(turn: ActiveTurn, args: Buy) -> None:
    result = await turn.tool("buy", item=args.item)
    await turn.say(result.message)
    if result.ok and args.item is None and result.data:
        items = {item.id: item for item in catalogue(turn.ctx.settings)}
        await turn.buttons(
            *(Button(_price_label(items[i], turn.ctx.channel), Buy(item=i)) for i in result.data["items"])
        )


def _price_label(item: Item, channel: str) -> str:
    return f"{item.title} · {item.stars} ⭐" if channel == STARS_CHANNEL else item.title


@command(Help, "", "what I can do and the commands")
async def cmd_help(turn: ActiveTurn, args: Help) -> None:
    if args.topic == "import":
        await turn.say(
            "To import a CV, send the file — drag it into the chat or attach it: a PDF, a Word document (.docx), "
            "LinkedIn's data export (the .zip from Settings > Data privacy > Get a copy of your data), plain text or "
            "JSON Resume (.json). Or paste the text of your CV as a message. I open it as a new CV, tell you what I "
            "recognised and what I could not place, and ask about anything I am unsure of."
        )
        return
    lines = ["Commands:", *(f"{c.usage} — {c.help}" for c in COMMANDS.values()), ""]
    lines.append(
        "You can also just write: answer my questions, or say things like "
        '"change my phone to +48 600 123 456" or "remove the second job".'
    )
    await turn.say("\n".join(lines))


guided(Done, "finish the current list (bullets, jobs...)")
guided(Skip, "skip the current question")
guided(Cancel, "pause the interview (everything so far is kept)")
guided(Continue, "pick the interview up where it stopped")
