"""Chainlit's transport limits, set so that too much input gets our clear answer instead of a 500 or a drop.

- An empty file on Chainlit's upload route (`POST /project/file`) raised inside Chainlit (HTTP 500):
  our route in front answers 400 with a sentence, and hands every other upload to Chainlit's own.
- Socket.IO closes the connection on a frame over `max_http_buffer_size` (1 MB by default), so a long
  paste vanished without an answer. The limit is raised well above ALTOC_MAX_MESSAGE_CHARS, so the
  core's "That message is N characters long; the limit is ..." answers instead.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, UploadFile
from fastapi.responses import JSONResponse

FRAME_FLOOR = 8_000_000  # bytes: a paste of a few MB still reaches the core, which says it is too long


def frame_limit(max_message_chars: int) -> int:
    """Bytes a websocket frame may have: a message at the limit, JSON-escaped (up to 6 bytes a character)."""
    return max(FRAME_FLOOR, 6 * max_message_chars + 1_000_000)


def install_limits(app: Any, max_message_chars: int) -> None:
    """Set the Socket.IO frame limit and put our upload route in front of Chainlit's."""
    from chainlit.auth import get_current_user
    from chainlit.server import sio, upload_file
    from fastapi.routing import APIRoute

    sio.eio.max_http_buffer_size = frame_limit(max_message_chars)

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

    route = APIRoute("/project/file", checked_upload, methods=["POST"])
    app.router.routes.insert(0, route)
