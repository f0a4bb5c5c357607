"""Every Stripe event Altoc uses, applied by BillingService as the webhook route does (one transaction each):
its effect, exactly once, in any order; a deleted subscription stays deleted; refunds before or after the payment."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from app.billing.catalogue import MILLI
from app.billing.service import BillingService
from db.models import BillingEvent, LedgerEntry, Purchase, Subscription
from db.repositories.billing import BillingRepository
from db.repositories.users import UserRepository
from tests.fakes.stripe_server import charge, checkout_session, event, invoice, new_id, stripe_settings, subscription

DAY = 86400


@pytest.fixture
def config(settings: Any) -> Any:
    return stripe_settings(settings, "http://127.0.0.1:9")  # no request reaches Stripe in these tests


async def person(db: Any, name: str = "ana") -> uuid.UUID:
    async with db.session_scope() as session:
        user = await UserRepository(session).get_or_create_by_identity("web", f"{name}@example.com")
        return user.id


async def customer(db: Any, user_id: uuid.UUID) -> str:
    """The person's Stripe customer, as StripeGateway.customer records it when a checkout starts."""
    customer_id = new_id("cus")
    async with db.session_scope() as session:
        await BillingRepository(session).add_customer(customer_id, user_id)
    return customer_id


async def apply(db: Any, config: Any, evt: dict[str, Any]) -> str:
    async with db.session_scope() as session:
        return await BillingService(session, config).apply_stripe_event(evt)


async def status(db: Any, config: Any, user_id: uuid.UUID) -> Any:
    async with db.session_scope() as session:
        return await BillingService(session, config).status(user_id)


async def count(db: Any, model: Any) -> int:
    async with db.session_scope() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def subscription_row(db: Any, subscription_id: str) -> Subscription:
    async with db.session_scope() as session:
        row = await session.get(Subscription, subscription_id)
        assert row is not None
        return row


async def test_a_pack_is_credited_once_per_event_id(db: Any, config: Any) -> None:
    ana = await person(db)
    paid = event("checkout.session.completed", checkout_session(str(ana), await customer(db, ana), "p500"))
    assert await apply(db, config, paid) == "credited 500 credits"
    assert await apply(db, config, paid) == "already applied"
    again = {**paid, "id": new_id("evt")}  # Stripe's own resend of the session under a new event id
    assert await apply(db, config, again) == "500 credits: already credited"
    now = await status(db, config, ana)
    assert now.balance == 500 * MILLI and now.plan == "free" and now.applied_events == 2
    async with db.session_scope() as session:
        entry = (await BillingRepository(session).entries(ana))[0]
    assert (entry.kind, entry.actor, entry.event_id) == ("purchase", f"stripe {paid['id']}", f"stripe:{paid['id']}")


async def test_the_return_page_and_the_webhook_credit_once_whichever_comes_first(db: Any, config: Any) -> None:
    ana = await person(db)
    cus = await customer(db, ana)
    for webhook_first in (True, False):
        session = checkout_session(str(ana), cus, "p2000", amount=1800)
        paid = event("checkout.session.completed", session)
        if webhook_first:
            assert await apply(db, config, paid) == "credited 2,000 credits"
        async with db.session_scope() as scope:
            _, outcome = await BillingService(scope, config).fulfil_checkout(session, "checkout return")
        assert outcome == ("2,000 credits: already credited" if webhook_first else "credited 2,000 credits")
        if not webhook_first:
            assert await apply(db, config, paid) == "2,000 credits: already credited"
    assert (await status(db, config, ana)).balance == 4000 * MILLI
    assert await count(db, Purchase) == 2


