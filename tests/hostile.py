"""Hostile inputs made in code (never committed as files): decompression bombs and an oversize CV.

Shared by the tests and bench/hostile_inputs.py. Each is generated in bounded memory.
"""

from __future__ import annotations

import io
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def docx_bomb(paragraphs: int = 3_000_000) -> bytes:
    """A real Word document (python-docx's own template) whose body holds `paragraphs` short paragraphs:
    3 million fit in about 330 KB, and parsing them took 82 s and 3.7 GB."""
    import docx

    template = io.BytesIO()
    docx.Document().save(template)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for entry in source.infolist():
            if entry.filename != "word/document.xml":
                target.writestr(entry, source.read(entry))
                continue
            with target.open(entry.filename, "w", force_zip64=True) as body:
                body.write(
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                    b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                )
                block = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 10_000
                for _ in range(paragraphs // 10_000):
                    body.write(block)
                body.write(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * (paragraphs % 10_000))
                body.write(b"</w:body></w:document>")
    return out.getvalue()


def pdf_bomb(unpacked_mb: int = 400) -> bytes:
    """A valid one-page PDF whose content stream is `unpacked_mb` MB of text operators once inflated,
    in well under 1 MB (400 MB froze the server for 27 s at 8.3 GB)."""
    line = b"BT /F1 1 Tf 72 720 Td (x) Tj ET\n"
    chunk = line * ((1 << 20) // len(line))
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(chunk) for _ in range(unpacked_mb)]
    parts.append(compressor.flush())
    return one_page_pdf(b"".join(parts), flate=True)


def one_page_pdf(content: bytes, flate: bool = False) -> bytes:
    """A valid one-page PDF (Helvetica as F1) whose page shows the content stream `content`."""
    stream_dict = b"<< /Length " + str(len(content)).encode() + (b" /Filter /FlateDecode" if flate else b"") + b" >>"
    return handmade_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            stream_dict + b"\nstream\n" + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def handmade_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of these objects (numbered from 1, the first the catalog), with its cross-reference table;
    `trailer` adds entries to the trailer (/Encrypt, /ID)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def long_resume(jobs: int = 10_000, bullets: int = 3) -> dict[str, Any]:
    """The test fixture's CV with `jobs` jobs (10,000 took 161 s to render as a PDF)."""
    resume: dict[str, Any] = json.loads((FIXTURES / "full_resume.json").read_text(encoding="utf-8"))
    resume["work"] = [
        {
            "name": f"Company {i}",
            "position": "Engineer",
            "startDate": "2015-01",
            "endDate": "2016-01",
            "highlights": [f"Delivered project {i}.{b} that cut costs by {b + 5}%" for b in range(bullets)],
        }
        for i in range(jobs)
    ]
    return resume
