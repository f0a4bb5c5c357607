"""The know-how an English ad asks for in its own words ("bank reconciliations", "VAT returns", "manual
therapy", "menu development"), which no list of names holds. Where a line asks for something, its
phrases are cut at lists and prepositions, stripped of the words around a skill (verbs, pronouns,
"experience", "strong"), and kept when a word in them is a specialist's: one that skill spans often
hold in the tagger's training postings, or one those tech postings never use (bookkeeping, dispensing,
hydrotherapy). A phrase of everyday words only ("user stories", "employee relations") is left to the
vocabulary and the tagger."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from app.ats.names import odd_shaped
from app.ats.tagger import plausible, rate_parts
from app.ats.vocab import Match, norm_token, not_skills, tokens_of, verb_forms

# Where a phrase ends: punctuation, list words and the prepositions around a skill.
_BREAKS = re.compile(
    r"[,;:()\[\]!?•·|\"“”]|\.(?:\s|$)|\s[-–—]\s|"
    r"\b(?:and|or|&|with|using|in|of|for|to|on|at|by|from|via|including|like|such as|e\.g\.?|i\.e\.?|across|"
    r"within|into|as|plus|through|per|than|about|over|under|etc\.?|is|are|be|will|would|should|must|can|"
    r"a|an|the|you|your|we|our|us|it|this|that|these|those|who|which|while|where|when|if|not|no|but|have|has|"
    r"had|know|another|too|up|ever|always|before|after|enough|very|more|most|less|also|just|only|both|each|every|"
    r"any|some|all|been|being|was|were|do|does|did|get|got|so|then|there|here|how|what|why|they|them|their|"
    r"he|she|his|her|i|me|my)\b",
    re.I,
)
# Words said around a skill, never part of one.
_AROUND = frozenset({
    "experience", "experienced", "knowledge", "understanding", "proficiency", "proficient", "familiarity",
    "familiar", "expertise", "background", "ability", "able", "skill", "skilled", "strong", "solid", "good",
    "excellent", "proven", "demonstrable", "demonstrated", "relevant", "hands-on", "deep", "extensive",
    "practical", "sound", "thorough", "working", "basic", "advanced", "some", "any", "all", "very", "highly",
    "confident", "comfortable", "fluent", "competent", "track", "record", "year", "years", "month", "level",
    "plus", "bonus", "nice", "ideally", "preferably", "required", "essential", "desirable", "preferred",
    "mandatory", "previous", "prior", "current", "valid", "full", "minimum", "least", "ideal", "great",
    "love", "passion", "interest", "exposure", "need", "needed", "want", "also", "other", "similar", "related",
    "equivalent", "certain", "own", "new", "daily", "weekly", "first", "one", "two", "three", "several",
    "ll", "re", "ve", "d", "s",
})  # fmt: skip
_VERBS_TOO = frozenset({
    "be", "have", "do", "get", "use", "work", "join", "help", "take", "make", "keep", "run", "own", "drive",
    "ensure", "support", "prepare", "handle", "process", "maintain", "write", "read", "speak", "know", "bring",
    "hold", "deliver", "provide", "assist", "book", "raise", "chase", "update", "post", "answer",
    "act", "set", "give", "show", "play", "turn", "grow", "learn", "teach", "care", "look", "find", "build",
    "lead", "manage", "develop", "design", "create", "plan", "review", "partner", "coach", "mentor",
})  # fmt: skip


@cache
def _verbs() -> frozenset[str]:
    return frozenset(verb_forms().values()) | frozenset(verb_forms()) | _VERBS_TOO


def specialist(word: str, rates: dict[str, str]) -> bool:
    """A word that says the phrase is know-how: often inside a skill in the tagger's postings, or one
    those postings never use (and long enough not to be a stray token)."""
    key = norm_token(word)
    if odd_shaped(word) or (word.isupper() and len(word) >= 2):
        return True
    tag = rates.get(key)
    if tag is None:
        return word.isalpha() and len(word) >= 4 and key not in not_skills()
    level, seen = rate_parts(tag)
    return level >= 3 or seen <= 1 or (level == 2 and seen <= 3)


def _specialist_word(word: str, rates: dict[str, str]) -> bool:
    """A word that is a skill on its own: a name-shaped one ("SQL"), or a long one the tagger's postings never
    use that is not an inflected verb or an adverb ("bookkeeping", "arbitration"; not "studied", "genuinely")."""
    if odd_shaped(word) or (word.isupper() and len(word) >= 2):
        return True
    return (
        norm_token(word) not in rates
        and len(word) >= 8
        and word.isalpha()
        and not word.endswith(("ed", "ly", "ing", "ive", "ous", "ful", "able", "ible", "al"))
        and norm_token(word) not in _verbs()
    )


def a_verb(word: str) -> bool:
    """ "prepare", "prepared", "preparing", "running": a verb that starts a task, not the skill's name."""
    stem = word[:-3] if word.endswith("ing") else ""
    return any(
        form in _verbs() for form in (norm_token(word), stem, stem + "e", stem[:-1] if stem[-2:-1] == stem[-1:] else "")
    )


def skill_phrases(line: str, rates: dict[str, str], common: Collection[str]) -> list[Match]:
    """The phrases of `line` that read as know-how, 1-4 words each, with their places in the line."""
    out: list[Match] = []
    start = 0
    for cut in [*_BREAKS.finditer(line), None]:
        end = cut.start() if cut else len(line)
        words = [(word, start + a, start + b) for word, a, b in tokens_of(line[start:end])]
        start = cut.end() if cut else len(line)
        while words and norm_token(words[0][0]) in _AROUND:
            words = words[1:]
        if len(words) >= 3 and a_verb(words[0][0].lower()):
            words = words[1:]  # "Prepare VAT returns", "preparing account reconciliations"; not "Budget control"
        while words and norm_token(words[-1][0]) in _AROUND:
            words = words[:-1]
        if not 1 <= len(words) <= 4:
            continue
        keys = [norm_token(word) for word, _, _ in words]
        if any(key in not_skills() or key in _AROUND for key in keys) or all(key in common for key in keys):
            continue
        if len(keys) == 1 and not _specialist_word(words[0][0], rates):
            continue
        text = line[words[0][1] : words[-1][2]]
        if any(specialist(word, rates) for word, _, _ in words) and plausible(text):
            out.append(Match(text, words[0][1], words[-1][2], text))
    return out
