"""Section headings as CVs write them, in the five CV languages: our own (app/cv/sections.py) and recruiters'.

`heading_key("Berufserfahrung:")` -> "work"; letter-spaced caps ("E X P E R I E N C E"), markdown marks
("## Skills", "**Skills**"), numbering ("1. Education") and a trailing colon are tolerated.
"""

from __future__ import annotations

import re

from app.cv.sections import SECTIONS
from app.render.i18n import LANGUAGES

_SYNONYMS: dict[str, str] = {
    "summary": "summary | profile | professional summary | career summary | about me | about | objective | "
    "career objective | personal profile | executive summary | profil | über mich | kurzprofil | zusammenfassung | "
    "profil professionnel | à propos | a propos | perfil | perfil profesional | resumen | sobre mí | "
    "acerca de mí | про мене | профіль | коротко про мене | мета",
    "contact": "contact | contacts | contact details | contact information | contact info | personal details | "
    "personal information | personal data | details | kontakt | kontaktdaten | persönliche daten | coordonnées | "
    "informations personnelles | contacto | datos personales | datos de contacto | контакти | контактна інформація | "
    "особисті дані",
    "work": "experience | work experience | professional experience | employment | employment history | "
    "work history | career | career history | relevant experience | professional background | berufserfahrung | "
    "beruflicher werdegang | berufliche erfahrung | berufspraxis | werdegang | erfahrung | praxiserfahrung | "
    "expérience | expériences | expérience professionnelle | expériences professionnelles | "
    "parcours professionnel | parcours | experiencia | experiencia laboral | experiencia profesional | "
    "trayectoria profesional | досвід роботи | досвід | професійний досвід | трудова діяльність | місця роботи",
    "education": "education | education and training | academic background | academic history | studies | "
    "qualifications | ausbildung | studium | bildung | bildungsweg | schulbildung | akademischer werdegang | "
    "formation | formations | études | parcours académique | formación | formación académica | educación | "
    "estudios | освіта | навчання",
    "skills": "skills | top skills | technical skills | core competencies | competencies | key skills | core skills | "
    "skills and tools | "
    "tools | technologies | tech stack | expertise | areas of expertise | hard skills | soft skills | "
    "it skills | computer skills | skills & tools | kenntnisse | fähigkeiten | fachkenntnisse | kompetenzen | "
    "it-kenntnisse | edv-kenntnisse | fähigkeiten und kenntnisse | compétences | compétences techniques | "
    "compétences clés | savoir-faire | outils | habilidades | competencias | conocimientos | aptitudes | "
    "навички | вміння | "
    "технічні навички | професійні навички | ключові навички | компетенції",
    "languages": "languages | language skills | sprachen | sprachkenntnisse | langues | compétences linguistiques | "
    "idiomas | lenguas | мови | знання мов | володіння мовами",
    "projects": "projects | personal projects | selected projects | side projects | open source | projekte | "
    "projets | projets personnels | proyectos | проєкти | проекти",
    "certificates": "certificates | certifications | certificates and licenses | licenses and certifications | "
    "licenses & certifications | courses and certifications | zertifikate | zertifizierungen | "
    "training | courses | weiterbildung | fortbildungen | kurse | certificats | certifications professionnelles | "
    "certificados | "
    "certificaciones | cursos | сертифікати | сертифікація | курси",
    "awards": "awards | honors | honours | honors-awards | awards and honors | honors and awards | achievements | "
    "auszeichnungen | preise | distinctions | prix | récompenses | premios | reconocimientos | "
    "logros | нагороди | досягнення",
    "publications": "publications | papers | selected publications | publikationen | veröffentlichungen | "
    "publicaciones | публікації",
    "volunteer": "volunteering | volunteer | volunteer experience | volunteer work | community | "
    "community involvement | ehrenamt | ehrenamtliches engagement | engagement | bénévolat | "
    "engagement associatif | voluntariado | волонтерство | волонтерська діяльність",
    "interests": "interests | hobbies | hobbies and interests | interests and hobbies | interessen | hobbys | "
    "freizeit | centres d'intérêt | centres d’intérêt | loisirs | intérêts | intereses | aficiones | pasatiempos | "
    "інтереси | хобі | захоплення",
    "references": "references | referees | referenzen | empfehlungen | références | referencias | "
    "рекомендації | рекомендації",
}

HEADINGS: dict[str, str] = {}
for _key, _names in _SYNONYMS.items():
    for _name in _names.split("|"):
        HEADINGS[_name.strip()] = _key
for _spec in SECTIONS.values():
    for _heading in _spec.headings.values():
        HEADINGS.setdefault(_heading.lower(), _spec.key)
for _language in LANGUAGES.values():
    HEADINGS.setdefault(_language.summary.lower(), "summary")

_MARKS = re.compile(r"^[#*_=\s>|\d.)•▪■►-]+|[#*_=:：\s|-]+$")
_SPACED = re.compile(r"^(?:\w[ \u00a0]){2,}\w$")


def normalise(text: str) -> str:
    """'**E X P E R I E N C E:**' -> 'experience'; '## Work & Education' -> 'work and education'."""
    text = text.strip()
    if _SPACED.match(text.replace("  ", " ")):
        text = " ".join(w.replace(" ", "") for w in re.split(r"\s{2,}", text))
    text = _MARKS.sub("", text).replace("&", "and").replace("’", "'")
    return re.sub(r"\s+", " ", text).lower()


def heading_key(text: str) -> str | None:
    """The section a line names when it is nothing but a heading, else None."""
    if len(text) > 60:
        return None
    name = normalise(text)
    return HEADINGS.get(name) or HEADINGS.get(name.replace(" and ", " & "))


# Words that name a section on their own and still do inside a longer heading ("Core Skills", "Academic
# Education", "Selected Side Projects"); words too common to say so alone ("About", "Career") are left out.
_HEAD_WORDS = {
    name: key
    for name, key in HEADINGS.items()
    if " " not in name
    and name not in {"about", "career", "community", "engagement", "details", "tools", "technologies", "training",
                     "courses", "prix", "preise", "parcours", "мета", "objective", "expertise", "papers", "formation"}
}  # fmt: skip
_SKILL_GROUP = re.compile(r"programming|coding|scripting|query|markup|programmier|programaci|programmation|програмув")


def heading_guess(text: str) -> str | None:
    """The section a short heading names by one of its words ('Core Skills' -> 'skills'), for a line that looks
    like the document's headings; 'Programming Languages' is a skill group, not the languages section."""
    if len(text) > 40:
        return None
    words = re.findall(r"[^\W\d_][\w'’-]*", normalise(text))
    if not 2 <= len(words) <= 4 or len(words) != len(normalise(text).split()):
        return None
    keys = [_HEAD_WORDS[w] for w in (words[0], words[-1]) if w in _HEAD_WORDS]  # the head noun, first or last
    if not keys or (keys[0] == "languages" and _SKILL_GROUP.search(normalise(text))):
        return None
    return keys[0]


_INLINE = re.compile(r"^\s*([^\W\d][\w '’&-]{1,40}?)\s*[:：]\s+(\S.*)$")


def inline_heading(text: str) -> tuple[str, str] | None:
    """'Skills: Python, Go' -> ('skills', 'Python, Go'): a heading and its content on one line."""
    match = _INLINE.match(text)
    if not match:
        return None
    key = HEADINGS.get(normalise(match.group(1)))
    return (key, match.group(2).strip()) if key else None
