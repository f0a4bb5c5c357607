"""Reading interview answers: job titles, degrees, places, languages, yes/no, and correction requests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from app.cv.parse import ordinal_index

COUNTRIES = {
    "poland": "PL", "germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES", "italy": "IT",
    "ukraine": "UA", "united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "ireland": "IE",
    "netherlands": "NL", "the netherlands": "NL", "belgium": "BE", "austria": "AT", "switzerland": "CH",
    "portugal": "PT", "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI", "czechia": "CZ",
    "czech republic": "CZ", "slovakia": "SK", "hungary": "HU", "romania": "RO", "bulgaria": "BG", "greece": "GR",
    "lithuania": "LT", "latvia": "LV", "estonia": "EE", "croatia": "HR", "slovenia": "SI", "serbia": "RS",
    "turkey": "TR", "israel": "IL", "united states": "US", "usa": "US", "us": "US", "united states of america": "US",
    "canada": "CA", "mexico": "MX", "brazil": "BR", "argentina": "AR", "chile": "CL", "colombia": "CO",
    "india": "IN", "china": "CN", "japan": "JP", "south korea": "KR", "korea": "KR", "singapore": "SG",
    "australia": "AU", "new zealand": "NZ", "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "egypt": "EG",
    "united arab emirates": "AE", "uae": "AE", "georgia": "GE", "moldova": "MD", "belarus": "BY",
    "luxembourg": "LU", "iceland": "IS", "vietnam": "VN", "philippines": "PH", "indonesia": "ID",
}  # fmt: skip
DEGREES = {
    "bsc": "BSc", "ba": "BA", "beng": "BEng", "bs": "BS", "msc": "MSc", "ma": "MA", "meng": "MEng", "ms": "MS",
    "mba": "MBA", "phd": "PhD", "dphil": "DPhil", "llb": "LLB", "llm": "LLM", "md": "MD", "bachelor": "Bachelor",
    "bachelors": "Bachelor", "bachelor's": "Bachelor", "master": "Master", "masters": "Master",
    "master's": "Master", "doctorate": "Doctorate", "diploma": "Diploma", "associate": "Associate",
    "engineer": "Engineer", "licence": "Licence", "abitur": "Abitur",
}  # fmt: skip
YES = {"yes", "y", "yeah", "yep", "sure", "ok", "okay", "another", "one more", "of course", "tak", "ja", "oui", "si"}
NO = {"no", "n", "nope", "nah", "none", "that's all", "thats all", "that's it", "no more", "nie", "nein", "non"}


def yes_or_no(text: str) -> bool | None:
    answer = text.strip().lower().rstrip(".!")
    if answer in YES or answer.startswith(("yes", "yeah")):
        return True
    if answer in NO or answer.startswith(("no ", "no,")):
        return False
    return None


def looks_like_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 6 and len(text) <= 100 and not re.search(r"[\d@/\\<>{}]", text)


def tidy_name(text: str) -> str:
    """'maria kowalska' -> 'Maria Kowalska'; mixed case as typed is kept ('Jan van der Berg')."""
    text = " ".join(text.strip().strip(".").split())
    text = re.sub(r"^(?:my name is|i am|i'm|name:)\s+", "", text, flags=re.I)
    return text.title() if text.islower() or text.isupper() else text


def capitalize_first(text: str) -> str:
    text = " ".join(text.split()).strip()
    return text[:1].upper() + text[1:] if text else text


_SMALL_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to", "with"}


def title_case(text: str) -> str:
    """'staff engineer' / 'Head of data' -> 'Staff Engineer' / 'Head of Data'; 'iOS developer' is kept."""
    if any(c.isupper() for c in text[1:]):
        return text
    words = text.split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


class JobTitle(NamedTuple):
    position: str | None
    company: str | None


_TITLE_SEPARATORS = re.compile(r"\s+(?:at|@|for|with|in)\s+|\s+[-–—|]\s+", re.I)


def parse_job_title(text: str) -> JobTitle:
    """'Staff engineer at PayFlow GmbH', 'PayFlow GmbH, Staff Engineer', 'Engineer - Acme'."""
    text = " ".join(text.strip().rstrip(".").split())
    text = re.sub(r"^(?:i (?:was|am|work(?:ed)?(?: as)?)|i'm)\s+(?:an?\s+)?", "", text, flags=re.I)
    parts = _TITLE_SEPARATORS.split(text, maxsplit=1)
    if len(parts) == 2:
        return JobTitle(title_case(parts[0].strip()) or None, parts[1].strip() or None)
    if "," in text:
        company, position = (p.strip() for p in text.split(",", 1))
        return JobTitle(title_case(position) or None, company or None)
    return JobTitle(title_case(text) or None, None)


class Degree(NamedTuple):
    study_type: str | None
    area: str | None


def parse_degree(text: str) -> Degree:
    """'MSc Computer Science' -> (MSc, Computer Science); 'Bachelor of Arts in History' -> (.., History)."""
    text = " ".join(text.strip().rstrip(".").split())
    if not text:
        return Degree(None, None)
    for separator in (r"\s+in\s+", r"\s*,\s*", r"\s+[-–—]\s+"):
        parts = re.split(separator, text, maxsplit=1, flags=re.I)
        if len(parts) == 2 and parts[0] and parts[1]:
            return Degree(_degree_name(parts[0]), capitalize_first(parts[1]))
    first, _, rest = text.partition(" ")
    known = DEGREES.get(first.lower().replace(".", ""))
    if known and rest:
        return Degree(known, capitalize_first(rest))
    if known:
        return Degree(known, None)
    return Degree(None, capitalize_first(text))


def _degree_name(text: str) -> str:
    return DEGREES.get(text.lower().replace(".", "").strip(), capitalize_first(text))


class Place(NamedTuple):
    city: str | None
    region: str | None
    country_code: str | None


def parse_place(text: str) -> Place:
    """'Warsaw, Poland' -> (Warsaw, None, PL); 'Austin, Texas, USA' -> (Austin, Texas, US); 'Remote'."""
    parts = [p.strip() for p in re.split(r"\s*,\s*", text.strip().rstrip(".")) if p.strip()]
    if not parts:
        return Place(None, None, None)
    country = None
    last = parts[-1]
    if len(parts) > 1 or last.lower() in COUNTRIES:
        code = COUNTRIES.get(last.lower()) or (last.upper() if re.fullmatch(r"[A-Za-z]{2}", last) else None)
        if code:
            country = code
            parts = parts[:-1]
    city = capitalize_first(parts[0]) if parts else None
    region = ", ".join(parts[1:]) or None
    return Place(city, region, country)


def parse_languages(text: str) -> list[tuple[str, str | None]]:
    """'English C1, German B2, Polish (native)' -> [('English', 'C1'), ('German', 'B2'), ('Polish', 'Native')]."""
    out: list[tuple[str, str | None]] = []
    for item in (i.strip() for i in re.split(r"\s*[,;/\n]\s*|\s+and\s+", text.strip().rstrip("."))):
        if not item:
            continue
        match = re.match(r"^([^\d(:–—-]+?)\s*(?:[:(–—-]\s*|\s+)(.+?)\)?$", item)
        if match and (
            re.fullmatch(r"[ABC][12]\+?", match.group(2), re.I)
            or match.group(2).lower()
            in {"native", "fluent", "basic", "intermediate", "advanced", "beginner", "conversational",
                "professional", "mother tongue", "bilingual", "elementary", "upper intermediate"}
        ):  # fmt: skip
            fluency = match.group(2)
            fluency = fluency.upper() if re.fullmatch(r"[abc][12]\+?", fluency, re.I) else capitalize_first(fluency)
            out.append((capitalize_first(match.group(1)), fluency))
        else:
            out.append((capitalize_first(item), None))
    return out


def bullet_text(text: str) -> str:
    """'I designed the ledger ...' -> 'Designed the ledger ....' (first person dropped, a full stop added)."""
    text = " ".join(text.strip().lstrip("-•*· ").split())
    text = re.sub(r"^(?:i|we)\s+(?=[a-z])", "", text, flags=re.I)
    text = capitalize_first(text)
    return text if not text or text[-1] in ".!?" else text + "."


# --- corrections ----------------------------------------------------------------------------------

FIELD_WORDS = {
    "phone": "phone", "phone number": "phone", "mobile": "phone", "number": "phone", "telephone": "phone",
    "email": "email", "e-mail": "email", "email address": "email", "mail": "email",
    "name": "name", "full name": "name",
    "title": "label", "headline": "label", "job title": "label", "label": "label",
    "city": "location", "location": "location", "address": "location",
    "summary": "summary", "profile": "summary", "about": "summary",
    "website": "url", "site": "url", "homepage": "url", "portfolio": "url",
    "linkedin": "linkedin", "github": "github",
}  # fmt: skip
SECTION_WORDS = {
    "job": "work", "jobs": "work", "position": "work", "role": "work", "work": "work", "experience": "work",
    "employer": "work", "education": "education", "degree": "education", "school": "education",
    "university": "education", "study": "education", "skill": "skills", "skills": "skills",
    "language": "languages", "languages": "languages", "project": "projects", "projects": "projects",
    "certificate": "certificates", "certification": "certificates", "award": "awards",
    "volunteering": "volunteer", "volunteer role": "volunteer", "publication": "publications",
    "interest": "interests", "hobby": "interests", "reference": "references",
}  # fmt: skip

_FIELD = "|".join(sorted((re.escape(w) for w in FIELD_WORDS), key=len, reverse=True))
_SET_FIELD = re.compile(
    rf"^(?:please\s+)?(?:change|update|set|correct|fix|make)\s+(?:my\s+|the\s+)?(?P<field>{_FIELD})\s+"
    rf"(?:to|into|as|=|:)\s*(?P<value>.+)$",
    re.I,
)
_MY_FIELD_IS = re.compile(rf"^(?:actually,?\s+)?my\s+(?P<field>{_FIELD})\s+is\s+(?P<value>.+)$", re.I)
_REMOVE = re.compile(r"^(?:please\s+)?(?:remove|delete|drop)\s+(?P<target>.+?)[.!]?$", re.I)
_ADD_SKILLS = re.compile(r"^(?:please\s+)?add\s+(?:the\s+|a\s+)?skills?\s*:?\s+(?P<skills>.+)$", re.I)
_SHOW = re.compile(r"^(?:show|see|view|display)(?:\s+(?:me\s+)?(?:my\s+|the\s+)?(?:cv|resume|résumé))?[.!?]?$", re.I)
_UNDO = re.compile(r"^(?:undo|undo (?:that|it|the last change)|revert that)[.!]?$", re.I)


@dataclass(frozen=True)
class Correction:
    kind: str  # set_field | remove_field | remove_entry | add_skills | undo | show
    field: str | None = None
    value: str | None = None
    section: str | None = None
    index: int | None = None  # 0-based; -1 = last
    name: str | None = None  # remove an entry by what it is called ("remove skill Go")


def parse_correction(text: str) -> Correction | None:
    """A request to change the CV written in plain words, or None when the text is something else."""
    text = " ".join(text.strip().split())
    if _UNDO.match(text):
        return Correction("undo")
    if _SHOW.match(text):
        return Correction("show")
    match = _SET_FIELD.match(text) or _MY_FIELD_IS.match(text)
    if match:
        return Correction("set_field", FIELD_WORDS[match.group("field").lower()], match.group("value").strip())
    match = _ADD_SKILLS.match(text)
    if match:
        return Correction("add_skills", value=match.group("skills"))
    match = _REMOVE.match(text)
    if match:
        return _removal(match.group("target"))
    return None


def _removal(target: str) -> Correction | None:
    """'the second job' / 'job 2' / 'the last education' / 'skill Go' / 'the PayFlow job' / 'my phone'."""
    target = re.sub(r"^(?:the|my)\s+", "", target.strip(), flags=re.I)
    field = FIELD_WORDS.get(target.lower())
    if field is not None:
        return Correction("remove_field", field)
    words = target.split()
    for i, word in enumerate(words):
        pair = " ".join(words[i : i + 2]).lower()
        section = SECTION_WORDS.get(pair) or SECTION_WORDS.get(word.lower())
        width = 2 if pair in SECTION_WORDS else 1
        if section is None:
            continue
        rest = [w for w in words[:i] + words[i + width :] if w.lower() not in ("the", "my", "called", "named", "entry")]
        index = ordinal_index(" ".join(rest)) if rest else None
        if index is not None:
            return Correction("remove_entry", section=section, index=index)
        name = " ".join(rest).strip(" '\"")
        return Correction("remove_entry", section=section, name=name) if name else None
    return None
