"""Reading a job ad: title, required and preferred skills, years of experience, education, soft skills."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from pydantic import BaseModel, Field

from app.ats.judge import Candidate, features, skill_filter
from app.ats.names import company_names, name_runs, numbered, places, shouted, shouting, whole_names
from app.ats.phrases import nominalised, skill_phrases
from app.ats.tagger import common_words, everyday, find_skills, skill_tagger
from app.ats.vocab import GENERIC, Match, Vocabulary, implied_by, key_of, vocabulary
from app.cv.language import text_language
from app.errors import InvalidInput

MAX_JOB_CHARS = 100_000
_ITEM_WORDS = 12  # a line this short reads as an item of a list, not prose
SHORT_AD_WORDS = 40  # below this, an ad with no requirement at all is a title or a fragment
EducationLevel = Literal["bachelor", "master", "phd"]
EDUCATION_RANK = {"bachelor": 1, "master": 2, "phd": 3}
DEGREE_NAMES = {"bachelor": "a bachelor's degree", "master": "a master's degree", "phd": "a PhD"}
# The ad's own words in English, and the usual ones in German, French, Spanish and Ukrainian ads.
_PREFERRED = re.compile(
    r"nice[- ]to[- ]have|preferred|bonus|\ba plus\b|is a plus|are a plus|desirable|ideally|would be great|"
    r"advantage|not required|optional|extra points|good to have|"
    r"wünschenswert|von vorteil|idealerweise|\bein plus\b|un plus|apprécié|souhaité|idéalement|deseable|valorable|"
    r"se valorará|перевагою|бажано",
    re.I,
)
_REQUIRED = re.compile(
    r"\bmust\b|required|requirements?|essential|mandatory|you have|you bring|qualifications?|"
    r"what you.?ll need|what we expect|your profile|who you are|skills|experience with|"
    r"anforderungen|voraussetzungen|\bprofil\b|qualifikation|mitbring|exigences|compétences|requisitos|\bperfil\b|"
    r"buscamos|вимоги|очікуємо|ми шукаємо",
    re.I,
)
_CONTEXT = re.compile(
    r"about us|who we are|what we offer|we offer|benefits|perks|why join|our company|company description|"
    r"about the company|equal opportunit|"
    r"über uns|wir bieten|was wir bieten|nous offrons|qui sommes|ofrecemos|sobre nosotros|ми пропонуємо|про нас",
    re.I,
)
# A line that is the offer whatever section it sits in: "Perks: …", "We offer a base salary of …", "$55k base, …".
_OFFER_LINE = re.compile(
    r"^(?:(?:what )?we offer|perks|package|benefits|compensation|salary|pay|ote|what.?s in it for you|why join us|"
    r"wir bieten|was wir bieten|nous offrons|ofrecemos|ми пропонуємо)\b|"
    r"^[€$£]\s?\d|^\d[\d,.]*\s?(?:k|€|eur|usd|gbp|pln)\b",
    re.I,
)
_TASKS = re.compile(
    r"responsibilit|you.?ll do|you.?ll be doing|you will do|the role|your tasks|your role|in this role|"
    r"day[- ]to[- ]day|key duties|\bduties\b|aufgaben|tätigkeiten|das erwartet (?:dich|sie)|deine rolle|ihre rolle|"
    r"missions|responsabilités|le poste|votre rôle|au quotidien|funciones|responsabilidades|\btareas\b|"
    r"qué harás|tu día a día|обов|завдання|чим (?:ви )?будете займатися|що (?:ви )?робитимете|ваша роль",
    re.I,
)
_TITLE_FIELD = re.compile(r"^(?:job title|position|role|title)\s*[:\-–]\s*(.+)$", re.I)
_TITLE_PHRASE = re.compile(
    r"(?:looking for|hiring|seeking|searching for|join us as)\s+(?:an?\s+|our\s+(?:next\s+)?)?"
    r"(?P<title>[A-Z][\w/&+#.\- ]{2,60}?)(?=\s+(?:to|who|with|that|in|at|for)\b|[.,!:;(]|$)",
)
_AFTER_TITLE = re.compile(r"\s*[(\[]|\s+[-–—|/]\s+|,\s")
_YEARS = re.compile(
    r"(\d{1,2})\s*\+?\s*(?:(?:-|–|to|bis|à|a)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?|jahre?n?|ans|années|años|рок[иів]*)\b",
    re.I,
)
_EDUCATION: list[tuple[EducationLevel, re.Pattern[str]]] = [
    ("phd", re.compile(r"\bph\.?d\b|doctorate|doctoral", re.I)),
    ("master", re.compile(r"\bmaster'?s?\b|\bm\.?sc?\b|\bmba\b|\bm\.?eng\b", re.I)),
    ("bachelor", re.compile(r"\bbachelor'?s?\b|\bb\.?sc?\b|\bb\.?a\.?\b|\bb\.?eng\b", re.I)),
]
_MUST = re.compile(r"\bmust\b|required|essential|mandatory", re.I)
# A line that plainly asks for something: every known name in it counts.
_ASKS = re.compile(
    r"experience (?:with|in)|knowledge of|familiar(?:ity)? with|proficien|know-how|hands-on (?:with|experience)|"
    + _MUST.pattern,
    re.I,
)
# A preference said after what it is about: "Terraform is a plus", "SAP-Kenntnisse sind von Vorteil".
_PREFERRED_AFTER = re.compile(
    r"\b(?:is|are|would be|will be|counts as|as)\s+(?:a\s+|an\s+)?(?:big\s+|huge\s+|real\s+|definite\s+)?"
    r"(?:plus|bonus|advantage|nice to have)\b|\b(?:sind|ist|wären|wäre)\s+(?:von vorteil|wünschenswert|ein plus)|"
    r"\b(?:est|sont|serait)\s+(?:un plus|un atout|appréciée?s?)|\b(?:es|son|será|serán)\s+(?:un plus|valorables?)|"
    r"\bбуде перевагою|\bє перевагою",
    re.I,
)
_CLAUSE_WORDS = frozenset({
    "experience", "knowledge", "years", "year", "skills", "understanding", "familiarity", "proficiency", "background",
    "expertise", "we", "you", "must", "required", "strong", "solid", "good", "proven", "with", "of", "in",
    "erfahrung", "kenntnisse", "expérience", "connaissance", "experiencia", "conocimientos", "досвід", "знання",
})  # fmt: skip
# A preference that starts a clause applies to what follows it only ("…, ideally in software").
_THEN_PREFERRED = re.compile(r"[,(]\s*(?:and\s+|or\s+)?(?:ideally|preferably|optionally|bonus)\b", re.I)
_ANY_DEGREE = re.compile(
    r"\bdegree\b|\bgraduate\b|\bdiploma\b|studium|hochschulabschluss|\bdiplôme|\btitulaci[óo]n|вища освіта", re.I
)
# Names that are a degree ("Bachelor's degree", "MSc", "Master of Science") or start with one
# ("Bachelor's degree in marketing"): the education check weighs the degree, not the skills.
_DEGREE_WORDS = (
    r"(?:(?:a|an|(?:university|academic|bachelor|master|doctoral|ph\.?\s?d\.?|b\.?\s?sc?|m\.?\s?sc?|mba|"
    r"degree|diploma|graduate)(?:'?s)?)(?!\w)\s*)+"  # whole words: "Asana" is no "as an a"
    # the degree's own name: "Master of Science (in Statistics)" asks for statistics, not science
    r"(?:of\s+(?:applied\s+)?(?:science|arts|engineering|technology|business administration|laws|philosophy|"
    r"education|commerce|fine arts)\b\s*)?"
)
_DEGREE_ONLY = re.compile(rf"^{_DEGREE_WORDS}$", re.I)
_DEGREE_IN = re.compile(rf"^{_DEGREE_WORDS}\s*(?:in|of)\s+(?=\w)", re.I)


def _education(lines: list[str]) -> EducationLevel | None:
    """The lowest degree the ad asks for: "Bachelor's required, Master's preferred" is a bachelor."""
    levels: list[EducationLevel] = []
    for line in lines:
        named = [level for level, pattern in _EDUCATION if pattern.search(line)]
        if named:
            levels.append(min(named, key=EDUCATION_RANK.__getitem__))
        elif _ANY_DEGREE.search(line):
            levels.append("bachelor")
    if not levels:
        return None
    return min(levels, key=EDUCATION_RANK.__getitem__)


class JobRequirements(BaseModel):
    title: str | None = None
    company: str | None = None  # the employer the ad names, for a letter's address and a variant's name
    required: list[str] = Field(default_factory=list)
    preferred: list[str] = Field(default_factory=list)
    evidence: dict[str, str] = Field(default_factory=dict)  # skill -> the ad's sentence that asks for it
    # skill -> the ad's own name for it, where the ad calls it otherwise ("CRM" for Customer relationship
    # management, "k8s" for Kubernetes): reports name a skill as the ad does
    wording: dict[str, str] = Field(default_factory=dict)
    years: int | None = None
    education: EducationLevel | None = None
    soft_skills: list[str] = Field(default_factory=list)

    @property
    def skill_names(self) -> list[str]:
        """The hard skills it asks for, required ones first."""
        return [*self.required, *self.preferred]

    def as_written(self, skill: str) -> str:
        return self.wording.get(skill, skill)


def check_job_text(text: str) -> str:
    """The ad's text, or InvalidInput saying why it cannot be one."""
    if "\x00" in text or sum(1 for c in text[:5000] if ord(c) < 32 and c not in "\r\n\t\f") > 20:
        raise InvalidInput("That job ad looks like a binary file, not text. Paste the ad's text or send a PDF/DOCX.")
    stripped = text.strip()
    if not stripped:
        raise InvalidInput("The job ad is empty. Paste the text of the ad (or send it as a PDF, DOCX or text file).")
    if len(stripped) > MAX_JOB_CHARS:
        raise InvalidInput(
            f"That job ad is {len(stripped):,} characters long; the limit is {MAX_JOB_CHARS:,}. "
            "Paste just the ad itself."
        )
    letters = sum(c.isalpha() for c in stripped)
    if letters < 20 or letters / len(stripped) < 0.4:
        raise InvalidInput("That doesn't read like a job ad: too few words. Paste the ad's text.")
    return stripped


