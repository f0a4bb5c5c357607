"""The provider interface: `complete(messages, tools) -> LlmReply` (text, tool calls, usage)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Role = Literal["system", "user", "assistant", "tool"]
TextCallback = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Usage:
    """Tokens of one model call; `input_tokens` counts all input, `cached_input_tokens` the part read from
    the provider's prompt cache."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_input_tokens: int = 0


@dataclass(frozen=True)
class ChatMessage:
    """Provider-neutral message. Tool results have role "tool" and the id of the call they answer."""

    role: Role
    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None  # the tool's name, on tool results


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class LlmReply:
    text: str
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage = field(default_factory=Usage)
    provider: str = ""
    model: str = ""


class ProviderError(Exception):
    """A call to a model failed. `retryable` errors (timeouts, 429, 5xx, malformed replies) are retried."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class Gate(Protocol):
    """What a model call asks before it is made and reports after: app.billing's meter (one policy point)."""

    async def check(self) -> None:
        """Raise ProviderUnavailable (OutOfAllowance) when the call may not be made."""
        ...

    async def record(self, provider: str, model: str, usage: Usage) -> None: ...


class Provider(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def model(self) -> str: ...

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        tools: Sequence[ToolSpec],
        on_text: TextCallback | None = None,
    ) -> LlmReply:
        """One model call. With `on_text`, text is streamed to it as it arrives (and also returned)."""
        ...


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with every local `$ref` replaced by its definition and `$defs` dropped.

    Pydantic emits `$defs`/`$ref` for nested models; small OpenAI-compatible servers (Ollama, vLLM
    grammars) handle a flat schema far better, and it costs the big providers nothing.
    """
    definitions = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                merged = {**definitions[ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
                return resolve(merged)
            return {k: resolve(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    return resolve(schema)  # type: ignore[no-any-return]


def redact(text: str, *secrets: str | None) -> str:
    """Remove API keys from a provider's error text (some servers echo a masked or whole key)."""
    import re

    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, "[redacted]")
    return re.sub(r"\b(sk-|sk-ant-)[A-Za-z0-9*_\-]{4,}", "[redacted]", text)
