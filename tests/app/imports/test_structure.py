"""Lines to a CV: rendered PDFs of every design, pasted CVs, and lines with the look a PDF page gives them."""

from __future__ import annotations

import json
import random
import re
import time
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from app.cv.model import Resume
from app.cv.validation import validate_document
from app.errors import InvalidInput
from app.imports.document import ImportResult, Line, ReadDocument
from app.imports.headings import heading_key, inline_heading
from app.imports.structure import build_resume
from app.imports.text import read_text
from app.render import render_cv
from app.render.designs import DESIGNS
from app.render.document import build_document

ROOT = Path(__file__).resolve().parents[3]
FULL = json.loads((ROOT / "tests/fixtures/full_resume.json").read_text(encoding="utf-8"))
DERIVED = {"startDate", "endDate", "date", "releaseDate", "network"}


def plain_lines(pdf: bytes) -> ReadDocument:
    """A throwaway reader for these tests: pdfium's plain text, one Line per text line, no look."""
    document = pdfium.PdfDocument(pdf)
    lines = [
        Line(text, page=i)
        for i in range(len(document))
        for text in document[i].get_textpage().get_text_range().split("\r\n")
    ]
    return ReadDocument("pdf", lines, len(document))


def _norm(text: str, value: bool = False) -> str:
    """Case, spacing, colons and slashes, icon glyphs aside; a value's link scheme too (stored as https://)."""
    text = text.lower()
    if value:
        text = re.sub(r"^(https?://(www\.)?|mailto:|tel:)", "", text)
    text = re.sub(r"[\ue000-\uf8ff]", " ", text)
    return re.sub(r"[\s:/]+", " ", text).strip()


def strings(value: Any, key: str = "") -> list[str]:
    if isinstance(value, str):
        return [] if key in DERIVED else [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v, key)]
    return []


def assert_nothing_invented(result: ImportResult, doc: ReadDocument) -> None:
    kept = [line.text for line in doc.lines if not re.fullmatch(r"[\s•●▪■◦‣–—*·|-]*|page \d+ of \d+", line.text, re.I)]
    raw = "\n".join(kept) + "\n" + "\n".join(doc.links)  # lines of nothing but glyphs, and page numbers, dropped
    raw += "\n" + "\n".join(link for line in doc.lines for link in line.links)
    raw = re.sub(r"(?m)^\s*(?:[•●▪■◦‣–—*·►✓-]|\d{1,2}[.)])\s+", "", raw)  # bullet glyphs between joined lines
    sources = (_norm(raw), _norm(raw.replace("-\n", "")), _norm(raw.replace("-\n", "-")))  # broken words joined
    for value in strings(result.document):
        for piece in value.split("\n"):  # paragraphs are joined by line breaks
            assert any(_norm(piece, value=True) in s for s in sources), f"{piece!r} is not in the source"
    validate_document(result.document)


def build(doc: ReadDocument) -> ImportResult:
    result = build_resume(doc)
    assert_nothing_invented(result, doc)
    return result


@pytest.fixture(scope="session")
def rendered() -> dict[str, ReadDocument]:
    """Every design once, each in another CV language (headings, months and "present" words differ)."""
    resume = Resume.model_validate(FULL)
    return {name: plain_lines(render_cv(resume, "pdf", template=name, language=DESIGN_LANGUAGE[name]).data)
            for name in DESIGNS}  # fmt: skip


DESIGN_LANGUAGE = {"classic": "en", "modern": "uk", "compact": "de", "academic": "fr"}


def test_every_design_is_rendered() -> None:
    assert set(DESIGN_LANGUAGE) == set(DESIGNS)


