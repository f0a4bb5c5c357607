"""Feedback on messages (Chainlit's PUT/DELETE /feedback) only by the person whose chat it is: two real accounts
against a running `altoc serve`."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests import webclient
from tests.channels.web.test_database_outage import WebChat
from tests.channels.web.test_serve import spawn_serve, stop_serve


@pytest.fixture(scope="module")
def served(pg_url: str, pg_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    process, url = spawn_serve(pg_data_dir, tmp_path_factory.mktemp("feedback-cwd"))
    yield url
    stop_serve(process)


def send(url: str, method: str, cookie: str, body: dict[str, Any], route: str = "/feedback") -> tuple[int, str]:
    request = urllib.request.Request(
        url + route,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Cookie": cookie, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


async def rows(db: Any, query: str, **params: Any) -> list[Any]:
    async with db.engine.connect() as conn:
        return list((await conn.execute(text(query), params)).all())


async def an_answer_in_her_chat(url: str, db: Any) -> tuple[str, str]:
    """Anna signs in and talks; returns (her thread id, the id of the assistant's answer) once both are stored."""
    chat = WebChat(url, "anna@example.com")
    await chat.open()
    await chat.say("/help")
    await chat.close()
    answer = """SELECT "id" FROM chainlit.steps WHERE "threadId" = CAST(:t AS uuid) AND "type" = 'assistant_message'
                AND "output" LIKE '%/new%'"""
    deadline = time.monotonic() + 20
    while not (step := await rows(db, answer, t=chat.thread_id)):
        assert time.monotonic() < deadline, "the answer was not stored"
        await asyncio.sleep(0.2)
    return chat.thread_id, str(step[0][0])


async def test_feedback_on_someone_elses_message_is_refused(served: str, db: Any) -> None:
    thread, message = await an_answer_in_her_chat(served, db)
    anna = await asyncio.to_thread(webclient.sign_in, served, "anna@example.com", "correct horse battery")
    bert = await asyncio.to_thread(webclient.sign_in, served, "bert@example.com", "another long password")
    feedbacks = 'SELECT "id", "value", "threadId" FROM chainlit.feedbacks ORDER BY "id"'

    # Bert rates Anna's answer: refused, and nothing is stored.
    forged = {"feedback": {"forId": message, "value": 0, "threadId": thread}, "sessionId": str(uuid.uuid4())}
    assert (await asyncio.to_thread(send, served, "PUT", bert, forged))[0] == 404
    assert await rows(db, feedbacks) == []

    # Anna rates it: stored on her thread.
    status, body = await asyncio.to_thread(
        send, served, "PUT", anna, {"feedback": {"forId": message, "value": 1}, "sessionId": str(uuid.uuid4())}
    )
    assert status == 200, body
    feedback_id = json.loads(body)["feedbackId"]
    assert [(str(r[0]), r[1], str(r[2])) for r in await rows(db, feedbacks)] == [(feedback_id, 1, thread)]

    # Bert can neither overwrite it by its id (moving it onto a message of his) nor delete it.
    overwrite = {"feedback": {"id": feedback_id, "forId": message, "value": 0}, "sessionId": str(uuid.uuid4())}
    assert (await asyncio.to_thread(send, served, "PUT", bert, overwrite))[0] == 404
    assert (await asyncio.to_thread(send, served, "DELETE", bert, {"feedbackId": feedback_id}))[0] == 404
    assert [(str(r[0]), r[1]) for r in await rows(db, feedbacks)] == [(feedback_id, 1)]

    # Anna changes her mind, then deletes it.
    assert (await asyncio.to_thread(send, served, "PUT", anna, {**overwrite}))[0] == 200
    assert [r[1] for r in await rows(db, feedbacks)] == [0]
    assert (await asyncio.to_thread(send, served, "DELETE", anna, {"feedbackId": feedback_id}))[0] == 200
    assert await rows(db, feedbacks) == []


async def test_elements_cannot_be_written_into_a_thread_from_the_page(served: str, db: Any) -> None:
    """Chainlit's PUT/DELETE /project/element would store a custom element under whatever thread id the request
    names (and the page runs custom elements' code): ours are refused, and nothing is stored."""
    thread, message = await an_answer_in_her_chat(served, db)
    bert = await asyncio.to_thread(webclient.sign_in, served, "bert@example.com", "another long password")
    element = {"id": str(uuid.uuid4()), "type": "custom", "name": "AtsReport", "threadId": thread, "forId": message}
    before = await rows(db, "SELECT count(*) FROM chainlit.elements")
    for method in ("PUT", "DELETE"):
        body = {"element": element, "sessionId": str(uuid.uuid4())}
        assert (await asyncio.to_thread(send, served, method, bert, body, "/project/element"))[0] == 403
    assert await rows(db, "SELECT count(*) FROM chainlit.elements") == before
