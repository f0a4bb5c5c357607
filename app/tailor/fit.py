"""Fit a CV to a page budget: drop the least relevant, oldest content until the rendered PDF is short enough.

Pure: the input CV is never modified, so what is removed stays in the base CV. Employers, positions, dates,
degrees and institutions are locked: bullets go first, then whole entries of the optional sections; jobs,
education, certificates, skills, languages and the basics are never removed.

Page counts come from the real PDF in the chosen design. A render takes hundreds of milliseconds, so the
fewest removals that fit are found by a binary search over the ordered candidates (the page count only
falls as content goes): a handful of renders for a long CV, and every returned CV is one that was rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.cv.edit import draft, with_fields
from app.cv.model import Entry, Resume
from app.cv.sections import entry_label, spec
from app.errors import InvalidInput
from app.render import count_pages

MAX_PAGES = 5
BULLET_SECTIONS = ("work", "projects", "volunteer")  # whose achievement bullets may go
ENTRY_SECTIONS = ("references", "interests", "volunteer", "projects", "awards", "publications")  # in this order
_ONGOING = "9999"  # the end of an entry without an end date: current (or undated), so the newest

Relevance = Callable[[str], float]


@dataclass(frozen=True)
class Removed:
    section: str  # "work", "projects", "interests", ...
    index: int  # the entry's position in the original CV
    bullet: int | None  # the bullet's position in the original entry (None: the whole entry)
    text: str  # what was removed, as the CV said it
    where: str  # in words a person knows: 'bullet 5 of your job "Data Analyst at Northwind" (2015–2017)'


@dataclass(frozen=True)
class Fitted:
    resume: Resume  # the trimmed CV (validated); the input is never modified
    removed: list[Removed]  # in the order they were removed
    pages_before: int
    pages_after: int
    budget: int  # the pages asked for

    @property
    def fits(self) -> bool:
        return self.pages_after <= self.budget


def fit_to_pages(
    resume: Resume,
    pages: int,
    *,
    template: str = "classic",
    paper: str = "a4",
    language: str | None = None,
    relevance: Relevance = lambda text: 0.0,
) -> Fitted:
    """The CV trimmed to at most `pages` pages, removing as little as possible (least relevant, oldest first).

    When even removing everything eligible does not fit, the result is the fewest removals that reach the
    smallest page count possible, with `fits` False.
    """
    if not 1 <= pages <= MAX_PAGES:
        raise InvalidInput(f"A page budget is 1 to {MAX_PAGES} pages, not {pages}.")
    candidates = removal_order(resume, relevance)
    trials = _Trials(resume, candidates, lambda cv: count_pages(cv, template=template, paper=paper, language=language))
    before = trials.pages(0)
    if before <= pages or not candidates:
        return Fitted(resume, [], before, before, pages)
    removals = _fewest(trials.pages, len(candidates), pages)
    shortest = trials.pages(removals)
    if shortest > pages:  # nothing fits: the fewest removals that reach the shortest CV possible
        removals = 0 if before <= shortest else _fewest(trials.pages, len(candidates), shortest)
    return Fitted(trials.resume(removals), candidates[:removals], before, trials.pages(removals), pages)


def _fewest(pages: Callable[[int], int], total: int, budget: int) -> int:
    """The smallest number of removals whose CV has at most `budget` pages (`total` when none has fewer).

    Removing nothing is known not to fit; removing everything is rendered only when no other trial fits.
    """
    low, high = 0, total
    while high - low > 1:
        middle = (low + high) // 2
        if pages(middle) <= budget:
            high = middle
        else:
            low = middle
    return high


class _Trials:
    """The CV with the first k candidates removed, and its page count: each rendered at most once."""

    def __init__(self, resume: Resume, candidates: Sequence[Removed], count: Callable[[Resume], int]) -> None:
        self._resume = resume
        self._candidates = candidates
        self._count = count
        self._pages: dict[int, int] = {}

    def resume(self, k: int) -> Resume:
        return trimmed(self._resume, self._candidates[:k]) if k else self._resume

    def pages(self, k: int) -> int:
        if k not in self._pages:
            self._pages[k] = self._count(self.resume(k))
        return self._pages[k]


# The order of removal


def removal_order(resume: Resume, relevance: Relevance) -> list[Removed]:
    """Everything that may go, first to go first: bullets (least relevant, oldest entry, later bullet), then
    whole optional entries, then each job's most relevant bullet, kept while anything else can go."""
    bullets = sorted(_bullets(resume, relevance), key=lambda pair: pair[0])
    last_of_job = {(c.section, c.index): n for n, (_, c) in enumerate(bullets) if c.section == "work"}
    kept = set(last_of_job.values())
    others = [c for n, (_, c) in enumerate(bullets) if n not in kept]
    best = [c for n, (_, c) in enumerate(bullets) if n in kept]
    entries = [c for section in ENTRY_SECTIONS for c in _entries(resume, section, relevance)]
    return others + entries + best


