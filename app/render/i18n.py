"""Section headings and dates in the CV's language: en, de, fr, es, uk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.cv.model import Resume


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    headings: dict[str, str]
    months: tuple[str, ...]
    present: str
    courses: str
    grade: str


_KEYS = (
    "summary", "work", "education", "skills", "languages", "projects", "volunteer", "awards",
    "certificates", "publications", "interests", "references",
)  # fmt: skip


def _language(code: str, name: str, headings: str, months: str, present: str, courses: str, grade: str) -> Language:
    titles = [h.strip() for h in headings.split("|")]
    assert len(titles) == len(_KEYS), code
    return Language(code, name, dict(zip(_KEYS, titles, strict=True)), tuple(months.split()), present, courses, grade)


LANGUAGES: dict[str, Language] = {
    "en": _language(
        "en", "English",
        "Summary|Experience|Education|Skills|Languages|Projects|Volunteering|Awards|Certificates|Publications|"
        "Interests|References",
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", "Present", "Courses", "Grade",
    ),
    "de": _language(
        "de", "Deutsch",
        "Profil|Berufserfahrung|Ausbildung|Kenntnisse|Sprachen|Projekte|Ehrenamt|Auszeichnungen|Zertifikate|"
        "Publikationen|Interessen|Referenzen",
        "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.", "heute", "Kurse", "Note",
    ),
    "fr": _language(
        "fr", "Français",
        "Profil|Expérience professionnelle|Formation|Compétences|Langues|Projets|Bénévolat|Distinctions|"
        "Certifications|Publications|Centres d'intérêt|Références",
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.", "aujourd'hui", "Cours", "Mention",
    ),
    "es": _language(
        "es", "Español",
        "Perfil|Experiencia profesional|Formación|Habilidades|Idiomas|Proyectos|Voluntariado|Premios|"
        "Certificaciones|Publicaciones|Intereses|Referencias",
        "ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.", "actualidad", "Cursos", "Nota",
    ),
    "uk": _language(
        "uk", "Українська",
        "Профіль|Досвід роботи|Освіта|Навички|Мови|Проєкти|Волонтерство|Нагороди|Сертифікати|Публікації|"
        "Інтереси|Рекомендації",
        "січ. лют. берез. квіт. трав. черв. лип. серп. верес. жовт. листоп. груд.", "дотепер", "Курси", "Оцінка",
    ),
}  # fmt: skip

_STOPWORDS = {
    "en": {"the", "and", "of", "with", "for", "to", "in", "led", "built", "team", "years"},
    "de": {"und", "der", "die", "das", "mit", "für", "von", "im", "eine", "ich", "jahre"},
    "fr": {"et", "le", "la", "les", "des", "pour", "avec", "dans", "une", "un", "ans"},
    "es": {"y", "el", "la", "los", "las", "de", "para", "con", "una", "en", "años"},
}


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


def detect_language(resume: Resume) -> str:
    """The language the CV is written in, from its own words (Cyrillic means Ukrainian); English by default."""
    text = " ".join(
        [resume.basics.summary or "" if resume.basics else ""]
        + [h for w in resume.work or [] for h in (w.highlights or [])]
        + [w.position or "" for w in resume.work or []]
    )
    if not text.strip():
        return "en"
    letters = [c for c in text if c.isalpha()]
    if letters and sum("\u0400" <= c <= "\u04ff" for c in letters) / len(letters) > 0.5:
        return "uk"
    words = re.findall(r"[^\W\d_]+", text.lower())
    scores = {code: sum(w in stop for w in words) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 2 else "en"
