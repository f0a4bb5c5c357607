"""Build the configured provider chain from the settings; None means the offline guided mode."""

from __future__ import annotations

from app.config import Settings
from app.errors import ConfigurationError
from app.llm.base import Provider
from app.llm.resilient import ResilientProvider


def build_provider(settings: Settings) -> ResilientProvider | None:
    """Providers in `settings.llm_order()` behind retries and fallback; SDKs load only when used."""
    providers: list[Provider] = []
    for name in settings.llm_order():
        if name == "openai":
            if settings.openai_api_key is None and settings.openai_base_url is None:
                raise ConfigurationError(
                    "ALTOC_LLM=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)."
                )
            from app.llm.openai_provider import OpenAIProvider

            key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "not-needed"
            providers.append(
                OpenAIProvider(
                    api_key=key,
                    base_url=settings.openai_base_url,
                    model=settings.openai_model,
                    timeout=settings.llm_timeout_seconds,
                )
            )
        else:
            if settings.anthropic_api_key is None:
                raise ConfigurationError("ALTOC_LLM=anthropic needs ANTHROPIC_API_KEY.")
            from app.llm.anthropic_provider import AnthropicProvider

            providers.append(
                AnthropicProvider(
                    api_key=settings.anthropic_api_key.get_secret_value(),
                    base_url=settings.anthropic_base_url,
                    model=settings.anthropic_model,
                    timeout=settings.llm_timeout_seconds,
                )
            )
    if not providers:
        return None
    return ResilientProvider(providers, retries=settings.llm_max_retries, base_delay=settings.llm_retry_base_delay)
