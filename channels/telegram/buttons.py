"""Inline keyboard buttons whose callback data (64 bytes at most) is signed, so a press maps to a button we sent.

`callback_data` comes back from the person's client, which can send anything. Each button's data is
`1` + issue time + an HMAC (keyed from the bot token, bound to the chat) + a compact body; a press is
accepted only if the MAC matches and the button is less than a week old. Stateless, so every worker and
restart understands every button. A body too long for 64 bytes is kept in memory under a short id.
"""

from __future__ import annotations

import base64
import hmac
import json
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from hashlib import sha256

from app.events import Button, ButtonPress

MAX_CALLBACK_DATA = 64  # bytes, Telegram's limit
BUTTON_LIFETIME = 7 * 24 * 3600  # seconds a button keeps working
VERSION = "1"
_TIME_CHARS = 6  # minutes since the epoch, base 36
_MAC_BYTES = 9  # 72 bits, 12 base64 characters
_HEADER = len(VERSION) + _TIME_CHARS + _MAC_BYTES * 4 // 3
_STORED_LIMIT = 10_000  # long bodies kept in memory (a rare case: commands are short)


@dataclass(frozen=True)
class _Stored:
    body: str
    expires: float


class ButtonCodec:
    """Encodes `Button`s as callback data and decodes presses, refusing anything we did not sign."""

    def __init__(self, key: bytes, lifetime: float = BUTTON_LIFETIME) -> None:
        self._key = key
        self.lifetime = lifetime
        self._stored: OrderedDict[str, _Stored] = OrderedDict()

    def encode(self, button: Button, chat_id: int, now: float | None = None) -> str:
        now = time.time() if now is None else now
        body = _body(button)
        if len(body.encode()) > MAX_CALLBACK_DATA - _HEADER:
            body = self._store(body, now)
        issued = _base36(int(now // 60)).rjust(_TIME_CHARS, "0")
        return VERSION + issued + self._mac(chat_id, issued, body) + body

    def decode(self, data: str | None, chat_id: int, now: float | None = None) -> ButtonPress | None:
        """The press behind `data`, or None when it is forged, from another chat, or expired."""
        if not data or not data.startswith(VERSION) or len(data) < _HEADER + 1:
            return None
        issued = data[len(VERSION) : len(VERSION) + _TIME_CHARS]
        mac, body = data[len(VERSION) + _TIME_CHARS : _HEADER], data[_HEADER:]
        if not hmac.compare_digest(mac, self._mac(chat_id, issued, body)):
            return None
        now = time.time() if now is None else now
        try:
            age = now - int(issued, 36) * 60
        except ValueError:
            return None
        if age > self.lifetime:
            return None
        if body.startswith("s"):
            stored = self._stored.get(body[1:])
            if stored is None or stored.expires < now:
                return None
            body = stored.body
        return _press(body)

    def _mac(self, chat_id: int, issued: str, body: str) -> str:
        digest = hmac.new(self._key, f"{chat_id}|{issued}|{body}".encode(), sha256).digest()
        return base64.urlsafe_b64encode(digest[:_MAC_BYTES]).decode()

    def _store(self, body: str, now: float) -> str:
        while self._stored and (len(self._stored) >= _STORED_LIMIT or next(iter(self._stored.values())).expires < now):
            self._stored.popitem(last=False)
        key = secrets.token_urlsafe(9)
        self._stored[key] = _Stored(body, now + self.lifetime)
        return "s" + key


def _body(button: Button) -> str:
    """`c/show` for a command button (nearly all of them), else `j` + compact JSON."""
    if button.action == "command" and set(button.payload) == {"command"} and isinstance(button.payload["command"], str):
        return "c" + button.payload["command"]
    return "j" + json.dumps([button.action, button.payload], separators=(",", ":"), ensure_ascii=False)


def _press(body: str) -> ButtonPress | None:
    if body.startswith("c"):
        return ButtonPress("command", {"command": body[1:]})
    if body.startswith("j"):
        try:
            action, payload = json.loads(body[1:])
        except (ValueError, TypeError):
            return None
        if isinstance(action, str) and isinstance(payload, dict):
            return ButtonPress(action, payload)
    return None


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
        if number == 0:
            return out
