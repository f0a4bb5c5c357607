"""Time per conversation turn with the scripted provider (no model latency): median and p95 over N turns.

Each turn is a real `ConversationService.handle`: user lookup, per-user lock, history load, a model
step that calls a tool (a new CV version), a second step with text, and storage of every message.
With --billing, payments are configured and every model call passes the meter (app/billing/meter.py): the
allowance read before each call, and the usage written after the turn.
Run: .venv/bin/python bench/turn_overhead.py [--turns 200] [--runs 3] [--billing]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.assistant.runtime import Runtime  # noqa: E402
from app.config import Settings  # noqa: E402
from app.events import CollectingSink, UserTurn  # noqa: E402
from app.llm.base import ChatMessage, LlmReply  # noqa: E402
from app.llm.scripted import ScriptedProvider, text_reply, tool_reply  # noqa: E402


def scripted_model(messages: list[ChatMessage]) -> LlmReply:
    """First step of a turn: add a bullet (or create the CV); second step: a short answer."""
    if messages[-1].role == "tool":
        return text_reply("Added. What else did you achieve there?")
    if not any(m.role == "tool" for m in messages):
        return tool_reply("create_cv", {"name": "Bench Person"})
    return tool_reply("add_skills", {"skills": [f"Skill {len(messages)}"]})


BILLING = {  # a Stars pack sold (no bot is started here) and an allowance no run uses up
    "telegram_bot_token": "1:bench",
    "credit_packs": [{"id": "p100", "credits": 100, "stars": 50}],
    "free_messages": 10**6,
}


async def run(turns: int, data_dir: Path, billing: bool = False) -> list[float]:
    config = BILLING if billing else {}
    settings = Settings(_env_file=None, altoc_data_dir=data_dir, altoc_llm="offline", **config)  # type: ignore[call-arg]
    assert settings.billing_enabled == billing
    runtime = Runtime.start(settings, provider=ScriptedProvider(function=scripted_model))
    timings: list[float] = []
    try:
        for i in range(turns + 10):  # 10 warm-up turns
            sink = CollectingSink()
            turn = UserTurn(channel="cli", external_user_id="bench", text=f"I also did thing {i}")
            start = time.perf_counter()
            await runtime.service.handle(turn, sink)
            elapsed = time.perf_counter() - start
            assert "Added." in sink.text, sink.text
            if i >= 10:
                timings.append(elapsed * 1000)
    finally:
        await runtime.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--billing", action="store_true", help="payments configured: every model call metered")
    args = parser.parse_args()
    medians, p95s = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="altoc-bench-") as tmp:
            timings = sorted(asyncio.run(run(args.turns, Path(tmp), args.billing)))
        medians.append(statistics.median(timings))
        p95s.append(timings[int(len(timings) * 0.95) - 1])
    metered = ", billing on: every model call metered" if args.billing else ""
    print(f"turn overhead over {args.turns} turns x {args.runs} runs (scripted provider, embedded Postgres{metered})")
    print(f"  median: {statistics.median(medians):.2f} ms   (runs: {', '.join(f'{m:.2f}' for m in medians)})")
    print(f"  p95:    {statistics.median(p95s):.2f} ms   (runs: {', '.join(f'{p:.2f}' for p in p95s)})")


if __name__ == "__main__":
    main()
