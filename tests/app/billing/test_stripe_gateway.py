"""StripeGateway through the real `stripe` SDK against the fake Stripe API: checkout, the Customer Portal, refunds,
and what a person is told when Stripe refuses."""

from __future__ import annotations

from typing import Any

import pytest

from app.billing.catalogue import find_item
from app.billing.stripe_api import StripeGateway
from app.errors import InvalidInput, ProviderUnavailable
from db.repositories.users import UserRepository
from tests.fakes.stripe_server import SECRET_KEY, FakeStripe, parse_form, stripe_settings

# The stripe SDK's HTTPX client posts its form body as `data=`, which httpx 0.28 deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")


@pytest.fixture
def config(settings: Any, fake_stripe: FakeStripe) -> Any:
    return stripe_settings(settings, fake_stripe.url, public_url="https://cv.example.com/")


async def test_checkout_portal_and_refund_as_stripe_gets_them(db: Any, config: Any, fake_stripe: FakeStripe) -> None:
    gateway = StripeGateway(config)
    async with db.session_scope() as session:
        ana = (await UserRepository(session).get_or_create_by_identity("web", "ana@example.com", "Ana")).id
        assert await gateway.portal(session, ana) is None  # no Stripe customer yet: nothing to manage
        page = await gateway.checkout(session, ana, find_item(config, "pro"), "Ana")  # type: ignore[arg-type]
    created = next(r for r in fake_stripe.requests if r.path == "/v1/checkout/sessions")
    form = parse_form(created.body)
    assert form["mode"] == "subscription" and form["client_reference_id"] == str(ana)
    assert form["line_items"] == [{"price": "price_pro", "quantity": "1"}]
    assert form["subscription_data"] == {"metadata": {"user_id": str(ana), "item": "pro"}}
    assert form["success_url"] == "https://cv.example.com/billing/return?session_id={CHECKOUT_SESSION_ID}"
    assert form["cancel_url"] == "https://cv.example.com/"
    assert created.headers["authorization"] == f"Bearer {SECRET_KEY}"
    assert page == fake_stripe.sessions[page.rsplit("/", 1)[-1]]["url"]
    customer = fake_stripe.customers[form["customer"]]
    assert (customer["name"], customer["metadata"]) == ("Ana", {"user_id": str(ana)})

    async with db.session_scope() as session:
        portal = await gateway.portal(session, ana)
    assert portal is not None and portal.startswith(f"{fake_stripe.url}/portal/bps_test_")

    async with db.session_scope() as session:
        page = await gateway.checkout(session, ana, find_item(config, "p500"), "Ana")  # type: ignore[arg-type]
    paid = fake_stripe.complete(page.rsplit("/", 1)[-1])
    refund = await gateway.refund(paid["payment_intent"])
    again = await gateway.refund(paid["payment_intent"])  # the same Idempotency-Key: the same refund
    assert refund["id"] == again["id"] and refund["amount"] == 500 and len(fake_stripe.refunds) == 1
    assert fake_stripe.customers_created == 1


async def test_what_a_person_is_told_when_stripe_refuses(db: Any, config: Any, fake_stripe: FakeStripe) -> None:
    fake_stripe.prices.pop("price_p500")  # a price id that is wrong in the settings
    gateway = StripeGateway(config)
    async with db.session_scope() as session:
        ana = (await UserRepository(session).get_or_create_by_identity("web", "ana@example.com")).id
        with pytest.raises(ProviderUnavailable, match=r"No such price: 'price_p500'.*Nothing was charged"):
            await gateway.checkout(session, ana, find_item(config, "p500"), None)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="no such checkout session"):
        await gateway.checkout_session("cs_test_unknown")
    assert not fake_stripe.sessions
