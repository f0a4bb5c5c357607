"""The OpenAI and Anthropic adapters at the wire: real SDK clients against fake servers on 127.0.0.1."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.errors import ProviderUnavailable
from app.llm.anthropic_provider import AnthropicProvider
from app.llm.base import ChatMessage, ProviderError, ToolCall, ToolSpec
from app.llm.openai_provider import OpenAIProvider
from app.llm.resilient import ResilientProvider
from tests.fakes import anthropic_server as ant
from tests.fakes import openai_server as oai
from tests.fakes.anthropic_server import FakeAnthropic
from tests.fakes.openai_server import FakeOpenAI
from tools import REGISTRY

KEY = "sk-test-SECRET-0123456789"
TOOLS = [REGISTRY.get("add_work_entry").spec(), REGISTRY.get("undo").spec()]  # type: ignore[union-attr]
CONVERSATION = [
    ChatMessage("system", "You are a CV assistant."),
    ChatMessage("user", "I worked at PayFlow"),
    ChatMessage("assistant", "", tool_calls=(ToolCall("call_a", "add_work_entry", {"entry": {"name": "PayFlow"}}),)),
    ChatMessage("tool", '{"ok": true, "message": "Added job PayFlow (version 2)."}', tool_call_id="call_a"),
    ChatMessage("user", "thanks"),
]


def openai(server: FakeOpenAI) -> OpenAIProvider:
    return OpenAIProvider(api_key=KEY, base_url=server.base_url, model="gpt-test", timeout=5)


def anthropic(server: FakeAnthropic) -> AnthropicProvider:
    return AnthropicProvider(api_key=KEY, base_url=server.url, model="claude-test", timeout=5)


def resilient(*providers: Any) -> ResilientProvider:
    return ResilientProvider(list(providers), retries=2, base_delay=0.001)


# --- OpenAI -------------------------------------------------------------------------------------


async def test_openai_tool_call_and_the_request_it_sent(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(oai.tool_call("add_work_entry", {"entry": {"name": "PayFlow", "startDate": "2021-03"}}))
    reply = await openai(fake_openai).complete(CONVERSATION, TOOLS)
    assert reply.tool_calls[0].name == "add_work_entry"
    assert reply.tool_calls[0].arguments == {"entry": {"name": "PayFlow", "startDate": "2021-03"}}
    assert (reply.provider, reply.usage.input_tokens, reply.usage.output_tokens) == ("openai", 42, 7)
    sent = fake_openai.bodies()[0]
    assert sent["model"] == "gpt-test"
    assert [m["role"] for m in sent["messages"]] == ["system", "user", "assistant", "tool", "user"]
    assert sent["messages"][2]["tool_calls"][0]["function"] == {
        "name": "add_work_entry",
        "arguments": json.dumps({"entry": {"name": "PayFlow"}}),
    }
    assert sent["messages"][3]["tool_call_id"] == "call_a"
    schema = sent["tools"][0]["function"]["parameters"]
    assert "$defs" not in json.dumps(schema) and "startDate" in schema["properties"]["entry"]["properties"]
    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {KEY}"


async def test_openai_text_and_streaming(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(oai.text("Hello Maria"), oai.text("Streaming works fine"), oai.tool_call("undo", {}))
    assert (await openai(fake_openai).complete(CONVERSATION, TOOLS)).text == "Hello Maria"
    deltas: list[str] = []

    async def collect(delta: str) -> None:
        deltas.append(delta)

    reply = await openai(fake_openai).complete(CONVERSATION, TOOLS, on_text=collect)
    assert reply.text == "Streaming works fine" and len(deltas) > 1 and "".join(deltas) == reply.text
    assert reply.usage.input_tokens == 42
    streamed_call = await openai(fake_openai).complete(CONVERSATION, TOOLS, on_text=collect)
    assert streamed_call.tool_calls[0].name == "undo" and streamed_call.tool_calls[0].arguments == {}
    assert fake_openai.bodies()[1]["stream"] is True


async def test_openai_429_then_success(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(oai.error(429, "slow down", retry_after="0"), oai.text("ok"))
    reply = await resilient(openai(fake_openai)).complete(CONVERSATION, TOOLS)
    assert reply.text == "ok" and len(fake_openai.requests) == 2


async def test_openai_malformed_arguments_then_a_retry(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(oai.tool_call("undo", '{"broken": '), oai.tool_call("undo", "[1]"), oai.tool_call("undo", {}))
    with pytest.raises(ProviderError, match="malformed tool call"):
        await openai(fake_openai).complete(CONVERSATION, TOOLS)
    reply = await resilient(openai(fake_openai)).complete(CONVERSATION, TOOLS)
    assert reply.tool_calls[0].arguments == {} and len(fake_openai.requests) == 3


async def test_openai_401_is_not_retried_and_never_shows_the_key(fake_openai: FakeOpenAI) -> None:
    fake_openai.enqueue(oai.error(401, f"Incorrect API key provided: {KEY}"))
    with pytest.raises(ProviderUnavailable) as info:
        await resilient(openai(fake_openai)).complete(CONVERSATION, TOOLS)
    assert len(fake_openai.requests) == 1
    assert KEY not in info.value.message and "sk-" not in info.value.message
    assert "API key was refused" in info.value.message


async def test_openai_unreachable_server() -> None:
    provider = OpenAIProvider(api_key=KEY, base_url="http://127.0.0.1:9/v1", model="m", timeout=2)
    with pytest.raises(ProviderError, match="cannot reach the server") as info:
        await provider.complete(CONVERSATION, TOOLS)
    assert info.value.retryable


# --- Anthropic ----------------------------------------------------------------------------------


async def test_anthropic_tool_use_and_the_request_it_sent(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.enqueue(ant.tool_use("add_work_entry", {"entry": {"name": "PayFlow"}}, text_before="Adding it."))
    reply = await anthropic(fake_anthropic).complete(CONVERSATION, TOOLS)
    assert reply.text == "Adding it."
    assert reply.tool_calls[0].name == "add_work_entry" and reply.tool_calls[0].arguments == {
        "entry": {"name": "PayFlow"}
    }
    assert (reply.usage.input_tokens, reply.usage.output_tokens, reply.provider) == (55, 9, "anthropic")
    sent = fake_anthropic.bodies()[0]
    # The stable system prompt, the last tool and the last message block are prompt-cache breakpoints.
    cached = {"type": "ephemeral"}
    assert sent["system"] == [{"type": "text", "text": "You are a CV assistant.", "cache_control": cached}]
    assert sent["max_tokens"] == 4096
    assert [t.get("cache_control") for t in sent["tools"]] == [None, cached]
    assert sent["messages"][-1]["content"][-1] == {"type": "text", "text": "thanks", "cache_control": cached}
    assert [m["role"] for m in sent["messages"]] == ["user", "assistant", "user"]
    assert sent["messages"][1]["content"] == [
        {"type": "tool_use", "id": "call_a", "name": "add_work_entry", "input": {"entry": {"name": "PayFlow"}}}
    ]
    # The tool result and the next user text share one user message.
    assert [b["type"] for b in sent["messages"][2]["content"]] == ["tool_result", "text"]
    assert sent["messages"][2]["content"][0]["tool_use_id"] == "call_a"
    assert "$ref" not in json.dumps(sent["tools"]) and sent["tools"][0]["name"] == "add_work_entry"
    assert fake_anthropic.requests[0].path == "/v1/messages"
    headers = fake_anthropic.requests[0].headers
    assert KEY in (headers.get("x-api-key", ""), headers.get("authorization", "").removeprefix("Bearer "))


async def test_anthropic_text_and_streaming(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.enqueue(ant.text("Plain answer"), ant.tool_use("undo", {}, text_before="Undoing that now"))
    assert (await anthropic(fake_anthropic).complete(CONVERSATION, TOOLS)).text == "Plain answer"
    deltas: list[str] = []

    async def collect(delta: str) -> None:
        deltas.append(delta)

    reply = await anthropic(fake_anthropic).complete(CONVERSATION, TOOLS, on_text=collect)
    assert "".join(deltas) == "Undoing that now" == reply.text and len(deltas) > 1
    assert reply.tool_calls[0].name == "undo" and reply.usage.output_tokens == 9


async def test_anthropic_overloaded_then_success_and_429(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.enqueue(ant.error(529, "overloaded_error"), ant.error(429, "rate_limit_error", "0"), ant.text("ok"))
    reply = await resilient(anthropic(fake_anthropic)).complete(CONVERSATION, TOOLS)
    assert reply.text == "ok" and len(fake_anthropic.requests) == 3


async def test_500_then_fallback_to_the_other_provider(fake_openai: FakeOpenAI, fake_anthropic: FakeAnthropic) -> None:
    fake_openai.enqueue(*[oai.error(500, "boom")] * 3)
    fake_anthropic.enqueue(ant.text("Anthropic here"))
    chain = resilient(openai(fake_openai), anthropic(fake_anthropic))
    reply = await chain.complete(CONVERSATION, TOOLS)
    assert reply.text == "Anthropic here" and reply.provider == "anthropic"
    assert len(fake_openai.requests) == 3 and len(fake_anthropic.requests) == 1


async def test_anthropic_bad_key_is_not_retried(fake_anthropic: FakeAnthropic) -> None:
    fake_anthropic.enqueue(ant.error(401, "authentication_error"))
    with pytest.raises(ProviderUnavailable, match="API key was refused"):
        await resilient(anthropic(fake_anthropic)).complete(CONVERSATION, TOOLS)
    assert len(fake_anthropic.requests) == 1


def test_tool_spec_schemas_come_from_signatures() -> None:
    spec: ToolSpec = REGISTRY.get("diff_versions").spec()  # type: ignore[union-attr]
    assert spec.description.startswith("Show what changed between two versions")
    assert spec.parameters["required"] == ["from_version"]
    assert spec.parameters["properties"]["from_version"]["description"] == "The older version number."


async def test_cached_input_is_counted_in_the_input_and_reported_apart(
    fake_openai: FakeOpenAI, fake_anthropic: FakeAnthropic
) -> None:
    """Anthropic reports cache reads and writes beside `input_tokens`; OpenAI inside `prompt_tokens`."""
    body = ant.message("Hi")
    body["usage"].update(cache_read_input_tokens=400, cache_creation_input_tokens=30)
    fake_anthropic.enqueue(ant.Reply(body=body))
    usage = (await anthropic(fake_anthropic).complete(CONVERSATION, TOOLS)).usage
    assert (usage.input_tokens, usage.cached_input_tokens, usage.output_tokens) == (485, 400, 9)
    completion = oai.completion("Hi")
    completion["usage"]["prompt_tokens_details"] = {"cached_tokens": 32}
    fake_openai.enqueue(oai.Reply(body=completion))
    usage = (await openai(fake_openai).complete(CONVERSATION, TOOLS)).usage
    assert (usage.input_tokens, usage.cached_input_tokens, usage.output_tokens) == (42, 32, 7)
