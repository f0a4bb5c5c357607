"""What each model step sends: tool-schema characters and estimated tokens, per step and per turn.

Representative turns (create a CV, edit it, an ATS check, linking an account) run through the real
ConversationService and the real OpenAI and Anthropic SDKs against the fake servers of tests/fakes;
the figures are read from the requests the SDKs sent (the fake servers' request log).
Tokens are estimated as characters / 4 (no tokenizer is installed); characters are those of the
request's `tools` (or whole body) as JSON with Python's default separators.
Run: .venv/bin/python bench/prompt_tokens.py
"""

from __future__ import annotations

import asyncio
import json
import logging
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.assistant.runtime import Runtime  # noqa: E402
from app.config import Settings  # noqa: E402
from app.events import CollectingSink, UserTurn  # noqa: E402
from app.llm.anthropic_provider import tools_for_anthropic  # noqa: E402
from app.llm.openai_provider import to_openai_tools  # noqa: E402
from tests.fakes import anthropic_server as ant  # noqa: E402
from tests.fakes import openai_server as oai  # noqa: E402
from tests.fakes.http import FakeServer, Reply  # noqa: E402
from tools import REGISTRY  # noqa: E402

JOB_AD = (
    "Senior Backend Engineer at Ledgerly (Berlin or remote). About the role: you will design and run the payment "
    "services that move our customers' money, and mentor engineers. Requirements: 5+ years of Python, PostgreSQL, "
    "Kafka, Docker and AWS; experience with high-volume APIs. Nice to have: Go, Kubernetes. We offer a competitive "
    "salary, 30 days of holiday and a learning budget. Apply with your CV."
)
Step = tuple[str, dict[str, Any]] | str  # a tool call, or the model's final text
TURNS: list[tuple[str, str, list[Step]]] = [
    (
        "create a CV",
        "I'm Maria Kowalska, backend engineer; 4 years at PayFlow as staff engineer, before that SearchWorks.",
        [
            ("create_cv", {"name": "Maria Kowalska", "label": "Backend Engineer"}),
            ("add_work_entry", {"entry": {"name": "PayFlow", "position": "Staff Engineer", "startDate": "2021-03"}}),
            ("add_work_entry", {"entry": {"name": "SearchWorks", "startDate": "2017", "endDate": "2021"}}),
            ("add_skills", {"skills": ["Python", "Go", "PostgreSQL", "Kafka"]}),
            "Added two jobs and four skills. What did you achieve at PayFlow?",
        ],
    ),
    (
        "edit",
        "At PayFlow I cut payment latency by 40%. And I was Principal Engineer there, not staff.",
        [
            ("add_bullet", {"index": 0, "text": "Cut payment latency by 40%"}),
            ("update_entry", {"section": "work", "index": 0, "changes": {"position": "Principal Engineer"}}),
            "Done: the bullet is added and the title is Principal Engineer.",
        ],
    ),
    (
        "ATS check",
        f"How does my CV do against this job? {JOB_AD}",
        [("analyze_cv", {"job_text": JOB_AD}), "Your CV scores well; Docker and AWS are missing."],
    ),
    (
        "link account",
        "I want to use this CV from my Telegram chat too.",
        [("use_tools", {"groups": ["accounts"]}), ("create_link_code", {}), "Press Confirm and I'll make a code."],
    ),
]


def chars(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False))


async def run(provider: str, data_dir: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """The bodies the SDK sent, per turn."""
    fake: FakeServer
    if provider == "openai":
        fake = oai.FakeOpenAI().start()
        config: dict[str, Any] = {"openai_api_key": "sk-bench-key", "openai_base_url": fake.url + "/v1"}
        reply_for: Callable[[Step], Reply] = lambda s: oai.text(s) if isinstance(s, str) else oai.tool_call(*s)  # noqa: E731
    else:
        fake = ant.FakeAnthropic().start()
        config = {"anthropic_api_key": "sk-ant-bench-key", "anthropic_base_url": fake.url}
        reply_for = lambda s: ant.text(s) if isinstance(s, str) else ant.tool_use(*s)  # noqa: E731
    settings = Settings(_env_file=None, altoc_data_dir=data_dir, altoc_llm=provider, **config)  # type: ignore[call-arg]
    runtime = Runtime.start(settings)
    turns = []
    try:
        for name, text, steps in TURNS:
            before = len(fake.requests)
            fake.enqueue(*(reply_for(s) for s in steps))
            sink = CollectingSink()
            await runtime.service.handle(UserTurn(channel="cli", external_user_id="bench", text=text), sink)
            assert not fake.queue, f"{provider} {name}: the turn stopped early: {sink.text}"
            turns.append((name, [r.json for r in fake.requests[before:]]))
    finally:
        await runtime.close()
        fake.stop()
    return turns


def report(provider: str, turns: list[tuple[str, list[dict[str, Any]]]]) -> None:
    every = to_openai_tools(REGISTRY.specs()) if provider == "openai" else tools_for_anthropic(REGISTRY.specs())
    print(f"\n{provider}: all {len(REGISTRY.names())} tools = {chars(every):,} chars ≈ {chars(every) // 4:,} tokens")
    print(f"  {'turn':<14} {'step':>4} {'tools':>6} {'schema chars':>13} {'≈ tokens':>9} {'request ≈ tokens':>17}")
    per_step: list[int] = []
    for name, bodies in turns:
        turn_tokens = 0
        for i, body in enumerate(bodies, 1):
            schema = chars(body.get("tools", []))
            request = chars(body) // 4
            per_step.append(schema)
            turn_tokens += request
            print(f"  {name:<14} {i:>4} {len(body.get('tools', [])):>6} {schema:>13,} {schema // 4:>9,} {request:>17,}")
        print(f"  {name:<14} turn input ≈ {turn_tokens:,} tokens over {len(bodies)} steps")
    median = statistics.median(per_step)
    print(
        f"  tool schemas per step: median {median:,.0f} chars ≈ {median / 4:,.0f} tokens, "
        f"max {max(per_step):,} chars ≈ {max(per_step) // 4:,} tokens"
    )


def main() -> None:
    logging.disable(logging.INFO)  # the agent's per-turn token line and the database's start-up chatter
    for provider in ("openai", "anthropic"):
        with tempfile.TemporaryDirectory(prefix="altoc-bench-") as tmp:
            report(provider, asyncio.run(run(provider, Path(tmp))))


if __name__ == "__main__":
    main()
