"""The FastAPI app `altoc serve` runs. Its routes, in the order they are matched:

1. our own (`GET /health`; with Stripe, its webhook and Checkout's return page: channels/http/billing.py), then
   every served channel's (the web chat's sign-in and file routes, the Telegram webhook, ...): ordinary routes
   of this app;
2. what the channels install after them: the web chat mounts Chainlit at `/`, so any path no route of ours
   answers is Chainlit's (its page, its API, its Socket.IO). Where a route of ours has the path of one of
   Chainlit's, ours answers: channels/web/chainlit_internals.py lists those, in one place.

Every request passes the origin guard first (the outermost middleware): only the pages this server serves may
call it, except on the channels' external paths (webhooks with their own secret).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from channels.http.health import health_route, start_supervision
from channels.http.origin_guard import LocalOriginGuard, allowed_hosts
from channels.registry import Channel, Serving
from channels.web.lifecycle import WEB_RUNTIME, WebRuntime

log = logging.getLogger(__name__)


def build_app(serving: Serving, channels: Sequence[Channel], runtime: WebRuntime = WEB_RUNTIME) -> FastAPI:
    """Our app with `channels` in it; the runtime (started elsewhere) is awaited when the server starts."""
    app = FastAPI(lifespan=_lifespan(channels, runtime), docs_url=None, redoc_url=None, openapi_url=None)
    app.router.routes.append(health_route())
    external: list[str] = []
    if serving.settings.stripe_secret_key is not None:
        from channels.http.billing import WEBHOOK_PATH, stripe_routes

        app.router.routes.extend(stripe_routes(runtime))
        external.append(WEBHOOK_PATH)  # its signature is its authentication
    for channel in channels:
        app.router.routes.extend(channel.routes(serving))
    for channel in channels:
        if channel.install is not None:
            channel.install(app, serving)
    external += [path for channel in channels for path in channel.external_paths(serving)]
    app.add_middleware(LocalOriginGuard, hosts=allowed_hosts(serving.host, serving.port), open_paths=external)
    return app


def _lifespan(channels: Sequence[Channel], source: WebRuntime) -> Any:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Start the channels once the runtime is up (and watch the embedded PostgreSQL from here); stop them
        in reverse order at shutdown, then release the database."""
        runtime = await source.get()
        start_supervision(runtime)
        started: list[Channel] = []
        try:
            for channel in channels:
                if channel.start is not None:
                    await channel.start(runtime)
                started.append(channel)
            yield
        finally:
            for channel in reversed(started):
                if channel.stop is not None:
                    try:
                        await channel.stop()
                    except Exception:  # one channel's trouble must not keep the others, or the database, open
                        log.warning("the %s channel did not stop cleanly", channel.name, exc_info=True)
            await source.close()
            app.state.stopped = True  # a clean shutdown: see channels.http.serve

    return lifespan
