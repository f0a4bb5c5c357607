"""The Telegram bot: each update becomes a `UserTurn` for ConversationService; its events go back through
`TelegramSink`. Nothing here knows about CVs: commands, files and button presses all go to the core.

Identity: the Telegram user id is the account ("telegram", "<id>"); the chat id is the conversation thread.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from app.assistant.commands import COMMANDS, CONTINUE, SHOW, parse_command
from app.assistant.runtime import Runtime
from app.assistant.welcome import welcome
from app.config import Settings
from app.errors import AltocError
from app.events import Action, ButtonsEvent, IncomingFile, TextEvent, UserTurn
from channels.telegram.buttons import ButtonCodec
from channels.telegram.keys import bot_token, derived_key, redact_token_in_logs
from channels.telegram.ordering import PerUserUpdateProcessor
from channels.telegram.payments import StarsPayments
from channels.telegram.sink import TelegramSink

log = logging.getLogger(__name__)
CHANNEL = "telegram"
ALLOWED_UPDATES = ["message", "callback_query", "pre_checkout_query"]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def menu() -> list[tuple[str, str]]:
    """The menu Telegram shows next to the text box (setMyCommands): every command, with the text /help shows."""
    return [(c.name, c.help[:1].upper() + c.help[1:]) for c in COMMANDS.values()]


NOT_READABLE = (
    "I read text messages and files: send your CV or a job ad as a document (PDF, Word, LinkedIn export .zip, "
    "text or JSON Resume), or type /help."
)


class TelegramBot:
    """Translates Telegram updates into turns for the core, one person at a time, in order."""

    def __init__(self, runtime: Runtime, token: str) -> None:
        self.runtime = runtime
        self.codec = ButtonCodec(derived_key(token, "buttons"))
        self.payments = StarsPayments(runtime)

    async def on_update(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not isinstance(update, Update):
            return
        if update.pre_checkout_query is not None:  # Telegram Stars: answered within 10 s, never queued
            await self.payments.pre_checkout(update.pre_checkout_query)
        elif update.callback_query is not None:
            await self._press(update)
        elif update.message is not None:
            await self._message(update.message)
        # Edited messages, channel posts, polls...: not part of a conversation with the assistant.

    async def _message(self, message: Message) -> None:
        user, chat = message.from_user, message.chat
        if user is None or user.is_bot:
            return
        sink = TelegramSink(message.get_bot(), chat.id, self.codec)
        if message.successful_payment is not None:  # money was taken: credited whatever the chat
            await self.payments.paid(message, sink)
            return
        if message.refunded_payment is not None:
            await self.payments.refunded(message, sink)
            return
        if chat.type != ChatType.PRIVATE:
            await sink.emit(TextEvent("I work in private chats only: open a chat with me and say hello there."))
            await sink.flush()
            return
        text = message.text or message.caption or ""
        command = parse_command(text)
        if command is not None and command.name == "start":
            await self._start(message, sink)
            return
        files: tuple[IncomingFile, ...] = ()
        if message.document is not None:
            incoming = await self._download(message, sink)
            if incoming is None:
                await sink.flush()
                return
            files = (incoming,)
        elif not message.text:
            await sink.emit(TextEvent(NOT_READABLE))
            await sink.flush()
            return
        await self._turn(sink, message, text=text if not files else "", files=files)

    async def _start(self, message: Message, sink: TelegramSink) -> None:
        """/start (the first thing Telegram sends): the same welcome as the web chat."""
        assert message.from_user is not None
        try:
            greeting = await welcome(self.runtime, (CHANNEL, str(message.from_user.id)), str(message.chat.id))
        except AltocError as exc:  # the database stopped answering: say so rather than stay silent
            await sink.emit(TextEvent(exc.message))
        else:
            await sink.emit(TextEvent(greeting.text))
            if greeting.has_cv:
                await sink.emit(ButtonsEvent((SHOW, CONTINUE)))
        await sink.flush()

    async def _download(self, message: Message, sink: TelegramSink) -> IncomingFile | None:
        """The document's bytes, or None after telling the person why not (too big, download failed)."""
        document = message.document
        assert document is not None
        limit = self.runtime.settings.max_upload_bytes
        name = document.file_name or "file"
        if document.file_size is not None and document.file_size > limit:
            await sink.emit(
                TextEvent(
                    f"{name} is {document.file_size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB. "
                    "Send a smaller file, or paste the text."
                )
            )
            return None
        await sink.typing()
        try:
            file = await document.get_file()
            data = bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("could not download a document from Telegram: %s", exc)
            await sink.emit(TextEvent(f"I could not download {name} from Telegram. Please send it again."))
            return None
        return IncomingFile(name=name, data=data, mime=document.mime_type)

    async def _press(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        chat = query.message.chat if query.message is not None else None
        if chat is None or query.from_user is None:
            await query.answer()
            return
        press = self.codec.decode(query.data, chat.id)
        try:
            await query.answer()  # stops the button's spinner; the answer itself comes as messages
        except TelegramError as exc:  # e.g. the query is too old: the press still counts
            log.info("answerCallbackQuery failed: %s", exc)
        sink = TelegramSink(query.get_bot(), chat.id, self.codec)
        if press is None:
            await sink.emit(TextEvent("That button has expired or is no longer available. /help lists what I can do."))
            await sink.flush()
            return
        await self._turn(sink, None, button=press, user_id=query.from_user.id, name=query.from_user.full_name)

    async def _turn(
        self,
        sink: TelegramSink,
        message: Message | None,
        *,
        text: str = "",
        files: tuple[IncomingFile, ...] = (),
        button: Action | None = None,
        user_id: int | None = None,
        name: str | None = None,
    ) -> None:
        if message is not None and message.from_user is not None:
            user_id, name = message.from_user.id, message.from_user.full_name
        assert user_id is not None
        turn = UserTurn(
            channel=CHANNEL,
            external_user_id=str(user_id),
            display_name=name,
            thread_id=str(sink.chat_id),
            text=text,
            files=files,
            button=button,
        )
        await sink.typing()
        try:
            await self.runtime.service.handle(turn, sink)
        finally:
            await sink.flush()

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Telegram refused or could not be reached while answering: log it (the turn itself was stored)."""
        log.error("Telegram update failed: %s", context.error, exc_info=context.error)


def build_application(runtime: Runtime, *, webhook: bool = False) -> AnyApplication:
    """The PTB application for `runtime`: every update to the core, per-person ordering, the command menu."""
    settings = runtime.settings
    token = bot_token(settings)
    redact_token_in_logs(token)
    bot = TelegramBot(runtime, token)
    builder = ApplicationBuilder().token(token).concurrent_updates(PerUserUpdateProcessor())
    base = api_base_url(settings)
    if base is not None:
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    application.add_handler(TypeHandler(Update, bot.on_update))
    application.add_error_handler(bot.on_error)
    return application


def api_base_url(settings: Settings) -> str | None:
    """TELEGRAM_API_BASE_URL without a trailing slash (or a /bot suffix someone copied from the docs)."""
    if not settings.telegram_api_base_url:
        return None
    base = settings.telegram_api_base_url.strip().rstrip("/")
    return base.removesuffix("/bot")


async def _set_menu(application: AnyApplication) -> None:
    try:
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in menu()])
    except TelegramError as exc:  # the menu is a convenience: the bot works without it
        log.warning("could not set the Telegram command menu: %s", exc)


async def start(application: AnyApplication, *, webhook_url: str | None = None, secret: str | None = None) -> None:
    """Start inside a running event loop (the web server, tests): webhook when `webhook_url`, else polling."""
    await application.initialize()
    await _set_menu(application)
    if webhook_url is not None:
        await application.bot.set_webhook(webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
    else:
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, allowed_updates=ALLOWED_UPDATES)
    await application.start()


async def stop(application: AnyApplication) -> None:
    """Stop taking updates, finish the ones under way, and close the HTTP connections."""
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    await application.shutdown()


def run_polling(runtime: Runtime) -> None:
    """`altoc telegram`: long polling until Ctrl-C, then the database is released."""
    application = build_application(runtime)

    async def close(_: AnyApplication) -> None:
        await runtime.close()

    application.post_init = _set_menu
    application.post_shutdown = close
    try:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except TelegramError as exc:
        raise AltocError(f"Telegram refused to start the bot: {exc}") from exc
