"""Pasted text to lines: what a person pastes into the chat ("here is my CV: ...") or a .txt file.

Plain text has no look, so what it shows is kept as the look: a blank line above is a gap, a markdown
heading ("## Experience") is a heading style, "**bold**" is bold, "[label](url)" is a link.
"""

from __future__ import annotations

import re

from app.errors import InvalidInput
from app.imports.document import Line, ReadDocument

_PREAMBLE = re.compile(
    r"^\s*(?:(?:hi|hello|hallo|bonjour|hola|привіт)[,!.]?\s*)?"
    r"(?:(?:here(?:'s| is)|this is|below is|attached is|please find)\s+(?:my|the)\s+"
    r"(?:cv|resume|résumé|curriculum vitae)"
    r"|my (?:cv|resume|résumé)(?: is)?"
    r"|(?:hier ist|anbei|das ist) (?:mein|der) (?:lebenslauf|cv)|mein lebenslauf"
    r"|(?:voici|voilà|ci-dessous) (?:mon|le) (?:cv|curriculum vitae)|mon cv"
    r"|(?:aquí (?:está|tienes)|este es|te paso) (?:mi|el) (?:cv|currículum|curriculum|hoja de vida)"
    r"|mi (?:cv|currículum)"
    r"|(?:ось|це|нижче) (?:моє|мое|моє) (?:резюме|cv)|моє резюме)"
    r"[^\n:]{0,60}?(?::|\.|!|\n|$)[ \t]*",
    re.I,
)
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_BOLD = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+|mailto:[^)\s]+)\)")
_INLINE_MARKS = re.compile(r"(\*\*|__|`)")


def strip_preamble(text: str) -> str:
    """The text without a leading "here is my CV:" in any of the five CV languages."""
    match = _PREAMBLE.match(text)
    return text[match.end() :] if match else text


def read_text(text: str) -> ReadDocument:
    """Pasted text as lines: blank lines become `gap_before`, markdown marks become a look."""
    text = strip_preamble(text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    lines: list[Line] = []
    links: list[str] = []
    gap = 0.0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped or re.fullmatch(r"[-=_*]{3,}", stripped):
            gap += 1.0
            continue
        line_links = tuple(m.group(2) for m in _MD_LINK.finditer(stripped))
        stripped = _MD_LINK.sub(r"\1", stripped)
        style, bold = "", False
        heading = _MD_HEADING.match(stripped)
        if heading:
            style = "Heading 1" if len(heading.group(1)) == 1 else "Heading 2"
            stripped = stripped[heading.end() :]
        bold_line = _MD_BOLD.match(stripped)
        if bold_line:
            bold, stripped = True, bold_line.group(1)
        stripped = _INLINE_MARKS.sub("", stripped).strip()
        if not stripped:
            continue
        indent = len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())
        lines.append(
            Line(stripped, x0=float(indent), gap_before=gap if lines else 0.0, bold=bold, style=style, links=line_links)
        )
        links.extend(u for u in line_links if u not in links)
        gap = 0.0
    if not lines:
        raise InvalidInput("That text is empty. Paste your CV's text, or send it as a PDF or Word file.")
    return ReadDocument("text", lines, 1, 0.0, links)
