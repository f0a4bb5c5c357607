"""The one tool registry: a tool is a typed async function; its schema comes from signature + docstring."""

from __future__ import annotations

import inspect
import json
import re
import secrets
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args, get_type_hints, overload

from pydantic import BaseModel, ConfigDict, ValidationError, create_model
from pydantic.fields import FieldInfo
from sqlalchemy.ext.asyncio import AsyncSession

from app.config import Settings
from app.cv.errors import humanize
from app.cv.service import CvService
from app.errors import AltocError, NotFound
from app.events import Action, AgentEvent, Button, ButtonsEvent, FileEvent
from app.llm.base import Gate, Provider, ToolSpec
from app.state import ConversationState, PendingAction
from db.models import AuthorKind

# Tools come in groups; each model step is offered the groups that fit the conversation's state
# (app/assistant/offer.py), and `use_tools` (tools/group_tools.py) opens any other for the rest of the turn.
ToolGroup = Literal[
    "core", "basics", "entries", "more_sections", "edit", "versions", "files", "ats", "tailor", "accounts"
]
TOOL_GROUPS: dict[ToolGroup, str] = {
    "core": "open, list, create and read CVs; undo (always offered)",
    "basics": "name, contact details, profiles and summary",
    "entries": "add jobs, education, skills, languages, projects",
    "more_sections": "add volunteering, awards, certificates, publications, interests, references",
    "edit": "change, remove, reorder entries and add achievement bullets",
    "versions": "list, compare and restore versions",
    "files": "export the CV (PDF, DOCX, JSON) and import a JSON Resume",
    "ats": "check the CV against a job ad and apply or reject the suggested fixes",
    "tailor": "tailor a variant of the CV to a job, fit it to a page budget, write and export the cover letter",
    "accounts": "link this chat with the person's account on another channel; their plan, usage and purchases",
}
assert set(TOOL_GROUPS) == set(get_args(ToolGroup))
ALWAYS: ToolGroup = "core"


@dataclass
class ToolContext:
    """What a tool may use. The user comes from the channel, never from the model."""

    session: AsyncSession
    user_id: uuid.UUID
    state: ConversationState
    settings: Settings
    author: AuthorKind = AuthorKind.assistant
    emit: Callable[[AgentEvent], Awaitable[None]] | None = None
    provider: Provider | None = None  # the language model, for tools that offer model-written text (metered)
    gate: Gate | None = None  # the person's model allowance, for model calls made without `provider` (imports)
    channel: str = "cli"  # where the turn came from ("web", "telegram", ...): linking codes name it
    opened: set[ToolGroup] = field(default_factory=set)  # groups the model opened with use_tools, for this turn
    # The chats people can use, {channel: display name} ({"web": "web chat", ...}): set by the process that
    # runs the channels (app/ knows none of them by name).
    channel_names: Mapping[str, str] = field(default_factory=dict)
    said: str = ""  # what the person wrote this turn: the source a model's text is checked against (import_cv)

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
    secret: str | None = None  # shown to the person, never to the model nor kept in its history (a link code)

    def for_model(self) -> str:
        payload: dict[str, Any] = {"ok": self.ok, "message": self.message}
        if self.data is not None:
            payload["data"] = self.data
        return hide_secret(json.dumps(payload, ensure_ascii=False, default=str), self.secret)


def hide_secret(text: str, secret: str | None) -> str:
    return text.replace(secret, "[shown to the person only]") if secret else text


class Consent(Action):
    """The person's answer (Confirm or Cancel) to what a tool with `consent=` asked; `nonce` names the question.

    Such a tool runs only after this press (or the person's typed command), never on the model's word.
    """

    kind = "consent"
    confirm: bool
    nonce: str


