"""Exports: every design and paper, read back as an ATS would; injection, pagination, unicode, DOCX, errors."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.cv.model import Resume
from app.errors import InvalidInput
from app.render import FORMATS, LANGUAGES, check_pdf_text, list_templates, render_cv, render_preview_png
from app.render.check import check_text, pdf_text
from app.render.document import build_document
from app.render.docx_export import docx_text
from app.render.pdf import renderer

FULL = Resume.model_validate(json.loads((Path(__file__).parents[2] / "fixtures" / "full_resume.json").read_text()))
TEMPLATES = [t.name for t in list_templates()]


@pytest.fixture(scope="module")
def pdfs() -> dict[tuple[str, str], Any]:
    return {(t, p): render_cv(FULL, "pdf", template=t, paper=p) for t in TEMPLATES for p in ("a4", "letter")}


def test_four_designs_are_offered() -> None:
    assert TEMPLATES == ["classic", "modern", "compact", "academic"]
    assert all(len(t.description) > 20 for t in list_templates())


@pytest.mark.parametrize("template", ["classic", "modern", "compact", "academic"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_field_reads_back_in_order(pdfs: dict[tuple[str, str], Any], template: str, paper: str) -> None:
    rendered = pdfs[(template, paper)]
    assert rendered.check.ok, rendered.check.summary()
    assert rendered.check.checked >= 75
    assert rendered.filename == f"Maria_Kowalska_CV_{template}.pdf" and rendered.mime == "application/pdf"
    text = " ".join(pdf_text(rendered.data))
    # Spot-check what a recruiter looks for, independently of the checker.
    for field in ("maria.k@example.com", "+48 600 123 456", "PayFlow GmbH", "Mar 2021 – Present", "Kubernetes, AWS"):
        assert field in text


def test_page_sizes_metadata_links_and_fonts(pdfs: dict[tuple[str, str], Any]) -> None:
    import pypdfium2

    a4 = pypdfium2.PdfDocument(pdfs[("classic", "a4")].data)
    letter = pypdfium2.PdfDocument(pdfs[("classic", "letter")].data)
    assert [round(x) for x in a4[0].get_size()] == [595, 842]
    assert [round(x) for x in letter[0].get_size()] == [612, 792]
    meta = a4.get_metadata_dict()
    assert meta["Title"] == "Maria Kowalska — CV" and meta["Author"] == "Maria Kowalska"
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdfs[("classic", "a4")].data)) as pdf:
        links = {link["uri"] for link in pdf.pages[0].hyperlinks}
        fonts = {char["fontname"].split("+")[-1] for char in pdf.pages[0].chars}
    assert {"mailto:maria.k@example.com", "https://linkedin.com/in/mariak", "tel:+48600123456"} <= links
    assert fonts and all(f.startswith("Source-Sans-3") for f in fonts), f"only the design's font, not {fonts}"
    assert pdfs[("compact", "a4")].pages == 1  # a full career on one page


def test_no_ligatures_or_hyphenation_break_words() -> None:
    resume = Resume.model_validate(
        {
            "basics": {"name": "Fiona Affleck"},
            "work": [
                {
                    "name": "Official Offices",
                    "highlights": ["Efficiently refactored financial workflows affecting fifty-five offices " * 3],
                }
            ],
        }  # fmt: skip
    )
    rendered = render_cv(resume, "pdf")
    text = " ".join(pdf_text(rendered.data))
    assert "Efficiently refactored financial" in text and "\ufb01" not in text and "\ufb00" not in text
    assert rendered.check.ok


INJECTION = {
    "basics": {
        "name": "<script>alert(1)</script> Eve",
        "label": '<link rel="attachment" href="file:///etc/passwd">',
        "summary": '<style>body{display:none}</style> <img src="file:///etc/passwd"> url(http://evil.example/x)',
        "url": 'https://evil.example/"><script>x</script>',
        "image": "https://evil.example/tracker.png",
    },
    "work": [{"name": "<b>Bold</b> & Co", "highlights": ["@import url('file:///etc/passwd');", "&lt;i&gt;"]}],
    "x-html": "<link rel=attachment href=file:///etc/passwd>",
}


@pytest.mark.parametrize("fmt", ["pdf", "html", "md", "docx"])
def test_injected_markup_stays_literal_text_and_nothing_is_fetched(fmt: str) -> None:
    fetcher = renderer().fetcher
    fetcher.refused.clear()
    rendered = render_cv(Resume.model_validate(INJECTION), fmt)
    assert b"root:x:0:0" not in rendered.data
    if fmt == "pdf":
        assert b"/EmbeddedFile" not in rendered.data and b"/FileAttachment" not in rendered.data
        assert fetcher.refused == []  # no request was even attempted
        assert rendered.check.ok, rendered.check.summary()
        text = " ".join(pdf_text(rendered.data))
        assert "<script>alert(1)</script> Eve" in text and "<style>body{display:none}</style>" in text
        assert "@import url('file:///etc/passwd');" in text
    elif fmt == "html":
        html = rendered.data.decode()
        assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Eve" in html
        assert "<img" not in html and "<link" not in html and "tracker.png" not in html
        assert not re.search(r"(src|href)=\"(file|http://)", html)
    elif fmt == "md":
        assert "\\<script\\>" in rendered.data.decode()
    else:
        assert "<b>Bold</b> & Co" in docx_text(rendered.data)


def test_file_urls_are_not_valid_cv_links() -> None:
    with pytest.raises(ValueError, match="url"):
        Resume.model_validate({"basics": {"image": "file:///etc/passwd"}})


def test_long_cv_paginates_without_orphaned_titles() -> None:
    jobs = [
        {
            "name": f"Company {i}",
            "position": f"Engineer level {i}",
            "startDate": f"{2000 + i}-01",
            "endDate": f"{2001 + i}-01",
            "highlights": [
                f"Delivered project {i}.{j} that improved throughput by {j * 7}% across the platform" for j in range(9)
            ],
        }
        for i in range(24)
    ]
    resume = Resume.model_validate({"basics": {"name": "Long Career"}, "work": jobs})
    rendered = render_cv(resume, "pdf", template="classic")
    assert rendered.pages is not None and rendered.pages >= 6
    assert rendered.check.ok, rendered.check.summary()
    pages = pdf_text(rendered.data)
    for i in range(24):
        title = f"Engineer level {i} "
        first_bullet = f"Delivered project {i}.0 "
        on_page = [n for n, page in enumerate(pages) if title in page.replace("\r\n", " ")]
        bullet_page = [n for n, page in enumerate(pages) if first_bullet in page.replace("\r\n", " ")]
        assert on_page == bullet_page, f"job {i}: title on page {on_page}, first bullet on page {bullet_page}"


def test_unicode_names_survive_the_round_trip() -> None:
    resume = Resume.model_validate(
        {
            "basics": {"name": "Łucja Żółć-Nowak", "label": "Ingénieure — Straße", "summary": "Олена Шевченко, Київ."},
            "work": [
                {
                    "name": "王小明 科技有限公司",
                    "position": "プロジェクトマネージャー",
                    "highlights": ["김민준 팀과 협업"],
                }
            ],
            "skills": [{"name": "Ελληνικά"}],
        }
    )
    rendered = render_cv(resume, "pdf", template="modern")
    assert rendered.check.ok, rendered.check.summary()
    text = " ".join(pdf_text(rendered.data))
    for value in (
        "Łucja Żółć-Nowak",
        "Straße",
        "Олена Шевченко",
        "王小明",
        "プロジェクトマネージャー",
        "김민준",
        "Ελληνικά",
    ):
        assert value in text
    assert rendered.filename == "Lucja_Zolc-Nowak_CV_modern.pdf"


def test_docx_has_the_same_text_in_the_same_order() -> None:
    import docx

    rendered = render_cv(FULL, "docx", paper="letter")
    expected = build_document(FULL, "en").expected_fields()
    assert check_text(expected, docx_text(rendered.data)).ok
    document = docx.Document(io.BytesIO(rendered.data))
    assert document.core_properties.author == "Maria Kowalska"
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and "Heading 1" in styles and "List Bullet" in styles


def test_html_is_self_contained_and_markdown_reads_well() -> None:
    html = render_cv(FULL, "html", template="modern").data.decode()
    assert "<style>" in html and "url(" not in html and "<script" not in html
    assert '<a href="mailto:maria.k@example.com">' in html
    md = render_cv(FULL, "md").data.decode()
    assert md.startswith("# Maria Kowalska\n")
    assert "### Staff Engineer — Mar 2021 – Present" in md and "- Cut p99 latency from 900 ms to 120 ms" in md
    assert render_cv(FULL, "json").data.decode() == json.dumps(FULL.to_json(), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    ("language", "heading", "present", "march"),
    [
        ("en", "Experience", "Present", "Mar 2021"),
        ("de", "Berufserfahrung", "heute", "März 2021"),
        ("fr", "Expérience professionnelle", "aujourd'hui", "mars 2021"),
        ("es", "Experiencia profesional", "actualidad", "mar. 2021"),
        ("uk", "Досвід роботи", "дотепер", "берез. 2021"),
    ],
)
def test_headings_and_dates_follow_the_language(language: str, heading: str, present: str, march: str) -> None:
    rendered = render_cv(FULL, "pdf", template="compact", language=language)
    text = " ".join(pdf_text(rendered.data))
    assert heading.upper() in text  # compact shows headings in capitals
    assert f"{march} – {present}" in text
    assert rendered.check.ok


def test_language_is_detected_from_the_cv() -> None:
    german = Resume.model_validate(
        {
            "basics": {
                "name": "Max",
                "summary": "Ich bin Entwickler mit zehn Jahren Erfahrung und der Leidenschaft für die Arbeit im Team.",
            }
        }
    )
    assert "PROFIL" in " ".join(pdf_text(render_cv(german, "pdf").data))
    ukrainian = Resume.model_validate(
        {"basics": {"name": "Олена", "summary": "Інженерка з досвідом роботи у фінансах."}}
    )
    assert "ПРОФІЛЬ" in " ".join(pdf_text(render_cv(ukrainian, "pdf", template="classic").data))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"template": "fancy"}, "Unknown template 'fancy'. Choose one of: classic, modern, compact, academic."),
        ({"fmt": "odt"}, "Unknown format 'odt'"),
        ({"language": "pl"}, "Unknown language 'pl'"),
        ({"paper": "a3"}, "Unknown paper size 'a3'"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        render_cv(FULL, **kwargs)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_cv_cannot_be_exported(fmt: str) -> None:
    with pytest.raises(InvalidInput, match="The CV is empty"):
        render_cv(Resume.model_validate({"meta": {"version": "1"}}), fmt)


def test_preview_and_checking_any_pdf(pdfs: dict[tuple[str, str], Any]) -> None:
    from PIL import Image

    png = render_preview_png(pdfs[("modern", "a4")].data, width=600)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] == 600 and image.size[1] > 800
    other = Resume.model_validate({"basics": {"name": "Somebody Else"}})
    check = check_pdf_text(other, pdfs[("modern", "a4")].data)
    assert not check.ok and check.missing == ["your name"]
    assert check.summary() == "ATS check failed: an ATS could not read your name."
    assert set(LANGUAGES) == {"en", "de", "fr", "es", "uk"}
