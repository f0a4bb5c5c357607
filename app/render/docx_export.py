"""DOCX with Word's built-in styles (Title, Heading 1, List Bullet): what ATS parsers read best."""

from __future__ import annotations

import io
from typing import Any

from app.render.document import Document


def render_docx(doc: Document, paper: str) -> bytes:
    import docx
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    out = docx.Document()
    section = out.sections[0]
    width, height = (Mm(210), Mm(297)) if paper == "a4" else (Mm(215.9), Mm(279.4))
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(16)
    normal = out.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    out.core_properties.title = f"{doc.name} — CV" if doc.name else "CV"
    out.core_properties.author = doc.name
    out.core_properties.language = doc.language.code

    write_header(out, doc)
    if doc.summary:
        out.add_heading(doc.summary_heading, level=1)
        out.add_paragraph(doc.summary)
    right_tab = width - section.left_margin - section.right_margin
    for part in doc.sections:
        out.add_heading(part.heading, level=1)
        if part.inline:
            out.add_paragraph(" · ".join(part.inline))
        for label, items in part.groups:
            line = out.add_paragraph()
            if label:
                line.add_run(label + " ").bold = True
            line.add_run(items)
        for entry in part.entries:
            head = out.add_paragraph()
            head.paragraph_format.keep_with_next = True
            head.paragraph_format.tab_stops.add_tab_stop(right_tab, WD_TAB_ALIGNMENT.RIGHT)
            head.add_run(entry.title).bold = True
            if entry.date:
                head.add_run("\t" + entry.date)
            under = [x for x in (entry.subtitle, entry.link.text if entry.link else "") if x]
            if under:
                sub = out.add_paragraph(" · ".join(under))
                sub.paragraph_format.keep_with_next = bool(entry.bullets or entry.summary)
                sub.runs[0].italic = True
            for text in (entry.description, entry.summary):
                if text:
                    out.add_paragraph(text)
            for bullet in entry.bullets:
                out.add_paragraph(bullet, style="List Bullet")
            for extra in entry.extras:
                out.add_paragraph(extra)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """All paragraph text of a DOCX, in order (tabs become spaces)."""
    import docx

    return "\n".join(p.text.replace("\t", " ") for p in docx.Document(io.BytesIO(data)).paragraphs)


def write_header(out: Any, doc: Document) -> None:
    """The name, the headline and the contact line: the same on the CV and its cover letter."""
    if doc.name:
        out.add_paragraph(doc.name, style="Title")
    if doc.label:
        out.add_paragraph(doc.label, style="Subtitle")
    if doc.contact:
        out.add_paragraph(" · ".join(c.text for c in doc.contact))
