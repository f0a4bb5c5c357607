"""Lenient reading of what people type ("march 2021, still there", "+48600123456") into CV values."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.cv.model import check_email

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PRESENT_WORDS = re.compile(
    r"\b(present|now|current(ly)?|still( there| here| working)?|ongoing|today|till now|to date)\b", re.I
)
_MONTH_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_TOKEN = re.compile(
    rf"(?P<iso>\b(?:19|20)\d\d-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?\b)"
    rf"|(?P<mname>\b(?:{_MONTH_NAME})\.?)\s*,?\s*(?P<myear>(?:19|20)\d\d|'\d\d)\b"
    rf"|(?P<num>\b(?:0?[1-9]|1[0-2]))\s*[/.]\s*(?P<nyear>(?:19|20)\d\d)\b"
    rf"|(?P<year>\b(?:19|20)\d\d\b)",
    re.I,
)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w@])\+?\(?\d[\d\s().-]{5,}\d")
# An extension after the number: "ext. 123", "extension 123", "x123", "#123".
_EXTENSION = re.compile(r"\s*,?\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\b", re.I)
_EXTENSION_AT_END = re.compile(r"\s*,?\s*(?:ext\.?|extension|x|#)\s*(\d{1,6})\s*$", re.I)


@dataclass(frozen=True)
class Period:
    start: str | None
    end: str | None
    current: bool


def _token_to_iso(match: re.Match[str]) -> str:
    if match.group("iso"):
        parts = match.group("iso").split("-")
        return "-".join([parts[0], *(p.zfill(2) for p in parts[1:])])
    if match.group("mname"):
        month = MONTHS[match.group("mname").rstrip(".").lower()]
        year = match.group("myear")
        year = ("20" + year[1:]) if year.startswith("'") else year
        return f"{year}-{month:02d}"
    if match.group("num"):
        return f"{match.group('nyear')}-{int(match.group('num')):02d}"
    return match.group("year")


def parse_date(text: str) -> str | None:
    """The first date in `text` as YYYY, YYYY-MM or YYYY-MM-DD ('march 2021' -> '2021-03')."""
    match = _DATE_TOKEN.search(text)
    return _token_to_iso(match) if match else None


def parse_period(text: str) -> Period:
    """'march 2021, still there' -> 2021-03..present; '2017 - 2021' -> 2017..2021."""
    dates = [_token_to_iso(m) for m in _DATE_TOKEN.finditer(text)]
    current = bool(PRESENT_WORDS.search(text))
    start = dates[0] if dates else None
    end = None if current or len(dates) < 2 else dates[1]
    return Period(start=start, end=end, current=current or (start is not None and end is None))


_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*/\s*((?:19|20)\d\d)\b")
_ISO_LIKE = re.compile(r"\b((?:19|20)\d\d)-(\d{1,2})(?:-(\d{1,2}))?\b")


def invalid_date_problem(text: str) -> str | None:
    """Why a date typed as YYYY-MM(-DD) cannot be right ('2021-13': the month must be 01 to 12), else None."""
    from app.cv.model import check_iso_date

    for match in _MONTH_YEAR.finditer(text):
        if not 1 <= int(match.group(1)) <= 12:
            return f"{match.group(0)}: the month must be 1 to 12."
    for match in _ISO_LIKE.finditer(text):
        year, month, day = match.groups()
        value = "-".join([year, month.zfill(2), *([day.zfill(2)] if day else [])])
        try:
            check_iso_date(value)
        except ValueError as exc:
            hint = "the month must be 01 to 12" if str(exc) == "iso_date_month" else "that day does not exist"
            return f"{match.group(0)}: {hint}."
    return None


def format_date(value: str | None) -> str:
    """'2021-03' -> 'Mar 2021'; '2021' -> '2021'; None -> 'Present'."""
    if not value:
        return "Present"
    parts = value.split("-")
    if len(parts) >= 2:
        return f"{MONTH_ABBR[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def format_period(start: str | None, end: str | None) -> str:
    if not start and not end:
        return ""
    if not start:
        return format_date(end)
    return f"{format_date(start)} – {format_date(end)}"


def find_email(text: str) -> str | None:
    for candidate in _EMAIL.findall(text):
        try:
            return check_email(candidate.rstrip("."))
        except ValueError:
            continue
    return None


def normalize_phone(raw: str) -> str:
    """International numbers in the standard spaced form (+48 600 123 456); others tidied as typed.
    An extension is kept in one form whatever the country: '+44 20 7946 0958 ext. 123'."""
    extension = _EXTENSION_AT_END.search(raw)
    if extension:
        return f"{normalize_phone(raw[: extension.start()])} ext. {extension.group(1)}"
    import phonenumbers

    cleaned = re.sub(r"\s+", " ", raw.strip())
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    if cleaned.startswith("+"):
        try:
            number = phonenumbers.parse(cleaned, None)
        except phonenumbers.NumberParseException:
            return cleaned
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return cleaned


def find_phone(text: str) -> str | None:
    """The first phone number in `text`, in its standard form, with its extension ('… ext. 123') if typed."""
    without_emails = _EMAIL.sub(" ", text)
    for match in _PHONE.finditer(without_emails):
        candidate = match.group(0)
        digits = re.sub(r"\D", "", candidate)
        if re.fullmatch(r"((19|20)\d\d)\s*[-–/.]?\s*((19|20)\d\d)", candidate.strip()):
            continue  # "2010 - 2015" is a period, not a phone number
        if 7 <= len(digits) <= 15 and not re.fullmatch(r"(19|20)\d\d", digits):
            extension = _EXTENSION.match(without_emails, match.end())
            return normalize_phone(candidate + (extension.group(0) if extension else ""))
    return None


def ordinal_index(text: str) -> int | None:
    """'the second job' -> 1; 'job 3' -> 2; 'last' -> -1 (0-based, -1 meaning the last one)."""
    words = {
        "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
        "fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "seventh": 6, "eighth": 7, "ninth": 8, "tenth": 9,
    }  # fmt: skip
    lowered = text.lower()
    if re.search(r"\b(last|latest one)\b", lowered):
        return -1
    for word, index in words.items():
        if re.search(rf"\b{word}\b", lowered):
            return index
    number = re.search(r"(?:#|\bno\.?\s*|\bnumber\s*|\b)(\d{1,2})\b", lowered)
    if number and int(number.group(1)) >= 1:
        return int(number.group(1)) - 1
    return None
