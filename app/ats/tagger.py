"""A statistical skill tagger for job ads: an averaged perceptron over BIO tags, trained on SkillSpan train.

The vocabulary (app/ats/vocab.py) knows names; the tagger knows how job ads *use* them: that
"security" after "network" is a skill but "job security" is not, that "cloud adoption and migration"
is one span, and it finds skills no list has. Its features are the words around each token, their
shapes, the punctuation beside them, two lexicon signals (O*NET/curated names, i.e. the vocabulary
without SkillSpan, and the SkillSpan training spans), how often each word was inside a skill span
in the training postings, and whether a job-role noun follows ("Java Developer" is a title, "Java"
alone a skill). A posting is read line by line, and each line also carries its context: the words
of the section heading above it ("Your profile:" or "Job benefits:"), cue words in the line itself
("experience", "degree", "we offer"), whether the line before introduced a list, whether it is the
first line (the title), and whether the lines beside it name known skills. The model
(`data/skill_tagger.json.gz`) is built by scripts/train_skill_tagger.py; SkillSpan dev is never used
to build or tune it.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from app.ats.vocab import GENERIC, Match, Vocabulary, key_of, norm_token, not_skills, tokens_of, vocabulary

MODEL = Path(__file__).parent / "data" / "skill_tagger.json.gz"
TAGS = ("B", "I", "O")
Token = tuple[str, int, int]


# Nouns that make the words before them a job title or a team ("Java Developer", "Python team"):
# the heads of O*NET occupation titles that job ads use, plus the usual tech roles.
ROLES = frozenset({
    "developer", "engineer", "architect", "consultant", "programmer", "administrator", "admin", "tester",
    "scientist", "analyst", "manager", "designer", "specialist", "expert", "intern", "lead", "team", "position",
    "role", "job", "technician", "officer", "professional", "student", "researcher", "trainee", "owner", "head",
    "director", "coordinator", "operator", "assistant", "associate", "dev", "guru", "ninja", "contractor",
    "freelancer", "candidate", "hire", "leader", "champion", "evangelist", "advocate",
})  # fmt: skip


# Words that say nothing about what a section holds ("What we are looking for:" -> looking).
_HEADING_STOP = frozenset({
    "a", "an", "the", "and", "or", "of", "in", "to", "for", "with", "on", "at", "as", "by", "from", "is",
    "are", "be", "will", "would", "we", "you", "your", "our", "us", "i", "it", "this", "that", "what", "who",
    "how", "if", "do", "have", "has", "can", "should", "all", "any", "these", "those", "following", "about",
})  # fmt: skip


# Words that tell whether a sentence asks something of the candidate ("Solid experience with ...",
# "A degree in ... or equivalent") or describes the company, the team or the offer.
_CUES = frozenset({
    "experience", "experienced", "knowledge", "understanding", "familiarity", "familiar", "proficiency",
    "proficient", "skill", "degree", "equivalent", "year", "plus", "advantage", "advantageous", "bonus",
    "similar", "solid", "strong", "good", "excellent", "expert", "expertise", "hands-on", "background",
    "least", "must", "required", "preferred", "desirable", "nice", "ideally", "you", "your", "we", "our",
    "us", "offer", "benefit", "opportunity", "company", "customer", "client", "team", "join", "work",
    "working", "use", "using", "build", "building", "help", "e.g", "such", "like", "including", "etc",
})  # fmt: skip


def sentence_cues(line: str) -> list[str]:
    """The cue words a line contains, as features ("sc=experience")."""
    return [f"sc={word}" for word in sorted({norm_token(w) for w, _, _ in tokens_of(line)} & _CUES)]


def is_heading(line: str) -> bool:
    """A section heading of a posting: "Job benefits:", "Your profile:", "## Requirements"."""
    stripped = line.strip()
    return stripped.startswith("#") or (stripped.endswith(":") and len(stripped.split()) <= 12)


def line_contexts(lines: Sequence[str], known: Sequence[bool] = ()) -> list[list[str]]:
    """What each line of a posting takes from the lines around it. Job ads name technologies
    everywhere, but the skills they *ask for* sit in certain sections ("Your profile:", "What you
    will bring:") and not in others ("Job benefits:", "Company description:"); a line after one that
    ends with ":" is often a list item; the first line is the job title. `known[n]` says whether line
    n names anything the vocabulary knows: skills come in runs of lines."""
    out: list[list[str]] = []
    heading = ["none"]
    for n, line in enumerate(lines):
        context = [f"hd={word}" for word in heading] + sentence_cues(line)
        if known:
            context += ["kp"] if n and known[n - 1] else []
            context += ["kn"] if n + 1 < len(known) and known[n + 1] else []
        if n == 0:
            context.append("first")
        elif lines[n - 1].rstrip().endswith(":"):
            context.append("listed")
        out.append(context)
        if is_heading(line):
            words = [norm_token(w) for w, _, _ in tokens_of(line.strip().lstrip("#"))]
            heading = [w for w in words if w.isalpha() and w not in _HEADING_STOP][:6] or ["none"]
    return out


def rate_tag(seen: int, inside: int) -> str:
    """How often a word was inside a skill span in the training postings, coarsely: '3c4' = 40-70%
    of about 2^4 occurrences."""
    rate = inside / max(seen, 1)
    level = "0" if rate < 0.05 else "1" if rate < 0.2 else "2" if rate < 0.4 else "3" if rate < 0.7 else "4"
    return f"{level}c{min(seen.bit_length() - 1 if seen else 0, 5)}"


def rate_parts(tag: str | None) -> tuple[int, int]:
    """(level 0-4, log2 of the occurrences) of a `rate_tag`; (0, 0) for a word never seen."""
    return (int(tag[0]), int(tag[2:])) if tag and tag != "u" else (0, 0)


def word_rate_tags(keys: Sequence[str], rates: dict[str, str]) -> list[str]:
    """The rate tag of each token's normalised word ("u": never seen in training)."""
    return [rates.get(key, "u") for key in keys]


def shape(word: str) -> str:
    out: list[str] = []
    for char in word:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)[:6]


