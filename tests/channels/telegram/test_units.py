"""Telegram formatting (escaping, 4096 split) and signed button data, without a server."""

from __future__ import annotations

import html

import pytest

from app.assistant.commands import Fix, Open, Undo
from app.events import Button
from channels.telegram.buttons import MAX_CALLBACK_DATA, ButtonCodec
from channels.telegram.formatting import MAX_MESSAGE, caption_html, split_html, telegram_length, to_html, to_plain


def plain(chunks: list[str]) -> str:
    return "\n".join(to_plain(c) for c in chunks)


def test_everything_is_escaped_and_only_double_stars_become_bold() -> None:
    text = "**Maria <Kowalska>** & co: a<b>c</b> *one* `code` <a href='x'>link</a> 5 < 6"
    rendered = to_html(text)
    assert rendered.startswith("<b>Maria &lt;Kowalska&gt;</b> &amp; co")
    assert "<a " not in rendered and "a&lt;b&gt;c&lt;/b&gt;" in rendered and "*one*" in rendered
    assert to_plain(rendered) == text.replace("**", "")


@pytest.mark.parametrize("size", [100, 4096, 10_000, 50_000])
def test_split_keeps_every_character_in_order_within_the_limit(size: int) -> None:
    paragraph = "**Senior Engineer** at <Acme> & Co\n• Cut p95 latency by 40% for 2M users 🚀\n\n"
    text = (paragraph * (size // len(paragraph) + 1))[:size]
    chunks = split_html(text)
    assert all(telegram_length(c) <= MAX_MESSAGE for c in chunks)
    assert all(c.count("<b>") == c.count("</b>") for c in chunks)
    # Only whitespace at the cuts may differ.
    assert "".join(plain(chunks).split()) == "".join(html.unescape(text.replace("**", "")).split())
    if size > MAX_MESSAGE:
        assert len(chunks) >= 2


def test_one_enormous_line_is_cut_between_words_and_bold_is_reopened() -> None:
    line = "**" + " ".join(f"word{i}" for i in range(2000)) + "**"
    chunks = split_html(line)
    assert len(chunks) >= 3
    for chunk in chunks:
        assert telegram_length(chunk) <= MAX_MESSAGE
        assert chunk.startswith("<b>") and chunk.endswith("</b>")
    words = plain(chunks).split()
    assert words == [f"word{i}" for i in range(2000)]


def test_a_word_longer_than_a_message_is_cut_hard() -> None:
    blob = "&" * 9000  # each & becomes &amp;: five characters per character
    chunks = split_html(blob)
    assert all(telegram_length(c) <= MAX_MESSAGE for c in chunks)
    assert plain(chunks).replace("\n", "") == blob


def test_emoji_count_twice_as_telegram_counts() -> None:
    assert telegram_length("🚀") == 2
    chunks = split_html("🚀" * 3000)
    assert all(telegram_length(c) <= MAX_MESSAGE for c in chunks) and len(chunks) == 2


def test_caption_fits_telegram_caption_limit() -> None:
    assert telegram_length(caption_html("x " * 2000)) <= 1024


def test_buttons_are_signed_per_chat_and_expire() -> None:
    codec = ButtonCodec(b"k" * 32)
    undo = Button("Undo", Undo())
    data = codec.encode(undo, chat_id=42, now=1_000_000)
    assert len(data.encode()) <= MAX_CALLBACK_DATA
    assert codec.decode(data, 42, now=1_000_100) == Undo()
    assert codec.decode(data, 43, now=1_000_100) is None  # another chat
    assert codec.decode(data[:-1] + ("x" if data[-1] != "x" else "y"), 42, now=1_000_100) is None  # tampered
    assert codec.decode(data, 42, now=1_000_000 + 8 * 24 * 3600) is None  # older than a week
    assert ButtonCodec(b"other" * 8).decode(data, 42, now=1_000_100) is None  # another bot's key
    for junk in ("", "x", "1" * 64, None):
        assert codec.decode(junk, 42) is None


def test_a_long_button_body_is_kept_server_side_and_still_verified() -> None:
    codec = ButtonCodec(b"k" * 32)
    long = Button("Fix", Fix(ids=("0123456789abcdef0123456789abcdef",), confirm=True))
    data = codec.encode(long, chat_id=7)
    assert len(data.encode()) <= MAX_CALLBACK_DATA
    assert codec.decode(data, 7) == long.action
    other = Button("X", Open(cv_id="é" * 40))
    assert codec.decode(codec.encode(other, 7), 7) == Open(cv_id="é" * 40)
    assert codec.decode(data, 8) is None  # the stored body is still bound to its chat
