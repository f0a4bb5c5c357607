"""Fake OpenAI chat completions (`POST /v1/chat/completions`), plain and streaming (SSE)."""

from __future__ import annotations

import json
from itertools import count
from typing import Any

from tests.fakes.http import FakeServer, Recorded, Reply, sse

_ids = count(1)


def completion(text: str | None = None, tool_calls: list[tuple[str, Any]] | None = None) -> dict[str, Any]:
    """A chat.completion body. Tool call arguments may be a dict or a raw (possibly malformed) string."""
    calls = [
        {
            "id": f"call_{next(_ids)}",
            "type": "function",
            "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)},
        }
        for name, args in tool_calls or []
    ]
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if calls:
        message["tool_calls"] = calls
    return {
        "id": f"chatcmpl-{next(_ids)}",
        "object": "chat.completion",
        "created": 1_764_000_000,
        "model": "gpt-fake",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
        "usage": {"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49},
    }


def text(value: str) -> Reply:
    return Reply(body=completion(value))


def tool_call(name: str, arguments: Any) -> Reply:
    return Reply(body=completion(None, [(name, arguments)]))


def tool_calls(*calls: tuple[str, Any]) -> Reply:
    return Reply(body=completion(None, list(calls)))


def error(status: int, message: str = "fake error", retry_after: str | None = None) -> Reply:
    headers = {"retry-after": retry_after} if retry_after else {}
    return Reply(status, {"error": {"message": message, "type": "fake", "code": None}}, headers)


def _stream(body: dict[str, Any]) -> list[str]:
    """The same completion as chat.completion.chunk events: text in pieces, tool calls by index."""
    message = body["choices"][0]["message"]
    base = {"id": body["id"], "object": "chat.completion.chunk", "created": body["created"], "model": body["model"]}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        return sse({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

    events = [chunk({"role": "assistant", "content": ""})]
    content = message.get("content") or ""
    events += [chunk({"content": content[i : i + 5]}) for i in range(0, len(content), 5)]
    for index, call in enumerate(message.get("tool_calls", [])):
        args = call["function"]["arguments"]
        first = {
            "index": index,
            "id": call["id"],
            "type": "function",
            "function": {"name": call["function"]["name"], "arguments": ""},
        }
        events.append(chunk({"tool_calls": [first]}))
        events += [
            chunk({"tool_calls": [{"index": index, "function": {"arguments": args[i : i + 7]}}]})
            for i in range(0, len(args), 7)
        ]
    events.append(chunk({}, body["choices"][0]["finish_reason"]))
    events.append(sse({**base, "choices": [], "usage": body["usage"]}))
    events.append(sse("[DONE]"))
    return events


class FakeOpenAI(FakeServer):
    """Queue replies with `enqueue(text(...), tool_call(...), error(429, retry_after="0"))`."""

    def __init__(self) -> None:
        super().__init__(self._respond)

    def _respond(self, request: Recorded) -> Reply:
        reply = self._next(request)
        if reply.status == 200 and isinstance(reply.body, dict) and request.json.get("stream"):
            return Reply(events=_stream(reply.body))
        return reply

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def bodies(self) -> list[dict[str, Any]]:
        return [r.json for r in self.requests if r.path.endswith("/chat/completions")]
