"""Model use metered turn by turn: the allowance, then credits, then the guided mode; nothing lost on the way."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.assistant.conversation import ConversationService
from app.billing.service import BillingService
from app.config import Settings
from app.events import ButtonsEvent
from app.llm.factory import build_provider
from db.models import LedgerEntry, Message, ModelUsage
from db.repositories.conversations import ConversationRepository
from db.repositories.users import UserRepository
from tests.conftest import say
from tests.fakes import openai_server as oai

# 42 input and 7 output tokens a call (the fake's usage), at $1,000 per million: 4.9 cents, i.e. 4.9 credits.
PRICES = {"gpt-fake": (1000.0, 1000.0, 0.0)}
CALL = 4900  # millicredits


def billed(db: Any, tmp_path: Any, fake_openai: Any, **config: Any) -> ConversationService:
    options: dict[str, Any] = {
        "altoc_data_dir": tmp_path,
        "llm_retry_base_delay": 0.001,
        "openai_api_key": "sk-test",
        "openai_base_url": fake_openai.base_url,
        "telegram_bot_token": "1:x",
        "credit_packs": [{"id": "p100", "credits": 100, "stars": 50}],
        "free_messages": 1,
        "model_prices": PRICES,
    }
    settings = Settings(_env_file=None, **{**options, **config})  # type: ignore[call-arg]
    assert settings.billing_enabled
    return ConversationService(db, settings, provider=build_provider(settings))


async def user_id(db: Any) -> Any:
    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity("cli", "u1")
        assert user is not None
        return user.id


async def test_allowance_then_guided_mode_then_credits(db: Any, tmp_path: Any, fake_openai: Any) -> None:
    service = billed(db, tmp_path, fake_openai)
    fake_openai.enqueue(oai.tool_call("create_cv", {"name": "Maria Kowalska"}), oai.text("Created your CV."))
    assert (await say(service, "Start a CV for Maria Kowalska")).text == "Created your CV."
    async with db.session_scope() as session:
        usage = (await session.execute(select(ModelUsage.paid_from, ModelUsage.cost))).all()
    assert usage == [("allowance", CALL), ("allowance", CALL)]  # two calls, one message of the allowance

    out = await say(service, "My phone is +48 600 123 456")
    assert "used this month's 1 model-assisted messages" in out.text and "guided mode" in out.text
    assert [b.label for e in out.of_type(ButtonsEvent) for b in e.buttons][0] == "See plans and credits"
    assert len(fake_openai.requests) == 2  # the model was not asked
    again = await say(service, "/show")
    assert "Maria Kowalska" in again.text  # the CV is intact; commands work
    quiet = await say(service, "What next?")
    assert "model-assisted messages" not in quiet.text and quiet.text  # told once; the guided mode still answers

    uid = await user_id(db)
    async with db.session_scope() as session:
        await BillingService(session, service.settings).grant(uid, 10_000, "admin test", "a test grant")
    fake_openai.enqueue(oai.text("Back with the model."))
    assert (await say(service, "Add Python to my skills")).text == "Back with the model."
    async with db.session_scope() as session:
        entries = (await session.execute(select(LedgerEntry.kind, LedgerEntry.amount).order_by(LedgerEntry.id))).all()
        status = await BillingService(session, service.settings).status(uid)
        stored = await session.scalar(select(func.count()).select_from(Message))
    assert entries == [("grant", 10_000), ("usage", -CALL)]
    assert status.balance == 10_000 - CALL and status.messages_used == 1
    assert stored == 12  # every message kept: 4 of the model's turn, 2 for each of the four others


async def test_a_call_is_paid_for_when_the_turn_fails_after_it(
    db: Any, tmp_path: Any, fake_openai: Any, monkeypatch: Any
) -> None:
    service = billed(db, tmp_path, fake_openai, free_messages=5)
    fake_openai.enqueue(oai.text("Hello."), oai.text("Hello again."))
    await say(service, "Hi")
    original = ConversationRepository.add_message

    async def refuse_answers(self: Any, conversation: Any, role: str, text: str, **fields: Any) -> Any:
        if role == "assistant":
            raise RuntimeError("storing the answer failed")
        return await original(self, conversation, role, text, **fields)

    monkeypatch.setattr(ConversationRepository, "add_message", refuse_answers)
    failed = await say(service, "Hi again")
    assert "Something went wrong on our side" in failed.text
    async with db.session_scope() as session:
        usage = (await session.execute(select(ModelUsage.paid_from, ModelUsage.cost))).all()
        messages = await session.scalar(select(func.count()).select_from(Message))
    assert usage == [("allowance", CALL)] * 2 and messages == 2  # the turn was undone, its model call counted


async def test_billing_off_records_nothing(db: Any, tmp_path: Any, fake_openai: Any) -> None:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, altoc_data_dir=tmp_path, openai_api_key="sk-test", openai_base_url=fake_openai.base_url
    )
    service = ConversationService(db, settings, provider=build_provider(settings))
    for n in range(3):
        fake_openai.enqueue(oai.text(f"Answer {n}."))
        assert (await say(service, f"Question {n}")).text == f"Answer {n}."
    async with db.session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(ModelUsage)) == 0
        assert (await BillingService(session, settings).status(await user_id(db))).plan == "unlimited"
