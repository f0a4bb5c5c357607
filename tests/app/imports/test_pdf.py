"""The PDF reader on real PDFs: every design of ours, a sidebar CV and a one-column CV printed by Chromium, and
the PDFs people send by mistake (locked, broken, too long, scanned)."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from app.cv.model import Resume
from app.errors import InvalidInput
from app.imports.document import ReadDocument
from app.imports.pdf import OCR_INSTALL, read_pdf
from app.render import render_cv
from app.render.designs import DESIGNS
from app.uploads import DocumentLimits
from tests.import_files import encrypted_pdf
from tests.webclient import CHROMIUM, CHROMIUM_ARGS

FULL = Resume.model_validate(json.loads((Path(__file__).parents[2] / "fixtures" / "full_resume.json").read_text()))
LIMITS = DocumentLimits()


@pytest.fixture(scope="session")
def design_pdfs() -> dict[str, tuple[bytes, int]]:
    rendered = {name: render_cv(FULL, "pdf", template=name) for name in DESIGNS}
    return {name: (file.data, file.pages or 0) for name, file in rendered.items()}


def _index(doc: ReadDocument, text: str) -> int:
    """The first line that holds this text."""
    return next(i for i, line in enumerate(doc.lines) if text in line.text)


@pytest.mark.parametrize("design", list(DESIGNS))
def test_every_design_reads_as_the_cv_shows_it(design_pdfs: dict[str, tuple[bytes, int]], design: str) -> None:
    data, pages = design_pdfs[design]
    doc = read_pdf(data, f"{design}.pdf", LIMITS)
    assert doc.kind == "pdf" and doc.pages == pages
    texts = [line.text for line in doc.lines]
    # The name is set biggest, and first.
    biggest = max(doc.lines, key=lambda line: line.size)
    assert biggest.text == "Maria Kowalska" and doc.lines[0] is biggest
    assert doc.body_size and biggest.size > 1.5 * doc.body_size
    # Headings stand out: bold or in capitals, and with space above them.
    for heading in ("Experience", "Education", "Skills", "Languages"):
        line = next(line for line in doc.lines if line.text.lower() == heading.lower())
        assert line.bold or line.text.isupper(), line
        assert line.gap_before > 0.4, line
    # The CV's order: within each section, entries as they are in the CV.
    experience = next(i for i, t in enumerate(texts) if t.lower() == "experience")
    assert (
        experience
        < _index(doc, "PayFlow GmbH, Berlin")
        < _index(doc, "Designed the ledger")
        < _index(doc, "SearchWorks")
    )
    assert _index(doc, "SearchWorks") < _index(doc, "Built the indexing pipeline")
    assert next(i for i, t in enumerate(texts) if t.lower() == "education") < _index(doc, "University of Warsaw")
    # A title and its dates, set at both ends of one line, are one line with a tab between them.
    assert "Staff Engineer\tMar 2021 – Present" in texts
    assert "Senior Backend Developer\tJan 2017 – Feb 2021" in texts
    title = doc.lines[texts.index("Senior Backend Developer\tJan 2017 – Feb 2021")]
    assert title.bold and title.x1 > 500 and title.column == 0
    # Words are whole, and nothing of pdfium's own markers is left.
    assert "Cut p99 latency from 900 ms to 120 ms" in " ".join(texts)
    assert not any(c in t for t in texts for c in "\r\n\x02\ufffe")
    # Links sit on the lines that show them.
    assert "https://github.com/mariak" in doc.links and "mailto:maria.k@example.com" in doc.links
    assert "https://uw.edu.pl" in doc.lines[_index(doc, "University of Warsaw")].links


def test_a_document_crosses_the_sandbox_as_json(design_pdfs: dict[str, tuple[bytes, int]]) -> None:
    doc = read_pdf(design_pdfs["classic"][0], "classic.pdf", LIMITS)
    assert ReadDocument.from_json(json.loads(json.dumps(doc.to_json()))) == doc


# Chromium-printed CVs: the layouts other CV tools make (no space characters, icons from an icon font, links).

_FONTS_CSS = """
@font-face {{ font-family: "FA"; src: url("{solid}"); }}
@font-face {{ font-family: "FAB"; src: url("{brands}"); }}
@font-face {{ font-family: "Lato"; src: url("{regular}"); }}
@font-face {{ font-family: "Lato"; font-weight: bold; src: url("{bold}"); }}
"""

SIDEBAR_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>{fonts}
@page {{ size: A4; margin: 0; }}
body {{ margin: 0; font-family: Lato; font-size: 10pt; }}
.wrap {{ display: flex; min-height: 297mm; }}
aside {{ width: 62mm; background: #234; color: white; padding: 12mm 6mm; box-sizing: border-box; }}
main {{ flex: 1; padding: 12mm 10mm; }}
h1 {{ font-size: 24pt; margin: 0 0 2mm; }} h2 {{ font-size: 12pt; text-transform: uppercase; margin: 6mm 0 2mm; }}
.i {{ font-family: FA; }} .b {{ font-family: FAB; }} a {{ color: inherit; text-decoration: none; }}
p {{ margin: 0 0 1mm; }} ul {{ margin: 0; padding-left: 5mm; }}
.row {{ display: flex; justify-content: space-between; font-weight: bold; }}
</style></head><body><div class="wrap"><aside>
<h2>Contact</h2>
<p><span class="i">&#xf0e0;</span> <a href="mailto:olena.test@example.com">olena.test@example.com</a></p>
<p><span class="i">&#xf095;</span> +380 44 123 4567</p>
<p><span class="i">&#xf3c5;</span> Kyiv, Ukraine</p>
<p><a href="https://www.linkedin.com/in/olenatest"><span class="b">&#xf08c;</span></a>
<a href="https://github.com/olenatest"><span class="b">&#xf09b;</span></a></p>
<h2>Skills</h2>
<p>Python, Django, PostgreSQL</p><p>Kubernetes and Terraform</p><p>Data modelling</p>
<h2>Languages</h2>
<p>Ukrainian (native)</p><p>English (fluent)</p><p>German (basic)</p>
</aside><main>
<h1>Olena Test</h1><p>Senior Python Developer</p>
<h2>Experience</h2>
<div class="row"><span>Backend Engineer, Nova Logistics</span><span>03/2020 – present</span></div>
<ul><li>Built the routing service that plans twelve thousand deliveries a day across the country</li>
<li>Moved the billing system from a monolith to three services with no downtime</li></ul>
<div class="row"><span>Python Developer, Kvitka Studio</span><span>2016 – 2020</span></div>
<ul><li>Wrote the booking backend for forty hotels</li></ul>
<h2>Education</h2>
<div class="row"><span>Kyiv Polytechnic Institute, Computer Science</span><span>2012 – 2016</span></div>
</main></div></body></html>"""

