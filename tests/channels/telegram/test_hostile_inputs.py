"""Hostile files and oversize CVs sent to the real bot: a clear answer naming the limit, and everyone else
is served meanwhile (issue 12, items 4 and 5)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from app.assistant.conversation import ConversationService
from app.assistant.runtime import Runtime
from app.cv.limits import check_cv_size
from app.cv.model import Resume
from app.render import _html
from app.render.document import build_document
from app.render.pool import RenderPool, start_render_pool, stop_render_pool
from channels.telegram.bot import build_application, start, stop
from tests.channels.telegram.test_bot import exchange, telegram_settings, texts, until
from tests.fakes.telegram_server import FakeTelegram
from tests.hostile import docx_bomb, long_resume, pdf_bomb

FULL = Path(__file__).resolve().parents[2] / "fixtures" / "full_resume.json"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


async def running_bot(db: Any, tmp_path: Path, fake: FakeTelegram, **settings: Any) -> AsyncIterator[FakeTelegram]:
    config = telegram_settings(tmp_path, fake.url, **settings)
    application = build_application(Runtime(config, db, None, ConversationService(db, config)))
    await start(application)
    try:
        yield fake
    finally:
        await stop(application)


@pytest.fixture
async def bot(db: Any, tmp_path: Path, fake_telegram: FakeTelegram) -> AsyncIterator[FakeTelegram]:
    async for running in running_bot(db, tmp_path, fake_telegram):
        yield running


async def first_reply(fake: FakeTelegram, user: int, before: int) -> float:
    """When `user`'s next answer arrived (loop time, within 20 ms): gather several to compare them."""
    await until(lambda: len(fake.sent_to(user)) > before, within=60)
    return asyncio.get_running_loop().time()


async def test_a_word_bomb_is_refused_by_its_element_count(bot: FakeTelegram) -> None:
    user, other = 611, 612
    bomb = docx_bomb(300_000)  # 11 MB of XML in a 40 KB file; the old code read it on the event loop
    replies = await exchange(bot, user, lambda: bot.send_document(user, "job.docx", bomb, DOCX))
    assert "job.docx has more than 100,000 elements" in texts(replies)
    assert "went wrong" not in texts(replies)
    helped = await exchange(bot, other, lambda: bot.send_text(other, "/help"))
    assert "/undo" in texts(helped)


async def test_a_pdf_bomb_is_refused_by_its_unpacked_size(bot: FakeTelegram) -> None:
    user = 613
    bomb = pdf_bomb(60)  # 60 MB of page content once inflated, in about 60 KB
    assert len(bomb) < 200_000
    replies = await exchange(bot, user, lambda: bot.send_document(user, "job.pdf", bomb, "application/pdf"))
    assert "job.pdf unpacks to more than 50 MB; the limit is 50 MB" in texts(replies)


async def test_a_slow_document_stops_at_the_time_limit_while_others_are_served(
    db: Any, tmp_path: Path, fake_telegram: FakeTelegram
) -> None:
    # Limits other than time raised, so only the clock stops this parse (python-docx needs ~8 s for it).
    async for bot in running_bot(
        db, tmp_path, fake_telegram, ALTOC_PARSE_SECONDS=3, ALTOC_PARSE_MAX_ELEMENTS=10**8,
        ALTOC_PARSE_MAX_UNPACKED_MB=1000, ALTOC_PARSE_MEMORY_MB=4000,
    ):  # fmt: skip
        user, other = 614, 615
        bomb = docx_bomb(300_000)
        bot.send_document(user, "job.docx", bomb, DOCX)
        await until(lambda fake=bot: any(method == "getFile" for method, _ in fake.calls))
        await asyncio.sleep(1.0)  # downloaded (40 KB from loopback): the document is being read now
        bot.send_text(other, "/help")
        other_answered, user_answered = await asyncio.gather(first_reply(bot, other, 0), first_reply(bot, user, 0))
        assert other_answered < user_answered  # not queued behind the document
        assert "Reading job.docx took longer than the 3 s limit" in texts(bot.sent_to(user))
        assert "/undo" in texts(bot.sent_to(other))


async def test_a_cv_with_ten_thousand_jobs_is_refused_and_nothing_is_stored(bot: FakeTelegram) -> None:
    user = 616
    data = json.dumps(long_resume(10_000)).encode()
    replies = await exchange(bot, user, lambda: bot.send_document(user, "cv.json", data, "application/json"))
    assert "cv.json is too big for a CV:\n- work has 10,000 entries; the limit is 100 per section" in texts(replies)
    shown = await exchange(bot, user, lambda: bot.send_text(user, "/show"))
    assert "no CV" in texts(shown)


@pytest.fixture
def render_pool() -> Any:
    pool = start_render_pool(2, 60.0)
    yield pool
    stop_render_pool()


async def test_exports_run_side_by_side_and_a_long_one_stops_at_the_time_limit(
    bot: FakeTelegram, render_pool: RenderPool
) -> None:
    small_cv = {"basics": {"name": "Ada Short", "email": "ada@example.com"}, "work": [{"name": "Acme"}]}
    big_cv = long_resume(100, bullets=10)  # at the size limits: about 25 pages
    check_cv_size(big_cv)
    # The time limit from this machine's speed: between the two renders' times (about 25 times apart).
    timings = []
    for document in (small_cv, small_cv, big_cv):
        html = _html(build_document(Resume.model_validate(document), "en"), "classic")
        started = time.perf_counter()
        await asyncio.to_thread(render_pool.render, html, "classic", "a4")
        timings.append(time.perf_counter() - started)
    small_time, big_time = timings[1:]
    assert big_time > 10 * small_time, timings
    render_pool.seconds = round((small_time * big_time) ** 0.5, 2)

    big, small = 617, 618
    for user, document in ((big, big_cv), (small, small_cv)):
        data = json.dumps(document).encode()
        replies = await exchange(
            bot, user, lambda user=user, data=data: bot.send_document(user, "cv.json", data, "application/json")
        )
        assert "Imported" in texts(replies), texts(replies)
    big_before, small_before = len(bot.sent_to(big)), len(bot.sent_to(small))
    bot.send_text(big, "/export classic")
    await until(lambda: render_pool.busy)  # the long render is under way
    bot.send_text(small, "/export classic")
    small_done, big_done = await asyncio.gather(
        first_reply(bot, small, small_before), first_reply(bot, big, big_before)
    )
    assert small_done < big_done  # the short PDF did not wait for the long one
    await asyncio.sleep(0.5)
    assert any(s.method == "sendDocument" for s in bot.sent_to(small)[small_before:])
    assert f"took longer than the {render_pool.seconds:g} s limit" in texts(bot.sent_to(big)[big_before:])
    # The killed render process was replaced: the next export works.
    replies = await exchange(bot, small, lambda: bot.send_text(small, "/export modern"), quiet=1.0)
    assert any(s.method == "sendDocument" for s in replies)
