"""Reading interview answers leniently: names, places, job titles, degrees, dates, languages, yes/no."""

from __future__ import annotations

import re
from typing import NamedTuple

from app.cv.parse import MONTHS, invalid_date_problem
from app.cv.tidy import drop_filler, title_case
from app.cv.tidy import tidy_headline as tidied_headline
from app.cv.tidy_entries import split_company_location, split_grade, tidy_languages

COUNTRIES = {
    "poland": "PL", "germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES", "italy": "IT",
    "ukraine": "UA", "united kingdom": "GB", "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "ireland": "IE", "netherlands": "NL", "the netherlands": "NL", "belgium": "BE", "austria": "AT",
    "switzerland": "CH", "portugal": "PT", "sweden": "SE", "norway": "NO", "denmark": "DK", "finland": "FI",
    "czechia": "CZ", "czech republic": "CZ", "slovakia": "SK", "hungary": "HU", "romania": "RO", "bulgaria": "BG",
    "greece": "GR", "lithuania": "LT", "latvia": "LV", "estonia": "EE", "croatia": "HR", "slovenia": "SI",
    "serbia": "RS", "turkey": "TR", "israel": "IL", "united states": "US", "usa": "US", "us": "US",
    "united states of america": "US", "canada": "CA", "mexico": "MX", "brazil": "BR", "argentina": "AR",
    "chile": "CL", "colombia": "CO", "india": "IN", "china": "CN", "japan": "JP", "south korea": "KR",
    "korea": "KR", "singapore": "SG", "australia": "AU", "new zealand": "NZ", "south africa": "ZA",
    "nigeria": "NG", "kenya": "KE", "egypt": "EG", "united arab emirates": "AE", "uae": "AE", "georgia": "GE",
    "moldova": "MD", "belarus": "BY", "luxembourg": "LU", "iceland": "IS", "vietnam": "VN", "philippines": "PH",
    "indonesia": "ID", "pakistan": "PK", "bangladesh": "BD", "thailand": "TH", "malaysia": "MY", "cyprus": "CY",
    "malta": "MT", "morocco": "MA", "saudi arabia": "SA", "qatar": "QA", "peru": "PE", "uruguay": "UY",
}  # fmt: skip
# A code shown back in words: the first name listed for it above ("PL" -> "Poland"), "USA" for "US".
COUNTRY_NAMES = {code: name.title() for name, code in reversed(COUNTRIES.items())} | {"US": "USA"}
DEGREES = {
    "bsc": "BSc", "ba": "BA", "beng": "BEng", "bs": "BS", "msc": "MSc", "ma": "MA", "meng": "MEng", "ms": "MS",
    "mba": "MBA", "phd": "PhD", "dphil": "DPhil", "llb": "LLB", "llm": "LLM", "md": "MD", "bachelor": "Bachelor",
    "bachelors": "Bachelor", "bachelor's": "Bachelor", "master": "Master", "masters": "Master",
    "master's": "Master", "doctorate": "Doctorate", "diploma": "Diploma", "associate": "Associate",
    "engineer": "Engineer", "licence": "Licence", "abitur": "Abitur", "certificate": "Certificate",
}  # fmt: skip
YES = {"yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "another", "one more", "of course", "tak", "ja", "oui"}
NO = {"no", "n", "nope", "nah", "none", "that's all", "thats all", "that's it", "no more", "nie", "nein", "non"}
# An answer that declines the question: it counts as /skip (or as /done inside a list).
DECLINE = NO | {
    "skip", "pass", "nothing", "nothing else", "later", "not now", "no thanks", "no thank you", "n/a", "na", "-",
    "i don't have one", "don't have one", "i have none", "done", "finished", "that's everything",
}  # fmt: skip
LEVELS = {
    "native", "fluent", "basic", "intermediate", "advanced", "beginner", "conversational", "professional",
    "mother tongue", "bilingual", "elementary", "upper intermediate", "good", "proficient", "working proficiency",
}  # fmt: skip
_TITLE_WORDS = re.compile(
    r"\b(?:engineer|developer|programmer|manager|analyst|designer|lead|head|director|consultant|specialist|"
    r"architect|scientist|officer|intern|assistant|associate|administrator|nurse|teacher|accountant|"
    r"coordinator|technician|researcher|editor|writer|owner|founder|cto|ceo|cfo|vp|president|tester|"
    r"sales|marketing|recruiter|support|operator|chef|driver)s?\b",
    re.I,
)
_COMPANY_WORDS = re.compile(
    r"\b(?:gmbh|ltd|limited|inc|llc|plc|ag|sa|s\.a|sp\. z o\.o|corp|corporation|co|bv|oy|ab|group|labs?|"
    r"technologies|solutions|systems|software|consulting|bank|hospital|agency|studio|university)\.?\b",
    re.I,
)
_SCHOOL_WORDS = re.compile(
    r"\b(?:university|universit[yäé]t?|college|school|institute|academy|polytechnic|politechnika|uniwersytet|"
    r"hochschule|école|ecole|conservatory|seminary|lyceum|gymnasium)\b",
    re.I,
)
_MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATES_START = re.compile(
    rf"(?:\b(?:since|from|started(?:\s+in)?|between)\s+)?"
    rf"(?:\b(?:{_MONTH_NAME})\.?\s*,?\s*(?:(?:19|20)\d\d|'\d\d)\b|\b(?:0?[1-9]|1[0-2])\s*[/.]\s*(?:19|20)\d\d\b"
    rf"|\b(?:19|20)\d\d\b)",
    re.I,
)
_BAD_MONTH = re.compile(r"\b(\d{1,2})\s*/\s*((?:19|20)\d\d)\b")


def _words(text: str) -> str:
    return " ".join(text.split())


def _plain(text: str) -> str:
    return _words(text).lower().strip(" .!")


def yes_or_no(text: str) -> bool | None:
    answer = _plain(text)
    if answer in YES or answer.startswith(("yes", "yeah", "sure")):
        return True
    if answer in NO or answer.startswith(("no ", "no,", "nope")):
        return False
    return None


_DECLINING = re.compile(
    r"^(?:i\s+)?(?:don't|do not|haven't|have not|never)\s+(?:have|had|worked|studied|done)\b"
    r"|^(?:no|not)\s+(?:yet|really|any|one|job|jobs|experience|degree|projects?|summary|headline)\b"
    r"|^(?:nothing|none)(?:\s+(?:else|more|yet|really))?$|^i'?d rather not\b|^rather not\b",
    re.I,
)
# Words that answer a greeting or a prompt, never a name.
_NOT_NAMES = {"hi", "hello", "hey", "hallo", "ok", "okay", "yes", "sure", "thanks", "thank you", "start", "go"}


def is_decline(text: str) -> bool:
    """'no', 'none', 'skip', 'that's all', 'I don't have one': the person passes on the question."""
    plain = _plain(text)
    return plain in DECLINE or bool(_DECLINING.match(plain))


def looks_like_name(text: str) -> bool:
    words = text.split()
    if _plain(text) in _NOT_NAMES:
        return False
    return 1 <= len(words) <= 6 and len(text) <= 100 and not re.search(r"[\d@/\\<>{}:;!?]", text)


def tidy_name(text: str) -> str:
    """'maria kowalska' -> 'Maria Kowalska'; mixed case as typed is kept ('Jan van der Berg')."""
    text = _words(text).strip(".")
    text = re.sub(r"^(?:my name is|my name's|i am|i'm|it's|name:)\s+", "", text, flags=re.I)
    return text.title() if text.islower() or text.isupper() else text


def capitalize_first(text: str) -> str:
    text = _words(text)
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """Capitalised, with a full stop: how a summary or a description is stored."""
    text = capitalize_first(text)
    return text if not text or text[-1] in ".!?" else text + "."


def tidy_headline(text: str) -> str:
    """'I'm a backend engineer, i guess.' -> 'Backend Engineer' (app.cv.tidy says what was left out)."""
    return tidied_headline(text).text


def split_dates(text: str) -> tuple[str, str | None]:
    """'Engineer at Acme, march 2021 - now' -> ('Engineer at Acme', 'march 2021 - now'); no dates: (text, None)."""
    text = _words(text)
    match = _DATES_START.search(text)
    if match is None or match.start() == 0:
        return text, None
    return text[: match.start()].rstrip(" ,;:-–—(|"), text[match.start() :]


def date_problem(text: str) -> str | None:
    """Why a typed date cannot be right ('2021-13', '13/2021'), else None."""
    problem = invalid_date_problem(text)
    if problem:
        return problem
    for match in _BAD_MONTH.finditer(text):
        if not 1 <= int(match.group(1)) <= 12:
            return f"{match.group(0)}: the month must be 1 to 12."
    return None


class JobTitle(NamedTuple):
    position: str | None
    company: str | None
    location: str | None = None  # "at Sky Betting & Gaming, Leeds": the place said with the company
    hedged: bool = False  # filler left the title ("senior engineer i guess"): said back to the person


def parse_job_title(text: str) -> JobTitle:
    """'Staff engineer at PayFlow GmbH', 'PayFlow GmbH, Staff Engineer', 'Engineer - Acme', 'Nurse';
    'Engineer at Monzo in London' / 'at Sky Betting & Gaming, Leeds' also give the job's place."""
    text = _words(text).rstrip(".")
    text = re.sub(r"^(?:i (?:was|am|work(?:ed)?(?: as)?)|i'm)\s+(?:an?\s+)?", "", text, flags=re.I)
    for separator in (r"\s+(?:at|@)\s+|\s*@\s*", r"\s+[-–—|]\s+", r"\s+(?:for|with)\s+"):
        parts = re.split(separator, text, maxsplit=1, flags=re.I)
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            company, location = split_company_location(parts[1].strip())
            return _job_title(parts[0], company, location)
    if "," in text:
        first, second = (p.strip() for p in text.split(",", 1))
        company_first = (_COMPANY_WORDS.search(first) and not _COMPANY_WORDS.search(second)) or (
            _TITLE_WORDS.search(second) and not _TITLE_WORDS.search(first)
        )
        position, company = (second, first) if company_first else (first, second)
        company, location = split_company_location(company) if not company_first else (company, None)
        return _job_title(position, company or None, location)
    return _job_title(text, None, None)


def _job_title(position: str, company: str | None, location: str | None) -> JobTitle:
    """The title without hedges ('kind of a lead' -> 'Lead'); the company keeps its words ('Really Good Games')."""
    position, hedged = drop_filler(position.strip())
    position = re.sub(r"^(?:an?|the)\s+", "", position, flags=re.I)
    return JobTitle(title_case(position) or None, company, location, hedged)


class Degree(NamedTuple):
    study_type: str | None
    area: str | None


def parse_degree(text: str) -> Degree:
    """'MSc Computer Science' -> (MSc, Computer Science); 'Bachelor of Arts in History' -> (.., History)."""
    text = _words(text).rstrip(".")
    if not text:
        return Degree(None, None)
    for separator in (r"\s+in\s+", r"\s*,\s*", r"\s+[-–—]\s+"):
        parts = re.split(separator, text, maxsplit=1, flags=re.I)
        if len(parts) == 2 and parts[0] and parts[1]:
            return Degree(_degree_name(parts[0]), capitalize_first(parts[1]))
    first, _, rest = text.partition(" ")
    known = DEGREES.get(first.lower().replace(".", ""))
    if known:
        return Degree(known, capitalize_first(rest) or None)
    return Degree(None, capitalize_first(text))


def _degree_name(text: str) -> str:
    return DEGREES.get(text.lower().replace(".", "").strip(), capitalize_first(text))


def _degree_like(text: str) -> bool:
    first = text.split()[0].lower().replace(".", "") if text.split() else ""
    return first in DEGREES or bool(re.search(r"\b(?:diploma|degree|bachelor|master|doctorate)\b", text, re.I))


def degree_text(study_type: str | None, area: str | None) -> str:
    return " in ".join(p for p in (study_type, area) if p)


def school_like(text: str) -> bool:
    """Names a school ('University of Warsaw', 'Lviv Polytechnic')."""
    return bool(_SCHOOL_WORDS.search(text))


class School(NamedTuple):
    institution: str | None
    degree: Degree
    dates: str | None
    grade: str | None = None  # "2:1", "GPA 3.8": the education entry's score


def parse_school(text: str) -> School:
    """'University of Warsaw' or 'MSc Computer Science, University of Leeds, 2:1, 2010-2015' in one answer."""
    rest, grade = split_grade(_words(text))
    rest, dates = split_dates(rest)
    at = re.fullmatch(r"(.+?)\s+(?:at|from)\s+(.+)", rest)  # "BSc in CS at Leeds", not "University of X at Y"
    if at and _degree_like(at.group(1)):
        rest = f"{at.group(1)}, {at.group(2)}"
    parts = [p.strip() for p in re.split(r"\s*[,;|]\s*|\s+[-–—]\s+", rest.rstrip(".")) if p.strip()]
    if not parts:
        return School(None, Degree(None, None), dates, grade)
    # The school: a part with a school word that names no degree ("High school diploma, Lincoln High School"),
    # else the first part that names no degree ("MSc Physics, ETH Zurich").
    schools = [i for i, p in enumerate(parts) if not _degree_like(p)]
    index = next((i for i in schools if _SCHOOL_WORDS.search(parts[i])), schools[0] if schools else 0)
    institution = parts.pop(index)
    degree = parse_degree(", ".join(parts)) if parts else Degree(None, None)
    return School(institution, degree, dates, grade)


class Place(NamedTuple):
    city: str | None
    region: str | None
    country_code: str | None


def parse_place(text: str) -> Place:
    """'Warsaw, Poland' / 'warsaw poland' -> (Warsaw, None, PL); 'Austin, Texas, USA' -> (Austin, Texas, US)."""
    text = re.sub(r"^(?:i(?:'m| am) )?(?:based |living |located )?(?:in )\s*", "", _words(text).rstrip("."), flags=re.I)
    parts = [p.strip() for p in re.split(r"\s*,\s*", text) if p.strip()]
    if not parts:
        return Place(None, None, None)
    country = None
    last = parts[-1]
    code = COUNTRIES.get(last.lower()) or (
        last.upper() if len(parts) > 1 and re.fullmatch(r"[A-Za-z]{2}", last) else None
    )
    if code:
        country, parts = code, parts[:-1]
    elif len(parts) == 1:  # 'warsaw poland': a known country at the end without a comma
        words = last.split()
        for width in (3, 2, 1):
            tail = " ".join(words[-width:]).lower()
            if len(words) > width and tail in COUNTRIES:
                country, parts = COUNTRIES[tail], [" ".join(words[:-width])]
                break
    city = _place_name(parts[0]) if parts else None
    region = ", ".join(_place_name(p) for p in parts[1:]) or None
    return Place(city, region, country)


def _place_name(text: str) -> str:
    return text.title() if text.islower() else text


def place_text(place: Place) -> str:
    """How a stored place is confirmed: 'Warsaw, Poland'."""
    country = COUNTRY_NAMES.get(place.country_code or "", place.country_code)
    return ", ".join(p for p in (place.city, place.region, country) if p)


def parse_languages(text: str) -> list[tuple[str, str | None]]:
    """'English C1, German B2, Polish (native)', 'a bit of Spanish' -> [('English', 'C1'), ...,
    ('Spanish', 'Elementary, A2')] (app.cv.tidy.tidy_languages also says how a vague level was read)."""
    return tidy_languages(text).languages


def bullet_text(text: str) -> str:
    """'I designed the ledger ...' -> 'Designed the ledger ....' (first person dropped, a full stop added)."""
    text = _words(text).lstrip("-•*· ")
    text = re.sub(r"^(?:i|we)\s+(?=[a-z])", "", text, flags=re.I)
    return sentence(text)


class Dated(NamedTuple):
    title: str
    by: str | None
    date: str | None  # the date as typed; parse_date reads it


def parse_dated(text: str) -> Dated:
    """'AWS Solutions Architect, Amazon, 2023' / 'Best Paper from ACM (2020)' -> title, issuer, date."""
    rest, dates = split_dates(text)
    for separator in (r"\s*[,;|]\s*", r"\s+[-–—]\s+", r"\s+(?:from|by|issued by|awarded by|at)\s+"):
        parts = re.split(separator, rest, maxsplit=1, flags=re.I)
        if len(parts) == 2 and parts[0].strip(" .()") and parts[1].strip(" .()"):
            return Dated(parts[0].strip(" .()"), parts[1].strip(" .()"), dates)
    return Dated(rest.strip(" .()"), None, dates)
