"""The offline cover letter: composed from the CV's facts and the job ad's, never inventing one.

The letter names the role and the company, says who the person is, builds a paragraph on each of one or two
requirements of the ad that a CV achievement shows (quoting it with its numbers and where it happened), and
closes with the person's motivation and a call to action. Every sentence is checked against the CV: one that
would state a number, skill or name the CV does not is left out.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel

from app.ats.guard import Sources
from app.cv.language import detect_language
from app.tailor.phrases import PHRASES, Phrases, frame_words

if TYPE_CHECKING:
    from app.ats.report import JobMatch, JobSkill
    from app.cv.model import Resume

MIN_WORDS, MAX_WORDS = 150, 300
_TARGET = 180  # padding stops once the letter reaches this many words
_WORD = re.compile(r"[\w'’-]*\w[\w'’-]*")
_ACHIEVEMENT_SECTIONS = {"work": "name", "volunteer": "organization", "projects": "name"}


class Letter(BaseModel):
    language: str  # en | de | fr | es | uk
    company: str | None = None
    job_title: str | None = None
    date: str  # ISO date the letter was written (YYYY-MM-DD)
    subject: str
    salutation: str
    paragraphs: list[str]  # the body, 3–5 paragraphs
    closing: str
    signature: str  # the person's name

    def body_text(self) -> str:
        """Salutation, paragraphs, closing and signature, joined by blank lines."""
        return "\n\n".join([self.salutation, *self.paragraphs, self.closing, self.signature])

    def word_count(self) -> int:
        """The words of the salutation, paragraphs and closing: what the 150–300 limit counts."""
        return count_words(" ".join([self.salutation, *self.paragraphs, self.closing]))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class _Achievement:
    """A CV bullet that shows something, where it happened, and the ad's skills it shows (if any)."""

    text: str
    where: str  # "at PayFlow GmbH" in the letter's language
    skills: tuple[str, ...] = ()
    required: bool = False

    @property
    def has_number(self) -> bool:
        return any(c.isdigit() for c in self.text)


def _pick(options: tuple[str, ...], *key: object, turn: int = 0) -> str:
    """One of `options`, chosen by the content: varied between letters, the same for the same letter.
    Paragraphs of one letter pass their `turn` (0, 1) so that they never share a frame."""
    digest = hashlib.sha1(repr(key).encode()).digest()
    return options[(digest[0] + turn) % len(options)]


