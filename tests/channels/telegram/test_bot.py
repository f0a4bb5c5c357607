"""The real PTB application, long polling a fake Bot API server on 127.0.0.1, on the test database."""

from __future__ import annotations

import asyncio
import copy
import html
import io
import json
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from app.assistant.commands import COMMANDS
from app.assistant.conversation import ConversationService
from app.assistant.runtime import Runtime
from app.config import Settings
from channels.telegram.bot import build_application, start, stop
from channels.telegram.formatting import MAX_MESSAGE, telegram_length
from tests.fakes.telegram_server import TOKEN, FakeTelegram, Sent

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
JOB_AD = (
    "Senior Backend Engineer (Python) at Finlytics. Requirements: 5+ years of experience with Python and "
    "PostgreSQL, Kubernetes and Docker in production, REST API design. Nice to have: Kafka, Terraform. "
    "Responsibilities: design and build payment services, mentor engineers. We offer a remote-friendly "
    "team and a learning budget. Bachelor's degree in Computer Science or equivalent experience."
)


def telegram_settings(tmp_path: Path, base_url: str, **extra: Any) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        altoc_data_dir=tmp_path / "data",
        altoc_llm="offline",
        telegram_bot_token=TOKEN,
        telegram_api_base_url=base_url,
        **extra,
    )


@pytest.fixture
async def bot(db: Any, tmp_path: Path, fake_telegram: FakeTelegram) -> AsyncIterator[FakeTelegram]:
    """The bot polling the fake server until the test ends."""
    settings = telegram_settings(tmp_path, fake_telegram.url, ALTOC_MAX_UPLOAD_BYTES=200_000)
    runtime = Runtime(settings, db, None, ConversationService(db, settings))
    application = build_application(runtime)
    await start(application)
    try:
        yield fake_telegram
    finally:
        await stop(application)


async def until(condition: Callable[[], Any], within: float = 30.0) -> Any:
    """Wait (without blocking the loop the bot runs on) until `condition()` is truthy."""
    deadline = asyncio.get_running_loop().time() + within
    while asyncio.get_running_loop().time() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


async def exchange(fake: FakeTelegram, user: int, send: Callable[[], Any], quiet: float = 0.5) -> list[Sent]:
    """Send something as `user` and return what the bot answered once it is quiet again."""
    before = len(fake.sent_to(user))
    send()
    await until(lambda: len(fake.sent_to(user)) > before)
    count, stable = -1, 0.0
    while stable < quiet:
        now = len(fake.sent_to(user))
        stable = stable + 0.05 if now == count else 0.0
        count = now
        await asyncio.sleep(0.05)
    return fake.sent_to(user)[before:]


def texts(sent: list[Sent]) -> str:
    return "\n".join(s.text for s in sent)


async def test_start_commands_and_the_guided_interview(bot: FakeTelegram) -> None:
    user = 501
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/start"))
    assert "offline guided mode" in texts(replies) and "/new" in texts(replies)
    assert any(method == "setMyCommands" for method, _ in bot.calls)
    menu = next(params for method, params in bot.calls if method == "setMyCommands")["commands"]
    assert [c["command"] for c in menu] == list(COMMANDS)  # every command of the one registry, in its order
    described = {c["command"]: c["description"] for c in menu}
    # the texts /help shows
    assert described["undo"] == "Undo your latest change; again for the one before (nothing is lost)"
    assert all(3 <= len(text) <= 256 for text in described.values())  # Telegram's limits

    replies = await exchange(bot, user, lambda: bot.send_text(user, "/help"))
    assert "/undo" in texts(replies) and "/export" in texts(replies)
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/new"))
    assert "name" in texts(replies).lower()
    await exchange(bot, user, lambda: bot.send_text(user, "Olena Shevchenko"))
    await exchange(bot, user, lambda: bot.send_text(user, "olena@example.com"))
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/show"))
    shown = texts(replies)
    assert "Olena Shevchenko" in shown and "olena@example.com" in shown
    assert all(s.params.get("parse_mode") == "HTML" for s in replies if s.method == "sendMessage")
    assert any(s.keyboard for s in replies)  # [History] [Undo] under the CV

    replies = await exchange(bot, user, lambda: bot.send_text(user, "/link"))
    assert re.search(r"<b>[A-Z0-9]{4}-[A-Z0-9]{4}</b>", texts(replies)), texts(replies)  # a code for the web chat

    replies = await exchange(bot, user, lambda: bot.send_text(user, "/frobnicate"))
    assert "I don't know the command /frobnicate" in texts(replies)


