"""The language-model providers this build knows: each is one entry (name -> factory + the settings it reads).

A provider module registers itself with `@PROVIDERS.register(...)` on its factory; every module of
this package named `*_provider` is imported the first time the registry is read, so adding a
provider is one new module (plus its settings in app/config.py and its tests). Factories import
their SDK only when called, so an unused provider costs nothing at start-up.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from app.config import Settings
from app.errors import ConfigurationError
from app.llm.base import Provider

Factory = Callable[[Settings], Provider]
AUTO, OFFLINE = "auto", "offline"


@dataclass(frozen=True)
class ProviderEntry:
    """`configured(settings)`: whether the settings hold what the factory needs (`needs` says what that is,
    for error messages). Under ALTOC_LLM=auto the configured providers are tried by ascending `rank`."""

    name: str
    factory: Factory
    configured: Callable[[Settings], bool]
    needs: str
    rank: int = 100


class ProviderRegistry:
    def __init__(self, package: str | None = None) -> None:
        self._entries: dict[str, ProviderEntry] = {}
        self._package = package  # discovered on first read; None: only what is registered by hand

    def register(
        self, name: str, *, configured: Callable[[Settings], bool], needs: str, rank: int = 100
    ) -> Callable[[Factory], Factory]:
        """Decorator for a provider's factory."""
        if name in (AUTO, OFFLINE) or not name.isidentifier() or name != name.lower():
            raise ValueError(f"provider name {name!r} must be a lower-case identifier other than auto/offline")

        def add(factory: Factory) -> Factory:
            if name in self._entries and self._entries[name].factory is not factory:
                raise ValueError(f"provider {name} registered twice")
            self._entries[name] = ProviderEntry(name, factory, configured, needs, rank)
            return factory

        return add

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    def _discover(self) -> None:
        if self._package is None:
            return
        package, self._package = importlib.import_module(self._package), None
        for module in pkgutil.iter_modules(package.__path__):
            if module.name.endswith("_provider"):
                importlib.import_module(f"{package.__name__}.{module.name}")

    def names(self) -> list[str]:
        self._discover()
        return sorted(self._entries)

    def get(self, name: str) -> ProviderEntry:
        self._discover()
        entry = self._entries.get(name)
        if entry is None:
            raise ConfigurationError(f"ALTOC_LLM={name} is not a known provider; {self.choices()}.")
        return entry

    def choices(self) -> str:
        return f"choose one of {', '.join([AUTO, *self.names(), OFFLINE])}"

    def order(self, settings: Settings) -> list[ProviderEntry]:
        """The providers to try, in order; empty means the offline guided mode.

        A chosen provider comes first even when it is not configured, so that the error says what is
        missing; the other configured ones follow as fallbacks.
        """
        choice = settings.altoc_llm.strip().lower()
        if choice == OFFLINE:
            return []
        self._discover()
        available = sorted((e for e in self._entries.values() if e.configured(settings)), key=lambda e: e.rank)
        if choice == AUTO:
            return available
        chosen = self.get(choice)
        return [chosen, *(e for e in available if e is not chosen)]

    def build(self, settings: Settings) -> list[Provider]:
        """One provider per entry of `order(settings)`; a chosen but unconfigured one is a clear error."""
        providers: list[Provider] = []
        for entry in self.order(settings):
            if not entry.configured(settings):
                raise ConfigurationError(
                    f"ALTOC_LLM={entry.name} needs {entry.needs}. Known providers: {', '.join(self.names())} "
                    f"(or {AUTO}, {OFFLINE})."
                )
            providers.append(entry.factory(settings))
        return providers


PROVIDERS = ProviderRegistry(__package__)
