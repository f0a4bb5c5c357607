"""Inline keyboard buttons whose callback data (64 bytes at most) is signed, so a press maps to a button we sent.

`callback_data` comes back from the person's client, which can send anything. Each button's data is
`2` + issue time + an HMAC (keyed from the bot token, bound to the chat) + a compact body: the action's
kind and, when it has any, its arguments as compact JSON (`undo`, `export{"template":"modern"}`). A press
is accepted only if the MAC matches, the button is less than a week old and the body is a valid action
of a kind that still exists. Stateless, so every worker and restart understands every button. A body too
long for 64 bytes is kept in memory under a short id (`~` + id).
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

from app.events import Action, Button, action_from

MAX_CALLBACK_DATA = 64  # bytes, Telegram's limit
BUTTON_LIFETIME = 7 * 24 * 3600  # seconds a button keeps working
VERSION = "2"  # "1" carried slash-command text: such buttons now read as expired
_TIME_CHARS = 6  # minutes since the epoch, base 36
_MAC_BYTES = 9  # 72 bits, 12 base64 characters
_HEADER = len(VERSION) + _TIME_CHARS + _MAC_BYTES * 4 // 3
_STORED = "~"  # the body is kept in memory under the id that follows (never the start of an action's kind)
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

    def decode(self, data: str | None, chat_id: int, now: float | None = None) -> Action | None:
        """The action behind `data`, or None when it is forged, from another chat, expired or no longer known."""
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
        if body.startswith(_STORED):
            stored = self._stored.get(body[1:])
            if stored is None or stored.expires < now:
                return None
            body = stored.body
        return _action(body)

    def _mac(self, chat_id: int, issued: str, body: str) -> str:
        digest = hmac.new(self._key, f"{chat_id}|{issued}|{body}".encode(), sha256).digest()
        return base64.urlsafe_b64encode(digest[:_MAC_BYTES]).decode()

    def _store(self, body: str, now: float) -> str:
        while self._stored and (len(self._stored) >= _STORED_LIMIT or next(iter(self._stored.values())).expires < now):
            self._stored.popitem(last=False)
        key = secrets.token_urlsafe(9)
        self._stored[key] = _Stored(body, now + self.lifetime)
        return _STORED + key


def _body(button: Button) -> str:
    """`undo` for an action without arguments, else its kind + compact JSON: `fix{"ids":["3"],"reject":true}`."""
    arguments = button.action.arguments()
    if not arguments:
        return button.action.kind
    return button.action.kind + json.dumps(arguments, separators=(",", ":"), ensure_ascii=False)


def _action(body: str) -> Action | None:
    kind, brace, rest = body.partition("{")
    if not brace:
        return action_from(kind, {})
    try:
        arguments = json.loads(brace + rest)
    except ValueError:
        return None
    return action_from(kind, arguments)


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, remainder = divmod(number, 36)
        out = digits[remainder] + out
        if number == 0:
            return out
