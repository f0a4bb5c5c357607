"""Stripe's routes on our real HTTP app, served by uvicorn on a loopback port: webhooks signed as Stripe signs them,
delivered twice, concurrently, shuffled, forged; Checkout's return page before and after its webhook; the real
SDK against the fake Stripe API for customers and sessions."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from app.billing.catalogue import MILLI, find_item
from app.billing.service import BillingService
from app.billing.stripe_api import StripeGateway
from channels.http.billing import in_transaction
from db.models import LedgerEntry, StripeCustomer
from db.repositories.users import UserRepository
from tests.fakes.stripe_server import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    FakeStripe,
    checkout_session,
    event,
    sign,
    signed,
    stripe_settings,
)
from tests.stripe_deliveries import (
    add_people,
    apply_all,
    deliver,
    deliver_all,
    forget_payments,
    scenario,
    served_app,
    shuffled,
    state,
)

# The stripe SDK's HTTPX client posts its form body as `data=`, which httpx 0.28 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")


@pytest.fixture
def config(settings: Any, fake_stripe: FakeStripe) -> Any:
    return stripe_settings(settings, fake_stripe.url)


@pytest.fixture
async def url(config: Any, db: Any) -> AsyncIterator[str]:
    async with served_app(config, db) as served:
        yield served


async def person(db: Any, email: str = "ana@example.com") -> uuid.UUID:
    async with db.session_scope() as session:
        return (await UserRepository(session).get_or_create_by_identity("web", email, "Ana")).id


async def balance(db: Any, config: Any, user_id: uuid.UUID) -> int:
    async with db.session_scope() as session:
        return (await BillingService(session, config).status(user_id)).balance


async def test_200_events_twice_concurrently_or_shuffled_end_as_delivered_in_order(
    url: str, db: Any, config: Any
) -> None:
    plan = scenario(200)
    await add_people(db, plan)
    kinds = {e["type"] for e in plan.events}
    assert kinds >= {
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "invoice.payment_failed",
        "charge.refunded",
    }

    await apply_all(db, config, plan.events)  # the reference: in order, one by one (the service, as the route does)
    in_order = await state(db, config, plan.people)
    assert {uuid.UUID(p): s[0] for p, s in in_order["people"].items()} == plan.balances
    assert in_order["events"] == 200 and in_order["purchases_credited"] == plan.purchases
    assert any(s[1] == "pro" for s in in_order["people"].values())
    assert any(row[4] for row in in_order["subscriptions"].values())  # some ended

    await forget_payments(db)
    await apply_all(db, config, shuffled(plan.events, seed=1))  # bench/billing.py delivers this one over HTTP too
    assert await state(db, config, plan.people) == in_order

    # The same 200 events, each delivered by two clients at once (8 requests in flight each), in another order.
    await forget_payments(db)
    again = shuffled(plan.events, seed=2)
    await asyncio.gather(deliver_all(url, again, in_flight=8), deliver_all(url, again, in_flight=8))
    twice = await state(db, config, plan.people)
    assert twice == in_order  # 0 double credits: every balance, plan and subscription as after one delivery


async def test_forged_stale_tampered_and_replayed_requests_change_nothing(
    url: str, db: Any, config: Any, caplog: pytest.LogCaptureFixture
) -> None:
    ana = await person(db)
    paid = event("checkout.session.completed", checkout_session(str(ana), None, "p500"))
    body, good = signed(paid)
    now = int(time.time())
    tampered = body.replace(b'"amount_total": 500', b'"amount_total": 5')
    assert tampered != body
    refused = [
        (body, sign(body, "whsec_not_ours")),  # forged: another secret
        (body, sign(body, WEBHOOK_SECRET, now - 301)),  # stale: signed more than 5 minutes ago
        (tampered, good),  # a valid header with an altered body
        (json.dumps({**paid, "id": "evt_other"}).encode(), good),  # a captured header replayed with another event
        (body, ""),
        (body, "t=abc,v1=nothing"),
        (b"\xff\xfe not json", sign(b"x")),
    ]
    async with httpx.AsyncClient(base_url=url) as client:
        with caplog.at_level(logging.INFO):
            for payload, signature in refused:
                answer = await client.post("/stripe/webhook", content=payload, headers={"Stripe-Signature": signature})
                assert answer.status_code == 400, answer.text
                assert answer.json()["error"].startswith("Refused")
            # Stripe calls under the public host name a proxy forwards: the origin guard lets the webhook through
            # (to its signature check), and only the webhook.
            foreign = {"Host": "cv.example.com", "Stripe-Signature": sign(body, "whsec_not_ours")}
            assert (await client.post("/stripe/webhook", content=body, headers=foreign)).status_code == 400
            assert (
                await client.get("/billing/return?session_id=cs_x", headers={"Host": "cv.example.com"})
            ).status_code == 403
            huge = await client.post(
                "/stripe/webhook", content=b"{" + b" " * 600_000 + b"}", headers={"Stripe-Signature": good}
            )
            assert huge.status_code == 413
            assert (await state(db, config, [ana]))["events"] == 0
            assert await balance(db, config, ana) == 0

            assert (await deliver(client, paid)).json() == {"received": True, "outcome": "credited 500 credits"}
            after = await state(db, config, [ana])
            # Stripe's retry of an applied event: acknowledged, nothing more.
            assert (await deliver(client, paid)).json() == {"received": True, "outcome": "already applied"}
            assert (
                await client.post("/stripe/webhook", content=body, headers={"Stripe-Signature": good})
            ).status_code == 200
            stale_again = await client.post(
                "/stripe/webhook", content=body, headers={"Stripe-Signature": sign(body, WEBHOOK_SECRET, now - 400)}
            )
            assert stale_again.status_code == 400
    assert await state(db, config, [ana]) == after
    assert await balance(db, config, ana) == 500 * MILLI
    assert WEBHOOK_SECRET not in caplog.text and SECRET_KEY not in caplog.text
    assert "refused a Stripe webhook request" in caplog.text


async def test_the_webhook_and_the_return_page_credit_once_whichever_comes_first(
    url: str, db: Any, config: Any, fake_stripe: FakeStripe
) -> None:
    ana = await person(db)
    gateway = StripeGateway(config)

    async def checkout(item: str) -> str:
        async with db.session_scope() as session:
            page = await gateway.checkout(session, ana, find_item(config, item), "Ana")  # type: ignore[arg-type]
        return page.rsplit("/", 1)[-1]

    async with httpx.AsyncClient(base_url=url) as client:
        first = await checkout("p500")
        opened = await client.get("/billing/return", params={"session_id": first})
        assert opened.status_code == 200 and "Payment not finished" in opened.text  # not paid yet
        completed = fake_stripe.complete(first)
        assert (await deliver(client, event("checkout.session.completed", completed))).json()["outcome"] == (
            "credited 500 credits"
        )
        back = await client.get("/billing/return", params={"session_id": first})
        assert back.status_code == 200 and "500 credits: in your account now" in back.text
        assert 'href="/"' in back.text
        assert await balance(db, config, ana) == 500 * MILLI

        second = await checkout("p2000")
        completed = fake_stripe.complete(second)
        back = await client.get("/billing/return", params={"session_id": second})
        assert back.status_code == 200 and "2,000 credits: in your account now" in back.text
        assert (await client.get("/billing/return", params={"session_id": second})).status_code == 200
        late = await deliver(client, event("checkout.session.completed", completed))
        assert late.json()["outcome"] == "2,000 credits: already credited"
        assert await balance(db, config, ana) == 2500 * MILLI

        # Both at the same moment.
        third = await checkout("p500")
        completed = fake_stripe.complete(third)
        hook, back = await asyncio.gather(
            deliver(client, event("checkout.session.completed", completed)),
            client.get("/billing/return", params={"session_id": third}),
        )
        assert hook.status_code == back.status_code == 200
        assert await balance(db, config, ana) == 3000 * MILLI

        plan = await checkout("pro")
        fake_stripe.complete(plan)
        back = await client.get("/billing/return", params={"session_id": plan})
        assert "Your monthly plan is active" in back.text

        for bad in ("cs_test_unknown", "../../etc/passwd", ""):
            answer = await client.get("/billing/return", params={"session_id": bad})
            assert answer.status_code == 400, (bad, answer.text)
    async with db.session_scope() as session:
        credits = await session.scalar(select(func.count()).select_from(LedgerEntry))
        assert (await BillingService(session, config).status(ana)).plan == "pro"
    assert credits == 3
    assert await balance(db, config, ana) == 3000 * MILLI
    sent = [r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions"]
    assert len(sent) == 4 and all(f"client_reference_id={ana}" in r.body.decode() for r in sent)


async def test_two_checkouts_at_the_same_moment_make_one_stripe_customer(
    db: Any, config: Any, fake_stripe: FakeStripe
) -> None:
    ana = await person(db)
    gateway = StripeGateway(config)

    async def checkout(item: str) -> str:
        async with db.session_scope() as session:
            return await gateway.checkout(session, ana, find_item(config, item), "Ana")  # type: ignore[arg-type]

    pages = await asyncio.gather(checkout("p500"), checkout("pro"))
    assert len(set(pages)) == 2
    assert fake_stripe.customers_created == 1
    async with db.session_scope() as session:
        customers = (await session.scalars(select(StripeCustomer.id))).all()
    assert len(customers) == 1
    assert {s["customer"] for s in fake_stripe.sessions.values()} == set(customers)
    assert {s["client_reference_id"] for s in fake_stripe.sessions.values()} == {str(ana)}


async def test_a_database_outage_answers_503_so_stripe_delivers_again(config: Any, tmp_path: Any) -> None:
    from starlette.applications import Starlette

    from app.assistant.conversation import ConversationService
    from app.assistant.runtime import Runtime
    from channels.http.billing import stripe_routes
    from channels.web.lifecycle import WebRuntime
    from db.session import Database

    down = Database.connect(f"postgresql+psycopg://postgres:@/postgres?host={tmp_path}")  # no server there
    source = WebRuntime()
    source.install(Runtime(config, down, None, ConversationService(down, config)))
    transport = httpx.ASGITransport(app=Starlette(routes=stripe_routes(source)))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="https://cv.example.com") as client:
            body, signature = signed(event("checkout.session.completed", checkout_session(None, None, "p500")))
            answer = await client.post("/stripe/webhook", content=body, headers={"Stripe-Signature": signature})
    finally:
        await down.engine.dispose()
    assert answer.status_code == 503
    assert "deliver again later" in answer.json()["error"]


class _Aborted(Exception):
    sqlstate = "40P01"


async def test_a_deadlocked_transaction_is_run_again() -> None:
    attempts: list[int] = []

    class Db:
        @asynccontextmanager
        async def session_scope(self) -> AsyncIterator[Any]:
            yield None

    async def work(session: Any) -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise DBAPIError("INSERT", {}, _Aborted())
        return "applied"

    assert await in_transaction(Db(), work) == "applied"
    assert len(attempts) == 3
    attempts.clear()

    async def always(session: Any) -> str:
        attempts.append(1)
        raise DBAPIError("INSERT", {}, _Aborted())

    with pytest.raises(DBAPIError):
        await in_transaction(Db(), always)
    assert len(attempts) == 3
