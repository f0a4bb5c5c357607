"""Fake Anthropic Messages API (`POST /v1/messages`), plain and streaming (SSE events)."""

from __future__ import annotations

import json
from itertools import count
from typing import Any

from tests.fakes.http import FakeServer, Recorded, Reply, sse

_ids = count(1)


def message(text: str | None = None, tool_uses: list[tuple[str, Any]] | None = None) -> dict[str, Any]:
    content: list[dict[str, Any]] = []
    if text:
        content.append({"type": "text", "text": text})
    for name, arguments in tool_uses or []:
        content.append({"type": "tool_use", "id": f"toolu_{next(_ids)}", "name": name, "input": arguments})
    return {
        "id": f"msg_{next(_ids)}",
        "type": "message",
        "role": "assistant",
        "model": "claude-fake",
        "content": content,
        "stop_reason": "tool_use" if tool_uses else "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 55, "output_tokens": 9},
    }


def text(value: str) -> Reply:
    return Reply(body=message(value))


def tool_use(name: str, arguments: Any, text_before: str | None = None) -> Reply:
    return Reply(body=message(text_before, [(name, arguments)]))


def error(status: int, kind: str = "api_error", retry_after: str | None = None) -> Reply:
    headers = {"retry-after": retry_after} if retry_after else {}
    return Reply(status, {"type": "error", "error": {"type": kind, "message": f"fake {kind}"}}, headers)


def _stream(body: dict[str, Any]) -> list[str]:
    start = {
        **body,
        "content": [],
        "stop_reason": None,
        "usage": {"input_tokens": body["usage"]["input_tokens"], "output_tokens": 1},
    }
    events = [sse({"type": "message_start", "message": start}, "message_start")]
    for index, block in enumerate(body["content"]):
        if block["type"] == "text":
            events.append(
                sse(
                    {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
                    "content_block_start",
                )
            )
            for i in range(0, len(block["text"]), 5):
                delta = {"type": "text_delta", "text": block["text"][i : i + 5]}
                events.append(
                    sse({"type": "content_block_delta", "index": index, "delta": delta}, "content_block_delta")
                )
        else:
            opening = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
            events.append(
                sse({"type": "content_block_start", "index": index, "content_block": opening}, "content_block_start")
            )
            raw = json.dumps(block["input"])
            for i in range(0, len(raw), 7):
                delta = {"type": "input_json_delta", "partial_json": raw[i : i + 7]}
                events.append(
                    sse({"type": "content_block_delta", "index": index, "delta": delta}, "content_block_delta")
                )
        events.append(sse({"type": "content_block_stop", "index": index}, "content_block_stop"))
    final = {
        "type": "message_delta",
        "delta": {"stop_reason": body["stop_reason"], "stop_sequence": None},
        "usage": {"output_tokens": body["usage"]["output_tokens"]},
    }
    events.append(sse(final, "message_delta"))
    events.append(sse({"type": "message_stop"}, "message_stop"))
    return events


class FakeAnthropic(FakeServer):
    def __init__(self) -> None:
        super().__init__(self._respond)

    def _respond(self, request: Recorded) -> Reply:
        reply = self._next(request)
        if reply.status == 200 and isinstance(reply.body, dict) and request.json.get("stream"):
            return Reply(events=_stream(reply.body))
        return reply

    def bodies(self) -> list[dict[str, Any]]:
        return [r.json for r in self.requests if r.path.endswith("/messages")]
