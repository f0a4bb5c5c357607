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
from app.ats.vocab import DATA, Match, Vocabulary, norm_token, not_skills, tokens_of, verb_forms

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
    "interpret", "terminate", "explain", "sell", "replace", "automate", "lift", "install", "fit", "operate", "load",
    "clean", "cook", "serve", "greet", "sort", "pick", "pack", "check", "fix", "repair", "test", "deal",
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
        if (len(words) >= 3 or words[:1] and words[0][0].islower()) and a_verb(words[0][0].lower()):
            # "Prepare VAT returns", "preparing account reconciliations", "interpret blueprints"; not "Budget control"
            words = words[1:]
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


_IRREGULAR = {"take": ("took", "taken"), "write": ("wrote", "written"), "build": ("built",)}
# Between a task's verb and its object: "negotiate multi-year contracts", "plan and deliver well-sequenced lessons"
_BEFORE_OBJECT = frozenset({
    "the", "a", "an", "our", "your", "their", "its", "all", "any", "new", "existing", "key", "daily", "weekly",
    "monthly", "annual", "accurate", "complex", "clear", "high-quality", "engaging", "effective", "internal",
    "external", "and", "deliver", "lead", "run", "own", "teach", "execute", "implement", "create", "track",
})  # fmt: skip
_PUNCTUATION = re.compile(r"[,;:.()!?/|]")
_AFTER_VERB_STOPS = frozenset(
    {"with", "for", "to", "in", "on", "of", "at", "by", "from", "into", "across", "using", "or"}
)


def _forms(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    forms = {verb, verb + "s", verb + "es", verb + "d", stem + "ed", stem + "ing", *_IRREGULAR.get(verb, ())}
    if len(verb) <= 4 and verb[-1] not in "aeiouwy" and verb[-2] in "aeiou":  # "plan": planned, planning
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


@cache
def _nominals() -> dict[str, tuple[str, ...]]:
    """Each form of a task's verb ("negotiates", "negotiated", "negotiating") -> its know-how's nouns."""
    out: dict[str, tuple[str, ...]] = {}
    for line in (DATA / "nominals.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            verb, *nouns = line.split()
            for form in _forms(verb):
                out.setdefault(form, tuple(nouns))
    return out


@cache
def _skippable() -> frozenset[str]:
    """What may stand between a task's verb and its object: a determiner, an adjective or the pair's second verb."""
    return _BEFORE_OBJECT | _nominals().keys()


def nominalised(line: str, vocab: Vocabulary) -> list[Match]:
    """The know-how an English task or requirement says with a verb, where the vocabulary names it as a
    noun: "negotiate multi-year contracts" is contract negotiation, "plan lessons" lesson planning,
    "handle customer complaints" complaint handling. The match spans the verb and its object."""
    tokens = tokens_of(line)
    out: list[Match] = []
    for i, (word, start, _) in enumerate(tokens):
        nouns = _nominals().get(word.lower())
        if nouns is None:
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 3 and tokens[j][0].lower() in _skippable():
            j += 1  # "the", "multi-year" — and a second verb of the pair ("plan and deliver lessons")
        while j < len(tokens) and j - i <= 3 and "-" in tokens[j][0]:
            j += 1
        if j >= len(tokens) or _PUNCTUATION.search(line, tokens[i][2], tokens[j][1]):
            continue  # "Plan, launch": a list of verbs, not a verb and its object
        two = j + 1 < len(tokens) and line[tokens[j][2] : tokens[j + 1][1]].isspace()
        two = two and tokens[j + 1][0].lower() not in _AFTER_VERB_STOPS
        # the object: two words or their head ("customer complaints": complaints), or one word standing alone or
        # plural ("contracts averaging $45K"; not the "product" of "manage product launches")
        plural = tokens[j][0].endswith("s")
        for first, last in ((j, j + 1), (j + 1, j + 1), *(((j, j),) if plural else ())) if two else ((j, j),):
            objects = tokens[first : last + 1]
            if any(w.lower() in _AFTER_VERB_STOPS for w, _, _ in tokens[j : last + 1]):
                continue
            obj = " ".join(w for w, _, _ in objects)
            skill = next(
                (c for noun in nouns if (c := vocab.canonical(f"{obj} {noun}")) is not None and c in vocab.named), None
            )
            if skill is not None:
                out.append(Match(skill, start, tokens[last][2], line[start : tokens[last][2]]))
                break
    return out