def lexicon_tags(keys: Sequence[str], entries: frozenset[tuple[str, ...]], longest: int = 5) -> list[str]:
    """B/I/O per token for the longest lexicon entries found (greedy, left to right)."""
    tags = ["O"] * len(keys)
    i = 0
    while i < len(keys):
        for n in range(min(longest, len(keys) - i), 0, -1):
            if tuple(keys[i : i + n]) in entries:
                tags[i] = "B"
                for j in range(i + 1, i + n):
                    tags[j] = "I"
                i += n
                break
        else:
            i += 1
    return tags


def vocab_tags(matches: Sequence[Match], tokens: Sequence[Token]) -> list[str]:
    """B/I/O per token for the vocabulary's matches (`Vocabulary.find`) in the tokens' text."""
    tags = ["O"] * len(tokens)
    starts = {start: i for i, (_, start, _) in enumerate(tokens)}
    for match in matches:
        first = starts.get(match.start)
        if first is None:
            continue
        tags[first] = "B"
        for j in range(first + 1, len(tokens)):
            if tokens[j][1] >= match.end:
                break
            tags[j] = "I"
    return tags


def token_features(
    text: str,
    tokens: Sequence[Token],
    vocab: list[str],
    lexicon: list[str],
    rates: list[str],
    keys: Sequence[str],
    context: Sequence[str] = (),
) -> list[list[str]]:
    """The features of each token except the previous tag (added while decoding); `context` comes
    from the lines around (`line_contexts`)."""
    words = [t.lower() for t, _, _ in tokens]
    padded = ["<s2>", "<s1>", *words, "</s1>", "</s2>"]
    vpad = ["<s>", *vocab, "</s>"]
    lpad = ["<s>", *lexicon, "</s>"]
    rpad = ["<s>", *rates, "</s>"]
    roles = [key in ROLES for key in keys] + [False, False]
    out: list[list[str]] = []
    for i, (surface, start, end) in enumerate(tokens):
        word = words[i]
        before = text[max(0, start - 2) : start].strip()[-1:] or "_"
        after = text[end : end + 2].strip()[:1] or "_"
        features = [
            "b",
            f"w={word}",
            f"n={norm_token(surface)}",
            f"p3={word[:3]}",
            f"s3={word[-3:]}",
            f"sh={shape(surface)}",
            f"w-1={padded[i + 1]}",
            f"w+1={padded[i + 3]}",
            f"w-2={padded[i]}",
            f"w+2={padded[i + 4]}",
            f"w-1w={padded[i + 1]}|{word}",
            f"ww+1={word}|{padded[i + 3]}",
            f"pb={before}",
            f"pa={after}",
            f"v={vpad[i + 1]}",
            f"v-1={vpad[i]}",
            f"v+1={vpad[i + 2]}",
            f"l={lpad[i + 1]}",
            f"l-1={lpad[i]}",
            f"l+1={lpad[i + 2]}",
            f"vl={vpad[i + 1]}{lpad[i + 1]}",
            f"vw={vpad[i + 1]}|{word}",
            f"lw={lpad[i + 1]}|{word}",
            f"r={rpad[i + 1]}",
            f"r-1={rpad[i]}",
            f"r+1={rpad[i + 2]}",
            f"r3={rpad[i]}|{rpad[i + 1]}|{rpad[i + 2]}",
        ]
        for offset in (1, 2):
            if roles[i + offset]:
                features += [f"role+{offset}", f"role+{offset}|{vpad[i + 1]}{lpad[i + 1]}"]
        if i and roles[i - 1]:
            features.append("role-1")
        if surface[:1].isupper():
            features.append("cap" if i and text[max(0, start - 2) : start].strip()[-1:] not in (".", ":") else "cap0")
        if any(c in surface for c in "+#./") or any(c.isdigit() for c in surface):
            features.append("sym")
        features += context
        if vpad[i + 1] != "O" or lpad[i + 1] != "O":  # what a section does to a known name
            features += [f"{c}|{vpad[i + 1]}{lpad[i + 1]}" for c in context]
        out.append(features)
    return out