def _join(items: list[str], and_: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {and_} {items[-1]}"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" ;,")
    return text if text[-1:] in ".!?" else text + "."


class _Composer:
    """Builds one letter; `true` keeps out any sentence that would state what the CV does not."""

    def __init__(  # noqa: PLR0913
        self,
        resume: Resume,
        company: str | None,
        title: str | None,
        language: str,
        today: datetime.date,
        shown: list[str],
    ) -> None:
        self.resume, self.company, self.title = resume, company, title
        self.key = (company, title, resume.basics.name if resume.basics else None)  # picks the frames
        self.p: Phrases = PHRASES[language]
        self.language = language
        own = " ".join(sorted(frame_words(language)))
        self._sources = Sources(resume, about_job=[company or "", title or "", own], today=today, shown=shown)

    def true(self, text: str) -> bool:
        """Nothing in `text` but the CV's facts, the ad's company and title, and the letter's own words."""
        return not self._sources.unsupported(text, self.language)

    def where(self, section: str, index: int) -> str | None:
        items = self.resume.section(section)
        if not 0 <= index < len(items):
            return None
        name = getattr(items[index], _ACHIEVEMENT_SECTIONS[section], None)
        if not name:
            return None
        frame = self.p.in_project if section == "projects" else self.p.at
        return frame.format(employer=name, name=name)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def compose_letter(
    resume: Resume,
    job: JobMatch | None,
    *,
    company: str | None,
    job_title: str | None,
    language: str | None = None,
    today: datetime.date,
) -> Letter:
    """A 150–300-word cover letter in the CV's language, built only on the CV's facts and the ad's."""
    code = language if language in PHRASES else detect_language(resume)
    company = (company or "").strip() or None
    job_title = (job_title or "").strip() or None
    found = [s.name for s in job.skills if s.found] if job else []  # the ATS check's matches, by the ad's names
    c = _Composer(resume, company, job_title, code, today, found)
    shown = _evidenced(c, job)[:2] if job else []
    if len(shown) < 2:  # a paragraph on one of the CV's own results with numbers
        own = _own_achievements(c, exclude=tuple(a.text for a in shown))
        shown += [a for a in own if a.has_number or not shown][: 2 - len(shown)]
    opening = _opening(c)
    evidence = [_evidence_paragraph(c, a, turn) for turn, a in enumerate(shown)]
    extras = _extras(c, job, shown)
    salutation = c.p.salutation.format(company=company) if company else c.p.salutation_general
    paragraphs = _fit(opening, [*evidence, _closing(c)], extras, c, salutation)
    name = resume.basics.name if resume.basics and resume.basics.name else ""
    return Letter(
        language=code,
        company=company,
        job_title=job_title,
        date=today.isoformat(),
        subject=c.p.subject.format(title=job_title) if job_title else c.p.subject_general,
        salutation=salutation,
        paragraphs=paragraphs,
        closing=c.p.closing,
        signature=name,
    )


def _opening(c: _Composer) -> list[str]:
    """Who applies for what: the role and company, the person's latest position, and since when they work."""
    p, key = c.p, (c.company, c.title)
    if c.title and c.company:
        first = _pick(p.apply, *key).format(title=c.title, company=c.company)
    elif c.title:
        first = _pick(p.apply_title, *key).format(title=c.title)
    elif c.company:
        first = _pick(p.apply_company, *key).format(company=c.company)
    else:
        first = _pick(p.apply_general, c.resume.basics.name if c.resume.basics else "")
    sentences = [first]
    latest = _latest_job(c.resume)
    if latest is not None:
        position, employer, ongoing = latest
        sentences.append((p.current if ongoing else p.latest).format(position=position, employer=employer))
    year = _first_year(c.resume)
    if year:
        sentences.append(p.since.format(year=year))
    summary = c.resume.basics.summary if c.resume.basics else None
    if summary:
        sentences.append(p.profile.format(summary=_sentence(re.split(r"(?<=[.!?])\s", summary.strip())[0])))
    return [s for s in sentences if c.true(s)]


def _latest_job(resume: Resume) -> tuple[str, str, bool] | None:
    """(position, employer, still there) of the most recent job that names both."""
    jobs = [w for w in resume.work or [] if w.position and w.name]
    if not jobs:
        return None
    latest = max(jobs, key=lambda w: (w.endDate is None, w.endDate or "", w.startDate or ""))
    return latest.position or "", latest.name or "", latest.endDate is None


def _first_year(resume: Resume) -> str | None:
    """The year of the earliest job start the CV gives."""
    years = [w.startDate[:4] for w in resume.work or [] if w.startDate]
    return min(years) if years else None


def _evidenced(c: _Composer, job: JobMatch | None) -> list[_Achievement]:
    """The CV bullets that show the ad's skills: required first, then those with numbers, in the CV's order."""
    if job is None:
        return []
    found: dict[str, _Achievement] = {}
    for skill in job.skills:
        achievement = _achievement_of(c, skill)
        if achievement is None:
            continue
        known = found.get(achievement.text)
        if known is not None:
            achievement = _Achievement(
                known.text, known.where, (*known.skills, skill.name), known.required or achievement.required
            )
        found[achievement.text] = achievement
    ranked = sorted(found.values(), key=lambda a: (not a.required, not a.has_number))
    return [a for a in ranked if c.true(a.text)]


def _achievement_of(c: _Composer, skill: JobSkill) -> _Achievement | None:
    where = skill.location or {}
    section, index = where.get("section"), where.get("index")
    if not skill.found or not skill.evidence or section not in _ACHIEVEMENT_SECTIONS or index is None:
        return None
    if where.get("field") != "highlights":
        return None
    place = c.where(str(section), int(index))
    if place is None:
        return None
    return _Achievement(skill.evidence, place, (skill.name,), skill.importance == "required")


def _own_achievements(c: _Composer, exclude: tuple[str, ...]) -> list[_Achievement]:
    """The CV's achievement bullets, those with numbers first, in the CV's order."""
    out: list[_Achievement] = []
    for section in _ACHIEVEMENT_SECTIONS:
        for index, item in enumerate(c.resume.section(section)):
            place = c.where(section, index)
            for bullet in getattr(item, "highlights", None) or []:
                if place and bullet.strip() and bullet not in exclude:
                    out.append(_Achievement(bullet, place))
    return sorted(out, key=lambda a: not a.has_number)


def _evidence_paragraph(c: _Composer, a: _Achievement, turn: int) -> str:
    """One requirement of the ad (or, without one, an achievement of its own) shown by one CV bullet."""
    p = c.p
    skills = _join(list(dict.fromkeys(a.skills[:2])), p.and_) if a.skills else ""
    quoted = _quote(c, a, skills, turn)
    fits = _pick(p.fits if c.title else p.fits_general, c.key, turn=turn)
    tie = fits.format(title=c.title) if a.skills else ""
    return " ".join(s for s in (quoted, tie) if s and c.true(s))


def _quote(c: _Composer, a: _Achievement, skills: str, turn: int) -> str:
    """The achievement introduced by a frame: conjugated in English when it starts with a past-tense verb
    ("at Acme, I cut errors by 30%"), else after a colon, as the CV words it."""
    p, bullet = c.p, _sentence(a.text)
    verb = _past_tense_start(c, bullet)
    if verb and skills:
        frame = _pick(p.requirement_verb, c.key, turn=turn)
        frame = frame.format(skills=skills, where=a.where, where_cap=_cap(a.where))
        return f"{frame} {verb}"
    if verb:
        return f"{_pick(p.achievement_verb, c.key, turn=turn)} {a.where}, I {verb}"
    frames = p.requirement if skills else p.achievement
    return f"{_pick(frames, c.key, turn=turn).format(skills=skills, where=a.where)} {bullet}"


def _also(c: _Composer, a: _Achievement) -> str:
    """Another achievement, as padding."""
    bullet = _sentence(a.text)
    verb = _past_tense_start(c, bullet)
    if verb:
        return f"{c.p.also_verb.format(where_cap=_cap(a.where))} {verb}"
    return f"{c.p.also.format(where=a.where)} {bullet}"


def _past_tense_start(c: _Composer, bullet: str) -> str | None:
    """In English, the bullet with its first word lower-cased when that word is a past-tense verb ("Cut ...")."""
    from app.ats.vocab import verb_forms

    first = bullet.split()[0]
    if not c.p.requirement_verb or first.lower() not in verb_forms() or first.isupper():
        return None
    return first.lower() + bullet[len(first) :]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _closing(c: _Composer) -> str:
    p, key = c.p, (c.company, c.title, c.resume.basics.name if c.resume.basics else "")
    if c.title and c.company:
        motivation = _pick(p.motivation, *key).format(title=c.title, company=c.company)
    else:
        motivation = _pick(p.motivation_general, *key)
    return f"{motivation} {_pick(p.call, *key)}"


def _extras(c: _Composer, job: JobMatch | None, shown: list[_Achievement]) -> list[str]:
    """True sentences that may fill a short letter, best first: more matched skills, then the CV's own facts."""
    p, out = c.p, []
    cited = {s.lower() for a in shown for s in a.skills}
    if job is not None:
        named = [_cv_words(c, s) for s in job.skills if s.found and s.name.lower() not in cited]
        more = [name for name in dict.fromkeys(named) if name]
        if more:
            out.append(p.further.format(skills=_join(more[:5], p.and_)))
    else:
        own = [k for s in c.resume.skills or [] for k in s.keywords or ([s.name] if s.name else [])]
        if own:
            out.append(p.tools.format(skills=_join(list(dict.fromkeys(own))[:6], p.and_)))
    for extra in _own_achievements(c, exclude=tuple(a.text for a in shown))[:3]:
        out.append(_also(c, extra))
    out += _background(c)
    return [s for s in out if c.true(s)]


def _cv_words(c: _Composer, skill: JobSkill) -> str | None:
    """The ad's name for a skill the CV shows, or the CV's own where the ad's is not the CV's."""
    for name in (skill.name, skill.matched, skill.shown_by):
        if name and c.true(name):
            return name
    return None


def _background(c: _Composer) -> list[str]:
    """Education, certificates and languages, each as one sentence."""
    p, out = c.p, []
    studies = [", ".join(x for x in (e.studyType, e.area, e.institution) if x) for e in c.resume.education or []]
    if any(studies):
        out.append(p.education.format(education="; ".join(s for s in studies if s)))
    certificates = [x.name for x in c.resume.certificates or [] if x.name]
    if certificates:
        out.append(p.certificates.format(items=", ".join(certificates)))
    spoken = [
        f"{x.language} ({x.fluency})" if x.fluency else x.language for x in c.resume.languages or [] if x.language
    ]
    if spoken:
        out.append(p.languages.format(items=", ".join(spoken)))
    return out


def _fit(opening: list[str], paragraphs: list[str], extras: list[str], c: _Composer, salutation: str) -> list[str]:
    """3–5 paragraphs of 150–300 words (with salutation and closing): padded with the CV's own facts in a
    paragraph before the closing, or trimmed: the least important achievement, then the opening's last facts."""
    fixed = count_words(salutation) + count_words(c.p.closing)
    body = [" ".join(opening), *(x for x in paragraphs if x)]
    middle: list[str] = []
    closing = body[-1]
    spare = [x for x in (*c.p.spare, *c.p.motivation_general, *c.p.call) if x not in closing]

    def words() -> int:
        return fixed + sum(count_words(x) for x in body) + sum(count_words(x) for x in middle)

    while words() > MAX_WORDS and len(body) > 3:
        body.pop(-2)
    while words() > MAX_WORDS and len(opening) > 1:
        opening.pop()
        body[0] = " ".join(opening)
    for sentence in extras + spare:
        enough = _TARGET if sentence in extras else MIN_WORDS
        if words() >= enough and len(body) + bool(middle) >= 3:
            break
        if words() + count_words(sentence) <= MAX_WORDS:
            middle.append(sentence)
    if middle:
        body.insert(len(body) - 1, " ".join(middle))
    return body
