"""The language a CV is written in, read from its own words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cv.model import Resume

_STOPWORDS = {
    "en": {"the", "and", "of", "with", "for", "to", "in", "led", "built", "team", "years"},
    "de": {"und", "der", "die", "das", "mit", "für", "von", "im", "eine", "ich", "jahre"},
    "fr": {"et", "le", "la", "les", "des", "pour", "avec", "dans", "une", "un", "ans"},
    "es": {"y", "el", "la", "los", "las", "de", "para", "con", "una", "en", "años"},
}


def detect_language(resume: Resume) -> str:
    """The language the CV is written in, from its own words (Cyrillic means Ukrainian); English by default."""
    text = " ".join(
        [resume.basics.summary or "" if resume.basics else ""]
        + [h for w in resume.work or [] for h in (w.highlights or [])]
        + [w.position or "" for w in resume.work or []]
    )
    return text_language(text)


def text_language(text: str) -> str:
    """The language of a text, from its common words (Cyrillic means Ukrainian); English by default."""
    if not text.strip():
        return "en"
    letters = [c for c in text if c.isalpha()]
    if letters and sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters) > 0.5:
        return "uk"
    words = re.findall(r"[^\W\d_]+", text.lower())
    scores = {code: sum(w in stop for w in words) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 2 else "en"
