"""Corrections in plain words, offline: each phrasing of bench/corrections_corpus/corpus.jsonl is sent through the
real ConversationService (no model) to a fresh copy of its CV, and the CV after is compared with the expected one.

Outcomes: correct (the CV is exactly as expected), wrong (anything else changed: must be 0), readings (nothing changed
and the person got buttons with the likely readings), not understood (nothing changed, no readings). A case whose
`expect` is empty is correct when nothing changed. Strings compare without case and a final full stop.
Run: .venv/bin/python bench/corrections.py [--corpus PATH] [--show wrong|missed|all]; --corpus heldout.jsonl runs the
held-out set, written before the parser was read, which says how well an unseen person's phrasing is understood;
heldout2.jsonl is a second one, by another hand (non-native, terse, polite, storytelling, voice-typed phrasings);
heldout3.jsonl a third (recruiters' jargon, career-changers, half-lines pasted from the CV, replies, emoji).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.events import ButtonsEvent, CollectingSink, IncomingFile, UserTurn  # noqa: E402

CORPUS = ROOT / "bench" / "corrections_corpus" / "corpus.jsonl"
FIXTURES = {
    "sam": ROOT / "bench" / "corrections_corpus" / "sam.json",
    "full_resume": ROOT / "tests" / "fixtures" / "full_resume.json",
    "ats_cv_marketing": ROOT / "bench" / "fixtures" / "ats_cv_marketing.json",
}


@dataclass(frozen=True)
class Case:
    id: int
    cv: str
    say: str
    expect: list[list[Any]]  # ops: ["set", path, value], ["del", path], ["add", path, value], ["order", path, [..]]
    alternative: list[list[Any]] | None = None  # another equally right result


@dataclass(frozen=True)
class Result:
    case: Case
    outcome: str  # correct | wrong | readings | missed
    reply: str
    ms: float
    offered: bool = False  # reading buttons came back


def load_corpus(path: Path = CORPUS) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(Case(row["id"], row["cv"], row["say"], row["expect"], row.get("or")))
    return cases


def _parent(document: Any, path: str) -> tuple[Any, str | int]:
    keys: list[str | int] = [int(k) if k.isdigit() else k for k in path.split(".")]
    node = document
    for key in keys[:-1]:
        node = node[key]
    return node, keys[-1]


def expected_after(before: dict[str, Any], ops: list[list[Any]]) -> dict[str, Any]:
    """The CV after the expected change. Deletions apply from the highest index down, as written in the corpus."""
    after = copy.deepcopy(before)
    for op in ops:
        node, key = _parent(after, op[1])
        if op[0] == "set":
            node[key] = copy.deepcopy(op[2])  # type: ignore[index]
        elif op[0] == "del":
            del node[key]  # type: ignore[arg-type]
        elif op[0] == "add":
            node[key].append(copy.deepcopy(op[2]))  # type: ignore[index]
        elif op[0] == "order":
            items = node[key]  # type: ignore[index]
            node[key] = [items[i] for i in op[2]]  # type: ignore[index]
        else:
            raise ValueError(f"unknown op {op[0]!r}")
    return after


def normal(value: Any) -> Any:
    """What counts as the same value: strings without case or a final full stop; empty values dropped."""
    if isinstance(value, dict):
        kept = {k: normal(v) for k, v in value.items() if v not in ("", None, [], {})}
        if "profiles" in kept:  # replacing a profile puts it last; the order of profiles carries no meaning
            kept["profiles"] = sorted(kept["profiles"], key=lambda p: str(p.get("network")))
        return kept
    if isinstance(value, list):
        return [normal(v) for v in value]
    if isinstance(value, str):
        return value.strip().rstrip(".").casefold()
    return value


def outcome(case: Case, before: dict[str, Any], after: dict[str, Any], readings: bool) -> str:
    if normal(after) == normal(before):
        if not case.expect:
            return "correct"
        return "readings" if readings else "missed"
    wanted = [case.expect] + ([case.alternative] if case.alternative else [])
    if case.expect and any(normal(after) == normal(expected_after(before, ops)) for ops in wanted):
        return "correct"
    return "wrong"


async def run_case(service: Any, load: Any, case: Case, user: str) -> Result:
    """Import the case's CV for a new user, send the phrasing, compare the stored CV with the expected one."""
    data = FIXTURES[case.cv].read_bytes()
    sink = CollectingSink()
    await service.handle(UserTurn("cli", user, files=(IncomingFile(f"{case.cv}.json", data),)), sink)
    before = await load(user)
    sink = CollectingSink()
    start = time.perf_counter()
    await service.handle(UserTurn("cli", user, text=case.say), sink)
    ms = (time.perf_counter() - start) * 1000
    after = await load(user)
    offered = any(isinstance(e, ButtonsEvent) and any(b.action.kind == "reading" for b in e.buttons)
                  for e in sink.events)  # fmt: skip
    return Result(case, outcome(case, before, after, offered), sink.text, ms, offered)


