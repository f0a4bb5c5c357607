"""The terminal chat: a prompt when interactive (a pasted job ad is one message), one message per line
when reading a pipe."""

from __future__ import annotations

import asyncio
import select
import sys
from pathlib import Path
from typing import Any

from app.assistant.commands import CommandArgs
from app.assistant.runtime import LOCAL_ACCOUNT_CHANNEL, Runtime
from app.cleantext import clean_text
from app.events import (
    BOLD,
    AgentEvent,
    ButtonsEvent,
    FileEvent,
    InvoiceEvent,
    PicturesEvent,
    TextEvent,
    ToolFinished,
    UserTurn,
)


def terminal_text(text: str, tty: bool) -> str:
    """The core's `**bold**` as bold on a terminal, as plain words in a pipe; no other control character
    (a CV, a job ad or a model could carry escape sequences that retitle or rewrite the terminal)."""
    return BOLD.sub("\033[1m\\1\033[0m" if tty else r"\1", clean_text(text))


class TerminalSink:
    """Prints the assistant's text on stdout; tool steps go to stderr, one line each, so a pipe gets just the
    answers. A refused step says only that it was refused: its reason is the assistant's to say, once."""

    def __init__(self, out_dir: Path, show_tools: bool) -> None:
        self.out_dir = out_dir
        self.show_tools = show_tools
        self._open_text = False
        self._tty = sys.stdout.isatty()

    async def emit(self, event: AgentEvent) -> None:
        if isinstance(event, TextEvent):
            if event.delta:
                print(clean_text(event.text), end="", flush=True)
            else:
                text = terminal_text(event.text, self._tty)
                print(("\n" if self._open_text else "") + text, end="", flush=True)
            self._open_text = True
            return
        self.end_text()
        if isinstance(event, ToolFinished) and self.show_tools:
            print(f"  · {event.name.replace('_', ' ')}: {'done' if event.ok else 'refused'}", file=sys.stderr)
        elif isinstance(event, PicturesEvent) and event.text:  # the designs' names follow, as the buttons
            print(terminal_text(event.text, self._tty))
        elif isinstance(event, ButtonsEvent):
            options = [
                f"{b.label} ({b.action.as_text()})" if isinstance(b.action, CommandArgs) else b.label
                for b in event.buttons
            ]
            if event.text:
                print(terminal_text(event.text, self._tty))
            print("Options: " + clean_text(" · ".join(options)))
        elif isinstance(event, InvoiceEvent):  # only Telegram can show one: its words instead
            words = event.text or f"**{event.title}** — {event.stars} ⭐, paid in the Telegram bot."
            print(terminal_text(words, self._tty))
        elif isinstance(event, FileEvent):
            target = (self.out_dir / event.name).resolve()  # the full path: the person finds the file from anywhere
            target.write_bytes(event.data)
            caption = f" — {event.caption}" if event.caption else ""
            print(clean_text(f"Saved {target} ({len(event.data):,} bytes){caption}"))

    def end_text(self) -> None:
        if self._open_text:
            print()
            self._open_text = False


async def run_chat(runtime: Runtime, account: tuple[str, str], out_dir: Path) -> int:
    interactive = sys.stdin.isatty()
    sink = TerminalSink(out_dir, show_tools=interactive)
    mode = "offline guided mode" if runtime.provider is None else f"model: {runtime.provider.model}"
    if interactive:
        print(f"Altoc CV assistant ({mode}). /help for commands, Ctrl-D to leave.")
    loop = asyncio.get_running_loop()
    while True:
        if interactive:
            line: Any = await loop.run_in_executor(None, _prompt)
        else:
            line = await loop.run_in_executor(None, sys.stdin.readline)
        if line is None or line == "":
            break
        text = line.rstrip("\n")
        if not text.strip():
            continue
        await runtime.service.handle(
            UserTurn(channel="cli", external_user_id=account[1], text=text, account_channel=LOCAL_ACCOUNT_CHANNEL), sink
        )
        sink.end_text()
    return 0


def _prompt() -> str | None:
    """One message: the line typed, and with it the lines of a paste (a job ad) that arrived together."""
    try:
        lines = [input("you> ")]
    except EOFError:
        print()
        return None
    while _pending(PASTE_GAP):
        more = sys.stdin.readline()
        if not more:
            break
        lines.append(more.rstrip("\n"))
    return "\n".join(lines).strip("\n") + "\n"


PASTE_GAP = 0.1  # seconds: lines closer together than this were pasted, not typed


def _pending(wait: float) -> bool:
    """Whether more input is already waiting on the terminal."""
    try:
        ready, _, _ = select.select([sys.stdin], [], [], wait)
    except (OSError, ValueError):
        return False
    return bool(ready)