@pytest.mark.parametrize("name", list(DESIGNS))
def test_our_rendered_pdfs_round_trip(rendered: dict[str, ReadDocument], name: str) -> None:
    result = build(rendered[name])
    cv = result.document
    basics = FULL["basics"]
    assert (cv["basics"]["name"], cv["basics"]["email"], cv["basics"]["phone"]) == (
        basics["name"], basics["email"], basics["phone"],
    )  # fmt: skip
    assert cv["basics"]["location"] == {"city": "Warsaw", "region": "Mazovia", "countryCode": "PL"}
    assert {p["network"]: p["url"] for p in cv["basics"]["profiles"]} == {
        "LinkedIn": "https://linkedin.com/in/mariak", "GitHub": "https://github.com/mariak",
    }  # fmt: skip
    for got, want in zip(cv["work"], FULL["work"], strict=True):
        assert (got["name"], got["position"], got["startDate"]) == (want["name"], want["position"], want["startDate"])
        assert got.get("endDate") == ((want.get("endDate") or "")[:7] or None)
    assert [(e["institution"], e["area"], e["studyType"]) for e in cv["education"]] == [
        ("University of Warsaw", "Computer Science", "Master")
    ]
    assert cv["education"][0]["courses"] == ["Distributed Systems", "Databases"]
    assert cv["skills"] == [{"name": s["name"], "level": s["level"], "keywords": s["keywords"]} for s in FULL["skills"]]
    assert cv["languages"] == FULL["languages"]
    assert cv["volunteer"][0]["organization"] == "Code for Poland"
    assert cv["certificates"][0] == {k: v for k, v in FULL["certificates"][0].items()}
    assert cv["publications"][0]["publisher"] == "ACM Queue"
    assert cv["awards"][0]["title"] == "Engineer of the Year"
    assert cv["references"] == FULL["references"]
    assert cv["interests"] == FULL["interests"]
    assert result.unplaced == [] and result.uncertain == []


def test_builder_is_not_pathologically_slow_on_a_dense_two_page_cv(rendered: dict[str, ReadDocument]) -> None:
    """Twice the two-page fixture (denser than a full two-page CV) builds in well under 150 ms: a guard against a
    pathological slow-down (bench/import_speed.py measures the speed: about 20 ms); the best of a few runs, so that
    other work on the machine does not decide the result."""
    doc = rendered["classic"]
    dense = ReadDocument("pdf", doc.lines * 2, 4)
    timings = []
    for _ in range(7):
        start = time.perf_counter()
        build_resume(dense)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.150


PLAIN = """Here is my CV:

John Smith
Senior Data Analyst
john.smith@example.com | +1 (415) 555-0134 ext. 204 | San Francisco, CA
linkedin.com/in/johnsmith · github: jsmith

SUMMARY
Data analyst with eight years of experience turning messy data into decisions that
product teams act on. Known for clear dashboards and careful develop-
ment of metrics.

WORK EXPERIENCE
Senior Data Analyst at Acme Inc.
January 2019 to Present
• Built the revenue dashboard used by 40 managers
• Cut the weekly reporting time from two days to two hours by automating the
  extraction jobs in Airflow
• Trained 6 analysts

Northwind Traders | Data Analyst
Jun 2015 - Dec 2018
- Modelled churn for 2M customers
- Wrote the SQL style guide

EDUCATION
BSc in Statistics
University of California, Berkeley
2011 - 2015
GPA 3.8

TECHNICAL SKILLS
Languages: Python, SQL, R
Tools: Tableau, Airflow, dbt

LANGUAGES
English (native), Spanish — B2

CERTIFICATIONS
• Google Data Analytics Certificate, Google, 2020
• Tableau Desktop Specialist (2021)

HOBBIES
Chess · Running · Photography
"""


