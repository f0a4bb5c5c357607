"""The one tool registry: a tool is a typed async function; its schema comes from signature + docstring."""

from __future__ import annotations

import inspect
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, ValidationError, create_model
from pydantic.fields import FieldInfo
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.cv.errors import humanize
from app.cv.service import CvService
from app.errors import AltocError, NotFound
from app.events import AgentEvent, FileEvent
from app.llm.base import Provider, ToolSpec
from app.state import ConversationState
from db.models import AuthorKind


@dataclass
class ToolContext:
    """What a tool may use. The user comes from the channel, never from the model."""

    session: AsyncSession
    user_id: uuid.UUID
    state: ConversationState
    settings: Settings
    author: AuthorKind = AuthorKind.assistant
    emit: Callable[[AgentEvent], Awaitable[None]] | None = None
    provider: Provider | None = None  # the language model, for tools that offer model-written text
    channel: str = "cli"  # where the turn came from ("web", "telegram", ...): linking codes name it

    @property
    def cvs(self) -> CvService:
        return CvService(self.session, self.user_id)

    def current_cv_id(self) -> uuid.UUID:
        if self.state.cv_id is None:
            raise NotFound("There is no CV in this conversation yet. Create one first (create_cv or /new).")
        return self.state.cv_id


@dataclass
class ToolResult:
    """`message` is one readable sentence for the model and the person; `data` is structured detail."""

    message: str
    data: Any = None
    files: list[FileEvent] = field(default_factory=list)
    ok: bool = True

    def for_model(self) -> str:
        payload: dict[str, Any] = {"ok": self.ok, "message": self.message}
        if self.data is not None:
            payload["data"] = self.data
        return json.dumps(payload, ensure_ascii=False, default=str)


ToolFunction = Callable[..., Awaitable[ToolResult]]


def _docstring_parts(doc: str) -> tuple[str, dict[str, str]]:
    """Google style: the text before `Args:` describes the tool; `name: text` lines describe params."""
    doc = inspect.cleandoc(doc)
    head, _, rest = doc.partition("\nArgs:\n")
    params: dict[str, str] = {}
    current: str | None = None
    for line in rest.splitlines():
        match = re.match(r"^\s{2,8}(\w+)(?: \(.*?\))?:\s*(.*)$", line)
        if match:
            current = match.group(1)
            params[current] = match.group(2).strip()
        elif current and line.strip() and not re.match(r"^\S", line):
            params[current] += " " + line.strip()
        elif re.match(r"^\S", line):
            current = None
    return " ".join(head.split("\n\n")[0].split()) if head else "", params


@dataclass
class Tool:
    name: str
    description: str
    function: ToolFunction
    arguments_model: type[BaseModel]

    def schema(self) -> dict[str, Any]:
        schema = self.arguments_model.model_json_schema()
        schema.pop("title", None)
        return schema

    def spec(self) -> ToolSpec:
        return ToolSpec(self.name, self.description, self.schema())

    async def call(self, ctx: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        """Validate the arguments, run the tool in a savepoint, and turn user-level errors into results."""
        try:
            parsed = self.arguments_model.model_validate(arguments)
        except ValidationError as exc:
            problems = "; ".join(humanize(exc))
            return ToolResult(f"Invalid arguments for {self.name}: {problems}", ok=False)
        kwargs = {name: getattr(parsed, name) for name in self.arguments_model.model_fields}
        try:
            async with ctx.session.begin_nested():
                return await self.function(ctx, **kwargs)
        except AltocError as exc:
            return ToolResult(exc.message, ok=False)


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}
        self._specs: list[ToolSpec] | None = None

    def register(self, function: ToolFunction) -> ToolFunction:
        name = function.__name__
        if name in self._tools:
            raise ValueError(f"tool {name} registered twice")
        description, param_docs = _docstring_parts(function.__doc__ or "")
        hints = get_type_hints(function)
        fields: dict[str, Any] = {}
        for param in list(inspect.signature(function).parameters.values())[1:]:  # skip ctx
            default = ... if param.default is inspect.Parameter.empty else param.default
            fields[param.name] = (
                hints[param.name],
                FieldInfo(default=default, description=param_docs.get(param.name)),
            )
        model = create_model(  # type: ignore[call-overload]
            f"{name}_arguments", __config__=ConfigDict(extra="forbid"), **fields
        )
        self._tools[name] = Tool(name, description, function, model)
        self._specs = None
        return function

    def specs(self) -> list[ToolSpec]:
        """What the model is told about every tool (JSON schemas are built once per process)."""
        if self._specs is None:
            self._specs = [t.spec() for t in self._tools.values()]
        return self._specs

    def get(self, name: str) -> Tool | None:
        return self._tools.get(name)

    def names(self) -> list[str]:
        return list(self._tools)

    def __iter__(self) -> Any:
        return iter(self._tools.values())

    async def call(self, ctx: ToolContext, name: str, arguments: dict[str, Any]) -> ToolResult:
        tool = self._tools.get(name)
        if tool is None:
            return ToolResult(f"There is no tool called '{name}'. Available: {', '.join(self._tools)}.", ok=False)
        return await tool.call(ctx, arguments)


REGISTRY = ToolRegistry()
tool = REGISTRY.register