def loader(database: Any) -> Any:
    """A function giving the open CV of a user as JSON, read from the database."""
    from app.cv.service import CvService
    from db.repositories.users import UserRepository

    async def load(user: str) -> dict[str, Any]:
        async with database.session_scope() as session:
            found = await UserRepository(session).find_by_identity("cli", user)
            assert found is not None
            resume: dict[str, Any] = (await CvService(session, found.id).load()).resume.to_json()
            return resume

    return load


def totals(results: list[Result]) -> dict[str, int]:
    counts = dict.fromkeys(("correct", "wrong", "readings", "missed"), 0)
    for result in results:
        counts[result.outcome] += 1
    return counts


def report(results: list[Result], corpus: Path = CORPUS) -> str:
    counts = totals(results)
    n = len(results)
    unsure = [r for r in results if not r.case.expect]
    times = sorted(r.ms for r in results)
    return "\n".join(
        [
            f"corrections in plain words, offline guided mode: {n} phrasings ({_shown(corpus)})",
            f"  handled correctly: {counts['correct']} ({100 * counts['correct'] / n:.1f} %)",
            f"  wrong changes applied: {counts['wrong']}",
            f"  offered readings: {counts['readings']}",
            f"  not understood: {counts['missed']}",
            f"  of the {len(unsure)} not-a-change or unsure messages: {sum(r.outcome == 'correct' for r in unsure)} "
            f"left the CV alone, {sum(r.offered for r in unsure)} with readings offered",
            f"  median time per message: {statistics.median(times):.1f} ms (p95 {times[int(n * 0.95) - 1]:.1f} ms)",
        ]
    )


def _shown(path: Path) -> str:
    """The corpus path relative to the repository when it is inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


async def run(cases: list[Case], data_dir: Path) -> list[Result]:
    from app.assistant.runtime import Runtime
    from app.config import Settings

    settings = Settings(_env_file=None, altoc_data_dir=data_dir, altoc_llm="offline")  # type: ignore[call-arg]
    runtime = Runtime.start(settings, provider=None)
    try:
        load = loader(runtime.db)
        return [await run_case(runtime.service, load, case, f"bench-{case.id}") for case in cases]
    finally:
        await runtime.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=("wrong", "missed", "all"), help="print these cases with the reply")
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="a JSONL corpus of phrasings (default: the main one)"
    )
    args = parser.parse_args()
    cases = load_corpus(args.corpus)
    with tempfile.TemporaryDirectory(prefix="altoc-bench-") as tmp:
        results = asyncio.run(run(cases, Path(tmp)))
    for result in results:
        show = args.show == "all" or (args.show == "wrong" and result.outcome == "wrong")
        show = show or (args.show == "missed" and result.outcome != "correct")
        if show:
            reply = result.reply.replace("\n", " ")[:200]
            print(f"[{result.outcome}] #{result.case.id} {result.case.say!r}\n    -> {reply}")
    print(report(results, args.corpus))


if __name__ == "__main__":
    main()
