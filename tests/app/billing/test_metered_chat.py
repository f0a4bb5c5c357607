"""Metered conversations through the real OpenAI SDK and the fake server (which reports 42 input and 7 output
tokens a call): out of allowance the person is told once and the guided mode answers, nothing is lost; credits
pay by the tokens; linked accounts share one balance; imports are metered too."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.assistant.conversation import ConversationService
from app.billing.catalogue import MILLI, cost
from app.billing.service import BillingService
from app.config import Settings
from app.cv.service import CvService
from app.events import ButtonsEvent, IncomingFile
from app.llm.base import Usage
from app.llm.factory import build_provider
from db.models import LedgerEntry, Message, ModelUsage
from db.repositories.users import UserRepository
from tests.app.billing.test_meter import PACKS, PRICES
from tests.app.test_accounts import link_code
from tests.conftest import say
from tests.fakes import openai_server as oai
from tests.import_files import PASTED_CV

FULL = Path(__file__).resolve().parents[2] / "fixtures" / "full_resume.json"
CALL = 1120  # millicredits of one fake call: 42 input tokens at $100 a million, 7 output tokens at $1,000
TOLD = "You have used this month's 2 model-assisted messages of the free plan"


def online(db: Any, tmp_path: Path, server: oai.FakeOpenAI, **config: Any) -> ConversationService:
    values: dict[str, Any] = {
        "openai_api_key": "sk-test",
        "openai_base_url": server.base_url,
        "OPENAI_MODEL": "gpt-fake",
        "ALTOC_LLM_RETRY_DELAY": 0.001,
        "stripe_secret_key": "sk_test_fake",
        "ALTOC_CREDIT_PACKS": PACKS,
        "ALTOC_MODEL_PRICES": PRICES,
        "ALTOC_FREE_MESSAGES": 2,
        **config,
    }
    settings = Settings(_env_file=None, altoc_data_dir=tmp_path, **values)  # type: ignore[call-arg]
    return ConversationService(db, settings, provider=build_provider(settings))


def labels(sink: Any) -> list[str]:
    return [b.label for e in sink.events if isinstance(e, ButtonsEvent) for b in e.buttons]


async def user_id(db: Any, channel: str = "cli", external_id: str = "u1") -> uuid.UUID:
    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity(channel, external_id)
        assert user is not None
        return user.id


async def status(service: ConversationService, who: uuid.UUID) -> Any:
    async with service.db.session_scope() as session:
        return await BillingService(session, service.settings).status(who)


async def grant(service: ConversationService, who: uuid.UUID, amount: int) -> None:
    async with service.db.session_scope() as session:
        await BillingService(session, service.settings).grant(who, amount, "admin test", "goodwill")


async def snapshot(db: Any, who: uuid.UUID) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
    """The open CV's version and document, and every stored message."""
    async with db.session_scope() as session:
        state = await CvService(session, who).load()
        messages = (await session.scalars(select(Message).order_by(Message.id))).all()
        return state.version.number, state.resume.to_json(), [(m.role, m.text) for m in messages]


async def test_out_of_allowance_the_guided_mode_answers_and_nothing_is_lost(
    db: Any, tmp_path: Path, fake_openai: oai.FakeOpenAI
) -> None:
    service = online(db, tmp_path, fake_openai)
    await say(service, files=(IncomingFile("cv.json", FULL.read_bytes()),))  # JSON Resume: no model asked
    me = await user_id(db)
    assert fake_openai.requests == []

    # Two model messages; the first takes two calls (a tool, then the answer) and counts once.
    fake_openai.enqueue(oai.tool_call("add_skills", {"skills": ["Rust"]}), oai.text("Added Rust."))
    assert (await say(service, "add Rust to my skills")).text.endswith("Added Rust.")
    fake_openai.enqueue(oai.text("Anything else?"))
    assert (await say(service, "thanks")).text == "Anything else?"
    shown = await status(service, me)
    assert (shown.messages_used, shown.messages_allowed, shown.balance) == (2, 2, 0)
    before = await snapshot(db, me)
    assert "Rust" in json.dumps(before[1]["skills"])

    # The third: told clearly, offered the plans, answered by the guided mode; the model is not asked.
    third = await say(service, "hello, can you help me?")
    assert len(fake_openai.requests) == 3
    assert TOLD in third.text and "/buy" in third.text and "your CV and this chat are kept" in third.text
    assert labels(third)[0] == "See plans and credits"
    answered = third.text.split("every command still works.", 1)[1].strip()
    assert answered, third.text  # the guided mode's own answer follows
    version, document, messages = await snapshot(db, me)
    assert (version, document) == before[:2]  # the CV as it was
    assert messages[: len(before[2])] == before[2]  # the chat as it was, and this turn added to it
    assert messages[len(before[2])] == ("user", "hello, can you help me?") and TOLD in messages[-1][1]

    # The fourth: not told again this month, still answered.
    fourth = await say(service, "hello?")
    assert TOLD not in fourth.text and fourth.text.strip() and "See plans and credits" not in labels(fourth)
    assert len(fake_openai.requests) == 3

    # An admin's grant: the model answers again, paid by the tokens at ALTOC_MODEL_PRICES' price.
    assert cost(service.settings, "gpt-fake", Usage(42, 7)) == CALL
    await grant(service, me, 10 * MILLI)
    fake_openai.enqueue(oai.tool_call("add_skills", {"skills": ["Go"]}), oai.text("Added Go."))
    assert (await say(service, "add Go to my skills")).text.endswith("Added Go.")
    shown = await status(service, me)
    assert (shown.balance, shown.messages_used) == (10 * MILLI - 2 * CALL, 2)
    async with db.session_scope() as session:
        usage = (await session.execute(select(ModelUsage.paid_from, ModelUsage.cost).order_by(ModelUsage.id))).all()
        entries = (await session.scalars(select(LedgerEntry).order_by(LedgerEntry.id))).all()
    assert [tuple(u) for u in usage] == [("allowance", CALL)] * 3 + [("credits", CALL)] * 2
    assert [(e.amount, e.kind, e.actor) for e in entries] == [
        (10 * MILLI, "grant", "admin test"),
        (-CALL, "usage", "model"),
        (-CALL, "usage", "model"),
    ]


