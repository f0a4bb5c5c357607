"""What the web tests and the web benchmarks share: a free port, Chromium's flags, and the shapes of
Chainlit's sign-in form and chat messages as its frontend sends them."""

from __future__ import annotations

import socket
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sign_in(url: str, email: str, password: str) -> str:
    """POST the sign-in form as the browser does (the first one creates the account); returns the
    session cookie ("access_token=...")."""
    body = urllib.parse.urlencode({"username": email, "password": password}).encode()
    request = urllib.request.Request(url + "/login", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        cookies = response.headers.get_all("Set-Cookie") or []
    return next(c.split(";", 1)[0] for c in cookies if c.startswith("access_token="))


def user_message(thread_id: str, text: str) -> dict[str, Any]:
    """A `client_message` payload as Chainlit's frontend sends it."""
    message = {
        "id": str(uuid.uuid4()),
        "threadId": thread_id,
        "type": "user_message",
        "name": "User",
        "output": text,
        "createdAt": datetime.now(UTC).isoformat(),
    }
    return {"message": message, "fileReferences": None}
