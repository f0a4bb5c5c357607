"""Chat history for the web chat: Chainlit's SQLAlchemy data layer on our PostgreSQL (schema `chainlit`,
created by our migrations) and a storage client that keeps files in the data dir, served only to their owner."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import chainlit as cl
from chainlit.data import get_data_layer
from chainlit.data.sql_alchemy import SQLAlchemyDataLayer
from chainlit.data.storage_clients.base import BaseStorageClient
from chainlit.types import DeleteFeedbackRequest, UpdateFeedbackRequest
from chainlit.user import PersistedUser
from fastapi import Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response
from sqlalchemy.ext.asyncio import create_async_engine

from app.assistant.titles import NEW_CHAT
from channels.web.chainlit_internals import (
    queue_until_user_message,
    replace_engine,
    show_chat_list_again,
    thread_owner,
)
from channels.web.lifecycle import WEB_RUNTIME

FILES_ROUTE = "/altoc/files"
_SAFE_KEY = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._ ()+,@'-]+)*$")


def write_private(path: Path, data: bytes, root: Path) -> None:
    """Write a person's file readable by this user only (0600), in folders (0700) from `root` down."""
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    root.chmod(0o700)
    folder = root
    for part in path.parent.relative_to(root).parts:
        folder = folder / part
        folder.mkdir(mode=0o700, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(file.fileno(), 0o600)  # a file written before with looser permissions
        file.write(data)


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
        write_private(path, data.encode("utf-8") if isinstance(data, str) else data, self.root)
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


class ChatHistory(SQLAlchemyDataLayer):
    """Chainlit's SQLAlchemy data layer, with two mends.

    A file sent as the first message of a new chat was lost from the history: Chainlit stores the message's
    files at once, while the thread row (and its owner) is written by another task a moment later, so the
    file went under the key "unknown/..." (which our file route refuses to everyone) or not at all (no
    thread row yet). The thread is now claimed for the signed-in person before a file is stored.
    And the pool checks a connection before use, so a restarted database does not fail the next save.
    """

    def __init__(self, conninfo: str, storage_provider: BaseStorageClient) -> None:
        connect_args = {"options": "-c search_path=chainlit"}
        super().__init__(conninfo=conninfo, connect_args=connect_args, storage_provider=storage_provider)
        replace_engine(self, create_async_engine(conninfo, connect_args=connect_args, pool_pre_ping=True))

    async def update_thread(
        self,
        thread_id: str,
        name: str | None = None,
        user_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> None:
        """Chainlit names a thread after its first message ("/new", a file's name) when it claims the thread for
        its user (the only call with both): a chat is named by what it is about instead (`name_chat`)."""
        if name is not None and user_id is not None:
            name = None if await self._has_name(thread_id) else NEW_CHAT
        await super().update_thread(thread_id, name=name, user_id=user_id, metadata=metadata, tags=tags)

    async def _has_name(self, thread_id: str) -> bool:
        rows = await self.execute_sql('SELECT "name" FROM threads WHERE "id" = :id', {"id": thread_id})
        return isinstance(rows, list) and bool(rows) and bool(rows[0].get("name"))

    @queue_until_user_message()
    async def create_element(self, element: Any) -> None:
        user = getattr(cl.context.session, "user", None)
        unclaimed = element.thread_id and await thread_owner(self, element.thread_id) is None
        if unclaimed and isinstance(user, PersistedUser):
            await self.update_thread(element.thread_id, user_id=user.id)
        await super().create_element(element)


async def name_chat(thread_id: str, title: str) -> None:
    """Give the chat its title in the history, and have the open page list the chats again to show it."""
    layer = get_data_layer()
    if isinstance(layer, ChatHistory):
        await layer.update_thread(thread_id, name=title)
    await show_chat_list_again(title, thread_id)


@cl.data_layer
def chat_history() -> SQLAlchemyDataLayer | None:
    """Threads, messages and files of the web chat, in our database (Chainlit's tables, our migrations)."""
    try:
        runtime = WEB_RUNTIME.wait()
    except RuntimeError:  # shutting down before any page asked for history: there is nothing to close
        return None
    return ChatHistory(runtime.db.url, LocalFileStorage(files_root()))


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


# Whose thread a message (step) or a feedback is in: Chainlit's feedback routes ask no such question.
_STEP_OWNER = """SELECT t."userIdentifier" AS owner, s."threadId" AS thread
    FROM steps s JOIN threads t ON t."id" = s."threadId" WHERE s."id" = CAST(:id AS uuid)"""
_FEEDBACK_OWNERS = """SELECT t."userIdentifier" AS owner FROM feedbacks f
    JOIN threads t ON t."id" = f."threadId" OR t."id" = (SELECT "threadId" FROM steps WHERE "id" = f."forId")
    WHERE f."id" = CAST(:id AS uuid)"""
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}$")


async def _owners(query: str, object_id: str | None) -> list[dict[str, Any]]:
    if not object_id or not _UUID.match(object_id):
        return []
    layer = get_data_layer()
    rows = await layer.execute_sql(query, {"id": object_id}) if isinstance(layer, SQLAlchemyDataLayer) else None
    return rows if isinstance(rows, list) else []


async def check_feedback_owner(user: Any, for_id: str | None, feedback_id: str | None) -> str | None:
    """The thread of message `for_id` when it, and feedback `feedback_id` if it exists, belong to `user`;
    else None. Chainlit lets any signed-in person rate, re-rate or delete feedback on anyone's messages."""
    identifier = getattr(user, "identifier", None)
    thread = None
    if for_id is not None:
        steps = await _owners(_STEP_OWNER, for_id)
        if not steps or identifier is None or steps[0]["owner"] != identifier:
            return None
        thread = str(steps[0]["thread"])
    if feedback_id is not None:
        owners = await _owners(_FEEDBACK_OWNERS, feedback_id)
        if any(row["owner"] != identifier for row in owners):
            return None
        if for_id is None and not owners:  # deleting what does not exist (or not visibly): nothing to say
            return None
    return thread or ""


def history_routes() -> list[Any]:
    """The owner-only file route, and the feedback routes that replace Chainlit's after checking the owner
    (chainlit_internals.OVERRIDDEN_ROUTES)."""
    from chainlit.auth import get_current_user
    from fastapi.routing import APIRoute

    from channels.web import chainlit_internals

    async def chat_file(object_key: str, user: Any = Depends(get_current_user)) -> FileResponse:  # noqa: B008
        return await serve_chat_file(object_key, user)

    async def update_feedback(
        request: Request,
        update: UpdateFeedbackRequest,
        user: Any = Depends(get_current_user),  # noqa: B008
    ) -> Response:
        feedback = update.feedback
        thread = await check_feedback_owner(user, feedback.forId, feedback.id)
        if thread is None:
            raise HTTPException(status_code=404, detail="Not found")
        feedback.threadId = thread  # the message's own thread, whatever the request said
        response: Response = await chainlit_internals.update_feedback(request, update, user)
        return response

    async def delete_feedback(
        request: Request,
        payload: DeleteFeedbackRequest,
        user: Any = Depends(get_current_user),  # noqa: B008
    ) -> Response:
        if await check_feedback_owner(user, None, payload.feedbackId) is None:
            raise HTTPException(status_code=404, detail="Not found")
        response: Response = await chainlit_internals.delete_feedback(request, payload, user)
        return response

    async def no_element_changes() -> Response:
        """Our cards never change or remove themselves from the page, and Chainlit's routes for that would store
        an element under whatever thread id the request names."""
        raise HTTPException(status_code=403, detail="Elements are not changed from the page.")

    return [
        APIRoute(f"{FILES_ROUTE}/{{object_key:path}}", chat_file, methods=["GET"]),
        APIRoute("/project/element", no_element_changes, methods=["PUT", "DELETE"]),
        APIRoute("/feedback", update_feedback, methods=["PUT"]),
        APIRoute("/feedback", delete_feedback, methods=["DELETE"]),
    ]
