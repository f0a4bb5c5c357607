# TEMPORARY (helper integ): replaced at merge
"""A naive builder for developing the import service: the name, the email and headings, nothing more."""

from __future__ import annotations

import re
from typing import Any

from app.imports.document import ImportResult, ReadDocument, Uncertain

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HEADINGS = {"experience", "work experience", "education", "skills", "languages", "projects", "summary"}


def build_resume(doc: ReadDocument) -> ImportResult:
    basics: dict[str, Any] = {}
    unplaced: list[str] = []
    work: list[dict[str, Any]] = []
    section = ""
    for line in doc.lines:
        text = line.text
        if "name" not in basics and not _EMAIL.search(text) and text.lower() not in _HEADINGS:
            basics["name"] = text
            continue
        if (found := _EMAIL.search(text)) and "email" not in basics:
            basics["email"] = found.group(0)
            continue
        if text.lower().rstrip(":") in _HEADINGS:
            section = text.lower()
            continue
        if "experience" in section and " at " in text:
            position, company = text.split(" at ", 1)
            work.append({"name": company.strip(), "position": position.strip()})
            continue
        unplaced.append(text)
    document: dict[str, Any] = {"basics": basics}
    if work:
        document["work"] = work
    uncertain = [Uncertain("work.0.name", work[0]["name"], f"Is '{work[0]['name']}' the company?")] if work else []
    return ImportResult(document, doc.kind if doc.kind != "ocr" else "pdf", unplaced=unplaced, uncertain=uncertain)