def test_a_plain_pasted_cv() -> None:
    doc = read_text(PLAIN)
    result = build(doc)
    cv = result.document
    basics = cv["basics"]
    assert basics["name"] == "John Smith" and basics["label"] == "Senior Data Analyst"
    assert basics["email"] == "john.smith@example.com"
    assert basics["phone"] == "+1 (415) 555-0134 ext. 204"
    assert basics["location"] == {"city": "San Francisco", "countryCode": "CA"}
    assert {"network": "GitHub", "username": "jsmith"} in basics["profiles"]
    assert {"network": "LinkedIn", "username": "johnsmith", "url": "https://linkedin.com/in/johnsmith"} in basics[
        "profiles"
    ]
    assert "decisions that product teams" in basics["summary"] and "development of metrics" in basics["summary"]
    first, second = cv["work"]
    assert (first["position"], first["name"], first["startDate"], first.get("endDate")) == (
        "Senior Data Analyst", "Acme Inc.", "2019-01", None,
    )  # fmt: skip
    assert first["highlights"][1] == (
        "Cut the weekly reporting time from two days to two hours by automating the extraction jobs in Airflow"
    )
    assert len(first["highlights"]) == 3
    assert (second["position"], second["name"], second["startDate"], second["endDate"]) == (
        "Data Analyst", "Northwind Traders", "2015-06", "2018-12",
    )  # fmt: skip
    assert second["highlights"] == ["Modelled churn for 2M customers", "Wrote the SQL style guide"]
    school = cv["education"][0]
    assert (school["studyType"], school["area"], school["institution"]) == (
        "BSc", "Statistics", "University of California, Berkeley",
    )  # fmt: skip
    assert (school["startDate"], school["endDate"], school["score"]) == ("2011", "2015", "GPA 3.8")
    assert cv["skills"] == [
        {"name": "Languages", "keywords": ["Python", "SQL", "R"]},
        {"name": "Tools", "keywords": ["Tableau", "Airflow", "dbt"]},
    ]
    assert cv["languages"] == [{"language": "English", "fluency": "native"}, {"language": "Spanish", "fluency": "B2"}]
    assert cv["certificates"] == [
        {"name": "Google Data Analytics Certificate", "issuer": "Google", "date": "2020"},
        {"name": "Tableau Desktop Specialist", "date": "2021"},
    ]
    assert cv["interests"] == [{"name": "Chess"}, {"name": "Running"}, {"name": "Photography"}]
    assert result.unplaced == []


MARKDOWN = """# Ana García
**Product Designer** · Madrid, ES · ana@example.es · [Portfolio](https://ana.example.es)

## Perfil
Diseñadora de producto con foco en sistemas de diseño.

## Experiencia laboral
**Diseñadora de producto — Cabify**
mar. 2020 – actualidad
* Lancé el sistema de diseño
* Reduje el tiempo de entrega un 30 %

**Diseñadora UX, Glovo**
sept. 2017 - feb. 2020

## Formación
Grado en Diseño, Universidad Politécnica de Madrid, 2013 - 2017

## Habilidades
Figma | Sketch | Design systems

## Idiomas
Español: nativo
Inglés: C1
"""


def test_a_markdown_cv_in_spanish() -> None:
    result = build(read_text(MARKDOWN))
    cv = result.document
    assert cv["basics"]["name"] == "Ana García" and cv["basics"]["label"] == "Product Designer"
    assert cv["basics"]["url"] == "https://ana.example.es" and cv["basics"]["email"] == "ana@example.es"
    assert cv["basics"]["location"] == {"city": "Madrid", "countryCode": "ES"}
    assert cv["basics"]["summary"].startswith("Diseñadora de producto")
    first, second = cv["work"]
    assert (first["position"], first["name"], first["startDate"]) == ("Diseñadora de producto", "Cabify", "2020-03")
    assert first["highlights"] == ["Lancé el sistema de diseño", "Reduje el tiempo de entrega un 30 %"]
    assert (second["position"], second["name"], second["endDate"]) == ("Diseñadora UX", "Glovo", "2020-02")
    school = cv["education"][0]
    assert (school["studyType"], school["area"], school["institution"]) == (
        "Grado", "Diseño", "Universidad Politécnica de Madrid",
    )  # fmt: skip
    assert [s["name"] for s in cv["skills"]] == ["Figma", "Sketch", "Design systems"]
    assert cv["languages"] == [{"language": "Español", "fluency": "nativo"}, {"language": "Inglés", "fluency": "C1"}]