async def test_documents_buttons_and_the_pdf(bot: FakeTelegram) -> None:
    import pdfplumber

    user = 502
    cv = json.loads((FIXTURES / "full_resume.json").read_text())
    cv["work"][0]["highlights"][0] = (
        "I " + cv["work"][0]["highlights"][0][0].lower() + cv["work"][0]["highlights"][0][1:]
    )
    resume = json.dumps(cv).encode()  # a first-person bullet: the check proposes a fix for it
    replies = await exchange(bot, user, lambda: bot.send_document(user, "cv.json", resume, "application/json"))
    assert "Maria Kowalska" in texts(replies) or "imported" in texts(replies).lower()
    assert "Imported Maria Kowalska from cv.json as CV" in texts(replies)

    # A job ad as a text document: the ATS check, with a button per fix.
    ad = JOB_AD.encode()
    replies = await exchange(bot, user, lambda: bot.send_document(user, "job.txt", ad, "text/plain"), quiet=1.0)
    report = next((s for s in replies if s.keyboard), None)
    assert report is not None, texts(replies)
    assert "/100" in texts(replies)
    fix = next((b for b in report.keyboard if b["text"].startswith("1. ")), None)
    assert fix is not None, (texts(replies), [s.keyboard for s in replies])
    assert len(fix["callback_data"].encode()) <= 64
    replies = await exchange(bot, user, lambda: bot.press_data(user, report, fix["callback_data"]), quiet=1.0)
    assert any(method == "answerCallbackQuery" for method, _ in bot.calls)
    assert "Applied" in texts(replies) or "applied" in texts(replies)
    assert "Applied 1 fix as one change (version 2;" in texts(replies)  # a new version, not just a reply
    # The same button pressed again (or from the old message) finds its fix gone from the new check.
    replies = await exchange(bot, user, lambda: bot.press_data(user, report, fix["callback_data"]), quiet=1.0)
    assert "offered by an earlier check" in texts(replies) and "Applied" not in texts(replies)

    # /export offers the designs; a press sends the PDF as a document and page 1 as a photo.
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/export"))
    choices = next(s for s in replies if s.keyboard)
    assert {"Classic", "Modern", "Compact", "Academic"} <= {b["text"] for b in choices.keyboard}
    album = [s for s in replies if s.method == "sendMediaGroup"]  # a thumbnail per design, before the choice
    assert [s.params["caption"].split(":")[0] for s in album] == ["Classic", "Modern", "Compact", "Academic"]
    assert all(s.files["photo"][1].startswith(b"\x89PNG") for s in album) and replies.index(album[-1]) < replies.index(
        choices
    )
    assert choices.text.startswith("Which design?")
    replies = await exchange(bot, user, lambda: bot.press(user, choices, "Modern"), quiet=1.5)
    document = next(s for s in replies if s.method == "sendDocument")
    name, data = document.files["document"]
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Maria Kowalska" in text and "PayFlow GmbH" in text
    photo = next(s for s in replies if s.method == "sendPhoto")
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    assert replies.index(document) < replies.index(photo)