PENDING_LIFETIME = timedelta(minutes=15)


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


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema the model reads, without what costs tokens and tells it nothing: pydantic's
    titles (the field names again), and `anyOf [X, null]` with `default: null` on optional fields
    (leaving the field out means the same; the arguments model still accepts null)."""

    def compact(node: Any, *, named: bool = False) -> Any:
        if isinstance(node, list):
            return [compact(item) for item in node]
        if not isinstance(node, dict):
            return node
        if named:  # `properties` / `$defs`: the keys are names, not schema keywords
            return {name: compact(value) for name, value in node.items()}
        out = {k: compact(v, named=k in ("properties", "$defs")) for k, v in node.items() if k != "title"}
        options = out.get("anyOf")
        if "default" in out and out["default"] is None and isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            if len(rest) == 1 and isinstance(rest[0], dict):
                merged = {**rest[0], **{k: v for k, v in out.items() if k not in ("anyOf", "default")}}
                if "description" in rest[0] and "description" in out and rest[0] != out:
                    merged["description"] = f"{out['description']} ({rest[0]['description']})"
                return merged
        return out

    return compact(model.model_json_schema())  # type: ignore[no-any-return]


@dataclass
class Tool:
    name: str
    description: str
    function: ToolFunction
    arguments_model: type[BaseModel]
    # Set for tools a person must agree to (linking accounts, anything irreversible or touching another
    # account): the question put to them, with `{argument}` fields. Called by the model, such a tool does
    # nothing but ask; it runs on the person's Confirm press (app/assistant/conversation.py) or their typed command.
    consent: str | None = None
    consent_if: str | None = None  # a boolean argument: consent only when the call sets it (None: always)
    group: ToolGroup = ALWAYS

    def schema(self) -> dict[str, Any]:
        return model_schema(self.arguments_model)

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
        if self.needs_consent(kwargs) and ctx.author is AuthorKind.assistant:
            return await self._ask_consent(ctx, parsed.model_dump(mode="json"))
        try:
            async with ctx.session.begin_nested():
                return await self.function(ctx, **kwargs)
        except AltocError as exc:
            return ToolResult(exc.message, ok=False)

    def needs_consent(self, arguments: dict[str, Any]) -> bool:
        return self.consent is not None and (self.consent_if is None or bool(arguments.get(self.consent_if)))

    async def _ask_consent(self, ctx: ToolContext, arguments: dict[str, Any]) -> ToolResult:
        """Keep the call as the conversation's one pending action and ask the person; nothing runs now.

        The nonce in the buttons is random and kept only in the conversation's state: a press from
        another conversation, an older question or a replaced one matches nothing.
        """
        assert self.consent is not None
        if ctx.emit is None:
            return ToolResult(f"{self.name} needs the person's own confirmation, which cannot be asked here.", ok=False)
        nonce = secrets.token_urlsafe(8)
        ctx.state.pending = PendingAction(
            tool=self.name, arguments=arguments, nonce=nonce, expires_at=datetime.now(UTC) + PENDING_LIFETIME
        )
        question = self.consent.format(**{name: _shown(value) for name, value in arguments.items()})
        answers = (
            Button("Confirm", Consent(confirm=True, nonce=nonce)),
            Button("Cancel", Consent(confirm=False, nonce=nonce)),
        )
        await ctx.emit(ButtonsEvent(answers, text=question))
        return ToolResult(
            f"Nothing was done yet: {self.name} waits for the person to press Confirm (or Cancel) under the question "
            "they were shown. Tell them briefly; do not call it again.",
            data={"status": "awaiting_confirmation"},
        )


def _shown(value: Any) -> str:
    """An argument as the person reads it in a question: one short quoted line (the model chose it)."""
    text = " ".join(str(value).split())
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


class ToolRegistry:
    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}
        self._specs: dict[frozenset[ToolGroup] | None, list[ToolSpec]] = {}
        self._sizes: dict[ToolGroup, int] | None = None

    @overload
    def register(
        self,
        function: ToolFunction,
        *,
        consent: str | None = None,
        consent_if: str | None = None,
        group: ToolGroup = ALWAYS,
    ) -> ToolFunction: ...

    @overload
    def register(
        self,
        function: None = None,
        *,
        consent: str | None = None,
        consent_if: str | None = None,
        group: ToolGroup = ALWAYS,
    ) -> Callable[[ToolFunction], ToolFunction]: ...

    def register(
        self,
        function: ToolFunction | None = None,
        *,
        consent: str | None = None,
        consent_if: str | None = None,
        group: ToolGroup = ALWAYS,
    ) -> ToolFunction | Callable[[ToolFunction], ToolFunction]:
        """`@tool(group="edit")`, or `@tool(consent="Question with {argument}?")` for a tool the person must
        agree to (`consent_if="flag"`: only when the call sets that boolean argument). `group` (see
        TOOL_GROUPS) decides in which conversation states the model is offered the tool."""
        if group not in TOOL_GROUPS:
            raise ValueError(f"unknown tool group {group!r}; groups: {', '.join(TOOL_GROUPS)}")
        if function is None:
            return lambda f: self.register(f, consent=consent, consent_if=consent_if, group=group)
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
        if consent_if is not None and consent_if not in fields:
            raise ValueError(f"tool {name}: consent_if names no argument {consent_if!r}")
        self._tools[name] = Tool(name, description, function, model, consent, consent_if, group)
        self._specs, self._sizes = {}, None
        return function

    def specs(self, groups: Collection[ToolGroup] | None = None) -> list[ToolSpec]:
        """What the model is told about the tools of `groups` (all when None), always in registration order
        so that a prompt's tool list is a stable prefix. Built once per process and set of groups."""
        key = None if groups is None else frozenset(groups)
        if key not in self._specs:
            self._specs[key] = [t.spec() for t in self._tools.values() if key is None or t.group in key]
        return self._specs[key]

    def group_sizes(self) -> dict[ToolGroup, int]:
        """Characters of each group's tool descriptions and schemas (JSON), what its offer costs a prompt."""
        if self._sizes is None:
            sizes: dict[ToolGroup, int] = dict.fromkeys(TOOL_GROUPS, 0)
            for spec in self.specs():
                sizes[self._tools[spec.name].group] += spec_size(spec)
            self._sizes = sizes
        return self._sizes

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


def spec_size(spec: ToolSpec) -> int:
    return len(json.dumps({"name": spec.name, "description": spec.description, "parameters": spec.parameters}))


REGISTRY = ToolRegistry()
tool = REGISTRY.register
