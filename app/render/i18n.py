"""Section headings and dates in the CV's language: en, de, fr, es, uk."""

from __future__ import annotations

from dataclasses import dataclass


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