SIDEBAR_TEXT = ("CONTACT", "olena.test@example.com", "+380 44 123 4567", "Kyiv, Ukraine", "SKILLS",
                "Python, Django", "Kubernetes and Terraform", "Data modelling", "LANGUAGES", "Ukrainian", "English",
                "German")  # fmt: skip
MAIN_TEXT = ("Olena Test", "Senior Python Developer", "EXPERIENCE", "Nova Logistics", "routing service", "country",
             "billing system", "Kvitka Studio", "booking backend", "EDUCATION", "Polytechnic")  # fmt: skip

# One column, short lines only: the dates at the right edge are no column of their own. Two pages, with a
# running header and a page-number footer that the reader drops.
ONE_COLUMN_JOBS = "".join(
    f'<div class="row"><b>Data Engineer, Firm {i}</b><span>{2000 + i} – {2001 + i}</span></div>'
    f"<ul><li>Built ETL jobs</li><li>Ran Spark</li><li>Led {i + 2} people</li></ul>"
    for i in range(16)
)
ONE_COLUMN_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>{fonts}
body {{ margin: 0; font-family: Lato; font-size: 10pt; }}
h1 {{ font-size: 22pt; margin: 0; }} h2 {{ font-size: 12pt; margin: 5mm 0 2mm; }}
.row {{ display: flex; justify-content: space-between; }} ul {{ margin: 0 0 2mm; }}
</style></head><body><h1>Petro Test</h1><p>petro@example.com</p><h2>Experience</h2>{jobs}</body></html>"""
HEADER = '<div style="font-size: 9px; width: 100%; text-align: center;">Petro Test – Curriculum Vitae</div>'
FOOTER = (
    '<div style="font-size: 9px; width: 100%; text-align: center;">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


# A full-width header over a main column and a sidebar on the right, headings in spaced-out capitals,
# justified text, skills as tags.
LOREM = (
    "Led the migration of the payments platform to event sourcing, which cut reconciliation time from days to minutes"
)
RIGHT_SIDEBAR_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>{fonts}
body {{ margin: 0; font-family: Lato; font-size: 10pt; }} p {{ margin: 0 0 1mm; }}
header {{ text-align: center; border-bottom: 1px solid #999; }}
.cols {{ display: grid; grid-template-columns: 2fr 1fr; gap: 8mm; }}
h2 {{ font-size: 11pt; text-transform: uppercase; letter-spacing: 0.2em; }} .job b {{ display: block; }}
.tags span {{ display: inline-block; border: 1px solid #888; border-radius: 3px; padding: 1px 4px; margin: 2px; }}
</style></head><body><header><h1>Ivan Header</h1><p>ivan@example.com | +49 170 1234567 | Berlin</p></header>
<div class="cols"><div><h2>Work experience</h2>{jobs}</div><div><h2>Skills</h2><div class="tags"><span>Python</span>
<span>Go</span><span>Kafka</span><span>SQL</span><span>Docker</span></div><h2>Languages</h2><p>English – C2</p>
<p>German – B1</p><h2>Education</h2><p><b>TU Berlin</b></p><p>MSc Informatics</p></div></div></body></html>"""
RIGHT_SIDEBAR_JOBS = "".join(
    f"<div class='job'><b>Engineer {i} at Firm {i}</b><i>Jan 201{i} – Dec 201{i + 1}</i>"
    f"<p style='text-align: justify'>{LOREM}</p></div>"
    for i in range(4)
)
# Dates in a column of their own at the left, beside each entry (a Europass-like table).
DATES_LEFT_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>{fonts}
body {{ margin: 0; font-family: Lato; font-size: 10pt; }} table {{ width: 100%; }} td {{ vertical-align: top; }}
td.date {{ width: 35mm; }}</style></head><body><h1>Anna Europass</h1><p>anna@example.de</p><h2>Berufserfahrung</h2>
<table>{rows}</table><h2>Ausbildung</h2><table><tr><td class="date">2005 – 2010</td><td><b>LMU München</b><br>
Informatik</td></tr></table></body></html>"""
DATES_LEFT_ROWS = "".join(
    f'<tr><td class="date">03/201{i} – 02/201{i + 1}</td><td><b>Entwicklerin, Firma {i} GmbH</b><br>München'
    f"<ul><li>Aufbau der Plattform</li><li>{LOREM}</li></ul></td></tr>"
    for i in range(4)
)


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def chromium_pdfs(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[dict[str, bytes]]:
    """Both Chromium PDFs from one browser launch."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    import rendercv_fonts
    from playwright.async_api import async_playwright

    fonts = Path(rendercv_fonts.__file__).parent  # no resolve(): a blocking call in the event loop
    css = _FONTS_CSS.format(
        solid=(fonts / "Font Awesome 7" / "Font Awesome 7 Free-Solid-900.otf").as_uri(),
        brands=(fonts / "Font Awesome 7" / "Font Awesome 7 Brands-Regular-400.otf").as_uri(),
        regular=(fonts / "Lato" / "Lato-Regular.ttf").as_uri(),
        bold=(fonts / "Lato" / "Lato-Bold.ttf").as_uri(),
    )
    folder = tmp_path_factory.mktemp("chromium-cv")
    pages = {
        "sidebar": SIDEBAR_HTML.format(fonts=css),
        "right-sidebar": RIGHT_SIDEBAR_HTML.format(fonts=css, jobs=RIGHT_SIDEBAR_JOBS),
        "dates-left": DATES_LEFT_HTML.format(fonts=css, rows=DATES_LEFT_ROWS),
        "one-column": ONE_COLUMN_HTML.format(fonts=css, jobs=ONE_COLUMN_JOBS),
    }
    for name, html in pages.items():  # as files: file:// pages may load file:// fonts
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    margin = {"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto((folder / "sidebar.html").as_uri())
            pdfs = {"sidebar": await page.pdf(format="A4", print_background=True, prefer_css_page_size=True)}
            for name in ("right-sidebar", "dates-left"):
                await page.goto((folder / f"{name}.html").as_uri())
                pdfs[name] = await page.pdf(format="A4", margin=margin)
            await page.goto((folder / "one-column.html").as_uri())
            pdfs["one-column"] = await page.pdf(
                format="A4",
                display_header_footer=True,
                header_template=HEADER,
                footer_template=FOOTER,
                margin={"top": "20mm", "bottom": "20mm", "left": "18mm", "right": "18mm"},
            )
        finally:
            await browser.close()
    yield pdfs


@pytest.mark.browser
def test_a_sidebar_is_read_whole_before_the_main_column(chromium_pdfs: dict[str, bytes]) -> None:
    doc = read_pdf(chromium_pdfs["sidebar"], "sidebar.pdf", LIMITS)
    sides = []
    for line in doc.lines:
        in_sidebar = any(text in line.text for text in SIDEBAR_TEXT)
        in_main = any(text in line.text for text in MAIN_TEXT)
        assert not (in_sidebar and in_main), f"a line mixes the columns: {line.text!r}"
        if in_sidebar or in_main:
            sides.append("sidebar" if in_sidebar else "main")
    assert sides.count("sidebar") >= len(SIDEBAR_TEXT) - 1 and sides.count("main") >= len(MAIN_TEXT) - 2
    # Each column's lines come together: the sidebar's, then the main column's, never interleaved.
    assert sides == sorted(sides, key=lambda side: side != "sidebar"), sides
    assert {line.column for line in doc.lines if "Kyiv, Ukraine" in line.text} == {0}
    assert {line.column for line in doc.lines if "Nova Logistics" in line.text} == {1}
    texts = [line.text for line in doc.lines]
    # Chromium writes no spaces: words are parted by the gaps between letters.
    assert "Built the routing service that plans twelve thousand deliveries a day across the" in texts
    assert "Backend Engineer, Nova Logistics\t03/2020 – present" in texts
    # Chromium draws the list's discs as shapes: the items are marked, their second lines are not.
    assert [line.text[:20] for line in doc.lines if line.bullet] == [
        "Built the routing se",
        "Moved the billing sy",
        "Wrote the booking ba",
    ]
    # Icon glyphs leave the text; their lines stay, with their links.
    assert not any(0xE000 <= ord(c) <= 0xF8FF for text in texts for c in text)
    assert "Kyiv, Ukraine" in texts and "+380 44 123 4567" in texts
    email = doc.lines[texts.index("olena.test@example.com")]
    assert email.links == ("mailto:olena.test@example.com",)
    assert any(
        line.links == ("https://www.linkedin.com/in/olenatest", "https://github.com/olenatest") for line in doc.lines
    )
    assert doc.links == [
        "mailto:olena.test@example.com",
        "https://www.linkedin.com/in/olenatest",
        "https://github.com/olenatest",
    ]
    name = max(doc.lines, key=lambda line: line.size)
    assert name.text == "Olena Test" and name.bold
    assert next(line for line in doc.lines if line.text == "SKILLS").bold


@pytest.mark.browser
def test_dates_at_the_right_edge_of_a_one_column_cv_stay_on_their_lines(chromium_pdfs: dict[str, bytes]) -> None:
    doc = read_pdf(chromium_pdfs["one-column"], "one-column.pdf", LIMITS)
    assert doc.pages == 2
    assert {line.column for line in doc.lines} == {0}
    texts = [line.text for line in doc.lines]
    for i in range(16):
        assert f"Data Engineer, Firm {i}\t{2000 + i} – {2001 + i}" in texts
    assert texts.index("Data Engineer, Firm 3\t2003 – 2004") < texts.index("Led 5 people")
    # The running header and the page numbers are gone; the name stays once, as the CV's first line.
    assert not any("Page" in text or "Curriculum" in text for text in texts)
    assert texts[0] == "Petro Test" and texts.count("Petro Test") == 1


@pytest.mark.browser
def test_a_header_over_a_main_column_and_a_right_sidebar(chromium_pdfs: dict[str, bytes]) -> None:
    doc = read_pdf(chromium_pdfs["right-sidebar"], "right-sidebar.pdf", LIMITS)
    texts = [line.text for line in doc.lines]
    assert texts[:2] == ["Ivan Header", "ivan@example.com | +49 170 1234567 | Berlin"]
    # Capitals spaced out are still whole words; words of justified text are parted.
    assert "WORK EXPERIENCE" in texts and "SKILLS" in texts
    assert "Engineer 2 at Firm 2" in texts
    assert "Led the migration of the payments platform to event sourcing, which cut reconciliation time" in " ".join(
        texts
    )
    main = [i for i, t in enumerate(texts) if "Firm" in t or "migration" in t or t == "WORK EXPERIENCE"]
    side = [i for i, t in enumerate(texts) if any(w in t for w in ("Python", "English", "German", "TU Berlin"))]
    assert main and side and max(main) < min(side), texts
    assert not any("Firm" in t and ("Python" in t or "English" in t) for t in texts)


@pytest.mark.browser
def test_dates_in_a_column_at_the_left_stay_with_their_entries(chromium_pdfs: dict[str, bytes]) -> None:
    doc = read_pdf(chromium_pdfs["dates-left"], "dates-left.pdf", LIMITS)
    texts = [line.text for line in doc.lines]
    for i in range(4):
        assert f"03/201{i} – 02/201{i + 1}\tEntwicklerin, Firma {i} GmbH" in texts
        title = doc.lines[texts.index(f"03/201{i} – 02/201{i + 1}\tEntwicklerin, Firma {i} GmbH")]
        assert title.bold  # the look of the entry's title, not of its dates
    assert "2005 – 2010\tLMU München" in texts
    assert texts.index("Berufserfahrung") < texts.index("03/2010 – 02/2011\tEntwicklerin, Firma 0 GmbH")
    assert texts.index("Ausbildung") > texts.index("03/2013 – 02/2014\tEntwicklerin, Firma 3 GmbH")


# PDFs that cannot be read, each refused in words that say what to send instead.


def test_a_password_protected_pdf_is_refused_with_what_to_do() -> None:
    locked = encrypted_pdf()  # the standard security handler: the empty password does not open it
    with pytest.raises(InvalidInput, match=r"locked\.pdf is protected by a password; open it, save a copy without"):
        read_pdf(locked, "locked.pdf", LIMITS)


def test_a_damaged_pdf_is_refused(design_pdfs: dict[str, tuple[bytes, int]]) -> None:
    with pytest.raises(InvalidInput, match=r"broken\.pdf is a damaged PDF"):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 40, "broken.pdf", LIMITS)


