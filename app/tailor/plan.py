"""A tailoring plan: the changes that make a CV fit one job, each shown as a diff with its reason.

Offline and deterministic. It only moves, rewords and brings forward what the CV already says:
- the headline toward the job's title (the title itself only when the CV's own words support it);
- the summary's most relevant sentences first, and the evidenced skills named in the ad's wording;
- each entry's bullets reordered by relevance to the ad;
- the skills the CV evidences brought to the front of the skills section, in the ad's wording.
Employers, titles, dates, degrees and institutions are locked (`check_locked`). What the ad asks for and
the CV does not show becomes a question to the person (`gaps`), never a change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.ats.guard import Sources
from app.ats.job import JobRequirements
from app.ats.report import JobMatch, JobSkill, stable_id
from app.ats.vocab import key_of, vocabulary
from app.cv import edit
from app.cv.language import detect_language
from app.cv.model import Resume, Skill
from app.cv.sections import entry_label
from app.errors import Conflict
from app.tailor.fit import BULLET_SECTIONS

ChangeKind = Literal["headline", "summary", "bullets", "skills"]
MAX_GAPS = 5
_GENDER = re.compile(r"\s*[(\[]?\b(?:[mwfdhx]\s*/\s*[mwfdhx](?:\s*/\s*[mwfdhx])?|H/F|F/H|ч/ж)\b[)\]]?", re.I)
_WORDS = re.compile(r"[^\W\d_]{4,}")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

# "Hands-on experience with A, B and C." in the CV's language, and "and" for the list.
_SKILLS_SENTENCE = {
    "en": ("Hands-on experience with {}.", "and"),
    "de": ("Praktische Erfahrung mit {}.", "und"),
    "fr": ("Expérience pratique : {}.", "et"),
    "es": ("Experiencia práctica con {}.", "y"),
    "uk": ("Практичний досвід: {}.", "та"),
}
# "{label} with {years} years of experience." when the CV has no summary to start from.
_EXPERIENCE_SENTENCE = {
    "en": "{label} with {years} years of experience.",
    "de": "{label} mit {years} Jahren Berufserfahrung.",
    "fr": "{label} avec {years} ans d'expérience.",
    "es": "{label} con {years} años de experiencia.",
    "uk": "{label} з досвідом роботи {years} р.",
}


class Change(BaseModel):
    """One proposed change: where, from what, to what, and why. `old` must still be there when applied."""

    id: str
    kind: ChangeKind
    where: str  # in words: "your headline", 'the bullets of your job "Analyst at Acme"'
    section: str  # "basics", "work", "skills", ...
    index: int | None = None
    field: str | None = None
    old: Any = None
    new: Any = None
    reason: str

    def diff(self) -> list[str]:
        """The change as lines a person reads: "- old" and "+ new" (lists: only what moved or was added)."""
        if isinstance(self.old, list) or isinstance(self.new, list):
            old = [_shown(item) for item in self.old or []]
            new = [_shown(item) for item in self.new or []]
            return [f"{n}. {item}" + ("" if item in old else "  (new)") for n, item in enumerate(new, 1)]
        return [f"- {self.old}" if self.old else "- (none)", f"+ {self.new}"]


def _shown(item: Any) -> str:
    if isinstance(item, dict):
        name = item.get("name") or ""
        keywords = item.get("keywords") or []
        return f"{name}: {', '.join(keywords)}" if name and keywords else name or ", ".join(keywords)
    return str(item)


class TailorPlan(BaseModel):
    changes: list[Change] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)  # what the ad asks for that the CV does not show (ad's words)


class Relevance:
    """How much a piece of CV text speaks to the job: the ad's skills it names count most, its words some."""

    def __init__(self, job: JobRequirements) -> None:
        self.weights = {key_of(name): 2.0 for name in job.required} | {key_of(name): 1.0 for name in job.preferred}
        self.weights = {key: self.weights[key] for key in self.weights if key}
        asked = " ".join([*job.evidence.values(), job.title or ""]).lower()
        self.words = frozenset(_WORDS.findall(asked))
        self.names = {key_of(name): job.as_written(name) for name in job.skill_names}

    def skills_in(self, text: str) -> list[str]:
        """The ad's skills `text` names, in the ad's wording."""
        found = [key_of(m.canonical) for m in vocabulary().find(text)]
        low = f" {text.lower()} "
        found += [key for key in self.names if key not in found and f" {' '.join(key)} " in low]
        return [self.names[key] for key in dict.fromkeys(found) if key in self.names]

    def __call__(self, text: str) -> float:
        skills = {key_of(m.canonical) for m in vocabulary().find(text)}
        score = sum(weight for key, weight in self.weights.items() if key in skills)
        overlap = len(set(_WORDS.findall(text.lower())) & self.words)
        return score + 0.25 * min(overlap, 6)


