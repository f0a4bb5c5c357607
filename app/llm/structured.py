"""Typed answers from a language model (instructor over the configured provider's SDK client), for work
that needs data rather than chat: reading an imported CV.

Providers are tried in the chat's order (ALTOC_LLM, or `auto` by rank). The SDK clients come from the
providers' own builders and settings; a provider instructor cannot drive is skipped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from app.config import Settings
from app.errors import ProviderUnavailable
from app.llm.base import Gate, Usage, redact
from app.llm.registry import PROVIDERS, ProviderRegistry

log = logging.getLogger(__name__)
Model = TypeVar("Model", bound=BaseModel)
# (settings, response model, system prompt, user message, max output tokens) -> the validated answer and the
# tokens of the provider's last reply
Ask = Callable[[Settings, type[BaseModel], str, str, int], Awaitable[tuple[BaseModel, Usage]]]
REASKS = 1  # instructor hands a validation error back to the model once, then gives up


async def _ask_openai(settings: Settings, response_model: type[BaseModel], system: str, user: str, limit: int) -> Any:
    import instructor

    from app.llm.openai_provider import openai_client, openai_key

    sdk = openai_client(
        openai_key(settings), settings.openai_base_url, settings.llm_timeout_seconds, settings.llm_max_retries
    )
    try:
        client = instructor.from_openai(sdk, mode=instructor.Mode.TOOLS)
        answer, completion = await client.chat.completions.create_with_completion(
            model=settings.openai_model,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            response_model=response_model,
            max_retries=REASKS,
            max_completion_tokens=limit,  # the current name; reasoning models refuse `max_tokens`
        )
        usage = getattr(completion, "usage", None)
        cached = getattr(getattr(usage, "prompt_tokens_details", None), "cached_tokens", 0) or 0
        tokens = (getattr(usage, "prompt_tokens", 0) or 0, getattr(usage, "completion_tokens", 0) or 0)
        return answer, Usage(*tokens, cached)
    finally:
        await sdk.close()


async def _ask_anthropic(
    settings: Settings, response_model: type[BaseModel], system: str, user: str, limit: int
) -> Any:
    import instructor

    from app.llm.anthropic_provider import anthropic_client

    assert settings.anthropic_api_key is not None  # only configured providers are asked
    sdk = anthropic_client(
        settings.anthropic_api_key.get_secret_value(),
        settings.anthropic_base_url,
        settings.llm_timeout_seconds,
        settings.llm_max_retries,
    )
    try:
        client = instructor.from_anthropic(sdk, mode=instructor.Mode.TOOLS)
        answer, message = await client.messages.create_with_completion(
            model=settings.anthropic_model,
            max_tokens=limit,
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
            response_model=response_model,
            max_retries=REASKS,
        )
        usage = getattr(message, "usage", None)
        read = getattr(usage, "cache_read_input_tokens", 0) or 0
        written = getattr(usage, "cache_creation_input_tokens", 0) or 0
        total_input = (getattr(usage, "input_tokens", 0) or 0) + read + written
        return answer, Usage(total_input, getattr(usage, "output_tokens", 0) or 0, read)
    finally:
        await sdk.close()


ASKERS: dict[str, Ask] = {"openai": _ask_openai, "anthropic": _ask_anthropic}


def structured_providers(settings: Settings, registry: ProviderRegistry = PROVIDERS) -> list[str]:
    """The configured providers that can give typed answers, in the order the chat uses them."""
    return [e.name for e in registry.order(settings) if e.name in ASKERS and e.configured(settings)]


async def ask_structured(
    settings: Settings,
    response_model: type[Model],
    system: str,
    user: str,
    *,
    max_tokens: int,
    registry: ProviderRegistry = PROVIDERS,
    gate: Gate | None = None,
) -> Model:
    """The model's answer as a validated `response_model`; the next provider is tried when one fails.

    Raises ProviderUnavailable when none answered with something valid (after instructor's one re-ask), or
    when the `gate` (app.billing's meter) refuses the call.
    """
    failures: list[str] = []
    for name in structured_providers(settings, registry):
        if gate is not None:
            await gate.check()
        try:
            # One deadline per provider for the answer and its re-ask, SDK retries included.
            async with asyncio.timeout(settings.llm_timeout_seconds * (1 + REASKS)):
                answer, usage = await ASKERS[name](settings, response_model, system, user, max_tokens)
        except Exception as exc:  # an outage, a refusal, or output still invalid after the re-ask: all one to us
            keys = (k.get_secret_value() for k in (settings.openai_api_key, settings.anthropic_api_key) if k)
            reason = redact(f"{type(exc).__name__}: {exc}", *keys)[:300]
            log.warning("structured answer from %s failed: %s", name, reason)
            failures.append(f"{name}: {reason}")
            continue
        if gate is not None:
            model = settings.openai_model if name == "openai" else settings.anthropic_model
            await gate.record(name, model, usage)
        if isinstance(answer, response_model):
            return answer
        failures.append(f"{name}: answered with {type(answer).__name__}")
    raise ProviderUnavailable("The language model could not give an answer (" + "; ".join(failures[-2:]) + ").")