_BULLET = re.compile(r"^\s*(?:[-•*·–]|\d{1,2}[.)])\s+")


_LOST_BREAKS = 40  # a line this long is a paragraph, or a whole ad pasted without its line breaks
_ABBREVIATIONS = frozenset({
    "e.g", "i.e", "etc", "incl", "approx", "vs", "dr", "mr", "ms", "mrs", "nr", "no", "jr", "sr", "z.b", "bzw", "ca",
    "u.a", "d.h", "usw", "inkl", "mind", "ggf", "p.ex", "env", "cf", "resp", "dept", "min", "max", "St",
})  # fmt: skip
# Where a sentence ends: ". " before a capital, a digit, a quote or a bullet.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“«(•·▪✓✔➤►\-–*\dA-ZÀ-ÖØ-ÞА-ЯЄІЇҐ])")
# Where a pasted ad's lost line breaks were: a bullet glyph, or a section's heading before a capital or a colon.
_INLINE_BULLET = re.compile(r"\s+(?=[•·▪◦✓✔➤►]\s)|\s+(?=[-–*]\s+[A-ZÀ-ÖØ-ÞА-ЯЄІЇҐ])")
_INLINE_HEADING = re.compile(
    r"(?<![\w,;'’])(?P<heading>About (?:us|the (?:role|job|team|company|position))|Who we are|The role|Your role|"
    r"Your tasks|(?:Key )?Responsibilities|What you(?:'|’)?ll do|What you will do|Requirements|"
    r"(?:Required |Preferred )?Qualifications|Your profile|Who you are|What you (?:bring|need|have)|"
    r"What you(?:'|’)?ll (?:need|bring)|What we(?:'|’)?re looking for|Must[- ]haves?|Nice[- ]to[- ]haves?|"
    r"Bonus points|What we offer|We offer|Benefits|Perks|Why join us|How to apply|Ihr Profil|Dein Profil|"
    r"Ihre Aufgaben|Deine Aufgaben|Anforderungen|Das bringst du mit|Was du mitbringst|Was Sie mitbringen|Wir bieten|"
    r"Was wir bieten|Über uns|Profil recherché|Vos missions|Votre profil|Nous offrons|Ce que nous offrons|"
    r"Qui sommes-nous|Requisitos|Funciones|Responsabilidades|Ofrecemos|Sobre nosotros|Tu perfil|Вимоги|"
    r"Обов['’]язки|Ми пропонуємо|Про нас)(?:\s*:|(?=\s+[A-ZÀ-ÖØ-ÞА-ЯЄІЇҐ\d•·-]))"
)


