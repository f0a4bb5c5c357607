"""What flows between a channel and the core: a `UserTurn` in, `AgentEvent`s out to a sink."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError


@dataclass(frozen=True)
class IncomingFile:
    """A file the person sent (an old CV, a job ad). `data` is the raw content."""

    name: str
    data: bytes
    mime: str | None = None


class Action(BaseModel):
    """What a button does, as typed data: a command with its arguments, an answer to a question...

    Each kind of action is one subclass with a unique `kind`; channels carry `kind` and `arguments()` in
    their own wire form (a Chainlit action payload, Telegram callback data) and `action_from` rebuilds it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: ClassVar[str] = ""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if not cls.__dict__.get("kind"):  # a family of actions (e.g. every command's arguments)
            return
        if cls.kind in ACTION_KINDS:
            raise ValueError(f"two kinds of button action are called {cls.kind!r}")
        ACTION_KINDS[cls.kind] = cls

    def arguments(self) -> dict[str, Any]:
        """The action's fields that differ from their defaults, as JSON values: what a channel carries."""
        return self.model_dump(mode="json", exclude_defaults=True)


ACTION_KINDS: dict[str, type[Action]] = {}


def action_from(kind: object, arguments: object) -> Action | None:
    """The action behind a press a channel got back; None when its kind is unknown or its arguments do not fit.

    What comes back went through the person's browser or Telegram client, so it is validated, not trusted.
    """
    cls = ACTION_KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None or not isinstance(arguments, dict):
        return None
    try:
        return cls.model_validate(arguments)
    except ValidationError:
        return None


@dataclass(frozen=True)
class UserTurn:
    """One inbound message from any channel."""

    channel: str  # where the message came from: "cli", "web", "telegram", ...
    external_user_id: str  # the person's id in `account_channel`
    text: str = ""
    display_name: str | None = None
    thread_id: str | None = None  # a channel thread (web chat thread, Telegram chat); None = latest
    files: tuple[IncomingFile, ...] = ()
    button: Action | None = None  # the action of the button the person pressed
    # Whose namespace `external_user_id` lives in, when not the channel's own: the local user of the
    # terminal and of the sign-in-free web chat is one account, ("local", name), on both.
    account_channel: str | None = None

    @property
    def account(self) -> tuple[str, str]:
        return (self.account_channel or self.channel, self.external_user_id)


@dataclass(frozen=True)
class Button:
    label: str
    action: Action


# Assistant text is plain text with one piece of Markdown, `**bold**`; channels render it their way.
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


@dataclass(frozen=True)
class TextEvent:
    """Assistant text (`**bold**` is its only markup). With `delta=True` it continues the previous text."""

    text: str
    delta: bool = False


@dataclass(frozen=True, kw_only=True)
class AtsReportEvent(TextEvent):
    """An ATS report: `text` in words (what a channel without cards shows, and what is stored), `card` the
    same report as plain JSON props for a visual card (app.ats.card.report_card)."""

    card: dict[str, Any]


@dataclass(frozen=True)
class ToolStarted:
    call_id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class ToolFinished:
    call_id: str
    name: str
    ok: bool
    summary: str


@dataclass(frozen=True)
class FileEvent:
    """A file for the person (PDF, JSON...), with an optional PNG preview of its first page."""

    name: str
    mime: str
    data: bytes
    caption: str = ""
    preview_png: bytes | None = None


@dataclass(frozen=True)
class Picture:
    """A small image to look at (a design's thumbnail), with a caption naming it."""

    name: str  # a file name: "classic.png"
    png: bytes
    caption: str = ""


@dataclass(frozen=True)
class PicturesEvent:
    """Pictures shown side by side before a choice; the buttons that follow belong with them."""

    pictures: tuple[Picture, ...]
    text: str = ""


@dataclass(frozen=True)
class ButtonsEvent:
    buttons: tuple[Button, ...]
    text: str = ""


@dataclass(frozen=True)
class InvoiceEvent:
    """A Telegram Stars invoice to send (only the Telegram channel can; others show `text`)."""

    title: str  # ≤ 32 characters
    description: str  # ≤ 255 characters
    payload: str  # what app.billing checks at pre-checkout and payment
    stars: int
    text: str = ""


AgentEvent = (
    TextEvent | AtsReportEvent | ToolStarted | ToolFinished | FileEvent | PicturesEvent | ButtonsEvent | InvoiceEvent
)


class EventSink(Protocol):
    """Where a channel receives what the assistant says and does, in order."""

    async def emit(self, event: AgentEvent) -> None: ...


class CollectingSink:
    """Keeps every event; used by tests, the CLI and benchmarks."""

    def __init__(self) -> None:
        self.events: list[AgentEvent] = []

    async def emit(self, event: AgentEvent) -> None:
        self.events.append(event)

    @property
    def text(self) -> str:
        """All assistant text, deltas joined to their message, messages separated by blank lines."""
        parts: list[str] = []
        for event in self.events:
            if isinstance(event, TextEvent):
                if event.delta and parts:
                    parts[-1] += event.text
                else:
                    parts.append(event.text)
        return "\n\n".join(parts)

    def of_type(self, kind: type[Any]) -> list[Any]:
        return [e for e in self.events if isinstance(e, kind)]
