# TEMPORARY (helper integ): replaced at merge
"""A minimal pasted-text reader for developing the import service."""

from __future__ import annotations

from app.imports.document import Line, ReadDocument


def read_text(text: str) -> ReadDocument:
    return ReadDocument("text", [Line(t.strip()) for t in text.splitlines() if t.strip()])