LINKEDIN = """Experience
Senior Software Engineer
Zalando SE · Full-time
Jan 2020 - Present · 4 yrs 11 mos
Berlin, Germany
Leading the checkout team.

Software Engineer
Delivery Hero · Full-time
Mar 2017 - Dec 2019 · 2 yrs 10 mos
Berlin, Germany

Education
Technische Universität München
Master of Science - MS, Informatics
2014 - 2016

Skills
Kotlin
Spring Boot
PostgreSQL
"""


def test_a_linkedin_profile_copied_as_text() -> None:
    result = build(read_text(LINKEDIN))
    cv = result.document
    first, second = cv["work"]
    assert (first["position"], first["name"], first["startDate"], first["location"]) == (
        "Senior Software Engineer", "Zalando SE", "2020-01", "Berlin, Germany",
    )  # fmt: skip
    assert first["summary"] == "Leading the checkout team."
    assert (second["position"], second["name"], second["endDate"]) == ("Software Engineer", "Delivery Hero", "2019-12")
    school = cv["education"][0]
    assert school["institution"] == "Technische Universität München" and school["area"] == "Informatics"
    assert [s["name"] for s in cv["skills"]] == ["Kotlin", "Spring Boot", "PostgreSQL"]


GERMAN = """LEBENSLAUF
Jonas Becker
Softwareentwickler
Tel.: +49 30 1234567 · E-Mail: jonas.becker@example.de · 10115 Berlin, Deutschland

ÜBER MICH
Backend-Entwickler mit Schwerpunkt auf verteilten Systemen.

BERUFLICHER WERDEGANG
Softwareentwickler, Muster GmbH\tseit März 2021
• Entwicklung der Zahlungsschnittstelle
Werkstudent, Beispiel AG\t10.2018 – 02.2021

AUSBILDUNG
M.Sc. Informatik\t2016 – 2019
Technische Universität Berlin
Note: 1,3

KENNTNISSE
Programmiersprachen: Java, Kotlin, Python

SPRACHEN
Deutsch: Muttersprache · Englisch: C1
"""


def test_a_german_cv() -> None:
    result = build(read_text(GERMAN))
    cv = result.document
    assert cv["basics"]["name"] == "Jonas Becker" and cv["basics"]["label"] == "Softwareentwickler"
    assert cv["basics"]["phone"] == "+49 30 1234567" and cv["basics"]["email"] == "jonas.becker@example.de"
    assert cv["basics"]["location"] == {"postalCode": "10115", "city": "Berlin", "region": "Deutschland"}
    first, second = cv["work"]
    assert (first["position"], first["name"], first["startDate"], first.get("endDate")) == (
        "Softwareentwickler", "Muster GmbH", "2021-03", None,
    )  # fmt: skip
    assert first["highlights"] == ["Entwicklung der Zahlungsschnittstelle"]
    assert (second["position"], second["name"], second["startDate"], second["endDate"]) == (
        "Werkstudent", "Beispiel AG", "2018-10", "2021-02",
    )  # fmt: skip
    school = cv["education"][0]
    assert (school["studyType"], school["area"], school["institution"], school["score"]) == (
        "M.Sc.", "Informatik", "Technische Universität Berlin", "1,3",
    )  # fmt: skip
    assert cv["skills"] == [{"name": "Programmiersprachen", "keywords": ["Java", "Kotlin", "Python"]}]
    assert cv["languages"] == [
        {"language": "Deutsch", "fluency": "Muttersprache"}, {"language": "Englisch", "fluency": "C1"},
    ]  # fmt: skip


UKRAINIAN = """Олена Шевченко
Інженер з якості
Телефон: +380 67 123 4567
Email: olena@example.ua
Київ, Україна

ПРО МЕНЕ
Інженер з тестування з досвідом автоматизації.

ДОСВІД РОБОТИ
QA-інженер — ТОВ «Софтсерв»
з березня 2021 – дотепер
• Автоматизувала регресійні тести

Тестувальник, Епам
вересень 2018 – лютого 2021

ОСВІТА
Магістр, Комп'ютерні науки
Київський політехнічний інститут
2013 – 2018

НАВИЧКИ
Python · Selenium · Playwright

МОВИ
Українська — рідна, Англійська — B2
"""


