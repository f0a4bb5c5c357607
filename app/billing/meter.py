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
from typing import Literal

from app.billing.catalogue import cost
from app.billing.service import BillingService
from app.config import Settings
from app.errors import OutOfAllowance
from app.llm.base import ChatMessage, Gate, LlmReply, Provider, TextCallback, ToolSpec, Usage
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


UNMETERED = Unmetered()


@dataclass
class Meter:
    """One message's metering for one person: the free plan counts this message once, however many calls; the
    first call decides whether the message may use the model and what pays for it (a step of the agent loop
    never cuts a message short)."""

    db: Database
    settings: Settings
    user_id: uuid.UUID
    turn: uuid.UUID = field(default_factory=uuid.uuid4)
    paid_from: PaidFrom | None = None

    async def check(self) -> None:
        if self.paid_from is not None:
            # Admitted: the message's other calls finish it, paid the same way. Refusing one mid-message would
            # undo what its first calls did (the turn falls back to the guided mode) for a few tokens' overshoot.
            return
        async with self.db.session_scope() as session:
            billing = BillingService(session, self.settings)
            status = await billing.status(self.user_id)
            if status.allowance_left:
                self.paid_from = "plan" if status.plan == "pro" else "allowance"
            elif status.balance > 0:
                self.paid_from = "credits"
            else:
                raise OutOfAllowance(_exhausted(status.plan, status.messages_allowed))

    async def record(self, provider: str, model: str, usage: Usage) -> None:
        price = cost(self.settings, model, usage)
        paid_from = self.paid_from or "allowance"
        async with self.db.session_scope() as session:
            repo = BillingRepository(session)
            await repo.add_usage(
                user_id=self.user_id,
                turn=self.turn,
                provider=provider[:40],
                model=model[:200],
                input_tokens=usage.input_tokens,
                output_tokens=usage.output_tokens,
                cached_input_tokens=usage.cached_input_tokens,
                cost=price,
                paid_from=paid_from,
            )
            if paid_from == "credits" and price:
                await repo.add_entry(self.user_id, -price, "usage", "model", f"{model}: {_tokens(usage)}")


def _tokens(usage: Usage) -> str:
    return f"{usage.input_tokens} input tokens, {usage.output_tokens} output tokens"


def _exhausted(plan: str, messages: int) -> str:
    used = (
        f"You have used this month's {messages} model-assisted messages of the free plan"
        if plan == "free"
        else "You have used this month's fair-use budget of the monthly plan"
    )
    return (
        f"{used}, and you have no credits left. /buy shows the plans and credit packs. Until then I carry on in "
        "the guided mode: your CV and this chat are kept, and every command still works."
    )


def gate_for(db: Database, settings: Settings, user_id: uuid.UUID) -> Gate:
    """The meter of one message for this person, or none when billing is off."""
    return Meter(db, settings, user_id) if settings.billing_enabled else UNMETERED


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
