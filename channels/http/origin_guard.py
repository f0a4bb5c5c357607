"""Refuse requests sent by other web pages or under foreign host names (DNS rebinding).

Chainlit's `allow_origins` only sets CORS headers on HTTP; its socket.io server accepts a websocket
from any origin. Without sign-in, that would let any page the person visits drive their CV chat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, MutableMapping
from typing import Any
from urllib.parse import urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

WILDCARD_HOSTS = ("0.0.0.0", "::", "")
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """`Host` header values the server answers to; None (any) when it listens on every interface."""
    if host in WILDCARD_HOSTS:
        return None
    names = {*LOOPBACK_NAMES, f"[{host}]" if ":" in host else host}
    values = {f"{name}:{port}" for name in names}
    if port == 80:
        values |= names
    return frozenset(value.lower() for value in values)


def local_origins(host: str, port: int) -> list[str]:
    """Origins of the pages this server itself serves, for Chainlit's CORS `allow_origins`."""
    names = ["localhost", "127.0.0.1"]
    if host not in (*WILDCARD_HOSTS, "localhost", "127.0.0.1", "::1"):
        names.append(f"[{host}]" if ":" in host else host)
    return [f"http://{name}:{port}" for name in names]


class LocalOriginGuard:
    """ASGI middleware: a request must name one of our hosts and, if it has an `Origin`, come from it."""

    def __init__(self, app: ASGIApp, hosts: Collection[str] | None, open_paths: Collection[str] = ()) -> None:
        self.app = app
        self.hosts = None if hosts is None else frozenset(h.lower() for h in hosts)
        # Server-to-server endpoints with their own authentication (the Telegram webhook's secret token),
        # reached under the public host name a proxy forwards.
        self.open_paths = frozenset(open_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("path") in self.open_paths:
            await self.app(scope, receive, send)
            return
        if scope["type"] in ("http", "websocket") and not self.accepts(scope):
            await self.refuse(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def accepts(self, scope: Scope) -> bool:
        headers = {name.lower(): value for name, value in scope.get("headers", [])}
        host = headers.get(b"host", b"").decode("latin-1").lower()
        if self.hosts is not None and host not in self.hosts:
            return False
        origin = headers.get(b"origin")
        # Same-origin requests name our own host; a page elsewhere sends its own origin (or "null").
        return origin is None or urlsplit(origin.decode("latin-1")).netloc.lower() == host

    @staticmethod
    async def refuse(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await receive()  # websocket.connect; closing before accepting answers HTTP 403
            await send({"type": "websocket.close", "code": 1008})
            return
        body = b"Forbidden: this chat only answers the pages it serves itself.\n"
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
