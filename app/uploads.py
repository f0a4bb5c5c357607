"""Files people send: size limits, the type sniffed from the content (never the name), text extraction."""

from __future__ import annotations

import asyncio
import io
import json
import re
import zipfile
import zlib
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from app.cv.limits import check_cv_size
from app.errors import InvalidInput
from app.sandbox import Limits, run_limited

if TYPE_CHECKING:
    from app.config import Settings

FileKind = Literal["json", "pdf", "docx", "linkedin", "text"]
ACCEPTED = "a PDF, a Word document (.docx), a LinkedIn data export (.zip), a JSON Resume (.json) or plain text"
MAX_TEXT_CHARS = 200_000
JSON_IN_PROCESS_BYTES = 1_000_000  # a CV at the size limits is a few hundred KB of JSON, even escaped
MAX_JSON_DEPTH = 64  # said when json.loads runs out of recursion (it recurses once per level)
# Pictures by their first bytes (WebP and HEIC/AVIF have their mark a few bytes in; see _picture).
_PICTURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF87a": "GIF", b"GIF89a": "GIF"}
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of Word 97-2003 (.doc), old Excel and PowerPoint


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
        return SniffedFile(name, _zip_kind(name, data), data)
    if (picture := _picture(data)) is not None:
        raise InvalidInput(
            f"{name} is a picture ({picture}); I read CVs as PDF, Word (.docx), LinkedIn export (.zip) or text. "
            "If it is a photo of a CV, send the PDF or paste the text."
        )
    if data.startswith(_OLE):
        raise InvalidInput(
            f"{name} is an old Word document (.doc), which I cannot read. In Word, save it as .docx "
            "(File > Save As > Word Document) or as a PDF, and send that."
        )
    text = decode_text(data)
    if text is None:
        raise InvalidInput(f"I can't read {name}: it is not a document I know. Send {ACCEPTED}.")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):  # JSON (a list is refused in words by the JSON Resume check)
        return SniffedFile(name, "json", data)
    return SniffedFile(name, "text", data)


def _picture(data: bytes) -> str | None:
    """The picture format the bytes start with, if any."""
    for magic, kind in _PICTURES.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIC"
    return None


def _zip_kind(name: str, data: bytes) -> FileKind:
    """A ZIP is a Word document or LinkedIn's data export; anything else is refused in words."""
    from app.imports.linkedin import is_linkedin_export  # app.imports reads app.uploads' limits

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError):
        raise InvalidInput(f"{name} is a damaged ZIP archive. Save or export it again, or paste the text.") from None
    if "word/document.xml" in names:
        return "docx"
    if is_linkedin_export(names):
        return "linkedin"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise InvalidInput(
            f"{name} is an OpenDocument file (LibreOffice or OpenOffice), which I cannot read. "
            "Save it as Word (.docx) or PDF (File > Save As), and send that."
        )
    if any(n.startswith(("Index/", "QuickLook/")) or n == "index.xml" for n in names):
        raise InvalidInput(
            f"{name} is an Apple Pages document, which I cannot read. "
            "Export it as Word (.docx) or PDF (File > Export To), and send that."
        )
    raise InvalidInput(
        f"{name} is a ZIP archive that holds neither a Word document nor a LinkedIn data export. Send {ACCEPTED}."
    )


def decode_text(data: bytes) -> str | None:
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


def load_json(file: SniffedFile, worker: Limits | None = None) -> dict[str, Any]:
    return parse_json_document(file.name, file.data, worker)


