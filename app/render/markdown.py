"""Markdown: the same content and order, for pasting into job portals and READMEs."""

from __future__ import annotations

import re
from urllib.parse import quote

from app.render.document import Document, Link

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def escape(text: str) -> str:
    """Markdown-inert text: CV content never turns into formatting, links or HTML."""
    return _SPECIAL.sub(r"\\\1", text)


# Kept as they are in a link target: what URLs need. Everything else (<, >, quotes, brackets, parentheses,
# spaces, backslashes, backticks) is percent-encoded, so a URL can neither end the link nor start HTML.
_URL_SAFE = "/:?#@!$&*+,;=%~-._"


def _link(link: Link) -> str:
    return f"[{escape(link.text)}]({quote(link.href, safe=_URL_SAFE)})" if link.href else escape(link.text)


def header_lines(doc: Document) -> list[str]:
    """The name, the headline and the contact line: the same on the CV and its cover letter."""
    lines: list[str] = []
    if doc.name:
        lines.append(f"# {escape(doc.name)}")
    if doc.label:
        lines += ["", f"**{escape(doc.label)}**"]
    if doc.contact:
        lines += ["", " · ".join(_link(c) for c in doc.contact)]
    return lines


def render_markdown(doc: Document) -> str:
    lines = header_lines(doc)
    if doc.summary:
        lines += ["", f"## {escape(doc.summary_heading)}", "", escape(doc.summary)]
    for section in doc.sections:
        lines += ["", f"## {escape(section.heading)}"]
        if section.inline:
            lines += ["", " · ".join(escape(i) for i in section.inline)]
        for label, items in section.groups:
            lines += ["", f"**{escape(label)}** {escape(items)}".strip()]
        for entry in section.entries:
            title = f"### {escape(entry.title)}" + (f" — {escape(entry.date)}" if entry.date else "")
            lines += ["", title]
            under = [escape(entry.subtitle)] if entry.subtitle else []
            if entry.link:
                under.append(_link(entry.link))
            if under:
                lines += ["", " · ".join(under)]
            for text in (entry.description, entry.summary):
                if text:
                    lines += ["", escape(text)]
            if entry.bullets:
                lines.append("")
                lines += [f"- {escape(b)}" for b in entry.bullets]
            for extra in entry.extras:
                lines += ["", escape(extra)]
    return "\n".join(lines).strip() + "\n"
