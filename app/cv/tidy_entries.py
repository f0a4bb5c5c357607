"""Tidying entry answers: a language and its level, a company and its place, a degree and its grade.

The person is told what was read: "a bit of German" is stored as German, "Elementary, A2", and said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.cv.tidy import drop_filler, joined, said_notes


def _words(text: str) -> str:
    return " ".join(text.split())


# --- languages ------------------------------------------------------------------------------------

# Levels as CVs write them, by the words people use; kept in the person's word, with the CEFR level if given.
_LEVELS = {
    "native": "Native", "native speaker": "Native", "mother tongue": "Native", "first language": "Native",
    "bilingual": "Bilingual", "fluent": "Fluent", "fluently": "Fluent", "proficient": "Proficient",
    "advanced": "Advanced", "upper intermediate": "Upper intermediate", "upper-intermediate": "Upper intermediate",
    "intermediate": "Intermediate", "conversational": "Conversational", "elementary": "Elementary",
    "beginner": "Beginner", "basic": "Basic", "good": "Good", "very good": "Very good", "excellent": "Excellent",
    "professional working proficiency": "Professional working proficiency",
    "full professional proficiency": "Full professional proficiency",
    "limited working proficiency": "Limited working proficiency", "working proficiency": "Working proficiency",
    "professional": "Professional",
}  # fmt: skip
# Plain words that say how well without naming a level: read as the nearest CEFR level, and said.
_VAGUE_LEVELS = {
    "a bit of": "Elementary, A2", "a bit": "Elementary, A2", "a little": "Elementary, A2",
    "a little bit of": "Elementary, A2", "a little bit": "Elementary, A2", "some": "Elementary, A2",
    "bits of": "Elementary, A2", "rusty": "Elementary, A2", "school": "Elementary, A2",
    "a few words of": "Elementary, A2", "survival": "Elementary, A2", "tourist": "Elementary, A2",
    "learning": "Beginner, A1", "i'm learning": "Beginner, A1", "currently learning": "Beginner, A1",
    "just started": "Beginner, A1", "just started learning": "Beginner, A1", "ok": "Intermediate, B1",
    "okay": "Intermediate, B1", "decent": "Intermediate, B1", "reasonable": "Intermediate, B1",
    "can get by in": "Intermediate, B1", "get by in": "Intermediate, B1", "passable": "Intermediate, B1",
    "not bad": "Intermediate, B1", "pretty good": "Upper intermediate, B2", "quite good": "Upper intermediate, B2",
    "almost fluent": "Advanced, C1", "nearly fluent": "Advanced, C1", "pretty fluent": "Advanced, C1",
    "quite fluent": "Advanced, C1", "near native": "Proficient, C2", "near-native": "Proficient, C2",
    "native-like": "Proficient, C2",
}  # fmt: skip
_LEVEL_PHRASE = "|".join(re.escape(p) for p in sorted([*_LEVELS, *_VAGUE_LEVELS], key=len, reverse=True))
_CEFR = re.compile(r"(?:\bat\s+)?(?:\blevel\s+)?\b([abc][12]\+?)(?!\w)(?:\s+level\b)?", re.I)
_LEAD_IN = re.compile(r"^(?:i\s+(?:can\s+)?(?:speak|know|read|write|understand)|i'?m|i\s+am|and|also|plus)\s+", re.I)
_LEVEL_AT = re.compile(
    rf"^(?:(?P<lead>{_LEVEL_PHRASE})(?:\s+in)?\s+(?P<rest>.+)|(?P<rest2>.+?)\s*(?:[:(–—,-]\s*|\s+)(?:at\s+)?"
    rf"(?:level\s+)?(?:is\s+)?(?P<trail>{_LEVEL_PHRASE})(?:\s+speaker|\s+level)?\)?)$",
    re.I,
)


@dataclass(frozen=True)
class TidiedLanguages:
    """(language, fluency) pairs as stored, and what was read on the way (a vague level's CEFR level)."""

    languages: list[tuple[str, str | None]]
    notes: list[str] = field(default_factory=list)

    def shown(self) -> str:
        """'German (Elementary, A2), English (Native)': how the saved languages are confirmed."""
        return ", ".join(language_text(name, level) for name, level in self.languages)

    def sentence(self) -> str:
        """What was read, as a sentence after the confirmation: " I read 'a bit of' as Elementary, A2." or ""."""
        return f" {said_notes(self.notes)}." if self.notes else ""


def language_text(language: str, fluency: str | None) -> str:
    """'German', 'Elementary, A2' -> 'German (Elementary, A2)'; an old 'Elementary (A2)' reads the same."""
    if not fluency:
        return language
    return f"{language} ({fluency.replace(' (', ', ').rstrip(')') if '(' in fluency else fluency})"


def tidy_language(text: str) -> tuple[str, str | None, str | None]:
    """One language as typed -> (name, fluency, the vague words read as a level or None).

    'a bit of German' -> ('German', 'Elementary, A2', 'a bit of'); 'German B2' -> ('German', 'B2', None);
    'fluent french (C1)' -> ('French', 'Fluent (C1)', None); 'native English speaker' -> ('English', 'Native', None).
    """
    item, _ = drop_filler(text)
    item = _LEAD_IN.sub("", item.strip(" .")).strip()
    bracket = re.fullmatch(r"(.+?)\s*\((.+)\)", item)
    if bracket and not _LEVEL_AT.match(f"x {bracket.group(2)}") and not _CEFR.fullmatch(bracket.group(2).strip()):
        # "Deutsch (Muttersprache)", "Mandarin (HSK 5)", "French (DELF B2)": a level in words of its own, kept
        level = bracket.group(2).strip()
        return _language_name(bracket.group(1)), level[:1].upper() + level[1:], None
    cefr_match = _CEFR.search(item)
    cefr = cefr_match.group(1).upper() if cefr_match else None
    if cefr_match:
        item = (item[: cefr_match.start()] + " " + item[cefr_match.end() :]).strip()
        item = re.sub(r"\(\s*\)", "", item).strip(" :-–—,(")
    phrase: str | None = None
    match = _LEVEL_AT.match(item)
    if match:
        phrase = (match.group("lead") or match.group("trail")).lower()
        item = match.group("rest") or match.group("rest2") or ""
    name = _language_name(item)
    if phrase in _LEVELS:
        word = _LEVELS[phrase]
        return name, f"{word}, {cefr}" if cefr and word not in ("Native", "Bilingual") else word, None
    if cefr:
        return name, cefr, None
    if phrase in _VAGUE_LEVELS:
        return name, _VAGUE_LEVELS[phrase], phrase
    return name, None, None


def _language_name(text: str) -> str:
    name = re.sub(r"\s+(?:speaker|language)$", "", text.strip(" :-–—,()"), flags=re.I)
    return name[:1].upper() + name[1:] if name.islower() else name


def tidy_languages(text: str) -> TidiedLanguages:
    """'fluent french and a bit of German' -> French (Fluent), German (Elementary, A2), with what was read."""
    items = [i for i in re.split(r"\s*[,;/\n]\s*|\s+(?:and|&|plus)\s+", _words(text).rstrip(".")) if i.strip()]
    languages: list[tuple[str, str | None]] = []
    read: list[str] = []
    for item in items:
        name, fluency, vague = tidy_language(item)
        if not name:
            continue
        languages.append((name, fluency))
        if vague and fluency:
            read.append(f"'{vague}' as {fluency}")
    notes = [f"read {joined(read)}"] if read else []
    return TidiedLanguages(languages, notes)


# --- a company's place, a degree's grade ----------------------------------------------------------

# Words that make a name part of a company's name, never a place ("Acme, Inc.", "Ernst & Young, Global Services").
_COMPANY_PART = re.compile(
    r"\b(?:gmbh|ltd|limited|inc|llc|llp|plc|ag|sa|s\.a|sarl|srl|spa|s\.p\.a|sp\.?\s*z\s*o\.?o|corp|corporation|co|"
    r"company|bv|nv|oy|ab|as|kg|group|labs?|technolog(?:y|ies)|solutions|systems|software|consulting|bank|capital|"
    r"partners|services|digital|media|health|studios?|games|gaming|ventures|holdings|international|global|"
    r"foundation|university|agency|associates|industries|enterprises|networks|the|"
    # a department or line of business after the company: "PwC, Assurance", "J&J, Consumer Health"
    r"assurance|advisory|audit|tax|payments|platform|engineering|research|sales|marketing|operations|division|"
    r"department|team|unit|retail|consumer|commercial|corporate|investment|banking|product|design|data|it|hr|"
    r"finance|legal|strategy|innovation|r&d|emea|apac|americas)\b\.?",
    re.I,
)
_PLACE_WORD = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|upon|on|am|an|der|de|del|la|le|sur|im|of)$")