def parse_json_document(name: str, data: bytes, worker: Limits | None = None) -> dict[str, Any]:
    """A JSON object from a file, or InvalidInput saying what is wrong (bad JSON, nested too deeply...).

    A document nested deeper than the parser's recursion limit (100,000 levels, say) stops the parser
    with a RecursionError, which is refused in words; one within it is refused by the CV size check,
    which allows 12 levels and reads only as far as the first limit it finds. NUL characters
    (`\\u0000`) are removed later with every other control character, when the CV model validates the
    document (app/cleantext.py).
    """
    if worker is not None and len(data) > JSON_IN_PROCESS_BYTES:
        # json.loads holds the interpreter for tens of ms per MB, and a CV within the limits is far smaller:
        # in the server such a file is judged in a child process first (the same checks, the same messages).
        run_limited("app.uploads:check_json_document", data, {"name": name}, worker, name)
    text = decode_text(data)
    if text is None:
        raise InvalidInput(f"{name} is not a text file I can read (binary data or NUL bytes); JSON Resume is text.")
    too_deep = f"{name} is nested more than {MAX_JSON_DEPTH} levels deep; a JSON Resume is only a few levels deep."
    try:
        document = json.loads(text)
    except RecursionError:
        raise InvalidInput(too_deep) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    if not isinstance(document, dict):
        raise InvalidInput(f"{name}: a JSON Resume file is a JSON object {{...}}, not a {type(document).__name__}.")
    # Here already, not only when it is saved: the import would show the whole document as its input first.
    check_cv_size(document, intro=f"{name} is too big for a CV")
    return document


def check_json_document(data: bytes, name: str) -> bool:
    """In the worker: `parse_json_document`'s checks on a large file; its InvalidInput goes back as it is."""
    parse_json_document(name, data)
    return True


@dataclass(frozen=True)
class DocumentLimits:
    """How much a document may hold before it is parsed (checked cheaply, in the worker, first)."""

    pages: int = 50
    unpacked_bytes: int = 50_000_000
    elements: int = 100_000
    zip_entries: int = 1_000


def document_limits(settings: Settings) -> tuple[Limits, DocumentLimits]:
    """The worker's limits and the document's, from the settings."""
    worker = Limits(settings.parse_seconds, settings.parse_memory_mb)
    document = DocumentLimits(
        pages=settings.parse_max_pages,
        unpacked_bytes=settings.parse_max_unpacked_mb * 1_000_000,
        elements=settings.parse_max_elements,
    )
    return worker, document


def extract_text(file: SniffedFile, settings: Settings) -> str:
    """The readable text of a PDF, DOCX or text file (for job ads), read in a child process with limits.

    A file over a limit (pages, unpacked size, elements, time, memory) gets an `InvalidInput` naming it.
    Blocks this thread for at most the time limit: async callers use `extract_text_async`.
    """
    if file.kind == "linkedin":
        raise InvalidInput(f"{file.name} is a LinkedIn data export; send the job ad as text, a PDF or a Word file.")
    if file.kind in ("pdf", "docx"):
        worker, document = document_limits(settings)
        params = {"name": file.name, "kind": file.kind, "limits": asdict(document)}
        text = str(run_limited("app.uploads:read_document", file.data, params, worker, file.name))
    else:
        text = decode_text(file.data) or ""
    return clean_text_document(file.name, text)


async def extract_text_async(file: SniffedFile, settings: Settings) -> str:
    """`extract_text` without holding up the event loop (and so everyone else)."""
    return await asyncio.to_thread(extract_text, file, settings)


def clean_text_document(name: str, text: str) -> str:
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").splitlines()).strip()
    if not text:
        raise InvalidInput(f"{name} has no text I can read (is it a scan? Send the text instead).")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput(f"{name} has {len(text):,} characters of text; the limit is {MAX_TEXT_CHARS:,}.")
    return text


def read_document(data: bytes, name: str, kind: str, limits: dict[str, int]) -> str:
    """In the worker: cheap checks against `limits`, then the parser. Untrusted input: no limits here."""
    checked = DocumentLimits(**limits)
    file = SniffedFile(name, "pdf" if kind == "pdf" else "docx", data)
    if kind == "pdf":
        check_pdf_streams(file, checked)
        return _pdf_text(file, checked)
    check_docx(file, checked)
    return _docx_text(file)


