"""Structured extraction through instructor against the fake servers, including one re-ask."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, field_validator

from app.config import Settings
from app.errors import ProviderUnavailable
from app.llm.extract import StructuredExtractor
from tests.fakes import anthropic_server as ant
from tests.fakes import openai_server as oai


class JobFacts(BaseModel):
    """What a job ad asks for."""

    title: str
    years: int

    @field_validator("years")
    @classmethod
    def _not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError("years cannot be negative")
        return value


def settings_for(tmp_path: Any, **values: Any) -> Settings:
    return Settings(_env_file=None, altoc_data_dir=tmp_path, **values)  # type: ignore[call-arg]


def test_offline_has_no_extractor(tmp_path: Any) -> None:
    assert StructuredExtractor.from_settings(settings_for(tmp_path, altoc_llm="offline")) is None


async def test_openai_extraction_with_one_reask(fake_openai: Any, tmp_path: Any) -> None:
    fake_openai.enqueue(
        oai.tool_call("JobFacts", {"title": "Backend Engineer", "years": -3}),
        oai.tool_call("JobFacts", {"title": "Backend Engineer", "years": 5}),
    )
    extractor = StructuredExtractor.from_settings(
        settings_for(tmp_path, openai_api_key="sk-x", openai_base_url=fake_openai.base_url)
    )
    assert extractor is not None
    facts = await extractor.extract(JobFacts, "Read the job ad.", "Backend Engineer, 5+ years")
    assert facts.model_dump() == {"title": "Backend Engineer", "years": 5}
    first, second = fake_openai.bodies()
    assert first["tool_choice"]["function"]["name"] == "JobFacts"
    assert first["messages"][0] == {"role": "system", "content": "Read the job ad."}
    assert "years cannot be negative" in str(second["messages"])  # the re-ask tells the model what was wrong


async def test_anthropic_extraction(fake_anthropic: Any, tmp_path: Any) -> None:
    fake_anthropic.enqueue(ant.tool_use("JobFacts", {"title": "Nurse", "years": 2}))
    extractor = StructuredExtractor.from_settings(
        settings_for(tmp_path, anthropic_api_key="sk-ant-x", anthropic_base_url=fake_anthropic.url)
    )
    assert extractor is not None and extractor.kind == "anthropic"
    facts = await extractor.extract(JobFacts, "Read the job ad.", "Nurse, 2 years")
    assert facts.model_dump() == {"title": "Nurse", "years": 2}
    sent = fake_anthropic.bodies()[0]
    assert sent["system"] == "Read the job ad." and sent["tool_choice"]["name"] == "JobFacts"


async def test_extraction_failure_is_a_clear_error(fake_openai: Any, tmp_path: Any) -> None:
    fake_openai.enqueue(oai.error(401, "Incorrect API key provided: sk-x"))
    extractor = StructuredExtractor.from_settings(
        settings_for(tmp_path, openai_api_key="sk-secret-key-123", openai_base_url=fake_openai.base_url)
    )
    assert extractor is not None
    with pytest.raises(ProviderUnavailable, match="could not read that text") as info:
        await extractor.extract(JobFacts, "Read the job ad.", "x")
    assert "sk-secret-key-123" not in info.value.message
