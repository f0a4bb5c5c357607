"""CV files for the import tests, made in code once per session: our own PDF and DOCX of the full fixture, a
LinkedIn export, and the bad ones (password, damaged, too many pages, bombs, pictures)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from tests.hostile import docx_bomb, handmade_pdf

FULL_JSON = Path(__file__).resolve().parent / "fixtures" / "full_resume.json"
PASTED_CV = """Here is my CV:
Olena Shevchenko
olena.shevchenko@example.com
+380 67 123 4567

Experience
Backend Developer at Nova Poshta
2019 - 2023

Education
Kyiv Polytechnic Institute
"""


def full_resume() -> dict[str, Any]:
    return dict(json.loads(FULL_JSON.read_text()))


@cache
def full_pdf() -> bytes:
    """The full fixture CV as our classic design renders it (two pages)."""
    from app.cv.model import Resume
    from app.render import render_cv

    return render_cv(Resume.model_validate(full_resume()), "pdf", template="classic").data


@cache
def full_docx() -> bytes:
    from app.cv.model import Resume
    from app.render import render_cv

    return render_cv(Resume.model_validate(full_resume()), "docx").data


def _csv(rows: list[dict[str, str]], header: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def linkedin_zip(*, useful: bool = True) -> bytes:
    """LinkedIn's data export as it comes: CSV files in a ZIP (`useful=False`: headers and no rows)."""
    profile = [{"First Name": "Maria", "Last Name": "Kowalska", "Headline": "Staff Engineer"}] if useful else []
    positions = (
        [
            {"Company Name": "PayFlow GmbH", "Title": "Staff Engineer", "Started On": "Mar 2021"},
            {"Company Name": "Allegro", "Title": "Software Engineer", "Started On": "Jul 2017"},
        ]
        if useful
        else []
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Profile.csv", _csv(profile, ["First Name", "Last Name", "Headline"]))
        archive.writestr("Positions.csv", _csv(positions, ["Company Name", "Title", "Started On"]))
    return out.getvalue()


def zip_bomb(unpacked_mb: int = 60) -> bytes:
    """A LinkedIn-looking ZIP whose Positions.csv inflates to `unpacked_mb` MB (the limit is 50 MB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("Profile.csv", b"First Name,Last Name\nMaria,Kowalska\n")
        with archive.open("Positions.csv", "w", force_zip64=True) as part:
            part.write(b"Company Name,Title\n")
            row = b"PayFlow,Engineer\n" * ((1 << 20) // 17)
            for _ in range(unpacked_mb):
                part.write(row)
    return out.getvalue()


def small_docx_bomb() -> bytes:
    """A real Word document with 40,000 paragraphs (120,000 elements): past the 100,000 limit, quick to make."""
    return docx_bomb(40_000)


def pages_pdf(pages: int) -> bytes:
    """A valid PDF of `pages` blank pages."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler whose user password is not empty (its /U fits no empty one)."""
    content = b"BT /F1 12 Tf 72 720 Td (secret) Tj ET"
    identifier = b"<" + b"ab" * 16 + b">"
    return handmade_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"41" * 32 + b"> /U <" + b"5a" * 32 + b"> >>",
        ],
        b"/Encrypt 6 0 R /ID [" + identifier + b" " + identifier + b"]",
    )


def damaged_docx() -> bytes:
    """A ZIP with a Word document's parts whose main part is not XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"this is not XML at all")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01" + b"\x00" * 32
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
OLD_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()
