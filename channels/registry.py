"""The channels: one `Channel` entry each, declared in its own package's `channel.py` module.

`altoc serve` runs every registered channel that its settings turn on: it adds the channel's routes to our
HTTP app (channels.http.app), starts it with the runtime and stops it at shutdown. The runtime learns the
channels' display names from here, so core text names the chats that exist instead of hard-coding them.

Adding a channel is one new package `channels/<name>/` whose `channel.py` calls `register(Channel(...))`
(plus its tests): `registered()` finds it; no other module changes. Registering from a test works the same.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.assistant.runtime import Runtime
    from app.config import Settings


@dataclass(frozen=True)
class Serving:
    """What a channel's hooks know of the server it runs in."""

    settings: Settings
    host: str
    port: int


def _never(settings: Settings) -> bool:
    return False


def _no_routes(serving: Serving) -> Sequence[Any]:
    return ()


def _no_paths(serving: Serving) -> Collection[str]:
    return ()


@dataclass(frozen=True)
class Channel:
    """One way to talk to the assistant.

    name: what its `UserTurn.channel` says ("web", "telegram", ...); display_name: how people call it.
    served: whether `altoc serve` runs it with these settings (the terminal never is).
    prepare: first of all, before the runtime starts and anything imports the channel's library.
    routes: Starlette/FastAPI routes it adds to our app. external_paths: those of them that other servers
      call with their own authentication (a webhook's secret), let through under any host name or origin.
    install: after every channel's routes, adds middleware or mounts a catch-all app (the web chat: Chainlit).
    start / stop: with the server (the runtime is up by then); start must not wait for the network.
    """

    name: str
    display_name: str
    served: Callable[[Settings], bool] = _never
    prepare: Callable[[Serving], None] | None = None
    routes: Callable[[Serving], Sequence[Any]] = _no_routes
    external_paths: Callable[[Serving], Collection[str]] = _no_paths
    install: Callable[[Any, Serving], None] | None = None
    start: Callable[[Runtime], Awaitable[None]] | None = None
    stop: Callable[[], Awaitable[None]] | None = None
    position: int = field(default=100, compare=False)  # order of routes, start-up and lists (lower first)


_CHANNELS: dict[str, Channel] = {}
_discovered = False


def register(channel: Channel) -> Channel:
    """Add (or replace) a channel under its name."""
    _CHANNELS[channel.name] = channel
    return channel


def unregister(name: str) -> None:
    _CHANNELS.pop(name, None)


def discover() -> None:
    """Import every `channels/<package>/channel.py` once: each registers its channel. Cheap: those modules
    import their channel's libraries (Chainlit, python-telegram-bot) only when a hook runs."""
    global _discovered
    if _discovered:
        return
    import channels

    for folder in channels.__path__:
        for module in sorted(Path(folder).glob("*/channel.py")):
            importlib.import_module(f"channels.{module.parent.name}.channel")
    _discovered = True


def registered() -> list[Channel]:
    discover()
    return sorted(_CHANNELS.values(), key=lambda channel: (channel.position, channel.name))


def served(settings: Settings) -> list[Channel]:
    """The channels `altoc serve` runs with these settings."""
    return [channel for channel in registered() if channel.served(settings)]


def display_names() -> dict[str, str]:
    """{channel name: display name} of every registered channel, for the runtime (core text names chats so)."""
    return {channel.name: channel.display_name for channel in registered()}
