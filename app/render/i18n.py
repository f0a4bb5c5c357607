"""Dates and words in the CV's language: en, de, fr, es, uk (app/cv/sections.py CV_LANGUAGES).

Each section's heading in these languages is declared with the section (app/cv/sections.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    summary: str  # the summary's heading; each section's heading is in its spec (app/cv/sections.py)
    months: tuple[str, ...]
    present: str
    courses: str
    grade: str


def _language(code: str, name: str, summary: str, months: str, present: str, courses: str, grade: str) -> Language:
    return Language(code, name, summary, tuple(months.split()), present, courses, grade)


LANGUAGES: dict[str, Language] = {
    "en": _language(
        "en", "English", "Summary",
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", "Present", "Courses", "Grade",
    ),
    "de": _language(
        "de", "Deutsch", "Profil",
        "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.", "heute", "Kurse", "Note",
    ),
    "fr": _language(
        "fr", "Français", "Profil",
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.", "aujourd'hui", "Cours", "Mention",
    ),
    "es": _language(
        "es", "Español", "Perfil",
        "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.", "actualidad", "Cursos", "Nota",
    ),
    "uk": _language(
        "uk", "Українська", "Профіль",
        "січ. лют. берез. квіт. трав. черв. лип. серп. верес. жовт. листоп. груд.", "дотепер", "Курси", "Оцінка",
    ),
}  # fmt: skip


def format_date(value: str | None, language: Language) -> str:
    """'2021-03' -> 'Mar 2021' / 'März 2021'; None -> 'Present' / 'heute'."""
    if not value:
        return language.present
    parts = value.split("-")
    if len(parts) >= 2:
        return f"{language.months[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def format_period(start: str | None, end: str | None, language: Language, ongoing: bool = True) -> str:
    """'Mar 2021 – Present'. Without an end, an entry is ongoing only where that makes sense (jobs)."""
    if not start and not end:
        return ""
    if not start:
        return format_date(end, language)
    if not end and not ongoing:
        return format_date(start, language)
    return f"{format_date(start, language)} – {format_date(end, language)}"
