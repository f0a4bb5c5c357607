"""What the Stripe webhook tests and bench/billing.py share: a day of Stripe events for a few people (pack
purchases, refunds, subscription lifecycles, invoices, unknown customers), the state they leave in the database,
our HTTP app served in-process on a loopback port, and delivery of signed events to it."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import func, select

from app.billing.catalogue import MILLI
from app.billing.service import BillingService
from db.models import BillingEvent, LedgerEntry, StripeCustomer, Subscription, User
from tests.fakes.stripe_server import charge, checkout_session, event, invoice, new_id, signed, subscription
from tests.webclient import free_port

DAY = 86400
PACKS = {"p500": (500, 500), "p2000": (2000, 1800)}  # id -> (credits, price in cents), as stripe_settings sells


@dataclass
class Scenario:
    """Events in the order Stripe made them (`created` rises by one second each), and what they must leave."""

    people: list[uuid.UUID]
    customers: dict[uuid.UUID, str]
    events: list[dict[str, Any]]
    balances: dict[uuid.UUID, int] = field(default_factory=dict)  # millicredits, from the purchases and refunds
    purchases: int = 0  # pack purchases that must be credited (once each)


def scenario(size: int = 200, people: int = 12, seed: int = 18) -> Scenario:
    """`size` events: stories (a purchase and its refunds, a subscription from checkout to its end...) of
    `people` people and of strangers, interleaved; each story's events keep their order."""
    rng = random.Random(seed)
    persons = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(people)]
    customers = {p: f"cus_test_{p.hex[:24]}" for p in persons}
    start = int(time.time()) - size  # every event in the past, as delivered ones are
    story_makers: list[Callable[[uuid.UUID, dict[uuid.UUID, int]], list[tuple[str, Any]]]] = []
    result = Scenario(persons, customers, [], {p: 0 for p in persons})

    def pack(person: uuid.UUID, balances: dict[uuid.UUID, int]) -> list[tuple[str, Any]]:
        item = rng.choice(list(PACKS))
        credits, price = PACKS[item]
        session = checkout_session(str(person), customers[person], item, amount=price)
        story: list[tuple[str, Any]] = [("checkout.session.completed", session)]
        refunded = 0
        for _ in range(rng.choice((0, 0, 1, 2))):  # none, a partial refund, or a partial then the rest
            refunded = price if refunded else rng.randrange(1, price)
            story.append(("charge.refunded", charge(session["payment_intent"], customers[person], price, refunded)))
        balances[person] += credits * MILLI - credits * MILLI * refunded // price
        result.purchases += 1
        return story

    def plan(person: uuid.UUID, balances: dict[uuid.UUID, int]) -> list[tuple[str, Any]]:
        cus = customers[person]
        session = checkout_session(str(person), cus, "pro", mode="subscription", amount=900)
        sub, end = session["subscription"], start + 30 * DAY
        story: list[tuple[str, Any]] = [
            ("checkout.session.completed", session),
            ("customer.subscription.created", subscription(sub, cus, "active", end, metadata={"user_id": str(person)})),
            ("invoice.paid", invoice(sub, cus, end)),
        ]
        for month in range(1, rng.randrange(1, 4)):
            if rng.random() < 0.4:
                story.append(("invoice.payment_failed", invoice(sub, cus, end + month * 30 * DAY, paid=False)))
                story.append(("customer.subscription.updated", subscription(sub, cus, "past_due", end)))
            end += 30 * DAY
            story.append(("invoice.paid", invoice(sub, cus, end)))
            story.append(("customer.subscription.updated", subscription(sub, cus, "active", end)))
        if rng.random() < 0.5:
            story.append(
                ("customer.subscription.updated", subscription(sub, cus, "active", end, cancel_at_period_end=True))
            )
            story.append(
                ("customer.subscription.deleted", subscription(sub, cus, "canceled", end, cancel_at_period_end=True))
            )
        return story

    def stranger(person: uuid.UUID, balances: dict[uuid.UUID, int]) -> list[tuple[str, Any]]:
        cus = new_id("cus")
        if rng.random() < 0.5:
            return [("checkout.session.completed", checkout_session(None, cus, "p500"))]
        return [("invoice.paid", invoice(new_id("sub"), cus, start + 30 * DAY))]

    story_makers = [pack, pack, pack, plan, stranger]
    stories: list[list[tuple[str, Any]]] = []
    total = 0
    while total < size:
        story = rng.choice(story_makers)(rng.choice(persons), result.balances)
        stories.append(story)
        total += len(story)
    # The last story may be cut short, as a day's events are: recompute what its purchase left in that case.
    overflow = total - size
    if overflow:
        last = stories[-1]
        kept = last[: len(last) - overflow]
        stories[-1] = kept
        _recount(result, last, kept)
    order: list[tuple[str, Any]] = []
    cursors = [0] * len(stories)
    while len(order) < size:
        open_stories = [i for i, s in enumerate(stories) if cursors[i] < len(s)]
        chosen = rng.choice(open_stories)
        order.append(stories[chosen][cursors[chosen]])
        cursors[chosen] += 1
    result.events = [event(kind, obj, start + i) for i, (kind, obj) in enumerate(order)]
    return result