def _bullets(resume: Resume, relevance: Relevance) -> list[tuple[tuple[Any, ...], Removed]]:
    found = []
    for rank, section in enumerate(BULLET_SECTIONS):
        field = spec(section).bullets or "highlights"
        for index, entry in enumerate(resume.section(section)):
            for number, text in enumerate(getattr(entry, field) or []):
                key = (relevance(text), _ended(entry), -number, rank, index)
                where = f"bullet {number + 1} of your {_described(section, entry)}"
                found.append((key, Removed(section, index, number, text, where)))
    return found


def _entries(resume: Resume, section: str, relevance: Relevance) -> list[Removed]:
    """The section's entries, least relevant and oldest first (the later entry first on a tie)."""
    entries = list(enumerate(resume.section(section)))
    entries.sort(key=lambda pair: (relevance(_all_text(pair[1])), _ended(pair[1]), -pair[0]))
    return [Removed(section, i, None, spec(section).text(e), f"your {_described(section, e)}") for i, e in entries]


def _ended(entry: Entry) -> str:
    """When the entry ended, as an ISO date that sorts: an entry without an end is current."""
    for field in ("endDate", "date", "releaseDate"):
        value = getattr(entry, field, None)
        if value:
            return str(value)
    return _ONGOING


def _described(section: str, entry: Entry) -> str:
    """'job "Data Analyst at Northwind" (2015–2017)', 'interest "Chess"'."""
    return f'{spec(section).noun} "{entry_label(section, entry)}"{_years(entry)}'


def _years(entry: Entry) -> str:
    start = getattr(entry, "startDate", None)
    end = next((getattr(entry, f, None) for f in ("endDate", "date", "releaseDate") if getattr(entry, f, None)), None)
    first, last = (start or "")[:4], (end or "")[:4]
    if first and not last and "endDate" in type(entry).model_fields:
        last = "present"
    if first and last and first != last:
        return f" ({first}–{last})"
    return f" ({first or last})" if first or last else ""


def _all_text(entry: Entry) -> str:
    """Every word of an entry, for judging its relevance as a whole."""
    return " ".join(_strings(entry.model_dump(exclude_none=True, warnings=False)))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


# Removing


def trimmed(resume: Resume, removed: Sequence[Removed]) -> Resume:
    """A validated copy of the CV without the removed bullets and entries; the input is not modified."""
    gone_entries: dict[str, set[int]] = {}
    gone_bullets: dict[tuple[str, int], set[int]] = {}
    for item in removed:
        if item.bullet is None:
            gone_entries.setdefault(item.section, set()).add(item.index)
        else:
            gone_bullets.setdefault((item.section, item.index), set()).add(item.bullet)
    sections = set(gone_entries) | {section for section, _ in gone_bullets}
    changes = {s: _kept(resume, s, gone_entries.get(s, set()), gone_bullets) for s in sections}
    return Resume.model_validate(draft(resume.model_copy(update=changes)))


def _kept(
    resume: Resume, section: str, gone: set[int], gone_bullets: dict[tuple[str, int], set[int]]
) -> list[Entry] | None:
    field = spec(section).bullets or "highlights"
    kept: list[Entry] = []
    for index, entry in enumerate(resume.section(section)):
        if index in gone:
            continue
        bullets = gone_bullets.get((section, index))
        if bullets:
            left = [text for n, text in enumerate(getattr(entry, field) or []) if n not in bullets]
            entry = with_fields(entry, {field: left})
        kept.append(entry)
    return kept or None
