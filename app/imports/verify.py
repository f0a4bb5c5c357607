"""The guard against invented values: every string a model put in a CV must be found in the source text.

Text is compared normalised (NFKC, case, whitespace, hyphens and line-break hyphenation, bullet glyphs);
dates by year and month in any of the five CV languages; links and emails with or without a scheme;
phone numbers by their digits. What is not found is dropped and named back to the person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from app.imports.dates import MONTHS

# What identifies an entry of a section: when all of these are dropped the entry was invented and goes
# away whole (its surviving dates or bullets belong to nothing). Other sections keep any entry with a value.
IDENTITY: dict[str, tuple[str, ...]] = {
    "work": ("name", "position"),
    "volunteer": ("organization", "position"),
    "education": ("institution", "area", "studyType"),
    "awards": ("title",),
    "certificates": ("name",),
    "publications": ("name",),
    "skills": ("name", "keywords"),
    "languages": ("language",),
    "interests": ("name", "keywords"),
    "references": ("name", "reference"),
    "projects": ("name",),
    "profiles": ("url", "username"),
}
UNCHECKED = frozenset({"$schema", "meta"})  # not read from the CV's text: nothing to find there
DATE_KEYS = frozenset({"startDate", "endDate", "date", "releaseDate"})
URL_KEYS = frozenset({"url", "image", "canonical"})

_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SEPARATORS = re.compile("[·|•●▪■◆◇◦‣∙○►▸➢✓✔→]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_LINE_BREAK_HYPHEN = re.compile(r"-[ \t]*\n\s*")
_SPACES = re.compile(r"\s+")
_END_PUNCTUATION = " \t\n.,;:!?\"'()[]{}<>*/\\-_"
_YEAR = r"((?:19|20)\d{2})(?!\d)"
_YEAR_RE = re.compile(r"(?<!\d)" + _YEAR)
_MONTH_YEAR_RE = re.compile(r"(?<![\d.])(\d{1,2})[./-]" + _YEAR)  # 03/2021, 3.2021, 03-2021
_YEAR_MONTH_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})[./-](\d{1,2})(?!\d|[./]\d)")  # 2021-03, 2021/3
_FULL_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-]" + _YEAR)  # 15.03.2021, 03/15/2021
_ISO_DAY_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
# Before a year: "Mar 2021", "März 2021", "marzo de 2021", "з березня 2021", "Jan–Mar 2021", "March 1, 2021"
_NAMED_BEFORE_YEAR_RE = re.compile(
    r"([^\W\d_]{3,})\.?(?:\s?-\s?([^\W\d_]{3,})\.?)?,?\s(?:\d{1,2}(?:st|nd|rd|th)?,?\s)?(?:(?:de|del|of)\s)?$"
)
_PHONE_RE = re.compile(r"\+?\(?\d[\d ().\-/]{4,}\d")
_ISO_VALUE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_CODE_RE = re.compile(r"[A-Z]{2,3}")


def _without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _month_prefixes() -> dict[str, frozenset[int]]:
    """Any prefix of three letters or more of a month's name in the five CV languages (app/imports/dates.py)
    stands for that month: "Sept", "févr.", "берез.", "листоп."."""
    found: dict[str, set[int]] = {}
    for name, month in MONTHS.items():
        for spelling in {name, _without_accents(name)}:
            for end in range(3, len(spelling) + 1):
                found.setdefault(spelling[:end], set()).add(month)
    return {prefix: frozenset(months) for prefix, months in found.items()}


MONTH_PREFIXES = _month_prefixes()


def normalise(text: str) -> str:
    """Text as compared: NFKC, case-folded, hyphenation at line ends joined, hyphens and dashes dropped,
    bullet and separator glyphs as spaces, whitespace collapsed, punctuation at the ends stripped."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").translate(_QUOTES)
    text = _LINE_BREAK_HYPHEN.sub("", _DASHES.sub("-", text))
    text = _SEPARATORS.sub(" ", text.casefold()).replace("-", "")
    return _SPACES.sub(" ", text).strip(_END_PUNCTUATION)


def _date_form(text: str) -> str:
    """Text as dates are read from it: NFKC, case-folded, dashes as "-", whitespace collapsed."""
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", text).casefold())
    return _SPACES.sub(" ", _SEPARATORS.sub(" ", text))


