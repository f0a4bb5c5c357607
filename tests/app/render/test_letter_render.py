"""The cover letter as PDF (in the CV's design, with the CV's header, on one page), DOCX and Markdown."""

from __future__ import annotations

import datetime
import io
import json
from functools import cache
from pathlib import Path

import pytest

from app.ats.analyze import analyze
from app.ats.job import extract_job
from app.cv.model import Resume
from app.errors import InvalidInput
from app.render import render_cv
from app.render.check import pdf_text
from app.render.designs import DESIGNS
from app.render.letter import letter_date, render_letter
from app.tailor.letter import Letter, compose_letter

FIXTURES = Path(__file__).parents[2] / "fixtures" / "letters"
LANGUAGES = ("en", "de", "fr", "es", "uk")


@cache
def letter_for(language: str) -> tuple[Resume, Letter]:
    data = json.loads((FIXTURES / f"{language}.json").read_text(encoding="utf-8"))
    resume = Resume.model_validate(data["cv"])
    job = analyze(resume, job=extract_job(data["ad"])).job
    today = datetime.date(2026, 11, 29)
    return resume, compose_letter(resume, job, company=data["company"], job_title=data["title"], today=today)


def flat(text: str) -> str:
    return " ".join(text.split())


def opening_words(paragraph: str) -> str:
    return " ".join(paragraph.split()[:4])


def test_the_pdf_reads_back_with_name_subject_and_every_paragraph() -> None:
    resume, letter = letter_for("en")
    rendered = render_letter(resume, letter, "pdf")
    assert rendered.mime == "application/pdf" and rendered.pages == 1
    assert rendered.filename == "Daniel_Reyes_Cover_Letter_Acme_Analytics.pdf"
    text = flat("\n".join(pdf_text(rendered.data)))
    for part in ("Daniel Reyes", letter.subject, "29 November 2026", letter.salutation, letter.closing):
        assert part in text
    for paragraph in letter.paragraphs:
        assert opening_words(paragraph) in text


def test_the_letter_has_the_cvs_header() -> None:
    resume, letter = letter_for("en")
    for design in ("classic", "modern"):
        cv_lines = pdf_text(render_cv(resume, "pdf", template=design).data)[0].splitlines()
        letter_lines = pdf_text(render_letter(resume, letter, "pdf", template=design).data)[0].splitlines()
        assert (
            letter_lines[:3]
            == cv_lines[:3]
            == [
                "Daniel Reyes",
                "Data Engineer",
                "daniel.reyes@example.com · +44 20 7946 0011 · London, GB",
            ]
        )


def test_a_300_word_letter_fits_one_page_in_every_design_and_paper() -> None:
    resume, letter = letter_for("fr")  # the longest closing formula
    words = " ".join(letter.paragraphs).split() * 3
    paragraphs = [" ".join(words[k * 58 : (k + 1) * 58]) for k in range(5)]
    letter = letter.model_copy(update={"paragraphs": paragraphs})
    assert 290 <= letter.word_count() <= 300
    for design in DESIGNS:
        for paper in ("a4", "letter"):
            assert render_letter(resume, letter, "pdf", template=design, paper=paper).pages == 1, (design, paper)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_reads_back(language: str) -> None:
    resume, letter = letter_for(language)
    text = flat("\n".join(pdf_text(render_letter(resume, letter, "pdf", template="compact").data)))
    assert letter.signature in text and letter.subject in text
    assert letter_date(letter.date, language) in text
    for paragraph in letter.paragraphs:
        assert opening_words(paragraph) in text, paragraph


def test_docx_has_the_header_subject_and_paragraphs() -> None:
    import docx

    resume, letter = letter_for("de")
    rendered = render_letter(resume, letter, "docx", paper="letter")
    assert rendered.filename == "Jonas_Becker_Cover_Letter_Hansa_Logistik_AG.docx"
    document = docx.Document(io.BytesIO(rendered.data))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["Jonas Becker", "Controller"]
    assert "29. November 2026" in texts and "Hansa Logistik AG" in texts
    subject = document.paragraphs[texts.index(letter.subject)]
    assert all(run.bold for run in subject.runs)
    assert texts[-len(letter.paragraphs) - 3 :] == [
        letter.salutation, *letter.paragraphs, letter.closing, letter.signature,
    ]  # fmt: skip


def test_markdown_has_the_same_text() -> None:
    resume, letter = letter_for("en")
    rendered = render_letter(resume, letter, "md")
    md = rendered.data.decode()
    assert rendered.filename.endswith(".md") and rendered.mime == "text/markdown"
    assert md.startswith("# Daniel Reyes\n")
    assert f"**{letter.subject}**" in md
    for paragraph in letter.paragraphs:
        assert f"\n\n{paragraph}\n\n" in md
    assert md.endswith("Kind regards,\n\nDaniel Reyes\n")


def test_markup_in_a_letter_stays_text() -> None:
    resume, letter = letter_for("en")
    hostile = letter.model_copy(update={"paragraphs": ["<b>bold</b> *star* [x](http://evil)", *letter.paragraphs[1:]]})
    md = render_letter(resume, hostile, "md").data.decode()
    assert r"\<b\>bold\</b\> \*star\* \[x\](http://evil)" in md
    text = flat("\n".join(pdf_text(render_letter(resume, hostile, "pdf").data)))
    assert "<b>bold</b>" in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "html"}, "Choose one of: pdf, docx, md"),
        ({"fmt": "json"}, "Choose one of: pdf, docx, md"),
        ({"template": "fancy"}, "Unknown template 'fancy'"),
        ({"paper": "a3"}, "Unknown paper size 'a3'"),
    ],
)
def test_bad_options_are_refused(kwargs: dict[str, str], message: str) -> None:
    resume, letter = letter_for("en")
    with pytest.raises(InvalidInput, match=message):
        render_letter(resume, letter, **kwargs)


def test_dates_in_each_language() -> None:
    assert letter_date("2026-03-05", "en") == "5 March 2026"
    assert letter_date("2026-03-05", "de") == "5. März 2026"
    assert letter_date("2026-03-05", "fr") == "5 mars 2026"
    assert letter_date("2026-03-05", "es") == "5 de marzo de 2026"
    assert letter_date("2026-03-05", "uk") == "5 березня 2026 р."