def _recount(result: Scenario, story: list[tuple[str, Any]], kept: list[tuple[str, Any]]) -> None:
    """Undo what a cut story's dropped events would have done to the expected balances."""
    first_kind, session = story[0]
    if first_kind != "checkout.session.completed" or session["mode"] != "payment" or not session["client_reference_id"]:
        return
    person = uuid.UUID(session["client_reference_id"])
    credits, price = PACKS[session["metadata"]["item"]]
    refunds = [obj["amount_refunded"] for kind, obj in story if kind == "charge.refunded"]
    kept_refunds = [obj["amount_refunded"] for kind, obj in kept if kind == "charge.refunded"]
    before = credits * MILLI - credits * MILLI * (refunds[-1] if refunds else 0) // price
    if not kept:
        result.balances[person] -= before
        result.purchases -= 1
        return
    after = credits * MILLI - credits * MILLI * (kept_refunds[-1] if kept_refunds else 0) // price
    result.balances[person] += after - before


async def add_people(db: Any, plan: Scenario) -> None:
    """The scenario's people and their Stripe customers (made when their first checkout started)."""
    async with db.session_scope() as session:
        for person in plan.people:
            session.add(User(id=person, display_name=f"person {person.hex[:6]}"))
        await session.flush()
        for person, customer in plan.customers.items():
            session.add(StripeCustomer(id=customer, user_id=person))


async def forget_payments(db: Any) -> None:
    """Every payment effect gone (people and customers stay): ready for another delivery of the same events."""
    from sqlalchemy import text

    async with db.session_scope() as session:
        await session.execute(text("TRUNCATE billing_events, billing_ledger, subscriptions, purchases"))


async def state(db: Any, config: Any, people: Iterable[uuid.UUID]) -> dict[str, Any]:
    """What a person would notice (balance, plan, renewal, cancellation) and the rows behind it."""
    async with db.session_scope() as session:
        billing = BillingService(session, config)
        people_state = {}
        for person in people:
            status = await billing.status(person)
            people_state[str(person)] = (status.balance, status.plan, status.renews, status.cancels)
        subscriptions = {
            row.id: (row.user_id, row.status, row.current_period_end, row.cancel_at_period_end, row.ended)
            for row in (await session.scalars(select(Subscription))).all()
        }
        # Sums, not rows: a full refund that arrives before a partial one is one ledger row instead of two.
        totals = select(LedgerEntry.kind, func.sum(LedgerEntry.amount)).group_by(LedgerEntry.kind)
        ledger = {kind: int(total) for kind, total in await session.execute(totals)}
        credited = select(func.count()).where(LedgerEntry.kind == "purchase")
        purchases = int(await session.scalar(credited) or 0)
        events = int(await session.scalar(select(func.count()).select_from(BillingEvent)) or 0)
    return {
        "people": people_state,
        "subscriptions": subscriptions,
        "ledger": ledger,
        "purchases_credited": purchases,
        "events": events,
    }


# --- our app on a loopback port, and deliveries to it ------------------------------------------------


@asynccontextmanager
async def served_app(config: Any, db: Any) -> AsyncIterator[str]:
    """Our HTTP app (build_app, no channels) with `config`, served by uvicorn in this event loop on a free port;
    yields its URL. The database stays open: its owner closes it."""
    import uvicorn

    from app.assistant.conversation import ConversationService
    from app.assistant.runtime import Runtime
    from channels.http.app import build_app
    from channels.registry import Serving
    from channels.web.lifecycle import WebRuntime

    port = free_port()
    source = WebRuntime()
    source.install(Runtime(config, db, None, ConversationService(db, config)))
    app = build_app(Serving(config, "127.0.0.1", port), [], runtime=source)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="warning", loop="asyncio")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def deliver(client: httpx.AsyncClient, evt: dict[str, Any], **signing: Any) -> httpx.Response:
    """POST one event to the webhook as Stripe does: its JSON body signed at the moment of sending."""
    body, signature = signed(evt, **signing)
    return await client.post(
        "/stripe/webhook",
        content=body,
        headers={"Stripe-Signature": signature, "Content-Type": "application/json; charset=utf-8"},
    )


async def deliver_all(url: str, events: list[dict[str, Any]], in_flight: int = 1) -> list[float]:
    """Deliver `events` from one client, `in_flight` at a time; every answer must be 200. Returns each
    delivery's time in milliseconds."""
    limit = asyncio.Semaphore(in_flight)
    timings: list[float] = []

    async with httpx.AsyncClient(base_url=url, timeout=30) as client:

        async def one(evt: dict[str, Any]) -> None:
            async with limit:
                began = time.perf_counter()
                answer = await deliver(client, evt)
                timings.append((time.perf_counter() - began) * 1000)
                assert answer.status_code == 200, (evt["type"], answer.status_code, answer.text)

        await asyncio.gather(*(one(evt) for evt in events))
    return timings


async def apply_all(db: Any, config: Any, events: list[dict[str, Any]]) -> None:
    """Apply `events` one after the other as the webhook route does (verified already), without HTTP."""
    for evt in events:
        async with db.session_scope() as session:
            await BillingService(session, config).apply_stripe_event(evt)


def shuffled(events: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    copy = list(events)
    random.Random(seed).shuffle(copy)
    return copy