def _sentence_ends(line: str) -> list[int]:
    """Where each sentence after the first starts, except after "e.g.", "z.B." or an initial."""
    out = []
    for match in _SENTENCE_END.finditer(line):
        before = line[: match.start()].rstrip(".!?").split()
        word = before[-1].lower() if before else ""
        if word.rstrip(".") in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        out.append(match.end())
    return out


def _pieces(line: str) -> list[tuple[int, str]]:
    """A line cut where its sentences start, and a paragraph-long line also where a lost line break was
    (a bullet glyph, a heading such as "Your profile" or "Wir bieten:"); each piece with its offset."""
    cuts = set(_sentence_ends(line))
    if len(line.split()) >= _LOST_BREAKS:
        cuts |= {m.end() for m in _INLINE_BULLET.finditer(line)}
        for heading in _INLINE_HEADING.finditer(line):  # "… Your profile 3+ years of Python": the heading alone
            cuts |= {heading.start("heading"), heading.end()}
    bounds = sorted(c for c in cuts if 0 < c < len(line))
    return [(a, line[a:b]) for a, b in zip([0, *bounds], [*bounds, len(line)], strict=True)]


_BROKEN_WORD = re.compile(r"([a-zß-ÿа-яіїєґ])-\r?\n[ \t]*([a-zß-ÿа-яіїєґ])")


