"""Buying in the web chat, in a real browser against `altoc serve` with Stripe pointed at the fake Stripe API: /buy,
a pack's button, the checkout link → the fake's Checkout page, for the signed-in person; then Stripe's return."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from app.billing.catalogue import MILLI
from app.billing.service import BillingService
from db.repositories.users import UserRepository
from tests import webclient
from tests.channels.web.test_serve import ARTIFACTS, spawn_serve, stop_serve
from tests.fakes.stripe_server import SECRET_KEY, WEBHOOK_SECRET, FakeStripe, stripe_settings
from tests.webclient import CHROMIUM


@pytest.fixture(scope="module")
def shop(pg_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FakeStripe]]:
    """`altoc serve` selling the monthly plan and two packs through the fake Stripe API: (its URL, the fake)."""
    fake = FakeStripe().start()
    packs = [
        {"id": "p500", "credits": 500, "label": "500 credits", "stripe_price": "price_p500"},
        {"id": "p2000", "credits": 2000, "label": "2,000 credits", "stripe_price": "price_p2000"},
    ]
    env = {
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": fake.url,
        "ALTOC_STRIPE_PRO_PRICE": "price_pro",
        "ALTOC_CREDIT_PACKS": json.dumps(packs),
    }
    process, url = spawn_serve(pg_data_dir, tmp_path_factory.mktemp("shop-cwd"), **env)
    try:
        yield url, fake
    finally:
        stop_serve(process)
        fake.stop()


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)")
async def test_buy_a_pack_up_to_stripe_checkout_and_back(
    browser: Any, shop: tuple[str, FakeStripe], db: Any, settings: Any
) -> None:
    url, fake = shop
    email, password = f"buyer-{uuid.uuid4().hex[:6]}@example.com", "a long enough password"
    page = await browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        await webclient.browser_sign_in(page, url, email, password)
        assistant = page.locator('[data-step-type="assistant_message"]')
        await assistant.first.wait_for(timeout=20_000)

        offers = await webclient.say_in_page(page, "/buy")
        assert "What you can buy" in offers and "500 credits" in offers, offers
        before = await assistant.count()
        await page.get_by_role("button", name="500 credits", exact=True).click()
        await assistant.nth(before).wait_for(timeout=20_000)
        link = page.get_by_role("link", name="open the checkout")
        await link.wait_for(timeout=20_000)
        href = await link.get_attribute("href")
        assert href is not None and href.startswith(f"{fake.url}/pay/cs_test_"), href

        if await link.get_attribute("target") == "_blank":
            async with page.context.expect_page() as opened:
                await link.click()
            checkout = await opened.value
        else:
            await link.click()
            checkout = page
        await checkout.wait_for_load_state()
        assert checkout.url == href
        assert await checkout.title() == "Fake Stripe Checkout"
        await checkout.get_by_text("Fake Stripe Checkout").first.wait_for()

        # The fake received the Checkout Session for this person, their user id as client_reference_id.
        async with db.session_scope() as session:
            person = await UserRepository(session).find_by_identity("web", email)
        assert person is not None
        session_id = href.rsplit("/", 1)[-1]
        sent = fake.sessions[session_id]
        assert sent["client_reference_id"] == str(person.id)
        assert sent["metadata"] == {"user_id": str(person.id), "item": "p500", "credits": "500"}
        assert (sent["mode"], sent["amount_total"], sent["customer"]) == ("payment", 500, next(iter(fake.customers)))

        # Paid on Stripe's page, which sends the browser back to our return page (success_url).
        fake.complete(session_id)
        success = urlsplit(sent["success_url"])
        assert success.path == "/billing/return" and parse_qs(success.query)["session_id"] == ["{CHECKOUT_SESSION_ID}"]
        await checkout.goto(f"{url}/billing/return?session_id={session_id}")
        await checkout.get_by_text("500 credits: in your account now").wait_for(timeout=10_000)
        assert await checkout.get_by_role("link", name="Back to the chat").get_attribute("href") == "/"
        async with db.session_scope() as session:
            status = await BillingService(session, stripe_settings(settings, fake.url)).status(person.id)
        assert status.balance == 500 * MILLI
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / "billing-web-failed.png"), full_page=True)
        raise