@dataclass
class SkillTagger:
    weights: dict[str, list[float]]  # feature -> score per tag (B, I, O)
    lexicon: frozenset[tuple[str, ...]]
    o_penalty: float = 0.0  # subtracted from O's score: trades precision for recall (set in training)
    rates: dict[str, str] = field(default_factory=dict)  # normalised word -> rate_tag in the training postings

    def __post_init__(self) -> None:
        self.longest = max((len(entry) for entry in self.lexicon), default=0)
        self.last_words = frozenset(entry[-1] for entry in self.lexicon)  # the words skill names end with

    def tag(self, features: list[list[str]]) -> list[str]:
        """Greedy left-to-right decoding; each token also sees the tag chosen for the one before."""
        tags: list[str] = []
        previous = "<s>"
        for token in features:
            scores = [0.0, 0.0, 0.0]
            for feature in (*token, f"t-1={previous}", f"t-1={previous}|{token[1]}"):
                weights = self.weights.get(feature)
                if weights is not None:
                    scores[0] += weights[0]
                    scores[1] += weights[1]
                    scores[2] += weights[2]
            scores[2] -= self.o_penalty
            if previous == "O" or previous == "<s>":
                scores[1] = float("-inf")  # I only continues a span
            best = TAGS[max(range(3), key=scores.__getitem__)]
            tags.append(best)
            previous = best
        return tags

    def spans(self, text: str, vocab: Vocabulary) -> list[tuple[int, int]]:
        """Character spans of the skills the tagger finds in `text`, line by line."""
        lines = text.split("\n")
        known = [vocab.find(line) for line in lines]
        contexts = line_contexts(lines, [bool(matches) for matches in known])
        found: list[tuple[int, int]] = []
        offset = 0
        for line, matches, context in zip(lines, known, contexts, strict=True):
            found += [(offset + a, offset + b) for a, b in self.line_spans(line, matches, context)]
            offset += len(line) + 1
        return found

    def line_spans(self, line: str, known: Sequence[Match], context: Sequence[str] = ()) -> list[tuple[int, int]]:
        """Spans in one line, given the vocabulary's matches in it and the line's context."""
        tokens = tokens_of(line)
        if not tokens:
            return []
        keys = [norm_token(t) for t, _, _ in tokens]
        features = token_features(
            line,
            tokens,
            vocab_tags(known, tokens),
            lexicon_tags(keys, self.lexicon, self.longest),
            word_rate_tags(keys, self.rates),
            keys,
            context,
        )
        return bio_spans(self.tag(features), tokens)


