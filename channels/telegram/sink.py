"""TelegramSink: one turn's events as Telegram messages, inline keyboards, documents and a typing indicator."""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar, cast

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto, LabeledPrice, Message
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, RetryAfter

from app.ats.card import AtsCard
from app.events import (
    AgentEvent,
    AtsReportEvent,
    Button,
    ButtonsEvent,
    FileEvent,
    InvoiceEvent,
    PicturesEvent,
    TextEvent,
    ToolStarted,
)
from channels.telegram.buttons import ButtonCodec
from channels.telegram.formatting import ats_card_html, caption_html, split_html, to_plain

log = logging.getLogger(__name__)
T = TypeVar("T")
FLOOD_RETRIES = 3  # Telegram's "retry after N s": the request was refused, so sending again is safe
MAX_FLOOD_WAIT = 30.0
TYPING_EVERY = 4.0  # seconds; Telegram shows "typing…" for about five
SHORT_LABEL = 14  # buttons with labels this short share a row, three at most
CHOOSE = "Choose:"
STARS = "XTR"  # Telegram Stars: digital goods are sold in them, with no payment provider


class TelegramSink:
    """Collects text (streamed deltas joined) and sends it when something else must be shown, or at `flush()`."""

    def __init__(self, bot: Bot, chat_id: int, buttons: ButtonCodec) -> None:
        self.bot = bot
        self.chat_id = chat_id
        self.buttons = buttons
        self.sent: list[Message] = []
        self._pending: list[str] = []
        self._keyboard_free: Message | None = None  # the last text message, which has no keyboard yet
        self._typing_at = float("-inf")

    async def emit(self, event: AgentEvent) -> None:
        if isinstance(event, AtsReportEvent):  # before TextEvent: it is one, with a compact form of its own
            await self.flush()
            self._keyboard_free = await self._send(ats_card_html(cast(AtsCard, event.card)))
        elif isinstance(event, TextEvent):
            if event.delta and self._pending:
                self._pending[-1] += event.text
            else:
                self._pending.append(event.text)
        elif isinstance(event, ToolStarted):
            await self.typing()
        elif isinstance(event, ButtonsEvent):
            await self._buttons(event)
        elif isinstance(event, FileEvent):
            await self.flush()
            await self._file(event)
        elif isinstance(event, PicturesEvent):
            await self.flush()
            await self._pictures(event)
        elif isinstance(event, InvoiceEvent):
            await self.flush()
            await self._invoice(event)

    async def typing(self) -> None:
        """Show "typing…" (at most every few seconds: tools run in bursts)."""
        now = time.monotonic()
        if now - self._typing_at < TYPING_EVERY:
            return
        self._typing_at = now
        await self.bot.send_chat_action(self.chat_id, ChatAction.TYPING)

    async def flush(self, keyboard: InlineKeyboardMarkup | None = None) -> None:
        """Send the collected text, split to Telegram's size; `keyboard` goes under its last part."""
        text = "\n\n".join(part.strip("\n") for part in self._pending if part.strip())
        self._pending.clear()
        if not text:
            return
        chunks = split_html(text)
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1
            message = await self._send(chunk, keyboard if last else None)
        self._keyboard_free = None if keyboard is not None else message

    async def _buttons(self, event: ButtonsEvent) -> None:
        keyboard = self.keyboard(event.buttons)
        if event.text:
            self._pending.append(event.text)
        if self._pending:
            await self.flush(keyboard)
        elif self._keyboard_free is not None:
            message, self._keyboard_free = self._keyboard_free, None
            await self.bot.edit_message_reply_markup(self.chat_id, message.message_id, reply_markup=keyboard)
        else:
            await self._send(CHOOSE, keyboard)

    def keyboard(self, buttons: tuple[Button, ...]) -> InlineKeyboardMarkup:
        rows: list[list[InlineKeyboardButton]] = []
        for button in buttons:
            key = InlineKeyboardButton(button.label, callback_data=self.buttons.encode(button, self.chat_id))
            short = len(button.label) <= SHORT_LABEL
            if short and rows and len(rows[-1]) < 3 and all(len(k.text) <= SHORT_LABEL for k in rows[-1]):
                rows[-1].append(key)
            else:
                rows.append([key])
        return InlineKeyboardMarkup(rows)

    async def _send(self, html_text: str, keyboard: InlineKeyboardMarkup | None = None) -> Message:
        try:
            message = await patiently(
                lambda: self.bot.send_message(self.chat_id, html_text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
            )
        except BadRequest as exc:
            if "parse" not in str(exc).lower():
                raise
            # Our escaping should make this impossible; if Telegram still refuses the markup, send plain text.
            log.warning("Telegram refused the HTML of a message; sending it as plain text")
            message = await patiently(
                lambda: self.bot.send_message(self.chat_id, to_plain(html_text), reply_markup=keyboard)
            )
        self.sent.append(message)
        return message

    async def _pictures(self, event: PicturesEvent) -> None:
        """One album (2 to 10 pictures), each with its caption; the text waits to carry the keyboard that follows."""
        pictures = event.pictures[:10]
        if len(pictures) == 1:
            only = pictures[0]
            self.sent.append(await patiently(lambda: self.bot.send_photo(self.chat_id, only.png, caption=only.caption)))
        elif pictures:
            media = [InputMediaPhoto(p.png, caption=p.caption[:1024], filename=p.name) for p in pictures]
            self.sent.extend(await patiently(lambda: self.bot.send_media_group(self.chat_id, media)))
        self._keyboard_free = None
        if event.text:
            self._pending.append(event.text)

    async def _invoice(self, event: InvoiceEvent) -> None:
        """A Stars invoice (its Pay button is Telegram's own); app.billing checks the payload when it is paid."""
        message = await patiently(
            lambda: self.bot.send_invoice(
                self.chat_id,
                event.title,
                event.description,
                event.payload,
                currency=STARS,
                prices=[LabeledPrice(event.title, event.stars)],
            )
        )
        self.sent.append(message)
        self._keyboard_free = None
        if event.text:
            self._pending.append(event.text)

    async def _file(self, event: FileEvent) -> None:
        await self.bot.send_chat_action(self.chat_id, ChatAction.UPLOAD_DOCUMENT)
        caption = caption_html(event.caption) if event.caption else None
        message = await patiently(
            lambda: self.bot.send_document(
                self.chat_id, event.data, filename=event.name, caption=caption, parse_mode=ParseMode.HTML
            )
        )
        self.sent.append(message)
        if event.preview_png:
            stem = event.name.rsplit(".", 1)[0]
            preview = await patiently(
                lambda: self.bot.send_photo(
                    self.chat_id, event.preview_png, filename=f"{stem}-page-1.png", caption="Page 1"
                )
            )
            self.sent.append(preview)
        self._keyboard_free = None


async def patiently(send: Callable[[], Awaitable[T]]) -> T:
    """Send, waiting out Telegram's flood control ("retry after N seconds") a few times."""
    for attempt in range(FLOOD_RETRIES + 1):
        try:
            return await send()
        except RetryAfter as exc:
            if attempt == FLOOD_RETRIES:
                raise
            with warnings.catch_warnings():  # PTB 22 warns that the int form will become a timedelta
                warnings.simplefilter("ignore")
                value = exc.retry_after
            wait = value.total_seconds() if isinstance(value, timedelta) else float(value)
            log.info("Telegram flood control: waiting %.0f s before sending again", wait)
            await asyncio.sleep(min(wait, MAX_FLOOD_WAIT))
    raise AssertionError("unreachable")
