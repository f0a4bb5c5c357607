"""The Telegram bot as a channel of `altoc serve`: on when TELEGRAM_BOT_TOKEN is set; by webhook (a route of our
HTTP app at TELEGRAM_WEBHOOK_URL's path) when that is set, else by long polling in the same process."""

from __future__ import annotations

from typing import Any

from channels.registry import Channel, Serving, register
from channels.telegram.service import TELEGRAM, telegram_enabled, webhook_path, webhook_route


def routes(serving: Serving) -> list[Any]:
    path = webhook_path(serving.settings)
    return [webhook_route(path)] if path else []


def external_paths(serving: Serving) -> list[str]:
    """Telegram's servers call the webhook under the public host name; its secret token is the check."""
    path = webhook_path(serving.settings)
    return [path] if path else []


async def start(runtime: Any) -> None:
    TELEGRAM.start_in_background(runtime)  # a bot that cannot start is reported; the web chat keeps serving


register(
    Channel(
        name="telegram",
        display_name="Telegram",
        served=telegram_enabled,
        routes=routes,
        external_paths=external_paths,
        start=start,
        stop=TELEGRAM.stop,
        position=20,
    )
)
