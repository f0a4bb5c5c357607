"""ConversationService: the single entry point every channel calls with a `UserTurn`."""

from __future__ import annotations

import hmac
import json
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from app.assistant.active_turn import ActiveTurn
from app.assistant.agent import run_agent
from app.assistant.commands import (
    COMMANDS,
    Buy,
    CommandArgs,
    answer_tailoring,
    command_args,
    parse_command,
    run_ats,
    run_tailor,
)
from app.assistant.guided.interview import GuidedInterview
from app.assistant.guided.requests import Reading
from app.assistant.imported import answer_review, import_pasted_text, import_upload
from app.assistant.offer import ToolOffer
from app.ats.job import looks_like_job_ad
from app.billing.meter import UNMETERED, Metering, gate_for, metered
from app.cleantext import clean_text, clean_value
from app.config import Settings
from app.errors import AltocError, OutOfAllowance, ProviderUnavailable
from app.events import Button, EventSink, TextEvent, UserTurn
from app.imports.service import looks_like_pasted_cv
from app.llm.base import ChatMessage, Provider, ToolCall
from app.state import ConversationState
from app.uploads import extract_text_async, sniff
from db.models import AuthorKind, Conversation, Message
from db.repositories.conversations import ConversationRepository
from db.repositories.users import UserRepository
from db.session import Database
from prompts import load_prompt
from tools.registry import REGISTRY, Consent, ToolContext, ToolRegistry

log = logging.getLogger(__name__)
HISTORY_MESSAGES = 40


