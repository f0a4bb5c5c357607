"""Structured extraction (job ad -> requirements, CV text -> CV) through instructor, with one re-ask."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from app.config import Settings
from app.errors import ProviderUnavailable
from app.llm.base import redact

T = TypeVar("T", bound=BaseModel)


@dataclass
class StructuredExtractor:
    """Fills a pydantic model from text with the first configured provider (None offline)."""

    kind: Literal["openai", "anthropic"]
    client: Any  # instructor's patched async client
    model: str
    secret: str = ""
    max_tokens: int = 4096

    @classmethod
    def from_settings(cls, settings: Settings) -> StructuredExtractor | None:
        order = settings.llm_order()
        if not order:
            return None
        import instructor

        if order[0] == "openai":
            import openai

            key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
            raw = openai.AsyncOpenAI(
                api_key=key, base_url=settings.openai_base_url, timeout=settings.llm_timeout_seconds, max_retries=0
            )
            return cls("openai", instructor.from_openai(raw, mode=instructor.Mode.TOOLS), settings.openai_model, key)
        import anthropic

        key = settings.anthropic_api_key.get_secret_value() if settings.anthropic_api_key else ""
        client = anthropic.AsyncAnthropic(
            api_key=key, base_url=settings.anthropic_base_url, timeout=settings.llm_timeout_seconds, max_retries=0
        )
        return cls("anthropic", instructor.from_anthropic(client), settings.anthropic_model, key)

    async def extract(self, response_model: type[T], instructions: str, text: str) -> T:
        """The model's reading of `text` as `response_model`; a reply that does not validate is re-asked once."""
        messages = [{"role": "user", "content": text}]
        try:
            if self.kind == "openai":
                result = await self.client.chat.completions.create(
                    model=self.model,
                    messages=[{"role": "system", "content": instructions}, *messages],
                    response_model=response_model,
                    max_retries=1,
                )
            else:
                result = await self.client.messages.create(
                    model=self.model,
                    max_tokens=self.max_tokens,
                    system=instructions,
                    messages=messages,
                    response_model=response_model,
                    max_retries=1,
                )
        except Exception as exc:  # SDK errors, instructor's retry exhaustion: the caller falls back
            detail = redact(str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__, self.secret)
            raise ProviderUnavailable(f"The language model could not read that text ({detail}).") from None
        assert isinstance(result, response_model)
        return result
