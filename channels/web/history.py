"""Chat history for the web chat: Chainlit's SQLAlchemy data layer on our PostgreSQL (schema `chainlit`,
created by our migrations) and a storage client that keeps files in the data dir, served only to their owner."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import chainlit as cl
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from fastapi import Depends, HTTPException
from fastapi.responses import FileResponse

from channels.web.lifecycle import WEB_RUNTIME

FILES_ROUTE = "/altoc/files"
_SAFE_KEY = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._ ()+,@'-]+)*$")


class LocalFileStorage(BaseStorageClient):
    """Files of chat messages (exported PDFs, uploads) under one folder; keys start with the owner's id."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, object_key: str) -> Path:
        if not _SAFE_KEY.match(object_key) or ".." in object_key.split("/"):
            raise ValueError(f"unsafe object key {object_key!r}")
        return self.root / object_key

    async def upload_file(
        self,
        object_key: str,
        data: bytes | str,
        mime: str = "application/octet-stream",
        overwrite: bool = True,
        content_disposition: str | None = None,
    ) -> dict[str, Any]:
        path = self.path_of(object_key)
        if path.exists() and not overwrite:
            return {"object_key": object_key, "url": await self.get_read_url(object_key)}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def delete_file(self, object_key: str) -> bool:
        path = self.path_of(object_key)
        if path.is_file():
            path.unlink()
            return True
        return False

    async def get_read_url(self, object_key: str) -> str:
        return f"{FILES_ROUTE}/{object_key}"

    async def close(self) -> None:
        return None


def files_root() -> Path:
    return WEB_RUNTIME.wait().settings.altoc_data_dir / "web" / "chat-files"


@cl.data_layer
def chat_history() -> SQLAlchemyDataLayer | None:
    """Threads, messages and files of the web chat, in our database (Chainlit's tables, our migrations)."""
    try:
        runtime = WEB_RUNTIME.wait()
    except RuntimeError:  # shutting down before any page asked for history: there is nothing to close
        return None
    return SQLAlchemyDataLayer(
        conninfo=runtime.db.url,
        connect_args={"options": "-c search_path=chainlit"},
        storage_provider=LocalFileStorage(files_root()),
    )


async def serve_chat_file(object_key: str, user: Any) -> FileResponse:
    """A stored chat file, for the signed-in person it belongs to only."""
    owner = object_key.split("/", 1)[0]
    if getattr(user, "id", None) is None or owner != str(user.id):
        raise HTTPException(status_code=404, detail="Not found")
    try:
        path = LocalFileStorage(files_root()).path_of(object_key)
    except ValueError:
        raise HTTPException(status_code=404, detail="Not found") from None
    if not path.is_file():
        raise HTTPException(status_code=404, detail="Not found")
    return FileResponse(path, filename=path.name)


def install_routes(app: Any) -> None:
    """Our routes go before Chainlit's catch-all GET (which would answer them with the chat page)."""
    from chainlit.auth import get_current_user
    from fastapi.routing import APIRoute

    async def chat_file(object_key: str, user: Any = Depends(get_current_user)) -> FileResponse:  # noqa: B008
        return await serve_chat_file(object_key, user)

    route = APIRoute(f"{FILES_ROUTE}/{{object_key:path}}", chat_file, methods=["GET"])
    app.router.routes.insert(0, route)
