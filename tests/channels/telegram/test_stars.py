"""Telegram Stars end to end: the real PTB application against the fake Bot API, on the test database.

/buy lists the offers with their Stars prices; a press sends an invoice in XTR; the pre-checkout query is answered
within Telegram's 10 s (refused for a wrong price, another account's invoice, an unknown offer); a payment is
credited once per Telegram charge id; a refund (ours through refundStarPayment, or Telegram's refunded_payment
notice) takes it back once; a linked web account shares the balance.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from app.accounts import AccountLinking
from app.assistant.conversation import ConversationService
from app.assistant.runtime import Runtime
from app.billing.catalogue import MILLI
from app.billing.service import BillingService
from app.errors import DatabaseUnavailable, InvalidInput
from app.events import InvoiceEvent
from channels.cli.chat import TerminalSink
from channels.telegram import payments
from channels.telegram.bot import build_application, start, stop
from channels.telegram.ordering import _person
from channels.telegram.payments import StarsPayments, refund_stars
from db.repositories.billing import BillingRepository
from db.repositories.users import UserRepository
from tests.channels.telegram.test_bot import telegram_settings, until
from tests.conftest import say
from tests.fakes.telegram_server import FakeTelegram, Sent

PACKS = [
    {"id": "p500", "credits": 500, "label": "500 credits", "stars": 250},
    {"id": "p100", "credits": 100, "label": "100 credits", "stars": 60},
]
PRO_STARS = 300
QUICK = 2.0  # seconds: Telegram allows 10 for the pre-checkout answer; here it must come well within


@dataclass
class Shop:
    fake: FakeTelegram
    runtime: Runtime

    async def said(self, user: int, after: int, containing: str) -> str:
        """The first message to `user` after the first `after` that contains `containing` (waiting for it)."""

        def found() -> str | None:
            return next((s.text for s in self.fake.sent_to(user)[after:] if containing in s.text), None)

        text: str = await until(found, within=10.0)
        return text

    async def account(self, user: int) -> uuid.UUID:
        async with self.runtime.db.session_scope() as session:
            found = await UserRepository(session).find_by_identity("telegram", str(user))
            assert found is not None
            return found.id

    async def balance(self, user: int) -> float:
        user_id = await self.account(user)
        async with self.runtime.db.session_scope() as session:
            return (await BillingService(session, self.runtime.settings).status(user_id)).balance / MILLI

    async def invoice(self, user: int, label_start: str) -> Sent:
        """/buy, then the offer's button: the invoice Telegram shows."""
        before = len(self.fake.sent_to(user))
        self.fake.send_text(user, "/buy")
        offers: Sent = await until(lambda: next((s for s in self.fake.sent_to(user)[before:] if s.keyboard), None))
        before = len(self.fake.sent_to(user))
        self.fake.press(user, offers, label_start)
        invoice: Sent = await until(
            lambda: next((s for s in self.fake.sent_to(user)[before:] if s.method == "sendInvoice"), None)
        )
        await self.said(user, before, "Here is the invoice")  # the turn has ended
        return invoice

    async def answer(self, query_id: str) -> Any:
        return await until(lambda: self.fake.answers.get(query_id), within=10.0)

    async def pay(self, user: int, invoice: Sent, **options: Any) -> tuple[str, str]:
        """Pay `invoice`: (the charge id, what the bot said about it)."""
        before = len(self.fake.sent_to(user))
        charge, _ = self.fake.pay(user, invoice, **options)
        return charge, await self.said(user, before, "")


@pytest.fixture
async def shop(db: Any, tmp_path: Path, fake_telegram: FakeTelegram) -> AsyncIterator[Shop]:
    """The bot selling packs and the monthly plan in Stars, polling the fake server until the test ends."""
    settings = telegram_settings(tmp_path, fake_telegram.url, ALTOC_CREDIT_PACKS=PACKS, ALTOC_PRO_STARS=PRO_STARS)
    runtime = Runtime(settings, db, None, ConversationService(db, settings))
    application = build_application(runtime)
    await start(application)
    try:
        yield Shop(fake_telegram, runtime)
    finally:
        await stop(application)


