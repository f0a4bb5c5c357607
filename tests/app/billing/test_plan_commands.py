"""/plan and /buy in the offline assistant: what a person sees with payments off, and on (Stripe, Stars)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app.assistant.conversation import ConversationService
from app.billing.service import BillingService, next_month
from app.config import Settings
from app.events import ButtonsEvent, InvoiceEvent
from db.repositories.billing import BillingRepository
from db.repositories.users import UserRepository
from tests.app.billing.test_meter import billed
from tests.conftest import say

PACKS = [
    {"id": "p500", "credits": 500, "stripe_price": "price_p500", "stars": 250},
    {"id": "p100", "credits": 100, "label": "Starter pack", "stars": 60},  # sold in Stars only
]


def labels(sink: Any) -> list[str]:
    return [b.label for e in sink.events if isinstance(e, ButtonsEvent) for b in e.buttons]


def everything(tmp_path: Path) -> Settings:
    """Stripe and Telegram Stars both configured: the monthly plan and two packs."""
    return billed(
        tmp_path,
        ALTOC_CREDIT_PACKS=PACKS,
        ALTOC_STRIPE_PRO_PRICE="price_pro",
        ALTOC_PRO_PRICE_LABEL="€9 a month",
        ALTOC_PRO_STARS=500,
        ALTOC_PRO_CREDITS=2000,
        telegram_bot_token="123:abc",
    )


async def test_with_payments_off_nothing_is_limited_or_sold(service: Any) -> None:
    assert not service.settings.billing_enabled
    plan = await say(service, "/plan")
    assert plan.text == "Payments are not set up here, so nothing is limited: the language model is yours to use."
    assert labels(plan) == []
    bought = await say(service, "/buy")
    assert bought.text == "Payments are not set up here: there is nothing to buy, and nothing is limited."
    assert labels(bought) == []
    helped = (await say(service, "/help")).text
    assert "/plan [manage]" in helped and "(when payments are set up)" in helped  # /buy says when it applies


async def test_the_free_plan_its_messages_renewal_and_credits(db: Any, tmp_path: Path) -> None:
    service = ConversationService(db, everything(tmp_path))
    plan = await say(service, "/plan")
    resets = next_month(datetime.now(UTC))
    assert plan.text == (
        "**Free plan** — the guided mode, every export, the ATS check, tailoring and letters.\n"
        f"Model-assisted messages this month: 0 of 2, resets on {resets:%-d %B}.\n"
        "Credits: 0 (used when the month's allowance is spent)."
    )
    assert labels(plan) == ["Buy", "Manage billing"]
    assert labels(await say(service, "/plan", channel="telegram")) == ["Buy"]  # Stripe's portal is not sold there
    assert "/buy" in (await say(service, "/help")).text

    async with db.session_scope() as session:
        me = await UserRepository(session).find_by_identity("cli", "u1")
        assert me is not None
        await BillingService(session, service.settings).grant(me.id, 12_500, "admin test", "welcome")
    assert "Credits: 12.5 (used when" in (await say(service, "/plan")).text

    # The monthly plan: its fair-use budget and when it renews.
    renews = datetime.now(UTC) + timedelta(days=12)
    async with db.session_scope() as session:
        row, _ = await BillingRepository(session).subscription("sub_1", user_id=me.id, source="stripe", status="active")
        row.current_period_end = renews
    text = (await say(service, "/plan")).text
    assert text.startswith(f"**Monthly plan** — renews on {renews:%-d %B %Y}.\n")
    assert f"Model use this month: 0 of 2,000 credits (fair use), resets on {resets:%-d %B}." in text
    assert "Credits: 12.5" in text


async def test_buy_offers_what_this_chat_can_sell(db: Any, tmp_path: Path) -> None:
    service = ConversationService(db, everything(tmp_path))
    web = await say(service, "/buy", channel="web")
    assert web.text == (
        "What you can buy:\n"
        "- **Monthly plan** — model use up to 2,000 credits a month, €9 a month\n"
        "- **500 credits** — credits that never expire"
    )  # the Stars-only pack is not sold through Stripe
    assert labels(web) == ["Monthly plan", "500 credits"]

    telegram = await say(service, "/buy", channel="telegram")
    assert "- **Starter pack** — credits that never expire, 60 ⭐" in telegram.text
    assert labels(telegram) == ["Monthly plan · 500 ⭐", "500 credits · 250 ⭐", "Starter pack · 60 ⭐"]

    invoiced = await say(service, "/buy p100", channel="telegram")
    [invoice] = invoiced.of_type(InvoiceEvent)
    assert (invoice.title, invoice.stars) == ("Starter pack", 60) and invoice.payload.startswith("altoc:p100:")
    assert "Here is the invoice for Starter pack: 60 ⭐" in invoiced.text

    unknown = await say(service, "/buy p9999", channel="web")
    assert "There is no offer called 'p9999' here. The offers are: pro, p500." in unknown.text
    assert "not sold" not in unknown.text and labels(unknown) == []


async def test_a_chat_that_cannot_sell_says_where_to_buy(db: Any, tmp_path: Path) -> None:
    stars_only = billed(tmp_path, stripe_secret_key=None, telegram_bot_token="123:abc")
    assert stars_only.billing_enabled and not stars_only.stripe_enabled
    service = ConversationService(db, stars_only)
    web = await say(service, "/buy", channel="web")
    assert web.text.startswith("Nothing can be bought in this chat. Buy in the Telegram bot with Stars")
    assert labels(await say(service, "/plan", channel="web")) == ["Buy"]  # no Stripe portal without Stripe
