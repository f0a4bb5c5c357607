"""The one policy point for model use: `Meter.check()` before every model call, `Meter.record()` after it.

The free plan allows a number of model-assisted messages a month (every call of one message counts once);
the monthly plan a fair-use budget of credits; past either, bought credits pay by the tokens used. With
nothing left, `check()` raises OutOfAllowance, a ProviderUnavailable: every caller already answers that
by carrying on without the model (the guided mode, the offline tailoring), so nothing is lost.

Usage is written in its own short transaction: a turn that fails later still counts the calls it made.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.catalogue import MILLI, cost
from app.billing.service import month_start
from app.config import Settings
from app.errors import OutOfAllowance
from app.llm.base import ChatMessage, Gate, LlmReply, Provider, TextCallback, ToolSpec, Usage
from db.models import ModelUsage
from db.repositories.billing import BillingRepository
from db.session import Database

log = logging.getLogger(__name__)
PaidFrom = Literal["allowance", "plan", "credits"]  # the free plan's messages, the monthly plan's budget, credits


class Unmetered:
    """Billing off (or no person to bill): every call allowed, nothing recorded."""

    async def check(self) -> None:
        return None

    async def record(self, provider: str, model: str, usage: Usage) -> None:
        return None

    async def settle(self, session: AsyncSession) -> None:
        return None

    async def flush(self) -> None:
        return None


UNMETERED = Unmetered()


@dataclass
class Meter:
    """One message's metering for one person: the free plan counts this message once, however many calls; the
    first call decides whether the message may use the model and what pays for it (a step of the agent loop
    never cuts a message short, so a balance may end a few tokens below zero).

    Within a turn (`session` given) the checks read through the turn's own transaction, and the calls' usage is
    kept here: `settle()` writes it with the turn, just before the turn commits; when the turn fails instead,
    `flush()` writes it in a transaction of its own after the turn's has ended. So a model call is paid for
    whatever became of the turn, and no turn waits for a second database connection. Without a session (an
    import from the command line) each check and record is its own transaction.
    """

    db: Database
    settings: Settings
    user_id: uuid.UUID
    session: AsyncSession | None = None
    turn: uuid.UUID = field(default_factory=uuid.uuid4)
    paid_from: PaidFrom | None = None
    pending: list[ModelUsage] = field(default_factory=list)

    async def check(self) -> None:
        if self.paid_from is not None:
            # Admitted: the message's other calls finish it, paid the same way. Refusing one mid-message would
            # undo what its first calls did (the turn falls back to the guided mode) for a few tokens' overshoot.
            return
        pro, messages, spent, balance = await self._allowance()
        if pro and spent < self.settings.pro_credits * MILLI:
            self.paid_from = "plan"
        elif not pro and messages < self.settings.free_messages:
            self.paid_from = "allowance"
        elif balance > 0:
            self.paid_from = "credits"
        else:
            raise OutOfAllowance(_exhausted(pro, self.settings.free_messages))

    async def _allowance(self) -> tuple[bool, int, int, int]:
        now = datetime.now(UTC)
        if self.session is not None:
            return await BillingRepository(self.session).allowance(self.user_id, month_start(now), now)
        async with self.db.session_scope() as session:
            return await BillingRepository(session).allowance(self.user_id, month_start(now), now)

    async def record(self, provider: str, model: str, usage: Usage) -> None:
        self.pending.append(
            ModelUsage(
                user_id=self.user_id,
                turn=self.turn,
                provider=provider[:40],
                model=model[:200],
                input_tokens=usage.input_tokens,
                output_tokens=usage.output_tokens,
                cached_input_tokens=usage.cached_input_tokens,
                cost=cost(self.settings, model, usage),
                paid_from=self.paid_from or "allowance",
            )
        )
        if self.session is None:
            await self.flush()

    async def settle(self, session: AsyncSession) -> None:
        """Write the usage kept so far (and the credits it took) in `session`: the turn's, just before it
        commits. Should that fail, the usage stays kept for `flush()`."""
        if not self.pending:
            return
        repo = BillingRepository(session)
        await repo.add_usage(self.pending)
        for usage in self.pending:
            if usage.paid_from == "credits" and usage.cost:
                reason = f"{usage.model}: {usage.input_tokens} input, {usage.output_tokens} output tokens"
                await repo.add_entry(self.user_id, -usage.cost, "usage", "model", reason)
        self.pending = []

    async def flush(self) -> None:
        """Write what `settle` did not (the turn failed, or no turn: the command line) in a transaction of its
        own."""
        if not self.pending:
            return
        try:
            async with self.db.session_scope() as session:
                await self.settle(session)
        except Exception:  # the database went away, or the turn that made the person was undone: left unbilled
            log.warning("model usage of user %s not recorded: %d calls", self.user_id, len(self.pending), exc_info=True)
            self.pending = []


def _exhausted(pro: bool, messages: int) -> str:
    used = (
        "You have used this month's fair-use budget of the monthly plan"
        if pro
        else f"You have used this month's {messages} model-assisted messages of the free plan"
    )
    return (
        f"{used}, and you have no credits left. /buy shows the plans and credit packs. Until then I carry on in "
        "the guided mode: your CV and this chat are kept, and every command still works."
    )


Metering = Meter | Unmetered


def gate_for(db: Database, settings: Settings, user_id: uuid.UUID, session: AsyncSession | None = None) -> Metering:
    """The meter of one message for this person (reading through the turn's `session`), or none when billing
    is off."""
    return Meter(db, settings, user_id, session) if settings.billing_enabled else UNMETERED


@dataclass
class MeteredProvider:
    """A provider whose every call passes the gate first and is recorded after."""

    inner: Provider
    gate: Gate

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def model(self) -> str:
        return self.inner.model

    async def complete(
        self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], on_text: TextCallback | None = None
    ) -> LlmReply:
        await self.gate.check()
        reply = await self.inner.complete(messages, tools, on_text)
        await self.gate.record(reply.provider or self.inner.name, reply.model or self.inner.model, reply.usage)
        return reply


def metered(provider: Provider | None, gate: Gate) -> Provider | None:
    if provider is None or isinstance(gate, Unmetered):
        return provider
    return MeteredProvider(provider, gate)
