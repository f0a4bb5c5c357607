"""The one policy point: prices from tokens, the free plan's messages, the monthly budget, then credits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.billing.catalogue import MILLI, cost, credits, find_item
from app.billing.meter import UNMETERED, Meter, MeteredProvider, gate_for, metered
from app.billing.service import BillingService
from app.config import Settings
from app.errors import OutOfAllowance
from app.llm.base import Usage
from app.llm.scripted import ScriptedProvider, text_reply
from db.models import LedgerEntry, ModelUsage, Subscription
from db.repositories.billing import BillingRepository
from db.repositories.users import UserRepository

PRICES = {"gpt-fake": (100.0, 1000.0, 10.0)}  # dollars per million tokens: input, output, cached input
PACKS = [{"id": "p500", "credits": 500, "stripe_price": "price_p500", "stars": 250}]


def billed(tmp_path: Path, **config: Any) -> Settings:
    """Billing on (Stripe configured), two free model messages a month, a 1-credit monthly budget."""
    values: dict[str, Any] = {
        "stripe_secret_key": "sk_test_fake",
        "ALTOC_CREDIT_PACKS": PACKS,
        "ALTOC_MODEL_PRICES": PRICES,
        "ALTOC_FREE_MESSAGES": 2,
        "ALTOC_PRO_CREDITS": 1,
        **config,
    }
    return Settings(_env_file=None, altoc_data_dir=tmp_path, altoc_llm="offline", **values)  # type: ignore[call-arg]


# --- prices ------------------------------------------------------------------------------------------------


def test_a_call_is_priced_from_its_tokens(tmp_path: Path) -> None:
    settings = billed(tmp_path)
    # 42 input and 7 output tokens at $100 and $1,000 a million: $0.0112, 1.12 credits of a cent each.
    assert cost(settings, "gpt-fake", Usage(42, 7)) == 1120
    # Cached input at its own price; never more cached tokens than input tokens.
    assert cost(settings, "gpt-fake", Usage(1000, 0, 800)) == (200 * 100 + 800 * 10) * MILLI // 10_000
    assert cost(settings, "gpt-fake", Usage(100, 0, 500)) == cost(settings, "gpt-fake", Usage(100, 0, 100)) == 100
    # Rounded up to the millicredit, and exactly: 595 tokens at $2 a million is 0.119 credits, not 0.120.
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]  # the built-in table ($2 a million output)
    assert cost(defaults, "gpt-5.4-mini", Usage(0, 595)) == 119
    assert cost(defaults, "gpt-5.4-mini", Usage(1, 0)) == 1
    assert cost(settings, "gpt-5.4-mini", Usage(0, 595)) == 1488  # not in ALTOC_MODEL_PRICES: priced as "*"
    assert cost(settings, "gpt-fake", Usage(0, 0)) == 0
    # A dearer credit buys fewer tokens.
    assert cost(billed(tmp_path, ALTOC_CREDIT_USD=0.02), "gpt-fake", Usage(42, 7)) == 560


def test_an_unknown_model_is_priced_as_star(tmp_path: Path) -> None:
    settings = billed(tmp_path, ALTOC_MODEL_PRICES={"*": (1.0, 2.0, 0.5), "known": (0.1, 0.1, 0.1)})
    assert cost(settings, "some-new-model", Usage(1_000_000, 1_000_000)) == 300 * MILLI
    assert cost(settings, "known", Usage(1_000_000, 0)) == 10 * MILLI
    # A table without "*" falls back to the built-in "*" price (deliberately high: $5 / $25).
    no_star = billed(tmp_path, ALTOC_MODEL_PRICES={"known": (0.1, 0.1, 0.1)})
    assert cost(no_star, "other", Usage(1_000_000, 0)) == 500 * MILLI


def test_credits_read_as_a_person_reads_them() -> None:
    assert [credits(a) for a in (12_000, 400, 1_250_000, 0, 119, 100_400)] == ["12", "0.4", "1,250", "0", "0.1", "100"]


def test_a_stars_payload_names_the_person_the_item_and_its_price(tmp_path: Path) -> None:
    settings = billed(tmp_path, telegram_bot_token="1:x")
    billing = BillingService(None, settings)  # type: ignore[arg-type]  # no database needed
    item = find_item(settings, "p500")
    assert item is not None
    me, other = uuid.uuid4(), uuid.uuid4()
    payload = billing.stars_payload(me, item)
    assert len(payload.encode()) <= 128
    assert billing.check_stars_payload(me, payload, "XTR", 250) == (item, None)
    refused = [
        billing.check_stars_payload(other, payload, "XTR", 250),
        billing.check_stars_payload(me, payload, "XTR", 200),
        billing.check_stars_payload(me, payload, "USD", 250),
        billing.check_stars_payload(me, payload.replace("p500", "gone"), "XTR", 250),
    ]
    assert [item for item, _ in refused] == [None] * 4
    assert "another account" in str(refused[0][1]) and "price has changed" in str(refused[1][1])
    assert "no longer available" in str(refused[3][1])


# --- the meter, on the database ------------------------------------------------------------------------------


async def person(db: Any, name: str = "1001") -> uuid.UUID:
    async with db.session_scope() as session:
        return (await UserRepository(session).get_or_create_by_identity("telegram", name)).id


async def status(db: Any, settings: Settings, user_id: uuid.UUID) -> Any:
    async with db.session_scope() as session:
        return await BillingService(session, settings).status(user_id)


async def grant(db: Any, settings: Settings, user_id: uuid.UUID, amount: int) -> None:
    async with db.session_scope() as session:
        await BillingService(session, settings).grant(user_id, amount, "admin test", "for the test")


async def message(meter: Meter, calls: int = 1) -> None:
    """One message's model calls, each checked before and recorded after (42 input, 7 output tokens)."""
    for _ in range(calls):
        await meter.check()
        await meter.record("openai", "gpt-fake", Usage(42, 7))