def _mb(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 1e6 else f"{size / 1e6:.1f} MB"


def _unpacked_error(name: str, size: int, limits: DocumentLimits) -> InvalidInput:
    return InvalidInput(
        f"{name} unpacks to more than {_mb(size)}; the limit is {_mb(limits.unpacked_bytes)} of unpacked content. "
        "Send a smaller file, or paste the text instead."
    )


_STREAM = re.compile(rb"stream\r?\n")


def check_pdf_streams(file: SniffedFile, limits: DocumentLimits) -> None:
    """Inflate every zlib stream of the PDF (in steps, counting) before pdfium does: a few hundred KB can
    hold hundreds of MB of page content, which pdfium would unpack in one piece."""
    total = 0
    position = 0
    data = file.data
    while (match := _STREAM.search(data, position)) is not None:
        position = match.end()
        inflater = zlib.decompressobj()
        chunk_start = position
        try:
            while not inflater.eof and chunk_start < len(data):
                piece = data[chunk_start : chunk_start + (1 << 16)]
                chunk_start += len(piece)
                out = inflater.decompress(piece, 1 << 20)
                while True:
                    total += len(out)
                    if total > limits.unpacked_bytes:
                        raise _unpacked_error(file.name, total, limits)
                    if not inflater.unconsumed_tail:
                        break
                    out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
        except zlib.error:
            continue  # not a zlib stream (an image, a font in another filter): pdfium's own business
        if inflater.eof:
            position = chunk_start - len(inflater.unused_data)


def _pdf_text(file: SniffedFile, limits: DocumentLimits | None = None) -> str:
    import pypdfium2

    limits = limits or DocumentLimits()
    try:
        pdf = pypdfium2.PdfDocument(file.data)
    except pypdfium2.PdfiumError:
        raise InvalidInput(f"{file.name} is a damaged PDF I cannot open. Export it again, or paste the text.") from None
    try:
        if len(pdf) > limits.pages:
            raise InvalidInput(
                f"{file.name} has {len(pdf):,} pages; the limit is {limits.pages}. "
                "Send the pages that matter, or paste the text instead."
            )
        pages = []
        characters = 0
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            characters += len(text)
            if characters > MAX_TEXT_CHARS * 2:  # whitespace is trimmed later: stop well past the limit
                raise InvalidInput(
                    f"{file.name} has more than {MAX_TEXT_CHARS:,} characters of text; that is the limit."
                )
            pages.append(text)
    finally:
        pdf.close()
    return "\n".join(pages)


_OPEN_TAG = re.compile(rb"<[A-Za-z]")


def check_docx(file: SniffedFile, limits: DocumentLimits) -> None:
    """The ZIP's directory (entries, declared sizes: zipfile never unpacks past them) and the number of
    XML elements in all its parts, counted while streaming, before python-docx builds a tree."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(file.data))
    except zipfile.BadZipFile:
        raise InvalidInput(f"{file.name} is a damaged Word document. Save it again, or paste the text.") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.zip_entries:
            raise InvalidInput(
                f"{file.name} holds {len(entries):,} files inside; the limit for a Word document is "
                f"{limits.zip_entries:,}. Save it again from Word, or paste the text instead."
            )
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > limits.unpacked_bytes:
            raise _unpacked_error(file.name, unpacked, limits)
        elements = 0
        try:
            # Every XML part, not only word/document.xml: the package's relationships name the main part.
            for entry in entries:
                if not entry.filename.endswith((".xml", ".rels")):
                    continue
                with archive.open(entry) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        elements += len(_OPEN_TAG.findall(tail + chunk))  # a tag cut by the chunk: counted once
                        tail = chunk[-1:]
                        if elements > limits.elements:
                            raise InvalidInput(
                                f"{file.name} has more than {limits.elements:,} elements (paragraphs, runs, table "
                                "cells…); that is the limit. Send a shorter document, or paste the text instead."
                            )
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise InvalidInput(f"{file.name} is a damaged Word document. Save it again, or paste the text.") from None


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
