"""CVs as HTML the way Chromium-based generators (Reactive Resume and the like) lay them out, to print to PDF.

Three layouts of our own, none of them ours in the product: one column; a light left sidebar (contacts behind
inline SVG icons, skills as tags); a dark left sidebar with the employer first, years only and icon-only
profile links. Dates, headings and "present" differ from our designs on purpose.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "uk": "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень",
}
PRESENT = {"en": "Present", "de": "heute", "fr": "aujourd'hui", "es": "actualidad", "uk": "дотепер"}
NOW = {"en": "now", "de": "jetzt", "fr": "en cours", "es": "presente", "uk": "тепер"}
SINCE = {"en": "Since", "de": "Seit", "fr": "Depuis", "es": "Desde", "uk": "З"}
_KEYS = ("summary", "work", "education", "skills", "languages", "certificates", "projects", "contact")
HEADINGS_A = {
    "en": "Profile|Work Experience|Education|Skills|Languages|Certifications|Projects|Contact",
    "de": "Über mich|Berufserfahrung|Ausbildung|Kenntnisse|Sprachen|Zertifikate|Projekte|Kontakt",
    "fr": "Profil|Expérience professionnelle|Formation|Compétences|Langues|Certifications|Projets|Contact",
    "es": "Sobre mí|Experiencia laboral|Educación|Habilidades|Idiomas|Certificaciones|Proyectos|Contacto",
    "uk": "Про мене|Досвід роботи|Освіта|Навички|Мови|Сертифікати|Проєкти|Контакти",
}
HEADINGS_B = {
    "en": "About Me|Employment History|Academic Background|Core Skills|Languages|Training|Side Projects|Details",
    "de": "Profil|Beruflicher Werdegang|Bildungsweg|Fähigkeiten|Sprachkenntnisse|Weiterbildung|Projekte|Kontakt",
    "fr": "À propos|Parcours professionnel|Études|Compétences clés|Langues|Formations|Projets|Coordonnées",
    "es": "Perfil|Trayectoria profesional|Formación académica|Aptitudes|Idiomas|Cursos|Proyectos|Contacto",
    "uk": "Профіль|Професійний досвід|Навчання|Ключові навички|Знання мов|Курси|Проєкти|Контакти",
}

# Inline SVG icons (no web fonts): envelope, phone, pin, globe, LinkedIn, GitHub.
_PATHS = {
    "email": "M2 4h20v16H2z M2 4l10 8 10-8",
    "phone": "M5 2h5l2 5-3 2a11 11 0 0 0 6 6l2-3 5 2v5a2 2 0 0 1-2 2A19 19 0 0 1 3 4a2 2 0 0 1 2-2z",
    "location": "M12 22s7-7 7-12a7 7 0 0 0-14 0c0 5 7 12 7 12z M12 7a3 3 0 1 0 0 6 3 3 0 0 0 0-6z",
    "url": "M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z M2 12h20 M12 2c3 3 3 17 0 20 M12 2c-3 3-3 17 0 20",
    "linkedin": "M3 3h18v18H3z M7 10v7 M7 7v1 M11 17v-7 M11 13a3 3 0 0 1 6 0v4",
    "github": "M9 19c-4 1-4-2-6-3 M15 22v-4a3 3 0 0 0-1-3c3 0 6-1 6-6a5 5 0 0 0-1-3 5 5 0 0 0 0-3s-1 0-3 2a12 12 0 "
              "0 0-6 0C7 2 6 2 6 2a5 5 0 0 0 0 3 5 5 0 0 0-1 3c0 5 3 6 6 6a3 3 0 0 0-1 3v4",
}  # fmt: skip


def icon(name: str) -> str:
    path = _PATHS.get(name, _PATHS["url"])
    return (
        '<svg class="icon" viewBox="0 0 24 24" width="11" height="11" fill="none" stroke="currentColor" '
        f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="{path}"/></svg>'
    )


@cache
def photo_data_url(seed: str) -> str:
    """A small portrait-shaped PNG (a silhouette on a coloured ground), different for each CV."""
    from PIL import Image, ImageDraw

    value = sum(seed.encode())
    ground = (90 + value % 120, 110 + value * 7 % 100, 140 + value * 13 % 100)
    image = Image.new("RGB", (96, 120), ground)
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 18, 66, 58), fill=(235, 205, 180))
    draw.ellipse((14, 62, 82, 150), fill=(60, 60, 80))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@dataclass(frozen=True)
class Layout:
    """One of our HTML layouts. job_dates: "month" (the month and year printed) or "year" (years only)."""

    name: str
    template: str  # a file in templates/
    headings: dict[str, str]
    date_style: str  # "long": "March 2021"; "numeric": "03/2021"; "year": "2021"
    job_dates: str = "month"


def format_date(value: str | None, language: str, style: str) -> str:
    if not value:
        return ""
    match = re.match(r"(\d{4})(?:-(\d{2}))?", value)
    if not match:
        return value
    year, month = match.groups()
    if style == "year" or not month:
        return year
    if style == "numeric":
        return f"{month}/{year}"
    return f"{MONTHS[language].split()[int(month) - 1]} {year}"


def format_period(start: str | None, end: str | None, language: str, style: str, current: bool = True) -> str:
    first, last = format_date(start, language, style), format_date(end, language, style)
    if not last and current and first:
        if style == "year":
            return f"{SINCE[language]} {first}"
        return f"{first} – {(NOW if style == 'numeric' else PRESENT)[language]}"
    return " – ".join(p for p in (first, last) if p)


def _contacts(basics: dict[str, Any]) -> list[dict[str, str]]:
    items = []
    if basics.get("email"):
        items.append({"kind": "email", "text": basics["email"], "href": f"mailto:{basics['email']}"})
    if basics.get("phone"):
        items.append(
            {"kind": "phone", "text": basics["phone"], "href": "tel:" + re.sub(r"[^\d+]", "", basics["phone"])}
        )
    location = basics.get("location") or {}
    place = ", ".join(p for p in (location.get("city"), location.get("countryCode")) if p)
    if place:
        items.append({"kind": "location", "text": place, "href": ""})
    if basics.get("url"):
        items.append({"kind": "url", "text": re.sub(r"^https?://(www\.)?", "", basics["url"]), "href": basics["url"]})
    for profile in basics.get("profiles") or []:
        if profile.get("url"):
            network = (profile.get("network") or "").lower()
            text = profile.get("username") or re.sub(r"^https?://(www\.)?", "", profile["url"])
            items.append({"kind": network if network in _PATHS else "url", "text": text, "href": profile["url"]})
    return items


def view(document: dict[str, Any], language: str, layout: Layout, photo: str | None) -> dict[str, Any]:
    """What a template shows: texts already in the layout's own date and heading forms."""
    basics = document.get("basics") or {}
    job_style = "year" if layout.job_dates == "year" else layout.date_style
    jobs = [
        {**job, "period": format_period(job.get("startDate"), job.get("endDate"), language, job_style)}
        for job in document.get("work") or []
    ]
    schools = [
        {
            **school,
            "period": format_period(
                school.get("startDate"), school.get("endDate"), language, layout.date_style, current=False
            ),
        }  # fmt: skip
        for school in document.get("education") or []
    ]
    skills = document.get("skills") or []
    return {
        "lang": language,
        "basics": basics,
        "contacts": _contacts(basics),
        "photo": photo,
        "h": dict(zip(_KEYS, layout.headings[language].split("|"), strict=True)),
        "jobs": jobs,
        "schools": schools,
        "groups": [s for s in skills if s.get("keywords")],
        "flat": [s["name"] for s in skills if not s.get("keywords") and s.get("name")],
        "languages": document.get("languages") or [],
        "certificates": [
            {**c, "when": format_date(c.get("date"), language, layout.date_style)}
            for c in document.get("certificates") or []
        ],
        "projects": document.get("projects") or [],
        "icon": icon,
    }


@cache
def _environment() -> Any:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True), trim_blocks=True)


def render_html(document: dict[str, Any], language: str, layout: Layout, photo: str | None) -> str:
    return str(_environment().get_template(layout.template).render(**view(document, language, layout, photo)))


LAYOUTS: dict[str, Layout] = {
    "chromium-1col": Layout("chromium-1col", "one_column.html.j2", HEADINGS_A, "long"),
    "chromium-2col": Layout("chromium-2col", "sidebar.html.j2", HEADINGS_B, "numeric"),
    "chromium-2col-dark": Layout("chromium-2col-dark", "dark_sidebar.html.j2", HEADINGS_B, "year", job_dates="year"),
}