def test_a_ukrainian_cv() -> None:
    result = build(read_text(UKRAINIAN))
    cv = result.document
    assert cv["basics"]["name"] == "Олена Шевченко" and cv["basics"]["label"] == "Інженер з якості"
    assert cv["basics"]["phone"] == "+380 67 123 4567" and cv["basics"]["email"] == "olena@example.ua"
    assert cv["basics"]["location"] == {"city": "Київ", "region": "Україна"}
    assert cv["basics"]["summary"] == "Інженер з тестування з досвідом автоматизації."
    first, second = cv["work"]
    assert (first["position"], first["name"], first["startDate"]) == ("QA-інженер", "ТОВ «Софтсерв»", "2021-03")
    assert (second["position"], second["name"], second["startDate"], second["endDate"]) == (
        "Тестувальник", "Епам", "2018-09", "2021-02",
    )  # fmt: skip
    school = cv["education"][0]
    assert (school["studyType"], school["area"], school["institution"]) == (
        "Магістр", "Комп'ютерні науки", "Київський політехнічний інститут",
    )  # fmt: skip
    assert [s["name"] for s in cv["skills"]] == ["Python", "Selenium", "Playwright"]
    assert cv["languages"] == [
        {"language": "Українська", "fluency": "рідна"}, {"language": "Англійська", "fluency": "B2"},
    ]  # fmt: skip


def _line(text: str, size: float = 10, bold: bool = False, gap: float = 0.0, **kw: Any) -> Line:
    return Line(text, size=size, bold=bold, gap_before=gap, x0=kw.pop("x0", 50.0), x1=kw.pop("x1", 300.0), **kw)


def test_lines_with_a_look_icons_and_an_unknown_heading() -> None:
    """A Typst/RenderCV-like page: company first in bold, role and date below, icons linking to profiles."""
    lines = [
        _line("Maria Kowalska", size=24, bold=True),
        _line("maria@example.com  |  +48 600 123 456  |  Warsaw, PL  |  in  |  gh",
              links=("mailto:maria@example.com", "https://www.linkedin.com/in/mariak/", "https://github.com/mariak")),
        _line("EXPERIENCE", size=12, bold=True, gap=1.0),
        _line("PayFlow GmbH\tBerlin, Germany", bold=True),
        _line("Staff Engineer\tMar 2021 – Present"),
        _line("• Designed the ledger service that settles 2.1M", x0=60, x1=545),
        _line("transactions a day", x0=68, x1=160),
        _line("• Cut p99 latency from 900 ms to 120 ms", x0=60),
        _line("SearchWorks\tWarsaw, PL", bold=True, gap=0.6),
        _line("Senior Backend Developer\t2017 – 2021"),
        _line("– Built the indexing pipeline in Go and Kafka", x0=60),
        _line("MOTORSPORT", size=12, bold=True, gap=1.0),
        _line("Rally co-driver in the national championship"),
        _line("SKILLS", size=12, bold=True, gap=1.0),
        _line("Backend", bold=True),
        _line("Python, Go, PostgreSQL"),
    ]  # fmt: skip
    doc = ReadDocument("pdf", lines, 1, 10.0, ["https://github.com/mariak"])
    result = build(doc)
    cv = result.document
    assert cv["basics"]["name"] == "Maria Kowalska" and cv["basics"]["email"] == "maria@example.com"
    assert {p["network"] for p in cv["basics"]["profiles"]} == {"LinkedIn", "GitHub"}
    first, second = cv["work"]
    assert (first["name"], first["position"], first["location"]) == (
        "PayFlow GmbH",
        "Staff Engineer",
        "Berlin, Germany",
    )
    assert first["highlights"] == [
        "Designed the ledger service that settles 2.1M transactions a day", "Cut p99 latency from 900 ms to 120 ms",
    ]  # fmt: skip
    assert (second["name"], second["position"], second["startDate"], second["endDate"]) == (
        "SearchWorks", "Senior Backend Developer", "2017", "2021",
    )  # fmt: skip
    assert second["highlights"] == ["Built the indexing pipeline in Go and Kafka"]
    assert cv["skills"] == [{"name": "Backend", "keywords": ["Python", "Go", "PostgreSQL"]}]
    assert "MOTORSPORT" in result.unplaced and "Rally co-driver in the national championship" in result.unplaced
    assert any(u.value == "MOTORSPORT" for u in result.uncertain)


