"""Updates of different people run concurrently; one person's updates run one at a time, in arrival order.

PTB starts one task per update in the order the updates arrive; each task takes the concurrency
semaphore (FIFO) and then its person's lock (FIFO) without yielding in between, so the order holds.
A pre-checkout query (Telegram Stars) waits for nothing: Telegram needs its answer within 10 s, even while the
person's previous message is still being answered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 256


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Concurrent across people, sequential per person (keyed by Telegram user, else chat)."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}  # updates holding or awaiting each lock, to forget idle locks

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _person(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to allocate."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB awaits the running updates before it shuts the processor down."""


def _person(update: object) -> int | None:
    if not isinstance(update, Update) or update.pre_checkout_query is not None:
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None
