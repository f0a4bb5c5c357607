"""Anthropic Messages API with tool use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anthropic

from app.llm.base import (
    ChatMessage,
    LlmReply,
    ProviderError,
    TextCallback,
    ToolCall,
    ToolSpec,
    Usage,
    inline_refs,
    redact,
)


def to_anthropic(messages: Sequence[ChatMessage]) -> tuple[str, list[dict[str, Any]]]:
    """(system prompt, messages): tool results become tool_result blocks in a user message, and
    consecutive messages of one role are merged, as the API requires alternating turns."""
    system = "\n\n".join(m.text for m in messages if m.role == "system")
    out: list[dict[str, Any]] = []
    for m in messages:
        blocks: list[dict[str, Any]]
        if m.role == "system":
            continue
        if m.role == "tool":
            role, blocks = "user", [{"type": "tool_result", "tool_use_id": m.tool_call_id, "content": m.text}]
        elif m.role == "assistant":
            role = "assistant"
            blocks = [{"type": "text", "text": m.text}] if m.text else []
            blocks += [{"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments} for c in m.tool_calls]
        else:
            role, blocks = "user", [{"type": "text", "text": m.text or " "}]
        if not blocks:
            continue
        if out and out[-1]["role"] == role:
            out[-1]["content"].extend(blocks)
        else:
            out.append({"role": role, "content": blocks})
    return system, out


class AnthropicProvider:
    """Claude through the official SDK; SDK retries are off (ResilientProvider retries)."""

    name = "anthropic"

    def __init__(self, api_key: str, base_url: str | None, model: str, timeout: float, max_tokens: int = 4096) -> None:
        self.model = model
        self.max_tokens = max_tokens
        self._api_key = api_key
        self._client = anthropic.AsyncAnthropic(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)

    async def complete(
        self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], on_text: TextCallback | None = None
    ) -> LlmReply:
        system, converted = to_anthropic(messages)
        request: dict[str, Any] = {"model": self.model, "max_tokens": self.max_tokens, "messages": converted}
        if system:
            request["system"] = system
        if tools:
            request["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": inline_refs(t.parameters)} for t in tools
            ]
        try:
            if on_text is None:
                response = await self._client.messages.create(**request)
            else:
                async with self._client.messages.stream(**request) as stream:
                    async for text in stream.text_stream:
                        await on_text(text)
                    response = await stream.get_final_message()
        except anthropic.APIError as exc:
            raise self._error(exc) from None
        except RecursionError:  # a reply (tool input) nested thousands of levels deep
            raise ProviderError("malformed reply: nested too deeply", retryable=True) from None
        text_parts: list[str] = []
        calls: list[ToolCall] = []
        for block in response.content:
            if block.type == "text":
                text_parts.append(block.text)
            elif block.type == "tool_use":
                if not isinstance(block.input, dict):
                    raise ProviderError(f"malformed tool call: input of {block.name} is not an object", retryable=True)
                calls.append(ToolCall(block.id, block.name, dict(block.input)))
        return LlmReply(
            text="".join(text_parts),
            tool_calls=tuple(calls),
            usage=Usage(response.usage.input_tokens, response.usage.output_tokens),
            provider=self.name,
            model=response.model or self.model,
        )

    def _error(self, exc: anthropic.APIError) -> ProviderError:
        if isinstance(exc, anthropic.APITimeoutError):
            return ProviderError("the request timed out", retryable=True)
        if isinstance(exc, anthropic.APIConnectionError):
            return ProviderError(f"cannot reach the server at {self._client.base_url}", retryable=True)
        if isinstance(exc, anthropic.APIStatusError):
            status = exc.status_code
            detail = redact(str(exc.message)[:200], self._api_key)
            raw_retry = exc.response.headers.get("retry-after")
            try:
                retry_after = float(raw_retry) if raw_retry is not None else None
            except ValueError:
                retry_after = None
            if status in (401, 403):
                detail = "the API key was refused (check ANTHROPIC_API_KEY)"
            retryable = status in (408, 409, 429, 529) or status >= 500
            return ProviderError(f"HTTP {status}: {detail}", retryable=retryable, retry_after=retry_after)
        return ProviderError(redact(str(exc)[:200], self._api_key), retryable=True)
