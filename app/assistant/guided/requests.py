"""Recognising requests written in plain words: "change my phone to …", "remove the second job", "undo".

Deliberately narrow: a sentence is a request only when it reads like one from start to end, so that an
answer such as "Reduced phone support tickets by 30%" is never mistaken for a correction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.assistant.guided.readers import COUNTRIES, looks_like_name, tidy_name
from app.assistant.guided.sections import ENTRY_FIELDS
from app.cv.parse import find_email, find_phone, ordinal_index
from app.cv.sections import SECTIONS
from app.events import Action


class Kind(StrEnum):
    UNDO = "undo"
    SHOW = "show"
    HISTORY = "history"
    EXPORT = "export"
    ATS = "ats"
    HELP = "help"
    SET_FIELD = "set_field"
    REMOVE_FIELD = "remove_field"
    REMOVE_ENTRY = "remove_entry"
    MOVE_ENTRY = "move_entry"
    UPDATE_ENTRY = "update_entry"
    ADD_BULLET = "add_bullet"
    REMOVE_BULLET = "remove_bullet"
    ADD_SKILLS = "add_skills"
    ADD_ENTRY = "add_entry"
    FIX = "fix"  # value: the /fix arguments ("1 3", "all", "2 reject")
    SET_BULLET = "set_bullet"  # field: the bullet's 0-based position; value: its new text
    REPLACE = "replace"  # field: a value the CV holds now ("Kafka", "BSc"); value: what replaces it
    TAILOR = "tailor"  # "tailor my CV for this job"
    LETTER = "letter"  # "write the cover letter"
    FIT = "fit"  # value: the page budget ("1")


ANY = ""  # EntryRef.section of a thing named without its section ("Monzo", "Kafka"): looked for in every section


@dataclass(frozen=True)
class EntryRef:
    """'the second job' -> (work, 1); 'the last education' -> (education, -1); 'skill Go' -> (skills, 'Go')."""

    section: str
    index: int | None = None  # 0-based; -1 is the last one
    name: str | None = None


class Reading(Action):
    """A button offering one reading of a request that could mean more than one thing; pressing it applies it."""

    kind = "reading"
    change: str  # a Kind
    field: str | None = None
    value: str | None = None
    section: str
    index: int


@dataclass(frozen=True)
class Correction:
    kind: Kind
    field: str | None = None  # a contact field (phone, email...) or an entry field word (end date, company...)
    value: str | None = None
    target: EntryRef | None = None
    section: str | None = None  # the section of ADD_ENTRY
    certain: bool = True  # False: it could also be an answer in prose (an achievement, a summary)


FIELD_WORDS = {
    "phone": "phone", "phone number": "phone", "mobile": "phone", "mobile number": "phone", "telephone": "phone",
    "email": "email", "e-mail": "email", "email address": "email", "e-mail address": "email",
    "name": "name", "full name": "name",
    "title": "title", "job title": "title",  # the headline, or the current job's title: asked when there are jobs
    "headline": "label", "tagline": "label", "label": "label",
    "professional title": "label",
    "city": "city", "location": "location", "address": "location", "country": "country",
    "summary": "summary", "profile": "summary", "about me": "summary", "bio": "summary",
    "website": "url", "web site": "url", "homepage": "url", "portfolio": "url", "url": "url",
    "linkedin": "linkedin", "linkedin profile": "linkedin", "github": "github", "github profile": "github",
    "twitter": "twitter", "gitlab": "gitlab", "behance": "behance", "dribbble": "dribbble", "medium": "medium",
}  # fmt: skip
_PROFILES = ("linkedin", "github", "twitter", "gitlab", "behance", "dribbble", "medium")
# The sections' own words, and the short ones people type ("cert", "uni").
SECTION_WORDS = {word: key for key, spec in SECTIONS.items() for word in spec.words} | {
    "cert": "certificates", "certs": "certificates", "uni": "education", "college": "education",
    "volunteer": "volunteer", "volunteer job": "volunteer", "skill list": "skills", "gig": "work",
}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation that tries longer phrases first ('phone number' before 'phone')."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_F = _alternatives(FIELD_WORDS)
_S = _alternatives(SECTION_WORDS)
_EF = _alternatives({word for words in ENTRY_FIELDS.values() for word in words})
_CHANGE = r"(?:change|update|set|correct|fix|make|replace|put)"
_TO = r"(?:to|into|as|with|=|:)"
_POLITE = re.compile(
    r"^(?:(?:please|pls|ok|okay|also|and|actually|now|sorry|oh),?\s+)*"
    r"(?:(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?|(?:can|could|may)\s+i\s+|i(?:'d| would)\s+like\s+to\s+|"
    r"i\s+want\s+to\s+|"
    r"let's\s+|let\s+me\s+)?",
    re.I,
)
_ORDINAL = re.compile(
    r"(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|latest|"
    r"\d{1,2}(?:st|nd|rd|th)?|#\s*\d{1,2}|no\.?\s*\d{1,2}|number\s+\d{1,2})(?:\s+one)?",
    re.I,
)
_NAME_FILLER = {"the", "my", "called", "named", "entry", "at", "from", "in", "for", "of"}

_SIMPLE = [
    (Kind.UNDO, re.compile(r"^(?:undo|undo (?:that|it|this|the last change)|revert(?: that| it)?)$", re.I)),
    (Kind.HELP, re.compile(r"^(?:help|\?|what can you do|what can i (?:do|say)|how does this work)$", re.I)),
    (
        Kind.HISTORY,
        re.compile(r"^(?:show\s+(?:me\s+)?)?(?:my\s+|the\s+)?(?:history|versions|version history)$", re.I),
    ),
    (
        Kind.ATS,
        re.compile(
            r"^(?:ats(?: check)?|(?:check|score|analy[sz]e|test)(?:\s+(?:my|the))?(?:\s+(?:cv|resume))?"
            r"(?:\s+against\s+(?:a|the)\s+job(?:\s+ad| description| offer)?|\s+for\s+ats))$",
            re.I,
        ),
    ),
    (
        Kind.SHOW,
        re.compile(
            r"^(?:(?:show|see|view|display)(?:\s+(?:me\s+)?(?:my\s+|the\s+)?(?:cv|resume|résumé|it|"
            r"what we have(?: so far)?|what you have))?|what do (?:i|we) have(?: so far)?)$",
            re.I,
        ),
    ),
]
_TAILOR = re.compile(
    r"^(?:tailor|adapt|customi[sz]e|target)\s+(?:my\s+|the\s+|this\s+)?(?:cv|resume|résumé|it)"
    r"(?:\s+(?:to|for)\s+(?:this|the|that)\s+(?:job|role|position|ad|posting|vacancy))?$|"
    r"^make\s+(?:my\s+|the\s+)?(?:cv|resume|it)\s+fit\s+(?:this|the|that)\s+(?:job|role|position|ad)$",
    re.I,
)
_LETTER = re.compile(
    r"^(?:(?:write|draft|compose|make|create|give me|prepare)\s+(?:me\s+)?(?:a\s+|the\s+|my\s+)?)?"
    r"(?:cover|motivation|application)\s+letter(?:\s+(?:for\s+(?:this|the|that)\s+(?:job|role|position)))?$",
    re.I,
)
_PAGES = {"one": 1, "1": 1, "a single": 1, "a": 1, "single": 1, "two": 2, "2": 2, "three": 3, "3": 3}
_FIT = re.compile(
    r"^(?:fit|make|get|keep|trim|cut|shorten)\s+(?:it|my\s+cv|the\s+cv|my\s+resume|the\s+resume|this)\s+"
    r"(?:(?:on|to|onto|into|down\s+to)\s+)?(?P<pages>one|1|a single|a|single|two|2|three|3)[\s-]+pages?(?:\s+long)?$",
    re.I,
)
# "apply all", "apply fixes 1 and 3", "fix 2", "skip 2": the fixes of the last ATS check, in plain words.
_FIX = re.compile(
    r"^(?P<verb>apply|accept|fix|skip|reject)\s+(?:the\s+)?(?:fix(?:es)?\s+)?"
    r"(?:(?P<all>all|both|everything)(?:\s+(?:the\s+|of\s+them\s*)?(?:fix(?:es)?)?)?|(?:(?:number|no\.?|#)\s*)?"
    r"(?P<ids>\d{1,2}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s+)\d{1,2})*))$",
    re.I,
)
_EXPORT = re.compile(
    r"^(?:(?:export|download)(?:\s+(?:my|the))?(?:\s+(?:cv|resume))?(?:\s+(?:as|in|to))?|"
    r"(?:send|give)\s+me(?:\s+(?:my|the))?(?:\s+(?:cv|resume))?(?:\s+as)?)"
    r"(?:\s+(?:a\s+)?(?P<format>pdf|json resume|json|docx|word|markdown|md|html)(?:\s+file)?)?$",
    re.I,
)
_UPDATE_OF = re.compile(
    rf"^{_CHANGE}\s+(?:the\s+)?(?P<field>{_EF})\s+(?:of|for|in|at|on)\s+(?P<target>.+?)\s+{_TO}\s*(?P<value>.+)$", re.I
)
_UPDATE_POSSESSIVE = re.compile(rf"^{_CHANGE}\s+(?P<target>.+?)'s\s+(?P<field>{_EF})\s+{_TO}\s*(?P<value>.+)$", re.I)
_SET_FIELD = re.compile(rf"^{_CHANGE}\s+(?:my\s+|the\s+)?(?P<field>{_F})\s+{_TO}\s*(?P<value>.+)$", re.I)
# "phone: …" only for contact fields; "title: …" could as well be the job being described.
_LABELLED = _alternatives(w for w, f in FIELD_WORDS.items() if f in ("email", "phone", "url", *_PROFILES))
# "my phone is …", "the summary should read: …", "email should be …", "my phone number is wrong, it's …".
_MY_FIELD_IS = re.compile(
    rf"^(?:my\s+(?:new\s+)?(?P<field>{_F})|(?:the\s+)?(?P<field2>{_LABELLED}|summary|headline|tagline))"
    rf"(?:\s+(?:link|profile|url|address))?(?:(?:'s|\s+is|\s+was)\s+wrong,?\s+(?:it's|its|it\s+is|it\s+should\s+be|"
    rf"should\s+be)|\s+(?:is|should\s+(?:be|say|read)|(?:has\s+)?changed\s+to)|\s*[=:])\s*:?\s*(?:(?:now|actually|really)\s+)*(?P<value>.+)$",
    re.I,
)
# "add my phone: …", "add my twitter twitter.com/sam": a contact field the CV may not have yet.
_ADD_CONTACT = re.compile(rf"^(?:add|new)\s+(?:my\s+|a\s+)?(?P<field>{_LABELLED})\s*:?\s+(?P<value>\S.*)$", re.I)
# "fix my email, it's …", "correct my phone, it should be …".
_FIX_FIELD = re.compile(
    rf"^(?:fix|correct|update|change)\s+(?:my\s+|the\s+)?(?P<field>{_F}),?\s+(?:it's|its|it\s+is|it\s+should\s+be|"
    rf"should\s+be)\s+(?P<value>.+)$",
    re.I,
)
_REMOVE_FIELD = re.compile(rf"^(?:remove|delete|drop|clear)\s+(?:my\s+|the\s+)?(?P<field>{_F})$", re.I)
_REMOVE_BULLET = re.compile(
    r"^(?:remove|delete|drop)\s+(?:the\s+)?(?P<which>[\w#.]+\s+)?(?:bullet|achievement|highlight|bullet point)"
    r"(?:\s+(?P<number>\d{1,2}))?(?:\s+(?:of|from|in|on|under)\s+(?P<target>.+))?$",
    re.I,
)
_REMOVE = re.compile(r"^(?:remove|delete|drop)\s+(?P<target>.+)$", re.I)
_MOVE = re.compile(
    r"^move\s+(?P<target>.+?)\s+(?P<where>up|down|to the (?:top|bottom|end|start)|first|last|"
    r"(?:to|into)\s+(?:the\s+)?(?:position|place|spot|number)?\s*[\w#]+(?:\s+(?:position|place|spot))?)$",
    re.I,
)
_ADD_BULLET = re.compile(
    r"^add\s+(?:an?\s+|another\s+|one more\s+)?(?:bullet(?: point)?|achievement|highlight|result)"
    r"(?:\s+(?:to|for|under|in|on)\s+(?P<target>.+?))?\s*(?::|\s[-–—])\s*(?P<text>.+)$|"
    r"^add\s+to\s+(?P<target2>.+?)\s*:\s*(?P<text2>.+)$",
    re.I,
)
_ADD_SKILLS = re.compile(
    r"^add\s+(?:the\s+|a\s+|new\s+|another\s+)?skills?"
    r"(?:\s+(?:to|in|under)\s+(?:the\s+|my\s+)?(?P<group>[^:]+?)(?:\s+group)?(?=\s*:))?\s*:?\s+(?P<skills>.+)$",
    re.I,
)
_ADD_ENTRY = re.compile(
    rf"^(?P<verb>add|new)\s+(?P<article>an?\s+|my\s+|another\s+|one more\s+|the\s+|new\s+)?(?P<section>{_S})\b"
    rf"(?P<colon>\s*:)?\s*(?P<text>.*)$",
    re.I,
)


def parse_correction(text: str) -> Correction | None:
    """A request to change or see the CV written in plain words, or None when the text is something else."""
    text = _POLITE.sub("", " ".join(text.split())).rstrip(" .!?") or text.strip()
    for kind, pattern in _SIMPLE:
        if pattern.match(text):
            return Correction(kind)
    if _TAILOR.match(text):
        return Correction(Kind.TAILOR)
    if _LETTER.match(text):
        return Correction(Kind.LETTER)
    if match := _FIT.match(text):
        return Correction(Kind.FIT, value=str(_PAGES[match.group("pages").lower()]))
    if match := _FIX.match(text):
        ids = "all" if match.group("all") else " ".join(re.findall(r"\d{1,2}", match.group("ids")))
        return Correction(
            Kind.FIX, value=ids + (" reject" if match.group("verb").lower() in ("skip", "reject") else "")
        )
    if match := _EXPORT.match(text):
        return Correction(Kind.EXPORT, value=(match.group("format") or "").lower() or None)
    for pattern in (_UPDATE_OF, _UPDATE_POSSESSIVE):
        if (match := pattern.match(text)) and (ref := parse_ref(match.group("target"))):
            return Correction(Kind.UPDATE_ENTRY, match.group("field").lower(), match.group("value").strip(), ref)
    if match := _SET_FIELD.match(text):
        value = match.group("value").strip().lstrip(":").strip()  # "replace the summary with: …"
        return Correction(Kind.SET_FIELD, FIELD_WORDS[match.group("field").lower()], value)
    for pattern in (_MY_FIELD_IS, _ADD_CONTACT, _FIX_FIELD):
        if match := pattern.match(text):
            field = FIELD_WORDS[(match.group("field") or match.groupdict().get("field2") or "").lower()]
            value = match.group("value").strip()
            return Correction(Kind.SET_FIELD, field, value) if plausible(field, value) else None
    if match := _REMOVE_FIELD.match(text):
        return Correction(Kind.REMOVE_FIELD, FIELD_WORDS[match.group("field").lower()])
    if match := _REMOVE_BULLET.match(text):
        return _bullet_removal(match)
    if match := _REMOVE.match(text):
        ref = parse_ref(match.group("target"))
        return Correction(Kind.REMOVE_ENTRY, target=ref) if ref else None
    if (match := _MOVE.match(text)) and (ref := parse_ref(match.group("target"))):
        return Correction(Kind.MOVE_ENTRY, value=_position(match.group("where")), target=ref)
    if match := _ADD_BULLET.match(text):
        target = match.group("target") or match.group("target2")
        ref = parse_ref(target) if target else None
        if target and ref is None:
            return None
        return Correction(Kind.ADD_BULLET, value=(match.group("text") or match.group("text2")).strip(), target=ref)
    if match := _ADD_SKILLS.match(text):
        return Correction(Kind.ADD_SKILLS, field=match.group("group"), value=match.group("skills").strip())
    if match := _ADD_ENTRY.match(text):
        body = match.group("text").strip()
        if body and match.group("verb").lower() == "new":  # "New project lead at Acme" is a job title
            return None
        # "add project management to the roadmap" in an achievement is not a request; "add a project: X" is.
        certain = not body or bool(match.group("colon")) or bool(match.group("article"))
        return Correction(Kind.ADD_ENTRY, value=body or None, section=SECTION_WORDS[match.group("section").lower()],
                          certain=certain)  # fmt: skip
    return None


def parse_ref(text: str) -> EntryRef | None:
    """'the second job' / 'job 2' / 'the last education' / 'skill Go' / 'the PayFlow job' / 'job at PayFlow'."""
    text = re.sub(r"'s$", "", text.strip(" .'\""), flags=re.I)
    text = re.sub(r"^(?:the|my)\s+", "", text, flags=re.I)
    words = text.split()
    if not words:
        return None
    # The section word comes first ("job 2", "skill Go") or last ("the second job", "the PayFlow job").
    for width in (2, 1):
        for at_start in (True, False):
            phrase = " ".join(words[:width] if at_start else words[-width:]).lower()
            section = SECTION_WORDS.get(phrase)
            if section is None:
                continue
            rest = words[width:] if at_start else words[:-width]
            return _ref(section, rest)
    return None


def _ref(section: str, rest: list[str]) -> EntryRef | None:
    rest_text = " ".join(rest)
    if not rest_text:
        return None
    if _ORDINAL.fullmatch(rest_text):
        return EntryRef(section, index=ordinal_index(rest_text))
    while rest and rest[0].lower() in _NAME_FILLER:  # "job at PayFlow", "skill called Go"
        rest = rest[1:]
    while rest and rest[-1].lower() in _NAME_FILLER | {"my"}:  # "Kafka from my skills"
        rest = rest[:-1]
    name = re.sub(r"(?:'s|’s)$", "", " ".join(rest).strip(" '\""))
    return EntryRef(section, name=name) if name and len(name.split()) <= 5 else None


def _position(where: str) -> str:
    """'up' / 'down' stay words; 'to the top' -> '0', 'last' -> '-1', 'to position 2' -> '1'."""
    where = where.lower()
    if where in ("up", "down"):
        return where
    if re.search(r"\b(?:top|start|first)\b", where) and not re.search(r"\d", where):
        return "0"
    if re.search(r"\b(?:bottom|end|last)\b", where):
        return "-1"
    index = ordinal_index(re.sub(r"^(?:to|into)\s+(?:the\s+)?(?:position|place|spot|number)?\s*", "", where))
    return str(index) if index is not None else "0"


def _bullet_removal(match: re.Match[str]) -> Correction | None:
    which = (match.group("which") or "").strip()
    number = match.group("number")
    if number:
        index: int | None = int(number) - 1
    elif which and _ORDINAL.fullmatch(which):
        index = ordinal_index(which)
    else:
        return None
    ref = parse_ref(match.group("target")) if match.group("target") else None
    if match.group("target") and ref is None:
        return None
    return Correction(Kind.REMOVE_BULLET, value=str(index), target=ref)


_OPINION = re.compile(
    r"^(?:too|not|a\s+bit|kind\s+of|so|very|quite|rather|boring|bad|weird|wrong|fine|ok|okay|great|"
    r"good|missing|empty|outdated|old)\b",
    re.I,
)  # "my summary is too long" is an opinion


def _a_title(value: str) -> bool:
    """A title, not a sentence or an opinion about one ("too long")."""
    return len(value.split()) <= 8 and not re.search(r"[.!?;]\s", value) and not _OPINION.match(value)


def plausible(field: str, value: str) -> bool:
    """Whether 'my <field> is <value>' really gives that field (not the start of a longer sentence)."""
    checks: dict[str, Callable[[str], bool]] = {
        "email": lambda v: find_email(v) is not None,
        "phone": lambda v: find_phone(v) is not None,
        "name": lambda v: looks_like_name(tidy_name(v)),
        "label": _a_title,
        "title": _a_title,  # the headline or a job's title: the same test
        "location": lambda v: len(v.split()) <= 6,
        "city": lambda v: len(v.split()) <= 4,
        "country": lambda v: v.lower().strip(" .") in COUNTRIES or bool(re.fullmatch(r"[A-Za-z]{2}", v.strip())),
        "url": lambda v: " " not in v.strip() and "." in v,
        "linkedin": lambda v: " " not in v.strip() and "." in v,
        "github": lambda v: " " not in v.strip(),
        **{p: lambda v: " " not in v.strip() and "." in v for p in _PROFILES if p not in ("linkedin", "github")},
        "summary": lambda v: len(v.split()) > 2 and not _OPINION.match(v),
    }
    check = checks.get(field)
    return check is None or check(value)