def evidenced(match: JobMatch) -> list[JobSkill]:
    """The ad's skills the CV shows, required first, each named as the ad names it (capitalised as a name)."""
    shown = [s.model_copy(update={"name": _as_name(s.name)}) for s in match.skills if s.found]
    return sorted(shown, key=lambda s: s.importance != "required")


def _as_name(skill: str) -> str:
    """ "forecasting" -> "Forecasting" for a list; "pandas", "iOS" and "SAP FI" stay as they are written."""
    if skill[:1].islower() and skill == skill.lower() and vocabulary().canonical(skill) not in (skill,):
        return skill[0].upper() + skill[1:]
    return skill


def gaps(match: JobMatch) -> list[str]:
    """What the ad asks for that the CV does not show, required first: each becomes a question."""
    missing = [s for s in match.skills if not s.found]
    return [s.name for s in sorted(missing, key=lambda s: s.importance != "required")][:MAX_GAPS]


def plan_tailoring(
    resume: Resume, job: JobRequirements, match: JobMatch, *, summary: str | None = None, today: date | None = None
) -> TailorPlan:
    """The changes that fit `resume` to `job` (offline); `summary` is a model's summary, already guarded."""
    relevance = Relevance(job)
    language = detect_language(resume)
    shown = evidenced(match)
    changes = [
        *_headline(resume, job, shown),
        *_summary(resume, shown, relevance, language, summary, today or date.today()),
        *_bullets(resume, relevance),
        *_skills(resume, shown),
    ]
    return TailorPlan(changes=changes, gaps=gaps(match))


def job_title(job: JobRequirements) -> str | None:
    """The ad's title without its gender marker ("Data Analyst (m/w/d)" -> "Data Analyst")."""
    if not job.title:
        return None
    title = _GENDER.sub("", job.title).strip(" -–—|,")
    return (title.title() if title.isupper() else title) or None  # "OFICIAL DE FONTANERÍA" -> "Oficial De Fontanería"


def _change(kind: ChangeKind, where: str, section: str, index: int | None, field: str | None, old: Any, new: Any,
            reason: str) -> Change:  # fmt: skip
    return Change(
        id=stable_id("tailor", kind, section, index, field, old, new),
        kind=kind,
        where=where,
        section=section,
        index=index,
        field=field,
        old=old,
        new=new,
        reason=reason,
    )


def _headline(resume: Resume, job: JobRequirements, shown: list[JobSkill]) -> list[Change]:
    current = resume.basics.label if resume.basics else None
    latest = next((w.position for w in resume.work or [] if w.position), None)
    title = job_title(job)
    sources = Sources(resume)
    if title and current != title and not sources.unsupported(title) and _title_supported(resume, title):
        reason = f"the ad's title is “{title}”, and your CV's own words support it"
        return [_change("headline", "your headline", "basics", None, "label", current, title, reason)]
    base = current or latest
    top = [s.name for s in shown[:3]]
    if not base or len(top) < 2 or any(name.lower() in base.lower() for name in top):
        return []
    new = f"{base.split(' | ')[0]} | {' · '.join(top)}"
    reason = f"a recruiter reads the headline first: it now names {', '.join(top)}, which the ad asks for"
    return [_change("headline", "your headline", "basics", None, "label", current, new, reason)]


def _title_supported(resume: Resume, title: str) -> bool:
    """Every word of the ad's title is in the person's own headline or job titles ("Data Engineer" from a
    CV of data engineering jobs, never "Senior" for someone who never was)."""
    own = " ".join([resume.basics.label or "" if resume.basics else "", *(w.position or "" for w in resume.work or [])])
    words = set(_WORDS.findall(own.lower())) | {w.lower() for w in own.split()}
    return all(word.lower() in words for word in title.split() if word.isalpha() or len(word) > 1)


