"""A model whose tool-call arguments nest 100,000 levels deep is a malformed reply, not a crash."""

from __future__ import annotations

import json
from typing import Any

from app.assistant.conversation import ConversationService
from app.config import Settings
from app.llm.factory import build_provider
from tests.conftest import say
from tests.fakes import openai_server as oai


async def test_deeply_nested_tool_arguments_fall_back_to_the_guided_mode(
    db: Any, tmp_path: Any, fake_openai: Any
) -> None:
    deep = '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"
    fake_openai.enqueue(*[oai.tool_call("create_cv", deep)] * 3)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        altoc_data_dir=tmp_path,
        llm_retry_base_delay=0.001,
        openai_api_key="sk-test",
        openai_base_url=fake_openai.base_url,
    )
    sink = await say(ConversationService(db, settings, provider=build_provider(settings)), "I'm Maria")
    assert "went wrong" not in sink.text and "guided mode" in sink.text, sink.text


async def test_deeply_nested_tool_input_from_anthropic_is_a_malformed_reply(
    db: Any, tmp_path: Any, fake_anthropic: Any
) -> None:
    from tests.fakes import anthropic_server as ant
    from tests.fakes.http import Reply

    body = json.dumps(ant.message(None, [("create_cv", {"name": "DEEP"})])).replace(
        '"DEEP"', "[" * 100_000 + "]" * 100_000
    )
    fake_anthropic.enqueue(*[Reply(body=body.encode(), headers={"content-type": "application/json"})] * 3)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        altoc_data_dir=tmp_path,
        llm_retry_base_delay=0.001,
        anthropic_api_key="sk-ant-test",
        anthropic_base_url=fake_anthropic.url,
    )
    sink = await say(ConversationService(db, settings, provider=build_provider(settings)), "I'm Maria")
    assert "went wrong" not in sink.text and "guided mode" in sink.text, sink.text
