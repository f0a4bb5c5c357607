"""Telegram inside `altoc serve`: a webhook route on the web server when TELEGRAM_WEBHOOK_URL is set,
else long polling in the same process. Started and stopped with the web app.

The webhook route checks `X-Telegram-Bot-Api-Secret-Token` (set with setWebhook) before reading anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import sys
from typing import Any
from urllib.parse import urlsplit

from app.assistant.runtime import Runtime
from app.config import Settings
from channels.telegram.keys import configured_token

log = logging.getLogger(__name__)
DEFAULT_WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1_000_000  # an update is a few kB; documents come by file_id, not inline


def telegram_enabled(settings: Settings) -> bool:
    return configured_token(settings) is not None


def webhook_path(settings: Settings) -> str | None:
    """The path the webhook route listens on (that of TELEGRAM_WEBHOOK_URL), or None in polling mode."""
    if not settings.telegram_webhook_url:
        return None
    return urlsplit(settings.telegram_webhook_url).path.rstrip("/") or DEFAULT_WEBHOOK_PATH


class TelegramInServer:
    """The bot's lifecycle inside the web server, and its webhook endpoint."""

    def __init__(self) -> None:
        self.application: Any = None
        self.secret: str | None = None
        self._starting: asyncio.Task[None] | None = None

    def start_in_background(self, runtime: Runtime) -> None:
        """Start the bot without holding up the web chat; a bot that cannot start is reported, not fatal."""

        async def run() -> None:
            try:
                await self.start(runtime)
            except Exception as exc:  # a wrong token, Telegram unreachable: say so, keep serving the web chat
                log.error("The Telegram bot could not start: %s", exc)
                print(f"altoc: the Telegram bot could not start: {exc}", file=sys.stderr, flush=True)

        self._starting = asyncio.create_task(run(), name="altoc-telegram-start")

    async def start(self, runtime: Runtime) -> None:
        from channels.telegram.bot import build_application, start, stop
        from channels.telegram.keys import webhook_secret

        settings = runtime.settings
        webhook = settings.telegram_webhook_url
        application = build_application(runtime, webhook=webhook is not None)
        secret = webhook_secret(settings) if webhook else None
        try:
            await start(application, webhook_url=webhook, secret=secret)
        except BaseException:
            with contextlib.suppress(Exception):
                await stop(application)  # close what did start (its HTTP connections)
            raise
        self.application, self.secret = application, secret
        log.warning("Telegram bot started (%s)", "webhook" if webhook else "long polling")

    async def stop(self) -> None:
        from channels.telegram.bot import stop

        starting, self._starting = self._starting, None
        if starting is not None and not starting.done():
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
        application, self.application = self.application, None
        if application is not None:
            await stop(application)

    async def receive(self, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        """One webhook request: (HTTP status, text). Only a request with our secret reaches the bot."""
        from telegram import Update

        given = headers.get(SECRET_HEADER.lower(), "")
        if self.application is None or self.secret is None:
            return 503, "the Telegram bot is not running"
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return 403, "wrong secret token"
        if len(body) > MAX_UPDATE_BYTES:
            return 413, "update too large"
        try:
            data = json.loads(body)
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("a webhook request was not a Telegram update: %s", exc)
            return 400, "not a Telegram update"
        await self.application.update_queue.put(update)
        return 200, "ok"


TELEGRAM = TelegramInServer()


def webhook_route(path: str, telegram: TelegramInServer = TELEGRAM) -> Any:
    """POST `path` → the bot, a route of our HTTP app (reached under the public host name: see channel.py)."""
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def endpoint(request: Request) -> PlainTextResponse:
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_UPDATE_BYTES:
            return PlainTextResponse("update too large", status_code=413)
        body = await request.body()
        status, text = await telegram.receive({k.lower(): v for k, v in request.headers.items()}, body)
        return PlainTextResponse(text, status_code=status)

    return Route(path, endpoint, methods=["POST"])
