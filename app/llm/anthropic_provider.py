"""Anthropic Messages API with tool use and prompt-cache breakpoints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from app.config import Settings
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
from app.llm.registry import PROVIDERS

if TYPE_CHECKING:
    import anthropic

CACHED: dict[str, str] = {"type": "ephemeral"}


def anthropic_client(
    api_key: str, base_url: str | None, timeout: float, max_retries: int = 0
) -> anthropic.AsyncAnthropic:
    """The one place an Anthropic async client is built; the SDK loads here, on first use."""
    import anthropic

    return anthropic.AsyncAnthropic(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)


@PROVIDERS.register(
    "anthropic",
    configured=lambda s: s.anthropic_api_key is not None,
    needs="ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a proxy), with ANTHROPIC_MODEL",
    rank=20,
)
def build_anthropic(settings: Settings) -> AnthropicProvider:
    assert settings.anthropic_api_key is not None  # the registry checked `configured`
    return AnthropicProvider(
        api_key=settings.anthropic_api_key.get_secret_value(),
        base_url=settings.anthropic_base_url,
        model=settings.anthropic_model,
        timeout=settings.llm_timeout_seconds,
    )


def to_anthropic(messages: Sequence[ChatMessage]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(system blocks, messages): tool results become tool_result blocks in a user message, and
    consecutive messages of one role are merged, as the API requires alternating turns.

    Cache breakpoints (at most 4 are allowed; 3 are set): the end of the first system message (the
    stable prompt; with the tools before it in the API's order, the prefix shared by every turn of a
    conversation phase), and the last block of the messages, so the next step of a turn reads the whole
    history from the cache. `tools_for_anthropic` sets the third, on the last tool.
    """
    system: list[dict[str, Any]] = [{"type": "text", "text": m.text} for m in messages if m.role == "system" and m.text]
    if system:
        system[0]["cache_control"] = CACHED
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
    if out:
        out[-1]["content"][-1]["cache_control"] = CACHED
    return system, out


def tools_for_anthropic(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    converted: list[dict[str, Any]] = [
        {"name": t.name, "description": t.description, "input_schema": inline_refs(t.parameters)} for t in tools
    ]
    if converted:
        converted[-1]["cache_control"] = CACHED
    return converted


class AnthropicProvider:
    """Claude through the official SDK; SDK retries are off (ResilientProvider retries)."""

    name = "anthropic"

    def __init__(self, api_key: str, base_url: str | None, model: str, timeout: float, max_tokens: int = 4096) -> None:
        self.model = model
        self.max_tokens = max_tokens
        self._api_key = api_key
        self._client = anthropic_client(api_key, base_url, timeout)

    async def aclose(self) -> None:
        """Close the SDK's connection pool (at shutdown, while the event loop still runs)."""
        await self._client.close()

    async def complete(
        self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], on_text: TextCallback | None = None
    ) -> LlmReply:
        import anthropic

        system, converted = to_anthropic(messages)
        request: dict[str, Any] = {"model": self.model, "max_tokens": self.max_tokens, "messages": converted}
        if system:
            request["system"] = system
        if tools:
            request["tools"] = tools_for_anthropic(tools)
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
            usage=_usage(response.usage),
            provider=self.name,
            model=response.model or self.model,
        )

    def _error(self, exc: anthropic.APIError) -> ProviderError:
        import anthropic

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


def _usage(usage: anthropic.types.Usage) -> Usage:
    """Anthropic counts cached input apart from `input_tokens`; Usage counts all input, like OpenAI."""
    read = usage.cache_read_input_tokens or 0
    written = usage.cache_creation_input_tokens or 0
    return Usage(usage.input_tokens + read + written, usage.output_tokens, cached_input_tokens=read)
