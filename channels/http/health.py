"""`GET /health`, a route of our app that asks the database (Chainlit's own, which it replaces, answers "ok"
whatever happens), and the watch over the embedded PostgreSQL inside `altoc serve`. No Chainlit import."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import Any

from channels.web.lifecycle import WEB_RUNTIME

log = logging.getLogger(__name__)
HEALTH_PATH = "/health"
SUPERVISE_SECONDS = 5.0  # how often the serving process looks at the embedded postmaster between requests
UNRECOVERABLE_EXIT = 3


async def health() -> tuple[int, dict[str, str]]:
    """(HTTP status, body): 200 when `SELECT 1` answers in time, else 503 with the reason."""
    try:
        runtime = await WEB_RUNTIME.get()
    except Exception as exc:  # the runtime never started (its error was printed at start-up)
        return 503, {"status": "unavailable", "reason": f"the assistant could not start: {exc}"}
    problem = await runtime.db.ping()
    if problem is not None:
        return 503, {"status": "unavailable", "reason": problem}
    return 200, {"status": "ok", "database": "ok"}


def health_route() -> Any:
    """`GET /health`: 200 with the database answering, else 503 and why (never cached)."""
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def endpoint(request: Request) -> JSONResponse:
        status, body = await health()
        return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})

    return Route(HEALTH_PATH, endpoint, methods=["GET"])


def exit_for_the_supervisor(message: str) -> None:
    """The embedded database cannot be restarted from here: say why and exit non-zero (systemd, Docker and the
    like then restart the whole process, which starts the database afresh)."""
    print(f"altoc: {message}; exiting so that altoc can be started again", file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(UNRECOVERABLE_EXIT)


_SUPERVISORS: set[asyncio.Task[None]] = set()  # a reference, so the running task is not garbage-collected


def start_supervision(runtime: Any) -> None:
    """Watch the embedded PostgreSQL from the server's event loop; nothing to watch with DATABASE_URL."""
    if runtime.db.embedded_server is None:
        return
    task = asyncio.create_task(runtime.db.supervise(SUPERVISE_SECONDS), name="altoc-db-supervisor")
    _SUPERVISORS.add(task)
    task.add_done_callback(_SUPERVISORS.discard)
