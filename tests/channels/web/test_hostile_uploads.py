"""Hostile files in the web chat: `altoc serve` as a process, a person on Chainlit's websocket uploading
them as the browser does (issue 12, items 4 and 5)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from tests.channels.web.test_serve import spawn_serve, stop_serve
from tests.chatclient import ChatClient
from tests.hostile import docx_bomb, long_resume

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def test_bombs_and_oversize_cvs_get_a_clear_answer_and_the_chat_goes_on(
    pg_data_dir: Path, tmp_path: Path, db: Any
) -> None:
    process, url = spawn_serve(pg_data_dir, tmp_path)
    person = ChatClient(url, "hostile-web@example.com", "correct horse battery")
    try:
        await person.connect()

        async def send_file(name: str, data: bytes, mime: str) -> str:
            file_id = await asyncio.to_thread(person.upload, name, data, mime)
            await person.send("", [file_id])
            answer = await person.next_answer(60)
            assert answer is not None, f"no answer to {name}"
            return answer[1]

        answer = await send_file("job.docx", docx_bomb(3_000_000), DOCX)  # 333 KB: 82 s and 3.7 GB before
        assert "job.docx unpacks to more than 103 MB; the limit is 50 MB" in answer
        # Before, the import showed the whole 2.6 MB document as its input: the websocket closed, no answer.
        answer = await send_file("cv.json", json.dumps(long_resume(10_000)).encode(), "application/json")
        assert "cv.json is too big for a CV:\n- work has 10,000 entries; the limit is 100 per section" in answer
        assert not person.disconnected
        await person.send("/show")
        answer = await person.next_answer(30)
        assert answer is not None and "no CV" in answer[1]  # nothing was stored
    finally:
        await person.close()
        stop_serve(process)
