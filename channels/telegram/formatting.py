"""The core's light Markdown as Telegram HTML: everything escaped, `**x**` bold, long replies split at 4096.

Tags never cross a line (bold is matched within one line), so splitting at line boundaries cannot break
them; a single line longer than a message is cut between words with its bold runs closed and reopened.
"""

from __future__ import annotations

import html
import re

from app.events import BOLD

MAX_MESSAGE = 4096  # Telegram's limit per message
MAX_CAPTION = 1024  # and per document/photo caption
_TAG = re.compile(r"</?b>")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units): an emoji counts twice."""
    return len(text.encode("utf-16-le")) // 2


def to_html(text: str) -> str:
    """Escape the text for Telegram's HTML parse mode, then turn `**x**` into `<b>x</b>` (nothing else)."""
    return "\n".join(_line_html(line) for line in text.split("\n"))


def to_plain(chunk: str) -> str:
    """An HTML chunk back to plain text, for the fallback when Telegram refuses the markup."""
    return html.unescape(_TAG.sub("", chunk))


def caption_html(text: str, limit: int = MAX_CAPTION) -> str:
    """A caption within Telegram's limit: the first lines that fit, cut between words if need be."""
    pieces = split_html(text, limit)
    return pieces[0] if pieces else ""


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """`text` as HTML messages of at most `limit` characters, in order, cut at paragraphs where possible.

    A chunk ends at a blank line when one falls in its second half, else at a line break; only a line
    longer than a whole message is cut inside, between words. Every chunk has balanced tags.
    """
    units: list[str] = []  # rendered lines, each short enough for one message
    for line in text.strip("\n").split("\n"):
        rendered = _line_html(line)
        units += [rendered] if telegram_length(rendered) <= limit else _split_line(line, limit)
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for unit in units:
        while current and size + telegram_length(unit) + 1 > limit:
            keep = _paragraph_break(current, limit)
            chunks.append("\n".join(current[:keep]))
            current = current[keep:]
            while current and not current[0].strip():
                current.pop(0)
            size = telegram_length("\n".join(current))
        size += telegram_length(unit) + (1 if current else 0)
        current.append(unit)
    if current:
        chunks.append("\n".join(current))
    return [chunk.strip("\n") for chunk in chunks if chunk.strip()]


def _paragraph_break(lines: list[str], limit: int) -> int:
    """How many of `lines` to send now: up to the last blank line in the second half, else all of them."""
    for index in range(len(lines) - 1, 0, -1):
        if not lines[index].strip():
            if telegram_length("\n".join(lines[:index])) >= limit // 2:
                return index
            break
    return len(lines)


def _line_html(line: str) -> str:
    return BOLD.sub(r"<b>\1</b>", html.escape(line, quote=False))


def _runs(line: str) -> list[tuple[str, bool]]:
    """A line as (text, bold) runs, the way `_line_html` reads it."""
    runs: list[tuple[str, bool]] = []
    position = 0
    for match in BOLD.finditer(line):
        if match.start() > position:
            runs.append((line[position : match.start()], False))
        runs.append((match.group(1), True))
        position = match.end()
    if position < len(line):
        runs.append((line[position:], False))
    return runs


def _render(runs: list[tuple[str, bool]]) -> str:
    merged: list[tuple[str, bool]] = []
    for text, bold in runs:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        elif text:
            merged.append((text, bold))
    return "".join(
        f"<b>{html.escape(text, quote=False)}</b>" if bold else html.escape(text, quote=False) for text, bold in merged
    )


def _split_line(line: str, limit: int) -> list[str]:
    """One overlong line as several rendered pieces, cut after spaces (inside a word only if it must)."""
    words: list[tuple[str, bool]] = []
    for text, bold in _runs(line):
        words += [(word, bold) for word in re.findall(r"\S+\s*|\s+", text)]
    pieces: list[str] = []
    current: list[tuple[str, bool]] = []
    for word, bold in words:
        for part in _hard_cut(word, bold, limit):
            if current and telegram_length(_render([*current, (part, bold)])) > limit:
                pieces.append(_render(current))
                current = []
            current.append((part, bold))
    if current:
        pieces.append(_render(current))
    return pieces


def _hard_cut(word: str, bold: bool, limit: int) -> list[str]:
    """A "word" longer than a message (a URL, a base64 blob) in pieces that each render within `limit`."""
    if telegram_length(_render([(word, bold)])) <= limit:
        return [word]
    parts: list[str] = []
    start = 0
    while start < len(word):
        end = min(len(word), start + limit)
        while end > start + 1 and telegram_length(_render([(word[start:end], bold)])) > limit:
            end = start + max(1, (end - start) * 3 // 4)
        parts.append(word[start:end])
        start = end
    return parts
