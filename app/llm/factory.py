"""Build the configured provider chain from the settings; None means the offline guided mode."""

from __future__ import annotations

from app.config import Settings
from app.llm.registry import PROVIDERS, ProviderRegistry
from app.llm.resilient import ResilientProvider


def build_provider(settings: Settings, registry: ProviderRegistry = PROVIDERS) -> ResilientProvider | None:
    """The registry's providers for these settings behind retries and fallback; SDKs load only when used."""
    providers = registry.build(settings)
    if not providers:
        return None
    return ResilientProvider(providers, retries=settings.llm_max_retries, base_delay=settings.llm_retry_base_delay)