async def test_a_long_reply_is_split_and_escaped(bot: FakeTelegram) -> None:
    user = 503
    resume = json.loads((FIXTURES / "full_resume.json").read_text())
    long_cv = copy.deepcopy(resume)
    job = long_cv["work"][0]
    long_cv["work"] = [
        {
            **job,
            "name": f"Company <b>{n}</b> & Sons",
            "highlights": [
                f"Result {n}.{k}: cut <script>alert(1)</script> latency by {k}0% " + "x" * 90 for k in range(4)
            ],
        }
        for n in range(25)
    ]
    data = json.dumps(long_cv).encode()
    await exchange(bot, user, lambda: bot.send_document(user, "long.json", data, "application/json"))
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/show"), quiet=1.0)
    messages = [s for s in replies if s.method == "sendMessage"]
    total = sum(len(s.text) for s in messages)
    assert total >= 10_000 and len(messages) >= 3
    for sent in messages:
        assert telegram_length(sent.text) <= MAX_MESSAGE
        assert sent.text.count("<b>") == sent.text.count("</b>")  # no tag left open across messages
        assert "<script>" not in sent.text
    joined = html.unescape("\n".join(s.text for s in messages).replace("<b>", "").replace("</b>", ""))
    assert "Company <b>24</b> & Sons" in joined and "<script>alert(1)</script>" in joined
    # In order: company 0 comes before company 24.
    assert joined.index("Company <b>0</b>") < joined.index("Company <b>24</b>")


async def test_bad_input_gets_a_clear_answer(bot: FakeTelegram) -> None:
    user = 504
    replies = await exchange(
        bot, user, lambda: bot.send_document(user, "huge.pdf", b"%PDF-1.4 tiny", "application/pdf", size=30_000_000)
    )
    assert "the limit is" in texts(replies)
    assert not any(method == "getFile" for method, _ in bot.calls)  # refused before downloading

    replies = await exchange(
        bot, user, lambda: bot.send_document(user, "cv.pdf", b"%PDF-1.7\nbroken", "application/pdf")
    )
    assert "PDF" in texts(replies) and "went wrong" not in texts(replies)

    replies = await exchange(
        bot, user, lambda: bot.send_document(user, "tool.exe", b"MZ\x90\x00binary", "application/x-msdownload")
    )
    assert "went wrong" not in texts(replies) and texts(replies)

    sticker = {"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512, "is_animated": False,
               "is_video": False, "type": "regular"}  # fmt: skip
    replies = await exchange(bot, user, lambda: bot.send_update({"message": bot.message(user, sticker=sticker)}))
    assert "I read text messages and files" in texts(replies)

    forged = Sent("sendMessage", user, 1, {"text": "x"})
    for data in ("2000000AAAAAAAAAAAAundo", "1000000AAAAAAAAAAAAcc/undo"):  # forged; a format no longer used
        replies = await exchange(bot, user, lambda data=data: bot.press_data(user, forged, data))
        assert "expired" in texts(replies)


async def test_messages_sent_in_a_burst_are_handled_in_order(bot: FakeTelegram) -> None:
    user = 505
    await exchange(bot, user, lambda: bot.send_text(user, "/new"))
    before = len(bot.sent_to(user))
    # Three answers sent at once: each must meet the question it answers.
    bot.send_text(user, "Taras Bondar")
    bot.send_text(user, "taras@example.com")
    bot.send_text(user, "+380 67 123 4567")
    await until(lambda: len(bot.sent_to(user)) >= before + 3)
    await asyncio.sleep(1.0)
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/show"))
    shown = texts(replies)
    assert "Taras Bondar" in shown and "taras@example.com" in shown and "+380" in shown


async def test_many_people_at_once_nobody_lost_or_answered_twice(bot: FakeTelegram) -> None:
    users = list(range(7000, 7020))
    for user in users:
        bot.send_text(user, "/help")
    await until(lambda: all(bot.sent_to(u) for u in users))
    await asyncio.sleep(0.5)
    for user in users:
        helps = [s for s in bot.sent_to(user) if "/undo" in s.text]
        assert len(helps) == 1, (user, [s.text[:40] for s in bot.sent_to(user)])


async def test_flood_control_is_waited_out(bot: FakeTelegram) -> None:
    user = 506
    bot.fail_next["sendMessage"] = {
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/help"))
    assert len(replies) == 1 and "/undo" in replies[0].text  # sent once, after the wait
    assert sum(method == "sendMessage" for method, _ in bot.calls) >= 2
