"""`altoc billing show|grant|refund`: finding a person, the JSON shape, grants and refunds in the audit trail.

The commands run in this process (`main([...])` in a thread, as the script runs it) against the test database;
Stripe and Telegram are fake servers on 127.0.0.1. One run goes through a real `altoc` process."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.billing.catalogue import find_item
from app.billing.service import BillingService
from app.config import Settings, get_settings
from channels.cli.main import main
from db.models import LedgerEntry, Purchase, User
from db.repositories.users import UserRepository
from tests.fakes.http import FakeServer, Recorded, Reply
from tests.fakes.telegram_server import TOKEN, FakeTelegram

PACKS = [{"id": "p500", "credits": 500, "stripe_price": "price_p500", "stars": 250}]
BILLING = {"STRIPE_SECRET_KEY": "sk_test_fake", "ALTOC_CREDIT_PACKS": json.dumps(PACKS)}


class Cli:
    """`altoc ARGS` run by `main` in this process, with the environment the test set."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self.capsys = capsys

    async def __call__(self, *argv: str) -> tuple[int, str, str]:
        def run() -> int:
            get_settings.cache_clear()
            try:
                return main(list(argv))
            except SystemExit as exc:
                return int(exc.code or 0)
            finally:
                get_settings.cache_clear()

        self.capsys.readouterr()
        status = await asyncio.to_thread(run)
        out, err = self.capsys.readouterr()
        return status, out, err