def _place_like(part: str, lower: bool = False) -> bool:
    """'Leeds', 'New York', 'Zurich', 'UK', 'Remote': 1 to 3 capitalised words that are no company word."""
    words = part.split()
    if part.lower() in ("remote", "hybrid"):
        return True
    return (
        1 <= len(words) <= 3
        and (words[0][:1].isupper() or (lower and len(words) <= 2))
        and all(_PLACE_WORD.match(w) or (lower and w.isalpha()) for w in words)
        and not _COMPANY_PART.search(part)
        and not re.search(r"\d", part)
    )


def split_company_location(text: str) -> tuple[str, str | None]:
    """'Sky Betting & Gaming, Leeds' -> ('Sky Betting & Gaming', 'Leeds'); 'Monzo in London', 'Google (Zurich)'.

    A name whose last part is no place ('Acme, Inc.', 'Smith, Jones & Partners') stays whole.
    """
    name = _words(text).strip(" .")
    bracket = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    if bracket and _place_like(bracket.group(2).strip()):
        return bracket.group(1).strip(" ,"), _place_name(bracket.group(2))
    within = re.fullmatch(r"(.+?)\s+(?:in|based in)\s+([^,]+(?:,\s*[^,]+)?)", name)
    if within and all(_place_like(p.strip()) for p in within.group(2).split(",")):
        return within.group(1).strip(" ,"), _place_name(within.group(2))
    parts = [p.strip() for p in name.split(",")]
    place: list[str] = []
    # Typed all in lower case, a short last part is taken for a place ("monzo, london").
    while len(parts) > 1 and len(place) < 2 and _place_like(parts[-1], lower=name.islower()):
        place.insert(0, parts.pop())
    return ", ".join(parts), (_place_name(", ".join(place)) if place else None)


