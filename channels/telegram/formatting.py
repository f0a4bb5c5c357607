"""The core's light Markdown as Telegram HTML: everything escaped, `**x**` bold, long replies split at 4096.

Tags never cross a line (bold is matched within one line), so splitting at line boundaries cannot break
them; a single line longer than a message is cut between words with its bold runs closed and reopened.
"""

from __future__ import annotations

import html
import re

from app.ats.card import AtsCard, CardFinding
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


# The ATS report, compact: the card's props (app.ats.card) as one message of Telegram HTML.
_MARK = {"pass": "🟢", "warn": "🟡", "fail": "🔴", "skipped": "⚪"}
_BAR_CELLS = 10
_SKILLS_SHOWN = 12  # names per group; the rest are counted
_FINDING_CHARS = 220


def score_bar(score: int, cells: int = _BAR_CELLS) -> str:
    """A small text bar: ▰ for each tenth reached, ▱ for the rest."""
    filled = max(0, min(cells, round(score * cells / 100)))
    return "▰" * filled + "▱" * (cells - filled)


def ats_card_html(card: AtsCard, limit: int = MAX_MESSAGE) -> str:
    """The report in one message within `limit`: score, categories, skills, then the findings numbered as the
    fixes are (the numbers "apply 2" and /fix 2 take); findings that do not fit are counted, never cut mid-tag."""
    esc = _escape
    title = f" for {esc(card['title'])}" if card["title"] else ""
    head = [f"{_MARK[card['status']]} <b>ATS score {card['score']}/100</b>{title}", score_bar(card["score"]), ""]
    for category in card["categories"]:
        if category["status"] == "skipped":
            head.append(f"{_MARK['skipped']} {esc(category['name'])}: skipped")
        else:
            head.append(f"{_MARK[category['status']]} {esc(category['name'])} <b>{category['score']}</b>")
    skills = card["skills"]
    if skills is not None:
        head.append("")
        for label, names in (
            ("Found", [s["name"] for s in skills["found"]]),
            ("Missing", [s["name"] for s in skills["missing"]]),
            ("Nice to have", [s["name"] for s in skills["nice_to_have"]]),
        ):
            if names:
                shown = ", ".join(esc(n) for n in names[:_SKILLS_SHOWN])
                more = f" and {len(names) - _SKILLS_SHOWN} more" if len(names) > _SKILLS_SHOWN else ""
                head.append(f"<b>{label}:</b> {shown}{more}")
    body = "\n".join(head)
    lines = [_finding_html(f) for f in card["findings"]]
    if lines:
        body += "\n\n<b>What to improve</b>"
    reserve = telegram_length("\n… and 999 more.")
    shown_lines = 0
    for line in lines:
        if telegram_length(body + "\n" + line) + reserve > limit:
            break
        body += "\n" + line
        shown_lines += 1
    left = card["more_findings"] + len(lines) - shown_lines
    if left:
        body += f"\n… and {left} more."
    if telegram_length(body) > limit:  # only an absurdly long title or skill list gets here
        return split_html(to_plain(body), limit)[0]
    return body


def _finding_html(finding: CardFinding) -> str:
    message = finding["message"]
    if len(message) > _FINDING_CHARS:
        message = message[: _FINDING_CHARS - 1].rsplit(" ", 1)[0] + "…"
    fixes = finding["fixes"]
    if not fixes:
        return f"• {_escape(message)}"
    numbers = ", ".join(str(fix["number"]) for fix in fixes)
    if len(fixes) == 1:
        return f"<b>{numbers}.</b> {_escape(message)}\n    ↳ fix: {_escape(fixes[0]['description'])}"
    offers = "; ".join(f"{fix['number']}: {_escape(fix['description'])}" for fix in fixes)
    return f"<b>{numbers}.</b> {_escape(message)}\n    ↳ fixes {offers}"


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
