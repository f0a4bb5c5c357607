"""Uploads: the type comes from the content, limits hold, broken files get a clear answer."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from app.errors import InvalidInput
from app.events import IncomingFile
from app.uploads import extract_text, sniff
from tests.conftest import say
from tests.hostile import one_page_pdf
from tests.import_files import full_pdf

FULL = Path(__file__).parents[1] / "fixtures" / "full_resume.json"


def tiny_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF showing `text` in Helvetica."""
    return one_page_pdf(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())


def tiny_docx(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_comes_out_of_pdf_docx_and_plain_text(settings: Any) -> None:
    pdf_text = extract_text(sniff("ad.pdf", tiny_pdf("Senior Backend Engineer"), 10**6), settings)
    assert "Senior Backend Engineer" in pdf_text
    docx_text = extract_text(sniff("ad.docx", tiny_docx("Data Scientist", "Python, SQL"), 10**6), settings)
    assert docx_text == "Data Scientist\nPython, SQL"
    text = extract_text(sniff("ad.txt", "Nurse\r\nNight shifts\n".encode("utf-16"), 10**6), settings)
    assert text == "Nurse\nNight shifts"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.json", b"", "cv.json is empty"),
        ("big.txt", b"x" * 2_000_001, "big.txt is 2.0 MB; the limit is 2 MB"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01", "photo.jpg is a picture"),
        ("cv.pdf", b"PK\x03\x04not really a zip", "damaged ZIP archive"),
        ("ad.bin", bytes(range(256)) * 4, "it is not a document I know"),
        ("cv.docx", b"%PDF-1.7\n%broken", "damaged PDF"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name: str, data: bytes, message: str, settings: Any) -> None:
    with pytest.raises(InvalidInput, match=message):
        extract_text(sniff(name, data, 2_000_000), settings)


async def test_a_json_resume_upload_becomes_a_cv(service: Any) -> None:
    sink = await say(service, files=(IncomingFile("resume.json", FULL.read_bytes()),))
    assert "Imported Maria Kowalska" in sink.text
    shown = await say(service, "/show")
    assert "Staff Engineer, PayFlow GmbH (Mar 2021 – Present)" in shown.text


async def test_broken_uploads_store_nothing(service: Any) -> None:
    bad_json = IncomingFile("resume.json", b'{"basics": {"email": "nope"}}')
    not_json = IncomingFile("resume.json", b"{oops")
    binary = IncomingFile("resume.json", bytes(range(256)) * 10)
    sink = await say(service, files=(bad_json, not_json, binary))
    assert "basics.email: not a valid email address" in sink.text
    assert "not valid JSON (line 1, column 2" in sink.text
    assert "not a document I know" in sink.text
    assert "no CV" in (await say(service, "/show")).text


async def test_a_pdf_without_a_cv_open_is_imported_and_a_broken_one_explained(service: Any) -> None:
    sink = await say(service, files=(IncomingFile("old-cv.pdf", full_pdf()),))
    assert "Maria Kowalska from old-cv.pdf as CV" in sink.text, sink.text
    corrupt = await say(service, files=(IncomingFile("old-cv.pdf", b"%PDF-1.4\n garbage"),))
    assert "damaged PDF" in corrupt.text
