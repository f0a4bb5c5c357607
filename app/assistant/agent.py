"""The tool loop: ask the model, run every tool call of the step, feed results back, until it answers."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from app.events import EventSink, TextEvent, ToolFinished, ToolStarted
from app.llm.base import ChatMessage, LlmReply, Provider, ToolSpec, Usage
from db.session import is_connection_error
from tools.registry import ToolContext, ToolRegistry, ToolResult

log = logging.getLogger(__name__)
Prepare = Callable[[ToolContext], Awaitable[list[ToolSpec]]]


@dataclass
class AgentRun:
    """What one turn added to the conversation, for storage: assistant and tool messages in order."""

    messages: list[tuple[ChatMessage, LlmReply | None]] = field(default_factory=list)
    steps: int = 0

    @property
    def usage(self) -> Usage:
        replies = [r for _, r in self.messages if r is not None]
        return Usage(
            sum(r.usage.input_tokens for r in replies),
            sum(r.usage.output_tokens for r in replies),
            sum(r.usage.cached_input_tokens for r in replies),
        )

    @property
    def input_tokens_per_step(self) -> list[int]:
        return [r.usage.input_tokens for _, r in self.messages if r is not None]


async def run_agent(
    provider: Provider,
    registry: ToolRegistry,
    ctx: ToolContext,
    messages: Sequence[ChatMessage],
    sink: EventSink,
    *,
    max_steps: int,
    stream: bool = False,
    prepare: Prepare | None = None,
) -> AgentRun:
    """Run until the model replies without tool calls or `max_steps` model calls were made.

    `prepare(ctx)` picks the tools each step is offered (all when None); the model may still call any
    registered tool. Tool errors (bad arguments, invalid dates, unknown tools) go back to the model as
    results so it can correct itself or ask the person; they never end the turn.
    """
    history = list(messages)
    run = AgentRun()
    while run.steps < max_steps:
        run.steps += 1
        specs = await prepare(ctx) if prepare is not None else registry.specs()
        streamed = False

        async def on_text(delta: str) -> None:
            nonlocal streamed
            await sink.emit(TextEvent(delta, delta=streamed))
            streamed = True

        reply = await provider.complete(history, specs, on_text if stream else None)
        assistant = ChatMessage("assistant", reply.text, tool_calls=reply.tool_calls)
        history.append(assistant)
        run.messages.append((assistant, reply))
        if reply.text and not streamed:
            await sink.emit(TextEvent(reply.text))
        if not reply.tool_calls:
            return _logged(run)
        for call in reply.tool_calls:
            await sink.emit(ToolStarted(call.id, call.name, call.arguments))
            result = await _run_tool(registry, ctx, call.name, call.arguments)
            await sink.emit(ToolFinished(call.id, call.name, result.ok, result.message))
            for file in result.files:
                await sink.emit(file)
            tool_message = ChatMessage("tool", result.for_model(), tool_call_id=call.id, name=call.name)
            history.append(tool_message)
            run.messages.append((tool_message, None))
    await sink.emit(
        TextEvent(
            f"I stopped after {max_steps} steps without finishing. Everything done so far is saved; "
            "tell me how to continue, or /show the CV."
        )
    )
    return _logged(run)


def _logged(run: AgentRun) -> AgentRun:
    """Input tokens per step and per turn (with the part read from the provider's prompt cache)."""
    usage = run.usage
    log.info(
        "agent turn: %d steps, input tokens per step %s, total %d (%d cached), output %d",
        run.steps,
        run.input_tokens_per_step,
        usage.input_tokens,
        usage.cached_input_tokens,
        usage.output_tokens,
    )
    return run


async def _run_tool(registry: ToolRegistry, ctx: ToolContext, name: str, arguments: dict[str, object]) -> ToolResult:
    try:
        return await registry.call(ctx, name, dict(arguments))
    except Exception as exc:  # a bug in a tool must not kill the turn: the model hears it failed, the log has it
        if is_connection_error(exc):  # not the tool's fault, and nothing more can be stored: the turn ends here
            raise
        log.exception("tool %s crashed", name)
        return ToolResult(f"The tool {name} failed because of an internal error; nothing was changed.", ok=False)
