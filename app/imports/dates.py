"""Dates and periods as CVs print them, in the five CV languages (en, de, fr, es, uk).

Builds on app/cv/parse.py (English month names, ISO output) with the month names, "present" words and
"since" words of German, French, Spanish and Ukrainian (genitive forms included: "з березня 2021"),
numeric months ("03/2021", "03.2021") and full numeric dates, read day-first ("03/04/2021" is 3 April
and flagged as ambiguous so the person can confirm it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.cv.parse import MONTHS as _EN_MONTHS

_NAMES = {
    1: "januar jänner jaenner janvier janv enero ene січень січня січ",
    2: "februar feber février fevrier févr fevr fév fev febrero лютий лютого лют",
    3: "märz maerz marz mrz mär mars marzo березень березня берез бер",
    4: "avril avr abril abr квітень квітня квіт кві",
    5: "mai mayo травень травня трав тра",
    6: "juni juin junio червень червня черв чер",
    7: "juli juillet juil julio липень липня лип",
    8: "august août aout agosto ago серпень серпня серп сер",
    9: "september septembre septiembre setiembre sept sep set вересень вересня верес вер",
    10: "oktober okt octobre octubre жовтень жовтня жовт жов",
    11: "november novembre noviembre листопад листопада листоп лис",
    12: "dezember dez décembre decembre déc diciembre dic грудень грудня груд гру",
}
MONTHS: dict[str, int] = {**_EN_MONTHS, **{name: month for month, names in _NAMES.items() for name in names.split()}}
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"

PRESENT = (
    r"present|now|current(?:ly)?|ongoing|today|to date|till now|"
    r"(?:bis )?heute|jetzt|aktuell|derzeit|laufend|"
    r"aujourd['’]hui|(?:à )?ce jour|présent|en cours|actuellement|"
    r"(?:la )?actualidad|actual|actualmente|presente|hoy|la fecha|"
    r"дотепер|(?:по )?теперішній час|поточний(?: час)?|тепер|сьогодні|зараз|наразі|теперішнього часу"
)
_SINCE = r"since|seit|depuis|desde|з|із|від"
_TO = r"[-–—−‐‒]+|to|until|till|bis|à|au|a|hasta|до|по"

# One date: ISO, day.month.year, month/year, "März 2021" / "marzo de 2021" / "березня 2021 р.", a year.
_DATE = (
    rf"(?:(?P<{{p}}iso>{_YEAR}-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?)(?![\d-])"
    rf"|(?P<{{p}}d>[0-3]?\d)[./](?P<{{p}}dm>[01]?\d)[./](?P<{{p}}dy>{_YEAR})"
    rf"|(?P<{{p}}nm>[01]?\d)\s?[./]\s?(?P<{{p}}ny>{_YEAR})"
    rf"|(?P<{{p}}mn>{_MONTH})\.?,?\s*(?:de\s+|del\s+)?(?P<{{p}}my>{_YEAR}|['’]\d\d)(?:\s*р\.?(?!\w))?"
    rf"|(?P<{{p}}y>{_YEAR}))"
)
_PERIOD = re.compile(
    rf"(?<![\w/.-])(?:(?P<since>{_SINCE})\s+)?"
    + _DATE.format(p="a")
    + rf"(?:\s*(?:{_TO})\s*(?:(?P<present>{PRESENT})|"
    + _DATE.format(p="b")
    + r"))?(?![\w/])",
    re.I,
)
_DURATION = re.compile(
    r"\s*[·(,|]?\s*\d+\+?\s*(?:yrs?|years?|mos?|months?|jahre?n?|monate?n?|ans?|mois|años?|meses|"
    r"р\.?|років|роки|міс\.?)\b(?:\s*\d+\s*(?:mos?|months?|monate?n?|mois|meses|міс\.?))?\)?",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """A period found in a line: ISO start and end, whether it runs to the present, where it sits."""

    start: str | None
    end: str | None
    current: bool
    span: tuple[int, int]
    ambiguous: bool = False  # a day-first numeric date such as 03/04/2021 that could be read month-first


def _iso(match: re.Match[str], p: str) -> tuple[str | None, bool]:
    """The date of one alternative group prefix `p` as YYYY / YYYY-MM; and whether it was ambiguous."""
    g = match.group
    if g(p + "iso"):
        parts = g(p + "iso").split("-")
        return "-".join([parts[0], *(x.zfill(2) for x in parts[1:])]), False
    if g(p + "dy"):
        day, month = int(g(p + "d")), int(g(p + "dm"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None, False
        slashed = "/" in match.string[match.start(p + "d") : match.end(p + "dy")]  # 03.04.2021 is day-first
        return f"{g(p + 'dy')}-{month:02d}-{day:02d}", slashed and day <= 12 and day != month
    if g(p + "ny"):
        month = int(g(p + "nm"))
        return (f"{g(p + 'ny')}-{month:02d}" if 1 <= month <= 12 else None), False
    if g(p + "mn"):
        month = MONTHS[g(p + "mn").lower()]
        year = g(p + "my")
        year = "20" + year[1:] if not year[0].isdigit() else year
        return f"{year}-{month:02d}", False
    if g(p + "y"):
        return g(p + "y"), False
    return None, False


def find_period(text: str) -> Found | None:
    """The first period in `text` ("Mar 2021 – Present", "seit März 2021", "2017 – 2021", "03/2021")."""
    for match in _PERIOD.finditer(text):
        start, ambiguous_a = _iso(match, "a")
        if start is None:
            continue
        end, ambiguous_b = _iso(match, "b")
        present = bool(match.group("present")) or bool(match.group("since"))
        if end is not None and end < start[: len(end)]:
            end = None  # an end before the start is no period: keep the start
        return Found(start, end, present, (match.start(), match.end()), ambiguous_a or ambiguous_b)
    return None


def strip_period(text: str, found: Found) -> str:
    """The line without its period (and a LinkedIn-style duration "· 3 yrs 2 mos" after it)."""
    before, after = text[: found.span[0]], text[found.span[1] :]
    after = _DURATION.sub("", after, count=1) if _DURATION.match(after) else after
    return (before.rstrip(" \t,·|–—-(") + " " + after.lstrip(" \t,·|–—-)")).strip()


def parse_date(text: str) -> str | None:
    """The first date in `text` as YYYY, YYYY-MM or YYYY-MM-DD (a period gives its start)."""
    found = find_period(text)
    return found.start if found else None