async def test_the_free_plan_counts_messages_not_calls(db: Any, tmp_path: Path) -> None:
    settings = billed(tmp_path)
    user_id = await person(db)
    await message(Meter(db, settings, user_id), calls=3)  # three calls, one message
    await message(Meter(db, settings, user_id))
    shown = await status(db, settings, user_id)
    assert (shown.plan, shown.messages_used, shown.messages_allowed, shown.balance) == ("free", 2, 2, 0)
    assert shown.messages_used >= shown.messages_allowed

    third = Meter(db, settings, user_id)
    with pytest.raises(OutOfAllowance) as refused:
        await third.check()
    assert "this month's 2 model-assisted messages of the free plan" in refused.value.message
    assert "/buy" in refused.value.message and "guided mode" in refused.value.message
    async with db.session_scope() as session:
        rows = (await session.scalars(select(ModelUsage))).all()
        assert len(rows) == 4 and {r.paid_from for r in rows} == {"allowance"}
        assert {r.cost for r in rows} == {1120} and len({r.turn for r in rows}) == 2
        assert (await session.scalars(select(LedgerEntry))).all() == []  # the allowance is not the balance

    # Credits (a grant) pay by the tokens: the balance goes down by exactly the calls' price.
    await grant(db, settings, user_id, 2 * MILLI)
    await message(Meter(db, settings, user_id), calls=2)
    shown = await status(db, settings, user_id)
    assert (shown.balance, shown.messages_used) == (2 * MILLI - 2 * 1120, 2)
    async with db.session_scope() as session:
        usage = [(e.amount, e.kind, e.actor, e.reason) for e in await BillingRepository(session).entries(user_id)]
    assert usage[:2] == [(-1120, "usage", "model", "gpt-fake: 42 input, 7 output tokens")] * 2
    # Nothing left (the balance went below zero with the last call): refused again.
    with pytest.raises(OutOfAllowance):
        await Meter(db, settings, user_id).check()


async def test_the_monthly_plan_spends_its_budget_then_credits(db: Any, tmp_path: Path) -> None:
    settings = billed(tmp_path)  # a budget of 1 credit: one call of 1.12 credits spends it
    user_id = await person(db)
    async with db.session_scope() as session:
        row, _ = await BillingRepository(session).subscription(
            "sub_1", user_id=user_id, source="stripe", status="active"
        )
        row.current_period_end = datetime.now(UTC) + timedelta(days=20)
    await message(Meter(db, settings, user_id), calls=2)  # both calls begin within the budget
    shown = await status(db, settings, user_id)
    assert (shown.plan, shown.spent, shown.budget, shown.balance) == ("pro", 2240, 1000, 0)
    # Past the budget, even within the free plan's count of messages: the plan counts credits.
    with pytest.raises(OutOfAllowance) as refused:
        await Meter(db, settings, user_id).check()
    assert "fair-use budget of the monthly plan" in refused.value.message

    await grant(db, settings, user_id, 5 * MILLI)
    await message(Meter(db, settings, user_id))
    shown = await status(db, settings, user_id)
    assert (shown.spent, shown.balance) == (2240, 5 * MILLI - 1120)  # paid from credits, not the budget

    # A plan whose period has ended is the free plan again (two messages already used this month).
    async with db.session_scope() as session:
        ended = await session.get(Subscription, "sub_1")
        ended.current_period_end = datetime.now(UTC) - timedelta(days=1)
    assert (await status(db, settings, user_id)).plan == "free"


async def test_billing_off_is_unlimited_and_records_nothing(db: Any, settings: Settings) -> None:
    assert not settings.billing_enabled
    user_id = await person(db)
    gate = gate_for(db, settings, user_id)
    assert gate is UNMETERED
    provider = ScriptedProvider().enqueue(text_reply("hi"))
    assert metered(provider, gate) is provider  # not even wrapped
    for _ in range(50):
        await gate.check()
        await gate.record("openai", "gpt-fake", Usage(42, 7))
    shown = await status(db, settings, user_id)
    assert (shown.plan, shown.enabled, shown.messages_used) == ("unlimited", False, 0)
    async with db.session_scope() as session:
        assert (await session.scalars(select(ModelUsage))).all() == []


async def test_a_metered_provider_passes_the_gate_and_reports_the_providers_model(db: Any, tmp_path: Path) -> None:
    settings = billed(tmp_path, ALTOC_FREE_MESSAGES=1)
    user_id = await person(db)
    provider = ScriptedProvider().enqueue(text_reply("one"), text_reply("two"))
    wrapped = metered(provider, gate_for(db, settings, user_id))
    assert isinstance(wrapped, MeteredProvider) and (wrapped.name, wrapped.model) == ("scripted", "scripted")
    assert (await wrapped.complete([], [])).text == "one"
    async with db.session_scope() as session:
        row = (await session.scalars(select(ModelUsage))).one()
        assert (row.provider, row.model, row.paid_from) == ("scripted", "scripted", "allowance")
    second = metered(provider, gate_for(db, settings, user_id))  # the next message: none left
    assert second is not None
    with pytest.raises(OutOfAllowance):
        await second.complete([], [])
    assert len(provider.calls) == 1  # refused before the call