def _summary(
    resume: Resume, shown: list[JobSkill], relevance: Relevance, language: str, written: str | None, today: date
) -> list[Change]:
    current = resume.basics.summary if resume.basics else None
    if written:
        reason = "rewritten toward the job from your CV's facts (every claim checked against it)"
        return [_change("summary", "your summary", "basics", None, "summary", current, written, reason)]
    sentences = [s.strip() for s in _SENTENCE.split(current or "") if s.strip()]
    ordered = sorted(sentences, key=lambda s: -len(relevance.skills_in(s)))  # only what names the ad's skills
    text = " ".join(ordered) or _opening(resume, language, today)
    missing = [s.name for s in shown[:5] if s.name.lower() not in text.lower()]
    template, conjunction = _SKILLS_SENTENCE.get(language, _SKILLS_SENTENCE["en"])
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} {conjunction} {missing[-1]}"
        text = f"{text} {template.format(listed)}".strip()
    if not text or text == (current or "").strip():
        return []
    reasons = []
    if ordered != sentences:
        reasons.append("the sentences that speak to the ad come first")
    if missing:
        reasons.append(f"it names {', '.join(missing)}, which the ad asks for and your CV shows")
    if not current:
        reasons.append("a summary built from your CV's facts")
    reason = "; ".join(reasons) or "toward the job"
    return [_change("summary", "your summary", "basics", None, "summary", current, text, reason)]


def _opening(resume: Resume, language: str, today: date) -> str:
    """A first sentence from the CV's facts: its headline (or latest title) and its years of work."""
    label = (resume.basics.label if resume.basics else None) or next(
        (w.position for w in resume.work or [] if w.position), None
    )
    starts = [int(w.startDate[:4]) for w in resume.work or [] if w.startDate]
    if not label or not starts:
        return ""
    years = today.year - min(starts)
    if years < 2:
        return ""
    return _EXPERIENCE_SENTENCE.get(language, _EXPERIENCE_SENTENCE["en"]).format(label=label, years=years)


def _bullets(resume: Resume, relevance: Relevance) -> list[Change]:
    changes = []
    for section in BULLET_SECTIONS:
        for index, entry in enumerate(resume.section(section)):
            bullets = list(getattr(entry, "highlights", None) or [])
            scores = [relevance(b) for b in bullets]
            order = sorted(range(len(bullets)), key=lambda n: -scores[n])
            if len(bullets) < 2 or order == list(range(len(bullets))):
                continue
            first = bullets[order[0]]
            skills = relevance.skills_in(first)
            why = f"it shows {', '.join(skills[:3])}" if skills else "it speaks most to the ad's tasks"
            label = entry_label(section, entry)
            changes.append(
                _change(
                    "bullets",
                    f"the bullets of {_noun(section)} “{label}”",
                    section,
                    index,
                    "highlights",
                    bullets,
                    [bullets[n] for n in order],
                    f"the most relevant first: “{_short(first)}” leads, as {why}",
                )
            )
    return changes


def _noun(section: str) -> str:
    return {"work": "your job", "projects": "your project", "volunteer": "your volunteering"}.get(section, section)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _skills(resume: Resume, shown: list[JobSkill]) -> list[Change]:
    """The evidenced skills first, named as the ad names them; those shown only in bullets are added."""
    entries = resume.section("skills")
    if not shown:
        return []
    grouped = any(e.keywords for e in entries)
    names = [s.name for s in shown]
    new_entries = _grouped(entries, names) if grouped else _flat(entries, names)
    old = [e.model_dump(mode="json", exclude_none=True) for e in entries]
    new = [e.model_dump(mode="json", exclude_none=True) for e in new_entries]
    if old == new:
        return []
    have = {_key(item) for e in entries for item in [e.name or "", *(e.keywords or [])]}
    added = [n for n in names if _key(n) not in have]
    reason = "the skills the ad asks for and your CV shows come first, in the ad's words"
    if added:
        reason += f"; {', '.join(added)} {'is' if len(added) == 1 else 'are'} shown elsewhere in your CV"
    return [_change("skills", "your skills", "skills", None, None, old, new, reason)]


def _key(name: str) -> tuple[str, ...]:
    canonical = vocabulary().canonical(name)
    return key_of(canonical or name)