def _is_heading(raw: str) -> bool:
    """'Requirements', 'Nice to have:', 'What we offer' — a short line of its own, not a bullet."""
    line = raw.strip()
    words = line.rstrip(":").split()
    if not words or _BULLET.match(raw) or len(words) > 7:
        return False
    return line.endswith(":") or (len(words) <= 5 and not line.endswith((".", ",", ";")))


def _title(lines: list[str], text: str) -> str | None:
    for line in lines[:8]:
        match = _TITLE_FIELD.match(line)
        if match:
            return match.group(1).strip()
    match = _TITLE_PHRASE.search(text)
    if match:
        return match.group("title").strip()
    for line in lines[:3]:
        title = _headline(line)
        if (
            title
            and len(title.split()) <= 8
            and not _REQUIRED.search(title)
            and not _CONTEXT.search(title)
            and len(title) <= 80
        ):
            return title
    return None


_COMPANY_FIELD = re.compile(
    r"^(?:company|employer|organi[sz]ation|hiring company|unternehmen|arbeitgeber|firma|entreprise|société|"
    r"employeur|empresa|компанія|роботодавець|організація)\s*[:\-–]\s*(?P<name>[^,;(]{2,80})",
    re.I,
)
_AT_COMPANY = re.compile(
    r"\s(?:at|@|bei|chez|en|в)\s+(?P<name>[A-ZÀ-ÝА-ЯІЇЄҐ«\"][\w'’&.«»\" -]{1,60}?)\s*(?:[(\[,|–—-]|$)"
)
_NOT_COMPANY = {
    "we", "you", "our", "the", "this", "it", "they", "us", "about", "join", "wir", "sie", "nous", "vous", "remote",
    "hybrid", "full-time", "part-time", "компанія",
}  # fmt: skip
_QUOTED = re.compile(r"[«„\"“](?P<name>[^»“\"”]{2,60})[»“\"”]")
_LEGAL_NAME = re.compile(
    r"(?P<name>(?:[A-ZÀ-Ý][\w&'’.-]*\s+){1,4}(?:GmbH|AG|Ltd|Limited|plc|PLC|Inc|LLC|LLP|SAS|SARL|SA|S\.A\.|S\.L\.|SL|"
    r"Group|Groupe|Grupo|Co|Company|Corp|KG|e\.V\.)\b\.?)"
)
_TITLE_DASH = re.compile(r"\s+[–—|-]\s+")
_ARTICLE = re.compile(r"^(?:the|die|der|das|le|la|les|l'|el|los|las)\s+", re.I)


def _without_employer(title: str | None, employer: str | None) -> str | None:
    """ "Senior Data Engineer at Tidewater Logistics." -> "Senior Data Engineer": the title, not where it is."""
    if not title:
        return title
    if employer:
        title = re.sub(rf"\s+(?:at|@|bei|chez|en|в|для)\s+{re.escape(employer)}\b.*$", "", title, flags=re.I)
    return title.rstrip(" .,;:") or None


def company(lines: list[str]) -> str | None:
    """The employer the ad names: a "Company:" field, "… at Acme" in the title line, or the name its story
    is told with most often ("Acme is…", "join Acme"); never a place or a word ads use everywhere."""
    from app.ats.tagger import common_words

    def plausible(name: str) -> str | None:
        if quoted := _QUOTED.search(name):
            name = quoted.group("name")
        name = _ARTICLE.sub("", name.strip(' .,«»"'))
        first = name.split()[0].lower() if name.split() else ""
        if not name or first in _NOT_COMPANY or key_of(name) in places() or name.lower() in common_words():
            return None
        return name if not vocabulary().canonical(name) else None

    for line in lines[:12]:
        if (match := _COMPANY_FIELD.match(line)) and (name := plausible(match.group("name"))):
            return name
    for line in lines:
        for match in _LEGAL_NAME.finditer(line):
            if name := plausible(match.group("name")):
                return name
    for line in lines[:2]:  # "Sous Chef – The Copper Kettle, Boston": the name after the title, told again below
        for part in _TITLE_DASH.split(line)[1:]:
            name = plausible(part.split(",")[0].split(" (")[0])
            if name and any(name in other for other in lines[1:] if other != line):
                return name
    for line in lines[:3]:
        if (match := _AT_COMPANY.search(line)) and (name := plausible(match.group("name"))):
            return name
    counts: dict[str, int] = {}
    for line in lines:
        for found in company_names(line) + [m.group("name") for m in _QUOTED.finditer(line)]:
            if name := plausible(found):
                counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda name: counts[name]) if counts else None