class ConversationService:
    """Turns a `UserTurn` into events on a sink, inside one database transaction per message."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        provider: Provider | None = None,
        registry: ToolRegistry = REGISTRY,
        stream: bool = False,
        channel_names: Mapping[str, str] | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.provider = provider
        self.registry = registry
        self.stream = stream
        self.channel_names = dict(channel_names or {})  # {channel: display name}, from the serving process
        self.interview = GuidedInterview()

    @property
    def mode(self) -> str:
        return "online" if self.provider is not None else "offline"

    async def handle(self, turn: UserTurn, sink: EventSink) -> None:
        problem = self._check_size(turn)
        if problem:
            await sink.emit(TextEvent(problem))
            return
        # NUL (which PostgreSQL refuses), escape sequences and invisible characters go before anything is kept.
        files = tuple(replace(f, name=clean_text(f.name) or "file") for f in turn.files)
        turn = replace(turn, text=clean_text(turn.text), files=files)
        gate: Metering = UNMETERED
        try:
            async with self.db.session_scope() as session:
                users = UserRepository(session)
                user = await users.get_or_create_by_identity(*turn.account, turn.display_name)
                conversations = ConversationRepository(session, user.id)
                await conversations.lock_user()
                while (joined := await users.find_by_identity(*turn.account)) is not None and joined.id != user.id:
                    # While this turn waited, /link joined this account into another: follow it.
                    user, conversations = joined, ConversationRepository(session, joined.id)
                    await conversations.lock_user()
                conversation = await conversations.get_or_create(turn.channel, turn.thread_id)
                state = ConversationState.load(conversation.state)
                gate = gate_for(self.db, self.settings, user.id, session)  # every model call of this message passes it
                ctx = ToolContext(
                    session,
                    user.id,
                    state,
                    self.settings,
                    author=AuthorKind.user,
                    emit=sink.emit,
                    provider=metered(self.provider, gate),
                    gate=gate,
                    channel=turn.channel,
                    channel_names=self.channel_names,
                    said=turn.text,
                )
                if state.cv_id is None:  # e.g. imported from the command line: open the latest CV
                    state.cv_id = await ctx.cvs.latest_id()
                current = ActiveTurn(ctx, sink, self.registry)
                history = await conversations.messages(conversation, HISTORY_MESSAGES)
                await conversations.add_message(conversation, "user", _describe_turn(turn))
                stored = await self._dispatch(current, turn, history, conversations, conversation)
                if current.said and not stored:
                    await conversations.add_message(conversation, "assistant", "\n\n".join(current.said))
                conversations.touch(conversation, state.dump())
                await gate.settle(session)  # the model calls' usage, committed with the turn
        except AltocError as exc:  # e.g. the database refused: nothing of this turn was kept
            await sink.emit(TextEvent(exc.message))
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("turn failed (error id %s)", error_id)
            await sink.emit(
                TextEvent(
                    f"Something went wrong on our side (error {error_id}). Nothing was changed; please try again."
                )
            )
        finally:
            await gate.flush()  # a failed turn's model calls are paid for too

    def _check_size(self, turn: UserTurn) -> str | None:
        limit = self.settings.max_message_chars
        if len(turn.text) > limit:
            return (
                f"That message is {len(turn.text):,} characters long; the limit is {limit:,}. "
                "Send it in parts, or upload it as a file."
            )
        return None

    async def _dispatch(
        self,
        turn: ActiveTurn,
        user_turn: UserTurn,
        history: Sequence[Message],
        repo: ConversationRepository,
        conversation: Conversation,
    ) -> bool:
        """Route the turn. Returns True when the assistant's messages were already stored."""
        session = turn.ctx.session
        try:
            async with session.begin_nested():
                if user_turn.button is not None:
                    await self._press(turn, user_turn)
                    return False
                if user_turn.files:
                    await self._files(turn, user_turn)
                    return False
                parsed = parse_command(user_turn.text)
                if parsed is not None:
                    await self._command(turn, command_args(parsed))
                    return False
                if not user_turn.text.strip():
                    await turn.say("I did not get any text. Write a message, or /help to see what I can do.")
                    return False
                if await answer_review(turn, user_turn.text, model=self.provider is not None):
                    return False
                if await answer_tailoring(turn, user_turn.text):
                    return False
                if await self._pasted_cv(turn, user_turn.text):
                    return False
                if await self._job_ad(turn, user_turn.text):
                    return False
                # Offline, or a guided interview the person chose (/continue) even with a model.
                if self.provider is None or turn.ctx.state.interview.step is not None:
                    await self.interview.handle(turn, user_turn.text)
                    return False
        except AltocError as exc:
            await turn.say(exc.message)
            return False
        return await self._agent_turn(turn, user_turn, history, repo, conversation)

    async def _files(self, turn: ActiveTurn, user_turn: UserTurn) -> None:
        """Each file is sniffed from its content: a job ad (with a CV open) is checked, anything else imported."""
        for incoming in user_turn.files:
            try:
                file = sniff(incoming.name, incoming.data, self.settings.max_upload_bytes)
                state = turn.ctx.state
                if file.kind not in ("linkedin", "json") and state.cv_id is not None:
                    text = await extract_text_async(file, self.settings)
                    # A job ad asked for, or one that does not read as a CV (a CV can say "requirements" too).
                    if state.awaiting == "tailor_job":
                        await run_tailor(turn, text, source=file.name)
                        continue
                    if state.awaiting == "job_ad" or (looks_like_job_ad(text) and not looks_like_pasted_cv(text)):
                        await run_ats(turn, text, file.name)
                        continue
                await import_upload(turn, file, refine=self.provider is not None)
            except AltocError as exc:
                await turn.say(exc.message)

    async def _pasted_cv(self, turn: ActiveTurn, text: str) -> bool:
        """A message that is plainly a CV is imported from the person's own words (with a model configured, the
        reading is refined and checked against them); a less plain one is the model's call (`import_cv`)."""
        if turn.ctx.state.awaiting in ("job_ad", "tailor_job") or not looks_like_pasted_cv(text):
            return False
        await import_pasted_text(turn, text)
        return True

    async def _press(self, turn: ActiveTurn, user_turn: UserTurn) -> None:
        """A button's typed action: a command with its arguments, or the answer to a consent question."""
        action = user_turn.button
        if isinstance(action, Consent):
            await self._consent(turn, action.confirm, action.nonce)
        elif isinstance(action, CommandArgs) and action.kind in COMMANDS:
            await self._command(turn, action)
        elif isinstance(action, Reading):
            await self.interview.reading(turn, action)
        else:
            await turn.say("That button is no longer available. /help lists what I can do.")

    async def _consent(self, turn: ActiveTurn, confirmed: bool, nonce: str) -> None:
        """The person's answer to a question a consent tool asked (tools/registry.py): run it, or drop it.

        Only the nonce of this conversation's pending action counts; anything else (an older question,
        another chat's button, a forged press) changes nothing.
        """
        state = turn.ctx.state
        pending = state.pending
        if pending is None or not hmac.compare_digest(nonce.encode(), pending.nonce.encode()):
            await turn.say("That question is no longer open, so nothing was done.")
            return
        state.pending = None
        if pending.expires_at < datetime.now(UTC):
            await turn.say("That question has expired, so nothing was done. Ask again if you still want it.")
            return
        if not confirmed:
            await turn.say("Cancelled: nothing was done.")
            return
        result = await turn.tool(pending.tool, **pending.arguments)
        await turn.say(result.message, secret=result.secret)

    async def _command(self, turn: ActiveTurn, args: CommandArgs) -> None:
        """Run a command, typed or pressed; the guided interview's own go to the interview."""
        handler = COMMANDS[args.kind].handler
        if args.kind == "skip" and await answer_review(turn, "skip", model=self.provider is not None):
            return  # an import's open question: kept as it is
        if args.kind in ("skip", "cancel") and await answer_tailoring(turn, args.kind):
            return  # a tailoring question: nothing added
        if handler is None:
            await self.interview.command(turn, args.kind, offline=self.provider is None)
        else:
            await handler(turn, args)

    async def _job_ad(self, turn: ActiveTurn, text: str, source: str | None = None) -> bool:
        """A job ad the person was asked for (after /ats), or one pasted unasked in the guided mode."""
        state = turn.ctx.state
        if state.awaiting == "tailor_job" and state.cv_id is not None:
            await run_tailor(turn, text, source=source)
            return True
        asked = state.awaiting == "job_ad"
        unasked = self.provider is None and state.interview.step is None and looks_like_job_ad(text)
        if not (asked or unasked) or state.cv_id is None:
            return False
        await run_ats(turn, text, source)
        return True

    async def _agent_turn(
        self,
        turn: ActiveTurn,
        user_turn: UserTurn,
        history: Sequence[Message],
        repo: ConversationRepository,
        conversation: Conversation,
    ) -> bool:
        provider = turn.ctx.provider
        assert provider is not None
        # The model's tool calls are the assistant's: a copy of the turn's context says so (the person's own
        # commands and buttons keep theirs; consent tools only ask when the assistant calls them).
        model_ctx = replace(turn.ctx, author=AuthorKind.assistant, opened=set())
        offer = ToolOffer(self.registry, job_ad=looks_like_job_ad(user_turn.text))
        # The stable prompt first and apart, so providers cache it; the open CV follows in its own message.
        messages = [
            ChatMessage("system", load_prompt("system")),
            ChatMessage("system", await self._context(turn, offer)),
        ]
        messages += _history_messages(history)
        messages.append(ChatMessage("user", user_turn.text))
        try:
            async with turn.ctx.session.begin_nested():
                run = await run_agent(
                    provider,
                    self.registry,
                    model_ctx,
                    messages,
                    turn.sink,
                    max_steps=self.settings.agent_max_steps,
                    stream=self.stream,
                    prepare=offer,
                )
        except OutOfAllowance as exc:
            month = f"{datetime.now(UTC):%Y-%m}"
            if turn.ctx.state.allowance_told != month:  # said once a month; the guided mode answers every time
                turn.ctx.state.allowance_told = month
                await turn.say(exc.message)
                await turn.buttons(Button("See plans and credits", Buy()))
            await self.interview.handle(turn, user_turn.text)
            return False
        except ProviderUnavailable as exc:
            await turn.say(exc.message)
            await self.interview.handle(turn, user_turn.text)
            return False
        for message, reply in run.messages:
            fields: dict[str, Any] = {}
            if message.tool_calls:  # the model's arguments may hold a NUL, which JSONB refuses
                fields["tool_calls"] = clean_value(
                    [{"id": c.id, "name": c.name, "arguments": c.arguments} for c in message.tool_calls], lenient=True
                )
            if message.tool_call_id:
                fields["tool_call_id"] = message.tool_call_id
            if reply is not None:
                fields.update(
                    provider=reply.provider,
                    model=reply.model,
                    input_tokens=reply.usage.input_tokens,
                    output_tokens=reply.usage.output_tokens,
                )
            await repo.add_message(conversation, message.role, clean_text(message.text), **fields)
        return True

    async def _context(self, turn: ActiveTurn, offer: ToolOffer) -> str:
        """The part of the system prompt that changes: the open CV (which the tool offer also reads)."""
        if turn.ctx.state.cv_id is not None:
            try:
                state = await turn.ctx.cvs.load(turn.ctx.state.cv_id)
            except AltocError:
                turn.ctx.state.cv_id = None
            else:
                resume = state.resume.to_json()
                offer.know(state.id, resume)
                context = load_prompt("cv_context").format(
                    version=state.version.number,
                    cv_id=state.short_id,
                    cv_text=json.dumps(resume, ensure_ascii=False),
                )
                if state.cv.base_cv_id is not None:
                    context += f"\nIt is a variant of CV {str(state.cv.base_cv_id)[:8]}, made for one job."
                return context
        return load_prompt("no_cv_context")


