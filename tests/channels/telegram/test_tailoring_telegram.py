"""Tailoring and the cover letter in Telegram: the real PTB application against the fake Bot API server.

`/tailor <ad>` lists the changes under an inline keyboard (Apply all, one per change, None); one change's
button applies just it and offers the rest plus Done; Done asks about what the ad wants; an answer adds the
skill; `/letter` writes the letter and "Letter as PDF" sends it as a document.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from app.assistant.commands import BUTTON_LABEL
from app.render.check import pdf_text
from channels.telegram.buttons import MAX_CALLBACK_DATA, VERSION
from db.models import JobDescription
from tests.app.tailor.test_plan import AD, CV
from tests.channels.telegram.test_bot import bot, exchange, texts  # noqa: F401  (bot: the fixture)
from tests.fakes.telegram_server import FakeTelegram, Sent

USER = 611


def data_fits(message: Sent) -> None:
    """Every button's callback data is within Telegram's 64 bytes, signed and carried whole (not kept in the
    bot's memory, which a restart or another worker would not have), and every label short enough to read whole on
    a phone."""
    assert message.keyboard
    for button in message.keyboard:
        assert len(button["callback_data"].encode()) <= MAX_CALLBACK_DATA, button
        body = button["callback_data"][len(VERSION) + 6 + 12 :]  # after the version, the time and the MAC
        assert body.startswith(("tailor{", "letter{")), button  # the action itself, not a stored one
        assert 1 <= len(button["text"]) <= BUTTON_LABEL, button


async def test_tailor_pick_one_change_answer_a_question_and_get_the_letter_as_pdf(bot: FakeTelegram) -> None:  # noqa: F811
    cv = json.dumps(CV).encode()
    replies = await exchange(bot, USER, lambda: bot.send_document(USER, "cv.json", cv, "application/json"))
    assert "Imported Ana Silva from cv.json" in texts(replies)
    menu = next(params for method, params in bot.calls if method == "setMyCommands")["commands"]
    assert {"tailor", "letter", "fit", "delete"} <= {c["command"] for c in menu}

    replies = await exchange(bot, USER, lambda: bot.send_text(USER, "/tailor " + AD), quiet=1.0)
    said = texts(replies)
    assert "variant of your CV for Senior Data Engineer at Tidewater Logistics" in said, said
    assert "What I would change:" in said
    plan = next(s for s in replies if s.keyboard)
    labels = [b["text"] for b in plan.keyboard]
    assert labels[0] == "Apply all" and labels[-1] == "None", labels
    changes = [label for label in labels if ". Apply: " in label]
    assert len(changes) >= 3 and changes[0].startswith("1. Apply: ") and len(labels) == len(changes) + 2
    data_fits(plan)

    replies = await exchange(bot, USER, lambda: bot.press(USER, plan, "2. Apply"), quiet=1.0)
    said = texts(replies)
    assert "Applied 1 change" in said and "ATS score" in said and "Pick another, or Done" in said, said
    rest = next(s for s in replies if s.keyboard)
    left = [b["text"] for b in rest.keyboard]
    assert left[-1] == "Done" and len(left) == len(changes), left  # the others, and Done
    assert changes[1].removeprefix("2. ") not in left
    data_fits(rest)

    replies = await exchange(bot, USER, lambda: bot.press(USER, rest, "Done"), quiet=1.0)
    assert "The ad asks for Kafka. Have you used it?" in texts(replies), texts(replies)
    answer = "Yes, at Northwind Traders I ran Kafka for the order events of 3 warehouses"
    replies = await exchange(bot, USER, lambda: bot.send_text(USER, answer), quiet=1.0)
    assert "Added Kafka to your skills" in texts(replies), texts(replies)

    replies = await exchange(bot, USER, lambda: bot.send_text(USER, "/letter"), quiet=1.0)
    said = texts(replies)
    assert "Cover letter for Senior Data Engineer at Tidewater Logistics, version 1" in said, said
    offer = next(s for s in replies if s.keyboard)
    assert [b["text"] for b in offer.keyboard] == ["Letter as PDF", "Letter as Word", "Letter as Markdown"]
    data_fits(offer)
    replies = await exchange(bot, USER, lambda: bot.press(USER, offer, "Letter as PDF"), quiet=1.5)
    document = next(s for s in replies if s.method == "sendDocument")
    name, data = document.files["document"]
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
    text = "\n".join(pdf_text(data))
    assert "Tidewater Logistics" in text and "Ana Silva" in text


async def test_tailor_asks_for_the_ad_and_reads_it_from_a_document(bot: FakeTelegram, db: Any) -> None:  # noqa: F811
    user = USER + 1
    cv = json.dumps(CV).encode()
    await exchange(bot, user, lambda: bot.send_document(user, "cv.json", cv, "application/json"))
    replies = await exchange(bot, user, lambda: bot.send_text(user, "/tailor"))
    assert "Paste the job ad as your next message (or send it as a file)" in texts(replies), texts(replies)
    ad = AD.encode()
    replies = await exchange(bot, user, lambda: bot.send_document(user, "tidewater.txt", ad, "text/plain"), quiet=1.0)
    said = texts(replies)
    assert "variant of your CV for Senior Data Engineer at Tidewater Logistics" in said, said
    assert "<b>ATS score" not in said  # tailored, not an ATS check's card
    assert next(s for s in replies if s.keyboard).keyboard[0]["text"] == "Apply all"
    async with db.session_scope() as session:
        sources = (await session.execute(select(JobDescription.source))).scalars().all()
    assert "tidewater.txt" in sources  # the file the ad came from, not "pasted"
