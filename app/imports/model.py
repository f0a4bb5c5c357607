# TEMPORARY (helper integ): replaced at merge
"""The model path's interface, for developing the import service: the draft comes back unchanged."""

from __future__ import annotations

from typing import Any

from app.imports.document import ImportResult


async def refine_with_model(draft: ImportResult, source_text: str, settings: Any) -> ImportResult:
    return draft


def readable_enough(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 40
