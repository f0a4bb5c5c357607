"""Files people send: size limits, the type sniffed from the content (never the name), text extraction."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any, Literal

from app.errors import InvalidInput

FileKind = Literal["json", "pdf", "docx", "text"]
ACCEPTED = "a JSON Resume (.json), a PDF, a Word document (.docx) or plain text"
MAX_TEXT_CHARS = 200_000
MAX_JSON_DEPTH = 64  # a JSON Resume is about 5 levels deep; json.loads recurses once per level
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


@dataclass(frozen=True)
class SniffedFile:
    name: str
    kind: FileKind
    data: bytes


def sniff(name: str, data: bytes, limit: int) -> SniffedFile:
    """What the file really is, or InvalidInput with a sentence saying what we accept."""
    if not data:
        raise InvalidInput(f"{name} is empty.")
    if len(data) > limit:
        raise InvalidInput(
            f"{name} is {len(data) / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB. Send a smaller file."
        )
    if data.startswith(b"%PDF-"):
        return SniffedFile(name, "pdf", data)
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return SniffedFile(name, "docx", data)
        raise InvalidInput(f"{name} is a ZIP archive, not a Word document. Send {ACCEPTED}.")
    text = _decode_text(data)
    if text is None:
        raise InvalidInput(f"I can't read {name}: it is not a document I know. Send {ACCEPTED}.")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return SniffedFile(name, "json", data)
    return SniffedFile(name, "text", data)


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; None for binary content."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\r\n\t\f")
    return None if "\x00" in text or controls > 8 else text


def load_json(file: SniffedFile) -> dict[str, Any]:
    return parse_json_document(file.name, file.data)


def parse_json_document(name: str, data: bytes) -> dict[str, Any]:
    """A JSON object from a file, or InvalidInput saying what is wrong (bad JSON, nested too deeply...).

    The nesting is measured before parsing, so a document 100,000 levels deep is refused in words, not
    with a RecursionError. NUL characters (`\\u0000`) are removed later with every other control
    character, when the CV model validates the document (app/cleantext.py).
    """
    text = _decode_text(data)
    if text is None:
        raise InvalidInput(f"{name} is not a text file I can read (binary data or NUL bytes); JSON Resume is text.")
    if json_depth(text) > MAX_JSON_DEPTH:
        raise InvalidInput(
            f"{name} is nested more than {MAX_JSON_DEPTH} levels deep; a JSON Resume is only a few levels deep."
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    if not isinstance(document, dict):
        raise InvalidInput(f"{name}: a JSON Resume file is a JSON object {{...}}, not a {type(document).__name__}.")
    return document


def json_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings do not count)."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def extract_text(file: SniffedFile) -> str:
    """The readable text of a PDF, DOCX or text file (for job ads)."""
    if file.kind == "pdf":
        text = _pdf_text(file)
    elif file.kind == "docx":
        text = _docx_text(file)
    else:
        text = _decode_text(file.data) or ""
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").splitlines()).strip()
    if not text:
        raise InvalidInput(f"{file.name} has no text I can read (is it a scan? Send the text instead).")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(f"{file.name} has {len(text):,} characters of text; the limit is {MAX_TEXT_CHARS:,}.")
    return text


def _pdf_text(file: SniffedFile) -> str:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(file.data)
    except pypdfium2.PdfiumError:
        raise InvalidInput(f"{file.name} is a damaged PDF I cannot open. Export it again, or paste the text.") from None
    try:
        pages = [pdf[i].get_textpage().get_text_range() for i in range(min(len(pdf), 50))]
    finally:
        pdf.close()
    return "\n".join(pages)


def _docx_text(file: SniffedFile) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(file.data))
    except Exception:  # python-docx raises several unrelated types for broken packages
        raise InvalidInput(f"{file.name} is a damaged Word document. Save it again, or paste the text.") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)
