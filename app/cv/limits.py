"""How big a CV may be: entries per section, items per list, characters per field and in all.

Checked on the raw JSON before the model validates it (cheap, and an oversize import is refused before
anything is stored). Generous for real CVs — a long academic CV fits — and small enough that any CV
renders in seconds: a 10,000-job document took 161 s to become a PDF.
"""

from __future__ import annotations

from typing import Any

from app.errors import InvalidInput

MAX_ENTRIES = 100  # per section (work, publications...)
MAX_ITEMS = 50  # per list inside an entry (highlights, keywords, courses, profiles...)
MAX_FIELD_CHARS = 5_000  # one text field (a summary is a few hundred)
MAX_TOTAL_CHARS = 60_000  # every text field together: about 25 pages (a 2-page CV has about 5,000)
MAX_DEPTH = 12  # nesting of objects and lists (unknown fields are kept, so they are checked too)


def check_cv_size(document: Any, intro: str = "That CV is too big") -> None:
    """InvalidInput naming the section and the limit when `document` (a JSON Resume dict) is over one."""
    if not isinstance(document, dict):
        return  # the model reports the wrong type
    problems: list[str] = []
    for name, value in document.items():
        if isinstance(value, list) and len(value) > MAX_ENTRIES:
            problems.append(f"{name} has {len(value):,} entries; the limit is {MAX_ENTRIES} per section")

    if not problems:
        total = _walk(document, "", 0, problems)
        if total > MAX_TOTAL_CHARS:
            problems.append(f"the CV has {total:,} characters of text; the limit is {MAX_TOTAL_CHARS:,}")
    if problems:
        shown = problems[:5] + ([f"... and {len(problems) - 5} more"] if len(problems) > 5 else [])
        raise InvalidInput(
            intro + ":\n" + "\n".join(f"- {p}" for p in shown) + "\nShorten it (a CV reads best in 1–3 pages) "
            "and try again."
        )


def _walk(value: Any, path: str, depth: int, problems: list[str]) -> int:
    """Characters of text under `value`; lists and fields over their limits are added to `problems`."""
    if len(problems) > 5:
        return 0
    if depth > MAX_DEPTH:
        problems.append(f"{path or 'the document'} is nested more than {MAX_DEPTH} levels deep")
        return 0
    if isinstance(value, str):
        if len(value) > MAX_FIELD_CHARS:
            problems.append(f"{path} has {len(value):,} characters; the limit is {MAX_FIELD_CHARS:,} per field")
        return len(value)
    total = 0
    if isinstance(value, dict):
        for key, item in value.items():
            total += len(str(key))
            total += _walk(item, f"{path}.{key}" if path else str(key), depth + 1, problems)
    elif isinstance(value, list):
        if depth > 1 and len(value) > MAX_ITEMS:  # sections (depth 1) are counted by check_cv_size
            problems.append(f"{path} has {len(value):,} items; the limit is {MAX_ITEMS} per list")
        for index, item in enumerate(value):
            total += _walk(item, f"{path}[{index}]", depth + 1, problems)
    return total