async def test_buy_pre_checkout_pay_once_per_charge_and_refund_once(shop: Shop) -> None:
    fake, user = shop.fake, 801
    fake.send_text(user, "/start")
    await shop.said(user, 0, "")
    before = len(fake.sent_to(user))
    fake.send_text(user, "/buy")
    offers: Sent = await until(lambda: next((s for s in fake.sent_to(user)[before:] if s.keyboard), None))
    labels = [b["text"] for b in offers.keyboard]
    assert labels == ["Monthly plan · 300 ⭐", "500 credits · 250 ⭐", "100 credits · 60 ⭐"], labels
    assert all(len(b["callback_data"].encode()) <= 64 for b in offers.keyboard)

    invoice = await shop.invoice(user, "500 credits")
    account = await shop.account(user)
    assert invoice.params["currency"] == "XTR" and "provider_token" not in invoice.params
    assert invoice.params["prices"] == [{"label": "500 credits", "amount": 250}]
    assert invoice.params["payload"] == f"altoc:p500:{account}:250" and invoice.params["title"] == "500 credits"
    assert "Here is the invoice for 500 credits" in await shop.said(user, before, "invoice")

    # Pay pressed: answered at once; refused for a wrong price, another account's invoice, an unknown offer.
    answer = await shop.answer(fake.pre_checkout(user, invoice))
    assert answer.ok and answer.error_message is None and answer.delay < QUICK, answer
    async with shop.runtime.db.session_scope() as session:
        other = await UserRepository(session).get_or_create_by_identity("telegram", "901")
    refusals = {
        "price has changed": {"total": 200},
        "another account": {"payload": f"altoc:p500:{other.id}:250"},
        "no longer available": {"payload": f"altoc:p999:{account}:250"},
    }
    for reason, query in refusals.items():
        answer = await shop.answer(fake.pre_checkout(user, invoice, **query))
        assert not answer.ok and reason in (answer.error_message or ""), (reason, answer)
        assert answer.delay < QUICK
    stranger = await shop.answer(fake.pre_checkout(999_001, invoice))  # never talked to the bot
    assert not stranger.ok and "another account" in (stranger.error_message or "")

    # Paid: credited once, however often the update arrives.
    before = len(fake.sent_to(user))
    first, update = fake.pay(user, invoice)
    text = await shop.said(user, before, "Thank you")
    assert "<b>500 credits</b> added" in text and "you now have 500" in text and "/plan" in text, text
    before = len(fake.sent_to(user))
    fake.deliver_again(update)
    assert "already recorded" in await shop.said(user, before, "already")
    assert await shop.balance(user) == 500

    # The same invoice paid a second time is a second charge: credited again.
    before = len(fake.sent_to(user))
    second, _ = fake.pay(user, invoice)
    assert "you now have 1,000" in await shop.said(user, before, "Thank you")
    assert await shop.balance(user) == 1000
    async with shop.runtime.db.session_scope() as session:
        purchases = await BillingRepository(session).purchases(account)
        assert sorted(p.telegram_charge or "" for p in purchases) == sorted([first, second])
        assert all(p.source == "telegram" and p.amount == 250 and p.payer == str(user) for p in purchases)

    # Refunded by an administrator (refundStarPayment, then applied); Telegram's notice that follows changes nothing.
    fake.refund_notices = False  # Telegram's notice comes after the refund is applied here (the other order: below)
    await refund_stars(shop.runtime.settings, user, first)
    async with shop.runtime.db.session_scope() as session:
        purchase = await BillingRepository(session).find_purchase(account, first)
        assert purchase is not None
        outcome = await BillingService(session, shop.runtime.settings).stars_refunded(purchase, "admin test")
    assert outcome == "refunded: 500 credits taken back"
    before = len(fake.sent_to(user))
    fake.refund_notice(first)
    notice = await shop.said(user, before, "refunded")
    assert "500 credits (250 ⭐) was refunded" in notice and "Credits: 500" in notice, notice
    assert await shop.balance(user) == 500

    # Refunding it again: Telegram refuses, the balance stays.
    with pytest.raises(InvalidInput, match="already refunded"):
        await refund_stars(shop.runtime.settings, user, first)
    with pytest.raises(InvalidInput, match="does not know"):
        await refund_stars(shop.runtime.settings, user, "no-such-charge")
    assert await shop.balance(user) == 500

    # Refunded by Telegram itself: its notice alone reverses the second charge, once.
    before = len(fake.sent_to(user))
    update = fake.refund_notice(second)
    assert "Credits: 0" in await shop.said(user, before, "refunded")
    before = len(fake.sent_to(user))
    fake.deliver_again(update)
    await shop.said(user, before, "refunded")
    assert await shop.balance(user) == 0
    async with shop.runtime.db.session_scope() as session:  # an administrator's refund after the notice: no more
        purchase = await BillingRepository(session).find_purchase(account, second)
        assert purchase is not None
        billing = BillingService(session, shop.runtime.settings)
        assert await billing.stars_refunded(purchase, "admin test") == "refund already applied"
        assert await billing.repo.applied_events(account) == 4  # two payments, two refunds
    assert await shop.balance(user) == 0


