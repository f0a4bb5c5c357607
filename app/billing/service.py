"""Balances, plans and payments applied exactly once, in the caller's transaction.

Every effect of a payment is keyed: a Stripe event by its id and a Telegram charge by its charge id (in
`billing_events`), a purchase by its Checkout Session, PaymentIntent or Telegram charge (in `purchases`). The key
is inserted in the same transaction as the effect, so a second delivery, a concurrent one, or the checkout's
return page arriving before or after the webhook changes nothing more. Subscription state is ordered by the
events' own time: the newest snapshot wins whatever order they arrive in, and a deleted subscription stays
deleted.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.catalogue import MILLI, PRO, PRO_DAYS, Item, credits, find_item
from app.config import Settings
from db.models import Purchase, Subscription, User
from db.repositories.billing import ACTIVE, BillingRepository

log = logging.getLogger(__name__)
UNUSED = "ignored: not an event Altoc uses"


@dataclass(frozen=True)
class Status:
    """What /plan shows and `altoc billing show` prints."""

    enabled: bool  # billing configured; off, model use is unlimited
    plan: str  # "free", "pro" or "unlimited" (billing off)
    balance: int  # millicredits of packs, grants and refunds, less what model use took from them
    messages_used: int  # model-assisted messages this month, paid by the allowance (free plan)
    messages_allowed: int
    spent: int  # millicredits of model use this month, paid by the allowance (monthly plan)
    budget: int  # the monthly plan's fair-use budget, millicredits
    resets: datetime  # when this month's allowance starts again
    renews: datetime | None  # the plan's current period end
    cancels: bool  # the plan ends at `renews` instead of renewing
    payment_failed: bool
    plan_source: str | None  # "stripe" or "telegram"
    applied_events: int

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "balance": self.balance / MILLI,
            "applied_events": self.applied_events,
            "billing": "on" if self.enabled else "off",
            "messages_used": self.messages_used,
            "messages_allowed": self.messages_allowed,
            "spent_this_month": self.spent / MILLI,
            "monthly_budget": self.budget / MILLI,
            "resets": self.resets.isoformat(),
            "renews": self.renews.isoformat() if self.renews else None,
            "cancels_at_period_end": self.cancels,
            "payment_failed": self.payment_failed,
        }


def month_start(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(now: datetime) -> datetime:
    start = month_start(now)
    return (start + timedelta(days=32)).replace(day=1)


class BillingService:
    def __init__(self, session: AsyncSession, settings: Settings, now: datetime | None = None) -> None:
        self.session = session
        self.settings = settings
        self.repo = BillingRepository(session)
        self._now = now

    @property
    def now(self) -> datetime:
        return self._now or datetime.now(UTC)

    # --- reading ---------------------------------------------------------------------------------

    async def status(self, user_id: uuid.UUID) -> Status:
        now = self.now
        plan = await self.active_plan(user_id)
        _, messages, spent, balance = await self.repo.allowance(user_id, month_start(now), now)
        return Status(
            enabled=self.settings.billing_enabled,
            plan=("pro" if plan else "free") if self.settings.billing_enabled else "unlimited",
            balance=balance,
            messages_used=messages,
            messages_allowed=self.settings.free_messages,
            spent=spent,
            budget=self.settings.pro_credits * MILLI,
            resets=next_month(now),
            renews=plan.current_period_end if plan else None,
            cancels=bool(plan and plan.cancel_at_period_end),
            payment_failed=bool(plan and plan.status == "past_due"),
            plan_source=plan.source if plan else None,
            applied_events=await self.repo.applied_events(user_id),
        )

    async def active_plan(self, user_id: uuid.UUID) -> Subscription | None:
        """The subscription that gives the monthly plan now, the one running longest when there are two."""
        now = self.now
        running = [
            s
            for s in await self.repo.subscriptions(user_id)
            if not s.ended and s.status in ACTIVE and (s.current_period_end is None or s.current_period_end > now)
        ]
        far = datetime.max.replace(tzinfo=UTC)
        return max(running, key=lambda s: s.current_period_end or far, default=None)

    # --- admin -----------------------------------------------------------------------------------

    async def grant(self, user_id: uuid.UUID, amount: int, actor: str, reason: str) -> int:
        """Add (or, negative, take) millicredits by hand; the ledger keeps who and why. Returns the new balance."""
        await self.repo.add_entry(user_id, amount, "grant", actor, reason)
        return await self.repo.balance(user_id)

    async def refund_purchase(
        self, purchase: Purchase, refunded: int, actor: str, reason: str = "purchase refunded"
    ) -> str:
        """A refund made from here (`altoc billing refund`, after Stripe accepted it): the credits are taken back
        at once. Keyed by the amount refunded so far, like every refund, so the refund's own `charge.refunded`
        webhook, arriving later, changes nothing more."""
        return await self._reverse(purchase, refunded, actor, None, reason)

    # --- Stripe ------------------------------------------------------------------------------------

    async def apply_stripe_event(self, event: Mapping[str, Any]) -> str:
        """Apply one verified Stripe event exactly once; returns what it did (kept with the event)."""
        event_id = f"stripe:{event['id']}"
        if not await self.repo.claim_event(event_id, str(event.get("type", ""))):
            return "already applied"
        obj = event.get("data", {}).get("object", {})
        at = datetime.fromtimestamp(int(event.get("created", 0)), UTC)
        kind = event.get("type")
        user_id: uuid.UUID | None = None
        if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
            user_id, outcome = await self.fulfil_checkout(obj, f"stripe {event['id']}", event_id)
        elif kind in ("customer.subscription.created", "customer.subscription.updated"):
            user_id, outcome = await self._subscription_snapshot(obj, at, event_id)
        elif kind == "customer.subscription.deleted":
            user_id, outcome = await self._subscription_ended(obj, at, event_id)
        elif kind in ("invoice.paid", "invoice.payment_failed"):
            user_id, outcome = await self._invoice(obj, paid=kind == "invoice.paid")
        elif kind == "charge.refunded":
            user_id, outcome = await self._charge_refunded(obj, f"stripe {event['id']}", event_id)
        else:
            outcome = UNUSED
        if user_id is None and outcome != UNUSED:  # unknown customers included: someone should look
            log.warning("stripe event %s (%s) for no known person: %s", event["id"], kind, outcome)
        await self.repo.finish_event(event_id, user_id, outcome)
        return outcome

    async def fulfil_checkout(
        self, session: Mapping[str, Any], actor: str, event_id: str | None = None
    ) -> tuple[uuid.UUID | None, str]:
        """A completed Checkout Session, from its webhook or the return page (whichever comes first does it)."""
        user_id = await self._user_of(session)
        if user_id is None:
            return None, f"ignored: unknown customer {session.get('customer')}"
        customer = session.get("customer")
        if isinstance(customer, str):
            await self.repo.add_customer(customer, user_id)
        metadata = session.get("metadata") or {}
        if session.get("mode") == "subscription":
            subscription = session.get("subscription")
            if not isinstance(subscription, str):
                return user_id, "ignored: no subscription on the session"
            row, created = await self.repo.subscription(
                subscription, user_id=user_id, source="stripe", customer_id=customer, status="active"
            )
            return user_id, "monthly plan started" if created else "monthly plan already known"
        if session.get("payment_status") != "paid":
            return user_id, f"ignored: payment {session.get('payment_status')}"
        item = _paid_pack(self.settings, metadata)
        if item is None:
            return user_id, f"ignored: unknown pack {metadata.get('item')!r}"
        keys = {"checkout_session": str(session["id"])}
        if isinstance(session.get("payment_intent"), str):
            keys["payment_intent"] = session["payment_intent"]
        purchase = await self.repo.purchase(**keys)
        amount = int(session.get("amount_total") or 0)
        return user_id, await self._credit(purchase, user_id, item, amount, actor, event_id, keys)

    async def _credit(
        self,
        purchase: Purchase,
        user_id: uuid.UUID,
        item: Item,
        amount: int,
        actor: str,
        event_id: str | None,
        keys: Mapping[str, str],
    ) -> str:
        if purchase.credited:
            return f"{item.title}: already credited"
        for key, value in keys.items():
            setattr(purchase, key, value)
        purchase.user_id, purchase.item, purchase.credited = user_id, item.id, True
        purchase.credits, purchase.amount = item.credits * MILLI, amount
        await self.repo.add_entry(user_id, purchase.credits, "purchase", actor, f"bought {item.title}", event_id)
        refunded = purchase.refunded
        purchase.refunded = 0
        if refunded:  # a refund that arrived before the payment's own event
            await self._reverse(purchase, refunded, actor, event_id)
        return f"credited {item.title}"

    async def _charge_refunded(
        self, charge: Mapping[str, Any], actor: str, event_id: str
    ) -> tuple[uuid.UUID | None, str]:
        intent = charge.get("payment_intent")
        if not isinstance(intent, str):
            return None, "ignored: a charge without a payment intent"
        purchase = await self.repo.purchase(payment_intent=intent)
        refunded = int(charge.get("amount_refunded") or 0)
        if not purchase.credited:  # kept until the purchase itself arrives
            purchase.refunded = max(purchase.refunded, refunded)
            purchase.amount = purchase.amount or int(charge.get("amount") or 0)
            return await self._user_of(charge), f"refund of {intent} kept for its purchase"
        return purchase.user_id, await self._reverse(purchase, refunded, actor, event_id)

    async def _reverse(
        self, purchase: Purchase, refunded: int, actor: str, event_id: str | None, reason: str = "purchase refunded"
    ) -> str:
        """Take back the purchase's credits in proportion to what was refunded so far (never more than once)."""
        refunded = min(refunded, purchase.amount) if purchase.amount else refunded
        if refunded <= purchase.refunded:
            return "refund already applied"
        share = purchase.amount or refunded

        def taken(paid_back: int) -> int:
            return purchase.credits * paid_back // share

        amount = taken(refunded) - taken(purchase.refunded)
        purchase.refunded = refunded
        assert purchase.user_id is not None
        if purchase.item == PRO:  # 30 days bought in Stars: they end, and any bought after them move up
            row, _ = await self.repo.subscription(
                f"stars:{purchase.telegram_charge}", source="telegram", status="active"
            )
            if not row.ended and row.current_period_end is not None:
                await self._take_back_days(purchase.user_id, row)
            row.ended, row.status = True, "canceled"
            return "monthly plan refunded: it has ended"
        if amount:
            await self.repo.add_entry(purchase.user_id, -amount, "refund", actor, reason, event_id)
        return f"refunded: {credits(amount)} credits taken back"

    async def _take_back_days(self, user_id: uuid.UUID, refunded: Subscription) -> None:
        """The Stars periods stacked after a refunded one start earlier by the days it had left."""
        assert refunded.current_period_end is not None
        start = refunded.current_period_end - timedelta(days=PRO_DAYS)
        unused = refunded.current_period_end - max(self.now, start)
        if unused <= timedelta(0):
            return
        for later in await self.repo.subscriptions(user_id):
            end = later.current_period_end
            if later.source == "telegram" and not later.ended and end is not None and end > refunded.current_period_end:
                later.current_period_end = end - unused

    async def _stripe_subscription(self, obj: Mapping[str, Any], status: str) -> Subscription:
        """A Stripe subscription's row, locked; made with `status` when new."""
        user_id = await self._user_of(obj)
        row, _ = await self.repo.subscription(
            str(obj["id"]), user_id=user_id, source="stripe", customer_id=obj.get("customer"), status=status
        )
        return row

    async def _subscription_snapshot(
        self, obj: Mapping[str, Any], at: datetime, event_id: str
    ) -> tuple[uuid.UUID | None, str]:
        row = await self._stripe_subscription(obj, "incomplete")
        _extend(row, _period_end(obj))
        if row.ended:
            return row.user_id, "ignored: the subscription has ended"
        if row.event_at is not None and (row.event_at, row.event_id or "") > (at, event_id):
            return row.user_id, "older than the state kept: period end only"
        row.status = str(obj.get("status") or row.status)
        row.cancel_at_period_end = bool(obj.get("cancel_at_period_end"))
        row.event_at, row.event_id = at, event_id
        return row.user_id, f"subscription {row.status}" + (", ends at period end" if row.cancel_at_period_end else "")

    async def _subscription_ended(
        self, obj: Mapping[str, Any], at: datetime, event_id: str
    ) -> tuple[uuid.UUID | None, str]:
        row = await self._stripe_subscription(obj, "canceled")
        row.ended, row.status, row.event_at, row.event_id = True, "canceled", at, event_id
        # The deletion's snapshot is final, whatever arrived before it or arrives after (then ignored).
        row.cancel_at_period_end = bool(obj.get("cancel_at_period_end"))
        _extend(row, _period_end(obj))
        return row.user_id, "subscription ended"

    async def _invoice(self, invoice: Mapping[str, Any], *, paid: bool) -> tuple[uuid.UUID | None, str]:
        subscription = _invoice_subscription(invoice)
        user_id = await self._user_of(invoice)
        if subscription is None:
            return user_id, "ignored: not a subscription's invoice"
        if not paid:  # Stripe retries and sends the subscription's past_due status as its own event
            return user_id, "payment failed: Stripe retries it"
        row, _ = await self.repo.subscription(
            subscription, user_id=user_id, source="stripe", customer_id=invoice.get("customer"), status="active"
        )
        lines = (invoice.get("lines") or {}).get("data") or []
        ends = [line.get("period", {}).get("end") for line in lines if line.get("period", {}).get("end")]
        _extend(row, datetime.fromtimestamp(max(ends), UTC) if ends else None)
        return row.user_id, "invoice paid" + (
            f": renews {row.current_period_end:%Y-%m-%d}" if row.current_period_end else ""
        )

    async def _user_of(self, obj: Mapping[str, Any]) -> uuid.UUID | None:
        """The person a Stripe object is for: our id on a Checkout Session or in metadata, else its customer."""
        metadata = obj.get("metadata") or {}
        for candidate in (obj.get("client_reference_id"), metadata.get("user_id")):
            user_id = _uuid(candidate)
            if user_id is not None and await self.session.get(User, user_id) is not None:
                return user_id
        customer = obj.get("customer")
        return await self.repo.customer_user(customer) if isinstance(customer, str) else None

    # --- Telegram Stars ----------------------------------------------------------------------------

    def stars_payload(self, user_id: uuid.UUID, item: Item) -> str:
        """The invoice payload (≤ 128 bytes): what is bought, for whom, at what price."""
        return f"altoc:{item.id}:{user_id}:{item.stars}"

    def check_stars_payload(
        self, user_id: uuid.UUID, payload: str, currency: str, total: int
    ) -> tuple[Item | None, str | None]:
        """The item a pre-checkout query or a payment is for, or the reason to refuse it."""
        parts = payload.split(":")
        item = find_item(self.settings, parts[1]) if len(parts) == 4 and parts[0] == "altoc" else None
        if item is None or not item.stars:
            return None, "This offer is no longer available. Send /buy to see the current ones."
        if parts[2] != str(user_id):
            return None, "This invoice was made for another account. Send /buy for your own."
        if currency != "XTR" or total != item.stars or parts[3] != str(item.stars):
            return None, "The price has changed since this invoice was made. Send /buy for a new one."
        return item, None

    async def credit_stars(self, user_id: uuid.UUID, item: Item, charge_id: str, payer: str, amount: int) -> str:
        """A successful Stars payment, credited once per Telegram charge id."""
        event_id = f"telegram:{charge_id}"
        if not await self.repo.claim_event(event_id, "successful_payment"):
            return "already applied"
        purchase = await self.repo.purchase(telegram_charge=charge_id)
        purchase.payer = payer
        actor = f"telegram charge {charge_id}"
        if item.kind == "plan":
            purchase.user_id, purchase.item, purchase.credited, purchase.amount = user_id, PRO, True, amount
            await self.repo.lock(user_id)  # two periods bought at once: the second starts where the first ends
            current = await self.active_plan(user_id)
            start = max(self.now, current.current_period_end or self.now) if current else self.now
            row, _ = await self.repo.subscription(
                f"stars:{charge_id}", user_id=user_id, source="telegram", status="active"
            )
            row.current_period_end = start + timedelta(days=PRO_DAYS)
            outcome = f"monthly plan until {row.current_period_end:%Y-%m-%d}"
        else:
            outcome = await self._credit(purchase, user_id, item, amount, actor, event_id, {})
        await self.repo.finish_event(event_id, user_id, outcome)
        return outcome

    async def stars_refunded(self, purchase: Purchase, actor: str) -> str:
        """A Stars payment refunded (after refundStarPayment succeeded, or Telegram's refunded_payment)."""
        event_id = f"telegram-refund:{purchase.telegram_charge}"
        if not await self.repo.claim_event(event_id, "refunded_payment"):
            return "refund already applied"
        outcome = await self._reverse(purchase, purchase.amount, actor, event_id)
        await self.repo.finish_event(event_id, purchase.user_id, outcome)
        return outcome