def _headline(line: str) -> str:
    """A title line without what follows the title: "Senior Backend Engineer – Payments (Berlin or
    remote)" -> "Senior Backend Engineer"."""
    return _AFTER_TITLE.split(line, maxsplit=1)[0].rstrip(":").strip(" -–—|")


def _drop_title_skills(
    title: str, lines: list[str], starts: list[int], skills_by_line: list[list[Match]], vocab: Vocabulary
) -> None:
    """Where the ad names its job title, it is matched as the title, not as a skill ("Registered
    Nurse"; "RN license" stays a skill); and the title line names only what the vocabulary knows
    there ("Python Developer – Berlin or remote": Python), not what the tagger reads into a place
    or a team's name."""
    for line_skills in skills_by_line:
        line_skills[:] = [m for m in line_skills if m.text.lower() != title.lower()]
    n = next((n for n, line in enumerate(lines[:3]) if _headline(line) == title), None)
    if n is not None:
        known = [(starts[n] + m.start, starts[n] + m.end) for m in vocab.find(lines[n])]
        skills_by_line[n][:] = [m for m in skills_by_line[n] if any(m.start < b and a < m.end for a, b in known)]


def _importance(line: str, position: int, section: str) -> str:
    """How much the ad wants the skill at `position` of `line`: "Experience with REST; gRPC is a plus",
    "Kafka experience, Terraform is a plus" and "5 years of B2B marketing, ideally in software" want
    the first as their section does and the second as preferred; "Docker, Kubernetes or Helm is a
    plus" prefers all three."""
    start = line.rfind(";", 0, position) + 1
    end = line.find(";", position)
    part = line[start : end if end >= 0 else len(line)]
    at = position - start
    later = _THEN_PREFERRED.search(part)
    if later and at < later.start():
        part = part[: later.start()]
    for marker in _PREFERRED_AFTER.finditer(part):
        if marker.start() > at and _one_list(part, at, marker.start()):
            return "preferred"
    before = _PREFERRED_AFTER.sub(" ", part)  # a "… is a plus" that is not about this skill
    if _PREFERRED.search(before):
        return "preferred"
    if _MUST.search(part):
        return "required"
    return section


def _one_list(part: str, at: int, marker: int) -> bool:
    """Whether a skill and a "… is a plus" after it are in one clause or one list of names ("Docker,
    Kubernetes or Helm is a plus"), not in two clauses ("experience with Kafka, Terraform is a plus")."""
    if "," not in part[at:marker]:
        return True
    # the skill's own clause, but the skill ("Kafka experience"), then the clauses up to the marker
    own = part[part.rfind(",", 0, at) + 1 : part.find(",", at)].split()[1:]
    head = part[part.rfind(",", 0, at) + 1 : at].split() + own
    clauses = [clause.split() for clause in part[at:marker].split(",")[1:]]
    return all(
        len(words) <= 4 and not any(word.lower() in _CLAUSE_WORDS for word in words) for words in [head, *clauses]
    )


def _covered(match: Match, found: list[Match]) -> bool:
    return any(m.canonical == match.canonical or m.start <= match.start < m.end for m in found)


@dataclass(frozen=True)
class AdSkill:
    """A skill an ad asks for, and where: its line (of the non-empty ones) and its span in the ad's text."""

    canonical: str
    line: int
    start: int
    end: int
    importance: Literal["required", "preferred"]
    asked: bool = False  # in a list of requirements or wishes, or a line that asks ("experience with"), not a task
    named: bool = True  # the ad writes its name at [start, end); not where a verb says it ("negotiate contracts")


@dataclass(frozen=True)
class ReadAd:
    title: str | None
    lines: list[str]  # the non-empty lines, without bullets
    skills: list[AdSkill]


Section = Literal["required", "preferred", "context"]


