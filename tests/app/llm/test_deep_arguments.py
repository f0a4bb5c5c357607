"""A model whose tool-call arguments nest 100,000 levels deep is a malformed reply, not a crash."""

from __future__ import annotations

from typing import Any

from app.config import Settings
from app.conversation import ConversationService
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
