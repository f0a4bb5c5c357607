"""A person in the web chat over Chainlit's websocket, as the browser speaks it: sign in, connect, send
messages and files (uploaded first, as the browser does), read the assistant's answers."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Sequence
from typing import Any

from tests.webclient import sign_in, upload_file, user_message


class ChatClient:
    """One signed-in person on the Chainlit websocket, as the browser speaks it."""

    def __init__(self, url: str, email: str, password: str) -> None:
        self.url = url
        self.email = email
        self.password = password
        self.said: asyncio.Queue[tuple[float, str]] = asyncio.Queue()
        self.thread_id = str(uuid.uuid4())
        self.session_id = str(uuid.uuid4())
        self.cookie = ""
        self.client: Any = None
        self.disconnected = False

    async def connect(self) -> None:
        import socketio

        self.cookie = await asyncio.to_thread(sign_in, self.url, self.email, self.password)
        self.client = socketio.AsyncClient(reconnection=False)

        @self.client.on("new_message")
        async def on_new_message(step: dict[str, Any]) -> None:
            if step.get("type") == "assistant_message":
                await self.said.put((time.perf_counter(), step["output"]))

        @self.client.on("disconnect")
        async def on_disconnect(*_: Any) -> None:
            self.disconnected = True

        auth = {"clientType": "webapp", "sessionId": self.session_id, "threadId": self.thread_id, "userEnv": "{}"}
        await self.client.connect(
            self.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers={"Cookie": self.cookie},
            auth=auth,
        )
        await self.client.emit("connection_successful")
        await asyncio.wait_for(self.said.get(), 30)  # the welcome

    def drain(self) -> None:
        while not self.said.empty():
            self.said.get_nowait()

    async def send(self, text: str, file_ids: Sequence[str] = ()) -> None:
        payload = user_message(self.thread_id, text)
        if file_ids:
            payload["fileReferences"] = [{"id": file_id} for file_id in file_ids]
        await self.client.emit("client_message", payload)

    def upload(self, name: str, data: bytes, mime: str) -> str:
        """POST the file as the browser does before sending the message that refers to it; its id."""
        status, body = upload_file(self.url, self.cookie, self.session_id, name, data, mime)
        if status != 200:
            raise RuntimeError(f"upload of {name} answered {status}: {body[:200]}")
        return str(json.loads(body)["id"])

    async def next_answer(self, within: float) -> tuple[float, str] | None:
        try:
            return await asyncio.wait_for(self.said.get(), within)
        except TimeoutError:
            return None

    async def close(self) -> None:
        if self.client is not None and not self.disconnected:
            await self.client.disconnect()
