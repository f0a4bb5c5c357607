"""Human-readable differences between two CV documents."""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from typing import Any

from app.cv.sections import entry_label


def _short(value: Any, limit: int = 80) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _diff_value(path: str, old: Any, new: Any, out: list[str], section: str | None) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(dict.fromkeys([*old, *new])):
            _diff_value(f"{path}.{key}" if path else key, old.get(key), new.get(key), out, section or key)
        return
    if isinstance(old, list) or isinstance(new, list):
        _diff_list(path, old or [], new or [], out, section)
        return
    if old is None:
        out.append(f"+ {path}: {_short(new)}")
    elif new is None:
        out.append(f"- {path}: {_short(old)}")
    else:
        out.append(f"~ {path}: {_short(old)} → {_short(new)}")


def _label(section: str | None, item: Any) -> str:
    if isinstance(item, dict) and section:
        return entry_label(section, item)
    return _short(item)


def _diff_list(path: str, old: list[Any], new: list[Any], out: list[str], section: str | None) -> None:
    keys_old = [json.dumps(x, sort_keys=True) for x in old]
    keys_new = [json.dumps(x, sort_keys=True) for x in new]
    matcher = SequenceMatcher(a=keys_old, b=keys_new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and a1 - a0 == b1 - b0:
            for offset in range(a1 - a0):
                _diff_value(f"{path}[{b0 + offset}]", old[a0 + offset], new[b0 + offset], out, section)
            continue
        for i in range(a0, a1):
            out.append(f"- {path}[{i}]: {_label(section, old[i])}")
        for j in range(b0, b1):
            out.append(f"+ {path}[{j}]: {_label(section, new[j])}")


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Lines like '~ basics.phone: +48 1 → +48 2', '+ work[0]: Engineer at X', '- skills[2]: Go'."""
    out: list[str] = []
    _diff_value("", old, new, out, None)
    return out
