"""Whether a name no vocabulary knows is a skill the ad asks for ("Fivetran", "VAT returns") or words
that only look like one ("Journey", "done link building outreach", "live commercial systems").

The reader proposes candidates (the tagger's spans, names written as names, know-how phrases); a small
logistic model decides, from how the name is written, where it stands in the ad and how the tagger's
training postings use its words — never from the candidate's own words, so it carries over to fields and
languages it was not trained on. Its weights (`data/skill_filter.json`) are fitted on the labelled ads
of `bench/` by `scripts/train_skill_filter.py`."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.ats.names import odd_shaped
from app.ats.phrases import a_verb
from app.ats.tagger import common_words, rate_parts, skill_tagger
from app.ats.vocab import Match, norm_token, not_skills, tokens_of, vocabulary

FILTER_PATH = Path(__file__).parent / "data" / "skill_filter.json"
Source = str  # "tagger", "run" (written as a name), "phrase" (know-how words), "joined" (pieces made one)
_BEFORE = frozenset({"in", "with", "of", "using", "on", "for", "and", "or", "like", "as", "to", "a", "an", "the"})
_LINE_SIZES = ((6, "short"), (12, "item"), (30, "prose"), (1 << 30, "long"))
_AFTER = frozenset({"experience", "skills", "knowledge", "certification", "certificate", "and", "or", "is", "are"})


@dataclass(frozen=True)
class Candidate:
    """A name in one line of an ad, and what the reader knows about where it stands."""

    text: str
    source: Source
    line: str
    start: int
    end: int
    asking: bool  # in a list of requirements or wishes
    asks: bool  # the line asks for something ("experience with", "nice to have")
    listed: bool  # a bullet or a short line
    language: str


def _case(words: Sequence[str]) -> str:
    if all(word.islower() or not word.isalpha() for word in words):
        return "lower"
    if all(word[:1].isupper() for word in words):
        return "title"
    return "mixed"


def _rate(word: str, rates: dict[str, str]) -> tuple[int, int]:
    return rate_parts(rates.get(norm_token(word)))


def _neighbour(word: str | None, telling: frozenset[str], edge: str) -> str:
    """The word next to a candidate when it tells something ("with", "experience"), else 'other' or the edge."""
    if word is None:
        return edge
    return word.lower() if word.lower() in telling else "other"


def features(candidate: Candidate, known: Sequence[Match]) -> list[str]:
    """The candidate's features, as names; `known` are the vocabulary's names found in the same line."""
    c = candidate
    tagger = skill_tagger()
    rates = tagger.rates if tagger is not None else {}
    ends = tagger.last_words if tagger is not None else frozenset()
    words = [word for word, _, _ in tokens_of(c.text)] or [c.text]
    keys = [norm_token(word) for word in words]
    before = [w for w, _, _ in tokens_of(c.line[: c.start])]
    after = [w for w, _, _ in tokens_of(c.line[c.end :])]
    line_words = len(c.line.split())
    case = _case(words)
    where = "list" if c.asking else "asks" if c.asks else "task"
    size = str(min(len(words), 4))
    first, last = _rate(words[0], rates), _rate(words[-1], rates)
    levels = [_rate(word, rates)[0] for word in words]
    out = [
        "bias",
        f"src={c.source}",
        f"where={where}",
        f"listed={c.listed}",
        f"lang={'en' if c.language == 'en' else 'other'}",
        f"words={size}",
        f"case={case}",
        f"src={c.source}&where={where}",
        f"src={c.source}&case={case}",
        f"case={case}&words={size}",
        f"first_rate={first[0]}",
        f"last_rate={last[0]}",
        f"first_seen={min(first[1], 5) // 2}",
        f"last_seen={min(last[1], 5) // 2}",
        f"max_rate={max(levels)}",
        f"min_rate={min(levels)}",
        f"line={next(size for most, size in _LINE_SIZES if line_words <= most)}",
        f"before={_neighbour(before[-1] if before else None, _BEFORE, 'start')}",
        f"after={_neighbour(after[0] if after else None, _AFTER, 'end')}",
    ]
    flags = {
        "odd": any(odd_shaped(word) for word in words),
        "capitals": any(word.isupper() and len(word) >= 2 for word in words),
        "digit": any(ch.isdigit() for ch in c.text),
        "first_common": keys[0] in common_words(),
        "last_common": keys[-1] in common_words(),
        "first_verb": a_verb(words[0].lower()),
        "first_ing": words[0].lower().endswith("ing"),
        "everyday_word": any(key in not_skills() for key in keys),
        "touches_known": any(m.end in (c.start, c.start - 1) or m.start in (c.end, c.end + 1) for m in known),
        "bracket_after": c.line[c.end : c.end + 2].lstrip()[:1] == "(",
        "in_brackets": c.line[max(c.start - 1, 0) : c.start] == "(",
        "hyphen": "-" in c.text,
        "learnt_phrase": vocabulary().canonical(c.text) is not None,  # a skill span of the tagger's training postings
        "ends_as_spans_do": keys[-1] in ends,
    }
    out += [name for name, on in flags.items() if on]
    return out


@dataclass(frozen=True)
class SkillFilter:
    weights: dict[str, float]
    threshold: float  # the probability at or above which a candidate is kept

    def probability(self, names: Sequence[str]) -> float:
        z = sum(self.weights.get(name, 0.0) for name in names)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def keep(self, names: Sequence[str]) -> bool:
        return self.probability(names) >= self.threshold


@cache
def skill_filter() -> SkillFilter | None:
    """The fitted filter, or None where none was trained (then every plausible candidate is kept)."""
    if not FILTER_PATH.exists():
        return None
    data = json.loads(FILTER_PATH.read_text(encoding="utf-8"))
    return SkillFilter({str(k): float(v) for k, v in data["weights"].items()}, float(data["threshold"]))
