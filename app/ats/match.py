"""Job match: each skill of the ad found (with the CV text that proves it), related, or missing;
title, years of experience, education level and soft skills."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from app.ats.job import DEGREE_NAMES, EDUCATION_RANK, JobRequirements
from app.ats.links import without_links
from app.ats.report import Finding, Fix, JobMatch, JobSkill, Location, stable_id
from app.ats.segments import Segment
from app.ats.vocab import DATA, GENERIC, Entry, Match, Vocabulary, implied_by, key_of, vocabulary
from app.cv.model import Resume

CATEGORY = "Job match"
# The skills are four fifths of the match; title, years, degree and soft skills share the rest, so a CV with
# none of the ad's skills scores at most 20 here however well it does the rest.
SKILLS_SHARE = 0.8
TITLE_NOISE = {
    "senior",
    "junior",
    "lead",
    "principal",
    "staff",
    "head",
    "of",
    "and",
    "the",
    "a",
    "an",
    "mid",
    "level",
    "sr",
    "jr",
    "ii",
    "iii",
    "i",
    "remote",
    "hybrid",
    "m/f/d",
    "f/m/d",
    "w/m/d",
}


@dataclass(frozen=True)
class Hit:
    skill: str
    segment: Segment
    match: Match
    partial: bool = False  # the name with another generic last word ("Backend engineer" for "backend development")


@dataclass(frozen=True)
class Related:
    text: str
    location: Location


def cv_skill_hits(segments: list[Segment], wanted: Sequence[str] = ()) -> dict[str, list[Hit]]:
    """Every vocabulary skill in the CV, with each place it occurs (skills section entries first); and
    the `wanted` names no list knows (a job ad's "schema design"), where the CV says them."""
    vocab = vocabulary()
    hits: dict[str, list[Hit]] = {}
    texts = [without_links(segment.text) for segment in segments]  # a link is not evidence of a skill
    for segment, text in zip(segments, texts, strict=True):
        listy = segment.kind == "skills"
        matches = vocab.find(text, skills_context=listy)
        if listy and not matches and text.strip():
            whole = vocab.canonical(text)
            if whole:
                matches = [Match(whole, 0, len(text), text)]
        for match in matches:
            hits.setdefault(match.canonical, []).append(Hit(match.canonical, segment, match))
    # a name the vocabulary knows was looked for by its rules already ("Looker" is not in "Looker Studio")
    unknown = [name for name in dict.fromkeys(wanted) if vocab.canonical(name) is None and not find_skill(name, hits)]
    # the specific skills that would show a wanted general one ("pytest" for automated testing)
    specific = [s for name in wanted if name not in hits for s in _unlisted(name) if s not in hits]
    specific = [s for s in dict.fromkeys(specific) if s not in unknown]
    if unknown or specific:
        _add_literal_hits(unknown, segments, texts, hits, exact=specific)
    return hits


def _add_literal_hits(
    names: Sequence[str],
    segments: list[Segment],
    texts: list[str],
    hits: dict[str, list[Hit]],
    exact: Sequence[str] = (),
) -> None:
    """Names found word for word, as the vocabulary finds its own (case, plurals and punctuation aside,
    never inside another word); or with another generic last word ("backend development" in "Backend
    engineer", not "data pipelines" in "analysed data"). `exact`: product names taken as written, and
    one with a capital only with it ("Slack" the tool, not "slack" the word)."""
    names_only = _names_vocabulary(tuple(names), tuple(exact))
    if names_only is None:
        return
    spans: dict[int, list[tuple[int, int]]] = {}  # the known names already found in each segment
    for group in hits.values():
        for hit in group:
            spans.setdefault(id(hit.segment), []).append((hit.match.start, hit.match.end))
    for segment, text in zip(segments, texts, strict=True):
        known = spans.get(id(segment), [])
        for match in names_only.find(text):
            if any(a <= match.start and match.end <= b and b - a > match.end - match.start for a, b in known):
                continue  # "Vault" in "Azure Key Vault", a longer name of another thing
            partial = key_of(match.text) != key_of(match.canonical)
            hits.setdefault(match.canonical, []).append(Hit(match.canonical, segment, match, partial=partial))


@lru_cache(maxsize=32)
def _names_vocabulary(names: tuple[str, ...], exact: tuple[str, ...]) -> Vocabulary | None:
    """The matcher for `_add_literal_hits` (the same ad asks for the same names each time it is checked)."""
    entries: dict[tuple[str, ...], list[Entry]] = {}
    for name in exact:
        key = key_of(name)
        if key:
            rule = "case" if len(key) == 1 and name != name.lower() else ""
            entries.setdefault(key, []).append(Entry(name, name, rule, 1000))
    for name in names:
        whole = key_of(name)
        if not whole:  # punctuation only
            continue
        # a name the ad writes as one ("Ray", "User Interviews") is that product only as written, not "a ray
        # tracer" or "ran user interviews"
        titled = all(word[:1].isupper() and word[1:].islower() for word in name.split())
        entries.setdefault(whole, []).append(Entry(name, name, "case" if titled else "", 1000))
        core = whole
        while core and core[-1] in GENERIC:
            core = core[:-1]
        if core != whole and not all(k in GENERIC for k in core):
            for word in GENERIC:
                entries.setdefault((*core, word), []).append(Entry(name, name, "", 0))
    return Vocabulary(entries, {}) if entries else None


@cache
def families() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for line in (DATA / "related.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            members = tuple(line.split("|"))
            for member in members:
                out[member] = tuple(m for m in members if m != member)
    return out


@cache
def _general_keys(name: str, canonical: str | None = None) -> tuple[tuple[str, ...], ...]:
    """The keys a skill is looked up by in the table: its words, its vocabulary name's, and its words without
    generic last words ("cloud platforms" is cloud; the table's own names are taken whole, so that its
    "software development" is not the "software" of "ideally in software")."""
    keys = [key_of(name)]
    if canonical:
        keys.append(key_of(canonical))
    core = keys[0]
    while core and core[-1] in GENERIC:
        core = core[:-1]
    if core and core != keys[0]:
        keys.append(core)
    return tuple(dict.fromkeys(k for k in keys if k))


@cache
def shown_by(skill: str) -> tuple[str, ...]:
    """The specific skills that show the general `skill` ("Containerization": Docker, Podman, Kubernetes...),
    with those of a specific that is general itself (S3 -> AWS -> cloud)."""
    table = implied_by()
    keys = _general_keys(skill, vocabulary().canonical(skill))
    out: dict[str, None] = {}
    todo = list(next((table[k] for k in keys if k in table), ()))
    while todo:
        specific = todo.pop(0)
        if specific in out or key_of(specific) in keys:
            continue
        out[specific] = None
        todo += next((table[k] for k in _general_keys(specific) if k in table), ())
    return tuple(out)


@cache
def _unlisted(skill: str) -> tuple[str, ...]:
    """The skills that show `skill` which the vocabulary does not know, to be looked for word for word."""
    return tuple(s for s in shown_by(skill) if vocabulary().canonical(s) is None)


def find_skill(skill: str, hits: dict[str, list[Hit]]) -> list[Hit]:
    """Where the CV shows `skill`: named directly, or else through a more specific skill (Docker shows
    containerization); each hit's `skill` says which."""
    return hits.get(skill) or implied(skill, hits)


def implied(skill: str, hits: dict[str, list[Hit]]) -> list[Hit]:
    """Where a more specific skill shows `skill` (Docker, containerization). An ATS that searches for the
    ad's words does not find it there, so the report says the CV shows it and offers to name it."""
    return [h for specific in shown_by(skill) for h in hits.get(specific, [])]


def related_by_family(skill: str, hits: dict[str, list[Hit]]) -> Related | None:
    for member in families().get(skill, ()):
        if member in hits:
            hit = _best(hits[member])
            return Related(hit.segment.text, hit.segment.location)
    return None


def _best(hits: list[Hit]) -> Hit:
    """The most convincing evidence: an achievement bullet shows use; the skills list only claims it."""
    order = {"bullet": 0, "text": 1, "title": 2, "skills": 3}
    return min(hits, key=lambda h: order.get(h.segment.kind, 4))


def years_of_experience(resume: Resume, today: date | None = None) -> float:
    """Total time covered by work entries, overlaps counted once."""
    today = today or date.today()
    spans: list[tuple[date, date]] = []
    for work in resume.work or []:
        if not work.startDate:
            continue
        start = _as_date(work.startDate)
        end = _as_date(work.endDate, end=True) if work.endDate else today
        if end > start:
            spans.append((start, end))
    total = 0.0
    current: tuple[date, date] | None = None
    for start, end in sorted(spans):
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            total += (current[1] - current[0]).days
        current = (start, end)
    if current:
        total += (current[1] - current[0]).days
    return round(total / 365.25, 1)


def _as_date(value: str, end: bool = False) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12 if end else 1, 28 if end else 1)
    if len(parts) == 2:
        return date(parts[0], parts[1], 28 if end else 1)
    return date(parts[0], parts[1], parts[2])


def education_level(resume: Resume) -> str | None:
    best = 0
    for entry in resume.education or []:
        text = f"{entry.studyType or ''} {entry.area or ''}".lower()
        if re.search(r"ph\.?d|doctor", text):
            best = max(best, 3)
        elif re.search(r"master|\bm\.?sc?\b|\bmba\b|\bma\b|\bmeng\b|magist", text):
            best = max(best, 2)
        elif re.search(r"bachelor|\bb\.?sc?\b|\bba\b|\bbeng\b|\bbs\b|licen|diplom|degree", text):
            best = max(best, 1)
    return {1: "bachelor", 2: "master", 3: "phd"}.get(best)


def _title_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9+#./]+", text.lower()) if w not in TITLE_NOISE}


@dataclass
class MatchResult:
    job: JobMatch
    score: int | None  # None: the ad asks for nothing the CV can be checked against
    findings: list[Finding]
    coverage: float | None = None  # the share of the ad's skills the CV shows (None: the ad names none)


# A found skill counts in full when the CV names it as the ad does and lists it among its skills. An ATS's
# keyword search for the ad's word misses another name ("Postgres" for "PostgreSQL"), and a recruiter's
# skills filter reads the skills section: those count a little less, and the report's findings say why.
OTHER_NAME_CREDIT = 0.85
PROSE_ONLY_CREDIT = 0.9


def credit(skill: JobSkill) -> float:
    """How much a skill of the ad counts toward the match: 0 missing or only related, up to 1."""
    if not skill.found:
        return 0.0
    if skill.matched is not None:
        return OTHER_NAME_CREDIT
    return 1.0 if skill.listed else PROSE_ONLY_CREDIT


def skill_coverage(skills: Sequence[JobSkill]) -> float | None:
    """The share of the ad's skills the CV shows, required ones weighing four times a preferred one's share;
    a related skill is not a found one (`credit`)."""
    required = [s for s in skills if s.importance == "required"]
    preferred = [s for s in skills if s.importance == "preferred"]
    shares = [(w, sum(credit(s) for s in group) / len(group)) for w, group in ((4, required), (1, preferred)) if group]
    return sum(w * v for w, v in shares) / sum(w for w, _ in shares) if shares else None


def match_job(
    resume: Resume,
    job: JobRequirements,
    segments: list[Segment],
    hits: dict[str, list[Hit]],
    related: dict[str, Related] | None = None,
) -> MatchResult:
    """Score 0–100, mostly the share of the ad's skills the CV shows (SKILLS_SHARE); the other parts the ad
    does not ask for (title, years, degree, soft skills) are left out, not counted as passes."""
    findings: list[Finding] = []
    skills: list[JobSkill] = []
    related = related or {}
    in_skills_section = {h.skill for group in hits.values() for h in group if h.segment.location.section == "skills"}
    for importance, names in (("required", job.required), ("preferred", job.preferred)):
        for name in names:
            shown = job.as_written(name)
            # the skill as the ad asks for it: its words, the vocabulary's name where that differs, how much
            asked: dict[str, Any] = {
                "name": shown,
                "canonical": name if shown != name else None,
                "importance": importance,
            }
            direct = hits.get(name)
            through = [] if direct else implied(name, hits)
            found = direct or _named_inside(name, through)  # "AWS S3" names AWS: a search finds it
            through = [] if found else through
            if through:  # "containerization", shown by Docker: the person has it, the ad's word is missing
                hit = _best(through)
                skills.append(
                    JobSkill(
                        **asked,
                        found=False,
                        related=hit.segment.text,
                        location=hit.segment.location.model_dump(exclude_none=True),
                        shown_by=hit.skill,
                    )
                )
                findings.append(_name_it(name, shown, hit))
                continue
            if found:
                hit = _best(found)
                skills.append(
                    JobSkill(
                        **asked,
                        found=True,
                        evidence=hit.segment.text,
                        location=hit.segment.location.model_dump(exclude_none=True),
                        # the CV's other name for it, unless the CV also names it as the ad does
                        matched=None if any(key_of(h.match.text) == key_of(shown) for h in found) else hit.match.text,
                        listed=hit.skill in in_skills_section,
                    )
                )
                if hit.skill not in in_skills_section and hit.segment.kind == "bullet" and not hit.partial:
                    findings.append(_move_to_skills(hit.skill, hit, job.as_written(hit.skill)))
                    in_skills_section.add(hit.skill)  # proposed once ("Observability" is found by Prometheus too)
                continue
            near = related.get(name) or related_by_family(name, hits)
            skills.append(JobSkill(**asked, found=False, related=near.text if near else None))
            message = f"Missing {importance} skill: {shown}."
            if near:
                message += f' Related: "{_short(near.text)}" — if you have used {shown}, say so there.'
            findings.append(
                Finding.about(
                    CATEGORY,
                    ("missing", name),
                    severity="major" if importance == "required" else "minor",
                    message=message,
                    location=near.location.model_dump(exclude_none=True) if near else None,
                    evidence=near.text if near else None,
                    skill=shown,
                )
            )
    coverage = skill_coverage(skills)
    parts: list[tuple[float, float]] = []  # (weight, 0..1): what the ad asks for besides its skills
    if job.title:
        parts.append((10, _title_part(resume, job.title, findings)))
    years = years_of_experience(resume)
    if job.years:
        ratio = min(years / job.years, 1.0)
        parts.append((15, ratio))
        if ratio < 0.8:
            findings.append(
                Finding.about(
                    CATEGORY,
                    ("years",),
                    severity="major" if ratio < 0.5 else "minor",
                    message=f"The ad asks for {job.years}+ years; your work history adds up to {years:g}. "
                    "Make sure every relevant role (and its dates) is on the CV.",
                    location={"section": "work"},
                )
            )
    level = education_level(resume)
    if job.education:
        have, need = EDUCATION_RANK.get(level or "", 0), EDUCATION_RANK[job.education]
        parts.append((8, 1.0 if have >= need else 0.5 if have == need - 1 else 0.0))
        if have < need:
            findings.append(
                Finding.about(
                    CATEGORY,
                    ("education",),
                    severity="minor",
                    message=f"The ad mentions {DEGREE_NAMES[job.education]}; your CV shows "
                    f"{DEGREE_NAMES.get(level or '', 'no degree')}. "
                    "If you have one (or equivalent experience), state it.",
                    location={"section": "education"},
                )
            )
    soft = []
    if job.soft_skills:
        text_hits = {m.canonical for s in segments for m in vocabulary().find(without_links(s.text), soft=True)}
        soft = [JobSkill(name=n, importance="preferred", found=n in text_hits) for n in job.soft_skills]
        parts.append((5, sum(s.found for s in soft) / len(soft)))
        missing_soft = [s.name for s in soft if not s.found]
        if missing_soft:
            findings.append(
                Finding.about(
                    CATEGORY,
                    ("soft", *missing_soft),
                    severity="tip",
                    message="The ad values " + ", ".join(missing_soft).lower() + ": show them through an achievement "
                    "(e.g. a bullet about a project you led or a problem you solved), not as adjectives.",
                )
            )
    total_weight = sum(w for w, _ in parts)
    rest = sum(w * v for w, v in parts) / total_weight if total_weight else None
    if coverage is None:
        score = None if rest is None else round(100 * rest)
    else:
        score = round(100 * (coverage if rest is None else SKILLS_SHARE * coverage + (1 - SKILLS_SHARE) * rest))
    job_match = JobMatch(
        title=job.title,
        skills=skills,
        years_required=job.years,
        years_in_cv=years,
        education=job.education,
        soft_skills=soft,
    )
    return MatchResult(job_match, score, findings, coverage)


def _title_part(resume: Resume, title: str, findings: list[Finding]) -> float:
    wanted = _title_words(title)
    if not wanted:
        return 1.0
    candidates = [resume.basics.label if resume.basics and resume.basics.label else ""]
    candidates += [w.position or "" for w in resume.work or []]
    best = max((len(wanted & _title_words(c)) / len(wanted) for c in candidates if c), default=0.0)
    if best < 1.0:
        label = resume.basics.label if resume.basics else None
        findings.append(
            Finding.about(
                CATEGORY,
                ("title", title),
                severity="minor",
                message=f'The ad\'s title "{title}" is not on your CV. Recruiters search by title: if it describes '
                "you, use it as your headline.",
                location={"section": "basics", "field": "label"},
                evidence=label,
                fixes=[
                    Fix(
                        id=stable_id("fix", "label", label, title),
                        kind="set_text",
                        description=f'Use "{title}" as your headline',
                        location=Location(section="basics", field="label"),
                        old=label,
                        new=title,
                    )
                ],
            )
        )
    return best


def _named_inside(skill: str, through: list[Hit]) -> list[Hit]:
    """The hits of a more specific name that has the skill's own name in it ("AWS S3" for AWS): an ATS
    searching for the ad's word finds it there."""
    names = names_of(skill)
    return [h for h in through if any(_contains(key_of(h.match.text), name) for name in names)]


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


@cache
def _names_by_canonical() -> dict[str, list[tuple[str, ...]]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for key, group in vocabulary().entries.items():
        for entry in group:
            out.setdefault(entry.canonical, []).append(key)
    return out


def names_of(skill: str) -> list[tuple[str, ...]]:
    """Every way the vocabulary writes `skill` ("AWS", "Amazon Web Services"), as keys."""
    canonical = vocabulary().canonical(skill) or skill
    return [key_of(skill), *_names_by_canonical().get(canonical, [])]


def _name_it(name: str, said: str, hit: Hit) -> Finding:
    """A skill the CV shows through a more specific one (Docker for containerization) but never names:
    ATS keyword searches look for the ad's word, so the fix adds it, on the CV's own evidence."""
    message = (
        f"The ad asks for {said}; your CV shows it through {hit.skill} but never names it, and ATS searches "
        "look for the ad's word."
    )
    fix = f"Add {said} to your skills (your CV shows it through {hit.skill})"
    return _add_skill_finding(("name-it", name), "name-it", message, hit, fix, said, skill=said)


def _move_to_skills(name: str, hit: Hit, said: str) -> Finding:
    """`said`: the skill as the ad names it. Where the CV says it the same way ("AWS"), those words go to the
    skills section; otherwise the curated name, which reads best ("CI/CD", not "CI/CD pipelines"), or else
    the person's own words."""
    same = hit.match.text.lower() == said.lower()
    surface = hit.match.text if same or name not in vocabulary().curated else name
    message = f"{said} appears in an achievement but not in your skills section, where ATS filters look first."
    fix = f"Add {surface} to your skills"
    return _add_skill_finding(("skills-section", name), "add-skill", message, hit, fix, surface)


def _add_skill_finding(
    key: tuple[str, str], fix_tag: str, message: str, hit: Hit, description: str, new: str, skill: str | None = None
) -> Finding:
    """A minor finding at the CV's sentence `hit`, with the fix that adds `new` to the skills section (its id
    from `fix_tag` and the skill, as stored reports already carry it)."""
    return Finding.about(
        CATEGORY,
        key,
        severity="minor",
        message=message,
        location=hit.segment.location.model_dump(exclude_none=True),
        evidence=hit.segment.text,
        skill=skill,
        fixes=[
            Fix(
                id=stable_id("fix", fix_tag, key[1]),
                kind="add_skills",
                description=description,
                location=Location(section="skills"),
                new=[new],
            )
        ],
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
