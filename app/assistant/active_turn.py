"""One turn in progress: how commands, buttons and the guided mode speak and call tools."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count
from typing import Any

from app.events import (
    AtsReportEvent,
    Button,
    ButtonsEvent,
    EventSink,
    FileEvent,
    Picture,
    PicturesEvent,
    TextEvent,
    ToolFinished,
    ToolStarted,
)
from tools.registry import ToolContext, ToolRegistry, ToolResult, hide_secret

_call_ids = count(1)


@dataclass
class ActiveTurn:
    ctx: ToolContext
    sink: EventSink
    registry: ToolRegistry
    said: list[str] = field(default_factory=list)  # stored as the assistant message of this turn

    async def say(self, text: str, *, secret: str | None = None) -> None:
        """Show `text`; a `secret` in it (a link code) is shown but not stored, so no later model turn reads it."""
        self.said.append(hide_secret(text, secret))
        await self.sink.emit(TextEvent(text))

    async def report(self, event: AtsReportEvent) -> None:
        """Show a report as a card where the channel draws one; its text is what is stored."""
        self.said.append(event.text)
        await self.sink.emit(event)

    async def buttons(self, *buttons: Button, text: str = "") -> None:
        if text:
            self.said.append(text)
        await self.sink.emit(ButtonsEvent(tuple(buttons), text))

    async def pictures(self, *pictures: Picture, text: str = "") -> None:
        if text:
            self.said.append(text)
        await self.sink.emit(PicturesEvent(pictures, text))

    async def file(self, file: FileEvent) -> None:
        await self.sink.emit(file)

    async def tool(self, name: str, /, **arguments: Any) -> ToolResult:
        """Run a tool the way the model would, with the same visible steps; files go to the person."""
        call_id = f"local_{next(_call_ids)}"
        await self.sink.emit(ToolStarted(call_id, name, arguments))
        result = await self.registry.call(self.ctx, name, arguments)
        await self.sink.emit(ToolFinished(call_id, name, result.ok, result.message))
        for file in result.files:
            await self.file(file)
        return result
