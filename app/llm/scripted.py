"""A provider for tests and benchmarks: replies come from a queue or a function; every call is recorded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count

from app.llm.base import ChatMessage, LlmReply, ProviderError, TextCallback, ToolCall, ToolSpec, Usage

ReplyFunction = Callable[[Sequence[ChatMessage]], "LlmReply | ProviderError"]


def text_reply(text: str) -> LlmReply:
    return LlmReply(text=text, usage=Usage(10, len(text.split())), provider="scripted", model="scripted")


_ids = count(1)


def tool_reply(name: str, arguments: dict[str, object] | None = None, text: str = "") -> LlmReply:
    call = ToolCall(id=f"call_{next(_ids)}", name=name, arguments=dict(arguments or {}))
    return LlmReply(text=text, tool_calls=(call,), usage=Usage(10, 5), provider="scripted", model="scripted")


def tool_calls_reply(*calls: tuple[str, dict[str, object]]) -> LlmReply:
    """Several tool calls in one step (the loop must run them all)."""
    tool_calls = tuple(ToolCall(id=f"call_{next(_ids)}", name=n, arguments=dict(a)) for n, a in calls)
    return LlmReply(text="", tool_calls=tool_calls, usage=Usage(10, 5), provider="scripted", model="scripted")


@dataclass
class Call:
    messages: list[ChatMessage]
    tools: list[ToolSpec]


@dataclass
class ScriptedProvider:
    """`enqueue` replies (or errors to raise) in order, or give `function` to compute them."""

    name: str = "scripted"
    model: str = "scripted"
    queue: list[LlmReply | ProviderError] = field(default_factory=list)
    function: ReplyFunction | None = None
    calls: list[Call] = field(default_factory=list)

    def enqueue(self, *replies: LlmReply | ProviderError) -> ScriptedProvider:
        self.queue.extend(replies)
        return self

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        tools: Sequence[ToolSpec],
        on_text: TextCallback | None = None,
    ) -> LlmReply:
        self.calls.append(Call(list(messages), list(tools)))
        if self.queue:
            reply = self.queue.pop(0)
        elif self.function is not None:
            reply = self.function(messages)
        else:
            raise AssertionError("ScriptedProvider has no reply left for this call")
        if isinstance(reply, ProviderError):
            raise reply
        if on_text is not None and reply.text:
            await on_text(reply.text)
        return reply
