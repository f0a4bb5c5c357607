"""Bullets & wording: action-verb starts, results with numbers, length, pronouns, clichés, repeated
verbs and tense — with rewrites that only reuse the person's own words."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from app.ats.checks import CheckResult
from app.ats.report import Finding, Fix, Location, stable_id
from app.ats.vocab import action_verbs, cliches, verb_forms
from app.cv.language import detect_language
from app.cv.model import Resume

CATEGORY = "Bullets & wording"
PRONOUNS = {"i", "me", "my", "we", "our", "us", "myself"}
WEAK_STARTS = (
    "responsible for",
    "helped with",
    "helped to",
    "helped",
    "assisted with",
    "assisted in",
    "worked on",
    "involved in",
    "duties included",
    "tasked with",
    "participated in",
    "in charge of",
)
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twice|dozens?|hundreds?|thousands?|"
    r"million|billion|half|double[ds]?|triple[ds]?)\b",
    re.I,
)


@cache
def base_forms() -> dict[str, str]:
    """Present forms of the action verbs, mapped to their past tense ('manage' -> 'managed')."""
    return {present: past for past, present in verb_forms().items()}


def base_of_gerund(word: str) -> str | None:
    """'managing' -> 'manage', 'running' -> 'run', when the verb is a known action verb."""
    low = word.lower()
    if not low.endswith("ing") or len(low) < 6:
        return None
    for candidate in (low[:-3] + "e", low[:-3], low[:-4]):
        if candidate in base_forms():
            return candidate
    return None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def rewrite_start(bullet: str, past: bool) -> tuple[str, str] | None:
    """(new text, what changed) for a bullet whose opening can be fixed with its own words, else None."""
    words = bullet.split()
    if not words:
        return None
    first = words[0].lower().strip(",")
    # "I built ..." / "We migrated ..." -> "Built ..." / "Migrated ..."
    if first in ("i", "we") and len(words) > 1 and re.match(r"[a-z]", words[1]):
        return _cap(" ".join(words[1:])), "dropped the pronoun"
    lowered = bullet.lower()
    for weak in ("responsible for", "in charge of", "tasked with"):
        if lowered.startswith(weak + " "):
            rest = bullet[len(weak) + 1 :].split()
            verb = base_of_gerund(rest[0]) if rest else None
            if verb:
                # A current role keeps the present tense, as CVs write it: "Manage", not "Manages".
                new_verb = base_forms()[verb] if past else verb
                return _cap(" ".join([new_verb, *rest[1:]])), f'replaced "{bullet[: len(weak)]}" with an action verb'
    # Present tense in a past role: "Manage a team of 5" -> "Managed a team of 5"
    if past and first in base_forms():
        return _cap(" ".join([base_forms()[first], *words[1:]])), "put the verb in the past tense"
    return None


def remove_cliche(text: str, phrase: str) -> str | None:
    """The text without a cliché, when it can be cut cleanly (a list item or a leading clause)."""
    p = re.escape(phrase)
    for pattern in (
        rf",\s*(?:an?\s+)?{p}(?=[,.;]|$)",
        rf"^(?:an?\s+)?{p},\s*",
        rf"\s+and\s+(?:an?\s+)?{p}(?=[.;]|$)",
        rf"(?:an?\s+)?{p}\s+and\s+",
    ):
        new, count = re.subn(pattern, "", text, count=1, flags=re.I)
        if count:
            new = re.sub(r"\s{2,}", " ", new).strip()
            return _cap(new) if text[:1].isupper() else new
    return None


# The word lists (action verbs, pronouns, clichés, tenses) are English: a CV in another language gets the
# checks that do not depend on words — bullets there at all, results in numbers, length — and the rest is
# reported as skipped.
OTHER_LANGUAGES = {"de": "German", "fr": "French", "es": "Spanish", "uk": "Ukrainian"}


def check_wording(resume: Resume) -> CheckResult:
    """Score, findings and a one-line summary for the achievement bullets of jobs and projects."""
    language = OTHER_LANGUAGES.get(detect_language(resume))
    findings: list[Finding] = []
    verbs = action_verbs()
    bullets: list[tuple[str, Location, bool]] = []
    for i, work in enumerate(resume.work or []):
        if not work.highlights:
            findings.append(
                Finding.about(
                    CATEGORY,
                    ("no-bullets", i),
                    severity="major",
                    message=f"{work.position or work.name or 'A job'} has no achievements. Add 2–5 bullets: what you "
                    "did and what came of it, with numbers where you can.",
                    location={"section": "work", "index": i},
                )
            )
        for j, text in enumerate(work.highlights or []):
            bullets.append((text, Location(section="work", index=i, field="highlights", bullet=j), bool(work.endDate)))
    for i, project in enumerate(resume.projects or []):
        for j, text in enumerate(project.highlights or []):
            location = Location(section="projects", index=i, field="highlights", bullet=j)
            bullets.append((text, location, bool(project.endDate)))

    points: list[float] = []
    starts: Counter[str] = Counter()
    unquantified: list[tuple[str, Location]] = []
    for text, location, past in bullets:
        words = text.split()
        first = words[0].lower().strip(",.:;") if words else ""
        starts[first] += 1
        action = first in verbs or first in base_forms() or (first.endswith("ed") and len(first) > 4)
        weak = next((w for w in WEAK_STARTS if text.lower().startswith(w + " ")), None)
        pronoun = any(w.lower().strip(",.;:'") in PRONOUNS for w in words)
        quantified = bool(_NUMBER.search(text))
        good_length = 6 <= len(words) <= 35
        if not quantified:
            unquantified.append((text, location))
        if language:
            points.append(70 * quantified + 30 * good_length)
            findings += _length_findings(location, text, words)
            continue
        points.append(40 * (action and not weak) + 30 * quantified + 15 * good_length + 15 * (not pronoun))
        fix = rewrite_start(text, past)
        problem = None
        if weak:
            problem = f'starts with "{text[: len(weak)]}", which says what you were assigned, not what you achieved'
        elif first in PRONOUNS:
            problem = "starts with a pronoun; CV bullets start with the verb"
        elif past and first in base_forms():
            problem = "is in the present tense, but the role has ended"
        elif not action:
            problem = "doesn't start with an action verb (built, led, reduced...)"
        elif pronoun:
            problem = "uses first-person words (I, my, we); CVs leave them out"
        if problem:
            fixes = []
            if fix:
                new, how = fix
                fixes.append(
                    Fix(
                        id=stable_id("fix", location.describe(), text, new),
                        kind="set_text",
                        description=f'{_cap(how)}: "{_short(new)}"',
                        location=location,
                        old=text,
                        new=new,
                    )
                )
            severity = "minor" if (weak or first in PRONOUNS or not action) else "tip"
            findings.append(
                Finding.about(
                    CATEGORY,
                    ("start", location.describe(), text),
                    severity=severity,
                    message=f'"{_short(text)}" {problem}.',
                    location=location.model_dump(exclude_none=True),
                    evidence=text,
                    fixes=fixes,
                )
            )
        findings += _length_findings(location, text, words)
    if not language:
        findings += _cliche_findings(resume)
        findings += [
            Finding.about(
                CATEGORY,
                ("repeated", verb),
                severity="tip",
                message=f'{count} bullets start with "{verb}". Vary the verbs (led, built, cut, grew...).',
            )
            for verb, count in starts.items()
            if count >= 3 and verb
        ]
    if unquantified and bullets:
        first_text, first_location = unquantified[0]
        findings.append(
            Finding.about(
                CATEGORY,
                ("numbers", len(unquantified), len(bullets)),
                severity="minor" if len(unquantified) > len(bullets) / 2 else "tip",
                message=f"{len(unquantified)} of {len(bullets)} bullets {'has' if len(unquantified) == 1 else 'have'} "
                "no result in numbers (%, €, users, time saved). Recruiters and ATS rankings favour measurable "
                "results.",
                location=first_location.model_dump(exclude_none=True),
                evidence=first_text,
            )
        )
    score = (0 if resume.work else 40) if not bullets else round(sum(points) / len(points))
    missing_bullets = sum(1 for f in findings if f.severity == "major")
    score = max(0, score - 15 * missing_bullets)
    summary = (
        f"{len(bullets)} bullet{'s' if len(bullets) != 1 else ''}; {len(bullets) - len(unquantified)} with numbers"
        if bullets
        else "no achievement bullets yet"
    )
    if language:  # "3 bullets; 2 with numbers, in German (verbs, pronouns, tenses and clichés skipped)"
        return CheckResult(score, findings, f"{summary}, in {language}", ["verbs, pronouns, tenses and clichés"])
    return CheckResult(score, findings, summary)


def _length_findings(location: Location, text: str, words: list[str]) -> list[Finding]:
    if len(words) < 4:
        return [_simple(location, text, "tip", f'"{text}" is very short: add what you did and the result.')]
    if len(words) > 40:
        return [_simple(location, text, "tip", "This bullet is long; split it or cut it to one result.")]
    return []


def _cliche_findings(resume: Resume) -> list[Finding]:
    found: list[Finding] = []
    places: list[tuple[str, Location]] = []
    if resume.basics and resume.basics.summary:
        places.append((resume.basics.summary, Location(section="basics", field="summary")))
    for i, work in enumerate(resume.work or []):
        for j, text in enumerate(work.highlights or []):
            places.append((text, Location(section="work", index=i, field="highlights", bullet=j)))
    for text, location in places:
        for phrase in cliches():
            if re.search(rf"\b{re.escape(phrase)}\b", text, re.I):
                fixes = []
                new = remove_cliche(text, phrase)
                if new:
                    fixes.append(
                        Fix(
                            id=stable_id("fix", "cliche", location.describe(), phrase),
                            kind="set_text",
                            description=f'Cut "{phrase}"',
                            location=location,
                            old=text,
                            new=new,
                        )
                    )
                found.append(
                    Finding.about(
                        CATEGORY,
                        ("cliche", location.describe(), phrase),
                        severity="tip",
                        message=f'"{phrase}" is a phrase recruiters skim past; show it with an example instead.',
                        location=location.model_dump(exclude_none=True),
                        evidence=text,
                        fixes=fixes,
                    )
                )
    return found


def _simple(location: Location, text: str, severity: str, message: str) -> Finding:
    return Finding.about(
        CATEGORY,
        (message[:20], location.describe()),
        severity=severity,  # type: ignore[arg-type]
        message=message,
        location=location.model_dump(exclude_none=True),
        evidence=text,
    )


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
