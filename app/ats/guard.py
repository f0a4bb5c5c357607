"""The no-invention guard: every claim a tailoring, a rewrite, a summary or a letter makes must be in the CV.

A claim is a number (a metric, a date, a count), a skill, tool or certificate the vocabulary knows, or a
name (an employer, a school, a product). The sources are the CV's own text, the person's answers kept as
evidence with its versions, and what may be said about the job itself (the company and the role).
A sentence with a claim none of them states is dropped, and the person is told which.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from app.ats.links import without_links
from app.ats.segments import all_text
from app.ats.vocab import vocabulary
from app.cv.model import Resume

_NUMBER = re.compile(r"\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_][\w&'’-]*")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[\"“«„(]?[^\W\d_])")
# Where a capitalised word names an organisation even in a language that capitalises every noun (German):
# "at Google", "bei Siemens", "chez Danone", "en Telefónica", "у Monobank".
_AT = re.compile(
    r"\b(?:at|for|with|joined|bei|für|chez|pour|en|para|con|у|в|для)\s+(?:der|dem|den|die|the|la|le|el|l')?\s*$",
    re.I,
)
# Languages whose prose capitalises words that are no names (German nouns): there, a lone capitalised word
# is a name only after one of the words above, or when written like one ("SAP", "McKinsey", "N26").
_NOUN_CAPITALS = {"de"}
# The words a letter or summary may open a sentence with in every language, read as no name.
_OPENERS = {
    "en": "i i'm i've i'd my me we our you your the a an about also in at on for with as by from to and but so this "
    "that these those it its there here then thank thanks dear since during over after before while when where what "
    "how why",
    "de": "über auch außerdem ich mein meine meinen meiner wir sie ihr ihre ihrem ihren in bei für mit als seit nach "
    "vor während und aber damit dabei dort gerne gern sehr vielen dank der die das den dem des ein eine einen einem",
    "fr": "sur aussi je j'ai mon ma mes nous vous votre vos dans chez pour avec comme depuis après avant pendant et "
    "mais ainsi ce cette ces merci le la les l un une des du",
    "es": "sobre además también yo mi mis nosotros usted su sus en con como desde tras antes durante y pero así este "
    "esta estos estas gracias el los las un una unos",
    "uk": "я мій моя мої ми ви ваш ваша ваші у в на з для як після до під та і й але тому дякую",
}
_DOCUMENT_WORDS = {"cv", "ats", "resume", "résumé", "lebenslauf", "резюме"}  # the papers themselves: no claim
_FUNCTION_WORDS = frozenset(word for words in _OPENERS.values() for word in words.split())


@dataclass(frozen=True)
class Dropped:
    """A sentence left out because it claims what no source states."""

    sentence: str
    claims: tuple[str, ...]


def _years_of_work(resume: Resume, today: date) -> frozenset[str]:
    """The years of work the CV's dates add up to ("8 years of experience"), give or take one: a count the CV
    shows by its dates though it never writes it."""
    starts = [int(w.startDate[:4]) for w in resume.work or [] if w.startDate]
    if not starts:
        return frozenset()
    years = today.year - min(starts)
    return frozenset(str(n) for n in (years - 1, years, years + 1) if n > 0)


def _digits(number: str) -> str:
    return re.sub(r"[^\d]", "", number.split(".")[0] if re.search(r"\.\d{1,2}$", number) else number) or number


class Sources:
    """What may be claimed: the CV's text, the person's answers, and words about the job itself."""

    def __init__(
        self,
        resume: Resume,
        evidence: Iterable[str] = (),
        about_job: Iterable[str] = (),
        today: date | None = None,
        shown: Iterable[str] = (),
    ) -> None:
        """`shown`: the ad's skills the ATS check found in the CV under another name ("Google Analytics" for GA4)."""
        self.shown_as = frozenset(shown)
        self.shown = frozenset(vocabulary().canonical(name) or name for name in self.shown_as)
        self.text = "\n".join([all_text(resume), *evidence])
        self.job = "\n".join(about_job)
        self.derived = _years_of_work(resume, today or date.today())

    @cached_property
    def _shown_names(self) -> list[str]:
        return sorted(self.shown_as, key=len, reverse=True)

    @cached_property
    def _prose(self) -> str:
        return without_links(self.text)  # a skill only in a link ("github.com/ana/react-app") is not stated

    @cached_property
    def numbers(self) -> frozenset[str]:
        return frozenset(_digits(n) for n in _NUMBER.findall(self.text)) | self.derived

    @cached_property
    def skills(self) -> frozenset[str]:
        return frozenset(m.canonical for m in vocabulary().find(self._prose, skills_context=True)) | self.shown

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(w.lower() for w in _WORD.findall(self.text + "\n" + self.job))

    @cached_property
    def low(self) -> str:
        return (self._prose + "\n" + self.job).lower()

    def unsupported(self, text: str, language: str = "en") -> list[str]:
        """The claims in `text` that no source states, in order."""
        claims: list[str] = [n for n in _NUMBER.findall(text) if _digits(n) not in self.numbers]
        unshown = without_links(text)
        for name in self._shown_names:  # "Google Analytics 4", found by the ATS check as the CV's "GA4"
            unshown = unshown.replace(name, " " * len(name))
        claims += [
            m.text
            for m in vocabulary().find(unshown)
            if m.canonical not in self.skills and m.text.lower() not in self.low and m.text not in self.shown
        ]
        claims += [
            name
            for name, rest in _names(text, language)
            if not self._states(name) and not (rest and self._states(rest))
        ]
        return [c for c in dict.fromkeys(claims) if not any(c != other and c in other for other in claims)]

    def _states(self, name: str) -> bool:
        low = name.lower()
        if low in _DOCUMENT_WORDS or low in self.low or all(w.lower() in self.words for w in _WORD.findall(name)):
            return True
        if any(name in shown for shown in self.shown_as):  # "Google Analytics" of "Google Analytics 4"
            return True
        return vocabulary().canonical(name) in self.skills  # "PostgreSQL" where the CV says "Postgres"

    def keep_supported(self, text: str, language: str = "en") -> tuple[str, list[Dropped]]:
        """`text` without the sentences that claim what no source states, and those sentences."""
        kept: list[str] = []
        dropped: list[Dropped] = []
        for paragraph in text.split("\n"):
            sentences = [s for s in _SENTENCE.split(paragraph) if s.strip()]
            good = []
            for sentence in sentences:
                claims = self.unsupported(sentence, language)
                if claims:
                    dropped.append(Dropped(sentence.strip(), tuple(claims)))
                else:
                    good.append(sentence.strip())
            kept.append(" ".join(good))
        return "\n".join(kept).strip(), dropped


