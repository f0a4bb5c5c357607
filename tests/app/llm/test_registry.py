"""The provider registry: a provider is one registered factory; the settings choose among the registered ones."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from app.assistant.conversation import ConversationService
from app.config import Settings
from app.errors import ConfigurationError
from app.llm.anthropic_provider import AnthropicProvider
from app.llm.base import ChatMessage, LlmReply, TextCallback, ToolSpec, Usage
from app.llm.factory import build_provider
from app.llm.openai_provider import OpenAIProvider
from app.llm.registry import PROVIDERS
from tests.conftest import say

ROOT = Path(__file__).resolve().parents[3]


def settings_for(tmp_path: Path, **config: Any) -> Settings:
    return Settings(_env_file=None, altoc_data_dir=tmp_path, **config)  # type: ignore[call-arg]


class EchoProvider:
    """A test-only provider: answers every message by repeating it, and records the tools it was offered."""

    name = "echo"

    def __init__(self, model: str) -> None:
        self.model = model
        self.offered: list[list[str]] = []

    async def complete(
        self, messages: Sequence[ChatMessage], tools: Sequence[ToolSpec], on_text: TextCallback | None = None
    ) -> LlmReply:
        self.offered.append([t.name for t in tools])
        return LlmReply(f"echo: {messages[-1].text}", usage=Usage(3, 2), provider=self.name, model=self.model)


@pytest.fixture
def echo_registered() -> Iterator[list[EchoProvider]]:
    """Registers "echo" from this test module alone (no edit of any other module), and removes it after."""
    built: list[EchoProvider] = []

    @PROVIDERS.register("echo", configured=lambda s: s.altoc_llm == "echo", needs="ALTOC_LLM=echo", rank=1)
    def build_echo(settings: Settings) -> EchoProvider:
        built.append(EchoProvider(model=f"echo-{settings.llm_max_retries}"))
        return built[-1]

    yield built
    PROVIDERS.unregister("echo")


async def test_a_provider_registered_from_a_test_runs_a_whole_turn(
    db: Any, tmp_path: Path, echo_registered: list[EchoProvider]
) -> None:
    settings = settings_for(tmp_path, altoc_llm="echo")
    service = ConversationService(db, settings, provider=build_provider(settings))
    sink = await say(service, "Hello there")
    assert sink.text == "echo: Hello there"
    (echo,) = echo_registered
    assert echo.model == "echo-2" and echo.offered and "create_cv" in echo.offered[0]
    assert "echo" in PROVIDERS.names()


def test_an_unknown_provider_lists_the_registered_names(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        build_provider(settings_for(tmp_path, altoc_llm="mistral"))
    assert "ALTOC_LLM=mistral is not a known provider" in str(info.value)
    assert "auto, anthropic, openai, offline" in str(info.value)


def test_a_chosen_provider_without_its_settings_says_what_it_needs(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="ALTOC_LLM=anthropic needs ANTHROPIC_API_KEY") as info:
        build_provider(settings_for(tmp_path, altoc_llm="anthropic", openai_api_key="sk-x"))
    assert "Known providers: anthropic, openai" in str(info.value)
    with pytest.raises(ConfigurationError, match="ALTOC_LLM=openai needs OPENAI_API_KEY"):
        build_provider(settings_for(tmp_path, altoc_llm="openai"))


def test_auto_tries_the_configured_providers_by_rank_and_offline_builds_none(tmp_path: Path) -> None:
    both = {"openai_api_key": "sk-o", "anthropic_api_key": "sk-a"}
    auto = build_provider(settings_for(tmp_path, **both))
    assert auto is not None and [type(p) for p in auto.providers] == [OpenAIProvider, AnthropicProvider]
    chosen = build_provider(settings_for(tmp_path, altoc_llm="Anthropic", **both))
    assert chosen is not None and [p.name for p in chosen.providers] == ["anthropic", "openai"]
    assert build_provider(settings_for(tmp_path, altoc_llm="offline", **both)) is None
    assert build_provider(settings_for(tmp_path)) is None  # auto with nothing configured: the guided mode
    local = build_provider(settings_for(tmp_path, openai_base_url="http://127.0.0.1:1/v1"))
    assert local is not None and [p.name for p in local.providers] == ["openai"]


def test_a_name_is_registered_once(echo_registered: list[EchoProvider]) -> None:
    with pytest.raises(ValueError, match="registered twice"):
        PROVIDERS.register("echo", configured=lambda s: True, needs="-")(lambda s: EchoProvider("x"))
    with pytest.raises(ValueError, match="lower-case identifier"):
        PROVIDERS.register("offline", configured=lambda s: True, needs="-")


def test_the_registry_loads_no_sdk_until_a_provider_is_built() -> None:
    """Every provider module is imported to register it; their SDKs wait for a factory call."""
    code = (
        "import sys; from app.llm.registry import PROVIDERS; names = PROVIDERS.names(); "
        "print(names, 'openai' in sys.modules, 'anthropic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['anthropic', 'openai'] False False"