def _url_core(value: str) -> str:
    """`https://www.linkedin.com/in/maria/` and `linkedin.com/in/maria` alike: no scheme, www. or end slash."""
    core = normalise(value)
    core = re.sub(r"^(?:https?://|ftp://|mailto:)", "", core)
    return core.removeprefix("www.").rstrip("/")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@dataclass
class Source:
    """A source text prepared once for many look-ups."""

    text: str  # normalised
    raw: str  # NFKC only (codes such as "DE" are compared in their own case)
    years: set[int] = field(default_factory=set)
    months: set[tuple[int, int]] = field(default_factory=set)
    days: set[tuple[int, int, int]] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)

    def has(self, value: str) -> bool:
        """Whether the normalised `value` occurs in the text as whole words."""
        needle = normalise(value)
        return bool(needle) and _occurs(needle, self.text)


def _occurs(needle: str, haystack: str, allow_after: str = "") -> bool:
    """`needle` in `haystack`, not glued to letters or digits on either side ("Go" is not in "Google")."""
    start = haystack.find(needle)
    while start != -1:
        end = start + len(needle)
        before_ok = start == 0 or not haystack[start - 1].isalnum() or not needle[0].isalnum()
        after = haystack[end] if end < len(haystack) else ""
        after_ok = not after or not after.isalnum() or not needle[-1].isalnum()
        if after in allow_after:
            after_ok = True
        if before_ok and after_ok:
            return True
        start = haystack.find(needle, start + 1)
    return False


@lru_cache(maxsize=16)
def prepare_source(source_text: str) -> Source:
    """The source's normalised text, its years, year-months and days, and its phone numbers' digits."""
    raw = unicodedata.normalize("NFKC", source_text)
    source = Source(normalise(source_text), raw)
    dated = _date_form(source_text)
    source.years = {int(y) for y in _YEAR_RE.findall(dated)}
    for month, year in _MONTH_YEAR_RE.findall(dated):
        _add_month(source, int(year), int(month))
    for year, month in _YEAR_MONTH_RE.findall(dated):
        _add_month(source, int(year), int(month))
    for first, second, year in _FULL_DATE_RE.findall(dated):
        for day, month in ((int(first), int(second)), (int(second), int(first))):  # 15.03.2021 or 03/15/2021
            if _add_month(source, int(year), month):
                source.days.add((int(year), month, day))
    for year, month, day in _ISO_DAY_RE.findall(dated):
        if _add_month(source, int(year), int(month)):
            source.days.add((int(year), int(month), int(day)))
    for found in _YEAR_RE.finditer(dated):  # month names are looked for just before each year: fast
        named = _NAMED_BEFORE_YEAR_RE.search(dated, max(0, found.start() - 40), found.start())
        for word in named.groups() if named else ():
            for month in MONTH_PREFIXES.get(word or "", ()):
                _add_month(source, int(found.group(1)), month)
    source.phones = {d for d in (_digits(m) for m in _PHONE_RE.findall(raw)) if len(d) >= 6}
    return source


def _add_month(source: Source, year: int, month: int) -> bool:
    if 1 <= month <= 12:
        source.months.add((year, month))
        return True
    return False


def check_date(value: str, source: Source) -> str | None:
    """The date as far as the source supports it: whole, cut to year-month or year, or None."""
    match = _ISO_VALUE_RE.fullmatch(value.strip())
    if match is None:
        return value if source.has(value) else None
    year, month, day = (int(part) if part else 0 for part in match.groups())
    if year not in source.years:
        return None
    if not month:
        return f"{year}"
    if (year, month) not in source.months:
        return f"{year}"
    if day and (year, month, day) not in source.days:
        return f"{year}-{month:02d}"
    return value.strip()


def check_url(value: str, source: Source) -> bool:
    core = _url_core(value)
    return bool(core) and _occurs(core, source.text, allow_after="/")


def check_phone(value: str, source: Source) -> bool:
    """By digits; a country code written in one and a trunk 0 in the other ("+49 176…" / "0176…") still match."""
    digits = _digits(value)
    if len(digits) < 6:
        return source.has(value)
    for found in source.phones:
        a, b = digits.lstrip("0"), found.lstrip("0")
        if a == b or (min(len(a), len(b)) >= 7 and (a.endswith(b) or b.endswith(a))):
            return True
    return False


def check_words(value: str, source: Source) -> bool:
    """Every word of the value is in the source (a skill's level: "Expert", "advanced (C1)")."""
    words = [w for w in re.findall(r"\w+", normalise(value)) if len(w) > 1 or w.isdigit()]
    return bool(words) and all(_occurs(w, source.text) for w in words)