def test_a_sidebar_read_first_gives_contacts_and_skills() -> None:
    side = [
        ("CONTACT", True, 11), ("anna.lee@example.com", False, 9), ("+44 20 7946 0958", False, 9),
        ("London, UK", False, 9), ("linkedin.com/in/annalee", False, 9), ("SKILLS", True, 11),
        ("• Python", False, 9), ("• Machine learning", False, 9), ("LANGUAGES", True, 11),
        ("English — native", False, 9),
    ]  # fmt: skip
    main = [
        ("Anna Lee", True, 26), ("Data Scientist", False, 13), ("PROFILE", True, 11),
        ("Data scientist who ships models to production. I have led", False, 9),
        ("teams of up to five people since 2019.", False, 9), ("EXPERIENCE", True, 11),
        ("Lead Data Scientist", True, 9), ("Monzo Bank Ltd | London", False, 9), ("04/2020 – Present", False, 9),
        ("• Built the fraud model that cut losses by 25% in 2021", False, 9), ("Data Scientist", True, 9),
        ("Ocado Group", False, 9), ("09/2016 – 03/2020", False, 9),
    ]  # fmt: skip
    lines = [Line(t, column=0, bold=b, size=s) for t, b, s in side] + [
        Line(t, column=1, bold=b, size=s) for t, b, s in main
    ]
    result = build(ReadDocument("pdf", lines, 1, 9.0))
    cv = result.document
    assert (cv["basics"]["name"], cv["basics"]["label"]) == ("Anna Lee", "Data Scientist")
    assert cv["basics"]["summary"].endswith("I have led teams of up to five people since 2019.")
    assert cv["basics"]["location"] == {"city": "London", "countryCode": "UK"}
    assert [s["name"] for s in cv["skills"]] == ["Python", "Machine learning"]
    assert cv["languages"] == [{"language": "English", "fluency": "native"}]
    first, second = cv["work"]
    assert (first["position"], first["name"], first["location"], first["startDate"]) == (
        "Lead Data Scientist", "Monzo Bank Ltd", "London", "2020-04",
    )  # fmt: skip
    assert first["highlights"] == ["Built the fraud model that cut losses by 25% in 2021"]
    assert (second["position"], second["name"], second["endDate"]) == ("Data Scientist", "Ocado Group", "2020-03")
    assert result.unplaced == []


def test_an_unsure_order_and_an_ambiguous_date_are_asked_about() -> None:
    doc = read_text("Maria Kowalska\n\nExperience\nBlue Harbour\nOrange Field\n03/04/2021 - 2022\n")
    result = build(doc)
    job = result.document["work"][0]
    assert (job["position"], job["name"], job["startDate"]) == ("Blue Harbour", "Orange Field", "2021-04-03")
    paths = {u.path for u in result.uncertain}
    assert {"work.0.position", "work.0.startDate"} <= paths


def test_a_bad_email_or_link_never_fails_the_import() -> None:
    doc = read_text("Maria Kowalska\nmaria@@example · http://exa mple\n\nSkills\nPython\n")
    result = build(doc)
    assert "email" not in result.document["basics"]
    assert result.document["skills"] == [{"name": "Python"}]
    assert result.unplaced


def test_an_empty_document_is_refused() -> None:
    with pytest.raises(InvalidInput, match="No text"):
        build_resume(ReadDocument("pdf", [Line("  ")], 1))