def _sections(raw_lines: list[str], lines: list[str]) -> list[tuple[Section, bool]]:
    """Each line's section, and whether that section lists requirements ("Requirements", "Nice to
    have") rather than tasks or the company's story."""
    section: Section = "required"
    asking = False
    out: list[tuple[Section, bool]] = []
    for raw, line in zip(raw_lines, lines, strict=True):
        if _is_heading(raw):  # a short line that names no section ("Docker and Kubernetes") changes nothing
            if _PREFERRED.search(line):
                section, asking = "preferred", True
            elif _CONTEXT.search(line):
                section, asking = "context", False
            elif _REQUIRED.search(line):
                section, asking = "required", True
            elif _TASKS.search(line):
                section, asking = "required", False
        out.append((section, asking))
    return out


def _listable(name: str, in_capitals: bool, own: set[tuple[str, ...]], common: frozenset[str]) -> bool:
    """Whether a name no list knows may be listed: not the company's name, one of its places or products,
    nor a shouted heading's words ("MINIMUM QUALIFICATIONS")."""
    key = key_of(name)
    if _within(key, own) or key in places():
        return False
    return not all(shouted(word, in_capitals, common) for word in name.split())


def _qualified(line: str, found: list[Match], vocab: Vocabulary) -> list[Match]:
    """A lower-case phrase no list knows right before a name is one skill with it: "double-entry" and
    "bookkeeping" are "double-entry bookkeeping", which says more than bookkeeping."""
    out: list[Match] = []
    for match in sorted(found, key=lambda m: m.start):
        before = out[-1] if out else None
        if (
            before is not None
            and line[before.end : match.start] == " "
            and vocab.canonical(before.text) is None
            and before.text.islower()
            and not any(c.isdigit() for c in before.text)
            and match.text[:1].islower()
            and len((before.text + " " + match.text).split()) <= 4
        ):
            text = line[before.start : match.end]
            out[-1] = Match(vocab.canonical(text) or text, before.start, match.end, text)
            continue
        out.append(match)
    return out