async def test_a_subscription_from_checkout_to_its_end(db: Any, config: Any) -> None:
    ana = await person(db)
    cus = await customer(db, ana)
    start = int(time.time())
    session = checkout_session(str(ana), cus, "pro", mode="subscription", amount=900)
    sub = session["subscription"]
    first_end, second_end = start + 30 * DAY, start + 60 * DAY

    assert await apply(db, config, event("checkout.session.completed", session, start)) == "monthly plan started"
    assert (await status(db, config, ana)).plan == "pro"
    created = event("customer.subscription.created", subscription(sub, cus, "active", first_end), start + 1)
    assert await apply(db, config, created) == "subscription active"
    assert (await status(db, config, ana)).renews is not None
    assert int((await status(db, config, ana)).renews.timestamp()) == first_end

    renewed = event("invoice.paid", invoice(sub, cus, second_end), start + 2)
    assert (
        await apply(db, config, renewed) == f"invoice paid: renews {time.strftime('%Y-%m-%d', time.gmtime(second_end))}"
    )
    failed = event("invoice.payment_failed", invoice(sub, cus, second_end, paid=False), start + 3)
    assert await apply(db, config, failed) == "payment failed: Stripe retries it"
    assert not (await status(db, config, ana)).payment_failed  # the subscription's own event says past_due
    past_due = event("customer.subscription.updated", subscription(sub, cus, "past_due", second_end), start + 4)
    await apply(db, config, past_due)
    now = await status(db, config, ana)
    assert now.plan == "pro" and now.payment_failed  # Stripe retries: the plan stays meanwhile
    cancelling = subscription(sub, cus, "active", second_end, cancel_at_period_end=True)
    assert await apply(db, config, event("customer.subscription.updated", cancelling, start + 5)) == (
        "subscription active, ends at period end"
    )
    now = await status(db, config, ana)
    assert now.cancels and not now.payment_failed and int(now.renews.timestamp()) == second_end

    deleted = event("customer.subscription.deleted", subscription(sub, cus, "canceled", second_end), start + 6)
    assert await apply(db, config, deleted) == "subscription ended"
    assert (await status(db, config, ana)).plan == "free"
    # A late update (sent before the deletion) and even a newer one never revive it.
    late = event("customer.subscription.updated", subscription(sub, cus, "active", second_end), start + 5)
    newer = event("customer.subscription.updated", subscription(sub, cus, "active", start + 90 * DAY), start + 9)
    assert await apply(db, config, late) == "ignored: the subscription has ended"
    assert await apply(db, config, newer) == "ignored: the subscription has ended"
    assert await apply(db, config, event("invoice.paid", invoice(sub, cus, start + 90 * DAY), start + 10))
    row = await subscription_row(db, sub)
    assert (row.ended, row.status) == (True, "canceled")
    assert (await status(db, config, ana)).plan == "free"


async def test_subscription_events_out_of_order_end_as_in_order(db: Any, config: Any) -> None:
    """The newest event's status wins whatever order they arrive in; the period end only moves forward."""
    ana = await person(db)
    cus = await customer(db, ana)
    start = int(time.time())
    sub_in_order, sub_shuffled = new_id("sub"), new_id("sub")

    def lifecycle(sub: str) -> list[dict[str, Any]]:
        return [
            event("customer.subscription.created", subscription(sub, cus, "incomplete", start + 30 * DAY), start),
            event("customer.subscription.updated", subscription(sub, cus, "active", start + 30 * DAY), start + 1),
            event("invoice.paid", invoice(sub, cus, start + 60 * DAY), start + 2),
            event("customer.subscription.updated", subscription(sub, cus, "past_due", start + 60 * DAY), start + 3),
            event(
                "customer.subscription.updated",
                subscription(sub, cus, "active", start + 60 * DAY, cancel_at_period_end=True),
                start + 4,
            ),
        ]

    for evt in lifecycle(sub_in_order):
        await apply(db, config, evt)
    for evt in reversed(lifecycle(sub_shuffled)):
        await apply(db, config, evt)
    ordered, shuffled = await subscription_row(db, sub_in_order), await subscription_row(db, sub_shuffled)
    keep = ("user_id", "status", "current_period_end", "cancel_at_period_end", "ended")
    assert [getattr(shuffled, k) for k in keep] == [getattr(ordered, k) for k in keep]
    assert (ordered.status, ordered.cancel_at_period_end, ordered.ended) == ("active", True, False)


