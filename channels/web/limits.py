"""Chainlit's transport limits, set so that too much input gets our clear answer instead of a 500 or a drop.

- An empty file on Chainlit's upload route (`POST /project/file`) raised inside Chainlit (HTTP 500):
  our route, which replaces it, answers 400 with a sentence and hands every other upload to Chainlit's.
- Socket.IO closed the connection on a frame over `max_http_buffer_size` (1 MB), so a long paste
  vanished without an answer. The limit now sits just above what a message of ALTOC_MAX_MESSAGE_CHARS
  can take (so up to there the core's own "That message is N characters long" answers), and a larger
  frame is swapped, before Socket.IO reads it, for a small event that tells the person it was too long;
  the connection stays, and Chainlit neither parses nor keeps the rest in the chat's history.
  Frames over uvicorn's websocket limit (16 MiB) are closed by uvicorn before any of this.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Depends, UploadFile
from fastapi.responses import JSONResponse

TOO_LARGE_EVENT = "altoc_too_large"
# A JSON-escaped NUL (an odd backslash before u0000): PostgreSQL refuses it in Chainlit's history tables.
_JSON_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def frame_limit(max_message_chars: int) -> int:
    """Bytes a websocket frame may have: a message at the limit, JSON-escaped (up to 6 bytes a character), and
    its event's envelope. A larger frame never reaches Chainlit, which would parse it and keep it in the chat's
    history before our "too long" could answer."""
    return 6 * max_message_chars + 64_000


class OversizeFrames:
    """ASGI middleware: a websocket event frame over `limit` reaches Socket.IO as a small TOO_LARGE_EVENT;
    NULs leave every other frame before Chainlit stores the message in its history."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return

        async def checked_receive() -> Any:
            message = await receive()
            if message.get("type") == "websocket.receive":
                data = message.get("text") or message.get("bytes") or ""
                if len(data) > self.limit:
                    # Engine.IO "4" (message) + Socket.IO "2" (event): the default namespace's event.
                    return {"type": "websocket.receive", "text": f'42["{TOO_LARGE_EVENT}",{len(data)}]'}
                if isinstance(data, str) and "\\u0000" in data:
                    return {**message, "text": _JSON_NUL.sub(r"\1", data)}
            return message

        await self.app(scope, checked_receive, send)


def install_limits(app: Any, max_message_chars: int) -> None:
    """Set the Socket.IO frame limit, and answer larger frames with a sentence in the chat."""
    import chainlit as cl

    from channels.web.chainlit_internals import enter_chat, on_socket_event, set_frame_limit

    limit = frame_limit(max_message_chars)
    set_frame_limit(limit)
    app.add_middleware(OversizeFrames, limit=limit)

    async def too_large(sid: str, size: object) -> None:
        if not enter_chat(sid):
            return
        length = f" (about {size:,} characters)" if isinstance(size, int) else ""
        await cl.Message(
            content=f"That message is too long{length}; the limit is {max_message_chars:,} characters. "
            "Send it in parts, or upload it as a file."
        ).send()

    on_socket_event(TOO_LARGE_EVENT, too_large)


def upload_route() -> Any:
    """`POST /project/file`, replacing Chainlit's (chainlit_internals.OVERRIDDEN_ROUTES): an empty file is
    refused with a sentence; every other upload goes on to Chainlit's handler."""
    from chainlit.auth import get_current_user
    from fastapi.routing import APIRoute

    from channels.web.chainlit_internals import upload_file

    async def checked_upload(
        session_id: str,
        file: UploadFile,
        ask_parent_id: str | None = None,
        current_user: Any = Depends(get_current_user),  # noqa: B008  (FastAPI's way)
    ) -> Any:
        head = await file.read(1)
        if not head:
            name = file.filename or "The file"
            return JSONResponse(
                {"detail": f"{name} is empty (0 bytes). Choose the file again, or one with content."}, status_code=400
            )
        await file.seek(0)
        return await upload_file(current_user, session_id, file, ask_parent_id)

    return APIRoute("/project/file", checked_upload, methods=["POST"])
