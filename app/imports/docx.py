# TEMPORARY (helper integ): replaced at merge
"""A minimal Word reader for developing the import service: body paragraphs only."""

from __future__ import annotations

import io

from app.errors import InvalidInput
from app.imports.document import Line, ReadDocument
from app.uploads import DocumentLimits, SniffedFile, _check_docx


def read_docx(data: bytes, name: str, limits: DocumentLimits) -> ReadDocument:
    import docx

    _check_docx(SniffedFile(name, "docx", data), limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise InvalidInput(f"{name} is a damaged Word document. Save it again, or paste the text.") from None
    lines = [Line(p.text.strip(), style=p.style.name if p.style is not None else "") for p in document.paragraphs]
    return ReadDocument("docx", [line for line in lines if line.text])