def _flat(entries: list[Skill], names: list[str]) -> list[Skill]:
    by_key = {_key(e.name or ""): e for e in entries}
    front = [edit.with_fields(by_key[_key(n)], {"name": n}) if _key(n) in by_key else Skill(name=n) for n in names]
    taken = {_key(n) for n in names}
    return [*front, *(e for e in entries if _key(e.name or "") not in taken)]


def _grouped(entries: list[Skill], names: list[str]) -> list[Skill]:
    wanted = {_key(n): n for n in names}
    placed: set[tuple[str, ...]] = set()
    out = []
    for entry in entries:
        keywords = entry.keywords or []
        hits = [wanted[_key(k)] for k in keywords if _key(k) in wanted]
        placed |= {_key(h) for h in hits}
        rest = [k for k in keywords if _key(k) not in wanted]
        out.append((len(hits), edit.with_fields(entry, {"keywords": [*hits, *rest]}) if keywords else entry))
    out.sort(key=lambda pair: -pair[0])
    result = [entry for _, entry in out]
    missing = [
        n for key, n in wanted.items() if key not in placed and not any(_key(e.name or "") == key for e in entries)
    ]
    if missing and result and result[0].keywords is not None:
        result[0] = edit.with_fields(result[0], {"keywords": [*missing, *(result[0].keywords or [])]})
    elif missing:
        result.insert(0, Skill(name=None, keywords=missing))
    return result


def apply_changes(resume: Resume, changes: Sequence[Change]) -> Resume:
    """A new CV with the chosen changes applied and validated once; the input is never modified."""
    result = resume
    for change in changes:
        result = _apply(result, change)
    out = Resume.model_validate(edit.draft(result))
    check_locked(resume, out)
    return out


_STALE = "The CV has changed since this plan was made. Ask me to tailor it again (/tailor)."


def _apply(resume: Resume, change: Change) -> Resume:
    if change.section == "basics":
        basics = resume.basics.model_copy() if resume.basics else None
        current = getattr(basics, change.field or "", None) if basics else None
        if (current or None) != (change.old or None):
            raise Conflict(_STALE)
        return edit.update_basics(resume, {change.field or "": change.new}).resume
    if change.kind == "skills":
        old = [e.model_dump(mode="json", exclude_none=True) for e in resume.section("skills")]
        if old != change.old:
            raise Conflict(_STALE)
        return resume.model_copy(update={"skills": [Skill.model_validate(item) for item in change.new]})
    items = resume.section(change.section)
    if change.index is None or not 0 <= change.index < len(items):
        raise Conflict(_STALE)
    entry = items[change.index]
    if list(getattr(entry, change.field or "", None) or []) != change.old:
        raise Conflict(_STALE)
    if sorted(change.new) != sorted(change.old):  # a reorder moves bullets; it never writes one
        raise Conflict("A tailoring change may only reorder bullets, not rewrite them.")
    items[change.index] = edit.with_fields(entry, {change.field or "": change.new})
    return resume.model_copy(update={change.section: items})


_LOCKED = {
    "work": ("name", "position", "startDate", "endDate"),
    "education": ("institution", "studyType", "area", "startDate", "endDate", "score"),
    "certificates": ("name", "issuer", "date"),
    "awards": ("title", "awarder", "date"),
    "volunteer": ("organization", "position", "startDate", "endDate"),
}


def locked_facts(resume: Resume) -> dict[str, list[tuple[Any, ...]]]:
    """Employers, titles, dates, degrees, institutions and certificates: what tailoring never changes."""
    return {
        section: [tuple(getattr(entry, field, None) for field in fields) for entry in resume.section(section)]
        for section, fields in _LOCKED.items()
    }


def check_locked(before: Resume, after: Resume) -> None:
    """Conflict when `after` changed a locked fact of `before` (a page budget may drop bullets, never these)."""
    old, new = locked_facts(before), locked_facts(after)
    for section in _LOCKED:
        if section == "volunteer":  # volunteering may be left out to fit a page budget, never rewritten
            if not set(new[section]) <= set(old[section]):
                raise Conflict("Tailoring may not change volunteering entries.")
        elif old[section] != new[section]:
            raise Conflict(f"Tailoring may not change {section}: employers, titles, dates, degrees are locked.")