_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ"
_CAPITALISED = re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’&-]*(?:\.(?=\w))?(?:[ \t]+(?:&[ \t]+)?[{_UPPER}][\w'’&-]*)*")


def _names(text: str, language: str) -> list[tuple[str, str | None]]:
    """Capitalised words and runs of them that read as names (employers, schools, products, places), each with
    the run without its first word when a sentence opens with it ("Buscan Mailchimp": maybe just "Mailchimp")."""
    names: list[tuple[str, str | None]] = []
    for match in _CAPITALISED.finditer(text):
        words = match.group(0).split()
        first_of_sentence = _sentence_start(text, match.start())
        while words and words[0].lower() in _FUNCTION_WORDS:
            words = words[1:]
        while words and words[-1].lower() in _FUNCTION_WORDS:  # "At Acme I built": the run ends at "Acme"
            words = words[:-1]
        opens = first_of_sentence and words == match.group(0).split()[: len(words)]
        if words and _is_name(words, text, match.start(), language, opens and len(words) == 1):
            rest = " ".join(words[1:]) if opens and len(words) > 1 and not _written_as_name(words[0]) else None
            names.append((" ".join(words), rest))
    return names


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in '.!?:;"“«„(—–-•'


def _written_as_name(word: str) -> bool:
    """ "SAP", "McKinsey", "N26": a name by its letters, whatever the language capitalises."""
    return len(word) > 1 and (word.isupper() or any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word))


def _is_name(words: list[str], text: str, start: int, language: str, opens_sentence: bool) -> bool:
    if any(_written_as_name(word) for word in words):
        return True
    if language in _NOUN_CAPITALS:  # capitalised German words are nouns, unless they follow "bei", "für"…
        return bool(_AT.search(text[: text.find(words[0], start)]))
    return len(words) > 1 or not opens_sentence  # a sentence's first word is capitalised by the sentence
