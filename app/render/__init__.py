"""CV export: PDF designs (Jinja2 + WeasyPrint), DOCX, HTML, Markdown and JSON Resume, checked as an ATS reads them.

Importing this package is cheap: WeasyPrint, python-docx and pypdfium2 load on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

from app.cv.language import detect_language
from app.errors import InvalidInput
from app.files import cv_filename
from app.render.check import ParseCheck, check_text, load_pdf_reader, pdf_text
from app.render.designs import DESIGNS, TEMPLATES_DIR
from app.render.document import Document, build_document
from app.render.i18n import LANGUAGES as _LANGUAGES

if TYPE_CHECKING:
    from app.cv.model import Resume

Format = Literal["pdf", "docx", "html", "md", "json"]
Paper = Literal["a4", "letter"]
FORMATS: tuple[str, ...] = get_args(Format)
PAPERS: tuple[str, ...] = get_args(Paper)
LANGUAGES: tuple[str, ...] = tuple(_LANGUAGES)
# The choices as types, for the tools' JSON schemas (an enum the model sees), built from the lists above.
if TYPE_CHECKING:
    DesignName: TypeAlias = str
    LanguageCode: TypeAlias = str
else:
    DesignName = Literal[tuple(DESIGNS)]
    LanguageCode = Literal[LANGUAGES]
DESIGNED_FORMATS = ("pdf", "html")  # the formats a design shapes (DOCX, Markdown and JSON have one look)
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
    "json": "application/json",
}


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str


@dataclass(frozen=True)
class RenderedFile:
    data: bytes
    filename: str
    mime: str
    pages: int | None = None
    check: ParseCheck | None = None


def list_templates() -> list[TemplateInfo]:
    return [TemplateInfo(d.name, d.description) for d in DESIGNS.values()]


def _validate(resume: Resume, fmt: str, template: str, paper: str, language: str | None) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"Unknown format '{fmt}'. Choose one of: {', '.join(FORMATS)}.")
    if template not in DESIGNS:
        raise InvalidInput(f"Unknown template '{template}'. Choose one of: {', '.join(DESIGNS)}.")
    if paper not in ("a4", "letter"):
        raise InvalidInput(f"Unknown paper size '{paper}'. Choose a4 or letter.")
    if language is not None and language not in _LANGUAGES:
        raise InvalidInput(f"Unknown language '{language}'. Choose one of: {', '.join(_LANGUAGES)}.")
    data = resume.to_json()
    data.pop("meta", None)
    data.pop("$schema", None)
    if not data or data == {"basics": {}}:
        raise InvalidInput("The CV is empty: there is nothing to export yet. /new builds it step by step.")
    return language or detect_language(resume)


@cache
def jinja_templates() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
    )


def _html(doc: Document, template: str, inline_css: str = "") -> str:
    title = f"{doc.name} — CV" if doc.name else "CV"
    page = (
        jinja_templates()
        .get_template("cv.html.j2")
        .render(doc=doc, template=template, title=title, inline_css=inline_css)
    )
    return keep_compounds(str(page))


_TEXT_NODE = re.compile(r">([^<]+)<")  # every literal "<" and ">" in our HTML is markup: text is escaped
_COMPOUND = re.compile(r"\w+(?:[-\u2010]\w+)+")
_HYPHEN = re.compile(r"[-\u2010]\w")
_LONGEST_KEPT = 40  # characters: a longer compound may still wrap rather than run past the margin


def keep_compounds(html: str) -> str:
    """Keep each hyphenated word ("non-work", "state-of-the-art") on one line.

    A line may break after any hyphen. Text extractors then read "non-" at a line end as a word hyphenated
    by the layout and join the halves ("nonwork"); pdfium marks it with U+FFFE. A compound kept whole reads back
    exactly as it was written, in every design.
    """
    head, body_tag, body = html.partition("<body")

    def keep(word: re.Match[str]) -> str:
        # Each hyphen is held to the letter after it, not the whole word: spans around whole words put the space
        # between two compounds outside any text run, and pdfminer-based parsers then read "open-sourcedouble-".
        text = word.group()
        return _HYPHEN.sub(r'<span class="compound">\g<0></span>', text) if len(text) <= _LONGEST_KEPT else text

    return head + body_tag + _TEXT_NODE.sub(lambda node: ">" + _COMPOUND.sub(keep, node.group(1)) + "<", body)


def _standalone_css(template: str, paper: str) -> str:
    """Styles for the self-contained HTML file: our CSS with the fonts named, nothing to fetch."""
    from app.render.pdf import PAPER_CSS

    design = DESIGNS[template]
    stack = f'"{design.font}", "Noto Sans", "Helvetica Neue", Arial, sans-serif'
    return "\n".join(
        [
            PAPER_CSS[paper],
            (TEMPLATES_DIR / "base.css").read_text(encoding="utf-8"),
            f"body {{ font-family: {stack}; max-width: 180mm; margin: 12mm auto; }}",
            design.css(),
        ]
    )


def render_cv(
    resume: Resume,
    fmt: str = "pdf",
    *,
    template: str = "classic",
    paper: str = "a4",
    language: str | None = None,
) -> RenderedFile:
    """The CV as a file. PDFs are read back and checked field by field. Synchronous: CPU-bound."""
    code = _validate(resume, fmt, template, paper, language)
    filename = cv_filename(resume, fmt, design=template if fmt in DESIGNED_FORMATS else None)
    if fmt == "json":
        return RenderedFile(resume.to_json_bytes(), filename, MIME[fmt])
    if fmt == "pdf":
        pdf, pages, check = _checked_pdf(resume, code, template, paper)
        if not check.ok:
            check = replace(check, passing_design=_passing_design(resume, code, template, paper))
        return RenderedFile(pdf, filename, MIME[fmt], pages, check)
    design = DESIGNS[template]
    doc = build_document(resume, code, academic=design.academic_order)
    if fmt == "md":
        from app.render.markdown import render_markdown

        return RenderedFile(render_markdown(doc).encode("utf-8"), filename, MIME[fmt])
    if fmt == "docx":
        from app.render.docx_export import render_docx

        return RenderedFile(render_docx(doc, paper), filename, MIME[fmt])
    return RenderedFile(_html(doc, template, _standalone_css(template, paper)).encode("utf-8"), filename, MIME[fmt])


def _checked_pdf(resume: Resume, language: str, template: str, paper: str) -> tuple[bytes, int, ParseCheck]:
    from app.render.pdf import render_pdf

    design = DESIGNS[template]
    doc = build_document(resume, language, academic=design.academic_order)
    pdf, pages = render_pdf(_html(doc, template), design, paper)
    return pdf, pages, check_text(doc.expected_fields(), "\n".join(pdf_text(pdf)))


def count_pages(resume: Resume, *, template: str = "classic", paper: str = "a4", language: str | None = None) -> int:
    """Pages of the CV's PDF in this design: the export's render without its read-back check (which, on a failure,
    would render every other design too)."""
    from app.render.pdf import render_pdf

    code = _validate(resume, "pdf", template, paper, language)
    design = DESIGNS[template]
    return render_pdf(_html(build_document(resume, code, academic=design.academic_order), template), design, paper)[1]


def _passing_design(resume: Resume, language: str, failed: str, paper: str) -> str | None:
    """The first other design whose PDF of this CV reads back cleanly (a render each, only after a failure)."""
    for name in DESIGNS:
        if name != failed and _checked_pdf(resume, language, name, paper)[2].ok:
            return name
    return None


def prepare_pdf_export() -> None:
    """Do once, ahead of time, what the first PDF export does in this process besides the render: compile the
    CV templates and load the parse-back check's PDF reader (a long-running server, at start-up)."""
    from app.cv.model import Resume

    sample = Resume.model_validate({"basics": {"name": "Ada Lovelace"}, "work": [{"name": "Engine Ltd"}]})
    _html(build_document(sample, "en"), "classic")
    load_pdf_reader()


def check_pdf_text(resume: Resume, pdf: bytes, template: str = "classic", language: str | None = None) -> ParseCheck:
    """Check any PDF of this CV: are all its fields readable, in the order the design shows them?"""
    design = DESIGNS.get(template, DESIGNS["classic"])
    doc = build_document(resume, language or detect_language(resume), academic=design.academic_order)
    return check_text(doc.expected_fields(), "\n".join(pdf_text(pdf)))


def render_preview_png(pdf: bytes, width: int = 800) -> bytes:
    """Page 1 as a PNG about `width` pixels wide, for chat thumbnails."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        document.close()


__all__ = [
    "FORMATS",
    "LANGUAGES",
    "Format",
    "Paper",
    "ParseCheck",
    "RenderedFile",
    "TemplateInfo",
    "check_pdf_text",
    "count_pages",
    "keep_compounds",
    "list_templates",
    "prepare_pdf_export",
    "render_cv",
    "render_preview_png",
]
