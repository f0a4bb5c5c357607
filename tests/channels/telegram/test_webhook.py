"""Webhook mode as `altoc serve` runs it: setWebhook with a secret, a route that refuses any other secret."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from app.assistant.conversation import ConversationService
from app.assistant.runtime import Runtime
from channels.http.origin_guard import LocalOriginGuard
from channels.telegram.keys import webhook_secret
from channels.telegram.service import SECRET_HEADER, TelegramInServer, webhook_path, webhook_route
from tests.channels.telegram.test_bot import telegram_settings, until
from tests.fakes.telegram_server import FakeTelegram

HOOK = "https://cv.example.com/telegram/hook"


@pytest.fixture
async def served(db: Any, tmp_path: Path) -> AsyncIterator[tuple[FakeTelegram, httpx.AsyncClient, Any]]:
    fake = FakeTelegram().start()
    settings = telegram_settings(tmp_path, fake.url, telegram_webhook_url=HOOK)
    runtime = Runtime(settings, db, None, ConversationService(db, settings))
    telegram = TelegramInServer()
    path = webhook_path(settings)
    assert path == "/telegram/hook"

    async def page(request: Any) -> PlainTextResponse:
        return PlainTextResponse("chat page")

    app = Starlette(routes=[webhook_route(path, telegram), Route("/", page)])
    guarded = LocalOriginGuard(app, hosts={"127.0.0.1:8000"}, open_paths=[path])
    await telegram.start(runtime)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=guarded), base_url="https://cv.example.com")
    try:
        yield fake, client, settings
    finally:
        await client.aclose()
        await telegram.stop()
        fake.stop()


async def test_the_webhook_takes_updates_only_with_the_secret(served: Any) -> None:
    fake, client, settings = served
    secret = webhook_secret(settings)
    registered = next(params for method, params in fake.calls if method == "setWebhook")
    assert registered["url"] == HOOK and registered["secret_token"] == secret
    assert not any(method == "getUpdates" for method, _ in fake.calls)  # no polling in webhook mode

    update = {"update_id": 1, "message": fake.message(601, "/help")}
    body = json.dumps(update)
    for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: secret[:-1]}):
        refused = await client.post("/telegram/hook", content=body, headers=headers)
        assert refused.status_code == 403
    bad = await client.post("/telegram/hook", content="not json", headers={SECRET_HEADER: secret})
    assert bad.status_code == 400
    assert fake.sent_to(601) == []  # nothing reached the bot

    accepted = await client.post("/telegram/hook", content=body, headers={SECRET_HEADER: secret})
    assert accepted.status_code == 200
    replies = await until(lambda: fake.sent_to(601))
    assert "/undo" in replies[0].text

    # The page under a foreign host name is still refused: only the webhook path is open.
    assert (await client.get("/")).status_code == 403


async def test_a_configured_secret_must_be_one_telegram_accepts(tmp_path: Path) -> None:
    from app.errors import ConfigurationError

    settings = telegram_settings(tmp_path, "http://127.0.0.1:9", telegram_webhook_secret="has spaces!")
    with pytest.raises(ConfigurationError, match="letters, digits"):
        webhook_secret(settings)
    assert webhook_secret(telegram_settings(tmp_path, "http://127.0.0.1:9")) == webhook_secret(
        telegram_settings(tmp_path, "http://127.0.0.1:9")
    )  # derived from the token: the same in every worker and after a restart
