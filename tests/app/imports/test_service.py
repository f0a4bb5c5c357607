"""The import service: the type from the content, the readers in a limited child, the limits, the summary."""

from __future__ import annotations

from typing import Any

import pytest

from app.cv.model import Resume
from app.errors import InvalidInput
from app.imports.document import ImportResult
from app.imports.service import (
    describe_import,
    import_bytes,
    import_pasted,
    looks_like_pasted_cv,
    read_cv_file,
    refuse_empty,
    source_summary,
)
from app.llm.base import ProviderError
from app.uploads import extract_text, sniff
from tests.import_files import (
    HEIC,
    JPEG,
    OLD_DOC,
    PASTED_CV,
    PNG,
    WEBP,
    full_docx,
    full_pdf,
    linkedin_zip,
    pages_pdf,
    zip_of,
)


def test_our_own_pdf_and_docx_import_in_process(settings: Any) -> None:
    for name, data, kind in (("cv.pdf", full_pdf(), "pdf"), ("cv.docx", full_docx(), "docx")):
        result = import_bytes(name, data, settings)
        assert result.kind == kind
        assert result.document["basics"]["name"] == "Maria Kowalska"
        assert result.document["basics"]["email"] == "maria.k@example.com"
        # With the real structure builder (app/imports/structure.py): the jobs and the school.
        companies = [job.get("name") for job in result.document.get("work", [])]
        assert companies == ["PayFlow GmbH", "SearchWorks"], (name, companies)
        assert [e.get("institution") for e in result.document.get("education", [])] == ["University of Warsaw"]


def test_the_child_reads_what_the_process_reads(settings: Any) -> None:
    """The same result through the sandbox (JSON across the boundary) as in process."""
    file = sniff("cv.pdf", full_pdf(), settings.max_upload_bytes)
    assert read_cv_file(file, settings) == import_bytes("cv.pdf", full_pdf(), settings)


def test_a_linkedin_export_is_sniffed_and_read(settings: Any) -> None:
    assert sniff("Basic_LinkedInDataExport.zip", linkedin_zip(), 10**7).kind == "linkedin"
    assert sniff("anything.bin", linkedin_zip(), 10**7).kind == "linkedin"  # the content decides, not the name
    result = import_bytes("export.zip", linkedin_zip(), settings)
    assert result.kind == "linkedin"
    assert result.document["basics"]["name"] == "Maria Kowalska"
    assert [job["name"] for job in result.document["work"]] == ["PayFlow GmbH", "Allegro"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PNG, "cv.pdf is a picture (PNG); I read CVs as PDF, Word (.docx), LinkedIn export (.zip) or text"),
        (JPEG, "is a picture (JPEG)"),
        (b"GIF89a" + b"\x00" * 16, "is a picture (GIF)"),
        (HEIC, "is a picture (HEIC)"),
        (WEBP, "is a picture (WebP)"),
        (OLD_DOC, "old Word document (.doc)"),
        (zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "OpenDocument"),
        (zip_of({"Index/Document.iwa": b"\x00", "Metadata/Properties.plist": b"x"}), "Apple Pages"),
        (zip_of({"photos/a.txt": b"x"}), "neither a Word document nor a LinkedIn data export"),
        (b"PK\x03\x04not really a zip", "damaged ZIP archive"),
        (b"", "cv.pdf is empty"),
        (b"%PDF-1.7\n" + b"x" * 3_000_000, "the limit is 2 MB"),
    ],
)
def test_what_is_not_a_cv_file_is_named(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match="If it is a photo of a CV" if data in (PNG,) else None) as raised:
        sniff("cv.pdf", data, 2_000_000)
    assert message in raised.value.message


def test_a_cv_has_a_page_limit_of_its_own(settings: Any) -> None:
    twelve = pages_pdf(12)
    with pytest.raises(InvalidInput) as raised:
        import_bytes("long.pdf", twelve, settings)
    assert "12 pages" in raised.value.message and "10" in raised.value.message
    # A job ad of twelve pages is still read: its limit is ALTOC_PARSE_MAX_PAGES.
    with pytest.raises(InvalidInput, match="no text I can read"):
        extract_text(sniff("ad.pdf", twelve, 10**7), settings)
    roomy = settings.model_copy(update={"import_max_pages": 20})
    with pytest.raises(InvalidInput) as raised:
        import_bytes("long.pdf", twelve, roomy)
    assert "pages" not in raised.value.message  # refused for having no text now, not for its length
    assert "has no text layer" in raised.value.message  # blank pages: nothing was sent to OCR


async def test_pasted_text_and_its_detection(settings: Any) -> None:
    assert looks_like_pasted_cv(PASTED_CV)
    assert looks_like_pasted_cv(PASTED_CV.replace("Here is my CV:\n", ""))  # contacts and two headings
    job_ad = "We are hiring!\nBackend Engineer\nRequirements\nExperience with Python\nEducation: any\nApply now"
    assert not looks_like_pasted_cv(job_ad)
    assert not looks_like_pasted_cv("Here is my CV: Olena, developer")  # one line: a message, not a CV
    result = await import_pasted(PASTED_CV, settings)
    assert result.kind == "text"
    assert result.document["basics"]["email"] == "olena.shevchenko@example.com"
    with pytest.raises(InvalidInput, match="no text to import"):
        await import_pasted("  \n ", settings)


def test_the_summary_quotes_what_could_not_be_placed() -> None:
    resume = Resume.model_validate(
        {"basics": {"name": "Maria Kowalska"}, "work": [{"name": "A"}, {"name": "B"}], "skills": [{"name": "Go"}]}
    )
    unplaced = [f"line {n}" for n in range(11)]
    result = ImportResult(resume.to_json(), "pdf", unplaced=unplaced, dropped=["Google"], notes=["Read by OCR."])
    text = describe_import(result, resume, "cv.pdf", "1a2b3c4d")
    assert text.startswith("Imported Maria Kowalska from cv.pdf as CV 1a2b3c4d: 2 jobs and 1 skill.")
    assert "“line 0”; “line 1”" in text and "“line 7” and 3 more." in text and "line 8" not in text
    assert "“Google”" in text and text.endswith("Read by OCR.")
    assert source_summary("cv.pdf", "pdf") == "Imported cv.pdf (PDF)"


def test_an_import_that_found_nothing_is_refused() -> None:
    with pytest.raises(InvalidInput, match="I found nothing I could use in scan.pdf"):
        refuse_empty(ImportResult({"basics": {}, "work": []}, "pdf"), "scan.pdf")
    refuse_empty(ImportResult({"basics": {"name": "Maria"}}, "pdf"), "cv.pdf")


async def test_the_model_sees_only_readable_text_and_its_failure_keeps_the_offline_reading(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    async def refine(draft: ImportResult, source_text: str, settings: Any, gate: Any = None) -> ImportResult:
        asked.append(source_text)
        raise ProviderError("503 from the provider", retryable=True)

    monkeypatch.setattr("app.imports.model.refine_with_model", refine)
    unreadable = "\n".join(["•  ·  •", "— — —", "★ ★ ★", "| | |", "· · ·", "…"])
    offline = await import_pasted(unreadable, settings, refine=True)
    assert asked == [] and offline.notes == []
    result = await import_pasted(PASTED_CV, settings, refine=True)
    assert len(asked) == 1 and "olena.shevchenko@example.com" in asked[0]
    assert result.document["basics"]["email"] == "olena.shevchenko@example.com"
    assert result.notes == ["The language model did not answer, so this is what I read without it."]