def bio_spans(tags: Sequence[str], tokens: Sequence[Token]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and tag != "I":
            spans.append((tokens[start][1], tokens[i - 1][2]))
            start = None
        if tag == "B":
            start = i
    return spans


@cache
def common_words() -> frozenset[str]:
    """Words job ads use often and seldom inside a skill ("Strong", "Experience"): a capital on one is
    no name. From the tagger's training postings; none without a model."""
    tagger = skill_tagger()
    if tagger is None:
        return frozenset()
    return frozenset(word for word, tag in tagger.rates.items() if rate_parts(tag)[1] >= 2 and rate_parts(tag)[0] <= 1)


@cache
def skill_tagger() -> SkillTagger | None:
    """The trained model, or None when it is not there (the vocabulary alone is used then)."""
    return load_tagger(MODEL) if MODEL.exists() else None


def load_tagger(path: Path) -> SkillTagger:
    """A model written by `serialise` (about 50 ms for the shipped one)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    lexicon = frozenset(key_of(name) for name in data["lexicon"])
    return SkillTagger(data["weights"], frozenset(k for k in lexicon if k), float(data["o_penalty"]), data["rates"])


def serialise(
    weights: dict[str, list[float]],
    lexicon: Iterable[str],
    o_penalty: float,
    rates: dict[str, str],
    path: Path = MODEL,
) -> None:
    payload = {
        "o_penalty": o_penalty,
        "weights": weights,
        "lexicon": sorted(set(lexicon)),
        "rates": rates,
    }
    data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()
    with open(path, "wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as handle:
        handle.write(data)  # no name, mtime=0: the same training gives the same bytes


# Nouns that complete a name before them ("ACLS certification", "Adobe software") and say nothing alone.
_HEADS = GENERIC | {"certification", "certificate", "license", "licence", "software", "library", "standard"}
_EDGE_WORDS = {"and", "or", "the", "a", "an", "of", "in", "with", "to", "for", "on", "as", "e.g", "etc", "like",
               "und", "oder", "mit", "sowie", "et", "ou", "avec", "y", "o", "con", "та", "або", "als", "der", "die",
               "das", "den", "dem", "des", "ein", "eine", "einer", "im", "zu", "für", "von", "auf", "le", "la", "les",
               "de", "du", "un", "une", "en", "pour", "el", "los", "las", "del", "una", "para", "por", "і", "в", "з",
               "на", "для", "як", "у"}  # fmt: skip
NOT_NAMES = _EDGE_WORDS | {
    "not", "no", "is", "are", "be", "we", "you", "our", "your", "it", "this", "that", "plus",
    "must", "should", "can", "will", "also", "good", "strong", "solid", "basic", "new",
    # the words of a posting's own headings ("Requirements" where a pasted ad lost its line breaks)
    "requirements", "requirement", "responsibilities", "qualifications", "qualification", "benefits", "skills",
    "tasks", "duties", "profile", "overview", "description", "summary",
}  # fmt: skip


def find_skills(text: str, vocab: Vocabulary, *, propose: bool = True) -> list[Match]:
    """Skills in a job ad (its lines separated by newlines). A tool's, a standard's or a field's name
    (O*NET, curated) always counts; a phrase learnt from SkillSpan's postings or an everyday word
    ("security", "cloud") where the tagger reads a skill, or on a line where it finds others; and the
    tagger's own finds that no list knows, when they are plausible names (`propose`: it learnt English
    postings, and reads other languages' prose as skills). Without a model, the vocabulary alone."""
    matches = vocab.find(text)
    tagger = skill_tagger()
    if tagger is None:
        return matches
    spans = tagger.spans(text, vocabulary(include_skillspan=False))

    def overlaps(start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in spans)

    def line_of(position: int) -> int:
        return text.count("\n", 0, position)

    skill_lines = {line_of(a) for a, _ in spans}
    kept = [
        m
        for m in matches
        if (m.canonical in vocab.named and not everyday(m) and plausible(m.text))
        or (overlaps(m.start, m.end) and (m.canonical in vocab.named or not _lone_word(m)))
        or (m.canonical in vocab.curated and not everyday(m) and line_of(m.start) in skill_lines)
    ]
    named = sorted((m.start, m.end) for m in kept)
    for start, end in _split_at_lists(text, spans) if propose else ():
        # The parts of a tagged span that no known name covers ("Linux embedded C": "embedded C").
        pieces = _outside(start, end, named)
        whole = _qualified_span(text, start, end, pieces, kept) if len(pieces) == 1 else None
        if whole is not None:  # "double-entry bookkeeping" is one skill, not "double-entry" and Bookkeeping
            kept = [m for m in kept if not (whole.start <= m.start and m.end <= whole.end)] + [whole]
            continue
        for piece_start, piece_end in pieces:
            name = _clean_name(text[piece_start:piece_end])
            if name is None or not _ends_as_names_do(name, tagger):
                continue
            known = vocab.canonical(name)
            if known is not None and known not in vocab.named and name.islower() and " " not in name:
                continue  # a lone word SkillSpan's postings use inside longer skills ("messaging")
            if pieces == [(start, end)] or _stands_alone(name, tagger.rates):
                offset = text.index(name, piece_start)
                kept.append(Match(known or name, offset, offset + len(name), name))
    return sorted(kept, key=lambda m: m.start)


def _qualified_span(text: str, start: int, end: int, pieces: list[tuple[int, int]], kept: list[Match]) -> Match | None:
    """A tagged span that is a known name with lower-case words before it and nothing else ("double-entry
    bookkeeping", "network security"): the whole span, which says more than the name. (read_ad's
    `_qualified` joins such words when the tagger read them apart from the name.)"""
    inside = [m for m in kept if start <= m.start and m.end <= end]
    (piece_start, piece_end), span = pieces[0], text[start:end].strip()
    if len(inside) != 1 or piece_end > inside[0].start or text[piece_end : inside[0].start].strip():
        return None
    words = _clean_name(text[piece_start:piece_end])
    if words is None or not words.islower() or any(c.isdigit() for c in words) or len(span.split()) > 4:
        return None
    first = text.index(words, piece_start)
    name = text[first : inside[0].end]
    return Match(name, first, inside[0].end, name)


def plausible(name: str) -> bool:
    """Could be a skill's name: not a number, not only everyday words, generic heads or role nouns
    ("delivery", "complex systems", "our solutions", "Engineer")."""
    words = [norm_token(word) for word, _, _ in tokens_of(name)]
    if sum(c.isalpha() for c in name) < 2 or not words or _LEVEL.match(name) or _MONEY.search(name):
        return False
    if any(word.endswith("ly") and len(word) > 5 for word in words):  # "communicate effectively orally": prose
        return False
    if words[-1] in _PEOPLE and not any(c.isdigit() for c in name):  # "Sous Chef", "Pharmacy Technician": a job
        return False
    return not all(word in NOT_NAMES or word in _HEADS or word in ROLES or word in not_skills() for word in words)


# Pay, counts and times: "OTE €130k–€150k", "32k + car", "50/50 split", "2+ yrs", "00–06"
_MONEY = re.compile(r"[€$£¥₴]|\b\d+(?:[.,]\d+)?k\b|^\d+(?:[+/–-]\d*)?\s|\d\s*[–-]\s*\d|^\d+\+", re.I)
# "B2", "C2-level", "II", "v2": a language level, a roman numeral or a version, not a name
_LEVEL = re.compile(r"^(?:[ABC][12](?:[+-]\w*)?|[IVX]{1,4}|v\d+(?:\.\d+)*|\d+(?:\.\d+)*\+?)$", re.I)
# Who does a job ("Sous Chef", "Approved Electrician"): a phrase ending in one is a title
_PEOPLE = ROLES | {
    "chef", "cook", "nurse", "electrician", "educator", "teacher", "generalist", "representative", "accountant",
    "auditor", "implementer", "plumber", "welder", "carpenter", "mechanic", "machinist", "physiotherapist",
    "pharmacist", "paralegal", "solicitor", "lawyer", "clerk", "receptionist", "driver", "supervisor", "planner",
    "buyer", "recruiter", "writer", "editor", "marketer", "tutor", "instructor", "therapist", "practitioner",
    "apprentice", "fitter", "installer", "inspector", "surveyor", "controller", "bookkeeper", "agent", "worker",
    "staff", "people", "person", "colleague", "grade",
}  # fmt: skip


def _ends_as_names_do(name: str, tagger: SkillTagger) -> bool:
    """A name of several words ends with its head noun ("schema design"); one that ends with a word the
    training postings use often, seldom inside a skill and never at its end is a phrase cut from a
    sentence ("data clean" in "keep our CRM data clean", "large global company"). Words the postings
    rarely use ("sourcing") get the benefit of the doubt."""
    words = name.split()
    last = norm_token(words[-1])
    if len(words) < 2 or not words[-1].isalpha() or not words[-1].islower() or last in tagger.last_words:
        return True
    level, seen = rate_parts(tagger.rates.get(last))  # "1c3": inside a skill 5-20 % of about 8 times
    return level >= 2 or seen < 2


def _stands_alone(name: str, rates: dict[str, str]) -> bool:
    """What is left of a tagged span beside a known name is a name of its own ("embedded C" beside
    "Linux", "Italian" beside "German") unless it is one plain word that is rarely a skill ("shop"
    in "Kotlin shop") or the known name's head noun ("system" in "health records system (Epic)",
    "certification" in "BLS and ACLS certification")."""
    if " " in name or not name.islower():
        return True
    return norm_token(name) not in _HEADS and rate_parts(rates.get(norm_token(name)))[0] >= 2


def _outside(start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of [start, end) outside the sorted `covered` ranges."""
    pieces: list[tuple[int, int]] = []
    for a, b in covered:
        if b <= start or a >= end:
            continue
        if a > start:
            pieces.append((start, a))
        start = max(start, b)
    if start < end:
        pieces.append((start, end))
    return pieces


_ALTERNATIVES = re.compile(r"\s+(?:or|and|&|/|vs\.?|oder|und|ou|et|o|y|або|та)\s+|\s+[–—]\s+|(?<=\w{3})/(?=[A-Z]\w{2})")


def _split_at_lists(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A tagged span never runs across a comma, a semicolon, a bracket or "or"/"and": "k8s, js" is two
    names, "records system (Epic)" is "records system" and "Epic", "ProtoPie or Principle" and
    "SMSTS/SSSTS" two each."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        position = start
        cuts = [(m.start(), m.end()) for m in _ALTERNATIVES.finditer(text, start, end)]
        cuts += [(index, index + 1) for index in range(start, end) if text[index] in ",;()[]:"]
        for cut_start, cut_end in [*sorted(cuts), (end, end)]:
            if cut_start < position:
                continue
            if text[position:cut_start].strip():
                out.append((position, cut_start))
            position = cut_end
    return out


def _lone_word(match: Match) -> bool:
    """One lower-case word ("messaging", "implementation"): a phrase learnt from SkillSpan's postings that
    is a skill only inside a longer one there."""
    return match.text.islower() and " " not in match.text


def everyday(match: Match) -> bool:
    """One lower-case word spelled as its capitalised canonical name, that job postings use often ("security",
    "testing", "cloud"): could be the skill or just the word. A name that is itself written in lower case
    ("pandas") is a name, and so is a field's word the tagger's tech postings seldom use ("payroll", "welding",
    "bookkeeping")."""
    text = match.text
    if not (text.isalpha() and text.islower() and len(text) > 4 and text == match.canonical.lower()):
        return False
    tagger = skill_tagger()
    seen = rate_parts(tagger.rates.get(norm_token(text))) if tagger is not None else (0, 5)
    return not match.canonical.islower() and seen[1] >= 3  # used about 8 times or more


# How much of it, how recent or how official: "current NMC registration", "ACPT accredited", "Jobs-to-be-Done
# framework", "HITRUST requirements" name NMC registration, ACPT, Jobs-to-be-Done and HITRUST.
_LEADING = _EDGE_WORDS | {
    "current", "valid", "full", "strong", "solid", "proven", "good", "excellent", "advanced", "basic", "working",
    "demonstrable", "relevant", "recent", "hands-on", "deep", "extensive", "practical", "sound", "thorough", "some",
    "any", "our", "your", "their", "its", "modern", "expert", "expert-level", "fluent", "confident", "especially",
}  # fmt: skip
_TRAILING = _EDGE_WORDS | {
    "accredited", "certified", "qualified", "eligible", "regulated", "readiness", "requirement", "requirements",
    "methodology", "methodologies", "framework", "frameworks", "interface", "interfaces", "integration", "cluster",
    "clusters", "bots", "proposals", "strategies", "processes", "experience", "knowledge", "skills", "expertise",
    "etc", "etc.",
}  # fmt: skip
# "ROI every month", "reports weekly": how often is not part of the name.
_HOW_OFTEN = re.compile(
    r"(?:\s+(?:every|each|per|a|once a|twice a)\s+(?:day|week|month|quarter|year|sprint)s?|"
    r"\s+(?:daily|weekly|monthly|quarterly|yearly|annually))+[\s.,;:!?]*$",
    re.I,
)


def _clean_name(span: str) -> str | None:
    """A tagged span as a skill name: edge words and punctuation trimmed, 1-5 words, not a bare number."""
    words = _HOW_OFTEN.sub("", span).split()
    while words and (words[0].lower() in _LEADING or not any(c.isalnum() for c in words[0])):
        words = words[1:]
    while words and (words[-1].lower() in _TRAILING or not any(c.isalnum() for c in words[-1])):
        words = words[:-1]
    name = " ".join(words).strip(" .,;:!?()[]\"'/")  # "CM/" cut from "CM/ECF" is no name
    if not name or len(words) > 5 or len(name) < 2 or not any(c.isalpha() for c in name):
        return None
    return name if plausible(name) else None
