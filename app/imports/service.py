"""TEMPORARY stand-in for the import service (the real one comes from another branch): sniff, read, build."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from app.errors import InvalidInput
from app.imports.document import ImportResult
from app.imports.docx import read_docx
from app.imports.pdf import read_pdf
from app.imports.structure import build_resume
from app.uploads import DocumentLimits


def import_bytes(name: str, data: bytes, settings: Any = None) -> ImportResult:
    """One CV file (PDF or Word) to an ImportResult, read in process."""
    if data.startswith(b"%PDF-"):
        return build_resume(read_pdf(data, name, DocumentLimits()))
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" in archive.namelist():
                return build_resume(read_docx(data, name, DocumentLimits()))
    raise InvalidInput(f"{name} is neither a PDF nor a Word document.")