def _place_name(text: str) -> str:
    text = _words(text).strip(" ,")
    return text.title() if text.islower() else text


_GRADE = re.compile(
    r"\b(?:(?:with\s+(?:a|an)\s+)?GPA\s*(?:of\s*)?:?\s*\d(?:[.,]\d{1,2})?(?:\s*(?:/|out\s+of)\s*\d(?:[.,]\d{1,2})?)?"
    r"|\d[.,]\d{1,2}\s*(?:/|out\s+of)\s*\d(?:[.,]\d{1,2})?(?:\s*GPA)?"
    r"|(?:summa\s+|magna\s+)?cum\s+laude"
    r"|(?:with\s+)?(?:high(?:est)?\s+|great\s+)?(?:distinction|merit)"
    r"|(?:with\s+)?(?:a\s+)?(?:first|upper\s+second|lower\s+second|second|third)[-\s]class(?:\s+honou?rs)?(?:\s+degree)?"
    r"|(?:with\s+)?(?:a\s+)?2\s*:\s*[12](?:\s+honou?rs)?"
    r"|(?:(?:final\s+)?(?:note|grade|mark|abschlussnote|average)\s*:?\s*\d(?:[.,]\d{1,2})?)"
    r"|\d{2,3}\s*/\s*(?:100|110)(?:\s+(?:e\s+lode|(?:summa\s+|magna\s+)?cum\s+laude))?)(?![\w/])",
    re.I,
)
# A grade that is a whole part of its own: "BSc Physics, First" / "(First)".
_GRADE_PART = re.compile(r"^(?:first|1st|distinction|merit|pass|honou?rs|a\s+first)$", re.I)


def split_grade(text: str) -> tuple[str, str | None]:
    """'BSc Physics, Leeds, 2:1' -> ('BSc Physics, Leeds', '2:1'); 'GPA 3.8', '3.8/4.0', 'Note 1,3' likewise."""
    match = _GRADE.search(text)
    if match:
        grade = re.sub(r"^(?:with\s+)?(?:a\s+|an\s+)?", "", match.group(0).strip(), flags=re.I)
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    else:
        parts = re.split(r"(\s*[,;]\s*|\s+[-–—]\s+|\s*\(\s*|\s*\)\s*)", text)
        found = next((i for i, p in enumerate(parts) if i % 2 == 0 and _GRADE_PART.match(p.strip())), None)
        if found is None:
            return text, None
        grade = re.sub(r"^a\s+", "", parts[found].strip(), flags=re.I)
        rest = "".join(parts[:found] + parts[found + 1 :])
    rest = re.sub(r"\(\s*\)|(?:^|\s+)(?:graduated|finished)$", "", _words(rest))
    rest = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", rest).strip(" ,;-–—(")
    rest = re.sub(r"\s+(?:with|and)$", "", rest, flags=re.I)
    grade = grade[:1].upper() + grade[1:]
    if re.fullmatch(r"first|1st", grade, re.I):
        grade = "First"
    return rest, grade