def test_a_pdf_with_more_pages_than_an_import_reads_is_refused() -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument.new()
    for _ in range(4):
        pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(InvalidInput, match=r"long\.pdf has 4 pages; a CV import reads at most 3"):
        read_pdf(out.getvalue(), "long.pdf", DocumentLimits(pages=3))


def test_a_pdf_that_unpacks_past_the_limit_is_refused(design_pdfs: dict[str, tuple[bytes, int]]) -> None:
    with pytest.raises(InvalidInput, match=r"big\.pdf unpacks to more than"):
        read_pdf(design_pdfs["classic"][0], "big.pdf", DocumentLimits(unpacked_bytes=2_000))


@pytest.fixture(scope="session")
def scanned_pdf(design_pdfs: dict[str, tuple[bytes, int]]) -> bytes:
    """Page 1 of a CV as a picture in a PDF: what a scanner or a phone app makes."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(design_pdfs["classic"][0])
    try:
        image = pdf[0].render(scale=200 / 72).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=200)
    return out.getvalue()


def test_a_scan_without_ocr_says_what_to_send_instead(scanned_pdf: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.imports.pdf.shutil.which", lambda name: None)
    with pytest.raises(InvalidInput, match=r"scan\.pdf is a scanned image with no text layer") as refused:
        read_pdf(scanned_pdf, "scan.pdf", LIMITS)
    assert "Word document (.docx)" in str(refused.value) and "paste the text" in str(refused.value)


def test_a_scan_is_not_read_when_ocr_is_off(scanned_pdf: bytes) -> None:
    with pytest.raises(InvalidInput, match="no text layer"):
        read_pdf(scanned_pdf, "scan.pdf", LIMITS, ocr=False)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason=f"Tesseract is not installed ({OCR_INSTALL})")
def test_a_scan_is_read_by_ocr(scanned_pdf: bytes) -> None:
    doc = read_pdf(scanned_pdf, "scan.pdf", LIMITS)
    assert doc.kind == "ocr"
    text = "\n".join(line.text for line in doc.lines)
    assert "Maria Kowalska" in text and "PayFlow" in text
    assert all(line.size == 0 for line in doc.lines)


def test_a_scan_goes_to_tesseract_page_by_page(
    scanned_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The way to Tesseract and back, with a stand-in that says what a real one would."""
    from PIL import Image

    fake = tmp_path / "tesseract"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--list-langs" ]; then printf "List of languages (3):\\neng\\ndeu\\nosd\\n"; exit 0; fi\n'
        f'cp "$1" "{tmp_path}/seen.png"; echo "$@" > "{tmp_path}/args"\n'
        'printf "Maria Kowalska\\nStaff Engineer\\n\\nEXPERIENCE\\nStaff Engineer   Mar 2021 - Present\\n"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr("app.imports.pdf.shutil.which", lambda name: str(fake))
    doc = read_pdf(scanned_pdf, "scan.pdf", LIMITS)
    assert doc.kind == "ocr" and doc.pages == 1
    assert [line.text for line in doc.lines] == [
        "Maria Kowalska",
        "Staff Engineer",
        "EXPERIENCE",
        "Staff Engineer Mar 2021 - Present",
    ]
    assert [line.gap_before for line in doc.lines] == [0.0, 0.0, 1.0, 0.0]
    assert (tmp_path / "args").read_text().split()[1:] == ["stdout", "-l", "eng+deu"]
    with Image.open(tmp_path / "seen.png") as image:
        assert abs(image.width - 2480) < 10  # an A4 page at 300 dpi


def test_a_pdf_without_any_letters_is_refused() -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument.new()
    pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    with pytest.raises(InvalidInput, match=r"blank\.pdf has no text layer .* paste the text of your CV") as refused:
        read_pdf(out.getvalue(), "blank.pdf", LIMITS)  # a blank page is not sent to OCR, installed or not
    assert "OCR" not in refused.value.message


def test_ligatures_keep_every_letter_and_a_letter_drawn_twice_counts_once() -> None:
    """Typst draws "ff" as one glyph that pdfium gives as two letters in the same box; a shadow or fake bold
    draws a letter twice, a little apart."""
    typst = pytest.importorskip("typst")
    source = (
        "#set page(width: 12cm, height: 4cm)\n"
        "*Staff Engineer* at Affix Office\n\n"
        "#box[#place(dx: 0.3pt)[Shadow] Shadow]\n"
    )
    doc = read_pdf(typst.compile(source.encode()), "typst.pdf", LIMITS)
    texts = [line.text for line in doc.lines]
    assert texts[0] == "Staff Engineer at Affix Office", texts
    assert texts[1] == "Shadow", texts