def _describe_turn(turn: UserTurn) -> str:
    parts = [turn.text] if turn.text else []
    if isinstance(turn.button, Consent):  # its nonce stays out of what the model reads
        parts.append(f"[pressed {'confirm' if turn.button.confirm else 'cancel'}]")
    elif isinstance(turn.button, CommandArgs):
        parts.append(f"[pressed {turn.button.as_text()}]")
    elif turn.button is not None:
        parts.append(f"[pressed {turn.button.kind} {json.dumps(turn.button.arguments(), ensure_ascii=False)}]")
    parts += [f"[sent file {f.name}]" for f in turn.files]
    return "\n".join(parts)


def _history_messages(rows: Sequence[Message]) -> list[ChatMessage]:
    """Stored messages as model input; starts at a user message so no tool result lacks its call."""
    messages: list[ChatMessage] = []
    for row in rows:
        if row.role == "tool":
            messages.append(ChatMessage("tool", row.text, tool_call_id=row.tool_call_id))
        elif row.role == "assistant":
            calls = tuple(ToolCall(c["id"], c["name"], c.get("arguments", {})) for c in row.tool_calls or [])
            messages.append(ChatMessage("assistant", row.text, tool_calls=calls))
        elif row.role == "user":
            messages.append(ChatMessage("user", row.text))
    while messages and messages[0].role != "user":
        messages.pop(0)
    return messages