ICONS_AND_SPACED = (
    "Tomás Ruiz\n"
    "\uf3c5 Valencia, ES \uf0e0 tomas@example.es \uf095 +34 612 345 678 \uf08c linkedin.com/in/truiz\n"
    "\n"
    "E X P E R I E N C E\n"
    "01/09/2020 – CURRENT\n"
    "Backend Developer\n"
    "Ferrovial S.A. – Madrid, ES\n"
    "1. Moved billing to event sourcing\n"
    "2. Kept the p99 under 200 ms\n"
    "\n"
    "S K I L L S\n"
    "Python\tExpert\n"
    "Docker\tAdvanced\n"
)


def test_icon_glyphs_letter_spaced_headings_numbered_bullets_and_europass_dates() -> None:
    result = build(read_text(ICONS_AND_SPACED))
    cv = result.document
    assert cv["basics"]["name"] == "Tomás Ruiz" and cv["basics"]["phone"] == "+34 612 345 678"
    assert cv["basics"]["location"] == {"city": "Valencia", "countryCode": "ES"}
    assert cv["basics"]["profiles"][0]["username"] == "truiz"
    job = cv["work"][0]
    assert (job["position"], job["name"], job["startDate"], job.get("endDate")) == (
        "Backend Developer", "Ferrovial S.A.", "2020-09-01", None,
    )  # fmt: skip
    assert job["location"] == "Madrid, ES"
    assert job["highlights"] == ["Moved billing to event sourcing", "Kept the p99 under 200 ms"]
    assert cv["skills"] == [{"name": "Python", "level": "Expert"}, {"name": "Docker", "level": "Advanced"}]
    assert [u.path for u in result.uncertain] == ["work.0.startDate"]  # 01/09/2020 reads two ways: asked


def test_shuffled_cv_lines_never_fail_the_import_nor_invent_a_value() -> None:
    """Lines of the CVs above in random order and looks, with broken pieces: always a valid CV of source text."""
    pool = [ln for cv in (PLAIN, MARKDOWN, LINKEDIN, GERMAN, UKRAINIAN, ICONS_AND_SPACED) for ln in cv.split("\n")]
    pool += ["•", "x@y", "http://", "2021 – 2019", "31/02/2021", "Skills:", "—", "a" * 300, "Page 1 of 2", "()"]
    links = ["https://github.com/a", "mailto:a@b.co", "tel:+123456789", "ftp://z", "https://x.com/b"]
    rng = random.Random(7)
    for _ in range(150):
        text = "\n".join(rng.choices(pool, k=rng.randint(3, 50)))
        lines = [
            Line(ln.text, bold=rng.random() < 0.2, size=rng.choice([0, 9, 14]), gap_before=ln.gap_before,
                 links=tuple(rng.sample(links, k=rng.randint(0, 1))))
            for ln in read_text(text + "\nx").lines
        ]  # fmt: skip
        build(ReadDocument("pdf", lines, 1, rng.choice([0, 9]), ["https://github.com/q"]))


def reader_lines(resume: Resume, language: str) -> ReadDocument:
    """What a layout-aware reader makes of our page: the look of each line as our stylesheet sets it, dates
    joined to their title by a tab, bullets by their glyph, links on the lines that hold them."""
    doc = build_document(resume, language)
    lines = [Line(doc.name, size=22, bold=True), Line(doc.label, size=12)]
    lines.append(
        Line(" · ".join(c.text for c in doc.contact), size=9.5, links=tuple(c.href for c in doc.contact if c.href))
    )

    def heading(text: str) -> None:
        lines.append(Line(text.upper(), size=11, bold=True, gap_before=1.0))

    heading(doc.summary_heading)
    lines.append(Line(doc.summary, size=10))
    for section in doc.sections:
        heading(section.heading)
        if section.inline:
            lines.append(Line(" · ".join(section.inline), size=10))
        lines += [Line(f"{label} {items}".strip(), size=10) for label, items in section.groups]
        for e in section.entries:
            lines.append(Line(e.title + (f"\t{e.date}" if e.date else ""), size=10, bold=True, gap_before=0.4))
            sub = " · ".join(x for x in (e.subtitle, e.link.text if e.link else "") if x)
            if sub:
                lines.append(Line(sub, size=9.5, links=(e.link.href,) if e.link and e.link.href else ()))
            lines += [Line(text, size=10) for text in (e.description, e.summary) if text]
            lines += [Line(f"• {b}", size=10) for b in e.bullets] + [Line(x, size=10) for x in e.extras]
    return ReadDocument("pdf", [line for line in lines if line.text], 1, 10.0)