def _core(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(word for word in key if word not in GENERIC) or key


def _within(key: tuple[str, ...], names: set[tuple[str, ...]]) -> bool:
    """Whether `key` is one of `names` or a run of words inside one ("Energy" of "Veldkamp Energy")."""
    return any(key == name[i : i + len(key)] for name in names for i in range(len(name) - len(key) + 1))


Judge = Callable[[Candidate, list[str]], bool]


def _fitted_judge(candidate: Candidate, names: list[str]) -> bool:
    fitted = skill_filter()
    return fitted is None or fitted.keep(names)


def _known(name: str, vocab: Vocabulary) -> bool:
    """A name of a tool, standard or field the vocabulary knows, a general skill of data/implies.tsv ("cloud
    computing"), a standard or a qualification by its number ("ISO 19650", "NVQ Level 3"): always listed
    where the ad asks for it."""
    return vocab.canonical(name) in vocab.named or key_of(name) in implied_by() or numbered(name)


def _lines_of(text: str) -> tuple[list[str], list[str], list[int]]:
    """The ad's non-empty lines as written, the same without bullets, and where each starts in `text`;
    a paragraph-long line is cut into its pieces (sentences, inline headings)."""
    raw_lines: list[str] = []
    lines: list[str] = []
    shifts: list[int] = []
    offset = 0
    for ended in text.splitlines(keepends=True):  # "\r\n", a PDF's form feed between pages…
        for start, raw in _pieces(ended.splitlines()[0]):
            line = _BULLET.sub("", raw).strip()
            if line:
                raw_lines.append(raw)
                lines.append(line)
                shifts.append(offset + start + raw.index(line))
        offset += len(ended)
    return raw_lines, lines, shifts


@dataclass
class _LineCandidates:
    """One line's skills before the filter: each match and where it came from."""

    found: list[Match]
    origin: dict[tuple[int, int], str]  # "tagger", "run", "phrase"; anything else was joined from pieces
    pieces: list[Match]  # the known names the line's names were made of ("SAP" of "SAP EWM")
    said: list[Match]  # know-how said with a verb ("negotiate contracts")


def _line_candidates(
    line: str,
    first: bool,
    tagged: list[Match],
    runs: list[Match],
    asking: bool,
    asks: bool,
    listed: bool,
    language: str,
) -> _LineCandidates:
    vocab = vocabulary()
    found = list(tagged)
    origin = {(m.start, m.end): "tagger" for m in found}
    if listed and asks:
        # "SEO and content marketing know-how is a plus", "Nice to have: … Rust for performance-critical
        # components": what an item of a requirements list, or one that plainly asks for something, names
        # it asks for, whatever the tagger made of it — if it is a name ("testing", "cloud" need the
        # tagger's reading), and not in prose ("… the code required to establish the infrastructure")
        item = asking and len(line.split()) <= 4  # "Go in production": a short item of a list names its skills
        found += [
            m
            for m in vocab.find(line, skills_context=item)
            if not _covered(m, found) and not (m.text.isalpha() and m.text.islower())
        ]
    origin |= {(m.start, m.end): "run" for m in runs}
    pieces = [m for m in [*found, *runs] if _known(m.text, vocab)]
    found = _qualified(line, whole_names(found, runs, lambda name: vocab.canonical(name) is not None), vocab)
    if first:  # the title line names the job, not its skills
        return _LineCandidates(found, origin, pieces, [])

    def free(m: Match) -> bool:
        return not any(f.start < m.end and m.start < f.end for f in found)

    # know-how said with a verb ("negotiate multi-year contracts"), where the vocabulary names it as a noun
    said = [m for m in nominalised(line, vocab) if free(m)] if language == "en" else []
    found += said
    if asks:  # a name the ad writes as one where it asks for something ("Fivetran or Airbyte"); not a task's,
        # which may be a person's ("with our head of kitchen, Tom Reid")
        found += [m for m in runs if free(m)]
    tagger = skill_tagger()
    if language == "en" and tagger is not None:  # the know-how it asks for or a task names in its own words
        phrases = [
            Match(vocab.canonical(m.text) or m.text, m.start, m.end, m.text)
            for m in skill_phrases(line, tagger.rates, common_words())
            if free(m) and (asks or not m.text.istitle())  # a task's "Tom Reid" is a person
        ]
        origin |= {(m.start, m.end): "phrase" for m in phrases}
        found += phrases
    return _LineCandidates(found, origin, pieces, said)


def read_ad(text: str, judge: Judge = _fitted_judge) -> ReadAd:
    """The title and the skills an ad asks for, in order. The tagger reads the whole ad (a line's
    section and neighbours tell it what the line's names are); then each line's section, its clauses
    and its wording decide what counts and how much. Names the vocabulary does not know count where
    the ad asks for something and writes them as names ("Fivetran", "SAP EWM"), and `judge` (the fitted
    filter of app/ats/judge.py) decides which of them, and of the tagger's other proposals, are skills."""
    vocab = vocabulary()
    raw_lines, lines, shifts = _lines_of(text)
    title = _title(lines, text)
    language = text_language(text)
    common = common_words()
    skills_by_line: list[list[Match]] = [[] for _ in lines]
    starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    for match in find_skills("\n".join(lines), vocab, propose=language == "en"):
        skills_by_line[bisect_right(starts, match.start) - 1].append(match)
    if title is not None:
        _drop_title_skills(title, lines, starts, skills_by_line, vocab)
    sections = _sections(raw_lines, lines)
    # the company's own name, its places and products: named in its story, the offer or the title line
    names_by_line = [name_runs(line, language, common) for line in lines]
    own = {
        key_of(m.text)
        for n, (line, (section, _)) in enumerate(zip(lines, sections, strict=True))
        if section == "context" or n == 0 or _OFFER_LINE.match(line)
        for m in names_by_line[n]
    } | {key_of(name) for line in lines for name in company_names(line)}
    out: list[AdSkill] = []
    for n, (raw, line, line_skills) in enumerate(zip(raw_lines, lines, skills_by_line, strict=True)):
        section, asking = sections[n]
        # the company's story, its offer: no tool named there is asked for
        if section == "context" or _OFFER_LINE.match(line):
            continue
        listed = bool(_BULLET.match(raw)) or len(line.split()) <= _ITEM_WORDS
        asks = bool(asking or _ASKS.search(line) or _PREFERRED.search(line))
        tagged = [Match(m.canonical, m.start - starts[n], m.end - starts[n], m.text) for m in line_skills]
        runs = [
            Match(vocab.canonical(m.text) or vocab.canonical(m.canonical) or m.canonical, m.start, m.end, m.text)
            for m in names_by_line[n]
            if not _within(key_of(m.text), own)
        ]
        line_candidates = _line_candidates(line, n == 0, tagged, runs, asking, asks, listed, language)
        in_capitals = shouting(line)
        known = [m for m in line_candidates.found if _known(m.text, vocab)]
        kept: list[Match] = []
        for match in sorted(line_candidates.found, key=lambda m: m.start):
            if not vocab.canonical(match.text) and not _listable(match.text, in_capitals, own, common):
                continue
            if match in line_candidates.said or _known(match.text, vocab) or _DEGREE_IN.match(match.text):
                kept.append(match)
                continue
            source = line_candidates.origin.get((match.start, match.end), "joined")
            # a known name made whole ("Salesforce Marketing Cloud Journey Builder", "ISO 19650 information
            # management") is kept whole
            whole = any(match.start <= m.start and m.end <= match.end for m in line_candidates.pieces)
            candidate = Candidate(match.text, source, line, match.start, match.end, asking, asks, listed, language)
            if whole or judge(candidate, features(candidate, known)):
                kept.append(match)
            else:  # the known names in a phrase the filter refuses ("seasonal preventive maintenance") stay
                kept += [
                    Match(m.canonical, match.start + m.start, match.start + m.end, m.text)
                    for m in vocab.find(match.text)
                    if _known(m.text, vocab) and not everyday(m)
                ]
        for match in kept:
            said = match in line_candidates.said
            canonical, start = match.canonical, match.start
            if _DEGREE_ONLY.match(match.text):
                continue
            if field := _DEGREE_IN.match(match.text):  # "Bachelor's degree in marketing": the degree is weighed apart
                start += field.end()
                canonical = vocab.canonical(match.text[field.end() :]) or match.text[field.end() :]
            importance: Literal["required", "preferred"] = (
                "required" if _importance(line, match.start, section) == "required" else "preferred"
            )
            out.append(AdSkill(canonical, n, shifts[n] + start, shifts[n] + match.end, importance, asks, not said))
    return ReadAd(title, lines, out)


def extract_job(job_text: str) -> JobRequirements:
    """Everything the analyser needs from a job ad; raises InvalidInput for empty, huge or binary input."""
    text = _BROKEN_WORD.sub(r"\1\2", check_job_text(job_text))  # "informa-\ntion", as a PDF breaks a word
    vocab = vocabulary()
    ad = read_ad(text)
    lines = ad.lines
    required: dict[str, str] = {}
    preferred: dict[str, str] = {}
    written: dict[str, list[str]] = {}
    # where the ad asks for a skill ("Nice to have: Snowflake"), that says how much it wants it, not a task
    # that names it ("feed our warehouse in Snowflake")
    asked = {skill.canonical for skill in ad.skills if skill.asked}
    for skill in ad.skills:
        if key_of(skill.canonical) in vocab.soft:  # "stakeholder management" is weighed with the soft skills
            continue
        said = written.setdefault(skill.canonical, [])
        if skill.named:  # the ad's own name for it, not a verb phrase ("negotiate contracts")
            said.append(text[skill.start : skill.end])
        if skill.asked or skill.canonical not in asked:
            wants = required if skill.importance == "required" else preferred
            wants.setdefault(skill.canonical, lines[skill.line])
    for name in required:
        preferred.pop(name, None)
    soft = {match.canonical: None for line in lines for match in vocab.find(line, soft=True)}
    years = [int(m.group(1)) for m in _YEARS.finditer(text) if 0 < int(m.group(1)) <= 30]
    education = _education(lines)
    if not (required or preferred or years or education) and len(text.split()) < SHORT_AD_WORDS:
        raise InvalidInput(
            "I found nothing that ad asks for (skills, years, a degree) — is it the whole ad? "
            "Paste all of it, requirements included."
        )
    employer = company(lines)
    return JobRequirements(
        title=_without_employer(ad.title, employer),
        company=employer,
        required=list(required),
        preferred=list(preferred),
        evidence={**preferred, **required},
        wording={
            name: said[0]
            for name, said in written.items()
            if said
            # the ad's own name ("CRM", "k8s", "SAP FI", "Spring Boot"), not the name with a generic word
            # ("CI/CD pipelines": CI/CD)
            if _core(key_of(said[0])) != _core(key_of(name))
        },
        years=max(years) if years else None,
        education=education,
        soft_skills=list(soft),
    )


_AD_WORDS = re.compile(
    r"requirements|responsibilities|qualifications|you will|you'll|we are looking|we're looking|experience with|"
    r"nice to have|what we offer|benefits|about the role|apply|salary|job description|your profile|must have|"
    r"anforderungen|aufgaben|dein profil|ihr profil|wir bieten|bewirb|bewerbung|profil recherché|vos missions|"
    r"nous offrons|postuler|requisitos|ofrecemos|funciones|вимоги|обов.язки|ми пропонуємо",
    re.I,
)


def looks_like_job_ad(text: str) -> bool:
    """A pasted job ad rather than a chat message: long, with the words job ads are made of."""
    return len(text) >= 250 and len(set(m.group(0).lower() for m in _AD_WORDS.finditer(text))) >= 2