@pytest.fixture
def cli(
    db: Any, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Cli:
    monkeypatch.chdir(tmp_path)  # no developer's .env
    for name, value in {"DATABASE_URL": pg_url, "ALTOC_DATA_DIR": str(tmp_path), "ALTOC_LLM": "offline"}.items():
        monkeypatch.setenv(name, value)
    return Cli(capsys)


def billing_on(monkeypatch: pytest.MonkeyPatch, **extra: str) -> Settings:
    for name, value in {**BILLING, **extra}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    settings = get_settings()
    get_settings.cache_clear()
    return settings


async def person(db: Any, channel: str = "telegram", external_id: str = "1001") -> uuid.UUID:
    async with db.session_scope() as session:
        return (await UserRepository(session).get_or_create_by_identity(channel, external_id)).id


async def bought_with_stripe(db: Any, settings: Settings, user_id: uuid.UUID) -> None:
    """A completed Checkout Session for the 500-credit pack (€10.00), as its webhook applies it."""
    event = {
        "id": "evt_checkout",
        "type": "checkout.session.completed",
        "created": 1_764_000_000,
        "data": {
            "object": {
                "id": "cs_test_1",
                "mode": "payment",
                "payment_status": "paid",
                "client_reference_id": str(user_id),
                "customer": "cus_1",
                "payment_intent": "pi_1",
                "amount_total": 1000,
                "metadata": {"user_id": str(user_id), "item": "p500"},
            }
        },
    }
    async with db.session_scope() as session:
        assert await BillingService(session, settings).apply_stripe_event(event) == "credited 500 credits"


async def ledger(db: Any) -> list[tuple[int, str, str, str]]:
    async with db.session_scope() as session:
        rows = (await session.scalars(select(LedgerEntry).order_by(LedgerEntry.id))).all()
        return [(row.amount, row.kind, row.actor, row.reason) for row in rows]


async def test_people_are_found_by_id_email_identity_or_local_name(cli: Cli, db: Any) -> None:
    telegram = await person(db, "telegram", "1001")
    local = await person(db, "local", "maria")
    web = await person(db, "web", "Ana@Example.com")
    for reference, expected in (
        (str(telegram), telegram),
        (str(telegram)[:8], telegram),
        ("telegram:1001", telegram),
        ("maria", local),
        ("local:maria", local),
        ("ana@example.com", web),
        ("web:Ana@Example.com", web),
    ):
        status, out, err = await cli("billing", "show", "--user", reference, "--format", "json")
        assert status == 0, err
        assert json.loads(out)["user"] == str(expected), reference

    for reference in ("nobody", "telegram:9999", "someone@example.com", "00000000"):
        status, out, err = await cli("billing", "show", "--user", reference)
        assert status == 2 and out == ""
        assert f"altoc: nobody is known as {reference!r}" in err and "Traceback" not in err

    # Two people whose ids start alike are both named: the full id is asked for.
    async with db.session_scope() as session:
        for n in (1, 2):
            session.add(User(id=uuid.UUID(f"abcdef01-0000-4000-8000-00000000000{n}")))
    status, out, err = await cli("billing", "show", "--user", "abcdef01")
    assert status == 2 and out == ""
    assert "'abcdef01' names more than one person (abcdef01-0000-4000-8000-000000000001, " in err
    assert "give the full user id" in err
    status, out, _ = await cli("billing", "show", "--user", "abcdef01-0000-4000-8000-000000000002")
    assert status == 0 and "Person: abcdef01-0000-4000-8000-000000000002\n" in out


async def test_billing_off_shows_unlimited_and_refuses_changes(cli: Cli, db: Any) -> None:
    user_id = await person(db)
    status, out, err = await cli("billing", "show", "--user", "telegram:1001", "--format", "json")
    assert status == 0, err
    shown = json.loads(out)
    assert (shown["plan"], shown["balance"], shown["applied_events"], shown["billing"]) == ("unlimited", 0, 0, "off")
    assert shown["ledger"] == [] and shown["purchases"] == []
    status, out, _ = await cli("billing", "show", "--user", str(user_id))
    assert "Plan: unlimited (payments are not configured)" in out and "Balance: 0 credits" in out

    for argv in (("grant", "--credits", "5", "--reason", "x"), ("refund", "--purchase", "1")):
        status, out, err = await cli("billing", *argv, "--user", "telegram:1001")
        assert status == 1 and out == ""
        assert "Payments are not configured" in err and "STRIPE_SECRET_KEY" in err and "README" in err
    assert await ledger(db) == []


async def test_a_grant_is_in_the_balance_and_the_audit_trail(
    cli: Cli, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    billing_on(monkeypatch)
    user_id = await person(db)
    status, out, err = await cli(
        "billing", "grant", "--user", "telegram:1001", "--credits", "12.5", "--reason", "sorry for the outage",
        "--by", "alice",
    )  # fmt: skip
    assert status == 0, err
    assert out == f"+12.5 credits for {user_id} (admin alice). New balance: 12.5.\n"
    status, out, err = await cli("billing", "grant", "--user", str(user_id), "--credits", "-2", "--reason", "typo")
    assert status == 0 and out.endswith("New balance: 10.5.\n"), err
    for bad in ("0", "ten", "nan"):
        status, _, err = await cli("billing", "grant", "--user", str(user_id), "--credits", bad, "--reason", "x")
        assert status == 1 and "give a number of credits other than 0" in err

    status, out, err = await cli("billing", "show", "--user", str(user_id), "--format", "json")
    assert status == 0, err
    shown = json.loads(out)
    assert {"plan", "balance", "applied_events", "ledger", "purchases", "messages_used", "resets"} <= set(shown)
    assert (shown["plan"], shown["balance"], shown["applied_events"]) == ("free", 10.5, 0)
    assert [(e["amount"], e["kind"], e["actor"], e["reason"]) for e in shown["ledger"]] == [
        (-2.0, "grant", f"admin {_login()}", "typo"),
        (12.5, "grant", "admin alice", "sorry for the outage"),
    ]  # newest first
    assert all(e["at"] and e["event"] is None for e in shown["ledger"])

    status, out, _ = await cli("billing", "show", "--user", "telegram:1001")
    assert f"Person: {user_id} (telegram:1001)" in out and "Plan: free" in out
    assert "This month: 0 of 30 model-assisted messages, resets " in out
    assert "Balance: 10.5 credits" in out and "Purchases: none" in out
    assert "+12.5 grant    admin alice: sorry for the outage" in out and "-2 grant" in out


def _login() -> str:
    import getpass

    return getpass.getuser()


class FakeStripe(FakeServer):
    """Just the refunds endpoint of Stripe's API."""

    def __init__(self) -> None:
        super().__init__(self._respond)

    def _respond(self, request: Recorded) -> Reply:
        if request.method == "POST" and request.path == "/v1/refunds":
            intent = request.body.decode().split("payment_intent=")[1].split("&")[0]
            return Reply(body={"id": "re_1", "object": "refund", "amount": 1000, "payment_intent": intent,
                               "status": "succeeded", "currency": "eur"})  # fmt: skip
        return Reply(404, {"error": {"type": "invalid_request_error", "message": f"no route {request.path}"}})


async def test_a_stripe_refund_takes_the_credits_back_once(cli: Cli, db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    stripe_api = FakeStripe().start()
    try:
        settings = billing_on(monkeypatch, STRIPE_API_BASE=stripe_api.url)
        user_id = await person(db)
        await bought_with_stripe(db, settings, user_id)
        status, out, _ = await cli("billing", "show", "--user", str(user_id), "--format", "json")
        shown = json.loads(out)
        assert (shown["balance"], shown["applied_events"]) == (500, 1)
        [bought] = shown["purchases"]
        assert (bought["item"], bought["checkout_session"], bought["payment_intent"], bought["amount"]) == (
            "p500", "cs_test_1", "pi_1", 1000,
        )  # fmt: skip

        status, out, err = await cli(
            "billing", "refund", "--user", "telegram:1001", "--purchase", "cs_test_1", "--reason", "asked by mail",
            "--by", "bob",
        )  # fmt: skip
        assert status == 0, err
        assert out == f"Purchase #{bought['id']}: refunded: 500 credits taken back. New balance: 0 credits.\n"
        [request] = stripe_api.requests
        assert request.path == "/v1/refunds" and "payment_intent=pi_1" in request.body.decode()
        assert request.headers["idempotency-key"] == "altoc-refund-pi_1"

        # Stripe's charge.refunded webhook arrives afterwards: nothing more is taken.
        refunded = {
            "id": "evt_refund",
            "type": "charge.refunded",
            "created": 1_764_000_100,
            "data": {"object": {"id": "ch_1", "payment_intent": "pi_1", "amount": 1000, "amount_refunded": 1000}},
        }
        async with db.session_scope() as session:
            assert await BillingService(session, settings).apply_stripe_event(refunded) == "refund already applied"
        assert await ledger(db) == [
            (500_000, "purchase", "stripe evt_checkout", "bought 500 credits"),
            (-500_000, "refund", "admin bob", "purchase refunded: asked by mail"),
        ]

        for reference in ("pi_1", str(bought["id"])):  # any of its references; Stripe is not asked again
            status, out, err = await cli("billing", "refund", "--user", str(user_id), "--purchase", reference)
            assert status == 1 and out == "" and "is already refunded: nothing was changed" in err
        status, _, err = await cli("billing", "refund", "--user", str(user_id), "--purchase", "pi_unknown")
        assert status == 1 and "has no purchase 'pi_unknown'" in err
        assert len(stripe_api.requests) == 1
        status, out, _ = await cli("billing", "show", "--user", str(user_id))
        assert "Balance: 0 credits\nPayment events applied: 2\nPurchases:\n" in out
        assert "p500 (500 credits) via stripe, paid 1000 cents, refunded 1000 cents — cs_test_1 pi_1\n" in out
        assert "-500 refund   admin bob: purchase refunded: asked by mail\n" in out
    finally:
        stripe_api.stop()


async def test_a_stars_refund_goes_through_telegram(
    cli: Cli, db: Any, monkeypatch: pytest.MonkeyPatch, fake_telegram: FakeTelegram
) -> None:
    refunds: list[dict[str, Any]] = []

    def refund_star_payment(params: dict[str, Any], files: Any) -> bool:
        refunds.append(params)
        return True

    fake_telegram._api_refundStarPayment = refund_star_payment  # type: ignore[attr-defined]
    settings = billing_on(monkeypatch, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_telegram.url)
    user_id = await person(db)
    item = find_item(settings, "p500")
    assert item is not None
    async with db.session_scope() as session:
        billing = BillingService(session, settings)
        assert await billing.credit_stars(user_id, item, "stxCHARGE1", "1001", 250) == "credited 500 credits"
        purchase = (await session.scalars(select(Purchase))).one()
        purchase_id = purchase.id

    status, out, err = await cli("billing", "refund", "--user", "telegram:1001", "--purchase", "stxCHARGE1")
    assert status == 0, err
    assert out == f"Purchase #{purchase_id}: refunded: 500 credits taken back. New balance: 0 credits.\n"
    assert refunds == [{"user_id": "1001", "telegram_payment_charge_id": "stxCHARGE1"}]
    assert await ledger(db) == [
        (500_000, "purchase", "telegram charge stxCHARGE1", "bought 500 credits"),
        (-500_000, "refund", f"admin {_login()}", "purchase refunded"),
    ]
    status, _, err = await cli("billing", "refund", "--user", "telegram:1001", "--purchase", str(purchase_id))
    assert status == 1 and "already refunded" in err and len(refunds) == 1

    # Telegram refuses (say, refunded in the meantime by other means): said plainly, nothing changed.
    async with db.session_scope() as session:
        billing = BillingService(session, settings)
        assert await billing.credit_stars(user_id, item, "stxCHARGE2", "1001", 250) == "credited 500 credits"
    refused = {"error_code": 400, "description": "Bad Request: CHARGE_ALREADY_REFUNDED"}
    fake_telegram.fail_next["refundStarPayment"] = refused
    status, out, err = await cli("billing", "refund", "--user", "telegram:1001", "--purchase", "stxCHARGE2")
    assert status == 1 and out == ""
    refused = "Telegram says the payment stxCHARGE2 was already refunded: nothing more was given back."
    assert err == f"altoc: Purchase #2: {refused}\n"
    assert len(await ledger(db)) == 3


async def test_show_as_a_real_process(altoc: Any, db: Any) -> None:
    """The installed command end to end (forked as tests/cliprocess.py does): the JSON DESIGN.md promises."""
    await person(db, "local", "maria")
    shown = await asyncio.to_thread(altoc, "billing", "show", "--user", "maria", "--format", "json", env=BILLING)
    assert shown.returncode == 0, shown.stderr
    assert {k: json.loads(shown.stdout)[k] for k in ("plan", "balance", "applied_events", "ledger")} == {
        "plan": "free", "balance": 0, "applied_events": 0, "ledger": [],
    }  # fmt: skip