def _comparable(cv: dict[str, Any], section: str) -> list[dict[str, Any]]:
    """A section as a page can show it: dates to the month, no x- fields, URLs without scheme or slash."""
    out = []
    for entry in cv.get(section, []):
        item = {}
        for key, value in entry.items():
            if key.startswith("x-") or key in ("type", "roles", "entity"):
                continue
            if key in DERIVED - {"network"}:
                value = value[:7]
            if key == "url":
                value = re.sub(r"^https?://(www\.)?", "", value).rstrip("/")
            item[key] = value
        out.append(item)
    return out


FIXTURES = ["tests/fixtures/full_resume.json", "tests/fixtures/jsonresume_sample.json",
            "bench/fixtures/ats_cv_backend_strong.json", "bench/fixtures/ats_cv_marketing.json"]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "de", "fr", "es", "uk"])
@pytest.mark.parametrize("fixture", FIXTURES)
def test_our_page_read_with_its_look_round_trips_every_section(fixture: str, language: str) -> None:
    want = Resume.model_validate(json.loads((ROOT / fixture).read_text(encoding="utf-8"))).to_json()
    result = build(reader_lines(Resume.model_validate(want), language))
    got = result.document
    for key in ("name", "label", "email", "phone", "summary"):
        assert got["basics"].get(key) == want["basics"].get(key), key

    def profiles(cv: dict[str, Any]) -> list[tuple[str, str]]:
        return sorted((p.get("url") or "", "" if p.get("url") else p.get("username", "")) for p in cv["basics"].get(
            "profiles", []))  # fmt: skip

    assert profiles(got) == profiles(want)  # one printed as "Twitter: neutralthoughts" comes back with its username
    for section in ("work", "volunteer", "education", "skills", "languages", "certificates", "awards",
                    "publications", "interests", "references"):  # fmt: skip
        assert _comparable(got, section) == _comparable(want, section), section
    assert result.unplaced == [] and result.uncertain == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Work Experience", "work"), ("Employment History", "work"), ("Beruflicher Werdegang", "work"),
        ("Parcours professionnel", "work"), ("Experiencia laboral", "work"), ("ДОСВІД РОБОТИ", "work"),
        ("E X P E R I E N C E", "work"), ("W O R K  E X P E R I E N C E", "work"), ("## Berufserfahrung:", "work"),
        ("Studium", "education"), ("Formación", "education"), ("Освіта", "education"),
        ("Core Competencies", "skills"), ("**Compétences**", "skills"), ("Навички:", "skills"),
        ("Sprachen", "languages"), ("Zertifikate", "certificates"), ("Honors", "awards"),
        ("Publications", "publications"), ("Bénévolat", "volunteer"), ("Hobbies", "interests"),
        ("Centres d’intérêt", "interests"), ("Referees", "references"), ("Über mich", "summary"),
        ("Про мене", "summary"), ("Perfil", "summary"), ("Kontakt", "contact"), ("Контакти", "contact"),
    ],
)  # fmt: skip
def test_headings_in_five_languages_and_their_disguises(text: str, key: str) -> None:
    assert heading_key(text) == key


def test_a_heading_word_inside_a_sentence_is_no_heading() -> None:
    assert heading_key("Experience with payment systems at scale") is None
    assert inline_heading("Languages: English, German") == ("languages", "English, German")
    assert inline_heading("Experience: 5 years") == ("work", "5 years")  # the builder takes it only for lists