async def test_monthly_plan_in_stars_a_changed_price_and_a_gone_offer(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, user = shop.fake, 802
    invoice = await shop.invoice(user, "Monthly plan")
    assert invoice.params["prices"] == [{"label": "Monthly plan", "amount": PRO_STARS}]
    assert (await shop.answer(fake.pre_checkout(user, invoice))).ok
    plan_charge, said = await shop.pay(user, invoice)
    ends = datetime.now(UTC) + timedelta(days=30)
    assert f"the monthly plan is yours until {ends:%-d %B %Y}" in said, said

    # Pay pressed while the person's previous message is still being answered: the answer does not wait for it.
    started, release, handle = asyncio.Event(), asyncio.Event(), shop.runtime.service.handle

    async def held(turn: Any, sink: Any) -> None:
        started.set()
        await release.wait()
        await handle(turn, sink)

    monkeypatch.setattr(shop.runtime.service, "handle", held)
    before = len(fake.sent_to(user))
    fake.send_text(user, "/plan")
    await asyncio.wait_for(started.wait(), 10)
    try:
        answer = await shop.answer(fake.pre_checkout(user, invoice))
        assert answer.ok and answer.delay < QUICK and not release.is_set()
    finally:
        release.set()
    shown = await shop.said(user, before, "plan")
    assert f"Monthly plan</b> — ends on {ends:%-d %B %Y}" in shown, shown

    # Paid at an old price (the invoice was made before the price changed): the pack it names is credited.
    account = await shop.account(user)
    old = f"altoc:p100:{account}:40"
    _, said = await shop.pay(user, invoice, total=40, payload=old)
    assert "<b>100 credits</b> added" in said, said
    assert await shop.balance(user) == 100

    # Paid for an offer that no longer exists: refunded at once, nothing credited, and recorded once.
    charge, said = await shop.pay(user, invoice, total=99, payload=f"altoc:gone:{account}:99")
    assert "no longer exists, so your 99 ⭐ were refunded" in said, said
    assert fake.charges[charge].refunded and await shop.balance(user) == 100
    refunds = [params for method, params in fake.calls if method == "refundStarPayment"]
    assert [p["telegram_payment_charge_id"] for p in refunds] == [charge]

    # The plan refunded: it ends at once; the credits bought separately stay.
    before = len(fake.sent_to(user))
    fake.refund_notice(plan_charge)
    assert "the monthly plan it bought has ended. Credits: 100" in await shop.said(user, before, "refunded")
    async with shop.runtime.db.session_scope() as session:
        assert (await BillingService(session, shop.runtime.settings).status(account)).plan == "free"


async def test_a_payment_is_never_dropped(
    shop: Shop, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    user = 804
    invoice = await shop.invoice(user, "100 credits")
    credit, failures = StarsPayments._credit, [DatabaseUnavailable("the database restarted")]

    async def flaky(self: StarsPayments, *args: Any) -> str:
        if failures:
            raise failures.pop()
        return await credit(self, *args)

    monkeypatch.setattr(StarsPayments, "_credit", flaky)
    _, said = await shop.pay(user, invoice)  # the database was away for a moment: tried again
    assert "<b>100 credits</b> added" in said and await shop.balance(user) == 100

    failures.append(RuntimeError("a bug"))
    charge, said = await shop.pay(user, invoice)
    assert f"could not record it just now. It is not lost: it is noted with its Telegram charge id ({charge})" in said
    assert f"STARS PAYMENT NOT RECORDED: charge {charge} from Telegram user {user}, 60 XTR" in caplog.text
    assert await shop.balance(user) == 100

    # The check fails or hangs (the database is away): refused in time, with words, rather than left unanswered.
    async def broken(self: StarsPayments, query: Any) -> str | None:
        raise RuntimeError("a bug")

    async def stuck(self: StarsPayments, query: Any) -> str | None:
        await asyncio.sleep(30)
        return None

    monkeypatch.setattr(payments, "PRE_CHECKOUT_SECONDS", 0.3)
    for check in (broken, stuck):
        monkeypatch.setattr(StarsPayments, "_check", check)
        answer = await shop.answer(shop.fake.pre_checkout(user, invoice))
        assert not answer.ok and answer.error_message == payments.NOT_NOW and answer.delay < QUICK, answer


async def test_a_linked_web_account_shares_the_balance(shop: Shop) -> None:
    fake, user = shop.fake, 803
    invoice = await shop.invoice(user, "100 credits")
    await shop.pay(user, invoice)
    settings = shop.runtime.settings
    async with shop.runtime.db.session_scope() as session:
        users = UserRepository(session)
        telegram = await users.find_by_identity("telegram", str(user))
        web = await users.get_or_create_by_identity("web", "ana@example.com", "Ana")
        assert telegram is not None
        linking = AccountLinking(session, settings.link_code_minutes)
        code = await linking.issue(telegram.id, "telegram")
        assert (await linking.redeem(web.id, "web", code.code)).ok  # the Telegram account joins the web one
    assert await shop.account(user) == web.id
    # The invoice made before the link (for the Telegram account, now joined into the web one) is still payable.
    assert (await shop.answer(fake.pre_checkout(user, invoice))).ok

    service = ConversationService(shop.runtime.db, settings)
    assert "Credits: 100" in (await say(service, "/plan", user="ana@example.com", channel="web")).text
    # Bought again in Telegram after the link: for the one account, seen in both chats.
    invoice = await shop.invoice(user, "500 credits")
    assert invoice.params["payload"] == f"altoc:p500:{web.id}:250"
    assert (await shop.answer(fake.pre_checkout(user, invoice))).ok
    _, said = await shop.pay(user, invoice)
    assert "you now have 600" in said, said
    assert "Credits: 600" in (await say(service, "/plan", user="ana@example.com", channel="web")).text


def test_a_pre_checkout_query_waits_for_no_turn() -> None:
    query = {
        "id": "q1",
        "from": {"id": 5, "is_bot": False, "first_name": "A"},
        "currency": "XTR",
        "total_amount": 1,
        "invoice_payload": "x",
    }
    assert _person(Update.de_json({"update_id": 1, "pre_checkout_query": query}, None)) is None
    message = {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "from": query["from"], "text": "hi"}
    assert _person(Update.de_json({"update_id": 2, "message": message}, None)) == 5


async def test_other_chats_show_an_invoice_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from channels.web.sink import invoice_text  # imports Chainlit: only once the test session set its app root

    invoice = InvoiceEvent(title="500 credits", description="500 credits", payload="altoc:p500:x:250", stars=250)
    assert invoice_text(invoice) == "**500 credits** — 250 ⭐, paid in the Telegram bot."
    await TerminalSink(tmp_path, show_tools=False).emit(invoice)
    assert capsys.readouterr().out == "500 credits — 250 ⭐, paid in the Telegram bot.\n"