async def test_a_deletion_that_arrives_first_wins(db: Any, config: Any) -> None:
    ana = await person(db)
    cus = await customer(db, ana)
    start, sub = int(time.time()), new_id("sub")
    end = start + 30 * DAY
    ended = event(
        "customer.subscription.deleted",
        subscription(sub, cus, "canceled", end, cancel_at_period_end=True),
        start + 2,
    )
    assert await apply(db, config, ended) == "subscription ended"
    earlier = [
        event("customer.subscription.created", subscription(sub, cus, "active", end), start),
        event(
            "customer.subscription.updated",
            subscription(sub, cus, "active", end, cancel_at_period_end=False),
            start + 1,
        ),
        event("invoice.paid", invoice(sub, cus, end), start + 1),
    ]
    for evt in earlier:
        await apply(db, config, evt)
    row = await subscription_row(db, sub)
    # As if delivered in order: the deletion's snapshot is the last word.
    assert (row.ended, row.status, row.user_id, row.cancel_at_period_end) == (True, "canceled", ana, True)
    assert int(row.current_period_end.timestamp()) == end
    assert (await status(db, config, ana)).plan == "free"


async def test_refunds_partial_full_and_before_the_payment(db: Any, config: Any) -> None:
    ana = await person(db)
    cus = await customer(db, ana)
    session = checkout_session(str(ana), cus, "p500", amount=500)
    intent = session["payment_intent"]
    await apply(db, config, event("checkout.session.completed", session))
    half = event("charge.refunded", charge(intent, cus, 500, 250))
    assert await apply(db, config, half) == "refunded: 250 credits taken back"
    assert (await status(db, config, ana)).balance == 250 * MILLI
    # The same cumulative refund under another event id, then the rest: never more than was paid.
    assert await apply(db, config, event("charge.refunded", charge(intent, cus, 500, 250))) == "refund already applied"
    assert await apply(db, config, event("charge.refunded", charge(intent, cus, 500, 500))) == (
        "refunded: 250 credits taken back"
    )
    assert (await status(db, config, ana)).balance == 0

    # A refund whose webhook arrives before the payment's: kept, then applied when the purchase is credited.
    early = checkout_session(str(ana), cus, "p2000", amount=1800)
    refund_first = event("charge.refunded", charge(early["payment_intent"], cus, 1800, 900))
    assert await apply(db, config, refund_first) == f"refund of {early['payment_intent']} kept for its purchase"
    assert (await status(db, config, ana)).balance == 0
    assert await apply(db, config, event("checkout.session.completed", early)) == "credited 2,000 credits"
    assert (await status(db, config, ana)).balance == 1000 * MILLI
    async with db.session_scope() as session_:
        kinds = [e.kind for e in await BillingRepository(session_).entries(ana)]
    assert sorted(kinds) == ["purchase", "purchase", "refund", "refund", "refund"]


async def test_unknown_customers_are_logged_and_acknowledged(
    db: Any, config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    stranger = new_id("cus")
    unknown = [
        event("checkout.session.completed", checkout_session(None, stranger, "p500")),
        event("checkout.session.completed", checkout_session(str(uuid.uuid4()), stranger, "p500")),
        event("invoice.paid", invoice(new_id("sub"), stranger, int(time.time()) + 30 * DAY)),
        event("charge.refunded", charge(new_id("pi"), stranger, 500, 500)),
    ]
    with caplog.at_level(logging.WARNING, logger="app.billing.service"):
        outcomes = [await apply(db, config, evt) for evt in unknown]
    assert outcomes[:2] == [f"ignored: unknown customer {stranger}"] * 2
    assert sum(evt["id"] in message for evt in unknown for message in caplog.messages) == 4
    async with db.session_scope() as session:
        rows = (await session.scalars(select(BillingEvent))).all()
    assert len(rows) == 4 and all(row.user_id is None for row in rows)
    assert await count(db, LedgerEntry) == 0
    # An event type Altoc does not use is recorded and acknowledged too, without a warning.
    caplog.clear()
    assert await apply(db, config, event("customer.created", {"id": stranger, "object": "customer"})) == (
        "ignored: not an event Altoc uses"
    )
    assert not caplog.messages


async def test_an_invoice_in_the_older_api_shape(db: Any, config: Any) -> None:
    """Before 2025 an invoice named its subscription at the top level; the service reads both."""
    ana = await person(db)
    cus = await customer(db, ana)
    sub, end = new_id("sub"), int(time.time()) + 30 * DAY
    old = invoice(sub, cus, end)
    del old["parent"]
    old["subscription"] = sub
    assert await apply(db, config, event("invoice.paid", old)) == (
        f"invoice paid: renews {time.strftime('%Y-%m-%d', time.gmtime(end))}"
    )
    row = await subscription_row(db, sub)
    assert row.user_id == ana and int(row.current_period_end.timestamp()) == end
