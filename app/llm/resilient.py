"""Retries with backoff, then fallback to the next configured provider; the caller falls back to offline."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass

from app.errors import ProviderUnavailable
from app.llm.base import ChatMessage, LlmReply, Provider, ProviderError, TextCallback, ToolSpec

log = logging.getLogger(__name__)
MAX_DELAY = 20.0


@dataclass
class ResilientProvider:
    """Try each provider in order; retry retryable errors with exponential backoff and jitter."""

    providers: Sequence[Provider]
    retries: int = 2
    base_delay: float = 0.5

    @property
    def name(self) -> str:
        return self.providers[0].name if self.providers else "none"

    @property
    def model(self) -> str:
        return self.providers[0].model if self.providers else ""

    async def aclose(self) -> None:
        for provider in self.providers:
            close = getattr(provider, "aclose", None)
            if close is not None:
                await close()

    async def complete(
        self,
        messages: Sequence[ChatMessage],
        tools: Sequence[ToolSpec],
        on_text: TextCallback | None = None,
    ) -> LlmReply:
        failures: list[str] = []  # this call's own: one object serves every person's turns at once
        for provider in self.providers:
            for attempt in range(self.retries + 1):
                streamed = False

                async def relay(text: str) -> None:
                    nonlocal streamed
                    streamed = True
                    if on_text is not None:
                        await on_text(text)

                try:
                    return await provider.complete(messages, tools, relay if on_text else None)
                except ProviderError as exc:
                    failures.append(f"{provider.name}: {exc}")
                    log.warning("provider %s failed (attempt %d): %s", provider.name, attempt + 1, exc)
                    # Text already shown to the person cannot be taken back: do not repeat the call.
                    if not exc.retryable or streamed or attempt == self.retries:
                        break
                    delay = exc.retry_after if exc.retry_after is not None else self.base_delay * 2**attempt
                    await asyncio.sleep(min(delay, MAX_DELAY) * (1 + random.random() * 0.1))
        raise ProviderUnavailable(
            "The language model is not answering right now ("
            + "; ".join(failures[-2:])
            + "). I'll use the guided mode for this message."
        )