async def test_the_first_message_of_a_new_person_is_metered(
    db: Any, tmp_path: Path, fake_openai: oai.FakeOpenAI
) -> None:
    """The person is created by the turn that makes the first model call (its usage is written apart)."""
    service = online(db, tmp_path, fake_openai)
    fake_openai.enqueue(oai.text("Hello! Shall we start your CV?"))
    assert (await say(service, "hi there", user="new-person")).text == "Hello! Shall we start your CV?"
    shown = await status(service, await user_id(db, "cli", "new-person"))
    assert (shown.plan, shown.messages_used) == ("free", 1)


async def test_the_monthly_plan_and_linked_accounts_share_one_balance(
    db: Any, tmp_path: Path, fake_openai: oai.FakeOpenAI
) -> None:
    service = online(db, tmp_path, fake_openai, ALTOC_PRO_CREDITS=1)
    tg, web = {"channel": "telegram", "user": "1001"}, {"channel": "web", "user": "maria@example.com"}
    fake_openai.enqueue(oai.text("Hi from Telegram."), oai.text("Hi from the web."))
    await say(service, "hello", **tg)
    await say(service, "hello", **web)
    telegram_id, web_id = await user_id(db, "telegram", "1001"), await user_id(db, "web", "maria@example.com")
    await grant(service, web_id, 3 * MILLI)

    code = await link_code(service, **web)
    assert "Linked" in (await say(service, f"/link {code}", **tg)).text
    joined = await user_id(db, "web", "maria@example.com")
    assert joined == await user_id(db, "telegram", "1001") and joined in (telegram_id, web_id)
    shown = await status(service, joined)
    assert (shown.plan, shown.messages_used, shown.balance) == ("free", 2, 3 * MILLI)  # both chats' use, one sum

    # Out of messages in both chats; the credits granted to the web account pay in Telegram too.
    fake_openai.enqueue(oai.text("Paid by credits."))
    assert (await say(service, "next?", **tg)).text == "Paid by credits."
    assert (await status(service, joined)).balance == 3 * MILLI - CALL

    # The monthly plan bought in either chat is the plan of both.
    async with db.session_scope() as session:
        await BillingService(session, service.settings).credit_stars(
            joined, _pro(service.settings), "stxPRO", "1001", 500
        )
    fake_openai.enqueue(oai.text("On the monthly plan."))
    assert (await say(service, "and now?", **web)).text == "On the monthly plan."
    shown = await status(service, joined)
    assert (shown.plan, shown.plan_source, shown.spent, shown.balance) == ("pro", "telegram", CALL, 3 * MILLI - CALL)
    # The plan's fair-use budget (1 credit) is spent: the credits pay again.
    fake_openai.enqueue(oai.text("Credits again."))
    assert (await say(service, "more", **tg)).text == "Credits again."
    assert (await status(service, joined)).balance == 3 * MILLI - 2 * CALL


def _pro(settings: Settings) -> Any:
    from app.billing.catalogue import Item

    return Item("pro", "plan", "Monthly plan", settings.pro_credits, None, 500)


async def test_billing_off_nothing_is_limited_or_recorded(db: Any, tmp_path: Path, fake_openai: oai.FakeOpenAI) -> None:
    service = online(db, tmp_path, fake_openai, stripe_secret_key=None, ALTOC_FREE_MESSAGES=0)
    assert not service.settings.billing_enabled
    for n in range(3):
        fake_openai.enqueue(oai.text(f"Answer {n}."))
        assert (await say(service, f"question {n}")).text == f"Answer {n}."
    async with db.session_scope() as session:
        assert await session.scalar(select(func.count()).select_from(ModelUsage)) == 0
        assert await session.scalar(select(func.count()).select_from(LedgerEntry)) == 0
    assert (await status(service, await user_id(db))).plan == "unlimited"


async def test_an_import_is_metered_and_works_offline_out_of_allowance(
    db: Any, tmp_path: Path, fake_openai: oai.FakeOpenAI
) -> None:
    service = online(db, tmp_path, fake_openai, ALTOC_FREE_MESSAGES=1)
    reading = {"basics": {"name": "Olena Shevchenko", "email": "olena.shevchenko@example.com"}}
    fake_openai.enqueue(oai.tool_call("CvFromText", reading))
    first = await say(service, files=(IncomingFile("cv.txt", PASTED_CV.encode()),))
    assert "Olena Shevchenko" in first.text and "without the language model" not in first.text
    assert len(fake_openai.requests) == 1 and fake_openai.bodies()[0]["tools"][0]["function"]["name"] == "CvFromText"
    me = await user_id(db)
    async with db.session_scope() as session:
        row = (await session.scalars(select(ModelUsage))).one()
        assert (row.model, row.input_tokens, row.output_tokens, row.cost, row.paid_from) == (
            "gpt-fake", 42, 7, CALL, "allowance",
        )  # fmt: skip

    second = await say(service, files=(IncomingFile("cv2.txt", PASTED_CV.encode()),))
    assert len(fake_openai.requests) == 1  # not asked: the month's one message is used
    assert "This is what I read without the language model: this month's allowance is used (/plan)." in second.text
    async with db.session_scope() as session:
        cvs = await CvService(session, me).list()
    assert len(cvs) == 2  # imported all the same, from the offline reading