def check_text(value: str, source: Source) -> bool:
    """The text occurs in the source; a long text may also be found line by line or sentence by sentence
    (a summary broken by a page footer)."""
    if source.has(value):
        return True
    pieces = [p for p in re.split(r"\n+|(?<=[.!?;])\s+", value) if normalise(p)]
    return len(pieces) > 1 and all(source.has(p) for p in pieces)


def _network_ok(network: str, url: str | None, source: Source) -> bool:
    """A network named by the kept link's host ("LinkedIn" for linkedin.com/in/…) or written in the source."""
    if source.has(network):
        return True
    if not url:
        return False
    host = urlsplit(url if "://" in url else "https://" + url).hostname or ""
    name = re.sub(r"\W", "", normalise(network))
    return bool(name) and name in host.replace(".", "").replace("-", "")


@dataclass
class _Walk:
    source: Source
    dropped: list[str] = field(default_factory=list)

    def report(self, label: str, value: str, why: str = "not in your CV") -> None:
        shown = " ".join(value.split())
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        self.dropped.append(f"{label}: '{shown}' ({why})")

    def leaf(self, key: str, value: str, label: str, entry: dict[str, Any]) -> str | None:
        source = self.source
        if not value.strip():
            return None
        if key in DATE_KEYS:
            kept = check_date(value, source)
            if kept is None:
                self.report(label, value)
            elif kept != value.strip():
                self.report(label, value, f"only {kept} is in your CV")
            return kept
        if key == "network":
            ok = _network_ok(value, entry.get("url") if isinstance(entry.get("url"), str) else None, source)
        elif key == "countryCode":
            ok = bool(_CODE_RE.fullmatch(value.strip())) and re.search(rf"\b{value.strip()}\b", source.raw) is not None
        elif key in URL_KEYS or key == "email":
            ok = check_url(value, source)
        elif key == "phone":
            ok = check_phone(value, source)
        elif key == "level":
            ok = check_words(value, source)
        elif key == "username":
            url = entry.get("url")
            ok = check_text(value, source) or (isinstance(url, str) and normalise(value) in normalise(url))
        else:
            ok = check_text(value, source)
        if not ok:
            self.report(label, value)
            return None
        return value

    def entry(self, value: dict[str, Any], label: str, section: str | None) -> dict[str, Any] | None:
        """An object's values checked; an entry whose identifying values are all gone goes away whole."""
        before = len(self.dropped)
        kept: dict[str, Any] = {}
        # Links first: a profile's network is judged by whether its link stays.
        for key in sorted(value, key=lambda k: k not in URL_KEYS):
            checked = self.value(key, value[key], key if label == "basics" else label, kept)
            if checked is not None:
                kept[key] = checked
        identity = IDENTITY.get(section or "")
        gone = not kept or (identity is not None and not any(k in kept for k in identity) and _has_any(value, identity))
        if gone and section is not None:
            del self.dropped[before:]
            named = [_text_of(value.get(k)) for k in identity or ()]
            title = ", ".join(t for t in named if t) or ", ".join(t for t in map(_text_of, value.values()) if t)
            if title:
                self.report(label, title)
            return None
        return {k: kept[k] for k in value if k in kept} or None

    def value(self, key: str, value: Any, label: str, entry: dict[str, Any]) -> Any:
        if isinstance(value, str):
            return self.leaf(key, value, label, entry)
        if isinstance(value, list):
            items = (
                self.entry(item, label, key) if isinstance(item, dict) else self.value(key, item, label, entry)
                for item in value
            )
            kept = [item for item in items if item is not None]
            return kept or None
        if isinstance(value, dict):
            return self.entry(value, label, None)
        return value  # numbers and booleans are not text to find


def _has_any(value: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return any(_text_of(value.get(k)) for k in keys)


def _text_of(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return ", ".join(v.strip() for v in value if isinstance(v, str) and v.strip())
    return ""


def verify_against_source(document: dict[str, Any], source_text: str) -> tuple[dict[str, Any], list[str]]:
    """The document with only the values the source text holds, and each dropped one described for the person
    ("work: 'Google' (not in your CV)"). An entry left without what identifies it goes away whole."""
    walk = _Walk(prepare_source(source_text))
    kept: dict[str, Any] = {}
    for key, value in document.items():
        if key in UNCHECKED:
            kept[key] = value
            continue
        checked = walk.value(key, value, key, document)
        if checked is not None:
            kept[key] = checked
    return kept, walk.dropped
