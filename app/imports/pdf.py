# TEMPORARY (helper integ): replaced at merge
"""A minimal PDF reader for developing the import service: pdfium's text, one line each, no layout."""

from __future__ import annotations

from app.errors import InvalidInput
from app.imports.document import Line, ReadDocument
from app.uploads import DocumentLimits


def read_pdf(data: bytes, name: str, limits: DocumentLimits, *, ocr: bool = True) -> ReadDocument:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InvalidInput(
                f"{name} is protected by a password. Save a copy without the password, or paste the text."
            ) from None
        raise InvalidInput(f"{name} is a damaged PDF I cannot open. Export it again, or paste the text.") from None
    try:
        if len(pdf) > limits.pages:
            raise InvalidInput(
                f"{name} has {len(pdf):,} pages; a CV I import may have at most {limits.pages}. "
                "Send the CV pages only, or paste the text."
            )
        lines: list[Line] = []
        for number in range(len(pdf)):
            text = pdf[number].get_textpage().get_text_range()
            lines += [Line(t.strip(), page=number) for t in text.splitlines() if t.strip()]
        pages = len(pdf)
    finally:
        pdf.close()
    if not lines:
        raise InvalidInput(f"{name} has no text layer (a scan?). Send the exported PDF, or paste the text.")
    return ReadDocument("pdf", lines, pages)
