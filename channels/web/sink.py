"""ChainlitSink: the assistant's events as Chainlit messages, tool steps, buttons and files."""

from __future__ import annotations

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
    PicturesEvent,
    TextEvent,
    ToolFinished,
    ToolStarted,
)
from channels.web.buttons import BUTTON_ACTION, action_in, payload_for
from channels.web.chainlit_internals import utc_now

REPORT_ELEMENT = "AtsReport"  # the card's code: assets/public/elements/AtsReport.jsx


def action_for(button: Button) -> cl.Action:
    return cl.Action(name=BUTTON_ACTION, label=button.label, payload=payload_for(button.action))


def press_from(action: cl.Action) -> Action | None:
    """The core's action behind a clicked button (see channels/web/buttons.py)."""
    return action_in(action.payload)


class ChainlitSink:
    """Renders one turn in the current Chainlit session. Call `flush()` when the turn ends."""

    def __init__(self) -> None:
        self._writing: cl.Message | None = None  # the text message deltas still stream into
        self._last: cl.Message | None = None  # the last message shown this turn: buttons attach to it
        self._steps: dict[str, cl.Step] = {}

    async def emit(self, event: AgentEvent) -> None:
        if isinstance(event, AtsReportEvent):  # before TextEvent: it is one, drawn as a card
            await self.flush()
            await self._report(event)
            return
        if isinstance(event, TextEvent):
            await self._text(event)
            return
        await self.flush()
        if isinstance(event, ToolStarted):
            await self._tool_started(event)
        elif isinstance(event, ToolFinished):
            await self._tool_finished(event)
        elif isinstance(event, ButtonsEvent):
            await self._buttons(event)
        elif isinstance(event, FileEvent):
            await self._file(event)
        elif isinstance(event, PicturesEvent):
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
        await self._writing.stream_token(event.text)

    async def _tool_started(self, event: ToolStarted) -> None:
        step = cl.Step(name=event.name, type="tool", show_input="json", parent_id=_current_step_id())
        step.input = event.arguments
        step.start = utc_now()
        self._steps[event.call_id] = step
        await step.send()

    async def _tool_finished(self, event: ToolFinished) -> None:
        step = self._steps.pop(event.call_id, None)
        if step is None:  # a result without its start: show it on its own
            step = cl.Step(name=event.name, type="tool", show_input=False, parent_id=_current_step_id())
            step.start = utc_now()
            await step.send()
        step.output = event.summary
        step.is_error = not event.ok
        step.end = utc_now()
        await step.update()

    async def _buttons(self, event: ButtonsEvent) -> None:
        actions = [action_for(button) for button in event.buttons]
        if event.text or self._last is None:
            message = cl.Message(content=event.text, actions=actions)
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
        message = cl.Message(content=event.caption or event.name, elements=elements)
        await message.send()
        self._last = message


def _current_step_id() -> str | None:
    """The run step Chainlit opened for this handler, so tool steps sit inside it like messages do."""
    step = cl.context.current_step
    return step.id if step is not None else None
