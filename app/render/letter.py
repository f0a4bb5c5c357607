"""The cover letter as a file: a PDF in the CV's design with the CV's own header, DOCX or Markdown."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from app.errors import InvalidInput
from app.files import letter_filename
from app.render import MIME, PAPERS, RenderedFile, jinja_templates, keep_compounds
from app.render.check import pdf_text
from app.render.designs import DESIGNS
from app.render.document import Document, build_document
from app.render.docx_export import write_header
from app.render.markdown import escape, header_lines

if TYPE_CHECKING:
    from app.cv.model import Resume
    from app.tailor.letter import Letter

LETTER_FORMATS = ("pdf", "docx", "md")
_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня",
}
_DATE = {"en": "{d} {m} {y}", "de": "{d}. {m} {y}", "fr": "{d} {m} {y}", "es": "{d} de {m} de {y}", "uk": "{d} {m} {y} р."}  # fmt: skip  # noqa: E501


def letter_date(iso: str, language: str) -> str:
    """'2026-03-05' -> '5 March 2026' / '5. März 2026' / '5 de marzo de 2026' ..."""
    year, month, day = (int(part) for part in iso.split("-"))
    code = language if language in _MONTHS else "en"
    return _DATE[code].format(d=day, m=_MONTHS[code].split()[month - 1], y=year)


def render_letter(
    resume: Resume, letter: Letter, fmt: str = "pdf", *, template: str = "classic", paper: str = "a4"
) -> RenderedFile:
    """The letter as a file. A PDF is read back, and its page count returned. Synchronous: CPU-bound."""
    if fmt not in LETTER_FORMATS:
        raise InvalidInput(f"Unknown format '{fmt}' for a cover letter. Choose one of: {', '.join(LETTER_FORMATS)}.")
    if template not in DESIGNS:
        raise InvalidInput(f"Unknown template '{template}'. Choose one of: {', '.join(DESIGNS)}.")
    if paper not in PAPERS:
        raise InvalidInput(f"Unknown paper size '{paper}'. Choose a4 or letter.")
    language = letter.language if letter.language in _MONTHS else "en"
    doc = build_document(resume, language)
    filename = letter_filename(resume, fmt, company=letter.company)
    if fmt == "md":
        return RenderedFile(render_letter_markdown(doc, letter).encode("utf-8"), filename, MIME[fmt])
    if fmt == "docx":
        return RenderedFile(render_letter_docx(doc, letter, paper), filename, MIME[fmt])
    pdf, pages = _pdf(doc, letter, template, paper)
    return RenderedFile(pdf, filename, MIME[fmt], pages)


def letter_html(doc: Document, letter: Letter, template: str) -> str:
    title = f"{doc.name} — {letter.subject}" if doc.name else letter.subject
    date = letter_date(letter.date, doc.language.code)
    template_ = jinja_templates().get_template("letter.html.j2")
    page = template_.render(doc=doc, letter=letter, template=template, title=title, date=date)
    return keep_compounds(str(page))


def _pdf(doc: Document, letter: Letter, template: str, paper: str) -> tuple[bytes, int]:
    """(PDF, page count), the count read back from the PDF itself."""
    from app.render.pdf import render_pdf

    pdf, _ = render_pdf(letter_html(doc, letter, template), DESIGNS[template], paper)
    return pdf, len(pdf_text(pdf))


def render_letter_markdown(doc: Document, letter: Letter) -> str:
    lines = header_lines(doc)
    lines += ["", escape(letter_date(letter.date, doc.language.code))]
    if letter.company:
        lines += ["", escape(letter.company)]
    lines += ["", f"**{escape(letter.subject)}**", "", escape(letter.salutation)]
    for paragraph in letter.paragraphs:
        lines += ["", escape(paragraph)]
    lines += ["", escape(letter.closing), "", escape(letter.signature)]
    return "\n".join(lines).strip() + "\n"


def render_letter_docx(doc: Document, letter: Letter, paper: str) -> bytes:
    """Header (name, headline, contact line), date, recipient, subject in bold, then the letter."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = (Mm(210), Mm(297)) if paper == "a4" else (Mm(215.9), Mm(279.4))
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    out.styles["Normal"].font.name = "Calibri"
    out.styles["Normal"].font.size = Pt(11)
    out.core_properties.title = letter.subject
    out.core_properties.author = doc.name
    out.core_properties.language = doc.language.code
    write_header(out, doc)
    out.add_paragraph(letter_date(letter.date, doc.language.code)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if letter.company:
        out.add_paragraph(letter.company)
    out.add_paragraph().add_run(letter.subject).bold = True
    for text in [letter.salutation, *letter.paragraphs, letter.closing, letter.signature]:
        out.add_paragraph(text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
