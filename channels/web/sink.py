"""ChainlitSink: the assistant's events as Chainlit messages, buttons and files.

Tool calls get no step of their own: a step shows the tool's name and its arguments as JSON, which are
internals. What a tool changed is said in the text that follows it (a command's reply, the model's answer),
as in Telegram and the terminal."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

import chainlit as cl

from app.events import (
    Action,
    AgentEvent,
    AtsReportEvent,
    Button,
    ButtonsEvent,
    FileEvent,
    InvoiceEvent,
    PicturesEvent,
    TextEvent,
)
from channels.web.buttons import BUTTON_ACTION, action_in, payload_for

_INDENTED_LINE = re.compile(r"\n(?=[ \t]+\S)")
_INDENTED_SIGN = re.compile(r"^([ \t]+)([-+])(?=[ \t])", re.MULTILINE)  # a diff's "   - old" / "   + new"

REPORT_ELEMENT = "AtsReport"  # the card's code: assets/public/elements/AtsReport.jsx


def action_for(button: Button) -> cl.Action:
    return cl.Action(name=BUTTON_ACTION, label=button.label, payload=payload_for(button.action))


def press_from(action: cl.Action) -> Action | None:
    """The core's action behind a clicked button (see channels/web/buttons.py)."""
    return action_in(action.payload)


def with_line_breaks(text: str) -> str:
    """The core's text keeps its lines in the page. It is plain text with `**bold**` (app/events.py) and the page
    renders Markdown: a paragraph keeps its newlines there (Chainlit styles it `pre-wrap`), but an indented
    line under a list item ("1. Staff Engineer" then "   • Designed the ledger") is joined to the item. Two
    spaces before such a newline make it a line break. An indented line's leading "-" or "+" (a diff's old and new
    line: app/tailor) is escaped, or Markdown would draw both as the same bullet."""
    return _INDENTED_LINE.sub("  \n", _INDENTED_SIGN.sub(r"\1\\\2", text))


def invoice_text(event: InvoiceEvent) -> str:
    """A Telegram Stars invoice in words, for a chat that cannot show one."""
    return event.text or f"**{event.title}** — {event.stars} ⭐, paid in the Telegram bot."


class ChainlitSink:
    """Renders one turn in the current Chainlit session. Call `flush()` when the turn ends."""

    def __init__(self) -> None:
        self._writing: cl.Message | None = None  # the text message deltas still stream into
        self._last: cl.Message | None = None  # the last message shown this turn: buttons attach to it

    async def emit(self, event: AgentEvent) -> None:
        if isinstance(event, AtsReportEvent):  # before TextEvent: it is one, drawn as a card
            await self.flush()
            await self._report(event)
            return
        if isinstance(event, TextEvent):
            await self._text(event)
            return
        if isinstance(event, InvoiceEvent):  # only Telegram can show one: its words instead
            await self._text(TextEvent(invoice_text(event)))
            return
        if isinstance(event, ButtonsEvent):
            await self.flush()
            await self._buttons(event)
        elif isinstance(event, FileEvent):
            await self.flush()
            await self._file(event)
        elif isinstance(event, PicturesEvent):
            await self.flush()
            await self._pictures(event)

    async def flush(self) -> None:
        """End the message being written (Chainlit ends a stream with `send()`)."""
        message, self._writing = self._writing, None
        if message is None:
            return
        if message.content.strip() or message.streaming:
            await message.send()
            self._last = message

    async def _text(self, event: TextEvent) -> None:
        if not event.delta or self._writing is None:
            await self.flush()
            self._writing = cl.Message(content="")
        # Non-delta text goes through the stream too: the model may continue it with deltas.
        await self._writing.stream_token(with_line_breaks(event.text))

    async def _buttons(self, event: ButtonsEvent) -> None:
        actions = [action_for(button) for button in event.buttons]
        if event.text or self._last is None:
            message = cl.Message(content=with_line_breaks(event.text), actions=actions)
            await message.send()
            self._last = message
            return
        self._last.actions.extend(actions)
        await self._last.update()  # sends the actions not yet attached to a message

    async def _pictures(self, event: PicturesEvent) -> None:
        """Side by side in one message, which the buttons that follow join."""
        images = [
            cl.Image(name=p.name, content=p.png, mime="image/png", display="inline", size="small")
            for p in event.pictures
        ]
        message = cl.Message(content=event.text, elements=images)  # type: ignore[arg-type]
        await message.send()
        self._last = message

    async def _report(self, event: AtsReportEvent) -> None:
        """The report's first line as the message, the card under it (public/elements/AtsReport.jsx, which also
        holds the whole text for screen readers and copying); the fix buttons attach to this message."""
        card = cl.CustomElement(name=REPORT_ELEMENT, props=event.card, display="inline")
        headline = str(event.card.get("summary") or event.text.split("\n", 1)[0])
        message = cl.Message(content=headline, elements=[card])
        await message.send()
        self._last = message

    async def _file(self, event: FileEvent) -> None:
        elements: list[Any] = [cl.File(name=event.name, content=event.data, mime=event.mime, display="inline")]
        if event.preview_png:
            preview = f"{PurePath(event.name).stem}-page-1.png"
            elements.append(
                cl.Image(name=preview, content=event.preview_png, mime="image/png", display="inline", size="large")
            )
        message = cl.Message(content=with_line_breaks(event.caption or event.name), elements=elements)
        await message.send()
        self._last = message
