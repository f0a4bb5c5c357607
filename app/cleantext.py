"""Text from people, files and models, made safe to store and to print: no control or invisible characters.

PostgreSQL refuses NUL in text and JSONB; escape sequences and C0/C1 controls retitle or rewrite a
terminal; bidi overrides make text read differently from what it is; zero-width characters make a
skill that looks like "Python" not be Python. Line breaks and tabs are kept.
"""

from __future__ import annotations

import re
from typing import Any

# Whole escape sequences first, so no "[31m" is left behind.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[ -/]*[0-~]"  # the rest: ESC 7, ESC ( B, ...
    r"|\x9b[0-?]*[ -/]*[@-~]"  # CSI as one C1 byte
)
# C0 but tab and line feed, DEL, C1; bidi embeddings, overrides, isolates and marks; zero-width space,
# non-joiner, joiner, word joiner, invisible operators, BOM, soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u180e]"
)


def clean_text(text: str) -> str:
    """`text` without control, bidi and invisible characters; CRLF and CR become LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE.sub("", _ESCAPES.sub("", text))


def has_unsafe(text: str) -> bool:
    return bool(_INVISIBLE.search(text) or "\r" in text)


class InvisibleOnly(ValueError):
    """A value that was nothing but invisible characters: refused rather than stored empty."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def clean_value(value: Any, path: str = "", *, lenient: bool = False) -> Any:
    """Strings anywhere in a JSON-like value (keys too) cleaned; one left empty raises InvisibleOnly
    (or, `lenient`, stays empty)."""
    if isinstance(value, str):
        if not has_unsafe(value):
            return value
        cleaned = clean_text(value)
        if value.strip() and not cleaned.strip() and not lenient:
            raise InvisibleOnly(path)
        return cleaned
    if isinstance(value, list):
        return [clean_value(item, f"{path}[{i}]", lenient=lenient) for i, item in enumerate(value)]
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            name = clean_value(key, path, lenient=lenient) if isinstance(key, str) else key
            out[name] = clean_value(item, f"{path}.{name}" if path else str(name), lenient=lenient)
        return out
    return value
