"""The tool registry on its own: schemas from signature + docstring, argument checks, errors as results."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

import pytest

from app.errors import InvalidInput
from app.state import ConversationState
from tools.registry import ToolContext, ToolRegistry, ToolResult, _docstring_parts


class _Session:
    """Just enough of an AsyncSession for a tool that never touches the database."""

    def __init__(self) -> None:
        self.savepoints = 0

    @asynccontextmanager
    async def begin_nested(self) -> AsyncIterator[None]:
        self.savepoints += 1
        yield


def _ctx(settings: Any) -> ToolContext:
    return ToolContext(session=_Session(), user_id=uuid.uuid4(), state=ConversationState(), settings=settings)  # type: ignore[arg-type]


def test_docstring_gives_the_description_and_each_argument() -> None:
    description, params = _docstring_parts(
        """Add a job to the CV's work section.

        Longer notes for developers stay out of the description.

        Args:
            company: The employer's name,
                as the person writes it.
            start (str): YYYY-MM or YYYY.

        Returns:
            the new entry.
        """
    )
    assert description == "Add a job to the CV's work section."
    assert params == {"company": "The employer's name, as the person writes it.", "start": "YYYY-MM or YYYY."}


def test_docstring_without_args_has_no_parameters() -> None:
    assert _docstring_parts("Show the CV.") == ("Show the CV.", {})
    assert _docstring_parts("") == ("", {})


def _registry() -> ToolRegistry:
    registry = ToolRegistry()

    @registry.register
    async def set_headline(ctx: ToolContext, headline: str, tone: Literal["plain", "bold"] = "plain") -> ToolResult:
        """Set the CV's headline.

        Args:
            headline: One line under the name.
            tone: How it is set.
        """
        if headline.strip() == "":
            raise InvalidInput("The headline is empty: write a few words.")
        return ToolResult(f"Headline set ({tone}): {headline}")

    return registry


def test_the_schema_comes_from_the_signature_and_the_docstring() -> None:
    (spec,) = _registry().specs()
    assert spec.name == "set_headline"
    assert spec.description == "Set the CV's headline."
    assert spec.parameters["required"] == ["headline"]
    assert spec.parameters["additionalProperties"] is False
    properties = spec.parameters["properties"]
    assert properties["headline"]["description"] == "One line under the name."
    assert properties["tone"]["enum"] == ["plain", "bold"]
    assert properties["tone"]["default"] == "plain"


async def test_a_call_runs_in_a_savepoint_with_validated_arguments(settings: Any) -> None:
    ctx = _ctx(settings)
    result = await _registry().call(ctx, "set_headline", {"headline": "Backend engineer", "tone": "bold"})
    assert (result.ok, result.message) == (True, "Headline set (bold): Backend engineer")
    assert ctx.session.savepoints == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({}, "Invalid arguments for set_headline: headline"),
        ({"headline": "x", "tone": "loud"}, "Invalid arguments for set_headline: tone"),
        ({"headline": "x", "colour": "red"}, "Invalid arguments for set_headline: colour"),
    ],
)
async def test_bad_arguments_are_a_failed_result_not_an_exception(
    settings: Any, arguments: dict[str, Any], expected: str
) -> None:
    ctx = _ctx(settings)
    result = await _registry().call(ctx, "set_headline", arguments)
    assert not result.ok and result.message.startswith(expected)
    assert ctx.session.savepoints == 0  # type: ignore[attr-defined]


async def test_a_user_level_error_becomes_the_result_message(settings: Any) -> None:
    result = await _registry().call(_ctx(settings), "set_headline", {"headline": "  "})
    assert (result.ok, result.message) == (False, "The headline is empty: write a few words.")


async def test_an_unknown_tool_names_the_real_ones(settings: Any) -> None:
    result = await _registry().call(_ctx(settings), "set_footer", {})
    assert not result.ok
    assert result.message == "There is no tool called 'set_footer'. Available: set_headline."


def test_a_name_is_registered_once_and_consent_if_must_name_an_argument() -> None:
    registry = _registry()

    async def set_headline(ctx: ToolContext) -> ToolResult:
        """Again."""
        return ToolResult("")

    with pytest.raises(ValueError, match="registered twice"):
        registry.register(set_headline)

    async def wipe(ctx: ToolContext, everything: bool = False) -> ToolResult:
        """Wipe."""
        return ToolResult(f"wiped everything: {everything}")

    with pytest.raises(ValueError, match="consent_if names no argument 'all'"):
        registry.register(wipe, consent="Wipe?", consent_if="all")
