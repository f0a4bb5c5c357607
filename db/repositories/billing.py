"""Billing rows: applied payment events, the ledger, subscriptions, Stripe customers, purchases, model usage."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import BillingEvent, LedgerEntry, ModelUsage, Purchase, StripeCustomer, Subscription

ACTIVE = ("active", "trialing", "past_due")  # Stripe's statuses that keep the plan (past_due: Stripe retries)


class BillingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- exactly once ----------------------------------------------------------------------------

    async def claim_event(self, event_id: str, type_: str) -> bool:
        """Record the event as applied, in the caller's transaction. False: it already was (or is being, by a
        concurrent delivery, which this waits for: the primary key decides, never a check before a commit)."""
        inserted = await self.session.execute(
            insert(BillingEvent)
            .values(id=event_id, type=type_[:100], outcome="applying")
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(BillingEvent.id)
        )
        return inserted.scalar() is not None

    async def finish_event(self, event_id: str, user_id: uuid.UUID | None, outcome: str) -> None:
        await self.session.execute(
            update(BillingEvent).where(BillingEvent.id == event_id).values(user_id=user_id, outcome=outcome[:500])
        )

    async def applied_events(self, user_id: uuid.UUID) -> int:
        query = select(func.count()).select_from(BillingEvent).where(BillingEvent.user_id == user_id)
        return int(await self.session.scalar(query) or 0)

    async def lock(self, user_id: uuid.UUID) -> None:
        """Serialise one person's billing changes (a Stripe customer created once) until the transaction ends.

        Its own key space: a turn's lock (ConversationRepository.lock_user) on the same person is not held up."""
        key = (uuid.UUID(str(user_id)).int >> 64) & 0x7FFF_FFFF_FFFF_FFFF
        await self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    # --- ledger ----------------------------------------------------------------------------------

    async def add_entry(
        self, user_id: uuid.UUID, amount: int, kind: str, actor: str, reason: str, event_id: str | None = None
    ) -> None:
        self.session.add(
            LedgerEntry(
                user_id=user_id, amount=amount, kind=kind, actor=actor[:300], reason=reason[:500], event_id=event_id
            )
        )
        await self.session.flush()

    async def balance(self, user_id: uuid.UUID) -> int:
        query = select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(LedgerEntry.user_id == user_id)
        return int(await self.session.scalar(query) or 0)

    async def entries(self, user_id: uuid.UUID, limit: int = 50) -> list[LedgerEntry]:
        query = select(LedgerEntry).where(LedgerEntry.user_id == user_id).order_by(LedgerEntry.id.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    # --- subscriptions ---------------------------------------------------------------------------

    async def subscription(self, subscription_id: str, **create: Any) -> tuple[Subscription, bool]:
        """The subscription row, locked for this transaction; made with `create`'s values when new (True). A row
        made before its person was known gets `create`'s user_id."""
        inserted = await self.session.execute(
            insert(Subscription)
            .values(id=subscription_id, **create)
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(Subscription.id)
        )
        created = inserted.scalar() is not None
        row = await self.session.scalar(
            select(Subscription)
            .where(Subscription.id == subscription_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        assert row is not None
        if row.user_id is None and create.get("user_id") is not None:  # its person, once an event names them
            row.user_id = create["user_id"]
        return row, created

    async def subscriptions(self, user_id: uuid.UUID) -> list[Subscription]:
        query = select(Subscription).where(Subscription.user_id == user_id).order_by(Subscription.updated_at.desc())
        return list((await self.session.scalars(query)).all())

    # --- customers -------------------------------------------------------------------------------

    async def customer_user(self, customer_id: str) -> uuid.UUID | None:
        return await self.session.scalar(select(StripeCustomer.user_id).where(StripeCustomer.id == customer_id))

    async def customer_of(self, user_id: uuid.UUID) -> str | None:
        query = (
            select(StripeCustomer.id)
            .where(StripeCustomer.user_id == user_id)
            .order_by(StripeCustomer.created_at, StripeCustomer.id)
            .limit(1)
        )
        return await self.session.scalar(query)

    async def add_customer(self, customer_id: str, user_id: uuid.UUID) -> None:
        await self.session.execute(
            insert(StripeCustomer).values(id=customer_id, user_id=user_id).on_conflict_do_nothing(index_elements=["id"])
        )

    # --- purchases -------------------------------------------------------------------------------

    async def purchase(self, **keys: str) -> Purchase:
        """The purchase with any of these keys (checkout_session, payment_intent, telegram_charge), locked; a new
        row when none has them. Concurrent callers with the same key get the same row, one after the other."""
        await self.session.execute(insert(Purchase).values(source=_source(keys), **keys).on_conflict_do_nothing())
        conditions = [getattr(Purchase, key) == value for key, value in keys.items()]
        rows = (
            await self.session.scalars(
                select(Purchase)
                .where(or_(*conditions))
                .order_by(Purchase.id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).all()
        return rows[0]

    async def purchases(self, user_id: uuid.UUID) -> list[Purchase]:
        query = select(Purchase).where(Purchase.user_id == user_id, Purchase.credited).order_by(Purchase.id.desc())
        return list((await self.session.scalars(query)).all())

    async def find_purchase(self, user_id: uuid.UUID, reference: str) -> Purchase | None:
        """A person's credited purchase by any of its references (id, Checkout Session, PaymentIntent, Telegram
        charge)."""
        conditions = [
            Purchase.checkout_session == reference,
            Purchase.payment_intent == reference,
            Purchase.telegram_charge == reference,
        ]
        if reference.isdigit():
            conditions.append(Purchase.id == int(reference))
        query = (
            select(Purchase).where(Purchase.user_id == user_id, Purchase.credited, or_(*conditions)).with_for_update()
        )
        return await self.session.scalar(query)

    # --- model usage -----------------------------------------------------------------------------

    async def add_usage(self, calls: list[ModelUsage]) -> None:
        """Model calls' usage, in one statement."""
        columns = ("user_id", "turn", "provider", "model", "input_tokens", "output_tokens", "cached_input_tokens")
        rows = [{c: getattr(call, c) for c in (*columns, "cost", "paid_from")} for call in calls]
        await self.session.execute(insert(ModelUsage), rows)

    async def allowance(self, user_id: uuid.UUID, since: datetime, now: datetime) -> tuple[bool, int, int, int]:
        """In one round trip, what a message's check needs: (on the monthly plan, messages the free plan's
        allowance paid for and millicredits the monthly plan's budget paid for since `since`, balance). Each plan
        counts only its own use: a plan bought mid-month starts with its whole budget."""
        month = (ModelUsage.user_id == user_id, ModelUsage.created_at >= since)
        running = select(Subscription.id).where(
            Subscription.user_id == user_id,
            Subscription.ended.is_(False),
            Subscription.status.in_(ACTIVE),
            (Subscription.current_period_end.is_(None)) | (Subscription.current_period_end > now),
        )
        row = (
            await self.session.execute(
                select(
                    running.exists(),
                    select(func.count(func.distinct(ModelUsage.turn)))
                    .where(*month, ModelUsage.paid_from == "allowance")
                    .scalar_subquery(),
                    select(func.coalesce(func.sum(ModelUsage.cost), 0))
                    .where(*month, ModelUsage.paid_from == "plan")
                    .scalar_subquery(),
                    select(func.coalesce(func.sum(LedgerEntry.amount), 0))
                    .where(LedgerEntry.user_id == user_id)
                    .scalar_subquery(),
                )
            )
        ).one()
        return bool(row[0]), int(row[1]), int(row[2]), int(row[3])


def _source(keys: dict[str, str]) -> str:
    return "telegram" if "telegram_charge" in keys else "stripe"
