"""A test-only channel, registered from here alone, as a new channel would be from its own `channel.py`:
one route (`GET /echo/{text}`) and a start and a stop that say so on stderr."""

from __future__ import annotations

import sys
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from channels.registry import Channel, Serving, register

EVENTS: list[str] = []


async def echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(request.path_params["text"])


def routes(serving: Serving) -> list[Any]:
    return [Route("/echo/{text}", echo, methods=["GET"])]


async def start(runtime: Any) -> None:
    EVENTS.append("started")
    print(f"echo channel started ({', '.join(sorted(runtime.channel_names))})", file=sys.stderr, flush=True)


async def stop() -> None:
    EVENTS.append("stopped")
    print("echo channel stopped", file=sys.stderr, flush=True)


def _always(settings: Any) -> bool:
    return True


ECHO = Channel(name="echo", display_name="echo chat", served=_always, routes=routes, start=start, stop=stop)
register(ECHO)