def _paid_pack(settings: Settings, metadata: Mapping[str, Any]) -> Item | None:
    """The pack a Checkout Session paid for: from the catalogue, or, if it was withdrawn since, the credits the
    session promised (a payment is never left without what it bought)."""
    item = find_item(settings, str(metadata.get("item", "")))
    if item is not None:
        return item if item.kind == "pack" else None
    promised = str(metadata.get("credits", ""))
    if not promised.isdigit() or int(promised) <= 0:
        return None
    return Item(str(metadata.get("item", "pack"))[:40], "pack", f"{int(promised):,} credits", int(promised), None, 0)


def _extend(row: Subscription, end: datetime | None) -> None:
    """A period end only moves forward (events arrive in any order)."""
    if end is not None and (row.current_period_end is None or end > row.current_period_end):
        row.current_period_end = end


def _period_end(subscription: Mapping[str, Any]) -> datetime | None:
    """current_period_end: on the subscription (older API versions) or on its items (2025 and later)."""
    ends = [subscription.get("current_period_end")]
    ends += [item.get("current_period_end") for item in (subscription.get("items") or {}).get("data") or []]
    known = [int(end) for end in ends if end]
    return datetime.fromtimestamp(max(known), UTC) if known else None


def _invoice_subscription(invoice: Mapping[str, Any]) -> str | None:
    """The invoice's subscription id: a top-level field before Stripe's 2025 API, under `parent` after."""
    direct = invoice.get("subscription")
    if isinstance(direct, str):
        return direct
    details = ((invoice.get("parent") or {}).get("subscription_details")) or {}
    found = details.get("subscription")
    return found if isinstance(found, str) else None


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
