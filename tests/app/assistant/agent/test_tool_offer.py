"""What each model step is offered: the groups that fit the state, within the budget, and use_tools for the rest."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path
from typing import Any

import pytest

from app.assistant.conversation import ConversationService
from app.assistant.offer import TOOL_BUDGET_CHARS, choose_groups, ranked_groups
from app.events import ToolFinished, ToolStarted
from app.llm.scripted import ScriptedProvider, text_reply, tool_reply
from tests.conftest import say
from tools import REGISTRY
from tools.registry import ALWAYS, TOOL_GROUPS, ToolRegistry, ToolResult, model_schema, spec_size

FULL = json.loads((Path(__file__).parents[3] / "fixtures" / "full_resume.json").read_text())


def offered(call: Any) -> set[str]:
    return {t.name for t in call.tools}


def test_every_state_is_offered_core_and_stays_within_the_budget() -> None:
    sizes = REGISTRY.group_sizes()
    for cv_open, cv_filled, ats in product([False, True], repeat=3):
        chosen = choose_groups(sizes, ranked_groups(cv_open=cv_open, cv_filled=cv_filled, ats=ats), set())
        assert ALWAYS in chosen
        assert sum(spec_size(s) for s in REGISTRY.specs(chosen)) <= TOOL_BUDGET_CHARS, (cv_open, cv_filled, ats)
    assert "ats" in choose_groups(sizes, ranked_groups(cv_open=True, cv_filled=True, ats=True), set())
    # Every group fits beside core on its own, so use_tools can always open it within the budget.
    assert all(sizes[g] + sizes[ALWAYS] <= TOOL_BUDGET_CHARS for g in TOOL_GROUPS)


def test_every_tool_has_a_group_the_model_can_open() -> None:
    use_tools = REGISTRY.get("use_tools")
    assert use_tools is not None and use_tools.group == ALWAYS
    enum = use_tools.schema()["properties"]["groups"]["items"]["enum"]
    assert set(enum) == set(TOOL_GROUPS)
    assert {t.group for t in REGISTRY} <= set(TOOL_GROUPS)
    for group in TOOL_GROUPS:
        if group != ALWAYS:
            assert f"{group}: " in use_tools.description
    assert REGISTRY.specs([*TOOL_GROUPS]) == REGISTRY.specs()  # together the groups hold every tool, in order


def test_a_tool_names_a_known_group_and_schemas_lose_only_noise() -> None:
    registry = ToolRegistry()
    with pytest.raises(ValueError, match="unknown tool group 'misc'; groups: core, basics"):
        registry.register(group="misc")  # type: ignore[call-overload]

    @registry.register(group="edit")
    async def retitle(ctx: Any, title: str, note: str | None = None, level: int | None = 3) -> ToolResult:
        """Give the entry a title.

        Args:
            title: The new title.
            note: Why.
        """
        return ToolResult("done")

    tool = registry.get("retitle")
    assert tool is not None and tool.group == "edit"
    schema = model_schema(tool.arguments_model)
    assert schema["properties"]["title"] == {"type": "string", "description": "The new title."}  # a field named title
    assert schema["properties"]["note"] == {"type": "string", "description": "Why."}  # may be left out: no null
    assert {"type": "null"} in schema["properties"]["level"]["anyOf"]  # null differs from the default here
    assert schema["required"] == ["title"] and "title" not in schema


async def test_offers_follow_the_state_and_use_tools_opens_a_group_for_the_turn(db: Any, settings: Any) -> None:
    provider = ScriptedProvider().enqueue(
        tool_reply("import_json_resume", {"document": FULL}),
        text_reply("Imported."),
        tool_reply("use_tools", {"groups": ["accounts"]}),
        tool_reply("get_cv"),
        text_reply("Done."),
        text_reply("Anything else?"),
    )
    service = ConversationService(db, settings, provider=provider)
    await say(service, "here is my CV")
    sink = await say(service, "I want to link my Telegram chat")
    await say(service, "thanks")

    no_cv, imported, before, opened, still_opened, next_turn = (offered(c) for c in provider.calls)
    assert "import_json_resume" in no_cv and "update_entry" not in no_cv
    assert {"update_entry", "add_bullet", "update_basics", "use_tools"} <= imported  # a filled CV: editing
    assert "link_account" not in before
    assert {"link_account", "create_link_code"} <= opened and {"link_account"} <= still_opened
    assert "link_account" not in next_turn  # opened for one turn only
    finished = sink.of_type(ToolFinished)
    assert finished[0].ok and "accounts (link this chat" in finished[0].summary
    for call in provider.calls:
        names = [t.name for t in call.tools]
        assert names == [n for n in REGISTRY.names() if n in names]  # registration order: a stable prefix


async def test_a_tool_not_offered_this_step_still_runs(db: Any, settings: Any) -> None:
    provider = ScriptedProvider().enqueue(
        tool_reply("create_cv", {"name": "Ana"}), tool_reply("list_versions"), text_reply("ok")
    )
    sink = await say(ConversationService(db, settings, provider=provider), "hi")
    assert "list_versions" not in offered(provider.calls[0])
    assert [e.name for e in sink.of_type(ToolStarted)] == ["create_cv", "list_versions"]
    assert all(e.ok for e in sink.of_type(ToolFinished))


async def test_an_ats_check_brings_the_fix_tools(db: Any, settings: Any) -> None:
    provider = ScriptedProvider().enqueue(
        tool_reply("import_json_resume", {"document": FULL}),
        tool_reply("analyze_cv", {"job_text": "Backend developer. Requirements: Python, SQL, Docker."}),
        text_reply("Here is the report."),
    )
    await say(ConversationService(db, settings, provider=provider), "check my CV for this job")
    assert "apply_fixes" not in offered(provider.calls[1])
    assert {"apply_fixes", "reject_fixes"} <= offered(provider.calls[2])


async def test_a_pasted_job_ad_brings_the_ats_tools_at_once(db: Any, settings: Any) -> None:
    job_ad = (
        "Senior Backend Engineer at Ledgerly. About the role: you will design the payment services and mentor "
        "engineers. Requirements: 5+ years of Python, PostgreSQL, Kafka, Docker and AWS. Nice to have: Go. We offer "
        "a competitive salary and 30 days of holiday. Apply with your CV."
    )
    provider = ScriptedProvider().enqueue(tool_reply("import_json_resume", {"document": FULL}), text_reply("ok"))
    service = ConversationService(db, settings, provider=provider)
    await say(service, "here is my CV")
    provider.enqueue(text_reply("Shall I check your CV against it?"), text_reply("ok"))
    await say(service, job_ad)
    await say(service, "not now")
    assert "analyze_cv" in offered(provider.calls[2]) and "analyze_cv" not in offered(provider.calls[3])


async def test_groups_one_person_opens_are_not_offered_to_another_at_the_same_time(db: Any, settings: Any) -> None:
    """One service and one provider serve both turns at once; what one model opens stays in that turn."""
    import asyncio

    opened, plain_done = asyncio.Event(), asyncio.Event()
    offers: dict[str, list[set[str]]] = {"ana": [], "ben": []}

    async def reply(messages: Any, tools: Any) -> Any:
        person = "ana" if "link" in next(m.text for m in messages if m.role == "user") else "ben"
        offers[person].append({t.name for t in tools})
        steps = len(offers[person])
        if person == "ana" and steps == 1:
            return tool_reply("use_tools", {"groups": ["accounts"]})
        if person == "ana":  # the group is open in Ana's turn while Ben's turn takes its steps
            opened.set()
            await asyncio.wait_for(plain_done.wait(), 10)
        elif steps == 1:
            await asyncio.wait_for(opened.wait(), 10)
            return tool_reply("list_cvs")
        else:
            plain_done.set()
        return text_reply("ok")

    class Concurrent(ScriptedProvider):
        async def complete(self, messages: Any, tools: Any, on_text: Any = None) -> Any:
            return await reply(messages, tools)

    service = ConversationService(db, settings, provider=Concurrent())
    await asyncio.gather(say(service, "please link my accounts", user="ana"), say(service, "hello", user="ben"))
    assert "link_account" not in offers["ana"][0] and "link_account" in offers["ana"][1]
    assert len(offers["ben"]) == 2 and all("link_account" not in offer for offer in offers["ben"])
