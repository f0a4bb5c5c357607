"""Whole conversations through the provider factory against the fake OpenAI and Anthropic servers."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.assistant.conversation import ConversationService
from app.config import Settings
from app.cv.service import CvService
from app.llm.factory import build_provider
from db.models import Message
from db.repositories.users import UserRepository
from tests.conftest import say
from tests.fakes import anthropic_server as ant
from tests.fakes import openai_server as oai


def online(db: Any, tmp_path: Any, stream: bool = False, **config: Any) -> ConversationService:
    settings = Settings(_env_file=None, altoc_data_dir=tmp_path, llm_retry_base_delay=0.001, **config)  # type: ignore[call-arg]
    return ConversationService(db, settings, provider=build_provider(settings), stream=stream)


async def load_cv(db: Any) -> Any:
    async with db.session_scope() as session:
        user = await UserRepository(session).find_by_identity("cli", "u1")
        assert user is not None
        return await CvService(session, user.id).load()


async def test_openai_builds_the_cv_and_every_message_is_stored(db: Any, tmp_path: Any, fake_openai: Any) -> None:
    fake_openai.enqueue(
        oai.tool_call("create_cv", {"name": "Maria Kowalska"}),
        oai.tool_call(
            "add_work_entry", {"entry": {"name": "PayFlow", "position": "Staff Engineer", "startDate": "2021-03"}}
        ),
        oai.text("Added PayFlow. What did you achieve there?"),
    )
    service = online(db, tmp_path, openai_api_key="sk-test", openai_base_url=fake_openai.base_url)
    sink = await say(service, "I worked at PayFlow as staff engineer since 2021-03")
    assert sink.text == "Added PayFlow. What did you achieve there?"
    state = await load_cv(db)
    assert state.resume.to_json() == {
        "basics": {"name": "Maria Kowalska"},
        "work": [{"name": "PayFlow", "position": "Staff Engineer", "startDate": "2021-03"}],
    }
    async with db.session_scope() as session:
        rows = list((await session.execute(select(Message).order_by(Message.id))).scalars())
    assert [r.role for r in rows] == ["user", "assistant", "tool", "assistant", "tool", "assistant"]
    assert rows[1].tool_calls[0]["name"] == "create_cv"
    assert {(r.provider, r.model, r.input_tokens, r.output_tokens) for r in rows if r.role == "assistant"} == {
        ("openai", "gpt-fake", 42, 7)
    }
    # The second request carried the first tool result back to the model.
    second = fake_openai.bodies()[1]["messages"]
    assert second[-1]["role"] == "tool" and json.loads(second[-1]["content"])["ok"] is True


async def test_invalid_date_goes_back_and_nothing_is_half_stored(db: Any, tmp_path: Any, fake_openai: Any) -> None:
    fake_openai.enqueue(
        oai.tool_calls(
            ("create_cv", {}), ("add_work_entry", {"entry": {"name": "PayFlow", "startDate": "March 2021"}})
        ),
        oai.text("Which month and year did you start?"),
    )
    service = online(db, tmp_path, openai_api_key="sk-test", openai_base_url=fake_openai.base_url)
    await say(service, "PayFlow since March 2021")
    result = json.loads(fake_openai.bodies()[1]["messages"][-1]["content"])
    assert result["ok"] is False and "entry.startDate: use YYYY-MM" in result["message"]
    assert (await load_cv(db)).resume.to_json() == {}


async def test_streaming_with_anthropic(db: Any, tmp_path: Any, fake_anthropic: Any) -> None:
    fake_anthropic.enqueue(
        ant.tool_use("create_cv", {"name": "Jan"}, text_before="Starting your CV."), ant.text("Done, Jan.")
    )
    service = online(db, tmp_path, stream=True, anthropic_api_key="sk-ant", anthropic_base_url=fake_anthropic.url)
    sink = await say(service, "Hi, I'm Jan")
    assert "Starting your CV." in sink.text and "Done, Jan." in sink.text
    assert (await load_cv(db)).resume.to_json() == {"basics": {"name": "Jan"}}


async def test_outage_falls_back_to_guided_mode(db: Any, tmp_path: Any, fake_openai: Any) -> None:
    fake_openai.enqueue(*[oai.error(500, "down")] * 3)
    service = online(db, tmp_path, openai_api_key="sk-test", openai_base_url=fake_openai.base_url)
    sink = await say(service, "hello")
    assert "not answering right now" in sink.text and "HTTP 500" in sink.text
    assert "guided mode" in sink.text
    assert len(fake_openai.requests) == 3  # the first try and two retries
