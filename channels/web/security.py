"""What every web response and request goes through: the session behind a sign-in cookie must still be open
(signing out ends it on the server), cookies are `Secure` over HTTPS, and pages may not be framed or run
scripts other than their own (Content-Security-Policy with hashes of the page's inline scripts).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any

from channels.http.origin_guard import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

SessionCheck = Callable[[uuid.UUID], Awaitable[bool]]
TokenReader = Callable[[str], dict[str, Any] | None]

# Requests that never carry a person's data (Chainlit serves them without sign-in): no look-up for them.
_OPEN_PREFIXES = (
    "/assets/", "/public/", "/favicon", "/logo", "/avatars/", "/health", "/login", "/logout", "/auth/config",
    "/project/translations",
)  # fmt: skip
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
AUTH_COOKIE = "access_token"
UNAVAILABLE = b"The service is having trouble reaching its database. Please try again in a minute.\n"


def content_security_policy(script_hashes: list[str]) -> str:
    """The page's policy. Styles may be inline (the chat UI sets them at run time); scripts only ours.

    Chainlit's page links the KaTeX stylesheet from jsDelivr (unused: LaTeX is off); it may load, no script may.
    """
    # 'unsafe-eval': Chainlit compiles custom elements (public/elements/*.jsx, ours only) with `new Function`.
    scripts = " ".join(["'self'", "'unsafe-eval'", *(f"'sha256-{h}'" for h in script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
            "font-src 'self' data: https://cdn.jsdelivr.net",
            "img-src 'self' data: blob:",
            "media-src 'self' data: blob:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def inline_script_hashes(html: bytes) -> list[str]:
    return [base64.b64encode(hashlib.sha256(body).digest()).decode() for body in _INLINE_SCRIPT.findall(html)]


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {name.lower(): value for name, value in scope.get("headers", [])}


def session_token(scope: Scope) -> str | None:
    """The sign-in token a request carries: Chainlit's cookie (possibly in chunks) or a bearer header."""
    headers = _headers(scope)
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # a malformed Cookie header: Chainlit will not find a token in it either
        return None
    values = {key: morsel.value for key, morsel in cookie.items()}
    if AUTH_COOKIE in values:
        return values[AUTH_COOKIE]
    chunks = []
    while f"{AUTH_COOKIE}_{len(chunks)}" in values:
        chunks.append(values[f"{AUTH_COOKIE}_{len(chunks)}"])
    if chunks:
        return "".join(chunks)
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _without_token(scope: Scope) -> Scope:
    """The request as if it carried no sign-in: Chainlit then treats it as signed out."""
    kept = []
    for name, value in scope.get("headers", []):
        if name.lower() == b"authorization":
            continue
        if name.lower() == b"cookie":
            parts = [p for p in value.split(b";") if not p.strip().startswith(AUTH_COOKIE.encode())]
            value = b";".join(parts)
        kept.append((name, value))
    return {**scope, "headers": kept}


class WebSecurity:
    """ASGI middleware for HTTP and websocket requests (see the module docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        read_token: TokenReader,
        session_open: SessionCheck,
        secure_cookies: str = "auto",
        public_https: bool = False,
    ) -> None:
        self.app = app
        self.read_token = read_token
        self.session_open = session_open
        self.secure_cookies = secure_cookies
        self.public_https = public_https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        ended = False
        if not scope.get("path", "").startswith(_OPEN_PREFIXES):
            try:
                ended = await self.session_ended(scope)
            except Exception:
                log.warning("could not check a web session", exc_info=True)
                await self.unavailable(scope, receive, send)
                return
        if ended:
            scope = _without_token(scope)
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, self.wrap_send(scope, send, clear_cookie=ended))

    async def session_ended(self, scope: Scope) -> bool:
        """Whether the request's sign-in token is genuine but its session is over (signed out, or from before
        server-side sessions). A token that is not genuine is left to Chainlit, which refuses it."""
        token = session_token(scope)
        if token is None:
            return False
        payload = self.read_token(token)
        if payload is None:
            return False
        metadata = payload.get("metadata") or {}
        try:
            session_id = uuid.UUID(str(metadata.get("sid")))
        except ValueError:
            return True
        return not await self.session_open(session_id)

    def secure(self, scope: Scope) -> bool:
        if self.secure_cookies != "auto":
            return self.secure_cookies == "true"
        return self.public_https or scope.get("scheme") in ("https", "wss")

    def wrap_send(self, scope: Scope, send: Send, *, clear_cookie: bool) -> Send:
        secure = self.secure(scope)
        html: dict[str, Any] = {}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(n, v) for n, v in message.get("headers", []) if n.lower() != b"content-security-policy"]
                headers = [(n, _secure_cookie(v) if secure and n.lower() == b"set-cookie" else v) for n, v in headers]
                if clear_cookie:
                    headers.append((b"set-cookie", _secure_cookie(_CLEAR) if secure else _CLEAR))
                headers += [
                    (b"x-frame-options", b"DENY"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                ]
                content_type = dict((n.lower(), v) for n, v in headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    html["start"], html["body"] = {**message, "headers": headers}, b""  # hashed once complete
                    return
                headers.append((b"content-security-policy", content_security_policy([]).encode()))
                await send({**message, "headers": headers})
                return
            if message["type"] == "http.response.body" and "start" in html:
                html["body"] += message.get("body", b"")
                if message.get("more_body"):
                    return
                start = html.pop("start")
                page = html["body"]
                if dict((n.lower(), v) for n, v in start["headers"]).get(b"content-encoding") == b"gzip":
                    page = gzip.decompress(page)  # Chainlit compresses its pages for browsers that accept it
                policy = content_security_policy(inline_script_hashes(page))
                start["headers"] = [*start["headers"], (b"content-security-policy", policy.encode())]
                await send(start)
                await send({"type": "http.response.body", "body": html["body"]})
                return
            await send(message)

        return send_with_headers

    @staticmethod
    async def unavailable(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await receive()
            await send({"type": "websocket.close", "code": 1011})
            return
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(UNAVAILABLE)).encode())]
        await send({"type": "http.response.start", "status": 503, "headers": [*headers, (b"retry-after", b"30")]})
        await send({"type": "http.response.body", "body": UNAVAILABLE})


_CLEAR = f'{AUTH_COOKIE}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; HttpOnly; SameSite=lax'.encode()


def _secure_cookie(value: bytes) -> bytes:
    attributes = [part.strip().lower() for part in value.split(b";")[1:]]
    return value if b"secure" in attributes else value + b"; Secure"
