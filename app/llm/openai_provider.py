"""OpenAI chat completions with tools; works with any OpenAI-compatible server via `base_url`."""

from __future__ import annotations

import json
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
    import openai


def openai_client(api_key: str, base_url: str | None, timeout: float, max_retries: int = 0) -> openai.AsyncOpenAI:
    """The one place an OpenAI (or compatible) async client is built; the SDK loads here, on first use."""
    import openai

    return openai.AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)


def openai_sync_client(api_key: str, base_url: str | None, timeout: float, max_retries: int = 0) -> openai.OpenAI:
    """The blocking twin of `openai_client` (embeddings run in a worker thread)."""
    import openai

    return openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)


def openai_key(settings: Settings) -> str:
    """A local server (OPENAI_BASE_URL) may need no key; the SDK still wants one."""
    return settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"


@PROVIDERS.register(
    "openai",
    configured=lambda s: s.openai_api_key is not None or s.openai_base_url is not None,
    needs="OPENAI_API_KEY (or OPENAI_BASE_URL for a local server), with OPENAI_MODEL",
    rank=10,
)
def build_openai(settings: Settings) -> OpenAIProvider:
    return OpenAIProvider(
        openai_key(settings), settings.openai_base_url, settings.openai_model, settings.llm_timeout_seconds
    )


def to_openai_messages(messages: Sequence[ChatMessage]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "tool":
            out.append({"role": "tool", "tool_call_id": m.tool_call_id, "content": m.text})
        elif m.role == "assistant":
            entry: dict[str, Any] = {"role": "assistant", "content": m.text or None}
            if m.tool_calls:
                entry["tool_calls"] = [
                    {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": json.dumps(c.arguments)}}
                    for c in m.tool_calls
                ]
            out.append(entry)
        else:
            out.append({"role": m.role, "content": m.text})
    return out


def to_openai_tools(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {"name": t.name, "description": t.description, "parameters": inline_refs(t.parameters)},
        }
        for t in tools
    ]


def parse_arguments(name: str, raw: str | None) -> dict[str, Any]:
    """Tool-call arguments as a dict; anything else is a malformed reply worth asking again."""
    try:
        value = json.loads(raw or "{}")
    except (json.JSONDecodeError, RecursionError):  # RecursionError: nested thousands of levels deep
        raise ProviderError(f"malformed tool call: arguments of {name} are not JSON", retryable=True) from None
    if not isinstance(value, dict):
        raise ProviderError(f"malformed tool call: arguments of {name} are not an object", retryable=True)
    return value


class OpenAIProvider:
    """One adapter method (`complete`), streaming and non-streaming on one path. SDK retries are off:
    `ResilientProvider` owns retries and fallback."""

    name = "openai"

    def __init__(self, api_key: str, base_url: str | None, model: str, timeout: float) -> None:
        self.model = model
        self._api_key = api_key
        self._client = openai_client(api_key, base_url, timeout)

    async def aclose(self) -> None:
        """Close the SDK's connection pool (at shutdown, while the event loop still runs)."""
        await self._client.close()

    async def complete(
        self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], on_text: TextCallback | None = None
    ) -> LlmReply:
        import openai

        request: dict[str, Any] = {"model": self.model, "messages": to_openai_messages(messages)}
        if tools:
            request["tools"] = to_openai_tools(tools)
        try:
            if on_text is not None:
                return await self._stream(request, on_text)
            response = await self._client.chat.completions.create(**request)
        except openai.APIError as exc:
            raise self._error(exc) from None
        if not response.choices:
            raise ProviderError("the model returned no answer", retryable=True)
        message = response.choices[0].message
        calls = tuple(
            ToolCall(c.id, c.function.name, parse_arguments(c.function.name, c.function.arguments))
            for c in message.tool_calls or []
            if c.type == "function"
        )
        usage = response.usage
        return LlmReply(
            text=message.content or "",
            tool_calls=calls,
            usage=_usage(usage),
            provider=self.name,
            model=response.model or self.model,
        )

    async def _stream(self, request: dict[str, Any], on_text: TextCallback) -> LlmReply:
        stream = await self._client.chat.completions.create(
            **request, stream=True, stream_options={"include_usage": True}
        )
        text: list[str] = []
        calls: dict[int, dict[str, str]] = {}
        usage = Usage()
        model = self.model
        async for chunk in stream:
            model = chunk.model or model
            if chunk.usage:
                usage = _usage(chunk.usage)
            for choice in chunk.choices:
                delta = choice.delta
                if delta.content:
                    text.append(delta.content)
                    await on_text(delta.content)
                for part in delta.tool_calls or []:
                    call = calls.setdefault(part.index, {"id": "", "name": "", "arguments": ""})
                    call["id"] = part.id or call["id"]
                    if part.function is not None:
                        call["name"] += part.function.name or ""
                        call["arguments"] += part.function.arguments or ""
        tool_calls = tuple(
            ToolCall(c["id"], c["name"], parse_arguments(c["name"], c["arguments"])) for _, c in sorted(calls.items())
        )
        return LlmReply("".join(text), tool_calls, usage, self.name, model)

    def _error(self, exc: openai.APIError) -> ProviderError:
        import openai

        if isinstance(exc, openai.APITimeoutError):
            return ProviderError("the request timed out", retryable=True)
        if isinstance(exc, openai.APIConnectionError):
            return ProviderError(f"cannot reach the server at {self._client.base_url}", retryable=True)
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            detail = redact(str(exc.message)[:200], self._api_key)
            retry_after = _seconds(exc.response.headers.get("retry-after"))
            retryable = status in (408, 409, 429) or status >= 500
            if status in (401, 403):
                detail = "the API key was refused (check OPENAI_API_KEY)"
            return ProviderError(f"HTTP {status}: {detail}", retryable=retryable, retry_after=retry_after)
        return ProviderError(redact(str(exc)[:200], self._api_key), retryable=True)


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _usage(usage: openai.types.CompletionUsage | None) -> Usage:
    """OpenAI caches long stable prompt prefixes by itself and reports the cached part."""
    if usage is None:
        return Usage()
    details = usage.prompt_tokens_details
    cached = (details.cached_tokens or 0) if details is not None else 0
    return Usage(usage.prompt_tokens, usage.completion_tokens, cached_input_tokens=cached)
