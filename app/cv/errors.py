"""Turn pydantic validation errors on a CV into sentences: "work[2].startDate: use YYYY-MM"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from app.errors import InvalidInput

_DATE_HINT = "use YYYY-MM (e.g. 2021-03), YYYY or YYYY-MM-DD"
_MESSAGES = {
    "iso_date": _DATE_HINT,
    "iso_date_year": "the year must be between 1900 and 2100",
    "iso_date_month": "the month must be 01 to 12; " + _DATE_HINT,
    "iso_date_day": "that day does not exist in that month; " + _DATE_HINT,
    "email": "not a valid email address (e.g. maria@example.com)",
    "url": "not a valid web address (e.g. https://example.com/you)",
    "end_before_start": "the end date is before the start date",
}
_TYPE_MESSAGES = {
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be an object with named fields",
    "model_type": "must be an object with named fields",
    "int_type": "must be a whole number",
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "literal_error": "must be one of the listed values",
}


def format_location(loc: Sequence[int | str], prefix: str = "") -> str:
    """('work', 2, 'startDate') -> 'work[2].startDate'."""
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "document"


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "value_error":
        cause = error.get("ctx", {}).get("error")
        key = str(cause) if cause is not None else ""
        if key in _MESSAGES:
            return _MESSAGES[key]
        return str(error["msg"]).removeprefix("Value error, ")
    if error["type"] in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[error["type"]]
    return str(error["msg"])


def humanize(exc: ValidationError, prefix: str = "", limit: int = 8) -> list[str]:
    """One line per problem, located like `education[0].endDate`; at most `limit` lines."""
    lines: list[str] = []
    for error in exc.errors():
        # A union member path (e.g. 'function-after[...]') is noise for a person; keep real fields.
        loc = [p for p in error["loc"] if isinstance(p, int) or not str(p).startswith("function-")]
        if not loc and not prefix and error["type"] == "invisible_only":  # its message names the field
            lines.append(_message(dict(error)))
        else:
            lines.append(f"{format_location(loc, prefix)}: {_message(dict(error))}")
    unique = list(dict.fromkeys(lines))
    if len(unique) > limit:
        unique = unique[:limit] + [f"... and {len(unique) - limit} more"]
    return unique


def invalid_cv(exc: ValidationError, prefix: str = "", intro: str = "That does not fit a CV") -> InvalidInput:
    lines = humanize(exc, prefix)
    return InvalidInput(intro + ":\n" + "\n".join(f"- {line}" for line in lines))
