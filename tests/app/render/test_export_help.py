"""Exports that help: a thumbnail per design, the design in the file name, no word split at a line end,
and a failed parse-back check that names the field and a design that passes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from app.cv.model import Resume
from app.render import keep_compounds, render_cv
from app.render.check import check_text, pdf_text
from app.render.designs import DESIGNS, THUMBNAIL_WIDTH, Design
from app.render.document import Field

JANE = {"basics": {"name": "Jane Doe", "email": "jane@example.com"}}
COMPOUNDS = (
    "Led non-work cross-functional knowledge-transfer initiatives for customer-facing self-service onboarding, "
    "state-of-the-art well-being programmes and long-term decision-making frameworks. "
)


@pytest.mark.parametrize("name", list(DESIGNS))
def test_every_design_has_its_thumbnail(name: str) -> None:
    from PIL import Image

    png = DESIGNS[name].thumbnail()
    assert png is not None, f"no thumbnail for {name}: run scripts/make_thumbnails.py"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size[0] == THUMBNAIL_WIDTH and image.size[1] > image.size[0]


def test_a_design_without_a_drawn_thumbnail_has_none(tmp_path: Path) -> None:
    assert Design("sketch", "A test-only design.", "Lato", stylesheet=tmp_path / "x.css").thumbnail() is None


@pytest.mark.parametrize(
    ("fmt", "template", "name"),
    [
        ("html", "modern", "Jane_Doe_CV_modern.html"),
        ("md", "academic", "Jane_Doe_CV.md"),  # one look whatever the design: no design in the name
        ("json", "compact", "Jane_Doe_CV.json"),
    ],
)
def test_file_names_carry_the_design(fmt: str, template: str, name: str) -> None:
    assert render_cv(Resume.model_validate(JANE), fmt, template=template).filename == name


def test_academic_splits_no_word_at_a_hyphen() -> None:
    import pdfplumber

    resume = Resume.model_validate(
        {
            **JANE,
            "basics": {**JANE["basics"], "summary": COMPOUNDS * 3},
            "work": [{"name": "Monzo", "position": "Engineer", "startDate": "2020-01", "highlights": [COMPOUNDS * 2]}],
        }
    )
    rendered = render_cv(resume, "pdf", template="academic")
    assert rendered.filename == "Jane_Doe_CV_academic.pdf"
    assert rendered.check is not None and rendered.check.ok, rendered.check.summary()
    text = "\n".join(pdf_text(rendered.data))
    assert "\ufffe" not in text  # pdfium's mark for a hyphen at a line end
    with pdfplumber.open(io.BytesIO(rendered.data)) as pdf:
        lines = "\n".join(page.extract_text() for page in pdf.pages)
    assert lines.count("\n") > 8  # the compounds did wrap over many lines
    assert not re.findall(r"\w-\n", lines), "a word was split at a line end"
    assert "state-of-the-art" in text and "non-work" in text


def test_compounds_are_kept_in_text_only() -> None:
    html = '<head><title>Anne-Marie</title></head><body><a href="https://x.io/a-b">Anne-Marie &amp; co-op</a></body>'
    assert keep_compounds(html) == (
        '<head><title>Anne-Marie</title></head><body><a href="https://x.io/a-b">'
        'Anne<span class="compound">-M</span>arie &amp; co<span class="compound">-o</span>p</a></body>'
    )


def test_words_between_compounds_keep_their_spaces_for_every_parser() -> None:
    """Spans around whole compounds left the space between two of them outside any text run: pdfminer (which
    many ATS parsers use) read "open-sourcedouble-entry"."""
    import pdfplumber

    cv = Resume.model_validate({**JANE, "projects": [{"name": "Ledger", "description": "An open-source double-entry"}]})
    with pdfplumber.open(io.BytesIO(render_cv(cv, "pdf").data)) as pdf:
        assert "An open-source double-entry" in pdf.pages[0].extract_text()


def test_a_failed_check_names_the_field_and_a_design_that_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "datesless.css"
    sheet.write_text(".entry-date { display: none; }\n", encoding="utf-8")
    monkeypatch.setitem(DESIGNS, "datesless", Design("datesless", "Test only: hides dates.", "Lato", stylesheet=sheet))
    monzo = {"name": "Monzo", "position": "Backend Engineer", "startDate": "2021-03", "endDate": "2025-08"}
    rendered = render_cv(Resume.model_validate({**JANE, "work": [monzo]}), "pdf", template="datesless")
    assert rendered.check is not None and not rendered.check.ok
    assert rendered.check.missing == ["the dates of your job “Backend Engineer at Monzo”"]
    assert rendered.check.passing_design == "classic"
    assert rendered.check.summary() == (
        "ATS check failed: an ATS could not read the dates of your job “Backend Engineer at Monzo”. "
        "The Classic design reads back cleanly: try it."
    )


def test_the_message_names_two_fields_and_counts_the_rest_without_quoting_paragraphs() -> None:
    paragraph = "Built a ledger that settles two million payments a day across three regions. " * 5
    expected = [
        Field("Jane Doe", "your name"),
        Field("jane@example.com", "the email address"),
        Field(paragraph, "your summary"),
        Field("Mar 2021 – Aug 2025", "the dates of your job “Backend Engineer at Monzo”"),
        Field("Kafka", "the skill group “Kafka”"),
    ]
    check = check_text(expected, "Kafka\nJane Doe")
    assert check.summary() == (
        "ATS check failed: an ATS could not read the email address, your summary and 1 more field, "
        "and read the skill group “Kafka” out of order."
    )
    assert "ledger" not in check.summary()
    garbled = check_text([Field("Jane", "your name")], "Jane \ufffd")
    assert garbled.summary() == "ATS check failed: an ATS found garbled characters."
